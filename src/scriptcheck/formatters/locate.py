"""Where a finding is in its source file, and its one-line text: shared by the CI formats.

:class:`SourceLocator` gives a finding's source line and 1-based column (SARIF, GitHub
annotations, the text formats); :func:`finding_text` is its message with the standard phrase
(SARIF, JUnit).
"""

from __future__ import annotations

from scriptcheck.formatters.json import turn_at
from scriptcheck.model import Finding, Result, Transcript
from scriptcheck.readers.text import INLINE_PRAGMA, split_lines
from scriptcheck.redact import MASK, source_path

_MAX_CACHED_FILES = 64


def finding_text(finding: Finding) -> str:
    """The finding's message, then ``应说: …`` with the standard phrase when there is one."""
    if finding.suggestion:
        return f"{finding.message} 应说: {finding.suggestion}"
    return finding.message


class SourceLocator:
    """Finds the source line and 1-based column of a finding's evidence.

    The turn's text offset inside its source line is not in the model, so the source line is
    read back (decoded with the transcript's detected encoding) and the turn's text is looked
    up in it: column = where the turn text starts in the line + the span start + 1. A turn
    continued on following lines (plain text) is followed line by line, so evidence on a
    continuation line gets that line. When the file cannot be read again (stdin, moved,
    changed since) the finding stays on the turn's first line, column 1.
    """

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def position(self, result: Result, finding: Finding) -> tuple[int | None, int]:
        """``(line, column)``: the line is None for findings that point at no line."""
        turn = turn_at(result, finding.turn)
        line = finding.line if finding.line is not None else (turn.line if turn else None)
        if turn is None or turn.line is None or line != turn.line or finding.span is None:
            return line, 1
        lines = self._source(result.transcript)
        if lines is None:
            return line, 1
        follow = result.transcript.format == "text"
        return _locate(lines, turn.line, turn.text, finding.span[0], follow)

    def _source(self, transcript: Transcript) -> list[str] | None:
        path = source_path(transcript)  # the real file, also when --redact masked the path
        if path not in self._lines:
            if len(self._lines) >= _MAX_CACHED_FILES:
                self._lines.pop(next(iter(self._lines)))
            self._lines[path] = _read_lines(path, transcript.encoding)
        return self._lines[path]


def _read_lines(path: str, encoding: str | None) -> list[str] | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    text = data.decode(encoding or "utf-8", errors="replace").lstrip("\ufeff")
    return split_lines(text)


def _locate(lines: list[str], first: int, text: str, offset: int, follow: bool) -> tuple[int, int]:
    """``(line, column)`` of character ``offset`` of a turn's ``text`` that starts on 1-based
    line ``first``; ``(first, 1)`` when the text cannot be found where the turn says.

    With ``follow`` (plain text) the turn may go on over the next lines: each line gives the
    turn the end of the line after its label, time stamp or nothing (a continuation line),
    so the turn's text is matched against the *ends* of its lines, as the text reader built
    it. Blank and ``#`` lines between them give nothing.
    """
    if not 1 <= first <= len(lines):
        return first, 1
    if not follow:
        start = _find_prefix(lines[first - 1], text)
        return (first, start + offset + 1) if start >= 0 else (first, 1)
    number, rest = first, text
    while rest and number <= len(lines):
        line = _spoken_part(lines[number - 1])
        if number > first and (not line.strip() or line.lstrip().startswith("#")):
            number += 1
            continue
        start = _start_of_tail(line, rest)
        if start < 0 and number == first:
            start = len(line)  # a label with the words on the next line ("客服:")
        elif start < 0:
            return first, 1
        taken = len(line) - start
        if offset < taken:
            return number, start + offset + 1
        offset -= taken
        rest = rest[taken:]
        number += 1
    return first, 1


def _spoken_part(line: str) -> str:
    """The line without a trailing ``# scriptcheck: …`` comment and trailing blanks."""
    pragma = INLINE_PRAGMA.search(line)
    return (line[: pragma.start()] if pragma else line).rstrip()


def _start_of_tail(line: str, text: str) -> int:
    """The first position in ``line`` from which the rest of the line is the beginning of
    ``text`` (a ``*`` redaction mask in ``text`` stands for any character); -1 if none."""
    masked = MASK in text
    for start in range(len(line)):
        tail = line[start:]
        if len(tail) > len(text):
            continue
        head = text[: len(tail)]
        if tail == head or (masked and _same_unmasked(tail, head)):
            return start
    return -1


def _same_unmasked(line_part: str, text_part: str) -> bool:
    return all(t in (MASK, c) for c, t in zip(line_part, text_part, strict=True))


def _find_prefix(line: str, text: str) -> int:
    """Where ``text`` (its first few characters, up to a redaction mask) starts in ``line``."""
    prefix = text[:12].split(MASK, 1)[0]
    return line.find(prefix) if prefix else -1


__all__ = ["SourceLocator", "finding_text"]
