"""`scriptcheck check`: what QA staff and CI see, and the exit codes they rely on."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from scriptcheck.cli import main

DATA = Path(__file__).parent / "data" / "cli"
CALLS = DATA / "calls"
CLEAN = str(CALLS / "clean.txt")
RUDE = str(CALLS / "rude.txt")
POWER = str(CALLS / "power_fault.txt")
TEMPLATE = str(DATA / "templates" / "opening.tpl.txt")
WARNED = str(DATA / "warnings" / "honorific.txt")  # one warning (称呼"你"), score 97
SCHEMA = json.loads(
    (resources.files("scriptcheck") / "schemas" / "result.schema.json").read_text("utf-8")
)


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["check", *args], input=stdin, catch_exceptions=False)


def as_json(result: Result) -> dict:
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    return document


# ---------------------------------------------------------------- exit codes


def test_clean_call_exits_0() -> None:
    result = run(CLEAN, "--no-color")
    assert result.exit_code == 0
    assert "得分 100 · 优秀 · ✓ 通过" in result.stdout


def test_call_with_an_error_finding_exits_1() -> None:
    assert run(RUDE).exit_code == 1


def test_fail_on_never_passes_a_call_with_errors() -> None:
    assert run(RUDE, "--fail-on", "never").exit_code == 0


def test_fail_on_warning_fails_a_call_with_only_warnings() -> None:
    assert run(WARNED, "--fail-on", "error").exit_code == 0
    assert run(WARNED, "--fail-on", "warning").exit_code == 1


def test_fail_under_fails_a_call_scoring_below_it() -> None:
    assert run(WARNED, "--fail-on", "never", "--fail-under", "98").exit_code == 1
    assert run(WARNED, "--fail-on", "never", "--fail-under", "97").exit_code == 0


def test_unreadable_file_in_a_batch_exits_2_and_is_listed() -> None:
    result = run(str(DATA / "broken"))
    assert result.exit_code == 2
    assert "error: " in result.stderr and "empty.txt" in result.stderr
    assert "1 个文件无法读取" in result.stdout
    assert "broken/clean.txt" in result.stdout  # the good file was still checked


def test_skip_bad_files_keeps_the_exit_code_of_the_calls() -> None:
    result = run(str(DATA / "broken"), "--skip-bad-files")
    assert result.exit_code == 0
    assert "empty.txt" in result.stderr


# ---------------------------------------------------------------- text output


def test_text_report_shows_turn_quote_rule_and_standard_phrase() -> None:
    result = run(RUDE, "--no-color")
    out = result.stdout
    assert "第3轮 客服: 喂,说话呀!再不说话我就挂了啊!" in out
    assert "错误 courtesy.forbidden-phrase 使用服务忌语" in out
    assert "「再不说话我就挂了」" in out
    assert "应说: 对不起,您的电话没有声音" in out
    assert "得分 50 · 不合格 · ✗ 未通过" in out
    assert out.rstrip().splitlines()[-1].startswith("共 1 通: 通过 0, 未通过 1 · 错误 3")


def test_text_report_shows_timecode_of_timed_turns() -> None:
    result = run(POWER, "--no-color")
    assert "第1轮 00:01 客服: 喂,供电公司,请讲。" in result.stdout


def test_verbose_lists_not_applicable_rules() -> None:
    quiet = run(CLEAN, "--no-color").stdout
    verbose = run(CLEAN, "--no-color", "--verbose").stdout
    assert "不适用的规则" not in quiet
    assert "不适用的规则" in verbose and "complaint.apologize" in verbose


def test_output_is_sorted_by_path_whatever_the_order_given() -> None:
    out = run(RUDE, CLEAN, "--fail-on", "never").stdout
    assert out.index("clean.txt") < out.index("rude.txt")


def test_quiet_shows_only_failing_calls_and_no_summary() -> None:
    out = run(RUDE, CLEAN, "--quiet").stdout
    assert "rude.txt" in out and "clean.txt" not in out
    assert "共 " not in out


def test_concise_prints_one_line_per_finding_with_path_and_line() -> None:
    out = run(RUDE, "--format", "concise").stdout
    lines = [line for line in out.splitlines() if "courtesy.forbidden-phrase" in line]
    assert len(lines) == 2
    assert all(line.startswith(f"{RUDE}#HOT-20261123-0102:5: 错误") for line in lines)


def test_statistics_counts_each_rule() -> None:
    out = run(RUDE, POWER, "--statistics", "--fail-on", "never").stdout
    row = next(line for line in out.splitlines() if "courtesy.forbidden-phrase" in line)
    assert [cell.strip() for cell in row.split("│")[1:4]] == ["2", "1", "courtesy.forbidden-phrase"]
    assert "规则统计" in out


def test_hotline_header_selects_its_pack() -> None:
    out = run(POWER, "--format", "concise").stdout
    assert "fault.tell-eta" in out  # a power-pack rule
    core_only = run(POWER, "--format", "concise", "--rules", "core").stdout
    assert "fault.tell-eta" not in core_only


def test_roles_inferred_are_noted() -> None:
    asr = (
        Path(__file__).parents[1] / "examples" / "transcripts" / "formats" / "power-repair-asr.json"
    )
    if not asr.exists():
        pytest.skip("example ASR file not present")
    out = run(str(asr), "--no-color", "--fail-on", "never").stdout
    assert "角色为推断结果" in out


# ---------------------------------------------------------------- select / ignore


def test_select_by_id_prefix_keeps_only_those_rules() -> None:
    document = as_json(run(RUDE, "--select", "open.", "--format", "json"))
    ids = {o["rule_id"] for o in document["calls"][0]["outcomes"]}
    assert ids and all(i.startswith("open.") for i in ids)


def test_ignore_by_tag_drops_those_rules_and_their_points() -> None:
    document = as_json(run(RUDE, "--ignore", "禁语", "--format", "json"))
    ids = {o["rule_id"] for o in document["calls"][0]["outcomes"]}
    assert "courtesy.forbidden-phrase" not in ids and "open.no-wei" not in ids
    assert document["calls"][0]["score"] == 100 - 15 - 5  # hang-up first, silent call


def test_a_tag_typed_in_traditional_characters_selects_like_the_simplified_one() -> None:
    traditional = as_json(run(RUDE, "--ignore", "禁語", "--format", "json"))
    simplified = as_json(run(RUDE, "--ignore", "禁语", "--format", "json"))
    assert traditional["calls"][0]["outcomes"] == simplified["calls"][0]["outcomes"]
    opening = as_json(run(RUDE, "--select", "開場", "--format", "json"))
    assert {o["rule_id"] for o in opening["calls"][0]["outcomes"]} == {
        o["rule_id"]
        for o in as_json(run(RUDE, "--select", "开场", "--format", "json"))["calls"][0]["outcomes"]
    }


def test_unknown_selector_is_a_usage_error() -> None:
    result = run(RUDE, "--select", "no.such-rule")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --select/--ignore: no.such-rule names no rule")


# ---------------------------------------------------------------- machine formats


def test_json_document_validates_against_its_schema() -> None:
    document = as_json(run(RUDE, CLEAN, str(DATA / "broken"), "--format", "json"))
    assert document["version"] == 1
    assert [c["path"] for c in document["calls"]] == sorted(c["path"] for c in document["calls"])
    assert document["errors"][0]["path"].endswith("empty.txt")
    assert document["summary"]["calls"] == 3 and document["summary"]["bad_files"] == 1
    rude = next(c for c in document["calls"] if c["path"] == RUDE)
    finding = next(f for f in rude["findings"] if f["quote"] == "再不说话我就挂了")
    assert finding["turn"] == 2 and finding["role"] == "agent" and finding["line"] == 5
    assert finding["span"] == [6, 14] and rude["failed"] is True


def test_jsonl_writes_one_call_per_line() -> None:
    result = run(RUDE, CLEAN, "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["path"] for line in lines] == [CLEAN, RUDE]
    for line in lines:
        jsonschema.validate(line, {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/call"})


def test_csv_has_a_bom_and_one_row_per_finding(tmp_path: Path) -> None:
    target = tmp_path / "findings.csv"
    result = run(RUDE, CLEAN, "--format", "csv", "--output", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["path"] for r in rows} == {RUDE}  # the clean call has no findings
    phrases = [r for r in rows if r["rule_id"] == "courtesy.forbidden-phrase"]
    assert [r["quote"] for r in phrases] == ["喂,说话呀", "再不说话我就挂了"]
    assert phrases[0]["suggestion"].startswith("您好")


def test_csv_per_call_has_one_row_per_call() -> None:
    result = run(RUDE, CLEAN, "--format", "csv", "--per-call")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert [(r["path"], r["score"], r["failed"]) for r in rows] == [
        (CLEAN, "100", "no"),
        (RUDE, "50", "yes"),
    ]
    assert "courtesy.forbidden-phrase" in rows[1]["violated_rules"].split()


FORMULA = str(Path(__file__).parent / "data" / "batch" / "formula.json")
EVIL_AGENT = '=HYPERLINK("http://evil.example","点我")'


def test_csv_prefixes_text_a_spreadsheet_would_run_as_a_formula() -> None:
    result = run(FORMULA, "--format", "csv", "--fail-on", "never")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert {(r["call_id"], r["agent_id"]) for r in rows} == {("'=1+2", "'" + EVIL_AGENT)}
    assert "'=SUM(1,2) 喂你好" in {r["quote"] for r in rows}
    assert not [r for r in rows if r["quote"].startswith(("=", "@"))]
    for row in rows:  # numbers stay numbers
        assert float(row["score"]) >= 0 and float(row["points"]) >= 0
        assert int(row["turn_no"]) >= 1


def test_csv_per_call_prefixes_formula_like_ids_too() -> None:
    result = run(FORMULA, "--format", "csv", "--per-call", "--fail-on", "never")
    (row,) = csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff")))
    assert (row["call_id"], row["agent_id"]) == ("'=1+2", "'" + EVIL_AGENT)
    assert row["score"] == "20" and row["errors"].isdigit()


PREFIXES = str(Path(__file__).parent / "data" / "batch" / "formula_prefixes.jsonl")
FORMULA_AGENTS = ["=1+2", "+1+2", "-1+2", "@SUM(1)", "\t=1+2", "\r=1+2"]


@pytest.mark.parametrize("per_call", [(), ("--per-call",)])
def test_csv_quotes_text_starting_with_each_formula_character(per_call: tuple[str, ...]) -> None:
    result = run(PREFIXES, "--rules", "power", "--format", "csv", *per_call, "--fail-on", "never")
    rows = csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"), newline=""))
    agents = {row["call_id"]: row["agent_id"] for row in rows}
    assert [agents[f"p{i}"] for i in range(1, 7)] == ["'" + a for a in FORMULA_AGENTS]


def test_per_call_without_csv_is_a_usage_error() -> None:
    result = run(RUDE, "--per-call")
    assert result.exit_code == 2 and "--per-call" in result.stderr


def test_jobs_1_and_jobs_2_give_identical_output() -> None:
    examples = str(Path(__file__).parents[1] / "examples" / "transcripts")
    paths = [str(CALLS), str(DATA / "broken"), examples]
    one = run(*paths, "--format", "jsonl", "--jobs", "1")
    two = run(*paths, "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) > 5
    text_one = run(*paths, "--jobs", "1", "--no-color", "-v").stdout
    text_two = run(*paths, "--jobs", "2", "--no-color", "-v").stdout
    assert text_one == text_two


@pytest.mark.parametrize(
    "flags",
    [
        ("--format", "json"),
        ("--format", "csv"),
        ("--format", "csv", "--per-call"),
        ("--format", "jsonl", "--redact"),
        ("--format", "jsonl", "--fail-under", "90", "--quiet"),
        ("--format", "concise"),
        ("--format", "text", "--quiet", "--fail-under", "90"),
        ("--format", "text", "--verbose", "--redact"),
        ("--format", "text", "--statistics"),
    ],
)
def test_formats_rendered_in_the_workers_equal_the_in_process_output(
    flags: tuple[str, ...],
) -> None:
    """json, jsonl, csv, text and concise are rendered call by call in the worker processes
    with --jobs 2; the bytes, the summary and the exit code must be those of --jobs 1."""
    paths = [str(CALLS), str(DATA / "broken"), str(Path(__file__).parents[1] / "examples")]
    one = run(*paths, *flags, "--jobs", "1")
    two = run(*paths, *flags, "--jobs", "2")
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) > 5
    assert one.stderr == two.stderr


# ---------------------------------------------------------------- stdin, templates, suppressions


def test_stdin_is_read_with_a_dash() -> None:
    result = run("-", "--format", "json", stdin=Path(RUDE).read_bytes())
    document = as_json(result)
    assert document["calls"][0]["path"] == "<stdin>"
    assert document["calls"][0]["score"] == 50


def test_tpl_files_are_checked_as_templates() -> None:
    tpl = run(TEMPLATE, "--format", "json")
    outcomes = {o["rule_id"]: o for o in as_json(tpl)["calls"][0]["outcomes"]}
    assert outcomes["close.customer-hangs-up-first"]["status"] == "not_applicable"
    assert outcomes["open.work-id"]["status"] == "passed"  # {工号} counts as a work id


def test_template_flag_treats_any_file_as_a_template(tmp_path: Path) -> None:
    plain = tmp_path / "opening.txt"
    shutil.copy(TEMPLATE, plain)
    as_call = as_json(run(str(plain), "--format", "json"))["calls"][0]
    as_template = as_json(run(str(plain), "--template", "--format", "json"))["calls"][0]
    status = {o["rule_id"]: o["status"] for o in as_template["outcomes"]}
    assert status["close.customer-hangs-up-first"] == "not_applicable"
    assert as_template["score"] >= as_call["score"]


def test_template_customer_placeholders_must_be_read_back() -> None:
    templates = DATA / "templates"
    calls = {}
    for name in ("fault_restated", "fault_not_restated"):
        calls[name] = as_json(run(str(templates / f"{name}.tpl.txt"), "--format", "json"))["calls"][
            0
        ]
    # {联系电话} in the agent's turn repeats the customer's ${phone}; {地址} is never repeated
    read_back = calls["fault_restated"]
    status = {o["rule_id"]: o["status"] for o in read_back["outcomes"]}
    assert status["restate.phone"] == "passed"
    assert [
        (f["rule_id"], f["quote"]) for f in read_back["findings"] if "restate" in f["rule_id"]
    ] == [("restate.place", "{地址}")]
    silent = {f["rule_id"]: f for f in calls["fault_not_restated"]["findings"]}
    assert "{phone} 未复述" in silent["restate.phone"]["message"]
    assert silent["restate.phone"]["turn"] == 1


def test_placeholders_are_not_values_outside_template_mode(tmp_path: Path) -> None:
    plain = tmp_path / "fault.txt"
    shutil.copy(DATA / "templates" / "fault_not_restated.tpl.txt", plain)
    call = as_json(run(str(plain), "--format", "json"))["calls"][0]
    status = {o["rule_id"]: o["status"] for o in call["outcomes"]}
    assert status["restate.phone"] == "not_applicable"


def test_only_the_offending_phrase_is_highlighted_not_a_turn_missing_something() -> None:
    # turn 1 breaks open.no-wei (喂) and lacks the greeting, work id and organisation
    result = CliRunner(env={"FORCE_COLOR": "1", "COLUMNS": "200"}).invoke(
        main, ["check", str(DATA / "highlight.txt")]
    )
    first_turn = next(line for line in result.stdout.splitlines() if "第1轮" in line)
    assert "\x1b[1;7m喂\x1b[0m" in first_turn
    assert first_turn.count("\x1b[1;7m") == 1


def test_a_failed_call_says_why_it_failed_next_to_its_grade() -> None:
    rude = run(RUDE, "--no-color").stdout
    assert "✗ 未通过(有错误级问题)" in rude
    strict = run(str(DATA / "fuzzy_goodbye.txt"), "--no-color", "--fail-under", "99").stdout
    assert "得分 98 · 优秀 · ✗ 未通过(低于 99 分)" in strict
    concise = run(RUDE, "--no-color", "--format", "concise").stdout
    assert "✗ 未通过(有错误级问题)" in concise


def test_a_pass_made_by_fuzzy_matching_is_shown_with_what_was_heard() -> None:
    out = run(str(DATA / "fuzzy_goodbye.txt"), "--no-color").stdout
    # the recogniser wrote 再见 as 在见: the rule passes, and the report says on what grounds
    assert "模糊通过 close.thanks-goodbye 结束语不规范: 模糊匹配(同音): '在见' ≈ '再见'" in out
    clean = run(CLEAN, "--no-color").stdout
    assert "模糊通过" not in clean


def test_suppressions_are_shown_with_unused_ones_noted() -> None:
    out = run(str(DATA / "suppressed.txt"), "--no-color").stdout
    assert "已抑制 第3轮 open.no-wei" in out
    assert "已抑制 第3轮 close.thanks-goodbye" in out
    assert "注意: line 4: suppression of courtesy.honorific suppressed nothing" in out
    assert "警告 open.no-wei" not in out


# ---------------------------------------------------------------- --output and bad input


def test_output_file_replaces_the_old_one_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    result = run(CLEAN, "--format", "json", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["calls"] == 1
    assert os.listdir(tmp_path) == ["report.json"]


def test_output_that_is_an_input_transcript_is_refused_and_left_intact(tmp_path: Path) -> None:
    call = tmp_path / "call.txt"
    shutil.copy(CLEAN, call)
    before = call.read_bytes()
    result = run(str(call), "-o", str(call))
    assert result.exit_code == 2
    assert f"--output {call} is one of the transcripts to check" in result.stderr
    assert call.read_bytes() == before


def test_output_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.txt"
    link.symlink_to(target)
    assert run(CLEAN, "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert "得分 100" in target.read_text(encoding="utf-8")


def test_output_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert run(CLEAN, "-o", str(target)).exit_code == 0
    assert (target.stat().st_mode & 0o777, "得分" in target.read_text(encoding="utf-8")) == (
        0o640,
        True,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_to_a_pipe_writes_into_it_and_does_not_replace_it(tmp_path: Path) -> None:
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = run(CLEAN, "-o", str(pipe))
    reader.join(timeout=30)
    assert result.exit_code == 0
    assert "得分 100".encode() in received[0]
    assert not pipe.is_file()  # still a pipe, not a regular file put in its place


def test_output_in_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = run(CLEAN, "-o", str(tmp_path / "nope" / "report.txt"))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --output ") and "does not exist" in result.stderr


def test_missing_path_is_an_error_naming_it() -> None:
    result = run(str(DATA / "no-such-file.txt"))
    assert result.exit_code == 2
    assert "no-such-file.txt: no such file or folder" in result.stderr


def test_folder_without_transcripts_is_an_error() -> None:
    result = run(str(DATA / "empty-folder"))
    assert result.exit_code == 2
    assert "empty-folder: no transcript files found" in result.stderr


def test_unknown_format_is_a_usage_error() -> None:
    result = run(CLEAN, "--format", "yaml")
    assert result.exit_code == 2 and "yaml" in result.stderr


def test_unknown_rule_pack_is_an_error() -> None:
    result = run(CLEAN, "--rules", "nosuchpack")
    assert result.exit_code == 2 and "unknown rule pack 'nosuchpack'" in result.stderr


def test_bad_speaker_alias_is_a_usage_error() -> None:
    result = run(CLEAN, "--speaker", "张三")
    assert result.exit_code == 2 and "--speaker" in result.stderr


def test_speaker_alias_reads_a_custom_label(tmp_path: Path) -> None:
    call = tmp_path / "call.txt"
    call.write_text("小王: 您好,客户服务中心,工号1024。\n客户: 你好。\n", encoding="utf-8")
    without = run(str(call), "--format", "json")
    aliased = as_json(run(str(call), "--format", "json", "--speaker", "小王=agent"))["calls"][0]
    assert "open.offer-help" not in without.stdout  # no agent turn: no agent rule judged
    assert {f["role"] for f in aliased["findings"]} == {"agent"}
    assert "open.offer-help" in {f["rule_id"] for f in aliased["findings"]}


def test_glob_patterns_are_expanded() -> None:
    result = run(str(CALLS / "r*.txt"), "--format", "jsonl")
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [RUDE]


def test_include_and_exclude_filter_folder_contents() -> None:
    only_power = run(str(CALLS), "--include", "power_*", "--format", "jsonl").stdout
    assert [json.loads(line)["path"] for line in only_power.splitlines()] == [POWER]
    no_power = run(str(CALLS), "--exclude", "power_*", "--format", "jsonl").stdout
    assert POWER not in no_power and RUDE in no_power


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlink_loop_is_skipped_not_followed_nor_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    shutil.copy(CLEAN, folder / "clean.txt")
    (folder / "loop").symlink_to(folder)
    result = run(str(folder), "--format", "jsonl")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1  # the call, once


# ---------------------------------------------------------------- input options

FORMATS = Path(__file__).parents[1] / "examples" / "transcripts" / "formats"


def test_channel_map_sets_roles_instead_of_inferring_them() -> None:
    asr = str(FORMATS / "power-repair-asr.json")
    inferred = as_json(run(asr, "--format", "json", "--fail-on", "never"))["calls"][0]
    mapped = run(
        asr, "--format", "json", "--fail-on", "never", "--channel-map", "0=agent,1=customer"
    )
    assert inferred["roles_inferred"] is True
    assert as_json(mapped)["calls"][0]["roles_inferred"] is False


def test_bad_channel_map_is_a_usage_error() -> None:
    result = run(CLEAN, "--channel-map", "zero=boss")
    assert result.exit_code == 2 and result.stderr.startswith("error: --channel-map")


def test_encoding_option_reads_a_gb18030_file() -> None:
    gbk = str(FORMATS / "power-bill-gb18030.txt")
    call = as_json(run(gbk, "--encoding", "gb18030", "--format", "json", "--fail-on", "never"))
    assert call["calls"][0]["encoding"] == "gb18030"


def test_unknown_encoding_is_a_usage_error() -> None:
    result = run(CLEAN, "--encoding", "klingon")
    assert result.exit_code == 2 and "unknown encoding 'klingon'" in result.stderr


def test_input_format_overrides_detection() -> None:
    result = run(CLEAN, "--input-format", "json", "--format", "json")
    assert result.exit_code == 2
    assert as_json(result)["errors"][0]["path"] == CLEAN


def test_max_size_rejects_a_larger_file() -> None:
    result = run(CLEAN, "--max-size", "0.0001")
    assert result.exit_code == 2 and "over the" in result.stderr and "--max-size" in result.stderr


def test_jobs_0_means_all_cores() -> None:
    assert run(RUDE, CLEAN, "--jobs", "0", "--format", "jsonl").exit_code == 1


def test_no_color_output_has_no_escape_codes() -> None:
    assert "\x1b[" not in run(RUDE, "--no-color").stdout


def test_redact_masks_phone_numbers_in_the_report() -> None:
    call = "客服: 您好,客户服务中心,工号1024,请问有什么可以帮助您?\n客户: 我的电话是13812345678。\n"
    for output_format in ("json", "text", "csv"):
        plain = run("-", "--format", output_format, stdin=call.encode())
        masked = run("-", "--format", output_format, "--redact", stdin=call.encode())
        assert "13812345678" in plain.stdout
        assert "13812345678" not in masked.stdout and "138****5678" in masked.stdout


def test_dot_checks_the_working_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CALLS)
    result = run(".", "--format", "jsonl", "--fail-on", "never")
    paths = [json.loads(line)["path"] for line in result.stdout.splitlines()]
    assert paths == ["clean.txt", "power_fault.txt", "rude.txt"]


def test_exclude_matches_paths_inside_the_folder_given() -> None:
    result = run(str(DATA), "--exclude", "calls/*", "--format", "jsonl", "--skip-bad-files")
    paths = [json.loads(line)["path"] for line in result.stdout.splitlines()]
    assert paths and not any("/calls/" in p for p in paths)
