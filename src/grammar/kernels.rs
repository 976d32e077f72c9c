//! The measured kernels under the grammar: byte-class spans, byte searches, the word-at-a-time
//! component scans and the whole-run tests the grammars call before they read byte by byte.
//!
//! Each kernel is one named function that answers a question the plain grammar in [`super`]
//! could answer byte by byte (a length, a position, a yes or no), and the grammar falls back to
//! its own reading wherever the kernel says nothing. [`super::oracle`] (tests only) holds the
//! plain reading of every kernel and the proptest that pins the kernel to it; BENCHMARKS.md
//! holds the measurements that justify each one.

use super::{ByteSet, Separated, Separators, LOWER_ALNUM, LOWER_HEX, NONE};

/// How many leading bytes of `input` are in `set`: `input.iter().take_while(in set).count()`.
#[inline(always)]
pub(crate) fn span(set: &ByteSet, input: &[u8]) -> usize {
    // Eight bytes per step with a branch-free AND: one well-predicted branch per chunk
    // instead of one per byte (the benchmark's `max` class is twice as fast this way).
    let mut chunks = input.chunks_exact(8);
    let mut i = 0;
    for chunk in &mut chunks {
        if !chunk.iter().fold(true, |all, &b| all & set.contains(b)) {
            break;
        }
        i += 8;
    }
    // The run ends within the chunk that stopped the loop, or within the last seven bytes.
    let end = (i + 8).min(input.len());
    while i < end && set.contains(input[i]) {
        i += 1;
    }
    i
}

/// Whether every byte of `input` is in `set`: `span(set, input) == input.len()`, for a grammar
/// whose valid names are one run of a class, so that it can accept a valid one without reading
/// it byte by byte.
///
/// Tested on fixed-size blocks, as [`contains_byte`] is: an input of `N..=2N` bytes is its first
/// and its last `N`, which may overlap, each a fold with no branch. [`span`]'s byte loop after
/// its last whole word ends at a byte that depends on the name, a branch mispredicted about
/// once a name when their lengths vary (a column of tags); here the only branch is the length.
#[inline(always)]
pub(crate) fn all_in(set: &ByteSet, input: &[u8]) -> bool {
    let len = input.len();
    match len {
        8..=16 => all_at_ends::<8>(set, input),
        4..8 => all_at_ends::<4>(set, input),
        17..=32 => all_at_ends::<16>(set, input),
        33..=64 => all_at_ends::<32>(set, input),
        65..=128 => all_at_ends::<64>(set, input),
        0 => true,
        // One to three bytes: the first, the middle and the last are all of them.
        1..4 => {
            set.contains(input[0]) & set.contains(input[len / 2]) & set.contains(input[len - 1])
        }
        _ => span(set, input) == len,
    }
}

/// Whether every byte of the first and the last `N` bytes of `input` is in `set`: all of it when
/// it has `N..=2N` bytes. (Shorter than `N`: false, and never asked.)
#[inline(always)]
fn all_at_ends<const N: usize>(set: &ByteSet, input: &[u8]) -> bool {
    input
        .first_chunk::<N>()
        .zip(input.last_chunk::<N>())
        .is_some_and(|(first, last)| all_of(set, first) & all_of(set, last))
}

/// Whether every byte of `block` is in `set`, as a fold of a known length (two blocks chained
/// were left as a call, a twentieth of a column of tags' time).
#[inline(always)]
fn all_of(set: &ByteSet, block: &[u8]) -> bool {
    block.iter().fold(true, |all, &b| all & set.contains(b))
}

