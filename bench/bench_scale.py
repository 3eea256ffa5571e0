"""Time and memory of `joblint lint` on a monorepo-sized directory, where cross-document rules meet
many objects in one namespace.

    python bench/bench_scale.py                      # 10,000 then 100,000 files
    python bench/bench_scale.py --skip-100k          # 10,000 only
    python bench/bench_scale.py --files 2000 50000   # any sizes

For each size it generates one-document Job and CronJob files (bench_lint's shapes), all in one
namespace: about half of the pod templates carry `app: shared`, 5% of the Jobs have
`manualSelector: true` selecting `app: shared` (their own pods match it), 1% of the files reuse
the name of an earlier object of the same kind, and a few extra files hold a Deployment and a
Service selecting `app: shared`. Then it runs `python -m joblint lint --format json DIR` in a fresh
process with an empty result cache (a new JOBLINT_CACHE_DIR, as a first run in CI), once with all
rules and once with `--ignore JL300,JL301`, and reports wall time, documents/second, peak RSS,
the findings (all, JL300, JL301, the most JL301 on one object) and time(all)/time(ignore).
The configuration is the bench's own (`--config`, run outside any project): JL300 with
`across-files: true`, as a monorepo that wants reused names found sets it, so the reused names
are compared at all (by default JL300 compares the documents of one file). The report goes to a
temporary file, counted a line at a time, then deleted. Peak RSS is wait4's ru_maxrss of the
run: the largest single process of its tree, which is the lint process itself (the workers
hold a share of the files each); its sampled high-water mark and the tree's sampled total are
shown beside it.

Budgets on a 2-core machine:
  10,000 files:  time(all rules) / time(--ignore JL300,JL301) <= 1.2
  100,000 files: peak RSS <= 1.5 GiB (the largest process: the parent, which gathers every result)

Every run is guarded: an address-space limit per process (--memory-limit-gib, RLIMIT_AS), a
watchdog on the resident memory of the whole process tree (--tree-limit-gib) and a timeout
(--timeout); a run that hits one is reported as failed, and the bench goes on. The exit status is
1 when a run failed or a budget was missed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench_lint import ENV, generate

GIB = 1024**3
NAMESPACE = "monorepo"
IGNORED = "JL300,JL301"
RATIO_BUDGET = 1.2
RSS_BUDGET = 1.5 * GIB
# Which budget applies to which size: the ratio where the run is quick enough to time it well,
# memory where a result per file adds up.
BUDGETS = {10_000: "ratio", 100_000: "rss"}

SHARED_LABEL = "        app: shared\n"
MANUAL_SELECTOR = "\n  manualSelector: true\n  selector:\n    matchLabels:\n      app: shared"
CONFIG = "options:\n  JL300: {across-files: true}\n"
CRONJOB_POD_LABELS = "        metadata:\n          labels:\n            app: shared\n"

SELECTING_APP = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: shared-web-{i}
  namespace: {namespace}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: shared
  template:
    metadata:
      labels:
        app: shared
    spec:
      containers:
      - name: web
        image: registry.example.com/web:2.{i}.0
---
apiVersion: v1
kind: Service
metadata:
  name: shared-web-{i}
  namespace: {namespace}
spec:
  selector:
    app: shared
  ports:
  - port: 80
    targetPort: 8080
"""


@dataclass
class Corpus:
    files: int = 0
    shared: int = 0
    manual: int = 0
    duplicates: int = 0
    selecting: int = 0


def _insert(text: str, anchor: str, addition: str, after: bool = True) -> str:
    """Add lines next to a line of bench_lint's templates; fails loudly if the templates change."""
    at = text.find(anchor)
    if at < 0:
        raise RuntimeError(f"bench_lint's template no longer has {anchor!r}")
    at += len(anchor) if after else 0
    return text[:at] + addition + text[at:]


def generate_monorepo(directory: Path, count: int, selecting: int = 3, seed: int = 11) -> Corpus:
    """bench_lint's manifests, rewritten into one namespace with shared pod labels, manual
    selectors and reused names: the inputs whose cross-document rules grow with pairs of objects."""
    generate(directory, count)
    rng = random.Random(seed)
    corpus = Corpus(files=count, selecting=selecting)
    earlier: dict[str, list[str]] = {"Job": [], "CronJob": []}
    for path in sorted(directory.iterdir()):
        text = path.read_text()
        kind = "CronJob" if "\nkind: CronJob\n" in text else "Job"
        text = re.sub(r"^  namespace: .*$", f"  namespace: {NAMESPACE}", text, count=1, flags=re.M)
        manual = kind == "Job" and rng.random() < 0.05
        if manual:
            text = _insert(text, "\n  template:\n", MANUAL_SELECTOR, after=False)
            corpus.manual += 1
        if manual or rng.random() < 0.5:
            if kind == "Job":
                text = _insert(text, "\n    metadata:\n      labels:\n", SHARED_LABEL)
            else:
                text = _insert(text, "\n      template:\n", CRONJOB_POD_LABELS)
            corpus.shared += 1
        name = re.search(r"^  name: (\S+)$", text, flags=re.M)
        assert name is not None, path
        if earlier[kind] and rng.random() < 0.01:
            text = text[: name.start(1)] + rng.choice(earlier[kind]) + text[name.end(1) :]
            corpus.duplicates += 1
        else:
            earlier[kind].append(name.group(1))
        path.write_text(text)
    for i in range(selecting):
        (directory / f"shared-web-{i}.yaml").write_text(SELECTING_APP.format(i=i, namespace=NAMESPACE))
    return corpus


