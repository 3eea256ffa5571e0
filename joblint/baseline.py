"""A baseline: the findings a repository already had when it adopted joblint (or a new rule), so
that a run fails only on new ones.

`joblint lint --write-baseline FILE` records the findings of a run; `--baseline FILE` reports
only the findings not in it, and the entries of the baseline that are fixed now, so the file
can shrink (`--prune-baseline` drops them from it, and never adds anything).

A finding is recognised by where it is in meaning, not in the text: its file (relative to the
baseline's directory, so the run's working directory does not matter), the object's kind,
namespace and name, the rule code and the field path. An edit elsewhere in the file, a moved
document or a reworded message (a joblint upgrade) does not make an old finding new. Line
numbers and document indexes are not part of it. As in ESLint's bulk suppressions and PHPStan's
baseline, each entry carries a count: a second finding with the same fingerprint (a Job without
a name copied once more) is new.

The file is JSON sorted by fingerprint, one entry per line, so a review sees one line per
finding added or fixed.

The baseline also lists the rules that ran when it was written. A rule enabled since (a new
default-on rule in an upgrade, or one added to `select`) has no entries, so its findings would
all be new and break CI overnight: they are reported, but do not fail the run, until the
baseline is written again (which records them) or they are fixed.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .findings import Finding

FORMAT_VERSION = 1
# (file, kind, namespace, name, code, field path); "" where a part does not apply.
Fingerprint = tuple[str, str, str, str, str, str]
_KEYS = ("file", "kind", "namespace", "name", "code", "field")


class BaselineError(ValueError):
    """A baseline file that cannot be read or written: stops the run with exit code 2."""


def _relative_file(file: str, base: Path) -> str:
    """A finding's file as the baseline names it: relative to the baseline's directory, with
    forward slashes; standard input stays `-`."""
    if file == "-":
        return "-"
    try:
        rel = os.path.relpath(os.path.abspath(file), base)
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(file)
    return rel.replace(os.sep, "/")


def fingerprint(finding: Finding, base: Path) -> Fingerprint:
    obj = finding.object or {}
    return (
        _relative_file(finding.file, base),
        str(obj.get("kind") or ""),
        str(obj.get("namespace") or ""),
        str(obj.get("name") or ""),
        finding.code,
        finding.field or "",
    )


@dataclass
class Entry:
    key: Fingerprint
    count: int
    name: str = ""  # the rule's name, for a reader of the file only

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(zip(_KEYS, self.key))
        out["rule"] = self.name
        out["count"] = self.count
        return out


@dataclass
class Baseline:
    path: Path
    entries: dict[Fingerprint, Entry] = field(default_factory=dict)
    # The rule codes that ran when it was written (None: not recorded, every rule counts as known).
    rules: frozenset[str] | None = None

    @property
    def base(self) -> Path:
        return self.path.resolve().parent


@dataclass
class Outcome:
    """What a baseline did to a run: the findings still to report, how many it held back, and
    its entries that match fewer findings than they count (fixed since; `count` is how many)."""

    findings: list[Finding]
    suppressed: int
    fixed: list[Entry]
    path: str
    # Findings of rules enabled since the baseline was written, by code: shown, never failing.
    new_rules: dict[str, int] = field(default_factory=dict)

    def failing(self, findings: list[Finding]) -> list[Finding]:
        """The findings that may fail the run: not those of rules enabled since the baseline."""
        return [f for f in findings if f.code not in self.new_rules]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.path, "suppressed": self.suppressed, "fixed": [e.to_json() for e in self.fixed]}
        if self.new_rules:
            out["newRules"] = dict(sorted(self.new_rules.items()))
        return out

    def text_lines(self) -> list[str]:
        lines: list[str] = []
        if self.new_rules:
            codes = ", ".join(sorted(self.new_rules))
            total = sum(self.new_rules.values())
            s = "finding" if total == 1 else "findings"
            lines.append(
                f"{total} {s} of rules enabled since the baseline {self.path} was written ({codes}) do not fail "
                f"this run: fix them, or record them with --write-baseline."
            )
        if self.suppressed:
            s = "finding" if self.suppressed == 1 else "findings"
            lines.append(f"{self.suppressed} {s} of the baseline {self.path} not shown.")
        if self.fixed:
            total = sum(e.count for e in self.fixed)
            s = "finding" if total == 1 else "findings"
            lines.append(
                f"{total} {s} of the baseline {self.path} fixed since it was written "
                f"(drop them with --prune-baseline):"
            )
            for e in self.fixed:
                lines.append("  " + describe(e))
        return lines


def describe(entry: Entry) -> str:
    file, kind, namespace, name, code, path = entry.key
    where = file
    if kind or name:
        where += f" {kind or '?'} {namespace + '/' if namespace else ''}{name or '(unnamed)'}"
    if path:
        where += f" {path}"
    times = f" (x{entry.count})" if entry.count > 1 else ""
    return f"{code} {entry.name + ' ' if entry.name else ''}at {where}{times}".replace("  ", " ")


def build(findings: Iterable[Finding], path: Path, rules: Iterable[str] | None = None) -> Baseline:
    baseline = Baseline(path, rules=frozenset(rules) if rules is not None else None)
    base = baseline.base
    for f in findings:
        key = fingerprint(f, base)
        entry = baseline.entries.get(key)
        if entry is None:
            baseline.entries[key] = Entry(key, 1, f.name)
        else:
            entry.count += 1
    return baseline


def dumps(baseline: Baseline) -> str:
    """Sorted, one entry per line, keys in a fixed order: a change shows as the lines it adds or drops."""
    lines = [json.dumps(baseline.entries[k].to_json(), ensure_ascii=False, sort_keys=False) for k in sorted(baseline.entries)]
    body = ",\n    ".join(lines)
    entries = f"[\n    {body}\n  ]" if lines else "[]"
    rules = f'  "rules": {json.dumps(sorted(baseline.rules))},\n' if baseline.rules is not None else ""
    return f'{{\n  "joblint-baseline": {FORMAT_VERSION},\n{rules}  "findings": {entries}\n}}\n'


def write(baseline: Baseline) -> None:
    try:
        baseline.path.write_text(dumps(baseline), encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {baseline.path}: {exc.strerror or exc}") from exc


def load(path: Path) -> Baseline:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"baseline {path} does not exist (write it with --write-baseline {path})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read baseline {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: baseline is not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("joblint-baseline") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(
            f"{path}: not a joblint baseline (expected an object with \"joblint-baseline\": {FORMAT_VERSION} and a \"findings\" list)"
        )
    rules = data.get("rules")
    if rules is not None and not (isinstance(rules, list) and all(isinstance(r, str) for r in rules)):
        raise BaselineError(f"{path}: \"rules\": a list of rule codes")
    baseline = Baseline(path, rules=frozenset(rules) if rules is not None else None)
    for i, item in enumerate(data["findings"]):
        if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not isinstance(item.get("file"), str):
            raise BaselineError(f"{path}: findings[{i}]: an entry needs at least \"file\" and \"code\" strings")
        count = item.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f"{path}: findings[{i}].count: a positive integer, not {count!r}")
        key: Fingerprint = tuple(str(item.get(k) or "") for k in _KEYS)  # type: ignore[assignment]
        entry = baseline.entries.get(key)
        if entry is None:
            baseline.entries[key] = Entry(key, count, str(item.get("rule") or ""))
        else:
            entry.count += count
    return baseline


def apply(
    baseline: Baseline,
    findings: list[Finding],
    covered_files: Iterable[str],
    active: Callable[[str], bool] = lambda code: True,
) -> Outcome:
    """The findings not in the baseline, and its entries fixed since.

    When a fingerprint has more findings now than the baseline counts, all of them are reported
    (which of them is the new one cannot be told). An entry counts as fixed only when its file
    was linted in this run and its rule ran: linting a subset of the repository, or with
    --select, does not call the rest fixed.
    """
    base = baseline.base
    keys = [fingerprint(f, base) for f in findings]
    seen = Counter(keys)
    kept: list[Finding] = []
    suppressed = 0
    for f, key in zip(findings, keys):
        entry = baseline.entries.get(key)
        if entry is not None and seen[key] <= entry.count:
            suppressed += 1
        else:
            kept.append(f)
    new_rules: dict[str, int] = {}
    if baseline.rules is not None:
        for f in kept:
            if f.code not in baseline.rules:
                new_rules[f.code] = new_rules.get(f.code, 0) + 1
    covered = {_relative_file(p, base) for p in covered_files}
    fixed = []
    for key in sorted(baseline.entries):
        entry = baseline.entries[key]
        gone = entry.count - seen.get(key, 0)
        if gone > 0 and key[0] in covered and active(key[4]):
            fixed.append(Entry(key, gone, entry.name))
    return Outcome(kept, suppressed, fixed, str(baseline.path), new_rules)


def pruned(baseline: Baseline, outcome: Outcome) -> Baseline:
    """The baseline without its fixed entries (counts lowered); nothing is added."""
    out = Baseline(baseline.path, rules=baseline.rules)
    gone = {e.key: e.count for e in outcome.fixed}
    for key, entry in baseline.entries.items():
        count = entry.count - gone.get(key, 0)
        if count > 0:
            out.entries[key] = Entry(key, count, entry.name)
    return out


def use(
    findings: list[Finding],
    covered_files: Iterable[str],
    active: set[str] | frozenset[str],
    read_from: str | None,
    write_to: str | None,
    prune: bool = False,
) -> tuple[list[Finding], Outcome, list[str]]:
    """What `joblint lint` does with --baseline, --write-baseline and --prune-baseline: the
    findings to report, the outcome for the report, and notes for standard error.

    --write-baseline records every finding of the run (after --fix, suppressions and selection)
    and the run then reports against it, so it passes. --prune-baseline rewrites the --baseline
    file without its fixed entries.
    """
    notes: list[str] = []
    if prune and not read_from:
        raise BaselineError("--prune-baseline needs --baseline FILE")
    if write_to:
        written = build(findings, Path(write_to), active)
        write(written)
        total = sum(e.count for e in written.entries.values())
        notes.append(f"wrote {total} finding(s) ({len(written.entries)} entries) to the baseline {write_to}")
        if not read_from or Path(read_from).resolve() == Path(write_to).resolve():
            outcome = apply(written, findings, covered_files, active.__contains__)
            return outcome.findings, outcome, notes
    assert read_from is not None
    baseline = load(Path(read_from))
    outcome = apply(baseline, findings, covered_files, active.__contains__)
    if prune and outcome.fixed:
        smaller = pruned(baseline, outcome)
        write(smaller)
        notes.append(f"dropped {sum(e.count for e in outcome.fixed)} fixed finding(s) from the baseline {read_from}")
        outcome.fixed = []
    return outcome.findings, outcome, notes
