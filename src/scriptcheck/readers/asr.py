"""Speech-recogniser output: the sentence lists Chinese cloud ASR services return.

Alibaba-style ``{"Sentences": [{"ChannelId": 0, "BeginTime": 1200, "EndTime": 3400,
"Text": "…"}]}``, also nested under ``Result`` or ``flash_result`` (the fast recogniser), with lower-case or snake_case keys, or with
``SpeakerId`` instead of ``ChannelId``. Times are milliseconds; turns get seconds. Each
sentence becomes one turn, in order of begin time.

Roles come from a channel map (``0=agent,1=customer``); without one they are inferred: the
channel whose first sentence greets and states a work id is the agent, else the channel that
speaks first; the transcript is then marked ``roles_inferred``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from scriptcheck.errors import InputError
from scriptcheck.model import Role, Transcript, Turn
from scriptcheck.readers.jsonfmt import load_json
from scriptcheck.readers.speakers import SeenLabels, label_key, parse_role, require_agent

_GREETING = re.compile(r"您好|你好|早上好|上午好|中午好|下午好|晚上好")
_WORK_ID = re.compile(r"工号|[0-9０-９零〇一二三四五六七八九幺]+\s*号|坐席号|座席号")


@dataclass(frozen=True)
class Sentence:
    channel: int
    begin: float
    end: float | None
    text: str


# Where a sentence list may sit, keys compared without case and underscores.
_NESTING = ("result", "flashresult")
# Top-level keys recognisers put in their responses; a JSON file with these and no "turns" is
# recogniser output, even in a layout this reader does not know.
_RECOGNISER_KEYS = frozenset(
    ("requestid", "taskid", "result", "sentences", "flashresult", "statustext", "statuscode")
)
SUPPORTED_LAYOUTS = (
    '{"Sentences": [...]}, {"Result": {"Sentences": [...]}}, '
    '{"flash_result": {"sentences": [...]}} or a list of {"Text", "BeginTime"} objects'
)


def sentences_of(document: Any) -> tuple[list[Any], str] | None:
    """The raw sentence list and its field path, or None if this is not ASR output.

    Layouts: ``Sentences``, ``Result.Sentences`` and Alibaba's fast recogniser's
    ``flash_result.sentences``, keys in any case, or a top-level list of sentences.
    """
    if isinstance(document, dict):
        for key in ("Sentences", "sentences"):
            if key in document:
                return document[key], key
        for key, inner in document.items():
            if _key(key) in _NESTING and isinstance(inner, dict):
                found = sentences_of(inner)
                if found is not None:
                    return found[0], f"{key}.{found[1]}"
    if isinstance(document, list) and document and isinstance(document[0], dict):
        keys = {_key(k) for k in document[0]}
        if {"text", "begintime"} <= keys:
            return document, "top level"
    return None


def _key(name: str) -> str:
    return name.replace("_", "").lower()


def looks_like_recogniser_output(document: Any) -> bool:
    """A JSON object without ``turns`` whose keys are a recogniser's (RequestId, TaskId…)."""
    return (
        isinstance(document, dict)
        and "turns" not in document
        and any(_key(k) in _RECOGNISER_KEYS for k in document if isinstance(k, str))
    )


def _unsupported(document: Any, path: str) -> InputError:
    """The error for JSON read as recogniser output with no sentence list where expected."""
    if looks_like_recogniser_output(document):
        keys = ", ".join(list(document)[:6])
        return InputError(
            f"looks like speech-recogniser output (keys: {keys}) in a layout scriptcheck does "
            f"not read; supported: {SUPPORTED_LAYOUTS}, read with --input-format asr; "
            "convert it to one of these or to scriptcheck JSON with 'turns'",
            path=path,
        )
    return InputError(
        f"not speech-recogniser output: no sentence list found; --input-format asr reads "
        f"{SUPPORTED_LAYOUTS}",
        path=path,
    )


def parse_asr(text: str, *, path: str, channel_map: Mapping[int, Role] | None) -> list[Transcript]:
    """Read recogniser output into one transcript."""
    document = load_json(text, path)
    found = sentences_of(document)
    if found is None:
        raise _unsupported(document, path)
    sentences, note = _seconds_not_milliseconds(_sentences(found[0], found[1], path))
    if channel_map:
        roles, inferred = _mapped_roles(_channels(sentences), channel_map, path), False
    else:
        roles, inferred = infer_roles(sentences, path), True
    turns = tuple(
        Turn(
            index=i,
            role=roles[s.channel],
            text=s.text,
            start=s.begin,
            end=s.end,
            speaker=f"channel {s.channel}",
        )
        for i, s in enumerate(sentences)
    )
    if channel_map:
        seen = SeenLabels()
        for channel, role in roles.items():
            seen.note(str(channel), None if role is Role.UNKNOWN else role)
        require_agent(roles.values(), seen, path=path, channels=True)
    return [
        Transcript(
            path=path,
            turns=turns,
            format="asr",
            roles_inferred=inferred,
            notes=() if note is None else (note,),
        )
    ]


def _sentences(raw: Any, where: str, path: str) -> list[Sentence]:
    if not isinstance(raw, list):
        raise InputError(f"{where}: expected a list of sentences", path=path)
    sentences = [_sentence(item, f"{where}[{i}]", path) for i, item in enumerate(raw)]
    sentences = [s for s in sentences if s.text.strip()]
    if not sentences:
        raise InputError(f"{where}: no sentences with text", path=path)
    return sorted(sentences, key=lambda s: s.begin)


