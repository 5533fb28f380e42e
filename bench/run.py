"""Benchmark ``scriptcheck check`` against plain jieba segmentation of the same corpus.

    python bench/run.py                       # 10,000 calls, writes bench/results.json
    python bench/run.py --quick               # 200 calls, no 1k-vs-full memory run (CI);
                                              # figures go to the temp folder
    python bench/run.py --corpus bench/corpus --calls 10000   # reuse (or create) a corpus

In one run, on one corpus: the floor (read every file, ``jieba.lcut`` every turn, in one process,
after a separately timed ``jieba.initialize()``); ``scriptcheck check --format jsonl
--fail-on never --output FILE`` with ``--jobs 1``, ``2`` and all cores (whole process, wall
time); peak memory (the kernel's ``ru_maxrss``) at 1,000 calls and on the whole corpus; and cold start
(one small file) against ``python -c "import jieba; jieba.initialize()"``, median of 5 runs.
Prints a table with the ratio of every figure to the floor and the targets, and writes the
figures to ``results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import make_corpus  # noqa: E402  (a sibling script, not a package)

QUICK_CALLS = 200
SMALL_RUN_CALLS = make_corpus.BATCH_SIZE  # the "at 1,000 calls" memory figure
COLD_RUNS = 5
JIEBA_INIT = "import jieba, logging; jieba.setLogLevel(logging.WARNING); jieba.initialize()"
TARGETS = {  # figure -> (limit, stretch, how the ratio is read)
    "jobs1_vs_floor": (0.5, 0.3, "≤"),
    "jobs2_speedup": (1.7, None, "≥"),
    "memory_full_vs_small": (1.2, None, "≤"),
    "cold_vs_jieba_init": (1.0, 0.5, "≤"),
}
TARGET_LABELS = {
    "jobs1_vs_floor": "× floor",
    "jobs2_speedup": "× faster than jobs 1",
    "memory_full_vs_small": "× the 1k peak",
    "cold_vs_jieba_init": "× jieba init",
}


# ---------------------------------------------------------------- measuring a process


@dataclass
class Measured:
    """One child process run: wall seconds, CPU seconds (user + sys of it and of its reaped
    children, such as pool workers), the peak resident memory of the largest of them (the
    kernel's own ``ru_maxrss``, MB) and its exit code."""

    command: list[str]
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    exit_code: int


#: Every measured process may read and write Python's bytecode caches, as an installed package
#: does (pip compiles them at install). Without this, a machine that sets
#: PYTHONDONTWRITEBYTECODE recompiles an editable install's modules in every run (~0.1 s),
#: while jieba, installed normally, starts from its caches: the cold start would compare
#: unlike with unlike. The cold start's warm-up run writes the caches.
_WITH_BYTECODE = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str], stdout: Path | None = None) -> Measured:
    """Run ``command`` to completion and read its resource use from ``wait4``: nothing polls
    the process while it runs (a 20 ms memory poller took CPU from the runs it measured)."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=_WITH_BYTECODE)
    assert child.stderr is not None
    stderr = child.stderr.read()  # until the child closes it, i.e. exits
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if stdout:
        out.close()  # type: ignore[union-attr]
    if child.returncode not in (0, 1):
        tail = stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise SystemExit(f"bench: {' '.join(command[:4])}… exited {child.returncode}: {tail}")
    cpu = usage.ru_utime + usage.ru_stime
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return Measured(command, wall, cpu, peak_mb, child.returncode)


def scriptcheck_command() -> list[str]:
    """The installed ``scriptcheck`` console script of this interpreter's environment."""
    beside = Path(sys.executable).with_name("scriptcheck")
    found = str(beside) if beside.exists() else shutil.which("scriptcheck")
    if found is None:
        raise SystemExit("bench: no 'scriptcheck' command found; run 'pip install -e .' first")
    return [found]


def check_command(paths: list[str], jobs: int, output: Path) -> list[str]:
    return [
        *scriptcheck_command(),
        "check",
        *paths,
        "--jobs",
        str(jobs),
        "--format",
        "jsonl",
        "--fail-on",
        "never",
        "--output",
        str(output),
    ]


# ---------------------------------------------------------------- the floor


def corpus_files(corpus: Path) -> list[Path]:
    """The transcript files of a corpus, as ``scriptcheck check`` finds them (no hidden files)."""
    return sorted(
        path
        for path in corpus.rglob("*")
        if path.suffix in (".txt", ".json")
        and not any(part.startswith(".") for part in path.relative_to(corpus).parts)
    )


