"""Autofix: apply the edits findings carry to the source text, touching nothing else.

A fix (`Fix.edit`) is a list of operations on paths of the document as written (for an item of a
List, paths inside the item):

    {"ops": [{"op": "set", "path": [...], "value": ...},      # creates missing mappings
             {"op": "delete", "path": [...]},
             {"op": "move", "path": [...], "to": [...]}]}

Each operation is turned into a minimal text edit: the document is composed in ruamel.yaml's
round-trip mode for the exact character span of every node (anchors and styles included), and
only the span of the changed entry is rewritten. Comments, key order, quoting, indentation,
anchors, line endings and every other document stay byte for byte as they were. After each fix the
whole stream is decoded again (Kubernetes' YAML dialect) and compared with the original data with
the operations applied: a fix whose text edit would mean anything else is refused, never written.

Fixes for findings of API errors (which come from the pipeline, not from a rule's check) are made
by producers registered per rule code (`fix_producer`); the engine asks `fix_for_issue`.

Files are written atomically (a temporary file in the same directory, then os.replace), keep their
permissions, encoding and byte order mark, are not touched when nothing changed, and are refused
when they changed on disk since joblint read them. A file with several hard links is written in
place instead, so that all its names see the fix.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from .findings import Finding, Fix

if TYPE_CHECKING:
    from .analysis import Analysis, Issue

NEW_BLOCK_KEYS_BEFORE = ("template", "jobTemplate")  # new keys go before these large blocks


class FixError(Exception):
    """A fix that cannot be applied to the text as it is; the file is left as it was."""


# --- fixes for pipeline findings, by rule code ---------------------------------------------------

FixProducer = Callable[["Analysis", "Issue"], "Fix | None"]
_PRODUCERS: dict[str, list[FixProducer]] = {}


def fix_producer(code: str) -> Callable[[FixProducer], FixProducer]:
    """Register a function that may offer a Fix for the findings of `code` made from API errors."""

    def register(fn: FixProducer) -> FixProducer:
        _PRODUCERS.setdefault(code, []).append(fn)
        return fn

    return register


def fix_for_issue(code: str, analysis: "Analysis", issue: "Issue") -> Fix | None:
    """The first fix a registered producer offers for this issue, if any."""
    for producer in _PRODUCERS.get(code, ()):
        try:
            fix = producer(analysis, issue)
        except Exception:  # a producer never breaks linting; the finding just has no fix
            fix = None
        if fix is not None:
            return fix
    return None


def _written(data: Any, path: Sequence[Any]) -> tuple[bool, Any]:
    """(found, value) at `path` in the data as written."""
    current = data
    for segment in path:
        if isinstance(current, dict) and segment in current:
            current = current[segment]
        elif isinstance(current, list) and isinstance(segment, int) and 0 <= segment < len(current):
            current = current[segment]
        else:
            return False, None
    return True, current


@fix_producer("JL001")
def _missing_restart_policy(analysis: "Analysis", issue: "Issue") -> Fix | None:
    path = tuple(issue.path)
    if not path or path[-1] != "restartPolicy" or path[-3:-1] != ("template", "spec"):
        return None
    data = analysis.doc.data
    found, _ = _written(data, path)
    if found:
        return None  # written (Always or anything else): choosing for the user is not safe
    found_parent, parent = _written(data, path[:-1])
    if found_parent and parent is not None and not isinstance(parent, dict):
        return None
    return Fix(
        "set restartPolicy: Never (a Job's pods must not restart in place; Never keeps the failed pods and their logs)",
        True,
        {"ops": [{"op": "set", "path": list(path), "value": "Never"}]},
    )


_TZ_PREFIX = re.compile(r"^\s*(CRON_TZ|TZ)=(\S+)\s+(\S.*?)\s*$")


@fix_producer("JL020")
def _schedule_time_zone(analysis: "Analysis", issue: "Issue") -> Fix | None:
    path = tuple(issue.path)
    if not path or path[-1] != "schedule":
        return None
    data = analysis.doc.data
    found, schedule = _written(data, path)
    if not found or not isinstance(schedule, str):
        return None
    m = _TZ_PREFIX.match(schedule)
    if m is None:
        return None
    prefix, zone, rest = m.groups()
    if "TZ" in rest:
        return None
    try:
        from .cron import parse_schedule

        parse_schedule(rest)
    except Exception:
        return None  # the rest is refused too: moving the prefix would not make the schedule valid
    zone_path = path[:-1] + ("timeZone",)
    has_zone, current = _written(data, zone_path)
    if has_zone and current is not None and current != zone:
        return None  # a different spec.timeZone is written: the user has to choose
    ops: list[dict[str, Any]] = [{"op": "set", "path": list(path), "value": rest}]
    if current != zone:
        ops.append({"op": "set", "path": list(zone_path), "value": zone})
    return Fix(f"move the {prefix}={zone} prefix of the schedule to spec.timeZone: {zone}", True, {"ops": ops})


@fix_producer("JL002")
def _cronjob_to_batch_v1(analysis: "Analysis", issue: "Issue") -> Fix | None:
    """batch/v1 CronJob has the fields of batch/v1beta1 with the same defaults, so the migration is
    the apiVersion; batch/v2alpha1 did not default the history limits (it kept every finished Job),
    so it carries over unchanged only when both limits are written. Unsafe: the file is then
    refused by clusters older than 1.21 (and means something else to any tool pinned to the old
    version)."""
    from .analysis import MIGRATES_TO_V1

    data = analysis.doc.data
    if tuple(issue.path) != ("apiVersion",) or not isinstance(data, dict) or data.get("kind") != "CronJob":
        return None
    old = data.get("apiVersion")
    if old not in MIGRATES_TO_V1:
        return None
    if old == "batch/v2alpha1":
        found_s, _ = _written(data, ("spec", "successfulJobsHistoryLimit"))
        found_f, _ = _written(data, ("spec", "failedJobsHistoryLimit"))
        if not (found_s and found_f):
            return None  # batch/v1 would default them to 3 and 1: fewer finished Jobs kept
    return Fix(
        f"set apiVersion: batch/v1 (the {old} CronJob's fields and defaults carry over unchanged; "
        f"clusters before Kubernetes 1.21 do not serve batch/v1 CronJob)",
        False,
        {"ops": [{"op": "set", "path": ["apiVersion"], "value": "batch/v1"}]},
    )


# --- the text edits ------------------------------------------------------------------------------


def _compose(text: str) -> list[Any]:
    """The documents' node graphs in round-trip mode: exact spans, anchors and styles."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    try:
        return list(yaml.compose_all(text))
    except Exception as exc:
        raise FixError(f"the file no longer parses: {exc}") from exc


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Index just after the newline ending the line that holds `index` (or the end of text)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _first_on_line(text: str, index: int) -> bool:
    return text[_line_start(text, index) : index].strip() == ""


