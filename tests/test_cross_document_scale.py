"""Cross-document rules on a monorepo: one finding per object and rule, bounded related objects,
and counts equal to what a pairwise comparison finds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joblint.config import Config
from joblint.engine import RELATED_LIMIT
from joblint.formats import to_sarif
from joblint.lint import run_lint
from joblint.report import to_json

from .conftest import lint_text, load


def job(name: str, labels: dict[str, str], selector: dict[str, str] | None = None, kind: str = "Job") -> str:
    label_text = json.dumps(labels)
    manual = f"  manualSelector: true\n  selector:\n    matchLabels: {json.dumps(selector)}\n" if selector else ""
    if kind == "CronJob":
        return (
            f"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\n  namespace: team\nspec:\n"
            "  schedule: '0 1 * * *'\n  jobTemplate:\n    spec:\n      template:\n"
            f"        metadata:\n          labels: {label_text}\n        spec:\n          restartPolicy: Never\n"
            "          containers: [{name: main, image: 'registry.example.com/work:1.0.0'}]\n"
        )
    return (
        f"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\n  namespace: team\nspec:\n{manual}"
        f"  ttlSecondsAfterFinished: 60\n  template:\n    metadata:\n      labels: {label_text}\n"
        "    spec:\n      restartPolicy: Never\n"
        "      containers: [{name: main, image: 'registry.example.com/work:1.0.0'}]\n"
    )


def monorepo(root: Path, count: int) -> list[str]:
    """`count` one-document files in one namespace: half the pod templates carry app=shared, every
    twentieth Job selects app=shared by hand, and every fiftieth reuses an earlier name."""
    paths = []
    for i in range(count):
        labels = {"app": "shared", "id": str(i)} if i % 2 == 0 else {"app": f"own-{i}"}
        selector = {"app": "shared"} if i % 20 == 0 else None
        name = f"job-{i - 1:05d}" if i % 50 == 49 else f"job-{i:05d}"
        path = root / f"job-{i:05d}.yaml"
        path.write_text(job(name, labels, selector))
        paths.append(str(path))
    return paths


def test_a_monorepo_gets_at_most_one_finding_per_object_and_rule(tmp_path: Path) -> None:
    paths = monorepo(tmp_path, 2000)
    config = Config(select=["JL300", "JL301"], options={"JL300": {"across-files": True}})
    result = run_lint(paths, load(), config, jobs=1)
    per_object: dict[tuple[str, str, int | None], int] = {}
    for f in result.findings:
        key = (f.code, f.file, f.document)
        per_object[key] = per_object.get(key, 0) + 1
    assert max(per_object.values()) == 1
    overlap = [f for f in result.findings if f.code == "JL301"]
    # Every shared-label Job is selected by the 100 manual selectors (less its own).
    assert len(overlap) == 1000
    for f in overlap:
        assert f.related is not None and len(f.related["items"]) <= RELATED_LIMIT
        assert len(f.message) < 2000
    shared = [f for f in overlap if f.file.endswith("job-00002.yaml")][0]
    assert shared.field == "spec.template.metadata.labels"
    assert dict(shared.related) == {
        "count": 100,
        "items": [
            {
                "object": {"apiVersion": "batch/v1", "kind": "Job", "namespace": "team", "name": f"job-{n:05d}"},
                "file": str(tmp_path / f"job-{n:05d}.yaml"),
                "line": 4,
                "column": 9,
                "document": 0,
            }
            for n in range(0, 20 * RELATED_LIMIT, 20)
        ],
    }
    assert "(and by the manual selectors of 99 more Jobs: Job job-00020 (" in shared.message
    assert ", Job job-00060 (" in shared.message and " and 96 more): the Job documentation" in shared.message
    # A manual Job is selected by the 99 others and selects 999 workloads besides its own:
    # 999 related objects in all, the 99 of them among the 999.
    manual = [f for f in overlap if f.file.endswith("job-00020.yaml")][0]
    assert manual.related is not None and manual.related["count"] == 999
    assert "selected by the manual selector of Job job-00000" in manual.message
    assert "also selects the pods of 900 other workloads" in manual.message
    duplicates = [f for f in result.findings if f.code == "JL300"]
    assert len(duplicates) == 40 and all(f.related is not None and f.related["count"] == 1 for f in duplicates)

    # The bounded field reaches JSON and SARIF as it is.
    payload = json.loads(to_json(result.findings, result.files, result.documents, "1.37"))
    assert all(len(f.get("related", {"items": []})["items"]) <= RELATED_LIMIT for f in payload["findings"])
    sarif = json.loads(to_sarif(result.findings, {}, "1.37"))
    located = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "JL301"]
    assert all(len(r["relatedLocations"]) <= RELATED_LIMIT for r in located)
    assert located[0]["properties"]["related"]["count"] >= len(located[0]["relatedLocations"])


def test_suppressing_one_object_keeps_the_others(tmp_path: Path) -> None:
    paths = monorepo(tmp_path, 60)
    text = Path(paths[2]).read_text().replace("  name: job-00002\n", "  name: job-00002\n  annotations: {joblint.dev/ignore: JL301}\n")
    Path(paths[2]).write_text(text)
    result = run_lint(paths, load(), Config(select=["JL301"]), jobs=1)
    files = {Path(f.file).name for f in result.findings if f.code == "JL301"}
    assert "job-00002.yaml" not in files and "job-00004.yaml" in files


PAIRS = st.tuples(st.sampled_from(["app", "tier"]), st.sampled_from(["a", "b"]))
LABELS = st.lists(PAIRS, max_size=2).map(dict)
SELECTORS = st.lists(PAIRS, min_size=1, max_size=2).map(dict)


@st.composite
def workloads(draw: Any) -> list[tuple[str, dict[str, str], dict[str, str] | None]]:
    out = []
    for _ in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(["Job", "Job", "CronJob"]))
        selector = draw(st.one_of(st.none(), SELECTORS)) if kind == "Job" else None
        labels = draw(LABELS)
        if selector:
            labels = {**labels, **selector}  # a manual selector must select its own pod template
        out.append((kind, labels, selector))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workloads())
def test_counts_equal_a_pairwise_comparison(objects: list[tuple[str, dict[str, str], dict[str, str] | None]]) -> None:
    def selects(selector: dict[str, str] | None, labels: dict[str, str]) -> bool:
        return bool(selector) and bool(labels) and all(labels.get(k) == v for k, v in (selector or {}).items())

    docs = [job(f"w{i}", labels, selector, kind) for i, (kind, labels, selector) in enumerate(objects)]
    findings = {f.object["name"]: f for f in lint_text("---\n".join(docs), select=["JL301"]) if f.code == "JL301"}
    for i, (kind, labels, selector) in enumerate(objects):
        by = {j for j, (_, _, other) in enumerate(objects) if j != i and selects(other, labels)}
        of = {k for k, (_, other_labels, _) in enumerate(objects) if k != i and selects(selector, other_labels)}
        finding = findings.get(f"w{i}")
        if not by | of:
            assert finding is None
            continue
        assert finding is not None and finding.related is not None
        assert finding.related["count"] == len(by | of)
        assert [it["object"]["name"] for it in finding.related["items"]] == [f"w{n}" for n in sorted(by | of)]
        labels_at = "spec.jobTemplate.spec.template.metadata.labels" if kind == "CronJob" else "spec.template.metadata.labels"
        assert finding.field == (labels_at if by else "spec.selector")
