"""Subtitles: SRT and WebVTT cues whose text starts with a speaker label or uses ``<v 客服>``.

::

    1
    00:00:01,000 --> 00:00:05,200
    客服:您好,工号1024,很高兴为您服务。

A cue line without a label continues the previous turn (and extends its end time); a cue may
hold several labelled lines, each its own turn with the cue's times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scriptcheck.errors import InputError
from scriptcheck.model import Role, Transcript, Turn
from scriptcheck.readers.speakers import SpeakerTable
from scriptcheck.readers.text import split_label, split_lines
from scriptcheck.readers.timecode import TIMECODE, parse_timecode

_TIMING = re.compile(rf"^\s*(?P<start>{TIMECODE})\s*-->\s*(?P<end>{TIMECODE})(?:\s.*)?$")
_VOICE = re.compile(r"^<v(?:\.[^\s>]*)?\s+(?P<label>[^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def parse_subtitles(text: str, *, path: str, speakers: SpeakerTable, fmt: str) -> list[Transcript]:
    """Read an SRT (``fmt="srt"``) or WebVTT (``fmt="vtt"``) file."""
    lines = split_lines(text)
    if fmt == "vtt" and not text.lstrip().startswith("WEBVTT"):
        raise InputError("not a WebVTT file: the first line must be WEBVTT", path=path)
    turns: list[dict] = []
    labelled = False
    cues = 0
    for block in _blocks(lines):
        timing_at = next((i for i, (_, line) in enumerate(block) if "-->" in line), None)
        if timing_at is None:
            # VTT header/NOTE/STYLE blocks, SRT cue numbers on their own: no speech in them.
            continue
        number, timing = block[timing_at]
        match = _TIMING.match(timing)
        if not match:
            raise InputError(
                f"line {number}: bad cue timing {timing.strip()!r}; "
                "expected e.g. 00:00:01,000 --> 00:00:04,000",
                path=path,
            )
        cues += 1
        start, end = parse_timecode(match.group("start")), parse_timecode(match.group("end"))
        for line_number, line in block[timing_at + 1 :]:
            labelled |= _add_cue_line(turns, line_number, line, start, end, speakers)
    if not cues:
        raise InputError(
            f"no subtitle cues found (expected '00:00:01,000 --> 00:00:04,000' "
            f"lines) in this {fmt.upper()} file",
            path=path,
        )
    if not labelled:
        raise InputError(
            "no speaker labels found (expected cue text like '客服: 您好' or '<v 客服>您好'); "
            "map other labels with --speaker NAME=agent",
            path=path,
        )
    return [
        Transcript(
            path=path,
            turns=tuple(Turn(index=i, **turn) for i, turn in enumerate(turns)),
            format=fmt,
        )
    ]


def _blocks(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Groups of consecutive non-blank lines, with their 1-based line numbers."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _add_cue_line(
    turns: list[dict],
    number: int,
    line: str,
    start: float | None,
    end: float | None,
    speakers: SpeakerTable,
) -> bool:
    """Add one cue text line as a new turn or a continuation; True if it had a known label."""
    voice = _VOICE.match(line.strip())
    if voice:
        label = voice.group("label").strip()
        role = speakers.role_of(label)
        said = _TAG.sub("", line.strip()[voice.end() :]).strip()
        turns.append(_turn(role or Role.UNKNOWN, said, start, end, number, label))
        return role is not None
    plain = _TAG.sub("", line).strip()
    labelled = split_label(plain, speakers)
    if labelled is not None:
        role, label, said = labelled
        turns.append(_turn(role, said, start, end, number, label))
        return True
    if turns:
        turns[-1]["text"] += plain
        turns[-1]["end"] = end if end is not None else turns[-1]["end"]
    else:
        turns.append(_turn(Role.UNKNOWN, plain, start, end, number, None))
    return False


def _turn(
    role: Role, text: str, start: float | None, end: float | None, line: int, speaker: str | None
) -> dict:
    return {
        "role": role,
        "text": text,
        "start": start,
        "end": end,
        "line": line,
        "speaker": speaker,
    }
