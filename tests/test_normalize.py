"""Specification of text normalisation: what matching sees, and the map back to the original."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scriptcheck.normalize import NormalizedText, normalize, normalize_many, normalize_phrase


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("說話", "说话"),
        ("ＡＢＣ１２３", "abc123"),
        ("Hello ＷＯＲＬＤ", "helloworld"),
        ("請您稍等片刻，好嗎？", "请您稍等片刻好吗"),
    ],
)
def test_folds_width_case_and_traditional(original: str, expected: str) -> None:
    assert normalize(original).text == expected


@pytest.mark.parametrize(
    ("taiwan", "mainland"),
    [
        ("妳說甚麼", "你说什么"),  # 甚麼 and 妳: variants OpenCC keeps
        ("請問有甚麼可以幫助您", "请问有什么可以帮助您"),
        ("著什麼急,等著吧", "着什么急,等着吧"),  # Taiwan's 著 for 着
    ],
)
def test_taiwan_forms_normalise_like_mainland_ones(taiwan: str, mainland: str) -> None:
    assert normalize(taiwan).text == normalize(mainland).text


def test_zhu_stays_where_it_is_the_word_zhu() -> None:
    assert normalize("著名的著作").text == "著名的著作"


@pytest.mark.parametrize(
    "variant", ["喂,说话呀", "喂 说话呀", "喂!說話呀", "喂，“说话”呀……", "喂～说话呀"]
)
def test_punctuation_and_spaces_do_not_matter(variant: str) -> None:
    assert normalize(variant).text == "喂说话呀"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("138-1234-5678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("10:30", "10:30"),
        ("10：30", "10:30"),
        ("3.5元", "3.5元"),
        ("好的.", "好的"),
        ("时间:明天", "时间明天"),
    ],
)
def test_colon_and_dot_survive_only_between_digits(original: str, expected: str) -> None:
    assert normalize(original).text == expected


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("一三八幺二三四五六七八", "13812345678"),
        ("一三九 幺二三四 五六七八", "13912345678"),
        ("幺三八", "138"),
        ("工号一零二四", "工号1024"),
        ("二零二四年", "2024年"),
        ("幺三八,洞洞幺两,三四五六", "13800123456"),  # 洞 is 0 and 两 is 2 when spelled out
        ("一三八两三四五六七八九", "13823456789"),  # 两 in a run too long to be an amount
    ],
)
def test_digit_by_digit_numerals_become_digits(original: str, expected: str) -> None:
    assert normalize(original).text == expected


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("十点", "10点"),
        ("明天下午三点", "明天下午3点"),
        ("四十五分钟", "45分钟"),
        ("二十四小时之内", "24小时之内"),
        ("一百二十元", "120元"),
        ("两百块", "200块"),
        ("第十", "第10"),
        ("三点十分", "3点10分"),
        ("三点半", "3点半"),
        ("两点", "2点"),
        ("一个工作日", "1个工作日"),
        ("五栋", "5栋"),
        ("晚上一点", "晚上1点"),
        ("第一", "第1"),
        ("你说,二十四,对吧", "你说24对吧"),
        ("周六十点", "周六10点"),
        ("星期一三点", "星期一3点"),
    ],
)
def test_numbers_before_units_become_digits(original: str, expected: str) -> None:
    assert normalize(original).text == expected


@pytest.mark.parametrize(
    "idiom",
    [
        "十分感谢",
        "十分抱歉",
        "请稍等一下",
        "大声一点",
        "大声一点儿",
        "慢一点",
        "一定",
        "一样",
        "一起",
        "统一",
        "唯一",
        "万一停电",
        "一会儿",
        "一律",
        "第一时间",
        "十足",
        "三思",
        "一两个",
        "三四个",
        "三五天",
        "一路顺风",
        "一一解答",
        "山洞三四个",
        "洞口",
    ],
)
def test_idioms_with_numerals_never_change(idiom: str) -> None:
    assert normalize(idiom).text == idiom


def test_phrase_and_text_normalise_alike() -> None:
    assert normalize_phrase("喂，說話呀！") == normalize("喂 说话呀").text
    assert normalize_phrase("二十四小時之內") == "24小时之内"


def test_offsets_point_back_into_the_original() -> None:
    result = normalize("您好，請問")
    assert result.text == "您好请问"
    assert result.offsets == (0, 1, 3, 4, 5)
    assert result.span_to_original(2, 4) == (3, 5)


def test_positional_numeral_maps_to_its_whole_source_run() -> None:
    original = "大约二十四小时"
    result = normalize(original)
    assert result.text == "大约24小时"
    start, end = result.span_to_original(2, 4)
    assert original[start:end] == "二十四"
    assert result.span_to_original(2, 3)[0] == original.index("二")


def test_ten_maps_both_digits_to_one_source_character() -> None:
    original = "今天十点"
    result = normalize(original)
    start, end = result.span_to_original(2, 4)
    assert original[start:end] == "十"


def test_span_of_phone_number_covers_its_separators() -> None:
    original = "电话138-1234-5678,谢谢"
    result = normalize(original)
    start = result.text.index("138")
    begin, end = result.span_to_original(start, start + 11)
    assert original[begin:end] == "138-1234-5678"


def test_compatibility_expansion_keeps_offsets_exact() -> None:
    result = normalize("ﬁ㈠好")
    assert result.text == "fi一好"
    assert result.offsets == (0, 0, 1, 2, 3)


def test_empty_text() -> None:
    assert normalize("") == NormalizedText(original="", text="", offsets_given=(0,))


def test_normalize_many_handles_newlines_inside_texts() -> None:
    texts = ["您好\n請問", "", "二十四\n小時"]
    assert normalize_many(texts) == [normalize(text) for text in texts]
    assert normalize_many(texts)[0].text == "您好请问"


def _check_offsets(result: NormalizedText) -> None:
    offsets = result.offsets
    assert len(offsets) == len(result.text) + 1
    assert offsets[-1] == len(result.original)
    assert all(0 <= offset <= len(result.original) for offset in offsets)
    assert all(a <= b for a, b in pairwise(offsets))


_texts = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from("零〇一二三四五六七八九幺两十百千万点分钟号第工个:.，。 說話"),
    ),
    max_size=40,
)


@given(_texts)
def test_offsets_are_monotonic_and_inside_the_original(text: str) -> None:
    _check_offsets(normalize(text))


@given(_texts, st.data())
def test_any_normalised_span_lies_inside_the_original(text: str, data: st.DataObject) -> None:
    result = normalize(text)
    start = data.draw(st.integers(0, len(result.text)))
    end = data.draw(st.integers(start, len(result.text)))
    begin, finish = result.span_to_original(start, end)
    assert 0 <= begin <= finish <= len(text)


@given(st.lists(_texts, max_size=6))
def test_normalize_many_equals_normalize_one_by_one(texts: list[str]) -> None:
    assert normalize_many(texts) == [normalize(text) for text in texts]


@given(st.text(alphabet=st.sampled_from("说話,。 一二十点幺三八号abc１２３!?、-喂說"), max_size=30))
def test_lazy_offsets_equal_the_eager_ones(text: str) -> None:
    from scriptcheck.normalize import _finish, _fold, _t2s

    folded, fold_offsets = _fold(text)
    eager = _finish(
        text, _t2s(folded) if len(_t2s(folded)) == len(folded) else folded, fold_offsets
    )
    lazy = normalize(text)
    assert lazy.text == eager.text
    assert lazy.offsets == eager.offsets
