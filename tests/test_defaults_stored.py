"""`joblint defaults`: the object as `kubectl get -o yaml` shows it (issue 17, issue 11 part 2)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from joblint.cli import main
from joblint.defaults import PLACEHOLDER_UID
from joblint.stored import server_form, sort_keys

from .conftest import ROOT

VALID = ROOT / "fixtures" / "valid"
GENERATED = {
    "batch.kubernetes.io/controller-uid": PLACEHOLDER_UID,
    "batch.kubernetes.io/job-name": "pi",
    "controller-uid": PLACEHOLDER_UID,
    "job-name": "pi",
}


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def stored_json(text: str, *args: str) -> Any:
    result = run("defaults", "--format", "json", *args, "-", input=text)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


JOB = """apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34.0
"""


# --- issue 17 (1): the generated labels on a Job without labels ---------------------------------


def test_pi_job_shows_the_four_generated_labels() -> None:
    """The Job documentation's `kubectl describe job pi`: the registry's generateSelector
    labels the template, and SetDefaults_Job copies them onto the Job when it is read back."""
    result = run("defaults", "--format", "json", str(VALID / "pi.yaml"))
    assert result.exit_code == 0, result.output
    job = json.loads(result.output)
    assert job["metadata"]["labels"] == GENERATED
    assert job["spec"]["template"]["metadata"]["labels"] == GENERATED


def test_pi_job_yaml_lists_labels_under_metadata() -> None:
    """`joblint defaults fixtures/valid/pi.yaml`, as the issue asks, in YAML."""
    text = run("defaults", str(VALID / "pi.yaml")).output
    head = text.split("spec:", 1)[0]
    assert "  labels:\n" in head
    for key, value in GENERATED.items():
        assert f"    {key}: {value}\n" in head


def test_job_with_labels_of_its_own_keeps_them() -> None:
    """SetDefaults_Job copies the template's labels only onto a Job with none."""
    job = stored_json(JOB.replace("metadata: {name: pi}", "metadata: {name: pi, labels: {team: a}}"))
    assert job["metadata"]["labels"] == {"team": "a"}


def test_job_name_too_long_for_a_label_adds_no_metadata_label_error() -> None:
    """A generated label value the server refuses fails the create: the error is the template's
    (as the server reports it), not repeated under the Job's own metadata.labels."""
    name = "x" * 64
    result = run("lint", "--format", "json", "-", input=JOB.replace("name: pi}", f"name: {name}}}"))
    messages = [f["message"] for f in json.loads(result.output)["findings"]]
    assert not any(m.startswith("metadata.labels") for m in messages), messages


def test_cronjob_dry_run_job_gets_the_generated_labels() -> None:
    """The Jobs a CronJob creates are read back like any Job: their labels are the generated
    ones when the job template has none (dryrun.job_to_run)."""
    from joblint.analysis import analyze
    from joblint.dryrun import Picked, job_to_run
    from joblint.source import read_path

    text = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: '0 3 * * *'\n"
        "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
        "          containers: [{name: a, image: busybox:1.36}]\n"
    )
    analysis = analyze(read_path("c.yaml", stdin=text.encode()).documents[0], "1.37")
    job = job_to_run(Picked("c.yaml", analysis, []), "1.37")
    labels = job["metadata"]["labels"]
    assert set(labels) == set(GENERATED)
    assert labels["job-name"] == job["metadata"]["name"]


# --- issue 17 (2): quantities in their stored form -----------------------------------------------


