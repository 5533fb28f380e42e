"""``restate``: the phone numbers, times and places the customer gives must be repeated by
the agent in a later turn, compared after normalisation (一三八… = 138…, 幺 = 1, 十点 = 10点).

A value the customer takes back (13605719876,不对,我说错了,是13605719867) is not one to repeat:
a value replaced by a later value of the same kind after a retraction, in the same or a later
customer turn, whole or partial (…十八号 / 客户: 哎不对不对,是二十八号), is superseded, and only
the replacing value counts (``retract`` phrases).

Anti-pattern: 客户: 我电话13812345678。 客服: 好的,我们会联系您。
Best practice: 客服: 您的电话是138 1234 5678,对吗?
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scriptcheck import corrections, entities, template, timewords
from scriptcheck.call import Call, Hit
from scriptcheck.matchers.base import Evidence, Verdict, role_name, span_evidence
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
        self.unless_back = compiler.phrases(spec.unless_back, where)
        self.exclude = compiler.phrases(spec.exclude, where)
        self.retract = compiler.phrases(spec.retract, where)

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        agent_turns = call.role_turns("agent")
        evidence: list[Evidence] = []
        reported: set[str] = set()  # a customer repeating the same number is one miss, not two
        given = [
            self._given(call, turn)
            for turn in call.role_turns(self.spec.source_role)
            if anchor is None or turn >= anchor
        ]
        if self.spec.entity == "phone":
            given = _joined(call, given)
        # in a call-script template the customer's values are placeholders: 客户: 电话是{电话}
        slot_evidence = self._unrepeated_slots(call, anchor) if call.template else None
        if not any(g.given for g in given):
            if slot_evidence is not None:
                return Verdict.violated(slot_evidence) if slot_evidence else Verdict.passed()
            return Verdict.na(
                f"{role_name(self.spec.source_role)}没有提供{NAMES[self.spec.entity]}"
            )
        evidence.extend(slot_evidence or ())
        superseded = _superseded(given)
        if self.spec.entity == "phone":
            superseded |= _said_again_changed(given)
        corrections = self._corrections(call, given, superseded)
        for g in given:
            for position in g.kept:
                entity = g.found[position]
                if (g.turn, position) in superseded or entity.value in reported:
                    continue
                if self._restated(call, entity, g.turn, agent_turns):
                    continue
                if self._located_restated(call, g, entity, agent_turns):
                    continue
                if _confirms(call, entity, g.turn, given, agent_turns):
                    continue
                if self.spec.entity != "time" and _echoes(call, entity, g.turn, agent_turns):
                    continue
                reported.add(entity.value)
                detail = self._detail("客户提供的", call, g.turn, entity)
                evidence.append(
                    span_evidence(call, g.turn, entity.start, entity.end, detail, self.spec.instead)
                )
        for turn, entity in corrections:
            if self._restated(call, entity, turn, agent_turns):
                continue
            detail = self._detail("客户更正后的", call, turn, entity)
            evidence.append(
                span_evidence(call, turn, entity.start, entity.end, detail, self.spec.instead)
            )
        return Verdict.violated(evidence) if evidence else Verdict.passed()

    def _unrepeated_slots(self, call: Call, anchor: int | None) -> list[Evidence] | None:
        """Evidence for each placeholder of this rule's kind that the source role gives and no
        later agent turn names a placeholder of the same kind for (客户: {手机号} / 客服: 您的
        号码是{手机号}); None when the source role gives no such placeholder."""
        kind = self.spec.entity
        agent_slots = {
            t for t in call.role_turns("agent") if template.slots(call.turns[t].text, kind)
        }
        found: list[Evidence] | None = None
        for turn in call.role_turns(self.spec.source_role):
            if anchor is not None and turn < anchor:
                continue
            for slot in template.slots(call.turns[turn].text, kind):
                found = [] if found is None else found
                if any(t > turn for t in agent_slots):
                    continue
                quote = call.turns[turn].text[slot.start : slot.end]
                detail = f"客户提供的{NAMES[kind]} {quote} 未复述"
                found.append(
                    Evidence(turn, (slot.start, slot.end), quote, detail, self.spec.instead)
                )
        return found

    def _detail(self, lead: str, call: Call, turn: int, entity: entities.Entity) -> str:
        """What was not repeated. A phone number pieced together (given over two turns, or a
        tail corrected) is named whole: the quote shows only the part said in this turn."""
        shown = "{quote}"
        if self.spec.entity == "phone" and call.norm[turn].text[entity.start : entity.end] != (
            entity.value
        ):
            shown = entity.value
        return f"{lead}{NAMES[self.spec.entity]} {shown} 未复述"

    @staticmethod
    def _restated(call: Call, entity: entities.Entity, turn: int, agent_turns: list[int]) -> bool:
        later = agent_turns[bisect_right(agent_turns, turn) :]  # in order: slice, never scan
        return any(entities.is_restated(entity, call.norm[t].text) for t in later)

    def _located_restated(
        self, call: Call, given: _Given, entity: entities.Entity, agent_turns: list[int]
    ) -> bool:
        """A house number said right before the estate's building it stands at (春晖路18号春晖苑
        3栋1单元602) is read back with the flat: 春晖苑3栋1单元602,对吗? (round 40)."""
        if self.spec.entity != "place":
            return False
        return any(
            entities.locates(entity, other) and self._restated(call, other, given.turn, agent_turns)
            for other in given.found
            if other is not entity
        )

    def _given(self, call: Call, turn: int) -> _Given:
        """The values of one source turn, which of them count (not supposed or ruled out) and
        where the turn takes something back."""
        found = call.entities(self.extract, turn)
        hits = call.hits(self.retract, turn, exclude=self.exclude) if self.retract else []
        if not found:
            return _Given(turn, found, (), hits, False)
        text = call.norm[turn].text
        cancels = [
            (hit, False)
            for hit in (call.hits(self.unless, turn, exclude=self.exclude) if self.unless else [])
        ] + [
            (hit, True)
            for hit in (
                call.hits(self.unless_back, turn, exclude=self.exclude) if self.unless_back else []
            )
        ]
        cancelled = {
            i
            for i, entity in enumerate(found)
            if any(_next_to(h, entity, found, text, back) for h, back in cancels)
        }
        withdrawn = _covered(found, cancelled)
        kept = tuple(i for i in range(len(found)) if i not in cancelled | withdrawn)
        return _Given(turn, found, kept, hits, len(cancelled) < len(found))

    def _corrections(
        self, call: Call, given: list[_Given], superseded: set[tuple[int, int]]
    ) -> list[tuple[int, entities.Entity]]:
        """Values corrected in part, completed from the value they correct: 建设路二段18号…
        不对不对,是28号 means 建设路2段28号, 13605719876,不对,最后两位是67 means 13605719867,
        13622459807…9806 means 13622459806. The correction may follow in the same turn or open
        the source's next turn (客户: 139…5678 / 客户: 哦不是,最后四位是5687)."""
        if self.spec.entity not in ("place", "phone"):
            return []
        found: list[tuple[int, entities.Entity]] = []
        for index, g in enumerate(given):
            if not g.kept:
                continue
            last = g.found[g.kept[-1]]
            where, completed = g.turn, self._complete(call, g.turn, last, last.end)
            following = given[index + 1] if index + 1 < len(given) else None
            if completed is None and following is not None and _opens(following, self.spec.entity):
                where, completed = following.turn, self._complete(call, following.turn, last, 0)
            if completed is not None:
                found.append((where, completed))
                superseded.add((g.turn, g.kept[-1]))
        return found

    def _complete(
        self, call: Call, turn: int, last: entities.Entity, start: int
    ) -> entities.Entity | None:
        """The completed value a retraction (or, for a phone, a repeated tail group with a digit
        changed) after ``start`` in ``turn`` goes on to give, or None."""
        text = call.norm[turn].text
        hits = [h for h in call.hits(self.retract, turn, exclude=self.exclude) if h.start >= start]
        if self.spec.entity == "phone":
            if hits:
                # from the retraction's start: 不是最后是5528 names the tail inside the phrase;
                # or the tail said first and taken back after (后面是1465,我记岔了)
                return corrections.complete_phone(
                    last, text, hits[0].start
                ) or corrections.complete_phone(last, text, start)
            return corrections.repeated_tail(last, text) if start == last.end else None
        for hit in hits:
            correction = _CORRECTION.match(text, hit.end)
            if correction is None:
                continue
            begin = correction.end() - 1
            completed = corrections.complete_place(last, text[begin:], begin)
            # the retracted number named again on the way (不对,18号是我妈家,我家是28号): the
            # correction is the next number that differs from it
            while completed is not None and completed.value == last.value:
                following = _DIGIT.search(text, completed.end)
                if following is None:
                    return None
                begin = following.start()
                completed = corrections.complete_place(last, text[begin:], begin)
            return completed
        return None


