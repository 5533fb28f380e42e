"""Readers: every input format becomes a list of :class:`~scriptcheck.model.Transcript`.

>>> from scriptcheck.readers import read_text
>>> read_text("客服:您好,工号1024。\\n客户:我家停电了。")[0].turns[1].role
<Role.CUSTOMER: 'customer'>

One module per format (text, jsonfmt, asr, subtitles, table); ``encoding`` turns bytes into
text, ``detect`` picks the format, ``speakers`` maps labels to roles. Every failure is an
:class:`~scriptcheck.errors.InputError` naming the file and the problem (a
:class:`PartialReadError` when a JSONL file's other lines were read).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from scriptcheck.errors import InputError
from scriptcheck.model import Role, Transcript
from scriptcheck.readers.asr import parse_asr, parse_channel_map
from scriptcheck.readers.detect import EXTENSION_FORMATS, detect_format
from scriptcheck.readers.encoding import decode, misread_hint
from scriptcheck.readers.jsonfmt import (
    PartialReadError,
    parse_json,
    parse_jsonl,
    transcript_to_dict,
)
from scriptcheck.readers.speakers import SeenLabels, SpeakerTable, parse_role, require_agent
from scriptcheck.readers.subtitles import parse_subtitles
from scriptcheck.readers.table import parse_table
from scriptcheck.readers.text import parse_text

__all__ = [
    "FORMATS",
    "NOT_A_REGULAR_FILE",
    "SUPPORTED_EXTENSIONS",
    "PartialReadError",
    "ReadOptions",
    "parse_channel_map",
    "parse_role",
    "read_bytes",
    "read_file",
    "read_text",
    "transcript_to_dict",
]

FORMATS: tuple[str, ...] = ("text", "json", "jsonl", "asr", "srt", "vtt", "csv", "tsv")
SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(EXTENSION_FORMATS)
_MB = 1024 * 1024
#: a device such as /dev/zero, a socket, or a FIFO inside a folder: reading may never end
NOT_A_REGULAR_FILE = "not a regular file (a FIFO, device or socket); give transcript files"


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file; every field defaults to detection / built-in behaviour."""

    input_format: str | None = None  # one of FORMATS; None = detect
    encoding: str | None = None  # None = detect
    channel_map: Mapping[int, Role] | None = None  # ASR: channel id -> role
    speaker_aliases: Mapping[str, Role] = field(default_factory=dict)  # extra label -> role
    max_bytes: int = 5 * _MB


DEFAULT_OPTIONS = ReadOptions()


def read_file(
    path: str | os.PathLike[str], options: ReadOptions = DEFAULT_OPTIONS
) -> list[Transcript]:
    """Read one transcript file (a CSV or JSONL file may hold several calls).

    Raises :class:`InputError`; :class:`PartialReadError` (a subclass) when only some calls
    of a JSONL file could be read: it carries those calls and one error per bad line."""
    name = os.fspath(path)
    data = _read_bytes_from_disk(name, options.max_bytes)
    return read_bytes(data, path=name, options=options)


def read_bytes(
    data: bytes, *, path: str, options: ReadOptions = DEFAULT_OPTIONS
) -> list[Transcript]:
    """Decode and parse a file's content; ``path`` names it in transcripts and errors."""
    _check_size(len(data), options.max_bytes, path)
    try:
        text, encoding = decode(data, path=path, encoding=options.encoding)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a reader must only ever raise InputError
        raise InputError(f"cannot decode: {type(exc).__name__}: {exc}", path=path) from exc
    try:
        transcripts = _parse(text, path, options)
    except PartialReadError as exc:
        exc.transcripts = [replace(t, encoding=encoding) for t in exc.transcripts]
        raise
    except InputError as exc:
        hint = misread_hint(data, text, encoding, options.encoding)
        if hint is None:
            raise
        raise InputError(f"{hint}; as decoded: {exc.message}", path=path) from None
    return [replace(t, encoding=encoding) for t in transcripts]


