"""Rulebooks combined (``--rules power --rules telecom``, ``extends: [power, telecom]``) and
inherited: a later rulebook's rule replaces an earlier one's, and every error names the file
and line where the faulty text is."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck import load_rulebook
from scriptcheck.cli import main
from scriptcheck.errors import RulebookError
from scriptcheck.rulebook.problems import all_errors

COMBINE = Path(__file__).parent / "data" / "rulebooks" / "combine"


def _shown(path: Path) -> str:
    """A path as the loader names it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _errors(name: str) -> list[str]:
    with pytest.raises(RulebookError) as info:
        load_rulebook(str(COMBINE / name))
    return [str(error) for error in all_errors(info.value)]


def _validate(name: str) -> list[str]:
    result = CliRunner().invoke(main, ["rules", "validate", str(COMBINE / name)])
    assert result.exit_code == 2, result.output
    return result.stderr.splitlines()


# combining rulebooks: later ones on top


def test_later_pack_replaces_a_rule_both_packs_define() -> None:
    book = load_rulebook("power", "telecom")
    telecom = load_rulebook("telecom").rule("fault.collect-details")
    assert book.rule("fault.collect-details") == telecom
    assert book.origins["fault.collect-details"][0].endswith("telecom.yaml")


def test_order_of_the_packs_decides_whose_rule_is_used() -> None:
    book = load_rulebook("telecom", "power")
    assert book.rule("fault.collect-details") == load_rulebook("power").rule(
        "fault.collect-details"
    )


def test_combined_packs_hold_the_rules_they_both_inherit_once() -> None:
    ids = [rule.id for rule in load_rulebook("power", "telecom").rules]
    assert [rule_id for rule_id, n in Counter(ids).items() if n > 1] == []
    assert {rule.id for rule in load_rulebook("core").rules} <= set(ids)


def test_extends_list_combines_like_repeated_rules_options() -> None:
    book = load_rulebook(str(COMBINE / "both_packs.yaml"))
    assert book.rule("fault.collect-details") == load_rulebook("telecom").rule(
        "fault.collect-details"
    )
    assert [r.id for r in book.rules] == [r.id for r in load_rulebook("power", "telecom").rules]


def test_rules_list_takes_two_packs_that_share_rule_ids() -> None:
    result = CliRunner().invoke(
        main, ["rules", "list", "--rules", "power", "--rules", "telecom"], terminal_width=200
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("fault.collect-details") == 1


def test_rules_validate_of_a_file_extending_two_packs_is_ok() -> None:
    result = CliRunner().invoke(main, ["rules", "validate", str(COMBINE / "both_packs.yaml")])
    assert result.exit_code == 0, result.output
    assert "both_packs.yaml: ok" in result.output


def test_duplicate_id_within_one_file_is_still_an_error() -> None:
    shown = _shown(COMBINE / "in_file_duplicate.yaml")
    assert _errors("in_file_duplicate.yaml") == [
        f"{shown}:8:5: duplicate rule id 'local.brand' (first defined at {shown}:3); "
        "rename one of them"
    ]


def test_a_file_cannot_redefine_a_rule_it_inherits_from_combined_packs() -> None:
    (error,) = _errors("redefines_inherited.yaml")
    assert error.startswith(
        f"{_shown(COMBINE / 'redefines_inherited.yaml')}:3:5: duplicate rule id "
        "'fault.collect-details' (first defined at "
    )
    assert "telecom.yaml:" in error and error.endswith("use 'overrides:'")


# errors in a parent rulebook are reported where they are


def test_error_in_a_parent_rule_names_the_parent_not_the_overriding_child() -> None:
    root = _shown(COMBINE / "base" / "deep" / "root.yaml")
    assert _validate("base/mid.yaml") == [
        f"error: {root}:5:5: rule 'local.root': missing 'phrases'",
        f"error: {root}:9:5: rule 'local.root': unknown key 'any' (did you mean 'phrases'?)",
    ]


def test_a_disabled_rule_of_a_parent_is_still_validated() -> None:
    root = _shown(COMBINE / "base" / "deep" / "root.yaml")
    errors = _validate("leaf.yaml")
    assert errors[0] == f"error: {root}:5:5: rule 'local.root': missing 'phrases'"
    assert len(errors) == 2


def test_a_bad_overridden_value_is_reported_at_the_override() -> None:
    (error,) = _errors("bad_override.yaml")
    assert error.startswith(
        f"{_shown(COMBINE / 'bad_override.yaml')}:4:20: rule 'fault.tell-eta': points: 'ten' "
        "is not a number"
    )


# what an extends entry that names no rulebook file is told


def test_missing_parent_names_the_extends_line_and_the_resolved_path() -> None:
    assert _errors("missing_parent.yaml") == [
        f"{_shown(COMBINE / 'missing_parent.yaml')}:3:5: extends 'no_such_parent.yaml': no "
        f"such file ({COMBINE.resolve() / 'no_such_parent.yaml'}); check the path (relative to "
        f"the folder of {_shown(COMBINE / 'missing_parent.yaml')}), or name a pack: core, "
        "courier, power, telecom"
    ]


def test_extending_a_folder_says_it_is_a_folder() -> None:
    assert _errors("extends_folder.yaml") == [
        f"{_shown(COMBINE / 'extends_folder.yaml')}:1:1: extends './base': "
        f"{(COMBINE / 'base').resolve()} is a folder; extends takes a rulebook .yaml file or a "
        "pack name (core, courier, power, telecom)"
    ]


def test_rules_show_of_an_id_in_another_pack_says_which_pack_to_add() -> None:
    result = CliRunner().invoke(main, ["rules", "show", "fault.tell-eta"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: no rule 'fault.tell-eta' in core (it is in: power, telecom; add --rules power)\n"
    )


def test_rules_show_of_an_id_in_no_pack_suggests_close_ids() -> None:
    result = CliRunner().invoke(main, ["rules", "show", "open.nope"])
    assert result.exit_code == 2
    assert "error: no rule 'open.nope' in core (did you mean: open." in result.stderr
