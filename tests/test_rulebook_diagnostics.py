"""Rulebook and config mistakes are caught, located at their line and explained with the
nearest known name; every schema error of a file is reported, not just the first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck import check, load_rulebook
from scriptcheck.cli import main
from scriptcheck.errors import RulebookError
from scriptcheck.readers import read_file

DATA = Path(__file__).parent / "data" / "rulebooks"


def _error(name: str) -> RulebookError:
    with pytest.raises(RulebookError) as info:
        load_rulebook(str(DATA / name))
    return info.value


def _validate(name: str) -> list[str]:
    result = CliRunner().invoke(main, ["rules", "validate", str(DATA / name)])
    assert result.exit_code == 2
    return result.stderr.splitlines()


def test_disable_typo_is_an_error_at_its_line_with_the_nearest_id() -> None:
    message = str(_error("disable_typo.yaml"))
    assert "disable_typo.yaml:2:11: disable: 'listen.no-interupt' names no rule" in message
    assert "did you mean 'listen.no-interrupt'?" in message


def test_disable_by_id_prefix_and_tag_still_works() -> None:
    book = load_rulebook(str(DATA / "disable_ok.yaml"))
    ids = {r.id for r in book.rules}
    assert "listen.no-interrupt" not in ids
    assert not any(i.startswith("open.") for i in ids)
    assert not any("复述" in r.tags for r in book.rules)


def test_unknown_pack_in_extends_names_file_line_and_nearest_pack() -> None:
    message = str(_error("extends_typo.yaml"))
    assert "extends_typo.yaml:1:1: " in message
    assert "unknown rule pack 'powr' (did you mean 'power'?)" in message
    assert "core, courier, power, telecom" in message


def test_unknown_pack_by_name_suggests_the_nearest() -> None:
    with pytest.raises(RulebookError, match="did you mean 'telecom'"):
        load_rulebook("telcom")


def test_regex_error_points_at_the_regex_line() -> None:
    message = str(_error("regex_error.yaml"))
    assert "regex_error.yaml:6:5: rule 'local.re': regex '(您好[工号' does not compile" in message


def test_every_schema_error_of_a_file_is_listed_by_validate() -> None:
    lines = _validate("misspelt.yaml")
    assert len(lines) == 2
    assert lines[0].endswith(
        "misspelt.yaml:6:5: rule 'local.m': unknown key 'severty' (did you mean 'severity'?)"
    )
    assert lines[1].endswith(
        "misspelt.yaml:8:5: rule 'local.m': unknown key 'exmples' (did you mean 'examples'?)"
    )


def test_errors_of_different_kinds_are_all_listed_in_line_order() -> None:
    lines = _validate("several_errors.yaml")
    assert [line.split(": ", 2)[1].rsplit(":", 2)[1] for line in lines] == ["3", "4", "5"]
    assert "override of unknown rule 'open.greting' (did you mean 'open.greeting'?)" in lines[0]
    assert "unknown key 'pionts' (did you mean 'points'?)" in lines[1]
    assert "'listen.no-interupt'" in lines[2]


def test_check_names_the_first_error_and_how_many_more() -> None:
    result = CliRunner().invoke(
        main, ["check", "--rules", str(DATA / "misspelt.yaml"), str(DATA / "brand_missing.txt")]
    )
    assert result.exit_code == 2
    assert "unknown key 'severty' (did you mean 'severity'?)" in result.stderr
    assert "(and 1 more error;" in result.stderr


@pytest.mark.parametrize(
    ("rule_id", "points"),
    [
        ("local.brand", 5),
        ("local.brand-error", 10),
        ("local.brand-info", 0),
        ("local.brand-explicit", 3),
    ],
)
def test_a_rule_without_points_deducts_its_severitys_default(rule_id: str, points: int) -> None:
    book = load_rulebook(str(DATA / "default_points.yaml"))
    transcript = read_file(DATA / "brand_missing.txt")[0]
    result = check(transcript, book.subset([rule_id]))
    assert result.outcomes[0].status.value == "violated"
    assert result.score == 100 - points
    assert (rule_id in book.default_points) is (rule_id != "local.brand-explicit")


def test_shipped_packs_set_every_rules_points() -> None:
    for pack in ("core", "power", "telecom", "courier"):
        assert load_rulebook(pack).default_points == frozenset()


def test_rules_show_prints_the_default_points() -> None:
    result = CliRunner().invoke(
        main, ["rules", "show", "local.brand", "--rules", str(DATA / "default_points.yaml")]
    )
    assert result.exit_code == 0
    assert "扣 5 分 (未写 points, 按级别默认)" in result.stdout


def test_rules_list_and_show_name_severity_and_kind_in_chinese() -> None:
    listing = CliRunner().invoke(main, ["rules", "list", "--rules", "core"]).stdout
    assert "│ 警告 │" in listing and "warning" not in listing
    shown = CliRunner().invoke(main, ["rules", "show", "listen.no-dead-air"]).stdout
    assert "(警告 warning · 扣 5 分 · 时间 timing)" in shown


def _check_in(folder: str) -> object:
    old = Path.cwd()
    os.chdir(DATA / folder)
    try:
        return CliRunner().invoke(main, ["check", "call.txt", "--format", "concise"])
    finally:
        os.chdir(old)


def test_per_path_ignores_typo_names_config_line_and_nearest_id() -> None:
    result = _check_in("config_typo")
    assert result.exit_code == 2
    assert "scriptcheck.toml:4: per-path-ignores: 'listen.no-interupt' names no rule" in (
        result.stderr
    )
    assert "did you mean 'listen.no-interrupt'?" in result.stderr


def test_per_path_ignores_accepts_prefixes_and_tags() -> None:
    result = _check_in("config_ok")
    assert result.exit_code in (0, 1)
    assert "open.greeting" not in result.stdout


# ---------------------------------------------------------------- keys spelled like a kind

API = Path(__file__).parent / "data" / "api"
KINDS = ("require", "forbid", "pattern", "respond", "restate", "disclose", "count", "timing")
KINDS += ("hangup", "all", "any", "not", "when")


def test_stray_any_in_a_forbid_rule_is_located_and_points_to_phrases() -> None:
    result = CliRunner().invoke(main, ["rules", "validate", str(API / "stray_any.yaml")])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert result.stderr.strip().endswith(
        "stray_any.yaml:6:5: rule 'local.brand': unknown key 'any' (did you mean 'phrases'?)"
    )


@pytest.mark.parametrize("tag", KINDS)
def test_every_kind_tag_as_a_stray_key_is_an_unknown_key_at_its_line(
    tag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (API / "stray_any.yaml").read_text(encoding="utf-8").replace("any:", f"{tag}:")
    (tmp_path / "custom.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in (["rules", "validate", "custom.yaml"], ["check", "-r", "custom.yaml", "-"]):
        result = CliRunner().invoke(main, command, input="客服: 您好。\n")
        assert result.exit_code == 2, result.output
        assert f"custom.yaml:6:5: rule 'local.brand': unknown key '{tag}'" in result.stderr


def test_a_key_spelled_like_its_own_rules_kind_is_reported_in_combinators_too() -> None:
    lines = _validate_api("stray_in_combinators.yaml")
    assert [line.split(".yaml:")[1] for line in lines] == [
        "9:5: rule 'local.either': unknown key 'any'",
        "16:9: rule 'local.both': unknown key 'when' (did you mean 'then'?)",
        "23:7: rule 'local.never': unknown key 'not'",
    ]


def _validate_api(name: str) -> list[str]:
    result = CliRunner().invoke(main, ["rules", "validate", str(API / name)])
    assert result.exit_code == 2
    return result.stderr.splitlines()
