"""Invisible characters (a byte-order mark, zero-width spaces and joiners, the word joiner) are
no part of a speaker label, a time stamp or a header: a file made by ``cat`` of files saved
with a BOM, or text pasted from a chat tool, reads exactly like the clean file. The turn text
keeps what it had."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from scriptcheck.cli import main
from scriptcheck.model import Role
from scriptcheck.readers import read_file

ODD = Path(__file__).parent / "data" / "odd"
AGENT, CUSTOMER = Role.AGENT, Role.CUSTOMER


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def calls(name: str, *options: str) -> list[dict]:
    result = cli("check", str(ODD / name), "--format", "jsonl", *options)
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.output.splitlines()]


def parsed(name: str) -> dict:
    result = cli("parse", str(ODD / name), "--format", "json")
    assert result.exit_code == 0, result.output
    (document,) = json.loads(result.output)
    return document


def roles_and_texts(name: str) -> list[tuple[str, str]]:
    return [(t["role"], t["text"]) for t in parsed(name)["turns"]]


def test_a_bom_after_the_time_stamp_costs_nothing() -> None:
    (clean,) = calls("clean.txt")
    (bom,) = calls("bom_after_time_stamp.txt")
    assert bom["score"] == clean["score"] == 100
    assert bom["findings"] == clean["findings"] == []
    first = parsed("bom_after_time_stamp.txt")["turns"][0]
    assert (first["role"], first["start"]) == ("agent", 1.0)
    assert first["text"].startswith("您好,国网XX供电公司95598")


def test_files_saved_with_a_bom_and_concatenated_keep_their_turns() -> None:
    assert roles_and_texts("cat_of_bom_files.txt") == [
        ("agent", "您好,工号1024,请问有什么可以帮助您?"),
        ("customer", "我家停电了"),
        ("agent", "好的,请问您的详细地址是?"),
    ]
    document = parsed("cat_of_bom_files.txt")
    assert document["turns"][2]["start"] == 9.0  # a BOM before the time stamp
    assert document["call_id"] == "cat-0001"  # and before a header


def test_zero_width_characters_around_labels_and_time_stamps_are_ignored() -> None:
    document = parsed("zero_width_labels.txt")
    turns = document["turns"]
    assert [t["role"] for t in turns] == ["agent", "customer", "agent", "customer"]
    assert turns[1]["text"] == "我家停电了"
    assert turns[3]["start"] == 12.0
    assert [e["type"] for e in document["events"]] == ["hangup"]


def test_the_turn_text_keeps_its_invisible_characters() -> None:
    (transcript,) = read_file(ODD / "zero_width_labels.txt")
    assert transcript.turns[2].text == "好\u200b的,请问\u2060您的详细地址是?"
    assert transcript.turns[2].speaker == "客服"  # the label as written, less the ZWJ


def test_a_zero_width_label_no_longer_makes_a_silent_call() -> None:
    (call,) = calls("zero_width_labels.txt")
    silent = [o for o in call["outcomes"] if "silent" in o["rule_id"]]
    assert silent and all(o["status"] != "violated" for o in silent)
    assert all(f["role"] != "unknown" for f in call["findings"])


def test_csv_speaker_cells_with_a_bom_or_zero_width_space_resolve() -> None:
    assert roles_and_texts("bom_speaker_cells.csv") == [
        ("agent", "您好,工号1024,请问有什么可以帮助您?"),
        ("customer", "我家停电了"),
        ("agent", "请问您的\u200b详细地址是?"),
    ]


def test_json_speaker_and_role_fields_with_invisible_characters_resolve() -> None:
    (transcript,) = read_file(ODD / "zero_width_speakers.json")
    assert [t.role for t in transcript.turns] == [AGENT, CUSTOMER, AGENT]
    assert [t.speaker for t in transcript.turns] == ["客服", "客户", None]
    assert transcript.turns[2].text == "请问您的\u200b详细地址是?"
