"""``scriptcheck eval LABELS``: precision, recall and F1 of the rulebook against QA labels."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from scriptcheck.errors import ScriptcheckError


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


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
def eval_command(
    labels: Path,
    rule_sources: tuple[str, ...],
    output_format: str,
    min_precision: float | None,
    min_recall: float | None,
) -> None:
    """Compare the rulebook's verdicts with calls QA staff labelled.

    LABELS is a YAML file mapping each call file to the rule ids it violates
    (`call.txt: {rules: power, violations: [open.work-id]}`), or a CSV with
    columns file, violations (separated by ';', '；' or '、') and optionally rules (or
    文件, 违规, 规则), saved as UTF-8, GBK or UTF-16 (Excel's CSV). Call files are found
    relative to the labels file. Prints precision, recall and F1 per rule and overall,
    and the calls behind every false positive and false negative. A call labelled twice,
    or a rule id or pack that does not exist, is an error (exit 2) before any call is
    checked; --min-precision / --min-recall make a rule below the bar exit 1 (for CI).
    """
    from scriptcheck.engine import check, compile_rulebook
    from scriptcheck.evaluate import evaluate, label_problems, load_labels
    from scriptcheck.readers import read_file
    from scriptcheck.rulebook.loader import load_rulebook, pack_names

    books: dict[tuple[str, ...], Any] = {}

    def book_for(label: Any) -> Any:
        sources = rule_sources or ((label.rules,) if label.rules else ())
        if sources not in books:
            books[sources] = compile_rulebook(load_rulebook(*sources))
        return books[sources]

    def rule_ids(label: Any) -> set[str]:
        return {r.id for r in book_for(label).rulebook.rules}

    def every_rule_id() -> set[str]:
        packs = [load_rulebook(name).rules for name in pack_names()]
        used = [book.rulebook.rules for book in books.values()]
        return {rule.id for rules in [*packs, *used] for rule in rules}

    def check_file(label: Any) -> list[Any]:
        book = book_for(label)
        return [check(t, book) for t in read_file(label.path)]

    try:
        if rule_sources:
            _load_option(rule_sources, book_for)
        labelled = load_labels(labels)
        problems = label_problems(labelled, rule_ids, every_rule_id)
        if problems:
            for problem in problems:
                click.echo(f"error: {problem}", err=True)
            sys.exit(2)
        result = evaluate(labelled, check_file, rule_ids)
    except ScriptcheckError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if output_format == "json":
        click.echo(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
    else:
        _print(result)
    low = [
        s
        for s in result.rules.values()
        if (min_precision is not None and s.precision is not None and s.precision < min_precision)
        or (min_recall is not None and s.recall is not None and s.recall < min_recall)
    ]
    sys.exit(2 if result.errors else 1 if low else 0)


def _load_option(rule_sources: tuple[str, ...], book_for: Any) -> None:
    """Load --rules before any label, so that its mistakes are reported as the option's."""
    from scriptcheck.errors import RulebookError
    from scriptcheck.rulebook.problems import all_errors

    try:
        book_for(None)
    except RulebookError as exc:
        for error in all_errors(exc):
            click.echo(f"error: {error if error.path else f'--rules: {error.message}'}", err=True)
        sys.exit(2)


def _as_json(result: Any) -> dict[str, Any]:
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
    }


def _print(result: Any) -> None:
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
            _ratio(s.precision),
            _ratio(s.recall),
            _ratio(s.f1),
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
            f"[dim]note: {rule_id} is another pack's rule, not in the rulebook these calls are "
            f"checked with: not scored ({escape(', '.join(calls))})[/]",
            soft_wrap=True,
        )
    for error in result.errors:
        console.print(f"[red]error:[/] {escape(error)}", highlight=False, soft_wrap=True)
