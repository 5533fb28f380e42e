"""Safe YAML loading that remembers where every value came from.

``load_yaml`` returns plain Python data plus a map from each value's path
(``("rules", 3, "kind")``) to its 1-based (line, column), so that schema errors can point at
``rules/core.yaml:42:7``. Only the safe YAML subset is accepted (no tags that build objects);
duplicate keys are errors rather than silently overwritten.
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
    try:
        try:
            node = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            # libyaml is fast but its messages are terse; the pure-Python parser says more
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "invalid YAML"
        raise RulebookError(
            f"YAML syntax error: {problem}", path=path, line=line, column=column
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: other parser failures
        raise RulebookError(f"YAML error: {exc}", path=path) from exc
    doc = YamlDocument(data=None, path=path)
    if node is None:
        raise RulebookError("the rulebook is empty", path=path, line=1, column=1)
    doc.data = _build(node, (), doc)
    return doc


def _build(node: yaml.Node, loc: Path, doc: YamlDocument) -> Any:
    doc.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, doc)
            if key == "<<":
                raise doc.error("YAML merge keys (<<) are not supported in rulebooks", loc)
            if key in result:
                doc.marks[loc + (key,)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                raise doc.error(f"duplicate key '{key}'", loc + (key,))
            result[key] = _build(value_node, loc + (key,), doc)
            # point at the key, not the value: that is where a reader looks for a typo
            doc.marks[loc + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), doc) for i, item in enumerate(node.value)]
    return _scalar(node, doc)


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
