"""Output files are written atomically: to a temp file beside the target, renamed over it only
when writing finished. A crash, a write error, Ctrl-C or SIGTERM (which the CLI turns into an
exception, see :class:`scriptcheck.cli.check.Terminated`) leaves the old file (or none) and no
temp file, never a half-written report."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from scriptcheck.errors import ConfigError


@contextmanager
def atomic_path(path: str, option: str = "--output") -> Iterator[str]:
    """A temp path to write; it becomes ``path`` when the block ends without an error.
    ``option`` names the flag in error messages (``--output``, ``--html``, ``--xlsx``)."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ConfigError(f"{option} {path}: folder {folder} does not exist; create it first")
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(f"{option} {path}: cannot write there ({exc.strerror})") from None
    try:
        os.close(fd)  # inside the try: a signal right after mkstemp still removes the file
        yield temp
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600 files; give the usual mode
        os.replace(temp, path)
    except OSError as exc:
        raise ConfigError(f"{option} {path}: write failed ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


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
