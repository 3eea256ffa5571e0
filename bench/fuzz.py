"""Fuzz the whole pipeline in-process with mutated Job and CronJob manifests.

    python bench/fuzz.py --documents 100000 [--seed N] [--jobs 2] [--batch 200] [--out DIR]
    python bench/fuzz.py --replay DIR/crash-....yaml       # run one reproducer again, loudly

Each document is generated from a valid Job or CronJob (or, now and then, another kind, a List, an
alias bomb, deep nesting, a recursive alias), mutated as data (fields deleted, values of the wrong
type, random extra keys, integers outside int32/int64, inf/nan, unicode, YAML 1.1 words), rendered
as YAML in one of several styles, and sometimes damaged as text (tabs, brackets, anchors, tags,
bytes that are not UTF-8, NULs, byte order marks, CRLF). Documents go through, in batches:

  lint       joblint.lint.run_lint over the batch (cross-document rules included), then every
             report format (text with source lines, json, sarif, github, junit)
  defaults   joblint.stored.stored_objects (what `joblint defaults` prints), yaml and json
  fix        joblint.fix.apply_fixes_report on every fixable file (unsafe fixes too); a fix must
             not make a file that parsed stop parsing
  controller joblint.controller.simulate for every Job that decodes (and the Job a CronJob
             creates), under a rotating built-in scenario; next_runs for CronJobs

Every exception (and every batch that runs over its time budget) is caught; the batch is re-run
document by document to find the culprits, which are written to the output directory with their
traceback. Batches are generated from (seed, batch number), so results do not depend on --jobs.
Exit status: 0 when nothing crashed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import signal
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.yamltext import all_paths, block, flow  # noqa: E402  (the YAML renderer the property tests use)

STAGES = ("lint", "reports", "defaults", "fix", "controller")
VERSIONS = ("1.30", "1.31", "1.33", "1.35", "1.37")
SCENARIOS = ("succeed", "fail", "flaky:p=0.3,seed=7", "evict-once", "oom", "hang")
DRY_RUN_UNTIL = 2 * 86400.0


class Hang(BaseException):
    """Raised by the watchdog; a BaseException so that `except Exception` in the code under test
    (which keeps one rule's failure from stopping a lint) cannot swallow it."""


# --- generating documents ---------------------------------------------------------------------

WORDS = ["yes", "no", "on", "off", "y", "n", "~", "null", "0755", "0x1F", "0b101", "1e3", "1_000", ".inf", "-.inf",
         ".nan", "2024-01-01", "2024-01-01T10:00:00Z", "12:30:00", "<<", "true", "False", "NULL", "-0", "+12", "0o17",
         "1.5e+400", "0.", ".5", "Ｊｏｂ", "Job\u200b", "日本語", "🎉", "a\u0300", "\u202etxt", "\ufeffkey", ""]
HUGE = [2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**53 + 1, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64 - 1,
        2**64, 10**30, -(10**30), 10**400]
FLOATS = [math.inf, -math.inf, math.nan, 1e308, -0.0, 0.5, 1e-320, 3.0, 2.5e9]
KEYS = ["spec", "metadata", "template", "containers", "name", "kind", "apiVersion", "items", "status", "selector",
        "matchLabels", "restartPolicy", "backoffLimit", "parallelism", "completions", "podFailurePolicy", "rules",
        "onExitCodes", "values", "jobTemplate", "schedule", "x-extra", "unknownField", "Spec", "NAME"]


def _word(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return rng.choice(WORDS)
    if r < 0.6:
        return rng.choice(KEYS)
    length = rng.randint(0, 12)
    if r < 0.8:
        return "".join(rng.choice("abcxyz-_.0123456789") for _ in range(length))
    return "".join(chr(rng.choice([rng.randint(0x20, 0x7E), rng.randint(0xA0, 0x2FF), rng.randint(0x400, 0x4FF),
                                   rng.randint(0x3040, 0x30FF), rng.randint(0x1F300, 0x1F64F), rng.randint(1, 0x1F)]))
                   for _ in range(length))


def _value(rng: random.Random, depth: int = 0) -> Any:
    r = rng.random()
    if depth < 3 and r < 0.12:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if depth < 3 and r < 0.24:
        return {_word(rng): _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    if r < 0.34:
        return rng.choice(HUGE)
    if r < 0.42:
        return rng.choice(FLOATS)
    if r < 0.52:
        return rng.choice([None, True, False])
    if r < 0.68:
        return rng.randint(-5, 1000)
    return _word(rng)


def _dns(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 10))) + str(rng.randint(0, 99))


def _pod_template(rng: random.Random) -> dict[str, Any]:
    containers = []
    for _ in range(rng.choice([1, 1, 1, 2])):
        c: dict[str, Any] = {"name": _dns(rng), "image": rng.choice(["busybox:1.36", "perl:5.34.0", "registry.local/x@sha256:" + "a" * 64])}
        if rng.random() < 0.5:
            c["command"] = rng.choice([["sh", "-c", "echo $JOB_COMPLETION_INDEX"], ["perl", "-e", "print 1"], []])
        if rng.random() < 0.4:
            c["env"] = [{"name": "MODE", "value": rng.choice(["fast", "1", "yes"])}]
        if rng.random() < 0.3:
            c["resources"] = {"limits": {"cpu": rng.choice(["100m", "1", "2.5"]), "memory": rng.choice(["64Mi", "1Gi", "1e3"])}}
        containers.append(c)
    spec: dict[str, Any] = {"containers": containers}
    if rng.random() < 0.85:
        spec["restartPolicy"] = rng.choice(["Never", "Never", "OnFailure", "Always"])
    if rng.random() < 0.2:
        spec["activeDeadlineSeconds"] = rng.choice([30, 600, 100000])
    if rng.random() < 0.2:
        spec["terminationGracePeriodSeconds"] = rng.choice([0, 30, 3600])
    template: dict[str, Any] = {"spec": spec}
    if rng.random() < 0.4:
        template["metadata"] = {"labels": {"app": _dns(rng)}}
    return template


def _job_spec(rng: random.Random) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if rng.random() < 0.5:
        spec["completions"] = rng.choice([1, 3, 5, 10, 100, 0])
    if rng.random() < 0.5:
        spec["parallelism"] = rng.choice([1, 2, 5, 20, 0])
    if rng.random() < 0.6:
        spec["backoffLimit"] = rng.choice([0, 1, 4, 6, 10])
    if rng.random() < 0.5:
        spec["activeDeadlineSeconds"] = rng.choice([60, 600, 3600, 86400])
    if rng.random() < 0.5:
        spec["ttlSecondsAfterFinished"] = rng.choice([0, 100, 86400])
    if rng.random() < 0.3:
        spec["completionMode"] = rng.choice(["Indexed", "NonIndexed"])
        if spec["completionMode"] == "Indexed" and rng.random() < 0.5:
            spec["backoffLimitPerIndex"] = rng.choice([0, 1, 3])
            if rng.random() < 0.5:
                spec["maxFailedIndexes"] = rng.choice([0, 1, 5])
    if rng.random() < 0.3:
        spec["podFailurePolicy"] = {"rules": [
            {"action": rng.choice(["FailJob", "Ignore", "Count", "FailIndex"]),
             "onExitCodes": {"operator": rng.choice(["In", "NotIn"]), "values": [rng.choice([1, 42, 137])]}},
            {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]},
        ]}
    if rng.random() < 0.15:
        spec["podReplacementPolicy"] = rng.choice(["Failed", "TerminatingOrFailed"])
    if rng.random() < 0.1:
        spec["suspend"] = rng.random() < 0.5
    if rng.random() < 0.1:
        spec["successPolicy"] = {"rules": [{"succeededCount": 1}]}
    if rng.random() < 0.08:
        spec["selector"] = {"matchLabels": {"app": _dns(rng)}}
        spec["manualSelector"] = rng.random() < 0.5
    spec["template"] = _pod_template(rng)
    return spec


