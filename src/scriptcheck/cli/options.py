"""Options the commands share: which files to take and how to read them, colour, config."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from scriptcheck.readers import FORMATS

F = TypeVar("F", bound=Callable[..., Any])


def choices(names: tuple[str, ...]) -> click.Choice:
    """A choice option that takes the names in any case (``--format JSON``)."""
    return click.Choice(names, case_sensitive=False)


NO_COLOR_OPTION = click.option(
    "--no-color",
    is_flag=True,
    help=(
        "No colours (also: NO_COLOR set). In a pipe colours are off unless FORCE_COLOR=1 "
        "(e.g. | less -R)."
    ),
)
RULES_OPTION = click.option(
    "--rules",
    "-r",
    multiple=True,
    metavar="PACK|FILE",
    help=(
        "Rule pack name or rulebook file; repeatable, later ones on top (a rule id two of them "
        "define is the later one's)."
    ),
)
CONFIG_OPTION = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), help="Config file."
)

_READING_OPTIONS = (
    click.option("--input-format", type=choices(FORMATS), help="Input format (default: detect)."),
    click.option("--encoding", help="Input encoding, e.g. gb18030 (default: detect)."),
    click.option("--channel-map", help="Recogniser channels to roles, e.g. 0=agent,1=customer."),
    click.option(
        "--speaker",
        "speakers",
        multiple=True,
        metavar="NAME=ROLE",
        help="Speaker label to role, e.g. 张三=agent.",
    ),
    click.option(
        "--max-size", type=click.FloatRange(min=0, min_open=True), help="Max MB per file."
    ),
)
_INPUT_OPTIONS = (
    click.option("--include", multiple=True, help="Glob of files to take inside folders."),
    click.option("--exclude", multiple=True, help="Glob of files or folders to skip."),
    *_READING_OPTIONS,
    click.option("--skip-bad-files", is_flag=True, help="Unreadable files do not make exit 2."),
)


def input_options(command: F) -> F:
    """Add the input options to a command, in the order listed (``--help`` shows them so)."""
    for option in reversed(_INPUT_OPTIONS):
        command = option(command)
    return command


def reading_options(command: F) -> F:
    """Add only the options that say how to read a file (format, encoding, channels,
    speakers, size): for commands that are given files by name, not folders."""
    for option in reversed(_READING_OPTIONS):
        command = option(command)
    return command
