//! OCI: content digests (docs/grammars.md §7, Quay's `manifest_digest`) and distribution's
//! repository name, the PATH of an image reference (§10).
//!
//! ```ebnf
//! DIGEST    ::= "sha256:" HEX64 | "sha512:" HEX128 | "blake3:" HEX64
//!             | ( ALGORITHM - ( "sha256" | "sha512" | "blake3" ) ) ":" ENCODED
//! ALGORITHM ::= ALNUM+ ( [+._-] ALNUM+ )*
//! ENCODED   ::= [a-zA-Z0-9=_-]+
//! HEX       ::= [a-f0-9]                 /* HEX64: exactly 64, HEX128: exactly 128 */
//! PULLABLE  ::= ( "sha256" | "blake3" ) ":" HEX64 | "sha384:" HEX96 | "sha512:" HEX128
//!                                        /* an image reference's DIGEST (§10) */
//! PATH      ::= COMPONENT ( "/" COMPONENT )*    /* at most 255 bytes */
//! COMPONENT ::= ALNUM+ ( SEP ALNUM+ )*
//! ALNUM     ::= [a-z0-9]
//! SEP       ::= "." | "_" | "__" | "-"+
//! ```
//!
//! Decision (§7): the registered algorithms are checked exactly (length, lowercase hex); any
//! other algorithm passes on the grammar alone, and [`Algorithm::is_registered`] says so.
//! Decision (§10): the DIGEST of an image reference is one a client can pull by, so there only
//! `sha256`, `sha384`, `sha512` and `blake3` pass, each checked exactly.

use crate::error::{Error, Expected, Failure, Rule};
use crate::grammar::{
    before_byte, check, components, end, fail, long_components, lower_hex_span, run0,
    short_run_before, ByteSet, PResult, Separated, Separators,
};
use crate::kind::Kind;
use crate::name::name_type;
use nom::{Err, Parser};

/// `[+._-]` between `[a-z0-9]` runs, one at a time, ended by `:`.
struct AlgorithmSeparators;

impl Separated for AlgorithmSeparators {
    const SEPARATORS: Separators = Separators::new(b"+._-", false, Expected::Nothing)
        .terminated_by(b":", Expected::AlgorithmThenColon);
}

/// `[a-zA-Z0-9=_-]`
const ENCODED_BYTE: ByteSet = crate::grammar::WORD.with(b"=-");

/// `ALGORITHM ":" ENCODED`, with the registered algorithms' lengths checked exactly.
pub(crate) fn digest(input: &[u8]) -> PResult<'_> {
    // A registered name is a valid algorithm run, so the run's scan can be skipped for the
    // digests nearly every request carries (the proptest below pins this to `plain_digest`).
    if let (Some(name), Some(b':')) = (input.get(..6), input.get(6)) {
        if let Some(algorithm) = Algorithm::registered(name) {
            return encoded(Some(algorithm), &input[7..]);
        }
    }
    plain_digest(input)
}

/// [`digest`] read straight from the grammar (without the registered names' shortcut).
pub(crate) fn plain_digest(input: &[u8]) -> PResult<'_> {
    let (rest, algorithm) = components::<AlgorithmSeparators>()(input)?;
    let encoded_part = match rest.split_first() {
        Some((b':', encoded)) => encoded,
        Some((&b, _)) => return Err(AlgorithmSeparators::SEPARATORS.stray(b, rest).into()),
        None => return fail(rest, Rule::MissingColon, Expected::Colon),
    };
    encoded(Algorithm::registered(algorithm), encoded_part)
}

/// The part after the `:`: exact hex for a registered algorithm, the `ENCODED` grammar else.
fn encoded<'a>(algorithm: Option<Algorithm<'static>>, encoded: &'a [u8]) -> PResult<'a> {
    match algorithm {
        Some(Algorithm::Sha256) => hex(encoded, 64, Expected::Sha256),
        Some(Algorithm::Sha512) => hex(encoded, 128, Expected::Sha512),
        Some(Algorithm::Blake3) => hex(encoded, 64, Expected::Blake3),
        _ => {
            if encoded.is_empty() {
                return fail(encoded, Rule::Empty, Expected::TheEncodedDigest);
            }
            (run0(&ENCODED_BYTE), end(Expected::EncodedBytes))
                .parse(encoded)
                .map(|(rest, _)| (rest, ()))
        }
    }
}

