"""Mask personal numbers in transcripts, results and file paths (``--redact``).

Phone numbers (mobile ``1[3-9]`` + 9 digits; landlines with an area code), ID-card numbers
(18 characters, or the old 15 digits) and 16–19-digit bank-card numbers are masked with
``*``, keeping the first 3 and the last 2–4 digits. Digits may be Arabic, full-width or
Chinese (一三八, 幺, 两, 壹贰叁…), mixed in one number, and spaced, dotted, dashed or comma
separated the way people type them:

>>> redact_text("我的手机是13812345678,身份证110101199003071234")
'我的手机是138****5678,身份证110***********1234'
>>> redact_text("幺三八 一二三四 五六七八")
'幺三八 **** 五六七八'
>>> redact_text("电话一三八1234五六七八,两三天内十一点回电")
'电话一三八****五六七八,两三天内十一点回电'

Masks have the length of what they hide (separators are kept), so every character offset
into a redacted text, in particular :attr:`~scriptcheck.model.Finding.span`, stays valid.
A path is masked the same way (``13812345678_1123.txt`` → ``138****5678_1123.txt``); the
masked transcript remembers where its file really is (:func:`source_path`) so evidence can
still be located in it, but no output shows that path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from scriptcheck.model import Event, Finding, Result, Transcript, Turn
from scriptcheck.numerals import CHINESE_DIGITS

MASK = "*"

#: digit forms beyond the Chinese digits the normaliser reads (numerals.CHINESE_DIGITS: 零 幺
#: 两 洞 …): full-width, financial (壹 贰) and Traditional (兩 參 陸) forms, and an ID card's X
_OTHER_DIGIT_FORMS = {
    "0": "０",
    "1": "１壹",
    "2": "２兩贰貳",
    "3": "３叁參",
    "4": "４肆",
    "5": "５伍",
    "6": "６陆陸",
    "7": "７柒",
    "8": "８捌",
    "9": "９玖",
    "X": "Ｘ",
    "x": "ｘ",
}
#: ``str.translate`` table to the *shadow* text: the same length, every digit form Arabic
_TO_ASCII = str.maketrans(
    {form: digit for digit, forms in _OTHER_DIGIT_FORMS.items() for form in forms} | CHINESE_DIGITS
)
_DIGIT_CHARS = frozenset("0123456789Xx").union(*_OTHER_DIGIT_FORMS.values(), CHINESE_DIGITS)

# The patterns below run on the shadow text, so they only need Arabic digits.
_SPACE = "[ \u00a0\u3000]"
#: between any two digits of a number: spaces, or one dash (spaces around it)
_LOOSE_SEP = f"(?:{_SPACE}{{1,3}}|{_SPACE}?[-－‐‑–—]{_SPACE}?)"
#: between the digit groups of a phone number only (138.1234.5678, 一三八，一二三四…): one
#: dot or comma; anywhere else these make lists and decimals (0.5, 1.5…), not numbers
_GROUP_SEP = f"(?:{_LOOSE_SEP}|{_SPACE}?[.．·,，]{_SPACE}?)"
_S = f"{_LOOSE_SEP}?"
_DATE = "(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"

#: (group name, pattern, digits kept at the end); tried as one alternation, first match wins
_KINDS: tuple[tuple[str, str, int], ...] = (
    # ID card: 17 digits and a check digit or X; grouped 6-8-4 or 6-4-4-4 too.
    ("id_card", f"[0-9]{{6}}{_S}[0-9]{{4}}{_S}[0-9]{{4}}{_S}[0-9]{{3}}[0-9Xx]", 4),
    # Bank card: 16-19 digits, plain, in fours, or a 4-6-digit prefix and the rest.
    (
        "bank_card",
        f"[0-9]{{16,19}}|[3-6][0-9]{{3}}(?:{_LOOSE_SEP}[0-9]{{4}}){{3}}(?:{_S}[0-9]{{1,3}})?"
        f"|[3-6][0-9]{{3}}{_LOOSE_SEP}[0-9]{{12,15}}|[3-6][0-9]{{4}}{_LOOSE_SEP}[0-9]{{11,14}}"
        f"|[3-6][0-9]{{5}}{_LOOSE_SEP}[0-9]{{10,13}}",
        4,
    ),
    # Old ID card: 15 digits, region + YYMMDD + 3 (an order number rarely has a date there).
    ("old_id_card", f"[1-8][0-9]{{7}}{_DATE}[0-9]{{3}}", 4),
    # Mobile: 1[3-9]x xxxx xxxx, spaces or dashes between any two digits, dots or commas
    # between the groups; after +86 too.
    (
        "mobile",
        f"1{_S}[3-9](?:{_S}[0-9]){{9}}|1[3-9][0-9]{_GROUP_SEP}[0-9]{{4}}{_GROUP_SEP}[0-9]{{4}}",
        4,
    ),
    # Landline with area code: 010-12345678, (0571) 8765432, 0571 8765 4321, 0571.87654321.
    (
        "landline",
        f"[(（]?0(?:{_S}[0-9]){{2,3}}[)）]?{_GROUP_SEP}?[0-9](?:{_S}[0-9]){{6,7}}",
        2,
    ),
)
_NUMBERS = re.compile(
    "(?:(?<=86)|(?<![0-9]))(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern, _ in _KINDS)
    + ")(?![0-9])"
)
_KEEP_LAST = {name: keep for name, _, keep in _KINDS}
_KEEP_FIRST = 3


def mask_number(number: str, keep_last: int = 4, keep_first: int = _KEEP_FIRST) -> str:
    """``number`` with every digit but the first ``keep_first`` and last ``keep_last``
    replaced by ``*``; separators and brackets stay where they are.

    >>> mask_number("138-1234-5678")
    '138-****-5678'
    """
    positions = [i for i, char in enumerate(number) if char in _DIGIT_CHARS]
    hidden = set(positions[keep_first : len(positions) - keep_last])
    return "".join(MASK if i in hidden else char for i, char in enumerate(number))


def redact_text(text: str) -> str:
    """``text`` with phone, ID-card and bank-card numbers masked (same length)."""
    if not text:
        return text
    shadow = text.translate(_TO_ASCII)
    pieces: list[str] = []
    done = 0
    for match in _NUMBERS.finditer(shadow):
        start, end = match.span()
        keep_last = _KEEP_LAST[match.lastgroup or ""]
        pieces += [text[done:start], mask_number(text[start:end], keep_last)]
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def redact_path(path: str) -> str:
    """``path`` with the numbers in its folder and file names masked, as in a text."""
    return redact_text(path)


def redact_error(path: str, message: str) -> str:
    """The one-line report of an unreadable file, ``error: PATH: MESSAGE``, masked."""
    return redact_text(f"error: {path}: {message}")


@dataclass(frozen=True)
class RedactedTranscript(Transcript):
    """A masked copy of a transcript, path included. ``source`` is the unmasked path, kept
    only so the file can be read back to locate evidence (:func:`source_path`); no output
    shows it."""

    source: str = ""


def source_path(transcript: Transcript) -> str:
    """Where ``transcript``'s file can be opened: its path, or the real one when masked."""
    return getattr(transcript, "source", "") or transcript.path


