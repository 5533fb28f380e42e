"""What every matcher returns, and the pieces several matchers share (triggers, regexes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import re2

from scriptcheck.call import Call, Hit
from scriptcheck.model import EventKind, Role, Status
from scriptcheck.phrases import PhraseSet
from scriptcheck.rulebook.schema import Trigger

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


@dataclass(frozen=True)
class Evidence:
    """Where and why a rule was broken; the engine adds the rule's id, title and severity."""

    turn: int | None = None
    span: tuple[int, int] | None = None  # in the turn's original text
    quote: str | None = None
    detail: str | None = None  # what exactly, appended to the rule's message: (未说: 您好)
    suggestion: str | None = None
    fuzzy: str | None = None
    veto: bool = False
    points: float | None = None


@dataclass(frozen=True)
class Verdict:
    status: Status
    evidence: tuple[Evidence, ...] = ()
    reason: str | None = None

    @classmethod
    def passed(cls, reason: str | None = None) -> Verdict:
        return cls(Status.PASSED, (), reason)

    @classmethod
    def na(cls, reason: str) -> Verdict:
        return cls(Status.NOT_APPLICABLE, (), reason)

    @classmethod
    def empty_scope(cls, role: str) -> Verdict:
        return cls.na(f"no {role} turns in scope")

    @classmethod
    def violated(cls, evidence: list[Evidence] | tuple[Evidence, ...]) -> Verdict:
        return cls(Status.VIOLATED, tuple(evidence))


class Matcher(Protocol):
    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict: ...


def hit_evidence(call: Call, hit: Hit, **extra: Any) -> Evidence:
    span = call.original_span(hit.turn, hit.start, hit.end)
    quote = call.turns[hit.turn].text[span[0] : span[1]]
    return Evidence(turn=hit.turn, span=span, quote=quote, fuzzy=hit.fuzzy, **extra)


def span_evidence(
    call: Call, turn: int, start: int, end: int, detail: str, suggestion: str | None
) -> Evidence:
    """Evidence for the normalised span ``[start, end)`` of ``turn``; ``{quote}`` in ``detail``
    becomes the original text of the span."""
    span = call.original_span(turn, start, end)
    quote = call.turns[turn].text[span[0] : span[1]]
    return Evidence(
        turn=turn, span=span, quote=quote, detail=detail.format(quote=quote), suggestion=suggestion
    )


def turn_evidence(call: Call, turn: int | None, detail: str | None = None) -> Evidence:
    """Evidence pointing at a whole turn (or at the call, when ``turn`` is None)."""
    if turn is None:
        return Evidence(detail=detail)
    text = call.turns[turn].text
    return Evidence(turn=turn, span=(0, len(text)), quote=text, detail=detail)


@dataclass(frozen=True)
class Occurrence:
    """A trigger occurrence: the turn it happened in (or the turn count before an event),
    the evidence span, and named groups captured by a trigger regex."""

    turn: int
    position: int  # turns before this point: an event at position p comes after turn p-1
    hit: Hit | None = None
    groups: dict[str, str] = field(default_factory=dict)


class CompiledTrigger:
    def __init__(self, spec: Trigger, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.phrases: PhraseSet = compiler.phrases(spec.any, where)
        self.unless = compiler.phrases(spec.unless, where)
        self.regex = compiler.regex(spec.regex, where) if spec.regex else None

    def describe(self) -> str:
        if self.spec.event:
            return f"no {self.spec.event} event"
        if self.spec.silent:
            return f"the {self.spec.silent} speaks"
        if self.spec.speaks:
            return f"the {self.spec.speaks} says nothing"
        return "no trigger in the call"

    def occurrences(self, call: Call, first_only: bool = False) -> list[Occurrence]:
        """Where the trigger fires, in call order (``first_only``: just the first)."""
        spec = self.spec
        if spec.event:
            kind = EventKind(spec.event)
            return [
                Occurrence(turn=max(e.position - 1, 0), position=e.position)
                for e in call.transcript.events
                if e.kind is kind
            ]
        if spec.silent:
            if call.real_turns(spec.silent) or not call.turns:
                return []
            return [Occurrence(turn=0, position=0)]
        if spec.speaks:
            return [
                Occurrence(turn=t, position=t + 1)
                for t in call.real_turns(spec.speaks)
                if len(call.norm[t].text) >= spec.min_chars
            ]
        if self.regex is not None:
            return self._regex_occurrences(call, first_only)
        if not call.mentions(self.phrases):
            return []
        found: list[Occurrence] = []
        role = None if spec.role == "any" else Role(spec.role)
        for turn in call.turns_with(self.phrases):  # the turns a hit can be in, in order
            if role is not None and call.turns[turn].role is not role:
                continue
            if not self._eligible(call, turn):
                continue
            hits = call.hits(self.phrases, turn, negation=True)
            if hits:
                found.append(Occurrence(turn, turn + 1, hits[0]))
                if first_only:
                    break
        return found

    def _regex_occurrences(self, call: Call, first_only: bool) -> list[Occurrence]:
        """The first match in each eligible turn; one scan over the role's turns, which stops
        at the first occurrence when that is all the caller needs."""
        found: list[Occurrence] = []
        seen: set[int] = set()
        for turn, start, end, match in call.regex_matches(
            self.regex, call.role_turns(self.spec.role)
        ):
            if turn in seen or not self._eligible(call, turn):
                continue
            seen.add(turn)
            hit = Hit(turn, start, end, _as_info(call.norm[turn].text[start:end]))
            groups = {k: v for k, v in match.groupdict().items() if v}
            found.append(Occurrence(turn, turn + 1, hit, groups))
            if first_only:
                break
        return found

    def _eligible(self, call: Call, turn: int) -> bool:
        if len(call.norm[turn].text) < self.spec.min_chars:
            return False
        return not (self.unless and call.hits(self.unless, turn))


def _as_info(text: str):  # noqa: ANN202 - tiny adapter
    from scriptcheck.phrases import PhraseInfo

    return PhraseInfo(text)


def compile_regex(pattern: str) -> Any:
    """RE2: linear-time matching, so a user's pattern can never hang a batch."""
    options = re2.Options()
    options.max_mem = 8 << 20
    options.log_errors = False
    options.never_nl = True  # turns are scanned joined by newlines; no match may span two
    try:
        return re2.compile("(?m)" + pattern, options)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ValueError(
            f"regex {pattern!r} does not compile: {detail} (RE2 syntax: no look-around or backreferences)"
        ) from None
