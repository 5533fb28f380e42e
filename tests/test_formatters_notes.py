"""What CI formats show of a call beyond its findings (its notes), and how they list findings:
in reading order, each title said once."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from scriptcheck.cli import main

DATA = Path(__file__).parent / "data" / "ci_notes"
CALL, STALE, BOOK = str(DATA / "call.txt"), str(DATA / "stale.txt"), str(DATA / "book.yaml")
HOTLINE_NOTE = "hotline 'gas' names no pack; checked with core"
STALE_NOTE = "line 1: suppression of test.no-wei suppressed nothing"


def _check(*args: str) -> str:
    result = CliRunner().invoke(main, ["check", "--jobs", "1", *args])
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_github_warns_of_a_hotline_without_a_pack() -> None:
    output = _check(CALL, "--format", "github")
    assert f"::warning file={CALL},title=scriptcheck::{HOTLINE_NOTE}" in output


def test_github_warns_of_a_stale_suppression() -> None:
    output = _check(STALE, "--rules", BOOK, "--format", "github")
    assert f"::warning file={STALE},title=scriptcheck::{STALE_NOTE}" in output


def test_junit_puts_notes_in_system_out() -> None:
    root = ET.fromstring(_check(CALL, STALE, "--rules", BOOK, "--format", "junit"))
    outs = {c.get("file"): c.findtext("system-out") or "" for c in root.iter("testcase")}
    assert f"注意: {STALE_NOTE}" in outs[STALE]
    root = ET.fromstring(_check(CALL, "--format", "junit"))
    assert HOTLINE_NOTE in (root.find(".//testcase/system-out").text or "")


def test_sarif_lists_notes_as_tool_notifications() -> None:
    log = json.loads(_check(CALL, "--format", "sarif"))
    invocation = log["runs"][0]["invocations"][0]
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert any(HOTLINE_NOTE in text for text in texts)
    assert {n["level"] for n in invocation["toolExecutionNotifications"]} == {"warning"}
    assert invocation["executionSuccessful"] is True  # a note is not a failed run


def test_ci_formats_list_findings_by_line_not_by_rule() -> None:
    # the rulebook lists test.no-wei (line 5) before test.no-ni (line 4)
    github = _check(CALL, "--rules", BOOK, "--format", "github")
    assert re.findall(r",line=(\d+)", github) == ["4", "4", "5"]
    concise = _check(CALL, "--rules", BOOK, "--format", "concise")
    assert re.findall(rf"{re.escape(CALL)}:(\d+):", concise) == ["4", "4", "5"]
    root = ET.fromstring(_check(CALL, "--rules", BOOK, "--format", "junit"))
    lines = root.find(".//testcase/system-out").text.splitlines()
    assert [re.search(r"第(\d+)行", line)[1] for line in lines] == ["4", "4", "5"]


def test_a_rule_without_message_says_its_title_once() -> None:
    for fmt in ("github", "concise", "text"):
        output = _check(CALL, "--rules", BOOK, "--format", fmt, "--no-color")
        assert "漏气报警未提示安全措施(未说" in output
        assert output.count("漏气报警未提示安全措施") == 1, fmt


def test_when_finding_names_its_trigger_and_needs_one_of_each_group() -> None:
    output = _check(CALL, "--rules", BOOK, "--format", "concise")
    assert "(未说: 开窗 / 打开门窗；不要开关电器; 触发: 第2轮客户「漏气」)" in output
