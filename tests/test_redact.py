"""`--redact`: phone, ID-card and bank-card numbers are masked; everything else is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import scriptcheck
from scriptcheck.cli import main
from scriptcheck.redact import (
    mask_number,
    redact_result,
    redact_text,
    redact_transcript,
    source_path,
)

CALL = Path(__file__).parent / "data" / "redact" / "personal.txt"


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138 **** 5678"),
        ("138-1234-5678", "138-****-5678"),
        ("+8613812345678", "+86138****5678"),
        ("１３８１２３４５６７８", "１３８****５６７８"),
        ("一三八一二三四五六七八", "一三八****五六七八"),
        ("幺三八 一二三四 五六七八", "幺三八 **** 五六七八"),
        ("010-87654321", "010-******21"),
        ("0571 8765432", "057* *****32"),
        ("11010119900307123X", "110***********123X"),
        ("6222021234567890", "622*********7890"),
        ("6222 0212 3456 7890", "622* **** **** 7890"),
        ("6222021234567890123", "622************0123"),
        # Chinese and Arabic digits mixed, financial numerals, every separator people type
        ("一三八1234五六七八", "一三八****五六七八"),
        ("幺叁捌壹贰叁肆伍陆柒捌", "幺叁捌****伍陆柒捌"),
        ("1 3 9 8 7 6 5 4 3 2 1", "1 3 9 * * * * 4 3 2 1"),
        ("138　1234　5678", "138　****　5678"),
        ("138.1234.5678", "138.****.5678"),
        ("138—1234—5678", "138—****—5678"),
        ("138,1234,5678", "138,****,5678"),
        ("一三八，一二三四，五六七八", "一三八，****，五六七八"),
        ("13812345678x", "138****5678x"),
        ("0571 8765 4321", "057* **** **21"),
        ("一一零一零五一九四九一二三一零零二X", "一一零***********零零二X"),
        ("110105 19491231 002X", "110*** ******** 002X"),
        ("110105491231002", "110********1002"),  # 15-digit ID card of before 1999
        ("六二二二零二一二三四五六七八九零一二三", "六二二************零一二三"),
        ("6222 021234567890123", "622* ***********0123"),
        # 洞 for 0, as the normaliser reads it (restate.phone sees 13800123456 here)
        ("幺三八洞洞幺两三四五六", "幺三八****三四五六"),
    ],
)
def test_redact_masks_personal_numbers(raw: str, masked: str):
    assert redact_text(f"号码{raw}。") == f"号码{masked}。"


@pytest.mark.parametrize(
    "kept",
    [
        "工号1024",
        "95598-20261123-0001",
        "2026年11月23日 10:30",
        "金额 123456 元",
        "12345678901",  # 11 digits but not a mobile prefix
        "138123456789012345678901",  # 24 digits: no known number
        # numerals in ordinary Chinese text
        "一二三四五",
        "两三天以后",
        "明天十一点",
        "二〇二六年十一月二十三日",
        # amounts, decimals, versions, order numbers
        "1,380,000元",
        "13,812,345,678元",
        "0.5, 1.5, 2.5, 3.5, 4.5, 5.5",
        "版本1.3.0",
        "订单号202611230000123",
    ],
)
def test_redact_leaves_other_numbers_alone(kept: str):
    assert redact_text(kept) == kept


def test_mask_number_keeps_separators():
    assert mask_number("(0571)87654321", keep_last=2) == "(057*)******21"


def test_redact_masks_every_number_of_a_list():
    assert redact_text("13812345678,13912345678") == "138****5678,139****5678"


def test_redact_masks_numbers_in_a_path():
    assert redact_text("calls/13812345678_20261123.txt") == "calls/138****5678_20261123.txt"


@given(st.text(alphabet="0123456789 -.,，　一二三幺壹叁两xX(abc号", max_size=60))
def test_redact_text_keeps_length(text: str):
    assert len(redact_text(text)) == len(text)


@pytest.fixture(scope="module")
def result() -> scriptcheck.Result:
    book = scriptcheck.load_rulebook("power")
    [transcript] = scriptcheck.load_transcript(str(CALL))
    return scriptcheck.check(transcript, book)


def test_redact_result_masks_turns_metadata_and_quotes(result):
    redacted = redact_result(result)
    text = json.dumps(
        [t.text for t in redacted.transcript.turns] + list(redacted.transcript.metadata.values()),
        ensure_ascii=False,
    )
    for number in ("13812345678", "1234-5678", "87654321", "19900307", "3456 7890", "二三四五"):
        assert number not in text
    assert redacted.transcript.metadata["caller"] == "138****5678"


def test_redact_result_keeps_scores_outcomes_and_valid_spans(result):
    redacted = redact_result(result)
    assert redacted.score == result.score
    assert redacted.grade == result.grade
    assert [o.status for o in redacted.outcomes] == [o.status for o in result.outcomes]
    turns = {t.index: t for t in redacted.transcript.turns}
    for finding in redacted.findings:
        if finding.turn is not None and finding.span is not None and finding.quote:
            start, end = finding.span
            assert turns[finding.turn].text[start:end] == finding.quote


def test_redact_transcript_masks_the_path_but_knows_the_real_file(tmp_path):
    named = tmp_path / "13812345678_20261123.txt"
    named.write_bytes(CALL.read_bytes())
    [transcript] = scriptcheck.load_transcript(str(named))
    redacted = redact_transcript(transcript)
    assert redacted.path.endswith("138****5678_20261123.txt")
    assert "13812345678" not in redacted.name
    assert source_path(redacted) == str(named)
    assert source_path(redact_transcript(redacted)) == str(named)  # masking twice keeps it


def test_redact_result_does_not_change_the_original(result):
    before = [t.text for t in result.transcript.turns]
    redact_result(result)
    assert [t.text for t in result.transcript.turns] == before


def test_check_redact_flag_masks_json_output():
    runner = CliRunner()
    out = runner.invoke(main, ["check", "-j", "1", "--format", "json", "--redact", str(CALL)])
    assert out.exit_code in (0, 1)
    finding = json.loads(out.stdout)["calls"][0]["findings"][0]
    assert finding["rule_id"] == "restate.phone"  # the landline was not read back
    assert finding["quote"] == "010-******21"
    assert "87654321" not in out.stdout
