"""The API server's strict JSON decoding of a batch/v1 object, as errors rather than a failure.

The server decodes the request body into the Go types of the requested version with
sigs.k8s.io/json in strict mode. Two families of errors come out of it, and joblint reproduces both
with the server's words:

- unknown fields (`unknown field "spec.template.spec.containers[0].imagePullPolicyy"`), with the
  full path including list indexes;
- type errors from encoding/json (`json: cannot unmarshal string into Go struct field
  JobSpec.spec.completions of type int32`), whose path names struct fields only, no indexes, and
  whose struct is the innermost one; and the errors of the types that decode themselves
  (resource.Quantity, intstr.IntOrString, metav1.Time).

The server stops at the first type error; joblint reports each of them, since each is exact and a
user fixes them in one go.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from ..fieldpath import format_path
from .tables import LIST, MAP, PRIMITIVE, STRUCT, Ref, Struct, schema_for

INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


class DecodeError(NamedTuple):
    path: tuple[Any, ...]
    kind: Literal["unknown-field", "type"]
    message: str


def strict_errors(obj: dict[str, Any], kind: str, version: str) -> list[DecodeError]:
    """Every strict-decoding error of `obj` (a Job or CronJob as plain data) in document order."""
    root = schema_for(version).roots.get(kind)
    if root is None:
        return []
    errors: list[DecodeError] = []
    _struct(obj, root, (), (), errors)
    return errors


def _plain_ok(value: Any, kind: Any) -> bool:
    """Whether a value of a primitive kind certainly decodes as it is (False: look closer); most
    of a manifest is plain strings and integers. A bool is not an int here (`type(...) is int`)."""
    cls = type(value)
    if cls is str:
        return kind == "string" or kind == "bytes"
    if cls is int:
        bounds = INT_RANGES.get(kind)
        return bounds is not None and bounds[0] <= value <= bounds[1]
    return cls is bool and kind == "bool"


def _struct(value: dict[str, Any], struct: Struct, path: tuple[Any, ...], names: tuple[str, ...], errors: list[DecodeError]) -> None:
    fields = struct.fields
    for key, child in value.items():
        ref = fields.get(key)
        if ref is None:
            errors.append(DecodeError(path + (key,), "unknown-field", f'unknown field "{format_path(path + (key,))}"'))
            continue
        if child is None:
            continue  # null decodes to the zero value of anything
        tag = ref[0]
        if tag == PRIMITIVE:
            if _plain_ok(child, ref[1]):
                continue
        elif tag == STRUCT and isinstance(child, dict):
            _struct(child, ref[1], path + (key,), names + (key,), errors)  # type: ignore[arg-type]
            continue
        _value(child, ref, path + (key,), names + (key,), struct, errors)


def _value(value: Any, ref: Ref, path: tuple[Any, ...], names: tuple[str, ...], owner: Struct, errors: list[DecodeError]) -> None:
    tag = ref[0]
    if tag == PRIMITIVE:
        if _plain_ok(value, ref[1]):
            return
        message = _primitive(value, ref[1], ref[2])  # type: ignore[arg-type]
        if message is not None:
            errors.append(DecodeError(path, "type", _contextual(message, owner, names)))
        return
    if tag == STRUCT:
        if isinstance(value, dict):
            _struct(value, ref[1], path, names, errors)  # type: ignore[arg-type]
        else:
            errors.append(DecodeError(path, "type", _type_error(value, owner, names, ref[2])))
        return
    if tag == LIST:
        if not isinstance(value, list):
            errors.append(DecodeError(path, "type", _type_error(value, owner, names, ref[2])))
            return
        item: Ref = ref[1]  # type: ignore[assignment]
        item_tag = item[0]
        for index, element in enumerate(value):
            if element is None:
                continue
            if item_tag == STRUCT and isinstance(element, dict):
                _struct(element, item[1], path + (index,), names, errors)  # type: ignore[arg-type]
            elif item_tag != PRIMITIVE or not _plain_ok(element, item[1]):
                _value(element, item, path + (index,), names, owner, errors)
        return
    if tag == MAP:
        if not isinstance(value, dict):
            errors.append(DecodeError(path, "type", _type_error(value, owner, names, ref[2])))
            return
        entry: Ref = ref[1]  # type: ignore[assignment]
        entry_tag = entry[0]
        for key, element in value.items():
            if element is None:
                continue
            if entry_tag == STRUCT and isinstance(element, dict):
                _struct(element, entry[1], path + (key,), names, errors)  # type: ignore[arg-type]
            elif entry_tag != PRIMITIVE or not _plain_ok(element, entry[1]):
                _value(element, entry, path + (key,), names, owner, errors)


def _contextual(problem: "str | tuple[str, str]", owner: Struct, names: tuple[str, ...]) -> str:
    """A bare message stays as it is; (json kind, Go type) becomes encoding/json's UnmarshalTypeError."""
    if isinstance(problem, str):
        return problem
    found, go = problem
    return f"json: cannot unmarshal {found} into Go struct field {owner.name}.{'.'.join(names)} of type {go}"


