"""Command line: wires options to functions in the package; no logic lives here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

FORMATS = ("text", "json", "sarif", "github", "junit")


def _fail(message: str) -> None:
    click.echo(f"joblint: error: {message}", err=True)
    sys.exit(2)


def _config(config_path: str | None, version: str | None):  # type: ignore[no-untyped-def]
    from .config import ConfigError, find_config, load_config
    from .versions import UnknownVersion, parse_version

    try:
        config = load_config(Path(config_path) if config_path else find_config())
        if version:
            config.kubernetes_version = parse_version(version)
    except (ConfigError, UnknownVersion) as exc:
        _fail(str(exc))
    return config


def _rules(config):  # type: ignore[no-untyped-def]
    from .catalogue import CatalogueError, load

    try:
        return load(tuple(config.rule_paths), config.allow_plugins)
    except CatalogueError as exc:
        _fail(str(exc))


def _codes(value: str | None) -> list[str]:
    return [c.strip().upper() for c in (value or "").split(",") if c.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="joblint")
def main() -> None:
    """Lint, default, validate and dry-run Kubernetes Job and CronJob manifests."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--kubernetes-version", "version", help="Target Kubernetes version, e.g. 1.34 (default: the newest known).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file.")
@click.option("--select", help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", help="Skip these rule codes or prefixes (comma-separated).")
@click.option("--fail-level", type=click.Choice(["info", "warning", "error"]), help="Lowest severity that fails the run.")
@click.option("--quiet", "-q", is_flag=True, help="Only findings and the summary.")
@click.option("--statistics", is_flag=True, help="Counts per rule.")
@click.option("--show-source", is_flag=True, help="Show the offending line with a caret.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to a file.")
@click.option("--color/--no-color", default=None, help="Colour (default: only on a terminal).")
@click.option("--jobs", type=int, help="Worker processes (default: the number of cores).")
def lint(paths, fmt, version, config_path, select, ignore, fail_level, quiet, statistics, show_source, output, color, jobs):  # type: ignore[no-untyped-def]
    """Report everything the API server would reject, and what it would accept but you will regret."""
    from .engine import is_fail
    from .lint import run_lint
    from .report import to_json, to_text
    from .source import expand_paths, read_stdin

    config = _config(config_path, version)
    if fail_level:
        config.fail_level = fail_level
    rules = _rules(config)
    if not paths:
        _fail("no paths given (use - for standard input)")
    files, missing = expand_paths(list(paths))
    for m in missing:
        click.echo(f"joblint: error: {m}: no such file or directory", err=True)
    stdin = read_stdin() if "-" in files else None
    try:
        result = run_lint(files, rules, config, _codes(select), _codes(ignore), stdin, keep_text=show_source, jobs=jobs)
    except KeyboardInterrupt:
        sys.exit(130)
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    if fmt == "json":
        text = to_json(result.findings, result.files, result.documents, config.kubernetes_version)
    elif fmt == "text":
        text = to_text(result.findings, result.files, result.documents, use_color, quiet, result.texts if show_source else None, statistics)
    else:
        from .formats import render

        text = render(fmt, result.findings, rules, result.files, result.documents, config.kubernetes_version)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
    else:
        click.echo(text, nl=False)
    if missing:
        sys.exit(2)
    sys.exit(1 if any(is_fail(f.severity, config.fail_level) for f in result.findings) else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--kubernetes-version", "version")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def defaults(paths, fmt, version, config_path):  # type: ignore[no-untyped-def]
    """Print each Job and CronJob as the API server would store it after defaulting."""
    from .stored import stored_objects

    config = _config(config_path, version)
    from .source import expand_paths, read_stdin

    files, missing = expand_paths(list(paths))
    for m in missing:
        click.echo(f"joblint: error: {m}: no such file or directory", err=True)
    stdin = read_stdin() if "-" in files else None
    text, problems = stored_objects(files, config.kubernetes_version, fmt, stdin)
    for p in problems:
        click.echo(p, err=True)
    click.echo(text, nl=False)
    sys.exit(2 if missing or problems else 0)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def rules_cmd(fmt, config_path):  # type: ignore[no-untyped-def]
    """List every rule: code, name, severity, whether --fix can fix it, summary."""
    from .show import rules_table

    config = _config(config_path, None)
    click.echo(rules_table(_rules(config), fmt), nl=False)


@main.command()
@click.argument("code")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def explain(code, config_path):  # type: ignore[no-untyped-def]
    """Explain a rule (by code or name): why it matters, how to fix it, examples."""
    from .show import explain as explain_rule

    config = _config(config_path, None)
    rules = _rules(config)
    wanted = code.strip()
    for rule in rules:
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            click.echo(explain_rule(rule), nl=False)
            return
    _fail(f"unknown rule {code!r} (see `joblint rules`)")
