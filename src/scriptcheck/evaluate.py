"""Compare the rulebook's verdicts with the violations QA staff labelled by hand
(:mod:`scriptcheck.labels`): precision, recall and F1 per rule and overall, and the calls behind
every disagreement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from scriptcheck.errors import ScriptcheckError
from scriptcheck.labels import Label
from scriptcheck.model import Result


@dataclass
class RuleScore:
    rule_id: str
    true_positives: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        found = len(self.true_positives) + len(self.false_positives)
        return len(self.true_positives) / found if found else None

    @property
    def recall(self) -> float | None:
        labelled = len(self.true_positives) + len(self.false_negatives)
        return len(self.true_positives) / labelled if labelled else None

    def tally(self, call: str, found: bool, expected: bool) -> None:
        """Count one call: found and labelled, found only, or labelled only."""
        if found and expected:
            self.true_positives.append(call)
        elif found:
            self.false_positives.append(call)
        elif expected:
            self.false_negatives.append(call)

    def add(self, other: RuleScore) -> None:
        """Pool another rule's calls into this score (the overall row)."""
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)


@dataclass
class Evaluation:
    rules: dict[str, RuleScore]
    calls: int
    errors: list[str]
    unknown_labels: dict[str, list[str]]  # rule ids in labels that no rulebook has → calls

    @property
    def overall(self) -> RuleScore:
        total = RuleScore("overall")
        for score in self.rules.values():
            total.add(score)
        return total


def evaluate(
    labels: Iterable[Label],
    check_file: Callable[[Label], list[Result]],
    known_rules: Callable[[Label], set[str]],
) -> Evaluation:
    """Check every labelled call and tally agreements per rule.

    ``check_file`` returns the results for a label's file (raising ScriptcheckError on a bad
    file, which is recorded and skipped); ``known_rules`` the rule ids its rulebook has, so a
    rule that is not in the rulebook is not scored as missed.
    """
    scores: dict[str, RuleScore] = {}
    errors: list[str] = []
    unknown: dict[str, list[str]] = defaultdict(list)
    calls = 0
    for label in labels:
        name = label.path.name
        try:
            results = check_file(label)
        except ScriptcheckError as exc:
            errors.append(str(exc))
            continue
        known = known_rules(label)
        for rule_id in sorted(label.violations - known):
            unknown[rule_id].append(name)
        for result in results:
            calls += 1
            found = {o.rule_id for o in result.violated}
            for rule_id in known:
                score = scores.setdefault(rule_id, RuleScore(rule_id))
                score.tally(name, rule_id in found, rule_id in label.violations)
    return Evaluation(dict(sorted(scores.items())), calls, errors, dict(unknown))
