"""scriptcheck: rule-based compliance checking for Chinese call-center transcripts.

The library API the command line wraps::

    import scriptcheck
    book = scriptcheck.load_rulebook("power")          # packs by name, or YAML paths
    for transcript in scriptcheck.load_transcript("call.txt"):
        result = scriptcheck.check(transcript, book)
        print(result.score, result.grade, [f.rule_id for f in result.findings])

Text instead of files: ``read_text("客服: 您好…")`` and ``rulebook_from_yaml("extends: core…")``;
``result_to_dict(result)`` is the JSON the ``--format json`` output holds per call.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "check",
    "compile_rulebook",
    "load_rulebook",
    "load_transcript",
    "read_text",
    "result_to_dict",
    "rulebook_from_yaml",
    "Result",
    "Transcript",
]

if TYPE_CHECKING:
    from scriptcheck.engine import check, compile_rulebook
    from scriptcheck.formatters.json import result_to_dict
    from scriptcheck.model import Result, Transcript
    from scriptcheck.readers import ReadOptions
    from scriptcheck.rulebook.loader import load_rulebook, rulebook_from_yaml

# Imported on first use, so `scriptcheck --help` does not pay for jieba and OpenCC.
_LAZY = {
    "check": ("scriptcheck.engine", "check"),
    "compile_rulebook": ("scriptcheck.engine", "compile_rulebook"),
    "load_rulebook": ("scriptcheck.rulebook.loader", "load_rulebook"),
    "rulebook_from_yaml": ("scriptcheck.rulebook.loader", "rulebook_from_yaml"),
    "result_to_dict": ("scriptcheck.formatters.json", "result_to_dict"),
    "Result": ("scriptcheck.model", "Result"),
    "Transcript": ("scriptcheck.model", "Transcript"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'scriptcheck' has no attribute {name!r}")
    from importlib import import_module

    module, attr = _LAZY[name]
    value = getattr(import_module(module), attr)
    globals()[name] = value
    return value


def load_transcript(
    path: str | os.PathLike[str], options: ReadOptions | None = None
) -> list[Transcript]:
    """The calls of one transcript file (a CSV or JSONL file may hold several).

    Raises :class:`~scriptcheck.errors.InputError`; transcript text given instead of a path
    is pointed to :func:`read_text`."""
    from scriptcheck.errors import InputError
    from scriptcheck.readers import DEFAULT_OPTIONS, read_file

    if isinstance(path, str) and "\n" in path:
        first = path.strip().splitlines()[0][:30] if path.strip() else ""
        raise InputError(
            f"load_transcript() takes a file path, and '{first}…' looks like transcript text; "
            "use scriptcheck.read_text(text)"
        )
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"load_transcript() takes a file path, got {type(path).__name__}; "
            "for text use scriptcheck.read_text(text)"
        )
    return read_file(path, options or DEFAULT_OPTIONS)


def read_text(
    text: str, name: str = "<string>", *, options: ReadOptions | None = None
) -> list[Transcript]:
    """The calls in transcript text (the formats files may have); ``name`` names it in
    errors and results. Raises :class:`~scriptcheck.errors.InputError` for text that is not
    a transcript."""
    from scriptcheck.readers import DEFAULT_OPTIONS
    from scriptcheck.readers import read_text as read

    if not isinstance(text, str):
        hint = "; decode bytes first" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"read_text() takes text (str), got {type(text).__name__}{hint}")
    return read(text, path=name, options=options or DEFAULT_OPTIONS)
