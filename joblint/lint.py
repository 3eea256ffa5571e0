"""`joblint lint`: read every path, run the pipeline and the engine, apply suppressions.

Files are independent until the cross-document rules, so large inputs are spread over worker
processes; each returns plain, picklable results and the parent does the set-wide work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterator

from .analysis import analyze
from .cache import ResultCache, content_digest, disabled_by_environment
from .catalogue import Rule
from .config import Config
from .engine import (
    ANNOTATION,
    UNUSED_SUPPRESSION,
    DocSummary,
    Engine,
    comment_suppressions,
    per_file_ignored,
    summarize,
)
from .findings import Finding
from .kubeyaml import DEFAULT_LIMITS, Limits
from .source import Origin, SourceFile, read_bytes, read_path

PARALLEL_MIN_FILES = 64
# Fresh results are written to the cache in batches of about this many bytes, as they arrive,
# rather than all held until the end of the run.
CACHE_BATCH_BYTES = 16 * 1024 * 1024


@dataclass
class FileResult:
    path: str
    documents: int
    findings: list[Finding]
    summaries: list[DocSummary]
    comments: dict[int, set[str]]
    text: str | None = None
    # Read cleanly, but no document has a kind or an apiVersion (Helm values, CI workflows, ...).
    holds_no_object: bool = False
    # (document, List item) -> the Helm template or kustomize file the document was rendered from.
    origins: dict[tuple[int, int | None], Origin] = field(default_factory=dict)


@dataclass
class LintResult:
    files: int = 0
    documents: int = 0
    findings: list[Finding] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    # Every document read: (file, document, List item, object reference); for per-document reports.
    inventory: list[tuple[str, int, int | None, dict[str, str] | None]] = field(default_factory=list)
    # Files that hold no Kubernetes object at all, and those of them a directory walk skipped.
    no_objects: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # Per file read: (document, List item) -> Origin, for documents rendered by Helm or kustomize.
    origins: dict[str, dict[tuple[int, int | None], Origin]] = field(default_factory=dict)


def _problem_finding(engine: Engine, source: SourceFile, problem: Any) -> Finding | None:
    rule = engine.all_rules.get(problem.code)
    if rule is None or rule.code not in engine.active:
        return None
    return Finding(
        rule.code,
        rule.name,
        engine.severity(rule),
        problem.message,
        source.path,
        problem.line,
        problem.column,
        problem.document,
    )


def lint_source(engine: Engine, source: SourceFile, keep_text: bool = False) -> FileResult:
    findings: list[Finding] = []
    for problem in source.problems:
        finding = _problem_finding(engine, source, problem)
        if finding is not None:
            findings.append(finding)
    summaries: list[DocSummary] = []
    any_object = False
    for doc in source.documents:
        analysis = analyze(doc, engine.version)
        data = doc.data
        any_object = any_object or (isinstance(data, dict) and ("kind" in data or "apiVersion" in data))
        findings.extend(engine.document_findings(analysis))
        summaries.append(summarize(analysis))
    if engine.config.only_manifests and not any_object:
        # Not a manifest file (a CI workflow, Helm values, ...): nothing here is joblint's business.
        findings = [f for f in findings if f.code != "JL907"]
    return FileResult(
        source.path,
        len(source.documents),
        findings,
        summaries,
        comment_suppressions(source.text),
        source.text if keep_text else None,
        holds_no_object=not any_object and not source.problems,
        origins={(d.index, d.item): d.origin for d in source.documents if d.origin is not None},
    )


def lint_file(engine: Engine, path: str, limits: Limits, stdin: bytes | None = None, keep_text: bool = False) -> FileResult:
    return lint_source(engine, read_path(path, limits, stdin), keep_text)


def lint_cached(
    engine: Engine, path: str, limits: Limits, store: ResultCache | None, keep_text: bool = False
) -> tuple[FileResult, bytes | None]:
    """A file's result, from the cache when the same bytes were linted before with the same
    settings; with the content digest to keep a fresh result under (None: nothing to keep)."""
    if store is None:
        return lint_file(engine, path, limits, keep_text=keep_text), None
    raw, digest, blob = _look_up(store, path, limits)
    result = _unpickle(blob)
    if result is not None:
        return result, None
    # With raw None (unreadable, too large, not a file) lint_file reports why, and digest is None:
    # such a file is never cached.
    return lint_file(engine, path, limits, raw), digest


def _look_up(store: ResultCache, path: str, limits: Limits) -> tuple[bytes | None, bytes | None, bytes | None]:
    """(the file's bytes, their digest, the pickled result cached for them)."""
    raw = read_bytes(path, limits)
    if not isinstance(raw, bytes):
        return None, None, None
    digest = content_digest(raw)
    return raw, digest, store.get(path, digest)


def _take_cached(store: ResultCache, paths: list[str], limits: Limits, done: dict[str, FileResult]) -> list[str]:
    """Puts the cached results of `paths` into `done`, until PARALLEL_MIN_FILES of them turn out to
    need linting; returns the paths still to lint (those, and the ones not looked at)."""
    left: list[str] = []
    for n, path in enumerate(paths):
        if len(left) >= PARALLEL_MIN_FILES:
            return left + paths[n:]
        result = _unpickle(_look_up(store, path, limits)[2])
        if result is None:
            left.append(path)
        else:
            done[path] = result
    return left


def _unpickle(blob: bytes | None) -> FileResult | None:
    if blob is None:
        return None
    import pickle  # only for cached or worker results: a run in one process without the cache needs none

    try:
        result = pickle.loads(blob)
    except Exception:  # a damaged entry: the file is linted again
        return None
    return result if isinstance(result, FileResult) else None


# --- worker processes ----------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(
    rules: tuple[Rule, ...], config: Config, select: list[str], ignore: list[str], limits: Limits, cache: bool
) -> None:
    _WORKER["engine"] = Engine(rules, config, select, ignore)
    _WORKER["limits"] = limits
    _WORKER["store"] = _open_cache(rules, config, select, ignore, limits) if cache else None


