"""``scriptcheck check PATH…``: check transcripts, print a report, exit 0 / 1 / 2.

Exit codes: 0 every call passes; 1 a call fails (``--fail-on`` / ``--fail-under``, a veto);
2 a usage, configuration or input error (a bad file in a batch too, unless
``--skip-bad-files``); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM: ``timeout``,
``docker stop``, a cancelled CI job), cleaned up like Ctrl-C. A signal ignored when the run
starts (SIGINT in a background ``&`` job) stays ignored.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

import click

from scriptcheck import __version__
from scriptcheck.atomic import atomic_text, refuse_inputs
from scriptcheck.cli.options import CONFIG_OPTION, NO_COLOR_OPTION, choices, input_options
from scriptcheck.cli.stopping import (
    interrupt_between_calls,
    signals_held,
    stop_exit,
    stoppable,
)
from scriptcheck.config import (
    FAIL_ON_CHOICES,
    Config,
    check_rule_names,
    discover_config,
    resolve_rule_source,
)
from scriptcheck.errors import ConfigError, InputError, ScriptcheckError, printable
from scriptcheck.formatters import FORMATTERS, PER_CALL_CSV, STATISTICS, formatter_class
from scriptcheck.formatters.base import (
    CallRenderer,
    FailPolicy,
    Formatter,
    RenderedCall,
    RunInfo,
    Summary,
    judge,
)
from scriptcheck.model import Role, Severity
from scriptcheck.plan import RunPlan, compile_rulebooks, load_rulebooks_by_key
from scriptcheck.readers import FORMATS, ReadOptions, parse_channel_map, parse_role
from scriptcheck.rulebook.loader import DEFAULT_PACK
from scriptcheck.runner import default_jobs, discover, run

FORMAT_NAMES = ("text", "concise", "json", "jsonl", "csv", "sarif", "junit", "github", "markdown")
HUMAN_FORMATS = frozenset({"text", "concise"})
_MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """Command-line flags merged over the config file (flags win)."""

    plan: RunPlan
    format: str
    jobs: int
    policy: FailPolicy


def _pick(flag: Any, configured: Any, default: Any = None) -> Any:
    if flag not in (None, ()):
        return flag
    return configured if configured not in (None, ()) else default


def _where(config: Config, key: str) -> str:
    return f"{config.path}: key '{key}'" if config.path else f"--{key}"


def _fail_on(flag: str | None, config: Config) -> Severity | None:
    value = _pick(flag, config.fail_on, "error")
    if value not in FAIL_ON_CHOICES:
        raise ConfigError(f"{_where(config, 'fail-on')}: expected one of {FAIL_ON_CHOICES}")
    return None if value == "never" else Severity(value)


def _speakers(flags: tuple[str, ...], config: Config) -> dict[str, Role]:
    aliases: dict[str, Role] = {}
    pairs = [(k, v, _where(config, "speakers")) for k, v in config.speakers.items()]
    for flag in flags:
        name, _, role_name = flag.partition("=")
        pairs.append((name, role_name, f"--speaker {flag!r}"))
    for name, role_name, where in pairs:
        role = parse_role(role_name) if name.strip() else None
        if role is None:
            raise ConfigError(
                f"{where}: expected NAME=ROLE with ROLE agent or customer (客服/客户)"
            )
        aliases[name.strip()] = role
    return aliases


def _read_options(options: dict[str, Any], config: Config) -> ReadOptions:
    input_format = _pick(options["input_format"], config.input_format)
    if input_format is not None and input_format not in FORMATS:
        where = _where(config, "input-format")
        raise ConfigError(f"{where}: unknown input format {input_format!r}; choose from {FORMATS}")
    encoding = _pick(options["encoding"], config.encoding)
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ConfigError(f"unknown encoding {encoding!r}; try utf-8 or gb18030") from None
    channel_spec = _pick(options["channel_map"], config.channel_map)
    try:
        channel_map = parse_channel_map(channel_spec) if channel_spec else None
    except InputError as exc:
        raise ConfigError(f"--channel-map {channel_spec!r}: {exc.message}") from None
    max_size = _pick(options["max_size"], config.max_size, 5.0)
    if max_size <= 0:
        raise ConfigError(f"{_where(config, 'max-size')}: must be a positive number of MB")
    return ReadOptions(
        input_format=input_format,
        encoding=encoding,
        channel_map=channel_map,
        speaker_aliases=_speakers(options["speakers"], config),
        max_bytes=int(max_size * _MB),
    )


def resolve_settings(options: dict[str, Any], config: Config) -> Settings:
    """Merge the flags of ``check`` over ``config``; raise ConfigError for a bad value."""
    output_format = _pick(options["output_format"], config.format, "text")
    if output_format not in FORMATTERS:
        known = ", ".join(FORMATTERS)
        raise ConfigError(f"{_where(config, 'format')}: unknown format {output_format!r} ({known})")
    if options["per_call"] and output_format != "csv":
        raise ConfigError("--per-call only applies to --format csv")
    if options["statistics"] and output_format not in HUMAN_FORMATS:
        raise ConfigError("--statistics prints a table; use it with --format text or concise")
    rules = options["rules"] or tuple(resolve_rule_source(r, config.root) for r in config.rules)
    hotlines = {k: resolve_rule_source(v, config.root) for k, v in config.hotlines.items()}
    plan = RunPlan(
        rules=tuple(rules),
        select=_pick(options["select"], config.select, ()),
        ignore=_pick(options["ignore"], config.ignore, ()),
        per_path_ignores=dict(config.per_path_ignores),
        read=_read_options(options, config),
        template=options["template"],
        hotlines=hotlines,
        root=str(config.root),
    )
    jobs = _pick(options["jobs"], config.jobs, 0) or default_jobs()
    policy = FailPolicy(
        fail_on=_fail_on(options["fail_on"], config),
        fail_under=_pick(options["fail_under"], config.fail_under),
    )
    return Settings(plan=plan, format=output_format, jobs=jobs, policy=policy)


@contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """stdout, or ``path`` written atomically (a crash or Ctrl-C leaves the old file)."""
    if path is None:
        yield sys.stdout
        return
    with atomic_text(path) as handle:
        yield handle


class Batch:
    """Feeds file reports to a formatter, keeps the summary, shows progress."""

    def __init__(self, formatter: Formatter, options: dict[str, Any]) -> None:
        self.formatter = formatter
        self.summary = Summary()
        # --quiet hides passing calls in the human formats only
        self.quiet = bool(options["quiet"]) and options["output_format"] in (None, *HUMAN_FORMATS)
        self.echo_error = lambda line: click.echo(line, err=True)

    def add(self, report: Any) -> None:
        if report.error is not None:
            self.bad_file(report.path, report.error)
            return
        for message in report.record_errors:  # a bad JSONL line; the file's other calls follow
            self.bad_file(report.path, message)
        for result in report.results:
            if isinstance(result, RenderedCall):  # judged and rendered where it was checked
                self.summary.count(result.score, result.failed, result.severities)
                if result.text is not None:
                    self.formatter.write_rendered(result.text)
                continue
            result, failed = judge(result, self.formatter.info)
            self.summary.add(result, failed)
            if failed or not self.quiet:
                self.formatter.result(result, failed)

    def bad_file(self, path: str, message: str) -> None:
        if self.formatter.info.redact:  # a file name may hold a phone number
            from scriptcheck.redact import redact_text

            path, message = redact_text(path), redact_text(message)
        self.summary.bad_files += 1
        self.echo_error(f"error: {printable(path)}: {message}")
        self.formatter.bad_file(path, message)


def _show_progress(options: dict[str, Any]) -> bool:
    if options["quiet"] or not sys.stderr.isatty():
        return False
    # Sharing one terminal with a streamed text report would garble both.
    return options["output"] is not None or not sys.stdout.isatty()


def _drive(batch: Batch, reports: Iterator[Any], total: int, progress: bool) -> None:
    with interrupt_between_calls() as checkpoint:
        if not progress:
            for report in reports:
                with signals_held():
                    batch.add(report)
                checkpoint()
            return
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True, redirect_stdout=False) as bar:
            task = bar.add_task("检查中", total=total)
            batch.echo_error = lambda line: bar.console.print(line, markup=False, highlight=False)
            for report in reports:
                with signals_held():
                    batch.add(report)
                bar.advance(task)
                checkpoint()


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.command("check")
@click.argument("paths", nargs=-1, required=True)
@click.option("--rules", "-r", multiple=True, help="Pack name or rulebook file (repeatable).")
@click.option("--select", multiple=True, help="Only these rule ids, id prefixes (open.) or tags.")
@click.option("--ignore", multiple=True, help="Skip these rule ids, id prefixes or tags.")
@click.option("--format", "output_format", type=choices(FORMAT_NAMES), help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option("--per-call", is_flag=True, help="CSV: one row per call instead of per finding.")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Fail a call scoring below.")
@click.option("--fail-on", type=choices(FAIL_ON_CHOICES), help="Fail on findings this severe.")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=0), help="Processes (default, or 0: all cores)."
)
@click.option("--template", is_flag=True, help="Check script templates (占位符 count).")
@click.option("--redact", is_flag=True, help="Mask phone, ID-card and bank-card numbers.")
@click.option("--statistics", is_flag=True, help="Print how often each rule was broken.")
@click.option("--quiet", "-q", is_flag=True, help="Only failing calls; no progress, no summary.")
@NO_COLOR_OPTION
@CONFIG_OPTION
@click.option("--verbose", "-v", is_flag=True, help="Also list not-applicable rules.")
@input_options
@stoppable
def check(paths: tuple[str, ...], **options: Any) -> None:
    """Check calls and report violations (files, folders, globs; - for stdin).

    \b
    Exit status: 0 all calls pass, 1 a call fails, 2 usage/config/input error.
    """
    try:
        config = discover_config(options["config_path"])
        settings = resolve_settings(options, config)
        check_rule_names(config, settings.plan.rules, settings.plan.hotlines.values())
        books = load_rulebooks_by_key(settings.plan)
        compile_rulebooks(books)  # a rulebook error is the run's, reported once, before any call
    except ScriptcheckError as exc:
        _fail(str(exc))
    except KeyboardInterrupt as stop:
        reason, code = stop_exit(stop)
        click.echo(f"error: {reason} before any file was checked", err=True)
        sys.exit(code)
    found = discover(
        paths,
        options["include"] or config.include,
        options["exclude"] or config.exclude,
        skip=[options["output"]] if options["output"] else (),
    )
    try:
        refuse_inputs(options["output"], found.files)
    except ScriptcheckError as exc:
        _fail(str(exc))
    if not found.files:
        from scriptcheck.redact import redact_error

        for path, message in found.problems:
            path = printable(path)
            line = redact_error(path, message) if options["redact"] else f"error: {path}: {message}"
            click.echo(line, err=True)
        _fail("no transcript files to check")
    info = RunInfo(
        version=__version__,
        rulebook=next(iter(books.values())).name
        if settings.plan.rules
        else f"{DEFAULT_PACK} (或按 hotline 选包)",
        policy=settings.policy,
        verbose=options["verbose"],
        color=not options["no_color"] and "NO_COLOR" not in os.environ,
        redact=options["redact"],
        rules=tuple({r.id: r for book in books.values() for r in book.rules}.values()),
    )
    code = _run(found, settings, info, options, books)
    sys.exit(code)


def _interrupted(output: str | None) -> str:
    """What Ctrl-C or SIGTERM left behind: the calls printed so far, or (written atomically)
    no file."""
    if output is None:
        return "only the calls checked before it were printed, without a summary"
    return f"nothing was written to {output} (a file already there is left unchanged)"


def _formatter_class(settings: Settings, options: dict[str, Any]) -> type[Formatter]:
    if options["statistics"]:
        return formatter_class(STATISTICS)
    if options["per_call"]:
        return formatter_class(PER_CALL_CSV)
    return formatter_class(settings.format)


def _run(found: Any, settings: Settings, info: RunInfo, options: dict[str, Any], books: Any) -> int:
    stdin = sys.stdin.buffer
    formatter_class = _formatter_class(settings, options)
    batch_options = {**options, "output_format": settings.format}
    reports: Any = None
    try:
        with open_output(options["output"]) as out:
            formatter = formatter_class(out, info)
            batch = Batch(formatter, batch_options)
            # formats rendered call by call are rendered where each call is checked (in the
            # workers with --jobs > 1); this process only counts and writes
            renderer = None
            if formatter.can_render_calls():
                renderer = CallRenderer(formatter_class, info, batch.quiet)
            reports = run(
                found.files,
                settings.plan,
                jobs=settings.jobs,
                stdin=lambda: stdin.read(settings.plan.read.max_bytes + 1),
                rulebooks=books,
                finish=renderer,
            )
            formatter.start()
            for path, message in found.problems:
                batch.bad_file(path, message)
            _drive(batch, reports, len(found.files), _show_progress(options))
            if not batch.quiet or options["statistics"]:
                formatter.finish(batch.summary)
            out.flush()
    except ScriptcheckError as exc:
        _fail(str(exc))
    except KeyboardInterrupt as stop:
        reason, code = stop_exit(stop)
        click.echo(f"error: {reason}; {_interrupted(options['output'])}", err=True)
        return code
    except BrokenPipeError:  # e.g. `scriptcheck check calls/ | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        if reports is not None:
            reports.close()  # stops the worker pool (Ctrl-C, a closed pipe, an error)
    if batch.summary.bad_files and not options["skip_bad_files"]:
        return 2
    return 1 if batch.summary.failed else 0


__all__ = [
    "Settings",
    "check",
    "open_output",
    "resolve_settings",
]
