"""Update checks: which changes to an existing Job or CronJob the API server refuses.

`kubectl apply` of an edited manifest updates the live object; the server then runs the update
validation of pkg/apis/batch/validation (ValidateJobUpdate → ValidateJobSpecUpdate,
ValidateCronJobUpdate) on the object as it would be stored. Both versions of a manifest are run
through the same pipeline (decode, defaults) for the target Kubernetes version, matched by kind,
namespace and name, and compared field by field the way those functions compare them
(apimachinery's ValidateImmutableField: Semantic.DeepEqual, then `field is immutable`).

Job (ValidateJobSpecUpdate):
- spec.completions: immutable, except for an Indexed Job (ElasticIndexedJob, on by default since
  1.27) whose new completions equal its new parallelism ("can only be modified in tandem with
  spec.parallelism").
- spec.selector, spec.completionMode, spec.podFailurePolicy, spec.backoffLimitPerIndex,
  spec.managedBy, spec.successPolicy: immutable.
- spec.template: immutable (validatePodTemplateUpdate), except that while the live Job is
  suspended and has not started (the registry strategy's AllowMutableSchedulingDirectives:
  old suspend true and no status.startTime) the node affinity, nodeSelector, tolerations,
  schedulingGates and the template's labels and annotations may change.
- metadata.name and metadata.namespace are immutable too; they are what identifies the object,
  so a change of them is a different object (the old one is left running).

CronJob (ValidateCronJobUpdate): the spec has no immutable field (a changed jobTemplate applies to
the Jobs created from then on); a schedule may keep a TZ/CRON_TZ prefix it already had, but not
together with spec.timeZone.
"""

from __future__ import annotations

import copy
import os
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from . import versions
from .errors import FieldError, invalid
from .fieldpath import value_at
from .findings import Finding
from .source import SourceFile, locate, read_path

if TYPE_CHECKING:
    from .analysis import Analysis
    from .catalogue import Rule
    from .config import Config
    from .lint import LintResult

CODE = "JL030"
NAME = "immutable-field-changed"
IMMUTABLE = "field is immutable"  # apimachinery's FieldImmutableErrorMsg

# Where the template may change while the Job is suspended and not started, in API JSON names.
SCHEDULING_DIRECTIVES = ("nodeSelector", "tolerations", "schedulingGates")

_RECREATE = (
    "delete the Job and create it again (kubectl replace --force), or give the changed Job a new "
    "name; a running Job's pods are deleted with it unless you delete with --cascade=orphan"
)


class UpdateError(Exception):
    """An update check that cannot run (no git, unknown revision, unreadable file)."""


@dataclass
class Change:
    """One refused change: the server's error, where it is in the new manifest, what to do."""

    error: FieldError
    path: tuple[Any, ...]
    advice: str

    @property
    def message(self) -> str:
        return f"{self.error}; {self.advice}"


def _printable(value: Any, go_type: str) -> Any:
    """The bad value as the server prints it: simple values plainly, structs by type name."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return _GoStruct(go_type)


class _GoStruct:
    """A struct value: the server prints all its fields with %#v; joblint shortens it."""

    def __init__(self, go_type: str) -> None:
        self.go_type = go_type

    def __str__(self) -> str:
        return f"{self.go_type}{{...}}"


def _immutable(field_path: str, new_value: Any, go_type: str) -> FieldError:
    value = _printable(new_value, go_type)
    if isinstance(value, _GoStruct):
        from .validation import GoValue

        return invalid(field_path, GoValue(str(value)), IMMUTABLE)
    return invalid(field_path, value, IMMUTABLE)


def _job_spec_paths(kind: str) -> tuple[str, ...]:
    return ("spec",) if kind == "Job" else ("spec", "jobTemplate", "spec")


# --- Job -----------------------------------------------------------------------------------------


