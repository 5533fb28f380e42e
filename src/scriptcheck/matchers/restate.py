"""``restate``: the phone numbers, times and places the customer gives must be repeated by
the agent in a later turn, compared after normalisation (一三八… = 138…, 幺 = 1, 十点 = 10点).

A value the customer takes back (13605719876,不对,我说错了,是13605719867) is not one to repeat:
only the last-given value counts (``retract`` phrases).

Anti-pattern: 客户: 我电话13812345678。 客服: 好的,我们会联系您。
Best practice: 客服: 您的电话是138 1234 5678,对吗?
"""

from __future__ import annotations

import re
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
        self.retract = compiler.phrases(spec.retract, where)

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        agent_turns = call.role_turns("agent")
        evidence: list[Evidence] = []
        found_any = False
        reported: set[str] = set()  # a customer repeating the same number is one miss, not two
        source_turns = call.role_turns(self.spec.source_role)
        for index, turn in enumerate(source_turns):
            if anchor is not None and turn < anchor:
                continue
            cancels = call.hits(self.unless, turn, exclude=self.exclude) if self.unless else []
            found = call.entities(self.extract, turn)
            following = source_turns[index + 1] if index + 1 < len(source_turns) else None
            retracted = self._retracted(call, turn, found, following)
            cancelled = {
                i
                for i, entity in enumerate(found)
                if any(_next_to(h, entity, found) for h in cancels)
            }
            withdrawn = _covered(found, cancelled)
            for position, entity in enumerate(found):
                if position in cancelled:
                    continue
                found_any = True
                if position in retracted | withdrawn or entity.value in reported:
                    continue
                later = [t for t in agent_turns if t > turn]
                if any(entities.is_restated(entity, call.norm[t].text) for t in later):
                    continue
                reported.add(entity.value)
                detail = f"客户提供的{NAMES[self.spec.entity]} {{quote}} 未复述"
                evidence.append(
                    span_evidence(call, turn, entity.start, entity.end, detail, self.spec.instead)
                )
            for entity in self._completions(call, turn, found):
                later = [t for t in agent_turns if t > turn]
                if any(entities.is_restated(entity, call.norm[t].text) for t in later):
                    continue
                detail = f"客户更正后的{NAMES[self.spec.entity]} {{quote}} 未复述"
                evidence.append(
                    span_evidence(call, turn, entity.start, entity.end, detail, self.spec.instead)
                )
        if not found_any:
            return Verdict.na(f"the {self.spec.source_role} gives no {self.spec.entity}")
        return Verdict.violated(evidence) if evidence else Verdict.passed()

    def _retracted(
        self, call: Call, turn: int, found: list[entities.Entity], following: int | None
    ) -> set[int]:
        """Positions in ``found`` of values taken back: a ``retract`` phrase (不对 / 说错了)
        follows the value before the next value of the turn, follows the turn's last value
        closely or goes on to give a new (possibly partial) value (建设路二段18号,电力宿舍后面
        那栋。哦不对不对,是28号), or opens the source's next turn (客户: 13605719876。 客户:
        不对不对,是13605719867)."""
        if not self.retract or not found:
            return set()
        hits = call.hits(self.retract, turn, exclude=self.exclude)
        retracted = {
            i
            for i, entity in enumerate(found)
            if i + 1 < len(found)
            and any(entity.end <= hit.start < found[i + 1].start for hit in hits)
        }
        last = found[-1]
        text = call.norm[turn].text
        if any(
            0 <= hit.start - last.end <= _AFTER
            or (hit.start >= last.end and _CORRECTION.match(text, hit.end))
            for hit in hits
        ) or self._opens_with_retraction(call, following):
            retracted.add(len(found) - 1)
        return retracted

    def _completions(
        self, call: Call, turn: int, found: list[entities.Entity]
    ) -> list[entities.Entity]:
        """An address or number corrected in part after the turn's last one, completed from it:
        建设路二段18号…不对不对,是28号 means 建设路2段28号, 13605719876,不对,最后两位是67 means
        13605719867; the agent must repeat the completed value."""
        if self.spec.entity not in ("place", "phone") or not self.retract or not found:
            return []
        last, text = found[-1], call.norm[turn].text
        if self.spec.entity == "phone":
            hits = call.hits(self.retract, turn, exclude=self.exclude)
            after = [hit.end for hit in hits if hit.start >= last.end]
            completed = entities.complete_phone(last, text, after[0]) if after else None
            return [completed] if completed else []
        for hit in call.hits(self.retract, turn, exclude=self.exclude):
            correction = _CORRECTION.match(text, hit.end) if hit.start >= last.end else None
            if correction is None:
                continue
            start = correction.end() - 1
            completed = entities.complete_place(last, text[start:], start)
            # the retracted number named again on the way (不对,18号是我妈家,我家是28号): the
            # correction is the next number that differs from it
            while completed is not None and completed.value == last.value:
                following = _DIGIT.search(text, completed.end)
                if following is None:
                    return []
                start = following.start()
                completed = entities.complete_place(last, text[start:], start)
            return [completed] if completed else []
        return []

    def _opens_with_retraction(self, call: Call, turn: int | None) -> bool:
        """The turn starts (within its first few characters) by taking something back and then
        gives a value of the same kind."""
        if turn is None:
            return False
        hits = call.hits(self.retract, turn, exclude=self.exclude)
        later = call.entities(self.extract, turn)
        return any(hit.start <= _OPENING for hit in hits) and any(
            entity.start >= hits[0].end for entity in later
        )


_OPENING = 4  # 哦不对 / 啊不好意思说错了: a retraction this close to a turn's start opens it
_AFTER = 8  # 13605719876。哦不对,对不起: a retraction this close after a turn's last value
# a retraction that goes straight on to the new value, whole or partial: 不对不对,是28号 /
# 说错了,应该是5栋 (normalised text: no punctuation, numbers in digits)
_CORRECTION = re.compile(r"(应该|我说|我是说)?是?[0-9]")
_DIGIT = re.compile(r"[0-9]")


def _covered(found: list[entities.Entity], cancelled: set[int]) -> set[int]:
    """Positions in ``found`` withdrawn by a later value of the turn that is ruled out and
    covers them: in 明天下午三点吧,哎明天下午我要开会 the 开会 rules out 明天下午, and with it the
    明天下午三点 just proposed."""
    withdrawn: set[int] = set()
    for i in sorted(cancelled):
        parts = set(found[i].value.split("|"))
        withdrawn.update(
            j for j in range(i) if j not in cancelled and parts <= set(found[j].value.split("|"))
        )
    return withdrawn


def _next_to(hit: Hit, entity: entities.Entity, found: list[entities.Entity]) -> bool:
    """An ``unless`` phrase just before (如果改到周三) or just after (周五下午不行) the value,
    with no other value in between: in 周四上午吧,周五不行 the 不行 rules out 周五 only."""
    if 0 <= hit.start - entity.end <= 6:
        return not any(entity.end <= other.start < hit.start for other in found)
    if 0 <= entity.start - hit.end <= 4:
        # a phrase nearer to an earlier value speaks of that one, not the next: in 周六要出门,
        # 还是周日下午吧 the 要出门 is about 周六, and 周日下午 is the one agreed; in 周四可以,
        # 如果周五呢 the 如果 is nearer to 周五 and supposes it
        gap = entity.start - hit.end
        return not any(hit.end <= other.start < entity.start for other in found) and not any(
            other.end <= hit.start and hit.start - other.end < gap for other in found
        )
    return False
