"""The engine: runs the catalogue over analysed documents and turns issues and hits into findings.

Rules see one document (scope: document) or, once per run, every document read (scope: documents).
Suppressions (object annotation, `# joblint: ignore[...]` comments, configuration) are applied
here, and suppressions that suppress nothing are reported, so they do not outlive their reason.
"""

from __future__ import annotations

import fnmatch
import importlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .analysis import Analysis, Issue
from .catalogue import Rule
from .config import Config
from .fieldpath import format_path, value_at
from .findings import SEVERITY_RANK, Finding, Fix, Related
from .match import evaluate, find, resolve_placeholders
from .source import locate

ANNOTATION = "joblint.dev/ignore"
COMMENT = re.compile(r"#\s*joblint:\s*ignore\[([A-Za-z0-9_,\s-]+)\]")
UNUSED_SUPPRESSION = "JL910"
# Related objects a cross-document finding carries (JSON `related`, SARIF `relatedLocations`);
# its message names fewer, and both say how many there are in all.
RELATED_LIMIT = 10
# What cross-document rules read and point at: these parts of each object (as stored) and their
# positions travel with the document summary, and nothing more (summaries cross process
# boundaries and fill the result cache, so their size is paid for on every run).
SUMMARY_PATHS: tuple[tuple[Any, ...], ...] = (
    ("metadata", "name"),
    ("metadata", "namespace"),
    ("metadata", "labels"),
    ("spec", "selector"),
    ("spec", "template", "metadata", "labels"),
    ("spec", "jobTemplate", "spec", "template", "metadata", "labels"),
    ("spec", "schedule"),
    ("metadata", "annotations", "joblint.dev/ignore"),
    ("spec", "manualSelector"),
    # What other kinds select a Job's pods with (JL301-JL305): a NetworkPolicy's pod selector and
    # whether it restricts egress, a PodDisruptionBudget's budget.
    ("spec", "podSelector"),
    ("spec", "policyTypes"),
    ("spec", "egress"),
    ("spec", "minAvailable"),
    ("spec", "maxUnavailable"),
)

_SUMMARY_INDEX = {path: i for i, path in enumerate(SUMMARY_PATHS)}


@dataclass
class Hit:
    """What a check reports: a message at a path of the document, optionally with a fix."""

    message: str
    path: tuple[Any, ...] = ()
    at_key: bool = False
    fix: Fix | None = None
    # Cross-document rules: the first other objects involved, and how many there are in all.
    related: tuple["DocSummary", ...] = ()
    related_count: int = 0


@dataclass
class Context:
    """What a document check sees."""

    analysis: Analysis
    version: str
    options: dict[str, Any]

    @property
    def kind(self) -> str | None:
        return self.analysis.kind

    @property
    def obj(self) -> Any:
        return self.analysis.stored

    @property
    def written(self) -> Any:
        return self.analysis.written

    @property
    def data(self) -> dict[str, Any]:
        return self.analysis.stored_dict()

    @property
    def raw(self) -> Any:
        return self.analysis.doc.data


@dataclass(slots=True)
class DocSummary:
    """A document as cross-document rules see it: picklable; `data` holds the SUMMARY_PATHS parts
    of the object, and `positions` where they are."""

    file: str
    document: int
    item: int | None
    kind: str | None
    api_version: str | None
    namespace: str
    name: str | None
    data: dict[str, Any]
    # Where each of SUMMARY_PATHS is (or its nearest written ancestor), in SUMMARY_PATHS' order:
    # a tuple rather than a dict keyed by paths, as a parent gathers one per document of the run.
    positions: tuple[tuple[int, int], ...] = ()
    start: tuple[int, int] = (1, 1)
    suppressed: set[str] = field(default_factory=set)

    def locate(self, path: tuple[Any, ...]) -> tuple[int, int]:
        for n in range(len(path), 0, -1):
            at = _SUMMARY_INDEX.get(path[:n])
            if at is not None and at < len(self.positions):
                return self.positions[at]
        return self.start

    def object_ref(self) -> dict[str, str]:
        return {
            "apiVersion": self.api_version or "",
            "kind": self.kind or "",
            "namespace": self.namespace,
            "name": self.name or "",
        }


