"""`scriptcheck report` on a batch a training lead acts on: unreadable files listed in the Excel
report, every call of a JSONL file traceable, 工号 taken from the greeting when the file gives
none (and marked so), deductions and turn order in the HTML report."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from scriptcheck.cli import main

BATCH = Path(__file__).parent / "data" / "report" / "batch"
MULTI = str(BATCH / "multi.jsonl")
C_BAD = str(BATCH.parent / "c_bad_2048.txt")


def run_report(*args: str) -> tuple[int, str]:
    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(main, ["report", "-j", "1", "--rules", "power", "--no-color", *args])
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("reports")
    html, xlsx = folder / "r.html", folder / "r.xlsx"
    code, out = run_report(str(BATCH), "--html", str(html), "--xlsx", str(xlsx))
    return {
        "code": code,
        "out": out,
        "html": html.read_text(encoding="utf-8"),
        "book": openpyxl.load_workbook(xlsx),
    }


def sheet_rows(book, title: str) -> list[dict[str, object]]:
    rows = list(book[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_xlsx_lists_every_unreadable_file_and_jsonl_line_with_its_reason(reports):
    assert reports["code"] == 2
    bad = sheet_rows(reports["book"], "无法读取")
    assert list(bad[0]) == ["文件", "原因"]
    reasons = {Path(str(r["文件"])).name: str(r["原因"]) for r in bad}
    assert set(reasons) == {"multi.jsonl", "nolabel.txt"}
    assert reasons["multi.jsonl"].startswith("line 2:")
    assert "no speaker labels" in reasons["nolabel.txt"]
    summary = dict(reports["book"]["概要"].iter_rows(values_only=True))
    assert summary["无法读取的文件"] == 2


def test_xlsx_has_an_empty_unreadable_sheet_when_every_file_reads(tmp_path):
    target = tmp_path / "ok.xlsx"
    code, _ = run_report(str(BATCH / "asr_9381_a.json"), "--xlsx", str(target), "--quiet")
    assert code == 0
    book = openpyxl.load_workbook(target)
    assert [c.value for c in book["无法读取"][1]] == ["文件", "原因"]
    assert book["无法读取"].max_row == 1


def test_calls_of_one_jsonl_file_without_call_id_are_named_by_their_line(reports):
    calls = sheet_rows(reports["book"], "通话")
    names = [str(c["通话"]) for c in calls if str(c["文件"]).endswith("multi.jsonl")]
    assert sorted(names) == [f"{MULTI}#1", f"{MULTI}#3"]
    problems = sheet_rows(reports["book"], "问题")
    assert {p["通话"] for p in problems if str(p["文件"]).endswith("multi.jsonl")} == set(names)
    assert f"{MULTI}#1" in reports["html"] and f"{MULTI}#3" in reports["html"]
    assert "multi.jsonl#1" in reports["out"] and "multi.jsonl#3" in reports["out"]


def test_agent_id_is_taken_from_the_greeting_and_marked_as_such(reports):
    agents = {a["工号"]: a for a in sheet_rows(reports["book"], "坐席")}
    assert "(未知)" in agents  # multi.jsonl#3 says no 工号 at all
    assert agents["9381"]["通话"] == 2  # 工号九三八一 and 9381号为您服务, both ASR calls
    assert agents["9381"]["来源"] == "开场白"
    assert agents["1024"]["来源"] == "文件 + 开场白 (1 通)"
    calls = {Path(str(c["通话"])).name: c for c in sheet_rows(reports["book"], "通话")}
    assert (calls["asr_9381_a.json"]["工号"], calls["asr_9381_a.json"]["工号来源"]) == (
        "9381",
        "开场白",
    )


def test_agent_id_given_by_the_file_is_never_replaced_by_the_greeting(reports):
    calls = {Path(str(c["通话"])).name: c for c in sheet_rows(reports["book"], "通话")}
    header = calls["header_1024_says_9381.txt"]  # # agent_id: 1024, greeting says 工号9381
    assert (header["工号"], header["工号来源"]) == ("1024", "文件")


def test_html_and_terminal_say_where_a_greeting_agent_id_came_from(reports):
    assert "<th>来源</th>" in reports["html"]
    assert "取自客服开场白" in reports["html"]
    assert "工号 9381 (开场白)" in reports["html"]
    assert "取自客服开场白" in reports["out"]
    assert "9381 (开场白)" in reports["out"]


def test_html_rule_table_has_the_points_deducted(reports):
    html = str(reports["html"])
    assert "<th>扣分</th>" in html
    row = re.search(r"<tr><td>fault\.tell-eta</td>(.*?)</tr>", html)
    assert row is not None
    assert re.findall(r'<td class="num">([^<]*)</td>', row.group(1))[-1] == "40"  # 4 calls x 10


def test_html_worst_call_findings_are_in_turn_order(tmp_path):
    target = tmp_path / "r.html"
    run_report(C_BAD, "--html", str(target), "--quiet")
    details = target.read_text(encoding="utf-8").split("<details>")[1]
    turns = [int(t) for t in re.findall(r'<tr><td class="num">(\d+)</td>', details)]
    assert len(set(turns)) > 2
    assert turns == sorted(turns)


def test_xlsx_findings_are_in_turn_order_and_1_based(tmp_path):
    target = tmp_path / "r.xlsx"
    run_report(C_BAD, "--xlsx", str(target), "--quiet")
    turns = [p["轮次"] for p in sheet_rows(openpyxl.load_workbook(target), "问题")]
    numbered = [t for t in turns if t is not None]
    assert numbered == sorted(numbered) and min(numbered) >= 1
