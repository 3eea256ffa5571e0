"""Update checks: every change ValidateJobSpecUpdate / ValidateCronJobUpdate refuse, and the
changes they allow."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from joblint.catalogue import load
from joblint.update import cronjob_changes, job_changes


# A Job as stored (defaulted), in API JSON form.
STORED: dict[str, Any] = {
    "apiVersion": "batch/v1",
    "kind": "Job",
    "metadata": {"name": "work", "namespace": "default"},
    "spec": {
        "parallelism": 2,
        "completions": 4,
        "backoffLimit": 6,
        "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "00000000-0000-0000-0000-000000000000"}},
        "template": {
            "metadata": {"labels": {"app": "work"}},
            "spec": {
                "containers": [{"name": "work", "image": "registry.example.com/work:1.0"}],
                "restartPolicy": "Never",
            },
        },
        "completionMode": "NonIndexed",
        "suspend": False,
    },
}


def changed(**spec: Any) -> dict[str, Any]:
    out = copy.deepcopy(STORED)
    for key, value in spec.items():
        if value is None:
            out["spec"].pop(key, None)
        else:
            out["spec"][key] = value
    return out


def with_template(job: dict[str, Any], edit: Any) -> dict[str, Any]:
    out = copy.deepcopy(job)
    edit(out["spec"]["template"])
    return out


def fields(old: dict[str, Any], new: dict[str, Any], version: str = "1.37") -> list[str]:
    return [c.error.field for c in job_changes(old, new, version)]


IMMUTABLE = [
    ("completions", 8, "spec.completions: Invalid value: 8: field is immutable"),
    ("completionMode", "Indexed", None),
    ("selector", {"matchLabels": {"app": "work"}}, 'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"work"}'),
    ("podFailurePolicy", {"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}}]},
     "spec.podFailurePolicy: Invalid value: batch.PodFailurePolicy{...}: field is immutable"),
    ("backoffLimitPerIndex", 2, "spec.backoffLimitPerIndex: Invalid value: 2: field is immutable"),
    ("managedBy", "example.com/queue", 'spec.managedBy: Invalid value: "example.com/queue": field is immutable'),
    ("successPolicy", {"rules": [{"succeededCount": 1}]}, "spec.successPolicy: Invalid value: batch.SuccessPolicy{...}: field is immutable"),
]


@pytest.mark.parametrize("name,value,message", IMMUTABLE, ids=[c[0] for c in IMMUTABLE])
def test_each_immutable_field(name: str, value: Any, message: str | None) -> None:
    new = changed(**{name: value})
    changes = job_changes(STORED, new, "1.37")
    assert f"spec.{name}" in [c.error.field for c in changes]
    change = next(c for c in changes if c.error.field == f"spec.{name}")
    assert "field is immutable" in str(change.error) or name == "completions"
    if message:
        assert str(change.error).startswith(message)
    assert "delete the Job and create it again" in change.message
    # Removing the field is a change too.
    if name in STORED["spec"]:
        assert f"spec.{name}" in fields(STORED, changed(**{name: None}))


def test_template_is_immutable() -> None:
    new = with_template(STORED, lambda t: t["spec"]["containers"][0].update(image="registry.example.com/work:2.0"))
    (change,) = job_changes(STORED, new, "1.37")
    assert str(change.error) == "spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable"
    assert change.path == ("spec", "template", "spec", "containers", 0, "image")
    assert "spec.template.spec.containers[0].image" in change.message


@pytest.mark.parametrize(
    "name,value",
    [("parallelism", 5), ("activeDeadlineSeconds", 600), ("backoffLimit", 1), ("ttlSecondsAfterFinished", 60),
     ("suspend", True), ("maxFailedIndexes", None), ("podReplacementPolicy", "Failed")],
)
def test_mutable_fields(name: str, value: Any) -> None:
    assert fields(STORED, changed(**{name: value})) == []


def test_elastic_indexed_job_scales_completions_with_parallelism() -> None:
    old = changed(completionMode="Indexed", completions=4, parallelism=4)
    assert fields(old, changed(completionMode="Indexed", completions=8, parallelism=8)) == []
    (change,) = job_changes(old, changed(completionMode="Indexed", completions=8, parallelism=4), "1.37")
    assert str(change.error) == "spec.completions: Invalid value: 8: can only be modified in tandem with spec.parallelism"
    assert "set parallelism: 8" in change.message
    # NonIndexed: immutable even in tandem.
    assert fields(STORED, changed(completions=8, parallelism=8)) == ["spec.completions"]


SCHEDULING = [
    ("nodeSelector", lambda t: t["spec"].update(nodeSelector={"pool": "batch"})),
    ("tolerations", lambda t: t["spec"].update(tolerations=[{"key": "batch", "operator": "Exists"}])),
    ("schedulingGates", lambda t: t["spec"].update(schedulingGates=[{"name": "example.com/quota"}])),
    ("nodeAffinity", lambda t: t["spec"].update(affinity={"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [{"key": "pool", "operator": "In", "values": ["batch"]}]}]}}})),
    ("labels", lambda t: t["metadata"]["labels"].update(tier="batch")),
    ("annotations", lambda t: t["metadata"].update(annotations={"example.com/x": "y"})),
]


@pytest.mark.parametrize("name,edit", SCHEDULING, ids=[s[0] for s in SCHEDULING])
def test_scheduling_directives_change_only_while_suspended(name: str, edit: Any) -> None:
    running = STORED
    (change,) = job_changes(running, with_template(running, edit), "1.37")
    assert change.error.field == "spec.template" and "apply suspend: true first" in change.message
    suspended = changed(suspend=True)
    assert job_changes(suspended, with_template(suspended, edit), "1.37") == []


def test_suspended_job_still_refuses_other_template_changes() -> None:
    suspended = changed(suspend=True)
    pod_affinity = with_template(suspended, lambda t: t["spec"].update(affinity={"podAffinity": {"x": 1}}))
    assert fields(suspended, pod_affinity) == ["spec.template"]
    image = with_template(suspended, lambda t: t["spec"]["containers"][0].update(image="other"))
    (change,) = job_changes(suspended, image, "1.37")
    assert "delete the Job and create it again" in change.message
    # Clearing an affinity that held only node affinity is allowed.
    old = with_template(suspended, SCHEDULING[3][1])
    assert job_changes(old, suspended, "1.37") == []


def test_cronjob_spec_is_mutable_but_tz_and_time_zone_do_not_mix() -> None:
    old = {"kind": "CronJob", "spec": {"schedule": "CRON_TZ=UTC 0 3 * * *", "jobTemplate": {"spec": {"completions": 1}}}}
    new = copy.deepcopy(old)
    new["spec"]["jobTemplate"]["spec"]["completions"] = 5
    new["spec"]["schedule"] = "CRON_TZ=UTC 0 4 * * *"
    assert cronjob_changes(old, new, "1.37") == []
    new["spec"]["timeZone"] = "Europe/Paris"
    (change,) = cronjob_changes(old, new, "1.37")
    assert str(change.error).endswith("cannot use both timeZone field and TZ or CRON_TZ in schedule")


# --- whole manifests -----------------------------------------------------------------------------

OLD = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: render
spec:
  completions: 5
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: render
        image: registry.example.com/render:1.0
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox:1.36
"""