def _object(rng: random.Random) -> Any:
    meta: dict[str, Any] = {"name": _dns(rng)}
    if rng.random() < 0.4:
        meta["namespace"] = rng.choice(["default", "batch", _dns(rng)])
    if rng.random() < 0.1:
        meta["annotations"] = {"joblint.dev/ignore": rng.choice(["JL104: logs shipped", "JL1", "JL116,JL114: because", "bad"])}
    r = rng.random()
    if r < 0.55:
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": _job_spec(rng)}
    if r < 0.9:
        spec: dict[str, Any] = {
            "schedule": rng.choice(["*/5 * * * *", "0 3 * * *", "@hourly", "@daily", "0 0 30 2 *", "CRON_TZ=UTC 0 1 * * *",
                                    "* * *", "61 * * * *", "0 0 * * 7", "@every 5m", "0 0 L * *", "*/0 * * * *"]),
            "jobTemplate": {"spec": _job_spec(rng)},
        }
        for key, choices in (("startingDeadlineSeconds", [5, 100, 3600]), ("successfulJobsHistoryLimit", [0, 3]),
                             ("failedJobsHistoryLimit", [0, 1]), ("concurrencyPolicy", ["Allow", "Forbid", "Replace"]),
                             ("timeZone", ["Europe/Paris", "UTC", "America/New_York", "Mars/Base", "Etc/GMT+14"]),
                             ("suspend", [True, False])):
            if rng.random() < 0.35:
                spec[key] = rng.choice(choices)
        version = rng.choice(["batch/v1"] * 8 + ["batch/v1beta1", "batch/v2alpha1"])
        return {"apiVersion": version, "kind": "CronJob", "metadata": meta, "spec": spec}
    if r < 0.95:
        items = [{"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": _dns(rng)}, "spec": _job_spec(rng)}
                 for _ in range(rng.randint(0, 3))]
        return {"apiVersion": "v1", "kind": rng.choice(["List", "JobList"]), "items": items}
    return {"apiVersion": "v1", "kind": rng.choice(["ConfigMap", "Pod", "Secret"]), "metadata": meta, "data": {"k": _word(rng)}}


