"""JSON (one document) and JSON Lines (one call per line, streamed) output.

:func:`result_to_dict` is the one serialisation of a :class:`~scriptcheck.model.Result`
every machine format shares; the JSON document is described by
``scriptcheck/schemas/result.schema.json``. The JSON document is written incrementally too
(each call as it arrives), so memory stays flat on big batches; a run stopped by Ctrl-C or
SIGTERM closes it, marked ``"interrupted": true``, so a ``> report.json`` still parses.
"""

from __future__ import annotations

import json
from typing import Any

from scriptcheck.formatters.base import Formatter, Summary
from scriptcheck.model import Finding, Outcome, Result, Turn

#: version of the JSON output layout; bump it when a field changes meaning or disappears
SCHEMA_VERSION = 1


def turn_at(result: Result, index: int | None) -> Turn | None:
    """The turn a finding points to (``None`` for call-level findings)."""
    if index is None:
        return None
    turns = result.transcript.turns
    if 0 <= index < len(turns) and turns[index].index == index:
        return turns[index]
    return next((t for t in turns if t.index == index), None)


def finding_to_dict(finding: Finding, result: Result) -> dict[str, Any]:
    turn = turn_at(result, finding.turn)
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "title": finding.title,
        "message": finding.message,
        "turn": finding.turn,
        "role": turn.role.value if turn else None,
        "line": finding.line,
        "time": finding.time,
        "span": list(finding.span) if finding.span else None,
        "quote": finding.quote,
        "suggestion": finding.suggestion,
        "fuzzy": finding.fuzzy,
        "points": finding.points,
    }


def outcome_to_dict(outcome: Outcome) -> dict[str, Any]:
    return {
        "rule_id": outcome.rule_id,
        "title": outcome.title,
        "severity": outcome.severity.value,
        "status": outcome.status.value,
        "deducted": outcome.deducted,
        "veto": outcome.veto,
        "reason": outcome.reason,
        "tags": list(outcome.tags),
        "findings": len(outcome.findings),
    }


def result_to_dict(result: Result, failed: bool | None = None) -> dict[str, Any]:
    """One call as a JSON-ready dict: who/what, score, grade, findings and every outcome.

    ``failed`` (by the run's fail policy) is included when known.
    """
    transcript = result.transcript
    document: dict[str, Any] = {
        "path": transcript.path,
        "name": transcript.name,
        "call_id": transcript.call_id,
        "agent_id": transcript.agent_id,
        "hotline": transcript.hotline,
        "date": transcript.date,
        "format": transcript.format,
        "encoding": transcript.encoding,
        "roles_inferred": transcript.roles_inferred,
        "pack": result.pack,
        "score": result.score,
        "grade": result.grade,
        "vetoed": result.vetoed,
    }
    if failed is not None:
        document["failed"] = failed
    document["findings"] = [finding_to_dict(f, result) for f in result.findings]
    document["outcomes"] = [outcome_to_dict(o) for o in result.outcomes]
    document["suppressed"] = [finding_to_dict(f, result) for f in result.suppressed]
    document["notes"] = list(result.notes)
    return document


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    return {
        "calls": summary.calls,
        "passed": summary.passed,
        "failed": summary.failed,
        "bad_files": summary.bad_files,
        "rule_errors": summary.rule_errors,
        "findings": {s.value: n for s, n in summary.findings.items()},
        "mean_score": summary.mean_score,
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonFormatter(Formatter):
    """One JSON document: ``version``, ``tool``, ``calls``, ``errors`` and ``summary``."""

    name = "json"
    _started = False

    @classmethod
    def wrote(cls, head: str) -> bool:
        return head.startswith('{"version": ') and '"tool": {"name": "scriptcheck"' in head

    def start(self) -> None:
        self._started = True
        self._calls = 0
        self._errors: list[dict[str, str]] = []
        policy = self.info.policy
        head = {
            "version": SCHEMA_VERSION,
            "tool": {"name": "scriptcheck", "version": self.info.version},
            "rulebook": self.info.rulebook,
            "policy": {
                "fail_on": policy.fail_on.value if policy.fail_on else None,
                "fail_under": policy.fail_under,
            },
        }
        # Written by hand around the streamed calls: the same bytes json.dumps would give.
        self.out.write(_dumps(head)[:-1] + ', "calls": [')

    renders_calls = True

    def render(self, result: Result, failed: bool) -> str:
        return _dumps(result_to_dict(result, failed))

    def write_rendered(self, text: str) -> None:
        self.out.write(",\n  " if self._calls else "\n  ")
        self.out.write(text)
        self._calls += 1

    def bad_file(self, path: str, message: str) -> None:
        self._errors.append({"path": path, "message": message})

    def finish(self, summary: Summary) -> None:
        self._close(summary, interrupted=False)

    def interrupt(self, summary: Summary) -> bool:
        """Close the document so it parses, with ``"interrupted": true`` and the summary of
        the calls it lists (nothing, if the document was not begun)."""
        if self._started:
            self._close(summary, interrupted=True)
        return self._started

    def _close(self, summary: Summary, interrupted: bool) -> None:
        self.out.write("\n]" if self._calls else "]")
        self.out.write(f', "errors": {_dumps(self._errors)}')
        if interrupted:
            self.out.write(', "interrupted": true')
        self.out.write(f', "summary": {_dumps(summary_to_dict(summary))}}}\n')


class JsonLinesFormatter(Formatter):
    """One JSON object per line: a call (``result_to_dict``) or ``{"path", "error"}``."""

    name = "jsonl"

    @classmethod
    def wrote(cls, head: str) -> bool:
        first = head.partition("\n")[0]
        return first.startswith('{"path": ') and ('"outcomes": ' in first or '"error": ' in first)

    renders_calls = True

    def render(self, result: Result, failed: bool) -> str:
        return _dumps(result_to_dict(result, failed)) + "\n"

    def write_rendered(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def bad_file(self, path: str, message: str) -> None:
        self.out.write(_dumps({"path": path, "error": message}) + "\n")
        self.out.flush()
