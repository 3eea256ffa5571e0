"""CI's share of the fuzzer: a small budget of generated documents on every change (the
100,000-document run is `python bench/fuzz.py --documents 100000`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_small_fuzz_run_finds_no_crash(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fuzz.py"), "--documents", "400", "--seed", "11", "--out", str(tmp_path / "crashes")],
        capture_output=True, text=True, timeout=600, cwd=str(tmp_path),
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "crashes found: 0 (0 distinct)" in proc.stdout
