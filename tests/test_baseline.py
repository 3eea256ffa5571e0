"""`joblint lint --write-baseline / --baseline / --prune-baseline`: only new findings fail a run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from joblint.baseline import Baseline, BaselineError, Entry, build, dumps, load
from joblint.cli import main
from joblint.findings import Finding

ALWAYS = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
      - name: migrate
        image: registry.example.com/migrate:1.0
"""

# A second Job whose only problem is an unknown field.
UNKNOWN = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: other
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: other
        image: registry.example.com/other:1.0
        imagePullPolice: Always
"""


def run(*args: str, cwd: Path):  # type: ignore[no-untyped-def]
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def codes(output: str) -> list[str]:
    return sorted(f["code"] for f in json.loads(output)["findings"])


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "migrate.yaml").write_text(ALWAYS)
    (tmp_path / "jobs" / "other.yaml").write_text(UNKNOWN)
    return tmp_path


def test_written_baseline_makes_the_same_run_pass_and_is_sorted_one_entry_per_line(repo: Path) -> None:
    before = run("lint", "--format", "json", "jobs", cwd=repo)
    assert before.exit_code == 1 and before.stdout
    result = run("lint", "--write-baseline", ".joblint-baseline.json", "jobs", cwd=repo)
    assert result.exit_code == 0, result.stdout
    assert "wrote" in result.stderr and ".joblint-baseline.json" in result.stderr
    text = (repo / ".joblint-baseline.json").read_text()
    data = json.loads(text)
    assert data["joblint-baseline"] == 1
    entries = data["findings"]
    assert len(entries) >= 2
    keys = [(e["file"], e["kind"], e["namespace"], e["name"], e["code"], e["field"]) for e in entries]
    assert keys == sorted(keys)
    # One line per entry: a review diff shows one line per finding added or fixed.
    entry_lines = [ln for ln in text.splitlines() if ln.strip().startswith('{"file"')]
    assert len(entry_lines) == len(entries)
    restart = next(e for e in entries if e["field"] == "spec.template.spec.restartPolicy")
    assert restart == {
        "file": "jobs/migrate.yaml", "kind": "Job", "namespace": "default", "name": "migrate", "code": "JL001",
        "field": "spec.template.spec.restartPolicy", "rule": restart["rule"], "count": 1,
    }
    again = run("lint", "--baseline", ".joblint-baseline.json", "jobs", cwd=repo)
    assert again.exit_code == 0
    assert f"{sum(e['count'] for e in entries)} findings of the baseline .joblint-baseline.json not shown." in again.stdout


def test_edit_elsewhere_in_the_file_keeps_findings_baselined(repo: Path) -> None:
    run("lint", "--write-baseline", "b.json", "jobs", cwd=repo)
    # Lines move: a comment block and a label above the finding.
    moved = "# a comment\n# another\n" + ALWAYS.replace("  name: migrate\n", "  name: migrate\n  labels:\n    team: data\n")
    (repo / "jobs" / "migrate.yaml").write_text(moved)
    result = run("lint", "--format", "json", "--baseline", "b.json", "jobs", cwd=repo)
    assert result.exit_code == 0, result.stdout
    assert codes(result.stdout) == []


def test_new_finding_is_reported_and_fails(repo: Path) -> None:
    run("lint", "--write-baseline", "b.json", "jobs", cwd=repo)
    (repo / "jobs" / "migrate.yaml").write_text(ALWAYS.replace("      containers:\n", "      activeDeadlineSecond: 5\n      containers:\n"))
    result = run("lint", "--format", "json", "--baseline", "b.json", "jobs", cwd=repo)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert [f["field"] for f in payload["findings"]] == ["spec.template.spec.activeDeadlineSecond"]
    assert payload["baseline"]["file"] == "b.json"
    assert payload["baseline"]["suppressed"] >= 2 and payload["baseline"]["fixed"] == []


def test_a_second_identical_finding_is_new(repo: Path) -> None:
    """Counts per fingerprint, as ESLint's bulk suppressions and PHPStan do."""
    run("lint", "--write-baseline", "b.json", "jobs/migrate.yaml", cwd=repo)
    (repo / "jobs" / "migrate.yaml").write_text(ALWAYS + "---\n" + ALWAYS.replace("name: migrate\n", "name: migrate\n", 1))
    result = run("lint", "--format", "json", "--baseline", "b.json", "--select", "JL001", "jobs/migrate.yaml", cwd=repo)
    # Which of the two is the new one cannot be told: both are shown.
    assert codes(result.stdout) == ["JL001", "JL001"]
    assert result.exit_code == 1