def _mutate(rng: random.Random, data: Any) -> Any:
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 5])):
        paths = all_paths(data)
        path = rng.choice(paths)
        op = rng.choice(["delete", "replace", "huge", "float", "extra", "wrap", "string", "rename", "null", "empty"])
        if not path:
            if op == "extra" and isinstance(data, dict):
                data[_word(rng)] = _value(rng)
            elif rng.random() < 0.05:
                data = _value(rng)
            continue
        parent: Any = data
        for segment in path[:-1]:
            parent = parent[segment]
        key = path[-1]
        current = parent[key]
        if op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = _value(rng)
        elif op == "huge":
            parent[key] = rng.choice(HUGE)
        elif op == "float":
            parent[key] = rng.choice(FLOATS)
        elif op == "extra" and isinstance(current, dict):
            current[_word(rng)] = _value(rng)
        elif op == "wrap":
            parent[key] = rng.choice([[current], {"value": current}])
        elif op == "string":
            parent[key] = str(current) if not isinstance(current, str) else _word(rng)
        elif op == "rename" and isinstance(parent, dict):
            parent[_word(rng)] = parent.pop(key)
        elif op == "null":
            parent[key] = None
        elif op == "empty":
            parent[key] = rng.choice([{}, [], ""])
    return data


# --- rendering as YAML ---------------------------------------------------------------------------


def _render(rng: random.Random, data: Any) -> str:
    style = rng.random()
    if style < 0.55:
        return block(data, True, 0, rng.choice([2, 2, 4]))
    if style < 0.75:
        return block(data, False, 0, 2)
    if style < 0.9:
        return flow(data, rng.random() < 0.5) + "\n"
    try:
        return json.dumps(data, indent=rng.choice([None, 2]), ensure_ascii=rng.random() < 0.5) + "\n"
    except ValueError:
        return flow(data, False) + "\n"


