"""Source stage: paths and stdin to documents, each with its data and its node graph for positions.

Every problem with a file (unreadable, not text, not YAML, hostile) becomes a `SourceProblem`
with a position, never an exception, so one bad file never hides the findings of the others.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from yaml.error import YAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .kubeyaml import (
    DEFAULT_LIMITS,
    Converter,
    Limits,
    YamlError,
    compose_all,
    empty_graph,
    event_depth,
    nesting_bound,
    too_deep_message,
)

# The C composer recurses on the C stack; above this bound we measure the real depth first.
_SAFE_NESTING_BOUND = 2000
YAML_SUFFIXES = (".yaml", ".yml")
LIST_KINDS = {"List", "JobList", "CronJobList"}


@dataclass
class SourceProblem:
    """A file- or document-level input problem (JL9xx)."""

    code: str
    message: str
    line: int = 1
    column: int = 1
    document: int | None = None


class Origin(NamedTuple):
    """Where a rendered object was written: the Helm template named by the `# Source:` comment
    above its document, or the file named by kustomize's `config.kubernetes.io/origin` annotation."""

    file: str
    tool: str  # "helm" or "kustomize"
    # Helm: the line of the `# Source:` comment in the rendered stream (1-based); the template's
    # line is estimated as the rendered line minus this. None when no line carries over.
    offset: int | None = None


# `helm template` writes `---` then `# Source: <chart>/templates/<file>` above each document.
_HELM_SOURCE = re.compile(r"^# Source: (\S[^\r\n]*?)[ \t]*\r?$", re.MULTILINE)
KUSTOMIZE_ORIGIN = "config.kubernetes.io/origin"


@dataclass
class Document:
    """One object: a document of the stream, or an item of a List document."""

    file: str
    index: int
    data: Any
    node: Node | None
    item: int | None = None
    duplicates: list[tuple[tuple[Any, ...], int, int]] = field(default_factory=list)
    origin: Origin | None = None

    @property
    def start(self) -> tuple[int, int]:
        if self.node is None:
            return 1, 1
        return self.node.start_mark.line + 1, self.node.start_mark.column + 1


@dataclass
class SourceFile:
    path: str
    text: str | None = None
    documents: list[Document] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    newline: str = "\n"
    bom: bool = False
    encoding: str = "utf-8"


# --- reading -------------------------------------------------------------------------------------


def decode_bytes(raw: bytes) -> tuple[str | None, SourceProblem | None, str, bool]:
    """Bytes to text: UTF-8 (with or without BOM), or UTF-16/32 when a BOM says so."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(enc), None, enc, True
            except UnicodeDecodeError as exc:
                return None, SourceProblem("JL901", f"not valid {enc.upper()} text: {exc.reason} at byte {exc.start}"), enc, True
    if b"\x00" in raw[:8192]:
        return None, SourceProblem("JL901", "binary file (contains NUL bytes); not YAML"), "utf-8", False
    try:
        return raw.decode("utf-8"), None, "utf-8", False
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return (
            None,
            SourceProblem("JL901", f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at byte offset {exc.start}", line, column),
            "utf-8",
            False,
        )


def read_bytes(path: str, limits: Limits = DEFAULT_LIMITS) -> bytes | SourceProblem:
    """A file's bytes, or why they cannot be linted (not a regular file, too large, unreadable)."""
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            os.scandir(path).close()  # a directory is only given here when it could not be listed
            return SourceProblem("JL900", "cannot read directory")
        if not stat.S_ISREG(st.st_mode):
            return SourceProblem("JL900", "not a regular file; skipped")
        if st.st_size > limits.max_bytes:
            return SourceProblem("JL902", f"file is {st.st_size} bytes, over the limit of {limits.max_bytes}; refused")
        with open(path, "rb") as handle:
            # Sized by the stat: read(max_bytes + 1) would allocate the whole limit for every file.
            data = handle.read(st.st_size + 1)
            if len(data) > st.st_size:  # the file grew since: read on, still bounded by the limit
                data += handle.read(max(limits.max_bytes + 1 - len(data), 0))
            return data
    except OSError as exc:
        return SourceProblem("JL900", f"cannot read: {exc.strerror or exc}")


