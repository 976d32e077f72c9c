//! Huawei Cloud SWR: organizations (namespaces) and repositories (docs/grammars.md §1, §2).
//!
//! ```ebnf
//! ALNUM           ::= [a-z0-9]
//! SEP             ::= "." | "_" | "__" | "-"+
//! COMPONENT       ::= ALNUM+ ( SEP ALNUM+ )*
//! NAMESPACE       ::= [a-z] ALNUM* ( SEP ALNUM+ )*     /* 1 to 64 bytes */
//! REPOSITORY      ::= COMPONENT ( "/" COMPONENT )*    /* plain form, 1 to 128 bytes */
//! REPOSITORY_PATH ::= COMPONENT ( "$" COMPONENT )*    /* URL path form, 1 to 128 bytes */
//! ```
//!
//! Decisions (§1, §2): the first byte of a namespace is a letter (the prose, stricter than the
//! published regex); two different separators, or two dots, never touch; `__` is allowed and
//! `___` is not; a run of `-` is allowed. A `/` in the path form is `slash-in-path-form` at its
//! first `/`, whatever else is wrong, and a `$` in the plain form is `dollar-in-plain-form`.
//!
//! A repository name travels in two forms. The plain form (`library/nginx`) is what request
//! bodies carry; the URL path form (`library$nginx`) is the `{repository}` path parameter, where
//! each `/` is sent as `$`. [`Repository`] holds the plain form and [`RepositoryPath`] the path
//! form; each shows, compares and hashes its own text, and the two are equal to each other when
//! they spell the same name.

use crate::error::{limit, Error, Expected, Failure, Rule};
use crate::grammar::{
    before_byte, bounded, check, contains_byte, fail, first_byte, whole_components, PResult,
    Separated, Separators, LOWER,
};
use crate::kind::Kind;
use crate::name::name_type;
use core::fmt::{self, Write as _};
use nom::combinator::peek;
use nom::Parser;

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
    const SEPARATORS: Separators =
        Separators::new(b"._-/", true, Expected::PathRun).misplaced(b'$', Rule::DollarInPlainForm);
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
    /// An SWR organization name (docs/grammars.md §1): `group`, `my-org`, `a.b_c-d9`.
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

name_type! {
    /// An SWR repository name in plain form (docs/grammars.md §2): `library/nginx`, as request bodies carry
    /// it. A `$` is an error here ([`Rule::DollarInPlainForm`]); the URL path form is
    /// [`RepositoryPath`].
    ///
    /// The plain form is this type's one view: [`as_str`](Self::as_str), `Deref`, `Display`,
    /// `Eq`, `Ord`, `Hash` and `Serialize` all use it. [`path_segment`](Self::path_segment) and
    /// [`display_path_segment`](Self::display_path_segment) give the other spelling.
    ///
    /// ```
    /// use registry_names::swr::{Repository, RepositoryPath};
    /// let from_body = Repository::parse("library/nginx")?;
    /// assert_eq!(from_body, "library/nginx");
    /// assert_eq!(from_body.path_segment(), "library$nginx");
    /// assert_eq!(from_body.components().collect::<Vec<_>>(), ["library", "nginx"]);
    ///
    /// // The same name, from a URL: equal across the two types, each showing its own spelling.
    /// let from_url = RepositoryPath::parse("library$nginx")?;
    /// assert_eq!(from_url, from_body);
    /// assert_eq!(from_url.to_string(), "library$nginx");
    /// assert_eq!(from_url.name(), "library/nginx");
    /// # Ok::<(), registry_names::Error>(())
    /// ```
    Repository, RepositoryBuf, Kind::SwrRepository, check_repository
}

impl<'a> Repository<'a> {
    /// The `/`-separated components of the name (`library`, `nginx`).
    pub fn components(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.0.split('/')
    }

    /// Writes the URL path form without allocating.
    pub fn display_path_segment(&self) -> impl fmt::Display + 'a {
        Recoded {
            text: self.0,
            from: '/',
            to: '$',
        }
    }
}

