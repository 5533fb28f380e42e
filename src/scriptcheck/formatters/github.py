"""GitHub Actions workflow annotations (``--format github``).

One workflow command per finding, which GitHub shows on the changed file's line::

    ::warning file=open.tpl.txt,line=3,col=5,title=open.no-wei::以"喂"开头: … 应说: 您好…

Level from severity (error / warning / notice). Values are escaped as the runner expects:
``%``, CR and LF in the message; additionally ``:`` and ``,`` in properties.
"""

from __future__ import annotations

from typing import TextIO

from scriptcheck.errors import RULE_ERROR
from scriptcheck.formatters.base import Formatter, RunInfo, finding_headline, ordered_findings
from scriptcheck.formatters.locate import SourceLocator
from scriptcheck.model import Finding, Result, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command property value (``file=``, ``title=``…)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties: object) -> str:
    """``::command key=value,…::message`` with every part escaped; None values left out."""
    pairs = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    head = f"::{command} {pairs}" if pairs else f"::{command}"
    return f"{head}::{escape_data(message)}"


class GithubFormatter(Formatter):
    """Workflow annotations, one line per finding and per unreadable file."""

    name = "github"

    def __init__(self, out: TextIO, info: RunInfo) -> None:
        super().__init__(out, info)
        self.locator = SourceLocator()

    def result(self, result: Result, failed: bool) -> None:
        for finding in ordered_findings(result):
            self.out.write(self._annotation(result, finding) + "\n")
        for note in result.notes:  # what the tool guessed, or a rule that crashed (an error)
            command = "error" if RULE_ERROR in note else "warning"
            path = result.transcript.path
            self.out.write(workflow_command(command, note, file=path, title="scriptcheck") + "\n")

    def _annotation(self, result: Result, finding: Finding) -> str:
        line, column = self.locator.position(result, finding)
        message = finding_headline(finding)
        if finding.suggestion:
            message += f" 应说: {finding.suggestion}"
        if finding.quote:
            message += f" 「{finding.quote}」"
        return workflow_command(
            COMMANDS[finding.severity],
            message,
            file=result.transcript.path,
            line=line,
            col=column if line is not None else None,
            title=finding.rule_id,
        )

    def bad_file(self, path: str, message: str) -> None:
        self.out.write(workflow_command("error", message, file=path, title="scriptcheck") + "\n")


__all__ = ["GithubFormatter", "escape_data", "escape_property", "workflow_command"]
