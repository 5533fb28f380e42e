"""``scriptcheck init``: write a commented starter ``scriptcheck.toml``."""

from __future__ import annotations

import os
import sys

import click

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


@click.command("init")
@click.option("--force", is_flag=True, help="Overwrite an existing scriptcheck.toml.")
@click.option(
    "--path",
    "target",
    type=click.Path(dir_okay=False),
    default="scriptcheck.toml",
    show_default=True,
    help="Where to write the config.",
)
def init(force: bool, target: str) -> None:
    """Write a commented starter scriptcheck.toml in the current folder."""
    if os.path.exists(target) and not force:
        click.echo(f"error: {target}: already exists; use --force to overwrite it", err=True)
        sys.exit(2)
    try:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(STARTER)
    except OSError as exc:
        click.echo(f"error: {target}: cannot write ({exc.strerror or exc})", err=True)
        sys.exit(2)
    click.echo(f"wrote {target}")
