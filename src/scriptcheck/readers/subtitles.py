"""Subtitles: SRT and WebVTT cues whose text starts with a speaker label or uses ``<v 客服>``.

::

    1
    00:00:01,000 --> 00:00:05,200
    客服:您好,工号1024,很高兴为您服务。

    2
    00:00:05,500 --> 00:00:06,000
    [挂机] 客户

A cue line without a label continues the previous turn (and extends its end time). A cue line
that is a bracketed event (``[挂机] 客户``, ``[振铃 3 声]``…, read as the plain-text reader
reads them) is an event at the cue's time. A cue may hold several labelled lines: each is its
own turn, and the cue's time is shared between them in proportion to their length in
characters, so that no turn overlaps the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from scriptcheck.errors import InputError
from scriptcheck.model import Event, Role, Transcript
from scriptcheck.readers.drafts import Draft, turns_of
from scriptcheck.readers.events import ParsedEvent, parse_event_line
from scriptcheck.readers.labels import merged_line_note, split_label
from scriptcheck.readers.speakers import SeenLabels, SpeakerTable
from scriptcheck.readers.text import split_lines
from scriptcheck.readers.timecode import TIMECODE, parse_timecode

_TIMING = re.compile(rf"^\s*(?P<start>{TIMECODE})\s*-->\s*(?P<end>{TIMECODE})(?:\s.*)?$")
_VOICE = re.compile(r"^<v(?:\.[^\s>]*)?\s+(?P<label>[^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass
class _Piece:
    """One stretch of a cue: a new turn (``role`` set), more text for the turn before it
    (``role`` None, ``event`` None) or an event (``event`` set)."""

    line: int
    text: str = ""
    role: Role | None = None
    speaker: str | None = None
    event: ParsedEvent | None = None
    continued_at: list[tuple[int, str]] = field(default_factory=list)  # unlabelled lines

    @property
    def is_speech(self) -> bool:
        return self.event is None


@dataclass
class _SubtitleReader:
    """Reads cues one by one into turns, events and notes."""

    path: str
    speakers: SpeakerTable
    drafts: list[Draft] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seen: SeenLabels = field(default_factory=SeenLabels)
    labelled: bool = False
    continuing: bool = False  # may an unlabelled line continue the last turn?
    unknown_voices: set[str] = field(default_factory=set)

    def cue(self, lines: list[tuple[int, str]], start: float | None, end: float | None) -> None:
        pieces = _merge([self._piece(number, line) for number, line in lines])
        times = _share(pieces, start, end)
        for piece, (piece_start, piece_end) in zip(pieces, times, strict=True):
            if piece.event is not None:
                self._event(piece.line, piece.event, piece_start)
            elif piece.role is not None:
                self._turn(piece, piece.role, piece_start, piece_end)
            else:
                self._continue(piece, piece_start, piece_end)

    def _piece(self, number: int, line: str) -> _Piece:
        voice = _VOICE.match(line.strip())
        if voice:
            return self._voice(number, voice.group("label").strip(), line.strip()[voice.end() :])
        plain = _TAG.sub("", line).strip()
        event = parse_event_line(plain, self.speakers)
        if event is not None:
            return _Piece(number, event=event)
        labelled = split_label(plain, self.speakers)
        if labelled is not None:
            role, label, said = labelled
            self.labelled = True
            self.seen.note(label, role)
            return _Piece(number, said, role, label)
        return _Piece(number, plain, continued_at=[(number, plain)])

    def _voice(self, number: int, label: str, rest: str) -> _Piece:
        """``<v 客服>…``: a voice tag always names a speaker, so an unknown one is noted."""
        said = _TAG.sub("", rest).strip()
        found = self.speakers.parse(label)
        self.seen.note(label, found.role if found is not None else None)
        if found is not None:
            self.labelled = True
            return _Piece(number, said, found.role, found.name)
        if label not in self.unknown_voices:
            self.unknown_voices.add(label)
            self.notes.append(
                f"line {number}: voice tag <v {label}> names no known speaker; its turns were "
                "read with role unknown, which agent and customer rules do not check "
                f"(map it with {_speaker_option(label, 'agent')} "
                f"or {_speaker_option(label, 'customer')})"
            )
        return _Piece(number, said, Role.UNKNOWN, label)

    def _event(self, line: int, parsed: ParsedEvent, time: float | None) -> None:
        self.events.append(parsed.placed(len(self.drafts), time, line))
        self.continuing = False

    def _turn(self, piece: _Piece, role: Role, start: float | None, end: float | None) -> None:
        self.drafts.append(Draft(role, piece.text, piece.line, piece.speaker, start, end))
        self._note_labels(piece.continued_at)
        self.continuing = True

    def _continue(self, piece: _Piece, start: float | None, end: float | None) -> None:
        if self.continuing and self.drafts:
            previous = self.drafts[-1]
            previous.text += piece.text
            previous.end = end if end is not None else previous.end
            self._note_labels(piece.continued_at)
        else:
            self.drafts.append(Draft(Role.UNKNOWN, piece.text, piece.line, None, start, end))
            self._note_labels(piece.continued_at[1:])
        self.continuing = True

    def _note_labels(self, lines: list[tuple[int, str]]) -> None:
        """Unlabelled lines read as part of a turn that start like ``李四: …``: say so."""
        for number, text in lines:
            if note := merged_line_note(number, text, self.speakers):
                self.notes.append(note)

    def build(self, fmt: str) -> Transcript:
        if not self.labelled:
            raise InputError(
                "no speaker labels found (expected cue text like '客服: 您好' or '<v 客服>您好')"
                f"{self.seen.listing()}; {self.seen.fix()}",
                path=self.path,
            )
        rings = next((e.count for e in self.events if e.count is not None), None)
        turns = turns_of(self.drafts)
        return Transcript(
            path=self.path,
            turns=turns,
            events=tuple(self.events),
            rings=rings,
            format=fmt,
            notes=tuple(self.notes),
        )


def parse_subtitles(text: str, *, path: str, speakers: SpeakerTable, fmt: str) -> list[Transcript]:
    """Read an SRT (``fmt="srt"``) or WebVTT (``fmt="vtt"``) file."""
    lines = split_lines(text)
    if fmt == "vtt" and not text.lstrip().startswith("WEBVTT"):
        raise InputError("not a WebVTT file: the first line must be WEBVTT", path=path)
    reader = _SubtitleReader(path=path, speakers=speakers)
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
        reader.cue(block[timing_at + 1 :], start, end)
    if not cues:
        raise InputError(
            f"no subtitle cues found (expected '00:00:01,000 --> 00:00:04,000' "
            f"lines) in this {fmt.upper()} file",
            path=path,
        )
    return [reader.build(fmt)]


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


def _merge(pieces: list[_Piece]) -> list[_Piece]:
    """Unlabelled lines join the speech piece before them in the same cue."""
    merged: list[_Piece] = []
    for piece in pieces:
        previous = merged[-1] if merged else None
        is_more_text = piece.is_speech and piece.role is None
        if is_more_text and previous is not None and previous.is_speech:
            previous.text += piece.text
            previous.continued_at.extend(piece.continued_at)
        else:
            merged.append(piece)
    return merged


def _share(
    pieces: list[_Piece], start: float | None, end: float | None
) -> list[tuple[float | None, float | None]]:
    """Each piece's part of the cue's time: speech in proportion to its length in characters
    (at least one), an event at the moment it comes between the speech around it."""
    weights = [max(len(p.text), 1) if p.is_speech else 0 for p in pieces]
    total = sum(weights)
    if start is None or end is None or total == 0:
        return [(start, end)] * len(pieces)
    times: list[tuple[float | None, float | None]] = []
    done = 0
    for weight in weights:
        begin = _at(start, end, done, total)
        done += weight
        times.append((begin, _at(start, end, done, total)))
    return times


def _at(start: float, end: float, done: int, total: int) -> float:
    """The moment ``done`` of ``total`` characters into the cue, to the millisecond."""
    if done >= total:
        return end
    return round(start + (end - start) * done / total, 3)


def _speaker_option(label: str, role: str) -> str:
    """``--speaker 王经理=agent``, quoted for the shell when the label holds a space."""
    option = f"{label}={role}"
    return f"--speaker '{option}'" if " " in option else f"--speaker {option}"
