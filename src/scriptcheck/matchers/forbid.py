"""``forbid``: a phrase must not occur in scope; each hit carries the phrase to say instead.

Anti-pattern: 喂,说话呀! / 这不关我的事。
Best practice: 您好,请问有什么可以帮助您? / 对不起,给您添麻烦了,我会将您反映的问题如实上报。
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scriptcheck.call import Call
from scriptcheck.matchers.base import Verdict, hit_evidence
from scriptcheck.matchers.phrase_hits import PhraseHits
from scriptcheck.rulebook.schema import ForbidRule

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


class ForbidMatcher:
    def __init__(self, spec: ForbidRule, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.search = PhraseHits(spec, spec.phrases, compiler, where)

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        turns = call.scope(self.spec.scope, anchor)
        if not turns:
            return Verdict.empty_scope(self.spec.scope)
        hits = self.search.find(call, turns)
        if not hits:
            return Verdict.passed()
        return Verdict.violated(
            [
                hit_evidence(
                    call,
                    hit,
                    suggestion=hit.phrase.instead or self.spec.instead,
                    veto=hit.phrase.veto,
                    points=hit.phrase.points,
                )
                for hit in hits
            ]
        )
