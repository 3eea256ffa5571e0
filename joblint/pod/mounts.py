"""A container's volumeMounts and volumeDevices (ValidateVolumeMounts, ValidateVolumeDevices).

Ported from pkg/apis/core/validation/validation.go (liggitt/kubernetes at 76b7f090c0e5, about
1.35/1.36), as validateContainerCommon calls them for regular and init containers alike.
Paths are the server's, including its slip of reporting subPath, subPathExpr,
mountPropagation and recursiveReadOnly errors on `volumeMounts.<field>` without the index.

Before validating, the server drops what a disabled feature would carry: mounts naming an
image volume while ImageVolume is off (their volumes are in `ctx.dropped_volumes`), and
`recursiveReadOnly` while RecursiveReadOnlyMounts is off (1.30).
"""

from __future__ import annotations

from typing import Any

from ..apivalidation import child_path, index_path
from ..errors import FieldError, forbidden, invalid, not_found, not_supported, required
from .context import PodContext
from .volumes import validate_local_descending_path, validate_path_no_backsteps

Errors = list[FieldError]

MOUNT_PROPAGATIONS = ["Bidirectional", "HostToContainer", "None"]
RECURSIVE_READ_ONLY = ["Disabled", "Enabled", "IfPossible"]


def _str(d: dict[str, Any], key: str) -> str:
    v = d.get(key)
    return v if isinstance(v, str) else ""


def _items(container: dict[str, Any], key: str) -> list[dict[str, Any]]:
    v = container.get(key)
    if not isinstance(v, list):
        return []
    return [item if isinstance(item, dict) else {} for item in v]


def _privileged(container: dict[str, Any]) -> bool:
    sc = container.get("securityContext")
    return isinstance(sc, dict) and sc.get("privileged") is True


def validate_mount_propagation(mode: str, container: dict[str, Any], path: str) -> Errors:
    """validateMountPropagation (for a mount that sets it)."""
    errs: Errors = []
    if mode not in MOUNT_PROPAGATIONS:
        errs.append(not_supported(path, mode, MOUNT_PROPAGATIONS))
    if mode == "Bidirectional" and not _privileged(container):
        errs.append(forbidden(path, "Bidirectional mount propagation is available only to privileged containers"))
    return errs


def validate_mount_recursive_read_only(mount: dict[str, Any], path: str) -> Errors:
    """validateMountRecursiveReadOnly."""
    rro = mount.get("recursiveReadOnly")
    if not isinstance(rro, str):
        return []
    if rro == "Disabled":
        return []
    if rro in ("Enabled", "IfPossible"):
        errs: Errors = []
        if mount.get("readOnly") is not True:
            errs.append(forbidden(path, "may only be specified when readOnly is true"))
        propagation = mount.get("mountPropagation")
        if isinstance(propagation, str) and propagation != "None":
            errs.append(forbidden(path, "may only be specified when mountPropagation is None or not specified"))
        return errs
    return [not_supported(path, rro, RECURSIVE_READ_ONLY)]


