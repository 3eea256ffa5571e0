"""Pod volumes and every volume source (joblint.pod.volumes, ValidateVolumes).

Cases follow TestValidateVolumes, TestValidateProjectedVolume... and the downward API cases of
pkg/apis/core/validation/validation_test.go (liggitt/kubernetes at 76b7f090c0e5). Each rule has
its exact printed error; `own_errors` runs only this module (and the mount checks) over the
defaulted template, so the valid counterparts prove no false alarm from volumes themselves.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from joblint.defaults import default_job
from joblint.model import Job
from joblint.pod.context import PodContext
from joblint.pod.mounts import validate_volume_mounts_and_devices
from joblint.pod.volumes import validate_volumes
from tests.podcases import POD, assert_error, job_around, pod_messages, pod_with

V = f"{POD}.volumes"
DNS_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
    "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
DNS_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
MODE_MSG = "must be a number between 0 and 0777 (octal), both inclusive"


def defaulted_spec(pod_spec: dict[str, Any], version: str = "1.37") -> dict[str, Any]:
    job = default_job(Job.model_validate(job_around(copy.deepcopy(pod_spec))), version)
    spec: dict[str, Any] = job.model_dump(by_alias=True, exclude_none=True)["spec"]["template"]["spec"]
    return spec


def own_errors(pod_spec: dict[str, Any], version: str = "1.37") -> list[str]:
    """The errors of the volume and mount checks alone, on the defaulted template."""
    spec = defaulted_spec(pod_spec, version)
    ctx = PodContext(version, spec)
    errs = validate_volumes(spec.get("volumes"), V, ctx)
    for kind in ("containers", "initContainers"):
        for i, c in enumerate(spec.get(kind) or []):
            errs.extend(validate_volume_mounts_and_devices(c, f"{POD}.{kind}[{i}]", ctx))
    return [str(e) for e in errs]


def vols(*volumes: dict[str, Any]) -> dict[str, Any]:
    return pod_with(volumes=list(volumes))


def check(spec: dict[str, Any], expected: str, version: str = "1.37") -> None:
    texts = own_errors(spec, version)
    assert expected in texts, "\n".join(texts) or "(no errors)"


def check_valid(spec: dict[str, Any], version: str = "1.37") -> None:
    texts = own_errors(spec, version)
    assert texts == [], "\n".join(texts)


# ---------------------------------------------------------------------------------------------
# Names and the one-source rule (TestValidateVolumes).


def test_name_required() -> None:
    check(vols({"emptyDir": {}}), f"{V}[0].name: Required value")


def test_name_must_be_dns_label() -> None:
    check(vols({"name": "Bad_Name", "emptyDir": {}}), f'{V}[0].name: Invalid value: "Bad_Name": {DNS_LABEL_MSG}')


def test_name_too_long() -> None:
    name = "a" * 64
    check(vols({"name": name, "emptyDir": {}}), f'{V}[0].name: Invalid value: "{name}": must be no more than 63 characters')


def test_name_duplicate() -> None:
    """TestValidateVolumes: dupsCase gives exactly one Duplicate error."""
    texts = own_errors(vols({"name": "abc", "emptyDir": {}}, {"name": "abc", "emptyDir": {}}))
    assert texts == [f'{V}[1].name: Duplicate value: "abc"']


def test_more_than_one_source() -> None:
    check(vols({"name": "v", "emptyDir": {}, "hostPath": {"path": "/x"}}), f"{V}[0].hostPath: Forbidden: may not specify more than 1 volume type")


def test_more_than_one_source_keeps_server_path_typos() -> None:
    spec = vols({"name": "v", "emptyDir": {}, "downwardAPI": {}}, {"name": "w", "emptyDir": {}, "cephfs": {"monitors": ["m"]}})
    texts = own_errors(spec)
    assert f"{V}[0].downwarAPI: Forbidden: may not specify more than 1 volume type" in texts
    assert f"{V}[1].cephFS: Forbidden: may not specify more than 1 volume type" in texts


def test_no_source_is_required_before_defaulting() -> None:
    """TestValidateVolumes "no volume source": the server defaults a sourceless volume to emptyDir,
    so only a direct call can see this error."""
    ctx = PodContext("1.37", {})
    errs = validate_volumes([{"name": "v"}], V, ctx)
    assert [str(e) for e in errs] == [f"{V}[0]: Required value: must specify a volume type"]
    assert ctx.volumes == {}


def test_sourceless_volume_defaults_to_empty_dir() -> None:
    check_valid(vols({"name": "v"}))


def test_only_valid_volumes_are_kept_for_mounts() -> None:
    ctx = PodContext("1.37", {})
    validate_volumes([{"name": "ok", "emptyDir": {}}, {"name": "bad", "hostPath": {}}], V, ctx)
    assert set(ctx.volumes) == {"ok"}


def test_non_dict_volume_never_raises() -> None:
    ctx = PodContext("1.37", {})
    errs = validate_volumes(["junk", {"name": "v", "secret": "x"}], V, ctx)  # type: ignore[list-item]
    assert f"{V}[0]: Required value: must specify a volume type" in [str(e) for e in errs]


# ---------------------------------------------------------------------------------------------
# hostPath, emptyDir, gitRepo.


def test_host_path_required() -> None:
    check(vols({"name": "v", "hostPath": {}}), f"{V}[0].hostPath.path: Required value")


def test_host_path_no_backsteps() -> None:
    check(vols({"name": "v", "hostPath": {"path": "/a/../b"}}), f'{V}[0].hostPath.path: Invalid value: "/a/../b": must not contain \'..\'')


def test_host_path_type_supported() -> None:
    check(
        vols({"name": "v", "hostPath": {"path": "/a", "type": "foo"}}),
        f'{V}[0].hostPath.type: Unsupported value: "foo": supported values: "", "BlockDevice", "CharDevice", '
        '"Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
    )


def test_host_path_valid() -> None:
    check_valid(vols({"name": "v", "hostPath": {"path": "/var/log", "type": "DirectoryOrCreate"}}))


def test_empty_dir_negative_size_limit() -> None:
    check(vols({"name": "v", "emptyDir": {"sizeLimit": "-1Gi"}}), f"{V}[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity")


def test_empty_dir_zero_and_positive_size_limits_are_valid() -> None:
    """TestAlphaLocalStorageCapacityIsolation: a size limit is fine; zero is not negative."""
    check_valid(vols({"name": "v", "emptyDir": {"sizeLimit": "0"}}, {"name": "w", "emptyDir": {"medium": "Memory", "sizeLimit": "5Gi"}}))


def test_git_repo_repository_required() -> None:
    check(vols({"name": "v", "gitRepo": {}}), f"{V}[0].gitRepo.repository: Required value")


def test_git_repo_directory_descending() -> None:
    texts = own_errors(vols({"name": "v", "gitRepo": {"repository": "r", "directory": "/abs"}}, {"name": "w", "gitRepo": {"repository": "r", "directory": "a/../.."}}))
    assert f'{V}[0].gitRepo.directory: Invalid value: "/abs": must be a relative path' in texts
    assert f'{V}[1].gitRepo.directory: Invalid value: "a/../..": must not contain \'..\'' in texts


# ---------------------------------------------------------------------------------------------
# secret and configMap (and their items: validateKeyToPath, ValidateLocalNonReservedPath).


def test_secret_name_required() -> None:
    check(vols({"name": "v", "secret": {}}), f"{V}[0].secret.secretName: Required value")


@pytest.mark.parametrize("mode", [0o1000, -1])
def test_secret_default_mode_range(mode: int) -> None:
    check(vols({"name": "v", "secret": {"secretName": "s", "defaultMode": mode}}), f"{V}[0].secret.defaultMode: Invalid value: {mode}: {MODE_MSG}")


def test_secret_item_key_and_path_required() -> None:
    texts = own_errors(vols({"name": "v", "secret": {"secretName": "s", "items": [{}]}}))
    assert f"{V}[0].secret.items[0].key: Required value" in texts
    assert f"{V}[0].secret.items[0].path: Required value" in texts


def test_config_map_name_required() -> None:
    check(vols({"name": "v", "configMap": {}}), f"{V}[0].configMap.name: Required value")


def test_config_map_item_path_backsteps_refused() -> None:
    """The classic escape: `path: ../etc/passwd` in a configMap item."""
    spec = vols({"name": "v", "configMap": {"name": "c", "items": [{"key": "k", "path": "../etc/passwd"}]}})
    check(spec, f'{V}[0].configMap.items[0].path: Invalid value: "../etc/passwd": must not contain \'..\'')
    assert_error(spec, f'{V}[0].configMap.items[0].path: Invalid value: "../etc/passwd": must not contain \'..\'', error_type="Invalid value")


def test_config_map_item_path_absolute_refused() -> None:
    check(vols({"name": "v", "configMap": {"name": "c", "items": [{"key": "k", "path": "/etc/passwd"}]}}), f'{V}[0].configMap.items[0].path: Invalid value: "/etc/passwd": must be a relative path')


def test_config_map_item_path_leading_dots_refused() -> None:
    check(vols({"name": "v", "configMap": {"name": "c", "items": [{"key": "k", "path": "..data"}]}}), f'{V}[0].configMap.items[0].path: Invalid value: "..data": must not start with \'..\'')


def test_config_map_item_mode_range() -> None:
    check(vols({"name": "v", "configMap": {"name": "c", "items": [{"key": "k", "path": "p", "mode": 0o1777}]}}), f"{V}[0].configMap.items[0].mode: Invalid value: 1023: {MODE_MSG}")


def test_secret_and_config_map_valid() -> None:
    check_valid(
        vols(
            {"name": "s", "secret": {"secretName": "s", "defaultMode": 0o400, "items": [{"key": "k", "path": "a/b..c", "mode": 0o777}]}},
            {"name": "c", "configMap": {"name": "c", "items": [{"key": "k", "path": "conf.d/app.conf", "mode": 0}]}},
        )
    )


# ---------------------------------------------------------------------------------------------
# downwardAPI (validateDownwardAPIVolumeFile: the server reports item errors on the source path).


def test_downward_api_item_path_required() -> None:
    check(vols({"name": "v", "downwardAPI": {"items": [{"fieldRef": {"fieldPath": "metadata.name"}}]}}), f"{V}[0].downwardAPI.path: Required value")


def test_downward_api_field_path_not_convertible() -> None:
    check(
        vols({"name": "v", "downwardAPI": {"items": [{"path": "p", "fieldRef": {"fieldPath": "metadata.foo"}}]}}),
        f'{V}[0].downwardAPI.fieldRef.fieldPath: Invalid value: "metadata.foo": error converting fieldPath: field label not supported: metadata.foo',
    )


def test_downward_api_field_path_not_for_volumes() -> None:
    check(
        vols({"name": "v", "downwardAPI": {"items": [{"path": "p", "fieldRef": {"fieldPath": "spec.nodeName"}}]}}),
        f'{V}[0].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: '
        '"metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"',
    )


def test_downward_api_subscript_only_on_labels_and_annotations() -> None:
    check(
        vols({"name": "v", "downwardAPI": {"items": [{"path": "p", "fieldRef": {"fieldPath": "metadata.name['x']"}}]}}),
        f"{V}[0].downwardAPI.fieldRef.fieldPath: Invalid value: \"metadata.name['x']\": error converting fieldPath: "
        "field label does not support subscript: metadata.name['x']",
    )


def test_downward_api_api_version_must_be_v1() -> None:
    check(
        vols({"name": "v", "downwardAPI": {"items": [{"path": "p", "fieldRef": {"apiVersion": "v2", "fieldPath": "metadata.name"}}]}}),
        f'{V}[0].downwardAPI.fieldRef.fieldPath: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2',
    )


def test_downward_api_resource_field_ref_needs_container_name() -> None:
    check(vols({"name": "v", "downwardAPI": {"items": [{"path": "p", "resourceFieldRef": {"resource": "limits.cpu"}}]}}), f"{V}[0].downwardAPI.resourceFieldRef.containerName: Required value")


def test_downward_api_resource_supported() -> None:
    check(
        vols({"name": "v", "downwardAPI": {"items": [{"path": "p", "resourceFieldRef": {"containerName": "main", "resource": "limits.foo"}}]}}),
        f'{V}[0].downwardAPI.resourceFieldRef.resource: Unsupported value: "limits.foo": supported values: "limits.cpu", '
        '"limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"',
    )


def test_downward_api_cpu_divisor() -> None:
    check(
        vols({"name": "v", "downwardAPI": {"items": [{"path": "p", "resourceFieldRef": {"containerName": "main", "resource": "limits.cpu", "divisor": "1Mi"}}]}}),
        f'{V}[0].downwardAPI.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor\'s values 1m and 1 are supported with the cpu resource',
    )


def test_downward_api_both_refs() -> None:
    item = {"path": "p", "fieldRef": {"fieldPath": "metadata.name"}, "resourceFieldRef": {"containerName": "main", "resource": "limits.cpu"}}
    check(vols({"name": "v", "downwardAPI": {"items": [item]}}), f'{V}[0].downwardAPI: Invalid value: "resource": fieldRef and resourceFieldRef can not be specified simultaneously')


def test_downward_api_no_ref() -> None:
    check(vols({"name": "v", "downwardAPI": {"items": [{"path": "p"}]}}), f"{V}[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required")


def test_downward_api_item_mode() -> None:
    check(vols({"name": "v", "downwardAPI": {"items": [{"path": "p", "fieldRef": {"fieldPath": "metadata.name"}, "mode": 0o1000}]}}), f"{V}[0].downwardAPI.mode: Invalid value: 512: {MODE_MSG}")


def test_downward_api_valid() -> None:
    items = [
        {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
        {"path": "team", "fieldRef": {"fieldPath": "metadata.labels['team']"}},
        {"path": "ann", "fieldRef": {"fieldPath": "metadata.annotations['Example.com/Owner']"}},
        {"path": "cpu", "resourceFieldRef": {"containerName": "main", "resource": "limits.cpu", "divisor": "1m"}},
        {"path": "mem", "resourceFieldRef": {"containerName": "main", "resource": "requests.memory", "divisor": "1Mi"}},
        {"path": "huge", "resourceFieldRef": {"containerName": "main", "resource": "requests.hugepages-2Mi"}},
    ]
    check_valid(vols({"name": "v", "downwardAPI": {"items": items}}))


# ---------------------------------------------------------------------------------------------
# projected (validateProjectionSources).


def test_projected_secret_name_required() -> None:
    """TestValidateVolumes "ProjectedVolumeSource more than one projection in a source"."""
    texts = own_errors(vols({"name": "v", "projected": {"sources": [{"secret": {}}, {"secret": {}, "downwardAPI": {}}]}}))
    assert texts == [
        f"{V}[0].projected.sources[0].secret.name: Required value",
        f"{V}[0].projected.sources[1].secret.name: Required value",
        f"{V}[0].projected.sources[1]: Forbidden: may not specify more than 1 volume type per source",
    ]


def test_projected_conflicting_paths() -> None:
    spec = vols({"name": "v", "projected": {"sources": [
        {"secret": {"name": "s", "items": [{"key": "a", "path": "same"}]}},
        {"configMap": {"name": "cm", "items": [{"key": "b", "path": "same"}]}},
    ]}})  # fmt: skip
    check(spec, f'{V}[0].projected: Invalid value: "cm": conflicting duplicate paths')


def test_projected_conflicting_downward_path() -> None:
    spec = vols({"name": "v", "projected": {"sources": [
        {"configMap": {"name": "cm", "items": [{"key": "b", "path": "name"}]}},
        {"downwardAPI": {"items": [{"path": "name", "fieldRef": {"fieldPath": "metadata.name"}}]}},
    ]}})  # fmt: skip
    check(spec, f'{V}[0].projected: Invalid value: "name": conflicting duplicate paths')


def test_projected_downward_item_reported_on_source() -> None:
    check(vols({"name": "v", "projected": {"sources": [{"downwardAPI": {"items": [{"fieldRef": {"fieldPath": "metadata.name"}}]}}]}}), f"{V}[0].projected.sources[0].downwardAPI.path: Required value")


def test_projected_token_expiration_minimum() -> None:
    check(
        vols({"name": "v", "projected": {"sources": [{"serviceAccountToken": {"path": "token", "expirationSeconds": 599}}]}}),
        f"{V}[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes",
    )


def test_projected_token_expiration_maximum() -> None:
    check(
        vols({"name": "v", "projected": {"sources": [{"serviceAccountToken": {"path": "token", "expirationSeconds": (1 << 32) + 1}}]}}),
        f"{V}[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds",
    )


def test_projected_token_path_required_on_projected() -> None:
    """The server reports the token's path on `projected.path`."""
    check(vols({"name": "v", "projected": {"sources": [{"serviceAccountToken": {}}]}}), f"{V}[0].projected.path: Required value")


