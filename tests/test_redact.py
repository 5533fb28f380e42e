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
from scriptcheck.redact import mask_number, redact_result, redact_text

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
    ],
)
def test_redact_leaves_other_numbers_alone(kept: str):
    assert redact_text(kept) == kept


def test_mask_number_keeps_separators():
    assert mask_number("(0571)87654321", keep_last=2) == "(057*)******21"


@given(st.text(alphabet="0123456789 -一二三幺abc号", max_size=60))
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
