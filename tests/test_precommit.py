"""The pre-commit hooks, run by a real `pre-commit run --all-files` in a temporary git repository.

The hooks of .pre-commit-hooks.yaml are copied into a `repo: local` configuration with
`language: system` and this checkout's joblint as the entry, so nothing is fetched.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from joblint.kubeyaml import Converter, compose_all

from .conftest import ROOT


def _pre_commit() -> list[str] | None:
    beside = Path(sys.executable).with_name("pre-commit")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("pre-commit")
    if found:
        return [found]
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    return None


PRE_COMMIT = _pre_commit()
needs_tools = [
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

GOOD = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34.0
"""
BAD = """\
# restartPolicy is missing: the server defaults it to Always and refuses the Job
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
      - name: migrate
        image: registry.example.com/migrate:1.0
"""


def hooks() -> list[dict]:
    nodes = compose_all((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    data = Converter().convert(nodes[0])
    assert isinstance(data, list)
    return data


def joblint_command() -> str:
    script = Path(sys.executable).with_name("joblint")
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m joblint"


def local_config() -> str:
    lines = ["repos:", "- repo: local", "  hooks:"]
    for hook in hooks():
        entry = hook["entry"]
        assert entry.startswith("joblint ")
        lines += [
            f"  - id: {hook['id']}",
            f"    name: {hook['name']}",
            f"    entry: {joblint_command()} {entry[len('joblint '):]}",
            "    language: system",
            f"    types: [{', '.join(hook['types'])}]",
            "    files: ^manifests/",
            f"    require_serial: {'true' if hook.get('require_serial') else 'false'}",
        ]
    return "\n".join(lines) + "\n"


def test_hook_definitions() -> None:
    by_id = {h["id"]: h for h in hooks()}
    assert set(by_id) == {"joblint", "joblint-fix"}
    assert by_id["joblint"]["entry"] == "joblint lint --only-manifests"
    assert by_id["joblint-fix"]["entry"] == "joblint lint --fix --only-manifests"
    for hook in by_id.values():
        assert hook["language"] == "python" and hook["types"] == ["yaml"]


@needs_tools[0]
@needs_tools[1]
def test_pre_commit_run_all_files(tmp_path: Path) -> None:
    assert PRE_COMMIT is not None
    repo = tmp_path / "repo"
    (repo / "manifests").mkdir(parents=True)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "NO_COLOR": "1",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=repo, env=env, capture_output=True, text=True, timeout=300)

    assert run("git", "init", "-q").returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(local_config())
    (repo / "manifests" / "good.yaml").write_text(GOOD)
    (repo / "manifests" / "bad.yaml").write_text(BAD)
    assert run("git", "add", ".").returncode == 0

    lint = run(*PRE_COMMIT, "run", "joblint", "--all-files", "--color", "never")
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert "bad.yaml:" in lint.stdout and "JL001" in lint.stdout and "good.yaml:" not in lint.stdout
    assert (repo / "manifests" / "bad.yaml").read_text() == BAD  # the lint hook changes nothing

    fix = run(*PRE_COMMIT, "run", "joblint-fix", "--all-files", "--color", "never")
    assert fix.returncode == 1, fix.stdout + fix.stderr  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in fix.stdout
    assert (repo / "manifests" / "bad.yaml").read_text() == BAD + "      restartPolicy: Never\n"
    assert (repo / "manifests" / "good.yaml").read_text() == GOOD

    assert run("git", "add", ".").returncode == 0
    clean = run(*PRE_COMMIT, "run", "--all-files", "--color", "never")
    assert clean.returncode == 0, clean.stdout + clean.stderr
