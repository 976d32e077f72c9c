//! Red Hat Quay: namespaces, repository paths, and the `filter_tag_name` query
//! (docs/grammars.md §4–§6).
//!
//! ```ebnf
//! ALNUM           ::= [a-z0-9]
//! QUAY_NAMESPACE  ::= ALNUM+ ( [._-] ALNUM+ )*        /* 2 to 255 bytes */
//! QUAY_REPOSITORY ::= QUAY_NAMESPACE "/" QUAY_NAME
//! QUAY_NAME       ::= SEGMENT ( "/" SEGMENT )*        /* 1 to 255 bytes */
//! SEGMENT         ::= ALNUM [a-z0-9._-]*
//! TAG_FILTER      ::= "like:" LIKE_PATTERN | "eq:" TAG    /* TAG as in §3 */
//! LIKE_PATTERN    ::= [A-Za-z0-9_.%-]*               /* 0 to 128 bytes */
//! ```
//!
//! Decisions (§5, §6): nested repository names (`org/team/app`) are accepted; a tag filter
//! with a missing or unknown op is an error (Quay ignores it silently), and the op is
//! case-sensitive.

use crate::error::{limit, Error, Expected, Failure, Rule};
use crate::grammar::{
    bounded, bounded_prefix, check, components, end, fail, literal, run0, slash_separated,
    whole_components, ByteSet, PResult, Separated, Separators, LOWER_ALNUM,
};
use crate::kind::Kind;
use crate::name::name_type;
use nom::combinator::cut;
use nom::sequence::preceded;
use nom::Parser;

mod like;

use crate::tag::Tag;

/// Shortest namespace, in bytes.
pub const MIN_NAMESPACE_LEN: usize = 2;
/// Longest namespace, in bytes.
pub const MAX_NAMESPACE_LEN: usize = 255;
/// Longest repository name (the part after the namespace's `/`), in bytes.
pub const MAX_NAME_LEN: usize = 255;
/// Longest `like:` pattern, in bytes.
pub const MAX_LIKE_PATTERN_LEN: usize = 128;

const SINGLE_SEPARATORS: &[u8] = b"._-";
const SINGLE_SEPARATED: Expected = Expected::SingleSeparatedRun;

/// `[._-]` between alphanumerics, one at a time.
struct NamespaceSeparators;

impl Separated for NamespaceSeparators {
    const SEPARATORS: Separators = Separators::new(SINGLE_SEPARATORS, false, SINGLE_SEPARATED);
}

/// The same, where a `/` follows the namespace.
struct PathNamespaceSeparators;

impl Separated for PathNamespaceSeparators {
    const SEPARATORS: Separators = Separators::new(SINGLE_SEPARATORS, false, SINGLE_SEPARATED)
        .terminated_by(b"/", Expected::QuayNamespaceThenSlash);
}

/// `[.a-z0-9_-]`, the bytes of a repository name segment after its first.
const SEGMENT_BYTE: ByteSet = LOWER_ALNUM.with(b"._-");
/// `[A-Za-z0-9_.%-]`, the bytes of a `like:` pattern.
const LIKE_BYTE: ByteSet = crate::grammar::WORD.with(b".%-");

/// `ALNUM+ ([._-] ALNUM+)*`, 2..=255 bytes. Inlined where it is called: with a second caller
/// (an image reference's namespace) it was left out of line, at a cost per check
/// (BENCHMARKS.md, names).
#[inline(always)]
pub(crate) fn namespace(input: &[u8]) -> PResult<'_> {
    bounded(
        const { limit(MIN_NAMESPACE_LEN) },
        const { limit(MAX_NAMESPACE_LEN) },
        Expected::TheNamespace,
        input,
    )?;
    whole_components::<NamespaceSeparators>(input)
}

