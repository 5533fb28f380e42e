"""``disclose``: the agent must not read out a phone number the customer did not give first
(the hotline's own numbers aside) — staff mobiles and other customers' numbers stay private.

Anti-pattern: 客户: 把师傅的电话给我。 客服: 师傅电话是13987654321。
Best practice: 客户: 我电话13812345678。 客服: 您的电话是138 1234 5678,对吗?
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scriptcheck import corrections, entities
from scriptcheck.call import Call
from scriptcheck.matchers.base import Evidence, Verdict, span_evidence
from scriptcheck.matchers.restate import EXTRACTORS, NAMES
from scriptcheck.normalize import normalize_phrase
from scriptcheck.rulebook.schema import DiscloseRule

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


class DiscloseMatcher:
    def __init__(self, spec: DiscloseRule, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.extract = EXTRACTORS[spec.entity]
        self.allowed = frozenset(normalize_phrase(a) for a in spec.allowed)
        self.unless = compiler.phrases(spec.unless, where)

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        turns = call.scope(self.spec.scope, anchor)
        if not turns:
            return Verdict.empty_scope(self.spec.scope)
        evidence: list[Evidence] = []
        for turn in turns:
            said = [e for e in call.entities(self.extract, turn) if e.value not in self.allowed]
            if not said or (self.unless and call.hits(self.unless, turn)):
                continue
            sources = [t for t in call.role_turns(self.spec.source_role) if t < turn]
            for entity in said:
                if any(entities.is_restated(entity, call.norm[t].text) for t in sources):
                    continue  # reading back what the customer said is restating, not disclosing
                if any(_misread(entity.value, e.value) for e in self._given(call, sources)):
                    continue  # a garbled read-back is restate.phone's business, not a disclosure
                detail = f"客户没有提供过的{NAMES[self.spec.entity]} {{quote}}"
                found = span_evidence(
                    call, turn, entity.start, entity.end, detail, self.spec.instead
                )
                evidence.append(found)
        return Verdict.violated(evidence) if evidence else Verdict.passed()

    def _given(self, call: Call, sources: list[int]) -> Iterator[entities.Entity]:
        """The values the source role gave in ``sources`` (its turns before the one judged),
        a phone number given over two or three turns (一三八…… / 幺二三四…… / 五六七八。) as one."""
        for t in sources:
            yield from call.entities(self.extract, t)
        if self.spec.entity == "phone" and sources:
            split = corrections.split_phones(call, call.role_turns(self.spec.source_role))
            yield from (entity for t, entity in split.items() if t <= sources[-1])


def _misread(said: str, given: str) -> bool:
    """The agent reading the customer's number back, exactly or with a slip (13918807247 for
    13918807742)."""
    return said == given or corrections.digits_slip(said, given)
