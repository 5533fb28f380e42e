"""Batch runs of `scriptcheck check` / `report` that never lose work or blame the wrong file:
rulebook errors are the run's (once, exit 2), a bad JSONL line loses only itself, --output
is never read back as input, Ctrl-C says what it left, links back up are not errors, a file
named by several paths (a folder and a file in it, a link and its target) is one call."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import scriptcheck.cli.check
import scriptcheck.engine
from scriptcheck.cli import main
from scriptcheck.cli.stopping import Terminated

DATA = Path(__file__).parent / "data" / "batch"
CALLS = Path(__file__).parent / "data" / "cli" / "calls"
BAD_RULEBOOK = str(DATA / "badregex.yaml")
MULTI = str(DATA / "multi.jsonl")
FIX = "fix the file or export it again"
RULEBOOK_ERROR = re.compile(r"error: \S*badregex\.yaml:\d+(:\d+)?: rule 'local\.re': regex")


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


@pytest.fixture
def calls(tmp_path: Path) -> Path:
    """A folder of three clean-to-rude calls."""
    folder = tmp_path / "calls"
    folder.mkdir()
    for name in ("clean.txt", "power_fault.txt", "rude.txt"):
        shutil.copy(CALLS / name, folder / name)
    return folder


# ---------------------------------------------------------------- rulebook errors


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("skip", [(), ("--skip-bad-files",)])
def test_bad_rulebook_regex_is_reported_once_with_its_file_and_line(
    calls: Path, jobs: str, skip: tuple[str, ...]
) -> None:
    result = invoke("check", str(calls), "--rules", BAD_RULEBOOK, "-j", jobs, *skip)
    assert result.exit_code == 2
    assert result.stderr.count("does not compile") == 1
    assert RULEBOOK_ERROR.match(result.stderr)  # FILE:LINE: …, not a transcript's name
    assert "无法读取" not in result.stdout and str(calls) not in result.stderr


def test_bad_rulebook_on_stdin_is_the_rulebooks_error() -> None:
    call = (CALLS / "clean.txt").read_bytes()
    result = invoke("check", "-", "--rules", BAD_RULEBOOK, "--skip-bad-files", stdin=call)
    assert result.exit_code == 2
    assert result.stderr.count("does not compile") == 1
    assert RULEBOOK_ERROR.match(result.stderr)
    assert "<stdin>" not in result.stderr


def test_report_stops_on_a_bad_rulebook_once(calls: Path) -> None:
    result = invoke("report", str(calls), "--rules", BAD_RULEBOOK, "-j", "1", "--skip-bad-files")
    assert result.exit_code == 2
    assert result.stderr.count("does not compile") == 1
    assert RULEBOOK_ERROR.match(result.stderr)


# ---------------------------------------------------------------- a bad JSONL line


def test_bad_jsonl_line_is_its_own_error_and_the_other_calls_are_checked() -> None:
    result = invoke("check", MULTI, "--format", "jsonl", "--fail-on", "never")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 2
    assert [r.get("call_id") for r in records if "error" not in r] == ["a", "c"]
    errors = [r for r in records if "error" in r]
    assert len(errors) == 1 and errors[0]["path"] == MULTI
    assert errors[0]["error"].startswith("line 2: invalid JSON at column")
    assert f"error: {MULTI}: line 2: invalid JSON" in result.stderr


@pytest.mark.parametrize(
    "output_format", ["json", "jsonl", "csv", "sarif", "junit", "github", "markdown"]
)
def test_bad_jsonl_line_is_an_error_record_in_every_output_format(output_format: str) -> None:
    result = invoke("check", MULTI, "--format", output_format, "--fail-on", "never")
    assert result.exit_code == 2
    assert "line 2: invalid JSON" in result.stdout


@pytest.mark.parametrize("output_format", ["text", "concise"])
def test_bad_jsonl_line_is_counted_in_the_human_formats(output_format: str) -> None:
    result = invoke("check", MULTI, "--format", output_format, "--fail-on", "never")
    assert result.exit_code == 2
    assert "1 个文件无法读取" in result.stdout
    assert "共 2 通" in result.stdout  # lines 1 and 3 were checked
    assert f"error: {MULTI}: line 2: invalid JSON" in result.stderr


def test_report_counts_the_good_lines_of_a_jsonl_file(tmp_path: Path) -> None:
    sheet = tmp_path / "r.xlsx"
    result = invoke("report", MULTI, "-j", "1", "--quiet", "--xlsx", str(sheet))
    assert result.exit_code == 2
    assert f"error: {MULTI}: line 2: invalid JSON" in result.stderr
    assert sheet.exists()


# ---------------------------------------------------------------- JSON error messages


@pytest.mark.parametrize(
    ("name", "where"),
    [("trunc.json", "invalid JSON at line 1, column 34"), ("multi.jsonl", "line 2: invalid JSON")],
)
def test_json_syntax_errors_are_complete_sentences_with_a_next_step(name: str, where: str) -> None:
    result = invoke("check", str(DATA / name), "--fail-on", "never")
    line = next(x for x in result.stderr.splitlines() if "invalid JSON" in x)
    assert where in line
    assert "unterminated string starting there" in line
    assert line.endswith(f"; {FIX}")


# ---------------------------------------------------------------- --output inside the folder


def test_output_inside_the_checked_folder_is_not_read_back(calls: Path) -> None:
    report = calls / "report.jsonl"
    first = invoke("check", str(calls), "--format", "jsonl", "-o", str(report))
    second = invoke("check", str(calls), "--format", "jsonl", "-o", str(report))
    assert first.exit_code == second.exit_code == 1  # rude.txt fails; nothing unreadable
    paths = [json.loads(line)["path"] for line in report.read_text("utf-8").splitlines()]
    assert len(paths) == 3 and str(report) not in paths
    assert "report.jsonl" not in second.stderr


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_output_named_through_a_link_is_still_left_out(calls: Path, tmp_path: Path) -> None:
    report = calls / "report.jsonl"
    invoke("check", str(calls), "--format", "jsonl", "-o", str(report))
    (tmp_path / "out").symlink_to(calls)
    again = invoke(
        "check", str(calls), "--format", "jsonl", "-o", str(tmp_path / "out" / "report.jsonl")
    )
    assert again.exit_code == 1
    assert len(report.read_text("utf-8").splitlines()) == 3


# ---------------------------------------------------------------- Ctrl-C


@pytest.fixture
def interrupted_second_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the second call is being checked (as the signal handler would raise)."""
    real = scriptcheck.engine.check
    seen: list[object] = []

    def check(*args: object, **kwargs: object) -> object:
        seen.append(args[0])
        if len(seen) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scriptcheck.engine, "check", check)


