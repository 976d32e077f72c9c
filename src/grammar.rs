//! The grammar pieces every family composes: byte classes, bounded length, and the
//! `ALNUM+ (SEP ALNUM+)*` component run with its separator grammars.
//!
//! Leaves are hand-written over `const` byte tables (a benchmark showed nom's `alt` of separator
//! tags costs several times a table loop); everything above them is nom parsers composed with
//! [`Failure`] as the error type, so a parser's error says which rule broke and where. On the
//! hottest paths the composition is plain `?` sequencing ([`whole_components`],
//! [`slash_separated`]) where the combinator's call did not inline and cost more than the rule.

use crate::error::{Expected, Failure, Rule};
use nom::{Err, IResult};

/// The result of every grammar parser in the crate.
pub(crate) type PResult<'a, O = ()> = IResult<&'a [u8], O, Failure>;

/// A set of bytes as a 256-entry table, built at compile time.
#[derive(Clone, Copy)]
pub(crate) struct ByteSet([bool; 256]);

impl ByteSet {
    pub(crate) const EMPTY: ByteSet = ByteSet([false; 256]);

    /// Adds the inclusive range `lo..=hi`.
    pub(crate) const fn range(mut self, lo: u8, hi: u8) -> ByteSet {
        let mut b = lo as usize;
        while b <= hi as usize {
            self.0[b] = true;
            b += 1;
        }
        self
    }

    /// Adds each byte of `bytes`.
    pub(crate) const fn with(mut self, bytes: &[u8]) -> ByteSet {
        let mut i = 0;
        while i < bytes.len() {
            self.0[bytes[i] as usize] = true;
            i += 1;
        }
        self
    }

    #[inline(always)]
    pub(crate) const fn contains(&self, b: u8) -> bool {
        self.0[b as usize]
    }

    /// How many leading bytes of `input` are in the set.
    #[inline(always)]
    pub(crate) fn span(&self, input: &[u8]) -> usize {
        // Eight bytes per step with a branch-free AND: one well-predicted branch per chunk
        // instead of one per byte (the benchmark's `max` class is twice as fast this way).
        let mut chunks = input.chunks_exact(8);
        let mut i = 0;
        for chunk in &mut chunks {
            if !chunk.iter().fold(true, |all, &b| all & self.contains(b)) {
                break;
            }
            i += 8;
        }
        while i < input.len() && self.contains(input[i]) {
            i += 1;
        }
        i
    }
}

/// `[a-z0-9]`
pub(crate) const LOWER_ALNUM: ByteSet = ByteSet::EMPTY.range(b'a', b'z').range(b'0', b'9');
/// `[a-z]`
pub(crate) const LOWER: ByteSet = ByteSet::EMPTY.range(b'a', b'z');
/// `[a-f0-9]`
pub(crate) const LOWER_HEX: ByteSet = ByteSet::EMPTY.range(b'a', b'f').range(b'0', b'9');
/// `[A-Za-z0-9_]`, the OCI tag's first byte.
pub(crate) const WORD: ByteSet = LOWER_ALNUM.range(b'A', b'Z').with(b"_");

/// Fails unless `min <= input.len() <= max`. Checked before any scanning, so an oversized input
/// costs one comparison.
#[inline]
pub(crate) fn bounded(min: u8, max: u8, what: Expected, input: &[u8]) -> Result<(), Err<Failure>> {
    bounded_prefix(min, max, what, input, input.len())
}

/// Fails unless the first `len` bytes of `input` (a part of a longer name) are `min..=max` long.
#[inline]
pub(crate) fn bounded_prefix(
    min: u8,
    max: u8,
    what: Expected,
    input: &[u8],
    len: usize,
) -> Result<(), Err<Failure>> {
    let (min_len, max_len) = (usize::from(min), usize::from(max));
    if len < min_len {
        let rule = if len == 0 {
            Rule::Empty
        } else {
            Rule::TooShort
        };
        Err(Err::Error(
            Failure::at(&input[len..], rule, what).with_bound(min),
        ))
    } else if len > max_len {
        Err(Err::Error(
            Failure::at(&input[max_len..], Rule::TooLong, what).with_bound(max),
        ))
    } else {
        Ok(())
    }
}

