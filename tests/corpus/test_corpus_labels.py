"""The labelled corpus is well formed: every call is readable, labelled once, with real rule ids."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import opencc
import pytest
import yaml

from scriptcheck.model import EventKind, Role
from scriptcheck.readers import read_file

CORPUS = Path(__file__).parent
LABELS: dict[str, dict] = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
CALLS = sorted(CORPUS.glob("c-*.txt"))
PACKS = {"core", "power", "telecom", "courier"}
# outage.* is the 95598 norm; fault.* also applies to telecom broadband faults (断网)
PACK_ONLY = {"outage.": {"power"}, "fault.": {"power", "telecom"}}

# The rule ids of NORMS.md, the catalogue the labels are written against.
_NORMS = yaml.safe_load(
    (Path(__file__).parents[1] / "data" / "norm_ids.yaml").read_text(encoding="utf-8")
)
NORM_IDS = frozenset(_NORMS["core"]) | frozenset(_NORMS["power"])


def test_every_call_file_has_exactly_one_label_and_every_label_a_file() -> None:
    assert sorted(LABELS) == [path.name for path in CALLS]


# every labelled corpus: the dev corpus here and the later ones in sub-folders
SUBCORPORA = sorted(p.parent for p in CORPUS.glob("*/labels.yaml"))
ALL_LABELS = {"dev": LABELS} | {
    folder.name: yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    for folder in SUBCORPORA
}


@pytest.mark.parametrize("folder", SUBCORPORA, ids=lambda p: p.name)
def test_every_later_corpus_labels_exactly_its_call_files(folder: Path) -> None:
    labels = ALL_LABELS[folder.name]
    assert sorted(labels) == sorted(p.name for p in folder.glob("*.txt"))
    for name in labels:
        assert read_file(str(folder / name)), name  # every call reads


@pytest.mark.parametrize("labels", list(ALL_LABELS.values()), ids=list(ALL_LABELS))
def test_labels_name_only_norm_rule_ids_of_the_calls_pack(labels: dict[str, dict]) -> None:
    for name, label in labels.items():
        assert set(label) == {"rules", "violations"}, name
        assert label["rules"] in PACKS, name
        violations = label["violations"]
        assert len(violations) == len(set(violations)), f"{name}: duplicate rule id"
        assert set(violations) <= NORM_IDS, f"{name}: {set(violations) - NORM_IDS}"
        for prefix, packs in PACK_ONLY.items():
            if label["rules"] not in packs:
                assert not [r for r in violations if r.startswith(prefix)], name


# a second labeller's blind labels of the same calls, where a corpus has them
SECOND_LABELS = sorted(CORPUS.glob("*/labels.second.yaml"))


@pytest.mark.parametrize("path", SECOND_LABELS, ids=lambda p: p.parent.name)
def test_second_labels_name_the_same_calls_and_packs_as_the_first(path: Path) -> None:
    second = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = ALL_LABELS[path.parent.name]
    assert sorted(second) == sorted(first)
    assert {name: label["rules"] for name, label in second.items()} == {
        name: label["rules"] for name, label in first.items()
    }
    test_labels_name_only_norm_rule_ids_of_the_calls_pack(second)


def test_every_norm_rule_is_violated_by_at_least_three_calls() -> None:
    counts = Counter(rule for label in LABELS.values() for rule in label["violations"])
    assert {rule: counts[rule] for rule in NORM_IDS if counts[rule] < 3} == {}


def test_corpus_covers_each_hotline_and_traditional_script() -> None:
    per_pack = Counter(label["rules"] for label in LABELS.values())
    assert len(CALLS) >= 60
    assert all(per_pack[pack] >= 15 for pack in PACKS), per_pack
    to_simplified = opencc.OpenCC("t2s")
    traditional = [
        p for p in CALLS if to_simplified.convert(p.read_text("utf-8")) != p.read_text("utf-8")
    ]
    assert len(traditional) >= 8


@pytest.mark.parametrize("path", CALLS, ids=lambda p: p.stem)
def test_call_reads_with_its_headers_and_both_roles(path: Path) -> None:
    (transcript,) = read_file(str(path))
    assert transcript.call_id == path.stem
    assert transcript.hotline == LABELS[path.name]["rules"]
    roles = {turn.role for turn in transcript.turns}
    assert Role.AGENT in roles
    assert roles <= {Role.AGENT, Role.CUSTOMER}
    assert any(event.kind is EventKind.HANGUP for event in transcript.events)
