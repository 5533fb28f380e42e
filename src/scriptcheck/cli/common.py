"""What ``check``, ``report`` and ``eval`` share: flags merged over the config file into a
:class:`Settings`, the rulebooks loaded and validated before any call is read
(:func:`prepare_run`), the error exit, the rulebook's label, colour, the progress bar and the
line a bad file is reported with."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NoReturn

import click

from scriptcheck.cli.stopping import stop_exit
from scriptcheck.config import (
    FAIL_ON_CHOICES,
    Config,
    check_rule_names,
    discover_config,
    resolve_rule_source,
)
from scriptcheck.discover import Discovery, discover
from scriptcheck.errors import ConfigError, InputError, ScriptcheckError, printable
from scriptcheck.formatters import FORMATTERS, is_scriptcheck_report
from scriptcheck.formatters.base import FailPolicy
from scriptcheck.model import Role, Severity
from scriptcheck.plan import RunPlan, compile_rulebooks, load_rulebooks_by_key
from scriptcheck.readers import FORMATS, ReadOptions, parse_channel_map, parse_role
from scriptcheck.rulebook.loader import Rulebook
from scriptcheck.rulebook.packs import DEFAULT_PACK
from scriptcheck.runner import default_jobs

HUMAN_FORMATS = frozenset({"text", "concise"})
_MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """Command-line flags merged over the config file (flags win)."""

    plan: RunPlan
    format: str
    jobs: int
    policy: FailPolicy


@dataclass(frozen=True)
class PreparedRun:
    """A run ready to read calls: its config, settings and loaded, compiled rulebooks (book
    key -> rulebook, as :func:`~scriptcheck.plan.load_rulebooks_by_key` gives them)."""

    config: Config
    settings: Settings
    books: Mapping[str, Rulebook]


def fail(message: str) -> NoReturn:
    """``error: MESSAGE`` on stderr, exit 2 (usage, config or input error)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def use_color(options: Mapping[str, Any]) -> bool:
    """Colours unless ``--no-color`` or the ``NO_COLOR`` environment variable."""
    return not options.get("no_color") and "NO_COLOR" not in os.environ


def rulebook_label(plan: RunPlan, books: Mapping[str, Rulebook]) -> str:
    """What a report names the rulebook: the ``--rules`` rulebook, or the default pack with
    the note that a call's hotline header may pick another."""
    if plan.rules:
        return next(iter(books.values())).name
    return f"{DEFAULT_PACK} (或按 hotline 选包)"


def bad_file_line(path: str, message: str, redact: bool) -> tuple[str, str]:
    """A bad file's path and reason as reported, masked with ``redact`` (a file name may
    hold a phone number)."""
    if redact:
        from scriptcheck.redact import redact_text

        return redact_text(path), redact_text(message)
    return path, message


def echo_bad_file(path: str, message: str) -> None:
    """``error: PATH: MESSAGE`` on stderr, the path shown on one line."""
    click.echo(f"error: {printable(path)}: {message}", err=True)


class ProgressBar:
    """A transient progress bar on stderr; :meth:`echo` prints a line above it."""

    def __init__(self, bar: Any, task: Any) -> None:
        self._bar = bar
        self._task = task

    def advance(self) -> None:
        self._bar.advance(self._task)

    def echo(self, line: str) -> None:
        self._bar.console.print(line, markup=False, highlight=False)


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[ProgressBar]:
    """A progress bar on stderr, never on stdout (which may carry a machine-readable report);
    ``total`` None: a count without an end."""
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True, redirect_stdout=False) as bar:
        yield ProgressBar(bar, bar.add_task(description, total=total))


def discover_inputs(
    paths: Sequence[str], include: Sequence[str], exclude: Sequence[str], output: str | None
) -> Discovery:
    """The files ``paths`` name, checked against the ``--output`` file: a report a previous run
    left in a folder or glob being checked is left out (the run replaces it), any other file
    the run would read (a transcript, also through a link or glob) is refused with
    :class:`ConfigError` before anything is written."""
    found = discover(paths, include, exclude)
    if output is None or not os.path.exists(output):
        return found
    clash = _same_file(output, found.files)
    if clash is None:
        return found
    named = _same_file(output, [p for p in paths if not os.path.isdir(p)])
    if named is None and is_scriptcheck_report(output):
        return discover(paths, include, exclude, skip=[output])
    same = "" if os.path.normpath(output) == clash else f" (the same file as {clash})"
    raise ConfigError(
        f"--output {output}{same} is one of the transcripts to check; "
        "write the report to another path (e.g. outside the folders being checked)"
    )


def _same_file(path: str, candidates: Iterable[str]) -> str | None:
    """The first of ``candidates`` that is the file at ``path`` (any link or spelling)."""
    try:
        target = os.stat(path)
    except OSError:
        return None
    for candidate in candidates:
        try:
            if os.path.samestat(target, os.stat(candidate)):
                return candidate
        except OSError:
            continue
    return None


def prepare_run(
    options: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> PreparedRun:
    """Find the config, merge the flags over it, check its rule names and load and compile
    every rulebook the run names, before any call is read; a problem is ``error: …`` and
    exit 2 (Ctrl-C or SIGTERM: its own exit code). ``defaults`` fill the options of ``check``
    a command does not offer."""
    merged = {**(defaults or {}), **options}
    try:
        config = discover_config(merged["config_path"])
        settings = resolve_settings(merged, config)
        check_rule_names(config, settings.plan.rules, settings.plan.hotlines.values())
        books = load_rulebooks_by_key(settings.plan)
        compile_rulebooks(books)  # a rulebook error is the run's, reported once, before any call
    except ScriptcheckError as exc:
        fail(str(exc))
    except KeyboardInterrupt as stop:
        reason, code = stop_exit(stop)
        click.echo(f"error: {reason} before any file was checked", err=True)
        sys.exit(code)
    return PreparedRun(config, settings, books)


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


def read_options(options: Mapping[str, Any], config: Config) -> ReadOptions:
    """How to read calls: the input flags merged over the config file."""
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


def resolve_settings(options: Mapping[str, Any], config: Config) -> Settings:
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
        read=read_options(options, config),
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


__all__ = [
    "HUMAN_FORMATS",
    "PreparedRun",
    "ProgressBar",
    "Settings",
    "bad_file_line",
    "discover_inputs",
    "echo_bad_file",
    "fail",
    "prepare_run",
    "progress_bar",
    "read_options",
    "resolve_settings",
    "rulebook_label",
    "use_color",
]
