"""The batch summary in the terminal: rich tables with Chinese headings."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from scriptcheck.report.stats import SOURCE_GREETING, BatchStats

TOP_RULES = 15
TOP_AGENTS = 30


def _fmt(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def _pct(share: float) -> str:
    return f"{share:.0%}"


def summary_table(stats: BatchStats) -> Table:
    table = Table(title="概要", title_justify="left")
    for column in ("通话", "通过", "未通过", "平均分", "无法读取"):
        table.add_column(column, justify="right")
    table.add_row(
        str(stats.calls),
        str(stats.passed),
        str(stats.failed),
        _fmt(stats.mean_score),
        str(len(stats.bad_files)),
    )
    return table


def distribution_table(stats: BatchStats) -> Table:
    """Grades and 10-point bands side by side."""
    table = Table(title="分数分布", title_justify="left")
    table.add_column("等级")
    table.add_column("通话", justify="right")
    table.add_column("占比", justify="right")
    table.add_column("分数段", justify="right")
    table.add_column("通话", justify="right")
    grades = stats.grade_counts()
    bins = list(reversed(stats.score_bins()))
    for i in range(max(len(grades), len(bins))):
        grade = grades[i] if i < len(grades) else None
        band = bins[i] if i < len(bins) else None
        table.add_row(
            grade[0] if grade else "",
            str(grade[1]) if grade else "",
            _pct(stats.share(grade[1])) if grade else "",
            band[0] if band else "",
            str(band[1]) if band else "",
        )
    return table


def rules_table(stats: BatchStats, limit: int = TOP_RULES) -> Table:
    table = Table(title="最常违反的规则", title_justify="left")
    table.add_column("规则", no_wrap=True)  # ids are searched for: never cut or wrap them
    table.add_column("标题", overflow="fold")
    table.add_column("级别", no_wrap=True)
    for column in ("通话", "占比", "次数", "扣分"):
        table.add_column(column, justify="right")
    for rule in stats.top_rules(limit):
        table.add_row(
            rule.rule_id,
            rule.title,
            rule.severity.label,
            str(rule.calls),
            _pct(stats.share(rule.calls)),
            str(rule.findings),
            f"{rule.deducted:g}",
        )
    return table


def agents_table(stats: BatchStats, limit: int = TOP_AGENTS) -> Table:
    caption = (
        f"来源「{SOURCE_GREETING}」: 文件没有给出工号, 取自客服开场白 (如 工号9381)"
        if stats.stated_agents
        else None
    )
    table = Table(
        title="坐席 (平均分从低到高)", title_justify="left", caption=caption, caption_justify="left"
    )
    table.add_column("工号")
    table.add_column("来源")
    for column in ("通话", "平均分", "未通过"):
        table.add_column(column, justify="right")
    table.add_column("最常违反")
    for agent in stats.agents()[:limit]:
        top = agent.top_rule
        table.add_row(
            agent.agent_id,
            agent.source,
            str(agent.calls),
            _fmt(agent.mean_score),
            str(agent.failed),
            f"{top[0]} ({top[1]})" if top else "",
        )
    return table


def worst_table(stats: BatchStats) -> Table:
    table = Table(title="得分最低的通话", title_justify="left")
    table.add_column("通话", overflow="fold")
    table.add_column("工号")
    table.add_column("得分", justify="right")
    table.add_column("等级")
    table.add_column("违反的规则")
    for call in stats.worst_calls():
        veto = " (一票否决)" if call.vetoed else ""
        table.add_row(
            call.name,
            (call.agent_id or "") + (f" ({SOURCE_GREETING})" if call.agent_stated else ""),
            f"{call.score:g}",
            call.grade + veto,
            _rule_list(call.violated),
        )
    return table


def _rule_list(rule_ids: tuple[str, ...], shown: int = 3) -> str:
    """``3 条: a, b, c`` or ``13 条: a, b, c …``."""
    more = " …" if len(rule_ids) > shown else ""
    return f"{len(rule_ids)} 条: {', '.join(rule_ids[:shown])}{more}" if rule_ids else ""


def print_report(stats: BatchStats, console: Console) -> None:
    """Print every table of the batch summary."""
    console.print(summary_table(stats))
    if not stats.calls:
        return
    for table in (distribution_table(stats), rules_table(stats), agents_table(stats)):
        console.print(table)
    console.print(worst_table(stats))


__all__ = ["print_report"]
