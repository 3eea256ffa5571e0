"""The reference Job controller: exact statuses, events and pod timelines of dry runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from joblint.controller import load_scenario, render_svg, render_text, simulate
from joblint.controller.backoff import backoff_delay, restart_delay
from joblint.controller.intervals import Intervals
from joblint.defaults import default_job
from joblint.model import Job

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "fixtures" / "scenarios"
VALID = ROOT / "fixtures" / "valid"

MSG_BACKOFF = "Job has reached the specified backoff limit"
MSG_DEADLINE = "Job was active longer than specified deadline"
MSG_REACHED = "Reached expected number of succeeded pods"


def job(spec: dict[str, Any] | None = None, name: str = "pi", version: str = "1.37", **pod: Any) -> dict[str, Any]:
    """A defaulted Job (API JSON form) with one container `main`."""
    template = {
        "spec": {
            "restartPolicy": pod.pop("restartPolicy", "Never"),
            "containers": pod.pop("containers", [{"name": "main", "image": "busybox:1.36"}]),
            **pod,
        }
    }
    data = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name}, "spec": {"template": template, **(spec or {})}}
    return default_job(Job.model_validate(data), version).dump()


def fixture_job(name: str, version: str = "1.37") -> dict[str, Any]:
    data = YAML(typ="safe", pure=True).load((VALID / name).read_text())
    return default_job(Job.model_validate(data), version).dump()


def run(spec: dict[str, Any] | None = None, scenario: str = "succeed", version: str = "1.37", until: float | None = None, **pod: Any):  # type: ignore[no-untyped-def]
    return simulate(job(spec, version=version, **pod), load_scenario(scenario), version, until)


def scenario_file(name: str) -> str:
    return str(SCENARIOS / name)


def events(result: Any) -> list[tuple[Any, str, str]]:
    """(time, reason, message) of each event; pod names reduced to their index prefix."""
    out = []
    for e in result.to_dict()["events"]:
        message = e["message"]
        if message.startswith(("Created pod: ", "Deleted pod: ")):
            message = message[: message.rindex("-")]
        out.append((e["t"], e["reason"], message))
    return out


def timeline(result: Any) -> list[tuple[Any, ...]]:
    return [(p["index"], p["created"], p["finished"], p["phase"], p["exitCode"], p["reason"]) for p in result.to_dict()["pods"]]


def cond(ctype: str, t: float, reason: str = "", message: str = "", status: str = "True") -> dict[str, Any]:
    out: dict[str, Any] = {"type": ctype, "status": status}
    if reason:
        out["reason"] = reason
    if message:
        out["message"] = message
    out["lastTransitionTime"] = t
    return out


def completed(t: float) -> list[dict[str, Any]]:
    return [cond("SuccessCriteriaMet", t, "CompletionsReached", MSG_REACHED), cond("Complete", t, "CompletionsReached", MSG_REACHED)]


def failed(t_target: float, t_failed: float, reason: str, message: str) -> list[dict[str, Any]]:
    return [cond("FailureTarget", t_target, reason, message), cond("Failed", t_failed, reason, message)]


# --- units ----------------------------------------------------------------------------------------


def test_backoff_doubles_from_10s_to_a_10_minute_cap() -> None:
    assert [backoff_delay(n) for n in range(0, 10)] == [0, 10, 20, 40, 80, 160, 320, 600, 600, 600]
    assert [restart_delay(n) for n in range(1, 8)] == [0, 10, 20, 40, 80, 160, 300]


@pytest.mark.parametrize(
    "indexes, text",
    [([0, 1, 2, 4], "0-2,4"), ([0, 1], "0,1"), ([3], "3"), ([0, 1, 2, 4, 6, 7], "0-2,4,6,7"), ([], ""), ([5, 3, 4, 1], "1,3-5")],
)
def test_index_sets_are_written_like_completed_indexes(indexes: list[int], text: str) -> None:
    iv = Intervals()
    for ix in indexes:
        iv.add(ix)
    assert str(iv) == text
    assert len(iv) == len(set(indexes))
    assert str(Intervals.parse(text)) == text
    assert str(Intervals.parse("0-9", limit=5)) == "0-4"


# --- completion patterns ------------------------------------------------------------------------------


def test_non_parallel_success() -> None:
    result = run()
    status = result.to_dict()["status"]
    assert status == {
        "conditions": completed(31),
        "startTime": 0,
        "completionTime": 31,
        "succeeded": 1,
        "terminating": 0,
        "uncountedTerminatedPods": {},
        "ready": 0,
    }
    assert events(result) == [(0, "SuccessfulCreate", "Created pod: pi"), (31, "Completed", "Job completed")]
    assert timeline(result) == [(None, 0, 30, "Succeeded", 0, "Completed")]
    name = result.to_dict()["pods"][0]["name"]
    assert name.startswith("pi-") and len(name) == 8
    assert set(name[3:]) <= set("bcdfghjklmnpqrstvwxz2456789")


def test_complete_without_interim_condition_in_1_30() -> None:
    status = run(version="1.30").to_dict()["status"]
    assert status["conditions"] == [cond("Complete", 31)]
    assert status["completionTime"] == 31


def test_fixed_completions_with_parallelism() -> None:
    result = run({"completions": 5, "parallelism": 2})
    assert [(p[1], p[2]) for p in timeline(result)] == [(0, 30), (0, 30), (31, 61), (31, 61), (62, 92)]
    status = result.to_dict()["status"]
    assert status["conditions"] == completed(93)
    assert status["succeeded"] == 5


def test_work_queue_completes_when_the_first_pods_succeed() -> None:
    result = run({"parallelism": 3})
    assert result.job["spec"].get("completions") is None
    assert [p[1] for p in timeline(result)] == [0, 0, 0]
    status = result.to_dict()["status"]
    assert status["conditions"] == completed(31)
    assert status["succeeded"] == 3


def test_work_queue_stops_creating_pods_after_a_success() -> None:
    # Pod 0 succeeds at 30; pods 1 and 2 keep running; no new pod is created after the success.
    overrides = SCENARIOS / "work-queue-uneven.yaml"
    result = simulate(job({"parallelism": 3}), load_scenario(str(overrides)), "1.37")
    assert [p[1] for p in timeline(result)] == [0, 0, 0]
    assert result.to_dict()["status"]["conditions"] == completed(91)


def test_indexed_completed_indexes_format() -> None:
    result = simulate(
        job({"completions": 5, "parallelism": 5, "completionMode": "Indexed"}),
        load_scenario(scenario_file("index-3-hangs.yaml")),
        "1.37",
        until=100,
    )
    status = result.to_dict()["status"]
    assert status["completedIndexes"] == "0-2,4"
    assert status["succeeded"] == 4
    assert status["active"] == 1 and status["ready"] == 1
    assert "conditions" not in status
    names = [p["name"] for p in result.to_dict()["pods"]]
    assert [n[: n.rindex("-")] for n in names] == ["pi-0", "pi-1", "pi-2", "pi-3", "pi-4"]


def test_parallelism_zero_creates_no_pods() -> None:
    result = run({"parallelism": 0})
    assert result.to_dict()["status"] == {"startTime": 0, "terminating": 0, "uncountedTerminatedPods": {}, "ready": 0}
    assert result.pods == [] and result.events == []
    assert result.outcome == "Running"


# --- failures and back-off ------------------------------------------------------------------------------


def test_back_off_delays_double_and_cap_at_10_minutes() -> None:
    result = run({"backoffLimit": 8}, "fail")
    pods = timeline(result)
    created = [p[1] for p in pods]
    finished = [p[2] for p in pods]
    assert created == [0, 40, 90, 160, 270, 460, 810, 1440, 2070]
    gaps = [c - f for c, f in zip(created[1:], finished)]
    assert gaps == [10, 20, 40, 80, 160, 320, 600, 600]
    status = result.to_dict()["status"]
    assert status["conditions"] == failed(2101, 2101, "BackoffLimitExceeded", MSG_BACKOFF)
    assert status["failed"] == 9
    assert events(result)[-1] == (2101, "BackoffLimitExceeded", MSG_BACKOFF)


def test_backoff_limit_exceeded_pi_example() -> None:
    result = simulate(fixture_job("pi.yaml"), load_scenario("fail"), "1.37")
    assert [p[1] for p in timeline(result)] == [0, 40, 90, 160, 270]
    status = result.to_dict()["status"]
    assert status["failed"] == 5
    assert status["conditions"] == failed(301, 301, "BackoffLimitExceeded", MSG_BACKOFF)


def test_backoff_limit_exceeded_in_1_30_has_no_failure_target() -> None:
    status = run({"backoffLimit": 1}, "fail", version="1.30").to_dict()["status"]
    assert status["conditions"] == [cond("Failed", 71, "BackoffLimitExceeded", MSG_BACKOFF)]


def test_on_failure_container_restarts_count_toward_backoff_limit() -> None:
    result = run({"backoffLimit": 3}, "fail", restartPolicy="OnFailure")
    # Restarts at 30 (at once), 70 and 120 (kubelet back-off 10 s, 20 s): 3 restarts at 120.
    assert len(result.pods) == 1
    assert result.pods[0].restarts == 3
    status = result.to_dict()["status"]
    assert status["conditions"] == failed(121, 122, "BackoffLimitExceeded", MSG_BACKOFF)
    assert status["failed"] == 1
    assert events(result) == [
        (0, "SuccessfulCreate", "Created pod: pi"),
        (121, "SuccessfulDelete", "Deleted pod: pi"),
        (122, "BackoffLimitExceeded", MSG_BACKOFF),
    ]


def test_backoff_limit_per_index_and_failed_indexes() -> None:
    spec = {"completions": 6, "parallelism": 6, "completionMode": "Indexed", "backoffLimitPerIndex": 1, "maxFailedIndexes": 1}
    result = simulate(job(spec), load_scenario(scenario_file("index-2-fails.yaml")), "1.37")
    assert timeline(result) == [
        (0, 0, 30, "Succeeded", 0, "Completed"),
        (1, 0, 30, "Succeeded", 0, "Completed"),
        (2, 0, 30, "Failed", 3, "Error"),
        (3, 0, 30, "Succeeded", 0, "Completed"),
        (4, 0, 30, "Failed", 1, "Error"),
        (5, 0, 30, "Succeeded", 0, "Completed"),
        (2, 40, 70, "Failed", 3, "Error"),  # per-index back-off: 10 s after the index's failure
        (4, 40, 70, "Succeeded", 0, "Completed"),
    ]
    status = result.to_dict()["status"]
    assert status["conditions"] == failed(71, 71, "FailedIndexes", "Job has failed indexes")
    assert status["completedIndexes"] == "0,1,3-5"
    assert status["failedIndexes"] == "2"
    assert status["failed"] == 3
    assert result.job["spec"]["backoffLimit"] == 2**31 - 1


def test_max_failed_indexes_exceeded() -> None:
    spec = {"completions": 6, "parallelism": 6, "completionMode": "Indexed", "backoffLimitPerIndex": 0, "maxFailedIndexes": 0}
    result = simulate(job(spec), load_scenario(scenario_file("index-2-fails.yaml")), "1.37")
    status = result.to_dict()["status"]
    assert status["conditions"] == failed(
        31, 31, "MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes"
    )
    assert status["failedIndexes"] == "2,4"
    assert len(result.pods) == 6


# --- pod failure policy ----------------------------------------------------------------------------------

FAIL_42 = {"action": "FailJob", "onExitCodes": {"containerName": "main", "operator": "In", "values": [42]}}
IGNORE_DISRUPTION = {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}


def test_pod_failure_policy_fail_job() -> None:
    spec = {"podFailurePolicy": {"rules": [FAIL_42, IGNORE_DISRUPTION]}}
    result = simulate(job(spec), load_scenario(scenario_file("exit-42.yaml")), "1.37")
    name = result.pods[0].name
    message = f"Container main for pod default/{name} failed with exit code 42 matching FailJob rule at index 0"
    status = result.to_dict()["status"]
    assert status["conditions"] == failed(31, 31, "PodFailurePolicy", message)
    assert status["failed"] == 1
    assert result.to_dict()["events"][-1] == {"t": 31, "type": "Warning", "reason": "PodFailurePolicy", "message": message}


def test_pod_failure_policy_fail_job_on_condition() -> None:
    rule = {"action": "FailJob", "onPodConditions": [{"type": "DisruptionTarget"}]}
    result = run({"podFailurePolicy": {"rules": [rule]}}, "evict-once")
    name = result.pods[0].name
    message = f"Pod default/{name} has condition DisruptionTarget matching FailJob rule at index 0"
    assert result.to_dict()["status"]["conditions"] == failed(16, 16, "PodFailurePolicy", message)


def test_disruption_target_ignored_does_not_count() -> None:
    spec = {"backoffLimit": 0, "podFailurePolicy": {"rules": [FAIL_42, IGNORE_DISRUPTION]}}
    result = run(spec, "evict-once")
    status = result.to_dict()["status"]
    assert "failed" not in status
    assert status["conditions"] == completed(56)
    # The ignored failure still starts the back-off: the replacement comes 10 s after it.
    assert timeline(result) == [(None, 0, 15, "Failed", 143, "Error"), (None, 25, 55, "Succeeded", 0, "Completed")]


def test_disruption_without_ignore_rule_counts() -> None:
    result = run({"backoffLimit": 0}, "evict-once")
    assert result.to_dict()["status"]["conditions"] == failed(16, 16, "BackoffLimitExceeded", MSG_BACKOFF)


def test_count_rule_counts_like_no_rule() -> None:
    rule = {"action": "Count", "onExitCodes": {"operator": "NotIn", "values": [0]}}
    with_rule = run({"backoffLimit": 1, "podFailurePolicy": {"rules": [rule]}}, "fail").to_dict()["status"]
    without = run({"backoffLimit": 1}, "fail").to_dict()["status"]
    assert with_rule == without
    assert with_rule["failed"] == 2


def test_ignore_rule_on_exit_codes_retries_for_ever() -> None:
    rule = {"action": "Ignore", "onExitCodes": {"operator": "In", "values": [1]}}
    result = run({"backoffLimit": 0, "podFailurePolicy": {"rules": [rule]}}, "fail", until=3600)
    assert result.outcome == "Running"
    assert "failed" not in result.to_dict()["status"]
    # Ignored failures still drive the back-off: after enough of them, one pod per 10 minutes.
    created = [p[1] for p in timeline(result)]
    assert created[:4] == [0, 40, 90, 160]


def test_fail_index_action() -> None:
    rule = {"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [3]}}
    spec = {
        "completions": 3,
        "parallelism": 3,
        "completionMode": "Indexed",
        "backoffLimitPerIndex": 2,
        "podFailurePolicy": {"rules": [rule]},
    }
    result = simulate(job(spec), load_scenario(scenario_file("index-2-fails.yaml")), "1.37")
    status = result.to_dict()["status"]
    assert status["failedIndexes"] == "2"
    assert status["completedIndexes"] == "0,1"
    assert status["conditions"] == failed(31, 31, "FailedIndexes", "Job has failed indexes")
    assert len(result.pods) == 3  # index 2 is not retried despite backoffLimitPerIndex 2


# --- success policy ----------------------------------------------------------------------------------------


def test_success_policy() -> None:
    spec = {
        "completions": 5,
        "parallelism": 2,
        "completionMode": "Indexed",
        "successPolicy": {"rules": [{"succeededIndexes": "0-1"}]},
    }
    result = simulate(job(spec), load_scenario(scenario_file("index-2-fails.yaml")), "1.37")
    status = result.to_dict()["status"]
    assert status["conditions"] == [
        cond("SuccessCriteriaMet", 31, "SuccessPolicy", "Matched rules at index 0"),
        cond("Complete", 31, "SuccessPolicy", "Matched rules at index 0"),
    ]
    assert status["completedIndexes"] == "0,1"
    assert len(result.pods) == 2


def test_success_policy_terminates_running_pods_before_complete() -> None:
    spec = {
        "completions": 3,
        "parallelism": 3,
        "completionMode": "Indexed",
        "successPolicy": {"rules": [{"succeededCount": 1}]},
    }
    result = simulate(job(spec), load_scenario(scenario_file("index-0-fast.yaml")), "1.37")
    status = result.to_dict()["status"]
    # Index 0 succeeds at 10; the other pods are deleted at 11 and take 5 s to stop.
    assert status["conditions"] == [
        cond("SuccessCriteriaMet", 11, "SuccessPolicy", "Matched rules at index 0"),
        cond("Complete", 17, "SuccessPolicy", "Matched rules at index 0"),
    ]
    assert status["completedIndexes"] == "0"
    assert "failed" not in status
    assert events(result)[-1] == (17, "Completed", "Job completed")


# --- deadlines -----------------------------------------------------------------------------------------------


def test_active_deadline_wins_over_backoff_limit() -> None:
    result = simulate(fixture_job("pi-with-timeout.yaml"), load_scenario("fail"), "1.37")
    status = result.to_dict()["status"]
    assert status["conditions"] == failed(100, 101, "DeadlineExceeded", MSG_DEADLINE)
    assert status["failed"] == 3
    assert [p[1] for p in timeline(result)] == [0, 40, 90]
    assert result.pods[-1].deleted == 100


def test_pi_with_timeout_fails_at_the_deadline_when_pods_hang() -> None:
    result = simulate(fixture_job("pi-with-timeout.yaml"), load_scenario("hang"), "1.37")
    status = result.to_dict()["status"]
    assert status["conditions"] == failed(100, 101, "DeadlineExceeded", MSG_DEADLINE)
    assert status["failed"] == 1
    assert events(result) == [
        (0, "SuccessfulCreate", "Created pod: pi-with-timeout"),
        (100, "SuccessfulDelete", "Deleted pod: pi-with-timeout"),
        (101, "DeadlineExceeded", MSG_DEADLINE),
    ]
    old = simulate(fixture_job("pi-with-timeout.yaml", "1.30"), load_scenario("hang"), "1.30").to_dict()["status"]
    assert old["conditions"] == [cond("Failed", 100, "DeadlineExceeded", MSG_DEADLINE)]
    assert old["terminating"] == 1  # written with the Failed condition, before the pod stopped


def test_pod_active_deadline_fails_the_pod_and_the_job_retries() -> None:
    result = run({"backoffLimit": 2}, "hang", activeDeadlineSeconds=60)
    assert timeline(result) == [
        (None, 0, 60, "Failed", 137, "DeadlineExceeded"),
        (None, 70, 130, "Failed", 137, "DeadlineExceeded"),
        (None, 150, 210, "Failed", 137, "DeadlineExceeded"),
    ]
    assert result.to_dict()["status"]["conditions"] == failed(211, 211, "BackoffLimitExceeded", MSG_BACKOFF)


def test_hanging_pod_without_deadline_runs_for_ever() -> None:
    result = run({}, "hang")
    assert result.outcome == "Running"
    assert result.to_dict()["status"] == {"startTime": 0, "active": 1, "terminating": 0, "uncountedTerminatedPods": {}, "ready": 1}


# --- suspend, replacement, TTL ----------------------------------------------------------------------------------


def test_suspend_and_resume() -> None:
    result = simulate(job({"completions": 2}), load_scenario(scenario_file("suspend-resume.yaml")), "1.37")
    assert events(result) == [
        (0, "SuccessfulCreate", "Created pod: pi"),
        (10, "SuccessfulDelete", "Deleted pod: pi"),
        (10, "Suspended", "Job suspended"),
        (100, "SuccessfulCreate", "Created pod: pi"),
        (100, "Resumed", "Job resumed"),
        (131, "SuccessfulCreate", "Created pod: pi"),
        (162, "Completed", "Job completed"),
    ]
    status = result.to_dict()["status"]
    assert status["startTime"] == 100  # a resumed Job starts again
    assert status["conditions"][0] == cond("Suspended", 100, "JobResumed", "Job resumed", status="False")
    assert "failed" not in status  # pods deleted for suspension are not failures


def test_created_suspended() -> None:
    result = run({"suspend": True}, until=600)
    assert result.to_dict()["status"] == {
        "conditions": [cond("Suspended", 0, "JobSuspended", "Job suspended")],
        "terminating": 0,
        "uncountedTerminatedPods": {},
        "ready": 0,
    }
    assert result.pods == []


def test_pod_replacement_policy_failed_waits_for_termination() -> None:
    scenario = load_scenario(scenario_file("slow-shutdown.yaml"))
    early = simulate(job({"podReplacementPolicy": "Failed"}), scenario, "1.37", until=15).to_dict()["status"]
    assert early == {"startTime": 0, "terminating": 1, "uncountedTerminatedPods": {}, "ready": 0}
    result = simulate(job({"podReplacementPolicy": "Failed"}), scenario, "1.37")
    # Evicted at 10, stopped at 30; the replacement follows the 10 s back-off from the stop.
    assert [(p[1], p[2]) for p in timeline(result)] == [(0, 30), (40, 70)]
    assert result.to_dict()["status"]["conditions"] == completed(71)


def test_pod_replacement_policy_terminating_or_failed_replaces_at_once() -> None:
    scenario = load_scenario(scenario_file("slow-shutdown.yaml"))
    early = simulate(job({}), scenario, "1.37", until=15).to_dict()["status"]
    assert early == {"startTime": 0, "failed": 1, "terminating": 1, "uncountedTerminatedPods": {}, "ready": 0}
    result = simulate(job({}), scenario, "1.37")
    assert result.job["spec"]["podReplacementPolicy"] == "TerminatingOrFailed"
    # The deleted pod counts as failed when it is deleted (10); replacement after the back-off.
    assert [(p[1], p[2]) for p in timeline(result)] == [(0, 30), (20, 50)]
    assert result.to_dict()["status"]["conditions"] == completed(51)


def test_ttl_deletion_time() -> None:
    result = simulate(fixture_job("pi-with-ttl.yaml"), load_scenario("succeed"), "1.37")
    assert result.finished_at == 31
    assert result.deleted_at == 131
    assert result.to_dict()["job"]["metadata"]["deletionTimestamp"] == 131
    failed_result = simulate(fixture_job("pi-with-ttl.yaml"), load_scenario("fail:duration=5"), "1.37")
    assert failed_result.outcome == "Failed"
    assert failed_result.deleted_at == failed_result.finished_at + 100


def test_pi_example_completes() -> None:
    result = simulate(fixture_job("pi.yaml"), load_scenario("succeed"), "1.37")
    assert result.outcome == "Complete"
    assert result.to_dict()["status"]["succeeded"] == 1


def test_managed_by_another_controller_is_left_alone() -> None:
    spec = {"managedBy": "example.com/other"}
    assert run(spec).to_dict()["status"] == {}
    assert run(spec).pods == []


def test_set_parallelism_scales_down() -> None:
    result = simulate(job({"completions": 4, "parallelism": 4}), load_scenario(scenario_file("scale-down.yaml")), "1.37")
    deletes = [e for e in events(result) if e[1] == "SuccessfulDelete"]
    assert [e[0] for e in deletes] == [10, 10, 10]
    assert result.to_dict()["status"]["succeeded"] == 4


# --- determinism and rendering ----------------------------------------------------------------------------------


def test_same_input_same_output() -> None:
    spec = {"completions": 20, "parallelism": 4, "completionMode": "Indexed", "backoffLimit": 30}
    a = json.dumps(simulate(job(spec), load_scenario("flaky:p=0.3,seed=7"), "1.37").to_dict(), sort_keys=True)
    b = json.dumps(simulate(job(spec), load_scenario("flaky:p=0.3,seed=7"), "1.37").to_dict(), sort_keys=True)
    c = json.dumps(simulate(job(spec), load_scenario("flaky:p=0.3,seed=8"), "1.37").to_dict(), sort_keys=True)
    assert a == b
    assert a != c
    result = simulate(job(spec), load_scenario("flaky:p=0.3,seed=7"), "1.37")
    assert render_text(result) == render_text(simulate(job(spec), load_scenario("flaky:p=0.3,seed=7"), "1.37"))
    assert render_svg(result) == render_svg(simulate(job(spec), load_scenario("flaky:p=0.3,seed=7"), "1.37"))


def test_render_text_and_svg() -> None:
    result = simulate(fixture_job("pi-with-timeout.yaml"), load_scenario("fail"), "1.37")
    text = render_text(result)
    assert "Events:" in text and "Pods:" in text and "Summary:" in text
    assert "Failed at 1m41s (DeadlineExceeded)" in text
    assert "  1m40s  Normal   SuccessfulDelete  Deleted pod: pi-with-timeout-" in text
    svg = render_svg(result)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "activeDeadlineSeconds" in svg and "back-off" in svg
    import xml.dom.minidom

    xml.dom.minidom.parseString(svg)  # well-formed


def test_version_is_checked() -> None:
    from joblint.versions import UnknownVersion

    with pytest.raises(UnknownVersion):
        run(version="1.29")


def test_node_failure_terminating_or_failed_replaces_the_lost_pod() -> None:
    result = simulate(job({}), load_scenario(scenario_file("node-failure.yaml")), "1.37", until=1000)
    lost = result.pods[0]
    assert lost.conditions[0][:3] == ("DisruptionTarget", "True", "DeletionByTaintManager")
    assert lost.deleted == 350 and not lost.terminal
    assert [(p[1], p[2]) for p in timeline(result)] == [(0, None), (360, 390)]
    status = result.to_dict()["status"]
    # The replacement succeeded, but the lost pod is still terminating: no Complete yet (1.31+).
    assert status["succeeded"] == 1 and status["terminating"] == 1
    assert [c["type"] for c in status["conditions"]] == ["SuccessCriteriaMet"]
    old = simulate(job({}, version="1.30"), load_scenario(scenario_file("node-failure.yaml")), "1.30", until=1000)
    assert old.outcome == "Complete" and old.finished_at == 391


def test_node_failure_with_pod_failure_policy_waits_for_the_lost_pod() -> None:
    spec = {"podFailurePolicy": {"rules": [IGNORE_DISRUPTION]}}
    result = simulate(job(spec), load_scenario(scenario_file("node-failure.yaml")), "1.37", until=1000)
    assert len(result.pods) == 1  # podReplacementPolicy Failed: no replacement while it terminates
    assert result.to_dict()["status"]["terminating"] == 1


def test_deleted_pod_counts_as_failed_and_is_replaced() -> None:
    spec = {"completions": 3, "parallelism": 3, "completionMode": "Indexed"}
    result = simulate(job(spec), load_scenario(scenario_file("delete-pod.yaml")), "1.37")
    assert timeline(result) == [
        (0, 0, 30, "Succeeded", 0, "Completed"),
        (1, 0, 20, "Failed", 143, "Error"),
        (2, 0, 30, "Succeeded", 0, "Completed"),
        (1, 30, 60, "Succeeded", 0, "Completed"),
    ]
    status = result.to_dict()["status"]
    assert status["failed"] == 1 and status["completedIndexes"] == "0-2"
    assert status["conditions"] == completed(61)
