"""Batch statistics for training leads, gathered from a stream of results.

>>> stats = BatchStats()                                                 # doctest: +SKIP
>>> for result in results:                                               # doctest: +SKIP
...     stats.add(result)
>>> stats.mean_score, stats.top_rules(5), stats.agents()                 # doctest: +SKIP

Memory stays flat: per rule, per agent and per grade counters, and the few worst calls. Rows
per call and per finding (for the Excel sheets) are kept only when ``keep_rows`` is set.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import EllipsisType

from scriptcheck.formatters.base import FailPolicy
from scriptcheck.formatters.json import turn_at
from scriptcheck.model import Finding, Result, Severity
from scriptcheck.workid import AgentId, agent_id_of

DEFAULT_GRADES = ("优秀", "良好", "合格", "不合格")
UNKNOWN_AGENT = "(未知)"
#: where a call's 工号 came from: the file (header, speaker label, column) or the greeting
SOURCE_FILE = "文件"
SOURCE_GREETING = "开场白"
BIN_WIDTH = 10


@dataclass(frozen=True)
class FindingRow:
    """One finding, flattened for tables."""

    rule_id: str
    title: str
    severity: Severity
    turn: int | None
    line: int | None
    role: str | None
    quote: str | None
    message: str
    suggestion: str | None
    points: float


@dataclass(frozen=True)
class CallRow:
    """One call, flattened for tables; ``findings`` only for worst calls and kept rows.

    ``name`` traces the call (``path``, ``path#CALL_ID`` or ``path#LINE``, see
    :attr:`Transcript.name`); ``agent_stated`` says ``agent_id`` was taken from the greeting
    (工号9381 said by the agent) because the file gives none.
    """

    path: str
    name: str
    call_id: str | None
    agent_id: str | None
    hotline: str | None
    score: float
    grade: str
    vetoed: bool
    failed: bool
    counts: tuple[int, int, int]  # findings by severity: error, warning, info
    violated: tuple[str, ...]
    findings: tuple[FindingRow, ...] = ()
    agent_stated: bool = False

    @property
    def agent_source(self) -> str:
        """``文件`` or ``开场白`` (empty when the call has no 工号)."""
        if not self.agent_id:
            return ""
        return SOURCE_GREETING if self.agent_stated else SOURCE_FILE


@dataclass
class RuleStats:
    """How often one rule was broken: in how many calls, how many findings, points lost."""

    rule_id: str
    title: str
    severity: Severity
    calls: int = 0
    findings: int = 0
    deducted: float = 0.0


@dataclass
class AgentStats:
    """One agent (工号): calls, score total, failed calls and the rules they broke.

    ``stated_calls`` counts the calls whose 工号 was taken from the greeting, not the file.
    """

    agent_id: str
    calls: int = 0
    score_total: float = 0.0
    failed: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    stated_calls: int = 0

    @property
    def source(self) -> str:
        """Where the 工号 came from: ``文件``, ``开场白``, ``文件 + 开场白 (N 通)`` or empty
        for the calls with none (未知)."""
        if self.agent_id == UNKNOWN_AGENT:
            return ""
        if not self.stated_calls:
            return SOURCE_FILE
        if self.stated_calls == self.calls:
            return SOURCE_GREETING
        return f"{SOURCE_FILE} + {SOURCE_GREETING} ({self.stated_calls} 通)"

    @property
    def mean_score(self) -> float:
        return self.score_total / self.calls if self.calls else 0.0

    @property
    def top_rule(self) -> tuple[str, int] | None:
        """The rule this agent broke in most calls, with that number of calls."""
        return self.rules.most_common(1)[0] if self.rules else None


def call_row(
    result: Result,
    failed: bool,
    with_findings: bool = False,
    agent: AgentId | None | EllipsisType = ...,
) -> CallRow:
    """A result as a table row (with its findings when ``with_findings``). ``agent``: the
    call's :func:`~scriptcheck.workid.agent_id_of`, when the caller has it already."""
    transcript = result.transcript
    counts = Counter(f.severity for f in result.findings)
    findings: tuple[FindingRow, ...] = ()
    if with_findings:
        findings = tuple(_finding_row(result, f) for f in _in_turn_order(result.findings))
    if agent is ...:
        agent = agent_id_of(transcript)
    return CallRow(
        path=transcript.path,
        name=transcript.name,
        call_id=transcript.call_id,
        agent_id=agent.value if agent else None,
        agent_stated=bool(agent and agent.stated),
        hotline=transcript.hotline,
        score=result.score,
        grade=result.grade,
        vetoed=result.vetoed,
        failed=failed,
        counts=(counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]),
        violated=tuple(o.rule_id for o in result.violated),
        findings=findings,
    )


def _in_turn_order(findings: list[Finding]) -> list[Finding]:
    """Call-level findings first, then by turn (rule order kept within a turn), as in text."""
    return sorted(findings, key=lambda f: -1 if f.turn is None else f.turn)


def _finding_row(result: Result, finding: Finding) -> FindingRow:
    turn = turn_at(result, finding.turn)
    return FindingRow(
        rule_id=finding.rule_id,
        title=finding.title,
        severity=finding.severity,
        turn=finding.turn,
        line=finding.line,
        role=turn.role.label if turn else None,
        quote=finding.quote,
        message=finding.message,
        suggestion=finding.suggestion,
        points=finding.points,
    )