def test_projected_token_path_local() -> None:
    check(vols({"name": "v", "projected": {"sources": [{"serviceAccountToken": {"path": "../token"}}]}}), f'{V}[0].projected.path: Invalid value: "../token": must not contain \'..\'')


def test_projected_default_mode() -> None:
    check(vols({"name": "v", "projected": {"defaultMode": 0o1000, "sources": []}}), f"{V}[0].projected.defaultMode: Invalid value: 512: {MODE_MSG}")


def test_projected_valid_with_defaulted_token_expiration() -> None:
    check_valid(vols({"name": "v", "projected": {"sources": [
        {"serviceAccountToken": {"path": "token", "audience": "vault"}},
        {"secret": {"name": "s", "items": [{"key": "a", "path": "a"}]}},
        {"configMap": {"name": "c", "items": [{"key": "b", "path": "b"}]}},
        {"downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
    ]}}))  # fmt: skip


def test_projected_cluster_trust_bundle_dropped_while_gate_off() -> None:
    """ClusterTrustBundleProjection and PodCertificateRequest are off by default in every
    supported release: the server drops these projections before validating."""
    check_valid(vols({"name": "v", "projected": {"sources": [{"clusterTrustBundle": {"path": "../x"}}, {"podCertificate": {"keyType": "nope"}}]}}))


# ---------------------------------------------------------------------------------------------
# persistentVolumeClaim and ephemeral (ValidatePersistentVolumeClaimTemplate / ...Spec).

EPH = f"{V}[0].ephemeral.volumeClaimTemplate"


def eph(spec: dict[str, Any] | None = None, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    template: dict[str, Any] = {
        "spec": spec if spec is not None else {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
    }
    if metadata is not None:
        template["metadata"] = metadata
    return vols({"name": "scratch", "ephemeral": {"volumeClaimTemplate": template}})


def test_pvc_claim_name_required() -> None:
    check(vols({"name": "v", "persistentVolumeClaim": {}}), f"{V}[0].persistentVolumeClaim.claimName: Required value")


def test_ephemeral_template_required() -> None:
    check(vols({"name": "v", "ephemeral": {}}), f"{V}[0].ephemeral.volumeClaimTemplate: Required value")


def test_ephemeral_access_modes_required() -> None:
    check(eph({"resources": {"requests": {"storage": "1Gi"}}}), f"{EPH}.spec.accessModes: Required value: at least 1 access mode is required")


def test_ephemeral_access_mode_supported() -> None:
    check(
        eph({"accessModes": ["ReadWriteSometimes"], "resources": {"requests": {"storage": "1Gi"}}}),
        f'{EPH}.spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    )


def test_ephemeral_read_write_once_pod_alone() -> None:
    check(
        eph({"accessModes": ["ReadWriteOncePod", "ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}),
        f"{EPH}.spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
    )


def test_ephemeral_storage_request_required() -> None:
    check(eph({"accessModes": ["ReadWriteOnce"]}), f"{EPH}.spec.resources[storage]: Required value")


def test_ephemeral_storage_request_positive() -> None:
    check(eph({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "0Gi"}}}), f'{EPH}.spec.resources[storage]: Invalid value: "0": must be greater than zero')


def test_ephemeral_volume_mode_supported() -> None:
    check(
        eph({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "volumeMode": "Tape"}),
        f'{EPH}.spec.volumeMode: Unsupported value: "Tape": supported values: "Block", "Filesystem"',
    )


def test_ephemeral_storage_class_name() -> None:
    check(
        eph({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "storageClassName": "Fast_SSD"}),
        f'{EPH}.spec.storageClassName: Invalid value: "Fast_SSD": {DNS_SUBDOMAIN_MSG}',
    )


def test_ephemeral_data_source_kind_in_core_group() -> None:
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "dataSource": {"kind": "Snapshot", "name": "s"}}
    check(eph(spec), f"{EPH}.spec.dataSource: Invalid value: \"Snapshot\": must be 'PersistentVolumeClaim' when referencing the default apiGroup")


def test_ephemeral_data_source_must_match_ref() -> None:
    spec = {
        "accessModes": ["ReadWriteOnce"],
        "resources": {"requests": {"storage": "1Gi"}},
        "dataSource": {"kind": "PersistentVolumeClaim", "name": "a"},
        "dataSourceRef": {"kind": "PersistentVolumeClaim", "name": "b"},
    }
    check(eph(spec), f'{EPH}.spec: Invalid value: field.Path{{name:"dataSource", index:"", parent:(*field.Path)(0xc000000000)}}: must match dataSourceRef')


def test_ephemeral_metadata_only_labels_and_annotations() -> None:
    check(eph(metadata={"name": "claim", "labels": {"a": "b"}}), f"{EPH}.metadata.name: Forbidden: cannot be set")


def test_ephemeral_metadata_labels_validated() -> None:
    texts = own_errors(eph(metadata={"labels": {"a": "not ok"}}))
    assert any(t.startswith(f'{EPH}.metadata.labels: Invalid value: "not ok": ') for t in texts), texts


def test_ephemeral_valid() -> None:
    check_valid(
        eph(
            {"accessModes": ["ReadWriteOncePod"], "resources": {"requests": {"storage": "10Gi"}}, "storageClassName": "fast", "volumeMode": "Block"},
            metadata={"labels": {"type": "scratch"}, "annotations": {"example.com/x": "y"}},
        )
    )


# ---------------------------------------------------------------------------------------------
# csi and image.


def test_csi_driver_required() -> None:
    check(vols({"name": "v", "csi": {}}), f"{V}[0].csi.driver: Required value")


def test_csi_driver_name_format() -> None:
    check(vols({"name": "v", "csi": {"driver": "my_driver"}}), f'{V}[0].csi.driver: Invalid value: "my_driver": {DNS_SUBDOMAIN_MSG}')


def test_csi_driver_name_too_long() -> None:
    check(vols({"name": "v", "csi": {"driver": "a" * 64}}), f"{V}[0].csi.driver: Too long: may not be more than 63 bytes")


def test_csi_secret_ref_name_required() -> None:
    check(vols({"name": "v", "csi": {"driver": "csi.example.com", "nodePublishSecretRef": {}}}), f"{V}[0].csi.nodePublishSecretRef.name: Required value")


def test_csi_secret_ref_name_reported_on_csi_name() -> None:
    check(vols({"name": "v", "csi": {"driver": "csi.example.com", "nodePublishSecretRef": {"name": "Bad"}}}), f'{V}[0].csi.name: Invalid value: "Bad": {DNS_SUBDOMAIN_MSG}')


def test_csi_valid_mixed_case_driver() -> None:
    check_valid(vols({"name": "v", "csi": {"driver": "CSI.Example.com", "volumeAttributes": {"a": "b"}}}))


def test_image_pull_policy_supported() -> None:
    """TestValidateVolumes "image volume with wrong pullPolicy" (ImageVolume on by default from 1.35)."""
    check(
        vols({"name": "img", "image": {"reference": "quay.io/my/artifact:v1", "pullPolicy": "wrong"}}),
        f'{V}[0].image.pullPolicy: Unsupported value: "wrong": supported values: "Always", "IfNotPresent", "Never"',
    )


def test_image_reference_optional_in_templates() -> None:
    """TestValidateVolumes "image volume with empty reference on other object"; pullPolicy defaults."""
    check_valid(vols({"name": "img", "image": {}}, {"name": "img2", "image": {"reference": "quay.io/a:v1"}}))


def test_image_volume_dropped_while_gate_off() -> None:
    """1.34: dropImageVolumes removes the volume and the mounts naming it; later indexes shift."""
    spec = vols({"name": "img", "image": {"pullPolicy": "wrong"}}, {"name": "v", "hostPath": {}})
    spec["containers"][0]["volumeMounts"] = [{"name": "img", "mountPath": "/img"}, {"name": "nope", "mountPath": "/n"}]
    texts = own_errors(spec, "1.34")
    assert texts == [f"{V}[0].hostPath.path: Required value", f'{POD}.containers[0].volumeMounts[0].name: Not found: "nope"']


# ---------------------------------------------------------------------------------------------
# The in-tree sources: their required fields and formats.


@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        ({"nfs": {"path": "/x"}}, f"{V}[0].nfs.server: Required value"),
        ({"nfs": {"server": "s", "path": "rel"}}, f'{V}[0].nfs.path: Invalid value: "rel": must be an absolute path'),
        ({"iscsi": {"iqn": "iqn.2015-02.example.com:test"}}, f"{V}[0].iscsi.targetPortal: Required value"),
        ({"iscsi": {"targetPortal": "127.0.0.1"}}, f"{V}[0].iscsi.iqn: Required value"),
        ({"iscsi": {"targetPortal": "t", "iqn": "foo"}}, f'{V}[0].iscsi.iqn: Invalid value: "foo": must be valid format starting with iqn, eui, or naa'),
        ({"iscsi": {"targetPortal": "t", "iqn": "iqn.2015-02.example.com"}}, f'{V}[0].iscsi.iqn: Invalid value: "iqn.2015-02.example.com": must be valid format'),
        ({"iscsi": {"targetPortal": "t", "iqn": "eui.0123"}}, f'{V}[0].iscsi.iqn: Invalid value: "eui.0123": must be valid format'),
        ({"iscsi": {"targetPortal": "t", "iqn": "iqn.2015-02.example.com:test", "lun": 256}}, f"{V}[0].iscsi.lun: Invalid value: 256: must be between 0 and 255, inclusive"),
        ({"iscsi": {"targetPortal": "t", "iqn": "iqn.2015-02.example.com:test", "chapAuthSession": True}}, f"{V}[0].iscsi.secretRef: Required value"),
        (
            {"iscsi": {"targetPortal": "t", "iqn": "iqn.2015-02.example.com:test", "initiatorName": "bad"}},
            f'{V}[0].iscsi.initiatorname: Invalid value: "bad": must be valid format starting with iqn, eui, or naa',
        ),
        ({"glusterfs": {"path": "p"}}, f"{V}[0].glusterfs.endpoints: Required value"),
        ({"flocker": {}}, f"{V}[0].flocker: Required value: one of datasetName and datasetUUID is required"),
        ({"flocker": {"datasetName": "a", "datasetUUID": "b"}}, f'{V}[0].flocker: Invalid value: "resource": datasetName and datasetUUID can not be specified simultaneously'),
        ({"flocker": {"datasetName": "a/b"}}, f'{V}[0].flocker.datasetName: Invalid value: "a/b": must not contain \'/\''),
        ({"rbd": {"image": "i"}}, f"{V}[0].rbd.monitors: Required value"),
        ({"rbd": {"monitors": ["m"]}}, f"{V}[0].rbd.image: Required value"),
        ({"cinder": {}}, f"{V}[0].cinder.volumeID: Required value"),
        ({"cinder": {"volumeID": "x", "secretRef": {}}}, f"{V}[0].cinder.secretRef.name: Required value"),
        ({"cephfs": {}}, f"{V}[0].cephfs.monitors: Required value"),
        ({"quobyte": {"volume": "v"}}, f"{V}[0].quobyte.registry: Required value: must be a host:port pair or multiple pairs separated by commas"),
        ({"quobyte": {"registry": "host", "volume": "v"}}, f'{V}[0].quobyte.registry: Invalid value: "host": must be a host:port pair or multiple pairs separated by commas'),
        ({"quobyte": {"registry": "h:1"}}, f"{V}[0].quobyte.volume: Required value"),
        ({"quobyte": {"registry": "h:1", "volume": "v", "tenant": "t" * 65}}, f"{V}[0].quobyte.tenant: Required value: must be a UUID and may not exceed a length of 64 characters"),
        ({"fc": {}}, f"{V}[0].fc.targetWWNs: Required value: must specify either targetWWNs or wwids, but not both"),
        ({"fc": {"targetWWNs": ["a"], "wwids": ["b"], "lun": 1}}, f'{V}[0].fc.targetWWNs: Invalid value: []string{{"a"}}: targetWWNs and wwids can not be specified simultaneously'),
        ({"fc": {"targetWWNs": ["a"]}}, f"{V}[0].fc.lun: Required value: lun is required if targetWWNs is specified"),
        ({"fc": {"targetWWNs": ["a"], "lun": 256}}, f"{V}[0].fc.lun: Invalid value: 256: must be between 0 and 255, inclusive"),
        ({"flexVolume": {}}, f"{V}[0].flexVolume.driver: Required value"),
        (
            {"flexVolume": {"driver": "d", "options": {"kubernetes.io/x": "y"}}},
            f'{V}[0].flexVolume.options[kubernetes.io/x]: Invalid value: "kubernetes.io/x": kubernetes.io and k8s.io namespaces are reserved',
        ),
        ({"azureFile": {"shareName": "s"}}, f"{V}[0].azureFile.secretName: Required value"),
        ({"azureFile": {"secretName": "s"}}, f"{V}[0].azureFile.shareName: Required value"),
        ({"vsphereVolume": {}}, f"{V}[0].vsphereVolume.volumePath: Required value"),
        ({"photonPersistentDisk": {}}, f"{V}[0].photonPersistentDisk.pdID: Required value"),
        ({"portworxVolume": {}}, f"{V}[0].portworxVolume.volumeID: Required value"),
        ({"scaleIO": {"system": "s", "volumeName": "v"}}, f"{V}[0].scaleIO.gateway: Required value"),
        ({"storageos": {}}, f"{V}[0].storageos.volumeName: Required value"),
        ({"storageos": {"volumeName": "Bad_Name"}}, f'{V}[0].storageos.volumeName: Invalid value: "Bad_Name": {DNS_LABEL_MSG}'),
        ({"gcePersistentDisk": {}}, f"{V}[0].persistentDisk.pdName: Required value"),
        ({"gcePersistentDisk": {"pdName": "p", "partition": 256}}, f"{V}[0].persistentDisk.partition: Invalid value: 256: must be between 1 and 255, inclusive"),
        ({"awsElasticBlockStore": {}}, f"{V}[0].awsElasticBlockStore.volumeID: Required value"),
        ({"azureDisk": {"diskURI": "https://a.blob.core.windows.net/c/d.vhd"}}, f"{V}[0].azureDisk.diskName: Required value"),
        (
            {"azureDisk": {"diskName": "d", "diskURI": "/subscriptions/x"}},
            f'{V}[0].azureDisk.diskURI: Unsupported value: "/subscriptions/x": supported values: "https://{{account-name}}.blob.core.windows.net/{{container-name}}/{{disk-name}}.vhd"',
        ),
        (
            {"azureDisk": {"diskName": "d", "diskURI": "https://x", "kind": "Managed"}},
            (
                f'{V}[0].azureDisk.diskURI: Unsupported value: "https://x": supported values: '
                '"/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"'
            ),
        ),
        (
            {"azureDisk": {"diskName": "d", "diskURI": "https://x", "cachingMode": "Sometimes"}},
            f'{V}[0].azureDisk.cachingMode: Unsupported value: "Sometimes": supported values: "None", "ReadOnly", "ReadWrite"',
        ),
    ],
    ids=lambda v: next(iter(v)) if isinstance(v, dict) else None,
)
def test_in_tree_source(volume: dict[str, Any], expected: str) -> None:
    check(vols({"name": "v", **volume}), expected)


def test_iscsi_initiator_name_length() -> None:
    portal = "1" * 63
    name = "v"
    check(
        vols({"name": name, "iscsi": {"targetPortal": portal, "iqn": "iqn.2015-02.example.com:test", "initiatorName": "iqn.2015-02.example.com:test"}}),
        f'{V}[0].name: Invalid value: "v": Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.',
    )


def test_in_tree_sources_valid() -> None:
    check_valid(
        vols(
            {"name": "nfs", "nfs": {"server": "nfs.example.com", "path": "/exports"}},
            {"name": "iscsi", "iscsi": {"targetPortal": "127.0.0.1:3260", "iqn": "iqn.2015-02.example.com:test", "lun": 1}},
            {"name": "eui", "iscsi": {"targetPortal": "t", "iqn": "eui.0123456789ABCDEF"}},
            {"name": "rbd", "rbd": {"monitors": ["m"], "image": "i"}},
            {"name": "fc", "fc": {"wwids": ["w"]}},
            {"name": "quobyte", "quobyte": {"registry": "a:1,[::1]:2", "volume": "v"}},
            {"name": "azure", "azureDisk": {"diskName": "d", "diskURI": "https://a.blob.core.windows.net/c/d.vhd"}},
            {"name": "managed", "azureDisk": {"diskName": "d", "diskURI": "/subscriptions/s", "kind": "Managed"}},
            {"name": "flex", "flexVolume": {"driver": "d", "options": {"example.com/x": "y"}}},
            {"name": "gce", "gcePersistentDisk": {"pdName": "p", "partition": 1}},
            {"name": "claim", "persistentVolumeClaim": {"claimName": "data"}},
        )
    )


# ---------------------------------------------------------------------------------------------
# Through the whole pipeline (pod_errors).


def test_end_to_end_volume_errors_reach_the_job() -> None:
    msgs = pod_messages(vols({"name": "v", "hostPath": {"path": "/x", "type": "Nope"}}))
    assert any(m.startswith(f'{V}[0].hostPath.type: Unsupported value: "Nope"') for m in msgs), msgs


# ---------------------------------------------------------------------------------------------
# More cases of TestValidateVolumes, one per rule they exercise.


def test_name_with_dots() -> None:
    check(vols({"name": "a.b.c", "emptyDir": {}}), f'{V}[0].name: Invalid value: "a.b.c": must not contain dots')


@pytest.mark.parametrize("directory", [".", "..foo", "target"])
def test_git_repo_directory_valid(directory: str) -> None:
    """TestValidateVolumes "valid GitRepo in .", "valid GitRepo with .. in name"."""
    check_valid(vols({"name": "git", "gitRepo": {"repository": "my-repo", "revision": "hashstring", "directory": directory}}))


@pytest.mark.parametrize(
    "iqn",
    ["iqn.2015-02.example.com:test;ls;", "eui.0123456789ABCDEFGHIJ", "naa.62004567BA_4-78D.123456789ABCDEF"],
)
def test_iscsi_iqn_formats_invalid(iqn: str) -> None:
    check(vols({"name": "iscsi", "iscsi": {"targetPortal": "127.0.0.1", "iqn": iqn, "lun": 1}}), f'{V}[0].iscsi.iqn: Invalid value: "{iqn}": must be valid format')


def test_iscsi_naa_and_initiator_valid() -> None:
    check_valid(
        vols(
            {"name": "naa", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "naa.62004567BA64678D0123456789ABCDEF", "lun": 1}},
            {"name": "init", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "iqn.2015-02.example.com:test", "initiatorName": "iqn.2015-02.example.com:init"}},
        )
    )


