"""Compare the rulebook's verdicts with the violations QA staff labelled by hand.

Labels are YAML (``call.txt: {rules: power, violations: [open.work-id]}`` or simply
``call.txt: [open.work-id]``) or CSV (columns ``file``, ``violations`` separated by ``;`` or
spaces, optional ``rules``). Paths are relative to the labels file. The result gives precision,
recall and F1 per rule and overall, and the calls behind every disagreement.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scriptcheck.errors import ConfigError, ScriptcheckError
from scriptcheck.model import Result


@dataclass(frozen=True)
class Label:
    path: Path
    violations: frozenset[str]
    rules: str | None = None  # the pack or rulebook this call is checked with


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
            total.true_positives += score.true_positives
            total.false_positives += score.false_positives
            total.false_negatives += score.false_negatives
        return total


def load_labels(path: Path) -> list[Label]:
    """Read a labels file (YAML or CSV); paths inside are relative to it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read labels: {exc.strerror or exc}", path=str(path)) from None
    base = path.parent
    if path.suffix.lower() in (".csv", ".tsv"):
        return _labels_from_csv(text, base, path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"labels are not valid YAML: {exc}", path=str(path)) from None
    if not isinstance(data, dict):
        raise ConfigError("labels must map each call file to its violated rule ids", path=str(path))
    return [_label(base, str(name), entry, path) for name, entry in data.items()]


def _label(base: Path, name: str, entry: Any, source: Path) -> Label:
    rules = None
    if isinstance(entry, dict):
        unknown = set(entry) - {"rules", "violations"}
        if unknown:
            raise ConfigError(
                f"{name}: unknown key '{sorted(unknown)[0]}' (expected rules, violations)",
                path=str(source),
            )
        rules = entry.get("rules")
        entry = entry.get("violations") or []
    if entry is None:
        entry = []
    if not isinstance(entry, list) or not all(isinstance(v, str) for v in entry):
        raise ConfigError(f"{name}: violations must be a list of rule ids", path=str(source))
    return Label(base / name, frozenset(entry), rules)


def _labels_from_csv(text: str, base: Path, source: Path) -> list[Label]:
    dialect = "excel-tab" if source.suffix.lower() == ".tsv" else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise ConfigError(
            "labels CSV needs a header with 'file' and 'violations' columns", path=str(source)
        )
    labels = []
    for row in reader:
        ids = (row.get("violations") or "").replace(";", " ").replace(",", " ").split()
        labels.append(Label(base / row["file"], frozenset(ids), (row.get("rules") or None)))
    return labels


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
                expected = rule_id in label.violations
                if rule_id in found and expected:
                    score.true_positives.append(name)
                elif rule_id in found:
                    score.false_positives.append(name)
                elif expected:
                    score.false_negatives.append(name)
    return Evaluation(dict(sorted(scores.items())), calls, errors, dict(unknown))
