"""Every output names each call of a multi-call file so it can be traced, and the CSV numbers
turns 1-based (``turn_no``) like the text and Excel reports; JSON keeps its 0-based ``turn``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck.cli import main

DATA = Path(__file__).parent / "data" / "report"
MULTI = str(DATA / "batch" / "multi.jsonl")
C_BAD = str(DATA / "c_bad_2048.txt")


def check(*args: str) -> str:
    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(main, ["check", "-j", "1", "--rules", "power", "--no-color", *args])
    assert result.exit_code in (1, 2), result.output
    return result.stdout


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_jsonl_output_names_each_call_by_its_jsonl_line():
    records = [json.loads(line) for line in check(MULTI, "--format", "jsonl").splitlines()]
    names = [r["name"] for r in records if "name" in r]  # the bad line is an error record
    assert names == [f"{MULTI}#1", f"{MULTI}#3"]


@pytest.mark.parametrize("output_format", ["text", "concise", "markdown", "junit"])
def test_readable_and_ci_outputs_name_each_jsonl_call_by_its_line(output_format):
    out = check(MULTI, "--format", output_format)
    assert "multi.jsonl#1" in out and "multi.jsonl#3" in out


def test_csv_names_each_call_and_numbers_turns_from_1():
    rows = [r for r in csv_rows(check(MULTI, "--format", "csv")) if not r["error"]]
    assert {r["name"] for r in rows} == {f"{MULTI}#1", f"{MULTI}#3"}
    assert "turn" not in rows[0]
    assert all(r["turn_no"] == "" or int(r["turn_no"]) >= 1 for r in rows)


def test_csv_turn_no_is_the_json_turn_plus_one():
    document = json.loads(check(C_BAD, "--format", "json"))
    call = document["calls"][0]
    json_turns = [f["turn"] for f in call["findings"]]
    csv_turns = [r["turn_no"] for r in csv_rows(check(C_BAD, "--format", "csv"))]
    assert csv_turns == ["" if t is None else str(t + 1) for t in json_turns]


def test_csv_per_call_has_a_name_column():
    rows = csv_rows(check(MULTI, "--format", "csv", "--per-call"))
    assert [r["name"] for r in rows if not r["error"]] == [f"{MULTI}#1", f"{MULTI}#3"]


def test_a_call_with_an_id_keeps_path_and_id_as_its_name():
    out = check(str(DATA / "c_bad_2048.txt"), "--format", "jsonl")
    assert json.loads(out.splitlines()[0])["name"] == f"{C_BAD}#95598-20261123-0002"
