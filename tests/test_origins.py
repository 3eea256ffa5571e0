"""Findings of rendered manifests point at what was rendered: the Helm template named by the
`# Source:` comment, or the file named by kustomize's `config.kubernetes.io/origin` annotation.

Helm and kustomize are Go binaries that cannot be installed here, so the inputs below were
written by hand in exactly the format `helm template` (v3: `---`, then `# Source: <chart>/<path>`
above each rendered document, the document's text trimmed) and `kustomize build` with
`buildMetadata: [originAnnotations]` (the annotation's value a YAML block `path: <file>`, keys
sorted) print.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from joblint.catalogue import load
from joblint.cli import main
from joblint.config import Config
from joblint.lint import apply_origins, run_lint
from joblint.source import Origin, kustomize_origin, read_path

from .test_formats import validate_sarif

# `helm template release-name ./mychart`, written by hand in Helm 3's format.
HELM = """\
---
# Source: mychart/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: release-name-mychart
  labels:
    helm.sh/chart: mychart-0.1.0
    app.kubernetes.io/name: mychart
    app.kubernetes.io/instance: release-name
    app.kubernetes.io/version: "1.16.0"
    app.kubernetes.io/managed-by: Helm
---
# Source: mychart/templates/job.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: release-name-mychart-migrate
  labels:
    helm.sh/chart: mychart-0.1.0
    app.kubernetes.io/name: mychart
  annotations:
    "helm.sh/hook": pre-install
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
        - name: migrate
          image: "busybox:1.36"
---
# Source: mychart/templates/cronjob.yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: release-name-mychart-report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: "busybox:1.36"
              imagePullPolice: Always
