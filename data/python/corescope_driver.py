# corescope_driver.py: the CPython backends' driver (src/core/backends/DRIVERS.md)
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs Corescope's workloads in a real CPython interpreter.

Corescope starts this script in a process group of its own and speaks JSON
lines with it on stdin and stdout (DRIVERS.md, the protocol's reference):
"hello", then "open" for every sweep point's workload, "run" for every timed
pass, "quit". Passes run in a ThreadPoolExecutor (under the real GIL) or a
ProcessPoolExecutor with Python's own start methods, and are timed here with
time.perf_counter() around the region the C backends time.

Only the standard library is used, and nothing but protocol lines may reach
the real stdout: fd 1 is pointed at stderr, so that print() in the user's
code (and in every pool worker, which inherits fd 1) cannot break the
protocol.
"""

from __future__ import annotations

import concurrent.futures as futures
import errno
import gc
from concurrent.futures.process import BrokenProcessPool
import json
import multiprocessing
import os
import pickle
import platform
import resource
import select
import signal
import statistics
import sys
import sysconfig
import threading
import time
from collections.abc import Iterable, Iterator
from types import FrameType
from typing import Any

# Found next to this script (sys.path[0]), and through PYTHONPATH, which Corescope sets to
# this folder (cs-backend-python.c) so that also spawn and forkserver children and an
# interpreter that leaves the script's folder out (PYTHONSAFEPATH) find them.
import corescope_presets
import corescope_worker
from corescope_presets import MASK, Kernel, KernelError, UserError
from corescope_worker import Items, Placements, TaskFailed

Json = dict[str, Any]   # a request or reply object
ChunkResult = tuple[int, float, list[Any]]   # (worker index or pid, ready time, results)

PROTOCOL = 1
MAX_LINE = 1 << 20
WAIT_SLICE_S = 0.05   # how often waits look for SIGTERM
WARM_UP_TIMEOUT_S = 60
EXIT_GRACE_S = 0.5    # after SIGTERM clean-up, exit even if a thread hangs


PROCESS_LIMIT = ("could not start a worker: Resource temporarily unavailable "
                 "(EAGAIN: the process limit, ulimit -u?)")


def is_process_limit(error: BaseException) -> bool:
    """A fork or a thread start refused for lack of processes (RLIMIT_NPROC counts threads)."""
    if isinstance(error, OSError):
        return error.errno == errno.EAGAIN
    return isinstance(error, RuntimeError) and "can't start new thread" in str(error)


class Terminated(Exception):
    """SIGTERM arrived: stop what we do, clean up, exit."""


class RequestError(Exception):
    """A request we cannot carry out; the message is the reply's error."""


_terminating = threading.Event()


def on_sigterm(signum: int, frame: FrameType | None) -> None:
    # Only flags: waits poll them, so no exception can land inside an
    # executor's locks. Worker threads see the kernels' cancelled event.
    _terminating.set()
    corescope_presets.cancelled.set()


def check_terminating() -> None:
    if _terminating.is_set():
        raise Terminated()


_thread_failure: BaseException | None = None
_default_excepthook = threading.excepthook


def on_thread_exception(args: threading.ExceptHookArgs) -> None:
    """A pool's helper thread (a ProcessPoolExecutor's manager, a queue's feeder) that cannot
    start a thread or process dies, and the futures it should complete then wait forever:
    the failure is kept for the pass's waits to raise (check_helpers)."""
    global _thread_failure
    if args.exc_value is not None and is_process_limit(args.exc_value):
        _thread_failure = args.exc_value
    else:
        _default_excepthook(args)


def check_helpers() -> None:
    global _thread_failure
    error, _thread_failure = _thread_failure, None
    if error is not None:
        raise error


# ---- the protocol's transport ---------------------------------------------------


class Channel:
    """JSON lines on the saved stdin and stdout descriptors."""

    def __init__(self, in_fd: int, out_fd: int) -> None:
        self.in_fd, self.out_fd = in_fd, out_fd
        self.buffer = b""

    def read(self) -> bytes | None:
        """The next request line as bytes, None on EOF; raises Terminated."""
        while b"\n" not in self.buffer:
            check_terminating()
            ready, _, _ = select.select([self.in_fd], [], [], WAIT_SLICE_S * 4)
            if not ready:
                continue
            data = os.read(self.in_fd, 65536)
            if not data:
                return None
            self.buffer += data
            if len(self.buffer) > MAX_LINE and b"\n" not in self.buffer:
                raise RequestError("request line longer than 1 MiB")
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line

    def write(self, reply: Json) -> None:
        data = (json.dumps(reply, separators=(",", ":")) + "\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(self.out_fd, view):]


def take_stdio() -> Channel:
    """The protocol's descriptors, with fd 1 pointed at stderr for the rest."""
    in_fd = os.dup(0)
    out_fd = os.dup(1)
    os.set_inheritable(in_fd, False)
    os.set_inheritable(out_fd, False)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return Channel(in_fd, out_fd)


# ---- what the driver is -----------------------------------------------------------


def interpreter_info() -> dict[str, str]:
    gil_check = getattr(sys, "_is_gil_enabled", None)
    gil = "enabled" if gil_check is None or gil_check() else "disabled"
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    return {
        "implementation": platform.python_implementation(),
        "version": ".".join(str(v) for v in sys.version_info[:3]),
        "executable": sys.executable,
        "gil": gil,
        "build": "free-threaded" if free_threaded else "default",
    }


# ---- resource usage -------------------------------------------------------------------

CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def proc_kb(pid: int | str, name: str, key: str) -> int | None:
    """A "Key:  123 kB" value of /proc/PID/NAME, None when unreadable."""
    try:
        with open(f"/proc/{pid}/{name}") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def memory_of(pids: Iterable[int | str]) -> tuple[dict[str, int], float]:
    """What these processes hold together (DRIVERS.md: mem_total_kb, the sum of
    their PSS, and mem_peak_kb, of their peak RSS), and the seconds reading took;
    nothing when a process could not be read."""
    start = time.perf_counter()
    total = peak = 0
    for pid in pids:
        pss = proc_kb(pid, "smaps_rollup", "Pss")
        hwm = proc_kb(pid, "status", "VmHWM")
        if pss is None or hwm is None:
            return {}, time.perf_counter() - start
        total, peak = total + pss, peak + hwm
    return {"mem_total_kb": total, "mem_peak_kb": peak}, time.perf_counter() - start


class Usage:
    """CPU time, context switches and peak RSS of a set of processes."""

    def __init__(self, user: float = 0.0, system: float = 0.0, voluntary: int = 0,
                 involuntary: int = 0, rss_kb: int = 0) -> None:
        self.user, self.system = user, system
        self.voluntary, self.involuntary = voluntary, involuntary
        self.rss_kb = rss_kb

    @classmethod
    def of_self(cls) -> Usage:
        # the peak from /proc: ru_maxrss keeps the spawning process's peak across exec
        r = resource.getrusage(resource.RUSAGE_SELF)
        peak = proc_kb("self", "status", "VmHWM")
        return cls(r.ru_utime, r.ru_stime, r.ru_nvcsw, r.ru_nivcsw,
                   r.ru_maxrss if peak is None else peak)

    @classmethod
    def of_pid(cls, pid: int) -> Usage:
        """A live process's usage from /proc (workers of a forkserver are not
        our children, and live workers are not in RUSAGE_CHILDREN)."""
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
        except (OSError, IndexError):
            return cls()

        def number(key: str) -> int:
            return int(status.get(key, "0").split()[0])
        return cls(int(fields[11]) / CLOCK_TICK, int(fields[12]) / CLOCK_TICK,
                   number("voluntary_ctxt_switches"), number("nonvoluntary_ctxt_switches"),
                   number("VmHWM"))

    def minus(self, before: Usage) -> Usage:
        return Usage(self.user - before.user, self.system - before.system,
                     self.voluntary - before.voluntary, self.involuntary - before.involuntary,
                     self.rss_kb)

    def plus(self, other: Usage) -> Usage:
        return Usage(self.user + other.user, self.system + other.system,
                     self.voluntary + other.voluntary, self.involuntary + other.involuntary,
                     max(self.rss_kb, other.rss_kb))


# ---- pools ---------------------------------------------------------------------------


class ThreadPool:
    """A ThreadPoolExecutor whose threads know their index and binding."""

    def __init__(self, kernel: Kernel, workers: int, placements: Placements) -> None:
        self.kernel, self.workers, self.placements = kernel, workers, placements
        self.lock = threading.Lock()
        self.started = 0
        self.ready: dict[int, float] = {}
        self.local = threading.local()
        # wall time inside tasks minus the threads' CPU time, all threads: time not running
        self.waited_s = 0.0
        self.executor = futures.ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="corescope-worker",
            initializer=self.init_worker)

    def init_worker(self) -> None:
        with self.lock:
            index = self.started
            self.started += 1
        corescope_worker.bind(self.placements, index)
        self.kernel.worker_started(index)
        self.local.index = index
        self.local.ready = time.perf_counter()

    def run_chunk(self, items: Items) -> ChunkResult:
        local = self.local
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return (local.index, local.ready,
                    corescope_worker.run_items(self.kernel, items, local.index))
        finally:
            waited = (time.perf_counter() - wall) - (time.thread_time() - cpu)
            with self.lock:
                self.waited_s += max(0.0, waited)

    def waited(self) -> float | None:
        """Seconds the threads spent in tasks without running: waiting for the GIL when
        the tasks compute, for I/O too when they wait."""
        return self.waited_s

    def submit(self, items: Items) -> futures.Future[Any]:
        return self.executor.submit(self.run_chunk, items)

    def input_for_transport(self, data: Any) -> Any:
        return data  # threads share memory: a view, like the C pointer

    def warm_up(self) -> None:
        # nobody passes the barrier before all have started, so every no-op
        # has a thread of its own
        barrier = threading.Barrier(self.workers)
        done = [self.executor.submit(barrier.wait, WARM_UP_TIMEOUT_S)
                for _ in range(self.workers)]
        wait_all(done)

    def usage(self) -> Usage:
        return Usage.of_self()

    def memory_pids(self) -> list[int | str]:
        return ["self"]

    def close(self, terminate: bool = False) -> None:
        self.executor.shutdown(wait=not terminate, cancel_futures=True)


class ProcessPool:
    """A ProcessPoolExecutor with the session's start method."""

    def __init__(self, kernel: Kernel, workload: Json, start_method: str, workers: int,
                 placements: Placements) -> None:
        self.kernel, self.workers = kernel, workers
        context = multiprocessing.get_context(start_method)
        self.counter = context.Value("i", 0)
        shared = None
        if hasattr(kernel, "use_shared"):
            shared = (context.Lock(), context.Value("Q", 0, lock=False))
            kernel.use_shared(*shared)
        self.executor = futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=context,
            initializer=corescope_worker.init_process_worker,
            initargs=(workload, self.counter, placements, shared))
        self.pids: set[int] = set()
        self.baseline: dict[int, Usage] = {}

    def submit(self, items: Items) -> futures.Future[Any]:
        return self.executor.submit(corescope_worker.run_process_chunk, items)

    def waited(self) -> float | None:
        return None  # each process has a GIL of its own: nobody waits for it

    def input_for_transport(self, data: Any) -> Any:
        # what pickling will copy anyway; a memoryview cannot be pickled
        return bytes(data) if isinstance(data, memoryview) else data

    def worker_pids(self) -> set[int]:
        processes = getattr(self.executor, "_processes", None) or {}
        return self.pids | set(processes)

    def memory_pids(self) -> list[int | str]:
        return ["self"] + sorted(self.worker_pids())

    def warm_up(self) -> None:
        deadline = time.monotonic() + WARM_UP_TIMEOUT_S
        done = [self.executor.submit(corescope_worker.process_noop, self.workers, deadline)
                for _ in range(self.workers)]
        for f in wait_all(done):
            self.pids.add(f.result()[0])
        self.baseline = {pid: Usage.of_pid(pid) for pid in self.worker_pids()}

    def usage(self) -> Usage:
        """The driver's usage plus each worker's since the pool's baseline."""
        total = Usage.of_self()
        for pid in self.worker_pids():
            now = Usage.of_pid(pid)
            total = total.plus(now.minus(self.baseline.get(pid, Usage())))
        return total

    def close(self, terminate: bool = False) -> None:
        if terminate:
            processes = getattr(self.executor, "_processes", None) or {}
            for process in list(processes.values()):
                try:
                    process.kill()
                except (OSError, AttributeError):
                    pass
        self.executor.shutdown(wait=True, cancel_futures=True)