def test_fixed_entries_are_reported_in_text_and_json_and_do_not_fail(repo: Path) -> None:
    run("lint", "--write-baseline", "b.json", "jobs", cwd=repo)
    (repo / "jobs" / "migrate.yaml").write_text(ALWAYS.replace("Always", "Never"))
    result = run("lint", "--format", "json", "--baseline", "b.json", "jobs", cwd=repo)
    assert result.exit_code == 0
    fixed = json.loads(result.stdout)["baseline"]["fixed"]
    assert [(e["file"], e["code"], e["field"], e["count"]) for e in fixed] == [
        ("jobs/migrate.yaml", "JL001", "spec.template.spec.restartPolicy", 1)
    ]
    text = run("lint", "--baseline", "b.json", "jobs", cwd=repo).stdout
    assert "1 finding of the baseline b.json fixed since it was written (drop them with --prune-baseline):" in text
    assert "  JL001 restart-policy-unsupported at jobs/migrate.yaml Job default/migrate spec.template.spec.restartPolicy" in text


def test_prune_drops_fixed_entries_and_adds_nothing(repo: Path) -> None:
    run("lint", "--write-baseline", "b.json", "jobs", cwd=repo)
    before = json.loads((repo / "b.json").read_text())["findings"]
    (repo / "jobs" / "migrate.yaml").write_text(ALWAYS.replace("Always", "Never").replace("      containers:\n", "      activeDeadlineSecond: 5\n      containers:\n"))
    result = run("lint", "--baseline", "b.json", "--prune-baseline", "jobs", cwd=repo)
    assert result.exit_code == 1  # the new finding still fails
    assert "dropped 1 fixed finding(s)" in result.stderr
    after = json.loads((repo / "b.json").read_text())["findings"]
    assert after == [e for e in before if e["code"] != "JL001"]


def test_unlinted_files_and_unselected_rules_are_not_called_fixed(repo: Path) -> None:
    run("lint", "--write-baseline", "b.json", "jobs", cwd=repo)
    only_one = run("lint", "--format", "json", "--baseline", "b.json", "jobs/other.yaml", cwd=repo)
    assert json.loads(only_one.stdout)["baseline"]["fixed"] == []
    selected = run("lint", "--format", "json", "--baseline", "b.json", "--select", "JL003", "jobs", cwd=repo)
    assert json.loads(selected.stdout)["baseline"]["fixed"] == []


def test_paths_are_relative_to_the_baseline_not_the_working_directory(repo: Path) -> None:
    run("lint", "--write-baseline", "b.json", "jobs", cwd=repo)
    result = run("lint", "--format", "json", "--baseline", "../b.json", ".", cwd=repo / "jobs")
    assert result.exit_code == 0 and codes(result.stdout) == []
    absolute = run("lint", "--format", "json", "--baseline", str(repo / "b.json"), str(repo / "jobs" / "migrate.yaml"), cwd=repo.parent)
    assert absolute.exit_code == 0 and codes(absolute.stdout) == []


def test_other_formats_get_the_baseline_notes_on_stderr(repo: Path) -> None:
    run("lint", "--write-baseline", "b.json", "jobs", cwd=repo)
    (repo / "jobs" / "migrate.yaml").write_text(ALWAYS.replace("Always", "Never"))
    result = run("lint", "--format", "github", "--baseline", "b.json", "jobs", cwd=repo)
    assert result.exit_code == 0
    assert result.stdout == "joblint: no problems in 2 files (2 documents)\n"
    assert "fixed since it was written" in result.stderr


