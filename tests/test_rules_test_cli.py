"""`scriptcheck rules test`: a failing example is named by file and line, with the finding
that made it fail, and an unreadable one says what a rule author can change."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from scriptcheck.cli import main

BOOK = Path(__file__).parent / "data" / "selectors" / "examples" / "wrong_example.yaml"


def _fail_lines() -> list[str]:
    result = CliRunner().invoke(main, ["rules", "test", "--rules", str(BOOK)])
    assert result.exit_code == 1
    return [line for line in result.stdout.splitlines() if line.startswith("FAIL ")]


def test_a_violated_pass_example_gives_its_line_and_the_finding() -> None:
    line = _fail_lines()[0]
    assert line.startswith("FAIL gas.leak-safety: pass example 1 at ")
    assert "wrong_example.yaml:12 ended violated" in line
    assert "gas.leak-safety turn 3: “你自己去查”" in line


def test_an_example_without_an_agent_turn_says_to_add_one() -> None:
    line = _fail_lines()[1]
    assert "fail example 1 at " in line and "wrong_example.yaml:17" in line
    assert "no agent turn found" in line
    assert "add a 客服: turn (or settings.speaker_aliases)" in line
    assert "--speaker" not in line


def test_settings_speaker_aliases_apply_to_the_examples(tmp_path: Path) -> None:
    book = tmp_path / "aliases.yaml"
    text = BOOK.read_text("utf-8").replace("客服: ", "坐席甲: ")
    book.write_text("settings:\n  speaker_aliases: {坐席甲: agent}\n" + text, "utf-8")
    result = CliRunner().invoke(main, ["rules", "test", "--rules", str(book)])
    passing = next(line for line in result.stdout.splitlines() if "pass example 1" in line)
    assert "ended violated" in passing  # read: 坐席甲 is the agent, who said 你自己去查
