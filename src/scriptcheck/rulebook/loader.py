"""Load rulebooks: shipped packs by name or YAML files by path, with ``extends``,
``overrides`` and ``disable`` resolved, every rule validated, every error located."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from scriptcheck.errors import RulebookError
from scriptcheck.rulebook.schema import RULE_KINDS, RulebookFile, Settings, SubRule
from scriptcheck.rulebook.yamlsource import YamlDocument, load_yaml

DEFAULT_PACK = "core"
_RULE_ADAPTER: TypeAdapter[Any] = TypeAdapter(SubRule)
_FIXED = ("id", "kind")  # an override may change any field of a rule but these


@dataclass
class Rulebook:
    """A resolved rulebook: settings, named phrase lists and validated rules, in order."""

    name: str
    sources: tuple[str, ...]
    settings: Settings
    phrases: dict[str, tuple[str, ...]]
    rules: tuple[Any, ...]
    origins: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    _compiled: Any = field(default=None, repr=False, compare=False)

    def rule(self, rule_id: str) -> Any:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def subset(self, rule_ids: Iterable[str]) -> Rulebook:
        wanted = set(rule_ids)
        rules = tuple(r for r in self.rules if r.id in wanted)
        return Rulebook(self.name, self.sources, self.settings, self.phrases, rules, self.origins)


def pack_names() -> list[str]:
    """Names of the packs shipped with scriptcheck."""
    folder = resources.files("scriptcheck") / "rules"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def pack_path(name: str) -> Path:
    return Path(str(resources.files("scriptcheck") / "rules" / f"{name}.yaml"))


def load_rulebook(*sources: str | os.PathLike[str]) -> Rulebook:
    """Load packs (``"core"``, ``"power"``) and/or rulebook files, later ones on top of
    earlier ones, as if one file had extended them all. No source means the default pack."""
    names = [str(s) for s in sources] or [DEFAULT_PACK]
    merged = _Merged()
    for name in names:
        _merge_source(name, merged, base_dir=Path.cwd(), stack=())
    return merged.finish("+".join(Path(n).stem if _is_path(n) else n for n in names), tuple(names))


def _is_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or os.sep in name or "/" in name


def _resolve(name: str, base_dir: Path) -> Path:
    if _is_path(name):
        path = Path(name)
        return path if path.is_absolute() else (base_dir / path)
    path = pack_path(name)
    if not path.exists():
        known = ", ".join(pack_names())
        raise RulebookError(
            f"unknown rule pack '{name}' (shipped packs: {known}; or give a .yaml path)"
        )
    return path


@dataclass
class _Merged:
    settings: dict[str, Any] = field(default_factory=dict)
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    origins: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    docs: dict[str, tuple[YamlDocument, tuple[Any, ...]]] = field(default_factory=dict)
    disabled: list[str] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)

    def finish(self, name: str, sources: tuple[str, ...]) -> Rulebook:
        settings = self._settings()
        rules = []
        for rule_id, raw in self.rules.items():
            if _is_disabled(rule_id, raw, self.disabled):
                continue
            rule = self._validate(rule_id, raw)
            if rule.enabled:
                rules.append(rule)
        return Rulebook(
            name, sources, settings, dict(self.phrases), tuple(rules), dict(self.origins)
        )

    def _settings(self) -> Settings:
        try:
            return Settings.model_validate(self.settings)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"])
            raise RulebookError(f"settings.{loc}: {err['msg']}") from None

    def _validate(self, rule_id: str, raw: dict[str, Any]) -> Any:
        doc, loc = self.docs[rule_id]
        kind = raw.get("kind")
        if kind not in RULE_KINDS:
            expected = ", ".join(RULE_KINDS)
            what = f"unknown kind '{kind}'" if kind is not None else "missing 'kind'"
            raise doc.error(
                f"rule '{rule_id}': {what} (expected one of: {expected})", (*loc, "kind")
            )
        for key in ("title",):
            if not raw.get(key):
                raise doc.error(f"rule '{rule_id}': missing '{key}'", loc)
        try:
            return _RULE_ADAPTER.validate_python(raw)
        except ValidationError as exc:
            raise _located(exc, doc, loc, f"rule '{rule_id}'") from None


def _located(
    exc: ValidationError, doc: YamlDocument, loc: tuple[Any, ...], what: str
) -> RulebookError:
    err = exc.errors()[0]
    # pydantic puts the discriminator value (e.g. 'require') in the path; drop it
    path = [p for p in err["loc"] if p not in RULE_KINDS or not isinstance(p, str)]
    shown = ".".join(str(p) for p in path)
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = f"unknown key '{path[-1]}'"
    elif err["type"] == "missing":
        message = f"missing '{path[-1]}'"
    elif shown:
        message = f"{shown}: {message}"
    return doc.error(f"{what}: {message}", (*loc, *path))


def _is_disabled(rule_id: str, raw: dict[str, Any], disabled: list[str]) -> bool:
    tags = raw.get("tags") or ()
    for item in disabled:
        if rule_id == item or (item.endswith(".") and rule_id.startswith(item)) or item in tags:
            return True
    return False


def _merge_source(name: str, merged: _Merged, base_dir: Path, stack: tuple[Path, ...]) -> None:
    path = _resolve(name, base_dir).resolve()
    if path in stack:
        chain = " -> ".join(p.name for p in (*stack, path))
        raise RulebookError(f"'extends' cycle: {chain}", path=str(stack[-1]))
    if path in merged.seen:
        return  # diamond: a pack already merged through another route
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        where = f" (extended from {_shown(stack[-1])})" if stack else ""
        raise RulebookError(f"rulebook file not found{where}", path=str(name)) from None
    except OSError as exc:
        raise RulebookError(f"cannot read rulebook: {exc}", path=_shown(path)) from None
    doc, book = _parse_file(path, stamp, _shown(path))
    for parent in book.extends:
        _merge_source(parent, merged, path.parent, (*stack, path))
    merged.seen.add(path)
    _apply(book, doc, merged)


@functools.lru_cache(maxsize=64)
def _parse_file(path: Path, stamp: int, shown: str) -> tuple[YamlDocument, RulebookFile]:
    """Parse and validate one rulebook file, once per process while it is unchanged (every
    shipped pack extends core; a batch loads each pack once, not once per pack)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulebookError(f"cannot read rulebook: {exc}", path=shown) from None
    doc = load_yaml(text, shown)
    if not isinstance(doc.data, dict):
        raise doc.error(
            "a rulebook must be a mapping with 'rules:' (and optionally 'extends:', 'settings:')"
        )
    try:
        book = RulebookFile.model_validate(doc.data)
    except ValidationError as exc:
        raise _located(exc, doc, (), "rulebook") from None
    return doc, book


