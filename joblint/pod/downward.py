"""The downward API's selectors, shared by env vars and downwardAPI volumes: which pod fields
and container resources a value may come from (validateObjectFieldSelector,
validateContainerResourceFieldSelector, validateContainerResourceDivisor, and the field label
conversion of pkg/api/v1/pod)."""

from __future__ import annotations

from typing import Any

from ..apivalidation import child_path, is_qualified_name
from ..errors import FieldError, invalid, not_supported, required
from .quantity import try_parse

Errors = list[FieldError]


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


_DOWNWARD_API_LABELS = frozenset(
    {
        "metadata.annotations",
        "metadata.labels",
        "metadata.name",
        "metadata.namespace",
        "metadata.uid",
        "spec.nodeName",
        "spec.restartPolicy",
        "spec.serviceAccountName",
        "spec.schedulerName",
        "status.phase",
        "status.hostIP",
        "status.hostIPs",
        "status.podIP",
        "status.podIPs",
    }
)
CONTAINER_RESOURCE_FIELD_PATHS = sorted(
    {
        "limits.cpu",
        "limits.memory",
        "limits.ephemeral-storage",
        "requests.cpu",
        "requests.memory",
        "requests.ephemeral-storage",
    }
)
_CONTAINER_RESOURCE_FIELD_PATH_SET = frozenset(CONTAINER_RESOURCE_FIELD_PATHS)
_HUGEPAGES_PREFIXES = ("limits.hugepages-", "requests.hugepages-")

_DIVISORS_CPU = frozenset({"1m", "1"})
_DIVISORS_BYTES = frozenset({"1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"})
_BYTES_LIST = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei"
# resource → (allowed divisors, how the message lists them, how it names the resource)
_DIVISOR_RULES: dict[str, tuple[frozenset[str], str, str]] = {
    "limits.cpu": (_DIVISORS_CPU, "1m and 1", "cpu"),
    "requests.cpu": (_DIVISORS_CPU, "1m and 1", "cpu"),
    "limits.memory": (_DIVISORS_BYTES, _BYTES_LIST, "memory"),
    "requests.memory": (_DIVISORS_BYTES, _BYTES_LIST, "memory"),
    "limits.ephemeral-storage": (_DIVISORS_BYTES, _BYTES_LIST, "local ephemeral storage"),
    "requests.ephemeral-storage": (_DIVISORS_BYTES, _BYTES_LIST, "local ephemeral storage"),
}


def _split_maybe_subscripted_path(field_path: str) -> tuple[str, str, bool]:
    """fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['k']` → (`metadata.labels`, `k`, True)."""
    if not field_path.endswith("']"):
        return field_path, "", False
    head, sep, subscript = field_path[:-2].partition("['")
    if not sep or not head:
        return field_path, "", False
    return head, subscript, True


def _convert_downward_api_field_label(api_version: str, label: str) -> tuple[str, str | None]:
    """podshelper.ConvertDownwardAPIFieldLabel: (internal label, error text or None)."""
    if api_version != "v1":
        return "", f"unsupported pod version: {api_version}"
    head, _, ok = _split_maybe_subscripted_path(label)
    if ok:
        if head in ("metadata.annotations", "metadata.labels"):
            return label, None
        return "", f"field label does not support subscript: {label}"
    if label in _DOWNWARD_API_LABELS:
        return label, None
    if label == "spec.host":
        return "spec.nodeName", None
    return "", f"field label not supported: {label}"


def validate_object_field_selector(fs: dict[str, Any], expressions: frozenset[str], listed: list[str], path: str) -> Errors:
    """validateObjectFieldSelector."""
    api_version = _str(fs.get("apiVersion"))
    if not api_version:
        return [required(child_path(path, "apiVersion"))]
    field_path = _str(fs.get("fieldPath"))
    if not field_path:
        return [required(child_path(path, "fieldPath"))]
    internal, err = _convert_downward_api_field_label(api_version, field_path)
    if err is not None:
        return [invalid(child_path(path, "fieldPath"), field_path, f"error converting fieldPath: {err}")]
    head, subscript, ok = _split_maybe_subscripted_path(internal)
    if ok:
        if head == "metadata.annotations":
            key = subscript.lower()
            return [invalid(path, key, m) for m in is_qualified_name(key)]
        if head == "metadata.labels":
            return [invalid(path, subscript, m) for m in is_qualified_name(subscript)]
        return [invalid(path, head, "does not support subscript")]
    if head not in expressions:
        return [not_supported(child_path(path, "fieldPath"), head, listed)]
    return []


def validate_container_resource_field_selector(fs: dict[str, Any], path: str, volume: bool) -> Errors:
    """validateContainerResourceFieldSelector (with the huge pages prefixes, as env and volumes use it)."""
    errs: Errors = []
    resource = _str(fs.get("resource"))
    if volume and not _str(fs.get("containerName")):
        errs.append(required(child_path(path, "containerName")))
    elif not resource:
        errs.append(required(child_path(path, "resource")))
    elif resource not in _CONTAINER_RESOURCE_FIELD_PATH_SET and not resource.startswith(_HUGEPAGES_PREFIXES):
        errs.append(not_supported(child_path(path, "resource"), resource, CONTAINER_RESOURCE_FIELD_PATHS))
    errs.extend(_validate_container_resource_divisor(resource, fs.get("divisor"), path))
    return errs


def _canonical_quantity(divisor: Any) -> tuple[bool, str] | None:
    """(is zero, Quantity.String()) of a divisor, or None when it is not a quantity."""
    q = try_parse(divisor)
    if q is None:
        return None
    return q.is_zero(), str(q)


def _validate_container_resource_divisor(resource: str, divisor: Any, path: str) -> Errors:
    """validateContainerResourceDivisor."""
    if divisor is None:
        return []
    parsed = _canonical_quantity(divisor)
    if parsed is None:
        return []
    is_zero, text = parsed
    if is_zero:
        return []
    div_path = child_path(path, "divisor")
    errs: Errors = []
    rule = _DIVISOR_RULES.get(resource)
    if rule is not None and text not in rule[0]:
        errs.append(invalid(div_path, resource, f"only divisor's values {rule[1]} are supported with the {rule[2]} resource"))
    if resource.startswith(_HUGEPAGES_PREFIXES) and text not in _DIVISORS_BYTES:
        errs.append(invalid(div_path, resource, f"only divisor's values {_BYTES_LIST} are supported with the hugepages resource"))
    return errs