name_type! {
    /// An SWR repository name in URL path form (docs/grammars.md §2): `library$nginx`, as the `{repository}`
    /// path parameter carries it, each `/` of the name sent as `$`. A `/` is an error here
    /// ([`Rule::SlashInPathForm`]); the plain form is [`Repository`].
    ///
    /// The path form is this type's one view: [`as_str`](Self::as_str), `Deref`, `Display`,
    /// `Eq`, `Ord`, `Hash` and
    /// `Serialize` all show `library$nginx`, so the value round-trips through `FromStr`, serde
    /// and a URL unchanged. The name it stands for, `library/nginx`, is [`name`](Self::name) (a
    /// `Cow` that allocates only when a `$` is decoded) or [`display_name`](Self::display_name)
    /// (no allocation). Because `$` and `/` swap one for one, two values are equal exactly when
    /// their names are, and a value equals the [`Repository`] with the same name.
    ///
    /// ```
    /// use registry_names::swr::{Repository, RepositoryPath};
    /// let from_url = RepositoryPath::parse("library$nginx")?;
    /// assert_eq!(from_url.as_str(), "library$nginx");
    /// assert_eq!(from_url.name(), "library/nginx");
    /// assert_eq!(from_url.display_name().to_string(), "library/nginx");
    /// assert_eq!(from_url, Repository::parse("library/nginx")?);
    /// assert_eq!(
    ///     RepositoryPath::parse("library/nginx").unwrap_err().rule(),
    ///     registry_names::Rule::SlashInPathForm,
    /// );
    /// # Ok::<(), registry_names::Error>(())
    /// ```
    RepositoryPath, RepositoryPathBuf, Kind::SwrRepositoryPath, check_repository_path
}

impl<'a> RepositoryPath<'a> {
    /// Writes the name in plain form without allocating.
    pub fn display_name(&self) -> impl fmt::Display + 'a {
        Recoded {
            text: self.0,
            from: '$',
            to: '/',
        }
    }

    /// The components of the name (`library`, `nginx`), split at each `$`.
    pub fn components(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.0.split('$')
    }

    /// The name's bytes in plain form, one at a time.
    fn plain_bytes(&self) -> impl Iterator<Item = u8> + 'a {
        self.0.bytes().map(|b| if b == b'$' { b'/' } else { b })
    }

    /// Whether this is the URL path form of `plain`: compares without allocating.
    pub fn is_same_name(&self, plain: Repository<'_>) -> bool {
        self.0.len() == plain.0.len() && self.plain_bytes().eq(plain.0.bytes())
    }
}

/// Writes `text` with each `from` as `to`.
struct Recoded<'a> {
    text: &'a str,
    from: char,
    to: char,
}

impl fmt::Display for Recoded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.text.split(self.from).enumerate() {
            if i > 0 {
                f.write_char(self.to)?;
            }
            f.write_str(part)?;
        }
        Ok(())
    }
}

// The two spellings of one name are equal across the types (never within one type, where the
// text is compared): `library$nginx` from a URL is the `library/nginx` of a request body.

impl PartialEq<Repository<'_>> for RepositoryPath<'_> {
    fn eq(&self, plain: &Repository<'_>) -> bool {
        self.is_same_name(*plain)
    }
}

impl PartialEq<RepositoryPath<'_>> for Repository<'_> {
    fn eq(&self, path: &RepositoryPath<'_>) -> bool {
        path.is_same_name(*self)
    }
}

/// What needs an allocator (feature `alloc`): the spellings as owned values and `Cow`s, and the
/// owned forms' conversions and comparisons across the two spellings.
#[cfg(feature = "alloc")]
mod owned {
    use super::*;
    use alloc::borrow::Cow;

    impl<'a> Repository<'a> {
        /// The name in URL path form; allocates only if a `/` has to be encoded.
        #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
        pub fn path_segment(&self) -> Cow<'a, str> {
            recode(self.0, '/', '$')
        }

