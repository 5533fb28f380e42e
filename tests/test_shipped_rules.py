"""The shipped packs (core, power, telecom, courier): they load, hold every rule id of
NORMS.md in the right pack, document every rule, and pass their own examples."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import scriptcheck
from scriptcheck.cli import main

PACKS = ("core", "power", "telecom", "courier")
TRIGGERED_KINDS = {"respond", "when", "timing", "hangup"}
ALLOWED_TAGS = {"开场", "礼貌", "表达", "复述", "等待", "业务", "结束", "禁语", "时效"}

CORE_IDS = {
    "open.answer-time", "open.greeting", "open.work-id", "open.org-name", "open.offer-help",
    "open.no-wei", "courtesy.forbidden-phrase", "courtesy.honorific", "courtesy.thanks-reply",
    "courtesy.apology-reply", "courtesy.surname", "courtesy.no-command-tone", "clarity.jargon",
    "clarity.speech-rate", "clarity.confirm-understood", "listen.no-interrupt",
    "listen.no-dead-air", "restate.phone", "restate.time", "restate.place", "restate.solution",
    "hold.ask-permission", "hold.thank-after", "complaint.apologize", "complaint.reply-time",
    "complaint.record-contact", "complaint.thank", "privacy.disclosure", "close.anything-else",
    "close.thanks-goodbye", "close.customer-hangs-up-first", "special.silent-call",
}
POWER_IDS = {"fault.collect-details", "fault.tell-eta", "outage.explain"}


def _ids(pack: str) -> set[str]:
    return {rule.id for rule in scriptcheck.load_rulebook(pack).rules}


@pytest.mark.parametrize("pack", PACKS)
def test_pack_loads_with_every_core_rule(pack: str) -> None:
    assert CORE_IDS <= _ids(pack)


def test_core_holds_only_the_generic_rules() -> None:
    assert _ids("core") == CORE_IDS


def test_power_adds_fault_and_outage_rules() -> None:
    assert _ids("power") == CORE_IDS | POWER_IDS


def test_outage_rule_belongs_to_power_only() -> None:
    for pack in ("core", "telecom", "courier"):
        assert "outage.explain" not in _ids(pack)


def test_rings_limit_is_three_in_core_and_four_in_power() -> None:
    assert scriptcheck.load_rulebook("core").rule("open.answer-time").max == 3
    assert scriptcheck.load_rulebook("power").rule("open.answer-time").max == 4
    assert scriptcheck.load_rulebook("telecom").rule("open.answer-time").max == 3


def test_default_grades_are_the_qa_bands() -> None:
    grades = scriptcheck.load_rulebook("core").settings.grades
    assert grades == {"优秀": 90, "良好": 80, "合格": 60, "不合格": 0}


@pytest.mark.parametrize("pack", PACKS)
def test_every_rule_is_documented_and_has_examples(pack: str) -> None:
    for rule in scriptcheck.load_rulebook(pack).rules:
        assert rule.title and rule.message and rule.description, rule.id
        assert rule.source[:3] in {"000", "001", "002", "003", "004"}, rule.id
        assert rule.tags and set(rule.tags) <= ALLOWED_TAGS, rule.id
        assert rule.points > 0, rule.id
        assert rule.examples.passing and rule.examples.failing, rule.id
        if rule.kind in TRIGGERED_KINDS:
            assert rule.examples.not_applicable, f"{rule.id}: a triggered rule needs an 'na' example"


def test_forbidden_phrases_carry_a_standard_reply_and_abuse_vetoes() -> None:
    rule = scriptcheck.load_rulebook("core").rule("courtesy.forbidden-phrase")
    assert rule.severity == "error"
    assert all(item.instead for item in rule.phrases)
    vetoed = {item.phrase for item in rule.phrases if item.veto}
    assert "嘴巴干净一点" in vetoed
    written = {form for item in rule.phrases for form in item.forms}
    assert {"喂说话呀", "大声一点儿", "大声点", "你说什么", "听懂了吧", "没事了吧"} <= written


def test_hotline_packs_extend_the_organisation_names() -> None:
    assert "95598" in scriptcheck.load_rulebook("power").phrases["org_names"]
    assert "10000号" in scriptcheck.load_rulebook("telecom").phrases["org_names"]
    assert "申通" in scriptcheck.load_rulebook("courier").phrases["org_names"]


@pytest.mark.parametrize("pack", PACKS)
def test_rules_test_command_passes_for_pack(pack: str) -> None:
    result = CliRunner().invoke(main, ["rules", "test", "--rules", pack])
    assert result.exit_code == 0, result.output
