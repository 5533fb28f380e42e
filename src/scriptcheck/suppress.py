"""Inline suppressions in transcripts and templates::

    # scriptcheck: disable=open.no-wei            (the next turn; or this turn, trailing)
    # scriptcheck: disable-next-line=courtesy.    (the next turn; an id prefix)
    # scriptcheck: disable-file=clarity.jargon    (the whole file; ``all`` for every rule)

A suppression names rules as ``--ignore`` does (:mod:`scriptcheck.rulebook.selectors`): a rule
id, an id prefix (``courtesy.`` or ``courtesy``) or a tag (``开场``, ``開場``).

A suppression that suppresses nothing is reported, so stale ones do not pile up; one that
names no rule at all (a typo) is reported as such, with the nearest known rule id.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from scriptcheck.errors import did_you_mean
from scriptcheck.model import Finding, Transcript
from scriptcheck.rulebook.loader import load_rulebook
from scriptcheck.rulebook.packs import pack_names
from scriptcheck.rulebook.selectors import names_a_rule, rule_matches

_PRAGMA = re.compile(r"^\s*(disable|disable-next-line|disable-file)\s*=\s*([\w.,\s-]+?)\s*$")


@dataclass
class _Pragma:
    line: int
    rules: tuple[str, ...]
    turn: int | None  # None: the whole file
    used: bool = False

    def covers(self, finding: Finding, tags: Callable[[str], Sequence[str]]) -> bool:
        if self.turn is not None and finding.turn != self.turn:
            return False
        return any(
            r == "all" or rule_matches(finding.rule_id, tags(finding.rule_id), r)
            for r in self.rules
        )


@dataclass
class Suppressor:
    """The suppressions of one call. ``tags``: rule id -> tags of every rule of the rulebook
    (a suppression may name a rule by a tag)."""

    transcript: Transcript
    tags: Mapping[str, Sequence[str]]
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
            if pragma.covers(finding, self._tags_of):
                pragma.used = hit = True
        return hit

    def _tags_of(self, rule_id: str) -> Sequence[str]:
        return self.tags.get(rule_id, ())

    def unused(self) -> list[str]:
        """Notes on suppressions that could not be read, that name no rule (a rule of neither
        the rulebook nor any shipped pack, with the nearest id) or that suppressed nothing."""
        known = frozenset(self.tags)
        notes = list(self.problems)
        for pragma in self.pragmas:
            unknown = [r for r in pragma.rules if not self._names_a_rule(r, known)]
            if unknown:
                notes.append(_unknown_note(pragma.line, unknown, known))
            if not pragma.used and len(unknown) < len(pragma.rules):
                rules = ", ".join(r for r in pragma.rules if r not in unknown)
                notes.append(f"line {pragma.line}: suppression of {rules} suppressed nothing")
        return notes

    def _names_a_rule(self, name: str, known: frozenset[str]) -> bool:
        """``all``, or a selector naming a rule of the rulebook or, for a rule of a pack
        picked per call, of a shipped pack."""
        if name == "all" or not known:
            return True
        if names_a_rule(name, ((r, self._tags_of(r)) for r in known)):
            return True
        return names_a_rule(name, _shipped_rules().items())


def _unknown_note(line: int, names: list[str], known: frozenset[str]) -> str:
    candidates = sorted(known | set(_shipped_rules()))
    hints = []
    for name in names:
        hints.append(f"'{name}'{did_you_mean(name, candidates)}")
    return (
        f"line {line}: suppression names no rule: {', '.join(hints)}; "
        "see `scriptcheck rules list` for rule ids"
    )


@functools.lru_cache(maxsize=1)
def _shipped_rules() -> Mapping[str, tuple[str, ...]]:
    """rule id -> tags of every rule of the shipped packs (read only when a suppression is
    met)."""
    return {
        rule.id: tuple(rule.tags) for pack in pack_names() for rule in load_rulebook(pack).rules
    }
