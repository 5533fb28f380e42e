"""The batch runner: find transcript files, check them on all cores, stream results in order.

>>> plan = RunPlan(rules=("power",))                                   # doctest: +SKIP
>>> found = discover(["calls/"])                                       # doctest: +SKIP
>>> for report in run(found.files, plan, jobs=4):                      # doctest: +SKIP
...     print(report.path, [r.score for r in report.results], report.error)

The rulebooks a run names are compiled before any call is read, so a rulebook error stops
the run (raised once, naming the rulebook's file and line) instead of being blamed on every
transcript. Workers receive paths, not file contents; each compiles the rulebook(s) it needs
once (a shipped pack named by a call's ``# hotline:`` header is loaded on first use; a
rulebook error there still stops the run) and sends back the results of one file. Output
order is the sorted path order whatever the number of jobs, and an exception on one file
becomes that file's reported error, never a crashed run; a bad line of a JSONL file is an
error of its own while the file's other calls are checked.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Generator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any

from scriptcheck.discover import STDIN, Discovery, discover, matches
from scriptcheck.errors import ConfigError, RulebookError, ScriptcheckError
from scriptcheck.model import Outcome, Result, Severity, Status, Transcript
from scriptcheck.plan import (
    PackChoice,
    RunPlan,
    choose_pack,
    compile_rulebooks,
    load_plan_rulebooks,
    load_rulebooks_by_key,
    pack_for,
    rule_matches,
    select_rules,
)
from scriptcheck.readers import PartialReadError, read_bytes, read_file
from scriptcheck.rulebook.loader import Rulebook, load_rulebook
from scriptcheck.rulebook.packs import pack_names
from scriptcheck.scoring import score_call

STDIN_NAME = "<stdin>"
TEMPLATE_SUFFIX = ".tpl.txt"


# ---------------------------------------------------------------- checking one file


@dataclass(frozen=True)
class FileReport:
    """The outcome of one file: its results (one per call in it), or why it was not read.
    With ``run(..., finish=f)`` the results are what ``f`` returned for each.

    ``record_errors``: one message per call of the file that could not be read (a bad JSONL
    line, ``line 2: invalid JSON …``) while its other calls were checked into ``results``.
    """

    path: str
    results: tuple[Any, ...] = ()
    error: str | None = None
    record_errors: tuple[str, ...] = ()


class Checker:
    """Checks files with one plan; rulebooks are loaded and compiled on first use, once."""

    def __init__(self, plan: RunPlan, rulebooks: Mapping[str, Rulebook] | None = None) -> None:
        """``rulebooks``: already loaded and selected (from :func:`load_rulebooks_by_key`)."""
        self.plan = plan
        self._rulebooks: dict[str, Rulebook] = dict(rulebooks or {})
        self._compiled: dict[str, Any] = {}
        self._meta: dict[str, dict[str, tuple[str, Any, tuple[str, ...]]]] = {}

    def book_key(self, transcript: Transcript) -> str:
        """Which rulebook checks this call: ``--rules``, else the call's hotline pack."""
        return self.book_choice(transcript).pack

    def book_choice(self, transcript: Transcript) -> PackChoice:
        """:meth:`book_key` with the note to add when a hotline header named no pack."""
        if self.plan.rules:
            return PackChoice("+".join(self.plan.rules))
        return choose_pack(transcript, self.plan.hotlines)

    def rulebook(self, key: str) -> Rulebook:
        if key not in self._rulebooks:
            sources = self.plan.rules or (key,)
            book = load_rulebook(*sources)
            self._rulebooks[key] = select_rules(book, self.plan.select, self.plan.ignore)
        return self._rulebooks[key]

    def compiled(self, key: str) -> Any:
        if key not in self._compiled:
            from scriptcheck.engine import compile_rulebook

            self._compiled[key] = compile_rulebook(self.rulebook(key))
        return self._compiled[key]

    def rule_meta(self, key: str) -> dict[str, tuple[str, Any, tuple[str, ...]]]:
        """rule id -> (title, severity, tags), to rebuild outcomes sent back packed."""
        if key not in self._meta:
            self._meta[key] = {
                r.id: (r.title, Severity(r.severity), tuple(r.tags))
                for r in self.rulebook(key).rules
            }
        return self._meta[key]

    def check_file(self, path: str, data: bytes | None = None) -> FileReport:
        """Read and check one file (``data`` given: its content, e.g. from stdin).

        A file that cannot be read is the report's ``error``; a rulebook that cannot be
        loaded or compiled raises :class:`~scriptcheck.errors.RulebookError` (it is no
        fault of the file, and every other file would fail the same way)."""
        shown, error, record_errors, keyed = self.check_keyed(path, data)
        return FileReport(shown, tuple(result for _, result in keyed), error, record_errors)

    def check_keyed(
        self, path: str, data: bytes | None = None
    ) -> tuple[str, str | None, tuple[str, ...], list[tuple[str, Result]]]:
        """Like :meth:`check_file`: (shown path, error, record errors, results each paired
        with its rulebook key)."""
        shown = STDIN_NAME if path == STDIN else path
        record_errors: tuple[str, ...] = ()
        try:
            try:
                if data is None:
                    transcripts = read_file(path, self.plan.read)
                else:
                    transcripts = read_bytes(data, path=shown, options=self.plan.read)
            except PartialReadError as exc:
                transcripts, record_errors = exc.transcripts, tuple(exc.errors)
            return shown, None, record_errors, [self._check(t, path) for t in transcripts]
        except (RulebookError, ConfigError):
            raise  # the run's fault, not the file's: stop the run, report it once
        except ScriptcheckError as exc:
            return shown, exc.message if exc.path else str(exc), (), []
        except Exception as exc:  # noqa: BLE001 - one file must never crash the batch
            return shown, f"internal error: {type(exc).__name__}: {exc}; please report it", (), []

    def _check(self, transcript: Transcript, path: str) -> tuple[str, Result]:
        from scriptcheck.engine import check

        template = self.plan.template or path.lower().endswith(TEMPLATE_SUFFIX)
        choice = self.book_choice(transcript)
        key = choice.pack
        book = self.compiled(key)
        result = check(transcript, book, template=template)
        notes = (choice.note, *result.notes) if choice.note else result.notes
        result = replace(result, pack=key, notes=notes)
        ignored = self._ignored_here(path)
        if ignored:
            result = drop_rules(result, ignored, book.grades)
        if result.transcript.pragmas:  # used by the engine; not needed downstream
            result = replace(result, transcript=replace(result.transcript, pragmas=()))
        return key, result

    def _ignored_here(self, path: str) -> tuple[str, ...]:
        if not self.plan.per_path_ignores or path == STDIN:
            return ()
        candidates = [path]
        if self.plan.root:
            candidates.append(os.path.relpath(os.path.abspath(path), self.plan.root))
        return tuple(
            selector
            for pattern, selectors in self.plan.per_path_ignores.items()
            if any(matches(c, [pattern]) for c in candidates)
            for selector in selectors
        )


