"""Configuration: ``scriptcheck.toml`` or ``[tool.scriptcheck]`` in ``pyproject.toml``.

Found upward from the working folder (the first folder holding either file wins; a
``pyproject.toml`` without a ``[tool.scriptcheck]`` table is passed over). Keys are kebab-case
(``fail-under``; ``fail_under`` is accepted too); unknown keys are errors naming the file and
the key. Command-line flags win over the file.

>>> load_config_text('rules = ["power"]\\nfail-under = 80', "scriptcheck.toml").fail_under
80.0
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scriptcheck.errors import ConfigError, did_you_mean

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

FAIL_ON_CHOICES = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class Config:
    """Settings from a config file; ``None`` / empty means "not set, use the default"."""

    path: Path | None = None
    rules: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_path_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_under: float | None = None
    fail_on: str | None = None
    speakers: Mapping[str, str] = field(default_factory=dict)  # label -> role name
    channel_map: str | None = None  # "0=agent,1=customer"
    hotlines: Mapping[str, str] = field(default_factory=dict)  # hotline header -> pack
    format: str | None = None
    jobs: int | None = None
    encoding: str | None = None
    input_format: str | None = None
    max_size: float | None = None

    @property
    def root(self) -> Path:
        """The folder relative paths in the config are resolved against."""
        return self.path.parent if self.path else Path.cwd()


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if ok else None


def _jobs(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return value if ok else None


def _score(value: Any) -> float | None:
    number = _number(value)
    return number if number is not None and 0 <= number <= 100 else None


def _positive_number(value: Any) -> float | None:
    number = _number(value)
    return number if number is not None and number > 0 else None


def _string_table(value: Any) -> dict[str, str] | None:
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    return None


def _list_table(value: Any) -> dict[str, tuple[str, ...]] | None:
    if not isinstance(value, dict):
        return None
    table = {str(k): _strings(v) for k, v in value.items()}
    return None if any(v is None for v in table.values()) else table  # type: ignore[return-value]


def _channel_map(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    table = _string_table(value)
    return ",".join(f"{k}={v}" for k, v in table.items()) if table is not None else None


# key -> (Config field, converter returning None for a bad value, what was expected)
_KEYS: dict[str, tuple[str, Callable[[Any], Any], str]] = {
    "rules": ("rules", _strings, "a list of pack names or rulebook paths"),
    "select": ("select", _strings, "a list of rule ids, id prefixes or tags"),
    "ignore": ("ignore", _strings, "a list of rule ids, id prefixes or tags"),
    "per-path-ignores": ("per_path_ignores", _list_table, 'a table of glob = ["rule", ...]'),
    "include": ("include", _strings, "a list of glob patterns"),
    "exclude": ("exclude", _strings, "a list of glob patterns"),
    "fail-under": ("fail_under", _score, "a score from 0 to 100"),
    "fail-on": ("fail_on", _string, "one of " + ", ".join(FAIL_ON_CHOICES)),
    "speakers": ("speakers", _string_table, 'a table of label = "agent" | "customer"'),
    "channel-map": ("channel_map", _channel_map, 'a string "0=agent,1=customer" or a table'),
    "hotlines": ("hotlines", _string_table, 'a table of hotline = "pack"'),
    "format": ("format", _string, "an output format name"),
    "jobs": ("jobs", _jobs, "a whole number >= 0 (0: all cores)"),
    "encoding": ("encoding", _string, 'an encoding name such as "gb18030"'),
    "input-format": ("input_format", _string, "an input format name"),
    "max-size": ("max_size", _positive_number, "a positive size in MB"),
}


def find_config(start: Path | None = None) -> Path | None:
    """The nearest config file at or above ``start`` (default: the working folder)."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / "scriptcheck.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # not ours to judge; a broken pyproject.toml is simply passed over
    return isinstance(document.get("tool"), dict) and "scriptcheck" in document["tool"]


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate one config file (``scriptcheck.toml`` or a ``pyproject.toml``)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            "config file not found; check the --config path", path=str(file)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", path=str(file)) from None
    return load_config_text(text, str(file))


