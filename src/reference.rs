//! Image references `[DOMAIN "/"] PATH [":" TAG] ["@" DIGEST]` with registry profiles (spec §10).
//!
//! The DOMAIN selects a [`Profile`]: SWR's hosts check PATH as `NAMESPACE/REPOSITORY` by §1 and
//! §2, `quay.io` by §5, every other host (and no host) by distribution's generic PATH grammar
//! alone. Every profile also checks the generic grammar and its 255-byte limit, as a client does
//! before it contacts the registry. Nothing is rewritten: no `docker.io/library/` is added and no
//! `latest` assumed; [`ImageReference::normalized`] gives Docker's form when it is wanted.
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

use crate::error::{limit, Error, Expected, Failure, Rule};
use crate::grammar::{
    before_any, before_byte, contains_byte, eq_lowercase, fail, is_components, long_components,
    ByteSet, PResult, Separated, Separators, LONG_MIN, WORD,
};
use crate::kind::Kind;
use crate::tag::Tag;
use crate::{oci, quay, swr, tag};
use core::fmt;
use nom::Err;

/// Longest PATH (the part after the domain, before any tag or digest), in bytes.
pub const MAX_PATH_LEN: usize = 255;

/// Which registry's rules a reference's PATH must follow, chosen by its DOMAIN (spec §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    /// Huawei Cloud SWR: `NAMESPACE/REPOSITORY`, §1 and §2 plain form.
    Swr,
    /// Red Hat Quay: §5 (a §4 namespace, then the name segments).
    Quay,
    /// Any other registry: distribution's generic PATH grammar only.
    Oci,
}

impl Profile {
    /// Every profile, in the order the command-line tool lists them.
    pub const ALL: [Profile; 3] = [Profile::Swr, Profile::Quay, Profile::Oci];

    /// The stable id: `swr`, `quay` or `oci`.
    pub const fn id(self) -> &'static str {
        match self {
            Profile::Swr => "swr",
            Profile::Quay => "quay",
            Profile::Oci => "oci",
        }
    }

    /// Looks a profile up by its id.
    ///
    /// ```
    /// use registry_names::reference::Profile;
    /// assert_eq!(Profile::from_id("quay"), Some(Profile::Quay));
    /// assert_eq!(Profile::from_id("Quay"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<Profile> {
        Self::ALL.into_iter().find(|p| p.id() == id)
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The part of a reference an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The DOMAIN: host and port.
    Domain,
    /// The namespace at the start of PATH (SWR and Quay profiles).
    Namespace,
    /// PATH, or in the SWR and Quay profiles the repository after the namespace.
    Repository,
    /// The TAG after `:`.
    Tag,
    /// The DIGEST after `@`.
    Digest,
}

impl Part {
    /// The stable id: `domain`, `namespace`, `repository`, `tag` or `digest`.
    pub const fn id(self) -> &'static str {
        match self {
            Part::Domain => "domain",
            Part::Namespace => "namespace",
            Part::Repository => "repository",
            Part::Tag => "tag",
            Part::Digest => "digest",
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Why a reference is invalid: the part that broke, the rule, and the byte offset in the whole
/// reference.
///
/// [`kind`](Self::kind) is the grammar that refused the part: [`Kind::SwrNamespace`] for an SWR
/// namespace, [`Kind::Tag`] for a tag, [`Kind::OciDigest`] for a digest, and
/// [`Kind::ImageReference`] for the domain and the generic PATH grammar. `Display` never quotes
/// the input; [`with_input`](Self::with_input) quotes at most its first [`QUOTE_LIMIT`](crate::QUOTE_LIMIT) bytes.
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
    part: Part,
    profile: Profile,
    error: Error,
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

    /// The message without the prefix and the offset, e.g. `the tag is empty`.
    pub fn message(&self) -> impl fmt::Display + '_ {
        self.error.message()
    }

    /// Displays as `invalid image reference "INPUT": PART: MESSAGE (byte N)`, quoting `input` as
    /// [`quote`](crate::quote()) does: at most [`QUOTE_LIMIT`](crate::QUOTE_LIMIT) bytes.
    pub fn with_input<'a, I: AsRef<[u8]> + ?Sized>(
        &'a self,
        input: &'a I,
    ) -> impl fmt::Display + 'a {
        WithInput {
            error: self,
            input: input.as_ref(),
        }
    }

    fn write_detail(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.part)?;
        if self.error.kind() != Kind::ImageReference {
            write!(f, " ({})", self.error.kind().noun())?;
        }
        write!(
            f,
            ": {} (byte {})",
            self.error.message(),
            self.error.offset()
        )
    }
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid image reference: ")?;
        self.write_detail(f)
    }
}

impl core::error::Error for ReferenceError {}

impl From<ReferenceError> for Error {
    fn from(e: ReferenceError) -> Error {
        e.error
    }
}

struct WithInput<'a> {
    error: &'a ReferenceError,
    input: &'a [u8],
}

impl fmt::Display for WithInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid image reference {}: ", crate::quote(self.input))?;
        self.error.write_detail(f)
    }
}

/// A host and the profile its references follow, set by configuration.
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Configured {
    /// The host in lowercase ASCII.
    host: alloc::string::String,
    /// The port, when the configuration names one: then only that port matches.
    port: Option<alloc::string::String>,
    profile: Profile,
}

/// Which profile each host selects (spec §10).
///
/// The default ([`Profiles::new`]) needs no configuration: SWR's three host families
/// (`swr.REGION.myhuaweicloud.com`, `swr.REGION.myhuaweicloud.eu`, `swr.REGION.otc.t-systems.com`)
/// are `swr`, `quay.io` is `quay`, every other host and no host is `oci`. Hosts compare
/// ASCII-case-insensitively, whatever the reference's port. With `alloc`, [`Profiles::insert`]
/// maps further hosts; those come before the built-in ones.
///
/// ```
/// use registry_names::reference::{ImageReference, Profile, Profiles};
/// let mut profiles = Profiles::new();
/// profiles.insert("registry.example.com:5000", Profile::Swr)?;
/// let err = ImageReference::parse_with("registry.example.com:5000/busybox", &profiles).unwrap_err();
/// assert_eq!(err.rule(), registry_names::Rule::MissingNamespace);
/// // Another port of the same host is not configured.
/// assert!(ImageReference::parse_with("registry.example.com/busybox", &profiles).is_ok());
/// # Ok::<(), registry_names::reference::ReferenceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Profiles {
    /// Whether the built-in SWR and Quay hosts select their profiles.
    builtin: bool,
    #[cfg(feature = "alloc")]
    configured: alloc::vec::Vec<Configured>,
}

impl Profiles {
    /// The built-in profiles only.
    pub const fn new() -> Profiles {
        Profiles {
            builtin: true,
            #[cfg(feature = "alloc")]
            configured: alloc::vec::Vec::new(),
        }
    }

    /// No built-in host: every reference is `oci` (distribution's grammar alone) unless
    /// [`insert`](Self::insert) maps its host. For a generic client that talks to any registry.
    ///
    /// ```
    /// use registry_names::reference::{ImageReference, Profile, Profiles};
    /// let image = ImageReference::parse_with("quay.io/a/app", &Profiles::oci_only())?;
    /// assert_eq!(image.profile(), Profile::Oci);
    /// # Ok::<(), registry_names::reference::ReferenceError>(())
    /// ```
    pub const fn oci_only() -> Profiles {
        Profiles {
            builtin: false,
            #[cfg(feature = "alloc")]
            configured: alloc::vec::Vec::new(),
        }
    }

    /// Maps `domain` (a DOMAIN as in a reference: a host, and optionally `:PORT`) to `profile`.
    /// Without a port every port of the host matches; with one, only that port. A later insert
    /// for the same domain replaces the earlier one.
    ///
    /// # Errors
    /// A [`ReferenceError`] about [`Part::Domain`] when `domain` is not a valid DOMAIN.
    #[cfg(feature = "alloc")]
    #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
    pub fn insert(&mut self, domain: &str, profile: Profile) -> Result<(), ReferenceError> {
        let spans = parse_domain(domain.as_bytes(), domain.len())?;
        let host = domain[..spans.host_end].to_ascii_lowercase();
        let port = (spans.host_end < domain.len())
            .then(|| alloc::string::String::from(&domain[spans.host_end + 1..]));
        self.configured
            .retain(|c| !(c.host == host && c.port == port));
        self.configured.push(Configured {
            host,
            port,
            profile,
        });
        Ok(())
    }

