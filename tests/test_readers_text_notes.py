"""A plain-text line shaped like an unknown speaker label (``李四: …``) still continues the
previous turn, as documented, but the reader says so: ``parse`` and ``check -v`` show it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from scriptcheck.cli import main
from scriptcheck.model import Role
from scriptcheck.readers import ReadOptions, read_bytes, read_file

DATA = Path(__file__).parent / "data" / "locate"
UNKNOWN = str(DATA / "unknown_label.txt")
NOTE = (
    "line 3 looks like a speaker label '李四' that is not recognised; it was read as part of "
    "the previous turn (map it with --speaker 李四=agent|customer)"
)


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, [*args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_unknown_name_label_is_merged_into_the_previous_turn_with_a_note():
    transcript = read_file(UNKNOWN, ReadOptions(speaker_aliases={"张三": Role.AGENT}))[0]
    assert transcript.turns[1].text == "我家停电了,李四: 我要查话费。"
    assert transcript.notes == (NOTE,)


def test_parse_shows_the_note():
    out = invoke("parse", UNKNOWN, "--speaker", "张三=agent")
    assert f"注意: {NOTE}" in " ".join(out.split())  # rich may wrap the line


def test_check_verbose_shows_the_note():
    out = invoke("check", "-j", "1", "--no-color", "-v", UNKNOWN, "--speaker", "张三=agent")
    assert f"注意: {NOTE}" in out


def test_mapping_the_label_makes_it_a_turn_and_drops_the_note():
    transcript = read_file(UNKNOWN, ReadOptions(speaker_aliases={"李四": Role.CUSTOMER}))[0]
    assert [t.text for t in transcript.turns][1:3] == ["我家停电了,", "我要查话费。"]
    assert transcript.notes == ()


def test_ordinary_words_and_clock_times_before_a_colon_are_not_noted():
    transcript = read_file(UNKNOWN, ReadOptions(speaker_aliases={"李四": Role.CUSTOMER}))[0]
    # 时间是 / 10:30 到场。 / 注意: … / 金额: … all continue the agent's turn, silently
    assert transcript.turns[3].text == "好的,时间是10:30 到场。注意: 请按时到场。金额: 100元。"
    assert transcript.notes == ()


def test_traditional_names_and_label_like_words_are_noted():
    notes = read_file(str(DATA / "traditional_labels.txt"))[0].notes
    assert [n.split(" that ")[0] for n in notes] == [
        "line 3 looks like a speaker label '張三'",
        "line 4 looks like a speaker label '說話人2'",
    ]


def test_a_time_range_that_ends_before_it_starts_keeps_its_start_with_a_note(tmp_path):
    call = tmp_path / "reversed.txt"
    call.write_text(
        "[00:00:00-00:00:04] 客服: 您好,工号1024,请问有什么可以帮您?\n"
        "[00:00:06-00:00:05] 客户: 我家停水了。\n",
        encoding="utf-8",
    )
    (transcript,) = read_file(call)
    assert (transcript.turns[1].start, transcript.turns[1].end) == (6.0, None)
    assert transcript.notes == (
        "line 2: the time range ends before it starts; its end was ignored",
    )


READERS = Path(__file__).parent / "data" / "readers"
NOT_UNDERSTOOD = (
    "line {line}: time stamp '{stamp}' not understood (write [mm:ss] or [hh:mm:ss.fff], "
    "minutes and seconds under 60); the line was read without a time"
)


def test_a_turn_behind_an_unreadable_time_stamp_is_its_own_turn_not_merged():
    (transcript,) = read_file(READERS / "unreadable-time.txt")
    assert [(t.role, t.text, t.start) for t in transcript.turns] == [
        (Role.AGENT, "您好,客户服务中心,工号1024,请问有什么可以帮您?", 0.0),
        (Role.CUSTOMER, "你们这什么破服务,我要投诉", None),
        (Role.AGENT, "对不起,给您添麻烦了。", 9.0),
    ]
    assert transcript.notes == (NOT_UNDERSTOOD.format(line=2, stamp="00:00:05:25"),)


def test_negative_huge_parenthesised_bare_and_over_60_seconds_stamps_are_noted():
    (transcript,) = read_file(READERS / "odd-times.txt")
    assert [(t.role, t.text, t.start) for t in transcript.turns] == [
        (Role.AGENT, "您好,工号1024", None),  # the first line keeps the agent's turn
        (Role.CUSTOMER, "我家停电了", None),
        (Role.AGENT, "好的", None),
        (Role.CUSTOMER, "谢谢", None),
        (Role.AGENT, "不客气,12:30 之前修好。", None),  # [00:99] is not 01:39
    ]
    (hangup,) = transcript.events
    assert (hangup.by, hangup.time, hangup.line) == (Role.CUSTOMER, None, 7)
    stamps = [(1, "99999:59:59"), (2, "-00:01"), (3, "00:01"), (4, "00:01"), (5, "00:99")]
    assert transcript.notes == tuple(
        NOT_UNDERSTOOD.format(line=line, stamp=stamp) for line, stamp in [*stamps, (7, "-00:20")]
    )


def test_a_time_stamp_with_microseconds_is_read():
    (transcript,) = read_bytes(
        "[00:00:05.250000] 客服:您好\n[00:00:07.5] 客户:喂\n".encode(), path="micro.txt"
    )
    assert [t.start for t in transcript.turns] == [5.25, 7.5]
    assert transcript.notes == ()


def test_check_verbose_shows_the_unreadable_time_note():
    out = invoke("check", "-j", "1", "--no-color", "-v", str(READERS / "unreadable-time.txt"))
    assert f"注意: {NOT_UNDERSTOOD.format(line=2, stamp='00:00:05:25')}" in out
