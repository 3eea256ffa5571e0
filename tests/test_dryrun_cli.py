"""`joblint dry-run` and `joblint schedule` as a user runs them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from joblint.cli import main
from joblint.dryrun import parse_duration, parse_time

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "fixtures" / "valid"
INVALID = ROOT / "fixtures" / "invalid"


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_json_follows_the_contract() -> None:
    result = run("dry-run", str(VALID / "pi.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"job", "status", "events", "pods"} <= set(data)
    assert data["job"]["spec"]["backoffLimit"] == 4  # the defaulted Job that ran
    assert data["events"][0] == {"t": 0, "type": "Normal", "reason": "SuccessfulCreate", "message": f"Created pod: {data['pods'][0]['name']}"}
    (pod,) = data["pods"]
    assert set(pod) == {"name", "index", "attempt", "created", "started", "finished", "phase", "exitCode", "reason"}
    assert (pod["phase"], pod["exitCode"], pod["finished"]) == ("Succeeded", 0, 30)
    assert data["status"]["succeeded"] == 1
    assert [c["type"] for c in data["status"]["conditions"]] == ["SuccessCriteriaMet", "Complete"]


def test_failing_pods_exhaust_the_backoff_limit() -> None:
    """backoffLimit 4: five pods, re-created 10 s, 20 s, 40 s, 80 s after each failure."""
    data = json.loads(run("dry-run", str(VALID / "pi.yaml"), "--scenario", "fail", "--format", "json").output)
    assert [p["created"] for p in data["pods"]] == [0, 40, 90, 160, 270]
    assert data["status"]["failed"] == 5
    failed = [c for c in data["status"]["conditions"] if c["type"] == "Failed"]
    assert failed == [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
                       "message": "Job has reached the specified backoff limit", "lastTransitionTime": 301}]


def test_text_timeline_reads_like_describe() -> None:
    out = run("dry-run", str(VALID / "pi.yaml"), "--scenario", "fail").output
    assert "Warning  BackoffLimitExceeded  Job has reached the specified backoff limit" in out
    assert "Failed at 5m1s (BackoffLimitExceeded)" in out


def test_yaml_format_and_svg(tmp_path: Path) -> None:
    svg = tmp_path / "gantt.svg"
    result = run("dry-run", str(VALID / "fixed-completions.yaml"), "--format", "yaml", "--svg", str(svg))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("job:")
    root = ET.fromstring(svg.read_text())
    assert root.tag.endswith("svg")


def test_until_stops_a_hanging_job() -> None:
    data = json.loads(run("dry-run", str(VALID / "pi.yaml"), "--scenario", "hang", "--until", "10m", "--format", "json").output)
    assert data["status"].get("active") == 1
    assert not [c for c in data["status"].get("conditions", []) if c["type"] in ("Complete", "Failed")]


def test_deadline_ends_a_hanging_job() -> None:
    data = json.loads(run("dry-run", str(VALID / "pi-with-timeout.yaml"), "--scenario", "hang", "--format", "json").output)
    failed = [c for c in data["status"]["conditions"] if c["type"] == "Failed"]
    assert failed and failed[0]["reason"] == "DeadlineExceeded"
    assert failed[0]["message"] == "Job was active longer than specified deadline"


def test_trials_are_reproducible() -> None:
    args = ("dry-run", str(VALID / "pi.yaml"), "--scenario", "flaky:p=0.5", "--trials", "300", "--format", "json")
    first, second = run(*args), run(*args)
    assert first.output == second.output
    data = json.loads(first.output)
    assert data["trials"] == 300 and data["seeds"] == [0, 299]
    # backoffLimit 4 fails only when five attempts in a row fail: p = 0.5**5, about 3%.
    assert 0.9 < data["complete"] < 1.0
    assert set(data["failed"]) == {"BackoffLimitExceeded"}


def test_scenario_file() -> None:
    result = run("dry-run", str(VALID / "indexed-job.yaml"), "--scenario", str(ROOT / "fixtures" / "scenarios" / "index-2-fails.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert any(p["index"] == 2 and p["phase"] == "Failed" for p in json.loads(result.output)["pods"])


def test_cronjob_runs_the_job_its_controller_creates() -> None:
    data = json.loads(run("dry-run", str(VALID / "cronjob-hello.yaml"), "--format", "json").output)
    assert data["job"]["kind"] == "Job"
    assert data["job"]["metadata"]["name"].startswith("hello-")
    assert data["job"]["spec"]["backoffLimit"] == 6  # Job defaults apply when the Job is created


def test_rejected_manifest_is_not_run() -> None:
    result = CliRunner().invoke(main, ["dry-run", str(INVALID / "restart-policy-always.yaml")])
    assert result.exit_code == 1
    assert 'restart-policy-always.yaml:8:22: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"' in result.output
    assert "would reject Job 'migrate'" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("dry-run", "no-such-file.yaml"),
        ("dry-run", str(VALID / "pi.yaml"), "--until", "soon"),
        ("dry-run", str(VALID / "pi.yaml"), "--scenario", "explode"),
        ("dry-run", str(VALID / "pi.yaml"), "--name", "other"),
        ("schedule", str(VALID / "pi.yaml")),
        ("schedule", str(VALID / "cronjob-hello.yaml"), "--from", "yesterday"),
        ("schedule", str(VALID / "cronjob-hello.yaml"), "--timezone", "Mars/Olympus"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_stdin() -> None:
    text = (VALID / "pi.yaml").read_text()
    data = json.loads(run("dry-run", "-", "--format", "json", input=text).output)
    assert data["status"]["succeeded"] == 1


def test_schedule_lists_next_runs_in_the_time_zone(tmp_path: Path) -> None:
    manifest = tmp_path / "cron.yaml"
    manifest.write_text(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: '30 2 * * *'\n"
        "  timeZone: Europe/Berlin\n  jobTemplate:\n    spec:\n      template:\n        spec:\n"
        "          restartPolicy: OnFailure\n          containers:\n          - {name: a, image: busybox:1.36}\n"
    )
    data = json.loads(run("schedule", str(manifest), "--from", "2026-03-27T00:00:00Z", "--next", "3", "--format", "json").output)
    # 29 March 2026 is the spring-forward day in Berlin: 02:30 does not exist that night.
    assert data["runs"] == ["2026-03-27T02:30:00+01:00", "2026-03-28T02:30:00+01:00", "2026-03-30T02:30:00+02:00"]
    text = run("schedule", str(manifest), "--from", "2026-03-27T00:00:00Z", "--next", "1", "--timezone", "America/New_York").output
    assert "2026-03-27T02:30:00+01:00   2026-03-26T21:30:00-04:00 (America/New_York)" in text


def test_schedule_simulation_applies_concurrency_policy() -> None:
    result = run("schedule", str(VALID / "cronjob-forbid.yaml"), "--from", "2026-01-05T00:00:00Z", "--scenario", "hang", "--until", "3h", "--format", "json")
    assert result.exit_code == 0, result.output
    runs = json.loads(result.output)["runs"]
    assert runs[0]["action"] == "started"
    assert all(r["action"] != "started" for r in runs[1:])  # the first Job never ends: Forbid skips the rest


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("90s", 90), ("10m", 600), ("1h30m", 5400), ("1.5h", 5400), ("2d", 172800), ("250ms", 0.25)])
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "-5", "5 min", "h", "nan"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_parse_time_defaults_to_utc() -> None:
    assert parse_time("2026-01-05T12:00:00").isoformat() == "2026-01-05T12:00:00+00:00"
    assert parse_time("2026-01-05T12:00:00Z").isoformat() == "2026-01-05T12:00:00+00:00"


def test_a_huge_job_is_simulated_up_to_a_bound(tmp_path: Path) -> None:
    """completions 2^31-1 is a valid Job; the dry run stops at a pod bound and says so."""
    from joblint.controller.job import MAX_PODS

    manifest = tmp_path / "huge.yaml"
    manifest.write_text(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: huge\nspec:\n  completions: 2147483647\n"
        "  parallelism: 1000\n  template:\n    spec:\n      restartPolicy: Never\n"
        "      containers:\n      - {name: a, image: busybox}\n"
    )
    out = run("dry-run", str(manifest)).output
    assert f"pods created {MAX_PODS}" in out
    assert f"the dry run stopped after {MAX_PODS:,} pods" in out
