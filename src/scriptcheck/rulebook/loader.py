"""Load rulebooks: shipped packs by name or YAML files by path, with ``extends``,
``overrides`` and ``disable`` resolved, every rule validated, every error located."""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import TypeAdapter, ValidationError

from scriptcheck.errors import RulebookError, did_you_mean
from scriptcheck.rulebook.problems import located_errors, model_keys, raise_all
from scriptcheck.rulebook.schema import (
    DEFAULT_POINTS,
    RULE_KINDS,
    Examples,
    PhraseItem,
    RuleBase,
    RulebookFile,
    Scope,
    Settings,
    SubRule,
    Trigger,
)
from scriptcheck.rulebook.selectors import matches_any, names_a_rule, selector_names
from scriptcheck.rulebook.yamlsource import YamlDocument, load_yaml

DEFAULT_PACK = "core"
#: how many files an ``extends`` chain may hold, the first one included
MAX_EXTENDS_DEPTH = 32
#: the largest rulebook file read, in bytes
MAX_RULEBOOK_BYTES = 10 * 1024 * 1024
_RULE_ADAPTER: TypeAdapter[Any] = TypeAdapter(SubRule)
_FIXED = ("id", "kind")  # an override may change any field of a rule but these
_KIND_MODELS = {
    model.model_fields["kind"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in RuleBase.__subclasses__()
}
#: a line that starts a top-level rulebook key: a file without one is no rulebook
_RULEBOOK_LINE = re.compile(r"^(?:" + "|".join(model_keys(RulebookFile)) + r")\s*:", re.MULTILINE)
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


def pack_names() -> list[str]:
    """Names of the packs shipped with scriptcheck."""
    folder = resources.files("scriptcheck") / "rules"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def pack_path(name: str) -> Path:
    return Path(str(resources.files("scriptcheck") / "rules" / f"{name}.yaml"))


def load_rulebook(*sources: str | os.PathLike[str]) -> Rulebook:
    """Load packs (``"core"``, ``"power"``) and/or rulebook files, later ones on top of
    earlier ones, as if one file had extended them all. No source means the default pack."""
    names = [_source_name(s) for s in sources] or [DEFAULT_PACK]
    merged = _Merged()
    for name in names:
        _merge_source(name, merged, base_dir=Path.cwd(), stack=())
    return merged.finish("+".join(Path(n).stem if _is_path(n) else n for n in names), tuple(names))


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
    merged = _Merged()
    doc, book, errors = _parse_text(text, name)
    _merge_parsed(doc, book, errors, merged, Path.cwd(), ())
    return merged.finish(name, (name,))


def cached_rulebook(source: str | os.PathLike[str]) -> Rulebook:
    """:func:`load_rulebook` of one pack name or rulebook path, loaded once per process (a
    file again when it changes), so that it is compiled once too."""
    name = os.fspath(source)
    if not _is_path(name):
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


def _is_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or os.sep in name or "/" in name


def _resolve(name: str, base_dir: Path) -> Path:
    if _is_path(name):
        path = Path(name)
        return path if path.is_absolute() else (base_dir / path)
    path = pack_path(name)
    if not path.exists():
        raise RulebookError(unknown_pack(name))
    return path


def unknown_pack(name: str) -> str:
    """What to say about a pack name that is not shipped."""
    known = pack_names()
    return (
        f"unknown rule pack '{name}'{did_you_mean(name, known)} "
        f"(shipped packs: {', '.join(known)}; or give a .yaml path)"
    )


@dataclass
class _Merged:
    settings: dict[str, Any] = field(default_factory=dict)
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    origins: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    docs: dict[str, tuple[YamlDocument, tuple[Any, ...]]] = field(default_factory=dict)
    settings_docs: dict[str, YamlDocument] = field(default_factory=dict)
    disabled: list[tuple[str, YamlDocument, tuple[Any, ...]]] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)
    errors: list[RulebookError] = field(default_factory=list)

    def finish(self, name: str, sources: tuple[str, ...]) -> Rulebook:
        """Validate everything merged; raise every problem found, or return the rulebook."""
        settings = self._settings()
        self._check_disabled()
        rules, defaulted = [], set()
        disabled: dict[str, str] = {}
        for rule_id, raw in self.rules.items():
            where = self._disabled_where(rule_id, raw)
            if where is not None:
                disabled[rule_id] = where
                continue
            if "points" not in raw:
                defaulted.add(rule_id)
                raw = {**raw, "points": DEFAULT_POINTS.get(str(raw.get("severity")), 5.0)}
            rule = self._validate(rule_id, raw)
            if rule is not None and rule.enabled:
                rules.append(rule)
            elif rule is not None:
                doc, loc = self.docs[rule_id]
                disabled[rule_id] = f"{doc.path}:{doc.where((*loc, 'enabled'))[0]} (enabled: false)"
        raise_all(self.errors)
        assert settings is not None  # no errors, so the settings validated
        return Rulebook(
            name,
            sources,
            settings,
            self.phrases,
            tuple(rules),
            self.origins,
            frozenset(defaulted & {r.id for r in rules}),
            disabled,
            self._example_origins({r.id for r in rules}),
        )

    def _disabled_where(self, rule_id: str, raw: dict[str, Any]) -> str | None:
        """Where the first ``disable`` entry naming this rule is (``my.yaml:7 (disable:
        open)``), or None when no entry names it."""
        for item, doc, loc in self.disabled:
            if matches_any(rule_id, raw.get("tags") or (), [item]):
                return f"{doc.path}:{doc.where(loc)[0]} (disable: {item})"
        return None

    def _example_origins(
        self, rule_ids: set[str]
    ) -> dict[tuple[str, str, int], tuple[str, int | None]]:
        """(rule id, label, number) -> file and line of every example of these rules."""
        found: dict[tuple[str, str, int], tuple[str, int | None]] = {}
        for rule_id in rule_ids:
            doc, loc = self.docs[rule_id]
            examples = self.rules[rule_id].get("examples")
            if not isinstance(examples, dict):
                continue
            for label in ("pass", "fail", "na"):
                items = examples.get(label)
                for number in range(1, len(items) + 1 if isinstance(items, list) else 1):
                    line = doc.where((*loc, "examples", label, number - 1))[0]
                    found[(rule_id, label, number)] = (doc.path, line)
        return found

    def _settings(self) -> Settings | None:
        try:
            return Settings.model_validate(self.settings)
        except ValidationError as exc:
            keys = model_keys(Settings)
            for err in exc.errors():
                key = str(err["loc"][0]) if err["loc"] else ""
                doc = self.settings_docs.get(key) or next(iter(self.settings_docs.values()))
                single = ValidationError.from_exception_data(exc.title, [err])  # type: ignore[list-item]
                self.errors += located_errors(
                    single, doc, ("settings",), "settings", keys, data=self.settings
                )
            return None

    def _check_disabled(self) -> None:
        """Every ``disable`` entry must name a rule id, an id prefix or a tag."""
        keys = [(rule_id, raw.get("tags") or ()) for rule_id, raw in self.rules.items()]
        names = selector_names(keys)
        for item, doc, loc in self.disabled:
            if not names_a_rule(item, keys):
                self.errors.append(
                    doc.error(
                        f"disable: '{item}' names no rule, id prefix or tag"
                        f"{did_you_mean(item, names)}; see `scriptcheck rules list`",
                        loc,
                    )
                )

    def _validate(self, rule_id: str, raw: dict[str, Any]) -> Any:
        doc, loc = self.docs[rule_id]
        kind = raw.get("kind")
        if kind not in RULE_KINDS:
            expected = ", ".join(RULE_KINDS)
            what = f"unknown kind '{kind}'" if kind is not None else "missing 'kind'"
            hint = did_you_mean(str(kind), RULE_KINDS) if kind is not None else ""
            self.errors.append(
                doc.error(
                    f"rule '{rule_id}': {what}{hint} (expected one of: {expected})",
                    (*loc, "kind"),
                )
            )
            return None
        if not raw.get("title"):
            self.errors.append(doc.error(f"rule '{rule_id}': missing 'title'", loc))
        try:
            return _RULE_ADAPTER.validate_python(raw)
        except ValidationError as exc:
            model = _KIND_MODELS[kind]
            self.errors += located_errors(
                exc,
                doc,
                loc,
                f"rule '{rule_id}'",
                model_keys(model),
                _DEEP_KEYS,
                RULE_KINDS,
                data=raw,
                aliases=_phrase_key_aliases(model),
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


def _merge_source(name: str, merged: _Merged, base_dir: Path, stack: tuple[Path, ...]) -> None:
    path = _resolve(name, base_dir).resolve()
    if path in stack:
        chain = " -> ".join(p.name for p in (*stack, path))
        raise RulebookError(f"'extends' cycle: {chain}", path=str(stack[-1]))
    if path in merged.seen:
        return  # diamond: a pack already merged through another route
    where = f" (extended from {_shown(stack[-1])})" if stack else ""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise RulebookError(
            f"rulebook file not found{where}; check the path, or name a pack: "
            f"{', '.join(pack_names())}",
            path=str(name),
        ) from None
    except OSError as exc:
        raise RulebookError(f"cannot read rulebook: {exc}", path=_shown(path)) from None
    _check_file(info, _shown(path), where)
    try:
        doc, book, errors = _parse_file(path, info.st_mtime_ns, _shown(path), bool(stack))
    except _NotARulebook as exc:
        parent = _shown(stack[-1])  # only an extended file is checked for being one
        raise RulebookError(f"{exc.message}; {parent} extends it, check that path") from None
    _merge_parsed(doc, book, errors, merged, path.parent, (*stack, path))
    merged.seen.add(path)


def _merge_parsed(
    doc: YamlDocument,
    book: RulebookFile,
    errors: Iterable[RulebookError],
    merged: _Merged,
    base_dir: Path,
    stack: tuple[Path, ...],
) -> None:
    """Merge what a parsed rulebook extends, then the rulebook itself."""
    merged.errors += errors
    for i, parent in enumerate(book.extends):
        if not _is_path(parent) and not pack_path(parent).exists():
            raise doc.error(unknown_pack(parent), ("extends", i))
        if len(stack) >= MAX_EXTENDS_DEPTH:
            chain = f"{stack[0].name} -> {stack[1].name} -> … -> {stack[-1].name}"
            raise doc.error(
                f"'extends' chain is more than {MAX_EXTENDS_DEPTH} files deep ({chain}); "
                "extend fewer files in a row",
                ("extends", i),
            )
        _merge_source(parent, merged, base_dir, stack)
    _apply(book, doc, merged)


def _check_file(info: os.stat_result, shown: str, where: str) -> None:
    """A rulebook must be a regular file (not /dev/zero, a folder or a pipe) of at most
    :data:`MAX_RULEBOOK_BYTES`."""
    if not stat.S_ISREG(info.st_mode):
        raise RulebookError(f"not a regular file{where}; give a rulebook .yaml file", path=shown)
    if info.st_size > MAX_RULEBOOK_BYTES:
        raise RulebookError(
            f"rulebook is {info.st_size / 1024 / 1024:.1f} MB, over the "
            f"{MAX_RULEBOOK_BYTES // 1024 // 1024} MB limit{where}; split it into files that "
            "extend one another",
            path=shown,
        )


@functools.lru_cache(maxsize=64)
def _parse_file(
    path: Path, stamp: int, shown: str, extended: bool = False
) -> tuple[YamlDocument, RulebookFile, tuple[RulebookError, ...]]:
    """Parse and validate one rulebook file, once per process while it is unchanged (every
    shipped pack extends core; a batch loads each pack once, not once per pack). Top-level
    keys with errors are reported and left out, so that the rest is still checked. An
    ``extended`` file that is no rulebook at all is reported without quoting it."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_RULEBOOK_BYTES + 1)  # the file may have grown since stat
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        if extended and isinstance(exc, UnicodeDecodeError):
            raise _not_a_rulebook(shown) from None
        raise RulebookError(f"cannot read rulebook: {exc}", path=shown) from None
    if len(data) > MAX_RULEBOOK_BYTES:
        raise RulebookError(
            f"rulebook is over the {MAX_RULEBOOK_BYTES // 1024 // 1024} MB limit", path=shown
        )
    return _parse_text(text, shown, extended)


class _NotARulebook(RulebookError):
    """An extended file that is no rulebook at all (``extends: /etc/passwd``)."""


def _not_a_rulebook(shown: str) -> _NotARulebook:
    return _NotARulebook(f"{shown} is not a rulebook (no rules: or extends: key)")


def _looks_like_rulebook(data: Any) -> bool:
    """Whether YAML data is a mapping with at least one rulebook key at its top level, or one
    spelt nearly like one (``rulez:``): otherwise it is some other file, not a rulebook."""
    if not isinstance(data, dict):
        return False
    keys = model_keys(RulebookFile)
    return any(key in keys or did_you_mean(str(key), keys) for key in data)


def _parse_text(
    text: str, shown: str, extended: bool = False
) -> tuple[YamlDocument, RulebookFile, tuple[RulebookError, ...]]:
    """Parse and validate a rulebook's text; see :func:`_parse_file`."""
    try:
        doc = load_yaml(text, shown)
    except RulebookError:
        if extended and not _RULEBOOK_LINE.search(text):
            raise _not_a_rulebook(shown) from None
        raise
    if extended and not _looks_like_rulebook(doc.data):
        raise _not_a_rulebook(shown)
    if doc.data == {}:
        raise doc.error("the rulebook is empty ({}); give it rules: or extends:")
    if isinstance(doc.data, dict) and not _looks_like_rulebook(doc.data):
        raise RulebookError(  # some other YAML file (a config?), named by mistake: no key quoted
            f"{shown} is not a rulebook: it has none of the keys rules:, extends:, settings:; "
            "name a rulebook file or a pack (core, power, telecom, courier)"
        )
    if not isinstance(doc.data, dict):
        raise doc.error(
            "a rulebook must be a mapping with 'rules:' (and optionally 'extends:', 'settings:')"
        )
    try:
        return doc, RulebookFile.model_validate(doc.data), ()
    except ValidationError as exc:
        errors = located_errors(exc, doc, (), "rulebook", model_keys(RulebookFile), data=doc.data)
        bad = {err["loc"][0] for err in exc.errors() if err["loc"]}
        rest = {key: value for key, value in doc.data.items() if key not in bad}
        try:
            return doc, RulebookFile.model_validate(rest), tuple(errors)
        except ValidationError:  # pragma: no cover - defensive: the rest should validate
            raise_all(errors)
            raise


def _apply(book: RulebookFile, doc: YamlDocument, merged: _Merged) -> None:
    merged.settings.update(book.settings)
    merged.settings_docs.update(dict.fromkeys(book.settings, doc))
    merged.phrases.update(book.phrases)
    for i, raw in enumerate(book.rules):
        loc: tuple[Any, ...] = ("rules", i)
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(rule_id, str) or not rule_id:
            merged.errors.append(doc.error("every rule needs an 'id' (e.g. open.greeting)", loc))
            continue
        if rule_id in merged.rules:
            first, line = merged.origins[rule_id]
            merged.errors.append(
                doc.error(
                    f"duplicate rule id '{rule_id}' (first defined at {first}:{line}); "
                    "to change an inherited rule use 'overrides:'",
                    (*loc, "id"),
                )
            )
            continue
        merged.rules[rule_id] = dict(raw)
        merged.docs[rule_id] = (doc, loc)
        merged.origins[rule_id] = (doc.path, doc.where(loc)[0])
    for rule_id, changes in book.overrides.items():
        _override(rule_id, changes, doc, merged)
    merged.disabled += [(item, doc, ("disable", i)) for i, item in enumerate(book.disable)]


def _override(rule_id: str, changes: dict[str, Any], doc: YamlDocument, merged: _Merged) -> None:
    if rule_id not in merged.rules:
        hint = did_you_mean(rule_id, merged.rules)
        merged.errors.append(
            doc.error(f"override of unknown rule '{rule_id}'{hint}", ("overrides", rule_id))
        )
        return
    fixed = [key for key in _FIXED if key in changes]
    if fixed:
        merged.errors.append(
            doc.error(
                f"override of '{rule_id}': '{fixed[0]}' cannot be overridden "
                "(disable the rule and add a new one instead)",
                ("overrides", rule_id, fixed[0]),
            )
        )
        return
    merged.rules[rule_id] = {**merged.rules[rule_id], **changes}
    if changes:  # a bad overridden value is reported where the override says it
        merged.docs[rule_id] = (doc, ("overrides", rule_id))


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
