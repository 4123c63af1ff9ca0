# corescope_presets.py: the Python ports of Corescope's C presets, same checksums
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python ports of the C preset kernels (src/core/workloads/cs-wl-*.c).

Every port takes the same parameters as its C preset and computes every task's
checksum exactly as the C kernel does, so a python-thread or python-process
run of a preset has the checksum of a C run with the same parameters. All
arithmetic on 64-bit unsigned values is done on Python ints masked to 64 bits;
the float kernels (mandelbrot, image-blur) use IEEE doubles as C does, and
image-blur rounds every operation to float32 as C's float arithmetic does.

A kernel object is built twice in process mode: in the driver (the parent
side, which makes the tasks' inputs and takes their outputs) and in every pool
worker (which runs tasks). Kernels must be safe to call from several threads.
"""

from __future__ import annotations

import array
import hashlib
import math
import mmap
import os
import select
import socket
import sys
import threading
import time
from typing import Any, Callable, Iterable, TypeAlias

# a workload as the driver gets it (DRIVERS.md), a task's (checksum, output), float arrays
Workload = dict[str, Any]
TaskResult = tuple[int, Any]
FloatArray: TypeAlias = "array.array[float]"

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3

# Set by the driver on SIGTERM: long waits in worker threads stop promptly
# (worker processes are terminated instead).
cancelled = threading.Event()


class KernelError(Exception):
    """A task failed in a way the C kernel would report (a short message)."""


class UserError(Exception):
    """A failure in or around the user's own code (the python-callable preset,
    corescope_callable.py), already worded for the user. Defined here, which
    every side imports, so that the driver and the workers recognise it
    without importing the user's code."""


# ---- the helpers of cs-wl-util.h --------------------------------------------


def mix(x: int) -> int:
    """splitmix64's finaliser, as _cs_wl_mix()."""
    x &= MASK
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & MASK
    x ^= x >> 31
    return x


def spin(iterations: int, seed: int) -> int:
    """xorshift64 for a number of iterations, as _cs_wl_spin()."""
    x = (seed | 1) & MASK
    mask = MASK
    for _ in range(iterations):
        x ^= (x << 13) & mask
        x ^= x >> 7
        x ^= (x << 17) & mask
    return x


def hash_bytes(h: int, data: Iterable[int]) -> int:
    """FNV-1a over bytes, as _cs_wl_hash_bytes()."""
    prime, mask = FNV_PRIME, MASK
    for byte in data:
        h = ((h ^ byte) * prime) & mask
    return h


def mixed_words(count_bytes: int, word_at: Callable[[int], int]) -> bytes:
    """count_bytes bytes made of little-endian 64-bit words word_at(offset),
    the last one cut short: the C kernels' memcpy of each word on x86-64."""
    words = (count_bytes + 7) // 8
    data = array.array("Q", (word_at(8 * w) for w in range(words)))
    if sys.byteorder != "little":
        data.byteswap()
    return data.tobytes()[:count_bytes]


def blocking_sleep(seconds: float) -> bool:
    """A real wait in slices of at most 50 ms, so that cancelling stops it,
    as _cs_wl_blocking_sleep()."""
    end = time.monotonic() + seconds
    while not cancelled.is_set():
        left = end - time.monotonic()
        if left <= 0:
            return True
        time.sleep(min(left, 0.05))
    return False


def env_uint(workload: Workload, key: str) -> int:
    try:
        return int(workload["env"][key])
    except (KeyError, ValueError):
        raise KernelError(f"{workload['preset']}: the workload environment lacks "
                          f"{key} (was prepare() run?)") from None


# ---- the kernels --------------------------------------------------------------


class Kernel:
    """The interface: run_task() in workers, the rest in the driver."""

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        self.params = workload["params"]
        self.n_tasks = workload["n_tasks"]
        self.n_workers = workload["n_workers"]

    def worker_started(self, index: int) -> None:
        """Called once in each pool worker (thread or process)."""

    def task_input(self, task: int) -> Any:
        """The task's input payload (parent side), or None."""
        return None

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        """Returns (checksum, output payload or None)."""
        raise NotImplementedError

    def task_output(self, task: int, output: Any) -> None:
        """The parent looks at what came back, as a caller would."""

    def after_pass(self, total_tasks: int) -> None:
        """Checks after a pass (parent side); raises KernelError."""

    def close(self) -> None:
        """Frees what the kernel holds (files, shared objects)."""


