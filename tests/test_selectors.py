"""One way of naming rules: a rulebook's ``disable:``, ``--select``/``--ignore``,
``per-path-ignores`` and inline suppressions take the same ids, id prefixes (with or without
the dot) and tags (also in Traditional characters), and a name that names nothing gets a hint."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import scriptcheck
from scriptcheck.cli import main
from scriptcheck.errors import RulebookError
from scriptcheck.plan import select_rules
from scriptcheck.readers import read_text
from scriptcheck.rulebook.loader import load_rulebook, rulebook_from_yaml

DATA = Path(__file__).parent / "data" / "selectors"
CALL = str(Path(__file__).parent / "data" / "eval" / "bad.txt")
OPENING = {"open.answer-time", "open.greeting", "open.work-id", "open.org-name",
           "open.offer-help", "open.no-wei"}  # fmt: skip


def _ids(book: scriptcheck.Rulebook) -> set[str]:
    return {rule.id for rule in book.rules}


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_disable_takes_an_id_prefix_without_the_dot() -> None:
    book = load_rulebook(str(DATA / "disable_prefix.yaml"))
    assert not _ids(book) & OPENING
    assert "close.thanks-goodbye" in _ids(book)
    assert book.disabled["open.work-id"].endswith("disable_prefix.yaml:3 (disable: open)")


def test_disable_takes_a_tag_written_in_traditional_characters() -> None:
    book = load_rulebook(str(DATA / "disable_traditional_tag.yaml"))
    assert not _ids(book) & OPENING


@pytest.mark.parametrize("selector", ["open", "open.", "开场", "開場", "open.work-id", "复述"])
def test_disable_and_ignore_leave_out_the_same_rules(selector: str) -> None:
    disabled = rulebook_from_yaml(f"extends: [core]\ndisable: ['{selector}']\n")
    ignored = select_rules(load_rulebook("core"), (), (selector,))
    assert _ids(disabled) == _ids(ignored)
    assert _ids(disabled) < _ids(load_rulebook("core"))


def test_a_disable_typo_is_located_with_the_nearest_name() -> None:
    with pytest.raises(RulebookError) as caught:
        load_rulebook(str(DATA / "disable_typo.yaml"))
    assert caught.value.line == 2
    assert "'opne' names no rule" in str(caught.value)
    assert "did you mean 'open'?" in str(caught.value)


def test_a_select_typo_gets_the_nearest_name() -> None:
    code, _, err = _run("check", "--select", "opne", CALL)
    assert code == 2
    assert "opne (did you mean 'open'?) names no rule" in err


@pytest.mark.parametrize("selector", ["open", "开场", "開場"])
def test_ignore_takes_a_prefix_and_a_tag_in_either_script(selector: str) -> None:
    code, out, _ = _run("check", "--format", "jsonl", "--ignore", selector, CALL)
    assert code == 1
    assert '"open.' not in out and '"close.' in out


def test_selecting_a_disabled_rule_says_which_file_disables_it() -> None:
    rules = str(DATA / "disable_place.yaml")
    code, _, err = _run("check", "--rules", rules, "--select", "restate.place", CALL)
    assert code == 2
    assert "restate.place names a rule the rulebook disables" in err
    assert "disable_place.yaml:2 (disable: restate.place)" in err


def test_rules_show_of_a_disabled_rule_says_which_file_disables_it() -> None:
    rules = str(DATA / "disable_place.yaml")
    code, _, err = _run("rules", "show", "restate.place", "--rules", rules)
    assert code == 2
    assert "rule 'restate.place' is disabled by" in err
    assert "disable_place.yaml:2" in err


def test_rules_show_of_an_enabled_false_rule_says_so(tmp_path: Path) -> None:
    path = tmp_path / "off.yaml"
    path.write_text("extends: [core]\noverrides:\n  restate.place: {enabled: false}\n", "utf-8")
    code, _, err = _run("rules", "show", "restate.place", "--rules", str(path))
    assert code == 2
    assert "is disabled by" in err and "(enabled: false)" in err


@pytest.mark.parametrize("pragma", ["open", "开场", "開場", "open."])
def test_an_inline_suppression_takes_a_prefix_and_a_tag(pragma: str) -> None:
    text = f"# scriptcheck: disable-file={pragma}\n" + Path(CALL).read_text("utf-8")
    result = scriptcheck.check(read_text(text)[0], "core")
    assert not [o for o in result.violated if o.rule_id.startswith("open.")]
    assert any(f.rule_id.startswith("open.") for f in result.suppressed)
    assert not [n for n in result.notes if "names no rule" in n]


def test_an_inline_suppression_typo_gets_the_nearest_id() -> None:
    text = "# scriptcheck: disable-file=open.wrok-id\n" + Path(CALL).read_text("utf-8")
    result = scriptcheck.check(read_text(text)[0], "core")
    assert any("did you mean 'open.work-id'?" in note for note in result.notes)
