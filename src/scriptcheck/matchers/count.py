"""``count``: a phrase may occur at most ``max`` (or at least ``min``) times in scope.

Anti-pattern: 你把户号告诉我 (你 to the customer).
Best practice: 请您提供一下户号,好吗? (您; 你好 as a greeting is excluded by the rule).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scriptcheck.call import Call
from scriptcheck.matchers.base import Evidence, Verdict, hit_evidence, missing_turn
from scriptcheck.matchers.phrase_hits import PhraseHits
from scriptcheck.rulebook.schema import CountRule

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


class CountMatcher:
    def __init__(self, spec: CountRule, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.search = PhraseHits(spec, spec.phrases, compiler, where)

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        turns = call.scope(self.spec.scope, anchor)
        if not turns:
            return Verdict.empty_scope(self.spec.scope)
        hits = self.search.find(call, turns)
        if self.spec.max is not None and len(hits) > self.spec.max:
            return Verdict.violated(
                [
                    hit_evidence(call, hit, suggestion=self.spec.instead)
                    for hit in hits[self.spec.max :]
                ]
            )
        if self.spec.min is not None and len(hits) < self.spec.min:
            named = " / ".join(info.text for info in list(self.search.phrases.info.values())[:3])
            detail = f"「{named}」出现 {len(hits)} 次,至少应 {self.spec.min} 次"
            # too few is known only once the scope is over: at its last turn unless it is a
            # ``first`` / ``after`` / ``between`` window, which is faulted where it opens
            where = missing_turn(self.spec.scope, turns)
            return Verdict.violated(
                [Evidence(turn=turns[-1] if where is None else where, detail=detail)]
            )
        return Verdict.passed()
