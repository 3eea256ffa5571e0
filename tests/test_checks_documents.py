"""Edge cases of the cross-document checks (JL3xx) and the controller consequences (JL4xx)."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from typing import Any

import pytest

from joblint.checks.labels import selector_matches
from joblint.config import Config
from joblint.lint import run_lint

from .conftest import load, lint_text


def job(name: str, namespace: str | None = None, labels: str = "", spec: str = "") -> str:
    ns = f"  namespace: {namespace}\n" if namespace else ""
    meta = f"    metadata:\n      labels: {labels}\n" if labels else ""
    return (
        f"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\n{ns}spec:\n{spec}"
        "  ttlSecondsAfterFinished: 60\n  template:\n"
        f"{meta}    spec:\n      restartPolicy: Never\n"
        "      containers: [{name: main, image: 'registry.example.com/work:1.0.0'}]\n"
    )


def deployment(name: str, selector: str, labels: str, namespace: str | None = None, kind: str = "Deployment") -> str:
    ns = f"  namespace: {namespace}\n" if namespace else ""
    api = "v1" if kind == "ReplicationController" else "apps/v1"
    return (
        f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n{ns}spec:\n  selector: {selector}\n"
        f"  template:\n    metadata:\n      labels: {labels}\n"
        "    spec:\n      containers: [{name: web, image: 'registry.example.com/web:1.0.0'}]\n"
    )


def found(*docs: str, code: str, **config: Any) -> list[Any]:
    return [f for f in lint_text("---\n".join(docs), extend_select=[code], **config) if f.code == code]


# --- JL300 ----------------------------------------------------------------------------------------


def test_duplicates_are_reported_on_the_later_document() -> None:
    (hit,) = found(job("a"), job("b"), job("a"), code="JL300")
    assert hit.document == 2 and hit.field == "metadata.name"
    assert "Job default/a is also defined at" in hit.message


def test_same_name_in_other_kind_or_namespace_is_fine() -> None:
    cj = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: a}\nspec:\n  schedule: '0 1 * * *'\n"
        "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
        "          containers: [{name: main, image: 'registry.example.com/work:1.0.0'}]\n"
    )
    assert found(job("a"), cj, job("a", namespace="other"), code="JL300") == []
    assert found(job("a"), job("a", namespace="default"), code="JL300") != []


def test_duplicates_across_files_only_when_asked(tmp_path: Any) -> None:
    for name in ("one.yaml", "two.yaml"):
        (tmp_path / name).write_text(job("a"))
    paths = [str(tmp_path / "one.yaml"), str(tmp_path / "two.yaml")]

    def run(**config: Any) -> list[str]:
        cfg = Config(extend_select=["JL300"], **config)
        return [f.code for f in run_lint(paths, load(), cfg, jobs=1).findings if f.code == "JL300"]

    assert run() == []
    assert run(options={"JL300": {"across-files": True}}) == ["JL300"]


# --- JL301 ----------------------------------------------------------------------------------------


def test_overlap_with_match_expressions() -> None:
    dep = deployment("web", "{matchExpressions: [{key: app, operator: In, values: [shop, cart]}]}", "{app: shop}")
    (hit,) = found(dep, job("migrate", labels="{app: cart}"), code="JL302")
    assert hit.field == "spec.template.metadata.labels" and "Deployment web" in hit.message


def test_overlap_with_a_replication_controller_map_selector() -> None:
    rc = deployment("legacy", "{app: shop}", "{app: shop}", kind="ReplicationController")
    assert len(found(rc, job("migrate", labels="{app: shop, tier: batch}"), code="JL302")) == 1


def test_other_namespace_and_generated_labels_do_not_overlap() -> None:
    dep = deployment("web", "{matchLabels: {app: shop}}", "{app: shop}", namespace="prod")
    assert found(dep, job("migrate", labels="{app: shop}"), code="JL302") == []
    # Two Jobs without labels of their own share only the generated ones, which are ignored.
    assert found(job("a"), job("b"), code="JL301") == []


def test_manual_selector_selecting_a_deployment() -> None:
    manual = job(
        "sweeper",
        labels="{app: shop}",
        spec="  manualSelector: true\n  selector:\n    matchLabels: {app: shop}\n",
    )
    dep = deployment("web", "{matchLabels: {app: shop, tier: web}}", "{app: shop, tier: web}")
    (hit,) = found(dep, manual, code="JL301")
    assert hit.field == "spec.selector" and "manual selector" in hit.message


def test_cronjob_pod_labels_are_compared() -> None:
    cj = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: report}\nspec:\n  schedule: '0 1 * * *'\n"
        "  jobTemplate:\n    spec:\n      template:\n        metadata:\n          labels: {app: shop}\n"
        "        spec:\n          restartPolicy: Never\n"
        "          containers: [{name: main, image: 'registry.example.com/work:1.0.0'}]\n"
    )
    dep = deployment("web", "{matchLabels: {app: shop}}", "{app: shop}")
    (hit,) = found(dep, cj, code="JL302")
    assert hit.field == "spec.jobTemplate.spec.template.metadata.labels"


@pytest.mark.parametrize(
    ("selector", "labels", "expected"),
    [
        ({"matchLabels": {"a": "1"}}, {"a": "1", "b": "2"}, True),
        ({"matchLabels": {"a": "1"}}, {"a": "2"}, False),
        ({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["1"]}]}, {"b": "2"}, True),
        ({"matchExpressions": [{"key": "a", "operator": "Exists"}]}, {"b": "2"}, False),
        ({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}, {"b": "2"}, True),
        ({"matchExpressions": [{"key": "a", "operator": "Bogus"}]}, {"a": "2"}, False),
        ({}, {"a": "1"}, False),
        ({"matchLabels": {}}, {"a": "1"}, False),
        ({"a": "1"}, {"a": "1"}, True),
        (None, {"a": "1"}, False),
    ],
)
def test_selector_matches(selector: Any, labels: dict[str, str], expected: bool) -> None:
    assert selector_matches(selector, labels) is expected


# --- JL400 ----------------------------------------------------------------------------------------


@dataclass
class Consequence:
    code_hint: str | None
    field: str | None
    message: str


@pytest.fixture
def fake_controller(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []

    def consequences(job_dict: dict[str, Any], version: str) -> list[Consequence]:
        seen.append(job_dict)
        return [
            Consequence(None, "spec.activeDeadlineSeconds", "all pods failed: the Job fails on its deadline"),
            Consequence("JL115", "spec.activeDeadlineSeconds", "left to JL115"),
            Consequence("JL400", None, "the Job never completes"),
        ]

    module = types.ModuleType("joblint.controller")
    module.consequences = consequences  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "joblint.controller", module)
    return seen


def test_consequences_are_reported_at_their_field(fake_controller: list[Any]) -> None:
    hits = found(job("upload", spec="  activeDeadlineSeconds: 30\n"), code="JL400")
    assert {(h.field, h.message) for h in hits} == {
        ("spec.activeDeadlineSeconds", "all pods failed: the Job fails on its deadline"),
        (None, "the Job never completes"),
    }
    assert fake_controller[0]["kind"] == "Job"


def test_consequences_of_a_cronjob_point_into_the_job_template(fake_controller: list[Any]) -> None:
    cj = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: report}\nspec:\n  schedule: '0 1 * * *'\n"
        "  jobTemplate:\n    spec:\n      activeDeadlineSeconds: 30\n      template:\n"
        "        spec:\n          restartPolicy: Never\n"
        "          containers: [{name: main, image: 'registry.example.com/work:1.0.0'}]\n"
    )
    fields = {h.field for h in found(cj, code="JL400")}
    assert fields == {"spec.jobTemplate.spec.activeDeadlineSeconds", None}
    job_dict = fake_controller[0]
    assert job_dict["kind"] == "Job" and job_dict["spec"]["backoffLimit"] == 6  # Job defaults applied
