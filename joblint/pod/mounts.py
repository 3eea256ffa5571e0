"""A container's volumeMounts and volumeDevices (ValidateVolumeMounts, ValidateVolumeDevices).

STUB: being written; the entry points below have their final signatures.
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldError
from .context import PodContext

Errors = list[FieldError]


def validate_volume_mounts_and_devices(container: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """Both checks for one container; path is the container's path (`...containers[0]`)."""
    return []

