"""Every rule kind and combinator, data-driven: each YAML file under data/engine/cases/ holds
rules and transcripts with the status (passed / violated / not_applicable) each must end in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scriptcheck import check
from scriptcheck.readers import read_text
from scriptcheck.rulebook.loader import Rulebook, load_rulebook

CASES = Path(__file__).parent / "data" / "engine" / "cases"
CASE_KEYS = {
    "name", "transcript", "status", "findings", "quotes", "turns", "deducted",
    "finding_points", "veto", "message_contains", "reason_contains",
}  # fmt: skip


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            for case in doc["cases"]:
                params.append(
                    pytest.param(doc["rule"], case, id=f"{doc['rule']['id']}:{case['name']}")
                )
    return params


_BOOKS: dict[str, Rulebook] = {}


def _book(rule: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Rulebook:
    if rule["id"] not in _BOOKS:
        path = tmp_path_factory.mktemp("book") / "book.yaml"
        path.write_text(yaml.safe_dump({"rules": [rule]}, allow_unicode=True), encoding="utf-8")
        _BOOKS[rule["id"]] = load_rulebook(str(path))
    return _BOOKS[rule["id"]]


@pytest.mark.parametrize("rule, case", _cases())
def test_rule_kind_case(
    rule: dict[str, Any], case: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    transcript = read_text(case["transcript"], path=case["name"])[0]
    result = check(transcript, _book(rule, tmp_path_factory))
    outcome = result.outcomes[0]
    assert outcome.status.value == case["status"], (
        outcome.reason,
        [f.quote for f in outcome.findings],
    )
    if "findings" in case:
        assert len(outcome.findings) == case["findings"]
    if "quotes" in case:
        assert [f.quote for f in outcome.findings] == case["quotes"]
    if "turns" in case:
        assert [f.turn for f in outcome.findings] == case["turns"]
    if "deducted" in case:
        assert outcome.deducted == case["deducted"]
    if "finding_points" in case:
        assert [f.points for f in outcome.findings] == case["finding_points"]
        assert sum(f.points for f in outcome.findings) == outcome.deducted
    if "veto" in case:
        assert outcome.veto is case["veto"] and result.vetoed is case["veto"]
    if "message_contains" in case:  # every finding's message says it (the bound broken…)
        assert outcome.findings, outcome.reason
        assert all(case["message_contains"] in f.message for f in outcome.findings)
    if "reason_contains" in case:
        assert case["reason_contains"] in (outcome.reason or "")


def test_every_case_uses_only_keys_the_runner_checks() -> None:
    """A misspelt key (``quote:`` for ``quotes:``) would otherwise be ignored and assert nothing."""
    unknown = {
        f"{path.name}:{case.get('name')}": sorted(set(case) - CASE_KEYS)
        for path in sorted(CASES.glob("*.yaml"))
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8"))
        for case in doc["cases"]
        if set(case) - CASE_KEYS
    }
    assert not unknown


def test_finding_span_points_into_original_text(tmp_path_factory: pytest.TempPathFactory) -> None:
    rule = {"id": "t.forbid", "kind": "forbid", "title": "忌语", "phrases": ["说话呀"]}
    transcript = read_text("客服: 喂!說話呀,聽到嗎?\n")[0]
    finding = check(transcript, _book(rule, tmp_path_factory)).findings[0]
    start, end = finding.span
    assert transcript.turns[0].text[start:end] == "說話呀"
    assert finding.quote == "說話呀" and finding.line == 1