# A worker sends results back packed: an outcome's title, severity and tags come from the
# rulebook, which the parent has too, so only what the call decided crosses the pipe
# (about half the bytes and pickling time of the full objects).
_STATUSES = {s.value: s for s in Status}


def _pack(result: Result) -> tuple[Result, tuple[tuple[Any, ...], ...]]:
    """The result without its outcomes (every other field carried as it is, the transcript
    slimmed), and one row per outcome of what the call decided."""
    rows = tuple(
        (o.rule_id, o.status.value, o.findings, o.deducted, o.veto, o.reason)
        for o in result.outcomes
    )
    return replace(result, transcript=_slim(result), outcomes=()), rows


def _slim(result: Result) -> Transcript:
    """The transcript as formatters need it: its metadata and only the turns a finding points
    at (formatters look turns up by index with ``turn_at``), not every turn and event."""
    wanted = {f.turn for f in result.findings} | {f.turn for f in result.suppressed}
    turns = tuple(t for t in result.transcript.turns if t.index in wanted)
    return replace(result.transcript, turns=turns, events=())


def _unpack(
    packed: tuple[Result, tuple[tuple[Any, ...], ...]],
    meta: Mapping[str, tuple[str, Any, tuple[str, ...]]],
) -> Result:
    shell, rows = packed
    return replace(shell, outcomes=tuple(_unpack_outcome(row, meta) for row in rows))


def _unpack_outcome(
    row: tuple[Any, ...], meta: Mapping[str, tuple[str, Any, tuple[str, ...]]]
) -> Outcome:
    rule_id, status, findings, deducted, veto, reason = row
    title, severity, tags = meta[rule_id]
    return Outcome(
        rule_id=rule_id,
        title=title,
        severity=severity,
        status=_STATUSES[status],
        findings=findings,
        deducted=deducted,
        veto=veto,
        reason=reason,
        tags=tags,
    )


def drop_rules(
    result: Result, selectors: Sequence[str], grades: Sequence[tuple[str, float]]
) -> Result:
    """The result without the outcomes of rules named by ``selectors``, re-scored as a check
    without those rules would score it."""
    outcomes = tuple(
        o for o in result.outcomes if not any(rule_matches(o.rule_id, o.tags, s) for s in selectors)
    )
    scored = score_call(outcomes, grades)
    return replace(
        result, outcomes=outcomes, score=scored.score, grade=scored.grade, vetoed=scored.vetoed
    )


# ---------------------------------------------------------------- the pool

_worker: Checker | None = None
_finish: Callable[[Result], Any] | None = None


def _init_worker(plan: RunPlan, finish: Callable[[Result], Any] | None) -> None:
    global _worker, _finish
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # and SIGTERM (dying mid-result hangs a pool)
    if _worker is None or _worker.plan != plan:  # not inherited from a forking parent
        _worker = Checker(plan)
    _finish = finish


