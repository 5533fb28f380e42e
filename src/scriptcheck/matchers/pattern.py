"""``pattern``: a regular expression (RE2, linear time) must or must not match in scope.

Anti-pattern: a work id missing from the greeting (``mode: require``, ``工号\\d+|\\d{3,}号``).
Best practice: 您好,95598,工号1024,很高兴为您服务。
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scriptcheck.call import Call
from scriptcheck.matchers.base import Evidence, Verdict
from scriptcheck.rulebook.schema import PatternRule

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler

KIND = "pattern"


class PatternMatcher:
    def __init__(self, spec: PatternRule, compiler: "Compiler", where: str) -> None:
        self.spec = spec
        self.regex = compiler.regex(spec.regex, where)
        self.unless = compiler.phrases(spec.unless, where)

    def _matches(self, call: Call, turn: int) -> list[tuple[int, int]]:
        if self.unless and call.hits(self.unless, turn):
            return []
        if self.spec.on == "original":
            return [m.span() for m in self.regex.finditer(call.turns[turn].text)]
        return [call.original_span(turn, *m.span()) for m in self.regex.finditer(call.norm[turn].text)]

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        turns = call.scope(self.spec.scope, anchor)
        if not turns:
            return Verdict.na(f"no {self.spec.scope.role} turns in scope")
        if self.spec.mode == "require":
            if any(self._matches(call, t) for t in turns):
                return Verdict.passed()
            first = turns[0]
            text = call.turns[first].text
            return Verdict.violated([Evidence(turn=first, span=(0, len(text)), quote=text)])
        evidence = []
        for turn in turns:
            text = call.turns[turn].text
            for start, end in self._matches(call, turn):
                evidence.append(
                    Evidence(turn=turn, span=(start, end), quote=text[start:end], suggestion=self.spec.instead)
                )
        return Verdict.violated(evidence) if evidence else Verdict.passed()
