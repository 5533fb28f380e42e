"""``check --output`` never destroys an input and never names the wrong format; a stopped run
never leaves half a JSON document on stdout; a CSV cell never exceeds what Excel holds."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scriptcheck.cli import main
from scriptcheck.formatters.base import FailPolicy, RunInfo, Summary
from scriptcheck.formatters.json import JsonFormatter
from scriptcheck.formatters.spreadsheet import MAX_CELL_CHARS, TRUNCATED

ROOT = Path(__file__).resolve().parents[1]
CALLS = Path(__file__).parent / "data" / "output_safety" / "calls"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(CALLS, tmp_path / "calls")
    return Path("calls")


# ---------------------------------------------------------------- an input is never the output


@pytest.mark.parametrize("given", ["calls", "calls/*.txt"])
def test_output_naming_a_transcript_inside_the_folder_or_glob_is_refused(
    calls: Path, given: str
) -> None:
    before = (calls / "call_01.txt").read_bytes()
    result = run(given, "-o", "calls/call_01.txt", "--format", "text")
    assert result.exit_code == 2
    assert "is one of the transcripts to check" in result.stderr
    assert "another path" in result.stderr
    assert (calls / "call_01.txt").read_bytes() == before


def test_output_through_a_symlink_to_a_transcript_is_refused(calls: Path) -> None:
    before = (calls / "call_02.txt").read_bytes()
    os.symlink(calls / "call_02.txt", "link.txt")
    result = run(str(calls), "-o", "link.txt")
    assert result.exit_code == 2
    assert "the same file as calls/call_02.txt" in result.stderr
    assert (calls / "call_02.txt").read_bytes() == before


@pytest.mark.parametrize("output_format", ["jsonl", "json", "csv"])
def test_a_report_a_previous_run_left_in_the_folder_is_replaced_not_read(
    calls: Path, output_format: str
) -> None:
    report = calls / f"report.{output_format}"
    first = run(str(calls), "-o", str(report), "--format", output_format)
    again = run(str(calls), "-o", str(report), "--format", output_format)
    assert first.exit_code != 2 and again.exit_code != 2, again.stderr
    assert "report." not in again.stderr  # not read as a transcript
    assert report.stat().st_size > 0


# ---------------------------------------------------------------- the extension names the format


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["-o", "out.xlsx"], "scriptcheck report PATH --xlsx out.xlsx"),
        (["--format", "csv", "-o", "x.xlsx"], "scriptcheck report PATH --xlsx x.xlsx"),
        (["--format", "jsonl", "-o", "x.json"], "add --format json"),
        (["--format", "json", "-o", "x.html"], "scriptcheck report PATH --html x.html"),
        (["--format", "csv", "-o", "x.md"], "add --format markdown"),
    ],
)
def test_output_whose_extension_names_another_format_is_refused(
    calls: Path, args: list[str], hint: str
) -> None:
    result = run(str(calls), *args)
    assert result.exit_code == 2
    assert hint in result.stderr and "cannot hold the" in result.stderr
    assert not Path(args[-1]).exists()


@pytest.mark.parametrize(
    ("output_format", "name"),
    [("sarif", "x.json"), ("sarif", "x.sarif"), ("junit", "x.xml"), ("text", "x.txt")],
)
def test_output_extension_of_the_format_written_is_accepted(
    calls: Path, output_format: str, name: str
) -> None:
    result = run(str(calls), "--format", output_format, "-o", name)
    assert result.exit_code in (0, 1), result.stderr
    assert Path(name).stat().st_size > 0


# ---------------------------------------------------------------- CSV cells fit Excel


def test_csv_cuts_a_cell_longer_than_excel_holds_with_a_marker(tmp_path: Path) -> None:
    long_turn = "你" + "这个问题我们正在处理" * 4000  # 40,001 characters, quoted whole
    call = tmp_path / "long.txt"
    lines = ["客服: 您好，请问有什么可以帮您？", "客户: 我家停电了", f"客服: {long_turn}"]
    call.write_text("\n".join([*lines, "客户: 好的", "客服: 感谢您的来电，再见"]), encoding="utf-8")
    result = run(str(call), "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert max(len(cell) for cell in cells) <= MAX_CELL_CHARS
    cut = [cell for cell in cells if cell.endswith(TRUNCATED)]
    assert cut and cut[0].startswith("你这个问题")


# ---------------------------------------------------------------- a stopped JSON document parses


def _info() -> RunInfo:
    return RunInfo(version="test", rulebook="core", policy=FailPolicy())


def test_interrupted_json_document_is_closed_and_marked() -> None:
    out = io.StringIO()
    formatter = JsonFormatter(out, _info())
    formatter.start()
    formatter.write_rendered(json.dumps({"path": "a.txt"}))
    summary = Summary(calls=1, passed=1)
    assert formatter.interrupt(summary) is True
    document = json.loads(out.getvalue())
    assert document["interrupted"] is True
    assert document["calls"] == [{"path": "a.txt"}]
    assert document["summary"]["calls"] == 1


def test_json_document_not_begun_stays_empty_when_interrupted() -> None:
    out = io.StringIO()
    assert JsonFormatter(out, _info()).interrupt(Summary()) is False
    assert out.getvalue() == ""


def test_a_finished_json_document_has_no_interrupted_key(calls: Path) -> None:
    result = run(str(calls), "--format", "json")
    assert "interrupted" not in json.loads(result.stdout)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stopped") / "calls"
    maker = [sys.executable, str(ROOT / "bench" / "make_corpus.py"), "--calls", "400"]
    subprocess.run([*maker, "--out", str(out)], check=True, capture_output=True)
    return out


@pytest.mark.skipif(sys.platform != "linux", reason="sends signals to a subprocess")
@pytest.mark.parametrize(("stop", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_json_to_stdout_stopped_mid_run_still_parses(corpus: Path, stop: int, code: int) -> None:
    command = [sys.executable, "-m", "scriptcheck", "check", str(corpus), "-j", "1"]
    run_ = subprocess.Popen(
        [*command, "--format", "json", "--fail-on", "never"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run_.stdout is not None and run_.stderr is not None
    head = run_.stdout.readline() + run_.stdout.readline()  # the head and a first call
    run_.send_signal(stop)
    rest, errors = run_.stdout.read(), run_.stderr.read()
    run_.wait(timeout=60)
    if run_.returncode != code:
        pytest.skip(f"the run ended before the signal landed ({errors})")
    document = json.loads(head + rest)
    assert document["interrupted"] is True
    assert 0 < len(document["calls"]) < 400
    assert document["summary"]["calls"] == len(document["calls"])
    assert '"interrupted": true' in errors
