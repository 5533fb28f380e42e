"""Config errors name the file (and key) a bad value came from, and say what to do."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scriptcheck.cli import main
from scriptcheck.config import find_config, load_config
from scriptcheck.errors import ConfigError

DATA = Path(__file__).parent / "data" / "config"
CALL = Path(__file__).parent / "data" / "cli" / "calls" / "rude.txt"


def check_in(folder: Path, *args: str) -> Result:
    """``scriptcheck check`` run in ``folder`` (so its config file is found) on a real call."""
    old = Path.cwd()
    try:
        os.chdir(folder)
        return CliRunner().invoke(main, ["check", str(CALL), *args])
    finally:
        os.chdir(old)


def as_pyproject(fixture: Path, folder: Path) -> Path:
    """``fixture`` copied to ``folder/pyproject.toml`` (kept under another name in tests/data,
    where tools such as ruff would read a pyproject.toml as their own config)."""
    target = folder / "pyproject.toml"
    shutil.copy(fixture, target)
    return target


def test_broken_pyproject_holding_our_table_is_an_invalid_toml_error(tmp_path: Path) -> None:
    pyproject = as_pyproject(DATA / "broken_pyproject" / "ours-broken.toml", tmp_path)
    result = check_in(tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {pyproject}: ")
    assert "invalid TOML" in result.stderr and "fix the syntax" in result.stderr


def test_broken_pyproject_without_our_table_is_still_passed_over(tmp_path: Path) -> None:
    as_pyproject(DATA / "broken_pyproject" / "others-broken.toml", tmp_path)
    found = find_config(tmp_path)
    assert found is None or found.parent != tmp_path


def test_bad_channel_map_in_the_config_names_the_file_line_and_key() -> None:
    result = check_in(DATA / "bad_channel_map")
    assert result.exit_code == 2
    config = DATA / "bad_channel_map" / "scriptcheck.toml"
    assert f"error: {config}:3: key 'channel-map': " in result.stderr
    assert "role must be agent, customer" in result.stderr
    assert "--channel-map" not in result.stderr


def test_bad_select_in_the_config_names_the_file_line_and_key() -> None:
    result = check_in(DATA / "bad_select")
    assert result.exit_code == 2
    config = DATA / "bad_select" / "scriptcheck.toml"
    assert f"error: {config}:2: select: 'no.such.rule' names no rule" in result.stderr
    assert "--select" not in result.stderr


def test_bad_select_flag_is_still_reported_as_the_flag(tmp_path: Path) -> None:
    result = check_in(tmp_path, "--rules", "power", "--select", "no.such.rule")
    assert result.exit_code == 2
    assert "--select/--ignore: no.such.rule names no rule" in result.stderr


def test_tool_table_outside_pyproject_says_to_move_the_keys_to_the_top_level() -> None:
    other = DATA / "tool_table" / "other.toml"
    with pytest.raises(ConfigError) as caught:
        load_config(other)
    message = str(caught.value)
    assert message.startswith(f"{other}: unknown key 'tool'")
    assert "put its keys at the top level" in message


def test_explicit_pyproject_without_our_table_is_an_error_not_an_empty_config(
    tmp_path: Path,
) -> None:
    pyproject = as_pyproject(DATA / "no_table" / "pyproject-no-table.toml", tmp_path)
    result = CliRunner().invoke(main, ["check", str(CALL), "--config", str(pyproject)])
    assert result.exit_code == 2
    assert f"error: {pyproject}: no [tool.scriptcheck] table" in result.stderr
    assert "scriptcheck init --path pyproject.toml" in result.stderr


def test_unquoted_chinese_key_gets_a_hint_to_quote_it() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(DATA / "chinese_key" / "scriptcheck.toml")
    message = str(caught.value)
    assert "invalid TOML" in message
    assert message.endswith('quote the key: "值班员" = …')
    assert "\n" not in message


def test_other_invalid_toml_gets_no_quoting_hint(tmp_path: Path) -> None:
    bad = tmp_path / "scriptcheck.toml"
    bad.write_text("rules = [\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(bad)
    assert "quote the key" not in str(caught.value)
