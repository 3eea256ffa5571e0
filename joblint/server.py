"""`joblint server`: the Language Server Protocol over stdio, for editors (pygls, lsprotocol).

A document gets the findings `joblint lint` would report for it, as it is in the editor (saved or
not): on open and save at once, on change after a pause in typing. Configuration is found as the
CLI finds it, from the file's directory upwards, and linting runs from that configuration's
directory (so `per-file-ignores` match as they do when you run `joblint lint` there).
Cross-document rules (JL3xx) see the other open documents and, within a bound, the YAML files of
the workspace folder; their results for files on disk come from the result cache.

Quick fixes are each finding's fix (safe, or labelled unsafe), applied with joblint.fix as
`--fix` applies them, sent as one minimal text edit. Hovering a finding shows its rule's
summary and fix. Nothing a document holds can stop the server: a problem linting it becomes a
diagnostic.

This module is imported only by `joblint server`: the CLI never pays for pygls.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from . import __version__
from .catalogue import Rule
from .config import Config
from .findings import Finding

SOURCE = "joblint"
DEBOUNCE_SECONDS = 0.3
# Cross-document rules read at most this many workspace files besides the open documents.
MAX_WORKSPACE_FILES = 200
MAX_WALKED_DIRECTORIES = 2000
WORKSPACE_LIST_SECONDS = 10.0
RULES_DOC = "https://github.com/joblint/joblint/blob/main/docs/rules.md"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
_SKIP_DIRS = {"node_modules", "__pycache__", "vendor", "venv"}
_KEY = re.compile(r"""(?:"[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(?=\s|$)""")

log = logging.getLogger("joblint.server")


# --- settings: configuration and rules, per configuration file ---------------------------------


@dataclass
class Settings:
    config: Config
    rules: tuple[Rule, ...]
    base: Path  # linting runs from here: the configuration's directory
    problem: str | None = None  # why the configuration could not be used (the defaults are)


class SettingsCache:
    """Configurations found upwards from a directory, each loaded once per modification."""

    def __init__(self) -> None:
        self._by_file: dict[Path | None, tuple[float, Settings]] = {}

    def for_directory(self, directory: Path, fallback_base: Path) -> Settings:
        from .catalogue import CatalogueError, load
        from .config import ConfigError, find_config, load_config

        try:
            found = find_config(directory)
        except (OSError, ConfigError):
            found = None
        try:
            stamp = found.stat().st_mtime if found is not None else 0.0
        except OSError:
            stamp = 0.0
        kept = self._by_file.get(found)
        if kept is not None and kept[0] == stamp and (found is not None or kept[1].base == fallback_base):
            return kept[1]
        problem = None
        base = found.parent if found is not None else (fallback_base if fallback_base.is_dir() else directory)
        try:
            config = load_config(found)
        except ConfigError as exc:
            config, problem = Config(), f"configuration: {exc}"
        try:
            rules = load(tuple(config.rule_paths), config.allow_plugins)
        except CatalogueError as exc:
            problem = f"rules: {exc}"
            rules = load()
        settings = Settings(config, rules, base, problem)
        self._by_file[found] = (stamp, settings)
        return settings


# --- linting a document --------------------------------------------------------------------------


@dataclass
class Linted:
    """The findings of one document as last linted, with the text they are for."""

    uri: str
    version: int | None
    text: str
    findings: list[Finding]
    ranges: list[ServerTextRange]
    path: str  # as linted (relative to the base when under it)
    base: Path
    rules: dict[str, Rule] = field(default_factory=dict)


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


def workspace_files(root: Path, near: Path, bound: int = MAX_WORKSPACE_FILES) -> list[Path]:
    """YAML files for cross-document rules: those beside the document first, then the workspace
    folder's, breadth first; dot directories and dependency folders skipped; at most `bound`."""
    found: list[Path] = []
    seen: set[Path] = set()

    def take(directory: Path) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if len(found) >= bound:
                return
            if entry.name.endswith((".yaml", ".yml")):
                try:
                    if entry.is_file():
                        path = Path(entry.path)
                        if path not in seen:
                            seen.add(path)
                            found.append(path)
                except OSError:
                    continue

    take(near)
    queue = [root]
    visited = 0
    while queue and len(found) < bound and visited < MAX_WALKED_DIRECTORIES:
        directory = queue.pop(0)
        visited += 1
        take(directory)
        try:
            children = sorted(e.path for e in os.scandir(directory) if e.is_dir(follow_symlinks=False))
        except OSError:
            continue
        queue.extend(Path(c) for c in children if not Path(c).name.startswith(".") and Path(c).name not in _SKIP_DIRS)
    return found