def test_ctrl_c_without_output_says_the_calls_so_far_were_printed(
    calls: Path, interrupted_second_call: None
) -> None:
    result = invoke("check", str(calls), "--format", "jsonl", "-j", "1")
    assert result.exit_code == 130
    assert len(result.stdout.splitlines()) == 1
    assert "only the calls checked before it were printed" in result.stderr
    assert "--output" not in result.stderr


def test_ctrl_c_with_output_says_nothing_was_written(
    calls: Path, tmp_path: Path, interrupted_second_call: None
) -> None:
    report = tmp_path / "report.jsonl"
    report.write_text("last week's report\n", encoding="utf-8")
    result = invoke("check", str(calls), "--format", "jsonl", "-j", "1", "-o", str(report))
    assert result.exit_code == 130
    assert f"nothing was written to {report}" in result.stderr
    assert "were written" not in result.stderr and "printed" not in result.stderr
    assert report.read_text("utf-8") == "last week's report\n"


def test_sigterm_mid_run_exits_143_and_leaves_no_temp_file(
    calls: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = scriptcheck.engine.check

    def check(*args: object, **kwargs: object) -> object:
        if args[0].path.endswith("power_fault.txt"):  # type: ignore[attr-defined]
            raise Terminated  # what the SIGTERM handler raises
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scriptcheck.engine, "check", check)
    out = tmp_path / "out" / "report.csv"
    out.parent.mkdir()
    result = invoke("check", str(calls), "--format", "csv", "-j", "1", "-o", str(out))
    assert result.exit_code == 143
    assert result.stderr.startswith("error: terminated (SIGTERM); nothing was written to")
    assert list(out.parent.iterdir()) == []


def test_a_stop_outside_the_run_is_one_line_not_abort(monkeypatch: pytest.MonkeyPatch) -> None:
    def discover(*args: object, **kwargs: object) -> None:
        raise Terminated

    monkeypatch.setattr(scriptcheck.cli.check, "discover_inputs", discover)
    result = invoke("check", str(CALLS))
    assert (result.exit_code, result.stderr) == (143, "error: terminated (SIGTERM)\n")


# ---------------------------------------------------------------- symlinked folders


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_link_back_up_the_tree_is_skipped_not_an_error(calls: Path) -> None:
    (calls / "sub").mkdir()
    (calls / "sub" / "up").symlink_to("..")
    result = invoke("check", str(calls), "--format", "jsonl", "--fail-on", "never")
    assert result.exit_code == 0
    assert result.stderr == ""
    paths = [json.loads(line)["path"] for line in result.stdout.splitlines()]
    assert sorted(paths) == sorted(
        str(calls / n) for n in ("clean.txt", "power_fault.txt", "rude.txt")
    )


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_linked_folder_already_walked_is_named_by_its_real_path(calls: Path) -> None:
    (calls / "a_link").symlink_to("z_real")
    (calls / "z_real").mkdir()
    shutil.copy(CALLS / "clean.txt", calls / "z_real" / "extra.txt")
    result = invoke("check", str(calls), "--format", "jsonl", "--fail-on", "never")
    paths = [json.loads(line)["path"] for line in result.stdout.splitlines()]
    assert result.exit_code == 0
    assert str(calls / "z_real" / "extra.txt") in paths and len(paths) == 4


