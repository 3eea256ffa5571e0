"""Shared helpers: lint text through the real pipeline, as the CLI does."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("JOBLINT_CACHE_DIR", str(ROOT / ".pytest_cache" / "joblint-catalogue"))
# Tests that patch joblint's internals must see them run, not a result cached before the patch;
# tests/test_cache.py turns the result cache back on where it is the subject.
os.environ["JOBLINT_NO_CACHE"] = "1"

from joblint.catalogue import load  # noqa: E402
from joblint.config import Config  # noqa: E402
from joblint.engine import Engine  # noqa: E402
from joblint.findings import Finding  # noqa: E402
from joblint.lint import lint_source  # noqa: E402
from joblint.source import read_path  # noqa: E402


def lint_text(text: str | bytes, version: str = "1.37", name: str = "input.yaml", **config: object) -> list[Finding]:
    """Every finding for one file's text, suppressions and cross-document rules included."""
    from joblint.lint import run_lint

    raw = text.encode() if isinstance(text, str) else text
    cfg = Config(kubernetes_version=version, **config)  # type: ignore[arg-type]
    return run_lint(["-"], load(), cfg, stdin=raw).findings


def rule_hits(text: str, code: str, **config: object) -> list[Finding]:
    """The findings of one rule (selected, in case it is off by default) on a manifest that must
    itself be one the API server accepts."""
    found = lint_text(text, extend_select=[code], **config)
    api = [f for f in found if f.code.startswith(("JL0", "JL9")) and f.api_warning is None]  # a warning is no refusal
    assert api == [], [f"{f.code} {f.message}" for f in api]
    return [f for f in found if f.code == code]


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


@pytest.fixture
def lint():
    return lint_text


__all__ = ["lint_text", "codes", "lint_source", "read_path", "Engine", "ROOT"]


def assert_no_cycles(action: Callable[[], object], generation: int = 2) -> None:
    """`joblint lint` runs without the cycle collector (cli._relax_gc): `action`, run with the
    collector off, must leave nothing that a collection of `generation` would free (with the
    collector off, what it made is all in the young generations). Names the types it would."""
    gc.collect(generation)
    was = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        action()
        found = gc.collect(generation)
        assert found == 0, sorted({type(o).__name__ for o in gc.garbage})
    finally:
        gc.garbage.clear()
        gc.set_debug(0)
        if was:
            gc.enable()