Pool = ThreadPool | ProcessPool


def wait_all(pending: Iterable[futures.Future[Any]]) -> list[futures.Future[Any]]:
    """Waits for every future, looking for SIGTERM in between."""
    pending = set(pending)
    done_all: list[futures.Future[Any]] = []
    while pending:
        check_terminating()
        check_helpers()
        done, pending = futures.wait(pending, timeout=WAIT_SLICE_S)
        done_all.extend(done)
    return done_all


# ---- a sweep point's workload ------------------------------------------------------------


def task_error_message(error: BaseException, label: str) -> str:
    """One line for a task that failed, in a worker or on the way."""
    if isinstance(error, (TaskFailed, KernelError, UserError)):
        return str(error)
    if isinstance(error, BrokenProcessPool):
        return f"{label}: a pool worker died ({error})"
    text = " ".join(str(error).split())
    if isinstance(error, (pickle.PicklingError, AttributeError, TypeError)) \
            or "pickle" in text.lower():
        return (f"{label}: a task's argument or result cannot be pickled for the worker "
                f"processes: {type(error).__name__}: {text}")
    return f"{label}: {type(error).__name__}: {text}"


class Session:
    """What "open" set up: the workload's kernel and the pool options."""

    def __init__(self, request: Json) -> None:
        self.backend = request.get("backend", "thread")
        if self.backend not in ("thread", "process"):
            raise RequestError(f"backend '{self.backend}' is not thread or process")
        self.start_method = request.get("start_method", "fork")
        if self.backend == "process" and \
                self.start_method not in multiprocessing.get_all_start_methods():
            raise RequestError(f"start method '{self.start_method}' is not available here")
        self.persistent = request.get("pool", "per-run") == "persistent"
        self.chunk_size = max(1, int(request.get("chunk_size", 1)))
        self.weak = request.get("scaling", "strong") == "weak"
        workload = request.get("workload")
        if not isinstance(workload, dict) or "preset" not in workload:
            raise RequestError("open: 'workload' must be an object with a 'preset'")
        self.workload: Json = workload
        self.workload.setdefault("env", {})
        self.workload.setdefault("params", {})
        self.n_tasks = int(self.workload.get("n_tasks", 0))
        self.label = self.workload["preset"]
        self.gil = interpreter_info()["gil"] == "enabled"
        if self.backend == "thread":
            sys.setswitchinterval(float(request.get("switch_interval_s", 0.005)))
        self.kernel = corescope_worker.make_kernel(self.workload, False)
        self.label = getattr(self.kernel, "label", self.label)
        self.check_tasks()
        self.pool: Pool | None = None
        self.pool_key: tuple[int, str] | None = None

    def check_tasks(self) -> None:
        args = getattr(self.kernel, "args", None)
        if self.workload["preset"] == "python-callable" and args is not None:
            if not isinstance(args, list) or len(args) != self.n_tasks:
                raise RequestError(f"{self.label}: args must be a list of n_tasks items")
        if self.n_tasks <= 0:
            raise RequestError("open: the workload has no tasks (n_tasks)")

    def new_pool(self, workers: int, placements: Placements) -> Pool:
        if self.backend == "thread":
            return ThreadPool(self.kernel, workers, placements)
        return ProcessPool(self.kernel, self.workload, self.start_method, workers, placements)

    def persistent_pool(self, workers: int, placements: Placements) -> Pool:
        key = (workers, json.dumps(placements))
        if self.pool is not None and self.pool_key != key:
            self.close_pool()
        if self.pool is None:
            self.pool = self.new_pool(workers, placements)
            self.pool_key = key
            try:
                self.pool.warm_up()
            except BaseException:
                self.close_pool(terminate=True)
                raise
        return self.pool

    def close_pool(self, terminate: bool = False) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.close(terminate)

    def close(self, terminate: bool = False) -> None:
        self.close_pool(terminate)
        self.kernel.close()

    # ---- a pass ----

    def chunks(self, workers: int) -> Iterator[list[int]]:
        total = self.n_tasks * workers if self.weak else self.n_tasks
        size = self.chunk_size
        for first in range(0, total, size):
            yield [t % self.n_tasks for t in range(first, min(total, first + size))]

    def run(self, request: Json) -> Json:
        workers = int(request.get("workers", 1))
        if workers < 1:
            raise RequestError("run: workers must be at least 1")
        placements = request.get("placements") or []
        try:
            if self.persistent:
                return self.run_persistent(workers, placements)
            return self.run_per_run(workers, placements)
        except BrokenProcessPool as e:
            raise RequestError(f"{self.label}: a worker process died while running tasks "
                               f"({' '.join(str(e).split())})") from None
        except (OSError, RuntimeError) as e:
            # the pool was closed on the way out (its started workers killed): say why
            if is_process_limit(e):
                raise RequestError(f"{self.label}: {PROCESS_LIMIT}") from None
            raise

    def run_per_run(self, workers: int, placements: Placements) -> Json:
        before = Usage.of_self()
        start = time.perf_counter()
        pool = self.new_pool(workers, placements)
        waited = pool.waited()
        try:
            outcome = Pass(self, pool, workers).dispatch()
        except BaseException:
            pool.close(terminate=True)
            raise
        # the workers' own usage and memory, while they are still there to ask
        usage = pool.usage()
        outcome.memory, observer = memory_of(pool.memory_pids())
        pool.close()
        wall = time.perf_counter() - start - observer
        if isinstance(pool, ThreadPool):
            usage = Usage.of_self()
        ready = [t - start for t in outcome.ready.values()]
        return outcome.reply(wall, statistics.median(ready) if ready else 0.0,
                             usage.minus(before), self.kernel, self.gil_wait(pool, waited))

    def run_persistent(self, workers: int, placements: Placements) -> Json:
        pool = self.persistent_pool(workers, placements)
        before = pool.usage()
        waited = pool.waited()
        start = time.perf_counter()
        try:
            outcome = Pass(self, pool, workers).dispatch()
        except BrokenProcessPool:
            self.close_pool(terminate=True)
            raise
        wall = time.perf_counter() - start
        outcome.memory = memory_of(pool.memory_pids())[0]
        return outcome.reply(wall, 0.0, pool.usage().minus(before), self.kernel,
                             self.gil_wait(pool, waited))

    def gil_wait(self, pool: Pool, before: float | None) -> float | None:
        """What the pool's threads waited during the pass, when they have a GIL to wait for."""
        after = pool.waited()
        if not self.gil or after is None or before is None:
            return None
        return after - before


