"""scriptcheck: rule-based compliance checking for Chinese call-center transcripts.

The library API the command line wraps::

    import scriptcheck
    book = scriptcheck.load_rulebook("power")          # packs by name, or YAML paths
    for transcript in scriptcheck.load_transcript("call.txt"):
        result = scriptcheck.check(transcript, book)
        print(result.score, result.grade, [f.rule_id for f in result.findings])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "check",
    "compile_rulebook",
    "load_rulebook",
    "load_transcript",
    "Result",
    "Transcript",
]

if TYPE_CHECKING:
    from scriptcheck.engine import check, compile_rulebook
    from scriptcheck.model import Result, Transcript
    from scriptcheck.readers import read_file as load_transcript
    from scriptcheck.rulebook.loader import load_rulebook

# Imported on first use, so `scriptcheck --help` does not pay for jieba and OpenCC.
_LAZY = {
    "check": ("scriptcheck.engine", "check"),
    "compile_rulebook": ("scriptcheck.engine", "compile_rulebook"),
    "load_rulebook": ("scriptcheck.rulebook.loader", "load_rulebook"),
    "load_transcript": ("scriptcheck.readers", "read_file"),
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
