"""Which format a file is in: from the extension first, then by sniffing the content."""

from __future__ import annotations

import json
import os
import re

from scriptcheck.readers.asr import looks_like_recogniser_output, sentences_of
from scriptcheck.readers.table import looks_like_header

EXTENSION_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".srt": "srt",
    ".vtt": "vtt",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
}
# Extensions that settle the format; .json (own schema or ASR?) and .txt are sniffed.
_DECISIVE = frozenset(("jsonl", "srt", "vtt", "csv", "tsv"))
_SRT_TIMING = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")


def detect_format(path: str, text: str) -> str:
    """The format name for ``text`` read from ``path`` (one of readers.FORMATS)."""
    by_extension = EXTENSION_FORMATS.get(os.path.splitext(path)[1].lower())
    if by_extension in _DECISIVE:
        return by_extension
    if by_extension == "json":
        return _sniff_json(text) or "json"
    return sniff_content(text)


def sniff_content(text: str) -> str:
    """The format the content looks like, for files whose extension does not say."""
    head = text.lstrip()
    if head.startswith(("{", "[")):
        found = _sniff_json(text)
        if found:
            return found
        if head.startswith("{"):
            return "json"  # broken JSON: let the JSON reader report line and column
    lines = [line for line in head.splitlines()[:3] if line.strip()]
    if not lines:
        return "text"
    if lines[0].startswith("WEBVTT"):
        return "vtt"
    if lines[0].strip().isdigit() and len(lines) > 1 and _SRT_TIMING.match(lines[1]):
        return "srt"
    if "\t" in lines[0] and looks_like_header(lines[0], "\t"):
        return "tsv"
    if looks_like_header(lines[0], ","):
        return "csv"
    return "text"


def _sniff_json(text: str) -> str | None:
    """``asr``, ``json`` or ``jsonl`` when the text parses as such, else None."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        first = next((line for line in text.splitlines() if line.strip()), "")
        try:
            return "jsonl" if isinstance(json.loads(first), dict) else None
        except (ValueError, RecursionError):
            return None
    if sentences_of(document) is not None or looks_like_recogniser_output(document):
        return "asr"  # an unknown recogniser layout: the ASR reader names the supported ones
    if isinstance(document, dict) or (
        isinstance(document, list) and document and isinstance(document[0], dict)
    ):
        return "json"
    return None