def turn_texts(path: Path) -> list[str]:
    """The utterances of one corpus file, read the cheapest way (not scriptcheck's readers)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    if path.suffix == ".json":
        return [s["Text"] for s in json.loads(text)["Result"]["Sentences"]]
    turns = []
    for line in text.splitlines():
        body = line.split("] ", 1)[1] if line.startswith("[") and "] " in line else line
        if not body or body.startswith(("#", "[")):
            continue
        colon = min((i for i in (body.find(":"), body.find("：")) if i >= 0), default=-1)
        turns.append(body[colon + 1 :])
    return turns


class _Stopwatch:
    """Wall and CPU seconds of the code since the last lap."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        spent = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return spent


def floor(corpus: Path) -> dict[str, object]:
    """Time ``jieba.initialize()``, then reading + ``jieba.lcut`` (HMM on, as jieba ships) of
    every turn; also ``HMM=False`` (what scriptcheck uses), for information. Wall and CPU."""
    watch = _Stopwatch()
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    init = watch.lap()
    files = corpus_files(corpus)
    texts = [turn_texts(path) for path in files]
    read = watch.lap()
    tokens = sum(len(jieba.lcut(turn)) for turns in texts for turn in turns)
    segment = watch.lap()
    for turns in texts:
        for turn in turns:
            jieba.lcut(turn, HMM=False)
    segment_nohmm = watch.lap()
    return {
        "calls": len(files),
        "turns": sum(len(turns) for turns in texts),
        "chars": sum(len(turn) for turns in texts for turn in turns),
        "tokens": tokens,
        "hmm": True,
        "jieba_version": jieba.__version__,
        "init_s": init[0],
        "read_s": read[0],
        "segment_s": segment[0],
        "seconds": read[0] + segment[0],
        "cpu_s": read[1] + segment[1],
        "segment_nohmm_s": segment_nohmm[0],
        "segment_nohmm_cpu_s": segment_nohmm[1],
    }


def measure_floor(corpus: Path, scratch: Path) -> tuple[dict[str, object], Measured]:
    """Run the floor in a fresh process (nothing preloaded) and read back its figures."""
    report = scratch / "floor.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--floor-only", str(corpus)]
    measured = measure(command, stdout=report)
    return json.loads(report.read_text()), measured


# ---------------------------------------------------------------- the runs


def check_run(paths: list[str], jobs: int, scratch: Path, calls: int) -> dict[str, object]:
    """``scriptcheck check`` over ``paths``; the output must hold one JSON line per call."""
    output = scratch / f"check-jobs{jobs}-{calls}.jsonl"
    measured = measure(check_command(paths, jobs, output))
    with output.open(encoding="utf-8") as lines:
        results = sum(1 for _ in lines)
    if results != calls:
        raise SystemExit(f"bench: {output}: {results} results for {calls} calls; see that file")
    return {"jobs": jobs, "calls": calls, **asdict(measured)}


def cold_start(sample: Path, scratch: Path, runs: int) -> dict[str, object]:
    """Median wall time of checking one small file versus importing and initialising jieba."""
    check = check_command([str(sample)], 1, scratch / "cold.jsonl")
    jieba_init = [sys.executable, "-c", JIEBA_INIT]
    # warm the OS file cache, jieba's dictionary cache and both bytecode caches
    measure(check), measure(jieba_init)
    check_s = [measure(check).wall_s for _ in range(runs)]
    jieba_s = [measure(jieba_init).wall_s for _ in range(runs)]
    return {
        "file": str(sample),
        "runs": runs,
        "check_s": statistics.median(check_s),
        "jieba_init_s": statistics.median(jieba_s),
        "check_all_s": check_s,
        "jieba_init_all_s": jieba_s,
    }


def prepare_corpus(corpus: Path | None, calls: int, seed: int, scratch: Path) -> Path:
    """Reuse ``corpus`` when it holds calls, else write ``calls`` calls there (or in scratch)."""
    target = corpus or scratch / "corpus"
    if corpus_files(target) if target.is_dir() else False:
        return target
    print(f"writing {calls} calls to {target} …", file=sys.stderr)
    make_corpus.write_corpus(target, calls, seed)
    return target


def timed_rounds(
    corpus: Path, calls: int, scratch: Path, rounds: int
) -> tuple[dict[str, Any], Measured, dict[str, dict[str, Any]]]:
    """The floor and the ``--jobs`` runs, interleaved, ``rounds`` times; of each, the run with
    the least wall time is kept (the one least disturbed by other work on the machine)."""
    cores = os.cpu_count() or 1
    best_floor: tuple[dict[str, Any], Measured] | None = None
    runs: dict[str, dict[str, Any]] = {}
    for round_no in range(1, rounds + 1):
        print(f"round {round_no}/{rounds}: floor …", file=sys.stderr)
        floor_run = measure_floor(corpus, scratch)
        if best_floor is None or floor_run[0]["seconds"] < best_floor[0]["seconds"]:
            best_floor = floor_run
        for jobs in sorted({1, 2, cores}):
            print(f"round {round_no}/{rounds}: check --jobs {jobs} …", file=sys.stderr)
            run = check_run([str(corpus)], jobs, scratch, calls)
            key = f"jobs{jobs}"
            run["rounds_wall_s"] = [*runs.get(key, {}).get("rounds_wall_s", []), run["wall_s"]]
            if key not in runs or run["wall_s"] < runs[key]["wall_s"]:
                runs[key] = run
            else:
                runs[key]["rounds_wall_s"] = run["rounds_wall_s"]
    assert best_floor is not None
    return best_floor[0], best_floor[1], runs


