"""Specification of the day and part-of-day words, listed once in ``scriptcheck.timewords`` and
read the same way by the normaliser, the time extractor and the ``restate`` matcher."""

from __future__ import annotations

from pathlib import Path

import pytest

import scriptcheck
from scriptcheck.entities import extract_times
from scriptcheck.model import Outcome, Status
from scriptcheck.normalize import normalize
from scriptcheck.timewords import PERIODS, RELATIVE_DAYS, WEEKDAY_PREFIXES

DATA = Path(__file__).parent / "data" / "timewords"


@pytest.mark.parametrize("word", RELATIVE_DAYS + PERIODS)
def test_one_oclock_after_any_day_or_period_word(word: str) -> None:
    assert normalize(f"{word}一点过来").text == f"{word}1点过来"


@pytest.mark.parametrize("prefix", WEEKDAY_PREFIXES)
def test_one_oclock_after_any_weekday(prefix: str) -> None:
    assert normalize(f"{prefix}六一点过来").text == f"{prefix}六1点过来"


def test_one_bit_stays_a_word_after_other_words() -> None:
    assert normalize("麻烦您大声一点").text == "麻烦您大声一点"


@pytest.mark.parametrize("period", PERIODS)
def test_every_period_is_part_of_a_time(period: str) -> None:
    assert [e.value for e in extract_times(normalize(f"明天{period}三点").text)] == [
        f"明天|{period}|3点"
    ]


def test_restate_time_bare_period_word_owns_the_phrase_after_it() -> None:
    # 凌晨我不在 rules out 凌晨, not the 明天下午两点 agreed after it: that one is to be read back
    transcript = scriptcheck.load_transcript(DATA / "bare_period_before_time.txt")[0]
    outcome = _outcome(scriptcheck.check(transcript, "core"), "restate.time")
    assert outcome.status is Status.VIOLATED
    assert [finding.quote for finding in outcome.findings] == ["明天下午两点"]


def _outcome(result: scriptcheck.Result, rule_id: str) -> Outcome:
    return next(o for o in result.outcomes if o.rule_id == rule_id)
