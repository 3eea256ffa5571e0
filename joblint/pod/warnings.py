"""Warnings the API server returns for a pod template it accepts (pkg/api/pod/warnings.go).

STUB: being written; the entry points below have their final signatures.
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldError
from .context import PodContext

Errors = list[FieldError]


def pod_template_warnings(template: dict[str, Any], path: str, ctx: PodContext) -> list[str]:
    """The warning texts, each prefixed with its field path as the server prints it."""
    return []

