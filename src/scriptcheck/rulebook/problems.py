"""Rulebook errors gathered, located and explained: every schema error of a file is reported
(one line each, ``FILE:LINE:COLUMN: …``), unknown names come with the nearest known one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from scriptcheck.errors import RulebookError
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
        return (
            f"{RulebookError.__str__(self)} (and {more} more error{plural}; "
            f"`scriptcheck rules validate {self.path}` lists them all)"
        )


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


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or an empty string."""
    close = difflib.get_close_matches(word, list(dict.fromkeys(candidates)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


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
) -> list[RulebookError]:
    """Every error of a pydantic validation, as one located :class:`RulebookError` each.

    ``keys`` are the keys allowed right at ``loc`` (suggested for an unknown key there),
    ``deep_keys`` those of nested mappings; path parts in ``skip`` (pydantic's union tags,
    such as a rule's kind) are left out of the shown path.
    """
    skipped = set(skip)
    errors = exc.errors()
    # a phrase is `str | PhraseItem`: when the mapping form has a real problem, "should be a
    # valid string" for the same phrase is noise
    items = {
        tuple(e["loc"][: e["loc"].index("PhraseItem")]) for e in errors if "PhraseItem" in e["loc"]
    }
    found: list[RulebookError] = []
    for err in errors:
        if "str" in err["loc"] and tuple(err["loc"][: err["loc"].index("str")]) in items:
            continue
        skip_union = ("str", "PhraseItem")
        path = [
            p for p in err["loc"] if not (isinstance(p, str) and (p in skipped or p in skip_union))
        ]
        shown = ".".join(str(p) for p in path)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            key = str(path[-1])
            message = f"unknown key '{key}'" + did_you_mean(
                key, keys if len(path) == 1 else deep_keys or keys
            )
        elif err["type"] == "missing":
            message = f"missing '{path[-1]}'"
        elif shown and not message.startswith(str(path[-1])):
            message = f"{shown}: {message}"
        error = doc.error(f"{what}: {message}", (*loc, *path))
        if str(error) not in {str(e) for e in found}:
            found.append(error)
    return found
