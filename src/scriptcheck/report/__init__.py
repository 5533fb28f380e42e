"""Batch summaries for training leads: statistics over a stream of results, printed as
terminal tables, written as one offline HTML file or an Excel workbook.

>>> stats = BatchStats(keep_rows=True)                                   # doctest: +SKIP
>>> for result in results:                                               # doctest: +SKIP
...     stats.add(result)
>>> write_atomic("report.html", render_html(stats))                      # doctest: +SKIP
>>> write_workbook(stats, "report.xlsx")                                 # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scriptcheck.atomic import atomic_path, output_errors, write_atomic
from scriptcheck.report.stats import AgentStats, BatchStats, CallRow, FindingRow, RuleStats

if TYPE_CHECKING:
    from openpyxl import Workbook


def save_workbook_atomic(book: Workbook, path: str, option: str = "--xlsx") -> None:
    """Save an openpyxl workbook atomically (temp file + rename)."""
    with atomic_path(path, option) as temp, output_errors(path, option):
        book.save(temp)  # a full disk is a one-line OutputError, not a traceback


def write_workbook(stats: BatchStats, path: str) -> None:
    """Build the Excel report for ``stats`` (kept rows needed) and save it atomically."""
    from scriptcheck.report.xlsx import build_workbook

    save_workbook_atomic(build_workbook(stats), path)


__all__ = [
    "AgentStats",
    "BatchStats",
    "CallRow",
    "FindingRow",
    "RuleStats",
    "save_workbook_atomic",
    "write_atomic",
    "write_workbook",
]
