"""SARIF 2.1.0 output (``--format sarif``) for code-scanning tools.

One run: ``tool.driver`` names scriptcheck with its version and a ``rules`` entry per rule
(title, description, the standard phrase as ``help``, level from severity, tags); one
``result`` per finding located at the turn's source line and the evidence's column; files
that could not be read become ``invocations[0].toolExecutionNotifications`` (level error), and
so do a call's notes (level warning; error for a rule that crashed on the call).

The helpers :func:`finding_text` and :class:`SourceLocator` are shared with the other CI
formats (GitHub annotations, JUnit, Markdown).
"""

from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from scriptcheck.errors import RULE_ERROR
from scriptcheck.formatters.base import Formatter, RunInfo, Summary
from scriptcheck.formatters.json import turn_at
from scriptcheck.model import Finding, Result, Severity, Transcript
from scriptcheck.readers.text import INLINE_PRAGMA, split_lines
from scriptcheck.redact import MASK, redact_text, source_path

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/scriptcheck/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_MAX_CACHED_FILES = 64


def finding_text(finding: Finding) -> str:
    """The finding's message, then ``应说: …`` with the standard phrase when there is one."""
    if finding.suggestion:
        return f"{finding.message} 应说: {finding.suggestion}"
    return finding.message


class SourceLocator:
    """Finds the source line and 1-based column of a finding's evidence.

    The turn's text offset inside its source line is not in the model, so the source line is
    read back (decoded with the transcript's detected encoding) and the turn's text is looked
    up in it: column = where the turn text starts in the line + the span start + 1. A turn
    continued on following lines (plain text) is followed line by line, so evidence on a
    continuation line gets that line. When the file cannot be read again (stdin, moved,
    changed since) the finding stays on the turn's first line, column 1.
    """

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def position(self, result: Result, finding: Finding) -> tuple[int | None, int]:
        """``(line, column)``: the line is None for findings that point at no line."""
        turn = turn_at(result, finding.turn)
        line = finding.line if finding.line is not None else (turn.line if turn else None)
        if turn is None or turn.line is None or line != turn.line or finding.span is None:
            return line, 1
        lines = self._source(result.transcript)
        if lines is None:
            return line, 1
        follow = result.transcript.format == "text"
        return _locate(lines, turn.line, turn.text, finding.span[0], follow)

    def _source(self, transcript: Transcript) -> list[str] | None:
        path = source_path(transcript)  # the real file, also when --redact masked the path
        if path not in self._lines:
            if len(self._lines) >= _MAX_CACHED_FILES:
                self._lines.pop(next(iter(self._lines)))
            self._lines[path] = _read_lines(path, transcript.encoding)
        return self._lines[path]


def _read_lines(path: str, encoding: str | None) -> list[str] | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    text = data.decode(encoding or "utf-8", errors="replace").lstrip("\ufeff")
    return split_lines(text)


def _locate(lines: list[str], first: int, text: str, offset: int, follow: bool) -> tuple[int, int]:
    """``(line, column)`` of character ``offset`` of a turn's ``text`` that starts on 1-based
    line ``first``; ``(first, 1)`` when the text cannot be found where the turn says.

    With ``follow`` (plain text) the turn may go on over the next lines: each line gives the
    turn the end of the line after its label, time stamp or nothing (a continuation line),
    so the turn's text is matched against the *ends* of its lines, as the text reader built
    it. Blank and ``#`` lines between them give nothing.
    """
    if not 1 <= first <= len(lines):
        return first, 1
    if not follow:
        start = _find_prefix(lines[first - 1], text)
        return (first, start + offset + 1) if start >= 0 else (first, 1)
    number, rest = first, text
    while rest and number <= len(lines):
        line = _spoken_part(lines[number - 1])
        if number > first and (not line.strip() or line.lstrip().startswith("#")):
            number += 1
            continue
        start = _start_of_tail(line, rest)
        if start < 0 and number == first:
            start = len(line)  # a label with the words on the next line ("客服:")
        elif start < 0:
            return first, 1
        taken = len(line) - start
        if offset < taken:
            return number, start + offset + 1
        offset -= taken
        rest = rest[taken:]
        number += 1
    return first, 1


def _spoken_part(line: str) -> str:
    """The line without a trailing ``# scriptcheck: …`` comment and trailing blanks."""
    pragma = INLINE_PRAGMA.search(line)
    return (line[: pragma.start()] if pragma else line).rstrip()


def _start_of_tail(line: str, text: str) -> int:
    """The first position in ``line`` from which the rest of the line is the beginning of
    ``text`` (a ``*`` redaction mask in ``text`` stands for any character); -1 if none."""
    masked = MASK in text
    for start in range(len(line)):
        tail = line[start:]
        if len(tail) > len(text):
            continue
        head = text[: len(tail)]
        if tail == head or (masked and _same_unmasked(tail, head)):
            return start
    return -1


def _same_unmasked(line_part: str, text_part: str) -> bool:
    return all(t in (MASK, c) for c, t in zip(line_part, text_part, strict=True))


def _find_prefix(line: str, text: str) -> int:
    """Where ``text`` (its first few characters, up to a redaction mask) starts in ``line``."""
    prefix = text[:12].split(MASK, 1)[0]
    return line.find(prefix) if prefix else -1


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


__all__ = ["SarifFormatter", "SourceLocator", "artifact_uri", "finding_text"]
