#!/usr/bin/env python3
"""Benchmarks of the registry_names Python package (issue 30), one run, printed as the Markdown
table BENCHMARKS.md shows. Not a test: it asserts nothing and times what it runs.

Build the package optimised first (a release wheel, or `maturin develop --release`):

    .venv/bin/maturin develop --release -m python/Cargo.toml
    .venv/bin/python scripts/bench-python.py [--rows 10000000] [--spark-rows 1000000] [--no-spark]

1. per call: ``is_valid`` against the compiled regular expressions Quay uses (util/names.py's
   TAG_REGEX and REPOSITORY_NAME_EXTENDED_REGEX, util/validation.py's VALID_USERNAME_REGEX,
   restated below) with ``.match``, on the same names;
2. batch: ``validate_arrow`` on ROWS typical tags against a Python loop of ``re.fullmatch``;
3. Spark: the Arrow UDF against Spark's built-in ``rlike`` with Quay's (weaker) tag regex, on
   the same cached column, in local mode, each warmed up once and then run in turn (best and
   median of five); beside them a no-op Arrow UDF, the cost of a Python UDF's round trip.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc

import registry_names as rn
from registry_names import quay

# Quay's expressions (quay/quay util/names.py, util/validation.py), restated.
TAG_REGEX = re.compile(r"^[\w][\w.-]{0,127}$", re.ASCII)
REPOSITORY_NAME_EXTENDED_REGEX = re.compile(
    r"^(?=.{0,255}$)[a-z0-9][\.a-z0-9_-]*(?:\/[a-z0-9][\.a-z0-9_-]*)*$"
)
USERNAME_REGEX = re.compile(r"^([a-z0-9]+(?:[._-][a-z0-9]+)*)$")
TAG_FULL = re.compile(r"[\w][\w.-]{0,127}", re.ASCII)


def typical_tags(n):
    """Tags as registries hold them: versions, build ids, latest; every 50th one invalid."""
    shapes = ["v{a}.{b}.{c}", "latest", "{a}.{b}", "sha-{h}", "release-{a}.{b}-rc{c}",
              "build_{n}", "{a}.{b}.{c}-alpine3.{b}"]
    out = []
    for i in range(n):
        if i % 50 == 0:
            out.append(f"-bad{i}")
            continue
        shape = shapes[i % len(shapes)]
        out.append(shape.format(a=i % 13, b=i % 29, c=i % 7, h=f"{i * 2654435761 % (1 << 32):08x}",
                                n=i))
    return out


def typical_repositories(n):
    return [f"team{i % 37}/service-{i % 1000}" if i % 50 else f"Team/{i}" for i in range(n)]


def typical_namespaces(n):
    return [f"org-{i % 1000}.dev" if i % 50 else f"org--{i}" for i in range(n)]


# Times are this process's CPU time (one thread runs), which other processes on a shared
# machine do not inflate as they do the wall clock; Spark's, a JVM's, are wall-clock.
def per_call(expression, values, repeat=5):
    """Nanoseconds per evaluation of `expression` (of `v`), written inline in a loop as a call
    site writes it (no lambda between): the best of `repeat` loops over `values`."""
    scope = {"rn": rn, "quay": quay, "is_valid": rn.is_valid, "TAG_REGEX": TAG_REGEX,
             "REPOSITORY_NAME_EXTENDED_REGEX": REPOSITORY_NAME_EXTENDED_REGEX,
             "USERNAME_REGEX": USERNAME_REGEX}
    exec(f"def loop(values):\n    for v in values:\n        {expression}\n", scope)
    loop = scope["loop"]
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time_ns()
        loop(values)
        best = min(best, (time.process_time_ns() - start) / len(values))
    return best


def batch(function, repeat=3, clock=time.process_time):
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        function()
        best = min(best, clock() - start)
    return best


def spark_rows(rows, repeat=5):
    from pyspark.sql import SparkSession, functions as F

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master("local[2]").appName("registry-names-bench")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.sql.execution.arrow.maxRecordsPerBatch", "100000")
             .config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    column = pa.array(typical_tags(rows), type=pa.string())
    frame = spark.createDataFrame(pa.table({"tag": column})).repartition(2).cache()
    frame.count()

    @F.arrow_udf("boolean")
    def valid_tag(tags: pa.Array) -> pa.Array:
        return rn.validate_arrow("tag", tags).field("valid")

    # What any Arrow UDF here costs: the same transfer of the column to a Python worker and of
    # a boolean column back, with next to no work between (true where the tag is not null, one
    # pass over the validity bitmap).
    @F.arrow_udf("boolean")
    def all_true(tags: pa.Array) -> pa.Array:
        return pc.is_valid(tags)

    # Spark's rlike is find(), so the expression keeps its anchors; Java's $ also matches
    # before a final line terminator, as Python's does.
    regex = TAG_REGEX.pattern
    conditions = {"arrow_udf": valid_tag("tag"), "rlike": F.col("tag").rlike(regex),
                  "no-op arrow_udf": all_true("tag")}
    # The same action on the same cached column for each: one untimed run each (the Python
    # workers start, the JIT compiles), then the runs interleaved, so that a change in the
    # machine's load falls on all of them alike.
    for condition in conditions.values():
        frame.where(condition).count()
    timings = {name: [] for name in conditions}
    for _ in range(repeat):
        for name, condition in conditions.items():
            start = time.perf_counter()
            frame.where(condition).count()
            timings[name].append(time.perf_counter() - start)
    counts = (frame.where(valid_tag("tag")).count(), frame.where(F.col("tag").rlike(regex)).count())
    spark.stop()
    return timings, counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--spark-rows", type=int, default=1_000_000)
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()

    print(f"python {platform.python_version()}, pyarrow {pa.__version__}, {platform.machine()}, "
          f"{os.cpu_count()} cores")
    print()
    print("| measure | registry_names | Quay's regex / Python | ratio (theirs / ours) |")
    print("|---|---|---|---|")

    sample = 100_000
    tags = typical_tags(sample)
    names = [r.split("/", 1)[1] for r in typical_repositories(sample)]
    repos = ["ns/" + name for name in names]
    namespaces = typical_namespaces(sample)
    rows = [
        ('tag', 'is_valid("tag", v)', "TAG_REGEX.match(v)", tags, tags),
        ('tag, drop-in', "quay.validate_tag(v)", "TAG_REGEX.match(v)", tags, tags),
        ('repository (`ns/` + name for ours)', 'is_valid("quay-repository", v)',
         "REPOSITORY_NAME_EXTENDED_REGEX.match(v)", repos, names),
        ('repository, drop-in', "quay.validate_repository_name(v)",
         "REPOSITORY_NAME_EXTENDED_REGEX.match(v)", names, names),
        ('namespace', 'is_valid("quay-namespace", v)', "USERNAME_REGEX.match(v)",
         namespaces, namespaces),
    ]
    for label, ours, theirs, our_values, their_values in rows:
        a, b = per_call(ours, our_values), per_call(theirs, their_values)
        print(f"| per call, {label}: `{ours}` vs `{theirs}` | {a:.0f} ns | {b:.0f} ns | "
              f"{b / a:.2f}× |")

    column = pa.array(typical_tags(args.rows), type=pa.string())
    seconds = batch(lambda: rn.validate_arrow("tag", column))
    wall = batch(lambda: rn.validate_arrow("tag", column), clock=time.perf_counter)
    mega = args.rows / seconds / 1e6
    values = column.to_pylist()
    loop = batch(lambda: [TAG_FULL.fullmatch(v) is not None for v in values])
    print(f"| batch, `validate_arrow(\"tag\", …)` on {args.rows:,} tags vs a loop of "
          f"`re.fullmatch` | {seconds * 1000:.0f} ms, {mega:.1f} M names/s "
          f"({wall * 1000:.0f} ms wall) | "
          f"{loop * 1000:.0f} ms, {args.rows / loop / 1e6:.2f} M names/s | {loop / seconds:.1f}× |")
    view = column.cast(pa.string_view())
    seconds = batch(lambda: rn.validate_arrow("tag", view))
    print(f"| batch, the same as `string_view` | {seconds * 1000:.0f} ms, "
          f"{args.rows / seconds / 1e6:.1f} M names/s | | |")

    if not args.no_spark:
        timings, counts = spark_rows(args.spark_rows)
        best = {name: min(t) for name, t in timings.items()}
        median = {name: statistics.median(t) for name, t in timings.items()}
        udf, rlike, floor = "arrow_udf", "rlike", "no-op arrow_udf"
        print(f"| Spark local[2], {args.spark_rows:,} tags: `arrow_udf` vs `rlike(TAG_REGEX)` "
              f"(filter + count; {counts[0]:,} vs {counts[1]:,} valid; best (median) of "
              f"{len(timings[udf])}) | {best[udf] * 1000:.0f} ms ({median[udf] * 1000:.0f}) | "
              f"{best[rlike] * 1000:.0f} ms ({median[rlike] * 1000:.0f}) | "
              f"{best[rlike] / best[udf]:.2f}× ({median[rlike] / median[udf]:.2f}×) |")
        print(f"| Spark, a no-op `arrow_udf` (`pyarrow.compute.is_valid`) on the same column | "
              f"{best[floor] * 1000:.0f} ms ({median[floor] * 1000:.0f}) | | "
              f"{best[rlike] / best[floor]:.2f}× ({median[rlike] / median[floor]:.2f}×) |")


if __name__ == "__main__":
    main()
