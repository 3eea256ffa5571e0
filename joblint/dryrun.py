"""`joblint dry-run` and `joblint schedule`: pick the object out of a file, check that the API server
would accept it, then hand it to the reference controllers.

A manifest the server rejects never runs, so there is nothing to simulate: its errors are the answer.
A CronJob given to `dry-run` is simulated as the Job its controller would create from jobTemplate
(which gets the Job defaults only at that moment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .analysis import Analysis, analyze
from .source import locate, read_path


class DryRunInputError(Exception):
    """The input cannot be simulated; `lines` say why, one problem per line."""

    def __init__(self, lines: list[str], rejected: bool = False) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.rejected = rejected  # True: the API server would refuse the object


@dataclass
class Picked:
    path: str
    analysis: Analysis
    others: list[str] = field(default_factory=list)  # names of the objects not picked

    @property
    def kind(self) -> str:
        return str(self.analysis.kind)

    @property
    def name(self) -> str:
        return str(self.analysis.name or "")


def pick(path: str, version: str, kinds: tuple[str, ...], name: str | None = None, stdin: bytes | None = None) -> Picked:
    """The first object of `kinds` in the file (or the one called `name`), decoded and validated."""
    source = read_path(path, stdin=stdin if path == "-" else None)
    if source.problems:
        raise DryRunInputError([f"{path}:{p.line}:{p.column}: {p.code} {p.message}" for p in source.problems])
    candidates: list[Analysis] = []
    for doc in source.documents:
        analysis = analyze(doc, version)
        if analysis.kind in kinds and (analysis.api_version or "").startswith("batch/"):
            candidates.append(analysis)
    wanted = " or ".join(kinds)
    if name is not None:
        chosen = [a for a in candidates if a.name == name]
        if not chosen:
            known = ", ".join(sorted(str(a.name) for a in candidates)) or "none"
            raise DryRunInputError([f"{path}: no {wanted} named {name!r} (found: {known})"])
    else:
        chosen = candidates
    if not chosen:
        raise DryRunInputError([f"{path}: no {wanted} in this file"])
    first = chosen[0]
    rejected = [i for i in first.issues if i.rejects]
    if rejected or first.stored is None:
        lines = []
        for issue in rejected or first.issues:
            line, column = locate(first.doc.node, issue.path, issue.at_key)
            text = issue.message if issue.api_error is None else str(issue.api_error)
            lines.append(f"{path}:{line}:{column}: {text}")
        lines.append(f"{path}: the API server would reject {first.kind} {first.name!r}; there is nothing to run")
        raise DryRunInputError(lines, rejected=True)
    others = [f"{a.kind}/{a.name}" for a in candidates if a is not first]
    return Picked(path, first, others)


def job_to_run(picked: Picked, version: str) -> dict[str, Any]:
    """The defaulted Job a dry run starts from (for a CronJob: the Job its next run creates)."""
    if picked.kind == "Job":
        return picked.analysis.stored_dict()
    from .controller.cronjob import job_from_template
    from .defaults import default_job
    from .model import Job

    body = job_from_template(picked.analysis.written.dump(), f"{picked.name}-{_SCHEDULED_SUFFIX}")
    return default_job(Job.model_validate(body), version).dump()


# The CronJob controller names a Job after its scheduled time in minutes since the epoch; a dry run
# of the template has no scheduled time, so it gets a fixed one (2026-01-01T00:00:00Z).
_SCHEDULED_SUFFIX = str(int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()) // 60)

_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d)")


def parse_duration(text: str) -> float:
    """Seconds in `text`: `90`, `90s`, `10m`, `1h30m`, `1.5h`, `2d` (Go's units plus days)."""
    raw = text.strip()
    if not raw:
        raise ValueError("empty duration")
    try:
        seconds = float(raw)
    except ValueError:
        pass
    else:
        if seconds < 0 or seconds != seconds or seconds == float("inf"):
            raise ValueError(f"invalid duration {text!r}")
        return seconds
    scale = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
    pos, total = 0, 0.0
    while pos < len(raw):
        found = _DURATION_PART.match(raw, pos)
        if found is None:
            raise ValueError(f"invalid duration {text!r} (use e.g. 90s, 10m, 1h30m, 2d)")
        total += float(found.group(1)) * scale[found.group(2)]
        pos = found.end()
    return total


def parse_time(text: str) -> datetime:
    """An ISO 8601 time; without a zone it is UTC."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"invalid time {text!r} (use ISO 8601, e.g. 2026-01-05T12:00:00Z)") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)



def next_runs_data(
    name: str, cronjob: dict[str, Any], start: datetime, runs: list[datetime], zone_label: str | None, extra_zone: Any,
    hang: Any = None,
) -> dict[str, Any]:
    """`joblint schedule` without a scenario, as data: the run times in the CronJob's zone (and another).

    `hang` (a joblint.cron.ScheduleHang) says the controller's search for the run after `runs`
    never returns; it becomes `hang: {message, after, stuck, controller}`."""
    spec = cronjob.get("spec") or {}
    data: dict[str, Any] = {
        "cronjob": name,
        "schedule": spec.get("schedule"),
        "timeZone": spec.get("timeZone") or "UTC",
        "suspend": bool(spec.get("suspend")),
        "from": start.isoformat(),
        "runs": [r.isoformat() for r in runs],
    }
    if extra_zone is not None:
        data["inZone"] = {"zone": zone_label, "runs": [r.astimezone(extra_zone).isoformat() for r in runs]}
    if hang is not None:
        from .controller.cronjob import HANG_CONSEQUENCE

        data["hang"] = {
            "message": hang.message,
            "after": hang.after.isoformat(),
            "stuck": None if hang.stuck is None else hang.stuck.isoformat(),
            "controller": HANG_CONSEQUENCE,
        }
    return data


def next_runs_text(
    name: str, cronjob: dict[str, Any], start: datetime, runs: list[datetime], count: int,
    zone_label: str | None, extra_zone: Any, hang: Any = None,
) -> str:
    """The same for a terminal."""
    spec = cronjob.get("spec") or {}
    zone_name = spec.get("timeZone") or "UTC"
    lines = [f"CronJob {name}: {spec.get('schedule')!r} in {zone_name}, next {count} run(s) after {start.isoformat()}"]
    if spec.get("suspend"):
        lines.append("  (suspended: the controller starts nothing until spec.suspend is false)")
    for run in runs:
        line = f"  {run.isoformat()}"
        if extra_zone is not None:
            line += f"   {run.astimezone(extra_zone).isoformat()} ({zone_label})"
        lines.append(line)
    if hang is not None:
        from .controller.cronjob import HANG_CONSEQUENCE

        lines.append(f"  {hang.message}")
        lines.append(f"  (in the cluster: {HANG_CONSEQUENCE})")
    elif len(runs) < count:
        lines.append("  (no further run time within five years)")
    return "\n".join(lines) + "\n"
