"""Judgement findings on real-looking manifests, continued (issue 13, items 5 to 8).

Each test is built from a pattern seen in public repositories' manifests: selectors of other
kinds of objects over a Job's pods (JL301-JL304), dry-run consequences that must not rest on an
assumed pod duration (JL400), Forbid CronJobs without a deadline (JL212), and batch/v1beta1
CronJobs validated as the batch/v1 object they become (JL002)."""

from __future__ import annotations

from .conftest import lint_text, rule_hits

# --- JL212: Forbid without a deadline ----------------------------------------------------------

# Modelled on a homelab GitOps repository: a weekly download job, Forbid, no deadline.
WEEKLY_FORBID = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: yt-dlp
  namespace: media
spec:
  timeZone: Europe/Berlin
  schedule: "0 18 * * SAT"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: yt-dlp
              image: ghcr.io/example/yt-dlp:2025.3.31
              args: ["--batch-file", "/config/urls.txt"]
"""


def test_forbid_without_deadline_is_a_warning_that_names_the_interval() -> None:
    [hit] = rule_hits(WEEKLY_FORBID, "JL212")
    assert hit.severity == "warning" and hit.field == "spec.concurrencyPolicy"
    assert "skips every later run" in hit.message and "prior execution is running" in hit.message
    assert "every 604800 s (7d) at the shortest" in hit.message
    assert hit.fix is not None and not hit.fix.safe
    assert "activeDeadlineSeconds: 544320" in hit.fix.description  # 9/10 of a week, whole minutes


def test_forbid_without_deadline_is_on_by_default_and_alone() -> None:
    found = lint_text(WEEKLY_FORBID, extend_select=["JL114", "JL202", "JL203"])
    assert [f.code for f in found if f.code in ("JL212", "JL114", "JL202", "JL203")] == ["JL212"]


def test_forbid_with_a_job_or_pod_deadline_is_not_reported() -> None:
    with_job_deadline = WEEKLY_FORBID.replace("      backoffLimit: 0\n", "      backoffLimit: 0\n      activeDeadlineSeconds: 14400\n")
    assert rule_hits(with_job_deadline, "JL212") == []
    with_pod_deadline = WEEKLY_FORBID.replace("          restartPolicy: Never\n", "          restartPolicy: Never\n          activeDeadlineSeconds: 14400\n")
    assert rule_hits(with_pod_deadline, "JL212") == []


def test_forbid_with_a_deadline_longer_than_the_interval_is_left_to_jl203() -> None:
    hourly = WEEKLY_FORBID.replace("0 18 * * SAT", "0 * * * *").replace(
        "      backoffLimit: 0\n", "      backoffLimit: 0\n      activeDeadlineSeconds: 7200\n"
    )
    found = lint_text(hourly)
    assert [f.code for f in found if f.code in ("JL212", "JL203")] == ["JL203"]


def test_allow_and_replace_are_not_reported() -> None:
    for policy in ("Allow", "Replace"):
        text = WEEKLY_FORBID.replace("concurrencyPolicy: Forbid", f"concurrencyPolicy: {policy}")
        assert rule_hits(text, "JL212") == []


def test_forbid_on_a_never_firing_schedule_is_not_reported() -> None:
    text = WEEKLY_FORBID.replace("0 18 * * SAT", "0 0 31 2 *").replace("  timeZone", "  suspend: true\n  timeZone")
    assert rule_hits(text, "JL212") == []


def test_suggested_deadline_is_below_the_interval() -> None:
    from joblint.checks.concurrency import suggested_deadline

    assert suggested_deadline(3600) == 3240
    assert suggested_deadline(300) == 270
    assert suggested_deadline(60) == 54
    assert suggested_deadline(1) == 1
    for interval in (60, 300, 900, 3600, 86400):
        assert 0 < suggested_deadline(interval) < interval


# --- JL400: no consequence rests on an assumed pod duration ------------------------------------

# A CKAD-style exercise: a short Job with a 30 s deadline; its pod sleeps 5 s.
SHORT_DEADLINE_JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: hello
spec:
  activeDeadlineSeconds: 30
  ttlSecondsAfterFinished: 600
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: hello
        image: busybox:1.36
        command: ["/bin/sh", "-c", "echo hello; sleep 5; echo world"]
"""


