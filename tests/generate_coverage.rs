//! The generators' coverage (issue 31): for every kind, 10,000 seeded values are all valid and
//! each grammar feature of `arbitrary::features(kind)` appears in at least 1 % of them; 10,000
//! near misses are each refused with exactly the rule they predict. Run with `--nocapture` to
//! see the table of features and their shares.
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
