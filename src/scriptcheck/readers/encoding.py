"""Bytes → text: BOMs, UTF-8, GB18030, Big5 and UTF-16, never a crash.

Detection order: an explicit encoding; a byte-order mark; UTF-16 without BOM (NUL bytes in
every other position); strict UTF-8; strict GB18030 when the result looks like Chinese;
then charset-normalizer restricted to Chinese encodings. Short GB text is often mistaken for
Korean by general detectors, hence GB18030 before charset-normalizer.
"""

from __future__ import annotations

import codecs
import re

from scriptcheck.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Characters that do not belong in a Chinese transcript: kana, hangul, Greek, Cyrillic,
# box drawing, private use, accented Latin, rare scripts outside the BMP. Many of them in a
# GB18030 decoding mean the bytes were something else (Big5, Latin-1). Rare ideographs
# (CJK extension A, U+3400…, and B onwards, U+20000…: surnames like 䶮 𠮷) and emoji are
# what GB18030's four-byte codes are for, so they count as Chinese.
_IMPLAUSIBLE = re.compile(
    "[\u00c0-\u024f\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\u3130-\u318f"
    "\uac00-\ud7af\ue000-\uf8ff\U00010000-\U0001efff\U00040000-\U0010ffff]"
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_FALLBACK_ENCODINGS = ["gb18030", "big5", "big5hkscs", "utf_16"]


def decode(data: bytes, *, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a transcript file's bytes; returns ``(text, encoding name)``.

    Raises InputError for empty, binary or undecodable data.
    """
    if not data.strip():
        raise InputError("empty file (nothing to read)", path=path)
    if encoding:
        text, name = _decode_as(data, encoding, path)
    else:
        text, name = _detect(data, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _looks_binary(text):
        raise InputError(_BINARY, path=path)
    if not text.strip():
        raise InputError("empty file (only whitespace)", path=path)
    return text, name


_BINARY = "binary file, not a transcript (it holds control bytes such as NUL)"


def _decode_as(data: bytes, encoding: str, path: str) -> tuple[str, str]:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"unknown encoding {encoding!r}; use e.g. utf-8, gb18030, big5 or utf-16",
            path=path,
        ) from None
    for bom, bom_name in _BOMS:
        if data.startswith(bom) and _family(bom_name) == _family(name):
            name, data = bom_name, data[len(bom) :]
            break
    try:
        return data.decode(name), name
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot decode as {name} (bad byte at offset {exc.start}); "
            "check --encoding or leave it out to detect",
            path=path,
        ) from None


def _family(name: str) -> str:
    """``utf-16-le`` → ``utf-16``, ``utf-8-sig`` → ``utf-8``: encodings that share a BOM."""
    return "-".join(name.split("-")[:2])


def _detect(data: bytes, path: str) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), name
            except UnicodeDecodeError:
                raise InputError(
                    f"undecodable bytes: starts with a {name} byte-order mark but is not valid "
                    f"{name}; re-save it as UTF-8",
                    path=path,
                ) from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(_BINARY, path=path)
        return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    return _ask_charset_normalizer(data, path)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM. ASCII characters (labels, digits, newlines) put a NUL in
    every other byte, which tells the byte order; text that is mostly Chinese has few of them,
    so then the decoded text itself must read as a Chinese transcript."""
    if len(data) % 2:
        return None
    odd_nuls = data[1::2].count(0)
    even_nuls = data[0::2].count(0)
    name = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    ascii_heavy = max(odd_nuls, even_nuls) >= len(data) // 8
    one_sided = min(odd_nuls, even_nuls) <= len(data) // 64
    if _plausible(text) and (ascii_heavy and one_sided or reads_as_text(text)):
        return text, name
    return None


def _ask_charset_normalizer(data: bytes, path: str) -> tuple[str, str]:
    import charset_normalizer  # only files that are neither UTF-8 nor GB18030 get here

    best = charset_normalizer.from_bytes(data, cp_isolation=_FALLBACK_ENCODINGS).best()
    if best is not None:
        text = str(best)
        if _plausible(text):
            return text, codecs.lookup(best.encoding).name
    raise InputError(
        "undecodable bytes: not UTF-8, GB18030, Big5 (or Big5-HKSCS) or UTF-16"
        f"{_first_bad_utf8(data)}; re-save the file as UTF-8 or name its encoding with "
        "--encoding",
        path=path,
    )


def _first_bad_utf8(data: bytes) -> str:
    """Where a file that starts as UTF-8 stops being UTF-8 (stray bytes, two encodings mixed),
    so the user can find the line; empty when it is not UTF-8 from its first line."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("utf-8", errors="replace")
        if line > 1 or text.count("\ufffd") <= max(3, len(text) // 20):
            return f" (it is UTF-8 up to line {line}, byte {exc.start}, which is not)"
    return ""


def _plausible(text: str) -> bool:
    """Whether decoded text could be a Chinese transcript (few foreign-script characters)."""
    if not text:
        return False
    odd = len(_IMPLAUSIBLE.findall(text)) + len(_CONTROL.findall(text))
    return odd <= max(1, len(text) // 50)


def _looks_binary(text: str) -> bool:
    controls = len(_CONTROL.findall(text))
    return "\x00" in text or controls > max(2, len(text) // 100)


# what a Chinese transcript is made of: CJK ideographs, CJK and full-width punctuation, ASCII
_FAMILIAR = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\x20-\x7e]")


def reads_as_text(text: str) -> bool:
    """Whether most of ``text`` (at least 70 % of its non-space characters) is what a Chinese
    transcript is made of. Bytes decoded with the wrong encoding, or binary data behind a
    byte-order mark, give rare scripts and symbols instead."""
    letters = "".join(text.split())
    return len(_FAMILIAR.findall(letters)) >= 0.7 * len(letters)


def misread_hint(data: bytes, text: str, used: str, given: str | None) -> str | None:
    """Why a file that cannot be parsed may have been decoded wrongly, or None: the
    ``--encoding`` given differs from what detection finds, or the text does not read as
    Chinese text (binary data, an unusual encoding)."""
    if given:
        try:
            detected = _detect(data, "")[1]
        except InputError:
            return None
        if _family(detected) == _family(used):
            return None
        return f"--encoding {given} may be wrong: without it the file reads as {detected}"
    if reads_as_text(text):
        return None
    return (
        f"decoded as {used} the file does not read as Chinese text (binary, or an encoding "
        "not detected): if it is a transcript, re-save it as UTF-8 or name its encoding "
        "with --encoding"
    )
