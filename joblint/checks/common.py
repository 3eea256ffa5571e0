"""What the checks share: the Job spec of a Job or of a CronJob's job template, and small helpers.

A Job rule reads the Job spec at `spec` of a Job and at `spec.jobTemplate.spec` of a CronJob.
The API server stores a CronJob's job template without the Job defaults (parallelism,
backoffLimit, completionMode, ... are filled in when the CronJob controller creates each Job), so
`job_view` applies those defaults to a copy of the template here; every Job rule then sees the
Job each run of the CronJob creates, and points at the path of the field in the document as
written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..defaults import default_job_spec
from ..engine import Context
from ..model import Container, JobSpec, PodSpec

JOB_PREFIX: tuple[str, ...] = ("spec",)
CRONJOB_PREFIX: tuple[str, ...] = ("spec", "jobTemplate", "spec")

@dataclass
class JobView:
    """The Job spec a rule judges, as the Job would be created, and where it sits."""

    kind: str
    name: str
    spec: JobSpec  # defaulted as the Job is created
    written: JobSpec  # as written in the document (empty when absent)
    prefix: tuple[str, ...]

    def at(self, *parts: Any) -> tuple[Any, ...]:
        """A path in the document as written: `view.at("parallelism")`."""
        return self.prefix + tuple(parts)

    @property
    def pod(self) -> PodSpec:
        template = self.spec.template
        return template.spec if template is not None and template.spec is not None else PodSpec()

    @property
    def written_pod(self) -> PodSpec:
        template = self.written.template
        return template.spec if template is not None and template.spec is not None else PodSpec()

    @property
    def template_labels(self) -> dict[str, str]:
        template = self.written.template
        meta = template.metadata if template is not None else None
        return dict(meta.labels or {}) if meta is not None and meta.labels else {}

    @property
    def is_cronjob(self) -> bool:
        return self.kind == "CronJob"

    @property
    def indexed(self) -> bool:
        return self.spec.completion_mode == "Indexed"


_CACHE_ATTRIBUTE = "_joblint_job_view"


def job_view(ctx: Context) -> JobView | None:
    """The Job spec of a Job, or of a CronJob's job template; None when there is none. Built once
    per analysed document (every Job rule asks for it); rules must not modify it."""
    cached = getattr(ctx.analysis, _CACHE_ATTRIBUTE, None)
    if cached is not None and cached[0] == ctx.version:
        return cached[1]  # type: ignore[no-any-return]
    view = _build_view(ctx)
    try:
        setattr(ctx.analysis, _CACHE_ATTRIBUTE, (ctx.version, view))
    except AttributeError:  # pragma: no cover - an analysis that takes no attributes
        pass
    return view


def _build_view(ctx: Context) -> JobView | None:
    obj, written = ctx.obj, ctx.written
    if obj is None or obj.spec is None:
        return None
    name = (obj.metadata.name if obj.metadata is not None else None) or ""
    if ctx.kind == "Job":
        written_spec = written.spec if written is not None and written.spec is not None else JobSpec()
        return JobView("Job", name, obj.spec, written_spec, JOB_PREFIX)
    if ctx.kind == "CronJob":
        template = obj.spec.job_template
        if template is None or template.spec is None:
            return None
        wt = written.spec.job_template if written is not None and written.spec is not None else None
        written_spec = wt.spec if wt is not None and wt.spec is not None else JobSpec()
        return JobView("CronJob", name, default_job_spec(template.spec, ctx.version), written_spec, CRONJOB_PREFIX)
    return None


def containers(pod: PodSpec) -> Iterable[tuple[str, int, Container]]:
    """("initContainers" | "containers", index, container) for every container of a pod."""
    for i, c in enumerate(pod.init_containers or []):
        yield "initContainers", i, c
    for i, c in enumerate(pod.containers or []):
        yield "containers", i, c


# --- words ---------------------------------------------------------------------------------------


def seconds_text(seconds: float) -> str:
    """`90` → `90 s (1m30s)`; whole units are named as such."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    parts = []
    rest = seconds
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if rest >= size:
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return f"{seconds} s ({''.join(parts)})"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