class Pass:
    """One pass: chunks handed to the pool, a few ahead of the workers, so
    inputs are made (and pickled) as the workers pull them."""

    def __init__(self, session: Session, pool: Pool, workers: int) -> None:
        self.session, self.pool, self.workers = session, pool, workers
        self.kernel = session.kernel
        self.checksum = 0
        self.tasks = 0
        self.dispatch_s = 0.0
        self.ready: dict[int, float] = {}
        self.error: str | None = None
        self.memory: dict[str, int] = {}
        self.chunk_of: dict[futures.Future[Any], list[int]] = {}   # the tasks a future runs

    def submit(self, chunk: list[int]) -> futures.Future[Any]:
        t0 = time.perf_counter()
        items = [(t, self.pool.input_for_transport(self.kernel.task_input(t))) for t in chunk]
        future = self.pool.submit(items)
        self.chunk_of[future] = chunk
        self.dispatch_s += time.perf_counter() - t0
        return future

    def collect(self, future: futures.Future[Any]) -> None:
        error = future.exception()
        if error is not None:
            if self.error is None:
                self.error = task_error_message(error, self.session.label)
            if isinstance(error, BrokenProcessPool):
                raise error
            return
        t0 = time.perf_counter()
        worker, ready, results = future.result()
        self.ready.setdefault(worker, ready)
        if isinstance(self.pool, ProcessPool):
            self.pool.pids.add(worker)
        for task, (checksum, output) in zip(self.chunk_of.pop(future), results):
            self.checksum = (self.checksum + checksum) & MASK
            self.kernel.task_output(task, output)
        self.tasks += len(results)
        self.dispatch_s += time.perf_counter() - t0

    def dispatch(self) -> Pass:
        chunks = self.session.chunks(self.workers)
        ahead = 2 * self.workers
        pending = set()
        for chunk in chunks:
            pending.add(self.submit(chunk))
            if len(pending) >= ahead:
                break
        while pending:
            check_terminating()
            check_helpers()
            done, pending = futures.wait(pending, timeout=WAIT_SLICE_S,
                                         return_when=futures.FIRST_COMPLETED)
            for future in done:
                self.collect(future)
            if self.error is not None:
                for future in pending:
                    future.cancel()
                wait_all(pending)
                break
            for chunk in chunks:
                pending.add(self.submit(chunk))
                if len(pending) >= ahead:
                    break
        return self

    def reply(self, wall: float, startup: float, usage: Usage, kernel: Kernel,
              gil_wait: float | None = None) -> Json:
        if self.error is None:
            try:
                kernel.after_pass(self.tasks)
            except KernelError as e:
                self.error = str(e)
        if self.error is not None:
            raise RequestError(self.error)
        return {"ok": True, "wall_s": wall, "startup_s": startup,
                "dispatch_s": self.dispatch_s, "user_s": max(0.0, usage.user),
                "sys_s": max(0.0, usage.system), "voluntary_cs": max(0, usage.voluntary),
                "involuntary_cs": max(0, usage.involuntary), "max_rss_kb": usage.rss_kb,
                "tasks": self.tasks, "checksum": f"{self.checksum:016x}", **self.memory,
                **({} if gil_wait is None else {"gil_wait_s": max(0.0, gil_wait)})}


