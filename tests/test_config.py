"""Configuration files and the three kinds of suppression, end to end through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from joblint.cli import main
from joblint.config import ConfigError, find_config, load_config

JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: a
spec:
  bogus: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: a, image: b}]
"""


def lint_json(tmp_path: Path, *args: str) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["lint", "--format", "json", *args])
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output + str(result.stderr)
    return result.exit_code, json.loads(result.stdout)["findings"]


def test_unknown_key_names_file_and_line(tmp_path: Path) -> None:
    cfg = tmp_path / ".joblint.yaml"
    cfg.write_text("select: [JL0]\nsellect: [JL1]\n")
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert f"{cfg}:2:1: unknown configuration key 'sellect'" in str(info.value)
    result = CliRunner().invoke(main, ["lint", "--config", str(cfg), "x.yaml"])
    assert result.exit_code == 2 and "sellect" in result.stderr


def test_found_upward_and_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.joblint]\nkubernetes-version = "1.31"\nignore = ["JL003"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(sub) == tmp_path / "pyproject.toml"
    config = load_config(find_config(sub))
    assert config.kubernetes_version == "1.31" and config.ignore == ["JL003"]


def test_config_ignore_and_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "a.yaml").write_text(JOB)
    (tmp_path / "other.yaml").write_text(JOB)
    (tmp_path / ".joblint.yaml").write_text("per-file-ignores:\n  'jobs/*.yaml': [JL003]\n")
    _, findings = lint_json(tmp_path, "jobs/a.yaml", "other.yaml")
    assert [(f["file"], f["code"]) for f in findings if f["code"] == "JL003"] == [("other.yaml", "JL003")]


def test_comment_suppression_and_unused(tmp_path: Path) -> None:
    text = JOB.replace("  bogus: 1\n", "  bogus: 1  # joblint: ignore[JL003]\n")
    text = text.replace("metadata:\n", "metadata:  # joblint: ignore[JL006]\n")
    (tmp_path / "a.yaml").write_text(text)
    code, findings = lint_json(tmp_path, "a.yaml")
    assert [(f["code"], f["line"]) for f in findings] == [("JL910", 3)]
    assert "unused suppression comment: JL006" in findings[0]["message"]


def test_comment_on_the_line_above(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(JOB.replace("  bogus: 1\n", "  # joblint: ignore[JL003]\n  bogus: 1\n"))
    code, findings = lint_json(tmp_path, "a.yaml")
    assert findings == [] and code == 0


def test_annotation_suppression_and_unused(tmp_path: Path) -> None:
    text = JOB.replace("  name: a\n", "  name: a\n  annotations:\n    joblint.dev/ignore: 'JL003,JL001: legacy field kept for the old controller'\n")
    (tmp_path / "a.yaml").write_text(text)
    _, findings = lint_json(tmp_path, "a.yaml")
    assert [(f["code"], f["line"]) for f in findings] == [("JL910", 6)]
    assert "JL001" in findings[0]["message"]


def test_severity_override_and_fail_level(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(JOB)
    (tmp_path / ".joblint.yaml").write_text("severity: {JL003: info}\nfail-level: warning\n")
    code, findings = lint_json(tmp_path, "a.yaml")
    assert [(f["code"], f["severity"]) for f in findings] == [("JL003", "info")]
    assert code == 0


def test_environment_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBLINT_KUBERNETES_VERSION", "v1.33")
    assert load_config(None).kubernetes_version == "1.33"
    monkeypatch.setenv("JOBLINT_KUBERNETES_VERSION", "2.0")
    with pytest.raises(ConfigError):
        load_config(None)
