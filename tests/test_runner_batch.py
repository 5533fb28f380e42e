"""The runner's library surface for batches: rulebook errors are raised (never a file's
error), a bad JSONL line is an error of its own beside the file's other calls, and discovery
takes each file once however many paths name it."""

from __future__ import annotations

import os
import shutil
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


def test_a_call_whose_header_picks_a_pack_compiles_only_that_pack(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import scriptcheck.engine as engine

    compiled: list[str] = []
    real = engine.compile_rulebook

    def spy(rulebook):  # type: ignore[no-untyped-def]
        if not isinstance(rulebook, engine.CompiledRulebook):  # compiled already: returned as is
            compiled.append(rulebook.name)
        return real(rulebook)

    monkeypatch.setattr(engine, "compile_rulebook", spy)
    (report,) = run([str(CALLS / "power_fault.txt")], RunPlan())
    assert report.results[0].pack == "power"
    assert set(compiled) == {"power"}  # not the default pack, which no call here uses


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


def test_discover_a_folder_whose_files_were_named_already_is_not_a_problem(
    tmp_path: Path,
) -> None:
    shutil.copy(CALLS / "clean.txt", tmp_path / "x.txt")
    call, folder = str(tmp_path / "x.txt"), str(tmp_path)
    for paths in ([call, folder], [folder, call]):
        found = discover(paths)
        assert found.files == [call]
        assert found.problems == []


def test_discover_takes_a_file_named_by_several_paths_once_under_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(CALLS / "clean.txt", tmp_path / "a" / "x.txt")
    monkeypatch.chdir(tmp_path)
    absolute = str(tmp_path / "a" / "x.txt")
    assert discover([absolute, "a/x.txt", "a/../a/x.txt"]).files == [absolute]
    assert discover(["a/../a/x.txt", absolute]).files == [os.path.join("a", "x.txt")]


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_discover_takes_a_link_and_its_target_once(tmp_path: Path) -> None:
    shutil.copy(CALLS / "clean.txt", tmp_path / "x.txt")
    (tmp_path / "link.txt").symlink_to("x.txt")
    link, target = str(tmp_path / "link.txt"), str(tmp_path / "x.txt")
    assert discover([link, target]).files == [link]
    assert discover([str(tmp_path)]).files == [link]  # the folder walk: first by name
    assert discover([target, str(tmp_path)]).files == [target]
