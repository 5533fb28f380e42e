"""What every output format implements, and the run summary they all end with.

A formatter receives results one by one, in the order they should be shown (sorted by path),
so streaming formats (JSON Lines) write each call as soon as it is ready and nothing is kept
per call beyond what the format's own output needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, TextIO

from scriptcheck.model import Result, Severity


@dataclass(frozen=True)
class FailPolicy:
    """When a call counts as failed: a veto, a finding at or above ``fail_on``, or a score
    under ``fail_under``. ``fail_on=None`` means findings alone never fail a call."""

    fail_on: Severity | None = Severity.ERROR
    fail_under: float | None = None

    def failed(self, result: Result) -> bool:
        if result.vetoed:
            return True
        if self.fail_under is not None and result.score < self.fail_under:
            return True
        if self.fail_on is not None:
            return any(f.severity.rank >= self.fail_on.rank for f in result.findings)
        return False


@dataclass
class Summary:
    """Totals for one run, updated as results arrive."""

    calls: int = 0
    passed: int = 0
    failed: int = 0
    bad_files: int = 0
    findings: dict[Severity, int] = field(default_factory=lambda: {s: 0 for s in Severity})
    score_total: float = 0.0

    def add(self, result: Result, failed: bool) -> None:
        self.calls += 1
        self.failed += failed
        self.passed += not failed
        self.score_total += result.score
        for finding in result.findings:
            self.findings[finding.severity] += 1

    @property
    def mean_score(self) -> float | None:
        return self.score_total / self.calls if self.calls else None


@dataclass(frozen=True)
class RunInfo:
    """Facts about the run a formatter may show (tool version, rulebook, options)."""

    version: str
    rulebook: str
    policy: FailPolicy
    verbose: bool = False
    color: bool = True
    redact: bool = False
    rules: tuple[object, ...] = ()  # the rulebook's rule specs, for SARIF/JUnit rule metadata


class Formatter:
    """Base class. Subclasses set ``name`` and override the hooks they need."""

    name: ClassVar[str] = ""

    def __init__(self, out: TextIO, info: RunInfo) -> None:
        self.out = out
        self.info = info

    def start(self) -> None:
        """Called once before the first result."""

    def result(self, result: Result, failed: bool) -> None:
        """Called once per call, in display order."""

    def bad_file(self, path: str, message: str) -> None:
        """Called for a file that could not be read (it is still listed in every format)."""

    def finish(self, summary: Summary) -> None:
        """Called once at the end."""
