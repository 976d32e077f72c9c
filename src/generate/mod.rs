//! The one generator core behind the `arbitrary` and `proptest` features and `registry-names
//! generate`: for each kind, a valid value and a near miss (an input one edit from a valid value)
//! with the [`Rule`] the crate reports for it, built from a stream of choices.
//!
//! Values are built from the grammar (docs/grammars.md), not filtered from random text: every
//! choice, including "no data left", leads to a valid value, so a short input gives a short
//! valid name and a shrunk input (proptest shrinks the choice bytes) is still valid. Lengths are
//! drawn with extra weight on each grammar's minimum and maximum, where its limits are.
//!
//! Each kind's [`Generator`] is a column of the kind table (`src/kind.rs`), so a kind without
//! one does not compile. Its `features` list names what the coverage test
//! (`tests/generate_coverage.rs`) requires in at least 1 % of the draws.

mod git;
mod names;
mod reference;
#[cfg(feature = "request")]
pub(crate) mod request;

use crate::error::Rule;
use ::arbitrary::Unstructured;
use alloc::string::String;

pub(crate) use git::{GIT_BRANCH, GIT_REFNAME, GIT_TAG};
pub(crate) use names::{
    LIKE_PATTERN, OCI_DIGEST, QUAY_NAMESPACE, QUAY_REPOSITORY, QUAY_TAG_FILTER, SWR_NAMESPACE,
    SWR_REPOSITORY, SWR_REPOSITORY_PATH, TAG,
};
pub(crate) use reference::IMAGE_REFERENCE;

/// A grammar feature the generator is meant to reach, and how to see it in a value.
pub type Feature = (&'static str, fn(&str) -> bool);

/// One kind's generators: the column of the kind table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Generator {
    /// A valid value.
    pub(crate) valid: fn(&mut Src<'_, '_>) -> String,
    /// An invalid input one edit from a valid one, and the rule the kind's check reports.
    pub(crate) near_miss: fn(&mut Src<'_, '_>) -> (String, Rule),
    /// What the coverage test requires in at least 1 % of 10,000 valid values.
    pub(crate) features: &'static [Feature],
}

/// The stream of choices: arbitrary's [`Unstructured`], read so that running out of data is
/// never an error (every choice falls back to its first option, the shortest value).
pub(crate) struct Src<'u, 'a>(pub(crate) &'u mut Unstructured<'a>);

impl Src<'_, '_> {
    /// A number in `0..n` (0 when `n` is 0 or the data has run out).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        self.0.int_in_range(0..=n - 1).unwrap_or(0)
    }

    /// A number in `lo..=hi` (`lo` if `hi < lo`).
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// One of `items`, which is not empty.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// True with `percent` % probability (false when the data has run out).
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        100 - self.below(100) <= percent
    }

    /// A length in `min..=max`: the minimum or the maximum one time in twenty each, anywhere
    /// in the range three in twenty, otherwise short (up to 12 bytes above the minimum), where
    /// most names are and where structure (separators, depth) is dense. Low choice bytes are the
    /// short lengths, so that proptest, which shrinks bytes toward 0, shrinks names toward short.
    pub(crate) fn length(&mut self, min: usize, max: usize) -> usize {
        match self.below(20) {
            0..=14 => self.range(min, max.min(min + 12)),
            15..=17 => self.range(min, max),
            18 => min,
            _ => max,
        }
    }

    /// A byte of `set`, pushed onto `out`.
    pub(crate) fn push_from(&mut self, out: &mut String, set: &[u8]) {
        out.push(char::from(self.pick(set)));
    }
}

/// Lowercase letters and digits, §1's `ALNUM`.
pub(crate) const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
pub(crate) const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
pub(crate) const DIGITS: &[u8] = b"0123456789";
pub(crate) const HEX: &[u8] = b"0123456789abcdef";

/// A kind's valid value from `u` (never fails; see [`Src`]).
pub(crate) fn valid(generator: &Generator, u: &mut Unstructured<'_>) -> String {
    (generator.valid)(&mut Src(u))
}

/// A kind's near miss from `u`.
pub(crate) fn near_miss(generator: &Generator, u: &mut Unstructured<'_>) -> (String, Rule) {
    (generator.near_miss)(&mut Src(u))
}

/// How many bytes of the seeded stream one value reads: more than the longest value's choices
/// (a 255-byte Quay name takes about 300), so the seeded values never run out of data.
pub(crate) const SEEDED_CHUNK: usize = 2048;

/// A deterministic stream of bytes for a seed (SplitMix64): what `registry-names generate
/// --seed` feeds the generators, the same on every platform and release.
#[derive(Debug, Clone)]
pub(crate) struct SeedBytes {
    state: u64,
}

impl SeedBytes {
    pub(crate) const fn new(seed: u64) -> SeedBytes {
        SeedBytes { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fills `buf` from the stream.
    pub(crate) fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}
