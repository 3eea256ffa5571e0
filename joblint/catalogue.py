"""The rule catalogue: one YAML file per rule under rules/, the single source of each rule's identity.

Compiling the catalogue (reading every file, checking it, lowering its jsonpaths) costs more than
linting a file, so the compiled form is cached as JSON keyed by the files' sizes and mtimes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .cache import cache_dir, file_stamp, make_cache_dir
from .findings import SEVERITIES

CODE = re.compile(r"^JL\d{3}$")
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REQUIRED_KEYS = ("code", "name", "severity", "summary", "rationale", "fix", "applies-to")
ALLOWED_KEYS = set(REQUIRED_KEYS) | {
    "versions",
    "match",
    "check",
    "scope",
    "message",
    "at",
    "api",
    "examples",
    "fixable",
    "options",
    "default",
    "emitted-by",
}
KINDS = ("Job", "CronJob")


class CatalogueError(ValueError):
    """A rule file that does not follow the catalogue format; names the file."""


@dataclass
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    applies_to: list[str]
    source: str
    versions: str | None = None
    match: dict[str, Any] | None = None
    message: str | None = None
    message_steps: dict[str, Any] = field(default_factory=dict)
    at: str | None = None
    at_steps: list[Any] | None = None
    check: str | None = None
    scope: str = "document"
    api_fields: list[str] = field(default_factory=list)
    # Optional: the error's text must also match one of these (for errors that share a field path).
    api_messages: list[str] = field(default_factory=list)
    fixable: str = "none"  # none | safe | unsafe
    options: dict[str, Any] = field(default_factory=dict)
    default: bool = True
    emitted: bool = False  # reported by the source/decode stages, not run by the engine

    @property
    def is_api(self) -> bool:
        return bool(self.api_fields) or self.code < "JL100"

    def details(self) -> dict[str, Any]:
        """The whole rule file (rationale, fix, examples), read on demand."""
        return _read_rule_file(self.source)

    def applies(self, kind: str | None, version: str) -> bool:
        if kind is not None and kind not in self.applies_to:
            return False
        return version_matches(self.versions, version)

    def to_cache(self) -> dict[str, Any]:
        return dict(self.__dict__)


def version_matches(spec: str | None, version: str) -> bool:
    """`>=1.31`, `<1.33`, `>=1.30,<1.35`: all clauses must hold."""
    if not spec:
        return True
    from .versions import key

    have = key(version)
    for clause in spec.split(","):
        clause = clause.strip()
        m = re.match(r"^(>=|<=|==|>|<)\s*(\d+\.\d+)$", clause)
        if not m:
            raise CatalogueError(f"invalid versions clause {clause!r}")
        op, want = m.group(1), key(m.group(2))
        ok = {
            ">=": have >= want,
            "<=": have <= want,
            "==": have == want,
            ">": have > want,
            "<": have < want,
        }[op]
        if not ok:
            return False
    return True


def builtin_rule_dir() -> Path:
    """rules/ beside the package in a checkout, or the copy installed with the package."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "rules"
    if checkout.is_dir():
        return checkout
    return here / "rulefiles"


def _read_rule_file(path: str) -> dict[str, Any]:
    from .kubeyaml import Converter, compose_all

    try:
        text = Path(path).read_text(encoding="utf-8")
        nodes = compose_all(text)
    except Exception as exc:  # any read or syntax problem names the file
        raise CatalogueError(f"{path}: cannot read rule file: {exc}") from exc
    if len(nodes) != 1 or nodes[0] is None:
        raise CatalogueError(f"{path}: a rule file holds exactly one YAML document")
    from .kubeyaml import YamlError

    try:
        data = Converter().convert(nodes[0])
    except YamlError as exc:  # tags, alias bombs: a rule file is plain data
        raise CatalogueError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from exc
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: a rule file is a mapping")
    return data


