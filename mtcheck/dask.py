"""Check a corpus on a Dask cluster and get the same :class:`Report` a single machine gives.

    from distributed import Client
    from mtcheck.dask import check_paths_dask

    report = check_paths_dask(["articles/"], "tcp://scheduler:8786")

The client walks the paths (same selection, same order as :func:`mtcheck.lint.check_paths`),
sends chunks of files to the workers, and each worker checks its chunk with a
:class:`~mtcheck.lint.Linter` built once per worker process and per settings. The client then
assembles the per-file results in walk order and sums their additive statistics
(:class:`~mtcheck.scoring.Stats`) with ``Linter.report``, so files, findings, per-file scores,
totals, corpus score and signature equal a single-process run. See docs/distributed.md.

Needs ``dask[distributed]`` (``pip install 'mtcheck[dask]'``); this module imports it lazily.
"""
from __future__ import annotations

import functools
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from .config import Settings
from .lint import Linter
from .readers import (
    FileSelection,
    InputError,
    detect_format,
    iter_paths,
    read_bytes,
    read_file,
)
from .report import FileError, FileResult, Keep, Report

DEFAULT_CHUNK_SIZE = 16

Ship = Literal["bytes", "paths"]


class ClusterMismatchError(RuntimeError):
    """A worker checks with other rules or other data than the client (a different mtcheck
    version or lexicon on that machine): its results would not be comparable."""


# --- what travels to a worker --------------------------------------------------------------

@dataclass(frozen=True)
class _Bytes:
    """A file the client read: the worker only decodes, parses and checks it."""

    index: int
    path: str  # as shown in the report
    format: str
    data: bytes


@dataclass(frozen=True)
class _Path:
    """A file the worker reads itself from ``real`` (an absolute path on a shared filesystem)."""

    index: int
    path: str  # as shown in the report
    real: str
    max_bytes: int


# --- worker side ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def _linter(settings_blob: bytes) -> tuple[Linter, threading.Lock]:
    """One Linter per worker process and per settings. Keyed by the pickled settings, because
    ``Settings`` holds a dict (``per_file_ignores``) and so is not hashable; the client pickles
    the settings once, so every task of a run carries the same key."""
    return Linter(pickle.loads(settings_blob)), threading.Lock()


def _read(real: str, shown: str, max_bytes: int) -> bytes:
    """The bytes of a file, or the InputError ``read_file`` gives for it, naming ``shown``."""
    try:
        if max_bytes and os.path.getsize(real) > max_bytes:
            raise OSError
        with open(real, "rb") as fh:
            return fh.read()
    except OSError:
        pass
    try:  # let the reader word the error exactly as a single-machine run does
        read_file(real, max_bytes=max_bytes)
    except InputError as exc:
        raise InputError(shown, exc.reason) from None
    with open(real, "rb") as fh:  # it changed in between and now reads: take it
        return fh.read()


def _check_chunk(settings_blob: bytes, items: list[_Bytes | _Path],
                 keep: Keep = "document") -> tuple[str, list[tuple[int, Any]]]:
    """Runs on a worker: ``(signature, [(index, FileResult | FileError), ...])``, each result
    slimmed to ``keep`` before it travels back."""
    linter, lock = _linter(settings_blob)
    out: list[tuple[int, Any]] = []
    with lock:  # rules are pure Python: threads would not run them in parallel anyway
        for item in items:
            try:
                if isinstance(item, _Path):
                    data = _read(item.real, item.path, item.max_bytes)
                    doc = read_bytes(data, item.path, detect_format(item.path))
                else:
                    doc = read_bytes(item.data, item.path, item.format)
            except InputError as exc:
                out.append((item.index, FileError(exc.path, exc.reason)))
                continue
            out.append((item.index, linter.check_document(doc).slim(keep)))
    return linter.signature, out


# --- client side ---------------------------------------------------------------------------

