"""``scriptcheck report PATH…``: a batch summary for training leads.

Score distribution (grades and 10-point bands), rules most broken, a table per agent (工号)
and the worst calls, in the terminal; ``--html FILE`` writes one offline HTML file with
charts, ``--xlsx FILE`` an Excel workbook. Files are checked with the same runner, config
and input options as ``scriptcheck check``; results stream through, memory stays flat
(except the per-call rows an Excel report needs).

Exit codes: 0 report written; 2 usage, configuration or input error (a bad file too, unless
``--skip-bad-files``); 130 interrupted (Ctrl-C), 143 terminated (SIGTERM): no report file is
left half-written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Iterator
from typing import Any, cast

import click
from rich.console import Console

from scriptcheck.atomic import refuse_inputs
from scriptcheck.cli.check import resolve_settings
from scriptcheck.cli.options import CONFIG_OPTION, NO_COLOR_OPTION, choices, input_options
from scriptcheck.cli.stopping import stop_exit, stoppable
from scriptcheck.config import FAIL_ON_CHOICES, discover_config
from scriptcheck.errors import ScriptcheckError, printable
from scriptcheck.plan import compile_rulebooks, load_rulebooks_by_key
from scriptcheck.report import BatchStats, write_atomic, write_workbook
from scriptcheck.report.html import render_html
from scriptcheck.report.terminal import print_report
from scriptcheck.rulebook.loader import DEFAULT_PACK
from scriptcheck.runner import FileReport, discover, run

#: options of ``check`` that ``report`` does not offer, with the values that mean "unset"
_CHECK_DEFAULTS: dict[str, Any] = {
    "output_format": "text",
    "per_call": False,
    "statistics": False,
    "template": False,
}


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _collect(
    stats: BatchStats, reports: Iterator[FileReport], redact: bool, progress: bool
) -> None:
    """Feed every file report to ``stats`` (bad files noted, results redacted if asked)."""
    from scriptcheck.redact import redact_result, redact_text

    def add(report: FileReport) -> None:
        errors = (report.error,) if report.error is not None else report.record_errors
        for error in errors:  # the file, or its bad JSONL lines (its other calls count)
            path = redact_text(report.path) if redact else report.path
            error = redact_text(error) if redact else error
            stats.add_bad_file(path, error)
            click.echo(f"error: {printable(path)}: {error}", err=True)
        for result in report.results:
            stats.add(redact_result(result) if redact else result)

    if not progress:
        for report in reports:
            add(report)
        return
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("统计中", total=None)
        for report in reports:
            add(report)
            bar.advance(task)


@click.command("report")
@click.argument("paths", nargs=-1, required=True)
@click.option("--rules", "-r", multiple=True, help="Pack name or rulebook file (repeatable).")
@click.option("--select", multiple=True, help="Only these rule ids, id prefixes or tags.")
@click.option("--ignore", multiple=True, help="Skip these rule ids, id prefixes or tags.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write an HTML report.")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False), help="Write an Excel report.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), help="Processes (default: all cores).")
@click.option("--redact", is_flag=True, help="Mask phone, ID-card and bank-card numbers.")
@click.option(
    "--worst",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many of the lowest-scoring calls to list.",
)
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Count calls below as failed.")
@click.option("--fail-on", type=choices(FAIL_ON_CHOICES), help="Findings that fail a call.")
@click.option("--quiet", "-q", is_flag=True, help="No terminal tables (only --html/--xlsx).")
@NO_COLOR_OPTION
@CONFIG_OPTION
@input_options
@stoppable
def report(paths: tuple[str, ...], **options: Any) -> None:
    """Summarise a batch of calls: scores, rules most broken, agents, worst calls.

    \b
    Examples:
      scriptcheck report calls/                          tables in the terminal
      scriptcheck report calls/ --html 周报.html --xlsx 周报.xlsx --redact
    """
    try:
        config = discover_config(options["config_path"])
        settings = resolve_settings({**_CHECK_DEFAULTS, **options}, config)
        books = load_rulebooks_by_key(settings.plan)
        compile_rulebooks(books)  # a rulebook error is the run's, reported once, before any call
    except ScriptcheckError as exc:
        _fail(str(exc))
    include = options["include"] or config.include
    found = discover(paths, include, options["exclude"] or config.exclude)
    try:
        refuse_inputs(options["html_path"], found.files, "--html")
        refuse_inputs(options["xlsx_path"], found.files, "--xlsx")
    except ScriptcheckError as exc:
        _fail(str(exc))
    problems = found.problems
    if options["redact"]:  # a file name may hold a phone number
        from scriptcheck.redact import redact_text

        problems = [(redact_text(path), redact_text(message)) for path, message in problems]
    for path, message in problems:
        click.echo(f"error: {printable(path)}: {message}", err=True)
    if not found.files:
        _fail("no transcript files to report on")
    stats = BatchStats(
        settings.policy,
        keep_rows=bool(options["xlsx_path"]),
        worst=options["worst"],
        grades=[band for book in books.values() for band in book.settings.grades.items()],
    )
    for path, message in problems:
        stats.add_bad_file(path, message)
    stdin = sys.stdin.buffer
    limit = settings.plan.read.max_bytes + 1
    reports = cast(  # run() is a generator: closing it stops the worker pool
        Generator[FileReport, None, None],
        run(
            found.files,
            settings.plan,
            jobs=settings.jobs,
            stdin=lambda: stdin.read(limit),
            rulebooks=books,
        ),
    )
    progress = not options["quiet"] and sys.stderr.isatty()
    try:
        _collect(stats, reports, options["redact"], progress)
    except ScriptcheckError as exc:  # e.g. a broken pack a call's hotline header picked
        _fail(str(exc))
    except KeyboardInterrupt as stop:
        reason, code = stop_exit(stop)
        click.echo(f"error: {reason}; no report files were written", err=True)
        sys.exit(code)
    finally:
        reports.close()
    rulebook = (
        next(iter(books.values())).name
        if settings.plan.rules
        else f"{DEFAULT_PACK} (或按 hotline 选包)"
    )
    _write_outputs(stats, options, rulebook)
    if not options["quiet"]:
        color = not options["no_color"] and "NO_COLOR" not in os.environ
        print_report(stats, Console(no_color=not color, highlight=False, emoji=False))
    sys.exit(2 if stats.bad_files and not options["skip_bad_files"] else 0)


def _write_outputs(stats: BatchStats, options: dict[str, Any], rulebook: str) -> None:
    written: list[str] = []
    try:
        if options["html_path"]:
            write_atomic(options["html_path"], render_html(stats, rulebook=rulebook), "--html")
            click.echo(f"HTML 报告已写入 {options['html_path']}", err=True)
            written.append(options["html_path"])
        if options["xlsx_path"]:
            write_workbook(stats, options["xlsx_path"])
            click.echo(f"Excel 报告已写入 {options['xlsx_path']}", err=True)
    except ScriptcheckError as exc:
        _fail(str(exc))
    except KeyboardInterrupt as stop:  # the file being written is left as it was
        reason, code = stop_exit(stop)
        done = f"only {written[0]} was written" if written else "no report files were written"
        click.echo(f"error: {reason}; {done}", err=True)
        sys.exit(code)


__all__ = ["report"]
