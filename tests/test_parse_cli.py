"""``scriptcheck parse``: tables or JSON per file; bad files reported, others still shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck.cli import main

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "examples" / "transcripts" / "formats"
BAD = ROOT / "tests" / "data" / "readers"


def run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(main, ["parse", *args], input=stdin)


def test_text_output_shows_header_roles_turns_and_events():
    result = run(str(SAMPLES / "power-outage-timestamps.txt"))
    assert result.exit_code == 0, result.output
    assert "95598-20261123-0001" in result.output
    assert "格式 text" in result.output and "编码 utf-8" in result.output
    assert "客服" in result.output and "客户" in result.output
    assert "00:16-00:24.5" in result.output
    assert "挂机" in result.output and "保持开始" in result.output


def test_text_output_notes_inferred_roles():
    result = run(str(SAMPLES / "power-repair-asr.json"))
    assert result.exit_code == 0
    assert "roles inferred" in result.output


def test_json_output_is_one_document_per_file_with_all_calls():
    result = run("--format", "json", str(SAMPLES / "power-two-calls.csv"))
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert [call["call_id"] for call in document] == ["95598-20261201-0003", "95598-20261201-0004"]
    assert document[0]["turns"][1] == {
        "index": 1,
        "role": "customer",
        "speaker": "客户",
        "text": "我想办理新装电表。",
        "start": 6.0,
        "end": 9.0,
        "line": 3,
    }


def test_bad_file_is_reported_on_stderr_others_still_parsed_and_exit_code_is_2():
    result = CliRunner().invoke(
        main,
        [
            "parse",
            "--format",
            "json",
            str(BAD / "no-labels.txt"),
            str(SAMPLES / "power-meter.json"),
            str(BAD / "empty.txt"),
        ],
    )
    assert result.exit_code == 2
    assert json.loads(result.stdout)[0]["call_id"] == "95598-20261129-0208"
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: {BAD / 'no-labels.txt'}: no speaker labels found (expected lines like "
        "'客服: 您好'); labels seen: 张三 (not recognised); map the agent's label with "
        "--speaker NAME=agent, e.g. --speaker 张三=agent",
        f"error: {BAD / 'empty.txt'}: empty file (nothing to read)",
    ]


def test_modifier_letter_colon_ends_a_speaker_label():
    """ː (U+02D0, modifier letter triangular colon), which some exports write for ':'."""
    result = run("--format", "json", str(BAD / "modifier-letter-colon.txt"))
    assert result.exit_code == 0, result.output
    (call,) = json.loads(result.output)
    assert call["call_id"] == "colon-0001"
    assert [(t["role"], t["speaker"], t["text"]) for t in call["turns"]] == [
        ("agent", "客服", "您好,工号1024,请问有什么可以帮您?"),
        ("customer", "客戶", "我家停电了"),
        ("agent", "客服", "好的,马上为您查询。"),
    ]


def test_channel_map_option_sets_roles():
    result = run(
        "--format",
        "json",
        "--channel-map",
        "0=agent,1=customer",
        str(SAMPLES / "power-repair-asr.json"),
    )
    (call,) = json.loads(result.output)
    assert call["roles_inferred"] is False
    assert call["turns"][0]["role"] == "agent"


def test_bad_channel_map_is_a_usage_error():
    result = run("--channel-map", "0=boss", str(SAMPLES / "power-repair-asr.json"))
    assert result.exit_code == 2
    assert "role must be agent, customer" in result.output


def test_speaker_option_adds_labels():
    result = run(
        "--format",
        "json",
        "--speaker",
        "张三=agent",
        "--speaker",
        "王五=客户",
        str(BAD / "no-labels.txt"),
    )
    assert result.exit_code == 0, result.output
    (call,) = json.loads(result.output)
    assert [turn["role"] for turn in call["turns"]] == ["unknown", "agent"]


def test_input_format_and_encoding_options_override_detection(tmp_path):
    odd = tmp_path / "call.data"
    odd.write_bytes("speaker\ttext\n客服\t您好\n".encode("gb18030"))
    result = run("--format", "json", "--input-format", "tsv", "--encoding", "gb18030", str(odd))
    (call,) = json.loads(result.output)
    assert (call["format"], call["encoding"], call["turns"][0]["text"]) == (
        "tsv",
        "gb18030",
        "您好",
    )


def test_max_size_option_limits_file_size():
    result = CliRunner().invoke(
        main, ["parse", "--max-size", "0.0001", str(SAMPLES / "power-meter.json")]
    )
    assert result.exit_code == 2
    assert "over the 0.1 KB limit; raise it with --max-size" in result.stderr


def test_dash_reads_stdin():
    result = run("--format", "json", "-", stdin="客服:您好\n客户:停电了\n".encode())
    (call,) = json.loads(result.output)
    assert call["path"] == "<stdin>"
    assert [turn["role"] for turn in call["turns"]] == ["agent", "customer"]


def test_parse_shows_the_good_calls_of_a_jsonl_file_and_names_each_bad_line() -> None:
    multi = Path(__file__).parent / "data" / "batch" / "multi.jsonl"
    result = CliRunner().invoke(main, ["parse", str(multi), "--format", "json"])
    assert result.exit_code == 2
    assert f"error: {multi}: line 2: invalid JSON" in result.stderr
    assert [call["call_id"] for call in json.loads(result.stdout)] == ["a", "c"]


def test_no_color_drops_the_role_colours_of_a_colour_terminal():
    sample = str(SAMPLES / "power-outage-timestamps.txt")
    runner = CliRunner(env={"FORCE_COLOR": "1", "NO_COLOR": None})
    coloured = runner.invoke(main, ["parse", sample])
    plain = runner.invoke(main, ["parse", "--no-color", sample])
    assert coloured.exit_code == plain.exit_code == 0
    assert "\x1b[36m" in coloured.output  # 客服 in cyan
    assert "\x1b[36m" not in plain.output and "\x1b[32m" not in plain.output
    assert "客服" in plain.output


def test_each_call_of_a_jsonl_file_without_call_id_is_named_by_its_line():
    multi = ROOT / "tests" / "data" / "report" / "batch" / "multi.jsonl"
    result = run(str(multi))
    assert f"{multi}#1" in result.output and f"{multi}#3" in result.output


CONFIG_DATA = ROOT / "tests" / "data" / "config"


def test_parse_reads_speakers_from_the_config_file_found_upward(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(CONFIG_DATA / "duty")
    result = CliRunner().invoke(main, ["parse", "--format", "json", "duty.txt"])
    assert result.exit_code == 0, result.output
    (call,) = json.loads(result.stdout)
    assert [turn["role"] for turn in call["turns"]] == ["agent", "customer"]


def test_parse_takes_the_config_option_like_check(tmp_path: Path) -> None:
    duty = CONFIG_DATA / "duty"
    args = ["--config", str(duty / "scriptcheck.toml"), str(duty / "duty.txt")]
    parsed = CliRunner().invoke(main, ["parse", "--format", "json", *args])
    assert parsed.exit_code == 0, parsed.output
    assert json.loads(parsed.stdout)[0]["turns"][0]["role"] == "agent"
    checked = CliRunner().invoke(main, ["check", *args])
    assert checked.exit_code in (0, 1) and "第1轮 客服" in checked.stdout


def test_parse_reports_a_bad_config_value_with_its_file() -> None:
    config = CONFIG_DATA / "bad_channel_map" / "scriptcheck.toml"
    result = CliRunner().invoke(
        main, ["parse", "--config", str(config), str(SAMPLES / "power-repair-asr.json")]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {config}:3: key 'channel-map'")


def test_text_output_numbers_turns_from_1_like_check() -> None:
    result = run("--no-color", str(SAMPLES / "power-outage-timestamps.txt"))
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "您好,国网XX供电公司95598" in line]
    assert rows and rows[0].split("│")[1].strip() == "1"
    # the hold starts after the 7th turn (客服:请您稍等), the 7th row of the table
    held = [line for line in result.output.splitlines() if "保持开始" in line]
    assert held and "第 7 轮后" in held[0]
    waiting = [line for line in result.output.splitlines() if "请您稍等" in line]
    assert waiting[0].split("│")[1].strip() == "7"


def test_json_output_keeps_its_documented_0_based_turn_index() -> None:
    result = run("--format", "json", str(SAMPLES / "power-outage-timestamps.txt"))
    (call,) = json.loads(result.stdout)
    assert call["turns"][0]["index"] == 0