def read_text(
    text: str, *, path: str = "<string>", options: ReadOptions = DEFAULT_OPTIONS
) -> list[Transcript]:
    """Parse already-decoded text (``Transcript.encoding`` stays None)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("empty file (nothing to read)", path=path)
    return _parse(text, path, options)


def _parse(text: str, path: str, options: ReadOptions) -> list[Transcript]:
    fmt = options.input_format
    if fmt is not None and fmt not in FORMATS:
        raise InputError(
            f"unknown input format {fmt!r}; choose one of {', '.join(FORMATS)}", path=path
        )
    try:
        fmt = fmt or detect_format(path, text)
        return _parse_as(fmt, text, path, options)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a reader must only ever raise InputError
        raise InputError(
            f"cannot read as {fmt or 'a transcript'}: {type(exc).__name__}: {exc}; "
            "please report this file to the scriptcheck maintainers",
            path=path,
        ) from exc


@lru_cache(maxsize=8)
def _speaker_table(aliases: tuple[tuple[str, Role], ...]) -> SpeakerTable:
    """One table per set of aliases for the whole batch: building one converts every built-in
    label, and the labels a file resolves are remembered for the next files."""
    return SpeakerTable(dict(aliases))


def _parse_as(fmt: str, text: str, path: str, options: ReadOptions) -> list[Transcript]:
    speakers = _speaker_table(tuple(options.speaker_aliases.items()))
    if fmt == "text":
        return parse_text(text, path=path, speakers=speakers)
    if fmt == "asr":
        return parse_asr(text, path=path, channel_map=options.channel_map)
    if fmt == "json":
        found = parse_json(text, path=path, speakers=speakers)
    elif fmt == "jsonl":
        found = parse_jsonl(text, path=path, speakers=speakers)
    elif fmt in ("srt", "vtt"):
        found = parse_subtitles(text, path=path, speakers=speakers, fmt=fmt)
    else:  # the table readers check this themselves, per call
        return parse_table(
            text, path=path, speakers=speakers, fmt=fmt, channel_map=options.channel_map
        )
    for transcript in found:
        _require_agent_if_misread(transcript, speakers, path, several=len(found) > 1)
    return found


def _require_agent_if_misread(
    transcript: Transcript, speakers: SpeakerTable, path: str, *, several: bool
) -> None:
    """A JSON or subtitle call whose speaker labels were not all recognised and that has no
    agent turn is misread (坐席A, say), never a clean call. A call whose roles are all known
    stays valid even without an agent: JSON can say so explicitly."""
    roles = [turn.role for turn in transcript.turns]
    if Role.UNKNOWN not in roles:
        return
    seen = SeenLabels()
    for turn in transcript.turns:
        if turn.speaker:
            seen.note(turn.speaker, speakers.role_of(turn.speaker))
    where = f"call {transcript.call_id}: " if several and transcript.call_id else ""
    require_agent(roles, seen, path=path, where=where)


def _read_bytes_from_disk(path: str, max_bytes: int) -> bytes:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(
                "is a directory, not a transcript file; pass the files inside it", path=path
            )
        if stat.S_ISFIFO(info.st_mode):
            return _read_pipe(path, max_bytes)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(NOT_A_REGULAR_FILE, path=path)
        _check_size(info.st_size, max_bytes, path)
        # O_NONBLOCK: a FIFO put in the file's place since the stat cannot block the open
        with open(path, "rb", opener=_open_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(NOT_A_REGULAR_FILE, path=path)
            # read(n) allocates n bytes up front: ask for the size stat gave (one more byte
            # shows a file that grew since), not for the limit (40 µs a file at 5 MB)
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(max_bytes + 1 - len(data))
            return data
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("file not found; check the path", path=path) from None
    except PermissionError:
        raise InputError(
            "cannot read file (permission denied); check its permissions", path=path
        ) from None
    except IsADirectoryError:
        raise InputError(
            "is a directory, not a transcript file; pass the files inside it", path=path
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None


def _read_pipe(path: str, max_bytes: int) -> bytes:
    """A pipe named on the command line (``<(zcat call.txt.gz)``, /dev/stdin): opened without
    waiting for a writer, so a named pipe nobody writes to reads as empty instead of hanging
    the run, then read up to the size limit. Folder search never opens pipes."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    os.set_blocking(fd, True)
    with open(fd, "rb") as handle:
        data = handle.read(max_bytes + 1)
    _check_size(len(data), max_bytes, path)
    return data


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _check_size(size: int, max_bytes: int, path: str) -> None:
    if size > max_bytes:
        raise InputError(
            f"file is {_human(size)}, over the {_human(max_bytes, trim=True)} limit; "
            "raise it with --max-size",
            path=path,
        )


def _human(size: int, *, trim: bool = False) -> str:
    """``7549747`` → ``7.2 MB``; small sizes in KB; ``trim`` drops a trailing ``.0``."""
    value, unit = (size / _MB, "MB") if size >= _MB // 10 else (size / 1024, "KB")
    text = f"{value:.1f}"
    if trim and text.endswith(".0"):
        text = text[:-2]
    return f"{text} {unit}"
