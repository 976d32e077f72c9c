//! Huawei Cloud SWR: organizations (namespaces) and repositories (spec §1, §2).
//!
//! A repository name travels in two forms. The plain form (`library/nginx`) is what request
//! bodies carry; the URL path form (`library$nginx`) is the `{repository}` path parameter, where
//! each `/` is sent as `$`. [`Repository`] accepts either and compares by the name itself.

use crate::error::{limit, Error, Expected, Failure, Rule};
use crate::grammar::{
    before_byte, bounded, check, contains_byte, fail, first_byte, whole_components, PResult,
    Separated, Separators, LOWER,
};
use crate::kind::Kind;
use crate::name::{name_type, owned_type};
use core::fmt::{self, Write as _};
use nom::combinator::peek;
use nom::Parser;

#[cfg(feature = "alloc")]
pub use crate::tag::TagBuf;
pub use crate::tag::{Tag, MAX_TAG_LEN};

/// Longest namespace, in bytes.
pub const MAX_NAMESPACE_LEN: usize = 64;
/// Longest repository name, in bytes (in the path form each `$` counts as the `/` it stands for).
pub const MAX_REPOSITORY_LEN: usize = 128;

/// `.` | `_` | `__` | `-`+ between alphanumerics.
struct NamespaceSeparators;

impl Separated for NamespaceSeparators {
    const SEPARATORS: Separators = Separators::new(b"._-", true, Expected::SwrNamespaceRun);
}

/// The plain repository: `COMPONENT ("/" COMPONENT)*` is the same language as components whose
/// separators also include `/`, since a `/`, like any separator, sits between two alphanumerics.
struct PlainSeparators;

impl Separated for PlainSeparators {
    const SEPARATORS: Separators = Separators::new(b"._-/", true, Expected::SwrPlainRun)
        .misplaced(b'$', Rule::DollarInPlainForm);
}

/// The URL path form: the plain grammar with `$` in place of `/`.
struct PathSeparators;

impl Separated for PathSeparators {
    const SEPARATORS: Separators =
        Separators::new(b"._-$", true, Expected::SwrPathRun).misplaced(b'/', Rule::SlashInPathForm);
}

/// `[a-z] [a-z0-9]* (SEP ALNUM+)*`, 1..=64 bytes.
pub(crate) fn namespace(input: &[u8]) -> PResult<'_> {
    bounded(
        1,
        const { limit(MAX_NAMESPACE_LEN) },
        Expected::TheNamespace,
        input,
    )?;
    peek(first_byte(&LOWER, Expected::LowerLetter)).parse(input)?;
    whole_components::<NamespaceSeparators>(input)
}

/// A repository name is 1..=128 bytes, in either form.
#[inline(always)]
fn repository_length(input: &[u8]) -> Result<(), nom::Err<Failure>> {
    bounded(
        1,
        const { limit(MAX_REPOSITORY_LEN) },
        Expected::TheRepositoryName,
        input,
    )
}

/// `COMPONENT ("/" COMPONENT)*`
pub(crate) fn plain_repository(input: &[u8]) -> PResult<'_> {
    repository_length(input)?;
    whole_components::<PlainSeparators>(input)
}

/// The URL path form: the plain grammar with `$` for `/`. A rejected name that holds a `/` is
/// `slash-in-path-form` at its first `/`, whatever else is wrong: that is the mistake a client
/// makes when it forgets to encode (a valid name has no `/`, so only a rejected one is searched).
fn repository_path(input: &[u8]) -> PResult<'_> {
    repository_length(input)
        .and_then(|()| whole_components::<PathSeparators>(input))
        .or_else(|failure| {
            if contains_byte(b'/', input) {
                let slash = &input[before_byte(b'/', input)..];
                fail(slash, Rule::SlashInPathForm, Expected::Dollar)
            } else {
                Err(failure)
            }
        })
}

#[inline(never)]
pub(crate) fn check_namespace(input: &[u8]) -> Result<(), Error> {
    check(Kind::SwrNamespace, input, namespace)
}

#[inline(never)]
pub(crate) fn check_repository(input: &[u8]) -> Result<(), Error> {
    check(Kind::SwrRepository, input, plain_repository)
}

