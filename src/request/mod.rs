//! Whole-request validation of the eight documented operations (docs/requests.md,
//! R1–R9): routing, percent-decoding, query strings, `Content-Type`, JSON bodies, and the
//! vendors' own error responses.
//!
//! [`route`] matches a method and request target against the R1 templates; [`Validator`] (or
//! [`validate`], with the default 64 KiB body limit) checks every parameter and returns the
//! operation's typed [`Valid`] value or a [`Rejection`] listing every invalid parameter in R7's
//! order. [`Rejection::to_vendor_response`] renders the rejection as the vendor shapes its
//! errors (R8).
//!
//! Validation has two [`Mode`]s (R10). [`Mode::Compatible`], the default of [`validate`],
//! [`Validator::new`] and everything built on them, reads Quay's `quay.list-tags` query as
//! Quay's server does, so that no request Quay serves is refused; [`Mode::Strict`]
//! ([`Validator::strict`]) applies R3 and R6 as documented. docs/requests.md lists every
//! difference with its evidence.
//!
//! ```
//! use registry_names::request::{self, Request, Valid};
//!
//! let body = br#"{"source_tag": "v1", "destination_tag": "v1-stable"}"#;
//! let req = Request::new("POST", "/v2/manage/namespaces/group/repos/library%24nginx/tags")
//!     .header("Content-Type", b"application/json")
//!     .body(body);
//! let Some(Ok(Valid::SwrCreateImageTag(tag))) = request::validate(&req) else { panic!() };
//! assert_eq!(tag.repository(), "library$nginx");
//! assert_eq!(tag.repository().name(), "library/nginx");
//! assert_eq!(tag.destination_tag(), "v1-stable");
//!
//! let req = Request::new("POST", "/v2/manage/namespaces/group/repos/library/nginx/tags")
//!     .header("Content-Type", b"application/json")
//!     .body(body);
//! let rejection = request::validate(&req).unwrap().unwrap_err();
//! assert_eq!(rejection.errors()[0].rule().id(), "slash-in-path-form");
//! assert_eq!(rejection.to_vendor_response().status, 400);
//! ```

mod body;
#[cfg(feature = "http")]
mod http;
mod ops;
mod params;
mod rejection;
#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub mod schema;
pub(crate) mod table;
mod valid;
mod vendor;

pub use rejection::{InvalidParameter, Location, Reason, Rejection};
pub use valid::{
    Category, CodeArtsAddTag, EpochSeconds, Expiration, QuayChangeTag, QuayDeleteTag, QuayListTags,
    QuayRestoreTag, SwrCreateImageTag, SwrCreateRepository, SwrListImageTags, TagNameFilter, Valid,
};
pub use vendor::{Vendor, VendorOptions, VendorResponse};

/// The default body limit, 64 KiB (R5).
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// Declares [`Operation`] (its ids by `id_enum!`) with its other columns: method, template,
/// vendor and whether it has a body, one line per operation.
macro_rules! operations {
    ($($variant:ident = $id:literal, $method:literal, $template:literal, $vendor:ident, $body:literal;)*) => {
        crate::id::id_enum! {
            /// One of the eight documented operations (R1). `Display` writes its id, which
            /// `FromStr` reads back.
            ///
            /// ```
            /// use registry_names::request::Operation;
            /// for op in Operation::ALL {
            ///     assert_eq!(op.to_string().parse(), Ok(op));
            /// }
            /// assert_eq!(Operation::from_id("quay.list-tags"), Some(Operation::QuayListTags));
            /// ```
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub enum Operation {
                $(#[doc = concat!("`", $id, "`: `", $method, " ", $template, "`")] $variant = $id,)*
            }
            /// An id that names no operation. Its message lists the ids and never repeats the
            /// text.
            FromStr: UnknownOperation, "unknown operation; expected one of ";
        }

        impl Operation {
            /// The HTTP method.
            pub const fn method(self) -> &'static str {
                match self { $(Operation::$variant => $method,)* }
            }

            /// The path template, as R1 writes it.
            pub const fn template(self) -> &'static str {
                match self { $(Operation::$variant => $template,)* }
            }

            /// Whose API it is, and so how its errors are shaped.
            pub const fn vendor(self) -> Vendor {
                match self { $(Operation::$variant => Vendor::$vendor,)* }
            }

            /// Whether the operation takes a JSON body.
            pub const fn has_body(self) -> bool {
                match self { $(Operation::$variant => $body,)* }
            }
        }
    };
}

