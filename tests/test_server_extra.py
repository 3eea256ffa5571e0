"""`joblint server` without the `lsp` extra, and the CLI's start-up cost without it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from joblint.cli import main

from .conftest import ROOT


def test_server_without_pygls_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "joblint.server", None)  # as if pygls were not installed
    result = CliRunner().invoke(main, ["server"])
    assert result.exit_code == 2
    assert 'the language server needs pygls and lsprotocol: pip install "joblint[lsp]"' in result.stderr


def test_lint_does_not_import_the_language_server() -> None:
    """`python -X importtime -m joblint lint` lists no pygls or lsprotocol module."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "joblint", "lint", str(ROOT / "fixtures" / "valid" / "pi.yaml")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    imported = [line for line in out.stderr.splitlines() if "import time:" in line]
    assert imported, "no -X importtime output"
    assert not [line for line in imported if "pygls" in line or "lsprotocol" in line or "joblint.server" in line]
