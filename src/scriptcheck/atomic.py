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
from contextlib import contextmanager
from typing import TextIO

from scriptcheck.errors import ConfigError


@contextmanager
def atomic_path(path: str, option: str = "--output") -> Iterator[str]:
    """A path to write; its content becomes ``path``'s when the block ends without an error.
    ``option`` names the flag in error messages (``--output``, ``--html``, ``--xlsx``)."""
    mode = _existing_mode(path, option)
    if mode is not None and not stat.S_ISREG(mode):
        try:
            yield path  # a device or pipe: written in place, never replaced by a file
        except OSError as exc:
            raise ConfigError(f"{option} {path}: write failed ({exc.strerror or exc})") from None
        return
    target = os.path.realpath(path)  # a symlink's target, not the link, gets the report
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise ConfigError(f"{option} {path}: folder {folder} does not exist; create it first")
    try:
        fd, temp = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
    except OSError as exc:
        raise ConfigError(f"{option} {path}: cannot write there ({exc.strerror})") from None
    try:
        os.close(fd)  # inside the try: a signal right after mkstemp still removes the file
        yield temp
        # mkstemp makes 0600 files: keep the old file's mode, or give the usual one
        os.chmod(temp, 0o666 & ~_umask() if mode is None else stat.S_IMODE(mode))
        os.replace(temp, target)
    except OSError as exc:
        raise ConfigError(f"{option} {path}: write failed ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _existing_mode(path: str, option: str) -> int | None:
    """The mode of what ``path`` leads to (None: nothing yet); a file the user may not write is
    refused rather than replaced."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"{option} {path}: cannot write there ({exc.strerror})") from None
    if stat.S_ISREG(mode) and not os.access(path, os.W_OK):
        raise ConfigError(
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
    """A UTF-8 text handle whose content replaces ``path`` when the block ends."""
    with atomic_path(path, option) as temp, open(temp, "w", encoding="utf-8", newline="") as handle:
        yield handle


def write_atomic(path: str, content: str | bytes, option: str = "--output") -> None:
    """Write ``content`` (text as UTF-8) to ``path`` atomically."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_path(path, option) as temp, open(temp, "wb") as handle:
        handle.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
