"""Warnings the API server returns with a successful create, reported as JL040 with `apiWarning`.

From the Job and CronJob strategies' WarningsOnCreate (pkg/registry/batch/{job,cronjob}/strategy.go)
and WarningsForJobSpec (pkg/api/job/warnings.go, TestWarningsForJobSpec)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from joblint.cli import main
from joblint.defaults import default_cronjob, default_job
from joblint.model import CronJob, Job
from joblint.validation import cronjob_warnings, job_warnings

NAME_WARNING = (
    "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; "
    "a DNS label is recommended: [must not contain dots]"
)
INDEXED_WARNING = (
    "In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, "
    "Kubernetes might not be able to track completedIndexes when a big number of indexes fail"
)


def _job(name: str = "pi", **spec: object) -> Job:
    body = {
        "metadata": {"name": name},
        "spec": {**spec, "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}},
    }
    return default_job(Job.model_validate(body), "1.37")


def test_indexed_job_over_both_soft_limits_warns_at_spec() -> None:
    job = _job(completionMode="Indexed", completions=100_001, parallelism=10_001)
    assert job_warnings(job, "1.37") == [f"spec: {INDEXED_WARNING}"]


def test_indexed_job_at_the_soft_limits_does_not_warn() -> None:
    assert job_warnings(_job(completionMode="Indexed", completions=100_000, parallelism=10_001), "1.37") == []
    assert job_warnings(_job(completionMode="Indexed", completions=100_001, parallelism=10_000), "1.37") == []
    assert job_warnings(_job(completions=100_001, parallelism=10_001), "1.37") == []


def test_cronjob_warnings_name_the_job_template_path() -> None:
    body = {
        "metadata": {"name": "nightly.report"},
        "spec": {
            "schedule": "@daily",
            "jobTemplate": {
                "spec": {
                    "completionMode": "Indexed",
                    "completions": 200_000,
                    "parallelism": 20_000,
                    "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}},
                }
            },
        },
    }
    cj = default_cronjob(CronJob.model_validate(body), "1.37")
    assert cronjob_warnings(cj, "1.37") == [NAME_WARNING, f"spec.jobTemplate.spec: {INDEXED_WARNING}"]


JOB_WITH_DOTTED_NAME = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: nightly.report
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: report
        image: busybox:1.36
"""


def test_warning_finding_carries_api_warning_not_api_error(tmp_path) -> None:
    path = tmp_path / "job.yaml"
    path.write_text(JOB_WITH_DOTTED_NAME)
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", str(path)])
    report = json.loads(result.output)
    [finding] = [f for f in report["findings"] if f["code"] == "JL040"]
    assert finding["severity"] == "warning"
    assert finding["message"] == NAME_WARNING
    assert finding["apiWarning"] == {"text": NAME_WARNING}
    assert "apiError" not in finding
    assert (finding["line"], finding["column"], finding["field"]) == (4, 9, "metadata.name")


def test_warning_in_sarif_properties(tmp_path) -> None:
    path = tmp_path / "job.yaml"
    path.write_text(JOB_WITH_DOTTED_NAME)
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "sarif", str(path)])
    sarif = json.loads(result.output)
    [res] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "JL040"]
    assert res["properties"]["apiWarning"] == {"text": NAME_WARNING}


def test_a_warning_does_not_count_as_a_rejection(tmp_path) -> None:
    """Judgement rules and dry runs still run on an object the server only warns about."""
    path = tmp_path / "job.yaml"
    path.write_text(JOB_WITH_DOTTED_NAME.replace("spec:\n  template:", "spec:\n  completions: 2\n  parallelism: 5\n  template:"))
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", str(path)])
    codes = {f["code"] for f in json.loads(result.output)["findings"]}
    assert codes == {"JL040", "JL101"}
