"""Time stamps as written in transcripts and subtitles → seconds.

Accepted: ``mm:ss``, ``hh:mm:ss``, either with ``.fff`` or ``,fff`` (SRT) fractions (up to microseconds), and plain
seconds (``12.5``) where a column or field holds a number.

>>> parse_timecode("00:01:02.5")
62.5
"""

from __future__ import annotations

import math
import re

TIMECODE = r"\d{1,3}:\d{1,2}(?::\d{1,2})?(?:[.,]\d{1,6})?"
_TIMECODE_RE = re.compile(rf"\s*({TIMECODE})\s*")
_SECONDS_RE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:s|秒)?\s*", re.IGNORECASE)


def parse_timecode(value: str) -> float | None:
    """Seconds for ``mm:ss(.fff)`` / ``hh:mm:ss(.fff)``, None when ``value`` is not one
    (minutes and seconds after the first part must be under 60)."""
    match = _TIMECODE_RE.fullmatch(value)
    if not match:
        return None
    clock, _, fraction = match.group(1).replace(",", ".").partition(".")
    parts = [int(part) for part in clock.split(":")]
    if any(part >= 60 for part in parts[1:]):
        return None  # 00:99 is no time (not 01:39)
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    if fraction:
        seconds += int(fraction) / 10 ** len(fraction)
    return round(seconds, 3)


def parse_seconds(value: str) -> float | None:
    """Seconds from a time code or a plain number (``12``, ``12.5s``, ``12秒``), else None."""
    if (timecode := parse_timecode(value)) is not None:
        return timecode
    match = _SECONDS_RE.fullmatch(value)
    if not match:
        return None
    seconds = float(match.group(1))
    return seconds if math.isfinite(seconds) else None  # 400 digits read as infinity


def format_timecode(seconds: float | None) -> str:
    """``62.5`` → ``01:02.5``, ``3725`` → ``1:02:05``; empty for None (used by reports)."""
    if seconds is None:
        return ""
    whole = int(seconds)
    tenths = round((seconds - whole) * 10)
    if tenths == 10:
        whole, tenths = whole + 1, 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"{clock}.{tenths}" if tenths else clock
