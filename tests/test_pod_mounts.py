"""A container's volumeMounts and volumeDevices (joblint.pod.mounts).

Cases follow TestValidateVolumeMounts, TestValidateSubpathMutuallyExclusive,
TestValidateDisabledSubpathExpr, TestValidateMountPropagation, TestValidateRecursiveReadOnly and
TestValidateVolumeDevices of pkg/apis/core/validation/validation_test.go (liggitt/kubernetes at
76b7f090c0e5). The server reports subPath, subPathExpr, mountPropagation and recursiveReadOnly
errors on `volumeMounts.<field>`, without the mount's index; so do these tests.
"""

from __future__ import annotations

from typing import Any

from joblint.pod.context import PodContext
from joblint.pod.mounts import validate_volume_mounts_and_devices
from tests.podcases import POD, assert_error, pod_with
from tests.test_pod_volumes import check, check_valid, own_errors

C = f"{POD}.containers[0]"
VM = f"{C}.volumeMounts"
VD = f"{C}.volumeDevices"

VOLUMES = [
    {"name": "data", "emptyDir": {}},
    {"name": "cfg", "configMap": {"name": "c"}},
    {"name": "pvc", "persistentVolumeClaim": {"claimName": "claim"}},
    {"name": "eph", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}},
]


def ctr(**fields: Any) -> dict[str, Any]:
    """A pod with the standard volumes whose one container gets these fields."""
    spec = pod_with(volumes=VOLUMES)
    spec["containers"][0].update(fields)
    return spec


# ---------------------------------------------------------------------------------------------
# volumeMounts (TestValidateVolumeMounts).


def test_mount_name_not_found() -> None:
    check(ctr(volumeMounts=[{"name": "nope", "mountPath": "/x"}]), f'{VM}[0].name: Not found: "nope"')


def test_mount_name_required() -> None:
    texts = own_errors(ctr(volumeMounts=[{"name": "", "mountPath": "/x"}]))
    assert texts == [f"{VM}[0].name: Required value", f'{VM}[0].name: Not found: ""']


def test_mount_path_required() -> None:
    check(ctr(volumeMounts=[{"name": "data", "mountPath": ""}]), f"{VM}[0].mountPath: Required value")


def test_mount_path_unique() -> None:
    check(ctr(volumeMounts=[{"name": "data", "mountPath": "/x"}, {"name": "cfg", "mountPath": "/x"}]), f'{VM}[1].mountPath: Invalid value: "/x": must be unique')


def test_mount_of_invalid_volume_not_found() -> None:
    """ValidateVolumes keeps only the volumes that passed; a mount of a bad one is not found."""
    spec = pod_with(volumes=[{"name": "bad", "hostPath": {}}])
    spec["containers"][0]["volumeMounts"] = [{"name": "bad", "mountPath": "/x"}]
    check(spec, f'{VM}[0].name: Not found: "bad"')


def test_init_container_mount_not_found() -> None:
    spec = ctr(volumeMounts=[{"name": "data", "mountPath": "/x"}])
    spec["initContainers"] = [{"name": "init", "image": "busybox", "volumeMounts": [{"name": "gone", "mountPath": "/y"}]}]
    check(spec, f'{POD}.initContainers[0].volumeMounts[0].name: Not found: "gone"')


def test_sub_path_backsteps() -> None:
    check(ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "subPath": "../etc"}]), f'{VM}.subPath: Invalid value: "../etc": must not contain \'..\'')


def test_sub_path_absolute() -> None:
    check(ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "subPath": "/etc"}]), f'{VM}.subPath: Invalid value: "/etc": must be a relative path')


def test_sub_path_and_expr_mutually_exclusive() -> None:
    """TestValidateSubpathMutuallyExclusive."""
    check(
        ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "subPath": "a", "subPathExpr": "$(POD_NAME)"}]),
        f'{VM}[0].subPathExpr: Invalid value: "$(POD_NAME)": subPathExpr and subPath are mutually exclusive',
    )


def test_sub_path_expr_backsteps() -> None:
    check(ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "subPathExpr": "$(A)/../b"}]), f'{VM}.subPathExpr: Invalid value: "$(A)/../b": must not contain \'..\'')


def test_mounts_valid() -> None:
    check_valid(
        ctr(
            volumeMounts=[
                {"name": "data", "mountPath": "/data", "subPath": "a/b"},
                {"name": "data", "mountPath": "/data2", "subPathExpr": "$(POD_NAME)"},
                {"name": "cfg", "mountPath": "/etc/app", "readOnly": True},
                {"name": "pvc", "mountPath": "/pvc", "mountPropagation": "HostToContainer"},
            ]
        )
    )


# ---------------------------------------------------------------------------------------------
# mountPropagation (TestValidateMountPropagation).


def test_mount_propagation_supported() -> None:
    check(
        ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "mountPropagation": "Sideways"}]),
        f'{VM}.mountPropagation: Unsupported value: "Sideways": supported values: "Bidirectional", "HostToContainer", "None"',
    )


def test_bidirectional_needs_privileged() -> None:
    check(
        ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "mountPropagation": "Bidirectional"}]),
        f"{VM}.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers",
    )


def test_bidirectional_privileged_valid() -> None:
    check_valid(ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "mountPropagation": "Bidirectional"}], securityContext={"privileged": True}))


# ---------------------------------------------------------------------------------------------
# recursiveReadOnly (TestValidateRecursiveReadOnly; gate RecursiveReadOnlyMounts on from 1.31).


def test_recursive_read_only_needs_read_only() -> None:
    check(ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "recursiveReadOnly": "Enabled"}]), f"{VM}.recursiveReadOnly: Forbidden: may only be specified when readOnly is true")


