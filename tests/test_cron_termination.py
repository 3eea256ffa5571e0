"""Issue 18: no command ever hangs.

robfig/cron v3's `Next`, which the CronJob controller uses, loops for ever on a time zone that
skipped a whole day (Pacific/Apia has no 2011-12-30): joblint recognises the loop and says so, in
`joblint schedule`, in the CronJob simulation and wherever run times are listed, and answers
everything else exactly as the Go code does. Every loop that user input drives has a named bound,
tested here at the bound.

The property test draws schedules and IANA zones, with start times around the zones' changes of
UTC offset between 1970 and 2037 (found by scanning offsets with zoneinfo), and checks each answer
against a minute-by-minute search written independently of joblint.cron. robfig's search is not a
minute-by-minute one across some changes of offset (it keeps the minutes of a midnight that did
not exist and can then skip runs, or even leave the month, e.g. Asia/Sakhalin 1984 below); those
answers were checked against the Go library itself (v3.0.1, 23,000 random cases around
transitions, none different) and are pinned in `test_answers_of_the_go_library_across_transitions`.
`bench/fuzz.py --cron-property N` runs the same property with a large budget.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
from click.testing import CliRunner

from joblint import cron
from joblint.cli import main
from joblint.controller import load_scenario, next_runs, simulate_schedule
from joblint.controller import cronjob as cronjob_module
from joblint.controller.cronjob import HANG_CONSEQUENCE, most_recent_schedule
from joblint.controller.intervals import MAX_PARTS, Intervals
from joblint.cron import MAX_LISTED_TIMES, MAX_SEARCH_STEPS, ScheduleHang, parse_schedule

UTC = timezone.utc
ROOT = Path(__file__).resolve().parent.parent
# Wall-clock budget of one `next` call (joblint's worst case is a few tens of milliseconds; the
# margin is for a loaded CI machine).
CALL_BUDGET = 1.0
# The minute-by-minute search looks this far ahead of the start.
WINDOW = timedelta(days=8)
EPOCH_1970 = int(datetime(1970, 1, 1, tzinfo=UTC).timestamp())
END_2037 = int(datetime(2038, 1, 1, tzinfo=UTC).timestamp())

APIA = ZoneInfo("Pacific/Apia")
APIA_FROM = datetime(2011, 12, 29, 9, 0, tzinfo=UTC)  # 2011-12-28 23:00 in Apia (UTC-10)

# Zones that skipped a whole day between 1970 and 2037 (a jump of 24 hours over midnight).
SKIPPED_DAYS = [
    ("Pacific/Apia", date(2011, 12, 30)),
    ("Pacific/Fakaofo", date(2011, 12, 30)),
    ("Pacific/Kwajalein", date(1993, 8, 21)),
    ("Pacific/Kiritimati", date(1994, 12, 31)),
    ("Pacific/Kanton", date(1994, 12, 31)),
]


def cronjob_yaml(schedule: str, zone: str | None = None, name: str = "apia") -> str:
    zone_line = f"  timeZone: {zone}\n" if zone else ""
    return (
        f"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n  schedule: {json.dumps(schedule)}\n"
        f"{zone_line}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
        "          containers:\n          - {name: main, image: busybox:1.36}\n"
    )


def cronjob_dict(schedule: str, zone: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "schedule": schedule,
        "jobTemplate": {"spec": {"backoffLimit": 0, "template": {"spec": {
            "restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox:1.36"}]}}}},
    }
    if zone:
        spec["timeZone"] = zone
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "apia"}, "spec": spec}


# --- the example of the issue ---------------------------------------------------------------------


def test_apia_skipped_day_is_reported_not_looped() -> None:
    schedule = parse_schedule("5 4 * * sun")
    started = time.perf_counter()
    with pytest.raises(ScheduleHang) as caught:
        schedule.next(APIA_FROM.astimezone(APIA))
    assert time.perf_counter() - started < CALL_BUDGET
    exc = caught.value
    assert str(exc) == exc.message == (
        "the CronJob controller's schedule computation does not terminate for schedule \"5 4 * * sun\" in "
        "Pacific/Apia after 2011-12-29T09:00:00Z; the real controller would hang on this CronJob "
        "(Pacific/Apia has no 2011-12-30: robfig/cron's search adds a day to 2011-12-29T00:00:00-10:00 "
        "and lands on the same instant, again and again)"
    )
    assert exc.stuck == datetime(2011, 12, 29, 0, 0, tzinfo=APIA)


def test_apia_answers_on_both_sides_of_the_skipped_day() -> None:
    """Where the search does not step over 30 December day by day, Go finds an answer, and so does
    joblint: Thursday the 29th exists, and so does everything from the 31st on."""
    thursday = parse_schedule("CRON_TZ=Pacific/Apia 5 4 * * thu")
    first = thursday.next(datetime(2011, 12, 28, 12, 0, tzinfo=APIA))
    assert first == datetime(2011, 12, 29, 4, 5, tzinfo=APIA)
    assert first is not None
    assert thursday.next(first) == datetime(2012, 1, 5, 4, 5, tzinfo=APIA)  # the hour loop jumps the gap
    sunday = parse_schedule("CRON_TZ=Pacific/Apia 5 4 * * sun")
    assert sunday.next(datetime(2011, 12, 31, 0, 0, tzinfo=APIA)) == datetime(2012, 1, 1, 4, 5, tzinfo=APIA)


@pytest.mark.parametrize(("zone", "skipped"), SKIPPED_DAYS)
def test_every_day_skipped_since_1970_is_recognised(zone: str, skipped: date) -> None:
    """Go hangs on each of these (checked with robfig/cron v3.0.1): a day loop that reaches the day
    before the skipped one and does not match it steps on the spot."""
    tz = ZoneInfo(zone)
    before = skipped - timedelta(days=1)
    weekday = (before.isoweekday() % 7 + 3) % 7  # a weekday that is not the day before's
    schedule = parse_schedule(f"CRON_TZ={zone} 0 12 * * {weekday}")
    with pytest.raises(ScheduleHang) as caught:
        schedule.next(datetime(before.year, before.month, before.day, 1, 0, tzinfo=tz) - timedelta(days=1))
    assert f"{zone} has no {skipped.isoformat()}" in caught.value.message
    assert is_skipped(tz, skipped)


@pytest.mark.parametrize(
    ("zone", "spec", "start", "answer"),
    [
        # The minutes of a midnight that did not exist are kept: 02:00-02:29 are skipped.
        ("Pacific/Rarotonga", "* 2 1,8,9,25 * 2,6", "1991-03-02T13:10:47-09:30", "1991-03-05T02:30:00-10:00"),
        ("Asia/Thimphu", "21,35,39,58 1,7,20 6,17,25 5,10,12 1,3,5", "1987-10-01T22:14:03+06:00", "1987-10-02T01:35:00+06:00"),
        # Midnight of 1 January did not exist: the day loop goes from the 31st to the 2nd.
        ("Indian/Chagos", "23,41,51 10,14,19 1,5 * *", "1995-12-31T11:44:01+05:00", "1996-01-05T10:23:00+06:00"),
        # ... and from 31 March into April, which a March-only schedule then runs in.
        ("Asia/Sakhalin", "2,6,47 16,23 9,13 3 *", "1984-03-30T00:14:30+11:00", "1984-04-09T16:02:00+12:00"),
        # The hour loop steps over a missing midnight into Sunday and does not look at the day again.
        ("Africa/Juba", "* 0-1 * * 1-6", "1972-04-29T23:59:58+02:00", "1972-04-30T01:00:00+03:00"),
    ],
)
def test_answers_of_the_go_library_across_transitions(zone: str, spec: str, start: str, answer: str) -> None:
    """robfig/cron v3.0.1's own answers (run with Go 1.19), which a minute-by-minute search would
    not give: joblint reports what the controller does, not what the schedule seems to say."""
    found = parse_schedule(f"CRON_TZ={zone} {spec}").next(datetime.fromisoformat(start))
    assert found is not None and found.isoformat() == answer


def test_schedule_command_answers_at_once(tmp_path: Path) -> None:
    manifest = tmp_path / "cronjob.yaml"
    manifest.write_text(cronjob_yaml("5 4 * * sun", "Pacific/Apia"))
    args = ["schedule", str(manifest), "--from", "2011-12-29T09:00:00Z", "--next", "3"]
    started = time.perf_counter()
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert time.perf_counter() - started < 1.0
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "CronJob apia: '5 4 * * sun' in Pacific/Apia, next 3 run(s) after 2011-12-29T09:00:00+00:00",
        "  the CronJob controller's schedule computation does not terminate for schedule \"5 4 * * sun\" in "
        "Pacific/Apia after 2011-12-29T09:00:00Z; the real controller would hang on this CronJob "
        "(Pacific/Apia has no 2011-12-30: robfig/cron's search adds a day to 2011-12-29T00:00:00-10:00 "
        "and lands on the same instant, again and again)",
        f"  (in the cluster: {HANG_CONSEQUENCE})",
    ]
    data = json.loads(CliRunner().invoke(main, args + ["--format", "json"], catch_exceptions=False).output)
    assert data["runs"] == []
    assert data["hang"]["stuck"] == "2011-12-29T00:00:00-10:00"
    assert data["hang"]["message"].startswith("the CronJob controller's schedule computation does not terminate")
    # Runs found before the one that hangs are listed.
    earlier = CliRunner().invoke(main, ["schedule", str(manifest), "--from", "2011-12-10T00:00:00Z", "--next", "5", "--format", "json"])
    assert earlier.exit_code == 1
    assert json.loads(earlier.output)["runs"] == ["2011-12-11T04:05:00-10:00", "2011-12-18T04:05:00-10:00", "2011-12-25T04:05:00-10:00"]


def test_schedule_command_in_a_process_of_its_own(tmp_path: Path) -> None:
    """As a user runs it: the process ends, however loaded the machine (the bound is generous)."""
    manifest = tmp_path / "cronjob.yaml"
    manifest.write_text(cronjob_yaml("5 4 * * sun", "Pacific/Apia"))
    done = subprocess.run(
        [sys.executable, "-m", "joblint", "schedule", str(manifest), "--from", "2011-12-29T09:00:00Z", "--next", "3"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    assert "does not terminate for schedule" in done.stdout


def test_schedule_simulation_stops_where_the_controller_hangs(tmp_path: Path) -> None:
    """mostRecentScheduleTime computes t2 = Next(t1) at every sync: after creating the Job of 18
    December, the controller works out when to sync again from there, asks for the run after the
    25th, and never comes back (the Job it created runs on; the CronJob's status is not written)."""
    start = datetime(2011, 12, 10, 0, 0, tzinfo=UTC)
    result = simulate_schedule(cronjob_dict("5 4 * * sun", "Pacific/Apia"), start, start + timedelta(days=30), load_scenario("succeed"), "1.37")
    started = [r.scheduled.isoformat() for r in result.runs if r.action == "started"]
    assert started == ["2011-12-11T04:05:00-10:00", "2011-12-18T04:05:00-10:00"]
    assert result.hang is not None
    when, message = result.hang
    assert when == datetime(2011, 12, 18, 14, 5, tzinfo=UTC)
    assert "after 2011-12-25T14:05:00Z; the real controller would hang" in message
    assert [e[2] for e in result.events] == ["SuccessfulCreate", "SawCompletedJob", "SuccessfulCreate"]
    # From a start after the skipped day, all is well.
    later = simulate_schedule(cronjob_dict("5 4 * * sun", "Pacific/Apia"), datetime(2011, 12, 31, tzinfo=UTC), datetime(2012, 1, 20, tzinfo=UTC), load_scenario("succeed"), "1.37")
    assert later.hang is None and later.notes == []
    assert [r.action for r in later.runs] == ["started"] * 3
    assert result.notes == [f"at {when.isoformat()}: {message}; {HANG_CONSEQUENCE}"]
    data = result.to_dict()
    assert data["hang"]["message"] == message and data["notes"] == result.notes
    assert "Notes:" in result.render_text()
    # and through the command line
    manifest = tmp_path / "cronjob.yaml"
    manifest.write_text(cronjob_yaml("5 4 * * sun", "Pacific/Apia"))
    cli = CliRunner().invoke(main, ["schedule", str(manifest), "--from", "2011-12-10T00:00:00Z", "--scenario", "succeed", "--until", "30d"])
    assert cli.exit_code == 1
    assert "the real controller would hang on this CronJob" in cli.output


def test_lint_and_dry_run_of_the_apia_cronjob_finish() -> None:
    """The rules JL200-JL205 compute no run times (they read the fields), and a dry run of a
    CronJob runs the Job of its template: neither can meet the loop."""
    text = cronjob_yaml("5 4 * * sun", "Pacific/Apia")
    started = time.perf_counter()
    lint = CliRunner().invoke(main, ["lint", "--select", "JL2", "-"], input=text)
    dry = CliRunner().invoke(main, ["dry-run", "-"], input=text)
    assert time.perf_counter() - started < 30
    assert lint.exit_code == 0, lint.output
    assert dry.exit_code == 0, dry.output


# --- bounds ------------------------------------------------------------------------------------------


def steps_needed(schedule: cron.Schedule, moment: datetime, monkeypatch: pytest.MonkeyPatch) -> int:
    """The fewest MAX_SEARCH_STEPS with which `next` answers (bisection)."""
    lo, hi = 0, MAX_SEARCH_STEPS
    while lo < hi:
        mid = (lo + hi) // 2
        monkeypatch.setattr(cron, "MAX_SEARCH_STEPS", mid)
        try:
            schedule.next(moment)
            hi = mid
        except ScheduleHang:
            lo = mid + 1
    monkeypatch.setattr(cron, "MAX_SEARCH_STEPS", MAX_SEARCH_STEPS)
    return lo


def test_search_step_bound_is_exact_and_far_above_any_real_search(monkeypatch: pytest.MonkeyPatch) -> None:
    leap = parse_schedule("0 0 29 2 *")
    moment = datetime(2097, 3, 1, tzinfo=UTC)  # 2100 is no leap year: five years of days, no answer
    needed = steps_needed(leap, moment, monkeypatch)
    monkeypatch.setattr(cron, "MAX_SEARCH_STEPS", needed)
    assert leap.next(moment) is None
    monkeypatch.setattr(cron, "MAX_SEARCH_STEPS", needed - 1)
    with pytest.raises(ScheduleHang) as caught:
        leap.next(moment)
    assert f"joblint stopped following robfig/cron's search after {needed - 1:,} steps" in caught.value.message
    assert caught.value.stuck is None
    # The longest searches there are: five years of days, then the hours and minutes of one day.
    worst = max(
        steps_needed(parse_schedule(spec), moment, monkeypatch)
        for spec in ("0 0 29 2 *", "59 23 31 12 *", "59 23 29 2 *", "59 23 * * 6", "0 0 30 2 *", "59 23 31 4,6,9,11 *")
    )
    assert worst * 10 < MAX_SEARCH_STEPS


def test_times_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    every = parse_schedule("@every 1s")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    monkeypatch.setattr(cron, "MAX_LISTED_TIMES", 50)
    assert len(every.times(start, start + timedelta(days=365))) == 50
    assert len(every.times(start, start + timedelta(seconds=50))) == 50
    assert len(every.times(start, start + timedelta(seconds=49))) == 49
    assert len(every.times(start, start + timedelta(days=1), limit=10**9)) == 50
    assert MAX_LISTED_TIMES == 100_000


def test_times_passes_on_what_it_found_before_a_hang() -> None:
    sunday = parse_schedule("CRON_TZ=Pacific/Apia 5 4 * * sun")
    with pytest.raises(ScheduleHang) as caught:
        sunday.times(datetime(2011, 12, 10, tzinfo=UTC), datetime(2012, 2, 1, tzinfo=UTC))
    assert [t.day for t in caught.value.found] == [11, 18, 25]


def test_next_runs_is_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    monkeypatch.setattr(cronjob_module, "MAX_NEXT_RUNS", 7)
    assert len(next_runs(cronjob_dict("* * * * *"), start, 7)) == 7
    assert len(next_runs(cronjob_dict("* * * * *"), start, 10**12)) == 7
    monkeypatch.undo()
    # The command line takes the bound itself, and nothing above it.
    manifest = tmp_path / "cronjob.yaml"
    manifest.write_text(cronjob_yaml("* * * * *"))
    at_bound = CliRunner().invoke(main, ["schedule", str(manifest), "--from", "2026-01-01T00:00:00Z", "--next", str(cronjob_module.MAX_NEXT_RUNS), "--format", "json"])
    assert at_bound.exit_code == 0
    assert len(json.loads(at_bound.output)["runs"]) == cronjob_module.MAX_NEXT_RUNS == 10_000
    over = CliRunner().invoke(main, ["schedule", str(manifest), "--next", str(cronjob_module.MAX_NEXT_RUNS + 1)])
    assert over.exit_code == 2
    assert "10000" in over.output


def test_simulation_stops_at_the_sync_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    monkeypatch.setattr(cronjob_module, "MAX_SYNCS", 5)
    result = simulate_schedule(cronjob_dict("* * * * *"), start, start + timedelta(days=365), load_scenario("succeed:duration=1"), "1.37")
    assert result.notes and result.notes[-1].startswith("the simulation stopped after 5 controller syncs, at ")
    assert len(result.events) < 50


def test_simulation_stops_at_the_job_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (cronjob_module.MAX_SYNCS, cronjob_module.MAX_JOBS) == (20_000, 1_000)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    monkeypatch.setattr(cronjob_module, "MAX_JOBS", 3)
    result = simulate_schedule(cronjob_dict("* * * * *"), start, start + timedelta(days=365), load_scenario("succeed:duration=1"), "1.37")
    assert [r.action for r in result.runs].count("started") == 3
    assert result.notes[-1].startswith("the simulation stopped after 3 Jobs, at 2026-01-01T00:03")


def test_simulation_stops_at_the_pod_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over all its Jobs, a CronJob simulation creates no more pods than one Job's dry run may."""
    from joblint.controller.job import MAX_PODS

    assert cronjob_module.MAX_PODS == MAX_PODS
    start = datetime(2026, 1, 1, tzinfo=UTC)
    monkeypatch.setattr(cronjob_module, "MAX_PODS", 4)
    result = simulate_schedule(cronjob_dict("* * * * *"), start, start + timedelta(days=1), load_scenario("succeed:duration=1"), "1.37")
    assert [r.action for r in result.runs].count("started") == 4
    assert result.notes[-1].startswith("the simulation stopped after 4 pods (over its Jobs; the bound is 4), at 2026-01-01T00:04")


def test_most_recent_schedule_walk_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    every_minute = parse_schedule("* * * * *")
    earliest = datetime(2026, 1, 1, tzinfo=UTC)
    last, count = most_recent_schedule(every_minute, earliest, earliest + timedelta(minutes=300))
    assert (last, count) == (earliest + timedelta(minutes=300), 101)
    monkeypatch.setattr(cronjob_module, "MAX_SCAN_STEPS", 0)
    last, count = most_recent_schedule(every_minute, earliest, earliest + timedelta(minutes=300))
    assert count == 101 and last == earliest + timedelta(minutes=101)  # the walk did not start


def test_intervals_work_with_ranges_not_indexes() -> None:
    started = time.perf_counter()
    huge = Intervals.parse("0-2147483646")
    assert len(huge) == 2147483647 and huge.pairs() == [(0, 2147483646)]
    done = Intervals.parse("5,7-9,1000000-1999999")
    assert huge.overlap(done) == done.overlap(huge) == 1 + 3 + 1_000_000
    assert str(Intervals.parse("0-2147483646,7", limit=10)) == "0-9"
    assert time.perf_counter() - started < CALL_BUDGET


def test_intervals_part_bound() -> None:
    at_bound = ",".join(str(2 * i) for i in range(MAX_PARTS))
    assert len(Intervals.parse(at_bound)) == MAX_PARTS
    with pytest.raises(ValueError, match=f"more than {MAX_PARTS} comma-separated parts"):
        Intervals.parse(at_bound + f",{2 * MAX_PARTS}")


def test_success_policy_over_two_billion_indexes_is_one_step() -> None:
    from joblint.controller import simulate

    job = {
        "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "wide"},
        "spec": {
            "completionMode": "Indexed", "completions": 3, "parallelism": 3,
            "successPolicy": {"rules": [{"succeededIndexes": "0-2147483646", "succeededCount": 2}]},
            "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox:1.36"}]}},
        },
    }
    started = time.perf_counter()
    result = simulate(job, load_scenario("succeed"), "1.37")
    assert time.perf_counter() - started < 10
    assert result.outcome == "Complete"


