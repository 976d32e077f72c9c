//! The grammar pieces every family composes: byte classes, bounded length, and the
//! `ALNUM+ (SEP ALNUM+)*` component run with its separator grammars.
//!
//! Leaves are hand-written over `const` byte tables (a benchmark showed nom's `alt` of separator
//! tags costs several times a table loop); everything above them is ordinary nom composition with
//! [`Failure`] as the error type, so a parser's error says which rule broke and where.

use crate::error::{Failure, Rule};
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
pub(crate) fn bounded(
    min: usize,
    max: usize,
    what: &'static str,
    input: &[u8],
) -> Result<(), Err<Failure>> {
    bounded_prefix(min, max, what, input, input.len())
}

/// Fails unless the first `len` bytes of `input` (a part of a longer name) are `min..=max` long.
#[inline]
pub(crate) fn bounded_prefix(
    min: usize,
    max: usize,
    what: &'static str,
    input: &[u8],
    len: usize,
) -> Result<(), Err<Failure>> {
    if len < min {
        let rule = if len == 0 {
            Rule::Empty
        } else {
            Rule::TooShort
        };
        Err(Err::Error(
            Failure::at(&input[len..], rule, what).with_bound(min),
        ))
    } else if len > max {
        Err(Err::Error(
            Failure::at(&input[max..], Rule::TooLong, what).with_bound(max),
        ))
    } else {
        Ok(())
    }
}

/// One byte of `set`, or `invalid-start` (`empty` at the end of input).
#[inline]
pub(crate) fn first_byte<'a>(
    set: &'static ByteSet,
    expected: &'static str,
) -> impl Fn(&'a [u8]) -> PResult<'a, u8> {
    move |input: &'a [u8]| match input.first() {
        Some(&b) if set.contains(b) => Ok((&input[1..], b)),
        Some(_) => Err(Err::Error(Failure::at(input, Rule::InvalidStart, expected))),
        None => Err(Err::Error(Failure::at(input, Rule::Empty, expected))),
    }
}

/// Zero or more bytes of `set`.
#[inline]
pub(crate) fn run0<'a>(set: &'static ByteSet) -> impl Fn(&'a [u8]) -> PResult<'a, &'a [u8]> {
    move |input: &'a [u8]| {
        let n = set.span(input);
        Ok((&input[n..], &input[..n]))
    }
}

