"""Calibration between two QA labellers (质检校准): how often they agree on each rule, and how the
rulebook scores on the calls where they agree (``scriptcheck eval LABELS --second-labels FILE``).

A rule on which two careful labellers agree only 75 % of the time cannot be held to 95 % precision;
on the calls where both agree, the rulebook is scored separately, the disputed calls left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scriptcheck.evaluate import RuleScore
from scriptcheck.labels import Label

#: how many call names an error message lists before it says "and N more"
_NAMED = 5


@dataclass(frozen=True)
class Verdict:
    """The rulebook's verdict on one labelled call file: the rule ids it was checked with and,
    per call in the file (usually one), the rule ids found violated."""

    rules: frozenset[str]
    violated: tuple[frozenset[str], ...]


@dataclass
class RuleAgreement:
    """Two labellers on one rule, over the calls the rule applies to (``calls``), and the
    rulebook's score on the calls where they agree."""

    rule_id: str
    calls: int = 0
    both: list[str] = field(default_factory=list)
    first_only: list[str] = field(default_factory=list)
    second_only: list[str] = field(default_factory=list)
    rulebook: RuleScore = field(default_factory=lambda: RuleScore(""))

    @property
    def neither(self) -> int:
        return self.calls - len(self.both) - len(self.first_only) - len(self.second_only)

    @property
    def agreement(self) -> float | None:
        """Positive agreement 2·both / (2·both + first-only + second-only); None if neither
        labeller labelled the rule on any call."""
        both = 2 * len(self.both)
        labelled = both + len(self.first_only) + len(self.second_only)
        return both / labelled if labelled else None

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa over the calls the rule applies to; None when it is undefined: no
        calls, or chance agreement of 1 (both labellers labelled every call alike: all
        violated or none)."""
        n = self.calls
        if not n:
            return None
        both, first, second = len(self.both), len(self.first_only), len(self.second_only)
        first_yes, second_yes = both + first, both + second
        observed = (both + self.neither) / n
        chance = (first_yes * second_yes + (n - first_yes) * (n - second_yes)) / (n * n)
        return None if chance == 1 else (observed - chance) / (1 - chance)


@dataclass
class Agreement:
    """Per rule (sorted by id) and overall: the two labellers' agreement and the rulebook's
    precision and recall on the calls they agree about."""

    rules: dict[str, RuleAgreement]
    calls: int  # labelled call files compared

    @property
    def overall(self) -> RuleAgreement:
        """Every (call, rule) pair the rule applies to pooled into one table."""
        total = RuleAgreement("overall", rulebook=RuleScore("overall"))
        for rule in self.rules.values():
            total.calls += rule.calls
            total.both += rule.both
            total.first_only += rule.first_only
            total.second_only += rule.second_only
            total.rulebook.add(rule.rulebook)
        return total


def compare_labellers(
    first: Iterable[Label],
    second: Iterable[Label],
    verdicts: Mapping[Path, Verdict],
) -> Agreement:
    """Compare two labellers' labels of the same calls, rule by rule, with the rulebook's
    verdicts (keyed by each label's resolved path).

    How it counts: a rule applies to a call file when the file was checked with a rulebook that
    has the rule (``Verdict.rules``); each such (file, rule) is counted once: labelled by both,
    by the first only, by the second only, or by neither. Files without a verdict (not checked:
    unreadable) and labels of rules the call was not checked with are left out. Kappa is
    Cohen's over those 2×2 counts; the overall row pools every (file, rule) pair. The rulebook
    is scored on the files where the two agree about the rule (both labelled it or neither
    did), each call in the file counted as ``scriptcheck eval`` counts it.
    """
    by_path = {label.path.resolve(): label for label in second}
    rules: dict[str, RuleAgreement] = {}
    calls = 0
    for label in first:
        path = label.path.resolve()
        verdict, other = verdicts.get(path), by_path.get(path)
        if verdict is None or other is None:
            continue
        calls += 1
        for rule_id in verdict.rules:
            rule = rules.setdefault(rule_id, RuleAgreement(rule_id, rulebook=RuleScore(rule_id)))
            _count(rule, label.path.name, label.violations, other.violations, verdict)
    return Agreement(dict(sorted(rules.items())), calls)


def _count(
    rule: RuleAgreement,
    name: str,
    first: frozenset[str],
    second: frozenset[str],
    verdict: Verdict,
) -> None:
    """Count one call file for one rule: the labellers, then the rulebook if they agree."""
    rule.calls += 1
    in_first, in_second = rule.rule_id in first, rule.rule_id in second
    if in_first != in_second:
        (rule.first_only if in_first else rule.second_only).append(name)
        return
    if in_first:
        rule.both.append(name)
    for found in verdict.violated:
        rule.rulebook.tally(name, rule.rule_id in found, in_first)


def pairing_problems(
    first: list[Label], second: list[Label], first_file: Path, second_file: Path
) -> list[str]:
    """Why the second labels do not label the same calls as the first, one line each: calls
    only one file has (up to five named, with the count) and calls labelled with other
    ``rules``."""
    firsts = {label.path.resolve(): label for label in first}
    seconds = {label.path.resolve(): label for label in second}
    problems = []
    extra = [label.name for path, label in seconds.items() if path not in firsts]
    if extra:
        problems.append(
            f"{second_file}: labels {_calls(extra)} that {first_file} does not have: "
            f"{_names(extra)}; label the same calls in both files{_relative_hint(firsts, seconds)}"
        )
    missing = [label.name for path, label in firsts.items() if path not in seconds]
    if missing:
        problems.append(
            f"{second_file}: misses {_calls(missing)} that {first_file} labels: "
            f"{_names(missing)}; label the same calls in both files"
        )
    for path, label in seconds.items():
        mine = firsts.get(path)
        if mine is not None and mine.rules != label.rules:
            problems.append(
                f"{label.where}: {label.name}: rules {label.rules or '(none)'}, but "
                f"{mine.where} has rules {mine.rules or '(none)'}; label the call with the "
                "same rules in both files"
            )
    return problems


def _calls(names: list[str]) -> str:
    return f"{len(names)} call{'s' if len(names) != 1 else ''}"


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:_NAMED])
    return f"{shown} and {len(names) - _NAMED} more" if len(names) > _NAMED else shown


def _relative_hint(firsts: Mapping[Path, Label], seconds: Mapping[Path, Label]) -> str:
    """When a call of the second file has the file name of a call of the first but lies in
    another folder, say where it was looked for: paths are relative to each labels file."""
    names = {path.name: path for path in firsts}
    for path in seconds:
        if path not in firsts and path.name in names:
            return (
                f" (paths are relative to each labels file: {path.name} here is {path}, "
                f"not {names[path.name]})"
            )
    return ""