@dataclass
class Run:
    label: str
    seconds: float = 0.0
    exit_code: int | None = None
    failure: str | None = None
    peak_rss: int = 0  # bytes: the largest process of the tree (wait4's ru_maxrss)
    parent_hwm: int = 0  # bytes: the lint process's own high-water mark, last sampled
    tree_rss: int = 0  # bytes: the most the whole tree held at once, sampled
    documents: int = 0
    findings: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    max_jl301_per_object: int = 0
    max_related: int = 0
    report_bytes: int = 0


def _status_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """The process and its descendants (workers), from /proc's children lists."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as children:
                    todo.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            pass
    return out


def _watch(pid: int, run: Run, deadline: float, tree_limit: int, done: threading.Event) -> None:
    """Sample memory; kill the whole process group past the timeout or the tree's memory limit."""
    while not done.wait(0.2):
        run.parent_hwm = max(run.parent_hwm, _status_kib(pid, "VmHWM:") * 1024)
        tree = sum(_status_kib(p, "VmRSS:") for p in _tree(pid)) * 1024
        run.tree_rss = max(run.tree_rss, tree)
        reason = None
        if time.monotonic() > deadline:
            reason = "timed out"
        elif tree > tree_limit:
            reason = f"killed: the process tree held {tree / GIB:.2f} GiB (limit {tree_limit / GIB:.2f} GiB)"
        if reason:
            run.failure = reason
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return


def lint(corpus: Path, label: str, extra: list[str], work: Path, timeout: float, memory_limit: int, tree_limit: int) -> Run:
    """One cold `joblint lint --format json` in a fresh process and a fresh, empty result cache."""
    run = Run(label)
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    env = {k: v for k, v in ENV.items() if k != "JOBLINT_NO_CACHE"} | {"JOBLINT_CACHE_DIR": str(cache)}
    report, errors, config = work / "report.json", work / "stderr.txt", work / "joblint.yaml"
    config.write_text(CONFIG)

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    cmd = [sys.executable, "-m", "joblint", "lint", "--format", "json", "--config", str(config), *extra, str(corpus)]
    with open(report, "wb") as out, open(errors, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=err, env=env, cwd=work, preexec_fn=limit_memory, start_new_session=True
        )
        done = threading.Event()
        watchdog = threading.Thread(target=_watch, args=(proc.pid, run, time.monotonic() + timeout, tree_limit, done), daemon=True)
        watchdog.start()
        _, status, usage = os.wait4(proc.pid, 0)
        run.seconds = time.perf_counter() - start
        done.set()
        watchdog.join()
    proc.returncode = run.exit_code = os.waitstatus_to_exitcode(status)
    run.peak_rss = usage.ru_maxrss * 1024
    run.report_bytes = report.stat().st_size
    stderr = errors.read_bytes().decode(errors="replace").strip()
    if run.failure is None and run.exit_code not in (0, 1):
        why = "address-space limit hit (MemoryError)" if "MemoryError" in stderr else stderr[-500:] or "no message"
        run.failure = f"exit {run.exit_code}: {why}"
    if run.failure is None:
        count_findings(report, run)
    report.unlink()
    shutil.rmtree(cache)
    return run


def count_findings(report: Path, run: Run) -> None:
    """Read the JSON report a line at a time (its writer indents by two), so that a report of
    millions of findings is counted without holding it."""
    per_object: dict[tuple[str, str, str], int] = {}
    code = file = document = item = ""
    in_related = False
    with open(report, encoding="utf-8") as lines:
        for line in lines:
            if line.startswith('  "documents": '):
                run.documents = int(line.split(":")[1].strip(" ,\n"))
            elif line.startswith('      "code": '):
                code, file, document, item = line.split('"')[3], "", "", ""
                run.findings += 1
                run.by_code[code] = run.by_code.get(code, 0) + 1
            elif line.startswith('      "file": '):
                file = line[len('      "file": ') :].rstrip(",\n")
            elif line.startswith('      "document": '):
                document = line.split(":")[1].strip(" ,\n")
            elif line.startswith('      "item": '):
                item = line.split(":")[1].strip(" ,\n")
            elif line.startswith('      "related": {'):
                in_related = True
            elif in_related and line.startswith('        "count": '):
                if code == "JL301":
                    run.max_related = max(run.max_related, int(line.split(":")[1].strip(" ,\n")))
                in_related = False
            elif line.startswith("    }") and code == "JL301":
                key = (file, document, item)
                per_object[key] = per_object.get(key, 0) + 1
                code = ""
    run.max_jl301_per_object = max(per_object.values(), default=0)


