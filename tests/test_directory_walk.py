"""A directory walk passes over YAML files that hold no Kubernetes object (issue: the README's
first command reported the dry-run scenario files under fixtures/ as JL907)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from joblint.cli import main

JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: migrate:1.2
"""
HELM_VALUES = "replicaCount: 2\nimage:\n  repository: nginx\n  tag: stable\n"
SCENARIO = "defaults:\n  duration: 30s\n  outcome: succeed\n"


def _lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", "--no-cache", *args])
    return result.exit_code, result.output


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "job.yaml").write_text(JOB)
    (tmp_path / "k8s" / "values.yaml").write_text(HELM_VALUES)
    (tmp_path / "k8s" / "scenario.yml").write_text(SCENARIO)
    return tmp_path / "k8s"


def test_walk_skips_files_without_objects_and_counts_them(tmp_path: Path) -> None:
    code, out = _lint(str(_repo(tmp_path)))
    assert code == 0, out
    assert "JL907" not in out
    assert out.splitlines()[-2:] == [
        "Found no problems in 3 files (3 documents).",
        "2 YAML files hold no Kubernetes object (skipped).",
    ]


def test_walk_count_in_json(tmp_path: Path) -> None:
    code, out = _lint("--format", "json", str(_repo(tmp_path)))
    report = json.loads(out)
    assert report["filesWithoutObjects"] == 2
    assert report["findings"] == []


def test_json_without_skipped_files_has_no_count(tmp_path: Path) -> None:
    (tmp_path / "job.yaml").write_text(JOB)
    _, out = _lint("--format", "json", str(tmp_path))
    assert "filesWithoutObjects" not in json.loads(out)


def test_a_file_named_explicitly_is_still_reported(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    code, out = _lint(str(repo / "values.yaml"))
    assert code == 1
    assert f"{repo / 'values.yaml'}:1:1: JL907 error Object 'Kind' is missing" in out


def test_a_document_with_a_kind_but_no_api_version_is_reported_in_a_walk(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "half.yaml").write_text("kind: Job\nmetadata:\n  name: x\n")
    code, out = _lint(str(repo))
    assert code == 1
    assert "half.yaml:1:1: JL907 error Object 'apiVersion' is missing" in out


def test_a_broken_file_in_a_walk_is_still_reported(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "broken.yaml").write_text("a: [1, 2\n")
    code, out = _lint(str(repo))
    assert code == 1
    assert "JL908" in out


def test_readme_first_command_reports_only_real_findings() -> None:
    root = Path(__file__).resolve().parent.parent
    code, out = _lint(str(root / "fixtures"))
    assert "fixtures/scenarios" not in out
    assert "JL907" not in out
