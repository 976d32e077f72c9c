//! Image references with registry profiles (docs/grammars.md §10).
//!
//! ```ebnf
//! REFERENCE ::= NAME ( ":" TAG )? ( "@" DIGEST )?    /* TAG §3, DIGEST §7 */
//! NAME      ::= ( DOMAIN "/" )? PATH
//! DOMAIN    ::= HOST ( ":" PORT )?                  /* domain.rs */
//! PATH      ::= COMPONENT ( "/" COMPONENT )*         /* at most 255 bytes; oci::path */
//! COMPONENT ::= ALNUM+ ( SEP ALNUM+ )*
//! ALNUM     ::= [a-z0-9]
//! SEP       ::= "." | "_" | "__" | "-"+
//! ```
//!
//! The decisions this module makes, as docs/grammars.md §10 states them:
//!
//! - **The split** (`split.rs`) is docker's: the text before the first `/` is a DOMAIN when it
//!   holds `.`, `:` or an uppercase letter, begins with `[`, or is `localhost`; a part chosen as
//!   the domain must be a valid DOMAIN, never read again as a path component.
//! - **Profiles** (`profile.rs`): the DOMAIN selects which registry's rules PATH also follows.
//!   SWR's hosts need `NAMESPACE/REPOSITORY` by §1 and §2, `quay.io` a §5 repository path, every
//!   other host (and no host) distribution's grammar alone; a [`Profile`] names each, and
//!   [`Profiles`] maps further hosts. Every profile checks the generic grammar and its 255-byte
//!   limit too, as a client does before it contacts the registry.
//! - **Nothing is rewritten**: no `docker.io/library/` is added and no `latest` assumed;
//!   [`ImageReference::normalized`] gives Docker's form when it is wanted.
//! - **An error names the part that broke** ([`Part`]) and its byte offset in the whole
//!   reference ([`ReferenceError`]).
//!
//! `parse.rs` reads the parts in that order with each family's own grammar: `oci::path`, then
//! `swr::namespace` and `swr::plain_repository` or `quay::repository_path`, `tag::tag` and
//! `oci::digest`.
//!
//! ```
//! use registry_names::reference::{ImageReference, Part, Profile};
//! use registry_names::Rule;
//!
//! let image = ImageReference::parse("swr.cn-north-4.myhuaweicloud.com/group/busybox:latest")?;
//! assert_eq!(image.profile(), Profile::Swr);
//! assert_eq!(image.namespace(), Some("group"));
//! assert_eq!(image.tag().map(|t| t.as_str()), Some("latest"));
//!
//! let err = ImageReference::parse("quay.io/a/app").unwrap_err();
//! assert_eq!((err.part(), err.rule(), err.offset()), (Part::Namespace, Rule::TooShort, 9));
//! # Ok::<(), registry_names::reference::ReferenceError>(())
//! ```

mod domain;
mod error;
mod parse;
mod profile;
mod split;
#[cfg(test)]
mod tests;

pub use error::{Part, ReferenceError};
pub use profile::{Profile, Profiles};

use crate::kind::Kind;
use crate::tag::Tag;
use crate::{oci, quay, swr};
use core::fmt;
use parse::Spans;
use profile::BUILTIN;

#[cfg(test)]
pub(crate) use domain::{dns_name, LowercaseName};
#[cfg(test)]
pub(crate) use parse::swr_rules_hold;
#[cfg(test)]
pub(crate) use profile::builtin;

/// Longest PATH (the part after the domain, before any tag or digest), in bytes.
pub const MAX_PATH_LEN: usize = oci::MAX_PATH_LEN;

/// An image reference, validated by its host's profile without allocating (docs/grammars.md
/// §10).
///
/// Borrowed from the text it was parsed from, which [`as_str`](Self::as_str), `Deref` and
/// `Display` give back exactly; comparisons and hashing use that text (two parses of one text
/// with different [`Profiles`] are equal). The accessors slice it.
///
/// ```
/// use registry_names::reference::{Host, ImageReference, Profile};
/// let hex = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";
/// let text = format!("localhost:5000/a/b:v1@sha256:{hex}");
/// let image = ImageReference::parse(&text)?;
/// let domain = image.domain().unwrap();
/// assert_eq!((domain.host(), domain.port()), (Host::Name("localhost"), Some("5000")));
/// assert_eq!(image.path(), "a/b");
/// assert_eq!(image.tag().unwrap(), "v1");
/// assert_eq!(image.digest().unwrap().encoded(), hex);
/// assert_eq!(image.profile(), Profile::Oci);
/// assert_eq!(image.to_string(), text);
/// # Ok::<(), registry_names::reference::ReferenceError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ImageReference<'a> {
    text: &'a str,
    spans: Spans,
    profile: Profile,
}