def code_matches(code: str, patterns: Iterable[str]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in patterns)


class Engine:
    def __init__(self, rules: tuple[Rule, ...], config: Config, select: list[str] | None = None, ignore: list[str] | None = None) -> None:
        self.config = config
        self.version = config.kubernetes_version
        self.all_rules = {r.code: r for r in rules}
        chosen_select = select if select else config.select
        extend = config.extend_select
        ignored = list(config.ignore) + list(ignore or [])

        def active(rule: Rule) -> bool:
            if code_matches(rule.code, ignored):
                return False
            if rule.code.startswith("JL9") and rule.code != "JL910":
                return True  # input that cannot be read is never silently passed (like ruff's syntax errors)
            if chosen_select:
                return code_matches(rule.code, chosen_select) or code_matches(rule.code, extend)
            return rule.default or code_matches(rule.code, extend)

        self.active = {code for code, rule in self.all_rules.items() if active(rule)}
        self.api_rules = [r for r in rules if r.api_fields]
        # Rules that also name the error's text are more specific: they are tried first.
        ordered = sorted(self.api_rules, key=lambda r: not r.api_messages)
        self._api_patterns = [
            (r, [re.compile(p) for p in r.api_fields], [re.compile(m) for m in r.api_messages]) for r in ordered
        ]
        self.doc_rules = [r for r in rules if r.code in self.active and r.scope == "document" and (r.match or r.check)]
        self.set_rules = [r for r in rules if r.code in self.active and r.scope == "documents" and r.check]
        self._checks: dict[str, Callable[..., Iterable[Hit]]] = {}
        # The document rules that apply to a kind, with their options: the same for every document.
        self._doc_rules_by_kind: dict[str | None, list[tuple[Rule, dict[str, Any]]]] = {}

    # --- codes -------------------------------------------------------------------------------

    def rule_for_issue(self, issue: Issue) -> Rule | None:
        if issue.code is not None:
            return self.all_rules.get(issue.code)
        field_text = issue.api_error.field if issue.api_error is not None else ""
        text = str(issue.api_error) if issue.api_error is not None else issue.message
        for rule, patterns, messages in self._api_patterns:
            if any(p.search(field_text) for p in patterns) and (not messages or any(m.search(text) for m in messages)):
                return rule
        return self.all_rules.get("JL099")

    def severity(self, rule: Rule) -> str:
        return self.config.severity.get(rule.code, rule.severity)

    # --- one document ------------------------------------------------------------------------

    def document_findings(self, analysis: Analysis) -> list[Finding]:
        doc = analysis.doc
        findings: list[Finding] = []
        # One object reference shared by the document's findings: pickled once, and held once by
        # the process that gathers every file's results.
        ref = analysis.object_ref()
        if analysis.issues:
            from .fix import fix_for_issue  # the edit machinery loads only when there is something to fix
        for issue in analysis.issues:
            rule = self.rule_for_issue(issue)
            if rule is None or rule.code not in self.active:
                continue
            line, column = locate(doc.node, issue.path, issue.at_key)
            api = None
            if issue.api_error is not None:
                api = {"type": issue.api_error.type.value, "field": issue.api_error.field}
            elif issue.api_type is not None:
                api = {"type": issue.api_type, "field": format_path(issue.path)}
            finding = self._finding(
                rule, issue.message, analysis, line, column, format_path(issue.path) if issue.path else None, api,
                fix_for_issue(rule.code, analysis, issue), ref,
            )
            if issue.api_warning is not None:
                finding.api_warning = {"text": issue.api_warning}
            findings.append(finding)
        if analysis.stored is not None:
            # A judgement on a value the server refuses anyway only repeats the error: fix that first.
            refused = [issue.path for issue in analysis.issues if issue.rejects and issue.path]
            for rule, options in self._doc_rules_for(analysis.kind):
                for hit in self._run(rule, analysis, options):
                    if hit.path and any(hit.path[: len(path)] == path for path in refused):
                        continue
                    line, column = locate(doc.node, hit.path, hit.at_key)
                    findings.append(
                        self._finding(rule, hit.message, analysis, line, column, format_path(hit.path) or None, None, hit.fix, ref)
                    )
        if analysis.as_v1 is not None:
            # A removed apiVersion (JL002): what the object would meet as batch/v1, marked as such.
            from .analysis import AS_V1_PREFIX

            for finding in self.document_findings(analysis.as_v1):
                finding.message = AS_V1_PREFIX + finding.message
                findings.append(finding)
        return findings

    def _finding(
        self,
        rule: Rule,
        message: str,
        analysis: Analysis,
        line: int,
        column: int,
        field_path: str | None,
        api: dict[str, str] | None,
        fix: Fix | None = None,
        ref: dict[str, str] | None = None,
    ) -> Finding:
        doc = analysis.doc
        return Finding(
            rule.code,
            rule.name,
            self.severity(rule),
            message,
            doc.file,
            line,
            column,
            doc.index,
            ref if ref is not None else analysis.object_ref(),
            field_path,
            api,
            fix,
            doc.item,
        )

    def _doc_rules_for(self, kind: str | None) -> list[tuple[Rule, dict[str, Any]]]:
        found = self._doc_rules_by_kind.get(kind)
        if found is None:
            found = self._doc_rules_by_kind[kind] = [
                (rule, self._options(rule)) for rule in self.doc_rules if rule.applies(kind, self.version)
            ]
        return found

    def _options(self, rule: Rule) -> dict[str, Any]:
        return {**rule.options, **self.config.options.get(rule.code, {})}

    def _run(self, rule: Rule, analysis: Analysis, options: dict[str, Any]) -> Iterable[Hit]:
        if rule.match is not None:
            data = analysis.stored_dict()
            ok, where = evaluate(rule.match, data)
            if not ok:
                return []
            if rule.at is not None:
                found = [at for at, _ in find(data, rule.at, rule.at_steps)]
                where = found[0] if found else where
            assert rule.message is not None
            return [Hit(resolve_placeholders(rule.message, data, rule.message_steps), tuple(where or ()))]
        check = self._check(rule)
        return list(check(Context(analysis, self.version, options)) or [])

    def _check(self, rule: Rule) -> Callable[..., Iterable[Hit]]:
        fn = self._checks.get(rule.code)
        if fn is None:
            assert rule.check is not None
            module, _, name = rule.check.partition(":")
            fn = getattr(importlib.import_module(module), name)
            self._checks[rule.code] = fn
        return fn

    # --- the document set --------------------------------------------------------------------

    def set_findings(self, summaries: list[DocSummary]) -> list[Finding]:
        """Findings of the rules that look across documents. Each object gets at most one finding
        per rule, however many others are involved (the rule names them in its message and as
        related objects), so the output grows with the documents, not with their pairs."""
        findings: list[Finding] = []
        refs: dict[int, dict[str, str]] = {}  # one object reference per summary, whatever the rule
        for rule in self.set_rules:
            check: Callable[..., Iterable[tuple[DocSummary, Hit]]] = self._check(rule)  # type: ignore[assignment]
            options = self._options(rule)
            reported: set[tuple[str, int, int | None]] = set()
            for summary, hit in check(summaries, self.version, options) or []:
                if rule.applies_to and summary.kind not in rule.applies_to:
                    continue
                key = (summary.file, summary.document, summary.item)
                if key in reported:
                    continue  # a check that reports an object twice: its first finding stands
                reported.add(key)
                line, column = summary.locate(hit.path)
                ref = refs.get(id(summary))
                if ref is None:
                    ref = refs[id(summary)] = summary.object_ref()
                finding = Finding(
                    rule.code,
                    rule.name,
                    self.severity(rule),
                    hit.message,
                    summary.file,
                    line,
                    column,
                    summary.document,
                    ref,
                    format_path(hit.path) or None,
                    None,
                    hit.fix,
                    summary.item,
                )
                if hit.related:
                    finding.related = Related(max(hit.related_count, len(hit.related)), hit.related[:RELATED_LIMIT])
                findings.append(finding)
        return findings


