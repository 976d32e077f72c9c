//! Image tags (docs/grammars.md §3), one grammar for SWR and Quay: the OCI distribution-spec
//! tag.
//!
//! ```ebnf
//! TAG       ::= TAG_FIRST TAG_BYTE*    /* 1 to 128 bytes */
//! TAG_FIRST ::= [A-Za-z0-9_]
//! TAG_BYTE  ::= [A-Za-z0-9_.-]
//! ```
//!
//! Decision (§3): a trailing newline is an error, although Quay's Python `$` lets `"v1\n"` through.

use crate::error::{limit, Error, Expected};
use crate::grammar::{all_in, bounded, check, end, first_byte, run0, ByteSet, PResult, WORD};
use crate::kind::Kind;
use crate::name::name_type;
use nom::Parser;

/// Longest tag, in bytes (OCI distribution-spec).
pub const MAX_TAG_LEN: usize = 128;

/// `[A-Za-z0-9_.-]`, the bytes after the first.
pub(crate) const TAG_BYTE: ByteSet = WORD.with(b".-");

/// `[A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}`
pub(crate) fn tag(input: &[u8]) -> PResult<'_> {
    bounded(1, const { limit(MAX_TAG_LEN) }, Expected::TheTag, input)?;
    (
        first_byte(&WORD, Expected::TagFirstByte),
        run0(&TAG_BYTE),
        end(Expected::TagBytes),
    )
        .parse(input)
        .map(|(rest, _)| (rest, ()))
}

/// The longest tag [`check_tag`] tries to accept whole before it reads it byte by byte.
const PLAIN_TAG_LEN: usize = 64;

#[inline(never)]
pub(crate) fn check_tag(input: &[u8]) -> Result<(), Error> {
    // Most tags checked are valid (a column of a catalog's tags): one test of the whole tag with
    // no branch on its bytes accepts them; any other goes through the grammar, which finds the
    // rule and the offset. Byte by byte, the end of the run was a mispredicted branch about once
    // a tag where lengths vary (BENCHMARKS.md, Python). Above 64 bytes that branch is a small
    // part of the reading, and a refused tag would be read twice, so the grammar reads those
    // alone.
    let plain = input.len() <= PLAIN_TAG_LEN
        && input.first().is_some_and(|&b| WORD.contains(b))
        && all_in(&TAG_BYTE, input);
    if plain {
        return Ok(());
    }
    check(Kind::Tag, input, tag)
}

name_type! {
    /// An image tag: `latest`, `v1.2.3`, `_x` (docs/grammars.md §3). SWR and Quay use the same grammar, the
    /// OCI distribution-spec tag: 1 to 128 bytes of `[A-Za-z0-9_.-]`, not starting with `.` or `-`.
    ///
    /// ```
    /// use registry_names::{Tag, Rule};
    /// let tag = Tag::parse("v1.2.3")?;
    /// assert_eq!(tag, "v1.2.3");
    /// assert_eq!(Tag::parse("-rc").unwrap_err().rule(), Rule::InvalidStart);
    /// # Ok::<(), registry_names::Error>(())
    /// ```
    Tag, TagBuf, Kind::Tag, check_tag
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Rule;

    fn rejects(input: &str, rule: Rule, offset: usize) {
        let err = Tag::parse(input).unwrap_err();
        assert_eq!(
            (err.rule(), err.offset()),
            (rule, offset),
            "{input:?}: {err}"
        );
        assert_eq!(err.kind(), Kind::Tag);
    }

    #[test]
    fn spec_valid_examples() {
        for tag in ["latest", "v1.2.3", "_x", "A-b_C.d"] {
            assert_eq!(Tag::parse(tag).map(|t| t.as_str()), Ok(tag));
        }
    }

    #[test]
    fn spec_invalid_examples() {
        rejects("", Rule::Empty, 0);
        rejects(".hidden", Rule::InvalidStart, 0);
        rejects("-rc", Rule::InvalidStart, 0);
        rejects("v1+build", Rule::InvalidCharacter, 2);
        rejects("v1/2", Rule::InvalidCharacter, 2);
        rejects(&"a".repeat(129), Rule::TooLong, 128);
    }

    #[test]
    fn length_boundary() {
        assert!(Tag::parse(&"a".repeat(128)).is_ok());
        assert!(Tag::parse("a").is_ok());
    }

    /// `check_tag`'s whole-tag test only ever answers as the grammar does: every length up to
    /// one past the limit, with each kind of byte (a leading-only refusal, a byte no tag has, a
    /// byte above ASCII) at every offset, gives the grammar's verdict, rule and offset.
    #[test]
    fn whole_tag_test_is_the_grammar() {
        for len in 0..=MAX_TAG_LEN + 1 {
            let mut input = std::vec![b'a'; len];
            for at in 0..len.max(1) {
                for stray in [b'a', b'.', b'-', b'/', b'\n', 0xff] {
                    if let Some(byte) = input.get_mut(at) {
                        *byte = stray;
                    }
                    let grammar = check(Kind::Tag, &input, tag);
                    assert_eq!(check_tag(&input), grammar, "{len} {at} {stray}");
                    if let Some(byte) = input.get_mut(at) {
                        *byte = b'a';
                    }
                }
            }
        }
    }

    #[test]
    fn trailing_newline_is_an_error_unlike_quay() {
        rejects("v1\n", Rule::InvalidCharacter, 2);
    }

    #[test]
    fn bytes_entry_point_gives_the_same_errors() {
        let err = Tag::parse_bytes(b"v1\xff").unwrap_err();
        assert_eq!(
            (err.rule(), err.offset(), err.found()),
            (Rule::InvalidCharacter, 2, Some(0xff))
        );
        assert_eq!(Tag::parse_bytes(b"v1").unwrap(), "v1");
    }
}