impl<'a> ImageReference<'a> {
    /// The kind of name this type holds.
    pub const KIND: Kind = Kind::ImageReference;

    /// Validates `input` with the built-in profiles. Never allocates.
    ///
    /// # Errors
    /// A [`ReferenceError`] naming the part, the rule and the byte offset.
    pub fn parse(input: &'a str) -> Result<Self, ReferenceError> {
        Self::parse_with(input, &BUILTIN)
    }

    /// Validates `input` with `profiles` deciding which hosts are SWR or Quay. Never allocates.
    ///
    /// # Errors
    /// A [`ReferenceError`] naming the part, the rule and the byte offset.
    #[inline(never)]
    pub fn parse_with(input: &'a str, profiles: &Profiles) -> Result<Self, ReferenceError> {
        // Where most callers enter: the parse is inlined, so the value is built where it is
        // returned rather than copied from a result in between (BENCHMARKS.md).
        let (spans, profile) = parse::parse(input.as_bytes(), profiles)?;
        Ok(ImageReference {
            text: input,
            spans,
            profile,
        })
    }

    /// [`Self::parse`] for raw bytes, as they come off the network; bytes that are not UTF-8 are
    /// never valid here. Never allocates.
    ///
    /// # Errors
    /// A [`ReferenceError`] naming the part, the rule and the byte offset.
    pub fn parse_bytes(input: &'a [u8]) -> Result<Self, ReferenceError> {
        Self::parse_bytes_with(input, &BUILTIN)
    }

    /// [`Self::parse_with`] for raw bytes; bytes that are not UTF-8 are never valid here.
    ///
    /// # Errors
    /// A [`ReferenceError`] naming the part, the rule and the byte offset.
    pub fn parse_bytes_with(input: &'a [u8], profiles: &Profiles) -> Result<Self, ReferenceError> {
        let (spans, profile) = spans_of(input, profiles)?;
        // Every accepted reference is ASCII, so this never fails; it keeps the slicing safe.
        let text =
            crate::name::utf8(Kind::ImageReference, input).map_err(|error| ReferenceError {
                part: Part::Repository,
                profile,
                error,
            })?;
        Ok(ImageReference {
            text,
            spans,
            profile,
        })
    }

    /// The reference as it was given.
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    /// The profile the PATH was checked by.
    pub const fn profile(&self) -> Profile {
        self.profile
    }