def summarize(analysis: Analysis) -> DocSummary:
    doc = analysis.doc
    whole = analysis.stored_dict() if analysis.stored is not None else (doc.data if isinstance(doc.data, dict) else {})
    data: dict[str, Any] = {}
    seen: dict[tuple[int, int], tuple[int, int]] = {}
    # Equal positions (a path not written falls back to its parent's) as one object: pickled once.
    positions = tuple(seen.setdefault(at, at) for at in (locate(doc.node, path) for path in SUMMARY_PATHS))
    for path in SUMMARY_PATHS:
        _copy_path(whole, data, path)
    if analysis.kind in ("Job", "CronJob"):
        _drop_generated(data, analysis.kind)
    return DocSummary(
        doc.file,
        doc.index,
        doc.item,
        analysis.kind,
        analysis.api_version,
        analysis.namespace,
        analysis.name,
        data,
        positions,
        doc.start,
        object_suppressions(doc.data)[0],
    )


def _drop_generated(data: dict[str, Any], kind: str) -> None:
    """What the server generates for a Job names no pod but the Job's own (its uid): the selector
    of a Job without manualSelector and the generated pod labels. A summary leaves them out, as
    no cross-document rule compares them and a run gathers one summary per document."""
    from .checks.labels import is_generated_label

    spec = data.get("spec")
    if not isinstance(spec, dict):
        return
    if kind == "Job" and spec.get("manualSelector") is not True:
        spec.pop("selector", None)
    template = value_at(spec, ("jobTemplate", "spec", "template") if kind == "CronJob" else ("template",))
    meta = template.get("metadata") if isinstance(template, dict) else None
    if not isinstance(meta, dict):
        return
    labels = meta.get("labels")
    if isinstance(labels, dict):
        # A filtered copy: the dicts above are the summary's own, the labels the stored object's.
        meta["labels"] = {k: v for k, v in labels.items() if not (isinstance(k, str) and is_generated_label(k))}


