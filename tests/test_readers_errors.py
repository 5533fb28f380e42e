"""Bad input: every failure is one InputError that names the file and the problem."""

from __future__ import annotations

import builtins
import os
from pathlib import Path

import pytest

from scriptcheck.errors import InputError
from scriptcheck.readers import ReadOptions, parse_channel_map, read_bytes, read_file

DATA = Path(__file__).parent / "data" / "readers"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty file"),
        ("whitespace-only.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("undecodable.txt", "undecodable bytes"),
        ("broken.json", "invalid JSON at line 5, column 5"),
        ("wrong-shape.json", "turns[3].text: expected a string"),
        ("end-before-start.json", "turns[0].end: 2 is before start 5"),
        ("bad-role.json", "turns[0].role: expected agent, customer"),
        ("bad-line.jsonl", "line 2: invalid JSON at column"),
        ("no-labels.txt", "no speaker labels found (expected lines like '客服: 您好')"),
        ("bom-garbage.txt", "decoded as utf-16-le the file does not read as Chinese text"),
        ("asr-one-channel.json", "all sentences are on one channel"),
        ("asr-bad-text.json", "Result.Sentences[1].Text: expected a string"),
        ("bad-timing.srt", "line 6: bad cue timing"),
        ("no-columns.csv", "header row needs a speaker column and a text column"),
        ("bad-time.csv", "line 3: column 'start'"),
        ("unknown-speakers.csv", "no speaker labels recognised"),
    ],
)
def test_bad_file_gives_one_line_input_error_naming_file_and_problem(name, message):
    with pytest.raises(InputError) as caught:
        read_file(DATA / name)
    assert message in caught.value.message
    assert caught.value.path == str(DATA / name)
    assert "\n" not in str(caught.value)


def test_file_over_the_size_limit_says_how_to_raise_it(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * int(7.2 * 1024 * 1024))
    with pytest.raises(
        InputError, match=r"file is 7\.2 MB, over the 5 MB limit; raise it with --max-size"
    ):
        read_file(big)


def test_size_limit_is_configurable(tmp_path):
    small = tmp_path / "call.txt"
    small.write_text("客服:您好,工号1024。\n" * 100, encoding="utf-8")
    with pytest.raises(InputError, match=r"file is 2\.7 KB, over the 1 KB limit"):
        read_file(small, ReadOptions(max_bytes=1024))


NOT_REGULAR = "not a regular file (a FIFO, device or socket); give transcript files"
needs_mkfifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_mkfifo
def test_a_named_pipe_nobody_writes_to_reads_as_empty_instead_of_hanging(tmp_path):
    pipe = tmp_path / "call.txt"
    os.mkfifo(pipe)
    with pytest.raises(InputError) as caught:
        read_file(pipe)
    assert caught.value.message == "empty file (nothing to read)"
    assert caught.value.path == str(pipe)


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="no /dev/fd here")
@pytest.mark.parametrize(("limit", "fits"), [(5 * 1024 * 1024, True), (1024, False)])
def test_a_pipe_as_from_process_substitution_is_read_to_the_size_limit(limit, fits):
    """``scriptcheck check <(zcat call.txt.gz)`` names /dev/fd/N, a pipe whose size is 0 to
    stat: it is read on, up to the limit."""
    call = ("客服:您好,工号1024。\n客户:好的。\n" * 40).encode("utf-8")
    assert len(call) < 16 * 1024  # fits the pipe's buffer, so the write cannot block
    read_end, write_end = os.pipe()
    os.write(write_end, call)
    os.close(write_end)
    try:
        if fits:
            (transcript,) = read_file(f"/dev/fd/{read_end}", ReadOptions(max_bytes=limit))
            assert len(transcript.turns) == 80
        else:
            with pytest.raises(InputError, match=r"over the 1 KB limit"):
                read_file(f"/dev/fd/{read_end}", ReadOptions(max_bytes=limit))
    finally:
        os.close(read_end)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_refused_as_not_a_regular_file_not_as_too_big():
    with pytest.raises(InputError) as caught:
        read_file("/dev/zero")
    assert caught.value.message == NOT_REGULAR


def test_json_start_of_infinity_is_not_a_number_of_seconds():
    data = b'{"turns": [{"role": "agent", "text": "\xe6\x82\xa8\xe5\xa5\xbd", "start": 1e999}]}'
    with pytest.raises(InputError) as caught:
        read_bytes(data, path="inf.json")
    assert caught.value.message == (
        "turns[0].start: expected a number of seconds >= 0 (got Infinity)"
    )


def test_json_metadata_of_infinity_is_refused():
    data = b'{"metadata": {"score": 1e999}, "turns": [{"role": "agent", "text": "hi"}]}'
    with pytest.raises(InputError, match=r"metadata: expected an object of strings or numbers"):
        read_bytes(data, path="inf.json")


@pytest.mark.parametrize(("name", "prefix"), [("deep.json", ""), ("deep.jsonl", "line 1: ")])
def test_json_nested_100000_deep_is_too_deep_not_a_crash(name, prefix):
    data = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(InputError) as caught:
        read_bytes(data, path=name)
    assert caught.value.message == (
        f"{prefix}JSON nested too deep (over 100 levels); fix the file or export it again"
    )


def test_json_nested_just_over_the_limit_is_too_deep():
    data = b'{"turns": ' + b"[" * 100 + b"]" * 100 + b"}"
    with pytest.raises(InputError, match=r": JSON nested too deep \(over 100 levels\)"):
        read_bytes(data, path="deep.json")


