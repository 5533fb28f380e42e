"""One rulebook file: read (a regular file, size-limited, UTF-8), parsed with positions and
validated at its top level (``rules:``, ``extends:``, ``settings:``…); its rules are validated
once the ``extends`` chain is merged (:mod:`scriptcheck.rulebook.loader`)."""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scriptcheck.errors import RulebookError, did_you_mean
from scriptcheck.rulebook.packs import pack_names
from scriptcheck.rulebook.problems import located_errors, model_keys, raise_all
from scriptcheck.rulebook.schema import RulebookFile
from scriptcheck.rulebook.yamlsource import YamlDocument, load_yaml

#: the largest rulebook file read, in bytes
MAX_RULEBOOK_BYTES = 10 * 1024 * 1024
#: a line that starts a top-level rulebook key: a file without one is no rulebook
_RULEBOOK_LINE = re.compile(r"^(?:" + "|".join(model_keys(RulebookFile)) + r")\s*:", re.MULTILINE)

ParsedRulebook = tuple[YamlDocument, RulebookFile, tuple[RulebookError, ...]]


class NotARulebook(RulebookError):
    """An extended file that is no rulebook at all (``extends: /etc/passwd``)."""


def check_file(info: os.stat_result, shown: str, where: str) -> None:
    """A rulebook must be a regular file (not /dev/zero, a folder or a pipe) of at most
    :data:`MAX_RULEBOOK_BYTES`."""
    if stat.S_ISDIR(info.st_mode):
        raise RulebookError(
            f"is a folder{where}; give a rulebook .yaml file or a pack name "
            f"({', '.join(pack_names())})",
            path=shown,
        )
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
def parse_file(path: Path, stamp: int, shown: str, extended: bool = False) -> ParsedRulebook:
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
    return parse_text(text, shown, extended)


def _not_a_rulebook(shown: str) -> NotARulebook:
    return NotARulebook(f"{shown} is not a rulebook (no rules: or extends: key)")


def _looks_like_rulebook(data: Any) -> bool:
    """Whether YAML data is a mapping with at least one rulebook key at its top level, or one
    spelt nearly like one (``rulez:``): otherwise it is some other file, not a rulebook."""
    if not isinstance(data, dict):
        return False
    keys = model_keys(RulebookFile)
    return any(key in keys or did_you_mean(str(key), keys) for key in data)


def parse_text(text: str, shown: str, extended: bool = False) -> ParsedRulebook:
    """Parse and validate a rulebook's text; see :func:`parse_file`."""
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


def shown_path(path: Path) -> str:
    """A rulebook path as messages name it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
