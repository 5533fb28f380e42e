"""The benchmark scripts run end to end on a tiny corpus (figures are not checked: no timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scriptcheck.rulebook.loader import load_rulebook
from scriptcheck.rulebook.packs import pack_names

BENCH = Path(__file__).resolve().parent.parent / "bench"
CALLS = 30


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, env=env
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "corpus"
    made = _run(str(BENCH / "make_corpus.py"), "--calls", str(CALLS), "--out", str(out))
    assert made.returncode == 0, made.stderr
    return out


def test_make_corpus_writes_the_requested_number_of_calls(corpus: Path) -> None:
    files = sorted(corpus.rglob("call_*"))
    manifest = json.loads((corpus / ".manifest.json").read_text())
    assert len(files) == CALLS
    assert {path.suffix for path in files} <= {".txt", ".json"}
    assert manifest["calls"] == CALLS
    assert sum(manifest["formats"].values()) == CALLS


def test_make_corpus_is_deterministic_for_a_seed(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert _run(str(BENCH / "make_corpus.py"), "--calls", "5", "--out", str(again)).returncode == 0
    for path in sorted(again.rglob("call_*")):
        assert path.read_bytes() == (corpus / path.relative_to(again)).read_bytes()


def test_make_corpus_mixes_hotlines_formats_and_violations(corpus: Path) -> None:
    manifest = json.loads((corpus / ".manifest.json").read_text())
    texts = [p.read_bytes() for p in corpus.rglob("call_*.txt")]
    assert len(manifest["hotlines"]) >= 3
    assert any(b"# hotline: power" in text for text in texts)
    assert any(key.startswith("text-") for key in manifest["formats"])
    assert manifest["calls_with_violation"]
    assert manifest["calls_without_violation"] < CALLS


def test_run_quick_writes_results_with_every_figure(corpus: Path, tmp_path: Path) -> None:
    committed = (BENCH / "results.json").read_bytes()
    args = ["--quick", "--calls", str(CALLS), "--corpus", str(corpus), "--cold-runs", "1"]
    # without --results, a quick run writes to the temp folder, never over the 10k figures
    ran = _run(str(BENCH / "run.py"), *args, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert ran.returncode == 0, ran.stderr
    assert (BENCH / "results.json").read_bytes() == committed
    results = json.loads((tmp_path / "scriptcheck-bench-quick.json").read_text())
    assert {"floor", "runs", "cold_start", "ratios", "verdicts", "memory_method"} <= set(results)
    assert results["calls"] == CALLS
    assert results["floor"]["hmm"] is True
    assert {"jobs1", "jobs2"} <= set(results["runs"])
    assert all(run["calls"] == CALLS for run in results["runs"].values())
    assert results["memory_small_run"] is None  # --quick skips the 1k-versus-full memory run
    assert set(results["verdicts"]) <= set(results["ratios"])
    assert results["verdicts"]["memory_full_vs_small"] == "n/a"
    assert "check --jobs 1" in ran.stdout
    assert all(run["peak_rss_mb"] > 0 and run["cpu_s"] > 0 for run in results["runs"].values())


def test_rules_times_every_rule_and_compares_with_a_saved_run(corpus: Path, tmp_path: Path) -> None:
    saved = tmp_path / "rules.json"
    args = ["--corpus", str(corpus), "--rounds", "1"]
    first = _run(str(BENCH / "rules.py"), *args, "--save", str(saved))
    assert first.returncode == 0, first.stderr
    costs = json.loads(saved.read_text())
    shipped = {rule.id for pack in pack_names() for rule in load_rulebook(pack).rules}
    assert set(costs) == shipped  # the corpus has calls of every pack
    assert all(cost >= 0 for cost in costs.values())
    again = _run(str(BENCH / "rules.py"), *args, "--compare", str(saved), "--budget", "0")
    assert again.returncode == 0, again.stderr
    assert "over budget" in again.stdout and "restate.phone" in again.stdout
