"""The project's own JSON format (one call per file, or an array of calls) and JSONL (one call
per line), plus :func:`transcript_to_dict`, its inverse.

The shape is documented in docs/input-formats.md and as JSON Schema in
``scriptcheck/schemas/transcript.schema.json``. It is checked here by hand so that every
error names the field path (``turns[3].text: expected a string``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any, NoReturn

from scriptcheck.errors import InputError
from scriptcheck.model import Event, EventKind, Role, Transcript, Turn
from scriptcheck.readers.speakers import SpeakerTable, parse_role, strip_format
from scriptcheck.readers.text import split_lines

TYPED_FIELDS = ("call_id", "agent_id", "hotline", "date", "rings", "answer_delay")
_CALL_FIELDS = frozenset(
    (
        *TYPED_FIELDS,
        "metadata",
        "turns",
        "events",
        "pragmas",
        "roles_inferred",
        "path",
        "format",
        "encoding",
        "$schema",
    )
)
_TURN_FIELDS = frozenset(("role", "speaker", "text", "start", "end", "index", "line"))
_EVENT_FIELDS = frozenset(("type", "time", "by", "count", "duration", "after_turn", "note", "line"))
_EVENT_TYPES = {kind.value: kind for kind in EventKind}
_Fail = Callable[[str], NoReturn]  # raises InputError with the file (and JSONL line) in it


class _Fields:
    """Typed access to one JSON object; every error names ``where.field``."""

    def __init__(self, obj: dict[str, Any], where: str, known: frozenset[str], fail: _Fail) -> None:
        self.obj, self.where, self.fail = obj, where, fail
        for key in obj:
            if key not in known:
                self.fail(f"{self.at(key)}: unknown field (known: {', '.join(sorted(known))})")

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, check: Callable[[Any], bool], expected: str) -> Any:
        value = self.obj.get(key)
        if value is not None and not check(value):
            shown = json.dumps(value, ensure_ascii=False)[:40]
            self.fail(f"{self.at(key)}: expected {expected} (got {shown})")
        return value

    def string(self, key: str) -> str | None:
        return self.get(key, lambda v: isinstance(v, str), "a string")

    def ident(self, key: str) -> str | None:
        value = self.get(
            key,
            lambda v: isinstance(v, (str, int)) and not isinstance(v, bool),
            "a string or an integer",
        )
        return None if value is None else str(value)

    def count(self, key: str) -> int | None:
        return self.get(key, lambda v: _is_int(v) and v >= 0, "a whole number >= 0")

    def seconds(self, key: str) -> float | None:
        value = self.get(key, lambda v: _is_number(v) and v >= 0, "a number of seconds >= 0")
        return None if value is None else float(value)

    def role(self, key: str) -> Role | None:
        value = self.string(key)
        if value is None:
            return None
        role = parse_role(value)
        if role is None:
            self.fail(
                f"{self.at(key)}: expected agent, customer or a label such as 客服/客户 "
                f"(got {value!r})"
            )
        return role


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    """A finite JSON number (``1e999`` parses as infinity: not a time or a count)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class PartialReadError(InputError):
    """Some records of a multi-call file (a JSONL line) could not be read, the others could.

    ``transcripts`` are the calls read; ``errors`` one message per bad record, each naming
    its line (``line 2: invalid JSON …``). Callers that cannot use part of a file treat it as
    any :class:`InputError` (its message is the first error, and how many more there are).
    """

    def __init__(
        self, transcripts: list[Transcript], errors: list[str], *, path: str | None
    ) -> None:
        more = f" (and {len(errors) - 1} more bad lines)" if len(errors) > 1 else ""
        super().__init__(errors[0] + more, path=path)
        self.transcripts = transcripts
        self.errors = errors


_FIX_JSON = "fix the file or export it again"
#: how deep objects and arrays may nest (a transcript needs 4 levels; Python's parser and
#: error messages recurse, so a file nested 100,000 deep must be refused, not crash)
MAX_DEPTH = 100
_TOO_DEEP = f"JSON nested too deep (over {MAX_DEPTH} levels); {_FIX_JSON}"


def json_problem(exc: json.JSONDecodeError, *, line: bool = True) -> str:
    """A syntax error as one complete sentence: where it is, what it is, what to do.
    ``Unterminated string starting at`` becomes ``… unterminated string starting there``."""
    what = exc.msg[:1].lower() + exc.msg[1:]
    if what.endswith(" at"):
        what = what[:-3] + " there"
    where = f"line {exc.lineno}, column {exc.colno}" if line else f"column {exc.colno}"
    return f"invalid JSON at {where}: {what}; {_FIX_JSON}"