def test_iscsi_initiator_name_without_prefix() -> None:
    """TestValidateVolumes "invalid initiatorName"."""
    check(
        vols({"name": "iscsi", "iscsi": {"targetPortal": "127.0.0.1", "iqn": "iqn.2015-02.example.com:test", "initiatorName": "2015-02.example.com:init"}}),
        f'{V}[0].iscsi.initiatorname: Invalid value: "2015-02.example.com:init": must be valid format starting with iqn, eui, or naa',
    )


def test_iscsi_discovery_chap_needs_secret() -> None:
    check(vols({"name": "iscsi", "iscsi": {"targetPortal": "t", "iqn": "iqn.2015-02.example.com:test", "chapAuthDiscovery": True}}), f"{V}[0].iscsi.secretRef: Required value")


def test_quobyte_one_bad_registry_of_several() -> None:
    check(vols({"name": "q", "quobyte": {"registry": "registry:7861,reg2", "volume": "/test"}}), f'{V}[0].quobyte.registry: Invalid value: "registry:7861,reg2": must be a host:port pair or multiple pairs separated by commas')


def test_quobyte_empty_tenant_valid() -> None:
    check_valid(vols({"name": "q", "quobyte": {"registry": "registry:7861", "volume": "/test", "tenant": ""}}))


