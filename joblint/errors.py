"""FieldError: what the API server says about one field, printed the way it prints it.

Mirrors k8s.io/apimachinery/pkg/util/validation/field/errors.go so that messages match the
server byte for byte (`spec.completions: Required value: ...`).
"""

from __future__ import annotations

import enum
import dataclasses
from dataclasses import dataclass
from typing import Any


class ErrorType(str, enum.Enum):
    NOT_FOUND = "Not found"
    REQUIRED = "Required value"
    DUPLICATE = "Duplicate value"
    INVALID = "Invalid value"
    NOT_SUPPORTED = "Unsupported value"
    FORBIDDEN = "Forbidden"
    TOO_LONG = "Too long"
    TOO_MANY = "Too many"
    INTERNAL = "Internal error"
    TYPE_INVALID = "Invalid value"  # bad type: printed like Invalid value by the server


# Types whose printed body never includes the value.
_VALUELESS = {ErrorType.REQUIRED, ErrorType.FORBIDDEN, ErrorType.TOO_LONG, ErrorType.INTERNAL}

_OMIT = object()


def go_quote(s: str) -> str:
    """Go's %q for a string: double quotes, Go escapes, printable Unicode kept as is."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\a":
            out.append("\\a")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\v":
            out.append("\\v")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        elif o <= 0xFFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    out.append('"')
    return "".join(out)


def go_value(value: Any) -> str:
    """How errors.go prints a bad value: simple types plainly, strings quoted, null as null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return str(value)
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(go_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = " ".join(f"{k}:{go_value(v)}" for k, v in value.items())
        return "map[" + inner + "]"
    return str(value)


@dataclass(frozen=True)
class FieldError:
    """One validation error: the field path, the error type, the offending value and detail."""

    type: ErrorType
    field: str
    bad_value: Any = _OMIT
    detail: str = ""
    # Whether the value is part of the printed body (the server omits it for some errors).
    show_value: bool = True
    # Extra context kept for locating and rules; not part of the printed text.
    meta: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    def body(self) -> str:
        if self.type in _VALUELESS or not self.show_value or self.bad_value is _OMIT:
            s = self.type.value
        else:
            s = f"{self.type.value}: {go_value(self.bad_value)}"
        if self.detail:
            s += f": {self.detail}"
        return s

    def __str__(self) -> str:
        return f"{self.field}: {self.body()}" if self.field else self.body()


# Constructors named after the field package's helpers, so validation code reads like the original.
def required(path: str, detail: str = "") -> FieldError:
    return FieldError(ErrorType.REQUIRED, path, detail=detail)


def invalid(path: str, value: Any, detail: str = "") -> FieldError:
    return FieldError(ErrorType.INVALID, path, value, detail)


def not_supported(path: str, value: Any, supported: list[str]) -> FieldError:
    detail = ""
    if supported:
        detail = "supported values: " + ", ".join(go_quote(s) for s in supported)
    return FieldError(ErrorType.NOT_SUPPORTED, path, value, detail)


def forbidden(path: str, detail: str) -> FieldError:
    return FieldError(ErrorType.FORBIDDEN, path, detail=detail)


def duplicate(path: str, value: Any) -> FieldError:
    return FieldError(ErrorType.DUPLICATE, path, value)


def too_long(path: str, value: Any, max_length: int) -> FieldError:
    detail = f"may not be more than {max_length} bytes" if max_length >= 0 else "value is too long"
    return FieldError(ErrorType.TOO_LONG, path, value, detail)


def too_many(path: str, actual: int, max_items: int) -> FieldError:
    detail = f"must have at most {max_items} items" if max_items >= 0 else "has too many items"
    return FieldError(ErrorType.TOO_MANY, path, actual, detail)


def not_found(path: str, value: Any) -> FieldError:
    return FieldError(ErrorType.NOT_FOUND, path, value)