/// Whether `byte` is in `input`: for error paths that must search a whole input.
///
/// Tested on fixed-size blocks with no branch inside a block: an input of `N..=2N` bytes is
/// covered by its first and its last `N` bytes, which may overlap, and each is a fold the compiler
/// turns into a few vector compares. So an input of up to 128 bytes (every name in docs/grammars.md but
/// Quay's and git's longest) is searched in straight-line code: at 128 bytes, a loop over 64-byte
/// blocks took a third longer.
///
/// The bands are asked longest first, because a whole rejected name is searched and the longest
/// names are where the search costs most: a rejected 128-byte SWR path-form name, searched whole
/// for `/`, is faster so than with the 65..=128 band asked first (BENCHMARKS.md).
#[inline(always)]
pub(crate) fn contains_byte(byte: u8, input: &[u8]) -> bool {
    match input.len() {
        65..=128 => ends::<64>(byte, input),
        33..=64 => ends::<32>(byte, input),
        17..=32 => ends::<16>(byte, input),
        8..=16 => ends::<8>(byte, input),
        0..8 => holds(byte, input),
        // More than 128 bytes.
        _ => {
            let mut seen = ends::<128>(byte, input);
            for block in input.chunks_exact(128) {
                seen |= holds(byte, block);
            }
            seen
        }
    }
}

/// Whether `byte` is in the first or the last `N` bytes of `input`: all of it when it has
/// `N..=2N` bytes. (Shorter than `N`: false, and never asked.)
#[inline(always)]
pub(super) fn ends<const N: usize>(byte: u8, input: &[u8]) -> bool {
    input
        .first_chunk::<N>()
        .zip(input.last_chunk::<N>())
        .is_some_and(|(first, last)| holds(byte, first) | holds(byte, last))
}

/// Whether `byte` is in `block`, with no branch: the compiler makes a fold of a known length into
/// vector compares.
#[inline(always)]
pub(super) fn holds(byte: u8, block: &[u8]) -> bool {
    block
        .iter()
        .fold(0u8, |seen, &b| seen | u8::from(b == byte))
        != 0
}

/// How many bytes of `input` come before the first `byte`: all of them if there is none.
#[inline]
pub(crate) fn before_byte(byte: u8, input: &[u8]) -> usize {
    before_any([byte], input)
}

