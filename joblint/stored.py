"""`joblint defaults`: each Job and CronJob as the API server would store it."""

from __future__ import annotations

from typing import Any

from .analysis import analyze
from .source import read_path
from .show import dump_json, dump_yaml


def stored_objects(paths: list[str], version: str, fmt: str, stdin: bytes | None = None) -> tuple[str, list[str]]:
    """The defaulted objects rendered as a YAML stream or a JSON list, and the problems met."""
    objects: list[dict[str, Any]] = []
    problems: list[str] = []
    for path in paths:
        source = read_path(path, stdin=stdin if path == "-" else None)
        for problem in source.problems:
            problems.append(f"{path}:{problem.line}:{problem.column}: {problem.code} {problem.message}")
        for doc in source.documents:
            analysis = analyze(doc, version)
            if analysis.stored is not None:
                objects.append(analysis.stored_dict())
            elif analysis.kind in ("Job", "CronJob"):
                reason = analysis.issues[0].message if analysis.issues else "cannot be decoded"
                line, column = doc.start
                problems.append(f"{path}:{line}:{column}: {analysis.kind} not stored: {reason}")
    if fmt == "json":
        return dump_json(objects[0] if len(objects) == 1 else objects), problems
    return "---\n".join(dump_yaml(o) for o in objects), problems