def _is_block(node: Any) -> bool:
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    return isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style


def _content_end(node: Any) -> int:
    """Index just after the last character that belongs to the node (block collections end at
    their last leaf, not at the next token as their end mark does)."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, MappingNode) and _is_block(node) and node.value:
        key, value = node.value[-1]
        return max(key.end_mark.index, _content_end(value))
    if isinstance(node, SequenceNode) and _is_block(node) and node.value:
        return _content_end(node.value[-1])
    return node.end_mark.index


def _entry_end(text: str, node: Any) -> int:
    """End of the lines holding the node: through its last line's newline (trailing comment kept
    with it)."""
    end = _content_end(node)
    if end > 0 and text[end - 1] == "\n":
        return end  # a block scalar already ends with its newline
    return _line_end(text, end)


def _shared(root: Any) -> set[int]:
    """ids of nodes reached more than once (anchored and aliased)."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    seen: set[int] = set()
    shared: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return shared


@dataclass
class _Step:
    """One step of a resolved path: the collection, the key or index, and the pair found."""

    parent: Any
    segment: Any
    index: int  # position in parent.value
    key: Any  # key node (mappings) or None
    node: Any  # value node


def _find_key(mapping: Any, segment: Any) -> int | None:
    from ruamel.yaml.nodes import ScalarNode

    found = None
    for i, (k, _v) in enumerate(mapping.value):
        if isinstance(k, ScalarNode) and k.value == str(segment):
            found = i  # the last occurrence wins, as when decoding
    return found


def _has_merge(mapping: Any) -> bool:
    from ruamel.yaml.nodes import ScalarNode

    return any(isinstance(k, ScalarNode) and k.value == "<<" for k, _ in mapping.value)


