"""Output formats: one module per format, registered by name in :data:`FORMATTERS`.

>>> formatter_class("json").__name__
'JsonFormatter'

A format's module is imported only when the format is used (the text formats pull in rich,
which a ``--format jsonl`` batch never needs). Adding a format: write a
:class:`~scriptcheck.formatters.base.Formatter` subclass in its own module and add one line
below.
"""

from __future__ import annotations

from importlib import import_module

from scriptcheck.formatters.base import FailPolicy, Formatter, RunInfo, Summary
from scriptcheck.formatters.json import result_to_dict

#: ``--format`` name -> ``module:class`` of its formatter
FORMATTERS: dict[str, str] = {
    "text": "text:TextFormatter",
    "concise": "text:ConciseFormatter",
    "json": "json:JsonFormatter",
    "jsonl": "json:JsonLinesFormatter",
    "csv": "csv:CsvFormatter",
    # --- CI formats (sarif, junit, github, markdown): registered below this line ---
    "sarif": "sarif:SarifFormatter",
    "junit": "junit:JunitFormatter",
    "github": "github:GithubFormatter",
    "markdown": "markdown:MarkdownFormatter",
}

#: variants chosen by a flag rather than by --format
PER_CALL_CSV = "csv:CallsCsvFormatter"  # --per-call
STATISTICS = "text:StatisticsFormatter"  # --statistics


def formatter_class(name_or_path: str) -> type[Formatter]:
    """The formatter class of a ``--format`` name (or of a ``module:class`` path above)."""
    module, _, cls = FORMATTERS.get(name_or_path, name_or_path).partition(":")
    found: type[Formatter] = getattr(import_module(f"scriptcheck.formatters.{module}"), cls)
    return found


__all__ = [
    "FORMATTERS",
    "PER_CALL_CSV",
    "STATISTICS",
    "FailPolicy",
    "Formatter",
    "RunInfo",
    "Summary",
    "formatter_class",
    "result_to_dict",
]