/// Succeeds only at the end of input; otherwise the byte there is not allowed.
#[inline]
pub(crate) fn end<'a>(expected: &'static str) -> impl Fn(&'a [u8]) -> PResult<'a> {
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

/// Byte classes of the fast component scan: a byte outside the run, an alphanumeric, the start
/// of the run (never a byte's class), and the separators.
const STOP: u8 = 0;
const ALNUM: u8 = 1;
const START: u8 = 2;
const DOT: u8 = 3;
const UNDERSCORE: u8 = 4;
const HYPHEN: u8 = 5;
const OTHER_SEPARATOR: u8 = 6;

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
    pub(crate) expected: &'static str,
    /// Each byte's class for the fast scan.
    class: [u8; 256],
    /// `flaw[(class_before_previous * 8 + previous_class) * 8 + class]` is 1 where that sequence
    /// of classes breaks the grammar: two separators touching (but for the runs `__` and `-+`)
    /// or `___`.
    flaw: [u8; 512],
}

impl Separators {
    /// The grammar `ALNUM+ (SEP ALNUM+)*` with the separator bytes `bytes`: single separators, or
    /// with `swr_runs` also `__` and runs of `-`.
    pub(crate) const fn new(bytes: &[u8], swr_runs: bool, expected: &'static str) -> Separators {
        let mut class = [STOP; 256];
        let mut b = 0;
        while b < 256 {
            if LOWER_ALNUM.contains(b as u8) {
                class[b] = ALNUM;
            }
            b += 1;
        }
        let mut i = 0;
        while i < bytes.len() {
            class[bytes[i] as usize] = match bytes[i] {
                b'.' => DOT,
                b'_' => UNDERSCORE,
                b'-' => HYPHEN,
                _ => OTHER_SEPARATOR,
            };
            i += 1;
        }
        let mut flaw = [0u8; 512];
        let mut key = 0;
        while key < 512 {
            let (before, prev, next) = ((key >> 6) as u8, ((key >> 3) & 7) as u8, (key & 7) as u8);
            // A separator may follow only an alphanumeric, except within the runs `__` and `-+`.
            let run = swr_runs && prev == next && (next == UNDERSCORE || next == HYPHEN);
            let touching = next >= DOT && prev != ALNUM && !run;
            let triple = before == UNDERSCORE && prev == UNDERSCORE && next == UNDERSCORE;
            flaw[key] = (touching || triple) as u8;
            key += 1;
        }
        Separators {
            bytes: ByteSet::EMPTY.with(bytes),
            swr_runs,
            misplaced: None,
            terminators: ByteSet::EMPTY,
            expected,
            class,
            flaw,
        }
    }

    /// Gives `byte` its own rule where it is out of place.
    pub(crate) const fn misplaced(mut self, byte: u8, rule: Rule) -> Separators {
        self.misplaced = Some((byte, rule));
        self
    }

    /// Bytes that end the run in the enclosing grammar.
    pub(crate) const fn terminated_by(
        mut self,
        bytes: &[u8],
        expected: &'static str,
    ) -> Separators {
        self.terminators = ByteSet::EMPTY.with(bytes);
        self.expected = expected;
        self
    }

    /// The length of a valid component run at the start of `input` that ends at the end of input
    /// or at a byte outside the run, or `None` when the run has any flaw (or might have one).
    ///
    /// The hot path of every component grammar: per byte, one class lookup and one lookup of the
    /// (previous class, class) pair, with no state carried through table loads. Eight bytes go
    /// through at a time while no byte ends the run. A `None` sends the input to the precise
    /// loop, which finds the rule and offset, so this scan only has to be right when it accepts.
    #[inline(always)]
    fn accept(&self, input: &[u8]) -> Option<usize> {
        // The classes of the two bytes before the current position; the run starts after `START`.
        let (mut before, mut prev) = (START, START);
        let mut flaws = 0u8;
        // Each byte's flaw lookup uses its own and its neighbours' classes, all loaded
        // independently, so no work chains from one byte to the next.
        let flaw = |before: u8, prev: u8, class: u8| {
            self.flaw[((before as usize) << 6 | (prev as usize) << 3 | class as usize) & 511]
        };
        let mut chunks = input.chunks_exact(8);
        let mut i = 0;
        for chunk in &mut chunks {
            let mut c = [0u8; 8];
            for (class, &b) in c.iter_mut().zip(chunk) {
                *class = self.class[b as usize];
            }
            // `STOP` is 0: a zero byte in the word means the run ends in this chunk, which is
            // then finished byte by byte.
            let word = u64::from_le_bytes(c);
            if word.wrapping_sub(0x0101_0101_0101_0101) & !word & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            flaws |= flaw(before, prev, c[0])
                | flaw(prev, c[0], c[1])
                | flaw(c[0], c[1], c[2])
                | flaw(c[1], c[2], c[3])
                | flaw(c[2], c[3], c[4])
                | flaw(c[3], c[4], c[5])
                | flaw(c[4], c[5], c[6])
                | flaw(c[5], c[6], c[7]);
            if flaws != 0 {
                return None;
            }
            (before, prev) = (c[6], c[7]);
            i += 8;
        }
        for &b in &input[i..] {
            let class = self.class[b as usize];
            if class == STOP {
                break;
            }
            flaws |= flaw(before, prev, class);
            (before, prev) = (prev, class);
            i += 1;
        }
        (flaws == 0 && prev == ALNUM).then_some(i)
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

/// `ALNUM+ (SEP ALNUM+)*` over `[a-z0-9]`: the path component of docker distribution, and of
/// every name grammar in this crate but the tag. Stops at the first byte that is neither (the
/// caller decides whether that byte may follow); fails when a separator is not followed by an
/// alphanumeric, naming the rule that says why.
#[inline]
pub(crate) fn components<'a>(
    seps: &'static Separators,
) -> impl Fn(&'a [u8]) -> PResult<'a, &'a [u8]> {
    move |input: &'a [u8]| {
        if let Some(len) = seps.accept(input) {
            return Ok((&input[len..], &input[..len]));
        }
        let mut pos = LOWER_ALNUM.span(input);
        if pos == 0 {
            let failure = match input.first() {
                None => Failure::at(input, Rule::Empty, seps.expected),
                Some(&b) if seps.bytes.contains(b) || LOWER_ALNUM.contains(b) => {
                    Failure::at(input, Rule::InvalidStart, "a lowercase letter or digit")
                }
                Some(&b) => match seps.misplaced {
                    Some((byte, _)) if byte == b => seps.stray(b, input),
                    _ => Failure::at(input, Rule::InvalidStart, "a lowercase letter or digit"),
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
}

/// Ends a component run: at the end of input, or with the failure for the byte found there.
#[inline]
pub(crate) fn end_of_components<'a>(seps: &'static Separators) -> impl Fn(&'a [u8]) -> PResult<'a> {
    move |input: &'a [u8]| match input.first() {
        None => Ok((input, ())),
        Some(&b) => Err(Err::Error(seps.stray(b, input))),
    }
}

/// Runs a complete-input grammar and turns its failure into the crate's error.
#[inline]
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
                Failure::at(&input[input.len()..], Rule::Empty, "more input")
                    .into_error(kind, input),
            )
        }
    }
}
