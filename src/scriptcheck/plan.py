"""What a run checks with: the :class:`RunPlan`, rule selection (``--select``/``--ignore``), the
pack a call's ``# hotline:`` header picks, and the rulebooks a plan names, loaded and compiled
before any call is read so that a rulebook error is the run's, reported once.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from scriptcheck.errors import ConfigError
from scriptcheck.model import Transcript
from scriptcheck.readers import ReadOptions
from scriptcheck.readers.speakers import label_key, strip_format
from scriptcheck.rulebook.loader import Rulebook, load_rulebook
from scriptcheck.rulebook.packs import DEFAULT_PACK, pack_names
from scriptcheck.rulebook.selectors import disabled_by, matches_any, names_a_rule, unknown_hint
from scriptcheck.rulebook.selectors import rule_matches as rule_matches  # re-exported

#: hotline headers that name a pack by its number rather than its name
HOTLINE_PACKS = {"95598": "power", "10000": "telecom"}


@dataclass(frozen=True)
class RunPlan:
    """Everything a worker needs to check a file; small and picklable.

    ``rules`` empty means: pick the pack per call from its ``# hotline:`` header (``hotlines``
    maps header values to packs), else the default pack. ``select``/``ignore`` take rule ids,
    id prefixes (``open.`` or ``open``) and tags; ``per_path_ignores`` maps path globs to
    selectors dropped (with their points) for matching files.
    """

    rules: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_path_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    read: ReadOptions = field(default_factory=ReadOptions)
    template: bool = False
    hotlines: Mapping[str, str] = field(default_factory=dict)
    root: str | None = None  # folder per-path-ignore globs are relative to


def select_rules(book: Rulebook, select: Sequence[str], ignore: Sequence[str]) -> Rulebook:
    """The rulebook restricted to ``select`` (all rules when empty) minus ``ignore``."""
    if not select and not ignore:
        return book
    kept = [
        r.id
        for r in book.rules
        if (not select or matches_any(r.id, r.tags, select))
        and not matches_any(r.id, r.tags, ignore)
    ]
    return book.subset(kept)


def unknown_selectors(books: Iterable[Rulebook], selectors: Iterable[str]) -> list[str]:
    """Selectors that name no rule in any of ``books`` (most likely typos)."""
    rules = [(r.id, r.tags) for book in books for r in book.rules]
    return [s for s in selectors if not names_a_rule(s, rules)]


def unknown_selectors_error(books: Iterable[Rulebook], unknown: Sequence[str]) -> ConfigError:
    """The error for ``--select``/``--ignore`` selectors that name no rule: for one that names
    rules the rulebook disables, which and where; for a typo, the nearest name."""
    books = list(books)
    disabled = {k: v for book in books for k, v in book.disabled.items()}
    for selector in unknown:
        where = disabled_by(selector, disabled)
        if where is not None:
            return ConfigError(
                f"--select/--ignore: {selector} names a rule the rulebook disables ({where}); "
                "drop it from --select/--ignore, or from the rulebook's disable:"
            )
    rules = [(r.id, r.tags) for book in books for r in book.rules]
    shown = ", ".join(f"{s}{unknown_hint(s, rules)}" for s in unknown)
    return ConfigError(
        f"--select/--ignore: {shown} names no rule; see `scriptcheck rules list` for ids and tags"
    )


@dataclass(frozen=True)
class PackChoice:
    """The pack a call is checked with, and a note when its hotline header named none."""

    pack: str
    note: str | None = None


def pack_for(transcript: Transcript, hotlines: Mapping[str, str]) -> str:
    """The pack a call's hotline header asks for (the default pack when it names none)."""
    return choose_pack(transcript, hotlines).pack


