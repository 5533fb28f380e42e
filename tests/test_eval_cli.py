"""`scriptcheck eval`: the rulebook's verdicts against QA labels, per rule."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scriptcheck.cli import main

DATA = Path(__file__).parent / "data" / "eval"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["eval", *args])
    return result.exit_code, result.output


def _rows(output: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return {row["rule"]: row for row in json.loads(output)["rules"]}


def test_true_and_false_positives_per_rule() -> None:
    code, output = _run(str(DATA / "labels.yaml"), "--format", "json")
    assert code == 0
    rows = _rows(output)
    assert rows["courtesy.forbidden-phrase"]["tp"] == 1
    assert rows["close.customer-hangs-up-first"]["precision"] == 1.0
    # bad.txt also breaks rules nobody labelled: those are false positives, named by call
    assert rows["open.work-id"]["false_positives"] == ["bad.txt"]
    # a real rule of another pack (power) is reported but not scored against the core rulebook
    assert json.loads(output)["unknown_labels"] == {"fault.tell-eta": ["bad.txt"]}


def test_csv_labels_give_the_same_figures() -> None:
    _, from_yaml = _run(str(DATA / "labels.yaml"), "--format", "json")
    _, from_csv = _run(str(DATA / "labels.csv"), "--format", "json")
    assert _rows(from_yaml) == _rows(from_csv)


def test_text_report_lists_the_calls_behind_disagreements() -> None:
    code, output = _run(str(DATA / "labels.yaml"))
    assert code == 0
    assert "精确率" in output and "overall" in output
    assert "误报 FP open.work-id: bad.txt" in output


def test_the_calls_behind_a_rule_stay_on_one_line_and_are_shown_as_named(tmp_path: Path) -> None:
    names = [f"第{n}批 [复核] 一通很长的通话录音转写文件名.txt" for n in range(1, 5)]
    for name in names:
        (tmp_path / name).write_bytes((DATA / "bad.txt").read_bytes())
    labels = tmp_path / "labels.yaml"
    labels.write_text(
        "".join(f'"{name}": {{rules: core, violations: []}}\n' for name in names), "utf-8"
    )
    code, output = _run(str(labels))
    assert code == 0
    assert f"误报 FP open.work-id: {', '.join(names)}\n" in output  # not wrapped at 80 columns


def test_thresholds_make_the_run_fail() -> None:
    code, _ = _run(str(DATA / "labels.yaml"), "--min-precision", "0.95")
    assert code == 1


def test_bad_labels_file_is_a_clear_error() -> None:
    code, output = _run(str(DATA / "bad_key.yaml"))
    assert code == 2
    assert (
        "bad_key.yaml:1: good.txt: unknown key 'violatons' (did you mean 'violations'?) "
        "(expected rules, violations)" in output
    )


def test_missing_call_file_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        (DATA / "good.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    labels = tmp_path / "labels.yaml"
    labels.write_text("good.txt: []\ngone.txt: [open.greeting]\n", encoding="utf-8")
    code, output = _run(str(labels), "--format", "json")
    assert code == 2
    report = json.loads(output)
    assert report["calls"] == 1
    assert any("gone.txt" in e for e in report["errors"])
