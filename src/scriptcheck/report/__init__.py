"""Batch summaries for training leads: statistics over a stream of results, printed as
terminal tables, written as one offline HTML file or an Excel workbook.

>>> stats = BatchStats(keep_rows=True)                                   # doctest: +SKIP
>>> for result in results:                                               # doctest: +SKIP
...     stats.add(result)
>>> write_atomic("report.html", render_html(stats))                      # doctest: +SKIP
>>> write_workbook(stats, "report.xlsx")                                 # doctest: +SKIP
"""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING

from scriptcheck.errors import ConfigError
from scriptcheck.report.stats import AgentStats, BatchStats, CallRow, FindingRow, RuleStats

if TYPE_CHECKING:
    from openpyxl import Workbook


def _temp_beside(path: str, option: str) -> tuple[int, str]:
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ConfigError(f"{option} {path}: folder {folder} does not exist; create it first")
    try:
        return tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(f"{option} {path}: cannot write there ({exc.strerror})") from None


def write_atomic(path: str, content: str | bytes, option: str = "--output") -> None:
    """Write ``content`` to a temp file beside ``path``, then rename it over ``path``: a
    crash or Ctrl-C never leaves a half-written report. Raises ConfigError on failure."""
    fd, temp = _temp_beside(path, option)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError as exc:
        raise ConfigError(f"{option} {path}: write failed ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def save_workbook_atomic(book: Workbook, path: str, option: str = "--xlsx") -> None:
    """Save an openpyxl workbook atomically (temp file + rename)."""
    fd, temp = _temp_beside(path, option)
    os.close(fd)
    try:
        book.save(temp)
        os.replace(temp, path)
    except OSError as exc:
        raise ConfigError(f"{option} {path}: write failed ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


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
