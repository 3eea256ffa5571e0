"""The CronJob controller (pkg/controller/cronjob, cronjob_controllerv2.go and utils.go) over a
window of time: which scheduled runs start a Job, which are skipped or missed, which replace a
running Job, and which finished Jobs the history limits delete.

At each sync the controller finds the most recent unmet schedule time since the last scheduled
time (or the CronJob's creation), looking back no further than startingDeadlineSeconds when it is
set; more than 100 unmet times since then draw a TooManyMissedTimes warning, and only the most
recent one is considered. A time older than startingDeadlineSeconds is missed (MissSchedule).
With concurrencyPolicy Forbid a run is not started while a Job is active (JobAlreadyActive), and
the same unmet time is tried again at the next sync, e.g. when the active Job finishes; with
Replace the active Jobs are deleted first. Finished Jobs beyond successfulJobsHistoryLimit and
failedJobsHistoryLimit are deleted, oldest first. Each Job is dry-run with the Job controller
(`simulate`) under the scenario, seeded differently per run.

Schedules are parsed by joblint.cron (`parse_schedule`, `load_zone`). Where the controller's own
schedule computation (robfig/cron's Next) never returns, e.g. for a time zone that skipped a day,
the controller's sync of the CronJob hangs: the simulation says so (`ScheduleResult.hang`) and
stops there instead of hanging too.

Bounds: `next_runs` lists at most MAX_NEXT_RUNS times; a simulation stops after MAX_SYNCS
controller syncs, MAX_JOBS Jobs or, over all its Jobs, the Job controller's MAX_PODS pods (each
Job's own dry run is bounded by MAX_PODS and MAX_STEPS too), with a note saying where; the look for the most recent missed time
takes at most MAX_SCAN_STEPS steps.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from .. import versions
from .job import MAX_PODS, DryRunResult, simulate
from .render import duration_text
from .scenario import Scenario

TOO_MANY_MISSED = 100
DEFAULT_SUCCESSFUL_HISTORY = 3
DEFAULT_FAILED_HISTORY = 1
MSG_TOO_MANY_MISSED = "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"
MSG_FORBID = "Not starting job because prior execution is running and concurrency policy is Forbid"

MAX_NEXT_RUNS = 10_000  # `joblint schedule --next N`
MAX_SYNCS = 20_000  # controller syncs in one simulated window
MAX_JOBS = 1_000  # Jobs created (and each dry-run) in one simulated window
MAX_SCAN_STEPS = 100_000  # schedule times walked to find the most recent missed one
# What the controller does when Next never returns, said once for every place that reports it.
HANG_CONSEQUENCE = (
    "the sync of this CronJob never returns: one of the controller's CronJob workers "
    "(--concurrent-cron-job-syncs, 5 by default) spins at full CPU and the CronJob creates no "
    "further Job; a restart of kube-controller-manager hangs the same way while the search starts "
    "before that point"
)


def _zone(cronjob: dict[str, Any]) -> Any:
    tz = (cronjob.get("spec") or {}).get("timeZone")
    if tz:
        from ..cron import load_zone

        return load_zone(tz)
    return timezone.utc


def _schedule(cronjob: dict[str, Any]) -> Any:
    from ..cron import parse_schedule

    return parse_schedule(str((cronjob.get("spec") or {}).get("schedule", "")))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def next_runs(cronjob: dict[str, Any], start: datetime, n: int, schedule: Any = None) -> list[datetime]:
    """The next `n` schedule times after `start` (at most MAX_NEXT_RUNS), in the CronJob's time
    zone (UTC when unset). Raises joblint.cron.ScheduleHang, with the times found before in its
    `found`, where the controller's computation of the next one never returns."""
    from ..cron import ScheduleHang

    schedule = schedule if schedule is not None else _schedule(cronjob)
    zone = _zone(cronjob)
    out: list[datetime] = []
    moment = _aware(start).astimezone(zone)
    for _ in range(min(max(n, 0), MAX_NEXT_RUNS)):
        try:
            following = schedule.next(moment)
        except ScheduleHang as exc:
            exc.found = out
            raise
        if following is None:
            break
        out.append(following)
        moment = following
    return out