    /// The profile of a reference whose host is `host` and port `port`.
    ///
    /// ```
    /// use registry_names::reference::{Profile, Profiles};
    /// let profiles = Profiles::new();
    /// assert_eq!(profiles.profile_of("QUAY.IO", Some("443")), Profile::Quay);
    /// assert_eq!(profiles.profile_of("swr.ap-southeast-1.myhuaweicloud.com", None), Profile::Swr);
    /// assert_eq!(profiles.profile_of("docker.io", None), Profile::Oci);
    /// ```
    pub fn profile_of(&self, host: &str, port: Option<&str>) -> Profile {
        self.select(host.as_bytes(), port.map(str::as_bytes))
    }

    fn select(&self, host: &[u8], port: Option<&[u8]>) -> Profile {
        #[cfg(feature = "alloc")]
        if !self.configured.is_empty() {
            if let Some(profile) = self.configured(host, port) {
                return profile;
            }
        }
        let _ = port;
        if self.builtin {
            builtin(host)
        } else {
            Profile::Oci
        }
    }

    /// The profile configured for `host` and `port`, if any. Out of line: the built-in
    /// profiles, what most callers use, need none of its work.
    #[cfg(feature = "alloc")]
    #[inline(never)]
    fn configured(&self, host: &[u8], port: Option<&[u8]>) -> Option<Profile> {
        // The newest entry wins where a port-specific and a host-wide one both match: the
        // port-specific one is checked first.
        let matching = |c: &&Configured| host.eq_ignore_ascii_case(c.host.as_bytes());
        self.configured
            .iter()
            .filter(matching)
            .find(|c| c.port.as_deref().map(str::as_bytes) == port)
            .or_else(|| {
                self.configured
                    .iter()
                    .filter(matching)
                    .find(|c| c.port.is_none())
            })
            .map(|c| c.profile)
    }
}

impl Default for Profiles {
    /// [`Profiles::new`]: the built-in hosts.
    fn default() -> Profiles {
        Profiles::new()
    }
}

/// The built-in profiles, for the entry points that take none.
static BUILTIN: Profiles = Profiles::new();

/// The built-in profile of `host`.
///
/// Decided from the length and the ends of the host before anything reads it whole: `quay.io` is
/// the only 7-byte host of a profile, and an SWR host is `swr.`, one DNS label and one of three
/// suffixes of 17 or 18 bytes, so at least 22 bytes; the ends are compared at a fixed size.
fn builtin(host: &[u8]) -> Profile {
    if let Ok(host) = <&[u8; 7]>::try_from(host) {
        return if eq_lowercase(host, b"quay.io") {
            Profile::Quay
        } else {
            Profile::Oci
        };
    }
    let swr = host.len() >= 22 && starts_with_lowercase(host, b"swr.");
    let suffix = if !swr {
        return Profile::Oci;
    } else if ends_with_lowercase(host, b".myhuaweicloud.com")
        || ends_with_lowercase(host, b".otc.t-systems.com")
    {
        18
    } else if ends_with_lowercase(host, b".myhuaweicloud.eu") {
        17
    } else {
        return Profile::Oci;
    };
    let region = &host[4..host.len() - suffix];
    if region.is_empty() || contains_byte(b'.', region) {
        Profile::Oci
    } else {
        Profile::Swr
    }
}

/// Whether `host` starts with `lowercase` in any ASCII case.
#[inline(always)]
fn starts_with_lowercase<const N: usize>(host: &[u8], lowercase: &[u8; N]) -> bool {
    host.first_chunk()
        .is_some_and(|start| eq_lowercase(start, lowercase))
}

/// Whether `host` ends with `lowercase` in any ASCII case.
#[inline(always)]
fn ends_with_lowercase<const N: usize>(host: &[u8], lowercase: &[u8; N]) -> bool {
    host.last_chunk()
        .is_some_and(|end| eq_lowercase(end, lowercase))
}

/// Where the parts of a valid reference are: byte offsets into its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Spans {
    /// End of the host (0 when there is no domain).
    host_end: usize,
    /// End of the domain, at its `/` (0 when there is none).
    domain_end: usize,
    /// Start of PATH: 0, or one past the domain's `/`.
    path_start: usize,
    /// End of PATH.
    path_end: usize,
    /// End of the tag; `path_end` when there is none. A digest follows its `@`.
    tag_end: usize,
}

/// An image reference, validated by its host's profile without allocating (spec §10).
///
/// Borrowed from the text it was parsed from, which [`as_str`](Self::as_str), `Deref` and
/// `Display` give back exactly; comparisons and hashing use that text. The accessors slice it.
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
        let (spans, profile) = parse(input.as_bytes(), profiles)?;
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

/// Docker's normalised form of a reference; see [`ImageReference::normalized`].
#[derive(Debug, Clone, Copy)]
pub struct Normalized<'a>(ImageReference<'a>);

impl fmt::Display for Normalized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let image = &self.0;
        let domain = match image.domain() {
            None => "docker.io",
            Some(d) if d.as_str() == "index.docker.io" => "docker.io",
            Some(d) => d.as_str(),
        };
        f.write_str(domain)?;
        f.write_str("/")?;
        if domain == "docker.io" && !image.path().contains('/') {
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

impl core::ops::Deref for ImageReference<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.text
    }
}

impl AsRef<str> for ImageReference<'_> {
    fn as_ref(&self) -> &str {
        self.text
    }
}

impl AsRef<[u8]> for ImageReference<'_> {
    fn as_ref(&self) -> &[u8] {
        self.text.as_bytes()
    }
}

impl core::borrow::Borrow<str> for ImageReference<'_> {
    fn borrow(&self) -> &str {
        self.text
    }
}

impl fmt::Display for ImageReference<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

// Equality, order and hash are the text's, as `Borrow<str>` requires: two parses of one text
// with different `Profiles` are equal.
impl PartialEq for ImageReference<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for ImageReference<'_> {}

impl PartialOrd for ImageReference<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ImageReference<'_> {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.text.cmp(other.text)
    }
}

impl core::hash::Hash for ImageReference<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state)
    }
}

crate::name::str_eq!(ImageReference<'_>, |v| v.text);

impl<'a> TryFrom<&'a str> for ImageReference<'a> {
    type Error = ReferenceError;
    fn try_from(input: &'a str) -> Result<Self, ReferenceError> {
        Self::parse(input)
    }
}

impl<'a> TryFrom<&'a [u8]> for ImageReference<'a> {
    type Error = ReferenceError;
    fn try_from(input: &'a [u8]) -> Result<Self, ReferenceError> {
        Self::parse_bytes(input)
    }
}

impl<'a> From<ImageReference<'a>> for &'a str {
    fn from(image: ImageReference<'a>) -> &'a str {
        image.text
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
/// assert_eq!(image.as_reference().namespace(), Some("quayadmin"));
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
    pub fn as_reference(&self) -> ImageReference<'_> {
        ImageReference {
            text: &self.text,
            spans: self.spans,
            profile: self.profile,
        }
    }

    /// [`as_reference`](Self::as_reference) under the name every other owned type gives it.
    pub fn as_name(&self) -> ImageReference<'_> {
        self.as_reference()
    }

    /// The reference as it was given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Gives the `String` back.
    pub fn into_string(self) -> alloc::string::String {
        self.text
    }
}

/// What validating a reference found: where its parts are and its profile.
#[cfg(feature = "serde")]
pub(crate) struct Checked(Spans, Profile);

/// Validates `input` with the built-in profiles, without copying it.
#[cfg(feature = "serde")]
pub(crate) fn check_builtin(input: &str) -> Result<Checked, ReferenceError> {
    spans_of(input.as_bytes(), &BUILTIN).map(|(spans, profile)| Checked(spans, profile))
}

#[cfg(feature = "serde")]
impl ImageReferenceBuf {
    /// Wraps a string [`check_builtin`] accepted.
    pub(crate) fn from_checked(
        text: alloc::string::String,
        Checked(spans, profile): Checked,
    ) -> Self {
        ImageReferenceBuf {
            text,
            spans,
            profile,
        }
    }
}

#[cfg(feature = "alloc")]
impl core::str::FromStr for ImageReferenceBuf {
    type Err = ReferenceError;
    fn from_str(input: &str) -> Result<Self, ReferenceError> {
        ImageReference::parse(input).map(ImageReference::into_owned)
    }
}

#[cfg(feature = "alloc")]
impl TryFrom<alloc::string::String> for ImageReferenceBuf {
    type Error = ReferenceError;
    /// Validates with the built-in profiles and keeps the `String` (no copy).
    fn try_from(input: alloc::string::String) -> Result<Self, ReferenceError> {
        Self::parse_with(input, &BUILTIN)
    }
}

#[cfg(feature = "alloc")]
impl TryFrom<&str> for ImageReferenceBuf {
    type Error = ReferenceError;
    fn try_from(input: &str) -> Result<Self, ReferenceError> {
        input.parse()
    }
}