class _Doc:
    """The target document of a stream, composed, with paths resolved to node spans."""

    def __init__(self, text: str, document: int, item: int | None) -> None:
        from ruamel.yaml.nodes import MappingNode

        nodes = _compose(text)
        if not 0 <= document < len(nodes) or nodes[document] is None:
            raise FixError(f"document {document} is not in the file")
        self.text = text
        self.root = nodes[document]
        self.shared = _shared(self.root)
        self.prefix: tuple[Any, ...] = ("items", item) if item is not None else ()
        if not isinstance(self.root, MappingNode):
            raise FixError("the document is not a mapping")

    def resolve(self, path: Sequence[Any]) -> tuple[list[_Step], list[Any]]:
        """The steps that exist along `self.prefix + path`, and the segments left over."""
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        full = list(self.prefix) + list(path)
        steps: list[_Step] = []
        current = self.root
        for n, segment in enumerate(full):
            if id(current) in self.shared:
                raise FixError("the path goes through an anchor that is used elsewhere; edit it by hand")
            if isinstance(current, MappingNode):
                i = _find_key(current, segment)
                if i is None:
                    if _has_merge(current):
                        raise FixError("the mapping has a merge key (<<); edit it by hand")
                    return steps, full[n:]
                key, value = current.value[i]
                steps.append(_Step(current, segment, i, key, value))
                current = value
            elif isinstance(current, SequenceNode) and isinstance(segment, int) and 0 <= segment < len(current.value):
                steps.append(_Step(current, segment, segment, None, current.value[segment]))
                current = current.value[segment]
            else:
                return steps, full[n:]
        return steps, []

    def node_at(self, path: Sequence[Any]) -> _Step:
        steps, rest = self.resolve(path)
        if rest or not steps:
            raise FixError(f"{_dotted(path)} is not in the document")
        return steps[-1]

    def container(self, steps: list[_Step]) -> Any:
        return steps[-1].node if steps else self.root


def _dotted(path: Sequence[Any]) -> str:
    return ".".join(str(p) for p in path)


# --- rendering values ----------------------------------------------------------------------------

_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_/][A-Za-z0-9_./+@=-]*$")


def _plain_ok(value: str) -> bool:
    from .kubeyaml import resolve_plain

    return bool(_PLAIN_SAFE.match(value)) and resolve_plain(value) == value


def _yaml_printable(o: int) -> bool:
    """YAML's printable set, less the characters it reads as line breaks (NEL, LS, PS)."""
    if o in (0x85, 0x2028, 0x2029):
        return False
    return 0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or 0x10000 <= o <= 0x10FFFF


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar: printable characters as they are, the others escaped (a raw
    C1 control is a syntax error, and NEL or a line separator would be folded away)."""
    out = ['"']
    for ch in value:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif not _yaml_printable(o):
            out.append(f"\\x{o:02x}" if o <= 0xFF else f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _scalar_text(value: Any, style: str | None = None) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        if style == "'" and all(_yaml_printable(ord(ch)) for ch in value):
            return "'" + value.replace("'", "''") + "'"
        if style == '"' or not _plain_ok(value):
            return double_quoted(value)
        return value
    raise FixError(f"cannot write a {type(value).__name__} value")


def _flow_text(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key_text(k)}: {_flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow_text(v) for v in value) + "]"
    return _scalar_text(value)


def _key_text(key: Any) -> str:
    return _scalar_text(str(key))


@dataclass
class _Value:
    """A value to write: Python data, or source text taken verbatim from the file (moves)."""

    data: Any
    raw: str | None = None


def _block_lines(key: Any, value: _Value, indent: int, step: int) -> list[str]:
    """`key: value` as block lines at `indent` (nested mappings one `step` deeper)."""
    pad = " " * indent
    if value.raw is not None:
        return [f"{pad}{_key_text(key)}: {value.raw}"]
    data = value.data
    if isinstance(data, dict) and data:
        lines = [f"{pad}{_key_text(key)}:"]
        for k, v in data.items():
            lines.extend(_block_lines(k, _Value(v), indent + step, step))
        return lines
    if isinstance(data, list) and data and all(not isinstance(v, (dict, list)) for v in data):
        lines = [f"{pad}{_key_text(key)}:"]
        lines.extend(f"{pad}- {_scalar_text(v)}" for v in data)
        return lines
    if isinstance(data, (dict, list)):
        return [f"{pad}{_key_text(key)}: {_flow_text(data)}"]
    return [f"{pad}{_key_text(key)}: {_scalar_text(data)}"]


def _nest(rest: list[Any], value: _Value) -> tuple[Any, _Value]:
    """The first missing key and the value to write under it (mappings made for the others)."""
    if len(rest) == 1:
        return rest[0], value
    if value.raw is not None:
        raise FixError("cannot write verbatim text under mappings that do not exist yet")
    inner: Any = value.data
    for segment in reversed(rest[1:]):
        inner = {segment: inner}
    return rest[0], _Value(inner)


def _indent_step(doc: _Doc, mapping: Any, steps: list[_Step]) -> int:
    """The document's indentation step, judged from the mapping and its parent."""
    from ruamel.yaml.nodes import MappingNode

    if len(steps) >= 2 and isinstance(steps[-2].parent, MappingNode) and steps[-1].key is not None:
        parent_key = steps[-1].key
        if mapping.value and _is_block(mapping):
            step = mapping.value[0][0].start_mark.column - parent_key.start_mark.column
            if step > 0:
                return step
    # Look for any nested block mapping in the document.
    stack = [doc.root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode) and _is_block(node):
            for k, v in node.value:
                if isinstance(v, MappingNode) and _is_block(v) and v.value:
                    step = v.value[0][0].start_mark.column - k.start_mark.column
                    if step > 0:
                        return step
                stack.append(v)
    return 2