def test_parser_reads_a_schedule_as_long_as_a_document_allows_quickly() -> None:
    """The cron parser's loops run over the text once; its length is bounded by the document's
    (kubeyaml.Limits.max_bytes, 16 MiB). Four mebibytes of one field parse in well under a second
    on a quiet machine."""
    from joblint.kubeyaml import DEFAULT_LIMITS

    assert DEFAULT_LIMITS.max_bytes == 16 * 1024 * 1024
    text = "0," * (2 * 1024 * 1024) + "30 * * * *"
    started = time.perf_counter()
    schedule = parse_schedule(text)
    assert time.perf_counter() - started < 5
    assert isinstance(schedule, cron.SpecSchedule) and schedule.minute == (1 << 0) | (1 << 30)
    spaced = " " * (4 * 1024 * 1024) + "* * * * *"
    assert isinstance(parse_schedule(spaced), cron.SpecSchedule)


def test_fix_rounds_are_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A fix that never settles (here: every round finds a fix that changes the file again) stops
    after MAX_ROUNDS lint-and-fix rounds, and says so."""
    from types import SimpleNamespace

    from joblint import autofix
    from joblint.catalogue import load
    from joblint.config import Config

    target = tmp_path / "cronjob.yaml"
    target.write_text(cronjob_yaml("0 3 * * *", "Etc/UTC"))
    real_lint = autofix.run_lint
    rounds: list[int] = []

    def lint_with_a_fix(*args: Any, **kwargs: Any) -> Any:
        rounds.append(1)
        result = real_lint(*args, **kwargs)
        fix = SimpleNamespace(safe=True)
        fake: Any = SimpleNamespace(file=str(target), fix=fix, code="JL999", line=1, column=1)
        result.findings = list(result.findings) + [fake]
        return result

    def apply_again(path: str, text: str, group: Any) -> Any:
        return SimpleNamespace(text=text + "# again\n", applied=list(group), skipped=[])

    monkeypatch.setattr(autofix, "run_lint", lint_with_a_fix)
    monkeypatch.setattr(autofix, "apply_fixes_report", apply_again)
    run = autofix.run_fixes([str(target)], load(), Config(kubernetes_version="1.37"), diff_only=True)
    assert len(rounds) == autofix.MAX_ROUNDS == 10
    assert run.messages[-1] == f"the fixes were still changing the files after {autofix.MAX_ROUNDS} rounds; stopped there"
    assert run.diff.count("+# again") == autofix.MAX_ROUNDS


def test_alias_expansion_bound_is_exact(tmp_path: Path) -> None:
    """kubeyaml.Limits.max_nodes: a document that expands to exactly that many nodes is read, one
    more node is refused (JL902), without expanding it."""
    from joblint.kubeyaml import DEFAULT_LIMITS
    from joblint.source import read_path

    def nodes_of(text: str) -> int:
        """The smallest max_nodes that reads `text` (bisection)."""
        path = tmp_path / "doc.yaml"
        path.write_text(text)
        lo, hi = 1, 10_000
        while lo < hi:
            mid = (lo + hi) // 2
            if read_path(str(path), DEFAULT_LIMITS._replace(max_nodes=mid)).problems:
                lo = mid + 1
            else:
                hi = mid
        return lo

    bomb = "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c]\n"
    needed = nodes_of(bomb)
    assert needed > 4 * 4 * 4 * 2  # expanded, not counted once per anchor
    path = tmp_path / "doc.yaml"
    path.write_text(bomb)
    assert read_path(str(path), DEFAULT_LIMITS._replace(max_nodes=needed)).problems == []
    (problem,) = read_path(str(path), DEFAULT_LIMITS._replace(max_nodes=needed - 1)).problems
    assert problem.code == "JL902"
    assert DEFAULT_LIMITS.max_nodes == 200_000


# --- the property ------------------------------------------------------------------------------------


def offset_seconds(zone: ZoneInfo, unix: int) -> int:
    off = datetime.fromtimestamp(unix, zone).utcoffset()
    return 0 if off is None else int(off.total_seconds())


@lru_cache(maxsize=None)
def transitions(name: str) -> tuple[int, ...]:
    """The instants (Unix seconds) at which the zone's UTC offset changes, 1970-2037: offsets read
    a day apart, each change narrowed down to the second."""
    zone = ZoneInfo(name)
    found: list[int] = []
    t = EPOCH_1970
    current = offset_seconds(zone, t)
    while t < END_2037:
        following = min(t + 86400, END_2037)
        if offset_seconds(zone, following) == current:
            t = following
            continue
        lo, hi = t, following  # offset(lo) == current != offset(hi)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if offset_seconds(zone, mid) == current:
                lo = mid
            else:
                hi = mid
        found.append(hi)
        t, current = hi, offset_seconds(zone, hi)
    return tuple(found)


def is_skipped(zone: ZoneInfo, day: date) -> bool:
    """No instant has this date on the zone's wall clock (read every 15 minutes around it)."""
    around = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
    return all(datetime.fromtimestamp(t, zone).date() != day for t in range(around - 2 * 86400, around + 2 * 86400, 900))


