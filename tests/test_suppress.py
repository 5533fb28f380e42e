"""Inline ``# scriptcheck: disable…`` comments: a misspelt rule id is named as such, with the
nearest known id; a real id that suppressed nothing is reported as stale."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from scriptcheck.cli import main

DATA = Path(__file__).parent / "data" / "locate"
TYPO = str(DATA / "suppress_typo.txt")
CONTINUED = str(DATA / "continued.txt")


def notes(*args: str, text: str | None = None) -> list[str]:
    result = CliRunner().invoke(main, ["check", "-j", "1", "--no-color", "-v", *args], input=text)
    assert result.exit_code in (0, 1), result.output
    return [line.strip() for line in result.stdout.splitlines() if "注意:" in line]


def test_misspelt_rule_in_a_trailing_disable_names_no_rule_and_the_nearest_id():
    assert (
        "注意: line 4: suppression names no rule: 'courtesy.no-comand-tone' "
        "(did you mean 'courtesy.no-command-tone'?); see `scriptcheck rules list` for rule ids"
    ) in notes(TYPO)


def test_disable_file_with_one_typo_and_one_real_rule_reports_each():
    found = notes(TYPO)
    assert any(
        n.startswith("注意: line 5: suppression names no rule: 'courtesy.honorfic'")
        and "did you mean 'courtesy.honorific'" in n
        for n in found
    )
    assert "注意: line 5: suppression of courtesy.forbidden-phrase suppressed nothing" in found
    assert not any("suppression of courtesy.honorfic" in n for n in found)


def test_a_rule_of_another_pack_is_known_and_only_suppressed_nothing():
    text = "客服: 您好,工号1024。 # scriptcheck: disable=fault.tell-eta\n客户: 嗯。\n"
    found = notes("-", "--rules", "core", text=text)
    assert "注意: line 1: suppression of fault.tell-eta suppressed nothing" in found
    assert not any("names no rule" in n for n in found)


def test_an_id_prefix_with_or_without_the_dot_suppresses_its_rules():
    text = (
        Path(CONTINUED)
        .read_text(encoding="utf-8")
        .replace("客服: 你等一下,", "客服: 你等一下, # scriptcheck: disable=courtesy")
    )
    result = CliRunner().invoke(main, ["check", "-", "--format", "concise"], input=text)
    assert "courtesy.no-command-tone" not in result.stdout
    assert "courtesy.forbidden-phrase" not in result.stdout
    assert "hold.ask-permission" in result.stdout  # another group is not touched


def test_a_name_like_nothing_known_gets_no_suggestion():
    text = "客服: 您好,工号1024。 # scriptcheck: disable=zzzz\n客户: 嗯。\n"
    assert (
        "注意: line 1: suppression names no rule: 'zzzz'; see `scriptcheck rules list` for rule ids"
    ) in notes("-", text=text)


def test_a_tag_of_ones_own_rulebook_suppresses_its_rules(tmp_path: Path) -> None:
    book = tmp_path / "gas.yaml"
    book.write_text(
        "extends: core\nrules:\n  - id: gas.leak-safety\n    kind: require\n"
        "    title: 漏气安全提示\n    tags: [燃气]\n    any: [开窗通风]\n",
        encoding="utf-8",
    )
    text = "# scriptcheck: disable-file=燃气\n客服: 您好,工号1024。\n客户: 我家漏气了。\n"
    result = CliRunner().invoke(
        main, ["check", "-", "--rules", str(book), "--format", "concise", "-v"], input=text
    )
    assert "gas.leak-safety" not in result.stdout
    assert "names no rule" not in result.stdout