@dataclass(frozen=True)
class _Given:
    """One source turn: its values, the positions that count, its retraction hits, and whether
    it gives a value at all (one withdrawn later in the turn was still given)."""

    turn: int
    found: list[entities.Entity]
    kept: tuple[int, ...]
    hits: list[Hit]
    given: bool


def _joined(call: Call, given: list[_Given]) -> list[_Given]:
    """Source turns with a mobile number split over two or three turns (一五三零二八八…… /
    六一九七。) given as one value, placed on the last turn's digits."""
    split = corrections.split_phones(call, [g.turn for g in given])
    return [
        _Given(g.turn, [split[g.turn]], (0,), g.hits, True) if g.turn in split else g for g in given
    ]


def _opens(given: _Given, entity: str) -> bool:
    """The turn gives no value of its own and opens by taking something back (哦不是,最后四位是…),
    so a correction in it completes the value before. For an address the retraction may come
    later in the turn (我姓吴,哦对了地址我说错了,不是四十五号,是五十四号): only a labelled number
    (54号 / 9栋) right after it completes the address, so a stray remark completes nothing."""
    if given.kept:
        return False
    return entity == "place" or any(hit.start <= _OPENING for hit in given.hits)


def _superseded(given: list[_Given]) -> set[tuple[int, int]]:
    """(turn, position) of the values replaced by a later value of the same kind after a
    retraction: the retraction follows the old value (in its turn) or precedes the new one (in
    its turn), whether the two are in one turn or in two (客户: 东风路13号。… 客户: 不好意思,我
    刚才说错了,是东风路30号; 还有地址也不对,…是光明路15号). A value left last in its turn and
    followed closely by a retraction (13605719876。哦不对) is taken back too. A value that names
    a superseded one again (明天上午吧,哦不对,明天上午要去医院,明天下午两点) is no new value."""
    values = [(g, p) for g in given for p in g.kept]
    gone: set[tuple[int, int]] = set()
    gone_values: set[str] = set()
    for (old_g, old_p), (new_g, new_p) in zip(values, values[1:], strict=False):
        old, new = old_g.found[old_p], new_g.found[new_p]
        if old_g is new_g:
            replaced = any(old.end <= h.start < new.start for h in old_g.hits)
        else:
            replaced = any(h.start >= old.end for h in old_g.hits) or any(
                h.end <= new.start for h in new_g.hits
            )
        if replaced or old.value in gone_values:
            gone.add((old_g.turn, old_p))
            gone_values.add(old.value)
            if replaced and old_g is new_g:
                gone.update(_one_breath(old_g, old_p))
    _named_again(values, gone)
    if values:
        last_g, last_p = values[-1]
        last = last_g.found[last_p]
        if any(0 <= h.start - last.end <= _AFTER for h in last_g.hits):
            gone.add((last_g.turn, last_p))
    return gone


