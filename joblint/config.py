"""Configuration: `.joblint.yaml` found upward from the working directory, `[tool.joblint]` in
pyproject.toml, or `--config FILE`. Unknown keys are errors that name the file and line."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import SEVERITIES
from .versions import DEFAULT, UnknownVersion, parse_version

CONFIG_NAMES = (".joblint.yaml", ".joblint.yml")
KEYS = {
    "kubernetes-version",
    "select",
    "ignore",
    "extend-select",
    "severity",
    "per-file-ignores",
    "fail-level",
    "rule-paths",
    "allow-plugins",
    "options",
    "max-file-bytes",
    "only-manifests",
}


class ConfigError(ValueError):
    """A configuration problem: stops the run with exit code 2."""


@dataclass
class Config:
    kubernetes_version: str = DEFAULT
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_level: str = "warning"
    rule_paths: list[str] = field(default_factory=list)
    allow_plugins: bool = False
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    max_file_bytes: int | None = None
    # Files with no Kubernetes object at all (other YAML in a repository) are skipped silently.
    only_manifests: bool = False
    source: str | None = None


def find_config(start: Path | None = None) -> Path | None:
    """The nearest `.joblint.yaml`, or a pyproject.toml with a [tool.joblint] table."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "[tool.joblint]" in _read(pyproject):
            return pyproject
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc


def load_config(path: Path | None) -> Config:
    if path is None:
        config = Config()
    elif path.name == "pyproject.toml":
        config = _from_toml(path)
    else:
        config = _from_yaml(path)
    env_version = os.environ.get("JOBLINT_KUBERNETES_VERSION")
    if env_version:
        config.kubernetes_version = _version(env_version, "JOBLINT_KUBERNETES_VERSION")
    return config


def _from_toml(path: Path) -> Config:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    table = data.get("tool", {}).get("joblint", {})
    return _build(table, str(path), lambda key: None)


def _from_yaml(path: Path) -> Config:
    from .kubeyaml import Converter, YamlError, compose_all
    from .source import locate

    text = _read(path)
    try:
        nodes = compose_all(text)
        data = Converter().convert(nodes[0]) if nodes and nodes[0] is not None else {}
    except YamlError as exc:
        raise ConfigError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from exc
    except Exception as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{at}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration is a mapping")
    root = nodes[0] if nodes else None

    def where(key: str) -> str:
        line, column = locate(root, [key], at_key=True)
        return f"{path}:{line}:{column}"

    return _build(data, str(path), where)


def _version(value: Any, where: str) -> str:
    try:
        return parse_version(str(value))
    except UnknownVersion as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def _codes(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule codes or prefixes")
    return [v.upper() for v in value]


def _build(data: dict[str, Any], name: str, where: Any) -> Config:
    config = Config(source=name)

    def at(key: str) -> str:
        return where(key) or name

    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{at(key)}: unknown configuration key {key!r}; known keys: {', '.join(sorted(KEYS))}")
    if "kubernetes-version" in data:
        config.kubernetes_version = _version(data["kubernetes-version"], at("kubernetes-version"))
    for key in ("select", "ignore", "extend-select"):
        if key in data:
            setattr(config, key.replace("-", "_"), _codes(data[key], at(key)))
    if "severity" in data:
        table = data["severity"]
        if not isinstance(table, dict) or not all(v in SEVERITIES for v in table.values()):
            raise ConfigError(f"{at('severity')}: severity maps rule codes to {', '.join(SEVERITIES)}")
        config.severity = {str(k).upper(): v for k, v in table.items()}
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{at('per-file-ignores')}: per-file-ignores maps globs to rule codes")
        config.per_file_ignores = {str(k): _codes(v, at("per-file-ignores")) for k, v in table.items()}
    if "fail-level" in data:
        if data["fail-level"] not in SEVERITIES:
            raise ConfigError(f"{at('fail-level')}: fail-level is one of {', '.join(SEVERITIES)}")
        config.fail_level = data["fail-level"]
    if "rule-paths" in data:
        paths = data["rule-paths"]
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise ConfigError(f"{at('rule-paths')}: rule-paths is a list of directories")
        base = Path(name).parent
        config.rule_paths = [str((base / p).resolve()) for p in paths]
    if "only-manifests" in data:
        if not isinstance(data["only-manifests"], bool):
            raise ConfigError(f"{at('only-manifests')}: only-manifests is true or false")
        config.only_manifests = data["only-manifests"]
    if "allow-plugins" in data:
        if not isinstance(data["allow-plugins"], bool):
            raise ConfigError(f"{at('allow-plugins')}: allow-plugins is true or false")
        config.allow_plugins = data["allow-plugins"]
    if "options" in data:
        table = data["options"]
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            raise ConfigError(f"{at('options')}: options maps rule codes to mappings of option values")
        config.options = {str(k).upper(): v for k, v in table.items()}
    if "max-file-bytes" in data:
        value = data["max-file-bytes"]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError(f"{at('max-file-bytes')}: max-file-bytes is a positive integer")
        config.max_file_bytes = value
    return config
