"""The Job controller as a discrete-event simulation.

Time is simulated: a heap of (time, priority, sequence) entries holds pod transitions, cluster
events and controller syncs; nothing reads a clock, and every random draw comes from generators
seeded by the scenario, so the same inputs give the same result.

The controller part follows the sync loop of pkg/controller/job (job_controller.go): one sync at a
time per Job; pod changes and status writes queue a sync after the 1 s batching period, spec
changes (suspend, resume, parallelism) queue one at once, and the controller queues its own syncs
for the end of a pod failure back-off and for activeDeadlineSeconds. Each sync counts the pods that
finished since the last one, decides whether the Job is finished (pod failure policy FailJob,
backoffLimit, activeDeadlineSeconds, failed indexes, success policy, completions), deletes or
creates pods, and writes the status. Where the controller changed between releases the target
version decides (see `Features`). Timed edits of the Job (`update` events) go through the API
server's update validation (joblint.update) against the Job as it is at that moment.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .. import versions
from .backoff import backoff_delay, restart_delay
from .failure_policy import FAIL_INDEX, FAIL_JOB, NO_MATCH, FailurePolicy, Match
from .intervals import Intervals
from .scenario import (
    DISRUPTION_TARGET,
    SIGKILL_EXIT_CODE,
    SIGTERM_EXIT_CODE,
    PlanCache,
    PodPlan,
    Scenario,
    ScenarioError,
    check_scenario,
    template_containers,
)

# --- facts from the controller ------------------------------------------------------------------

SYNC_BATCH_PERIOD = 1.0  # syncJobBatchPeriod: pod events and status writes sync the Job after 1 s
MAX_POD_CREATE_DELETE_PER_SYNC = 500  # MaxPodCreateDeletePerSync
DEFAULT_BACKOFF_LIMIT = 6
MAX_INT32 = 2**31 - 1
JOB_CONTROLLER_NAME = "kubernetes.io/job-controller"
# The pod name generator appends 5 characters from this alphabet to generateName (at most 58
# characters of it are kept, so that the name fits 63).
NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
MAX_GENERATED_NAME_LENGTH = 58
# A simulation without `until` stops after 30 days of simulated time at the latest.
DEFAULT_HORIZON = 30 * 24 * 3600.0
# A dry run stops after this many pods (a Job with completions 2^31-1 is valid): memory and time
# stay bounded, and the result says where it stopped.
MAX_PODS = 150_000
MAX_STEPS = 40 * MAX_PODS

MSG_BACKOFF = "Job has reached the specified backoff limit"
MSG_DEADLINE = "Job was active longer than specified deadline"
MSG_MAX_FAILED_INDEXES = "Job has exceeded the specified maximal number of failed indexes"
MSG_FAILED_INDEXES = "Job has failed indexes"
MSG_COMPLETIONS_REACHED = "Reached expected number of succeeded pods"
POD_DEADLINE_MESSAGE = "Pod was active on the node longer than the specified deadline"
TAINT_MANAGER_REASON = "DeletionByTaintManager"
TAINT_MANAGER_MESSAGE = "Taint manager: deleting due to NoExecute taint"

_ALPHABET_N = len(NAME_ALPHABET)
_TRIPLES_N = _ALPHABET_N**3
_SUFFIXES = _ALPHABET_N**2 * _TRIPLES_N


def _letters(number: int, width: int) -> str:
    """`number` written in NAME_ALPHABET with `width` letters, most significant first."""
    out = []
    for _ in range(width):
        number, digit = divmod(number, _ALPHABET_N)
        out.append(NAME_ALPHABET[digit])
    return "".join(reversed(out))

# Pod phases
PENDING, RUNNING, SUCCEEDED, FAILED = "Pending", "Running", "Succeeded", "Failed"

# Heap entry kinds; at the same instant cluster events and pod transitions come before syncs.
_PRI_CLUSTER, _PRI_POD, _PRI_SYNC = 0, 1, 2
(
    _EV_START,
    _EV_RUN_END,
    _EV_RESTART,
    _EV_STOPPED,
    _EV_POD_DEADLINE,
    _EV_NODE_EVICT,
    _EV_CLUSTER,
    _EV_SYNC,
    _EV_TTL,
) = range(9)


class Features(NamedTuple):
    """What the target version's controller does, where releases differ."""

    version: str
    # 1.31+: a Job that fails or succeeds first gets the interim FailureTarget / SuccessCriteriaMet
    # condition; Failed / Complete follow once no pod is terminating (gated on JobManagedBy or
    # JobPodReplacementPolicy in the source, which is on by default in every supported release).
    delay_terminal: bool
    success_policy: bool  # JobSuccessPolicy (and reason CompletionsReached on completion)
    per_index: bool  # JobBackoffLimitPerIndex (backoffLimitPerIndex, FailIndex)
    replacement_policy: bool  # JobPodReplacementPolicy (podReplacementPolicy, status.terminating)
    managed_by: bool  # JobManagedBy
    pod_failure_policy: bool  # JobPodFailurePolicy
    # 1.36+ (MutableSchedulingDirectivesForSuspendedJobs, KEP-5440): status.startTime is cleared
    # while the Job is suspended, so a resumed Job starts its activeDeadlineSeconds afresh. Before,
    # the start time survives the suspension and the deadline is checked against it at resume,
    # before the controller resets it.
    clear_start_on_suspend: bool

    @classmethod
    def of(cls, version: str) -> "Features":
        version = versions.parse_version(version)
        return cls(
            version=version,
            delay_terminal=versions.at_least(version, "1.31"),
            success_policy=versions.enabled("JobSuccessPolicy", version),
            per_index=versions.enabled("JobBackoffLimitPerIndex", version),
            replacement_policy=versions.enabled("JobPodReplacementPolicy", version),
            managed_by=versions.enabled("JobManagedBy", version),
            pod_failure_policy=versions.enabled("JobPodFailurePolicy", version),
            clear_start_on_suspend=versions.enabled("MutableSchedulingDirectivesForSuspendedJobs", version),
        )


