"""Rulebook errors gathered, located and explained: every schema error of a file is reported
(one line each, ``FILE:LINE:COLUMN: …``), unknown names come with the nearest known one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from scriptcheck.errors import RulebookError, did_you_mean
from scriptcheck.rulebook.schema import RULE_KINDS, Scope, Trigger
from scriptcheck.rulebook.yamlsource import YamlDocument


class RulebookErrors(RulebookError):
    """Several problems found in rulebook files. Its own position and message are the first
    problem's; ``errors`` holds them all (``scriptcheck rules validate`` prints every one)."""

    def __init__(self, errors: Sequence[RulebookError]) -> None:
        first = errors[0]
        super().__init__(first.message, path=first.path, line=first.line, column=first.column)
        self.errors = tuple(errors)

    def __str__(self) -> str:
        more = len(self.errors) - 1
        plural = "s" if more > 1 else ""
        on_disk = self.path and not self.path.startswith("<")  # not "<string>" YAML text
        lister = f"`scriptcheck rules validate {self.path}`" if on_disk else "its .errors"
        return f"{RulebookError.__str__(self)} (and {more} more error{plural}; {lister} lists them all)"


def all_errors(exc: RulebookError) -> tuple[RulebookError, ...]:
    """The single problems of an error: itself, or each one a :class:`RulebookErrors` holds."""
    return exc.errors if isinstance(exc, RulebookErrors) else (exc,)


def raise_all(errors: Sequence[RulebookError]) -> None:
    """Raise nothing, the one error, or all of them in file and line order."""
    if not errors:
        return
    if len(errors) == 1:
        raise errors[0]
    files = list(dict.fromkeys(e.path for e in errors))
    ordered = sorted(errors, key=lambda e: (files.index(e.path), e.line or 0, e.column or 0))
    raise RulebookErrors(ordered)


def model_keys(*models: type[BaseModel]) -> list[str]:
    """The keys a YAML mapping may use for these models (field names and aliases)."""
    keys: list[str] = []
    for model in models:
        for name, info in model.model_fields.items():
            keys.append(info.alias or name)
    return keys


def located_errors(
    exc: ValidationError,
    doc: YamlDocument,
    loc: tuple[Any, ...],
    what: str,
    keys: Sequence[str],
    deep_keys: Sequence[str] = (),
    skip: Iterable[str] = (),
    data: Any = None,
    aliases: Mapping[str, str] | None = None,
    places: Mapping[str, tuple[YamlDocument, tuple[Any, ...]]] | None = None,
) -> list[RulebookError]:
    """Every error of a pydantic validation, as one located :class:`RulebookError` each.

    ``keys`` are the keys allowed right at ``loc`` (suggested for an unknown key there),
    ``deep_keys`` those of nested mappings; ``aliases`` suggest a key where spelling does not
    (``any`` -> ``phrases``). Path parts in ``skip`` are pydantic's union tags (a rule's
    kind): left out of the shown path where they stand for the kind of the validated ``data``
    (the input), kept where they are real keys (a stray ``any:`` in a forbid rule).
    ``places`` gives, for a top-level key set elsewhere (by an override), the document and
    place to report its errors at instead of ``doc`` and ``loc``.
    """
    skipped = set(skip)
    errors = exc.errors()
    found: list[RulebookError] = []
    for err in _without_noise(errors):
        path = _input_path(err["loc"], data, skipped)
        shown = ".".join(str(p) for p in path)
        message = err["msg"].removeprefix("Value error, ")
        plain = _plain_message(err, path, shown)
        if err["type"] == "extra_forbidden" and path:
            key = str(path[-1])
            message = f"unknown key '{key}'{_key_hint(key, path, keys, deep_keys, aliases)}"
        elif err["type"] == "missing" and path:
            message = f"missing '{path[-1]}'"
        elif plain is not None:
            message = plain
        elif shown and not message.startswith(str(path[-1])):
            message = f"{shown}: {message}"
        at_doc, at_loc = (places or {}).get(str(path[0]) if path else "", (doc, loc))
        error = at_doc.error(f"{what}: {message}", (*at_loc, *path))
        if str(error) not in {str(e) for e in found}:
            found.append(error)
    return found


#: the keys of a nested mapping, by the key it stands under (suggested for a typo there)
_NESTED_KEYS = {"trigger": model_keys(Trigger), "scope": model_keys(Scope)}
#: what a key another part of a rule uses is called in a nested mapping
_NESTED_ALIASES = {"trigger": {"phrases": "any", "words": "any", "keywords": "any"}}
#: the shape a key expects when it was given something else (a list, a string)
_SHAPES = {
    "trigger": "trigger: {any: [...]} (or regex, event, silent, speaks)",
    "scope": "scope: {role: agent, turns: first, n: 1}",
    "examples": "examples: {pass: [...], fail: [...]}",
    "then": "then: {kind: require, any: [...]}",
}
_EXAMPLE_KEYS = ("pass", "fail", "na")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _key_hint(
    key: str,
    path: Sequence[Any],
    keys: Sequence[str],
    deep_keys: Sequence[str],
    aliases: Mapping[str, str] | None,
) -> str:
    """`` (did you mean 'x'?)`` for an unknown ``key`` at ``path``: the nearest key allowed
    there (never ``key`` itself), or what that mapping calls the same thing."""
    parent = str(path[-2]) if len(path) > 1 and not isinstance(path[-2], int) else None
    if len(path) == 1:
        candidates = list(keys)
    elif parent in _NESTED_KEYS:
        candidates = _NESTED_KEYS[parent]
    else:
        candidates = list(deep_keys or keys)
    hint = did_you_mean(key, [c for c in candidates if c != key])
    renamed = _NESTED_ALIASES.get(parent or "", {}) if parent else (aliases or {})
    if not hint and key in renamed:
        hint = f" (did you mean '{renamed[key]}'?)"
    return hint