class Cpu(Kernel):
    """cs-wl-cpu.c: count primes by trial division."""

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        self.start = self.params["start"]
        self.numbers = self.params["numbers"]

    @staticmethod
    def is_prime(n: int) -> bool:
        if n < 4:
            return n >= 2
        if n % 2 == 0:
            return False
        # d * d <= n for odd d, as the C loop
        for d in range(3, math.isqrt(n) + 1, 2):
            if n % d == 0:
                return False
        return True

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        first = self.start + task * self.numbers
        count = 0
        for n in range(first, first + self.numbers):
            count += self.is_prime(n)
        return (((count + 1) * GOLDEN) & MASK) ^ (task + 1), None


class Hash(Kernel):
    """cs-wl-hash.c: SHA-256 of large buffers. hashlib releases the GIL while it
    hashes more than 2047 bytes, so threads hash in parallel. Every worker
    (thread or process) has its own buffer, as in C."""

    PERIOD = 251

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        self.size = self.params["size"]
        self.buffers: dict[int, mmap.mmap] = {}
        self.lock = threading.Lock()
        self.template = self.make_template()

    def make_template(self) -> int:
        """The buffer's bytes, once, in a memory file no one maps: workers copy it with
        preadv(), which lets go of the GIL, so their buffers fill in parallel as the C
        workers' do. Filled under the GIL (a slice copy holds it), the page faults of
        every worker's buffer came one after the other: 13 ms per 4 MiB here, a third
        of a 2-worker run of 48 tasks."""
        fd = os.memfd_create("corescope-hash", os.MFD_CLOEXEC)
        # a whole number of periods, so chunk after chunk continues i % 251
        chunk = bytes(range(self.PERIOD)) * (65536 // self.PERIOD)
        written = 0
        while written < self.size:
            written += os.write(fd, chunk[:self.size - written])
        return fd

    def make_buffer(self) -> mmap.mmap:
        """Byte i is i % 251, as the C kernel's buffer. Mapped, as in C: a buffer from
        malloc would stay in the driver's heap once freed and count in the memory of
        every later run."""
        buffer = mmap.mmap(-1, self.size)
        view = memoryview(buffer)
        done = 0
        while done < self.size:
            got = os.preadv(self.template, [view[done:]], done)
            if got <= 0:
                view.release()
                raise KernelError("hash: the buffer's template file ended early")
            done += got
        view.release()
        return buffer

    def worker_started(self, index: int) -> None:
        buffer = self.make_buffer()
        with self.lock:
            old, self.buffers[index] = self.buffers.get(index), buffer
        if old is not None:
            self.unmap(old)  # the previous pool's worker of that index is gone

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        with self.lock:
            buffer = self.buffers.get(worker_index)
        if buffer is None:
            raise KernelError(f"hash: worker {worker_index} has no buffer")
        sha = hashlib.sha256(task.to_bytes(8, "little"))
        sha.update(buffer)  # the GIL is released here
        return int.from_bytes(sha.digest()[:8], "big"), None

    @staticmethod
    def unmap(buffer: mmap.mmap) -> None:
        try:
            buffer.close()
        except BufferError:
            pass  # a thread left hashing after a cancel: unmapped when collected

    def close(self) -> None:
        with self.lock:
            buffers, self.buffers = list(self.buffers.values()), {}
        for buffer in buffers:
            self.unmap(buffer)
        if self.template >= 0:
            os.close(self.template)
            self.template = -1


class IoWait(Kernel):
    """cs-wl-io-wait.c: tasks that block in the kernel."""

    SLICE_S = 0.1

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        self.latency = self.params["latency"]
        self.use_poll = self.params.get("wait", "poll") == "poll"

    def worker_started(self, index: int) -> None:
        set_small_timer_slack()

    def block_for(self, seconds: float) -> None:
        # select() has microsecond timeouts (poll() only milliseconds); the
        # loop restarts the wait until the time is really up, as block_for()
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.use_poll:
                select.select([], [], [], left)
            else:
                time.sleep(left)

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        left = self.latency
        while left > 0 and not cancelled.is_set():
            piece = min(left, self.SLICE_S)
            self.block_for(piece)
            left -= piece
        return ((task + 1) * GOLDEN) & MASK, None


def set_small_timer_slack() -> None:
    """Linux delays timer wake-ups by up to 50 us to batch them; like the C
    worker, ask for the smallest slack (per thread) so short waits are exact."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(29, 1, 0, 0, 0)  # PR_SET_TIMERSLACK
    except (OSError, AttributeError):
        pass


class TinyTasks(Kernel):
    """cs-wl-tiny-tasks.c: many very short tasks."""

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        self.iterations = env_uint(workload, "CS_TINY_TASKS_ITERATIONS")

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        return spin(self.iterations, mix(task + 1)), None


class Mandelbrot(Kernel):
    """cs-wl-mandelbrot.c: rows of very uneven cost."""

    X0, X1, Y0, Y1 = -2.2, 0.8, -0.1, 1.3

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        p = self.params
        self.width, self.height = p["width"], p["height"]
        self.max_iter = p["max-iter"]
        self.ranges = [] if in_worker else self.row_ranges(p, self.n_workers)

    def row_ranges(self, p: dict[str, Any], n_workers: int) -> list[tuple[int, int]]:
        height, rows = self.height, p["rows-per-task"]
        is_static = p.get("schedule", "dynamic") == "static"
        n = max(1, n_workers) if is_static else (height + rows - 1) // rows
        n = min(n, height)
        if is_static:
            return [(i * height // n, (i + 1) * height // n) for i in range(n)]
        return [(i * rows, min(height, (i + 1) * rows)) for i in range(n)]

    def task_input(self, task: int) -> Any:
        return self.ranges[task]

    def render_row(self, row: int) -> int:
        # the same operations in the same order as the C kernel: doubles
        # give the same iteration counts bit for bit
        x0, x1, y0, y1 = self.X0, self.X1, self.Y0, self.Y1
        width, max_iter = self.width, self.max_iter
        ci = y1 - (y1 - y0) * row / (self.height - 1)
        total = 0
        for col in range(width):
            cr = x0 + (x1 - x0) * col / (width - 1)
            zr = zi = 0.0
            it = 0
            while it < max_iter and zr * zr + zi * zi <= 4.0:
                t = zr * zr - zi * zi + cr
                zi = 2 * zr * zi + ci
                zr = t
                it += 1
            total = (total * 31 + it) & MASK
        return mix(total ^ ((row << 40) & MASK))

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        if data is None:
            raise KernelError(f"mandelbrot: task {task} arrived without its row range")
        row0, row1 = data
        checksum = 0
        for row in range(row0, min(row1, self.height)):
            checksum = (checksum + self.render_row(row)) & MASK
        return checksum, None


class Matmul(Kernel):
    """cs-wl-matmul.c: one band of result rows per task.

    The entries are small integers, so every sum is exact in C's doubles and
    Python's ints alike: the order of the additions cannot change the result.
    """

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        n = self.n = self.params["size"]
        self.block = min(self.params["block"], n)
        self.a = [[(i * 7 + j * 3) % 17 - 8 for j in range(n)] for i in range(n)]
        b = [[(i * 5 + j * 11) % 13 - 6 for j in range(n)] for i in range(n)]
        self.b_columns = [list(col) for col in zip(*b)]

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        n, row0 = self.n, task * self.block
        rows = min(self.block, n - row0)
        columns = self.b_columns
        checksum = 0
        for i in range(rows):
            arow = self.a[row0 + i]
            row_sum = 0
            for col in columns:
                c = sum(map(int.__mul__, arow, col))
                row_sum = (row_sum * 31 + (c & MASK)) & MASK
            checksum = (checksum + mix(row_sum ^ (((row0 + i) << 40) & MASK))) & MASK
        return checksum, None


class MemoryStream(Kernel):
    """cs-wl-memory-stream.c: the STREAM triad a = b + 3 c.

    The C engine maps the arrays shared between worker processes; here each
    process has its own arrays (sharing them with spawn and forkserver
    children would need named /dev/shm segments that a SIGKILL would leak).
    Threads share one set, as in C.
    """

    SCALAR = 3.0

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        size = self.params["array-size"]
        self.elements = size // 8
        self.chunk = max(1, min(self.params["chunk"], size) // 8)
        self.n_chunks = (self.elements + self.chunk - 1) // self.chunk
        self.arrays: tuple[FloatArray, FloatArray, FloatArray] | None = None
        self.lock = threading.Lock()

    def shared_arrays(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        with self.lock:
            if self.arrays is None:
                n = self.elements
                # b[i] = i % 1024 and c[i] = i % 7, built by repeating one period
                # (a memcpy, not a Python loop: process workers build their own)
                self.arrays = (array.array("d", bytes(8 * n)),
                               periodic_array(1024, n), periodic_array(7, n))
            return self.arrays

    def worker_started(self, index: int) -> None:
        self.shared_arrays()

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        a, b, c = self.shared_arrays()
        chunk = task % self.n_chunks
        start = chunk * self.chunk
        end = min(self.elements, start + self.chunk)
        scalar = self.SCALAR
        # small integers: every value and the sum are exact, in any order
        v = array.array("d", [bi + scalar * ci for bi, ci in zip(b[start:end], c[start:end])])
        a[start:end] = v
        return (mix(chunk + 1) + int(math.fsum(v))) & MASK, None


def periodic_array(period: int, n: int) -> FloatArray:
    """array('d') of n elements, element i = i % period."""
    one = array.array("d", (float(i) for i in range(period)))
    whole = one * (n // period + 1)
    del whole[n:]
    return whole


class LockContention(Kernel):
    """cs-wl-lock-contention.c: a shared counter behind one lock.

    Threads share a threading.Lock; processes a multiprocessing lock and a
    counter in shared memory, made by the driver (shared_objects()) and
    handed to the workers when the pool starts.
    """

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        self.units = self.params["units"]
        self.unit_iters = self.params["unit-work"]
        self.locked = float(self.params["locked-fraction"])
        self.lock = threading.Lock()
        self.counter: Any = None     # a multiprocessing value in process mode
        self.local_count = 0         # thread mode

    def use_shared(self, lock: Any, counter: Any) -> None:
        self.lock, self.counter = lock, counter

    def add(self, n: int) -> None:
        if self.counter is not None:
            self.counter.value += n
        else:
            self.local_count += n

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        units, locked, iters = self.units, self.locked, self.unit_iters
        lock = self.lock
        local = checksum = 0
        for u in range(units):
            # Bresenham: exactly round(units * locked) units are locked
            is_locked = int((u + 1) * locked) > int(u * locked)
            seed = mix(task * units + u + 1)
            if is_locked:
                with lock:
                    checksum += spin(iters, seed)
                    self.add(1)
            else:
                checksum += spin(iters, seed)
                local += 1
        with lock:
            self.add(local)
        return checksum & MASK, None

    def after_pass(self, total_tasks: int) -> None:
        # a lost update (a missing lock) would leave the counter short
        with self.lock:
            count = self.counter.value if self.counter is not None else self.local_count
            if self.counter is not None:
                self.counter.value = 0
            self.local_count = 0
        if count != total_tasks * self.units:
            raise KernelError(f"lock-contention: the shared counter is {count}, not "
                              f"{total_tasks * self.units}: increments were lost")


class IpcPayload(Kernel):
    """cs-wl-ipc-payload.c: a payload goes to the worker and comes back."""

    N_INPUTS = 4

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        self.size = self.params["payload-size"]
        self.received = 0
        self.inputs: memoryview | None = None
        if not in_worker:
            self.inputs = memoryview(mixed_words(self.size * self.N_INPUTS, mix))

    def task_input(self, task: int) -> Any:
        first = (task % self.N_INPUTS) * self.size
        assert self.inputs is not None  # the driver's side: made in __init__
        return self.inputs[first:first + self.size]

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        if data is None or len(data) != self.size:
            raise KernelError(f"ipc-payload: task {task} arrived with the wrong size")
        key = mix(task + 1)
        n_bytes = self.size // 8 * 8
        # every word XOR the key at once, as one big integer (little-endian
        # words, as the C kernel's memcpy on x86-64): the transport, not the
        # interpreter's loop, should dominate this preset, as it does in C
        pattern = key.to_bytes(8, "little") * (n_bytes // 8)
        head = (int.from_bytes(data[:n_bytes], "little")
                ^ int.from_bytes(pattern, "little")).to_bytes(n_bytes, "little")
        total = sum(memoryview(head).cast("Q")) if sys.byteorder == "little" \
            else sum(int.from_bytes(head[i:i + 8], "little") for i in range(0, n_bytes, 8))
        tail = bytes(b ^ (key & 0xFF) for b in data[n_bytes:])
        total += sum(tail)
        return mix((total & MASK) ^ task), head + tail

    def task_output(self, task: int, output: Any) -> None:
        if output:
            self.received += output[0] + output[-1]


class Mixed(Kernel):
    """cs-wl-mixed.c: each task computes, then waits."""

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        self.iterations = env_uint(workload, "CS_MIXED_ITERATIONS")
        self.wait_s = (1 - self.params["compute-fraction"]) * self.params["task-time"]

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        checksum = spin(self.iterations, mix(task + 7))
        if self.wait_s > 0:
            blocking_sleep(self.wait_s)
        return checksum, None


class FileIo(Kernel):
    """cs-wl-file-io.c: write, fsync and read back files in the directory the
    C prepare() made (and removes)."""

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        self.size = self.params["file-size"]
        self.fsync = bool(self.params["fsync"])
        self.dir = workload["env"].get("CS_FILE_IO_DIR")
        if not self.dir:
            raise KernelError("file-io: the workload environment lacks CS_FILE_IO_DIR "
                              "(was prepare() run?)")

    def write_file(self, path: str, data: bytes) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if self.fsync:
                os.fsync(fd)
        finally:
            os.close(fd)

    def read_file(self, path: str) -> bytes:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            parts: list[bytes] = []
            left = self.size
            while left > 0:
                part = os.read(fd, left)
                if not part:
                    raise OSError(5, "Input/output error")
                parts.append(part)
                left -= len(part)
            return b"".join(parts)
        finally:
            os.close(fd)

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        # unique per process and worker: weak scaling runs a task number twice
        path = os.path.join(self.dir, f"t{task}-p{os.getpid()}-w{worker_index}")
        content = mixed_words(self.size, lambda i: mix(task * 0x10001 + i))
        try:
            self.write_file(path, content)
            back = self.read_file(path)
        except OSError as e:
            raise KernelError(f"file-io: {path}: {e.strerror}") from None
        finally:
            try:
                os.unlink(path)
            except OSError:
                pass
        return mix(hash_bytes(FNV_OFFSET, back) ^ task), None


class HttpFetch(Kernel):
    """cs-wl-http-fetch.c: GET from the loopback server the C prepare() started."""

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        self.port = env_uint(workload, "CS_HTTP_FETCH_PORT")
        self.body_size = self.params["body-size"]

    def fetch(self, task: int) -> bytes:
        request = f"GET /{task} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode()
        with socket.create_connection(("127.0.0.1", self.port)) as sock:
            sock.sendall(request)
            # waits in slices of 100 ms so that a cancelled run stops
            sock.settimeout(0.1)
            parts: list[bytes] = []
            while True:
                try:
                    part = sock.recv(16384)
                except socket.timeout:
                    if cancelled.is_set():
                        raise OSError(125, "Operation canceled") from None
                    continue
                if not part:
                    return b"".join(parts)
                parts.append(part)

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        try:
            response = self.fetch(task)
        except OSError as e:
            raise KernelError(f"http-fetch: request {task} failed: "
                              f"{e.strerror or e}") from None
        end = response.find(b"\r\n\r\n", 0, 4096)
        if len(response) < 12 or not response.startswith(b"HTTP/1.0 200") or end < 0:
            raise KernelError(f"http-fetch: request {task} got a malformed response")
        body = response[end + 4:]
        if len(body) != self.body_size:
            raise KernelError(f"http-fetch: request {task} got {len(body)} bytes "
                              f"instead of {self.body_size}")
        return mix(hash_bytes(FNV_OFFSET, body) ^ task), None


def to_float32(values: Iterable[float]) -> FloatArray:
    """Rounds doubles to float32, as C's float does after every operation.
    Emulating float arithmetic on doubles is exact: a product of two floats
    fits a double, and a double holds more than twice a float's precision,
    so rounding its sum once more gives the correctly rounded float sum."""
    return array.array("f", values)


class ImageBlur(Kernel):
    """cs-wl-image-blur.c: a separable Gaussian blur in float32, by tiles."""

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        p = self.params
        self.width, self.height = p["width"], p["height"]
        self.tile_rows = min(p["tile-rows"], self.height)
        sigma = float(p["sigma"])
        self.radius = math.ceil(3 * sigma)
        taps = to_float32(math.exp(-(k * k) / (2 * sigma * sigma))
                          for k in range(-self.radius, self.radius + 1))
        total = 0.0
        for tap in taps:
            total += tap
        self.weights = to_float32(tap / total for tap in taps)
        self.source: FloatArray | None = None
        self.dest: FloatArray | None = None
        if not in_worker:
            self.source = self.generate_image()
            self.dest = array.array("f", bytes(4 * self.width * self.height))

    def generate_image(self) -> FloatArray:
        # sharp edges and fine texture, so the blur changes every pixel
        w = self.width
        return to_float32(
            (((x // 16) ^ (y // 16)) & 1) * 0.5 + (mix(y * 65537 + x) & 255) / 512.0
            for y in range(self.height) for x in range(w))

    def tile_rows_of(self, task: int) -> tuple[int, int, int, int]:
        row0 = task * self.tile_rows
        row1 = min(self.height, row0 + self.tile_rows)
        lo = row0 - self.radius if row0 > self.radius else 0
        hi = min(self.height, row1 + self.radius)
        return row0, row1, lo, hi

    def task_input(self, task: int) -> Any:
        row0, row1, lo, hi = self.tile_rows_of(task)
        assert self.source is not None  # the driver's side: made in __init__
        return memoryview(self.source)[lo * self.width:hi * self.width]

    def horizontal(self, pixels: Any, rows: int) -> list[FloatArray]:
        w, r = self.width, self.radius
        out = []
        for y in range(rows):
            src = list(pixels[y * w:(y + 1) * w])
            padded = [src[0]] * r + src + [src[-1]] * r   # CLAMP (x + k, 0, w - 1)
            acc: FloatArray | None = None
            for j, weight in enumerate(self.weights):
                product = to_float32([weight * v for v in padded[j:j + w]])
                acc = product if acc is None else to_float32(map(float.__add__, acc, product))
            assert acc is not None  # 2 * radius + 1 weights
            out.append(acc)
        return out

    def vertical(self, tmp: list[FloatArray], lo: int, row0: int, row1: int) -> TaskResult:
        r, last = self.radius, self.height - 1
        checksum, band = 0, array.array("f")
        for y in range(row0, row1):
            acc: FloatArray | None = None
            for j, weight in enumerate(self.weights):
                source_row = tmp[min(max(y + j - r, 0), last) - lo]
                product = to_float32([weight * v for v in source_row])
                acc = product if acc is None else to_float32(map(float.__add__, acc, product))
            assert acc is not None  # 2 * radius + 1 weights
            row_sum = 0
            for bits in array.array("I", acc.tobytes()):
                row_sum = (row_sum * 31 + bits) & MASK
            checksum = (checksum + mix(row_sum ^ ((y << 40) & MASK))) & MASK
            band.extend(acc)
        return checksum, band

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        row0, row1, lo, hi = self.tile_rows_of(task)
        if isinstance(data, (bytes, bytearray)):
            data = memoryview(data).cast("f")
        if data is None or len(data) != (hi - lo) * self.width:
            raise KernelError(f"image-blur: tile {task} arrived with the wrong size")
        tmp = self.horizontal(data, hi - lo)
        return self.vertical(tmp, lo, row0, row1)

    def task_output(self, task: int, output: Any) -> None:
        row0, row1, lo, hi = self.tile_rows_of(task)
        if self.dest is not None and len(output) == (row1 - row0) * self.width:
            self.dest[row0 * self.width:row1 * self.width] = output


PRESETS: dict[str, type[Kernel]] = {
    "cpu": Cpu,
    "hash": Hash,
    "io-wait": IoWait,
    "tiny-tasks": TinyTasks,
    "mandelbrot": Mandelbrot,
    "matmul": Matmul,
    "memory-stream": MemoryStream,
    "lock-contention": LockContention,
    "ipc-payload": IpcPayload,
    "mixed": Mixed,
    "file-io": FileIo,
    "http-fetch": HttpFetch,
    "image-blur": ImageBlur,
}