def test_a_short_deadline_is_not_blamed_on_an_eviction() -> None:
    """The issue's case: with the assumed 30 s pod run, evict-once failed on the deadline, which came
    from the assumed duration, not from the eviction. Nothing duration-free is wrong here."""
    assert rule_hits(SHORT_DEADLINE_JOB, "JL400") == []


def test_an_eviction_that_fails_the_job_by_counting_is_reported_without_times() -> None:
    # The Argo CD example apps' PreSync hook shape: one attempt only.
    text = SHORT_DEADLINE_JOB.replace("  activeDeadlineSeconds: 30\n", "  backoffLimit: 0\n")
    [hit] = rule_hits(text, "JL400")
    assert hit.field == "spec.backoffLimit"
    assert hit.message == (
        "a single eviction (a node drain, a preemption, the Eviction API) fails the Job with "
        "BackoffLimitExceeded: evicted pods count toward backoffLimit 0, unless a podFailurePolicy rule "
        "ignores the DisruptionTarget condition"
    )
    # The same holds with a deadline: the eviction comes first, whatever the pods' duration.
    with_deadline = text.replace("  backoffLimit: 0\n", "  backoffLimit: 0\n  activeDeadlineSeconds: 30\n")
    assert [h.message for h in rule_hits(with_deadline, "JL400")] == [hit.message]


def test_evictions_ignored_by_the_pod_failure_policy_are_not_reported() -> None:
    text = SHORT_DEADLINE_JOB.replace(
        "  activeDeadlineSeconds: 30\n",
        "  backoffLimit: 0\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n"
        "      onPodConditions:\n      - type: DisruptionTarget\n",
    )
    assert rule_hits(text, "JL400") == []


# A sharded export: 100 completions, 2 at a time, all within 10 minutes.
SHARDED_EXPORT = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: export
  namespace: pipelines
spec:
  completions: 100
  parallelism: 2
  backoffLimit: 2
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 86400
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: registry.example.com/export:1.4.8
        command: ["python", "-m", "export.run"]
"""


def test_a_deadline_shared_by_many_rounds_of_pods_is_stated_as_a_bound() -> None:
    # 50 rounds in 600 s leave 12 s a pod: long enough not to be reported.
    assert rule_hits(SHARDED_EXPORT, "JL400") == []
    [hit] = rule_hits(SHARDED_EXPORT.replace("parallelism: 2", "parallelism: 1"), "JL400")
    assert hit.field == "spec.activeDeadlineSeconds"
    assert hit.message == (
        "activeDeadlineSeconds 600 counts for the whole Job, not per pod: 100 completions run 1 at a time, "
        "in 100 rounds one after another, so each pod has 6 s on average, scheduling and start-up included; "
        "pods that need longer make the Job fail with DeadlineExceeded even when every one of them succeeds"
    )
    assert "10 s" not in hit.message and "30 s" not in hit.message  # no assumed duration


def test_a_huge_backoff_limit_is_reported_only_when_even_the_shortest_pods_do_not_exhaust_it() -> None:
    # 990 retries of pods failing after 30 s take more than a week (back-off caps at 10 minutes),
    # of pods failing after 1 s less: no claim that the Job "does not fail" may rest on the
    # assumed 30 s pods.
    text = SHORT_DEADLINE_JOB.replace("  activeDeadlineSeconds: 30\n", "  backoffLimit: 990\n")
    assert rule_hits(text, "JL400") == []
    [hit] = rule_hits(text.replace("990", "5000"), "JL400")
    assert hit.field == "spec.backoffLimit"
    assert "does not fail within 7d: even when each pod fails after 1 s it is still retrying then" in hit.message


# --- JL301-JL305: what really happens for each kind of object that selects a Job's pods -------

# Modelled on a rendered Helm chart (Kong's bootstrap Job): every template carries the chart's
# selector labels, so the Deployment, its Service, budget and policy all select the Job's pods.
CHART = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: kong
  namespace: kong
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: kong
      app.kubernetes.io/instance: kong
  template:
    metadata:
      labels:
        app.kubernetes.io/name: kong
        app.kubernetes.io/instance: kong
    spec:
      containers:
      - name: proxy
        image: kong:3.6
---
apiVersion: v1
kind: Service
metadata:
  name: kong-proxy
  namespace: kong
spec:
  selector:
    app.kubernetes.io/name: kong
    app.kubernetes.io/instance: kong
  ports:
  - name: proxy
    port: 80
    targetPort: 8000
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: kong
  namespace: kong
spec:
  maxUnavailable: 50%
  selector:
    matchLabels:
      app.kubernetes.io/name: kong
      app.kubernetes.io/instance: kong
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: kong
  namespace: kong
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: kong
  policyTypes: [Ingress, Egress]
  ingress:
  - ports:
    - port: 8000
  egress:
  - ports:
    - port: 53
      protocol: UDP
---
apiVersion: batch/v1
kind: Job
metadata:
  name: kong-init-migrations
  namespace: kong
spec:
  backoffLimit: 4
  ttlSecondsAfterFinished: 3600
  template:
    metadata:
      labels:
        app.kubernetes.io/name: kong
        app.kubernetes.io/instance: kong
        app.kubernetes.io/component: init-migrations
    spec:
      restartPolicy: OnFailure
      containers:
      - name: kong-migrations
        image: kong:3.6
        command: ["kong", "migrations", "bootstrap"]
"""

