"""Kubernetes' YAML dialect: YAML text to the JSON-like data the API server would receive.

kubectl converts YAML to JSON with sigs.k8s.io/yaml, which resolves plain scalars the YAML 1.1 way
(go-yaml v2): `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0755` is an octal number, `1e3` is a
float, `1_000` is an integer, timestamps stay strings, merge keys (`<<`) are applied and non-string
keys become strings. joblint resolves scalars the same way, so a manifest means here exactly what
it means to the server.

The C parser (libyaml via ruamel.yaml.clib) composes the node graph; this module turns nodes into
data while enforcing limits, so hostile input (alias bombs, recursive aliases, absurd nesting or
size) is refused with a clear message instead of a hang, a crash or a RecursionError.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Iterator

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

try:  # the C parser: an order of magnitude faster than the pure Python one
    from ruamel.yaml import CParser as _Parser

    HAVE_C_PARSER = True
except ImportError:  # pragma: no cover - the wheel ships it on every supported platform
    HAVE_C_PARSER = False


PLAIN = "?"
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile input from exhausting time, memory or the stack."""

    max_depth: int = 256
    max_nodes: int = 200_000  # per document, after alias expansion
    max_bytes: int = 16 * 1024 * 1024


DEFAULT_LIMITS = Limits()


def too_deep_message(limits: Limits) -> str:
    """JL903's words, the same whichever depth check refuses the document."""
    return f"document is nested deeper than {limits.max_depth} levels; refused"


def tag_of(node: Node) -> str | None:
    """node.tag without its cost: ruamel.yaml builds and URI-decodes a Tag on every access, which
    was a tenth of the time of a lint run; a plain suffix needs none of that."""
    ctag = node.ctag
    if ctag is None:
        return None
    suffix = ctag.suffix
    if ctag.handle is None and isinstance(suffix, str) and "%" not in suffix:
        return suffix
    return node.tag


class YamlError(Exception):
    """A document that cannot be turned into data; carries a 1-based position and a JL9xx code."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


class _Resolving:
    """A resolver that only marks plain scalars; resolution happens below."""

    def descend_resolver(self, *args: Any) -> None:
        pass

    def ascend_resolver(self, *args: Any) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return PLAIN if implicit[0] else STR_TAG
        return MAP_TAG if kind is MappingNode else SEQ_TAG


if HAVE_C_PARSER:

    class _Composer(_Resolving, _Parser):  # type: ignore[misc, valid-type]
        pass


class _PureResolver(_Resolving, VersionedResolver):
    """The same marking for ruamel.yaml's Python composer, which wants Tag objects."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        return Tag(suffix=_Resolving.resolve(self, kind, value, implicit))


def _compose_pure(text: str) -> list[Node | None]:
    """ruamel.yaml's Python parser: slower, but it reads `{image: busybox:1.36}` as kubectl does."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.Resolver = _PureResolver
    nodes: list[Node | None] = list(yaml.compose_all(text))
    return nodes


def compose_all(text: str) -> list[Node | None]:
    """Parse a YAML stream into one node graph per document (None for an empty document).

    The bundled libyaml refuses a colon inside a plain scalar in a flow collection
    (`{image: busybox:1.36}`), which go-yaml, and so kubectl, accepts; such a stream is read again
    with the Python parser.
    """
    if not HAVE_C_PARSER:  # pragma: no cover
        return _compose_pure(text)
    try:
        return _compose_c(text)
    except MarkedYAMLError as exc:
        if not needs_python_parser(exc):
            raise
    return _compose_pure(text)


def needs_python_parser(exc: Exception) -> bool:
    """libyaml's refusal of `{image: busybox:1.36}`, which the Python parser (and kubectl) read."""
    return isinstance(exc, MarkedYAMLError) and "found unexpected ':'" in str(getattr(exc, "problem", ""))


def _compose_c(text: str) -> list[Node | None]:
    parser = _Composer(text)
    nodes: list[Node | None] = []
    try:
        while parser.check_node():
            nodes.append(parser.get_node())
        # check_node() stops at the end of the stream; an empty explicit document yields no node
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return nodes


def nesting_bound(text: str) -> int:
    """A cheap upper bound on how deep the documents in `text` can nest.

    Block nesting needs at least a column per level; flow nesting needs a bracket per level.
    When the bound is small the C composer (which recurses on the C stack) is safe to use.
    """
    longest = max((len(line) for line in text.split("\n")), default=0)
    return longest + text.count("[") + text.count("{")


def event_depth(text: str, limit: int | None = None, pure: bool = False) -> tuple[int, int, int]:
    """The true nesting depth from the parser's event stream (iterative, no recursion).

    With `limit`, stop at the first collection nested deeper than `limit` and return its depth
    and position: libyaml's scanner does work proportional to the flow depth for every token,
    so reading all of `[[[[...` (100,000 levels) would take minutes. `pure` reads the events
    of the Python parser, for text only it can read.
    """
    from ruamel.yaml.events import (
        CollectionEndEvent,
        CollectionStartEvent,
    )

    depth = deepest = 0
    line = col = 1
    for event in _events(text, pure):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > deepest:
                deepest = depth
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                if limit is not None and depth > limit:
                    break
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return deepest, line, col


