"""Where per-article batches run: in this process (default) or on a Dask cluster (local or remote).

Both executors call the same function on the same batches and yield results in batch order, so the
release does not depend on how many workers built it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from akhbar.errors import ExecutorError

T = TypeVar("T")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a batch without Python's cyclic garbage collector, and restore it after (if it was on).

    A batch allocates millions of short-lived objects (tokens, matches, mentions) and few reference cycles; the
    collector's passes over them, and its full passes over everything alive in the process, took 8% of the CPU
    time of an in-process build of 10,000 generated articles. Reference counting still frees what a batch drops;
    the few cycles it makes wait for the collector's next pass once the batch is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Dask's worker defaults suit many short tasks watched on a dashboard; ours are long CPU-bound batches, from which
# a stack sample every 10 ms (the statistical profiler) and event-loop ticks every 20 ms take the GIL (measured on
# 6,000 articles: a worker's batches took 10-13% more wall time than in-process with them, about 5% without).
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}
# How long to wait for a remote scheduler to answer, and for it to have at least one worker.
CONNECT_TIMEOUT_S = 10.0
WORKERS_TIMEOUT_S = 30.0


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
    from distributed import KilledWorker

    future = pending.pop(0)
    try:
        return future.result()
    except KilledWorker as exc:  # the step did not fail: the process running it died (memory, a crash, a kill)
        raise ExecutorError(
            f"a Dask worker died while running a batch of articles ({exc}); check the workers' memory and logs"
        ) from exc
    finally:
        future.release()


@contextmanager
def open_executor(
    workers: int = 0,
    scheduler: str | None = None,
    connect_timeout: float = CONNECT_TIMEOUT_S,
    workers_timeout: float = WORKERS_TIMEOUT_S,
) -> Iterator[Executor]:
    """In-process by default; a LocalCluster of ``workers`` processes; or an existing cluster at ``scheduler``.

    Raises ExecutorError when both are given, when the scheduler cannot be reached within ``connect_timeout``
    seconds, or when it has no worker after ``workers_timeout`` seconds (the build would wait for ever).
    """
    if workers < 0:
        raise ExecutorError(f"--workers must be 0 or more, not {workers}")
    if workers and scheduler:
        raise ExecutorError("give --workers (a local cluster) or --scheduler (an existing one), not both")
    if not workers and not scheduler:
        yield InProcess()
        return
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=connect_timeout)
        except (OSError, ValueError, TypeError) as exc:
            raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        try:
            try:
                client.wait_for_workers(1, timeout=workers_timeout)
            except TimeoutError as exc:
                raise ExecutorError(
                    f"the Dask scheduler at {scheduler} has no worker (waited {workers_timeout:g} s)"
                ) from exc
            n = max(1, len(client.scheduler_info().get("workers", {})))
            yield DaskExecutor(client, f"Dask cluster at {scheduler} ({n} workers)", window=4 * n)
        finally:
            client.close()
        return
    import dask

    with dask.config.set(LOCAL_CLUSTER_CONFIG):  # the nannies hand this config to the worker processes they start
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    try:
        yield DaskExecutor(client, f"Dask LocalCluster ({workers} workers)", window=4 * workers)
    finally:
        client.close()
        cluster.close()
