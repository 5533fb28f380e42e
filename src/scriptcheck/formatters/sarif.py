"""SARIF 2.1.0 output (``--format sarif``) for code-scanning tools.

One run: ``tool.driver`` names scriptcheck with its version and a ``rules`` entry per rule
(title, description, the standard phrase as ``help``, level from severity, tags); one
``result`` per finding located at the turn's source line and the evidence's column; files
that could not be read become ``invocations[0].toolExecutionNotifications`` (level error), and
so do a call's notes (level warning; error for a rule that crashed on the call).

Locating a finding in its source file is :mod:`scriptcheck.formatters.locate`'s job.
"""

from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from scriptcheck.errors import RULE_ERROR
from scriptcheck.formatters.base import Formatter, RunInfo, Summary
from scriptcheck.formatters.locate import SourceLocator, finding_text
from scriptcheck.model import Finding, Result, Severity
from scriptcheck.redact import MASK, redact_text

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/scriptcheck/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative path as a relative URI (``/``, percent-encoded but for a ``*`` redaction
    mask); an absolute path as ``file://``."""
    if os.path.isabs(path):  # as_uri() writes a literal % as %25: every %2A was a *
        return PurePath(path).as_uri().replace("%2A", MASK)
    return quote(PurePath(path).as_posix(), safe="/" + MASK)


def _rule_descriptor(spec: Any, redact: bool = False) -> dict[str, Any]:
    """A rule's SARIF metadata; with ``redact`` its texts are masked as the findings are
    (the rulebook's example phrases may hold a phone number)."""
    mask = redact_text if redact else str
    severity = Severity(getattr(spec, "severity", "warning"))
    descriptor: dict[str, Any] = {
        "id": spec.id,
        "shortDescription": {"text": mask(getattr(spec, "title", None) or spec.id)},
    }
    if getattr(spec, "description", ""):
        descriptor["fullDescription"] = {"text": mask(spec.description)}
    if getattr(spec, "instead", None):
        descriptor["help"] = {"text": mask(f"应说: {spec.instead}")}
    descriptor["defaultConfiguration"] = {"level": LEVELS[severity]}
    descriptor["properties"] = {"tags": list(getattr(spec, "tags", ()))}
    return descriptor


def _finding_descriptor(finding: Finding, redact: bool = False) -> dict[str, Any]:
    """Rule metadata for a rule the run's rulebooks did not list (a pack chosen per call)."""
    title = finding.title or finding.rule_id
    return {
        "id": finding.rule_id,
        "shortDescription": {"text": redact_text(title) if redact else title},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"tags": []},
    }


class SarifFormatter(Formatter):
    """One SARIF 2.1.0 log, written at the end of the run."""

    name = "sarif"
    written_at_end = True

    def __init__(self, out: TextIO, info: RunInfo) -> None:
        super().__init__(out, info)
        self.locator = SourceLocator()
        self.rules: list[dict[str, Any]] = [_rule_descriptor(r, info.redact) for r in info.rules]
        self.rule_index = {rule["id"]: i for i, rule in enumerate(self.rules)}
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []

    def result(self, result: Result, failed: bool) -> None:
        for finding in result.findings:
            self.results.append(self._result(result, finding))
        for note in result.notes:  # a guess the reader made, a rule that crashed
            level = "error" if RULE_ERROR in note else "warning"
            self._notify(level, f"{result.transcript.path}: {note}", result.transcript.path)

    def _result(self, result: Result, finding: Finding) -> dict[str, Any]:
        if finding.rule_id not in self.rule_index:
            self.rule_index[finding.rule_id] = len(self.rules)
            self.rules.append(_finding_descriptor(finding, self.info.redact))
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": artifact_uri(result.transcript.path)}
        }
        line, column = self.locator.position(result, finding)
        if line is not None:
            physical["region"] = {"startLine": line, "startColumn": column}
        properties: dict[str, Any] = {"points": finding.points, "fuzzy": finding.fuzzy}
        if finding.turn is not None:
            properties["turn"] = finding.turn
        if finding.quote:
            properties["quote"] = finding.quote
        if result.transcript.call_id:
            properties["callId"] = result.transcript.call_id
        return {
            "ruleId": finding.rule_id,
            "ruleIndex": self.rule_index[finding.rule_id],
            "level": LEVELS[finding.severity],
            "message": {"text": finding_text(finding)},
            "locations": [{"physicalLocation": physical}],
            "properties": properties,
        }

    def bad_file(self, path: str, message: str) -> None:
        self._notify("error", f"{path}: {message}", path)

    def _notify(self, level: str, text: str, path: str) -> None:
        self.notifications.append(
            {
                "level": level,
                "message": {"text": text},
                "locations": [
                    {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}
                ],
            }
        )

    def finish(self, summary: Summary) -> None:
        run = {
            "tool": {
                "driver": {
                    "name": "scriptcheck",
                    "version": self.info.version,
                    "informationUri": INFORMATION_URI,
                    "rules": self.rules,
                }
            },
            "invocations": [
                {
                    "executionSuccessful": all(n["level"] != "error" for n in self.notifications),
                    "toolExecutionNotifications": self.notifications,
                }
            ],
            "columnKind": "unicodeCodePoints",
            "results": self.results,
            "properties": {
                "rulebook": self.info.rulebook,
                "calls": summary.calls,
                "passed": summary.passed,
                "failed": summary.failed,
                "meanScore": summary.mean_score,
            },
        }
        log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
        json.dump(log, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


__all__ = ["SarifFormatter", "artifact_uri"]
