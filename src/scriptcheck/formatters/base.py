"""What every output format implements, and the run summary they all end with.

A formatter receives results one by one, in the order they should be shown (sorted by path),
so streaming formats (JSON Lines) write each call as soon as it is ready and nothing is kept
per call beyond what the format's own output needs.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, TextIO

from scriptcheck.errors import is_rule_error
from scriptcheck.model import Finding, Outcome, Result, Severity


@dataclass(frozen=True)
class FailPolicy:
    """When a call counts as failed: a veto, a finding at or above ``fail_on``, or a score
    under ``fail_under``. ``fail_on=None`` means findings alone never fail a call."""

    fail_on: Severity | None = Severity.ERROR
    fail_under: float | None = None

    def failed(self, result: Result) -> bool:
        return self.reason(result) is not None

    def reason(self, result: Result) -> str | None:
        """Why a call fails, in the words of the report (``有错误级问题``), or None if it passes.
        A grade of 良好 next to 未通过 otherwise leaves QA staff guessing."""
        if result.vetoed:
            return "一票否决"
        if self.fail_under is not None and result.score < self.fail_under:
            return f"低于 {self.fail_under:g} 分"
        if self.fail_on is not None:
            worst = max(
                (f.severity for f in result.findings if f.severity.rank >= self.fail_on.rank),
                key=lambda severity: severity.rank,
                default=None,
            )
            if worst is not None:
                return f"有{worst.label}级问题"
        return None


@dataclass
class Summary:
    """Totals for one run, updated as results arrive."""

    calls: int = 0
    passed: int = 0
    failed: int = 0
    bad_files: int = 0
    rule_errors: int = 0  # a rule that crashed on a call (not checked there): exit code 2
    findings: dict[Severity, int] = field(default_factory=lambda: {s: 0 for s in Severity})
    score_total: float = 0.0

    def add(self, result: Result, failed: bool) -> None:
        severities = (finding.severity for finding in result.findings)
        self.count(result.score, failed, severities, len(rule_errors(result)))

    def add_rendered(self, call: RenderedCall) -> None:
        """Count one call a worker judged and rendered."""
        self.count(call.score, call.failed, call.severities, call.rule_errors)

    def count(
        self, score: float, failed: bool, severities: Iterable[Severity], rule_errors: int = 0
    ) -> None:
        """Count one call from its score, verdict, the severity of each finding and how many
        of its rules crashed."""
        self.calls += 1
        self.rule_errors += rule_errors
        self.failed += failed
        self.passed += not failed
        self.score_total += score
        for severity in severities:
            self.findings[severity] += 1

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
    """Base class. Subclasses set ``name`` and override the hooks they need.

    A format whose output for one call depends on that call alone sets ``renders_calls`` and
    implements :meth:`render` (pure: no writing) and :meth:`write_rendered`. In a parallel run
    the workers then render (see :class:`CallRenderer`) and this process only writes.
    """

    name: ClassVar[str] = ""
    renders_calls: ClassVar[bool] = False
    #: the whole output is written by :meth:`finish`: a stopped run prints nothing
    written_at_end: ClassVar[bool] = False

    def __init__(self, out: TextIO, info: RunInfo) -> None:
        self.out = out
        self.info = info

    @classmethod
    def wrote(cls, head: str) -> bool:
        """Whether a file starting with ``head`` is this format's output (a report a previous
        run left among the transcripts, which a new run may replace)."""
        return False

    def start(self) -> None:
        """Called once before the first result."""

    def result(self, result: Result, failed: bool) -> None:
        """Called once per call, in display order."""
        if self.renders_calls:
            self.write_rendered(self.render(result, failed))

    def can_render_calls(self) -> bool:
        """Whether :meth:`render` may run elsewhere (a worker) for this output."""
        return self.renders_calls

    def render(self, result: Result, failed: bool) -> str:
        """This format's text for one call (formats with ``renders_calls`` only)."""
        raise TypeError(f"the {self.name} format is not rendered call by call")

    def write_rendered(self, text: str) -> None:
        """Write one call's text from :meth:`render`, possibly made in another process."""
        self.out.write(text)

    def bad_file(self, path: str, message: str) -> None:
        """Called for a file that could not be read (it is still listed in every format)."""

    def finish(self, summary: Summary) -> None:
        """Called once at the end."""

    def interrupt(self, summary: Summary) -> bool:
        """Called instead of :meth:`finish` when Ctrl-C or SIGTERM stops a run writing to
        stdout, between calls: what was written must stay complete for the calls it lists.
        Formats :attr:`written_at_end` have written nothing; streamed ones whose lines stand
        alone need nothing more; a document (JSON) is closed, marked as interrupted, and True
        returned."""
        return False


