"""Text that a spreadsheet must show, not run: shared by the CSV output and the Excel report.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, also
after a tab or a carriage return, so a transcript's agent id ``=HYPERLINK(…)`` would become a
live link (OWASP, *CSV Injection*). The CSV output puts a ``'`` before such text
(:func:`defuse`); the Excel report stores it as a text cell with Excel's quote prefix
(:func:`looks_like_formula`). A cell holds at most 32,767 characters in Excel: a longer
text (a 40,000-character turn quoted) is cut with a visible marker by :func:`fit_cell` in both,
rather than cut silently or refused. No openpyxl here: the CSV output must not import it.
"""

from __future__ import annotations

#: first characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: the most characters (UTF-16 code units) Excel keeps in one cell
MAX_CELL_CHARS = 32_767
#: what ends a cell cut to :data:`MAX_CELL_CHARS`
TRUNCATED = "…(已截断)"


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula.

    >>> looks_like_formula("-3 分"), looks_like_formula("\\t=1+2"), looks_like_formula("您好")
    (True, True, False)
    """
    return text.startswith(FORMULA_START)


def defuse(text: str) -> str:
    """``text`` made safe to open in a spreadsheet: ``'`` before a formula-like start.

    >>> defuse("=1+2")
    "'=1+2"
    >>> defuse("您好")
    '您好'
    """
    return "'" + text if looks_like_formula(text) else text


def fit_cell(text: str) -> str:
    """``text`` cut to what one spreadsheet cell holds, ending in :data:`TRUNCATED` when cut
    (Excel counts UTF-16 code units: a character outside the BMP is two).

    >>> fit_cell("您好")
    '您好'
    >>> cut = fit_cell("好" * 40_000)
    >>> len(cut) == MAX_CELL_CHARS, cut.endswith(TRUNCATED)
    (True, True)
    """
    if len(text) <= MAX_CELL_CHARS // 2:  # short enough whatever its characters
        return text
    units = text.encode("utf-16-le")
    if len(units) <= 2 * MAX_CELL_CHARS:
        return text
    keep = units[: 2 * (MAX_CELL_CHARS - len(TRUNCATED))]
    return keep.decode("utf-16-le", errors="ignore") + TRUNCATED  # a split pair is dropped


__all__ = [
    "FORMULA_START",
    "MAX_CELL_CHARS",
    "TRUNCATED",
    "defuse",
    "fit_cell",
    "looks_like_formula",
]
