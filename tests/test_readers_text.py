"""Plain-text details: time stamps, labels, continuation, events, headers and pragmas."""

from __future__ import annotations

import pytest

from scriptcheck.errors import InputError
from scriptcheck.model import EventKind, Role
from scriptcheck.readers import ReadOptions, read_text


def one(text: str, options: ReadOptions | None = None):
    (transcript,) = read_text(text, options=options or ReadOptions())
    return transcript


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("[01:02] 客服:您好", 62.0, None),
        ("[00:01:02] 客服:您好", 62.0, None),
        ("[00:01:02.500] 客服:您好", 62.5, None),
        ("[00:01:02.5-00:01:05.0] 客服:您好", 62.5, 65.0),
        ("[00:01:02 --> 00:01:05] 客服:您好", 62.0, 65.0),
        ("【01:00:00】客服:您好", 3600.0, None),
    ],
)
def test_timestamp_forms_give_start_and_end_seconds(line, start, end):
    turn = one(line).turns[0]
    assert (turn.start, turn.end, turn.text) == (start, end, "您好")


@pytest.mark.parametrize(
    "label",
    [
        "客服",
        "坐席",
        "座席",
        "客服代表",
        "业务员",
        "话务员",
        "受理员",
        "工作人员",
        "Agent",
        "AGENT",
        "A",
        "Ａ",
        "客服(1024)",
    ],
)
def test_agent_labels_are_recognised(label):
    assert one(f"{label}:您好").turns[0].role is Role.AGENT


@pytest.mark.parametrize(
    "label",
    [
        "客户",
        "用户",
        "来电人",
        "来电者",
        "顾客",
        "Customer",
        "caller",
        "C",
        "客戶",
        "來電人",
        "顧客",
    ],
)
def test_customer_labels_are_recognised_also_in_traditional(label):
    assert one(f"客服：您好\n{label}：停电了").turns[1].role is Role.CUSTOMER


def test_spaces_around_the_colon_are_allowed_and_not_kept():
    turn = one("客服 ： 您好").turns[0]
    assert (turn.speaker, turn.text) == ("客服", "您好")


@pytest.mark.parametrize("colon", ["﹕", "︰", "∶", "ː"])
def test_colon_forms_of_older_exports_end_a_label(colon):
    """﹕ (small), ︰ (Big5's colon, vertical form), ∶ (GB2312's ratio sign) and ː (U+02D0,
    modifier letter triangular colon)."""
    t = one(f"客服{colon}您好,工号1024\n客戶{colon}停电了")
    assert [(turn.role, turn.text) for turn in t.turns] == [
        (Role.AGENT, "您好,工号1024"),
        (Role.CUSTOMER, "停电了"),
    ]


def test_speaker_alias_maps_a_custom_label():
    t = one(
        "张三: 您好\n李四: 停电了",
        ReadOptions(speaker_aliases={"张三": Role.AGENT, "李四": Role.CUSTOMER}),
    )
    assert [turn.role for turn in t.turns] == [Role.AGENT, Role.CUSTOMER]


def test_unlabelled_line_continues_previous_turn_without_adding_characters():
    t = one("客服:您好,\n\n  请问有什么可以帮您?\n地址: 人民路\n客户:停电了")
    assert [turn.text for turn in t.turns] == ["您好,请问有什么可以帮您?地址: 人民路", "停电了"]
    assert [(turn.index, turn.line) for turn in t.turns] == [(0, 1), (1, 5)]


def test_unlabelled_line_before_the_first_turn_is_an_unknown_turn():
    t = one("通话记录\n客服:您好")
    assert [(turn.role, turn.text) for turn in t.turns] == [
        (Role.UNKNOWN, "通话记录"),
        (Role.AGENT, "您好"),
    ]


@pytest.mark.parametrize(
    ("line", "kind", "by", "count", "duration", "note"),
    [
        ("[挂机] 客户", EventKind.HANGUP, Role.CUSTOMER, None, None, None),
        ("[客户挂机]", EventKind.HANGUP, Role.CUSTOMER, None, None, None),
        ("[hangup] agent", EventKind.HANGUP, Role.AGENT, None, None, None),
        ("[掛機] 客服", EventKind.HANGUP, Role.AGENT, None, None, None),
        ("[振铃 5 声]", EventKind.RING, None, 5, None, None),
        ("[振鈴五聲]", EventKind.RING, None, 5, None, None),
        ("[ring 3]", EventKind.RING, None, 3, None, None),
        ("[保持开始]", EventKind.HOLD_START, None, None, None, None),
        ("[保持開始]", EventKind.HOLD_START, None, None, None, None),
        ("[hold start]", EventKind.HOLD_START, None, None, None, None),
        ("[保持结束]", EventKind.HOLD_END, None, None, None, None),
        ("[hold end]", EventKind.HOLD_END, None, None, None, None),
        ("[转接] 营业厅", EventKind.TRANSFER, None, None, None, "营业厅"),
        ("[轉接]", EventKind.TRANSFER, None, None, None, None),
        ("[transfer] billing", EventKind.TRANSFER, None, None, None, "billing"),
        ("[静音 12 秒]", EventKind.SILENCE, None, None, 12.0, None),
        ("[靜音 1分30秒]", EventKind.SILENCE, None, None, 90.0, None),
        ("[silence 12s]", EventKind.SILENCE, None, None, 12.0, None),
    ],
)
def test_event_lines(line, kind, by, count, duration, note):
    (event,) = one(f"客服:您好\n{line}\n客户:你好").events
    assert (event.kind, event.by, event.count, event.duration, event.note) == (
        kind,
        by,
        count,
        duration,
        note,
    )
    assert (event.position, event.line) == (1, 2)


def test_event_with_timestamp_records_its_time():
    (event,) = one("客服:您好\n[00:03:10] [挂机] 客户").events
    assert (event.kind, event.time, event.by) == (EventKind.HANGUP, 190.0, Role.CUSTOMER)


def test_unknown_bracketed_line_is_not_an_event():
    t = one("客服:您好\n[笑声]")
    assert t.events == ()
    assert t.turns[0].text == "您好[笑声]"


def test_rings_header_wins_over_ring_event():
    assert one("# rings: 2\n[振铃 5 声]\n客服:您好").rings == 2
    assert one("# 振铃次数: 四声\n客服:您好").rings == 4


def test_headers_with_full_width_colon_and_unknown_keys_go_to_metadata():
    t = one("# call_id：X-1\n# 业务类型: 报修\n# 这是一条注释\n客服:您好")
    assert t.call_id == "X-1"
    assert t.metadata == {"call_id": "X-1", "业务类型": "报修"}


def test_pragmas_are_collected_with_their_line_numbers():
    t = one(
        "# scriptcheck: disable-file=courtesy.honorific\n"
        "客服:你好  # scriptcheck: disable=open.greeting\n"
    )
    assert t.pragmas == ((1, "disable-file=courtesy.honorific"), (2, "disable=open.greeting"))
    assert t.turns[0].text == "你好"
    assert t.metadata == {}


def test_bad_rings_header_names_the_line():
    with pytest.raises(InputError, match=r"line 2: rings must be a number"):
        one("客服:您好\n# rings: many")


def test_windows_line_endings_keep_line_numbers():
    t = one("# call_id: 1\r\n客服:您好\r\n客户:停电了\r\n")
    assert [turn.line for turn in t.turns] == [2, 3]
    assert t.turns[1].text == "停电了"