/// Exactly `digits` lowercase hex digits.
#[inline(always)]
fn hex<'a>(input: &'a [u8], digits: u8, algorithm: Expected) -> PResult<'a> {
    let digits_len = usize::from(digits);
    let run = lower_hex_span(input);
    let length =
        |at: &'a [u8]| Err::from(Failure::at(at, Rule::DigestLength, algorithm).with_bound(digits));
    if run > digits_len {
        return Err(length(&input[digits_len..]));
    }
    match input.get(run) {
        None if run == digits_len => Ok((&input[run..], ())),
        None => Err(length(&input[run..])),
        Some(_) if run == digits_len => Err(length(&input[run..])),
        Some(b'A'..=b'F') => fail(&input[run..], Rule::UppercaseHex, Expected::LowerHex),
        Some(_) => fail(&input[run..], Rule::InvalidCharacter, Expected::LowerHex),
    }
}

/// The algorithms an image reference's DIGEST may use (docs/grammars.md §10: those docker,
/// containerd and the kubelet verify before they pull), with the hex digits each has.
const PULLABLE: [(&[u8], u8, Expected); 4] = [
    (b"sha256", 64, Expected::Sha256),
    (b"sha384", 96, Expected::Sha384),
    (b"sha512", 128, Expected::Sha512),
    (b"blake3", 64, Expected::Blake3),
];

/// The DIGEST of an image reference (docs/grammars.md §10): a digest a client can pull by, one
/// of [`PULLABLE`]'s algorithms, `:`, and exactly its number of lowercase hex digits. Any other
/// algorithm is `unsupported-algorithm` at its first byte, before the rest is read; `oci-digest`
/// (§7), which passes unregistered algorithms on their grammar, is [`digest`].
pub(crate) fn pullable_digest(input: &[u8]) -> PResult<'_> {
    if input.is_empty() {
        return fail(input, Rule::Empty, Expected::TheDigest);
    }
    let colon = before_byte(b':', input);
    let algorithm = &input[..colon];
    let Some(&(_, digits, expected)) = PULLABLE.iter().find(|(name, ..)| *name == algorithm) else {
        return fail(
            input,
            Rule::UnsupportedAlgorithm,
            Expected::PullableAlgorithm,
        );
    };
    match input.get(colon) {
        Some(b':') => hex(&input[colon + 1..], digits, expected),
        _ => fail(&input[colon..], Rule::MissingColon, Expected::Colon),
    }
}

/// Longest PATH of an image reference, in bytes: the repository name after the domain, before
/// any tag or digest (distribution/reference; its 2.8 release counted the domain too).
pub(crate) const MAX_PATH_LEN: usize = 255;

/// distribution's path components: `COMPONENT ("/" COMPONENT)*` is the component run whose
/// separators also include `/`, since a `/`, like any separator, sits between two
/// alphanumerics. Ended by a tag's `:` or a digest's `@`.
pub(crate) struct PathSeparators;

impl Separated for PathSeparators {
    const SEPARATORS: Separators = Separators::new(b"._-/", true, Expected::PathRun)
        .terminated_by(b":@", Expected::ReferencePathThenTag);
}

/// PATH, the repository name of an image reference (docs/grammars.md §10): components joined
/// by `/`, at most [`MAX_PATH_LEN`] bytes, up to the tag's `:`, the digest's `@` or the end.
///
/// A rule broken past the limit is reported as the limit (`too-long` at byte 255 of PATH): the
/// name is too long whatever else is wrong with it.
#[inline(always)]
pub(crate) fn path(input: &[u8]) -> PResult<'_> {
    // Most PATHs end within their first 64 bytes: the kernel finds the end and checks the run
    // before it whole, and only a longer or a broken one is read by the grammar.
    match short_run_before::<PathSeparators, 2>([b':', b'@'], input) {
        Some(end) => Ok((&input[end..], ())),
        None => path_grammar(input),
    }
}

/// [`path`] read by the component grammar alone.
#[inline(never)]
pub(crate) fn path_grammar(input: &[u8]) -> PResult<'_> {
    if matches!(input.first(), None | Some(b':' | b'@')) {
        return fail(input, Rule::Empty, Expected::TheReferenceName);
    }
    let too_long = || {
        let past = &input[input.len().min(MAX_PATH_LEN)..];
        Err(Failure::at(past, Rule::TooLong, Expected::TheReferenceName)
            .with_bound(const { crate::error::limit(MAX_PATH_LEN) })
            .into())
    };
    match long_components::<PathSeparators>()(input) {
        Ok((_, path)) if path.len() > MAX_PATH_LEN => too_long(),
        Ok((rest, _)) => match rest.first() {
            None | Some(b':' | b'@') => Ok((rest, ())),
            Some(&b) => Err(PathSeparators::SEPARATORS.stray(b, rest).into()),
        },
        Err(Err::Error(f) | Err::Failure(f)) if input.len() - f.rest_len > MAX_PATH_LEN => {
            too_long()
        }
        Err(e) => Err(e),
    }
}

