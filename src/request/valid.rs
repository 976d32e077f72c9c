//! The typed success values (docs/requests.md R9), one per operation.
//!
//! Each holds its validated values as `Cow<str>`: borrowed from the request where nothing had to
//! be decoded, owned where a `%XX` escape or a JSON escape was decoded. The accessors hand out
//! the crate's typed names, borrowed from that storage without checking again.

use super::Operation;
use crate::{git, oci, quay, swr, Tag};
use alloc::borrow::Cow;

/// A valid request of one of the eight operations.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum Valid<'a> {
    /// `swr.create-image-tag`
    #[serde(rename = "swr.create-image-tag")]
    SwrCreateImageTag(SwrCreateImageTag<'a>),
    /// `swr.list-image-tags`
    #[serde(rename = "swr.list-image-tags")]
    SwrListImageTags(SwrListImageTags<'a>),
    /// `swr.create-repository`
    #[serde(rename = "swr.create-repository")]
    SwrCreateRepository(SwrCreateRepository<'a>),
    /// `codearts.add-tag`
    #[serde(rename = "codearts.add-tag")]
    CodeArtsAddTag(CodeArtsAddTag<'a>),
    /// `quay.restore-tag`
    #[serde(rename = "quay.restore-tag")]
    QuayRestoreTag(QuayRestoreTag<'a>),
    /// `quay.change-tag`
    #[serde(rename = "quay.change-tag")]
    QuayChangeTag(QuayChangeTag<'a>),
    /// `quay.delete-tag`
    #[serde(rename = "quay.delete-tag")]
    QuayDeleteTag(QuayDeleteTag<'a>),
    /// `quay.list-tags`
    #[serde(rename = "quay.list-tags")]
    QuayListTags(QuayListTags<'a>),
}

impl Valid<'_> {
    /// The operation this request is.
    pub fn operation(&self) -> Operation {
        match self {
            Valid::SwrCreateImageTag(_) => Operation::SwrCreateImageTag,
            Valid::SwrListImageTags(_) => Operation::SwrListImageTags,
            Valid::SwrCreateRepository(_) => Operation::SwrCreateRepository,
            Valid::CodeArtsAddTag(_) => Operation::CodeArtsAddTag,
            Valid::QuayRestoreTag(_) => Operation::QuayRestoreTag,
            Valid::QuayChangeTag(_) => Operation::QuayChangeTag,
            Valid::QuayDeleteTag(_) => Operation::QuayDeleteTag,
            Valid::QuayListTags(_) => Operation::QuayListTags,
        }
    }
}

/// `swr.create-image-tag`, `POST /v2/manage/namespaces/{namespace}/repos/{repository}/tags`
/// (docs/requests.md R6, first row): path `namespace` (docs/grammars.md §1) and `repository` (§2, path
/// form); body `source_tag` and `destination_tag` (§3, required) and `override` (optional
/// boolean).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SwrCreateImageTag<'a> {
    pub(crate) namespace: Cow<'a, str>,
    pub(crate) repository: Cow<'a, str>,
    pub(crate) source_tag: Cow<'a, str>,
    pub(crate) destination_tag: Cow<'a, str>,
    #[serde(rename = "override")]
    pub(crate) override_existing: Option<bool>,
}

impl SwrCreateImageTag<'_> {
    /// The organization.
    pub fn namespace(&self) -> swr::Namespace<'_> {
        swr::Namespace::from_valid(&self.namespace)
    }
    /// The repository, in its URL path form (`library$nginx`, which compares equal to the
    /// [`swr::Repository`] `library/nginx`; `name()` gives that plain form).
    pub fn repository(&self) -> swr::RepositoryPath<'_> {
        swr::RepositoryPath::from_valid(&self.repository)
    }
    /// The existing tag.
    pub fn source_tag(&self) -> Tag<'_> {
        Tag::from_valid(&self.source_tag)
    }
    /// The tag to create.
    pub fn destination_tag(&self) -> Tag<'_> {
        Tag::from_valid(&self.destination_tag)
    }
    /// The body's `override`, absent when not given (or `null`).
    pub fn override_existing(&self) -> Option<bool> {
        self.override_existing
    }
}