operations! {
    SwrCreateImageTag = "swr.create-image-tag", "POST", "/v2/manage/namespaces/{namespace}/repos/{repository}/tags", Swr, true;
    SwrListImageTags = "swr.list-image-tags", "GET", "/v3/manage/namespaces/{namespace}/repos/{repository}/tags", Swr, false;
    SwrCreateRepository = "swr.create-repository", "POST", "/v2/manage/namespaces/{namespace}/repos", Swr, true;
    CodeArtsAddTag = "codearts.add-tag", "POST", "/v2/repositories/{repository_id}/tags", CodeArts, true;
    QuayRestoreTag = "quay.restore-tag", "POST", "/api/v1/repository/{repository}/tag/{tag}/restore", Quay, true;
    QuayChangeTag = "quay.change-tag", "PUT", "/api/v1/repository/{repository}/tag/{tag}", Quay, true;
    QuayDeleteTag = "quay.delete-tag", "DELETE", "/api/v1/repository/{repository}/tag/{tag}", Quay, false;
    QuayListTags = "quay.list-tags", "GET", "/api/v1/repository/{repository}/tag/", Quay, false;
}

impl serde::Serialize for Operation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// A request target matched to an operation (R2): the operation and its raw, still
/// percent-encoded path parameters. Matching says nothing about the parameters' validity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<'a> {
    operation: Operation,
    params: [&'a str; 2],
    query: Option<&'a str>,
}

impl<'a> Route<'a> {
    /// The operation.
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The raw path parameters in template order (`namespace`, `repository`; `repository_id`;
    /// `repository`, `tag`), still percent-encoded.
    pub fn params(&self) -> &[&'a str] {
        let n = match self.operation {
            Operation::SwrCreateRepository
            | Operation::CodeArtsAddTag
            | Operation::QuayListTags => 1,
            _ => 2,
        };
        &self.params[..n]
    }

    /// The query string after `?`, if any.
    pub fn query(&self) -> Option<&'a str> {
        self.query
    }
}

/// Matches `method` and `target` against the R1 templates (R2): the path is the target before
/// `?`, matched exactly as given (no `//` collapsing, no dot segments, no trailing-slash
/// tolerance). SWR's `{repository}` is everything between `/repos/` and the final `/tags`; Quay's
/// is everything between `/api/v1/repository/` and the last `/tag/`. `None` means no route: not
/// an error of the contract, the caller decides.
///
/// ```
/// use registry_names::request::{route, Operation};
/// let r = route("PUT", "/api/v1/repository/org/tag/app/tag/v1").unwrap();
/// assert_eq!((r.operation(), r.params()), (Operation::QuayChangeTag, &["org/tag/app", "v1"][..]));
/// // Routed although `/` should have been sent as `$`: validation says so.
/// let r = route("POST", "/v2/manage/namespaces/g/repos/library/nginx/tags").unwrap();
/// assert_eq!(r.params(), ["g", "library/nginx"]);
/// assert_eq!(route("GET", "/v2/_catalog"), None);
/// ```
pub fn route<'a>(method: &str, target: &'a str) -> Option<Route<'a>> {
    let (path, query) = match split_at_byte(target, b'?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let found = |operation: Operation, first: &'a str, second: &'a str| {
        (operation.method() == method).then_some(Route {
            operation,
            params: [first, second],
            query,
        })
    };
    if let Some(rest) = path.strip_prefix("/v2/manage/namespaces/") {
        let (namespace, rest) = rest.split_at(rest.bytes().position(|b| b == b'/')?);
        let rest = rest.strip_prefix("/repos")?;
        if rest.is_empty() {
            return found(Operation::SwrCreateRepository, namespace, "");
        }
        let repository = rest.strip_prefix('/')?.strip_suffix("/tags")?;
        return found(Operation::SwrCreateImageTag, namespace, repository);
    }
    if let Some(rest) = path.strip_prefix("/v3/manage/namespaces/") {
        let (namespace, rest) = rest.split_at(rest.bytes().position(|b| b == b'/')?);
        let repository = rest.strip_prefix("/repos/")?.strip_suffix("/tags")?;
        return found(Operation::SwrListImageTags, namespace, repository);
    }
    if let Some(rest) = path.strip_prefix("/v2/repositories/") {
        let id = rest.strip_suffix("/tags")?;
        if id.contains('/') {
            return None;
        }
        return found(Operation::CodeArtsAddTag, id, "");
    }
    let rest = path.strip_prefix("/api/v1/repository/")?;
    match method {
        "GET" => found(Operation::QuayListTags, rest.strip_suffix("/tag/")?, ""),
        "POST" => {
            let (repository, tag) = split_last_tag(rest.strip_suffix("/restore")?)?;
            found(Operation::QuayRestoreTag, repository, tag)
        }
        "PUT" | "DELETE" => {
            let (repository, tag) = split_last_tag(rest)?;
            let operation = if method == "PUT" {
                Operation::QuayChangeTag
            } else {
                Operation::QuayDeleteTag
            };
            found(operation, repository, tag)
        }
        _ => None,
    }
}