class Pod:
    """One pod of the Job and what the simulation knows about it."""

    __slots__ = (
        "seq",
        "name",
        "index",
        "attempt",
        "created",
        "started",
        "finished",
        "deleted",
        "phase",
        "codes",
        "init_codes",
        "restart_counts",
        "pending_restarts",
        "reason",
        "pod_reason",
        "conditions",
        "tracked",
        "ready",
        "ready_since",
        "restarts",
        "plan",
        "fail_count",
        "ignored_count",
        "gen",
        "stuck",
        "fails",
        "match",
        "runs",
    )

    def __init__(self, seq: int, name: str, index: int | None, attempt: int, created: float, plan: PodPlan) -> None:
        self.seq = seq
        self.name = name
        self.index = index
        self.attempt = attempt
        self.created = created
        self.started: float | None = None
        self.finished: float | None = None
        self.deleted: float | None = None
        self.phase = PENDING
        self.codes: tuple[tuple[str, int | None], ...] = ()
        self.init_codes: tuple[tuple[str, int | None], ...] = ()
        self.restart_counts: dict[str, int] | None = None  # per container, once one restarted
        self.pending_restarts: tuple[str, ...] = ()  # containers the kubelet restarts next
        self.reason: str | None = None  # container termination reason
        self.pod_reason: str | None = None  # pod status reason (DeadlineExceeded)
        self.conditions: list[tuple[str, str, str | None, str | None]] = []
        self.tracked = True  # has the batch.kubernetes.io/job-tracking finalizer
        self.ready = False
        self.ready_since: float | None = None
        self.restarts = 0
        self.plan = plan
        self.fail_count = 0  # batch.kubernetes.io/job-index-failure-count
        self.ignored_count = 0  # batch.kubernetes.io/job-index-ignored-failure-count
        self.gen = 0  # bumps cancel pending transitions
        self.stuck = False  # on a failed node
        self.fails = False  # the current container run ends in failure
        self.match: Match | None = None
        self.runs = 0

    @property
    def terminal(self) -> bool:
        return self.phase == SUCCEEDED or self.phase == FAILED

    def exit_code(self) -> int | None:
        if self.phase == SUCCEEDED:
            return 0
        for _, code in self.codes:
            if code:
                return code
        for _, code in self.init_codes:
            if code:
                return code
        if any(code is not None for _, code in self.codes):
            return 0
        return None

    def shown_reason(self) -> str | None:
        return self.pod_reason or self.reason

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "index": self.index,
            "attempt": self.attempt,
            "created": _t(self.created),
            "started": _t(self.started),
            "finished": _t(self.finished),
            "phase": self.phase,
            "exitCode": self.exit_code() if self.terminal else None,
            "reason": self.shown_reason() if self.terminal else None,
            **({"restartCounts": dict(self.restart_counts)} if self.restart_counts else {}),
        }


def _t(value: float | None) -> float | int | None:
    """Times as seconds from the start: whole numbers as int, others rounded to milliseconds."""
    if value is None:
        return None
    rounded = round(value, 3)
    as_int = int(rounded)
    return as_int if as_int == rounded else rounded


@dataclass
class Condition:
    type: str
    status: str
    reason: str
    message: str
    time: float

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "status": self.status}
        if self.reason:
            out["reason"] = self.reason
        if self.message:
            out["message"] = self.message
        out["lastTransitionTime"] = _t(self.time)
        return out


@dataclass
class DryRunResult:
    """What a dry run produced: the Job, its final status, the Job's events and its pods."""

    job: dict[str, Any]
    version: str
    scenario: str
    status: dict[str, Any]
    events: list[tuple[float, str, str, str]]
    pods: list[Pod]
    end: float
    deleted_at: float | None = None
    finished_at: float | None = None
    outcome: str = "Running"  # Complete, Failed or Running (at the end of the simulation)
    reason: str | None = None
    deadline: float | None = None  # when activeDeadlineSeconds would end the Job (last start)
    notes: list[str] = field(default_factory=list)
    completions: int | None = None

    def to_dict(self) -> dict[str, Any]:
        job = self.job
        if self.deleted_at is not None:
            job = dict(job)
            meta = dict(job.get("metadata") or {})
            meta["deletionTimestamp"] = _t(self.deleted_at)
            job["metadata"] = meta
        return {
            "job": job,
            "status": self.status,
            "events": [
                {"t": _t(t), "type": kind, "reason": reason, "message": message}
                for t, kind, reason, message in self.events
            ],
            "pods": [p.to_dict() for p in self.pods],
            **({"notes": list(self.notes)} if self.notes else {}),
        }


# --- container exit codes ---------------------------------------------------------------------------

Codes = tuple[tuple[str, "int | None"], ...]


class _RunCodes(NamedTuple):
    """How a failing run of a pod ends: the exit codes of its containers and init containers (None:
    the container never ran or still runs), whether the pod fails, and which containers the
    kubelet restarts under restartPolicy OnFailure."""

    codes: Codes
    init_codes: Codes
    failed: bool
    restarting: tuple[str, ...]


def _run_codes(exit_code: Any, containers: tuple[str, ...], inits: tuple[str, ...], sidecars: frozenset[str]) -> _RunCodes:
    """The exit codes a scenario's `exitCode` gives a failing run. One number applies to every
    regular container. A map by name may name init containers: the first (non-sidecar) init
    container with a non-zero code fails the pod before its regular containers start; a sidecar's
    code is reported but, as the kubelet restarts sidecars itself, fails nothing."""
    if not isinstance(exit_code, dict):
        codes = tuple((name, int(exit_code)) for name in containers)
        inits_done = tuple((name, 0) for name in inits)
        failing = tuple(name for name, code in codes if code)
        return _RunCodes(codes, inits_done, bool(failing), failing)
    for position, name in enumerate(inits):
        code = int(exit_code.get(name, 0))
        if code and name not in sidecars:
            init_codes: list[tuple[str, int | None]] = []
            for before in inits[:position]:
                init_codes.append((before, None if before in sidecars else 0))
            init_codes.append((name, code))
            init_codes.extend((after, None) for after in inits[position + 1 :])
            return _RunCodes(tuple((c, None) for c in containers), tuple(init_codes), True, (name,))
    codes = tuple((name, int(exit_code.get(name, 0))) for name in containers)
    init_codes_done = tuple((name, int(exit_code.get(name, 0)) if name in sidecars else 0) for name in inits)
    failing = tuple(name for name, code in codes if code)
    return _RunCodes(codes, init_codes_done, bool(failing), failing)


def _shutdown(plan: PodPlan) -> float:
    """Seconds a deleted pod's containers take to exit after SIGTERM."""
    if plan.sigterm is not None and plan.sigterm.after is not None:
        return float(plan.sigterm.after)
    return plan.shutdown


