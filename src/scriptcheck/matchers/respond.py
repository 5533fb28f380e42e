"""``respond``: when a trigger occurs, the other side must answer with an expected phrase
within N real turns (backchannels like 嗯/好的 do not count), or before it (``before: true``).
With ``once_per_phrase: true`` each distinct trigger phrase is checked only at its first use.

Anti-pattern: 客户: 谢谢你啊。 客服: 嗯,还有别的事吗?
Best practice: 客户: 谢谢你啊。 客服: 不客气,这是我们应该做的。
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING

from scriptcheck.call import Call
from scriptcheck.fuzzy import fuzzy_find
from scriptcheck.matchers.base import CompiledTrigger, Evidence, Occurrence, Verdict, hit_evidence
from scriptcheck.normalize import normalize_phrase
from scriptcheck.rulebook.schema import PhraseItem, RespondRule

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


class RespondMatcher:
    def __init__(self, spec: RespondRule, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.trigger = CompiledTrigger(spec.trigger, compiler, where)
        # expected phrases with {group} placeholders are filled per occurrence, the rest compiled
        plain = [p for p in spec.expect if "{" not in _text(p)]
        self.templated = [_normalize_template(_text(p)) for p in spec.expect if "{" in _text(p)]
        self.expect = compiler.phrases(plain, where)
        self.exclude = compiler.phrases(spec.exclude, where)

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        occurrences = [
            o for o in self.trigger.occurrences(call) if anchor is None or o.turn >= anchor
        ]
        if self.spec.once_per_phrase:
            occurrences = self._first_uses(call, occurrences)
        if not occurrences:
            return Verdict.na(self.trigger.describe(call))
        evidence: list[Evidence] = []
        notes: list[str] = []
        # turns that say an expected phrase, found once (not once per trigger occurrence)
        answering = {
            t
            for t in call.real_turns(self.spec.expect_role)
            if call.hits(self.expect, t, exclude=self.exclude)
        }
        last_answer = max(answering, default=-1)
        answered_from: int | None = None  # where the first answered occurrence was said
        for occurrence in occurrences:
            if self._carried(occurrence, answered_from, answering):
                continue
            if self._answered_later(call, occurrence, last_answer):
                answered_from = _earliest(answered_from, occurrence.turn)
                continue
            turns = self._answer_turns(call, occurrence)
            if self._said_in(call, occurrence, answering.intersection(turns)) or self._answered(
                call, occurrence, turns, notes
            ):
                answered_from = _earliest(answered_from, occurrence.turn)
                continue
            evidence.append(self._evidence(call, occurrence, turns))
        if evidence:
            return Verdict.violated(evidence)
        return Verdict.passed("; ".join(notes) or None)

    def _first_uses(self, call: Call, occurrences: list[Occurrence]) -> list[Occurrence]:
        """The occurrences that bring a trigger phrase not seen before, each pointing at its
        first new phrase (功率因数 explained once need not be explained at its next use)."""
        seen: set[str] = set()
        kept: list[Occurrence] = []
        for occurrence in occurrences:
            if occurrence.hit is None:  # an event or a silence: nothing to tell apart
                kept.append(occurrence)
                continue
            hits = call.hits(self.trigger.phrases, occurrence.turn, negation=True)
            hits = hits or [occurrence.hit]  # a regex trigger: the matched text is the phrase
            new = [hit for hit in hits if hit.phrase.text not in seen]
            seen.update(hit.phrase.text for hit in hits)
            if new:
                kept.append(replace(occurrence, hit=new[0]))
        return kept

    def _carried(
        self, occurrence: Occurrence, answered_from: int | None, answering: set[int]
    ) -> bool:
        """``carry_over``: an earlier occurrence was answered, and an answer was said between
        it and this one, so this one repeats what was already answered."""
        if not self.spec.carry_over or answered_from is None:
            return False
        return any(answered_from <= t < occurrence.turn for t in answering)

    def _same_turn(self, occurrence: Occurrence) -> bool:
        """Whether the trigger's own turn may hold the answer: ``same_turn: true``, or a phrase
        trigger said by the role that must answer (the answer may follow it in that turn)."""
        if self.spec.same_turn:
            return True
        return self.spec.expect_role == self.spec.trigger.role and occurrence.hit is not None

    def _answered_later(self, call: Call, occurrence: Occurrence, last_answer: int) -> bool:
        """The quick test for ``within: end``: an answering turn at or after the first turn
        that may answer. (Other windows, templates and fuzzy answers go the long way.)"""
        if self.spec.before or self.spec.within != "end":
            return False
        first = occurrence.turn if self._same_turn(occurrence) else occurrence.position
        if last_answer == occurrence.turn:
            return self._said_in(call, occurrence, {last_answer})
        return last_answer >= first

    def _said_in(self, call: Call, occurrence: Occurrence, turns: set[int]) -> bool:
        """Whether one of ``turns`` answers: a later turn does; with ``answer_after: true`` the
        trigger's own turn only by an answer after the trigger (感谢您的耐心等待,我查一下,请您稍等
        thanks no wait yet); otherwise the whole turn."""
        if any(t != occurrence.turn for t in turns):
            return True
        if not turns:
            return False
        if not self.spec.answer_after or self.spec.same_turn or occurrence.hit is None:
            return True
        hits = call.hits(self.expect, occurrence.turn, exclude=self.exclude)
        return any(hit.start >= occurrence.hit.start for hit in hits)

    def _answer_turns(self, call: Call, occurrence: Occurrence) -> list[int]:
        real = call.real_turns(self.spec.expect_role)
        same_role = self._same_turn(occurrence)
        if self.spec.before:  # real turns are in order: slice, never scan (long calls)
            earlier = real[: bisect_left(real, occurrence.position)]
            return earlier if self.spec.within == "end" else earlier[-int(self.spec.within) :]
        start = occurrence.turn - 1 if same_role else occurrence.position - 1
        later = real[bisect_right(real, start) :]
        return later if self.spec.within == "end" else later[: int(self.spec.within) + same_role]

    def _answered(
        self, call: Call, occurrence: Occurrence, turns: list[int], notes: list[str]
    ) -> bool:
        """Answers that need more than the phrase automaton: {name} templates, fuzzy matches."""
        filled = [t.format(**occurrence.groups) for t in self.templated if _fillable(t, occurrence)]
        for turn in turns:
            text = call.norm[turn].text
            for phrase in filled:
                at = text.find(phrase)
                if at >= 0 and call.book.segmenter.is_word_match(text, at, at + len(phrase)):
                    return True
        if self.spec.fuzzy:
            found = fuzzy_find(
                self.expect.forms + tuple(filled), [(t, call.norm[t].text) for t in turns]
            )
            if found is not None:
                notes.append(found.describe())
                return True
        return False

    def _evidence(self, call: Call, occurrence: Occurrence, turns: list[int]) -> Evidence:
        """The trigger phrase; for an event (保持结束) the first turn that should have answered
        it, or the turn before the event when none follows or the answer was due before it."""
        if occurrence.hit is not None:
            return hit_evidence(call, occurrence.hit, suggestion=self.spec.instead)
        if turns and not self.spec.before:
            turn: int | None = turns[0]
        else:
            turn = min(occurrence.turn, len(call.turns) - 1) if call.turns else None
        if turn is None:
            return Evidence(suggestion=self.spec.instead)
        text = call.turns[turn].text
        return Evidence(turn=turn, span=(0, len(text)), quote=text, suggestion=self.spec.instead)


def _earliest(current: int | None, turn: int) -> int:
    return turn if current is None else min(current, turn)


def _text(phrase: str | PhraseItem) -> str:
    return phrase.phrase if isinstance(phrase, PhraseItem) else phrase


def _normalize_template(template: str) -> str:
    """Normalise the literal parts of ``{surname}先生`` and keep the ``{name}`` fields."""
    parts = re.split(r"(\{\w+\})", template)
    return "".join(p if p.startswith("{") else normalize_phrase(p) for p in parts)


def _fillable(template: str, occurrence: Occurrence) -> bool:
    try:
        template.format(**occurrence.groups)
    except (KeyError, IndexError, ValueError):
        return False
    return True
