"""Where CI formats place a finding: the exact source line and column of its evidence, also
when a turn goes on over several lines (tests/data/locate/)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from scriptcheck.cli import main

DATA = Path(__file__).parent / "data" / "locate"
CONTINUED = str(DATA / "continued.txt")  # 客服: 你等一下, / 这是第二行 你说什么
TRADITIONAL = str(DATA / "traditional.txt")  # full-width colons, a comment and a blank between
STAMPED = str(DATA / "stamped.txt")  # time stamps and a trailing suppression comment
REDACTED = str(DATA / "redacted.txt")  # a phone number on the continuation line

_ANNOTATION = re.compile(r"line=(\d+),col=(\d+),title=([\w.-]+)::.*「(.*)」$")


def check(*args: str) -> str:
    result = CliRunner().invoke(main, ["check", "-j", "1", "--no-color", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def github_places(path: str, *extra: str) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """(rule id, quote) -> every (line, column) GitHub annotations give it."""
    places: dict[tuple[str, str], set[tuple[int, int]]] = {}
    for annotation in check(path, "--format", "github", *extra).splitlines():
        if found := _ANNOTATION.search(annotation):
            line, column, rule, quote = found.groups()
            places.setdefault((rule, quote), set()).add((int(line), int(column)))
    return places


def sarif_places(path: str) -> dict[tuple[str, str], set[tuple[int, int]]]:
    places: dict[tuple[str, str], set[tuple[int, int]]] = {}
    for result in json.loads(check(path, "--format", "sarif"))["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"].get("region")
        quote = result["properties"].get("quote")
        if region and quote:
            key = (result["ruleId"], quote)
            places.setdefault(key, set()).add((region["startLine"], region["startColumn"]))
    return places


def test_evidence_on_the_first_line_of_a_continued_turn_gets_its_own_column():
    places = github_places(CONTINUED)
    assert places[("courtesy.no-command-tone", "你等一下")] == {(3, 5)}
    assert places[("hold.ask-permission", "等一下")] == {(3, 6)}


def test_evidence_on_a_continuation_line_points_at_that_line():
    places = github_places(CONTINUED)
    assert places[("courtesy.forbidden-phrase", "你说什么")] == {(4, 7)}
    assert places[("courtesy.honorific", "你")] == {(3, 5), (4, 7)}


def test_a_finding_on_a_whole_turn_points_at_where_the_turn_starts():
    places = github_places(CONTINUED)
    assert places[("open.no-wei", "喂")] == {(1, 5)}
    assert places[("close.customer-hangs-up-first", "你等一下,这是第二行 你说什么")] == {(3, 5)}


def test_sarif_regions_agree_with_github_annotations():
    sarif = sarif_places(CONTINUED)
    assert sarif[("courtesy.forbidden-phrase", "你说什么")] == {(4, 7)}
    assert sarif[("courtesy.no-command-tone", "你等一下")] == {(3, 5)}


def test_traditional_full_width_turn_is_followed_past_comments_and_blank_lines():
    places = github_places(TRADITIONAL)
    assert places[("courtesy.no-command-tone", "你等一下")] == {(5, 4)}  # 客服：你等一下，
    # line 8 is "　　這是第二行 你說什麼": two full-width spaces, then the words
    assert places[("courtesy.forbidden-phrase", "你說什麼")] == {(8, 9)}


def test_time_stamps_and_a_trailing_suppression_comment_do_not_shift_columns():
    places = github_places(STAMPED)
    assert places[("courtesy.no-command-tone", "你等一下")] == {(5, 12)}  # after [00:00:12]
    assert places[("courtesy.forbidden-phrase", "你说什么")] == {(5, 17)}
    assert places[("close.anything-else", "好的,你等一下 你说什么")] == {(4, 16)}


def test_redacted_numbers_still_place_the_evidence_after_them():
    plain = github_places(REDACTED)
    masked = github_places(REDACTED, "--redact")
    assert plain[("courtesy.forbidden-phrase", "你说什么")] == {(5, 14)}
    assert masked[("courtesy.forbidden-phrase", "你说什么")] == {(5, 14)}
    assert masked[("privacy.disclosure", "138****5678")] == {(5, 2)}


def test_concise_names_the_continuation_line():
    lines = check(CONTINUED, "--format", "concise").splitlines()
    forbidden = next(line for line in lines if "courtesy.forbidden-phrase" in line)
    command = next(line for line in lines if "courtesy.no-command-tone" in line)
    assert forbidden.startswith(f"{CONTINUED}:4: ")
    assert command.startswith(f"{CONTINUED}:3: ")


def test_stdin_cannot_be_read_again_so_findings_stay_on_the_turn_line():
    text = Path(CONTINUED).read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-", "--format", "github"], input=text)
    assert "line=3,col=1,title=courtesy.forbidden-phrase" in result.stdout
