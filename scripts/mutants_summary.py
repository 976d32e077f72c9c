#!/usr/bin/env python3
"""Totals of a mutation run made of several cargo-mutants runs (groups, stops, --iterate).

    scripts/mutants_summary.py [--only LIST | --at LIST.json] DIR...

Each DIR is a cargo-mutants output (holding outcomes.json and mutants.json). The DIRs are read
in the order given; a mutant tested more than once keeps its last outcome, so pass the oldest
first. `--iterate` runs list the mutants they skipped only as "previously caught" (caught and
unviable together), which is why each run's own outcomes.json is read instead.

--only LIST: LIST is the output of `cargo mutants --list --all-features` at the commit the last
run tested; only the mutants named there count (an earlier run's mutants of code since removed or
moved drop out).

--at LIST.json: LIST.json is the output of `cargo mutants --list --json --diff --all-features`
at the commit to report on. Every mutant there counts, and takes the outcome of a tested mutant
that is the same change to the same code: same file, function, function length in lines,
column, replacement and changed lines (what the diff removes and adds). So a mutant whose code
only moved (lines added above it) keeps its outcome, and one in a function that changed
length, or whose line changed, has none ("untested") until a run tests it. Tests are only ever added between the
runs, so a mutant caught then is caught now; missed ones are re-tested by `--iterate`.

Prints one line per source file, the totals, and every missed (and untested) mutant.
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


def changed(diff):
    """The lines a mutant's diff removes and adds, without its header."""
    return "\n".join(line for line in diff.splitlines()[2:] if line[:1] in ("-", "+"))


def key(mutant, diff):
    span = mutant["function"]["span"] if mutant.get("function") else None
    length = span["end"]["line"] - span["start"]["line"] if span else None
    function = mutant["function"]["function_name"] if mutant.get("function") else None
    column = mutant["span"]["start"]["column"]
    return (mutant["file"], function, length, column, mutant["replacement"], mutant["genre"],
            changed(diff))


def outcomes(dirs):
    """(name, file, key, kind) for every tested mutant, oldest run first."""
    for d in dirs:
        path = Path(d) / "outcomes.json"
        if not path.exists():
            print(f"skipped (no outcomes.json): {d}", file=sys.stderr)
            continue
        diffs = {}
        listed = Path(d) / "mutants.json"
        if listed.exists():
            diffs = {m["name"]: m.get("diff", "") for m in json.loads(listed.read_text())}
        for outcome in json.loads(path.read_text())["outcomes"]:
            scenario = outcome["scenario"]
            if not isinstance(scenario, dict) or "Mutant" not in scenario:
                continue  # the baseline
            kind = KIND.get(outcome["summary"])
            mutant = scenario["Mutant"]
            if kind:
                diff = diffs.get(mutant["name"])
                k = key(mutant, diff) if diff is not None else None
                yield mutant["name"], mutant["file"], k, kind


def main(dirs, only=None, at=None):
    last = {}
    by_key = {}
    for name, file, k, kind in outcomes(dirs):
        last[name] = (file, kind)
        if k is not None:
            by_key[k] = kind
    if at is not None:
        last = {
            m["name"]: (m["file"], by_key.get(key(m, m.get("diff", "")), "untested")) for m in at
        }
    elif only is not None:
        last = {name: v for name, v in last.items() if name in only}
    per_file = defaultdict(Counter)
    for file, kind in last.values():
        per_file[file][kind] += 1
    total = Counter()
    print(f"{'file':40} {'caught':>7} {'missed':>7} {'unviable':>9} {'timeout':>8} {'untested':>9}")
    for file in sorted(per_file):
        c = per_file[file]
        total += c
        print(
            f"{file:40} {c['caught']:7} {c['missed']:7} {c['unviable']:9} {c['timeout']:8} "
            f"{c['untested']:9}"
        )
    viable = total["caught"] + total["missed"] + total["timeout"]
    killed = total["caught"] + total["timeout"]
    share = 100 * killed / viable if viable else 0.0
    print(
        f"{'total':40} {total['caught']:7} {total['missed']:7} {total['unviable']:9} "
        f"{total['timeout']:8} {total['untested']:9}   mutants {len(last)}, caught {killed} of "
        f"{viable} viable = {share:.1f} %"
    )
    for name, (_, kind) in sorted(last.items()):
        if kind in ("missed", "untested"):
            print(f"{kind}: {name}")


if __name__ == "__main__":
    args = sys.argv[1:]
    only = at = None
    if args[:1] == ["--only"] and len(args) > 1:
        only = set(Path(args[1]).read_text().splitlines())
        args = args[2:]
    elif args[:1] == ["--at"] and len(args) > 1:
        at = json.loads(Path(args[1]).read_text())
        args = args[2:]
    if not args:
        sys.exit(__doc__)
    main(args, only, at)
