"""Points and grades: 100 minus deductions, never below 0; a veto fails the call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scriptcheck.model import Finding, Outcome


def allocate(spec: Any, findings: Sequence[Finding]) -> list[float]:
    """What each finding of a violated rule costs; the costs add up to the rule's deduction.

    A rule deducts once, per occurrence, or escalating (1×, 2×, 3×… its points for the 1st,
    2nd, 3rd occurrence), limited by its ``cap``. A ``once`` rule charges its first finding (the heaviest phrase's points), the
    others cost nothing; per-occurrence and escalating charges stop at the ``cap``.

    ``Finding.points`` on input is the finding's own weight (a phrase may weigh more than its
    rule); the engine stores the allocated cost back on each finding.
    """
    if not findings:
        return []
    if spec.deduct == "once":
        weights = [float(max([spec.points, *(f.points for f in findings)]))] + [0.0] * (
            len(findings) - 1
        )
    elif spec.deduct == "per-occurrence":
        weights = [float(f.points) for f in findings]
    else:
        weights = [float(f.points) * (i + 1) for i, f in enumerate(findings)]
    if spec.cap is None:
        return weights
    costs, left = [], float(spec.cap)
    for weight in weights:
        cost = min(weight, left)
        costs.append(cost)
        left -= cost
    return costs


def grade_for(score: float, bands: Sequence[tuple[str, float]], vetoed: bool = False) -> str:
    """The band whose floor the score reaches (bands sorted highest first); a vetoed call gets
    the lowest band whatever its score."""
    if vetoed:
        return bands[-1][0]
    for name, floor in bands:
        if score >= floor:
            return name
    return bands[-1][0]


@dataclass(frozen=True)
class CallScore:
    """A call's ``score`` (100 minus its outcomes' deductions, at least 0), ``grade`` and
    whether a veto failed it: the scoring fields of a :class:`~scriptcheck.model.Result`."""

    score: float
    grade: str
    vetoed: bool


def score_call(outcomes: Sequence[Outcome], bands: Sequence[tuple[str, float]]) -> CallScore:
    """Score a call from its rule outcomes: the one place a result's score is computed (a
    fresh check, and a result some of whose rules were dropped afterwards).

    >>> from scriptcheck.model import Severity, Status
    >>> rude = Outcome("x", "", Severity.ERROR, Status.VIOLATED, deducted=30.0)
    >>> score_call([rude], [("合格", 60.0), ("不合格", 0.0)])
    CallScore(score=70.0, grade='合格', vetoed=False)
    """
    vetoed = any(o.veto for o in outcomes)
    score = max(0.0, 100.0 - sum(o.deducted for o in outcomes))
    return CallScore(score=score, grade=grade_for(score, bands, vetoed), vetoed=vetoed)
