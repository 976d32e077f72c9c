//! The crate's one error type, the rules it names, and the grammar failure it is built from.

use crate::kind::Kind;

mod render;

crate::id::id_enum! {
    /// The rule an input broke. Each has a stable kebab-case id ([`Rule::id`]), e.g.
    /// `adjacent-separators`, which `Display` writes and [`Rule::from_id`] reads back.
    ///
    /// ```
    /// use registry_names::Rule;
    /// assert_eq!(Rule::from_id("too-long"), Some(Rule::TooLong));
    /// assert_eq!(Rule::from_id("TooLong"), None);
    /// assert_eq!(Rule::TooLong.to_string(), "too-long");
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[non_exhaustive]
    pub enum Rule {
        /// The input (or a required part of it) is empty.
        Empty = "empty",
        /// The input is shorter than the grammar's minimum.
        TooShort = "too-short",
        /// The input is longer than the grammar's maximum.
        TooLong = "too-long",
        /// The first byte of the name, or of one of its parts, is not allowed there.
        InvalidStart = "invalid-start",
        /// A byte that the grammar does not allow at this position.
        InvalidCharacter = "invalid-character",
        /// Two separators touch (`._`, `-.`, `..`, `//`, …).
        AdjacentSeparators = "adjacent-separators",
        /// More than two underscores in a row.
        TooManyUnderscores = "too-many-underscores",
        /// The name ends with a separator.
        TrailingSeparator = "trailing-separator",
        /// A `/` in the `$`-encoded URL path form of an SWR repository.
        SlashInPathForm = "slash-in-path-form",
        /// A `$` in the plain form of an SWR repository.
        DollarInPlainForm = "dollar-in-plain-form",
        /// A Quay repository path without the `/name` part.
        MissingName = "missing-name",
        /// An empty `/`-separated segment in a Quay repository path.
        EmptySegment = "empty-segment",
        /// A tag filter without an `op:` prefix.
        MissingFilterOp = "missing-filter-op",
        /// A tag filter whose op is not `like` or `eq`.
        UnknownFilterOp = "unknown-filter-op",
        /// A digest without the `:` between algorithm and encoded part.
        MissingColon = "missing-colon",
        /// A registered digest algorithm with the wrong number of hex digits.
        DigestLength = "digest-length",
        /// An uppercase hex digit in a registered digest algorithm.
        UppercaseHex = "uppercase-hex",
        /// A git name starting with `-`.
        LeadingDash = "leading-dash",
        /// A git name that is reserved (`HEAD`, or a refname that is just `@`).
        ReservedName = "reserved-name",
        /// A git refname component starting with `.`.
        DotAtComponentStart = "dot-at-component-start",
        /// A git refname component ending with `.lock`.
        LockSuffix = "lock-suffix",
        /// `..` in a git refname.
        DoubleDot = "double-dot",
        /// `@{` in a git refname.
        AtBrace = "at-brace",
        /// A git refname starting with `/`.
        LeadingSlash = "leading-slash",
        /// A git refname ending with `/`.
        TrailingSlash = "trailing-slash",
        /// `//` in a git refname.
        DoubleSlash = "double-slash",
        /// A git refname ending with `.`.
        TrailingDot = "trailing-dot",
        /// A full git refname with a single component (`main` instead of `refs/heads/main`).
        OneLevel = "one-level",
        /// Bytes that are not UTF-8 where a `&str` value is requested.
        InvalidUtf8 = "invalid-utf8",
        /// An image reference whose registry needs `NAMESPACE/REPOSITORY` but got one component.
        MissingNamespace = "missing-namespace",
        /// An image reference's digest whose algorithm clients cannot pull by (not `sha256`,
        /// `sha384`, `sha512` or `blake3`).
        UnsupportedAlgorithm = "unsupported-algorithm",
    }
    // A slice, as it was public before this macro: its length is not part of its type, so a new
    // rule changes no signature.
    const ALL: &[Self];
}