def _warm_up_for_fork(checker: Checker) -> None:
    """With the ``fork`` start method, compile the rulebooks (and initialise jieba) once in
    the parent: every worker inherits them instead of spending a second on it. Then freeze
    what exists into the garbage collector's permanent generation (``gc.freeze``, as the gc
    docs advise before a fork; :func:`run` unfreezes when its pool is done): the workers'
    collections no longer walk, and so no longer copy-on-write, the inherited rulebooks and
    dictionary (-7..10 % time on 10k calls)."""
    global _worker
    if multiprocessing.get_start_method() != "fork":
        return
    # without --rules a call's hotline header may pick any shipped pack: compile them all here
    keys = ["+".join(checker.plan.rules)] if checker.plan.rules else pack_names()
    for key in keys:
        checker.compiled(key)
    _worker = checker
    gc.freeze()


def _check_in_worker(path: str) -> tuple[Any, ...]:
    assert _worker is not None, "worker not initialised"
    shown, error, record_errors, keyed = _worker.check_keyed(path)
    if _finish is not None:
        return shown, error, record_errors, [(None, _finish(result)) for _, result in keyed]
    return shown, error, record_errors, [(key, _pack(result)) for key, result in keyed]


def run(
    files: Sequence[str],
    plan: RunPlan,
    *,
    jobs: int = 1,
    stdin: Callable[[], bytes] | None = None,
    rulebooks: Mapping[str, Rulebook] | None = None,
    finish: Callable[[Result], Any] | None = None,
) -> Generator[FileReport, None, None]:
    """Check ``files`` (``-`` reads ``stdin()``) and yield one report per file, in order.

    ``jobs`` > 1 uses a process pool with an ordered ``map``, so results stream as they
    finish; ``jobs`` 1 (or a single file) runs in this process.
    Closing the iterator (or Ctrl-C) cancels the files not yet started: each worker ends
    its current chunk (at most 16 files) and exits. ``rulebooks`` are those
    :func:`load_rulebooks_by_key` returned (loaded here when not given); they are compiled
    before any file is read (a shipped pack when a call first needs it), and a rulebook error (:class:`~scriptcheck.errors.RulebookError`,
    also one met later in a pack a call's hotline header picks) is raised, never reported as
    a file's error.

    ``finish``, when given, is applied to every result in the process that made it (a worker
    with ``jobs`` > 1), and reports carry what it returns instead: the CLI renders each call's
    output there, so the parent only writes. It must be picklable when workers are spawned
    rather than forked (a module-level function, or an instance of a module-level class).
    """
    books = load_rulebooks_by_key(plan) if rulebooks is None else rulebooks
    compile_rulebooks(books)
    checker = Checker(plan, books)
    on_disk = [f for f in files if f != STDIN]
    if len(on_disk) < len(files):
        yield _finished(checker.check_file(STDIN, data=stdin() if stdin else b""), finish)
    workers = min(max(1, jobs), len(on_disk))
    if workers <= 1:
        yield from (_finished(checker.check_file(path), finish) for path in on_disk)
        return
    chunksize = max(1, min(16, len(on_disk) // (workers * 8)))
    _warm_up_for_fork(checker)
    # ProcessPoolExecutor rather than multiprocessing.Pool: Pool's worker-handler thread also
    # waits on the result pipe and so spins while a result is queued, which cost the parent
    # ~100 µs of CPU a call, taken from the workers' cores; and a worker killed by the system
    # (out of memory) hangs a Pool but breaks an executor, which we can report.
    executor = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(),
        initializer=_init_worker,
        initargs=(plan, finish),
    )
    try:
        checked = executor.map(_check_in_worker, on_disk, chunksize=chunksize)
        for shown, error, record_errors, packed in checked:
            if finish is None:
                results = tuple(_unpack(p, checker.rule_meta(key)) for key, p in packed)
            else:
                results = tuple(finished for _, finished in packed)
            yield FileReport(shown, results, error, record_errors)
    except BrokenProcessPool as exc:
        raise ScriptcheckError(
            f"a worker process stopped unexpectedly ({exc}); the system may have run out of "
            "memory: try fewer --jobs"
        ) from None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)  # a worker finishes its chunk, no more
        gc.unfreeze()  # a library caller's objects go back to normal collection


def _finished(report: FileReport, finish: Callable[[Result], Any] | None) -> FileReport:
    if finish is None:
        return report
    return replace(report, results=tuple(finish(result) for result in report.results))


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


__all__ = [
    "Checker",
    "Discovery",
    "compile_rulebooks",
    "FileReport",
    "RunPlan",
    "default_jobs",
    "discover",
    "drop_rules",
    "load_plan_rulebooks",
    "load_rulebooks_by_key",
    "pack_for",
    "rule_matches",
    "run",
    "select_rules",
]
