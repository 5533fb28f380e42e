"""The data model every stage shares: a Transcript goes in, a Result comes out.

Readers build :class:`Transcript` objects; the engine turns a transcript and a compiled
rulebook into a :class:`Result` made of one :class:`Outcome` per rule, each with its
:class:`Finding` objects; formatters only read these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Role(str, Enum):
    """Who speaks a turn."""

    AGENT = "agent"
    CUSTOMER = "customer"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"agent": "客服", "customer": "客户", "unknown": "未知"}[self.value]


class EventKind(str, Enum):
    """Things that happen on a call besides speech."""

    HANGUP = "hangup"
    RING = "ring"
    HOLD_START = "hold_start"
    HOLD_END = "hold_end"
    TRANSFER = "transfer"
    SILENCE = "silence"


#: each event kind's name as QA staff read it (parse tables, not-applicable reasons)
EVENT_NAMES = {
    "hangup": "挂机",
    "ring": "振铃",
    "hold_start": "保持开始",
    "hold_end": "保持结束",
    "transfer": "转接",
    "silence": "静音",
}


@dataclass(frozen=True)
class Turn:
    """One utterance: who said what, when, and where it came from.

    ``index`` is the turn's position in the call (0-based); ``line`` the 1-based line of
    the source file where the turn starts (None when the format has no lines, e.g. JSON
    arrays); ``start``/``end`` are seconds from the start of the call when known.
    """

    index: int
    role: Role
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None
    speaker: str | None = None  # the label as written in the source (客服, 坐席, A, channel 0…)


@dataclass(frozen=True)
class Event:
    """A non-speech event. ``position`` is the number of turns that precede it."""

    kind: EventKind
    position: int
    time: float | None = None
    by: Role | None = None  # hang-up: who hung up
    count: int | None = None  # ring: number of rings
    duration: float | None = None  # silence: seconds
    line: int | None = None
    note: str | None = None  # free text after the event word (e.g. transfer target)


@dataclass(frozen=True)
class Transcript:
    """One call as read from a file.

    ``metadata`` holds every header as written (``call_id``, ``agent_id``, ``hotline``…);
    the typed fields are the ones downstream code relies on. ``pragmas`` are the
    ``# scriptcheck: …`` comment lines (line number, text after ``scriptcheck:``).
    """

    path: str
    turns: tuple[Turn, ...]
    events: tuple[Event, ...] = ()
    call_id: str | None = None
    agent_id: str | None = None
    hotline: str | None = None
    date: str | None = None
    rings: int | None = None
    answer_delay: float | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    format: str = "text"
    encoding: str | None = None
    roles_inferred: bool = False
    pragmas: tuple[tuple[int, str], ...] = ()
    part: int | None = None  # in a file of several calls: the JSONL line, or Nth of a JSON array
    notes: tuple[str, ...] = ()  # what the reader guessed at (a line read as a continuation…)

    @property
    def name(self) -> str:
        """How reports name the call: ``path``, ``path#CALL_ID`` when the call has an id, else
        ``path#N`` for one call of several in a file (N: its JSONL line, or its 1-based place
        in a JSON array), so every call of a batch can be traced."""
        if self.call_id:
            return f"{self.path}#{self.call_id}"
        return self.path if self.part is None else f"{self.path}#{self.part}"

    @property
    def has_times(self) -> bool:
        """Whether any turn carries a start time (timing rules need it)."""
        return any(t.start is not None for t in self.turns)

    def agent_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.role is Role.AGENT]

    def customer_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.role is Role.CUSTOMER]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Status(str, Enum):
    PASSED = "passed"
    VIOLATED = "violated"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Finding:
    """One piece of evidence that a rule was broken.

    ``turn`` is the turn index (None for call-level findings such as a late answer);
    ``span`` the character range of the evidence in that turn's *original* text; ``points``
    what this finding cost (the findings of an outcome add up to its deduction).
    """

    rule_id: str
    severity: Severity
    title: str
    message: str
    turn: int | None = None
    span: tuple[int, int] | None = None
    quote: str | None = None
    suggestion: str | None = None
    fuzzy: bool = False
    line: int | None = None
    time: float | None = None
    points: float = 0.0


@dataclass(frozen=True)
class Outcome:
    """How one rule ended on one call: passed, violated (with findings) or not applicable."""

    rule_id: str
    title: str
    severity: Severity
    status: Status
    findings: tuple[Finding, ...] = ()
    deducted: float = 0.0
    veto: bool = False
    reason: str | None = None  # why not applicable, or a note on a pass (e.g. "fuzzy match")
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """The verdict on one call."""

    transcript: Transcript
    outcomes: tuple[Outcome, ...]
    score: float
    grade: str
    vetoed: bool = False
    suppressed: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    pack: str | None = None  # the pack or rulebook(s) the run checked this call with

    @property
    def findings(self) -> list[Finding]:
        return [f for o in self.outcomes for f in o.findings]

    @property
    def violated(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status is Status.VIOLATED]
