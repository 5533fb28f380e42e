"""Specification of the jieba wrapper: tokens, boundaries and word-aware matching, each
rulebook's phrases as user words of its own segmenter."""

from __future__ import annotations

import jieba
import pytest

from scriptcheck.segment import Segmenter, token_boundaries, tokens

is_word_match = Segmenter().is_word_match  # the base dictionary alone


def test_ni_inside_nimen_is_not_a_word_match() -> None:
    text = "你们好,请问"
    assert not is_word_match(text, 0, 1)


def test_ninhao_before_a_particle_is_a_word_match() -> None:
    assert is_word_match("您好呀", 0, 2)


def test_hit_at_the_edges_of_the_text_counts_as_a_boundary() -> None:
    assert is_word_match("停电", 0, 2)


def test_only_a_window_around_the_hit_is_segmented() -> None:
    text = "我家停电了" * 50 + "你们" + "我家停电了" * 50
    start = text.index("你们")
    assert not is_word_match(text, start, start + 1)
    assert is_word_match(text, start, start + 2)


def test_token_boundaries_include_both_ends() -> None:
    text = "请问有什么可以帮您"
    boundaries = token_boundaries(text)
    assert {0, len(text)} <= boundaries
    assert boundaries == frozenset(
        sum(map(len, tokens(text)[:i])) for i in range(len(tokens(text)) + 1)
    )


def test_added_phrase_becomes_one_token() -> None:
    assert "不归咱们管" not in tokens("这个不归咱们管")
    mine = Segmenter(["不歸咱們管", "不归我们管"])  # Traditional: added in normalised form
    assert "不归咱们管" in mine.tokens("这个不归咱们管")
    assert "不归我们管" in mine.tokens("这个不归我们管")
    assert mine.is_word_match("这个不归我们管啊", 2, 7)


def test_a_segmenters_words_are_its_own() -> None:
    mine = Segmenter(["急个什么劲", "急个什么劲"])
    assert "急个什么劲" in mine.tokens("你急个什么劲呀")
    assert "急个什么劲" not in Segmenter().tokens("你急个什么劲呀")
    assert "急个什么劲" not in tokens("你急个什么劲呀")
    assert "急个什么劲" not in jieba.lcut("你急个什么劲呀", HMM=False)


def test_jieba_is_initialised_once(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens("您好")
    assert jieba.dt.initialized
    calls: list[object] = []
    monkeypatch.setattr(jieba, "initialize", lambda *args: calls.append(args))
    monkeypatch.setattr(jieba.dt, "initialize", lambda *args: calls.append(args))
    tokens("请稍等")
    is_word_match("请稍等一下", 0, 3)
    Segmenter(["请您稍等片刻"]).tokens("请您稍等片刻")
    assert calls == []


def test_rulebook_phrases_do_not_hide_each_other() -> None:
    text = "这个不归他们管啊"
    mine = Segmenter(["不归他们管"])
    assert "不归他们管" in mine.tokens(text)
    # 他们管 is inside the rulebook phrase 不归他们管, which is transparent for other phrases
    assert mine.is_word_match(text, 4, 7)
    # but a base-dictionary word still protects its inside: 你 in 你们
    assert not is_word_match("你们好", 0, 1)
