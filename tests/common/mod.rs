//! Input generators that sit on a grammar's boundaries, shared by the oracle tests.
//!
//! Random noise almost never forms a valid name, so a differential test fed only noise checks
//! little. These strategies build names from the grammar's own pieces (alphanumeric runs joined by
//! separator tokens, right and wrong ones), then mutate one byte, or stretch them to the length
//! limits, so that both verdicts come up often and the mistakes sit where the rules are.
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::sample::select;

/// Runs of the name's own characters.
pub fn atom(chars: &'static str, max: usize) -> impl Strategy<Value = String> + Clone {
    proptest::collection::vec(select(chars.chars().collect::<Vec<_>>()), 1..=max)
        .prop_map(|cs| cs.into_iter().collect())
}

/// `atom (token atom)*`, with tokens drawn from `tokens` (valid and invalid separators alike).
pub fn joined(
    atom: impl Strategy<Value = String> + Clone,
    tokens: &'static [&'static str],
    max_parts: usize,
) -> impl Strategy<Value = String> + Clone {
    (
        atom.clone(),
        proptest::collection::vec((select(tokens), atom), 0..max_parts),
    )
        .prop_map(|(first, rest)| {
            let mut s = first;
            for (token, atom) in rest {
                s.push_str(token);
                s.push_str(&atom);
            }
            s
        })
}

/// Replaces, inserts or deletes one character at a chosen position, or leaves the input alone.
pub fn mutate(
    base: impl Strategy<Value = String> + Clone,
    noise: &'static [char],
) -> impl Strategy<Value = String> + Clone {
    (base, 0..4u8, any::<prop::sample::Index>(), select(noise)).prop_map(|(s, op, at, c)| {
        let mut chars: Vec<char> = s.chars().collect();
        let i = at.index(chars.len() + 1);
        match op {
            0 if i < chars.len() => chars[i] = c,
            1 => chars.insert(i, c),
            2 if i < chars.len() => {
                chars.remove(i);
            }
            _ => {}
        }
        chars.into_iter().collect()
    })
}

/// Pads with `fill` or cuts the input to exactly one of `lengths` bytes (ASCII inputs only get cut).
pub fn fit_length(
    base: impl Strategy<Value = String> + Clone,
    lengths: Vec<usize>,
    fill: &'static str,
) -> impl Strategy<Value = String> + Clone {
    (base, select(lengths)).prop_map(move |(mut s, len)| {
        if !s.is_ascii() {
            return s;
        }
        while s.len() < len {
            s.push_str(fill);
        }
        s.truncate(len);
        s
    })
}

/// The lengths around a limit: `max - 1`, `max`, `max + 1`.
pub fn around(max: usize) -> Vec<usize> {
    vec![max - 1, max, max + 1]
}

/// Characters that break names in interesting ways.
pub const NOISE: &[char] = &[
    '.', '_', '-', '/', '$', ':', '%', '+', '=', '@', ' ', '\n', '\r', '\t', '\0', 'A', 'Z', 'a',
    'z', '0', '9', 'é', '~', '^', '*', '[', '\\', '{',
];

/// Counts how often `oracle` accepts over `n` samples of `strategy`, to show a strategy reaches
/// both verdicts rather than only one.
pub fn acceptance_rate(
    strategy: impl Strategy<Value = String>,
    oracle: impl Fn(&str) -> bool,
    n: usize,
) -> f64 {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let accepted = (0..n)
        .filter(|_| {
            oracle(
                &strategy
                    .new_tree(&mut runner)
                    .expect("strategy builds")
                    .current(),
            )
        })
        .count();
    accepted as f64 / n as f64
}

/// The number of cases each differential property runs (at least 10,000, as CI requires).
pub const CASES: u32 = 10_000;

/// The parser's verdict matches the oracle's, and a rejection points inside the input.
pub fn agrees(
    input: &str,
    parsed: Result<(), registry_names::Error>,
    oracle: bool,
) -> Result<(), TestCaseError> {
    match parsed {
        Ok(()) => prop_assert!(oracle, "parser accepted {input:?}, oracle rejects"),
        Err(e) => {
            prop_assert!(!oracle, "parser rejected {input:?} ({e}), oracle accepts");
            prop_assert!(
                e.offset() <= input.len(),
                "offset {} past the end of {input:?}",
                e.offset()
            );
        }
    }
    Ok(())
}