#[inline(never)]
pub(crate) fn check_digest(input: &[u8]) -> Result<(), Error> {
    check(Kind::OciDigest, input, digest)
}

/// A digest algorithm. The registered ones have their encoded length checked exactly; any other
/// passes on the grammar alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm<'a> {
    /// `sha256`: 64 lowercase hex digits.
    Sha256,
    /// `sha512`: 128 lowercase hex digits.
    Sha512,
    /// `blake3`: 64 lowercase hex digits (registered in the image-spec's descriptor.md on main).
    Blake3,
    /// Any other algorithm that fits the grammar; its encoded part was not checked further.
    Other(&'a str),
}

impl<'a> Algorithm<'a> {
    /// The registered algorithm called `name`, if any. Bytes, so that validation needs no
    /// UTF-8 check.
    fn registered(name: &[u8]) -> Option<Algorithm<'static>> {
        match name {
            b"sha256" => Some(Algorithm::Sha256),
            b"sha512" => Some(Algorithm::Sha512),
            b"blake3" => Some(Algorithm::Blake3),
            _ => None,
        }
    }

    fn from_name(name: &'a str) -> Algorithm<'a> {
        Algorithm::registered(name.as_bytes()).unwrap_or(Algorithm::Other(name))
    }

    /// The algorithm's name as written in the digest.
    pub fn as_str(&self) -> &'a str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
            Algorithm::Blake3 => "blake3",
            Algorithm::Other(name) => name,
        }
    }

    /// Whether the encoded part was checked against this algorithm's exact format.
    pub fn is_registered(&self) -> bool {
        !matches!(self, Algorithm::Other(_))
    }
}

name_type! {
    /// An OCI content digest such as `sha256:` followed by 64 hex digits (docs/grammars.md §7).
    ///
    /// ```
    /// use registry_names::oci::{Algorithm, Digest};
    /// let hex = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";
    /// let text = format!("sha256:{hex}");
    /// let digest = Digest::parse(&text)?;
    /// assert_eq!(digest.algorithm(), Algorithm::Sha256);
    /// assert_eq!(digest.encoded(), hex);
    ///
    /// let err = Digest::parse(&text.to_uppercase()).unwrap_err();
    /// assert_eq!(err.rule(), registry_names::Rule::InvalidStart);
    /// # Ok::<(), registry_names::Error>(())
    /// ```
    Digest, DigestBuf, Kind::OciDigest, check_digest
}

impl<'a> Digest<'a> {
    fn split(&self) -> (&'a str, &'a str) {
        // Validation guarantees a `:`; the fallback keeps this panic-free regardless.
        self.0.split_once(':').unwrap_or((self.0, ""))
    }

