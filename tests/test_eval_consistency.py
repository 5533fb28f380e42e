"""`scriptcheck eval` checks calls as `scriptcheck check` does: the config found from the
labels' folder, the same input options, and it says why a rule falls below a bar or is not
scored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck.cli import main

DATA = Path(__file__).parent / "data" / "selectors"
EVAL = Path(__file__).parent / "data" / "eval"


def _eval(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["eval", *args])
    return result.exit_code, result.stdout, result.stderr


def _violated_by_check(folder: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["check", "--format", "json", name])
    call = json.loads(result.stdout)["calls"][0]
    return {o["rule_id"] for o in call["outcomes"] if o["status"] == "violated"}


def test_eval_uses_the_config_found_from_the_labels_folder() -> None:
    code, out, _ = _eval(str(DATA / "eval_config" / "labels.yaml"), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["calls"] == 2  # named.txt is read with the config's [speakers]
    rows = {row["rule"]: row for row in report["rules"]}
    assert "open.work-id" not in rows  # the config ignores it
    assert rows["courtesy.forbidden-phrase"]["tp"] == 2
    assert "left out by select/ignore" in report["unscored_because"]["open.work-id"]


def test_eval_and_check_find_the_same_violations(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = DATA / "eval_config"
    _, out, _ = _eval(str(folder / "labels.yaml"), "--format", "json")
    rows = json.loads(out)["rules"]
    unlabelled = {r["rule"] for r in rows if "named.txt" in r["false_positives"]}
    assert unlabelled
    labelled = {"courtesy.forbidden-phrase"}  # found, so not a false negative
    assert not [r for r in rows if "named.txt" in r["false_negatives"]]
    assert unlabelled | labelled == _violated_by_check(folder, "named.txt", monkeypatch)


def test_eval_takes_the_speaker_option(tmp_path: Path) -> None:
    (tmp_path / "named.txt").write_bytes((DATA / "eval_config" / "named.txt").read_bytes())
    labels = tmp_path / "labels.yaml"
    labels.write_text("named.txt: [courtesy.forbidden-phrase]\n", "utf-8")
    code, out, _ = _eval(str(labels), "--format", "json")
    assert code == 2  # without the label mapped, the call has no agent
    assert "--speaker" in " ".join(json.loads(out)["errors"])
    code, out, _ = _eval(str(labels), "--format", "json", "--speaker", "坐席甲=agent")
    assert code == 0
    assert json.loads(out)["calls"] == 1


def test_eval_takes_ignore_like_check() -> None:
    code, out, _ = _eval(str(EVAL / "labels.yaml"), "--format", "json", "--ignore", "open")
    assert code == 0
    assert not [r for r in json.loads(out)["rules"] if r["rule"].startswith("open.")]
    code, _, err = _eval(str(EVAL / "labels.yaml"), "--ignore", "opne")
    assert code == 2
    assert "did you mean 'open'?" in err


def test_min_recall_names_each_rule_below_the_bar(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes((EVAL / "good.txt").read_bytes())
    labels = tmp_path / "labels.yaml"
    labels.write_text("good.txt: [open.work-id]\n", "utf-8")
    code, _, err = _eval(str(labels), "--min-recall", "0.9")
    assert code == 1
    assert "open.work-id: recall 0.00 is below --min-recall 0.9" in err
    assert len(err.splitlines()) == 1


def test_a_label_on_a_disabled_rule_says_which_file_disables_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(Path(__file__).parents[1])  # the label's rules path is from here
    code, out, _ = _eval(str(DATA / "eval_disabled" / "labels.yaml"))
    assert code == 0
    assert "restate.place is disabled by" in out
    assert "disable_place.yaml:2" in out
    assert "another pack's rule" not in out