/// One byte of `set`, or `invalid-start` (`empty` at the end of input).
#[inline]
pub(crate) fn first_byte<'a>(
    set: &'static ByteSet,
    expected: Expected,
) -> impl Fn(&'a [u8]) -> PResult<'a, u8> {
    #[inline(always)]
    move |input: &'a [u8]| match input.first() {
        Some(&b) if set.contains(b) => Ok((&input[1..], b)),
        Some(_) => Err(Err::Error(Failure::at(input, Rule::InvalidStart, expected))),
        None => Err(Err::Error(Failure::at(input, Rule::Empty, expected))),
    }
}

/// Zero or more bytes of `set`.
#[inline]
pub(crate) fn run0<'a>(set: &'static ByteSet) -> impl Fn(&'a [u8]) -> PResult<'a, &'a [u8]> {
    #[inline(always)]
    move |input: &'a [u8]| {
        let n = set.span(input);
        Ok((&input[n..], &input[..n]))
    }
}

/// Succeeds only at the end of input; otherwise the byte there is not allowed.
#[inline]
pub(crate) fn end<'a>(expected: Expected) -> impl Fn(&'a [u8]) -> PResult<'a> {
    #[inline(always)]
    move |input: &'a [u8]| {
        if input.is_empty() {
            Ok((input, ()))
        } else {
            Err(Err::Error(Failure::at(
                input,
                Rule::InvalidCharacter,
                expected,
            )))
        }
    }
}

/// Whether `byte` is in `input`: for error paths that must search a whole input.
///
/// Tested on fixed-size blocks with no branch inside a block: an input of `N..=2N` bytes is
/// covered by its first and its last `N` bytes, which may overlap, and each is a fold the compiler
/// turns into a few vector compares. So an input of up to 128 bytes (every name in the spec but
/// Quay's and git's longest) is searched in straight-line code: at 128 bytes, a loop over 64-byte
/// blocks took a third longer. Inlined, it uses no register a caller must save.
#[inline(always)]
pub(crate) fn contains_byte(byte: u8, input: &[u8]) -> bool {
    // Longest first: the search that costs most takes the fewest compares to reach.
    let len = input.len();
    if len > 128 {
        let mut seen = ends::<128>(byte, input);
        for block in input.chunks_exact(128) {
            seen |= holds(byte, block);
        }
        seen
    } else if len > 64 {
        ends::<64>(byte, input)
    } else if len > 32 {
        ends::<32>(byte, input)
    } else if len > 16 {
        ends::<16>(byte, input)
    } else if len >= 8 {
        ends::<8>(byte, input)
    } else {
        holds(byte, input)
    }
}

/// Whether `byte` is in the first or the last `N` bytes of `input`: all of it when it has at most
/// `2N`.
#[inline(always)]
fn ends<const N: usize>(byte: u8, input: &[u8]) -> bool {
    match (input.first_chunk::<N>(), input.last_chunk::<N>()) {
        (Some(first), Some(last)) => holds(byte, first) | holds(byte, last),
        _ => holds(byte, input),
    }
}

/// Whether `byte` is in `block`, with no branch: the compiler makes a fold of a known length into
/// vector compares.
#[inline(always)]
fn holds(byte: u8, block: &[u8]) -> bool {
    block
        .iter()
        .fold(0u8, |seen, &b| seen | u8::from(b == byte))
        != 0
}

