"""Call-script templates (话术模板) through `scriptcheck check --template`: what a template can
show, what its placeholders stand for, and notes on braces that are not placeholders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import scriptcheck
from scriptcheck.cli import main

TEMPLATES = Path(__file__).parent / "data" / "templates"
PACKS = ("core", "power", "telecom", "courier")
#: each pack's opening-and-closing template, with its own spelling of the organisation
ORG_TEMPLATES = {
    "core": "core_org.tpl.txt",  # {单位名称}
    "power": "power_org.tpl.txt",  # {公司}
    "telecom": "telecom_org.tpl.txt",  # {{org}}
    "courier": "courier_org.tpl.txt",  # {机构名称}
}


def check_template(name: str, *options: str) -> dict:
    """The JSON result of the one call in template ``name``, checked with ``--template``."""
    args = ["check", "--template", "--format", "json", "--fail-on", "never", *options]
    result = CliRunner().invoke(main, [*args, str(TEMPLATES / name)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["calls"][0]  # type: ignore[no-any-return]


def outcomes_of(call: dict) -> dict[str, dict]:
    return {o["rule_id"]: o for o in call["outcomes"]}


def violated(call: dict) -> set[str]:
    return {o["rule_id"] for o in call["outcomes"] if o["status"] == "violated"}


@pytest.mark.parametrize("pack", PACKS)
def test_opening_only_template_is_no_silent_call(pack: str) -> None:
    call = check_template("opening_only.tpl.txt", "--rules", pack)
    silent = outcomes_of(call)["special.silent-call"]
    assert silent["status"] == "not_applicable"
    assert silent["reason"].startswith("话术模板不适用")
    assert "话术片段" in silent["reason"]
    assert violated(call) == set()


@pytest.mark.parametrize("pack", PACKS)
def test_a_silent_call_script_is_checked_when_the_template_says_so(pack: str) -> None:
    call = check_template("silent_call.tpl.txt", "--rules", pack)
    assert outcomes_of(call)["special.silent-call"]["status"] == "passed"
    assert violated(call) == set()


def test_a_silent_call_script_without_the_call_back_request_is_caught(tmp_path: Path) -> None:
    text = (TEMPLATES / "silent_call.tpl.txt").read_text("utf-8")
    template = tmp_path / "silent.tpl.txt"
    template.write_text(text.replace("请您换一部电话再次打来,好吗?", ""), "utf-8")
    args = ["check", "--format", "json", str(template)]
    call = json.loads(CliRunner().invoke(main, args).stdout)["calls"][0]
    assert violated(call) == {"special.silent-call"}


def test_an_unknown_scenario_is_noted_and_the_template_checked_as_usual(tmp_path: Path) -> None:
    text = (TEMPLATES / "silent_call.tpl.txt").read_text("utf-8")
    template = tmp_path / "silent.tpl.txt"
    template.write_text(text.replace("scenario: silent-call", "scenario: silnt"), "utf-8")
    result = CliRunner().invoke(main, ["check", str(template)])
    assert "# scenario: silnt 不认识(可用: silent-call" in result.output
    call = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(template)]).stdout)
    assert outcomes_of(call["calls"][0])["special.silent-call"]["status"] == "not_applicable"


def test_silent_call_rule_still_applies_to_a_real_call(tmp_path: Path) -> None:
    call = tmp_path / "opening.txt"  # the same text, not a template
    call.write_text((TEMPLATES / "opening_only.tpl.txt").read_text("utf-8"), "utf-8")
    result = scriptcheck.check(scriptcheck.load_transcript(call)[0], "core")
    status = {o.rule_id: o.status.value for o in result.outcomes}
    assert status["special.silent-call"] == "violated"


@pytest.mark.parametrize("pack", PACKS)
def test_rules_that_need_a_real_call_are_not_applicable_to_templates(pack: str) -> None:
    outcomes = outcomes_of(check_template(ORG_TEMPLATES[pack], "--rules", pack))
    for rule_id in (
        "open.answer-time",
        "clarity.speech-rate",
        "listen.no-interrupt",
        "listen.no-dead-air",
        "close.customer-hangs-up-first",
        "special.silent-call",
    ):
        assert outcomes[rule_id]["status"] == "not_applicable", rule_id
        assert outcomes[rule_id]["reason"].startswith("话术模板不适用"), rule_id
    # a hold a template can stage ([保持开始]); the rule is only not triggered here
    assert not outcomes["hold.ask-permission"]["reason"].startswith("话术模板")


def test_a_staged_hold_in_a_template_is_still_checked() -> None:
    outcomes = outcomes_of(check_template("hold.tpl.txt"))
    assert outcomes["hold.ask-permission"]["status"] == "violated"


@pytest.mark.parametrize("pack", PACKS)
def test_organisation_placeholder_counts_as_the_organisation_name(pack: str) -> None:
    call = check_template(ORG_TEMPLATES[pack], "--rules", pack)
    assert outcomes_of(call)["open.org-name"]["status"] == "passed"
    assert violated(call) == set()


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("template", sorted(ORG_TEMPLATES.values()))
def test_every_organisation_spelling_passes_every_pack(pack: str, template: str) -> None:
    call = check_template(template, "--rules", pack)
    assert outcomes_of(call)["open.org-name"]["status"] == "passed"


def test_surname_placeholder_counts_as_addressing_by_surname() -> None:
    call = check_template("surname.tpl.txt")
    assert outcomes_of(call)["courtesy.surname"]["status"] == "passed"


def test_unbalanced_braces_are_noted_with_their_line() -> None:
    notes = check_template("braces.tpl.txt")["notes"]
    assert any(n.startswith("line 2: '{单位名称,工号'") and "add '}'" in n for n in notes)
    assert any(n.startswith("line 5:") and "never opened" in n and "add '{'" in n for n in notes)
    assert "line 4: '{{时间}}' is read as one placeholder {时间}" in notes
    assert len(notes) == 3


def test_unbalanced_braces_show_in_the_text_report() -> None:
    result = CliRunner().invoke(
        main, ["check", "--template", str(TEMPLATES / "braces.tpl.txt")], catch_exceptions=False
    )
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "注意: line 4: '{{时间}}' is read as one placeholder {时间}" in lines


def test_well_formed_templates_get_no_brace_notes() -> None:
    for name in ("core_org.tpl.txt", "power_org.tpl.txt", "surname.tpl.txt"):
        assert check_template(name)["notes"] == [], name


def test_brace_notes_are_for_templates_only(tmp_path: Path) -> None:
    call = tmp_path / "call.txt"
    call.write_text((TEMPLATES / "braces.tpl.txt").read_text("utf-8"), "utf-8")
    result = scriptcheck.check(scriptcheck.load_transcript(call)[0], "core")
    assert not any("placeholder" in note for note in result.notes)


def test_a_closing_template_is_checked_for_its_own_part_with_select_by_tag() -> None:
    whole = violated(check_template("closing_only.tpl.txt"))
    assert {"open.greeting", "open.work-id"} <= whole  # a fragment read as a whole call
    closing = check_template("closing_only.tpl.txt", "--select", "结束")
    assert violated(closing) == set()
    statuses = {o["rule_id"]: o["status"] for o in closing["outcomes"]}
    assert statuses["close.anything-else"] == statuses["close.thanks-goodbye"] == "passed"
    assert not any(rule_id.startswith("open.") for rule_id in statuses)


def test_a_closing_template_that_skips_the_offer_of_help_is_still_caught(tmp_path: Path) -> None:
    template = tmp_path / "closing.tpl.txt"
    template.write_text(
        "客服: 已经给您改好了。\n客户: 好的,谢谢。\n客服: 不客气,感谢您的来电,再见。\n", "utf-8"
    )
    args = ["check", "--template", "--select", "结束", "--format", "json", str(template)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    call = json.loads(result.stdout)["calls"][0]
    assert "close.anything-else" in violated(call)
    assert not any(rule_id.startswith("open.") for rule_id in violated(call))


_EXCUSED_CLOSE = """
rules:
  - id: local.goodbye
    kind: any
    title: 道别
    rules:
      - {kind: require, any: [再见], scope: {role: agent, turns: last, n: 1}}
      - {kind: hangup, first: customer}
  - id: local.goodbye-and-order
    kind: all
    title: 道别并等客户先挂
    rules:
      - {kind: require, any: [再见], scope: {role: agent, turns: last, n: 1}}
      - {kind: hangup, first: customer}
"""


@pytest.mark.parametrize(
    ("closing", "expected"), [("感谢您的来电,再见。", "passed"), ("我们会尽快处理。", "violated")]
)
def test_an_any_is_checked_on_a_template_without_the_alternative_it_cannot_show(
    closing: str, expected: str
) -> None:
    # a hang-up cannot happen in a template: the `any` is judged by its other alternative,
    # while an `all` that needs the hang-up order stays not applicable
    book = scriptcheck.rulebook_from_yaml(_EXCUSED_CLOSE)
    transcript = scriptcheck.read_text(f"客户: 好的,谢谢。\n客服: {closing}\n")[0]
    result = scriptcheck.check(transcript, book, template=True)
    statuses = {o.rule_id: o.status.value for o in result.outcomes}
    assert statuses == {"local.goodbye": expected, "local.goodbye-and-order": "not_applicable"}