@dataclass
class Run:
    """One scheduled time and what became of it."""

    scheduled: datetime
    name: str
    # started; skipped (Forbid, JobAlreadyActive); missed (no Job for this time); suspended
    action: str
    created: datetime | None = None
    outcome: str | None = None  # Complete, Failed, Running, Replaced, Deleted
    reason: str | None = None
    finished: datetime | None = None
    deleted: datetime | None = None
    pods: int = 0
    result: DryRunResult | None = None

    def to_dict(self, start: datetime) -> dict[str, Any]:
        def off(moment: datetime | None) -> float | None:
            return None if moment is None else round((moment - start).total_seconds(), 3)

        return {
            "scheduled": self.scheduled.isoformat(),
            "name": self.name,
            "action": self.action,
            "created": off(self.created),
            "outcome": self.outcome,
            "reason": self.reason,
            "finished": off(self.finished),
            "deleted": off(self.deleted),
            "pods": self.pods,
        }


@dataclass
class ScheduleResult:
    cronjob: dict[str, Any]
    start: datetime
    end: datetime
    version: str
    scenario: str
    runs: list[Run] = field(default_factory=list)
    events: list[tuple[datetime, str, str, str]] = field(default_factory=list)
    active: list[str] = field(default_factory=list)
    last_schedule_time: datetime | None = None
    last_successful_time: datetime | None = None
    # Where the simulation stopped early, and why (a bound reached, the controller hanging).
    notes: list[str] = field(default_factory=list)
    # The controller's schedule computation never returns: (when the sync hangs, the message).
    hang: tuple[datetime, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        def off(moment: datetime) -> float:
            return round((moment - self.start).total_seconds(), 3)

        status: dict[str, Any] = {}
        if self.active:
            status["active"] = [{"kind": "Job", "name": name} for name in self.active]
        if self.last_schedule_time is not None:
            status["lastScheduleTime"] = self.last_schedule_time.isoformat()
        if self.last_successful_time is not None:
            status["lastSuccessfulTime"] = self.last_successful_time.isoformat()
        data: dict[str, Any] = {
            "cronjob": self.cronjob,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "status": status,
            "runs": [r.to_dict(self.start) for r in self.runs],
            "events": [
                {"t": off(t), "time": t.isoformat(), "type": kind, "reason": reason, "message": message}
                for t, kind, reason, message in self.events
            ],
        }
        if self.hang is not None:
            data["hang"] = {"t": off(self.hang[0]), "time": self.hang[0].isoformat(), "message": self.hang[1]}
        if self.notes:
            data["notes"] = list(self.notes)
        return data

    def render_text(self) -> str:
        meta = self.cronjob.get("metadata") or {}
        spec = self.cronjob.get("spec") or {}
        lines = [
            f"CronJob {meta.get('name', '?')} ({spec.get('schedule')!r}, concurrencyPolicy "
            f"{spec.get('concurrencyPolicy', 'Allow')}) from {self.start.isoformat()} to {self.end.isoformat()} "
            f"(Kubernetes {self.version}, scenario {self.scenario})",
            "",
            "Runs:",
        ]
        for run in self.runs:
            detail = ""
            if run.action == "started":
                detail = f"{run.outcome}" + (f" ({run.reason})" if run.reason else "")
                if run.finished is not None and run.created is not None:
                    detail += f" after {duration_text((run.finished - run.created).total_seconds())}"
                if run.deleted is not None:
                    detail += f", deleted {run.deleted.isoformat()}"
            lines.append(f"  {run.scheduled.isoformat()}  {run.action:<8} {run.name}  {detail}".rstrip())
        if not self.runs:
            lines.append("  <none>")
        lines += ["", "Events:"]
        for t, kind, reason, message in self.events:
            lines.append(f"  {t.isoformat()}  {kind:<7} {reason:<18} {message}")
        if not self.events:
            lines.append("  <none>")
        if self.notes:
            lines += ["", "Notes:"] + [f"  {note}" for note in self.notes]
        return "\n".join(lines) + "\n"


def most_recent_schedule(schedule: Any, earliest: datetime, now: datetime) -> tuple[datetime | None, int]:
    """The latest schedule time in (earliest, now] and how many there are (counted up to 101).

    The walk to the latest time takes at most MAX_SCAN_STEPS steps and stops at a time that does
    not move forward. Raises joblint.cron.ScheduleHang where the controller's Next never returns:
    like mostRecentScheduleTime, it asks for the time after the first one (t2 = Next(t1)) even
    when that first one is still to come, so a hang shows at the sync where the controller's does."""
    lookahead(schedule, earliest)
    last: datetime | None = None
    count = 0
    moment = earliest
    while count <= TOO_MANY_MISSED:
        following = schedule.next(moment)
        if following is None or following > now:
            return last, count
        last, count, moment = following, count + 1, following
    # More than 100: find the latest one by looking back from `now` in growing steps.
    for seconds in (60, 3600, 86400, 31 * 86400, 366 * 86400, 5 * 366 * 86400):
        probe = now - timedelta(seconds=seconds)
        if probe <= moment:
            break
        following = schedule.next(probe.astimezone(moment.tzinfo))
        if following is not None and following <= now:
            moment = probe.astimezone(moment.tzinfo)
            break
    for _ in range(MAX_SCAN_STEPS):
        following = schedule.next(moment)
        # As instants: two times of one zone compare by wall clock (wrong across a fall-back).
        if following is None or following > now or following.timestamp() <= moment.timestamp():
            break
        last, moment = following, following
    return last, count


def lookahead(schedule: Any, earliest: datetime) -> None:
    """t1 := Next(earliestTime); t2 := Next(t1), which mostRecentScheduleTime computes at every
    sync (for the Job to start, and again for the requeue delay): only for where it may hang."""
    first = schedule.next(earliest)
    if first is not None:
        schedule.next(first)


MAX_LISTED_RUNS = 10_000


def _record_missed(
    result: ScheduleResult, schedule: Any, zone: Any, since: datetime, end: datetime, label: str = "missed"
) -> None:
    """Schedule times in (since, end] that got no Job: the controller passed over them (it only
    ever considers the most recent unmet time, within startingDeadlineSeconds when set)."""
    from ..cron import ScheduleHang

    known = {run.scheduled for run in result.runs}
    moment = since.astimezone(zone)
    if result.hang is not None:
        end = min(end, result.hang[0])  # the controller hung there: nothing after it is its doing
    for _ in range(MAX_LISTED_RUNS):
        try:
            following = schedule.next(moment)
        except ScheduleHang:
            break  # reported already, or past the end of what the simulation reached
        if following is None or following > end:
            break
        if following not in known:
            result.runs.append(Run(following, f"{result.cronjob.get('metadata', {}).get('name', 'cronjob')}-{int(following.timestamp() // 60)}", label))
        moment = following
    result.runs.sort(key=lambda r: r.scheduled)


def job_from_template(cronjob: dict[str, Any], name: str) -> dict[str, Any]:
    """The Job the CronJob controller creates (getJobFromTemplate2): the template's spec, labels
    and annotations, in the CronJob's namespace. Job defaults are the API server's to add."""
    meta = cronjob.get("metadata") or {}
    template = (cronjob.get("spec") or {}).get("jobTemplate") or {}
    job_meta: dict[str, Any] = {"name": name}
    if meta.get("namespace"):
        job_meta["namespace"] = meta["namespace"]
    template_meta = template.get("metadata") or {}
    for key in ("labels", "annotations"):
        if template_meta.get(key):
            job_meta[key] = template_meta[key]
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": job_meta, "spec": template.get("spec") or {}}


class _Child:
    __slots__ = ("run", "created", "finish", "deleted", "outcome", "reason", "start_time")

    def __init__(self, run: Run, created: datetime, result: DryRunResult) -> None:
        self.run = run
        self.created = created
        self.finish = created + timedelta(seconds=result.finished_at) if result.finished_at is not None else None
        self.start_time = created
        self.deleted: datetime | None = None
        self.outcome = result.outcome
        self.reason = result.reason

    def finished_at(self, now: datetime) -> bool:
        return self.deleted is None and self.finish is not None and self.finish <= now


def simulate_schedule(
    cronjob: dict[str, Any],
    start: datetime,
    end: datetime,
    scenario: Scenario,
    version: str = versions.DEFAULT,
    schedule: Any = None,
) -> ScheduleResult:
    """Dry-run the CronJob controller from `start` (the CronJob's creation) to `end`.

    Stops early, with a note, after MAX_SYNCS syncs or MAX_JOBS Jobs, and where the controller's
    schedule computation never returns (ScheduleResult.hang: the controller hangs there too)."""
    from ..cron import ScheduleHang

    version = versions.parse_version(version)
    start, end = _aware(start), _aware(end)
    schedule = schedule if schedule is not None else _schedule(cronjob)
    zone = _zone(cronjob)
    meta = cronjob.get("metadata") or {}
    spec = cronjob.get("spec") or {}
    name = str(meta.get("name") or "cronjob")
    policy = spec.get("concurrencyPolicy") or "Allow"
    sds = spec.get("startingDeadlineSeconds")
    suspend = bool(spec.get("suspend"))
    keep_ok = spec.get("successfulJobsHistoryLimit", DEFAULT_SUCCESSFUL_HISTORY)
    keep_failed = spec.get("failedJobsHistoryLimit", DEFAULT_FAILED_HISTORY)
    ttl = ((spec.get("jobTemplate") or {}).get("spec") or {}).get("ttlSecondsAfterFinished")

    result = ScheduleResult(cronjob, start, end, version, scenario.name)
    children: list[_Child] = []
    active: list[_Child] = []
    last_schedule: datetime | None = None
    recorded = (cronjob.get("status") or {}).get("lastScheduleTime")
    if recorded:
        # A CronJob that already ran (or was suspended, or whose controller was down) since then.
        last_schedule = _aware(datetime.fromisoformat(str(recorded).replace("Z", "+00:00")))
    recorded_schedule = last_schedule
    runs_started = 0
    pods = 0  # over all the Jobs started

    def event(now: datetime, kind: str, reason: str, message: str) -> None:
        result.events.append((now, kind, reason, message))

    queue: list[tuple[datetime, int]] = []
    seq = 0

    def wake(moment: datetime) -> None:
        # In UTC: Python orders two times of one zone by wall clock, which is wrong across a
        # fall-back transition; mixed zones are compared as instants.
        nonlocal seq
        moment = moment.astimezone(timezone.utc)
        if start <= moment <= end:
            seq += 1
            heapq.heappush(queue, (moment, seq))

    def hung(now: datetime, exc: ScheduleHang) -> None:
        result.hang = (now, exc.message)
        result.notes.append(f"at {now.isoformat()}: {exc.message}; {HANG_CONSEQUENCE}")

    wake(start)
    seen: set[datetime] = set()
    syncs = 0
    while queue:
        now, _ = heapq.heappop(queue)
        if now in seen:
            continue
        seen.add(now)
        syncs += 1
        if syncs > MAX_SYNCS or runs_started >= MAX_JOBS or pods >= MAX_PODS:
            if syncs > MAX_SYNCS:
                what = f"{MAX_SYNCS:,} controller syncs"
            elif runs_started >= MAX_JOBS:
                what = f"{MAX_JOBS:,} Jobs"
            else:
                what = f"{pods:,} pods (over its Jobs; the bound is {MAX_PODS:,})"
            result.notes.append(f"the simulation stopped after {what}, at {now.isoformat()}")
            end = now
            break
        # Jobs deleted by their TTL disappear; finished Jobs leave the active list.
        for child in children:
            if ttl is not None and child.deleted is None and child.finish is not None:
                if child.finish + timedelta(seconds=float(ttl)) <= now:
                    child.deleted = child.finish + timedelta(seconds=float(ttl))
                    child.run.deleted = child.deleted
        for child in list(active):
            if child.deleted is not None and child.deleted <= now:
                active.remove(child)
                event(now, "Normal", "MissingJob", f"Active job went missing: {child.run.name}")
            elif child.finished_at(now):
                active.remove(child)
                event(now, "Normal", "SawCompletedJob", f"Saw completed job: {child.run.name}, status: {child.outcome}")
        for child in children:
            if child.outcome == "Complete" and child.finish is not None and child.finish <= now:
                if result.last_successful_time is None or child.finish > result.last_successful_time:
                    result.last_successful_time = child.finish
        if not suspend:
            earliest = last_schedule if last_schedule is not None else start
            if sds is not None:
                window = now - timedelta(seconds=float(sds))
                if window > earliest:
                    earliest = window
            try:
                scheduled, missed = most_recent_schedule(schedule, earliest.astimezone(zone), now)
            except ScheduleHang as exc:
                hung(now, exc)
                break
            if scheduled is not None:
                if missed > TOO_MANY_MISSED:
                    event(now, "Warning", "TooManyMissedTimes", MSG_TOO_MANY_MISSED)
                job_name = f"{name}-{int(scheduled.timestamp() // 60)}"
                too_late = sds is not None and scheduled + timedelta(seconds=float(sds)) < now
                if too_late:
                    event(
                        now,
                        "Warning",
                        "MissSchedule",
                        f"Missed scheduled time to start a job: {scheduled.astimezone(timezone.utc).strftime('%a, %d %b %Y %H:%M:%S %z')}",
                    )
                    if not any(r.name == job_name and r.action == "missed" for r in result.runs):
                        result.runs.append(Run(scheduled, job_name, "missed"))
                elif any(c.run.name == job_name for c in active) or last_schedule == scheduled:
                    pass
                elif policy == "Forbid" and active:
                    event(now, "Normal", "JobAlreadyActive", MSG_FORBID)
                    if not any(r.name == job_name and r.action == "skipped" for r in result.runs):
                        result.runs.append(Run(scheduled, job_name, "skipped"))
                else:
                    if policy == "Replace":
                        for child in list(active):
                            child.deleted = now
                            child.run.deleted = now
                            child.run.outcome = "Replaced"
                            child.run.finished = None
                            active.remove(child)
                            event(now, "Normal", "SuccessfulDelete", f"Deleted job {child.run.name}")
                    # A skipped run that starts later is recorded once, as started.
                    result.runs = [r for r in result.runs if not (r.name == job_name and r.action == "skipped")]
                    run = Run(scheduled, job_name, "started", created=now)
                    job = job_from_template(cronjob, job_name)
                    until = (end - now).total_seconds()
                    sim = simulate(job, scenario.with_seed(scenario.seed + runs_started), version, until)
                    runs_started += 1
                    child = _Child(run, now, sim)
                    run.result = sim
                    run.pods = len(sim.pods)
                    pods += run.pods
                    run.outcome = sim.outcome
                    run.reason = sim.reason
                    run.finished = child.finish
                    children.append(child)
                    active.append(child)
                    result.runs.append(run)
                    event(now, "Normal", "SuccessfulCreate", f"Created job {job_name}")
                    last_schedule = scheduled
                    if child.finish is not None:
                        wake(child.finish)
                        if ttl is not None:
                            wake(child.finish + timedelta(seconds=float(ttl)))
        # History limits: the oldest finished Jobs beyond the limits are deleted.
        for outcome, keep in (("Complete", keep_ok), ("Failed", keep_failed)):
            if keep is None:
                continue
            done = [c for c in children if c.deleted is None and c.outcome == outcome and c.finished_at(now)]
            done.sort(key=lambda c: (c.start_time, c.run.name))
            for child in done[: max(len(done) - int(keep), 0)]:
                child.deleted = now
                child.run.deleted = now
                event(now, "Normal", "SuccessfulDelete", f"Deleted job {child.run.name}")
        # Requeue for the next schedule time (nextScheduleTimeDuration: mostRecentScheduleTime
        # from the new lastScheduleTime, then Next).
        try:
            lookahead(schedule, (last_schedule if last_schedule is not None else start).astimezone(zone))
            following = schedule.next(now.astimezone(zone))
        except ScheduleHang as exc:
            hung(now, exc)
            break
        if following is not None:
            wake(following)
    since = recorded_schedule if recorded_schedule is not None else start
    _record_missed(result, schedule, zone, since, end, "suspended" if suspend else "missed")
    result.active = [c.run.name for c in active]
    result.last_schedule_time = last_schedule
    return result
