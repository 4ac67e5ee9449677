"""Where per-article work runs: option errors and clusters that cannot do the work fail with a clear message."""

from __future__ import annotations

import socket

import pytest

from akhbar.pipeline.parallel import ExecutorError, InProcess, open_executor


def _closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_default_is_in_process():
    with open_executor() as executor:
        assert isinstance(executor, InProcess)
        assert list(executor.map(len, ["ab", "c"])) == [2, 1]


def test_workers_and_scheduler_together_are_refused():
    with pytest.raises(ExecutorError, match="not both"):
        with open_executor(workers=2, scheduler="tcp://127.0.0.1:8786"):
            pass


def test_unreachable_scheduler_is_named():
    address = f"tcp://127.0.0.1:{_closed_port()}"
    with pytest.raises(ExecutorError, match=f"cannot reach the Dask scheduler at {address}"):
        with open_executor(scheduler=address, connect_timeout=1):
            pass


def test_scheduler_without_workers_is_refused_instead_of_waiting():
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        with pytest.raises(ExecutorError, match="has no worker"):
            with open_executor(scheduler=cluster.scheduler_address, workers_timeout=0.5):
                pass


def test_collector_paused_restores_the_collector_as_it_was():
    import gc

    from akhbar.pipeline.parallel import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(ValueError), collector_paused():
            raise ValueError
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
