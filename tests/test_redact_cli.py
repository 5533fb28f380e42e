"""`--redact` on the command line: no personal number survives in any output or error line,
whether it is in the call, in the rulebook's example phrases or in a file's name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scriptcheck.cli import main

DATA = Path(__file__).parent / "data" / "redact"
SPOKEN = DATA / "spoken.txt"  # numbers in Chinese numerals, mixed, spaced, split
FORMATS = ("text", "concise", "json", "jsonl", "csv", "sarif", "junit", "github", "markdown")
#: every personal number of spoken.txt and of the file names below, as digits or as written
FULL_NUMBERS = (
    "13812345678",
    "13912345678",
    "13712345678",
    "1234五六七八",
    "一二三四",
    "1 3 9 8 7 6 5 4 3 2 1",
    "一九四九一二三一",
    "19491231",
    "六七八九零",
    "021234567890123",
)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def assert_masked(text: str) -> None:
    leaked = [number for number in FULL_NUMBERS if number in text]
    assert not leaked, f"unmasked: {leaked}"


@pytest.fixture()
def named_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``calls/`` (relative: the working directory is ``tmp_path``) with a call whose file
    name is a phone number, and an unreadable one."""
    monkeypatch.chdir(tmp_path)
    folder = Path("calls")
    folder.mkdir()
    shutil.copy(SPOKEN, folder / "13812345678_20261123.txt")
    (folder / "13912345678.txt").write_text("no labels here\n", encoding="utf-8")
    return folder


def test_check_redact_masks_spoken_and_mixed_numbers_in_quotes_and_messages():
    out = invoke(
        "check", "-j", "1", "--rules", "power", "--format", "json", "--redact", str(SPOKEN)
    )
    assert_masked(out.stdout)
    phone_findings = [
        f for f in json.loads(out.stdout)["calls"][0]["findings"] if f["rule_id"] == "restate.phone"
    ]
    assert [f["quote"] for f in phone_findings] == ["一三八****五六七八", "1 3 9 * * * * 4 3 2 1"]
    assert "一三八****五六七八 未复述" in phone_findings[0]["message"]


def test_check_without_redact_shows_the_numbers():
    out = invoke("check", "-j", "1", "--rules", "power", "--format", "concise", str(SPOKEN))
    assert "一三八1234五六七八" in out.stdout


@pytest.mark.parametrize("output_format", FORMATS)
def test_check_redact_masks_file_names_in_every_format(named_calls: Path, output_format: str):
    out = invoke(
        "check",
        "-j",
        "1",
        "--rules",
        "power",
        "--redact",
        "--format",
        output_format,
        str(named_calls),
    )
    assert out.exit_code == 2  # the unreadable file
    assert_masked(out.stdout)
    assert_masked(out.stderr)
    assert "138****5678_20261123.txt" in out.stdout
    if output_format not in ("text", "concise"):  # these name bad files on stderr only
        assert "139****5678.txt" in out.stdout
    assert "error: " in out.stderr and "139****5678.txt: no speaker labels" in out.stderr


def test_check_redact_json_names_the_unreadable_file_masked(named_calls: Path):
    out = invoke("check", "-j", "1", "--format", "json", "--redact", str(named_calls))
    document = json.loads(out.stdout)
    [call] = document["calls"]
    assert call["path"] == "calls/138****5678_20261123.txt"
    assert call["name"] == "calls/138****5678_20261123.txt#137****5678-0001"
    [error] = document["errors"]
    assert error["path"] == "calls/139****5678.txt"


def test_check_redact_keeps_sarif_columns_of_a_masked_file_name(named_calls: Path):
    def regions(*flags: str) -> list[dict]:
        out = invoke("check", "-j", "1", "--format", "sarif", *flags, str(named_calls))
        results = json.loads(out.stdout)["runs"][0]["results"]
        return [r["locations"][0]["physicalLocation"]["region"] for r in results]

    plain = regions()
    assert any(region["startColumn"] > 1 for region in plain)
    assert regions("--redact") == plain


PHONE_SUGGESTION = Path(__file__).parent / "data" / "redact" / "phone_suggestion.yaml"


def test_check_redact_masks_the_rule_help_in_sarif():
    def helps(*flags: str) -> str:
        out = invoke(
            "check",
            "-j",
            "1",
            "--rules",
            str(PHONE_SUGGESTION),
            "--format",
            "sarif",
            *flags,
            str(SPOKEN),
        )
        rules = json.loads(out.stdout)["runs"][0]["tool"]["driver"]["rules"]
        return json.dumps([rule.get("help") for rule in rules], ensure_ascii=False)

    assert "138 1234 5678" in helps()
    assert "138 1234 5678" not in helps("--redact")
    assert "138 **** 5678" in helps("--redact")


def test_check_redact_masks_a_missing_file_name(tmp_path: Path):
    out = invoke("check", "--redact", str(tmp_path / "13812345678.txt"))
    assert out.exit_code == 2
    assert "138****5678.txt" in out.stderr
    assert_masked(out.stderr)


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_parse_redact_masks_turns_headers_and_path(named_calls: Path, output_format: str):
    call = str(named_calls / "13812345678_20261123.txt")
    out = invoke("parse", "--redact", "--format", output_format, call)
    assert out.exit_code == 0
    assert_masked(out.stdout)
    assert "138****5678_20261123.txt" in out.stdout
    assert "137****5678-0001" in out.stdout


def test_parse_redact_masks_the_error_of_an_unreadable_file(named_calls: Path):
    out = invoke("parse", "--redact", str(named_calls / "13912345678.txt"))
    assert out.exit_code == 2
    assert "139****5678.txt: no speaker labels" in out.stderr
    assert_masked(out.stderr)


def test_parse_without_redact_prints_every_number():
    out = invoke("parse", "--format", "json", str(SPOKEN))
    texts = " ".join(turn["text"] for turn in json.loads(out.stdout)[0]["turns"])
    assert "一三八1234五六七八" in texts
    assert "110105 19491231 002X" in texts


def test_report_redact_masks_file_names_and_errors(named_calls: Path, tmp_path: Path):
    html = tmp_path / "周报.html"
    out = invoke(
        "report",
        "-j",
        "1",
        "--rules",
        "power",
        "--redact",
        "--html",
        str(html),
        str(named_calls),
    )
    assert out.exit_code == 2
    assert_masked(out.stdout + out.stderr)
    page = html.read_text(encoding="utf-8")
    assert_masked(page)
    assert "138****5678_20261123.txt" in page
    assert "139****5678.txt" in page
