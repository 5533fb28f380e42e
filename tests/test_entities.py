"""Specification of entity extraction and restatement, on normalised customer and agent turns."""

from __future__ import annotations

from pathlib import Path

import pytest

from scriptcheck import check, load_transcript
from scriptcheck.entities import (
    Entity,
    extract_entities,
    extract_phones,
    extract_places,
    extract_times,
    is_restated,
)
from scriptcheck.model import Status
from scriptcheck.normalize import normalize

DATA = Path(__file__).parent / "data" / "entities"


def norm(text: str) -> str:
    return normalize(text).text


@pytest.mark.parametrize(
    ("customer", "phone"),
    [
        ("我的手机号是13812345678", "13812345678"),
        ("号码是一三九 幺二三四 五六七八", "13912345678"),
        ("你打138-1234-5678找我", "13812345678"),
        ("+86 139 1234 5678", "13912345678"),
        ("座机是010-12345678", "01012345678"),
        ("家里电话0571 8888 6666", "057188886666"),
        ("0571-8888666", "05718888666"),
    ],
)
def test_finds_phone_numbers_as_digits(customer: str, phone: str) -> None:
    assert [entity.value for entity in extract_phones(norm(customer))] == [phone]


@pytest.mark.parametrize(
    "customer",
    [
        "我的户号是123456",
        "工号1024的客服",
        "客服电话95598",
        "身份证号码330106199001011234",
        "一二三四五六",
    ],
)
def test_short_or_long_numbers_are_not_phones(customer: str) -> None:
    assert extract_phones(norm(customer)) == []


def test_phone_span_is_in_the_normalised_text() -> None:
    text = norm("电话是一三八 幺二三四 五六七八,谢谢")
    (phone,) = extract_phones(text)
    assert text[phone.start : phone.end] == "13812345678"


@pytest.mark.parametrize(
    ("customer", "value"),
    [
        ("那就周六上午十点吧", "周六|上午|10点"),
        ("星期六上午10:00", "周六|上午|10点"),
        ("明天下午三点半可以吗", "明天|下午|3点30分"),
        ("今晚七点", "今天|晚上|7点"),
        ("三月五号", "3月5日"),
        ("三点十五分", "3点15分"),
        ("你们五个工作日内给我答复", "5工作日内"),
        ("二十四小时之内", "24小时内"),
        ("明天下午过来", "明天|下午"),
    ],
)
def test_finds_times_in_canonical_form(customer: str, value: str) -> None:
    assert [entity.value for entity in extract_times(norm(customer))] == [value]


@pytest.mark.parametrize("customer", ["今天停电了", "下午再说吧", "大声一点", "十分感谢", "45分钟"])
def test_vague_days_and_idioms_are_not_times(customer: str) -> None:
    assert extract_times(norm(customer)) == []


@pytest.mark.parametrize(
    ("customer", "value"),
    [
        ("我家住在幸福路12号", "幸福路12号"),
        ("地址是人民路一百二十八号3栋2单元501室", "人民路128号3栋2单元501室"),
        ("杭州市西湖区文三路90号", "文3路90号"),
        ("阳光小区3号楼2单元502室", "阳光小区3栋2单元502室"),
        ("我们是张家村三组的", "张家村3组"),
        ("城关镇这边停电了", "城关镇"),
        ("锦华苑六栋一零二,楼上是二零二", "锦华苑6栋102室"),
        ("阳光小区3栋502,5楼", "阳光小区3栋502室"),
    ],
)
def test_finds_places(customer: str, value: str) -> None:
    assert [entity.value for entity in extract_places(norm(customer))] == [value]


@pytest.mark.parametrize("customer", ["工号1024号", "我排在1024号", "我家停电了"])
def test_numbers_without_a_place_name_are_not_places(customer: str) -> None:
    assert extract_places(norm(customer)) == []


def test_extract_entities_returns_all_kinds_in_text_order() -> None:
    text = norm("我住幸福路12号,电话13812345678,明天上午九点来修")
    kinds = [entity.kind for entity in extract_entities(text)]
    assert kinds == ["place", "phone", "time"]


@pytest.mark.parametrize(
    ("customer", "agent"),
    [
        ("一三九 幺二三四 五六七八", "您的电话是139-1234-5678,对吗?"),
        ("13912345678", "幺三九，幺二三四，五六七八"),
        ("0571 8888 6666", "号码是057188886666对吧"),
    ],
)
def test_phone_restated_digit_for_digit_in_any_grouping(customer: str, agent: str) -> None:
    (phone,) = extract_phones(norm(customer))
    assert is_restated(phone, norm(agent))


def test_phone_with_a_wrong_digit_is_not_restated() -> None:
    (phone,) = extract_phones(norm("13912345678"))
    assert not is_restated(phone, norm("您的电话是13912345687对吗"))


@pytest.mark.parametrize(
    ("customer", "agent", "restated"),
    [
        ("周六上午十点吧", "好的,星期六上午十点师傅上门", True),
        ("周六上午十点吧", "好的周六十点", True),
        ("周六上午十点吧", "好的十点", False),
        ("周六上午十点吧", "好的周六上午", False),
        ("明天下午", "明天下午对吧", True),
        ("明天下午", "明天上午对吧", False),
        ("三月五号", "5号上午对吧", True),
        ("三月五号", "3月6号对吧", False),
        ("五个工作日内", "我们会在5个工作日之内答复您", True),
        ("五个工作日内", "我们会在3个工作日之内答复您", False),
        ("明天下午三点半", "好的,明天15:30", True),
        ("下午三点", "15点师傅上门", True),
        ("晚上八点", "20:00给您送到", True),
        ("15:30", "下午三点半对吧", True),
        ("中午一点", "13点对吧", True),
        ("明天下午三点", "明天17:00对吧", False),
        ("晚上八点", "19:00对吧", False),
    ],
)
def test_time_restated_by_its_key_parts(customer: str, agent: str, restated: bool) -> None:
    (time,) = extract_times(norm(customer))
    assert is_restated(time, norm(agent)) is restated


@pytest.mark.parametrize(
    ("customer", "agent", "restated"),
    [
        ("我家住在幸福路12号", "您家在幸福路十二号是吗", True),
        ("我家住在幸福路12号", "您家在幸福路是吗", False),
        ("我家住在幸福路12号", "您家在幸福路13号是吗", False),
        ("阳光小区3号楼2单元502室", "阳光小区3栋2单元502,对吗", True),
        ("阳光小区3号楼2单元502室", "阳光小区3栋对吗", False),
        ("张家村三组", "张家村3组对吧", True),
    ],
)
def test_place_restated_by_name_and_numbers(customer: str, agent: str, restated: bool) -> None:
    (place,) = extract_places(norm(customer))
    assert is_restated(place, norm(agent)) is restated


def test_hand_built_entity_compares_its_value() -> None:
    assert is_restated(Entity("place", "某某", 0, 2), "就是某某")


def test_phone_read_back_with_dong_for_zero_is_restated() -> None:
    # 洞 is 0 on the phone: 幺三八洞… run into 十点前 is no number to the normaliser, still a
    # read-back of 13806172254
    transcript = load_transcript(DATA / "phone_read_back_with_dong.txt")[0]
    result = check(transcript, "core")
    (outcome,) = (o for o in result.outcomes if o.rule_id == "restate.phone")
    assert outcome.status is Status.PASSED
