"""Defaulting of Job and CronJob, as the API server does it on create."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from joblint.defaults import (
    PLACEHOLDER_UID,
    default_cronjob,
    default_job,
    default_pull_policy,
    image_tag,
)
from joblint.model import CronJob, Job


def job(spec: dict[str, Any] | None = None, meta: dict[str, Any] | None = None, **pod: Any) -> Job:
    template: dict[str, Any] = {"spec": {"containers": [{"name": "main", "image": "busybox:1.36"}], **pod}}
    body: dict[str, Any] = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": meta if meta is not None else {"name": "pi"},
        "spec": {"template": template, **(spec or {})},
    }
    return Job.model_validate(body)


def cronjob(job_spec: dict[str, Any] | None = None, **spec: Any) -> CronJob:
    return CronJob.model_validate(
        {
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "metadata": {"name": "nightly"},
            "spec": {
                "schedule": "0 3 * * *",
                "jobTemplate": {
                    "spec": {
                        "template": {"spec": {"containers": [{"name": "main", "image": "busybox"}]}},
                        **(job_spec or {}),
                    }
                },
                **spec,
            },
        }
    )


def dumped(obj: Job | CronJob) -> dict[str, Any]:
    return obj.dump()


# --- SetDefaults_Job -----------------------------------------------------------------------


def test_completions_and_parallelism_default_to_one() -> None:
    spec = default_job(job(), "1.37").spec
    assert spec is not None
    assert (spec.completions, spec.parallelism) == (1, 1)


def test_parallelism_defaults_to_one_when_only_completions_set() -> None:
    spec = default_job(job({"completions": 5}), "1.37").spec
    assert spec is not None
    assert (spec.completions, spec.parallelism) == (5, 1)


def test_completions_stay_unset_when_only_parallelism_set() -> None:
    spec = default_job(job({"parallelism": 3}), "1.37").spec
    assert spec is not None
    assert (spec.completions, spec.parallelism) == (None, 3)


def test_backoff_limit_defaults_to_six() -> None:
    assert default_job(job(), "1.37").spec.backoff_limit == 6  # type: ignore[union-attr]


def test_backoff_limit_is_max_int32_with_backoff_limit_per_index() -> None:
    j = job({"completionMode": "Indexed", "completions": 3, "backoffLimitPerIndex": 1})
    assert default_job(j, "1.37").spec.backoff_limit == 2147483647  # type: ignore[union-attr]


def test_completion_mode_defaults_to_non_indexed() -> None:
    assert default_job(job(), "1.37").spec.completion_mode == "NonIndexed"  # type: ignore[union-attr]


def test_suspend_defaults_to_false() -> None:
    assert default_job(job(), "1.37").spec.suspend is False  # type: ignore[union-attr]


def test_manual_selector_defaults_to_false() -> None:
    assert default_job(job(), "1.37").spec.manual_selector is False  # type: ignore[union-attr]


def test_pod_replacement_policy_defaults_to_terminating_or_failed() -> None:
    assert default_job(job(), "1.30").spec.pod_replacement_policy == "TerminatingOrFailed"  # type: ignore[union-attr]


def test_pod_replacement_policy_defaults_to_failed_with_pod_failure_policy() -> None:
    j = job({"podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]}})
    assert default_job(j, "1.37").spec.pod_replacement_policy == "Failed"  # type: ignore[union-attr]


def test_on_pod_conditions_status_defaults_to_true() -> None:
    j = job({"podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]}})
    out = dumped(default_job(j, "1.37"))
    assert out["spec"]["podFailurePolicy"]["rules"][0]["onPodConditions"] == [
        {"type": "DisruptionTarget", "status": "True"}
    ]


def test_job_without_labels_takes_template_labels_and_generated_ones() -> None:
    body = dumped(job())
    body["spec"]["template"]["metadata"] = {"labels": {"app": "pi"}}
    out = dumped(default_job(Job.model_validate(body), "1.37"))
    assert out["metadata"]["labels"] == {
        "app": "pi",
        "job-name": "pi",
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": PLACEHOLDER_UID,
        "batch.kubernetes.io/controller-uid": PLACEHOLDER_UID,
    }


def test_job_with_own_labels_keeps_them() -> None:
    body = dumped(job(meta={"name": "pi", "labels": {"team": "a"}}))
    body["spec"]["template"]["metadata"] = {"labels": {"app": "pi"}}
    out = dumped(default_job(Job.model_validate(body), "1.37"))
    assert out["metadata"]["labels"] == {"team": "a"}


def test_job_without_labels_gets_the_generated_ones_when_template_has_none() -> None:
    """Issue 17: generateSelector labels the template after decoding; SetDefaults_Job copies
    them onto the Job when the server reads it back (`kubectl get job pi -o yaml`)."""
    out = dumped(default_job(job(), "1.37"))
    assert out["metadata"]["labels"] == {
        "job-name": "pi",
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": PLACEHOLDER_UID,
        "batch.kubernetes.io/controller-uid": PLACEHOLDER_UID,
    }


def test_job_labels_stay_unset_when_template_has_none_and_selector_is_manual() -> None:
    out = dumped(default_job(job({"manualSelector": True, "selector": {"matchLabels": {"a": "b"}}}), "1.37"))
    assert "labels" not in out["metadata"]


# --- PrepareForCreate ----------------------------------------------------------------------


def test_generated_selector_and_template_labels() -> None:
    out = dumped(default_job(job(), "1.37"))
    assert out["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": PLACEHOLDER_UID}}
    assert out["spec"]["template"]["metadata"]["labels"] == {
        "job-name": "pi",
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": PLACEHOLDER_UID,
        "batch.kubernetes.io/controller-uid": PLACEHOLDER_UID,
    }


def test_user_template_label_values_are_kept() -> None:
    body = dumped(job())
    body["spec"]["template"]["metadata"] = {"labels": {"job-name": "other"}}
    out = dumped(default_job(Job.model_validate(body), "1.37"))
    assert out["spec"]["template"]["metadata"]["labels"]["job-name"] == "other"


def test_manual_selector_leaves_selector_and_labels_alone() -> None:
    j = job({"manualSelector": True, "selector": {"matchLabels": {"a": "b"}}})
    out = dumped(default_job(j, "1.37"))
    assert out["spec"]["selector"] == {"matchLabels": {"a": "b"}}
    assert "metadata" not in out["spec"]["template"]


def test_uid_is_placeholder_and_generation_one() -> None:
    out = dumped(default_job(job(meta={"name": "pi", "uid": "mine"}), "1.37"))
    assert out["metadata"]["uid"] == PLACEHOLDER_UID
    assert out["metadata"]["generation"] == 1


def test_status_is_cleared() -> None:
    body = dumped(job())
    body["status"] = {"active": 3}
    assert dumped(default_job(Job.model_validate(body), "1.37"))["status"] == {}


def test_generate_name_gets_a_stable_suffix() -> None:
    out = dumped(default_job(job(meta={"generateName": "pi-"}), "1.37"))
    assert out["metadata"]["name"] == "pi-xxxxx"
    assert out["spec"]["template"]["metadata"]["labels"]["job-name"] == "pi-xxxxx"


def test_input_is_not_modified() -> None:
    j = job()
    before = copy.deepcopy(dumped(j))
    default_job(j, "1.37")
    assert dumped(j) == before


@pytest.mark.parametrize(
    ("version", "kept"),
    [("1.30", False), ("1.31", True), ("1.37", True)],
)
def test_success_policy_dropped_while_gate_off(version: str, kept: bool) -> None:
    j = job({"completionMode": "Indexed", "completions": 3, "successPolicy": {"rules": [{"succeededCount": 1}]}})
    assert (default_job(j, version).spec.success_policy is not None) is kept  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("version", "kept"),
    [("1.30", False), ("1.31", False), ("1.32", True), ("1.37", True)],
)
def test_managed_by_dropped_while_gate_off(version: str, kept: bool) -> None:
    j = job({"managedBy": "example.com/queue"})
    assert (default_job(j, version).spec.managed_by is not None) is kept  # type: ignore[union-attr]


# --- Pod template defaults -----------------------------------------------------------------


def test_pod_spec_defaults() -> None:
    pod = dumped(default_job(job(), "1.37"))["spec"]["template"]["spec"]
    assert pod["restartPolicy"] == "Always"
    assert pod["dnsPolicy"] == "ClusterFirst"
    assert pod["schedulerName"] == "default-scheduler"
    assert pod["terminationGracePeriodSeconds"] == 30
    assert pod["securityContext"] == {}


def test_container_defaults() -> None:
    c = dumped(default_job(job(), "1.37"))["spec"]["template"]["spec"]["containers"][0]
    assert c["terminationMessagePath"] == "/dev/termination-log"
    assert c["terminationMessagePolicy"] == "File"
    assert c["imagePullPolicy"] == "IfNotPresent"


@pytest.mark.parametrize(
    ("image", "policy"),
    [
        ("busybox", "Always"),
        ("busybox:latest", "Always"),
        ("busybox:1.36", "IfNotPresent"),
        ("registry.example.com:5000/team/app", "Always"),
        ("busybox@sha256:" + "a" * 64, "IfNotPresent"),
        ("busybox:latest@sha256:" + "a" * 64, "Always"),
        ("Busybox", "IfNotPresent"),
        ("", "IfNotPresent"),
    ],
)
def test_image_pull_policy_default(image: str, policy: str) -> None:
    assert default_pull_policy(image) == policy


def test_image_tag_of_untagged_image_is_latest() -> None:
    assert image_tag("nginx") == "latest"


def test_port_protocol_defaults_to_tcp() -> None:
    j = job()
    j.spec.template.spec.containers[0].ports = [{"containerPort": 80}]  # type: ignore[union-attr,index]
    c = dumped(default_job(j, "1.37"))["spec"]["template"]["spec"]["containers"][0]
    assert c["ports"] == [{"containerPort": 80, "protocol": "TCP"}]


def test_env_field_ref_api_version_defaults_to_v1() -> None:
    body = dumped(job())
    body["spec"]["template"]["spec"]["containers"][0]["env"] = [
        {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}
    ]
    c = dumped(default_job(Job.model_validate(body), "1.37"))["spec"]["template"]["spec"]["containers"][0]
    assert c["env"][0]["valueFrom"]["fieldRef"] == {"fieldPath": "metadata.name", "apiVersion": "v1"}


def test_probe_defaults() -> None:
    body = dumped(job())
    body["spec"]["template"]["spec"]["containers"][0]["readinessProbe"] = {"httpGet": {"port": 8080}}
    c = dumped(default_job(Job.model_validate(body), "1.37"))["spec"]["template"]["spec"]["containers"][0]
    assert c["readinessProbe"] == {
        "httpGet": {"port": 8080, "path": "/", "scheme": "HTTP"},
        "timeoutSeconds": 1,
        "periodSeconds": 10,
        "successThreshold": 1,
        "failureThreshold": 3,
    }


def test_volume_without_source_becomes_empty_dir() -> None:
    body = dumped(job())
    body["spec"]["template"]["spec"]["volumes"] = [{"name": "scratch"}]
    v = dumped(default_job(Job.model_validate(body), "1.37"))["spec"]["template"]["spec"]["volumes"][0]
    assert v == {"name": "scratch", "emptyDir": {}}


def test_secret_volume_default_mode() -> None:
    body = dumped(job())
    body["spec"]["template"]["spec"]["volumes"] = [{"name": "s", "secret": {"secretName": "x"}}]
    v = dumped(default_job(Job.model_validate(body), "1.37"))["spec"]["template"]["spec"]["volumes"][0]
    assert v["secret"] == {"secretName": "x", "defaultMode": 420}


def test_init_container_defaults() -> None:
    body = dumped(job())
    body["spec"]["template"]["spec"]["initContainers"] = [{"name": "init", "image": "busybox"}]
    c = dumped(default_job(Job.model_validate(body), "1.37"))["spec"]["template"]["spec"]["initContainers"][0]
    assert c["imagePullPolicy"] == "Always"
    assert c["terminationMessagePolicy"] == "File"


# --- CronJob -------------------------------------------------------------------------------


def test_cronjob_spec_defaults() -> None:
    spec = dumped(default_cronjob(cronjob(), "1.37"))["spec"]
    assert spec["concurrencyPolicy"] == "Allow"
    assert spec["suspend"] is False
    assert spec["successfulJobsHistoryLimit"] == 3
    assert spec["failedJobsHistoryLimit"] == 1


def test_cronjob_job_template_gets_pod_defaults_only() -> None:
    job_spec = dumped(default_cronjob(cronjob(), "1.37"))["spec"]["jobTemplate"]["spec"]
    assert job_spec["template"]["spec"]["restartPolicy"] == "Always"
    assert job_spec["template"]["spec"]["containers"][0]["imagePullPolicy"] == "Always"
    for key in ("parallelism", "completions", "backoffLimit", "completionMode", "suspend", "selector"):
        assert key not in job_spec


def test_cronjob_job_template_pod_condition_status_default() -> None:
    cj = cronjob({"podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [{"type": "X"}]}]}})
    job_spec = dumped(default_cronjob(cj, "1.37"))["spec"]["jobTemplate"]["spec"]
    assert job_spec["podFailurePolicy"]["rules"][0]["onPodConditions"][0]["status"] == "True"


def test_cronjob_uid_generation_status() -> None:
    out = dumped(default_cronjob(cronjob(), "1.37"))
    assert out["metadata"]["uid"] == PLACEHOLDER_UID
    assert out["metadata"]["generation"] == 1
    assert out["status"] == {}


def test_cronjob_managed_by_kept_in_job_template_even_when_gate_off() -> None:
    cj = cronjob({"managedBy": "example.com/q"})
    out = dumped(default_cronjob(cj, "1.30"))
    assert out["spec"]["jobTemplate"]["spec"]["managedBy"] == "example.com/q"


def test_defaulting_leaves_the_written_object_alone() -> None:
    """Defaulting works on a copy: nothing of the object as written, down to free-form pod fields
    the model keeps as plain data, is shared with the stored one."""
    written = job(securityContext={"runAsUser": 1000, "seLinuxOptions": {"level": "s0"}}, hostAliases=[{"ip": "10.0.0.1"}])
    before = written.model_dump(by_alias=True)
    stored = default_job(written, "1.37")
    assert stored.spec is not None and stored.spec.template is not None and stored.spec.template.spec is not None
    pod = stored.spec.template.spec
    assert pod.security_context is not None and pod.model_extra is not None
    pod.security_context["seLinuxOptions"]["level"] = "changed"
    pod.model_extra["hostAliases"][0]["ip"] = "changed"
    assert written.model_dump(by_alias=True) == before