@pytest.mark.parametrize(
    ("path", "detail"),
    [("/absolutepath", "must be a relative path"), ("../../passwd", "must not contain '..'"), ("..badFileName", "must not start with '..'"), ("..badDirName/goodFileName", "must not start with '..'")],
)
def test_downward_api_item_paths(path: str, detail: str) -> None:
    item = {"path": path, "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"}}
    check(vols({"name": "downapi", "downwardAPI": {"items": [item]}}), f'{V}[0].downwardAPI.path: Invalid value: "{path}": {detail}')


def test_downward_api_odd_but_valid_paths() -> None:
    items = [
        {"path": p, "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"}}
        for p in ("path/with/subdirs", "path/./withdot", "path/with/embedded..dotdot", "path/with/leading/..dotdot")
    ]
    items.append({"path": "annotations with complex subscript", "fieldRef": {"fieldPath": "metadata.annotations['TEST.EXAMPLE.COM/key']"}})
    items.append({"path": "labels with complex subscript", "fieldRef": {"fieldPath": "metadata.labels['test.example.com/key']"}})
    check_valid(vols({"name": "downapi", "downwardAPI": {"items": items}}))


def test_downward_api_label_subscript_must_be_qualified_name() -> None:
    texts = own_errors(vols({"name": "d", "downwardAPI": {"items": [{"path": "p", "fieldRef": {"fieldPath": "metadata.labels['a/b/c']"}}]}}))
    assert len(texts) == 1 and texts[0].startswith(f'{V}[0].downwardAPI.fieldRef: Invalid value: "a/b/c": a valid label key must consist of'), texts


