"""What each rule costs: microseconds per call for every rule, over a benchmark corpus.

    python bench/rules.py                               # 1,000 generated calls
    python bench/rules.py --corpus /tmp/bench10k/batch_000 --save before.json
    python bench/rules.py --corpus /tmp/bench10k/batch_000 --compare before.json

Every call is read and prepared once (normalised, scanned: the cost shared by all rules), then
each rule of the call's pack is evaluated on it, timed alone. Of ``--rounds`` rounds the least
time per rule is kept (the round least disturbed by the machine), with the garbage collector off.
Prints the rules from the most to the least costly, with the change against ``--compare``, and
marks those above ``--budget`` (a guide for rule authors, not a test: timings stay out of CI).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import make_corpus  # noqa: E402  (a sibling script, not a package)
from run import corpus_files  # noqa: E402

from scriptcheck.call import Call  # noqa: E402
from scriptcheck.readers import read_file  # noqa: E402
from scriptcheck.runner import Checker, RunPlan  # noqa: E402

DEFAULT_CALLS = 1000
DEFAULT_BUDGET_US = 90.0


def prepared_calls(corpus: Path) -> list[tuple[Call, Any]]:
    """Every call of the corpus, read and prepared, with its pack's compiled rulebook."""
    checker = Checker(RunPlan())
    calls = []
    for path in corpus_files(corpus):
        for transcript in read_file(str(path)):
            book = checker.compiled(checker.book_key(transcript))
            calls.append((Call(transcript, book, [t.text for t in transcript.turns]), book))
    return calls


def time_rules(corpus: Path, rounds: int) -> dict[str, float]:
    """Rule id -> least microseconds per call over ``rounds`` rounds (calls of packs without
    the rule count as costing it nothing)."""
    best: dict[str, float] = {}
    for _ in range(rounds):
        calls = prepared_calls(corpus)  # fresh per round: rules memoise on the call
        spent: dict[str, float] = defaultdict(float)
        gc.disable()
        try:
            for call, book in calls:
                for spec, matcher in book.rules:
                    started = time.perf_counter()
                    matcher.evaluate(call)
                    spent[spec.id] += time.perf_counter() - started
        finally:
            gc.enable()
        for rule_id, seconds in spent.items():
            per_call = seconds / len(calls) * 1e6
            best[rule_id] = min(best.get(rule_id, per_call), per_call)
    return best


def table(costs: dict[str, float], before: dict[str, float], budget: float) -> Table:
    grid = Table(title=f"µs per call, by rule (budget {budget:.0f} µs)")
    for column in ("rule", "µs / call", "before", "change", ""):
        grid.add_column(column, justify="left" if column in ("rule", "") else "right")
    for rule_id, cost in sorted(costs.items(), key=lambda item: -item[1]):
        old = before.get(rule_id)
        change = f"{cost - old:+.1f}" if old is not None else ""
        mark = "over budget" if cost > budget else ""
        shown_old = f"{old:.1f}" if old is not None else ""
        grid.add_row(rule_id, f"{cost:.1f}", shown_old, change, mark)
    grid.add_row("all rules", f"{sum(costs.values()):.1f}", _total(before), "", "")
    return grid


def _total(before: dict[str, float]) -> str:
    return f"{sum(before.values()):.1f}" if before else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="folder of calls (default: generate)")
    parser.add_argument("--calls", type=int, default=DEFAULT_CALLS, help="calls to generate")
    parser.add_argument("--seed", type=int, default=make_corpus.DEFAULT_SEED)
    parser.add_argument("--rounds", type=int, default=2, help="keep the least of N rounds")
    parser.add_argument("--save", type=Path, help="write rule id -> µs per call to this JSON")
    parser.add_argument("--compare", type=Path, help="a JSON written by --save earlier")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET_US, help="µs per call")
    args = parser.parse_args(argv)
    before = json.loads(args.compare.read_text()) if args.compare else {}
    with tempfile.TemporaryDirectory(prefix="scriptcheck-rules-") as scratch:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(scratch) / "corpus"
            print(f"writing {args.calls} calls to {corpus} …", file=sys.stderr)
            make_corpus.write_corpus(corpus, args.calls, args.seed)
        costs = time_rules(corpus, args.rounds)
    Console().print(table(costs, before, args.budget))
    if args.save:
        args.save.write_text(json.dumps(costs, indent=2, sort_keys=True) + "\n")
        print(f"wrote {args.save}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
