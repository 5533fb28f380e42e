"""How ``check`` and ``report`` stop: Ctrl-C (exit 130) and SIGTERM (exit 143: ``timeout``,
``docker stop``, a cancelled CI job) end a run between calls, never in the middle of writing
one, and leave no half-written output file. A signal ignored when the run starts (SIGINT in a
background ``&`` job) stays ignored."""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from scriptcheck.errors import ScriptcheckError

EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, what a shell reports for a process SIGTERM ended
#: signals that stop a run between calls, with its output files cleaned up
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt, so the same clean-up runs (an
    ``--output`` temp file removed, worker processes stopped) and the run exits 143."""


def stop_exit(stop: KeyboardInterrupt) -> tuple[str, int]:
    """What to call a stop in messages, and the exit code: Ctrl-C 130, SIGTERM 143."""
    if isinstance(stop, Terminated):
        return "terminated (SIGTERM)", EXIT_TERMINATED
    return "interrupted", EXIT_INTERRUPTED


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`Terminated`; an ignored SIGTERM stays
    ignored."""
    previous = signal.getsignal(signal.SIGTERM)
    if previous == signal.SIG_IGN:
        yield
        return
    owner = os.getpid()

    def terminate(signum: int, frame: Any) -> None:
        if os.getpid() == owner:  # not in a worker forked from here: the run stops it
            raise Terminated

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stoppable(command: Callable[..., None]) -> Callable[..., None]:
    """Run a command with SIGTERM handled like Ctrl-C. A stop the command does not report
    itself (with what it wrote) is one line on stderr and exit 130 (Ctrl-C) or 143 (SIGTERM),
    not click's ``Aborted!`` and exit 1."""

    @functools.wraps(command)
    def run_command(*args: Any, **kwargs: Any) -> None:
        with _sigterm_as_interrupt():
            try:
                command(*args, **kwargs)
            except KeyboardInterrupt as stop:
                reason, code = stop_exit(stop)
                click.echo(f"error: {reason}", err=True)
                sys.exit(code)

    return run_command


@contextmanager
def interrupt_between_calls() -> Iterator[Callable[[], None]]:
    """Honour Ctrl-C and SIGTERM between calls, never while a call's output is being written,
    so a streamed JSON line is always whole. A second signal stops the run at once. A signal
    ignored when the run started (SIGINT in a background ``&`` job) stays ignored."""
    pending: list[int] = []
    previous = {s: signal.getsignal(s) for s in _STOP_SIGNALS}
    handled = [s for s in _STOP_SIGNALS if previous[s] != signal.SIG_IGN]
    owner = os.getpid()

    def defer(signum: int, frame: Any) -> None:
        if os.getpid() != owner:  # a worker forked from here: the run stops it
            return
        pending.append(signum)
        for stop in handled:
            signal.signal(stop, previous[stop])

    def checkpoint() -> None:
        if pending:
            raise Terminated if signal.SIGTERM in pending else KeyboardInterrupt

    for stop in handled:
        signal.signal(stop, defer)
    try:
        yield checkpoint
    except ScriptcheckError:
        checkpoint()  # the signal also ended a worker, which broke the pool: report the signal
        raise
    finally:
        for stop in handled:
            signal.signal(stop, previous[stop])


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back from this thread while a call's output is written. A signal
    landing in a write blocked on a full pipe ends it early (write(2) returns a partial count),
    and the rest of the line was lost; held, the signal reaches the handler once the write is
    done. Where the platform cannot hold signals, the deferring handler alone applies."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, set(_STOP_SIGNALS))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
