"""``scriptcheck init --path pyproject.toml`` adds a [tool.scriptcheck] table, keeps the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scriptcheck.cli import main
from scriptcheck.config import find_config, load_config

PROJECT = Path(__file__).parent / "data" / "config" / "project"


def init(*args: str) -> Result:
    return CliRunner().invoke(main, ["init", *args])


@pytest.fixture
def pyproject(tmp_path: Path) -> Path:
    target = tmp_path / "pyproject.toml"
    shutil.copy(PROJECT / "pyproject-plain.toml", target)
    return target


def test_init_appends_a_tool_table_that_is_found_and_read(pyproject: Path) -> None:
    before = pyproject.read_bytes()
    result = init("--path", str(pyproject))
    assert result.exit_code == 0, result.output
    after = pyproject.read_bytes()
    assert after.startswith(before)  # the project's own text, byte for byte
    assert b"\n[tool.scriptcheck]\n" in after[len(before) :]
    assert find_config(pyproject.parent) == pyproject
    assert load_config(pyproject).fail_on == "error"


def test_init_creates_a_missing_pyproject_with_only_the_tool_table(tmp_path: Path) -> None:
    target = tmp_path / "pyproject.toml"
    assert init("--path", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("[tool.scriptcheck]\n")
    assert load_config(target).fail_on == "error"


def test_init_refuses_a_pyproject_that_has_the_table_without_force(tmp_path: Path) -> None:
    target = tmp_path / "pyproject.toml"
    shutil.copy(PROJECT / "pyproject-with-table.toml", target)
    before = target.read_bytes()
    result = init("--path", str(target))
    assert result.exit_code == 2
    assert f"error: {target}: already has a [tool.scriptcheck] table; use --force" in (
        result.stderr
    )
    assert target.read_bytes() == before


def test_init_force_replaces_only_the_tool_table_keeping_crlf(tmp_path: Path) -> None:
    target = tmp_path / "pyproject.toml"
    text = (PROJECT / "pyproject-with-table.toml").read_text(encoding="utf-8")
    target.write_bytes(text.replace("\n", "\r\n").encode())
    result = init("--path", str(target), "--force")
    assert result.exit_code == 0, result.output
    after = target.read_bytes().decode()
    head, _, _ = text.partition("[tool.scriptcheck]")
    assert after.startswith(head.replace("\n", "\r\n") + "[tool.scriptcheck]\r\n")
    assert after.endswith("\r\n\r\n[tool.black]\r\nline-length = 100 # keep\r\n")
    assert "\n" not in after.replace("\r\n", "")
    config = load_config(target)
    assert config.fail_on == "error" and dict(config.speakers) == {}


def test_init_refuses_a_table_it_cannot_replace_exactly(tmp_path: Path) -> None:
    target = tmp_path / "pyproject.toml"
    target.write_text("[tool]\nscriptcheck.jobs = 2\n", encoding="utf-8")
    result = init("--path", str(target), "--force")
    assert result.exit_code == 2
    assert "remove it by hand and run init again" in result.stderr
    assert target.read_text(encoding="utf-8") == "[tool]\nscriptcheck.jobs = 2\n"


def test_init_refuses_a_broken_pyproject(tmp_path: Path) -> None:
    target = tmp_path / "pyproject.toml"
    target.write_text("[project\n", encoding="utf-8")
    result = init("--path", str(target))
    assert result.exit_code == 2
    assert f"error: {target}: invalid TOML" in result.stderr
    assert target.read_text(encoding="utf-8") == "[project\n"
