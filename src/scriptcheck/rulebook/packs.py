"""Finding rulebooks: the packs shipped with scriptcheck, and whether a source names a pack
(``core``) or a rulebook file (``my.yaml``, ``rules/strict``)."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from scriptcheck.errors import RulebookError, did_you_mean

DEFAULT_PACK = "core"


def pack_names() -> list[str]:
    """Names of the packs shipped with scriptcheck."""
    folder = resources.files("scriptcheck") / "rules"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def pack_path(name: str) -> Path:
    """Where the shipped pack ``name`` is (whether or not there is one by that name)."""
    return Path(str(resources.files("scriptcheck") / "rules" / f"{name}.yaml"))


def is_rulebook_path(name: str) -> bool:
    """Whether a rulebook source is a file path rather than a pack name.

    >>> [is_rulebook_path(s) for s in ("core", "my.yaml", "rules/strict")]
    [False, True, True]
    """
    return name.endswith((".yaml", ".yml")) or os.sep in name or "/" in name


def rulebook_path(name: str, base_dir: Path) -> Path:
    """The file a source names: a path relative to ``base_dir``, or a shipped pack; raises
    :class:`RulebookError` for a pack name that is not shipped."""
    if is_rulebook_path(name):
        path = Path(name)
        return path if path.is_absolute() else (base_dir / path)
    path = pack_path(name)
    if not path.exists():
        raise RulebookError(unknown_pack(name))
    return path


def unknown_pack(name: str) -> str:
    """What to say about a pack name that is not shipped."""
    known = pack_names()
    return (
        f"unknown rule pack '{name}'{did_you_mean(name, known)} "
        f"(shipped packs: {', '.join(known)}; or give a .yaml path)"
    )