def test_recursive_read_only_needs_no_propagation() -> None:
    check(
        ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "readOnly": True, "recursiveReadOnly": "IfPossible", "mountPropagation": "HostToContainer"}]),
        f"{VM}.recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None or not specified",
    )


def test_recursive_read_only_supported() -> None:
    check(
        ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "readOnly": True, "recursiveReadOnly": "Always"}]),
        f'{VM}.recursiveReadOnly: Unsupported value: "Always": supported values: "Disabled", "Enabled", "IfPossible"',
    )


def test_recursive_read_only_valid() -> None:
    check_valid(
        ctr(
            volumeMounts=[
                {"name": "data", "mountPath": "/a", "readOnly": True, "recursiveReadOnly": "Enabled", "mountPropagation": "None"},
                {"name": "cfg", "mountPath": "/b", "recursiveReadOnly": "Disabled"},
            ]
        )
    )


def test_recursive_read_only_dropped_in_1_30() -> None:
    """RecursiveReadOnlyMounts is alpha (off) in 1.30: the server drops the field."""
    check_valid(ctr(volumeMounts=[{"name": "data", "mountPath": "/x", "recursiveReadOnly": "Always"}]), version="1.30")


# ---------------------------------------------------------------------------------------------
# volumeDevices (TestValidateVolumeDevices).


def test_device_name_not_found() -> None:
    check(ctr(volumeDevices=[{"name": "nope", "devicePath": "/dev/x"}]), f'{VD}[0].name: Not found: "nope"')


def test_device_name_required() -> None:
    check(ctr(volumeDevices=[{"name": "", "devicePath": "/dev/x"}]), f"{VD}[0].name: Required value")


def test_device_must_be_a_claim() -> None:
    check(
        ctr(volumeDevices=[{"name": "data", "devicePath": "/dev/x"}]),
        f'{VD}[0].name: Invalid value: "data": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
    )


def test_device_name_unique() -> None:
    check(ctr(volumeDevices=[{"name": "pvc", "devicePath": "/dev/a"}, {"name": "pvc", "devicePath": "/dev/b"}]), f'{VD}[1].name: Invalid value: "pvc": must be unique')


def test_device_path_required() -> None:
    check(ctr(volumeDevices=[{"name": "pvc", "devicePath": ""}]), f"{VD}[0].devicePath: Required value")


def test_device_path_unique() -> None:
    check(ctr(volumeDevices=[{"name": "pvc", "devicePath": "/dev/a"}, {"name": "eph", "devicePath": "/dev/a"}]), f'{VD}[1].devicePath: Invalid value: "/dev/a": must be unique')


def test_device_path_backsteps() -> None:
    check(ctr(volumeDevices=[{"name": "pvc", "devicePath": "/dev/../etc"}]), f'{VD}[0].devicePath: Invalid value: "/dev/../etc": can not contain backsteps (\'..\')')


def test_block_volume_cannot_also_be_mounted() -> None:
    spec = ctr(volumeMounts=[{"name": "pvc", "mountPath": "/m"}], volumeDevices=[{"name": "pvc", "devicePath": "/dev/p"}])
    texts = own_errors(spec)
    assert f'{VM}[0].name: Invalid value: "pvc": must not already exist in volumeDevices' in texts
    assert f'{VD}[0].name: Invalid value: "pvc": must not already exist in volumeMounts' in texts


def test_device_path_not_a_mount_path() -> None:
    spec = ctr(volumeMounts=[{"name": "data", "mountPath": "/same"}], volumeDevices=[{"name": "pvc", "devicePath": "/same"}])
    texts = own_errors(spec)
    assert f'{VM}[0].mountPath: Invalid value: "/same": must not already exist as a path in volumeDevices' in texts
    assert f'{VD}[0].devicePath: Invalid value: "/same": must not already exist as a path in volumeMounts' in texts


def test_devices_valid() -> None:
    check_valid(
        ctr(volumeMounts=[{"name": "data", "mountPath": "/data"}], volumeDevices=[{"name": "pvc", "devicePath": "/dev/pvc"}, {"name": "eph", "devicePath": "/dev/eph"}])
    )


# ---------------------------------------------------------------------------------------------
# Direct calls and robustness.


def test_direct_call_with_context() -> None:
    ctx = PodContext("1.37", {}, volumes={"data": {"name": "data", "emptyDir": {}}})
    container = {"name": "c", "volumeMounts": [{"name": "data", "mountPath": "/d"}, {"name": "x", "mountPath": "/d"}]}
    texts = [str(e) for e in validate_volume_mounts_and_devices(container, "c", ctx)]
    assert texts == ['c.volumeMounts[1].name: Not found: "x"', 'c.volumeMounts[1].mountPath: Invalid value: "/d": must be unique']


def test_malformed_mounts_never_raise() -> None:
    ctx = PodContext("1.37", {})
    container = {"volumeMounts": ["junk", {"name": 3}], "volumeDevices": "nope"}
    texts = [str(e) for e in validate_volume_mounts_and_devices(container, "c", ctx)]
    assert "c.volumeMounts[0].name: Required value" in texts


# ---------------------------------------------------------------------------------------------
# End to end, through the Job's validation (containers call the mount checks).


def test_end_to_end_mount_of_missing_volume() -> None:
    assert_error(
        pod_with(containers=[{"name": "main", "image": "busybox", "volumeMounts": [{"name": "data", "mountPath": "/data"}]}]),
        f'{C}.volumeMounts[0].name: Not found: "data"',
        error_type="Not found",
    )


def test_end_to_end_duplicate_mount_path() -> None:
    spec = ctr(volumeMounts=[{"name": "data", "mountPath": "/x"}, {"name": "cfg", "mountPath": "/x"}])
    assert_error(spec, f'{VM}[1].mountPath: Invalid value: "/x": must be unique', error_type="Invalid value")
