"""workid: the 工号 an agent states in the greeting, for calls whose file gives none."""

from __future__ import annotations

import pytest

from scriptcheck.model import Role, Transcript, Turn
from scriptcheck.workid import agent_id_of, stated_work_id


def call(*agent_texts: str, agent_id: str | None = None) -> Transcript:
    turns = [Turn(0, Role.CUSTOMER, "喂?")]
    turns += [Turn(i + 1, Role.AGENT, text) for i, text in enumerate(agent_texts)]
    return Transcript(path="c.txt", turns=tuple(turns), agent_id=agent_id)


@pytest.mark.parametrize(
    "greeting",
    [
        "您好,国网XX供电公司95598,工号9381,很高兴为您服务。",
        "您好,9381号为您服务。",
        "您好,工号九三八一,请问有什么可以帮您?",
        "您好,工號 ９３８１。",
        "您好,我是九三八一号客服。",
    ],
)
def test_work_id_is_read_from_every_greeting_phrasing(greeting):
    assert stated_work_id([greeting]) == "9381"


@pytest.mark.parametrize(
    "text", ["您好,国网XX供电公司95598,很高兴为您服务。", "请您5号之前缴费。", "请拨打95598。"]
)
def test_hotline_numbers_and_dates_are_not_work_ids(text):
    assert stated_work_id([text]) is None


def test_id_given_by_the_file_is_never_overwritten():
    found = agent_id_of(call("您好,工号9381。", agent_id="1024"))
    assert found is not None and (found.value, found.stated) == ("1024", False)


def test_id_stated_in_the_second_agent_turn_is_taken_and_marked_stated():
    found = agent_id_of(call("喂,你好。", "这里是供电公司,工号9381。"))
    assert found is not None and (found.value, found.stated) == ("9381", True)


def test_only_the_first_agent_turns_are_searched():
    assert agent_id_of(call("您好。", "请讲。", "我的工号是9381。")) is None


def test_customer_turns_are_not_searched():
    transcript = Transcript(
        path="c.txt",
        turns=(Turn(0, Role.CUSTOMER, "我找工号9381"), Turn(1, Role.AGENT, "您好。")),
    )
    assert agent_id_of(transcript) is None
