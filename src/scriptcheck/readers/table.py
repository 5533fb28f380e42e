"""CSV / TSV exports: one utterance per row, under a header row naming the columns.

Columns are found by name (speaker/role/说话人/角色, text/content/内容/文本, start, end,
call_id/通话编号, and agent_id/hotline/date like the text headers). Rows of several calls give
several transcripts, in order of first appearance; a row with an empty call id continues the
call above it. Times are seconds or time codes (``00:01:02.5``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scriptcheck.errors import InputError
from scriptcheck.model import Role, Transcript, Turn
from scriptcheck.readers.speakers import (
    SeenLabels,
    SpeakerTable,
    label_key,
    require_agent,
    strip_format,
)
from scriptcheck.readers.text import header_field
from scriptcheck.readers.timecode import parse_seconds

_COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "speaker": ("speaker", "role", "spk", "说话人", "角色", "发言人", "讲话人", "说话方"),
    "text": ("text", "content", "utterance", "sentence", "内容", "文本", "话术", "对话内容"),
    "start": ("start", "begin", "start_time", "begin_time", "time", "timestamp", "开始")
    + ("开始时间", "起始时间", "起始", "开始时刻", "时间", "时间戳", "时间点", "时刻", "发言时间"),
    "end": ("end", "end_time", "stop", "stop_time", "结束", "结束时间", "终止时间", "结束时刻"),
}
# A date before a cell's time (2024-11-23 13:02:01): the time of day is what is read.
_DATE_PREFIX = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[\sT]+|$)")
_NO_TIME_NOTE = (
    "no start-time column (时间, 开始时间 or start), so rules on timing were not applicable; "
    "add one to check response times"
)


def column_kind(name: str) -> str | None:
    """What a header cell names: speaker, text, start, end, call_id, agent_id, hotline, date."""
    key = label_key(name).replace(" ", "_")
    for kind, names in _COLUMN_NAMES.items():
        if key in names:
            return kind
    found = header_field(name)
    return found if found in ("call_id", "agent_id", "hotline", "date") else None


def looks_like_header(first_line: str, delimiter: str) -> bool:
    """Whether a first line is a header row with speaker and text columns (format sniffing)."""
    kinds = {column_kind(cell) for cell in first_line.split(delimiter)}
    return {"speaker", "text"} <= kinds


@dataclass
class _Call:
    call_id: str | None
    turns: list[Turn] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    seen: SeenLabels = field(default_factory=SeenLabels)
    label_agent_id: str | None = None  # 1024 from a 坐席[1024] speaker cell


def parse_table(
    text: str,
    *,
    path: str,
    speakers: SpeakerTable,
    fmt: str,
    channel_map: Mapping[int, Role] | None = None,
) -> list[Transcript]:
    """Read a CSV (``fmt="csv"``) or TSV (``fmt="tsv"``) export."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if fmt == "tsv" else ",")
    try:
        return _read_rows(reader, path, speakers, fmt, channel_map)
    except csv.Error as exc:
        raise InputError(
            f"line {reader.line_num}: bad {fmt.upper()} row: {exc}", path=path
        ) from None


def _read_rows(
    reader: Any,
    path: str,
    speakers: SpeakerTable,
    fmt: str,
    channel_map: Mapping[int, Role] | None,
) -> list[Transcript]:
    header = next(reader, None)
    columns = {column_kind(cell): i for i, cell in reversed(list(enumerate(header or [])))}
    columns.pop(None, None)
    if "speaker" not in columns or "text" not in columns:
        # a quoted header cell may hold a line break; the message must stay on one line
        found = ", ".join(" ".join(c.split()) for c in header or []) or "nothing"
        raise InputError(
            f"line 1: header row needs a speaker column and a text column "
            f"(e.g. speaker,text or 说话人,内容); found: {found}",
            path=path,
        )
    calls: dict[str | None, _Call] = {}
    current: _Call | None = None
    recognised = False
    while True:
        number = reader.line_num + 1
        row = next(reader, None)
        if row is None:
            break
        cell = _cells(row, columns)
        if not any(row) or not cell("text"):
            continue
        call_id = cell("call_id") or (current.call_id if current else None)
        current = calls.setdefault(call_id, _Call(call_id))
        role, work_id = _role(cell("speaker"), speakers, channel_map)
        recognised |= role is not Role.UNKNOWN
        current.seen.note(cell("speaker"), None if role is Role.UNKNOWN else role)
        if role is Role.AGENT and work_id and current.label_agent_id is None:
            current.label_agent_id = work_id
        current.turns.append(
            Turn(
                index=len(current.turns),
                role=role,
                text=cell("text"),
                start=_time(cell("start"), "start", number, path),
                end=_time(cell("end"), "end", number, path),
                line=number,
                speaker=cell("speaker") or None,
            )
        )
        for info in ("agent_id", "hotline", "date"):
            if cell(info):
                current.info.setdefault(info, cell(info))
    if not calls:
        raise InputError("no rows with text under the header row", path=path)
    if not recognised:
        seen = SeenLabels()
        for call in calls.values():
            for label, known in call.seen.labels.items():
                seen.note(label, known)
        raise InputError(
            "no speaker labels recognised in the speaker column (expected 客服/客户, agent/"
            f"customer…){seen.listing()}; {seen.fix(channels=True)}",
            path=path,
        )
    for call in calls.values():
        where = f"call {call.call_id}: " if len(calls) > 1 and call.call_id else ""
        require_agent(
            (t.role for t in call.turns), call.seen, path=path, where=where, channels=True
        )
    notes = () if "start" in columns else (_NO_TIME_NOTE,)
    return [_transcript(call, path, fmt, notes) for call in calls.values()]


def _cells(row: list[str], columns: dict[str | None, int]) -> Callable[[str], str]:
    """A lookup of this row's cell by column kind ("" when the column is absent). Format
    characters (a BOM, a zero-width space) are left out of every cell but the text."""

    def cell(kind: str) -> str:
        index = columns.get(kind)
        if index is None or index >= len(row):
            return ""
        return row[index].strip() if kind == "text" else strip_format(row[index]).strip()

    return cell


def _role(
    label: str, speakers: SpeakerTable, channel_map: Mapping[int, Role] | None
) -> tuple[Role, str | None]:
    """The role a speaker cell names and the work id written with it (坐席[1024] → 1024)."""
    if channel_map and label.isascii() and label.isdigit():
        return channel_map.get(int(label), Role.UNKNOWN), None
    found = speakers.parse(label) if label else None
    if found is None:
        return Role.UNKNOWN, None
    work_id = found.work_id if found.work_id and any(c.isdigit() for c in found.work_id) else None
    return found.role, work_id


def _time(value: str, column: str, number: int, path: str) -> float | None:
    if not value:
        return None
    seconds = parse_seconds(_DATE_PREFIX.sub("", value))
    if seconds is None:
        raise InputError(
            f"line {number}: column {column!r}: expected seconds or a time like 00:01:02.5 "
            f"(got {value!r})",
            path=path,
        )
    return seconds


def _transcript(call: _Call, path: str, fmt: str, notes: tuple[str, ...]) -> Transcript:
    metadata = {"call_id": call.call_id} if call.call_id else {}
    metadata.update(call.info)
    return Transcript(
        path=path,
        turns=tuple(call.turns),
        call_id=call.call_id,
        agent_id=call.info.get("agent_id", call.label_agent_id),
        hotline=call.info.get("hotline"),
        date=call.info.get("date"),
        metadata=metadata,
        format=fmt,
        notes=notes,
    )