def run_all(
    corpus: Path, quick: bool, scratch: Path, cold_runs: int, rounds: int
) -> dict[str, object]:
    """Every figure of the benchmark, measured on ``corpus``."""
    files = corpus_files(corpus)
    calls = len(files)
    cores = os.cpu_count() or 1
    floor_figures, floor_process, runs = timed_rounds(corpus, calls, scratch, rounds)
    small = None
    if not quick and calls > SMALL_RUN_CALLS:
        print(f"scriptcheck check --jobs 1 on {SMALL_RUN_CALLS} calls …", file=sys.stderr)
        first = [str(path) for path in files[:SMALL_RUN_CALLS]]
        small = check_run(first, 1, scratch, SMALL_RUN_CALLS)
    print("cold start …", file=sys.stderr)
    sample = min(files[:50], key=lambda path: path.stat().st_size)
    return {
        "corpus": str(corpus),
        "calls": calls,
        "cores": cores,
        "quick": quick,
        "rounds": rounds,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory_method": "ru_maxrss from wait4: the kernel's peak resident set of the process, "
        "or of its largest worker when that is larger (not the sum over workers)",
        "floor": {**floor_figures, "process": asdict(floor_process)},
        "runs": runs,
        "memory_small_run": small,
        "cold_start": cold_start(sample, scratch, cold_runs),
    }


# ---------------------------------------------------------------- verdicts and the table


def ratios(results: dict[str, object]) -> dict[str, float | None]:
    """The figures the targets are about."""
    runs, floor_s = results["runs"], results["floor"]["seconds"]  # type: ignore[index]
    small = results["memory_small_run"]
    cold = results["cold_start"]
    return {
        "jobs1_vs_floor": runs["jobs1"]["wall_s"] / floor_s,  # type: ignore[index]
        "jobs2_speedup": runs["jobs1"]["wall_s"] / runs["jobs2"]["wall_s"],  # type: ignore[index]
        "memory_full_vs_small": (
            runs["jobs1"]["peak_rss_mb"] / small["peak_rss_mb"]  # type: ignore[index]
            if small
            else None
        ),
        "cold_vs_jieba_init": cold["check_s"] / cold["jieba_init_s"],  # type: ignore[index]
        # information, not targets: CPU seconds hold up better than wall time on a busy machine
        "jobs1_cpu_vs_floor_cpu": runs["jobs1"]["cpu_s"] / results["floor"]["cpu_s"],  # type: ignore[index]
        "jobs2_cpu_vs_jobs1_cpu": runs["jobs2"]["cpu_s"] / runs["jobs1"]["cpu_s"],  # type: ignore[index]
    }


def verdicts(figures: dict[str, float | None]) -> dict[str, str]:
    """``pass`` / ``pass (stretch)`` / ``miss`` / ``n/a`` for every target."""
    out = {}
    for name, (limit, stretch, sense) in TARGETS.items():  # figures without a target: no verdict
        value = figures[name]
        if value is None:
            out[name] = "n/a"
            continue
        good = value <= limit if sense == "≤" else value >= limit
        great = stretch is not None and value <= stretch
        out[name] = "pass (stretch)" if great else "pass" if good else "miss"
    return out


