"""Rule selectors: how ``--select``/``--ignore``, ``per-path-ignores``, a rulebook's ``disable:``
and inline ``# scriptcheck: disable=`` name rules. One definition, used by all of them.

A selector names a rule by its id (``open.greeting``), an id prefix with or without the dot
(``open.`` or ``open``, also ``courtesy.thanks`` for ``courtesy.thanks.reply``), or a tag
(``开场``, also written in Traditional characters: ``開場``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scriptcheck.errors import did_you_mean
from scriptcheck.normalize import to_simplified

#: a rule as selectors see it: its id and its tags
RuleKey = tuple[str, Iterable[str]]


def rule_matches(rule_id: str, tags: Iterable[str], selector: str) -> bool:
    """Whether ``selector`` (rule id, id prefix ``open.`` or ``open``, or tag, a tag also in
    Traditional characters) names the rule with this id and these tags."""
    if not selector:
        return False
    if rule_id == selector:
        return True
    prefix = selector if selector.endswith(".") else selector + "."
    if rule_id.startswith(prefix):
        return True
    tags = tuple(tags)
    if selector in tags:
        return True
    return not selector.isascii() and to_simplified(selector) in tags  # 開場 names 开场


def matches_any(rule_id: str, tags: Iterable[str], selectors: Iterable[str]) -> bool:
    """Whether any of ``selectors`` names the rule."""
    tags = tuple(tags)
    return any(rule_matches(rule_id, tags, s) for s in selectors)


def names_a_rule(selector: str, rules: Iterable[RuleKey]) -> bool:
    """Whether ``selector`` names at least one of ``rules`` ((id, tags) pairs)."""
    return any(rule_matches(rule_id, tags, selector) for rule_id, tags in rules)


def selector_names(rules: Iterable[RuleKey]) -> list[str]:
    """Every name a selector may use for ``rules``: ids, id prefixes and tags (for hints)."""
    names: dict[str, None] = {}
    for rule_id, tags in rules:
        names[rule_id] = None
        parts = rule_id.split(".")
        for end in range(1, len(parts)):
            names[".".join(parts[:end])] = None
        names.update(dict.fromkeys(tags))
    return list(names)


def disabled_by(selector: str, disabled: Mapping[str, str]) -> str | None:
    """Where the rules a selector names were disabled (``restate.place by my.yaml:2 (disable:
    restate.place)``), or None when it names no disabled rule (by id or id prefix)."""
    off = [rule_id for rule_id in disabled if rule_matches(rule_id, (), selector)]
    if not off:
        return None
    more = f" and {len(off) - 1} more" if len(off) > 1 else ""
    return f"{off[0]}{more} by {disabled[off[0]]}"


def unknown_hint(
    selector: str, rules: Iterable[RuleKey], disabled: Mapping[str, str] | None = None
) -> str:
    """What to add after "'X' names no rule": that the rules it names are disabled (and
    where), or the nearest name it may have meant (`` (did you mean 'open.greeting'?)``)."""
    where = disabled_by(selector, disabled or {})
    if where is not None:
        return f" (disabled: {where})"
    return did_you_mean(selector, selector_names(rules))


__all__ = [
    "RuleKey",
    "disabled_by",
    "matches_any",
    "names_a_rule",
    "rule_matches",
    "selector_names",
    "unknown_hint",
]
