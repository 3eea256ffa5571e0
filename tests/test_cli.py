"""The command line as a user meets it: exit codes, the JSON contract, text output, stdin."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from joblint.cli import main

from .conftest import ROOT

VALID = ROOT / "fixtures" / "valid"
INVALID = ROOT / "fixtures" / "invalid"


def run(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_valid_fixtures_pass_with_no_error() -> None:
    result = run("lint", "--format", "json", str(VALID))
    payload = json.loads(result.output)
    errors = [f for f in payload["findings"] if f["severity"] in ("error", "warning")]
    assert errors == [], errors
    assert result.exit_code == 0
    assert payload["files"] == len(list(VALID.glob("*.yaml")))


def test_json_contract_for_restart_policy() -> None:
    result = run("lint", "--format", "json", str(INVALID / "restart-policy-always.yaml"))
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert set(payload) == {"joblint", "kubernetesVersion", "files", "documents", "findings"}
    assert payload["kubernetesVersion"] == "1.37" and payload["files"] == 1 and payload["documents"] == 1
    (finding,) = [f for f in payload["findings"] if f["code"] == "JL001"]
    assert finding == {
        "code": "JL001",
        "name": "restart-policy-unsupported",
        "severity": "error",
        "message": 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
        "file": str(INVALID / "restart-policy-always.yaml"),
        "line": 8,
        "column": 22,
        "document": 0,
        "object": {"apiVersion": "batch/v1", "kind": "Job", "namespace": "default", "name": "migrate"},
        "field": "spec.template.spec.restartPolicy",
        "apiError": {"type": "Required value", "field": "spec.template.spec.restartPolicy"},
    }


def test_text_output_and_summary() -> None:
    result = run("lint", "--no-color", str(INVALID / "restart-policy-always.yaml"))
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{INVALID / 'restart-policy-always.yaml'}:8:22: JL001 error spec.template.spec.restartPolicy: ")
    assert lines[-1].startswith("Found 1 error") and lines[-1].endswith("in 1 file (1 document).")


def test_yaml_1_1_scalars_are_type_errors() -> None:
    result = run("lint", "--format", "json", str(INVALID / "yaml-1.1-scalars.yaml"))
    found = {(f["code"], f["line"]) for f in json.loads(result.output)["findings"]}
    assert ("JL004", 16) in found  # value: no is a boolean where a string belongs
    assert not any(code == "JL004" and line == 7 for code, line in found)  # suspend: yes is fine


def test_unknown_fields_point_at_the_key() -> None:
    result = run("lint", "--format", "json", str(INVALID / "unknown-field.yaml"))
    found = [(f["code"], f["line"], f["column"], f["message"]) for f in json.loads(result.output)["findings"] if f["code"] == "JL003"]
    assert found == [
        ("JL003", 6, 3, 'unknown field "spec.backofLimit"'),
        ("JL003", 13, 9, 'unknown field "spec.template.spec.containers[0].imagePullPolicyy"'),
    ]


def test_stdin() -> None:
    text = (INVALID / "restart-policy-always.yaml").read_text()
    result = run("lint", "--format", "json", "-", input=text)
    (finding,) = [f for f in json.loads(result.output)["findings"] if f["code"] == "JL001"]
    assert finding["file"] == "-"


def test_missing_path_is_exit_2_and_others_still_linted() -> None:
    result = CliRunner().invoke(main, ["lint", "--format", "json", "nope.yaml", str(INVALID / "restart-policy-always.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml: no such file or directory" in result.stderr
    assert json.loads(result.stdout)["files"] == 1


def test_syntax_error_does_not_hide_other_files() -> None:
    result = run("lint", "--format", "json", str(INVALID / "syntax-error.yaml"), str(INVALID / "restart-policy-always.yaml"))
    found = {(Path(f["file"]).name, f["code"]) for f in json.loads(result.output)["findings"]}
    assert ("syntax-error.yaml", "JL908") in found and ("restart-policy-always.yaml", "JL001") in found


def test_unknown_version_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["lint", "--kubernetes-version", "1.12", str(VALID)])
    assert result.exit_code == 2
    assert "joblint knows 1.30 to 1.37" in result.stderr


@pytest.mark.parametrize("args,code", [(["--select", "JL003"], {"JL003"}), (["--ignore", "JL003"], {"JL001"})])
def test_select_and_ignore(args: list[str], code: set[str]) -> None:
    text = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec:\n  bogus: 1\n  template:\n    spec:\n      containers: [{name: a, image: b}]\n"
    result = run("lint", "--format", "json", *args, "-", input=text)
    assert {f["code"] for f in json.loads(result.output)["findings"]} == code


def test_defaults_command() -> None:
    result = run("defaults", "--format", "json", str(VALID / "pi.yaml"))
    assert result.exit_code == 0, result.output
    job = json.loads(result.output)
    assert job["spec"]["completions"] == 1 and job["spec"]["parallelism"] == 1
    assert job["spec"]["backoffLimit"] == 4
    assert job["spec"]["completionMode"] == "NonIndexed" and job["spec"]["suspend"] is False
    assert job["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": "00000000-0000-0000-0000-000000000000"}}


def test_rules_and_explain() -> None:
    table = run("rules").output
    assert "JL001" in table and "restart-policy-unsupported" in table
    text = run("explain", "JL001").output
    assert text.startswith("JL001 restart-policy-unsupported (error)") and "How to fix" in text
    assert run("explain", "restart-policy-unsupported").output == text
    assert CliRunner().invoke(main, ["explain", "JL777"]).exit_code == 2


def test_show_source_and_statistics() -> None:
    result = run("lint", "--no-color", "--show-source", "--statistics", str(INVALID / "restart-policy-always.yaml"))
    assert "    8 |       restartPolicy: Always" in result.output
    assert "JL001  restart-policy-unsupported" in result.output


def test_only_manifests_skips_other_yaml(tmp_path: Path) -> None:
    """A hook sees every YAML file; with --only-manifests a file with no Kubernetes object at all
    is not joblint's business, while a manifest missing only its kind still is."""
    (tmp_path / "workflow.yaml").write_text("on: push\njobs: {}\n")
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    (tmp_path / "half.yaml").write_text("apiVersion: batch/v1\nmetadata: {name: a}\n")
    named = [str(tmp_path / n) for n in ("half.yaml", "list.yaml", "workflow.yaml")]
    plain = json.loads(run("lint", "--format", "json", *named).output)
    assert sorted(Path(f["file"]).name for f in plain["findings"]) == ["half.yaml", "list.yaml", "workflow.yaml"]
    # A directory walk passes over them by itself.
    walked = json.loads(run("lint", "--format", "json", str(tmp_path)).output)
    assert [Path(f["file"]).name for f in walked["findings"]] == ["half.yaml"]
    assert walked["filesWithoutObjects"] == 2
    result = run("lint", "--format", "json", "--only-manifests", *named)
    findings = json.loads(result.output)["findings"]
    assert [(Path(f["file"]).name, f["code"], f["message"]) for f in findings] == [("half.yaml", "JL907", "Object 'Kind' is missing")]


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    """`joblint lint DIR | head -1`: the closed pipe ends the run quietly, with no traceback."""
    import subprocess

    job = (
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j{n}\nspec:\n  template:\n    spec:\n"
        "      restartPolicy: Always\n      containers: [{{name: main, image: 'busybox:1.36'}}]\n"
    )
    (tmp_path / "many.yaml").write_text("---\n".join(job.format(n=n) for n in range(1500)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "joblint", "lint", "--no-cache", str(tmp_path / "many.yaml")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 1
    assert b"Error" not in stderr and b"Traceback" not in stderr, stderr
