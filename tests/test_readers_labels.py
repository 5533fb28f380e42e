"""Speaker labels as real exports write them: work ids and clock times after the label, and
calls whose agent cannot be found (an error, never a clean call)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scriptcheck.cli import main
from scriptcheck.errors import InputError
from scriptcheck.model import Role
from scriptcheck.readers import DEFAULT_OPTIONS, ReadOptions, read_file
from scriptcheck.readers.speakers import SpeakerTable

LABELS = Path(__file__).parent / "data" / "readers" / "labels"
RUDE_CALLS = (
    "square-brackets.txt",
    "lenticular-brackets.txt",
    "space-id.txt",
    "attached-id.txt",
    "dash-id.txt",
)


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def roles(name: str) -> list[Role]:
    (transcript,) = read_file(LABELS / name)
    return [turn.role for turn in transcript.turns]


def input_error(name: str, options: ReadOptions = DEFAULT_OPTIONS) -> InputError:
    with pytest.raises(InputError) as caught:
        read_file(LABELS / name, options)
    assert caught.value.path == str(LABELS / name)
    assert "\n" not in str(caught.value)
    return caught.value


@pytest.mark.parametrize("name", RUDE_CALLS)
def test_work_id_after_the_label_is_read_as_the_agent_turn(name):
    assert roles(name)[:3] == [Role.AGENT, Role.CUSTOMER, Role.AGENT]


@pytest.mark.parametrize("name", RUDE_CALLS)
def test_work_id_after_the_label_becomes_the_calls_agent_id(name):
    (transcript,) = read_file(LABELS / name)
    assert transcript.agent_id == "1024"


@pytest.mark.parametrize("name", RUDE_CALLS)
def test_rude_agent_behind_a_work_id_label_does_not_pass(name):
    result = check(str(LABELS / name), "--format", "json")
    (call,) = json.loads(result.stdout)["calls"]
    assert call["score"] < 100
    assert "open.greeting" in {f["rule_id"] for f in call["findings"]}


def test_fullwidth_parentheses_and_work_id_prefix_are_read():
    (transcript,) = read_file(LABELS / "fullwidth-parentheses.txt")
    assert [t.role for t in transcript.turns] == [Role.AGENT, Role.CUSTOMER]
    assert (transcript.turns[0].speaker, transcript.agent_id) == ("坐席（1024）", "1024")


def test_clock_time_between_label_and_colon_is_the_turns_start():
    (transcript,) = read_file(LABELS / "clock.txt")
    turns = transcript.turns
    assert [t.role for t in turns] == [Role.AGENT, Role.CUSTOMER, Role.AGENT]
    assert [t.start for t in turns] == [47_000 - 75, 47_000 - 69, 47_000 - 60]  # 13:02:05…
    assert [t.speaker for t in turns] == ["坐席[1024]", "用户", "坐席[1024]"]
    assert turns[1].text == "我家停电了。"


def test_clock_time_in_place_of_the_colon_is_read_too():
    (transcript,) = read_file(LABELS / "clock-no-colon.txt")
    assert [(t.role, t.text) for t in transcript.turns] == [
        (Role.AGENT, "您好，工号1024，请问有什么可以帮您？"),
        (Role.CUSTOMER, "我家停电了"),
    ]
    assert transcript.turns[1].start == 13 * 3600 + 2 * 60 + 11


def test_colons_inside_a_turn_and_unknown_words_before_a_colon_stay_text():
    (transcript,) = read_file(LABELS / "colon-in-text.txt")
    agent, customer = transcript.turns
    assert agent.text == (
        "您好，工号2046，维修人员预计到达时间是10:30，请您留意。"
        "注意: 这一行是质检员的备注客服 10:30 前会到: 这一行也接在上一句后面"
    )
    assert (customer.role, customer.text) == (Role.CUSTOMER, "好的。")
    assert transcript.agent_id == "2046"  # the 工号 header wins over nothing


def test_work_id_label_in_a_csv_speaker_column_is_the_agent():
    (transcript,) = read_file(LABELS / "bracket-id.csv")
    assert [t.role for t in transcript.turns] == [Role.AGENT, Role.CUSTOMER, Role.AGENT]
    assert transcript.agent_id == "1024"


def test_work_id_label_in_a_json_speaker_field_is_the_agent():
    (transcript,) = read_file(LABELS / "bracket-id.json")
    assert [t.role for t in transcript.turns] == [Role.AGENT, Role.CUSTOMER]


def test_alias_for_the_whole_spelling_wins_over_taking_the_work_id_off():
    options = ReadOptions(speaker_aliases={"坐席1024": Role.CUSTOMER, "客户": Role.AGENT})
    (transcript,) = read_file(LABELS / "attached-id.txt", options)
    assert [t.role for t in transcript.turns] == [Role.CUSTOMER, Role.AGENT, Role.CUSTOMER]


def test_call_with_only_customer_turns_is_an_error_naming_the_labels():
    error = input_error("customer-only.txt")
    assert "no agent turn found" in error.message
    assert "labels seen: 客户 (customer), 用户 (customer)" in error.message
    assert "map the agent's label with --speaker NAME=agent" in error.message


def test_call_whose_agent_label_is_unknown_is_an_error_suggesting_the_alias():
    error = input_error("unknown-agent-label.txt")
    assert "labels seen: 坐席A (not recognised), 客户 (customer)" in error.message
    assert "--speaker 坐席A=agent" in error.message


def test_unknown_agent_label_read_with_the_suggested_alias_is_checked():
    result = check(str(LABELS / "unknown-agent-label.txt"), "--speaker", "坐席A=agent")
    assert result.exit_code == 1
    assert "open.greeting" in result.stdout


def test_call_with_an_agent_and_no_customer_turn_is_a_silent_call_not_an_error():
    assert roles("agent-only.txt") == [Role.AGENT, Role.AGENT]


def test_agent_only_template_is_still_checked(tmp_path):
    template = tmp_path / "opening.tpl.txt"
    template.write_text(
        "客服: 您好,客户服务中心,工号{工号},请问有什么可以帮助您?\n", encoding="utf-8"
    )
    result = check(str(template), "--format", "json")
    assert "error:" not in result.stderr
    assert result.exit_code in (0, 1)


def test_cli_reports_call_without_agent_as_unreadable_not_as_a_pass():
    result = check(str(LABELS / "unknown-agent-label.txt"))
    assert result.exit_code == 2
    assert f"error: {LABELS / 'unknown-agent-label.txt'}: no agent turn found" in result.stderr
    assert len([x for x in result.stderr.splitlines() if x.startswith("error:")]) == 1


def test_numeric_csv_speakers_are_pointed_to_the_channel_map():
    error = input_error("numeric-speakers.csv")
    assert "labels seen: 1 (not recognised), 0 (not recognised)" in error.message
    assert "--channel-map 0=agent,1=customer" in error.message
    assert "--speaker" not in error.message


def test_numeric_csv_speakers_read_with_a_channel_map():
    options = ReadOptions(channel_map={1: Role.AGENT, 0: Role.CUSTOMER})
    assert [t.role for t in read_file(LABELS / "numeric-speakers.csv", options)[0].turns] == [
        Role.AGENT,
        Role.CUSTOMER,
    ]


def test_csv_call_without_an_agent_is_named_by_its_call_id():
    error = input_error("second-call-without-agent.csv")
    assert error.message.startswith("call c2: no agent turn found; labels seen: 坐席A")


def test_alibaba_flash_recogniser_result_is_read_as_asr():
    (transcript,) = read_file(LABELS / "flash-result.json")
    assert transcript.format == "asr"
    assert [(t.role, t.start) for t in transcript.turns] == [
        (Role.AGENT, 1.2),
        (Role.CUSTOMER, 6.8),
    ]


def test_unsupported_recogniser_layout_names_the_supported_ones():
    error = input_error("unsupported-recogniser.json")
    assert error.message.startswith("looks like speech-recogniser output (keys: RequestId, ")
    assert '{"Result": {"Sentences": [...]}}' in error.message
    assert "--input-format asr" in error.message
    assert "unknown field" not in error.message


def test_channel_map_without_an_agent_is_an_error():
    options = ReadOptions(channel_map={0: Role.CUSTOMER, 1: Role.CUSTOMER})
    error = input_error("flash-result.json", options)
    assert "no agent turn found; labels seen: 0 (customer), 1 (customer)" in error.message
    assert "--channel-map 0=agent,1=customer" in error.message


@pytest.mark.parametrize("name", ["unknown-agent-label.json", "unknown-agent-label.srt"])
def test_json_or_subtitle_call_whose_agent_label_is_not_recognised_is_an_error(name):
    """坐席A is no known label: without an agent turn the call would score a clean 100."""
    error = input_error(name)
    assert "no agent turn found" in error.message
    assert "--speaker NAME=agent" in error.message
    result = check(str(LABELS / name))
    assert result.exit_code == 2 and "no agent turn found" in result.output


def test_json_unknown_agent_label_is_named_and_can_be_mapped():
    error = input_error("unknown-agent-label.json")
    assert "坐席A (not recognised)" in error.message and "--speaker 坐席A=agent" in error.message
    result = check(str(LABELS / "unknown-agent-label.json"), "--speaker", "坐席A=agent")
    assert result.exit_code == 1  # now read, and the rude agent fails
    assert "你急什么" in result.output


def test_json_with_explicit_roles_and_no_agent_turn_is_still_read():
    """Roles given explicitly are not misread: the reader does not second-guess them."""
    assert roles("explicit-customer-only.json") == [Role.CUSTOMER]


def test_label_with_a_short_name_is_that_role_with_the_name_kept_as_the_speaker():
    (transcript,) = read_file(LABELS / "named-agent-short.txt")
    assert [(t.role, t.speaker, t.text) for t in transcript.turns] == [
        (Role.AGENT, "客服", "您好,96116供水热线,工号1024。"),
        (Role.CUSTOMER, "客户", "我家没水了。"),
        (Role.AGENT, "坐席 王", "这不归我管。"),
    ]


def test_forbidden_phrase_of_an_agent_labelled_with_a_name_is_found():
    result = check(str(LABELS / "named-agent-short.txt"), "--format", "json")
    (call,) = json.loads(result.stdout)["calls"]
    assert "courtesy.forbidden-phrase" in {f["rule_id"] for f in call["findings"]}


def test_customer_sentence_starting_with_an_agent_label_is_not_a_label():
    (transcript,) = read_file(LABELS / "named-agent.txt")
    assert [(t.role, t.speaker) for t in transcript.turns] == [
        (Role.AGENT, "客服 小王"),
        (Role.CUSTOMER, "客户"),
        (Role.AGENT, "坐席 王"),
    ]
    assert transcript.turns[1].text == "客服 你们什么时候来修客服 你们: 到底什么时候来?"


def test_label_with_a_name_and_a_work_id_in_a_csv_speaker_column_is_the_agent():
    (transcript,) = read_file(LABELS / "named-agent.csv")
    assert [t.role for t in transcript.turns] == [Role.AGENT, Role.CUSTOMER, Role.AGENT]
    assert (transcript.turns[0].speaker, transcript.agent_id) == ("客服 小王(1024)", "1024")


@pytest.mark.parametrize(
    ("label", "role", "person"),
    [
        ("坐席 王", Role.AGENT, "王"),
        ("客服 小王", Role.AGENT, "小王"),
        ("客服\u3000欧阳娜", Role.AGENT, "欧阳娜"),
        ("客戶 王女士", Role.CUSTOMER, "王女士"),
    ],
)
def test_speaker_table_reads_a_label_a_space_and_a_short_name(label, role, person):
    found = SpeakerTable().parse(label)
    assert found is not None and (found.role, found.name, found.person) == (role, label, person)


@pytest.mark.parametrize(
    "label",
    ["客服 你们什么时候来修", "客服 你们", "客户 说", "客服 王芳芳芳", "坐席A", "王经理 王"],
)
def test_speaker_table_does_not_take_speech_or_long_words_for_a_name(label):
    assert SpeakerTable().parse(label) is None