#[cfg(feature = "alloc")]
impl From<ImageReference<'_>> for ImageReferenceBuf {
    fn from(image: ImageReference<'_>) -> Self {
        image.into_owned()
    }
}

#[cfg(feature = "alloc")]
impl<'a> From<&'a ImageReferenceBuf> for ImageReference<'a> {
    fn from(image: &'a ImageReferenceBuf) -> Self {
        image.as_reference()
    }
}

#[cfg(feature = "alloc")]
impl From<ImageReferenceBuf> for alloc::string::String {
    fn from(image: ImageReferenceBuf) -> Self {
        image.text
    }
}

#[cfg(feature = "alloc")]
impl core::ops::Deref for ImageReferenceBuf {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

#[cfg(feature = "alloc")]
impl AsRef<str> for ImageReferenceBuf {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

#[cfg(feature = "alloc")]
impl AsRef<[u8]> for ImageReferenceBuf {
    fn as_ref(&self) -> &[u8] {
        self.text.as_bytes()
    }
}

#[cfg(feature = "alloc")]
impl core::borrow::Borrow<str> for ImageReferenceBuf {
    fn borrow(&self) -> &str {
        &self.text
    }
}

#[cfg(feature = "alloc")]
impl fmt::Display for ImageReferenceBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(feature = "alloc")]
impl PartialEq for ImageReferenceBuf {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

#[cfg(feature = "alloc")]
impl Eq for ImageReferenceBuf {}

#[cfg(feature = "alloc")]
impl PartialOrd for ImageReferenceBuf {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(feature = "alloc")]
impl Ord for ImageReferenceBuf {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}

#[cfg(feature = "alloc")]
impl core::hash::Hash for ImageReferenceBuf {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state)
    }
}

#[cfg(feature = "alloc")]
crate::name::str_eq!(ImageReferenceBuf, |v| v.text.as_str());

#[cfg(feature = "alloc")]
impl PartialEq<ImageReference<'_>> for ImageReferenceBuf {
    fn eq(&self, other: &ImageReference<'_>) -> bool {
        self.text == other.text
    }
}

#[cfg(feature = "alloc")]
impl PartialEq<ImageReferenceBuf> for ImageReference<'_> {
    fn eq(&self, other: &ImageReferenceBuf) -> bool {
        self.text == other.text
    }
}

// ---------------------------------------------------------------------------------------------
// The grammar.

/// PATH: `COMPONENT ("/" COMPONENT)*`, the component run of the shared core with `/` as one more
/// single-byte separator (a `/`, like any separator, sits between two alphanumerics), ended by
/// the tag's `:` or the digest's `@`.
struct PathSeparators;

impl Separated for PathSeparators {
    const SEPARATORS: Separators = Separators::new(b"._-/", true, Expected::SwrPlainRun)
        .terminated_by(b":@", Expected::ReferencePathThenTag);
}

/// `[A-Za-z0-9]`, a DNS label's first and last byte.
const HOST_ALNUM: ByteSet = ByteSet::EMPTY
    .range(b'a', b'z')
    .range(b'A', b'Z')
    .range(b'0', b'9');
/// `[A-Za-z0-9-]`, a DNS label's bytes.
const HOST_LABEL: ByteSet = HOST_ALNUM.with(b"-");
/// `[0-9A-Fa-f:]`, a bracketed IPv6 address's bytes.
const IPV6: ByteSet = ByteSet::EMPTY
    .range(b'0', b'9')
    .range(b'a', b'f')
    .range(b'A', b'F')
    .with(b":");
/// `[0-9]`
const DIGIT: ByteSet = ByteSet::EMPTY.range(b'0', b'9');

/// Runs a complete-input `grammar` on `input[start..end]` and reports its failure at the offset
/// in the whole of `input`, as `kind`'s error.
fn sub<'a>(
    input: &'a [u8],
    start: usize,
    end: usize,
    kind: Kind,
    grammar: impl FnOnce(&'a [u8]) -> PResult<'a>,
) -> Result<(), Error> {
    let part = &input[start..end];
    grammar(part).map(|_| ()).map_err(|e| {
        let f = failure(e);
        let at = start + (part.len() - f.rest_len.min(part.len()));
        Error::new(kind, input, at, f)
    })
}

/// Bytes that make the text before the first `/` a DOMAIN wherever they stand in it.
const DOMAIN_MARK: ByteSet = ByteSet::EMPTY.range(b'A', b'Z').with(b".:");

/// Where the DOMAIN ends (at the first `/`), when the reference has one (spec §10, docker's
/// split): the text before the first `/` holds `.`, `:` or an uppercase letter, begins with `[`,
/// or is `localhost`. One pass that stops at the first `/`.
#[inline]
fn domain_end(input: &[u8]) -> Option<usize> {
    if !contains_byte(b'/', input) {
        return None;
    }
    let mut marked = false;
    for (i, &b) in input.iter().enumerate() {
        if b == b'/' {
            let candidate = &input[..i];
            let domain = marked || candidate.first() == Some(&b'[') || candidate == b"localhost";
            return domain.then_some(i);
        }
        marked |= DOMAIN_MARK.contains(b);
    }
    None
}

/// A checked DOMAIN, the first `end` bytes of the reference: its host ends at `host_end`, and
/// a `:` and the port follow when that is before `end`.
struct DomainSpans {
    host_end: usize,
    end: usize,
}

/// How a reference begins (spec §10's split), the DOMAIN checked.
enum Start {
    /// A DOMAIN, then `/` and PATH.
    Domain(DomainSpans),
    /// PATH, with no domain.
    Path,
    /// PATH, with no domain, and already read: a single component of `end` bytes, at most
    /// [`MAX_PATH_LEN`].
    Component(usize),
}

/// How `input` begins, its DOMAIN checked when it has one.
#[inline(always)]
fn start(input: &[u8]) -> Result<Start, ReferenceError> {
    if let Some(start) = lowercase_start(input) {
        return Ok(start);
    }
    match domain_end(input) {
        Some(end) => parse_domain(input, end).map(Start::Domain),
        None => Ok(Start::Path),
    }
}

/// A DNS name in lowercase as a component run: `[a-z0-9]` runs joined by `.` or by a run of `-`.
struct HostLabels;

impl Separated for HostLabels {
    const SEPARATORS: Separators = Separators::new(b".-", true, Expected::HostBytes);
}

/// The split and the domain's check for the usual references, `None` for the others, which
/// [`domain_end`] and [`parse_domain`] read as §10 says: with no `/` there is no domain; before
/// the first `/`, a DNS name in lowercase, perhaps with a port, is a DOMAIN when it holds `.`
/// or a port or is `localhost` (`quay.io/…`, `localhost:5000/…`), and otherwise a path
/// component (`library/…`).
///
/// A short reference is read once from its first byte ([`read_start`]); in a longer one the `/`
/// is searched for first ([`search_start`]), since every later part waits for where the domain
/// ends (BENCHMARKS.md).
#[inline(always)]
fn lowercase_start(input: &[u8]) -> Option<Start> {
    if input.len() < LONG_MIN {
        read_start(input)
    } else {
        search_start(input)
    }
}

/// [`lowercase_start`] for a reference shorter than [`LONG_MIN`] bytes, by reading a lowercase
/// DNS name from the first byte: the byte after it
/// says what it was. A `/` after a name that holds `.` (or is `localhost`) ends a host, as does a
/// `:` with a port and a `/`; any other `/` ends a path component; and where there is no `/` at
/// all there is no domain and the name is the whole PATH (a valid tag holds no `/`, so only one
/// with a `/` needs the general reading). A `@` goes to the general reading: a reference with a
/// digest is longer than the ones read here.
#[inline(always)]
fn read_start(input: &[u8]) -> Option<Start> {
    let (rest, name) = long_components::<HostLabels>()(input).ok()?;
    // Shorter than LONG_MIN bytes, the name is always within MAX_PATH_LEN.
    const _: () = assert!(LONG_MIN <= MAX_PATH_LEN);
    let whole_path = |rest| (!contains_byte(b'/', rest)).then_some(Start::Component(name.len()));
    let end = match rest.first() {
        None => return whole_path(&[]),
        Some(b'/') if has_dot(name) || name == b"localhost" => name.len(),
        Some(b'/') => return Some(Start::Path),
        Some(b':') => {
            let port = DIGIT.span(&rest[1..]);
            match rest.get(1 + port) {
                Some(b'/') if port > 0 => name.len() + 1 + port,
                _ => return whole_path(rest),
            }
        }
        _ => return None,
    };
    Some(Start::Domain(DomainSpans {
        host_end: name.len(),
        end,
    }))
}

