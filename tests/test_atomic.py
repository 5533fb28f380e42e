"""Output files are written atomically; only errors of writing them are output errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck.atomic import atomic_text, write_atomic
from scriptcheck.cli import main
from scriptcheck.errors import OutputError

CALL = str(Path(__file__).parent / "data" / "rule_errors" / "call.txt")


def test_an_oserror_of_the_work_inside_the_block_passes_through(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    with (
        pytest.raises(PermissionError, match="reading a transcript"),
        atomic_text(str(target)) as handle,
    ):
        handle.write("半份报告")
        raise PermissionError("reading a transcript")
    assert list(tmp_path.iterdir()) == []  # no report, no temp file


def test_a_failed_write_is_an_output_error_naming_the_option() -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    with (
        pytest.raises(OutputError, match=r"^--html /dev/full: write failed \(No space left"),
        atomic_text("/dev/full", "--html") as handle,
    ):
        handle.write("报告")
        handle.flush()


def test_a_failed_rename_is_an_output_error_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="write failed"):
        write_atomic(str(tmp_path / "report.html"), "<html></html>", "--html")
    assert list(tmp_path.iterdir()) == []


def test_check_output_to_a_missing_folder_exits_2(tmp_path: Path) -> None:
    output = tmp_path / "no" / "report.json"
    result = CliRunner().invoke(main, ["check", CALL, "--output", str(output), "--format", "json"])
    assert result.exit_code == 2
    assert f"--output {output}: folder" in result.output and "create it first" in result.output
