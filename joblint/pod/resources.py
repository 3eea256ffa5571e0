"""Resource names and quantities of containers, the pod and overhead (ValidateContainerResourceRequirements and friends).

Follows pkg/apis/core/validation/validation.go (liggitt/kubernetes at 76b7f090c0e5, about
1.35/1.36): validateResourceRequirements with validateContainerResourceName or
validatePodResourceName, ValidateResourceQuantityValue, validateResourceQuantityHugePageValue,
validateResourceClaimNames, validateOverhead, validatePodResources and
validatePodResourceConsistency; the name predicates come from pkg/apis/core/helper/helpers.go
and component-helpers/resource/helpers.go.

How values print: a resource name is a core.ResourceName, whose String() makes the server print
it bare (`Invalid value: gpu: ...`); quantities passed as `quantity.String()` are quoted
(`Invalid value: "2": ...`), the Quantity itself (ValidateResourceQuantityValue's "must be an
integer") prints bare through its String(). Go walks the resource maps in random order; the
errors here follow the order the manifest gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..apivalidation import (
    GoValue,
    child_path,
    index_path,
    is_dns1123_label,
    is_qualified_name,
    key_path,
)
from ..errors import (
    ErrorType,
    FieldError,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    required,
)
from .context import PodContext
from .quantity import Quantity, try_parse

Errors = list[FieldError]

HUGEPAGES_PREFIX = "hugepages-"
_REQUESTS_HUGEPAGES_PREFIX = "requests.hugepages-"
_DEFAULT_NAMESPACE_PREFIX = "kubernetes.io/"
_REQUESTS_PREFIX = "requests."

IS_NEGATIVE_ERROR = "must be greater than or equal to 0"
IS_NOT_INTEGER_ERROR = "must be an integer"

_STANDARD_CONTAINER_RESOURCES = frozenset({"cpu", "memory", "ephemeral-storage"})
_STANDARD_RESOURCES = frozenset({
    "cpu", "memory", "ephemeral-storage",
    "requests.cpu", "requests.memory", "requests.ephemeral-storage",
    "limits.cpu", "limits.memory", "limits.ephemeral-storage",
    "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps",
    "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports", "services.loadbalancers",
})
_INTEGER_RESOURCES = frozenset({
    "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps",
    "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
})
_CPU_OR_MEMORY = frozenset({"cpu", "memory"})
# resourcehelper.SupportedPodLevelResources(), sorted as sets.List prints them.
_POD_LEVEL_SUPPORTED = ["cpu", "hugepages-", "memory"]


# --- helper predicates (pkg/apis/core/helper) ------------------------------------------------


def is_hugepage_resource_name(name: str) -> bool:
    """helper.IsHugePageResourceName."""
    return name.startswith(HUGEPAGES_PREFIX)


def is_native_resource(name: str) -> bool:
    """helper.IsNativeResource: unprefixed, or in the kubernetes.io/ namespace."""
    return "/" not in name or _DEFAULT_NAMESPACE_PREFIX in name


def is_extended_resource_name(name: str) -> bool:
    """helper.IsExtendedResourceName."""
    if is_native_resource(name) or name.startswith(_REQUESTS_PREFIX):
        return False
    return not is_qualified_name(_REQUESTS_PREFIX + name)


def is_overcommit_allowed(name: str) -> bool:
    """helper.IsOvercommitAllowed."""
    return is_native_resource(name) and not is_hugepage_resource_name(name)


def is_standard_resource_name(name: str) -> bool:
    """helper.IsStandardResourceName."""
    return name in _STANDARD_RESOURCES or name.startswith((HUGEPAGES_PREFIX, _REQUESTS_HUGEPAGES_PREFIX))


def is_standard_container_resource_name(name: str) -> bool:
    """helper.IsStandardContainerResourceName."""
    return name in _STANDARD_CONTAINER_RESOURCES or is_hugepage_resource_name(name)


def is_integer_resource_name(name: str) -> bool:
    """helper.IsIntegerResourceName."""
    return name in _INTEGER_RESOURCES or is_extended_resource_name(name)


def _go_rem(a: int, b: int) -> int:
    """Go's % (truncated division)."""
    r = abs(a) % abs(b)
    return -r if a < 0 else r


def is_hugepage_value_divisible(name: str, quantity: Quantity) -> bool:
    """helper.IsHugePageResourceValueDivisible."""
    if not is_hugepage_resource_name(name):
        return False
    page_size = try_parse(name[len(HUGEPAGES_PREFIX):])
    if page_size is None or page_size.sign() <= 0 or _go_rem(page_size.milli_value(), 1000) != 0:
        return False
    size = page_size.value()
    return size != 0 and _go_rem(quantity.value(), size) == 0


