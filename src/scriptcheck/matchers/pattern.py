"""``pattern``: a regular expression (RE2, linear time) must or must not match in scope.

Anti-pattern: a work id missing from the greeting (``mode: require``, ``工号\\d+|\\d{3,}号``).
Best practice: 您好,95598,工号1024,很高兴为您服务。
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scriptcheck.call import Call
from scriptcheck.matchers.base import Evidence, Verdict, missing_evidence
from scriptcheck.rulebook.schema import PatternRule

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


class PatternMatcher:
    def __init__(self, spec: PatternRule, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.regex = compiler.regex(spec.regex, where)
        self.unless = compiler.phrases(spec.unless, where)

    def _matches(self, call: Call, turns: list[int]) -> dict[int, list[tuple[int, int]]]:
        """Original-text spans of the matches in each turn (``unless`` turns left out)."""
        if self.spec.on == "original":
            found = {t: [m.span() for m in self.regex.finditer(call.turns[t].text)] for t in turns}
        else:
            found = {
                t: [call.original_span(t, s, e) for s, e, _ in spans]
                for t, spans in call.regex_spans(self.regex, turns).items()
            }
        return {
            t: spans
            for t, spans in found.items()
            if spans and not (self.unless and call.hits(self.unless, t))
        }

    def _found(self, call: Call, turns: list[int]) -> bool:
        """Whether any turn matches: stops at the first match (most require patterns match
        early in a call), never scanning further than needed."""
        if self.spec.on == "original":
            return bool(self._matches(call, turns))
        return any(
            not (self.unless and call.hits(self.unless, turn))
            for turn, _, _, _ in call.regex_matches(self.regex, turns)
        )

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        turns = call.scope(self.spec.scope, anchor)
        if not turns:
            return Verdict.empty_scope(self.spec.scope)
        if self.spec.mode == "require":
            if self._found(call, turns):
                return Verdict.passed()
            detail = f"未说: {self.spec.missing}" if self.spec.missing else None
            return Verdict.violated([missing_evidence(call, self.spec.scope, turns, detail)])
        matches = self._matches(call, turns)
        evidence = []
        for turn in sorted(matches):
            text = call.turns[turn].text
            for start, end in matches[turn]:
                evidence.append(
                    Evidence(
                        turn=turn,
                        span=(start, end),
                        quote=text[start:end],
                        suggestion=self.spec.instead,
                    )
                )
        return Verdict.violated(evidence) if evidence else Verdict.passed()