def _without_scheduling(template: Any, new_template: Any) -> Any:
    """validatePodTemplateUpdate with AllowMutableSchedulingDirectives: the old template with the
    mutable fields taken from the new one."""
    old = copy.deepcopy(template) if isinstance(template, dict) else {}
    new = new_template if isinstance(new_template, dict) else {}
    old_spec = old.setdefault("spec", {})
    new_spec = new.get("spec") or {}
    new_affinity = new_spec.get("affinity")
    old_affinity = old_spec.get("affinity")
    if new_affinity is None and old_affinity is not None:
        rest = {k: v for k, v in old_affinity.items() if k != "nodeAffinity"}
        if rest:
            old_spec["affinity"] = rest
        else:
            old_spec.pop("affinity", None)
    elif new_affinity is not None and old_affinity is None:
        if "nodeAffinity" in new_affinity:
            old_spec["affinity"] = {"nodeAffinity": new_affinity["nodeAffinity"]}
        else:
            old_spec["affinity"] = {}
    elif new_affinity is not None and old_affinity is not None:
        merged = {k: v for k, v in old_affinity.items() if k != "nodeAffinity"}
        if "nodeAffinity" in new_affinity:
            merged["nodeAffinity"] = new_affinity["nodeAffinity"]
        old_spec["affinity"] = merged
    for key in SCHEDULING_DIRECTIVES:
        if key in new_spec:
            old_spec[key] = new_spec[key]
        else:
            old_spec.pop(key, None)
    old_meta = old.setdefault("metadata", {})
    new_meta = new.get("metadata") or {}
    for key in ("labels", "annotations"):
        if key in new_meta:
            old_meta[key] = new_meta[key]
        else:
            old_meta.pop(key, None)
    return old


