"""``scriptcheck eval LABELS``: precision, recall and F1 of the rulebook against QA labels."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from scriptcheck.agreement import Verdict, compare_labellers, pairing_problems
from scriptcheck.cli.common import Settings, fail, resolve_settings
from scriptcheck.cli.eval_agreement import agreement_json, print_agreement, ratio
from scriptcheck.cli.options import CONFIG_OPTION, reading_options
from scriptcheck.config import Config, check_rule_names, discover_config
from scriptcheck.errors import InputError, ScriptcheckError
from scriptcheck.labels import Label
from scriptcheck.model import Result
from scriptcheck.plan import RunPlan, compile_rulebooks, load_rulebooks_by_key
from scriptcheck.rulebook.loader import Rulebook, load_rulebook
from scriptcheck.rulebook.packs import pack_names
from scriptcheck.runner import Checker


@click.command("eval")
@click.argument("labels", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--rules",
    "rule_sources",
    multiple=True,
    metavar="PACK|FILE",
    help="Check every call with this rulebook instead of each label's own 'rules'.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--min-precision",
    type=click.FloatRange(0, 1),
    default=None,
    help="Exit 1 if any rule's precision is below this.",
)
@click.option(
    "--min-recall",
    type=click.FloatRange(0, 1),
    default=None,
    help="Exit 1 if any rule's recall is below this.",
)
@click.option(
    "--second-labels",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="A second labeller's labels of the same calls (any labels format; paths relative to "
    "FILE): adds how often the two agree per rule (counts, positive agreement, Cohen's kappa), "
    "the rulebook's precision/recall on the calls they agree about, and the disputed calls.",
)
@click.option("--select", multiple=True, help="Only these rule ids, id prefixes or tags.")
@click.option("--ignore", multiple=True, help="Skip these rule ids, id prefixes or tags.")
@CONFIG_OPTION
@reading_options
def eval_command(
    labels: Path,
    rule_sources: tuple[str, ...],
    output_format: str,
    min_precision: float | None,
    min_recall: float | None,
    second_labels: Path | None,
    **options: Any,
) -> None:
    """Compare the rulebook's verdicts with calls QA staff labelled.

    LABELS is a YAML file mapping each call file to the rule ids it violates
    (`call.txt: {rules: power, violations: [open.work-id]}`), or a CSV with
    columns file, violations (separated by ';', '；' or '、') and optionally rules (or
    文件, 违规, 规则), saved as UTF-8, GBK or UTF-16 (Excel's CSV). Call files are found
    relative to the labels file. Calls are checked as `scriptcheck check` checks them:
    with the config file found from the labels' folder (rules, select/ignore,
    per-path-ignores, [hotlines], speakers, encoding…) and the same input options.
    Prints precision, recall and F1 per rule and overall, and the calls behind every false
    positive and false negative. A call labelled twice, or a rule id or pack that does not
    exist, is an error (exit 2) before any call is checked; --min-precision / --min-recall
    make a rule below the bar exit 1 (for CI), naming the rule on stderr.

    --second-labels FILE adds a calibration table (两位质检员一致性): per rule, the calls both
    labellers labelled, only the first, only the second, their positive agreement and Cohen's
    kappa, and the rulebook's precision and recall on the calls they agree about; FILE must
    label the same calls with the same rules (else exit 2 before any call is checked).
    """
    from scriptcheck.evaluate import evaluate
    from scriptcheck.labels import label_problems, load_labels

    config = _config(labels, options["config_path"])
    try:
        checkers = _Checkers(
            resolve_settings({**_CHECK_DEFAULTS, **options, "rules": ()}, config), config
        )
    except ScriptcheckError as exc:
        fail(str(exc))
    try:
        if rule_sources:
            _load_option(rule_sources, checkers)
        labelled = load_labels(labels)
        problems = label_problems(labelled, checkers.rule_ids, checkers.every_rule_id)
        second: list[Label] = []
        if second_labels is not None:
            second = load_labels(second_labels)
            problems += _second_problems(labels, labelled, second_labels, second, checkers)
        if problems:
            for problem in problems:
                click.echo(f"error: {problem}", err=True)
            sys.exit(2)
        result = evaluate(labelled, checkers.check_file, checkers.rule_ids)
    except ScriptcheckError as exc:
        fail(str(exc))
    reasons = {rule_id: checkers.why_unscored(rule_id) for rule_id in result.unknown_labels}
    agreed = compare_labellers(labelled, second, checkers.verdicts) if second_labels else None
    if output_format == "json":
        document = _as_json(result, reasons)
        if agreed is not None and second_labels is not None:
            document["agreement"] = agreement_json(agreed, labels, second_labels)
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print(result, reasons)
        if agreed is not None and second_labels is not None:
            print_agreement(agreed, labels, second_labels)
    low = _below_bars(result, min_precision, min_recall)
    for line in low:
        click.echo(f"error: {line}", err=True)
    sys.exit(2 if result.errors else 1 if low else 0)


#: options of ``check`` that ``eval`` does not offer, with the values that mean "unset"
_CHECK_DEFAULTS: dict[str, Any] = {
    "output_format": None,
    "per_call": False,
    "statistics": False,
    "template": False,
    "jobs": 1,
    "fail_on": None,
    "fail_under": None,
}


def _config(labels: Path, explicit: str | None) -> Config:
    """``--config``, else the config file found upward from the labels' folder."""
    try:
        return discover_config(explicit, start=labels.resolve().parent)
    except ScriptcheckError as exc:
        fail(str(exc))


