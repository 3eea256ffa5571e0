"""JL1xx: the Job spec, of a Job or of a CronJob's job template (see common.job_view).

restartPolicy missing from the pod template has no rule here: the server defaults it to Always
and rejects the object, which JL001 reports (with the fix); a second finding would say the same.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from .. import versions
from ..controller.backoff import MAX_POD_FAILURE_BACKOFF, backoff_delay
from ..engine import Context, Hit
from ..findings import Fix
from ..model import PodFailurePolicyRule
from .common import JobView, job_view, plural, seconds_text
from .cronjobs import schedule_never_fires
from .labels import GENERATED_LABEL_KEYS, GENERATED_LABEL_PREFIX

# The Job controller's pod failure back-off, as the reference controller computes it.
BACKOFF_MAX_SECONDS = int(MAX_POD_FAILURE_BACKOFF)

INDEX_ENV = "JOB_COMPLETION_INDEX"
INDEX_KEY = "batch.kubernetes.io/job-completion-index"
QUEUE_LABELS = ("kueue.x-k8s.io/queue-name",)


# --- restart policy -------------------------------------------------------------------------------


def on_failure_with_backoff_limit(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or view.written_pod.restart_policy != "OnFailure" or view.written.backoff_limit is None:
        return
    limit = view.written.backoff_limit
    yield Hit(
        f"restartPolicy OnFailure with backoffLimit {limit}: the limit also counts container restarts "
        f"inside running pods, and when it is reached the Job's pods are terminated and the logs of "
        f"the failed runs go with them; use restartPolicy Never while debugging",
        view.at("template", "spec", "restartPolicy"),
    )


# --- completions and parallelism -----------------------------------------------------------------


def parallelism_exceeds_completions(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None:
        return
    p, c = view.spec.parallelism, view.spec.completions
    if p is None or c is None or c == 1 or c < 0 or p <= c:
        return  # completions 1 is JL103's; negative values are the API server's to reject
    if c == 0:
        message = (
            f"parallelism {p} with completions 0: the Job is complete as soon as it is created "
            f"and none of its pods is ever started"
        )
    else:
        message = (
            f"parallelism {p} exceeds completions {c}: at most {c} pods run at once; "
            f"the other {p - c} are never started"
        )
    yield Hit(message, view.at("parallelism"))


def parallelism_zero(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or view.written.parallelism != 0:
        return
    whose = "each Job this CronJob creates" if view.is_cronjob else "the Job"
    yield Hit(
        f"parallelism 0: {whose} starts no pod until parallelism is raised (the Job is paused)",
        view.at("parallelism"),
    )


def single_completion_parallel(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None:
        return
    p, c = view.spec.parallelism, view.spec.completions
    if c != 1 or p is None or p <= 1:
        return
    yield Hit(
        f"completions 1 with parallelism {p}: only one pod ever runs at a time, since the Job never "
        f"runs more pods than completions remain; for {p} workers sharing a queue leave completions "
        f"unset, for {p} pieces of work set completions: {p}",
        view.at("parallelism"),
    )


def _work_queue(view: JobView) -> bool:
    p = view.spec.parallelism
    return view.spec.completions is None and p is not None and p > 1


def work_queue(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or not _work_queue(view):
        return
    yield Hit(
        f"completions unset with parallelism {view.spec.parallelism}: a work-queue Job; it succeeds "
        f"once any pod has succeeded and all have ended, and after the first success no pod is "
        f"started or replaced, so each pod must learn from the queue itself when the work is done",
        view.at("parallelism"),
    )


def work_queue_ignore_rule(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or not _work_queue(view) or view.spec.pod_failure_policy is None:
        return
    for i, rule in enumerate(view.spec.pod_failure_policy.rules or []):
        if rule.action != "Ignore":
            continue
        yield Hit(
            f"podFailurePolicy rule {i} ({_describe_rule(rule)}) ignores a failed pod so that it is "
            f"replaced, but this work-queue Job (completions unset, parallelism "
            f"{view.spec.parallelism}) replaces no pod once any pod has succeeded: after that, the "
            f"work of an ignored pod is done only if the queue hands it out again",
            view.at("podFailurePolicy", "rules", i),
        )
        return


# --- Indexed Jobs and many completions -----------------------------------------------------------


def indexed_index_unused(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or not view.indexed:
        return
    pod = view.written_pod
    parts: list[Any] = []
    for c in (pod.init_containers or []) + (pod.containers or []):
        parts.append(c.model_dump(by_alias=True, exclude_none=True))
    for v in pod.volumes or []:
        parts.append(v.model_dump(by_alias=True, exclude_none=True))
    text = json.dumps(parts)
    if INDEX_ENV in text or INDEX_KEY in text:
        return
    completions = view.spec.completions if view.spec.completions is not None else "unset"
    yield Hit(
        f"completionMode Indexed with completions {completions}, but no container mentions "
        f"{INDEX_ENV} (env, command, args) or the {INDEX_KEY} annotation or label (downward API): "
        f"unless the program reads {INDEX_ENV} from its environment, every index does the same work",
        view.at("completionMode"),
    )


def many_completions_shared_backoff(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None:
        return
    spec = view.spec
    c, limit = spec.completions, spec.backoff_limit
    threshold = int(ctx.options.get("min-completions", 100))
    if c is None or c < threshold or spec.backoff_limit_per_index is not None or limit is None or limit >= c:
        return
    if view.indexed:
        advice = "set backoffLimitPerIndex so that each index gets its own retries"
    else:
        advice = "with completionMode Indexed and backoffLimitPerIndex each piece of work gets its own retries"
    yield Hit(
        f"completions {c} share one backoffLimit {limit}: {limit + 1} failed pods anywhere among the "
        f"{c} fail the whole Job; {advice}",
        view.at("completions"),
    )


def large_indexed_hints(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or not view.indexed:
        return
    spec = view.spec
    c = spec.completions
    threshold = int(ctx.options.get("min-completions", 100))
    if c is None or c < threshold or spec.backoff_limit_per_index is None or spec.max_failed_indexes is not None:
        return
    message = (
        f"backoffLimitPerIndex {spec.backoff_limit_per_index} without maxFailedIndexes: all {c} indexes "
        f"are tried to the end even when most of them fail, and only then is the Job marked failed; "
        f"set maxFailedIndexes to stop early"
    )
    rules = spec.pod_failure_policy.rules if spec.pod_failure_policy is not None else None
    if not any(r.action == "FailIndex" for r in rules or []):
        message += ", and a podFailurePolicy FailIndex rule to stop retrying an index on exit codes a retry cannot fix"
    yield Hit(message, view.at("backoffLimitPerIndex"))


# --- selector and labels -------------------------------------------------------------------------


def _generated_shape(selector: Any) -> dict[str, str] | None:
    """The matchLabels of a selector made only of generated labels, else None."""
    if selector is None:
        return None
    labels = selector.match_labels or {}
    if not labels or selector.match_expressions:
        return None
    if not all(k in GENERATED_LABEL_KEYS for k in labels):
        return None
    return dict(labels)


UID_LABEL_KEYS = ("batch.kubernetes.io/controller-uid", "controller-uid")
JOB_NAME_LABEL_KEYS = ("batch.kubernetes.io/job-name", "job-name")


def _adopted_uid(view: Any, shape: dict[str, str] | None) -> str | None:
    """The uid of the earlier Job whose pods this Job adopts, when the manifest follows the
    Jobs documentation ("Specifying your own Pod selector"): manualSelector true, a selector on
    one controller-uid, the template carrying it, and no job-name label saying that the manifest
    is this very Job exported from a cluster."""
    if shape is None or len(shape) != 1:
        return None
    [(key, uid)] = shape.items()
    if key not in UID_LABEL_KEYS or view.template_labels.get(key) != uid:
        return None
    if any(view.template_labels.get(k) == view.name for k in JOB_NAME_LABEL_KEYS if view.name):
        return None
    return uid


def manual_selector(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or view.is_cronjob or view.written.manual_selector is not True:
        return
    selector = view.written.selector
    shape = _generated_shape(selector)
    if _adopted_uid(view, shape) is not None:
        return  # the documented adoption recipe: JL118 explains it
    if shape is not None:
        text = ", ".join(f"{k}: {v}" for k, v in sorted(shape.items()))
        ops: list[dict[str, Any]] = [
            {"op": "delete", "path": list(view.at("manualSelector"))},
            {"op": "delete", "path": list(view.at("selector"))},
        ]
        for key in sorted(view.template_labels):
            if key in GENERATED_LABEL_KEYS:
                ops.append({"op": "delete", "path": list(view.at("template", "metadata", "labels", key))})
        yield Hit(
            f"manualSelector true with a selector on generated labels only ({text}): this is the "
            f"selector the server generated for an earlier run of this Job; without manualSelector "
            f"the server generates one for this Job's own uid",
            view.at("manualSelector"),
            fix=Fix(
                "remove manualSelector, the copied selector and the copied generated labels, so the "
                "server generates them for this Job (unsafe: pods still carrying the old labels are no "
                "longer adopted, so their work is done again)",
                False,
                {"ops": ops},
            ),
        )
        return
    yield Hit(
        "manualSelector true: the server does not make this Job's selector unique; pods of other "
        "Jobs or workloads that carry the selected labels are counted as this Job's and may be "
        "deleted by it",
        view.at("manualSelector"),
    )


def adopts_earlier_job_pods(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or view.is_cronjob or view.written.manual_selector is not True:
        return
    uid = _adopted_uid(view, _generated_shape(view.written.selector))
    if uid is None:
        return
    yield Hit(
        f"manualSelector true with the selector of an earlier Job (controller-uid {uid}): this Job "
        f"adopts the pods that Job left behind (the Jobs documentation's recipe for taking over an "
        f"orphaned Job's pods) and counts their successes as its own; once they are gone, new Jobs "
        f"should not copy this selector",
        view.at("manualSelector"),
    )


def generated_label_in_template(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None:
        return
    labels = view.template_labels
    manual = view.written.manual_selector is True
    adopting = manual and not view.is_cronjob and _adopted_uid(view, _generated_shape(view.written.selector)) is not None
    for key in sorted(labels):
        path = view.at("template", "metadata", "labels", key)
        value = labels[key]
        if adopting and key in UID_LABEL_KEYS:
            continue  # the adoption recipe needs the earlier Job's uid label: JL118 explains it
        if key in GENERATED_LABEL_KEYS:
            if view.is_cronjob:
                yield Hit(
                    f"pod template label {key}: {value} is one the Job registry sets to each Job's own "
                    f"{'name' if key.endswith('job-name') else 'uid'}; the Jobs this CronJob creates "
                    f"(named {view.name}-<minute>) carry the template's value instead and the API "
                    f"server rejects every one of them",
                    path,
                )
            elif manual:
                yield Hit(
                    f"pod template label {key}: {value} is one the Job registry sets on the pods of "
                    f"a Job it generates the selector for: these pods claim to belong to "
                    f"{'the Job named ' + value if key.endswith('job-name') else 'the Job with uid ' + value}",
                    path,
                )
            # Without manualSelector a value the server would set itself is accepted, and any
            # other is rejected (JL015): nothing to add.
        elif key.startswith(GENERATED_LABEL_PREFIX):
            yield Hit(
                f"pod template label {key}: {value} uses the batch.kubernetes.io/ prefix, which "
                f"belongs to the Job controller (it sets such labels itself, e.g. {INDEX_KEY} on the "
                f"pods of Indexed Jobs)",
                path,
            )


# --- deadlines -----------------------------------------------------------------------------------


def pod_deadline_only(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None:
        return
    pod_deadline = view.written_pod.active_deadline_seconds
    if pod_deadline is None or view.written.active_deadline_seconds is not None:
        return
    source = view.at("template", "spec", "activeDeadlineSeconds")
    yield Hit(
        f"activeDeadlineSeconds {pod_deadline} is set on the pod template only: it limits each pod "
        f"from that pod's own start, a pod that reaches it fails and is replaced (up to backoffLimit "
        f"{view.spec.backoff_limit}), and the Job as a whole has no time limit",
        source,
        fix=Fix(
            "move activeDeadlineSeconds from the pod template to the Job spec (it then limits the "
            "whole Job, retries included)",
            False,
            {"ops": [{"op": "move", "path": list(source), "to": list(view.at("activeDeadlineSeconds"))}]},
        ),
    )


def pod_deadline_not_shorter(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None:
        return
    pod_deadline = view.written_pod.active_deadline_seconds
    job_deadline = view.written.active_deadline_seconds
    if pod_deadline is None or job_deadline is None or pod_deadline < job_deadline:
        return
    yield Hit(
        f"pod activeDeadlineSeconds {pod_deadline} is not shorter than the Job's {job_deadline}: the "
        f"Job's deadline counts from the Job's start, before any pod starts, so it always ends the "
        f"pods first and the pod deadline never applies",
        view.at("template", "spec", "activeDeadlineSeconds"),
    )


def no_job_deadline(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None:
        return
    if view.written.active_deadline_seconds is not None or view.written_pod.active_deadline_seconds is not None:
        return  # a pod-only deadline is JL112's
    if view.is_cronjob and ctx.obj.spec.concurrency_policy == "Forbid":
        return  # the hang stops the whole schedule: JL212's (joblint.checks.concurrency)
    yield Hit(
        "no activeDeadlineSeconds: a pod that hangs keeps the Job running for ever (backoffLimit "
        "counts failures, not time)",
        view.at("template") if view.written.template is not None else view.prefix,
    )


def time_to_exhaust(backoff_limit: int, pod_seconds: int) -> int:
    """Seconds from the Job's start to the failure that exceeds backoffLimit, one pod at a time:
    (backoffLimit + 1) pod runs plus the back-off after each of the first backoffLimit failures."""
    total = (backoff_limit + 1) * pod_seconds
    for failure in range(1, backoff_limit + 1):
        delay = int(backoff_delay(failure))
        if delay == BACKOFF_MAX_SECONDS:
            return total + (backoff_limit - failure + 1) * BACKOFF_MAX_SECONDS
        total += delay
    return total


def pods_within(deadline: int, backoff_limit: int, pod_seconds: int) -> int:
    """How many pods start before the deadline, one at a time (at most backoffLimit + 1)."""
    start, pods = 0, 0
    while pods <= backoff_limit and start < deadline:
        pods += 1
        start += pod_seconds + int(backoff_delay(pods))
    return max(pods, 1)


def deadline_cuts_retries(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None:
        return
    spec = view.spec
    deadline, limit = spec.active_deadline_seconds, spec.backoff_limit
    if deadline is None or limit is None or limit <= 0 or deadline < 0 or spec.backoff_limit_per_index is not None:
        return
    pod_seconds = max(0, int(ctx.options.get("pod-seconds", 0)))
    needed = time_to_exhaust(limit, pod_seconds)
    if deadline >= needed:
        return
    run = f" and {pod_seconds} s per pod run" if pod_seconds else ""
    started = pods_within(deadline, limit, pod_seconds)
    yield Hit(
        f"activeDeadlineSeconds {deadline} ends the Job before backoffLimit {limit} can be used: the "
        f"{limit + 1} pods it allows need {seconds_text(needed)} of back-off{run} (10 s after the first "
        f"failure, doubling, at most 600 s), so at most {plural(started, 'pod')} start before the "
        f"deadline and the Job fails with DeadlineExceeded",
        view.at("activeDeadlineSeconds"),
    )


# --- TTL and suspend -----------------------------------------------------------------------------


def no_ttl(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or view.is_cronjob or view.written.ttl_seconds_after_finished is not None:
        return
    meta = ctx.obj.metadata
    if meta is not None and meta.owner_references:
        return  # owned (by a CronJob, a workflow, ...): its owner cleans up
    ttl = int(ctx.options.get("ttl-seconds", 86400))
    yield Hit(
        "no ttlSecondsAfterFinished: the finished Job and its pods stay in the cluster until "
        "someone deletes them",
        ("spec",),
        at_key=True,
        fix=Fix(
            f"set spec.ttlSecondsAfterFinished: {ttl} (the Job is deleted {seconds_text(ttl)} after it finishes)",
            False,
            {"ops": [{"op": "set", "path": ["spec", "ttlSecondsAfterFinished"], "value": ttl}]},
        ),
    )


def ttl_zero(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or view.is_cronjob or view.written.ttl_seconds_after_finished != 0:
        return
    yield Hit(
        "ttlSecondsAfterFinished 0: the Job and its pods are deleted as soon as it finishes, with its "
        "status and the logs of failed pods; whatever waits for the Job (kubectl wait, a pipeline "
        "step) may find it gone",
        view.at("ttlSecondsAfterFinished"),
    )


def suspended(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None:
        return
    meta = ctx.obj.metadata
    labels = (meta.labels if meta is not None else None) or {}
    if any(k in labels for k in QUEUE_LABELS) or view.written.managed_by is not None:
        return  # a queueing controller resumes it
    if view.is_cronjob:
        written_spec = ctx.written.spec
        if written_spec is not None and written_spec.suspend is True and not schedule_never_fires(ctx):
            # (A suspended CronJob whose schedule never fires is kept as a template: JL211.)
            yield Hit(
                "suspend: true: the CronJob creates no Job until it is resumed (and then starts "
                "only the most recent missed run, if startingDeadlineSeconds allows)",
                ("spec", "suspend"),
            )
        if view.written.suspend is True:
            yield Hit(
                "jobTemplate suspend: true: every Job this CronJob creates is suspended and runs no "
                "pod until something resumes it",
                view.at("suspend"),
            )
        return
    if view.written.suspend is True:
        yield Hit(
            "suspend: true: the Job creates no pod until something sets suspend to false",
            view.at("suspend"),
        )


# --- pod failure policy --------------------------------------------------------------------------


def _describe_rule(rule: PodFailurePolicyRule) -> str:
    if rule.on_exit_codes is not None:
        req = rule.on_exit_codes
        where = f" of container {req.container_name}" if req.container_name else ""
        return f"{rule.action} on exit codes{where} {req.operator} {list(req.values or [])}"
    patterns = ", ".join(f"{p.type}={p.status or 'True'}" for p in rule.on_pod_conditions or [])
    return f"{rule.action} on pod conditions {patterns}"


def no_disruption_ignore(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or view.spec.pod_failure_policy is None:
        return
    for rule in view.spec.pod_failure_policy.rules or []:
        for pattern in rule.on_pod_conditions or []:
            if pattern.type == "DisruptionTarget":
                return  # the user decided what a disruption means
    yield Hit(
        f"podFailurePolicy has no rule for the DisruptionTarget condition: pods evicted, preempted "
        f"or deleted by the cluster count toward {_failure_limit_text(view)} like failures of the "
        f"program; add an Ignore rule for it",
        view.at("podFailurePolicy"),
    )


def _failure_limit_text(view: JobView) -> str:
    """The limit a failed pod counts toward. With backoffLimitPerIndex the per-index limit
    decides (and maxFailedIndexes, where set); backoffLimit then defaults to the largest int32 and
    never binds, so naming it would mislead."""
    spec = view.spec
    if spec.backoff_limit_per_index is not None:
        text = f"the backoffLimitPerIndex of {spec.backoff_limit_per_index} failures per index"
        if spec.max_failed_indexes is not None:
            text += f" (and maxFailedIndexes {spec.max_failed_indexes})"
        return text
    return f"backoffLimit {spec.backoff_limit}"


def _exit_code_set(rule: PodFailurePolicyRule) -> tuple[bool, frozenset[int]]:
    """(is_complement, values): the non-zero exit codes a rule matches."""
    req = rule.on_exit_codes
    assert req is not None
    values = frozenset(v for v in req.values or [] if v != 0)
    return req.operator == "NotIn", values


def covers(earlier: PodFailurePolicyRule, later: PodFailurePolicyRule) -> bool:
    """Whether every failed pod `later` matches is matched by `earlier` (pod_failure_policy.go:
    the first rule that matches decides)."""
    if earlier.on_exit_codes is not None and later.on_exit_codes is not None:
        e, l = earlier.on_exit_codes, later.on_exit_codes
        if e.operator not in ("In", "NotIn") or l.operator not in ("In", "NotIn"):
            return False
        if e.container_name is not None and e.container_name != l.container_name:
            return False
        e_not, e_vals = _exit_code_set(earlier)
        l_not, l_vals = _exit_code_set(later)
        if not l_not and not e_not:
            return l_vals <= e_vals
        if not l_not and e_not:
            return not (l_vals & e_vals)
        if l_not and e_not:
            return e_vals <= l_vals
        return False
    if earlier.on_pod_conditions is not None and later.on_pod_conditions is not None:
        e_set = {(p.type, p.status or "True") for p in earlier.on_pod_conditions}
        l_set = {(p.type, p.status or "True") for p in later.on_pod_conditions}
        return bool(l_set) and l_set <= e_set
    return False


def rule_unreachable(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or view.spec.pod_failure_policy is None:
        return
    rules = view.spec.pod_failure_policy.rules or []
    for i, later in enumerate(rules):
        for j in range(i):
            if covers(rules[j], later):
                yield Hit(
                    f"podFailurePolicy rule {i} ({_describe_rule(later)}) is never used: rule {j} "
                    f"({_describe_rule(rules[j])}) matches every pod it matches, and the first "
                    f"matching rule decides",
                    view.at("podFailurePolicy", "rules", i),
                )
                break


# --- pod replacement -----------------------------------------------------------------------------


def replacement_while_terminating(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or not versions.enabled("JobPodReplacementPolicy", ctx.version):
        return
    if view.written.pod_replacement_policy is not None or view.spec.pod_failure_policy is not None:
        return
    grace = view.pod.termination_grace_period_seconds
    threshold = int(ctx.options.get("min-grace-seconds", 60))
    if grace is None or grace < threshold:
        return
    yield Hit(
        f"terminationGracePeriodSeconds {grace} with podReplacementPolicy TerminatingOrFailed (the "
        f"default without a podFailurePolicy): a replacement is created as soon as a pod starts "
        f"terminating, so for up to {grace} s more than parallelism {view.spec.parallelism} pods may "
        f"hold resources at once; podReplacementPolicy: Failed waits until the old pod has ended",
        view.at("template", "spec", "terminationGracePeriodSeconds"),
    )