def read_path(path: str, limits: Limits = DEFAULT_LIMITS, stdin: bytes | None = None) -> SourceFile:
    """Read and parse one file (or stdin, as `-`); `stdin` gives the content when already read."""
    source = SourceFile(path)
    raw = stdin if stdin is not None else read_bytes(path, limits)
    if isinstance(raw, SourceProblem):
        source.problems.append(raw)
        return source
    if len(raw) > limits.max_bytes:
        source.problems.append(SourceProblem("JL902", f"input is over the limit of {limits.max_bytes} bytes; refused"))
        return source
    text, problem, encoding, bom = decode_bytes(raw)
    source.encoding, source.bom = encoding, bom
    if problem is not None:
        source.problems.append(problem)
        return source
    assert text is not None
    source.text = text
    source.newline = "\r\n" if "\r\n" in text[:4096] else "\n"
    parse_text(source, text, limits)
    return source


def parse_text(source: SourceFile, text: str, limits: Limits = DEFAULT_LIMITS) -> None:
    if not text.strip():
        return  # an empty file holds no documents; nothing to say
    if nesting_bound(text) > _SAFE_NESTING_BOUND and _too_deep(source, text, limits):
        return
    try:
        nodes = compose_all(text)
    except YAMLError as exc:
        source.problems.append(_syntax_problem(exc))
        return
    except RecursionError:  # only the Python parser recurses this deep, below the bound above
        if not _too_deep(source, text, limits, pure=True):
            source.problems.append(SourceProblem("JL903", "document is nested too deeply; refused"))
        return
    has_aliases = "*" in text
    # Nodes all the documents of the file may expand to: without aliases a file cannot have more
    # nodes than characters, so only alias expansion can exhaust it; an alias bomb spread over
    # many documents, each under the per-document limit, is refused too.
    budget = [limits.max_nodes + len(text)]
    helm = [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in _HELM_SOURCE.finditer(text)] if "# Source: " in text else []
    previous_end = 0
    for index, node in enumerate(nodes):
        before = len(source.documents)
        _add_document(source, index, node, limits, has_aliases, budget)
        if node is None:
            continue
        if helm:
            origin = _helm_origin(helm, previous_end, node.start_mark.line + 1)
            if origin is not None:
                for doc in source.documents[before:]:
                    doc.origin = origin
        previous_end = node.end_mark.line + 1


def _helm_origin(sources: list[tuple[int, str]], after: int, start: int) -> Origin | None:
    """The last `# Source:` line between the end of the previous document and this one's start."""
    found = None
    for line, path in sources:
        if line >= start:
            break
        if line >= after:
            found = Origin(path, "helm", line)
    return found


def kustomize_origin(data: Any) -> Origin | None:
    """The local file a kustomize build read this object from (`buildMetadata: [originAnnotations]`);
    None for objects from a remote base (`repo:`) or made by a generator (`configuredIn:`)."""
    meta = data.get("metadata") if isinstance(data, dict) else None
    annotations = meta.get("annotations") if isinstance(meta, dict) else None
    value = annotations.get(KUSTOMIZE_ORIGIN) if isinstance(annotations, dict) else None
    if not isinstance(value, str):
        return None
    fields: dict[str, str] = {}
    for raw in value.splitlines():
        key, sep, rest = raw.partition(":")
        if sep and key and not key.startswith((" ", "\t")):
            fields[key.strip()] = rest.strip().strip("'\"")
    path = fields.get("path")
    if not path or "repo" in fields or "configuredIn" in fields:
        return None
    return Origin(path, "kustomize")


def _too_deep(source: SourceFile, text: str, limits: Limits, pure: bool = False) -> bool:
    """Measure the nesting from the event stream before composing (the composers recurse); true
    when that found a problem, which is then recorded."""
    try:
        depth, line, column = event_depth(text, limits.max_depth, pure)
    except YAMLError as exc:
        source.problems.append(_syntax_problem(exc))
        return True
    if depth > limits.max_depth:
        source.problems.append(SourceProblem("JL903", too_deep_message(limits), line, column))
        return True
    return False


def _syntax_problem(exc: Exception) -> SourceProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    if mark is not None:
        return SourceProblem("JL908", message, mark.line + 1, mark.column + 1)
    return SourceProblem("JL908", message)