def lint_document(
    settings: Settings, path: Path, text: str, open_documents: dict[Path, str], disk_files: Iterable[Path]
) -> tuple[list[Finding], bool, dict[str, Path]]:
    """(this document's findings, whether it holds no Kubernetes object, linted name -> path).

    The other open documents are linted as they are in the editor, the workspace files from disk
    (through the result cache); cross-document rules see them all.
    """
    from .lint import run_lint

    base = settings.base
    names: dict[str, Path] = {}
    overrides: dict[str, bytes] = {}

    def name_of(p: Path) -> str:
        name = _relative(p, base)
        names[name] = p
        return name

    me = name_of(path)
    overrides[me] = text.encode("utf-8", "surrogatepass")
    for other, other_text in open_documents.items():
        if other != path:
            overrides[name_of(other)] = other_text.encode("utf-8", "surrogatepass")
    disk = [name_of(p) for p in disk_files if p != path and p not in open_documents]
    paths = [me, *(n for n in overrides if n != me), *disk]
    previous = os.getcwd()
    os.chdir(base)
    try:
        result = run_lint(paths, settings.rules, settings.config, overrides=overrides, jobs=1, cache=True)
    finally:
        os.chdir(previous)
    if me in result.no_objects:
        return [], True, names
    return [f for f in result.findings if f.file == me], False, names


_TEMPLATE_ACTION = re.compile(r"\{\{-?\s.*?\}\}|\{\{[-.$/a-zA-Z(]", re.DOTALL)


def is_template(text: str) -> bool:
    """A Go template (a Helm chart's templates/*.yaml): `{{ ... }}` actions in the text."""
    return "{{" in text and _TEMPLATE_ACTION.search(text) is not None


# --- positions -----------------------------------------------------------------------------------


def finding_range(lines: list[str], line: int, column: int) -> ServerTextRange:
    """Code point range of a finding: from its position to the end of the key (when it points at
    one) or of the value on that line (a trailing comment excluded)."""
    row = min(max(line - 1, 0), max(len(lines) - 1, 0))
    text = lines[row].rstrip("\r\n") if lines else ""
    start = min(max(column - 1, 0), len(text))
    rest = text[start:]
    key = _KEY.match(rest)
    if key is not None:
        end = start + len(key.group(0)) - 1
    else:
        comment = rest.find(" #")
        end = start + len((rest if comment < 0 else rest[:comment]).rstrip())
    if end <= start:
        end = min(start + 1, len(text)) if text else start
    return ServerTextRange(ServerTextPosition(row, start), ServerTextPosition(row, end))


def _contains(r: ServerTextRange, p: ServerTextPosition) -> bool:
    return (r.start.line, r.start.character) <= (p.line, p.character) <= (r.end.line, r.end.character)


def _overlaps(a: ServerTextRange, b: ServerTextRange) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line, b.start.character
    ) <= (a.end.line, a.end.character)


def rule_url(code: str, name: str) -> str:
    """The rule's section of docs/rules.md (GitHub's heading anchor for `## CODE name`)."""
    return f"{RULES_DOC}#{code.lower()}-{name.lower()}"


def related_locations(finding: Finding, names: dict[str, Path], base: Path) -> list[types.DiagnosticRelatedInformation]:
    """The other objects a cross-document finding involves: the `related` items when the finding
    carries them, else the `file:line` references its message makes to linted files."""
    out: list[types.DiagnosticRelatedInformation] = []
    related = getattr(finding, "related", None)
    items = related.get("items") if isinstance(related, dict) else None
    refs: list[tuple[str, int, str]] = []
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("file"), str) and isinstance(item.get("line"), int):
                obj = item["object"] if isinstance(item.get("object"), dict) else {}
                label = f"{obj.get('kind', '')} {obj.get('namespace', '')}/{obj.get('name', '')}".strip()
                refs.append((item["file"], item["line"], label or "related object"))
    else:
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name) + r":(\d+)\b", finding.message):
                refs.append((name, int(m.group(1)), "related object"))
    seen = set()
    for file, line, label in refs:
        if (file, line) in seen:
            continue
        seen.add((file, line))
        target = names.get(file) or (base / file)
        position = types.Position(line=max(line - 1, 0), character=0)
        out.append(
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=from_fs_path(str(target)) or str(target), range=types.Range(start=position, end=position)),
                message=label,
            )
        )
    return out


