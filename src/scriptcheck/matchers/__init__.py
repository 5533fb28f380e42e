"""One matcher per rule kind, registered here explicitly (no discovery magic).

A matcher is built once per rulebook from its rule spec and a :class:`~scriptcheck.engine.Compiler`
and then evaluates any number of calls: ``evaluate(call, anchor) -> Verdict``.
"""

from __future__ import annotations

from scriptcheck.matchers.count import CountMatcher
from scriptcheck.matchers.disclose import DiscloseMatcher
from scriptcheck.matchers.forbid import ForbidMatcher
from scriptcheck.matchers.hangup import HangupMatcher
from scriptcheck.matchers.logic import AllMatcher, AnyMatcher, NotMatcher, WhenMatcher
from scriptcheck.matchers.pattern import PatternMatcher
from scriptcheck.matchers.require import RequireMatcher
from scriptcheck.matchers.respond import RespondMatcher
from scriptcheck.matchers.restate import RestateMatcher
from scriptcheck.matchers.timing import TimingMatcher

MATCHERS: dict[str, type] = {
    "require": RequireMatcher,
    "forbid": ForbidMatcher,
    "pattern": PatternMatcher,
    "respond": RespondMatcher,
    "restate": RestateMatcher,
    "disclose": DiscloseMatcher,
    "count": CountMatcher,
    "timing": TimingMatcher,
    "hangup": HangupMatcher,
    "all": AllMatcher,
    "any": AnyMatcher,
    "not": NotMatcher,
    "when": WhenMatcher,
}
