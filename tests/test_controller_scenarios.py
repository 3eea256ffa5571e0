"""Scenarios: built-in names, YAML files, validation errors with positions, trials, consequences."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from joblint.controller import (
    Consequence,
    ScenarioError,
    consequences,
    load_scenario,
    run_trials,
    simulate,
)
from joblint.controller.scenario import PlanCache
from joblint.controller.trials import percentile
from joblint.defaults import default_job
from joblint.model import Job
from tests.test_controller import SCENARIOS, fixture_job, job


@pytest.mark.parametrize(
    "spec, outcome, duration, exit_code, reason",
    [
        ("succeed", "succeed", 30, 1, None),
        ("fail", "fail", 30, 1, None),
        ("hang", "hang", 30, 1, None),
        ("oom", "fail", 30, 137, "OOMKilled"),
        ("fail:duration=5", "fail", 5, 1, None),
    ],
)
def test_builtins(spec: str, outcome: str, duration: float, exit_code: int, reason: str | None) -> None:
    plan = PlanCache(load_scenario(spec)).plan(None, 0)
    assert (plan.outcome, plan.duration, plan.exit_code, plan.reason) == (outcome, duration, exit_code, reason)


def test_default_scenario_is_succeed() -> None:
    assert load_scenario(None).name == "succeed"
    assert load_scenario("").name == "succeed"


def test_flaky_parameters() -> None:
    scenario = load_scenario("flaky:p=0.25,seed=9")
    assert scenario.seed == 9
    assert PlanCache(scenario).plan(3, 0).fail_probability == 0.25


def test_evict_once_only_first_attempts() -> None:
    plans = PlanCache(load_scenario("evict-once"))
    first, second = plans.plan(0, 0), plans.plan(0, 1)
    assert first.outcome == "fail" and first.duration == 15
    assert [c.type for c in first.conditions] == ["DisruptionTarget"]
    assert second.outcome == "succeed" and second.conditions == ()


def test_oom_shows_oom_killed() -> None:
    result = simulate(job(), load_scenario("oom"), "1.37", until=20_000)
    assert {(p.exit_code(), p.shown_reason()) for p in result.pods} == {(137, "OOMKilled")}


@pytest.mark.parametrize(
    "spec, message",
    [
        ("nope", "unknown scenario 'nope': not a file, and not one of evict-once, fail, flaky, hang, oom, succeed"),
        ("flaky", "scenario 'flaky': flaky needs a failure probability, e.g. flaky:p=0.1"),
        ("flaky:p=2", "scenario 'flaky:p=2': p is a probability between 0 and 1"),
        ("flaky:q=1", "scenario 'flaky:q=1': unknown parameter 'q=1' (known: duration, p, seed, shutdown, startup)"),
        ("fail:duration=x", "scenario 'fail:duration=x': duration must be a number, not 'x'"),
    ],
)
def test_builtin_errors(spec: str, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(spec)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("defaults:\n  duration: -3\n", "2:3", "defaults.duration: Input should be greater than or equal to 0"),
        (
            "defaults:\n  duration: 3\noverrides:\n  - index: 2\n    outcom: fail\n",
            "5:5",
            "overrides[0].outcom: Extra inputs are not permitted",
        ),
        ("events:\n  - action: suspend\n", "2:5", "events[0].at: Field required"),
        (
            "events:\n  - at: 5\n    action: set-parallelism\n",
            "2:5",
            "events[0]: set-parallelism needs a value",
        ),
        ("overrides:\n  - index: 3-1\n    outcome: fail\n", "2:5", "overrides[0].index: '3-1' is not an ascending range of indexes"),
        ("defaults: [1, 2\n", "2:1", "expected ',' or ']', but got '<stream end>'"),
        ("- 1\n", "1:1", "a scenario is a mapping (defaults, overrides, events, seed)"),
    ],
)
def test_scenario_file_errors_have_positions(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    assert str(info.value) == f"{path}:{where}: {message}"


def test_every_fixture_scenario_loads() -> None:
    files = sorted(SCENARIOS.glob("*.yaml"))
    assert files
    for path in files:
        scenario = load_scenario(str(path))
        assert scenario.name == path.stem
        assert scenario.description


def test_overrides_by_index_attempt_and_pod() -> None:
    scenario = load_scenario(str(SCENARIOS / "index-2-fails.yaml"))
    plans = PlanCache(scenario)
    assert plans.plan(2, 0).outcome == "fail" and plans.plan(2, 5).exit_code == 3
    assert plans.plan(4, 0).outcome == "fail" and plans.plan(4, 1).outcome == "succeed"
    assert plans.plan(0, 0).outcome == "succeed"
    uneven = PlanCache(load_scenario(str(SCENARIOS / "work-queue-uneven.yaml")))
    assert [uneven.plan(None, 0, n).duration for n in range(4)] == [30, 60, 90, 30]


# --- trials ---------------------------------------------------------------------------------------------


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50 and percentile(values, 95) == 95 and percentile(values, 100) == 100
    assert percentile([], 50) is None


def test_trials_do_not_depend_on_the_number_of_processes() -> None:
    small = job({"completions": 10, "parallelism": 2})
    scenario = load_scenario("flaky:p=0.2")
    one = run_trials(small, scenario, 60, "1.37", seed=5, processes=1)
    two = run_trials(small, scenario, 60, "1.37", seed=5, processes=2)
    assert one.to_dict() == two.to_dict()
    summary = one.to_dict()
    assert summary["trials"] == 60 and summary["seeds"] == [5, 64]
    assert abs(summary["complete"] + sum(summary["failed"].values()) + summary["running"] - 1) < 1e-9
    assert set(summary["failed"]) <= {"BackoffLimitExceeded"}
    assert summary["podsCreated"]["p50"] >= 10
    text = one.render_text()
    assert "P(Complete)" in text and "duration" in text and "pods created" in text


def test_trials_of_a_job_that_always_succeeds() -> None:
    summary = run_trials(job(), load_scenario("succeed"), 5, "1.37").to_dict()
    assert summary["complete"] == 1.0
    assert summary["duration"] == {"p50": 31.0, "p95": 31.0, "max": 31.0}
    assert summary["podsCreated"]["max"] == 1


# --- consequences -------------------------------------------------------------------------------------------


def hints(found: list[Consequence]) -> list[str]:
    return [c.code_hint for c in found]


def test_consequences_deadline_before_backoff_limit() -> None:
    found = consequences(fixture_job("pi-with-timeout.yaml"), "1.37")
    (item,) = [c for c in found if c.code_hint == "JL115"]
    assert item.field == "spec.activeDeadlineSeconds"
    assert item.message == (
        "with backoffLimit 5 a Job whose pods always fail (each after 30 s) takes 8m11s to fail "
        "(BackoffLimitExceeded, 6 pods); activeDeadlineSeconds 100 ends it first, at 1m41s after 3 pods, "
        "so the limit is never reached"
    )


def test_consequences_of_a_plain_job_are_left_to_specific_rules() -> None:
    found = consequences(fixture_job("pi-with-ttl.yaml"), "1.37")
    assert hints(found) == ["JL114"]
    assert found[0].field == "spec.activeDeadlineSeconds"


def test_consequences_parallelism_zero_with_ttl() -> None:
    found = consequences(job({"parallelism": 0, "ttlSecondsAfterFinished": 86400}), "1.37")
    assert hints(found) == ["JL102", "JL400"]
    assert found[1].field == "spec.ttlSecondsAfterFinished"
    assert "never deletes it" in found[1].message


def test_consequences_eviction_fails_job_with_backoff_limit_zero() -> None:
    found = consequences(job({"backoffLimit": 0, "activeDeadlineSeconds": 3600}), "1.37")
    own = [c for c in found if c.code_hint == "JL400"]
    assert [c.field for c in own] == ["spec.backoffLimit"]
    assert own[0].message.startswith(
        "a single eviction (a node drain, a preemption, the Eviction API) fails the Job with "
        "BackoffLimitExceeded: evicted pods count toward backoffLimit 0"
    )


def test_consequences_deadline_shorter_than_the_work() -> None:
    found = consequences(job({"completions": 10, "activeDeadlineSeconds": 60}), "1.37")
    own = [c for c in found if c.code_hint == "JL400" and c.field == "spec.activeDeadlineSeconds"]
    assert len(own) == 1
    assert own[0].message == (
        "activeDeadlineSeconds 60 counts for the whole Job, not per pod: 10 completions run 1 at a time, in 10 "
        "rounds one after another, so each pod has 6 s on average, scheduling and start-up included; pods that "
        "need longer make the Job fail with DeadlineExceeded even when every one of them succeeds"
    )


def test_consequences_ignore_everything_never_fails() -> None:
    rule = {"action": "Ignore", "onExitCodes": {"operator": "NotIn", "values": [0]}}
    found = consequences(job({"podFailurePolicy": {"rules": [rule]}, "activeDeadlineSeconds": 600}), "1.37")
    assert not [c for c in found if c.field == "spec.podFailurePolicy"]  # the deadline ends it
    found = consequences(job({"podFailurePolicy": {"rules": [rule]}}), "1.37")
    own = [c for c in found if c.field == "spec.podFailurePolicy"]
    assert len(own) == 1 and own[0].code_hint == "JL400"
    assert "never fails" in own[0].message


def test_consequences_per_index_without_max_failed_indexes() -> None:
    spec = {"completions": 20, "parallelism": 5, "completionMode": "Indexed", "backoffLimitPerIndex": 1}
    found = consequences(job(spec), "1.37")
    (item,) = [c for c in found if c.code_hint == "JL108"]
    assert "40 pods" in item.message and "FailedIndexes" in item.message


def test_consequences_accept_an_undefaulted_job() -> None:
    raw = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "x"}, "spec": {"template": {"spec": {
        "restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}}}
    assert hints(consequences(raw, "1.37")) == ["JL114"]


def test_jl400_rule_examples() -> None:
    """The catalogue's JL400 examples: the bad one has an own consequence, the good one none."""
    from ruamel.yaml import YAML

    from tests.test_controller import ROOT

    rule = YAML(typ="safe", pure=True).load((ROOT / "rules" / "JL400-dry-run-consequence.yaml").read_text())
    for text in rule["examples"]["bad"]:
        data = YAML(typ="safe", pure=True).load(text)
        assert "JL400" in hints(consequences(data, "1.37"))
    for text in rule["examples"]["good"]:
        data = YAML(typ="safe", pure=True).load(text)
        assert "JL400" not in hints(consequences(data, "1.37"))