def _resolve_check(check: str, where: str) -> None:
    """A check must name a function that exists: found now, not halfway through a lint run."""
    import importlib

    module_name, _, name = check.partition(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # ImportError, or the module failing as it loads
        raise CatalogueError(f"{where}: check {check!r}: cannot import {module_name}: {exc}") from exc
    if not callable(getattr(module, name, None)) or isinstance(getattr(module, name), type):
        raise CatalogueError(f"{where}: check {check!r}: {module_name} has no function {name!r}")


def compile_rule(path: str, allow_plugins: bool = False) -> Rule:
    from .match import MatchError, compile_match, lower, placeholder_steps

    data = _read_rule_file(path)
    where = path
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise CatalogueError(f"{where}: missing keys: {', '.join(missing)}")
    unknown = sorted(set(data) - ALLOWED_KEYS)
    if unknown:
        raise CatalogueError(f"{where}: unknown keys: {', '.join(unknown)}")
    code, name, severity = data["code"], data["name"], data["severity"]
    if not isinstance(code, str) or not CODE.match(code):
        raise CatalogueError(f"{where}: code must look like JL123, got {code!r}")
    if not isinstance(name, str) or not NAME.match(name):
        raise CatalogueError(f"{where}: name must be a lowercase slug, got {name!r}")
    if severity not in SEVERITIES:
        raise CatalogueError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    applies = data["applies-to"]
    if not isinstance(applies, list) or not applies or any(k not in KINDS for k in applies):
        raise CatalogueError(f"{where}: applies-to lists Job and/or CronJob")
    kinds = [k for k in ("match", "check", "api", "emitted-by") if k in data]
    if len(kinds) != 1:
        raise CatalogueError(f"{where}: a rule has exactly one of match, check, api or emitted-by")
    if "emitted-by" in data and data["emitted-by"] != "pipeline":
        raise CatalogueError(f"{where}: emitted-by is pipeline (findings of the source and decode stages)")
    rule = Rule(code, name, severity, str(data["summary"]).strip(), list(applies), path)
    rule.versions = data.get("versions")
    if rule.versions is not None:
        try:
            version_matches(str(rule.versions), "1.30")
        except CatalogueError as exc:
            raise CatalogueError(f"{where}: {exc}") from exc
    rule.fixable = data.get("fixable", "none")
    if rule.fixable not in ("none", "safe", "unsafe"):
        raise CatalogueError(f"{where}: fixable is none, safe or unsafe")
    rule.default = data.get("default", True) is not False
    rule.emitted = "emitted-by" in data
    options = data.get("options", {})
    if not isinstance(options, dict):
        raise CatalogueError(f"{where}: options is a mapping of option names to defaults")
    rule.options = options
    scope = data.get("scope", "document")
    if scope not in ("document", "documents"):
        raise CatalogueError(f"{where}: scope is document or documents")
    rule.scope = scope
    try:
        if "match" in data:
            rule.match = compile_match(data["match"])
            if not isinstance(data.get("message"), str):
                raise CatalogueError(f"{where}: a match rule needs a message")
            rule.message = data["message"].strip()
            rule.message_steps = placeholder_steps(rule.message)
            if "at" in data:
                rule.at = str(data["at"])
                rule.at_steps = lower(rule.at)
        elif "check" in data:
            check = data["check"]
            if not isinstance(check, str) or ":" not in check:
                raise CatalogueError(f"{where}: check names a function as module:function")
            module = check.split(":")[0]
            if not (module == "joblint.checks" or module.startswith("joblint.checks.")) and not allow_plugins:
                raise CatalogueError(
                    f"{where}: check {check!r} is outside joblint.checks; "
                    "set `allow-plugins: true` in the configuration to run your own Python"
                )
            _resolve_check(check, where)
            rule.check = check
        elif "api" in data:
            fields = data["api"].get("fields") if isinstance(data["api"], dict) else None
            if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
                raise CatalogueError(f"{where}: api.fields is a list of field-path regexes")
            messages = data["api"].get("messages", [])
            if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
                raise CatalogueError(f"{where}: api.messages is a list of regexes over the error's text")
            for pattern in fields + messages:
                re.compile(pattern)
            rule.api_fields = fields
            rule.api_messages = messages
    except (MatchError, re.error) as exc:
        raise CatalogueError(f"{where}: {exc}") from exc
    examples = data.get("examples")
    if examples is not None and not (isinstance(examples, dict) and set(examples) <= {"bad", "good"}):
        raise CatalogueError(f"{where}: examples has bad and good lists")
    return rule


def _fingerprint(files: list[Path], allow_plugins: bool) -> str:
    digest = hashlib.sha256(f"{__version__}|{allow_plugins}".encode())
    for f in files:
        digest.update(file_stamp(f))
    return digest.hexdigest()[:24]


@lru_cache(maxsize=16)
def load(rule_dirs: tuple[str, ...] = (), allow_plugins: bool = False) -> tuple[Rule, ...]:
    """Every rule: the built-in catalogue plus the user's rule directories, by code."""
    dirs = [builtin_rule_dir(), *map(Path, rule_dirs)]
    files: list[Path] = []
    for d in dirs:
        if not d.is_dir():
            raise CatalogueError(f"{d}: rule directory not found")
        # Regular files only: a named pipe named *.yaml would block the run.
        files.extend(sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
    where = cache_dir()
    cache = where / f"catalogue-{_fingerprint(files, allow_plugins)}.json" if where is not None else None
    if cache is not None:
        try:
            cached = json.loads(cache.read_text(encoding="utf-8"))
            return tuple(Rule(**entry) for entry in cached)
        except (OSError, ValueError, TypeError):
            pass
    rules = [compile_rule(str(f), allow_plugins) for f in files]
    seen: dict[str, str] = {}
    for rule in rules:
        for ident in (rule.code, rule.name):
            if ident in seen:
                raise CatalogueError(f"{rule.source}: {ident} is already defined in {seen[ident]}")
            seen[ident] = rule.source
    rules.sort(key=lambda r: r.code)
    if cache is not None:
        _write_cache(cache, [r.to_cache() for r in rules])
    return tuple(rules)


def _write_cache(path: Path, data: list[dict[str, Any]]) -> None:
    try:
        import tempfile  # only when writing: a lint run that finds the catalogue cached needs none

        make_cache_dir(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalogue-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs speed


def by_code(rules: tuple[Rule, ...]) -> dict[str, Rule]:
    return {r.code: r for r in rules}