def validate_volume_mounts(
    mounts: list[dict[str, Any]], devices: dict[str, str], container: dict[str, Any], path: str, ctx: PodContext
) -> Errors:
    """ValidateVolumeMounts; `devices` maps device names to device paths (GetVolumeDeviceMap)."""
    errs: Errors = []
    mount_points: set[str] = set()
    device_paths = set(devices.values())
    rro_enabled = ctx.enabled("RecursiveReadOnlyMounts")
    for i, mnt in enumerate(mounts):
        idx_path = index_path(path, i)
        name, mount_path = _str(mnt, "name"), _str(mnt, "mountPath")
        if not name:
            errs.append(required(child_path(idx_path, "name")))
        if name not in ctx.volumes:
            errs.append(not_found(child_path(idx_path, "name"), name))
        if not mount_path:
            errs.append(required(child_path(idx_path, "mountPath")))
        if mount_path in mount_points:
            errs.append(invalid(child_path(idx_path, "mountPath"), mount_path, "must be unique"))
        mount_points.add(mount_path)
        if name in devices:
            errs.append(invalid(child_path(idx_path, "name"), name, "must not already exist in volumeDevices"))
        if mount_path in device_paths:
            errs.append(invalid(child_path(idx_path, "mountPath"), mount_path, "must not already exist as a path in volumeDevices"))
        sub_path, sub_path_expr = _str(mnt, "subPath"), _str(mnt, "subPathExpr")
        if sub_path:
            errs.extend(validate_local_descending_path(sub_path, child_path(path, "subPath")))
        if sub_path_expr:
            if sub_path:
                errs.append(invalid(child_path(idx_path, "subPathExpr"), sub_path_expr, "subPathExpr and subPath are mutually exclusive"))
            errs.extend(validate_local_descending_path(sub_path_expr, child_path(path, "subPathExpr")))
        propagation = mnt.get("mountPropagation")
        if isinstance(propagation, str):
            errs.extend(validate_mount_propagation(propagation, container, child_path(path, "mountPropagation")))
        if rro_enabled:
            errs.extend(validate_mount_recursive_read_only(mnt, child_path(path, "recursiveReadOnly")))
    return errs


def validate_volume_devices(devices: list[dict[str, Any]], mounts: dict[str, str], path: str, ctx: PodContext) -> Errors:
    """ValidateVolumeDevices; `mounts` maps mount names to mount paths (GetVolumeMountMap)."""
    errs: Errors = []
    device_paths: set[str] = set()
    device_names: set[str] = set()
    mount_paths = set(mounts.values())
    for i, dev in enumerate(devices):
        idx_path = index_path(path, i)
        name, dev_path = _str(dev, "name"), _str(dev, "devicePath")
        volume = ctx.volumes.get(name)
        matched = volume is not None
        is_pvc = volume is not None and (volume.get("persistentVolumeClaim") is not None or volume.get("ephemeral") is not None)
        if not name:
            errs.append(required(child_path(idx_path, "name")))
        if name in device_names:
            errs.append(invalid(child_path(idx_path, "name"), name, "must be unique"))
        if matched and not is_pvc:
            errs.append(
                invalid(child_path(idx_path, "name"), name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode")
            )
        if not matched:
            errs.append(not_found(child_path(idx_path, "name"), name))
        if not dev_path:
            errs.append(required(child_path(idx_path, "devicePath")))
        if dev_path in device_paths:
            errs.append(invalid(child_path(idx_path, "devicePath"), dev_path, "must be unique"))
        if dev_path and validate_path_no_backsteps(dev_path, child_path(path, "devicePath")):
            errs.append(invalid(child_path(idx_path, "devicePath"), dev_path, "can not contain backsteps ('..')"))
        else:
            device_paths.add(dev_path)
        if name in mounts:
            errs.append(invalid(child_path(idx_path, "name"), name, "must not already exist in volumeMounts"))
        if dev_path in mount_paths:
            errs.append(invalid(child_path(idx_path, "devicePath"), dev_path, "must not already exist as a path in volumeMounts"))
        if name:
            device_names.add(name)
    return errs


def validate_volume_mounts_and_devices(container: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """Both checks for one container; path is the container's path (`...containers[0]`).

    The same for regular and init containers (restartable or not): validateContainerCommon
    calls both with the pod's valid volumes, whatever the container's kind."""
    mounts = _items(container, "volumeMounts")
    if ctx.dropped_volumes:
        mounts = [m for m in mounts if _str(m, "name") not in ctx.dropped_volumes]
    devices = _items(container, "volumeDevices")
    mount_map = {_str(m, "name"): _str(m, "mountPath") for m in mounts}
    device_map = {_str(d, "name"): _str(d, "devicePath") for d in devices}
    errs = validate_volume_mounts(mounts, device_map, container, child_path(path, "volumeMounts"), ctx)
    errs.extend(validate_volume_devices(devices, mount_map, child_path(path, "volumeDevices"), ctx))
    return errs
