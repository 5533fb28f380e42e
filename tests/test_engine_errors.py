"""A rule that crashes on a call is isolated (the other rules and calls still run) but never a
silent pass: its outcome names the error, the call's notes say it, the summary counts it and
the run exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck import check, load_rulebook
from scriptcheck.cli import main
from scriptcheck.matchers.require import RequireMatcher
from scriptcheck.model import Status
from scriptcheck.readers import read_text

DATA = Path(__file__).parent / "data" / "rule_errors"
CALL, BOOK = str(DATA / "call.txt"), str(DATA / "book.yaml")


@pytest.fixture
def broken_require(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(self: RequireMatcher, call: object, anchor: int | None = None) -> None:
        raise ValueError("turns\nmissing")

    monkeypatch.setattr(RequireMatcher, "evaluate", crash)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", CALL, "--rules", BOOK, "--jobs", "1", *args])
    return result.exit_code, result.output


@pytest.mark.usefixtures("broken_require")
def test_crashing_rule_is_reported_not_passed() -> None:
    transcript = read_text((DATA / "call.txt").read_text(encoding="utf-8"))[0]
    result = check(transcript, load_rulebook(BOOK))
    crashed, other = result.outcomes
    assert crashed.status is Status.NOT_APPLICABLE
    assert crashed.reason is not None and "规则内部出错" in crashed.reason
    assert "ValueError" in crashed.reason and "\n" not in crashed.reason
    assert other.status is Status.VIOLATED  # the other rule still ran
    assert any(n.startswith("规则 test.greeting: 规则内部出错(ValueError") for n in result.notes)


@pytest.mark.usefixtures("broken_require")
def test_crashing_rule_exits_2_and_is_counted_in_the_summary() -> None:
    code, output = _run()
    assert code == 2
    assert "规则 test.greeting: 规则内部出错(ValueError: turns missing)" in output
    assert "1 次规则内部出错" in output


@pytest.mark.usefixtures("broken_require")
def test_json_summary_counts_rule_errors() -> None:
    code, output = _run("--format", "json")
    document = json.loads(output)
    assert code == 2 and document["summary"]["rule_errors"] == 1


@pytest.mark.usefixtures("broken_require")
@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("github", "::error file="),
        ("junit", 'type="RuleError"'),
        ("sarif", '"level": "error"'),
    ],
)
def test_ci_formats_show_the_crashed_rule(fmt: str, expected: str) -> None:
    code, output = _run("--format", fmt)
    assert code == 2
    assert expected in output and "test.greeting" in output and "ValueError" in output


def test_without_a_crash_the_run_exits_by_the_calls() -> None:
    code, output = _run()
    assert code == 0 and "规则内部出错" not in output


@pytest.mark.usefixtures("broken_require")
def test_rule_errors_in_worker_processes_are_counted(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text((DATA / "call.txt").read_text(encoding="utf-8"), "utf-8")
    result = CliRunner().invoke(
        main, ["check", str(tmp_path), "--rules", BOOK, "--jobs", "2", "--format", "json"]
    )
    document = json.loads(result.output)
    assert result.exit_code == 2
    assert document["summary"]["rule_errors"] == 3
    assert all(any("规则内部出错" in n for n in call["notes"]) for call in document["calls"])


@pytest.mark.usefixtures("broken_require")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_quiet_still_shows_a_passing_call_a_rule_crashed_on(tmp_path: Path, jobs: str) -> None:
    book = DATA / "require_only.yaml"  # only the crashing rule: the call passes, exit 2
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text((DATA / "call.txt").read_text(encoding="utf-8"), "utf-8")
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
            "--rules",
            str(book),
            "--jobs",
            jobs,
            "--quiet",
        ],
    )
    assert result.exit_code == 2
    assert result.output.count("规则内部出错") == 2 and "a.txt" in result.output
