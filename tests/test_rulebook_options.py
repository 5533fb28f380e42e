"""Rulebook fields that a kind would ignore, grade bands and numbers in phrase lists are caught
by `rules validate`, at their line, with what to do instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck import check, load_rulebook, read_text, rulebook_from_yaml
from scriptcheck.cli import main
from scriptcheck.errors import RulebookError
from scriptcheck.model import Status
from scriptcheck.readers import read_file
from scriptcheck.rulebook.problems import all_errors

DATA = Path(__file__).parent / "data" / "rulebooks" / "options"


def _validate(name: str) -> list[str]:
    result = CliRunner().invoke(main, ["rules", "validate", str(DATA / name)])
    assert result.exit_code == 2, result.output
    return result.stderr.splitlines()


def _messages(name: str) -> list[str]:
    with pytest.raises(RulebookError) as info:
        load_rulebook(str(DATA / name))
    return [str(error) for error in all_errors(info.value)]


def _status(book_yaml: str, transcript: str, tmp_path: Path) -> str:
    call = tmp_path / "call.txt"
    call.write_text(transcript, encoding="utf-8")
    result = check(read_file(call)[0], rulebook_from_yaml(book_yaml))
    return result.outcomes[0].status.value


def test_fuzzy_on_timing_and_forbid_is_rejected_at_its_line() -> None:
    lines = _validate("fuzzy_on_forbid.yaml")
    assert any(
        "fuzzy_on_forbid.yaml:7:5: rule 'x.rings': fuzzy is supported by require and respond only"
        in line
        for line in lines
    )
    forbid = next(line for line in lines if ":13:5: rule 'x.forbid'" in line)
    assert "fuzzy is supported by require and respond only" in forbid
    assert "variants" in forbid  # what to do instead


def test_negation_and_unless_on_timing_are_rejected() -> None:
    messages = _messages("fuzzy_on_forbid.yaml")
    assert any(
        ":8:5: rule 'x.rings': negation is supported by require, forbid and count only" in m
        for m in messages
    )
    assert any(
        ":9:5: rule 'x.rings': unless is supported by require, forbid, count, pattern, disclose "
        "and restate only" in m
        for m in messages
    )


def test_negation_on_pattern_is_rejected() -> None:
    (message,) = _messages("negation_on_pattern.yaml")
    assert "negation_on_pattern.yaml:6:5: rule 'x.pattern': negation is supported by" in message
    assert "remove it (a pattern rule would ignore it)" in message


def test_fields_are_accepted_where_the_kind_honours_them() -> None:
    book = load_rulebook(str(DATA / "honoured_options.yaml"))
    assert book.rule("x.require").fuzzy and book.rule("x.respond").fuzzy
    assert book.rule("x.forbid").negation is False
    assert book.rule("x.timing").unless == ()  # an empty list says nothing and is fine


def test_fuzzy_on_a_combinator_points_to_its_sub_rules() -> None:
    (message,) = _messages("fuzzy_on_all.yaml")
    assert "fuzzy_on_all.yaml:5:5: rule 'x.all': fuzzy is supported by require and respond" in (
        message
    )
    assert "sub-rules" in message


def test_fuzzy_given_by_an_override_is_rejected_where_the_override_says_it() -> None:
    (message,) = _messages("fuzzy_override.yaml")
    assert "fuzzy_override.yaml:3:" in message
    assert "rule 'open.answer-time': fuzzy is supported by require and respond only" in message


def test_grades_without_a_zero_floor_are_rejected() -> None:
    (line,) = _validate("grades_no_floor.yaml")
    assert "grades_no_floor.yaml:3:3: settings: grades: no band has floor 0" in line


def test_grades_with_duplicate_and_out_of_range_floors_are_rejected() -> None:
    (line,) = _validate("grades_overlap.yaml")
    assert "grades_overlap.yaml:3:3: settings: grades:" in line
    assert "'合格' has floor 150, outside 0–100" in line
    assert "'差' has floor -20, outside 0–100" in line
    assert "'优秀' and '良好' share floor 90" in line


def test_grades_in_any_order_with_a_zero_floor_are_fine() -> None:
    book = load_rulebook(str(DATA / "grades_unsorted.yaml"))
    assert book.settings.grades == {"合格": 60, "优秀": 90, "不合格": 0, "良好": 80}


def test_unquoted_numbers_in_phrase_lists_are_their_digits() -> None:
    book = load_rulebook(str(DATA / "number_phrases.yaml"))
    assert book.phrases["org"] == ("自来水公司", "96116")
    assert book.rule("x.area").phrases == ("0571",)  # not 377, YAML's octal reading


def test_a_hotline_number_phrase_matches_the_call(tmp_path: Path) -> None:
    book = (DATA / "number_phrases.yaml").read_text(encoding="utf-8")
    assert _status(book, "客服: 您好,96116,工号1024。\n", tmp_path) == "passed"
    assert _status(book, "客服: 您好,工号1024。\n", tmp_path) == "violated"


def test_a_float_in_a_phrase_list_asks_to_be_quoted() -> None:
    (line,) = _validate("number_float.yaml")
    assert "number_float.yaml:5:19: rule 'x.price': phrases.1: unquoted 1.50 is a YAML number" in (
        line
    )
    assert "write it in quotes ('1.50')" in line


def test_unless_on_require_cancels_a_phrase_said_in_the_same_turn() -> None:
    book = load_rulebook(str(DATA / "require_unless.yaml"))
    status = {}
    for name, text in (
        ("said", "客服: 您好,工号1024。"),
        ("quoted", "客服: 您是说您好吗?工号1024。"),
    ):
        (call,) = read_text(text + "\n客户: 我家停电了。\n")
        status[name] = next(o.status for o in check(call, book).outcomes if o.rule_id == "x.greet")
    assert status == {"said": Status.PASSED, "quoted": Status.VIOLATED}
    result = CliRunner().invoke(main, ["rules", "test", str(DATA / "require_unless.yaml")])
    assert result.exit_code == 0 and ", 0 failed" in result.output