HOSTILE = [
    lambda rng: "a: &a [" + ",".join(["x"] * 10) + "]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(rng.randint(3, 8))),
    lambda rng: "[" * rng.choice([300, 5000, 100000]) + "]" * rng.choice([0, 300, 5000]) + "\n",
    lambda rng: "- " * rng.choice([300, 3000]) + "x\n",
    lambda rng: "a: &a\n  b: *a\n",
    lambda rng: "&a [*a]\n",
    lambda rng: "key: !!python/object/apply:os.system [\"true\"]\n",
    lambda rng: "".join("  " * i + "a:\n" for i in range(rng.choice([200, 300, 1000]))),
    lambda rng: "apiVersion: batch/v1\nkind: Job\nmetadata: &m {name: x}\nspec: *m\n",
    lambda rng: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n  name: y\nspec: {}\n",
    lambda rng: "%YAML 1.1\n%TAG ! tag:example.com,2000:\n---\n!foo {a: 1}\n",
    lambda rng: "? [a, b]\n: c\n",
    lambda rng: "<<: [*x]\n",
    lambda rng: "apiVersion: batch/v1\nkind: Job\n<<: {metadata: {name: m}}\n",
]

CHUNKS = [b"\t", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"- ", b": ", b"\n", b"'", b'"', b"!!python/name:os.system ", b"!x ",
          b"\xff", b"\xc3", b"\x00", b"<<: ", b"? ", b"|", b">-", b"#", b"---\n", b"...\n", b"%YAML 1.2\n", b"\r", b"\xef\xbb\xbf",
          b"# joblint: ignore[JL104]", b"\\", b"@", b"`", b",", b"\xe2\x80\xa8", b"\x85"]


def _damage(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 5)):
        if not data:
            break
        at = rng.randrange(len(data))
        op = rng.random()
        chunk = rng.choice(CHUNKS)
        if op < 0.4:
            data[at:at] = chunk
        elif op < 0.7:
            del data[at : at + rng.randint(1, 10)]
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


