"""Warnings the API server returns for a pod template it accepts (pkg/api/pod/warnings.go).

Ports GetWarningsForPodTemplate / warningsForPodSpecAndMeta (newest copy found: co63oc/kubernetes
at 9beefa00086b, about 1.34), with pkg/api/node/util.go (deprecated node labels,
GetWarningsForNodeSelectorTerm), pkg/api/persistentvolumeclaim/util.go
(GetWarningsForPersistentVolumeClaimSpec) and apimachinery's GetWarningsForIP. Each text is
prefixed with its field path under `path` (e.g. `spec.template`), as the server prints it.

Releases that added warnings, where it matters for the targets (1.30-1.37):
- 1.31: duplicate port names; the deprecated node labels `app.kubernetes.io/created-by`,
  `scheduler.alpha.kubernetes.io/preferAvoidPods`, `node-role.kubernetes.io/master` (seen in
  1.31.x clusters; absent from the 1.30 sources).
- 1.32: overlapping paths inside one configMap/secret/downwardAPI/projected volume (#121968).
- 1.33: invalid label values in preferred node affinity terms (#128212, which made them errors
  in required terms); non-standard IP addresses in dnsConfig.nameservers and hostAliases
  (KEP-4858); gitRepo "disabled by default in v1.33+" (GitRepoVolumeDriver off).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from ..apivalidation import is_valid_label_value
from ..errors import FieldError, go_quote
from .context import PodContext
from .quantity import try_parse as _try_parse

Errors = list[FieldError]

_DEPRECATED_NODE_LABELS: dict[str, str] = {
    "beta.kubernetes.io/arch": 'deprecated since v1.14; use "kubernetes.io/arch" instead',
    "beta.kubernetes.io/os": 'deprecated since v1.14; use "kubernetes.io/os" instead',
    "failure-domain.beta.kubernetes.io/region": 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
    "failure-domain.beta.kubernetes.io/zone": 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
    "beta.kubernetes.io/instance-type": 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
}
_DEPRECATED_NODE_LABELS_1_31: dict[str, str] = {
    "app.kubernetes.io/created-by": "deprecated since v1.9",
    "scheduler.alpha.kubernetes.io/preferAvoidPods": "deprecated since v1.22; use Taints and Tolerations instead",
    "node-role.kubernetes.io/master": 'use "node-role.kubernetes.io/control-plane" instead',
}

# (annotation key, message), in the server's order.
_DEPRECATED_ANNOTATIONS: tuple[tuple[str, str], ...] = (
    ("scheduler.alpha.kubernetes.io/critical-pod", 'non-functional in v1.16+; use the "priorityClassName" field instead'),
    ("security.alpha.kubernetes.io/sysctls", 'non-functional in v1.11+; use the "sysctls" field instead'),
    ("security.alpha.kubernetes.io/unsafe-sysctls", 'non-functional in v1.11+; use the "sysctls" field instead'),
)

SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"
APPARMOR_CONTAINER_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"

# Deprecated or removed volume plugins, in the server's order: (field, text). gitRepo and
# ephemeral are handled in place.
_VOLUME_WARNINGS_BEFORE_EPHEMERAL: tuple[tuple[str, str], ...] = (
    ("photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"),
    ("gitRepo", ""),
    ("scaleIO", "deprecated in v1.16, non-functional in v1.22+"),
    ("flocker", "deprecated in v1.22, non-functional in v1.25+"),
    ("storageOS", "deprecated in v1.22, non-functional in v1.25+"),
    ("quobyte", "deprecated in v1.22, non-functional in v1.25+"),
    ("glusterfs", "deprecated in v1.25, non-functional in v1.26+"),
)
_VOLUME_WARNINGS_AFTER_EPHEMERAL: tuple[tuple[str, str], ...] = (
    ("cephfs", "deprecated in v1.28, non-functional in v1.31+"),
    ("rbd", "deprecated in v1.28, non-functional in v1.31+"),
)

_NULL_SELECTOR = "a null labelSelector results in matching no pod"
_FRACTIONAL = 'fractional byte value {} is invalid, must be an integer'


# ---------------------------------------------------------------------------------------------
# Defensive accessors.


def _dict(obj: Any, key: str) -> dict[str, Any] | None:
    if isinstance(obj, dict):
        v = obj.get(key)
        if isinstance(v, dict):
            return v
    return None


def _list(obj: Any, key: str) -> list[Any]:
    if isinstance(obj, dict):
        v = obj.get(key)
        if isinstance(v, list):
            return v
    return []


def _str(obj: Any, key: str) -> str:
    if isinstance(obj, dict):
        v = obj.get(key)
        if isinstance(v, str):
            return v
    return ""


def _int(obj: Any, key: str) -> int:
    if isinstance(obj, dict):
        v = obj.get(key)
        if isinstance(v, int) and not isinstance(v, bool):
            return v
    return 0


# ---------------------------------------------------------------------------------------------
# Quantities: MilliValue() and String() of resource.Quantity come from joblint.pod.quantity.


def _fractional_byte_value(text: Any) -> str | None:
    """Quantity.String() when MilliValue() is not a multiple of 1000, else None (also for a
    value that does not parse: validation reports those)."""
    if type(text) is str:
        return _fractional_text(text)
    return _fractional_quantity(text)


@lru_cache(maxsize=4096)
def _fractional_text(text: str) -> str | None:
    """_fractional_byte_value of a string: the same few quantities recur in every document."""
    return _fractional_quantity(text)


def _fractional_quantity(text: Any) -> str | None:
    q = _try_parse(text)
    if q is None or q.milli_value() % 1000 == 0:
        return None
    return str(q)


def _fractional_warning(field_path: str, text: Any) -> list[str]:
    canonical = _fractional_byte_value(text)
    if canonical is None:
        return []
    return [f"{field_path}: {_FRACTIONAL.format(go_quote(canonical))}"]


# ---------------------------------------------------------------------------------------------
# IP addresses (GetWarningsForIP).


def _parse_ipv4_sloppy(text: str) -> ipaddress.IPv4Address | None:
    parts = text.split(".")
    if len(parts) != 4:
        return None
    octets = []
    for part in parts:
        if not part or not part.isascii() or not part.isdigit():
            return None
        n = int(part)
        if n > 255:
            return None
        octets.append(n)
    return ipaddress.IPv4Address(bytes(octets))


def ip_warnings(field_path: str, value: str) -> list[str]:
    """GetWarningsForIP: leading zeros or an IPv4-mapped IPv6 address ("non-standard"), or an
    IPv6 address not in RFC 5952 form. Values that do not parse get no warning (validation
    reports them)."""
    if "%" in value:
        return []  # zones: ParseIPSloppy refuses them, validation reports it
    if ":" not in value:
        v4 = _parse_ipv4_sloppy(value)
        if v4 is None:
            return []
        if str(v4) != value:
            return [
                (f"{field_path}: non-standard IP address {go_quote(value)} will be considered invalid in a future "
                f"Kubernetes release: use {go_quote(str(v4))}")
            ]
        return []
    try:
        v6 = ipaddress.IPv6Address(value)
    except ValueError:
        return []
    mapped = v6.ipv4_mapped
    if mapped is not None:
        return [
            (f"{field_path}: non-standard IP address {go_quote(value)} will be considered invalid in a future "
            f"Kubernetes release: use {go_quote(str(mapped))}")
        ]
    canonical = v6.compressed
    if canonical != value:
        return [f"{field_path}: IPv6 address {go_quote(value)} should be in RFC 5952 canonical format ({go_quote(canonical)})"]
    return []


# ---------------------------------------------------------------------------------------------
# Node labels.


def _deprecated_label_message(key: str, ctx: PodContext) -> str | None:
    msg = _DEPRECATED_NODE_LABELS.get(key)
    if msg is None and ctx.at_least("1.31"):
        msg = _DEPRECATED_NODE_LABELS_1_31.get(key)
    return msg


def _node_selector_term_warnings(term: Any, check_label_value: bool, path: str, ctx: PodContext) -> list[str]:
    """GetWarningsForNodeSelectorTerm."""
    out: list[str] = []
    for i, expr in enumerate(_list(term, "matchExpressions")):
        if not isinstance(expr, dict):
            continue
        key = _str(expr, "key")
        msg = _deprecated_label_message(key, ctx)
        if msg is not None:
            out.append(f"{path}.matchExpressions[{i}].key: {key} is {msg}")
        if check_label_value:
            for j, value in enumerate(_list(expr, "values")):
                if isinstance(value, str):
                    for m in is_valid_label_value(value):
                        out.append(f"{path}.matchExpressions[{i}].values[{j}]: {value} is invalid, {m}")
    return out


# ---------------------------------------------------------------------------------------------
# Overlapping paths in one volume (warningsForOverlappingVirtualPaths).


def _path_and_source(path: str, source: str) -> str:
    return f"{go_quote(path)} ({source})" if source else go_quote(path)


def _overlaps(haystack: list[tuple[str, str]], needle: tuple[str, str]) -> list[tuple[str, str]]:
    """checkForOverlap."""
    if not needle[0]:
        return []
    found = []
    for item in haystack:
        if not item[0]:
            continue
        if item == needle or (item[0] + "/").startswith(needle[0] + "/") or (needle[0] + "/").startswith(item[0] + "/"):
            found.append(item)
    return found


def _mapping_overlaps(paths: list[tuple[str, str]]) -> list[str]:
    """checkVolumeMappingForOverlap."""
    out: list[str] = []
    seen: list[tuple[str, str]] = []
    for path, source in paths:
        ps = (path.rstrip("/"), source)
        for c in _overlaps(seen, ps):
            out.append(f"{_path_and_source(*ps)} with {_path_and_source(*c)}")
        seen.append(ps)
    return out


def _item_paths(items: list[Any], source: str) -> list[tuple[str, str]]:
    return [(_str(it, "path"), source) for it in items]


def _overlapping_path_warnings(volumes: list[Any]) -> list[str]:
    out: list[str] = []

    def warn(name: str, desc: str, body: str) -> str:
        return f"volume {go_quote(name)} ({desc}): overlapping paths: {body}"

    for v in volumes:
        if not isinstance(v, dict):
            continue
        name = _str(v, "name")
        cm = _dict(v, "configMap")
        if cm is not None and isinstance(cm.get("items"), list):
            for body in _mapping_overlaps(_item_paths(cm["items"], "")):
                out.append(warn(name, f"ConfigMap {go_quote(_str(cm, 'name'))}", body))
        secret = _dict(v, "secret")
        if secret is not None and isinstance(secret.get("items"), list):
            for body in _mapping_overlaps(_item_paths(secret["items"], "")):
                out.append(warn(name, f"Secret {go_quote(_str(secret, 'secretName'))}", body))
        dapi = _dict(v, "downwardAPI")
        if dapi is not None and isinstance(dapi.get("items"), list):
            for body in _mapping_overlaps(_item_paths(dapi["items"], "")):
                out.append(warn(name, "DownwardAPI", body))
        projected = _dict(v, "projected")
        if projected is None:
            continue
        # As in the server, the paths of the last source that had some carry over to a source
        # of a kind that has none (declared outside the loop there).
        source_paths: list[tuple[str, str]] = []
        all_paths: list[tuple[str, str]] = []
        for source in _list(projected, "sources"):
            if not isinstance(source, dict) or not any(val is not None for val in source.values()):
                out.append(f"volume {go_quote(name)} (Projected) has no sources provided")
                continue
            s_cm, s_secret, s_dapi = _dict(source, "configMap"), _dict(source, "secret"), _dict(source, "downwardAPI")
            s_token, s_ctb = _dict(source, "serviceAccountToken"), _dict(source, "clusterTrustBundle")
            if s_cm is not None and isinstance(s_cm.get("items"), list):
                source_paths = _item_paths(s_cm["items"], f"ConfigMap {go_quote(_str(s_cm, 'name'))}")
            elif s_secret is not None and isinstance(s_secret.get("items"), list):
                source_paths = _item_paths(s_secret["items"], f"Secret {go_quote(_str(s_secret, 'name'))}")
            elif s_dapi is not None and isinstance(s_dapi.get("items"), list):
                source_paths = _item_paths(s_dapi["items"], "DownwardAPI")
            elif s_token is not None:
                source_paths = [(_str(s_token, "path"), "ServiceAccountToken")]
            elif s_ctb is not None:
                ctb_name = s_ctb.get("name")
                if not isinstance(ctb_name, str):
                    ctb_name = _str(s_ctb, "signerName")
                source_paths = [(_str(s_ctb, "path"), f"ClusterTrustBundle {go_quote(ctb_name)}")]
            if not source_paths:
                continue
            for path, src in source_paths:
                ps = (path.rstrip("/"), src)
                for c in _overlaps(all_paths, ps):
                    out.append(warn(name, "Projected", f"{_path_and_source(*ps)} with {_path_and_source(*c)}"))
                all_paths.append(ps)
    return out


# ---------------------------------------------------------------------------------------------
# Containers.


def _visit_containers(spec: dict[str, Any], spec_path: str) -> list[tuple[dict[str, Any], str]]:
    """pods.VisitContainersWithPath: init containers, containers, ephemeral containers."""
    out: list[tuple[dict[str, Any], str]] = []
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for i, c in enumerate(_list(spec, field)):
            if isinstance(c, dict):
                out.append((c, f"{spec_path}.{field}[{i}]"))
    return out


def _go_port(port: dict[str, Any]) -> str:
    """%+v of core.ContainerPort."""
    return (
        f"{{Name:{_str(port, 'name')} HostPort:{_int(port, 'hostPort')} ContainerPort:{_int(port, 'containerPort')} "
        f"Protocol:{_str(port, 'protocol')} HostIP:{_str(port, 'hostIP')}}}"
    )


def _env_warnings(container: dict[str, Any], cpath: str) -> list[str]:
    out: list[str] = []
    env = _list(container, "env")
    if len(env) <= 1:
        return out
    names: set[str] = set()
    for i, item in enumerate(env):
        if not isinstance(item, dict):
            continue
        name = _str(item, "name")
        if name not in names:
            names.add(name)
            continue
        ref = f"$({name})"
        value = _str(item, "value")
        if item.get("valueFrom") is not None or value == ref or ref not in value:
            out.append(f"{cpath}.env[{i}]: hides previous definition of {go_quote(name)}, which may be dropped when using apply")
    return out


def _port_warnings(containers: list[tuple[dict[str, Any], str]]) -> list[str]:
    out: list[str] = []
    by_key: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for c, cpath in containers:
        for i, port in enumerate(_list(c, "ports")):
            if not isinstance(port, dict):
                continue
            ppath = f"{cpath}.ports[{i}]"
            host_ip, host_port = _str(port, "hostIP"), _int(port, "hostPort")
            if host_ip and host_port == 0:
                out.append(f"{ppath}: hostIP set without hostPort: {_go_port(port)}")
            key = f"{_int(port, 'containerPort')}/{_str(port, 'protocol')}"
            others = by_key.setdefault(key, [])
            for other_path, other in others:
                o_ip, o_port = _str(other, "hostIP"), _int(other, "hostPort")
                if host_ip == o_ip and host_port == o_port:
                    out.append(f"{ppath}: duplicate port definition with {other_path}")
                elif host_port == 0 or o_port == 0:
                    out.append(f"{ppath}: overlapping port definition with {other_path}")
                elif host_port == o_port and (host_ip == "") != (o_ip == ""):
                    out.append(f"{ppath}: dangerously ambiguous port definition with {other_path}")
            others.append((ppath, port))
    return out


def _port_name_warnings(containers: list[tuple[dict[str, Any], str]]) -> list[str]:
    out: list[str] = []
    first: dict[str, str] = {}
    for c, cpath in containers:
        for i, port in enumerate(_list(c, "ports")):
            name = _str(port, "name")
            if not name:
                continue
            ppath = f"{cpath}.ports[{i}]"
            other = first.get(name)
            if other is not None:
                out.append(
                    f"{ppath}: duplicate port name {go_quote(name)} with {other}, services and probes that select "
                    f"ports by name will use {other}"
                )
            else:
                first[name] = ppath
    return out


# ---------------------------------------------------------------------------------------------


def pod_template_warnings(template: dict[str, Any], path: str, ctx: PodContext) -> list[str]:
    """The warning texts, each prefixed with its field path as the server prints it.

    GetWarningsForPodTemplate(fieldPath=path, template, old=nil). Go walks some maps in random
    order (nodeSelector); sorted keys keep the output stable."""
    if not isinstance(template, dict):
        return []
    spec = _dict(template, "spec") or {}
    meta = _dict(template, "metadata") or {}
    annotations = _dict(meta, "annotations") or {}
    sp = f"{path}.spec"
    out: list[str] = []

    # Deprecated node labels in the node selector, node affinity and topology spread.
    node_selector = _dict(spec, "nodeSelector") or {}
    for key in sorted(node_selector):
        msg = _deprecated_label_message(key, ctx)
        if msg is not None:
            out.append(f"{sp}.nodeSelector[{key}]: {msg}")
    affinity = _dict(spec, "affinity")
    node_affinity = _dict(affinity, "nodeAffinity")
    if node_affinity is not None:
        required_selector = _dict(node_affinity, "requiredDuringSchedulingIgnoredDuringExecution")
        if required_selector is not None:
            terms_path = f"{sp}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"
            for i, term in enumerate(_list(required_selector, "nodeSelectorTerms")):
                out.extend(_node_selector_term_warnings(term, False, f"{terms_path}[{i}]", ctx))
        preferred_path = f"{sp}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution"
        check_values = ctx.at_least("1.33")
        for i, term in enumerate(_list(node_affinity, "preferredDuringSchedulingIgnoredDuringExecution")):
            out.extend(
                _node_selector_term_warnings(_dict(term, "preference"), check_values, f"{preferred_path}[{i}].preference", ctx)
            )
    for i, tsc in enumerate(_list(spec, "topologySpreadConstraints")):
        key = _str(tsc, "topologyKey")
        msg = _deprecated_label_message(key, ctx)
        if msg is not None:
            out.append(f"{sp}.topologySpreadConstraints[{i}].topologyKey: {key} is {msg}")
        if _dict(tsc, "labelSelector") is None:
            out.append(f"{sp}.topologySpreadConstraints[{i}].labelSelector: {_NULL_SELECTOR}")

    # Deprecated annotations.
    for key, message in _DEPRECATED_ANNOTATIONS:
        if key in annotations:
            out.append(f"{path}.metadata.annotations[{key}]: {message}")

    # Deprecated and removed volume plugins.
    for i, v in enumerate(_list(spec, "volumes")):
        if not isinstance(v, dict):
            continue
        vpath = f"{sp}.volumes[{i}]"
        for field, text in _VOLUME_WARNINGS_BEFORE_EPHEMERAL:
            if v.get(field) is None:
                continue
            if field == "gitRepo":
                text = "deprecated in v1.11, and disabled by default in v1.33+" if ctx.at_least("1.33") else "deprecated in v1.11"
            out.append(f"{vpath}.{field}: {text}")
        claim_spec = _dict(_dict(_dict(v, "ephemeral"), "volumeClaimTemplate"), "spec")
        if _dict(_dict(v, "ephemeral"), "volumeClaimTemplate") is not None:
            resources = _dict(claim_spec, "resources")
            cspath = f"{vpath}.ephemeral.volumeClaimTemplate.spec.resources"
            out.extend(_fractional_warning(f"{cspath}.requests[storage]", (_dict(resources, "requests") or {}).get("storage")))
            out.extend(_fractional_warning(f"{cspath}.limits[storage]", (_dict(resources, "limits") or {}).get("storage")))
        for field, text in _VOLUME_WARNINGS_AFTER_EPHEMERAL:
            if v.get(field) is not None:
                out.append(f"{vpath}.{field}: {text}")

    if ctx.at_least("1.32"):
        out.extend(_overlapping_path_warnings(_list(spec, "volumes")))

    # Duplicate hostAliases and imagePullSecrets, empty pull secret names.
    host_aliases = _list(spec, "hostAliases")
    if len(host_aliases) > 1:
        ips: set[str] = set()
        for i, alias in enumerate(host_aliases):
            ip = _str(alias, "ip")
            if ip in ips:
                out.append(f"{sp}.hostAliases[{i}].ip: duplicate ip {go_quote(ip)}")
            else:
                ips.add(ip)
    pull_secrets = _list(spec, "imagePullSecrets")
    if len(pull_secrets) > 1:
        names: set[str] = set()
        for i, ref in enumerate(pull_secrets):
            name = _str(ref, "name")
            if name in names:
                out.append(f"{sp}.imagePullSecrets[{i}].name: duplicate name {go_quote(name)}")
            else:
                names.add(name)
    for i, ref in enumerate(pull_secrets):
        if not _str(ref, "name"):
            out.append(f'{sp}.imagePullSecrets[{i}].name: invalid empty name ""')

    # Fractional memory / ephemeral-storage in the pod overhead.
    overhead = _dict(spec, "overhead") or {}
    for resource in ("memory", "ephemeral-storage"):
        if resource in overhead:
            out.extend(_fractional_warning(f"{sp}.overhead[{resource}]", overhead[resource]))

    # Seccomp and AppArmor annotations without the field.
    pod_sc = _dict(spec, "securityContext")
    if _dict(pod_sc, "seccompProfile") is None and SECCOMP_POD_ANNOTATION in annotations:
        out.append(
            f'{path}.metadata.annotations[{SECCOMP_POD_ANNOTATION}]: non-functional in v1.27+; use the "seccompProfile" field instead'
        )
    pod_apparmor = _dict(pod_sc, "appArmorProfile") is not None

    containers = _visit_containers(spec, sp)
    for c, cpath in containers:
        name = _str(c, "name")
        sc = _dict(c, "securityContext")
        if _dict(sc, "seccompProfile") is None:
            key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + name
            if key in annotations:
                out.append(f'{path}.metadata.annotations[{key}]: non-functional in v1.27+; use the "seccompProfile" field instead')
        if not (pod_apparmor or _dict(sc, "appArmorProfile") is not None):
            key = APPARMOR_CONTAINER_ANNOTATION_PREFIX + name
            if key in annotations:
                out.append(f'{path}.metadata.annotations[{key}]: deprecated since v1.30; use the "appArmorProfile" field instead')
        resources = _dict(c, "resources")
        limits = _dict(resources, "limits") or {}
        requests = _dict(resources, "requests") or {}
        for resource in ("memory", "ephemeral-storage"):
            if resource in limits and _fractional_byte_value(limits[resource]) is not None:
                out.extend(_fractional_warning(f"{cpath}.resources.limits[{resource}]", limits[resource]))
            if resource in requests and _fractional_byte_value(requests[resource]) is not None:
                out.extend(_fractional_warning(f"{cpath}.resources.requests[{resource}]", requests[resource]))
        out.extend(_env_warnings(c, cpath))

    out.extend(_port_warnings(containers))
    if ctx.at_least("1.31"):
        out.extend(_port_name_warnings(containers))

    grace = spec.get("terminationGracePeriodSeconds")
    if isinstance(grace, int) and not isinstance(grace, bool) and grace < 0:
        out.append(f"{sp}.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1")

    for kind in ("podAffinity", "podAntiAffinity"):
        pa = _dict(affinity, kind)
        if pa is None:
            continue
        req_path = f"{sp}.affinity.{kind}.requiredDuringSchedulingIgnoredDuringExecution"
        for i, term in enumerate(_list(pa, "requiredDuringSchedulingIgnoredDuringExecution")):
            if _dict(term, "labelSelector") is None:
                out.append(f"{req_path}[{i}].labelSelector: {_NULL_SELECTOR}")
        pref_path = f"{sp}.affinity.{kind}.preferredDuringSchedulingIgnoredDuringExecution"
        for i, term in enumerate(_list(pa, "preferredDuringSchedulingIgnoredDuringExecution")):
            if _dict(_dict(term, "podAffinityTerm"), "labelSelector") is None:
                out.append(f"{pref_path}[{i}].podAffinityTerm.labelSelector: {_NULL_SELECTOR}")

    if ctx.at_least("1.33"):
        for i, ns in enumerate(_list(_dict(spec, "dnsConfig"), "nameservers")):
            if isinstance(ns, str):
                out.extend(ip_warnings(f"{sp}.dnsConfig.nameservers[{i}]", ns))
        for i, alias in enumerate(host_aliases):
            out.extend(ip_warnings(f"{sp}.hostAliases[{i}].ip", _str(alias, "ip")))
    return out
