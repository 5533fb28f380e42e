"""Finding transcript files: paths, folders (recursive), globs and ``-`` for stdin.

Folders are walked following symlinked folders but never into a folder already searched (a
link back up, ``sub/up -> ..``, is skipped, so a symlink loop cannot loop), hidden folders and
``*.expected.json`` are skipped, files to leave out (the run's own ``--output``) are left out,
and every problem (a missing path, an unreadable folder, a FIFO or device, never opened) is
collected with its path instead of stopping the search. A file named twice (``a/x.txt a``, ``$PWD/a/x.txt a/x.txt``, a link and its
target) is checked once, under the first path that named it.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from scriptcheck.readers import NOT_A_REGULAR_FILE, SUPPORTED_EXTENSIONS

STDIN = "-"
#: folders and files never searched when a folder is given (a file named explicitly still is)
DEFAULT_EXCLUDE = (".*", "__pycache__", "node_modules", "*.expected.json")
_GLOB_CHARS = frozenset("*?[")


@dataclass
class Discovery:
    """What a list of command-line paths expands to: files to check, sorted, and problems
    (a missing path, an empty folder, an unreadable folder…) as ``(path, message)`` pairs."""

    files: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)


def discover(
    paths: Iterable[str],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    *,
    skip: Iterable[str] = (),
) -> Discovery:
    """Expand files, folders (recursive), globs and ``-`` (stdin, always first) into files.

    Inside folders only files with a supported extension are taken, filtered by ``include``
    and ``exclude`` globs (matched against the name, the path inside the folder given, and
    the whole path); hidden files, ``__pycache__``, ``node_modules`` and ``*.expected.json``
    are skipped. A file named explicitly is always taken. ``skip``: files never taken from a
    folder or glob, by identity (the same file under any path or link), e.g. the report a
    previous run wrote with ``--output`` into the folder being checked.
    """
    found = Discovery()
    files = _Files()
    stdin = False
    excluded = tuple(exclude)
    skipped = _Skip(skip)
    for path in paths:
        if path == STDIN:
            stdin = True
        elif os.path.isdir(path):
            before = files.offered
            _walk(path, include, excluded, files, found.problems, skipped)
            if files.offered == before:  # files already named elsewhere still count
                exts = " ".join(sorted(SUPPORTED_EXTENSIONS))
                found.problems.append(
                    (path, f"no transcript files found ({exts}); check the folder or --include")
                )
        elif os.path.exists(path) or os.path.islink(path):
            files.add(path)
        elif _GLOB_CHARS & set(path):
            _expand_glob(path, include, excluded, files, found.problems, skipped)
        else:
            found.problems.append((path, "no such file or folder; check the path"))
    found.files = ([STDIN] if stdin else []) + files.paths()
    return found


class _Files:
    """The files found so far, one per real file (links and ``..`` resolved), each shown under
    the first path that named it."""

    def __init__(self) -> None:
        self._shown: dict[str, str] = {}  # real path -> path as first given
        #: how many files were offered, repeats included (a folder of repeats is not empty)
        self.offered = 0

    def add(self, path: str, real: str | None = None) -> None:
        """Take ``path`` unless its file is already taken; ``real``: its resolved path, if known."""
        self.offered += 1
        key = os.path.normcase(real if real is not None else os.path.realpath(path))
        self._shown.setdefault(key, os.path.normpath(path))

    def paths(self) -> list[str]:
        return sorted(self._shown.values())


def _expand_glob(
    pattern: str,
    include: Sequence[str],
    exclude: Sequence[str],
    files: _Files,
    problems: list[tuple[str, str]],
    skipped: _Skip,
) -> None:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        problems.append((pattern, "no file matches this pattern; check the path"))
    for match in matches:
        if os.path.isdir(match):
            _walk(match, include, exclude, files, problems, skipped)
        elif not skipped.has(match):
            files.add(match)


class _Skip:
    """Files to leave out, known by device and inode (so any path or link to them matches)."""

    def __init__(self, paths: Iterable[str]) -> None:
        self._keys: set[tuple[int, int]] = set()
        for path in paths:
            try:
                info = os.stat(path)
            except OSError:
                continue  # not there (yet): nothing to leave out
            self._keys.add((info.st_dev, info.st_ino))
        self._inodes = {ino for _, ino in self._keys}

    def has(self, path: str, entry: os.DirEntry[str] | None = None) -> bool:
        if not self._keys:
            return False
        try:
            # a folder entry knows its inode without a stat (a link's is the link's own)
            if entry is not None and not entry.is_symlink() and entry.inode() not in self._inodes:
                return False
            info = os.stat(path)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) in self._keys


def _walk(
    top: str,
    include: Sequence[str],
    exclude: Sequence[str],
    files: _Files,
    problems: list[tuple[str, str]],
    skipped: _Skip,
) -> None:
    """Collect transcript files under ``top``, following symlinked folders but never into a
    folder already searched (a link back up, or a loop, is skipped: not an error). Real
    folders are searched before linked ones, so a file is named by its real path when it
    is reachable both ways."""
    seen: set[tuple[int, int]] = set()
    pending = [os.path.normpath(top)]
    linked: list[str] = []
    while pending or linked:
        folder = pending.pop() if pending else linked.pop(0)
        try:
            info = os.stat(folder)
        except OSError as exc:
            problems.append((folder, f"cannot open folder: {exc.strerror or exc}"))
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
            problems.append((folder, f"cannot list folder ({reason}); check its permissions"))
            continue
        real_folder = os.path.realpath(folder)  # once per folder, not once per file
        for entry in entries:
            path = os.path.normpath(entry.path)
            candidates = (entry.name, os.path.relpath(path, top), path)
            if matches(entry.name, DEFAULT_EXCLUDE) or _matches_any(candidates, exclude):
                continue
            if _is_dir(entry):
                (linked if entry.is_symlink() else pending).append(path)
            elif _included(candidates, include) and not skipped.has(path, entry):
                if _is_special(entry):
                    problems.append((path, NOT_A_REGULAR_FILE))
                    continue
                link = entry.is_symlink()
                files.add(path, None if link else os.path.join(real_folder, entry.name))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symlinks; a dangling link is not a folder
    except OSError:
        return False


def _is_special(entry: os.DirEntry[str]) -> bool:
    """A FIFO, device or socket (opening a FIFO blocks until someone writes to it); a dangling
    link is not special: reading it says the file is not found."""
    try:
        if entry.is_file():  # follows symlinks; no stat for a plain folder entry
            return False
        return not stat.S_ISREG(os.stat(entry.path).st_mode)
    except OSError:
        return False


def _included(candidates: Sequence[str], include: Sequence[str]) -> bool:
    """A transcript file (by extension) that ``include`` globs, if any, take."""
    return _is_transcript(candidates[0]) and (not include or _matches_any(candidates, include))


def _is_transcript(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SUPPORTED_EXTENSIONS


def matches(path: str, patterns: Sequence[str]) -> bool:
    """Whether the path, or its last part, matches one of the glob patterns."""
    name = os.path.basename(path)
    posix = path.replace(os.sep, "/")
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(posix, p) for p in patterns)


def _matches_any(paths: Sequence[str], patterns: Sequence[str]) -> bool:
    return any(matches(path, patterns) for path in paths)
