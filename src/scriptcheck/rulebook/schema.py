"""The rulebook schema: what a YAML rulebook may say, checked by pydantic.

Every model forbids unknown keys, so a typo (``sevrity:``) is an error with its line and
column, not a silently ignored field. ``docs/rulebook.md`` documents the same schema for
rule authors; keep the two in step.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from scriptcheck.rulebook.values import (
    HONOURED_BY,
    grade_band_problems,
    not_honoured,
    phrase_text,
    points_problem,
)

RULE_KINDS = (
    "require",
    "forbid",
    "pattern",
    "respond",
    "restate",
    "disclose",
    "count",
    "timing",
    "hangup",
    "all",
    "any",
    "not",
    "when",
)

RoleName = Literal["agent", "customer", "any"]

#: points a rule deducts when it gives none, by severity (docs/rulebook.md says the same)
DEFAULT_POINTS = {"error": 10.0, "warning": 5.0, "info": 0.0}


def _points(value: float | None, info: ValidationInfo) -> float | None:
    """Points and caps are finite, from 0 to 100 (``.inf``, ``1e999`` and NaN are not)."""
    return points_problem(info.field_name or "points", value)


def _compiles(pattern: str | None) -> str | None:
    """A regex must compile with RE2 when the rulebook is loaded, so that the error points
    at the ``regex:`` line."""
    if pattern is not None:
        from scriptcheck.matchers.base import compile_regex  # the matchers import this module

        compile_regex(pattern)
    return pattern


#: a phrase's text; a YAML number of digits is taken as written (96116, 0571)
Text = Annotated[str, BeforeValidator(phrase_text)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhraseItem(Strict):
    """A phrase with its variants and, for ``forbid``, its own suggestion and weight."""

    phrase: Text
    variants: tuple[Text, ...] = ()
    instead: str | None = None
    veto: bool = False
    points: float | None = None

    _points_bounded = field_validator("points")(_points)

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.phrase, *self.variants)


Phrase = Text | PhraseItem


class Scope(Strict):
    """Which turns a rule looks at.

    ``turns``: ``all``; ``first``/``last`` (the first/last ``n`` turns of ``role``, not
    counting backchannels like 嗯/好的); ``after`` (turns after the trigger of a ``when`` or
    ``respond``); ``between`` (from the first turn containing ``start`` to the next one
    containing ``end``).
    """

    role: RoleName = "agent"
    turns: Literal["all", "first", "last", "after", "between"] = "all"
    n: int = Field(default=1, ge=1)
    start: tuple[Text, ...] = ()
    end: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _between_needs_markers(self) -> Scope:
        if self.turns == "between" and not self.start:
            raise ValueError("scope 'between' needs 'start' phrases")
        return self


class Trigger(Strict):
    """What starts a ``respond`` or ``when``: a phrase or regex in a turn of ``role``, an
    event, the silence of a role (``silent: customer``: nothing but backchannels from the
    customer) or its speech (``speaks: customer``: the customer says something real)."""

    role: RoleName = "customer"
    any: tuple[Phrase, ...] = ()
    regex: str | None = None
    event: Literal["hangup", "ring", "hold_start", "hold_end", "transfer", "silence"] | None = None
    silent: RoleName | None = None
    speaks: RoleName | None = None
    unless: tuple[Text, ...] = ()
    min_chars: int = Field(default=0, ge=0)  # a trigger turn must be at least this long

    _regex_compiles = field_validator("regex")(_compiles)

    @model_validator(mode="after")
    def _one_source(self) -> Trigger:
        given = [self.any, self.regex, self.event, self.silent, self.speaks]
        if sum(bool(g) for g in given) != 1:
            raise ValueError("a trigger needs exactly one of: any, regex, event, silent, speaks")
        return self


class Examples(Strict):
    passing: tuple[str, ...] = Field(default=(), alias="pass")
    failing: tuple[str, ...] = Field(default=(), alias="fail")
    not_applicable: tuple[str, ...] = Field(default=(), alias="na")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class RuleBase(Strict):
    """Fields every rule kind takes. Sub-rules inside combinators need no id or title.
    ``fuzzy``, ``negation``, ``unless`` and ``exclude`` only on the kinds in
    :data:`HONOURED_BY`."""

    id: str | None = None
    title: str | None = None
    description: str = ""
    message: str | None = None
    source: str = ""
    severity: Literal["error", "warning", "info"] = "warning"
    points: float = 0
    veto: bool = False
    tags: tuple[str, ...] = ()
    instead: str | None = None
    deduct: Literal["once", "per-occurrence", "escalating"] = "once"
    cap: float | None = None
    enabled: bool = True
    scope: Scope = Scope()
    unless: tuple[Text, ...] = ()
    exclude: tuple[Text, ...] = ()
    negation: bool | None = None
    fuzzy: bool = False
    template: Literal["check", "skip"] = (
        "check"  # "skip": needs a real call (not applicable to templates)
    )
    examples: Examples = Examples()

    _points_bounded = field_validator("points", "cap")(_points)

    @field_validator("fuzzy", "negation", "unless", "exclude")
    @classmethod
    def _honoured(cls, value: Any, info: ValidationInfo) -> Any:
        """A common field the kind's matcher never reads is an error, not a silent no-op
        (``fuzzy: false``, ``unless: []`` say what every kind does, and pass)."""
        field = info.field_name or ""
        given = value is not None if field == "negation" else bool(value)
        kind_field = cls.model_fields.get("kind")
        kind = get_args(kind_field.annotation)[0] if kind_field is not None else None
        if given and kind is not None and kind not in HONOURED_BY[field]:
            raise ValueError(not_honoured(field, kind))
        return value


class RequireRule(RuleBase):
    kind: Literal["require"]
    any: tuple[Phrase, ...] = ()
    all: tuple[Phrase | tuple[Phrase, ...], ...] = ()

    @model_validator(mode="after")
    def _needs_phrases(self) -> RequireRule:
        if not self.any and not self.all:
            raise ValueError("'require' needs 'any' or 'all' phrases")
        return self


class ForbidRule(RuleBase):
    kind: Literal["forbid"]
    phrases: tuple[Phrase, ...] = Field(min_length=1)


class PatternRule(RuleBase):
    kind: Literal["pattern"]
    regex: str
    mode: Literal["forbid", "require"] = "forbid"
    on: Literal["normalized", "original"] = "normalized"
    # require mode: what the finding names as not said (未说: 什么时候开始的)
    missing: str | None = None

    _regex_compiles = field_validator("regex")(_compiles)


class RespondRule(RuleBase):
    kind: Literal["respond"]
    trigger: Trigger
    expect: tuple[Phrase, ...] = Field(min_length=1)
    expect_role: RoleName = "agent"
    within: int | Literal["end"] = 1
    before: bool = False  # the answer must come *before* the trigger (e.g. ask leave before a hold)
    # each distinct trigger phrase is checked only at its first use (a term explained once need
    # not be explained again)
    once_per_phrase: bool = False
    # the trigger's own turn may hold the answer (a check at the end of the agent's own long
    # explanation: ……我这样解释,您是否清楚?)
    same_turn: bool = False
    # a trigger said again after an earlier one was answered counts as answered (a customer
    # who goes on complaining after the apology needs no second one)
    carry_over: bool = False
    # in the trigger's own turn only an answer after the trigger counts (感谢您的耐心等待,…请您
    # 稍等好吗? thanks no wait yet)
    answer_after: bool = False


class RestateRule(RuleBase):
    kind: Literal["restate"]
    entity: Literal["phone", "time", "place"]
    source_role: RoleName = "customer"
    # phrases by which the source takes a value back (不对 / 说错了): a value followed by one
    # (in the same turn, or at the start of the source's next turn) is replaced by what follows
    retract: tuple[Text, ...] = ()
    # ``unless`` phrases that speak only of a value before them, never of the next one: in
    # 三点我要接孩子,四点半以后都行 the 接孩子 rules out 三点, while 如果 (in ``unless``) supposes
    # the value after it
    unless_back: tuple[Text, ...] = ()


class DiscloseRule(RuleBase):
    """Violated when a turn in scope says an entity (a phone number) that no earlier turn of
    ``source_role`` gave, and that is not in ``allowed`` (the hotline's own numbers)."""

    kind: Literal["disclose"]
    entity: Literal["phone", "place"] = "phone"
    source_role: RoleName = "customer"
    allowed: tuple[Text, ...] = ()


class CountRule(RuleBase):
    """Violated when the phrases occur more than ``max`` or fewer than ``min`` times."""

    kind: Literal["count"]
    phrases: tuple[Phrase, ...] = Field(min_length=1)
    max: int | None = Field(default=None, ge=0)
    min: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _default_max(self) -> CountRule:
        if self.max is None and self.min is None:
            object.__setattr__(self, "max", 0)
        return self


class TimingRule(RuleBase):
    kind: Literal["timing"]
    metric: Literal["rings", "answer_delay", "speech_rate", "overlap", "dead_air", "call_length"]
    max: float | None = Field(default=None, allow_inf_nan=False)
    min: float | None = Field(default=None, allow_inf_nan=False)
    min_chars: int = Field(default=15, ge=1)  # speech_rate: only turns at least this long
    excuse: tuple[
        Text, ...
    ] = ()  # phrases that excuse a breach (久等 after late answer; 请稍等 before a silence)

    @model_validator(mode="after")
    def _needs_bound(self) -> TimingRule:
        if self.max is None and self.min is None:
            needs = "'max'" if self.metric in MAX_ONLY else "'max' or 'min'"
            raise ValueError(f"'timing' needs {needs}")
        if self.min is not None and self.metric in MAX_ONLY:
            raise ValueError(
                f"metric '{self.metric}' takes only 'max' ({MAX_ONLY[self.metric]}); remove 'min'"
            )
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"'min' {self.min:g} is above 'max' {self.max:g}; swap them")
        return self