def load_config_text(text: str, path: str) -> Config:
    """Validate config text; ``path`` names it in errors and decides the table to read."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}; fix the syntax", path=path) from None
    table, where = document, ""
    if Path(path).name == "pyproject.toml":
        tool = document.get("tool", {})
        table = tool.get("scriptcheck", {}) if isinstance(tool, dict) else {}
        where = " in [tool.scriptcheck]"
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.scriptcheck] must be a table{where}", path=path)
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in _KEYS:
            known = ", ".join(_KEYS)
            raise ConfigError(f"unknown key '{raw_key}'{where}; known keys: {known}", path=path)
        name, convert, expected = _KEYS[key]
        converted = convert(value)
        if converted is None:
            raise ConfigError(f"key '{raw_key}'{where}: expected {expected}", path=path)
        values[name] = converted
    config = Config(path=Path(path).resolve(), **values)
    _check_choices(config, where, _Locator(path, text))
    _check_rule_sources(config, where, _Locator(path, text))
    return config


@dataclass(frozen=True)
class _Locator:
    """Names a config file, and the line a value is quoted on, in an error."""

    path: str
    text: str

    def __call__(self, value: str) -> str:
        quoted = (f'"{value}"', f"'{value}'")
        lines = enumerate(self.text.splitlines(), 1)
        line = next((n for n, text in lines if any(q in text for q in quoted)), None)
        return f"{self.path}:{line}" if line else self.path


def _check_choices(config: Config, where: str, located: _Locator) -> None:
    """Names that must be one of a known set, checked whether or not a flag overrides them
    (a config file is valid or not on its own)."""
    import codecs

    from scriptcheck.formatters import FORMATTERS
    from scriptcheck.readers import FORMATS

    choices = (
        ("fail-on", config.fail_on, FAIL_ON_CHOICES),
        ("format", config.format, tuple(FORMATTERS)),
        ("input-format", config.input_format, FORMATS),
    )
    for key, value, known in choices:
        if value is not None and value not in known:
            hint = did_you_mean(value, known)
            raise ConfigError(
                f"key '{key}'{where}: unknown value '{value}'{hint}; expected one of "
                + ", ".join(known),
                path=located(value),
            )
    if config.encoding is not None:
        try:
            codecs.lookup(config.encoding)
        except LookupError:
            raise ConfigError(
                f"key 'encoding'{where}: unknown encoding '{config.encoding}'; "
                'try "utf-8" or "gb18030"',
                path=located(config.encoding),
            ) from None


def _check_rule_sources(config: Config, where: str, located: _Locator) -> None:
    """Every ``rules`` entry and ``[hotlines]`` value must be a shipped pack or an existing
    rulebook file (relative to the config's folder)."""
    named = [("key 'rules'", source) for source in config.rules]
    named += [(f"[hotlines] key '{line}'", pack) for line, pack in config.hotlines.items()]
    if not named:
        return
    from scriptcheck.rulebook.loader import pack_names, unknown_pack

    packs = pack_names()
    for key, source in named:
        if _is_rule_path(source):
            resolved = resolve_rule_source(source, config.root)
            if Path(resolved).is_file():
                continue
            problem = f"rulebook file not found: {resolved}"
        elif source in packs:
            continue
        else:
            problem = unknown_pack(source)
        raise ConfigError(f"{key}{where}: {problem}", path=located(source))


def discover_config(explicit: str | None = None, start: Path | None = None) -> Config:
    """The config to use: ``explicit`` (``--config``), else the nearest file, else defaults."""
    if explicit is not None:
        return load_config(explicit)
    found = find_config(start)
    return load_config(found) if found else Config()


def check_rule_names(
    config: Config, rule_sources: Sequence[str], hotline_packs: Iterable[str] = ()
) -> None:
    """Raise :class:`ConfigError` for a ``per-path-ignores`` entry that names no rule, id
    prefix or tag of the rulebooks a run uses (``rule_sources``; without them every shipped
    pack and ``hotline_packs``): the file, the line, the entry and the nearest known name."""
    entries = [s for selectors in config.per_path_ignores.values() for s in selectors]
    if not entries:
        return
    from scriptcheck.plan import rule_matches
    from scriptcheck.rulebook.loader import load_rulebook, pack_names

    if rule_sources:
        books = [load_rulebook(*rule_sources)]
    else:
        books = [load_rulebook(p) for p in dict.fromkeys([*pack_names(), *hotline_packs])]
    rules = {r.id: r for book in books for r in book.rules}.values()
    for entry in entries:
        if any(rule_matches(r.id, r.tags, entry) for r in rules):
            continue
        names = [*(r.id for r in rules), *(t for r in rules for t in r.tags)]
        hint = did_you_mean(entry, names)
        where = str(config.path) if config.path else "config"
        line = _line_of(config.path, entry)
        raise ConfigError(
            f"per-path-ignores: '{entry}' names no rule, id prefix or tag{hint}; "
            "see `scriptcheck rules list`",
            path=f"{where}:{line}" if line else where,
        )


def _line_of(path: Path | None, value: str) -> int | None:
    """The first line of a config file that quotes ``value`` (TOML keeps no positions)."""
    if path is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    quoted = (f'"{value}"', f"'{value}'")
    return next((n for n, text in enumerate(lines, 1) if any(q in text for q in quoted)), None)


def resolve_rule_source(source: str, root: Path) -> str:
    """A rulebook path from a config file is relative to the config's folder; pack names stay."""
    if _is_rule_path(source) and not os.path.isabs(source):
        return str(root / source)
    return source


def _is_rule_path(source: str) -> bool:
    """A rulebook file rather than a pack name (as the rulebook loader tells them apart)."""
    return source.endswith((".yaml", ".yml")) or "/" in source or os.sep in source