/// `swr.list-image-tags`, `GET /v3/manage/namespaces/{namespace}/repos/{repository}/tags`
/// (R6, second row): path `namespace` (§1) and `repository` (§2, path form); query `limit`
/// (1..=1000, default 100), `marker` (1..=1024 bytes of visible ASCII), `tag` (1..=128 bytes of
/// `[A-Za-z0-9_.-]`) and `with_manifest` (boolean).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SwrListImageTags<'a> {
    pub(crate) namespace: Cow<'a, str>,
    pub(crate) repository: Cow<'a, str>,
    pub(crate) limit: u32,
    pub(crate) marker: Option<Cow<'a, str>>,
    pub(crate) tag: Option<Cow<'a, str>>,
    pub(crate) with_manifest: Option<bool>,
}

impl SwrListImageTags<'_> {
    /// The organization.
    pub fn namespace(&self) -> swr::Namespace<'_> {
        swr::Namespace::from_valid(&self.namespace)
    }
    /// The repository, in its URL path form.
    pub fn repository(&self) -> swr::RepositoryPath<'_> {
        swr::RepositoryPath::from_valid(&self.repository)
    }
    /// `limit`, 100 when not given.
    pub fn limit(&self) -> u32 {
        self.limit
    }
    /// The opaque paging `marker`.
    pub fn marker(&self) -> Option<&str> {
        self.marker.as_deref()
    }
    /// The fuzzy-match fragment `tag`.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }
    /// `with_manifest`.
    pub fn with_manifest(&self) -> Option<bool> {
        self.with_manifest
    }
}

crate::id::id_enum! {
    /// The `category` of an SWR repository (R6, third row). Its id ([`Category::id`]) is the
    /// value as sent, `app_server`, `linux`, …, and as it serializes; [`Category::ALL`] is in
    /// the page's order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    #[allow(missing_docs)]
    pub enum Category {
        AppServer = "app_server",
        Linux = "linux",
        FrameworkApp = "framework_app",
        Database = "database",
        Lang = "lang",
        Other = "other",
        Windows = "windows",
        Arm = "arm",
    }
}

/// `swr.create-repository`, `POST /v2/manage/namespaces/{namespace}/repos` (R6, third row):
/// path `namespace` (§1); body `repository` (§2, required; a value holding `$` is the path form,
/// any other the plain form: both denote the same name), `is_public` (required boolean),
/// `category` (optional, one of [`Category::ALL`]) and `description` (optional string).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SwrCreateRepository<'a> {
    pub(crate) namespace: Cow<'a, str>,
    pub(crate) repository: Cow<'a, str>,
    pub(crate) is_public: bool,
    pub(crate) category: Option<Category>,
    pub(crate) description: Option<Cow<'a, str>>,
}

impl SwrCreateRepository<'_> {
    /// The organization.
    pub fn namespace(&self) -> swr::Namespace<'_> {
        swr::Namespace::from_valid(&self.namespace)
    }
    /// The repository name in plain form (`library/nginx`), whichever form the body gave;
    /// allocates only when a `$` is decoded.
    pub fn repository(&self) -> Cow<'_, str> {
        if self.repository.contains('$') {
            swr::RepositoryPath::from_valid(&self.repository).name()
        } else {
            swr::Repository::from_valid(&self.repository)
                .as_str()
                .into()
        }
    }
    /// `is_public`.
    pub fn is_public(&self) -> bool {
        self.is_public
    }
    /// `category`, if given.
    pub fn category(&self) -> Option<Category> {
        self.category
    }
    /// `description`, if given.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
}

/// `codearts.add-tag`, `POST /v2/repositories/{repository_id}/tags` (R6, fourth row): path
/// `repository_id` (1..=2147483647); body `tag_name` (§8 git tag, required), `ref` (§8 git
/// branch, required) and `message` (optional string).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CodeArtsAddTag<'a> {
    pub(crate) repository_id: u32,
    pub(crate) tag_name: Cow<'a, str>,
    #[serde(rename = "ref")]
    pub(crate) branch: Cow<'a, str>,
    pub(crate) message: Option<Cow<'a, str>>,
}

impl CodeArtsAddTag<'_> {
    /// `repository_id`.
    pub fn repository_id(&self) -> u32 {
        self.repository_id
    }
    /// The tag to create.
    pub fn tag_name(&self) -> git::TagName<'_> {
        git::TagName::from_valid(&self.tag_name)
    }
    /// The body's `ref`: the branch the tag points at.
    pub fn branch(&self) -> git::BranchName<'_> {
        git::BranchName::from_valid(&self.branch)
    }
    /// The tag `message`, if given.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

