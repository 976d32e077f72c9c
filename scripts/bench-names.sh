#!/usr/bin/env bash
# Runs `cargo bench --bench names` N times (default 3), keeps each run's criterion results in
# target/bench-runs/<k>/, and regenerates BENCHMARKS.md's names table from the median of the runs
# for each benchmark (scripts/bench-report.py --runs). About five minutes a run on two cores; run
# it on a quiet machine, in the background with a log.
#
#   scripts/bench-names.sh [N] > /tmp/bench-names.log 2>&1 &
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
target=${CARGO_TARGET_DIR:-target}
rm -rf "$target/bench-runs"
mkdir -p "$target/bench-runs"
for k in $(seq 1 "$runs"); do
  echo "bench-names: run $k of $runs, $(date -u +%H:%M:%S)"
  cargo bench --bench names
  cp -r "$target/criterion" "$target/bench-runs/$k"
done
python3 scripts/bench-report.py --runs "$target"/bench-runs/* -o BENCHMARKS.md