#[inline(never)]
pub(crate) fn check_repository_path(input: &[u8]) -> Result<(), Error> {
    check(Kind::SwrRepositoryPath, input, repository_path)
}

name_type! {
    /// An SWR organization name (spec §1): `group`, `my-org`, `a.b_c-d9`.
    ///
    /// 1 to 64 bytes, a lowercase letter first; lowercase letters and digits joined by one
    /// separator at a time: `.`, `_`, `__` or a run of `-`.
    ///
    /// ```
    /// use registry_names::{swr::Namespace, Rule};
    /// assert_eq!(Namespace::parse("my--org")?.as_str(), "my--org");
    /// let err = Namespace::parse("my___org").unwrap_err();
    /// assert_eq!((err.rule(), err.offset()), (Rule::TooManyUnderscores, 4));
    /// # Ok::<(), registry_names::Error>(())
    /// ```
    Namespace, NamespaceBuf, Kind::SwrNamespace, check_namespace
}

/// An SWR repository name (spec §2), from its plain form or its `$`-encoded URL path form.
///
/// Validation never allocates. The value remembers which form it was given:
/// [`as_str`](Self::as_str) returns that text unchanged, while `Display`, comparisons and hashing
/// use the name itself (so `library$nginx` from a URL equals `library/nginx` from a body).
/// `Display` writes the plain form without allocating; [`name`](Self::name) returns it as a
/// `Cow` that allocates only when a `$` had to be decoded, and [`path_segment`](Self::path_segment)
/// likewise allocates only when a `/` has to be encoded.
///
/// ```
/// use registry_names::swr::Repository;
/// let from_url = Repository::from_path_segment("library$nginx")?;
/// assert_eq!(from_url, "library/nginx");
/// assert_eq!(from_url.to_string(), "library/nginx");
/// assert_eq!(from_url.as_str(), "library$nginx");
///
/// let from_body = Repository::parse("library/nginx")?;
/// assert_eq!(from_body, from_url);
/// assert_eq!(from_body.path_segment(), "library$nginx");
/// assert_eq!(from_body.components().collect::<Vec<_>>(), ["library", "nginx"]);
/// # Ok::<(), registry_names::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Repository<'a> {
    text: &'a str,
    path_form: bool,
}

impl<'a> Repository<'a> {
    /// The kind of name this type holds in its plain form.
    pub const KIND: Kind = Kind::SwrRepository;

    /// Validates a plain name (`library/nginx`), as in a request body. Never allocates.
    pub fn parse(plain: &'a str) -> Result<Self, Error> {
        check_repository(plain.as_bytes())?;
        Ok(Self::from_valid(plain))
    }

    /// [`Self::parse`] for raw bytes.
    pub fn parse_bytes(plain: &'a [u8]) -> Result<Self, Error> {
        check_repository(plain)?;
        crate::name::utf8(Kind::SwrRepository, plain).map(Self::from_valid)
    }

    /// Validates the URL path form (`library$nginx`), in which a `/` is an error
    /// ([`Rule::SlashInPathForm`]). Never allocates.
    pub fn from_path_segment(encoded: &'a str) -> Result<Self, Error> {
        Self::from_path_segment_bytes(encoded.as_bytes())
    }

    /// [`Self::from_path_segment`] for raw bytes.
    pub fn from_path_segment_bytes(encoded: &'a [u8]) -> Result<Self, Error> {
        check_repository_path(encoded)?;
        let text = crate::name::utf8(Kind::SwrRepositoryPath, encoded)?;
        Ok(Repository {
            text,
            path_form: true,
        })
    }

    pub(crate) const fn from_valid(plain: &'a str) -> Self {
        Repository {
            text: plain,
            path_form: false,
        }
    }

    /// Wraps a path-form name that was validated before.
    #[cfg(feature = "request")]
    pub(crate) const fn from_valid_path(encoded: &'a str) -> Self {
        Repository {
            text: encoded,
            path_form: true,
        }
    }

    /// The text as it was given: plain from [`Self::parse`], `$`-encoded from
    /// [`Self::from_path_segment`].
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// Whether the value came from the URL path form.
    pub const fn is_path_form(&self) -> bool {
        self.path_form
    }