def _apply(book: RulebookFile, doc: YamlDocument, merged: _Merged) -> None:
    merged.settings.update(book.settings)
    merged.phrases.update(book.phrases)
    for i, raw in enumerate(book.rules):
        loc: tuple[Any, ...] = ("rules", i)
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(rule_id, str) or not rule_id:
            raise doc.error("every rule needs an 'id' (e.g. open.greeting)", loc)
        if rule_id in merged.rules:
            first, line = merged.origins[rule_id]
            raise doc.error(
                f"duplicate rule id '{rule_id}' (first defined at {first}:{line}); "
                "to change an inherited rule use 'overrides:'",
                (*loc, "id"),
            )
        merged.rules[rule_id] = dict(raw)
        merged.docs[rule_id] = (doc, loc)
        merged.origins[rule_id] = (doc.path, doc.where(loc)[0])
    for rule_id, changes in book.overrides.items():
        if rule_id not in merged.rules:
            raise doc.error(f"override of unknown rule '{rule_id}'", ("overrides", rule_id))
        fixed = [key for key in _FIXED if key in changes]
        if fixed:
            raise doc.error(
                f"override of '{rule_id}': '{fixed[0]}' cannot be overridden "
                "(disable the rule and add a new one instead)",
                ("overrides", rule_id, fixed[0]),
            )
        merged.rules[rule_id] = {**merged.rules[rule_id], **changes}
        if changes:  # a bad overridden value is reported where the override says it
            merged.docs[rule_id] = (doc, ("overrides", rule_id))
    merged.disabled.extend(book.disable)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