/// `quay.restore-tag`, `POST /api/v1/repository/{repository}/tag/{tag}/restore` (R6, fifth
/// row): path `repository` (§5) and `tag` (§3); body `manifest_digest` (§7, required).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuayRestoreTag<'a> {
    pub(crate) repository: Cow<'a, str>,
    pub(crate) tag: Cow<'a, str>,
    pub(crate) manifest_digest: Cow<'a, str>,
}

impl QuayRestoreTag<'_> {
    /// The repository path.
    pub fn repository(&self) -> quay::RepositoryPath<'_> {
        quay::RepositoryPath::from_valid(&self.repository)
    }
    /// The tag.
    pub fn tag(&self) -> Tag<'_> {
        Tag::from_valid(&self.tag)
    }
    /// The manifest to restore the tag to.
    pub fn manifest_digest(&self) -> oci::Digest<'_> {
        oci::Digest::from_valid(&self.manifest_digest)
    }
}

/// Quay's `expiration` in a change-tag body: absent, `null` (remove the expiration), or a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expiration {
    /// Not in the body: the expiration stays as it is.
    Absent,
    /// `null`: remove the expiration.
    Cleared,
    /// A time, `0..=2^53-1` seconds since the Unix epoch.
    Set(EpochSeconds),
}

/// Seconds since the Unix epoch, `0..=2^53-1`, a whole number or not: Quay's change-tag schema
/// types `expiration` `["number", "null"]` and its server reads it with
/// `datetime.utcfromtimestamp(float(expiration))` (endpoints/api/tag.py).
///
/// ```
/// use registry_names::request::{Expiration, Request, Valid};
/// let req = Request::new("PUT", "/api/v1/repository/org/app/tag/v1")
///     .header("Content-Type", b"application/json")
///     .body(br#"{"expiration": 1767225600.5}"#);
/// let Some(Ok(Valid::QuayChangeTag(change))) = registry_names::request::validate(&req) else { panic!() };
/// let Expiration::Set(at) = change.expiration() else { panic!() };
/// assert_eq!((at.as_f64(), at.whole_seconds(), at.to_string()), (1767225600.5, 1767225600, "1767225600.5".into()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct EpochSeconds(f64);

impl EpochSeconds {
    /// A JSON number already checked to be in `0..=2^53-1` (so neither NaN nor infinite);
    /// `-0` is stored as `0`, so that equal times are equal bits.
    pub(crate) fn from_checked(seconds: f64) -> Self {
        EpochSeconds(seconds + 0.0)
    }

    /// The seconds, as sent.
    pub fn as_f64(self) -> f64 {
        self.0
    }

    /// The whole seconds, the fraction dropped.
    pub fn whole_seconds(self) -> u64 {
        // In 0..=2^53-1, so the conversion is exact.
        self.0.trunc() as u64
    }

    /// Whether the value has no fraction.
    pub fn is_whole(self) -> bool {
        self.0.fract() == 0.0
    }
}

// Never NaN (checked on the way in) and `-0` stored as `0`: equal values have equal bits.
impl Eq for EpochSeconds {}

impl core::hash::Hash for EpochSeconds {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

/// A whole number as an integer (`1767225600`), anything else as Rust writes an `f64`.
impl core::fmt::Display for EpochSeconds {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.is_whole() {
            write!(f, "{}", self.whole_seconds())
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// As a JSON integer when whole, else as a JSON number with its fraction.
impl serde::Serialize for EpochSeconds {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_whole() {
            serializer.serialize_u64(self.whole_seconds())
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

/// `quay.change-tag`, `PUT /api/v1/repository/{repository}/tag/{tag}` (R6, sixth row): path
/// `repository` (§5) and `tag` (§3); body `manifest_digest` (§7, optional) and `expiration`
/// (optional number `0..=2^53-1`, fractions allowed; `null` is kept apart from absent, see
/// [`Expiration`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuayChangeTag<'a> {
    pub(crate) repository: Cow<'a, str>,
    pub(crate) tag: Cow<'a, str>,
    pub(crate) manifest_digest: Option<Cow<'a, str>>,
    pub(crate) expiration: Expiration,
}

impl QuayChangeTag<'_> {
    /// The repository path.
    pub fn repository(&self) -> quay::RepositoryPath<'_> {
        quay::RepositoryPath::from_valid(&self.repository)
    }
    /// The tag.
    pub fn tag(&self) -> Tag<'_> {
        Tag::from_valid(&self.tag)
    }
    /// The manifest to point the tag at, if given.
    pub fn manifest_digest(&self) -> Option<oci::Digest<'_>> {
        self.manifest_digest.as_deref().map(oci::Digest::from_valid)
    }
    /// The expiration change.
    pub fn expiration(&self) -> Expiration {
        self.expiration
    }
}