def generate(rng: random.Random) -> bytes:
    """One file: usually one document, sometimes a stream of a few."""
    if rng.random() < 0.02:
        return rng.choice(HOSTILE)(rng).encode("utf-8")
    docs = []
    for _ in range(rng.choice([1, 1, 1, 1, 2, 3])):
        docs.append(_render(rng, _mutate(rng, _object(rng))))
    text = "---\n".join(docs)
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.03:
        raw = rng.choice([b"\xef\xbb\xbf" + text.encode("utf-8"), b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be")])
    else:
        raw = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.15:
        raw = _damage(rng, raw)
    return raw


# --- the pipeline -------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _setup() -> None:
    from joblint.catalogue import load

    _STATE["rules"] = load()


@dataclass
class Crash:
    stage: str
    signature: str
    error: str
    traceback: str
    files: dict[str, bytes]  # one file, or the whole batch when only the batch fails
    version: str


@dataclass
class BatchResult:
    index: int
    documents: int = 0
    seconds: float = 0.0
    counts: Counter = field(default_factory=Counter)
    codes: Counter = field(default_factory=Counter)
    crashes: list[Crash] = field(default_factory=list)
    stage: str = ""


def _signature(stage: str, exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/joblint/" in f.filename.replace(os.sep, "/")]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    place = f"{Path(where.filename).name}:{where.lineno}:{where.name}" if where else "?"
    return f"{stage}|{type(exc).__name__}|{place}"


class _Watchdog:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        if self.seconds > 0 and hasattr(signal, "setitimer"):
            signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.seconds > 0 and hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)

    def _fire(self, signum: int, frame: Any) -> None:
        raise Hang(f"over the time budget of {self.seconds:g} s")


def _lint(names: list[str], raws: dict[str, bytes], version: str, counts: Counter, codes: Counter) -> Any:
    from joblint.config import Config
    from joblint.lint import run_lint

    config = Config(kubernetes_version=version, options={"JL300": {"across-files": True}})
    result = run_lint(names, _STATE["rules"], config, keep_text=True, overrides=raws, jobs=1)
    counts["findings"] += len(result.findings)
    counts["documents"] += result.documents
    for f in result.findings:
        codes[f.code] += 1
        if not (f.line >= 1 and f.column >= 1):
            raise AssertionError(f"finding without a position: {f}")
    return result


def _reports(result: Any, version: str) -> None:
    from joblint.formats import render
    from joblint.report import to_json, to_text

    to_json(result.findings, result.files, result.documents, version)
    to_text(result.findings, result.files, result.documents, True, False, result.texts, True)
    for fmt in ("sarif", "github", "junit"):
        render(fmt, result.findings, _STATE["rules"], result.files, result.documents, version, inventory=result.inventory)


def _defaults(raw: bytes, version: str, fmt: str) -> None:
    from joblint.stored import stored_objects

    stored_objects(["-"], version, fmt, stdin=raw)


def _fix(name: str, result: Any, counts: Counter) -> None:
    from joblint.fix import apply_fixes_report
    from joblint.source import read_path

    text = result.texts.get(name)
    fixes = [f for f in result.findings if f.file == name and f.fix is not None]
    if text is None or not fixes:
        return
    outcome = apply_fixes_report(name, text, fixes)
    counts["fixes applied"] += len(outcome.applied)
    counts["fixes refused"] += len(outcome.skipped)
    internal = [reason for _, reason in outcome.skipped if reason.startswith("internal error")]
    if internal:
        raise AssertionError(f"a fix failed with {internal[0]}")
    if outcome.text != text:
        before = {p.code for p in read_path(name, stdin=text.encode("utf-8")).problems}
        after = {p.code for p in read_path(name, stdin=outcome.text.encode("utf-8")).problems}
        if after - before:
            raise AssertionError(f"a fix made the file unreadable: {sorted(after - before)}")


def _controller(raw: bytes, version: str, scenario_index: int, counts: Counter) -> None:
    from datetime import datetime, timezone

    from joblint.analysis import analyze
    from joblint.controller import load_scenario, next_runs, simulate
    from joblint.defaults import default_job
    from joblint.model import Job
    from joblint.source import read_path

    source = read_path("-", stdin=raw)
    for n, doc in enumerate(source.documents):
        analysis = analyze(doc, version)
        if analysis.stored is None:
            continue
        if analysis.kind == "Job":
            job = analysis.stored_dict()
        else:
            # The schedule only of a CronJob the API server accepts (as `joblint dry-run` does):
            # an invalid schedule is a CronError by design, reported by validation as JL020.
            rejected = any(i.api_error is not None or (i.code or "").startswith(("JL0", "JL9")) for i in analysis.issues)
            if not rejected:
                next_runs(analysis.stored_dict(), datetime(2026, 1, 1, tzinfo=timezone.utc), 5)
                counts["cronjob schedules"] += 1
            written = analysis.written.dump()
            template = (written.get("spec") or {}).get("jobTemplate") or {}
            body = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "fuzz-29433600"}, "spec": template.get("spec") or {}}
            job = default_job(Job.model_validate(body), version).dump()
        scenario = load_scenario(SCENARIOS[(scenario_index + n) % len(SCENARIOS)])
        result = simulate(job, scenario, version, until=DRY_RUN_UNTIL)
        json.dumps(result.to_dict())
        counts["dry runs"] += 1
        counts[f"dry runs {analysis.kind}"] += 1
        _scenario_fields(job, version, scenario_index * 31 + n, counts)


