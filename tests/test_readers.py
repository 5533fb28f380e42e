"""The sample files in examples/transcripts/formats/, one per format and encoding, read exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from scriptcheck.model import EventKind, Role
from scriptcheck.readers import ReadOptions, parse_channel_map, read_file

FORMATS_DIR = Path(__file__).parent.parent / "examples" / "transcripts" / "formats"
A, C = Role.AGENT, Role.CUSTOMER


def read_one(name: str, options: ReadOptions | None = None):
    (transcript,) = read_file(FORMATS_DIR / name, options or ReadOptions())
    return transcript


def roles(transcript) -> str:
    return "".join(
        {"agent": "A", "customer": "C", "unknown": "?"}[t.role.value] for t in transcript.turns
    )


def events(transcript) -> list[tuple]:
    return [(e.kind, e.position, e.time, e.by, e.count, e.duration) for e in transcript.events]


def test_text_with_timestamps_reads_headers_turns_times_and_events():
    t = read_one("power-outage-timestamps.txt")
    assert (t.format, t.encoding) == ("text", "utf-8")
    assert (t.call_id, t.agent_id, t.hotline, t.date, t.rings) == (
        "95598-20261123-0001",
        "1024",
        "95598",
        "2026-11-23",
        2,
    )
    assert t.metadata["备注"] == "故障报修"
    assert roles(t) == "ACACACAACACA"
    first = t.turns[0]
    assert (first.index, first.role, first.start, first.end, first.line, first.speaker) == (
        0,
        A,
        1.0,
        None,
        7,
        "客服",
    )
    assert first.text == "您好,国网XX供电公司95598,工号1024,很高兴为您服务。"
    assert t.turns[2].text == "非常抱歉给您带来不便。请问您家的详细地址是?"  # full-width colon
    continued = t.turns[3]
    assert continued.text == "幸福路18号阳光小区3栋2单元,电话是13812345678。"
    assert (continued.start, continued.end, continued.line) == (16.0, 24.5, 10)
    assert [turn.line for turn in t.turns][4:] == [12, 13, 14, 17, 18, 19, 20, 21]
    assert events(t) == [
        (EventKind.HOLD_START, 7, 36.0, None, None, None),
        (EventKind.HOLD_END, 7, 58.0, None, None, None),
        (EventKind.HANGUP, 12, 80.0, C, None, None),
    ]


def test_text_without_timestamps_takes_rings_from_ring_event_and_agent_id_from_chinese_header():
    t = read_one("telecom-broadband-plain.txt")
    assert (t.call_id, t.agent_id, t.hotline, t.rings) == (
        "10000-20261124-0032",
        "2231",
        "10000",
        3,
    )
    assert roles(t) == "ACACACACA"
    assert not t.has_times
    assert t.turns[0].speaker == "坐席" and t.turns[1].speaker == "用户"
    assert t.turns[3].text == "账号是02188886666。"
    assert events(t) == [
        (EventKind.RING, 0, None, None, 3, None),
        (EventKind.HANGUP, 9, None, C, None, None),
    ]


def test_traditional_labels_and_events_resolve_and_text_is_kept_as_written():
    t = read_one("courier-traditional.txt")
    assert t.hotline == "快遞客服熱線"
    assert roles(t) == "ACACAACACA"
    assert t.turns[1].speaker == "客戶"
    assert t.turns[0].text == "您好,XX快遞客服中心,工號3306,很高興為您服務。"
    assert events(t) == [
        (EventKind.SILENCE, 5, None, None, None, 15.0),
        (EventKind.HANGUP, 10, None, C, None, None),
    ]


def test_gb18030_file_is_detected_and_decoded():
    t = read_one("power-bill-gb18030.txt")
    assert t.encoding == "gb18030"
    assert t.turns[1].text == "你好,我想查一下上个月的电费,怎么这么高?"
    assert roles(t) == "ACACACACA"
    assert (t.turns[8].start, t.turns[8].text) == (42.0, "感谢您的来电,再见。")
    assert events(t) == [(EventKind.HANGUP, 9, 45.0, C, None, None)]


def test_utf16_with_bom_reads_answer_delay_and_english_hangup():
    t = read_one("telecom-plan-utf16.txt")
    assert t.encoding == "utf-16-le"
    assert (t.agent_id, t.answer_delay) == ("5120", 8.0)
    assert t.turns[0].speaker == "客服代表"
    assert t.turns[3].text == "13307551234。"
    assert roles(t) == "ACACACACA"
    assert events(t) == [(EventKind.HANGUP, 9, None, C, None, None)]


def test_utf8_bom_is_stripped_before_the_first_header():
    t = read_one("courier-pickup-utf8-bom.txt")
    assert t.encoding == "utf-8-sig"
    assert t.call_id == "YT-20261128-0044"
    assert roles(t) == "ACACACACA"
    assert [turn.start for turn in t.turns] == [1.0, 5.0, 9.0, 13.0, 16.0, 24.0, 26.0, 29.0, 31.0]
    assert events(t) == [(EventKind.HANGUP, 9, 33.0, C, None, None)]


def test_json_call_reads_roles_speakers_times_metadata_and_events():
    t = read_one("power-meter.json")
    assert t.format == "json"
    assert (t.call_id, t.agent_id, t.rings) == ("95598-20261129-0208", "1107", 1)
    assert t.metadata["业务类型"] == "计量咨询"
    assert roles(t) == "ACACACACA"
    assert (t.turns[3].role, t.turns[3].speaker, t.turns[3].text) == (C, "客户", "光明路25号。")
    assert (t.turns[0].start, t.turns[0].end) == (1.0, 5.2)
    assert events(t) == [
        (EventKind.RING, 0, None, None, 1, None),
        (EventKind.HANGUP, 9, 33.0, C, None, None),
    ]


def test_jsonl_holds_two_calls_each_with_its_line():
    first, second = read_file(FORMATS_DIR / "telecom-two-calls.jsonl")
    assert (first.call_id, second.call_id) == ("10000-20261130-0001", "10000-20261130-0002")
    assert (first.format, roles(first), roles(second)) == ("jsonl", "ACACA", "ACACA")
    assert {turn.line for turn in first.turns} == {1}
    assert {turn.line for turn in second.turns} == {2}
    assert second.turns[1].speaker == "来电人"
    assert events(first) == [(EventKind.HANGUP, 5, None, C, None, None)]
    assert events(second) == [(EventKind.HANGUP, 5, None, A, None, None)]


def test_asr_infers_the_agent_from_greeting_and_work_id_not_from_who_speaks_first():
    t = read_one("power-repair-asr.json")
    assert (t.format, t.roles_inferred) == ("asr", True)
    assert roles(t) == "CACACACA"
    assert (t.turns[0].start, t.turns[0].end, t.turns[0].text) == (0.4, 1.1, "喂,你好。")
    assert (t.turns[1].speaker, t.turns[1].start, t.turns[1].end) == ("channel 1", 1.2, 6.1)


def test_asr_channel_map_sets_roles_without_inference():
    t = read_one(
        "power-repair-asr.json", ReadOptions(channel_map=parse_channel_map("0=agent,1=客户"))
    )
    assert t.roles_inferred is False
    assert roles(t) == "ACACACAC"


def test_srt_cues_give_times_and_unlabelled_lines_continue_the_turn():
    t = read_one("courier-complaint.srt")
    assert t.format == "srt"
    assert roles(t) == "ACACACA"
    assert (t.turns[1].text, t.turns[1].start, t.turns[1].end) == (
        "我的包裹显示已签收,可是我根本没收到。",
        5.8,
        10.4,
    )
    assert (t.turns[6].start, t.turns[6].end, t.turns[6].line) == (33.4, 35.6, 28)


def test_vtt_voice_spans_give_roles_and_two_voices_in_one_cue_give_two_turns():
    t = read_one("telecom-roaming.vtt")
    assert t.format == "vtt"
    assert roles(t) == "ACAACA"
    assert t.turns[0].text == "您好,中国电信10000号,工号3390,很高兴为您服务。"
    # the cue's 8.6 s shared by length: 24 characters, then 12
    assert [(turn.start, turn.end) for turn in t.turns[2:4]] == [(9.6, 15.333), (15.333, 18.2)]
    assert t.turns[3].text == "请问还有什么可以帮助您?"


def test_csv_with_two_call_ids_gives_two_transcripts_in_order():
    first, second = read_file(FORMATS_DIR / "power-two-calls.csv")
    assert (first.call_id, second.call_id) == ("95598-20261201-0003", "95598-20261201-0004")
    assert (roles(first), roles(second)) == ("ACACA", "ACACA")
    assert (first.turns[0].start, first.turns[0].end, first.turns[0].line) == (1.0, 5.0, 2)
    assert second.turns[0].speaker == "坐席"
    assert second.turns[1].text == "我家电压不稳,灯一闪一闪的。"
    assert [turn.index for turn in second.turns] == [0, 1, 2, 3, 4]


def test_tsv_with_chinese_headers_reads_seconds():
    t = read_one("power-arrears.tsv")
    assert (t.format, t.call_id) == ("tsv", "95598-20261202-0011")
    assert roles(t) == "ACACACA"
    assert [(turn.start, turn.end) for turn in t.turns[:2]] == [(1.0, 5.5), (6.2, 9.8)]


@pytest.mark.parametrize("name", sorted(p.name for p in FORMATS_DIR.iterdir()))
def test_every_sample_opens_with_a_greeting_and_closes_politely(name):
    for t in read_file(FORMATS_DIR / name):
        agent = t.agent_turns()
        assert "您好" in agent[0].text
        assert "再见" in agent[-1].text or "再見" in agent[-1].text
        assert [turn.index for turn in t.turns] == list(range(len(t.turns)))
