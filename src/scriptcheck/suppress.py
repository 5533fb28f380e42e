"""Inline suppressions in transcripts and templates::

    # scriptcheck: disable=open.no-wei            (the next turn; or this turn, trailing)
    # scriptcheck: disable-next-line=courtesy.    (the next turn; an id prefix)
    # scriptcheck: disable-file=clarity.jargon    (the whole file; ``all`` for every rule)

A suppression that suppresses nothing is reported, so stale ones do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scriptcheck.model import Finding, Transcript

_PRAGMA = re.compile(r"^\s*(disable|disable-next-line|disable-file)\s*=\s*([\w.,\s-]+?)\s*$")


@dataclass
class _Pragma:
    line: int
    rules: tuple[str, ...]
    turn: int | None  # None: the whole file
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        if self.turn is not None and finding.turn != self.turn:
            return False
        return any(
            r == "all"
            or finding.rule_id == r
            or (r.endswith(".") and finding.rule_id.startswith(r))
            for r in self.rules
        )


@dataclass
class Suppressor:
    transcript: Transcript
    pragmas: list[_Pragma] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for line, text in self.transcript.pragmas:
            match = _PRAGMA.match(text)
            if not match:
                self.problems.append(
                    f"line {line}: cannot read suppression '{text.strip()}' (expected disable=RULE)"
                )
                continue
            kind, names = match.groups()
            rules = tuple(n.strip() for n in names.split(",") if n.strip())
            turn = None if kind == "disable-file" else self._turn_for(line, kind)
            if kind != "disable-file" and turn is None:
                self.problems.append(f"line {line}: suppression is not followed by a turn")
                continue
            self.pragmas.append(_Pragma(line, rules, turn))

    def _turn_for(self, line: int, kind: str) -> int | None:
        for turn in self.transcript.turns:
            if turn.line is None:
                continue
            if (kind == "disable" and turn.line == line) or turn.line > line:
                return turn.index
        return None

    def suppresses(self, finding: Finding) -> bool:
        hit = False
        for pragma in self.pragmas:
            if pragma.covers(finding):
                pragma.used = hit = True
        return hit

    def unused(self) -> list[str]:
        stale = [
            f"line {p.line}: suppression of {', '.join(p.rules)} suppressed nothing"
            for p in self.pragmas
            if not p.used
        ]
        return self.problems + stale