def wall_matches(wall: datetime, fields: dict[str, Any]) -> bool:
    """The cron reading of a wall-clock minute: day of month and weekday are ORed unless one is *."""
    if wall.month not in fields["month"] or wall.hour not in fields["hour"] or wall.minute not in fields["minute"]:
        return False
    by_day = wall.day in fields["dom"]
    by_weekday = wall.isoweekday() % 7 in fields["dow"]
    if fields["dom_star"] or fields["dow_star"]:
        return by_day and by_weekday
    return by_day or by_weekday


def brute_force_next(fields: dict[str, Any], zone: ZoneInfo, after: int, until: int) -> int | None:
    """The first instant after `after` (and not after `until`) whose wall clock reads a whole minute
    that matches: instants tried a minute apart, each aligned to second 0 of its wall clock."""
    t = after + 1
    while t <= until:
        wall = datetime.fromtimestamp(t, zone)
        if wall.second:
            aligned = t - wall.second + (60 if t - wall.second <= after else 0)
            if aligned != t:
                t = aligned
                continue
        if wall_matches(wall, fields):
            return t
        t += 60
    return None


def check_next(text: str, fields: dict[str, Any], zone_name: str, after: int) -> str:
    """One property case; returns how it came out ("equal", "hang", "differs across a transition")."""
    zone = ZoneInfo(zone_name)
    schedule = parse_schedule(text)
    moment = datetime.fromtimestamp(after, zone)
    started = time.perf_counter()
    try:
        found = schedule.next(moment)
    except ScheduleHang as exc:
        assert time.perf_counter() - started < CALL_BUDGET
        # Go loops for ever only where a day is missing from the wall clock.
        assert exc.stuck is not None
        local = exc.stuck.astimezone(zone).date()
        assert is_skipped(zone, local + timedelta(days=1)), exc.message
        return "hang"
    assert time.perf_counter() - started < CALL_BUDGET
    until = after + int(WINDOW.total_seconds())
    expected = brute_force_next(fields, zone, after, until)
    got = None if found is None else int(found.timestamp())
    if got == expected or (expected is None and (got is None or got > until)):
        return "equal"
    # robfig's search moves field by field and resets the fields below; where a change of offset
    # removes a midnight it can skip runs, or return a time in a day or month the fields exclude
    # (Go does the same: see test_answers_of_the_go_library_across_transitions). Anywhere else the
    # answers must be equal.
    horizon = max(x for x in (got, expected, until) if x is not None)
    nearby = [x for x in transitions(zone_name) if after - 2 * 86400 <= x <= horizon]
    assert nearby, f"{text!r} in {zone_name} after {moment.isoformat()}: got {found}, expected {expected}"
    return "differs across a transition"


