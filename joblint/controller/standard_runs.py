"""Facts for the linter from short standard dry runs of a Job.

Each standard scenario is a question a reader of the manifest would ask: what if every pod fails
(after 30 s)? what if a pod hangs? what if every pod succeeds (after 10 s)? what if each pod is
evicted once? The answers that would surprise become `Consequence`s: a code hint (a JL code when a
more specific rule covers the finding, so that the linter leaves it to that rule, else JL400), the
dotted API path of the field that decides it, and a one-line message with the simulated numbers.

A manifest does not say how long its pods run, so a JL400 consequence never rests on the assumed
durations: it holds for every duration (a count of failures, a bound measured from two runs of
different durations), or is checked at the shortest duration when longer ones only make it worse,
and the message says which.
"""

from __future__ import annotations

import functools
import json
from typing import Any, NamedTuple

from .. import versions
from .job import DryRunResult, simulate
from .render import duration_text
from .scenario import Scenario, load_scenario

OWN = "JL400"
FAIL_SECONDS = 30
SUCCEED_SECONDS = 10
# The shortest pod the dry runs try, for consequences that longer pods only make worse.
SHORTEST_SECONDS = 1
# A Job deadline that leaves each pod less than this, scheduling and start-up included, is reported.
MIN_POD_SECONDS = 10
# Dry runs stop after a week of simulated time; a Job still running then never finishes.
HORIZON = 7 * 24 * 3600.0
# Larger Jobs are not dry-run while linting (it would take too long).
MAX_COMPLETIONS = 5000
# Tests set this to check that skipping runs whose outcome is known changes no answer.
ALWAYS_SIMULATE = False


class Consequence(NamedTuple):
    code_hint: str
    field: str
    message: str


def _pods(n: int) -> str:
    return f"{n} pod" if n == 1 else f"{n} pods"


