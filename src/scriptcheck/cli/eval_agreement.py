"""``scriptcheck eval --second-labels``: the calibration table and JSON of two labellers
(:mod:`scriptcheck.agreement`), next to eval's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from scriptcheck.agreement import Agreement, RuleAgreement


def ratio(value: float | None) -> str:
    """A figure to two places, or – when it is undefined."""
    return "–" if value is None else f"{value:.2f}"


def agreement_json(agreed: Agreement, first: Path, second: Path) -> dict[str, Any]:
    def row(a: RuleAgreement) -> dict[str, Any]:
        book = a.rulebook
        return {
            "rule": a.rule_id,
            "calls": a.calls,
            "both": len(a.both),
            "first_only": len(a.first_only),
            "second_only": len(a.second_only),
            "neither": a.neither,
            "agreement": a.agreement,
            "kappa": a.kappa,
            "agreed": {
                "tp": len(book.true_positives),
                "fp": len(book.false_positives),
                "fn": len(book.false_negatives),
                "precision": book.precision,
                "recall": book.recall,
            },
            "first_only_calls": a.first_only,
            "second_only_calls": a.second_only,
        }

    return {
        "first": str(first),
        "second": str(second),
        "calls": agreed.calls,
        "rules": [row(a) for a in agreed.rules.values()],
        "overall": row(agreed.overall),
    }


def print_agreement(agreed: Agreement, first: Path, second: Path) -> None:
    """The calibration table (93 columns wide with the longest rule id), then the calls behind
    each disagreement. Piped, it is laid out for 100 columns rather than rich's 80."""
    console = Console()
    if not console.is_terminal:
        console = Console(width=max(console.width, 100))
    table = Table(
        title=f"两位质检员一致性: {agreed.calls} 通电话 (第一位 {escape(first.name)}, "
        f"第二位 {escape(second.name)})",
        title_justify="left",
    )
    table.add_column("规则", no_wrap=True)
    for column in ("都标", "仅第一", "仅第二", "一致率", "κ", "精确率*", "召回率*"):
        table.add_column(column, justify="right", no_wrap=True)
    shown = [a for a in agreed.rules.values() if _counted(a)]
    for a in [*shown, agreed.overall]:
        table.add_row(
            a.rule_id,
            str(len(a.both)),
            str(len(a.first_only)),
            str(len(a.second_only)),
            ratio(a.agreement),
            ratio(a.kappa),
            ratio(a.rulebook.precision),
            ratio(a.rulebook.recall),
            style="bold" if a.rule_id == "overall" else None,
        )
    console.print(table)
    console.print(
        "[dim]一致率 = 2·都标 / (2·都标 + 仅第一 + 仅第二); κ: Cohen's kappa; "
        "*规则(仅一致标注): 两人意见不一的通话不计[/]",
        soft_wrap=True,
    )
    for a in shown:
        for who, calls in (("仅第一位", a.first_only), ("仅第二位", a.second_only)):
            if calls:
                console.print(
                    f"[magenta]一人标注 {who}[/] {a.rule_id}: {escape(', '.join(calls))}",
                    soft_wrap=True,
                )


def _counted(a: RuleAgreement) -> bool:
    """A row worth showing: someone labelled the rule, or the rulebook found it."""
    book = a.rulebook
    return bool(a.both or a.first_only or a.second_only or book.false_positives)
