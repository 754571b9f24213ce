"""Printing for the command line: tables, a progress bar driven by a task handle, and Ctrl+C
that first asks the running job to stop cleanly."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from inception_desktop.tasks import Progress, TaskState
from inception_desktop.terminal import ProgressBar, human_bytes


def print_table(headers: list[str], rows: list[list[str]], right: set[int] | None = None
                ) -> None:
    """A plain aligned table (numbers right-aligned in the columns named by `right`)."""
    right = right or set()
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    print(line(headers))
    for row in rows:
        print(line(row))


def say(message: str) -> None:
    """A status line on stderr (never mixed into a command's output on stdout)."""
    if sys.stderr is not None:
        print(message, file=sys.stderr, flush=True)


def progress_extra(p: Progress) -> str:
    parts = [p.message] if p.message else []
    if p.rate:
        parts.append(f"{human_bytes(p.rate)}/s" if p.unit == "B" else
                     f"{p.rate:.1f} {p.unit or 'items'}/s")
    eta = p.eta_s
    if eta is not None and eta >= 1:
        parts.append(f"ETA {eta:.0f} s")
    return ", ".join(parts)


@contextlib.contextmanager
def progress_state(label: str, on_partial: Callable[[Any], None] | None = None,
                   status_to_stderr: bool = True) -> Iterator[TaskState]:
    """A task handle whose progress drives a bar on stderr (only on a terminal) and whose
    status messages (progress without an amount) are printed as lines."""
    bar = ProgressBar(label)

    def on_progress(p: Progress) -> None:
        if p.total is None:
            if p.message and status_to_stderr:
                if bar.enabled:
                    bar.stream.write("\r\033[K")
                say(p.message)
            return
        bar.update(p.done, p.total, progress_extra(p))

    state = TaskState(on_progress=on_progress, on_partial=on_partial)
    try:
        yield state
    finally:
        bar.close()


@contextlib.contextmanager
def stop_on_ctrl_c(state: TaskState, what: str) -> Iterator[None]:
    """The first Ctrl+C asks the job to stop cleanly (it finishes its current step and keeps
    what it did); a second one interrupts at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)

    def handler(signum: int, frame: Any) -> None:
        if state.cancelled:
            raise KeyboardInterrupt
        state.cancel()
        say(f"\nstopping after the current {what} (Ctrl+C again to stop at once)...")

    signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