try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    st = None  # type: ignore[assignment]


ALL_ZONES = sorted(z for z in available_timezones() if z not in ("localtime", "Factory"))

if st is not None:

    @st.composite
    def cron_field(draw: Any, lo: int, hi: int, star_weight: float) -> tuple[str, set[int], bool]:
        if draw(st.floats(0, 1)) < star_weight:
            return "*", set(range(lo, hi + 1)), True
        kind = draw(st.sampled_from(["list", "range", "step"]))
        if kind == "list":
            values = sorted(draw(st.sets(st.integers(lo, hi), min_size=1, max_size=4)))
            return ",".join(map(str, values)), set(values), False
        a = draw(st.integers(lo, hi))
        b = draw(st.integers(a, hi))
        if kind == "range":
            return f"{a}-{b}", set(range(a, b + 1)), False
        step = draw(st.integers(1, 7))
        return f"{a}-{b}/{step}", set(range(a, b + 1, step)), False

    @st.composite
    def cron_case(draw: Any) -> tuple[str, dict[str, Any], str, int]:
        # One case in eight in a zone that skipped a day, where Go's search can loop for ever.
        skipping = draw(st.integers(0, 7)) == 0
        zone = draw(st.sampled_from([z for z, _ in SKIPPED_DAYS] if skipping else ALL_ZONES))
        changes = transitions(zone)
        if changes:
            around = draw(st.sampled_from(changes))
        else:
            around = draw(st.integers(EPOCH_1970, END_2037))
        after = around + draw(st.integers(-3 * 86400, 3 * 86400))
        minute = draw(cron_field(0, 59, 0.3))
        hour = draw(cron_field(0, 23, 0.4))
        dom = draw(cron_field(1, 31, 0.6))
        month = draw(cron_field(1, 12, 0.7))
        dow = draw(cron_field(0, 6, 0.6))
        fields = {
            "minute": minute[1], "hour": hour[1], "dom": dom[1], "month": month[1], "dow": dow[1],
            "dom_star": dom[2], "dow_star": dow[2],
        }
        text = " ".join(f[0] for f in (minute, hour, dom, month, dow))
        return text, fields, zone, after

    def run_property(max_examples: int, seed: int | None = None) -> dict[str, int]:
        """The property over `max_examples` cases; returns how they came out."""
        outcomes: dict[str, int] = {}

        @settings(max_examples=max_examples, deadline=None, database=None, derandomize=seed is None,
                  suppress_health_check=list(HealthCheck))
        @given(cron_case())
        def prop(case: tuple[str, dict[str, Any], str, int]) -> None:
            text, fields, zone, after = case
            outcome = check_next(text, fields, zone, after)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1

        if seed is not None:
            from hypothesis import seed as with_seed

            prop = with_seed(seed)(prop)
        prop()
        return outcomes

    def test_next_terminates_and_agrees_with_a_minute_by_minute_search() -> None:
        """Small budget for CI (a few seconds); bench/fuzz.py --cron-property runs thousands."""
        outcomes = run_property(120)
        assert sum(outcomes.values()) >= 120


