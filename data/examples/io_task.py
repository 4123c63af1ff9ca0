#!/usr/bin/env python3
# io_task.py: the same I/O-bound job with threading or multiprocessing, for `corescope run
# --preset command`: blocking waits release the GIL, so threads overlap them too.
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Simulate slow network calls: each task waits (time.sleep) and then hashes a little data.

Examples:
  python3 io_task.py --mode threading --jobs 8
  corescope run --preset command --workers 1,2,4,8 \\
      --param 'command=python3 data/examples/io_task.py --mode threading --jobs {workers}'

The last line printed follows Corescope's protocol:
  CORESCOPE checksum=<combined hash> units=<tasks done>
"""

import argparse
import concurrent.futures
import hashlib
import sys
import time


def fetch(task, latency):
    """One simulated request: a blocking wait, then a little parsing."""
    time.sleep(latency)
    digest = hashlib.sha256(f"response {task}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("threading", "multiprocessing", "serial"),
                        default="threading", help="how the tasks run (default threading)")
    parser.add_argument("--jobs", type=int, default=1, help="number of workers (default 1)")
    parser.add_argument("--tasks", type=int, default=32, help="number of requests (default 32)")
    parser.add_argument("--latency", type=float, default=0.02,
                        help="seconds each request waits (default 0.02)")
    args = parser.parse_args()
    if args.jobs < 1 or args.tasks < 1 or args.latency < 0:
        parser.error("--jobs and --tasks must be at least 1, --latency not negative")

    tasks = range(args.tasks)
    latencies = [args.latency] * args.tasks
    if args.mode == "serial":
        results = list(map(fetch, tasks, latencies))
    else:
        executor = (concurrent.futures.ThreadPoolExecutor if args.mode == "threading"
                    else concurrent.futures.ProcessPoolExecutor)
        with executor(max_workers=args.jobs) as pool:
            results = list(pool.map(fetch, tasks, latencies))
    checksum = sum(results) % 2**64
    print(f"CORESCOPE checksum={checksum} units={args.tasks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