def _scenario_fields(job: dict[str, Any], version: str, seed: int, counts: Counter) -> None:
    """A generated scenario file over the scenario fields of issue 14 (init containers and
    sidecars by name, failures in place, SIGTERM answers, timed updates); refusals (a container the
    template lacks, an update the server refuses) must be ScenarioErrors, never another exception."""
    from joblint.controller import ScenarioError, simulate
    from joblint.controller.render import render_svg, render_text
    from joblint.controller.scenario import Scenario, template_containers

    rng = random.Random(seed)
    containers, inits, _ = template_containers(job)
    names = list(containers + inits) + ["no-such-container"] * (rng.random() < 0.1)
    codes: Any = rng.choice([1, 0, 42, 137, -1, 2**31 - 1])
    if names and rng.random() < 0.7:
        codes = {rng.choice(names): rng.choice([1, 42, 143]) for _ in range(rng.randint(1, 3))}
    defaults: dict[str, Any] = {
        "duration": rng.choice([0, 1, 30, 600]),
        "outcome": rng.choice(["succeed", "fail", "hang"]),
        "exitCode": codes,
        "failures": rng.choice([0, 1, 3, 50]),
    }
    if rng.random() < 0.5:
        defaults["sigterm"] = {"exitCode": rng.choice([0, 1, 143]), "after": rng.choice([0, 5, 40, 10_000])}
    events: list[dict[str, Any]] = []
    for _ in range(rng.randint(0, 4)):
        at = rng.choice([0, 5, 30, 120, 3600])
        kind = rng.random()
        if kind < 0.5:
            spec: dict[str, Any] = {}
            n = rng.choice([0, 1, 3, 10, 1000])
            if rng.random() < 0.6:
                spec["parallelism"] = n
            indexed = (job.get("spec") or {}).get("completionMode") == "Indexed"
            if rng.random() < (0.6 if indexed else 0.1):
                # elastic Indexed Jobs change both together; anything else is a refusal to exercise
                spec["parallelism"] = n
                spec["completions"] = n if rng.random() < 0.8 else n + 1
            if rng.random() < 0.3:
                spec["suspend"] = rng.random() < 0.5
            if rng.random() < 0.2:
                spec["activeDeadlineSeconds"] = rng.choice([1, 60, 3600])
            if rng.random() < 0.2:
                spec["backoffLimit"] = rng.choice([0, 2, 100])
            if rng.random() < 0.2:
                spec["template"] = {"spec": {"nodeSelector": {"disk": "ssd"}}} if rng.random() < 0.7 else {"spec": {"containers": []}}
            if not spec:
                spec["parallelism"] = 1
            events.append({"at": at, "action": "update", "spec": spec})
        else:
            events.append({"at": at, "action": rng.choice(["suspend", "resume", "delete-pod", "evict-pod", "node-failure"])})
    scenario = Scenario.model_validate({"name": f"fields-{seed}", "seed": seed, "defaults": defaults, "events": events})
    try:
        result = simulate(job, scenario, version, until=DRY_RUN_UNTIL)
    except ScenarioError:
        counts["dry runs refused (scenario)"] += 1
        return
    json.dumps(result.to_dict())
    render_text(result)
    render_svg(result)
    counts["dry runs (scenario fields)"] += 1


def _run_stages(names: list[str], raws: dict[str, bytes], version: str, stages: set[str], out: BatchResult, budget: float) -> None:
    """The whole batch through every stage; raises on the first failure (out.stage says where)."""
    with _Watchdog(budget):
        if "lint" in stages:
            out.stage = "lint"
            result = _lint(names, raws, version, out.counts, out.codes)
            if "reports" in stages:
                out.stage = "reports"
                _reports(result, version)
            if "fix" in stages:
                out.stage = "fix"
                for name in names:
                    _fix(name, result, out.counts)
        for i, name in enumerate(names):
            if "defaults" in stages:
                out.stage = "defaults"
                _defaults(raws[name], version, "yaml" if i % 2 else "json")
            if "controller" in stages:
                out.stage = "controller"
                _controller(raws[name], version, i, out.counts)


def _crash(stage: str, exc: BaseException, files: dict[str, bytes], version: str) -> Crash:
    return Crash(stage, _signature(stage, exc), f"{type(exc).__name__}: {exc}"[:500],
                 "".join(traceback.format_exception(exc))[-6000:], files, version)


