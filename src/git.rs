//! Git tag and branch names (spec §8), CodeArts Repo's `tag_name` and `ref`.
//!
//! Git names are bytes: anything from 0x80 up is allowed, valid UTF-8 or not. The bytes-level
//! checks ([`check_refname`], [`check_tag_name`], [`check_branch_name`]) take any input and follow
//! `git check-ref-format` exactly; the typed values ([`TagName`], [`BranchName`]) additionally need
//! UTF-8 so that they can be borrowed as `&str`.
//!
//! A tag name `T` is valid when `refs/tags/T` is a valid refname, `T` does not start with `-`,
//! and `T` is not `HEAD`; a branch name likewise with `refs/heads/`. Both prefixes are fixed,
//! well-formed and end in `/`, so `refs/tags/T` is valid exactly when `T` is a non-empty sequence
//! of valid components: that is what is checked, without building the full name.

use crate::error::{Error, Expected, Failure, Rule};
use crate::grammar::{check, slash_separated, ByteSet, PResult};
use crate::kind::Kind;
use crate::name::name_type;
use nom::Err;

/// Bytes git never allows in a refname: controls, DEL, space, `~ ^ : ? * [ \`.
const FORBIDDEN: ByteSet = ByteSet::EMPTY.range(0, 0x1f).with(b"\x7f ~^:?*[\\");
/// Bytes that need a closer look: the forbidden ones, `/` (ends a component), and the second
/// bytes of `..` and `@{`.
const SPECIAL: ByteSet = FORBIDDEN.with(b"/.{");

/// One component: up to the next `/` or the end, with git's per-byte and per-component rules.
fn component(input: &[u8]) -> PResult<'_> {
    match input.first() {
        None => {
            return Err(Err::Error(Failure::at(
                input,
                Rule::TrailingSlash,
                Expected::NameAfterSlash,
            )))
        }
        Some(b'/') => {
            return Err(Err::Error(Failure::at(
                input,
                Rule::DoubleSlash,
                Expected::NameBetweenSlashes,
            )))
        }
        Some(b'.') => {
            return Err(Err::Error(Failure::at(
                input,
                Rule::DotAtComponentStart,
                Expected::Nothing,
            )))
        }
        Some(_) => {}
    }
    let mut i = 0;
    loop {
        i += input[i..]
            .iter()
            .take_while(|&&b| !SPECIAL.contains(b))
            .count();
        let Some(&b) = input.get(i) else { break };
        let rule = match b {
            b'/' => break,
            b'.' if i > 0 && input[i - 1] == b'.' => Rule::DoubleDot,
            b'{' if i > 0 && input[i - 1] == b'@' => Rule::AtBrace,
            b'.' | b'{' => {
                i += 1;
                continue;
            }
            _ => Rule::InvalidCharacter,
        };
        return Err(Err::Error(Failure::at(
            &input[i..],
            rule,
            Expected::RefnameBytes,
        )));
    }
    if input[..i].ends_with(b".lock") {
        return Err(Err::Error(Failure::at(
            &input[i - 5..],
            Rule::LockSuffix,
            Expected::Nothing,
        )));
    }
    Ok((&input[i..], ()))
}

/// Byte classes of the fast refname scan.
const OTHER: u8 = 0;
const BAD: u8 = 1;
const DOT: u8 = 2;
const SLASH: u8 = 3;
const AT: u8 = 4;
const BRACE: u8 = 5;
const START: u8 = 6;
/// `k`, the last byte of `.lock`: a `k/` or a final `k` is where a `.lock` suffix can end.
const K: u8 = 7;

const CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            b'.' => DOT,
            b'/' => SLASH,
            b'@' => AT,
            b'{' => BRACE,
            b'k' => K,
            byte if FORBIDDEN.contains(byte) => BAD,
            _ => OTHER,
        };
        b += 1;
    }
    class
};

/// Bit 0 of `PAIR[previous_class * 8 + class]` marks the pairs git refuses: a forbidden byte
/// anywhere, `..`, `@{`, `//`, `/.`, and a leading `.` or `/`. Bit 1 marks `k/`, where a
/// component may end in `.lock`; that is checked exactly, and only when it occurs.
const PAIR: [u8; 64] = {
    let mut pair = [0u8; 64];
    let mut prev = 0;
    while prev < 8 {
        pair[prev * 8 + BAD as usize] = FLAW;
        prev += 1;
    }
    pair[DOT as usize * 8 + DOT as usize] = FLAW;
    pair[AT as usize * 8 + BRACE as usize] = FLAW;
    pair[SLASH as usize * 8 + SLASH as usize] = FLAW;
    pair[SLASH as usize * 8 + DOT as usize] = FLAW;
    pair[START as usize * 8 + DOT as usize] = FLAW;
    pair[START as usize * 8 + SLASH as usize] = FLAW;
    pair[K as usize * 8 + SLASH as usize] = MAYBE_LOCK;
    pair
};
const FLAW: u8 = 1;
const MAYBE_LOCK: u8 = 2;

