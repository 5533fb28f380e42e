"""Combinators: ``all``, ``any``, ``not`` and ``when`` over inline sub-rules.

Conditions are data parsed from YAML and evaluated here; nothing is ever ``eval``-ed.
Not-applicable sub-rules are left out: ``all`` is violated when any applicable sub-rule is,
``any`` when every applicable one is; with no applicable sub-rule the rule is not applicable.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from scriptcheck.call import Call
from scriptcheck.matchers.base import CompiledTrigger, Evidence, Occurrence, Verdict, role_name
from scriptcheck.model import EVENT_NAMES, Status
from scriptcheck.rulebook.schema import AllRule, NotRule, WhenRule
from scriptcheck.template import real_call_only

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


class AllMatcher:
    def __init__(self, spec: AllRule, compiler: Compiler, where: str) -> None:
        self.subs = [
            compiler.matcher(sub, f"{where}.rules[{i}]") for i, sub in enumerate(spec.rules)
        ]

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        verdicts = [sub.evaluate(call, anchor) for sub in self.subs]
        applicable = [v for v in verdicts if v.status is not Status.NOT_APPLICABLE]
        if not applicable:
            return Verdict.na(verdicts[0].reason or "没有适用的子规则")
        broken = [e for v in applicable if v.status is Status.VIOLATED for e in v.evidence]
        if any(v.status is Status.VIOLATED for v in applicable):
            return Verdict.violated(_merge_same_place(broken))
        # what the parts passed on (a fuzzy match: 在见 ≈ 再见) is kept for the report
        return Verdict.passed("; ".join(v.reason for v in applicable if v.reason) or None)


class AnyMatcher(AllMatcher):
    def __init__(self, spec: AllRule, compiler: Compiler, where: str) -> None:
        super().__init__(spec, compiler, where)
        # alternatives a call-script template cannot show (a hang-up, a time): left out there;
        # keyed by whether the template scripts a silent call (`# scenario: silent-call`)
        self.real_call = {
            silent: [real_call_only(sub, silent) for sub in spec.rules] for silent in (False, True)
        }

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        verdicts = []
        for sub, real_call in zip(self.subs, self.real_call[call.silent_script], strict=True):
            if call.template and real_call is not None:
                verdicts.append(Verdict.na(real_call))
                continue
            verdict = sub.evaluate(call, anchor)  # in order; the first that passes decides
            if verdict.status is Status.PASSED:
                return verdict  # with its reason (a pass made by fuzzy matching says so)
            verdicts.append(verdict)
        applicable = [v for v in verdicts if v.status is not Status.NOT_APPLICABLE]
        if not applicable:
            return Verdict.na(verdicts[0].reason or "没有适用的子规则")
        # every alternative failed: one violation, shown with the first alternative's evidence
        # (listing each alternative would report the same lapse several times)
        return Verdict.violated(applicable[0].evidence)


class NotMatcher:
    def __init__(self, spec: NotRule, compiler: Compiler, where: str) -> None:
        self.sub = compiler.matcher(spec.rule, f"{where}.rule")

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        verdict = self.sub.evaluate(call, anchor)
        if verdict.status is Status.PASSED:
            return Verdict.violated([Evidence()])
        if verdict.status is Status.VIOLATED:
            return Verdict.passed()
        return verdict


class WhenMatcher:
    def __init__(self, spec: WhenRule, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.trigger = CompiledTrigger(spec.trigger, compiler, where)
        self.then = compiler.matcher(spec.then, f"{where}.then")

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        occurrences = self.trigger.occurrences(call, first_only=True)
        if not occurrences:
            return Verdict.na(self.trigger.describe(call))
        first = occurrences[0]
        # the then-rule looks from the first mention, even one the trigger's unless set aside
        verdict = self.then.evaluate(call, self.trigger.first_mention(call, first))
        if verdict.status is not Status.VIOLATED:
            return verdict
        # a then-rule that cannot point anywhere points at the trigger that made it apply;
        # every finding says what triggered the rule, so QA staff see why it applied
        trigger = self._trigger_text(call, first)
        evidence = [
            _with_trigger(e if e.turn is not None else _at_trigger(call, first.turn, e), trigger)
            for e in verdict.evidence
        ]
        return Verdict.violated(evidence)

    def _trigger_text(self, call: Call, occurrence: Occurrence) -> str:
        """``触发: 第2轮客户「停电」`` (the phrase or pattern hit), ``触发: 第3轮后的转接``
        (an event), ``触发: 客户无实际发言`` (silent) or ``触发: 第2轮客户发言`` (speaks)."""
        spec = self.spec.trigger
        if spec.event:
            event = EVENT_NAMES.get(spec.event, spec.event)
            where = f"第{occurrence.position}轮后的" if occurrence.position else "通话开始的"
            return f"触发: {where}{event}"
        if spec.silent:
            return f"触发: {role_name(spec.silent)}无实际发言"
        turn = call.turns[occurrence.turn]
        who = f"第{occurrence.turn + 1}轮{turn.role.label}"
        hit = occurrence.hit
        if hit is None:
            return f"触发: {who}发言"
        start, end = call.original_span(hit.turn, hit.start, hit.end)
        return f"触发: {who}「{call.turns[hit.turn].text[start:end]}」"


def _merge_same_place(evidence: list[Evidence]) -> list[Evidence]:
    """One finding per place: sub-rules that fault the same stretch of the same turn (two
    missing items of one question, a phrase and a pattern on the same words) give one piece of
    evidence naming everything that is wrong there (未说: 指示灯 / 灯; 什么时候开始)."""
    merged: list[Evidence] = []
    for item in evidence:
        same = next((i for i, kept in enumerate(merged) if _same_place(kept, item)), None)
        if same is None:
            merged.append(item)
            continue
        kept = merged[same]
        merged[same] = replace(
            kept, detail=_join_details(kept.detail, item.detail), veto=kept.veto or item.veto
        )
    return merged


def _same_place(a: Evidence, b: Evidence) -> bool:
    if a.turn != b.turn:
        return False
    if a.span is None or b.span is None:
        return a.span == b.span
    return a.span[0] < b.span[1] and b.span[0] < a.span[1]


def _join_details(first: str | None, second: str | None) -> str | None:
    """(未说: 指示灯 / 灯) and (未说: 什么时候开始) → (未说: 指示灯 / 灯; 什么时候开始)."""
    if not first or not second or second == first:
        return first or second
    prefix = "未说: "
    if first.startswith(prefix) and second.startswith(prefix):
        return f"{first}; {second.removeprefix(prefix)}"
    return f"{first}; {second}"


def _with_trigger(evidence: Evidence, trigger: str) -> Evidence:
    detail = f"{evidence.detail}; {trigger}" if evidence.detail else trigger
    return replace(evidence, detail=detail)


def _at_trigger(call: Call, turn: int, evidence: Evidence) -> Evidence:
    if not call.turns:
        return evidence
    text = call.turns[turn].text
    return replace(evidence, turn=turn, span=(0, len(text)), quote=text)
