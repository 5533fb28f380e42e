"""Text normalisation for matching, with an exact map back to the original text.

Every turn and every rulebook phrase goes through the same steps, so that 喂!說話呀, 喂,说话呀 and
喂 说话啊's shared phrase match alike, and 一三八 幺二三四 五六七八 reads as 13812345678:

1. width and compatibility folding (NFKC, one character at a time) and lower case;
2. Traditional → Simplified (OpenCC ``t2s``);
3. punctuation, symbols and spaces removed, except ``:`` and ``.`` between two digits;
4. Chinese numerals → Arabic digits, inside numbers only: digit-by-digit runs (一三八幺 → 1381),
   positional numerals before a unit or after 第/工号 (二十四小时 → 24小时), single numerals
   before a time or measure word (三点 → 3点); idioms (十分感谢, 一下, 大声一点) never change.

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
from functools import cached_property, lru_cache

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

_t2s_convert: Callable[[str], str] | None = None


def _load_t2s() -> Callable[[str], str]:
    """The OpenCC ``t2s`` converter (the C++ library's binding), created once per process."""
    import opencc

    return opencc.OpenCC("t2s").convert  # type: ignore[no-any-return]


def _t2s(text: str) -> str:
    global _t2s_convert
    if _t2s_convert is None:
        _t2s_convert = _load_t2s()
    return _t2s_convert(text) if text else text


def to_simplified(text: str) -> str:
    """Traditional characters as Simplified (OpenCC ``t2s``), e.g. for a tag typed as 開場.

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


# --------------------------------------------------------------------- step 4: Chinese numerals

#: each Chinese digit (幺 and 两 included) as an Arabic one
CHINESE_DIGITS = dict(zip("零〇一二三四五六七八九幺两", "0012345678912", strict=True))
_RUN = re.compile("[零〇一二三四五六七八九幺两十百千万]+")
_POSITIONAL = frozenset("十百千万")
_SINGLE = frozenset("零〇一二三四五六七八九两")  # 幺 alone is not a number
# time and measure words a number may precede; 分 only after 点 (三点十分, not 十分感谢)
_UNITS = (
    *("工作日", "小时", "分钟", "千瓦", "公里", "单元", "点", "个", "号", "栋", "幢", "座", "楼"),
    *("室", "层", "路", "弄", "元", "块", "岁", "年", "月", "日", "天", "周", "分", "秒", "声"),
    *("次", "位", "户", "度", "米", "组", "遍", "项", "张", "台", "份", "件", "条", "期"),
)
_UNITS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _unit in sorted(_UNITS, key=len, reverse=True):
    _UNITS_BY_FIRST[_unit[0]] = (*_UNITS_BY_FIRST.get(_unit[0], ()), _unit)
# 一点 is a time only after one of these (else it means "a bit": 大声一点)
_TIME_WORDS = frozenset(
    ("上午", "下午", "晚上", "中午", "凌晨", "早上", "今天", "明天", "后天", "今晚", "明晚")
)
_WEEK = frozenset(("星期", "礼拜"))
_YI_IDIOM_BEFORE = frozenset("统唯逐专归合划同单万")  # 统一 唯一 逐一 … 万一
_YI_IDIOM_NEXT = frozenset("下定样些起直般切律致旦会向共边同齐再")  # 一下 一定 一样 …
_YI_IDIOM_AFTER = ("块儿", "路顺", "路平", "路上", "个劲")  # 一块儿 一路顺风 一个劲


def _unit_follows(text: str, start: int, end: int) -> bool:
    for unit in _UNITS_BY_FIRST.get(text[end : end + 1], ()):
        if text.startswith(unit, end):
            return unit != "分" or text[start - 1 : start] == "点"
    return False


def _numbered(text: str, start: int) -> bool:
    """第十, 工号一零二四: the numeral is an ordinal or an id."""
    return text[start - 1 : start] == "第" or text.endswith("工号", 0, start)


def _stands_alone(text: str, offsets: list[int], start: int, end: int) -> bool:
    """Between text edges, digits or removed punctuation (a gap in the offsets) on both sides."""
    left = start == 0 or text[start - 1].isascii() and text[start - 1].isdigit()
    left = left or offsets[start] > offsets[start - 1] + 1
    right = end == len(text) or text[end].isascii() and text[end].isdigit()
    right = right or offsets[end] > offsets[end - 1] + 1
    return left and right


def _time_before(text: str, start: int) -> bool:
    """上午/明天/周六/3月5日/a digit just before: 一点 is then one o'clock."""
    if start == 0:
        return False
    before = text[start - 1]
    if text[max(0, start - 2) : start] in _TIME_WORDS or before in ("日", "号"):
        return True
    if before.isascii() and before.isdigit():
        return True
    weekday_before = text[max(0, start - 2) : start - 1], text[max(0, start - 3) : start - 1]
    return weekday_before[0] == "周" or weekday_before[1] == "星期"


@lru_cache(maxsize=4096)
def _positional_value(run: str) -> str | None:
    """二十四 → '24' via cn2an; None when the run is not a well-formed number."""
    import cn2an  # imported on first use: it is slow to import and rarely needed

    try:
        value = cn2an.cn2an(run, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return str(int(value)) if float(value).is_integer() else None


def _trim_idioms(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a numeral run so that idioms around it (万一, 唯一一个, 三一下) and weekdays
    (周六十点 is 周六 10点) stay words."""
    if text[max(0, start - 1) : start] == "周" or text[max(0, start - 2) : start] in _WEEK:
        start += 1
    while start < end and (
        text[start] in "百千万"
        or (start > 0 and text[start] == "一" and text[start - 1] in _YI_IDIOM_BEFORE)
    ):
        start += 1
    if end - start > 1 and text[end - 1] == "一" and text[end : end + 1] in _YI_IDIOM_NEXT:
        end -= 1
    if end - start > 1 and text[end - 1] == "千" and text[end : end + 1] == "瓦":
        end -= 1  # 五千瓦 is 5 千瓦
    return start, end


def _positional(text: str, offsets: list[int] | None, start: int, end: int) -> str | None:
    """``offsets`` None: a dry run, where a run that might stand alone counts as converted."""
    value = _positional_value(text[start:end])
    if value is None:
        return None
    if (
        _unit_follows(text, start, end)
        or _numbered(text, start)
        or text[start - 1 : start] == "点"  # 三点十五
        or offsets is None
        or _stands_alone(text, offsets, start, end)
    ):
        return value
    return None


def _single(text: str, start: int, end: int) -> str | None:
    char = text[start]
    if char not in _SINGLE:
        return None
    if _numbered(text, start):
        return None if char == "一" and text.startswith("时间", end) else CHINESE_DIGITS[char]
    if not _unit_follows(text, start, end):
        return None
    if char == "一":
        if any(text.startswith(idiom, end) for idiom in _YI_IDIOM_AFTER):
            return None
        if text.startswith("点", end) and not _time_before(text, start):
            return None
    return CHINESE_DIGITS[char]


def _digit_by_digit(run: str) -> str | None:
    """幺三八 → 138; not 一两 / 三四 / 三五 (approximate amounts) nor 一一 (one by one)."""
    if "两" in run or run == "一一":
        return None
    if (
        len(run) == 2
        and "幺" not in run
        and int(CHINESE_DIGITS[run[1]]) - int(CHINESE_DIGITS[run[0]]) in (1, 2)
    ):
        return None
    return "".join(CHINESE_DIGITS[char] for char in run)


def _convert_run(
    text: str, offsets: list[int] | None, start: int, end: int
) -> tuple[int, int, str] | None:
    start, end = _trim_idioms(text, start, end)
    if start >= end:
        return None
    run = text[start:end]
    if not _POSITIONAL.isdisjoint(run):
        digits = _positional(text, offsets, start, end)
    elif len(run) == 1:
        digits = _single(text, start, end)
    else:
        digits = _digit_by_digit(run)
    return None if digits is None else (start, end, digits)


def _spread(offsets: list[int], start: int, end: int, count: int) -> list[int]:
    """Offsets for ``count`` output digits from source run [start, end): first digit at the
    run start, last digit at the run's last character, non-decreasing in between."""
    if count == end - start:
        return offsets[start:end]
    if count == 1:
        return [offsets[start]]
    last = end - start - 1
    return [offsets[start + (k * last) // (count - 1)] for k in range(count)]


def _convert_numerals(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Step 4. Replace the Chinese numerals that are numbers; offsets follow."""
    pieces: list[str] = []
    new_offsets: list[int] = []
    position = 0
    for match in _RUN.finditer(text):
        found = _convert_run(text, offsets, match.start(), match.end())
        if found is None:
            continue
        start, end, digits = found
        pieces.append(text[position:start])
        new_offsets.extend(offsets[position:start])
        pieces.append(digits)
        new_offsets.extend(_spread(offsets, start, end, len(digits)))
        position = end
    if position == 0:
        return text, offsets
    pieces.append(text[position:])
    new_offsets.extend(offsets[position:])
    return "".join(pieces), new_offsets


# ------------------------------------------------------------------------------ public surface


def _finish(original: str, converted: str, fold_offsets: list[int] | None) -> NormalizedText:
    """Steps 3 and 4 on a folded, converted text, offsets included."""
    text, offsets = _drop_punctuation(converted, fold_offsets)
    text, offsets = _convert_numerals(text, offsets)
    offsets.append(len(original))
    return NormalizedText(original=original, text=text, offsets_given=tuple(offsets))


def _may_convert(text: str) -> bool:
    """Whether step 4 might change ``text``: most numeral characters are words (一下, 一个),
    and telling so needs no offsets. Errs only towards True."""
    return any(_convert_run(text, None, m.start(), m.end()) for m in _RUN.finditer(text))


def _finish_lazily(original: str, converted: str, fold_offsets: list[int] | None) -> NormalizedText:
    """Steps 3 and 4, the fast way: when the text holds no Chinese numeral (most turns), step 4
    does nothing and the offsets can wait until a finding needs them. Same result as _finish."""
    dropped = _DROP.sub("", converted)
    if _RUN.search(dropped) and _may_convert(dropped):
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