def _work(paths: list[str]) -> list[tuple[str, bytes, bytes | None]]:
    """(path, pickled result, digest to keep it under or None). Results travel pickled once:
    a cached one as it was stored, a fresh one pickled here and stored by the parent as is."""
    engine, limits, store = _WORKER["engine"], _WORKER["limits"], _WORKER["store"]
    out = []
    for path in paths:
        raw, digest, blob = _look_up(store, path, limits) if store is not None else (None, None, None)
        if blob is None:
            import pickle

            result = lint_file(engine, path, limits, raw)
            blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            digest = None
        out.append((path, blob, digest))
    return out


def run_lint(
    paths: list[str],
    rules: tuple[Rule, ...],
    config: Config,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    stdin: bytes | None = None,
    keep_text: bool = False,
    jobs: int | None = None,
    overrides: dict[str, bytes] | None = None,
    cache: bool = False,
) -> LintResult:
    """Lint `paths`; `overrides` gives the content to lint for some paths instead of the disk's
    (autofix lints its edits in memory before writing them). With `cache`, results of files
    linted before with the same bytes and settings are reused (see joblint.cache)."""
    limits = Limits(max_bytes=config.max_file_bytes) if config.max_file_bytes else DEFAULT_LIMITS
    engine = Engine(rules, config, select, ignore)
    cache = cache and not keep_text
    disk = [p for p in dict.fromkeys(paths) if p != "-" and not (overrides and p in overrides)]
    done: dict[str, FileResult] = {}
    fresh: list[tuple[str, bytes, bytes]] = []  # (path, digest, pickled result) to keep
    pending = [0]  # bytes in `fresh`
    # Opened (and created) before any worker starts, so that workers find it there.
    store = _open_cache(rules, config, select, ignore, limits) if cache and disk else None

    def keep(path: str, digest: bytes, blob: bytes) -> None:
        fresh.append((path, digest, blob))
        pending[0] += len(blob)
        if store is not None and pending[0] >= CACHE_BATCH_BYTES:
            store.keep(fresh)
            fresh.clear()
            pending[0] = 0
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    parallel = workers > 1 and len(disk) >= PARALLEL_MIN_FILES and not keep_text and not overrides
    if parallel and store is not None:
        # Files unchanged since the last run need no worker: starting workers costs more than
        # reading their results here. The parent stops looking at the first files that need
        # linting, leaving those and the rest to the workers, which look in the cache themselves.
        disk = _take_cached(store, disk, limits, done)
        parallel = len(disk) >= PARALLEL_MIN_FILES
    if parallel:
        for path, blob, digest in _parallel(disk, rules, config, select or [], ignore or [], limits, workers, store is not None):
            result = _unpickle(blob)
            if result is None:  # a damaged cache entry
                import pickle

                result, digest = lint_cached(engine, path, limits, store)
                blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            done[path] = result
            if digest is not None:
                keep(path, digest, blob)
    else:
        for path in disk:
            done[path], digest = lint_cached(engine, path, limits, store, keep_text)
            if digest is not None:
                import pickle

                keep(path, digest, pickle.dumps(done[path], protocol=pickle.HIGHEST_PROTOCOL))
    if store is not None:
        store.keep(fresh)
        store.close()
    for path in dict.fromkeys(paths):
        if overrides and path in overrides:
            done[path] = lint_file(engine, path, limits, overrides[path], keep_text)
    results = [lint_file(engine, "-", limits, stdin or b"", keep_text) if p == "-" else done[p] for p in paths]
    out = LintResult(files=len(results))
    summaries: list[DocSummary] = []
    for r in results:
        out.documents += r.documents
        summaries.extend(r.summaries)
        if r.text is not None:
            out.texts[r.path] = r.text
        if r.holds_no_object:
            out.no_objects.append(r.path)
        if getattr(r, "origins", None):
            out.origins[r.path] = r.origins
    out.inventory = [(s.file, s.document, s.item, s.object_ref() if s.kind else None) for s in summaries]
    findings = [f for r in results for f in r.findings]
    findings.extend(engine.set_findings(summaries))
    out.findings = _suppress(engine, findings, results, summaries)
    order = {r.path: i for i, r in enumerate(results)}
    out.findings.sort(key=lambda f: (order.get(f.file, len(order)), f.sort_key()))
    return out