def _without(job: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The Job without these spec fields; the rest is shared, as a dry run does not modify its Job."""
    spec = {key: value for key, value in (job.get("spec") or {}).items() if key not in keys}
    return {**job, "spec": spec}


# Dry runs of Jobs that differ only in what the controller does not look at (names, images,
# commands, labels) give the same consequences: repositories hold many such Jobs.
_MEMO: dict[str, list[Consequence]] = {}
_MEMO_SIZE = 4096
_POD_FIELDS = ("restartPolicy", "activeDeadlineSeconds", "terminationGracePeriodSeconds")


def _memo_key(job: dict[str, Any], version: str, *dropped: str) -> str:
    spec = dict(job.get("spec") or {})
    spec.pop("selector", None)
    for key in dropped:
        spec.pop(key, None)
    pod = (spec.pop("template", None) or {}).get("spec") or {}
    shape = {key: pod.get(key) for key in _POD_FIELDS}
    shape["containers"] = [c.get("name") for c in pod.get("containers") or [] if isinstance(c, dict)]
    shape["initContainers"] = [
        (c.get("name"), c.get("restartPolicy")) for c in pod.get("initContainers") or [] if isinstance(c, dict)
    ]
    return json.dumps([version, spec, shape], sort_keys=True, default=str)


# Runs of the Job without its activeDeadlineSeconds (what the work takes, what the limit allows)
# are shared by Jobs that differ only in that deadline. A run keeps its pods: the runs kept hold
# at most _RELAXED_PODS of them, each run counted one more.
_RELAXED: dict[tuple[str, str], DryRunResult] = {}
_RELAXED_PODS = 50_000
_relaxed_pods = 0


def _relaxed_run(job: dict[str, Any], scenario: str, version: str) -> DryRunResult:
    """simulate() of the Job without activeDeadlineSeconds under a built-in scenario."""
    global _relaxed_pods
    key = (_memo_key(job, version, "activeDeadlineSeconds"), scenario)
    known = _RELAXED.get(key)
    if known is None:
        known = simulate(_without(job, "activeDeadlineSeconds"), _scenario(scenario), version, HORIZON)
        size = len(known.pods) + 1
        if _relaxed_pods + size > _RELAXED_PODS:
            _RELAXED.clear()
            _relaxed_pods = 0
        _RELAXED[key] = known
        _relaxed_pods += size
    return known


# A run that stops early (MAX_STEPS) could differ from the same run with a deadline it never
# reaches, which queues more controller syncs: a run without the deadline stands in for it only
# when it made this many container runs or fewer, far from that limit.
_STAND_IN_RUNS = 100_000


def _run(job: dict[str, Any], scenario: str, version: str) -> DryRunResult:
    """simulate() of the Job under a built-in scenario. A Job deadline only adds a controller sync
    at the deadline and the check made there, so a run that finishes before the deadline is the
    same without it: that run, shared by Jobs that differ only in the deadline, stands in."""
    ads = (job.get("spec") or {}).get("activeDeadlineSeconds")
    if isinstance(ads, (int, float)) and not isinstance(ads, bool) and not ALWAYS_SIMULATE:
        relaxed = _relaxed_run(job, scenario, version)
        if (
            relaxed.finished_at is not None
            and relaxed.finished_at < ads
            and not relaxed.notes
            and sum(pod.runs + 1 for pod in relaxed.pods) <= _STAND_IN_RUNS
        ):
            return relaxed
    return simulate(job, _scenario(scenario), version, HORIZON)


@functools.lru_cache(maxsize=None)
def _scenario(spec: str) -> Scenario:
    """The standard scenarios are parsed once (a Scenario is immutable)."""
    return load_scenario(spec)


def consequences(job: dict[str, Any], version: str = versions.DEFAULT) -> list[Consequence]:
    """What the reference controller does with the Job in the standard scenarios."""
    version = versions.parse_version(version)
    key = _memo_key(job, version)
    known = _MEMO.get(key)
    if known is None:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        known = _MEMO[key] = _consequences(job, version)
    return list(known)


def _consequences(job: dict[str, Any], version: str) -> list[Consequence]:
    spec = job.get("spec") or {}
    found: list[Consequence] = []
    managed_by = spec.get("managedBy")
    if managed_by not in (None, "kubernetes.io/job-controller") and versions.enabled("JobManagedBy", version):
        return found
    completions = spec.get("completions")
    parallelism = spec.get("parallelism")
    if completions is None and parallelism is None:
        completions = parallelism = 1
    if (completions or 1) > MAX_COMPLETIONS:
        return found
    suspended = bool(spec.get("suspend"))
    ttl = spec.get("ttlSecondsAfterFinished")
    if suspended:
        found.append(
            Consequence(
                "JL119",
                "spec.suspend",
                "the Job is created suspended: the controller creates no pods and activeDeadlineSeconds "
                "does not run until it is resumed",
            )
        )
        return found

    template = (spec.get("template") or {}).get("spec") or {}
    pod_deadline = template.get("activeDeadlineSeconds")
    ads = spec.get("activeDeadlineSeconds")
    if parallelism == 0:
        found.append(
            Consequence("JL102", "spec.parallelism", "parallelism 0: the controller creates no pods, so the Job never finishes")
        )
        if ttl is not None:
            found.append(
                Consequence(
                    OWN,
                    "spec.ttlSecondsAfterFinished",
                    f"the Job never finishes (parallelism 0 starts no pods), so ttlSecondsAfterFinished {ttl} "
                    f"never deletes it",
                )
            )
        return found

    # No consequence may rest on the scenarios' assumed pod durations: each one below either is
    # stated as a bound that holds for every duration, or is checked at the shortest duration that
    # matters (a longer one only makes it worse), or compares runs of the same duration.
    if ads is not None:
        found.extend(_deadline_for_the_work(job, ads, completions, parallelism, version))
    elif ALWAYS_SIMULATE or (pod_deadline is not None and pod_deadline <= SUCCEED_SECONDS):
        # Without a Job deadline, pods that all succeed complete the Job, unless pods are cut by
        # their own deadline and those failures are never counted; asked at the shortest pods.
        quick = simulate(job, _scenario(f"succeed:duration={SHORTEST_SECONDS}"), version, HORIZON)
        if quick.outcome == "Running":
            found.append(
                Consequence(
                    OWN,
                    "spec.completions" if completions is not None else "spec.parallelism",
                    f"even when every pod succeeds after {SHORTEST_SECONDS} s the Job does not finish within "
                    f"{duration_text(HORIZON)} of simulated time",
                )
            )

    limit = spec.get("backoffLimit")
    failing = _run(job, f"fail:duration={FAIL_SECONDS}", version)
    per_index = spec.get("backoffLimitPerIndex")
    if failing.outcome == "Failed" and failing.reason == "DeadlineExceeded" and ads is not None:
        relaxed = _relaxed_run(job, f"fail:duration={FAIL_SECONDS}", version)
        if relaxed.outcome == "Failed":
            what = f"backoffLimit {limit}" if per_index is None else f"backoffLimitPerIndex {per_index}"
            found.append(
                Consequence(
                    "JL115",
                    "spec.activeDeadlineSeconds",
                    f"with {what} a Job whose pods always fail (each after {FAIL_SECONDS} s) takes "
                    f"{duration_text(relaxed.finished_at)} to fail ({relaxed.reason}, {_pods(len(relaxed.pods))}); "
                    f"activeDeadlineSeconds {ads} ends it first, at {duration_text(failing.finished_at)} after "
                    f"{_pods(len(failing.pods))}, so the limit is never reached",
                )
            )
    elif failing.outcome == "Failed" and failing.reason == "FailedIndexes" and spec.get("maxFailedIndexes") is None:
        found.append(
            Consequence(
                "JL108",
                "spec.maxFailedIndexes",
                f"without maxFailedIndexes a Job whose pods always fail (each after {FAIL_SECONDS} s) runs every "
                f"index to its limit: {_pods(len(failing.pods))} over {duration_text(failing.finished_at)} before it "
                f"fails with FailedIndexes",
            )
        )
    elif failing.outcome == "Running":
        # Pods that fail sooner are retried more often within the horizon: if the Job still runs
        # with the shortest pods, it does with any.
        quick = simulate(job, _scenario(f"fail:duration={SHORTEST_SECONDS}"), version, HORIZON)
        if quick.outcome == "Running":
            field = "spec.podFailurePolicy" if spec.get("podFailurePolicy") else "spec.backoffLimit"
            if not quick.status.get("failed"):
                message = (
                    "a Job whose pods always fail (exit code 1) never fails: the pod failure policy counts "
                    "none of these failures, so the controller replaces the pods for ever"
                )
            else:
                message = (
                    f"a Job whose pods always fail (exit code 1) does not fail within {duration_text(HORIZON)}: "
                    f"even when each pod fails after {SHORTEST_SECONDS} s it is still retrying then, with "
                    f"{_pods(len(quick.pods))} created"
                )
            found.append(Consequence(OWN, field, message))

    # A hanging pod with no pod deadline never ends: only a Job deadline stops it.
    hanging = simulate(job, _scenario("hang"), version, HORIZON) if pod_deadline is not None or ALWAYS_SIMULATE else None
    if hanging is None or hanging.outcome == "Running":
        if ads is None:
            found.append(
                Consequence(
                    "JL114",
                    "spec.activeDeadlineSeconds",
                    "a pod that hangs keeps the Job running for ever: nothing ends it without activeDeadlineSeconds",
                )
            )
    elif hanging.outcome == "Failed" and pod_deadline is not None and ads is None:
        found.append(
            Consequence(
                "JL112",
                "spec.template.spec.activeDeadlineSeconds",
                f"pods that hang are killed after {template['activeDeadlineSeconds']} s (pod activeDeadlineSeconds) "
                f"and replaced; the Job fails with {hanging.reason} at {duration_text(hanging.finished_at)} "
                f"after {_pods(len(hanging.pods))}",
            )
        )

    found.extend(_evictions_fail(job, spec, version))
    return found


def _deadline_for_the_work(
    job: dict[str, Any], ads: int, completions: int | None, parallelism: int | None, version: str
) -> list[Consequence]:
    """activeDeadlineSeconds counts for the whole Job: with several rounds of pods one after
    another, it leaves each pod only a share of it. The number of rounds is measured, not assumed:
    without the deadline, pods that succeed after d seconds complete the Job after about
    rounds x d seconds, so two runs with different durations give it."""
    short = _relaxed_run(job, f"succeed:duration={SUCCEED_SECONDS}", version)
    if short.outcome != "Complete" or short.finished_at is None:
        return []
    longer = _relaxed_run(job, f"succeed:duration={2 * SUCCEED_SECONDS}", version)
    if longer.outcome != "Complete" or longer.finished_at is None:
        return []
    rounds = round((longer.finished_at - short.finished_at) / SUCCEED_SECONDS)
    if rounds < 1 or ads >= rounds * MIN_POD_SECONDS:
        return []
    share = ads / rounds
    share_text = f"{share:.0f} s" if share >= 1 else f"{share:.1f} s"
    if rounds == 1:
        head = f"activeDeadlineSeconds {ads} leaves the Job's pods {share_text} in all"
    else:
        work = f"{completions} completions" if completions is not None else "the work"
        head = (
            f"activeDeadlineSeconds {ads} counts for the whole Job, not per pod: {work} run "
            f"{parallelism} at a time, in {rounds} rounds one after another, so each pod has {share_text} "
            f"on average"
        )
    return [
        Consequence(
            OWN,
            "spec.activeDeadlineSeconds",
            f"{head}, scheduling and start-up included; pods that need longer make the Job fail with "
            f"DeadlineExceeded even when every one of them succeeds",
        )
    ]


# Failure reasons an eviction can cause by itself (a deadline is a matter of time, not of the eviction).
_COUNTED = {
    "BackoffLimitExceeded": "backoffLimit",
    "FailedIndexes": "backoffLimitPerIndex",
    "PodFailurePolicy": "podFailurePolicy",
}


def _evictions_fail(job: dict[str, Any], spec: dict[str, Any], version: str) -> list[Consequence]:
    """Evicting each pod once fails the Job because evictions count as failures: a consequence of
    counting, the same for every pod duration; a Job that fails on its deadline instead is not
    reported (how long the evicted work takes to redo is an assumption)."""
    evicted = _run(job, "evict-once", version)
    if evicted.outcome != "Failed" or evicted.reason not in _COUNTED:
        return []
    end = evicted.finished_at if evicted.finished_at is not None else HORIZON
    evictions = 0
    for pod in evicted.pods:
        if pod.phase != "Failed":
            continue
        if any(c[0] == "DisruptionTarget" for c in pod.conditions):
            evictions += 1
        elif pod.finished is not None and pod.finished < end:
            return []  # other failures (a pod deadline, say) counted too: not the evictions' doing alone
    times = "a single eviction" if evictions == 1 else f"{evictions} evictions"
    if evicted.reason == "PodFailurePolicy":
        why = "a podFailurePolicy rule with action FailJob matches the evicted pod"
        field = "spec.podFailurePolicy"
    elif evicted.reason == "FailedIndexes":
        why = (
            f"an evicted pod counts toward backoffLimitPerIndex {spec.get('backoffLimitPerIndex')} "
            f"of its index, and maxFailedIndexes {spec.get('maxFailedIndexes')} is reached"
        )
        field = "spec.podFailurePolicy" if spec.get("podFailurePolicy") else "spec.backoffLimitPerIndex"
    else:
        limit = spec.get("backoffLimit")
        if spec.get("backoffLimitPerIndex") is not None:
            why = f"an evicted pod counts toward backoffLimitPerIndex {spec.get('backoffLimitPerIndex')} of its index"
        else:
            why = f"evicted pods count toward backoffLimit {limit}"
        field = "spec.podFailurePolicy" if spec.get("podFailurePolicy") else "spec.backoffLimit"
    return [
        Consequence(
            OWN,
            field,
            f"{times} (a node drain, a preemption, the Eviction API) {'fails' if evictions == 1 else 'fail'} "
            f"the Job with {evicted.reason}: {why}, unless a podFailurePolicy rule ignores the "
            f"DisruptionTarget condition",
        )
    ]