#: timing metrics where only an upper bound makes sense, and what that bound is
MAX_ONLY = {
    "rings": "the most rings before answering",
    "answer_delay": "the longest wait in seconds before answering",
    "overlap": "the longest the agent may talk over the customer, in seconds",
    "dead_air": "the longest silence in seconds",
}


class HangupRule(RuleBase):
    kind: Literal["hangup"]
    first: Literal["customer", "agent"] = "customer"
    exception: tuple[Text, ...] = ()


class AllRule(RuleBase):
    kind: Literal["all"]
    rules: tuple[SubRule, ...] = Field(min_length=1)


class AnyRule(RuleBase):
    kind: Literal["any"]
    rules: tuple[SubRule, ...] = Field(min_length=1)


class NotRule(RuleBase):
    kind: Literal["not"]
    rule: SubRule


class WhenRule(RuleBase):
    kind: Literal["when"]
    trigger: Trigger
    then: SubRule


SubRule = Annotated[
    RequireRule
    | ForbidRule
    | PatternRule
    | RespondRule
    | RestateRule
    | DiscloseRule
    | CountRule
    | TimingRule
    | HangupRule
    | AllRule
    | AnyRule
    | NotRule
    | WhenRule,
    Field(discriminator="kind"),
]

for _model in (AllRule, AnyRule, NotRule, WhenRule):
    _model.model_rebuild()