/// `NAMESPACE "/" NAME ("/" NAME)*`, the part after the first `/` 1..=255 bytes.
pub(crate) fn repository_path(input: &[u8]) -> PResult<'_> {
    let (rest, ns) = components::<PathNamespaceSeparators>()(input)?;
    bounded_prefix(
        const { limit(MIN_NAMESPACE_LEN) },
        const { limit(MAX_NAMESPACE_LEN) },
        Expected::TheNamespace,
        input,
        ns.len(),
    )?;
    let name = match rest.split_first() {
        Some((b'/', name)) => name,
        Some((&b, _)) => return Err(PathNamespaceSeparators::SEPARATORS.stray(b, rest).into()),
        None => return fail(rest, Rule::MissingName, Expected::Slash),
    };
    bounded_prefix(
        1,
        const { limit(MAX_NAME_LEN) },
        Expected::TheRepositoryName,
        name,
        name.len(),
    )
    .map_err(|e| {
        e.map(|f| {
            if f.rule == Rule::Empty {
                Failure {
                    rule: Rule::EmptySegment,
                    ..f
                }
            } else {
                f
            }
        })
    })?;
    let (rest, ()) = slash_separated(segment)(name)?;
    end(Expected::SegmentBytes)(rest)
}

/// `[a-z0-9] [.a-z0-9_-]*`
fn segment(input: &[u8]) -> PResult<'_> {
    match input.first() {
        Some(&b) if LOWER_ALNUM.contains(b) => {
            run0(&SEGMENT_BYTE)(&input[1..]).map(|(rest, _)| (rest, ()))
        }
        None | Some(&b'/') => fail(input, Rule::EmptySegment, Expected::ARepositoryName),
        Some(_) => fail(input, Rule::InvalidStart, Expected::LowerAlnum),
    }
}

/// `("like" | "eq") ":" VALUE`, where the op is the text before the first `:`.
#[inline(always)]
fn tag_filter(input: &[u8]) -> PResult<'_, FilterOp> {
    if input.is_empty() {
        return fail(input, Rule::Empty, Expected::TheFilter);
    }
    let like =
        preceded(literal(b"like:", Expected::FilterOp), cut(like_pattern)).map(|_| FilterOp::Like);
    let eq =
        preceded(literal(b"eq:", Expected::FilterOp), cut(crate::tag::tag)).map(|_| FilterOp::Eq);
    nom::branch::alt((like, eq, unknown_op)).parse(input)
}

/// Fails with the rule that fits a filter whose op is neither `like` nor `eq`.
fn unknown_op(input: &[u8]) -> PResult<'_, FilterOp> {
    let rule = match input.iter().position(|&b| b == b':') {
        None | Some(0) => Rule::MissingFilterOp,
        Some(_) => Rule::UnknownFilterOp,
    };
    fail(input, rule, Expected::FilterOp)
}

/// 0..=128 bytes of `[A-Za-z0-9_.%-]`.
fn like_pattern(input: &[u8]) -> PResult<'_> {
    bounded(
        0,
        const { limit(MAX_LIKE_PATTERN_LEN) },
        Expected::ThePattern,
        input,
    )?;
    (run0(&LIKE_BYTE), end(Expected::PatternBytes))
        .parse(input)
        .map(|(rest, _)| (rest, ()))
}

#[inline(never)]
pub(crate) fn check_namespace(input: &[u8]) -> Result<(), Error> {
    // A closure, not the function item: passed as an item, `namespace` was compiled into an
    // out-of-line `FnOnce::call_once` shim, at a cost per check (BENCHMARKS.md, names).
    #[allow(clippy::redundant_closure)]
    check(Kind::QuayNamespace, input, |i| namespace(i))
}

#[inline(never)]
pub(crate) fn check_repository_path(input: &[u8]) -> Result<(), Error> {
    check(Kind::QuayRepository, input, repository_path)
}

#[inline(never)]
pub(crate) fn check_tag_filter(input: &[u8]) -> Result<(), Error> {
    check(Kind::QuayTagFilter, input, |i| {
        tag_filter(i).map(|(rest, _)| (rest, ()))
    })
}

