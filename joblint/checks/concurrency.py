"""JL212: a CronJob whose concurrency policy lets one hanging run stop the schedule for good.

With concurrencyPolicy Forbid the CronJob controller starts no run while an earlier one is still
active (pkg/controller/cronjob/cronjob_controllerv2.go, syncCronJob: "Not starting job because
prior execution is running and concurrency policy is Forbid"); the skipped run is not delayed but
dropped. A Job with no activeDeadlineSeconds (on the Job or on its pods) is never ended by
anything when one of its pods hangs, so that Job stays active for ever and every later run is
skipped: the CronJob has stopped running, and nothing fails to say so.

The neighbours: JL202 is the same hazard with Allow (hanging runs pile up instead), JL203 is
Forbid *with* a deadline longer than the interval (some runs skipped, none lost for good), and
JL114 (off by default) is the Job-level "no deadline" note, which leaves Forbid CronJobs to this
rule.
"""

from __future__ import annotations

from typing import Any, Iterable

from ..engine import Context, Hit
from ..findings import Fix
from .common import job_view, seconds_text
from .cronjobs import min_interval


def suggested_deadline(interval: float) -> int:
    """A Job deadline shorter than the interval: nine tenths of it, in whole minutes from 10 minutes
    on (a deadline must be at least 1 s)."""
    nine_tenths = int(interval * 9 // 10)
    if nine_tenths >= 600:
        nine_tenths -= nine_tenths % 60
    return max(1, nine_tenths)


def forbid_without_deadline(ctx: Context) -> Iterable[Hit]:
    spec = ctx.obj.spec if ctx.obj is not None else None
    if spec is None or spec.concurrency_policy != "Forbid":
        return
    view = job_view(ctx)
    if view is None:
        return
    if view.written.active_deadline_seconds is not None or view.written_pod.active_deadline_seconds is not None:
        return  # a deadline ends a hanging run (JL203 says when it outlasts the interval)
    interval = min_interval(ctx)
    if interval is None or interval <= 0:
        return  # never fires (JL200/JL211) or does not parse (JL020): no later run to skip
    path: tuple[Any, ...] = ("spec", "concurrencyPolicy")  # Forbid is never a default: it is written
    deadline = suggested_deadline(interval)
    yield Hit(
        f"concurrencyPolicy Forbid and no activeDeadlineSeconds in the job template: the first run "
        f"whose pod hangs never ends, and the controller skips every later run (\"prior execution is "
        f"running\") for good; runs are due every {seconds_text(interval)} at the shortest, so a Job "
        f"deadline below that (e.g. activeDeadlineSeconds: {deadline}) keeps the schedule going",
        path,
        fix=Fix(
            f"set activeDeadlineSeconds: {deadline} in the job template (9/10 of the schedule's "
            f"shortest interval, {seconds_text(interval)}): a run still going then is stopped and "
            f"fails with DeadlineExceeded before the next one is due; check that the longest "
            f"legitimate run, retries included, fits in it",
            False,
            {"ops": [{"op": "set", "path": list(view.at("activeDeadlineSeconds")), "value": deadline}]},
        ),
    )
