"""Markdown output (``--format markdown``) for merge-request comments.

A summary table (calls, passed, failed, mean score), then for every failing call a table of
its findings (turn, rule, quote, 应说). Cell text is escaped so a ``|`` in a transcript
cannot break a table and transcript text never becomes markup or HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TextIO

from scriptcheck.formatters.base import Formatter, RunInfo, Summary, ordered_findings
from scriptcheck.model import Finding, Result

_MARKUP = re.compile(r"([\\`*_\[\]|#~])")
_MAX_CALLS = 200  # a comment has a size limit; more failing calls are counted, not listed


def escape_cell(text: str | None) -> str:
    """Text for one Markdown table cell: markup and ``|`` escaped, ``<``/``>`` as entities,
    line breaks as spaces."""
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKUP.sub(r"\\\1", text)
    return " ".join(text.splitlines())


def code(text: str) -> str:
    """``text`` as inline code (a backtick inside would end it early, so it becomes ')."""
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """A Markdown table (cells already escaped)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


@dataclass(frozen=True)
class FailedCall:
    """What the comment shows of one failing call."""

    title: str
    rows: tuple[tuple[str, ...], ...]


def _finding_row(finding: Finding) -> tuple[str, ...]:
    turn = "" if finding.turn is None else str(finding.turn + 1)
    rule = f"`{finding.rule_id}` {escape_cell(finding.title)}"
    return (turn, rule, escape_cell(finding.quote), escape_cell(finding.suggestion))


def _call_title(result: Result) -> str:
    transcript = result.transcript
    parts = [code(transcript.path if transcript.call_id else transcript.name)]
    if transcript.call_id:
        parts.append(f"通话 {escape_cell(transcript.call_id)}")
    if transcript.agent_id:
        parts.append(f"工号 {escape_cell(transcript.agent_id)}")
    veto = " · 一票否决" if result.vetoed else ""
    return f"{' · '.join(parts)} — 得分 {result.score:g} · {escape_cell(result.grade)}{veto}"


class MarkdownFormatter(Formatter):
    """A Markdown report, written at the end of the run."""

    name = "markdown"
    written_at_end = True

    def __init__(self, out: TextIO, info: RunInfo) -> None:
        super().__init__(out, info)
        self.failed_calls: list[FailedCall] = []
        self.unlisted = 0
        self.bad_files: list[tuple[str, str]] = []

    def result(self, result: Result, failed: bool) -> None:
        if not failed:
            return
        if len(self.failed_calls) >= _MAX_CALLS:
            self.unlisted += 1
            return
        rows = tuple(_finding_row(f) for f in ordered_findings(result))
        self.failed_calls.append(FailedCall(_call_title(result), rows))

    def bad_file(self, path: str, message: str) -> None:
        self.bad_files.append((path, message))

    def finish(self, summary: Summary) -> None:
        mean = "—" if summary.mean_score is None else f"{summary.mean_score:.1f}"
        lines = ["## scriptcheck 质检结果", ""]
        header = ("通话", "通过", "未通过", "平均分", "无法读取")
        row = (str(summary.calls), str(summary.passed), str(summary.failed), mean)
        lines += table(header, [(*row, str(summary.bad_files))])
        for call in self.failed_calls:
            lines += ["", f"### ✗ {call.title}", ""]
            lines += table(("轮次", "规则", "原话", "应说"), list(call.rows))
        if self.unlisted:
            lines += ["", f"另有 {self.unlisted} 个未通过的通话未列出。"]
        if self.bad_files:
            lines += ["", "### 无法读取的文件", ""]
            lines += [f"- {code(path)}: {escape_cell(why)}" for path, why in self.bad_files]
        self.out.write("\n".join(lines) + "\n")


__all__ = ["MarkdownFormatter", "code", "escape_cell", "table"]
