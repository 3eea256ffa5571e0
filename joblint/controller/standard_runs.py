"""Facts for the linter from short standard dry runs of a Job.

Each standard scenario is a question a reader of the manifest would ask: what if every pod fails
(after 30 s)? what if a pod hangs? what if every pod succeeds (after 10 s)? what if each pod is
evicted once? The answers that would surprise become `Consequence`s: a code hint (a JL code when a
more specific rule covers the finding, so that the linter leaves it to that rule, else JL400), the
dotted API path of the field that decides it, and a one-line message with the simulated numbers.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from .. import versions
from .job import DryRunResult, simulate
from .render import duration_text
from .scenario import load_scenario

OWN = "JL400"
FAIL_SECONDS = 30
SUCCEED_SECONDS = 10
# Dry runs stop after a week of simulated time; a Job still running then never finishes.
HORIZON = 7 * 24 * 3600.0
# Larger Jobs are not dry-run while linting (it would take too long).
MAX_COMPLETIONS = 5000
# Tests set this to check that skipping runs whose outcome is known changes no answer.
ALWAYS_SIMULATE = False


@dataclass(frozen=True)
class Consequence:
    code_hint: str
    field: str
    message: str


def _pods(n: int) -> str:
    return f"{n} pod" if n == 1 else f"{n} pods"


def _without(job: dict[str, Any], *keys: str) -> dict[str, Any]:
    out = copy.deepcopy(job)
    spec = out.setdefault("spec", {})
    for key in keys:
        spec.pop(key, None)
    return out


def _finished(result: DryRunResult) -> str:
    return f"{result.outcome} ({result.reason}) at {duration_text(result.finished_at)}"


# Dry runs of Jobs that differ only in what the controller does not look at (names, images,
# commands, labels) give the same consequences: repositories hold many such Jobs.
_MEMO: dict[str, list[Consequence]] = {}
_MEMO_SIZE = 4096
_POD_FIELDS = ("restartPolicy", "activeDeadlineSeconds", "terminationGracePeriodSeconds")


def _memo_key(job: dict[str, Any], version: str) -> str:
    spec = dict(job.get("spec") or {})
    spec.pop("selector", None)
    pod = (spec.pop("template", None) or {}).get("spec") or {}
    shape = {key: pod.get(key) for key in _POD_FIELDS}
    shape["containers"] = [c.get("name") for c in pod.get("containers") or [] if isinstance(c, dict)]
    shape["initContainers"] = [
        (c.get("name"), c.get("restartPolicy")) for c in pod.get("initContainers") or [] if isinstance(c, dict)
    ]
    return json.dumps([version, spec, shape], sort_keys=True, default=str)


def consequences(job: dict[str, Any], version: str = versions.DEFAULT) -> list[Consequence]:
    """What the reference controller does with the Job in the standard scenarios."""
    version = versions.parse_version(version)
    key = _memo_key(job, version)
    known = _MEMO.get(key)
    if known is None:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        known = _MEMO[key] = _consequences(job, version)
    return list(known)


def _consequences(job: dict[str, Any], version: str) -> list[Consequence]:
    spec = job.get("spec") or {}
    found: list[Consequence] = []
    managed_by = spec.get("managedBy")
    if managed_by not in (None, "kubernetes.io/job-controller") and versions.enabled("JobManagedBy", version):
        return found
    completions = spec.get("completions")
    parallelism = spec.get("parallelism")
    if completions is None and parallelism is None:
        completions = parallelism = 1
    if (completions or 1) > MAX_COMPLETIONS:
        return found
    suspended = bool(spec.get("suspend"))
    ttl = spec.get("ttlSecondsAfterFinished")
    if suspended:
        found.append(
            Consequence(
                "JL119",
                "spec.suspend",
                "the Job is created suspended: the controller creates no pods and activeDeadlineSeconds "
                "does not run until it is resumed",
            )
        )
        return found

    template = (spec.get("template") or {}).get("spec") or {}
    pod_deadline = template.get("activeDeadlineSeconds")
    ads = spec.get("activeDeadlineSeconds")
    # Runs whose outcome is known without simulating them are skipped (lint runs this per Job):
    # with no deadline that can cut a 10 s pod, pods that all succeed complete the Job.
    ok: DryRunResult | None = None
    ok_outcome = "Complete"
    if parallelism != 0 and (ALWAYS_SIMULATE or ads is not None or (pod_deadline is not None and pod_deadline <= SUCCEED_SECONDS)):
        ok = simulate(job, load_scenario(f"succeed:duration={SUCCEED_SECONDS}"), version, HORIZON)
        ok_outcome = ok.outcome
    if parallelism == 0:
        found.append(
            Consequence("JL102", "spec.parallelism", "parallelism 0: the controller creates no pods, so the Job never finishes")
        )
        if ttl is not None:
            found.append(
                Consequence(
                    OWN,
                    "spec.ttlSecondsAfterFinished",
                    f"the Job never finishes (parallelism 0 starts no pods), so ttlSecondsAfterFinished {ttl} "
                    f"never deletes it",
                )
            )
        return found

    limit = spec.get("backoffLimit")
    if ok is not None and ok.outcome == "Failed" and ok.reason == "DeadlineExceeded":
        relaxed = simulate(_without(job, "activeDeadlineSeconds"), load_scenario(f"succeed:duration={SUCCEED_SECONDS}"), version, HORIZON)
        needs = f"; without it the Job would complete at {duration_text(relaxed.finished_at)}" if relaxed.outcome == "Complete" else ""
        found.append(
            Consequence(
                OWN,
                "spec.activeDeadlineSeconds",
                f"even when every pod succeeds after {SUCCEED_SECONDS} s, activeDeadlineSeconds {ads} ends the Job "
                f"first: it fails with DeadlineExceeded at {duration_text(ok.finished_at)} after "
                f"{_pods(len(ok.pods))}{needs}",
            )
        )
    elif ok_outcome == "Running":
        found.append(
            Consequence(
                OWN,
                "spec.completions" if completions is not None else "spec.parallelism",
                f"even when every pod succeeds after {SUCCEED_SECONDS} s the Job does not finish within "
                f"{duration_text(HORIZON)} of simulated time",
            )
        )

    failing = simulate(job, load_scenario(f"fail:duration={FAIL_SECONDS}"), version, HORIZON)
    per_index = spec.get("backoffLimitPerIndex")
    if failing.outcome == "Failed" and failing.reason == "DeadlineExceeded" and ads is not None:
        relaxed = simulate(_without(job, "activeDeadlineSeconds"), load_scenario(f"fail:duration={FAIL_SECONDS}"), version, HORIZON)
        if relaxed.outcome == "Failed":
            what = f"backoffLimit {limit}" if per_index is None else f"backoffLimitPerIndex {per_index}"
            found.append(
                Consequence(
                    "JL115",
                    "spec.activeDeadlineSeconds",
                    f"with {what} a Job whose pods always fail (each after {FAIL_SECONDS} s) takes "
                    f"{duration_text(relaxed.finished_at)} to fail ({relaxed.reason}, {_pods(len(relaxed.pods))}); "
                    f"activeDeadlineSeconds {ads} ends it first, at {duration_text(failing.finished_at)} after "
                    f"{_pods(len(failing.pods))}, so the limit is never reached",
                )
            )
    elif failing.outcome == "Failed" and failing.reason == "FailedIndexes" and spec.get("maxFailedIndexes") is None:
        found.append(
            Consequence(
                "JL108",
                "spec.maxFailedIndexes",
                f"without maxFailedIndexes a Job whose pods always fail (each after {FAIL_SECONDS} s) runs every "
                f"index to its limit: {_pods(len(failing.pods))} over {duration_text(failing.finished_at)} before it "
                f"fails with FailedIndexes",
            )
        )
    elif failing.outcome == "Running":
        field = "spec.podFailurePolicy" if spec.get("podFailurePolicy") else "spec.backoffLimit"
        found.append(
            Consequence(
                OWN,
                field,
                f"a Job whose pods always fail (exit code 1 after {FAIL_SECONDS} s) never fails: it is still "
                f"retrying after {duration_text(HORIZON)} with {_pods(len(failing.pods))} created"
                + ("; the pod failure policy does not count these failures" if spec.get("podFailurePolicy") else ""),
            )
        )

    # A hanging pod with no pod deadline never ends: only a Job deadline stops it.
    hanging = simulate(job, load_scenario("hang"), version, HORIZON) if pod_deadline is not None or ALWAYS_SIMULATE else None
    if hanging is None or hanging.outcome == "Running":
        if ads is None:
            found.append(
                Consequence(
                    "JL114",
                    "spec.activeDeadlineSeconds",
                    "a pod that hangs keeps the Job running for ever: nothing ends it without activeDeadlineSeconds",
                )
            )
    elif hanging.outcome == "Failed" and pod_deadline is not None and ads is None:
        found.append(
            Consequence(
                "JL112",
                "spec.template.spec.activeDeadlineSeconds",
                f"pods that hang are killed after {template['activeDeadlineSeconds']} s (pod activeDeadlineSeconds) "
                f"and replaced; the Job fails with {hanging.reason} at {duration_text(hanging.finished_at)} "
                f"after {_pods(len(hanging.pods))}",
            )
        )

    evicted = simulate(job, load_scenario("evict-once"), version, HORIZON)
    if evicted.outcome == "Failed" and ok_outcome == "Complete":
        found.append(
            Consequence(
                OWN,
                "spec.podFailurePolicy" if spec.get("podFailurePolicy") else "spec.backoffLimit",
                f"one eviction per pod is enough to fail the Job (evict-once: {_finished(evicted)}): disruptions "
                f"count toward the limit unless a podFailurePolicy rule ignores the DisruptionTarget condition",
            )
        )
    return found