def _add_document(
    source: SourceFile, index: int, node: Node | None, limits: Limits, has_aliases: bool = True, budget: list[int] | None = None
) -> None:
    if node is None:
        return
    left = budget[0] if budget is not None else limits.max_nodes
    converter = Converter(limits if left >= limits.max_nodes else limits._replace(max_nodes=max(left, 0)))
    try:
        data = converter.convert(node, has_aliases)
    except YamlError as exc:
        if exc.code == "JL904":  # a recursive alias: the refused graph contains itself
            empty_graph(node)
        message = exc.message
        if exc.code == "JL902" and left < limits.max_nodes:
            message = (
                f"the documents of this file expand to more than {limits.max_nodes} nodes beyond its size "
                "(an alias bomb spread over documents); refused"
            )
        source.problems.append(SourceProblem(exc.code, message, exc.line, exc.column, index))
        return
    finally:
        if budget is not None:
            budget[0] -= converter.count
    for warning in converter.warnings:
        source.problems.append(SourceProblem(warning.code, warning.message, warning.line, warning.column, index))
    if data is None:
        return  # a document holding only comments or `null`
    if isinstance(data, dict) and isinstance(data.get("kind"), str) and data["kind"] in LIST_KINDS and isinstance(data.get("items"), list):
        items_node = child(node, "items")
        for i, item in enumerate(data["items"]):
            item_node = child(items_node, i) if items_node is not None else None
            dups = [(p[2:], ln, col) for p, ln, col in converter.duplicates if p[:2] == ("items", i)]
            source.documents.append(Document(source.path, index, item, item_node, i, dups, kustomize_origin(item)))
        return
    source.documents.append(Document(source.path, index, data, node, None, converter.duplicates, kustomize_origin(data)))


# --- positions -----------------------------------------------------------------------------------


def child(node: Node | None, key: Any) -> Node | None:
    """The value node under `key` (a mapping key or a sequence index), following merge keys."""
    if node is None:
        return None
    if isinstance(node, SequenceNode):
        if isinstance(key, int) and 0 <= key < len(node.value):
            return node.value[key]
        return None
    if isinstance(node, MappingNode):
        key_node = _key_node(node, key)
        if key_node is not None:
            return key_node[1]
    return None


def _key_node(node: MappingNode, key: Any) -> tuple[Node, Node] | None:
    found = None
    merges = []
    for k, v in node.value:
        if isinstance(k, ScalarNode):
            if k.value == str(key):
                found = (k, v)  # the last occurrence wins, as when decoding
            elif k.value == "<<":
                merges.append(v)
    if found is None:
        for merge in merges:
            for source in merge.value if isinstance(merge, SequenceNode) else [merge]:
                if isinstance(source, MappingNode):
                    hit = _key_node(source, key)
                    if hit is not None:
                        return hit
    return found


def locate(node: Node | None, path: Iterable[Any], at_key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the deepest node on `path` that exists in the source.

    With `at_key`, point at the key of the last mapping entry rather than at its value: used for
    unknown or duplicate fields, where the key itself is the mistake.
    """
    if node is None:
        return 1, 1
    current = node
    best = node.start_mark
    for segment in path:
        if isinstance(current, MappingNode):
            hit = _key_node(current, segment)
            if hit is None:
                break
            key_node, value_node = hit
            best = key_node.start_mark
            current = value_node
            if not at_key:
                best = value_node.start_mark
        elif isinstance(current, SequenceNode) and isinstance(segment, int) and 0 <= segment < len(current.value):
            current = current.value[segment]
            best = current.start_mark
        else:
            break
    return best.line + 1, best.column + 1


# --- walking paths -------------------------------------------------------------------------------


def expand_paths(paths: list[str], walked: set[str] | None = None) -> tuple[list[str], list[str]]:
    """Files to read, in a stable order; and the paths that do not exist. Files found by walking
    a directory (rather than named) are added to `walked` when it is given.

    Directories are walked recursively for *.yaml and *.yml, sorted, following no symlinked
    directories twice (a symlink loop ends the walk of that branch). A file reached under two
    names (`a.yaml` and `./a.yaml`, a symlink, a hard link) is read once, under the first.
    """
    files: list[str] = []
    missing: list[str] = []
    seen: set[Any] = set()

    def add(name: str) -> None:
        try:
            st = os.stat(name)
            ident: Any = (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else name
        except OSError:
            ident = name  # reported by read_path
        if ident not in seen and name not in seen:
            seen.update((ident, name))
            files.append(name)

    for path in paths:
        if path == "-":
            if "-" not in seen:
                files.append("-")
                seen.add("-")
            continue
        p = Path(path)
        if p.is_dir():
            for found in _walk(p):
                add(found)
                if walked is not None:
                    walked.add(found)
        elif p.exists() or p.is_symlink():
            add(path)
        else:
            missing.append(path)
    return files, missing


def _walk(root: Path) -> list[str]:
    found: list[str] = []
    visited: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            st = directory.stat()
        except OSError:
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in visited:
            continue
        visited.add(ident)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            found.append(str(directory))  # reported as unreadable by read_path
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.name.startswith("."):
                    stack.append(Path(entry.path))
            elif entry.name.endswith(YAML_SUFFIXES):
                found.append(entry.path)
    return sorted(found)


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