/// How many bytes of `input` come before the first of `bytes`: all of them if there is none.
///
/// Eight bytes at a time: in a word XORed with a byte repeated, a match is a zero byte, and the
/// lowest byte that `(t - ONES) & !t` flags is the first zero (a borrow only runs upwards from
/// a zero byte), so a word gives the place of its first match without a byte loop. The last
/// word overlaps the one before, which held no match; an input shorter than a word is searched
/// byte by byte. (`at` stops at the last word, so the word is always there: the fallback, which
/// matches nothing, is never read.)
#[inline(always)]
pub(crate) fn before_any<const N: usize>(bytes: [u8; N], input: &[u8]) -> usize {
    let Some(last) = input.len().checked_sub(8) else {
        // Compared one by one: `<[u8]>::contains` would call memchr for each byte.
        return input
            .iter()
            .take_while(|&&b| bytes.iter().all(|&stop| stop != b))
            .count();
    };
    let mut at = 0;
    loop {
        let word = input.get(at..).and_then(<[u8]>::first_chunk);
        let found = bytes.iter().fold(0, |found, &byte| {
            let repeated = ONES * u64::from(byte);
            let t = word.map_or(!repeated, |word| u64::from_le_bytes(*word)) ^ repeated;
            found | (t.wrapping_sub(ONES) & !t & HIGH)
        });
        if found != 0 {
            return at + found.trailing_zeros() as usize / 8;
        }
        if at == last {
            return input.len();
        }
        at = (at + 8).min(last);
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of each byte of `x` (all ASCII) whose value is `b`. Exact per byte: no carry
/// crosses bytes because the addition works on 7-bit values.
#[inline(always)]
const fn equal(x: u64, b: u8) -> u64 {
    let t = x ^ (ONES * b as u64);
    !(((t & LOW7) + LOW7) | t) & HIGH
}

/// The high bit of each byte of `x` (all ASCII) with `lo <= byte <= hi`. With every byte below
/// 0x80, neither subtraction borrows across bytes.
#[inline(always)]
const fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = (x | HIGH) - ONES * lo as u64;
    let at_most_hi = ONES * (hi as u64 | 0x80) - x;
    at_least_lo & at_most_hi & HIGH
}

/// How many leading 16-byte blocks of `input` hold no byte that `stop` picks out. Each block is
/// a fold with no branch, which the compiler turns into a few vector compares and one test.
#[inline(always)]
pub(super) fn blocks_without(input: &[u8], stop: impl Fn(u8) -> bool) -> usize {
    let (blocks, _) = input.as_chunks::<16>();
    blocks
        .iter()
        .take_while(|block| block.iter().fold(0u8, |seen, &b| seen | u8::from(stop(b))) == 0)
        .count()
}

/// How many leading bytes of `input` are lowercase hex digits `[0-9a-f]`:
/// `LOWER_HEX.span(input)`, for the 64 and 128 digits of a registered digest.
///
/// Sixteen bytes at a time ([`blocks_without`]); only the block that holds a non-digit, or
/// the last bytes (fewer than sixteen), are read one by one.
#[inline]
pub(crate) fn lower_hex_span(input: &[u8]) -> usize {
    let start = 16 * blocks_without(input, |b| !is_lower_hex(b));
    let block = &input[start..input.len().min(start + 16)];
    start + block.iter().take_while(|&&b| LOWER_HEX.contains(b)).count()
}

/// `LOWER_HEX` as two range tests, which vector compares can do (a table lookup they cannot).
#[inline(always)]
pub(super) fn is_lower_hex(b: u8) -> bool {
    b.wrapping_sub(b'0') < 10 || b.wrapping_sub(b'a') < 6
}

/// Whether `input` is `lowercase` (lowercase ASCII) in any ASCII case:
/// `input.eq_ignore_ascii_case(lowercase)`, for the comparisons of hosts with the built-in
/// registries' names.
///
/// Where `lowercase` has a letter, `input`'s byte with the case bit set must be that letter;
/// elsewhere it must be the same byte. That is a word at a time: eight bytes (the last word
/// overlapping the one before when `N` is not a multiple of eight), or all `N` below eight. With
/// `lowercase` a constant, each word's case bits are a constant too: an 18-byte suffix is three
/// loads, ORs and compares, without a branch.
#[inline(always)]
pub(crate) fn eq_lowercase<const N: usize>(input: &[u8; N], lowercase: &[u8; N]) -> bool {
    let width = N.clamp(1, 8);
    let word = |bytes: &[u8; N], at: usize| {
        let mut word = [0u8; 8];
        word[..width].copy_from_slice(&bytes[at..at + width]);
        u64::from_le_bytes(word)
    };
    let mut differ = 0;
    for start in (0..N).step_by(width) {
        let at = start.min(N - width);
        let lower = word(lowercase, at);
        let case = in_range(lower, b'a', b'z') >> 2;
        differ |= (word(input, at) | case) ^ lower;
    }
    differ == 0
}

/// The length of a prefix of `input` that is a valid component run of `seps` ending in an
/// alphanumeric (0 when there is none), so the component grammar can go on from there.
///
/// The hot path of every component grammar. Eight bytes go through at a time while no byte
/// breaks a rule or ends the run; in the chunk where one does, the prefix stops at the last
/// alphanumeric before it. The precise loop then finds the rule and offset, so this scan only
/// has to be right about what it accepts.
#[inline(always)]
pub(super) fn accept(seps: &Separators, input: &[u8]) -> usize {
    // SWAR: eight bytes per step in one u64, one mask bit (the byte's high bit) per byte and
    // property. Bits shift by 8 to reach the next byte; the `carry_*` words bring the last
    // bytes of the previous step into bytes 0 and 1. Before the run, `START` counts as a
    // separator, so a leading separator is a flaw.
    let (mut carry_sep, mut carry_underscore, mut carry_underscores, mut carry_hyphen) =
        (0x80, 0, 0, 0);
    let [underscore_byte, hyphen_byte, dot_byte, other_byte] = seps.separator_slots;
    // The last chunk that passed or held an alphanumeric before its flaw, and those
    // alphanumerics (none means no safe place to stop: start from the beginning).
    let (mut last_chunk, mut last_alnum) = (0, 0u64);
    for (n, chunk) in input.chunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        if x & HIGH != 0 {
            break; // non-ASCII: never part of a run (and the masks below need ASCII)
        }
        let alnum = in_range(x, b'a', b'z') | in_range(x, b'0', b'9');
        let underscore = equal(x, underscore_byte);
        let hyphen = equal(x, hyphen_byte);
        let sep = underscore | hyphen | equal(x, dot_byte) | equal(x, other_byte);
        let prev_underscore = (underscore << 8) | carry_underscore;
        let mut flaws = (!(alnum | sep) & HIGH) | (sep & ((sep << 8) | carry_sep));
        if seps.swr_runs {
            flaws &= !((underscore & prev_underscore) | (hyphen & ((hyphen << 8) | carry_hyphen)));
            flaws |= underscore & prev_underscore & ((underscore << 16) | carry_underscores);
        }
        if flaws != 0 {
            // The run is good up to the last alphanumeric before the first flaw.
            let before_flaw = alnum & (flaws & flaws.wrapping_neg()).wrapping_sub(1);
            if before_flaw != 0 {
                (last_chunk, last_alnum) = (n, before_flaw);
            }
            break;
        }
        // No test for zero: a chunk of eight hyphens only costs the precise loop more work.
        (last_chunk, last_alnum) = (n, alnum);
        carry_sep = sep >> 56;
        carry_underscore = underscore >> 56;
        carry_underscores = underscore >> 48;
        carry_hyphen = hyphen >> 56;
    }
    if last_alnum == 0 {
        return 0;
    }
    last_chunk * 8 + 8 - (last_alnum.leading_zeros() / 8) as usize
}

