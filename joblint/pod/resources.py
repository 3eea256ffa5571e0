"""Resource names and quantities of containers, the pod and overhead (ValidateContainerResourceRequirements and friends).

STUB: being written; the entry points below have their final signatures.
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldError
from .context import PodContext

Errors = list[FieldError]


def validate_container_resources(resources: dict[str, Any] | None, path: str, ctx: PodContext) -> Errors:
    """ValidateContainerResourceRequirements for one container; path ends in `.resources`."""
    return []


def validate_overhead(overhead: dict[str, Any] | None, path: str, ctx: PodContext) -> Errors:
    """validateOverhead (spec.overhead)."""
    return []


def validate_pod_resources(resources: dict[str, Any] | None, path: str, ctx: PodContext) -> Errors:
    """Pod-level spec.resources (PodLevelResources), where the target version serves it."""
    return []

