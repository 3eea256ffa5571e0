"""Shared helpers for the pod template validation tests: a Job around a pod spec, its errors."""

from __future__ import annotations

import copy
from typing import Any

from joblint.defaults import default_job
from joblint.errors import FieldError
from joblint.model import Job
from joblint.validation import validate_job

POD = "spec.template.spec"

BASE_POD: dict[str, Any] = {
    "restartPolicy": "Never",
    "containers": [{"name": "main", "image": "busybox:1.36"}],
}


def job_around(pod_spec: dict[str, Any], template_meta: dict[str, Any] | None = None) -> dict[str, Any]:
    template: dict[str, Any] = {"spec": pod_spec}
    if template_meta is not None:
        template["metadata"] = template_meta
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"}, "spec": {"template": template}}


def pod_with(**fields: Any) -> dict[str, Any]:
    """The base pod spec with top-level fields replaced."""
    spec = copy.deepcopy(BASE_POD)
    spec.update(copy.deepcopy(fields))
    return spec


def container_with(**fields: Any) -> dict[str, Any]:
    """The base pod spec whose one container gets these fields."""
    spec = copy.deepcopy(BASE_POD)
    spec["containers"][0].update(copy.deepcopy(fields))
    return spec


def pod_errors(pod_spec: dict[str, Any], version: str = "1.37", template_meta: dict[str, Any] | None = None) -> list[FieldError]:
    """The errors the server gives for a Job with this pod spec (defaulted, then validated)."""
    job = Job.model_validate(job_around(copy.deepcopy(pod_spec), template_meta))
    return validate_job(default_job(job, version), version)


def pod_messages(pod_spec: dict[str, Any], version: str = "1.37", template_meta: dict[str, Any] | None = None) -> list[str]:
    return [str(e) for e in pod_errors(pod_spec, version, template_meta)]


def assert_error(pod_spec: dict[str, Any], expected: str, version: str = "1.37", error_type: str | None = None) -> None:
    """`expected` is the whole printed error (`path: Type: value: detail`)."""
    errs = pod_errors(pod_spec, version)
    texts = [str(e) for e in errs]
    assert expected in texts, "\n".join(texts) or "(no errors)"
    if error_type is not None:
        assert errs[texts.index(expected)].type.value == error_type


def assert_valid(pod_spec: dict[str, Any], version: str = "1.37") -> None:
    texts = pod_messages(pod_spec, version)
    assert texts == [], "\n".join(texts)
