"""What the validation of one part of a pod needs to know about the rest of the pod."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .. import versions


# Every part of every pod asks these; the answers depend only on the (gate, version) pair.
@cache
def _enabled(gate: str, version: str) -> bool:
    return versions.enabled(gate, version)


@cache
def _at_least(version: str, minimum: str) -> bool:
    return versions.at_least(version, minimum)


@dataclass
class PodContext:
    """Facts about the pod being validated, shared by every part of its validation.

    `volumes` is filled by the volume validation before containers are validated (mounts refer
    to it), as ValidatePodSpec does with the map ValidateVolumes returns."""

    version: str
    spec: dict[str, Any]
    volumes: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Names of volumes the server drops before validating (image volumes while ImageVolume is
    # off); mounts naming them are dropped too.
    dropped_volumes: set[str] = field(default_factory=set)
    claim_names: set[str] = field(default_factory=set)

    @property
    def host_network(self) -> bool:
        return bool(self.spec.get("hostNetwork"))

    @property
    def restart_policy(self) -> str:
        return self.spec.get("restartPolicy") or ""

    @property
    def os_name(self) -> str | None:
        os_ = self.spec.get("os")
        return os_.get("name") if isinstance(os_, dict) else None

    def enabled(self, gate: str) -> bool:
        return _enabled(gate, self.version)

    def at_least(self, minimum: str) -> bool:
        return _at_least(self.version, minimum)
