"""Create-time validation of Job and CronJob, as the API server does it.

Run on the defaulted object (joblint.defaults), which is what the server validates. Every check
appends FieldErrors to a list, in the server's order, with the server's field paths, error types
and texts; nothing is raised. Rules, limits and messages follow pkg/apis/batch/validation,
pkg/apis/core/validation and the apimachinery validation helpers; where they changed between
releases, the target version decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from . import versions
from .defaults import (
    CONTROLLER_UID_LABEL,
    JOB_NAME_LABEL,
    LEGACY_CONTROLLER_UID_LABEL,
    LEGACY_JOB_NAME_LABEL,
)
from .errors import (
    ErrorType,
    FieldError,
    duplicate,
    forbidden,
    go_quote,
    invalid,
    not_supported,
    required,
)
from .model import (
    Container,
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
TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024
MAX_INT32 = 2**31 - 1

POD_FAILURE_POLICY_ACTIONS = ["Count", "FailIndex", "FailJob", "Ignore"]
POD_FAILURE_POLICY_OPERATORS = ["In", "NotIn"]
CONDITION_STATUSES = ["False", "True", "Unknown"]
POD_REPLACEMENT_POLICIES = ["Failed", "TerminatingOrFailed"]
CONCURRENCY_POLICIES = ["Allow", "Forbid", "Replace"]
RESTART_POLICIES = ["Always", "OnFailure", "Never"]
DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
PULL_POLICIES = ["Always", "IfNotPresent", "Never"]
PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"]
TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"]

# ---------------------------------------------------------------------------------------------
# Value syntax (apimachinery util/validation and api/validate/content).

_DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
_DNS1123_SUBDOMAIN_FMT = _DNS1123_LABEL_FMT + "(\\." + _DNS1123_LABEL_FMT + ")*"
_DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character"
)
_LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_KEY_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character"
)
_LABEL_VALUE_FMT = "(" + _LABEL_KEY_FMT + ")?"
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character"
)
_ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*"
_ENV_VAR_NAME_MSG = (
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', "
    "or '.', and must not start with a digit"
)
_RELAXED_ENV_VAR_NAME_MSG = (
    "a valid environment variable name must consist only of printable ASCII characters other "
    "than '='"
)
_HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"

_DNS1123_LABEL_RE = re.compile(_DNS1123_LABEL_FMT)
_DNS1123_SUBDOMAIN_RE = re.compile(_DNS1123_SUBDOMAIN_FMT)
_LABEL_KEY_RE = re.compile(_LABEL_KEY_FMT)
_ENV_VAR_NAME_RE = re.compile(_ENV_VAR_NAME_FMT)
_HTTP_PATH_RE = re.compile(_HTTP_PATH_FMT)
_PORT_NAME_CHARSET_RE = re.compile("[-a-z0-9]+")
_PORT_NAME_LETTER_RE = re.compile("[a-z]")


def _full(pattern: re.Pattern[str], value: str) -> bool:
    # Go's regexp `^...$` anchors at the very end, so a trailing newline never matches.
    return pattern.fullmatch(value) is not None


def _blen(value: str) -> int:
    """Go's len: bytes of the UTF-8 text."""
    return len(value.encode())


def max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


EMPTY_ERROR = "must be non-empty"
IS_NEGATIVE_ERROR = "must be greater than or equal to 0"


def inclusive_range_error(lo: int, hi: int) -> str:
    return f"must be between {lo} and {hi}, inclusive"


