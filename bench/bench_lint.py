"""Throughput and latency of `joblint lint` as a user runs it: a whole process, cold.

    python bench/bench_lint.py [--files 10000] [--runs 3]

Generates realistic one-document Job and CronJob manifests (varied shapes, a few with mistakes),
then reports documents/second for a directory of them and the wall time of linting one file,
each twice: with nothing cached (`--no-cache`: every file parsed, modelled and checked), and with
the result cache holding the unchanged files (a re-run, as in CI or a pre-commit hook).
Targets on a 2-core machine: >= 3,000 documents/s and <= 0.25 s for one file.
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


def joblint(*args: str) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "joblint", "lint", "--format", "json", *args], capture_output=True, env=ENV)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"joblint failed ({proc.returncode}): {proc.stderr.decode()[:2000]}")
    return elapsed, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        generate(corpus, opts.files)
        ENV.setdefault("JOBLINT_CACHE_DIR", str(Path(tmp) / "cache"))
        one = str(corpus / "job-00001.yaml")
        joblint("--no-cache", one)  # warm the rule catalogue cache and the OS file cache
        runs = max(5, opts.runs)
        single_cold = [joblint("--no-cache", one)[0] for _ in range(runs)]
        whole_cold = [joblint("--no-cache", str(corpus))[0] for _ in range(opts.runs)]
        joblint(str(corpus))  # fill the result cache
        single_warm = [joblint(one)[0] for _ in range(runs)]
        whole_warm = [joblint(str(corpus))[0] for _ in range(opts.runs)]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for label, whole, single in (("nothing cached", whole_cold, single_cold), ("files unchanged since the last run", whole_warm, single_warm)):
        best = min(whole)
        print(f"{label}:")
        print(f"  directory of {opts.files} one-document files: best {best:.2f} s, median {statistics.median(whole):.2f} s "
              f"-> {opts.files / best:,.0f} documents/s (target >= 3,000)")
        print(f"  one file, cold process: median {statistics.median(single) * 1000:.0f} ms, best {min(single) * 1000:.0f} ms "
              "(target <= 250 ms)")


if __name__ == "__main__":
    main()
