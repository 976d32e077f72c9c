//! Git tag and branch names (docs/grammars.md §8), CodeArts Repo's `tag_name` and `ref`.
//!
//! ```ebnf
//! GIT_NAME    ::= PART ( "/" PART )*
//! PART        ::= REF_BYTE+ - ( "." REF_BYTE* | REF_BYTE* ".lock" )
//! REF_BYTE    ::= [^#x00-#x20#x7F#x7E#x5E#x3A#x3F#x2A#x5B#x5C#x2F]
//!               /* not a control byte, space, DEL, ~ ^ : ? * [ \ or /; 0x80 and up allowed */
//! ANY         ::= [#x00-#xFF]
//! FORBIDDEN   ::= ANY* ".." ANY* | ANY* "@{" ANY* | ANY* "."
//! TAG_NAME    ::= GIT_NAME - ( FORBIDDEN | "-" ANY* | "HEAD" )
//! BRANCH_NAME ::= GIT_NAME - ( FORBIDDEN | "-" ANY* | "HEAD" )
//! REFNAME     ::= ( PART ( "/" PART )+ ) - FORBIDDEN    /* and not "@" */
//! ```
//!
//! The reference is `git check-ref-format` itself, which `tests/git_differential.rs` runs.
//! Decision (§8): `HEAD` as a tag name is refused, as git does since 2.48, whatever git is
//! installed.
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

use crate::error::{Error, Expected, Rule};
use crate::grammar::{check, fail, ByteSet, PResult};
use crate::kind::Kind;
use crate::name::name_type;

/// Bytes git never allows in a refname: controls, DEL, space, `~ ^ : ? * [ \`.
const FORBIDDEN: ByteSet = ByteSet::EMPTY.range(0, 0x1f).with(b"\x7f ~^:?*[\\");

/// What a byte is to §8's rules: forbidden, one half of `..`, `@{`, `//`, `/.`, or the `k` that
/// ends a `.lock`.
const OTHER: u8 = 0;
const BAD: u8 = 1;
const DOT: u8 = 2;
const SLASH: u8 = 3;
const AT: u8 = 4;
const BRACE: u8 = 5;
/// `k`, the last byte of `.lock`: where a component may end in `.lock`.
const K: u8 = 6;
/// Before the first byte: a name begins like a component, after a `/`.
const START: u8 = 7;

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

/// The rules a pair of bytes can break, numbered for [`BROKEN`] (0: none).
const RULES: [Rule; 7] = [
    Rule::InvalidCharacter,
    Rule::LeadingSlash,
    Rule::DotAtComponentStart,
    Rule::DoubleSlash,
    Rule::DoubleDot,
    Rule::AtBrace,
    Rule::LockSuffix,
];

/// §8's rules as pairs of byte classes: `BROKEN[previous * 8 + class]` is the number (in
/// [`RULES`], from 1) of the rule a byte of `class` breaks after one of `previous`, or 0. `k/`
/// is only a candidate for `lock-suffix`, confirmed against the component's last five bytes.
const BROKEN: [u8; 64] = {
    const fn number(rule: Rule) -> u8 {
        let mut n = 0;
        while RULES[n] as u8 != rule as u8 {
            n += 1;
        }
        n as u8 + 1
    }
    let mut broken = [0; 64];
    let mut prev = 0;
    while prev < 8 {
        // no byte below 0x20, no 0x7F, no space, `~`, `^`, `:`, `?`, `*`, `[`, `\`
        broken[prev * 8 + BAD as usize] = number(Rule::InvalidCharacter);
        prev += 1;
    }
    // does not begin with `/`, and no component begins with `.`
    broken[START as usize * 8 + SLASH as usize] = number(Rule::LeadingSlash);
    broken[START as usize * 8 + DOT as usize] = number(Rule::DotAtComponentStart);
    broken[SLASH as usize * 8 + DOT as usize] = number(Rule::DotAtComponentStart);
    // no `//`, no `..`, no `@{`
    broken[SLASH as usize * 8 + SLASH as usize] = number(Rule::DoubleSlash);
    broken[DOT as usize * 8 + DOT as usize] = number(Rule::DoubleDot);
    broken[AT as usize * 8 + BRACE as usize] = number(Rule::AtBrace);
    // no component ends with `.lock`
    broken[K as usize * 8 + SLASH as usize] = number(Rule::LockSuffix);
    broken
};

/// The rule number for a byte of class `class` after one of class `prev`.
#[inline(always)]
fn broken(prev: u8, class: u8) -> u8 {
    BROKEN[(usize::from(prev) * 8 + usize::from(class)) & 63]
}

/// `component ("/" component)*` in one pass: each byte is checked against §8's rules for it and
/// the byte before it, then the end of the name against the rules for the last byte.
///
/// Eight bytes at a time only gather whether a rule may be broken; the chunk where one is gets
/// the same table again byte by byte to find which rule and where (one branch per eight bytes
/// instead of one per byte; BENCHMARKS.md).
#[inline(always)]
fn components(input: &[u8]) -> PResult<'_> {
    // A name wrong from its first byte is turned away before the scan (and its setup) starts.
    if let Some(&first) = input.first() {
        if let Some(&rule) = rule(broken(START, CLASS[usize::from(first)])) {
            return fail(input, rule, expected(rule));
        }
    }
    scan(input)
}

