"""A time limit for extracting one document, so that no input can hang a corpus run (issue 6).

The limit is a real-time timer (``SIGALRM``): the regular-expression engine
checks for signals, so even a pattern that backtracks for minutes is stopped.
It works in the main thread of a process (the CLI, and each worker process of
a parallel run); elsewhere, and on platforms without ``setitimer``, there is
no limit.
"""
from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

MB = 1_000_000


class TimeLimitExceeded(Exception):
    """Extracting a document took longer than its limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s (--timeout)")
        self.seconds = seconds


def limit_for(text: str, seconds_per_mb: float | None) -> float | None:
    """The limit for ``text``: ``seconds_per_mb`` per MB of its UTF-8, and at least one MB's worth."""
    if not seconds_per_mb:
        return None
    return seconds_per_mb * max(1.0, len(text.encode("utf-8", "surrogatepass")) / MB)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after ``seconds`` (None or 0: no limit).

    An outer timer that would fire first is left alone (no limit is set); one
    that fires later is restored, less the time spent, when the block ends.
    """
    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    outer = signal.getitimer(signal.ITIMER_REAL)[0] if usable else 0.0
    if not usable or 0 < outer <= seconds:
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded(seconds)

    began = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - began), 0.001))