/// Why an input is not a valid name: the kind, the rule broken, and the byte offset.
///
/// The offset is where the input stops being valid: the first byte that no valid name could have
/// there (for a name that ends too early, such as one ending in a separator, the offset of that
/// dangling separator; for a name that is too long, the first byte past the limit). It fits the
/// editor convention `column = offset + 1`.
///
/// The value is `Copy` and never allocates, so rejecting a name costs no more than accepting one.
/// Its `Display` does not repeat the input (which it does not hold); use [`Error::with_input`] for
/// a message that quotes it:
///
/// ```
/// use registry_names::{swr, Rule};
/// let err = swr::Namespace::parse("my._org").unwrap_err();
/// assert_eq!(err.rule(), Rule::AdjacentSeparators);
/// assert_eq!(err.offset(), 3);
/// assert_eq!(err.to_string(), "invalid SWR namespace: '.' and '_' cannot be adjacent (byte 3)");
/// assert_eq!(
///     err.with_input("my._org").to_string(),
///     r#"invalid SWR namespace "my._org": '.' and '_' cannot be adjacent (byte 3)"#
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    offset: usize,
    kind: Kind,
    detail: Detail,
}

/// What the message needs besides the kind: the rule and the bytes around the offset. One byte
/// per field keeps [`Error`] at 16 bytes (it was 48 with a `&str` and a `usize` here), which is
/// what a rejection writes and every caller copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Detail {
    rule: Rule,
    found: Option<u8>,
    before: Option<u8>,
    expected: Expected,
    bound: u8,
}

// Rejecting a name should cost little more than accepting one: keep the result two words wide.
const _: () = assert!(core::mem::size_of::<Result<(), Error>>() == 16);

impl Error {
    /// Builds the error for `input` from a grammar failure at `offset`.
    pub(crate) fn new(kind: Kind, input: &[u8], offset: usize, failure: Failure) -> Error {
        Error {
            kind,
            offset,
            detail: Detail {
                rule: failure.rule,
                found: input.get(offset).copied(),
                before: offset.checked_sub(1).and_then(|i| input.get(i).copied()),
                expected: failure.expected,
                bound: failure.bound,
            },
        }
    }

    /// The same error, as one about a name of `kind` (a part checked inside a larger grammar).
    pub(crate) fn with_kind(mut self, kind: Kind) -> Error {
        self.kind = kind;
        self
    }

    /// The kind of name that was being checked.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The rule the input broke.
    pub fn rule(&self) -> Rule {
        self.detail.rule
    }

    /// The byte offset where the input stops being valid.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The byte at [`Error::offset`], if the input reaches that far.
    pub fn found(&self) -> Option<u8> {
        self.detail.found
    }
}

/// A grammar failure as nom carries it: the rest of the input where the rule was broken.
///
/// The offset is recovered from `rest` (always a suffix of the checked input), so parsers never
/// track positions themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) rest_len: usize,
    pub(crate) rule: Rule,
    /// What the grammar wanted here.
    pub(crate) expected: Expected,
    /// The length limit or digit count for the length rules.
    pub(crate) bound: u8,
}

impl Failure {
    #[inline]
    pub(crate) fn at(rest: &[u8], rule: Rule, expected: Expected) -> Failure {
        Failure {
            rest_len: rest.len(),
            rule,
            expected,
            bound: 0,
        }
    }

    #[inline]
    pub(crate) fn with_bound(mut self, bound: u8) -> Failure {
        self.bound = bound;
        self
    }

    /// Turns this failure into the public error for `input`, of which `rest` was a suffix.
    #[inline]
    pub(crate) fn into_error(self, kind: Kind, input: &[u8]) -> Error {
        Error::new(kind, input, input.len() - self.rest_len, self)
    }
}