    /// The DOMAIN, when the reference has one.
    pub fn domain(&self) -> Option<Domain<'a>> {
        (self.spans.domain_end > 0).then(|| Domain {
            text: self.slice(0, self.spans.domain_end),
            host_end: self.spans.host_end,
        })
    }

    /// The registry a client pulls from, as docker reads the reference: its DOMAIN (with the
    /// port), or `docker.io` when it has none or names Docker Hub by its old name
    /// `index.docker.io`.
    ///
    /// ```
    /// use registry_names::reference::ImageReference;
    /// let registry = |r| ImageReference::parse(r).unwrap().registry();
    /// assert_eq!(registry("nginx"), "docker.io");
    /// assert_eq!(registry("index.docker.io/library/nginx"), "docker.io");
    /// assert_eq!(registry("localhost:5000/app"), "localhost:5000");
    /// ```
    pub fn registry(&self) -> &'a str {
        match self.domain() {
            Some(d) if d.as_str() != "index.docker.io" => d.as_str(),
            _ => DOCKER_HUB,
        }
    }

    /// PATH: everything after the domain's `/`, up to the tag or digest.
    pub fn path(&self) -> &'a str {
        self.slice(self.spans.path_start, self.spans.path_end)
    }

    /// The `/`-separated components of PATH.
    pub fn components(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.path().split('/')
    }

    /// The registry's view of PATH: typed per profile.
    pub fn name(&self) -> Name<'a> {
        let path = self.path();
        match self.profile {
            Profile::Swr => match path.split_once('/') {
                Some((namespace, repository)) => Name::Swr {
                    namespace: swr::Namespace::from_valid(namespace),
                    repository: swr::Repository::from_valid(repository),
                },
                None => Name::Oci(path),
            },
            Profile::Quay => Name::Quay(quay::RepositoryPath::from_valid(path)),
            Profile::Oci => Name::Oci(path),
        }
    }

    /// The namespace in the SWR and Quay profiles (the first component of PATH); `None` in `oci`.
    pub fn namespace(&self) -> Option<&'a str> {
        match self.profile {
            Profile::Swr | Profile::Quay => self.path().split('/').next(),
            Profile::Oci => None,
        }
    }

    /// The TAG, when there is one (none is assumed).
    pub fn tag(&self) -> Option<Tag<'a>> {
        (self.spans.tag_end > self.spans.path_end)
            .then(|| Tag::from_valid(self.slice(self.spans.path_end + 1, self.spans.tag_end)))
    }

    /// The DIGEST, when there is one.
    pub fn digest(&self) -> Option<oci::Digest<'a>> {
        (self.spans.tag_end < self.text.len())
            .then(|| oci::Digest::from_valid(self.slice(self.spans.tag_end + 1, self.text.len())))
    }

    /// Docker's normalised form, written without allocating: `docker.io` when there is no
    /// domain, `library/` before a one-component PATH on Docker Hub, `:latest` when there is
    /// neither tag nor digest. Only on request: nothing else rewrites a reference.
    ///
    /// ```
    /// use registry_names::reference::ImageReference;
    /// let nginx = ImageReference::parse("nginx")?;
    /// assert_eq!(nginx.normalized().to_string(), "docker.io/library/nginx:latest");
    /// assert_eq!(nginx.as_str(), "nginx");
    /// let quay = ImageReference::parse("quay.io/org/app:v1")?;
    /// assert_eq!(quay.normalized().to_string(), "quay.io/org/app:v1");
    /// # Ok::<(), registry_names::reference::ReferenceError>(())
    /// ```
    pub fn normalized(&self) -> Normalized<'a> {
        Normalized(*self)
    }

    /// Copies the reference into its owned form.
    #[cfg(feature = "alloc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
    pub fn into_owned(self) -> ImageReferenceBuf {
        ImageReferenceBuf {
            text: alloc::string::String::from(self.text),
            spans: self.spans,
            profile: self.profile,
        }
    }
}

/// An owned, validated [`ImageReference`], for references that are stored.
///
/// Built with `FromStr`, `TryFrom<&str>`, `TryFrom<String>` (which keeps the `String`) or
/// [`ImageReferenceBuf::parse_with`]; `Display` gives the text back exactly, and it shows,
/// compares, orders and hashes as that `str` (`Borrow<str>`), so a `HashMap` keyed by it can be
/// searched with a `&str`; it equals its borrowed form with the same text. With the `serde`
/// feature its `Deserialize` validates with the built-in profiles and fails with a bounded
/// message.
///
/// ```
/// use registry_names::reference::ImageReferenceBuf;
/// let image: ImageReferenceBuf = "quay.io/quayadmin/busybox:1.36".parse()?;
/// assert_eq!(image.as_name().namespace(), Some("quayadmin"));
/// assert_eq!(image.to_string(), "quay.io/quayadmin/busybox:1.36");
/// assert_eq!(image, "quay.io/quayadmin/busybox:1.36");
/// # Ok::<(), registry_names::reference::ReferenceError>(())
/// ```
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
#[derive(Debug, Clone)]
pub struct ImageReferenceBuf {
    text: alloc::string::String,
    spans: Spans,
    profile: Profile,
}