def _merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch (what `kubectl patch --type merge` sends)."""
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _merge_patch(out.get(key), value)
    return out


# --- the simulation --------------------------------------------------------------------------------


def _name_base(name: str) -> str:
    return name[:MAX_GENERATED_NAME_LENGTH]


def _index_base(name: str, index: int) -> str:
    suffix = f"-{index}-"
    prefix = name + suffix
    if len(prefix) > MAX_GENERATED_NAME_LENGTH:
        prefix = prefix[: MAX_GENERATED_NAME_LENGTH - len(suffix)] + suffix
    return prefix


class JobSimulation:
    def __init__(self, job: dict[str, Any], scenario: Scenario, version: str = versions.DEFAULT, until: float | None = None) -> None:
        self.job = job
        self.scenario = scenario
        self.features = f = Features.of(version)
        self.until = DEFAULT_HORIZON if until is None else float(until)
        self.explicit_until = until is not None
        meta = job.get("metadata") or {}
        self.name = str(meta.get("name") or meta.get("generateName") or "job")
        self.namespace = str(meta.get("namespace") or "default")
        spec = job.get("spec") or {}
        self.spec = dict(spec)  # the Job's spec as timed edits leave it
        completions = spec.get("completions")
        parallelism = spec.get("parallelism")
        if completions is None and parallelism is None:
            completions = 1  # the API default when neither is given
        self.completions: int | None = None if completions is None else int(completions)
        self.parallelism = 1 if parallelism is None else int(parallelism)
        limit = spec.get("backoffLimit")
        self.indexed = spec.get("completionMode") == "Indexed" and self.completions is not None
        per_index_limit = spec.get("backoffLimitPerIndex")
        self.per_index = self.indexed and f.per_index and per_index_limit is not None
        if limit is None:
            limit = MAX_INT32 if self.per_index else DEFAULT_BACKOFF_LIMIT
        self.backoff_limit = int(limit)
        self.per_index_limit = int(per_index_limit) if (self.per_index and per_index_limit is not None) else 0
        max_failed = spec.get("maxFailedIndexes")
        self.max_failed = int(max_failed) if (self.per_index and max_failed is not None) else None
        ads = spec.get("activeDeadlineSeconds")
        self.ads: float | None = None if ads is None else float(ads)
        self.suspend = bool(spec.get("suspend"))
        ttl = spec.get("ttlSecondsAfterFinished")
        self.ttl: float | None = None if ttl is None else float(ttl)
        template = (spec.get("template") or {}).get("spec") or {}
        self.restart_policy = str(template.get("restartPolicy") or "Never")
        pod_ads = template.get("activeDeadlineSeconds")
        # The API server accepts only positive deadlines; anything else (an object it would reject)
        # must not send simulated time backwards.
        self.pod_ads: float | None = None if pod_ads is None or float(pod_ads) <= 0 else float(pod_ads)
        grace = template.get("terminationGracePeriodSeconds")
        self.grace = 30.0 if grace is None else float(grace)
        containers, inits, sidecars = template_containers(job)
        self.containers = containers or ("main",)
        self.init_containers = inits
        self.sidecars = frozenset(sidecars)
        self.zero_init: tuple[tuple[str, int | None], ...] = tuple((name, 0) for name in inits)
        check_scenario(scenario, job)
        pfp = spec.get("podFailurePolicy")
        self.policy = FailurePolicy(pfp, f.per_index) if (pfp is not None and f.pod_failure_policy) else None
        self.only_replace_failed = (f.replacement_policy and spec.get("podReplacementPolicy") == "Failed") or self.policy is not None
        self.track_terminating = f.replacement_policy or f.managed_by or self.policy is not None
        self.success_rules = None
        sp = spec.get("successPolicy")
        if sp is not None and f.success_policy and self.indexed:
            self.success_rules = list(sp.get("rules") or [])
        managed_by = spec.get("managedBy")
        self.external = f.managed_by and managed_by is not None and managed_by != JOB_CONTROLLER_NAME

        self.zero_codes: tuple[tuple[str, int | None], ...] = tuple((name, 0) for name in self.containers)
        self._codes_cache: dict[int, tuple[PodPlan, _RunCodes]] = {}
        self.plans = PlanCache(scenario)
        self.rng = random.Random(scenario.seed * 2 + 1)
        self.name_rng = random.Random(scenario.seed * 2)
        self.fail_draw = self.plans.plan(None, 0).fail_probability > 0 or any(
            o.fail_probability for o in scenario.overrides
        )

        # event queue
        self.heap: list[tuple[float, int, int, int, Any, int]] = []
        self.seq = 0
        self.sync_at: float | None = None
        self.now = 0.0

        # status
        self.start_time: float | None = None
        self.completion_time: float | None = None
        self.conditions: list[Condition] = []
        self.st_active = 0
        self.st_ready = 0
        self.st_terminating: int | None = None
        self.st_succeeded = 0
        self.st_failed = 0
        self.succ_idx = Intervals()
        self.failed_idx: Intervals | None = Intervals() if self.per_index else None
        self.status_written = False
        self.finished = False
        self.finished_at: float | None = None
        self.deleted_at: float | None = None
        self.events: list[tuple[float, str, str, str]] = []
        self.notes: list[str] = []

        # back-off record
        self.bo_failures = 0
        self.bo_last: float | None = None

        # pods
        self.pods: list[Pod] = []
        self.active: dict[int, Pod] = {}
        self.terminating: dict[int, Pod] = {}
        self.unaccounted: dict[int, Pod] = {}
        self.ready_count = 0
        self.failed_seen = 0  # pods failed so far (non-indexed attempt numbers)
        self.attempts: dict[int, int] = {}
        self.active_idx: dict[int, int] = {}
        self.term_idx: dict[int, int] = {}
        self.retry: list[int] = []
        self.queued: set[int] = set()
        self.fresh_next = 0
        self.delayed: dict[int, Pod] = {}
        self.out_of_range = False  # completions went down: active pods may have indexes beyond it

    # --- queue ------------------------------------------------------------------------------------

    def _push(self, t: float, pri: int, kind: int, obj: Any = None, gen: int = 0) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (t, pri, self.seq, kind, obj, gen))

    def request_sync(self, t: float) -> None:
        """Queue a sync of the Job at `t` (the work queue keeps the earliest time per Job)."""
        if self.finished or self.deleted_at is not None:
            return
        if t < self.now:
            t = self.now
        if self.sync_at is None or t < self.sync_at:
            self.sync_at = t
            self._push(t, _PRI_SYNC, _EV_SYNC)

    def pod_changed(self, now: float) -> None:
        self.request_sync(now + SYNC_BATCH_PERIOD)

    def event(self, now: float, kind: str, reason: str, message: str) -> None:
        self.events.append((now, kind, reason, message))

    # --- running ------------------------------------------------------------------------------------

    def run(self) -> DryRunResult:
        for number, ev in sorted(enumerate(self.scenario.events), key=lambda item: item[1].at):
            self._push(float(ev.at), _PRI_CLUSTER, _EV_CLUSTER, (number, ev))
        if not self.external:
            self.request_sync(0.0)
        until = self.until
        heap = self.heap
        end = 0.0
        steps = 0
        while heap:
            t, _, _, kind, obj, gen = heap[0]
            if t > until:
                break
            steps += 1
            if len(self.pods) >= MAX_PODS or steps > MAX_STEPS:
                what = f"{MAX_PODS:,} pods" if len(self.pods) >= MAX_PODS else f"{MAX_STEPS:,} controller steps"
                self.notes.append(f"the dry run stopped after {what}, at {t:g} s of simulated time")
                until = self.until = t
                self.explicit_until = True
                break
            heapq.heappop(heap)
            self.now = t
            end = t
            if kind == _EV_SYNC:
                if self.sync_at != t:
                    continue
                self.sync_at = None
                self.sync(t)
            elif kind == _EV_CLUSTER:
                self.cluster_event(t, obj)
            elif kind == _EV_TTL:
                self.ttl_delete(t)
            else:
                if obj.gen != gen:
                    continue
                if kind == _EV_START:
                    self.pod_start(t, obj)
                elif kind == _EV_RUN_END:
                    self.pod_run_end(t, obj)
                elif kind == _EV_RESTART:
                    self.pod_restart(t, obj)
                elif kind == _EV_STOPPED:
                    self.pod_stopped(t, obj)
                elif kind == _EV_POD_DEADLINE:
                    self.pod_deadline(t, obj)
                elif kind == _EV_NODE_EVICT:
                    self.node_evict(t, obj)
        if heap or self.explicit_until:
            end = self.until
        return self.result(end)

    # --- pods ----------------------------------------------------------------------------------------

    def _suffix(self) -> str:
        a, b = divmod(int(self.name_rng.random() * _SUFFIXES), _TRIPLES_N)
        return _letters(a, 2) + _letters(b, 3)

    def create_pod(self, now: float, index: int | None, fail_count: int = 0, ignored_count: int = 0) -> Pod:
        if index is None:
            attempt = self.failed_seen
            name = _name_base(self.name + "-") + self._suffix()
        else:
            attempt = self.attempts.get(index, 0)
            self.attempts[index] = attempt + 1
            name = _index_base(self.name, index) + self._suffix()
        plan = self.plans.plan(index, attempt, len(self.pods))
        pod = Pod(len(self.pods), name, index, attempt, now, plan)
        pod.fail_count = fail_count
        pod.ignored_count = ignored_count
        self.pods.append(pod)
        self.active[pod.seq] = pod
        if index is not None:
            self.active_idx[index] = self.active_idx.get(index, 0) + 1
        self.event(now, "Normal", "SuccessfulCreate", f"Created pod: {name}")
        if self.pod_ads is not None:
            self._push(now + self.pod_ads, _PRI_POD, _EV_POD_DEADLINE, pod, pod.gen)
        if plan.startup > 0:
            self._push(now + plan.startup, _PRI_POD, _EV_START, pod, pod.gen)
        else:
            self.pod_start(now, pod)
        return pod

    def _draw_failure(self, plan: PodPlan) -> bool:
        if plan.outcome == "fail":
            return True
        if plan.outcome == "succeed" and plan.fail_probability > 0:
            return self.rng.random() < plan.fail_probability
        return False

    def _begin_run(self, now: float, pod: Pod) -> None:
        plan = pod.plan
        pod.runs += 1
        if pod.runs <= plan.failures:
            pod.fails = True  # one of the failures the scenario asks for before its outcome
        elif plan.outcome == "hang":
            return
        else:
            pod.fails = self._draw_failure(plan)
        self._push(now + plan.duration, _PRI_POD, _EV_RUN_END, pod, pod.gen)

    def pod_start(self, now: float, pod: Pod) -> None:
        if pod.terminal or pod.deleted is not None:
            return
        pod.phase = RUNNING
        pod.started = now
        self._set_ready(pod, True, now)
        self._begin_run(now, pod)
        self.pod_changed(now)

    def _set_ready(self, pod: Pod, ready: bool, now: float) -> None:
        if pod.ready == ready:
            return
        pod.ready = ready
        pod.ready_since = now if ready else None
        if pod.seq in self.active:
            self.ready_count += 1 if ready else -1

    def _leave_active(self, pod: Pod) -> None:
        if self.active.pop(pod.seq, None) is not None:
            if pod.ready:
                self.ready_count -= 1
            if pod.index is not None:
                left = self.active_idx[pod.index] - 1
                if left:
                    self.active_idx[pod.index] = left
                else:
                    del self.active_idx[pod.index]
                self._queue_index(pod.index)

    def _queue_index(self, index: int) -> None:
        if index not in self.queued:
            self.queued.add(index)
            heapq.heappush(self.retry, index)

    def _failure_codes(self, plan: PodPlan) -> "_RunCodes":
        found = self._codes_cache.get(id(plan))
        if found is not None and found[0] is plan:
            return found[1]
        result = _run_codes(plan.exit_code, self.containers, self.init_containers, self.sidecars)
        self._codes_cache[id(plan)] = (plan, result)
        return result

    def pod_run_end(self, now: float, pod: Pod) -> None:
        plan = pod.plan
        if not pod.fails:
            pod.codes = self.zero_codes
            pod.init_codes = self.zero_init
            pod.reason = "Completed"
            self.pod_terminal(now, pod, SUCCEEDED)
            return
        run = self._failure_codes(plan)
        disrupted = bool(plan.conditions)
        if self.restart_policy == "OnFailure" and not disrupted and run.restarting:
            # The kubelet restarts the failed containers (an init container that failed, or the
            # regular containers that did) in place; the pod stays Running and their restart
            # counts grow, which the controller counts toward backoffLimit.
            pod.codes = run.codes
            pod.init_codes = run.init_codes
            pod.pending_restarts = run.restarting
            self._set_ready(pod, False, now)
            self._push(now + restart_delay(pod.runs), _PRI_POD, _EV_RESTART, pod, pod.gen)
            self.pod_changed(now)
            return
        pod.codes = run.codes
        pod.init_codes = run.init_codes
        pod.reason = plan.reason or ("Error" if run.failed else "Completed")
        for cond in plan.conditions:
            pod.conditions.append((cond.type, cond.status, cond.reason, cond.message))
        self.pod_terminal(now, pod, FAILED if run.failed or disrupted else SUCCEEDED)

    def pod_restart(self, now: float, pod: Pod) -> None:
        if pod.terminal or pod.deleted is not None:
            return
        counts = pod.restart_counts
        if counts is None:
            counts = pod.restart_counts = {}
        for name in pod.pending_restarts or self.containers[:1]:
            counts[name] = counts.get(name, 0) + 1
            pod.restarts += 1
        pod.pending_restarts = ()
        self._set_ready(pod, True, now)
        self._begin_run(now, pod)
        self.pod_changed(now)

    def pod_terminal(self, now: float, pod: Pod, phase: str) -> None:
        if pod.terminal:
            return
        pod.gen += 1
        pod.phase = phase
        pod.finished = now
        self._set_ready(pod, False, now)
        self._leave_active(pod)
        if self.terminating.pop(pod.seq, None) is not None and pod.index is not None:
            self._term_idx_dec(pod.index)
            self._queue_index(pod.index)
        if phase == FAILED and pod.deleted is None:
            self.failed_seen += 1
        if pod.tracked:
            self.unaccounted[pod.seq] = pod
        self.pod_changed(now)

    def _term_idx_dec(self, index: int) -> None:
        left = self.term_idx.get(index, 0) - 1
        if left > 0:
            self.term_idx[index] = left
        else:
            self.term_idx.pop(index, None)

    def delete_pod(self, now: float, pod: Pod, remove_finalizer: bool = False) -> None:
        """Graceful deletion: the pod gets a deletion timestamp and stops after its shutdown time."""
        if remove_finalizer and pod.tracked:
            pod.tracked = False
            self.unaccounted.pop(pod.seq, None)
        if pod.deleted is not None:
            return
        pod.deleted = now
        if pod.terminal:
            return
        self._leave_active(pod)
        self.terminating[pod.seq] = pod
        if pod.index is not None:
            self.term_idx[pod.index] = self.term_idx.get(pod.index, 0) + 1
        self.failed_seen += 1
        if pod.tracked and not self.only_replace_failed:
            self.unaccounted[pod.seq] = pod  # counted as failed from now on
        pod.gen += 1
        if pod.stuck:
            self.pod_changed(now)
            return
        if pod.phase == PENDING:
            delay = 0.0
        else:
            delay = min(_shutdown(pod.plan), self.grace)
        self._push(now + delay, _PRI_POD, _EV_STOPPED, pod, pod.gen)
        self.pod_changed(now)

    def pod_stopped(self, now: float, pod: Pod) -> None:
        """A deleted pod's containers have exited: as the scenario says they answer SIGTERM, or
        killed (137) at the end of terminationGracePeriodSeconds. A pod whose containers all exit 0
        ends Succeeded (the kubelet's phase for terminated containers), and the controller then
        counts it as it finds it: a success when it waits for terminal pods (podReplacementPolicy
        Failed, a podFailurePolicy), a failure when it already counted the deleted pod as failed."""
        if pod.terminal:
            return
        phase = FAILED
        if pod.phase == RUNNING:
            sigterm = pod.plan.sigterm
            if _shutdown(pod.plan) > self.grace:
                pod.codes = tuple((name, SIGKILL_EXIT_CODE) for name in self.containers)
            elif sigterm is None:
                pod.codes = tuple((name, SIGTERM_EXIT_CODE) for name in self.containers)
            elif isinstance(sigterm.exit_code, dict):
                answer = sigterm.exit_code
                pod.codes = tuple((name, int(answer.get(name, SIGTERM_EXIT_CODE))) for name in self.containers)
            else:
                pod.codes = tuple((name, int(sigterm.exit_code)) for name in self.containers)
            if any(code for _, code in pod.codes):
                pod.reason = "Error"
            else:
                pod.reason = "Completed"
                phase = SUCCEEDED
        self.pod_terminal(now, pod, phase)

    def pod_deadline(self, now: float, pod: Pod) -> None:
        """The kubelet ends a pod that outlives spec.template.spec.activeDeadlineSeconds."""
        if pod.terminal or pod.deleted is not None or pod.stuck:
            return
        if pod.phase == RUNNING:
            pod.codes = tuple((name, SIGKILL_EXIT_CODE) for name in self.containers)
            pod.reason = "Error"
        pod.pod_reason = "DeadlineExceeded"
        self.pod_terminal(now, pod, FAILED)

    def node_evict(self, now: float, pod: Pod) -> None:
        if pod.terminal or pod.deleted is not None:
            return
        pod.conditions.append((DISRUPTION_TARGET, "True", TAINT_MANAGER_REASON, TAINT_MANAGER_MESSAGE))
        self.delete_pod(now, pod)

    # --- cluster events ---------------------------------------------------------------------------

    def _target(self, ev: Any) -> Pod | None:
        if not self.active:
            return None
        if ev.index is not None:
            for pod in self.active.values():
                if pod.index == ev.index:
                    return pod
            return None
        pods = sorted(self.active.values(), key=lambda p: (p.created, p.seq))
        n = ev.pod or 0
        return pods[n] if n < len(pods) else None

    def cluster_event(self, now: float, item: Any) -> None:
        number, ev = item
        action = ev.action
        if action in ("suspend", "resume"):
            self.apply_edit(now, number, {"suspend": action == "suspend"})
            return
        if action == "set-parallelism":
            self.apply_edit(now, number, {"parallelism": int(ev.value)})
            return
        if action == "update":
            self.apply_edit(now, number, ev.spec.patch())
            return
        pod = self._target(ev)
        if pod is None:
            self.notes.append(f"t={_t(now)}: {action}: no matching active pod")
            return
        if action == "delete-pod":
            self.delete_pod(now, pod)
        elif action == "evict-pod":
            pod.conditions.append((DISRUPTION_TARGET, "True", "EvictionByEvictionAPI", "Eviction API: evicting"))
            self.delete_pod(now, pod)
        elif action == "node-failure":
            pod.stuck = True
            pod.gen += 1
            self._set_ready(pod, False, now)
            self._push(now + self.scenario.node_eviction_seconds, _PRI_POD, _EV_NODE_EVICT, pod, pod.gen)
            self.pod_changed(now)

    def _mutable_template(self) -> bool:
        """The registry strategy's AllowMutableSchedulingDirectives on the live Job: suspended and
        not started; from 1.36 (KEP-5440) also suspended with no active pod left."""
        if not self.suspend:
            return False
        if self.start_time is None:
            return True
        if self.features.clear_start_on_suspend:
            suspended = self._condition("Suspended")
            return suspended is not None and suspended.status == "True" and self.st_active == 0
        return False

    def apply_edit(self, now: float, number: int, patch: dict[str, Any]) -> None:
        """A timed change of the Job's spec: refused as the API server's update validation (JL030)
        refuses it, otherwise applied and the Job synced at once (a spec change is a Job update)."""
        from ..update import job_spec_changes

        if self.finished or self.deleted_at is not None:
            self.notes.append(f"t={_t(now)}: update of a finished Job: nothing changes")
            return
        old = self.spec
        new = _merge_patch(old, patch)
        where = f"{self.scenario.where('events', number)}: events[{number}] at {_t(now)} s: the API server refuses this update"
        # The registry strategy's ValidateUpdate: ValidateJob on the new object, then ValidateJobUpdate.
        errors, new = self._validate_new(new)
        if errors:
            raise ScenarioError(f"{where}: {'; '.join(str(e) for e in errors[:3])}")
        changes = job_spec_changes(old, new, self._mutable_template(), self.features.version)
        if changes:
            change = changes[0]
            raise ScenarioError(f"{where}: {change.error}; {change.advice}")
        self.spec = new
        if "parallelism" in patch:
            self.parallelism = int(patch["parallelism"])
        if "suspend" in patch:
            self.suspend = bool(patch["suspend"])
        if "backoffLimit" in patch:
            self.backoff_limit = int(patch["backoffLimit"])
        if "activeDeadlineSeconds" in patch:
            self.ads = float(patch["activeDeadlineSeconds"])
        if "completions" in patch and self.indexed:
            self._set_completions(int(patch["completions"]))
        self.request_sync(now)

    def _validate_new(self, spec: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        """The edited Job as the server stores it (decoded, defaulted) and the errors of its
        create-time validation (ValidateJob): ranges, the Indexed limits, a template edit's pod."""
        from ..defaults import default_job
        from ..model import Job
        from ..validation import validate_job

        body = dict(self.job)
        body["spec"] = spec
        body.pop("status", None)
        try:
            model = default_job(Job.model_validate(body), self.features.version)
        except Exception as exc:  # a patch of the wrong shape: the server's decoding refuses it
            details = getattr(exc, "errors", None)
            if callable(details):
                first = details()[0]
                dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first.get("loc", ())).lstrip(".")
                return [f"{dotted}: {first.get('msg', 'invalid value')}"], spec
            return [f"the patched Job does not decode: {exc}"], spec
        stored = model.dump()
        return list(validate_job(model, self.features.version, stored=stored)), stored.get("spec") or spec

    def _set_completions(self, completions: int) -> None:
        """Elastic Indexed Job: the controller reads completedIndexes and failedIndexes up to the new
        completions (parseIndexesFromString), removes active pods whose index is out of range, and
        creates pods for the new indexes."""
        old = self.completions or 0
        self.completions = completions
        if completions < old:
            self.succ_idx = Intervals.parse(str(self.succ_idx), completions)
            if self.failed_idx is not None:
                self.failed_idx = Intervals.parse(str(self.failed_idx), completions)
            self.out_of_range = True
        # pending indexes are searched afresh
        self.fresh_next = 0
        self.retry = []
        self.queued = set()

    def ttl_delete(self, now: float) -> None:
        self.deleted_at = now
        for pod in list(self.active.values()) + list(self.terminating.values()):
            self.delete_pod(now, pod, remove_finalizer=True)

    # --- the controller ---------------------------------------------------------------------------

    def is_failed(self, pod: Pod) -> bool:
        if pod.phase == FAILED:
            return True
        if self.only_replace_failed:
            return False
        return pod.deleted is not None and pod.phase != SUCCEEDED

    def match(self, pod: Pod) -> Match:
        if self.policy is None:
            return NO_MATCH
        if pod.match is not None and pod.terminal:
            return pod.match
        result = self.policy.match(
            self.namespace,
            pod.name,
            pod.codes if pod.terminal else (),
            pod.init_codes if pod.terminal else (),
            [(c[0], c[1]) for c in pod.conditions],
        )
        if pod.terminal:
            pod.match = result
        return result

    def _finish_time(self, pod: Pod) -> float:
        if pod.finished is not None:
            return pod.finished
        if pod.deleted is not None:
            return pod.deleted
        return pod.created

    def _condition(self, ctype: str) -> Condition | None:
        for cond in self.conditions:
            if cond.type == ctype:
                return cond
        return None

    def _ensure_condition(self, ctype: str, status: str, reason: str, message: str, now: float) -> bool:
        cond = self._condition(ctype)
        if cond is not None:
            if cond.status != status or cond.reason != reason or cond.message != message:
                cond.status, cond.reason, cond.message, cond.time = status, reason, message, now
                return True
            return False
        if status != "False":
            self.conditions.append(Condition(ctype, status, reason, message, now))
            return True
        return False

    def _failure(self, reason: str, message: str) -> tuple[str, str, str]:
        return ("FailureTarget" if self.features.delay_terminal else "Failed", reason, message)

    def _past_backoff_on_failure(self) -> bool:
        if self.restart_policy != "OnFailure":
            return False
        total = 0
        for pod in self.active.values():
            total += pod.restarts
        for pod in self.terminating.values():
            if pod.phase in (RUNNING, PENDING):
                total += pod.restarts
        if self.backoff_limit == 0:
            return total > 0
        return total >= self.backoff_limit

    def _index_failed(self, pod: Pod) -> bool:
        if not self.is_failed(pod):
            return False
        if self.policy is not None:
            m = self.match(pod)
            if m.action == FAIL_INDEX:
                return True
            counted = m.counts
        else:
            counted = True
        return counted and pod.fail_count >= self.per_index_limit

    def _snapshot(self) -> tuple[Any, ...]:
        return (
            self.start_time,
            self.st_active,
            self.st_ready,
            self.st_terminating,
            self.st_succeeded,
            self.st_failed,
            len(self.succ_idx),
            len(self.failed_idx) if self.failed_idx is not None else -1,
            tuple((c.type, c.status, c.reason, c.time) for c in self.conditions),
            self.completion_time,
        )

    def sync(self, now: float) -> None:
        if self.finished or self.deleted_at is not None or self.external:
            return
        before = self._snapshot()
        completions = self.completions
        indexed = self.indexed
        new_succ: list[Pod] = []
        new_fail: list[Pod] = []
        for pod in self.unaccounted.values():
            if indexed and pod.index is not None and completions is not None and pod.index >= completions:
                continue
            if pod.phase == SUCCEEDED:
                new_succ.append(pod)
            elif self.is_failed(pod):
                new_fail.append(pod)
        policy = self.policy
        succeeded = self.st_succeeded + len(new_succ)
        if policy is None:
            failed = self.st_failed + len(new_fail)
        else:
            failed = self.st_failed + sum(1 for p in new_fail if self.match(p).counts)

        if self.start_time is None and not self.suspend:
            self.start_time = now

        # back-off record: consecutive failures since the last success and the last failure time
        bo_failures, bo_last = self.bo_failures, self.bo_last
        if new_succ or new_fail:
            if not new_succ:
                bo_failures += len(new_fail)
                bo_last = max(self._finish_time(p) for p in new_fail)
            else:
                bo_failures, bo_last = 0, None
                last_success = max(self._finish_time(p) for p in new_succ)
                for t in sorted((self._finish_time(p) for p in new_fail), reverse=True):
                    if not t > last_success:
                        break
                    if bo_last is None:
                        bo_last = t
                    bo_failures += 1

        finished: tuple[str, str, str] | None = None
        f = self.features
        if f.success_policy or f.delay_terminal:
            scm = self._condition("SuccessCriteriaMet")
            if scm is not None and scm.status == "True":
                finished = ("SuccessCriteriaMet", scm.reason, scm.message)
        if finished is None:
            target = self._condition("FailureTarget")
            if target is not None and target.status == "True":
                finished = ("Failed", target.reason, target.message)
            elif policy is not None:
                for pod in new_fail:
                    if pod.phase == FAILED:
                        m = self.match(pod)
                        if m.action == FAIL_JOB and m.message:
                            finished = ("FailureTarget", "PodFailurePolicy", m.message)
                            break
        if finished is None:
            if failed > self.backoff_limit or self._past_backoff_on_failure():
                finished = self._failure("BackoffLimitExceeded", MSG_BACKOFF)
            elif self._past_deadline(now):
                finished = self._failure("DeadlineExceeded", MSG_DEADLINE)
            elif self.ads is not None and not self.suspend and self.start_time is not None:
                self.request_sync(self.start_time + self.ads)

        if indexed:
            assert completions is not None
            for pod in new_succ:
                if pod.index is not None and pod.index < completions:
                    self.succ_idx.add(pod.index)
            succeeded = len(self.succ_idx)
            if self.per_index:
                failed_idx = self.failed_idx
                assert failed_idx is not None
                for pod in new_fail:
                    if pod.index is not None and pod.index not in failed_idx and self._index_failed(pod):
                        failed_idx.add(pod.index)
                if finished is None:
                    n_failed = len(failed_idx)
                    if self.max_failed is not None and n_failed > self.max_failed:
                        finished = self._failure("MaxFailedIndexesExceeded", MSG_MAX_FAILED_INDEXES)
                    elif n_failed > 0 and n_failed + succeeded >= completions:
                        finished = self._failure("FailedIndexes", MSG_FAILED_INDEXES)
                delayed: dict[int, Pod] = {}
                for pod in new_fail:
                    ix = pod.index
                    if ix is None or ix in self.succ_idx or ix in failed_idx or ix in self.active_idx:
                        continue
                    last = delayed.get(ix)
                    if last is None or (
                        last.fail_count + last.ignored_count <= pod.fail_count + pod.ignored_count
                        and not self._finish_time(pod) < self._finish_time(last)
                    ):
                        delayed[ix] = pod
                self.delayed = delayed
            if finished is None and self.success_rules is not None:
                met = self._match_success_policy(completions)
                if met is not None:
                    finished = ("SuccessCriteriaMet", "SuccessPolicy", met)

        self.bo_failures, self.bo_last = bo_failures, bo_last
        suspend_changed = False
        seen_failed: dict[int, bool] | None = None
        if finished is not None:
            # The sync works on the pods as listed before its deletions.
            seen_failed = {p.seq: self.is_failed(p) for p in self.active.values()}
            for pod in sorted(self.active.values(), key=lambda p: p.seq):
                self.delete_pod(now, pod)
                self.event(now, "Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}")
            active = 0
        else:
            active = self.manage(now, succeeded)
            if completions is None:
                complete = succeeded > 0 and active == 0
            else:
                complete = succeeded >= completions and active == 0
            if complete:
                ctype = "SuccessCriteriaMet" if f.delay_terminal else "Complete"
                if f.success_policy:
                    finished = (ctype, "CompletionsReached", MSG_COMPLETIONS_REACHED)
                else:
                    finished = (ctype, "", "")
            elif self.suspend:
                if self._ensure_condition("Suspended", "True", "JobSuspended", "Job suspended", now):
                    suspend_changed = True
                    self.event(now, "Normal", "Suspended", "Job suspended")
                    if f.clear_start_on_suspend:
                        self.start_time = None
            else:
                if self._ensure_condition("Suspended", "False", "JobResumed", "Job resumed", now):
                    suspend_changed = True
                    self.event(now, "Normal", "Resumed", "Job resumed")
                    self.start_time = now

        self.st_active = active
        self.st_ready = self.ready_count
        self.st_terminating = len(self.terminating) if self.track_terminating and f.replacement_policy else None
        self.track_status(now, finished, seen_failed)
        if suspend_changed or self._snapshot() != before:
            self.status_written = True
            # A status write is a Job update: the controller syncs again after the batching period.
            self.request_sync(now + SYNC_BATCH_PERIOD)

    def _past_deadline(self, now: float) -> bool:
        if self.ads is None or self.start_time is None or self.suspend:
            return False
        return now - self.start_time >= self.ads

    def _match_success_policy(self, completions: int) -> str | None:
        assert self.success_rules is not None
        if not len(self.succ_idx):
            return None
        for position, rule in enumerate(self.success_rules):
            indexes_text = rule.get("succeededIndexes")
            count = rule.get("succeededCount")
            if indexes_text is not None:
                try:
                    required = Intervals.parse(str(indexes_text), completions)
                except ValueError:
                    continue
                if not len(required):
                    continue
                contained = required.overlap(self.succ_idx)  # whole ranges: "0-2147483646" is one step
                if contained == len(required) or (count is not None and contained >= int(count)):
                    return f"Matched rules at index {position}"
            elif count is not None and len(self.succ_idx) >= int(count):
                return f"Matched rules at index {position}"
        return None

    def manage(self, now: float, succeeded: int) -> int:
        active_pods = self.active
        active = len(active_pods)
        if self.suspend:
            for pod in sorted(active_pods.values(), key=self._removal_key)[:]:
                self.delete_pod(now, pod, remove_finalizer=True)
                self.event(now, "Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}")
            return len(active_pods)
        if self.completions is None:
            want = active if succeeded > 0 else self.parallelism
        else:
            want = min(self.completions - succeeded, self.parallelism)
            want = max(want, 0)
        rm = active - want
        out: list[Pod] = []
        if self.out_of_range and self.completions is not None:
            # activePodsForRemoval: pods whose index is at or above completions go first
            limit = self.completions
            out = [p for p in active_pods.values() if p.index is not None and p.index >= limit]
            if not out:
                self.out_of_range = False
        if rm > 0 or out:
            victims = sorted(out, key=lambda p: p.seq)
            if rm > len(victims):
                taken = {p.seq for p in victims}
                rest = [p for p in active_pods.values() if p.seq not in taken]
                victims += sorted(rest, key=self._removal_key)[: rm - len(victims)]
            victims = victims[:MAX_POD_CREATE_DELETE_PER_SYNC]
            for pod in victims:
                self.delete_pod(now, pod, remove_finalizer=True)
                self.event(now, "Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}")
            return len(active_pods)
        terminating = len(self.terminating) if self.only_replace_failed else 0
        diff = want - terminating - active
        if diff <= 0:
            return active
        if not self.per_index:
            left = self._global_remaining(now)
            if left > 0:
                self.request_sync(now + max(left, SYNC_BATCH_PERIOD))
                return 0  # the controller reports no active pods while it waits
        diff = min(diff, MAX_POD_CREATE_DELETE_PER_SYNC)
        if not self.indexed:
            for _ in range(diff):
                self.create_pod(now, None)
            return active + diff
        indexes = self._first_pending(diff)
        if self.per_index:
            ready: list[int] = []
            waiting: list[int] = []
            soonest: float | None = None
            for ix in indexes:
                left = self._index_remaining(now, ix)
                if left == 0:
                    ready.append(ix)
                else:
                    waiting.append(ix)
                    if soonest is None or left < soonest:
                        soonest = left
            if not ready:
                for ix in indexes:
                    self._queue_index(ix)
                self.request_sync(now + max(soonest or 0.0, SYNC_BATCH_PERIOD))
                return 0
            for ix in waiting:
                self._queue_index(ix)
            indexes = ready
        for ix in indexes:
            fail_count = ignored = 0
            replaced = self.delayed.get(ix) if self.per_index else None
            if replaced is not None:
                fail_count, ignored = replaced.fail_count, replaced.ignored_count
                if self.match(replaced).counts:
                    fail_count += 1
                else:
                    ignored += 1
            self.create_pod(now, ix, fail_count, ignored)
        return active + len(indexes)

    def _global_remaining(self, now: float) -> float:
        if self.bo_failures <= 0 or self.bo_last is None:
            return 0.0
        left = backoff_delay(self.bo_failures) - (now - self.bo_last)
        return left if left > 0 else 0.0

    def _index_remaining(self, now: float, ix: int) -> float:
        last = self.delayed.get(ix)
        if last is None:
            return 0.0
        failures = last.fail_count + last.ignored_count + 1
        left = backoff_delay(failures) - (now - self._finish_time(last))
        return left if left > 0 else 0.0

    @staticmethod
    def _removal_key(pod: Pod) -> tuple[Any, ...]:
        # The controller removes the least advanced pods first: pending before running, not ready
        # before ready, ready for less time first, more restarts first, newer first.
        return (
            0 if pod.phase == PENDING else 1,
            1 if pod.ready else 0,
            -(pod.ready_since or 0.0),
            -pod.restarts,
            -pod.created,
            -pod.seq,
        )

    def _valid_pending(self, ix: int) -> bool:
        if self.completions is None or ix >= self.completions or ix in self.succ_idx:
            return False
        if self.failed_idx is not None and ix in self.failed_idx:
            return False
        if ix in self.active_idx:
            return False
        if self.only_replace_failed and ix in self.term_idx:
            return False
        return True

    def _first_pending(self, count: int) -> list[int]:
        assert self.completions is not None
        result: list[int] = []
        retry = self.retry
        while len(result) < count:
            while retry and not self._valid_pending(retry[0]):
                self.queued.discard(heapq.heappop(retry))
            top = retry[0] if retry else None
            if self.fresh_next < self.completions and (top is None or self.fresh_next <= top):
                if top == self.fresh_next:
                    self.queued.discard(heapq.heappop(retry))
                ix = self.fresh_next
                self.fresh_next += 1
                if self._valid_pending(ix):
                    result.append(ix)
            elif top is not None:
                self.queued.discard(heapq.heappop(retry))
                result.append(top)
            else:
                break
        return result

    def track_status(
        self, now: float, finished: tuple[str, str, str] | None, seen_failed: dict[int, bool] | None = None
    ) -> None:
        """Count finished pods (removing their tracking finalizers) and set the final conditions."""
        pods = list(self.unaccounted.values())
        if finished is not None:
            pods.extend(p for p in self.terminating.values() if p.tracked and p.seq not in self.unaccounted)
        failing = finished is not None and finished[0] not in ("SuccessCriteriaMet", "Complete")
        completions = self.completions
        for pod in pods:
            if seen_failed is not None and pod.seq in seen_failed:
                considered_failed = seen_failed[pod.seq]
            else:
                considered_failed = self.is_failed(pod)
            if not (finished is not None or pod.phase == SUCCEEDED or considered_failed):
                continue
            if (
                finished is None
                and pod.phase != SUCCEEDED
                and self.per_index
                and pod.index is not None
                and self.delayed.get(pod.index) is pod
            ):
                continue  # kept until the replacement pod carries the index's failure count
            pod.tracked = False
            self.unaccounted.pop(pod.seq, None)
            if pod.phase == SUCCEEDED:
                if not self.indexed:
                    self.st_succeeded += 1
            elif considered_failed or failing:
                if self.indexed and (pod.index is None or completions is None or pod.index >= completions):
                    continue
                if self.match(pod).counts:
                    self.st_failed += 1
        if self.indexed:
            self.st_succeeded = len(self.succ_idx)
        if finished is None:
            return
        f = self.features
        ctype, reason, message = finished
        if ctype == "FailureTarget":
            self.conditions.append(Condition("FailureTarget", "True", reason, message, now))
            ctype = "Failed"
        elif ctype == "SuccessCriteriaMet":
            if self._condition("SuccessCriteriaMet") is None:
                self.conditions.append(Condition("SuccessCriteriaMet", "True", reason, message, now))
            ctype = "Complete"
        if f.delay_terminal and self.terminating:
            return  # the terminal condition waits until no pod is terminating
        self._ensure_condition(ctype, "True", reason, message, now)
        self.finished = True
        self.finished_at = now
        if ctype == "Complete":
            self.completion_time = now
            if completions is not None and self.st_succeeded > completions:
                self.event(now, "Warning", "TooManySucceededPods", "Too many succeeded pods running after completion count reached")
            self.event(now, "Normal", "Completed", "Job completed")
        else:
            self.event(now, "Warning", reason, message)
        if self.ttl is not None:
            self._push(now + self.ttl, _PRI_CLUSTER, _EV_TTL)

    # --- the result -----------------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if not self.status_written and self.start_time is None and not self.conditions:
            return out
        if self.conditions:
            out["conditions"] = [c.to_dict() for c in self.conditions]
        if self.start_time is not None:
            out["startTime"] = _t(self.start_time)
        if self.completion_time is not None:
            out["completionTime"] = _t(self.completion_time)
        if self.st_active:
            out["active"] = self.st_active
        if self.st_succeeded:
            out["succeeded"] = self.st_succeeded
        if self.st_failed:
            out["failed"] = self.st_failed
        if self.st_terminating is not None:
            out["terminating"] = self.st_terminating
        if self.indexed and len(self.succ_idx):
            out["completedIndexes"] = str(self.succ_idx)
        if self.failed_idx is not None:
            out["failedIndexes"] = str(self.failed_idx)
        out["uncountedTerminatedPods"] = {}
        out["ready"] = self.st_ready
        return out

    def result(self, end: float) -> DryRunResult:
        outcome, reason = "Running", None
        for cond in self.conditions:
            if cond.type == "Complete" and cond.status == "True":
                outcome, reason = "Complete", cond.reason or None
            elif cond.type == "Failed" and cond.status == "True":
                outcome, reason = "Failed", cond.reason
        deadline = None
        if self.ads is not None and self.start_time is not None:
            deadline = self.start_time + self.ads
        return DryRunResult(
            job=self.job,
            version=self.features.version,
            scenario=self.scenario.name,
            status=self.status(),
            events=self.events,
            pods=self.pods,
            end=end,
            deleted_at=self.deleted_at,
            finished_at=self.finished_at,
            outcome=outcome,
            reason=reason,
            deadline=deadline,
            notes=self.notes,
            completions=self.completions,
        )


def simulate(job: dict[str, Any], scenario: Scenario, version: str = versions.DEFAULT, until: float | None = None) -> DryRunResult:
    """Dry-run the Job controller on a defaulted Job (API JSON form) under a scenario."""
    return JobSimulation(job, scenario, version, until).run()
