"""Configuration: found upward, validated strictly, overridden by flags; `scriptcheck init`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scriptcheck.cli import main
from scriptcheck.config import Config, discover_config, find_config, load_config
from scriptcheck.errors import ConfigError

DATA = Path(__file__).parent / "data" / "cli"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder, the working folder, holding the rude call under calls/."""
    (tmp_path / "calls").mkdir()
    shutil.copy(DATA / "calls" / "rude.txt", tmp_path / "calls" / "rude.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------- discovery and validation


def test_config_is_found_in_a_parent_folder(tmp_path: Path) -> None:
    own = write(tmp_path / "scriptcheck.toml", "fail-under = 70\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(nested) == own
    assert discover_config(start=nested).fail_under == 70.0


def test_pyproject_without_a_scriptcheck_table_is_passed_over(tmp_path: Path) -> None:
    own = write(tmp_path / "scriptcheck.toml", 'fail-on = "warning"\n')
    write(tmp_path / "sub" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    assert find_config(tmp_path / "sub") == own


def test_pyproject_tool_table_is_read(tmp_path: Path) -> None:
    pyproject = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.scriptcheck]\nrules = ["power"]\nfail_under = 60\n',
    )
    config = load_config(find_config(tmp_path) or "")
    assert config.path == pyproject.resolve()
    assert config.rules == ("power",) and config.fail_under == 60.0


def test_no_config_anywhere_gives_defaults(tmp_path: Path) -> None:
    if find_config(tmp_path) is not None:
        pytest.skip("a config file above the temp folder")
    assert discover_config(start=tmp_path) == Config()
    assert Config().fail_on is None and Config().rules == ()


def test_unknown_key_is_an_error_naming_file_and_key(tmp_path: Path) -> None:
    bad = write(tmp_path / "scriptcheck.toml", "fail-undr = 60\n")
    with pytest.raises(ConfigError) as caught:
        load_config(bad)
    assert str(caught.value).startswith(f"{bad}: unknown key 'fail-undr'")


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    bad = write(tmp_path / "pyproject.toml", "[tool.scriptcheck]\ncolour = true\n")
    with pytest.raises(ConfigError, match=r"unknown key 'colour' in \[tool.scriptcheck\]"):
        load_config(bad)


def test_value_of_the_wrong_type_is_an_error(tmp_path: Path) -> None:
    bad = write(tmp_path / "scriptcheck.toml", 'jobs = "many"\n')
    with pytest.raises(ConfigError, match="key 'jobs': expected a whole number"):
        load_config(bad)


def test_bad_fail_on_value_is_an_error(tmp_path: Path) -> None:
    bad = write(tmp_path / "scriptcheck.toml", 'fail-on = "fatal"\n')
    with pytest.raises(ConfigError, match="fail-on"):
        load_config(bad)


def test_invalid_toml_is_an_error(tmp_path: Path) -> None:
    bad = write(tmp_path / "scriptcheck.toml", "rules = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(bad)


def test_tables_and_channel_map_table_are_read(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path / "scriptcheck.toml",
            '[speakers]\n"小王" = "agent"\n[channel-map]\n0 = "agent"\n1 = "customer"\n'
            '[per-path-ignores]\n"templates/*" = ["close."]\n',
        )
    )
    assert config.speakers == {"小王": "agent"}
    assert config.channel_map == "0=agent,1=customer"
    assert config.per_path_ignores == {"templates/*": ("close.",)}


# ---------------------------------------------------------------- the config drives `check`


def test_config_fail_on_applies_and_a_flag_wins(project: Path) -> None:
    write(project / "scriptcheck.toml", 'fail-on = "never"\n')
    assert invoke("check", "calls").exit_code == 0
    assert invoke("check", "calls", "--fail-on", "error").exit_code == 1


def test_config_in_a_parent_folder_is_used(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "scriptcheck.toml", 'format = "jsonl"\n')
    monkeypatch.chdir(project / "calls")
    result = invoke("check", "rude.txt")
    assert json.loads(result.stdout)["path"] == "rude.txt"


def test_config_rules_path_is_relative_to_the_config_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "rules" / "mine.yaml", "extends: core\n")
    write(project / "scriptcheck.toml", 'rules = ["rules/mine.yaml"]\nformat = "json"\n')
    monkeypatch.chdir(project / "calls")
    result = invoke("check", "rude.txt")
    assert result.exit_code == 1, result.stderr
    assert json.loads(result.stdout)["rulebook"] == "mine"


def test_config_per_path_ignores_drop_rules_for_matching_files(project: Path) -> None:
    write(
        project / "scriptcheck.toml",
        'format = "jsonl"\n[per-path-ignores]\n"calls/*" = ["courtesy.forbidden-phrase"]\n',
    )
    call = json.loads(invoke("check", "calls").stdout)
    assert "courtesy.forbidden-phrase" not in {o["rule_id"] for o in call["outcomes"]}
    assert call["score"] == 100 - 5 - 15 - 5  # 喂, hang-up first, silent call


def test_explicit_config_flag_is_used(project: Path) -> None:
    other = write(project / "ci" / "strict.toml", 'fail-under = 99\nfail-on = "never"\n')
    assert invoke("check", "calls", "--config", str(other)).exit_code == 1


def test_config_with_an_unknown_key_stops_check_with_exit_2(project: Path) -> None:
    write(project / "scriptcheck.toml", "fail-undr = 60\n")
    result = invoke("check", "calls")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "unknown key 'fail-undr'" in result.stderr
    assert "scriptcheck.toml" in result.stderr


def test_missing_explicit_config_is_an_error(project: Path) -> None:
    result = invoke("check", "calls", "--config", "nope.toml")
    assert result.exit_code == 2 and "nope.toml: config file not found" in result.stderr


# ---------------------------------------------------------------- scriptcheck init


def test_init_writes_a_starter_config_that_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init")
    assert result.exit_code == 0
    config = load_config(tmp_path / "scriptcheck.toml")
    assert config.fail_on == "error"
    assert "# rules = " in (tmp_path / "scriptcheck.toml").read_text(encoding="utf-8")


def test_init_refuses_to_overwrite_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "scriptcheck.toml", "jobs = 2\n")
    refused = invoke("init")
    assert refused.exit_code == 2 and "already exists; use --force" in refused.stderr
    assert (tmp_path / "scriptcheck.toml").read_text(encoding="utf-8") == "jobs = 2\n"
    assert invoke("init", "--force").exit_code == 0
    assert load_config(tmp_path / "scriptcheck.toml").jobs is None
