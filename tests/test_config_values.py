"""A config file is validated as a whole, whatever flags a run gives, with the same ranges
the flags have; a bad value names the file, the line and the key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scriptcheck.cli import main
from scriptcheck.config import load_config
from scriptcheck.errors import ConfigError

CALL = Path(__file__).parent / "data" / "api" / "rival.txt"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(CALL, tmp_path / "call.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def configured(project: Path, toml: str, *flags: str) -> Result:
    (project / "scriptcheck.toml").write_text(toml, encoding="utf-8")
    return CliRunner().invoke(main, ["check", "call.txt", *flags], catch_exceptions=False)


def test_jobs_zero_means_all_cores_as_the_flag_does(project: Path) -> None:
    result = configured(project, "jobs = 0\n", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["path"] == "call.txt"
    assert load_config(project / "scriptcheck.toml").jobs == 0


def test_negative_jobs_is_an_error(project: Path) -> None:
    result = configured(project, "jobs = -1\n")
    assert result.exit_code == 2
    assert "scriptcheck.toml: key 'jobs': expected a whole number >= 0" in result.stderr


@pytest.mark.parametrize("score", ["200", "-1", "100.5"])
def test_fail_under_outside_0_to_100_is_an_error(project: Path, score: str) -> None:
    result = configured(project, f"fail-under = {score}\n")
    assert result.exit_code == 2
    assert "scriptcheck.toml: key 'fail-under': expected a score from 0 to 100" in result.stderr


def test_fail_under_100_is_accepted(project: Path) -> None:
    assert load_config(_write(project, "fail-under = 100\n")).fail_under == 100


def test_unknown_hotline_pack_names_the_config_line_and_the_hotline(project: Path) -> None:
    result = configured(project, '[hotlines]\n"10000" = "telcom"\n')
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith("error: ") and "\n" not in line
    assert "scriptcheck.toml:2: [hotlines] key '10000': unknown rule pack 'telcom'" in line
    assert "(did you mean 'telecom'?)" in line and "<rulebook>" not in line


def test_hotline_rulebook_path_is_checked_relative_to_the_config(project: Path) -> None:
    (project / "rules").mkdir()
    shutil.copy(CALL.parent / "mine.yaml", project / "rules" / "mine.yaml")
    config = load_config(_write(project, '[hotlines]\n"10000" = "rules/mine.yaml"\n'))
    assert config.hotlines == {"10000": "rules/mine.yaml"}
    with pytest.raises(ConfigError, match=r"\[hotlines\] key '10000': rulebook file not found"):
        load_config(_write(project, '[hotlines]\n"10000" = "rules/nope.yaml"\n'))


def test_unknown_pack_in_rules_names_the_config_line(project: Path) -> None:
    result = configured(project, 'rules = ["powr"]\n', "--rules", "power")
    assert result.exit_code == 2
    assert "scriptcheck.toml:1: key 'rules': unknown rule pack 'powr'" in result.stderr


@pytest.mark.parametrize(
    ("toml", "flags", "expected"),
    [
        ('format = "xml"\n', ("--format", "json"), "key 'format': unknown value 'xml'"),
        ('format = "jsn"\n', (), "unknown value 'jsn' (did you mean 'json'?)"),
        ('input-format = "docx"\n', ("--input-format", "text"), "key 'input-format'"),
        ('encoding = "gbk2"\n', ("--encoding", "utf-8"), "unknown encoding 'gbk2'"),
        ('fail-on = "sometimes"\n', ("--fail-on", "never"), "key 'fail-on'"),
        ("max-size = 0\n", ("--max-size", "5"), "key 'max-size': expected a positive size"),
        ("jobs = true\n", ("--jobs", "1"), "key 'jobs': expected a whole number"),
        ('jobs = "2"\n', ("--jobs", "1"), "key 'jobs': expected a whole number"),
        ("rules = [1]\n", ("--rules", "core"), "key 'rules': expected a list of pack names"),
        ("[speakers]\nA = 1\n", (), "key 'speakers': expected a table of label"),
        ('hotlines = ["power"]\n', (), "key 'hotlines': expected a table of hotline"),
        ('fail_under = "80"\n', ("--fail-under", "50"), "key 'fail_under': expected a score"),
    ],
)
def test_a_bad_config_value_is_an_error_even_when_a_flag_overrides_it(
    project: Path, toml: str, flags: tuple[str, ...], expected: str
) -> None:
    result = configured(project, toml, *flags)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "scriptcheck.toml" in result.stderr
    assert expected in result.stderr


def _write(project: Path, toml: str) -> Path:
    path = project / "scriptcheck.toml"
    path.write_text(toml, encoding="utf-8")
    return path


def test_single_strings_and_tables_are_read_as_their_list_forms(project: Path) -> None:
    config = load_config(
        _write(
            project,
            'rules = "power"\nchannel-map = {0 = "agent", 1 = "customer"}\n'
            '[per-path-ignores]\n"old/*" = "open"\n',
        )
    )
    assert config.rules == ("power",)
    assert config.channel_map == "0=agent,1=customer"
    assert config.per_path_ignores == {"old/*": ("open",)}
