#!/usr/bin/env python3
"""Measures how often this machine stops running a CPU: the gaps a busy loop sees in the clock.

One busy process per CPU, each pinned to its CPU, reads the monotonic clock in a loop for
SECONDS (default 20) and counts the gaps between two readings by length. On an idle machine a
gap of a millisecond or more means the CPU ran nothing of ours for that long: another process,
or, in a virtual machine, the host not running the virtual CPU (which a guest without steal-time
accounting cannot see otherwise). Run it with nothing else running; it keeps every CPU busy.

    python3 scripts/stalls.py [SECONDS]

BENCHMARKS.md ("Gateway") uses it to explain the load test's p99s.
"""

import multiprocessing
import os
import sys
import time

# Upper bounds of the gap classes, in nanoseconds; a gap under the first is not counted.
BOUNDS = [100_000, 300_000, 1_000_000, 5_000_000, 10_000_000]
LABELS = ["0.1-0.3 ms", "0.3-1 ms", "1-5 ms", "5-10 ms", ">= 10 ms"]


def probe(cpu, seconds, out):
    os.sched_setaffinity(0, {cpu})
    clock = time.monotonic_ns
    counts = [0] * len(LABELS)
    stalled = 0
    longest = 0
    last = clock()
    end = last + seconds * 1_000_000_000
    while last < end:
        now = clock()
        gap = now - last
        last = now
        if gap >= BOUNDS[0]:
            k = sum(gap >= b for b in BOUNDS[1:])
            counts[k] += 1
            longest = max(longest, gap)
            if gap >= BOUNDS[2]:
                stalled += gap
    out.put((cpu, counts, stalled, longest))


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    cpus = sorted(os.sched_getaffinity(0))
    out = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=probe, args=(c, seconds, out)) for c in cpus]
    for p in procs:
        p.start()
    results = sorted(out.get() for _ in procs)
    for p in procs:
        p.join()
    print(f"gaps in a busy loop over {seconds:g} s, by length ({', '.join(LABELS)})")
    for cpu, counts, stalled, longest in results:
        per_class = ", ".join(str(c) for c in counts)
        share = 100 * stalled / (seconds * 1e9)
        print(
            f"cpu {cpu}: {per_class}; gaps of 1 ms or more {stalled / 1e6:.1f} ms "
            f"({share:.2f} % of the time), longest {longest / 1e6:.1f} ms"
        )


if __name__ == "__main__":
    main()
