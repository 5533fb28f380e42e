"""A bad rulebook is rejected before any transcript is read, with file:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest

from scriptcheck import compile_rulebook, load_rulebook
from scriptcheck.errors import RulebookError

DATA = Path(__file__).parent / "data" / "engine" / "bad"


def _error(name: str) -> str:
    with pytest.raises(RulebookError) as info:
        compile_rulebook(load_rulebook(str(DATA / name)))
    return str(info.value)


def test_yaml_syntax_error_has_line_and_column() -> None:
    assert _error("syntax.yaml").endswith(
        "syntax.yaml:5:10: YAML syntax error: expected ',' or ']', but got ':'"
    )


def test_unknown_kind_names_the_expected_kinds() -> None:
    message = _error("unknown_kind.yaml")
    assert (
        "unknown_kind.yaml:5:5: rule 'open.work-id': unknown kind 'requir' "
        "(did you mean 'require'?) (expected one of: require, forbid" in message
    )


def test_missing_field() -> None:
    assert "missing_field.yaml:2:5: rule 'open.greeting': missing 'title'" in _error(
        "missing_field.yaml"
    )


def test_unknown_key_is_reported_where_it_is() -> None:
    assert "unknown_key.yaml:7:5: rule 'open.greeting': unknown key 'sevrity'" in _error(
        "unknown_key.yaml"
    )


def test_wrong_type() -> None:
    message = _error("wrong_type.yaml")
    assert "wrong_type.yaml:6:5: rule 'a.b': points:" in message


def test_duplicate_rule_id() -> None:
    message = _error("duplicate.yaml")
    assert "duplicate.yaml:8:5: duplicate rule id 'open.greeting' (first defined at" in message


def test_extends_cycle() -> None:
    assert "'extends' cycle: cycle_a.yaml -> cycle_b.yaml -> cycle_a.yaml" in _error("cycle_a.yaml")


def test_extends_missing_file() -> None:
    message = _error("extends_missing.yaml")
    assert "no_such_pack.yaml: rulebook file not found (extended from" in message


def test_regex_that_does_not_compile() -> None:
    message = _error("bad_regex.yaml")
    assert "bad_regex.yaml:5:5: rule 'a.b': regex" in message and "does not compile" in message


def test_catastrophic_regex_is_linear_not_hanging() -> None:
    # (a+)+$ backtracks exponentially in Python's re; RE2 runs it in linear time
    from scriptcheck import check
    from scriptcheck.readers import read_text

    book = load_rulebook(str(DATA.parent / "redos.yaml"))
    transcript = read_text("客服: " + "a" * 50000 + "!\n")[0]
    assert check(transcript, book).outcomes[0].status.value == "passed"


def test_unknown_phrase_list() -> None:
    assert "unknown phrase list '@greetings'" in _error("unknown_list.yaml")


def test_unknown_pack_lists_the_shipped_ones() -> None:
    with pytest.raises(RulebookError, match="unknown rule pack 'powr'"):
        load_rulebook("powr")


def test_rulebook_is_data_not_code() -> None:
    # a python tag would construct an object with an unsafe loader; the safe loader refuses it
    assert "python_tag.yaml:3" in _error("python_tag.yaml")
