#!/usr/bin/env python3
"""Turns criterion's results (target/criterion) into the BENCHMARKS.md table.

Usage: cargo bench --bench names && python3 scripts/bench-report.py > BENCHMARKS.md
The Scan section comes from `cargo bench --bench scan` (see the section for its flags); with
`--scan-only` only that section is printed.
Exits 1 if a target of the benchmark issue is missed (ours >= 3x faster than regex in every
class; ours within 2x of the floor in the max class), so it can gate a run.
"""
import json
import os
import pathlib
import platform
import subprocess
import sys

# Where cargo put the results: CARGO_TARGET_DIR as cargo reads it (a relative path is taken from
# the current directory, as cargo takes it), else the repository's target/.
target_dir = os.environ.get("CARGO_TARGET_DIR")
target = pathlib.Path(target_dir).resolve() if target_dir else pathlib.Path(__file__).resolve().parent.parent / "target"
root = target / "criterion"
results = {}
like = {}
scan = {}
for bench in root.glob("*/*/new/benchmark.json"):
    meta = json.loads(bench.read_text())
    estimates = json.loads((bench.parent / "estimates.json").read_text())
    if meta["group_id"] in ("scan", "scan-cpu"):
        scan[(meta["group_id"], meta["function_id"])] = (estimates["median"]["point_estimate"], (meta.get("throughput") or {}).get("Bytes"))
        continue
    if "/" not in meta["group_id"]:
        continue
    kind, cls = meta["group_id"].split("/")
    size = meta.get("throughput", {}) or {}
    table = like if kind == "like-matcher" else results
    table.setdefault((kind, cls), {})[meta["function_id"]] = (estimates["median"]["point_estimate"], size.get("Bytes"))

SCAN_TARGET_MB_S = 50


