"""`scriptcheck eval LABELS --second-labels FILE`: how often two QA labellers agree per rule
(质检校准), and the rulebook scored on the calls where they agree.

The figures below are worked out by hand from tests/data/eval/agreement/ (seven calls, core
rulebook): the rulebook finds open.work-id in w1 w2 w3 bad, courtesy.forbidden-phrase in f1 bad
and open.greeting in bad; the first labeller (labels.yaml) and the second (second/labels.csv)
differ only on open.work-id, in w2 (first only) and g1 (second only).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from scriptcheck.agreement import Verdict, compare_labellers
from scriptcheck.cli import main
from scriptcheck.labels import Label

DATA = Path(__file__).parent / "data" / "eval" / "agreement"
FIRST = DATA / "labels.yaml"
SECOND = DATA / "second" / "labels.csv"
#: the three rules the figures are worked out for, so that other rules cannot move them
SELECT = ("--select", "open.work-id", "--select", "courtesy.forbidden-phrase")
SELECT += ("--select", "open.greeting")


def _eval(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["eval", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def _agreement(*args: str) -> dict[str, Any]:
    code, out, err = _eval(str(FIRST), "--second-labels", str(SECOND), *SELECT, *args)
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


# --- the figures, through the command line ------------------------------------------------------


def test_counts_agreement_and_kappa_per_rule() -> None:
    agreement = _agreement("--format", "json")["agreement"]
    assert agreement["calls"] == 7
    rows = {row["rule"]: row for row in agreement["rules"]}
    work_id = rows["open.work-id"]
    assert (work_id["both"], work_id["first_only"], work_id["second_only"]) == (2, 1, 1)
    assert (work_id["calls"], work_id["neither"]) == (7, 3)
    assert work_id["agreement"] == pytest.approx(4 / 6)  # 2·2 / (2·2 + 1 + 1)
    # observed (2 + 3) / 7, chance (3·3 + 4·4) / 49: kappa (35 - 25) / (49 - 25)
    assert work_id["kappa"] == pytest.approx(10 / 24)
    assert work_id["first_only_calls"] == ["w2.txt"]
    assert work_id["second_only_calls"] == ["g1.txt"]
    forbidden = rows["courtesy.forbidden-phrase"]
    assert (forbidden["both"], forbidden["first_only"], forbidden["second_only"]) == (3, 0, 0)
    assert forbidden["agreement"] == 1.0 and forbidden["kappa"] == pytest.approx(1.0)


def test_a_rule_nobody_labelled_has_no_agreement_or_kappa() -> None:
    rows = {r["rule"]: r for r in _agreement("--format", "json")["agreement"]["rules"]}
    greeting = rows["open.greeting"]
    assert (greeting["both"], greeting["first_only"], greeting["second_only"]) == (0, 0, 0)
    assert greeting["agreement"] is None and greeting["kappa"] is None
    assert greeting["agreed"] == {"tp": 0, "fp": 1, "fn": 0, "precision": 0.0, "recall": None}


def test_the_rulebook_is_scored_on_the_calls_both_labellers_agree_about() -> None:
    rows = {r["rule"]: r for r in _agreement("--format", "json")["agreement"]["rules"]}
    # w2 and g1 are disputed and left out: tp w1 bad, fp w3 (neither labelled it)
    assert rows["open.work-id"]["agreed"] == {
        "tp": 2,
        "fp": 1,
        "fn": 0,
        "precision": pytest.approx(2 / 3),
        "recall": 1.0,
    }
    # both labelled g2, which the rulebook misses
    assert rows["courtesy.forbidden-phrase"]["agreed"] == {
        "tp": 2,
        "fp": 0,
        "fn": 1,
        "precision": 1.0,
        "recall": pytest.approx(2 / 3),
    }


def test_overall_pools_every_call_and_rule() -> None:
    overall = _agreement("--format", "json")["agreement"]["overall"]
    assert (overall["calls"], overall["both"], overall["first_only"]) == (21, 5, 1)
    assert (overall["second_only"], overall["neither"]) == (1, 14)
    assert overall["agreement"] == pytest.approx(10 / 12)
    # observed 19 / 21, chance (6·6 + 15·15) / 441: kappa (399 - 261) / (441 - 261)
    assert overall["kappa"] == pytest.approx(138 / 180)
    assert overall["agreed"] == {
        "tp": 4,
        "fp": 2,
        "fn": 1,
        "precision": pytest.approx(4 / 6),
        "recall": pytest.approx(4 / 5),
    }


def test_the_existing_json_document_is_unchanged() -> None:
    with_second = _agreement("--format", "json")
    _, alone, _ = _eval(str(FIRST), *SELECT, "--format", "json")
    del with_second["agreement"]
    assert with_second == json.loads(alone)


def test_text_report_adds_the_calibration_table_after_todays_report() -> None:
    code, out, _ = _eval(str(FIRST), "--second-labels", str(SECOND), *SELECT)
    _, alone, _ = _eval(str(FIRST), *SELECT)
    assert code == 0
    assert out.startswith(alone)
    added = out[len(alone) :]
    assert "两位质检员一致性: 7 通电话 (第一位 labels.yaml, 第二位 labels.csv)" in added
    rows = {cells[0]: cells[1:] for cells in _cells(added)}
    assert rows["open.work-id"] == ["2", "1", "1", "0.67", "0.42", "0.67", "1.00"]
    assert rows["open.greeting"] == ["0", "0", "0", "–", "–", "0.00", "–"]
    assert rows["overall"] == ["5", "1", "1", "0.83", "0.77", "0.67", "0.80"]
    assert "规则(仅一致标注)" in added
    assert "一人标注 仅第一位 open.work-id: w2.txt\n" in added
    assert "一人标注 仅第二位 open.work-id: g1.txt\n" in added
    assert "一人标注 仅第一位 courtesy" not in added


def _cells(text: str) -> list[list[str]]:
    """The cells of each body row of a rich table."""
    rows = [line.strip().strip("│") for line in text.splitlines() if line.startswith("│")]
    return [[cell.strip() for cell in row.split("│")] for row in rows]


def test_the_table_fits_100_columns_with_the_longest_rule_id(tmp_path: Path) -> None:
    labels = tmp_path / "labels.yaml"
    labels.write_text("bad.txt: {rules: core, violations: [close.customer-hangs-up-first]}\n")
    (tmp_path / "bad.txt").write_bytes((DATA / "bad.txt").read_bytes())
    code, out, _ = _eval(str(labels), "--second-labels", str(labels))
    assert code == 0
    added = out[out.index("两位质检员一致性") :].splitlines()
    table = [line for line in added if line[:1] in "┏┃┡│└"]
    assert "│ close.customer-hangs-up-first │" in out
    assert max(cell_len(line) for line in table) <= 100


def test_help_describes_the_option() -> None:
    _, out, _ = _eval("--help")
    assert "--second-labels FILE" in out
    assert "Cohen's kappa" in out


# --- errors: one line naming the file, exit 2, before any call is checked -------------------


def _error(second: str) -> str:
    code, out, err = _eval(str(FIRST), "--second-labels", str(DATA / "second" / second))
    assert code == 2
    assert out == ""  # nothing checked, no report
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_a_call_the_first_labels_do_not_have_is_an_error() -> None:
    line = _error("extra.yaml")
    assert line.startswith(f"error: {DATA / 'second' / 'extra.yaml'}: labels 1 call that ")
    assert f"{FIRST} does not have: ../../good.txt; label the same calls" in line


def test_calls_the_second_labels_miss_are_named_up_to_five() -> None:
    line = _error("missing.yaml")
    assert "missing.yaml: misses 6 calls that" in line
    assert "labels: g1.txt, g2.txt, w1.txt, w2.txt, w3.txt and 1 more;" in line


def test_paths_relative_to_the_wrong_folder_say_where_they_were_looked_for() -> None:
    code, out, err = _eval(
        str(FIRST), "--second-labels", str(DATA / "second" / "not_relative.yaml")
    )
    assert code == 2 and out == ""
    extra, missing = err.splitlines()
    assert "labels 7 calls that" in extra
    assert f"g1.txt here is {DATA / 'second' / 'g1.txt'}, not {DATA / 'g1.txt'})" in extra
    assert "misses 7 calls that" in missing


def test_a_call_labelled_with_other_rules_is_an_error() -> None:
    line = _error("other_rules.yaml")
    assert "other_rules.yaml:3: ../w1.txt: rules power, but " in line
    assert "labels.yaml:6 has rules core; label the call with the same rules" in line


def test_an_unknown_rule_id_in_the_second_labels_is_an_error() -> None:
    line = _error("typo.yaml")
    assert "typo.yaml:3: ../w1.txt: unknown rule id 'open.wrok-id'" in line
    assert "(did you mean 'open.work-id'?)" in line


def test_a_format_error_in_the_second_labels_is_reported_at_its_line() -> None:
    line = _error("bad_key.yaml")
    assert "bad_key.yaml:2: ../g2.txt: unknown key 'violatons'" in line


# --- the pure function --------------------------------------------------------------------------


def _labels(rows: dict[str, set[str]]) -> list[Label]:
    return [
        Label(Path("/calls") / name, frozenset(ids), "core", name) for name, ids in rows.items()
    ]


def _verdict(*found: str) -> Verdict:
    return Verdict(frozenset({"r", "s", "t"}), (frozenset(found),))


def test_kappa_by_hand() -> None:
    # r: both 4, first only 1, second only 2, neither 3 (10 calls)
    names = [f"c{n}.txt" for n in range(10)]
    first = {name: {"r"} if n < 5 else set() for n, name in enumerate(names)}
    second = {name: {"r"} if n < 4 or n in (5, 6) else set() for n, name in enumerate(names)}
    verdicts = {Path("/calls") / name: _verdict() for name in names}
    rule = compare_labellers(_labels(first), _labels(second), verdicts).rules["r"]
    assert (len(rule.both), len(rule.first_only), len(rule.second_only)) == (4, 1, 2)
    assert rule.neither == 3
    assert rule.agreement == pytest.approx(8 / 11)
    # observed 0.7, chance (5·6 + 5·4) / 100 = 0.5
    assert rule.kappa == pytest.approx(0.4)


def test_kappa_below_chance_is_negative() -> None:
    first = _labels({"a.txt": {"r"}, "b.txt": set()})
    second = _labels({"a.txt": set(), "b.txt": {"r"}})
    verdicts = {label.path: _verdict() for label in first}
    rule = compare_labellers(first, second, verdicts).rules["r"]
    assert rule.agreement == 0.0
    assert rule.kappa == pytest.approx(-1.0)


def test_kappa_is_undefined_when_both_label_every_call_alike() -> None:
    first = _labels({"a.txt": {"s"}, "b.txt": {"s"}})
    verdicts = {label.path: _verdict("s") for label in first}
    agreed = compare_labellers(first, _labels({"a.txt": {"s"}, "b.txt": {"s"}}), verdicts)
    assert agreed.rules["s"].kappa is None  # every call violated, by both
    assert agreed.rules["s"].agreement == 1.0
    assert agreed.rules["t"].kappa is None  # no call violated, by either
    assert agreed.rules["t"].agreement is None
    assert agreed.rules["s"].rulebook.precision == 1.0


def test_calls_without_a_verdict_and_rules_not_checked_are_left_out() -> None:
    first = _labels({"a.txt": {"r", "elsewhere.rule"}, "unread.txt": {"r"}})
    second = _labels({"a.txt": {"r"}, "unread.txt": set()})
    agreed = compare_labellers(first, second, {Path("/calls/a.txt"): _verdict()})
    assert agreed.calls == 1
    assert set(agreed.rules) == {"r", "s", "t"}
    assert agreed.rules["r"].both == ["a.txt"]
    assert agreed.rules["r"].rulebook.false_negatives == ["a.txt"]
    assert agreed.overall.calls == 3