def judge(result: Result, info: RunInfo) -> tuple[Result, bool]:
    """A call as every format shows it (masked with ``--redact``) and whether it fails the
    run's policy: the one place both are decided, in a worker or here."""
    if info.redact:
        from scriptcheck.redact import redact_result

        result = redact_result(result)
    return result, info.policy.failed(result)


@dataclass(frozen=True)
class RenderedCall:
    """One call as a worker hands it back: what the summary counts and the text to write
    (``None`` when ``--quiet`` hides a passing call)."""

    score: float
    failed: bool
    severities: tuple[Severity, ...]
    text: str | None
    rule_errors: int = 0


@dataclass(frozen=True)
class CallRenderer:
    """Judges and renders one call where it was checked, for formats with ``renders_calls``:
    redaction, the fail policy and the format's text, everything the writer needs."""

    formatter: type[Formatter]
    info: RunInfo
    quiet: bool = False

    @cached_property
    def _instance(self) -> Formatter:
        return self.formatter(io.StringIO(), self.info)  # render() never writes

    def __call__(self, result: Result) -> RenderedCall:
        result, failed = judge(result, self.info)
        shown = shown_when_quiet(result, failed) or not self.quiet
        text = self._instance.render(result, failed) if shown else None
        severities = tuple(f.severity for f in result.findings)
        return RenderedCall(result.score, failed, severities, text, len(rule_errors(result)))


def shown_when_quiet(result: Result, failed: bool) -> bool:
    """``--quiet`` still shows a failing call, and a call a rule crashed on (the run exits 2
    for it, so the output must say where)."""
    return failed or bool(rule_errors(result))


def rule_errors(result: Result) -> list[Outcome]:
    """The outcomes of the rules that crashed on this call (not applicable, with the error as
    their reason): a bug to report, counted in the summary and failing the run (exit 2)."""
    return [o for o in result.outcomes if is_rule_error(o.reason)]


def ordered_findings(result: Result) -> list[Finding]:
    """The call's findings in reading order: call-level ones first, then by source line and
    turn (rules are evaluated in rulebook order, which is not where a reader looks)."""
    return in_reading_order(result.findings)


def in_reading_order(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` sorted as :func:`ordered_findings` sorts a call's."""
    return sorted(findings, key=_reading_position)


def _reading_position(finding: Finding) -> tuple[int, int, int]:
    """(source line, turn, column): a finding with no line (a JSON call, the whole call)
    sorts before the lines; ``sorted`` keeps the rulebook order among equals."""
    line = finding.line if finding.line is not None else -1
    turn = finding.turn if finding.turn is not None else -1
    return (line, turn, finding.span[0] if finding.span else 0)


def finding_headline(finding: Finding) -> str:
    """``标题: 消息`` as a line of a CI format; only the message where it already starts with
    the title (a rule without its own ``message``), so the title is never said twice."""
    if not finding.message or finding.message == finding.title:
        return finding.title
    if finding.message.startswith(finding.title):
        return finding.message
    return f"{finding.title}: {finding.message}"
