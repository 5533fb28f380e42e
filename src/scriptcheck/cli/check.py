"""``scriptcheck check PATH…``: check transcripts, print a report, exit 0 / 1 / 2.

Exit codes: 0 every call passes; 1 a call fails (``--fail-on`` / ``--fail-under``, a veto);
2 a usage, configuration or input error (a bad file in a batch too, unless
``--skip-bad-files``); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM: ``timeout``,
``docker stop``, a cancelled CI job), cleaned up like Ctrl-C. A signal ignored when the run
starts (SIGINT in a background ``&`` job) stays ignored.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

from scriptcheck import __version__
from scriptcheck.atomic import atomic_text
from scriptcheck.cli.common import (
    HUMAN_FORMATS,
    Settings,
    bad_file_line,
    discover_inputs,
    echo_bad_file,
    fail,
    prepare_run,
    progress_bar,
    resolve_settings,
    rulebook_label,
    use_color,
)
from scriptcheck.cli.options import (
    CONFIG_OPTION,
    NO_COLOR_OPTION,
    RULES_OPTION,
    choices,
    input_options,
)
from scriptcheck.cli.stopping import (
    interrupt_between_calls,
    signals_held,
    stop_exit,
    stoppable,
)
from scriptcheck.config import FAIL_ON_CHOICES
from scriptcheck.errors import ScriptcheckError, printable
from scriptcheck.formatters import (
    FORMATTERS,
    PER_CALL_CSV,
    STATISTICS,
    extension_problem,
    formatter_class,
)
from scriptcheck.formatters.base import (
    CallRenderer,
    Formatter,
    RenderedCall,
    RunInfo,
    Summary,
    judge,
    shown_when_quiet,
)
from scriptcheck.runner import run

#: the ``--format`` choices, in the registry's order (names only: no formatter is imported)
FORMAT_NAMES = tuple(FORMATTERS)


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
                self.summary.add_rendered(result)
                if result.text is not None:
                    self.formatter.write_rendered(result.text)
                continue
            result, failed = judge(result, self.formatter.info)
            self.summary.add(result, failed)
            if shown_when_quiet(result, failed) or not self.quiet:
                self.formatter.result(result, failed)

    def bad_file(self, path: str, message: str) -> None:
        path, message = bad_file_line(path, message, self.formatter.info.redact)
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
        with progress_bar("检查中", total) as bar:
            batch.echo_error = bar.echo
            for report in reports:
                with signals_held():
                    batch.add(report)
                bar.advance()
                checkpoint()


@click.command("check")
@click.argument("paths", nargs=-1, required=True)
@RULES_OPTION
@click.option("--select", multiple=True, help="Only these rule ids, id prefixes (open.) or tags.")
@click.option("--ignore", multiple=True, help="Skip these rule ids, id prefixes or tags.")
@click.option("--format", "output_format", type=choices(FORMAT_NAMES), help="Output format.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write to FILE (its extension must fit --format; never a transcript being checked).",
)
@click.option("--per-call", is_flag=True, help="CSV: one row per call instead of per finding.")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Fail a call scoring below.")
@click.option("--fail-on", type=choices(FAIL_ON_CHOICES), help="Fail on findings this severe.")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=0), help="Processes (default, or 0: all cores)."
)
@click.option(
    "--template",
    is_flag=True,
    help="Check call-script templates: placeholders ({工号}, XXX) count as values; rules a "
    "template cannot show (timing, rings, hang-ups, a silent customer) are not applicable; "
    "'# scenario: silent-call' marks the script of a silent call.",
)
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
    prepared = prepare_run(options)
    config, settings, books = prepared.config, prepared.settings, prepared.books
    if options["output"]:
        problem = extension_problem(options["output"], settings.format)
        if problem:
            fail(problem)
    include, exclude = options["include"] or config.include, options["exclude"] or config.exclude
    try:
        found = discover_inputs(paths, include, exclude, options["output"])
    except ScriptcheckError as exc:
        fail(str(exc))
    if not found.files:
        for path, message in found.problems:
            echo_bad_file(*bad_file_line(path, message, options["redact"]))
        fail("no transcript files to check")
    info = RunInfo(
        version=__version__,
        rulebook=rulebook_label(settings.plan, books),
        policy=settings.policy,
        verbose=options["verbose"],
        color=use_color(options),
        redact=options["redact"],
        rules=tuple({r.id: r for book in books.values() for r in book.rules}.values()),
    )
    code = _run(found, settings, info, options, books)
    sys.exit(code)


def _interrupted(output: str | None, formatter: Formatter | None, closed: bool) -> str:
    """What Ctrl-C or SIGTERM left behind: the calls printed so far (a JSON document closed
    and marked), nothing for a format written at the end, or (written atomically) no file."""
    if output is not None:
        return f"nothing was written to {output} (a file already there is left unchanged)"
    if closed:
        return 'the report lists the calls checked before it and is marked "interrupted": true'
    if formatter is None or formatter.written_at_end:
        return "nothing was printed (this format is written when the run ends)"
    return "only the calls checked before it were printed, without a summary"


def _stop_output(batch: Batch | None, output: str | None) -> bool:
    """End what a stopped run printed to stdout so it stays a complete document for the calls
    it lists (see :meth:`Formatter.interrupt`); True if a document was closed."""
    if batch is None or output is not None:  # an --output file is simply not written
        return False
    try:
        with signals_held():
            closed = batch.formatter.interrupt(batch.summary)
            sys.stdout.flush()
    except (BrokenPipeError, KeyboardInterrupt):  # the reader has gone, or a second signal
        return False
    return closed


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
    batch: Batch | None = None
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
            with signals_held():  # a stop lands before or after, never inside, a write
                formatter.start()
                for path, message in found.problems:
                    batch.bad_file(path, message)
            _drive(batch, reports, len(found.files), _show_progress(options))
            with signals_held():
                if not batch.quiet or options["statistics"]:
                    formatter.finish(batch.summary)
                out.flush()
    except ScriptcheckError as exc:
        fail(str(exc))
    except KeyboardInterrupt as stop:
        reason, code = stop_exit(stop)
        closed = _stop_output(batch, options["output"])
        left = _interrupted(options["output"], batch.formatter if batch else None, closed)
        click.echo(f"error: {reason}; {left}", err=True)
        return code
    except BrokenPipeError:  # e.g. `scriptcheck check calls/ | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        if reports is not None:
            reports.close()  # stops the worker pool (Ctrl-C, a closed pipe, an error)
    assert batch is not None  # set before any return above
    if batch.summary.rule_errors or (batch.summary.bad_files and not options["skip_bad_files"]):
        return 2
    return 1 if batch.summary.failed else 0


__all__ = [
    "Settings",
    "check",
    "open_output",
    "resolve_settings",
]
