"""The batch summary as an Excel workbook (openpyxl).

Sheets: 概要 (totals, grades, score bands), 规则 (rules most broken), 坐席 (per agent, with
where the 工号 came from: 文件 or 开场白), 通话 (one row per call), 问题 (one row per finding, in
turn order) and 无法读取 (the files and JSONL lines that could not be read, with the reason).
A call is named as in every other output (``path``, ``path#CALL_ID`` or ``path#LINE``); turn
numbers (轮次) are 1-based. Headers in Chinese, bold on a shaded fill, frozen; column widths set.
Needs :class:`BatchStats` built with ``keep_rows=True``.

Every text cell is stored as text, never as a formula or an error code: an agent id
``=HYPERLINK(…)`` or a turn ``=SUM(1,2) 喂你好`` from a transcript is shown as written, not
turned into a live link, a computed value or a formula Excel calls damaged. Text that looks
like a formula (:mod:`scriptcheck.formatters.spreadsheet`) also gets Excel's quote prefix, so
editing the cell keeps it text. Control characters Excel refuses are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from rich.cells import cell_len

from scriptcheck.formatters.spreadsheet import fit_cell, looks_like_formula
from scriptcheck.report.stats import BatchStats

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="3B6FB6")
_MAX_WIDTH = 60


def _cell(sheet: Worksheet, value: object) -> object:
    """``value`` for ``sheet.append``: text as a text cell, anything else as it is."""
    if not isinstance(value, str):
        return value
    # control codes a bad transcript may carry are dropped; a too long text cut with a marker
    text = fit_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    cell = Cell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would store "=…" as a formula and "#N/A" as an error
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def _width(value: object) -> int:
    """Display width in character cells: East Asian wide characters count double."""
    return 0 if value is None else cell_len(str(value))


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    widths = [_width(h) for h in header]
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])
        widths = [max(w, _width(v)) for w, v in zip(widths, row, strict=False)]
    for i, cell in enumerate(sheet[1], start=1):
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(i)].width = min(widths[i - 1] + 2, _MAX_WIDTH)
    sheet.freeze_panes = "A2"
    return sheet


def _summary_rows(stats: BatchStats) -> list[tuple[object, object]]:
    mean = None if stats.mean_score is None else round(stats.mean_score, 1)
    rows: list[tuple[object, object]] = [
        ("通话", stats.calls),
        ("通过", stats.passed),
        ("未通过", stats.failed),
        ("平均分", mean),
        ("无法读取的文件", len(stats.bad_files)),
    ]
    rows += [(f"等级 {grade}", count) for grade, count in stats.grade_counts()]
    rows += [(f"分数 {band}", count) for band, count in stats.score_bins()]
    return rows


def build_workbook(stats: BatchStats) -> Workbook:
    """The six-sheet workbook for ``stats``."""
    if not stats.keep_rows and stats.calls:
        raise ValueError("BatchStats(keep_rows=True) is needed for the Excel report")
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "概要", ("项目", "数值"), _summary_rows(stats))
    rules = _sheet(
        book,
        "规则",
        ("规则", "标题", "级别", "违反的通话", "占比", "次数", "扣分"),
        (
            (
                r.rule_id,
                r.title,
                r.severity.label,
                r.calls,
                round(stats.share(r.calls), 4),
                r.findings,
                r.deducted,
            )
            for r in stats.top_rules()
        ),
    )
    for (share,) in rules.iter_rows(min_row=2, min_col=5, max_col=5):
        share.number_format = "0%"
    _sheet(
        book,
        "坐席",
        ("工号", "来源", "通话", "平均分", "未通过", "最常违反的规则", "该规则违反次数"),
        (
            (
                a.agent_id,
                a.source,
                a.calls,
                round(a.mean_score, 1),
                a.failed,
                *(a.top_rule or ("", 0)),
            )
            for a in stats.agents()
        ),
    )
    _sheet(
        book,
        "通话",
        (
            "通话",
            "文件",
            "通话 ID",
            "工号",
            "工号来源",
            "热线",
            "得分",
            "等级",
            "一票否决",
            "未通过",
            "错误",
            "警告",
            "提示",
            "违反的规则",
        ),
        (
            (
                c.name,
                c.path,
                c.call_id,
                c.agent_id,
                c.agent_source,
                c.hotline,
                c.score,
                c.grade,
                "是" if c.vetoed else "否",
                "是" if c.failed else "否",
                *c.counts,
                " ".join(c.violated),
            )
            for c in stats.rows
        ),
    )
    _sheet(
        book,
        "问题",
        (
            "通话",
            "文件",
            "通话 ID",
            "工号",
            "规则",
            "标题",
            "级别",
            "轮次",
            "行",
            "角色",
            "原话",
            "说明",
            "应说",
            "扣分",
        ),
        (
            (
                c.name,
                c.path,
                c.call_id,
                c.agent_id,
                f.rule_id,
                f.title,
                f.severity.label,
                None if f.turn is None else f.turn + 1,
                f.line,
                f.role,
                f.quote,
                f.message,
                f.suggestion,
                f.points,
            )
            for c in stats.rows
            for f in c.findings
        ),
    )
    _sheet(book, "无法读取", ("文件", "原因"), stats.bad_files)
    return book


__all__ = ["build_workbook"]
