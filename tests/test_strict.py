"""Strict decoding: unknown fields and type errors with the API server's paths and words."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joblint.schema import strict_errors
from joblint.schema.decode import json_number, quantity_error, rfc3339_error

from .conftest import lint_text

BASE: dict[str, Any] = {
    "apiVersion": "batch/v1",
    "kind": "Job",
    "metadata": {"name": "pi", "labels": {"app": "pi"}, "creationTimestamp": None},
    "spec": {
        "completions": 3,
        "parallelism": 1,
        "template": {
            "metadata": {"labels": {"app": "pi"}},
            "spec": {
                "restartPolicy": "Never",
                "containers": [
                    {
                        "name": "pi",
                        "image": "perl:5.34.0",
                        "command": ["perl", "-e", "1"],
                        "env": [{"name": "A", "value": "1"}],
                        "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}},
                        "ports": [{"containerPort": 8080}],
                        "readinessProbe": {"httpGet": {"port": "http"}},
                    }
                ],
            },
        },
    },
}


def job(**changes: Any) -> dict[str, Any]:
    """BASE with `a.b.0.c=value` style changes (keyword names use __ for dots)."""
    body = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        parent: Any = body
        parts = dotted.split("__")
        for part in parts[:-1]:
            parent = parent[int(part)] if part.isdigit() else parent[part]
        last = parts[-1]
        parent[int(last) if last.isdigit() else last] = value
    return body


def messages(body: dict[str, Any], kind: str = "Job", version: str = "1.37") -> list[tuple[str, tuple[Any, ...], str]]:
    return [(e.kind, e.path, e.message) for e in strict_errors(body, kind, version)]


def test_valid_job_decodes() -> None:
    assert messages(BASE) == []


CONTAINER = ("spec", "template", "spec", "containers", 0)

CASES: list[tuple[str, dict[str, Any], tuple[str, tuple[Any, ...], str]]] = [
    ("unknown-in-pod", {"spec__template__spec__containers__0__imagePullPolicyy": "Always"},
     ("unknown-field", CONTAINER + ("imagePullPolicyy",), 'unknown field "spec.template.spec.containers[0].imagePullPolicyy"')),
    ("unknown-in-spec", {"spec__backofLimit": 3},
     ("unknown-field", ("spec", "backofLimit"), 'unknown field "spec.backofLimit"')),
    ("string-into-int32", {"spec__completions": "3"},
     ("type", ("spec", "completions"), "json: cannot unmarshal string into Go struct field JobSpec.spec.completions of type int32")),
    ("fraction-into-int32", {"spec__parallelism": 1.5},
     ("type", ("spec", "parallelism"), "json: cannot unmarshal number 1.5 into Go struct field JobSpec.spec.parallelism of type int32")),
    ("overflow-int32", {"spec__backoffLimit": 3000000000},
     ("type", ("spec", "backoffLimit"), "json: cannot unmarshal number 3000000000 into Go struct field JobSpec.spec.backoffLimit of type int32")),
    ("string-into-int64", {"spec__activeDeadlineSeconds": "60"},
     ("type", ("spec", "activeDeadlineSeconds"), "json: cannot unmarshal string into Go struct field JobSpec.spec.activeDeadlineSeconds of type int64")),
    ("string-into-bool", {"spec__suspend": "true"},
     ("type", ("spec", "suspend"), "json: cannot unmarshal string into Go struct field JobSpec.spec.suspend of type bool")),
    ("bool-into-env-value", {"spec__template__spec__containers__0__env__0__value": False},
     ("type", CONTAINER + ("env", 0, "value"), "json: cannot unmarshal bool into Go struct field EnvVar.spec.template.spec.containers.env.value of type string")),
    ("object-into-list", {"spec__template__spec__containers": {"name": "pi"}},
     ("type", ("spec", "template", "spec", "containers"), "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container")),
    ("string-into-list-item", {"spec__template__spec__imagePullSecrets": ["registry"]},
     ("type", ("spec", "template", "spec", "imagePullSecrets", 0), "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.imagePullSecrets of type v1.LocalObjectReference")),
    ("array-into-map", {"spec__template__spec__nodeSelector": ["a"]},
     ("type", ("spec", "template", "spec", "nodeSelector"), "json: cannot unmarshal array into Go struct field PodSpec.spec.template.spec.nodeSelector of type map[string]string")),
    ("bool-into-map-value", {"spec__template__spec__nodeSelector": {"ingress-ready": True}},
     ("type", ("spec", "template", "spec", "nodeSelector", "ingress-ready"), "json: cannot unmarshal bool into Go struct field PodSpec.spec.template.spec.nodeSelector of type string")),
    ("number-into-label", {"metadata__labels": {"tier": 1}},
     ("type", ("metadata", "labels", "tier"), "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")),
    ("named-string-type", {"spec__template__spec__restartPolicy": 1},
     ("type", ("spec", "template", "spec", "restartPolicy"), "json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.restartPolicy of type v1.RestartPolicy")),
    ("string-into-struct", {"spec__template": "pod.yaml"},
     ("type", ("spec", "template"), "json: cannot unmarshal string into Go struct field JobSpec.spec.template of type v1.PodTemplateSpec")),
    ("string-into-spec", {"spec": "x"},
     ("type", ("spec",), "json: cannot unmarshal string into Go struct field Job.spec of type v1.JobSpec")),
    ("quantity-format", {"spec__template__spec__containers__0__resources__limits__cpu": "1 core"},
     ("type", CONTAINER + ("resources", "limits", "cpu"), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")),
    ("quantity-suffix", {"spec__template__spec__containers__0__resources__limits__memory": "128mi"},
     ("type", CONTAINER + ("resources", "limits", "memory"), "unable to parse quantity's suffix")),
    ("quantity-bool", {"spec__template__spec__containers__0__resources__limits__memory": True},
     ("type", CONTAINER + ("resources", "limits", "memory"), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")),
    ("intstr-fraction", {"spec__template__spec__containers__0__readinessProbe__httpGet__port": 80.5},
     ("type", CONTAINER + ("readinessProbe", "httpGet", "port"), "json: cannot unmarshal number 80.5 into Go value of type int32")),
    ("time-format", {"metadata__creationTimestamp": "yesterday"},
     ("type", ("metadata", "creationTimestamp"), 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"')),
    ("time-number", {"metadata__creationTimestamp": 5},
     ("type", ("metadata", "creationTimestamp"), "json: cannot unmarshal number into Go value of type string")),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_decode_error(changes: dict[str, Any], expected: tuple[str, tuple[Any, ...], str]) -> None:
    assert messages(job(**changes)) == [expected]


@pytest.mark.parametrize(
    "changes",
    [
        {"spec__completions": 3.0},  # YAML 3.0 reaches the server as JSON 3
        {"spec__completions": 1e3},
        {"spec__completions": None},  # null is the zero value of anything
        {"spec__template__spec__containers__0__resources__limits__cpu": 0.5},
        {"spec__template__spec__containers__0__resources__limits__cpu": 2},
        {"spec__template__spec__containers__0__resources__limits__memory": "1e3"},
        {"spec__template__spec__containers__0__resources__limits__memory": "1.5Gi"},
        {"spec__template__spec__containers__0__readinessProbe__httpGet__port": 8080},
        {"metadata__creationTimestamp": "2026-01-05T12:00:00Z"},
        {"metadata__annotations": {"note": "x"}},
    ],
)
def test_accepted(changes: dict[str, Any]) -> None:
    assert messages(job(**changes)) == []


def test_every_error_is_reported_in_document_order() -> None:
    body = job(spec__completions="3", spec__template__spec__containers__0__imageTag="x", spec__suspend="no")
    assert [(k, p[-1]) for k, p, _ in messages(body)] == [("type", "completions"), ("unknown-field", "imageTag"), ("type", "suspend")]


def test_fields_follow_the_target_version() -> None:
    body = job(spec__template__spec__resources={"limits": {"cpu": "1"}})  # pod-level resources: 1.32
    assert messages(body, version="1.31") == [
        ("unknown-field", ("spec", "template", "spec", "resources"), 'unknown field "spec.template.spec.resources"')
    ]
    assert messages(body, version="1.32") == []


def test_cronjob_job_template_is_decoded() -> None:
    cronjob = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "c"},
        "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": copy.deepcopy(BASE["spec"])}},
    }
    cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"] = "run"
    assert messages(cronjob, kind="CronJob") == [
        ("type", ("spec", "jobTemplate", "spec", "template", "spec", "containers", 0, "args"),
         "json: cannot unmarshal string into Go struct field Container.spec.jobTemplate.spec.template.spec.containers.args of type []string")
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("100m", None), ("1Gi", None), ("+1", None), ("-1", None), ("0", None), (".5", None), ("1.", None), ("2E3", None),
        ("1e-3", None), ("", "format"), ("abc", "format"), ("1Q", "format"), ("1ki", "suffix"), ("1mM", "suffix"),
        ("5e", "suffix"), ("1.2.3", "format"), (".", None), (".Pi", "numeric"),
    ],
)
def test_quantity(text: str, error: str | None) -> None:
    problem = quantity_error(text)
    if error is None:
        assert problem is None
    else:
        assert problem is not None and {"format": "regular expression", "suffix": "suffix", "numeric": "numeric"}[error] in problem


def test_rfc3339() -> None:
    assert rfc3339_error("2026-01-05T12:00:00.5+01:00") is None
    assert rfc3339_error("2026-13-05T12:00:00Z") == 'parsing time "2026-13-05T12:00:00Z": month out of range'
    assert rfc3339_error("2026-01-05 12:00:00Z") == (
        'parsing time "2026-01-05 12:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 12:00:00Z" as "T15:04:05Z07:00"'
    )
    assert rfc3339_error("2026-01-05T12:00:00Zjunk") == (
        'parsing time "2026-01-05T12:00:00Zjunk" as "2006-01-02T15:04:05Z07:00": extra text: "junk"'
    )


@pytest.mark.parametrize(("value", "text"), [(3, "3"), (3.0, "3"), (1.5, "1.5"), (1e21, "1e+21"), (1e-7, "1e-7"), (0.00001, "0.00001")])
def test_json_number_matches_go(value: float, text: str) -> None:
    assert json_number(value) == text


def test_compiled_schemas_are_current() -> None:
    """The committed tables equal what bench/compile_schemas.py makes of kubernetes-validate."""
    pytest.importorskip("kubernetes_validate")
    import importlib.util

    spec = importlib.util.spec_from_file_location("compile_schemas", Path(__file__).parent.parent / "bench" / "compile_schemas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import kubernetes_validate  # type: ignore[import-untyped]

    source = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    data_dir = Path(__file__).parent.parent / "joblint" / "schema" / "data"
    for version in module.VERSIONS:
        committed = json.loads((data_dir / f"{version}.json").read_text())
        assert committed == json.loads(json.dumps(module.compile_version(source, version))), version


def test_strict_decoding_agrees_with_the_json_schema_on_unknown_fields() -> None:
    """kubernetes-validate's strict schema and joblint agree on which objects have unknown fields."""
    kv = pytest.importorskip("kubernetes_validate")
    for changes in ({}, {"spec__template__spec__containers__0__imagePullPolicyy": "x"}, {"spec__foo": 1}):
        body = job(**changes)
        ours = any(k == "unknown-field" for k, _, _ in messages(body))
        try:
            kv.validate(body, "1.37.0", strict=True)
            theirs = False
        except kv.ValidationError:
            theirs = True
        assert ours == theirs, changes


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["spec", "spec__template", "spec__template__spec", "spec__template__spec__containers__0", "metadata"]),
       st.text(min_size=1, max_size=12), json_values)
def test_decoder_never_raises(where: str, key: str, value: Any) -> None:
    body = job()
    parent: Any = body
    for part in where.split("__"):
        parent = parent[int(part)] if part.isdigit() else parent[part]
    parent[key] = value
    for error in strict_errors(body, "Job", "1.37"):
        assert error.kind in ("unknown-field", "type") and error.message


def test_lint_reports_decode_errors_at_their_lines() -> None:
    text = (
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\nspec:\n  completions: \"3\"\n  template:\n"
        "    spec:\n      restartPolicy: Never\n      containers:\n      - name: a\n        image: b\n        imagePullPolicyy: x\n"
    )
    found = [(f.code, f.line, f.column, f.message) for f in lint_text(text) if f.code in ("JL003", "JL004")]
    assert found == [
        ("JL004", 6, 16, "json: cannot unmarshal string into Go struct field JobSpec.spec.completions of type int32"),
        ("JL003", 13, 9, 'unknown field "spec.template.spec.containers[0].imagePullPolicyy"'),
    ]