def test_stored_quantities_are_canonical_and_rounded() -> None:
    """TestSetMinimumScalePod (`1n` -> `1m`) and Quantity.String (`0.5Gi` -> `512Mi`, `1000m` -> `1`)
    in the printed object."""
    text = JOB.replace(
        "image: perl:5.34.0\n",
        "image: perl:5.34.0\n        resources:\n          requests: {cpu: 1n, memory: 0.5Gi}\n          limits: {cpu: 1000m, memory: 1Gi}\n",
    )
    c = stored_json(text)["spec"]["template"]["spec"]["containers"][0]
    assert c["resources"] == {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1m", "memory": "512Mi"}}


def test_stored_quantities_in_yaml_are_strings() -> None:
    """A quantity written as a YAML number is stored (and printed) as a string, as kubectl shows it."""
    text = JOB.replace("image: perl:5.34.0\n", "image: perl:5.34.0\n        resources: {limits: {cpu: 2}}\n")
    out = run("defaults", "-", input=text).output
    assert "          cpu: \"2\"\n" in out


def test_empty_dir_size_limit_canonical_in_output() -> None:
    text = JOB.replace("      restartPolicy: Never\n", "      restartPolicy: Never\n      volumes: [{name: s, emptyDir: {sizeLimit: 0.5Gi}}]\n")
    assert stored_json(text)["spec"]["template"]["spec"]["volumes"][0] == {"name": "s", "emptyDir": {"sizeLimit": "512Mi"}}


# --- the server's JSON encoding -------------------------------------------------------------------


def test_template_creation_timestamp_null_and_container_resources_empty() -> None:
    """`kubectl get job -o yaml` shows `creationTimestamp: null` in the template metadata and
    `resources: {}` on a container without resources (struct values encoding/json always writes)."""
    job = stored_json(JOB)
    template = job["spec"]["template"]
    assert list(template["metadata"]) == ["creationTimestamp", "labels"]
    assert template["metadata"]["creationTimestamp"] is None
    c = template["spec"]["containers"][0]
    assert c["resources"] == {}
    assert list(c)[:3] == ["name", "image", "resources"]


def test_init_container_resources_empty() -> None:
    text = JOB.replace("      containers:\n", "      initContainers: [{name: init, image: busybox:1.36}]\n      containers:\n")
    assert stored_json(text)["spec"]["template"]["spec"]["initContainers"][0]["resources"] == {}


def test_yaml_output_shows_null_and_empty_resources() -> None:
    out = run("defaults", "-", input=JOB).output
    assert "    metadata:\n      creationTimestamp: null\n" in out
    assert "        resources: {}\n" in out


def test_cronjob_job_template_metadata_creation_timestamps() -> None:
    """`kubectl get cronjob -o yaml`: both the job template and its pod template carry
    `metadata: {creationTimestamp: null}`."""
    text = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '* * * * *'\n"
        "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
        "          containers: [{name: a, image: busybox:1.36}]\n"
    )
    cj = stored_json(text)
    assert list(cj["spec"]["jobTemplate"]) == ["metadata", "spec"]
    assert cj["spec"]["jobTemplate"]["metadata"] == {"creationTimestamp": None}
    assert cj["spec"]["jobTemplate"]["spec"]["template"]["metadata"] == {"creationTimestamp": None}


def test_manual_selector_template_gets_metadata_with_null_timestamp() -> None:
    obj = {"kind": "Job", "spec": {"manualSelector": True, "template": {"spec": {"containers": [{"name": "a"}]}}}}
    out = server_form(obj)
    assert list(out["spec"]["template"]) == ["metadata", "spec"]
    assert out["spec"]["template"]["metadata"] == {"creationTimestamp": None}
    assert "metadata" not in obj["spec"]["template"], "the shared stored dict is left alone"


def test_resource_field_ref_divisor_zero_and_ephemeral_claim_template() -> None:
    """A resourceFieldRef without divisor is written `divisor: "0"` (a Quantity value); an
    ephemeral claim template shows `metadata: {creationTimestamp: null}` and `resources: {}`."""
    obj = {"kind": "Job", "spec": {"template": {"metadata": {}, "spec": {
        "containers": [{"name": "a", "env": [{"name": "C", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}}]}],
        "volumes": [
            {"name": "d", "downwardAPI": {"items": [{"path": "c", "resourceFieldRef": {"containerName": "a", "resource": "limits.cpu"}}]}},
            {"name": "e", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem"}}}},
        ],
    }}}}
    pod = server_form(obj)["spec"]["template"]["spec"]
    assert pod["containers"][0]["env"][0]["valueFrom"]["resourceFieldRef"] == {"resource": "limits.cpu", "divisor": "0"}
    assert pod["volumes"][0]["downwardAPI"]["items"][0]["resourceFieldRef"]["divisor"] == "0"
    claim = pod["volumes"][1]["ephemeral"]["volumeClaimTemplate"]
    assert claim == {"metadata": {"creationTimestamp": None}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {}, "volumeMode": "Filesystem"}}
    assert list(claim["spec"]) == ["accessModes", "resources", "volumeMode"]