def load_json(text: str, path: str) -> Any:
    """Parse JSON; a syntax error becomes an InputError naming its line and column, a
    document nested deeper than :data:`MAX_DEPTH` one saying so."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(json_problem(exc), path=path) from None
    except RecursionError:
        raise InputError(_TOO_DEEP, path=path) from None
    except ValueError:  # an integer of over 4300 digits: Python refuses to convert it
        raise InputError(
            f"invalid JSON: a number too long to read; {_FIX_JSON}", path=path
        ) from None
    if _too_deep(document):
        raise InputError(_TOO_DEEP, path=path)
    return document


def _too_deep(document: Any) -> bool:
    """Whether objects and arrays nest deeper than :data:`MAX_DEPTH` (walked without
    recursion, so the check itself cannot overflow the stack)."""
    if not isinstance(document, (dict, list)):
        return False
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= MAX_DEPTH:
                    return True
                pending.append((child, depth + 1))
    return False


def parse_json(text: str, *, path: str, speakers: SpeakerTable) -> list[Transcript]:
    """Read a JSON file: one call object, or an array of call objects."""
    document = load_json(text, path)
    if isinstance(document, list):
        if not document:
            raise InputError("empty JSON array: expected one or more call objects", path=path)
        return [
            _call(item, f"[{i}]", path, speakers, "json", part=i + 1)
            for i, item in enumerate(document)
        ]
    return [_call(document, "", path, speakers, "json")]


def parse_jsonl(text: str, *, path: str, speakers: SpeakerTable) -> list[Transcript]:
    """Read a JSON Lines file: one call object per line; errors name the line.

    A bad line does not lose the others: when some lines are bad, :class:`PartialReadError`
    carries the calls read and one error per bad line (a lone bad line is a plain error).
    """
    calls: list[Transcript] = []
    errors: list[str] = []
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        try:
            calls.append(_jsonl_call(line, number, path, speakers))
        except InputError as exc:
            errors.append(exc.message)
    if errors and (calls or len(errors) > 1):
        raise PartialReadError(calls, errors, path=path)
    if errors:
        raise InputError(errors[0], path=path)
    if not calls:
        raise InputError("empty file (no JSON lines)", path=path)
    return calls


def _jsonl_call(line: str, number: int, path: str, speakers: SpeakerTable) -> Transcript:
    try:
        document = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {number}: {json_problem(exc, line=False)}", path=path) from None
    except RecursionError:
        raise InputError(f"line {number}: {_TOO_DEEP}", path=path) from None
    except ValueError:  # an integer of over 4300 digits
        raise InputError(
            f"line {number}: invalid JSON: a number too long to read; {_FIX_JSON}", path=path
        ) from None
    if _too_deep(document):
        raise InputError(f"line {number}: {_TOO_DEEP}", path=path)
    return _call(document, "", path, speakers, "jsonl", line=number, part=number)


def _call(
    document: Any,
    where: str,
    path: str,
    speakers: SpeakerTable,
    fmt: str,
    line: int | None = None,
    part: int | None = None,
) -> Transcript:
    def fail(message: str) -> NoReturn:
        raise InputError(f"line {line}: {message}" if line else message, path=path)

    if not isinstance(document, dict):
        fail(f"{where or 'top level'}: expected an object with a 'turns' list")
    fields = _Fields(document, where, _CALL_FIELDS, fail)
    raw_turns = fields.get(
        "turns", lambda v: isinstance(v, list) and v != [], "a non-empty list of turns"
    )
    if raw_turns is None:
        fail(f"{fields.at('turns')}: missing (every call needs a list of turns)")
    turns = tuple(
        _turn(item, i, fields.at(f"turns[{i}]"), speakers, fail, line)
        for i, item in enumerate(raw_turns)
    )
    raw_events = fields.get("events", lambda v: isinstance(v, list), "a list of events") or []
    events = tuple(
        _event(item, fields.at(f"events[{i}]"), turns, fail) for i, item in enumerate(raw_events)
    )
    return Transcript(
        path=path,
        turns=turns,
        events=events,
        call_id=fields.ident("call_id"),
        agent_id=fields.ident("agent_id"),
        hotline=fields.ident("hotline"),
        date=fields.string("date"),
        rings=_rings(fields.count("rings"), events),
        answer_delay=fields.seconds("answer_delay"),
        metadata=_metadata(fields),
        format=fmt,
        roles_inferred=bool(
            fields.get("roles_inferred", lambda v: isinstance(v, bool), "true or false")
        ),
        pragmas=_pragmas(fields, fail),
        part=part,
    )


def _rings(rings: int | None, events: tuple[Event, ...]) -> int | None:
    """The ``rings`` field, else the count of the first ring event (as in plain text)."""
    if rings is not None:
        return rings
    return next((e.count for e in events if e.kind is EventKind.RING and e.count is not None), None)


def _metadata(fields: _Fields) -> dict[str, str]:
    """Typed fields as strings, then the ``metadata`` object (values stringified)."""
    metadata = {
        key: _as_text(fields.obj[key]) for key in TYPED_FIELDS if fields.obj.get(key) is not None
    }
    extra = fields.get(
        "metadata",
        lambda v: (
            isinstance(v, dict)
            and all(isinstance(x, (str, bool)) or _is_number(x) for x in v.values())
        ),
        "an object of strings or numbers",
    )
    metadata.update({str(k): _as_text(v) for k, v in (extra or {}).items()})
    return metadata


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _pragmas(fields: _Fields, fail: _Fail) -> tuple[tuple[int, str], ...]:
    raw = fields.get("pragmas", lambda v: isinstance(v, list), "a list of {line, text}") or []
    pragmas = []
    for i, item in enumerate(raw):
        ok = (
            isinstance(item, dict)
            and _is_int(item.get("line"))
            and isinstance(item.get("text"), str)
        )
        if not ok:
            fail(f'{fields.at(f"pragmas[{i}]")}: expected {{"line": N, "text": "disable=…"}}')
        pragmas.append((item["line"], item["text"]))
    return tuple(pragmas)


def _turn(
    item: Any,
    index: int,
    where: str,
    speakers: SpeakerTable,
    fail: _Fail,
    record_line: int | None,
) -> Turn:
    if not isinstance(item, dict):
        fail(f"{where}: expected an object with 'role' or 'speaker' and 'text'")
    fields = _Fields(item, where, _TURN_FIELDS, fail)
    text = fields.string("text")
    if text is None:
        fail(f"{where}.text: missing (expected a string)")
    speaker = fields.string("speaker")
    if speaker is not None:  # a BOM or zero-width space is no part of a label
        speaker = strip_format(speaker).strip()
    role = fields.role("role")
    if role is None:
        if speaker is None:
            fail(f"{where}: missing 'role' (agent/customer) or 'speaker' (a label such as 客服)")
        role = speakers.role_of(speaker) or Role.UNKNOWN
    fields.get("index", _is_int, "an integer")
    line = fields.get("line", lambda v: _is_int(v) and v >= 1, "a line number >= 1")
    start, end = fields.seconds("start"), fields.seconds("end")
    if start is not None and end is not None and end < start:
        fail(f"{where}.end: {end:g} is before start {start:g} (seconds from the call's start)")
    return Turn(
        index=index,
        role=role,
        text=text,
        start=start,
        end=end,
        line=line or record_line,
        speaker=speaker,
    )


def _event(item: Any, where: str, turns: tuple[Turn, ...], fail: _Fail) -> Event:
    if not isinstance(item, dict):
        fail(f"{where}: expected an object with a 'type'")
    fields = _Fields(item, where, _EVENT_FIELDS, fail)
    kind = fields.get("type", lambda v: v in _EVENT_TYPES, f"one of {', '.join(_EVENT_TYPES)}")
    if kind is None:
        fail(f"{where}.type: missing (expected one of {', '.join(_EVENT_TYPES)})")
    time = fields.seconds("time")
    position = fields.get(
        "after_turn",
        lambda v: _is_int(v) and 0 <= v <= len(turns),
        f"a number of turns between 0 and {len(turns)}",
    )
    return Event(
        kind=_EVENT_TYPES[kind],
        position=position if position is not None else _position_at(time, turns),
        time=time,
        by=fields.role("by"),
        count=fields.count("count"),
        duration=fields.seconds("duration"),
        line=fields.get("line", lambda v: _is_int(v) and v >= 1, "a line number >= 1"),
        note=fields.string("note"),
    )


def _position_at(time: float | None, turns: tuple[Turn, ...]) -> int:
    """Where an event without ``after_turn`` goes: after the turns that start before it."""
    if time is None or not any(t.start is not None for t in turns):
        return len(turns)
    return sum(1 for t in turns if t.start is not None and t.start <= time)


def transcript_to_dict(transcript: Transcript) -> dict[str, Any]:
    """The transcript in the project's JSON schema (what ``parse --format json`` prints).

    Reading the result back with the JSON reader gives the same turns and events.
    """
    return {
        "call_id": transcript.call_id,
        "agent_id": transcript.agent_id,
        "hotline": transcript.hotline,
        "date": transcript.date,
        "rings": transcript.rings,
        "answer_delay": transcript.answer_delay,
        "metadata": {k: v for k, v in transcript.metadata.items() if k not in TYPED_FIELDS},
        "turns": [
            {
                "index": t.index,
                "role": t.role.value,
                "speaker": t.speaker,
                "text": t.text,
                "start": t.start,
                "end": t.end,
                "line": t.line,
            }
            for t in transcript.turns
        ],
        "events": [
            {
                "type": e.kind.value,
                "time": e.time,
                "by": e.by.value if e.by else None,
                "count": e.count,
                "duration": e.duration,
                "after_turn": e.position,
                "note": e.note,
                "line": e.line,
            }
            for e in transcript.events
        ],
        "pragmas": [{"line": line, "text": text} for line, text in transcript.pragmas],
        "path": transcript.path,
        "format": transcript.format,
        "encoding": transcript.encoding,
        "roles_inferred": transcript.roles_inferred,
    }