def _open_cache(
    rules: tuple[Rule, ...], config: Config, select: list[str] | None, ignore: list[str] | None, limits: Limits
) -> ResultCache | None:
    """The result cache for these settings; none when the user's own Python checks are loaded
    (joblint cannot tell when their code changes)."""
    if config.allow_plugins or disabled_by_environment():
        return None
    return ResultCache.open((rules, config, sorted(select or []), sorted(ignore or []), limits))


def _parallel(
    paths: list[str],
    rules: tuple[Rule, ...],
    config: Config,
    select: list[str],
    ignore: list[str],
    limits: Limits,
    workers: int,
    cache: bool,
) -> Iterator[tuple[str, bytes, bytes | None]]:
    """Results as the workers return them, so that the parent keeps and unpickles them while the
    workers go on."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    size = max(16, len(paths) // (workers * 8))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    with ctx.Pool(workers, initializer=_init_worker, initargs=(rules, config, select, ignore, limits, cache)) as pool:
        for batch in pool.imap(_work, chunks):
            yield from batch


def _suppress(engine: Engine, findings: list[Finding], results: list[FileResult], summaries: list[DocSummary]) -> list[Finding]:
    comments = {r.path: r.comments for r in results}
    annotations = {(s.file, s.document, s.item): s for s in summaries}
    used_comments: set[tuple[str, int, str]] = set()
    used_annotations: set[tuple[str, int, int | None, str]] = set()
    ignored_by_file: dict[str, set[str]] = {}
    kept: list[Finding] = []
    for f in findings:
        if f.code == UNUSED_SUPPRESSION:
            kept.append(f)
            continue
        file_codes = ignored_by_file.get(f.file)
        if file_codes is None:
            file_codes = ignored_by_file[f.file] = per_file_ignored(f.file, engine.config)
        if any(f.code.startswith(c) for c in file_codes):
            continue
        by_line = comments.get(f.file, {})
        hit_line = next((ln for ln in (f.line, f.line - 1) if f.code in by_line.get(ln, ())), None)
        if hit_line is not None:
            used_comments.add((f.file, hit_line, f.code))
            continue
        summary = annotations.get((f.file, f.document if f.document is not None else -1, f.item))
        if summary is not None and f.code in summary.suppressed and not f.code.startswith("JL9"):
            used_annotations.add((f.file, summary.document, summary.item, f.code))
            continue
        kept.append(f)
    rule = engine.all_rules.get(UNUSED_SUPPRESSION)
    if rule is None or rule.code not in engine.active:
        return kept
    severity = engine.severity(rule)
    for path, by_line in comments.items():
        for line, codes in sorted(by_line.items()):
            for code in sorted(codes):
                if (path, line, code) not in used_comments and _is_known_and_active(engine, code):
                    kept.append(
                        Finding(rule.code, rule.name, severity, f"unused suppression comment: {code} is not reported on this line or the next", path, line, 1)
                    )
    for s in summaries:
        for code in sorted(s.suppressed):
            if (s.file, s.document, s.item, code) not in used_annotations and _is_known_and_active(engine, code):
                line, column = s.locate(("metadata", "annotations", ANNOTATION))
                kept.append(
                    Finding(
                        rule.code, rule.name, severity,
                        f"unused suppression annotation {ANNOTATION}: {code} is not reported for this object",
                        s.file, line, column, s.document, s.object_ref(), f"metadata.annotations[{ANNOTATION}]", item=s.item,
                    )
                )
    return kept


def _is_known_and_active(engine: Engine, code: str) -> bool:
    """Only a code that could have been reported makes a suppression 'unused'."""
    return code in engine.active


def skip_walked_non_manifests(result: LintResult, walked: set[str]) -> None:
    """A directory walk passes over YAML that holds no Kubernetes object (Helm values, CI
    workflows, kustomize patches, scenario files): they are counted, not reported as JL907.
    A file named on the command line is still reported, as is any document with a kind or an
    apiVersion."""
    skipped = [path for path in result.no_objects if path in walked]
    if not skipped:
        return
    gone = set(skipped)
    result.skipped = skipped
    result.findings = [f for f in result.findings if not (f.code == "JL907" and f.file in gone)]


def apply_origins(result: LintResult, config: Config, kustomize_dir: str | None = None) -> None:
    """Point the findings of rendered documents at what was rendered: the Helm template named by
    `# Source:` (`helm template chart | joblint lint -`), or the file of kustomize's origin
    annotation. The position in the rendered stream moves to `rendered`.

    A template's line is estimated as the line's distance from the `# Source:` comment: exact
    when nothing above it in the template renders to more or fewer lines. kustomize rewrites
    the YAML, so its line is found in the origin file when that file is readable from here (the
    object's field by its path), else the finding points at the file's first line.
    Configuration `per-file-ignores` then applies to the template paths too. Documents, items and
    the inventory (JUnit's test cases) follow the same mapping. kustomize writes its origin paths
    relative to the directory it built: `kustomize_dir` names that directory, so the paths
    reported are relative to the working directory, as every other path is.
    """
    if not result.origins:
        return
    if kustomize_dir:
        for by_doc in result.origins.values():
            for key, written in by_doc.items():
                if written.tool == "kustomize" and not os.path.isabs(written.file):
                    by_doc[key] = written._replace(file=os.path.normpath(os.path.join(kustomize_dir, written.file)))
    resolver = _OriginFiles()
    for f in result.findings:
        origin = _origin_of(result.origins, f.file, f.document, f.item, f.line)
        if origin is None:
            continue
        f.rendered = {"file": f.file, "line": f.line, "column": f.column}
        if origin.offset is not None:
            line, column = max(1, f.line - origin.offset), f.column
        else:
            line, column = resolver.position(origin.file, f.object, f.field)
        f.file, f.line, f.column = origin.file, line, column
    for f in result.findings:
        if f.related is None:
            continue
        for n, item in enumerate(f.related["items"]):
            origin = _origin_of(result.origins, item["file"], item["document"], item.get("item"))
            if origin is None:
                continue
            if origin.offset is not None:
                line, column = max(1, item["line"] - origin.offset), item["column"]
            else:
                line, column = resolver.position(origin.file, item["object"], "metadata.name")
            f.related.moved[n] = {
                "file": origin.file, "line": line, "column": column,
                "rendered": {"file": item["file"], "line": item["line"], "column": item["column"]},
            }
    result.inventory = [
        ((o.file if (o := _origin_of(result.origins, file, doc, item)) is not None else file), doc, item, ref)
        for file, doc, item, ref in result.inventory
    ]
    if config.per_file_ignores:
        ignored: dict[str, set[str]] = {}
        kept = []
        for f in result.findings:
            if f.rendered is not None:
                codes = ignored.get(f.file)
                if codes is None:
                    codes = ignored[f.file] = per_file_ignored(f.file, config)
                if any(f.code.startswith(c) for c in codes):
                    continue
            kept.append(f)
        result.findings = kept


def _origin_of(
    origins: dict[str, dict[tuple[int, int | None], Origin]],
    file: str,
    document: int | None,
    item: int | None,
    line: int | None = None,
) -> Origin | None:
    """The origin of a document; for a finding of no document (an unused suppression comment) the
    Helm template whose `# Source:` line is the last one above `line`."""
    by_doc = origins.get(file)
    if not by_doc:
        return None
    if document is None:
        above = [o for o in by_doc.values() if o.offset is not None and line is not None and o.offset < line]
        return max(above, key=lambda o: o.offset or 0) if above else None
    return by_doc.get((document, item)) or by_doc.get((document, None))


class _OriginFiles:
    """Positions in kustomize origin files, each read once per run."""

    def __init__(self) -> None:
        self._files: dict[str, SourceFile | None] = {}

    def position(self, path: str, ref: dict[str, str] | None, field_path: str | None) -> tuple[int, int]:
        from .fieldpath import parse_path
        from .source import locate

        if path not in self._files:
            try:
                self._files[path] = read_path(path) if os.path.isfile(path) else None
            except Exception:  # never let a file we only look into stop the report
                self._files[path] = None
        source = self._files[path]
        if source is None or not source.documents:
            return 1, 1
        kind = (ref or {}).get("kind")
        name = (ref or {}).get("name") or ""
        candidates = [d for d in source.documents if isinstance(d.data, dict) and d.data.get("kind") == kind]
        if len(candidates) > 1:
            # kustomize may add a namePrefix/nameSuffix: the written name is inside the built one.
            def written_name(d: Any) -> str:
                meta = d.data.get("metadata")
                value = meta.get("name") if isinstance(meta, dict) else None
                return value if isinstance(value, str) else ""

            named = [d for d in candidates if written_name(d) and written_name(d) in name]
            candidates = sorted(named, key=lambda d: -len(written_name(d)))[:1]
        if len(candidates) != 1:
            return 1, 1
        return locate(candidates[0].node, parse_path(field_path) if field_path else ())