def test_preferred_node_affinity_term_preference_empty() -> None:
    obj = {"kind": "Job", "spec": {"template": {"spec": {"affinity": {"nodeAffinity": {
        "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1}]}}}}}}
    terms = server_form(obj)["spec"]["template"]["spec"]["affinity"]["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
    assert terms == [{"weight": 1, "preference": {}}]


# --- --sort-keys ------------------------------------------------------------------------------


def test_default_output_keeps_the_server_field_order() -> None:
    out = run("defaults", str(VALID / "pi.yaml")).output
    assert out.startswith("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\n")


def test_sort_keys_yaml_through_the_cli() -> None:
    """`--sort-keys`: every mapping sorted as `kubectl get -o yaml` prints it."""
    result = run("defaults", "--sort-keys", str(VALID / "pi.yaml"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:4] == ["apiVersion: batch/v1", "kind: Job", "metadata:", "  generation: 1"]
    top = [line.split(":")[0] for line in lines if line and not line.startswith((" ", "-"))]
    assert top == ["apiVersion", "kind", "metadata", "spec", "status"]
    spec_keys = [line.strip().split(":")[0] for line in lines if line.startswith("  ") and not line.startswith("   ")]
    assert spec_keys[spec_keys.index("backoffLimit"):] == sorted(spec_keys[spec_keys.index("backoffLimit"):])
    assert "    metadata:\n      creationTimestamp: null\n      labels:\n        batch.kubernetes.io/controller-uid:" in result.output


def test_sort_keys_json_through_the_cli() -> None:
    result = run("defaults", "--sort-keys", "--format", "json", str(VALID / "pi.yaml"))
    job = json.loads(result.output)
    assert list(job) == sorted(job)
    c = job["spec"]["template"]["spec"]["containers"][0]
    assert list(c) == sorted(c)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        # go-yaml v2 (kubectl -o yaml): runs of digits by value, letters after other characters
        (["a10", "a9", "a1"], ["a1", "a9", "a10"]),
        (["a_b", "aB", "ab"], ["a_b", "aB", "ab"]),
        (["job-name", "controller-uid", "batch.kubernetes.io/job-name"], ["batch.kubernetes.io/job-name", "controller-uid", "job-name"]),
        (["x", "x1", "x-"], ["x", "x-", "x1"]),
    ],
)
def test_sort_keys_yaml_order(keys: list[str], expected: list[str]) -> None:
    assert list(sort_keys({k: 1 for k in keys}, "yaml")) == expected


def test_sort_keys_json_is_byte_order() -> None:
    """encoding/json (kubectl -o json) sorts map keys byte-wise."""
    assert list(sort_keys({"a10": 1, "a9": 1, "a_b": 1, "aB": 1}, "json")) == ["a10", "a9", "aB", "a_b"]


# --- scalars as kubectl (go-yaml v2) writes them ----------------------------------------------


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("2", 'v: "2"'), ("", 'v: ""'), ("yes", 'v: "yes"'), ("off", 'v: "off"'), ("null", 'v: "null"'),
        ("1_000", 'v: "1_000"'), ("0x1F", 'v: "0x1F"'), ("1.5e3", 'v: "1.5e3"'), ("1:20", 'v: "1:20"'),
        ("2026-01-01", 'v: "2026-01-01"'), ("089", 'v: "089"'), (".5", 'v: ".5"'), ("~", 'v: "~"'),
        ("abc", "v: abc"), ("1Gi", "v: 1Gi"), ("* * * * *", "v: '* * * * *'"), ("-", "v: '-'"),
    ],
)
def test_kubectl_scalar_quoting(value: str, line: str) -> None:
    """go-yaml v2 writes a string that would read back as null, a bool or a number (resolve.go)
    double-quoted; one the plain style cannot hold, single-quoted."""
    from joblint.stored import dump_kubectl_yaml

    assert dump_kubectl_yaml({"v": value}) == line + "\n"


def test_kubectl_multiline_string_is_a_literal_block() -> None:
    from joblint.stored import dump_kubectl_yaml

    assert dump_kubectl_yaml({"v": "a\nb\n"}) == "v: |\n  a\n  b\n"


def test_kubectl_folds_long_strings_only_with_sort_keys() -> None:
    """kubectl keeps go-yaml v2's 80-column folding; the default output does not fold."""
    words = " ".join(["word"] * 30)
    text = JOB.replace("image: perl:5.34.0\n", f"image: perl:5.34.0\n        args: [\"{words}\"]\n")
    plain = run("defaults", "-", input=text).output
    assert f"        - {words}\n" in plain
    folded = run("defaults", "--sort-keys", "-", input=text).output
    assert f"        - {words}\n" not in folded
    assert max(len(line) for line in folded.splitlines() if "word" in line) <= 86


def test_fields_without_omitempty_are_written_when_zero() -> None:
    """Go fields with no omitempty are always in the server's JSON: an HTTP header's `value`, a
    sleep action's `seconds`, an iSCSI `lun`, a sysctl's `value`, projected `sources`."""
    obj = {"kind": "Job", "spec": {"template": {"metadata": {}, "spec": {
        "securityContext": {"sysctls": [{"name": "kernel.shm_rmid_forced"}]},
        "containers": [{
            "name": "a",
            "livenessProbe": {"httpGet": {"port": 80, "httpHeaders": [{"name": "X-Probe"}]}},
            "lifecycle": {"preStop": {"sleep": {}}, "postStart": {"httpGet": {"port": 80, "httpHeaders": [{"name": "X", "value": "1"}]}}},
        }],
        "volumes": [
            {"name": "i", "iscsi": {"targetPortal": "t:3260", "iqn": "iqn.2001-04.com.example:s", "iscsiInterface": "default"}},
            {"name": "p", "projected": {"defaultMode": 420}},
        ],
    }}}}
    pod = server_form(obj)["spec"]["template"]["spec"]
    c = pod["containers"][0]
    assert c["livenessProbe"]["httpGet"]["httpHeaders"] == [{"name": "X-Probe", "value": ""}]
    assert c["lifecycle"]["preStop"] == {"sleep": {"seconds": 0}}
    assert c["lifecycle"]["postStart"]["httpGet"]["httpHeaders"] == [{"name": "X", "value": "1"}]
    assert pod["securityContext"]["sysctls"] == [{"name": "kernel.shm_rmid_forced", "value": ""}]
    assert list(pod["volumes"][0]["iscsi"]) == ["targetPortal", "iqn", "lun", "iscsiInterface"]
    assert pod["volumes"][0]["iscsi"]["lun"] == 0
    assert pod["volumes"][1]["projected"] == {"sources": None, "defaultMode": 420}
