"""Values the customer corrects or splits, completed from what they correct, for ``restate``.

A customer rarely says a corrected value whole: 建设路二段十八号 … 不对不对,是二十八号 means
建设路2段28号, 一三六零五七幺九八七六 … 最后两位是六七 means 13605719867, and a number may be
given over two turns. These functions build the value the agent must read back. Texts are
normalised (:func:`scriptcheck.normalize.normalize`): no punctuation, numbers in digits.

>>> complete_phone(Entity("phone", "13605719876", 0, 11), "最后2位是67", 0).value
'13605719867'
"""

from __future__ import annotations

import re

from scriptcheck.entities import _PLACE, Entity, _place_name, extract_places
from scriptcheck.normalize import CHINESE_DIGITS

__all__ = ["complete_phone", "complete_place", "repeated_tail", "split_phone"]


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
    changed = sum(a != b for a, b in zip(digits, tail, strict=True))
    if not 0 < changed <= 2 or digits[0] != tail[0]:
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


def split_phone(head: str, tail: str) -> Entity | None:
    """A mobile number given in two turns: the first ends with its start (一五三零二八八……),
    the next opens with the rest (六一九七。). ``head`` and ``tail`` are the two turns'
    normalised texts; the entity is placed on the digits of ``tail``."""
    start = _HEAD.search(head)
    rest = _TAIL.match(tail)
    if start is None or rest is None or len(start.group(1)) + len(rest.group(1)) != 11:
        return None
    return Entity("phone", start.group(1) + rest.group(1), rest.start(1), rest.end(1))


_HEAD = re.compile(r"(?<![0-9a-z])(1[3-9][0-9]{2,7})$")
_TAIL = re.compile(r"([0-9]{2,8})(?![0-9a-z])")
