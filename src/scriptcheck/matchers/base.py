"""What every matcher returns, and the pieces several matchers share (triggers, regexes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import re2

from scriptcheck.call import Call, Hit
from scriptcheck.model import EVENT_NAMES, EventKind, Role, Status
from scriptcheck.phrases import PhraseSet
from scriptcheck.rulebook.schema import Scope, Trigger

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
    def empty_scope(cls, scope: Scope) -> Verdict:
        """Not applicable: ``scope`` holds no turn (the reason says why, in Chinese)."""
        return cls.na(empty_scope_reason(scope))

    @classmethod
    def violated(cls, evidence: list[Evidence] | tuple[Evidence, ...]) -> Verdict:
        return cls(Status.VIOLATED, tuple(evidence))


#: names QA staff read in reasons and details
ROLE_NAMES = {"agent": "客服", "customer": "客户", "any": "通话双方"}


def role_name(role: str) -> str:
    """客服 / 客户 / 通话双方 for a rulebook role name."""
    return ROLE_NAMES.get(role, role)


def empty_scope_reason(scope: Scope) -> str:
    """Why ``scope`` holds no turn on a call, in words QA staff read."""
    who = role_name(scope.role)
    if scope.turns == "all":
        return f"通话中没有{who}的发言"
    if scope.turns in ("first", "last"):
        return f"{who}没有实际发言(嗯、好的之类的附和不算)"
    if scope.turns == "after":
        return f"触发之后{who}没有再发言"
    marker = f"「{scope.start[0]}」" if scope.start else "起始标记"
    return f"通话中没有说到{marker},或从那里起没有{who}的发言"


def missing_turn(scope: Scope, turns: list[int]) -> int | None:
    """The turn a phrase missing from the scope ``turns`` is reported at. A ``last`` scope: its
    last turn, since the end of the call is where the phrase was missing; ``first``, ``after``
    and ``between``: their first turn, where it should have come; ``all``: none, the whole call
    (a ``when`` rule then points the finding at its trigger)."""
    if not turns or scope.turns == "all":
        return None
    return turns[-1] if scope.turns == "last" else turns[0]


def missing_evidence(call: Call, scope: Scope, turns: list[int], detail: str | None) -> Evidence:
    """Evidence for something missing from the scope ``turns``: the whole turn
    :func:`missing_turn` picks (or the call), with ``detail`` (未说: …)."""
    return turn_evidence(call, missing_turn(scope, turns), detail)


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

    def describe(self, call: Call) -> str:
        """Why the trigger does not occur on ``call`` (the rule does not apply), in Chinese."""
        spec = self.spec
        if spec.event:
            return f"通话中没有记录{EVENT_NAMES.get(spec.event, spec.event)}事件"
        if spec.silent:
            if not call.turns:
                return "通话中没有任何发言"
            return f"{role_name(spec.silent)}有实际发言(嗯、好的之类的附和不算)"
        if spec.speaks:
            who = role_name(spec.speaks)
            if spec.min_chars:
                return f"{who}没有一句话达到{spec.min_chars}字(不计标点)"
            return f"{who}没有实际发言(嗯、好的之类的附和不算)"
        who = role_name(spec.role)
        if self.regex is not None:
            said = f"{who}没有说到触发本规则的内容"
        else:
            examples = "".join(f"「{info.text}」" for info in list(self.phrases.info.values())[:2])
            said = f"{who}没有说{examples}等触发语"
        if spec.unless or spec.min_chars:
            said += "(除外情形不算)"
        return said

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
            speaking = (
                call.long_turns(spec.speaks, spec.min_chars)
                if spec.min_chars
                else call.real_turns(spec.speaks)
            )
            if self.unless:  # a turn that says an unless phrase is no occurrence
                speaking = [t for t in speaking if not call.hits(self.unless, t)]
            return [Occurrence(turn=t, position=t + 1) for t in speaking]
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

    def first_mention(self, call: Call, occurrence: Occurrence) -> int:
        """The turn a ``when`` rule's ``then`` looks from: the first turn of the trigger's role
        that says the trigger's words, even one its ``unless`` set aside (我们这片停电了,明天还
        要上班 is a fault report all the same: what the agent asked after it counts), else the
        occurrence's own turn. Events, silence and speech triggers: the occurrence's turn."""
        spec = self.spec
        if not spec.unless or spec.event or spec.silent or spec.speaks:
            return occurrence.turn
        if self.regex is not None:
            matches = call.regex_matches(self.regex, call.role_turns(spec.role))
            first = next(matches, None)
            return occurrence.turn if first is None else min(first[0], occurrence.turn)
        role = None if spec.role == "any" else Role(spec.role)
        for turn in call.turns_with(self.phrases):
            if turn >= occurrence.turn:
                break
            if role is not None and call.turns[turn].role is not role:
                continue
            if call.hits(self.phrases, turn, negation=True):
                return turn
        return occurrence.turn

    def _eligible(self, call: Call, turn: int) -> bool:
        if self.spec.min_chars and not call.says_at_least(turn, self.spec.min_chars):
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