#[cfg(feature = "alloc")]
const _: () = {
    impl ImageReferenceBuf {
        /// The kind of name this type holds.
        pub const KIND: Kind = Kind::ImageReference;

        /// Validates `input` with `profiles` and keeps it (no copy).
        ///
        /// # Errors
        /// A [`ReferenceError`] naming the part, the rule and the byte offset.
        pub fn parse_with(
            input: alloc::string::String,
            profiles: &Profiles,
        ) -> Result<Self, ReferenceError> {
            let (spans, profile) = spans_of(input.as_bytes(), profiles)?;
            Ok(ImageReferenceBuf {
                text: input,
                spans,
                profile,
            })
        }

        /// Borrows the validated reference without checking it again.
        pub fn as_name(&self) -> ImageReference<'_> {
            ImageReference {
                text: &self.text,
                spans: self.spans,
                profile: self.profile,
            }
        }

        /// The reference as it was given.
        pub fn as_str(&self) -> &str {
            &self.text
        }

        /// Gives the `String` back.
        pub fn into_string(self) -> alloc::string::String {
            self.text
        }

        /// Validates with the built-in profiles and keeps the `String`: `TryFrom<String>`.
        fn from_string(input: alloc::string::String) -> Result<Self, ReferenceError> {
            Self::parse_with(input, &BUILTIN)
        }
    }
};

crate::name::name_traits!(ImageReference, ImageReferenceBuf, ReferenceError);

/// PATH as the profile's registry sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Name<'a> {
    /// SWR: an organization and a repository (§1, §2).
    Swr {
        /// The organization, PATH's first component.
        namespace: swr::Namespace<'a>,
        /// The repository after it, which may hold further `/`.
        repository: swr::Repository<'a>,
    },
    /// Quay: a repository path (§5).
    Quay(quay::RepositoryPath<'a>),
    /// Any other registry: PATH itself.
    Oci(&'a str),
}

/// A reference's DOMAIN: a host and an optional port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Domain<'a> {
    text: &'a str,
    host_end: usize,
}

impl<'a> Domain<'a> {
    /// The domain as written, `host[:port]`.
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// The host.
    pub fn host(&self) -> Host<'a> {
        let host = self.text.get(..self.host_end).unwrap_or_default();
        if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            Host::Ipv6(inner)
        } else if is_ipv4(host) {
            Host::Ipv4(host)
        } else {
            Host::Name(host)
        }
    }

    /// The port's digits, when there is a port (no range check, as distribution).
    pub fn port(&self) -> Option<&'a str> {
        self.text.get(self.host_end..)?.strip_prefix(':')
    }
}

impl fmt::Display for Domain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

/// Four decimal numbers of at most three digits, each at most 255, joined by `.`.
fn is_ipv4(host: &str) -> bool {
    let mut parts = 0;
    for part in host.split('.') {
        parts += 1;
        // An empty part has all its (no) digits but does not parse.
        let octet = part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && part.parse::<u16>().is_ok_and(|n| n <= 255);
        if !octet {
            return false;
        }
    }
    parts == 4
}

/// A host as the grammar reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Host<'a> {
    /// A DNS name such as `quay.io` or `localhost`.
    Name(&'a str),
    /// A dotted IPv4 address such as `10.125.0.198`.
    Ipv4(&'a str),
    /// A bracketed IPv6 address, given without its brackets (`::1` from `[::1]`).
    Ipv6(&'a str),
}

/// Docker Hub, the registry of a reference without a DOMAIN.
pub(crate) const DOCKER_HUB: &str = "docker.io";

/// Docker's normalised form of a reference; see [`ImageReference::normalized`].
#[derive(Debug, Clone, Copy)]
pub struct Normalized<'a>(ImageReference<'a>);

impl fmt::Display for Normalized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let image = &self.0;
        let domain = image.registry();
        f.write_str(domain)?;
        f.write_str("/")?;
        if domain == DOCKER_HUB && !image.path().contains('/') {
            f.write_str("library/")?;
        }
        // The tag and digest as given, or `latest` when there is neither.
        f.write_str(image.text.get(image.spans.path_start..).unwrap_or_default())?;
        if image.tag().is_none() && image.digest().is_none() {
            f.write_str(":latest")?;
        }
        Ok(())
    }
}

/// [`parse::parse`] for the entry points other than [`ImageReference::parse_with`]: one copy of
/// it out of line.
#[inline(never)]
fn spans_of(input: &[u8], profiles: &Profiles) -> Result<(Spans, Profile), ReferenceError> {
    parse::parse(input, profiles)
}

/// [`Kind::validate`] for [`Kind::ImageReference`], with the built-in profiles.
#[inline(never)]
pub(crate) fn check_reference(input: &[u8]) -> Result<(), crate::error::Error> {
    spans_of(input, &BUILTIN).map(drop).map_err(|e| e.error)
}
