"""``scriptcheck rules list | show | validate | test``: browse, explain and self-test rulebooks."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from scriptcheck.errors import InputError, RulebookError
from scriptcheck.model import Role, Severity, Status

RULES_OPTION = click.option(
    "--rules",
    "rule_sources",
    multiple=True,
    metavar="PACK|FILE",
    help=(
        "Rule pack name (core, power, telecom, courier) or rulebook YAML file; repeatable, "
        "later ones on top (a rule id two of them define is the later one's). Default: core."
    ),
)
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# what each rule kind checks, in words QA staff read (`rules show`)
KIND_NAMES = {
    "require": "必须说",
    "forbid": "不能说",
    "pattern": "句式",
    "respond": "须回应",
    "restate": "须复述",
    "count": "次数",
    "timing": "时间",
    "hangup": "挂机",
    "all": "同时满足",
    "any": "满足其一",
    "not": "不得满足",
    "when": "条件适用",
}
_EXPECTED = {"pass": Status.PASSED, "fail": Status.VIOLATED, "na": Status.NOT_APPLICABLE}


def _load(sources: tuple[str, ...]) -> Any:
    from scriptcheck.rulebook.loader import load_rulebook

    try:
        return load_rulebook(*sources)
    except RulebookError as exc:
        _echo_errors(exc)
        sys.exit(2)


def _echo_errors(exc: RulebookError) -> None:
    """Every problem of a rulebook error, one ``error: FILE:LINE:COLUMN: …`` line each."""
    from scriptcheck.rulebook.problems import all_errors

    for error in all_errors(exc):
        click.echo(f"error: {error}", err=True)


@click.group("rules")
def rules() -> None:
    """Browse, explain, validate and self-test rulebooks."""


@rules.command("list")
@RULES_OPTION
def list_rules(rule_sources: tuple[str, ...]) -> None:
    """List the rules: id, severity, points and title."""
    book = _load(rule_sources)
    table = Table(title=f"{book.name}: {len(book.rules)} 条规则", title_justify="left")
    table.add_column("规则", no_wrap=True)
    table.add_column("级别", no_wrap=True)
    table.add_column("扣分", no_wrap=True, justify="right")
    table.add_column("标题", overflow="fold")
    table.add_column("标签", overflow="fold")
    for rule in book.rules:
        style = _SEVERITY_STYLE[rule.severity]
        points = f"{rule.points:g}" + (" 否决" if rule.veto else "")
        table.add_row(
            rule.id,
            f"[{style}]{Severity(rule.severity).label}[/]",
            points,
            escape(rule.title),
            " ".join(rule.tags),
        )
    Console().print(table)


@rules.command("show")
@click.argument("rule_id")
@RULES_OPTION
def show_rule(rule_id: str, rule_sources: tuple[str, ...]) -> None:
    """Explain one rule: what it checks, why, its source passage and its examples."""
    book = _load(rule_sources)
    try:
        rule = book.rule(rule_id)
    except KeyError:
        if rule_id in book.disabled:
            click.echo(
                f"error: rule '{rule_id}' is disabled by {book.disabled[rule_id]}; "
                "remove that entry to check it, or show it with --rules of a pack that has it",
                err=True,
            )
            sys.exit(2)
        click.echo(
            f"error: no rule '{rule_id}' in {book.name}{_where_else(rule_id, book)}", err=True
        )
        sys.exit(2)
    console = Console()
    default = " (未写 points, 按级别默认)" if rule.id in book.default_points else ""
    lines = [
        f"[bold]{escape(rule.title)}[/]  ({Severity(rule.severity).label} {rule.severity}"
        f" · 扣 {rule.points:g} 分"
        + default
        + (" · 一票否决" if rule.veto else "")
        + f" · {KIND_NAMES.get(rule.kind, rule.kind)} {rule.kind})",
        "",
        escape(rule.description or rule.message or ""),
    ]
    if rule.instead:
        lines += ["", f"[green]应说:[/] {escape(rule.instead)}"]
    if rule.source:
        lines += ["", f"[dim]来源: {escape(rule.source)}[/]"]
    if rule.tags:
        lines += [f"[dim]标签: {' '.join(rule.tags)}[/]"]
    console.print(Panel("\n".join(lines), title=rule.id, title_align="left"))
    if rule.kind == "forbid":
        console.print(_phrase_table(rule))
    for label, examples in (
        ("✔ 合规示例", rule.examples.passing),
        ("✘ 违规示例", rule.examples.failing),
        ("– 不适用示例", rule.examples.not_applicable),
    ):
        for text in examples:
            console.print(
                Panel(escape(text.rstrip()), title=label, title_align="left", border_style="dim")
            )


def _where_else(rule_id: str, book: Any) -> str:
    """What to do about a rule id a rulebook lacks: the shipped packs that have it (``(it is
    in: power, telecom; add --rules power)``), else the ids that look like it."""
    packs = _packs_with(rule_id, exclude=set(book.sources))
    if packs:
        return f" (it is in: {', '.join(packs)}; add --rules {packs[0]})"
    close = [r.id for r in book.rules if rule_id.split(".")[0] in r.id][:5]
    return f" (did you mean: {', '.join(close)}?)" if close else " (see 'scriptcheck rules list')"


def _packs_with(rule_id: str, exclude: set[str]) -> list[str]:
    """The shipped packs, other than ``exclude``, that check ``rule_id``."""
    from scriptcheck.rulebook.loader import cached_rulebook
    from scriptcheck.rulebook.packs import pack_names

    found = []
    for pack in pack_names():
        if pack in exclude:
            continue
        try:
            ids = {rule.id for rule in cached_rulebook(pack).rules}
        except RulebookError:
            continue  # a pack that does not load is no help here; its own validate says why
        if rule_id in ids:
            found.append(pack)
    return found


def _phrase_table(rule: Any) -> Table:
    """The forbidden phrases and, for each, what to say instead (服务忌语 → 规范用语)."""
    table = Table(title="忌语与规范用语", title_justify="left")
    table.add_column("不可以说", overflow="fold")
    table.add_column("应说", overflow="fold")
    for item in rule.phrases:
        if isinstance(item, str):
            table.add_row(escape(item), escape(rule.instead or ""))
            continue
        said = escape(" / ".join(item.forms)) + (" [red](一票否决)[/]" if item.veto else "")
        table.add_row(said, escape(item.instead or rule.instead or ""))
    return table


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(files: tuple[str, ...]) -> None:
    """Check rulebook files: schema, phrase lists, regexes, extends. Errors give file:line:column."""
    from scriptcheck.engine import compile_rulebook
    from scriptcheck.rulebook.loader import load_rulebook

    failed = False
    for path in files:
        try:
            book = load_rulebook(path)
            compile_rulebook(book)
        except RulebookError as exc:
            _echo_errors(exc)
            failed = True
            continue
        click.echo(f"{path}: ok ({len(book.rules)} rules)")
    sys.exit(2 if failed else 0)


@dataclass(frozen=True)
class Disagreement:
    """A rule example that did not end as its label says; ``where`` is its file:line."""

    rule_id: str
    label: str
    number: int
    got: str
    reason: str | None
    where: str = ""


@rules.command("test")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@RULES_OPTION
def test_rules(files: tuple[str, ...], rule_sources: tuple[str, ...]) -> None:
    """Run every rule's own examples: 'pass' must pass, 'fail' must be violated, 'na' must be
    not applicable. Exit 1 if any example disagrees."""
    book = _load(tuple(files) + rule_sources)
    disagreements, total = run_examples(book)
    for d in disagreements:
        why = f" ({d.reason})" if d.reason else ""
        at = f" at {d.where}" if d.where else ""
        click.echo(f"FAIL {d.rule_id}: {d.label} example {d.number}{at} ended {d.got}{why}")
    untested = [r.id for r in book.rules if not (r.examples.passing and r.examples.failing)]
    for rule_id in untested:
        click.echo(f"note: {rule_id} has no pass/fail example pair")
    click.echo(f"{book.name}: {total - len(disagreements)} passed, {len(disagreements)} failed")
    sys.exit(1 if disagreements else 0)


def run_examples(book: Any) -> tuple[list[Disagreement], int]:
    """Check every example of every rule with that rule alone; return the disagreements."""
    from scriptcheck.engine import check
    from scriptcheck.readers import ReadOptions, read_text

    options = ReadOptions(
        speaker_aliases={k: Role(v) for k, v in book.settings.speaker_aliases.items()}
    )
    disagreements: list[Disagreement] = []
    total = 0
    for rule in book.rules:
        single = book.subset([rule.id])
        for label, examples in (
            ("pass", rule.examples.passing),
            ("fail", rule.examples.failing),
            ("na", rule.examples.not_applicable),
        ):
            for number, text in enumerate(examples, 1):
                total += 1
                where = _example_where(book, rule.id, label, number)
                try:
                    shown = f"{rule.id}:{label}{number}"
                    transcript = read_text(text, path=shown, options=options)[0]
                except InputError as exc:
                    reason = _example_read_error(exc)
                    disagreements.append(
                        Disagreement(rule.id, label, number, "unreadable", reason, where)
                    )
                    continue
                outcome = check(transcript, single).outcomes[0]
                if outcome.status is not _EXPECTED[label]:
                    reason = "; ".join(_finding_text(f) for f in outcome.findings)
                    reason = reason or outcome.reason or ""
                    disagreements.append(
                        Disagreement(rule.id, label, number, outcome.status.value, reason, where)
                    )
    return disagreements, total


def _example_where(book: Any, rule_id: str, label: str, number: int) -> str:
    """``file:line`` of a rule's example in its rulebook, or "" when not known."""
    path, line = book.example_origins.get((rule_id, label, number), (None, None))
    if path is None:
        return ""
    return f"{path}:{line}" if line else str(path)


def _finding_text(finding: Any) -> str:
    """What made an example violated: the rule id, the turn and the quoted words."""
    turn = f" turn {finding.turn + 1}" if finding.turn is not None else ""
    said = f" “{finding.quote}”" if finding.quote else f" {finding.message}"
    return f"{finding.rule_id}{turn}:{said}"


def _example_read_error(exc: InputError) -> str:
    """Why an example could not be read, with what a rule author can do about it (an example
    has no --speaker option: it needs a 客服: turn, or the rulebook's speaker_aliases)."""
    message = str(exc)
    if "no agent turn" in message:
        head = message.split("; map the", 1)[0].split("; map ", 1)[0]
        return f"{head}; add a 客服: turn (or settings.speaker_aliases)"
    return message
