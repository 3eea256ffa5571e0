"""The result cache: an unchanged file is not linted again, and a re-run says exactly what a fresh
run would, whatever changed in between (the file, the settings, joblint itself) and whatever
state the cache is in."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from joblint import cache as cache_module
from joblint import lint as lint_module
from joblint.catalogue import load
from joblint.cli import main
from joblint.config import Config
from joblint.lint import run_lint

from .conftest import ROOT

JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
  backoffLimit: 2
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 3600
  template:
    spec:
      restartPolicy: {restart}
      containers:
      - name: main
        image: busybox:1.36
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("JOBLINT_CACHE_DIR", str(where))
    monkeypatch.delenv("JOBLINT_NO_CACHE", raising=False)
    return where


@pytest.fixture
def linted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the pipeline really parsed and checked (not answered from the cache)."""
    seen: list[str] = []
    real = lint_module.lint_file

    def counting(engine: Any, path: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(path)
        return real(engine, path, *args, **kwargs)

    monkeypatch.setattr(lint_module, "lint_file", counting)
    return seen


def write(directory: Path, name: str, restart: str = "Never", job: str | None = None) -> Path:
    path = directory / f"{name}.yaml"
    path.write_text(JOB.format(name=job or name, restart=restart))
    return path


def lint_paths(paths: list[Path], **config: Any) -> list[tuple[str, str, int, int, str]]:
    result = run_lint([str(p) for p in paths], load(), Config(**config), jobs=1, cache=True)
    return [(f.file, f.code, f.line, f.column, f.message) for f in result.findings]


def cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_unchanged_files_are_not_linted_again(cache_dir: Path, tmp_path: Path, linted: list[str]) -> None:
    files = [write(tmp_path, "a"), write(tmp_path, "b", restart="OnFailure")]
    first = lint_paths(files)
    assert sorted(linted) == sorted(map(str, files))
    linted.clear()
    assert lint_paths(files) == first
    assert linted == []
    assert list(cache_dir.glob("results-*.sqlite3"))


def test_a_changed_file_is_linted_again(cache_dir: Path, tmp_path: Path, linted: list[str]) -> None:
    a, b = write(tmp_path, "a"), write(tmp_path, "b")
    lint_paths([a, b])
    linted.clear()
    write(tmp_path, "b", restart="Always")  # same size class, new content: the hash decides
    found = lint_paths([a, b])
    assert linted == [str(b)]
    assert any(f[0] == str(b) and f[1] == "JL001" for f in found)


@pytest.mark.parametrize(
    "change",
    [
        {"kubernetes_version": "1.31"},
        {"select": ["JL1"]},
        {"ignore": ["JL115"]},
        {"severity": {"JL100": "error"}},
        {"max_file_bytes": 1_000_000},
    ],
    ids=["version", "select", "ignore", "severity", "limits"],
)
def test_other_settings_do_not_reuse_results(cache_dir: Path, tmp_path: Path, linted: list[str], change: dict[str, Any]) -> None:
    files = [write(tmp_path, "a", restart="OnFailure")]
    lint_paths(files)
    linted.clear()
    cached = lint_paths(files, **change)
    assert linted == [str(files[0])]
    shutil.rmtree(cache_dir)
    assert cached == lint_paths(files, **change)


def test_cross_document_rules_run_over_cached_files(cache_dir: Path, tmp_path: Path, linted: list[str]) -> None:
    """Two files defining the same Job: the duplicate is found on a re-run from the cache, and
    goes away when one of them is renamed, although the other file was not linted again."""
    a, b = write(tmp_path, "a", job="same"), write(tmp_path, "b", job="same")
    across = {"options": {"JL300": {"across-files": True}}}
    first = lint_paths([a, b], **across)
    assert any(f[1] == "JL300" for f in first), first
    linted.clear()
    assert lint_paths([a, b], **across) == first and linted == []
    write(tmp_path, "b", job="other")
    again = lint_paths([a, b], **across)
    assert linted == [str(b)]
    assert not any(f[1] == "JL300" for f in again)


def test_suppressions_apply_to_cached_files(cache_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    text = JOB.format(name="s", restart="OnFailure")
    path.write_text(text.replace("restartPolicy: OnFailure", "restartPolicy: OnFailure  # joblint: ignore[JL100, JL101]"))
    first = lint_paths([path])
    codes = [f[1] for f in first]
    assert "JL100" not in codes and "JL910" in codes  # JL101 suppresses nothing here
    assert lint_paths([path]) == first


def test_cli_output_is_the_same_from_the_cache(cache_dir: Path) -> None:
    fixtures = str(ROOT / "fixtures")
    for fmt in ("text", "json", "sarif"):
        fresh = cli("lint", "--no-cache", "--format", fmt, fixtures)
        cli("lint", "--format", fmt, fixtures)
        again = cli("lint", "--format", fmt, fixtures)
        assert (again.exit_code, again.output) == (fresh.exit_code, fresh.output), fmt
    assert json.loads(cli("lint", "--format", "json", fixtures).output)["files"] > 10


def test_no_cache_flag_and_environment(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "a")
    cli("lint", "--no-cache", str(path))
    assert not list(cache_dir.glob("results-*"))
    monkeypatch.setenv("JOBLINT_NO_CACHE", "1")
    cli("lint", str(path))
    assert not list(cache_dir.glob("results-*"))
    monkeypatch.setenv("JOBLINT_NO_CACHE", "0")
    cli("lint", str(path))
    assert list(cache_dir.glob("results-*"))


def test_user_python_checks_turn_the_cache_off(cache_dir: Path, tmp_path: Path) -> None:
    lint_paths([write(tmp_path, "a")], allow_plugins=True)
    assert not list(cache_dir.glob("results-*"))


def test_standard_input_and_show_source_are_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "a", restart="Always")
    shown = cli("lint", "--show-source", str(path))
    assert "restartPolicy: Always" in shown.output and "^" in shown.output
    piped = CliRunner().invoke(main, ["lint", "-"], input=path.read_text())
    assert "JL001" in piped.output
    assert not list(cache_dir.glob("results-*"))


def test_a_damaged_store_is_replaced_silently(cache_dir: Path, tmp_path: Path, linted: list[str]) -> None:
    files = [write(tmp_path, "a", restart="Always")]
    expected = lint_paths(files)
    (store,) = cache_dir.glob("results-*.sqlite3")
    for extra in cache_dir.glob("results-*.sqlite3-*"):
        extra.unlink()
    store.write_bytes(b"this is not a database" * 100)
    assert lint_paths(files) == expected
    linted.clear()
    assert lint_paths(files) == expected and linted == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_damaged_entry_is_linted_again(cache_dir: Path, tmp_path: Path, jobs: int) -> None:
    count = 1 if jobs == 1 else lint_module.PARALLEL_MIN_FILES
    files = [str(write(tmp_path, f"job{i}", restart="Always")) for i in range(count)]
    expected = run_lint(files, load(), Config(), jobs=jobs, cache=True).findings
    (store,) = cache_dir.glob("results-*.sqlite3")
    with sqlite3.connect(store) as db:
        db.execute("UPDATE results SET result = ? WHERE path = ?", (b"\x80\x05garbage", files[0]))
    assert run_lint(files, load(), Config(), jobs=jobs, cache=True).findings == expected
    with sqlite3.connect(store) as db:  # and the entry is whole again
        (blob,) = db.execute("SELECT result FROM results WHERE path = ?", (files[0],)).fetchone()
    assert blob != b"\x80\x05garbage"


def test_an_unusable_cache_directory_costs_nothing_but_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv("JOBLINT_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("JOBLINT_NO_CACHE", raising=False)
    result = cli("lint", str(write(tmp_path, "a", restart="Always")))
    assert result.exit_code == 1 and "JL001" in result.output


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_directory(cache_dir: Path, tmp_path: Path) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        assert any(f[1] == "JL001" for f in lint_paths([write(tmp_path, "a", restart="Always")]))
    finally:
        cache_dir.chmod(0o700)


def test_joblint_code_changes_give_a_new_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    module = package / "sub" / "m.py"
    module.write_text("x = 1\n")
    monkeypatch.setattr(cache_module, "PACKAGE_DIR", package)
    before = cache_module.code_fingerprint()
    assert cache_module.code_fingerprint() == before
    module.write_text("x = 22\n")
    assert cache_module.code_fingerprint() != before
    (package / "sub" / "notes.txt").write_text("not code")
    after = cache_module.code_fingerprint()
    (package / "sub" / "notes.txt").write_text("still not code")
    assert cache_module.code_fingerprint() == after


def test_stores_of_other_code_are_removed_after_a_day(cache_dir: Path, tmp_path: Path) -> None:
    cache_dir.mkdir()
    old, recent = cache_dir / "results-old.sqlite3", cache_dir / "results-recent.sqlite3"
    old.write_bytes(b"")
    recent.write_bytes(b"")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    lint_paths([write(tmp_path, "a")])
    assert not old.exists() and recent.exists()


def test_worker_processes_share_the_cache(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Enough files for worker processes: they read, hash and look up in parallel, and a re-run
    lints nothing (linting is made to fail, and forked workers inherit that)."""
    files = [write(tmp_path, f"job{i}", restart=("OnFailure" if i % 3 else "Always")) for i in range(lint_module.PARALLEL_MIN_FILES + 6)]
    fresh = run_lint([str(p) for p in files], load(), Config(), jobs=1).findings
    first = run_lint([str(p) for p in files], load(), Config(), jobs=2, cache=True).findings
    assert first == fresh
    (store,) = cache_dir.glob("results-*.sqlite3")
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == len(files)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("linted although unchanged")

    monkeypatch.setattr(lint_module, "lint_file", refuse)
    assert run_lint([str(p) for p in files], load(), Config(), jobs=2, cache=True).findings == fresh


def test_results_others_can_write_are_not_trusted(cache_dir: Path, tmp_path: Path, linted: list[str]) -> None:
    """Results are unpickled: a cache directory or file that other users can write is not used."""
    files = [write(tmp_path, "a", restart="Always")]
    expected = lint_paths(files)
    (store,) = cache_dir.glob("results-*.sqlite3")
    assert store.stat().st_mode & 0o777 == 0o600
    store.chmod(0o666)
    linted.clear()
    assert lint_paths(files) == expected and linted == [str(files[0])]
    store.chmod(0o600)
    cache_dir.chmod(0o777)
    linted.clear()
    assert lint_paths(files) == expected and linted == [str(files[0])]
    cache_dir.chmod(0o700)
    linted.clear()
    assert lint_paths(files) == expected and linted == []


def test_old_entries_expire(cache_dir: Path, tmp_path: Path, linted: list[str]) -> None:
    a, b = write(tmp_path, "a"), write(tmp_path, "b")
    lint_paths([a, b])
    (store,) = cache_dir.glob("results-*.sqlite3")
    with sqlite3.connect(store) as db:
        db.execute("UPDATE results SET written = written - ? WHERE path = ?", (cache_module.EXPIRY_SECONDS + 60, str(a)))
    write(tmp_path, "b", restart="OnFailure")  # a run that keeps something also drops what expired
    linted.clear()
    lint_paths([b])
    with sqlite3.connect(store) as db:
        assert [p for (p,) in db.execute("SELECT path FROM results")] == [str(b)]


def test_no_home_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A container user with no passwd entry and no HOME: linting works, nothing is cached."""
    monkeypatch.delenv("JOBLINT_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("JOBLINT_NO_CACHE", raising=False)

    def no_home(cls: Any = None) -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", classmethod(no_home))
    assert cache_module.cache_dir() is None
    load.cache_clear()
    try:
        result = cli("lint", str(write(tmp_path, "a", restart="Always")))
    finally:
        load.cache_clear()
    assert result.exit_code == 1 and "JL001" in result.output


def test_a_library_upgrade_gives_a_new_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ruamel.yaml or pydantic reinstalled (new files): results computed with the old ones go."""
    fake = tmp_path / "fakelib" / "__init__.py"
    fake.parent.mkdir()
    fake.write_text("version = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cache_module, "DEPENDENCIES", ("fakelib",))
    before = cache_module.code_fingerprint()
    fake.write_text("version = 22\n")
    assert cache_module.code_fingerprint() != before
    monkeypatch.setattr(cache_module, "DEPENDENCIES", ("no_such_library_here",))
    assert cache_module.code_fingerprint() not in (before, "")


def test_a_re_run_with_few_changes_starts_no_worker(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent answers unchanged files from the cache itself; workers start only when enough
    files need linting, and the findings are those of a fresh run whichever way each file went."""
    n = 2 * lint_module.PARALLEL_MIN_FILES + 5
    files = [write(tmp_path, f"job{i}", restart="Always" if i % 2 else "Never") for i in range(n)]
    paths = [str(p) for p in files]
    run_lint(paths, load(), Config(), jobs=2, cache=True)
    for i in (3, 40, n - 1):  # a few edits: linted here, no pool
        write(tmp_path, f"job{i}", restart="OnFailure", job=f"edited{i}")
    real_parallel = lint_module._parallel

    def no_pool(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("workers started for a few changed files")

    monkeypatch.setattr(lint_module, "_parallel", no_pool)
    fresh = run_lint(paths, load(), Config(), jobs=1).findings
    assert run_lint(paths, load(), Config(), jobs=2, cache=True).findings == fresh
    # Many edits, from the middle on: the parent stops looking and the workers take the rest.
    for i in range(n // 3, n):
        write(tmp_path, f"job{i}", restart="Always", job=f"again{i}")
    started: list[int] = []

    def counting_pool(paths: list[str], *args: Any, **kwargs: Any) -> Any:
        started.append(len(paths))
        return real_parallel(paths, *args, **kwargs)

    monkeypatch.setattr(lint_module, "_parallel", counting_pool)
    fresh = run_lint(paths, load(), Config(), jobs=1).findings
    assert run_lint(paths, load(), Config(), jobs=2, cache=True).findings == fresh
    assert started == [n - n // 3]
