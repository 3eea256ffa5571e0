"""Properties of the reference Job controller over many generated Jobs and scenarios."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from joblint.controller import Scenario, simulate
from joblint.controller.scenario import Behaviour
from tests.test_controller import job

REASONS = {
    "BackoffLimitExceeded",
    "DeadlineExceeded",
    "PodFailurePolicy",
    "FailedIndexes",
    "MaxFailedIndexesExceeded",
}


@st.composite
def jobs(draw: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    completions = draw(st.one_of(st.none(), st.integers(1, 8)))
    if completions is not None:
        spec["completions"] = completions
        if draw(st.booleans()):
            spec["completionMode"] = "Indexed"
            if draw(st.booleans()):
                spec["backoffLimitPerIndex"] = draw(st.integers(0, 2))
                if draw(st.booleans()):
                    spec["maxFailedIndexes"] = draw(st.integers(0, completions))
    spec["parallelism"] = draw(st.integers(0 if completions is not None else 1, 4))
    if "backoffLimitPerIndex" not in spec:
        spec["backoffLimit"] = draw(st.integers(0, 5))
    if draw(st.booleans()):
        spec["activeDeadlineSeconds"] = draw(st.integers(1, 900))
    if draw(st.booleans()):
        spec["podReplacementPolicy"] = "Failed"
    if draw(st.booleans()):
        spec["podFailurePolicy"] = {
            "rules": [
                {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}},
                {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]},
            ]
        }
        spec["podReplacementPolicy"] = "Failed"
    return spec


scenarios = st.builds(
    lambda p, seed, duration, shutdown, code: Scenario(
        name="generated",
        seed=seed,
        defaults=Behaviour(failProbability=p, duration=duration, shutdown=shutdown, exitCode=code),
    ),
    st.floats(0, 1),
    st.integers(0, 1000),
    st.integers(1, 120),
    st.integers(0, 40),
    st.sampled_from([1, 42]),
)


@settings(max_examples=120, deadline=None)
@given(jobs(), scenarios, st.sampled_from(["1.30", "1.31", "1.37"]))
def test_invariants(spec: dict[str, Any], scenario: Scenario, version: str) -> None:
    defaulted = job(spec, version=version)
    result = simulate(defaulted, scenario, version, until=20_000)
    again = simulate(defaulted, scenario, version, until=20_000)
    assert json.dumps(result.to_dict(), sort_keys=True) == json.dumps(again.to_dict(), sort_keys=True)
    data = result.to_dict()
    status = data["status"]
    times = [e["t"] for e in data["events"]]
    assert times == sorted(times)
    for pod in data["pods"]:
        assert pod["created"] <= (pod["started"] if pod["started"] is not None else pod["created"])
        if pod["finished"] is not None:
            assert pod["finished"] >= pod["created"]
            assert pod["phase"] in ("Succeeded", "Failed")
    assert status.get("failed", 0) <= len(data["pods"])
    assert status.get("succeeded", 0) <= len(data["pods"])
    completions = defaulted["spec"].get("completions")
    parallelism = defaulted["spec"]["parallelism"]
    if result.outcome == "Complete":
        assert result.reason == ("CompletionsReached" if version != "1.30" else None)
        if completions is not None:
            assert status["succeeded"] >= completions
        else:
            assert status["succeeded"] >= 1
        assert status["completionTime"] == result.finished_at
    elif result.outcome == "Failed":
        assert result.reason in REASONS
        assert "completionTime" not in status
    if result.outcome != "Running" and version != "1.30":
        assert status["terminating"] == 0
        types = [c["type"] for c in status["conditions"]]
        assert types[-1] in ("Complete", "Failed")
        assert types[-2] in ("SuccessCriteriaMet", "FailureTarget")
    if parallelism == 0:
        assert data["pods"] == []
    # Never more pods at once than parallelism (pods still running when deleted do not count).
    points = sorted({p["created"] for p in data["pods"]})
    for t in points:
        running = [
            p for p, pod in zip(data["pods"], result.pods)
            if p["created"] <= t and (p["finished"] is None or p["finished"] > t) and (pod.deleted is None or pod.deleted > t)
        ]
        assert len(running) <= parallelism
    if defaulted["spec"].get("completionMode") == "Indexed" and status.get("completedIndexes"):
        assert status["completedIndexes"].count("-") <= completions
