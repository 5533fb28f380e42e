"""The batch summary as one self-contained, offline HTML file.

No script, no CDN, no web font: inline CSS and bar charts drawn here as inline SVG. Every
piece of text that comes from a transcript, a path or a rulebook is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape

from rich.cells import cell_len

from scriptcheck.report.stats import SOURCE_FILE, SOURCE_GREETING, BatchStats, CallRow

CHART_TOP_RULES = 10
TABLE_TOP_RULES = 30
BAR_COLOR = "#3b6fb6"
_CSS = """
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
       margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em;
     border-bottom: 1px solid #ddd; padding-bottom: .3em; }
table { border-collapse: collapse; margin: .5em 0 1em; font-size: .92em; }
th, td { border: 1px solid #ddd; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f3f5f8; } td.num { text-align: right; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .6em 1.2em; min-width: 7em; }
.card b { display: block; font-size: 1.6em; }
.charts { display: flex; gap: 2em; flex-wrap: wrap; }
.failed { color: #b3261e; } .muted { color: #777; font-size: .9em; }
details { margin: .4em 0; } summary { cursor: pointer; }
svg text { font-size: 12px; fill: #222; }
"""


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, width: int = 480) -> str:
    """A horizontal bar chart as an inline ``<svg>``: one labelled bar per item. The label
    column is as wide as the longest label (CJK characters count double), so none is cut."""
    row, pad = 24, 40
    label_width = max([80, *(_label_px(label) for label, _ in items)]) + 12
    width = max(width, label_width + 240)
    height = row * max(1, len(items)) + 10
    top = max((value for _, value in items), default=0) or 1
    bar_space = width - label_width - pad
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img" aria-label="{escape(title)}">'
        ),
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        bar = round(bar_space * value / top, 1)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{bar}" height="{row - 8}" '
            f'fill="{BAR_COLOR}"/>'
            f'<text x="{label_width + bar + 4}" y="{y + 16}">{value:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _label_px(label: str) -> int:
    """Approximate rendered width of a label at the chart's 12-13 px font."""
    return 7 * cell_len(label)  # a wide (CJK) character is two cells: 14 px


def _table(header: Sequence[str], rows: Iterable[Sequence[object]], numeric: set[int]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{escape(str(v))}</td>'
            if i in numeric
            else f"<td>{escape(str(v))}</td>"
            for i, v in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cards(stats: BatchStats) -> str:
    mean = "—" if stats.mean_score is None else f"{stats.mean_score:.1f}"
    cards = (
        ("通话", stats.calls),
        ("通过", stats.passed),
        ("未通过", stats.failed),
        ("平均分", mean),
        ("无法读取", len(stats.bad_files)),
    )
    items = "".join(f'<div class="card">{escape(k)}<b>{escape(str(v))}</b></div>' for k, v in cards)
    return f'<div class="cards">{items}</div>'


def _charts(stats: BatchStats) -> str:
    grades = bar_chart(stats.grade_counts(), title="等级分布")
    rules = bar_chart(
        [(f"{r.rule_id} {r.title}", r.calls) for r in stats.top_rules(CHART_TOP_RULES)],
        title="最常违反的规则 (通话数)",
        width=640,
    )
    bins = bar_chart(list(reversed(stats.score_bins())), title="分数分布")
    return (
        '<div class="charts">'
        f"<figure>{grades}<figcaption>等级分布</figcaption></figure>"
        f"<figure>{bins}<figcaption>分数分布 (每 10 分)</figcaption></figure>"
        "</div>"
        f"<figure>{rules}<figcaption>最常违反的规则 (违反的通话数)</figcaption></figure>"
    )


def _rules(stats: BatchStats) -> str:
    rows = [
        (
            r.rule_id,
            r.title,
            r.severity.label,
            r.calls,
            f"{stats.share(r.calls):.0%}",
            r.findings,
            f"{r.deducted:g}",
        )
        for r in stats.top_rules(TABLE_TOP_RULES)
    ]
    return _table(("规则", "标题", "级别", "通话", "占比", "次数", "扣分"), rows, {3, 4, 5, 6})


def _agents(stats: BatchStats) -> str:
    rows = []
    for agent in stats.agents():
        top = agent.top_rule
        top_text = f"{top[0]} ({top[1]})" if top else ""
        rows.append(
            (
                agent.agent_id,
                agent.source,
                agent.calls,
                f"{agent.mean_score:.1f}",
                agent.failed,
                top_text,
            )
        )
    table = _table(("工号", "来源", "通话", "平均分", "未通过", "最常违反"), rows, {2, 3, 4})
    if not stats.stated_agents:
        return table
    note = (
        f"来源「{SOURCE_GREETING}」: 文件没有给出工号, 取自客服开场白中报的工号 (如 工号9381); "
        f"「{SOURCE_FILE}」: 取自文件的表头、说话人标签或工号列。"
    )
    return f'{table}<p class="muted">{escape(note)}</p>'


def _worst_call(call: CallRow) -> str:
    veto = " · 一票否决" if call.vetoed else ""
    stated = f" ({SOURCE_GREETING})" if call.agent_stated else ""
    agent = f" · 工号 {call.agent_id}{stated}" if call.agent_id else ""
    head = f"{call.name}{agent} — 得分 {call.score:g} · {call.grade}{veto}"
    rows = [
        (
            "" if f.turn is None else f.turn + 1,
            f.role or "",
            f"{f.rule_id} {f.title}",
            f.quote or "",
            f.suggestion or "",
        )
        for f in call.findings
    ]
    table = _table(("轮次", "角色", "规则", "原话", "应说"), rows, {0})
    css = ' class="failed"' if call.failed else ""
    return f"<details><summary{css}>{escape(head)}</summary>{table}</details>"


def _bad_files(stats: BatchStats) -> str:
    if not stats.bad_files:
        return ""
    items = "".join(f"<li>{escape(p)}: {escape(m)}</li>" for p, m in stats.bad_files)
    return f"<h2>无法读取的文件</h2><ul>{items}</ul>"


def render_html(
    stats: BatchStats, *, title: str = "scriptcheck 质检报告", rulebook: str = ""
) -> str:
    """The whole report as one HTML document (a string)."""
    made = datetime.now().strftime("%Y-%m-%d %H:%M")
    meta = f"生成时间 {made}" + (f" · 规则包 {rulebook}" if rulebook else "")
    sections = [
        f'<h1>{escape(title)}</h1><p class="muted">{escape(meta)}</p>',
        _cards(stats),
    ]
    if stats.calls:
        sections += [
            "<h2>分布</h2>",
            _charts(stats),
            "<h2>最常违反的规则</h2>",
            _rules(stats),
            "<h2>坐席</h2>",
            _agents(stats),
            "<h2>得分最低的通话</h2>",
            "".join(_worst_call(c) for c in stats.worst_calls()),
        ]
    sections.append(_bad_files(stats))
    body = "\n".join(sections)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


__all__ = ["bar_chart", "render_html"]
