"""Reports: text for people (the default), JSON for tools (the design contract).

Other formats (SARIF, GitHub workflow commands, JUnit) live in joblint.formats and share the
same list of findings.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, TextIO

from . import __version__
from .findings import Finding
from .show import STREAMED, as_string, write_json

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def to_json(*args: Any, **kwargs: Any) -> str:
    """write_json_report's report as a string."""
    return as_string(write_json_report, *args, **kwargs)


def write_json_report(
    out: TextIO,
    findings: list[Finding],
    files: int,
    documents: int,
    version: str,
    skipped: int = 0,
    baseline: dict[str, Any] | None = None,
) -> None:
    """The JSON report, written finding by finding."""
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
    payload["findings"] = STREAMED
    write_json(out, payload, (f.to_json() for f in findings))


def to_text(*args: Any, **kwargs: Any) -> str:
    """write_text_report's report as a string."""
    return as_string(write_text_report, *args, **kwargs)


def write_text_report(
    out: TextIO,
    findings: list[Finding],
    files: int,
    documents: int,
    color: bool = False,
    quiet: bool = False,
    texts: dict[str, str] | None = None,
    statistics: bool = False,
    skipped: int = 0,
    notes: list[str] | None = None,
) -> None:
    """`path:line:col: CODE severity message`, grouped by file, with a summary line; `notes`
    (what a baseline held back or finds fixed) come before it. Written line by line."""
    lines = _Lines(out)
    split: dict[str, list[str]] = {}  # each shown file's lines, split once
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
            lines.extend(_source_lines(texts[f.rendered["file"]], f.rendered["line"], f.rendered["column"], color, split))
        elif texts and f.file in texts:
            lines.extend(_source_lines(texts[f.file], f.line, f.column, color, split))
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


class _Lines:
    """A list-like sink of report lines that writes each one at once: `"\n".join(lines) + "\n"`
    without holding the report."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def append(self, line: str) -> None:
        self.out.write(line + "\n")
        self.count += 1

    def extend(self, more: Iterable[str]) -> None:
        for line in more:
            self.append(line)

    def __bool__(self) -> bool:
        return self.count > 0


def rendered_note(f: Finding) -> str:
    """Where a finding mapped to a Helm template or kustomize file is in the rendered output."""
    r = f.rendered or {}
    name = "standard input" if r.get("file") == "-" else r.get("file")
    return f"(line {r.get('line')}, column {r.get('column')} of the rendered output in {name})"


def _source_lines(text: str, line: int, column: int, color: bool, split: dict[str, list[str]] | None = None) -> list[str]:
    source = split.get(text) if split is not None else None
    if source is None:
        source = text.splitlines()
        if split is not None:
            split[text] = source
    if not 1 <= line <= len(source):
        return []
    content = source[line - 1].rstrip("\r")
    gutter = f"{line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * (column - 1) + "^"
    if color:
        caret = f"{_COLORS['error']}{caret}{_RESET}"
    return [gutter + content, caret]
