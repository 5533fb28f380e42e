"""Merging ``extends`` chains: every file a rulebook extends, depth first, then the rulebook
itself on top (settings and phrase lists updated, rules added, ``overrides`` and ``disable``
applied), with cycles, diamonds and over-deep chains handled. The merged rules are raw
mappings; :mod:`scriptcheck.rulebook.loader` validates them into a Rulebook."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scriptcheck.errors import RulebookError, did_you_mean
from scriptcheck.rulebook.packs import (
    is_rulebook_path,
    pack_names,
    pack_path,
    rulebook_path,
    unknown_pack,
)
from scriptcheck.rulebook.rulefile import NotARulebook, check_file, parse_file, shown_path
from scriptcheck.rulebook.schema import RulebookFile
from scriptcheck.rulebook.selectors import matches_any, names_a_rule, selector_names
from scriptcheck.rulebook.yamlsource import YamlDocument

#: how many files an ``extends`` chain may hold, the first one included
MAX_EXTENDS_DEPTH = 32
_FIXED = ("id", "kind")  # an override may change any field of a rule but these


@dataclass
class MergedRulebook:
    """What the files of an ``extends`` chain add up to, before the rules are validated; each
    rule is remembered with the document and place that last gave it (for errors)."""

    settings: dict[str, Any] = field(default_factory=dict)
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    origins: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    docs: dict[str, tuple[YamlDocument, tuple[Any, ...]]] = field(default_factory=dict)
    settings_docs: dict[str, YamlDocument] = field(default_factory=dict)
    #: phrase list name -> the document that last gave it (for errors in the list)
    phrase_docs: dict[str, YamlDocument] = field(default_factory=dict)
    disabled: list[tuple[str, YamlDocument, tuple[Any, ...]]] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)
    errors: list[RulebookError] = field(default_factory=list)
    #: rule id -> key -> the document and place of the override that last set that key
    overridden: dict[str, dict[str, tuple[YamlDocument, tuple[Any, ...]]]] = field(
        default_factory=dict
    )
    #: rule id -> the file (its resolved path; YAML text: its name) whose rule it is
    defined_in: dict[str, object] = field(default_factory=dict)
    #: file -> itself and every file it extends, however deep
    lineage: dict[object, frozenset[object]] = field(default_factory=dict)

    def apply(
        self,
        book: RulebookFile,
        doc: YamlDocument,
        own: object = None,
        ancestors: frozenset[object] = frozenset(),
    ) -> None:
        """Put one parsed rulebook (the file ``own``) on top of what is merged so far.

        A rule id that this file or one it extends (``ancestors``) defined already is a
        duplicate; one that only a rulebook beside it defined (``extends: [power,
        telecom]``, ``--rules power --rules telecom``) is replaced by this file's rule,
        later on top."""
        self.settings.update(book.settings)
        self.settings_docs.update(dict.fromkeys(book.settings, doc))
        self.phrases.update(book.phrases)
        self.phrase_docs.update(dict.fromkeys(book.phrases, doc))
        for i, raw in enumerate(book.rules):
            loc: tuple[Any, ...] = ("rules", i)
            rule_id = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(rule_id, str) or not rule_id:
                self.errors.append(doc.error("every rule needs an 'id' (e.g. open.greeting)", loc))
                continue
            if rule_id in self.rules and self.defined_in[rule_id] in {own, *ancestors}:
                self.errors.append(self._duplicate(rule_id, doc, loc))
                continue
            self.rules[rule_id] = dict(raw)
            self.docs[rule_id] = (doc, loc)
            self.origins[rule_id] = (doc.path, doc.where(loc)[0])
            self.defined_in[rule_id] = own
            self.overridden.pop(rule_id, None)  # a replaced rule's overrides went with it
        for rule_id, changes in book.overrides.items():
            self._override(rule_id, changes, doc)
        self.disabled += [(item, doc, ("disable", i)) for i, item in enumerate(book.disable)]

    def resolved_phrases(self) -> dict[str, tuple[str, ...]]:
        """The named phrase lists with every ``@name`` inside a list replaced by that list's
        phrases, however deep, once every file is merged: a list refers to the final version
        of another, so a rulebook that replaces an inner list changes the lists built on it.
        An unknown name or a list that refers back to itself is an error at its place."""
        resolved: dict[str, tuple[str, ...]] = {}

        def expand(name: str, chain: tuple[str, ...]) -> tuple[str, ...]:
            if name in resolved:
                return resolved[name]
            out: list[str] = []
            for i, item in enumerate(self.phrases[name]):
                if not item.startswith("@"):
                    out.append(item)
                    continue
                ref = item[1:]
                doc, loc = self.phrase_docs[name], ("phrases", name, i)
                if ref not in self.phrases:
                    hint = did_you_mean(ref, self.phrases)
                    self.errors.append(
                        doc.error(f"phrase list '{name}': unknown phrase list '@{ref}'{hint}", loc)
                    )
                elif ref in (*chain, name):
                    loop = " -> ".join(f"@{n}" for n in (*chain, name, ref))
                    self.errors.append(
                        doc.error(f"phrase list '{name}' refers to itself ({loop})", loc)
                    )
                else:
                    out.extend(expand(ref, (*chain, name)))
            resolved[name] = tuple(dict.fromkeys(out))
            return resolved[name]

        return {name: expand(name, ()) for name in self.phrases}

    def _duplicate(self, rule_id: str, doc: YamlDocument, loc: tuple[Any, ...]) -> RulebookError:
        """A rule id given again in the same file, or in a file extending the one that has it."""
        first, line = self.origins[rule_id]
        fix = (
            "rename one of them"
            if first == doc.path
            else "to change an inherited rule use 'overrides:'"
        )
        return doc.error(
            f"duplicate rule id '{rule_id}' (first defined at {first}:{line}); {fix}",
            (*loc, "id"),
        )

    def place(self, rule_id: str, key: str | None = None) -> tuple[YamlDocument, tuple[Any, ...]]:
        """Where a rule's ``key`` was last set: the override that changed it, or the rule
        itself (no ``key``: the rule itself)."""
        if key is not None and key in self.overridden.get(rule_id, {}):
            return self.overridden[rule_id][key]
        return self.docs[rule_id]

    def places(self, rule_id: str) -> dict[str, tuple[YamlDocument, tuple[Any, ...]]]:
        """Every key of a rule that an override set, with where that override is."""
        return dict(self.overridden.get(rule_id, {}))

    def _override(self, rule_id: str, changes: dict[str, Any], doc: YamlDocument) -> None:
        if rule_id not in self.rules:
            hint = did_you_mean(rule_id, self.rules)
            self.errors.append(
                doc.error(f"override of unknown rule '{rule_id}'{hint}", ("overrides", rule_id))
            )
            return
        fixed = [key for key in _FIXED if key in changes]
        if fixed:
            self.errors.append(
                doc.error(
                    f"override of '{rule_id}': '{fixed[0]}' cannot be overridden "
                    "(disable the rule and add a new one instead)",
                    ("overrides", rule_id, fixed[0]),
                )
            )
            return
        self.rules[rule_id] = {**self.rules[rule_id], **changes}
        # a bad overridden value is reported where the override says it; the rest where the
        # rule is written
        where = (doc, ("overrides", rule_id))
        self.overridden.setdefault(rule_id, {}).update(dict.fromkeys(map(str, changes), where))

    def check_disabled(self) -> None:
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

    def disabled_where(self, rule_id: str, raw: dict[str, Any]) -> str | None:
        """Where the first ``disable`` entry naming this rule is (``my.yaml:7 (disable:
        open)``), or None when no entry names it."""
        for item, doc, loc in self.disabled:
            if matches_any(rule_id, raw.get("tags") or (), [item]):
                return f"{doc.path}:{doc.where(loc)[0]} (disable: {item})"
        return None

    def example_origins(
        self, rule_ids: set[str]
    ) -> dict[tuple[str, str, int], tuple[str, int | None]]:
        """(rule id, label, number) -> file and line of every example of these rules."""
        found: dict[tuple[str, str, int], tuple[str, int | None]] = {}
        for rule_id in rule_ids:
            doc, loc = self.place(rule_id, "examples")
            examples = self.rules[rule_id].get("examples")
            if not isinstance(examples, dict):
                continue
            for label in ("pass", "fail", "na"):
                items = examples.get(label)
                for number in range(1, len(items) + 1 if isinstance(items, list) else 1):
                    line = doc.where((*loc, "examples", label, number - 1))[0]
                    found[(rule_id, label, number)] = (doc.path, line)
        return found


def merge_source(
    name: str,
    merged: MergedRulebook,
    base_dir: Path,
    stack: tuple[Path, ...],
    extended_at: tuple[YamlDocument, tuple[Any, ...]] | None = None,
) -> Path:
    """Merge the pack or file ``name`` (relative to ``base_dir``) and what it extends, and
    return its resolved path. ``stack`` is the chain of files that led to it, ``extended_at``
    the ``extends:`` entry that names it (where a missing or wrong file is reported)."""
    path = rulebook_path(name, base_dir).resolve()
    if path in stack:
        chain = " -> ".join(p.name for p in (*stack, path))
        raise RulebookError(f"'extends' cycle: {chain}", path=str(stack[-1]))
    if path in merged.seen:
        return path  # diamond: a pack already merged through another route
    where = f" (extended from {shown_path(stack[-1])})" if stack else ""
    info = _rulebook_stat(name, path, extended_at)
    check_file(info, shown_path(path), where)
    try:
        doc, book, errors = parse_file(path, info.st_mtime_ns, shown_path(path), bool(stack))
    except NotARulebook as exc:
        assert extended_at is not None  # only an extended file is checked for being one
        raise _extends_error(extended_at, f"{exc.message}; check that path") from None
    merge_parsed(doc, book, errors, merged, path.parent, (*stack, path))
    merged.seen.add(path)
    return path


def _rulebook_stat(
    name: str, path: Path, extended_at: tuple[YamlDocument, tuple[Any, ...]] | None
) -> os.stat_result:
    """The status of the file a source names; an extended one that is missing, a folder or
    a device is reported at the ``extends:`` entry naming it, with the path it resolved to."""
    packs = ", ".join(pack_names())
    try:
        info = path.stat()
    except FileNotFoundError:
        if extended_at is None:
            raise RulebookError(
                f"rulebook file not found; check the path, or name a pack: {packs}", path=name
            ) from None
        raise _extends_error(
            extended_at,
            f"extends '{name}': no such file ({path}); check the path (relative to the "
            f"folder of {extended_at[0].path}), or name a pack: {packs}",
        ) from None
    except OSError as exc:
        raise RulebookError(f"cannot read rulebook: {exc}", path=shown_path(path)) from None
    if extended_at is not None and not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "no regular file (a device or pipe)"
        raise _extends_error(
            extended_at,
            f"extends '{name}': {path} is {what}; extends takes a rulebook .yaml file or a "
            f"pack name ({packs})",
        )
    return info


def _extends_error(
    extended_at: tuple[YamlDocument, tuple[Any, ...]], message: str
) -> RulebookError:
    doc, loc = extended_at
    return doc.error(message, loc)


def merge_parsed(
    doc: YamlDocument,
    book: RulebookFile,
    errors: Iterable[RulebookError],
    merged: MergedRulebook,
    base_dir: Path,
    stack: tuple[Path, ...],
) -> None:
    """Merge what a parsed rulebook extends, then the rulebook itself."""
    merged.errors += errors
    own: object = stack[-1] if stack else doc.path
    ancestors: set[object] = set()
    for i, parent in enumerate(book.extends):
        if not is_rulebook_path(parent) and not pack_path(parent).exists():
            raise doc.error(unknown_pack(parent), ("extends", i))
        if len(stack) >= MAX_EXTENDS_DEPTH:
            chain = f"{stack[0].name} -> {stack[1].name} -> … -> {stack[-1].name}"
            raise doc.error(
                f"'extends' chain is more than {MAX_EXTENDS_DEPTH} files deep ({chain}); "
                "extend fewer files in a row",
                ("extends", i),
            )
        parent_path = merge_source(parent, merged, base_dir, stack, (doc, ("extends", i)))
        ancestors |= merged.lineage.get(parent_path, {parent_path})
    merged.lineage[own] = frozenset({own, *ancestors})
    merged.apply(book, doc, own, frozenset(ancestors))
