"""Throughput and latency of `joblint lint` as a user runs it: a whole process, cold.

    python bench/bench_lint.py [--files 10000] [--runs 3] [--against CHECKOUT]

Generates realistic one-document Job and CronJob manifests (varied shapes, a few with mistakes),
then reports documents/second for a directory of them and the wall time of linting one file,
each twice: with nothing cached (`--no-cache`: every file parsed, modelled and checked), and with
the result cache holding the unchanged files (a re-run, as in CI or a pre-commit hook).
Targets on a 2-core machine: >= 2,000 documents/s (3,000 in the long run) and <= 0.2 s for one file.

`--against` names another checkout of joblint (with its own `.venv`, else this Python): every
measurement is then taken of both, one run of each in turn, so that both see the same machine.
On a shared virtual machine a run varies by 15 % or more from one minute to the next, so
comparing figures taken at different times says little.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
  namespace: {namespace}
  labels:
    app.kubernetes.io/name: {app}
    app.kubernetes.io/part-of: pipelines
spec:
  completions: {completions}
  parallelism: {parallelism}
  backoffLimit: {backoff}
  activeDeadlineSeconds: {deadline}
  ttlSecondsAfterFinished: 86400
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {app}
    spec:
      restartPolicy: {restart}
      serviceAccountName: batch
      containers:
      - name: main
        image: registry.example.com/{app}:{tag}
        command: ["python", "-m", "{app}.run"]
        args: ["--date", "$(RUN_DATE)", "--shard", "{shard}"]
        env:
        - name: RUN_DATE
          value: "2026-11-24"
        - name: LOG_LEVEL
          value: info
        resources:
          requests:
            cpu: 500m
            memory: 512Mi
          limits:
            memory: 1Gi
        volumeMounts:
        - name: scratch
          mountPath: /scratch
      volumes:
      - name: scratch
        emptyDir: {{}}
"""

CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}
  namespace: {namespace}
spec:
  schedule: "{minute} {hour} * * *"
  timeZone: Europe/Berlin
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 300
  jobTemplate:
    spec:
      backoffLimit: {backoff}
      activeDeadlineSeconds: {deadline}
      template:
        spec:
          restartPolicy: {restart}
          containers:
          - name: main
            image: registry.example.com/{app}:{tag}
            args: ["--since", "24h"]
            resources:
              requests: {{cpu: 100m, memory: 128Mi}}
"""


def generate(directory: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for i in range(count):
        values = {
            "name": f"job-{i:05d}",
            "namespace": rng.choice(["etl", "ml", "reports", "default"]),
            "app": rng.choice(["ingest", "train", "export", "backup"]),
            "completions": rng.choice([1, 3, 10, 100]),
            "parallelism": rng.choice([1, 2, 5, 20]),
            "backoff": rng.choice([0, 2, 4, 6]),
            "deadline": rng.choice([600, 3600, 7200]),
            "restart": rng.choice(["Never", "Never", "OnFailure", "Always"]),
            "tag": f"1.{rng.randrange(30)}.{rng.randrange(9)}",
            "shard": i % 16,
            "minute": rng.randrange(60),
            "hour": rng.randrange(24),
        }
        template = CRONJOB if i % 5 == 0 else JOB
        (directory / f"{values['name']}.yaml").write_text(template.format(**values))


# A user's Python caches compiled modules (.pyc); some CI images switch that off with
# PYTHONDONTWRITEBYTECODE, which would measure compiling joblint instead of running it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


HERE = Path(__file__).resolve().parent.parent


def python_of(checkout: Path) -> str:
    venv = checkout / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def joblint(checkout: Path, *args: str) -> float:
    """Wall time of one `joblint lint` process of that checkout (run from it, so that its package
    is the one imported)."""
    start = time.perf_counter()
    proc = subprocess.run(
        [python_of(checkout), "-m", "joblint", "lint", "--format", "json", *args], capture_output=True, env=ENV, cwd=checkout
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"joblint failed ({proc.returncode}): {proc.stderr.decode()[:2000]}")
    return elapsed


def in_turn(checkouts: list[Path], tmp: str, runs: int, *args: str) -> list[list[float]]:
    """`runs` timings per checkout, one run of each in turn, each checkout with its own result
    cache directory (their caches must not answer for each other)."""
    times: list[list[float]] = [[] for _ in checkouts]
    for _ in range(runs):
        for i, checkout in enumerate(checkouts):
            ENV["JOBLINT_CACHE_DIR"] = str(Path(tmp) / f"cache-{i}")
            times[i].append(joblint(checkout, *args))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another joblint checkout, measured in turn with this one")
    opts = parser.parse_args()
    checkouts = [HERE] + ([opts.against.resolve()] if opts.against else [])
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        generate(corpus, opts.files)
        one = str(corpus / "job-00001.yaml")
        in_turn(checkouts, tmp, 1, "--no-cache", one)  # the rule catalogue cache and the OS file cache
        runs = max(5, opts.runs)
        cold_single = in_turn(checkouts, tmp, runs, "--no-cache", one)
        cold_whole = in_turn(checkouts, tmp, opts.runs, "--no-cache", str(corpus))
        in_turn(checkouts, tmp, 1, str(corpus))  # fill the result caches
        warm_single = in_turn(checkouts, tmp, runs, one)
        warm_whole = in_turn(checkouts, tmp, opts.runs, str(corpus))
        results = [(cold_whole, cold_single), (warm_whole, warm_single)]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for label, (whole, single) in zip(("nothing cached", "files unchanged since the last run"), results):
        print(f"{label}:")
        for i, checkout in enumerate(checkouts):
            name = f" [{checkout}]" if len(checkouts) > 1 else ""
            best = min(whole[i])
            print(f"  directory of {opts.files} one-document files{name}: best {best:.2f} s, median "
                  f"{statistics.median(whole[i]):.2f} s -> {opts.files / best:,.0f} documents/s (target >= 2,000)")
        for i, checkout in enumerate(checkouts):
            name = f" [{checkout}]" if len(checkouts) > 1 else ""
            print(f"  one file, cold process{name}: median {statistics.median(single[i]) * 1000:.0f} ms, "
                  f"best {min(single[i]) * 1000:.0f} ms (target <= 200 ms)")


if __name__ == "__main__":
    main()