"""
# Rendered lines (1-based): `# Source: mychart/templates/job.yaml` is line 14, the Job's
# restartPolicy line 27 (template line 13); the CronJob's Source line 32, imagePullPolice line 47.
JOB_TEMPLATE = "mychart/templates/job.yaml"
CRON_TEMPLATE = "mychart/templates/cronjob.yaml"


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_rendered_positions_used_by_these_tests() -> None:
    assert line_of(HELM, "# Source: mychart/templates/job.yaml") == 14
    assert line_of(HELM, "restartPolicy: Always") == 27
    assert line_of(HELM, "# Source: mychart/templates/cronjob.yaml") == 32
    assert line_of(HELM, "imagePullPolice") == 47


def test_source_stage_reads_helm_source_comments() -> None:
    source = read_path("-", stdin=HELM.encode())
    origins = [d.origin for d in source.documents]
    assert origins == [
        Origin("mychart/templates/serviceaccount.yaml", "helm", 2),
        Origin(JOB_TEMPLATE, "helm", 14),
        Origin(CRON_TEMPLATE, "helm", 32),
    ]


def test_text_reports_the_template_and_says_where_in_the_rendered_output() -> None:
    result = run("lint", "--select", "JL001", "-", input=HELM)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        'mychart/templates/job.yaml:13:22: JL001 error spec.template.spec.restartPolicy: Required value: '
        'valid values: "OnFailure", "Never" (line 27, column 22 of the rendered output in standard input)'
    )


def test_show_source_shows_the_rendered_line() -> None:
    result = run("lint", "--select", "JL001", "--show-source", "-", input=HELM)
    lines = result.output.splitlines()
    assert lines[1] == "   27 |       restartPolicy: Always"
    assert lines[2] == "      |                      ^"


def test_json_has_the_template_and_the_rendered_position() -> None:
    payload = json.loads(run("lint", "--format", "json", "--select", "JL001,JL003", "-", input=HELM).output)
    by_code = {f["code"]: f for f in payload["findings"]}
    job = by_code["JL001"]
    assert (job["file"], job["line"], job["column"], job["document"]) == (JOB_TEMPLATE, 13, 22, 1)
    assert job["rendered"] == {"file": "-", "line": 27, "column": 22}
    cron = by_code["JL003"]
    assert (cron["file"], cron["line"], cron["document"]) == (CRON_TEMPLATE, 47 - 32, 2)
    assert cron["rendered"] == {"file": "-", "line": 47, "column": cron["column"]}


def test_sarif_points_at_the_template_with_the_rendered_output_as_related_location() -> None:
    log = json.loads(run("lint", "--format", "sarif", "--select", "JL001", "-", input=HELM).output)
    validate_sarif(log)
    (result,) = log["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": JOB_TEMPLATE, "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 13, "startColumn": 22}}
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"] == {"artifactLocation": {"uri": "stdin"}, "region": {"startLine": 27, "startColumn": 22}}
    assert related["message"]["text"] == "the finding in the rendered output"
    assert result["properties"]["rendered"] == {"file": "-", "line": 27, "column": 22}


def test_github_annotates_the_template() -> None:
    out = run("lint", "--format", "github", "--select", "JL001", "-", input=HELM).output
    first = out.splitlines()[0]
    assert first.startswith("::error file=mychart/templates/job.yaml,line=13,col=22,title=JL001 restart-policy-unsupported::JL001 ")
    assert first.endswith("(line 27, column 22 of the rendered output in standard input)")


def test_junit_groups_documents_by_template() -> None:
    root = ET.fromstring(run("lint", "--format", "junit", "--select", "JL001", "-", input=HELM).output)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"mychart/templates/serviceaccount.yaml", JOB_TEMPLATE, CRON_TEMPLATE}
    assert suites[JOB_TEMPLATE].get("failures") == "1" and suites[CRON_TEMPLATE].get("failures") == "0"


def test_documents_without_a_source_comment_are_not_mapped() -> None:
    # A comment inside the first document does not name the second one's origin.
    text = HELM.replace("---\n# Source: mychart/templates/job.yaml\n", "# Source: not/this.yaml\n---\n", 1)
    payload = json.loads(run("lint", "--format", "json", "--select", "JL001", "-", input=text).output)
    (finding,) = payload["findings"]
    assert finding["file"] == "-" and finding["line"] == 27 and "rendered" not in finding


def test_plain_files_are_unchanged() -> None:
    payload = json.loads(run("lint", "--format", "json", "--select", "JL001", "-", input=HELM.replace("# Source:", "# From:")).output)
    assert [(f["file"], f["line"]) for f in payload["findings"]] == [("-", 27)]
    assert "rendered" not in payload["findings"][0]


def test_suppression_comment_in_the_template_still_works() -> None:
    """Helm keeps comments, so a `# joblint: ignore[...]` written in the template suppresses."""
    text = HELM.replace("      restartPolicy: Always\n", "      restartPolicy: Always  # joblint: ignore[JL001]\n")
    result = run("lint", "--format", "json", "--select", "JL001", "-", input=text)
    assert json.loads(result.output)["findings"] == [] and result.exit_code == 0


def test_per_file_ignores_apply_to_template_paths() -> None:
    config = Config(per_file_ignores={"mychart/templates/job*.yaml": ["JL001"]})
    result = run_lint(["-"], load(), config, select=["JL001", "JL003"], stdin=HELM.encode())
    apply_origins(result, config)
    assert [(f.file, f.code) for f in result.findings] == [(CRON_TEMPLATE, "JL003")]


def test_baseline_fingerprints_use_the_template(tmp_path: Path) -> None:
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert run("lint", "--write-baseline", "b.json", "-", input=HELM).exit_code == 0
        files = {e["file"] for e in json.loads(Path("b.json").read_text())["findings"]}
        assert JOB_TEMPLATE in files and "-" not in files
        # The chart gains a line above the Job: the rendered lines move, the baseline still holds.
        moved = HELM.replace("# Source: mychart/templates/job.yaml\n", "# Source: mychart/templates/job.yaml\n# a comment\n")
        again = run("lint", "--format", "json", "--baseline", "b.json", "-", input=moved)
        assert json.loads(again.output)["findings"] == [] and again.exit_code == 0
        fixed = run("lint", "--format", "json", "--baseline", "b.json", "-", input=HELM.replace("restartPolicy: Always", "restartPolicy: Never"))
        assert [(e["file"], e["code"]) for e in json.loads(fixed.output)["baseline"]["fixed"]] == [(JOB_TEMPLATE, "JL001")]
    finally:
        os.chdir(old)


def test_rendered_output_saved_to_a_file_is_mapped_from_the_cache_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("JOBLINT_NO_CACHE", raising=False)
    rendered = tmp_path / "rendered.yaml"
    rendered.write_text(HELM)
    outputs = [run("lint", "--format", "json", "--select", "JL001", str(rendered)).output for _ in range(2)]
    assert outputs[0] == outputs[1]
    (finding,) = json.loads(outputs[1])["findings"]
    assert finding["file"] == JOB_TEMPLATE and finding["rendered"] == {"file": str(rendered), "line": 27, "column": 22}
    assert any((tmp_path / "cache").iterdir())


# --- kustomize -----------------------------------------------------------------------------------

BASE_JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
      - name: migrate
        image: busybox:1.36
      restartPolicy: Always
"""

# `kustomize build overlays/prod` with namePrefix prod- and buildMetadata: [originAnnotations].
KUSTOMIZE = """\
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    config.kubernetes.io/origin: |
      configuredIn: kustomization.yaml
      configuredBy:
        apiVersion: builtin
        kind: ConfigMapGenerator
  name: prod-settings-7h2bk5m2t4
---
apiVersion: batch/v1
kind: Job
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: base/job.yaml
  name: prod-migrate
spec:
  template:
    spec:
      containers:
      - image: busybox:1.36
        name: migrate
      restartPolicy: Always
---
apiVersion: batch/v1
kind: Job
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: examples/job.yaml
      repo: https://github.com/example/jobs
      ref: v1.0.0
  name: prod-remote
spec:
  template:
    spec:
      containers:
      - image: busybox:1.36
        name: remote
      restartPolicy: Always
"""