# --- operations ----------------------------------------------------------------------------------


def _op_set(text: str, document: int, item: int | None, path: Sequence[Any], value: _Value) -> str:
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    if not path:
        raise FixError("cannot replace a whole document")
    doc = _Doc(text, document, item)
    steps, rest = doc.resolve(path)
    nl = _newline(text)
    if not rest:
        target = steps[-1]
        node = target.node
        if id(node) in doc.shared or getattr(node, "anchor", None):
            raise FixError(f"{_dotted(path)} carries an anchor; edit it by hand")
        if isinstance(node, ScalarNode) and node.style not in ("|", ">") and (
            value.raw is not None or not isinstance(value.data, (dict, list))
        ):
            start, end = node.start_mark.index, node.end_mark.index
            if start == end:  # `key:` with an empty (null) value
                new = " " + (value.raw if value.raw is not None else _scalar_text(value.data))
                colon = _colon_after(text, target.key) if target.key is not None else start
                return text[:colon] + new + text[colon:]
            new = value.raw if value.raw is not None else _scalar_text(value.data, node.style)
            return text[:start] + new + text[end:]
        # A collection or block scalar replaced: rewrite the whole entry.
        text = _op_delete(text, document, item, path)
        return _op_set(text, document, item, path, value)
    container = doc.container(steps)
    key, nested = _nest(list(rest), value)
    if isinstance(container, ScalarNode):
        if container.value not in ("", "~", "null", "Null", "NULL") or container.style is not None:
            raise FixError(f"{_dotted(list(path)[: len(path) - len(rest)])} is not a mapping")
        return _fill_null(doc, text, steps, key, nested, nl)
    if not isinstance(container, MappingNode):
        raise FixError(f"{_dotted(list(path)[: len(path) - len(rest)])} is not a mapping")
    if not _is_block(container):
        return _insert_flow(text, container, key, nested)
    if not container.value:
        raise FixError("cannot add to an empty block mapping")
    indent = container.value[0][0].start_mark.column
    step = _indent_step(doc, container, steps)
    lines = _block_lines(key, nested, indent, step)
    at = None
    for k, _v in container.value:
        if getattr(k, "value", None) in NEW_BLOCK_KEYS_BEFORE and _first_on_line(text, k.start_mark.index):
            at = _comment_block_start(text, _line_start(text, k.start_mark.index))
            break
    if at is None:
        at = _entry_end(text, container.value[-1][1])
        at = max(at, _line_end(text, container.value[-1][0].end_mark.index))
    block = nl.join(lines) + nl
    if at > 0 and text[at - 1] != "\n":
        block = nl + block
    return text[:at] + block + text[at:]


def _comment_block_start(text: str, line_start: int) -> int:
    """Move above full-line comments directly before a line: they belong to that line."""
    at = line_start
    while at > 0:
        prev = _line_start(text, at - 1)
        if text[prev:at].strip().startswith("#"):
            at = prev
        else:
            break
    return at


