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


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or an empty string: the hint every
    "unknown name" message ends with.

    >>> did_you_mean("powr", ["core", "power"])
    " (did you mean 'power'?)"
    """
    import difflib  # only a message being written needs it

    close = difflib.get_close_matches(word, list(dict.fromkeys(candidates)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
