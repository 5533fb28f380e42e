"""``timing`` metrics measured on real transcript files: call length up to the hang-up and
the silences, and the not-applicable reasons of dead air."""

from __future__ import annotations

from pathlib import Path

from scriptcheck import check, load_rulebook
from scriptcheck.model import Outcome
from scriptcheck.readers import read_file

DATA = Path(__file__).parent / "data" / "rulebooks" / "timing"
BOOK = load_rulebook(str(DATA / "timing.yaml"))


def _outcome(name: str, rule_id: str) -> Outcome:
    result = check(read_file(DATA / name)[0], BOOK.subset([rule_id]))
    (outcome,) = result.outcomes
    return outcome


def _length_detail(name: str) -> str:
    outcome = _outcome(name, "t.length")
    assert outcome.status.value == "violated"
    (finding,) = outcome.findings
    return finding.message


def test_call_length_runs_to_the_end_of_a_silence_and_the_hang_up() -> None:
    # turns end at 09:00, then [静音 120 秒] and [00:11:00] [挂机]: 660 seconds, over 600
    assert "通话 660 秒" in _length_detail("silence_then_hangup.txt")


def test_call_length_runs_to_a_timed_hang_up() -> None:
    assert "通话 630 秒" in _length_detail("hangup_late.txt")


def test_call_length_counts_an_untimed_silence_from_the_turn_before_it() -> None:
    assert "通话 660 秒" in _length_detail("untimed_silence.txt")


def test_call_length_without_events_ends_with_the_last_turn() -> None:
    assert _outcome("short_call.txt", "t.length").status.value == "passed"


def test_dead_air_reason_names_a_silence_without_a_length() -> None:
    outcome = _outcome("silence_no_duration.json", "t.air")
    assert outcome.status.value == "not_applicable"
    assert outcome.reason is not None
    assert "静音记录没有时长" in outcome.reason
    assert "没有静音记录" not in outcome.reason