def _colon_after(text: str, key: Any) -> int:
    """Index just after the `:` that follows a key."""
    colon = text.find(":", key.end_mark.index)
    if colon < 0:
        raise FixError("cannot find the key's colon")
    return colon + 1


def _fill_null(doc: _Doc, text: str, steps: list[_Step], key: Any, value: _Value, nl: str) -> str:
    """`parent:` (null) becomes a block mapping holding `key: value`."""
    if not steps or steps[-1].key is None:
        raise FixError("cannot add to a null list item")
    parent_key = steps[-1].key
    node = steps[-1].node
    if id(node) in doc.shared or getattr(node, "anchor", None):
        raise FixError("the value carries an anchor; edit it by hand")
    step = _indent_step(doc, steps[-1].parent, steps[:-1]) if len(steps) > 1 else 2
    lines = _block_lines(key, value, parent_key.start_mark.column + step, step)
    colon = _colon_after(text, parent_key)
    start, end = node.start_mark.index, node.end_mark.index
    if start == end or start < colon:
        end = colon  # an empty value: nothing to replace
    return text[:colon] + nl + nl.join(lines) + text[end:]


def _insert_flow(text: str, mapping: Any, key: Any, value: _Value) -> str:
    entry = f"{_key_text(key)}: {value.raw if value.raw is not None else _flow_text(value.data)}"
    if mapping.value:
        end = _content_end(mapping.value[-1][1])
        return text[:end] + ", " + entry + text[end:]
    close = mapping.end_mark.index - 1
    if text[close] != "}":
        raise FixError("unexpected flow mapping text")
    return text[:close] + entry + text[close:]


def _op_delete(text: str, document: int, item: int | None, path: Sequence[Any]) -> str:
    from ruamel.yaml.nodes import MappingNode

    doc = _Doc(text, document, item)
    steps, rest = doc.resolve(path)
    if rest:
        return text  # already absent
    target = steps[-1]
    parent = target.parent
    if not isinstance(parent, MappingNode):
        raise FixError("deleting list items is not supported")
    if id(parent) in doc.shared:
        raise FixError("the mapping is shared through an anchor; edit it by hand")
    if _anchors_used_outside(doc, target.node):
        raise FixError(f"{_dotted(path)} defines an anchor used elsewhere; edit it by hand")
    pairs = parent.value
    i = target.index
    key_start = target.key.start_mark.index
    if not _is_block(parent):
        if len(pairs) == 1:
            start, end = parent.start_mark.index, parent.end_mark.index
            return text[:start] + "{}" + text[end:]
        if i < len(pairs) - 1:
            return text[:key_start] + text[pairs[i + 1][0].start_mark.index :]
        prev_end = _content_end(pairs[i - 1][1])
        return text[:prev_end] + text[_content_end(target.node) :]
    end = max(_entry_end(text, target.node), _line_end(text, target.key.end_mark.index))
    if len(pairs) == 1:
        # The mapping becomes empty: write `{}` rather than leave a null behind.
        content_end = max(_content_end(target.node), target.key.end_mark.index)
        if len(steps) >= 2 and steps[-2].key is not None:
            colon = _colon_after(text, steps[-2].key)
            return text[:colon] + " {}" + text[content_end:]
        if len(steps) >= 2:
            return text[:key_start] + "{}" + text[content_end:]
        raise FixError("cannot empty the whole document")
    if _first_on_line(text, key_start):
        return text[: _line_start(text, key_start)] + text[end:]
    # The first key after `- `: the next key moves up into its place.
    if i + 1 < len(pairs) and _first_on_line(text, pairs[i + 1][0].start_mark.index):
        return text[:key_start] + text[pairs[i + 1][0].start_mark.index :]
    raise FixError(f"cannot delete {_dotted(path)} from this layout; edit it by hand")


def _anchors_used_outside(doc: _Doc, node: Any) -> bool:
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in doc.shared:
            return True
        if isinstance(n, MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)
    return False


