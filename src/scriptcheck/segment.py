"""Word boundaries for Chinese text: a thin, process-wide wrapper around jieba.

Regex ``\\b`` means nothing in Chinese, so a phrase hit is confirmed by segmentation: 你 inside
你们 is not the word 你. jieba loads its dictionary once per process, on first use, and the
rulebook's phrases join its user dictionary (in normalised form) so that a phrase such as
不归我们管 is one word.

Segmentation is always ``jieba`` with ``HMM=False``. ``rjieba`` (a faster port) is deliberately
not used: it has no user dictionary, so its tokens would differ once rulebook phrases are added,
and results must not depend on which packages are installed.

>>> tokens("你们好呀")
['你们好', '呀']
>>> is_word_match("您好呀", 0, 2)
True
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate

from scriptcheck import lexicon
from scriptcheck.lexicon import jieba
from scriptcheck.normalize import normalize_phrase

__all__ = ["add_words", "is_word_match", "token_boundaries", "tokens"]

_lock = threading.Lock()
_added: set[str] = set()
_USER_WORD_FREQ = 20000  # about a common everyday word's weight in jieba's dictionary


def _ensure_initialised() -> None:
    """Load jieba's dictionary once per process, quietly, from the trie cache (see lexicon)."""
    if jieba.dt.initialized:
        return
    with _lock:
        if not jieba.dt.initialized:
            jieba.setLogLevel(logging.WARNING)
            lexicon.install()


def add_words(words: Iterable[str]) -> None:
    """Add phrases (normalised here) to jieba's user dictionary; adding one twice is a no-op."""
    new = {normalize_phrase(word) for word in words} - _added
    new.discard("")
    if not new:
        return
    _ensure_initialised()
    with _lock:
        for word in sorted(new - _added):
            # a rulebook phrase must win against the base dictionary's odd splits
            # (申通工号 segments 申/通工/号 with jieba's default weight for a new word)
            jieba.add_word(word, freq=_USER_WORD_FREQ if len(word) > 1 else None)
            _added.add(word)
        _window_boundaries.cache_clear()  # new words change how windows segment
        _window_spans_entry.cache_clear()


def tokens(text: str) -> list[str]:
    """The jieba tokens of ``text`` (exact mode, no HMM guessing of unknown words)."""
    _ensure_initialised()
    return jieba.lcut(text, HMM=False)  # type: ignore[no-any-return]


def token_boundaries(text: str) -> frozenset[int]:
    """Offsets where a token starts or ends, 0 and ``len(text)`` included.

    >>> sorted(token_boundaries("你们好呀"))
    [0, 3, 4]
    """
    return frozenset(accumulate((len(token) for token in tokens(text)), initial=0))


def is_word_match(text: str, start: int, end: int, window: int = 4) -> bool:
    """Whether the hit ``text[start:end]`` does not cut through a word.

    Only ``window`` characters either side are segmented (cheap and local); the hit's ends must
    both be token boundaries there. An end at the edge of that window counts as a boundary.
    Rulebook phrases never hide each other: a cut inside a token that is itself a rulebook
    phrase (a user word) is allowed, so 说话呀 still matches inside 喂说话呀.
    Most hits need no segmentation at all: when no dictionary entry spans either end of the
    hit, no word can be cut (jieba's dictionary holds every word and every word prefix).
    """
    _ensure_initialised()
    if not (_spans_entry(text, start) or _spans_entry(text, end)):
        return True
    left = max(0, start - window)
    right = min(len(text), end + window)
    boundaries = _window_boundaries(text[left:right])
    return start - left in boundaries and end - left in boundaries


def _spans_entry(text: str, cut: int) -> bool:
    """Whether some dictionary word or word prefix of 2-4 characters spans offset ``cut``."""
    if cut <= 0 or cut >= len(text):
        return False
    left = max(0, cut - 3)
    return _window_spans_entry(text[left : cut + 3], cut - left)


@lru_cache(maxsize=65536)
def _window_spans_entry(window: str, cut: int) -> bool:
    """:func:`_spans_entry` on the (at most 6-character) window it depends on, cached: the
    same few windows around rulebook phrases recur in every call."""
    freq = jieba.dt.FREQ
    for i in range(cut):
        for j in range(cut + 1, min(len(window), i + 4) + 1):
            if window[i:j] in freq:
                return True
    return False


@lru_cache(maxsize=65536)
def _window_boundaries(segment: str) -> frozenset[int]:
    """Boundaries of a short window; the same windows recur across calls (您好国网…).
    Tokens that are rulebook phrases are transparent: every offset inside them counts."""
    offsets: set[int] = {0}
    position = 0
    for token in tokens(segment):
        if token in _added:
            offsets.update(range(position + 1, position + len(token)))
        position += len(token)
        offsets.add(position)
    return frozenset(offsets)