def cli(*args: str, **kwargs: Any):  # type: ignore[no-untyped-def]
    from joblint.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def test_diff_command(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD)
    new.write_text(OLD.replace("completions: 5", "completions: 6").replace("busybox:1.36", "busybox:1.37").replace("0 3 * * *", "0 4 * * *"))
    result = cli("diff", str(old), str(new))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{new}:6:16: JL030 error spec.completions: Invalid value: 6: field is immutable; " + lines[0].split("; ", 1)[1]
    assert lines[-1] == "Found 1 change the API server refuses on update."
    payload = json.loads(cli("diff", "--format", "json", str(old), str(new)).output)
    (finding,) = payload["findings"]
    assert finding["code"] == "JL030" and finding["field"] == "spec.completions"
    assert finding["object"]["name"] == "render" and finding["apiError"]["type"] == "Invalid value"
    same = cli("diff", str(old), str(old))
    assert same.exit_code == 0 and same.output == "No change the API server refuses on update.\n"


def test_defaults_are_compared_not_spelling(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD)
    new.write_text(OLD.replace("  completions: 5\n", "  completions: 5\n  completionMode: NonIndexed\n  parallelism: 1\n"))
    assert cli("diff", str(old), str(new)).exit_code == 0


RULE = {r.code: r for r in load()}["JL030"]


@pytest.mark.parametrize("label", ["bad", "good"])
def test_rule_examples_through_diff(tmp_path: Path, label: str) -> None:
    assert RULE is not None
    for text in RULE.details()["examples"][label]:
        old_text, new_text = text.split("\n---\n")
        (tmp_path / "old.yaml").write_text(old_text)
        (tmp_path / "new.yaml").write_text(new_text)
        result = cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
        assert ("JL030" in result.output) == (label == "bad"), result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_lint_against_a_git_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "ci@example.com")
    git("config", "user.name", "CI")
    manifest = tmp_path / "jobs.yaml"
    manifest.write_text(OLD)
    git("add", "jobs.yaml")
    git("commit", "-q", "-m", "jobs")
    monkeypatch.chdir(tmp_path)
    clean = cli("lint", "--format", "json", "--against", "HEAD", "jobs.yaml")
    assert not [f for f in json.loads(clean.output)["findings"] if f["code"] == "JL030"]
    manifest.write_text(OLD.replace("      restartPolicy: Never\n      containers:", "      restartPolicy: OnFailure\n      containers:", 1))
    result = cli("lint", "--format", "json", "--against", "HEAD", "jobs.yaml")
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "JL030"]
    assert [f["field"] for f in found] == ["spec.template"] and found[0]["line"] == 9
    assert result.exit_code == 1
    unknown = cli("lint", "--against", "no-such-rev", "jobs.yaml")
    assert unknown.exit_code == 2
