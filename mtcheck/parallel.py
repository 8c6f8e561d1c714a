"""Checking files in worker processes (``--jobs N``).

Each worker builds one :class:`~mtcheck.lint.Linter` from the (picklable, frozen) Settings when
it starts, then reads and checks chunks of paths and sends back one :class:`FileResult` (with
its Document) or :class:`FileError` per path. The parent hands the outcomes on strictly in
walk order, so a run with ``--jobs 4`` prints exactly what a run with ``--jobs 1`` prints, and
keeps of each result only what its report needs (``Linter.iter_results(keep=…)``). Only a
bounded window of chunks is in flight at a time, so memory does not grow with the number of
files.
"""
from __future__ import annotations

import os
import signal
from collections import deque
from typing import TYPE_CHECKING, Iterator, Sequence

from .config import Settings
from .report import FileError, FileResult

if TYPE_CHECKING:
    from concurrent.futures import Future

CHUNK = 16  # paths per task: enough to amortise the round trip, small enough to balance
WINDOW = 4  # chunks in flight per worker

_linter = None  # the worker's Linter


def default_jobs() -> int:
    """The number of CPUs this process may run on (its affinity mask where there is one)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        try:
            return len(os.sched_getaffinity(0)) or 1
        except OSError:
            pass
    return os.cpu_count() or 1


def _init_worker(settings: Settings) -> None:
    global _linter
    from .lint import Linter

    # Ctrl-C goes to the whole process group: let the parent alone handle it and stop the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _linter = Linter(settings)


def _check_chunk(paths: Sequence[str]) -> list[FileResult | FileError]:
    return [_linter._outcome(path) for path in paths]


def chunk_size(files: int, jobs: int) -> int:
    """Up to CHUNK paths per task, fewer when there are few files so every worker gets work."""
    return max(1, min(CHUNK, -(-files // (jobs * WINDOW))))


def check_files(settings: Settings, files: Sequence[str], jobs: int,
                size: int | None = None) -> Iterator[FileResult | FileError]:
    """Check ``files`` in ``jobs`` worker processes; yield one outcome per file, in order."""
    from concurrent.futures import ProcessPoolExecutor  # imported only when a pool is started

    size = size or chunk_size(len(files), jobs)
    chunks = (files[i:i + size] for i in range(0, len(files), size))
    workers = max(1, min(jobs, -(-len(files) // size)))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(settings,)) as pool:
        pending: deque["Future"] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_check_chunk, chunk))
                if len(pending) >= workers * WINDOW:
                    break
            while pending:
                outcomes = pending.popleft().result()
                chunk = next(chunks, None)
                if chunk is not None:
                    pending.append(pool.submit(_check_chunk, chunk))
                yield from outcomes
        except BaseException:
            for future in pending:
                future.cancel()
            raise
