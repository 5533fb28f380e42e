"""Speaker labels as call-center exports really write them: a colon inside the label's
bracket, a date and time after the label, labels alone on their line, doubled colons, time
columns named in Chinese; and a note for every line that starts with a role word but could
not be read as a label."""

from __future__ import annotations

from pathlib import Path

import pytest

import scriptcheck
from scriptcheck.model import Role, Transcript
from scriptcheck.readers import read_file

EXPORTS = Path(__file__).parent / "data" / "readers" / "exports"
A, C = Role.AGENT, Role.CUSTOMER


def read(name: str) -> Transcript:
    (transcript,) = read_file(EXPORTS / name)
    return transcript


def roles(name: str) -> list[Role]:
    return [turn.role for turn in read(name).turns]


def texts(name: str) -> list[str]:
    return [turn.text for turn in read(name).turns]


def test_colon_inside_the_label_bracket_starts_the_agent_turn():
    assert roles("bracket-colon-rude.txt") == [A, C, A, C, A]
    assert texts("bracket-colon-rude.txt")[2] == "这不关我的事,您打别的电话吧。"


def test_colon_inside_the_label_bracket_keeps_the_work_id():
    speakers = [turn.speaker for turn in read("bracket-colon-and-date.txt").turns]
    assert speakers[2] == "坐席(工号:1024)" and speakers[4] == "坐席【工号：1024】"
    assert read("bracket-colon-rude.txt").agent_id == "1024"


def test_rude_agent_behind_a_bracket_colon_label_does_not_pass():
    result = scriptcheck.check(read("bracket-colon-rude.txt"), "core")
    rude = [f for f in result.findings if f.rule_id == "courtesy.forbidden-phrase"]
    assert rude and result.score < 100


def test_date_and_time_after_the_label_start_a_turn_at_that_time():
    transcript = read("bracket-colon-and-date.txt")
    assert [t.role for t in transcript.turns] == [A, C, A, C, A, C, A, A]
    customer = transcript.turns[5]
    assert (customer.speaker, customer.text) == ("用户", "幸福路")
    assert customer.start == 13 * 3600 + 2 * 60 + 11


def test_labels_alone_on_their_line_start_turns_in_a_crlf_file():
    assert roles("alone-crlf.txt") == [A, C, A, C]
    assert texts("alone-crlf.txt")[:3] == [
        "您好,客户服务中心,工号1024,请问有什么可以帮助您?",
        "我家停电了",
        "好的",
    ]


def test_label_alone_with_a_clock_time_gives_the_turn_its_start():
    transcript = read("alone-with-clock.txt")
    assert [t.role for t in transcript.turns] == [A, C, A]
    assert [t.start for t in transcript.turns] == [46921.0, 46925.0, 46929.0]
    assert transcript.turns[1].text == "我家停电了"


def test_one_word_replies_on_their_own_line_are_not_labels():
    assert roles("alone-one-word-replies.txt") == [A, C, A]
    assert texts("alone-one-word-replies.txt")[1] == "好嗯对"


@pytest.mark.parametrize(("line", "shown"), [(4, "客户;好"), (5, "客服 - 请问还有什…")])
def test_role_word_label_in_an_unread_shape_leaves_a_note(line, shown):
    notes = read("odd-separators.txt").notes
    (note,) = [n for n in notes if n.startswith(f"line {line} ")]
    assert f"'{shown}'" in note and "read as part of the previous turn" in note
    assert "\n" not in note


def test_sentences_that_start_with_a_role_word_leave_no_note():
    transcript = read("role-word-sentences.txt")
    assert transcript.notes == ()
    assert (
        transcript.turns[1].text == "我是替我家老人打的电话,客户说他家停电了,客服那边一直没人接。"
    )


def test_repeated_label_colons_are_left_out_of_the_turn_text():
    assert texts("double-colon.txt")[1:] == ["没有了,谢谢。", "感谢您的来电,再见。"]


def test_csv_time_column_named_in_chinese_gives_turn_starts():
    assert [t.start for t in read("time-column.csv").turns][:2] == [46921.0, 46925.0]
    assert read("time-column.csv").notes == ()


def test_csv_start_and_end_columns_may_hold_a_date_before_the_time():
    turns = read("date-time-column.csv").turns
    assert [(t.start, t.end) for t in turns] == [(46921.0, 46924.0), (46925.0, 46927.0)]


def test_csv_without_a_time_column_says_timing_rules_do_not_apply():
    (note,) = read("no-time-column.csv").notes
    assert "时间" in note and "timing" in note
