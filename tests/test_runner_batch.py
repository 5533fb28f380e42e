"""The runner's library surface for batches: rulebook errors are raised (never a file's
error), and a bad JSONL line is an error of its own beside the file's other calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from scriptcheck.errors import RulebookError
from scriptcheck.runner import RunPlan, discover, run

DATA = Path(__file__).parent / "data" / "batch"
CALLS = Path(__file__).parent / "data" / "cli" / "calls"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rulebook_that_does_not_compile_is_raised_before_any_file_is_read(jobs: int) -> None:
    plan = RunPlan(rules=(str(DATA / "badregex.yaml"),))
    files = discover([str(CALLS)]).files
    with pytest.raises(RulebookError) as caught:
        list(run(files, plan, jobs=jobs))
    assert caught.value.path is not None and caught.value.path.endswith("badregex.yaml")
    assert caught.value.line is not None


def test_a_bad_jsonl_line_is_a_record_error_beside_the_good_calls() -> None:
    (report,) = run([str(DATA / "multi.jsonl")], RunPlan(rules=("power",)))
    assert report.error is None
    assert [r.transcript.call_id for r in report.results] == ["a", "c"]
    assert len(report.record_errors) == 1
    assert report.record_errors[0].startswith("line 2: invalid JSON at column")


def test_discover_leaves_out_a_file_to_skip_under_any_path(tmp_path: Path) -> None:
    (tmp_path / "call.txt").write_text("客服:您好\n", encoding="utf-8")
    (tmp_path / "report.jsonl").write_text("{}\n", encoding="utf-8")
    found = discover([str(tmp_path)], skip=[str(tmp_path / "." / "report.jsonl")])
    assert found.files == [str(tmp_path / "call.txt")]
    assert discover([str(tmp_path)]).files == sorted(
        str(tmp_path / n) for n in ("call.txt", "report.jsonl")
    )
