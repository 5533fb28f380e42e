"""The speaker label that starts a line (``坐席[1024] 13:02:11: 您好``), as the text and
subtitle readers find it: where the label ends, its work id and clock time, and whether an
unrecognised one looks like a speaker worth a note. Which role a label names is
:class:`scriptcheck.readers.speakers.SpeakerTable`'s job.

>>> read_label("客服ː 您好", SpeakerTable()).text
'您好'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from scriptcheck.model import Role
from scriptcheck.readers.speakers import CLOCK, SpeakerLabel, SpeakerTable, label_key
from scriptcheck.readers.timecode import parse_timecode

# What ends a label: the ASCII and full-width colons, and the small (﹕), vertical (︰, Big5's
# colon), ratio (∶, GB2312's) and modifier-letter (ː, U+02D0) forms that some exports write.
LABEL_COLONS = ":：﹕︰∶ː"
# A bracket after the label may hold a colon of its own: 坐席(工号:1024):, 坐席【工号：1024】：.
_BRACKETED = r"[\[【(（][^\[\]【】()（）]{0,24}[\]】)）]"
# The label: its first character no colon, bracket, # or space; then up to 23 more.
_LABEL_TEXT = (
    rf"(?:[^{LABEL_COLONS}\[【#\s]|{_BRACKETED})(?:{_BRACKETED}|[^{LABEL_COLONS}]){{0,23}}?"
)
# A date before the clock time: 用户 2024-11-23 13:02:11:, 用户 [2024/11/23 13:02:11]:.
_DATE = r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+)"
# A label, then optionally a clock time (用户 13:02:11:, 客服 [13:02]:), then a colon.
_LABEL = re.compile(
    rf"^(?P<label>{_LABEL_TEXT})"
    rf"(?:\s*(?P<clock>[\[【(（]\s*{_DATE}?{CLOCK}\s*[\]】)）]|{_DATE}?{CLOCK}))?"
    rf"\s*[{LABEL_COLONS}]\s*(?P<text>.*)$"
)
# Exports that put a full clock time where the colon would be: 用户 13:02:11 我家停电了.
_FULL_CLOCK = r"\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?"
_LABEL_CLOCK = re.compile(
    rf"^(?P<label>{_LABEL_TEXT})\s*"
    rf"(?P<clock>[\[【(（]\s*{_DATE}?{_FULL_CLOCK}\s*[\]】)）]"
    rf"|{_DATE}?{_FULL_CLOCK}(?=\s))\s*(?P<text>[^\d\s].*)$"
)
# A line that is a label and nothing else (the text follows on the next lines): 客户,
# 客服(1024), 坐席 13:02:01. Longer lines are speech.
_ALONE_MAX = 40
# What follows a role word at a line start when the line is a label the reader could not
# take apart (客服 - 您好, 客户; 好, 客户（张先生）我…), not a sentence (客户说他…).
_LABEL_SHAPE = re.compile(
    rf"\s*(?:{_BRACKETED}|[\[【(（<〈]|{_DATE}|\d{{1,2}}:\d{{2}}"
    rf"|[A-Za-z]{{0,4}}\d+\s*(?:[{LABEL_COLONS};；>＞|｜\-–—－=＝]|$)"
    rf"|[{LABEL_COLONS};；>＞|｜\-–—－=＝]|$)"
)
# The colon of a clock time, not a label's: "客服 10:30 到了" is no label "客服 10".
_CLOCK_BEFORE = re.compile(r"(?<!\d)\d{1,2}$")
_CLOCK_AFTER = re.compile(r"\d{2}(?!\d)")
_COMMON_WORD_FREQ = 300  # jieba frequency: 李四 106, 老王 190; 杨柳 411, 张开 452, 文明 6584
# What an unrecognised label must look like to be noted (see looks_like_speaker_label).
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_LABEL_LIKE = re.compile(
    r"^(?:说话人|发言人|讲话人|角色|speaker|spk|坐席|座席|客服|客户|用户|来电人|顾客|agent"
    r"|customer|caller)\s*[a-z0-9甲乙丙丁]{1,3}$"
)


def label_candidate(line: str) -> str | None:
    """The text before a line's label colon, known speaker or not (``李四: 您好`` → ``李四``);
    None when the line does not start like a label.

    >>> label_candidate("李四ː 您好"), label_candidate("您好")
    ('李四', None)
    """
    match = _LABEL.match(line)
    return match.group("label").strip() if match else None


@dataclass(frozen=True)
class LabelledLine:
    """A line that starts with a speaker label: who, as written, and what was said."""

    speaker: SpeakerLabel
    text: str
    start: float | None  # from a clock time between label and colon (用户 13:02:11:)


def read_label(line: str, speakers: SpeakerTable) -> LabelledLine | None:
    """``坐席[1024] 13:02:11: 您好`` → agent, work id 1024, start 13:02:11; None without a
    known label.

    The label may carry a work id (``坐席[1024]``, ``坐席1024``, ``客服-1024``…) and a clock
    time (``用户 13:02:11``, ``用户 [13:02]``) before the colon.
    """
    match = _LABEL.match(line)
    if match:
        before_colon = line[: match.start("text")].rstrip()[:-1].rstrip()
        if _CLOCK_BEFORE.search(before_colon) and _CLOCK_AFTER.match(match.group("text")):
            match = None  # the colon is a clock's
    if match is None or speakers.parse(match.group("label").rstrip()) is None:
        match = _LABEL_CLOCK.match(line)
    if match is None:
        return None
    label, said = match.group("label").rstrip(), match.group("text").strip()
    speaker = speakers.parse(label)
    if speaker is None:
        return None
    said = said.lstrip(LABEL_COLONS + " \t\u3000")  # 客户：：没有了 → 没有了
    if match.group("clock"):
        speaker = replace(speaker, clock=_time_of_day(match.group("clock")))
    return LabelledLine(speaker, said, _start(speaker))


def read_alone_label(line: str, speakers: SpeakerTable) -> LabelledLine | None:
    """A line that is only a known label, whose turn text follows on the next lines:
    ``客户``, ``客服(1024)``, ``坐席 13:02:01`` → that speaker with empty text; None for any
    other line (``好``, ``嗯``, ``客户说他家停电了``).

    >>> read_alone_label("坐席 13:02:01", SpeakerTable()).speaker.role
    <Role.AGENT: 'agent'>
    >>> read_alone_label("好", SpeakerTable()) is None
    True
    """
    label = line.strip()
    if not label or len(label) > _ALONE_MAX or speakers.role_word_at(label) is None:
        return None
    speaker = speakers.parse(label)
    if speaker is None or speaker.person is not None:  # 客户 老张 may be speech
        return None
    return LabelledLine(speaker, "", _start(speaker))


def _time_of_day(clock: str) -> str:
    """``[2024-11-23 13:02:11]`` → ``13:02:11``: the clock time, brackets and date left out."""
    return clock.strip("[]【】()（） ").split()[-1]


def _start(speaker: SpeakerLabel) -> float | None:
    return parse_timecode(speaker.clock) if speaker.clock else None


def merged_line_note(number: int, line: str, speakers: SpeakerTable) -> str | None:
    """The note for a line read as part of the previous turn that starts like a speaker
    label: a known role word in a shape the reader could not take apart (``客服 - 您好``,
    ``客户；好``), or an unknown speaker (``李四: …``); None for any other line, such as a
    sentence that starts with a role word (``客户说他家停电了``).

    >>> merged_line_note(3, "客户说他家停电了", SpeakerTable()) is None
    True
    """
    word = speakers.role_word_at(line)
    if word is not None and _LABEL_SHAPE.match(line, len(word)):
        shown = line if len(line) <= len(word) + 8 else line[: len(word) + 8] + "…"
        return (
            f"line {number} starts with the speaker label '{word}' in a form that is not read "
            f"as a label ('{shown}'); it was read as part of the previous turn "
            f"(write the label as '{word}: text')"
        )
    return unrecognised_label_note(number, line)


def unrecognised_label_note(number: int, line: str) -> str | None:
    """The note for a continuation line that starts like ``李四: …``: most likely a speaker
    the table does not know (the line stays part of the previous turn, as documented); None
    when the line does not look like that."""
    label = label_candidate(line)
    if label is None or not looks_like_speaker_label(label):
        return None
    return (
        f"line {number} looks like a speaker label '{label}' that is not recognised; "
        "it was read as part of the previous turn "
        f"(map it with --speaker {label}=agent|customer)"
    )


def looks_like_speaker_label(label: str) -> bool:
    """Whether an unrecognised ``label`` (the text before a line's first colon) looks like a
    speaker rather than ordinary words: a 2-4 character Chinese personal name (``李四``,
    ``王经理``, ``小李``) or a label-like word with a suffix (``说话人2``, ``坐席B``).

    Conservative, as a false note is noise: ``注意``, ``时间``, ``金额`` are not names.

    >>> [looks_like_speaker_label(w) for w in ("李四", "說話人2", "注意", "时间是 10")]
    [True, True, False, False]
    """
    key = label_key(label)
    if _LABEL_LIKE.match(key):
        return True
    return bool(_HAN_NAME.match(key)) and _is_personal_name(key)


def _is_personal_name(word: str) -> bool:
    """jieba tags ``word`` as one personal name (``nr``) that is no common word (杨柳, 文明
    are tagged ``nr`` too), or as 老/小/阿 and a surname."""
    from scriptcheck.segment import tokens  # jieba loads only for a line that may be a name

    tokens(word)  # loads jieba's dictionary, quietly, once per process
    import jieba.posseg

    tagged = [(w.word, w.flag) for w in jieba.posseg.cut(word)]
    if len(tagged) == 2 and tagged[0][0] in ("老", "小", "阿"):
        return tagged[1][1].startswith("nr")
    if len(tagged) != 1 or not tagged[0][1].startswith("nr"):
        return False
    return (jieba.dt.FREQ.get(word) or 0) < _COMMON_WORD_FREQ


def split_label(line: str, speakers: SpeakerTable) -> tuple[Role, str, str] | None:
    """``客服: 您好`` → ``(Role.AGENT, "客服", "您好")``; None without a known label.

    A work id or a clock time after the label is allowed (``客服(1024):``, see
    :func:`read_label`).
    """
    found = read_label(line, speakers)
    return (found.speaker.role, found.speaker.name, found.text) if found is not None else None
