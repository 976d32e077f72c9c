//! What a rejected reference says: the part that broke, the profile it was checked by, and the
//! part's own error with its offset in the whole reference.

use crate::error::{Error, Rule};
use crate::kind::Kind;

use super::Profile;

crate::id::id_enum! {
    /// The part of a reference an error is about; its id (`domain`, `namespace`, `repository`,
    /// `tag`, `digest`) is what the command line prints.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Part {
        /// The DOMAIN: host and port.
        Domain = "domain",
        /// The namespace at the start of PATH (SWR and Quay profiles).
        Namespace = "namespace",
        /// PATH, or in the SWR and Quay profiles the repository after the namespace.
        Repository = "repository",
        /// The TAG after `:`.
        Tag = "tag",
        /// The DIGEST after `@`.
        Digest = "digest",
    }
}

/// Why a reference is invalid: the part that broke, the rule, and the byte offset in the whole
/// reference.
///
/// [`kind`](Self::kind) is the grammar that refused the part: [`Kind::SwrNamespace`] for an SWR
/// namespace, [`Kind::Tag`] for a tag, [`Kind::OciDigest`] for a digest, and
/// [`Kind::ImageReference`] for the domain and the generic PATH grammar. `Display` never quotes
/// the input; [`with_input`](Self::with_input) quotes at most its first
/// [`QUOTE_LIMIT`](crate::QUOTE_LIMIT) bytes.
///
/// ```
/// use registry_names::reference::{ImageReference, Part};
/// use registry_names::{Kind, Rule};
/// let err = ImageReference::parse("swr.cn-north-4.myhuaweicloud.com/1org/app").unwrap_err();
/// assert_eq!((err.part(), err.kind(), err.rule(), err.offset()), (Part::Namespace, Kind::SwrNamespace, Rule::InvalidStart, 33));
/// assert_eq!(
///     err.to_string(),
///     "invalid image reference: namespace (SWR namespace): must start with a lowercase letter, not '1' (byte 33)"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReferenceError {
    pub(super) part: Part,
    pub(super) profile: Profile,
    pub(super) error: Error,
}

impl ReferenceError {
    /// The part of the reference that broke.
    pub fn part(&self) -> Part {
        self.part
    }

    /// The rule the part broke.
    pub fn rule(&self) -> Rule {
        self.error.rule()
    }

    /// The byte offset in the whole reference where it stops being valid.
    pub fn offset(&self) -> usize {
        self.error.offset()
    }

    /// The grammar that refused the part (see the type's docs).
    pub fn kind(&self) -> Kind {
        self.error.kind()
    }

    /// The profile the reference was checked by (the domain's, or `oci` when the domain itself
    /// broke).
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The crate's error for the part, with the offset in the whole reference.
    pub fn error(&self) -> Error {
        self.error
    }
}

impl core::error::Error for ReferenceError {}

impl From<ReferenceError> for Error {
    fn from(e: ReferenceError) -> Error {
        e.error
    }
}
