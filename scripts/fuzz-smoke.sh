#!/usr/bin/env bash
# Builds every cargo-fuzz target and runs each for a bounded time; exits non-zero on any crash,
# timeout or build failure.
#
#   scripts/fuzz-smoke.sh            # 30 s per target
#   FUZZ_SECONDS=300 scripts/fuzz-smoke.sh   # the 5-minute run per target
#
# Uses nightly with the address sanitizer when a nightly toolchain is installed, otherwise stable
# with `--sanitizer none`. Installs cargo-fuzz if it is missing. Seeds come from fuzz/corpus/<target>/
# (committed, spec examples); new inputs go to a scratch copy so the committed corpus stays small.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-30}
targets=(parse_all differential repository_roundtrip structured tag_filter git_refname like_differential request reference scan scan_yaml scan_hcl)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: installing it" >&2
  cargo install cargo-fuzz --locked
fi

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
  sanitizer=(--sanitizer address)
else
  toolchain=()
  sanitizer=(--sanitizer none)
fi
echo "fuzzing with ${toolchain[*]:-stable} ${sanitizer[*]}, ${seconds} s per target"

cargo "${toolchain[@]}" fuzz build "${sanitizer[@]}" --fuzz-dir fuzz

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for target in "${targets[@]}"; do
  mkdir -p "$scratch/$target"
  cp fuzz/corpus/"$target"/* "$scratch/$target"/
  log="$scratch/$target.log"
  echo "== $target"
  if cargo "${toolchain[@]}" fuzz run "${sanitizer[@]}" --fuzz-dir fuzz "$target" "$scratch/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -dict=fuzz/registry-names.dict \
      -print_final_stats=1 >"$log" 2>&1; then
    # The summary line: executions, speed and coverage.
    grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|cov:' "$log" | tail -3 || true
  else
    echo "FAILED: $target" >&2
    tail -40 "$log" >&2
    status=1
  fi
done
exit $status
