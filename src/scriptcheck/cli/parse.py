"""``scriptcheck parse``: show how files were read (turns, roles, times, events)."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from scriptcheck.cli.common import fail, read_options
from scriptcheck.cli.options import CONFIG_OPTION, NO_COLOR_OPTION, reading_options
from scriptcheck.config import discover_config
from scriptcheck.errors import InputError, ScriptcheckError, printable
from scriptcheck.model import EVENT_NAMES, Transcript
from scriptcheck.readers import (
    PartialReadError,
    ReadOptions,
    read_bytes,
    read_file,
    transcript_to_dict,
)
from scriptcheck.readers.timecode import format_timecode
from scriptcheck.redact import redact_text, redact_transcript


@click.command("parse")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output: a readable table (turns numbered from 1, as 第N轮 in check), or the "
    "project's JSON schema (turns[].index counts from 0; events[].after_turn is the number "
    "of turns before the event).",
)
@reading_options
@CONFIG_OPTION
@click.option("--redact", is_flag=True, help="Mask phone, ID-card and bank-card numbers.")
@NO_COLOR_OPTION
def parse(
    files: tuple[str, ...],
    output_format: str,
    config_path: str | None,
    redact: bool,
    no_color: bool,
    **reading: Any,
) -> None:
    """Show how transcript FILES are read: turns, roles, times and events (- reads stdin).

    Files are read exactly as `check` reads them: the same config file (found upward, or
    --config) with its speakers, channel-map, encoding, input-format and max-size, and the
    same flags over it. With --redact, numbers in texts, headers and file paths are masked
    as in ``check``.
    """
    try:
        options = read_options(reading, discover_config(config_path))
    except ScriptcheckError as exc:
        fail(redact_text(str(exc)) if redact else str(exc))
    console = Console(highlight=False, no_color=no_color or "NO_COLOR" in os.environ)
    failed = False

    def error(line: str) -> None:
        click.echo(f"error: {redact_text(line) if redact else line}", err=True)

    for path in files:
        try:
            transcripts = _read(path, options)
        except PartialReadError as exc:  # bad JSONL lines: show them and the calls that read
            failed = True
            for problem in exc.errors:
                error(f"{printable(exc.path or path)}: {problem}")
            transcripts = exc.transcripts
        except InputError as exc:
            failed = True
            error(str(exc) if exc.path else f"{printable(path)}: {exc.message}")
            continue
        if redact:
            transcripts = [redact_transcript(t) for t in transcripts]
        if output_format == "json":
            document = [transcript_to_dict(t) for t in transcripts]
            click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            for transcript in transcripts:
                _print_transcript(console, transcript)
    if failed:
        sys.exit(2)


def _read(path: str, options: ReadOptions) -> list[Transcript]:
    if path == "-":
        data = sys.stdin.buffer.read(options.max_bytes + 1)
        return read_bytes(data, path="<stdin>", options=options)
    return read_file(path, options)


def _print_transcript(console: Console, transcript: Transcript) -> None:
    header = Text()
    header.append(transcript.name, style="bold")
    header.append(f"  格式 {transcript.format}  编码 {transcript.encoding or '-'}", style="dim")
    console.print(header)
    for key, value in transcript.metadata.items():
        console.print(f"  {key}: {value}")
    if transcript.roles_inferred:
        console.print("  [yellow]角色为推断结果 (roles inferred); 可用 --channel-map 指定[/yellow]")
    for note in transcript.notes:
        console.print(Text(f"  注意: {note}", style="yellow"))
    console.print(_turn_table(transcript))
    if transcript.events:
        console.print(_event_table(transcript))
    if transcript.pragmas:
        for line, text in transcript.pragmas:
            console.print(f"  [dim]第 {line} 行 scriptcheck: {text}[/dim]")
    console.print()


def _turn_table(transcript: Transcript) -> Table:
    table = Table(title=f"{len(transcript.turns)} 轮对话", title_justify="left", expand=False)
    table.add_column("#", justify="right")
    table.add_column("时间", no_wrap=True)
    table.add_column("角色", no_wrap=True)
    table.add_column("内容", overflow="fold")
    for turn in transcript.turns:
        time = format_timecode(turn.start)
        if turn.end is not None:
            time += f"-{format_timecode(turn.end)}"
        style = {"agent": "cyan", "customer": "green"}.get(turn.role.value, "red")
        table.add_row(
            str(turn.index + 1), time, Text(turn.role.label, style=style), Text(turn.text)
        )
    return table


def _event_table(transcript: Transcript) -> Table:
    table = Table(title="事件", title_justify="left", expand=False)
    for column in ("位置", "时间", "事件", "详情"):
        table.add_column(column)
    for event in transcript.events:
        details = [
            f"{event.by.label}" if event.by else "",
            f"{event.count} 声" if event.count is not None else "",
            f"{event.duration:g} 秒" if event.duration is not None else "",
            event.note or "",
        ]
        table.add_row(
            _event_place(event.position),
            format_timecode(event.time),
            EVENT_NAMES[event.kind.value],
            Text(" ".join(d for d in details if d), overflow="fold"),
        )
    return table


def _event_place(position: int) -> str:
    """Where an event falls, in the 1-based turn numbers of the table: ``position`` is the
    number of turns before it, so it follows turn ``position``."""
    return f"第 {position} 轮后" if position else "第 1 轮前"