# --- resource names ----------------------------------------------------------------------------


def validate_resource_name(name: str, path: str) -> Errors:
    """validateResourceName."""
    errs: Errors = [invalid(path, GoValue(name), msg) for msg in is_qualified_name(name)]
    if errs:
        return errs
    if "/" not in name and not is_standard_resource_name(name):
        errs.append(invalid(path, GoValue(name), "must be a standard resource type or fully qualified"))
    return errs


def validate_container_resource_name(name: str, path: str) -> Errors:
    """validateContainerResourceName."""
    errs = validate_resource_name(name, path)
    if "/" not in name:
        if not is_standard_container_resource_name(name):
            errs.append(invalid(path, GoValue(name), "must be a standard resource for containers"))
    elif not is_native_resource(name) and not is_extended_resource_name(name):
        errs.append(invalid(path, GoValue(name), "doesn't follow extended resource name standard"))
    return errs


def _is_supported_pod_level_resource(name: str) -> bool:
    """resourcehelper.IsSupportedPodLevelResource."""
    return name in _CPU_OR_MEMORY or name.startswith(HUGEPAGES_PREFIX)


def validate_pod_resource_name(name: str, path: str) -> Errors:
    """validatePodResourceName."""
    errs = validate_resource_name(name, path)
    if errs:
        return errs
    if not _is_supported_pod_level_resource(name):
        errs.append(not_supported(path, GoValue(name), _POD_LEVEL_SUPPORTED))
    return errs


# --- quantities --------------------------------------------------------------------------------


def validate_nonnegative_quantity(quantity: Quantity, path: str) -> Errors:
    """ValidateNonnegativeQuantity."""
    if quantity.sign() < 0:
        return [invalid(path, quantity.string(), IS_NEGATIVE_ERROR)]
    return []


def validate_resource_quantity_value(name: str, quantity: Quantity, path: str) -> Errors:
    """ValidateResourceQuantityValue."""
    errs = validate_nonnegative_quantity(quantity, path)
    if is_integer_resource_name(name) and _go_rem(quantity.milli_value(), 1000) != 0:
        errs.append(invalid(path, GoValue(quantity.string()), IS_NOT_INTEGER_ERROR))
    return errs


def _hugepage_value_error(name: str, quantity: Quantity, path: str) -> Errors:
    """validateResourceQuantityHugePageValue (AllowIndivisibleHugePagesValues is off on create)."""
    if is_hugepage_resource_name(name) and not is_hugepage_value_divisible(name, quantity):
        text = quantity.string()
        return [invalid(path, text, f"{text} is not positive integer multiple of {name}")]
    return []


def _quantities(resource_list: Any) -> list[tuple[str, Quantity]]:
    """The (name, quantity) pairs of a ResourceList; values that do not parse are decoding's business."""
    if not isinstance(resource_list, dict):
        return []
    pairs: list[tuple[str, Quantity]] = []
    for name, value in resource_list.items():
        if not isinstance(name, str):
            continue
        quantity = try_parse(value)
        if quantity is not None:
            pairs.append((name, quantity))
    return pairs


def _validate_requirements(
    resources: dict[str, Any], name_check: Callable[[str, str], Errors], claim_names: set[str] | None, path: str
) -> Errors:
    """validateResourceRequirements."""
    errs: Errors = []
    lim_path = child_path(path, "limits")
    req_path = child_path(path, "requests")
    limits = _quantities(resources.get("limits"))
    requests = _quantities(resources.get("requests"))
    limit_of = dict(limits)
    lim_cpu_or_memory = req_cpu_or_memory = False
    lim_hugepages = req_hugepages = False

    for name, quantity in limits:
        fld = key_path(lim_path, name)
        errs.extend(name_check(name, fld))
        errs.extend(validate_resource_quantity_value(name, quantity, fld))
        if is_hugepage_resource_name(name):
            lim_hugepages = True
            errs.extend(_hugepage_value_error(name, quantity, fld))
        if name in _CPU_OR_MEMORY:
            lim_cpu_or_memory = True

    for name, quantity in requests:
        fld = key_path(req_path, name)
        errs.extend(name_check(name, fld))
        errs.extend(validate_resource_quantity_value(name, quantity, fld))
        limit = limit_of.get(name)
        if limit is not None:
            order = quantity.cmp(limit)
            if order != 0 and not is_overcommit_allowed(name):
                errs.append(invalid(req_path, quantity.string(), f"must be equal to {name} limit of {limit.string()}"))
            elif order > 0:
                errs.append(invalid(req_path, quantity.string(), f"must be less than or equal to {name} limit of {limit.string()}"))
        elif not is_overcommit_allowed(name):
            errs.append(required(lim_path, "Limit must be set for non overcommitable resources"))
        if is_hugepage_resource_name(name):
            req_hugepages = True
            errs.extend(_hugepage_value_error(name, quantity, fld))
        if name in _CPU_OR_MEMORY:
            req_cpu_or_memory = True

    if not lim_cpu_or_memory and not req_cpu_or_memory and (req_hugepages or lim_hugepages):
        errs.append(forbidden(path, "HugePages require cpu or memory"))

    if claim_names is not None:
        errs.extend(validate_resource_claim_names(resources.get("claims"), claim_names, child_path(path, "claims")))
    return errs


