"""Text normalisation for matching, with an exact map back to the original text.

Every turn and every rulebook phrase goes through the same steps, so that 喂!說話呀, 喂,说话呀 and
喂 说话啊's shared phrase match alike, and 一三八 幺二三四 五六七八 reads as 13812345678:

1. width and compatibility folding (NFKC, one character at a time) and lower case;
2. Traditional → Simplified (OpenCC ``tw2s``, Taiwan variants included; 甚麼/妳 as 什么/你);
3. punctuation, symbols and spaces removed, except ``:`` and ``.`` between two digits;
4. Chinese numerals → Arabic digits, inside numbers only: digit-by-digit runs (一三八幺 → 1381),
   positional numerals before a unit or after 第/工号 (二十四小时 → 24小时), single numerals
   before a time or measure word (三点 → 3点); idioms (十分感谢, 一下, 大声一点) never change
   (:mod:`scriptcheck.numerals`).

The original is always kept: :attr:`NormalizedText.offsets` says where each normalised character
comes from, so a finding can quote and highlight the text as written.

>>> normalize("說話,十點").text
'说话10点'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from scriptcheck.numerals import CHINESE_DIGITS, NUMERAL_RUN, convert_numerals, may_convert

__all__ = ["CHINESE_DIGITS", "NormalizedText", "normalize", "normalize_many", "normalize_phrase"]


@dataclass(frozen=True, eq=False)
class NormalizedText:
    """A text folded for matching, with the source index of every folded character.

    ``offsets`` has ``len(text) + 1`` entries: ``offsets[i]`` is the index in ``original`` of the
    character that normalised character ``i`` comes from; ``offsets[-1] == len(original)``.
    Most turns are never quoted in a finding, so the offsets are worked out on first use
    (from ``source``: the folded, converted text and the fold's offsets) rather than always.
    """

    original: str
    text: str
    offsets_given: tuple[int, ...] | None = field(default=None, repr=False)
    source: tuple[str, list[int] | None] | None = field(default=None, repr=False)

    @cached_property
    def offsets(self) -> tuple[int, ...]:
        if self.offsets_given is not None:
            return self.offsets_given
        assert self.source is not None, "a NormalizedText needs offsets or their source"
        converted, fold_offsets = self.source
        return _finish(self.original, converted, fold_offsets).offsets

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalizedText):
            return NotImplemented
        return (self.original, self.text, self.offsets) == (
            other.original,
            other.text,
            other.offsets,
        )

    def __hash__(self) -> int:
        return hash((self.original, self.text))

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to the original span covering its sources.

        >>> n = normalize("您好,十點"); n.text, n.span_to_original(2, 4), n.span_to_original(2, 5)
        ('您好10点', (3, 4), (3, 5))
        """
        if end <= start:
            point = self.offsets[start]
            return point, point
        return self.offsets[start], self.offsets[end - 1] + 1


# ---------------------------------------------------------------- step 1: width and case folding

_SPACE = " "  # every removable character folds to this, so step 3 is one regex
_KEPT_PUNCTUATION = frozenset(":.")  # survive step 1; step 3 keeps them only between digits
# clause breaks fold to ",", kept only between digits: 95598,1024号 must not read 955981024号
_CLAUSE_BREAKS = frozenset(",、;。!?")


def _is_removable(char: str) -> bool:
    """Punctuation, symbols, separators and control/format characters are not matched on."""
    category = unicodedata.category(char)
    return category[0] in "PSZ" or category in ("Cc", "Cf", "Cs")


def _fold_char(char: str) -> str:
    """The folded form of one character: NFKC, lower case, removable characters as a space."""
    folded = unicodedata.normalize("NFKC", char).lower()
    if folded in _KEPT_PUNCTUATION:
        return folded
    if folded in _CLAUSE_BREAKS:
        return ","
    kept = "".join(c for c in folded if not _is_removable(c))
    return kept or _SPACE


class _FoldTable(dict):  # type: ignore[type-arg]
    """``str.translate`` table that computes and remembers each character's fold on first use."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_FOLD = _FoldTable()


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Step 1. Returns the folded text and its offsets, or None when they are the identity."""
    folded = text.translate(_FOLD)
    if len(folded) == len(text):  # every character folded to exactly one character
        return folded, None
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        piece = _FOLD[ord(char)]
        chars.append(piece)
        offsets.extend([index] * len(piece))
    return "".join(chars), offsets


# ------------------------------------------------------------ step 2: Traditional → Simplified

_converters: dict[str, Callable[[str], str]] = {}


def _converter(config: str) -> Callable[[str], str]:
    """An OpenCC converter (the C++ library's binding), created once per process."""
    convert = _converters.get(config)
    if convert is None:
        import opencc

        convert = _converters[config] = opencc.OpenCC(config).convert
    return convert


# Spellings OpenCC keeps, being no Traditional/Simplified pair, that phrases must match alike:
# 甚么 is the older (and Taiwan's) 什么, 妳 the written female 你. Same length, so offsets hold.
_SAME_WORDS = (("甚么", "什么"), ("妳", "你"))


def _t2s(text: str) -> str:
    """OpenCC ``t2s``; text that holds Traditional characters (or 著) goes through ``tw2s``
    instead, which also reads Taiwan's variant forms (著急, 等著 → 着急, 等着; 著名 stays) but
    costs twice as much, and most calls are Simplified throughout."""
    if not text:
        return text
    converted = _converter("t2s")(text)
    if converted != text or "著" in text:
        converted = _converter("tw2s")(text)
    for variant, standard in _SAME_WORDS:
        if variant in converted:
            converted = converted.replace(variant, standard)
    return converted


def to_simplified(text: str) -> str:
    """Traditional characters as Simplified (OpenCC ``tw2s``), e.g. for a tag typed as 開場.

    >>> to_simplified("開場")
    '开场'
    """
    return _t2s(text)


_T2S_CHAR: dict[str, str] = {}


def _t2s_by_char(text: str) -> str:
    """Character-by-character conversion; a character whose conversion is not one character
    stays as it is, so positions never move."""
    out = []
    for char in text:
        converted = _T2S_CHAR.get(char)
        if converted is None:
            converted = _t2s(char)
            if len(converted) != 1:
                converted = char
            _T2S_CHAR[char] = converted
        out.append(converted)
    return "".join(out)


def _checked_t2s(folded: str, converted: str) -> str:
    """Keep a whole-text conversion only when it kept the length (so offsets stay exact)."""
    return converted if len(converted) == len(folded) else _t2s_by_char(folded)


# --------------------------------------------------------- step 3: punctuation and whitespace

# spaces (every removable character became one in step 1), ':'/'.' not between two digits, and
# clause breaks (folded to ',') not between two digits (a space may follow: "95598, 1024号")
_DROP = re.compile(r" +|(?<![0-9])[:.,]|[:.](?![0-9])|,(?! *[0-9])")


def _drop_punctuation(text: str, offsets: list[int] | None) -> tuple[str, list[int]]:
    """Step 3. Remove the removable characters; return the text and its offsets."""
    pieces: list[str] = []
    kept: list[int] = []
    position = 0
    for match in _DROP.finditer(text):
        start, end = match.span()
        if start > position:
            pieces.append(text[position:start])
            kept.extend(range(position, start) if offsets is None else offsets[position:start])
        position = end
    if position < len(text):
        pieces.append(text[position:])
        kept.extend(range(position, len(text)) if offsets is None else offsets[position:])
    return "".join(pieces), kept


# ------------------------------------------------------------------------------ public surface


def _finish(original: str, converted: str, fold_offsets: list[int] | None) -> NormalizedText:
    """Steps 3 and 4 on a folded, converted text, offsets included."""
    text, offsets = _drop_punctuation(converted, fold_offsets)
    text, offsets = convert_numerals(text, offsets)
    offsets.append(len(original))
    return NormalizedText(original=original, text=text, offsets_given=tuple(offsets))


def _finish_lazily(original: str, converted: str, fold_offsets: list[int] | None) -> NormalizedText:
    """Steps 3 and 4, the fast way: when the text holds no Chinese numeral (most turns), step 4
    does nothing and the offsets can wait until a finding needs them. Same result as _finish."""
    dropped = _DROP.sub("", converted)
    if NUMERAL_RUN.search(dropped) and may_convert(dropped):
        return _finish(original, converted, fold_offsets)
    return NormalizedText(original=original, text=dropped, source=(converted, fold_offsets))


def normalize(text: str) -> NormalizedText:
    """Normalise one text for matching.

    >>> normalize("ＡＢＣ１２３").text
    'abc123'
    >>> normalize("工號一零二四,請稍等一下").text
    '工号1024请稍等一下'
    """
    folded, fold_offsets = _fold(text)
    return _finish_lazily(text, _checked_t2s(folded, _t2s(folded)), fold_offsets)


def normalize_many(texts: Sequence[str]) -> list[NormalizedText]:
    """Normalise many texts with one OpenCC call; the results equal ``normalize`` on each."""
    folds = [_fold(text) for text in texts]
    # step 1 turned every newline into a space, so "\n" cannot occur inside a folded text and
    # OpenCC never matches a phrase across it
    joined = _t2s("\n".join(folded for folded, _ in folds))
    converted = joined.split("\n")
    if len(converted) != len(texts):  # cannot happen with OpenCC; stay correct if it does
        converted = [_t2s(folded) for folded, _ in folds]
    return [
        _finish_lazily(text, _checked_t2s(folded, conv), offsets)
        for text, (folded, offsets), conv in zip(texts, folds, converted, strict=True)
    ]


def normalize_phrase(phrase: str) -> str:
    """The normalised form of a rulebook phrase: exactly what :func:`normalize` does to text.

    >>> normalize_phrase("喂!說話呀")
    '喂说话呀'
    """
    return normalize(phrase).text