def test_directory_passed_as_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_file(tmp_path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_file(tmp_path / "nope.txt")


def test_unreadable_file_is_an_input_error(tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text("客服:您好", encoding="utf-8")
    real_open = builtins.open

    def deny(file, *args, **kwargs):
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    with pytest.raises(InputError, match="permission denied"):
        read_file(locked)


def test_explicit_wrong_encoding_says_what_to_do():
    data = "客服:您好".encode("gb18030")
    with pytest.raises(InputError, match="cannot decode as utf-8 .*--encoding"):
        read_bytes(data, path="x.txt", options=ReadOptions(encoding="utf-8"))


@pytest.mark.parametrize("wrong", ["latin-1", "big5"])
def test_explicit_encoding_that_decodes_to_garbage_says_which_encoding_reads(wrong):
    data = "客服: 您好,工号1024。\n客户: 我家停电了。\n".encode("gb18030")
    with pytest.raises(InputError) as caught:
        read_bytes(data, path="x.txt", options=ReadOptions(encoding=wrong))
    message = str(caught.value)
    assert message.startswith(f"x.txt: --encoding {wrong} may be wrong: ")
    assert "without it the file reads as gb18030" in message


def test_no_labels_in_plain_chinese_text_gets_no_encoding_hint():
    with pytest.raises(InputError) as caught:
        read_file(DATA / "no-labels.txt")
    assert "encoding" not in str(caught.value)


def test_unknown_encoding_name_is_an_input_error():
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_bytes(b"x", path="x.txt", options=ReadOptions(encoding="klingon"))


def test_explicit_encoding_is_used_and_recorded():
    (t,) = read_bytes(
        "客服:您好".encode("big5"), path="x.txt", options=ReadOptions(encoding="big5")
    )
    assert (t.encoding, t.turns[0].text) == ("big5", "您好")


def test_big5_is_detected_without_being_told():
    data = "客服:您好,這裡是客服中心,請問有什麼可以幫您?\n客戶:我的快遞還沒到。\n".encode("big5")
    (t,) = read_bytes(data, path="x.txt")
    assert t.encoding == "big5"
    assert t.turns[1].text == "我的快遞還沒到。"


def test_utf16_without_bom_is_detected():
    (t,) = read_bytes("客服:您好\n客户:hello\n".encode("utf-16-le"), path="x.txt")
    assert (t.encoding, t.turns[1].text) == ("utf-16-le", "hello")


@pytest.mark.parametrize(
    ("name", "encoding", "said"),
    [
        ("gb18030-rare-surname.txt", "gb18030", "我姓䶮"),  # CJK extension A
        ("gb18030-emoji.txt", "gb18030", "😭"),  # four-byte GB18030 codes
        ("big5hkscs.txt", "big5hkscs", "香港"),  # Hong Kong characters beyond Big5
        ("utf16be-no-bom-chinese.txt", "utf-16-be", "您好"),  # hardly any ASCII, so few NULs
    ],
)
def test_chinese_encodings_with_rare_characters_are_detected(name, encoding, said):
    (t,) = read_bytes((DATA / name).read_bytes(), path=name)
    assert t.encoding == encoding
    assert any(said in turn.text for turn in t.turns)


def test_a_stray_byte_in_utf8_names_the_line_to_fix():
    with pytest.raises(InputError) as caught:
        read_file(DATA / "utf8-stray-byte.txt")
    assert "it is UTF-8 up to line 17, byte 798" in caught.value.message
    assert "re-save the file as UTF-8" in caught.value.message


def test_recogniser_times_written_as_strings_read_as_numbers():
    (t,) = read_file(DATA / "asr-times-as-strings.json")
    assert (t.turns[0].start, t.turns[0].end) == (1.0, 6.0)
    assert t.notes == ()


def test_recogniser_times_in_seconds_are_scaled_and_noted():
    """As milliseconds the call would be 143 characters in 53 ms: the export wrote seconds."""
    (t,) = read_file(DATA / "asr-times-in-seconds.json")
    assert t.turns[0].start == 1.0
    assert t.notes == (
        "times read as seconds, not milliseconds: as milliseconds the 143 characters would be "
        "spoken in 0.053 s",
    )


@pytest.mark.parametrize("value", ['"soon"', "1e999", "-5", "true"])
def test_a_recogniser_time_that_is_no_number_names_the_field(value):
    data = (
        f'{{"Result": {{"Sentences": [{{"ChannelId": 0, "BeginTime": {value}, "Text": "您好"}}]}}}}'
    )
    with pytest.raises(InputError) as caught:
        read_bytes(data.encode(), path="x.json")
    assert "Result.Sentences[0].BeginTime: expected a number >= 0 (milliseconds" in str(
        caught.value
    )


@pytest.mark.parametrize("spec", ["0", "0=boss", "x=agent", "", "0=agent,,1"])
def test_bad_channel_map_is_an_input_error(spec):
    with pytest.raises(InputError, match="channel map"):
        parse_channel_map(spec)


def test_channel_map_accepts_chinese_roles():
    assert {k: v.value for k, v in parse_channel_map("0=客服，1=客户").items()} == {
        0: "agent",
        1: "customer",
    }


def test_unknown_input_format_is_an_input_error():
    with pytest.raises(InputError, match="unknown input format 'doc'"):
        read_bytes(b"x", path="x.txt", options=ReadOptions(input_format="doc"))


def test_csv_header_with_a_line_break_gives_a_one_line_error() -> None:
    # found by the property test: a quoted header cell holding a newline
    with pytest.raises(InputError) as info:
        read_file(DATA / "header_with_line_break.csv")
    assert "\n" not in str(info.value) and "found: 客服: 客服:, x" in str(info.value)
