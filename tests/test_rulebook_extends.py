"""A user's rulebook extends a shipped pack: overrides, disabled rules, own rules and settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from scriptcheck import load_rulebook
from scriptcheck.errors import RulebookError

USER = Path(__file__).parent / "data" / "engine" / "user"


@pytest.fixture(scope="module")
def book():  # type: ignore[no-untyped-def]
    return load_rulebook(str(USER / "my_power.yaml"))


def test_inherits_the_pack_and_adds_own_rules(book) -> None:  # type: ignore[no-untyped-def]
    ids = [r.id for r in book.rules]
    assert "fault.tell-eta" in ids and "open.work-id" in ids
    assert ids[-1] == "local.brand"


def test_overrides_change_inherited_fields(book) -> None:  # type: ignore[no-untyped-def]
    greeting = book.rule("open.greeting")
    assert (greeting.severity, greeting.points) == ("info", 1)
    assert book.rule("complaint.reply-time").instead == "我们会在1个工作日内与您联系。"


def test_disable_by_id_tag_and_prefix(book) -> None:  # type: ignore[no-untyped-def]
    ids = {r.id for r in book.rules}
    assert "listen.no-interrupt" not in ids  # by id
    assert not any(i.startswith("restate.") for i in ids)  # by tag 复述
    assert not any(i.startswith("clarity.") for i in ids)  # by prefix


def test_settings_and_phrase_lists_override_the_pack(book) -> None:  # type: ignore[no-untyped-def]
    assert book.settings.grades == {"优秀": 95, "合格": 70, "不合格": 0}
    assert book.phrases["org_names"] == ("幸福市供电局",)


def test_override_cannot_change_kind() -> None:
    with pytest.raises(
        RulebookError,
        match=r"override_kind.yaml:4:5: override of 'open.greeting': 'kind' cannot be overridden",
    ):
        load_rulebook(str(USER / "override_kind.yaml"))


def test_override_of_unknown_rule() -> None:
    with pytest.raises(
        RulebookError, match=r"override_unknown.yaml:3:3: override of unknown rule 'no.such-rule'"
    ):
        load_rulebook(str(USER / "override_unknown.yaml"))


def test_packs_can_be_stacked_on_the_command_line() -> None:
    book = load_rulebook("core", str(USER / "my_power.yaml"))
    assert book.name == "core+my_power"


HOSTILE = Path(__file__).parent / "data" / "rulebooks" / "hostile"


def test_extends_chain_deeper_than_32_files_is_refused(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"d{i}.yaml").write_text(f"extends: d{i + 1}.yaml\n", encoding="utf-8")
    (tmp_path / "d40.yaml").write_text("extends: core\n", encoding="utf-8")
    with pytest.raises(RulebookError) as info:
        load_rulebook(str(tmp_path / "d0.yaml"))
    assert str(info.value) == (
        f"{tmp_path / 'd31.yaml'}:1:1: 'extends' chain is more than 32 files deep "
        "(d0.yaml -> d1.yaml -> … -> d31.yaml); extend fewer files in a row"
    )


def test_extends_chain_of_32_files_loads(tmp_path: Path) -> None:
    for i in range(30):
        (tmp_path / f"d{i}.yaml").write_text(f"extends: d{i + 1}.yaml\n", encoding="utf-8")
    (tmp_path / "d30.yaml").write_text("extends: core\n", encoding="utf-8")  # core is the 32nd
    assert load_rulebook(str(tmp_path / "d0.yaml")).rules == load_rulebook("core").rules


def test_extending_a_file_that_is_no_rulebook_does_not_quote_it() -> None:
    with pytest.raises(RulebookError) as info:
        load_rulebook(str(HOSTILE / "extends_accounts.yaml"))
    message = str(info.value)
    assert message == (
        f"{_shown(HOSTILE / 'extends_accounts.yaml')}:1:1: "
        f"{_shown(HOSTILE / 'accounts.txt')} is not a rulebook (no rules: or extends: key); "
        "check that path"
    )
    assert "root" not in message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "password: hunter2\nuser: root\n",
            "is not a rulebook: it has none of the keys rules:, extends:, settings:; "
            "name a rulebook file or a pack (core, power, telecom, courier)",
        ),
        ("{}\n", ":1:1: the rulebook is empty ({}); give it rules: or extends:"),
    ],
)
def test_a_yaml_file_that_is_no_rulebook_is_named_as_such(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError) as info:
        load_rulebook(str(path))
    assert str(info.value) == f"{path}{' ' if message.startswith('is') else ''}{message}"
    assert "password" not in str(info.value)


def _shown(path: Path) -> str:
    """A path as the loader names it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
