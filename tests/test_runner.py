"""The batch runner: discovery, ordered streaming, process pool, per-file error isolation."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from dataclasses import fields, replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import scriptcheck
import scriptcheck.engine
import scriptcheck.runner
from scriptcheck.cli import main
from scriptcheck.cli.check import open_output
from scriptcheck.errors import ScriptcheckError
from scriptcheck.formatters.json import result_to_dict
from scriptcheck.model import Result, Transcript
from scriptcheck.rulebook.loader import load_rulebook
from scriptcheck.runner import (
    STDIN,
    FileReport,
    RunPlan,
    discover,
    drop_rules,
    pack_for,
    rule_matches,
    run,
    select_rules,
)

DATA = Path(__file__).parent / "data" / "cli"
CALLS = DATA / "calls"
EXAMPLES = Path(__file__).parents[1] / "examples" / "transcripts"


def test_discover_sorts_files_and_puts_stdin_first() -> None:
    found = discover([str(CALLS / "rude.txt"), str(CALLS), STDIN])
    assert found.files[0] == STDIN
    assert found.files[1:] == sorted(str(p) for p in CALLS.glob("*.txt"))
    assert found.problems == []


def test_discover_skips_expected_results_and_hidden_files(tmp_path: Path) -> None:
    shutil.copy(CALLS / "clean.txt", tmp_path / "call.txt")
    (tmp_path / "call.expected.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("客服: 您好", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    assert discover([str(tmp_path)]).files == [str(tmp_path / "call.txt")]


def test_discover_reports_a_missing_path_and_an_empty_glob() -> None:
    found = discover([str(DATA / "missing.txt"), str(DATA / "*.nothing")])
    assert found.files == []
    assert [message.split(";")[0] for _, message in found.problems] == [
        "no such file or folder",
        "no file matches this pattern",
    ]


@pytest.mark.skipif(os.name != "posix" or os.getuid() == 0, reason="root reads everything")
def test_discover_reports_an_unreadable_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(CALLS / "clean.txt", tmp_path / "ok.txt")
    locked.chmod(0)
    try:
        found = discover([str(tmp_path)])
    finally:
        locked.chmod(0o755)
    assert found.files == [str(tmp_path / "ok.txt")]
    assert found.problems[0][0] == str(locked) and "permission denied" in found.problems[0][1]


def test_rule_selectors_match_ids_prefixes_and_tags() -> None:
    assert rule_matches("open.no-wei", ("开场", "禁语"), "open.no-wei")
    assert rule_matches("open.no-wei", (), "open.")
    assert rule_matches("open.no-wei", (), "open")
    assert rule_matches("open.no-wei", ("禁语",), "禁语")
    assert not rule_matches("open.no-wei", (), "open.no")
    assert not rule_matches("opening.x", (), "open")


def test_select_then_ignore_narrow_the_rulebook() -> None:
    book = select_rules(load_rulebook("core"), select=["open."], ignore=["open.no-wei"])
    ids = [r.id for r in book.rules]
    assert ids and all(i.startswith("open.") for i in ids) and "open.no-wei" not in ids


def test_hotline_header_picks_a_pack() -> None:
    call = Transcript(path="x.txt", turns=())
    assert pack_for(replace(call, hotline="power"), {}) == "power"
    assert pack_for(replace(call, hotline="95598"), {}) == "power"
    assert pack_for(replace(call, hotline="10000"), {}) == "telecom"
    assert pack_for(replace(call, hotline="12345"), {}) == "core"
    assert pack_for(replace(call, hotline="12345"), {"12345": "courier"}) == "courier"
    assert pack_for(call, {}) == "core"


def test_pool_results_equal_in_process_results_in_the_same_order() -> None:
    files = discover([str(CALLS), str(EXAMPLES / "calls")]).files
    plan = RunPlan()
    alone = list(run(files, plan, jobs=1))
    pooled = list(run(files, plan, jobs=2))
    assert [r.path for r in pooled] == files
    # workers send back only the turns findings point at; what formatters see is identical
    assert [_shown(r) for r in pooled] == [_shown(r) for r in alone]


def test_pool_results_carry_every_result_field_and_the_transcript_metadata() -> None:
    files = discover([str(CALLS), str(EXAMPLES / "calls")]).files
    alone = [r for report in run(files, RunPlan(), jobs=1) for r in report.results]
    pooled = [r for report in run(files, RunPlan(), jobs=2) for r in report.results]
    assert len(pooled) == len(alone) > 5
    assert [_all_but_turns(r) for r in pooled] == [_all_but_turns(r) for r in alone]


def _all_but_turns(result: Result) -> dict[str, object]:
    """Every field of a result (a field added to the model included), the transcript without
    its turns and events (a worker sends back only the turns findings point at)."""
    shown: dict[str, object] = {f.name: getattr(result, f.name) for f in fields(Result)}
    shown["transcript"] = replace(result.transcript, turns=(), events=())
    return shown


def _score_and_path(result: Result) -> tuple[str, float]:
    return result.transcript.path, result.score


@pytest.mark.parametrize("jobs", [1, 2])
def test_finish_runs_on_every_result_and_reports_carry_its_value(jobs: int) -> None:
    files = discover([str(CALLS), str(EXAMPLES / "calls")]).files
    plain = list(run(files, RunPlan(), jobs=1))
    finished = list(run(files, RunPlan(), jobs=jobs, finish=_score_and_path))
    assert [r.path for r in finished] == files
    assert [r.results for r in finished] == [
        tuple(_score_and_path(result) for result in r.results) for r in plain
    ]
    assert [r.error for r in finished] == [r.error for r in plain]


def _shown(report: FileReport) -> tuple[object, ...]:
    return report.path, report.error, [result_to_dict(r) for r in report.results]


def test_a_file_holding_several_calls_gives_one_result_per_call() -> None:
    two_calls = EXAMPLES / "formats" / "power-two-calls.csv"
    if not two_calls.exists():
        pytest.skip("example file not present")
    (report,) = run([str(two_calls)], RunPlan(rules=("power",)))
    assert report.error is None and len(report.results) == 2
    assert report.results[0].transcript.call_id != report.results[1].transcript.call_id


def test_an_engine_exception_becomes_that_files_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_check = scriptcheck.engine.check

    def flaky(transcript: Transcript, *args: object, **kwargs: object) -> object:
        if "rude" in transcript.path:
            raise RuntimeError("boom")
        return real_check(transcript, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scriptcheck.engine, "check", flaky)
    files = [str(CALLS / "clean.txt"), str(CALLS / "rude.txt"), str(CALLS / "power_fault.txt")]
    reports = list(run(files, RunPlan(), jobs=1))
    assert [r.error is None for r in reports] == [True, False, True]
    assert reports[1].error == "internal error: RuntimeError: boom; please report it"


def _dies_on_rude(path: str) -> object:
    if "rude" in path:
        os._exit(9)  # what the kernel's out-of-memory killer does to a worker, near enough
    return _real_check_in_worker(path)


_real_check_in_worker = scriptcheck.runner._check_in_worker


needs_fork = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the patch reaches forked workers only"
)


@needs_fork
def test_a_worker_that_dies_stops_the_run_with_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scriptcheck.runner, "_check_in_worker", _dies_on_rude)
    files = [str(CALLS / "clean.txt"), str(CALLS / "rude.txt"), str(CALLS / "power_fault.txt")]
    with pytest.raises(ScriptcheckError, match="worker process stopped unexpectedly.*--jobs"):
        list(run(files, RunPlan(), jobs=2))


@needs_fork
def test_a_worker_that_dies_is_reported_by_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scriptcheck.runner, "_check_in_worker", _dies_on_rude)
    result = CliRunner().invoke(main, ["check", "--jobs", "2", "--format", "jsonl", str(CALLS)])
    assert result.exit_code == 2
    assert "worker process stopped unexpectedly" in result.stderr
    assert "try fewer --jobs" in result.stderr


def test_stdin_is_read_through_the_callback() -> None:
    data = (CALLS / "rude.txt").read_bytes()
    (report,) = run([STDIN], RunPlan(), stdin=lambda: data)
    assert report.path == "<stdin>" and report.results[0].score == 50


def test_closing_the_stream_early_stops_the_pool() -> None:
    files = discover([str(EXAMPLES / "calls")]).files
    reports = run(files, RunPlan(), jobs=2)
    first = next(reports)
    reports.close()  # what Ctrl-C does: must return, not hang on the workers
    assert first.path == files[0]


def test_interrupted_output_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), open_output(str(target)) as out:
        out.write("half a rep")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old report"
    assert os.listdir(tmp_path) == ["report.json"]


VETOED = Path(__file__).parent / "data" / "runner" / "vetoed.txt"


def scoring_of(result: Result) -> tuple[object, ...]:
    return result.score, result.grade, result.vetoed, result.outcomes


@pytest.mark.parametrize(
    "selector", ["courtesy.forbidden-phrase", "open.greeting", "open", "close", "courtesy"]
)
def test_dropping_rules_rescores_as_a_check_without_them(selector: str) -> None:
    """``drop_rules`` (per-path ignores) and a fresh check without the rules agree, also when
    the dropped rule is the one that vetoed the call."""
    book = load_rulebook("core")
    (call,) = scriptcheck.load_transcript(str(VETOED))
    full = scriptcheck.engine.check(call, book)
    assert full.vetoed and full.grade == "不合格"
    dropped = drop_rules(full, [selector], scriptcheck.engine.compile_rulebook(book).grades)
    fresh = scriptcheck.engine.check(call, select_rules(book, (), [selector]))
    assert scoring_of(dropped) == scoring_of(fresh)
    assert dropped.score > full.score


def test_a_per_path_ignore_scores_the_call_as_ignore_does(tmp_path: Path) -> None:
    shutil.copy(VETOED, tmp_path / "vetoed.txt")
    (tmp_path / "scriptcheck.toml").write_text(
        '[per-path-ignores]\n"*.txt" = ["courtesy.forbidden-phrase"]\n', encoding="utf-8"
    )
    (tmp_path / "plain.toml").write_text("", encoding="utf-8")
    call = str(tmp_path / "vetoed.txt")
    check = [*("check", call, "--format", "json", "--config"), str(tmp_path / "scriptcheck.toml")]
    ignored = CliRunner().invoke(main, check)
    plain = [*("check", call, "--format", "json", "--config"), str(tmp_path / "plain.toml")]
    flagged = CliRunner().invoke(main, [*plain, "--ignore", "courtesy.forbidden-phrase"])
    by_config, by_flag = (json.loads(r.stdout)["calls"][0] for r in (ignored, flagged))
    assert by_config["vetoed"] is by_flag["vetoed"] is False
    assert (by_config["score"], by_config["grade"]) == (by_flag["score"], by_flag["grade"])
    assert by_config["findings"] == by_flag["findings"]