def choose_pack(transcript: Transcript, hotlines: Mapping[str, str]) -> PackChoice:
    """The pack a call's ``# hotline:`` header picks: a ``[hotlines]`` entry, a hotline number
    (95598 → power, 10000 → telecom) or a pack name; the default pack, with a note saying so
    and the nearest name, when the header names none (``powr``, ``电力``)."""
    hotline = strip_format(transcript.hotline or "").strip()
    if not hotline:
        return PackChoice(DEFAULT_PACK)
    wanted = hotlines.get(hotline) or HOTLINE_PACKS.get(hotline) or hotline.lower()
    if wanted in _shipped_packs() or wanted in hotlines.values():
        return PackChoice(wanted)
    hint = _nearest_pack(hotline, hotlines)
    did_you_mean = f" (did you mean {hint!r}?)" if hint else ""
    return PackChoice(
        DEFAULT_PACK,
        f"hotline {hotline!r} names no pack{did_you_mean}; checked with {DEFAULT_PACK}; "
        "map it in [hotlines] or pass --rules",
    )


# Words a hotline header may use for a shipped pack: only ever suggested, never applied.
_PACK_WORDS = {
    "电力": "power",
    "供电": "power",
    "国网": "power",
    "电网": "power",
    "电信": "telecom",
    "宽带": "telecom",
    "快递": "courier",
    "物流": "courier",
}


def _nearest_pack(hotline: str, hotlines: Mapping[str, str]) -> str | None:
    """The pack name, hotline number or ``[hotlines]`` key a mistyped header most likely
    meant (``powr`` → power, ``电力`` → power, ``955988`` → 95598), or None."""
    key = label_key(hotline)
    for word, pack in _PACK_WORDS.items():
        if word in key:
            return pack
    names = [*sorted(_shipped_packs()), *HOTLINE_PACKS, *hotlines]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    return close[0] if close else None


@functools.lru_cache(maxsize=1)
def _shipped_packs() -> frozenset[str]:
    return frozenset(pack_names())  # listing the package folder per call would cost 0.1 ms


def load_plan_rulebooks(plan: RunPlan) -> list[Rulebook]:
    """The rulebooks of :func:`load_rulebooks_by_key`, as a list (``--rules`` first)."""
    return list(load_rulebooks_by_key(plan).values())


def load_rulebooks_by_key(plan: RunPlan) -> dict[str, Rulebook]:
    """Load (and so validate) the rulebooks a plan names, before any file is read: book key
    (see :meth:`Checker.book_key`) -> rulebook with ``select``/``ignore`` applied. Pass the
    result to :func:`run` as ``rulebooks`` so nothing is loaded twice.

    Raises :class:`~scriptcheck.errors.RulebookError` for a bad rulebook and
    :class:`~scriptcheck.errors.ConfigError` for a selector that names no rule.
    """
    if plan.rules:
        books = {"+".join(plan.rules): load_rulebook(*plan.rules)}
    else:
        books = {
            p: load_rulebook(p) for p in dict.fromkeys([DEFAULT_PACK, *plan.hotlines.values()])
        }
    selectors = [*plan.select, *plan.ignore]
    unknown = unknown_selectors(books.values(), selectors)
    others: list[Rulebook] = []
    if unknown and not plan.rules:  # a selector may name a rule of a pack picked per call
        others = [load_rulebook(p) for p in pack_names() if p not in books]
        unknown = unknown_selectors(others, unknown)
    if unknown:
        raise unknown_selectors_error([*books.values(), *others], unknown)
    return {key: select_rules(book, plan.select, plan.ignore) for key, book in books.items()}


def compile_rulebooks(books: Mapping[str, Rulebook]) -> None:
    """Compile every rulebook of the user's (cached on each, so checking later costs nothing
    more). A shipped pack (key ``core``, ``power``…) is left to compile when a call first needs
    it: the test suite compiles every shipped pack, and a call with a ``# hotline:`` header
    should not pay for compiling the default pack it does not use (about 0.04 s of a
    one-file check's 0.6 s start).

    Raises :class:`~scriptcheck.errors.RulebookError` naming the rulebook file and line for
    a rule that cannot compile (e.g. a regex RE2 rejects): call it before reading any call.
    """
    from scriptcheck.engine import compile_rulebook

    for key, book in books.items():
        if key not in _shipped_packs():
            compile_rulebook(book)
