"""Output formats: one module per format, registered by name in :data:`FORMATTERS`.

>>> formatter_class("json").__name__
'JsonFormatter'

A format's module is imported only when the format is used (the text formats pull in rich,
which a ``--format jsonl`` batch never needs). Adding a format: write a
:class:`~scriptcheck.formatters.base.Formatter` subclass in its own module and add one line
below.
"""

from __future__ import annotations

import os
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


#: an output file's extension -> the formats whose output it may hold (``report.json``: JSON or
#: SARIF). An extension not listed may hold any format; one listed with no format (``.tsv``,
#: ``.xls``) is written by none. ``html`` and ``xlsx`` are ``scriptcheck report``'s files.
OUTPUT_EXTENSIONS: dict[str, tuple[str, ...]] = {
    ".txt": ("text", "concise", "github"),
    ".text": ("text", "concise", "github"),
    ".log": ("text", "concise", "github"),
    ".json": ("json", "sarif"),
    ".jsonl": ("jsonl",),
    ".ndjson": ("jsonl",),
    ".csv": ("csv",),
    ".tsv": (),
    ".sarif": ("sarif",),
    ".xml": ("junit",),
    ".md": ("markdown",),
    ".markdown": ("markdown",),
    ".html": ("html",),
    ".htm": ("html",),
    ".xlsx": ("xlsx",),
    ".xls": (),
}
#: how to get a file the ``check`` command does not write
_REPORT_FILES = {"html": "scriptcheck report PATH --html", "xlsx": "scriptcheck report PATH --xlsx"}


def extension_problem(path: str, writes: str, option: str = "--output") -> str | None:
    """Why ``path`` cannot hold the ``writes`` format (a ``--format`` name, ``html`` or
    ``xlsx``), with what to do instead; None if it can.

    >>> print(extension_problem("out.xlsx", "text"))
    --output out.xlsx: a .xlsx file cannot hold the text report; for an Excel workbook run \
'scriptcheck report PATH --xlsx out.xlsx', or name the file out.txt
    >>> extension_problem("out.json", "sarif") is None, extension_problem("out", "csv") is None
    (True, True)
    """
    stem, extension = os.path.splitext(path)
    named = OUTPUT_EXTENSIONS.get(extension.lower())
    if named is None or writes in named:
        return None
    own = next((e for e, formats in OUTPUT_EXTENSIONS.items() if writes in formats), None)
    fix = f"name the file {stem}{own}" if own else "choose another name"
    if named and writes not in _REPORT_FILES:  # a `check` run: say what writes this file
        if named[0] in _REPORT_FILES:
            what = "an HTML report" if named[0] == "html" else "an Excel workbook"
            fix = f"for {what} run '{_REPORT_FILES[named[0]]} {path}', or {fix}"
        else:
            fix = f"add --format {named[0]}, or {fix}"
    return f"{option} {path}: a {extension} file cannot hold the {writes} report; {fix}"


def is_scriptcheck_report(path: str) -> bool:
    """Whether the file at ``path`` is a report scriptcheck wrote (JSON, JSON Lines, CSV), so
    a run may replace it; an empty file counts (it holds nothing to lose)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="ignore").lstrip("\ufeff")
    except OSError:
        return False
    if not head.strip():
        return True
    formats = OUTPUT_EXTENSIONS.get(os.path.splitext(path)[1].lower(), ())
    return any(n in FORMATTERS and formatter_class(n).wrote(head) for n in formats)


def formatter_class(name_or_path: str) -> type[Formatter]:
    """The formatter class of a ``--format`` name (or of a ``module:class`` path above)."""
    module, _, cls = FORMATTERS.get(name_or_path, name_or_path).partition(":")
    found: type[Formatter] = getattr(import_module(f"scriptcheck.formatters.{module}"), cls)
    return found


__all__ = [
    "FORMATTERS",
    "OUTPUT_EXTENSIONS",
    "PER_CALL_CSV",
    "STATISTICS",
    "FailPolicy",
    "Formatter",
    "RunInfo",
    "Summary",
    "extension_problem",
    "formatter_class",
    "is_scriptcheck_report",
    "result_to_dict",
]
