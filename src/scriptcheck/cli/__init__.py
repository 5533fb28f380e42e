"""The ``scriptcheck`` command: a thin click layer over the library API.

Each sub-command lives in its own module of this package and is registered below.
"""

from __future__ import annotations

import click

from scriptcheck import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="scriptcheck")
def main() -> None:
    """Check Chinese call-center transcripts against service norms (服务规范质检).

    \b
    Quick start:
      scriptcheck check examples/transcripts/      check calls, print a scored report
      scriptcheck parse call.txt                   see how a file was read
      scriptcheck rules list                       the rules of the default pack
    """


# Sub-commands, one module each (keep this list sorted).
from scriptcheck.cli.check import check  # noqa: E402
from scriptcheck.cli.eval import eval_command  # noqa: E402
from scriptcheck.cli.init import init  # noqa: E402
from scriptcheck.cli.parse import parse  # noqa: E402
from scriptcheck.cli.report import report  # noqa: E402
from scriptcheck.cli.rules import rules  # noqa: E402

main.add_command(check)
main.add_command(eval_command)
main.add_command(init)
main.add_command(parse)
main.add_command(report)
main.add_command(rules)
