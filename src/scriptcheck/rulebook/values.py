"""Checks on values a rulebook gives that the type alone cannot make: phrase text written as
a YAML number, grade bands, and the common rule fields only some kinds honour. The schema
(:mod:`scriptcheck.rulebook.schema`) calls these from its validators."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from scriptcheck.rulebook.yamlsource import YamlFloat, YamlInt

#: the rule kinds whose matchers read each of these common fields; any other kind would
#: silently ignore it, so the schema rejects it there (docs/rulebook.md says the same)
HONOURED_BY: dict[str, tuple[str, ...]] = {
    "fuzzy": ("require", "respond"),
    "negation": ("require", "forbid", "count"),
    "unless": ("require", "forbid", "count", "pattern", "disclose", "restate"),
    "exclude": ("require", "forbid", "count", "respond", "restate"),
}
_COMBINATORS = ("all", "any", "not", "when")


def phrase_text(value: Any) -> Any:
    """A phrase written as a bare YAML number (a hotline: ``[自来水公司, 96116]``) is its text,
    when that text is digits; any other number (``1.50``, ``1_000``, ``12:30``) would not
    match what was written, so it must be quoted."""
    if isinstance(value, YamlInt) and value.text.isdigit():
        return value.text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        written = value.text if isinstance(value, (YamlInt, YamlFloat)) else str(value)
        raise ValueError(
            f"unquoted {written} is a YAML number, not text; write it in quotes ('{written}') "
            "to use it as a phrase"
        )
    return value


#: the most points a rule can deduct: a call starts at 100
MAX_POINTS = 100.0


def points_problem(field: str, value: float | None) -> float | None:
    """``value`` of a points-like field (``points``, ``cap``) when it is a finite number from
    0 to :data:`MAX_POINTS`; a ValueError saying what to write otherwise."""
    if value is None or (math.isfinite(value) and 0 <= value <= MAX_POINTS):
        return value
    raise ValueError(
        f"{field} must be a number from 0 to {MAX_POINTS:g}, not {value:g} (a call starts at "
        f"{MAX_POINTS:g}; for a rule that fails the call whatever the score, add veto: true)"
    )


def not_honoured(field: str, kind: str) -> str:
    """Why ``field`` cannot be set on a rule of ``kind``, and what to do instead."""
    kinds = HONOURED_BY[field]
    supported = f"{', '.join(kinds[:-1])} and {kinds[-1]}" if len(kinds) > 1 else kinds[0]
    if kind in _COMBINATORS:
        todo = "set it on the sub-rules that take it instead"
    elif field == "fuzzy" and kind in ("forbid", "count"):
        todo = "list the misheard forms as variants ({phrase: 不归我管, variants: [部贵我管]})"
    elif field == "unless" and kind == "timing":
        todo = "a timing rule takes excuse: [phrases] for a breach explained by what was said"
    elif field == "unless" and kind == "respond":
        todo = "give the trigger its own unless (trigger: {any: [...], unless: [...]})"
    else:
        todo = f"remove it (a {kind} rule would ignore it)"
    return f"{field} is supported by {supported} only; {todo}"


def grade_band_problems(grades: Mapping[str, float]) -> list[str]:
    """What is wrong with grade bands (name: lowest score): a floor outside 0–100, two bands
    with one floor, no band with floor 0 (a low score would then fall in no band)."""
    problems = [
        f"'{name}' has floor {floor:g}, outside 0–100"
        for name, floor in grades.items()
        if not 0 <= floor <= 100
    ]
    by_floor: dict[float, list[str]] = {}
    for name, floor in grades.items():
        by_floor.setdefault(floor, []).append(name)
    problems += [
        f"{' and '.join(repr(n) for n in names)} share floor {floor:g}"
        for floor, names in by_floor.items()
        if len(names) > 1
    ]
    if 0 not in by_floor:
        problems.append("no band has floor 0, so a low score would fall in no band")
    return problems
