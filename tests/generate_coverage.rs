//! The generators' coverage (issue 31): for every kind, 10,000 seeded values are all valid and
//! each grammar feature of `arbitrary::features(kind)` appears in at least 1 % of them; 10,000
//! near misses are each refused with exactly the rule they predict, and the first 300 of each
//! kind are one edit from a valid value (found by search). Run with `--nocapture --test-threads 1` to see the table of features and their shares.
#![cfg(feature = "arbitrary")]

use registry_names::arbitrary::{features, seeded, seeded_near_misses};
use registry_names::{Kind, Rule};
use std::collections::BTreeMap;

const DRAWS: usize = 10_000;

#[test]
fn every_value_is_valid_and_every_feature_reaches_one_percent() {
    let mut failures = Vec::new();
    println!("| kind | feature | share of {DRAWS} values |");
    println!("|---|---|---|");
    for kind in Kind::ALL {
        let table = features(kind);
        assert!(!table.is_empty(), "{kind}: no features listed");
        let mut hits = vec![0usize; table.len()];
        for (i, value) in seeded(kind, 0x5eed).take(DRAWS).enumerate() {
            if let Err(e) = kind.validate(value.as_bytes()) {
                failures.push(format!("{kind} #{i}: {value:?} is invalid: {e}"));
            }
            for (j, (_, has)) in table.iter().enumerate() {
                hits[j] += usize::from(has(&value));
            }
        }
        for ((name, _), n) in table.iter().zip(&hits) {
            let share = *n as f64 / DRAWS as f64 * 100.0;
            println!("| {kind} | {name} | {share:.1} % |");
            if *n * 100 < DRAWS {
                failures.push(format!("{kind}: feature {name:?} in {n} of {DRAWS} values"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

#[test]
fn every_near_miss_is_refused_with_its_rule() {
    let mut failures = Vec::new();
    println!("| kind | rules of {DRAWS} near misses |");
    println!("|---|---|");
    for kind in Kind::ALL {
        let mut rules: BTreeMap<Rule, usize> = BTreeMap::new();
        for (i, miss) in seeded_near_misses(kind, 0x5eed).take(DRAWS).enumerate() {
            assert_eq!(miss.kind, kind);
            *rules.entry(miss.rule).or_default() += 1;
            match kind.validate(miss.input.as_bytes()) {
                Ok(()) => failures.push(format!(
                    "{kind} #{i}: {:?} is valid, predicted {}",
                    miss.input, miss.rule
                )),
                Err(e) if e.rule() != miss.rule => failures.push(format!(
                    "{kind} #{i}: {:?} is {} at {}, predicted {}",
                    miss.input,
                    e.rule(),
                    e.offset(),
                    miss.rule
                )),
                Err(_) => {}
            }
        }
        let list: Vec<String> = rules.iter().map(|(r, n)| format!("{r} {n}")).collect();
        println!("| {kind} | {} |", list.join(", "));
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

/// Whether one edit of `input` (deleting a character, or replacing or inserting one of printable
/// ASCII) gives a value `kind` accepts.
fn one_edit_from_valid(kind: Kind, input: &str) -> bool {
    let ok = |text: &str| kind.validate(text.as_bytes()).is_ok();
    let boundaries: Vec<usize> = (0..=input.len())
        .filter(|&i| input.is_char_boundary(i))
        .collect();
    let mut buf = String::with_capacity(input.len() + 4);
    for (k, &i) in boundaries.iter().enumerate() {
        let next = boundaries.get(k + 1).copied();
        if let Some(j) = next {
            buf.clear();
            buf.push_str(&input[..i]);
            buf.push_str(&input[j..]);
            if ok(&buf) {
                return true;
            }
        }
        for c in (0x20u8..0x7f).map(char::from) {
            buf.clear();
            buf.push_str(&input[..i]);
            buf.push(c);
            buf.push_str(&input[i..]);
            if ok(&buf) {
                return true;
            }
            if let Some(j) = next {
                buf.clear();
                buf.push_str(&input[..i]);
                buf.push(c);
                buf.push_str(&input[j..]);
                if ok(&buf) {
                    return true;
                }
            }
        }
    }
    false
}

/// "One edit from a valid one", checked by search on the first 300 near misses of each kind.
#[test]
fn every_near_miss_is_one_edit_from_a_valid_value() {
    // The search can say no: two edits from `eq:v1`, and no full ref name is one edit from `@`.
    assert!(!one_edit_from_valid(Kind::QuayTagFilter, "ne:v1"));
    assert!(!one_edit_from_valid(Kind::GitRefname, "@"));
    assert!(one_edit_from_valid(Kind::QuayTagFilter, "eq:.v1"));
    let mut failures = Vec::new();
    for kind in Kind::ALL {
        for (i, miss) in seeded_near_misses(kind, 0x5eed).take(300).enumerate() {
            if !one_edit_from_valid(kind, &miss.input) {
                failures.push(format!("{kind} #{i} ({}): {:?}", miss.rule, miss.input));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} near misses more than one edit from any valid value:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}
