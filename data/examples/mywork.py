"""Two functions to try Corescope's verdict on: `corescope run --python-callable FILE:FUNCTION`.

cpu_work(i) computes in pure Python (the GIL lets one thread run at a time: processes win);
io_work(i) waits as a network call would (the GIL is let go while waiting: threads win).
Task i of either returns a number that depends only on i, so every run has the same checksum.
"""

import time


def cpu_work(i: int) -> int:
    """Counts the primes among 4000 numbers by trial division: about 40 ms of Python."""
    start = 10_000_000 + 4000 * i
    found = 0
    for n in range(start, start + 4000):
        if n % 2 == 0:
            continue
        d = 3
        while d * d <= n:
            if n % d == 0:
                break
            d += 2
        else:
            found += 1
    return found


def io_work(i: int) -> int:
    """Waits 50 ms, as a request to a slow server would, then does a little work."""
    time.sleep(0.05)
    return (i * 2654435761) % 2**32
