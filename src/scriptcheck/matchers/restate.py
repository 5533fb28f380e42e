"""``restate``: the phone numbers, times and places the customer gives must be repeated by
the agent in a later turn, compared after normalisation (一三八… = 138…, 幺 = 1, 十点 = 10点).

Anti-pattern: 客户: 我电话13812345678。 客服: 好的,我们会联系您。
Best practice: 客服: 您的电话是138 1234 5678,对吗?
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from scriptcheck import entities
from scriptcheck.call import Call, Hit
from scriptcheck.matchers.base import Evidence, Verdict, span_evidence
from scriptcheck.rulebook.schema import RestateRule

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


EXTRACTORS: dict[str, Callable[[str], list[entities.Entity]]] = {
    "phone": entities.extract_phones,
    "time": entities.extract_times,
    "place": entities.extract_places,
}
NAMES = {"phone": "电话号码", "time": "时间", "place": "地址"}


class RestateMatcher:
    def __init__(self, spec: RestateRule, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.extract = EXTRACTORS[spec.entity]
        # a value right after 如果 or right before 不行 was supposed or ruled out, not given
        self.unless = compiler.phrases(spec.unless, where)
        self.exclude = compiler.phrases(spec.exclude, where)

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        agent_turns = call.role_turns("agent")
        evidence: list[Evidence] = []
        found_any = False
        reported: set[str] = set()  # a customer repeating the same number is one miss, not two
        for turn in call.role_turns(self.spec.source_role):
            if anchor is not None and turn < anchor:
                continue
            cancels = call.hits(self.unless, turn, exclude=self.exclude) if self.unless else []
            for entity in self.extract(call.norm[turn].text):
                if any(_next_to(hit, entity) for hit in cancels):
                    continue
                found_any = True
                if entity.value in reported:
                    continue
                later = [t for t in agent_turns if t > turn]
                if any(entities.is_restated(entity, call.norm[t].text) for t in later):
                    continue
                reported.add(entity.value)
                detail = f"客户提供的{NAMES[self.spec.entity]} {{quote}} 未复述"
                found = span_evidence(
                    call, turn, entity.start, entity.end, detail, self.spec.instead
                )
                evidence.append(found)
        if not found_any:
            return Verdict.na(f"the {self.spec.source_role} gives no {self.spec.entity}")
        return Verdict.violated(evidence) if evidence else Verdict.passed()


def _next_to(hit: Hit, entity: entities.Entity) -> bool:
    """An ``unless`` phrase just before (如果改到周三) or just after (周五下午不行) the value."""
    return 0 <= hit.start - entity.end <= 6 or 0 <= entity.start - hit.end <= 4