SELECTION_CODES = ("JL301", "JL302", "JL303", "JL304", "JL305")


def _selections(text: str) -> dict[str, object]:
    found = lint_text(text)
    hits = [f for f in found if f.code in SELECTION_CODES]
    by_code = {f.code: f for f in hits}
    assert len(by_code) == len(hits), [f.code for f in hits]  # one finding per selecting object
    return by_code


def test_each_kind_of_selecting_object_gets_its_own_consequence() -> None:
    by_code = _selections(CHART)
    assert sorted(by_code) == ["JL302", "JL303", "JL304", "JL305"]  # no manual selector: no JL301
    for hit in by_code.values():
        assert hit.field == "spec.template.metadata.labels" and hit.object["name"] == "kong-init-migrations"
        assert "may count, adopt or delete each other's pods" not in hit.message
    deployment = by_code["JL302"]
    assert deployment.severity == "info"
    assert "does not adopt them (controllers adopt only pods that no controller owns)" in deployment.message
    assert "`kubectl logs`, `exec` and `port-forward` on deployment/kong pick one pod by it" in deployment.message
    assert "HorizontalPodAutoscaler" in deployment.message
    service = by_code["JL303"]
    assert service.severity == "warning" and "Service kong-proxy" in service.message
    assert "which serves the pods of Deployment kong" in service.message
    assert "gets a share of the Service's traffic" in service.message
    budget = by_code["JL304"]
    assert budget.severity == "warning"
    assert "with minAvailable 50%" not in budget.message and "with maxUnavailable 50%" in budget.message
    assert "allows no disruption" in budget.message and "which protects the pods of Deployment kong" in budget.message
    policy = by_code["JL305"]
    assert policy.severity == "info" and "only the connections its egress rules allow" in policy.message


def test_an_integer_min_available_budget_counts_the_job_pods_as_healthy() -> None:
    text = CHART.replace("  maxUnavailable: 50%\n", "  minAvailable: 1\n")
    budget = _selections(text)["JL304"]
    assert "counts as healthy toward minAvailable 1" in budget.message
    assert "allows no disruption" not in budget.message


def test_a_component_label_in_every_selector_silences_them_all() -> None:
    text = CHART.replace(
        "      app.kubernetes.io/instance: kong\n  template:",
        "      app.kubernetes.io/instance: kong\n      app.kubernetes.io/component: app\n  template:",
    ).replace(
        "        app.kubernetes.io/instance: kong\n    spec:\n      containers:\n      - name: proxy",
        "        app.kubernetes.io/instance: kong\n        app.kubernetes.io/component: app\n    spec:\n      containers:\n      - name: proxy",
    ).replace(
        "    app.kubernetes.io/instance: kong\n  ports:",
        "    app.kubernetes.io/instance: kong\n    app.kubernetes.io/component: app\n  ports:",
    ).replace(
        "      app.kubernetes.io/instance: kong\n---\napiVersion: networking",
        "      app.kubernetes.io/instance: kong\n      app.kubernetes.io/component: app\n---\napiVersion: networking",
    ).replace(
        "      app.kubernetes.io/name: kong\n  policyTypes",
        "      app.kubernetes.io/name: kong\n      app.kubernetes.io/component: app\n  policyTypes",
    )
    assert _selections(text) == {}