/// `quay.delete-tag`, `DELETE /api/v1/repository/{repository}/tag/{tag}` (R6, seventh row):
/// path `repository` (§5) and `tag` (§3).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuayDeleteTag<'a> {
    pub(crate) repository: Cow<'a, str>,
    pub(crate) tag: Cow<'a, str>,
}

impl QuayDeleteTag<'_> {
    /// The repository path.
    pub fn repository(&self) -> quay::RepositoryPath<'_> {
        quay::RepositoryPath::from_valid(&self.repository)
    }
    /// The tag.
    pub fn tag(&self) -> Tag<'_> {
        Tag::from_valid(&self.tag)
    }
}

/// An integer query parameter as Quay's server uses it (R10): the value given, if any, and the
/// value used. In [`Mode::Strict`](super::Mode::Strict) the two are equal; in compatible mode
/// the value used is the one given clamped as the server clamps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Clamped {
    /// As sent, read as Python's `int()` (saturated to `i64`), `None` when absent.
    pub(crate) given: Option<i64>,
    pub(crate) used: u32,
}

impl Clamped {
    /// The value used when the parameter is absent.
    pub(crate) const fn default(used: u32) -> Self {
        Clamped { given: None, used }
    }

    /// `given` raised to `min` and, if given, lowered to `max`; saturated to `u32`.
    pub(crate) fn clamp(given: i64, min: u64, max: Option<u64>) -> Self {
        let raised = u64::try_from(given).unwrap_or(0).max(min);
        let used = max.map_or(raised, |max| raised.min(max));
        Clamped {
            given: Some(given),
            used: u32::try_from(used).unwrap_or(u32::MAX),
        }
    }
}

/// Quay's `filter_tag_name`, `like:OPERAND` or `eq:OPERAND`, as its server reads it.
///
/// In [`Mode::Strict`](super::Mode::Strict) it is always a [`quay::TagFilter`] (§6); in
/// compatible mode the operand is any text, as Quay takes it (data/model/oci/tag.py splits at
/// the first `:`). An operand that no tag name could match (a `:`, a byte outside tag names)
/// matches nothing, as it does on Quay; the op is always `like` or `eq`, as an unknown op is
/// refused in both modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TagNameFilter<'a>(&'a str);

impl<'a> TagNameFilter<'a> {
    /// The operator.
    pub fn op(&self) -> quay::FilterOp {
        if self.0.starts_with("eq:") {
            quay::FilterOp::Eq
        } else {
            quay::FilterOp::Like
        }
    }

    /// The text after `op:`.
    pub fn value(&self) -> &'a str {
        self.0.split_once(':').map_or("", |(_, value)| value)
    }

    /// The whole text, `op:OPERAND`.
    pub fn as_str(&self) -> &'a str {
        self.0
    }

    /// The filter as §6 types it, when it is one (always in strict mode).
    pub fn as_tag_filter(&self) -> Option<quay::TagFilter<'a>> {
        quay::TagFilter::parse(self.0).ok()
    }

    /// Whether Quay would list `tag` under this filter: `eq` is exact and case-sensitive;
    /// `like` is Quay's `ILIKE '%operand%'` ([`quay::LikePattern::matches`]), where a byte that
    /// no tag holds matches nothing.
    pub fn matches(&self, tag: &str) -> bool {
        // The matcher takes any bytes: a literal outside §6's alphabet matches no byte of a tag.
        quay::TagFilter::from_valid(self.0).matches(tag)
    }
}

impl core::fmt::Display for TagNameFilter<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<str> for TagNameFilter<'_> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for TagNameFilter<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// `quay.list-tags`, `GET /api/v1/repository/{repository}/tag/` (R6, eighth row): path
/// `repository` (§5); query `onlyActiveTags` (boolean), `page` (default 1), `limit` (default
/// 50), `filter_tag_name` (§6) and `specificTag` (§3), each read as the validator's
/// [`Mode`](super::Mode) says (R10).
///
/// Serialized, `page` and `limit` are the values used; `page_given` and `limit_given` are added
/// when a value was given that differs from the value used (`"limit": 100, "limit_given":
/// 250`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuayListTags<'a> {
    pub(crate) repository: Cow<'a, str>,
    pub(crate) only_active_tags: Option<bool>,
    pub(crate) page: Clamped,
    pub(crate) limit: Clamped,
    pub(crate) filter_tag_name: Option<Cow<'a, str>>,
    pub(crate) specific_tag: Option<Cow<'a, str>>,
}