fn check_like_pattern(input: &[u8]) -> Result<(), Error> {
    check(Kind::QuayTagFilter, input, like_pattern)
}

name_type! {
    /// A Quay user or organization name (docs/grammars.md §4): `quayadmin`, `my.org`.
    ///
    /// 2 to 255 bytes; lowercase letters and digits joined by single `.`, `_` or `-`
    /// (unlike SWR, `a--b` and `a__b` are invalid).
    ///
    /// ```
    /// use registry_names::{quay::Namespace, Rule};
    /// assert!(Namespace::parse("my-org").is_ok());
    /// assert_eq!(Namespace::parse("my--org").unwrap_err().rule(), Rule::AdjacentSeparators);
    /// ```
    Namespace, NamespaceBuf, Kind::QuayNamespace, check_namespace
}

name_type! {
    /// A Quay repository path `namespace/name` (docs/grammars.md §5), as in the API's `{repository}`.
    ///
    /// Nested names (`org/team/app`, Quay's extended-names feature) are accepted; a registry
    /// without that feature can refuse values whose [`segment_count`](Self::segment_count) is
    /// above one. The accessors slice the validated text and never allocate.
    ///
    /// ```
    /// use registry_names::quay::RepositoryPath;
    /// let path = RepositoryPath::parse("org/team/app")?;
    /// assert_eq!(path.namespace(), "org");
    /// assert_eq!(path.name(), "team/app");
    /// assert_eq!(path.segments().collect::<Vec<_>>(), ["team", "app"]);
    /// assert_eq!(path.segment_count(), 2);
    /// # Ok::<(), registry_names::Error>(())
    /// ```
    RepositoryPath, RepositoryPathBuf, Kind::QuayRepository, check_repository_path
}

impl<'a> RepositoryPath<'a> {
    fn split(&self) -> (&'a str, &'a str) {
        // Validation guarantees a `/`; the fallback keeps this panic-free regardless.
        self.0.split_once('/').unwrap_or((self.0, ""))
    }

    /// The namespace, before the first `/`.
    pub fn namespace(&self) -> Namespace<'a> {
        Namespace(self.split().0)
    }

    /// The repository name, everything after the first `/`.
    pub fn name(&self) -> &'a str {
        self.split().1
    }

    /// The `/`-separated segments of the name.
    pub fn segments(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.name().split('/')
    }

    /// How many segments the name has: 1 for `org/app`, 2 for `org/team/app`.
    pub fn segment_count(&self) -> usize {
        self.segments().count()
    }
}

name_type! {
    /// The value of a `like:` tag filter: 0 to 128 bytes of `[A-Za-z0-9_.%-]`, where `%` matches
    /// any run of bytes and `_` any one byte.
    LikePattern, LikePatternBuf, Kind::QuayTagFilter, check_like_pattern
}

impl LikePattern<'_> {
    /// Whether `tag` contains a match of this pattern, as Quay's `ILIKE '%pattern%'`: ASCII
    /// letters match either case, `_` matches one byte, `%` any run of bytes.
    ///
    /// Runs in time linear in the tag's length whatever the pattern, without allocating.
    pub fn matches(&self, tag: &str) -> bool {
        like::matches(self.0.as_bytes(), tag.as_bytes())
    }
}

/// The `filter_tag_name` operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterOp {
    /// `like:`, a case-insensitive substring match with wildcards.
    Like,
    /// `eq:`, an exact, case-sensitive match.
    Eq,
}

