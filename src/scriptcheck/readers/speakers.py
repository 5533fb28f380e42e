"""Speaker labels → roles: the label table shared by every reader (where a label starts a
line is :mod:`scriptcheck.readers.labels`'s job).

Labels are compared after NFKC (full-width → half-width), Traditional → Simplified (as
phrases are: :func:`scriptcheck.normalize.to_simplified`) and case folding, so ``客戶``,
``ＡＧＥＮＴ`` and ``agent`` all resolve. A work id and a clock time after the label are
allowed, as call-center exports write them: ``坐席[1024]``, ``坐席【1024】``, ``坐席(1024)``,
``坐席 1024``, ``坐席1024``, ``客服-1024``, ``用户 13:02:11``. So is a short Chinese name after
a space: ``坐席 王``, ``客服 小王``.

>>> SpeakerTable().role_of("客戶")
<Role.CUSTOMER: 'customer'>
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from scriptcheck.errors import InputError
from scriptcheck.model import Role
from scriptcheck.normalize import to_simplified

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


# Format characters (Unicode category Cf, as of Unicode 14): invisible, so never part of a
# label, a time stamp or a header, yet left behind by editors and tools: a byte-order mark at
# a line start (``cat`` of files saved with one), zero-width spaces and joiners, word joiners,
# direction marks.
FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


def strip_format(text: str) -> str:
    """``text`` without format characters (BOM U+FEFF, zero-width U+200B-U+200D, word joiner
    U+2060, direction marks…): for labels, time stamps and header values, never turn text.

    >>> strip_format("\ufeff客\u200b服")
    '客服'
    """
    return FORMAT_CHARACTERS.sub("", text) if not text.isascii() else text


def label_key(label: str) -> str:
    """The form labels are compared in: no format characters, NFKC, Simplified, case-folded,
    no outer spaces."""
    return to_simplified(unicodedata.normalize("NFKC", strip_format(label))).casefold().strip()


# A clock time after a label, optionally bracketed: 用户 13:02:11, 客服[13:02].
CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
# ... maybe after a date: 用户 2024-11-23 13:02:11, 用户 [2024/11/23 13:02:11].
_DATE = r"(?:(?<!\d)\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+)?"
_TRAILING_CLOCK = re.compile(
    rf"\s*(?:[\[【(（]\s*{_DATE}(?P<b>{CLOCK})\s*[\]】)）]|{_DATE}(?P<p>{CLOCK}))$"
)
# A work id after a label: in brackets (any short text), after a dash or a space, or written
# straight after a Chinese label (坐席1024). Outside brackets it holds at least one digit.
_ID = r"[A-Za-z]{0,4}\d[A-Za-z0-9]{0,11}"
_TRAILING_ID = re.compile(
    r"(?:\s*[\[【(（]\s*(?P<bracketed>[^\[\]【】()（）]{1,24}?)\s*[\]】)）]"
    rf"|\s*[-‐–—－_]\s*(?P<dashed>{_ID})"
    rf"|\s+(?P<spaced>{_ID})"
    rf"|(?P<attached>{_ID}))$"
)
# A known label, a space, a short Chinese name: 坐席 王, 客服 小王, 客服 欧阳娜.
_NAMED = re.compile(r"^(?P<label>\S.*?)\s+(?P<person>[\u4e00-\u9fff]{1,3})$")
# Characters no name holds but speech does: 客服 你们, 客户 说 are words, not a name.
_NOT_IN_NAMES = frozenset(
    "你我您他她它们的了说问讲是在有没不这那吗呢吧啊呀哦嗯和就都也要会能么什怎哪谁请好"
)
_ID_PREFIX = re.compile(r"^(?:工号|坐席号|座席号|no\.?|id|#)\s*[:：]?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class SpeakerLabel:
    """A recognised label taken apart: ``坐席[1024] 13:02`` → agent, ``1024``, ``13:02``."""

    role: Role
    name: str  # the label as written, work id included, clock time left out
    work_id: str | None = None  # 1024 in 坐席[1024] / 坐席1024 / 客服-1024
    clock: str | None = None  # 13:02:11 in 用户 13:02:11
    person: str | None = None  # 王 in 坐席 王, 小王 in 客服 小王(1024)


def split_decorations(label: str) -> tuple[str, str | None, str | None]:
    """``坐席[1024] 13:02`` → ``("坐席", "1024", "13:02")``: the bare label, work id, clock.

    Decorations that are absent come back as None; an undecorated label comes back whole.
    """
    rest = unicodedata.normalize("NFKC", label).strip()
    clock = None
    if found := _TRAILING_CLOCK.search(rest):
        clock = found.group("b") or found.group("p")
        rest = rest[: found.start()].rstrip()
    work_id = None
    found = _TRAILING_ID.search(rest)
    if found and found.start() > 0:
        base = rest[: found.start()].rstrip()
        attached = found.group("attached")
        if base and not (attached and base[-1].isascii()):  # A1, C2 are not 客服1 / 客户2
            work_id = next(g for g in found.groups() if g is not None)
            work_id = _ID_PREFIX.sub("", work_id).strip() or None
            rest = base
    return rest, work_id, clock


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
        self._words = words
        self._initials = frozenset(w[0] for w in words)
        self._starts: dict[str, bool] = {}  # first character of a line -> may start a label
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
        """The role a label names, or None when the label is not a known speaker.

        ``坐席[1024]``, ``客服-1024``, ``用户 13:02:11`` name the role of their bare label.
        """
        found = self.parse(label)
        return found.role if found is not None else None

    def parse(self, label: str) -> SpeakerLabel | None:
        """The label's role, work id and clock time, or None when it is not a known speaker.

        A caller's alias for the whole spelling (``--speaker 坐席1024=customer``) wins over
        taking the decorations off.
        """
        found = self._seen.get(label, _UNSEEN)
        if found is _UNSEEN:  # first time this spelling is seen: normalise it once
            found = self._parse(strip_format(label))
            if len(self._seen) < _SEEN_KEPT:
                self._seen[label] = found
        return found  # type: ignore[return-value]

    def _parse(self, label: str) -> SpeakerLabel | None:
        role = self._table.get(label_key(label))
        if role is not None:
            return SpeakerLabel(role, label.strip())
        base, work_id, clock = split_decorations(label)
        role = self._table.get(label_key(base)) if work_id or clock else None
        person = None
        if role is None:
            role, person = self._named(base)
        if role is None:
            return None
        name = label.strip()
        if clock is not None:  # the speaker is 用户 in 用户 13:02:11, whatever the time
            name = _TRAILING_CLOCK.sub("", name).rstrip() or name
        return SpeakerLabel(role, name, work_id, clock, person)

    def _named(self, label: str) -> tuple[Role | None, str | None]:
        """``坐席 王`` → ``(Role.AGENT, "王")``: a known label, a space and a short name;
        ``(None, None)`` otherwise (``客服 你们`` is speech, not a name)."""
        found = _NAMED.match(label)
        if found is None or _NOT_IN_NAMES.intersection(found.group("person")):
            return None, None
        role = self._table.get(label_key(found.group("label")))
        return (role, found.group("person")) if role is not None else (None, None)

    def role_word_at(self, line: str) -> str | None:
        """The known label ``line`` starts with, as written: ``客服`` in ``客服 - 您好`` and in
        ``客服说…``, None in ``您好`` (a Latin label must end at a non-letter: not ``A`` in
        ``Also``). Most lines are ruled out by their first character alone.

        >>> SpeakerTable().role_word_at("客戶（張先生）我…"), SpeakerTable().role_word_at("Also")
        ('客戶', None)
        """
        first = line[:1]
        starts = self._starts.get(first)
        if starts is None:
            starts = label_key(first)[:1] in self._initials
            if len(self._starts) < _SEEN_KEPT:
                self._starts[first] = starts
        if not starts:
            return None
        head = label_key(line[: len(self._words[0]) + 1])
        for word in self._words:
            after = head[len(word) : len(word) + 1]
            if head.startswith(word) and not (word.isascii() and after.isalnum()):
                return line[: len(word)]
        return None

    def find_role(self, text: str) -> Role | None:
        """The role of the first speaker word found anywhere in ``text`` (used for events)."""
        if self._search is None:
            return None
        match = self._search.search(label_key(text))
        return self._table[match.group(0)] if match else None


_SEEN_LISTED = 5  # labels named in a message
_SEEN_REMEMBERED = 50


@dataclass
class SeenLabels:
    """The distinct speaker labels a call used and the role each resolved to (None: unknown),
    so a call without an agent can say what it saw."""

    labels: dict[str, Role | None] = field(default_factory=dict)

    def note(self, label: str, role: Role | None) -> None:
        """Remember ``label`` (as written) the first time it is seen."""
        if label and label not in self.labels and len(self.labels) < _SEEN_REMEMBERED:
            self.labels[label] = role

    def listing(self) -> str:
        """``; labels seen: 坐席A (not recognised), 客户 (customer)``, or "" when none."""
        if not self.labels:
            return ""
        shown = [
            f"{label} ({role.value if role is not None else 'not recognised'})"
            for label, role in list(self.labels.items())[:_SEEN_LISTED]
        ]
        more = len(self.labels) - _SEEN_LISTED
        return "; labels seen: " + ", ".join(shown) + (f" and {more} more" if more > 0 else "")

    def fix(self, *, channels: bool = False) -> str:
        """What to do: map the agent's label; with ``channels``, numeric labels by channel."""
        unknown = [label for label, role in self.labels.items() if role is None]
        numbered = unknown or list(self.labels)
        if channels and numbered and all(x.isascii() and x.isdigit() for x in numbered):
            return "map the channel numbers with --channel-map 0=agent,1=customer"
        fix = "map the agent's label with --speaker NAME=agent"
        if unknown:
            example = f"{unknown[0]}=agent"
            fix += (
                f", e.g. --speaker {example!r}" if " " in example else f", e.g. --speaker {example}"
            )
        return fix


def require_agent(
    roles: Iterable[Role], seen: SeenLabels, *, path: str, where: str = "", channels: bool = False
) -> None:
    """Raise InputError unless some turn is the agent's: a call without an agent is misread
    (an unrecognised label), never a clean call. ``where`` names the call in a multi-call file."""
    if Role.AGENT in roles:
        return
    raise InputError(
        f"{where}no agent turn found{seen.listing()}; {seen.fix(channels=channels)}", path=path
    )


def parse_role(value: str) -> Role | None:
    """A role named by a user: ``agent``/``customer``/``unknown`` or any known label (客服…)."""
    key = label_key(value)
    if key in _ROLE_WORDS:
        return _ROLE_WORDS[key]
    return _default_table().role_of(value)


@lru_cache(maxsize=1)
def _default_table() -> SpeakerTable:
    return SpeakerTable()