def test_property_check_itself_on_known_cases() -> None:
    """The pieces of the property, on cases whose outcome is known."""
    every_day = {"minute": {5}, "hour": {4}, "dom": set(range(1, 32)), "month": set(range(1, 13)), "dow": set(range(7)),
                 "dom_star": True, "dow_star": True}
    sundays = dict(every_day, dow={0}, dow_star=False)
    apia_from = int(APIA_FROM.timestamp())
    assert check_next("5 4 * * sun", sundays, "Pacific/Apia", apia_from) == "hang"
    assert check_next("5 4 * * *", every_day, "Pacific/Apia", apia_from) == "equal"
    assert check_next("5 4 * * sun", sundays, "Europe/Berlin", apia_from) == "equal"
    assert is_skipped(APIA, date(2011, 12, 30)) and not is_skipped(APIA, date(2011, 12, 29))
    apia_changes = transitions("Pacific/Apia")
    assert int(datetime(2011, 12, 30, 10, 0, tzinfo=UTC).timestamp()) in apia_changes
    assert transitions("Etc/UTC") == ()


def test_cross_document_findings_are_one_per_object() -> None:
    """A cross-document rule reports each object once, naming how many others are involved:
    nine Jobs of one name give eight JL300 findings, each pointing at the first definition."""
    from tests.conftest import lint_text

    job = (
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: same\nspec:\n  template:\n    spec:\n"
        "      restartPolicy: Never\n      containers:\n      - {name: main, image: busybox:1.36}\n"
    )
    found = [f for f in lint_text("---\n".join([job] * 9)) if f.code == "JL300"]
    assert [f.document for f in found] == list(range(1, 9))
    assert found[-1].message.startswith("Job default/same is also defined at -:4 and 7 more times: applied together")
    assert found[-1].related is not None and found[-1].related["count"] == 8
    assert [i["document"] for i in found[-1].related["items"]] == list(range(8))


