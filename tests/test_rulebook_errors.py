"""A bad rulebook is rejected before any transcript is read, with file:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck import compile_rulebook, load_rulebook
from scriptcheck.cli import main
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
    assert "extends_missing.yaml:1:1: extends 'no_such_pack.yaml': no such file (" in message
    assert str(DATA / "no_such_pack.yaml") in message  # the path it resolved to


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


# hostile rulebooks: each is refused with one line, quickly, in little memory

HOSTILE = Path(__file__).parent / "data" / "rulebooks" / "hostile"
_VETO_HINT = (
    "(a call starts at 100; for a rule that fails the call whatever the score, add veto: true)"
)


def _shown(path: Path) -> str:
    """A path as the loader names it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _hostile(name: str) -> str:
    with pytest.raises(RulebookError) as info:
        load_rulebook(str(HOSTILE / name))
    return str(info.value)


def _validate_hostile(name: str) -> list[str]:
    result = CliRunner().invoke(main, ["rules", "validate", str(HOSTILE / name)])
    assert result.exit_code == 2
    return result.stderr.splitlines()


def test_alias_bomb_is_refused_at_the_alias_that_overflows() -> None:
    assert _validate_hostile("alias_bomb.yaml") == [
        f"error: {_shown(HOSTILE / 'alias_bomb.yaml')}:6:8: aliases expand to more than "
        "100,000 nodes (a YAML alias bomb?); write the list out"
    ]


def test_alias_into_its_own_list_is_refused() -> None:
    assert _hostile("alias_loop.yaml") == (
        f"{_shown(HOSTILE / 'alias_loop.yaml')}:2:19: an alias refers to the list or mapping "
        "it is in; write it out"
    )


def test_ordinary_aliases_still_work() -> None:
    book = load_rulebook(str(HOSTILE / "aliases_ok.yaml"))
    assert book.rule("local.greet").any == ("您好", "你好")
    assert book.rule("local.greet-again").phrases == ("您好", "你好")


@pytest.mark.parametrize(
    ("name", "written"), [("points_inf.yaml", "inf"), ("points_1e999.yaml", "inf")]
)
def test_infinite_points_are_refused(name: str, written: str) -> None:
    assert _validate_hostile(name) == [
        f"error: {_shown(HOSTILE / name)}:6:5: rule 'local.work-id': points must be a number "
        f"from 0 to 100, not {written} {_VETO_HINT}"
    ]


def test_points_over_100_and_nan_are_refused() -> None:
    assert _hostile("points_101.yaml").endswith(
        f"points_101.yaml:6:5: rule 'local.work-id': points must be a number from 0 to 100, "
        f"not 101 {_VETO_HINT}"
    )
    assert "points must be a number from 0 to 100, not nan" in _hostile("points_nan.yaml")


def test_infinite_cap_and_timing_bound_are_refused() -> None:
    assert _hostile("cap_inf.yaml").endswith(
        f"cap_inf.yaml:7:5: rule 'local.work-id': cap must be a number from 0 to 100, "
        f"not inf {_VETO_HINT}"
    )
    assert _hostile("timing_max_inf.yaml").endswith(
        "timing_max_inf.yaml:7:5: rule 'local.rings': max: Input should be a finite number"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_extending_a_device_is_refused_before_reading_it() -> None:
    assert _validate_hostile("extends_dev_zero.yaml") == [
        f"error: {_shown(HOSTILE / 'extends_dev_zero.yaml')}:1:1: extends '/dev/zero': /dev/zero "
        "is no regular file (a device or pipe); extends takes a rulebook .yaml file or a pack "
        "name (core, courier, power, telecom)"
    ]


def test_a_folder_is_not_a_rulebook_file() -> None:
    assert _hostile("") == (
        f"{_shown(HOSTILE)}: is a folder; give a rulebook .yaml file or a pack name "
        "(core, courier, power, telecom)"
    )


def test_rulebook_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as file:
        file.truncate(11 * 1024 * 1024)  # sparse: no 11 MB written
    with pytest.raises(RulebookError) as info:
        load_rulebook(str(huge))
    assert str(info.value) == (
        f"{huge}: rulebook is 11.0 MB, over the 10 MB limit; split it into files that extend "
        "one another"
    )


# rulebook errors say what to write instead of what pydantic or the YAML parser expected


def test_timing_min_on_a_max_only_metric_is_refused() -> None:
    assert _error("timing_min_dead_air.yaml").endswith(
        "timing_min_dead_air.yaml:2:5: rule 'listen.dead-air': metric 'dead_air' takes only "
        "'max' (the longest silence in seconds); remove 'min'"
    )


def test_unknown_trigger_key_suggests_any_never_itself() -> None:
    message = _error("trigger_phrases_key.yaml")
    assert message.endswith(
        "trigger_phrases_key.yaml:5:31: rule 'a.b': unknown key 'phrases' (did you mean 'any'?)"
    )


@pytest.mark.parametrize("name", ["trigger_list.yaml", "trigger_string.yaml"])
def test_trigger_that_is_not_a_mapping_shows_the_shape(name: str) -> None:
    assert _error(name).endswith(
        f"{name}:5:5: rule 'a.b': trigger: expected a mapping, like trigger: {{any: [...]}} "
        "(or regex, event, silent, speaks)"
    )


def test_scope_that_is_not_a_mapping_shows_the_shape() -> None:
    assert "scope_string.yaml:5:5: rule 'a.b': scope: expected a mapping, like scope: {role:" in (
        _error("scope_string.yaml")
    )


def test_examples_given_as_a_string_asks_for_a_list_of_transcripts() -> None:
    assert "examples.pass: expected a list of transcripts, like pass: [" in _error(
        "examples_string.yaml"
    )


def test_then_without_kind_lists_the_kinds() -> None:
    assert "then_without_kind.yaml:6:5: rule 'a.b': then: missing 'kind' (one of: require, " in (
        _error("then_without_kind.yaml")
    )


def test_points_with_a_unit_says_how_to_write_them() -> None:
    assert _error("points_with_unit.yaml").endswith(
        "points_with_unit.yaml:6:5: rule 'a.b': points: '20分' is not a number; write points: 20"
    )


@pytest.mark.parametrize(
    ("name", "where"), [("tab_indent.yaml", "4:1"), ("bad_indent.yaml", "4:4")]
)
def test_indentation_errors_get_a_hint(name: str, where: str) -> None:
    message = _error(name)
    assert f"{name}:{where}: YAML syntax error: " in message
    assert message.endswith("; check the indentation: spaces, not tabs; list items under their key")


def test_other_yaml_syntax_errors_get_no_indentation_hint() -> None:
    assert "indentation" not in _error("syntax.yaml")
