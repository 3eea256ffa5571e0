"""Pod and container security contexts (validatePodSpecSecurityContext, ValidateSecurityContext).

STUB: being written; the entry points below have their final signatures.
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldError
from .context import PodContext

Errors = list[FieldError]


def validate_pod_security_context(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """path is the pod spec path; errors are under `.securityContext` (and hostNetwork/hostPID/... where the server puts them)."""
    return []


def validate_container_security_context(sc: dict[str, Any] | None, container: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """path ends in `.securityContext`."""
    return []

