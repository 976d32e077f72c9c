#!/usr/bin/env python3
"""Totals of a mutation run made of several cargo-mutants runs (groups, stops, --iterate).

    scripts/mutants_summary.py [--only LIST] DIR...

Each DIR is a cargo-mutants output (holding outcomes.json). LIST, the output of
`cargo mutants --list` at the commit the last run tested, keeps only the mutants that still
exist there (an earlier run's mutants of code since removed or moved drop out).

The DIRs are read in the order given; a mutant tested more than once keeps its last outcome, so
pass the oldest first. `--iterate` runs list the mutants they skipped only as "previously caught"
(caught and unviable together), which is why each run's own outcomes.json is read instead.
Prints one line per source file, the totals, and every missed mutant.
"""
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

KIND = {
    "CaughtMutant": "caught",
    "MissedMutant": "missed",
    "Unviable": "unviable",
    "Timeout": "timeout",
}


def main(dirs, only=None):
    last = {}
    for d in dirs:
        path = Path(d) / "outcomes.json"
        if not path.exists():
            print(f"skipped (no outcomes.json): {d}", file=sys.stderr)
            continue
        for outcome in json.loads(path.read_text())["outcomes"]:
            scenario = outcome["scenario"]
            if not isinstance(scenario, dict) or "Mutant" not in scenario:
                continue  # the baseline
            kind = KIND.get(outcome["summary"])
            if kind:
                last[scenario["Mutant"]["name"]] = (scenario["Mutant"]["file"], kind)
    if only is not None:
        last = {name: v for name, v in last.items() if name in only}
    per_file = defaultdict(Counter)
    for file, kind in last.values():
        per_file[file][kind] += 1
    total = Counter()
    print(f"{'file':40} {'caught':>7} {'missed':>7} {'unviable':>9} {'timeout':>8}")
    for file in sorted(per_file):
        c = per_file[file]
        total += c
        print(f"{file:40} {c['caught']:7} {c['missed']:7} {c['unviable']:9} {c['timeout']:8}")
    viable = total["caught"] + total["missed"] + total["timeout"]
    killed = total["caught"] + total["timeout"]
    share = 100 * killed / viable if viable else 0.0
    print(
        f"{'total':40} {total['caught']:7} {total['missed']:7} {total['unviable']:9} "
        f"{total['timeout']:8}   tested {len(last)}, caught {killed} of {viable} viable = {share:.1f} %"
    )
    for name, (_, kind) in sorted(last.items()):
        if kind == "missed":
            print(f"missed: {name}")


if __name__ == "__main__":
    args = sys.argv[1:]
    only = None
    if args[:1] == ["--only"] and len(args) > 1:
        only = set(Path(args[1]).read_text().splitlines())
        args = args[2:]
    if not args:
        sys.exit(__doc__)
    main(args, only)