class Settings(Strict):
    grades: dict[str, float] = Field(
        default_factory=lambda: {"优秀": 90.0, "良好": 80.0, "合格": 60.0, "不合格": 0.0}
    )
    backchannels: tuple[Text, ...] = (
        "嗯",
        "嗯嗯",
        "好",
        "好的",
        "对",
        "对对",
        "是",
        "是的",
        "啊",
        "哦",
        "噢",
        "行",
        "可以",
        "明白",
        "知道了",
        "喂",
    )
    speaker_aliases: dict[str, Literal["agent", "customer"]] = Field(default_factory=dict)
    negations: tuple[Text, ...] = (
        "没有说",
        "没说",
        "不是说",
        "不能说",
        "不要说",
        "不会说",
        "别说",
        "不可以说",
    )

    @field_validator("grades")
    @classmethod
    def _grades_are_bands(cls, grades: dict[str, float]) -> dict[str, float]:
        """Every score falls in exactly one band (see :func:`grade_band_problems`)."""
        problems = grade_band_problems(grades)
        if problems:
            raise ValueError(
                f"grades: {'; '.join(problems)}; give each band its own lowest score from 0 to "
                "100, the lowest one 0 (e.g. {优秀: 90, 良好: 80, 合格: 60, 不合格: 0})"
            )
        return grades


class RulebookFile(Strict):
    """One YAML file. ``extends`` names packs or paths it builds on; ``overrides`` change
    fields of inherited rules; ``disable`` switches rules off by id, id prefix or tag."""

    pack: str | None = None
    title: str | None = None
    description: str = ""
    extends: tuple[str, ...] = ()
    settings: dict[str, Any] = Field(default_factory=dict)
    phrases: dict[str, tuple[Text, ...]] = Field(default_factory=dict)
    overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)
    disable: tuple[str, ...] = ()
    rules: tuple[dict[str, Any], ...] = ()

    @field_validator("extends", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value
