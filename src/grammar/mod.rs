//! The grammar pieces every family composes: byte classes, bounded length, and the
//! `ALNUM+ (SEP ALNUM+)*` component run with its separator grammars.
//!
//! Leaves are hand-written over `const` byte tables (a benchmark showed nom's `alt` of separator
//! tags costs several times a table loop); everything above them is nom parsers composed with
//! [`Failure`] as the error type, so a parser's error says which rule broke and where. On the
//! hottest paths the composition is plain `?` sequencing ([`whole_components`],
//! [`slash_separated`]) where the combinator's call did not inline and cost more than the rule.

use crate::error::{Error, Expected, Failure, Rule};
use crate::kind::Kind;
use core::ops::Range;
use nom::{Err, IResult};

mod kernels;
#[cfg(test)]
mod oracle;
pub(crate) use kernels::{
    all_in, before_byte, contains_byte, eq_lowercase, long_component_prefix, lower_hex_span,
    short_run_before,
};

/// The result of every grammar parser in the crate.
pub(crate) type PResult<'a, O = ()> = IResult<&'a [u8], O, Failure>;

/// Fails at `at`, the rest of the input where `rule` broke; `expected` is what the grammar wanted
/// there (for the message). The one way a parser in this crate fails.
#[inline(always)]
pub(crate) fn fail<T>(at: &[u8], rule: Rule, expected: Expected) -> Result<T, Err<Failure>> {
    Err(Failure::at(at, rule, expected).into())
}

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
        kernels::span(self, input)
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
        Err(Failure::at(&input[len..], rule, what)
            .with_bound(min)
            .into())
    } else if len > max_len {
        Err(Failure::at(&input[max_len..], Rule::TooLong, what)
            .with_bound(max)
            .into())
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
        Some(_) => fail(input, Rule::InvalidStart, expected),
        None => fail(input, Rule::Empty, expected),
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
            fail(input, Rule::InvalidCharacter, expected)
        }
    }
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
    /// The terminators as bytes, each or `NONE`, to tell whether a run ends too soon for the
    /// fast scan.
    terminator_slots: [u8; 2],
}

/// An empty separator slot: no ASCII byte equals it.
pub(super) const NONE: u8 = 0x80;

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
            terminator_slots: [NONE; 2],
        }
    }

    /// Gives `byte` its own rule where it is out of place. Never a separator of the same
    /// grammar, so a misplaced byte and a leading separator cannot be confused.
    pub(crate) const fn misplaced(mut self, byte: u8, rule: Rule) -> Separators {
        assert!(
            !self.bytes.contains(byte),
            "a separator cannot be misplaced"
        );
        self.misplaced = Some((byte, rule));
        self
    }

    /// Bytes that end the run in the enclosing grammar (at most two).
    pub(crate) const fn terminated_by(mut self, bytes: &[u8], expected: Expected) -> Separators {
        assert!(bytes.len() <= 2, "at most two terminators");
        self.terminators = ByteSet::EMPTY.with(bytes);
        let mut n = 0;
        while n < bytes.len() {
            self.terminator_slots[n] = bytes[n];
            n += 1;
        }
        self.expected = expected;
        self
    }

    /// Whether a terminator is among the first 16 bytes of `input`: the run then ends before the
    /// fast scan would pay for its setup (a Quay namespace before its `/`, a digest algorithm
    /// before its `:`).
    #[inline(always)]
    fn ends_within_16(&self, input: &[u8]) -> bool {
        let Some(head) = input.first_chunk::<16>() else {
            return true;
        };
        self.terminator_slots
            .iter()
            .any(|&t| t != NONE && kernels::holds(t, head))
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
        // A long run skips ahead by the kernel's valid prefix; the grammar reads the rest (short
        // names and runs, the last bytes, and the end of the run or a flaw).
        let scanned = match input.first() {
            Some(&b) if LOWER_ALNUM.contains(b) && !S::SEPARATORS.ends_within_16(input) => {
                kernels::component_prefix::<S>(input)
            }
            _ => 0,
        };
        rest_of_components::<S>(input, scanned)
    }
}

/// [`components`] for long runs, such as an image reference's PATH (up to 255 bytes) and host:
/// the same grammar after a kernel that reads sixteen bytes at a step
/// ([`kernels::long_component_prefix`]), where [`components`]' reads eight.
#[inline]
pub(crate) fn long_components<'a, S: Separated>() -> impl Fn(&'a [u8]) -> PResult<'a, &'a [u8]> {
    #[inline(always)]
    move |input: &'a [u8]| {
        // Below a block and its two bytes before, the kernel has nothing to read: no call.
        if input.len() >= kernels::LONG_MIN {
            rest_of_components::<S>(input, kernels::long_component_prefix::<S>(input))
        } else {
            rest_of_components::<S>(input, 0)
        }
    }
}

/// Whether all of `input` is one component run of `S` (`ALNUM+ (SEP ALNUM+)*`), the grammar of
/// [`components`] that reads to the end: from 18 bytes on through the 16-byte kernel
/// ([`kernels::is_long_run`]), below that by the grammar itself.
#[inline]
pub(crate) fn is_components<S: Separated>(input: &[u8]) -> bool {
    if input.len() >= kernels::LONG_MIN {
        kernels::is_long_run::<S>(input)
    } else {
        matches!(rest_of_components::<S>(input, 0), Ok((rest, _)) if rest.is_empty())
    }
}