/// `text` split around its first `byte` (ASCII), which neither part holds.
fn split_at_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    // The crate's branch-free test first: most targets have no `?`, and this test costs less
    // than any search. A target that has one is searched by memchr (the standard library's
    // `split_once` costs more to set up than a target is long; a plain loop reads every byte).
    let bytes = text.as_bytes();
    if !crate::grammar::contains_byte(byte, bytes) {
        return None;
    }
    let at = memchr::memchr(byte, bytes)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `repository/tag/tag` split at the last `/tag/`. A leading `/tag/` (the repository empty)
/// counts: the path has the template's shape and validation reports the empty repository.
fn split_last_tag(rest: &str) -> Option<(&str, &str)> {
    // Each `/` from the end until one closes a `/tag/`: the tag is short, so this stops after a
    // few bytes where a search for the whole pattern would test every position.
    let bytes = rest.as_bytes();
    let mut end = bytes.len();
    while let Some(slash) = bytes[..end].iter().rposition(|&b| b == b'/') {
        if slash >= 4 && &bytes[slash - 4..slash] == b"/tag" {
            return Some((rest.get(..slash - 4)?, rest.get(slash + 1..)?));
        }
        end = slash;
    }
    None
}

/// A header that may be given once, more than once, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Header<'a> {
    #[default]
    Absent,
    Once(&'a [u8]),
    Repeated,
}

impl<'a> Header<'a> {
    fn add(&mut self, value: &'a [u8]) {
        *self = match self {
            Header::Absent => Header::Once(value),
            _ => Header::Repeated,
        };
    }
}

/// A request as plain values: method, target, the headers validation reads, and the body
/// bytes. Building one never allocates; headers other than `Content-Type` and
/// `Content-Length` are not kept (authentication headers are never read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Request<'a> {
    method: &'a str,
    target: &'a str,
    content_type: Header<'a>,
    content_length: Header<'a>,
    body: &'a [u8],
    body_over_limit: bool,
}

impl<'a> Request<'a> {
    /// A request with no headers and an empty body.
    #[inline]
    pub fn new(method: &'a str, target: &'a str) -> Self {
        Request {
            method,
            target,
            ..Request::default()
        }
    }

    /// Adds a header; the name is compared case-insensitively.
    #[inline]
    pub fn header(mut self, name: &str, value: &'a [u8]) -> Self {
        if header_is(name, b"content-type") {
            self.content_type.add(value);
        } else if header_is(name, b"content-length") {
            self.content_length.add(value);
        }
        self
    }

    /// Sets the body.
    #[inline]
    pub fn body(mut self, body: &'a [u8]) -> Self {
        self.body = body;
        self
    }

    /// Marks the body as longer than the limit although only part of it (or none) is given: a
    /// gateway that stopped reading past the limit says so here, and a routed operation with a
    /// body is then `body-too-large` (R5) without `Content-Length`.
    #[inline]
    pub fn body_over_limit(mut self) -> Self {
        self.body_over_limit = true;
        self
    }

    /// The method.
    pub fn method(&self) -> &'a str {
        self.method
    }

    /// The request target (path and query).
    pub fn target(&self) -> &'a str {
        self.target
    }
}

