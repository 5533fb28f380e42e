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

import sys
from collections.abc import Generator, Iterator
from typing import Any, cast

import click
from rich.console import Console

from scriptcheck.atomic import refuse_inputs
from scriptcheck.cli.common import (
    bad_file_line,
    echo_bad_file,
    fail,
    prepare_run,
    progress_bar,
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
from scriptcheck.cli.stopping import stop_exit, stoppable
from scriptcheck.config import FAIL_ON_CHOICES
from scriptcheck.errors import ScriptcheckError
from scriptcheck.formatters import extension_problem
from scriptcheck.report import BatchStats, write_atomic, write_workbook
from scriptcheck.report.html import render_html
from scriptcheck.report.terminal import print_report
from scriptcheck.runner import FileReport, discover, run

#: options of ``check`` that ``report`` does not offer, with the values that mean "unset"
_CHECK_DEFAULTS: dict[str, Any] = {
    "output_format": "text",
    "per_call": False,
    "statistics": False,
    "template": False,
}


def _collect(
    stats: BatchStats, reports: Iterator[FileReport], redact: bool, progress: bool
) -> None:
    """Feed every file report to ``stats`` (bad files noted, results redacted if asked)."""
    from scriptcheck.redact import redact_result

    def add(report: FileReport) -> None:
        errors = (report.error,) if report.error is not None else report.record_errors
        for error in errors:  # the file, or its bad JSONL lines (its other calls count)
            path, error = bad_file_line(report.path, error, redact)
            stats.add_bad_file(path, error)
            echo_bad_file(path, error)
        for result in report.results:
            stats.add(redact_result(result) if redact else result)

    if not progress:
        for report in reports:
            add(report)
        return
    with progress_bar("统计中", None) as bar:
        for report in reports:
            add(report)
            bar.advance()


@click.command("report")
@click.argument("paths", nargs=-1, required=True)
@RULES_OPTION
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
    prepared = prepare_run(options, _CHECK_DEFAULTS)
    config, settings, books = prepared.config, prepared.settings, prepared.books
    include = options["include"] or config.include
    found = discover(paths, include, options["exclude"] or config.exclude)
    try:
        refuse_inputs(options["html_path"], found.files, "--html")
        refuse_inputs(options["xlsx_path"], found.files, "--xlsx")
    except ScriptcheckError as exc:
        fail(str(exc))
    for path, writes, option in (
        (options["html_path"], "html", "--html"),
        (options["xlsx_path"], "xlsx", "--xlsx"),
    ):
        problem = extension_problem(path, writes, option) if path else None
        if problem:
            fail(problem)
    problems = [bad_file_line(path, message, options["redact"]) for path, message in found.problems]
    for path, message in problems:
        echo_bad_file(path, message)
    if not found.files:
        fail("no transcript files to report on")
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
        fail(str(exc))
    except KeyboardInterrupt as stop:
        reason, code = stop_exit(stop)
        click.echo(f"error: {reason}; no report files were written", err=True)
        sys.exit(code)
    finally:
        reports.close()
    _write_outputs(stats, options, rulebook_label(settings.plan, books))
    if not options["quiet"]:
        color = use_color(options)
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
        fail(str(exc))
    except KeyboardInterrupt as stop:  # the file being written is left as it was
        reason, code = stop_exit(stop)
        done = f"only {written[0]} was written" if written else "no report files were written"
        click.echo(f"error: {reason}; {done}", err=True)
        sys.exit(code)


__all__ = ["report"]
