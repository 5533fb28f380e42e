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
from scriptcheck.model import Event, Role, Transcript, Turn
from scriptcheck.readers.events import parse_event, parse_number
from scriptcheck.readers.speakers import SpeakerTable, label_key
from scriptcheck.readers.timecode import TIMECODE, parse_seconds, parse_timecode

_TIME_PREFIX = re.compile(
    rf"^[\[【]\s*(?P<start>{TIMECODE})"
    rf"(?:\s*(?:-->|->|-|–|~|～|至)\s*(?P<end>{TIMECODE}))?\s*[\]】]\s*"
)
_PRAGMA = re.compile(r"^#\s*scriptcheck\s*[:：]\s*(?P<text>.*)$", re.IGNORECASE)
_INLINE_PRAGMA = re.compile(r"\s+#\s*scriptcheck\s*[:：]\s*(?P<text>.*)$", re.IGNORECASE)
_HEADER = re.compile(r"^#\s*(?P<key>[^:：#]{1,40}?)\s*[:：]\s*(?P<value>.*?)\s*$")
_EVENT = re.compile(r"^[\[【](?P<body>[^\]】]+)[\]】]\s*(?P<tail>.*)$")
_LABEL = re.compile(r"^(?P<label>[^:：\[【#\s][^:：]{0,23}?)\s*[:：]\s*(?P<text>.*)$")
_LABEL_SUFFIX = re.compile(r"\s*[(（][^)）]*[)）]$")  # 客服(1024): a work id after the label
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
class _Draft:
    role: Role
    text: str
    line: int
    speaker: str | None = None
    start: float | None = None
    end: float | None = None


@dataclass
class _TextReader:
    """Reads lines one by one into turns, events, headers and pragmas."""

    path: str
    speakers: SpeakerTable
    drafts: list[_Draft] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    fields: dict[str, object] = field(default_factory=dict)
    pragmas: list[tuple[int, str]] = field(default_factory=list)
    labelled: bool = False
    continuing: bool = False  # may an unlabelled line continue the last turn?

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        if not line:
            return
        if line.startswith("#"):
            self._comment(number, line)
            return
        start, end, rest = _split_time(line)
        event = _EVENT.match(rest)
        if event and self._event(number, event, start):
            self.continuing = False
            return
        self._speech(number, rest, start, end)

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

    def _event(self, number: int, match: re.Match[str], time: float | None) -> bool:
        parsed = parse_event(match.group("body"), match.group("tail"), self.speakers)
        if parsed is None:
            return False
        self.events.append(
            Event(
                kind=parsed.kind,
                position=len(self.drafts),
                time=time,
                by=parsed.by,
                count=parsed.count,
                duration=parsed.duration,
                line=number,
                note=parsed.note,
            )
        )
        return True

    def _speech(self, number: int, rest: str, start: float | None, end: float | None) -> None:
        if inline := _INLINE_PRAGMA.search(rest):
            self.pragmas.append((number, inline.group("text").strip()))
            rest = rest[: inline.start()]
        labelled = split_label(rest, self.speakers)
        if labelled is not None:
            self.labelled = True
            role, label, said = labelled
            self.drafts.append(_Draft(role, said, number, label, start, end))
        elif self.continuing and self.drafts:
            previous = self.drafts[-1]
            previous.text += rest.strip()
            previous.end = end if end is not None else previous.end
        else:
            self.drafts.append(_Draft(Role.UNKNOWN, rest.strip(), number, None, start, end))
        self.continuing = True

    def build(self) -> Transcript:
        if not self.labelled:
            raise InputError(
                "no speaker labels found (expected lines like '客服: 您好'); "
                "map other labels with --speaker NAME=agent",
                path=self.path,
            )
        rings = self.fields.get("rings")
        if rings is None:
            rings = next((e.count for e in self.events if e.count is not None), None)
        turns = tuple(
            Turn(
                index=i,
                role=d.role,
                text=d.text,
                start=d.start,
                end=d.end,
                line=d.line,
                speaker=d.speaker,
            )
            for i, d in enumerate(self.drafts)
        )
        return Transcript(
            path=self.path,
            turns=turns,
            events=tuple(self.events),
            call_id=_str_or_none(self.fields.get("call_id")),
            agent_id=_str_or_none(self.fields.get("agent_id")),
            hotline=_str_or_none(self.fields.get("hotline")),
            date=_str_or_none(self.fields.get("date")),
            rings=rings if isinstance(rings, int) else None,
            answer_delay=_float_or_none(self.fields.get("answer_delay")),
            metadata=dict(self.headers),
            format="text",
            pragmas=tuple(self.pragmas),
        )


def split_label(line: str, speakers: SpeakerTable) -> tuple[Role, str, str] | None:
    """``客服: 您好`` → ``(Role.AGENT, "客服", "您好")``; None without a known label.

    A work id in brackets after the label is allowed (``客服(1024):``).
    """
    match = _LABEL.match(line)
    if not match:
        return None
    label = match.group("label").strip()
    role = speakers.role_of(label) or speakers.role_of(_LABEL_SUFFIX.sub("", label))
    return (role, label, match.group("text").strip()) if role is not None else None


def _split_time(line: str) -> tuple[float | None, float | None, str]:
    """Strip a leading ``[start]`` or ``[start-end]`` time stamp."""
    match = _TIME_PREFIX.match(line)
    if not match:
        return None, None, line
    end = match.group("end")
    return (
        parse_timecode(match.group("start")),
        parse_timecode(end) if end else None,
        line[match.end() :],
    )


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
