"""jieba's dictionary as a compact trie that loads in a millisecond instead of half a second.

jieba keeps its 350,000 words (and every word prefix, ~500,000 keys) in a Python dict that it
unmarshals on first use: 0.5 s and ~60 MB per process, which is most of a one-file check. The
same keys and frequencies are stored here once, in a ``marisa_trie.Trie`` plus an array of
frequencies, cached on disk beside jieba's own cache. :func:`install` puts a :class:`Lexicon`
in place of ``jieba.dt.FREQ``; jieba's own code then segments with it unchanged, so tokens are
exactly jieba's (``tests/test_segment.py`` compares them with a stock ``jieba.Tokenizer``).

The cache file is ``scriptcheck-lexicon-<key>.bin``, where the key hashes jieba's version and its
dictionary file's size and mtime. It holds a header line (digest, key count, total) and the two
blobs. A file that fails its digest is rebuilt; a cache folder that cannot be written only costs
the rebuild (about 1 s, once per process).
"""

from __future__ import annotations

import array
import hashlib
import json
import logging
import os
import sys
import tempfile
from collections import ChainMap
from collections.abc import Iterator, MutableMapping
from types import ModuleType
from typing import TYPE_CHECKING

import marisa_trie

from scriptcheck.atomic import write_atomic
from scriptcheck.errors import OutputError

__all__ = ["Lexicon", "install"]

_FORMAT = 1
_log = logging.getLogger(__name__)


def _import_jieba() -> ModuleType:
    """jieba, imported without ``pkg_resources``.

    jieba 0.42 imports ``pkg_resources`` only to open its own data files, and falls back to
    plain ``open`` when it is missing (as it is with setuptools 81 and later). Importing it
    costs about 60 ms of a 0.45 s cold start where older setuptools still has it, so jieba is
    imported as if it were missing; ``pkg_resources`` stays importable for everyone else.
    """
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import -> ImportError
    try:
        import jieba
    finally:
        if hide:
            del sys.modules["pkg_resources"]
    return jieba


if TYPE_CHECKING:
    import jieba
else:
    jieba = _import_jieba()


class Lexicon(MutableMapping[str, int]):
    """jieba's ``FREQ`` mapping: base keys from the trie, words added later in a small dict."""

    def __init__(self, trie: marisa_trie.Trie, freqs: array.array[int]) -> None:
        self._trie = trie
        self._freqs = freqs
        self._added: dict[str, int] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._added or key in self._trie

    def __getitem__(self, key: str) -> int:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        added = self._added.get(key)
        if added is not None:
            return added
        index = self._trie.get(key)
        return default if index is None else self._freqs[index]

    def copy(self) -> Lexicon:
        """The same base keys (shared, not copied) and a copy of the added words."""
        twin = Lexicon(self._trie, self._freqs)
        twin._added = dict(self._added)
        return twin

    def __setitem__(self, key: str, value: int) -> None:
        self._added[key] = value

    def __delitem__(self, key: str) -> None:
        if key in self._added:
            del self._added[key]
        else:  # jieba's del_word sets the frequency to 0 rather than deleting
            raise KeyError(f"{key}: base dictionary words cannot be deleted, only re-weighted")

    def __iter__(self) -> Iterator[str]:
        yield from self._added
        for key in self._trie.iterkeys():
            if key not in self._added:
                yield key

    def __len__(self) -> int:
        return len(self._trie) + sum(1 for key in self._added if key not in self._trie)


def tokenizer() -> jieba.Tokenizer:
    """A new jieba tokenizer over the default tokenizer's dictionary (loaded once, shared):
    words added to it (``add_word``) are its own, and the shared dictionary is not copied."""
    install()
    base = jieba.dt
    own = jieba.Tokenizer()
    own.FREQ = base.FREQ.copy() if isinstance(base.FREQ, Lexicon) else ChainMap({}, base.FREQ)
    own.total = base.total
    own.initialized = True
    return own


def install(tokenizer: jieba.Tokenizer | None = None) -> None:
    """Give a jieba tokenizer (the default one unless given) its dictionary from the trie cache,
    built on first use. Does nothing when the tokenizer is already initialised."""
    tokenizer = tokenizer or jieba.dt
    if tokenizer.initialized:
        return
    if tokenizer.dictionary is not None:  # a custom dictionary was set: leave it to jieba
        tokenizer.initialize()
        return
    dict_path = os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
    cache = _cache_path(dict_path, tokenizer.tmp_dir or tempfile.gettempdir())
    loaded = _load(cache)
    if loaded is None:
        loaded = _build(tokenizer)
        _save(cache, *loaded)
    trie, freqs, total = loaded
    tokenizer.FREQ = Lexicon(trie, freqs)
    tokenizer.total = total
    tokenizer.initialized = True


def _cache_path(dict_path: str, folder: str) -> str:
    stat = os.stat(dict_path)
    key = f"{_FORMAT}|{jieba.__version__}|{os.path.abspath(dict_path)}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    return os.path.join(folder, f"scriptcheck-lexicon-{digest}.bin")


def _build(tokenizer: jieba.Tokenizer) -> tuple[marisa_trie.Trie, array.array[int], int]:
    """Read jieba's dictionary the way jieba does, then pack it."""
    with tokenizer.get_dict_file() as handle:
        freq, total = jieba.Tokenizer.gen_pfdict(handle)
    trie = marisa_trie.Trie(freq.keys())
    freqs = array.array("I", bytes(array.array("I").itemsize * len(trie)))
    for key, value in freq.items():
        freqs[trie[key]] = value
    return trie, freqs, total


def _save(path: str, trie: marisa_trie.Trie, freqs: array.array[int], total: int) -> None:
    trie_bytes, freq_bytes = trie.tobytes(), freqs.tobytes()
    header = {
        "digest": hashlib.blake2b(trie_bytes + freq_bytes, digest_size=16).hexdigest(),
        "trie": len(trie_bytes),
        "freqs": len(freq_bytes),
        "itemsize": freqs.itemsize,
        "total": total,
    }
    data = json.dumps(header).encode() + b"\n" + trie_bytes + freq_bytes
    try:
        write_atomic(path, data, option="jieba dictionary cache")
    except OutputError as exc:  # a read-only cache folder only costs the rebuild next time
        _log.debug("cannot cache jieba's dictionary: %s", exc)


def _load(path: str) -> tuple[marisa_trie.Trie, array.array[int], int] | None:
    try:
        with open(path, "rb") as handle:
            header = json.loads(handle.readline())
            trie_bytes = handle.read(header["trie"])
            freq_bytes = handle.read(header["freqs"])
        freqs = array.array("I")
        if freqs.itemsize != header["itemsize"]:
            return None
        digest = hashlib.blake2b(trie_bytes + freq_bytes, digest_size=16).hexdigest()
        if digest != header["digest"]:
            return None
        trie = marisa_trie.Trie()
        trie.frombytes(trie_bytes)
        freqs.frombytes(freq_bytes)
        return trie, freqs, int(header["total"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
