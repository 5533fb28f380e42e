"""One transcript as the matchers see it: normalised turns, the phrase hits of the single
automaton pass, scopes, and word-boundary confirmation done lazily and cached.

Built once per call by the engine and shared by every rule, so nothing is normalised,
scanned or segmented twice.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from scriptcheck.model import Role, Transcript, Turn
from scriptcheck.normalize import NormalizedText, normalize_many
from scriptcheck.phrases import PhraseInfo, PhraseSet
from scriptcheck.rulebook.schema import Scope
from scriptcheck.template import silent_call_script

if TYPE_CHECKING:
    from scriptcheck.engine import CompiledRulebook


@dataclass(frozen=True)
class Hit:
    """A confirmed phrase occurrence: turn index and span in the normalised turn text."""

    turn: int
    start: int
    end: int
    phrase: PhraseInfo
    fuzzy: str | None = None  # how a fuzzy match was made ("同音" / "一字之差"), None if exact


# what is not said aloud: punctuation, symbols, spaces (and marks, "_"); a regex class, since
# str.translate on Chinese text is three times slower
_UNSAID = re.compile(r"[\W_]")


def spoken_length(text: str) -> int:
    """How many characters ``text`` says, as written: Chinese characters, letters and digits one
    each, punctuation, symbols and spaces not counted (a ``min_chars`` trigger counts this, not
    the normalised text, where 三十五 became 35 and 十点 10点).

    >>> spoken_length("您好,三十五元。"), spoken_length("您好, 35元")
    (6, 5)
    """
    return len(text) - len(_UNSAID.findall(text))


class Call:
    def __init__(
        self,
        transcript: Transcript,
        book: CompiledRulebook,
        texts: list[str],
        template: bool = False,
    ) -> None:
        self.transcript = transcript
        self.template = template  # a call-script template: placeholders stand for values
        # a template headed `# scenario: silent-call`: its silent customer is meant
        self.silent_script = template and silent_call_script(transcript.metadata)
        self.turns: tuple[Turn, ...] = transcript.turns
        self.book = book
        self.norm: list[NormalizedText] = normalize_many(texts)
        automaton = book.phrases.automaton
        self._raw: list[dict[int, list[tuple[int, int]]]] = []
        self._present: set[int] = set()  # phrase ids found anywhere in the call
        scan = automaton.iter if automaton is not None and len(automaton) else None
        for norm in self.norm:
            found: dict[int, list[tuple[int, int]]] = {}
            if scan is not None and norm.text:
                for end, (pid, length) in scan(norm.text):
                    found.setdefault(pid, []).append((end + 1 - length, end + 1))
                self._present.update(found)
            self._raw.append(found)
        self._word_ok: dict[tuple[int, int, int], bool] = {}
        self._role_turns: dict[str, list[int]] = {}
        self._real_turns: dict[str, list[int]] = {}
        self._spoken: dict[int, int] = {}
        self.memo: dict[object, object] = {}  # per-call results matchers share (regex scans…)

    # --- turns and scopes -------------------------------------------------------------------

    @cached_property
    def backchannel(self) -> list[bool]:
        return [self.book.is_backchannel(n.text) for n in self.norm]

    def real_turns(self, role: str) -> list[int]:
        """Turns of ``role`` ("agent", "customer", "any") that are more than a backchannel."""
        cached = self._real_turns.get(role)
        if cached is None:
            backchannel = self.backchannel
            cached = self._real_turns[role] = [
                i for i in self.role_turns(role) if not backchannel[i]
            ]
        return cached

    def spoken_length(self, turn: int) -> int:
        """:func:`spoken_length` of ``turn``'s own text, once per call."""
        length = self._spoken.get(turn)
        if length is None:
            length = self._spoken[turn] = spoken_length(self.norm[turn].original)
        return length

    def says_at_least(self, turn: int, chars: int) -> bool:
        """Whether ``turn`` says at least ``chars`` characters (:meth:`spoken_length`). A text
        shorter than that with its punctuation says fewer (most turns): it is not counted."""
        return len(self.norm[turn].original) >= chars and self.spoken_length(turn) >= chars

    def long_turns(self, role: str, chars: int) -> list[int]:
        """The :meth:`real_turns` of ``role`` that say at least ``chars`` characters, once per
        call (a ``min_chars`` trigger)."""
        key = ("long_turns", role, chars)
        cached = self.memo.get(key)
        if cached is None:
            cached = self.memo[key] = [
                t for t in self.real_turns(role) if self.says_at_least(t, chars)
            ]
        return cached  # type: ignore[return-value]

    def role_turns(self, role: str) -> list[int]:
        cached = self._role_turns.get(role)
        if cached is None:
            if role == "any":
                cached = list(range(len(self.turns)))
            else:
                wanted = Role(role)
                cached = [t.index for t in self.turns if t.role is wanted]
            self._role_turns[role] = cached
        return cached

    def mentions(self, phrases: PhraseSet) -> bool:
        """Whether any phrase of the set occurs anywhere in the call (before any filtering):
        most rules can stop here, since most phrases are absent from most calls."""
        return not phrases.ids.isdisjoint(self._present)

    def scope(self, scope: Scope, anchor: int | None = None) -> list[int]:
        """Turn indices a rule looks at. ``anchor``: the trigger turn for ``after`` scopes."""
        if scope.turns == "all":
            return self.role_turns(scope.role)
        if scope.turns == "first":
            return self.real_turns(scope.role)[: scope.n]
        if scope.turns == "last":
            return self.real_turns(scope.role)[-scope.n :]
        if scope.turns == "after":
            start = -1 if anchor is None else anchor
            return [i for i in self.role_turns(scope.role) if i > start]
        return self._between(scope)

    def _between(self, scope: Scope) -> list[int]:
        starts = self.book.marker_sets[scope.start]
        ends = self.book.marker_sets[scope.end] if scope.end else None
        chosen: list[int] = []
        inside = False
        for i in range(len(self.turns)):
            if not inside and self.hits(starts, i):
                inside = True
            if inside:
                chosen.append(i)
                if ends is not None and self.hits(ends, i) and len(chosen) > 0:
                    break
        wanted = set(self.role_turns(scope.role))
        return [i for i in chosen if i in wanted]

    # --- phrase hits --------------------------------------------------------------------------

    def hits(
        self,
        phrases: PhraseSet,
        turn: int,
        *,
        exclude: PhraseSet | None = None,
        negation: bool = False,
        unless: PhraseSet | None = None,
    ) -> list[Hit]:
        """Confirmed hits of ``phrases`` in ``turn``: on word boundaries, not covered by an
        ``exclude`` phrase, not right after a negation, and none if an ``unless`` phrase occurs
        in the turn. Overlapping hits keep the longest."""
        raw = self._raw[turn]
        if not raw or phrases.ids.isdisjoint(raw):
            return []
        candidates = [
            (s, e, pid) for pid, spans in raw.items() if pid in phrases.ids for s, e in spans
        ]
        if not candidates:
            return []
        if unless and self._any_raw(unless, turn):
            return []
        text = self.norm[turn].text
        kept: list[Hit] = []
        for s, e, pid in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
            if kept and s < kept[-1].end:
                continue  # overlaps a longer/earlier hit
            if not self._is_word(turn, text, s, e):
                continue
            if exclude and self._covered(exclude, turn, s, e):
                continue
            if negation and self._negated(turn, s):
                continue
            kept.append(Hit(turn, s, e, phrases.info[pid]))
        return kept

    def turns_with(self, phrases: PhraseSet) -> list[int]:
        """Turns where a phrase of the set was found by the automaton (before boundary and
        negation checks), in order; the only turns :meth:`hits` can return anything for."""
        key = ("turns_with", id(phrases))
        cached = self.memo.get(key)
        if cached is None:
            ids = phrases.ids
            cached = self.memo[key] = (
                [t for t, raw in enumerate(self._raw) if raw and not ids.isdisjoint(raw)]
                if not ids.isdisjoint(self._present)
                else []
            )
        return cached  # type: ignore[return-value]

    def entities(self, extract: Callable[[str], list[Any]], turn: int) -> list[Any]:
        """``extract`` (an ``entities.extract_*`` function) on a turn's normalised text, once
        per call however many rules ask. The list is shared: do not modify it."""
        key = (extract, turn)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = extract(self.norm[turn].text)
        return found  # type: ignore[return-value]

    def first_hit(self, phrases: PhraseSet, turns: list[int], **options: object) -> Hit | None:
        if phrases.ids.isdisjoint(self._present):
            return None
        for turn in turns:
            found = self.hits(phrases, turn, **options)  # type: ignore[arg-type]
            if found:
                return found[0]
        return None

    def _any_raw(self, phrases: PhraseSet, turn: int) -> bool:
        return any(pid in phrases.ids for pid in self._raw[turn])

    def _is_word(self, turn: int, text: str, start: int, end: int) -> bool:
        key = (turn, start, end)
        cached = self._word_ok.get(key)
        if cached is None:
            cached = self.book.segmenter.is_word_match(text, start, end)
            self._word_ok[key] = cached
        return cached

    def _covered(self, exclude: PhraseSet, turn: int, start: int, end: int) -> bool:
        for pid, spans in self._raw[turn].items():
            if pid in exclude.ids and any(s <= start and end <= e for s, e in spans):
                return True
        return False

    def _negated(self, turn: int, start: int) -> bool:
        negations = self.book.negations
        for pid, spans in self._raw[turn].items():
            if pid in negations.ids and any(start - 2 <= e <= start for _, e in spans):
                return True
        return False

    # --- regular expressions ---------------------------------------------------------------

    def regex_matches(self, regex: Any, turns: list[int]) -> Iterator[tuple[int, int, int, Any]]:
        """Matches of ``regex`` in the normalised text of ``turns`` as (turn, start, end, match),
        in order, lazily: one scan over the turns joined by newlines (the regex is compiled never
        to match a newline, with ``^``/``$`` anchored at turn edges), not one scan per turn.
        Stop early when the first match is all you need."""
        joined, starts = self._joined(turns)
        for match in regex.finditer(joined):  # finditer: the wrapper encodes the text once
            slot = bisect_right(starts, match.start()) - 1
            base = starts[slot]
            yield turns[slot], match.start() - base, match.end() - base, match

    def regex_spans(self, regex: Any, turns: list[int]) -> dict[int, list[tuple[int, int, Any]]]:
        """All matches of ``regex`` in ``turns``, grouped by turn (memoised per call)."""
        key = (id(regex), tuple(turns))
        cached = self.memo.get(key)
        if cached is None:
            by_turn: dict[int, list[tuple[int, int, Any]]] = {}
            for turn, start, end, match in self.regex_matches(regex, turns):
                by_turn.setdefault(turn, []).append((start, end, match))
            self.memo[key] = cached = by_turn
        return cached  # type: ignore[return-value]

    def _joined(self, turns: list[int]) -> tuple[str, list[int]]:
        key = ("joined", tuple(turns))
        cached = self.memo.get(key)
        if cached is None:
            starts: list[int] = []
            position = 0
            for turn in turns:
                starts.append(position)
                position += len(self.norm[turn].text) + 1
            cached = self.memo[key] = ("\n".join(self.norm[turn].text for turn in turns), starts)
        return cached  # type: ignore[return-value]

    # --- locating evidence in the original text -------------------------------------------

    def original_span(self, turn: int, start: int, end: int) -> tuple[int, int]:
        return self.norm[turn].span_to_original(start, end)