def _isolate(names: list[str], raws: dict[str, bytes], version: str, stages: set[str], out: BatchResult, per_document: float) -> None:
    """After a batch failed: each document alone through the stages, to find every culprit."""
    for name in names:
        scratch = BatchResult(out.index)
        try:
            _run_stages([name], {name: raws[name]}, version, stages, scratch, per_document)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - everything is a finding of the fuzzer
            out.crashes.append(_crash(scratch.stage, exc, {name: raws[name]}, version))
            continue
        out.counts.update(scratch.counts)
        out.codes.update(scratch.codes)


def run_batch(task: tuple[int, int, int, float, float, tuple[str, ...]]) -> BatchResult:
    index, size, seed, per_document, per_batch, stages = task
    if "rules" not in _STATE:
        _setup()
    rng = random.Random(seed * 1_000_003 + index)
    version = VERSIONS[index % len(VERSIONS)]
    names = [f"fuzz/b{index:06d}/d{i:04d}.yaml" for i in range(size)]
    raws = {name: generate(rng) for name in names}
    out = BatchResult(index, size)
    start = time.perf_counter()
    try:
        _run_stages(names, raws, version, set(stages), out, per_batch)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001
        stage = out.stage
        out.counts = Counter()
        out.codes = Counter()
        _isolate(names, raws, version, set(stages), out, per_document)
        out.counts["batches isolated"] += 1
        if not out.crashes:  # only the documents together fail (cross-document rules): keep them all
            out.crashes.append(_crash(stage, exc, raws, version))
    out.seconds = time.perf_counter() - start
    return out


# --- driving and reporting ----------------------------------------------------------------------


