# corescope_worker.py: what runs in the driver's pool workers, threads or processes
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The pool workers' side: start-up (index, CPU binding, the kernel) and tasks.

This module is imported by name in spawn and forkserver children (they find
it through the parent's sys.path, which multiprocessing hands them), so it
imports nothing of the driver's main script.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Any, Sequence

import corescope_presets
from corescope_presets import Kernel, KernelError, UserError

# (task, input) pairs of a chunk, and the pool's placements: PUs per worker index
Items = Sequence[tuple[Any, Any]]
Placements = Sequence[Sequence[int]] | None


class TaskFailed(Exception):
    """A task failed; the message is one line for the user."""


def make_kernel(workload: dict[str, Any], in_worker: bool) -> Kernel:
    preset = workload["preset"]
    if preset == "python-callable":
        from corescope_callable import PythonCallable
        return PythonCallable(workload, in_worker)
    kernel_class = corescope_presets.PRESETS.get(preset)
    if kernel_class is None:
        raise KernelError(f"{preset}: this preset has no Python port")
    return kernel_class(workload, in_worker)


def bind(placements: Placements, index: int) -> None:
    """Pins the calling thread (or process) to its PUs, when it can."""
    if placements and index < len(placements) and placements[index]:
        try:
            os.sched_setaffinity(0, placements[index])
        except (OSError, ValueError):
            pass  # a PU that is offline here: run unbound, as the C pools do


def run_items(kernel: Kernel, items: Items, index: int) -> list[Any]:
    """[(checksum, output)] of every (task, input) of a chunk."""
    results: list[Any] = []
    for task, data in items:
        try:
            results.append(kernel.run_task(task, data, index))
        except (KernelError, UserError, TaskFailed) as e:
            raise TaskFailed(str(e)) from None
        except Exception as e:
            raise TaskFailed(f"task {task}: {type(e).__name__}: {e}") from None
    return results


# ---- process workers ------------------------------------------------------------

_process: tuple[Kernel, int, float] | str | None = None   # this worker process's (kernel, index, ready time), or an error
_counter: Any = None   # the pool's count of started workers (shared memory)


def take_index(counter: Any) -> int:
    with counter.get_lock():
        index: int = counter.value
        counter.value += 1
    return index


def init_process_worker(workload: dict[str, Any], counter: Any, placements: Placements,
                        shared: tuple[Any, ...] | None) -> None:
    """ProcessPoolExecutor's initializer. Errors are kept for the first task
    to report: an initializer that raises only breaks the pool, silently."""
    global _process, _counter
    _counter = counter
    # fork children inherit the driver's handler; a worker just dies
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdout = sys.stderr
    try:
        kernel = make_kernel(workload, True)
        if shared is not None:
            # the driver gives shared objects only to kernels that have use_shared (hasattr)
            getattr(kernel, "use_shared")(*shared)
        # counted once the kernel is built: the warm-up waits for the count
        index = take_index(counter)
        bind(placements, index)
        kernel.worker_started(index)
        _process = (kernel, index, time.perf_counter())
    except Exception as e:
        _process = str(e) if isinstance(e, (KernelError, UserError)) \
            else f"{workload['preset']}: a worker cannot start: {type(e).__name__}: {e}"


def run_process_chunk(items: Items) -> tuple[int, float, list[Any]]:
    """(pid, ready time, results) of one chunk of tasks."""
    if isinstance(_process, str) or _process is None:
        raise TaskFailed(_process or "the worker was not initialised")
    kernel, index, ready = _process
    return os.getpid(), ready, run_items(kernel, items, index)


def process_noop(n_workers: int, deadline: float) -> tuple[int, float]:
    """Warm-up of a persistent pool: returns once every worker has started
    (each worker takes one no-op, because none returns before all started)."""
    while _counter is not None and _counter.value < n_workers and time.monotonic() < deadline:
        time.sleep(0.001)
    ready = _process[2] if isinstance(_process, tuple) else time.perf_counter()
    return os.getpid(), ready
