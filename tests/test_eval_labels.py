"""`scriptcheck eval` on the labels files QA leads really write: Excel's encodings and headers,
full-width separators, and the mistakes that would otherwise skew the figures silently."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scriptcheck.cli import main

QA = Path(__file__).parent / "data" / "eval" / "qa"
CORPUS = Path(__file__).parent / "corpus"


def _run(labels: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["eval", str(labels), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _figures(labels: Path) -> dict[str, tuple[int, int, int]]:
    code, output = _run(labels, "--format", "json")
    assert code == 0, output
    rows = json.loads(output)["rules"]
    return {r["rule"]: (r["tp"], r["fp"], r["fn"]) for r in rows if r["tp"] or r["fp"] or r["fn"]}


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error: ")]


def test_gbk_csv_from_excel_reads_like_utf8() -> None:
    figures = _figures(QA / "gbk.csv")
    assert figures["courtesy.forbidden-phrase"] == (1, 0, 0)
    assert sum(tp for tp, _, _ in figures.values()) == 7


def test_gbk_yaml_reads() -> None:
    assert _figures(QA / "gbk.yaml")["courtesy.forbidden-phrase"] == (1, 0, 0)


def test_chinese_headers_in_gbk_are_understood() -> None:
    assert _figures(QA / "cnhdr.csv") == _figures(QA / "gbk.csv")


def test_utf16_and_tab_separated_csv_give_the_same_figures_as_utf8() -> None:
    expected = _figures(QA / "good.csv")
    assert _figures(QA / "utf16.csv") == expected
    assert _figures(QA / "tabs.csv") == expected
    assert _figures(QA / "good.yaml") == expected


def test_full_width_semicolons_separate_rule_ids() -> None:
    figures = _figures(QA / "cnsemi.csv")
    assert figures == {
        "open.answer-time": (1, 0, 0),
        "fault.tell-eta": (1, 0, 0),
        "close.customer-hangs-up-first": (1, 0, 0),
    }


def test_undecodable_labels_file_is_one_line_not_a_traceback() -> None:
    code, output = _run(QA / "excel.csv")
    assert code == 2
    assert _error_lines(output) == [
        f"error: {QA / 'excel.csv'}: cannot read the labels as text "
        "(not UTF-8, GB18030, Big5 or UTF-16); save it as CSV UTF-8"
    ]


def test_empty_labels_file_says_so() -> None:
    code, output = _run(QA / "empty.csv")
    assert code == 2
    assert "empty.csv: the labels file is empty" in output


def test_a_call_listed_twice_in_yaml_is_an_error_at_the_second_line() -> None:
    code, output = _run(QA / "m4.yaml")
    assert code == 2
    assert _error_lines(output) == [
        f"error: {QA / 'm4.yaml'}:2: calls/c-power-006.txt is labelled twice "
        "(first at line 1); keep one entry per call"
    ]
    assert "规则准确度" not in output  # no skewed table


def test_the_same_call_under_two_spellings_is_labelled_twice() -> None:
    code, output = _run(QA / "m5.yaml")
    assert code == 2
    assert (
        "m5.yaml:2: ./calls/c-power-006.txt is labelled twice "
        "(first at line 1 as calls/c-power-006.txt)" in output
    )


def test_a_call_listed_twice_in_csv_is_an_error_at_its_line() -> None:
    code, output = _run(QA / "dup.csv")
    assert code == 2
    assert "dup.csv: line 4: ./calls/../calls/c-power-001.txt is labelled twice" in output


def test_a_key_repeated_inside_one_label_is_an_error() -> None:
    code, output = _run(QA / "nested.yaml")
    assert code == 2
    assert "nested.yaml:5: labels are not valid YAML: duplicate key 'rules'" in output


def test_misspelt_rule_id_is_an_error_with_the_nearest_id() -> None:
    code, output = _run(QA / "m2.yaml")
    assert code == 2
    assert _error_lines(output) == [
        f"error: {QA / 'm2.yaml'}:1: calls/c-power-003.txt: unknown rule id "
        "'listen.no-interupt' (did you mean 'listen.no-interrupt'?); "
        "correct the label (scriptcheck rules list shows the ids)"
    ]
    assert "规则准确度" not in output


def test_misspelt_rule_id_in_csv_is_located_at_its_row() -> None:
    code, output = _run(QA / "typo.csv")
    assert code == 2
    assert "typo.csv: line 3: calls/c-power-003.txt: unknown rule id 'listen.no-interupt'" in output
    assert len(_error_lines(output)) == 1  # the ids after ； and 、 are real ones


def test_misspelt_pack_names_the_labels_file_and_line() -> None:
    code, output = _run(QA / "m3.yaml")
    assert code == 2
    assert _error_lines(output)[0].startswith(
        f"error: {QA / 'm3.yaml'}:1: unknown rule pack 'pwoer' (did you mean 'power'?)"
    )
    assert "<rulebook>" not in output


def test_missing_rulebook_file_names_the_labels_file_and_line() -> None:
    code, output = _run(QA / "nobook.yaml")
    assert code == 2
    assert "nobook.yaml:1: no-such-book.yaml: rulebook file not found" in output


def test_misspelt_pack_in_the_rules_option_names_the_option() -> None:
    code, output = _run(QA / "good.yaml", "--rules", "pwoer")
    assert code == 2
    assert "error: --rules: unknown rule pack 'pwoer' (did you mean 'power'?)" in output


def test_empty_file_column_names_the_row() -> None:
    code, output = _run(QA / "bad.csv")
    assert code == 2
    assert _error_lines(output) == [
        f"error: {QA / 'bad.csv'}: line 3: empty file column; give the call file's path"
    ]


def test_misspelt_csv_header_is_an_error_not_a_silent_empty_column() -> None:
    code, output = _run(QA / "badhdr.csv")
    assert code == 2
    assert "badhdr.csv: labels CSV needs a header row" in output
    assert "line 1 has file, violatons" in output


def test_corpus_labels_pass_every_check() -> None:
    for labels in [CORPUS / "labels.yaml", *sorted(CORPUS.glob("*/labels.yaml"))[:3]]:
        code, output = _run(labels, "--format", "json")
        assert code == 0, (labels, output)
        report = json.loads(output)
        assert report["errors"] == [] and report["unknown_labels"] == {}
