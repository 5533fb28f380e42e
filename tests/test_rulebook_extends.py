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