def test_flex_volume_driver_may_be_namespaced() -> None:
    check_valid(vols({"name": "flex-volume", "flexVolume": {"driver": "kubernetes.io/blue", "fsType": "ext4"}}))


def test_azure_disk_empty_uri() -> None:
    """With the server's default kind (Shared) an empty URI is also not a blob URI."""
    texts = own_errors(vols({"name": "azure-disk", "azureDisk": {"diskName": "foo", "diskURI": ""}}))
    assert texts == [
        f"{V}[0].azureDisk.diskURI: Required value",
        f'{V}[0].azureDisk.diskURI: Unsupported value: "": supported values: "https://{{account-name}}.blob.core.windows.net/{{container-name}}/{{disk-name}}.vhd"',
    ]


def test_azure_disk_kind_supported() -> None:
    check(
        vols({"name": "d", "azureDisk": {"diskName": "foo", "diskURI": "https://blob/vhds/bar.vhd", "kind": "Huge"}}),
        f'{V}[0].azureDisk.kind: Unsupported value: "Huge": supported values: "Dedicated", "Managed", "Shared"',
    )


@pytest.mark.parametrize(("key", "expected"), [("volumeName", "scaleIO.volumeName"), ("gateway", "scaleIO.gateway"), ("system", "scaleIO.system")])
def test_scale_io_required(key: str, expected: str) -> None:
    source = {"gateway": "http://abcd/efg", "system": "test-system", "volumeName": "test-vol-1"}
    source[key] = ""
    check(vols({"name": "scaleio-volume", "scaleIO": source}), f"{V}[0].{expected}: Required value")