class _Checkers:
    """One :class:`~scriptcheck.runner.Checker` per rulebook choice (``--rules``, a label's
    ``rules``, else the config's or the call's hotline pack), as ``scriptcheck check`` would
    check the call; remembers which rules each labelled call was checked with."""

    def __init__(self, settings: Settings, config: Config) -> None:
        self.settings = settings
        self.config = config
        self.rule_sources: tuple[str, ...] = ()
        self._checkers: dict[tuple[str, ...], Checker] = {}
        self._keys: dict[tuple[str, ...], set[str]] = {}  # the rulebooks each checker used
        self._checked: dict[Path, set[str]] = {}
        self.verdicts: dict[Path, Verdict] = {}  # by the call's resolved path

    def plan(self, label: Label | None) -> RunPlan:
        base = self.settings.plan
        if self.rule_sources:
            return replace(base, rules=self.rule_sources)
        if label is not None and label.rules:
            return replace(base, rules=(label.rules,))
        return base

    def checker(self, label: Label | None) -> Checker:
        plan = self.plan(label)
        if plan.rules not in self._checkers:
            if plan.rules:
                check_rule_names(self.config, plan.rules)
            books = load_rulebooks_by_key(plan)
            compile_rulebooks(books)
            self._checkers[plan.rules] = Checker(plan, books)
            self._keys[plan.rules] = set(books)
        return self._checkers[plan.rules]

    def books(self) -> list[Rulebook]:
        """Every rulebook in use (selection applied)."""
        return [
            self._checkers[rules].rulebook(key)
            for rules, keys in self._keys.items()
            for key in sorted(keys)
        ]

    def rule_ids(self, label: Label) -> set[str]:
        """The rules the label's call was checked with (before it is: its rulebook's)."""
        if label.path in self._checked:
            return self._checked[label.path]
        checker = self.checker(label)
        keys = self._keys[checker.plan.rules]
        return {r.id for key in keys for r in checker.rulebook(key).rules}

    def every_rule_id(self) -> set[str]:
        packs = [load_rulebook(name).rules for name in pack_names()]
        used = [book.rules for book in self.books()]
        return {rule.id for rules in [*packs, *used] for rule in rules}

    def check_file(self, label: Label) -> list[Result]:
        """Read and check the label's call file; a file that cannot be read raises."""
        checker = self.checker(label)
        report = checker.check_file(str(label.path))
        error = report.error or next(iter(report.record_errors), None)
        if error is not None:
            raise InputError(error, path=str(label.path))
        self._keys[checker.plan.rules].update(r.pack for r in report.results if r.pack)
        self._checked[label.path] = {o.rule_id for r in report.results for o in r.outcomes}
        self.verdicts[label.path.resolve()] = Verdict(
            frozenset(self._checked[label.path]),
            tuple(frozenset(o.rule_id for o in r.violated) for r in report.results),
        )
        return list(report.results)

    def why_unscored(self, rule_id: str) -> str:
        """Why a labelled rule was not scored: disabled (where), left out by the selection,
        or another pack's rule."""
        for book in self.books():
            if rule_id in book.disabled:
                return f"is disabled by {book.disabled[rule_id]}"
        plan = self.settings.plan
        if plan.select or plan.ignore or plan.per_path_ignores:
            every = {r.id for name in pack_names() for r in load_rulebook(name).rules}
            if rule_id in every | {r.id for b in self.books() for r in b.rules}:
                return "is left out by select/ignore or per-path-ignores"
        return "is another pack's rule, not in the rulebook these calls are checked with"


