"""Edge cases of the JL1xx checks (joblint/checks/jobs.py) and their helpers."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from joblint.checks import jobs
from joblint.model import PodFailurePolicyRule

from .conftest import lint_text
from .conftest import rule_hits as hits


def job(spec: str = "", pod: str = "", meta: str = "", template_meta: str = "", name: str = "work") -> str:
    """A Job the server accepts, with extra lines for spec, pod spec, metadata, template metadata."""
    return (
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n"
        f"  name: {name}\n{textwrap.indent(textwrap.dedent(meta), '  ')}"
        "spec:\n"
        f"{textwrap.indent(textwrap.dedent(spec), '  ')}"
        "  template:\n"
        + (f"    metadata:\n{textwrap.indent(textwrap.dedent(template_meta), '      ')}" if template_meta else "")
        + "    spec:\n"
        "      restartPolicy: Never\n"
        f"{textwrap.indent(textwrap.dedent(pod), '      ')}"
        "      containers:\n"
        "      - name: main\n"
        "        image: registry.example.com/work:1.0.0\n"
    )


def cronjob(job_spec: str = "", pod: str = "", cron_spec: str = "", name: str = "nightly") -> str:
    return (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n"
        f"  name: {name}\n"
        "spec:\n"
        '  schedule: "0 3 * * *"\n'
        f"{textwrap.indent(textwrap.dedent(cron_spec), '  ')}"
        "  jobTemplate:\n"
        "    spec:\n"
        f"{textwrap.indent(textwrap.dedent(job_spec), '      ')}"
        "      template:\n"
        "        spec:\n"
        "          restartPolicy: Never\n"
        f"{textwrap.indent(textwrap.dedent(pod), '          ')}"
        "          containers:\n"
        "          - name: main\n"
        "            image: registry.example.com/work:1.0.0\n"
    )


# --- helpers -------------------------------------------------------------------------------------


def test_backoff_delay_doubles_and_caps_at_ten_minutes() -> None:
    assert [jobs.backoff_delay(n) for n in range(1, 9)] == [10, 20, 40, 80, 160, 320, 600, 600]
    assert jobs.backoff_delay(10_000) == 600


@pytest.mark.parametrize(
    ("limit", "pod_seconds", "expected"),
    [
        (0, 0, 0),
        (0, 30, 30),
        (1, 0, 10),
        (5, 0, 310),
        (6, 0, 630),
        (10, 0, 10 + 20 + 40 + 80 + 160 + 320 + 4 * 600),
        (3, 60, 4 * 60 + 10 + 20 + 40),
        (2**31 - 1, 0, 630 + (2**31 - 1 - 6) * 600),
    ],
)
def test_time_to_exhaust(limit: int, pod_seconds: int, expected: int) -> None:
    assert jobs.time_to_exhaust(limit, pod_seconds) == expected


def test_pods_within_deadline() -> None:
    assert jobs.pods_within(100, 5, 0) == 4  # pods start at 0, 10, 30, 70; the next at 150
    assert jobs.pods_within(1, 5, 0) == 1
    assert jobs.pods_within(10_000, 2, 0) == 3  # never more than backoffLimit + 1


def rule(**body: Any) -> PodFailurePolicyRule:
    return PodFailurePolicyRule.model_validate(body)


def codes_rule(action: str, op: str, values: list[int], container: str | None = None) -> PodFailurePolicyRule:
    req: dict[str, Any] = {"operator": op, "values": values}
    if container:
        req["containerName"] = container
    return rule(action=action, onExitCodes=req)


def cond_rule(action: str, *patterns: tuple[str, str | None]) -> PodFailurePolicyRule:
    return rule(
        action=action,
        onPodConditions=[{"type": t, **({"status": s} if s else {})} for t, s in patterns],
    )


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (codes_rule("Count", "In", [1, 2, 3]), codes_rule("FailJob", "In", [2, 3]), True),
        (codes_rule("Count", "In", [1, 2]), codes_rule("FailJob", "In", [2, 3]), False),
        (codes_rule("Count", "NotIn", [0]), codes_rule("FailJob", "In", [42]), True),
        (codes_rule("Count", "NotIn", [42]), codes_rule("FailJob", "In", [42]), False),
        (codes_rule("Count", "NotIn", [1]), codes_rule("FailJob", "NotIn", [1, 2]), True),
        (codes_rule("Count", "NotIn", [1, 2]), codes_rule("FailJob", "NotIn", [1]), False),
        (codes_rule("Count", "In", [1, 2]), codes_rule("FailJob", "NotIn", [0]), False),
        # A container-specific rule covers only that container; a rule for any container, all.
        (codes_rule("Count", "In", [1], "a"), codes_rule("FailJob", "In", [1]), False),
        (codes_rule("Count", "In", [1]), codes_rule("FailJob", "In", [1], "a"), True),
        (codes_rule("Count", "In", [1], "a"), codes_rule("FailJob", "In", [1], "b"), False),
        # Conditions: a superset of (type, status) patterns; status defaults to True.
        (cond_rule("Ignore", ("DisruptionTarget", None)), cond_rule("FailJob", ("DisruptionTarget", "True")), True),
        (cond_rule("Ignore", ("DisruptionTarget", "True")), cond_rule("FailJob", ("DisruptionTarget", "False")), False),
        (
            cond_rule("Ignore", ("DisruptionTarget", None), ("ConfigIssue", None)),
            cond_rule("FailJob", ("ConfigIssue", None)),
            True,
        ),
        # Exit codes and conditions never shadow each other.
        (codes_rule("Count", "NotIn", [0]), cond_rule("Ignore", ("DisruptionTarget", None)), False),
    ],
)
def test_covers(earlier: PodFailurePolicyRule, later: PodFailurePolicyRule, expected: bool) -> None:
    assert jobs.covers(earlier, later) is expected


# --- completions and parallelism -----------------------------------------------------------------


def test_parallelism_over_completions_names_the_numbers() -> None:
    (hit,) = hits(job("completions: 3\nparallelism: 8\n"), "JL101")
    assert hit.message.startswith("parallelism 8 exceeds completions 3: at most 3 pods run at once; the other 5")
    assert hit.field == "spec.parallelism"


def test_completions_zero_is_its_own_message() -> None:
    (hit,) = hits(job("completions: 0\nparallelism: 2\n"), "JL101")
    assert "complete as soon as it is created" in hit.message


def test_completions_one_is_reported_once() -> None:
    text = job("completions: 1\nparallelism: 4\n")
    assert hits(text, "JL101") == []
    assert len(hits(text, "JL103")) == 1


def test_job_rules_cover_the_cronjob_job_template() -> None:
    (hit,) = hits(cronjob("completions: 2\nparallelism: 5\n"), "JL101")
    assert hit.field == "spec.jobTemplate.spec.parallelism"
    (paused,) = hits(cronjob("parallelism: 0\n"), "JL102")
    assert "each Job this CronJob creates" in paused.message


def test_cronjob_template_gets_job_defaults() -> None:
    # The server stores a CronJob's job template without Job defaults; rules see them anyway:
    # parallelism alone leaves completions unset (work queue), both unset mean 1 and 1.
    assert len(hits(cronjob("parallelism: 3\n"), "JL104")) == 1
    assert hits(cronjob(""), "JL104") == []
    assert hits(cronjob(""), "JL103") == []


def test_parallelism_alone_of_one_is_no_work_queue_finding() -> None:
    assert hits(job("parallelism: 1\n"), "JL104") == []


def test_work_queue_without_ignore_rule() -> None:
    text = job(
        "parallelism: 3\npodFailurePolicy:\n  rules:\n  - action: FailJob\n"
        "    onExitCodes: {operator: In, values: [42]}\n"
    )
    assert hits(text, "JL105") == []


# --- Indexed --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pod",
    [
        'containers:\n- name: main\n  image: registry.example.com/work:1.0.0\n  args: ["--shard", "$(JOB_COMPLETION_INDEX)"]\n',
        "containers:\n- name: main\n  image: registry.example.com/work:1.0.0\n  env:\n  - name: SHARD\n"
        "    valueFrom:\n      fieldRef:\n        fieldPath: metadata.labels['batch.kubernetes.io/job-completion-index']\n",
    ],
)
def test_index_use_is_recognised(pod: str) -> None:
    text = (
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: shards}\nspec:\n  completions: 3\n"
        "  completionMode: Indexed\n  template:\n    spec:\n      restartPolicy: Never\n"
        + textwrap.indent(pod, "      ")
    )
    assert hits(text, "JL106") == []


def test_index_unused_in_non_indexed_job_is_not_reported() -> None:
    assert hits(job("completions: 3\n"), "JL106") == []


def test_many_completions_threshold_is_an_option() -> None:
    text = job("completions: 50\nparallelism: 5\n")
    assert hits(text, "JL107") == []
    assert len(hits(text, "JL107", options={"JL107": {"min-completions": 20}})) == 1
    # a backoffLimit that covers every completion is a decision, not an oversight
    assert hits(job("completions: 500\nbackoffLimit: 500\n"), "JL107") == []


# --- selector and labels -------------------------------------------------------------------------


def test_manual_selector_copy_fix_is_unsafe() -> None:
    """Removing the copied selector stops the adoption of pods still carrying the old labels:
    the fix changes what the Job does, so it is offered only with --unsafe-fixes."""
    text = job(
        "manualSelector: true\nselector:\n  matchLabels:\n    controller-uid: 1234\n    job-name: work\n",
        template_meta="labels:\n  controller-uid: '1234'\n  job-name: work\n  app: work\n",
    )
    text = text.replace("controller-uid: 1234\n", "controller-uid: '1234'\n")
    (hit,) = hits(text, "JL110")
    assert hit.fix is not None and not hit.fix.safe
    assert "unsafe" in hit.fix.description
    ops = hit.fix.edit["ops"]
    assert {"op": "delete", "path": ["spec", "selector"]} in ops
    assert {"op": "delete", "path": ["spec", "template", "metadata", "labels", "job-name"]} in ops
    assert {"op": "delete", "path": ["spec", "template", "metadata", "labels", "controller-uid"]} in ops
    assert not any(op["path"][-1] == "app" for op in ops)


ADOPTING = job(
    "manualSelector: true\nselector:\n  matchLabels:\n    batch.kubernetes.io/controller-uid: a8f3d00d-c6d2-11e5-9f87-42010af00002\n",
    template_meta="labels:\n  batch.kubernetes.io/controller-uid: a8f3d00d-c6d2-11e5-9f87-42010af00002\n",
)


def test_documented_adoption_recipe_is_explained_not_warned() -> None:
    """Jobs documentation, "Specifying your own Pod selector": a new Job selects the
    controller-uid of an old Job deleted with --cascade=orphan and adopts its pods."""
    assert hits(ADOPTING, "JL110") == []
    assert hits(ADOPTING, "JL111") == []
    (hit,) = hits(ADOPTING, "JL118")
    assert hit.severity == "info"
    assert "adopts the pods" in hit.message and "a8f3d00d-c6d2-11e5-9f87-42010af00002" in hit.message
    assert hit.fix is None


def test_exported_job_is_not_taken_for_an_adoption() -> None:
    """`kubectl get job work -o yaml` keeps job-name: work on the template: this Job, exported."""
    text = ADOPTING.replace(
        "labels:\n", "labels:\n        batch.kubernetes.io/job-name: work\n", 1
    )
    assert hits(text, "JL118") == []
    (hit,) = hits(text, "JL110")
    assert hit.fix is not None and not hit.fix.safe


def test_manual_selector_of_own_labels_has_no_fix() -> None:
    text = job(
        "manualSelector: true\nselector:\n  matchLabels: {app: work}\n", template_meta="labels: {app: work}\n"
    )
    (hit,) = hits(text, "JL110")
    assert hit.fix is None


def test_generated_label_with_the_servers_value_is_accepted_silently() -> None:
    assert hits(job(template_meta="labels: {job-name: work}\n"), "JL111") == []


def test_generated_label_under_manual_selector() -> None:
    text = job(
        "manualSelector: true\nselector:\n  matchLabels: {app: work}\n",
        template_meta="labels: {app: work, job-name: other}\n",
    )
    (hit,) = hits(text, "JL111")
    assert "the Job named other" in hit.message


# --- deadlines -----------------------------------------------------------------------------------


def test_pod_deadline_fix_moves_it_in_a_cronjob() -> None:
    (hit,) = hits(cronjob(pod="activeDeadlineSeconds: 300\n"), "JL112")
    assert hit.field == "spec.jobTemplate.spec.template.spec.activeDeadlineSeconds"
    assert hit.fix is not None and not hit.fix.safe
    assert hit.fix.edit == {
        "ops": [
            {
                "op": "move",
                "path": ["spec", "jobTemplate", "spec", "template", "spec", "activeDeadlineSeconds"],
                "to": ["spec", "jobTemplate", "spec", "activeDeadlineSeconds"],
            }
        ]
    }


def test_pod_deadline_equal_to_job_deadline_never_applies() -> None:
    assert len(hits(job("activeDeadlineSeconds: 600\n", pod="activeDeadlineSeconds: 600\n"), "JL113")) == 1
    assert hits(job("activeDeadlineSeconds: 600\n", pod="activeDeadlineSeconds: 599\n"), "JL113") == []


def test_no_deadline_defers_to_the_pod_only_rule() -> None:
    assert hits(job(pod="activeDeadlineSeconds: 60\n"), "JL114") == []
    assert len(hits(job(), "JL114")) == 1


def test_deadline_cuts_retries_with_pod_run_time() -> None:
    text = job("backoffLimit: 2\nactiveDeadlineSeconds: 100\n")  # back-off alone: 30 s
    assert hits(text, "JL115") == []
    (hit,) = hits(text, "JL115", options={"JL115": {"pod-seconds": 60}})  # 3 × 60 + 30 = 210 s
    assert "210 s" in hit.message and "60 s per pod run" in hit.message


def test_deadline_rule_skips_per_index_limits_and_zero() -> None:
    assert hits(job("backoffLimit: 0\nactiveDeadlineSeconds: 5\n"), "JL115") == []
    text = job(
        "completions: 4\ncompletionMode: Indexed\nbackoffLimitPerIndex: 3\nactiveDeadlineSeconds: 5\n",
        pod="",
    )
    assert hits(text, "JL115") == []


# --- TTL and suspend -----------------------------------------------------------------------------


def test_missing_ttl_fix_uses_the_option() -> None:
    (hit,) = hits(job(), "JL116", options={"JL116": {"ttl-seconds": 3600}})
    assert hit.fix is not None and not hit.fix.safe
    assert hit.fix.edit == {"ops": [{"op": "set", "path": ["spec", "ttlSecondsAfterFinished"], "value": 3600}]}


def test_missing_ttl_is_not_reported_for_cronjobs() -> None:
    assert hits(cronjob(), "JL116") == []


def test_ttl_zero_only_for_jobs() -> None:
    assert len(hits(job("ttlSecondsAfterFinished: 0\n"), "JL117")) == 1
    assert hits(cronjob("ttlSecondsAfterFinished: 0\n"), "JL117") == []


def test_suspended_job_template_of_a_cronjob() -> None:
    (hit,) = hits(cronjob("suspend: true\n"), "JL119")
    assert hit.field == "spec.jobTemplate.spec.suspend"
    assert "every Job this CronJob creates" in hit.message


def test_suspended_job_managed_by_a_queue_is_fine() -> None:
    assert hits(job("suspend: true\nmanagedBy: kueue.x-k8s.io/multikueue\n"), "JL119") == []


# --- pod failure policy and replacement ----------------------------------------------------------


def test_disruption_rule_with_any_action_silences_the_hint() -> None:
    text = job(
        "podFailurePolicy:\n  rules:\n  - action: Count\n    onPodConditions:\n    - type: DisruptionTarget\n"
    )
    assert hits(text, "JL120") == []


def test_unreachable_rule_reports_each_dead_rule_once() -> None:
    text = job(
        "podFailurePolicy:\n  rules:\n"
        "  - action: Count\n    onExitCodes: {operator: NotIn, values: [0]}\n"
        "  - action: FailJob\n    onExitCodes: {operator: In, values: [1]}\n"
        "  - action: Ignore\n    onExitCodes: {operator: In, values: [2]}\n"
    )
    found = hits(text, "JL121")
    assert [f.field for f in found] == ["spec.podFailurePolicy.rules[1]", "spec.podFailurePolicy.rules[2]"]
    assert "rule 0 (Count on exit codes NotIn [0])" in found[0].message


def test_replacement_hint_needs_a_long_grace_period() -> None:
    assert hits(job(pod="terminationGracePeriodSeconds: 30\n"), "JL122") == []
    assert len(hits(job(pod="terminationGracePeriodSeconds: 120\n"), "JL122")) == 1
    # with a podFailurePolicy the server already defaults podReplacementPolicy to Failed
    text = job(
        "podFailurePolicy:\n  rules:\n  - action: Ignore\n    onPodConditions:\n    - type: DisruptionTarget\n",
        pod="terminationGracePeriodSeconds: 120\n",
    )
    assert hits(text, "JL122") == []


# --- robustness: checks run on objects the server rejects too -------------------------------------

ODD = [
    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\nspec: {}\n",
    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\n",
    job("completionMode: Indexed\n"),
    job("completions: -3\nparallelism: -1\nbackoffLimit: -2\nactiveDeadlineSeconds: -5\nttlSecondsAfterFinished: -1\n"),
    job("completions: 2\ncompletionMode: Indexed\nbackoffLimitPerIndex: -1\nmaxFailedIndexes: 5\n"),
    job("podFailurePolicy:\n  rules:\n  - action: Count\n  - action: Bogus\n    onExitCodes: {operator: Bogus, values: []}\n"
        "  - action: Ignore\n    onPodConditions: []\n"),
    job("manualSelector: true\n"),
    job("manualSelector: true\nselector: {}\n"),
    job(template_meta="labels: {}\n"),
    job(pod="activeDeadlineSeconds: 0\nterminationGracePeriodSeconds: -1\n"),
    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: a}\nspec: {schedule: '0 1 * * *'}\n",
    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: a}\nspec:\n  schedule: ''\n  jobTemplate: {}\n",
    cronjob("completions: 0\ncompletionMode: Indexed\nttlSecondsAfterFinished: -4\n", cron_spec="successfulJobsHistoryLimit: -1\n"),
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: [a], matchExpressions: x}\n"
    "  template: {metadata: {labels: [1, 2]}}\n---\n" + job(template_meta="labels: {app: x}\n"),
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector:\n    matchExpressions:\n"
    "    - {key: [a], operator: In, values: x}\n    - 7\n---\n" + job(template_meta="labels: {app: x}\n"),
    "- 1\n- 2\n",
]


@pytest.mark.parametrize("text", ODD)
def test_checks_do_not_crash_on_odd_objects(text: str) -> None:
    lint_text(text, select=["ALL"])
