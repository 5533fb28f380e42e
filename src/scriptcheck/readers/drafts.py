"""A turn being read, shared by the line-based readers (plain text, subtitles): the last draft
grows while unlabelled lines continue it, and the finished drafts become the call's turns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scriptcheck.model import Role, Turn


@dataclass
class Draft:
    role: Role
    text: str
    line: int
    speaker: str | None = None
    start: float | None = None
    end: float | None = None


def turns_of(drafts: Iterable[Draft]) -> tuple[Turn, ...]:
    """The finished turns, numbered in order."""
    return tuple(
        Turn(
            index=i,
            role=d.role,
            text=d.text,
            start=d.start,
            end=d.end,
            line=d.line,
            speaker=d.speaker,
        )
        for i, d in enumerate(drafts)
    )
