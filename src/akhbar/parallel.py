"""Where per-article batches run: in this process (default) or on a Dask cluster (local or remote).

Both executors call the same function on the same batches and yield results in batch order, so the
release does not depend on how many workers built it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Maps a function over items, yielding results in item order."""

    description: str

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...


class InProcess:
    """Run batches one after another in this process: no server, lowest overhead for small corpora."""

    description = "in-process"

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield fn(item) lazily, so only one batch's raw text is in memory at a time."""
        return (fn(item) for item in items)


class DaskExecutor:
    """Run batches on a Dask cluster; each worker reads its own input files (only paths travel)."""

    def __init__(self, client: Any, description: str, window: int):
        self.client = client
        self.description = description
        self.window = window

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Keep at most ``window`` batches in flight and yield results in order, releasing each as read."""
        pending: list[Any] = []
        for item in items:
            pending.append(self.client.submit(fn, item, pure=False))
            if len(pending) >= self.window:
                yield _take(pending)
        while pending:
            yield _take(pending)


def _take(pending: list[Any]) -> Any:
    """Result of the oldest future, which is then released from the cluster."""
    future = pending.pop(0)
    try:
        return future.result()
    finally:
        future.release()


@contextmanager
def open_executor(workers: int = 0, scheduler: str | None = None) -> Iterator[Executor]:
    """In-process by default; a LocalCluster of ``workers`` processes; or an existing cluster at ``scheduler``."""
    if not workers and not scheduler:
        yield InProcess()
        return
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            n = max(1, len(client.scheduler_info().get("workers", {})))
            yield DaskExecutor(client, f"Dask cluster at {scheduler} ({n} workers)", window=4 * n)
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    try:
        yield DaskExecutor(client, f"Dask LocalCluster ({workers} workers)", window=4 * workers)
    finally:
        client.close()
        cluster.close()
