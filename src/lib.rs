#![doc = include_str!("../README.md")]
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(all(feature = "scan", not(test)))]
extern crate std;

mod error;
pub mod git;
mod grammar;
mod name;
pub mod oci;
pub mod quay;
#[cfg(feature = "scan")]
pub mod scan;
pub mod swr;
mod tag;

pub use error::{Error, Kind, Rule};
#[cfg(feature = "alloc")]
pub use tag::TagBuf;
pub use tag::{Tag, MAX_TAG_LEN};

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
        }
    }
}
