"""Ctrl-C during a batch: what was finished stays written, ``--output`` is never half-written,
and the run exits 130. Real processes and a real SIGINT; no timing assertions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("interrupt") / "calls"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "make_corpus.py"),
            "--calls",
            "400",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return out


def _start(*args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from scriptcheck.cli import main; main()", "check", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("pipe", ["draining", "full"])
def test_interrupted_jsonl_stream_keeps_the_calls_already_written(
    corpus: Path, jobs: str, pipe: str
) -> None:
    run = _start(str(corpus), "--jobs", jobs, "--format", "jsonl", "--fail-on", "never")
    assert run.stdout is not None
    first = run.stdout.readline()  # one call finished and streamed: now interrupt
    if pipe == "full":
        # stop reading for a moment: the pipe fills and the checker blocks mid-write, where a
        # Ctrl-C used to cut the line short (write(2) returns a partial count)
        time.sleep(1.0)
    run.send_signal(signal.SIGINT)
    # read through the same buffered file object (communicate() would skip what readline
    # already buffered)
    rest, errors = run.stdout.read(), run.stderr.read() if run.stderr else ""
    run.wait(timeout=60)
    assert run.returncode == 130, errors
    lines = [first, *rest.splitlines()]
    assert all(json.loads(line)["path"] for line in lines if line.strip())
    assert len(lines) < 400  # stopped early, whatever it had finished is intact


def test_interrupted_run_leaves_no_half_written_output(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.jsonl"
    target.write_text("previous report", encoding="utf-8")
    run = _start(str(corpus), "--jobs", "1", "--format", "jsonl", "--output", str(target))
    # wait until calls are being written to the temp file beside the target, then interrupt
    deadline = time.monotonic() + 60
    while not any(p.name != target.name and p.stat().st_size > 0 for p in tmp_path.iterdir()):
        if run.poll() is not None or time.monotonic() > deadline:
            pytest.skip("the run ended before it could be interrupted")
        time.sleep(0.02)
    run.send_signal(signal.SIGINT)
    _, errors = run.communicate(timeout=60)
    assert run.returncode == 130, errors
    assert target.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.jsonl"]  # no temp file left behind


# ---------------------------------------------------------------- SIGTERM and ignored Ctrl-C


def _catches_sigterm(pid: int) -> bool:
    """Whether the process has its SIGTERM handler in place (the command has started)."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGTERM - 1)))


def _wait_until(ready: Callable[[], bool], run: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not ready():
        if run.poll() is not None or time.monotonic() > deadline:
            pytest.skip("the run ended before it could be stopped")
        time.sleep(0.02)


@pytest.mark.parametrize("output_format", ["jsonl", "json", "csv", "sarif"])
def test_sigterm_exits_143_and_leaves_the_old_output_and_no_temp_file(
    corpus: Path, tmp_path: Path, output_format: str
) -> None:
    target = tmp_path / f"report.{output_format}"
    target.write_text("previous report", encoding="utf-8")
    run = _start(str(corpus), "-j", "1", "--format", output_format, "--output", str(target))
    _wait_until(lambda: len(list(tmp_path.iterdir())) > 1, run)  # the temp file is open
    run.send_signal(signal.SIGTERM)
    _, errors = run.communicate(timeout=60)
    assert run.returncode == 143, errors
    assert "terminated (SIGTERM)" in errors and f"nothing was written to {target}" in errors
    assert target.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_sigterm_to_the_whole_process_group_stops_workers_and_keeps_lines_whole(
    corpus: Path,
) -> None:
    """``kill -TERM -PGID`` (a cancelled CI job) reaches the workers too: they leave the
    stopping to the run, which keeps every streamed line whole."""
    command = [sys.executable, "-c", "from scriptcheck.cli import main; main()", "check"]
    run = subprocess.Popen(
        [*command, str(corpus), "-j", "2", "--format", "jsonl", "--fail-on", "never"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert run.stdout is not None and run.stderr is not None
    first = run.stdout.readline()
    os.killpg(run.pid, signal.SIGTERM)
    rest, errors = run.stdout.read(), run.stderr.read()
    run.wait(timeout=60)
    assert run.returncode == 143, errors
    assert all(json.loads(line)["path"] for line in [first, *rest.splitlines()])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_sigterm_stops_a_report_before_any_report_file_is_written(
    corpus: Path, tmp_path: Path
) -> None:
    html = tmp_path / "report.html"
    command = [sys.executable, "-c", "from scriptcheck.cli import main; main()", "report"]
    run = subprocess.Popen(
        [*command, str(corpus), "-j", "1", "-q", "--html", str(html)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_until(lambda: _catches_sigterm(run.pid), run)
    run.send_signal(signal.SIGTERM)
    _, errors = run.communicate(timeout=60)
    assert run.returncode == 143, errors
    assert errors.startswith("error: terminated (SIGTERM)")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("command", ["check", "report"])
def test_ctrl_c_ignored_at_start_stays_ignored(corpus: Path, command: str) -> None:
    """A background job (``scriptcheck check … &`` in a script) starts with SIGINT ignored:
    a Ctrl-C meant for the script must not stop it."""
    extra = ["--format", "jsonl", "--fail-on", "never"] if command == "check" else ["-q"]
    run = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from scriptcheck.cli import main; main()",
            command,
            str(corpus),
            "-j",
            "2",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    assert run.stdout is not None and run.stderr is not None
    if command == "check":
        first = run.stdout.readline()  # calls are being checked and written
    else:
        first = ""
        _wait_until(lambda: _catches_sigterm(run.pid), run)  # the command has started
    run.send_signal(signal.SIGINT)
    rest, errors = run.stdout.read(), run.stderr.read()
    run.wait(timeout=120)
    assert run.returncode == 0, errors
    assert "interrupted" not in errors
    if command == "check":
        assert len([first, *rest.splitlines()]) == 400  # every call, none lost to the Ctrl-C
