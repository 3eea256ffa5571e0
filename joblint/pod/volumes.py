"""Pod volumes and every volume source (ValidateVolumes).

STUB: being written; the entry points below have their final signatures.
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldError
from .context import PodContext

Errors = list[FieldError]


def validate_volumes(volumes: list[dict[str, Any]] | None, path: str, ctx: PodContext) -> Errors:
    """ValidateVolumes: fills ctx.volumes (name -> volume) for the mount checks; path ends in `.volumes`."""
    for vol in volumes or []:
        if isinstance(vol, dict) and vol.get("name"):
            ctx.volumes.setdefault(vol["name"], vol)
    return []