/// Whether `input` is a valid sequence of refname components. One class lookup and one pair
/// lookup per byte, no branch but one per eight bytes. On a flaw it returns where the nom grammar
/// should take over to find the rule and offset: the start of the component that holds the flaw
/// (or of the whole name when an earlier component may end in `.lock`), since every component
/// before it has passed every rule. So this only has to be right when it accepts.
#[inline(never)]
fn accept(input: &[u8]) -> Result<(), usize> {
    let resume_before = |end: usize, marks: u8| {
        if marks & MAYBE_LOCK != 0 {
            return 0;
        }
        input[..end]
            .iter()
            .rposition(|&b| b == b'/')
            .map_or(0, |slash| slash + 1)
    };
    let mut prev = START;
    let mut marks = 0u8;
    for (n, chunk) in input.chunks(8).enumerate() {
        for &b in chunk {
            let class = CLASS[b as usize];
            marks |= PAIR[(prev as usize * 8 + class as usize) & 63];
            prev = class;
        }
        if marks & FLAW != 0 {
            return Err(resume_before(n * 8, marks));
        }
    }
    let last = input.len().saturating_sub(1);
    if matches!(prev, SLASH | DOT | START) || (prev == K && input.ends_with(b".lock")) {
        return Err(resume_before(last, marks));
    }
    if marks & MAYBE_LOCK != 0
        && input
            .split(|&b| b == b'/')
            .any(|component| component.ends_with(b".lock"))
    {
        return Err(0);
    }
    Ok(())
}

/// What git refuses as a name's first byte: `/` (no leading slash), `.` (no component starts with
/// a dot), or a byte forbidden anywhere. One table lookup, so a name that is wrong from its first
/// byte is rejected without the scan or the component grammar.
#[inline(always)]
fn name_start(input: &[u8]) -> PResult<'_> {
    let (rule, expected) = match input.first().map(|&b| CLASS[b as usize]) {
        Some(SLASH) => (Rule::LeadingSlash, Expected::Nothing),
        Some(DOT) => (Rule::DotAtComponentStart, Expected::Nothing),
        Some(BAD) => (Rule::InvalidCharacter, Expected::RefnameBytes),
        _ => return Ok((input, ())),
    };
    Err(Err::Error(Failure::at(input, rule, expected)))
}

/// `component ("/" component)*`, not ending in `.`.
#[inline(always)]
fn components(input: &[u8]) -> PResult<'_> {
    name_start(input)?;
    match accept(input) {
        Ok(()) => Ok((&input[input.len()..], ())),
        Err(resume) => components_from(input, resume),
    }
}

/// The components grammar on `input`, skipping the first `resume` bytes, which must be empty or
/// whole valid components each followed by `/`. Only a rejected name gets here.
#[inline(never)]
fn components_from(input: &[u8], resume: usize) -> PResult<'_> {
    name_start(input)?;
    let (rest, ()) = slash_separated(component)(&input[resume..])?;
    if input.last() == Some(&b'.') {
        return Err(Err::Error(Failure::at(
            &input[input.len() - 1..],
            Rule::TrailingDot,
            Expected::Nothing,
        )));
    }
    Ok((rest, ()))
}

/// A full refname, as `git check-ref-format NAME` with no options.
fn refname(input: &[u8]) -> PResult<'_> {
    if input.is_empty() {
        return Err(Err::Error(Failure::at(
            input,
            Rule::Empty,
            Expected::TheRefName,
        )));
    }
    if input == b"@" {
        return Err(Err::Error(Failure::at(
            input,
            Rule::ReservedName,
            Expected::At,
        )));
    }
    let (rest, ()) = components(input)?;
    if !input.contains(&b'/') {
        return Err(Err::Error(Failure::at(
            rest,
            Rule::OneLevel,
            Expected::Nothing,
        )));
    }
    Ok((rest, ()))
}

/// What follows `refs/tags/` or `refs/heads/`: not empty, not `-…`, not `HEAD`.
fn short_name(input: &[u8]) -> PResult<'_> {
    match input {
        [] => Err(Err::Error(Failure::at(
            input,
            Rule::Empty,
            Expected::TheName,
        ))),
        [b'-', ..] => Err(Err::Error(Failure::at(
            input,
            Rule::LeadingDash,
            Expected::Nothing,
        ))),
        b"HEAD" => Err(Err::Error(Failure::at(
            input,
            Rule::ReservedName,
            Expected::Head,
        ))),
        _ => components(input),
    }
}

