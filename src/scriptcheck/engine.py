"""Compile a rulebook once; check any number of transcripts against it.

>>> book = compile_rulebook(load_rulebook("core"))      # doctest: +SKIP
>>> result = check(read_file("call.txt")[0], book)      # doctest: +SKIP
>>> result.score, result.grade                          # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from scriptcheck import segment
from scriptcheck.call import Call
from scriptcheck.errors import RulebookError, rule_error_reason
from scriptcheck.matchers import MATCHERS
from scriptcheck.matchers.base import Evidence, Matcher, Verdict, compile_regex
from scriptcheck.model import Finding, Outcome, Result, Role, Severity, Status, Transcript, Turn
from scriptcheck.normalize import normalize_phrase
from scriptcheck.phrases import PhraseSet, PhraseTable
from scriptcheck.rulebook.loader import Rulebook, cached_rulebook
from scriptcheck.scoring import allocate, score_call
from scriptcheck.suppress import Suppressor
from scriptcheck.template import (
    fill_placeholders,
    placeholder_notes,
    real_call_only,
    scenario_notes,
)

_PLAIN_OUTCOMES_KEPT = 20_000


class Compiler:
    """Builds matchers for a rulebook, sharing one phrase table among them."""

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self.table = PhraseTable(named=dict(rulebook.phrases))
        self.marker_sets: dict[tuple[str, ...], PhraseSet] = {}

    def phrases(self, items: Iterable[Any], where: str) -> PhraseSet:
        return self.table.compile(items, where)

    def regex(self, pattern: str, where: str) -> Any:
        try:
            return compile_regex(pattern)
        except ValueError as exc:
            raise RulebookError(f"{where}: {exc}") from None

    def matcher(self, spec: Any, where: str) -> Matcher:
        for markers in (spec.scope.start, spec.scope.end):
            if markers and markers not in self.marker_sets:
                self.marker_sets[markers] = self.phrases(markers, where)
        return MATCHERS[spec.kind](spec, self, where)  # type: ignore[no-any-return]


@dataclass
class CompiledRulebook:
    rulebook: Rulebook
    rules: list[tuple[Any, Matcher]]
    phrases: PhraseTable
    negations: PhraseSet
    marker_sets: dict[tuple[str, ...], PhraseSet]
    backchannels: frozenset[str]
    #: word boundaries, with this rulebook's phrases (and no other rulebook's) as user words
    segmenter: segment.Segmenter
    grades: list[tuple[str, float]] = field(default_factory=list)
    _plain: dict[tuple[int, Status, str | None], Outcome] = field(default_factory=dict)

    def plain_outcome(self, index: int, verdict: Verdict) -> Outcome:
        """The outcome of rule ``index`` when it passed or did not apply. It has no findings,
        so one (immutable) object serves every call that ends the same way, with the same
        reason; most rules end like that on most calls."""
        key = (index, verdict.status, verdict.reason)
        outcome = self._plain.get(key)
        if outcome is None:
            outcome = _outcome(self.rules[index][0], verdict, [])
            if len(self._plain) < _PLAIN_OUTCOMES_KEPT:  # reasons quoting the call vary
                self._plain[key] = outcome
        return outcome

    def is_backchannel(self, norm_text: str) -> bool:
        """A turn that is only 嗯 / 好的 / 对 … (or nothing at all once punctuation is gone)."""
        if not norm_text or norm_text in self.backchannels:
            return True
        if len(norm_text) > 6:
            return False
        rest = norm_text
        while rest:
            for word in self.backchannels_longest_first:
                if rest.startswith(word):
                    rest = rest[len(word) :]
                    break
            else:
                return False
        return True

    @cached_property
    def rule_tags(self) -> dict[str, tuple[str, ...]]:
        """rule id -> its tags, for suppressions that name a tag (``disable=开场``)."""
        return {spec.id: tuple(spec.tags) for spec, _ in self.rules}

    @cached_property
    def backchannels_longest_first(self) -> list[str]:
        return sorted(self.backchannels, key=len, reverse=True)


def compile_rulebook(
    rulebook: Rulebook | CompiledRulebook | str | os.PathLike[str],
) -> CompiledRulebook:
    """Compile once: phrase automaton, regexes, matchers, jieba user words. Cached on the
    rulebook, so calling it again (or calling :func:`check` a thousand times) is free.
    ``rulebook`` may also be a pack name or a rulebook path, as for :func:`check`."""
    if isinstance(rulebook, (str, os.PathLike)):
        rulebook = cached_rulebook(rulebook)
    if isinstance(rulebook, CompiledRulebook):
        return rulebook
    if rulebook._compiled is not None:
        return rulebook._compiled  # type: ignore[no-any-return]
    compiler = Compiler(rulebook)
    rules = []
    for spec in rulebook.rules:
        try:
            rules.append((spec, compiler.matcher(spec, f"rule '{spec.id}'")))
        except RulebookError as exc:
            path, line = rulebook.origins.get(spec.id, (None, None))
            raise RulebookError(exc.message, path=path, line=line) from None
    negations = compiler.phrases(rulebook.settings.negations, "settings.negations")
    compiler.table.build()
    backchannels = frozenset(normalize_phrase(b) for b in rulebook.settings.backchannels)
    grades = sorted(rulebook.settings.grades.items(), key=lambda g: -g[1])
    compiled = CompiledRulebook(
        rulebook,
        rules,
        compiler.table,
        negations,
        compiler.marker_sets,
        backchannels - {""},
        segment.Segmenter(compiler.table.words()),
        grades,
    )
    object.__setattr__(rulebook, "_compiled", compiled)  # a cache on a frozen dataclass
    return compiled


def check(
    transcript: Transcript,
    rulebook: Rulebook | CompiledRulebook | str | os.PathLike[str],
    *,
    template: bool = False,
) -> Result:
    """Check one call against a rulebook and return its scored, explained result.

    ``rulebook`` may also be a pack name or a rulebook path (loaded and compiled once per
    process); anything else, or a ``transcript`` that is not a Transcript, is a TypeError."""
    if not isinstance(transcript, Transcript):
        raise TypeError(
            f"check() takes a Transcript, got {_type_name(transcript)}; read one with "
            "scriptcheck.load_transcript(path) or scriptcheck.read_text(text)"
        )
    _check_shape(transcript)
    pack = None
    if isinstance(rulebook, (str, os.PathLike)):
        pack = os.fspath(rulebook)  # what the JSON's "pack" names, as the CLI does
        rulebook = cached_rulebook(rulebook)
    elif not isinstance(rulebook, (Rulebook, CompiledRulebook)):
        raise TypeError(
            f"check() takes a rulebook, got {_type_name(rulebook)}; pass a pack name "
            "('core'), a rulebook path, or scriptcheck.load_rulebook(...)"
        )
    book = compile_rulebook(rulebook)
    texts = [fill_placeholders(t.text) if template else t.text for t in transcript.turns]
    call = Call(transcript, book, texts, template)
    suppressor = Suppressor(transcript, book.rule_tags)
    outcomes: list[Outcome] = []
    suppressed: list[Finding] = []
    notes: list[str] = list(transcript.notes)  # what the reader guessed at comes first
    if template:
        notes.extend(placeholder_notes(transcript.turns))  # {单位名称 never closed…
        notes.extend(scenario_notes(transcript.metadata))
    for index, (spec, matcher) in enumerate(book.rules):
        verdict = _evaluate(spec, matcher, call, template, notes)
        if not verdict.evidence and verdict.status is not Status.VIOLATED:
            outcomes.append(book.plain_outcome(index, verdict))
            continue
        kept: list[tuple[Evidence, Finding]] = []
        for evidence in verdict.evidence:
            finding = _finding(spec, call, evidence)
            if suppressor.suppresses(finding):
                suppressed.append(finding)
            else:
                kept.append((evidence, finding))
        if verdict.status is Status.VIOLATED and not kept:
            verdict = Verdict.passed("已被 '# scriptcheck: disable' 注释屏蔽")
        outcomes.append(_outcome(spec, verdict, kept))
    notes.extend(suppressor.unused())
    scored = score_call(outcomes, book.grades)
    return Result(
        transcript=transcript,
        outcomes=tuple(outcomes),
        score=scored.score,
        grade=scored.grade,
        vetoed=scored.vetoed,
        suppressed=tuple(suppressed),
        notes=tuple(notes),
        pack=pack or book.rulebook.name,
    )


def _check_shape(transcript: Transcript) -> None:
    """Refuse a hand-built Transcript that no reader would give, rather than score it wrongly:
    turns must be Turns with a Role and str text, numbered 0, 1, 2… in order, and events must
    sit between them."""
    turns = transcript.turns
    if not turns:
        raise ValueError(f"{transcript.path}: the call has no turns; there is nothing to check")
    for position, turn in enumerate(turns):
        if not isinstance(turn, Turn):
            raise TypeError(
                f"{transcript.path}: turns[{position}] is {_type_name(turn)}, not a Turn"
            )
        if not isinstance(turn.role, Role):
            raise TypeError(
                f"{transcript.path}: turns[{position}].role is {turn.role!r}; use Role.AGENT, "
                "Role.CUSTOMER or Role.UNKNOWN"
            )
        if not isinstance(turn.text, str):
            raise TypeError(
                f"{transcript.path}: turns[{position}].text is {_type_name(turn.text)}, not str"
            )
        if turn.index != position:
            raise ValueError(
                f"{transcript.path}: turns[{position}].index is {turn.index}; number the turns "
                "0, 1, 2… in order"
            )
    for number, event in enumerate(transcript.events):
        if not 0 <= event.position <= len(turns):
            raise ValueError(
                f"{transcript.path}: events[{number}].position is {event.position}; it counts "
                f"the turns before the event, so 0 to {len(turns)}"
            )


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _evaluate(spec: Any, matcher: Matcher, call: Call, template: bool, notes: list[str]) -> Verdict:
    real_call_reason = real_call_only(spec, call.silent_script) if template else None
    if real_call_reason is not None:  # timing, hang-up order, a silent customer…
        return Verdict.na(real_call_reason)
    try:
        return matcher.evaluate(call)
    except Exception as exc:  # one broken rule must not sink the batch, nor pass unseen
        reason = rule_error_reason(exc)
        notes.append(f"规则 {spec.id}: {reason}")
        return Verdict.na(reason)


def _finding(spec: Any, call: Call, evidence: Evidence) -> Finding:
    turn = call.turns[evidence.turn] if evidence.turn is not None else None
    message = spec.message or spec.title
    for extra in (evidence.detail, evidence.fuzzy):
        if extra:
            message += f"({extra})"
    return Finding(
        rule_id=spec.id,
        severity=Severity(spec.severity),
        title=spec.title,
        message=message,
        turn=evidence.turn,
        span=evidence.span,
        quote=evidence.quote,
        suggestion=evidence.suggestion or spec.instead,
        fuzzy=bool(evidence.fuzzy),
        line=turn.line if turn is not None else None,
        time=turn.start if turn is not None else None,
        points=evidence.points if evidence.points is not None else spec.points,
    )


def _outcome(spec: Any, verdict: Verdict, kept: list[tuple[Evidence, Finding]]) -> Outcome:
    violated = verdict.status is Status.VIOLATED
    vetoed = violated and (spec.veto or any(e.veto for e, _ in kept))
    weighed = [f for _, f in kept]
    costs = allocate(spec, weighed) if violated else [0.0] * len(weighed)
    findings = tuple(replace(f, points=cost) for f, cost in zip(weighed, costs, strict=False))
    return Outcome(
        rule_id=spec.id,
        title=spec.title,
        severity=Severity(spec.severity),
        status=verdict.status,
        findings=findings,
        deducted=sum(costs),
        veto=vetoed,
        reason=verdict.reason,
        tags=tuple(spec.tags),
    )
