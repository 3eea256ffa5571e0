"""A "billion laughs" alias bomb is refused in under a second, in under 100 MB.

    python bench/bench_bomb.py [--runs 5] [--levels 9] [--max-seconds 1] [--max-mb 100]

Writes the classic bomb (nine levels of nine aliases: 9**9 = 387,420,489 strings once expanded,
as a Job manifest) and, for comparison, a plain valid Job, then runs `joblint lint` on each as a
separate process (`python -m joblint`, as a user or pre-commit would), measuring the wall time and
the peak resident memory of the child (resource.getrusage(RUSAGE_CHILDREN).ru_maxrss, read in a
fresh helper process per run so that one run's peak does not hide the next). Also runs a few more
hostile inputs (deep nesting, a recursive alias, a bomb of 10**18 nodes). Prints the figures and
exits 1 when the bomb misses a target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

HEADER = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: lol\n"

VALID = """apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  backoffLimit: 4
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 3600
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34.0
"""

# Runs one command as a child and reports its wall time and peak RSS as JSON; being a process of
# its own, its RUSAGE_CHILDREN covers exactly that one child.
MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux, bytes on macOS
if sys.platform == "darwin":
    rss_kb //= 1024
print(json.dumps({"wall": wall, "rss_kb": rss_kb, "code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}))
"""


def bomb(levels: int, width: int) -> str:
    names = [f"l{i}" for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(['"lol"'] * width) + "]"]
    for prev, name in pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * width) + "]")
    return HEADER + "\n".join(lines) + "\n"


def measure(path: str) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("JOBLINT_CACHE_DIR", tempfile.mkdtemp(prefix="joblint-bench-cache-"))
    command = [sys.executable, "-m", "joblint", "lint", "--no-cache", "--no-color", path]  # measure parsing, not the result cache
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], check=False, capture_output=True, text=True, env=env, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"measuring failed: {out.stderr}")
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--levels", type=int, default=9)
    parser.add_argument("--width", type=int, default=9)
    parser.add_argument("--max-seconds", type=float, default=1.0)
    parser.add_argument("--max-mb", type=float, default=100.0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="joblint-bomb-"))
    cases = {
        "billion-laughs": bomb(args.levels, args.width),
        "valid-job (baseline)": VALID,
        "bomb-10^18-nodes": bomb(18, 10),
        "recursive-alias": HEADER + "spec: &s\n  template: *s\n",
        "nesting-100k-flow": "[" * 100_000 + "]" * 100_000 + "\n",
    }
    paths: dict[str, str] = {}
    for name, text in cases.items():
        file = work / f"{name.split(' ')[0]}.yaml"
        file.write_text(text, encoding="utf-8")
        paths[name] = str(file)
    measure(paths["valid-job (baseline)"])  # warm the catalogue cache and the OS file cache

    expanded = args.width ** args.levels
    print(f"billion laughs: {args.levels} levels of {args.width} aliases = {expanded:,} strings once expanded "
          f"({len(cases['billion-laughs'])} bytes of YAML)")
    print(f"{'input':24} {'exit':>4} {'wall median':>12} {'wall max':>9} {'peak RSS median':>16} {'peak RSS max':>13}  first line of output")
    failed = False
    for name, path in paths.items():
        runs = [measure(path) for _ in range(args.runs)]
        walls = [float(r["wall"]) for r in runs]
        rss = [int(r["rss_kb"]) / 1024 for r in runs]
        codes = {int(r["code"]) for r in runs}
        first = str(runs[0]["stdout"]).splitlines()[0] if runs[0]["stdout"] else str(runs[0]["stderr"]).strip()[:100]
        print(f"{name:24} {','.join(map(str, sorted(codes))):>4} {statistics.median(walls):11.3f}s {max(walls):8.3f}s "
              f"{statistics.median(rss):13.1f} MB {max(rss):10.1f} MB  {first[:110]}")
        if name == "billion-laughs":
            refused = codes == {1} and "JL902" in str(runs[0]["stdout"])
            if not refused:
                print("  FAIL: the bomb was not refused with JL902 and exit status 1")
                failed = True
            if max(walls) >= args.max_seconds:
                print(f"  FAIL: slowest run {max(walls):.3f} s, target < {args.max_seconds} s")
                failed = True
            if max(rss) >= args.max_mb:
                print(f"  FAIL: peak RSS {max(rss):.1f} MB, target < {args.max_mb} MB")
                failed = True
    print(f"targets for the bomb: < {args.max_seconds} s and < {args.max_mb} MB per run, refused with JL902: "
          f"{'FAILED' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
