#!/usr/bin/env python3
# make-big-result.py: a result file with many runs, from a real one, to time the loader and the
# statistics on sizes no sweep would reach (issue #20: 20 000, 100 000, 1 000 000 runs).
#
#   build-aux/make-big-result.py SEED.json N OUT.json
#
# Keeps SEED's machine and configuration; its runs are repeated round-robin (each point keeps
# its mode and worker count) with "rep" renumbered and the wall time jittered by ±5 % so that
# medians and intervals are not degenerate. The "reps" of the configuration is set to match.
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# needs: python3
import json
import random
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: make-big-result.py SEED.json N OUT.json")
    seed, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(seed) as f:
        result = json.load(f)
    points = {}
    for run in result["runs"]:
        points.setdefault((run["mode"], run["workers"]), run)
    template = list(points.values())
    rng = random.Random(20)
    runs = []
    for i in range(n):
        run = dict(template[i % len(template)])
        run["rep"] = i // len(template)
        run["status"] = "ok"
        run["reason"] = None
        run["wall_s"] = round(run["wall_s"] * rng.uniform(0.95, 1.05), 9)
        runs.append(run)
    result["runs"] = runs
    result["config"]["reps"] = max(1, -(-n // len(template)))
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