def cron_property(cases: int, seed: int) -> int:
    """The property of tests/test_cron_termination.py with a large budget: random schedules in
    random IANA zones, started around the zones' changes of offset 1970-2037; every call answers
    within the time budget, hangs only where Go's does (a skipped day), and otherwise agrees with a
    minute-by-minute search. Exit 1 on the first counterexample (hypothesis prints it)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.test_cron_termination import run_property

    started = time.perf_counter()
    try:
        outcomes = run_property(cases, seed)
    except AssertionError:
        traceback.print_exc()
        return 1
    elapsed = time.perf_counter() - started
    print(f"cron property: {sum(outcomes.values())} cases in {elapsed:.1f} s, seed {seed}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000, help="files to generate (each one to three documents)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--batch", type=int, default=200, help="files per batch (one run_lint call)")
    parser.add_argument("--out", default="fuzz-crashes", help="directory for reproducers")
    parser.add_argument("--per-document-seconds", type=float, default=10.0, help="time budget of one document alone (hang detection)")
    parser.add_argument("--per-batch-seconds", type=float, default=300.0, help="time budget of one batch")
    parser.add_argument("--reproducers-per-signature", type=int, default=3)
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated subset of {','.join(STAGES)}")
    parser.add_argument("--replay", metavar="FILE", help="run one reproducer through every stage and show the error")
    parser.add_argument("--cron-property", type=int, metavar="N",
                        help="instead: run the cron next-time property of tests/test_cron_termination.py on N cases (issue 18)")
    args = parser.parse_args(argv)
    stages = tuple(s for s in args.stages.split(",") if s)
    unknown = set(stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stages: {', '.join(sorted(unknown))}")

    if args.replay:
        return replay(Path(args.replay), stages)
    if args.cron_property:
        return cron_property(args.cron_property, args.seed)

    batches = [(i, min(args.batch, args.documents - i * args.batch), args.seed, args.per_document_seconds, args.per_batch_seconds, stages)
               for i in range((args.documents + args.batch - 1) // args.batch)]
    out_dir = Path(args.out)
    totals: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    crashes: dict[str, list[Crash]] = {}
    crash_count: Counter[str] = Counter()
    done = 0
    start = time.perf_counter()
    last_report = start

    def take(result: BatchResult) -> None:
        nonlocal done, last_report
        done += result.documents
        totals.update(result.counts)
        codes.update(result.codes)
        for crash in result.crashes:
            crash_count[crash.signature] += 1
            kept = crashes.setdefault(crash.signature, [])
            if len(kept) < args.reproducers_per_signature:
                kept.append(crash)
                _write_reproducer(out_dir, crash, args.seed, result.index)
        now = time.perf_counter()
        if now - last_report > 10:
            last_report = now
            print(f"  {done:>8} documents  {done / (now - start):8.0f} docs/s  {sum(crash_count.values())} crashes", file=sys.stderr, flush=True)

    if args.jobs > 1:
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with multiprocessing.get_context(method).Pool(args.jobs, initializer=_setup) as pool:
            for result in pool.imap_unordered(run_batch, batches):
                take(result)
    else:
        _setup()
        for task in batches:
            take(run_batch(task))
    elapsed = time.perf_counter() - start

    print(f"fuzz: seed {args.seed}, {args.jobs} process(es), batches of {args.batch}, stages {','.join(stages)}")
    print(f"documents processed: {done} files holding {totals['documents']} documents ({totals['findings']} findings)")
    print(f"wall time: {elapsed:.1f} s   throughput: {done / elapsed:.0f} docs/s")
    for key in ("dry runs", "dry runs Job", "dry runs CronJob", "dry runs (scenario fields)", "dry runs refused (scenario)",
                "cronjob schedules", "fixes applied", "fixes refused", "batches isolated"):
        print(f"  {key}: {totals[key]}")
    print("  findings by code (top 15): " + ", ".join(f"{c} {n}" for c, n in codes.most_common(15)))
    total_crashes = sum(crash_count.values())
    print(f"crashes found: {total_crashes} ({len(crash_count)} distinct)")
    for signature, n in crash_count.most_common():
        example = crashes[signature][0]
        print(f"  {n:6d}  {signature}\n          {example.error.splitlines()[0] if example.error else ''}")
        for crash in crashes[signature]:
            print(f"          reproducer: {_reproducer_path(out_dir, crash)}")
    return 1 if total_crashes else 0


def _reproducer_path(out_dir: Path, crash: Crash) -> Path:
    digest = hashlib.sha256(b"".join(crash.files[n] for n in sorted(crash.files))).hexdigest()[:12]
    suffix = ".yaml" if len(crash.files) == 1 else ""  # a directory when only the batch fails
    return out_dir / f"crash-{crash.stage}-{digest}{suffix}"


def _write_reproducer(out_dir: Path, crash: Crash, seed: int, batch: int) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = _reproducer_path(out_dir, crash)
    if len(crash.files) == 1:
        path.write_bytes(next(iter(crash.files.values())))
    else:
        for name, raw in crash.files.items():
            (path / Path(name).name).parent.mkdir(parents=True, exist_ok=True)
            (path / Path(name).name).write_bytes(raw)
    Path(f"{path}.txt" if len(crash.files) > 1 else path.with_suffix(".txt")).write_text(
        f"signature: {crash.signature}\nstage: {crash.stage}\nkubernetes version: {crash.version}\n"
        f"seed: {seed}  batch: {batch}  files: {', '.join(sorted(crash.files))}\n"
        f"replay: python bench/fuzz.py --replay {path}\n"
        f"cli:    joblint lint --kubernetes-version {crash.version} {path}\n\n{crash.traceback}",
        encoding="utf-8",
        errors="replace",
    )


def replay(path: Path, stages: tuple[str, ...]) -> int:
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    raws = {str(f): f.read_bytes() for f in files}
    version = "1.37"
    meta = Path(f"{path}.txt") if path.is_dir() else path.with_suffix(".txt")
    if meta.exists():
        for line in meta.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("kubernetes version: "):
                version = line.split(": ", 1)[1].strip()
    _setup()
    out = BatchResult(0, len(raws))
    try:
        _run_stages(list(raws), raws, version, set(stages), out, 0)
    except BaseException as exc:  # noqa: BLE001
        traceback.print_exception(exc)
        print(f"replay: {_signature('replay', exc)}")
        return 1
    print(f"replay: no error ({out.counts['findings']} findings, {out.counts['dry runs']} dry runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