/// Whether the header `name` is `lower` (lowercase ASCII) in any case. Where `lower` has a
/// letter, setting the case bit (0x20) of `name`'s byte gives that letter exactly when the byte
/// is the letter in either case; elsewhere the bytes must be equal. With `lower` a constant the
/// comparison is a few vector instructions with no branch (BENCHMARKS.md).
#[inline(always)]
fn header_is<const N: usize>(name: &str, lower: &[u8; N]) -> bool {
    let Ok(name) = <&[u8; N]>::try_from(name.as_bytes()) else {
        return false;
    };
    let differ = name.iter().zip(lower).fold(0u8, |differ, (&b, &l)| {
        let case = u8::from(l.is_ascii_lowercase()) << 5;
        differ | ((b | case) ^ l)
    });
    differ == 0
}

/// How Quay's query parameters are read (docs/requests.md R10).
///
/// Only Quay's server is public, so only Quay's parameters differ between the modes; SWR's and
/// CodeArts' parameters, every path parameter and every body are read as documented in both.
/// docs/requests.md lists every difference with its evidence in Quay's source.
///
/// ```
/// use registry_names::request::{Mode, Request, Valid, Validator};
///
/// let req = Request::new("GET", "/api/v1/repository/org/app/tag/?onlyActiveTags=True&limit=250");
/// let Some(Ok(Valid::QuayListTags(tags))) = Validator::compatible().validate(&req) else { panic!() };
/// assert_eq!((tags.only_active_tags(), tags.limit(), tags.limit_given()), (Some(true), 100, Some(250)));
/// let rejection = Validator::strict().validate(&req).unwrap().unwrap_err();
/// assert_eq!(rejection.errors().len(), 2);
/// assert_eq!(Validator::default().mode(), Mode::Compatible);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// Reads Quay's parameters as Quay's server does, so that no request Quay serves is
    /// refused: booleans as its `truthy_bool`, integers as Python's `int()` then clamped as
    /// the server clamps them, `specificTag` and the `filter_tag_name` operand as any text. An
    /// unknown `filter_tag_name` op or a missing `:` is still refused. The default.
    #[default]
    Compatible,
    /// R3 and R6 exactly as documented: booleans `true`/`false` only, ranges refused rather
    /// than clamped, `specificTag` a tag name, the `like:` operand a pattern of §6.
    Strict,
}

impl Mode {
    /// `compatible` or `strict`.
    pub const fn id(self) -> &'static str {
        match self {
            Mode::Compatible => "compatible",
            Mode::Strict => "strict",
        }
    }
}

impl core::fmt::Display for Mode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.id())
    }
}

/// Validation settings: the body limit (R5) and the [`Mode`] (R10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validator {
    body_limit: usize,
    mode: Mode,
}

impl Default for Validator {
    fn default() -> Self {
        Validator {
            body_limit: DEFAULT_BODY_LIMIT,
            mode: Mode::Compatible,
        }
    }
}

impl Validator {
    /// The default settings: a 64 KiB body limit, [`Mode::Compatible`].
    pub fn new() -> Self {
        Self::default()
    }

    /// The default settings in [`Mode::Compatible`]: what [`Validator::new`] gives.
    pub fn compatible() -> Self {
        Self::default()
    }

    /// The default settings in [`Mode::Strict`]: R3 and R6 exactly as documented.
    pub fn strict() -> Self {
        Self::default().with_mode(Mode::Strict)
    }

    /// Sets the mode.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Sets the body limit in bytes. A gateway should read at most this many bytes plus one:
    /// a longer body is `body-too-large` without looking at it.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The body limit in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// Routes and validates `request`: `None` when no template matches (R2), otherwise the
    /// typed value or the rejection.
    pub fn validate<'a>(&self, request: &Request<'a>) -> Option<Result<Valid<'a>, Rejection>> {
        let route = route(request.method, request.target)?;
        Some(self.validate_route(&route, request))
    }

    /// Validates `request`, already routed to `route`.
    pub fn validate_route<'a>(
        &self,
        route: &Route<'a>,
        request: &Request<'a>,
    ) -> Result<Valid<'a>, Rejection> {
        ops::validate(self, route, request)
    }
}

/// [`Validator::validate`] with the default settings (64 KiB, [`Mode::Compatible`]).
pub fn validate<'a>(request: &Request<'a>) -> Option<Result<Valid<'a>, Rejection>> {
    Validator::default().validate(request)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_modes;