def _mib(n: int) -> str:
    return f"{n / 1024**2:,.0f} MiB"


def show(run: Run) -> None:
    print(f"  {run.label}:")
    if run.failure:
        print(f"    FAILED after {run.seconds:.1f} s: {run.failure}")
        print(f"    peak RSS {_mib(run.peak_rss)} (largest process), lint process {_mib(run.parent_hwm)}, tree {_mib(run.tree_rss)}")
        return
    rate = run.documents / run.seconds if run.seconds else 0.0
    print(f"    {run.seconds:.2f} s, {rate:,.0f} documents/s ({run.documents:,} documents)")
    print(f"    peak RSS {_mib(run.peak_rss)} (largest process), lint process {_mib(run.parent_hwm)} "
          f"(sampled), whole tree {_mib(run.tree_rss)} (sampled)")
    print(f"    findings {run.findings:,}: JL300 {run.by_code.get('JL300', 0):,}, JL301 {run.by_code.get('JL301', 0):,}, "
          f"most JL301 on one object {run.max_jl301_per_object:,}"
          + (f" (largest related count {run.max_related:,})" if run.max_related else "")
          + f"; report {_mib(run.report_bytes)}")


def bench(count: int, opts: argparse.Namespace, work: Path) -> bool:
    """Generate, lint both ways, print; True when every run finished and the size's budget held."""
    corpus_dir = work / f"corpus-{count}"
    corpus_dir.mkdir()
    started = time.perf_counter()
    corpus = generate_monorepo(corpus_dir, count)
    print(f"\n{count:,} files in namespace {NAMESPACE} (+{corpus.selecting} with a Deployment and a Service selecting "
          f"app=shared; generated in {time.perf_counter() - started:.0f} s): {corpus.shared:,} pod templates labelled "
          f"app=shared, {corpus.manual:,} Jobs with a manual selector, {corpus.duplicates:,} reused names")
    guards = (opts.timeout, int(opts.memory_limit_gib * GIB), int(opts.tree_limit_gib * GIB))
    runs: dict[str, list[Run]] = {"all rules": [], f"--ignore {IGNORED}": []}
    for _ in range(opts.runs):  # interleaved: both settings see the same noise
        for label, extra in (("all rules", []), (f"--ignore {IGNORED}", ["--ignore", IGNORED])):
            runs[label].append(lint(corpus_dir, label, extra, work, *guards))
    all_rules, ignored = (summarise(r) for r in runs.values())
    show(all_rules)
    show(ignored)
    finished = not all_rules.failure and not ignored.failure
    ratio = all_rules.seconds / ignored.seconds if finished else float("inf")
    peak = max(all_rules.peak_rss, ignored.peak_rss)
    if finished:
        print(f"  time(all)/time(--ignore {IGNORED}) = {ratio:.2f}")
    budget = BUDGETS.get(count)
    if budget == "ratio":
        held = finished and ratio <= RATIO_BUDGET
        print(f"  budget: time ratio <= {RATIO_BUDGET}: {'ok' if held else 'MISSED'}")
    elif budget == "rss":
        held = finished and peak <= RSS_BUDGET
        print(f"  budget: peak RSS {_mib(peak)} <= {RSS_BUDGET / GIB:.1f} GiB: {'ok' if held else 'MISSED'}")
    else:
        held = finished
    return held


def summarise(runs: list[Run]) -> Run:
    """A failed run if any; else the fastest run's time with the most memory any run took."""
    failed = [r for r in runs if r.failure]
    if failed:
        return failed[0]
    best = min(runs, key=lambda r: r.seconds)
    best.peak_rss = max(r.peak_rss for r in runs)
    best.parent_hwm = max(r.parent_hwm for r in runs)
    best.tree_rss = max(r.tree_rss for r in runs)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes (default: 10000 100000)")
    parser.add_argument("--skip-100k", action="store_true", help="leave out the 100,000-file size")
    parser.add_argument("--runs", type=int, default=1, help="runs of each setting, interleaved; the fastest is kept")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is killed")
    parser.add_argument("--memory-limit-gib", type=float, default=6.0, help="address space of each process (RLIMIT_AS)")
    parser.add_argument("--tree-limit-gib", type=float, default=10.0, help="resident memory of the whole process tree")
    opts = parser.parse_args()
    sizes = [n for n in opts.files if not (opts.skip_100k and n == 100_000)]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; guards: {opts.timeout:.0f} s, "
          f"{opts.memory_limit_gib:g} GiB address space per process, {opts.tree_limit_gib:g} GiB resident for the tree")
    subprocess.run([sys.executable, "-m", "joblint", "--version"], capture_output=True, env=ENV)  # compile joblint once
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for count in sizes:
            ok = bench(count, opts, Path(tmp)) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
