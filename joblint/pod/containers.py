"""Init and regular containers (validateInitContainers, validateContainers, validateContainerCommon).

STUB: being written; the entry points below have their final signatures.
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldError
from .context import PodContext

Errors = list[FieldError]


def validate_init_containers(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """path ends in `.initContainers`."""
    return []


def validate_containers(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """path ends in `.containers`."""
    return []

