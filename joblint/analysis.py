"""Per-document pipeline: recognise, strictly decode, build the typed model, default, validate.

Produces `Issue`s (a code-less finding: field path, message, optional API error) that the engine
turns into findings; the code of an API error comes from the rule catalogue (rules/JL0xx).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .errors import FieldError
from .fieldpath import format_path, parse_path
from .source import Document

BATCH_KINDS = ("Job", "CronJob")
# API versions that once served these kinds, and the release that stopped serving them.
REMOVED_API_VERSIONS = {
    ("batch/v1beta1", "CronJob"): "1.25",
    ("batch/v2alpha1", "CronJob"): "1.21",
    ("batch/v2alpha1", "JobTemplate"): "1.21",
}
# Removed CronJob versions whose fields batch/v1 CronJob kept: such a CronJob is also analysed as
# the batch/v1 object it becomes with `apiVersion: batch/v1`, its findings marked "as batch/v1".
MIGRATES_TO_V1 = ("batch/v1beta1", "batch/v2alpha1")
AS_V1_PREFIX = "as batch/v1: "

_SCALAR_WORDS = {"int": "an integer", "float": "a number", "str": "a string", "bool": "a boolean"}


@dataclass
class Issue:
    """Something wrong with one document, before it has a rule code."""

    code: str | None  # set for decode and input problems; API errors get theirs from the catalogue
    message: str
    path: tuple[Any, ...] = ()
    at_key: bool = False
    api_error: FieldError | None = None
    api_type: str | None = None  # error type text for decode errors the server reports
    api_warning: str | None = None  # a warning the server returns, the object still accepted

    @property
    def rejects(self) -> bool:
        """Whether the API server would refuse the object for this (or it could not even be read)."""
        if self.api_warning is not None:
            return False
        return self.api_error is not None or (self.code or "").startswith(("JL0", "JL9"))


@dataclass
class Analysis:
    """Everything known about one document after the pipeline."""

    doc: Document
    kind: str | None = None
    api_version: str | None = None
    namespace: str = "default"
    name: str | None = None
    written: Any = None  # typed model as written (Job/CronJob), None when it could not be built
    stored: Any = None  # typed model after defaulting, as the server would store it
    issues: list[Issue] = field(default_factory=list)
    _stored_dict: dict[str, Any] | None = None
    # A CronJob of a removed apiVersion, analysed as the batch/v1 object it would become.
    as_v1: Analysis | None = None

    @property
    def is_batch(self) -> bool:
        return self.stored is not None

    def stored_dict(self) -> dict[str, Any]:
        """The defaulted object in API JSON form, built once and shared by all rules."""
        if self._stored_dict is None:
            self._stored_dict = self.stored.dump() if self.stored is not None else {}
        return self._stored_dict

    def object_ref(self) -> dict[str, str] | None:
        if not self.kind:
            return None
        ref = {"apiVersion": self.api_version or "", "kind": self.kind}
        ref["namespace"] = self.namespace
        ref["name"] = self.name or ""
        return ref


def analyze(doc: Document, version: str) -> Analysis:
    data = doc.data
    result = Analysis(doc)
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else _SCALAR_WORDS.get(type(data).__name__, "a scalar")
        result.issues.append(Issue("JL907", f"document is {what}, not a Kubernetes object"))
        return result
    kind, api_version = data.get("kind"), data.get("apiVersion")
    meta = data.get("metadata")
    if isinstance(meta, dict):
        if isinstance(meta.get("namespace"), str) and meta["namespace"]:
            result.namespace = meta["namespace"]
        if isinstance(meta.get("name"), str):
            result.name = meta["name"]
    if not isinstance(kind, str) or not kind:
        result.issues.append(
            Issue("JL907", "Object 'Kind' is missing" if kind in (None, "") else "kind must be a string", ("kind",))
        )
        return result
    result.kind = kind
    result.api_version = api_version if isinstance(api_version, str) else None
    if not isinstance(api_version, str) or not api_version:
        if kind in BATCH_KINDS:
            result.issues.append(Issue("JL907", "Object 'apiVersion' is missing", ("apiVersion",)))
        return result
    group = api_version.split("/")[0] if "/" in api_version else ""
    if group != "batch" or kind not in BATCH_KINDS + ("JobTemplate",):
        return result  # another kind: kept for cross-document rules only
    if api_version != "batch/v1" or kind not in BATCH_KINDS:
        removed = REMOVED_API_VERSIONS.get((api_version, kind))
        message = f'no matches for kind "{kind}" in version "{api_version}"'
        if removed:
            message += f": {api_version} {kind} is no longer served since Kubernetes {removed}; use batch/v1"
        result.issues.append(Issue("JL002", message, ("apiVersion",)))
        if kind == "CronJob" and api_version in MIGRATES_TO_V1:
            migrated = Analysis(doc, kind, api_version, result.namespace, result.name)
            _decode(migrated, {**data, "apiVersion": "batch/v1"}, version)
            result.as_v1 = migrated
        return result
    _decode(result, data, version)
    return result


def _decode(result: Analysis, data: dict[str, Any], version: str) -> None:
    from .schema import strict_errors

    doc = result.doc
    for path, _line, _col in doc.duplicates:
        result.issues.append(
            Issue("JL005", f'duplicate field "{format_path(path)}"', path, at_key=True, api_type="strict decoding error")
        )
    errors = strict_errors(data, result.kind or "", version)
    type_errors = [e for e in errors if e.kind == "type"]
    unknown = [e for e in errors if e.kind == "unknown-field"]
    for err in unknown:
        result.issues.append(Issue("JL003", err.message, err.path, at_key=True, api_type="strict decoding error"))
    for err in type_errors:
        result.issues.append(Issue("JL004", err.message, err.path, api_type="decoding error"))
    if type_errors:
        return  # the server stops at a type error: there is no object to default or validate
    cleaned = _without(data, [e.path for e in unknown]) if unknown else data
    _build(result, cleaned, version)


def _without(data: dict[str, Any], paths: list[tuple[Any, ...]]) -> dict[str, Any]:
    cleaned = copy.deepcopy(data)
    for path in paths:
        parent: Any = cleaned
        for segment in path[:-1]:
            try:
                parent = parent[segment]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
    return cleaned


def _build(result: Analysis, data: dict[str, Any], version: str) -> None:
    from pydantic import ValidationError

    from .defaults import default_cronjob, default_job
    from .model import CronJob, Job
    from .validation import cronjob_warnings, job_warnings, validate_cronjob, validate_job

    model = Job if result.kind == "Job" else CronJob
    try:
        written = model.model_validate(data)
    except ValidationError as exc:  # strict decoding should have caught this; never crash
        first = exc.errors()[0]
        result.issues.append(Issue("JL909", f"cannot build the object: {first['msg']}", tuple(first["loc"])))
        return
    result.written = written
    # The stored object in API JSON form is built once: validation reads its pod template, and
    # the rules read all of it (validation never modifies it).
    if isinstance(written, Job):
        stored_job = default_job(written, version)
        result.stored = stored_job
        data = result.stored_dict()
        errors = validate_job(stored_job, version, data)
        warnings = job_warnings(stored_job, version, data)
    else:
        stored_cronjob = default_cronjob(written, version)
        result.stored = stored_cronjob
        data = result.stored_dict()
        errors = validate_cronjob(stored_cronjob, version, data)
        warnings = cronjob_warnings(stored_cronjob, version, data)
    for error in errors:
        result.issues.append(Issue(None, str(error), parse_path(error.field), api_error=error))
    for text in warnings:
        result.issues.append(Issue("JL040", text, warning_path(text), api_warning=text))


def warning_path(text: str) -> tuple[Any, ...]:
    """The field a server warning is about: its texts start with the field path (`spec.template.spec.nodeSelector[k]: ...`)."""
    head, sep, _ = text.partition(": ")
    if not sep or " " in head or not head.startswith(("metadata", "spec")):
        return ()
    return parse_path(head)
