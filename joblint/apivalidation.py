"""The apimachinery validation helpers the API server builds every object's validation from.

Value syntax (DNS labels and subdomains, qualified names, label values, env var names, ports),
how Go prints values in messages, the small FieldError constructors and object metadata
(labels, annotations, finalizers, ObjectMeta), shared by the batch (joblint.validation) and pod
(joblint.pod) validation. Follows k8s.io/apimachinery/pkg/util/validation and
pkg/api/validation/objectmeta.go.
"""

from __future__ import annotations

import re
from functools import lru_cache, wraps
from collections.abc import Callable, Iterable, Mapping

from . import versions
from .errors import ErrorType, FieldError, go_quote, invalid, required
from .model import ObjectMeta

Errors = list[FieldError]

MAX_INT32 = 2**31 - 1
TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024

# ---------------------------------------------------------------------------------------------
# Value syntax (apimachinery util/validation and api/validate/content).

_DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
_DNS1123_SUBDOMAIN_FMT = _DNS1123_LABEL_FMT + "(\\." + _DNS1123_LABEL_FMT + ")*"
_DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character"
)
_LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_KEY_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character"
)
_LABEL_VALUE_FMT = "(" + _LABEL_KEY_FMT + ")?"
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character"
)
_ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*"
_ENV_VAR_NAME_MSG = (
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', "
    "or '.', and must not start with a digit"
)
_RELAXED_ENV_VAR_NAME_MSG = (
    "a valid environment variable name must consist only of printable ASCII characters other "
    "than '='"
)
HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"

_DNS1123_LABEL_RE = re.compile(_DNS1123_LABEL_FMT)
_DNS1123_SUBDOMAIN_RE = re.compile(_DNS1123_SUBDOMAIN_FMT)
_LABEL_KEY_RE = re.compile(_LABEL_KEY_FMT)
_ENV_VAR_NAME_RE = re.compile(_ENV_VAR_NAME_FMT)
HTTP_PATH_RE = re.compile(HTTP_PATH_FMT)
_PORT_NAME_CHARSET_RE = re.compile("[-a-z0-9]+")
_PORT_NAME_LETTER_RE = re.compile("[a-z]")


def full_match(pattern: re.Pattern[str], value: str) -> bool:
    # Go's regexp `^...$` anchors at the very end, so a trailing newline never matches.
    return pattern.fullmatch(value) is not None


def byte_len(value: str) -> int:
    """Go's len: bytes of the UTF-8 text."""
    return len(value) if value.isascii() else len(value.encode())


