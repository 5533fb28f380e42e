"""Step 4 of normalisation: Chinese numerals → Arabic digits, inside numbers only.

Most numeral characters in speech are words (一下, 一个, 十分感谢, 大声一点); only these change:

- digit-by-digit runs: 一三八幺 → 1381, 洞洞幺两 → 0012 (not 一两 / 三四, approximate amounts);
- positional numerals (via cn2an) before a unit, after 第/工号, or standing alone between
  punctuation: 二十四小时 → 24小时, 工号一零二四 → 工号1024;
- single numerals before a time or measure word: 三点 → 3点, 一点 only after a time word.

Offsets follow every replacement, so normalisation can still map each digit back to the text as
written.

>>> convert_numerals("工号一零二四请稍等一下", list(range(11)))[0]
'工号1024请稍等一下'
"""

from __future__ import annotations

import re
from functools import lru_cache

from scriptcheck.timewords import PERIODS, RELATIVE_DAYS, WEEKDAY_PREFIXES

__all__ = ["CHINESE_DIGITS", "NUMERAL_RUN", "convert_numerals", "may_convert"]

#: each Chinese digit (幺 and 两, and 洞 as radio operators say 0) as an Arabic one
CHINESE_DIGITS = dict(zip("零〇一二三四五六七八九幺两洞", "00123456789120", strict=True))
NUMERAL_RUN = re.compile("[零〇一二三四五六七八九幺两洞十百千万]+")
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
_TIME_WORDS = (*RELATIVE_DAYS, *PERIODS)
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
    if text.endswith(_TIME_WORDS, 0, start) or before in ("日", "号"):
        return True
    if before.isascii() and before.isdigit():
        return True
    return text.endswith(WEEKDAY_PREFIXES, 0, start - 1)


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
    """Shrink a numeral run so that idioms around it (万一, 唯一一个, 三一下), weekdays
    (周六十点 is 周六 10点) and a leading 洞 that ends a word (山洞三四个) stay words."""
    if text.endswith(WEEKDAY_PREFIXES, 0, start):
        start += 1
    digits_from = start
    while digits_from < end and text[digits_from] == "洞":
        digits_from += 1
    if digits_from > start and not any(c in "幺洞" for c in text[digits_from:end]):
        start = digits_from  # a 洞 counts as 0 only among digits spelled out (洞幺两, 幺洞洞)
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
        if text.startswith(_YI_IDIOM_AFTER, end):
            return None
        if text.startswith("点", end) and not _time_before(text, start):
            return None
    return CHINESE_DIGITS[char]


def _digit_by_digit(run: str) -> str | None:
    """幺三八 → 138, 洞洞幺两 → 0012; not 一两 / 三四 / 三五 (approximate amounts) nor 一一
    (one by one)."""
    spelled = "幺" in run or "洞" in run  # how numbers are spelled out, digit by digit
    if run == "一一":
        return None
    if "两" in run and not (spelled or len(run) >= 5):
        return None
    if (
        len(run) == 2
        and not spelled
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


def convert_numerals(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Replace the Chinese numerals that are numbers; ``offsets`` (one per character of
    ``text``) follow."""
    pieces: list[str] = []
    new_offsets: list[int] = []
    position = 0
    for match in NUMERAL_RUN.finditer(text):
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


def may_convert(text: str) -> bool:
    """Whether :func:`convert_numerals` might change ``text``: most numeral characters are words
    (一下, 一个), and telling so needs no offsets. Errs only towards True."""
    return any(_convert_run(text, None, m.start(), m.end()) for m in NUMERAL_RUN.finditer(text))
