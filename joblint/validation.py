"""Create-time validation of Job and CronJob, as the API server does it.

Run on the defaulted object (joblint.defaults), which is what the server validates. Every check
appends FieldErrors to a list, in the server's order, with the server's field paths, error types
and texts; nothing is raised. Rules, limits and messages follow pkg/apis/batch/validation,
pkg/apis/core/validation and the apimachinery validation helpers; where they changed between
releases, the target version decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import versions
from .defaults import (
    CONTROLLER_UID_LABEL,
    JOB_NAME_LABEL,
    LEGACY_CONTROLLER_UID_LABEL,
    LEGACY_JOB_NAME_LABEL,
)
from .apivalidation import (
    validate_label_selector_dict,
    GoValue,
    HTTP_PATH_FMT,
    HTTP_PATH_RE,
    byte_len,
    child_path,
    full_match,
    go_pointer,
    index_path,
    invalid_omit,
    key_path,
    too_long,
    too_many,
    go_int32_slice,
    go_string_map,
    go_string_slice,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_qualified_name,
    is_valid_label_value,
    regex_error,
    validate_nonnegative,
    validate_object_meta,
)
from .errors import (
    FieldError,
    duplicate,
    go_quote,
    invalid,
    not_supported,
    required,
)
from .model import (
    CronJob,
    CronJobSpec,
    Job,
    JobSpec,
    JobTemplateSpec,
    LabelSelector,
    ObjectMeta,
    PodFailurePolicyOnExitCodesRequirement,
    PodFailurePolicyOnPodConditionsPattern,
    PodFailurePolicyRule,
    PodSpec,
    PodTemplateSpec,
    SuccessPolicy,
    SuccessPolicyRule,
)

Errors = list[FieldError]

# ---------------------------------------------------------------------------------------------
# Limits (pkg/apis/batch/validation).

MAX_PARALLELISM_FOR_INDEXED_JOB = 100_000
MAX_FAILED_INDEXES_FOR_INDEXED_JOB = 100_000
COMPLETIONS_SOFT_LIMIT = 100_000
PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS = 10_000
MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS = 10_000
MAX_POD_FAILURE_POLICY_RULES = 20
MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES = 255
MAX_POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERNS = 20
MAX_MANAGED_BY_LENGTH = 63
MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024
MAX_SUCCESS_POLICY_RULES = 20
# CronJob names leave room for the 11-character suffix of the Jobs it creates.
MAX_CRONJOB_NAME_LENGTH = 63 - 11

POD_FAILURE_POLICY_ACTIONS = ["Count", "FailIndex", "FailJob", "Ignore"]
POD_FAILURE_POLICY_OPERATORS = ["In", "NotIn"]
CONDITION_STATUSES = ["False", "True", "Unknown"]
POD_REPLACEMENT_POLICIES = ["Failed", "TerminatingOrFailed"]
CONCURRENCY_POLICIES = ["Allow", "Forbid", "Replace"]

# ---------------------------------------------------------------------------------------------
# How Go prints the batch types in error messages.
def go_label_selector(sel: LabelSelector) -> str:
    if sel.match_expressions is None:
        exprs = "[]v1.LabelSelectorRequirement(nil)"
    else:
        items = [
            "v1.LabelSelectorRequirement{"
            f"Key:{go_quote(e.key or '')}, Operator:{go_quote(e.operator or '')}, "
            f"Values:{go_string_slice(e.values)}"
            "}"
            for e in sel.match_expressions
        ]
        exprs = "[]v1.LabelSelectorRequirement{" + ", ".join(items) + "}"
    return f"v1.LabelSelector{{MatchLabels:{go_string_map(sel.match_labels)}, MatchExpressions:{exprs}}}"


def go_success_policy(policy: SuccessPolicy) -> str:
    if policy.rules is None:
        rules = "[]batch.SuccessPolicyRule(nil)"
    else:
        items = [
            "batch.SuccessPolicyRule{"
            f"SucceededIndexes:{go_pointer('*string', r.succeeded_indexes)}, "
            f"SucceededCount:{go_pointer('*int32', r.succeeded_count)}"
            "}"
            for r in policy.rules
        ]
        rules = "[]batch.SuccessPolicyRule{" + ", ".join(items) + "}"
    return f"batch.SuccessPolicy{{Rules:{rules}}}"


# ---------------------------------------------------------------------------------------------
# Label selectors.


def validate_label_selector(sel: LabelSelector | None, path: str) -> Errors:
    return [] if sel is None else validate_label_selector_dict(sel.dump(), path)


def selector_matches(sel: LabelSelector | None, labels: Mapping[str, str] | None) -> bool | None:
    """Whether the selector (as the server converts it) matches the labels; None when the
    selector does not convert, in which case the server skips the check. A missing selector
    matches nothing, an empty one everything."""
    if sel is None:
        return False
    labels = labels or {}
    checks: list[tuple[str, str, list[str]]] = []
    for k, v in (sel.match_labels or {}).items():
        checks.append((k, "=", [v]))
    for expr in sel.match_expressions or []:
        op = expr.operator or ""
        if op not in ("In", "NotIn", "Exists", "DoesNotExist"):
            return None
        checks.append((expr.key or "", op, list(expr.values or [])))
    for key, op, values in checks:
        if is_qualified_name(key):
            return None
        if op in ("=", "In", "NotIn"):
            if not values or any(is_valid_label_value(v) for v in values):
                return None
        elif values:
            return None
    for key, op, values in checks:
        present = key in labels
        if op in ("=", "In"):
            ok = present and labels[key] in values
        elif op == "NotIn":
            ok = not present or labels[key] not in values
        elif op == "Exists":
            ok = present
        else:
            ok = not present
        if not ok:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Pod template (pkg/apis/core/validation: the parts a Job's template meets).


def validate_pod_template_spec(
    template: PodTemplateSpec, path: str, version: str, data: dict[str, Any] | None = None
) -> Errors:
    """`data` is the template in API JSON form when the caller has it already (never modified)."""
    from .pod import validate_pod_template

    return validate_pod_template(template.dump() if data is None else data, path, version)


def _template_data(stored: dict[str, Any] | None, *keys: str) -> dict[str, Any] | None:
    """The pod template inside an object's API JSON form, if the caller passed that form."""
    value: Any = stored
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, dict) else None


