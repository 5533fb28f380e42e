"""Output files are written atomically: to a temp file beside the target, renamed over it only
when writing finished. A crash, a write error, Ctrl-C or SIGTERM (which the CLI turns into an
exception, see :class:`scriptcheck.cli.check.Terminated`) leaves the old file (or none) and no
temp file, never a half-written report.

What is at the path is respected: a symlink is followed (its target gets the new content), a
device or pipe (``/dev/null``, ``/dev/stdout``) is written to directly rather than replaced, an
existing file keeps its permissions, and a file the user may not write is refused."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO, cast

from scriptcheck.errors import ConfigError, OutputError


@contextmanager
def atomic_path(path: str, option: str = "--output") -> Iterator[str]:
    """A path to write; its content becomes ``path``'s when the block ends without an error.
    ``option`` names the flag in error messages (``--output``, ``--html``, ``--xlsx``).

    Only this function's own steps (the temp file, the rename) raise :class:`OutputError`; an
    error raised inside the block is the block's and passes through unchanged. A block that
    writes to the path wraps its writes in :func:`output_errors`."""
    mode = _existing_mode(path, option)
    if mode is not None and not stat.S_ISREG(mode):
        yield path  # a device or pipe: written in place, never replaced by a file
        return
    target = os.path.realpath(path)  # a symlink's target, not the link, gets the report
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise OutputError(f"{option} {path}: folder {folder} does not exist; create it first")
    try:
        fd, temp = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
    except OSError as exc:
        raise OutputError(f"{option} {path}: cannot write there ({exc.strerror})") from None
    try:
        with output_errors(path, option):
            os.close(fd)  # inside the try: a signal right after mkstemp still removes the file
        yield temp
        with output_errors(path, option):
            # mkstemp makes 0600 files: keep the old file's mode, or give the usual one
            os.chmod(temp, 0o666 & ~_umask() if mode is None else stat.S_IMODE(mode))
            os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


@contextmanager
def output_errors(path: str, option: str = "--output") -> Iterator[None]:
    """Turn an OSError of writing the output ``path`` into :class:`OutputError` (one line,
    naming the option and the path); anything else passes through."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"{option} {path}: write failed ({exc.strerror or exc})") from None


class _GuardedText:
    """A text handle whose write and flush errors are :class:`OutputError`s, so that an
    OSError of the work producing the text is never mistaken for one of writing it."""

    def __init__(self, handle: TextIO, path: str, option: str) -> None:
        self._handle = handle
        self._path = path
        self._option = option

    def write(self, text: str) -> int:
        with output_errors(self._path, self._option):
            return self._handle.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        with output_errors(self._path, self._option):
            self._handle.writelines(lines)

    def flush(self) -> None:
        with output_errors(self._path, self._option):
            self._handle.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _existing_mode(path: str, option: str) -> int | None:
    """The mode of what ``path`` leads to (None: nothing yet); a file the user may not write is
    refused rather than replaced."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{option} {path}: cannot write there ({exc.strerror})") from None
    if stat.S_ISREG(mode) and not os.access(path, os.W_OK):
        raise OutputError(
            f"{option} {path}: the file is read-only; make it writable or choose another path"
        )
    return mode


def refuse_inputs(path: str | None, inputs: Iterable[str], option: str = "--output") -> None:
    """Raise ConfigError when the output ``path`` is one of the transcripts being read (also
    through a symlink or another spelling): writing it would destroy the call."""
    if path is None:
        return
    target = os.path.realpath(path)
    for name in inputs:
        if os.path.realpath(name) == target:
            raise ConfigError(
                f"{option} {path} is one of the transcripts to check ({name}); "
                "write the report to another file"
            )


@contextmanager
def atomic_text(path: str, option: str = "--output") -> Iterator[TextIO]:
    """A UTF-8 text handle whose content replaces ``path`` when the block ends. Its write
    errors are :class:`OutputError`; errors of the block's own work pass through."""
    with atomic_path(path, option) as temp:
        with output_errors(path, option):
            handle = open(temp, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
        try:
            yield cast(TextIO, _GuardedText(handle, path, option))
        except BaseException:
            with suppress(OSError):  # the block's error is the one to report
                handle.close()
            raise
        with output_errors(path, option):
            handle.close()


def write_atomic(path: str, content: str | bytes, option: str = "--output") -> None:
    """Write ``content`` (text as UTF-8) to ``path`` atomically."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with (
        atomic_path(path, option) as temp,
        output_errors(path, option),
        open(temp, "wb") as handle,
    ):
        handle.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
