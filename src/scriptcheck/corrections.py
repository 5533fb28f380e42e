"""Values the customer corrects or splits, completed from what they correct, for ``restate``.

A customer rarely says a corrected value whole: 建设路二段十八号 … 不对不对,是二十八号 means
建设路2段28号, 一三六零五七幺九八七六 … 最后两位是六七 means 13605719867, and a number may be
given over two or three turns. These functions build the value the agent must read back. Texts are
normalised (:func:`scriptcheck.normalize.normalize`): no punctuation, numbers in digits.

>>> complete_phone(Entity("phone", "13605719876", 0, 11), "最后2位是67", 0).value
'13605719867'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from scriptcheck.entities import _PLACE, Entity, _place_name, extract_phones, extract_places
from scriptcheck.normalize import CHINESE_DIGITS

if TYPE_CHECKING:
    from scriptcheck.call import Call

__all__ = [
    "complete_phone",
    "complete_place",
    "digits_slip",
    "repeated_tail",
    "split_phone",
    "split_phones",
]


def complete_place(place: Entity, tail: str, offset: int) -> Entity | None:
    """The address a partial correction means, built from the address it corrects: 建设路2段18号
    corrected by 是28号 → 建设路2段28号; 幸福里小区12栋 by 是21栋4单元301 → 幸福里小区21栋;
    a floor corrected (12楼……是13楼) is kept with the address: 建设路2段66号13楼.
    ``tail`` is the normalised text from the correction's first digit, at ``offset`` in the turn;
    only its first number with a label is taken (the rest may be another remark: 28号18号是隔壁).
    """
    match = _PLACE.fullmatch(place.value)
    if match is None:
        return None
    floor = _CORRECTED_FLOOR.match(tail)
    if floor is not None:  # 66号12楼……抱歉,是13楼: the floor is what was corrected
        value = f"{place.value}{int(floor.group(1))}楼"
        return Entity("place", value, offset, offset + floor.end())
    number = _CORRECTED_NUMBER.match(tail)
    if number is None:
        return None
    found = extract_places(_place_name(match) + number.group(0))
    if not found:
        return None
    return Entity("place", found[0].value, offset, offset + number.end())


_CORRECTED_NUMBER = re.compile(r"[0-9]+(?:号楼|栋|幢|座|号|单元|室|组)")
# a floor said again changed (十二楼……抱歉,是十三楼); 楼上 / 楼下 is upstairs, not a floor
_CORRECTED_FLOOR = re.compile(r"([0-9]+)(?:楼|层)(?![上下])")


def complete_phone(phone: Entity, text: str, start: int) -> Entity | None:
    """The number a partial correction means, built from the number it corrects:
    13605719876 corrected by 最后两位是67 (normalised: 最后2位是六七) → 13605719867; 尾号是5812
    / 后面是5812 / 最后是5812 replace as many last digits as they give. Looks in ``text`` (normalised) from ``start`` on."""
    match = _CORRECTED_TAIL.search(text, start)
    if match is None:
        # 最后两位是一七,一三六…一七 normalises to 最后2位是1713…17: the counted digits run
        # into the whole number said again, so take just as many as were counted
        match = _COUNTED_TAIL.search(text, start)
        if match is None:
            return None
        counted = int(CHINESE_DIGITS.get(match.group("count"), match.group("count")))
        begin = match.start("digits")
        value = phone.value[:-counted] + match.group("digits")[:counted]
        return Entity("phone", value, begin, begin + counted)
    digits = "".join(CHINESE_DIGITS.get(c, c) for c in match.group("digits"))
    count = match.group("count")
    expected = len(digits) if count is None else int(CHINESE_DIGITS.get(count, count))
    if len(digits) != expected or len(digits) >= len(phone.value):
        return None
    value = phone.value[: -len(digits)] + digits
    return Entity("phone", value, match.start("digits"), match.end("digits"))


def repeated_tail(phone: Entity, text: str) -> Entity | None:
    """A self-repair right after a number: its last group said again with a digit or two
    changed (13622459807……哎,9806 → 13622459806). The same group repeated is no correction.
    Looks in ``text`` (normalised) just after ``phone``."""
    match = _REPEATED_TAIL.match(text, phone.end)
    if match is None:
        return None
    digits = match.group("digits")
    tail = phone.value[-len(digits) :]
    if not digits_slip(digits, tail) or digits[0] != tail[0]:
        return None
    value = phone.value[: -len(digits)] + digits
    return Entity("phone", value, match.start("digits"), match.end("digits"))


# up to three characters of hesitation (哎 / 啊不) then a group of 3–4 digits, not a new number
_REPEATED_TAIL = re.compile(r"[^0-9]{1,3}(?P<digits>[0-9]{3,4})(?![0-9])")


_CORRECTED_TAIL = re.compile(
    r"(?:(?:最后|后|末|尾)(?P<count>[1-4一二两三四])位数?|尾号|尾数"
    r"|(?:最后|后面|后边)(?=应该是|是|改成|改为))"
    r"(?:应该是|改成|改为|是|为)?(?P<digits>[0-9零一二三四五六七八九幺]{1,4})(?![0-9])"
)
_COUNTED_TAIL = re.compile(
    r"(?:最后|后|末|尾)(?P<count>[1-4一二两三四])位数?(?:应该是|改成|改为|是|为)?"
    r"(?P<digits>[0-9]{12,15})"
)


def split_phone(parts: Sequence[str]) -> Entity | None:
    """A mobile number given over two or three turns: the first ends with its start
    (一五三零二八八…… / 一三八……), a middle one says digits and nothing else (幺二三四……), the last
    opens with the rest (六一九七。 / 五六七八。). ``parts`` are the turns' normalised texts, in
    order; the entity is placed on the digits of the last.

    >>> split_phone(["打我另一个1530288", "6197"]).value, split_phone(["138", "1234", "5678"]).value
    ('15302886197', '13812345678')
    """
    if len(parts) not in (2, 3):
        return None
    rest = _TAIL.match(parts[-1])  # first: most turns open with no digit, and this is cheap
    if rest is None:
        return None
    start = (_HEAD if len(parts) == 2 else _HEAD_OF_THREE).search(parts[0])
    if start is None or (len(parts) == 3 and not _MIDDLE.fullmatch(parts[1])):
        return None
    middle = parts[1] if len(parts) == 3 else ""
    value = start.group(1) + middle + rest.group(1)
    if len(value) != 11:
        return None
    return Entity("phone", value, rest.start(1), rest.end(1))


_HEAD = re.compile(r"(?<![0-9a-z])(1[3-9][0-9]{2,7})$")
_HEAD_OF_THREE = re.compile(r"(?<![0-9a-z])(1[3-9][0-9]{1,6})$")  # 138 / 1234 / 5678
_MIDDLE = re.compile(r"[0-9]{2,7}")
_TAIL = re.compile(r"([0-9]{2,8})(?![0-9a-z])")


def split_phones(call: Call, turns: Sequence[int]) -> dict[int, Entity]:
    """The mobile numbers given over two or three consecutive ``turns`` (one role's turns, in
    order) of which none holds a number of its own, by the last of those turns (see
    :func:`split_phone`; two turns are tried before three). Once per call for the same turns:
    ``restate`` and ``disclose`` both ask.
    """
    key = ("split_phones", tuple(turns))
    cached = call.memo.get(key)
    if cached is not None:
        return cached  # type: ignore[return-value]
    found: dict[int, Entity] = {}
    norm = call.norm
    for index in range(1, len(turns)):
        last, before = turns[index], turns[index - 1]
        if _TAIL.match(norm[last].text) is None:  # most turns: no digit to open with
            continue
        if call.entities(extract_phones, last) or call.entities(extract_phones, before):
            continue
        entity = split_phone([norm[before].text, norm[last].text])
        if entity is None and index >= 2 and not call.entities(extract_phones, turns[index - 2]):
            entity = split_phone([norm[turns[index - 2]].text, norm[before].text, norm[last].text])
        if entity is not None:
            found[last] = entity
    call.memo[key] = found
    return found


def digits_slip(said: str, meant: str) -> bool:
    """Whether ``said`` is ``meant`` with a slip: the same number of digits, one or two of them
    different (a number misheard or mistyped, not another number). The same digits are no slip.

    >>> digits_slip("13918807247", "13918807742"), digits_slip("9806", "9807")
    (True, True)
    >>> digits_slip("13918807742", "13918807742"), digits_slip("13912345678", "13987654321")
    (False, False)
    """
    if len(said) != len(meant):
        return False
    return 0 < sum(a != b for a, b in zip(said, meant, strict=True)) <= 2