def validate_resource_claim_names(claims: Any, claim_names: set[str], path: str) -> Errors:
    """validateResourceClaimNames: each entry names one of spec.resourceClaims, once."""
    if not isinstance(claims, list):
        return []
    errs: Errors = []
    seen: list[str] = []  # insertion-ordered set of `name` and `name/request` keys
    seen_set: set[str] = set()
    for i, claim in enumerate(claims):
        claim = claim if isinstance(claim, dict) else {}
        name = claim.get("name") if isinstance(claim.get("name"), str) else ""
        request = claim.get("request") if isinstance(claim.get("request"), str) else ""
        item = index_path(path, i)
        if not name:
            errs.append(required(item, ""))
            continue
        if name in seen_set:
            errs.append(duplicate(item, name))
        else:
            key = name
            if request:
                errs.extend(invalid(child_path(item, "request"), request, msg) for msg in is_dns1123_label(request))
                key += "/" + request
            if key in seen_set:
                errs.append(duplicate(item, key))
            elif not request:
                for other in seen:
                    slash = other.find("/")
                    if slash >= 0 and other[:slash] == name:
                        errs.append(duplicate(item, name))
            if key not in seen_set:
                seen_set.add(key)
                seen.append(key)
        if name not in claim_names:
            detail = "must be one of the names in pod.spec.resourceClaims"
            if not claim_names:
                detail += " which is empty"
            else:
                detail += ": " + ", ".join(sorted(claim_names))
            # field.NotFound with an explanation added to its Detail
            errs.append(FieldError(ErrorType.NOT_FOUND, item, name, detail))
    return errs


def _pod_claim_names(ctx: PodContext) -> set[str]:
    """gatherPodResourceClaimNames over spec.resourceClaims (plus what the context already holds)."""
    names = set(ctx.claim_names)
    claims = ctx.spec.get("resourceClaims") if isinstance(ctx.spec, dict) else None
    if isinstance(claims, list):
        for claim in claims:
            if isinstance(claim, dict) and isinstance(claim.get("name"), str) and claim["name"]:
                names.add(claim["name"])
    return names


# --- entry points ------------------------------------------------------------------------------


# Container resources that passed, by path and quantities: most documents repeat a few.
_PASSED: set[tuple[Any, ...]] = set()
_PASSED_SIZE = 8192


def _flat_quantities(resource_list: Any) -> tuple[tuple[str, str], ...] | None:
    """A ResourceList of string names and quantities as a tuple (None for anything else)."""
    if resource_list is None:
        return ()
    if not isinstance(resource_list, dict):
        return None
    items = tuple(resource_list.items())
    for name, value in items:
        if type(name) is not str or type(value) is not str:
            return None
    return items


def _passed_key(resources: dict[str, Any], path: str) -> tuple[Any, ...] | None:
    """What the result for container resources without claims depends on; None when that
    cannot be told cheaply."""
    if resources.get("claims") is not None:
        return None
    limits = _flat_quantities(resources.get("limits"))
    requests = _flat_quantities(resources.get("requests"))
    if limits is None or requests is None:
        return None
    return (path, limits, requests)


def validate_container_resources(resources: dict[str, Any] | None, path: str, ctx: PodContext) -> Errors:
    """ValidateContainerResourceRequirements for one container; path ends in `.resources`."""
    if not isinstance(resources, dict):
        return []
    key = _passed_key(resources, path)
    if key is not None and key in _PASSED:
        return []
    # resources.claims is dropped on create while DynamicResourceAllocation is off
    claim_names = _pod_claim_names(ctx) if ctx.enabled("DynamicResourceAllocation") else None
    errs = _validate_requirements(resources, validate_container_resource_name, claim_names, path)
    if key is not None and not errs:
        if len(_PASSED) >= _PASSED_SIZE:
            _PASSED.clear()
        _PASSED.add(key)
    return errs


def validate_overhead(overhead: dict[str, Any] | None, path: str, ctx: PodContext) -> Errors:
    """validateOverhead (spec.overhead): the limits rules of a container, under `<path>.limits`."""
    if not isinstance(overhead, dict):
        return []
    return _validate_requirements({"limits": overhead}, validate_container_resource_name, None, path)