def _normal(value: Any) -> Any:
    """Semantic.DeepEqual treats an empty map or list like an absent one only for nil-able
    fields; the stored dicts leave out unset fields, so empty containers are dropped here."""
    if isinstance(value, dict):
        out = {k: _normal(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _template_differences(old: Any, new: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths (in the template) whose values differ; the first few, for the message."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[tuple[Any, ...]] = []
        for key in list(old) + [k for k in new if k not in old]:
            if old.get(key) != new.get(key):
                out.extend(_template_differences(old.get(key), new.get(key), prefix + (key,)))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b:
                out.extend(_template_differences(a, b, prefix + (i,)))
        return out
    return [prefix]


def job_spec_changes(old_spec: dict[str, Any], new_spec: dict[str, Any], old_suspended: bool, version: str, prefix: tuple[str, ...] = ("spec",)) -> list[Change]:
    """ValidateJobSpecUpdate's immutability checks on two stored Job specs (API JSON form)."""
    from .fieldpath import format_path

    changes: list[Change] = []

    def path(*parts: Any) -> tuple[Any, ...]:
        return prefix + parts

    # completions (validateCompletions)
    old_c, new_c = old_spec.get("completions"), new_spec.get("completions")
    if old_c != new_c:
        elastic = versions.enabled("ElasticIndexedJob", version) and new_spec.get("completionMode") == "Indexed"
        if not elastic:
            changes.append(
                Change(
                    _immutable(format_path(path("completions")), new_c, "int32"),
                    path("completions"),
                    "completions of a NonIndexed Job cannot change; " + _RECREATE,
                )
            )
        elif new_c is not None and new_c != new_spec.get("parallelism"):
            changes.append(
                Change(
                    invalid(format_path(path("completions")), new_c, "can only be modified in tandem with spec.parallelism"),
                    path("completions"),
                    f"an Indexed Job scales by changing completions and parallelism together to the same value: "
                    f"set parallelism: {new_c} as well",
                )
            )
    simple = (
        ("selector", "v1.LabelSelector", "the selector cannot change; " + _RECREATE),
        ("completionMode", "batch.CompletionMode", "the completion mode cannot change; " + _RECREATE),
        ("podFailurePolicy", "batch.PodFailurePolicy", "the pod failure policy cannot change; " + _RECREATE),
        ("backoffLimitPerIndex", "int32", "backoffLimitPerIndex cannot change; " + _RECREATE),
        ("managedBy", "string", "the controller that manages a Job cannot change; " + _RECREATE),
        ("successPolicy", "batch.SuccessPolicy", "the success policy cannot change; " + _RECREATE),
    )
    for name, go_type, advice in simple:
        old_v, new_v = _normal(old_spec.get(name)), _normal(new_spec.get(name))
        if old_v != new_v:
            error = _immutable(format_path(path(name)), new_spec.get(name), go_type)
            if name == "selector" and isinstance(new_spec.get(name), dict):
                error = _selector_error(format_path(path(name)), new_spec[name])
            changes.append(Change(error, path(name), advice))
    # template (validatePodTemplateUpdate)
    old_t, new_t = old_spec.get("template"), new_spec.get("template")
    compare_old = _without_scheduling(old_t, new_t) if old_suspended else old_t
    if _normal(compare_old) != _normal(new_t):
        diffs = _template_differences(_normal(compare_old), _normal(new_t))
        where = ", ".join(_show_path(path("template") + d) for d in diffs[:3])
        if len(diffs) > 3:
            where += f" and {len(diffs) - 3} more"
        only_scheduling = (not old_suspended) and _normal(_without_scheduling(old_t, new_t)) == _normal(new_t)
        if only_scheduling:
            advice = (
                "node affinity, nodeSelector, tolerations, schedulingGates and the template's labels and "
                "annotations can only change while the Job is suspended and has not started: apply "
                "suspend: true first, then this change (and resume with suspend: false)"
            )
        else:
            advice = "the pod template of a Job cannot change; " + _RECREATE
        from .validation import GoValue

        error = invalid(format_path(path("template")), GoValue("core.PodTemplateSpec{...}"), IMMUTABLE)
        target = path("template") + (diffs[0] if diffs else ())
        changes.append(Change(error, target, f"changed: {where}; {advice}"))
    return changes


def _show_path(path: tuple[Any, ...]) -> str:
    """A field path as the server prints it; map keys with dots or slashes go in brackets."""
    out = ""
    for segment in path:
        if isinstance(segment, int):
            out += f"[{segment}]"
        elif "." in segment or "/" in segment:
            out += f"[{segment}]"
        else:
            out += ("." if out else "") + segment
    return out


def _selector_error(field_path: str, selector: dict[str, Any]) -> FieldError:
    from .model import LabelSelector
    from .validation import GoValue, go_label_selector

    try:
        text = go_label_selector(LabelSelector.model_validate(selector))
    except Exception:
        text = "v1.LabelSelector{...}"
    return invalid(field_path, GoValue(text), IMMUTABLE)


def job_changes(old: dict[str, Any], new: dict[str, Any], version: str) -> list[Change]:
    old_spec = old.get("spec") or {}
    new_spec = new.get("spec") or {}
    return job_spec_changes(old_spec, new_spec, old_spec.get("suspend") is True, version)


def cronjob_changes(old: dict[str, Any], new: dict[str, Any], version: str) -> list[Change]:
    """validateCronJobSpec with the old spec: only the TZ-in-schedule allowance differs from
    create; the spec has no immutable field."""
    old_schedule = value_at(old, ("spec", "schedule")) or ""
    new_schedule = value_at(new, ("spec", "schedule")) or ""
    changes: list[Change] = []
    if "TZ" in old_schedule and "TZ" in new_schedule and value_at(new, ("spec", "timeZone")) is not None:
        changes.append(
            Change(
                invalid("spec.schedule", new_schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"),
                ("spec", "schedule"),
                "remove the TZ/CRON_TZ prefix from the schedule now that spec.timeZone is set",
            )
        )
    return changes


def object_changes(kind: str, old: dict[str, Any], new: dict[str, Any], version: str) -> list[Change]:
    if kind == "Job":
        return job_changes(old, new, version)
    if kind == "CronJob":
        return cronjob_changes(old, new, version)
    return []


# --- matching objects across two versions of manifests -----------------------------------------


@dataclass
class _Object:
    key: tuple[str, str, str]
    analysis: "Analysis"


def _objects(sources: Iterable[SourceFile], version: str) -> dict[tuple[str, str, str], "_Object"]:
    from .analysis import analyze

    out: dict[tuple[str, str, str], _Object] = {}
    for source in sources:
        for doc in source.documents:
            analysis = analyze(doc, version)
            if analysis.stored is None or analysis.kind not in ("Job", "CronJob") or not analysis.name:
                continue
            key = (analysis.kind, analysis.namespace, analysis.name)
            out.setdefault(key, _Object(key, analysis))
    return out


def update_findings(
    old_sources: Iterable[SourceFile], new_sources: Iterable[SourceFile], version: str, severity: str = "error"
) -> list[Finding]:
    """A JL030 finding, at the field in the new manifest, for every change the server refuses."""
    old_objects = _objects(old_sources, version)
    findings: list[Finding] = []
    for key, new in _objects(new_sources, version).items():
        old = old_objects.get(key)
        if old is None:
            continue
        for change in object_changes(key[0], old.analysis.stored_dict(), new.analysis.stored_dict(), version):
            doc = new.analysis.doc
            line, column = locate(doc.node, change.path)
            findings.append(
                Finding(
                    CODE,
                    NAME,
                    severity,
                    change.message,
                    doc.file,
                    line,
                    column,
                    doc.index,
                    new.analysis.object_ref(),
                    change.error.field,
                    {"type": change.error.type.value, "field": change.error.field},
                    None,
                    doc.item,
                )
            )
    findings.sort(key=lambda f: f.sort_key())
    return findings


def diff_paths(old_path: str, new_path: str, version: str, severity: str = "error") -> list[Finding]:
    """`joblint diff OLD NEW`: OLD and NEW are files (or directories, matched as a whole)."""
    from .source import expand_paths

    old_files, old_missing = expand_paths([old_path])
    new_files, new_missing = expand_paths([new_path])
    missing = old_missing + new_missing
    if missing:
        raise UpdateError(f"{missing[0]}: no such file or directory")
    old_sources = [read_path(p) for p in old_files]
    new_sources = [read_path(p) for p in new_files]
    for source in old_sources + new_sources:
        if source.problems and not source.documents:
            problem = source.problems[0]
            raise UpdateError(f"{source.path}:{problem.line}:{problem.column}: {problem.message}")
    return update_findings(old_sources, new_sources, version, severity)


# --- git -----------------------------------------------------------------------------------------


def git_show(rev: str, path: str) -> bytes | None:
    """The file's content at `rev`, or None when it did not exist there."""
    directory = os.path.dirname(os.path.abspath(path)) or "."
    name = os.path.basename(path)
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
            cwd=directory, capture_output=True, check=False,
        )
    except OSError as exc:
        raise UpdateError(f"cannot run git: {exc.strerror or exc}") from exc
    if top.returncode != 0:
        inside = subprocess.run(["git", "rev-parse", "--git-dir"], cwd=directory, capture_output=True, check=False)
        if inside.returncode != 0:
            raise UpdateError(f"{path}: not in a git repository (--against needs one)")
        raise UpdateError(f"unknown git revision {rev!r}")
    shown = subprocess.run(["git", "show", f"{rev}:./{name}"], cwd=directory, capture_output=True, check=False)
    if shown.returncode != 0:
        return None
    return shown.stdout


def against_findings(
    result: "LintResult",
    files: list[str],
    rev: str,
    rules: tuple["Rule", ...],
    config: "Config",
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> list[Finding]:
    """The run's findings plus JL030 for every Job/CronJob whose change since `rev` is refused."""
    from .engine import Engine
    from .kubeyaml import DEFAULT_LIMITS

    engine = Engine(rules, config, select, ignore)
    rule = engine.all_rules.get(CODE)
    if rule is None or CODE not in engine.active:
        return result.findings
    old_sources: list[SourceFile] = []
    new_sources: list[SourceFile] = []
    for path in files:
        if path == "-":
            continue
        old = git_show(rev, path)
        if old is None:
            continue
        try:
            with open(path, "rb") as handle:
                current = handle.read()
        except OSError:
            continue
        if current == old:
            continue  # unchanged: nothing to update
        old_sources.append(read_path(path, DEFAULT_LIMITS, old))
        new_sources.append(read_path(path, DEFAULT_LIMITS, current))
    extra = update_findings(old_sources, new_sources, config.kubernetes_version, engine.severity(rule))
    order = {p: i for i, p in enumerate(files)}
    findings = list(result.findings) + extra
    findings.sort(key=lambda f: (order.get(f.file, len(order)), f.sort_key()))
    return findings


def render_text(findings: list[Finding]) -> str:
    lines = [f"{f.file}:{f.line}:{f.column}: {f.code} {f.severity} {f.message}" for f in findings]
    n = len(findings)
    lines.append(
        f"Found {n} change{'s' if n != 1 else ''} the API server refuses on update."
        if n
        else "No change the API server refuses on update."
    )
    return "\n".join(lines) + "\n"


__all__ = [
    "Change",
    "UpdateError",
    "against_findings",
    "diff_paths",
    "job_spec_changes",
    "object_changes",
    "update_findings",
]