/// How many bytes of `input` come before the first `byte`: all of them if there is none. Only the
/// 16-byte block that holds it is searched byte by byte.
pub(crate) fn before_byte(byte: u8, input: &[u8]) -> usize {
    let blocks_before = input
        .chunks(16)
        .take_while(|block| !contains_byte(byte, block))
        .count();
    let start = blocks_before * 16;
    match input.get(start..) {
        Some(block) => start + block.iter().take_while(|&&b| b != byte).count(),
        None => input.len(),
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

/// A separator grammar: which bytes separate alphanumeric runs and how they may combine.
pub(crate) struct Separators {
    /// Bytes that can start a separator.
    pub(crate) bytes: ByteSet,
    /// `true` for the SWR / docker distribution separator (`.`, `_`, `__`, `-`+); `false` when
    /// every separator is a single byte (Quay names, OCI algorithms).
    pub(crate) swr_runs: bool,
    /// A byte that gets its own rule when it turns up where a separator or alphanumeric should be
    /// (`$` in the SWR plain form).
    pub(crate) misplaced: Option<(u8, Rule)>,
    /// Bytes that end the run in the enclosing grammar (`/` after a Quay namespace, `:` after a
    /// digest algorithm): a separator right before one of them is a trailing separator.
    pub(crate) terminators: ByteSet,
    /// Describes the bytes of the whole run, for messages.
    pub(crate) expected: Expected,
    /// `_`, `-`, `.` and one other separator byte for the fast scan, each or `NONE`.
    separator_slots: [u8; 4],
}

/// An empty separator slot: no ASCII byte equals it.
const NONE: u8 = 0x80;

impl Separators {
    /// The grammar `ALNUM+ (SEP ALNUM+)*` with the separator bytes `bytes`: single separators, or
    /// with `swr_runs` also `__` and runs of `-`.
    pub(crate) const fn new(bytes: &[u8], swr_runs: bool, expected: Expected) -> Separators {
        let mut separator_slots = [NONE; 4];
        let mut n = 0;
        while n < bytes.len() {
            let slot = match bytes[n] {
                b'_' => 0,
                b'-' => 1,
                b'.' => 2,
                _ => 3,
            };
            separator_slots[slot] = bytes[n];
            n += 1;
        }
        Separators {
            bytes: ByteSet::EMPTY.with(bytes),
            swr_runs,
            misplaced: None,
            terminators: ByteSet::EMPTY,
            expected,
            separator_slots,
        }
    }

    /// Gives `byte` its own rule where it is out of place.
    pub(crate) const fn misplaced(mut self, byte: u8, rule: Rule) -> Separators {
        self.misplaced = Some((byte, rule));
        self
    }

    /// Bytes that end the run in the enclosing grammar.
    pub(crate) const fn terminated_by(mut self, bytes: &[u8], expected: Expected) -> Separators {
        self.terminators = ByteSet::EMPTY.with(bytes);
        self.expected = expected;
        self
    }

    /// The length of a prefix of `input` that is a valid component run ending in an
    /// alphanumeric (0 when there is none), so the precise loop can go on from there.
    ///
    /// The hot path of every component grammar. Eight bytes go through at a time while no byte
    /// breaks a rule or ends the run; in the chunk where one does, the prefix stops at the last
    /// alphanumeric before it. The precise loop then finds the rule and offset, so this scan only
    /// has to be right about what it accepts.
    #[inline(always)]
    fn accept(&self, input: &[u8]) -> usize {
        // SWAR: eight bytes per step in one u64, one mask bit (the byte's high bit) per byte and
        // property. Bits shift by 8 to reach the next byte; the `carry_*` words bring the last
        // bytes of the previous step into bytes 0 and 1. Before the run, `START` counts as a
        // separator, so a leading separator is a flaw.
        let (mut carry_sep, mut carry_underscore, mut carry_underscores, mut carry_hyphen) =
            (0x80, 0, 0, 0);
        let [underscore_byte, hyphen_byte, dot_byte, other_byte] = self.separator_slots;
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
            if self.swr_runs {
                flaws &=
                    !((underscore & prev_underscore) | (hyphen & ((hyphen << 8) | carry_hyphen)));
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

    /// The length of the separator at the start of `input` (0 if none). Every byte in
    /// `self.bytes` starts a separator, so a non-zero length follows from the first byte alone.
    #[inline(always)]
    fn len_at(&self, input: &[u8]) -> usize {
        match input.first() {
            Some(&b) if self.bytes.contains(b) => {
                if !self.swr_runs {
                    return 1;
                }
                match b {
                    b'_' if input.get(1) == Some(&b'_') => 2,
                    b'-' => 1 + input[1..].iter().take_while(|&&c| c == b'-').count(),
                    _ => 1,
                }
            }
            _ => 0,
        }
    }

    /// The failure for an `input` that should start with an alphanumeric run right after a
    /// separator that began at `sep` (a suffix of the whole input that includes `input`).
    #[cold]
    fn after_separator(&self, sep: &[u8], input: &[u8]) -> Failure {
        let sep_len = sep.len() - input.len();
        match input.first() {
            None => Failure::at(sep, Rule::TrailingSeparator, self.expected),
            Some(&b'_') if self.swr_runs && sep_len == 2 && sep[0] == b'_' => {
                Failure::at(input, Rule::TooManyUnderscores, self.expected)
            }
            Some(&b) if self.bytes.contains(b) => {
                Failure::at(input, Rule::AdjacentSeparators, self.expected)
            }
            Some(&b) if self.terminators.contains(b) => {
                Failure::at(sep, Rule::TrailingSeparator, self.expected)
            }
            Some(&b) => self.stray(b, input),
        }
    }

    /// The failure for a byte that is neither alphanumeric nor a separator.
    #[cold]
    pub(crate) fn stray(&self, b: u8, input: &[u8]) -> Failure {
        match self.misplaced {
            Some((byte, rule)) if byte == b => Failure::at(input, rule, self.expected),
            _ => Failure::at(input, Rule::InvalidCharacter, self.expected),
        }
    }
}

/// A separator grammar known at compile time, so the fast scan is specialised for it (its
/// separator bytes become constants in the loop rather than loads from a table).
pub(crate) trait Separated {
    const SEPARATORS: Separators;
}

/// `ALNUM+ (SEP ALNUM+)*` over `[a-z0-9]`: the path component of docker distribution, and of
/// every name grammar in this crate but the tag. Stops at the first byte that is neither (the
/// caller decides whether that byte may follow); fails when a separator is not followed by an
/// alphanumeric, naming the rule that says why.
#[inline]
pub(crate) fn components<'a, S: Separated>() -> impl Fn(&'a [u8]) -> PResult<'a, &'a [u8]> {
    #[inline(always)]
    move |input: &'a [u8]| {
        // Whole chunks of a valid run go through the SWAR scan; the rest (short names, the last
        // bytes, and the end of the run or a flaw) through the precise loop.
        let scanned = match input.first() {
            Some(&b) if LOWER_ALNUM.contains(b) && input.len() >= 16 => fast_prefix::<S>(input),
            _ => 0,
        };
        components_from::<S>(input, scanned)
    }
}

/// [`Separators::accept`] for `S`, out of line: the scan needs many registers, and a caller that
/// inlined it would save and restore them all even when the name fails at its first byte.
#[inline(never)]
fn fast_prefix<S: Separated>(input: &[u8]) -> usize {
    S::SEPARATORS.accept(input)
}

/// The component run on `input` whose first `valid` bytes are known to be a run that ends in an
/// alphanumeric (or `valid` is 0).
#[inline(always)]
fn components_from<S: Separated>(input: &[u8], valid: usize) -> PResult<'_, &[u8]> {
    let seps = &S::SEPARATORS;
    let mut pos = match input.first() {
        Some(&b) if LOWER_ALNUM.contains(b) => valid + LOWER_ALNUM.span(&input[valid..]),
        _ => 0,
    };
    if pos == 0 {
        let failure = match input.first() {
            None => Failure::at(input, Rule::Empty, seps.expected),
            Some(&b) if seps.bytes.contains(b) || LOWER_ALNUM.contains(b) => {
                Failure::at(input, Rule::InvalidStart, Expected::LowerAlnum)
            }
            Some(&b) => match seps.misplaced {
                Some((byte, _)) if byte == b => seps.stray(b, input),
                _ => Failure::at(input, Rule::InvalidStart, Expected::LowerAlnum),
            },
        };
        return Err(Err::Error(failure));
    }
    loop {
        let sep = seps.len_at(&input[pos..]);
        if sep == 0 {
            return Ok((&input[pos..], &input[..pos]));
        }
        let run = LOWER_ALNUM.span(&input[pos + sep..]);
        if run == 0 {
            return Err(Err::Error(
                seps.after_separator(&input[pos..], &input[pos + sep..]),
            ));
        }
        pos += sep + run;
    }
}

/// `PART ("/" PART)*`: a `/`-separated path whose parts are each `part` (which stops at a `/`),
/// up to the first byte after a part that is not `/`. A loop rather than nom's `many0` of a
/// `preceded` tag: the same grammar, without the combinators' per-part overhead on the hot path.
#[inline(always)]
pub(crate) fn slash_separated<'a>(
    part: impl Fn(&'a [u8]) -> PResult<'a>,
) -> impl Fn(&'a [u8]) -> PResult<'a> {
    move |mut input: &'a [u8]| loop {
        let (rest, ()) = part(input)?;
        match rest.split_first() {
            Some((b'/', next)) => input = next,
            _ => return Ok((rest, ())),
        }
    }
}

/// A name that is one component run from its first byte to its last.
#[inline(always)]
pub(crate) fn whole_components<S: Separated>(input: &[u8]) -> PResult<'_> {
    // Sequenced by hand rather than as a nom tuple: the tuple's `process` does not inline, and
    // its call with the result in memory was most of the cost of rejecting a bad first byte.
    let (rest, _) = components::<S>()(input)?;
    end_of_components::<S>()(rest)
}