/// [`lowercase_start`] by searching for the first `/` and then checking the name before it as
/// a whole, so the search alone tells where PATH starts.
#[inline(always)]
fn search_start(input: &[u8]) -> Option<Start> {
    let end = before_byte(b'/', input);
    let Some(segment) = input.get(..end).filter(|_| end < input.len()) else {
        return Some(Start::Path);
    };
    if is_components::<HostLabels>(segment) {
        let domain = has_dot(segment) || segment == b"localhost";
        return Some(if domain {
            Start::Domain(DomainSpans { host_end: end, end })
        } else {
            Start::Path
        });
    }
    // `HOST ":" PORT`, which the `:` makes a DOMAIN.
    let host_end = before_byte(b':', segment);
    let (host, port) = segment.split_at(host_end);
    let digits = port.get(1..).unwrap_or_default();
    let port_valid = !digits.is_empty() && DIGIT.span(digits) == digits.len();
    (port_valid && is_components::<HostLabels>(host))
        .then_some(Start::Domain(DomainSpans { host_end, end }))
}

/// Whether a name read as [`HostLabels`] holds a `.`: only its bytes after the first can, which
/// is alphanumeric.
#[inline(always)]
fn has_dot(name: &[u8]) -> bool {
    name.split_first()
        .is_some_and(|(_, after)| contains_byte(b'.', after))
}

/// `HOST [":" PORT]` over `input[..end]`.
fn parse_domain(input: &[u8], end: usize) -> Result<DomainSpans, ReferenceError> {
    let domain = &input[..end];
    domain_grammar(domain).map_err(|e| {
        let f = failure(e);
        ReferenceError {
            part: Part::Domain,
            profile: Profile::Oci,
            error: Error::new(Kind::ImageReference, input, end - f.rest_len.min(end), f),
        }
    })
}

/// The failure a grammar gave; complete-input grammars never ask for more, but if one did, it
/// would be an early end.
fn failure(e: Err<Failure>) -> Failure {
    match e {
        Err::Error(f) | Err::Failure(f) => f,
        Err::Incomplete(_) => Failure::at(&[], Rule::Empty, Expected::MoreInput),
    }
}

fn domain_grammar(domain: &[u8]) -> Result<DomainSpans, Err<Failure>> {
    let end = domain.len();
    let host_end = host(domain)?;
    match domain.get(host_end) {
        None => Ok(DomainSpans { host_end, end }),
        Some(b':') => {
            let after = host_end + 1 + DIGIT.span(&domain[host_end + 1..]);
            if after == host_end + 1 && after == end {
                fail(&domain[after..], Rule::Empty, Expected::ThePort)
            } else if after < end {
                fail(
                    &domain[after..],
                    Rule::InvalidCharacter,
                    Expected::PortDigits,
                )
            } else {
                Ok(DomainSpans { host_end, end })
            }
        }
        Some(_) => fail(
            &domain[host_end..],
            Rule::InvalidCharacter,
            Expected::HostBytes,
        ),
    }
}

/// HOST: a DNS name (which covers dotted IPv4) or `"[" [0-9A-Fa-f:]+ "]"`; returns its length.
fn host(domain: &[u8]) -> Result<usize, Err<Failure>> {
    if domain.first() == Some(&b'[') {
        let n = IPV6.span(&domain[1..]);
        return match domain.get(1 + n) {
            Some(b']') if n > 0 => Ok(n + 2),
            Some(b']') => fail(&domain[1..], Rule::Empty, Expected::Ipv6Bytes),
            _ => fail(
                &domain[1 + n..],
                Rule::InvalidCharacter,
                Expected::Ipv6Bytes,
            ),
        };
    }
    // Labels `[A-Za-z0-9] ([A-Za-z0-9-]* [A-Za-z0-9])?` joined by single dots.
    let mut pos = 0;
    loop {
        match domain.get(pos) {
            Some(&b) if HOST_ALNUM.contains(b) => {}
            None if pos == 0 => return fail(&domain[0..], Rule::Empty, Expected::TheDomain),
            Some(_) if pos == 0 => {
                return fail(&domain[0..], Rule::InvalidStart, Expected::HostLabelStart)
            }
            // After a dot: the name may not end there, nor hold two separators in a row.
            None | Some(b':') => {
                return fail(
                    &domain[pos - 1..],
                    Rule::TrailingSeparator,
                    Expected::HostBytes,
                )
            }
            Some(b'.' | b'-') => {
                return fail(
                    &domain[pos..],
                    Rule::AdjacentSeparators,
                    Expected::HostBytes,
                )
            }
            Some(_) => return fail(&domain[pos..], Rule::InvalidCharacter, Expected::HostBytes),
        }
        // Labels are short: a plain loop beats the chunked span here.
        let mut label_end = pos + 1;
        while domain
            .get(label_end)
            .is_some_and(|&b| HOST_LABEL.contains(b))
        {
            label_end += 1;
        }
        if domain[label_end - 1] == b'-' {
            // A label ends with an alphanumeric: say where the hyphens that end it began.
            let hyphens = domain[pos..label_end]
                .iter()
                .rev()
                .take_while(|&&b| b == b'-')
                .count();
            return match domain.get(label_end) {
                Some(b'.') => fail(
                    &domain[label_end..],
                    Rule::AdjacentSeparators,
                    Expected::HostBytes,
                ),
                None | Some(b':') => fail(
                    &domain[label_end - hyphens..],
                    Rule::TrailingSeparator,
                    Expected::HostBytes,
                ),
                Some(_) => fail(
                    &domain[label_end..],
                    Rule::InvalidCharacter,
                    Expected::HostBytes,
                ),
            };
        }
        match domain.get(label_end) {
            Some(b'.') => pos = label_end + 1,
            _ => return Ok(label_end),
        }
    }
}

/// PATH on `input[start..]`: the generic grammar and its limit; returns where PATH ends.
#[inline(always)]
fn path(input: &[u8], start: usize) -> Result<usize, Error> {
    let rest = &input[start..];
    // A valid PATH ends at the first `:` or `@` (or the end). In the first 64 bytes, where most
    // PATHs end, a search finds it and the bytes before are then checked as a whole, so the tag
    // need not wait for a reading of the PATH (BENCHMARKS.md); a longer PATH, or one that fails,
    // is read by the grammar below.
    let head = &rest[..rest.len().min(64)];
    let end = before_any([b':', b'@'], head);
    if (end < head.len() || head.len() == rest.len())
        && is_components::<PathSeparators>(&head[..end])
    {
        return Ok(start + end);
    }
    let too_long = |input: &[u8]| {
        Error::new(
            Kind::ImageReference,
            input,
            start + MAX_PATH_LEN,
            Failure::at(&[], Rule::TooLong, Expected::TheReferenceName)
                .with_bound(const { limit(MAX_PATH_LEN) }),
        )
    };
    if matches!(rest.first(), None | Some(b':' | b'@')) {
        return Err(Error::new(
            Kind::ImageReference,
            input,
            start,
            Failure::at(rest, Rule::Empty, Expected::TheReferenceName),
        ));
    }
    match long_components::<PathSeparators>()(rest) {
        Ok((after, path)) => {
            if path.len() > MAX_PATH_LEN {
                return Err(too_long(input));
            }
            match after.first() {
                None | Some(b':' | b'@') => Ok(start + path.len()),
                Some(&b) => {
                    let f = PathSeparators::SEPARATORS.stray(b, after);
                    Err(Error::new(
                        Kind::ImageReference,
                        input,
                        input.len() - after.len(),
                        f,
                    ))
                }
            }
        }
        Err(Err::Error(f) | Err::Failure(f)) => {
            let at = input.len() - f.rest_len;
            if at - start > MAX_PATH_LEN {
                Err(too_long(input))
            } else {
                Err(Error::new(Kind::ImageReference, input, at, f))
            }
        }
        Err(Err::Incomplete(_)) => Err(too_long(input)),
    }
}

/// The TAG from `input[start..]` to the digest's `@` or the end (§3): where it ends.
///
/// A valid tag is read once: its bytes are a run of tag bytes that the `@` or the end stops,
/// which is all the grammar asks besides its first byte and length. Only a tag that is not is
/// searched for its end and read again by §3's grammar, for the rule and offset.
fn tag(input: &[u8], start: usize) -> Result<usize, Error> {
    let rest = &input[start..];
    let run = tag::TAG_BYTE.span(rest);
    let valid = (1..=tag::MAX_TAG_LEN).contains(&run)
        && WORD.contains(rest[0])
        && matches!(rest.get(run), None | Some(b'@'));
    if valid {
        return Ok(start + run);
    }
    // A tag is at most 128 bytes: a plain search finds its end.
    let end = rest
        .iter()
        .position(|&b| b == b'@')
        .map_or(input.len(), |at| start + at);
    sub(input, start, end, Kind::Tag, tag::tag).map(|()| end)
}

