"""Kubernetes' YAML dialect: YAML text to the JSON-like data the API server would receive.

kubectl converts YAML to JSON with sigs.k8s.io/yaml, which resolves plain scalars the YAML 1.1 way
(go-yaml v2): `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0755` is an octal number, `1e3` is a
float, `1_000` is an integer, timestamps stay strings, merge keys (`<<`) are applied and non-string
keys become strings. joblint resolves scalars the same way, so a manifest means here exactly what
it means to the server.

libyaml composes the node graph, through PyYAML's binding (yaml._yaml.CParser), which builds it
in about half the time ruamel.yaml's takes; this module turns nodes into data while enforcing limits,
so hostile input (alias bombs, recursive aliases, absurd nesting or size) is refused with a clear
message instead of a hang, a crash or a RecursionError.

joblint first read YAML with the libyaml 0.1.7 that ruamel.yaml.clib bundles. Newer libyaml reads
some plain scalars and tags in flow collections otherwise (`[a:b]`, `[a?b]`, `[!x,y]`, `[?]`) and
words some errors otherwise, so a stream that holds such a scalar, or that libyaml refuses, is read
again as before: by ruamel.yaml, whose Python parser reads `{image: busybox:1.36}` as kubectl does.
Either way the callers get PyYAML's node and error classes.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from typing import Any, Iterable, Iterator, NamedTuple

from yaml.error import Mark, MarkedYAMLError, YAMLError
from yaml.events import CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml's composer: several times faster than any Python one
    from yaml._yaml import CParser as _LibyamlParser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML's wheels ship it on every supported platform
    HAVE_LIBYAML = False


PLAIN = "?"
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_TAG = "tag:yaml.org,2002:"


class Limits(NamedTuple):
    """Bounds that keep hostile input from exhausting time, memory or the stack."""

    max_depth: int = 256
    max_nodes: int = 200_000  # per document, after alias expansion
    max_bytes: int = 16 * 1024 * 1024


DEFAULT_LIMITS = Limits()


def too_deep_message(limits: Limits) -> str:
    """JL903's words, the same whichever depth check refuses the document."""
    return f"document is nested deeper than {limits.max_depth} levels; refused"


class YamlError(Exception):
    """A document that cannot be turned into data; carries a 1-based position and a JL9xx code."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def _marked(self: Any, kind: Any, value: Any, implicit: Any) -> str:
    """resolve() of the composers: plain scalars are only marked; the Converter resolves them."""
    if kind is ScalarNode:
        return PLAIN if implicit[0] else STR_TAG
    return MAP_TAG if kind is MappingNode else SEQ_TAG


if HAVE_LIBYAML:

    class _Composer(_LibyamlParser):  # type: ignore[misc, valid-type]
        """libyaml's composer with a resolver that only marks plain scalars; it notes the flow
        collections that hold nodes, the only place where libyaml 0.1.7 may read the text otherwise."""

        def __init__(self, text: str) -> None:
            super().__init__(text)
            self.flows: list[Node] = []
            self._flow: Node | None = None

        def descend_resolver(self, parent: Node | None, index: Any) -> None:
            if parent is not self._flow and parent is not None and parent.flow_style:
                self._flow = parent
                self.flows.append(parent)

        def ascend_resolver(self) -> None:
            pass

        resolve = _marked


def _read_otherwise(value: str) -> bool:
    """Whether libyaml 0.1.7 may read this plain scalar of a flow collection otherwise: it ends a
    plain scalar at `?` and refuses `a:b`, `[!x,y]` and `[?]`, where newer libyaml reads `a:b`,
    `a?b` or an empty scalar."""
    return not value or ":" in value or "?" in value


def _children(node: Node) -> list[Node]:
    """A collection node's child nodes: a sequence's items, a mapping's keys and values in order."""
    return node.value if isinstance(node, SequenceNode) else [n for pair in node.value for n in pair]


def _flows_read_otherwise(flows: Iterable[Node]) -> bool:
    for node in flows:
        for child in _children(node):
            if isinstance(child, ScalarNode) and not child.style and _read_otherwise(child.value):
                return True
    return False