def _plain_message(err: Any, path: Sequence[Any], shown: str) -> str | None:
    """Pydantic's wording for a wrong shape, said as what to write instead; None to keep it."""
    kind = err["type"]
    last = str(path[-1]) if path else ""
    if kind == "union_tag_not_found":
        return f"{shown}: missing 'kind' (one of: {', '.join(RULE_KINDS)})"
    if kind in ("model_type", "model_attributes_type", "dict_type") and last in _SHAPES:
        return f"{shown}: expected a mapping, like {_SHAPES[last]}"
    if kind in ("tuple_type", "list_type") and last in _EXAMPLE_KEYS:
        return f'{shown}: expected a list of transcripts, like {last}: ["客服: 您好…"]'
    if kind in ("tuple_type", "list_type"):
        return f"{shown}: expected a list, like {last}: [...]"
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type") and last:
        number = _NUMBER.search(str(err.get("input", "")))
        value = number.group() if number else "N"
        return f"{shown}: {err.get('input')!r} is not a number; write {last}: {value}"
    return None


def _without_noise(errors: list[Any]) -> list[Any]:
    """Pydantic's errors less those that only echo another one."""
    # a phrase is `str | PhraseItem`: when the mapping form has a real problem, "should be a
    # valid string" for the same phrase is noise; when the text form says what is wrong (a
    # number to quote), "should be a valid dictionary or instance of PhraseItem" is
    items = {_before(e["loc"], "PhraseItem") for e in errors}
    texts = {_before(e["loc"], _text_part(e["loc"])) for e in errors if e["type"] == "value_error"}
    # pydantic counts a list's bad items out and then finds it too short: noise too
    deeper = {tuple(e["loc"][:n]) for e in errors for n in range(len(e["loc"]))}
    kept = []
    for err in errors:
        loc = err["loc"]
        if err["type"] == "too_short" and tuple(loc) in deeper:
            continue
        if err["type"] != "value_error" and _before(loc, _text_part(loc)) in items - {None}:
            continue
        if err["type"] == "model_type" and _before(loc, "PhraseItem") in texts - {None}:
            continue
        kept.append(err)
    return kept


def _before(loc: Sequence[Any], part: Any) -> tuple[Any, ...] | None:
    """The location up to ``part`` (a name in it, or an index), None when it is not there."""
    if isinstance(part, int):
        return tuple(loc[:part])
    if part is None or part not in loc:
        return None
    return tuple(loc[: list(loc).index(part)])


_UNION_PARTS = ("str", "PhraseItem")  # pydantic's names for the members of `str | PhraseItem`


def _is_text_part(part: Any) -> bool:
    """Pydantic's name for the text member of a phrase union: ``str``, or the schema's
    ``Text`` (``function-before[_phrase_text(), str]``)."""
    return part == "str" or (
        isinstance(part, str) and part.startswith("function-") and part.endswith(", str]")
    )


def _text_part(loc: Sequence[Any]) -> int | None:
    """Where the text member of a phrase union stands in an error location, if it does."""
    return next((i for i, part in enumerate(loc) if _is_text_part(part)), None)


def _input_path(error_loc: tuple[Any, ...], data: Any, tags: set[str]) -> list[Any]:
    """The part of a pydantic error location that names keys and indexes of the input.

    Walking the input alongside, a part is a union tag (left out) when the value there is a
    mapping whose ``kind`` it is and no tag was taken at that level yet; a part naming a key
    present in the mapping is kept, so a key spelled like a kind (``any``, ``all``, ``not``,
    ``when``) is still shown. Without ``data`` the first tag part of a level is left out.
    """
    path: list[Any] = []
    current, tag_taken = data, False
    for part in error_loc:
        is_mapping = isinstance(current, dict)
        is_key = is_mapping and part in current
        if not tag_taken and _is_tag(part, tags, current):
            tag_taken = True
            continue
        if (part in _UNION_PARTS or _is_text_part(part)) and not is_key:
            continue
        path.append(part)
        tag_taken = False
        current = _child(current, part) if is_key or isinstance(part, int) else None
    return path


def _is_tag(part: Any, tags: set[str], value: Any) -> bool:
    """``part`` is the union tag of ``value``, the input there (unknown: ``None``)."""
    if not isinstance(part, str) or part not in tags:
        return False
    return value is None or (isinstance(value, dict) and value.get("kind") == part)


def _child(value: Any, part: Any) -> Any:
    """``value[part]`` of a mapping or a list, or ``None`` where there is none."""
    if isinstance(value, dict):
        return value.get(part)
    if isinstance(value, (list, tuple)) and isinstance(part, int) and 0 <= part < len(value):
        return value[part]
    return None