        /// The same name in URL path form, as a [`RepositoryPath`]; allocates only if a `/` has to be
        /// encoded.
        #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
        pub fn to_path_form(&self) -> RepositoryPathBuf {
            RepositoryPathBuf::from_valid_string(self.0.replace('/', "$"))
        }
    }

    impl<'a> RepositoryPath<'a> {
        /// The name in plain form; allocates only if a `$` has to be decoded.
        #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
        pub fn name(&self) -> Cow<'a, str> {
            recode(self.0, '$', '/')
        }

        /// The same name in plain form, as a [`RepositoryBuf`].
        #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
        pub fn to_plain_form(&self) -> RepositoryBuf {
            RepositoryBuf::from_valid_string(self.0.replace('$', "/"))
        }
    }

    /// `text` with each `from` written as `to`; borrowed when there is none.
    fn recode(text: &str, from: char, to: char) -> Cow<'_, str> {
        if text.contains(from) {
            let mut buf = [0; 4];
            Cow::Owned(text.replace(from, to.encode_utf8(&mut buf)))
        } else {
            Cow::Borrowed(text)
        }
    }

    impl PartialEq<RepositoryBuf> for RepositoryPathBuf {
        fn eq(&self, plain: &RepositoryBuf) -> bool {
            self.as_name().is_same_name(plain.as_name())
        }
    }

    impl PartialEq<RepositoryPathBuf> for RepositoryBuf {
        fn eq(&self, path: &RepositoryPathBuf) -> bool {
            path.as_name().is_same_name(self.as_name())
        }
    }

    impl From<RepositoryPathBuf> for RepositoryBuf {
        /// Decodes each `$` to `/`.
        fn from(path: RepositoryPathBuf) -> Self {
            path.as_name().to_plain_form()
        }
    }

    impl From<RepositoryBuf> for RepositoryPathBuf {
        /// Encodes each `/` as `$`.
        fn from(plain: RepositoryBuf) -> Self {
            plain.as_name().to_path_form()
        }
    }

    impl RepositoryBuf {
        /// The name in URL path form; allocates only if the name has a `/`.
        pub fn path_segment(&self) -> Cow<'_, str> {
            self.as_name().path_segment()
        }
    }

    impl RepositoryPathBuf {
        /// The name in plain form; allocates only if a `$` has to be decoded.
        pub fn name(&self) -> Cow<'_, str> {
            self.as_name().name()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_the_slash_separated_parts() {
        let plain = Repository::parse("library/nginx").unwrap();
        assert!(plain.components().eq(["library", "nginx"]));
        assert!(Repository::parse("busybox")
            .unwrap()
            .components()
            .eq(["busybox"]));
    }

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
        assert_eq!(verdict(RepositoryPath::parse("library$nginx")), Ok(()));
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
            verdict(RepositoryPath::parse("a/b")),
            Err((Rule::SlashInPathForm, 1))
        );
        assert_eq!(
            verdict(RepositoryPath::parse("a$$b")),
            Err((Rule::AdjacentSeparators, 2))
        );
        assert_eq!(
            verdict(RepositoryPath::parse("$a")),
            Err((Rule::InvalidStart, 0))
        );
        // The other form's separator is named even at the first byte; any other stray byte is
        // just an invalid character.
        let cases: [(&str, bool, Rule, usize); 4] = [
            ("$ab", false, Rule::DollarInPlainForm, 0),
            ("/ab", true, Rule::SlashInPathForm, 0),
            ("ab+c", false, Rule::InvalidCharacter, 2),
            ("ab+c", true, Rule::InvalidCharacter, 2),
        ];
        for (input, path_form, rule, offset) in cases {
            let parsed = if path_form {
                verdict(RepositoryPath::parse(input))
            } else {
                verdict(Repository::parse(input))
            };
            assert_eq!(
                parsed,
                Err((rule, offset)),
                "{input:?}, path form {path_form}"
            );
        }
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
        assert!(RepositoryPath::parse(&encoded).is_ok());
        let over = format!("{encoded}c");
        assert_eq!(
            verdict(RepositoryPath::parse(&over)),
            Err((Rule::TooLong, 128))
        );
    }

    #[test]
    fn path_form_slash_wins_over_other_errors() {
        assert_eq!(
            verdict(RepositoryPath::parse("A/b")),
            Err((Rule::SlashInPathForm, 1))
        );
        let long = format!("{}/", "a".repeat(200));
        assert_eq!(
            verdict(RepositoryPath::parse(&long)),
            Err((Rule::SlashInPathForm, 200))
        );
    }

    /// What `Hash` feeds a hasher, to compare with what `str` feeds it.
    fn hashed<T: core::hash::Hash + ?Sized>(value: &T) -> std::vec::Vec<u8> {
        use core::hash::Hasher;
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
        let mut h = Bytes::default();
        value.hash(&mut h);
        h.0
    }

    #[test]
    fn each_form_shows_compares_and_hashes_its_own_text() {
        let plain = Repository::parse("a/b-c").unwrap();
        let path = RepositoryPath::parse("a$b-c").unwrap();
        for (shown, text) in [
            (&*plain, "a/b-c"),
            (plain.as_str(), "a/b-c"),
            (&*path, "a$b-c"),
            (path.as_str(), "a$b-c"),
        ] {
            assert_eq!(shown, text);
        }
        assert_eq!(plain.to_string(), "a/b-c");
        assert_eq!(path.to_string(), "a$b-c");
        assert_eq!(hashed(&plain), hashed("a/b-c"));
        assert_eq!(hashed(&path), hashed("a$b-c"));
        assert_eq!(path, "a$b-c");
        assert_ne!(path, "a/b-c");
        // Across the types, by the name.
        assert_eq!(plain, path);
        assert_eq!(path, plain);
        assert_ne!(path, Repository::parse("a/b-d").unwrap());
        assert_ne!(Repository::parse("a").unwrap(), path);
        assert_eq!(path.name(), "a/b-c");
        assert_eq!(path.display_name().to_string(), "a/b-c");
        assert_eq!(
            path.components().collect::<std::vec::Vec<_>>(),
            ["a", "b-c"]
        );
        assert_eq!(plain.path_segment(), "a$b-c");
        assert_eq!(plain.display_path_segment().to_string(), "a$b-c");
        assert!(matches!(
            Repository::parse("ab").unwrap().path_segment(),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(
            RepositoryPath::parse("ab").unwrap().name(),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(path.into_owned().as_str(), "a$b-c");
        assert_eq!(path.to_plain_form(), "a/b-c");
        assert_eq!(plain.to_path_form(), "a$b-c");
    }

    #[test]
    fn owned_forms_validate_and_convert() {
        assert_eq!("my-org".parse::<NamespaceBuf>().unwrap(), "my-org");
        assert_eq!(
            "My".parse::<NamespaceBuf>().unwrap_err().rule(),
            Rule::InvalidStart
        );
        let plain = RepositoryBuf::try_from(std::string::String::from("a/b")).unwrap();
        assert_eq!(plain.path_segment(), "a$b");
        assert_eq!(
            RepositoryBuf::try_from("a$b").unwrap_err().rule(),
            Rule::DollarInPlainForm
        );
        let path: RepositoryPathBuf = "a$b".parse().unwrap();
        assert_eq!((path.as_str(), &*path.name()), ("a$b", "a/b"));
        assert_eq!(path, plain);
        assert_eq!(plain, path);
        // A different name, in either form, is not the same repository.
        let other: RepositoryPathBuf = "a$c".parse().unwrap();
        assert_ne!(other, plain);
        assert_ne!(plain, other);
        assert_eq!(RepositoryBuf::from(path.clone()), plain);
        assert_eq!(RepositoryPathBuf::from(plain.clone()), path);
        assert_eq!(
            RepositoryPathBuf::try_from("a/b").unwrap_err().rule(),
            Rule::SlashInPathForm
        );
        let mut set = std::collections::HashSet::new();
        set.insert(path.clone());
        assert!(set.contains("a$b"));
        assert!(!set.contains("a/b"));
    }
}
