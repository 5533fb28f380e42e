"""Labels: the violations QA staff found in each call, as ``scriptcheck eval`` reads them.

Labels are YAML (``call.txt: {rules: power, violations: [open.work-id]}`` or simply
``call.txt: [open.work-id]``) or CSV (columns ``file``/``文件``, ``violations``/``违规`` with ids
separated by ``;``, ``；``, ``、``, ``,`` or spaces, optional ``rules``/``规则``), in UTF-8, GBK or
UTF-16 as Excel saves them. Paths are relative to the labels file; a call labelled twice (under
any spelling of its path) is an error.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scriptcheck.errors import ConfigError, InputError, RulebookError, did_you_mean
from scriptcheck.readers.encoding import decode
from scriptcheck.rulebook.problems import all_errors

_KEYS = ("rules", "violations")
#: CSV header names QA staff use, normalised (lower case, no spaces) → the column they mean
_COLUMNS = {
    "file": "file",
    "文件": "file",
    "文件名": "file",
    "violations": "violations",
    "violation": "violations",
    "违规": "violations",
    "违规项": "violations",
    "rules": "rules",
    "rule": "rules",
    "规则": "rules",
    "规则包": "rules",
}
#: between rule ids in a CSV cell or a YAML string: ASCII and full-width punctuation, spaces
_SEPARATORS = re.compile(r"[;,；，、|\s]+")


@dataclass(frozen=True)
class Label:
    path: Path
    violations: frozenset[str]
    rules: str | None = None  # the pack or rulebook this call is checked with
    name: str = ""  # the call file as written in the labels
    where: str = ""  # labels file and line ("labels.yaml:3", "labels.csv: line 3")
    line: int = 0


def load_labels(path: Path) -> list[Label]:
    """Read a labels file (YAML or CSV); paths inside are relative to it.

    Raises ConfigError, located at the file and line, for a file that cannot be decoded or
    parsed, a bad entry, an empty file column, or a call labelled twice.
    """
    is_csv = path.suffix.lower() in (".csv", ".tsv")
    text = _read_text(path, is_csv)
    labels = _labels_from_csv(text, path) if is_csv else _labels_from_yaml(text, path)
    _reject_duplicates(labels)
    return labels


def _read_text(path: Path, is_csv: bool) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read labels: {exc.strerror or exc}", path=str(path)) from None
    if not data.strip():
        raise ConfigError(_EMPTY, path=str(path))
    try:
        text, _ = decode(data, path=str(path))
    except InputError:
        raise ConfigError(
            "cannot read the labels as text (not UTF-8, GB18030, Big5 or UTF-16); "
            f"save it as {'CSV UTF-8' if is_csv else 'UTF-8'}",
            path=str(path),
        ) from None
    return text


_EMPTY = "the labels file is empty; list each call file with the rule ids it violates"


class _LabelsLoader(yaml.SafeLoader):
    """PyYAML's safe loader, but a mapping that repeats a key is an error, not overwritten."""


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_LabelsLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def _labels_from_yaml(text: str, source: Path) -> list[Label]:
    """The labels of a YAML mapping, each with the line of its key; repeated keys are kept
    here so that :func:`_reject_duplicates` can name both lines."""
    loader = _LabelsLoader(text)
    labels = []
    try:
        root = loader.get_single_node()
        if root is None:
            raise ConfigError(_EMPTY, path=str(source))
        if not isinstance(root, yaml.MappingNode):
            raise ConfigError(
                "labels must map each call file to its violated rule ids "
                "(call.txt: {rules: core, violations: [open.work-id]})",
                path=f"{source}:{root.start_mark.line + 1}",
            )
        for key_node, value_node in root.value:
            line = key_node.start_mark.line + 1
            name = loader.construct_object(key_node, deep=True)
            entry = loader.construct_object(value_node, deep=True)
            labels.append(_label(name, entry, source, line, f"{source}:{line}"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark else str(source)
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"labels are not valid YAML: {problem}", path=where) from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: other parser failures
        raise ConfigError(f"labels are not valid YAML: {exc}", path=str(source)) from None
    finally:
        loader.dispose()
    return labels


def _label(name: Any, entry: Any, source: Path, line: int, where: str) -> Label:
    name = "" if name is None else str(name).strip()
    if not name:
        raise ConfigError("empty call file name; give the call file's path", path=where)
    rules = None
    if isinstance(entry, dict):
        for key in entry:
            if key not in _KEYS:
                raise ConfigError(
                    f"{name}: unknown key '{key}'{did_you_mean(str(key), _KEYS)} "
                    "(expected rules, violations)",
                    path=where,
                )
        rules = entry.get("rules")
        if rules is not None and (not isinstance(rules, str) or not rules.strip()):
            raise ConfigError(f"{name}: rules must be one pack name or rulebook path", path=where)
        entry = entry.get("violations")
    if entry is None:
        entry = []
    if isinstance(entry, str):  # `violations: open.work-id` or "open.work-id；close.thank"
        entry = _SEPARATORS.split(entry)
    if not isinstance(entry, list) or not all(isinstance(v, str) for v in entry):
        raise ConfigError(f"{name}: violations must be a list of rule ids", path=where)
    ids = frozenset(v.strip() for v in entry if v.strip())
    return Label(source.parent / name, ids, rules.strip() if rules else None, name, where, line)


def _labels_from_csv(text: str, source: Path) -> list[Label]:
    first_line = text.split("\n", 1)[0]
    tabs = source.suffix.lower() == ".tsv" or ("\t" in first_line and "," not in first_line)
    reader = csv.reader(io.StringIO(text), dialect="excel-tab" if tabs else "excel")
    labels = []
    try:
        columns = _csv_columns(next(reader, []), source)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # a blank row, as spreadsheets leave at the end
            labels.append(_csv_label(row, columns, source, reader.line_num))
    except csv.Error as exc:
        raise ConfigError(f"bad CSV row: {exc}", path=f"{source}: line {reader.line_num}") from None
    return labels


def _csv_columns(header: list[str], source: Path) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        column = _COLUMNS.get("".join(title.split()).lower().lstrip("\ufeff"))
        if column and column not in columns:
            columns[column] = index
    missing = [c for c in ("file", "violations") if c not in columns]
    if missing:
        found = ", ".join(t.strip() for t in header if t.strip()) or "nothing"
        raise ConfigError(
            f"labels CSV needs a header row with columns file, violations and optionally rules "
            f"(or 文件, 违规, 规则); line 1 has {found}",
            path=str(source),
        )
    return columns


def _csv_label(row: list[str], columns: dict[str, int], source: Path, line: int) -> Label:
    def cell(column: str) -> str:
        index = columns.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    where = f"{source}: line {line}"
    name = cell("file")
    if not name:
        raise ConfigError("empty file column; give the call file's path", path=where)
    ids = frozenset(v for v in _SEPARATORS.split(cell("violations")) if v)
    return Label(source.parent / name, ids, cell("rules") or None, name, where, line)


def _reject_duplicates(labels: list[Label]) -> None:
    """A call labelled twice (``calls/x.txt`` and ``./calls/x.txt`` too) would count twice."""
    first: dict[Path, Label] = {}
    for label in labels:
        earlier = first.setdefault(label.path.resolve(), label)
        if earlier is not label:
            also = f" as {earlier.name}" if earlier.name != label.name else ""
            raise ConfigError(
                f"{label.name} is labelled twice (first at line {earlier.line}{also}); "
                "keep one entry per call",
                path=label.where,
            )


def label_problems(
    labels: Iterable[Label],
    rule_ids: Callable[[Label], set[str]],
    every_rule_id: Callable[[], set[str]],
) -> list[str]:
    """Mistakes in the labels that would skew the figures, one message each.

    ``rule_ids`` gives the rule ids of the rulebook a label's call is checked with (raising
    RulebookError if it does not load); ``every_rule_id`` those of every shipped pack and
    rulebook in use. A label's rulebook that does not load and a rule id that no rulebook has
    (a typo) are problems; an id of another pack is not (it is reported, unscored).
    """
    problems: list[str] = []
    everything: set[str] | None = None
    for label in labels:
        try:
            known = rule_ids(label)
        except RulebookError as exc:
            problems += [_rulebook_problem(label, error) for error in all_errors(exc)]
            continue
        missing = label.violations - known
        if missing and everything is None:
            everything = every_rule_id() | known
        for rule_id in sorted(missing - (everything or set())):
            hint = did_you_mean(rule_id, sorted(everything or ()))
            problems.append(
                f"{label.where}: {label.name}: unknown rule id '{rule_id}'{hint}; "
                "correct the label (scriptcheck rules list shows the ids)"
            )
    return list(dict.fromkeys(problems))


def _rulebook_problem(label: Label, error: RulebookError) -> str:
    """A rulebook error, located at the label when it is the label's ``rules`` that is wrong."""
    if error.path is None:  # the pack name itself: `rules: pwoer`
        return f"{label.where}: {error.message}"
    if error.path == label.rules:  # `rules: my.yaml` that is not there
        return f"{label.where}: {error}"
    return str(error)