def _one_breath(given: _Given, position: int) -> set[tuple[int, int]]:
    """The places said in one breath before the one taken back, with no retraction between
    them: in 滨江路三百号,海棠湾小区十二栋一单元。哦等一下,不是这儿 the road and the estate are one
    address, and 不是这儿 takes both back. So for a time said in two parts right after each other
    (明天下午吧,三点以后。哦不,…后天上午): the day and the hour are one time, taken back together."""
    taken: set[tuple[int, int]] = set()
    later = given.found[position]
    if later.kind not in ("place", "time"):
        return taken
    for earlier_p in reversed([p for p in given.kept if p < position]):
        earlier = given.found[earlier_p]
        if earlier.kind != later.kind or any(
            earlier.end <= h.start < later.start for h in given.hits
        ):
            break
        if later.kind == "time" and later.start - earlier.end > _BREATH:
            break
        taken.add((given.turn, earlier_p))
        later = earlier
    return taken


def _named_again(values: list[tuple[_Given, int]], gone: set[tuple[int, int]]) -> None:
    """Add to ``gone`` the values named again later in less detail and replaced there: in 周五
    上午十点,行。哦等一下,周五上午我们要进货,改周六上午十点吧 the 周五上午 that is replaced is the
    周五上午十点 just accepted."""
    for index, (new_g, new_p) in enumerate(values):
        if (new_g.turn, new_p) not in gone:
            continue
        parts = set(new_g.found[new_p].value.split("|"))
        for old_g, old_p in values[:index]:
            if parts <= set(old_g.found[old_p].value.split("|")):
                gone.add((old_g.turn, old_p))


_BREATH = 2  # 明天下午吧,三点以后 (normalised: 明天下午吧3点以后): two parts of one time
_OPENING = 4  # 哦不对 / 啊不好意思说错了: a retraction this close to a turn's start opens it
_OWN = 1  # an ``unless`` phrase this close after a value speaks of it, not of the next one
_AFTER = 8  # 13605719876。哦不对,对不起: a retraction this close after a turn's last value
# a retraction that goes straight on to the new value, whole or partial: 不对不对,是28号 /
# 说错了,应该是5栋 (normalised text: no punctuation, numbers in digits)
# 是28号 / 应该是28号; 不是45号是54号 names the retracted number first (skipped as the same value)
_CORRECTION = re.compile(r"(应该|我说|我是说|不)?是?[0-9]")
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


