"""Where a pod may run: affinity, tolerations, topology spread constraints.

STUB: being written; the entry points below have their final signatures.
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldError
from .context import PodContext

Errors = list[FieldError]


def validate_affinity(affinity: dict[str, Any] | None, path: str, ctx: PodContext) -> Errors:
    return []


def validate_tolerations(tolerations: list[dict[str, Any]] | None, path: str, ctx: PodContext) -> Errors:
    return []


def validate_topology_spread_constraints(constraints: list[dict[str, Any]] | None, path: str, ctx: PodContext) -> Errors:
    return []