def _sentence(item: Any, where: str, path: str) -> Sentence:
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected an object with Text and BeginTime", path=path)
    fields = {_key(k): (k, v) for k, v in item.items()}

    def number(*names: str, required: bool) -> float | None:
        for name in names:
            if name in fields:
                key, value = fields[name]
                number = _as_number(value)
                if number is not None and number >= 0:
                    return number
                raise InputError(
                    f"{where}.{key}: expected a number >= 0 (milliseconds for times), "
                    f"not {value!r}",
                    path=path,
                )
        if required:
            raise InputError(f"{where}.{names[0].title()}: missing", path=path)
        return None

    text_key, text = fields.get("text", ("Text", None))
    if not isinstance(text, str):
        raise InputError(f"{where}.{text_key}: expected a string", path=path)
    channel = number("channelid", "channel", "speakerid", "spk", required=False) or 0
    begin = number("begintime", "begin", "starttime", "start", required=True)
    end = number("endtime", "end", required=False)
    return Sentence(
        channel=int(channel),
        begin=round(float(begin or 0) / 1000, 3),
        end=round(end / 1000, 3) if end is not None else None,
        text=text.strip(),
    )


def _as_number(value: Any) -> float | None:
    """A JSON number, or a string holding one (some services write ``"BeginTime": "1200"``);
    None for anything else, infinities and NaN included."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return value
    return None


# Nobody says more than this many characters a second; 120 a minute is 2.
_FASTEST_SPEECH = 20


def _seconds_not_milliseconds(sentences: list[Sentence]) -> tuple[list[Sentence], str | None]:
    """Recogniser times are milliseconds. When reading them so would make the call impossibly
    fast and reading them as seconds would not, the export wrote seconds: scale them, and say
    so in a note."""
    last = max(max(s.begin, s.end or 0) for s in sentences)
    span = last - min(s.begin for s in sentences)
    characters = sum(len(s.text) for s in sentences)
    if span <= 0 or characters / span <= _FASTEST_SPEECH:
        return sentences, None
    if characters / (span * 1000) > _FASTEST_SPEECH:
        return sentences, None  # too fast either way: leave the times as written
    scaled = [
        replace(s, begin=s.begin * 1000, end=None if s.end is None else s.end * 1000)
        for s in sentences
    ]
    note = (
        f"times read as seconds, not milliseconds: as milliseconds the {characters} characters "
        f"would be spoken in {span:.3f} s"
    )
    return scaled, note


def _channels(sentences: list[Sentence]) -> list[int]:
    """Channels in order of first speech."""
    return list(dict.fromkeys(s.channel for s in sentences))


def _mapped_roles(
    channels: list[int], channel_map: Mapping[int, Role], path: str
) -> dict[int, Role]:
    """Each channel's role from ``--channel-map``; a channel the map leaves out is an error
    (its speech would silently count for nobody)."""
    missing = [c for c in channels if c not in channel_map]
    if missing:
        which = (
            f"channel {missing[0]} is"
            if len(missing) == 1
            else (f"channels {', '.join(map(str, missing))} are")
        )
        present = ", ".join(str(c) for c in sorted(channels))
        raise InputError(
            f"{which} not in --channel-map (channels present: {present}); "
            f"map every channel, e.g. --channel-map {_suggested_map(sorted(channels), channel_map)}",
            path=path,
        )
    return {c: channel_map[c] for c in channels}


def _suggested_map(channels: list[int], channel_map: Mapping[int, Role]) -> str:
    """``0=客服,1=客户``: the given roles kept, the missing channels filled in (the agent
    first if no mapped channel is the agent, then customers)."""
    roles = {c: channel_map[c] for c in channels if c in channel_map}
    for channel in channels:
        if channel not in roles:
            agent_taken = Role.AGENT in roles.values()
            roles[channel] = Role.CUSTOMER if agent_taken else Role.AGENT
    return ",".join(f"{c}={roles[c].label}" for c in channels)


def infer_roles(sentences: list[Sentence], path: str) -> dict[int, Role]:
    """Agent = the channel whose first sentence greets and gives a work id, else the first
    channel to speak; every other channel is the customer."""
    channels = _channels(sentences)
    if len(channels) < 2:
        raise InputError(
            f"all sentences are on one channel ({channels[0]}), so roles cannot be inferred; "
            "pass --channel-map (e.g. 0=agent) or use dual-channel recognition",
            path=path,
        )
    first = {c: next(s.text for s in sentences if s.channel == c) for c in channels}
    agent = next(
        (
            c
            for c in channels
            if _GREETING.search(label_key(first[c])) and _WORK_ID.search(label_key(first[c]))
        ),
        channels[0],
    )
    return {c: Role.AGENT if c == agent else Role.CUSTOMER for c in channels}


def parse_channel_map(spec: str) -> dict[int, Role]:
    """``"0=agent,1=customer"`` (also ``0=客服,1=客户``, ``；``/``，`` separators) → a map.

    Raises InputError naming the bad part.
    """
    mapping: dict[int, Role] = {}
    for part in re.split(r"[,，;；]+", spec.strip()):
        part = part.strip()
        if not part:
            continue
        pieces = re.split(r"[=:：]", part, maxsplit=1)
        if len(pieces) != 2 or not re.fullmatch(r"[0-9]+", pieces[0].strip()):
            raise InputError(
                f"bad channel map entry {part!r}: expected CHANNEL=ROLE, e.g. 0=agent,1=customer"
            )
        channel, role_name = pieces
        role = parse_role(role_name.strip())
        if role is None:
            raise InputError(
                f"bad channel map entry {part!r}: role must be agent, customer, 客服 or 客户"
            )
        mapping[int(channel)] = role
    if not mapping:
        raise InputError("empty channel map: expected e.g. 0=agent,1=customer")
    return mapping
