"""Many dry runs of one Job with different seeds: how often it completes or fails, and how long
it takes. Trials are independent and seeded (trial i uses seed + i), so the summary does not depend
on how many processes run them."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, field
from typing import Any

from .. import versions
from .job import simulate
from .render import duration_text
from .scenario import Scenario

# Below this many trials a single process is faster than starting workers.
PARALLEL_THRESHOLD = 200


@dataclass(frozen=True, slots=True)
class Trial:
    outcome: str  # Complete, Failed, Running
    reason: str | None
    duration: float  # until the terminal condition, or the end of the dry run
    pods: int


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of sorted values."""
    if not values:
        return None
    rank = max(1, -(-len(values) * q // 100))
    return values[int(rank) - 1]


@dataclass
class TrialsSummary:
    n: int
    version: str
    scenario: str
    seed: int
    complete: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    running: int = 0
    durations: list[float] = field(default_factory=list)  # of finished trials, sorted
    pods: list[int] = field(default_factory=list)  # sorted
    job_name: str = ""

    def p_complete(self) -> float:
        return self.complete / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        def t(v: float | None) -> float | None:
            return None if v is None else round(v, 3)

        n = self.n or 1
        return {
            "trials": self.n,
            "version": self.version,
            "scenario": self.scenario,
            "seeds": [self.seed, self.seed + self.n - 1] if self.n else [],
            "complete": round(self.complete / n, 6),
            "failed": {reason: round(count / n, 6) for reason, count in sorted(self.failed.items())},
            "running": round(self.running / n, 6),
            "duration": {
                "p50": t(percentile(self.durations, 50)),
                "p95": t(percentile(self.durations, 95)),
                "max": t(self.durations[-1] if self.durations else None),
            },
            "podsCreated": {
                "p50": percentile([float(p) for p in self.pods], 50),
                "p95": percentile([float(p) for p in self.pods], 95),
                "max": self.pods[-1] if self.pods else None,
            },
        }

    def render_text(self) -> str:
        n = self.n or 1
        lines = [
            f"{self.n} trials of Job {self.job_name} (Kubernetes {self.version}, scenario {self.scenario}), "
            f"seeds {self.seed}-{self.seed + self.n - 1}",
            f"  P(Complete)  {100 * self.complete / n:.1f}%",
        ]
        failed_total = sum(self.failed.values())
        lines.append(f"  P(Failed)    {100 * failed_total / n:.1f}%")
        for reason, count in sorted(self.failed.items()):
            lines.append(f"    {reason:<26} {100 * count / n:.1f}%")
        if self.running:
            lines.append(f"  not finished {100 * self.running / n:.1f}%")
        if self.durations:
            lines.append(
                f"  duration     p50 {duration_text(percentile(self.durations, 50))}  "
                f"p95 {duration_text(percentile(self.durations, 95))}  max {duration_text(self.durations[-1])}"
            )
        pods = [float(p) for p in self.pods]
        if pods:
            lines.append(
                f"  pods created p50 {percentile(pods, 50):g}  p95 {percentile(pods, 95):g}  max {self.pods[-1]}"
            )
        return "\n".join(lines) + "\n"


_WORKER: tuple[dict[str, Any], Scenario, str, float | None] | None = None


def _init(job: dict[str, Any], scenario: Scenario, version: str, until: float | None) -> None:
    global _WORKER
    _WORKER = (job, scenario, version, until)


def _one(job: dict[str, Any], scenario: Scenario, version: str, until: float | None, seed: int) -> Trial:
    result = simulate(job, scenario.with_seed(seed), version, until)
    duration = result.finished_at if result.finished_at is not None else result.end
    return Trial(result.outcome, result.reason, duration, len(result.pods))


def _run_seeds(seeds: range) -> list[Trial]:
    assert _WORKER is not None
    job, scenario, version, until = _WORKER
    return [_one(job, scenario, version, until, s) for s in seeds]


def run_trials(
    job: dict[str, Any],
    scenario: Scenario,
    n: int,
    version: str = versions.DEFAULT,
    seed: int = 0,
    processes: int | None = None,
    until: float | None = None,
) -> TrialsSummary:
    """Run `n` seeded dry runs (seeds seed .. seed+n-1) and summarise them."""
    if n < 0:
        raise ValueError("the number of trials is 0 or more")
    version = versions.parse_version(version)
    if processes is None:
        processes = min(os.cpu_count() or 1, 2) if n >= PARALLEL_THRESHOLD else 1
    processes = max(1, min(processes, n or 1))
    if processes == 1:
        _init(job, scenario, version, until)
        trials = _run_seeds(range(seed, seed + n))
    else:
        # Contiguous chunks, one per worker and a few more for balance; results keep seed order.
        chunks = processes * 4
        size = -(-n // chunks)
        ranges = [range(seed + i, min(seed + i + size, seed + n)) for i in range(0, n, size)]
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ctx.Pool(processes, initializer=_init, initargs=(job, scenario, version, until)) as pool:
            trials = [t for part in pool.map(_run_seeds, ranges) for t in part]
    summary = TrialsSummary(n=n, version=version, scenario=scenario.name, seed=seed)
    summary.job_name = str((job.get("metadata") or {}).get("name", ""))
    durations: list[float] = []
    for trial in trials:
        if trial.outcome == "Complete":
            summary.complete += 1
            durations.append(trial.duration)
        elif trial.outcome == "Failed":
            key = trial.reason or "Failed"
            summary.failed[key] = summary.failed.get(key, 0) + 1
            durations.append(trial.duration)
        else:
            summary.running += 1
        summary.pods.append(trial.pods)
    summary.durations = sorted(durations)
    summary.pods.sort()
    return summary
