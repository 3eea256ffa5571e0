"""Edge cases of the JL2xx checks (joblint/checks/cronjobs.py)."""

from __future__ import annotations

import textwrap

import pytest

from .conftest import lint_text
from .conftest import rule_hits as hits


def cronjob(schedule: str = "0 3 * * *", spec: str = "", job_spec: str = "", name: str = "nightly") -> str:
    return (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n"
        f"  name: {name}\n"
        "spec:\n"
        f'  schedule: "{schedule}"\n'
        f"{textwrap.indent(textwrap.dedent(spec), '  ')}"
        "  jobTemplate:\n"
        "    spec:\n"
        f"{textwrap.indent(textwrap.dedent(job_spec), '      ')}"
        "      template:\n"
        "        spec:\n"
        "          restartPolicy: Never\n"
        "          containers:\n"
        "          - name: main\n"
        "            image: registry.example.com/work:1.0.0\n"
        '            args: ["$(JOB_COMPLETION_INDEX)"]\n'
    )


@pytest.mark.parametrize(
    ("schedule", "fires"),
    [
        ("0 0 30 2 *", False),
        ("0 0 31 4,6,9,11 *", False),
        ("0 0 31 * *", True),
        ("0 0 29 2 *", True),  # leap years
        ("0 0 30 2 1", True),  # day of month OR day of week when both are restricted
        ("@daily", True),
    ],
)
def test_never_fires(schedule: str, fires: bool) -> None:
    found = hits(cronjob(schedule), "JL200")
    assert (found == []) is fires
    if not fires:
        assert schedule in found[0].message and found[0].field == "spec.schedule"


def test_unparsable_schedule_is_left_to_the_api_rule() -> None:
    found = lint_text(cronjob("0 0 * *"))
    assert "JL200" not in [f.code for f in found]


def test_deadline_equal_to_interval_is_fine() -> None:
    assert hits(cronjob("0 * * * *", job_spec="activeDeadlineSeconds: 3600\n"), "JL201") == []
    assert len(hits(cronjob("0 * * * *", job_spec="activeDeadlineSeconds: 3601\n"), "JL201")) == 1


def test_each_concurrency_policy_has_one_rule() -> None:
    for policy, code in (("Allow", "JL201"), ("Replace", "JL201"), ("Forbid", "JL203")):
        text = cronjob("*/5 * * * *", spec=f"concurrencyPolicy: {policy}\n", job_spec="activeDeadlineSeconds: 900\n")
        found = lint_text(text, extend_select=["JL201", "JL203"])
        assert [f.code for f in found if f.code in ("JL201", "JL203")] == [code], policy


def test_uneven_schedule_uses_its_shortest_interval() -> None:
    # 00:00 and 00:30, then nothing until the next day: the shortest gap is 30 minutes.
    (hit,) = hits(cronjob("0,30 0 * * *", job_spec="activeDeadlineSeconds: 3600\n"), "JL201")
    assert "1800 s" in hit.message and "up to 2 at once" in hit.message


def test_allow_without_deadline_points_at_the_written_policy() -> None:
    (hit,) = hits(cronjob(spec="concurrencyPolicy: Allow\n"), "JL202")
    assert hit.field == "spec.concurrencyPolicy"
    assert hits(cronjob(spec="concurrencyPolicy: Forbid\n"), "JL202") == []


def test_starting_deadline_boundaries() -> None:
    assert len(hits(cronjob(spec="startingDeadlineSeconds: 0\n"), "JL204")) == 1
    assert len(hits(cronjob(spec="startingDeadlineSeconds: 9\n"), "JL204")) == 1
    assert hits(cronjob(spec="startingDeadlineSeconds: 10\n"), "JL204") == []