# ---------------------------------------------------------------- report --speaker


def test_report_speaker_alias_reads_a_custom_label(tmp_path: Path) -> None:
    labelled = str(DATA / "labelled.txt")
    plain, aliased = tmp_path / "plain.xlsx", tmp_path / "aliased.xlsx"
    invoke("report", labelled, "-j", "1", "-q", "--xlsx", str(plain))
    result = invoke(
        "report", labelled, "-j", "1", "-q", "--speaker", "小王=agent", "--xlsx", str(aliased)
    )
    assert result.exit_code == 0
    assert "open.offer-help" not in _cells(plain)
    assert "open.offer-help" in _cells(aliased)


def test_report_rejects_a_bad_speaker_option() -> None:
    result = invoke("report", str(DATA / "labelled.txt"), "--speaker", "小王")
    assert result.exit_code == 2
    assert "--speaker '小王'" in result.stderr and "NAME=ROLE" in result.stderr


# ---------------------------------------------------------------- one file, several paths


@pytest.mark.parametrize("order", ["file first", "folder first"])
def test_a_file_and_its_folder_check_the_file_once_without_an_error(
    calls: Path, order: str
) -> None:
    call, folder = str(calls / "clean.txt"), str(calls)
    (calls / "power_fault.txt").unlink()
    (calls / "rude.txt").unlink()
    paths = [call, folder] if order == "file first" else [folder, call]
    result = invoke("check", *paths, "--format", "jsonl", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [call]


def test_report_on_a_file_and_its_folder_has_no_unreadable_file(
    calls: Path, tmp_path: Path
) -> None:
    html = tmp_path / "r.html"
    result = invoke("report", str(calls / "rude.txt"), str(calls), "-j", "1", "--html", str(html))
    assert result.exit_code == 0
    assert "error" not in result.stderr
    assert "no transcript files found" not in html.read_text(encoding="utf-8")


def test_the_same_file_by_different_paths_is_one_call(
    calls: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(calls.parent)
    absolute = str(calls / "clean.txt")
    result = invoke(
        "check", absolute, "calls/clean.txt", "calls/../calls/clean.txt", "--format", "jsonl"
    )
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [absolute]


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_link_and_its_target_are_one_call(calls: Path) -> None:
    (calls / "link.txt").symlink_to("clean.txt")
    link = str(calls / "link.txt")
    result = invoke("check", link, str(calls / "clean.txt"), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [link]


def _cells(path: Path) -> str:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


# ---------------------------------------------------------------- hostile files

READERS = Path(__file__).parent / "data" / "readers"
NOT_REGULAR = "not a regular file (a FIFO, device or socket); give transcript files"


def test_json_start_of_infinity_is_one_bad_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    for name in ("a.txt", "c.txt"):
        shutil.copy(CALLS / "clean.txt", tmp_path / name)
    shutil.copy(READERS / "start-infinity.json", tmp_path / "b.json")
    result = invoke("check", str(tmp_path), "-j", "1", "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 2
    assert [Path(r["path"]).name for r in records if "error" not in r] == ["a.txt", "c.txt"]
    (error,) = [r for r in records if "error" in r]
    assert error["error"] == "turns[0].start: expected a number of seconds >= 0 (got Infinity)"
    assert result.stderr.count("error: ") == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("named", ["folder", "file"])
def test_a_fifo_in_a_folder_or_named_is_one_error_and_the_batch_goes_on(
    tmp_path: Path, named: str
) -> None:
    """Folder search never opens a pipe; a pipe named on the command line is opened without
    waiting for a writer. Either way nobody writes to it, and nothing hangs."""
    for name in ("a.txt", "c.txt"):
        shutil.copy(CALLS / "clean.txt", tmp_path / name)
    os.mkfifo(tmp_path / "b.txt")
    paths = [str(tmp_path)] if named == "folder" else [str(tmp_path / f"{n}.txt") for n in "abc"]
    result = invoke("check", *paths, "-j", "1", "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 2
    assert [Path(r["path"]).name for r in records if "error" not in r] == ["a.txt", "c.txt"]
    problem = NOT_REGULAR if named == "folder" else "empty file (nothing to read)"
    assert f"error: {tmp_path / 'b.txt'}: {problem}" in result.stderr


def test_a_newline_in_a_file_name_keeps_every_report_line_one_line(tmp_path: Path) -> None:
    shutil.copy(CALLS / "rude.txt", tmp_path / "rude\ncall.txt")
    (tmp_path / "notes\n\x1b[2J.txt").write_text("hello\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "concise"])
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    lines = result.output.splitlines()
    assert any(line.startswith(f"error: {tmp_path}/notes\\n\\x1b[2J.txt: ") for line in lines)
    calls = [line for line in lines if not line.startswith(("error:", "共"))]
    assert calls and all(line.startswith(f"{tmp_path}/rude\\ncall.txt#") for line in calls)
