"""Rulebook phrases, compiled once: every phrase of every rule goes into one Aho-Corasick
automaton, so a transcript is scanned once per turn whatever the number of rules.

A :class:`PhraseSet` is what a matcher holds: the ids of its phrases in the shared automaton
plus, for each id, the phrase as written (with its ``instead``/``veto``/``points``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import ahocorasick

from scriptcheck.errors import RulebookError
from scriptcheck.normalize import normalize_phrase
from scriptcheck.rulebook.schema import PhraseItem


@dataclass(frozen=True)
class PhraseInfo:
    """A phrase as the rule author wrote it: shown in findings and used for suggestions."""

    text: str
    instead: str | None = None
    veto: bool = False
    points: float | None = None


@dataclass(frozen=True)
class PhraseSet:
    """The phrases of one list of one rule."""

    ids: frozenset[int]
    info: dict[int, PhraseInfo]
    forms: tuple[str, ...]  # normalised forms, for fuzzy matching and templates

    def __bool__(self) -> bool:
        return bool(self.ids)


@dataclass
class PhraseTable:
    """Assigns ids to normalised phrases and builds the automaton once all are known."""

    named: dict[str, tuple[str, ...]]
    ids: dict[str, int] = field(default_factory=dict)
    automaton: ahocorasick.Automaton | None = None

    def compile(self, phrases: Iterable[str | PhraseItem], where: str = "") -> PhraseSet:
        ids: set[int] = set()
        info: dict[int, PhraseInfo] = {}
        forms: list[str] = []
        for item in phrases:
            for written, details in self._expand(item, where):
                norm = normalize_phrase(written)
                if not norm:
                    raise RulebookError(
                        f"{where}: phrase '{written}' is empty once punctuation is removed"
                    )
                pid = self.ids.setdefault(norm, len(self.ids))
                ids.add(pid)
                forms.append(norm)
                # the first rule-level spelling wins for display; instead/veto travel with it
                info.setdefault(pid, details)
        return PhraseSet(frozenset(ids), info, tuple(dict.fromkeys(forms)))

    def _expand(self, item: str | PhraseItem, where: str) -> list[tuple[str, PhraseInfo]]:
        if isinstance(item, PhraseItem):
            details = PhraseInfo(item.phrase, item.instead, item.veto, item.points)
            return [(form, details) for form in item.forms]
        if item.startswith("@"):
            name = item[1:]
            if name not in self.named:
                known = ", ".join(sorted(self.named)) or "none defined"
                raise RulebookError(f"{where}: unknown phrase list '@{name}' (known: {known})")
            return [(p, PhraseInfo(p)) for p in self.named[name]]
        return [(item, PhraseInfo(item))]

    def build(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for norm, pid in self.ids.items():
            automaton.add_word(norm, (pid, len(norm)))
        if len(automaton):
            automaton.make_automaton()
        self.automaton = automaton
        return automaton

    def words(self) -> Sequence[str]:
        return list(self.ids)