def _next_to(
    hit: Hit, entity: entities.Entity, found: list[entities.Entity], text: str, back: bool = False
) -> bool:
    """An ``unless`` phrase just before (如果改到周三) or just after (周五下午不行) the value,
    with no other value in between: in 周四上午吧,周五不行 the 不行 rules out 周五 only. A phrase
    the recogniser took as the start of a place's name (写成中山路12号: 写成 is no part of the
    road's name) is just before it. A phrase after a bare day or period word that is no value
    of its own speaks of that word (明天下午两点以后吧,上午我要上班: 上午 is ruled out, not
    明天下午两点以后); a ``back`` phrase (``unless_back``: 接孩子) never speaks of a value after it."""
    if hit.start == entity.start and hit.end < entity.end:
        return True
    if 0 <= hit.start - entity.end <= 6:
        return not any(entity.end <= other.start < hit.start for other in found) and not (
            _bare_period(text, entity, hit.start, found)
        )
    if back:
        return False
    if 0 <= entity.start - hit.end <= 4:
        # a phrase nearer to an earlier value speaks of that one, not the next: in 周六要出门,
        # 还是周日下午吧 the 要出门 is about 周六, and 周日下午 is the one agreed; in 周四可以,
        # 如果周五呢 the 如果 is nearer to 周五 and supposes it
        # (and one that sits right after an earlier value, at most a character away, is that
        # value's: 四点前我不在,五点以后 / 明天下午我开会,后天上午 / 周五不行,周六吧)
        gap = entity.start - hit.end
        return (
            not any(hit.end <= other.start < entity.start for other in found)
            and not any(
                other.end <= hit.start and hit.start - other.end < max(gap, _OWN + 1)
                for other in found
            )
            and not _period_owns(text, hit.start, found)
        )
    return False


def _period_owns(text: str, start: int, found: list[entities.Entity]) -> bool:
    """Whether a day or period word that is part of no value ends at ``start``, so
    that the phrase there speaks of it: in 时间改一下,上午我不在,还是下午两点吧 the 我不在 is about
    上午, not about the 下午两点 that follows."""
    return any(
        m.end() == start and not any(o.start <= m.start() < o.end for o in found)
        for m in _PERIOD.finditer(text, max(0, start - 3), start)
    )


# every day and part-of-day word, as entities.extract_times reads them
_PERIOD = re.compile(
    "|".join((*timewords.RELATIVE_DAYS, *timewords.PERIODS))
    + f"|(?:{'|'.join(timewords.WEEKDAY_PREFIXES)}){timewords.WEEKDAY_NAMES}"
)


def _bare_period(
    text: str, entity: entities.Entity, end: int, found: list[entities.Entity]
) -> bool:
    """Whether a day or period word (上午) between ``entity`` and ``end`` is part of no value and
    names another part of the day than ``entity`` does (明天上午吧,哎上午我要去医院: that 上午 is
    明天上午 said again, so the phrase still speaks of it)."""
    return any(
        m.group() not in entity.value
        and not any(other.start <= m.start() < other.end for other in found)
        for m in _PERIOD.finditer(text, entity.end, end)
    )


def _said_again_changed(given: list[_Given]) -> set[tuple[int, int]]:
    """A number said again in the same turn with one or two digits changed (13912345678,啊不好意思,
    后面是687,13912345687) corrects the first: only the last one is to be read back."""
    found: set[tuple[int, int]] = set()
    for g in given:
        for before, after in zip(g.kept, g.kept[1:], strict=False):
            old, new = g.found[before].value, g.found[after].value
            if corrections.digits_slip(old, new):
                found.add((g.turn, before))
    return found


def _confirms(
    call: Call, entity: entities.Entity, turn: int, given: list[_Given], agent_turns: list[int]
) -> bool:
    """The customer saying again a value they gave before and the agent has read back since
    (周四上午吧 — 那就周四上午九点到十二点,对吗? — 对,周四上午) confirms it: nothing new to repeat."""
    for g in given:
        if g.turn >= turn or all(found.value != entity.value for found in g.found):
            continue
        between = (t for t in agent_turns if g.turn < t < turn)
        if any(entities.is_restated(entity, call.norm[t].text) for t in between):
            return True
    return False


def _echoes(call: Call, entity: entities.Entity, turn: int, agent_turns: list[int]) -> bool:
    """The customer saying back an address or number the agent's last turn before read out
    (客服: 地址还是湖滨路七号吗? — 客户: 对,湖滨路七号): the value is the agent's, from the
    records, not one the customer gives. Not for times: a time the agent offers and the customer
    takes (师傅周五下午两点能过去 — 周五下午两点?可以) is agreed only then, and is repeated after."""
    before = agent_turns[: bisect_left(agent_turns, turn)]
    return bool(before) and entities.is_restated(entity, call.norm[before[-1]].text)