def table(results: dict[str, Any]) -> Table:
    """The figures as a rich table: wall and CPU time, throughput, ratio to the floor, target."""
    floor_figures, runs = results["floor"], results["runs"]
    calls, chars, floor_s = floor_figures["calls"], floor_figures["chars"], floor_figures["seconds"]
    figures, verdict = results["ratios"], results["verdicts"]
    grid = Table(title=f"scriptcheck benchmark: {calls:,} calls, {chars:,} characters")
    floor_cpu = floor_figures["cpu_s"]
    columns = ["figure", "wall", "cpu", "calls/s", "chars/s", "× floor", "cpu × floor"]
    columns += ["target", "result"]
    for column in columns:
        grid.add_column(column, justify="left" if column in ("figure", "target") else "right")

    def timed(label: str, wall: float, cpu: float | None, target: str = "") -> None:
        result = verdict.get(target, "") if target else ""
        cpu_text = f"{cpu:.2f} s" if cpu is not None else ""
        rates = f"{calls / wall:,.0f}", f"{chars / wall:,.0f}"
        ratios = f"{wall / floor_s:.2f}", f"{cpu / floor_cpu:.2f}" if cpu is not None else ""
        cells = (f"{wall:.2f} s", cpu_text, *rates, *ratios, _target(figures, target), result)
        grid.add_row(label, *cells)

    def plain(label: str, value: str, target: str = "") -> None:
        result = verdict.get(target, "") if target else ""
        grid.add_row(label, value, "", "", "", "", "", _target(figures, target), result)

    timed("floor: read + jieba.lcut (HMM on)", floor_s, floor_figures["cpu_s"])
    plain("jieba.initialize() (not in the floor)", f"{floor_figures['init_s']:.2f} s")
    nohmm = floor_figures["segment_nohmm_s"], floor_figures["segment_nohmm_cpu_s"]
    timed("jieba.lcut HMM off (information)", *nohmm)
    for run in runs.values():
        target = {1: "jobs1_vs_floor", 2: "jobs2_speedup"}.get(run["jobs"], "")
        timed(f"check --jobs {run['jobs']} (whole process)", run["wall_s"], run["cpu_s"], target)
    small = results["memory_small_run"]
    if small:
        plain(f"peak RSS, jobs 1, {small['calls']:,} calls", f"{small['peak_rss_mb']:.0f} MB")
    for run in runs.values():
        target = "memory_full_vs_small" if run["jobs"] == 1 else ""
        label = f"peak RSS, jobs {run['jobs']}, {run['calls']:,} calls"
        if run["jobs"] > 1:
            label += " (largest process)"
        plain(label, f"{run['peak_rss_mb']:.0f} MB", target)
    floor_rss = floor_figures["process"]["peak_rss_mb"]
    plain("peak RSS, floor process", f"{floor_rss:.0f} MB")
    cold = results["cold_start"]
    plain(
        f"cold: python -c jieba.initialize() (median of {cold['runs']})",
        f"{cold['jieba_init_s']:.2f} s",
    )
    plain("cold: check one small file", f"{cold['check_s']:.2f} s", "cold_vs_jieba_init")
    return grid


def _target(figures: dict[str, float | None], name: str) -> str:
    """``0.77 (≥ 1.7)``: the figure a target is about, and the target."""
    if not name:
        return ""
    limit, stretch, sense = TARGETS[name]
    value = figures[name]
    shown = "n/a" if value is None else f"{value:.2f}"
    goal = f"{sense} {limit}" + (f", stretch {stretch}" if stretch else "")
    return f"{TARGET_LABELS[name]} {shown} ({goal})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, help="corpus size (default 10000, --quick 200)")
    parser.add_argument("--corpus", type=Path, help="corpus folder to reuse (created if empty)")
    parser.add_argument("--quick", action="store_true", help="small corpus, no 1k memory run")
    parser.add_argument(
        "--seed", type=int, default=make_corpus.DEFAULT_SEED, help="corpus seed (default 7)"
    )
    parser.add_argument(
        "--results",
        type=Path,
        help="where to write the figures (default bench/results.json; with --quick a file in "
        "the temp folder, so a smoke run never replaces the committed 10k figures)",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat floor and check runs, keep the fastest"
    )
    parser.add_argument("--cold-runs", type=int, default=COLD_RUNS, help="cold-start repeats")
    parser.add_argument("--floor-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_only:
        json.dump(floor(args.floor_only), sys.stdout)
        return 0
    calls = args.calls or (QUICK_CALLS if args.quick else 10000)
    if args.results is None:
        quick = Path(tempfile.gettempdir()) / "scriptcheck-bench-quick.json"
        args.results = quick if args.quick else BENCH / "results.json"
    with tempfile.TemporaryDirectory(prefix="scriptcheck-bench-") as temp:
        scratch = Path(temp)
        corpus = prepare_corpus(args.corpus, calls, args.seed, scratch)
        load_before = os.getloadavg()
        rounds = max(1, args.rounds)
        results = run_all(corpus, args.quick, scratch, max(1, args.cold_runs), rounds)
    results["load_average"] = {"before": load_before, "after": os.getloadavg()}
    results["ratios"] = ratios(results)
    results["verdicts"] = verdicts(results["ratios"])  # type: ignore[arg-type]
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    console = Console() if sys.stdout.isatty() else Console(width=170)
    console.print(table(results))
    busy = load_before[0] > 0.5 * results["cores"]  # type: ignore[operator]
    if busy:
        print(f"note: load average was {load_before[0]:.1f} at the start; figures are noisy")
    print(f"wrote {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