# ---- the requests --------------------------------------------------------------------------


class Driver:
    def __init__(self) -> None:
        self.session: Session | None = None

    def handle(self, request: Json) -> Json:
        op = request.get("op")
        if op in ("hello", "open") and request.get("protocol", PROTOCOL) != PROTOCOL:
            raise RequestError(f"protocol {request.get('protocol')} is not supported "
                               f"(this driver speaks {PROTOCOL})")
        if op == "hello":
            return {"ok": True, "info": interpreter_info()}
        if op == "open":
            return self.open(request)
        if op == "run":
            if self.session is None:
                raise RequestError("run before open")
            return self.session.run(request)
        raise RequestError(f"unknown op '{op}'")

    def open(self, request: Json) -> Json:
        self.close()
        try:
            self.session = Session(request)
        except (RequestError, KernelError):
            raise
        except UserError as e:
            raise RequestError(str(e)) from None
        except Exception as e:
            raise RequestError(f"open: {type(e).__name__}: {' '.join(str(e).split())}") \
                from None
        return {"ok": True, "n_tasks": self.session.n_tasks, "info": interpreter_info()}

    def close(self, terminate: bool = False) -> None:
        session, self.session = self.session, None
        if session is not None:
            session.close(terminate)


def error_reply(error: object) -> Json:
    return {"ok": False, "error": " ".join(str(error).split()) or type(error).__name__}