name_type! {
    /// A Quay `filter_tag_name` value, `like:PATTERN` or `eq:TAG` (docs/grammars.md §6).
    ///
    /// Unlike Quay, which silently ignores a filter with an unknown op, an unknown or missing op
    /// is an error here, and the op is case-sensitive. The whole text (`like:v1_%`) is the
    /// value's one view; [`op`](Self::op) and [`value`](Self::value) split it, and
    /// [`pattern`](Self::pattern) / [`tag`](Self::tag) give the typed operand.
    ///
    /// ```
    /// use registry_names::quay::{FilterOp, TagFilter};
    /// let filter = TagFilter::parse("like:v1_%")?;
    /// assert_eq!((filter.op(), filter.value()), (FilterOp::Like, "v1_%"));
    /// assert_eq!(filter, "like:v1_%");
    /// assert!(filter.matches("release-V1.2"));
    /// assert!(!filter.matches("v1"));
    /// assert!(TagFilter::parse("eq:latest")?.matches("latest"));
    /// assert_eq!(TagFilter::parse("ne:v1").unwrap_err().rule(), registry_names::Rule::UnknownFilterOp);
    /// # Ok::<(), registry_names::Error>(())
    /// ```
    TagFilter, TagFilterBuf, Kind::QuayTagFilter, check_tag_filter
}

impl<'a> TagFilter<'a> {
    /// The operator.
    pub fn op(&self) -> FilterOp {
        // Validation guarantees one of the two prefixes.
        if self.0.starts_with("eq:") {
            FilterOp::Eq
        } else {
            FilterOp::Like
        }
    }

    /// The text after `op:`.
    pub fn value(&self) -> &'a str {
        self.0.split_once(':').map_or("", |(_, value)| value)
    }

    /// The pattern of a `like:` filter.
    pub fn pattern(&self) -> Option<LikePattern<'a>> {
        match self.op() {
            FilterOp::Like => Some(LikePattern(self.value())),
            FilterOp::Eq => None,
        }
    }

    /// The tag of an `eq:` filter.
    pub fn tag(&self) -> Option<Tag<'a>> {
        match self.op() {
            FilterOp::Eq => Some(Tag::from_valid(self.value())),
            FilterOp::Like => None,
        }
    }

    /// Whether Quay would list `tag` under this filter: `eq` is exact and case-sensitive; `like`
    /// is [`LikePattern::matches`].
    pub fn matches(&self, tag: &str) -> bool {
        match self.op() {
            FilterOp::Like => like::matches(self.value().as_bytes(), tag.as_bytes()),
            FilterOp::Eq => self.value() == tag,
        }
    }
}

#[cfg(feature = "alloc")]
impl TagFilterBuf {
    /// The operator.
    pub fn op(&self) -> FilterOp {
        self.as_name().op()
    }

    /// The text after `op:`.
    pub fn value(&self) -> &str {
        self.as_name().value()
    }

