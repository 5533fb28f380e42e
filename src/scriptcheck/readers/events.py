"""Bracketed event annotations: ``[挂机] 客户``, ``[振铃 5 声]``, ``[hold start]``…

The vocabulary is matched after Traditional → Simplified and case folding, so ``[掛機]``,
``[保持開始]`` and ``[HANGUP] Agent`` work. Used by the plain-text and subtitle readers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from scriptcheck.model import Event, EventKind, Role
from scriptcheck.readers.speakers import SpeakerTable, label_key

# Order matters: "hold end" must be tried before the bare "hold" that means a start.
_KEYWORDS: tuple[tuple[EventKind, str], ...] = (
    (EventKind.HANGUP, r"挂机|挂断|挂线|收线|hang[\s_-]?up"),
    (EventKind.RING, r"振铃|响铃|铃响|rings?|ringing"),
    (
        EventKind.HOLD_END,
        r"保持结束|结束保持|取消保持|恢复通话|等待结束|hold[\s_-]?(?:end|off|over)|unhold",
    ),
    (EventKind.HOLD_START, r"保持开始|开始保持|保持|等待开始|hold[\s_-]?(?:start|begin|on)?"),
    (EventKind.TRANSFER, r"转接|转人工|转移|transfer(?:red)?"),
    (EventKind.SILENCE, r"静音|沉默|无声|silence|silent"),
)
# A whole line that is a bracketed annotation: "[挂机] 客户", "【振铃 5 声】".
EVENT_LINE = re.compile(r"^[\[【](?P<body>[^\]】]+)[\]】]\s*(?P<tail>.*)$")
_KEYWORD_RES = [(kind, re.compile(pattern)) for kind, pattern in _KEYWORDS]
_NUMBER = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+"
_COUNT_RE = re.compile(rf"({_NUMBER})")
_DURATION_RE = re.compile(
    rf"({_NUMBER})\s*(小时|时|h|hours?|分钟|分|min(?:ute)?s?|m|秒钟|秒|s(?:ec(?:ond)?s?)?)?(?![a-z])"
)


@dataclass(frozen=True)
class ParsedEvent:
    """An event line's content, before it is placed in a transcript."""

    kind: EventKind
    by: Role | None = None
    count: int | None = None
    duration: float | None = None
    note: str | None = None

    def placed(self, position: int, time: float | None, line: int) -> Event:
        """The event, placed after the first ``position`` turns of a transcript."""
        return Event(
            kind=self.kind,
            position=position,
            time=time,
            by=self.by,
            count=self.count,
            duration=self.duration,
            line=line,
            note=self.note,
        )


def parse_event(body: str, tail: str, speakers: SpeakerTable) -> ParsedEvent | None:
    """Parse ``[body] tail``; None when ``body`` names no known event.

    >>> parse_event("挂机", "客户", SpeakerTable()).by
    <Role.CUSTOMER: 'customer'>
    """
    key = label_key(body)
    for kind, pattern in _KEYWORD_RES:
        match = pattern.search(key)
        if match is None:
            continue
        rest = f"{key[: match.start()]} {key[match.end() :]} {label_key(tail)}".strip()
        return ParsedEvent(
            kind=kind,
            by=speakers.find_role(rest) if kind is EventKind.HANGUP else None,
            count=_count(rest) if kind is EventKind.RING else None,
            duration=_duration(rest) if kind in (EventKind.SILENCE, EventKind.HOLD_START) else None,
            note=_note(body, match.end(), tail) if kind is EventKind.TRANSFER else None,
        )
    return None


def parse_event_line(line: str, speakers: SpeakerTable) -> ParsedEvent | None:
    """Parse a whole line such as ``[挂机] 客户``; None when it is no bracketed event line
    (``[笑声]``, ordinary speech).

    >>> parse_event_line("[振铃 5 声]", SpeakerTable()).count
    5
    """
    match = EVENT_LINE.match(line.strip())
    if match is None:
        return None
    return parse_event(match.group("body"), match.group("tail"), speakers)


def parse_number(text: str) -> float | None:
    """``12``, ``1.5`` or a Chinese numeral (``五``, ``十二``) → a number; None otherwise."""
    if text[:1].isdigit():
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None  # 400 digits read as infinity
    import cn2an  # imported lazily: it costs ~0.1 s and Chinese numerals in events are rare

    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def _count(rest: str) -> int | None:
    match = _COUNT_RE.search(rest)
    value = parse_number(match.group(1)) if match else None
    return int(value) if value is not None else None


def _duration(rest: str) -> float | None:
    total: float | None = None
    for match in _DURATION_RE.finditer(rest):
        value = parse_number(match.group(1))
        if value is None:
            continue
        total = (total or 0.0) + value * _unit_seconds(match.group(2) or "s")
    return total


def _unit_seconds(unit: str) -> int:
    if unit[0] in "小时h":
        return 3600
    return 60 if unit[0] in "分m" else 1


def _note(body: str, keyword_end: int, tail: str) -> str | None:
    """Free text after the event word, as written (``[转接] 营业厅`` → ``营业厅``)."""
    note = f"{body[keyword_end:].strip(' :：')} {tail.strip()}".strip()
    return note or None
