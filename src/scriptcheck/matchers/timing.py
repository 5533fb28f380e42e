"""``timing``: rings / answer delay, speech rate, overlap (interruption), dead air, call length.

Each metric needs evidence the transcript may not have (ring counts, timestamps, time ranges);
without it the rule is not applicable, never passed.

Anti-pattern: [振铃 6 声] 客服: 您好,… (late, no apology).
Best practice: 客服: 您好,对不起,让您久等了,…
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from scriptcheck.call import Call
from scriptcheck.matchers.base import Evidence, Verdict, role_name, turn_evidence
from scriptcheck.model import EventKind, Role
from scriptcheck.rulebook.schema import TimingRule

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


class TimingMatcher:
    def __init__(self, spec: TimingRule, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.excuse = compiler.phrases(spec.excuse, where)
        self.metric: Callable[[Call], Verdict] = getattr(self, "_" + spec.metric)

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        return self.metric(call)

    def _bound(self, value: float) -> str | None:
        """Which bound ``value`` breaks, as the report says it (``上限 3``, ``下限 120``), or
        None when it is within both."""
        if self.spec.max is not None and value > self.spec.max:
            return f"上限 {self.spec.max:g}"
        if self.spec.min is not None and value < self.spec.min:
            return f"下限 {self.spec.min:g}"
        return None

    @property
    def _limit(self) -> float:
        """The upper bound of a metric that has only one (the schema requires ``max``)."""
        return self.spec.max if self.spec.max is not None else 0.0

    def _excused(self, call: Call, turn: int | None) -> bool:
        """Whether ``turn`` says an excuse phrase. The agent's anywhere in the turn; the
        customer's only near the turn's end (等一下,我去拿一下单子), since one followed by more
        speech (哎等一下,周六上午我不在,还是周日下午吧) is a discourse marker, not a hold."""
        if turn is None or not self.excuse:
            return False
        hits = call.hits(self.excuse, turn)
        if call.turns[turn].role is not Role.CUSTOMER:
            return bool(hits)
        length = len(call.norm[turn].text)
        return any(length - hit.end <= CUSTOMER_HOLD_TAIL for hit in hits)

    def _late(self, call: Call, value: float | None, what: str, unit: str) -> Verdict:
        if value is None:
            return Verdict.na(f"通话记录中没有{what}信息")
        bound = self._bound(value)
        if bound is None:
            return Verdict.passed()
        first = call.real_turns("agent")[:1]
        turn = first[0] if first else None
        if self._excused(call, turn):
            return Verdict.passed(f"{what} {value:g}{unit},已致歉")
        detail = f"{what} {value:g}{unit},{bound}{unit}"
        return Verdict.violated([turn_evidence(call, turn, detail)])

    def _rings(self, call: Call) -> Verdict:
        transcript = call.transcript
        rings = transcript.rings
        if rings is None:
            counts = [e.count for e in transcript.events if e.kind is EventKind.RING and e.count]
            rings = max(counts) if counts else None
        return self._late(call, rings, "振铃", "声")

    def _answer_delay(self, call: Call) -> Verdict:
        delay = call.transcript.answer_delay
        if delay is None:
            agent = call.role_turns("agent")
            delay = call.turns[agent[0]].start if agent else None
        return self._late(call, delay, "应答等待", "秒")

    def _speech_rate(self, call: Call) -> Verdict:
        evidence, measured = [], False
        for turn in call.scope(self.spec.scope):
            t = call.turns[turn]
            chars = call.spoken_length(turn)  # as said: 三十五 is three, not the normalised 35
            if t.start is None or t.end is None or t.end <= t.start or chars < self.spec.min_chars:
                continue
            measured = True
            rate = chars / ((t.end - t.start) / 60)
            bound = self._bound(rate)
            if bound is not None:
                detail = f"语速 {rate:.0f} 字/分钟,{bound} 字/分钟"
                evidence.append(turn_evidence(call, turn, detail))
        if not measured:
            return Verdict.na(
                f"没有带起止时间且不少于{self.spec.min_chars}字的"
                f"{role_name(self.spec.scope.role)}发言"
            )
        return Verdict.violated(evidence) if evidence else Verdict.passed()

    def _overlap(self, call: Call) -> Verdict:
        evidence, measured = [], False
        limit = self._limit
        turns = call.turns
        for prev, cur in zip(turns, turns[1:], strict=False):
            if prev.role.value != "customer" or cur.role.value != "agent":
                continue
            if prev.end is None or cur.start is None:
                continue
            measured = True
            # the agent may stop before the customer does: the overlap ends with the first to stop
            overlap = min(prev.end, cur.end if cur.end is not None else prev.end) - cur.start
            if overlap > limit and not call.backchannel[cur.index]:
                detail = f"与客户重叠 {overlap:.1f} 秒,上限 {limit:g} 秒"
                evidence.append(turn_evidence(call, cur.index, detail))
        if not measured:
            return Verdict.na("客户和客服的发言没有起止时间")
        return Verdict.violated(evidence) if evidence else Verdict.passed()

    def _dead_air(self, call: Call) -> Verdict:
        limit = self._limit
        holds = _hold_positions(call)
        gaps: list[tuple[int, float]] = []  # (turns before the gap, seconds)
        for event in call.transcript.events:
            if event.kind is EventKind.SILENCE and event.duration is not None:
                gaps.append((event.position, event.duration))
        turns = call.turns
        timed = False
        starts_only = all(t.end is None for t in turns)
        for number, (prev, cur) in enumerate(zip(turns, turns[1:], strict=False)):
            end = prev.end if prev.end is not None else prev.start
            if end is None or cur.start is None:
                continue
            if starts_only:  # the gap between two starts includes the first turn's speech
                end += call.spoken_length(number) / SLOW_CHARS_PER_SECOND
            timed = True
            gaps.append((cur.index, cur.start - end))
        if not gaps and not timed:
            return Verdict.na(_no_dead_air_measure(call))
        evidence = []
        for position, seconds in gaps:
            if seconds <= limit or position in holds:
                continue
            before = position - 1 if position > 0 else None
            if self._excused(call, before) or self._excused(call, _consented(call, before)):
                continue
            turn = before if before is not None else None
            evidence.append(turn_evidence(call, turn, f"静默 {seconds:.0f} 秒,上限 {limit:g} 秒"))
        return Verdict.violated(evidence) if evidence else Verdict.passed()

    def _call_length(self, call: Call) -> Verdict:
        starts = [t.start for t in call.turns if t.start is not None]
        if not starts:
            return Verdict.na("没有时间戳")
        length = _call_end(call) - min(starts)
        bound = self._bound(length)
        if bound is not None:
            return Verdict.violated([Evidence(detail=f"通话 {length:.0f} 秒,{bound} 秒")])
        return Verdict.passed()


# with start times only, a turn is taken to last its characters (normalised: no punctuation)
# spoken at this slow rate, so that only time beyond a slow reading counts as silence
SLOW_CHARS_PER_SECOND = 3.0

# a customer's excuse phrase (等一下) announces their own pause only when at most this many
# (normalised) characters follow it in the turn
CUSTOMER_HOLD_TAIL = 10


def _call_end(call: Call) -> float:
    """When the call ends: the latest of the turns' ends (or starts) and the events' times,
    an event with a duration ending that long after it began. An event without a time of its
    own (``[静音 120 秒]`` between timed lines) begins when the turn before it ends."""
    ends = [t.end if t.end is not None else t.start for t in call.turns]
    known = [e for e in ends if e is not None]
    for event in call.transcript.events:
        began = event.time
        if began is None and event.duration is not None and 0 < event.position <= len(ends):
            began = ends[event.position - 1]
        if began is not None:
            known.append(began + (event.duration or 0.0))
    return max(known)


def _no_dead_air_measure(call: Call) -> str:
    """Why dead air cannot be measured, as it is: no times, and silence events (if any)
    without a length."""
    silences = [e for e in call.transcript.events if e.kind is EventKind.SILENCE]
    if silences:
        return "静音记录没有时长(如 [静音 30 秒]),发言也没有时间戳"
    return "没有时间戳,也没有静音记录"


def _consented(call: Call, before: int | None) -> int | None:
    """The agent turn right before ``before`` when ``before`` is only the customer's consent
    (请您稍等片刻,好吗? — 好。): the hold announced there covers the silence after the consent."""
    if before is None or before < 1 or not call.backchannel[before]:
        return None
    if call.turns[before].role is not Role.CUSTOMER:
        return None
    return before - 1 if call.turns[before - 1].role is Role.AGENT else None


def _hold_positions(call: Call) -> set[int]:
    """Turn positions that fall inside an announced hold (between hold start and hold end)."""
    inside: set[int] = set()
    start: int | None = None
    for event in call.transcript.events:
        if event.kind is EventKind.HOLD_START:
            start = event.position
        elif event.kind is EventKind.HOLD_END and start is not None:
            inside.update(range(start, event.position + 1))
            start = None
    return inside
