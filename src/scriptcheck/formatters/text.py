"""Terminal output for QA staff (Chinese labels, rich): ``text``, ``concise`` and the
``--statistics`` table.

``text`` groups findings by call and by turn: the turn is quoted once with every matched
phrase highlighted, then a line per finding (severity, rule id, title, message, the evidence)
and ``应说:`` with the standard phrase. Each call ends with its score and grade; the run ends
with one summary line.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from scriptcheck.errors import printable
from scriptcheck.formatters.base import (
    Formatter,
    RunInfo,
    Summary,
    finding_headline,
    ordered_findings,
)
from scriptcheck.formatters.json import turn_at
from scriptcheck.formatters.locate import SourceLocator
from scriptcheck.fuzzy import FUZZY_NOTE
from scriptcheck.model import Finding, Result, Severity, Status
from scriptcheck.readers.timecode import format_timecode

SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
ROLE_STYLES = {"agent": "cyan", "customer": "green", "unknown": "red"}
HIGHLIGHT = "bold reverse"


def make_console(out: TextIO, info: RunInfo) -> Console:
    """A console on ``out``: colour only on a terminal and without ``--no-color``; long
    lines are left for the terminal to wrap (no hard wrapping in files)."""
    return Console(
        file=out,
        no_color=not info.color,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        markup=False,
    )


def call_header(result: Result, failed: bool | None = None) -> Text:
    """``path  通话 ID  工号 N  [角色为推断结果]`` (``path#LINE`` for a JSONL call without id)."""
    transcript = result.transcript
    name = transcript.path if transcript.call_id else transcript.name
    header = Text(printable(name), style="bold")
    if transcript.call_id:
        header.append(f"  通话 {transcript.call_id}", style="dim")
    if transcript.agent_id:
        header.append(f"  工号 {transcript.agent_id}", style="dim")
    if transcript.roles_inferred:
        header.append("  [角色为推断结果, 可用 --channel-map 指定]", style="yellow")
    return header


def score_line(result: Result, failed: bool, indent: str = "  ", why: str | None = None) -> Text:
    """``得分 82 · 良好 · ✗ 未通过(有错误级问题)`` (with the veto when there is one)."""
    line = Text(f"{indent}得分 ")
    line.append(f"{result.score:g}", style="bold")
    line.append(f" · {result.grade}")
    if result.vetoed:
        vetoes = ", ".join(o.rule_id for o in result.outcomes if o.veto)
        line.append(f" · 一票否决 ({vetoes})", style="bold red")
    line.append(" · ")
    line.append("✗ 未通过" if failed else "✓ 通过", style="bold red" if failed else "bold green")
    if failed and why and not result.vetoed:  # a veto is named just before
        line.append(f"({why})", style="red")
    return line


def finding_line(finding: Finding, indent: str = "    ", turn_text: str | None = None) -> Text:
    """``错误 open.no-wei 标题: 消息 「证据」 (模糊匹配)``; the evidence is left out when it
    is the whole turn (``turn_text``), already quoted above."""
    line = Text(indent)
    line.append(finding.severity.label, style=SEVERITY_STYLES[finding.severity])
    line.append(f" {finding.rule_id} ", style="bold")
    line.append(finding.title)
    line.append(finding_headline(finding).removeprefix(finding.title))  # ": 消息" or "(细节)"
    if finding.quote and finding.quote.strip() != (turn_text or "").strip():
        line.append(f" 「{finding.quote}」")
    if finding.fuzzy and "模糊" not in finding.message:
        line.append(" (模糊匹配)", style="magenta")
    if finding.points:  # a rule that deducts once charges its first finding only
        line.append(f" -{finding.points:g}分", style="dim")
    return line


def suggestion_line(finding: Finding, indent: str = "    ") -> Text | None:
    if not finding.suggestion:
        return None
    return Text(f"{indent}应说: ", style="green").append(finding.suggestion, style="")


def summary_line(summary: Summary) -> Text:
    """``共 12 通: 通过 9, 未通过 3 · 错误 5 警告 12 提示 3 · 平均分 86.5``."""
    line = Text(f"共 {summary.calls} 通: ")
    line.append(f"通过 {summary.passed}", style="green")
    line.append(", ")
    line.append(f"未通过 {summary.failed}", style="red" if summary.failed else "")
    counts = " ".join(f"{s.label} {summary.findings[s]}" for s in Severity)
    line.append(f" · {counts}")
    mean = summary.mean_score
    line.append(f" · 平均分 {mean:.1f}" if mean is not None else " · 平均分 -")
    if summary.bad_files:
        line.append(f" · {summary.bad_files} 个文件无法读取", style="bold red")
    if summary.rule_errors:
        line.append(f" · {summary.rule_errors} 次规则内部出错(请报告)", style="bold red")
    return line


class _ConsoleFormatter(Formatter, ABC):
    """A format printed call by call on a rich console. Rendering in a worker (into a string)
    gives what this console prints when its output is a file or a pipe: no colour unless
    FORCE_COLOR, the same width. A terminal's console is this process's own, so there each
    call is printed here instead."""

    renders_calls = True

    def __init__(self, out: TextIO, info: RunInfo) -> None:
        super().__init__(out, info)
        self.console = make_console(out, info)

    def can_render_calls(self) -> bool:
        return not self.console.is_terminal

    def render(self, result: Result, failed: bool) -> str:
        with self.console.capture() as captured:
            self._print_call(result, failed)
        return captured.get()

    def result(self, result: Result, failed: bool) -> None:
        self._print_call(result, failed)

    @abstractmethod
    def _print_call(self, result: Result, failed: bool) -> None:
        """Print one call on ``self.console``."""


class TextFormatter(_ConsoleFormatter):
    """The readable report: per call, per turn, per finding."""

    name = "text"

    def _print_call(self, result: Result, failed: bool) -> None:
        print_ = self.console.print
        print_(call_header(result))
        by_turn: dict[int | None, list[Finding]] = defaultdict(list)
        for finding in result.findings:
            by_turn[finding.turn].append(finding)
        for index in sorted(by_turn, key=lambda i: -1 if i is None else i):
            self._print_turn(result, index, by_turn[index])
        self._print_extras(result)
        print_(score_line(result, failed, why=self.info.policy.reason(result)))
        print_()

    def _print_turn(self, result: Result, index: int | None, findings: list[Finding]) -> None:
        turn = turn_at(result, index)
        if turn is None:
            self.console.print(Text("  通话级", style="bold"))
        else:
            line = Text(f"  第{turn.index + 1}轮 ", style="bold")
            if turn.start is not None:
                line.append(f"{format_timecode(turn.start)} ", style="dim")
            line.append(turn.role.label, style=ROLE_STYLES[turn.role.value])
            line.append(": ")
            quoted = Text(turn.text)
            for finding in findings:
                # a finding about the whole turn (a phrase missing from it) highlights nothing:
                # reversing the whole line would hide the phrase another finding points at
                if (
                    finding.span
                    and turn.text[: finding.span[0]].strip() + turn.text[finding.span[1] :].strip()
                ):
                    quoted.stylize(HIGHLIGHT, *finding.span)
            self.console.print(line.append_text(quoted))
        for finding in findings:
            self.console.print(finding_line(finding, turn_text=turn.text if turn else None))
            suggestion = suggestion_line(finding)
            if suggestion is not None:
                self.console.print(suggestion)

    def _print_extras(self, result: Result) -> None:
        for finding in result.suppressed:
            where = f"第{finding.turn + 1}轮 " if finding.turn is not None else ""
            self.console.print(
                Text(f"  已抑制 {where}{finding.rule_id} {finding.title}", style="dim")
            )
        for note in result.notes:
            self.console.print(Text(f"  注意: {note}", style="yellow"))
        for outcome in result.outcomes:  # a pass the tool guessed at: QA staff should see it
            if outcome.status is Status.PASSED and FUZZY_NOTE in (outcome.reason or ""):
                line = f"  模糊通过 {outcome.rule_id} {outcome.title}: {outcome.reason}"
                self.console.print(Text(line, style="magenta"))
        if self.info.verbose:
            self._print_not_applicable(result)

    def _print_not_applicable(self, result: Result) -> None:
        skipped = [o for o in result.outcomes if o.status is Status.NOT_APPLICABLE]
        passed = sum(o.status is Status.PASSED for o in result.outcomes)
        self.console.print(
            Text(f"  规则: 通过 {passed} · 违反 {len(result.violated)} · 不适用 {len(skipped)}")
        )
        if not skipped:
            return
        table = Table(title="不适用的规则", title_justify="left", padding=(0, 1))
        table.add_column("规则")
        table.add_column("标题")
        # a Chinese reason has no spaces to wrap at: fold it over lines rather than cut it short
        table.add_column("原因", overflow="fold")
        for outcome in skipped:
            table.add_row(outcome.rule_id, outcome.title, outcome.reason or "")
        self.console.print(table)

    def finish(self, summary: Summary) -> None:
        self.console.print(summary_line(summary))


class ConciseFormatter(_ConsoleFormatter):
    """One line per finding (``path:line: …``) and one per call, for grep and editors."""

    name = "concise"

    def __init__(self, out: TextIO, info: RunInfo) -> None:
        super().__init__(out, info)
        self.locator = SourceLocator()  # evidence on a turn's continuation line: that line

    def _print_call(self, result: Result, failed: bool) -> None:
        path = printable(result.transcript.name)
        for finding in ordered_findings(result):
            number, _ = self.locator.position(result, finding)
            where = f"{path}:{number}:" if number else f"{path}:"
            line = Text(where, style="bold").append_text(finding_line(finding, indent=" "))
            if finding.suggestion:
                line.append(f" 应说: {finding.suggestion}", style="green")
            self.console.print(line)
        for note in result.notes:
            self.console.print(Text(f"{path}: 注意: {note}", style="yellow"))
        self.console.print(
            Text(f"{path}:", style="bold").append_text(
                score_line(result, failed, " ", self.info.policy.reason(result))
            )
        )

    def finish(self, summary: Summary) -> None:
        self.console.print(summary_line(summary))


@dataclass
class _RuleCount:
    title: str
    severity: Severity
    findings: int = 0
    calls: int = 0


class StatisticsFormatter(Formatter):
    """``--statistics``: how often each rule was broken, most frequent first."""

    name = "statistics"
    written_at_end = True

    def __init__(self, out: TextIO, info: RunInfo) -> None:
        super().__init__(out, info)
        self.console = make_console(out, info)
        self.counts: dict[str, _RuleCount] = {}

    def result(self, result: Result, failed: bool) -> None:
        for outcome in result.violated:
            count = self.counts.setdefault(
                outcome.rule_id, _RuleCount(outcome.title, outcome.severity)
            )
            count.findings += len(outcome.findings)
            count.calls += 1

    def finish(self, summary: Summary) -> None:
        table = Table(title="规则统计", title_justify="left", padding=(0, 1))
        for column, justify in (("次数", "right"), ("通话", "right"), ("规则", "left")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        table.add_column("级别")
        table.add_column("标题")
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1].findings, kv[0]))
        for rule_id, count in ranked:
            severity = Text(count.severity.label, style=SEVERITY_STYLES[count.severity])
            table.add_row(str(count.findings), str(count.calls), rule_id, severity, count.title)
        self.console.print(table)
        self.console.print(summary_line(summary))