# ---------------------------------------------------------------------------------------------
# Job spec (pkg/apis/batch/validation).


def is_domain_prefixed_path(path: str, value: str) -> Errors:
    if not value:
        return [required(path)]
    segments = value.split("/", 1)
    if len(segments) != 2 or not segments[0] or not segments[1]:
        return [invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')]
    host, rest = segments
    errs = [invalid(path, host, m) for m in is_dns1123_subdomain(host)]
    if not full_match(HTTP_PATH_RE, rest):
        errs.append(invalid(path, rest, regex_error("Invalid path", HTTP_PATH_FMT)))
    return errs


def parse_index_interval(interval: str, completions: int) -> tuple[int, int]:
    """One `x` or `x-y` interval of an index list; ValueError carries the server's text."""
    limits = interval.split("-")
    if len(limits) > 2:
        raise ValueError(
            f"the fragment {go_quote(interval)} violates the requirement that an index interval "
            "can have at most two parts separated by '-'"
        )
    x = _atoi(limits[0])
    if x >= completions:
        raise ValueError(f"too large index: {go_quote(limits[0])}")
    if len(limits) > 1:
        y = _atoi(limits[1])
        if y >= completions:
            raise ValueError(f"too large index: {go_quote(limits[1])}")
        if x >= y:
            raise ValueError(f"non-increasing order, previous: {x}, current: {y}")
        return x, y
    return x, x


def _atoi(text: str) -> int:
    # strconv.Atoi: optional sign, decimal digits only.
    if re.fullmatch(r"[+-]?[0-9]+", text, re.ASCII) is None:
        raise ValueError(f"cannot convert string to integer for index: {go_quote(text)}")
    return int(text)


def validate_indexes_format(indexes: str, completions: int) -> int:
    """The number of indexes in a `1,3-5` list; ValueError carries the server's text."""
    if not indexes:
        return 0
    last: int | None = None
    total = 0
    for interval in indexes.split(","):
        x, y = parse_index_interval(interval, completions)
        if last is not None and last >= x:
            raise ValueError(f"non-increasing order, previous: {last}, current: {x}")
        total += y - x + 1
        last = y
    return total


def _validate_on_exit_codes(req: PodFailurePolicyOnExitCodesRequirement, path: str, container_names: set[str]) -> Errors:
    errs: Errors = []
    op = req.operator or ""
    op_path = child_path(path, "operator")
    if not op:
        errs.append(required(op_path, "valid values: " + _go_quoted_list(POD_FAILURE_POLICY_OPERATORS)))
    elif op not in POD_FAILURE_POLICY_OPERATORS:
        errs.append(not_supported(op_path, op, POD_FAILURE_POLICY_OPERATORS))
    if req.container_name is not None and req.container_name not in container_names:
        errs.append(
            invalid(
                child_path(path, "containerName"),
                req.container_name,
                "must be one of the container or initContainer names in the pod template",
            )
        )
    values_path = child_path(path, "values")
    values = req.values
    if not values:
        errs.append(invalid(values_path, GoValue(go_int32_slice(values)), "at least one value is required"))
    elif len(values) > MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES:
        errs.append(too_many(values_path, len(values), MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES))
    ordered = True
    seen: set[int] = set()
    for j, value in enumerate(values or []):
        value_path = index_path(values_path, j)
        if op == "In" and value == 0:
            errs.append(invalid(value_path, value, "must not be 0 for the In operator"))
        if value in seen:
            errs.append(duplicate(value_path, value))
        else:
            seen.add(value)
        if j > 0 and (values or [])[j - 1] > value:
            ordered = False
    if not ordered:
        errs.append(invalid(values_path, GoValue(go_int32_slice(values)), "must be ordered"))
    return errs


def _go_quoted_list(values: list[str]) -> str:
    """fmt's %q of a []string: `["a" "b"]`."""
    return "[" + " ".join(go_quote(v) for v in values) + "]"


def _validate_on_pod_conditions(patterns: list[PodFailurePolicyOnPodConditionsPattern], path: str) -> Errors:
    errs: Errors = []
    if len(patterns) > MAX_POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERNS:
        errs.append(too_many(path, len(patterns), MAX_POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERNS))
    for j, pattern in enumerate(patterns):
        p = index_path(path, j)
        errs.extend(invalid(child_path(p, "type"), pattern.type or "", m) for m in is_qualified_name(pattern.type or ""))
        status = pattern.status or ""
        if not status:
            errs.append(required(child_path(p, "status"), "valid values: " + _go_quoted_list(CONDITION_STATUSES)))
        elif status not in CONDITION_STATUSES:
            errs.append(not_supported(child_path(p, "status"), status, CONDITION_STATUSES))
    return errs


def _validate_pod_failure_policy_rule(
    spec: JobSpec, rule: PodFailurePolicyRule, path: str, container_names: set[str]
) -> Errors:
    errs: Errors = []
    action = rule.action or ""
    action_path = child_path(path, "action")
    if not action:
        errs.append(required(action_path, "valid values: " + _go_quoted_list(POD_FAILURE_POLICY_ACTIONS)))
    elif action == "FailIndex":
        if spec.backoff_limit_per_index is None:
            errs.append(invalid(action_path, action, "requires the backoffLimitPerIndex to be set"))
    elif action not in POD_FAILURE_POLICY_ACTIONS:
        errs.append(not_supported(action_path, action, POD_FAILURE_POLICY_ACTIONS))
    if rule.on_exit_codes is not None:
        errs.extend(_validate_on_exit_codes(rule.on_exit_codes, child_path(path, "onExitCodes"), container_names))
    if rule.on_pod_conditions:
        errs.extend(_validate_on_pod_conditions(rule.on_pod_conditions, child_path(path, "onPodConditions")))
    if rule.on_exit_codes is not None and rule.on_pod_conditions:
        errs.append(invalid_omit(path, "specifying both OnExitCodes and OnPodConditions is not supported"))
    if rule.on_exit_codes is None and not rule.on_pod_conditions:
        errs.append(invalid_omit(path, "specifying one of OnExitCodes and OnPodConditions is required"))
    return errs


def _validate_pod_failure_policy(spec: JobSpec, path: str) -> Errors:
    assert spec.pod_failure_policy is not None
    errs: Errors = []
    rules = spec.pod_failure_policy.rules or []
    rules_path = child_path(path, "rules")
    if len(rules) > MAX_POD_FAILURE_POLICY_RULES:
        errs.append(too_many(rules_path, len(rules), MAX_POD_FAILURE_POLICY_RULES))
    pod_spec = spec.template.spec if spec.template and spec.template.spec else PodSpec()
    names = {c.name or "" for c in (pod_spec.containers or []) + (pod_spec.init_containers or [])}
    for i, rule in enumerate(rules):
        errs.extend(_validate_pod_failure_policy_rule(spec, rule, index_path(rules_path, i), names))
    return errs


def _validate_success_policy_rule(spec: JobSpec, rule: SuccessPolicyRule, path: str, version: str) -> Errors:
    errs: Errors = []
    if rule.succeeded_count is None and rule.succeeded_indexes is None:
        errs.append(required(path, "at least one of succeededCount or succeededIndexes must be specified"))
    # The server reads spec.completions here unguarded; without completions (already reported
    # as required for Indexed Jobs) it fails internally, so the checks needing it are skipped.
    completions = spec.completions
    total = 0
    if rule.succeeded_indexes is not None:
        p = child_path(path, "succeededIndexes")
        if len(rule.succeeded_indexes.encode()) > MAX_SUCCEEDED_INDEXES_LENGTH:
            errs.append(too_long(p, MAX_SUCCEEDED_INDEXES_LENGTH, version))
        if completions is not None:
            try:
                total = validate_indexes_format(rule.succeeded_indexes, completions)
            except ValueError as e:
                errs.append(invalid(p, rule.succeeded_indexes, f"error parsing succeededIndexes: {e}"))
                total = 0
    if rule.succeeded_count is not None:
        p = child_path(path, "succeededCount")
        errs.extend(validate_nonnegative(rule.succeeded_count, p))
        if completions is not None and rule.succeeded_count > completions:
            errs.append(
                invalid(
                    p,
                    rule.succeeded_count,
                    f"must be less than or equal to {completions} (the number of specified completions)",
                )
            )
        if rule.succeeded_indexes is not None and completions is not None and rule.succeeded_count > total:
            errs.append(
                invalid(
                    p,
                    rule.succeeded_count,
                    f"must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)",
                )
            )
    return errs


def _validate_success_policy(spec: JobSpec, path: str, version: str) -> Errors:
    assert spec.success_policy is not None
    errs: Errors = []
    rules = spec.success_policy.rules or []
    rules_path = child_path(path, "rules")
    if not rules:
        errs.append(required(rules_path, "at least one rules must be specified when the successPolicy is specified"))
    if len(rules) > MAX_SUCCESS_POLICY_RULES:
        errs.append(too_many(rules_path, len(rules), MAX_SUCCESS_POLICY_RULES))
    for i, rule in enumerate(rules):
        errs.extend(_validate_success_policy_rule(spec, rule, index_path(rules_path, i), version))
    return errs


def _validate_pod_replacement_policy(spec: JobSpec, path: str) -> Errors:
    policy = spec.pod_replacement_policy
    if policy is None:
        return []
    if spec.pod_failure_policy is not None:
        if policy != "Failed":
            return [not_supported(path, policy, ["Failed"])]
    elif policy not in POD_REPLACEMENT_POLICIES:
        return [not_supported(path, policy, POD_REPLACEMENT_POLICIES)]
    return []


def _validate_indexed(spec: JobSpec, path: str) -> Errors:
    errs: Errors = []
    completions, parallelism, max_failed = spec.completions, spec.parallelism, spec.max_failed_indexes
    if completions is None:
        errs.append(required(child_path(path, "completions"), "when completion mode is Indexed"))
    if parallelism is not None and parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB:
        errs.append(
            invalid(
                child_path(path, "parallelism"),
                parallelism,
                f"must be less than or equal to {MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed",
            )
        )
    if completions is not None and max_failed is not None and max_failed > completions:
        errs.append(invalid(child_path(path, "maxFailedIndexes"), max_failed, "must be less than or equal to completions"))
    if max_failed is not None and max_failed > MAX_FAILED_INDEXES_FOR_INDEXED_JOB:
        errs.append(
            invalid(
                child_path(path, "maxFailedIndexes"),
                max_failed,
                f"must be less than or equal to {MAX_FAILED_INDEXES_FOR_INDEXED_JOB}",
            )
        )
    if completions is not None and completions > COMPLETIONS_SOFT_LIMIT and spec.backoff_limit_per_index is not None:
        if max_failed is None:
            errs.append(
                required(
                    child_path(path, "maxFailedIndexes"),
                    f"must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}",
                )
            )
        suffix = f"when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"
        if parallelism is not None and parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS:
            errs.append(
                invalid(
                    child_path(path, "parallelism"),
                    parallelism,
                    f"must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} {suffix}",
                )
            )
        if max_failed is not None and max_failed > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS:
            errs.append(
                invalid(
                    child_path(path, "maxFailedIndexes"),
                    max_failed,
                    f"must be less than or equal to {MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS} {suffix}",
                )
            )
    return errs


def validate_job_spec_common(spec: JobSpec, path: str, version: str, template_data: dict[str, Any] | None = None) -> Errors:
    """Checks shared by Jobs and CronJob job templates (the server's validateJobSpec)."""
    errs: Errors = []
    for value, name in (
        (spec.parallelism, "parallelism"),
        (spec.completions, "completions"),
        (spec.active_deadline_seconds, "activeDeadlineSeconds"),
        (spec.backoff_limit, "backoffLimit"),
        (spec.ttl_seconds_after_finished, "ttlSecondsAfterFinished"),
        (spec.backoff_limit_per_index, "backoffLimitPerIndex"),
    ):
        if value is not None:
            errs.extend(validate_nonnegative(value, child_path(path, name)))
    if spec.max_failed_indexes is not None:
        errs.extend(validate_nonnegative(spec.max_failed_indexes, child_path(path, "maxFailedIndexes")))
        if spec.backoff_limit_per_index is None:
            errs.append(required(child_path(path, "backoffLimitPerIndex"), "when maxFailedIndexes is specified"))
    if spec.managed_by is not None:
        managed_by_path = child_path(path, "managedBy")
        errs.extend(is_domain_prefixed_path(managed_by_path, spec.managed_by))
        if len(spec.managed_by.encode()) > MAX_MANAGED_BY_LENGTH:
            errs.append(too_long(managed_by_path, MAX_MANAGED_BY_LENGTH, version, legacy_max_length_form=True))
    mode = spec.completion_mode
    if mode is not None:
        if mode not in ("NonIndexed", "Indexed"):
            errs.append(not_supported(child_path(path, "completionMode"), mode, ["NonIndexed", "Indexed"]))
        if mode == "Indexed":
            errs.extend(_validate_indexed(spec, path))
    if mode is None or mode == "NonIndexed":
        if spec.backoff_limit_per_index is not None:
            errs.append(
                invalid(child_path(path, "backoffLimitPerIndex"), spec.backoff_limit_per_index, "requires indexed completion mode")
            )
        if spec.max_failed_indexes is not None:
            errs.append(
                invalid(child_path(path, "maxFailedIndexes"), spec.max_failed_indexes, "requires indexed completion mode")
            )
    if spec.pod_failure_policy is not None:
        errs.extend(_validate_pod_failure_policy(spec, child_path(path, "podFailurePolicy")))
    if spec.success_policy is not None:
        if (mode or "NonIndexed") != "Indexed":
            errs.append(
                invalid(
                    child_path(path, "successPolicy"),
                    GoValue(go_success_policy(spec.success_policy)),
                    "requires indexed completion mode",
                )
            )
        else:
            errs.extend(_validate_success_policy(spec, child_path(path, "successPolicy"), version))
    errs.extend(_validate_pod_replacement_policy(spec, child_path(path, "podReplacementPolicy")))

    template = spec.template or PodTemplateSpec()
    template_path = child_path(path, "template")
    errs.extend(validate_pod_template_spec(template, template_path, version, template_data))
    restart = (template.spec.restart_policy if template.spec else None) or ""
    restart_path = child_path(template_path, "spec", "restartPolicy")
    if restart in ("Always", ""):
        # An unset restartPolicy has been defaulted to Always, so both mean the user gave none.
        errs.append(required(restart_path, 'valid values: "OnFailure", "Never"'))
    elif restart not in ("OnFailure", "Never"):
        errs.append(not_supported(restart_path, restart, ["OnFailure", "Never"]))
    elif spec.pod_failure_policy is not None and restart != "Never":
        errs.append(invalid(restart_path, restart, 'only "Never" is supported when podFailurePolicy is specified'))
    return errs


def _validate_has_label(meta: ObjectMeta | None, path: str, key: str, expected: str) -> Errors:
    labels = (meta.labels if meta else None) or {}
    label_path = key_path(child_path(path, "labels"), key)
    if key not in labels:
        return [required(label_path, f"must be '{expected}'")]
    if labels[key] != expected:
        return [invalid(label_path, GoValue(go_string_map(meta.labels if meta else None)), f"must be '{expected}'")]
    return []


def _validate_generated_selector(job: Job) -> Errors:
    spec = job.spec or JobSpec()
    if spec.manual_selector:
        return []
    if spec.selector is None:
        return []
    meta = job.metadata or ObjectMeta()
    uid, name = meta.uid or "", meta.name or ""
    errs: Errors = []
    if not uid:
        errs.append(required("metadata.uid"))
    template_meta = spec.template.metadata if spec.template else None
    tpath = "spec.template.metadata"
    errs.extend(_validate_has_label(template_meta, tpath, LEGACY_CONTROLLER_UID_LABEL, uid))
    errs.extend(_validate_has_label(template_meta, tpath, LEGACY_JOB_NAME_LABEL, name))
    expected = {
        CONTROLLER_UID_LABEL: uid,
        JOB_NAME_LABEL: name,
        LEGACY_CONTROLLER_UID_LABEL: uid,
        LEGACY_JOB_NAME_LABEL: name,
    }
    errs.extend(_validate_has_label(template_meta, tpath, CONTROLLER_UID_LABEL, uid))
    errs.extend(_validate_has_label(template_meta, tpath, JOB_NAME_LABEL, name))
    if selector_matches(spec.selector, expected) is False:
        errs.append(invalid("spec.selector", GoValue(go_label_selector(spec.selector)), "`selector` not auto-generated"))
    return errs


def validate_job(job: Job, version: str = versions.DEFAULT, stored: dict[str, Any] | None = None) -> list[FieldError]:
    """Every error the server returns when creating this (defaulted) Job; `stored` is the same
    Job in API JSON form when the caller has it (it saves dumping the pod template again)."""
    meta = job.metadata or ObjectMeta()
    spec = job.spec or JobSpec()
    errs = validate_object_meta(meta, "metadata", version)
    errs.extend(_validate_generated_selector(job))

    errs.extend(validate_job_spec_common(spec, "spec", version, _template_data(stored, "spec", "template")))
    if spec.selector is None:
        errs.append(required("spec.selector"))
    else:
        errs.extend(validate_label_selector(spec.selector, "spec.selector"))
    template_labels = spec.template.metadata.labels if spec.template and spec.template.metadata else None
    if selector_matches(spec.selector, template_labels) is False:
        errs.append(
            invalid(
                "spec.template.metadata.labels",
                GoValue(go_string_map(template_labels)),
                "`selector` does not match template `labels`",
            )
        )

    if spec.completion_mode == "Indexed" and spec.completions is not None and spec.completions > 0:
        # Pods of an Indexed Job get the hostname `<job name>-<index>`.
        hostname = f"{meta.name or ''}-{spec.completions - 1}"
        if is_dns1123_label(hostname):
            errs.append(
                invalid(
                    "metadata.name",
                    meta.name or "",
                    f"will not able to create pod with invalid DNS label: {hostname}",
                )
            )
    return errs


# ---------------------------------------------------------------------------------------------
# CronJob.


def _validate_job_template_spec(
    tpl: JobTemplateSpec, path: str, version: str, template_data: dict[str, Any] | None = None
) -> Errors:
    spec = tpl.spec or JobSpec()
    spec_path = child_path(path, "spec")
    errs = validate_job_spec_common(spec, spec_path, version, template_data)
    if spec.selector is not None:
        errs.append(
            invalid(child_path(spec_path, "selector"), GoValue(go_label_selector(spec.selector)), "`selector` will be auto-generated")
        )
    if spec.manual_selector:
        errs.append(not_supported(child_path(spec_path, "manualSelector"), True, ["nil", "false"]))
    return errs


def validate_cronjob(cj: CronJob, version: str = versions.DEFAULT, stored: dict[str, Any] | None = None) -> list[FieldError]:
    """Every error the server returns when creating this (defaulted) CronJob (`stored`: as in
    validate_job)."""
    from .cron import validate_schedule, validate_time_zone

    meta = cj.metadata or ObjectMeta()
    spec = cj.spec or CronJobSpec()
    errs = validate_object_meta(meta, "metadata", version)
    if not spec.schedule:
        errs.append(required("spec.schedule"))
    else:
        errs.extend(validate_schedule(spec.schedule, "spec.schedule"))
    if spec.starting_deadline_seconds is not None:
        errs.extend(validate_nonnegative(spec.starting_deadline_seconds, "spec.startingDeadlineSeconds"))
    errs.extend(validate_time_zone(spec.time_zone, "spec.timeZone"))
    policy = spec.concurrency_policy or ""
    if not policy:
        errs.append(required("spec.concurrencyPolicy"))
    elif policy not in CONCURRENCY_POLICIES:
        errs.append(not_supported("spec.concurrencyPolicy", policy, CONCURRENCY_POLICIES))
    errs.extend(
        _validate_job_template_spec(
            spec.job_template or JobTemplateSpec(), "spec.jobTemplate", version,
            _template_data(stored, "spec", "jobTemplate", "spec", "template"),
        )
    )
    if spec.successful_jobs_history_limit is not None:
        errs.extend(validate_nonnegative(spec.successful_jobs_history_limit, "spec.successfulJobsHistoryLimit"))
    if spec.failed_jobs_history_limit is not None:
        errs.extend(validate_nonnegative(spec.failed_jobs_history_limit, "spec.failedJobsHistoryLimit"))
    if byte_len(meta.name or "") > MAX_CRONJOB_NAME_LENGTH:
        errs.append(invalid("metadata.name", meta.name, f"must be no more than {MAX_CRONJOB_NAME_LENGTH} characters"))
    return errs


# ---------------------------------------------------------------------------------------------
# Warnings the server returns with a successful create.


def job_warnings(job: Job, version: str = versions.DEFAULT, stored: dict[str, Any] | None = None) -> list[str]:
    """The Job strategy's WarningsOnCreate: the name, then WarningsForJobSpec at `spec`."""
    name = (job.metadata.name if job.metadata else None) or ""
    template = _template_data(stored, "spec", "template")
    return _name_warnings(name) + job_spec_warnings(job.spec or JobSpec(), "spec", version, template)


def cronjob_warnings(cj: CronJob, version: str = versions.DEFAULT, stored: dict[str, Any] | None = None) -> list[str]:
    """The CronJob strategy's WarningsOnCreate: the name, then WarningsForJobSpec of the job template."""
    name = (cj.metadata.name if cj.metadata else None) or ""
    job_template = cj.spec.job_template if cj.spec else None
    spec = (job_template.spec if job_template else None) or JobSpec()
    data = _template_data(stored, "spec", "jobTemplate", "spec", "template")
    return _name_warnings(name) + job_spec_warnings(spec, "spec.jobTemplate.spec", version, data)


# WarningsForJobSpec (pkg/api/job/warnings.go): soft limits of Indexed Jobs.
COMPLETIONS_SOFT_LIMIT_FOR_WARNING = 100_000
PARALLELISM_SOFT_LIMIT_FOR_WARNING = 10_000
INDEXED_TRACKING_WARNING = (
    "In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, "
    "Kubernetes might not be able to track completedIndexes when a big number of indexes fail"
)


def job_spec_warnings(spec: JobSpec, path: str, version: str, template_data: dict[str, Any] | None = None) -> list[str]:
    from .pod.context import PodContext
    from .pod.warnings import pod_template_warnings

    warnings: list[str] = []
    if spec.completion_mode == "Indexed":
        if (spec.completions or 0) > COMPLETIONS_SOFT_LIMIT_FOR_WARNING and (
            spec.parallelism or 0
        ) > PARALLELISM_SOFT_LIMIT_FOR_WARNING:
            warnings.append(f"{path}: {INDEXED_TRACKING_WARNING}")
    if spec.template is not None:
        template = spec.template.dump() if template_data is None else template_data
        found = template.get("spec")
        pod_spec: dict[str, Any] = found if isinstance(found, dict) else {}
        warnings.extend(pod_template_warnings(template, child_path(path, "template"), PodContext(version, pod_spec)))
    return warnings


def _name_warnings(name: str) -> list[str]:
    msgs = is_dns1123_label(name)
    if not msgs:
        return []
    return [
        "metadata.name: this is used in Pod names and hostnames, which can result in surprising "
        f"behavior; a DNS label is recommended: [{' '.join(msgs)}]"
    ]
