"""ValidatePodTemplateSpec and ValidatePodSpec: the order of the server's checks over a pod.

Ported from pkg/apis/core/validation/validation.go (liggitt/kubernetes at 76b7f090c0e5, about
1.35/1.36): ValidatePodTemplateSpec, ValidatePodSpecificAnnotations, ValidatePodSpec and the
pod-level checks it makes itself (restart, DNS and preemption policies, DNS config, host aliases,
readiness and scheduling gates, resource claims, OS name, hostname override, names of the
service account, node, priority and runtime classes, env fileKeyRef volumes, ...). The parts with
a module of their own (volumes, containers, security contexts and the host namespace rules,
scheduling, resources) are called where ValidatePodSpec calls them.

Everything works on the defaulted pod template in API JSON form. The internal Go type keeps
hostNetwork, hostPID, hostIPC, hostUsers and shareProcessNamespace in the pod security context;
in the JSON form they are fields of the pod spec, and the error paths are those of the spec.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .. import versions
from ..apivalidation import (
    GO_POINTER_PLACEHOLDER,
    MAX_INT32,
    GoValue,
    byte_len,
    child_path,
    full_match,
    go_string_slice,
    inclusive_range_error,
    index_path,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_qualified_name,
    key_path,
    max_len_error,
    name_is_dns_subdomain,
    regex_error,
    too_long,
    validate_annotations,
    validate_labels,
)
from ..errors import (
    FieldError,
    duplicate,
    forbidden,
    go_quote,
    invalid,
    not_found,
    not_supported,
    required,
)
from . import containers, resources, scheduling, security, volumes
from .context import PodContext

Errors = list[FieldError]

RESTART_POLICIES = ["Always", "OnFailure", "Never"]
DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
PREEMPTION_POLICIES = ["PreemptLowerPriority", "Never"]
VALID_OS = ["linux", "windows"]  # sets.List: sorted

# Limits on DNS parameters, from the limits of libc name resolution.
MAX_DNS_NAMESERVERS = 3
MAX_DNS_SEARCH_PATHS = 32
MAX_DNS_SEARCH_LIST_CHARS = 2048
MAX_HOSTNAME_OVERRIDE_LENGTH = 64

MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror"
TOLERATIONS_ANNOTATION = "scheduler.alpha.kubernetes.io/tolerations"
POD_DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost"

_IP_MSG = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
_DIGITS_RE = re.compile("[0-9]+")
_HEX_RE = re.compile("[0-9a-fA-F]+")

# IsDNS1123SubdomainWithUnderscore (the RelaxedDNSSearchValidation form of a search domain).
_DNS1123_LABEL_UNDERSCORE_FMT = "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN_UNDERSCORE_FMT = _DNS1123_LABEL_UNDERSCORE_FMT + "(\\." + _DNS1123_LABEL_UNDERSCORE_FMT + ")*"
_DNS1123_SUBDOMAIN_UNDERSCORE_RE = re.compile(_DNS1123_SUBDOMAIN_UNDERSCORE_FMT)
_DNS1123_SUBDOMAIN_UNDERSCORE_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' "
    "or '.', and must start and end with an alphanumeric character"
)


# ---------------------------------------------------------------------------------------------
# Small helpers over the JSON form.


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


_CONTAINER_KINDS = ("initContainers", "containers", "ephemeralContainers")


def _visit_containers(spec: dict[str, Any], path: str) -> Iterator[tuple[dict[str, Any], str]]:
    """podshelper.VisitContainersWithPath: init containers, containers, ephemeral containers."""
    for key in _CONTAINER_KINDS:
        list_path = child_path(path, key)
        for i, c in enumerate(_list(spec.get(key))):
            if isinstance(c, dict):
                yield c, index_path(list_path, i)


# ---------------------------------------------------------------------------------------------
# IP addresses: netutils.ParseIPSloppy (Go 1.16's net.ParseIP, which allows leading zeros in
# IPv4 octets). StrictIPCIDRValidation is alpha (off) in every release joblint targets, so
# IsValidIPForLegacyField only asks whether the sloppy parser accepts the value.


def _parse_ipv4(s: str) -> bool:
    parts = s.split(".")
    if len(parts) != 4:
        return False
    for part in parts:
        # Go's dtoi reads any number of leading zeros; a value is at most 255.
        if not full_match(_DIGITS_RE, part):
            return False
        digits = part.lstrip("0")
        if len(digits) > 3 or (digits and int(digits) > 0xFF):
            return False
    return True


def _parse_ipv6(s: str) -> bool:
    ellipsis = -1
    if s.startswith("::"):
        ellipsis = 0
        s = s[2:]
        if not s:
            return True
    i = 0
    while i < 16:
        m = _HEX_RE.match(s)
        if m is None or int(m.group(), 16) > 0xFFFF:
            return False
        c = m.end()
        if c < len(s) and s[c] == ".":
            if (ellipsis < 0 and i != 12) or i + 4 > 16 or not _parse_ipv4(s):
                return False
            s = ""
            i += 4
            break
        i += 2
        s = s[c:]
        if not s:
            break
        if s[0] != ":" or len(s) == 1:
            return False
        s = s[1:]
        if s[0] == ":":
            if ellipsis >= 0:
                return False
            ellipsis = i
            s = s[1:]
            if not s:
                break
    if s:
        return False
    if i < 16:
        return ellipsis >= 0
    return ellipsis < 0


def is_valid_ip_sloppy(value: str) -> bool:
    """netutils.ParseIPSloppy(value) != nil: the first '.' or ':' decides the family."""
    for ch in value:
        if ch == ".":
            return _parse_ipv4(value)
        if ch == ":":
            return _parse_ipv6(value)
    return False


def validate_ip_legacy(value: str, path: str) -> Errors:
    """IsValidIPForLegacyField (non-strict)."""
    return [] if is_valid_ip_sloppy(value) else [invalid(path, value, _IP_MSG)]


# ---------------------------------------------------------------------------------------------
# Pod template.


def validate_pod_template(template: dict[str, Any], path: str, version: str) -> list[FieldError]:
    """ValidatePodTemplateSpec for a Job's (or a CronJob's job template's) pod template."""
    template = _dict(template)
    meta = _dict(template.get("metadata"))
    spec = _dict(template.get("spec"))
    ctx = PodContext(version, spec, claim_names=_gather_claim_names(spec, version))
    labels = meta.get("labels")
    annotations = meta.get("annotations")
    labels = labels if isinstance(labels, dict) else None
    annotations = annotations if isinstance(annotations, dict) else None
    annotations_path = child_path(path, "annotations")

    errs = validate_labels(labels, child_path(path, "labels"))
    errs.extend(validate_annotations(annotations, annotations_path, version))
    errs.extend(_validate_pod_specific_annotations(annotations or {}, spec, annotations_path, ctx))
    errs.extend(validate_pod_spec(spec, child_path(path, "spec"), ctx))
    # validateSeccompAnnotationsAndFields, validateAppArmorAnnotationsAndFieldsMatchOnCreate.
    errs.extend(security.validate_security_annotations(template, path, ctx))
    if _list(spec.get("ephemeralContainers")):
        errs.append(forbidden(child_path(path, "spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"))
    return errs


def _gather_claim_names(spec: dict[str, Any], version: str) -> set[str]:
    """gatherPodResourceClaimNames; none while DynamicResourceAllocation is off (the server drops
    spec.resourceClaims then)."""
    if not versions.enabled("DynamicResourceAllocation", version):
        return set()
    names: set[str] = set()
    for claim in _list(spec.get("resourceClaims")):
        name = _str(_dict(claim).get("name"))
        if name:
            names.add(name)
    return names


def _validate_pod_specific_annotations(
    annotations: dict[str, Any], spec: dict[str, Any], path: str, ctx: PodContext
) -> Errors:
    """ValidatePodSpecificAnnotations (the seccomp and AppArmor formats: the security module)."""
    errs: Errors = []
    if MIRROR_POD_ANNOTATION in annotations and not _str(spec.get("nodeName")):
        errs.append(
            invalid(
                key_path(path, MIRROR_POD_ANNOTATION),
                annotations[MIRROR_POD_ANNOTATION],
                "must set spec.nodeName if mirror pod annotation is set",
            )
        )
    if _str(annotations.get(TOLERATIONS_ANNOTATION)):
        errs.extend(_validate_tolerations_annotation(annotations[TOLERATIONS_ANNOTATION], path, ctx))
    if POD_DELETION_COST_ANNOTATION in annotations:
        value = annotations[POD_DELETION_COST_ANNOTATION]
        if not _is_int32_deletion_cost(_str(value)):
            errs.append(invalid(key_path(path, POD_DELETION_COST_ANNOTATION), value, "must be a 32bit integer"))
    errs.extend(security.validate_security_pod_annotations(annotations, spec, path))
    return errs


def _is_int32_deletion_cost(value: str) -> bool:
    """helper.GetDeletionCostFromPodAnnotations: no '+', no leading zeros, a base-10 int32."""
    if not value:
        return False
    first = value[0]
    if not (first == "-" or value == "0" or "1" <= first <= "9"):
        return False
    digits = value[1:] if first == "-" else value
    if not full_match(_DIGITS_RE, digits) or len(digits) > 10:
        return False
    return -(2**31) <= int(value) <= MAX_INT32


class _JSONNumber(str):
    """A JSON number kept as its literal text, as Go's decoder sees it."""


def _reject_constant(name: str) -> Any:
    """NaN and Infinity are not JSON (Python's decoder accepts them by default)."""
    raise ValueError(f"invalid constant {name}")


def _go_json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, _JSONNumber):
        return "number"
    return "string"


