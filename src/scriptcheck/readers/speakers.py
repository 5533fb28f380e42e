"""Speaker labels → roles: the label table shared by every reader.

Labels are compared after NFKC (full-width → half-width), Traditional → Simplified (OpenCC
``t2s``) and case folding, so ``客戶``, ``ＡＧＥＮＴ`` and ``agent`` all resolve.

>>> SpeakerTable().role_of("客戶")
<Role.CUSTOMER: 'customer'>
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

import opencc

from scriptcheck.model import Role

AGENT_LABELS: tuple[str, ...] = (
    "客服",
    "坐席",
    "座席",
    "客服代表",
    "业务员",
    "话务员",
    "受理员",
    "工作人员",
    "Agent",
    "A",
)
CUSTOMER_LABELS: tuple[str, ...] = (
    "客户",
    "用户",
    "来电人",
    "来电者",
    "顾客",
    "Customer",
    "Caller",
    "C",
)
# Words accepted where a role (not a speaker label) is expected: --speaker, --channel-map, JSON.
_ROLE_WORDS: dict[str, Role] = {
    "agent": Role.AGENT,
    "customer": Role.CUSTOMER,
    "unknown": Role.UNKNOWN,
    "未知": Role.UNKNOWN,
}


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (``掛機`` → ``挂机``); other characters unchanged."""
    return _t2s().convert(text) if text else text


def label_key(label: str) -> str:
    """The form labels are compared in: NFKC, Simplified, case-folded, no outer spaces."""
    return to_simplified(unicodedata.normalize("NFKC", label)).casefold().strip()


_UNSEEN = object()
_SEEN_KEPT = 10_000  # distinct label spellings remembered (a batch has a handful)


class SpeakerTable:
    """Resolves speaker labels to roles: the built-in labels plus caller-supplied aliases.

    Aliases win over built-in labels, so a config can remap ``A`` if it means something else.
    """

    def __init__(self, aliases: Mapping[str, Role] | None = None) -> None:
        table: dict[str, Role] = {label_key(x): Role.AGENT for x in AGENT_LABELS}
        table.update({label_key(x): Role.CUSTOMER for x in CUSTOMER_LABELS})
        table.update({label_key(k): role for k, role in (aliases or {}).items()})
        self._table = table
        self._seen: dict[str, object] = {}  # label as written -> Role or None
        words = sorted((k for k in table if k), key=len, reverse=True)
        # For finding a role word inside an event line ("[客户挂机]", "[hangup] agent"):
        # Latin labels must stand alone, Chinese ones may touch other characters.
        cjk = [re.escape(w) for w in words if not w.isascii()]
        latin = [re.escape(w) for w in words if w.isascii()]
        parts = []
        if cjk:
            parts.append("|".join(cjk))
        if latin:
            parts.append(r"(?<![a-z0-9])(?:" + "|".join(latin) + r")(?![a-z0-9])")
        self._search = re.compile("|".join(parts)) if parts else None

    def role_of(self, label: str) -> Role | None:
        """The role a label names, or None when the label is not a known speaker."""
        role = self._seen.get(label, _UNSEEN)
        if role is _UNSEEN:  # first time this spelling is seen: normalise it once
            role = self._table.get(label_key(label))
            if len(self._seen) < _SEEN_KEPT:
                self._seen[label] = role
        return role  # type: ignore[return-value]

    def find_role(self, text: str) -> Role | None:
        """The role of the first speaker word found anywhere in ``text`` (used for events)."""
        if self._search is None:
            return None
        match = self._search.search(label_key(text))
        return self._table[match.group(0)] if match else None


def parse_role(value: str) -> Role | None:
    """A role named by a user: ``agent``/``customer``/``unknown`` or any known label (客服…)."""
    key = label_key(value)
    if key in _ROLE_WORDS:
        return _ROLE_WORDS[key]
    return _default_table().role_of(value)


@lru_cache(maxsize=1)
def _default_table() -> SpeakerTable:
    return SpeakerTable()
