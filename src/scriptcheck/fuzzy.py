"""Fuzzy phrase matching for speech-recogniser output: the same pinyin (同音字, e.g. 工号 heard
as 公号) or one character off (一字之差). Only rules that opt in with ``fuzzy: true`` use it,
and only after an exact match failed, so the cost is paid on few turns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

#: how a note on a pass made by fuzzy matching begins
FUZZY_NOTE = "模糊匹配"


@dataclass(frozen=True)
class FuzzyMatch:
    turn: int
    start: int
    end: int
    phrase: str
    heard: str
    how: str  # "同音" or "一字之差"

    def describe(self) -> str:
        return f"{FUZZY_NOTE}({self.how}): '{self.heard}' ≈ '{self.phrase}'"


@lru_cache(maxsize=65536)
def _syllable(char: str) -> str:
    # imported on first use: pypinyin's dictionaries take a quarter of a second to load, and
    # only rules that opt into fuzzy matching, on calls where the exact match failed, need them
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.NORMAL)[0]


def _pinyin(text: str) -> tuple[str, ...]:
    return tuple(_syllable(c) for c in text)


def fuzzy_find(phrases: Sequence[str], turns: Iterable[tuple[int, str]]) -> FuzzyMatch | None:
    """The first window of a turn that sounds like a phrase, or differs from it by one
    character (phrases of four characters or more, so short words do not match everything)."""
    keyed = [(p, _pinyin(p)) for p in phrases if len(p) >= 2]
    for turn, text in turns:
        sounds = _pinyin(text)
        for phrase, phrase_sounds in keyed:
            size = len(phrase)
            for start in range(0, len(text) - size + 1):
                window = text[start : start + size]
                if sounds[start : start + size] == phrase_sounds:
                    return FuzzyMatch(turn, start, start + size, phrase, window, "同音")
                if size >= 4 and sum(a != b for a, b in zip(window, phrase, strict=False)) == 1:
                    return FuzzyMatch(turn, start, start + size, phrase, window, "一字之差")
    return None
