"""Ctrl-C during a batch: what was finished stays written, ``--output`` is never half-written,
and the run exits 130. Real processes and a real SIGINT; no timing assertions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
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
