"""Merging ``extends`` chains: every file a rulebook extends, depth first, then the rulebook
itself on top (settings and phrase lists updated, rules added, ``overrides`` and ``disable``
applied), with cycles, diamonds and over-deep chains handled. The merged rules are raw
mappings; :mod:`scriptcheck.rulebook.loader` validates them into a Rulebook."""

from __future__ import annotations

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
    disabled: list[tuple[str, YamlDocument, tuple[Any, ...]]] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)
    errors: list[RulebookError] = field(default_factory=list)

    def apply(self, book: RulebookFile, doc: YamlDocument) -> None:
        """Put one parsed rulebook on top of what is merged so far."""
        self.settings.update(book.settings)
        self.settings_docs.update(dict.fromkeys(book.settings, doc))
        self.phrases.update(book.phrases)
        for i, raw in enumerate(book.rules):
            loc: tuple[Any, ...] = ("rules", i)
            rule_id = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(rule_id, str) or not rule_id:
                self.errors.append(doc.error("every rule needs an 'id' (e.g. open.greeting)", loc))
                continue
            if rule_id in self.rules:
                first, line = self.origins[rule_id]
                self.errors.append(
                    doc.error(
                        f"duplicate rule id '{rule_id}' (first defined at {first}:{line}); "
                        "to change an inherited rule use 'overrides:'",
                        (*loc, "id"),
                    )
                )
                continue
            self.rules[rule_id] = dict(raw)
            self.docs[rule_id] = (doc, loc)
            self.origins[rule_id] = (doc.path, doc.where(loc)[0])
        for rule_id, changes in book.overrides.items():
            self._override(rule_id, changes, doc)
        self.disabled += [(item, doc, ("disable", i)) for i, item in enumerate(book.disable)]

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
        if changes:  # a bad overridden value is reported where the override says it
            self.docs[rule_id] = (doc, ("overrides", rule_id))

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


def merge_source(
    name: str, merged: MergedRulebook, base_dir: Path, stack: tuple[Path, ...]
) -> None:
    """Merge the pack or file ``name`` (relative to ``base_dir``) and what it extends;
    ``stack`` is the chain of files that led to it."""
    path = rulebook_path(name, base_dir).resolve()
    if path in stack:
        chain = " -> ".join(p.name for p in (*stack, path))
        raise RulebookError(f"'extends' cycle: {chain}", path=str(stack[-1]))
    if path in merged.seen:
        return  # diamond: a pack already merged through another route
    where = f" (extended from {shown_path(stack[-1])})" if stack else ""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise RulebookError(
            f"rulebook file not found{where}; check the path, or name a pack: "
            f"{', '.join(pack_names())}",
            path=str(name),
        ) from None
    except OSError as exc:
        raise RulebookError(f"cannot read rulebook: {exc}", path=shown_path(path)) from None
    check_file(info, shown_path(path), where)
    try:
        doc, book, errors = parse_file(path, info.st_mtime_ns, shown_path(path), bool(stack))
    except NotARulebook as exc:
        parent = shown_path(stack[-1])  # only an extended file is checked for being one
        raise RulebookError(f"{exc.message}; {parent} extends it, check that path") from None
    merge_parsed(doc, book, errors, merged, path.parent, (*stack, path))
    merged.seen.add(path)


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
        merge_source(parent, merged, base_dir, stack)
    merged.apply(book, doc)