def _op_move(text: str, document: int, item: int | None, path: Sequence[Any], to: Sequence[Any]) -> str:
    from ruamel.yaml.nodes import ScalarNode

    doc = _Doc(text, document, item)
    source = doc.node_at(path)
    node = source.node
    if id(node) in doc.shared or getattr(node, "anchor", None):
        raise FixError(f"{_dotted(path)} carries an anchor; edit it by hand")
    if _is_block(node) or (isinstance(node, ScalarNode) and node.style in ("|", ">")):
        value = _Value(_data_at(text, document, item, path))
    else:
        value = _Value(None, text[node.start_mark.index : node.end_mark.index])
    steps, rest = doc.resolve(to)
    if not rest:
        existing = _data_at(text, document, item, to)
        if existing != _data_at(text, document, item, path):
            raise FixError(f"{_dotted(to)} is already set to another value")
        return _op_delete(text, document, item, path)
    text = _op_delete(text, document, item, path)
    if value.raw is not None and len(rest) > 1:
        value = _Value(_data_at_text(value.raw))
    return _op_set(text, document, item, to, value)


def _data_at_text(raw: str) -> Any:
    from .kubeyaml import Converter, compose_all

    nodes = compose_all(raw)
    return Converter().convert(nodes[0]) if nodes and nodes[0] is not None else None


# --- what the text means, for verification --------------------------------------------------------


def _stream_data(text: str) -> list[Any]:
    from .kubeyaml import Converter, compose_all

    try:
        nodes = compose_all(text)
        return [Converter().convert(n) if n is not None else None for n in nodes]
    except Exception as exc:
        raise FixError(f"the edited text does not parse: {exc}") from exc


def _data_at(text: str, document: int, item: int | None, path: Sequence[Any]) -> Any:
    data = _stream_data(text)[document]
    if item is not None:
        data = data["items"][item]
    found, value = _written(data, path)
    return value if found else None


_MISSING = object()


def _apply_to_data(data: Any, ops: list[dict[str, Any]]) -> Any:
    import copy

    data = copy.deepcopy(data)

    def get(path: Sequence[Any]) -> Any:
        found, value = _written(data, path)
        return value if found else _MISSING

    def set_(path: Sequence[Any], value: Any) -> None:
        cursor = data
        for segment in path[:-1]:
            if isinstance(cursor, list) and isinstance(segment, int) and 0 <= segment < len(cursor):
                cursor = cursor[segment]
                continue
            nxt = cursor.get(segment) if isinstance(cursor, dict) else None
            if not isinstance(nxt, (dict, list)):
                nxt = {}
                cursor[segment] = nxt
            cursor = nxt
        cursor[path[-1]] = value

    original = copy.deepcopy(data)

    def delete(path: Sequence[Any]) -> None:
        parent = get(path[:-1]) if len(path) > 1 else data
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        for up in _emptied(original, path):
            if get(up) == {}:
                delete_one(up)
            else:
                break

    def delete_one(path: Sequence[Any]) -> None:
        parent = get(path[:-1]) if len(path) > 1 else data
        if isinstance(parent, dict):
            parent.pop(path[-1], None)

    for op in ops:
        kind, path = op["op"], list(op["path"])
        if kind == "set":
            set_(path, op["value"])
        elif kind == "delete":
            delete(path)
        elif kind == "move":
            value = get(path)
            delete(path)
            if value is not _MISSING:
                set_(list(op["to"]), value)
    return data


def _emptied(original: Any, path: Sequence[Any]) -> list[list[Any]]:
    """The mappings above a deleted key that a delete leaves behind if they become empty: those
    that held something in the original (a fix leaves no `labels: {}` debris), innermost first,
    never a top-level field."""
    out: list[list[Any]] = []
    for end in range(len(path) - 1, 1, -1):
        found, value = _written(original, path[:end])
        if not found or not isinstance(value, dict) or not value:
            break
        out.append(list(path[:end]))
    return out


def _delete_pruning(text: str, document: int, item: int | None, path: Sequence[Any], original: Any) -> str:
    text = _op_delete(text, document, item, path)
    for up in _emptied(original, path):
        if _data_at(text, document, item, up) != {}:
            break
        text = _op_delete(text, document, item, up)
    return text


