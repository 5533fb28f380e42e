"""Points and grades: 100 minus deductions, never below 0; a veto fails the call."""

from __future__ import annotations

from typing import Any, Sequence

from scriptcheck.model import Finding


def deduction(spec: Any, findings: Sequence[Finding]) -> float:
    """Points a violated rule takes: once, per occurrence, or escalating (1×, 2×, 3×… the
    rule's points for the 1st, 2nd, 3rd occurrence), limited by the rule's ``cap``."""
    if spec.deduct == "once" or not findings:
        points = max([spec.points, *(f.points for f in findings)]) if findings else spec.points
    elif spec.deduct == "per-occurrence":
        points = sum(f.points for f in findings)
    else:
        points = sum(f.points * (i + 1) for i, f in enumerate(findings))
    return float(min(points, spec.cap) if spec.cap is not None else points)


def grade_for(score: float, bands: Sequence[tuple[str, float]], vetoed: bool = False) -> str:
    """The band whose floor the score reaches (bands sorted highest first); a vetoed call gets
    the lowest band whatever its score."""
    if vetoed:
        return bands[-1][0]
    for name, floor in bands:
        if score >= floor:
            return name
    return bands[-1][0]
