"""Mask personal numbers in transcripts and results (``--redact``).

Phone numbers (mobile ``1[3-9]`` + 9 digits, also spaced, dashed or spoken in Chinese
numerals 一三八…; landlines with an area code), 18-character ID-card numbers and 16–19-digit
bank-card numbers are masked with ``*``, keeping the first 3 and the last 2–4 digits:

>>> redact_text("我的手机是13812345678,身份证110101199003071234")
'我的手机是138****5678,身份证110***********1234'
>>> redact_text("幺三八 一二三四 五六七八")
'幺三八 **** 五六七八'

Masks have the length of what they hide (separators are kept), so every character offset
into a redacted text, in particular :attr:`~scriptcheck.model.Finding.span`, stays valid.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scriptcheck.model import Event, Finding, Result, Transcript, Turn

MASK = "*"

_DIGIT = "[0-9０-９]"
_CN_DIGIT = "[零〇一二三四五六七八九幺两]"
_SEP = "[ \\-－]"  # separators people type inside numbers: space, hyphen, full-width hyphen
_NOT_AFTER_DIGIT = f"(?<!{_DIGIT})"
_NOT_BEFORE_DIGIT = f"(?!{_DIGIT})"

#: (group name, pattern, digits kept at the end); tried as one alternation, earliest first
_KINDS: tuple[tuple[str, str, int], ...] = (
    # ID card: 17 digits and a check digit or X.
    ("id_card", f"{_DIGIT}{{17}}[0-9０-９Xx]", 4),
    # Bank card: 16-19 digits, plain or grouped by four.
    (
        "bank_card",
        f"{_DIGIT}{{16,19}}|(?:{_DIGIT}{{4}}{_SEP}){{3}}{_DIGIT}{{4}}(?:{_SEP}?{_DIGIT}{{1,3}})?",
        4,
    ),
    # Mobile: 1[3-9]x xxxx xxxx, separators allowed between any digits; after +86 too.
    ("mobile", f"[1１][3-9３-９](?:{_SEP}?{_DIGIT}){{9}}", 4),
    # Landline with area code: 010-12345678, (0571) 8765432, 0755 12345678.
    ("landline", f"[(（]?[0０]{_DIGIT}{{2,3}}[)）]?{_SEP}?{_DIGIT}{{7,8}}", 2),
)
_CN_MOBILE = re.compile(
    f"(?<!{_CN_DIGIT})[一幺][三四五六七八九](?:{_SEP}?{_CN_DIGIT}){{9}}(?!{_CN_DIGIT})"
)
_NUMBERS = re.compile(
    f"(?:(?<=86)|{_NOT_AFTER_DIGIT})(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern, _ in _KINDS)
    + f"){_NOT_BEFORE_DIGIT}(?![Xx])"
)
_KEEP_LAST = {name: keep for name, _, keep in _KINDS}
_KEEP_FIRST = 3
_DIGIT_CHARS = frozenset("0123456789０１２３４５６７８９Xx零〇一二三四五六七八九幺两")


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
    masked = _NUMBERS.sub(lambda m: mask_number(m.group(), _KEEP_LAST[m.lastgroup or ""]), text)
    return _CN_MOBILE.sub(lambda m: mask_number(m.group(), 4), masked)


def _redact_optional(text: str | None) -> str | None:
    return None if text is None else redact_text(text)


def redact_transcript(transcript: Transcript) -> Transcript:
    """A copy of ``transcript`` whose turn texts, headers and event notes are masked.

    The path is kept as it is: reports must still name the file it came from.
    """
    return replace(
        transcript,
        turns=tuple(replace(t, text=redact_text(t.text)) for t in transcript.turns),
        events=tuple(_redact_event(e) for e in transcript.events),
        call_id=_redact_optional(transcript.call_id),
        metadata={key: redact_text(value) for key, value in transcript.metadata.items()},
    )


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


__all__ = ["MASK", "mask_number", "redact_result", "redact_text", "redact_transcript"]
