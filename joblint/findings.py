"""Finding: one thing joblint reports, with everything a reader or another tool needs to act on it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Iterator

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(slots=True)
class Fix:
    """An edit that resolves a finding; `safe` fixes keep the object's behaviour."""

    description: str
    safe: bool
    # Opaque instructions for joblint.fix; never serialised into reports as code.
    edit: dict[str, Any] = field(default_factory=dict)


class Related(Mapping[str, Any]):
    """The other objects a cross-document finding involves, read as `{"count": N, "items": [...]}`
    (each item `{"object", "file", "line", "column", "document"[, "item"][, "rendered"]}`).

    It keeps the objects' document summaries and builds the items only when a report reads them:
    a monorepo has tens of thousands of such findings, and their items as dicts would be most of
    the memory of a run."""

    __slots__ = ("count", "docs", "moved")
    KEYS = ("count", "items")

    def __init__(self, count: int, docs: tuple[Any, ...]) -> None:
        self.count = count
        self.docs = docs  # summaries: .file, .document, .item, .locate(path), .object_ref()
        self.moved: dict[int, dict[str, Any]] = {}  # item -> its place in a Helm template or kustomize file

    def entries(self) -> list[dict[str, Any]]:
        out = []
        for n, doc in enumerate(self.docs):
            line, column = doc.locate(("metadata", "name"))
            item: dict[str, Any] = {"object": doc.object_ref(), "file": doc.file, "line": line, "column": column, "document": doc.document}
            if doc.item is not None:
                item["item"] = doc.item
            item.update(self.moved.get(n, ()))
            out.append(item)
        return out

    def files(self) -> list[str]:
        """The items' files, without building the items."""
        return [self.moved[n]["file"] if n in self.moved else doc.file for n, doc in enumerate(self.docs)]

    def __getitem__(self, key: str) -> Any:
        if key == "count":
            return self.count
        if key == "items":
            return self.entries()
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)


@dataclass(slots=True)
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
    # Cross-document rules: the other objects involved, {"count": N, "items": [first few]}; each
    # item is {"object", "file", "line", "column", "document"[, "item"]}.
    related: Related | None = None

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
        if self.related is not None:
            out["related"] = dict(self.related)
        if self.fix is not None:
            out["fix"] = {"description": self.fix.description, "safe": self.fix.safe}
        return out
