"""The project's own error types. Everything a user can cause ends in one of these."""

from __future__ import annotations


class ScriptcheckError(Exception):
    """Base class: a problem the user can fix, with a one-line message."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


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
        where = self.path or "<rulebook>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class ConfigError(ScriptcheckError):
    """A bad configuration file or option value."""
