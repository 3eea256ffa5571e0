"""Speed of the reference Job controller (not a test): prints the measured figures.

1. An Indexed Job with completions 100,000 and parallelism 1,000 under flaky:p=0.01 (budget ≤ 2 s).
   (and, not budgeted, the SVG timeline of that result: aggregated into at most 60 rows)
2. 1,000 trials of a 100-completion Job (parallelism 10, and parallelism 1) under flaky:p=0.1
   on up to 2 cores (budget ≤ 5 s).

Run: python bench/bench_controller.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from joblint.controller import load_scenario, render_svg, simulate  # noqa: E402
from joblint.controller.trials import run_trials  # noqa: E402
from joblint.defaults import default_job  # noqa: E402
from joblint.model import Job  # noqa: E402


def job(name: str, **spec: object) -> dict:
    data = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {
            "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox:1.36"}]}},
            **spec,
        },
    }
    return default_job(Job.model_validate(data), "1.37").dump()


def best_of(runs: int, fn):  # type: ignore[no-untyped-def]
    best = float("inf")
    value = None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")
    flaky = load_scenario("flaky:p=0.01")
    variants = [
        ("backoffLimitPerIndex 3", {"backoffLimitPerIndex": 3}),
        ("backoffLimit 100000", {"backoffLimit": 100_000}),
        ("defaults (backoffLimit 6)", {}),
    ]
    for label, extra in variants:
        big = job("big", completions=100_000, parallelism=1_000, completionMode="Indexed", **extra)
        seconds, result = best_of(3, lambda: simulate(big, flaky, "1.37"))
        print(
            f"indexed 100,000 completions, parallelism 1,000, {label}, flaky:p=0.01: {seconds:.2f} s "
            f"(budget 2 s) — {len(result.pods)} pods, {len(result.events)} events, "
            f"{result.outcome} ({result.reason}) at {result.finished_at:g} s simulated"
        )
        seconds, _ = best_of(1, lambda: result.to_dict())
        print(f"  to_dict of that result: {seconds:.2f} s")
        seconds, svg = best_of(1, lambda: render_svg(result))
        print(f"  render_svg of that result: {seconds:.2f} s, {len(svg) / 1024:.0f} KiB (aggregated rows)")
    scenario = load_scenario("flaky:p=0.1")
    for parallelism in (10, 1):
        small = job("small", completions=100, parallelism=parallelism)
        seconds, summary = best_of(3, lambda: run_trials(small, scenario, 1000, "1.37"))
        print(
            f"1,000 trials, completions 100, parallelism {parallelism}, flaky:p=0.1, 2 processes: "
            f"{seconds:.2f} s (budget 5 s) — P(Complete) {summary.p_complete():.3f}"
        )
        seconds, _ = best_of(1, lambda: run_trials(small, scenario, 1000, "1.37", processes=1))
        print(f"  the same on 1 process: {seconds:.2f} s")


if __name__ == "__main__":
    main()