    /// The algorithm, before the `:`.
    pub fn algorithm(&self) -> Algorithm<'a> {
        Algorithm::from_name(self.split().0)
    }

    /// The encoded part, after the `:`.
    pub fn encoded(&self) -> &'a str {
        self.split().1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    const HEX64: &str = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

    fn verdict<T>(result: Result<T, Error>) -> Result<(), (Rule, usize)> {
        result.map(|_| ()).map_err(|e| (e.rule(), e.offset()))
    }

    #[test]
    fn spec_valid_examples() {
        let sha256 = format!("sha256:{HEX64}");
        let digest = Digest::parse(&sha256).unwrap();
        assert_eq!(
            (digest.algorithm(), digest.encoded()),
            (Algorithm::Sha256, HEX64)
        );
        let sha512 = format!("sha512:{HEX64}{HEX64}");
        assert_eq!(
            Digest::parse(&sha512).unwrap().algorithm(),
            Algorithm::Sha512
        );
        let blake3 = format!("blake3:{HEX64}");
        let digest = Digest::parse(&blake3).unwrap();
        assert_eq!(
            (digest.algorithm(), digest.encoded()),
            (Algorithm::Blake3, HEX64)
        );
        assert!(digest.algorithm().is_registered());
        let other = "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8";
        let digest = Digest::parse(other).unwrap();
        assert_eq!(digest.algorithm(), Algorithm::Other("multihash+base58"));
        assert!(!digest.algorithm().is_registered());
        // The algorithm's name is the text before the `:`, registered or not.
        for text in [&*sha256, &*sha512, &*blake3, other] {
            let digest = Digest::parse(text).unwrap();
            assert_eq!(digest.algorithm().as_str(), text.split_once(':').unwrap().0);
        }
    }

    #[test]
    fn spec_invalid_examples() {
        let upper = format!("sha256:{}", HEX64.to_uppercase());
        assert_eq!(verdict(Digest::parse(&upper)), Err((Rule::UppercaseHex, 7)));
        let short = format!("sha256:{}", &HEX64[..63]);
        assert_eq!(
            verdict(Digest::parse(&short)),
            Err((Rule::DigestLength, 70))
        );
        let shouting = format!("SHA256:{HEX64}");
        assert_eq!(
            verdict(Digest::parse(&shouting)),
            Err((Rule::InvalidStart, 0))
        );
        assert_eq!(
            verdict(Digest::parse("sha256")),
            Err((Rule::MissingColon, 6))
        );
        assert_eq!(verdict(Digest::parse(":abc")), Err((Rule::InvalidStart, 0)));
    }

    #[test]
    fn registered_lengths_and_characters() {
        let long = format!("sha256:{HEX64}0");
        assert_eq!(verdict(Digest::parse(&long)), Err((Rule::DigestLength, 71)));
        let long_upper = format!("sha256:{HEX64}F");
        assert_eq!(
            verdict(Digest::parse(&long_upper)),
            Err((Rule::DigestLength, 71))
        );
        assert_eq!(
            verdict(Digest::parse("sha256:")),
            Err((Rule::DigestLength, 7))
        );
        let bad = format!("sha256:{}g", &HEX64[..63]);
        assert_eq!(
            verdict(Digest::parse(&bad)),
            Err((Rule::InvalidCharacter, 70))
        );
        let sha512_short = format!("sha512:{HEX64}");
        assert_eq!(
            verdict(Digest::parse(&sha512_short)),
            Err((Rule::DigestLength, 71))
        );
        assert_eq!(Digest::parse("sha256").unwrap_err().kind(), Kind::OciDigest);
    }

    #[test]
    fn blake3_is_checked_exactly_like_sha256() {
        let upper = format!("blake3:{}", HEX64.to_uppercase());
        assert_eq!(verdict(Digest::parse(&upper)), Err((Rule::UppercaseHex, 7)));
        let short = format!("blake3:{}", &HEX64[..63]);
        assert_eq!(
            verdict(Digest::parse(&short)),
            Err((Rule::DigestLength, 70))
        );
        let long = format!("blake3:{HEX64}0");
        assert_eq!(verdict(Digest::parse(&long)), Err((Rule::DigestLength, 71)));
        let not_hex = format!("blake3:{}g", &HEX64[..63]);
        assert_eq!(
            verdict(Digest::parse(&not_hex)),
            Err((Rule::InvalidCharacter, 70))
        );
        let err = Digest::parse(&short).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid OCI digest: a blake3 digest has exactly 64 hex digits (byte 70)"
        );
        // A name that only starts like it is another algorithm, on the grammar alone.
        assert_eq!(verdict(Digest::parse("blake3x:ABC")), Ok(()));
    }

    #[test]
    fn algorithm_grammar() {
        assert_eq!(verdict(Digest::parse("a.b_c-d+e:x")), Ok(()));
        assert_eq!(
            verdict(Digest::parse("sha256+:x")),
            Err((Rule::TrailingSeparator, 6))
        );
        assert_eq!(
            verdict(Digest::parse("a+-b:x")),
            Err((Rule::AdjacentSeparators, 2))
        );
        assert_eq!(verdict(Digest::parse("abc:")), Err((Rule::Empty, 4)));
        assert_eq!(
            verdict(Digest::parse("abc:x y")),
            Err((Rule::InvalidCharacter, 5))
        );
        assert_eq!(verdict(Digest::parse("abc:A=_-z")), Ok(()));
        assert_eq!(
            verdict(Digest::parse("aBc:x")),
            Err((Rule::InvalidCharacter, 1))
        );
        assert_eq!(verdict(Digest::parse("")), Err((Rule::Empty, 0)));
    }
}