def test_ingress_only_and_namespace_wide_network_policies_are_not_reported() -> None:
    ingress_only = CHART.replace("  policyTypes: [Ingress, Egress]\n", "  policyTypes: [Ingress]\n")
    assert "JL305" not in _selections(ingress_only)
    everyone = CHART.replace(
        "  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: kong\n", "  podSelector: {}\n"
    )
    assert "JL305" not in _selections(everyone)


def test_a_manual_selector_over_another_workload_is_jl301() -> None:
    sweeper = """\
---
apiVersion: batch/v1
kind: Job
metadata:
  name: kong-sweeper
  namespace: kong
spec:
  manualSelector: true
  selector:
    matchLabels:
      app.kubernetes.io/name: kong
  ttlSecondsAfterFinished: 3600
  template:
    metadata:
      labels:
        app.kubernetes.io/name: kong
        app.kubernetes.io/component: sweeper
    spec:
      restartPolicy: Never
      containers:
      - name: sweep
        image: kong:3.6
"""
    found = [f for f in lint_text(CHART + sweeper) if f.code == "JL301"]
    own = [f for f in found if f.object["name"] == "kong-sweeper"]
    other = [f for f in found if f.object["name"] == "kong-init-migrations"]
    # One finding for the sweeper, naming both workloads whose pods its selector takes.
    [mine] = own
    assert mine.field == "spec.selector"
    assert all(f.severity == "warning" and "Job documentation warns" in f.message for f in found)
    assert "adopts only pods that no controller owns" in mine.message
    assert "also selects the pods of Deployment kong (-:" in mine.message
    assert "(and of 1 more workload: Job kong-init-migrations (-:" in mine.message
    assert mine.related is not None and mine.related["count"] == 2
    assert [i["object"]["name"] for i in mine.related["items"]] == ["kong", "kong-init-migrations"]
    [selected] = other
    assert selected.field == "spec.template.metadata.labels"
    assert "manual selector of Job kong-sweeper" in selected.message
    assert "kubectl logs job/kong-sweeper" in selected.message


# --- JL002: a batch/v1beta1 CronJob is also judged as the batch/v1 object it becomes ---------

# Modelled on an AWS target-group sync tool's CronJob, written before batch/v1 CronJob existed.
V1BETA1_SYNC = """\
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: myapp-nlb-sync
  namespace: kube-system
spec:
  schedule: "*/5 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Always
          containers:
            - image: registry.example.com/nlb-target-cloner:1.0.0
              name: app
              command: ['node', 'src/app.js']
"""


def test_v1beta1_cronjob_gets_its_batch_v1_findings_marked() -> None:
    found = lint_text(V1BETA1_SYNC)
    [served] = [f for f in found if f.code == "JL002"]
    assert served.severity == "error" and served.field == "apiVersion"
    assert not served.message.startswith("as batch/v1")
    others = [f for f in found if f.code != "JL002"]
    assert {f.code for f in others} >= {"JL001", "JL212"}
    assert all(f.message.startswith("as batch/v1: ") for f in others)
    [restart] = [f for f in others if f.code == "JL001"]
    # The server's error, as for a batch/v1 CronJob, after the marker.
    assert restart.message.startswith("as batch/v1: spec.jobTemplate.spec.template.spec.restartPolicy: ")
    v1 = [f for f in lint_text(V1BETA1_SYNC.replace("batch/v1beta1", "batch/v1")) if f.code == "JL001"]
    assert [f.message for f in v1] == [restart.message.removeprefix("as batch/v1: ")]
    assert restart.api_error is not None
    assert restart.api_error["field"] == "spec.jobTemplate.spec.template.spec.restartPolicy"
    assert restart.object == {"apiVersion": "batch/v1beta1", "kind": "CronJob", "namespace": "kube-system", "name": "myapp-nlb-sync"}
    [forbid] = [f for f in others if f.code == "JL212"]
    assert "every 300 s (5m) at the shortest" in forbid.message and forbid.line == 8


