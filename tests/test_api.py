"""The library API the CLI wraps: load, compile once, check many, score and grade."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import scriptcheck
from scriptcheck import engine
from scriptcheck.model import Event, EventKind, Role, Status, Turn
from scriptcheck.readers import read_text

DATA = Path(__file__).parent / "data" / "engine"


@pytest.fixture(scope="module")
def book() -> scriptcheck.engine.CompiledRulebook:
    return scriptcheck.compile_rulebook(scriptcheck.load_rulebook(str(DATA / "api.yaml")))


def test_same_rulebook_checks_a_thousand_calls_without_recompiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulebook = scriptcheck.load_rulebook(str(DATA / "api.yaml"))
    compiled: list[object] = []
    original = engine.Compiler.__init__

    def counting(self: engine.Compiler, rb: object) -> None:
        compiled.append(rb)
        original(self, rb)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.Compiler, "__init__", counting)
    transcript = read_text("客服: 您好,工号1024。\n客户: 谢谢。\n[挂机] 客户\n")[0]
    scores = {scriptcheck.check(transcript, rulebook).score for _ in range(1000)}
    assert len(compiled) == 1
    assert scores == {100.0}


def test_a_rulebook_is_read_only_and_a_replaced_copy_is_compiled_afresh() -> None:
    rulebook = scriptcheck.load_rulebook(str(DATA / "api.yaml"))
    transcript = read_text("客服: 早上好,工号1024。\n客户: 谢谢。\n[挂机] 客户\n")[0]
    assert scriptcheck.check(transcript, rulebook).score < 100
    with pytest.raises(dataclasses.FrozenInstanceError):
        rulebook.rules = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        rulebook.phrases["mine"] = ("你",)  # type: ignore[index]
    lenient = dataclasses.replace(
        rulebook, rules=tuple(r for r in rulebook.rules if r.id != "t.greeting")
    )
    assert scriptcheck.check(transcript, lenient).score == 100.0
    assert scriptcheck.check(transcript, rulebook).score < 100


def test_a_result_does_not_depend_on_the_rulebooks_compiled_before() -> None:
    # the shipped packs' phrases, once user words of a process-wide jieba, re-segmented
    # 你好,工号 so that this rulebook's 你 counted inside 你好
    transcript = read_text("客服: 你好,工号1024。\n客户: 谢谢。\n[挂机] 客户\n")[0]
    alone = scriptcheck.check(transcript, scriptcheck.load_rulebook(str(DATA / "api.yaml")))
    for pack in ("core", "power", "telecom", "courier"):
        scriptcheck.compile_rulebook(scriptcheck.load_rulebook(pack))
    after = scriptcheck.check(transcript, scriptcheck.load_rulebook(str(DATA / "api.yaml")))
    assert [f.rule_id for f in after.findings] == [f.rule_id for f in alone.findings]
    assert after.score == alone.score == 95.0


def test_score_grade_and_per_occurrence_deduction(book: object) -> None:
    transcript = read_text("客服: 喂,说话呀!\n客服: 喂 说话呀\n[挂机] 客服\n")[0]
    result = scriptcheck.check(transcript, book)  # type: ignore[arg-type]
    by_id = {o.rule_id: o for o in result.outcomes}
    assert by_id["t.forbid"].deducted == 20
    assert by_id["t.greeting"].status is Status.VIOLATED
    assert by_id["t.hangup"].status is Status.VIOLATED
    assert result.score == 100 - 5 - 5 - 20 - 20
    assert result.grade == "不合格"


def test_not_applicable_rules_deduct_nothing(book: object) -> None:
    transcript = read_text("客服: 您好,工号1024。\n")[0]
    result = scriptcheck.check(transcript, book)  # type: ignore[arg-type]
    hangup = next(o for o in result.outcomes if o.rule_id == "t.hangup")
    assert hangup.status is Status.NOT_APPLICABLE and hangup.deducted == 0
    assert hangup.reason == "通话中没有注明由谁挂机的挂机事件"
    assert result.score == 100 and result.grade == "优秀"


def test_every_rule_ends_in_exactly_one_status(book: object) -> None:
    transcript = read_text('{"turns": [{"role": "customer", "text": "喂?"}]}')[0]
    result = scriptcheck.check(transcript, book)  # type: ignore[arg-type]
    assert [o.rule_id for o in result.outcomes] == [
        "t.greeting",
        "t.work-id",
        "t.forbid",
        "t.honorific",
        "t.hangup",
    ]
    assert all(o.status in Status for o in result.outcomes)


def test_template_placeholders_satisfy_requirements(book: object) -> None:
    transcript = scriptcheck.load_transcript(DATA / "calls" / "template.tpl.txt")[0]
    plain = scriptcheck.check(transcript, book)  # type: ignore[arg-type]
    templated = scriptcheck.check(transcript, book, template=True)  # type: ignore[arg-type]
    status = {o.rule_id: o.status for o in templated.outcomes}
    assert status["t.work-id"] is Status.PASSED
    assert status["t.hangup"] is Status.NOT_APPLICABLE
    reason = {o.rule_id: o.reason for o in templated.outcomes}["t.hangup"]
    assert reason == "话术模板不适用: 本规则要检查真实通话"  # read by QA staff in -v output
    assert {o.rule_id: o.status for o in plain.outcomes}["t.work-id"] is Status.VIOLATED


def test_inline_suppressions_and_unused_ones_are_reported(book: object) -> None:
    transcript = scriptcheck.load_transcript(DATA / "calls" / "suppressed.txt")[0]
    result = scriptcheck.check(transcript, book)  # type: ignore[arg-type]
    forbid = next(o for o in result.outcomes if o.rule_id == "t.forbid")
    assert [f.turn for f in forbid.findings] == [
        2
    ]  # the turn after disable-next-line is suppressed
    assert [f.rule_id for f in result.suppressed] == ["t.forbid"]
    assert any("suppression of t.greeting suppressed nothing" in n for n in result.notes)
    assert any("suppression of t.honorific suppressed nothing" in n for n in result.notes)


def test_lazy_public_api_names() -> None:
    assert scriptcheck.check is engine.check
    with pytest.raises(AttributeError):
        scriptcheck.no_such_thing  # noqa: B018


# ------------------------------------------------------- hand-built transcripts that no reader gives


def _call(*turns: object, events: tuple = ()) -> scriptcheck.Transcript:
    return scriptcheck.Transcript(path="built.txt", turns=turns, events=events)  # type: ignore[arg-type]


AGENT, CUSTOMER = Role.AGENT, Role.CUSTOMER


@pytest.mark.parametrize(
    ("transcript", "error", "message"),
    [
        (_call(), ValueError, "built.txt: the call has no turns"),
        (
            _call(Turn(index=0, role="agent", text="您好")),  # type: ignore[arg-type]
            TypeError,
            "built.txt: turns[0].role is 'agent'; use Role.AGENT",
        ),
        (
            _call(Turn(index=0, role=AGENT, text=None)),  # type: ignore[arg-type]
            TypeError,
            "built.txt: turns[0].text is None, not str",
        ),
        (
            _call(
                Turn(index=1, role=AGENT, text="您好"),
                Turn(index=2, role=CUSTOMER, text="喂"),
            ),
            ValueError,
            "built.txt: turns[0].index is 1; number the turns 0, 1, 2… in order",
        ),
        (_call("您好"), TypeError, "built.txt: turns[0] is str, not a Turn"),
        (
            _call(
                Turn(index=0, role=AGENT, text="您好"),
                events=(Event(kind=EventKind.HANGUP, position=99),),
            ),
            ValueError,
            "built.txt: events[0].position is 99; it counts the turns before the event, so 0 to 1",
        ),
    ],
)
def test_check_refuses_a_transcript_no_reader_would_give(
    book: object, transcript: scriptcheck.Transcript, error: type, message: str
) -> None:
    with pytest.raises(error) as caught:
        scriptcheck.check(transcript, book)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