    fn path_byte(&self) -> u8 {
        if self.path_form {
            b'$'
        } else {
            b'/'
        }
    }

    /// The `/`-separated components of the name (`library`, `nginx`), whichever form it came in.
    pub fn components(&self) -> impl Iterator<Item = &'a str> + 'a {
        let sep = self.path_byte() as char;
        self.text.split(sep)
    }

    /// The name in plain form; allocates only if a `$` had to be decoded.
    #[cfg(feature = "alloc")]
    pub fn name(&self) -> alloc::borrow::Cow<'a, str> {
        if self.path_form && self.text.contains('$') {
            alloc::borrow::Cow::Owned(self.text.replace('$', "/"))
        } else {
            alloc::borrow::Cow::Borrowed(self.text)
        }
    }

    /// The name in URL path form; allocates only if a `/` had to be encoded.
    #[cfg(feature = "alloc")]
    pub fn path_segment(&self) -> alloc::borrow::Cow<'a, str> {
        if !self.path_form && self.text.contains('/') {
            alloc::borrow::Cow::Owned(self.text.replace('/', "$"))
        } else {
            alloc::borrow::Cow::Borrowed(self.text)
        }
    }

    /// Writes the URL path form without allocating.
    pub fn display_path_segment(&self) -> impl fmt::Display + 'a {
        Joined {
            parts: *self,
            with: '$',
        }
    }

    /// Copies the name, in plain form, into its owned form.
    #[cfg(feature = "alloc")]
    pub fn into_owned(self) -> RepositoryBuf {
        RepositoryBuf(self.name().into_owned())
    }

    /// The name's bytes in plain form, one at a time: the basis of equality, order and hashing.
    fn plain_bytes(&self) -> impl Iterator<Item = u8> + 'a {
        let path_form = self.path_form;
        self.text
            .bytes()
            .map(move |b| if path_form && b == b'$' { b'/' } else { b })
    }
}

/// A repository's components joined by one character.
struct Joined<'a> {
    parts: Repository<'a>,
    with: char,
}

impl fmt::Display for Joined<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.parts.components().enumerate() {
            if i > 0 {
                f.write_char(self.with)?;
            }
            f.write_str(part)?;
        }
        Ok(())
    }
}

impl fmt::Display for Repository<'_> {
    /// Writes the plain form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path_form {
            Joined {
                parts: *self,
                with: '/',
            }
            .fmt(f)
        } else {
            f.write_str(self.text)
        }
    }
}

impl PartialEq for Repository<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.text.len() == other.text.len() && self.plain_bytes().eq(other.plain_bytes())
    }
}

impl Eq for Repository<'_> {}

impl PartialOrd for Repository<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Repository<'_> {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.plain_bytes().cmp(other.plain_bytes())
    }
}

impl core::hash::Hash for Repository<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        // Hashes like `str` does for the plain form, so lookups by plain name agree.
        for b in self.plain_bytes() {
            state.write_u8(b);
        }
        state.write_u8(0xff);
    }
}

impl PartialEq<str> for Repository<'_> {
    /// Compares with a name in plain form.
    fn eq(&self, plain: &str) -> bool {
        self.text.len() == plain.len() && self.plain_bytes().eq(plain.bytes())
    }
}

impl PartialEq<&str> for Repository<'_> {
    fn eq(&self, plain: &&str) -> bool {
        *self == **plain
    }
}

impl PartialEq<Repository<'_>> for str {
    fn eq(&self, other: &Repository<'_>) -> bool {
        *other == *self
    }
}

impl PartialEq<Repository<'_>> for &str {
    fn eq(&self, other: &Repository<'_>) -> bool {
        *other == **self
    }
}

impl AsRef<str> for Repository<'_> {
    /// The text as given; see [`Repository::as_str`].
    fn as_ref(&self) -> &str {
        self.text
    }
}

impl core::ops::Deref for Repository<'_> {
    type Target = str;
    /// The text as given; see [`Repository::as_str`].
    fn deref(&self) -> &str {
        self.text
    }
}

impl<'a> TryFrom<&'a str> for Repository<'a> {
    type Error = Error;
    /// Parses the plain form.
    fn try_from(plain: &'a str) -> Result<Self, Error> {
        Self::parse(plain)
    }
}

