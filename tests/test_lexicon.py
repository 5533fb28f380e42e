"""Specification of the trie-backed jieba dictionary: the same tokens as stock jieba, a cache
that survives damage, and user words that behave as jieba's own ``add_word``."""

from __future__ import annotations

import logging
from pathlib import Path

import jieba
import pytest

from scriptcheck import lexicon, load_transcript

jieba.setLogLevel(logging.WARNING)
ROOT = Path(__file__).parent.parent
CALL_FOLDERS = [ROOT / "examples" / "transcripts" / "calls", ROOT / "tests" / "corpus"]
USER_WORDS = ["不归我们管", "说话呀", "申通工号", "国网客服中心"]


@pytest.fixture(scope="module")
def stock() -> jieba.Tokenizer:
    """jieba exactly as it ships: its dict unmarshalled into a Python dict."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in USER_WORDS:
        tokenizer.add_word(word, freq=20000)
    return tokenizer


def _trie_tokenizer(cache_dir: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir)
    lexicon.install(tokenizer)
    for word in USER_WORDS:
        tokenizer.add_word(word, freq=20000)
    return tokenizer


@pytest.fixture(scope="module")
def trie(tmp_path_factory: pytest.TempPathFactory) -> jieba.Tokenizer:
    return _trie_tokenizer(tmp_path_factory.mktemp("lexicon"))


def _example_turns() -> list[str]:
    return [
        turn.text
        for folder in CALL_FOLDERS
        for path in sorted(folder.glob("*.txt"))
        for transcript in load_transcript(path)
        for turn in transcript.turns
    ]


def test_tokens_equal_stock_jieba_on_every_example_turn(
    stock: jieba.Tokenizer, trie: jieba.Tokenizer
) -> None:
    turns = _example_turns()
    assert len(turns) > 900
    for text in turns:
        assert trie.lcut(text, HMM=False) == stock.lcut(text, HMM=False), text


def test_frequencies_and_total_equal_stock_jieba(
    stock: jieba.Tokenizer, trie: jieba.Tokenizer
) -> None:
    assert trie.total == stock.total
    for word in ["您好", "客服", "停电", "不归我们管", "国网客", "不存在的词语xyz"]:
        assert trie.FREQ.get(word) == stock.FREQ.get(word)
        assert (word in trie.FREQ) == (word in stock.FREQ)


def test_user_word_prefixes_are_known_as_jieba_adds_them(trie: jieba.Tokenizer) -> None:
    assert trie.FREQ["申通工"] == 0  # a prefix of a user word, as jieba records it
    assert trie.lcut("申通工号1024", HMM=False)[0] == "申通工号"


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, stock: jieba.Tokenizer) -> None:
    _trie_tokenizer(tmp_path)
    [cache] = tmp_path.glob("scriptcheck-lexicon-*.bin")
    data = cache.read_bytes()
    cache.write_bytes(data[: len(data) // 2] + b"\x00" * 100)  # truncated and overwritten
    rebuilt = _trie_tokenizer(tmp_path)
    assert rebuilt.lcut("请问还有什么可以帮您", HMM=False) == stock.lcut(
        "请问还有什么可以帮您", HMM=False
    )
    assert cache.read_bytes() == data  # and the good file is written back


def test_an_unwritable_cache_folder_still_segments(tmp_path: Path, stock: jieba.Tokenizer) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    tokenizer = _trie_tokenizer(missing)
    assert tokenizer.lcut("您好很高兴为您服务", HMM=False) == stock.lcut(
        "您好很高兴为您服务", HMM=False
    )
    assert not missing.exists()