/// Checks a full refname (`refs/heads/main`) exactly as `git check-ref-format` does without
/// options: at least two components, and not `@`. Accepts any bytes; never allocates.
///
/// ```
/// use registry_names::{git, Rule};
/// assert!(git::check_refname(b"refs/heads/main").is_ok());
/// assert_eq!(git::check_refname(b"main").unwrap_err().rule(), Rule::OneLevel);
/// assert_eq!(git::check_refname(b"refs/heads/a..b").unwrap_err().offset(), 13);
/// ```
#[inline(never)]
pub fn check_refname(name: &[u8]) -> Result<(), Error> {
    check(Kind::GitRefname, name, refname)
}

/// Checks a tag name `T` (`refs/tags/T` must be a valid refname; no leading `-`; not `HEAD`).
/// Accepts any bytes, including non-UTF-8; never allocates.
#[inline(never)]
pub fn check_tag_name(name: &[u8]) -> Result<(), Error> {
    check(Kind::GitTag, name, short_name)
}

/// Checks a branch name `B` (`refs/heads/B` must be a valid refname; no leading `-`; not
/// `HEAD`). Accepts any bytes, including non-UTF-8; never allocates.
#[inline(never)]
pub fn check_branch_name(name: &[u8]) -> Result<(), Error> {
    check(Kind::GitBranch, name, short_name)
}

name_type! {
    /// A git tag name, as CodeArts Repo's `tag_name`: `v1.0`, `release/2024-01`, `@`.
    ///
    /// Non-ASCII UTF-8 is allowed. [`parse_bytes`](Self::parse_bytes) also requires UTF-8; use
    /// [`check_tag_name`] for names that are arbitrary bytes.
    ///
    /// ```
    /// use registry_names::{git::TagName, Rule};
    /// assert!(TagName::parse("v1.0").is_ok());
    /// assert!(TagName::parse("版本/1").is_ok());
    /// assert_eq!(TagName::parse("HEAD").unwrap_err().rule(), Rule::ReservedName);
    /// assert_eq!(TagName::parse("a.lock/b").unwrap_err().rule(), Rule::LockSuffix);
    /// ```
    TagName, TagNameBuf, Kind::GitTag, check_tag_name
}

