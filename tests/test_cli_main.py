"""The top-level ``scriptcheck`` command: its sub-commands load only when used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from scriptcheck.cli import COMMANDS, main
from scriptcheck.formatters import FORMATTERS

CLEAN = Path(__file__).parent / "data" / "cli" / "calls" / "clean.txt"


def test_help_lists_every_sub_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1]
    for name in COMMANDS:
        assert f"  {name} " in listed


def test_an_unknown_sub_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["chek"])
    assert result.exit_code == 2 and "No such command 'chek'" in result.output


def modules_loaded_by_check(output_format: str) -> set[str]:
    """The ``scriptcheck.*`` modules a fresh interpreter imports for one check."""
    probe = (
        "import sys; from scriptcheck.cli import main\n"
        "try:\n"
        f"    main(['check', {str(CLEAN)!r}, '--format', {output_format!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "mods = [m for m in sys.modules if m.startswith('scriptcheck.')]\n"
        "print(' '.join(sorted(mods)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    return set(done.stderr.split())


def test_check_imports_neither_the_other_commands_nor_unused_formats() -> None:
    """A one-file jsonl check skips the report, eval, SARIF… imports (cold start)."""
    loaded = modules_loaded_by_check("jsonl")
    assert "scriptcheck.cli.check" in loaded and "scriptcheck.formatters.json" in loaded
    for unused in ("cli.report", "cli.eval", "formatters.sarif", "formatters.junit", "report"):
        assert f"scriptcheck.{unused}" not in loaded, unused


def test_text_check_locates_findings_without_importing_the_ci_formats() -> None:
    """The source locator lives in its own module, not in the SARIF one."""
    loaded = modules_loaded_by_check("text")
    assert {"scriptcheck.formatters.text", "scriptcheck.formatters.locate"} <= loaded
    for unused in ("sarif", "junit", "github", "markdown", "csv"):
        assert f"scriptcheck.formatters.{unused}" not in loaded, unused


def test_format_choices_are_the_formatter_registry_in_its_order() -> None:
    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    assert f"[{'|'.join(FORMATTERS)}]" in "".join(result.output.split())


def test_check_does_not_import_pkg_resources_and_leaves_it_importable() -> None:
    """jieba would import pkg_resources (60 ms) only to open its own files: it is hidden
    while jieba loads, and an importer after us still gets it if it is installed."""
    probe = (
        "import importlib.util, sys; from scriptcheck.cli import main\n"
        "try:\n"
        f"    main(['check', {str(CLEAN)!r}, '--format', 'jsonl'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('loaded' if 'pkg_resources' in sys.modules else 'not loaded', file=sys.stderr)\n"
        "print('findable' if importlib.util.find_spec('pkg_resources') else 'absent', "
        "file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded, findable = done.stderr.splitlines()[-2:]
    assert loaded == "not loaded"
    assert findable in ("findable", "absent")  # absent with setuptools >= 81 or no setuptools


def test_python_dash_m_scriptcheck_runs_the_same_command_line() -> None:
    """For machines where the console script is not on PATH (``python -m scriptcheck``)."""
    done = subprocess.run(
        [sys.executable, "-m", "scriptcheck", "check", str(CLEAN), "--format", "jsonl"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert '"path"' in done.stdout and "clean.txt" in done.stdout
    usage = subprocess.run(
        [sys.executable, "-m", "scriptcheck", "--help"], capture_output=True, text=True
    )
    assert usage.stdout.startswith("Usage: scriptcheck ")
