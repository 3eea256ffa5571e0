"""`joblint lint` runs with the cycle collector off (cli._relax_gc): that holds only while linting
makes no reference cycles, whatever the input. Each case here lints with the collector off and
asserts that a collection afterwards finds nothing to free."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Iterator

import pytest

from joblint.catalogue import load
from joblint.config import Config
from joblint.lint import run_lint

from .conftest import ROOT, assert_no_cycles

SHARED = ROOT.parent / "shared" / "real-manifests"

HOSTILE = {
    "syntax.yaml": b"apiVersion: batch/v1\nkind: Job\nmetadata: {name: [oops\n",
    "tab.yaml": b"apiVersion: batch/v1\nkind: Job\nspec:\n\ttemplate: {}\n",
    "bomb.yaml": (
        b"a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    ),
    "recursive.yaml": b"apiVersion: batch/v1\nkind: Job\nspec: &s {template: *s}\n",
    "deep.yaml": b"apiVersion: batch/v1\nkind: Job\nspec: " + b"[" * 400 + b"]" * 400 + b"\n",
    "latin1.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata: {name: caf\u00e9}\n".encode("latin-1"),
    "binary.yaml": bytes(range(256)) * 4,
    "tags.yaml": b"apiVersion: batch/v1\nkind: Job\nspec: !!python/object {a: 1}\n",
    "types.yaml": b"apiVersion: batch/v1\nkind: Job\nspec: {parallelism: lots, completions: [1], template: 3}\n",
    "empty.yaml": b"",
}


def _no_cycles_after(paths: list[str], jobs: int = 1) -> None:
    run_lint(paths[:1], load(), Config(), jobs=1)  # imports, caches and memos made once are not garbage
    assert_no_cycles(lambda: run_lint(paths, load(), Config(), jobs=jobs))


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[list[str]]:
    paths = []
    for name, raw in HOSTILE.items():
        (tmp_path / name).write_bytes(raw)
        paths.append(str(tmp_path / name))
    yield paths


def test_fixtures_and_real_manifests_make_no_cycles() -> None:
    roots = [ROOT / "fixtures"] + ([SHARED] if SHARED.is_dir() else [])
    paths = sorted(str(p) for root in roots for p in root.rglob("*") if p.suffix in (".yaml", ".yml"))
    assert len(paths) > 20
    _no_cycles_after(paths)


def test_hostile_input_makes_no_cycles(hostile: list[str]) -> None:
    _no_cycles_after(hostile)


def test_generated_jobs_with_dry_runs_make_no_cycles(tmp_path: Path) -> None:
    from bench.bench_lint import generate

    generate(tmp_path, 150, seed=random.Random(3).randrange(1000))
    _no_cycles_after(sorted(str(p) for p in tmp_path.glob("*.yaml")))


def test_the_lint_command_collects_only_while_writing() -> None:
    """In its own process: the collector is off while linting and back on, with the run's
    results frozen, while the report is written (cli._collect_while_writing)."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        f"""
        import gc, sys
        import joblint.lint, joblint.report
        seen = []
        real_lint, real_write = joblint.lint.run_lint, joblint.report.write_json_report
        def lint(*a, **k):
            seen.append(("lint", gc.isenabled()))
            return real_lint(*a, **k)
        def write(*a, **k):
            seen.append(("write", gc.isenabled(), gc.get_freeze_count() > 0))
            return real_write(*a, **k)
        joblint.lint.run_lint, joblint.report.write_json_report = lint, write
        from joblint.cli import main
        try:
            main(["lint", "--no-cache", "--format", "json", sys.argv[1]])
        except SystemExit:
            pass
        print(seen, file=sys.stderr)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "fixtures" / "valid")], capture_output=True, text=True, timeout=120
    )
    assert proc.stderr.strip().splitlines()[-1] == "[('lint', False), ('write', True, True)]", proc.stderr
