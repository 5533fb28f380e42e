"""The README's sample report is what the tool prints today (so the docs cannot drift)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck.cli import main

ROOT = Path(__file__).parent.parent
SAMPLE = re.compile(r"```text\n\$ scriptcheck check (?P<path>\S+)\n(?P<output>.*?)```", re.S)


def test_the_readme_sample_report_matches_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    sample = SAMPLE.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert sample is not None, "README.md lost its sample report"
    result = CliRunner().invoke(main, ["check", sample["path"], "--no-color"])
    assert result.exit_code == 1
    assert result.stdout.rstrip() == sample["output"].rstrip()


SUPPRESSIONS = re.compile(
    r"```text\n(?P<call># scriptcheck: disable-file.*?)```\n\n(?P<said>.*?)\n\n", re.S
)


def test_the_readme_suppression_example_suppresses_what_it_says(tmp_path: Path) -> None:
    example = SUPPRESSIONS.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert example is not None, "README.md lost its suppression example"
    call = tmp_path / "call.txt"
    call.write_text(example["call"], encoding="utf-8")
    out = CliRunner().invoke(main, ["check", str(call), "--no-color"]).stdout
    claimed = re.findall(r"`(已抑制 [^`]+)`", example["said"])
    assert len(claimed) == 3
    assert all(line in out for line in claimed)
    assert "suppressed nothing" not in out
