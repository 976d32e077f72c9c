//! One entry point over every family: [`Kind::validate`] picks the kind's grammar.

use crate::kind::Kind;
use crate::{error::Error, git, oci, quay, reference, swr, tag};

impl Kind {
    /// Checks `input` against this kind's grammar without building a typed value. Never
    /// allocates; any bytes are accepted as input.
    ///
    /// ```
    /// use registry_names::{Kind, Rule};
    /// assert!(Kind::SwrRepositoryPath.validate(b"library$nginx").is_ok());
    /// let err = Kind::SwrRepositoryPath.validate(b"library/nginx").unwrap_err();
    /// assert_eq!(err.rule(), Rule::SlashInPathForm);
    /// ```
    #[inline]
    pub fn validate(self, input: &[u8]) -> Result<(), Error> {
        match self {
            Kind::SwrNamespace => swr::check_namespace(input),
            Kind::SwrRepository => swr::check_repository(input),
            Kind::SwrRepositoryPath => swr::check_repository_path(input),
            Kind::Tag => tag::check_tag(input),
            Kind::QuayNamespace => quay::check_namespace(input),
            Kind::QuayRepository => quay::check_repository_path(input),
            Kind::QuayTagFilter => quay::check_tag_filter(input),
            Kind::OciDigest => oci::check_digest(input),
            Kind::GitTag => git::check_tag_name(input),
            Kind::GitBranch => git::check_branch_name(input),
            Kind::GitRefname => git::check_refname(input),
            Kind::ImageReference => reference::check_reference(input),
        }
    }
}