def validate_pod_resources(resources: dict[str, Any] | None, path: str, ctx: PodContext) -> Errors:
    """validatePodResources: pod-level spec.resources, where the target version serves it.

    `path` is the pod spec's path or its `.resources` child. Before PodLevelResources is on by
    default (1.34) the server drops the field on create, so there is nothing to say."""
    if not isinstance(resources, dict) or not ctx.enabled("PodLevelResources"):
        return []
    if not path.endswith("resources"):
        path = child_path(path, "resources")
    if ctx.os_name == "windows":
        return [forbidden(path, "may not be set for a windows pod")]
    errs: Errors = []
    if isinstance(resources.get("claims"), list):
        errs.append(forbidden(child_path(path, "claims"), "claims may not be set for Resources at pod-level"))
    errs.extend(_validate_requirements(resources, validate_pod_resource_name, _pod_claim_names(ctx), path))
    errs.extend(_validate_pod_resource_consistency(resources, path, ctx))
    return errs


# --- pod-level consistency ---------------------------------------------------------------------


def _add_into(total: dict[str, Quantity], items: list[tuple[str, Quantity]]) -> None:
    """addResourceList."""
    for name, quantity in items:
        current = total.get(name)
        total[name] = quantity if current is None else current.add(quantity)


def _max_into(total: dict[str, Quantity], items: list[tuple[str, Quantity]]) -> None:
    """maxResourceList."""
    for name, quantity in items:
        current = total.get(name)
        if current is None or quantity.cmp(current) > 0:
            total[name] = quantity


def _aggregate(spec: dict[str, Any], which: str) -> dict[str, Quantity]:
    """aggregateContainerResourcesByFn over the spec's requests or limits (no status)."""

    def listed(container: Any) -> list[tuple[str, Quantity]]:
        res = container.get("resources") if isinstance(container, dict) else None
        return _quantities(res.get(which)) if isinstance(res, dict) else []

    result: dict[str, Quantity] = {}
    containers = spec.get("containers")
    for container in containers if isinstance(containers, list) else []:
        _add_into(result, listed(container))
    sidecars: dict[str, Quantity] = {}
    init_max: dict[str, Quantity] = {}
    inits = spec.get("initContainers")
    for container in inits if isinstance(inits, list) else []:
        own = listed(container)
        if isinstance(container, dict) and container.get("restartPolicy") == "Always":
            _add_into(result, own)
            _add_into(sidecars, own)
            current = list(sidecars.items())
        else:
            combined: dict[str, Quantity] = {}
            _add_into(combined, own)
            _add_into(combined, list(sidecars.items()))
            current = list(combined.items())
        _max_into(init_max, current)
    _max_into(result, list(init_max.items()))
    return result


def _validate_pod_resource_consistency(resources: dict[str, Any], path: str, ctx: PodContext) -> Errors:
    """validatePodResourceConsistency: containers' aggregate requests within the pod's requests,
    aggregate hugepage limits and each container's limits within the pod's limits."""
    spec = ctx.spec if isinstance(ctx.spec, dict) else {}
    errs: Errors = []
    pod_requests = dict(_quantities(resources.get("requests")))
    pod_limits = dict(_quantities(resources.get("limits")))
    req_path = child_path(path, "requests")
    for name, total in _aggregate(spec, "requests").items():
        pod_value = pod_requests.get(name)
        if pod_value is not None and total.cmp(pod_value) > 0:
            errs.append(invalid(key_path(req_path, name), pod_value.string(),
                                f"must be greater than or equal to aggregate container requests of {total.string()}"))
    for name, total in _aggregate(spec, "limits").items():
        if not is_hugepage_resource_name(name):
            continue
        pod_value = pod_limits.get(name)
        if pod_value is not None and total.cmp(pod_value) > 0:
            errs.append(invalid(key_path(child_path(path, "limits"), name), pod_value.string(),
                                f"must be greater than or equal to aggregate container limits of {total.string()}"))
    containers = spec.get("containers")
    for i, container in enumerate(containers if isinstance(containers, list) else []):
        res = container.get("resources") if isinstance(container, dict) else None
        for name, limit in _quantities(res.get("limits") if isinstance(res, dict) else None):
            pod_value = pod_limits.get(name)
            if pod_value is not None and limit.cmp(pod_value) > 0:
                fld = child_path(key_path(index_path(child_path(path, "containers"), i), name), "limits")
                errs.append(invalid(fld, limit.string(), f"must be less than or equal to pod limits of {pod_value.string()}"))
    return errs
