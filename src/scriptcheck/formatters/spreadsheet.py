"""Text that a spreadsheet must show, not run: shared by the CSV output and the Excel report.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, also
after a tab or a carriage return, so a transcript's agent id ``=HYPERLINK(…)`` would become a
live link (OWASP, *CSV Injection*). The CSV output puts a ``'`` before such text
(:func:`defuse`); the Excel report stores it as a text cell with Excel's quote prefix
(:func:`looks_like_formula`). No openpyxl here: the CSV output must not import it.
"""

from __future__ import annotations

#: first characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


__all__ = ["FORMULA_START", "defuse", "looks_like_formula"]
