"""Pod volumes and every volume source (ValidateVolumes and validateVolumeSource).

Ported from pkg/apis/core/validation/validation.go (liggitt/kubernetes at 76b7f090c0e5, about
1.35/1.36). Paths, error types and texts are the server's, including its slips: the
`downwarAPI` and `cephFS` Forbidden paths, `persistentDisk` for gcePersistentDisk errors, the
downward API item errors reported on the source (not on `items[i]`), the projected token's
`path` reported on `projected.path`, and csi secret name errors on `csi.name`.

Server-side steps that precede validation and change what it sees are applied here:
- image volumes are dropped (with the mounts naming them) while ImageVolume is off
  (dropImageVolumes in pkg/api/pod/util.go); their names go to `ctx.dropped_volumes`;
- clusterTrustBundle and podCertificate projections are dropped: their gates
  (ClusterTrustBundleProjection, PodCertificateRequest) are off by default in every supported
  release;
- azureDisk `kind` and `cachingMode` and an image volume's `pullPolicy` take their defaults
  (SetDefaults_AzureDiskVolumeSource, SetDefaults_ImageVolumeSource) when unset.

The checks that need the pod's own name (the PVC name `<pod>-<volume>` an ephemeral volume
creates, and a persistentVolumeClaim naming such a PVC) never run for a template:
ValidatePodTemplateSpec calls ValidatePodSpec without pod metadata.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..apivalidation import (
    GO_POINTER_PLACEHOLDER,
    GoValue,
    child_path,
    go_string_slice,
    inclusive_range_error,
    index_path,
    is_dns1123_label,
    is_dns1123_subdomain,
    key_path,
    name_is_dns_label,
    name_is_dns_subdomain,
    too_long,
    validate_annotations,
    validate_labels,
)
from ..errors import FieldError, duplicate, forbidden, invalid, not_supported, required
from .downward import validate_container_resource_field_selector, validate_object_field_selector
from .context import PodContext
from .quantity import try_parse

Errors = list[FieldError]

MORE_THAN_ONE = "may not specify more than 1 volume type"
FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive"
PD_PARTITION_ERROR = inclusive_range_error(1, 255)
MAX_FILE_MODE = 0o777

HOST_PATH_TYPES = sorted(["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"])
PULL_POLICIES = ["Always", "IfNotPresent", "Never"]
AZURE_CACHING_MODES = ["None", "ReadOnly", "ReadWrite"]
AZURE_DISK_KINDS = ["Dedicated", "Managed", "Shared"]
AZURE_MANAGED_URI = ["/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"]
AZURE_BLOB_URI = ["https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"]
ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]
VOLUME_MODES = ["Block", "Filesystem"]

# Downward API: what a volume file may refer to (validVolumeDownwardAPIFieldPathExpressions).
VOLUME_FIELD_PATHS = sorted(["metadata.name", "metadata.namespace", "metadata.labels", "metadata.annotations", "metadata.uid"])
_VOLUME_FIELD_PATH_SET = frozenset(VOLUME_FIELD_PATHS)

# ISCSI names (iscsiInitiatorIqnRegex etc.); Go's MatchString searches, so the iqn form is unanchored.
_IQN_RE = re.compile(r"iqn\.\d{4}-\d{2}\.([A-Za-z0-9\-.]+)(:[^,;*&$|\t\n\f\r ]+)$", re.ASCII)
_EUI_RE = re.compile(r"^eui.[A-Za-z0-9]{16}$", re.ASCII)
_NAA_RE = re.compile(r"^naa.[A-Za-z0-9]{32}$", re.ASCII)
_ISCSI_NAME_RES = {"iqn": _IQN_RE, "eui": _EUI_RE, "naa": _NAA_RE}

# Template metadata an ephemeral volume's claim may set (allowedTemplateObjectMetaFields); the
# others, named as validateFieldAllowList lower-cases the Go field names (so `uID`).
_TEMPLATE_META_FORBIDDEN = (
    ("name", "name"), ("generateName", "generateName"), ("namespace", "namespace"), ("selfLink", "selfLink"),
    ("uid", "uID"), ("resourceVersion", "resourceVersion"), ("generation", "generation"),
    ("creationTimestamp", "creationTimestamp"), ("deletionTimestamp", "deletionTimestamp"),
    ("deletionGracePeriodSeconds", "deletionGracePeriodSeconds"), ("ownerReferences", "ownerReferences"),
    ("finalizers", "finalizers"), ("managedFields", "managedFields"),
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Reading the JSON form with Go's zero values.


def _str(d: dict[str, Any], key: str) -> str:
    v = d.get(key)
    return v if isinstance(v, str) else ""


def _int(d: dict[str, Any], key: str) -> int | None:
    v = d.get(key)
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _dict(d: dict[str, Any], key: str) -> dict[str, Any] | None:
    v = d.get(key)
    return v if isinstance(v, dict) else None


def _list(d: dict[str, Any], key: str) -> list[Any]:
    v = d.get(key)
    return v if isinstance(v, list) else []


def _dicts(d: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The list's items, with anything but an object read as an empty object (Go's zero struct)."""
    return [item if isinstance(item, dict) else {} for item in _list(d, key)]