/// The profile's own rules for PATH `input[start..end]`, which passed the generic grammar.
#[inline(always)]
fn profile_path(
    profile: Profile,
    input: &[u8],
    start: usize,
    end: usize,
) -> Result<(), ReferenceError> {
    if profile == Profile::Oci {
        return Ok(());
    }
    let path = &input[start..end];
    let slash = path.iter().position(|&b| b == b'/').unwrap_or(path.len());
    if profile == Profile::Swr
        && slash < path.len()
        && swr_rules_left(&path[..slash], &path[slash + 1..])
    {
        return Ok(());
    }
    registry_path(profile, input, start, start + slash, end)
}

/// PATH `input[start..end]` by its registry's own grammars: §1 and §2, or §5. `slash` is where
/// its first `/` is (`end` when there is none).
fn registry_path(
    profile: Profile,
    input: &[u8],
    start: usize,
    slash: usize,
    end: usize,
) -> Result<(), ReferenceError> {
    let error = |part, error| ReferenceError {
        part,
        profile,
        error,
    };
    let missing = || {
        error(
            Part::Namespace,
            Error::new(
                Kind::ImageReference,
                input,
                end,
                Failure::at(&[], Rule::MissingNamespace, Expected::Slash),
            ),
        )
    };
    if profile != Profile::Oci && slash == end {
        return Err(missing());
    }
    match profile {
        Profile::Oci => Ok(()),
        Profile::Swr => {
            sub(input, start, slash, Kind::SwrNamespace, swr::namespace)
                .map_err(|e| error(Part::Namespace, e))?;
            sub(
                input,
                slash + 1,
                end,
                Kind::SwrRepository,
                swr::plain_repository,
            )
            .map_err(|e| error(Part::Repository, e))
        }
        Profile::Quay => sub(
            input,
            start,
            end,
            Kind::QuayRepository,
            quay::repository_path,
        )
        .map_err(|e| {
            if e.rule() == Rule::MissingName {
                missing()
            } else if e.offset() <= slash {
                error(Part::Namespace, e.with_kind(Kind::QuayNamespace))
            } else {
                error(Part::Repository, e)
            }
        }),
    }
}

/// Whether the namespace and repository of a PATH that passed the generic grammar also pass §1
/// and §2, the rules the generic grammar leaves: the namespace's first byte is a letter and its
/// length at most 64 bytes, the repository's at most 128.
///
/// The generic grammar's components are §1's runs (`[a-z0-9]` joined by `.`, `_`, `__` or a run
/// of `-`) and its `/` sits between two alphanumerics as in §2's plain form, so its PATH's first
/// component is a §1 run and the rest a §2 name; only a name this refuses is read again, by the
/// registry's own grammars, for the rule and offset.
#[inline]
fn swr_rules_left(namespace: &[u8], repository: &[u8]) -> bool {
    namespace.len() <= swr::MAX_NAMESPACE_LEN
        && namespace.first().is_some_and(u8::is_ascii_lowercase)
        && repository.len() <= swr::MAX_REPOSITORY_LEN
}

/// [`parse`] for the entry points other than [`ImageReference::parse_with`]: one copy of it
/// out of line.
#[inline(never)]
fn spans_of(input: &[u8], profiles: &Profiles) -> Result<(Spans, Profile), ReferenceError> {
    parse(input, profiles)
}

/// The whole reference.
#[inline(always)]
fn parse(input: &[u8], profiles: &Profiles) -> Result<(Spans, Profile), ReferenceError> {
    let start = start(input)?;
    let (host_end, domain_end, path_start, profile) = match start {
        Start::Domain(ref d) => {
            let port = (d.host_end < d.end).then(|| &input[d.host_end + 1..d.end]);
            let profile = profiles.select(&input[..d.host_end], port);
            (d.host_end, d.end, d.end + 1, profile)
        }
        Start::Path | Start::Component(_) => (0, 0, 0, Profile::Oci),
    };
    let fail = |part, error| ReferenceError {
        part,
        profile,
        error,
    };
    let path_end = match start {
        Start::Component(end) => end,
        _ => path(input, path_start).map_err(|e| fail(Part::Repository, e))?,
    };
    profile_path(profile, input, path_start, path_end)?;
    let spans = |tag_end| Spans {
        host_end,
        domain_end,
        path_start,
        path_end,
        tag_end,
    };
    if path_end == input.len() {
        return Ok((spans(path_end), profile));
    }
    let mut tag_end = path_end;
    if input.get(path_end) == Some(&b':') {
        tag_end = tag(input, path_end + 1).map_err(|e| fail(Part::Tag, e))?;
    }
    if input.get(tag_end) == Some(&b'@') {
        sub(
            input,
            tag_end + 1,
            input.len(),
            Kind::OciDigest,
            oci::digest,
        )
        .map_err(|e| fail(Part::Digest, e))?;
    }
    Ok((spans(tag_end), profile))
}