name_type! {
    /// A git branch name, as CodeArts Repo's `ref`: `main`, `feature/x`.
    ///
    /// ```
    /// use registry_names::{git::BranchName, Rule};
    /// assert!(BranchName::parse("feature/x").is_ok());
    /// assert_eq!(BranchName::parse("-x").unwrap_err().rule(), Rule::LeadingDash);
    /// ```
    BranchName, BranchNameBuf, Kind::GitBranch, check_branch_name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(result: Result<(), Error>) -> Result<(), (Rule, usize)> {
        result.map_err(|e| (e.rule(), e.offset()))
    }

    fn tag(name: &str) -> Result<(), (Rule, usize)> {
        verdict(check_tag_name(name.as_bytes()))
    }

    #[test]
    fn one_case_each_way_per_rule() {
        // (valid, invalid, rule, offset) for each of git's refname rules.
        let cases: &[(&str, &str, Rule, usize)] = &[
            ("a/b.c", "a/.b", Rule::DotAtComponentStart, 2),
            ("a.locks/b", "a.lock/b", Rule::LockSuffix, 1),
            ("a.lock.x", "x/a.lock", Rule::LockSuffix, 3),
            ("a.b", "a..b", Rule::DoubleDot, 2),
            ("ab", "a\u{7f}b", Rule::InvalidCharacter, 1),
            ("tab-free", "a\tb", Rule::InvalidCharacter, 1),
            ("a_b", "a b", Rule::InvalidCharacter, 1),
            ("a-b", "a~b", Rule::InvalidCharacter, 1),
            ("a", "a^b", Rule::InvalidCharacter, 1),
            ("b", "a:b", Rule::InvalidCharacter, 1),
            ("c", "a?b", Rule::InvalidCharacter, 1),
            ("d", "a*b", Rule::InvalidCharacter, 1),
            ("a]b", "a[b", Rule::InvalidCharacter, 1),
            ("a/b", "a\\b", Rule::InvalidCharacter, 1),
            ("a/b", "/a", Rule::LeadingSlash, 0),
            ("a/b", "a/", Rule::TrailingSlash, 2),
            ("a/b/c", "a//b", Rule::DoubleSlash, 2),
            ("a./b", "a.", Rule::TrailingDot, 1),
            ("a@b{", "a@{b", Rule::AtBrace, 2),
            ("x-", "-x", Rule::LeadingDash, 0),
            ("HEADS", "HEAD", Rule::ReservedName, 0),
            ("x", "", Rule::Empty, 0),
        ];
        for &(valid, invalid, rule, offset) in cases {
            assert_eq!(tag(valid), Ok(()), "{valid:?}");
            assert_eq!(tag(invalid), Err((rule, offset)), "{invalid:?}");
            assert_eq!(
                verdict(check_branch_name(invalid.as_bytes())),
                Err((rule, offset)),
                "{invalid:?}"
            );
        }
    }

    #[test]
    fn issue_examples() {
        for name in ["-x", "HEAD"] {
            assert!(TagName::parse(name).is_err(), "{name}");
            assert!(BranchName::parse(name).is_err(), "{name}");
        }
        assert_eq!(TagName::parse("@").map(|t| t.as_str()), Ok("@"));
        assert_eq!(tag("a.lock/b"), Err((Rule::LockSuffix, 1)));
        assert_eq!(tag("a/.b"), Err((Rule::DotAtComponentStart, 2)));
        assert_eq!(tag("a..b"), Err((Rule::DoubleDot, 2)));
        assert_eq!(tag("a@{b"), Err((Rule::AtBrace, 2)));
        assert!(TagName::parse("v1.0").is_ok());
        assert!(TagName::parse("ünïcödé/标签").is_ok());
    }

    #[test]
    fn full_refname_rules() {
        assert_eq!(verdict(check_refname(b"refs/heads/main")), Ok(()));
        assert_eq!(verdict(check_refname(b"@")), Err((Rule::ReservedName, 0)));
        assert_eq!(verdict(check_refname(b"main")), Err((Rule::OneLevel, 4)));
        assert_eq!(verdict(check_refname(b"refs/@")), Ok(()));
        assert_eq!(verdict(check_refname(b"")), Err((Rule::Empty, 0)));
        assert_eq!(verdict(check_refname(b"-/x")), Ok(()));
        assert_eq!(Kind::GitRefname.validate(b"refs/tags/v1"), Ok(()));
    }

    #[test]
    fn any_bytes_are_checked_without_panic() {
        assert_eq!(verdict(check_tag_name(b"caf\xc3\xa9")), Ok(()));
        assert_eq!(verdict(check_tag_name(b"\xff\xfe")), Ok(()));
        assert_eq!(
            verdict(check_tag_name(b"a\0b")),
            Err((Rule::InvalidCharacter, 1))
        );
        let err = TagName::parse_bytes(b"\xff").unwrap_err();
        assert_eq!((err.rule(), err.offset()), (Rule::InvalidUtf8, 0));
        assert_eq!(
            verdict(check_tag_name(b".lock")),
            Err((Rule::DotAtComponentStart, 0))
        );
        assert_eq!(
            verdict(check_tag_name(b"a.lock")),
            Err((Rule::LockSuffix, 1))
        );
        assert_eq!(verdict(check_tag_name(b"@{")), Err((Rule::AtBrace, 1)));
        for first in [b'~', b' ', b'\0', b'\x7f', b'[', b':'] {
            assert_eq!(
                verdict(check_tag_name(&[first, b'x'])),
                Err((Rule::InvalidCharacter, 0)),
                "{first:#x}"
            );
        }
        assert_eq!(
            verdict(check_tag_name(b"a/..")),
            Err((Rule::DotAtComponentStart, 2))
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

        /// Resuming the grammar where the fast scan found a flaw gives the same rule and offset
        /// as parsing the whole name.
        #[test]
        fn resuming_after_the_fast_scan_changes_no_error(
            name in proptest::collection::vec(
                proptest::sample::select(&b"ab.k/@{lock \x80~"[..]), 0..40),
        ) {
            fn failure(result: PResult<'_>) -> Result<(), Option<Failure>> {
                result.map(|_| ()).map_err(|e| match e {
                    Err::Error(f) | Err::Failure(f) => Some(f),
                    Err::Incomplete(_) => None,
                })
            }
            proptest::prop_assert_eq!(
                failure(components(&name)),
                failure(components_from(&name, 0))
            );
            // Both of those start with `name_start`; check it against the component grammar,
            // which finds a leading `.` or forbidden byte by its own rules.
            if name.first() != Some(&b'/') && name_start(&name).is_err() {
                proptest::prop_assert_eq!(failure(name_start(&name)), failure(component(&name)));
            }
        }
    }
}