def test_bad_baseline_files_are_usage_errors(repo: Path) -> None:
    missing = run("lint", "--baseline", "nope.json", "jobs", cwd=repo)
    assert missing.exit_code == 2 and "does not exist (write it with --write-baseline nope.json)" in missing.stderr
    (repo / "bad.json").write_text("{not json")
    bad = run("lint", "--baseline", "bad.json", "jobs", cwd=repo)
    assert bad.exit_code == 2 and "bad.json:1:2: baseline is not valid JSON" in bad.stderr
    (repo / "other.json").write_text('{"findings": []}')
    other = run("lint", "--baseline", "other.json", "jobs", cwd=repo)
    assert other.exit_code == 2 and "not a joblint baseline" in other.stderr
    (repo / "count.json").write_text('{"joblint-baseline": 1, "findings": [{"file": "a", "code": "JL001", "count": 0}]}')
    count = run("lint", "--baseline", "count.json", "jobs", cwd=repo)
    assert count.exit_code == 2 and "findings[0].count: a positive integer, not 0" in count.stderr
    prune = run("lint", "--prune-baseline", "jobs", cwd=repo)
    assert prune.exit_code == 2 and "--prune-baseline needs --baseline FILE" in prune.stderr


def test_dumps_of_an_empty_baseline_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    empty = Baseline(path)
    path.write_text(dumps(empty))
    assert json.loads(path.read_text()) == {"joblint-baseline": 1, "findings": []}
    assert load(path).entries == {}


def test_file_level_findings_have_no_object() -> None:
    finding = Finding("JL908", "yaml-syntax", "error", "YAML syntax error", "x.yaml", 3, 1, None)
    built = build([finding, finding], Path("/repo/b.json"))
    (entry,) = built.entries.values()
    assert isinstance(entry, Entry) and entry.count == 2
    out = entry.to_json()
    assert out.pop("file") == entry.key[0] and entry.key[0].endswith("x.yaml")
    assert out == {"kind": "", "namespace": "", "name": "", "code": "JL908", "field": "", "rule": "yaml-syntax", "count": 2}


def test_load_refuses_a_list(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text("[]")
    with pytest.raises(BaselineError):
        load(path)


def test_rules_enabled_since_the_baseline_do_not_fail_the_run(repo: Path) -> None:
    """A default-on rule arriving with an upgrade (here: a rule selected since) must not break CI
    overnight: its findings are shown, counted under newRules, and do not fail the run."""
    run("lint", "--write-baseline", "b.json", "--select", "JL001", "jobs", cwd=repo)
    data = json.loads((repo / "b.json").read_text())
    assert "JL001" in data["rules"] and "JL003" not in data["rules"] and data["rules"] == sorted(data["rules"])
    result = run("lint", "--format", "json", "--baseline", "b.json", "jobs", cwd=repo)
    payload = json.loads(result.stdout)
    assert "JL003" in codes(result.stdout)
    assert payload["baseline"]["newRules"]["JL003"] >= 1
    assert result.exit_code == 0
    text = run("lint", "--baseline", "b.json", "jobs", cwd=repo)
    assert "of rules enabled since the baseline b.json was written (JL003" in text.stdout
    assert text.exit_code == 0
    # Recorded again, the rule is known: a new finding of it fails.
    run("lint", "--write-baseline", "b.json", "jobs", cwd=repo)
    (repo / "jobs" / "migrate.yaml").write_text(ALWAYS.replace("        image:", "        imagePullPolice: Always\n        image:"))
    again = run("lint", "--format", "json", "--baseline", "b.json", "jobs", cwd=repo)
    assert codes(again.stdout) == ["JL003"] and again.exit_code == 1
    assert "newRules" not in json.loads(again.stdout)["baseline"]


def test_a_baseline_without_rules_treats_every_rule_as_known(repo: Path) -> None:
    (repo / "b.json").write_text('{"joblint-baseline": 1, "findings": []}\n')
    result = run("lint", "--format", "json", "--baseline", "b.json", "jobs", cwd=repo)
    assert result.exit_code == 1 and "newRules" not in json.loads(result.stdout)["baseline"]
    (repo / "bad.json").write_text('{"joblint-baseline": 1, "rules": "JL001", "findings": []}\n')
    bad = run("lint", "--baseline", "bad.json", "jobs", cwd=repo)
    assert bad.exit_code == 2 and '"rules": a list of rule codes' in bad.stderr
