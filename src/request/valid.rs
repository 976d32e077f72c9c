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
    /// Seconds since the Unix epoch, `0..=2^53-1`.
    Set(u64),
}

/// `quay.change-tag`, `PUT /api/v1/repository/{repository}/tag/{tag}` (R6, sixth row): path
/// `repository` (§5) and `tag` (§3); body `manifest_digest` (§7, optional) and `expiration`
/// (optional integer `0..=2^53-1`; `null` is kept apart from absent, see [`Expiration`]).
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

/// `quay.list-tags`, `GET /api/v1/repository/{repository}/tag/` (R6, eighth row): path
/// `repository` (§5); query `onlyActiveTags` (boolean), `page` (1..=2147483647, default 1),
/// `limit` (1..=100, default 50), `filter_tag_name` (§6) and `specificTag` (§3).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuayListTags<'a> {
    pub(crate) repository: Cow<'a, str>,
    #[serde(rename = "onlyActiveTags")]
    pub(crate) only_active_tags: Option<bool>,
    pub(crate) page: u32,
    pub(crate) limit: u32,
    pub(crate) filter_tag_name: Option<Cow<'a, str>>,
    #[serde(rename = "specificTag")]
    pub(crate) specific_tag: Option<Cow<'a, str>>,
}

impl QuayListTags<'_> {
    /// The repository path.
    pub fn repository(&self) -> quay::RepositoryPath<'_> {
        quay::RepositoryPath::from_valid(&self.repository)
    }
    /// `onlyActiveTags`.
    pub fn only_active_tags(&self) -> Option<bool> {
        self.only_active_tags
    }
    /// `page`, 1 when not given.
    pub fn page(&self) -> u32 {
        self.page
    }
    /// `limit`, 50 when not given (as in Quay's code).
    pub fn limit(&self) -> u32 {
        self.limit
    }
    /// `filter_tag_name`.
    pub fn filter_tag_name(&self) -> Option<quay::TagFilter<'_>> {
        self.filter_tag_name
            .as_deref()
            .map(quay::TagFilter::from_valid)
    }
    /// `specificTag`.
    pub fn specific_tag(&self) -> Option<Tag<'_>> {
        self.specific_tag.as_deref().map(Tag::from_valid)
    }
}
