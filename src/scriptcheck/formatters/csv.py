"""CSV output for spreadsheets: one row per finding, or one row per call (``--per-call``).

Written with a UTF-8 byte-order mark so that Excel opens the Chinese text correctly. A file
that could not be read gets a row too (``error`` column), so no call silently disappears.
``name`` traces each call (``path``, ``path#CALL_ID``, or ``path#LINE`` for a JSONL call without
an id); ``turn_no`` is 1-based, like 第N轮 in the text report and 轮次 in the Excel report (the
JSON and SARIF outputs keep their 0-based ``turn``).

Text cells a spreadsheet would run as a formula (``=HYPERLINK(…)`` as an agent id) get a
leading ``'``: see :mod:`scriptcheck.formatters.spreadsheet`. Number cells (``score``, ``points``
such as ``-3``, ``turn_no``…) are left alone. A text longer than an Excel cell holds (a
40,000-character turn quoted) is cut with a marker, as in the Excel report
(:func:`~scriptcheck.formatters.spreadsheet.fit_cell`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import ClassVar, TextIO

from scriptcheck.formatters.base import Formatter, RunInfo
from scriptcheck.formatters.json import turn_at
from scriptcheck.formatters.spreadsheet import defuse, fit_cell
from scriptcheck.model import Result, Severity

BOM = "\ufeff"


class CsvFormatter(Formatter):
    """One row per finding (calls without findings have no row)."""

    name = "csv"
    columns: ClassVar[tuple[str, ...]] = (
        "path",
        "call_id",
        "name",
        "agent_id",
        "score",
        "grade",
        "failed",
        "rule_id",
        "severity",
        "title",
        "message",
        "turn_no",
        "line",
        "time",
        "role",
        "quote",
        "suggestion",
        "fuzzy",
        "points",
        "error",
    )
    #: columns holding numbers, never defused (``points`` is ``-3``)
    numeric: ClassVar[frozenset[str]] = frozenset(
        {"score", "turn_no", "line", "time", "points", "errors", "warnings", "infos"}
    )

    def __init__(self, out: TextIO, info: RunInfo) -> None:
        super().__init__(out, info)
        self.writer = csv.writer(out, lineterminator="\r\n")

    @classmethod
    def wrote(cls, head: str) -> bool:
        return head.startswith(",".join(cls.columns[:4]))

    def start(self) -> None:
        self.out.write(BOM)
        self.writer.writerow(self.columns)

    renders_calls = True

    def cells(self, **values: object) -> list[object]:
        return [self._cell(c, values.get(c)) for c in self.columns]

    def _cell(self, column: str, value: object) -> object:
        if value is None:
            return ""
        if isinstance(value, str) and column not in self.numeric:
            return fit_cell(defuse(value))
        return value

    def row(self, **values: object) -> None:
        self.writer.writerow(self.cells(**values))

    def render(self, result: Result, failed: bool) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(self.rows(result, failed))
        return buffer.getvalue()

    def rows(self, result: Result, failed: bool) -> Iterator[list[object]]:
        """The rows of one call."""
        call = _call_fields(result, failed)
        for finding in result.findings:
            turn = turn_at(result, finding.turn)
            yield self.cells(
                **call,
                rule_id=finding.rule_id,
                severity=finding.severity.value,
                title=finding.title,
                message=finding.message,
                turn_no=None if finding.turn is None else finding.turn + 1,
                line=finding.line,
                time=finding.time,
                role=turn.role.value if turn else None,
                quote=finding.quote,
                suggestion=finding.suggestion,
                fuzzy="yes" if finding.fuzzy else "",
                points=f"{finding.points:g}",
            )

    def bad_file(self, path: str, message: str) -> None:
        self.row(path=path, error=message)


class CallsCsvFormatter(CsvFormatter):
    """One row per call: score, grade, counts by severity and the violated rule ids."""

    name = "csv-calls"
    columns = (
        "path",
        "call_id",
        "name",
        "agent_id",
        "hotline",
        "score",
        "grade",
        "vetoed",
        "failed",
        "errors",
        "warnings",
        "infos",
        "violated_rules",
        "error",
    )

    def rows(self, result: Result, failed: bool) -> Iterator[list[object]]:
        counts = {s: 0 for s in Severity}
        for finding in result.findings:
            counts[finding.severity] += 1
        yield self.cells(
            **_call_fields(result, failed),
            hotline=result.transcript.hotline,
            vetoed="yes" if result.vetoed else "no",
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            infos=counts[Severity.INFO],
            violated_rules=" ".join(o.rule_id for o in result.violated),
        )


def _call_fields(result: Result, failed: bool) -> dict[str, object]:
    return {
        "path": result.transcript.path,
        "call_id": result.transcript.call_id,
        "name": result.transcript.name,
        "agent_id": result.transcript.agent_id,
        "score": f"{result.score:g}",
        "grade": result.grade,
        "failed": "yes" if failed else "no",
    }
