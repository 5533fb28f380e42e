"""Where a missing phrase is reported, and why a rule does not apply, in words QA staff read.

A phrase missing from a ``last`` window was missing at the end of the call, so the finding points
at the window's last turn; ``first`` / ``after`` windows are faulted where they open; a phrase
missing from the whole call, in a ``when`` rule, points at the trigger that made the rule apply.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from scriptcheck import check, compile_rulebook, load_rulebook
from scriptcheck.cli import main
from scriptcheck.model import Outcome, Status
from scriptcheck.readers import read_file

DATA = Path(__file__).parent / "data" / "engine" / "missing"
SHORT = DATA / "short_call.txt"  # 3 agent turns: a last-3 window starts at the greeting
LONG = DATA / "long_call.txt"  # 5 agent turns: a last-3 window starts mid-call
SCHEMA = json.loads(
    (resources.files("scriptcheck") / "schemas" / "result.schema.json").read_text("utf-8")
)


def _outcomes(book: str, call: Path) -> dict[str, Outcome]:
    rulebook = compile_rulebook(load_rulebook(str(DATA / book)))
    result = check(read_file(str(call))[0], rulebook)
    return {o.rule_id: o for o in result.outcomes}


def _lines(outcome: Outcome) -> list[int | None]:
    assert outcome.status is Status.VIOLATED, outcome.reason
    return [f.line for f in outcome.findings]


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


# ---------------------------------------------------------------- anchors, library


@pytest.mark.parametrize("rule", ["t.require-last", "t.pattern-last"])
def test_phrase_missing_from_last_turns_points_at_the_last_turn_not_the_greeting(
    rule: str,
) -> None:
    outcome = _outcomes("anchors.yaml", SHORT)[rule]
    assert _lines(outcome) == [5]
    assert outcome.findings[0].quote == "感谢您的来电，再见。"


@pytest.mark.parametrize("rule", ["t.require-last", "t.pattern-last"])
def test_phrase_missing_from_last_turns_of_a_long_call_points_at_its_last_turn(rule: str) -> None:
    assert _lines(_outcomes("anchors.yaml", LONG)[rule]) == [9]


def test_pattern_missing_from_first_turns_points_at_the_greeting() -> None:
    outcome = _outcomes("anchors.yaml", SHORT)["t.pattern-first"]
    assert _lines(outcome) == [1]
    assert outcome.findings[0].quote == "您好，XX供电公司，工号1024，很高兴为您服务。"


def test_phrase_missing_from_first_turns_points_at_the_greeting() -> None:
    assert _lines(_outcomes("anchors.yaml", LONG)["t.require-first"]) == [1]


@pytest.mark.parametrize("call, line", [(SHORT, 3), (LONG, 7)])
def test_pattern_missing_from_the_whole_call_points_at_the_when_trigger(
    call: Path, line: int
) -> None:
    outcome = _outcomes("anchors.yaml", call)["t.when-pattern-all"]
    assert _lines(outcome) == [line]


def test_phrase_missing_after_a_trigger_points_at_the_first_turn_after_it() -> None:
    assert _lines(_outcomes("anchors.yaml", LONG)["t.when-require-after"]) == [3]


def test_answer_missing_after_an_event_points_at_the_turn_that_should_have_answered() -> None:
    call = read_file(str(DATA / "hold_call.txt"))[0]
    outcomes = {o.rule_id: o for o in check(call, "core").outcomes}
    # the thanks was due in the first agent turn after [保持结束], not in the one before the hold
    thanks = outcomes["hold.thank-after"]
    assert _lines(thanks) == [8]
    assert thanks.findings[0].quote == "查到了,预计下午恢复。"
    # asking leave was due before the hold: that one stays on the turn before [保持开始]
    assert _lines(outcomes["hold.ask-permission"]) == [4]


def test_too_few_in_first_turns_points_at_the_first_turn() -> None:
    outcome = _outcomes("anchors.yaml", LONG)["t.count-min-first"]
    assert _lines(outcome) == [1]
    assert "出现 1 次,至少应 2 次" in outcome.findings[0].message


def test_too_few_in_last_turns_points_at_the_last_turn() -> None:
    assert _lines(_outcomes("anchors.yaml", LONG)["t.count-min-last"]) == [9]


# ---------------------------------------------------------------- reasons, library


@pytest.mark.parametrize(
    "rule, reason",
    [
        ("t.long-explanation", "客服没有一句话达到60字(不计标点)"),
        ("t.silent", "客户有实际发言(嗯、好的之类的附和不算)"),
        ("t.hold-end", "通话中没有记录保持结束事件"),
        ("t.thanks", "客户没有说「谢谢」「感谢」等触发语"),
        ("t.surname", "客户没有说到触发本规则的内容"),
        ("t.after-hangup", "触发之后客服没有再发言"),
        ("t.between", "通话中没有说到「请您稍等」,或从那里起没有客服的发言"),
        ("t.phone", "客户没有提供电话号码"),
        ("t.hangup", "通话中没有注明由谁挂机的挂机事件"),
        ("t.rings", "通话记录中没有振铃信息"),
        ("t.rate", "没有带起止时间且不少于15字的客服发言"),
        ("t.dead-air", "没有时间戳,也没有静音记录"),
    ],
)
def test_not_applicable_reason_says_in_chinese_what_the_call_lacks(rule: str, reason: str) -> None:
    outcome = _outcomes("reasons.yaml", SHORT)[rule]
    assert outcome.status is Status.NOT_APPLICABLE
    assert outcome.reason == reason


def test_no_not_applicable_reason_is_english() -> None:
    reasons = [o.reason for o in _outcomes("reasons.yaml", SHORT).values()]
    assert all(reason and not re.search("[A-Za-z]{3,}", reason) for reason in reasons), reasons


def test_long_explanation_reason_does_not_claim_a_speaking_agent_says_nothing() -> None:
    transcript = read_file(str(SHORT))[0]
    assert sum(t.role.value == "agent" for t in transcript.turns) == 3
    reason = _outcomes("reasons.yaml", SHORT)["t.long-explanation"].reason
    assert reason is not None and "没有一句话达到60字" in reason and "没有实际发言" not in reason


# ---------------------------------------------------------------- the shipped core rules, CLI


def test_concise_end_of_call_findings_point_at_the_end_of_a_short_call() -> None:
    result = _run(str(SHORT), "--format", "concise", "--no-color")
    lines = {line.split()[2]: line.split(":")[1] for line in result.stdout.splitlines()[:-2]}
    assert lines["close.anything-else"] == "5"  # last agent turn: 感谢您的来电，再见。
    assert lines["restate.solution"] == "3"  # the action agreed: 好的，我们马上派人。
    assert lines["open.offer-help"] == "1"  # an opening rule keeps pointing at the greeting


def test_sarif_region_of_a_missing_closing_phrase_is_the_last_agent_line() -> None:
    document = json.loads(_run(str(SHORT), "--format", "sarif").stdout)
    regions = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in document["runs"][0]["results"]
    }
    assert regions["close.anything-else"] == 5


def test_verbose_not_applicable_table_gives_the_true_reason_in_chinese() -> None:
    result = _run(str(SHORT), "-v", "--no-color")
    flat = re.sub(r"[\s│]", "", result.stdout)  # table cells fold long reasons over lines
    assert "客服没有一句话达到60字(不计标点)" in flat
    assert "saysnothing" not in flat and "notriggerinthecall" not in flat


def test_json_reason_stays_a_free_text_field_of_the_schema() -> None:
    document = json.loads(_run(str(SHORT), "--format", "json").stdout)
    jsonschema.validate(document, SCHEMA)
    outcomes = {o["rule_id"]: o for c in document["calls"] for o in c["outcomes"]}
    confirm = outcomes["clarity.confirm-understood"]
    assert confirm["status"] == "not_applicable"
    assert confirm["reason"] == "客服没有一句话达到60字(不计标点)"
