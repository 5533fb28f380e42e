"""The ``scriptcheck`` command: a thin click layer over the library API.

Each sub-command lives in its own module of this package, registered in :data:`COMMANDS` and
imported only when it runs (or when ``--help`` lists them): ``scriptcheck check`` does not pay
for the imports of ``report`` or ``eval``. This is click's documented lazy-group pattern.
"""

from __future__ import annotations

from importlib import import_module

import click

from scriptcheck import __version__

#: sub-command name -> ``module:function`` in this package (keep sorted)
COMMANDS = {
    "check": "check:check",
    "eval": "eval:eval_command",
    "init": "init:init",
    "parse": "parse:parse",
    "report": "report:report",
    "rules": "rules:rules",
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, _, name = COMMANDS[cmd_name].partition(":")
        command: click.Command = getattr(import_module(f"scriptcheck.cli.{module}"), name)
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="scriptcheck")
def main() -> None:
    """Check Chinese call-center transcripts against service norms (服务规范质检).

    \b
    Quick start:
      scriptcheck check examples/transcripts/      check calls, print a scored report
      scriptcheck parse call.txt                   see how a file was read
      scriptcheck rules list                       the rules of the default pack
    """