def _type_error(value: Any, owner: Struct, names: tuple[str, ...], go: str) -> str:
    return _contextual((json_kind(value), go), owner, names)


def json_kind(value: Any, with_number: bool = False) -> str:
    """encoding/json's name for a JSON value in UnmarshalTypeError (`number 1.5` for a bad number)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return f"number {json_number(value)}" if with_number else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def json_number(value: int | float) -> str:
    """The JSON text Go's encoder writes for a number (sigs.k8s.io/yaml goes YAML → Go → JSON)."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    magnitude = abs(value)
    if value.is_integer() and magnitude < 1e21:
        return str(int(value))
    if magnitude < 1e-6 or magnitude >= 1e21:
        mantissa, _, exponent = repr(value).partition("e")
        if not exponent:
            mantissa, _, exponent = f"{value:e}".partition("e")
        sign = "-" if exponent.startswith("-") else "+"
        return f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"
    return format(Decimal(repr(value)), "f")


def _integral(value: Any, kind: str) -> bool:
    low, high = INT_RANGES[kind]
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return low <= value <= high
    if isinstance(value, float):
        return value.is_integer() and low <= value <= high
    return False


def _primitive(value: Any, kind: str, go: str) -> str | tuple[str, str] | None:
    """None when `value` decodes into the Go type; else (JSON kind, Go type), or a complete message
    for the types that decode themselves."""
    if kind == "string" or kind == "bytes":
        return None if isinstance(value, str) else (json_kind(value), go)
    if kind in INT_RANGES:
        if _integral(value, kind):
            return None
        bad_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return (json_kind(value, with_number=bad_number), go)
    if kind == "bool":
        return None if isinstance(value, bool) else (json_kind(value), go)
    if kind == "float64":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else (json_kind(value), go)
    if kind == "quantity":
        return _quantity(value)
    if kind == "intstr":
        if isinstance(value, str) or _integral(value, "int32"):
            return None
        bad_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return f"json: cannot unmarshal {json_kind(value, with_number=bad_number)} into Go value of type int32"
    if kind == "time":
        if not isinstance(value, str):
            return f"json: cannot unmarshal {json_kind(value)} into Go value of type string"
        problem = rfc3339_error(value)
        return problem or None
    return None  # free-form


# --- resource.Quantity -------------------------------------------------------------------------

QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
QUANTITY_SUFFIX = "unable to parse quantity's suffix"
QUANTITY_NUMERIC = "unable to parse numeric part of quantity"


def _quantity(value: Any) -> str | None:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float)):
        text = json_number(value)
    elif isinstance(value, str):
        text = value
    else:
        text = "[" if isinstance(value, list) else "{"
    problem = quantity_error(text.strip())
    return problem or None


def quantity_error(text: str) -> str | None:
    """resource.ParseQuantity's error for `text`, or None when it parses.

    The one quantity parser is joblint.pod.quantity (imported here lazily: the pod package
    imports the validation modules, which must not be loaded to decode)."""
    from ..pod.quantity import quantity_error as parse_error

    return parse_error(text)


# --- metav1.Time -------------------------------------------------------------------------------

RFC3339 = "2006-01-02T15:04:05Z07:00"
_LAYOUT: list[tuple[str, str]] = [
    ("2006", r"[0-9]{4}"), ("-", "-"), ("01", r"[0-9]{2}"), ("-", "-"), ("02", r"[0-9]{2}"),
    ("T", "T"), ("15", r"[0-9]{2}"), (":", ":"), ("04", r"[0-9]{2}"), (":", ":"), ("05", r"[0-9]{2}(?:[.,][0-9]+)?"),
    ("Z07:00", r"(?:Z|[+-][0-9]{2}:[0-9]{2})"),
]
_LAYOUT_RE = [(elem, re.compile(pattern)) for elem, pattern in _LAYOUT]
_RANGES = {"01": ("month", 1, 12), "02": ("day", 1, 31), "15": ("hour", 0, 23), "04": ("minute", 0, 59), "05": ("second", 0, 59)}


def rfc3339_error(text: str) -> str | None:
    """time.Parse(time.RFC3339, text)'s error, or None when it parses."""
    pos = 0
    for index, (elem, pattern) in enumerate(_LAYOUT_RE):
        found = pattern.match(text, pos)
        if found is None:
            layout_rest = "".join(e for e, _ in _LAYOUT[index:])
            shown = elem if elem in ("-", "T", ":") else elem
            if elem in ("-", "T", ":"):
                return f'parsing time "{text}" as "{RFC3339}": cannot parse "{text[pos:]}" as "{layout_rest}"'
            return f'parsing time "{text}" as "{RFC3339}": cannot parse "{text[pos:]}" as "{shown}"'
        if elem in _RANGES:
            name, low, high = _RANGES[elem]
            number = int(found.group(0)[:2])
            if not low <= number <= high:
                return f'parsing time "{text}": {name} out of range'
        pos = found.end()
    if pos != len(text):
        return f'parsing time "{text}" as "{RFC3339}": extra text: "{text[pos:]}"'
    return None
