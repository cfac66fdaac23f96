"""Where partitions are extracted: on this machine's cores, or on a Dask cluster, behind one
interface.

An engine maps a function over work items and yields each result as it finishes, keeping only a
window of items in flight (an archive is a stream: its partitions are not all in memory at
once). Results come in any order; the caller orders them. ``LocalEngine`` is a process pool on
this machine (or this process, for one worker). ``DaskEngine`` is Dask's distributed scheduler:
a ``LocalCluster`` of worker processes by default, or a running scheduler's address for a real
cluster. Dask retries the task of a worker that dies, on another worker (or the one its nanny
restarts); ``RETRIES`` more tries are allowed when a task itself fails.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Protocol

ENGINES = ("local", "dask")
RETRIES = 2
# Dask logs each worker's start and stop, and every reconnection, at INFO and WARNING: a clean
# run prints only our own progress and summary. Errors still show.
_QUIET_LOGGERS = ("distributed", "dask", "tornado", "bokeh")


class EngineError(RuntimeError):
    """The engine could not be started or reached."""


class Engine(Protocol):
    name: str

    def workers(self) -> int: ...

    def map(self, function: Callable, items: Iterable, *shared: Any) -> Iterator[Any]:
        """``function(item, *shared)`` for every item, yielded as each finishes."""
        ...

    def close(self) -> None: ...


def worker_name() -> str:
    """Who ran a task: the machine and process (a restarted worker is a new one)."""
    return f"{socket.gethostname()}:{os.getpid()}"


class LocalEngine:
    """This machine's cores: a pool of ``workers`` processes (this process alone for one)."""

    name = "local"

    def __init__(self, workers: int | None = None):
        self._workers = max(1, workers or os.cpu_count() or 1)
        self._pool = ProcessPoolExecutor(self._workers) if self._workers > 1 else None

    def workers(self) -> int:
        return self._workers

    def map(self, function: Callable, items: Iterable, *shared: Any) -> Iterator[Any]:
        if self._pool is None:
            for item in items:
                yield function(item, *shared)
            return
        window, pending = 2 * self._workers, set()
        items = iter(items)
        while True:
            while len(pending) < window and (item := next(items, None)) is not None:
                pending.add(self._pool.submit(function, item, *shared))
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


class DaskEngine:
    """Dask's distributed scheduler: at ``scheduler`` (``tcp://host:8786``), or a local cluster
    of ``workers`` single-threaded worker processes (default: one per core). Extraction is pure
    Python and holds the GIL, so a worker is a process, not a thread."""

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        quiet_engine_logs()
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - a dependency of the project
            raise EngineError("--engine dask needs dask[distributed] installed") from error
        self._cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="10s")
            else:
                self._cluster = LocalCluster(
                    n_workers=max(1, workers or os.cpu_count() or 1),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self._cluster)
        except (OSError, TimeoutError) as error:
            self.close()
            raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {error}") from error

    def workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def map(self, function: Callable, items: Iterable, *shared: Any) -> Iterator[Any]:
        from distributed import as_completed

        # What every task shares (the vocabulary, a few kilobytes) travels with each task rather
        # than scattered once: scattered data lives on workers, and a worker killed while holding
        # it could cancel the tasks that need it instead of letting them be retried.
        window = 2 * max(1, self.workers())
        items = iter(items)
        running = as_completed()
        for item in items:
            running.add(self._submit(function, item, shared))
            if running.count() >= window:
                break
        for future in running:
            result = future.result()
            future.release()
            yield result
            if (item := next(items, None)) is not None:
                running.add(self._submit(function, item, shared))

    def _submit(self, function: Callable, item: Any, shared: tuple):
        return self.client.submit(function, item, *shared, pure=False, retries=RETRIES)

    def close(self) -> None:
        client, cluster = getattr(self, "client", None), self._cluster
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def quiet_engine_logs() -> None:
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def make_engine(name: str, workers: int | None = None, scheduler: str | None = None) -> Engine:
    if name == "dask":
        return DaskEngine(workers, scheduler)
    if scheduler:
        raise EngineError("--scheduler is for --engine dask")
    return LocalEngine(workers)
