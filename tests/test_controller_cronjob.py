"""The CronJob part of the reference controller: schedules, concurrency, deadlines, history.

Most tests drive the controller with a fixed-interval test schedule (every N minutes), which keeps
them independent of the cron parser; the last ones use joblint.cron.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any


from joblint.controller import load_scenario, next_runs, simulate_schedule
from joblint.controller.cronjob import most_recent_schedule

UTC = timezone.utc
START = datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC)


class Every:
    """A test schedule: every `minutes` minutes, on multiples of that many minutes since the epoch."""

    def __init__(self, minutes: int) -> None:
        self.step = minutes * 60

    def next(self, after: datetime) -> datetime | None:
        seconds = int(after.timestamp()) // self.step * self.step + self.step
        return datetime.fromtimestamp(seconds, tz=after.tzinfo or UTC)


def cronjob(policy: str = "Allow", **spec: Any) -> dict[str, Any]:
    template = {
        "spec": {
            "backoffLimit": 0,
            "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox:1.36"}]}},
        }
    }
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "hello"},
        "spec": {"schedule": "*/5 * * * *", "concurrencyPolicy": policy, "jobTemplate": template, **spec},
    }


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def run(policy: str, scenario: str, hours: float = 0.5, **spec: Any):  # type: ignore[no-untyped-def]
    return simulate_schedule(cronjob(policy, **spec), START, at(60 * hours), load_scenario(scenario), "1.37", schedule=Every(5))


def test_next_runs_with_a_schedule() -> None:
    assert next_runs(cronjob(), START, 3, schedule=Every(5)) == [at(5), at(10), at(15)]


def test_allow_runs_every_schedule_and_overlaps() -> None:
    result = run("Allow", "succeed:duration=420")  # 7 minutes per run, every 5 minutes
    started = [r for r in result.runs if r.action == "started"]
    assert [r.scheduled for r in started] == [at(m) for m in (5, 10, 15, 20, 25, 30)]
    assert started[0].name == f"hello-{int(at(5).timestamp()) // 60}"
    assert started[0].outcome == "Complete"
    assert started[0].finished == at(5) + timedelta(seconds=421)
    reasons = [e[2] for e in result.events]
    assert reasons.count("SuccessfulCreate") == 6
    assert "SawCompletedJob" in reasons


def test_forbid_skips_while_a_job_is_active_and_starts_late() -> None:
    result = run("Forbid", "succeed:duration=420")
    started = [(r.scheduled, r.created) for r in result.runs if r.action == "started"]
    # 12:05 runs until 12:12:01; 12:10 is refused, then started when the first Job finishes.
    assert started[:2] == [(at(5), at(5)), (at(10), at(5) + timedelta(seconds=421))]
    refused = [e for e in result.events if e[2] == "JobAlreadyActive"]
    assert refused and refused[0][0] == at(10)
    assert refused[0][3] == "Not starting job because prior execution is running and concurrency policy is Forbid"


def test_forbid_with_starting_deadline_skips_for_good() -> None:
    result = run("Forbid", "succeed:duration=420", startingDeadlineSeconds=60)
    actions = [(r.scheduled, r.action) for r in result.runs]
    assert (at(10), "skipped") in actions
    assert all(r.created == r.scheduled for r in result.runs if r.action == "started")


def test_replace_deletes_the_running_job() -> None:
    result = run("Replace", "hang")
    started = [r for r in result.runs if r.action == "started"]
    assert len(started) == 6
    assert [r.outcome for r in started[:-1]] == ["Replaced"] * 5
    assert started[-1].outcome == "Running"
    deletes = [e for e in result.events if e[2] == "SuccessfulDelete"]
    assert [e[0] for e in deletes] == [at(m) for m in (10, 15, 20, 25, 30)]
    assert deletes[0][3] == f"Deleted job {started[0].name}"
    assert result.active == [started[-1].name]


def test_controller_down_with_starting_deadline_misses_runs() -> None:
    # The CronJob last ran at 11:00; the controller comes back at 12:00:50 (after 12:00 + 30 s).
    cj = cronjob("Allow", startingDeadlineSeconds=30)
    cj["status"] = {"lastScheduleTime": "2026-01-05T11:00:00Z"}
    result = simulate_schedule(cj, START + timedelta(seconds=50), at(6), load_scenario("succeed"), "1.37", schedule=Every(5))
    runs = [(r.scheduled, r.action) for r in result.runs]
    assert runs == [(at(m), "missed") for m in range(-55, 1, 5)] + [(at(5), "started")]
    assert [e[2] for e in result.events] == ["SuccessfulCreate", "SawCompletedJob"]


def test_controller_down_without_starting_deadline_starts_the_latest_late() -> None:
    cj = cronjob("Allow")
    cj["status"] = {"lastScheduleTime": "2026-01-05T11:00:00Z"}
    result = simulate_schedule(cj, START + timedelta(seconds=50), at(4), load_scenario("succeed"), "1.37", schedule=Every(5))
    started = [(r.scheduled, r.created) for r in result.runs if r.action == "started"]
    assert started == [(START, START + timedelta(seconds=50))]
    assert sum(1 for r in result.runs if r.action == "missed") == 11


def test_too_many_missed_times_warns_and_starts_the_latest() -> None:
    cj = cronjob("Allow")
    cj["status"] = {"lastScheduleTime": "2026-01-04T12:00:00Z"}  # a day of 5-minute runs missed
    result = simulate_schedule(cj, START + timedelta(seconds=1), at(1), load_scenario("succeed"), "1.37", schedule=Every(5))
    warning = [e for e in result.events if e[2] == "TooManyMissedTimes"]
    assert warning[0][1] == "Warning"
    assert warning[0][3] == "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"
    assert [(r.scheduled, r.action) for r in result.runs if r.action == "started"] == [(START, "started")]
    assert sum(1 for r in result.runs if r.action == "missed") == 287


def test_most_recent_schedule_counts() -> None:
    last, count = most_recent_schedule(Every(5), START, at(12))
    assert (last, count) == (at(10), 2)
    last, count = most_recent_schedule(Every(1), START - timedelta(days=3), START)
    assert last == START and count == 101


def test_history_limits_delete_the_oldest_finished_jobs() -> None:
    result = run("Allow", "succeed:duration=10", hours=1, successfulJobsHistoryLimit=2, failedJobsHistoryLimit=1)
    started = [r for r in result.runs if r.action == "started"]
    assert len(started) == 12
    kept = [r.name for r in started if r.deleted is None]
    assert kept == [r.name for r in started[-3:]]  # two finished ones and the one still running
    assert started[-1].outcome == "Running"
    assert started[0].deleted == started[2].finished  # deleted when the third Job finished


def test_failed_runs_and_failed_history() -> None:
    result = run("Forbid", "fail:duration=10", hours=0.25, failedJobsHistoryLimit=1)
    started = [r for r in result.runs if r.action == "started"]
    assert [r.outcome for r in started] == ["Failed", "Failed", "Running"]
    assert [r.reason for r in started] == ["BackoffLimitExceeded"] * 2 + [None]
    assert started[0].deleted is not None and started[1].deleted is None


def test_suspended_cronjob_creates_nothing() -> None:
    result = run("Allow", "succeed", suspend=True)
    assert result.events == []
    assert [r.action for r in result.runs] == ["suspended"] * 6


def test_schedule_result_renders() -> None:
    result = run("Forbid", "succeed:duration=420")
    data = result.to_dict()
    assert data["runs"][0]["created"] == 300.0
    assert data["status"]["lastScheduleTime"].startswith("2026-01-05T12:")
    text = result.render_text()
    assert "Runs:" in text and "Events:" in text and "JobAlreadyActive" in text


# --- with the project's cron parser ----------------------------------------------------------------------


def test_next_runs_with_the_cron_parser() -> None:
    runs = next_runs(cronjob(), START, 3)
    assert [r.astimezone(UTC) for r in runs] == [at(5), at(10), at(15)]


def test_time_zone_with_the_cron_parser() -> None:
    cj = cronjob(timeZone="Europe/Berlin")
    cj["spec"]["schedule"] = "0 9 * * *"
    (first,) = next_runs(cj, START, 1)
    assert first.astimezone(UTC) == datetime(2026, 1, 6, 8, 0, tzinfo=UTC)  # 09:00 CET


def test_simulate_schedule_with_the_cron_parser() -> None:
    result = simulate_schedule(cronjob("Forbid"), START, at(30), load_scenario("succeed:duration=420"), "1.37")
    assert [r.scheduled.astimezone(UTC) for r in result.runs if r.action == "started"][:2] == [at(5), at(10)]
