"""Safe YAML loading that remembers where every value came from.

``load_yaml`` returns plain Python data plus a map from each value's path
(``("rules", 3, "kind")``) to its 1-based (line, column), so that schema errors can point at
``rules/core.yaml:42:7``. Only the safe YAML subset is accepted (no tags that build objects);
duplicate keys are errors rather than silently overwritten. Aliases (``*name``) work, but
what they expand to is capped (:data:`MAX_ALIASED_NODES`), so that a few lines of nested
aliases (a "billion laughs" alias bomb) cannot build millions of values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from scriptcheck.errors import RulebookError

Path = tuple[Any, ...]
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
#: libyaml's parser when PyYAML was built with it (its wheels are): about 8x faster
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: at most this many values built again through aliases (beyond the values the file writes)
MAX_ALIASED_NODES = 100_000


class YamlInt(int):
    """An integer as YAML read it, with the text it was written as (``0571`` reads as 377,
    an octal number): a phrase list takes a number of digits as its text."""

    text: str


class YamlFloat(float):
    """A float as YAML read it, with the text it was written as (``1.50`` reads as 1.5)."""

    text: str


@dataclass
class YamlDocument:
    data: Any
    path: str
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Path) -> tuple[int | None, int | None]:
        """The line/column of the deepest known ancestor of ``loc``."""
        loc = tuple(loc)
        while loc:
            if loc in self.marks:
                return self.marks[loc]
            loc = loc[:-1]
        return self.marks.get((), (None, None))

    def error(self, message: str, loc: Path = ()) -> RulebookError:
        line, column = self.where(loc)
        return RulebookError(message, path=self.path, line=line, column=column)


def load_yaml(text: str, path: str) -> YamlDocument:
    loader: Any = _FAST_LOADER
    try:
        try:
            node = yaml.compose(text, Loader=loader)
        except yaml.YAMLError:
            # libyaml is fast but its messages are terse; the pure-Python parser says more
            loader = yaml.SafeLoader
            node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "invalid YAML"
        raise RulebookError(
            f"YAML syntax error: {problem}{_indentation_hint(problem)}",
            path=path,
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: other parser failures
        raise RulebookError(f"YAML error: {exc}", path=path) from exc
    doc = YamlDocument(data=None, path=path)
    if node is None:
        raise RulebookError("the rulebook is empty", path=path, line=1, column=1)
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, ())
    except _AliasTrouble as trouble:
        line, column = _alias_position(text, loader, builder.aliases)
        raise RulebookError(trouble.message, path=path, line=line, column=column) from None
    return doc


#: what the YAML parser says when a line is indented wrongly or with a tab
_INDENTATION_PROBLEMS = (
    "'\\t'",  # found character '\t' that cannot start any token
    "<block end>",
    "<block mapping start>",
    "<block sequence start>",
    "mapping values are not allowed here",
    "could not find expected ':'",
)
INDENTATION_HINT = "; check the indentation: spaces, not tabs; list items under their key"


def _indentation_hint(problem: str) -> str:
    """A hint for the syntax errors bad indentation (or a tab) causes; empty otherwise."""
    return INDENTATION_HINT if any(p in problem for p in _INDENTATION_PROBLEMS) else ""


class _AliasTrouble(Exception):
    """An alias that expands too far or into itself; located afterwards by its number."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class _Builder:
    """Builds plain data from a composed YAML node graph, where an alias is the very node it
    names: a node met again is an alias use, and what it builds counts against the budget."""

    doc: YamlDocument
    built: set[int] = field(default_factory=set)  # ids of the nodes built at least once
    open: set[int] = field(default_factory=set)  # ids of the nodes being built right now
    aliases: int = 0  # alias uses met so far, in document order
    again: int = 0  # values built again through aliases

    def build(self, node: yaml.Node, loc: Path, in_alias: bool = False) -> Any:
        if id(node) in self.built:
            self._count(in_alias)
            in_alias = True
            if id(node) in self.open:
                raise _AliasTrouble("an alias refers to the list or mapping it is in; write it out")
        self.built.add(id(node))
        self.doc.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, in_alias)
        if isinstance(node, yaml.SequenceNode):
            self.open.add(id(node))
            items = [self.build(item, (*loc, i), in_alias) for i, item in enumerate(node.value)]
            self.open.discard(id(node))
            return items
        return _scalar(node, self.doc)

    def _count(self, in_alias: bool) -> None:
        if not in_alias:
            self.aliases += 1
        self.again += 1
        if self.again > MAX_ALIASED_NODES:
            raise _AliasTrouble(
                f"aliases expand to more than {MAX_ALIASED_NODES:,} nodes (a YAML alias bomb?);"
                " write the list out"
            )

    def _mapping(self, node: yaml.MappingNode, loc: Path, in_alias: bool) -> dict[Any, Any]:
        doc = self.doc
        result: dict[Any, Any] = {}
        self.open.add(id(node))
        for key_node, value_node in node.value:
            if id(key_node) in self.built:
                self._count(in_alias)
            self.built.add(id(key_node))
            key = _scalar(key_node, doc)
            key_mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key == "<<":
                raise doc.error("YAML merge keys (<<) are not supported in rulebooks", loc)
            if key in result:
                doc.marks[loc + (key,)] = key_mark
                raise doc.error(f"duplicate key '{key}'", loc + (key,))
            result[key] = self.build(value_node, loc + (key,), in_alias)
            # point at the key, not the value: that is where a reader looks for a typo
            doc.marks[loc + (key,)] = key_mark
        self.open.discard(id(node))
        return result


def _alias_position(text: str, loader: Any, number: int) -> tuple[int | None, int | None]:
    """Line and column of the ``number``-th alias (1-based) of ``text``, in document order."""
    seen = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            seen += 1
            mark = event.start_mark
            if seen == number and mark is not None:
                return mark.line + 1, mark.column + 1
    return None, None  # pragma: no cover - defensive: the composer met as many aliases


def _scalar(node: yaml.Node, doc: YamlDocument) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        raise RulebookError(
            "a mapping key must be a plain value", path=doc.path, line=line, column=column
        )
    try:
        value = _CONSTRUCTOR.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        raise RulebookError(f"bad value: {exc}", path=doc.path, line=line, column=column) from exc
    return _with_text(value, node.value)


def _with_text(value: Any, text: str) -> Any:
    """A number that remembers how it was written; anything else as it is."""
    number: YamlInt | YamlFloat
    if type(value) is int:
        number = YamlInt(value)
    elif type(value) is float:
        number = YamlFloat(value)
    else:
        return value
    number.text = text
    return number
