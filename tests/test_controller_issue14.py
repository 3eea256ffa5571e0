"""Dry runs of what the Job controller's own tests exercise (issue 14): init containers and sidecars
by name, restartPolicy OnFailure restarting in place, timed edits of the Job (elastic Indexed Jobs),
how a deleted pod ends (its SIGTERM answer, podReplacementPolicy), activeDeadlineSeconds across
suspend and resume per Kubernetes version, and the SVG timeline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from joblint.cli import main
from joblint.controller import ScenarioError, load_scenario, render_svg, render_text, simulate
from joblint.controller.render import MAX_SVG_ROWS, tick_step
from joblint.controller.scenario import Scenario, check_scenario
from tests.test_controller import MSG_BACKOFF, MSG_DEADLINE, SCENARIOS, completed, cond, events, failed, job, timeline

INIT = [{"name": "setup", "image": "busybox:1.36"}]
SIDECAR = [{"name": "setup", "image": "busybox:1.36"}, {"name": "proxy", "image": "envoy:1", "restartPolicy": "Always"}]


def scenario(**data: Any) -> Scenario:
    return Scenario.model_validate(data)


def fixture(name: str) -> Scenario:
    return load_scenario(str(SCENARIOS / name))


def fail_job_on(container: str | None, code: int) -> dict[str, Any]:
    exit_codes: dict[str, Any] = {"operator": "In", "values": [code]}
    if container is not None:
        exit_codes["containerName"] = container
    return {"rules": [{"action": "FailJob", "onExitCodes": exit_codes}]}


# --- 1. init containers and sidecars by name ---------------------------------------------------------


def test_fail_job_on_an_init_container_exit_code() -> None:
    """TestSyncJobWithJobPodFailurePolicy (job_controller_test.go), its init-container FailJob case:
    onExitCodes with containerName matches the init container's status, and the Job fails at once
    with reason PodFailurePolicy instead of running into its backoff limit after 7 pods."""
    spec = {"podFailurePolicy": fail_job_on("setup", 42)}
    result = simulate(job(spec, initContainers=INIT), fixture("init-container-fails.yaml"), "1.37")
    message = f"Container setup for pod default/{result.pods[0].name} failed with exit code 42 matching FailJob rule at index 0"
    assert result.status == {
        "conditions": failed(31, 31, "PodFailurePolicy", message),
        "startTime": 0,
        "failed": 1,
        "terminating": 0,
        "uncountedTerminatedPods": {},
        "ready": 0,
    }
    assert timeline(result) == [(None, 0, 30, "Failed", 42, "Error")]
    assert result.pods[0].codes == (("main", None),)  # main never started


def test_on_exit_codes_without_container_name_matches_init_containers() -> None:
    """matchOnExitCodes (job_controller.go's pod failure policy): without containerName, the init
    containers' statuses are searched after the regular containers'."""
    spec = {"podFailurePolicy": fail_job_on(None, 42)}
    result = simulate(job(spec, initContainers=INIT), fixture("init-container-fails.yaml"), "1.37")
    assert (result.outcome, result.reason, len(result.pods)) == ("Failed", "PodFailurePolicy", 1)


def test_without_the_policy_an_init_failure_counts_toward_backoff_limit() -> None:
    """TestJobBackoff-style counting: a pod whose init container failed is a failed pod (7 pods for
    the default backoffLimit 6)."""
    result = simulate(job(initContainers=INIT), fixture("init-container-fails.yaml"), "1.37")
    assert (result.outcome, result.reason, len(result.pods)) == ("Failed", "BackoffLimitExceeded", 7)
    assert {p.exit_code() for p in result.pods} == {42}


def test_a_sidecar_exit_code_is_reported_but_fails_nothing() -> None:
    """Sidecars (init containers with restartPolicy Always) are restarted by the kubelet; the pod's
    phase follows the regular containers, while onExitCodes still sees the sidecar's status."""
    result = simulate(
        job({"podFailurePolicy": fail_job_on("proxy", 7)}, initContainers=SIDECAR),
        scenario(defaults={"outcome": "fail", "exitCode": {"proxy": 7}}),
        "1.37",
    )
    assert result.outcome == "Complete"
    assert result.pods[0].phase == "Succeeded"
    both = simulate(
        job({"podFailurePolicy": fail_job_on("proxy", 7)}, initContainers=SIDECAR),
        scenario(defaults={"outcome": "fail", "exitCode": {"proxy": 7, "main": 1}}),
        "1.37",
    )
    assert (both.outcome, both.reason, len(both.pods)) == ("Failed", "PodFailurePolicy", 1)
    assert "Container proxy for pod" in both.status["conditions"][0]["message"]


def test_an_init_container_restarts_in_place_with_on_failure() -> None:
    """Under restartPolicy OnFailure a failed init container is restarted in the same pod, and its
    restart count is counted by pastBackoffLimitOnFailure (InitContainerStatuses included)."""
    result = simulate(
        job({"backoffLimit": 2}, restartPolicy="OnFailure", initContainers=INIT),
        scenario(defaults={"duration": 10, "outcome": "fail", "exitCode": {"setup": 1}}),
        "1.37",
    )
    assert (result.outcome, result.reason, len(result.pods)) == ("Failed", "BackoffLimitExceeded", 1)
    assert result.pods[0].restart_counts == {"setup": 2}


def test_unknown_container_names_are_refused_with_file_and_line(tmp_path: Path) -> None:
    """Scenario language, no Go counterpart: an exit code for a container the template lacks would
    do nothing, so it is refused with the file, line and the names the template has."""
    path = tmp_path / "typo.yaml"
    path.write_text("description: typo\noverrides:\n  - index: 0\n    exitCode:\n      setpu: 42\n")
    with pytest.raises(ScenarioError) as info:
        check_scenario(load_scenario(str(path)), job(initContainers=SIDECAR))
    assert str(info.value) == (
        f"{path}:5:7: overrides[0].exitCode: unknown container 'setpu': the pod template has containers main; "
        "init containers setup; sidecars proxy"
    )


def test_unknown_sigterm_container_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text("defaults:\n  sigterm:\n    exitCode: {mian: 0}\n")
    with pytest.raises(ScenarioError, match=r"typo.yaml:3:16: defaults.sigterm.exitCode: unknown container 'mian': the pod template has containers main$"):
        simulate(job(), load_scenario(str(path)), "1.37")


def test_cli_refuses_unknown_container_with_exit_2(tmp_path: Path) -> None:
    manifest = tmp_path / "job.yaml"
    manifest.write_text(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\nspec:\n  template:\n    spec:\n"
        "      restartPolicy: Never\n      containers: [{name: main, image: busybox}]\n"
    )
    result = CliRunner().invoke(main, ["dry-run", str(manifest), "--scenario", str(SCENARIOS / "init-container-fails.yaml")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert re.search(r"init-container-fails.yaml:\d+:\d+: defaults.exitCode: unknown container 'setup': the pod template has containers main", result.output)


# --- 2. restartPolicy OnFailure restarts in place --------------------------------------------------------


def test_container_fails_twice_then_succeeds_in_the_same_pod() -> None:
    """TestJobBackoffForOnFailure's "backoffLimit 6 with restartCount 2" shape: restarts do not reach
    the limit, the same pod succeeds and its status shows the restart count."""
    result = simulate(job({"backoffLimit": 6}, restartPolicy="OnFailure"), fixture("restart-in-place.yaml"), "1.37")
    assert result.status["conditions"] == completed(71)
    assert result.status["succeeded"] == 1 and "failed" not in result.status
    assert timeline(result) == [(None, 0, 70, "Succeeded", 0, "Completed")]
    assert result.to_dict()["pods"][0]["restartCounts"] == {"main": 2}
    text = render_text(result)
    assert re.search(r"PHASE\s+RESTARTS\s+EXIT", text) and re.search(r"1m10s\s+Succeeded\s+2\s+0\s+Completed", text)
    assert "container restarts 2 (restartPolicy OnFailure" in text


def test_restarts_reaching_backoff_limit_fail_the_job_and_terminate_its_pods() -> None:
    """TestJobBackoffForOnFailure, "too many job failures with podRunning - multiple pods":
    restartCounts [1, 1] with backoffLimit 2 fail the Job; its running pods are deleted."""
    result = simulate(
        job({"backoffLimit": 2, "parallelism": 2, "completions": 2}, restartPolicy="OnFailure"),
        scenario(defaults={"failures": 1, "exitCode": 1}),
        "1.37",
    )
    assert result.status["conditions"] == failed(31, 32, "BackoffLimitExceeded", MSG_BACKOFF)
    assert result.status["failed"] == 2
    assert [e for e in events(result) if e[1] == "SuccessfulDelete"] == [(31, "SuccessfulDelete", "Deleted pod: pi")] * 2
    assert [p.restarts for p in result.pods] == [1, 1]
    assert timeline(result) == [(None, 0, 31, "Failed", 143, "Error")] * 2


def test_restarts_below_the_limit_complete() -> None:
    """TestJobBackoffForOnFailure, "not enough failures": restartCounts [1, 1], backoffLimit 3."""
    result = simulate(
        job({"backoffLimit": 3, "parallelism": 2, "completions": 2}, restartPolicy="OnFailure"),
        scenario(defaults={"failures": 1, "exitCode": 1}),
        "1.37",
    )
    assert result.status["conditions"] == completed(61)
    assert [p.restarts for p in result.pods] == [1, 1]


def test_backoff_limit_zero_fails_on_the_first_restart() -> None:
    """TestJobBackoffForOnFailure, "backoffLimit 0 with restartCount 1": any restart fails the Job."""
    result = simulate(job({"backoffLimit": 0}, restartPolicy="OnFailure"), fixture("restart-in-place.yaml"), "1.37")
    assert (result.outcome, result.reason) == ("Failed", "BackoffLimitExceeded")
    assert result.pods[0].restarts == 1


def test_failures_with_restart_policy_never_fail_the_pod() -> None:
    """TestJobBackoff (job_controller_test.go) with restartPolicy Never: there is no restart in
    place, every failure is a failed pod counted toward backoffLimit."""
    result = simulate(job({"backoffLimit": 6}), fixture("restart-in-place.yaml"), "1.37")
    # attempt 0 fails (its first run is a failure) and so does every new pod: 7 pods
    assert (result.outcome, len(result.pods)) == ("Failed", 7)


# --- 3. timed edits: elastic Indexed Jobs, suspend, scheduling directives --------------------------------


def elastic(**spec: Any) -> dict[str, Any]:
    return job({"completions": 3, "parallelism": 3, "completionMode": "Indexed", **spec})


def test_elastic_indexed_job_scale_up_then_down() -> None:
    """TestElasticIndexedJob (test/integration/job/job_test.go), "scale up" then "scale down": the
    new indexes get pods at once; scaling down deletes the pods of indexes out of range, which do
    not count as failed."""
    result = simulate(elastic(), fixture("elastic-indexed.yaml"), "1.37")
    assert result.status["conditions"] == completed(101)
    assert (result.status["succeeded"], result.status["completedIndexes"], "failed" in result.status) == (2, "0,1", False)
    assert [e for e in events(result) if e[1] != "Completed"] == [
        (0, "SuccessfulCreate", "Created pod: pi-0"),
        (0, "SuccessfulCreate", "Created pod: pi-1"),
        (0, "SuccessfulCreate", "Created pod: pi-2"),
        (10, "SuccessfulCreate", "Created pod: pi-3"),
        (10, "SuccessfulCreate", "Created pod: pi-4"),
        (50, "SuccessfulDelete", "Deleted pod: pi-2"),
        (50, "SuccessfulDelete", "Deleted pod: pi-3"),
        (50, "SuccessfulDelete", "Deleted pod: pi-4"),
    ]
    assert result.job["spec"]["completions"] == 3  # the manifest as given; the edits are the scenario's
    assert len(result.pods) == 5


def test_elastic_scale_down_keeps_counted_failures() -> None:
    """TestElasticIndexedJob, "scale down": index 1 succeeds and index 2 fails while completions is
    3; completions 3→1 keeps the failure in status.failed but drops index 1 from completedIndexes."""
    result = simulate(
        elastic(),
        scenario(
            defaults={"outcome": "hang"},
            overrides=[
                {"index": 0, "outcome": "succeed", "duration": 30},
                {"index": 1, "outcome": "succeed", "duration": 10},
                {"index": 2, "outcome": "fail", "duration": 10},
            ],
            events=[{"at": 15, "action": "update", "spec": {"completions": 1, "parallelism": 1}}],
        ),
        "1.37",
    )
    assert result.status == {
        "conditions": completed(31),
        "startTime": 0,
        "completionTime": 31,
        "succeeded": 1,
        "failed": 1,
        "terminating": 0,
        "completedIndexes": "0",
        "uncountedTerminatedPods": {},
        "ready": 0,
    }
    assert timeline(result) == [
        (0, 0, 30, "Succeeded", 0, "Completed"),
        (1, 0, 10, "Succeeded", 0, "Completed"),
        (2, 0, 10, "Failed", 1, "Error"),
        (2, 11, 15, "Failed", 143, "Error"),
    ]


def test_elastic_index_out_of_range_runs_again_after_scale_up() -> None:
    """TestElasticIndexedJob, "index finishes successfully, scale down, scale up": index 2 succeeds,
    completions 3→2 drops it from completedIndexes, and 2→3 runs it again."""
    result = simulate(
        elastic(),
        scenario(
            defaults={"duration": 100},
            overrides=[{"index": 2, "attempt": 0, "duration": 10}],
            events=[
                {"at": 20, "action": "update", "spec": {"completions": 2, "parallelism": 2}},
                {"at": 40, "action": "update", "spec": {"completions": 3, "parallelism": 3}},
            ],
        ),
        "1.37",
    )
    assert result.status["completedIndexes"] == "0-2"
    assert result.status["conditions"] == completed(141)
    assert [(p.index, p.created, p.phase) for p in result.pods] == [(0, 0, "Succeeded"), (1, 0, "Succeeded"), (2, 0, "Succeeded"), (2, 40, "Succeeded")]


def test_elastic_scale_down_to_zero_completes() -> None:
    """TestElasticIndexedJob, "scale down to 0, verify that the job succeeds"."""
    result = simulate(
        elastic(), scenario(defaults={"outcome": "hang"}, events=[{"at": 5, "action": "update", "spec": {"completions": 0, "parallelism": 0}}]), "1.37"
    )
    # the pods are deleted at 5 s; Complete once none is terminating
    assert result.status["conditions"] == [
        cond("SuccessCriteriaMet", 5, "CompletionsReached", "Reached expected number of succeeded pods"),
        cond("Complete", 6, "CompletionsReached", "Reached expected number of succeeded pods"),
    ]
    assert "succeeded" not in result.status and result.status["terminating"] == 0
    assert [(p.index, p.deleted, p.finished) for p in result.pods] == [(0, 5, 5), (1, 5, 5), (2, 5, 5)]


@pytest.mark.parametrize(
    "spec, events_, message",
    [
        (
            {"completions": 3, "parallelism": 3, "completionMode": "Indexed"},
            [{"at": 10, "action": "update", "spec": {"completions": 5}}],
            "spec.completions: Invalid value: 5: can only be modified in tandem with spec.parallelism",
        ),
        (
            {"completions": 3, "parallelism": 3},
            [{"at": 10, "action": "update", "spec": {"completions": 5, "parallelism": 5}}],
            "spec.completions: Invalid value: 5: field is immutable",
        ),
        (
            {},
            [{"at": 10, "action": "update", "spec": {"template": {"spec": {"nodeSelector": {"disk": "ssd"}}}}}],
            "spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable",
        ),
        (
            # ValidateJob on the new object comes first (the registry strategy's ValidateUpdate)
            {"completions": 3, "parallelism": 3, "completionMode": "Indexed"},
            [{"at": 10, "action": "update", "spec": {"completions": 100_001, "parallelism": 100_001}}],
            "spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed",
        ),
    ],
)
def test_edits_the_server_refuses_are_scenario_errors(tmp_path: Path, spec: dict[str, Any], events_: list[Any], message: str) -> None:
    """TestValidateJobUpdate (pkg/apis/batch/validation): the JL030 rules of joblint.update, applied
    to each timed edit against the Job as it is at that moment."""
    path = tmp_path / "edit.yaml"
    path.write_text(json.dumps({"events": events_}))
    with pytest.raises(ScenarioError) as info:
        simulate(job(spec), load_scenario(str(path)), "1.37")
    text = str(info.value)
    assert text.startswith(f"{path}:1:") and f"events[0] at 10 s: the API server refuses this update: {message}" in text


@pytest.mark.parametrize("version, accepted", [("1.30", False), ("1.35", False), ("1.36", True), ("1.37", True)])
def test_scheduling_directives_of_a_suspended_job_that_had_started(version: str, accepted: bool) -> None:
    """TestMutableSchedulingDirectivesForSuspendedJobs (integration, KEP-5440): from 1.36 a Job that
    ran and was suspended may change its nodeSelector once its pods are gone; before, only a Job
    that never started may."""
    chosen = scenario(
        events=[
            {"at": 10, "action": "suspend"},
            {"at": 20, "action": "update", "spec": {"template": {"spec": {"nodeSelector": {"disk": "ssd"}}}}},
            {"at": 30, "action": "resume"},
        ]
    )
    if accepted:
        result = simulate(job(), chosen, version)
        assert (result.outcome, result.finished_at) == ("Complete", 61)
    else:
        with pytest.raises(ScenarioError, match="has not started"):
            simulate(job(), chosen, version)


def test_scheduling_directives_of_a_job_created_suspended() -> None:
    """TestMutableSchedulingDirectivesForSuspendedJobsNotYetStarted / ElasticIndexedJob docs: a Job
    created suspended may change its scheduling directives in every release."""
    chosen = scenario(
        events=[
            {"at": 5, "action": "update", "spec": {"template": {"spec": {"nodeSelector": {"disk": "ssd"}}}}},
            {"at": 10, "action": "update", "spec": {"suspend": False}},
        ]
    )
    result = simulate(job({"suspend": True}), chosen, "1.30")
    assert (result.outcome, result.finished_at, result.status["startTime"]) == ("Complete", 41, 10)


# --- 4. how a deleted pod ends --------------------------------------------------------------------------


def test_deleted_pod_exiting_0_counts_as_success_with_replacement_policy_failed() -> None:
    """TestJobPodReplacementPolicy (integration): with podReplacementPolicy Failed the controller
    waits for a deleted pod to finish; one that exits 0 on SIGTERM is Succeeded and completes the Job
    (isPodFailed: a terminating pod is not failed while the controller only replaces failed pods)."""
    result = simulate(job({"podReplacementPolicy": "Failed"}), fixture("sigterm-exit-0.yaml"), "1.37")
    assert result.status == {
        "conditions": completed(16),
        "startTime": 0,
        "completionTime": 16,
        "succeeded": 1,
        "terminating": 0,
        "uncountedTerminatedPods": {},
        "ready": 0,
    }
    assert timeline(result) == [(None, 0, 15, "Succeeded", 0, "Completed")]


def test_deleted_pod_is_failed_at_once_with_terminating_or_failed() -> None:
    """isPodFailed with podReplacementPolicy TerminatingOrFailed (the default without a
    podFailurePolicy): a pod with a deletionTimestamp counts as failed at the next sync and is
    replaced; its later success changes nothing."""
    result = simulate(job(), fixture("sigterm-exit-0.yaml"), "1.37")
    assert result.status["failed"] == 1 and result.status["succeeded"] == 1
    assert result.status["conditions"] == completed(81)
    assert timeline(result) == [(None, 0, 15, "Succeeded", 0, "Completed"), (None, 20, 80, "Succeeded", 0, "Completed")]


def test_pod_failure_policy_waits_for_the_deleted_pod() -> None:
    """With a podFailurePolicy the controller waits for terminal pods too (TestJobPodReplacementPolicy,
    the policy case): the deleted pod's exit 0 is a success, no replacement is made."""
    spec = {"podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]}}
    result = simulate(job(spec), fixture("sigterm-exit-0.yaml"), "1.37")
    assert (result.outcome, len(result.pods), result.status.get("failed")) == ("Complete", 1, None)


def test_sigterm_answer_per_container_and_the_grace_period() -> None:
    """No Job controller test covers the kubelet's side: a container answers SIGTERM with its own
    code, one still running at terminationGracePeriodSeconds is killed (137), and the pod fails when
    a regular container exits non-zero."""
    chosen = scenario(
        defaults={"duration": 60, "sigterm": {"exitCode": {"main": 0, "log": 2}, "after": 5}},
        events=[{"at": 10, "action": "delete-pod"}],
    )
    two = [{"name": "main", "image": "busybox"}, {"name": "log", "image": "busybox"}]
    result = simulate(job({"podReplacementPolicy": "Failed"}, containers=two), chosen, "1.37")
    assert result.pods[0].codes == (("main", 0), ("log", 2))
    assert (result.pods[0].phase, result.pods[0].finished) == ("Failed", 15)
    slow = scenario(defaults={"duration": 60, "sigterm": {"exitCode": 0, "after": 45}}, events=[{"at": 10, "action": "delete-pod"}])
    result = simulate(job({"podReplacementPolicy": "Failed"}), slow, "1.37")
    # still running at terminationGracePeriodSeconds (30 s): killed
    assert (result.pods[0].phase, result.pods[0].finished, result.pods[0].exit_code()) == ("Failed", 40, 137)


def test_indexed_pod_deleted_exiting_0_completes_its_index() -> None:
    """TestTrackJobStatusAndRemoveFinalizers (job_controller_test.go): a Succeeded pod's completion
    index is added to completedIndexes, whether or not the pod had been deleted."""
    chosen = scenario(defaults={"duration": 60, "sigterm": {"exitCode": 0, "after": 2}}, events=[{"at": 10, "action": "delete-pod", "index": 1}])
    result = simulate(job({"completions": 2, "parallelism": 2, "completionMode": "Indexed", "podReplacementPolicy": "Failed"}), chosen, "1.37")
    assert result.status["completedIndexes"] == "0,1" and len(result.pods) == 2
    assert (result.pods[1].phase, result.pods[1].finished) == ("Succeeded", 12)


# --- 5. activeDeadlineSeconds across suspend and resume -----------------------------------------------


@pytest.mark.parametrize(
    "version, conditions, start",
    [
        ("1.30", [cond("Suspended", 10, "JobSuspended", "Job suspended"), cond("Failed", 210, "DeadlineExceeded", MSG_DEADLINE)], 0),
        (
            "1.35",
            [
                cond("Suspended", 10, "JobSuspended", "Job suspended"),
                cond("FailureTarget", 210, "DeadlineExceeded", MSG_DEADLINE),
                cond("Failed", 210, "DeadlineExceeded", MSG_DEADLINE),
            ],
            0,
        ),
        ("1.36", [cond("Suspended", 210, "JobResumed", "Job resumed", status="False"), *completed(271)], 210),
        ("1.37", [cond("Suspended", 210, "JobResumed", "Job resumed", status="False"), *completed(271)], 210),
    ],
)
def test_deadline_across_suspend_and_resume_per_version(version: str, conditions: list[Any], start: int) -> None:
    """TestSyncJobPastDeadline (job_controller_test.go), "activeDeadlineSeconds is not triggered when
    Job is suspended", and what happens at resume: pastActiveDeadline runs before the resume branch
    resets status.startTime, so up to 1.35 a Job suspended longer than its deadline fails at resume;
    from 1.36 (MutableSchedulingDirectivesForSuspendedJobs, KEP-5440) startTime is cleared at
    suspension and the resumed Job gets its whole deadline."""
    result = simulate(job({"activeDeadlineSeconds": 100}), fixture("suspended-past-deadline.yaml"), version)
    assert result.status["conditions"] == conditions
    assert result.status["startTime"] == start
    assert len(result.pods) == (1 if start == 0 else 2)


def test_start_time_is_cleared_while_suspended_from_1_36() -> None:
    """TestMutableSchedulingDirectivesForSuspendedJobs (integration): suspending a running Job
    clears status.startTime once the gate is on (syncJob's suspended branch)."""
    chosen = scenario(events=[{"at": 10, "action": "suspend"}])
    assert "startTime" not in simulate(job({"activeDeadlineSeconds": 100}), chosen, "1.36", until=100).status
    assert simulate(job({"activeDeadlineSeconds": 100}), chosen, "1.35", until=100).status["startTime"] == 0


def test_resume_before_the_deadline_restarts_the_timer_in_every_version() -> None:
    """TestSuspendJob (test/integration/job/job_test.go) and syncJob's resume branch sets startTime to now: suspended for 20 s of a 100 s deadline, the pod
    created at resume has the whole 100 s (the Job fails at 130 s, not 100 s)."""
    chosen = scenario(defaults={"outcome": "hang"}, events=[{"at": 10, "action": "suspend"}, {"at": 30, "action": "resume"}])
    resumed = cond("Suspended", 30, "JobResumed", "Job resumed", status="False")
    expected = {
        "1.30": [resumed, cond("Failed", 130, "DeadlineExceeded", MSG_DEADLINE)],
        "1.35": [resumed, *failed(130, 131, "DeadlineExceeded", MSG_DEADLINE)],
        "1.37": [resumed, *failed(130, 131, "DeadlineExceeded", MSG_DEADLINE)],
    }
    for version, conditions in expected.items():
        result = simulate(job({"activeDeadlineSeconds": 100}), chosen, version)
        assert result.status["conditions"] == conditions
        assert (result.status["startTime"], len(result.pods)) == (30, 2)


# --- 6. the SVG timeline ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "horizon, step",
    [(42.8, 10), (61, 10), (100, 15), (300, 60), (900, 120), (3600, 600), (4 * 3600, 1800), (86400, 3 * 3600), (30 * 86400, 7 * 86400)],
)
def test_time_ticks_are_round(horizon: float, step: float) -> None:
    assert tick_step(horizon) == step


def tick_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="(?:start|middle)">([^<]+)</text>', svg)


def test_svg_ticks_and_end_label() -> None:
    result = simulate(job({"backoffLimit": 2}), load_scenario("fail:duration=7"), "1.37")
    svg = render_svg(result)
    assert result.finished_at == 52
    assert tick_labels(svg) == ["0s", "10s", "20s", "30s", "40s", "50s"]
    # the end label sits at the right edge: it is anchored at its end, inside the picture
    end = re.search(r'<text x="([\d.]+)" text-anchor="end" y="[\d.]+" fill="#000000">Failed \(BackoffLimitExceeded\)</text>', svg)
    assert end is not None
    width = float(re.search(r'width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    assert float(end.group(1)) <= width


def test_svg_of_a_long_indexed_job_is_aggregated_and_bounded() -> None:
    big = job({"completions": 3000, "parallelism": 300, "completionMode": "Indexed", "backoffLimitPerIndex": 1})
    result = simulate(big, fixture("many-indexes.yaml"), "1.37")
    assert len(result.pods) > 3000
    svg = render_svg(result)
    rows = re.findall(r'<text x="8" y="[\d.]+">(indexes? [^<]+)</text>', svg)
    assert 1 < len(rows) <= MAX_SVG_ROWS
    assert rows[0] == "indexes 0–49" and rows[-1] == "indexes 2950–2999"
    assert len(svg) < 250_000
    assert "3000 rows in 60 groups" in svg


def test_svg_of_a_small_job_draws_every_pod() -> None:
    result = simulate(job({"completions": 3, "parallelism": 3, "completionMode": "Indexed"}), load_scenario("succeed"), "1.37")
    svg = render_svg(result)
    assert re.findall(r'<text x="8" y="[\d.]+">(index \d+)</text>', svg) == ["index 0", "index 1", "index 2"]
    assert svg.count("<title>pi-") == 3


# --- fixtures -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["init-container-fails.yaml", "restart-in-place.yaml", "elastic-indexed.yaml", "sigterm-exit-0.yaml", "suspended-past-deadline.yaml", "many-indexes.yaml"]
)
def test_issue_14_fixtures_load(name: str) -> None:
    assert fixture(name).description


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("defaults:\n  failures: -1\n", "2:3", "defaults.failures: Input should be greater than or equal to 0"),
        ("defaults:\n  sigterm: {after: -1}\n", "2:13", "defaults.sigterm.after: Input should be greater than or equal to 0"),
        ("events:\n  - at: 1\n    action: update\n", "2:5", "events[0]: update needs a spec with the fields to change, e.g. spec: {parallelism: 4}"),
        ("events:\n  - at: 1\n    action: update\n    spec: {replicas: 3}\n", "4:12", "events[0].spec.replicas: Extra inputs are not permitted"),
        ("events:\n  - at: 1\n    action: update\n    spec: {parallelism: -3}\n", "4:12", "events[0].spec.parallelism: Input should be greater than or equal to 0"),
        ("events:\n  - at: 1\n    action: suspend\n    spec: {parallelism: 3}\n", "2:5", "events[0]: spec belongs to an update, not to suspend"),
        ("defaults:\n  exitCode: {main: 99999999999}\n", "2:3", "defaults.exitCode: exit codes are 32-bit integers"),
    ],
)
def test_new_fields_errors_have_positions(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    assert str(info.value) == f"{path}:{where}: {message}"


def test_suspend_as_an_update_is_the_suspend_event() -> None:
    """TestSuspendJob (integration): `spec.suspend` patched to true, then false, is what the
    suspend/resume events do."""
    by_update = scenario(
        events=[{"at": 10, "action": "update", "spec": {"suspend": True}}, {"at": 100, "action": "update", "spec": {"suspend": False}}]
    )
    by_event = fixture("suspend-resume.yaml")
    a = simulate(job({"completions": 2}), by_update, "1.37")
    b = simulate(job({"completions": 2}), by_event, "1.37")
    assert a.status == b.status and events(a) == events(b)
    assert a.status["conditions"][0] == cond("Suspended", 100, "JobResumed", "Job resumed", status="False")


def test_parallelism_alone_scales_a_non_indexed_job() -> None:
    """TestParallelJobParallelism (integration): parallelism is mutable for every Job."""
    result = simulate(
        job({"completions": 4, "parallelism": 1}),
        scenario(defaults={"duration": 30}, events=[{"at": 5, "action": "update", "spec": {"parallelism": 3}}]),
        "1.37",
    )
    assert [p.created for p in result.pods] == [0, 5, 5, 31]  # the 4th after the first success's sync
    assert result.status["conditions"] == completed(62)


def test_an_update_after_the_job_finished_changes_nothing() -> None:
    result = simulate(job(), scenario(events=[{"at": 100, "action": "update", "spec": {"parallelism": 3}}]), "1.37")
    assert (result.outcome, len(result.pods)) == ("Complete", 1)
    assert result.notes == ["t=100: update of a finished Job: nothing changes"]


def test_cli_json_shows_restart_counts(tmp_path: Path) -> None:
    manifest = tmp_path / "job.yaml"
    manifest.write_text(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\nspec:\n  template:\n    spec:\n"
        "      restartPolicy: OnFailure\n      containers: [{name: main, image: busybox}]\n"
    )
    result = CliRunner().invoke(
        main, ["dry-run", str(manifest), "--scenario", str(SCENARIOS / "restart-in-place.yaml"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["pods"][0]["restartCounts"] == {"main": 2}
    assert data["status"]["succeeded"] == 1


def test_trials_over_the_new_fields_are_deterministic() -> None:
    from joblint.controller import run_trials

    chosen = scenario(defaults={"duration": 20, "failures": 1, "failProbability": 0.2})
    spec = job({"completions": 5, "parallelism": 2, "backoffLimit": 3}, restartPolicy="OnFailure")
    first = run_trials(spec, chosen, 40, "1.37", processes=1).to_dict()
    again = run_trials(spec, chosen, 40, "1.37", processes=1).to_dict()
    assert first == again
    # each pod restarts once in place; with 2 pods running, a third restart (a flaky run) fails the Job
    assert (first["complete"], first["failed"]) == (0.425, {"BackoffLimitExceeded": 0.575})
    assert first["podsCreated"]["max"] == 5