def _redact_optional(text: str | None) -> str | None:
    return None if text is None else redact_text(text)


def redact_transcript(transcript: Transcript) -> Transcript:
    """A copy of ``transcript`` whose path, turn texts and speakers, headers, notes and event
    notes are masked. Reports still name the file, with its numbers masked."""
    values = {f.name: getattr(transcript, f.name) for f in fields(Transcript)}
    values.update(
        path=redact_path(transcript.path),
        turns=tuple(_redact_turn(t) for t in transcript.turns),
        events=tuple(_redact_event(e) for e in transcript.events),
        call_id=_redact_optional(transcript.call_id),
        metadata={key: redact_text(value) for key, value in transcript.metadata.items()},
        pragmas=tuple((line, redact_text(text)) for line, text in transcript.pragmas),
        notes=tuple(redact_text(note) for note in transcript.notes),
    )
    return RedactedTranscript(**values, source=source_path(transcript))


def _redact_turn(turn: Turn) -> Turn:
    return replace(turn, text=redact_text(turn.text), speaker=_redact_optional(turn.speaker))


def _redact_event(event: Event) -> Event:
    return event if event.note is None else replace(event, note=redact_text(event.note))


def _redact_finding(
    finding: Finding, turns: dict[int, Turn], originals: dict[int, Turn]
) -> Finding:
    return replace(
        finding,
        message=redact_text(finding.message),
        quote=_redact_quote(finding, turns, originals),
        suggestion=_redact_optional(finding.suggestion),
    )


def _redact_quote(
    finding: Finding, turns: dict[int, Turn], originals: dict[int, Turn]
) -> str | None:
    """The quote cut from the redacted turn when it is the span of the original turn (a
    quote holding only part of a number would not be recognised as a number on its own)."""
    if finding.quote is None:
        return None
    if finding.turn in originals and finding.span is not None:
        start, end = finding.span
        if originals[finding.turn].text[start:end] == finding.quote:
            return turns[finding.turn].text[start:end]
    return redact_text(finding.quote)


def redact_result(result: Result) -> Result:
    """A copy of ``result`` with turn texts, quotes, messages and metadata masked.

    Scores, grades, outcomes and finding spans are unchanged (masks keep lengths).
    """
    transcript = redact_transcript(result.transcript)
    originals = {t.index: t for t in result.transcript.turns}
    turns = {t.index: t for t in transcript.turns}

    def findings(items: tuple[Finding, ...]) -> tuple[Finding, ...]:
        return tuple(_redact_finding(f, turns, originals) for f in items)

    outcomes = tuple(
        replace(o, findings=findings(o.findings), reason=_redact_optional(o.reason))
        for o in result.outcomes
    )
    return replace(
        result,
        transcript=transcript,
        outcomes=outcomes,
        suppressed=findings(result.suppressed),
        notes=tuple(redact_text(n) for n in result.notes),
    )


__all__ = [
    "MASK",
    "RedactedTranscript",
    "mask_number",
    "redact_error",
    "redact_path",
    "redact_result",
    "redact_text",
    "redact_transcript",
    "source_path",
]
