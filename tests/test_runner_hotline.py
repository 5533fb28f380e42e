"""A call's ``# hotline:`` header picks its pack; a value that names none is checked with core
and says so, in every output, and the JSON names the pack each call was checked with."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from scriptcheck.cli import main

ODD = Path(__file__).parent / "data" / "odd"
SCHEMA = Path(__file__).parents[1] / "src" / "scriptcheck" / "schemas" / "result.schema.json"
TYPO_NOTE = (
    "hotline 'powr' names no pack (did you mean 'power'?); checked with core; "
    "map it in [hotlines] or pass --rules"
)


def check(*args: str) -> Result:
    result = CliRunner().invoke(main, ["check", "--no-color", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result


def only_call(*args: str) -> dict:
    (line,) = check(*args, "--format", "jsonl").output.splitlines()
    return json.loads(line)


@pytest.mark.parametrize("name", ["hotline_power.txt", "hotline_95598.txt"])
def test_a_power_hotline_header_runs_the_power_rules(name: str) -> None:
    call = only_call(str(ODD / name))
    assert call["pack"] == "power"
    assert call["notes"] == []
    assert "fault.tell-eta" in {f["rule_id"] for f in call["findings"]}


def test_hotline_10000_picks_telecom(tmp_path: Path) -> None:
    source = (ODD / "hotline_power.txt").read_text(encoding="utf-8")
    call = tmp_path / "broadband.txt"
    call.write_text(source.replace("# hotline: power", "# hotline: 10000"), encoding="utf-8")
    assert only_call(str(call))["pack"] == "telecom"


def test_a_mistyped_hotline_is_checked_with_core_and_says_so_in_json() -> None:
    call = only_call(str(ODD / "hotline_typo.txt"))
    assert call["pack"] == "core"
    assert call["notes"] == [TYPO_NOTE]
    assert "fault.tell-eta" not in {o["rule_id"] for o in call["outcomes"]}


def test_a_chinese_hotline_word_suggests_its_pack() -> None:
    call = only_call(str(ODD / "hotline_chinese.txt"))
    assert call["pack"] == "core"
    assert call["notes"] == [
        "hotline '电力' names no pack (did you mean 'power'?); checked with core; "
        "map it in [hotlines] or pass --rules"
    ]


@pytest.mark.parametrize("form", ["text", "concise"])
def test_the_hotline_note_is_shown_in_text_and_concise(form: str) -> None:
    output = check(str(ODD / "hotline_typo.txt"), "--format", form).output
    assert f"注意: {TYPO_NOTE}" in output


def test_the_note_and_pack_survive_worker_processes() -> None:
    files = [str(ODD / n) for n in ("hotline_95598.txt", "hotline_typo.txt")]
    lines = check(*files, "--jobs", "2", "--format", "jsonl").output.splitlines()
    calls = [json.loads(line) for line in lines]
    assert [(c["pack"], c["notes"]) for c in calls] == [("power", []), ("core", [TYPO_NOTE])]


def test_rules_given_on_the_command_line_name_the_pack_and_silence_the_note() -> None:
    call = only_call(str(ODD / "hotline_typo.txt"), "--rules", "power")
    assert call["pack"] == "power"
    assert call["notes"] == []
    assert "fault.tell-eta" in {f["rule_id"] for f in call["findings"]}


def test_the_json_document_with_a_pack_matches_the_schema() -> None:
    output = check(
        str(ODD / "hotline_typo.txt"), str(ODD / "hotline_power.txt"), "--format", "json"
    )
    document = json.loads(output.output)
    jsonschema.validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [c["pack"] for c in document["calls"]] == ["power", "core"]


def test_a_hotline_mapped_only_in_a_farther_config_is_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "scriptcheck.toml").write_text('[hotlines]\n"guowang" = "power"\n')
    team = tmp_path / "team"
    team.mkdir()
    (team / "scriptcheck.toml").write_text("fail-under = 60\n")  # the nearer config wins
    monkeypatch.chdir(team)
    call = only_call(str(ODD / "hotline_unknown.txt"))
    assert call["pack"] == "core"
    assert call["notes"] == [
        "hotline 'guowang' names no pack; checked with core; map it in [hotlines] or pass --rules"
    ]
    monkeypatch.chdir(tmp_path)
    assert only_call(str(ODD / "hotline_unknown.txt"))["pack"] == "power"
