#!/usr/bin/env python3
# cpu_task.py: the same CPU-bound job with threading or multiprocessing, for `corescope run
# --preset command`, so real CPython can be compared with Corescope's own modes.
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Count primes by trial division, split into tasks run by N workers.

Examples:
  python3 cpu_task.py --mode threading --jobs 4
  corescope run --preset command --workers 1-4 \\
      --param 'command=python3 data/examples/cpu_task.py --mode multiprocessing --jobs {workers}'

The last line printed follows Corescope's protocol:
  CORESCOPE checksum=<primes found> units=<tasks done>
so Corescope checks that every run found the same number of primes.
"""

import argparse
import concurrent.futures
import sys


def count_primes(start, count):
    """Primes in [start, start + count) by trial division: pure Python computation."""
    found = 0
    for n in range(start, start + count):
        if n < 2:
            continue
        if n % 2 == 0:
            found += n == 2
            continue
        d = 3
        while d * d <= n:
            if n % d == 0:
                break
            d += 2
        else:
            found += 1
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("threading", "multiprocessing", "serial"),
                        default="threading", help="how the tasks run (default threading)")
    parser.add_argument("--jobs", type=int, default=1, help="number of workers (default 1)")
    parser.add_argument("--tasks", type=int, default=32, help="number of tasks (default 32)")
    parser.add_argument("--numbers", type=int, default=400,
                        help="integers tested per task (default 400)")
    parser.add_argument("--start", type=int, default=10**9,
                        help="first integer tested (default 1e9)")
    args = parser.parse_args()
    if args.jobs < 1 or args.tasks < 1 or args.numbers < 1:
        parser.error("--jobs, --tasks and --numbers must be at least 1")

    starts = [args.start + i * args.numbers for i in range(args.tasks)]
    counts = [args.numbers] * args.tasks
    if args.mode == "serial":
        results = list(map(count_primes, starts, counts))
    else:
        executor = (concurrent.futures.ThreadPoolExecutor if args.mode == "threading"
                    else concurrent.futures.ProcessPoolExecutor)
        with executor(max_workers=args.jobs) as pool:
            results = list(pool.map(count_primes, starts, counts))
    print(f"CORESCOPE checksum={sum(results)} units={args.tasks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