def test_no_judgement_on_a_value_the_server_refuses() -> None:
    """startingDeadlineSeconds -5 is an API error (JL022); JL204 on the same field would only
    repeat it. Rules on other fields of the refused object still speak."""
    found = lint_text(cronjob("*/5 * * * *", spec="startingDeadlineSeconds: -5\n"), extend_select=["JL206"])
    assert sorted((f.code, f.field) for f in found) == [("JL022", "spec.startingDeadlineSeconds"), ("JL206", "spec.schedule")]
    assert hits(cronjob(spec="startingDeadlineSeconds: 5\n"), "JL204") != []  # a value the server takes


def test_no_starting_deadline_only_for_frequent_schedules() -> None:
    assert len(hits(cronjob("*/15 * * * *"), "JL205")) == 1
    assert hits(cronjob("0 3 * * *"), "JL205") == []
    assert len(hits(cronjob("0 3 * * *"), "JL205", options={"JL205": {"max-interval-seconds": 86400}})) == 1


def test_ttl_against_history() -> None:
    """Only a TTL that deletes the failed Job failedJobsHistoryLimit would keep, before an hour
    (the `min-ttl-seconds` option), is reported; a TTL deciding how long successes stay is a choice."""
    daily = "0 3 * * *"
    assert hits(cronjob(daily, job_spec="ttlSecondsAfterFinished: 3600\n"), "JL209") == []
    [hit] = hits(cronjob(daily, job_spec="ttlSecondsAfterFinished: 600\n"), "JL209")
    assert hit.severity == "info"
    assert hit.message == (
        "ttlSecondsAfterFinished 600 deletes a failed run's Job, with its pods and logs, 600 s (10m) "
        "after it fails, while failedJobsHistoryLimit 1 would keep it until a later failure (runs are "
        "at least 86400 s (1d) apart): only 600 s (10m) to look at a failure"
    )
    longer = {"JL209": {"min-ttl-seconds": 86400}}
    assert len(hits(cronjob(daily, job_spec="ttlSecondsAfterFinished: 7200\n"), "JL209", options=longer)) == 1
    no_history = "successfulJobsHistoryLimit: 0\nfailedJobsHistoryLimit: 0\n"
    assert hits(cronjob(daily, spec=no_history, job_spec="ttlSecondsAfterFinished: 0\n"), "JL209") == []
    [zero] = hits(cronjob(daily, job_spec="ttlSecondsAfterFinished: 0\n"), "JL209")
    assert "failedJobsHistoryLimit 1 keeps nothing" in zero.message


def test_ttl_deciding_retention_of_a_frequent_schedule_is_harmless() -> None:
    """A 1-hour TTL with history limits of 3 on a 30-minute schedule: the TTL decides retention."""
    spec = "successfulJobsHistoryLimit: 3\nfailedJobsHistoryLimit: 3\n"
    assert hits(cronjob("*/30 * * * *", spec=spec, job_spec="ttlSecondsAfterFinished: 3600\n"), "JL209") == []
    # A failure is only replaced by the next failure: with 3 kept, a 5-minute TTL on a
    # 30-minute schedule still cuts the time to look at one.
    assert len(hits(cronjob("*/30 * * * *", spec=spec, job_spec="ttlSecondsAfterFinished: 300\n"), "JL209")) == 1


@pytest.mark.parametrize(
    ("name", "completions", "reported"),
    [
        ("a" * 50, 100, False),  # 50 + 1 + 8 + 1 + 2 = 62
        ("a" * 52, 10, False),  # 52 + 1 + 8 + 1 + 1 = 63
        ("a" * 52, 11, True),  # 52 + 1 + 8 + 1 + 2 = 64
        ("a" * 51, 101, True),  # 51 + 1 + 8 + 1 + 3 = 64
        ("report.nightly", 3, True),  # a DNS subdomain, not a label
    ],
)
def test_generated_names(name: str, completions: int, reported: bool) -> None:
    text = cronjob(name=name, job_spec=f"completions: {completions}\ncompletionMode: Indexed\n")
    found = hits(text, "JL210")
    assert bool(found) is reported
    if found:
        assert found[0].field == "metadata.name"


def test_generated_names_non_indexed_are_fine() -> None:
    assert hits(cronjob(name="a" * 52, job_spec="completions: 500\n"), "JL210") == []