def _below_bars(result: Any, min_precision: float | None, min_recall: float | None) -> list[str]:
    """One line per rule whose precision or recall is below the bar: rule, figure, bar."""
    lines = []
    for s in result.rules.values():
        for name, value, bar in (
            ("precision", s.precision, min_precision),
            ("recall", s.recall, min_recall),
        ):
            if bar is not None and value is not None and value < bar:
                lines.append(f"{s.rule_id}: {name} {value:.2f} is below --min-{name} {bar:g}")
    return lines


def _second_problems(
    labels: Path, first: list[Label], path: Path, second: list[Label], checkers: _Checkers
) -> list[str]:
    """The second labels' mistakes: calls not paired with the first's (or with other rules),
    then rule ids no rulebook has."""
    from scriptcheck.labels import label_problems

    return [
        *pairing_problems(first, second, labels, path),
        *label_problems(second, checkers.rule_ids, checkers.every_rule_id),
    ]


def _load_option(rule_sources: tuple[str, ...], checkers: _Checkers) -> None:
    """Load --rules before any label, so that its mistakes are reported as the option's."""
    from scriptcheck.errors import RulebookError
    from scriptcheck.rulebook.problems import all_errors

    checkers.rule_sources = rule_sources
    try:
        checkers.checker(None)
    except RulebookError as exc:
        for error in all_errors(exc):
            click.echo(f"error: {error if error.path else f'--rules: {error.message}'}", err=True)
        sys.exit(2)


def _as_json(result: Any, reasons: dict[str, str]) -> dict[str, Any]:
    def row(s: Any) -> dict[str, Any]:
        return {
            "rule": s.rule_id,
            "tp": len(s.true_positives),
            "fp": len(s.false_positives),
            "fn": len(s.false_negatives),
            "precision": s.precision,
            "recall": s.recall,
            "f1": s.f1,
            "false_positives": s.false_positives,
            "false_negatives": s.false_negatives,
        }

    return {
        "calls": result.calls,
        "rules": [row(s) for s in result.rules.values()],
        "overall": row(result.overall),
        "errors": result.errors,
        "unknown_labels": result.unknown_labels,
        "unscored_because": reasons,
    }


def _print(result: Any, reasons: dict[str, str]) -> None:
    console = Console()
    table = Table(title=f"规则准确度: {result.calls} 通电话", title_justify="left")
    for column in ("规则", "TP", "FP", "FN", "精确率", "召回率", "F1"):
        table.add_column(column, justify="left" if column == "规则" else "right", no_wrap=True)
    scored = [
        s
        for s in result.rules.values()
        if s.true_positives or s.false_positives or s.false_negatives
    ]
    for s in [*scored, result.overall]:
        style = "bold" if s.rule_id == "overall" else None
        table.add_row(
            s.rule_id,
            str(len(s.true_positives)),
            str(len(s.false_positives)),
            str(len(s.false_negatives)),
            ratio(s.precision),
            ratio(s.recall),
            ratio(s.f1),
            style=style,
        )
    console.print(table)
    # one line per rule however long (soft wrap: grep-able when piped); names are not markup
    for s in scored:
        if s.false_positives:
            calls = escape(", ".join(s.false_positives))
            console.print(f"[yellow]误报 FP[/] {s.rule_id}: {calls}", soft_wrap=True)
        if s.false_negatives:
            calls = escape(", ".join(s.false_negatives))
            console.print(f"[red]漏报 FN[/] {s.rule_id}: {calls}", soft_wrap=True)
    for rule_id, calls in result.unknown_labels.items():
        console.print(
            f"[dim]note: {rule_id} {escape(reasons[rule_id])}: not scored "
            f"({escape(', '.join(calls))})[/]",
            soft_wrap=True,
        )
    for error in result.errors:
        console.print(f"[red]error:[/] {escape(error)}", highlight=False, soft_wrap=True)
