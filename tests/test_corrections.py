"""The shared number pieces: a digit slip, a mobile number split over turns, and the spoken
length of a turn (what ``min_chars`` counts)."""

from __future__ import annotations

from scriptcheck.call import spoken_length
from scriptcheck.corrections import digits_slip, split_phone
from scriptcheck.normalize import normalize


def _norm(*texts: str) -> list[str]:
    return [normalize(text).text for text in texts]


def test_digits_slip_is_one_or_two_digits_changed_at_the_same_length() -> None:
    assert digits_slip("13918807247", "13918807742")  # two digits swapped
    assert digits_slip("9806", "9807")
    assert not digits_slip("13918807742", "13918807742")  # the same number is no slip
    assert not digits_slip("13912345678", "13912345999")  # three digits
    assert not digits_slip("1391234567", "13912345678")  # another length


def test_split_phone_joins_two_turns() -> None:
    phone = split_phone(_norm("打我另一个,一五三零二八八……", "六一九七。"))
    assert phone is not None and phone.value == "15302886197"
    assert (phone.start, phone.end) == (0, 4)  # on the digits of the last turn


def test_split_phone_joins_three_turns() -> None:
    phone = split_phone(_norm("一三八……", "幺二三四……", "五六七八。"))
    assert phone is not None and phone.value == "13812345678"


def test_split_phone_needs_digits_only_in_the_middle_turn() -> None:
    assert split_phone(_norm("一三八……", "我看看,幺二三四……", "五六七八。")) is None


def test_split_phone_needs_eleven_digits_from_a_mobile_prefix() -> None:
    assert split_phone(_norm("一三八……", "幺二三四五……", "五六七八。")) is None
    assert split_phone(_norm("单号是一二三四。", "五六七八。")) is None


def test_split_phone_keeps_a_four_digit_start_for_two_turns() -> None:
    assert split_phone(_norm("一三八……", "幺二三四五六七八。")) is None


def test_spoken_length_counts_what_was_said() -> None:
    text = "您的电费是三百二十五元,十点前到。"
    assert spoken_length(text) == 15  # punctuation not counted, 三百二十五 five characters
    assert len(normalize(text).text) == 14  # 325元 / 10点: what min_chars no longer counts


def test_spoken_length_counts_written_digits_one_each_and_skips_spaces() -> None:
    assert spoken_length("工号 1024,请讲。") == 8
    assert spoken_length("ＡＢ ｃ！") == 3
