"""JL4xx: what the reference Job controller (joblint.controller) does with the Job.

`joblint.controller.consequences(job_dict, version)` dry-runs the controller over its standard
scenarios and returns Consequence(code_hint, field, message) items. The controller is imported
only when a JL4xx rule runs on an object the server accepts; where it is not available, these
checks report nothing.
For a CronJob the Job it would create is built from the job template (Job defaults applied) and
fields are mapped back under spec.jobTemplate.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from ..engine import Context, Hit
from ..fieldpath import parse_path
from .common import job_view

# A consequence whose hint names another rule's code (say JL115) is that rule's to report.
RULE_CODE = re.compile(r"^JL\d{3}$")
OWN_CODE = "JL400"


def _job_dict(ctx: Context) -> tuple[dict[str, Any], tuple[str, ...]] | None:
    view = job_view(ctx)
    if view is None:
        return None
    if not view.is_cronjob:
        return ctx.data, ()
    meta: dict[str, Any] = {"name": f"{view.name}-00000000", "namespace": ctx.analysis.namespace}
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": view.spec.dump()}
    return job, ("spec", "jobTemplate")


def _consequences(ctx: Context) -> list[Any]:
    if any(issue.rejects for issue in ctx.analysis.issues):
        return []  # the server rejects this object: no controller ever runs it
    found = _job_dict(ctx)
    if found is None:
        return []
    try:
        from ..controller import consequences  # only now: a file of rejected objects never loads it
    except ImportError:
        return []
    job, _ = found
    try:
        return list(consequences(job, ctx.version) or [])
    except Exception:  # the dry run is advice; a controller problem must not stop linting
        return []


def _path(ctx: Context, field: Any) -> tuple[Any, ...]:
    if not field:
        return ()
    path = parse_path(field) if isinstance(field, str) else tuple(field)
    if ctx.kind == "CronJob" and path[:1] == ("spec",):
        return ("spec", "jobTemplate") + path
    return path


def dry_run_consequence(ctx: Context) -> Iterable[Hit]:
    for item in _consequences(ctx):
        hint = getattr(item, "code_hint", None)
        if isinstance(hint, str) and RULE_CODE.match(hint) and hint != OWN_CODE:
            continue
        message = str(getattr(item, "message", "") or "").strip()
        if message:
            yield Hit(message, _path(ctx, getattr(item, "field", None)))
