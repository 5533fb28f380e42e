"""A rule's phrase hits in scope, less quoted speech: what ``forbid`` reports and ``count`` counts
(the phrases themselves are compiled once, in :mod:`scriptcheck.phrases`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scriptcheck.call import Call
from scriptcheck.rulebook.schema import RuleBase

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


#: the rulebook's phrase list of reporting verbs (您说 / 他跟您说 …): a hit that starts right
#: after one is quoted speech, someone else's words, and does not count; a verb inside a phrase
#: of ``quote_verbs_own`` (我跟您说 …: the agent's own words follow) is no reporting verb
QUOTE_VERBS = "quote_verbs"
QUOTE_VERBS_OWN = "quote_verbs_own"
#: at most this many characters between the reporting verb and the quoted words (您说过"…")
QUOTE_GAP = 1


class PhraseHits:
    """Shared by ``forbid`` and ``count``: all confirmed hits of a phrase list in scope, less
    those quoted right after a reporting verb of the rulebook's ``quote_verbs`` list."""

    def __init__(self, spec: RuleBase, phrases: object, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.phrases = compiler.phrases(phrases, where)  # type: ignore[arg-type]
        self.unless = compiler.phrases(spec.unless, where)
        self.exclude = compiler.phrases(spec.exclude, where)
        self.negation = True if spec.negation is None else spec.negation
        named = compiler.table.named
        self.quote = compiler.phrases([f"@{QUOTE_VERBS}"], where) if QUOTE_VERBS in named else None
        self.own = (
            compiler.phrases([f"@{QUOTE_VERBS_OWN}"], where) if QUOTE_VERBS_OWN in named else None
        )

    def find(self, call: Call, turns: list[int]) -> list:  # list[Hit]
        if not call.mentions(self.phrases):
            return []
        found = []
        for turn in turns:
            hits = call.hits(
                self.phrases,
                turn,
                exclude=self.exclude,
                negation=self.negation,
                unless=self.unless,
            )
            if hits and self.quote and call.mentions(self.quote):
                hits = self._unquoted(call, turn, hits)
            found.extend(hits)
        return found

    def _unquoted(self, call: Call, turn: int, hits: list) -> list:  # list[Hit]
        """``hits`` less those that start right after a reporting verb (您说"你说什么…")."""
        assert self.quote is not None
        verbs = [v.end for v in call.hits(self.quote, turn, exclude=self.own)]
        if not verbs:
            return hits
        return [h for h in hits if not any(0 <= h.start - end <= QUOTE_GAP for end in verbs)]