def scan_section():
    """The Scan section, and the missed target if any."""
    if not scan:
        return []
    print("## Scan\n")
    print("`cargo bench --bench scan -- --warm-up-time 1 --measurement-time 3`: a generated manifest set of")
    print("100 YAML files (Deployments with init containers, CronJobs) held in memory. `find_and_check` is")
    print("what `registry-names scan` does per file: find the references (`scan::candidates`) and check each")
    print("with `ImageReference::parse_with`; `find_only` leaves the checking out; `parser_events_floor` only")
    print("drains saphyr-parser's event stream, the least any scan must do. Group `scan` is wall-clock time;")
    print("`scan-cpu` is the same code in the benchmark thread's CPU time, which the other processes on this")
    print("shared machine do not inflate. The 50 MB/s target is judged on CPU time.\n")
    print("| case | bytes | wall ms | wall MB/s | CPU ms | CPU MB/s | CPU / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    missed = []
    floor = scan.get(("scan-cpu", "yaml_10MB_parser_events_floor"), (None, None))[0]
    for case in ("yaml_10MB_find_and_check", "yaml_10MB_find_only", "yaml_10MB_parser_events_floor"):
        cells = []
        size = None
        for group in ("scan", "scan-cpu"):
            ns, bytes_ = scan.get((group, case), (None, None))
            size = size or bytes_
            cells.append((ns, bytes_ / ns * 1e3 if ns and bytes_ else None))
        (wall_ns, wall_mb), (cpu_ns, cpu_mb) = cells
        fmt = lambda v, f: f.format(v) if v is not None else "-"
        ratio = fmt(cpu_ns / floor if cpu_ns and floor else None, "{:.2f}")
        print(f"| {case} | {size} | {fmt(wall_ns and wall_ns / 1e6, '{:.0f}')} | {fmt(wall_mb, '{:.1f}')} "
              f"| {fmt(cpu_ns and cpu_ns / 1e6, '{:.0f}')} | {fmt(cpu_mb, '{:.1f}')} | {ratio} |")
        if case == "yaml_10MB_find_and_check" and (cpu_mb or 0) < SCAN_TARGET_MB_S:
            missed.append(f"scan-cpu/{case}: {cpu_mb or 0:.1f} MB/s, under the {SCAN_TARGET_MB_S} MB/s target")
    print()
    return missed


if "--scan-only" in sys.argv[1:]:
    sys.exit(1 if scan_section() else 0)

if not results:
    sys.exit(f"no criterion results under {root}: run `cargo bench --bench names` first")

order = ["short", "typical", "max", "invalid_early", "invalid_late"]
kinds = sorted({k for k, _ in results}, key=lambda k: [
    "swr-namespace", "swr-repository", "swr-repository-path", "tag", "quay-namespace", "quay-repository",
    "quay-tag-filter", "oci-digest", "git-tag", "git-branch"].index(k))

cpu = "unknown CPU"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()

print("# Benchmarks\n")
print("Medians from one run of `cargo bench --bench names` (criterion; 0.3 s warm-up, 1.0 s")
print("measurement per benchmark), regenerated with `python3 scripts/bench-report.py > BENCHMARKS.md`.")
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; {rustc}.\n")
print("Contenders in each group: **ours** (`Kind::validate`), **regex** (anchored `regex::bytes::Regex`")
print("restatement of the spec plus its length checks), **floor** (each byte against the kind's allowed-byte")
print("table, no other rule). `regex/ours` is how many times faster ours is; `ours/floor` how close to the floor.\n")
print("| kind | class | bytes | ours ns | regex ns | floor ns | regex/ours | ours/floor | ours GB/s |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
missed = []
for kind in kinds:
    for cls in order:
        r = results.get((kind, cls))
        if not r or not all(k in r for k in ("ours", "regex", "floor")):
            missed.append(f"{kind}/{cls}: missing results")
            continue
        ours, size = r["ours"]
        regex, _ = r["regex"]
        floor, _ = r["floor"]
        speedup = regex / ours
        to_floor = ours / floor
        gbps = (size / ours) if size else 0.0
        print(f"| {kind} | {cls} | {size} | {ours:.1f} | {regex:.1f} | {floor:.1f} | {speedup:.1f}x | {to_floor:.2f} | {gbps:.2f} |")
        if speedup < 3:
            missed.append(f"{kind}/{cls}: only {speedup:.1f}x faster than regex")
        if cls == "max" and to_floor > 2:
            missed.append(f"{kind}/{cls}: {to_floor:.2f}x the floor")
print()
if like:
    print("Quay's `like` matcher (`TagFilter::matches`) against the LIKE-to-regex oracle compiled once.")
    print("`ten_wildcards_*` is the issue's worst case, ten `%a` (and a final `b` that never matches) against")
    print("a 128-byte tag, exponential for a backtracking matcher:\n")
    print("| case | tag bytes | ours ns | regex ns | regex/ours |")
    print("|---|---:|---:|---:|---:|")
    for (_, case), r in sorted(like.items()):
        ours, size = r["ours"]
        regex, _ = r["regex"]
        print(f"| {case} | {size} | {ours:.1f} | {regex:.1f} | {regex / ours:.1f}x |")
    print()
print("""Reading the table: `short` and `invalid_early` measure fixed costs rather than scanning: the
dispatch through `Kind::validate`, the length check, and on failure building the 16-byte `Error`
(kind, rule, offset, the bytes at and before it, what was expected), where the regex contender only
answers yes or no. `swr-repository-path/invalid_early` also searches the whole rejected input for
`/`, since any `/` in the path form is reported as `slash-in-path-form` whatever else is wrong; the
regex does not. That search, straight-line vector compares over 128 bytes, costs about 2 ns: the
same input is rejected in about 3.8 ns with the search removed. Git names are checked in one pass
over a table of byte-class pairs, eight bytes per branch; only the eight bytes where a rule may be
broken are read again, byte by byte, for the rule and offset.

Timings on this shared 2-core VM sometimes double for a minute or so: the same binary measured
`tag/short/ours` at 9.7 ns in three processes, 15 to 19 ns in the next six, then 9.7 ns again. A
group hit by that shows up below as a missed target; run it again alone to tell.
""")
missed += scan_section()
if missed:
    print("Targets missed:\n")
    for m in missed:
        print(f"- {m}")
else:
    print("Targets met: ours is at least 3x faster than regex in every class, and within 2x of the floor in `max`"
          + ("; scan reads at least 50 MB/s of YAML (CPU time)." if scan else "."))
sys.exit(1 if missed else 0)