# core.Toleration's JSON fields and their Go types.
_TOLERATION_FIELDS = {"key": "string", "operator": "string", "value": "string", "effect": "string", "tolerationSeconds": "int64"}
_INT64_RE = re.compile("-?(0|[1-9][0-9]*)")


def _decode_toleration(item: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """One toleration as encoding/json fills a core.Toleration: keys match field names
    case-insensitively (an exact match first), unknown keys are ignored, null leaves the zero
    value. Returns the toleration and the first type error, worded as Go words it."""
    out: dict[str, Any] = {}
    error: str | None = None
    folded = {name.lower(): name for name in _TOLERATION_FIELDS}
    for key, value in item.items():
        name = key if key in _TOLERATION_FIELDS else folded.get(key.lower())
        if name is None or value is None:
            continue
        go_type = _TOLERATION_FIELDS[name]
        if go_type == "string":
            if isinstance(value, str) and not isinstance(value, _JSONNumber):
                out[name] = value
                continue
            kind = _go_json_kind(value)
        else:
            if isinstance(value, _JSONNumber):
                if full_match(_INT64_RE, value) and -(2**63) <= int(value) < 2**63:
                    out[name] = int(value)
                    continue
                kind = f"number {value}"
            else:
                kind = _go_json_kind(value)
        if error is None:
            error = f"json: cannot unmarshal {kind} into Go struct field Toleration.{name} of type {go_type}"
    return out, error


def _validate_tolerations_annotation(text: str, path: str, ctx: PodContext) -> Errors:
    """ValidateTolerationsInPodAnnotations: the annotation holds a JSON list of tolerations.

    The server prints Go's encoding/json error when the text does not decode into
    []core.Toleration. Type errors are worded as Go words them; a syntax error only as close as
    Python's decoder allows (Go's texts, e.g. "invalid character 'x' looking for beginning of
    value", differ from Python's and are not reproduced)."""
    try:
        data = json.loads(text, parse_int=_JSONNumber, parse_float=_JSONNumber, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as e:
        return [invalid(path, TOLERATIONS_ANNOTATION, f"invalid JSON: {e}")]
    if data is None:
        return []
    if not isinstance(data, list):
        detail = f"json: cannot unmarshal {_go_json_kind(data)} into Go value of type []core.Toleration"
        return [invalid(path, TOLERATIONS_ANNOTATION, detail)]
    tolerations: list[dict[str, Any]] = []
    error: str | None = None
    for item in data:
        if item is None:
            tolerations.append({})
        elif not isinstance(item, dict):
            error = error or f"json: cannot unmarshal {_go_json_kind(item)} into Go value of type core.Toleration"
        else:
            toleration, item_error = _decode_toleration(item)
            error = error or item_error
            tolerations.append(toleration)
    if error is not None:
        return [invalid(path, TOLERATIONS_ANNOTATION, error)]
    if not tolerations:
        return []
    return scheduling.validate_tolerations(tolerations, child_path(path, TOLERATIONS_ANNOTATION), ctx)


# ---------------------------------------------------------------------------------------------
# Pod spec.


def validate_pod_spec(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """ValidatePodSpec, in the order of the Go code."""
    spec = _dict(spec)
    errs: Errors = []
    if spec.get("terminationGracePeriodSeconds") is None:
        errs.append(required(child_path(path, "terminationGracePeriodSeconds")))

    errs.extend(volumes.validate_volumes(spec.get("volumes"), child_path(path, "volumes"), ctx))
    if ctx.enabled("DynamicResourceAllocation"):
        errs.extend(_validate_pod_resource_claims(spec.get("resourceClaims"), child_path(path, "resourceClaims")))
    errs.extend(containers.validate_containers(spec, child_path(path, "containers"), ctx))
    errs.extend(containers.validate_init_containers(spec, child_path(path, "initContainers"), ctx))
    # validateEphemeralContainers, when the containers module provides it (a template's ephemeral
    # containers are refused as a whole anyway, see validate_pod_template).
    check_ephemeral = getattr(containers, "validate_ephemeral_containers", None)
    if check_ephemeral is not None:
        errs.extend(check_ephemeral(spec, child_path(path, "ephemeralContainers"), ctx))

    if spec.get("resources") is not None:
        errs.extend(resources.validate_pod_resources(spec.get("resources"), child_path(path, "resources"), ctx))

    errs.extend(security.validate_pod_host_network_deps(spec, path, ctx))
    errs.extend(_validate_restart_policy(spec.get("restartPolicy"), child_path(path, "restartPolicy")))
    errs.extend(_validate_dns_policy(spec.get("dnsPolicy"), child_path(path, "dnsPolicy")))
    node_selector = spec.get("nodeSelector")
    errs.extend(validate_labels(node_selector if isinstance(node_selector, dict) else None, child_path(path, "nodeSelector")))
    errs.extend(security.validate_pod_security_context(spec, path, ctx))
    # validateImagePullSecrets ("only name may be set") cannot fail on a decoded manifest: a
    # LocalObjectReference has no other field, so strict decoding already rejects any other key.
    errs.extend(scheduling.validate_affinity(spec.get("affinity"), child_path(path, "affinity"), ctx))
    errs.extend(_validate_dns_config(spec, child_path(path, "dnsConfig"), ctx))
    errs.extend(_validate_readiness_gates(spec.get("readinessGates"), child_path(path, "readinessGates")))
    errs.extend(_validate_scheduling_gates(spec.get("schedulingGates"), child_path(path, "schedulingGates")))
    errs.extend(
        scheduling.validate_topology_spread_constraints(
            spec.get("topologySpreadConstraints"), child_path(path, "topologySpreadConstraints"), ctx
        )
    )
    errs.extend(security.validate_windows_host_process_pod(spec, path, ctx))
    errs.extend(security.validate_host_users(spec, path, ctx))
    errs.extend(_validate_hostname_override(spec, path, ctx))

    sa = _str(spec.get("serviceAccountName"))
    if sa:
        errs.extend(invalid(child_path(path, "serviceAccountName"), sa, m) for m in name_is_dns_subdomain(sa, False))
    node_name = _str(spec.get("nodeName"))
    if node_name:
        errs.extend(invalid(child_path(path, "nodeName"), node_name, m) for m in name_is_dns_subdomain(node_name, False))
    deadline = spec.get("activeDeadlineSeconds")
    if isinstance(deadline, int) and not isinstance(deadline, bool) and not 1 <= deadline <= MAX_INT32:
        errs.append(invalid(child_path(path, "activeDeadlineSeconds"), deadline, inclusive_range_error(1, MAX_INT32)))
    for key in ("hostname", "subdomain"):
        value = _str(spec.get(key))
        if value:
            errs.extend(invalid(child_path(path, key), value, m) for m in is_dns1123_label(value))
    tolerations = _list(spec.get("tolerations"))
    if tolerations:
        errs.extend(scheduling.validate_tolerations(tolerations, child_path(path, "tolerations"), ctx))
    host_aliases = _list(spec.get("hostAliases"))
    if host_aliases:
        errs.extend(_validate_host_aliases(host_aliases, child_path(path, "hostAliases")))
    priority_class = _str(spec.get("priorityClassName"))
    if priority_class:
        errs.extend(
            invalid(child_path(path, "priorityClassName"), priority_class, m)
            for m in name_is_dns_subdomain(priority_class, False)
        )
    runtime_class = spec.get("runtimeClassName")
    if isinstance(runtime_class, str):
        errs.extend(
            invalid(child_path(path, "runtimeClassName"), runtime_class, m)
            for m in name_is_dns_subdomain(runtime_class, False)
        )
    preemption = spec.get("preemptionPolicy")
    if isinstance(preemption, str):
        errs.extend(_validate_preemption_policy(preemption, child_path(path, "preemptionPolicy")))
    if spec.get("overhead") is not None:
        errs.extend(resources.validate_overhead(spec.get("overhead"), child_path(path, "overhead"), ctx))
    if isinstance(spec.get("os"), dict):
        os_errs = _validate_os(spec["os"], child_path(path, "os"))
        # validateLinux / validateWindows run only for a valid os.name.
        errs.extend(os_errs or security.validate_os_security(spec, path, ctx))
    if ctx.enabled("EnvFiles"):
        errs.extend(_validate_file_key_ref_volumes(spec, path))
    return errs


def _validate_restart_policy(policy: Any, path: str) -> Errors:
    """validateRestartPolicy."""
    policy = _str(policy)
    if policy in RESTART_POLICIES:
        return []
    if not policy:
        return [required(path)]
    return [not_supported(path, policy, RESTART_POLICIES)]


def _validate_dns_policy(policy: Any, path: str) -> Errors:
    """validateDNSPolicy."""
    policy = _str(policy)
    if policy in DNS_POLICIES:
        return []
    if not policy:
        return [required(path)]
    return [not_supported(path, policy, DNS_POLICIES)]


def _validate_preemption_policy(policy: str, path: str) -> Errors:
    """ValidatePreemptionPolicy."""
    if policy in PREEMPTION_POLICIES:
        return []
    if not policy:
        return [required(path)]
    return [not_supported(path, policy, PREEMPTION_POLICIES)]


def _validate_dns_config(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validatePodDNSConfig."""
    policy = spec.get("dnsPolicy")
    config = spec.get("dnsConfig")
    if policy == "None":
        if not isinstance(config, dict):
            return [required(path, "must provide `dnsConfig` when `dnsPolicy` is None")]
        if not _list(config.get("nameservers")):
            return [required(child_path(path, "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None")]
    if not isinstance(config, dict):
        return []
    errs: Errors = []
    nameservers = [ns if isinstance(ns, str) else "" for ns in _list(config.get("nameservers"))]
    ns_path = child_path(path, "nameservers")
    if len(nameservers) > MAX_DNS_NAMESERVERS:
        errs.append(
            invalid(ns_path, GoValue(go_string_slice(nameservers)), f"must not have more than {MAX_DNS_NAMESERVERS} nameservers")
        )
    for i, ns in enumerate(nameservers):
        errs.extend(validate_ip_legacy(ns, index_path(ns_path, i)))

    searches = [s if isinstance(s, str) else "" for s in _list(config.get("searches"))]
    searches_path = child_path(path, "searches")
    if len(searches) > MAX_DNS_SEARCH_PATHS:
        errs.append(
            invalid(searches_path, GoValue(go_string_slice(searches)), f"must not have more than {MAX_DNS_SEARCH_PATHS} search paths")
        )
    if byte_len(" ".join(searches)) > MAX_DNS_SEARCH_LIST_CHARS:
        errs.append(
            invalid(
                searches_path,
                GoValue(go_string_slice(searches)),
                f"must not have more than {MAX_DNS_SEARCH_LIST_CHARS} characters (including spaces) in the search list",
            )
        )
    relaxed = ctx.enabled("RelaxedDNSSearchValidation")
    for i, search in enumerate(searches):
        p = index_path(searches_path, i)
        if relaxed:
            if search != ".":
                search = search.removesuffix(".")
                errs.extend(invalid(p, search, m) for m in _is_dns1123_subdomain_with_underscore(search))
        else:
            search = search.removesuffix(".")
            errs.extend(invalid(p, search, m) for m in is_dns1123_subdomain(search))

    for i, option in enumerate(_list(config.get("options"))):
        if not _str(_dict(option).get("name")):
            errs.append(required(index_path(child_path(path, "options"), i), "must not be empty"))
    return errs


def _is_dns1123_subdomain_with_underscore(value: str) -> list[str]:
    """IsDNS1123SubdomainWithUnderscore."""
    msgs: list[str] = []
    if byte_len(value) > 253:
        msgs.append(max_len_error(253))
    if not full_match(_DNS1123_SUBDOMAIN_UNDERSCORE_RE, value):
        msgs.append(regex_error(_DNS1123_SUBDOMAIN_UNDERSCORE_MSG, _DNS1123_SUBDOMAIN_UNDERSCORE_FMT, "example.com"))
    return msgs


def _validate_readiness_gates(gates: Any, path: str) -> Errors:
    """validateReadinessGates: each conditionType is a qualified name."""
    errs: Errors = []
    for i, gate in enumerate(_list(gates)):
        condition = _str(_dict(gate).get("conditionType"))
        p = child_path(index_path(path, i), "conditionType")
        errs.extend(invalid(p, condition, m) for m in is_qualified_name(condition))
    return errs


def _validate_scheduling_gates(gates: Any, path: str) -> Errors:
    """validateSchedulingGates: qualified names, no duplicates (both reported at the item)."""
    errs: Errors = []
    seen: set[str] = set()
    for i, gate in enumerate(_list(gates)):
        name = _str(_dict(gate).get("name"))
        p = index_path(path, i)
        errs.extend(invalid(p, name, m) for m in is_qualified_name(name))
        if name in seen:
            errs.append(duplicate(p, name))
        seen.add(name)
    return errs


def _validate_host_aliases(aliases: list[Any], path: str) -> Errors:
    """ValidateHostAliases: a valid IP and DNS-subdomain hostnames."""
    errs: Errors = []
    for i, alias in enumerate(aliases):
        alias = _dict(alias)
        p = index_path(path, i)
        errs.extend(validate_ip_legacy(_str(alias.get("ip")), child_path(p, "ip")))
        for j, hostname in enumerate(_list(alias.get("hostnames"))):
            hostname = _str(hostname)
            hp = index_path(child_path(p, "hostnames"), j)
            errs.extend(invalid(hp, hostname, m) for m in is_dns1123_subdomain(hostname))
    return errs


def _go_pod_resource_claim(claim: dict[str, Any]) -> GoValue:
    def ptr(key: str) -> str:
        return "(*string)(nil)" if claim.get(key) is None else f"(*string)({GO_POINTER_PLACEHOLDER})"

    return GoValue(
        f"core.PodResourceClaim{{Name:{go_quote(_str(claim.get('name')))}, "
        f"ResourceClaimName:{ptr('resourceClaimName')}, ResourceClaimTemplateName:{ptr('resourceClaimTemplateName')}}}"
    )


def _validate_pod_resource_claims(claims: Any, path: str) -> Errors:
    """validatePodResourceClaims (a template has no metadata name, so no static-pod check)."""
    errs: Errors = []
    names: set[str] = set()
    for i, claim in enumerate(_list(claims)):
        claim = _dict(claim)
        p = index_path(path, i)
        name = _str(claim.get("name"))
        name_path = child_path(p, "name")
        if not name:
            errs.append(required(name_path))
        elif name in names:
            errs.append(duplicate(name_path, name))
        else:
            errs.extend(invalid(name_path, name, m) for m in is_dns1123_label(name))
            names.add(name)
        claim_name = claim.get("resourceClaimName")
        template_name = claim.get("resourceClaimTemplateName")
        if claim_name is not None and template_name is not None:
            errs.append(
                invalid(p, _go_pod_resource_claim(claim), "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified")
            )
        if claim_name is None and template_name is None:
            errs.append(invalid(p, _go_pod_resource_claim(claim), "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"))
        if isinstance(claim_name, str):
            errs.extend(
                invalid(child_path(p, "resourceClaimName"), claim_name, m) for m in name_is_dns_subdomain(claim_name, False)
            )
        if isinstance(template_name, str):
            errs.extend(
                invalid(child_path(p, "resourceClaimTemplateName"), template_name, m)
                for m in name_is_dns_subdomain(template_name, False)
            )
    return errs


def _validate_hostname_override(spec: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validatePodHostName (spec.hostnameOverride, dropped on create while HostnameOverride is off)."""
    override = spec.get("hostnameOverride")
    if not isinstance(override, str) or not ctx.enabled("HostnameOverride"):
        return []
    p = child_path(path, "hostnameOverride")
    errs: Errors = []
    if spec.get("setHostnameAsFQDN") is True:
        errs.append(forbidden(p, "may not be specified when setHostnameAsFQDN is true"))
    if spec.get("hostNetwork") is True:
        errs.append(forbidden(p, "may not be specified when hostNetwork is true"))
    if byte_len(override) > MAX_HOSTNAME_OVERRIDE_LENGTH:
        errs.append(too_long(p, MAX_HOSTNAME_OVERRIDE_LENGTH, ctx.version))
    errs.extend(invalid(p, override, m) for m in is_dns1123_subdomain(override))
    return errs


def _containers_of(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The containers _visit_containers visits, without their paths."""
    for key in _CONTAINER_KINDS:
        for c in _list(spec.get(key)):
            if isinstance(c, dict):
                yield c


def _has_file_key_ref(container: dict[str, Any]) -> bool:
    return any(
        isinstance(_dict(_dict(env).get("valueFrom")).get("fileKeyRef"), dict) for env in _list(container.get("env"))
    )


def _validate_os(os_: dict[str, Any], path: str) -> Errors:
    """validateOS."""
    name = _str(os_.get("name"))
    if not name:
        return [required(child_path(path, "name"))]
    if name not in VALID_OS:
        return [not_supported(path, name, VALID_OS)]
    return []


def _validate_file_key_ref_volumes(spec: dict[str, Any], path: str) -> Errors:
    """validateFileKeyRefVolumes: env fileKeyRef volumes exist and are emptyDir volumes."""
    if not any(_has_file_key_ref(c) for c in _containers_of(spec)):
        return []  # the common case, told without building paths
    sources = {_str(_dict(v).get("name")): _dict(v) for v in _list(spec.get("volumes"))}
    errs: Errors = []
    for c, c_path in _visit_containers(spec, path):
        for j, env in enumerate(_list(c.get("env"))):
            ref = _dict(_dict(env).get("valueFrom")).get("fileKeyRef")
            if not isinstance(ref, dict):
                continue
            name = _str(ref.get("volumeName"))
            p = child_path(index_path(child_path(c_path, "env"), j), "valueFrom", "fileKeyRef", "volumeName")
            if name not in sources:
                errs.append(not_found(p, name))
            elif sources[name].get("emptyDir") is None:
                errs.append(invalid(p, name, "referenced volume must be of type emptyDir"))
    return errs
