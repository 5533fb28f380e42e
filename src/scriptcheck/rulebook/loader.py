"""Load rulebooks: shipped packs by name or YAML files by path, with ``extends``,
``overrides`` and ``disable`` resolved (:mod:`~scriptcheck.rulebook.merge`), every rule
validated, every error located."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import TypeAdapter, ValidationError

from scriptcheck.errors import RulebookError, did_you_mean
from scriptcheck.rulebook.merge import MergedRulebook, merge_parsed, merge_source
from scriptcheck.rulebook.packs import DEFAULT_PACK, is_rulebook_path
from scriptcheck.rulebook.problems import located_errors, model_keys, raise_all
from scriptcheck.rulebook.rulefile import parse_text
from scriptcheck.rulebook.schema import (
    DEFAULT_POINTS,
    RULE_KINDS,
    Examples,
    PhraseItem,
    RuleBase,
    Scope,
    Settings,
    SubRule,
    Trigger,
)

_RULE_ADAPTER: TypeAdapter[Any] = TypeAdapter(SubRule)
_KIND_MODELS = {
    model.model_fields["kind"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in RuleBase.__subclasses__()
}
_DEEP_KEYS = model_keys(*_KIND_MODELS.values(), Scope, Trigger, Examples, PhraseItem)


@dataclass(frozen=True)
class Rulebook:
    """A resolved rulebook: settings, named phrase lists and validated rules, in order.

    Read-only, like the rules in it, because :func:`scriptcheck.check` compiles it once and
    keeps the compiled form on it; for a variant, use :meth:`subset` or
    ``dataclasses.replace``."""

    name: str
    sources: tuple[str, ...]
    settings: Settings
    phrases: Mapping[str, tuple[str, ...]]
    rules: tuple[Any, ...]
    origins: Mapping[str, tuple[str, int | None]] = field(default_factory=dict)
    #: ids of the rules that give no ``points`` and deduct their severity's default
    default_points: frozenset[str] = frozenset()
    #: rule id -> where it was disabled (``my.yaml:7 (disable: open)``): not in ``rules``
    disabled: Mapping[str, str] = field(default_factory=dict)
    #: (rule id, "pass"/"fail"/"na", number from 1) -> (file, line) of that example
    example_origins: Mapping[tuple[str, str, int], tuple[str, int | None]] = field(
        default_factory=dict
    )
    #: the compiled form, set by the engine on first use; never copied by ``replace``
    _compiled: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "phrases", MappingProxyType(dict(self.phrases)))
        object.__setattr__(self, "origins", MappingProxyType(dict(self.origins)))
        object.__setattr__(self, "disabled", MappingProxyType(dict(self.disabled)))
        object.__setattr__(self, "example_origins", MappingProxyType(dict(self.example_origins)))
        object.__setattr__(self, "rules", tuple(self.rules))

    def rule(self, rule_id: str) -> Any:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def subset(self, rule_ids: Iterable[str]) -> Rulebook:
        wanted = set(rule_ids)
        rules = tuple(r for r in self.rules if r.id in wanted)
        return Rulebook(
            self.name,
            self.sources,
            self.settings,
            self.phrases,
            rules,
            self.origins,
            self.default_points,
            self.disabled,
            self.example_origins,
        )


def load_rulebook(*sources: str | os.PathLike[str]) -> Rulebook:
    """Load packs (``"core"``, ``"power"``) and/or rulebook files, later ones on top of
    earlier ones, as if one file had extended them all. No source means the default pack."""
    names = [_source_name(s) for s in sources] or [DEFAULT_PACK]
    merged = MergedRulebook()
    for name in names:
        merge_source(name, merged, base_dir=Path.cwd(), stack=())
    shown = "+".join(Path(n).stem if is_rulebook_path(n) else n for n in names)
    return _finish(merged, shown, tuple(names))


def _source_name(source: object) -> str:
    """A source of :func:`load_rulebook` as a string; YAML text is sent where it belongs."""
    name = source if isinstance(source, str) else None
    if isinstance(source, os.PathLike):
        name = os.fspath(source)
    if not isinstance(name, str):
        raise TypeError(
            f"load_rulebook() takes pack names or rulebook paths, got {type(source).__name__}"
        )
    if "\n" in name:
        raise RulebookError(
            "load_rulebook() takes pack names or rulebook paths, and this looks like YAML "
            "text; use scriptcheck.rulebook_from_yaml(text)"
        )
    return name


def rulebook_from_yaml(text: str, name: str = "<string>") -> Rulebook:
    """A rulebook from YAML text, validated like a file; ``name`` names it in errors.
    ``extends:`` takes pack names, or paths relative to the working folder."""
    if not isinstance(text, str):
        raise TypeError(
            f"rulebook_from_yaml() needs YAML text (str), got {type(text).__name__}; "
            "for a file use scriptcheck.load_rulebook(path)"
        )
    merged = MergedRulebook()
    doc, book, errors = parse_text(text, name)
    merge_parsed(doc, book, errors, merged, Path.cwd(), ())
    return _finish(merged, name, (name,))


def cached_rulebook(source: str | os.PathLike[str]) -> Rulebook:
    """:func:`load_rulebook` of one pack name or rulebook path, loaded once per process (a
    file again when it changes), so that it is compiled once too."""
    name = os.fspath(source)
    if not is_rulebook_path(name):
        return _cached(name, None)
    path = Path(name).resolve()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return load_rulebook(name)  # raises the loader's own "not found" error
    return _cached(str(path), stamp)


@functools.lru_cache(maxsize=16)
def _cached(source: str, stamp: int | None) -> Rulebook:
    return load_rulebook(source)


def _finish(merged: MergedRulebook, name: str, sources: tuple[str, ...]) -> Rulebook:
    """Validate everything merged; raise every problem found, or return the rulebook."""
    settings = _settings(merged)
    phrases = merged.resolved_phrases()
    merged.check_disabled()
    rules, defaulted = [], set()
    disabled: dict[str, str] = {}
    for rule_id, raw in merged.rules.items():
        if "points" not in raw:
            defaulted.add(rule_id)
            raw = {**raw, "points": DEFAULT_POINTS.get(str(raw.get("severity")), 5.0)}
        # a disabled rule is validated too, like one with `enabled: false`: its text is still
        # in a rulebook file, which must stay valid for every rulebook that extends it
        rule = _validate(merged, rule_id, raw)
        where = merged.disabled_where(rule_id, raw)
        if where is not None:
            disabled[rule_id] = where
        elif rule is not None and rule.enabled:
            rules.append(rule)
        elif rule is not None:
            doc, loc = merged.place(rule_id, "enabled")
            disabled[rule_id] = f"{doc.path}:{doc.where((*loc, 'enabled'))[0]} (enabled: false)"
    raise_all(merged.errors)
    assert settings is not None  # no errors, so the settings validated
    return Rulebook(
        name,
        sources,
        settings,
        phrases,
        tuple(rules),
        merged.origins,
        frozenset(defaulted & {r.id for r in rules}),
        disabled,
        merged.example_origins({r.id for r in rules}),
    )


def _settings(merged: MergedRulebook) -> Settings | None:
    try:
        return Settings.model_validate(merged.settings)
    except ValidationError as exc:
        keys = model_keys(Settings)
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else ""
            doc = merged.settings_docs.get(key) or next(iter(merged.settings_docs.values()))
            single = ValidationError.from_exception_data(exc.title, [err])  # type: ignore[list-item]
            merged.errors += located_errors(
                single, doc, ("settings",), "settings", keys, data=merged.settings
            )
        return None


def _validate(merged: MergedRulebook, rule_id: str, raw: dict[str, Any]) -> Any:
    doc, loc = merged.docs[rule_id]
    kind = raw.get("kind")
    if kind not in RULE_KINDS:
        expected = ", ".join(RULE_KINDS)
        what = f"unknown kind '{kind}'" if kind is not None else "missing 'kind'"
        hint = did_you_mean(str(kind), RULE_KINDS) if kind is not None else ""
        merged.errors.append(
            doc.error(
                f"rule '{rule_id}': {what}{hint} (expected one of: {expected})",
                (*loc, "kind"),
            )
        )
        return None
    if not raw.get("title"):
        merged.errors.append(doc.error(f"rule '{rule_id}': missing 'title'", loc))
    try:
        return _RULE_ADAPTER.validate_python(raw)
    except ValidationError as exc:
        model = _KIND_MODELS[kind]
        merged.errors += located_errors(
            exc,
            doc,
            loc,
            f"rule '{rule_id}'",
            model_keys(model),
            _DEEP_KEYS,
            RULE_KINDS,
            data=raw,
            aliases=_phrase_key_aliases(model),
            places=merged.places(rule_id),
        )
        return None


def _phrase_key_aliases(model: type[RuleBase]) -> dict[str, str]:
    """What a rule kind calls its phrase list, for a key another kind uses for it (a forbid
    rule lists ``phrases:``, a require rule ``any:`` / ``all:``)."""
    fields = model.model_fields
    if "phrases" in fields:
        return {"any": "phrases", "all": "phrases"}
    if "any" in fields:
        return {"phrases": "any"}
    return {}