def _memoized(fn: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """Value checks run on the same few label keys, names and env vars in every document: their
    messages are kept per value (a fresh list each call, so callers may extend it)."""
    cached = lru_cache(maxsize=8192)(lambda value: tuple(fn(value)))

    @wraps(fn)
    def check(value: str) -> list[str]:
        return list(cached(value))

    return check


def max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


EMPTY_ERROR = "must be non-empty"
IS_NEGATIVE_ERROR = "must be greater than or equal to 0"


def inclusive_range_error(lo: int, hi: int) -> str:
    return f"must be between {lo} and {hi}, inclusive"


@_memoized
def is_dns1123_label(value: str) -> list[str]:
    errs: list[str] = []
    if byte_len(value) > 63:
        errs.append(max_len_error(63))
    if not full_match(_DNS1123_LABEL_RE, value):
        if full_match(_DNS1123_SUBDOMAIN_RE, value):
            errs.append("must not contain dots")
        else:
            errs.append(regex_error(_DNS1123_LABEL_MSG, _DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


@_memoized
def is_dns1123_subdomain(value: str) -> list[str]:
    errs: list[str] = []
    if byte_len(value) > 253:
        errs.append(max_len_error(253))
    if not full_match(_DNS1123_SUBDOMAIN_RE, value):
        errs.append(regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


@_memoized
def is_qualified_name(value: str) -> list[str]:
    """A label key: an optional DNS subdomain prefix and '/', then a name of at most 63."""
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part " + EMPTY_ERROR)
        else:
            errs.extend("prefix part " + m for m in is_dns1123_subdomain(prefix))
    else:
        return [
            "a valid label key "
            + regex_error(_LABEL_KEY_MSG, _LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        errs.append("name part " + EMPTY_ERROR)
    elif byte_len(name) > 63:
        errs.append("name part " + max_len_error(63))
    if not full_match(_LABEL_KEY_RE, name):
        errs.append("name part " + regex_error(_LABEL_KEY_MSG, _LABEL_KEY_FMT, "MyName", "my.name", "123-abc"))
    return errs


@_memoized
def is_valid_label_value(value: str) -> list[str]:
    errs: list[str] = []
    if byte_len(value) > 63:
        errs.append(max_len_error(63))
    if value and not full_match(_LABEL_KEY_RE, value):
        errs.append(regex_error(_LABEL_VALUE_MSG, _LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def has_chdir_prefix(value: str) -> list[str]:
    if value == ".":
        return ["must not be '.'"]
    if value == "..":
        return ["must not be '..'"]
    if value.startswith(".."):
        return ["must not start with '..'"]
    return []


@_memoized
def is_env_var_name(value: str) -> list[str]:
    errs: list[str] = []
    if not full_match(_ENV_VAR_NAME_RE, value):
        errs.append(regex_error(_ENV_VAR_NAME_MSG, _ENV_VAR_NAME_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"))
    errs.extend(has_chdir_prefix(value))
    return errs


@_memoized
def is_relaxed_env_var_name(value: str) -> list[str]:
    errs: list[str] = []
    if not value:
        errs.append("environment variable name " + EMPTY_ERROR)
    for ch in value:
        if ord(ch) > 127 or not (0x20 <= ord(ch) < 0x7F) or ch == "=":
            errs.append(_RELAXED_ENV_VAR_NAME_MSG)
            break
    return errs


def is_valid_port_num(port: int) -> list[str]:
    return [] if 1 <= port <= 65535 else [inclusive_range_error(1, 65535)]


def is_valid_port_name(port: str) -> list[str]:
    errs: list[str] = []
    if byte_len(port) > 15:
        errs.append(max_len_error(15))
    if not full_match(_PORT_NAME_CHARSET_RE, port):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not _PORT_NAME_LETTER_RE.search(port):
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def _mask_trailing_dash(name: str) -> str:
    if len(name) > 1 and name.endswith("-"):
        return name[:-1] + "a"
    return name


def name_is_dns_subdomain(name: str, prefix: bool) -> list[str]:
    return is_dns1123_subdomain(_mask_trailing_dash(name) if prefix else name)


def name_is_dns_label(name: str, prefix: bool) -> list[str]:
    return is_dns1123_label(_mask_trailing_dash(name) if prefix else name)


# ---------------------------------------------------------------------------------------------
# How Go prints composite values in error messages (%#v of the internal types).


class GoValue:
    """A bad value already rendered the way the server renders it."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"GoValue({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoValue) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


# The server prints pointer fields inside structs as addresses, which differ on every request;
# this stands in for them.
GO_POINTER_PLACEHOLDER = "0xc000000000"


def go_string_map(m: Mapping[str, str] | None) -> str:
    if m is None:
        return "map[string]string(nil)"
    inner = ", ".join(f"{go_quote(k)}:{go_quote(v)}" for k, v in sorted(m.items()))
    return "map[string]string{" + inner + "}"


def go_string_slice(values: Iterable[str] | None) -> str:
    if values is None:
        return "[]string(nil)"
    return "[]string{" + ", ".join(go_quote(v) for v in values) + "}"


def go_int32_slice(values: Iterable[int] | None) -> str:
    if values is None:
        return "[]int32(nil)"
    return "[]int32{" + ", ".join(str(v) for v in values) + "}"




def go_pointer(go_type: str, value: object) -> str:
    return f"({go_type})({'nil' if value is None else GO_POINTER_PLACEHOLDER})"




# ---------------------------------------------------------------------------------------------
# Small constructors.


def invalid_omit(path: str, detail: str) -> FieldError:
    """field.Invalid with the value left out of the message."""
    return FieldError(ErrorType.INVALID, path, detail=detail)


def too_many(path: str, actual: int, max_items: int) -> FieldError:
    return FieldError(ErrorType.TOO_MANY, path, actual, f"must have at most {max_items} items")


def too_long(path: str, max_length: int, version: str, *, legacy_max_length_form: bool = False) -> FieldError:
    """field.TooLong. From 1.32 it says "may not be more than N bytes"; before, TooLong said
    "must have at most N bytes" and TooLongMaxLength said "may not be longer than N"."""
    if versions.at_least(version, "1.32"):
        detail = f"may not be more than {max_length} bytes"
    elif legacy_max_length_form:
        detail = f"may not be longer than {max_length}"
    else:
        detail = f"must have at most {max_length} bytes"
    return FieldError(ErrorType.TOO_LONG, path, detail=detail)


def validate_nonnegative(value: int, path: str) -> Errors:
    return [invalid(path, value, IS_NEGATIVE_ERROR)] if value < 0 else []


def child_path(path: str, *names: str) -> str:
    if len(names) == 1:
        return f"{path}.{names[0]}" if path else names[0]
    return ".".join([path, *names]) if path else ".".join(names)


def index_path(path: str, i: int) -> str:
    return f"{path}[{i}]"


def key_path(path: str, key: str) -> str:
    return f"{path}[{key}]"


# ---------------------------------------------------------------------------------------------
# Object metadata (apimachinery api/validation/objectmeta.go, meta/v1/validation).


def validate_label_name(name: str, path: str) -> Errors:
    return [invalid(path, name, msg) for msg in is_qualified_name(name)]


@lru_cache(maxsize=8192)
def _valid_label(key: str, value: str) -> bool:
    """A label whose key and value both pass (most do): nothing to report, known per pair."""
    return not is_qualified_name(key) and not is_valid_label_value(value)


def validate_labels(labels: Mapping[str, str] | None, path: str) -> Errors:
    errs: Errors = []
    if not labels:
        return errs
    # The server walks a Go map, in no fixed order; sorted keys keep output stable.
    for k in sorted(labels):
        v = labels[k]
        if _valid_label(k, v):
            continue
        errs.extend(validate_label_name(k, path))
        errs.extend(invalid(path, v, msg) for msg in is_valid_label_value(v))
    return errs


def validate_label_selector_dict(selector: object, path: str, allow_invalid_label_value: bool = False) -> Errors:
    """metav1 ValidateLabelSelector over a selector in API JSON form (a dict, or None)."""
    if not isinstance(selector, dict):
        return []
    match_labels = selector.get("matchLabels")
    errs = validate_labels(
        {k: v for k, v in match_labels.items() if isinstance(v, str)} if isinstance(match_labels, dict) else None,
        child_path(path, "matchLabels"),
    )
    exprs = selector.get("matchExpressions")
    for i, expr in enumerate(exprs if isinstance(exprs, list) else []):
        if not isinstance(expr, dict):
            continue
        p = index_path(child_path(path, "matchExpressions"), i)
        raw_values = expr.get("values")
        values = [v for v in raw_values if isinstance(v, str)] if isinstance(raw_values, list) else []
        raw_op = expr.get("operator")
        op = raw_op if isinstance(raw_op, str) else ""
        if op in ("In", "NotIn"):
            if not values:
                errs.append(required(child_path(p, "values"), "must be specified when `operator` is 'In' or 'NotIn'"))
        elif op in ("Exists", "DoesNotExist"):
            if values:
                errs.append(
                    FieldError(
                        ErrorType.FORBIDDEN,
                        child_path(p, "values"),
                        detail="may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    )
                )
        else:
            errs.append(invalid(child_path(p, "operator"), op, "not a valid selector operator"))
        key = expr.get("key")
        errs.extend(validate_label_name(key if isinstance(key, str) else "", child_path(p, "key")))
        if not allow_invalid_label_value:
            for j, v in enumerate(values):
                errs.extend(invalid(index_path(child_path(p, "values"), j), v, m) for m in is_valid_label_value(v))
    return errs


def validate_annotations(annotations: Mapping[str, str] | None, path: str, version: str) -> Errors:
    errs: Errors = []
    for k in sorted(annotations or {}):
        errs.extend(invalid(path, k, msg) for msg in is_qualified_name(k.lower()))
    total = sum(len(k.encode()) + len(v.encode()) for k, v in (annotations or {}).items())
    if total > TOTAL_ANNOTATION_SIZE_LIMIT:
        errs.append(too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT, version))
    return errs


def validate_finalizers(finalizers: list[str] | None, path: str) -> Errors:
    errs: Errors = []
    for f in finalizers or []:
        errs.extend(invalid(path, f, msg) for msg in is_qualified_name(f))
    if "orphan" in (finalizers or []) and "foregroundDeletion" in (finalizers or []):
        errs.append(
            invalid(
                path,
                GoValue(go_string_slice(finalizers)),
                "finalizer orphan and foregroundDeletion cannot be both set",
            )
        )
    return errs


def validate_object_meta(
    meta: ObjectMeta | None,
    path: str,
    version: str,
    name_fn: Callable[[str, bool], list[str]] = name_is_dns_subdomain,
) -> Errors:
    """ValidateObjectMeta for a namespaced object on create.

    A manifest without a namespace is not an error here: the server takes the namespace from the
    request (kubectl fills in the current one), so it never sees the field empty."""
    meta = meta or ObjectMeta()
    errs: Errors = []
    if meta.generate_name:
        errs.extend(invalid(child_path(path, "generateName"), meta.generate_name, m) for m in name_fn(meta.generate_name, True))
    if not meta.name:
        errs.append(required(child_path(path, "name"), "name or generateName is required"))
    else:
        errs.extend(invalid(child_path(path, "name"), meta.name, m) for m in name_fn(meta.name, False))
    if meta.namespace:
        errs.extend(
            invalid(child_path(path, "namespace"), meta.namespace, m) for m in name_is_dns_label(meta.namespace, False)
        )
    if meta.generation is not None:
        errs.extend(validate_nonnegative(meta.generation, child_path(path, "generation")))
    errs.extend(validate_labels(meta.labels, child_path(path, "labels")))
    errs.extend(validate_annotations(meta.annotations, child_path(path, "annotations"), version))
    errs.extend(validate_finalizers(meta.finalizers, child_path(path, "finalizers")))
    return errs