impl<'a> TryFrom<&'a [u8]> for Repository<'a> {
    type Error = Error;
    /// Parses the plain form.
    fn try_from(plain: &'a [u8]) -> Result<Self, Error> {
        Self::parse_bytes(plain)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Repository<'_> {
    /// Serializes the plain form.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

owned_type!(Repository, RepositoryBuf);

#[cfg(feature = "alloc")]
impl RepositoryBuf {
    /// The name in URL path form; allocates only if the name has a `/`.
    pub fn path_segment(&self) -> alloc::borrow::Cow<'_, str> {
        self.as_name().path_segment()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(result: Result<impl Sized, Error>) -> Result<(), (Rule, usize)> {
        result.map(|_| ()).map_err(|e| (e.rule(), e.offset()))
    }

    #[test]
    fn namespace_spec_examples() {
        for ok in ["group", "a", "my-org", "my--org", "my__org", "a.b_c-d9"] {
            assert_eq!(verdict(Namespace::parse(ok)), Ok(()), "{ok}");
        }
        let too_long = "a".repeat(65);
        let cases: [(&str, Rule, usize); 8] = [
            ("", Rule::Empty, 0),
            ("1org", Rule::InvalidStart, 0),
            ("org-", Rule::TrailingSeparator, 3),
            ("my___org", Rule::TooManyUnderscores, 4),
            ("my._org", Rule::AdjacentSeparators, 3),
            ("my..org", Rule::AdjacentSeparators, 3),
            ("My-org", Rule::InvalidStart, 0),
            (&too_long, Rule::TooLong, 64),
        ];
        for (input, rule, offset) in cases {
            assert_eq!(
                verdict(Namespace::parse(input)),
                Err((rule, offset)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn namespace_length_boundary() {
        assert!(Namespace::parse(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn namespace_separator_rules() {
        assert_eq!(
            verdict(Namespace::parse("a-.b")),
            Err((Rule::AdjacentSeparators, 2))
        );
        assert_eq!(
            verdict(Namespace::parse("a--_b")),
            Err((Rule::AdjacentSeparators, 3))
        );
        assert_eq!(
            verdict(Namespace::parse("a.-b")),
            Err((Rule::AdjacentSeparators, 2))
        );
        assert_eq!(verdict(Namespace::parse("a---b")), Ok(()));
        assert_eq!(
            verdict(Namespace::parse("a__")),
            Err((Rule::TrailingSeparator, 1))
        );
        assert_eq!(
            verdict(Namespace::parse("a/b")),
            Err((Rule::InvalidCharacter, 1))
        );
        assert_eq!(
            verdict(Namespace::parse("aB")),
            Err((Rule::InvalidCharacter, 1))
        );
        assert_eq!(
            verdict(Namespace::parse("a-B")),
            Err((Rule::InvalidCharacter, 2))
        );
        assert_eq!(
            verdict(Namespace::parse(".a")),
            Err((Rule::InvalidStart, 0))
        );
        assert_eq!(
            verdict(Namespace::parse("nginx\n")),
            Err((Rule::InvalidCharacter, 5))
        );
        assert_eq!(
            verdict(Namespace::parse(" nginx")),
            Err((Rule::InvalidStart, 0))
        );
    }

    #[test]
    fn namespace_message_names_the_rule_and_offset() {
        let err = Namespace::parse("my._org").unwrap_err();
        assert_eq!(
            err.with_input("my._org").to_string(),
            r#"invalid SWR namespace "my._org": '.' and '_' cannot be adjacent (byte 3)"#
        );
        assert_eq!(err.kind(), Kind::SwrNamespace);
    }

    #[test]
    fn repository_spec_examples() {
        for ok in ["busybox", "library/nginx", "a/b/c", "my--repo"] {
            assert_eq!(verdict(Repository::parse(ok)), Ok(()), "{ok}");
        }
        assert_eq!(
            verdict(Repository::from_path_segment("library$nginx")),
            Ok(())
        );
        let cases: [(&str, Rule, usize); 3] = [
            ("Library", Rule::InvalidStart, 0),
            ("/nginx", Rule::InvalidStart, 0),
            ("nginx/", Rule::TrailingSeparator, 5),
        ];
        for (input, rule, offset) in cases {
            assert_eq!(
                verdict(Repository::parse(input)),
                Err((rule, offset)),
                "{input:?}"
            );
        }
        assert_eq!(
            verdict(Repository::parse("a$b")),
            Err((Rule::DollarInPlainForm, 1))
        );
        assert_eq!(
            verdict(Repository::from_path_segment("a/b")),
            Err((Rule::SlashInPathForm, 1))
        );
        assert_eq!(
            verdict(Repository::from_path_segment("a$$b")),
            Err((Rule::AdjacentSeparators, 2))
        );
        assert_eq!(
            verdict(Repository::from_path_segment("$a")),
            Err((Rule::InvalidStart, 0))
        );
    }

    #[test]
    fn repository_slash_rules() {
        assert_eq!(
            verdict(Repository::parse("a//b")),
            Err((Rule::AdjacentSeparators, 2))
        );
        assert_eq!(
            verdict(Repository::parse("a/-b")),
            Err((Rule::AdjacentSeparators, 2))
        );
        assert_eq!(
            verdict(Repository::parse("a/")),
            Err((Rule::TrailingSeparator, 1))
        );
        assert_eq!(
            verdict(Repository::parse("a-/b")),
            Err((Rule::AdjacentSeparators, 2))
        );
        assert_eq!(
            verdict(Repository::parse("a__/b")),
            Err((Rule::AdjacentSeparators, 3))
        );
    }

    #[test]
    fn repository_length_counts_dollar_as_one_byte() {
        let max = format!("{}/{}", "a".repeat(63), "b".repeat(64));
        assert_eq!(max.len(), MAX_REPOSITORY_LEN);
        assert!(Repository::parse(&max).is_ok());
        let encoded = max.replace('/', "$");
        assert!(Repository::from_path_segment(&encoded).is_ok());
        let over = format!("{encoded}c");
        assert_eq!(
            verdict(Repository::from_path_segment(&over)),
            Err((Rule::TooLong, 128))
        );
    }

    #[test]
    fn path_form_slash_wins_over_other_errors() {
        assert_eq!(
            verdict(Repository::from_path_segment("A/b")),
            Err((Rule::SlashInPathForm, 1))
        );
        let long = format!("{}/", "a".repeat(200));
        assert_eq!(
            verdict(Repository::from_path_segment(&long)),
            Err((Rule::SlashInPathForm, 200))
        );
    }

    #[test]
    fn forms_compare_and_hash_by_name() {
        use core::hash::{Hash, Hasher};
        #[derive(Default)]
        struct Bytes(std::vec::Vec<u8>);
        impl Hasher for Bytes {
            fn finish(&self) -> u64 {
                0
            }
            fn write(&mut self, bytes: &[u8]) {
                self.0.extend_from_slice(bytes)
            }
        }
        let hash = |r: &Repository<'_>| {
            let mut h = Bytes::default();
            r.hash(&mut h);
            h.0
        };
        let plain = Repository::parse("a/b-c").unwrap();
        let path = Repository::from_path_segment("a$b-c").unwrap();
        assert_eq!(plain, path);
        assert_eq!(hash(&plain), hash(&path));
        assert_ne!(plain, Repository::parse("a/b-d").unwrap());
        assert_eq!(path.name(), "a/b-c");
        assert_eq!(plain.path_segment(), "a$b-c");
        assert_eq!(path.display_path_segment().to_string(), "a$b-c");
        assert!(matches!(
            Repository::parse("ab").unwrap().path_segment(),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(path.into_owned().as_str(), "a/b-c");
    }

    #[test]
    fn owned_forms_validate() {
        assert_eq!("my-org".parse::<NamespaceBuf>().unwrap(), "my-org");
        assert_eq!(
            "My".parse::<NamespaceBuf>().unwrap_err().rule(),
            Rule::InvalidStart
        );
        assert_eq!(
            RepositoryBuf::try_from(std::string::String::from("a/b"))
                .unwrap()
                .path_segment(),
            "a$b"
        );
        assert!(RepositoryBuf::try_from("a$b").is_err());
    }
}
