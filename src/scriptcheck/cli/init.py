"""``scriptcheck init``: write a commented starter ``scriptcheck.toml``, or add it to a
``pyproject.toml`` as a ``[tool.scriptcheck]`` table."""

from __future__ import annotations

import os
import re
import sys
from typing import Any, NoReturn

import click

from scriptcheck.atomic import atomic_text
from scriptcheck.errors import ScriptcheckError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

STARTER = """\
# scriptcheck configuration (服务规范质检配置).
# Found upward from the working folder; command-line flags win over this file.
# Every key is optional: delete what you do not need. Run `scriptcheck rules list`
# to see rule ids and tags.

# Rule packs (core, power, telecom, courier) or your own rulebook files (paths are
# relative to this file). Leave unset to pick the pack from each call's `# hotline:` header.
# rules = ["power", "rules/our-hotline.yaml"]

# Only these rules / never these rules: rule ids, id prefixes ("open") or tags ("禁语").
# select = ["open.", "close."]
# ignore = ["courtesy.surname"]

# When a call fails: findings at or above this severity (error, warning, info, never) ...
fail-on = "error"
# ... or a score below this.
# fail-under = 60

# Output format: text, concise, json, jsonl, csv, sarif, junit, github, markdown.
# format = "text"

# Processes for a batch (default: all cores).
# jobs = 4

# Which files to take inside folders, and which to skip (globs on the name or path).
# include = ["*.txt", "*.json"]
# exclude = ["drafts/*"]

# Input: extra speaker labels, recogniser channels, encoding, format, largest file (MB).
# channel-map = "0=agent,1=customer"
# encoding = "gb18030"
# input-format = "text"
# max-size = 5

# [speakers]
# "张三" = "agent"
# "来电客户" = "customer"

# Hotline header values and the pack each one selects. A call's `# hotline: 96345` header
# names a hotline (mapped here), never a file; a value here is a pack name or a rulebook
# file (relative to this file).
# [hotlines]
# "95598" = "power"
# "10000" = "telecom"
# "96345" = "rules/gas-hotline.yaml"

# Rules to skip for some files (globs relative to this file).
# [per-path-ignores]
# "templates/*.tpl.txt" = ["close.customer-hangs-up-first"]
"""


#: the starter as a ``[tool.scriptcheck]`` table, for ``init --path pyproject.toml``
PYPROJECT_TABLE = "[tool.scriptcheck]\n" + re.sub(
    r"^# \[(speakers|hotlines|per-path-ignores)\]",
    r"# [tool.scriptcheck.\1]",
    STARTER,
    flags=re.MULTILINE,
)

# a table header line and its name: ``[tool.scriptcheck.speakers]``, ``[[tool.x]]``
_HEADER = re.compile(r"^[ \t]*\[\[?([^\]]*)\]")


@click.command("init")
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite an existing file (in a pyproject.toml: replace only [tool.scriptcheck]).",
)
@click.option(
    "--path",
    "target",
    type=click.Path(dir_okay=False),
    default="scriptcheck.toml",
    show_default=True,
    help="Where to write the config; a pyproject.toml gets a [tool.scriptcheck] table added.",
)
def init(force: bool, target: str) -> None:
    """Write a commented starter scriptcheck.toml in the current folder.

    With --path pyproject.toml the starter is added to that file as a [tool.scriptcheck]
    table (the file is created if missing); the rest of the file is kept byte for byte.
    """
    if os.path.basename(target) == "pyproject.toml":
        text = _pyproject_text(target, force)
    elif os.path.exists(target) and not force:
        _fail(f"{target}: already exists; use --force to overwrite it")
    else:
        text = STARTER
    try:
        with atomic_text(target, "--path") as handle:
            handle.write(text)
    except ScriptcheckError as exc:
        _fail(str(exc))
    click.echo(f"wrote {target}")


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _pyproject_text(target: str, force: bool) -> str:
    """``target``'s text with the starter table appended, or (``force``) put in place of
    its ``[tool.scriptcheck]`` table; refused when that cannot be done exactly."""
    try:
        with open(target, encoding="utf-8", newline="") as handle:
            old = handle.read()  # newline="": CRLF files stay CRLF
    except FileNotFoundError:
        old = ""
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{target}: cannot read it ({exc}); fix the file or pick another --path")
    try:
        document = tomllib.loads(old)
    except tomllib.TOMLDecodeError as exc:
        _fail(f"{target}: invalid TOML: {exc}; fix the syntax, then run init again")
    newline = "\r\n" if "\r\n" in old else "\n"
    table = PYPROJECT_TABLE.replace("\n", newline)
    if _scriptcheck_table(document) is None:
        separator = "" if not old else newline if old.endswith("\n") else newline * 2
        new = old + separator + table
    elif not force:
        _fail(
            f"{target}: already has a [tool.scriptcheck] table; use --force to replace that "
            "table (the rest of the file is kept)"
        )
    else:
        new = _replace_table(old, table)
    if not _only_our_table_changed(document, new):
        _fail(
            f"{target}: cannot replace [tool.scriptcheck] exactly (it is not one block of "
            "[tool.scriptcheck] tables); remove it by hand and run init again"
        )
    return new


def _scriptcheck_table(document: dict[str, Any]) -> Any:
    tool = document.get("tool")
    return tool.get("scriptcheck") if isinstance(tool, dict) else None


def _replace_table(old: str, table: str) -> str:
    """``old`` with its block of ``[tool.scriptcheck…]`` tables (from the first such header
    to the next other header) replaced by ``table``; ``old`` unchanged when there is no such
    block (a dotted key or an inline table: the check that follows refuses it)."""
    lines = old.splitlines(keepends=True)
    ours = [n for n, line in enumerate(lines) if _is_our_header(line)]
    if not ours:
        return old
    end = next(
        (n for n in range(ours[0] + 1, len(lines)) if _HEADER.match(lines[n]) and n not in ours),
        len(lines),
    )
    if end < len(lines) and not table.endswith("\n\n"):
        table += "\r\n" if table.endswith("\r\n") else "\n"  # a blank line before the next
    return "".join(lines[: ours[0]]) + table + "".join(lines[end:])


def _is_our_header(line: str) -> bool:
    found = _HEADER.match(line)
    if found is None:
        return False
    name = re.sub(r"""[\s"']""", "", found.group(1))
    return name == "tool.scriptcheck" or name.startswith("tool.scriptcheck.")


def _only_our_table_changed(before: dict[str, Any], text: str) -> bool:
    """Whether ``text`` parses to ``before`` with only its ``[tool.scriptcheck]`` table
    changed, to the starter's."""
    try:
        after = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    starter = _scriptcheck_table(tomllib.loads(PYPROJECT_TABLE))
    return _scriptcheck_table(after) == starter and _others(after) == _others(before)


def _others(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` without ``[tool.scriptcheck]`` (and without a ``tool`` table left empty)."""
    tool = document.get("tool")
    if not isinstance(tool, dict):
        return document
    rest = {k: v for k, v in tool.items() if k != "scriptcheck"}
    others = {k: v for k, v in document.items() if k != "tool"}
    return {**others, "tool": rest} if rest else others