/// The plain component grammar on `input`, whose first `valid` bytes are known to be a run that
/// ends in an alphanumeric (or `valid` is 0, and the whole run is read here).
#[inline(always)]
fn rest_of_components<S: Separated>(input: &[u8], valid: usize) -> PResult<'_, &[u8]> {
    let seps = &S::SEPARATORS;
    // A name failing at its first byte skips the span (BENCHMARKS.md, `invalid_early`).
    let mut pos = match input.first() {
        Some(&b) if LOWER_ALNUM.contains(b) => valid + LOWER_ALNUM.span(&input[valid..]),
        _ => 0,
    };
    if pos == 0 {
        let failure = match input.first() {
            None => Failure::at(input, Rule::Empty, seps.expected),
            Some(&b) => match seps.misplaced {
                Some((byte, _)) if byte == b => seps.stray(b, input),
                _ => Failure::at(input, Rule::InvalidStart, Expected::LowerAlnum),
            },
        };
        return Err(failure.into());
    }
    loop {
        let sep = seps.len_at(&input[pos..]);
        if sep == 0 {
            return Ok((&input[pos..], &input[..pos]));
        }
        let run = LOWER_ALNUM.span(&input[pos + sep..]);
        if run == 0 {
            return Err(seps
                .after_separator(&input[pos..], &input[pos + sep..])
                .into());
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
        Some(&b) => Err(S::SEPARATORS.stray(b, input).into()),
    }
}

/// Runs a complete-input grammar and turns its failure into the crate's error.
#[inline(always)]
pub(crate) fn check<'a>(
    kind: Kind,
    input: &'a [u8],
    grammar: impl FnOnce(&'a [u8]) -> PResult<'a>,
) -> Result<(), Error> {
    run(kind, input, grammar).map(drop)
}

/// [`check`] for a grammar that also returns what it read.
#[inline(always)]
pub(crate) fn run<'a, O>(
    kind: Kind,
    input: &'a [u8],
    grammar: impl FnOnce(&'a [u8]) -> PResult<'a, O>,
) -> Result<O, Error> {
    run_part(kind, input, 0..input.len(), grammar)
}

/// A fixed run of bytes (`like:`), read as nom's `tag` reads it; where it is not there, an
/// `Error` (not a `Failure`) so that an `alt` tries its next branch. Ours rather than nom's so
/// that it is inlined where it is used: nom's `Tag::process` was left out of line, at a
/// cost per call (BENCHMARKS.md, names).
#[inline(always)]
pub(crate) fn literal<'a>(
    bytes: &'static [u8],
    expected: Expected,
) -> impl Fn(&'a [u8]) -> PResult<'a> {
    move |input: &'a [u8]| match input.strip_prefix(bytes) {
        Some(rest) => Ok((rest, ())),
        None => Err(Err::Error(Failure::at(
            input,
            Rule::InvalidCharacter,
            expected,
        ))),
    }
}

/// [`run`] for one part of a larger input, such as the tag of an image reference: `grammar`
/// reads `whole[part]` to its end, and a failure is reported as `kind`'s error at its offset in
/// `whole`, so that the message counts bytes from the start of what the caller was given.
#[inline(always)]
pub(crate) fn run_part<'a, O>(
    kind: Kind,
    whole: &'a [u8],
    part: Range<usize>,
    grammar: impl FnOnce(&'a [u8]) -> PResult<'a, O>,
) -> Result<O, Error> {
    let result = grammar(&whole[part.clone()]);
    part_result(kind, whole, part, result)
}

/// [`run_part`] for a result already read from `whole[part]`: where a caller must call its
/// grammar directly, as a grammar passed as a value may be left out of line (BENCHMARKS.md,
/// References).
#[inline(always)]
pub(crate) fn part_result<'a, O>(
    kind: Kind,
    whole: &'a [u8],
    part: Range<usize>,
    result: PResult<'a, O>,
) -> Result<O, Error> {
    let end = part.end;
    match result {
        Ok((_, output)) => Ok(output),
        Err(Err::Error(f) | Err::Failure(f)) => {
            Err(Error::new(kind, whole, end - f.rest_len.min(part.len()), f))
        }
        // Complete-input parsers never ask for more; treat it as an early end all the same.
        Err(Err::Incomplete(_)) => Err(Error::new(
            kind,
            whole,
            end,
            Failure::at(&[], Rule::Empty, Expected::MoreInput),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast scan's go-ahead: a terminator in the first 16 bytes (or fewer than 16 bytes)
    /// says the run ends too soon to pay for it.
    #[test]
    fn a_terminator_within_16_bytes_is_seen() {
        let seps =
            Separators::new(b"._-", false, Expected::Nothing).terminated_by(b":@", Expected::Colon);
        let bare = Separators::new(b"._-", false, Expected::Nothing);
        assert!(seps.ends_within_16(b"abc"));
        assert!(bare.ends_within_16(b"abc"));
        let mut input = [b'a'; 20];
        assert!(!seps.ends_within_16(&input));
        assert!(!bare.ends_within_16(&input));
        for (at, byte, seen) in [
            (15, b':', true),
            (0, b'@', true),
            (16, b':', false),
            (3, b'/', false),
        ] {
            input[at] = byte;
            assert_eq!(
                seps.ends_within_16(&input),
                seen,
                "{:?} at {at}",
                byte as char
            );
            assert!(!bare.ends_within_16(&input));
            input[at] = b'a';
        }
    }
}
