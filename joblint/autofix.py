"""Lint, fix, lint again: the one place that orchestrates `--fix` and `--diff`.

joblint.fix only edits text; this module runs the lint that finds the fixes, hands them to
joblint.fix round after round in memory, writes (or diffs) the result, and lints the written files
once more for the report. Keeping the loop here keeps the modules acyclic: engine -> fix, and
autofix -> lint -> engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalogue import Rule
from .config import Config
from .findings import Finding
from .fix import FixError, apply_fixes_report, unified_diff, write_atomic
from .lint import LintResult, run_lint

MAX_ROUNDS = 10  # fixing can reveal further fixable findings; stop when a round changes nothing


@dataclass
class FixRun:
    """What `joblint lint --fix` did: the report after fixing and what to tell the user."""

    result: LintResult
    fixed: int = 0
    files_changed: list[str] = field(default_factory=list)
    diff: str = ""
    messages: list[str] = field(default_factory=list)
    unsafe_available: int = 0


def run_fixes(
    paths: list[str],
    rules: tuple[Rule, ...],
    config: Config,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    unsafe: bool = False,
    diff_only: bool = False,
    jobs: int | None = None,
) -> FixRun:
    """Lint, fix in memory until nothing more applies, then write (or diff) and lint again."""
    fixable_paths = [p for p in paths if p != "-"]
    originals: dict[str, str] = {}
    current: dict[str, str] = {}
    fixed = 0
    fixed_in: dict[str, int] = {}  # findings fixed per file, taken back if the file is not written
    messages: list[str] = []
    reported: set[tuple[str, str, int, str]] = set()
    result = None
    for _round in range(MAX_ROUNDS):
        overrides = {p: t.encode("utf-8") for p, t in current.items()}
        result = run_lint(fixable_paths, rules, config, select, ignore, keep_text=True, jobs=jobs, overrides=overrides)
        if not originals:
            originals = {p: t for p, t in result.texts.items()}
        by_file: dict[str, list[Finding]] = {}
        for f in result.findings:
            if f.fix is not None and (f.fix.safe or unsafe) and f.file in result.texts:
                by_file.setdefault(f.file, []).append(f)
        changed = False
        for path, group in by_file.items():
            text = current.get(path, result.texts[path])
            outcome = apply_fixes_report(path, text, group)
            for finding, reason in outcome.skipped:
                key = (path, finding.code, finding.line, reason)
                if key not in reported:
                    reported.add(key)
                    messages.append(f"{path}:{finding.line}:{finding.column}: {finding.code} not fixed: {reason}")
            if outcome.text != text:
                current[path] = outcome.text
                fixed += len(outcome.applied)
                fixed_in[path] = fixed_in.get(path, 0) + len(outcome.applied)
                changed = True
        if not changed:
            break
    else:
        messages.append(f"the fixes were still changing the files after {MAX_ROUNDS} rounds; stopped there")
    assert result is not None
    changed_files = [p for p in fixable_paths if p in current and current[p] != originals.get(p)]
    run = FixRun(result, fixed, changed_files, messages=messages)
    if diff_only:
        run.diff = "".join(unified_diff(p, originals[p], current[p]) for p in changed_files)
    else:
        for path in list(changed_files):  # a copy: refused files are removed from the list
            try:
                write_atomic(path, originals[path], current[path])
            except FixError as exc:
                messages.append(f"{path}: not fixed: {exc}")
                run.files_changed.remove(path)
                run.fixed -= fixed_in.get(path, 0)
        run.result = run_lint(paths, rules, config, select, ignore, keep_text=True, jobs=jobs)
    run.unsafe_available = sum(1 for f in run.result.findings if f.fix is not None and not f.fix.safe and not unsafe)
    return run
