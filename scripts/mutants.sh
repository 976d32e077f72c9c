#!/usr/bin/env bash
# Mutation testing in groups: each group's mutants are tested by the test
# binaries that exercise that code, so a mutant costs seconds, not the whole
# suite (the git and LIKE oracles alone take 6 s each). A mutant a group
# misses is re-tested against the whole suite before it counts as missed
# (`scripts/mutants.sh recheck`).
#
#   scripts/mutants.sh GROUP [extra cargo-mutants args]   run one group
#   scripts/mutants.sh all                                every group in turn
#   scripts/mutants.sh recheck                            missed ones, whole suite
#   scripts/mutants.sh list                               the groups
#   scripts/mutants.sh fast GROUP [extra args]            a first pass, narrow (below)
#
# `fast` builds a group's library files in the fewest features that hold them and tests them with
# the library's unit tests and the group's nearest integration tests (`group_fast`): a mutant
# then takes about 5 s instead of a minute, because the rebuild is of one small crate and not of
# every test binary with every feature. Its files under src/bin/ are left to the full run. What
# it misses goes to `recheck` like any other miss: output in mutants.out/fast-GROUP/.
#
# Output: mutants.out/GROUP/ (cargo-mutants' own layout). Run it in a copy
# of the tree: --in-place edits the sources while it runs.
set -euo pipefail
cd "$(dirname "$0")/.."

group_files() {
  case "$1" in
    names) echo src/swr.rs src/quay.rs src/oci.rs src/tag.rs src/name.rs src/error.rs \
                src/error/render.rs src/id.rs src/kind.rs src/quote.rs src/serde_impls.rs \
                src/grammar/mod.rs src/grammar/kernels.rs ;;
    like) echo src/quay/like.rs ;;
    git) echo src/git.rs ;;
    cli) echo src/bin/registry-names/main.rs src/bin/registry-names/check.rs \
              src/bin/registry-names/lint.rs src/bin/registry-names/kinds.rs \
              src/bin/registry-names/input.rs src/bin/registry-names/output.rs ;;
    request) echo src/request/mod.rs src/request/ops.rs src/request/params.rs src/request/table.rs \
                  src/request/valid.rs src/request/body.rs src/request/vendor.rs \
                  src/request/rejection.rs src/request/http.rs \
                  src/bin/registry-names/request.rs ;;
    gateway) echo src/gateway/{mod,extract,body,future,layer,routes,service}.rs ;;
    generate) echo src/generate/{mod,names,git,reference,request}.rs src/arbitrary.rs src/strategy.rs \
                   src/bin/registry-names/generate.rs ;;
    reference) echo src/reference/mod.rs src/reference/error.rs src/reference/profile.rs \
                    src/reference/domain.rs src/reference/split.rs src/reference/parse.rs ;;
    scan) echo src/scan/mod.rs src/scan/json.rs \
               src/scan/dockerfile/{mod,lines,words,shell}.rs \
               src/scan/yaml/{mod,text,tree,walk}.rs src/scan/terraform/{mod,lexer}.rs \
               src/scan/{policy,rules,suppress}.rs \
               src/bin/registry-names/{scan,scan_config,scan_output}.rs ;;
    schema) echo src/schema/mod.rs src/schema/json.rs src/schema/schemars_impls.rs \
                 src/schema/utoipa_impls.rs src/request/schema.rs \
                 src/bin/registry-names/schema.rs ;;
    *) echo "unknown group: $1" >&2; exit 2 ;;
  esac
}

# The test binaries (nextest arguments) that exercise each group.
group_tests() {
  case "$1" in
    names) echo --lib --test types --test serde --test no_alloc --test bounded_messages \
                --test oracle_swr --test cli ;;
    like) echo --lib --test oracle_quay_oci --test types ;;
    git) echo --lib --test git_differential --test types --test no_alloc ;;
    cli) echo --bin registry-names --test cli --test cli_io --test cli_memory --test bounded_messages \
              --test cli_reference ;;
    request) echo --lib --bin registry-names --test requests --test no_alloc_requests --test cli_request \
                  --test cli_request_memory --test gateway --test bounded_messages --test request_python_int ;;
    gateway) echo --lib --test gateway --test gateway_axum --test axum_types ;;
    generate) echo --lib --bin registry-names --test generate_props --test generate_coverage \
                   --test generate_cli ;;
    reference) echo --lib --test reference_props --test oracle_reference --test cli_reference --test scan \
                    --test serde --test types ;;
    scan) echo --lib --bin registry-names --test scan --test scan_yaml --test scan_dockerfile \
               --test scan_terraform --test scan_policy --test scan_sarif ;;
    schema) echo --lib --test schema ;;
  esac
}