# ---------------------------------------------------------------------------------------------
# Quantities: the sign and the canonical text (resource.Quantity's Sign and String).


def _quantity(value: Any) -> tuple[int, str] | None:
    """(sign, canonical text) of a quantity, or None when it does not parse (decoding reports it)."""
    q = try_parse(value)
    if q is None:
        return None
    return q.sign(), str(q)


# ---------------------------------------------------------------------------------------------
# Paths inside a volume.


def validate_path_no_backsteps(target: str, path: str) -> Errors:
    """validatePathNoBacksteps: no `..` element (the server splits on `/` only)."""
    if ".." in target.split("/"):
        return [invalid(path, target, "must not contain '..'")]
    return []


def validate_local_descending_path(target: str, path: str) -> Errors:
    """validateLocalDescendingPath: relative, without `..` elements."""
    errs: Errors = []
    if target.startswith("/"):
        errs.append(invalid(path, target, "must be a relative path"))
    errs.extend(validate_path_no_backsteps(target, path))
    return errs


def validate_local_non_reserved_path(target: str, path: str) -> Errors:
    """ValidateLocalNonReservedPath: validateLocalDescendingPath and no leading `..`."""
    errs = validate_local_descending_path(target, path)
    if target.startswith("..") and not target.startswith("../"):
        errs.append(invalid(path, target, "must not start with '..'"))
    return errs


def _validate_mode(source: dict[str, Any], key: str, path: str) -> Errors:
    mode = _int(source, key)
    if mode is not None and (mode > MAX_FILE_MODE or mode < 0):
        return [invalid(child_path(path, key), mode, FILE_MODE_ERROR)]
    return []


def _validate_key_to_path(item: dict[str, Any], path: str) -> Errors:
    """validateKeyToPath (secret and configMap items)."""
    errs: Errors = []
    if not _str(item, "key"):
        errs.append(required(child_path(path, "key")))
    target = _str(item, "path")
    if not target:
        errs.append(required(child_path(path, "path")))
    errs.extend(validate_local_non_reserved_path(target, child_path(path, "path")))
    errs.extend(_validate_mode(item, "mode", path))
    return errs


# ---------------------------------------------------------------------------------------------
# The sources, in validateVolumeSource's order.


