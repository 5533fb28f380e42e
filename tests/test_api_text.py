"""The library on text as well as files: transcripts and rulebooks from strings, results as
JSON, pack names in place of rulebooks, and clear errors for wrong arguments."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import scriptcheck
from scriptcheck.errors import InputError, RulebookError
from scriptcheck.rulebook import loader

DATA = Path(__file__).parent / "data" / "api"


@pytest.fixture(scope="module")
def call() -> scriptcheck.Transcript:
    return scriptcheck.load_transcript(DATA / "rival.txt")[0]


def test_read_text_reads_a_transcript_named_as_given() -> None:
    text = (DATA / "rival.txt").read_text(encoding="utf-8")
    [transcript] = scriptcheck.read_text(text, name="rival-call")
    assert transcript.path == "rival-call"
    assert len(transcript.turns) == 8
    assert (
        scriptcheck.check(transcript, "core").score
        == scriptcheck.check(scriptcheck.load_transcript(DATA / "rival.txt")[0], "core").score
    )


def test_read_text_refuses_bytes_with_a_type_error() -> None:
    with pytest.raises(TypeError, match="read_text\\(\\) takes text \\(str\\), got bytes"):
        scriptcheck.read_text("客服: 你好".encode())  # type: ignore[arg-type]


def test_load_transcript_given_text_points_to_read_text() -> None:
    with pytest.raises(InputError, match="looks like transcript text; use scriptcheck.read_text"):
        scriptcheck.load_transcript("客服: 您好\n客户: 我家停电了。\n")


def test_load_transcript_still_reports_a_missing_file() -> None:
    with pytest.raises(InputError, match="not found"):
        scriptcheck.load_transcript(str(DATA / "no-such-call.txt"))


def test_rulebook_from_yaml_extends_a_pack_and_finds_its_rule(
    call: scriptcheck.Transcript,
) -> None:
    book = scriptcheck.rulebook_from_yaml((DATA / "mine.yaml").read_text(encoding="utf-8"))
    assert book.name == "<string>"
    assert {"local.rival", "open.greeting"} <= {r.id for r in book.rules}
    findings = scriptcheck.check(call, book).findings
    assert [(f.rule_id, f.turn, f.quote) for f in findings] == [("local.rival", 2, "隔壁公司")]


def test_rulebook_from_yaml_errors_are_located_in_the_named_text() -> None:
    text = (DATA / "stray_any.yaml").read_text(encoding="utf-8")
    with pytest.raises(RulebookError) as info:
        scriptcheck.rulebook_from_yaml(text, name="inline")
    assert str(info.value) == (
        "inline:6:5: rule 'local.brand': unknown key 'any' (did you mean 'phrases'?)"
    )


def test_load_rulebook_given_yaml_text_points_to_rulebook_from_yaml() -> None:
    text = (DATA / "mine.yaml").read_text(encoding="utf-8")
    with pytest.raises(RulebookError, match="use scriptcheck.rulebook_from_yaml"):
        scriptcheck.load_rulebook(text)


def test_unknown_pack_name_has_no_file_prefix() -> None:
    with pytest.raises(RulebookError) as info:
        scriptcheck.load_rulebook("powr")
    assert str(info.value).startswith("unknown rule pack 'powr' (did you mean 'power'?) ")


def test_result_to_dict_is_the_json_of_a_call(call: scriptcheck.Transcript) -> None:
    result = scriptcheck.check(call, str(DATA / "mine.yaml"))
    data = json.loads(json.dumps(scriptcheck.result_to_dict(result), ensure_ascii=False))
    assert data["score"] == result.score and data["grade"] == result.grade
    assert [f["rule_id"] for f in data["findings"]] == ["local.rival"]
    assert data["pack"] == str(DATA / "mine.yaml")  # as the CLI's JSON names it


def test_result_names_the_pack_it_was_checked_with(call: scriptcheck.Transcript) -> None:
    assert scriptcheck.check(call, "power").pack == "power"
    assert scriptcheck.check(call, scriptcheck.load_rulebook("telecom")).pack == "telecom"


def test_check_takes_a_pack_name_or_path_and_loads_it_once(
    call: scriptcheck.Transcript,
) -> None:
    by_name = scriptcheck.check(call, "core")
    assert by_name.score == scriptcheck.check(call, scriptcheck.load_rulebook("core")).score
    assert scriptcheck.check(call, DATA / "mine.yaml").findings[0].rule_id == "local.rival"
    assert loader.cached_rulebook("core") is loader.cached_rulebook("core")


def test_check_with_an_unknown_pack_name_is_a_rulebook_error(
    call: scriptcheck.Transcript,
) -> None:
    with pytest.raises(RulebookError, match="unknown rule pack 'powr'"):
        scriptcheck.check(call, "powr")


@pytest.mark.parametrize("transcript", [None, "客服: 你好", ["客服: 你好"]])
def test_check_without_a_transcript_is_a_type_error(transcript: object) -> None:
    with pytest.raises(TypeError, match="check\\(\\) takes a Transcript, got .*read_text"):
        scriptcheck.check(transcript, "core")  # type: ignore[arg-type]


@pytest.mark.parametrize("rulebook", [None, 42, {"rules": []}])
def test_check_without_a_rulebook_is_a_type_error(
    call: scriptcheck.Transcript, rulebook: object
) -> None:
    with pytest.raises(TypeError, match="check\\(\\) takes a rulebook, got .*pack name"):
        scriptcheck.check(call, rulebook)  # type: ignore[arg-type]


def test_the_new_names_are_public_and_import_scriptcheck_stays_light() -> None:
    for name in ("read_text", "rulebook_from_yaml", "result_to_dict"):
        assert name in scriptcheck.__all__ and callable(getattr(scriptcheck, name))
    probe = "import sys, scriptcheck; print(sorted(m for m in sys.modules if 'scriptcheck' in m))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "['scriptcheck']"


def test_a_call_in_taiwan_forms_gets_the_findings_of_its_mainland_twin() -> None:
    """妳說甚麼 / 著什麼急 / 妳等著 are the same forbidden phrases as 你说什么 / 着什么急 / 你等着."""
    variants = Path(__file__).parent / "data" / "variants"
    results = [
        scriptcheck.check(scriptcheck.load_transcript(variants / name)[0], "core")
        for name in ("taiwan-forms.txt", "mainland-forms.txt")
    ]
    taiwan, mainland = ([(f.rule_id, f.turn) for f in r.findings] for r in results)
    assert taiwan == mainland
    assert ("courtesy.forbidden-phrase", 4) in taiwan
    assert results[0].score == results[1].score


def test_a_phone_number_spelled_with_dong_and_liang_must_be_read_back() -> None:
    """幺三八,洞洞幺两,三四五六 is 138 0012 3456 (洞 = 0, 两 = 2), so restate.phone applies."""
    path = Path(__file__).parent / "data" / "variants" / "phone-with-dong.txt"
    result = scriptcheck.check(scriptcheck.load_transcript(path)[0], "core")
    assert [f.rule_id for f in result.findings] == ["restate.phone"]
