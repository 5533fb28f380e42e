"""Output formats: one module per format, registered by name in :data:`FORMATTERS`.

>>> FORMATTERS["json"].__name__
'JsonFormatter'

Adding a format: write a :class:`~scriptcheck.formatters.base.Formatter` subclass in its own
module and add one line below.
"""

from __future__ import annotations

from scriptcheck.formatters.base import FailPolicy, Formatter, RunInfo, Summary
from scriptcheck.formatters.csv import CallsCsvFormatter, CsvFormatter
from scriptcheck.formatters.github import GithubFormatter
from scriptcheck.formatters.json import JsonFormatter, JsonLinesFormatter, result_to_dict
from scriptcheck.formatters.junit import JunitFormatter
from scriptcheck.formatters.markdown import MarkdownFormatter
from scriptcheck.formatters.sarif import SarifFormatter
from scriptcheck.formatters.text import ConciseFormatter, StatisticsFormatter, TextFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "concise": ConciseFormatter,
    "json": JsonFormatter,
    "jsonl": JsonLinesFormatter,
    "csv": CsvFormatter,
    # --- CI formats (sarif, junit, github, markdown): registered below this line ---
    "sarif": SarifFormatter,
    "junit": JunitFormatter,
    "github": GithubFormatter,
    "markdown": MarkdownFormatter,
}

#: variants chosen by a flag rather than by --format
PER_CALL_CSV = CallsCsvFormatter
STATISTICS = StatisticsFormatter

__all__ = [
    "FORMATTERS",
    "PER_CALL_CSV",
    "STATISTICS",
    "FailPolicy",
    "Formatter",
    "RunInfo",
    "Summary",
    "result_to_dict",
]
