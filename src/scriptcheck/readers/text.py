"""The plain-text format: one turn per line, the way QA clerks type and paste calls.

::

    # call_id: 95598-20261123-0001
    # rings: 3
    [00:00:01] 客服:您好,国网XX供电公司95598,工号1024,很高兴为您服务。
    [00:01:02.5-00:01:05.0] 客户： 我家停电了,
    从早上到现在。                       ← no label: continues the previous turn
    [00:03:10] [挂机] 客户               ← an event

Headers are ``# key: value`` lines; ``# scriptcheck: …`` lines are pragmas; other ``#`` lines
are comments. See docs/input-formats.md for the full description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scriptcheck.errors import InputError
from scriptcheck.model import Event, Role, Transcript
from scriptcheck.readers.drafts import Draft, turns_of
from scriptcheck.readers.events import ParsedEvent, parse_event_line, parse_number
from scriptcheck.readers.labels import (
    label_candidate,
    merged_line_note,
    read_alone_label,
    read_label,
)
from scriptcheck.readers.speakers import (
    FORMAT_CHARACTERS,
    SeenLabels,
    SpeakerTable,
    label_key,
    require_agent,
)
from scriptcheck.readers.timecode import TIMECODE, parse_seconds, parse_timecode

_TIME_PREFIX = re.compile(
    rf"^[\[【]\s*(?P<start>{TIMECODE})"
    rf"(?:\s*(?:-->|->|-|–|~|～|至)\s*(?P<end>{TIMECODE}))?\s*[\]】]\s*"
)
# What a time stamp the reader cannot read looks like: [-00:01], [99999:59:59], (00:01),
# [00:00:05:25] (frames), or a bare 00:01 before a label.
_TIME_LIKE = r"[-−+]?\d+(?:\s*[:：]\s*\d+)+(?:[.,]\d+)?"
_TIME_LIKE_RANGE = rf"{_TIME_LIKE}(?:\s*(?:-->|->|-|–|~|～|至)\s*{_TIME_LIKE})?"
_ODD_TIME_PREFIX = re.compile(
    rf"^(?:[\[【(（]\s*(?P<bracketed>{_TIME_LIKE_RANGE})\s*[\]】)）]\s*"
    rf"|(?P<bare>{_TIME_LIKE_RANGE})\s+)"
)
# Colons of headers and pragmas: ASCII, full-width, and the small (﹕), vertical (︰, Big5's
# colon) and ratio (∶, GB2312's) forms that exports from older systems use (a speaker label
# also ends at ː: labels.LABEL_COLONS).
_PRAGMA = re.compile(r"^#\s*scriptcheck\s*[:：﹕︰∶]\s*(?P<text>.*)$", re.IGNORECASE)
INLINE_PRAGMA = re.compile(r"\s+#\s*scriptcheck\s*[:：﹕︰∶]\s*(?P<text>.*)$", re.IGNORECASE)
_HEADER = re.compile(r"^#\s*(?P<key>[^:：﹕︰∶#]{1,40}?)\s*[:：﹕︰∶]\s*(?P<value>.*?)\s*$")
_NUMBER_OF_RINGS = re.compile(r"^(\d+|[一二两三四五六七八九十]+)\s*(?:声|次|下|rings?)?$")

HEADER_FIELDS: dict[str, str] = {
    **dict.fromkeys(("call_id", "callid", "通话编号", "通话id", "呼叫编号", "录音编号"), "call_id"),
    **dict.fromkeys(
        ("agent_id", "agentid", "工号", "坐席工号", "座席工号", "客服工号"), "agent_id"
    ),
    **dict.fromkeys(("hotline", "热线", "服务热线"), "hotline"),
    **dict.fromkeys(("date", "日期", "通话日期"), "date"),
    **dict.fromkeys(("rings", "振铃", "振铃次数", "响铃次数"), "rings"),
    **dict.fromkeys(("answer_delay", "应答时长", "接听等待"), "answer_delay"),
}


def header_field(key: str) -> str | None:
    """The Transcript field a header or column name fills (``工号`` → ``agent_id``), or None."""
    return HEADER_FIELDS.get(re.sub(r"[\s-]+", "_", label_key(key)))


def parse_rings(value: str) -> int | None:
    """``3``, ``3声``, ``三声`` → 3; None when the value is not a ring count."""
    match = _NUMBER_OF_RINGS.match(value.strip())
    if not match:
        return None
    number = parse_number(match.group(1))
    return int(number) if number is not None else None


@dataclass
class _TextReader:
    """Reads lines one by one into turns, events, headers and pragmas."""

    path: str
    speakers: SpeakerTable
    drafts: list[Draft] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    fields: dict[str, object] = field(default_factory=dict)
    pragmas: list[tuple[int, str]] = field(default_factory=list)
    labelled: bool = False
    seen: SeenLabels = field(default_factory=SeenLabels)
    label_agent_id: str | None = None  # 1024 from 坐席[1024]: when no 工号 header says
    continuing: bool = False  # may an unlabelled line continue the last turn?
    notes: list[str] = field(default_factory=list)  # see Transcript.notes

    def feed(self, number: int, raw: str) -> None:
        line = _Visible.of(raw.strip())
        body = line.body
        if not body:
            return
        if body.startswith("#"):
            self._comment(number, body)
            return
        start, end, rest = _split_time(body)
        if start is None:
            rest = self._odd_time(number, rest)
        if start is not None and end is not None and end < start:
            self.notes.append(
                f"line {number}: the time range ends before it starts; its end was ignored"
            )
            end = None
        event = parse_event_line(rest, self.speakers)
        if event is not None:
            self._event(number, event, start)
            self.continuing = False
            return
        self._speech(number, line, rest, start, end)

    def _odd_time(self, number: int, line: str) -> str:
        """A line that opens with a time stamp the reader cannot read (``[-00:01]``,
        ``[00:99]``) and then a speaker label or an event is that turn or event, without a
        time and with a note, rather than part of the previous turn: ``line`` without the
        stamp. Any other line is returned as it is."""
        odd = _ODD_TIME_PREFIX.match(line)
        if odd is None:
            return line
        rest = line[odd.end() :]
        if (
            read_label(rest, self.speakers) is None
            and parse_event_line(rest, self.speakers) is None
        ):
            return line
        stamp = odd.group("bracketed") or odd.group("bare")
        self.notes.append(
            f"line {number}: time stamp '{stamp}' not understood (write [mm:ss] or "
            "[hh:mm:ss.fff], minutes and seconds under 60); the line was read without a time"
        )
        return rest

    def _comment(self, number: int, line: str) -> None:
        if pragma := _PRAGMA.match(line):
            self.pragmas.append((number, pragma.group("text").strip()))
        elif header := _HEADER.match(line):
            self._header(number, header.group("key").strip(), header.group("value"))

    def _header(self, number: int, key: str, value: str) -> None:
        self.headers[key] = value
        name = header_field(key)
        if name == "rings":
            rings = parse_rings(value)
            if rings is None:
                raise InputError(
                    f"line {number}: rings must be a number of rings (got {value!r})",
                    path=self.path,
                )
            self.fields["rings"] = rings
        elif name == "answer_delay":
            delay = parse_seconds(value)
            if delay is None:
                raise InputError(
                    f"line {number}: answer_delay must be seconds, e.g. 5 or 5s (got {value!r})",
                    path=self.path,
                )
            self.fields["answer_delay"] = delay
        elif name is not None and value:
            self.fields[name] = value

    def _event(self, number: int, parsed: ParsedEvent, time: float | None) -> None:
        self.events.append(parsed.placed(len(self.drafts), time, number))

    def _speech(
        self, number: int, line: _Visible, rest: str, start: float | None, end: float | None
    ) -> None:
        """``rest``: the line after its time stamp, format characters left out (they must
        not hide a label); the turn text is taken from the line as written."""
        after_time = len(line.body) - len(rest)
        if inline := INLINE_PRAGMA.search(rest):
            self.pragmas.append((number, inline.group("text").strip()))
            rest = rest[: inline.start()]
        labelled = read_label(rest, self.speakers) or read_alone_label(rest, self.speakers)
        said = labelled.text if labelled is not None else rest.strip()
        text = line.original(after_time + len(rest.rstrip()) - len(said), len(said))
        if labelled is not None:
            self.labelled = True
            speaker = labelled.speaker
            self.seen.note(speaker.name, speaker.role)
            if speaker.role is Role.AGENT and speaker.work_id and _has_digit(speaker.work_id):
                self.label_agent_id = self.label_agent_id or speaker.work_id
            start = start if start is not None else labelled.start
            self.drafts.append(Draft(speaker.role, text, number, speaker.name, start, end))
        elif self.continuing and self.drafts:
            previous = self.drafts[-1]
            previous.text += text
            previous.end = end if end is not None else previous.end
            self._note_unknown_label(number, rest)
        else:
            self.drafts.append(Draft(Role.UNKNOWN, text, number, None, start, end))
        candidate = label_candidate(rest) if labelled is None else None
        if candidate and self.speakers.parse(candidate) is None:
            self.seen.note(candidate, None)
        self.continuing = True

    def _note_unknown_label(self, number: int, rest: str) -> None:
        if note := merged_line_note(number, rest, self.speakers):
            self.notes.append(note)

    def build(self) -> Transcript:
        if not self.labelled:
            raise InputError(
                "no speaker labels found (expected lines like '客服: 您好')"
                f"{self.seen.listing()}; {self.seen.fix()}",
                path=self.path,
            )
        require_agent([d.role for d in self.drafts], self.seen, path=self.path)
        rings = self.fields.get("rings")
        if rings is None:
            rings = next((e.count for e in self.events if e.count is not None), None)
        turns = turns_of(self.drafts)
        return Transcript(
            path=self.path,
            turns=turns,
            events=tuple(self.events),
            call_id=_str_or_none(self.fields.get("call_id")),
            agent_id=_str_or_none(self.fields.get("agent_id", self.label_agent_id)),
            hotline=_str_or_none(self.fields.get("hotline")),
            date=_str_or_none(self.fields.get("date")),
            rings=rings if isinstance(rings, int) else None,
            answer_delay=_float_or_none(self.fields.get("answer_delay")),
            metadata=dict(self.headers),
            format="text",
            pragmas=tuple(self.pragmas),
            notes=tuple(self.notes),
        )


@dataclass(frozen=True)
class _Visible:
    """A line as written and without its format characters (BOM, zero-width space…), which
    would otherwise hide a speaker label or a time stamp: ``\\ufeff客户: 我家停电了``.

    ``body`` (the visible text, stripped) is what labels, time stamps, events and headers are
    read from; :meth:`original` gives a stretch of it back as written, so a turn keeps every
    character it had.
    """

    line: str
    body: str
    lead: int = 0  # characters stripped off the front of the visible text
    where: tuple[int, ...] | None = None  # position in ``line`` of each visible character

    @classmethod
    def of(cls, line: str) -> _Visible:
        if line.isascii() or not FORMAT_CHARACTERS.search(line):
            return cls(line, line)
        where = tuple(i for i, c in enumerate(line) if not FORMAT_CHARACTERS.match(c))
        visible = "".join(line[i] for i in where)
        body = visible.lstrip()
        return cls(line, body.rstrip(), len(visible) - len(body), where)

    def original(self, start: int, length: int) -> str:
        """``body[start:start + length]`` as written: with the format characters inside it
        and those between it and the visible character before it."""
        if self.where is None:
            return self.body[start : start + length]
        first, after = self.lead + start, self.lead + start + length
        begin = self.where[first - 1] + 1 if first > 0 else 0
        stop = self.where[after] if after < len(self.where) else len(self.line)
        return self.line[begin:stop].strip()


def _split_time(line: str) -> tuple[float | None, float | None, str]:
    """Strip a leading ``[start]`` or ``[start-end]`` time stamp."""
    match = _TIME_PREFIX.match(line)
    if not match:
        return None, None, line
    start = parse_timecode(match.group("start"))
    end = parse_timecode(match.group("end")) if match.group("end") else None
    if start is None or (match.group("end") and end is None):
        return None, None, line  # [00:99]: not a time (see _TextReader._odd_time)
    return start, end, line[match.end() :]


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _str_or_none(value: object) -> str | None:
    return str(value) if value is not None else None


def _float_or_none(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them (``str.splitlines`` also splits on \\x1c, \\u2028…)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_text(text: str, *, path: str, speakers: SpeakerTable) -> list[Transcript]:
    """Read a plain-text transcript (one call per file)."""
    reader = _TextReader(path=path, speakers=speakers)
    for number, raw in enumerate(split_lines(text), start=1):
        reader.feed(number, raw)
    return [reader.build()]