def serve(channel: Channel, driver: Driver) -> None:
    while True:
        line = channel.read()
        if line is None:
            return
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise RequestError("a request must be a JSON object")
        except (ValueError, RequestError) as e:
            channel.write(error_reply(f"bad request: {e}"))
            continue
        if request.get("op") == "quit":
            driver.close()
            channel.write({"ok": True})
            return
        try:
            reply = driver.handle(request)
        except (RequestError, KernelError, TaskFailed) as e:
            reply = error_reply(e)
        except BrokenProcessPool as e:
            reply = error_reply(f"a pool worker died: {e}")
        except Terminated:
            raise
        except Exception as e:
            reply = error_reply(f"driver error: {type(e).__name__}: {e}")
        channel.write(reply)


def exit_soon() -> None:
    """After clean-up, a thread stuck in user code must not keep us alive."""
    timer = threading.Timer(EXIT_GRACE_S, os._exit, (0,))
    timer.daemon = True
    timer.start()


def stop_helpers() -> None:
    """Stops multiprocessing's fork server and resource tracker and reaps
    them, once the pools are gone: left to notice our exit on their own, they
    would outlive us as zombies of whoever inherits them. The resource tracker
    unlinks any semaphore still registered as it stops."""
    gc.collect()
    for module, name in (("multiprocessing.forkserver", "_forkserver"),
                         ("multiprocessing.resource_tracker", "_resource_tracker")):
        helper = getattr(sys.modules.get(module), name, None)
        try:
            if helper is not None:
                helper._stop()
        except (AttributeError, OSError, ChildProcessError):
            pass


def main() -> None:
    channel = take_stdio()
    signal.signal(signal.SIGTERM, on_sigterm)
    threading.excepthook = on_thread_exception
    # Ctrl-C goes to Corescope only (another process group); be safe anyway
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    driver = Driver()
    try:
        serve(channel, driver)
        driver.close()
    except Terminated:
        exit_soon()
        driver.close(terminate=True)
    except RequestError as e:
        channel.write(error_reply(e))
        exit_soon()
        driver.close(terminate=True)
    stop_helpers()
    sys.exit(0)


if __name__ == "__main__":
    main()