def test_scenario_index_sets_are_bounded(tmp_path: Path) -> None:
    from joblint.controller import ScenarioError
    from joblint.controller.scenario import MAX_SCENARIO_INDEXES, parse_index_set

    assert MAX_SCENARIO_INDEXES == 1_000_000
    assert len(parse_index_set(f"0-{MAX_SCENARIO_INDEXES - 1}")) == MAX_SCENARIO_INDEXES
    with pytest.raises(ValueError, match="more than 1,000,000 indexes"):
        parse_index_set(",".join(["0-999999"] * 1000))  # each part under the per-part bound
    scenario = tmp_path / "many.yaml"
    scenario.write_text("name: many\noverrides:\n- index: " + ",".join(["0-999999"] * 3) + "\n  outcome: fail\n")
    with pytest.raises(ScenarioError, match="overrides\\[0\\].index: more than 1,000,000 indexes"):
        load_scenario(str(scenario))


def test_schedule_window_past_the_year_9999_is_a_usage_error(tmp_path: Path) -> None:
    manifest = tmp_path / "cronjob.yaml"
    manifest.write_text(cronjob_yaml("0 3 * * *"))
    result = CliRunner().invoke(main, ["schedule", str(manifest), "--scenario", "succeed", "--until", "100000000d"])
    assert result.exit_code == 2
    assert "--until 100000000d: the window ends after the year 9999" in result.output