/// Ends a component run: at the end of input, or with the failure for the byte found there.
#[inline]
pub(crate) fn end_of_components<'a, S: Separated>() -> impl Fn(&'a [u8]) -> PResult<'a> {
    #[inline(always)]
    move |input: &'a [u8]| match input.first() {
        None => Ok((input, ())),
        Some(&b) => Err(Err::Error(S::SEPARATORS.stray(b, input))),
    }
}

/// Runs a complete-input grammar and turns its failure into the crate's error.
#[inline(always)]
pub(crate) fn check<'a>(
    kind: crate::Kind,
    input: &'a [u8],
    grammar: impl FnOnce(&'a [u8]) -> PResult<'a>,
) -> Result<(), crate::Error> {
    match grammar(input) {
        Ok(_) => Ok(()),
        Err(Err::Error(f) | Err::Failure(f)) => Err(f.into_error(kind, input)),
        // Complete-input parsers never ask for more; treat it as an early end all the same.
        Err(Err::Incomplete(_)) => {
            Err(
                Failure::at(&input[input.len()..], Rule::Empty, Expected::MoreInput)
                    .into_error(kind, input),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Swr;
    impl Separated for Swr {
        const SEPARATORS: Separators = Separators::new(b"._-", true, Expected::Nothing);
    }

    struct Single;
    impl Separated for Single {
        const SEPARATORS: Separators =
            Separators::new(b"._-", false, Expected::Nothing).terminated_by(b":", Expected::Colon);
    }

    #[test]
    fn fast_scan_accepts_up_to_the_last_alphanumeric() {
        for (input, len) in [
            (&b"aaaaaaaa"[..], 8),
            (b"aaaaaaaaaaaaaaaa", 16),
            (b"aaaaaaa_aaaaaaaa", 16),
            (b"ab1.cd2_ef3-gh4__ij5--kl", 24),
            (b"aaaaaaaaaaaa:def", 12),
            (b"aaaaaaa__aaaaaaa", 16),
            (b"aaaaaaa---aaaaaa", 16),
            (b"a", 0),
            (b"aaaaaaa_", 7),
            (b"aaaaaaaaaaaaaaa_", 15),
        ] {
            let got = Swr::SEPARATORS.accept(input);
            assert_eq!(got, len, "{:?}", core::str::from_utf8(input));
        }
        assert_eq!(Single::SEPARATORS.accept(b"a.b_c-de"), 8);
    }

    #[test]
    fn fast_scan_stops_before_every_flaw() {
        for (input, len) in [
            (&b"-aaaaaaaaaaaaaaa"[..], 0),
            (b"aaaaaaa___aaaaaa", 7),
            (b"aaaaaaaaa._aaaaa", 9),
            (b"aaaaaaaaaa..aaaa", 10),
            (b"aaaaaaa__-bbbbbb", 7),
            (b"aaaaaaaa\xc3\xa9aaaaaa", 8),
            (b"aaaaa\xc3\xa9aaaaaaaa", 0),
            (b"aaaAaaaaaaaaaaaa", 3),
        ] {
            let got = Swr::SEPARATORS.accept(input);
            assert_eq!(got, len, "{:?}", String::from_utf8_lossy(input));
        }
        assert_eq!(Single::SEPARATORS.accept(b"aaaaaaa__bbbbbbb"), 7);
        assert_eq!(Single::SEPARATORS.accept(b"aaaaaaa--bbbbbbb"), 7);
    }

    /// Pieces of generated runs: alphanumeric runs of several lengths (so that long valid runs
    /// are common), every separator form, both terminators, and bytes just outside the classes.
    const PIECES: &[&[u8]] = &[
        b"a",
        b"z9",
        b"abc0x",
        b"a1b2c3d4e5",
        b"0123456789abcdefz",
        b".",
        b"_",
        b"__",
        b"___",
        b"-",
        b"---",
        b":",
        b"/",
        b"A",
        b"`",
        b"{",
        b"@",
        b"\xc3\xa9",
        b"\x80",
    ];

    /// What the precise loop alone says about `input`, as (verdict, rule, offset).
    fn verdict(result: PResult<'_, &[u8]>, input: &[u8]) -> Result<usize, (Rule, usize)> {
        match result {
            Ok((rest, _)) => Ok(input.len() - rest.len()),
            Err(Err::Error(f) | Err::Failure(f)) => Err((f.rule, input.len() - f.rest_len)),
            Err(Err::Incomplete(_)) => Err((Rule::Empty, usize::MAX)),
        }
    }

    /// Every length up to three 128-byte blocks, with the byte at every offset: each block size's
    /// first and last byte and every overlap are covered.
    #[test]
    fn contains_byte_and_before_byte_at_every_offset() {
        for len in 0..=3 * 128 + 1 {
            let mut input = std::vec![b'a'; len];
            assert!(!contains_byte(b'/', &input), "len {len}");
            assert_eq!(before_byte(b'/', &input), len, "len {len}");
            for at in 0..len {
                input[at] = b'/';
                assert!(contains_byte(b'/', &input), "len {len}, '/' at {at}");
                assert_eq!(before_byte(b'/', &input), at, "len {len}, '/' at {at}");
                input[at] = b'a';
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

        /// The fast scan never changes a verdict, a rule or an offset: the component run with it
        /// gives what the precise loop gives from the first byte.
        #[test]
        fn fast_scan_changes_no_result(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
        ) {
            let input = pieces.concat();
            proptest::prop_assert_eq!(
                verdict(components::<Swr>()(&input), &input),
                verdict(components_from::<Swr>(&input, 0), &input)
            );
            proptest::prop_assert_eq!(
                verdict(components::<Single>()(&input), &input),
                verdict(components_from::<Single>(&input, 0), &input)
            );
        }

        /// `before_byte` is `position` (or the length) and `contains_byte` is `contains`, for any
        /// length and any number of matches.
        #[test]
        fn before_byte_is_position(
            len in 0usize..300,
            slashes in proptest::collection::vec(0usize..300, 0..3),
        ) {
            let mut input = std::vec![b'x'; len];
            for at in slashes.into_iter().filter(|&at| at < len) {
                input[at] = b'/';
            }
            proptest::prop_assert_eq!(
                before_byte(b'/', &input),
                input.iter().position(|&b| b == b'/').unwrap_or(len)
            );
            proptest::prop_assert_eq!(contains_byte(b'/', &input), input.contains(&b'/'));
        }
    }
}