/// [`accept`] for `S`, kept out of line so that a name failing at its first byte does not pay
/// for the scan's setup (BENCHMARKS.md).
#[inline(never)]
pub(crate) fn component_prefix<S: Separated>(input: &[u8]) -> usize {
    accept(&S::SEPARATORS, input)
}

/// Whether `b` is `slot`, a separator byte of a grammar or `NONE`, which no byte is (0x80 is
/// `NONE` in a grammar, but a byte of the input too).
#[inline(always)]
fn is_slot(b: u8, slot: u8) -> bool {
    slot != NONE && b == slot
}

/// Whether byte `b` may follow `prev` and `prev2` (the two bytes before it) in a component run
/// of `seps`, given that those two may: an alphanumeric always; a separator after an
/// alphanumeric; with `swr_runs` also `-` after `-`, and `_` after a `_` that follows an
/// alphanumeric. Since the bytes before `b` are allowed ones, "alphanumeric" is "no separator".
#[inline(always)]
pub(super) fn may_follow(seps: &Separators, prev2: u8, prev: u8, b: u8) -> bool {
    let [underscore, hyphen, dot, other] = seps.separator_slots;
    let separator =
        |b: u8| is_slot(b, underscore) | is_slot(b, hyphen) | is_slot(b, dot) | is_slot(b, other);
    // `[a-z0-9]`, as two range tests that compile to vector compares (a table would not).
    let alnum = (b.wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10);
    let mut allowed = alnum | (separator(b) & !separator(prev));
    if seps.swr_runs {
        allowed |= is_slot(b, hyphen) & (prev == b'-');
        allowed |= is_slot(b, underscore) & (prev == b'_') & !separator(prev2);
    }
    allowed
}

/// The shortest input [`long_component_prefix`] reads: a block of sixteen and the two bytes
/// before it.
pub(crate) const LONG_MIN: usize = 18;

/// Which of the last sixteen bytes of `window` may not follow the two before them: one byte of
/// the result per byte, non-zero where it may not.
#[inline(always)]
pub(super) fn refused(seps: &Separators, window: &[u8; LONG_MIN]) -> u128 {
    let mut lanes = [0u8; 16];
    for (k, lane) in lanes.iter_mut().enumerate() {
        *lane = u8::from(!may_follow(seps, window[k], window[k + 1], window[k + 2]));
    }
    u128::from_le_bytes(lanes)
}

