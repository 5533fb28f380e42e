"""Phone numbers, times and places in normalised text, for the ``restate`` rules.

The customer gives a number, a time or an address; the agent must say it back. Both sides are
compared after :func:`scriptcheck.normalize.normalize`, so separators are gone and Chinese
numerals are digits already: 一三九 幺二三四 五六七八 reads 13912345678, 十点 reads 10点.

>>> [e.value for e in extract_phones("我的手机13912345678")]
['13912345678']
>>> is_restated(extract_times("周六上午10点吧")[0], "好的周六上午10点上门")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scriptcheck.numerals import CHINESE_DIGITS
from scriptcheck.timewords import PERIODS, RELATIVE_DAYS, WEEKDAY_NAMES, WEEKDAY_PREFIXES

__all__ = [
    "Entity",
    "extract_entities",
    "extract_phones",
    "extract_places",
    "extract_times",
    "is_restated",
    "locates",
]


@dataclass(frozen=True)
class Entity:
    """Something the customer said that the agent should repeat.

    ``value`` is the canonical form compared between speakers (``13812345678``,
    ``周六|上午|10点``, ``幸福路12号``); ``start``/``end`` the span in the normalised text.
    """

    kind: str  # "phone" | "time" | "place"
    value: str
    start: int
    end: int


# ------------------------------------------------------------------------------------- phones

# mobiles: 1[3-9] + 9 digits, optionally after the country code 86; landlines: area code
# 010 / 02x + 8 digits, or 0[3-9]xx + 7–8 digits. Never part of a longer digit run, nor
# right after Latin letters: sf13008824671 is a waybill (normalised text is lower-case).
_PHONE = re.compile(
    r"(?<![0-9a-z])(?:86)?(?P<mobile>1[3-9][0-9]{9})(?![0-9])"
    r"|(?<![0-9a-z])(?P<landline>0(?:10|2[0-9])[0-9]{8}|0[3-9][0-9]{2}[0-9]{7,8})(?![0-9])"
)


# a corrected tail said right before the whole number again: 最后是三九六,一三五七…三九六
# normalises to 最后是39613572480396, one run of digits; the mobile is its last eleven
_TAIL_THEN_WHOLE = re.compile(
    r"(?:最后|末尾|尾号|后[二两三四五]位)[是为]?[0-9]{1,5}(?P<mobile>1[3-9][0-9]{9})(?![0-9])"
)


def extract_phones(norm: str) -> list[Entity]:
    """Mobile numbers and landlines with area code.

    >>> [e.value for e in extract_phones("座机01012345678工号1024")]
    ['01012345678']
    >>> [e.value for e in extract_phones("说错了最后是39613572480396")]
    ['13572480396']
    """
    found = []
    for match in _PHONE.finditer(norm):
        group = "mobile" if match.group("mobile") else "landline"
        found.append(Entity("phone", match.group(group), match.start(group), match.end(group)))
    if "最后" in norm or "尾" in norm or "位" in norm:
        for match in _TAIL_THEN_WHOLE.finditer(norm):
            found.append(Entity("phone", match["mobile"], match.start("mobile"), match.end()))
        found.sort(key=lambda e: e.start)
    if "周一" in norm:
        for match in _SURNAME_ZHOU_MOBILE.finditer(norm):
            found.append(Entity("phone", "1" + match["rest"], match.start() + 1, match.end()))
        found.sort(key=lambda e: e.start)
    return found


# the surname 周 right before a mobile said in Chinese numerals (姓周,一三七,二四五零,八八零三)
# reads as the weekday 周一 to the normaliser, which keeps its 一: 姓周一3724508803
_SURNAME_ZHOU_MOBILE = re.compile(r"周一(?P<rest>[3-9][0-9]{9})(?![0-9])")


# -------------------------------------------------------------------------------------- times

_WEEKDAY_PREFIX = "|".join(WEEKDAY_PREFIXES)
_DAY = (
    rf"(?P<weekday>(?:{_WEEKDAY_PREFIX}){WEEKDAY_NAMES})"
    rf"|(?P<relday>{'|'.join(RELATIVE_DAYS)})"
    r"|(?<![0-9])(?P<month>[0-9]{1,2})月(?P<dom>[0-9]{1,2})[日号]"
)
_PERIOD = rf"(?P<period>{'|'.join(PERIODS)})"
_CLOCK = (
    r"(?<![0-9.:])(?P<hour>[0-9]{1,2})"
    r"(?::(?P<colon_min>[0-9]{2})|点(?:(?P<half>半)|(?P<min>[0-9]{1,2})分?|钟)?)(?![0-9])"
)
# where a time may start; the parts after it are all optional, so empty matches are dropped
_TIME_START = rf"(?={_WEEKDAY_PREFIX}|{'|'.join(RELATIVE_DAYS + PERIODS)}|[0-9])"
_TIME = re.compile(
    r"(?<![0-9.])(?P<count>[0-9]{1,3})个?(?P<unit>工作日|小时|分钟|天|周|个月)[之以]?内"
    rf"|{_TIME_START}(?:{_DAY})?{_PERIOD}?(?:{_CLOCK})?"
)
_WEEKDAY_CANON = {"天": "日", "7": "日"}
_DIGIT_WEEKDAY = dict(zip("123456", "一二三四五六", strict=True))


@dataclass(frozen=True)
class _TimeParts:
    day: str = ""
    period: str = ""
    hour: str = ""
    minute: str = ""
    duration: str = ""

    def value(self) -> str:
        clock = f"{self.hour}点" if self.hour else ""
        clock += f"{self.minute}分" if self.hour and self.minute else ""
        return "|".join(part for part in (self.day, self.period, clock, self.duration) if part)


def _day(match: re.Match[str]) -> str:
    if match.group("weekday"):
        day = match.group("weekday")[-1]
        return "周" + _WEEKDAY_CANON.get(day, _DIGIT_WEEKDAY.get(day, day))
    if match.group("relday"):
        return {"今晚": "今天", "明晚": "明天"}.get(match.group("relday"), match.group("relday"))
    if match.group("dom"):
        return f"{int(match.group('month'))}月{int(match.group('dom'))}日"
    return ""


def _period(match: re.Match[str]) -> str:
    relday = match.group("relday") or ""
    return match.group("period") or ("晚上" if relday.endswith("晚") else "")


def _time_parts(match: re.Match[str]) -> _TimeParts:
    if match.group("unit"):
        return _TimeParts(duration=f"{int(match.group('count'))}{match.group('unit')}内")
    minute = match.group("colon_min") or match.group("min") or ("30" if match.group("half") else "")
    return _TimeParts(
        day=_day(match),
        period=_period(match),
        hour=str(int(match.group("hour"))) if match.group("hour") else "",
        minute=str(int(minute)) if minute and int(minute) else "",
    )


def _is_time(match: re.Match[str]) -> bool:
    """A deadline, a clock time, a date or a weekday; 今天/明天 or 上午/下午 alone are too vague
    (今天停电了) and need each other or a clock."""
    if match.end() == match.start():
        return False
    if match.group("unit") or match.group("hour") or match.group("dom") or match.group("weekday"):
        return True
    return bool(match.group("relday") and match.group("period"))


def _time_matches(norm: str) -> list[tuple[re.Match[str], _TimeParts]]:
    return [(m, _time_parts(m)) for m in _TIME.finditer(norm) if _is_time(m)]


def extract_times(norm: str) -> list[Entity]:
    """Days, clock times, dates and deadlines.

    >>> [e.value for e in extract_times("明天下午3点半或者5个工作日内")]
    ['明天|下午|3点30分', '5工作日内']
    """
    return [Entity("time", parts.value(), m.start(), m.end()) for m, parts in _time_matches(norm)]


# ------------------------------------------------------------------------------------- places

# a place name: Chinese characters (digits allowed after the first: 文3路), never across words
# that introduce it (住在, 地址是, 我家…) or a larger division (杭州市西湖区文三路 → 文3路).
# 里 cannot start a name (这里 / 家里 / 村里) but may be inside one (幸福里小区) or end a lane (建业里)
_STOP = "在住是到址的于了我你您他她这那从往去来就叫啊呀吧呢嗯哦对好边跟与及或市区县省"
_NOT_FIRST = _STOP + "家里"


def _cjk_class_without(excluded: str) -> str:
    """A regex class of CJK ideographs minus ``excluded`` (a plain class is fast to match)."""
    ranges, low = [], 0x4E00
    for code in sorted({ord(char) for char in excluded}):
        if code > low:
            ranges.append(f"{chr(low)}-{chr(code - 1)}")
        low = code + 1
    ranges.append(f"{chr(low)}-\u9fff")
    return "[" + "".join(ranges) + "]"


_NAME_FIRST = _cjk_class_without(_NOT_FIRST)
_NAME_REST = rf"(?:{_cjk_class_without(_STOP)}|[0-9])"
_NAME = rf"{_NAME_FIRST}{_NAME_REST}{{0,7}}"
_ROAD = r"(?:大道|大街|胡同|路|街|巷|弄|里)"
# a section of a long road: 建设路二段 / 人民南路3段 (small Chinese numerals stay characters)
_SECTION = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})段"
# a floor (5楼 / 12层) is not a room number: an agent may read the address back without it
# (楼上 / 楼下 after a room is upstairs or downstairs, not a floor: 6栋102,楼上是202)
_NOT_FLOOR = r"(?![0-9]|楼(?![上下])|层)"
_BUILDING = (
    r"(?:(?P<building>[0-9]+)(?:栋|幢|座|号楼))?"
    rf"(?:(?P<unit>[0-9]+)单元)?(?:(?P<room>[0-9]+)(?:室|号)?{_NOT_FLOOR})?"
)
_PLACE = re.compile(
    rf"(?P<road>{_NAME}{_ROAD}(?P<section>{_SECTION})?)(?P<number>[0-9]+)号(?:{_BUILDING})?"
    rf"|(?P<road_section>{_NAME}{_ROAD}{_SECTION})"
    rf"|(?P<estate>{_NAME}(?:小区|花园|公寓|大厦|新村|家园|社区|苑))"
    r"(?P<estate_building>[0-9]+)(?:栋|幢|座|号楼)"
    rf"(?:(?P<estate_unit>[0-9]+)单元)?(?:(?P<estate_room>[0-9]+)(?:室|号)?{_NOT_FLOOR})?"
    rf"|(?P<village>{_NAME}村)(?P<group>[0-9]+)组"
    rf"|(?P<town>{_NAME}镇)(?![上里])"  # 镇上 / 镇里 is "in town", not a town's name
    # a works in an industrial park, by its number (工业园东区3号厂房 / 城东工业园8号仓库 / 幸福里
    # 工业园b区7号): an address as …路…号 is (round 40)
    rf"|(?P<park>{_NAME}(?:园区|园|开发区|工业区)(?:[东西南北中a-z]区)?)(?P<park_number>[0-9]+)号"
    r"(?:厂房|仓库|车间)?"
    # a road that only locates a named estate, with no number (新华路春风苑): the estate is read
    rf"|(?P<road_lead>{_NAME}(?:大道|大街|路|街))(?=的?{_NAME}(?:小区|花园|公寓|家园|新村|苑)(?![0-9]))"
)
# cheap test first: most turns name no place at all
_PLACE_HINT = re.compile("[路街道巷弄同里区园苑寓厦村镇]")
_PLACE_NUMBERS = (
    ("number", "号"),
    ("building", "栋"),
    ("unit", "单元"),
    ("room", "室"),
    ("estate_building", "栋"),
    ("estate_unit", "单元"),
    ("estate_room", "室"),
    ("group", "组"),
    ("park_number", "号"),
)


_SMALL_NUMERALS = dict(zip("一二三四五六七八九", "123456789", strict=True))


def _section_digits(name: str) -> str:
    """建设路二段 → 建设路2段, 人民路十二段 → 人民路12段: one spelling for both speakers."""
    match = re.search(f"({_SECTION})$", name)
    if match is None or match.group(1)[0].isdigit():
        return name
    numeral = match.group(1)[:-1]
    tens, _, units = numeral.rpartition("十")
    if "十" in numeral:
        value = int(_SMALL_NUMERALS.get(tens, "1")) * 10 + int(_SMALL_NUMERALS.get(units, "0"))
    else:
        value = int(_SMALL_NUMERALS.get(numeral, "0"))
    return name[: match.start()] + f"{value}段"


def _place_name(match: re.Match[str]) -> str:
    for group in ("road", "road_section", "estate", "village", "town", "park"):
        if match.group(group):
            return _section_digits(match.group(group))
    return ""


def _place_numbers(match: re.Match[str]) -> tuple[str, ...]:
    return tuple(str(int(match.group(g))) for g, _ in _PLACE_NUMBERS if match.group(g))


def _place_value(match: re.Match[str]) -> str:
    numbers = (f"{int(match.group(g))}{label}" for g, label in _PLACE_NUMBERS if match.group(g))
    return _place_name(match) + "".join(numbers)


def extract_places(norm: str) -> list[Entity]:
    """Addresses: …路…号, …路…段, …小区…栋…单元…室, …村…组, …镇.

    >>> [e.value for e in extract_places("我家住在幸福路12号")]
    ['幸福路12号']
    >>> [e.value for e in extract_places("幸福里小区3栋,在建设路二段")]
    ['幸福里小区3栋']
    >>> [e.value for e in extract_places("建设路二段的锦绣花园")]
    ['锦绣花园']
    >>> [e.value for e in extract_places("建设路二段的江城酒店1806房")]
    ['江城酒店']
    >>> [e.value for e in extract_places("我在新华路春风苑,住了三年了")]
    ['春风苑']
    """
    if _PLACE_HINT.search(norm) is None:
        return []
    found: list[Entity] = []
    for match in _PLACE.finditer(norm):
        if match.group("road_section"):
            if _LANDMARK_AFTER.match(norm, match.end()):  # 建设路二段那台提款机: where it stands
                continue
            estate = _ESTATE_AFTER.match(norm, match.end())
            if estate is not None:  # the road only locates the estate that follows
                if _PLACE.match(norm, estate.start("estate")) is None:
                    found.append(Entity("place", estate.group("estate"), *estate.span("estate")))
                continue
        if match.group("road_lead"):
            estate = _ESTATE_AFTER.match(norm, match.end())
            if estate is not None and _PLACE.match(norm, estate.start("estate")) is None:
                found.append(Entity("place", estate.group("estate"), *estate.span("estate")))
            continue
        if match.group("town"):
            village = _VILLAGE_AFTER.match(norm, match.end())
            if village is not None:  # the town only locates the village named right after it
                if _PLACE.match(norm, village.start("village")) is None:
                    found.append(Entity("place", village.group("village"), *village.span()))
                continue
        if _chains_second_number(match, norm):
            value = _place_name(match) + f"{int(match.group('number'))}号"
            found.append(Entity("place", value, match.start(), match.end("number") + 1))
            continue
        found.append(Entity("place", _place_value(match), match.start(), match.end()))
    return _drop_locating_sections(found)


def _drop_locating_sections(found: list[Entity]) -> list[Entity]:
    """A bare road section next to a numbered place (幸福里小区4栋1单元,就是建设路二段那个幸福里 /
    人民路和建设路二段交叉口,人民路305号, round 40) only says where that place is, before or
    after it: the numbered place is the address."""
    if len(found) < 2 or not any(_is_numbered(entity.value) for entity in found):
        return found
    return [entity for entity in found if not _is_bare_section(entity.value)]


def _is_numbered(value: str) -> bool:
    """A place with a house, building or group number in it (not a bare section: 建设路2段)."""
    match = _PLACE.fullmatch(value)
    return match is not None and bool(_place_numbers(match)) and not match.group("road_section")


def locates(road: Entity, estate: Entity) -> bool:
    """``road`` is a bare house number (…路…号, nothing after it) said right before an estate's
    building (…小区…栋) or a park's number (…软件园2号楼), so it only says where that stands:
    reading back the flat (春晖路18号春晖苑3栋1单元602 → 春晖苑3栋1单元602) reads back both.

    >>> road, estate = extract_places("春晖路18号春晖苑3栋1单元602")
    >>> locates(road, estate), locates(estate, road)
    (True, False)
    """
    if road.end != estate.start:
        return False
    road_match, estate_match = _PLACE.fullmatch(road.value), _PLACE.fullmatch(estate.value)
    if road_match is None or estate_match is None or not road_match.group("number"):
        return False
    own = road_match.group("building") or road_match.group("unit") or road_match.group("room")
    return not own and bool(estate_match.group("estate_building") or estate_match.group("park"))


def _is_bare_section(value: str) -> bool:
    match = _PLACE.fullmatch(value)
    return match is not None and match.group("road_section") is not None


def _chains_second_number(match: re.Match[str], norm: str) -> bool:
    """东风路30号13号是我单位: a bare N号 right after the house number is another house (a
    correction's retracted one, a neighbour), not a room of this one; a room needs 室, a
    building or a unit before it, or no 号 (幸福路12号301)."""
    if not match.group("number") or not match.group("room"):
        return False
    if match.group("building") or match.group("unit"):
        return False
    return norm.startswith("号", match.end("room"))


# a bare road section that only says where a thing stands (在建设路二段那台提款机 / 建设路二段
# 那家银行): a landmark's place, not an address to repeat (NORMS: …路…号, …小区…栋); the
# section said as a neighbourhood (就在建设路二段那边) is still an address
# (nor one a vaguer place stands by: 我住在建设路二段那边的老小区 / 建设路二段这边的路灯)
_LANDMARK_AFTER = re.compile("(?:那|这)(?:台|个|家|间|座|处|边的)")


# an estate named right after a bare road section (建设路二段的锦绣花园 / 建设路二段幸福里小区14栋):
# the estate is the address to repeat, the road only says where it is
# (so is a hotel a visitor stays in: 建设路二段的江城酒店,1806房 is 江城酒店, round 32)
# (the nearest estate word ends the name: 建设路二段阳光花园,整个小区都没水 names 阳光花园, the
# clause break being gone from the normalised text)
_ESTATE_AFTER = re.compile(
    rf"的?(?P<estate>{_NAME_FIRST}{_NAME_REST}{{0,7}}?"
    r"(?:小区|花园|公寓|大厦|新村|家园|社区|苑|酒店|宾馆|饭店|旅馆|旅店|招待所|民宿))"
)


# a village named right after its town (城关镇柳树湾村): the village is the address to repeat
# 庄 names a village as 村 does (城关镇李家庄,村东头 is 李家庄, not 李家庄村)
_VILLAGE_AFTER = re.compile(rf"(?P<village>{_NAME}?[村庄])")  # the nearest: 上塘村,整个村


def extract_entities(norm: str) -> list[Entity]:
    """Phones, times and places, in text order."""
    found = extract_phones(norm) + extract_times(norm) + extract_places(norm)
    return sorted(found, key=lambda entity: (entity.start, entity.end))


# ---------------------------------------------------------------------------------- restating


def _has_number(text: str, number: str) -> bool:
    """``number`` occurs in ``text`` and is not part of a longer number (no regex: compiling
    one per value would cost a compile per number on a long call).

    >>> _has_number("房间502号", "502"), _has_number("房间1502号", "502")
    (True, False)
    """
    at = text.find(number)
    while at >= 0:
        end = at + len(number)
        if not (at > 0 and text[at - 1] in _ASCII_DIGITS) and text[end : end + 1] not in _DIGIT_SET:
            return True
        at = text.find(number, at + 1)
    return False


_ASCII_DIGITS = "0123456789"
_DIGIT_SET = frozenset(_ASCII_DIGITS)


def _place_restated(entity: Entity, agent_norm_text: str) -> bool:
    floor = _FLOOR_SUFFIX.search(entity.value)
    if floor is not None and _PLACE.fullmatch(entity.value[: floor.start()]):
        # a corrected floor (see corrections.complete_place) must be read back as corrected
        base = Entity("place", entity.value[: floor.start()], entity.start, entity.end)
        floor_said = re.search(rf"(?<![0-9]){floor.group(1)}(?:楼|层)", agent_norm_text)
        return floor_said is not None and _place_restated(base, agent_norm_text)
    match = _PLACE.fullmatch(entity.value)
    if match is None:  # an Entity built by hand: compare the canonical text
        return entity.value in agent_norm_text
    name = _place_name(match)
    core = name[-3:]  # the agent may drop a qualifier: 城区人民路 → 人民路
    said = _section_digits_everywhere(agent_norm_text)
    if name not in said and core not in said and not _flat_restated(match, agent_norm_text):
        return False
    return all(_has_number(agent_norm_text, number) for number in _place_numbers(match))


_FLOOR_SUFFIX = re.compile(r"([0-9]+)楼$")


def _flat_restated(match: re.Match[str], agent_norm_text: str) -> bool:
    """A flat in an estate read back by its building, unit and room (幸福里小区12栋1单元502 →
    十二栋一单元五零二): the numbers are what can be misheard, so the estate's name may be
    dropped. Needs the building and a unit or room, each with its own word."""
    building, unit, room = (
        match.group(g) for g in ("estate_building", "estate_unit", "estate_room")
    )
    if not building or not (unit or room):
        return False
    parts = [rf"(?<![0-9]){int(building)}(?:栋|幢|座|号楼)"]
    if unit:
        parts.append(rf"(?<![0-9]){int(unit)}单元")
    if room:
        parts.append(rf"(?<![0-9]){int(room)}(?![0-9])")
    return all(re.search(part, agent_norm_text) for part in parts)


def _section_digits_everywhere(text: str) -> str:
    """The agent's text with every road section in digits (建设路二段 → 建设路2段)."""
    if "段" not in text:
        return text
    return re.sub(f"{_ROAD}{_SECTION}", lambda m: _section_digits(m.group(0)), text)


def _time_restated(entity: Entity, agent_norm_text: str) -> bool:
    wanted = _time_parts_of(entity)
    said = [parts for _, parts in _time_matches(agent_norm_text)]
    if wanted.duration:
        return any(parts.duration == wanted.duration for parts in said)
    days = {parts.day for parts in said if parts.day}
    periods = {parts.period for parts in said if parts.period}
    if wanted.day and not _day_said(wanted.day, days, agent_norm_text):
        return False
    if wanted.hour:
        return any(_same_hour(wanted, parts) for parts in said if parts.hour)
    return not wanted.period or wanted.period in periods


# the periods after noon, whose clock hours the 24-hour form counts from 12 (下午3点 = 15:00)
_AFTERNOON = frozenset({"下午", "晚上", "傍晚", "夜里"})


def _hour24(parts: _TimeParts) -> int:
    """The clock hour on a 24-hour dial: 下午3点 → 15, 晚上8点 → 20, 中午1点 → 13, 15:30 → 15."""
    hour = int(parts.hour)
    if hour < 12 and (parts.period in _AFTERNOON or (parts.period == "中午" and hour < 3)):
        return hour + 12
    return hour


def _same_hour(wanted: _TimeParts, said: _TimeParts) -> bool:
    """The same hour as said, or the same hour in the 12- and the 24-hour form (下午三点半 read
    back as 15:30, 晚上八点 as 20:00). A bare hour with no period (三点半 agreed after 下午三点半
    方便吗?) may be either half of the day, so 15:30 repeats it too."""
    if said.hour == wanted.hour or _hour24(said) == _hour24(wanted):
        return True
    return not wanted.period and int(wanted.hour) < 12 and int(said.hour) == int(wanted.hour) + 12


def _day_said(day: str, days: set[str], agent_norm_text: str) -> bool:
    """The same day; for a date, the day of the month is enough (3月5日 restated as 5号)."""
    if day in days:
        return True
    if day == "周末":  # the weekend, read back as the day taken in it (周末吧,周六下午 — 周六下午)
        return bool(days & {"周六", "周日", "周末"})
    if not day.endswith("日") or "月" not in day:
        return False
    dom = day[day.index("月") + 1 : -1]
    return re.search(rf"(?<![0-9]){dom}[日号]", agent_norm_text) is not None


def _time_parts_of(entity: Entity) -> _TimeParts:
    """Rebuild the parts from a canonical value such as ``周六|上午|10点30分``."""
    fields: dict[str, str] = {}
    for part in entity.value.split("|"):
        clock = re.fullmatch(r"([0-9]+)点(?:([0-9]+)分)?", part)
        if clock:
            fields["hour"], fields["minute"] = clock.group(1), clock.group(2) or ""
        elif part.endswith("内"):
            fields["duration"] = part
        elif re.fullmatch(_PERIOD, part):
            fields["period"] = part
        else:
            fields["day"] = part
    return _TimeParts(**fields)


# Chinese digits the normaliser left as they are: speech-recogniser output without punctuation runs
# a read-back into the next words, and a run that ends in a positional numeral is no number
# (幺三八洞六幺七二二五四十点前: …四十); the digits are the normaliser's, 洞 for 0 included
_SPOKEN_RUN = re.compile(f"[{''.join(CHINESE_DIGITS)}]{{7,}}")
_SPOKEN_DIGITS = str.maketrans(CHINESE_DIGITS)


def _spoken_digits(text: str) -> str:
    """``text`` with every run of seven or more Chinese digits turned into Arabic digits.

    >>> _spoken_digits("一三八零六一七二二五四两小时之内")
    '138061722542小时之内'
    >>> _spoken_digits("幺三八洞六幺七二二五四十点前")
    '13806172254十点前'
    """
    if not _SPOKEN_RUN.search(text):
        return text
    return _SPOKEN_RUN.sub(lambda match: match.group().translate(_SPOKEN_DIGITS), text)


def is_restated(entity: Entity, agent_norm_text: str) -> bool:
    """Whether the agent's normalised text repeats the entity.

    Phones digit for digit; times by their key parts (day and hour, or the deadline); places by
    the road/estate/village name and every number in the address.
    """
    if entity.kind == "phone":
        return (
            entity.value in agent_norm_text
            or entity.value in _spoken_digits(agent_norm_text)
            or "周一" + entity.value[1:] in agent_norm_text  # 周先生,一三七… read back
        )
    if entity.kind == "time":
        return _time_restated(entity, agent_norm_text)
    if entity.kind == "place":
        return _place_restated(entity, agent_norm_text)
    return entity.value in agent_norm_text
