"""SRT and WebVTT calls as exports write them: event cues, several speakers in one cue, and
voice tags naming speakers the label table does not know."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import scriptcheck
from scriptcheck.cli import main
from scriptcheck.model import EventKind, Role, Status, Transcript
from scriptcheck.readers import read_file

SUBTITLES = Path(__file__).parent / "data" / "readers" / "subtitles"
A, C, U = Role.AGENT, Role.CUSTOMER, Role.UNKNOWN


def read_one(name: str) -> Transcript:
    (transcript,) = read_file(SUBTITLES / name)
    return transcript


def checked_call(name: str, *args: str) -> dict:
    result = CliRunner().invoke(
        main, ["check", str(SUBTITLES / name), "--format", "json", *args], catch_exceptions=False
    )
    (call,) = json.loads(result.stdout)["calls"]
    return call


def outcome(call: dict, rule_id: str) -> str:
    return next(o["status"] for o in call["outcomes"] if o["rule_id"] == rule_id)


def test_hangup_cue_is_an_event_at_the_cues_time_not_text_of_the_last_turn():
    t = read_one("agent-hangs-up.srt")
    assert [(turn.text, turn.end) for turn in t.turns] == [
        ("您好,工号1024。", 4.0),
        ("再见。", 6.0),
    ]
    (event,) = t.events
    assert (event.kind, event.by, event.time, event.position, event.line) == (
        EventKind.HANGUP,
        A,
        7.0,
        2,
        11,
    )


def test_agent_hanging_up_in_a_subtitle_call_breaks_the_hang_up_rule():
    assert outcome(checked_call("agent-hangs-up.srt"), "close.customer-hangs-up-first") == (
        Status.VIOLATED.value
    )


def test_customer_hanging_up_in_a_subtitle_call_passes_the_hang_up_rule():
    call = checked_call("customer-hangs-up.srt")
    assert outcome(call, "close.customer-hangs-up-first") == Status.PASSED.value
    assert read_one("customer-hangs-up.srt").turns[-1].text == "谢谢。"


def test_every_event_the_text_reader_knows_is_read_from_cues_with_their_details():
    t = read_one("events.vtt")
    assert [(e.kind, e.position, e.time) for e in t.events] == [
        (EventKind.RING, 0, 0.0),
        (EventKind.HOLD_START, 3, 9.0),
        (EventKind.HOLD_END, 3, 39.0),
        (EventKind.TRANSFER, 5, 44.0),
        (EventKind.SILENCE, 5, 44.0),
        (EventKind.HANGUP, 5, 46.0),
    ]
    ring, _, _, transfer, silence, hangup = t.events
    assert (ring.count, t.rings) == (3, 3)
    assert (transfer.note, silence.duration, hangup.by) == ("抢修班组", 2.0, C)


def test_bracketed_cue_that_names_no_event_stays_text():
    t = read_one("events.vtt")
    assert [turn.role for turn in t.turns] == [A, C, A, U, A]
    assert t.turns[3].text == "[笑声] 客户"


def test_event_after_speech_in_one_cue_follows_that_speech():
    t = read_one("events.vtt")
    assert (t.turns[2].text, t.turns[2].start, t.turns[2].end) == ("请您稍等片刻,好吗?", 7.5, 9.0)
    assert t.turns[4].text == "让您久等了,我帮您转到抢修班组。"


def test_two_labelled_lines_in_one_cue_share_its_time_by_length():
    customer, agent = read_one("two-speakers-one-cue.srt").turns
    assert (customer.role, customer.start, customer.end) == (C, 1.0, 5.889)  # 11 of 18 chars
    assert (agent.role, agent.start, agent.end) == (A, 5.889, 9.0)


def test_two_speakers_in_one_cue_are_no_interruption():
    call = checked_call("two-speakers-one-cue.srt")
    assert "listen.no-interrupt" not in {f["rule_id"] for f in call["findings"]}


def test_unlabelled_line_opening_a_cue_continues_the_turn_and_takes_its_share():
    agent, customer = read_one("continued-cue.srt").turns
    assert agent.text == "您好,工号1024,请问有什么可以帮助您?我这边是96116供水热线。"
    assert (agent.start, agent.end) == (1.0, 6.8)  # 14 of the next cue's 20 characters
    assert (customer.start, customer.end) == (6.8, 8.0)


def test_voice_tag_with_a_label_and_a_name_is_that_role_with_the_name_as_speaker():
    t = read_one("named-voice.vtt")
    assert [(turn.role, turn.speaker) for turn in t.turns] == [
        (A, "客服"),
        (C, "客户"),
        (A, "坐席 王"),
    ]
    assert t.notes == ()


def test_forbidden_phrase_behind_a_named_voice_tag_is_found():
    call = checked_call("named-voice.vtt")
    assert call["score"] < 100
    assert "courtesy.forbidden-phrase" in {f["rule_id"] for f in call["findings"]}


def test_srt_label_with_a_name_is_that_role():
    t = read_one("named-label.srt")
    assert [(turn.role, turn.speaker) for turn in t.turns] == [(A, "客服"), (A, "坐席 王")]


def test_unknown_voice_tag_is_noted_once_with_the_speaker_option_to_add():
    t = read_one("unknown-voice.vtt")
    assert [turn.role for turn in t.turns] == [A, C, U, U]
    (note,) = t.notes
    assert note.startswith("line 10: voice tag <v 王经理> names no known speaker")
    assert "--speaker 王经理=agent" in note


def test_unknown_voice_note_reaches_the_report():
    call = checked_call("unknown-voice.vtt")
    assert any("<v 王经理>" in note for note in call["notes"])


def test_unknown_voice_mapped_with_the_suggested_option_is_checked_as_the_agent():
    call = checked_call("unknown-voice.vtt", "--speaker", "王经理=agent")
    assert "courtesy.forbidden-phrase" in {f["rule_id"] for f in call["findings"]}
    assert call["notes"] == []


def test_unrecognised_label_line_in_a_cue_is_noted_like_in_plain_text():
    t = read_one("unknown-label.srt")
    assert [turn.role for turn in t.turns] == [A, C]
    assert t.turns[1].text == "我家没水了。李四:这不归我管。"
    (note,) = t.notes
    assert note.startswith("line 8 looks like a speaker label '李四' that is not recognised")


def test_library_check_of_a_subtitle_call_sees_the_hang_up():
    (transcript,) = scriptcheck.load_transcript(SUBTITLES / "agent-hangs-up.srt")
    result = scriptcheck.check(transcript, scriptcheck.load_rulebook("core"))
    statuses = {o.rule_id: o.status for o in result.outcomes}
    assert statuses["close.customer-hangs-up-first"] is Status.VIOLATED
