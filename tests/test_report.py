"""`scriptcheck report`: batch statistics, terminal tables, the HTML and Excel reports."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import scriptcheck
import scriptcheck.cli.report
from scriptcheck.cli import main
from scriptcheck.cli.stopping import Terminated
from scriptcheck.report import BatchStats
from scriptcheck.report.html import bar_chart, render_html

DATA = Path(__file__).parent / "data" / "report"
BATCH = Path(__file__).parent / "data" / "batch"
CALLS = ["a_script_tag.txt", "b_clean_1024.txt", "c_bad_2048.txt", "d_1024.txt"]


@pytest.fixture(scope="module")
def results() -> list[scriptcheck.Result]:
    book = scriptcheck.compile_rulebook(scriptcheck.load_rulebook("power"))
    return [
        scriptcheck.check(t, book)
        for name in CALLS
        for t in scriptcheck.load_transcript(str(DATA / name))
    ]


def stats_of(results: list[scriptcheck.Result], **kwargs: object) -> BatchStats:
    stats = BatchStats(**kwargs)  # type: ignore[arg-type]
    for result in results:
        stats.add(result)
    return stats


def run_report(*args: str) -> tuple[int, str]:
    runner = CliRunner(env={"COLUMNS": "160"})
    result = runner.invoke(main, ["report", "-j", "1", "--rules", "power", *args])
    return result.exit_code, result.stdout


def test_stats_count_calls_grades_and_bins(results):
    stats = stats_of(results)
    assert stats.calls == 4
    assert stats.passed + stats.failed == 4
    assert sum(n for _, n in stats.grade_counts()) == 4
    assert [g for g, _ in stats.grade_counts()] == ["优秀", "良好", "合格", "不合格"]
    assert sum(n for _, n in stats.score_bins()) == 4
    assert stats.score_bins()[-1][0] == "90-100"
    assert stats.mean_score == pytest.approx(sum(r.score for r in results) / 4)


def test_stats_rank_rules_by_calls_that_broke_them(results):
    stats = stats_of(results)
    top = stats.top_rules()
    assert [r.calls for r in top] == sorted((r.calls for r in top), reverse=True)
    forbidden = next(r for r in top if r.rule_id == "courtesy.forbidden-phrase")
    assert forbidden.calls == 2  # a_script_tag and c_bad_2048
    assert stats.share(forbidden.calls) == 0.5


def test_stats_per_agent_mean_failures_and_top_rule(results):
    agents = {a.agent_id: a for a in stats_of(results).agents()}
    bad = agents["2048"]
    assert bad.calls == 2
    assert bad.failed == 2
    assert bad.top_rule is not None and bad.top_rule[1] == 2
    assert agents["1024"].mean_score > bad.mean_score
    assert next(iter(agents)) == "2048"  # lowest mean score first


def test_stats_keep_only_the_worst_calls(results):
    stats = stats_of(results, worst=2)
    worst = stats.worst_calls()
    assert len(worst) == 2
    assert [c.score for c in worst] == sorted(r.score for r in results)[:2]
    assert worst[0].findings  # worst calls carry their findings for the HTML report


def test_report_prints_tables_and_exits_2_for_a_bad_file():
    code, out = run_report(str(DATA), "--no-color")
    assert code == 2  # e_empty.txt cannot be read
    for heading in ("概要", "分数分布", "最常违反的规则", "坐席", "得分最低的通话"):
        assert heading in out
    assert "courtesy.forbidden-phrase" in out


def test_report_exit_0_when_every_file_reads():
    code, _ = run_report(*(str(DATA / name) for name in CALLS))
    assert code == 0


def test_html_report_is_offline_and_escapes_transcript_text(tmp_path):
    target = tmp_path / "report.html"
    code, _ = run_report(str(DATA), "--html", str(target), "--quiet", "--skip-bad-files")
    assert code == 0
    html = target.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert html.count("<svg") >= 2  # grades and top rules at least
    assert "e_empty.txt" in html  # the unreadable file is listed


def test_bar_chart_escapes_labels():
    svg = bar_chart([("<b>规则</b>", 3), ("二", 1)], title="t&t")
    assert "<b>" not in svg
    assert "&lt;b&gt;" in svg
    assert svg.count("<rect") == 2


def test_render_html_without_calls_still_renders():
    html = render_html(BatchStats())
    assert "<svg" not in html
    assert "通话" in html


def test_xlsx_report_has_six_sheets_with_chinese_headers(tmp_path):
    target = tmp_path / "report.xlsx"
    run_report(*(str(DATA / name) for name in CALLS), "--xlsx", str(target), "--quiet")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["概要", "规则", "坐席", "通话", "问题", "无法读取"]
    calls = book["通话"]
    assert [c.value for c in calls[1]][:5] == ["通话", "文件", "通话 ID", "工号", "工号来源"]
    assert calls.max_row == 1 + len(CALLS)
    assert calls["A1"].font.bold
    assert calls.column_dimensions["A"].width > 10
    problems = book["问题"]
    assert problems.max_row > len(CALLS)
    header = [c.value for c in problems[1]]
    assert {"规则", "原话", "应说"} <= set(header)


def test_xlsx_and_html_are_written_atomically(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    run_report(str(DATA / CALLS[0]), "--html", str(target), "--quiet")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert os.listdir(tmp_path) == ["report.html"]  # no temp file left behind


@pytest.mark.parametrize("option", ["--html", "--xlsx"])
def test_report_onto_an_input_transcript_is_refused(tmp_path, option):
    call = tmp_path / "call.txt"
    call.write_bytes((DATA / CALLS[0]).read_bytes())
    result = CliRunner().invoke(main, ["report", str(call), option, str(call), "--quiet"])
    assert result.exit_code == 2
    assert f"{option} {call} is one of the transcripts to check" in result.stderr
    assert call.read_bytes() == (DATA / CALLS[0]).read_bytes()


def test_report_to_a_missing_folder_is_a_usage_error(tmp_path):
    code, _ = run_report(str(DATA / CALLS[0]), "--html", str(tmp_path / "no" / "r.html"))
    assert code == 2


def test_report_redact_masks_numbers_in_html(tmp_path):
    target = tmp_path / "report.html"
    run_report(str(DATA / CALLS[0]), "--html", str(target), "--redact", "--quiet")
    html = target.read_text(encoding="utf-8")
    assert "13912345678" not in html
    assert "110101199003071234" not in html


def test_xlsx_stores_formula_like_transcript_text_as_text(tmp_path):
    target = tmp_path / "f.xlsx"
    code, _ = run_report(str(BATCH / "formula.json"), "--xlsx", str(target), "--quiet")
    assert code == 0
    book = openpyxl.load_workbook(target)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    agent = '=HYPERLINK("http://evil.example","点我")'
    assert book["坐席"]["A2"].value == agent and book["坐席"]["A2"].quotePrefix
    header, row = book["通话"].iter_rows(max_row=2, values_only=True)
    call = dict(zip(header, row, strict=True))
    assert (call["通话 ID"], call["工号"], call["得分"]) == ("=1+2", agent, 20)
    quotes = [row[10] for row in book["问题"].iter_rows(min_row=2, values_only=True)]
    assert "=SUM(1,2) 喂你好" in quotes


def test_xlsx_quotes_text_starting_with_each_formula_character(tmp_path):
    target = tmp_path / "prefixes.xlsx"
    calls = str(BATCH / "formula_prefixes.jsonl")
    code, _ = run_report(calls, "--xlsx", str(target), "--quiet")
    assert code == 0
    sheet = openpyxl.load_workbook(target)["通话"]
    header = [c.value for c in sheet[1]]
    call_id, agent_id = header.index("通话 ID"), header.index("工号")
    agents = {row[call_id].value: row[agent_id] for row in sheet.iter_rows(min_row=2)}
    # read back, XML gives a carriage return as a line feed; \x01 is dropped (not allowed in XML)
    expected = ["=1+2", "+1+2", "-1+2", "@SUM(1)", "\t=1+2", "\n=1+2", "=1+2"]
    assert [agents[f"p{i}"].value for i in range(1, 8)] == expected
    assert all(agents[f"p{i}"].quotePrefix for i in range(1, 8))
    assert all(agents[f"p{i}"].data_type == "s" for i in range(1, 8))


def test_stats_list_every_grade_band_given_even_without_calls():
    bands = [("乙", 70.0), ("甲", 95.0), ("丙", 0.0)]
    assert BatchStats(grades=bands).grade_counts() == [("甲", 0), ("乙", 0), ("丙", 0)]


def test_report_lists_custom_grade_bands_no_call_got(tmp_path):
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    rules = str(BATCH / "grades_abc.yaml")
    call = str(DATA / "c_bad_2048.txt")
    result = CliRunner(env={"COLUMNS": "160"}).invoke(
        main,
        ["report", "-j", "1", "--rules", rules, call, "--html", str(html), "--xlsx", str(xlsx)],
    )
    assert result.exit_code == 0, result.output
    summary = dict(openpyxl.load_workbook(xlsx)["概要"].iter_rows(min_row=2, values_only=True))
    assert [(k, v) for k, v in summary.items() if k.startswith("等级")] == [
        ("等级 甲", 0),
        ("等级 乙", 0),
        ("等级 丙", 1),
    ]
    assert all(grade in result.stdout for grade in ("甲", "乙", "丙"))
    page = html.read_text(encoding="utf-8")
    assert page.index(">甲<") < page.index(">乙<") < page.index(">丙<")


def test_sigterm_while_writing_the_workbook_says_which_report_was_written(
    tmp_path, monkeypatch: pytest.MonkeyPatch
):
    def write_workbook(*args: object) -> None:
        raise Terminated  # what the SIGTERM handler raises

    monkeypatch.setattr(scriptcheck.cli.report, "write_workbook", write_workbook)
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        main, ["report", "-j", "1", str(DATA / CALLS[1]), "--html", str(html), "--xlsx", str(xlsx)]
    )
    assert result.exit_code == 143
    assert f"error: terminated (SIGTERM); only {html} was written" in result.stderr
    assert html.exists() and not xlsx.exists()


@pytest.mark.parametrize(
    ("option", "name", "expected"),
    [
        ("--html", "周报.xlsx", ".html"),
        ("--xlsx", "周报.html", ".xlsx"),
    ],
)
def test_report_file_named_for_another_format_is_refused(tmp_path, option, name, expected):
    target = tmp_path / name
    result = CliRunner().invoke(
        main, ["report", str(DATA / CALLS[0]), option, str(target), "--quiet"]
    )
    assert result.exit_code == 2
    assert f"{option} {target}: a {target.suffix} file cannot hold" in result.stderr
    assert f"name the file {target.with_suffix(expected)}" in result.stderr
    assert not target.exists()