/// [`components`] after its first byte: every byte against the rules for it and the byte before
/// it (the first byte again, harmlessly), then the end of the name.
#[inline(never)]
fn scan(input: &[u8]) -> PResult<'_> {
    let mut prev = START;
    let mut chunks = input.chunks_exact(8);
    for (n, chunk) in (&mut chunks).enumerate() {
        let (any, last) = gather(prev, chunk);
        if any != 0 {
            first_broken(input, n * 8, prev)?;
        }
        prev = last;
    }
    let rest = chunks.remainder();
    let (any, last) = gather(prev, rest);
    if any != 0 {
        first_broken(input, input.len() - rest.len(), prev)?;
    }
    prev = last;
    let end = input.len();
    match prev {
        SLASH | START => fail(&input[end..], Rule::TrailingSlash, Expected::NameAfterSlash),
        K if input.ends_with(b".lock") => {
            fail(&input[end - 5..], Rule::LockSuffix, Expected::Nothing)
        }
        DOT => fail(&input[end - 1..], Rule::TrailingDot, Expected::Nothing),
        _ => Ok((&input[end..], ())),
    }
}

/// For `bytes` after a byte of class `prev`: whether any pair may break a rule (non-zero), and the
/// class of the last byte.
#[inline(always)]
fn gather(mut prev: u8, bytes: &[u8]) -> (u8, u8) {
    let mut any = 0;
    for &b in bytes {
        let class = CLASS[usize::from(b)];
        any |= broken(prev, class);
        prev = class;
    }
    (any, prev)
}

/// The rule numbered `number` in [`BROKEN`], if any.
#[inline(always)]
fn rule(number: u8) -> Option<&'static Rule> {
    usize::from(number)
        .checked_sub(1)
        .and_then(|n| RULES.get(n))
}

/// The first rule broken in the eight bytes from `start`, which follow a byte of class `prev`;
/// none when the only candidate was a `k/` that does not end a `.lock`.
#[cold]
fn first_broken(input: &[u8], start: usize, mut prev: u8) -> PResult<'_> {
    for (i, &b) in input.iter().enumerate().take(start + 8).skip(start) {
        let class = CLASS[usize::from(b)];
        let number = broken(prev, class);
        prev = class;
        let Some(&rule) = rule(number) else {
            continue;
        };
        if rule != Rule::LockSuffix {
            return fail(&input[i..], rule, expected(rule));
        }
        if input[..i].ends_with(b".lock") {
            return fail(&input[i - 5..], rule, Expected::Nothing);
        }
    }
    Ok((input, ()))
}

/// What a message says was wanted where `rule` broke: only an invalid byte's message says it.
fn expected(rule: Rule) -> Expected {
    if rule == Rule::InvalidCharacter {
        Expected::RefnameBytes
    } else {
        Expected::Nothing
    }
}

/// A full refname, as `git check-ref-format NAME` with no options.
fn refname(input: &[u8]) -> PResult<'_> {
    if input.is_empty() {
        return fail(input, Rule::Empty, Expected::TheRefName);
    }
    if input == b"@" {
        return fail(input, Rule::ReservedName, Expected::At);
    }
    let (rest, ()) = components(input)?;
    if !input.contains(&b'/') {
        return fail(rest, Rule::OneLevel, Expected::Nothing);
    }
    Ok((rest, ()))
}

/// What follows `refs/tags/` or `refs/heads/`: not empty, not `-…`, not `HEAD`.
fn short_name(input: &[u8]) -> PResult<'_> {
    match input {
        [] => fail(input, Rule::Empty, Expected::TheName),
        [b'-', ..] => fail(input, Rule::LeadingDash, Expected::Nothing),
        b"HEAD" => fail(input, Rule::ReservedName, Expected::Head),
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

name_type! {
    /// A full git refname that passes `git check-ref-format` (docs/grammars.md §8): `refs/heads/main`,
    /// `refs/tags/v1.0`. Library only: the command line checks tag and branch names.
    ///
    /// Non-ASCII UTF-8 is allowed; use [`check_refname`] for names that are arbitrary bytes.
    ///
    /// ```
    /// use registry_names::{git::RefName, Rule};
    /// assert!(RefName::parse("refs/heads/main").is_ok());
    /// assert_eq!(RefName::parse("main").unwrap_err().rule(), Rule::OneLevel);
    /// ```
    RefName, RefNameBuf, Kind::GitRefname, check_refname
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
            ("ab.locks/c", "ab.lock/c", Rule::LockSuffix, 2),
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
    fn an_invalid_byte_says_what_is_allowed() {
        for (name, found, offset) in [
            ("a b", "a space", 1),
            (" a", "a space", 0),
            ("abcdefghi~", "'~'", 9),
        ] {
            assert_eq!(
                check_tag_name(name.as_bytes()).unwrap_err().to_string(),
                format!(
                    "invalid git tag name: {found} is not allowed here; expected bytes other than \
                     controls, space, ~ ^ : ? * [ \\ (byte {offset})"
                )
            );
        }
        // The other rules name the pair of bytes and nothing else.
        assert_eq!(
            check_tag_name(b"abcdefghij//k").unwrap_err().to_string(),
            "invalid git tag name: cannot contain '//' (byte 11)"
        );
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
}