def test_v1beta1_cronjob_json_report_keeps_its_contract() -> None:
    import json

    from click.testing import CliRunner

    from joblint.cli import main

    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", "-"], input=V1BETA1_SYNC)
    report = json.loads(result.output)
    codes = sorted(f["code"] for f in report["findings"])
    assert "JL002" in codes and "JL001" in codes
    [served] = [f for f in report["findings"] if f["code"] == "JL002"]
    assert served["fix"] == {
        "description": "set apiVersion: batch/v1 (the batch/v1beta1 CronJob's fields and defaults carry over "
        "unchanged; clusters before Kubernetes 1.21 do not serve batch/v1 CronJob)",
        "safe": False,
    }


def test_the_migration_is_an_unsafe_fix_that_changes_only_the_api_version(tmp_path: object) -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from joblint.cli import main

    target = Path(str(tmp_path)) / "sync.yaml"
    text = V1BETA1_SYNC.replace("restartPolicy: Always", "restartPolicy: OnFailure")
    target.write_text(text)
    CliRunner().invoke(main, ["lint", "--no-cache", "--fix", str(target)])
    assert target.read_text() == text  # not a safe fix
    CliRunner().invoke(main, ["lint", "--no-cache", "--select", "JL002", "--fix", "--unsafe-fixes", str(target)])
    assert target.read_text() == text.replace("batch/v1beta1", "batch/v1")
    # The migrated file meets exactly what the v1beta1 one met "as batch/v1".
    before = sorted((f.code, f.message.removeprefix("as batch/v1: ")) for f in lint_text(text) if f.code != "JL002")
    after = sorted((f.code, f.message) for f in lint_text(target.read_text()))
    assert before == after and before


def test_v2alpha1_cronjob_is_migrated_only_when_its_history_limits_carry_over() -> None:
    text = V1BETA1_SYNC.replace("batch/v1beta1", "batch/v2alpha1").replace("restartPolicy: Always", "restartPolicy: Never")
    [served] = [f for f in lint_text(text) if f.code == "JL002"]
    assert served.fix is None  # batch/v2alpha1 kept every finished Job; batch/v1 keeps 3 and 1
    limits = text.replace("  concurrencyPolicy: Forbid\n", "  concurrencyPolicy: Forbid\n  successfulJobsHistoryLimit: 3\n  failedJobsHistoryLimit: 1\n")
    [served] = [f for f in lint_text(limits) if f.code == "JL002"]
    assert served.fix is not None and not served.fix.safe
    assert any(f.code == "JL212" and f.message.startswith("as batch/v1: ") for f in lint_text(limits))


def test_other_removed_versions_are_not_analysed_further() -> None:
    text = V1BETA1_SYNC.replace("batch/v1beta1", "batch/v2")
    assert [f.code for f in lint_text(text)] == ["JL002"]


def test_a_service_written_for_the_job_itself_is_not_reported() -> None:
    """The Jobs documentation's Indexed Job with pod-to-pod communication: a headless Service
    selecting the Job's own pods, named as their subdomain. It selects no other workload."""
    text = """\
apiVersion: v1
kind: Service
metadata:
  name: workers
spec:
  clusterIP: None
  selector:
    app: allreduce
---
apiVersion: batch/v1
kind: Job
metadata:
  name: allreduce
spec:
  completions: 4
  parallelism: 4
  completionMode: Indexed
  ttlSecondsAfterFinished: 3600
  template:
    metadata:
      labels:
        app: allreduce
    spec:
      subdomain: workers
      restartPolicy: Never
      containers:
      - name: worker
        image: registry.example.com/allreduce:1.0
        env:
        - name: RANK
          valueFrom:
            fieldRef:
              fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']
"""
    assert _selections(text) == {}
    budget = (
        "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: allreduce\nspec:\n"
        "  maxUnavailable: 0\n  selector:\n    matchLabels:\n      app: allreduce\n"
    )
    assert _selections(text + budget) == {}  # a budget that keeps the Job's own pods from eviction