/// A length limit or digit count, checked at compile time to fit the error's one-byte `bound`
/// (every limit in docs/grammars.md does: the largest is 255).
pub(crate) const fn limit(n: usize) -> u8 {
    assert!(
        n <= u8::MAX as usize,
        "a length limit above 255 needs a wider Error::bound"
    );
    n as u8
}

macro_rules! expected {
    ($($variant:ident = $text:literal,)*) => {
        /// What a grammar wanted where it failed, in the words a message uses. A one-byte code
        /// for a `&'static str`, so that [`Error`] stays small.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Expected {
            $($variant,)*
        }

        impl Expected {
            pub(crate) const fn text(self) -> &'static str {
                match self { $(Expected::$variant => $text,)* }
            }
        }
    };
}

expected! {
    Nothing = "",
    ValidCharacter = "a valid character",
    MoreInput = "more input",
    Utf8 = "UTF-8",
    LowerLetter = "a lowercase letter",
    LowerAlnum = "a lowercase letter or digit",
    SwrNamespaceRun = "lowercase letters and digits joined by '.', '_', '__' or '-'",
    PathRun = "lowercase letters and digits joined by '.', '_', '__', '-' or '/'",
    SwrPathRun = "lowercase letters and digits joined by '.', '_', '__', '-' or '$'",
    SingleSeparatedRun = "lowercase letters and digits joined by single '.', '_' or '-'",
    QuayNamespaceThenSlash =
        "a namespace of lowercase letters and digits joined by single '.', '_' or '-', then '/'",
    AlgorithmThenColon =
        "an algorithm of lowercase letters and digits joined by single '+', '.', '_' or '-', then ':'",
    TheNamespace = "the namespace",
    TheRepositoryName = "the repository name",
    ARepositoryName = "a repository name",
    SegmentBytes = "lowercase letters, digits, '.', '_', '-' or '/'",
    TheTag = "the tag",
    TagFirstByte = "a letter, digit or '_'",
    TagBytes = "letters, digits, '_', '.' or '-'",
    TheFilter = "the filter",
    FilterOp = "like: or eq:",
    ThePattern = "the pattern",
    PatternBytes = "letters, digits, '_', '.', '-' or the wildcard '%'",
    Colon = "':'",
    TheEncodedDigest = "the encoded digest after ':'",
    TheDigest = "the digest",
    PullableAlgorithm = "sha256, sha384, sha512 or blake3",
    EncodedBytes = "letters, digits, '=', '_' or '-'",
    LowerHex = "lowercase hex digits",
    Sha256 = "sha256",
    Sha384 = "sha384",
    Sha512 = "sha512",
    Blake3 = "blake3",
    Slash = "'/'",
    Dollar = "'$'",
    TheRefName = "the ref name",
    TheName = "the name",
    At = "'@'",
    Head = "'HEAD'",
    NameAfterSlash = "a name after '/'",
    RefnameBytes = "bytes other than controls, space, ~ ^ : ? * [ \\",
    TheReferenceName = "the repository path",
    ReferencePathThenTag =
        "lowercase letters and digits joined by '.', '_', '__', '-' or '/', then ':' or '@'",
    TheDomain = "the domain",
    HostLabelStart = "a letter or digit",
    HostBytes = "letters, digits and '-' in labels joined by '.', then ':' and a port",
    ThePort = "the port",
    PortDigits = "decimal digits",
    Ipv6Bytes = "hex digits and ':', then ']'",
}

impl From<Failure> for nom::Err<Failure> {
    /// Every grammar failure is nom's recoverable kind, so that `alt` may try another branch.
    fn from(failure: Failure) -> Self {
        nom::Err::Error(failure)
    }
}

impl<'a> nom::error::ParseError<&'a [u8]> for Failure {
    fn from_error_kind(input: &'a [u8], _kind: nom::error::ErrorKind) -> Self {
        Failure::at(input, Rule::InvalidCharacter, Expected::ValidCharacter)
    }

    fn append(_input: &'a [u8], _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}
