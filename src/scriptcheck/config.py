"""Configuration: ``scriptcheck.toml`` or ``[tool.scriptcheck]`` in ``pyproject.toml``.

Found upward from the working folder (the first folder holding either file wins; a
``pyproject.toml`` without a ``[tool.scriptcheck]`` table is passed over, but one whose text
holds that table and does not parse is an error, like a broken ``scriptcheck.toml``). Keys are kebab-case
(``fail-under``; ``fail_under`` is accepted too); unknown keys are errors naming the file and
the key. Command-line flags win over the file.

>>> load_config_text('rules = ["power"]\\nfail-under = 80', "scriptcheck.toml").fail_under
80.0
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from scriptcheck.errors import ConfigError, InputError, did_you_mean
from scriptcheck.rulebook.packs import is_rulebook_path, pack_names, unknown_pack

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


def _one_or_many(value: Any) -> Any:
    """A single string stands for a list of one; a TOML array is read as a tuple."""
    if isinstance(value, str):
        return (value,)
    return tuple(value) if isinstance(value, list) else value


def _channel_map(value: Any) -> Any:
    """``channel-map`` as a table (``{0 = "agent"}``) is the string ``"0=agent"``."""
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return ",".join(f"{k}={v}" for k, v in value.items())
    return value


def _string_keys(value: Any) -> Any:
    """TOML keys are strings already; bare integer keys (``0 = …``) arrive as strings too."""
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value


_Strings = Annotated[tuple[str, ...], BeforeValidator(_one_or_many)]
_Table = Annotated[dict[str, str], BeforeValidator(_string_keys)]


class _ConfigFile(BaseModel):
    """The config table as written; strict, so ``jobs = "2"`` or ``fail-under = true`` fail."""

    model_config = ConfigDict(
        extra="forbid", strict=True, alias_generator=lambda n: n.replace("_", "-")
    )

    rules: _Strings = ()
    select: _Strings = ()
    ignore: _Strings = ()
    per_path_ignores: Annotated[dict[str, _Strings], BeforeValidator(_string_keys)] = {}
    include: _Strings = ()
    exclude: _Strings = ()
    fail_under: Annotated[float, Field(ge=0, le=100)] | None = None
    fail_on: str | None = None
    speakers: _Table = {}
    channel_map: Annotated[str, BeforeValidator(_channel_map)] | None = None
    hotlines: _Table = {}
    format: str | None = None
    jobs: Annotated[int, Field(ge=0)] | None = None
    encoding: str | None = None
    input_format: str | None = None
    max_size: Annotated[float, Field(gt=0)] | None = None


# what each key expects, for the error on a bad value
_EXPECTED: dict[str, str] = {
    "rules": "a list of pack names or rulebook paths",
    "select": "a list of rule ids, id prefixes or tags",
    "ignore": "a list of rule ids, id prefixes or tags",
    "per-path-ignores": 'a table of glob = ["rule", ...]',
    "include": "a list of glob patterns",
    "exclude": "a list of glob patterns",
    "fail-under": "a score from 0 to 100",
    "fail-on": "one of " + ", ".join(FAIL_ON_CHOICES),
    "speakers": 'a table of label = "agent" | "customer"',
    "channel-map": 'a string "0=agent,1=customer" or a table',
    "hotlines": 'a table of hotline = "pack"',
    "format": "an output format name",
    "jobs": "a whole number >= 0 (0: all cores)",
    "encoding": 'an encoding name such as "gb18030"',
    "input-format": "an input format name",
    "max-size": "a positive size in MB",
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
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        # A broken pyproject.toml is not ours to judge and is passed over, unless its text
        # holds our table: then it is ours, and loading it reports the syntax error.
        return _TOOL_HEADER.search(text) is not None
    return isinstance(document.get("tool"), dict) and "scriptcheck" in document["tool"]


# a ``[tool.scriptcheck]`` (or ``[tool.scriptcheck.speakers]``) header in a file's text
_TOOL_HEADER = re.compile(r"""^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*["']?scriptcheck\b""", re.MULTILINE)


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
        raise ConfigError(
            f"invalid TOML: {exc}; fix the syntax{_toml_hint(exc, text)}", path=path
        ) from None
    table, where = document, ""
    if Path(path).name == "pyproject.toml":
        tool = document.get("tool", {})
        if not isinstance(tool, dict) or "scriptcheck" not in tool:
            raise ConfigError(
                "no [tool.scriptcheck] table, so no settings to read; add one "
                "(`scriptcheck init --path pyproject.toml`) or name another --config file",
                path=path,
            )
        table, where = tool["scriptcheck"], " in [tool.scriptcheck]"
    elif "tool" in document:
        raise ConfigError(
            "unknown key 'tool': [tool.scriptcheck] is read only from pyproject.toml; in "
            f"{Path(path).name} put its keys at the top level, without the table header",
            path=path,
        )
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.scriptcheck] must be a table{where}", path=path)
    raw_keys = {str(raw).replace("_", "-"): str(raw) for raw in table}
    try:
        values = _ConfigFile.model_validate({k.replace("_", "-"): v for k, v in table.items()})
    except ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0])
        raw_key = raw_keys.get(key, key)
        if error["type"] == "extra_forbidden":
            known = ", ".join(_EXPECTED)
            raise ConfigError(
                f"unknown key '{raw_key}'{where}; known keys: {known}", path=path
            ) from None
        raise ConfigError(f"key '{raw_key}'{where}: expected {_EXPECTED[key]}", path=path) from None
    fields = {name: getattr(values, name) for name in values.model_fields_set}
    config = Config(path=Path(path).resolve(), **fields)
    _check_choices(config, where, _Locator(path, text))
    _check_channel_map(config, where, _Locator(path, text))
    _check_rule_sources(config, where, _Locator(path, text))
    return config


