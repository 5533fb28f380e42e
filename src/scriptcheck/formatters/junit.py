"""JUnit XML output (``--format junit``) for CI test reports.

One ``<testsuite>`` named scriptcheck; one ``<testcase>`` per call (``name`` the call,
``classname`` ``scriptcheck.<pack>``). A call that fails by the run's policy gets one
``<failure>`` per violated rule; a passing call lists its findings (warnings, hints) in
``<system-out>``. A file that could not be read is a test case with an ``<error>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from scriptcheck.formatters.base import (
    Formatter,
    RunInfo,
    Summary,
    in_reading_order,
    ordered_findings,
    rule_errors,
)
from scriptcheck.formatters.locate import finding_text
from scriptcheck.model import Finding, Outcome, Result

# Characters XML 1.0 cannot carry at all, even escaped (control codes from a bad transcript).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PER_CALL_MARK = "("  # RunInfo.rulebook reads "core (或按 hotline 选包)" when packs vary per call


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("\ufffd", text)


def finding_line(finding: Finding) -> str:
    """``第3轮 第7行: 消息 应说: … 「证据」`` (turn and line 1-based, when known)."""
    where = []
    if finding.turn is not None:
        where.append(f"第{finding.turn + 1}轮")
    if finding.line is not None:
        where.append(f"第{finding.line}行")
    text = finding_text(finding)
    if finding.quote:
        text += f" 「{finding.quote}」"
    return f"{' '.join(where)}: {text}" if where else text


def _first_position(outcome: Outcome) -> tuple[int, int]:
    """Where a violated rule's first finding is (line, turn): failures are listed in reading
    order; a finding about the whole call comes first."""
    first = in_reading_order(outcome.findings)[:1]
    if not first:
        return (-1, -1)
    line, turn = first[0].line, first[0].turn
    return (line if line is not None else -1, turn if turn is not None else -1)


def pack_of(info: RunInfo, result: Result) -> str:
    """The pack a call was checked with: the run's rulebook, or the one its hotline picks."""
    if PER_CALL_MARK not in info.rulebook:
        return info.rulebook
    if result.pack is not None:  # set by the runner, [hotlines] of the configuration included
        return result.pack
    from scriptcheck.plan import pack_for

    return pack_for(result.transcript, {})


class JunitFormatter(Formatter):
    """A JUnit XML document, written at the end of the run."""

    name = "junit"
    written_at_end = True

    def __init__(self, out: TextIO, info: RunInfo) -> None:
        super().__init__(out, info)
        self.suite = ET.Element("testsuite", name="scriptcheck")
        self.errors = 0  # unreadable files: a test case each
        self.rule_errors = 0  # rules that crashed on a call: an <error> in the call's case

    def result(self, result: Result, failed: bool) -> None:
        case = ET.SubElement(
            self.suite,
            "testcase",
            name=xml_safe(result.transcript.name),
            classname=f"scriptcheck.{pack_of(self.info, result)}",
            file=xml_safe(result.transcript.path),
        )
        for outcome in rule_errors(result):  # a rule that crashed: the case errored
            message = xml_safe(f"{outcome.rule_id}: {outcome.reason}")
            ET.SubElement(case, "error", message=message, type="RuleError")
            self.rule_errors += 1
        if failed:
            for outcome in sorted(result.violated, key=_first_position):
                self._failure(case, outcome)
            if not result.violated:
                ET.SubElement(case, "failure", message=f"得分 {result.score:g}", type="score")
        lines = [] if failed else [finding_line(f) for f in ordered_findings(result)]
        lines += [f"注意: {note}" for note in result.notes]
        if lines:
            ET.SubElement(case, "system-out").text = xml_safe("\n".join(lines))
        properties = ET.SubElement(case, "properties")
        for key, value in (("score", f"{result.score:g}"), ("grade", result.grade)):
            ET.SubElement(properties, "property", name=key, value=value)

    def _failure(self, case: ET.Element, outcome: Outcome) -> None:
        failure = ET.SubElement(
            case,
            "failure",
            message=xml_safe(f"{outcome.rule_id} {outcome.title}"),
            type=outcome.severity.value,
        )
        failure.text = xml_safe(
            "\n".join(finding_line(f) for f in in_reading_order(outcome.findings))
        )

    def bad_file(self, path: str, message: str) -> None:
        case = ET.SubElement(
            self.suite, "testcase", name=xml_safe(path), classname="scriptcheck.input"
        )
        ET.SubElement(case, "error", message=xml_safe(message), type="InputError")
        self.errors += 1

    def finish(self, summary: Summary) -> None:
        self.suite.set("tests", str(summary.calls + self.errors))
        self.suite.set("failures", str(summary.failed))
        self.suite.set("errors", str(self.errors + self.rule_errors))
        self.suite.set("skipped", "0")
        root = ET.Element("testsuites", name="scriptcheck")
        root.append(self.suite)
        ET.indent(root)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(root, encoding="unicode"))
        self.out.write("\n")


__all__ = ["JunitFormatter", "finding_line", "pack_of", "xml_safe"]
