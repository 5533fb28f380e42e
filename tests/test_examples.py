"""The bundled calls in examples/transcripts/calls/ are checked against the rule ids that a QA
reviewer expects each to violate (NAME.expected.json beside each call), exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scriptcheck
from scriptcheck.model import Status

CALLS = Path(__file__).resolve().parent.parent / "examples" / "transcripts" / "calls"
EXPECTED = sorted(CALLS.glob("*.expected.json"))


def _call_file(expected: Path) -> Path:
    stem = expected.name[: -len(".expected.json")]
    found = [p for p in CALLS.glob(f"{stem}.*") if not p.name.endswith(".expected.json")]
    assert len(found) == 1, f"{expected.name}: expected exactly one call file, found {found}"
    return found[0]


def test_at_least_twelve_calls_cover_all_four_packs() -> None:
    packs = {json.loads(p.read_text(encoding="utf-8"))["rules"] for p in EXPECTED}
    assert len(EXPECTED) >= 12
    assert packs == {"core", "power", "telecom", "courier"}


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name[: -len(".expected.json")])
def test_example_call_violates_exactly_the_expected_rules(expected: Path) -> None:
    spec = json.loads(expected.read_text(encoding="utf-8"))
    book = scriptcheck.load_rulebook(spec["rules"])
    [transcript] = scriptcheck.load_transcript(str(_call_file(expected)))
    result = scriptcheck.check(transcript, book)
    violated = sorted(o.rule_id for o in result.outcomes if o.status is Status.VIOLATED)
    assert violated == sorted(spec["violations"])


def test_clean_calls_score_full_marks_and_forbidden_phrases_cost_the_grade() -> None:
    for expected in EXPECTED:
        spec = json.loads(expected.read_text(encoding="utf-8"))
        [transcript] = scriptcheck.load_transcript(str(_call_file(expected)))
        result = scriptcheck.check(transcript, scriptcheck.load_rulebook(spec["rules"]))
        if not spec["violations"]:
            assert result.score == 100 and result.grade == "优秀", expected.name
        elif "courtesy.forbidden-phrase" in spec["violations"]:
            assert result.score < 80 and result.grade in ("合格", "不合格"), expected.name


def test_hotline_header_matches_the_expected_pack() -> None:
    for expected in EXPECTED:
        spec = json.loads(expected.read_text(encoding="utf-8"))
        call = _call_file(expected)
        if call.suffix == ".txt" and spec["rules"] != "core":
            assert f"# hotline: {spec['rules']}" in call.read_text(encoding="utf-8"), call.name