def compose_all(text: str) -> list[Node | None]:
    """Parse a YAML stream into one node graph per document (None for an empty document).

    A stream that libyaml refuses, or whose flow collections libyaml 0.1.7 may read otherwise, is
    read again as before (see the module's docstring), with the same result and the same errors.
    """
    if HAVE_LIBYAML:
        parser = _Composer(text)
        nodes: list[Node | None] = []
        try:
            while parser.check_node():
                nodes.append(parser.get_node())
            # check_node() stops at the end of the stream; an empty explicit document yields no node
        except (YAMLError, ValueError):  # ValueError: text Python cannot encode as UTF-8
            pass
        else:
            if not _flows_read_otherwise(parser.flows):
                return nodes
    return _ruamel_compose(text)


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
    of ruamel.yaml's Python parser, as after its composer recursed too deep.
    """
    if HAVE_LIBYAML and not pure:
        try:
            return _depth(_libyaml_events(text), CollectionStartEvent, CollectionEndEvent, limit)
        except (YAMLError, ValueError, _ReadOtherwise):
            pass
    return _ruamel_depth(text, limit, pure)


class _ReadOtherwise(Exception):
    """A scalar libyaml 0.1.7 may read otherwise: the stream is read again as before."""


def _libyaml_events(text: str) -> Iterator[Any]:
    parser = _LibyamlParser(text)
    flow: list[bool] = []  # per open collection: whether it is a flow collection
    while parser.check_event():
        event = parser.get_event()
        if isinstance(event, ScalarEvent):
            if flow and flow[-1] and not event.style and _read_otherwise(event.value):
                raise _ReadOtherwise
        elif isinstance(event, CollectionStartEvent):
            flow.append(bool(event.flow_style))
        elif isinstance(event, CollectionEndEvent):
            flow.pop()
        yield event


def _depth(events: Iterable[Any], start: type[Any], end: type[Any], limit: int | None) -> tuple[int, int, int]:
    depth = deepest = 0
    line = col = 1
    for event in events:
        if isinstance(event, start):
            depth += 1
            if depth > deepest:
                deepest = depth
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                if limit is not None and depth > limit:
                    break
        elif isinstance(event, end):
            depth -= 1
    return deepest, line, col


# --- the stream read as before: ruamel.yaml, imported only when needed --------------------------


class RuamelSyntaxError(MarkedYAMLError):
    """ruamel.yaml's syntax error in PyYAML's class: one error family reaches the callers, worded
    and placed as before."""

    def __init__(self, exc: Exception) -> None:
        super().__init__(
            getattr(exc, "context", None),
            _pyyaml_mark(getattr(exc, "context_mark", None)),
            getattr(exc, "problem", None),
            _pyyaml_mark(getattr(exc, "problem_mark", None)),
        )
        self.text = str(exc)

    def __str__(self) -> str:
        return self.text


def _pyyaml_mark(mark: Any) -> Mark | None:
    if mark is None:
        return None
    return Mark(getattr(mark, "name", None), mark.index, mark.line, mark.column, None, None)


def _needs_python_parser(exc: Exception) -> bool:
    """libyaml 0.1.7's refusal of `{image: busybox:1.36}`, which the Python parser (and kubectl) read."""
    return "found unexpected ':'" in str(getattr(exc, "problem", ""))


@functools.cache
def _ruamel_composer() -> Any:
    """ruamel.yaml's libyaml 0.1.7 composer, marking as _Composer does; None without its C extension."""
    try:
        from ruamel.yaml import CParser
    except ImportError:  # pragma: no cover - the wheel ships it on every supported platform
        return None

    class RuamelComposer(CParser):  # type: ignore[misc, valid-type]
        def descend_resolver(self, *args: Any) -> None:
            pass

        def ascend_resolver(self, *args: Any) -> None:
            pass

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return _marked(self, _pyyaml_kind(kind), value, implicit)

    return RuamelComposer


@functools.cache
def _ruamel_pure_resolver() -> Any:
    """The same marking for ruamel.yaml's Python composer, which wants Tag objects."""
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    class PureResolver(VersionedResolver):  # type: ignore[misc]
        def descend_resolver(self, *args: Any) -> None:
            pass

        def ascend_resolver(self, *args: Any) -> None:
            pass

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            return Tag(suffix=_marked(self, _pyyaml_kind(kind), value, implicit))

    return PureResolver


def _pyyaml_kind(kind: type) -> type:
    """PyYAML's node class for one of ruamel.yaml's."""
    from ruamel.yaml.nodes import MappingNode as RuamelMapping, ScalarNode as RuamelScalar

    return ScalarNode if kind is RuamelScalar else MappingNode if kind is RuamelMapping else SequenceNode


