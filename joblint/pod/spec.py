"""ValidatePodTemplateSpec and ValidatePodSpec: the order of the server's checks over a pod.

TEMPORARY SHIM while the pod validation is being ported: delegates to the old model-based checks.
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldError


def validate_pod_template(template: dict[str, Any], path: str, version: str) -> list[FieldError]:
    from ..model import PodTemplateSpec
    from ..validation import _legacy_validate_pod_template_spec

    return _legacy_validate_pod_template_spec(PodTemplateSpec.model_validate(template), path, version)