/// [`Kind::validate`] for [`Kind::ImageReference`], with the built-in profiles.
#[inline(never)]
pub(crate) fn check_reference(input: &[u8]) -> Result<(), Error> {
    spans_of(input, &Profiles::new())
        .map(|_| ())
        .map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::String;

    const HEX64: &str = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

    fn rejects(input: &str, part: Part, rule: Rule, offset: usize) {
        let err = ImageReference::parse(input).unwrap_err();
        assert_eq!(
            (err.part(), err.rule(), err.offset()),
            (part, rule, offset),
            "{input:?}: {err}"
        );
        // `Kind::validate` gives the same error.
        assert_eq!(
            Kind::ImageReference.validate(input.as_bytes()),
            Err(err.error())
        );
    }

    fn accepts(input: &str, profile: Profile) -> ImageReference<'_> {
        let image = ImageReference::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(image.profile(), profile, "{input:?}");
        assert_eq!(image.as_str(), input);
        assert_eq!(Kind::ImageReference.validate(input.as_bytes()), Ok(()));
        image
    }

    #[test]
    fn spec_valid_examples() {
        let swr = accepts(
            "swr.cn-north-4.myhuaweicloud.com/group/busybox:latest",
            Profile::Swr,
        );
        assert_eq!(
            swr.name(),
            Name::Swr {
                namespace: swr::Namespace::parse("group").unwrap(),
                repository: swr::Repository::parse("busybox").unwrap(),
            }
        );
        assert_eq!(swr.tag().unwrap(), "latest");
        let internal = accepts("10.125.0.198:20202/namespace/busybox:latest", Profile::Oci);
        let domain = internal.domain().unwrap();
        assert_eq!(domain.host(), Host::Ipv4("10.125.0.198"));
        assert_eq!(domain.port(), Some("20202"));
        assert_eq!(internal.path(), "namespace/busybox");
        let quay_text = format!("quay.io/quayadmin/busybox@sha256:{HEX64}");
        let quay = accepts(&quay_text, Profile::Quay);
        assert_eq!(quay.namespace(), Some("quayadmin"));
        assert_eq!(quay.digest().unwrap().encoded(), HEX64);
        assert_eq!(quay.tag(), None);
        let nginx = accepts("nginx", Profile::Oci);
        assert_eq!(
            (nginx.domain(), nginx.tag(), nginx.digest()),
            (None, None, None)
        );
        assert_eq!(nginx.namespace(), None);
        let local = accepts("localhost:5000/a/b:v1", Profile::Oci);
        assert_eq!(local.domain().unwrap().host(), Host::Name("localhost"));
        assert_eq!(local.components().collect::<std::vec::Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn spec_invalid_examples() {
        rejects(
            "swr.cn-north-4.myhuaweicloud.com/busybox:latest",
            Part::Namespace,
            Rule::MissingNamespace,
            40,
        );
        rejects(
            "swr.cn-north-4.myhuaweicloud.com/1org/app",
            Part::Namespace,
            Rule::InvalidStart,
            33,
        );
        rejects("quay.io/a/app", Part::Namespace, Rule::TooShort, 9);
        rejects("Nginx", Part::Repository, Rule::InvalidStart, 0);
        rejects("nginx:", Part::Tag, Rule::Empty, 6);
        rejects("a@sha256:abc", Part::Digest, Rule::DigestLength, 12);
    }

    #[test]
    fn spec_host_decisions() {
        rejects(
            "[::ffff:192.0.2.128]/x",
            Part::Domain,
            Rule::InvalidCharacter,
            11,
        );
        rejects("[fe80::1%eth0]/x", Part::Domain, Rule::InvalidCharacter, 8);
        rejects(
            "registry.local.:5000/x",
            Part::Domain,
            Rule::TrailingSeparator,
            14,
        );
        rejects("foo_bar.com/app", Part::Domain, Rule::InvalidCharacter, 3);
        rejects(
            &format!("alpine:@sha256:{HEX64}"),
            Part::Tag,
            Rule::Empty,
            7,
        );
        let ipv6 = accepts("[abcd]/x", Profile::Oci);
        assert_eq!(ipv6.domain().unwrap().host(), Host::Ipv6("abcd"));
        let v6_port = accepts("[::1]:5000/x", Profile::Oci);
        assert_eq!(v6_port.domain().unwrap().port(), Some("5000"));
        // No range check on the port, as distribution.
        accepts("localhost:99999999/x", Profile::Oci);
        rejects("a:/x", Part::Domain, Rule::Empty, 2);
        rejects("a:1x/y", Part::Domain, Rule::InvalidCharacter, 3);
        rejects("[]/x", Part::Domain, Rule::Empty, 1);
        rejects("-a.com/x", Part::Domain, Rule::InvalidStart, 0);
        rejects("a-.b/x", Part::Domain, Rule::AdjacentSeparators, 2);
        rejects("a..b/x", Part::Domain, Rule::AdjacentSeparators, 2);
        rejects("a.b--/x", Part::Domain, Rule::TrailingSeparator, 3);
        accepts("A-b--c.Example.COM:443/x", Profile::Oci);
    }

    #[test]
    fn domain_split() {
        // Before the first `/`: a domain only with `.`, `:`, `[`, `localhost` or uppercase.
        assert_eq!(accepts("library/nginx", Profile::Oci).domain(), None);
        assert_eq!(accepts("a-b/c", Profile::Oci).domain(), None);
        assert_eq!(
            accepts("localhost/c", Profile::Oci)
                .domain()
                .unwrap()
                .as_str(),
            "localhost"
        );
        assert_eq!(
            accepts("Foo/bar", Profile::Oci).domain().unwrap().as_str(),
            "Foo"
        );
        // `sha256:` + hex without `@` is the name `sha256` with a tag.
        let named = format!("sha256:{HEX64}");
        let named = accepts(&named, Profile::Oci);
        assert_eq!(
            (named.path(), named.tag().unwrap().as_str()),
            ("sha256", HEX64)
        );
        rejects(
            &format!("@sha256:{HEX64}"),
            Part::Repository,
            Rule::Empty,
            0,
        );
        let unknown = accepts("x@sha384:abc", Profile::Oci);
        assert!(!unknown.digest().unwrap().algorithm().is_registered());
        accepts(&format!("x@blake3:{HEX64}"), Profile::Oci);
        rejects("x@blake3:abc", Part::Digest, Rule::DigestLength, 12);
    }

    #[test]
    fn path_limit_is_path_only() {
        let path = format!("a/{}", "b".repeat(253));
        assert_eq!(path.len(), MAX_PATH_LEN);
        accepts(&path, Profile::Oci);
        // The domain does not count.
        accepts(
            &format!("registry.example.com:5000/{path}:v1"),
            Profile::Oci,
        );
        // `a/` + 254 bytes: no domain, so a 256-byte PATH.
        rejects(
            &format!("a/{}", "b".repeat(254)),
            Part::Repository,
            Rule::TooLong,
            255,
        );
        rejects(
            &format!("quay.io/{}b", path),
            Part::Repository,
            Rule::TooLong,
            8 + 255,
        );
        // A flaw past the limit is reported as the limit.
        rejects(
            &format!("a/{}B", "b".repeat(300)),
            Part::Repository,
            Rule::TooLong,
            255,
        );
    }

    #[test]
    fn profiles_by_host() {
        for host in [
            "swr.cn-north-4.myhuaweicloud.com",
            "SWR.CN-NORTH-4.MYHUAWEICLOUD.COM",
            "swr.eu-west-101.myhuaweicloud.eu",
            "swr.eu-de.otc.t-systems.com:443",
        ] {
            accepts(&format!("{host}/group/app"), Profile::Swr);
            rejects(
                &format!("{host}/app"),
                Part::Namespace,
                Rule::MissingNamespace,
                host.len() + 4,
            );
        }
        for host in [
            "swr.myhuaweicloud.com",
            "swr.a.b.myhuaweicloud.com",
            "xswr.a.myhuaweicloud.com",
        ] {
            accepts(&format!("{host}/app"), Profile::Oci);
        }
        accepts("QUAY.IO/ab/app", Profile::Quay);
        accepts("quay.io:443/ab/app", Profile::Quay);
        accepts("quay.io.example.com/a/app", Profile::Oci);
    }

    #[test]
    fn generic_grammar_applies_in_every_profile() {
        rejects(
            "quay.io/org/app-",
            Part::Repository,
            Rule::TrailingSeparator,
            15,
        );
        rejects(
            "quay.io/org/a..b",
            Part::Repository,
            Rule::AdjacentSeparators,
            14,
        );
        rejects(
            "quay.io/busybox",
            Part::Namespace,
            Rule::MissingNamespace,
            15,
        );
        rejects(
            "quay.io/a--b/app",
            Part::Namespace,
            Rule::AdjacentSeparators,
            10,
        );
        let swr = "swr.cn-north-4.myhuaweicloud.com";
        rejects(
            &format!("{swr}/grp/A"),
            Part::Repository,
            Rule::InvalidCharacter,
            37,
        );
        rejects(
            &format!("{swr}/9g/app"),
            Part::Namespace,
            Rule::InvalidStart,
            33,
        );
        let long_ns = "a".repeat(65);
        rejects(
            &format!("{swr}/{long_ns}/app"),
            Part::Namespace,
            Rule::TooLong,
            33 + 64,
        );
        let long_repo = "r".repeat(129);
        rejects(
            &format!("{swr}/ns/{long_repo}"),
            Part::Repository,
            Rule::TooLong,
            36 + 128,
        );
        accepts(&format!("{swr}/ns/a/b/c:v1"), Profile::Swr);
    }

    #[test]
    fn configured_hosts() {
        let mut profiles = Profiles::new();
        profiles
            .insert("Registry.Example.com", Profile::Swr)
            .unwrap();
        profiles
            .insert("quay.internal:8443", Profile::Quay)
            .unwrap();
        let parse = |s| ImageReference::parse_with(s, &profiles).map(|r| r.profile());
        assert_eq!(parse("registry.example.com:5000/ns/app"), Ok(Profile::Swr));
        assert_eq!(parse("quay.internal:8443/org/app"), Ok(Profile::Quay));
        assert_eq!(parse("quay.internal/o/app"), Ok(Profile::Oci));
        let err = parse("registry.example.com/app").unwrap_err();
        assert_eq!(
            (err.part(), err.rule(), err.profile()),
            (Part::Namespace, Rule::MissingNamespace, Profile::Swr)
        );
        // A configuration can take a built-in host elsewhere.
        profiles.insert("quay.io", Profile::Oci).unwrap();
        assert_eq!(
            ImageReference::parse_with("quay.io/a/app", &profiles).map(|r| r.profile()),
            Ok(Profile::Oci)
        );
        let bad = profiles.insert("foo_bar.com", Profile::Swr).unwrap_err();
        assert_eq!(
            (bad.part(), bad.rule(), bad.offset()),
            (Part::Domain, Rule::InvalidCharacter, 3)
        );
        assert!(profiles.insert("a.com/x", Profile::Swr).is_err());
    }

    #[test]
    fn every_domain_rule_with_its_offset() {
        for (domain, rule, offset) in [
            ("", Rule::Empty, 0),
            ("a.", Rule::TrailingSeparator, 1),
            ("ab.c-", Rule::TrailingSeparator, 4),
            ("a:", Rule::Empty, 2),
            ("h.io:", Rule::Empty, 5),
            ("a:x", Rule::InvalidCharacter, 2),
            ("a:12x", Rule::InvalidCharacter, 4),
            ("a.b.c:1:2", Rule::InvalidCharacter, 7),
            ("a..b", Rule::AdjacentSeparators, 2),
            ("a-.b", Rule::AdjacentSeparators, 2),
            ("-a", Rule::InvalidStart, 0),
            ("[]", Rule::Empty, 1),
            ("[::1", Rule::InvalidCharacter, 4),
        ] {
            let error = Profiles::new().insert(domain, Profile::Oci).unwrap_err();
            assert_eq!((error.rule(), error.offset()), (rule, offset), "{domain:?}");
        }
        for domain in ["[::1]:5000", "a.b:5000", "localhost"] {
            assert!(
                Profiles::new().insert(domain, Profile::Oci).is_ok(),
                "{domain}"
            );
        }
    }

    #[test]
    fn hosts_are_told_apart_and_a_domain_shows_as_written() {
        let host = |reference: &'static str| {
            let domain = ImageReference::parse(reference).unwrap().domain().unwrap();
            assert_eq!(domain.to_string(), domain.as_str());
            domain.host()
        };
        for ipv4 in ["1.2.3.4/a", "01.2.3.255:5/a", "0.0.0.0/a"] {
            assert!(matches!(host(ipv4), Host::Ipv4(_)), "{ipv4}");
        }
        for name in [
            "1.2.3.256/a",
            "1.2.3/a",
            "1.2.3.4.5/a",
            "a.b.c.d/a",
            "1234.1.1.1/a",
            "1.2.3.4a/a",
            "0001.2.3.4/a",
        ] {
            assert!(matches!(host(name), Host::Name(_)), "{name}");
        }
        assert!(matches!(host("[::1]/a"), Host::Ipv6("::1")));
        assert_eq!(
            ImageReference::parse("localhost:5000/a")
                .unwrap()
                .domain()
                .unwrap()
                .to_string(),
            "localhost:5000"
        );
    }

    /// The first-byte and search readings of a lowercase reference's start answer every common
    /// shape themselves (falling back to the general reading only for the rest), and agree with
    /// the general reading where they answer.
    #[test]
    fn the_fast_start_reads_every_common_shape() {
        let digest = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";
        let shape = |start: &Start| match start {
            Start::Domain(d) => Some((d.host_end, d.end)),
            Start::Path | Start::Component(_) => None,
        };
        for (input, domain) in [
            ("nginx".to_string(), None),
            ("nginx:latest".to_string(), None),
            (format!("nginx@{digest}"), None),
            ("library/nginx".to_string(), None),
            ("quay.io/org/app".to_string(), Some((7, 7))),
            ("localhost/app".to_string(), Some((9, 9))),
            ("localhost:5000/app".to_string(), Some((9, 14))),
            ("a.b:80/x".to_string(), Some((3, 6))),
            ("a:80:x".to_string(), None),
            ("abcdefghijklmnopqrstuvwxyz:v1".to_string(), None),
            ("abcdefghijklmnopqrstuvwxyz/app:v1".to_string(), None),
            (
                "swr.cn-north-4.myhuaweicloud.com/group/busybox:latest".to_string(),
                Some((32, 32)),
            ),
            (
                "registry.example.com:5000/ns/app".to_string(),
                Some((20, 25)),
            ),
        ] {
            let fast = lowercase_start(input.as_bytes())
                .unwrap_or_else(|| panic!("{input}: left to the general reading"));
            let general = match domain_end(input.as_bytes()) {
                Some(end) => parse_domain(input.as_bytes(), end)
                    .map(Start::Domain)
                    .unwrap(),
                None => Start::Path,
            };
            assert_eq!(shape(&fast), domain, "{input}");
            assert_eq!(shape(&general), domain, "{input}");
            if let Start::Component(n) = fast {
                assert_eq!(n, input.find([':', '@']).unwrap_or(input.len()), "{input}");
            }
        }
    }

    #[test]
    fn path_failures_at_their_byte() {
        let at = |input: &str| {
            let e = ImageReference::parse(input).unwrap_err();
            (e.rule(), e.offset())
        };
        assert_eq!(at("a/b!c"), (Rule::InvalidCharacter, 3));
        assert_eq!(at("quay.io/org/a!"), (Rule::InvalidCharacter, 13));
        // A rule broken at the 256th byte of PATH is that rule, not the length.
        let two_dots = format!("{}..", "a".repeat(254));
        assert_eq!(at(&two_dots), (Rule::AdjacentSeparators, 255));
        let past = format!("{}..", "a".repeat(255));
        assert_eq!(at(&past).0, Rule::TooLong);
    }

    #[test]
    fn owned_and_borrowed_compare_by_their_text() {
        let (a, b) = ("quay.io/org/app:v1", "quay.io/org/app:v2");
        let (ra, rb) = (
            ImageReference::parse(a).unwrap(),
            ImageReference::parse(b).unwrap(),
        );
        let (oa, ob) = (ra.into_owned(), rb.into_owned());
        assert!(oa != ob);
        assert!(ra != rb);
        assert!(oa != rb);
        assert!(ra != ob);
        assert!(oa == ra);
        assert!(ra == oa);
        assert!(oa == oa.clone());
        assert_eq!(ra.partial_cmp(&rb), Some(core::cmp::Ordering::Less));
        assert_eq!(ob.partial_cmp(&oa), Some(core::cmp::Ordering::Greater));
        assert_eq!(
            oa.partial_cmp(&oa.clone()),
            Some(core::cmp::Ordering::Equal)
        );
    }

    #[test]
    fn a_port_picks_its_own_entry_and_an_insert_replaces_only_its_domain() {
        let mut profiles = Profiles::new();
        for (domain, profile) in [
            ("reg.example:1", Profile::Swr),
            ("reg.example", Profile::Quay),
            ("reg.example:2", Profile::Swr),
            ("reg.example:2", Profile::Oci),
        ] {
            profiles.insert(domain, profile).unwrap();
        }
        assert_eq!(profiles.profile_of("reg.example", Some("1")), Profile::Swr);
        assert_eq!(profiles.profile_of("REG.example", Some("2")), Profile::Oci);
        assert_eq!(profiles.profile_of("reg.example", Some("3")), Profile::Quay);
        assert_eq!(profiles.profile_of("reg.example", None), Profile::Quay);
        profiles.insert("reg.example", Profile::Swr).unwrap();
        assert_eq!(profiles.profile_of("reg.example", None), Profile::Swr);
        assert_eq!(profiles.profile_of("reg.example", Some("2")), Profile::Oci);
    }

    #[test]
    fn messages_are_bounded() {
        let long = format!("{}:{}", "a".repeat(100), "é".repeat(300));
        let err = ImageReference::parse(&long).unwrap_err();
        let message = err.with_input(&long).to_string();
        assert!(message.len() < 300, "{message}");
        assert!(
            message.contains(&format!(
                "\"{}\"… ({} bytes)",
                "a".repeat(crate::QUOTE_LIMIT),
                long.len()
            )),
            "{message}"
        );
        assert!(!err.to_string().contains("aaaa"));
    }

    #[test]
    fn normalized_only_on_request() {
        let cases = [
            ("nginx", "docker.io/library/nginx:latest"),
            ("library/nginx:1.27", "docker.io/library/nginx:1.27"),
            ("org/app", "docker.io/org/app:latest"),
            ("index.docker.io/nginx", "docker.io/library/nginx:latest"),
            ("localhost:5000/app", "localhost:5000/app:latest"),
        ];
        for (input, normalized) in cases {
            let image = ImageReference::parse(input).unwrap();
            assert_eq!(image.normalized().to_string(), normalized);
            assert_eq!(image.to_string(), input);
        }
        let digest = format!("nginx@sha256:{HEX64}");
        assert_eq!(
            ImageReference::parse(&digest)
                .unwrap()
                .normalized()
                .to_string(),
            format!("docker.io/library/{digest}")
        );
    }

    #[test]
    fn owned_form_round_trips() {
        let text = format!("swr.cn-north-4.myhuaweicloud.com/group/busybox:v1@sha256:{HEX64}");
        let owned: ImageReferenceBuf = text.parse().unwrap();
        assert_eq!(owned.to_string(), text);
        assert_eq!(owned.as_reference(), ImageReference::parse(&text).unwrap());
        assert_eq!(owned.as_reference().namespace(), Some("group"));
        assert_eq!(String::from(owned.clone()), text);
        assert_eq!(
            ImageReferenceBuf::try_from(String::from("quay.io/a/app"))
                .unwrap_err()
                .rule(),
            Rule::TooShort
        );
    }

    /// The reference read part by part as §10 says, each part by its whole grammar and nothing
    /// skipped: `parse` must give exactly this (spans, profile, or the same error) for any input,
    /// whatever shortcuts it takes.
    fn plain_parse(input: &[u8], profiles: &Profiles) -> Result<(Spans, Profile), ReferenceError> {
        let (host_end, domain_end, path_start, profile) = match super::domain_end(input) {
            Some(slash) => {
                let d = parse_domain(input, slash)?;
                let port = (d.host_end < slash).then(|| &input[d.host_end + 1..slash]);
                let profile = profiles.select(&input[..d.host_end], port);
                (d.host_end, slash, slash + 1, profile)
            }
            None => (0, 0, 0, Profile::Oci),
        };
        let fail = |part, error| ReferenceError {
            part,
            profile,
            error,
        };
        let path_end = path(input, path_start).map_err(|e| fail(Part::Repository, e))?;
        let slash = input[path_start..path_end]
            .iter()
            .position(|&b| b == b'/')
            .map_or(path_end, |at| path_start + at);
        registry_path(profile, input, path_start, slash, path_end)?;
        let mut tag_end = path_end;
        if input.get(path_end) == Some(&b':') {
            tag_end = input[path_end..]
                .iter()
                .position(|&b| b == b'@')
                .map_or(input.len(), |at| path_end + at);
            sub(input, path_end + 1, tag_end, Kind::Tag, tag::tag)
                .map_err(|e| fail(Part::Tag, e))?;
        }
        if input.get(tag_end) == Some(&b'@') {
            sub(
                input,
                tag_end + 1,
                input.len(),
                Kind::OciDigest,
                oci::digest,
            )
            .map_err(|e| fail(Part::Digest, e))?;
        }
        let spans = Spans {
            host_end,
            domain_end,
            path_start,
            path_end,
            tag_end,
        };
        Ok((spans, profile))
    }

    /// Hosts of each profile and form, valid or broken near a rule.
    const HOSTS: &[&str] = &[
        "swr.cn-north-4.myhuaweicloud.com",
        "SWR.eu-de.otc.t-systems.com",
        "swr.x.myhuaweicloud.eu",
        "swr..myhuaweicloud.com",
        "swr.a.b.myhuaweicloud.com",
        "swr.a.myhuaweicloud.co",
        "xswr.a.myhuaweicloud.com",
        "quay.io",
        "Quay.IO",
        "quay.io.example.com",
        "registry.example.com",
        "localhost",
        "LocalHost",
        "10.0.0.1",
        "[::1]",
        "[fe80::1%eth0]",
        "[]",
        "a_b.com",
        "a-.b",
        "-a.b",
        "a..b",
        "a.b-",
        "a.b.",
        "x.y--z.io",
        "Foo",
        "nginx",
    ];

    /// Path components near every rule of the generic grammar, §1, §2 and §5, and their limits.
    const COMPONENTS: &[&str] = &[
        "a",
        "ab",
        "group",
        "nginx",
        "library",
        "1org",
        "z9",
        "a.b",
        "a_b",
        "a__b",
        "a___b",
        "a-b",
        "a--b",
        "a-",
        "-a",
        "a..b",
        "A",
        "aB",
        "a$b",
        "a b",
        "é",
        "",
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    ];

    /// Tags and digests, valid or broken.
    const ENDINGS: &[&str] = &[
        "",
        "",
        ":v1",
        ":latest",
        ":1.36",
        ":",
        ":-x",
        ":a/b",
        "@sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
        ":v1@sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
        "@sha256:abc",
        "@sha384:abc",
        "@",
        ":v1@",
    ];

    /// Loose pieces, concatenated in any order: separators and bytes outside every class.
    const PIECES: &[&str] = &[
        "/", "//", ":", ":5000", "@", ".", "_", "__", "-", "A", "$", " ", "\n", "é", "a", "z9",
    ];

    /// References built part by part (an optional domain with an optional port, one to four
    /// components with repeated runs to reach the length limits, an ending), and loose pieces
    /// in any order.
    fn reference_like() -> impl proptest::strategy::Strategy<Value = std::vec::Vec<u8>> {
        use proptest::prelude::*;
        use proptest::sample::select;
        let domain = prop_oneof![
            Just(String::new()),
            (
                select(HOSTS),
                select(&["", "", ":5000", ":443", ":", ":x5"][..])
            )
                .prop_map(|(host, port)| format!("{host}{port}/")),
        ];
        let component = (select(COMPONENTS), 1usize..5).prop_map(|(c, n)| c.repeat(n));
        let path = proptest::collection::vec(component, 1..5).prop_map(|c| c.join("/"));
        let ending = prop_oneof![
            6 => select(ENDINGS).prop_map(str::to_string),
            1 => (126usize..131).prop_map(|n| format!(":{}", "t".repeat(n))),
        ];
        let structured =
            (domain, path, ending).prop_map(|(d, p, e)| format!("{d}{p}{e}").into_bytes());
        let piece = prop_oneof![
            6 => select(PIECES).prop_map(|p| p.as_bytes().to_vec()),
            2 => select(HOSTS).prop_map(|p| p.as_bytes().to_vec()),
            2 => select(COMPONENTS).prop_map(|p| p.as_bytes().to_vec()),
            1 => select(ENDINGS).prop_map(|p| p.as_bytes().to_vec()),
            1 => proptest::collection::vec(select(&b"ab9.-_/:@Z\x80"[..]), 0..8),
            1 => (1usize..300).prop_map(|n| std::vec![b'c'; n]),
        ];
        let loose = proptest::collection::vec(piece, 1..10).prop_map(|pieces| pieces.concat());
        prop_oneof![3 => structured, 1 => loose]
    }

    /// The built-in profiles, none, and configured hosts (with and without a port).
    fn every_profiles() -> std::vec::Vec<Profiles> {
        #[allow(unused_mut)]
        let mut configured = Profiles::new();
        #[cfg(feature = "alloc")]
        {
            configured
                .insert("registry.example.com", Profile::Swr)
                .unwrap();
            configured.insert("localhost:5000", Profile::Quay).unwrap();
        }
        std::vec![Profiles::new(), Profiles::oci_only(), configured]
    }

    /// The built-in profiles as §10 states them: `quay.io`, or `swr.` REGION (one DNS label) and
    /// one of the three suffixes, in any ASCII case.
    fn plain_builtin(host: &[u8]) -> Profile {
        if host.eq_ignore_ascii_case(b"quay.io") {
            return Profile::Quay;
        }
        let Some(rest) = host
            .get(4..)
            .filter(|_| host[..4].eq_ignore_ascii_case(b"swr."))
        else {
            return Profile::Oci;
        };
        let region = rest.iter().position(|&b| b == b'.').unwrap_or(rest.len());
        let suffix = &rest[region..];
        let swr_suffix = [
            ".myhuaweicloud.com",
            ".myhuaweicloud.eu",
            ".otc.t-systems.com",
        ]
        .iter()
        .any(|s| suffix.eq_ignore_ascii_case(s.as_bytes()));
        if region > 0 && swr_suffix {
            Profile::Swr
        } else {
            Profile::Oci
        }
    }

    /// Alphanumeric runs: a letter or a digit first, and lengths that reach §1's 64 and §2's 128
    /// bytes with a few separators.
    const RUNS: &[&str] = &[
        "a",
        "1",
        "z9",
        "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn",
        "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// `parse` and the plain reading agree on every input.
        #[test]
        fn parse_is_the_plain_reading(input in reference_like()) {
            for profiles in every_profiles() {
                proptest::prop_assert_eq!(
                    parse(&input, &profiles),
                    plain_parse(&input, &profiles),
                    "{:?}",
                    String::from_utf8_lossy(&input)
                );
            }
        }

        /// `builtin` is the plain statement of the built-in hosts, for hosts near each of them
        /// in any case (and any bytes, as `Profiles::profile_of` may be given).
        #[test]
        fn builtin_is_the_plain_statement(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "swr.", "SWR.", "swr", "s", ".", "cn-north-4", "a", "", "quay.io", "QUAY.IO",
                "quay", ".io", ".myhuaweicloud.com", ".MyHuaweiCloud.COM", ".myhuaweicloud.eu",
                ".otc.t-systems.com", "myhuaweicloud.com", ".myhuaweicloud.e", "\x0e", "-",
            ][..]), 0..5),
            raw in proptest::collection::vec(proptest::num::u8::ANY, 0..3),
        ) {
            let mut host = pieces.concat().into_bytes();
            host.extend_from_slice(&raw);
            proptest::prop_assert_eq!(builtin(&host), plain_builtin(&host));
            proptest::prop_assert_eq!(builtin(&raw), plain_builtin(&raw));
        }

        /// On a PATH the generic grammar accepts, `swr_rules_left` says what §1 and §2 say.
        #[test]
        fn swr_rules_left_is_the_registry_grammar(
            first in proptest::sample::select(RUNS),
            rest in proptest::collection::vec(
                (proptest::sample::select(&[".", "_", "__", "-", "--", "/", "/"][..]),
                 proptest::sample::select(RUNS)),
                1..6,
            ),
        ) {
            let name: String = core::iter::once(first)
                .chain(rest.iter().flat_map(|(sep, run)| [*sep, *run]))
                .collect();
            let name = name.as_bytes();
            if path(name, 0) != Ok(name.len()) {
                return Ok(()); // over 255 bytes
            }
            let Some(slash) = name.iter().position(|&b| b == b'/') else {
                return Ok(());
            };
            let (namespace, repository) = (&name[..slash], &name[slash + 1..]);
            let registry = crate::grammar::check(Kind::SwrNamespace, namespace, swr::namespace)
                .is_ok()
                && crate::grammar::check(Kind::SwrRepository, repository, swr::plain_repository)
                    .is_ok();
            proptest::prop_assert_eq!(swr_rules_left(namespace, repository), registry);
        }
    }
}
