"""The oracle for fix safety: does a fix keep what a working manifest does?

A safe fix on a manifest the API server accepts must leave the object as stored the same (a
default made explicit and formatting are the same stored object), or, where the stored object
differs, only in fields whose whole effect the reference controller models, with the same dry-run
outcome under every built-in scenario. Labels, selectors, names and the TTL reach outside the Job
(other objects' pods, other controllers), so a change there is never proven safe by a dry run.
A fix on a manifest the server refuses is there to make it acceptable: it must remove the
finding it fixes. Every fix, safe or not, must leave no debris: no empty mapping or list and no
blank line that the file did not have.

Used by tests/test_fix_safety.py (small budget) and bench/fuzz.py (large budget).
"""

from __future__ import annotations

from typing import Any

from joblint.analysis import Analysis, analyze
from joblint.fix import apply_edit
from joblint.source import read_path

SCENARIOS = ("succeed", "fail", "hang", "flaky:p=0.3,seed=7", "evict-once", "oom")
DRY_RUN_UNTIL = 86400.0
# Job-spec fields whose whole effect is the Job controller's, which the dry run reproduces.
SIMULATED_FIELDS = frozenset(
    {
        "parallelism", "completions", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes",
        "activeDeadlineSeconds", "completionMode", "podFailurePolicy", "successPolicy",
        "podReplacementPolicy", "suspend",
    }
)


def _analyses(text: str, version: str) -> list[Analysis]:
    source = read_path("-", stdin=text.encode("utf-8"))
    return [analyze(doc, version) for doc in source.documents]


def _rejected(analysis: Analysis) -> bool:
    return analysis.stored is None or any(issue.rejects for issue in analysis.issues)


def _job_of(analysis: Analysis, version: str) -> dict[str, Any]:
    """The Job the controller runs: the Job itself, or the Job a CronJob creates."""
    from joblint.defaults import default_job
    from joblint.model import Job

    stored = analysis.stored_dict()
    if analysis.kind == "Job":
        return stored
    template = (stored.get("spec") or {}).get("jobTemplate") or {}
    body = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "run"}, "spec": template.get("spec") or {}}
    return default_job(Job.model_validate(body), version).dump()


def _outcomes(job: dict[str, Any], version: str) -> list[tuple[Any, ...]]:
    from joblint.controller import load_scenario, simulate

    out = []
    for name in SCENARIOS:
        result = simulate(job, load_scenario(name), version, until=DRY_RUN_UNTIL)
        conditions = [(c.get("type"), c.get("status"), c.get("reason"), c.get("lastTransitionTime"))
                      for c in result.status.get("conditions") or []]
        out.append((result.outcome, result.reason, len(result.pods), result.end, result.finished_at, conditions))
    return out


def _differences(a: Any, b: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[tuple[Any, ...]] = []
        for key in sorted(set(a) | set(b), key=str):
            out.extend(_differences(a.get(key), b.get(key), path + (key,)))
        return out
    return [] if a == b else [path]


def _job_spec_path(kind: str | None) -> tuple[str, ...]:
    return ("spec",) if kind == "Job" else ("spec", "jobTemplate", "spec")


def _empty_collections(data: Any) -> int:
    if isinstance(data, dict):
        return (not data) + sum(_empty_collections(v) for v in data.values())
    if isinstance(data, list):
        return (not data) + sum(_empty_collections(v) for v in data)
    return 0


def _blank_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if not line.strip())


def check_no_debris(before: str, after: str, version: str = "1.37") -> None:
    """A fix adds no empty mapping or list and no blank line."""
    old = [a.doc.data for a in _analyses(before, version)]
    new = [a.doc.data for a in _analyses(after, version)]
    assert sum(map(_empty_collections, new)) <= sum(map(_empty_collections, old)), after
    assert _blank_lines(after) <= _blank_lines(before), after


def check_safe_fix(before: str, document: int, code: str, after: str, version: str = "1.37") -> None:
    """The invariant a safe fix keeps (see the module docstring); raises AssertionError."""
    old = _analyses(before, version)[document]
    new = _analyses(after, version)[document]
    if _rejected(old):
        # Its purpose: the fix removes the finding it fixes (the object may still have others).
        assert not any(issue.code == code or _issue_code(issue) == code for issue in new.issues), after
        return
    assert not _rejected(new), f"a safe fix made an accepted manifest unacceptable:\n{after}"
    a, b = old.stored_dict(), new.stored_dict()
    if a == b:
        return
    spec_path = _job_spec_path(old.kind)
    for diff in _differences(a, b):
        inside = diff[: len(spec_path)] == spec_path and len(diff) > len(spec_path) and diff[len(spec_path)] in SIMULATED_FIELDS
        assert inside, f"a safe fix changed {'.'.join(map(str, diff))}, which a dry run cannot vouch for:\n{after}"
    assert _outcomes(_job_of(old, version), version) == _outcomes(_job_of(new, version), version), after


def _issue_code(issue: Any) -> str | None:
    from joblint.catalogue import load
    from joblint.config import Config
    from joblint.engine import Engine

    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine(load(), Config())
    rule = _ENGINE.rule_for_issue(issue)
    return rule.code if rule is not None else None


_ENGINE: Any = None


def apply_one(text: str, finding: Any) -> str:
    assert finding.fix is not None and finding.document is not None
    return apply_edit(text, finding.document, finding.item, finding.fix.edit)
