"""JL2xx: CronJob schedules, concurrency, history and the names of the Jobs a CronJob creates.

Schedules are read with joblint.cron (the controller's parser); a schedule that does not parse
is the API server's to reject (JL020), so these checks stay silent about it.
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import Any, Iterable

from ..engine import Context, Hit
from .common import job_view, seconds_text
from ..validation import is_dns1123_label

# Jobs made by a CronJob are named `<cronjob name>-<scheduled time in unix minutes>`
# (cronjob controller getJobName); the minute count has 8 digits from 1989 until 2160.
SCHEDULED_MINUTE_DIGITS = 8
DNS_LABEL_MAX = 63


def _schedule(ctx: Context) -> Any:
    """The parsed schedule (None: none, or one JL020 reports). These rules compute no run times:
    `can_fire` and `min_interval` read the fields (bounded scans of days and years), so no
    schedule or time zone can make them hang, the day a zone skipped included."""
    spec = ctx.obj.spec if ctx.obj is not None else None
    text = spec.schedule if spec is not None else None
    if not text or not isinstance(text, str):
        return None
    return _parse(text)


@lru_cache(maxsize=256)
def _parse(text: str) -> Any:
    # Several rules read the schedule of one document: it is parsed once.
    try:
        from ..cron import parse_schedule

        return parse_schedule(text)
    except Exception:  # unparsable: JL020 reports it
        return None


def _seconds(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def min_interval(ctx: Context) -> float | None:
    """The shortest time between two runs of the schedule, in seconds (None: never fires twice)."""
    schedule = _schedule(ctx)
    if schedule is None:
        return None
    try:
        if not schedule.can_fire():
            return None
        return _seconds(schedule.min_interval())
    except Exception:
        return None


def schedule_never_fires(ctx: Context) -> bool:
    """Whether the schedule parses but matches no date (False when it does not parse)."""
    schedule = _schedule(ctx)
    if schedule is None:
        return False
    try:
        return not schedule.can_fire()
    except Exception:
        return False


def _suspended(ctx: Context) -> bool:
    written = ctx.written.spec if ctx.written is not None else None
    return written is not None and written.suspend is True


def never_fires(ctx: Context) -> Iterable[Hit]:
    if _suspended(ctx):
        return  # kept as a template for `kubectl create job --from=cronjob/...`: JL211
    if schedule_never_fires(ctx):
        yield Hit(
            f'schedule "{ctx.obj.spec.schedule}" never fires: no date matches it (e.g. a day of the '
            f"month that the chosen months do not have), so the CronJob never creates a Job",
            ("spec", "schedule"),
        )


def _deadline_and_interval(ctx: Context) -> tuple[int, float, str] | None:
    view = job_view(ctx)
    if view is None or view.spec.active_deadline_seconds is None:
        return None
    interval = min_interval(ctx)
    if interval is None or interval <= 0:
        return None
    policy = ctx.obj.spec.concurrency_policy or "Allow"
    return view.spec.active_deadline_seconds, interval, policy


def runs_outlast_interval(ctx: Context) -> Iterable[Hit]:
    found = _deadline_and_interval(ctx)
    if found is None:
        return
    deadline, interval, policy = found
    if deadline <= interval or policy not in ("Allow", "Replace"):
        return  # Forbid: JL203
    view = job_view(ctx)
    assert view is not None
    head = (
        f"activeDeadlineSeconds {deadline} is longer than the shortest interval of the schedule "
        f"({seconds_text(interval)}): "
    )
    if policy == "Allow":
        at_once = -(-deadline // int(interval))
        tail = (
            f"with concurrencyPolicy Allow a run still going when the next is due runs beside it, "
            f"up to {at_once} at once"
        )
    else:
        tail = (
            f"with concurrencyPolicy Replace the next run deletes a run still going, so a run that "
            f"needs more than {seconds_text(interval)} never finishes"
        )
    yield Hit(head + tail, view.at("activeDeadlineSeconds"))


def forbid_skips_runs(ctx: Context) -> Iterable[Hit]:
    found = _deadline_and_interval(ctx)
    if found is None:
        return
    deadline, interval, policy = found
    if deadline <= interval or policy != "Forbid":
        return
    view = job_view(ctx)
    assert view is not None
    yield Hit(
        f"activeDeadlineSeconds {deadline} is longer than the shortest interval of the schedule "
        f"({seconds_text(interval)}): with concurrencyPolicy Forbid the controller skips every run "
        f"that falls due while the previous one is still going",
        view.at("activeDeadlineSeconds"),
    )


def allow_without_deadline(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or (ctx.obj.spec.concurrency_policy or "Allow") != "Allow":
        return
    if view.spec.active_deadline_seconds is not None:
        return
    written = ctx.written.spec if ctx.written is not None else None
    path = ("spec", "concurrencyPolicy") if written is not None and written.concurrency_policy else ("spec", "schedule")
    yield Hit(
        "concurrencyPolicy Allow with no activeDeadlineSeconds in the job template: a run that hangs "
        "is never stopped, and every schedule after it starts another run beside it",
        path,
    )


def no_starting_deadline(ctx: Context) -> Iterable[Hit]:
    spec = ctx.obj.spec
    if spec is None or spec.starting_deadline_seconds is not None:
        return
    interval = min_interval(ctx)
    limit = float(ctx.options.get("max-interval-seconds", 3600))
    if interval is None or interval > limit:
        return
    yield Hit(
        f"no startingDeadlineSeconds on a schedule that can fire every {seconds_text(interval)}: "
        f"after the controller was down or the CronJob suspended, the most recent missed run is "
        f"started however late it is, and more than 100 missed runs are reported as "
        f"TooManyMissedTimes warnings; a window bounds how late a run may start",
        ("spec", "schedule"),
    )


def ttl_fights_history(ctx: Context) -> Iterable[Hit]:
    """Only failed runs matter here: a TTL that decides how long successful Jobs stay is a
    choice, but a short one removes the failed Job (and its pods and logs) that
    failedJobsHistoryLimit would keep until the next failure, before anyone has looked."""
    view = job_view(ctx)
    if view is None or view.written.ttl_seconds_after_finished is None:
        return
    spec = ctx.obj.spec
    ttl = view.written.ttl_seconds_after_finished
    failed_limit = spec.failed_jobs_history_limit or 0
    if failed_limit == 0:
        return  # failed Jobs are not meant to be kept
    path = view.at("ttlSecondsAfterFinished")
    if ttl == 0:
        yield Hit(
            f"ttlSecondsAfterFinished 0 deletes every Job as soon as it finishes: failedJobsHistoryLimit "
            f"{failed_limit} keeps nothing, and a failed run's Job, pods and logs are gone before anyone "
            f"can look",
            path,
        )
        return
    inspect = float(ctx.options.get("min-ttl-seconds", 3600))
    interval = min_interval(ctx)
    if ttl >= inspect or interval is None or ttl >= failed_limit * interval:
        return
    yield Hit(
        f"ttlSecondsAfterFinished {ttl} deletes a failed run's Job, with its pods and logs, "
        f"{seconds_text(ttl)} after it fails, while failedJobsHistoryLimit {failed_limit} would keep it "
        f"until a later failure (runs are at least {seconds_text(interval)} apart): only "
        f"{seconds_text(ttl)} to look at a failure",
        path,
    )


def generated_names_too_long(ctx: Context) -> Iterable[Hit]:
    view = job_view(ctx)
    if view is None or not view.indexed or not view.spec.completions or view.spec.completions < 0:
        return
    name = view.name
    if not name:
        return
    job_name_length = len(name) + 1 + SCHEDULED_MINUTE_DIGITS
    last_index = view.spec.completions - 1
    hostname = f"{name}-{'9' * SCHEDULED_MINUTE_DIGITS}-{last_index}"
    if len(hostname) > DNS_LABEL_MAX:
        yield Hit(
            f'CronJob name "{name}" ({len(name)} characters) gives Job names of {job_name_length} '
            f"characters (<name>-<8-digit minute>), and the pods of this Indexed template get the "
            f"hostname <Job name>-<index>, {len(hostname)} characters for index {last_index}, over the "
            f"{DNS_LABEL_MAX} of a DNS label: the API server rejects every Job this CronJob creates",
            ("metadata", "name"),
        )
    elif is_dns1123_label(hostname):
        yield Hit(
            f'CronJob name "{name}" is not a DNS label (it has a "."), so the hostname <Job name>-<index> '
            f"of the pods of this Indexed template is not one either: the API server rejects every Job "
            f"this CronJob creates",
            ("metadata", "name"),
        )


def kept_as_template(ctx: Context) -> Iterable[Hit]:
    if not _suspended(ctx) or not schedule_never_fires(ctx):
        return
    name = ctx.obj.metadata.name if ctx.obj.metadata is not None else None
    yield Hit(
        f'suspended, with a schedule that matches no date ("{ctx.obj.spec.schedule}"): this CronJob '
        f"never runs by itself and is kept as a template, for Jobs made by hand with `kubectl create "
        f"job --from=cronjob/{name or '<name>'}`",
        ("spec", "schedule"),
    )