/// How many bytes of `input` form a component run of `S` that ends in an alphanumeric, read
/// sixteen bytes at a time (0 when there is none, or the input is shorter than 18 bytes), so
/// the component grammar can go on from there: the kernel of [`super::long_components`].
///
/// Each byte is tested against the two before it, loaded from one and two places earlier, so
/// a block of sixteen carries no state from the one before and has no branch inside (the
/// compiler makes the tests vector compares); the first refused byte's place comes from the
/// block's lanes. The tail is one last block that overlaps the one before. The run found ends
/// before the first refused byte, backed off to nothing when a separator ends it (only a name
/// that breaks a rule there has one); the grammar then reads the rest, so this only has to be
/// right about what it accepts.
#[inline(never)]
pub(crate) fn long_component_prefix<S: Separated>(input: &[u8]) -> usize {
    let seps = &S::SEPARATORS;
    // The first byte is an alphanumeric, after which any separator may come.
    let starts_run = match input {
        [first, second, ..] => {
            LOWER_ALNUM.contains(*first)
                && (LOWER_ALNUM.contains(*second) || seps.bytes.contains(*second))
        }
        _ => false,
    };
    let Some(last) = input.len().checked_sub(LONG_MIN).filter(|_| starts_run) else {
        return 0;
    };
    // Each window is two bytes and the block after them; the last window overlaps the one
    // before, where every byte was allowed.
    let mut at = 0;
    let end = loop {
        // `at` stops at `last`, so the window is always there (the zeros, all refused, are
        // never read).
        let window = input
            .get(at..)
            .and_then(<[u8]>::first_chunk)
            .unwrap_or(&[0; LONG_MIN]);
        let refused = refused(seps, window);
        if refused != 0 {
            break at + 2 + refused.trailing_zeros() as usize / 8;
        }
        if at == last {
            break input.len();
        }
        at = (at + 16).min(last);
    };
    if LOWER_ALNUM.contains(input[end - 1]) {
        end
    } else {
        0
    }
}

/// How far the first `S` run of `input` reaches when it is valid and ends, within the first
/// 64 bytes, at one of `ends` or at the end of the input; `None` otherwise, and the grammar reads
/// it. An image reference's PATH: one search for its end and one test of the bytes before, so
/// that the tag's reading need not wait for the PATH's (BENCHMARKS.md, References).
#[inline(always)]
pub(crate) fn short_run_before<S: Separated, const N: usize>(
    ends: [u8; N],
    input: &[u8],
) -> Option<usize> {
    let head = &input[..input.len().min(64)];
    let end = before_any(ends, head);
    let ended = end < head.len() || head.len() == input.len();
    (ended && super::is_components::<S>(&head[..end])).then_some(end)
}

/// Whether all of `input`, at least [`LONG_MIN`] bytes, is one component run of `S`
/// (`ALNUM+ (SEP ALNUM+)*`): the kernel of [`super::is_components`].
///
/// The blocks of [`long_component_prefix`], every refused byte gathered rather than the first
/// found: the answer is one test at the end, not a place the next step waits for.
#[inline(never)]
pub(crate) fn is_long_run<S: Separated>(input: &[u8]) -> bool {
    let seps = &S::SEPARATORS;
    let (Some(last), [first, second, ..]) = (input.len().checked_sub(LONG_MIN), input) else {
        return false;
    };
    let mut refused = 0;
    let mut at = 0;
    loop {
        let window = input
            .get(at..)
            .and_then(<[u8]>::first_chunk)
            .unwrap_or(&[0; LONG_MIN]);
        refused |= self::refused(seps, window);
        if at == last {
            break;
        }
        at = (at + 16).min(last);
    }
    refused == 0
        && LOWER_ALNUM.contains(*first)
        && (LOWER_ALNUM.contains(*second) || seps.bytes.contains(*second))
        && input.last().is_some_and(|&b| LOWER_ALNUM.contains(b))
}