def test_storageos_namespace_and_secret() -> None:
    texts = own_errors(vols({"name": "s", "storageos": {"volumeName": "v", "volumeNamespace": "Bad.NS", "secretRef": {}}}))
    assert texts == [f'{V}[0].storageos.volumeNamespace: Invalid value: "Bad.NS": {DNS_LABEL_MSG}', f"{V}[0].storageos.secretRef.name: Required value"]


def test_ephemeral_data_source_ref_namespace_with_data_source() -> None:
    spec = {
        "accessModes": ["ReadWriteOnce"],
        "resources": {"requests": {"storage": "1Gi"}},
        "dataSource": {"kind": "PersistentVolumeClaim", "name": "a"},
        "dataSourceRef": {"kind": "PersistentVolumeClaim", "name": "a", "namespace": "other"},
    }
    check(eph(spec), f'{EPH}.spec: Invalid value: field.Path{{name:"dataSource", index:"", parent:(*field.Path)(0xc000000000)}}: may not be specified when dataSourceRef.namespace is specified')


def test_ephemeral_data_source_required_fields_and_group() -> None:
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "dataSourceRef": {"apiGroup": "^invalid"}}
    texts = own_errors(eph(spec))
    assert f"{EPH}.spec.dataSourceRef.name: Required value" in texts
    assert f"{EPH}.spec.dataSourceRef.kind: Required value" in texts
    assert f'{EPH}.spec.dataSourceRef.apiGroup: Invalid value: "^invalid": {DNS_SUBDOMAIN_MSG}' in texts