def _toml_hint(error: tomllib.TOMLDecodeError, text: str) -> str:
    """What to do about a line TOML rejects, when it is plain: a bare key in Chinese
    (``值班员 = "agent"``; TOML bare keys are ASCII letters, digits, ``-`` and ``_``)."""
    found = re.search(r"at line (\d+)", str(error))
    lines = text.splitlines()
    if found is None or not 0 < int(found.group(1)) <= len(lines):
        return ""
    line = lines[int(found.group(1)) - 1].strip()
    key = re.match(r"[^\s=.\"'\[#]+", line)
    if key is None or key.group().isascii():
        return ""
    return f'; quote the key: "{key.group()}" = …'


@dataclass(frozen=True)
class _Locator:
    """Names a config file, and the line a value is quoted on, in an error."""

    path: str
    text: str

    def __call__(self, value: str, key: str | None = None) -> str:
        """The file and the line quoting ``value`` (else the line setting ``key``)."""
        line = _quoted_line(self.text, value) or (_key_line(self.text, key) if key else None)
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


def _check_channel_map(config: Config, where: str, located: _Locator) -> None:
    """``channel-map`` must parse as the ``--channel-map`` flag does."""
    from scriptcheck.readers import parse_channel_map

    if config.channel_map is None:
        return
    try:
        parse_channel_map(config.channel_map)
    except InputError as exc:
        raise ConfigError(
            f"key 'channel-map'{where}: {exc.message}",
            path=located(config.channel_map, "channel-map"),
        ) from None


def _check_rule_sources(config: Config, where: str, located: _Locator) -> None:
    """Every ``rules`` entry and ``[hotlines]`` value must be a shipped pack or an existing
    rulebook file (relative to the config's folder)."""
    named = [("key 'rules'", source) for source in config.rules]
    named += [(f"[hotlines] key '{line}'", pack) for line, pack in config.hotlines.items()]
    if not named:
        return
    packs = pack_names()
    for key, source in named:
        if is_rulebook_path(source):
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
    """Raise :class:`ConfigError` for a ``select``, ``ignore`` or ``per-path-ignores`` entry of
    the config file that names no rule, id prefix or tag of the rulebooks a run uses
    (``rule_sources``; without them every shipped pack and ``hotline_packs``): the file, the
    line, the key, the entry and the nearest known name (or where the rule was disabled).
    A config file is valid or not on its own, so its entries are checked even when a flag
    overrides them."""
    entries = [("select", s) for s in config.select]
    entries += [("ignore", s) for s in config.ignore]
    entries += [("per-path-ignores", s) for v in config.per_path_ignores.values() for s in v]
    if not entries:
        return
    from scriptcheck.rulebook.loader import load_rulebook
    from scriptcheck.rulebook.selectors import names_a_rule, unknown_hint

    if rule_sources:
        books = [load_rulebook(*rule_sources)]
    else:
        books = [load_rulebook(p) for p in dict.fromkeys([*pack_names(), *hotline_packs])]
    rules = [(r.id, r.tags) for book in books for r in book.rules]
    disabled = {k: v for book in books for k, v in book.disabled.items()}
    for key, entry in entries:
        if names_a_rule(entry, rules):
            continue
        where = str(config.path) if config.path else "config"
        line = _line_of(config.path, entry)
        raise ConfigError(
            f"{key}: '{entry}' names no rule, id prefix or tag"
            f"{unknown_hint(entry, rules, disabled)}; see `scriptcheck rules list`",
            path=f"{where}:{line}" if line else where,
        )


def _line_of(path: Path | None, value: str) -> int | None:
    """The first line of a config file that quotes ``value`` (TOML keeps no positions)."""
    if path is None:
        return None
    try:
        return _quoted_line(path.read_text(encoding="utf-8"), value)
    except (OSError, UnicodeDecodeError):
        return None


def _quoted_line(text: str, value: str) -> int | None:
    """The first line of ``text`` that quotes ``value`` in either kind of TOML quotes."""
    quoted = (f'"{value}"', f"'{value}'")
    lines = enumerate(text.splitlines(), 1)
    return next((n for n, line in lines if any(q in line for q in quoted)), None)


def _key_line(text: str, key: str) -> int | None:
    """The first line of ``text`` that sets ``key`` (``key =``, ``key_name =`` or ``[key]``)."""
    names = "|".join(re.escape(k) for k in {key, key.replace("-", "_")})
    setting = re.compile(rf"^\s*(?:(?:{names})\s*=|\[\s*(?:{names})\s*\])")
    lines = enumerate(text.splitlines(), 1)
    return next((n for n, line in lines if setting.match(line)), None)


def resolve_rule_source(source: str, root: Path) -> str:
    """A rulebook path from a config file is relative to the config's folder; pack names stay."""
    if is_rulebook_path(source) and not os.path.isabs(source):
        return str(root / source)
    return source