class BatchStats:
    """Totals for a batch of calls, updated one result at a time."""

    def __init__(
        self,
        policy: FailPolicy | None = None,
        *,
        keep_rows: bool = False,
        worst: int = 10,
        grades: Iterable[tuple[str, float]] = (),
    ) -> None:
        """``grades``: the rulebooks' grade bands as (name, floor), listed even when no call
        gets them (e.g. ``rulebook.settings.grades.items()``)."""
        self.policy = policy or FailPolicy()
        self._bands = dict(grades)
        self.keep_rows = keep_rows
        self.worst_count = worst
        self.calls = 0
        self.failed = 0
        self.score_total = 0.0
        self.grades: Counter[str] = Counter()
        self._grade_top: dict[str, float] = {}
        self.bins = [0] * (100 // BIN_WIDTH)
        self.rules: dict[str, RuleStats] = {}
        self._agents: dict[str, AgentStats] = {}
        self._worst: list[tuple[float, int, CallRow]] = []
        self.rows: list[CallRow] = []
        self.bad_files: list[tuple[str, str]] = []

    # ------------------------------------------------------------ feeding

    def add(self, result: Result) -> None:
        """Count one call."""
        failed = self.policy.failed(result)
        self.calls += 1
        self.failed += failed
        self.score_total += result.score
        self.grades[result.grade] += 1
        self._grade_top[result.grade] = max(self._grade_top.get(result.grade, 0), result.score)
        self.bins[min(int(result.score // BIN_WIDTH), len(self.bins) - 1)] += 1
        self._count_rules(result)
        agent = agent_id_of(result.transcript)  # once: it may normalise the greeting
        self._count_agent(result, failed, agent)
        self._keep_worst(result, failed, agent)
        if self.keep_rows:
            self.rows.append(call_row(result, failed, with_findings=True, agent=agent))

    def add_bad_file(self, path: str, message: str) -> None:
        """Note a file that could not be read."""
        self.bad_files.append((path, message))

    def _count_rules(self, result: Result) -> None:
        for outcome in result.violated:
            stats = self.rules.get(outcome.rule_id)
            if stats is None:
                stats = RuleStats(outcome.rule_id, outcome.title, outcome.severity)
                self.rules[outcome.rule_id] = stats
            stats.calls += 1
            stats.findings += len(outcome.findings)
            stats.deducted += outcome.deducted

    def _count_agent(self, result: Result, failed: bool, found: AgentId | None) -> None:
        agent_id = found.value if found else UNKNOWN_AGENT
        agent = self._agents.setdefault(agent_id, AgentStats(agent_id))
        agent.calls += 1
        agent.stated_calls += bool(found and found.stated)
        agent.score_total += result.score
        agent.failed += failed
        agent.rules.update(o.rule_id for o in result.violated)

    def _keep_worst(self, result: Result, failed: bool, agent: AgentId | None) -> None:
        if self.worst_count <= 0:
            return
        full = len(self._worst) >= self.worst_count
        if full and result.score >= -self._worst[0][0]:  # no worse than the best one kept
            return
        # Max-heap on score (negated): the best of the kept calls is dropped first; among
        # equal scores the later call goes first, so the order of the batch decides ties.
        row = call_row(result, failed, with_findings=True, agent=agent)
        entry = (-result.score, -self.calls, row)
        heapq.heappush(self._worst, entry)
        if len(self._worst) > self.worst_count:
            heapq.heappop(self._worst)

    # ------------------------------------------------------------ reading

    @property
    def stated_agents(self) -> bool:
        """Whether any call's 工号 was taken from the greeting (reports then say so)."""
        return any(a.stated_calls for a in self._agents.values())

    @property
    def passed(self) -> int:
        return self.calls - self.failed

    @property
    def mean_score(self) -> float | None:
        return self.score_total / self.calls if self.calls else None

    def grade_counts(self) -> list[tuple[str, int]]:
        """Calls per grade, best grade first. Every band given to the constructor is listed,
        0 when no call got it (the default bands when none were given and no other grade was
        seen); a grade seen but not given is ranked by the best score that got it."""
        floors: dict[str, float] = dict(self._bands)
        if not floors and set(self.grades) <= set(DEFAULT_GRADES):
            floors = {g: -rank for rank, g in enumerate(DEFAULT_GRADES)}
        for grade, top in self._grade_top.items():
            floors.setdefault(grade, top)
        ordered = sorted(floors, key=lambda g: -floors[g])
        return [(g, self.grades[g]) for g in ordered]

    def score_bins(self) -> list[tuple[str, int]]:
        """Calls per 10-point band, ``0-9`` … ``90-100``."""
        labels = [f"{lo}-{lo + BIN_WIDTH - 1}" for lo in range(0, 100, BIN_WIDTH)]
        labels[-1] = f"{100 - BIN_WIDTH}-100"
        return list(zip(labels, self.bins, strict=False))

    def top_rules(self, limit: int | None = None) -> list[RuleStats]:
        """Rules by the number of calls that broke them (then findings, then id)."""
        ranked = sorted(self.rules.values(), key=lambda r: (-r.calls, -r.findings, r.rule_id))
        return ranked if limit is None else ranked[:limit]

    def share(self, calls: int) -> float:
        """``calls`` as a share of all calls (0 when there are none)."""
        return calls / self.calls if self.calls else 0.0

    def agents(self) -> list[AgentStats]:
        """Agents by mean score, lowest first (those to coach first), then 工号."""
        return sorted(self._agents.values(), key=lambda a: (a.mean_score, a.agent_id))

    def worst_calls(self) -> list[CallRow]:
        """The lowest-scoring calls, worst first."""
        ordered = sorted(self._worst, key=lambda e: (-e[0], -e[1]))
        return [row for _, _, row in ordered]


__all__ = [
    "AgentStats",
    "BatchStats",
    "CallRow",
    "FindingRow",
    "RuleStats",
    "SOURCE_FILE",
    "SOURCE_GREETING",
    "call_row",
]