def test_ephemeral_snapshot_data_source_valid() -> None:
    spec = {
        "accessModes": ["ReadWriteOnce"],
        "resources": {"requests": {"storage": "1Gi"}},
        "dataSource": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap"},
        "dataSourceRef": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap"},
    }
    check_valid(eph(spec))


def test_ephemeral_selector_validated() -> None:
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "selector": {"matchExpressions": [{"key": "a", "operator": "Near"}]}}
    check(eph(spec), f'{EPH}.spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator')


def test_ephemeral_volume_attributes_class_gated() -> None:
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "volumeAttributesClassName": "Gold_Class"}
    check(eph(spec), f'{EPH}.spec.volumeAttributesClassName: Invalid value: "Gold_Class": {DNS_SUBDOMAIN_MSG}')
    check_valid(eph(spec), version="1.33")


BYTE_DIVISORS = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei"


@pytest.mark.parametrize(
    ("resource", "named"),
    [("requests.memory", "memory"), ("limits.ephemeral-storage", "local ephemeral storage"), ("limits.hugepages-2Mi", "hugepages")],
)
def test_downward_api_byte_divisors(resource: str, named: str) -> None:
    """validateContainerResourceDivisor: the canonical divisor must be one of the byte units."""
    item = {"path": "p", "resourceFieldRef": {"containerName": "main", "resource": resource, "divisor": "3Mi"}}
    check(
        vols({"name": "d", "downwardAPI": {"items": [item]}}),
        f'{V}[0].downwardAPI.resourceFieldRef.divisor: Invalid value: "{resource}": only divisor\'s values {BYTE_DIVISORS} are supported with the {named} resource',
    )


def test_downward_api_divisor_compared_in_canonical_form() -> None:
    """`1000m` is the quantity 1, which the server prints (and compares) as `1`."""
    item = {"path": "p", "resourceFieldRef": {"containerName": "main", "resource": "limits.cpu", "divisor": "1000m"}}
    check_valid(vols({"name": "d", "downwardAPI": {"items": [item]}}))