def _host_path(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateHostPathVolumeSource."""
    target = _str(src, "path")
    if not target:
        return [required(child_path(path, "path"))]
    errs = validate_path_no_backsteps(target, child_path(path, "path"))
    kind = src.get("type")
    if isinstance(kind, str) and kind not in HOST_PATH_TYPES:
        errs.append(not_supported(child_path(path, "type"), kind, HOST_PATH_TYPES))
    return errs


def _git_repo(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateGitRepoVolumeSource."""
    errs: Errors = []
    if not _str(src, "repository"):
        errs.append(required(child_path(path, "repository")))
    errs.extend(validate_local_descending_path(_str(src, "directory"), child_path(path, "directory")))
    return errs


def _partitioned_disk(id_key: str) -> Callable[[dict[str, Any], str, PodContext], Errors]:
    """validateGCEPersistentDiskVolumeSource / validateAWSElasticBlockStoreVolumeSource."""

    def check(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
        errs: Errors = []
        if not _str(src, id_key):
            errs.append(required(child_path(path, id_key)))
        partition = _int(src, "partition")
        if partition is not None and (partition < 0 or partition > 255):
            errs.append(invalid(child_path(path, "partition"), partition, PD_PARTITION_ERROR))
        return errs

    return check


def _secret(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateSecretVolumeSource."""
    errs: Errors = []
    if not _str(src, "secretName"):
        errs.append(required(child_path(path, "secretName")))
    errs.extend(_validate_mode(src, "defaultMode", path))
    items = child_path(path, "items")
    for i, item in enumerate(_dicts(src, "items")):
        errs.extend(_validate_key_to_path(item, index_path(items, i)))
    return errs


def _config_map(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateConfigMapVolumeSource."""
    errs: Errors = []
    if not _str(src, "name"):
        errs.append(required(child_path(path, "name")))
    errs.extend(_validate_mode(src, "defaultMode", path))
    items = child_path(path, "items")
    for i, item in enumerate(_dicts(src, "items")):
        errs.extend(_validate_key_to_path(item, index_path(items, i)))
    return errs


def _nfs(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateNFSVolumeSource."""
    errs: Errors = []
    if not _str(src, "server"):
        errs.append(required(child_path(path, "server")))
    target = _str(src, "path")
    if not target:
        errs.append(required(child_path(path, "path")))
    if not target.startswith("/"):
        errs.append(invalid(child_path(path, "path"), target, "must be an absolute path"))
    return errs


def _iscsi_name_errors(value: str, path: str, no_prefix_detail: str, chained: bool) -> Errors:
    errs: Errors = []
    has_prefix = value.startswith(("iqn", "eui", "naa"))
    if not has_prefix:
        errs.append(invalid(path, value, no_prefix_detail))
        if chained:
            return errs
    pattern = _ISCSI_NAME_RES.get(value[:3])
    if pattern is not None and not pattern.search(value):
        errs.append(invalid(path, value, "must be valid format"))
    return errs


def _iscsi(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateISCSIVolumeSource."""
    errs: Errors = []
    if not _str(src, "targetPortal"):
        errs.append(required(child_path(path, "targetPortal")))
    iqn = _str(src, "iqn")
    if not iqn:
        errs.append(required(child_path(path, "iqn")))
    else:
        errs.extend(_iscsi_name_errors(iqn, child_path(path, "iqn"), "must be valid format starting with iqn, eui, or naa", True))
    lun = _int(src, "lun") or 0
    if lun < 0 or lun > 255:
        errs.append(invalid(child_path(path, "lun"), lun, inclusive_range_error(0, 255)))
    if (src.get("chapAuthDiscovery") is True or src.get("chapAuthSession") is True) and _dict(src, "secretRef") is None:
        errs.append(required(child_path(path, "secretRef")))
    initiator = src.get("initiatorName")
    if isinstance(initiator, str):
        errs.extend(
            _iscsi_name_errors(initiator, child_path(path, "initiatorname"), "must be valid format starting with iqn, eui, or naa", False)
        )
    return errs


def _glusterfs(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateGlusterfsVolumeSource."""
    errs: Errors = []
    if not _str(src, "endpoints"):
        errs.append(required(child_path(path, "endpoints")))
    if not _str(src, "path"):
        errs.append(required(child_path(path, "path")))
    return errs


def _flocker(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateFlockerVolumeSource."""
    errs: Errors = []
    name, uuid = _str(src, "datasetName"), _str(src, "datasetUUID")
    if not name and not uuid:
        errs.append(required(path, "one of datasetName and datasetUUID is required"))
    if name and uuid:
        errs.append(invalid(path, "resource", "datasetName and datasetUUID can not be specified simultaneously"))
    if "/" in name:
        errs.append(invalid(child_path(path, "datasetName"), name, "must not contain '/'"))
    return errs


def _pvc(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validatePersistentClaimVolumeSource."""
    return [] if _str(src, "claimName") else [required(child_path(path, "claimName"))]


def _rbd(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateRBDVolumeSource."""
    errs: Errors = []
    if not _list(src, "monitors"):
        errs.append(required(child_path(path, "monitors")))
    if not _str(src, "image"):
        errs.append(required(child_path(path, "image")))
    return errs


def _cinder(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateCinderVolumeSource."""
    errs: Errors = []
    if not _str(src, "volumeID"):
        errs.append(required(child_path(path, "volumeID")))
    ref = _dict(src, "secretRef")
    if ref is not None and not _str(ref, "name"):
        errs.append(required(child_path(path, "secretRef", "name")))
    return errs


def _cephfs(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateCephFSVolumeSource."""
    return [] if _list(src, "monitors") else [required(child_path(path, "monitors"))]


def _split_host_port(hostport: str) -> bool:
    """Whether Go's net.SplitHostPort accepts the text."""
    i = hostport.rfind(":")
    if i < 0:
        return False
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            return False
        if end + 1 == len(hostport) or hostport[end + 1] != ":" or end + 1 != i:
            return False
        return "[" not in hostport[1:] and "]" not in hostport[end + 1 :]
    host = hostport[:i]
    if ":" in host:
        return False
    return "[" not in hostport and "]" not in hostport


def _quobyte(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateQuobyteVolumeSource."""
    errs: Errors = []
    registry = _str(src, "registry")
    detail = "must be a host:port pair or multiple pairs separated by commas"
    if not registry:
        errs.append(required(child_path(path, "registry"), detail))
    elif len(_str(src, "tenant").encode()) >= 65:
        errs.append(required(child_path(path, "tenant"), "must be a UUID and may not exceed a length of 64 characters"))
    else:
        for pair in registry.split(","):
            if not _split_host_port(pair):
                errs.append(invalid(child_path(path, "registry"), registry, detail))
    if not _str(src, "volume"):
        errs.append(required(child_path(path, "volume")))
    return errs


def _object_field_selector(ref: dict[str, Any], path: str) -> Errors:
    """validateObjectFieldSelector with the volume's field paths."""
    return validate_object_field_selector(ref, _VOLUME_FIELD_PATH_SET, VOLUME_FIELD_PATHS, path)


def _resource_field_selector(ref: dict[str, Any], path: str) -> Errors:
    """validateContainerResourceFieldSelector for a volume (containerName required)."""
    return validate_container_resource_field_selector(ref, path, volume=True)


def _downward_api_file(item: dict[str, Any], path: str) -> Errors:
    """validateDownwardAPIVolumeFile; `path` is the source's path (the server does not index items)."""
    errs: Errors = []
    target = _str(item, "path")
    if not target:
        errs.append(required(child_path(path, "path")))
    errs.extend(validate_local_non_reserved_path(target, child_path(path, "path")))
    field_ref, resource_ref = _dict(item, "fieldRef"), _dict(item, "resourceFieldRef")
    if field_ref is not None:
        errs.extend(_object_field_selector(field_ref, child_path(path, "fieldRef")))
        if resource_ref is not None:
            errs.append(invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"))
    elif resource_ref is not None:
        errs.extend(_resource_field_selector(resource_ref, child_path(path, "resourceFieldRef")))
    else:
        errs.append(required(path, "one of fieldRef and resourceFieldRef is required"))
    errs.extend(_validate_mode(item, "mode", path))
    return errs


def _downward_api(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateDownwardAPIVolumeSource."""
    errs = _validate_mode(src, "defaultMode", path)
    for item in _dicts(src, "items"):
        errs.extend(_downward_api_file(item, path))
    return errs


def _fc(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateFCVolumeSource."""
    errs: Errors = []
    wwns, wwids = _list(src, "targetWWNs"), _list(src, "wwids")
    if not wwns and not wwids:
        errs.append(required(child_path(path, "targetWWNs"), "must specify either targetWWNs or wwids, but not both"))
    if wwns and wwids:
        value = GoValue(go_string_slice([w if isinstance(w, str) else "" for w in wwns]))
        errs.append(invalid(child_path(path, "targetWWNs"), value, "targetWWNs and wwids can not be specified simultaneously"))
    if wwns:
        lun = _int(src, "lun")
        if lun is None:
            errs.append(required(child_path(path, "lun"), "lun is required if targetWWNs is specified"))
        elif lun < 0 or lun > 255:
            errs.append(invalid(child_path(path, "lun"), lun, inclusive_range_error(0, 255)))
    return errs


def _flex(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateFlexVolumeSource."""
    errs: Errors = []
    if not _str(src, "driver"):
        errs.append(required(child_path(path, "driver")))
    options = _dict(src, "options") or {}
    for k in options:
        namespace = k.split("/", 1)[0] if "/" in k else k
        normalized = "." + namespace.lower()
        if normalized.endswith((".kubernetes.io", ".k8s.io")):
            errs.append(invalid(key_path(child_path(path, "options"), k), k, "kubernetes.io and k8s.io namespaces are reserved"))
    return errs


def _required_strings(*keys: str) -> Callable[[dict[str, Any], str, PodContext], Errors]:
    """Sources whose only checks are required strings (azureFile, vsphereVolume, photon, portworx, scaleIO)."""

    def check(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
        return [required(child_path(path, k)) for k in keys if not _str(src, k)]

    return check


def _azure_disk(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateAzureDisk, after SetDefaults_AzureDiskVolumeSource (kind Shared, cachingMode ReadWrite)."""
    errs: Errors = []
    if not _str(src, "diskName"):
        errs.append(required(child_path(path, "diskName")))
    uri = _str(src, "diskURI")
    if not uri:
        errs.append(required(child_path(path, "diskURI")))
    caching = src.get("cachingMode")
    caching = caching if isinstance(caching, str) else "ReadWrite"
    if caching not in AZURE_CACHING_MODES:
        errs.append(not_supported(child_path(path, "cachingMode"), caching, AZURE_CACHING_MODES))
    kind = src.get("kind")
    kind = kind if isinstance(kind, str) else "Shared"
    if kind not in AZURE_DISK_KINDS:
        errs.append(not_supported(child_path(path, "kind"), kind, AZURE_DISK_KINDS))
    if kind == "Managed" and not uri.startswith("/subscriptions/"):
        errs.append(not_supported(child_path(path, "diskURI"), uri, AZURE_MANAGED_URI))
    if kind != "Managed" and not uri.startswith("https://"):
        errs.append(not_supported(child_path(path, "diskURI"), uri, AZURE_BLOB_URI))
    return errs


def _dns1123_label(value: str, path: str) -> Errors:
    return [invalid(path, value, m) for m in is_dns1123_label(value)]


def _storageos(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateStorageOSVolumeSource."""
    errs: Errors = []
    name = _str(src, "volumeName")
    if not name:
        errs.append(required(child_path(path, "volumeName")))
    else:
        errs.extend(_dns1123_label(name, child_path(path, "volumeName")))
    namespace = _str(src, "volumeNamespace")
    if namespace:
        errs.extend(_dns1123_label(namespace, child_path(path, "volumeNamespace")))
    ref = _dict(src, "secretRef")
    if ref is not None and not _str(ref, "name"):
        errs.append(required(child_path(path, "secretRef", "name")))
    return errs


def _projected(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateProjectedVolumeSource and validateProjectionSources (secret, configMap,
    downwardAPI, serviceAccountToken; clusterTrustBundle and podCertificate are dropped while
    their gates are off, which they are in every supported release)."""
    errs = _validate_mode(src, "defaultMode", path)
    all_paths: set[str] = set()
    sources_path = child_path(path, "sources")
    for i, source in enumerate(_dicts(src, "sources")):
        src_path = index_path(sources_path, i)
        num = 0
        for kind, name_key in (("secret", "name"), ("configMap", "name")):
            proj = _dict(source, kind)
            if proj is None:
                continue
            num += 1
            proj_path = child_path(src_path, kind)
            if not _str(proj, name_key):
                errs.append(required(child_path(proj_path, "name")))
            items_path = child_path(proj_path, "items")
            for j, item in enumerate(_dicts(proj, "items")):
                errs.extend(_validate_key_to_path(item, index_path(items_path, j)))
                target = _str(item, "path")
                if target:
                    if target in all_paths:
                        errs.append(invalid(path, _str(proj, name_key), "conflicting duplicate paths"))
                    else:
                        all_paths.add(target)
        downward = _dict(source, "downwardAPI")
        if downward is not None:
            num += 1
            proj_path = child_path(src_path, "downwardAPI")
            for item in _dicts(downward, "items"):
                errs.extend(_downward_api_file(item, proj_path))
                target = _str(item, "path")
                if target:
                    if target in all_paths:
                        errs.append(invalid(path, target, "conflicting duplicate paths"))
                    else:
                        all_paths.add(target)
        token = _dict(source, "serviceAccountToken")
        if token is not None:
            num += 1
            proj_path = child_path(src_path, "serviceAccountToken")
            seconds = _int(token, "expirationSeconds") or 0
            if seconds < 10 * 60:
                errs.append(invalid(child_path(proj_path, "expirationSeconds"), seconds, "may not specify a duration less than 10 minutes"))
            if seconds > 1 << 32:
                errs.append(invalid(child_path(proj_path, "expirationSeconds"), seconds, "may not specify a duration larger than 2^32 seconds"))
            target = _str(token, "path")
            if not target:
                errs.append(required(child_path(path, "path")))
            else:
                errs.extend(validate_local_non_reserved_path(target, child_path(path, "path")))
        if num > 1:
            errs.append(forbidden(src_path, "may not specify more than 1 volume type per source"))
    return errs


def _scale_io(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateScaleIOVolumeSource."""
    return [required(child_path(path, k)) for k in ("gateway", "system", "volumeName") if not _str(src, k)]


def _csi_driver_name(driver: str, path: str, version: str) -> Errors:
    """ValidateCSIDriverName."""
    if not driver:
        return [required(path)]
    errs: Errors = []
    if len(driver.encode()) > 63:
        errs.append(too_long(path, 63, version))
    errs.extend(invalid(path, driver, m) for m in is_dns1123_subdomain(driver.lower()))
    return errs


def _csi(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateCSIVolumeSource."""
    errs = _csi_driver_name(_str(src, "driver"), child_path(path, "driver"), ctx.version)
    ref = _dict(src, "nodePublishSecretRef")
    if ref is not None:
        name = _str(ref, "name")
        if not name:
            errs.append(required(child_path(path, "nodePublishSecretRef", "name")))
        else:
            errs.extend(invalid(child_path(path, "name"), name, m) for m in name_is_dns_subdomain(name, False))
    return errs


def _ephemeral(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateEphemeralVolumeSource and ValidatePersistentVolumeClaimTemplate."""
    template = _dict(src, "volumeClaimTemplate")
    if template is None:
        return [required(child_path(path, "volumeClaimTemplate"))]
    tpath = child_path(path, "volumeClaimTemplate")
    meta = _dict(template, "metadata") or {}
    mpath = child_path(tpath, "metadata")
    # ValidateTemplateObjectMeta.
    annotations = _dict(meta, "annotations")
    errs = validate_annotations(annotations, child_path(mpath, "annotations"), ctx.version)
    labels = _dict(meta, "labels")
    errs.extend(validate_labels(labels, child_path(mpath, "labels")))
    for key, go_name in _TEMPLATE_META_FORBIDDEN:
        if _is_set(meta.get(key)):
            errs.append(forbidden(child_path(mpath, go_name), "cannot be set"))
    errs.extend(_pvc_spec(_dict(template, "spec") or {}, child_path(tpath, "spec"), ctx))
    return errs


def _is_set(value: Any) -> bool:
    """Whether a metadata field differs from Go's zero value (an empty list or map is zero only if nil)."""
    if value is None:
        return False
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return bool(value)
    return True


def _pvc_spec(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """ValidatePersistentVolumeClaimSpec with the options for a new claim template."""
    errs: Errors = []
    modes = _list(spec, "accessModes")
    if not modes:
        errs.append(required(child_path(path, "accessModes"), "at least 1 access mode is required"))
    selector = _dict(spec, "selector")
    if selector is not None:
        errs.extend(_label_selector(selector, child_path(path, "selector")))
    rwop = other = False
    for mode in modes:
        mode = mode if isinstance(mode, str) else ""
        if mode not in ACCESS_MODES:
            errs.append(not_supported(child_path(path, "accessModes"), mode, ACCESS_MODES))
        if mode == "ReadWriteOncePod":
            rwop = True
        elif mode in ACCESS_MODES:
            other = True
    if rwop and other:
        errs.append(forbidden(child_path(path, "accessModes"), "may not use ReadWriteOncePod with other access modes"))
    requests = _dict(_dict(spec, "resources") or {}, "requests") or {}
    storage_path = key_path(child_path(path, "resources"), "storage")
    if "storage" not in requests or requests.get("storage") is None:
        errs.append(required(storage_path))
    else:
        q = _quantity(requests["storage"])
        if q is not None and q[0] <= 0:
            errs.append(invalid(storage_path, q[1], "must be greater than zero"))
    class_name = spec.get("storageClassName")
    if isinstance(class_name, str) and class_name:
        errs.extend(invalid(child_path(path, "storageClassName"), class_name, m) for m in name_is_dns_subdomain(class_name, False))
    volume_mode = spec.get("volumeMode")
    if isinstance(volume_mode, str) and volume_mode not in VOLUME_MODES:
        errs.append(not_supported(child_path(path, "volumeMode"), volume_mode, VOLUME_MODES))
    data_source, data_source_ref = _dict(spec, "dataSource"), _dict(spec, "dataSourceRef")
    if data_source is not None:
        errs.extend(_data_source(data_source, child_path(path, "dataSource"), False))
    if data_source_ref is not None:
        errs.extend(_data_source(data_source_ref, child_path(path, "dataSourceRef"), True))
    ref_namespace = _str(data_source_ref, "namespace") if data_source_ref is not None else ""
    path_value = GoValue(f'field.Path{{name:"dataSource", index:"", parent:(*field.Path)({GO_POINTER_PLACEHOLDER})}}')
    if ref_namespace:
        if data_source is not None:
            errs.append(invalid(path, path_value, "may not be specified when dataSourceRef.namespace is specified"))
    elif data_source is not None and data_source_ref is not None:
        same = (
            data_source.get("apiGroup") == data_source_ref.get("apiGroup")
            and _str(data_source, "kind") == _str(data_source_ref, "kind")
            and _str(data_source, "name") == _str(data_source_ref, "name")
        )
        if not same:
            errs.append(invalid(path, path_value, "must match dataSourceRef"))
    vac = spec.get("volumeAttributesClassName")
    if isinstance(vac, str) and vac and ctx.enabled("VolumeAttributesClass"):
        errs.extend(invalid(child_path(path, "volumeAttributesClassName"), vac, m) for m in name_is_dns_subdomain(vac, False))
    return errs


def _data_source(ref: dict[str, Any], path: str, with_namespace: bool) -> Errors:
    """validateDataSource / validateDataSourceRef."""
    errs: Errors = []
    if not _str(ref, "name"):
        errs.append(required(child_path(path, "name")))
    kind = _str(ref, "kind")
    if not kind:
        errs.append(required(child_path(path, "kind")))
    group = _str(ref, "apiGroup")
    if not group and kind != "PersistentVolumeClaim":
        errs.append(invalid(path, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"))
    if group:
        errs.extend(invalid(child_path(path, "apiGroup"), group, m) for m in is_dns1123_subdomain(group))
    if with_namespace:
        namespace = _str(ref, "namespace")
        if namespace:
            errs.extend(invalid(child_path(path, "namespace"), namespace, m) for m in name_is_dns_label(namespace, False))
    return errs


def _label_selector(selector: dict[str, Any], path: str) -> Errors:
    """ValidateLabelSelector (as the batch validation does it)."""
    from ..model import LabelSelector
    from ..validation import validate_label_selector

    try:
        model = LabelSelector.model_validate(selector)
    except Exception:  # noqa: BLE001 - decoding has reported a malformed selector
        return []
    return validate_label_selector(model, path)


def _image(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateImageVolumeSource for a pod template: `reference` is required only of pods
    (opts.ResourceIsPod), and an unset or empty pullPolicy is defaulted by the server
    (SetDefaults_ImageVolumeSource), so only an unknown policy is refused."""
    policy = src.get("pullPolicy")
    if isinstance(policy, str) and policy and policy not in PULL_POLICIES:
        return [not_supported(child_path(path, "pullPolicy"), policy, PULL_POLICIES)]
    return []


def _empty_dir(src: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """The emptyDir branch of validateVolumeSource: a negative sizeLimit."""
    limit = src.get("sizeLimit")
    if limit is not None:
        q = _quantity(limit)
        if q is not None and q[0] < 0:
            return [forbidden(child_path(path, "sizeLimit"), "SizeLimit field must be a valid resource quantity")]
    return []


Validator = Callable[[dict[str, Any], str, PodContext], Errors]

# (JSON key, path of the "more than 1" error, path the source's own checks use, validator), in
# validateVolumeSource's order.
_SOURCES: tuple[tuple[str, str, str, Validator], ...] = (
    ("emptyDir", "emptyDir", "emptyDir", _empty_dir),
    ("hostPath", "hostPath", "hostPath", _host_path),
    ("gitRepo", "gitRepo", "gitRepo", _git_repo),
    ("gcePersistentDisk", "gcePersistentDisk", "persistentDisk", _partitioned_disk("pdName")),
    ("awsElasticBlockStore", "awsElasticBlockStore", "awsElasticBlockStore", _partitioned_disk("volumeID")),
    ("secret", "secret", "secret", _secret),
    ("nfs", "nfs", "nfs", _nfs),
    ("iscsi", "iscsi", "iscsi", _iscsi),
    ("glusterfs", "glusterfs", "glusterfs", _glusterfs),
    ("flocker", "flocker", "flocker", _flocker),
    ("persistentVolumeClaim", "persistentVolumeClaim", "persistentVolumeClaim", _pvc),
    ("rbd", "rbd", "rbd", _rbd),
    ("cinder", "cinder", "cinder", _cinder),
    ("cephfs", "cephFS", "cephfs", _cephfs),
    ("quobyte", "quobyte", "quobyte", _quobyte),
    ("downwardAPI", "downwarAPI", "downwardAPI", _downward_api),
    ("fc", "fc", "fc", _fc),
    ("flexVolume", "flexVolume", "flexVolume", _flex),
    ("configMap", "configMap", "configMap", _config_map),
    ("azureFile", "azureFile", "azureFile", _required_strings("secretName", "shareName")),
    ("vsphereVolume", "vsphereVolume", "vsphereVolume", _required_strings("volumePath")),
    ("photonPersistentDisk", "photonPersistentDisk", "photonPersistentDisk", _required_strings("pdID")),
    ("portworxVolume", "portworxVolume", "portworxVolume", _required_strings("volumeID")),
    ("azureDisk", "azureDisk", "azureDisk", _azure_disk),
    ("storageos", "storageos", "storageos", _storageos),
    ("projected", "projected", "projected", _projected),
    ("scaleIO", "scaleIO", "scaleIO", _scale_io),
    ("csi", "csi", "csi", _csi),
    ("ephemeral", "ephemeral", "ephemeral", _ephemeral),
    ("image", "image", "image", _image),
)


def validate_volume_source(vol: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validateVolumeSource: exactly one source, and that source's own checks."""
    errs: Errors = []
    count = 0
    for key, extra_path, own_path, check in _SOURCES:
        src = vol.get(key)
        if src is None:
            continue
        if not isinstance(src, dict):
            src = {}
        if count > 0:
            errs.append(forbidden(child_path(path, extra_path), MORE_THAN_ONE))
        else:
            count += 1
            errs.extend(check(src, child_path(path, own_path), ctx))
        if key == "iscsi" and isinstance(src.get("initiatorName"), str):
            name = _str(vol, "name")
            if len((name + ":" + _str(src, "targetPortal")).encode()) > 64:
                errs.append(
                    invalid(
                        child_path(path, "name"),
                        name,
                        "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.",
                    )
                )
    if count == 0:
        errs.append(required(path, "must specify a volume type"))
    return errs


def validate_volumes(volumes: list[dict[str, Any]] | None, path: str, ctx: PodContext) -> Errors:
    """ValidateVolumes: fills ctx.volumes (name -> volume) with the volumes that passed, as the
    server's map does, for the mount checks; path ends in `.volumes`."""
    errs: Errors = []
    names: set[str] = set()
    drop_images = not ctx.enabled("ImageVolume")
    index = 0
    for vol in volumes or []:
        if not isinstance(vol, dict):
            vol = {}
        if drop_images and vol.get("image") is not None:
            ctx.dropped_volumes.add(_str(vol, "name"))
            continue
        idx_path = index_path(path, index)
        index += 1
        name_path = child_path(idx_path, "name")
        name = _str(vol, "name")
        el = validate_volume_source(vol, idx_path, ctx)
        if not name:
            el.append(required(name_path))
        else:
            el.extend(_dns1123_label(name, name_path))
        if name in names:
            el.append(duplicate(name_path, name))
        if not el:
            names.add(name)
            ctx.volumes[name] = vol
        else:
            errs.extend(el)
    return errs