def apply_edit(text: str, document: int, item: int | None, edit: dict[str, Any]) -> str:
    """The text with one fix's operations applied to one document; raises FixError."""
    ops = edit.get("ops") if isinstance(edit, dict) else None
    if not isinstance(ops, list) or not ops:
        raise FixError("the fix has no operations")
    before = _stream_data(text)
    if not 0 <= document < len(before):
        raise FixError(f"document {document} is not in the file")
    original = before[document] if item is None else before[document]["items"][item]
    new = text
    for op in ops:
        kind = op.get("op")
        path = list(op.get("path") or [])
        if not path:
            raise FixError("an operation without a path")
        if kind == "set":
            new = _op_set(new, document, item, path, _Value(op.get("value")))
        elif kind == "delete":
            new = _delete_pruning(new, document, item, path, original)
        elif kind == "move":
            new = _op_move(new, document, item, path, list(op.get("to") or []))
        else:
            raise FixError(f"unknown operation {kind!r}")
    after = _stream_data(new)
    expected = list(before)
    if not 0 <= document < len(expected):
        raise FixError(f"document {document} is not in the file")
    if item is None:
        expected[document] = _apply_to_data(before[document], ops)
    else:
        target = dict(before[document])
        items = list(target["items"])
        items[item] = _apply_to_data(items[item], ops)
        target["items"] = items
        expected[document] = target
    if after != expected:
        raise FixError("the edit would change more than the fix describes; not applied")
    return new


@dataclass
class FixOutcome:
    text: str
    applied: list[Finding] = field(default_factory=list)
    skipped: list[tuple[Finding, str]] = field(default_factory=list)


def apply_fixes_report(path: str, text: str, fixes: Iterable[Finding]) -> FixOutcome:
    """Apply each finding's fix in turn (a fix that cannot be applied is skipped with a reason)."""
    outcome = FixOutcome(text)
    ordered = sorted(fixes, key=lambda f: f.sort_key())
    for finding in ordered:
        if finding.fix is None or finding.document is None:
            continue
        try:
            new = apply_edit(outcome.text, finding.document, finding.item, finding.fix.edit)
        except FixError as exc:
            outcome.skipped.append((finding, str(exc)))
            continue
        except Exception as exc:  # never lose a file to a bug in one fix
            outcome.skipped.append((finding, f"internal error: {exc}"))
            continue
        if new != outcome.text:
            outcome.text = new
            outcome.applied.append(finding)
    return outcome


def apply_fixes(path: str, text: str, fixes: Iterable[Finding]) -> str:
    """`text` with the fixes of `fixes` (findings carrying a Fix) applied; unchanged spans kept."""
    return apply_fixes_report(path, text, fixes).text


# --- files ---------------------------------------------------------------------------------------


def unified_diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_atomic(path: str, expected_old: str, new: str) -> None:
    """Replace the file's text, refusing if it no longer holds `expected_old`."""
    from .source import decode_bytes

    target = os.path.realpath(path)
    try:
        with open(target, "rb") as handle:
            raw = handle.read()
        st = os.stat(target)
    except OSError as exc:
        raise FixError(f"cannot read it again: {exc.strerror or exc}") from exc
    current, problem, encoding, bom = decode_bytes(raw)
    if problem is not None or current != expected_old:
        raise FixError("it changed on disk since it was read; not written")
    data = new.encode(encoding)
    if bom:
        import codecs

        marks = {
            "utf-8": codecs.BOM_UTF8,
            "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE,
            "utf-32-le": codecs.BOM_UTF32_LE,
            "utf-32-be": codecs.BOM_UTF32_BE,
        }
        data = marks[encoding] + data
    if st.st_nlink > 1:
        _write_in_place(target, raw, data)
        return
    directory = os.path.dirname(target) or "."
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".joblint-", suffix=".tmp")
    except OSError as exc:  # a read-only directory, a full disk: the file stays as it was
        raise FixError(f"cannot write it: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except OSError:
            pass
        with open(target, "rb") as handle:
            if handle.read() != raw:
                raise FixError("it changed on disk while being fixed; not written")
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise FixError(f"cannot write it: {exc.strerror or exc}") from exc
        raise


def _write_in_place(target: str, raw: bytes, data: bytes) -> None:
    """A file with other hard links keeps its inode, so every name sees the fix (a rename would
    leave the other names with the old text); written in place, so not atomically."""
    try:
        with open(target, "r+b") as handle:
            if handle.read() != raw:
                raise FixError("it changed on disk while being fixed; not written")
            handle.seek(0)
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise FixError(f"cannot write it: {exc.strerror or exc}") from exc
