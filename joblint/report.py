"""Reports: text for people (the default), JSON for tools (the design contract).

Other formats (SARIF, GitHub workflow commands, JUnit) live in joblint.formats and share the
same list of findings.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from . import __version__
from .findings import Finding
from .show import dump_json

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def to_json(
    findings: list[Finding], files: int, documents: int, version: str, skipped: int = 0, baseline: dict[str, Any] | None = None
) -> str:
    payload: dict[str, Any] = {
        "joblint": __version__,
        "kubernetesVersion": version,
        "files": files,
        "documents": documents,
    }
    if skipped:
        payload["filesWithoutObjects"] = skipped
    if baseline is not None:
        # With --baseline: {"file", "suppressed": N, "fixed": [entries of the baseline fixed since]}
        payload["baseline"] = baseline
    payload["findings"] = [f.to_json() for f in findings]
    return dump_json(payload)


def to_text(
    findings: list[Finding],
    files: int,
    documents: int,
    color: bool = False,
    quiet: bool = False,
    texts: dict[str, str] | None = None,
    statistics: bool = False,
    skipped: int = 0,
    notes: list[str] | None = None,
) -> str:
    """`path:line:col: CODE severity message`, grouped by file, with a summary line; `notes`
    (what a baseline held back or finds fixed) come before it."""
    lines: list[str] = []
    current = None
    for f in findings:
        if f.file != current:
            if current is not None and not quiet:
                lines.append("")
            current = f.file
        severity = f.severity
        rendered = f" {rendered_note(f)}" if f.rendered is not None else ""
        if color:
            where = f"{_BOLD}{f.file}:{f.line}:{f.column}:{_RESET}"
            severity = f"{_COLORS[f.severity]}{f.severity}{_RESET}"
            lines.append(f"{where} {_BOLD}{f.code}{_RESET} {severity} {f.message}{_DIM}{rendered}{_RESET}")
        else:
            lines.append(f"{f.file}:{f.line}:{f.column}: {f.code} {severity} {f.message}{rendered}")
        if texts and f.rendered is not None and f.rendered.get("file") in texts:
            lines.extend(_source_lines(texts[f.rendered["file"]], f.rendered["line"], f.rendered["column"], color))
        elif texts and f.file in texts:
            lines.extend(_source_lines(texts[f.file], f.line, f.column, color))
        if not quiet and f.fix is not None:
            tag = "fix" if f.fix.safe else "unsafe fix"
            lines.append(f"  {_DIM if color else ''}{tag}: {f.fix.description}{_RESET if color else ''}")
    if statistics:
        counts = Counter((f.code, f.name) for f in findings)
        if lines:
            lines.append("")
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n:5d}  {code}  {name}")
    if not quiet or findings:
        by = Counter(f.severity for f in findings)
        parts = [f"{by[s]} {s}{'s' if by[s] != 1 else ''}" for s in ("error", "warning", "info") if by[s]]
        summary = ", ".join(parts) if parts else "no problems"
        noun = "file" if files == 1 else "files"
        dnoun = "document" if documents == 1 else "documents"
        if lines:
            lines.append("")
        if notes:
            lines.extend(notes)
        lines.append(f"Found {summary} in {files} {noun} ({documents} {dnoun}).")
        if skipped:
            held = "holds" if skipped == 1 else "hold"
            lines.append(f"{skipped} YAML {'file' if skipped == 1 else 'files'} {held} no Kubernetes object (skipped).")
    return "\n".join(lines) + ("\n" if lines else "")


def rendered_note(f: Finding) -> str:
    """Where a finding mapped to a Helm template or kustomize file is in the rendered output."""
    r = f.rendered or {}
    name = "standard input" if r.get("file") == "-" else r.get("file")
    return f"(line {r.get('line')}, column {r.get('column')} of the rendered output in {name})"


def _source_lines(text: str, line: int, column: int, color: bool) -> list[str]:
    source = text.splitlines()
    if not 1 <= line <= len(source):
        return []
    content = source[line - 1].rstrip("\r")
    gutter = f"{line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * (column - 1) + "^"
    if color:
        caret = f"{_COLORS['error']}{caret}{_RESET}"
    return [gutter + content, caret]
