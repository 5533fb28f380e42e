"""The project's own error types. Everything a user can cause ends in one of these."""

from __future__ import annotations

from collections.abc import Iterable

#: control characters as escapes: ``\n`` for a newline, ``\x1b`` for an escape byte
_CONTROL_ESCAPES = {code: repr(chr(code))[1:-1] for code in (*range(0x20), 0x7F)}


def printable(text: str) -> str:
    r"""``text`` with its control characters written as escapes, so that a file name holding a
    newline or a terminal escape cannot break (or forge) a line of a report.

    >>> printable("a\nb.txt")
    'a\\nb.txt'
    """
    return text.translate(_CONTROL_ESCAPES)


class ScriptcheckError(Exception):
    """Base class: a problem the user can fix, with a one-line message."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{printable(self.path)}: {self.message}" if self.path else self.message


class InputError(ScriptcheckError):
    """A transcript file that cannot be read or understood."""


class RulebookError(ScriptcheckError):
    """A rulebook that cannot be loaded; ``line``/``column`` are 1-based when known."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, path=path)
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.path is None and self.line is None:
            return self.message  # no file involved (an unknown pack name)
        where = printable(self.path) if self.path else "<rulebook>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class ConfigError(ScriptcheckError):
    """A bad configuration file or option value."""


class OutputError(ScriptcheckError):
    """A report or cache file that cannot be written (disk full, no permission, a vanished
    folder): an I/O error, not a bad setting. The command-line exit code is 2."""


#: how the reason of a rule that crashed on a call begins (its outcome is not applicable)
RULE_ERROR = "规则内部出错"


def rule_error_reason(exc: BaseException) -> str:
    """The one-line reason given for a rule that raised ``exc`` while checking a call."""
    detail = " ".join(str(exc).split())
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"{RULE_ERROR}({printable(what)}),本规则未检查;请报告此问题"


def is_rule_error(reason: str | None) -> bool:
    """Whether an outcome's ``reason`` says its rule crashed (see :func:`rule_error_reason`)."""
    return reason is not None and reason.startswith(RULE_ERROR)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or an empty string: the hint every
    "unknown name" message ends with.

    >>> did_you_mean("powr", ["core", "power"])
    " (did you mean 'power'?)"
    """
    import difflib  # only a message being written needs it

    close = difflib.get_close_matches(word, list(dict.fromkeys(candidates)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