@contextlib.contextmanager
def _ruamel_pure_yaml() -> Iterator[Any]:
    """ruamel.yaml's Python parser, a new one for each use (it keeps state between documents, as
    the anchors seen). Its parts refer to one another and to themselves (the parser's next state
    is one of its own methods), which only the cycle collector could free, and `joblint lint` runs
    without it: once done, the parser is taken apart."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.Resolver = _ruamel_pure_resolver()
    try:
        yield yaml
    finally:
        for part in list(vars(yaml).values()):
            if type(part).__module__.startswith("ruamel.yaml") and hasattr(part, "__dict__"):
                vars(part).clear()
        vars(yaml).clear()


def _ruamel_compose(text: str) -> list[Node | None]:
    """ruamel.yaml's libyaml 0.1.7, or its Python parser for what that libyaml refuses as
    `{image: busybox:1.36}`; nodes and errors in PyYAML's classes."""
    from ruamel.yaml.error import YAMLError as RuamelYAMLError

    composer = _ruamel_composer()
    try:
        if composer is not None:
            try:
                parser = composer(text)
                found = []
                while parser.check_node():
                    found.append(parser.get_node())
                return _from_ruamel(found)
            except RuamelYAMLError as exc:
                if not _needs_python_parser(exc):
                    raise
        with _ruamel_pure_yaml() as yaml:
            return _from_ruamel(list(yaml.compose_all(text)))
    except RuamelYAMLError as exc:
        raise RuamelSyntaxError(exc) from exc


def _ruamel_depth(text: str, limit: int | None, pure: bool) -> tuple[int, int, int]:
    """event_depth over ruamel.yaml's events, the C parser's or, for what it refuses, the Python one's."""
    from ruamel.yaml.error import YAMLError as RuamelYAMLError
    from ruamel.yaml.events import CollectionEndEvent as End, CollectionStartEvent as Start

    composer = None if pure else _ruamel_composer()
    try:
        if composer is not None:
            try:
                return _depth(_ruamel_events(composer(text)), Start, End, limit)
            except RuamelYAMLError as exc:
                if not _needs_python_parser(exc):
                    raise
        with _ruamel_pure_yaml() as yaml:
            events = yaml.parse(text)
            try:
                return _depth(events, Start, End, limit)
            finally:
                events.close()  # a generator left at the limit: ruamel.yaml's clean-up runs now
    except RuamelYAMLError as exc:
        raise RuamelSyntaxError(exc) from exc


def _ruamel_events(parser: Any) -> Iterator[Any]:
    while parser.check_event():
        yield parser.get_event()


def _ruamel_tag(node: Any) -> str | None:
    """The tag as the scanner decoded it (ruamel.yaml's node.tag decodes %-escapes once more)."""
    ctag = node.ctag
    if ctag is None:
        return None
    if ctag.handle is None:
        return str(ctag.suffix)
    return str(ctag.handles[ctag.handle]) + str(ctag.suffix)


def _from_ruamel(roots: list[Any]) -> list[Node | None]:
    """ruamel.yaml's node graphs as PyYAML's, shared and recursive nodes kept so (iterative)."""
    from ruamel.yaml.nodes import ScalarNode as RuamelScalar, SequenceNode as RuamelSequence

    made: dict[int, Node] = {}
    todo: list[tuple[Any, Node]] = []

    def convert(node: Any) -> Node:
        found = made.get(id(node))
        if found is None:
            start, end = _pyyaml_mark(node.start_mark), _pyyaml_mark(node.end_mark)
            if isinstance(node, RuamelScalar):
                found = ScalarNode(_ruamel_tag(node), node.value, start, end, node.style)
            else:
                kind = SequenceNode if isinstance(node, RuamelSequence) else MappingNode
                found = kind(_ruamel_tag(node), [], start, end, node.flow_style)
                todo.append((node, found))
            made[id(node)] = found
        return found

    converted = [None if root is None else convert(root) for root in roots]
    while todo:
        source, target = todo.pop()
        if isinstance(target, SequenceNode):
            target.value.extend(convert(item) for item in source.value)
        else:
            target.value.extend((convert(key), convert(value)) for key, value in source.value)
    return converted


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


def empty_graph(root: Node) -> None:
    """Empties every collection of a refused document's node graph. A recursive alias makes the
    graph contain itself, which only the cycle collector could free, and `joblint lint` runs
    without it (see cli._relax_gc)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode) or id(node) in seen:
            continue
        seen.add(id(node))
        children = _children(node)
        node.value = []
        stack.extend(children)


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
                total = 1 + sum(sizes[id(c)] for c in _children(node))
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
            for c in _children(node):
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
        tag_text = node.tag
        if tag_text != expected and tag_text not in (MAP_TAG, SEQ_TAG):
            line, col = _mark(node)
            raise YamlError("JL905", f"unsupported YAML tag {node.tag!r}", line, col)

    def _mapping(self, node: MappingNode, depth: int, path: tuple[Any, ...]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<" and key_node.tag == PLAIN:
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
        tag = node.tag
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
        tag = node.tag or ""
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
