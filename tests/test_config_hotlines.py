"""A ``[hotlines]`` value may be a rulebook file, relative to the config file; a call's
``# hotline:`` header names a hotline, never a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck.cli import main

DATA = Path(__file__).parent / "data" / "selectors" / "hotline_file"


def _calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict]:  # type: ignore[type-arg]
    monkeypatch.chdir(DATA / "calls")  # the config is one folder up: paths are from there
    result = CliRunner().invoke(main, ["check", "--format", "json", "gas.txt", "path_header.txt"])
    return {call["path"]: call for call in json.loads(result.stdout)["calls"]}


def _opening_rules(call: dict) -> list[str]:  # type: ignore[type-arg]
    return [o["rule_id"] for o in call["outcomes"] if o["rule_id"].startswith("open.")]


def test_a_hotlines_value_may_be_a_rulebook_file_relative_to_the_config(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    call = _calls(monkeypatch)["gas.txt"]
    assert call["pack"].endswith("rules/gas-hotline.yaml")
    assert not _opening_rules(call)  # the file's `disable: [open]` applied


def test_a_hotline_header_is_not_read_as_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    call = _calls(monkeypatch)["path_header.txt"]
    assert call["pack"] == "core"
    assert _opening_rules(call)
    assert any("names no pack" in note for note in call["notes"])


def test_the_init_template_says_a_hotline_may_map_to_a_rulebook_file(tmp_path: Path) -> None:
    target = tmp_path / "scriptcheck.toml"
    result = CliRunner().invoke(main, ["init", "--path", str(target)])
    assert result.exit_code == 0
    text = target.read_text("utf-8")
    assert '# "96345" = "rules/gas-hotline.yaml"' in text
    assert "names a hotline (mapped here), never a file" in text
