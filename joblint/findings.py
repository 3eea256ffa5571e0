"""Finding: one thing joblint reports, with everything a reader or another tool needs to act on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass
class Fix:
    """An edit that resolves a finding; `safe` fixes keep the object's behaviour."""

    description: str
    safe: bool
    # Opaque instructions for joblint.fix; never serialised into reports as code.
    edit: dict[str, Any] = field(default_factory=dict)


@dataclass
class Finding:
    code: str
    name: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    document: int | None = None
    object: dict[str, str] | None = None
    field: str | None = None
    api_error: dict[str, str] | None = None
    fix: Fix | None = None
    item: int | None = None
    # A warning the API server returns with a successful create ({"text": ...}); apart from apiError.
    api_warning: dict[str, str] | None = None
    # Where the finding is in the rendered stream ({"file", "line", "column"}) when file/line were
    # mapped to a Helm template or kustomize origin; line/column are then the template's estimate.
    rendered: dict[str, Any] | None = None

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.file,
            self.document if self.document is not None else -1,
            self.item if self.item is not None else -1,
            self.line,
            self.column,
            self.code,
            self.message,
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "document": self.document,
        }
        if self.item is not None:
            out["item"] = self.item
        if self.object is not None:
            out["object"] = self.object
        if self.field is not None:
            out["field"] = self.field
        if self.api_error is not None:
            out["apiError"] = self.api_error
        if self.api_warning is not None:
            out["apiWarning"] = self.api_warning
        if self.rendered is not None:
            out["rendered"] = self.rendered
        if self.fix is not None:
            out["fix"] = {"description": self.fix.description, "safe": self.fix.safe}
        return out