def test_kustomize_origin_annotation() -> None:
    assert kustomize_origin({"metadata": {"annotations": {"config.kubernetes.io/origin": "path: base/job.yaml\n"}}}) == Origin(
        "base/job.yaml", "kustomize"
    )
    assert kustomize_origin({"metadata": {"annotations": {"config.kubernetes.io/origin": "path: 'a b.yaml'\n"}}}) == Origin("a b.yaml", "kustomize")
    # Remote bases and generated objects have no local file to point at.
    assert kustomize_origin({"metadata": {"annotations": {"config.kubernetes.io/origin": "path: x.yaml\nrepo: https://x\n"}}}) is None
    assert kustomize_origin({"metadata": {"annotations": {"config.kubernetes.io/origin": "configuredIn: k.yaml\n"}}}) is None
    assert kustomize_origin({"metadata": {"annotations": {"config.kubernetes.io/origin": 3}}}) is None
    assert kustomize_origin({"metadata": None}) is None and kustomize_origin([]) is None


def test_kustomize_findings_point_at_the_base_file_found_on_disk(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "job.yaml").write_text(BASE_JOB)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        payload = json.loads(run("lint", "--format", "json", "--select", "JL001", "-", input=KUSTOMIZE).output)
    finally:
        os.chdir(old)
    local, remote = payload["findings"]
    # kustomize rewrites the YAML: the line is found in base/job.yaml by the field's path.
    assert (local["file"], local["line"], local["column"]) == ("base/job.yaml", 11, 22)
    assert local["rendered"] == {"file": "-", "line": line_of(KUSTOMIZE, "restartPolicy: Always"), "column": 22}
    assert remote["file"] == "-" and "rendered" not in remote


def test_kustomize_origin_file_not_on_disk_points_at_its_first_line(tmp_path: Path) -> None:
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        out = run("lint", "--select", "JL001", "-", input=KUSTOMIZE).output
    finally:
        os.chdir(old)
    assert out.splitlines()[0].startswith("base/job.yaml:1:1: JL001 error ")
    assert "(line 25, column 22 of the rendered output in standard input)" in out.splitlines()[0]


def test_related_objects_point_at_their_templates_too() -> None:
    """Two templates render a Job of the same name: JL300's related object is the first template."""
    twice = HELM + HELM[HELM.index("---\n# Source: mychart/templates/job.yaml") :].replace("templates/job.yaml", "templates/job-copy.yaml", 1)
    result = run("lint", "--select", "JL300", "--format", "json", "-", input=twice)
    (finding,) = [f for f in json.loads(result.output)["findings"] if f["object"]["kind"] == "Job"]
    assert finding["file"] == "mychart/templates/job-copy.yaml" and finding["line"] == 4
    (item,) = finding["related"]["items"]
    assert (item["file"], item["line"], item["column"]) == (JOB_TEMPLATE, 4, 9)
    assert item["rendered"] == {"file": "-", "line": 18, "column": 9}


def test_an_unused_suppression_comment_points_at_its_template() -> None:
    """A comment belongs to no document: it is mapped by the last `# Source:` line above it."""
    text = HELM.replace("  name: release-name-mychart-report\n", "  name: release-name-mychart-report\n# joblint: ignore[JL001]\n")
    rendered_line = line_of(text, "# joblint: ignore[JL001]")
    result = run("lint", "--select", "JL001,JL910", "--format", "json", "-", input=text)
    (finding,) = [f for f in json.loads(result.output)["findings"] if f["code"] == "JL910"]
    assert finding["code"] == "JL910" and finding["file"] == CRON_TEMPLATE
    assert finding["line"] == rendered_line - 32
    assert finding["rendered"] == {"file": "-", "line": rendered_line, "column": 1}


def test_kustomize_paths_are_relative_to_the_directory_built(tmp_path: Path) -> None:
    """`kustomize build overlays/prod` writes `path: ../../base/job.yaml` (relative to the overlay);
    with --kustomize-dir the finding names base/job.yaml, relative to the working directory."""
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "job.yaml").write_text(BASE_JOB)
    (tmp_path / "overlays" / "prod").mkdir(parents=True)
    built = KUSTOMIZE.replace("path: base/job.yaml", "path: ../../base/job.yaml")
    assert built != KUSTOMIZE
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        args = ("lint", "--format", "json", "--select", "JL001", "--kustomize-dir", "overlays/prod", "-")
        payload = json.loads(run(*args, input=built).output)
    finally:
        os.chdir(old)
    local = payload["findings"][0]
    assert (local["file"], local["line"], local["column"]) == ("base/job.yaml", 11, 22)