def _events(text: str, pure: bool) -> Iterator[Any]:
    if pure or not HAVE_C_PARSER:
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    parser = _Composer(text)
    while parser.check_event():
        yield parser.get_event()


# --- scalar resolution (go-yaml v2 rules) ---------------------------------------------------

_MAP: dict[str, Any] = {}
for _word in ("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"):
    _MAP[_word] = True
for _word in ("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"):
    _MAP[_word] = False
for _word in ("", "~", "null", "Null", "NULL"):
    _MAP[_word] = None
for _word in (".nan", ".NaN", ".NAN"):
    _MAP[_word] = math.nan
for _word in (".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"):
    _MAP[_word] = math.inf
for _word in ("-.inf", "-.Inf", "-.INF"):
    _MAP[_word] = -math.inf

_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_TIMESTAMP = re.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?$"
)
_INT64_MIN, _UINT64_MAX = -(2**63), 2**64 - 1
_DIGITS = frozenset("0123456789")


def _go_parse_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64), falling back to ParseUint: base prefixes, Go octal `0755`."""
    s = text
    sign = 1
    if s[:1] in "+-":
        if s[0] == "-":
            sign = -1
        s = s[1:]
    if not s:
        return None
    low = s.lower()
    try:
        if low.startswith("0x"):
            value = int(s[2:], 16) if s[2:] and all(c in "0123456789abcdefABCDEF" for c in s[2:]) else None
        elif low.startswith("0b"):
            value = int(s[2:], 2) if s[2:] and set(s[2:]) <= {"0", "1"} else None
        elif low.startswith("0o"):
            value = int(s[2:], 8) if s[2:] and set(s[2:]) <= set("01234567") else None
        elif len(s) > 1 and s[0] == "0":
            value = int(s[1:], 8) if set(s[1:]) <= set("01234567") else None
        else:
            value = int(s) if set(s) <= _DIGITS else None
    except ValueError:
        return None
    if value is None:
        return None
    value *= sign
    if value < _INT64_MIN or value > _UINT64_MAX or (sign < 0 and value < _INT64_MIN):
        return None
    return value


def resolve_plain(value: str) -> Any:
    """The value a plain (unquoted, untagged) scalar has for the API server."""
    if not value:
        return None
    first = value[0]
    if first in "yYnNtTfFoO~.+-" or first in _DIGITS:
        hit = _MAP.get(value, _MAP)
        if hit is not _MAP:
            return hit
        if first == ".":
            if _FLOAT.match(value):
                return float(value)
            return value
        if first in _DIGITS or first in "+-":
            if first in _DIGITS and _TIMESTAMP.match(value):
                return value  # a timestamp stays a string when decoded into JSON
            plain = value.replace("_", "")
            number = _go_parse_int(plain)
            if number is not None:
                return number
            if _FLOAT.match(plain):
                return float(plain)
            if plain.startswith("-0b"):
                bits = plain[3:]
                if bits and set(bits) <= {"0", "1"}:
                    return -int(bits, 2)
    return value


def go_float_key(number: float) -> str:
    """How a float map key becomes a JSON key (FormatFloat 'g' with 32-bit precision)."""
    if math.isnan(number):
        return ".nan"
    if math.isinf(number):
        return ".inf" if number > 0 else "-.inf"
    text = f"{number:.7g}"
    # Find the shortest representation that round-trips at float32 precision.
    for digits in range(1, 10):
        candidate = f"{number:.{digits}g}"
        if float(candidate) == number or abs(float(candidate) - number) <= abs(number) * 6e-8:
            text = candidate
            break
    if "e" in text:
        mantissa, exp = text.split("e")
        sign = exp[0]
        exp_digits = exp[1:].lstrip("0").rjust(2, "0")
        text = f"{mantissa}e{sign}{exp_digits}"
    return text


# --- node graph to data -------------------------------------------------------------------------


def _mark(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


class Converter:
    """Turns one document's node graph into data, counting expanded nodes and depth."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.count = 0
        self.active: set[int] = set()
        # (path, key line, key column) of each duplicate key seen, last value wins as in JSON.
        self.duplicates: list[tuple[tuple[Any, ...], int, int]] = []
        self.warnings: list[YamlError] = []

    def convert(self, node: Node, has_aliases: bool = True) -> Any:
        if has_aliases:
            self._check_expansion(node)
        return self._convert(node, 0, ())

    def _check_expansion(self, root: Node) -> None:
        """Refuse alias bombs before expanding them: sizes are summed once per distinct node."""
        sizes: dict[int, int] = {}
        active: set[int] = set()
        stack: list[tuple[Node, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            ident = id(node)
            if isinstance(node, ScalarNode):
                sizes[ident] = 1
                continue
            if done:
                active.discard(ident)
                children = node.value if isinstance(node, SequenceNode) else [n for pair in node.value for n in pair]
                total = 1 + sum(sizes[id(c)] for c in children)
                sizes[ident] = total
                if total > self.limits.max_nodes:
                    line, col = _mark(node)
                    raise YamlError(
                        "JL902",
                        f"document expands to {total if total < 10**15 else 'more than 10^15'} nodes, over the limit of "
                        f"{self.limits.max_nodes} (an alias bomb or an absurdly large document); refused",
                        line,
                        col,
                    )
                continue
            if ident in sizes:
                continue
            if ident in active:
                line, col = _mark(node)
                raise YamlError("JL904", "recursive alias: a node contains itself; refused", line, col)
            active.add(ident)
            stack.append((node, True))
            children = node.value if isinstance(node, SequenceNode) else [n for pair in node.value for n in pair]
            for c in children:
                if id(c) not in sizes:
                    stack.append((c, False))

    def _convert(self, node: Node, depth: int, path: tuple[Any, ...]) -> Any:
        self.count += 1
        if self.count > self.limits.max_nodes:
            line, col = _mark(node)
            raise YamlError(
                "JL902",
                f"document expands to more than {self.limits.max_nodes} nodes "
                "(an alias bomb or an absurdly large document); refused",
                line,
                col,
            )
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if depth >= self.limits.max_depth:  # this collection is level depth + 1, as event_depth counts
            line, col = _mark(node)
            raise YamlError("JL903", too_deep_message(self.limits), line, col)
        ident = id(node)
        if ident in self.active:
            line, col = _mark(node)
            raise YamlError("JL904", "recursive alias: a node contains itself; refused", line, col)
        self.active.add(ident)
        try:
            if isinstance(node, SequenceNode):
                self._check_collection_tag(node, SEQ_TAG)
                return [self._convert(item, depth + 1, path + (i,)) for i, item in enumerate(node.value)]
            self._check_collection_tag(node, MAP_TAG)
            assert isinstance(node, MappingNode)
            return self._mapping(node, depth, path)
        finally:
            self.active.discard(ident)

    def _check_collection_tag(self, node: Node, expected: str) -> None:
        tag_text = tag_of(node)
        if tag_text != expected and tag_text not in (MAP_TAG, SEQ_TAG):
            line, col = _mark(node)
            raise YamlError("JL905", f"unsupported YAML tag {node.tag!r}", line, col)

    def _mapping(self, node: MappingNode, depth: int, path: tuple[Any, ...]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<" and tag_of(key_node) == PLAIN:
                self._merge(value_node, depth, path, merged)
                continue
            key = self._key(key_node)
            if key in result:
                line, col = _mark(key_node)
                self.duplicates.append((path + (key,), line, col))
                del result[key]  # keep JSON's "last one wins" and the last position's order
            result[key] = self._convert(value_node, depth + 1, path + (key,))
        if merged:
            for key, value in merged.items():
                result.setdefault(key, value)
        return result

    def _merge(self, value_node: Node, depth: int, path: tuple[Any, ...], into: dict[str, Any]) -> None:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, MappingNode):
                line, col = _mark(source)
                raise YamlError("JL905", "map merge requires map or sequence of maps as the value", line, col)
            data = self._convert(source, depth + 1, path)
            for key, value in data.items():
                into.setdefault(key, value)

    def _key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            line, col = _mark(node)
            raise YamlError("JL905", "unsupported map key: a key must be a scalar", line, col)
        value = self._scalar(node)
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return go_float_key(value)
        line, col = _mark(node)
        raise YamlError("JL905", f"unsupported map key: {node.value!r}", line, col)

    def _scalar(self, node: ScalarNode) -> Any:
        tag = tag_of(node)
        if tag == PLAIN:
            value = resolve_plain(node.value)
        elif tag == STR_TAG:
            return node.value
        else:
            value = self._tagged(node)
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            line, col = _mark(node)
            self.warnings.append(
                YamlError(
                    "JL906",
                    f"json: unsupported value: {'NaN' if math.isnan(value) else ('+Inf' if value > 0 else '-Inf')}"
                    " (infinity and NaN cannot be sent to the API server)",
                    line,
                    col,
                )
            )
        return value

    def _tagged(self, node: ScalarNode) -> Any:
        tag = tag_of(node) or ""
        text = node.value
        line, col = _mark(node)
        if tag.startswith("!!"):
            tag = _TAG + tag[2:]
        if tag in (_TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "null"):
            value = resolve_plain(text)
            kind = tag[len(_TAG) :]
            ok = (
                (kind == "int" and isinstance(value, int) and not isinstance(value, bool))
                or (kind == "float" and isinstance(value, (int, float)) and not isinstance(value, bool))
                or (kind == "bool" and isinstance(value, bool))
                or (kind == "null" and value is None)
            )
            if not ok:
                raise YamlError("JL905", f"cannot decode {text!r} as a !!{kind}", line, col)
            return float(value) if kind == "float" else value
        if tag == _TAG + "timestamp":
            return text
        if tag == _TAG + "binary":
            return "".join(text.split())  # base64 text, as the API server would see a []byte
        raise YamlError("JL905", f"unsupported YAML tag {node.tag!r}", line, col)
