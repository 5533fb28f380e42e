"""Word boundaries for Chinese text: jieba, with one rulebook's phrases as user words.

Regex ``\\b`` means nothing in Chinese, so a phrase hit is confirmed by segmentation: 你 inside
你们 is not the word 你. jieba's dictionary loads once per process, on first use (see
:mod:`scriptcheck.lexicon`), and is shared. Each compiled rulebook has a :class:`Segmenter` of
its own, whose user words are that rulebook's phrases (in normalised form), so that a phrase
such as 不归我们管 is one word; no other segmenter sees them, so a call's result never depends
on which other rulebooks the process compiled before (a batch over several packs, a server, a
test suite).

Segmentation is always ``jieba`` with ``HMM=False``. ``rjieba`` (a faster port) is deliberately
not used: it has no user dictionary, so its tokens would differ once rulebook phrases are added,
and results must not depend on which packages are installed.

>>> tokens("你们好呀")
['你们好', '呀']
>>> Segmenter().is_word_match("您好呀", 0, 2)
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

__all__ = ["Segmenter", "token_boundaries", "tokens"]

_lock = threading.Lock()
_USER_WORD_FREQ = 20000  # about a common everyday word's weight in jieba's dictionary
_CACHED_WINDOWS = 65536  # per segmenter: the same few windows around phrases recur


def _ensure_initialised() -> None:
    """Load jieba's dictionary once per process, quietly, from the trie cache (see lexicon)."""
    if jieba.dt.initialized:
        return
    with _lock:
        if not jieba.dt.initialized:
            jieba.setLogLevel(logging.WARNING)
            lexicon.install()


def tokens(text: str) -> list[str]:
    """The jieba tokens of ``text`` by the base dictionary (exact mode, no HMM guessing)."""
    _ensure_initialised()
    return jieba.lcut(text, HMM=False)  # type: ignore[no-any-return]


def token_boundaries(text: str) -> frozenset[int]:
    """Offsets where a token of :func:`tokens` starts or ends, 0 and ``len(text)`` included.

    >>> sorted(token_boundaries("你们好呀"))
    [0, 3, 4]
    """
    return frozenset(accumulate((len(token) for token in tokens(text)), initial=0))


def _cuts_latin_word(text: str, cut: int) -> bool:
    """Whether ``cut`` falls between two ASCII letters (inside a Latin word such as VoLTE).

    >>> _cuts_latin_word("volte", 1), _cuts_latin_word("开通volte", 2)
    (True, False)
    """
    if cut <= 0 or cut >= len(text):
        return False
    before, after = text[cut - 1], text[cut]
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


class Segmenter:
    """jieba over the shared base dictionary plus ``words`` (a rulebook's phrases) of its own.

    Read-only once built, so one segmenter may serve several threads."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        _ensure_initialised()
        self.words = frozenset(normalize_phrase(word) for word in words) - {""}
        self._jieba = lexicon.tokenizer()
        for word in sorted(self.words):
            # a rulebook phrase must win against the base dictionary's odd splits
            # (申通工号 segments 申/通工/号 with jieba's default weight for a new word)
            self._jieba.add_word(word, freq=_USER_WORD_FREQ if len(word) > 1 else None)
        self._freq = self._jieba.FREQ
        self._window_boundaries = lru_cache(maxsize=_CACHED_WINDOWS)(self._boundaries)
        self._window_spans_entry = lru_cache(maxsize=_CACHED_WINDOWS)(self._spans_entry_in)

    def tokens(self, text: str) -> list[str]:
        """The tokens of ``text``, this segmenter's words included (exact mode, no HMM)."""
        return self._jieba.lcut(text, HMM=False)  # type: ignore[no-any-return]

    def is_word_match(self, text: str, start: int, end: int, window: int = 4) -> bool:
        """Whether the hit ``text[start:end]`` does not cut through a word.

        Only ``window`` characters either side are segmented (cheap and local); the hit's ends
        must both be token boundaries there. An end at the edge of that window counts as a
        boundary. A cut between two Latin letters is never a boundary (jieba keeps a Latin run
        whole, yet its dictionary has few Latin words): ``olt`` is no word in ``volte``.
        Rulebook phrases never hide each other: a cut inside a token that is itself
        one of :attr:`words` is allowed, so 说话呀 still matches inside 喂说话呀.
        Most hits need no segmentation at all: when no dictionary entry spans either end of
        the hit, no word can be cut (jieba's dictionary holds every word and word prefix).
        """
        if _cuts_latin_word(text, start) or _cuts_latin_word(text, end):
            return False
        if not (self._spans_entry(text, start) or self._spans_entry(text, end)):
            return True
        left = max(0, start - window)
        right = min(len(text), end + window)
        boundaries = self._window_boundaries(text[left:right])
        return start - left in boundaries and end - left in boundaries

    def _spans_entry(self, text: str, cut: int) -> bool:
        """Whether some dictionary word or word prefix of 2-4 characters spans ``cut``."""
        if cut <= 0 or cut >= len(text):
            return False
        left = max(0, cut - 3)
        return self._window_spans_entry(text[left : cut + 3], cut - left)

    def _spans_entry_in(self, window: str, cut: int) -> bool:
        """:meth:`_spans_entry` on the (at most 6-character) window it depends on (cached)."""
        freq = self._freq
        for i in range(cut):
            for j in range(cut + 1, min(len(window), i + 4) + 1):
                if window[i:j] in freq:
                    return True
        return False

    def _boundaries(self, segment: str) -> frozenset[int]:
        """Boundaries of a short window (cached); tokens that are this segmenter's words are
        transparent: every offset inside them counts."""
        offsets: set[int] = {0}
        position = 0
        for token in self.tokens(segment):
            if token in self.words:
                offsets.update(range(position + 1, position + len(token)))
            position += len(token)
            offsets.add(position)
        return frozenset(offsets)