def _items(files: list[str], settings: Settings, ship: Ship, stdin_format: str,
           errors: dict[int, FileError]) -> Iterator[_Bytes | _Path]:
    """What to send for each file, lazily (in ``bytes`` mode a file is read only when its
    chunk is about to be submitted). Files the client cannot read go to ``errors``."""
    for i, path in enumerate(files):
        if path == "-":
            yield _Bytes(i, "<stdin>", stdin_format, sys.stdin.buffer.read())
        elif ship == "paths":
            yield _Path(i, path, os.path.abspath(path), settings.max_file_size)
        else:
            try:
                data = _read(path, path, settings.max_file_size)
            except InputError as exc:
                errors[i] = FileError(exc.path, exc.reason)
                continue
            yield _Bytes(i, path, detect_format(path), data)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _client(client_or_address: Any):
    """``(client, close_it)`` from a Client, an address, or None (the current default client)."""
    from distributed import Client, get_client

    if client_or_address is None:
        return get_client(), False
    if isinstance(client_or_address, str):
        return Client(client_or_address), True
    return client_or_address, False


def check_paths_dask(paths: Iterable[str | os.PathLike[str]], client_or_address: Any = None,
                     settings: Settings = Settings(), chunk_size: int = DEFAULT_CHUNK_SIZE, *,
                     ship: Ship = "bytes", stdin_format: str = "text", max_pending: int | None = None,
                     on_progress: Callable[[int, int], None] | None = None, keep: Keep = "document") -> Report:
    """Check files and folders on a Dask cluster; the Report equals ``check_paths(paths,
    settings=settings)`` (same files in the same order, findings, scores, errors, signature).

    ``client_or_address``: a ``distributed.Client``, a scheduler address such as
    ``"tcp://host:8786"`` (a client is opened and closed for this call), or None for the
    current default client.

    ``chunk_size``: files per task. Larger chunks cost less scheduling; smaller ones balance
    better. With ``ship="bytes"`` (default) the client reads every file and sends its bytes, so
    the workers need no access to the files. With ``ship="paths"`` only absolute paths are sent
    and each worker reads the files itself: they must see the same filesystem at the same
    paths (NFS, a cluster filesystem, one machine).

    ``max_pending``: chunks in flight at once (default: 4 per worker thread, at least 8), which
    bounds what the client and scheduler hold in memory when bytes are shipped.
    ``on_progress(done, total)`` is called as files complete. ``keep``: what each result keeps of
    its file (:meth:`~mtcheck.report.FileResult.slim`); ``"lines"`` or ``"source"`` make the
    results smaller to send back and to hold until the report is built.

    Raises :class:`ClusterMismatchError` if a worker's rule signature differs from the
    client's (another mtcheck version or lexicon on that machine), and re-raises any error a
    task raised.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if ship not in ("bytes", "paths"):
        raise ValueError(f"ship must be 'bytes' or 'paths', not {ship!r}")
    try:
        from distributed import as_completed
    except ImportError as exc:
        raise ImportError("mtcheck.dask needs dask.distributed: pip install 'mtcheck[dask]'") from exc

    linter = Linter(settings)  # the client's own: rule metadata, signature, summing
    linter.check_tagger()
    selection = FileSelection(settings.include, settings.exclude)
    walk_errors: list[InputError] = []
    files = list(iter_paths([str(p) for p in paths], selection, walk_errors))
    blob = pickle.dumps(settings, protocol=pickle.HIGHEST_PROTOCOL)

    outcomes: dict[int, FileResult | FileError] = {}
    client, close = _client(client_or_address)
    try:
        if max_pending is None:
            threads = sum(client.nthreads().values()) or 1
            max_pending = max(8, 4 * threads)
        chunks = _chunks(_items(files, settings, ship, stdin_format, outcomes), chunk_size)
        pending = as_completed()

        def submit_next() -> bool:
            chunk = next(chunks, None)
            if chunk is None:
                return False
            pending.add(client.submit(_check_chunk, blob, chunk, keep, pure=False))
            return True

        for _ in range(max_pending):
            if not submit_next():
                break
        for future in pending:
            try:
                signature, results = future.result()
            except BaseException:
                for f in pending.futures:
                    f.cancel()
                raise
            if signature != linter.signature:
                raise ClusterMismatchError(
                    f"a worker checks with signature {signature!r}, the client with "
                    f"{linter.signature!r}: install the same mtcheck on every machine")
            outcomes.update(results)
            future.release()
            submit_next()
            if on_progress is not None:  # files checked, and files the client could not read
                on_progress(len(outcomes), len(files))
    finally:
        if close:
            client.close()

    errors = [FileError(e.path, e.reason) for e in walk_errors]
    results: list[FileResult] = []
    for i in range(len(files)):
        outcome = outcomes[i]
        if isinstance(outcome, FileError):
            errors.append(outcome)
        else:
            results.append(outcome)
    return linter.report(results, errors)
