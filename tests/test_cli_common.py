"""``check`` and ``report`` prepare a run the same way: the same config checks, the same errors,
and the library accepts a pack name wherever the CLI does."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import scriptcheck
from scriptcheck.cli import main
from scriptcheck.errors import RulebookError

DATA = Path(__file__).parent / "data" / "selectors"


@pytest.mark.parametrize("command", ["check", "report"])
def test_a_per_path_ignores_typo_stops_check_and_report_alike(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA / "report_typo")
    result = CliRunner().invoke(main, [command, "call.txt"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "scriptcheck.toml:2" in result.stderr
    assert "per-path-ignores: 'open.wrok-id' names no rule" in result.stderr
    assert "did you mean 'open.work-id'?" in result.stderr


@pytest.mark.parametrize("command", ["check", "report"])
def test_check_and_report_name_a_missing_rulebook_file_alike(command: str) -> None:
    call = str(DATA / "report_typo" / "call.txt")
    result = CliRunner().invoke(main, [command, "--rules", "no/such/book.yaml", call])
    assert result.exit_code == 2
    assert "rulebook file not found; check the path, or name a pack: core, " in result.stderr


def test_compile_rulebook_takes_a_pack_name_or_a_path() -> None:
    by_name = scriptcheck.compile_rulebook("core")
    assert by_name.rulebook.name == "core"
    by_path = scriptcheck.compile_rulebook(DATA / "disable_prefix.yaml")
    assert not [r for r in by_path.rulebook.rules if r.id.startswith("open.")]


def test_a_missing_rulebook_file_says_what_to_do() -> None:
    with pytest.raises(RulebookError) as caught:
        scriptcheck.load_rulebook("rules/my-hotline.yaml")
    message = str(caught.value)
    assert "rulebook file not found" in message
    assert "check the path, or name a pack: core, courier, power, telecom" in message