impl serde::Serialize for QuayListTags<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let changed = |c: Clamped| c.given.filter(|&given| given != i64::from(c.used));
        let (page_given, limit_given) = (changed(self.page), changed(self.limit));
        let fields = 6 + usize::from(page_given.is_some()) + usize::from(limit_given.is_some());
        let mut s = serializer.serialize_struct("QuayListTags", fields)?;
        s.serialize_field("repository", &self.repository)?;
        s.serialize_field("onlyActiveTags", &self.only_active_tags)?;
        s.serialize_field("page", &self.page.used)?;
        if let Some(given) = page_given {
            s.serialize_field("page_given", &given)?;
        }
        s.serialize_field("limit", &self.limit.used)?;
        if let Some(given) = limit_given {
            s.serialize_field("limit_given", &given)?;
        }
        s.serialize_field("filter_tag_name", &self.filter_tag_name)?;
        s.serialize_field("specificTag", &self.specific_tag)?;
        s.end()
    }
}

impl QuayListTags<'_> {
    /// The repository path.
    pub fn repository(&self) -> quay::RepositoryPath<'_> {
        quay::RepositoryPath::from_valid(&self.repository)
    }
    /// `onlyActiveTags`; in compatible mode Quay's `truthy_bool` of the value (`True` is true,
    /// an empty value false).
    pub fn only_active_tags(&self) -> Option<bool> {
        self.only_active_tags
    }
    /// The `page` used: 1 when not given; in compatible mode the value given raised to 1 and
    /// saturated at `u32::MAX`.
    pub fn page(&self) -> u32 {
        self.page.used
    }
    /// The `page` given, read as Python's `int()` and saturated to `i64`; `None` when absent.
    pub fn page_given(&self) -> Option<i64> {
        self.page.given
    }
    /// The `limit` used: 50 when not given (as in Quay's code); in compatible mode the value
    /// given clamped to 1..=100 (`limit=250` lists 100).
    pub fn limit(&self) -> u32 {
        self.limit.used
    }
    /// The `limit` given, read as Python's `int()` and saturated to `i64`; `None` when absent.
    pub fn limit_given(&self) -> Option<i64> {
        self.limit.given
    }
    /// `filter_tag_name`.
    pub fn filter_tag_name(&self) -> Option<TagNameFilter<'_>> {
        self.filter_tag_name.as_deref().map(TagNameFilter)
    }
    /// `specificTag`: in strict mode a tag name (§3); in compatible mode any non-empty text,
    /// which Quay compares with tag names (so a value that is no tag name lists nothing).
    pub fn specific_tag(&self) -> Option<&str> {
        self.specific_tag.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::EpochSeconds;
    use alloc::string::ToString;
    use core::hash::{Hash, Hasher};

    /// A hash with fixed keys, so that two calls compare.
    fn hash(value: EpochSeconds) -> u64 {
        let mut state = std::collections::hash_map::DefaultHasher::new();
        value.hash(&mut state);
        state.finish()
    }

    /// The accessors, `-0` stored as `0` (equal times, equal bits and hashes), and `Display`.
    #[test]
    fn epoch_seconds_read_back_as_sent() {
        let half = EpochSeconds::from_checked(1767225600.5);
        assert_eq!(half.as_f64(), 1767225600.5);
        assert_eq!((half.whole_seconds(), half.is_whole()), (1767225600, false));
        assert_eq!(half.to_string(), "1767225600.5");
        let whole = EpochSeconds::from_checked(1767225600.0);
        assert_eq!((whole.as_f64(), whole.is_whole()), (1767225600.0, true));
        assert_eq!(whole.to_string(), "1767225600");
        let zero = EpochSeconds::from_checked(0.0);
        let negative_zero = EpochSeconds::from_checked(-0.0);
        assert_eq!(negative_zero.as_f64().to_bits(), 0.0f64.to_bits());
        assert_eq!(hash(negative_zero), hash(zero));
        assert_ne!(hash(whole), hash(half));
        assert_eq!(negative_zero.to_string(), "0");
    }
}