    /// Whether Quay would list `tag` under this filter; see [`TagFilter::matches`].
    pub fn matches(&self, tag: &str) -> bool {
        self.as_name().matches(tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_show_the_parts() {
        let path = RepositoryPath::parse("org/team/app").unwrap();
        assert_eq!(path.namespace(), "org");
        assert_eq!(path.name(), "team/app");
        assert!(path.segments().eq(["team", "app"]));
        assert_eq!(path.segment_count(), 2);
        assert_eq!(RepositoryPath::parse("org/app").unwrap().segment_count(), 1);

        let like = LikePattern::parse("v1_%").unwrap();
        assert!(like.matches("release-V1.2"));
        assert!(!like.matches("v1"));

        for (text, op, value, yes, no) in [
            ("like:rc", FilterOp::Like, "rc", "v1-RC2", "v1"),
            ("eq:v1", FilterOp::Eq, "v1", "v1", "v1.0"),
        ] {
            let filter = TagFilter::parse(text).unwrap();
            let buf: TagFilterBuf = text.parse().unwrap();
            assert_eq!((filter.op(), filter.value()), (op, value));
            assert_eq!((buf.op(), buf.value()), (op, value));
            assert!(filter.matches(yes) && buf.matches(yes), "{text} {yes}");
            assert!(!filter.matches(no) && !buf.matches(no), "{text} {no}");
        }
    }

    fn verdict<T>(result: Result<T, Error>) -> Result<(), (Rule, usize)> {
        result.map(|_| ()).map_err(|e| (e.rule(), e.offset()))
    }

    #[test]
    fn namespace_rules() {
        for ok in [
            "ab",
            "quayadmin",
            "my.org",
            "my_org",
            "my-org",
            "a1.b2_c3-d4",
            "00",
        ] {
            assert_eq!(verdict(Namespace::parse(ok)), Ok(()), "{ok}");
        }
        let max = "a".repeat(255);
        assert_eq!(verdict(Namespace::parse(&max)), Ok(()));
        let over = "a".repeat(256);
        let cases: [(&str, Rule, usize); 9] = [
            ("", Rule::Empty, 0),
            ("a", Rule::TooShort, 1),
            (&over, Rule::TooLong, 255),
            ("a--b", Rule::AdjacentSeparators, 2),
            ("a__b", Rule::AdjacentSeparators, 2),
            ("a._b", Rule::AdjacentSeparators, 2),
            ("ab-", Rule::TrailingSeparator, 2),
            ("-ab", Rule::InvalidStart, 0),
            ("aB", Rule::InvalidCharacter, 1),
        ];
        for (input, rule, offset) in cases {
            assert_eq!(
                verdict(Namespace::parse(input)),
                Err((rule, offset)),
                "{input:?}"
            );
        }
        assert_eq!(
            Namespace::parse("a").unwrap_err().kind(),
            Kind::QuayNamespace
        );
    }

    #[test]
    fn repository_spec_examples() {
        for ok in ["quayadmin/busybox", "org/my.repo_1", "org/team/app"] {
            assert_eq!(verdict(RepositoryPath::parse(ok)), Ok(()), "{ok}");
        }
        let cases: [(&str, Rule, usize); 5] = [
            ("busybox", Rule::MissingName, 7),
            ("org/", Rule::EmptySegment, 4),
            ("org//x", Rule::EmptySegment, 4),
            ("org/.x", Rule::InvalidStart, 4),
            ("Org/x", Rule::InvalidStart, 0),
        ];
        for (input, rule, offset) in cases {
            assert_eq!(
                verdict(RepositoryPath::parse(input)),
                Err((rule, offset)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn repository_boundaries() {
        let name = "n".repeat(255);
        assert_eq!(
            verdict(RepositoryPath::parse(&format!("org/{name}"))),
            Ok(())
        );
        assert_eq!(
            verdict(RepositoryPath::parse(&format!("org/{name}x"))),
            Err((Rule::TooLong, 259))
        );
        assert_eq!(
            verdict(RepositoryPath::parse("o/x")),
            Err((Rule::TooShort, 1))
        );
        assert_eq!(
            verdict(RepositoryPath::parse("org-/x")),
            Err((Rule::TrailingSeparator, 3))
        );
        assert_eq!(
            verdict(RepositoryPath::parse("org/x/")),
            Err((Rule::EmptySegment, 6))
        );
        assert_eq!(verdict(RepositoryPath::parse("org/x_-./y")), Ok(()));
        assert_eq!(
            verdict(RepositoryPath::parse("org/xY")),
            Err((Rule::InvalidCharacter, 5))
        );
        assert_eq!(
            verdict(RepositoryPath::parse("org x/y")),
            Err((Rule::InvalidCharacter, 3))
        );
        let path = RepositoryPath::parse("org/app").unwrap();
        assert_eq!(
            (path.namespace().as_str(), path.name(), path.segment_count()),
            ("org", "app", 1)
        );
    }

    #[test]
    fn tag_filter_spec_examples() {
        let like = TagFilter::parse("like:v1").unwrap();
        assert_eq!(
            (like.op(), like.value(), like.pattern(), like.tag()),
            (FilterOp::Like, "v1", Some(LikePattern("v1")), None)
        );
        let eq = TagFilter::parse("eq:v1").unwrap();
        assert_eq!(
            (eq.op(), eq.pattern(), eq.tag()),
            (FilterOp::Eq, None, Some(Tag::parse("v1").unwrap()))
        );
        assert_eq!(
            (&*eq, eq.as_str(), eq.to_string()),
            ("eq:v1", "eq:v1", "eq:v1".into())
        );
        assert_eq!(
            TagFilter::parse("eq:latest").map(|f| (f.op(), f.value())),
            Ok((FilterOp::Eq, "latest"))
        );
        assert_eq!(TagFilter::parse("like:").map(|f| f.value()), Ok(""));
        assert_eq!(verdict(TagFilter::parse("like:v1_%")), Ok(()));
        let cases: [(&str, Rule, usize); 7] = [
            ("v1", Rule::MissingFilterOp, 0),
            ("LIKE:v1", Rule::UnknownFilterOp, 0),
            ("ne:v1", Rule::UnknownFilterOp, 0),
            ("eq:", Rule::Empty, 3),
            ("eq:.x", Rule::InvalidStart, 3),
            ("like:a b", Rule::InvalidCharacter, 6),
            ("", Rule::Empty, 0),
        ];
        for (input, rule, offset) in cases {
            assert_eq!(
                verdict(TagFilter::parse(input)),
                Err((rule, offset)),
                "{input:?}"
            );
            assert_eq!(
                verdict(TagFilter::parse_bytes(input.as_bytes())),
                Err((rule, offset)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn tag_filter_edges() {
        assert_eq!(
            verdict(TagFilter::parse(":v1")),
            Err((Rule::MissingFilterOp, 0))
        );
        assert_eq!(
            verdict(TagFilter::parse("like")),
            Err((Rule::MissingFilterOp, 0))
        );
        assert_eq!(
            verdict(TagFilter::parse("eq:a:b")),
            Err((Rule::InvalidCharacter, 4))
        );
        assert_eq!(
            verdict(TagFilter::parse(&format!("like:{}", "%".repeat(128)))),
            Ok(())
        );
        assert_eq!(
            verdict(TagFilter::parse(&format!("like:{}", "%".repeat(129)))),
            Err((Rule::TooLong, 133))
        );
        assert_eq!(TagFilter::parse("like:v1").unwrap().to_string(), "like:v1");
        assert_eq!(TagFilter::parse("eq:v1").unwrap().to_string(), "eq:v1");
    }

    #[test]
    fn like_semantics() {
        let like =
            |p: &str, tag: &str| TagFilter::parse(&format!("like:{p}")).unwrap().matches(tag);
        assert!(like("v1", "release-v1.2"));
        assert!(like("V1", "v1"));
        assert!(like("", "anything"));
        assert!(like("", ""));
        assert!(like("v_", "v1"));
        assert!(!like("v_", "v"));
        assert!(like("a%c", "xxabbbcxx"));
        assert!(!like("a%c", "ca"));
        assert!(like("%%", ""));
        assert!(!like("_", ""));
        // `_` is one byte, not one character.
        assert!(like("a__b", "aéb"));
        // Case folding is ASCII only: the Kelvin sign is not 'k'.
        assert!(!like("k", "\u{212A}"));
    }

    #[test]
    fn eq_is_exact_and_case_sensitive() {
        let filter = TagFilter::parse("eq:Latest").unwrap();
        assert!(filter.matches("Latest"));
        assert!(!filter.matches("latest"));
        assert!(!filter.matches("Latest2"));
    }

    #[test]
    fn like_has_no_exponential_backtracking() {
        // Naive backtracking takes on the order of C(128, 10) steps here; the matcher is
        // O(pattern × tag). A regression shows up as this test hanging.
        let filter = TagFilter::parse("like:%a%a%a%a%a%a%a%a%a%a%b").unwrap();
        assert!(!filter.matches(&"a".repeat(128)));
        let text = format!("like:{}", "%a".repeat(60));
        let filter = TagFilter::parse(&text).unwrap();
        assert!(!filter.matches(&"a".repeat(59)));
        assert!(filter.matches(&"a".repeat(128)));
    }
}
