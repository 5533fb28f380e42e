"""What docs/rulebook.md tells rule authors is true: its settings example passes the shipped
packs' own examples, and the built-in lists it shows are the real ones."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from scriptcheck.cli import main
from scriptcheck.rulebook.loader import load_rulebook
from scriptcheck.rulebook.schema import HONOURED_BY, Settings

DOC = (Path(__file__).parents[1] / "docs" / "rulebook.md").read_text(encoding="utf-8")


def _backchannels_example() -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)
    return next(b for b in blocks if "backchannels:" in b and b.startswith("extends: core"))


def _built_in(setting: str) -> list[str]:
    row = next(line for line in DOC.splitlines() if line.startswith(f"| `{setting}` |"))
    listed = re.findall(r"`\[(.*?)\]`", row)[-1]
    return [word.strip() for word in listed.split(",")]


def test_backchannels_example_extends_the_built_in_list(tmp_path: Path) -> None:
    path = tmp_path / "bc.yaml"
    path.write_text(_backchannels_example(), encoding="utf-8")
    added = load_rulebook(str(path)).settings.backchannels
    assert set(Settings().backchannels) < set(added)


def test_backchannels_example_passes_rules_test(tmp_path: Path) -> None:
    path = tmp_path / "bc.yaml"
    path.write_text(_backchannels_example(), encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", "--rules", str(path)])
    assert result.exit_code == 0, result.output
    assert re.search(r"\d+ passed, 0 failed", result.output)


def test_documented_built_in_lists_are_the_real_defaults() -> None:
    assert _built_in("backchannels") == list(Settings().backchannels)
    assert _built_in("negations") == list(Settings().negations)


def test_docs_name_the_kinds_that_honour_each_common_field() -> None:
    for field, kinds in HONOURED_BY.items():
        row = next(line for line in DOC.splitlines() if line.startswith(f"| `{field}` |"))
        assert all(f"`{kind}`" in row for kind in kinds), field


def test_docs_do_not_mention_fields_that_do_not_exist() -> None:
    assert "max_silence" not in DOC


def _whole_rulebooks() -> list[str]:
    """The YAML blocks of the doc that are whole rulebooks (not an excerpt with ``...``)."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)
    return [
        b
        for b in blocks
        if b.startswith(("extends:", "rules:", "pack:", "settings:")) and "\n    ...\n" not in b
    ]


def test_every_whole_rulebook_in_the_docs_loads_and_passes_rules_test(tmp_path: Path) -> None:
    blocks = _whole_rulebooks()
    assert any("kind: when" in b and "event:" in b for b in blocks)
    assert any("kind: restate" in b for b in blocks)
    for number, block in enumerate(blocks):
        path = tmp_path / f"doc{number}.yaml"
        path.write_text(block, encoding="utf-8")
        load_rulebook(str(path))
        result = CliRunner().invoke(main, ["rules", "test", "--rules", str(path)])
        assert result.exit_code == 0, (block[:60], result.output[-500:])


def test_docs_state_the_default_source_role_of_restate() -> None:
    from scriptcheck.rulebook.schema import RestateRule

    assert RestateRule.model_fields["source_role"].default == "customer"
    assert "`source_role` defaults to `customer`" in DOC