# --- the server ----------------------------------------------------------------------------------


class JoblintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("joblint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings = SettingsCache()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self._workspace: dict[Path, tuple[float, Path, list[Path]]] = {}

    # --- where things are --------------------------------------------------------------------

    def document_path(self, doc: TextDocument) -> Path:
        path = to_fs_path(doc.uri) if doc.uri.startswith("file:") else None
        if path:
            return Path(path)
        root = self.root()
        return (root or Path.cwd()) / Path(doc.uri.rsplit("/", 1)[-1] or "untitled.yaml").name

    def root(self) -> Path | None:
        folders = list(self.workspace.folders.values()) if self.workspace.folders else []
        for folder in folders:
            path = to_fs_path(folder.uri)
            if path:
                return Path(path)
        root = self.workspace.root_path
        return Path(root) if root else None

    def folder_of(self, path: Path) -> Path:
        best = None
        for folder in (self.workspace.folders or {}).values():
            fs = to_fs_path(folder.uri)
            if fs and (path == Path(fs) or Path(fs) in path.parents) and (best is None or len(fs) > len(str(best))):
                best = Path(fs)
        return best or self.root() or path.parent

    def disk_files(self, path: Path) -> list[Path]:
        root = self.folder_of(path)
        kept = self._workspace.get(root)
        now = time.monotonic()
        if kept is None or now - kept[0] > WORKSPACE_LIST_SECONDS or kept[1] != path.parent:
            files = workspace_files(root, path.parent) if path.parent.is_dir() else []
            kept = self._workspace[root] = (now, path.parent, files)
        return kept[2]

    # --- linting -----------------------------------------------------------------------------

    def lint(self, uri: str) -> Linted | None:
        try:
            doc = self.workspace.get_text_document(uri)
            text = doc.source
        except Exception:
            return None
        lines = list(doc.lines)
        path = self.document_path(doc)
        diagnostics: list[types.Diagnostic] = []
        findings: list[Finding] = []
        names: dict[str, Path] = {}
        settings: Settings | None = None
        try:
            directory = next((d for d in path.parents if d.is_dir()), Path.cwd())  # an unsaved file's folder may not exist yet
            settings = self.settings.for_directory(directory, self.folder_of(path))
            if settings.problem:
                diagnostics.append(self._problem(f"joblint {settings.problem}", types.DiagnosticSeverity.Error))
            open_docs = {}
            for other_uri, other in self.workspace.text_documents.items():
                if other_uri != uri:
                    open_docs[self.document_path(other)] = other.source
            if is_template(text):
                findings = []  # a Helm template is not YAML until rendered: lint `helm template` output
            else:
                findings, no_object, names = lint_document(settings, path, text, open_docs, self.disk_files(path))
                if no_object:
                    findings = []
        except Exception as exc:  # a bug must cost one document's diagnostics, never the server
            log.exception("linting %s", uri)
            diagnostics.append(
                self._problem(f"joblint could not lint this document: {type(exc).__name__}: {exc}", types.DiagnosticSeverity.Error)
            )
        ranges = [finding_range(lines, f.line, f.column) for f in findings]
        base = settings.base if settings is not None else Path.cwd()
        rules = {r.code: r for r in settings.rules} if settings is not None else {}
        for f, r in zip(findings, ranges):
            diagnostics.append(self._diagnostic(doc, f, r, names, base))
        linted = Linted(uri, doc.version, text, findings, ranges, _relative(path, base), base, rules)
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=diagnostics)
        )
        return linted

    def _problem(self, message: str, severity: types.DiagnosticSeverity) -> types.Diagnostic:
        start = types.Position(line=0, character=0)
        return types.Diagnostic(range=types.Range(start=start, end=start), message=message, severity=severity, source=SOURCE)

    def _diagnostic(self, doc: TextDocument, f: Finding, r: ServerTextRange, names: dict[str, Path], base: Path) -> types.Diagnostic:
        message = f.message
        if f.fix is not None:
            message += f"\n{'fix' if f.fix.safe else 'unsafe fix'}: {f.fix.description}"
        related = related_locations(f, names, base) if f.code.startswith("JL3") else []
        return types.Diagnostic(
            range=doc.range_to_client_units(r),
            message=message,
            severity=_SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
            code=f.code,
            code_description=types.CodeDescription(href=rule_url(f.code, f.name)),
            source=SOURCE,
            related_information=related or None,
            data={"name": f.name},
        )

    def schedule(self, uri: str, delay: float = DEBOUNCE_SECONDS) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        if delay <= 0:
            self.lint(uri)
            return
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, self._lint_pending, uri)

    def _lint_pending(self, uri: str) -> None:
        self.pending.pop(uri, None)
        self.lint(uri)

    def current(self, uri: str) -> Linted | None:
        """The findings for the document's text now (linted again if it changed since)."""
        try:
            doc = self.workspace.get_text_document(uri)
        except Exception:
            return None
        linted = self.linted.get(uri)
        if linted is None or linted.text != doc.source:
            handle = self.pending.pop(uri, None)
            if handle is not None:
                handle.cancel()
            linted = self.lint(uri)
        return linted


server = JoblintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: JoblintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: JoblintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: JoblintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls._workspace.clear()
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: JoblintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    handle = ls.pending.pop(uri, None)
    if handle is not None:
        handle.cancel()
    ls.linted.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _minimal_edit(doc: TextDocument, old: str, new: str) -> types.TextEdit:
    """One edit replacing only what changed between the two texts."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    start = doc.client_position_at_offset(prefix)
    end = doc.client_position_at_offset(len(old) - suffix)
    return types.TextEdit(range=types.Range(start=start, end=end), new_text=new[prefix : len(new) - suffix])


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False),
)
def code_action(ls: JoblintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    from .fix import FixError, apply_edit

    uri = params.text_document.uri
    linted = ls.current(uri)
    if linted is None:
        return None
    doc = ls.workspace.get_text_document(uri)
    wanted = doc.range_from_client_units(params.range)
    actions: list[types.CodeAction] = []
    for f, r in zip(linted.findings, linted.ranges):
        if f.fix is None or f.document is None or not _overlaps(r, wanted):
            continue
        try:
            new = apply_edit(linted.text, f.document, f.item, f.fix.edit)
        except FixError as exc:
            log.info("fix for %s not offered: %s", f.code, exc)
            continue
        except Exception:  # a bug in one fix must not cost the others
            log.exception("fix for %s", f.code)
            continue
        if new == linted.text:
            continue
        title = f"{f.code}: {f.fix.description}" if f.fix.safe else f"{f.code} (unsafe: changes behaviour): {f.fix.description}"
        actions.append(
            types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[ls._diagnostic(doc, f, r, {}, linted.base)],
                is_preferred=f.fix.safe,
                edit=types.WorkspaceEdit(changes={uri: [_minimal_edit(doc, linted.text, new)]}),
            )
        )
    return actions


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: JoblintServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    linted = ls.current(uri)
    if linted is None:
        return None
    doc = ls.workspace.get_text_document(uri)
    at = doc.position_from_client_units(params.position)
    parts: list[str] = []
    hit: ServerTextRange | None = None
    shown: set[str] = set()
    for f, r in zip(linted.findings, linted.ranges):
        if not _contains(r, at) or f.code in shown:
            continue
        shown.add(f.code)
        hit = hit or r
        parts.append(hover_text(f, linted.rules.get(f.code)))
    if not parts:
        return None
    assert hit is not None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=doc.range_to_client_units(hit),
    )


def hover_text(f: Finding, rule: Rule | None) -> str:
    """The rule's summary and fix, as `joblint explain` gives them, in Markdown."""
    out = [f"**{f.code} {f.name}** ({f.severity})"]
    if rule is not None:
        out.append(rule.summary)
        try:
            details = rule.details()
        except Exception:
            details = {}
        fix = str(details.get("fix", "")).strip()
        if fix:
            out.append(f"**How to fix:** {fix}")
        out.append(
            {
                "none": "joblint cannot fix this automatically.",
                "safe": "Quick fix available (safe).",
                "unsafe": "Quick fix available (unsafe: it changes behaviour; review it).",
            }.get(rule.fixable, "")
        )
    out.append(f"[{f.code} in the rule reference]({rule_url(f.code, f.name)})")
    return "\n\n".join(p for p in out if p)


def serve() -> None:
    """Run over stdio until the client says exit."""
    logging.basicConfig(level=os.environ.get("JOBLINT_LOG", "WARNING").upper(), format="joblint: %(message)s")
    server.start_io()