def is_dns1123_label(value: str) -> list[str]:
    errs: list[str] = []
    if _blen(value) > 63:
        errs.append(max_len_error(63))
    if not _full(_DNS1123_LABEL_RE, value):
        if _full(_DNS1123_SUBDOMAIN_RE, value):
            errs.append("must not contain dots")
        else:
            errs.append(regex_error(_DNS1123_LABEL_MSG, _DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(value: str) -> list[str]:
    errs: list[str] = []
    if _blen(value) > 253:
        errs.append(max_len_error(253))
    if not _full(_DNS1123_SUBDOMAIN_RE, value):
        errs.append(regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def is_qualified_name(value: str) -> list[str]:
    """A label key: an optional DNS subdomain prefix and '/', then a name of at most 63."""
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part " + EMPTY_ERROR)
        else:
            errs.extend("prefix part " + m for m in is_dns1123_subdomain(prefix))
    else:
        return [
            "a valid label key "
            + regex_error(_LABEL_KEY_MSG, _LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        errs.append("name part " + EMPTY_ERROR)
    elif _blen(name) > 63:
        errs.append("name part " + max_len_error(63))
    if not _full(_LABEL_KEY_RE, name):
        errs.append("name part " + regex_error(_LABEL_KEY_MSG, _LABEL_KEY_FMT, "MyName", "my.name", "123-abc"))
    return errs


def is_valid_label_value(value: str) -> list[str]:
    errs: list[str] = []
    if _blen(value) > 63:
        errs.append(max_len_error(63))
    if value and not _full(_LABEL_KEY_RE, value):
        errs.append(regex_error(_LABEL_VALUE_MSG, _LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def _has_chdir_prefix(value: str) -> list[str]:
    if value == ".":
        return ["must not be '.'"]
    if value == "..":
        return ["must not be '..'"]
    if value.startswith(".."):
        return ["must not start with '..'"]
    return []


def is_env_var_name(value: str) -> list[str]:
    errs: list[str] = []
    if not _full(_ENV_VAR_NAME_RE, value):
        errs.append(regex_error(_ENV_VAR_NAME_MSG, _ENV_VAR_NAME_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"))
    errs.extend(_has_chdir_prefix(value))
    return errs


def is_relaxed_env_var_name(value: str) -> list[str]:
    errs: list[str] = []
    if not value:
        errs.append("environment variable name " + EMPTY_ERROR)
    for ch in value:
        if ord(ch) > 127 or not (0x20 <= ord(ch) < 0x7F) or ch == "=":
            errs.append(_RELAXED_ENV_VAR_NAME_MSG)
            break
    return errs


def is_valid_port_num(port: int) -> list[str]:
    return [] if 1 <= port <= 65535 else [inclusive_range_error(1, 65535)]


def is_valid_port_name(port: str) -> list[str]:
    errs: list[str] = []
    if _blen(port) > 15:
        errs.append(max_len_error(15))
    if not _full(_PORT_NAME_CHARSET_RE, port):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not _PORT_NAME_LETTER_RE.search(port):
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def _mask_trailing_dash(name: str) -> str:
    if len(name) > 1 and name.endswith("-"):
        return name[:-1] + "a"
    return name


def name_is_dns_subdomain(name: str, prefix: bool) -> list[str]:
    return is_dns1123_subdomain(_mask_trailing_dash(name) if prefix else name)


def name_is_dns_label(name: str, prefix: bool) -> list[str]:
    return is_dns1123_label(_mask_trailing_dash(name) if prefix else name)


# ---------------------------------------------------------------------------------------------
# How Go prints composite values in error messages (%#v of the internal types).


class GoValue:
    """A bad value already rendered the way the server renders it."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"GoValue({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoValue) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


# The server prints pointer fields inside structs as addresses, which differ on every request;
# this stands in for them.
GO_POINTER_PLACEHOLDER = "0xc000000000"


def go_string_map(m: Mapping[str, str] | None) -> str:
    if m is None:
        return "map[string]string(nil)"
    inner = ", ".join(f"{go_quote(k)}:{go_quote(v)}" for k, v in sorted(m.items()))
    return "map[string]string{" + inner + "}"


def go_string_slice(values: Iterable[str] | None) -> str:
    if values is None:
        return "[]string(nil)"
    return "[]string{" + ", ".join(go_quote(v) for v in values) + "}"


def go_int32_slice(values: Iterable[int] | None) -> str:
    if values is None:
        return "[]int32(nil)"
    return "[]int32{" + ", ".join(str(v) for v in values) + "}"


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


def _go_pointer(go_type: str, value: object) -> str:
    return f"({go_type})({'nil' if value is None else GO_POINTER_PLACEHOLDER})"


def go_success_policy(policy: SuccessPolicy) -> str:
    if policy.rules is None:
        rules = "[]batch.SuccessPolicyRule(nil)"
    else:
        items = [
            "batch.SuccessPolicyRule{"
            f"SucceededIndexes:{_go_pointer('*string', r.succeeded_indexes)}, "
            f"SucceededCount:{_go_pointer('*int32', r.succeeded_count)}"
            "}"
            for r in policy.rules
        ]
        rules = "[]batch.SuccessPolicyRule{" + ", ".join(items) + "}"
    return f"batch.SuccessPolicy{{Rules:{rules}}}"


# ---------------------------------------------------------------------------------------------
# Small constructors.


def _invalid_omit(path: str, detail: str) -> FieldError:
    """field.Invalid with the value left out of the message."""
    return FieldError(ErrorType.INVALID, path, detail=detail)


def _too_many(path: str, actual: int, max_items: int) -> FieldError:
    return FieldError(ErrorType.TOO_MANY, path, actual, f"must have at most {max_items} items")


def _too_long(path: str, max_length: int, version: str, *, legacy_max_length_form: bool = False) -> FieldError:
    """field.TooLong. From 1.32 it says "may not be more than N bytes"; before, TooLong said
    "must have at most N bytes" and TooLongMaxLength said "may not be longer than N"."""
    if versions.at_least(version, "1.32"):
        detail = f"may not be more than {max_length} bytes"
    elif legacy_max_length_form:
        detail = f"may not be longer than {max_length}"
    else:
        detail = f"must have at most {max_length} bytes"
    return FieldError(ErrorType.TOO_LONG, path, detail=detail)


def validate_nonnegative(value: int, path: str) -> Errors:
    return [invalid(path, value, IS_NEGATIVE_ERROR)] if value < 0 else []


def _child(path: str, *names: str) -> str:
    return ".".join([path, *names]) if path else ".".join(names)


def _index(path: str, i: int) -> str:
    return f"{path}[{i}]"


def _key(path: str, key: str) -> str:
    return f"{path}[{key}]"


# ---------------------------------------------------------------------------------------------
# Object metadata (apimachinery api/validation/objectmeta.go, meta/v1/validation).


def validate_label_name(name: str, path: str) -> Errors:
    return [invalid(path, name, msg) for msg in is_qualified_name(name)]


def validate_labels(labels: Mapping[str, str] | None, path: str) -> Errors:
    errs: Errors = []
    # The server walks a Go map, in no fixed order; sorted keys keep output stable.
    for k in sorted(labels or {}):
        v = (labels or {})[k]
        errs.extend(validate_label_name(k, path))
        errs.extend(invalid(path, v, msg) for msg in is_valid_label_value(v))
    return errs


def validate_annotations(annotations: Mapping[str, str] | None, path: str, version: str) -> Errors:
    errs: Errors = []
    for k in sorted(annotations or {}):
        errs.extend(invalid(path, k, msg) for msg in is_qualified_name(k.lower()))
    total = sum(len(k.encode()) + len(v.encode()) for k, v in (annotations or {}).items())
    if total > TOTAL_ANNOTATION_SIZE_LIMIT:
        errs.append(_too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT, version))
    return errs


def validate_finalizers(finalizers: list[str] | None, path: str) -> Errors:
    errs: Errors = []
    for f in finalizers or []:
        errs.extend(invalid(path, f, msg) for msg in is_qualified_name(f))
    if "orphan" in (finalizers or []) and "foregroundDeletion" in (finalizers or []):
        errs.append(
            invalid(
                path,
                GoValue(go_string_slice(finalizers)),
                "finalizer orphan and foregroundDeletion cannot be both set",
            )
        )
    return errs


def validate_object_meta(
    meta: ObjectMeta | None,
    path: str,
    version: str,
    name_fn: Callable[[str, bool], list[str]] = name_is_dns_subdomain,
) -> Errors:
    """ValidateObjectMeta for a namespaced object on create.

    A manifest without a namespace is not an error here: the server takes the namespace from the
    request (kubectl fills in the current one), so it never sees the field empty."""
    meta = meta or ObjectMeta()
    errs: Errors = []
    if meta.generate_name:
        errs.extend(invalid(_child(path, "generateName"), meta.generate_name, m) for m in name_fn(meta.generate_name, True))
    if not meta.name:
        errs.append(required(_child(path, "name"), "name or generateName is required"))
    else:
        errs.extend(invalid(_child(path, "name"), meta.name, m) for m in name_fn(meta.name, False))
    if meta.namespace:
        errs.extend(
            invalid(_child(path, "namespace"), meta.namespace, m) for m in name_is_dns_label(meta.namespace, False)
        )
    if meta.generation is not None:
        errs.extend(validate_nonnegative(meta.generation, _child(path, "generation")))
    errs.extend(validate_labels(meta.labels, _child(path, "labels")))
    errs.extend(validate_annotations(meta.annotations, _child(path, "annotations"), version))
    errs.extend(validate_finalizers(meta.finalizers, _child(path, "finalizers")))
    return errs


# ---------------------------------------------------------------------------------------------
# Label selectors.


def validate_label_selector(sel: LabelSelector | None, path: str) -> Errors:
    if sel is None:
        return []
    errs = validate_labels(sel.match_labels, _child(path, "matchLabels"))
    for i, expr in enumerate(sel.match_expressions or []):
        p = _index(_child(path, "matchExpressions"), i)
        values = expr.values or []
        op = expr.operator or ""
        if op in ("In", "NotIn"):
            if not values:
                errs.append(required(_child(p, "values"), "must be specified when `operator` is 'In' or 'NotIn'"))
        elif op in ("Exists", "DoesNotExist"):
            if values:
                errs.append(
                    forbidden(_child(p, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
                )
        else:
            errs.append(invalid(_child(p, "operator"), op, "not a valid selector operator"))
        errs.extend(validate_label_name(expr.key or "", _child(p, "key")))
        for j, v in enumerate(values):
            errs.extend(invalid(_index(_child(p, "values"), j), v, m) for m in is_valid_label_value(v))
    return errs


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


def _validate_ports(ports: list[dict[str, Any]] | None, path: str) -> Errors:
    errs: Errors = []
    names: set[str] = set()
    for i, port in enumerate(ports or []):
        p = _index(path, i)
        name = port.get("name") or ""
        if name:
            msgs = is_valid_port_name(name)
            if msgs:
                errs.extend(invalid(_child(p, "name"), name, m) for m in msgs)
            elif name in names:
                errs.append(duplicate(_child(p, "name"), name))
            else:
                names.add(name)
        container_port = port.get("containerPort") or 0
        if container_port == 0:
            errs.append(required(_child(p, "containerPort")))
        else:
            errs.extend(invalid(_child(p, "containerPort"), container_port, m) for m in is_valid_port_num(container_port))
        host_port = port.get("hostPort") or 0
        if host_port != 0:
            errs.extend(invalid(_child(p, "hostPort"), host_port, m) for m in is_valid_port_num(host_port))
        protocol = port.get("protocol") or ""
        if not protocol:
            errs.append(required(_child(p, "protocol")))
        elif protocol not in PORT_PROTOCOLS:
            errs.append(not_supported(_child(p, "protocol"), protocol, PORT_PROTOCOLS))
    return errs


def _validate_env(container: Container, path: str, version: str) -> Errors:
    errs: Errors = []
    relaxed = versions.enabled("RelaxedEnvironmentVariableValidation", version)
    check = is_relaxed_env_var_name if relaxed else is_env_var_name
    for i, env in enumerate(container.env or []):
        p = _index(path, i)
        if not env.name:
            errs.append(required(_child(p, "name")))
        else:
            errs.extend(invalid(_child(p, "name"), env.name, m) for m in check(env.name))
    return errs


def _validate_container_common(c: Container, path: str, version: str) -> Errors:
    errs: Errors = []
    name_path = _child(path, "name")
    if not c.name:
        errs.append(required(name_path))
    else:
        errs.extend(invalid(name_path, c.name, m) for m in is_dns1123_label(c.name))
    if not c.image:
        errs.append(required(_child(path, "image")))
    policy = c.termination_message_policy or ""
    if not policy:
        errs.append(required(_child(path, "terminationMessagePolicy")))
    elif policy not in TERMINATION_MESSAGE_POLICIES:
        errs.append(not_supported(_child(path, "terminationMessagePolicy"), policy, TERMINATION_MESSAGE_POLICIES))
    errs.extend(_validate_ports(c.ports, _child(path, "ports")))
    errs.extend(_validate_env(c, _child(path, "env"), version))
    pull = c.image_pull_policy or ""
    if not pull:
        errs.append(required(_child(path, "imagePullPolicy")))
    elif pull not in PULL_POLICIES:
        errs.append(not_supported(_child(path, "imagePullPolicy"), pull, PULL_POLICIES))
    return errs


def _validate_containers(containers: list[Container] | None, path: str, version: str) -> Errors:
    if not containers:
        return [required(path)]
    errs: Errors = []
    names: set[str] = set()
    for i, c in enumerate(containers):
        p = _index(path, i)
        errs.extend(_validate_container_common(c, p, version))
        name = c.name or ""
        if name in names:
            errs.append(duplicate(_child(p, "name"), name))
        else:
            names.add(name)
        if c.restart_policy is not None:
            errs.append(forbidden(_child(p, "restartPolicy"), "may not be set for non-init containers"))
    return errs


def _validate_init_containers(
    init: list[Container] | None, regular: list[Container] | None, path: str, version: str
) -> Errors:
    errs: Errors = []
    names = {c.name or "" for c in regular or []}
    for i, c in enumerate(init or []):
        p = _index(path, i)
        errs.extend(_validate_container_common(c, p, version))
        name = c.name or ""
        if name in names:
            errs.append(duplicate(_child(p, "name"), name))
        elif name:
            names.add(name)
    return errs


def _validate_volumes(spec: PodSpec, path: str) -> Errors:
    errs: Errors = []
    names: set[str] = set()
    for i, vol in enumerate(spec.volumes or []):
        p = _index(path, i)
        name = vol.name or ""
        if not name:
            errs.append(required(_child(p, "name")))
        else:
            errs.extend(invalid(_child(p, "name"), name, m) for m in is_dns1123_label(name))
        if name in names:
            errs.append(duplicate(_child(p, "name"), name))
        else:
            names.add(name)
    return errs


def validate_pod_spec(spec: PodSpec, path: str, version: str) -> Errors:
    errs: Errors = []
    if spec.termination_grace_period_seconds is None:
        errs.append(required(_child(path, "terminationGracePeriodSeconds")))
    errs.extend(_validate_volumes(spec, _child(path, "volumes")))
    errs.extend(_validate_containers(spec.containers, _child(path, "containers"), version))
    errs.extend(_validate_init_containers(spec.init_containers, spec.containers, _child(path, "initContainers"), version))
    restart = spec.restart_policy or ""
    if not restart:
        errs.append(required(_child(path, "restartPolicy")))
    elif restart not in RESTART_POLICIES:
        errs.append(not_supported(_child(path, "restartPolicy"), restart, RESTART_POLICIES))
    dns = spec.dns_policy or ""
    if not dns:
        errs.append(required(_child(path, "dnsPolicy")))
    elif dns not in DNS_POLICIES:
        errs.append(not_supported(_child(path, "dnsPolicy"), dns, DNS_POLICIES))
    errs.extend(validate_labels(spec.node_selector, _child(path, "nodeSelector")))
    if spec.service_account_name:
        errs.extend(
            invalid(_child(path, "serviceAccountName"), spec.service_account_name, m)
            for m in name_is_dns_subdomain(spec.service_account_name, False)
        )
    if spec.active_deadline_seconds is not None:
        deadline = spec.active_deadline_seconds
        if deadline < 1 or deadline > MAX_INT32:
            errs.append(invalid(_child(path, "activeDeadlineSeconds"), deadline, inclusive_range_error(1, MAX_INT32)))
    extra = spec.model_extra or {}
    for key in ("hostname", "subdomain"):
        host = extra.get(key)
        if isinstance(host, str) and host:
            errs.extend(invalid(_child(path, key), host, m) for m in is_dns1123_label(host))
    return errs


def validate_pod_template_spec(template: PodTemplateSpec, path: str, version: str) -> Errors:
    meta = template.metadata or ObjectMeta()
    spec = template.spec or PodSpec()
    # The template's labels and annotations are reported under the template itself
    # (`spec.template.labels`), not under its metadata.
    errs = validate_labels(meta.labels, _child(path, "labels"))
    errs.extend(validate_annotations(meta.annotations, _child(path, "annotations"), version))
    errs.extend(validate_pod_spec(spec, _child(path, "spec"), version))
    if (spec.model_extra or {}).get("ephemeralContainers"):
        errs.append(forbidden(_child(path, "spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"))
    return errs


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
    if not _full(_HTTP_PATH_RE, rest):
        errs.append(invalid(path, rest, regex_error("Invalid path", _HTTP_PATH_FMT)))
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
    op_path = _child(path, "operator")
    if not op:
        errs.append(required(op_path, "valid values: " + _go_quoted_list(POD_FAILURE_POLICY_OPERATORS)))
    elif op not in POD_FAILURE_POLICY_OPERATORS:
        errs.append(not_supported(op_path, op, POD_FAILURE_POLICY_OPERATORS))
    if req.container_name is not None and req.container_name not in container_names:
        errs.append(
            invalid(
                _child(path, "containerName"),
                req.container_name,
                "must be one of the container or initContainer names in the pod template",
            )
        )
    values_path = _child(path, "values")
    values = req.values
    if not values:
        errs.append(invalid(values_path, GoValue(go_int32_slice(values)), "at least one value is required"))
    elif len(values) > MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES:
        errs.append(_too_many(values_path, len(values), MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES))
    ordered = True
    seen: set[int] = set()
    for j, value in enumerate(values or []):
        value_path = _index(values_path, j)
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
        errs.append(_too_many(path, len(patterns), MAX_POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERNS))
    for j, pattern in enumerate(patterns):
        p = _index(path, j)
        errs.extend(invalid(_child(p, "type"), pattern.type or "", m) for m in is_qualified_name(pattern.type or ""))
        status = pattern.status or ""
        if not status:
            errs.append(required(_child(p, "status"), "valid values: " + _go_quoted_list(CONDITION_STATUSES)))
        elif status not in CONDITION_STATUSES:
            errs.append(not_supported(_child(p, "status"), status, CONDITION_STATUSES))
    return errs


def _validate_pod_failure_policy_rule(
    spec: JobSpec, rule: PodFailurePolicyRule, path: str, container_names: set[str]
) -> Errors:
    errs: Errors = []
    action = rule.action or ""
    action_path = _child(path, "action")
    if not action:
        errs.append(required(action_path, "valid values: " + _go_quoted_list(POD_FAILURE_POLICY_ACTIONS)))
    elif action == "FailIndex":
        if spec.backoff_limit_per_index is None:
            errs.append(invalid(action_path, action, "requires the backoffLimitPerIndex to be set"))
    elif action not in POD_FAILURE_POLICY_ACTIONS:
        errs.append(not_supported(action_path, action, POD_FAILURE_POLICY_ACTIONS))
    if rule.on_exit_codes is not None:
        errs.extend(_validate_on_exit_codes(rule.on_exit_codes, _child(path, "onExitCodes"), container_names))
    if rule.on_pod_conditions:
        errs.extend(_validate_on_pod_conditions(rule.on_pod_conditions, _child(path, "onPodConditions")))
    if rule.on_exit_codes is not None and rule.on_pod_conditions:
        errs.append(_invalid_omit(path, "specifying both OnExitCodes and OnPodConditions is not supported"))
    if rule.on_exit_codes is None and not rule.on_pod_conditions:
        errs.append(_invalid_omit(path, "specifying one of OnExitCodes and OnPodConditions is required"))
    return errs


def _validate_pod_failure_policy(spec: JobSpec, path: str) -> Errors:
    assert spec.pod_failure_policy is not None
    errs: Errors = []
    rules = spec.pod_failure_policy.rules or []
    rules_path = _child(path, "rules")
    if len(rules) > MAX_POD_FAILURE_POLICY_RULES:
        errs.append(_too_many(rules_path, len(rules), MAX_POD_FAILURE_POLICY_RULES))
    pod_spec = spec.template.spec if spec.template and spec.template.spec else PodSpec()
    names = {c.name or "" for c in (pod_spec.containers or []) + (pod_spec.init_containers or [])}
    for i, rule in enumerate(rules):
        errs.extend(_validate_pod_failure_policy_rule(spec, rule, _index(rules_path, i), names))
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
        p = _child(path, "succeededIndexes")
        if len(rule.succeeded_indexes.encode()) > MAX_SUCCEEDED_INDEXES_LENGTH:
            errs.append(_too_long(p, MAX_SUCCEEDED_INDEXES_LENGTH, version))
        if completions is not None:
            try:
                total = validate_indexes_format(rule.succeeded_indexes, completions)
            except ValueError as e:
                errs.append(invalid(p, rule.succeeded_indexes, f"error parsing succeededIndexes: {e}"))
                total = 0
    if rule.succeeded_count is not None:
        p = _child(path, "succeededCount")
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
    rules_path = _child(path, "rules")
    if not rules:
        errs.append(required(rules_path, "at least one rules must be specified when the successPolicy is specified"))
    if len(rules) > MAX_SUCCESS_POLICY_RULES:
        errs.append(_too_many(rules_path, len(rules), MAX_SUCCESS_POLICY_RULES))
    for i, rule in enumerate(rules):
        errs.extend(_validate_success_policy_rule(spec, rule, _index(rules_path, i), version))
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
        errs.append(required(_child(path, "completions"), "when completion mode is Indexed"))
    if parallelism is not None and parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB:
        errs.append(
            invalid(
                _child(path, "parallelism"),
                parallelism,
                f"must be less than or equal to {MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed",
            )
        )
    if completions is not None and max_failed is not None and max_failed > completions:
        errs.append(invalid(_child(path, "maxFailedIndexes"), max_failed, "must be less than or equal to completions"))
    if max_failed is not None and max_failed > MAX_FAILED_INDEXES_FOR_INDEXED_JOB:
        errs.append(
            invalid(
                _child(path, "maxFailedIndexes"),
                max_failed,
                f"must be less than or equal to {MAX_FAILED_INDEXES_FOR_INDEXED_JOB}",
            )
        )
    if completions is not None and completions > COMPLETIONS_SOFT_LIMIT and spec.backoff_limit_per_index is not None:
        if max_failed is None:
            errs.append(
                required(
                    _child(path, "maxFailedIndexes"),
                    f"must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}",
                )
            )
        suffix = f"when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"
        if parallelism is not None and parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS:
            errs.append(
                invalid(
                    _child(path, "parallelism"),
                    parallelism,
                    f"must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} {suffix}",
                )
            )
        if max_failed is not None and max_failed > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS:
            errs.append(
                invalid(
                    _child(path, "maxFailedIndexes"),
                    max_failed,
                    f"must be less than or equal to {MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS} {suffix}",
                )
            )
    return errs


def validate_job_spec_common(spec: JobSpec, path: str, version: str) -> Errors:
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
            errs.extend(validate_nonnegative(value, _child(path, name)))
    if spec.max_failed_indexes is not None:
        errs.extend(validate_nonnegative(spec.max_failed_indexes, _child(path, "maxFailedIndexes")))
        if spec.backoff_limit_per_index is None:
            errs.append(required(_child(path, "backoffLimitPerIndex"), "when maxFailedIndexes is specified"))
    if spec.managed_by is not None:
        managed_by_path = _child(path, "managedBy")
        errs.extend(is_domain_prefixed_path(managed_by_path, spec.managed_by))
        if len(spec.managed_by.encode()) > MAX_MANAGED_BY_LENGTH:
            errs.append(_too_long(managed_by_path, MAX_MANAGED_BY_LENGTH, version, legacy_max_length_form=True))
    mode = spec.completion_mode
    if mode is not None:
        if mode not in ("NonIndexed", "Indexed"):
            errs.append(not_supported(_child(path, "completionMode"), mode, ["NonIndexed", "Indexed"]))
        if mode == "Indexed":
            errs.extend(_validate_indexed(spec, path))
    if mode is None or mode == "NonIndexed":
        if spec.backoff_limit_per_index is not None:
            errs.append(
                invalid(_child(path, "backoffLimitPerIndex"), spec.backoff_limit_per_index, "requires indexed completion mode")
            )
        if spec.max_failed_indexes is not None:
            errs.append(
                invalid(_child(path, "maxFailedIndexes"), spec.max_failed_indexes, "requires indexed completion mode")
            )
    if spec.pod_failure_policy is not None:
        errs.extend(_validate_pod_failure_policy(spec, _child(path, "podFailurePolicy")))
    if spec.success_policy is not None:
        if (mode or "NonIndexed") != "Indexed":
            errs.append(
                invalid(
                    _child(path, "successPolicy"),
                    GoValue(go_success_policy(spec.success_policy)),
                    "requires indexed completion mode",
                )
            )
        else:
            errs.extend(_validate_success_policy(spec, _child(path, "successPolicy"), version))
    errs.extend(_validate_pod_replacement_policy(spec, _child(path, "podReplacementPolicy")))

    template = spec.template or PodTemplateSpec()
    template_path = _child(path, "template")
    errs.extend(validate_pod_template_spec(template, template_path, version))
    restart = (template.spec.restart_policy if template.spec else None) or ""
    restart_path = _child(template_path, "spec", "restartPolicy")
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
    label_path = _key(_child(path, "labels"), key)
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


def validate_job(job: Job, version: str = versions.DEFAULT) -> list[FieldError]:
    """Every error the server returns when creating this (defaulted) Job."""
    meta = job.metadata or ObjectMeta()
    spec = job.spec or JobSpec()
    errs = validate_object_meta(meta, "metadata", version)
    errs.extend(_validate_generated_selector(job))

    errs.extend(validate_job_spec_common(spec, "spec", version))
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


def _validate_job_template_spec(tpl: JobTemplateSpec, path: str, version: str) -> Errors:
    spec = tpl.spec or JobSpec()
    spec_path = _child(path, "spec")
    errs = validate_job_spec_common(spec, spec_path, version)
    if spec.selector is not None:
        errs.append(
            invalid(_child(spec_path, "selector"), GoValue(go_label_selector(spec.selector)), "`selector` will be auto-generated")
        )
    if spec.manual_selector:
        errs.append(not_supported(_child(spec_path, "manualSelector"), True, ["nil", "false"]))
    return errs


def validate_cronjob(cj: CronJob, version: str = versions.DEFAULT) -> list[FieldError]:
    """Every error the server returns when creating this (defaulted) CronJob."""
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
    errs.extend(_validate_job_template_spec(spec.job_template or JobTemplateSpec(), "spec.jobTemplate", version))
    if spec.successful_jobs_history_limit is not None:
        errs.extend(validate_nonnegative(spec.successful_jobs_history_limit, "spec.successfulJobsHistoryLimit"))
    if spec.failed_jobs_history_limit is not None:
        errs.extend(validate_nonnegative(spec.failed_jobs_history_limit, "spec.failedJobsHistoryLimit"))
    if _blen(meta.name or "") > MAX_CRONJOB_NAME_LENGTH:
        errs.append(invalid("metadata.name", meta.name, f"must be no more than {MAX_CRONJOB_NAME_LENGTH} characters"))
    return errs


# ---------------------------------------------------------------------------------------------
# Warnings the server returns with a successful create.


def job_warnings(job: Job) -> list[str]:
    return _name_warnings((job.metadata.name if job.metadata else None) or "")


def cronjob_warnings(cj: CronJob) -> list[str]:
    return _name_warnings((cj.metadata.name if cj.metadata else None) or "")


def _name_warnings(name: str) -> list[str]:
    msgs = is_dns1123_label(name)
    if not msgs:
        return []
    return [
        "metadata.name: this is used in Pod names and hostnames, which can result in surprising "
        f"behavior; a DNS label is recommended: [{' '.join(msgs)}]"
    ]
