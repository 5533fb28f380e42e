"""CI output formats of `scriptcheck check`: SARIF, JUnit XML, GitHub annotations, Markdown."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from scriptcheck.cli import main
from scriptcheck.formatters import formatter_class
from scriptcheck.formatters.github import escape_data, escape_property, workflow_command
from scriptcheck.formatters.markdown import escape_cell

DATA = Path(__file__).parent / "data" / "ci"
RUDE = str(DATA / "rude_call.txt")
PIPE = str(DATA / "pipe_call.txt")
CLEAN = str(DATA / "clean_call.txt")
EMPTY = str(DATA / "empty.txt")


def run_check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "-j", "1", "--rules", "power", *args])
    return result.exit_code, result.stdout


def sarif_log(*paths: str) -> dict:
    _, out = run_check("--format", "sarif", *paths)
    return json.loads(out)


def test_ci_formats_are_registered():
    for name in ("sarif", "junit", "github", "markdown"):
        assert formatter_class(name).name == name


# ---------------------------------------------------------------- SARIF


def test_sarif_validates_against_the_official_schema():
    # the OASIS SARIF 2.1.0 (rtm.5) JSON Schema, as vendored by Microsoft's MIT-licensed
    # @microsoft/jest-sarif package (tests/data/ci/sarif-2.1.0-rtm.5.schema.json)
    schema = json.loads((DATA / "sarif-2.1.0-rtm.5.schema.json").read_text(encoding="utf-8"))
    log = sarif_log(RUDE, CLEAN, EMPTY)
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1


def test_sarif_driver_lists_rules_with_title_help_level_and_tags():
    driver = sarif_log(RUDE)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "scriptcheck"
    assert driver["version"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    forbidden = rules["courtesy.forbidden-phrase"]
    assert forbidden["shortDescription"]["text"] == "使用服务忌语"
    assert forbidden["fullDescription"]["text"]
    assert forbidden["defaultConfiguration"]["level"] == "error"
    assert isinstance(forbidden["properties"]["tags"], list)
    assert rules["open.no-wei"]["help"]["text"].startswith("应说: ")


def test_sarif_result_points_at_the_evidence_line_and_column():
    run = sarif_log(RUDE)["runs"][0]
    results = [r for r in run["results"] if r["ruleId"] == "courtesy.forbidden-phrase"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    # line 6 is "[00:00:08] 客服: 你说什么?大声点。": the turn text starts at column 16
    assert {"startLine": 6, "startColumn": 16} in regions
    assert {"startLine": 6, "startColumn": 21} in regions  # 大声点
    # 我不知道 starts the continuation line 9 of the turn begun on line 8
    assert {"startLine": 9, "startColumn": 1} in regions
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_result_has_level_message_with_suggestion_and_rule_index():
    run = sarif_log(RUDE)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    result = next(r for r in run["results"] if r["ruleId"] == "courtesy.forbidden-phrase")
    assert result["level"] == "error"
    assert "应说: " in result["message"]["text"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("tests/data/ci/rude_call.txt")


def test_sarif_reports_bad_files_as_tool_notifications():
    invocation = sarif_log(RUDE, EMPTY)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "empty" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("empty.txt")


# ---------------------------------------------------------------- JUnit


def junit_suite(*args: str) -> ET.Element:
    _, out = run_check("--format", "junit", *args)
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    return root.find("testsuite")


def test_junit_has_one_testcase_per_call_with_pack_classname():
    suite = junit_suite(RUDE, CLEAN)
    cases = suite.findall("testcase")
    assert len(cases) == 2
    assert {c.get("classname") for c in cases} == {"scriptcheck.power"}
    assert suite.get("tests") == "2"
    assert suite.get("failures") == "1"
    assert any(c.get("name").endswith("#CI-0001") for c in cases)


def test_junit_failing_call_has_one_failure_per_violated_rule():
    suite = junit_suite(RUDE)
    [case] = suite.findall("testcase")
    failures = case.findall("failure")
    rule_ids = [f.get("message").split()[0] for f in failures]
    assert len(rule_ids) == len(set(rule_ids))
    assert "courtesy.forbidden-phrase" in rule_ids
    forbidden = failures[rule_ids.index("courtesy.forbidden-phrase")]
    assert forbidden.get("type") == "error"
    assert forbidden.text.count("应说: ") == 3  # one line per finding


def test_junit_passing_call_lists_warnings_in_system_out():
    suite = junit_suite("--fail-on", "never", RUDE)
    [case] = suite.findall("testcase")
    assert case.find("failure") is None
    assert "开场未问候" not in case.find("system-out").text  # messages, not titles
    assert "第6行" in case.find("system-out").text


def test_junit_reports_bad_file_as_error():
    suite = junit_suite(RUDE, EMPTY)
    assert suite.get("errors") == "1"
    errors = [c for c in suite.findall("testcase") if c.find("error") is not None]
    assert errors[0].get("name").endswith("empty.txt")


# ---------------------------------------------------------------- GitHub


def test_github_annotation_has_file_line_col_and_rule_title():
    _, out = run_check("--format", "github", RUDE)
    lines = out.splitlines()
    wanted = (
        "::error file=" + escape_property(RUDE) + ",line=6,col=16,title=courtesy.forbidden-phrase::"
    )
    assert any(line.startswith(wanted) for line in lines)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_github_escapes_data_and_properties():
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    command = workflow_command("warning", "行1\n行2", file="x,y.txt", line=3, col=None)
    assert command == "::warning file=x%2Cy.txt,line=3::行1%0A行2"


def test_github_bad_file_is_an_error_annotation():
    _, out = run_check("--format", "github", EMPTY, RUDE)
    assert out.splitlines()[0].startswith("::error file=" + escape_property(EMPTY))


# ---------------------------------------------------------------- Markdown


def test_markdown_has_summary_table_then_failing_calls():
    _, out = run_check("--format", "markdown", RUDE, CLEAN)
    assert "| 通话 | 通过 | 未通过 | 平均分 | 无法读取 |" in out
    assert "| 2 | 1 | 1 |" in out
    assert "### ✗ `" + RUDE + "`" in out
    assert "clean_call" not in out  # passing calls are not listed
    assert "| 轮次 | 规则 | 原话 | 应说 |" in out


def test_markdown_escapes_pipes_in_transcript_text():
    _, out = run_check("--format", "markdown", PIPE)
    table_rows = [line for line in out.splitlines() if "open.greeting" in line]
    assert table_rows
    assert "你好\\|请讲" in table_rows[0]
    assert table_rows[0].count(" | ") == 3  # still four cells


@pytest.mark.parametrize(
    ("raw", "cell"),
    [
        ("a|b", "a\\|b"),
        ("<script>", "&lt;script&gt;"),
        ("138****5678", "138\\*\\*\\*\\*5678"),
        ("两行\n文字", "两行 文字"),
    ],
)
def test_markdown_cell_escaping(raw: str, cell: str):
    assert escape_cell(raw) == cell


def test_redact_flag_masks_numbers_in_ci_formats():
    for fmt in ("sarif", "junit", "github", "markdown"):
        _, out = run_check("--format", fmt, "--redact", "--fail-on", "warning", RUDE)
        assert "您的电话是138" in out  # the quote is there…
        assert "13812345678" not in out  # …but the numbers are masked
        assert "您的电话是138 1234 5678" not in out
