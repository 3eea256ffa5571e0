"""Command line: wires options to functions in the package; no logic lives here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, TextIO

import click

from . import __version__
from .plugin_lookup import skip_plugin_lookup

skip_plugin_lookup()

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


def _relax_gc(fixing: bool) -> None:
    """For one lint run, in a process of its own (so here, not in the library). Linting makes no
    reference cycles (tests/test_gc.py checks it): the cycle collector would only rescan what the
    run keeps to the end, the parsed documents and, in the parent, every file's result (a tenth of
    a large run's parent time), so it is off until the report is written (_collect_while_writing),
    in the worker processes too. Fixing goes through ruamel.yaml's round-trip objects, which do
    make a few cycles: there the collector runs, less often, with what is loaded so far frozen out
    of its view."""
    import gc

    if not fixing:
        gc.disable()
        return
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def _collect_while_writing() -> None:
    """Writing a report is not held to making no cycles (json.dumps, which show.indented_json
    leaves unusual values to, builds recursive closures for each call; a 100,000-file report once
    grew by 700 MiB that way). The collector runs again while the report is written, with what the
    run holds frozen out of its view, so that it only looks at what writing makes."""
    import gc

    gc.freeze()
    gc.enable()


def _pick(path: str, version: str, kinds: tuple[str, ...], name: str | None):  # type: ignore[no-untyped-def]
    """The object `dry-run` or `schedule` works on; what stops them is printed and ends the run."""
    from .dryrun import DryRunInputError, pick
    from .source import read_stdin

    try:
        picked = pick(path, version, kinds, name, read_stdin() if path == "-" else None)
    except DryRunInputError as exc:
        for line in exc.lines:
            click.echo(line, err=True)
        sys.exit(1 if exc.rejected else 2)
    for other in picked.others:
        click.echo(f"joblint: note: {path} also holds {other}; pick it with --name", err=True)
    return picked


def _emit(fmt: str, data: Callable[[], Any], text: Callable[[], str]) -> None:
    """A result as JSON, YAML or its text rendering (only the one asked for is built)."""
    from .show import dump_json, dump_yaml

    click.echo(dump_json(data()) if fmt == "json" else dump_yaml(data()) if fmt == "yaml" else text(), nl=False)


def _codes(value: str | None) -> list[str]:
    return [c.strip().upper() for c in (value or "").split(",") if c.strip()]


class _Guarded(click.Group):
    """An unexpected exception is a bug in joblint: one line and exit 2 (1 means findings), and the
    traceback only when JOBLINT_DEBUG is set."""

    def invoke(self, ctx: click.Context) -> object:
        import os

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader stopped reading (`joblint lint . | head`): not an error of joblint's.
            # Standard output goes to /dev/null so that the interpreter's last flush stays quiet.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except Exception as exc:
            if os.environ.get("JOBLINT_DEBUG"):
                raise
            click.echo(f"joblint: internal error: {type(exc).__name__}: {exc} (set JOBLINT_DEBUG=1 for details)", err=True)
            sys.exit(2)


class _Echo:
    """Standard output as a stream for the report writers, through click.echo as before (which
    also drops colour codes when the output is not a terminal). Writes are gathered into pieces of
    about ECHO_CHUNK characters: a click.echo per line or per finding costs more than making it."""

    ECHO_CHUNK = 64 * 1024

    def __init__(self) -> None:
        self.pending: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        self.pending.append(text)
        self.size += len(text)
        if self.size >= self.ECHO_CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.pending:
            click.echo("".join(self.pending), nl=False)
            self.pending.clear()
            self.size = 0


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--fix", "fix", is_flag=True, help="Apply the safe fixes to the files, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply the unsafe fixes too (they change behaviour).")
@click.option("--diff", "diff", is_flag=True, help="Print the fixes as a unified diff; change no file.")
@click.option("--against", "against", metavar="REV", help="Also report changes the API server refuses on update, against git revision REV.")
@click.option("--kustomize-dir", "kustomize_dir", type=click.Path(file_okay=False), help="The directory `kustomize build` built: its origin annotations' paths are relative to it.")
@click.option("--only-manifests", is_flag=True, help="Skip YAML files that hold no Kubernetes object (for hooks that see every YAML file).")
@click.option("--no-cache", is_flag=True, help="Lint every file afresh; do not read or write the result cache.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="Report only findings not recorded in this baseline file, and its entries fixed since.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False), help="Record this run's findings in a baseline file (the run then passes).")
@click.option("--prune-baseline", is_flag=True, help="With --baseline, drop the entries fixed since from the file (adds nothing).")
def lint(paths, fmt, version, config_path, select, ignore, fail_level, quiet, statistics, show_source, output, color, jobs, fix, unsafe_fixes, diff, against, kustomize_dir, only_manifests, no_cache, baseline_path, write_baseline, prune_baseline):  # type: ignore[no-untyped-def]
    """Report everything the API server would reject, and what it would accept but you will regret."""
    from .engine import is_fail
    from .lint import apply_origins, run_lint, skip_walked_non_manifests
    from .source import expand_paths, read_stdin

    config = _config(config_path, version)
    if fail_level:
        config.fail_level = fail_level
    if only_manifests:
        config.only_manifests = True
    rules = _rules(config)
    if not paths:
        _fail("no paths given (use - for standard input)")
    _relax_gc(bool(fix or diff))
    walked: set[str] = set()
    files, missing = expand_paths(list(paths), walked)
    for m in missing:
        click.echo(f"joblint: error: {m}: no such file or directory", err=True)
    stdin = read_stdin() if "-" in files else None
    try:
        if fix or diff:
            from .autofix import run_fixes

            if "-" in files:
                _fail("--fix and --diff work on files, not on standard input")
            fixing = run_fixes(files, rules, config, _codes(select), _codes(ignore), unsafe_fixes, diff, jobs)
            for message in fixing.messages:
                click.echo(f"joblint: {message}", err=True)
            if diff:
                click.echo(fixing.diff, nl=False)
                click.echo(f"joblint: would fix {fixing.fixed} finding(s) in {len(fixing.files_changed)} file(s)", err=True)
                sys.exit(1 if fixing.diff else 0)
            click.echo(f"joblint: fixed {fixing.fixed} finding(s) in {len(fixing.files_changed)} file(s)", err=True)
            if fixing.unsafe_available:
                click.echo(f"joblint: {fixing.unsafe_available} more fix(es) available with --unsafe-fixes", err=True)
            result = fixing.result
        else:
            result = run_lint(
                files, rules, config, _codes(select), _codes(ignore), stdin, keep_text=show_source, jobs=jobs, cache=not no_cache
            )
        skip_walked_non_manifests(result, walked)
        if against:
            from .update import UpdateError, against_findings

            try:
                result.findings = against_findings(result, files, against, rules, config, _codes(select), _codes(ignore))
            except UpdateError as exc:
                _fail(str(exc))
    except KeyboardInterrupt:
        sys.exit(130)
    apply_origins(result, config, kustomize_dir)  # findings of `helm template` / kustomize output point at their sources
    held = None
    if baseline_path or write_baseline or prune_baseline:
        from .baseline import BaselineError, use
        from .engine import Engine

        active = Engine(rules, config, _codes(select), _codes(ignore)).active
        covered = [*files, *(entry[0] for entry in result.inventory)]
        try:
            result.findings, held, notes = use(result.findings, covered, active, baseline_path, write_baseline, prune_baseline)
        except BaselineError as exc:
            _fail(str(exc))
        for note in notes:
            click.echo(f"joblint: {note}", err=True)
        if fmt not in ("text", "json"):
            for line in held.text_lines():
                click.echo(f"joblint: {line}", err=True)
    use_color = color if color is not None else (output is None and sys.stdout.isatty())

    def write(out: TextIO) -> None:
        """The report, written as it is produced (never one string of the whole report)."""
        if fmt == "json":
            from .report import write_json_report

            write_json_report(
                out, result.findings, result.files, result.documents, config.kubernetes_version, len(result.skipped),
                held.to_json() if held is not None else None,
            )
        elif fmt == "text":
            from .report import write_text_report

            write_text_report(
                out, result.findings, result.files, result.documents, use_color, quiet, result.texts if show_source else None,
                statistics, len(result.skipped), held.text_lines() if held is not None else None,
            )
        else:
            from .formats import write_report

            write_report(
                out, fmt, result.findings, rules, result.files, result.documents, config.kubernetes_version,
                inventory=getattr(result, "inventory", None),
            )

    _collect_while_writing()
    if output:
        try:
            # surrogateescape: a file name that is not UTF-8 is written back as the bytes it was
            with open(output, "w", encoding="utf-8", errors="surrogateescape") as out:
                write(out)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
    else:
        stdout = _Echo()
        write(stdout)  # type: ignore[arg-type]
        stdout.flush()
    if missing:
        sys.exit(2)
    failing = held.failing(result.findings) if held is not None else result.findings
    sys.exit(1 if any(is_fail(f.severity, config.fail_level) for f in failing) else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--kubernetes-version", "version")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
@click.option("--sort-keys", "sorted_keys", is_flag=True, help="Sort keys as `kubectl get -o yaml`/`-o json` does, to diff against it.")
def defaults(paths, fmt, version, config_path, sorted_keys):  # type: ignore[no-untyped-def]
    """Print each Job and CronJob as the API server would store it after defaulting."""
    from .stored import stored_objects

    config = _config(config_path, version)
    from .source import expand_paths, read_stdin

    files, missing = expand_paths(list(paths))
    for m in missing:
        click.echo(f"joblint: error: {m}: no such file or directory", err=True)
    stdin = read_stdin() if "-" in files else None
    text, problems = stored_objects(files, config.kubernetes_version, fmt, stdin, sorted_keys)
    for p in problems:
        click.echo(p, err=True)
    click.echo(text, nl=False)
    sys.exit(2 if missing or problems else 0)


@main.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--kubernetes-version", "version", help="Target Kubernetes version, e.g. 1.34 (default: the newest known).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def diff_cmd(old, new, fmt, version, config_path):  # type: ignore[no-untyped-def]
    """Report every change from OLD to NEW (files or directories) the API server refuses on update."""
    from .report import to_json
    from .update import UpdateError, diff_paths, render_text

    config = _config(config_path, version)
    rules = {r.code: r for r in _rules(config)}
    rule = rules.get("JL030")
    severity = config.severity.get("JL030", rule.severity if rule is not None else "error")
    try:
        findings = diff_paths(old, new, config.kubernetes_version, severity)
    except UpdateError as exc:
        _fail(str(exc))
    if fmt == "json":
        click.echo(to_json(findings, 2, len({(f.file, f.document, f.item) for f in findings}), config.kubernetes_version), nl=False)
    else:
        click.echo(render_text(findings), nl=False)
    sys.exit(1 if findings else 0)


@main.command("dry-run")
@click.argument("path", metavar="FILE")
@click.option("--scenario", default="succeed", show_default=True, help="A built-in scenario (succeed, fail, hang, flaky:p=0.1,seed=N, evict-once, oom) or a scenario file.")
@click.option("--until", "until", metavar="DURATION", help="Stop the simulation at this time (90s, 10m, 1h30m, 2d); default: when the Job is finished.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml"]), default="text", show_default=True)
@click.option("--svg", "svg", type=click.Path(dir_okay=False), help="Also draw the pods over time as an SVG Gantt chart.")
@click.option("--trials", type=click.IntRange(min=1), help="Run N seeded trials of a random scenario and report the outcome distribution.")
@click.option("--seed", type=int, default=0, show_default=True, help="First seed of --trials.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes for --trials (default: the cores).")
@click.option("--name", help="The Job or CronJob to run, when the file holds several.")
@click.option("--kubernetes-version", "version", help="Target Kubernetes version, e.g. 1.34 (default: the newest known).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def dry_run(path, scenario, until, fmt, svg, trials, seed, jobs, name, version, config_path):  # type: ignore[no-untyped-def]
    """Run a Job (or a CronJob's Job) through the reference Job controller against a scenario."""
    from .controller import ScenarioError, load_scenario, render_svg, render_text, run_trials, simulate
    from .controller.scenario import check_scenario
    from .dryrun import job_to_run, parse_duration

    config = _config(config_path, version)
    try:
        horizon = parse_duration(until) if until else None
        chosen = load_scenario(scenario)
    except (ValueError, ScenarioError) as exc:
        _fail(str(exc))
    picked = _pick(path, config.kubernetes_version, ("Job", "CronJob"), name)
    job = job_to_run(picked, config.kubernetes_version)
    try:  # a scenario that does not fit the Job (a container it lacks, an update the server refuses)
        check_scenario(chosen, job)
        if trials:
            summary = run_trials(job, chosen, trials, config.kubernetes_version, seed=seed, processes=jobs, until=horizon)
            _emit(fmt, summary.to_dict, summary.render_text)
            return
        result = simulate(job, chosen, config.kubernetes_version, horizon)
    except ScenarioError as exc:
        _fail(str(exc))
    if svg:
        try:
            Path(svg).write_text(render_svg(result), encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {svg}: {exc.strerror or exc}")
    _emit(fmt, result.to_dict, lambda: render_text(result))


@main.command("schedule")
@click.argument("path", metavar="FILE")
@click.option("--from", "start", metavar="TIME", help="Start here (ISO 8601, UTC unless it names a zone); default: now.")
@click.option("--next", "count", type=click.IntRange(min=0, max=10_000), default=5, show_default=True, help="How many run times to list (at most 10000).")
@click.option("--timezone", "show_zone", metavar="ZONE", help="Also show the times in this IANA zone (e.g. your own).")
@click.option("--scenario", help="Simulate the CronJob controller with Jobs behaving like this scenario.")
@click.option("--until", "until", metavar="DURATION", default="1d", show_default=True, help="Length of the --scenario simulation.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml"]), default="text", show_default=True)
@click.option("--name", help="The CronJob to use, when the file holds several.")
@click.option("--kubernetes-version", "version", help="Target Kubernetes version, e.g. 1.34 (default: the newest known).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def schedule_cmd(path, start, count, show_zone, scenario, until, fmt, name, version, config_path):  # type: ignore[no-untyped-def]
    """List a CronJob's next run times in its time zone, or simulate its controller over a window."""
    from datetime import datetime, timedelta, timezone

    from .controller import ScenarioError, load_scenario, next_runs, simulate_schedule
    from .cron import CronError, ScheduleHang, load_zone
    from .dryrun import next_runs_data, next_runs_text, parse_duration, parse_time

    config = _config(config_path, version)
    try:
        moment = parse_time(start) if start else datetime.now(timezone.utc).replace(microsecond=0)
        window = parse_duration(until)
        extra_zone = load_zone(show_zone) if show_zone else None
        chosen = load_scenario(scenario) if scenario else None
    except (ValueError, ScenarioError, CronError) as exc:
        _fail(str(exc))
    picked = _pick(path, config.kubernetes_version, ("CronJob",), name)
    cronjob = picked.analysis.stored_dict()
    if chosen is not None:
        try:
            end = moment + timedelta(seconds=window)
        except OverflowError:
            _fail(f"--until {until}: the window ends after the year 9999")
        result = simulate_schedule(cronjob, moment, end, chosen, config.kubernetes_version)
        _emit(fmt, result.to_dict, result.render_text)
        sys.exit(1 if result.hang is not None else 0)
    hang: ScheduleHang | None = None
    try:
        runs = next_runs(cronjob, moment, count)
    except ScheduleHang as exc:  # the controller's search never returns: said, and exit 1
        runs, hang = exc.found, exc
    _emit(
        fmt,
        lambda: next_runs_data(picked.name, cronjob, moment, runs, show_zone, extra_zone, hang),
        lambda: next_runs_text(picked.name, cronjob, moment, runs, count, show_zone, extra_zone, hang),
    )
    sys.exit(1 if hang is not None else 0)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text")
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


@main.command("server")
@click.option("--stdio", is_flag=True, help="Speak LSP over standard input and output (the only transport; accepted for editors that pass it).")
def server_cmd(stdio):  # type: ignore[no-untyped-def]
    """Run the language server for editors (LSP over stdio); needs `pip install "joblint[lsp]"`."""
    try:
        from .server import serve
    except ImportError as exc:
        _fail(f'the language server needs pygls and lsprotocol: pip install "joblint[lsp]" ({exc})')
    serve()