@pytest.mark.parametrize("deadline", [None, 5, 60, 400])
@pytest.mark.parametrize("pod_deadline", [None, 5, 20])
@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (None, 2), (4, 2)])
def test_skipped_standard_runs_change_no_answer(
    monkeypatch: pytest.MonkeyPatch, deadline: int | None, pod_deadline: int | None, shape: tuple[int | None, int]
) -> None:
    """Lint skips the dry runs whose outcome is known; the consequences are those of running them all."""
    from joblint.controller import standard_runs

    spec: dict[str, Any] = {"parallelism": shape[1], "backoffLimit": 2}
    if shape[0] is not None:
        spec["completions"] = shape[0]
    if deadline is not None:
        spec["activeDeadlineSeconds"] = deadline
    pod = {} if pod_deadline is None else {"activeDeadlineSeconds": pod_deadline}
    data = default_job(Job.model_validate({
        "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
        "spec": {**spec, "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "m", "image": "i"}], **pod}}},
    }), "1.37").dump()
    quick = standard_runs._consequences(data, "1.37")
    monkeypatch.setattr(standard_runs, "ALWAYS_SIMULATE", True)
    assert quick == standard_runs._consequences(data, "1.37")


def test_a_deadline_the_server_would_refuse_does_not_stall_the_simulation() -> None:
    """A non-positive pod deadline is rejected by the API server; the controller model ignores it
    rather than sending time backwards (found by fuzzing: it looped for minutes)."""
    data = {
        "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
        "spec": {"completions": 1, "parallelism": 1, "backoffLimit": 6, "template": {"spec": {
            "restartPolicy": "OnFailure", "activeDeadlineSeconds": -(2**63), "containers": [{"name": "m"}]}}},
    }
    assert simulate(data, load_scenario("fail"), "1.37").outcome == "Failed"
    assert simulate(data, load_scenario("hang"), "1.37", until=3600).outcome == "Running"


def test_rejected_objects_get_no_dry_run_findings() -> None:
    from tests.conftest import lint_text

    text = (
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 0\n  ttlSecondsAfterFinished: 100\n  template:\n    spec:\n"
        "      restartPolicy: Never\n      activeDeadlineSeconds: -5\n      containers: [{name: m, image: i}]\n"
    )
    codes = [f.code for f in lint_text(text)]
    assert "JL016" in codes and "JL400" not in codes