def _copy_path(source: dict[str, Any], target: dict[str, Any], path: tuple[Any, ...]) -> None:
    """target[path] = source[path], creating the dicts on the way, when source has a value there."""
    value = value_at(source, path)
    if value is None:
        return
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


# --- suppressions --------------------------------------------------------------------------------


def object_suppressions(data: Any) -> tuple[set[str], str | None]:
    """Codes named by the object's `joblint.dev/ignore` annotation ("JL104,JL130: reason")."""
    if not isinstance(data, dict):
        return set(), None
    meta = data.get("metadata")
    annotations = meta.get("annotations") if isinstance(meta, dict) else None
    value = annotations.get(ANNOTATION) if isinstance(annotations, dict) else None
    if not isinstance(value, str):
        return set(), None
    codes_part, _, reason = value.partition(":")
    codes = {c.strip().upper() for c in codes_part.split(",") if c.strip()}
    return codes, reason.strip() or None


def comment_suppressions(text: str | None) -> dict[int, set[str]]:
    """Line number → codes named by `# joblint: ignore[...]` on that line."""
    if not text or "joblint:" not in text:
        return {}
    found: dict[int, set[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        m = COMMENT.search(line)
        if m:
            found[number] = {c.strip().upper() for c in m.group(1).split(",") if c.strip()}
    return found


def per_file_ignored(path: str, config: Config) -> set[str]:
    codes: set[str] = set()
    for pattern, listed in config.per_file_ignores.items():
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path.lstrip("./"), pattern):
            codes.update(listed)
    return codes


def is_fail(severity: str, fail_level: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[fail_level]