# `fast`: the features and the test binaries of each group's narrow first pass.
group_fast() {
  case "$1" in
    names) echo "std,serde,proptest" --lib ;;
    like) echo std --lib --test oracle_quay_oci --test types ;;
    git) echo std --lib --test types ;;
    request) echo "http,proptest" --lib --test requests --test request_python_int --test no_alloc_requests ;;
    gateway) echo "gateway" --lib --test gateway --test gateway_axum --test axum_types ;;
    generate) echo "proptest,http" --lib --test generate_props --test generate_coverage ;;
    reference) echo "std,serde,proptest" --lib --test reference_props --test types --test serde ;;
    scan) echo "scan" --lib ;;
    schema) echo all --lib --test schema ;;
    cli) echo "the cli group has no narrow pass: its files are all under src/bin/" >&2; return 1 ;;
  esac
}

run_fast() {
  local g=$1; shift
  local spec features files=() f features_args=() tests=() t
  spec=$(group_fast "$g") || return 1
  features=${spec%% *}
  for t in ${spec#* }; do tests+=("--cargo-arg=$t"); done
  for f in $(group_files "$g"); do
    case $f in src/bin/*) ;; *) files+=(--file "$f") ;; esac
  done
  if [ "$features" = all ]; then features_args=(--all-features)
  else features_args=(--no-default-features --features "$features"); fi
  mkdir -p mutants.out
  cargo mutants "${features_args[@]}" --in-place --test-tool cargo --profile mutants \
    --baseline skip --timeout "${MUTANTS_TIMEOUT:-120}" --build-timeout "${MUTANTS_BUILD_TIMEOUT:-600}" \
    "${tests[@]}" "${files[@]}" -o "mutants.out/fast-$g" "$@"
}

groups="names like git cli request gateway generate reference scan schema"

run_group() {
  mkdir -p "mutants.out/$1"
  local g=$1; shift
  local files=() f tests=() t
  for f in $(group_files "$g"); do files+=(--file "$f"); done
  # The test binaries go to the build as well as the run (--cargo-arg): otherwise every mutant
  # rebuilds all thirty test crates, two thirds of its time.
  for t in $(group_tests "$g"); do tests+=("--cargo-arg=$t"); done
  cargo mutants --all-features --in-place --test-tool nextest --profile mutants \
    --baseline skip --timeout "${MUTANTS_TIMEOUT:-45}" --build-timeout "${MUTANTS_BUILD_TIMEOUT:-600}" \
    "${files[@]}" "${tests[@]}" -o "mutants.out/$g" "$@"
}

case "${1:-}" in
  list) echo "$groups" ;;
  fast) shift; run_fast "$@" ;;
  all) shift; for g in $groups; do run_group "$g" "$@" || true; done ;;
  recheck)
    shift
    for g in $groups; do for out in "$g" "fast-$g"; do
      missed="mutants.out/$out/mutants.out/missed.txt"
      [ -s "$missed" ] || continue
      # One anchored regex per missed mutant, tested by the whole suite.
      mkdir -p "mutants.out/recheck-$out"
      args=()
      while IFS= read -r line; do
        args+=(--re "^$(printf '%s' "$line" | sed 's/[][\.*^$(){}+?|/]/\\&/g')\$")
      done <"$missed"
      cargo mutants --all-features --in-place --test-tool nextest --profile mutants \
        --baseline skip --timeout 120 --build-timeout 600 \
        "${args[@]}" -o "mutants.out/recheck-$out" "$@" || true
    done; done ;;
  "") echo "usage: $0 GROUP|all|recheck|list" >&2; exit 2 ;;
  *) run_group "$@" ;;
esac
