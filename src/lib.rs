//! Validates what container and code registries accept: names, image references and whole API
//! requests, exactly as Huawei Cloud SWR, Huawei CodeArts Repo and Red Hat Quay document them.
//!
//! Every grammar is a small [nom](https://docs.rs/nom) parser over bytes that never allocates,
//! never panics, runs in time linear in its input, and on failure says which rule broke and at
//! which byte. The contract these parsers implement is part of the package:
//! `docs/grammars.md` (names and image references, cited as §1 to §10),
//! `docs/requests.md` (whole requests, cited as R1 to R10) and `docs/scan.md` (where the scan of
//! committed files finds references, cited as S1 to S8). The `registry-names` command, its
//! pre-commit hooks and the scan of committed files are described in the README.
//!
//! ```
//! use registry_names::{swr, Kind, Rule};
//!
//! // The `{repository}` URL parameter sends `/` as `$`: its own type, equal to the plain name.
//! let from_url = swr::RepositoryPath::parse("library$nginx")?;
//! assert_eq!(from_url.name(), "library/nginx");
//! assert_eq!(from_url, swr::Repository::parse("library/nginx")?);
//!
//! let err = swr::Namespace::parse("my._org").unwrap_err();
//! assert_eq!((err.rule(), err.offset()), (Rule::AdjacentSeparators, 3));
//! assert_eq!(err.to_string(), "invalid SWR namespace: '.' and '_' cannot be adjacent (byte 3)");
//!
//! assert!(Kind::Tag.validate(b"v1.2.3").is_ok()); // any bytes, no typed value
//! # Ok::<(), registry_names::Error>(())
//! ```
//!
//! # The types
//!
//! Each kind of name has a borrowed type (a checked `&str`, `Copy`, built without allocating)
//! and an owned one (a checked `String`, feature `alloc`):
//!
//! | kind | borrowed / owned | contract |
//! |---|---|---|
//! | `swr-namespace` | [`swr::Namespace`] / `swr::NamespaceBuf` | §1 |
//! | `swr-repository` | [`swr::Repository`] / `swr::RepositoryBuf` | §2, plain form `library/nginx` |
//! | `swr-repository-path` | [`swr::RepositoryPath`] / `swr::RepositoryPathBuf` | §2, URL path form `library$nginx` |
//! | `tag` (`swr-tag`, `quay-tag`) | [`Tag`] / `TagBuf` | §3 |
//! | `quay-namespace` | [`quay::Namespace`] / `quay::NamespaceBuf` | §4 |
//! | `quay-repository` | [`quay::RepositoryPath`] / `quay::RepositoryPathBuf` | §5 |
//! | `quay-tag-filter` | [`quay::TagFilter`] / `quay::TagFilterBuf` (operand [`quay::LikePattern`]) | §6 |
//! | `oci-digest` | [`oci::Digest`] / `oci::DigestBuf` | §7 |
//! | `git-tag`, `git-branch`, `git-refname` | [`git::TagName`], [`git::BranchName`], [`git::RefName`] / `…Buf`; any bytes: [`git::check_tag_name`], … | §8 |
//! | `image-reference` | [`reference::ImageReference`] / `reference::ImageReferenceBuf` | §10 |
//!
//! Every pair has one surface. The borrowed type: `parse`, `parse_bytes`, `TryFrom<&str>`,
//! `TryFrom<&[u8]>`, `into_owned`. The owned type: `FromStr`, `TryFrom<&str>`,
//! `TryFrom<String>` (which keeps the `String`), `as_name` (the borrowed form, not checked
//! again), `into_string`. Both: `as_str`, `Deref<Target = str>`, `AsRef<str>`, `Borrow<str>`,
//! `Display`, and `Eq`/`Ord`/`Hash` that agree with the `str` they show, so a
//! `HashMap<NamespaceBuf, _>` is searched with a `&str`; with `serde`, `Serialize` as that text
//! and a validating `Deserialize`. A type shows one string: [`swr::Repository`] and
//! [`swr::RepositoryPath`] each show their own spelling and are equal to each other when they
//! spell the same name.
//!
//! [`Kind`] names the kinds: [`Kind::validate`] checks any bytes against one without building a
//! value, [`Kind::schema`] gives its JSON Schema, and it displays as its stable id.
//!
//! # Errors
//!
//! A rejected name is an [`Error`]: the [`Kind`], the [`Rule`] broken (a stable kebab-case id,
//! `docs/grammars.md` §9) and the byte offset where the input stops being valid. It is `Copy`,
//! 16 bytes, holds no input and costs no allocation. Its texts come from one place:
//!
//! - [`Error::message`]: what the rule says, `'.' and '_' cannot be adjacent`;
//! - `Display`: `invalid SWR namespace: '.' and '_' cannot be adjacent (byte 3)`;
//! - [`Error::with_input`]: the same with the input quoted, `invalid SWR namespace "my._org": …`;
//! - [`Error::message_in`]: `… (byte 3 of "my._org")`, for a report that places the input itself.
//!
//! An image reference's error, [`reference::ReferenceError`], also names the part that broke
//! (domain, namespace, repository, tag, digest) and has the same four texts; a request's,
//! `request::Rejection`, lists every invalid parameter. No text quotes more than
//! [`QUOTE_LIMIT`] bytes of what it rejects ([`quote`]), so a 100 MB input gives a message of a
//! few hundred bytes, written in the same time as for a name.
//!
//! # Modules
//!
//! ```text
//!  gateway      feature tower/axum: the validating layer in front of a registry, the extractors
//!     │
//!  request      feature request: the eight documented operations as whole requests (R1–R10),
//!     │         the vendors' error responses, the operations' parameter table and schemas
//!  scan         feature scan (S1–S8): image references in Dockerfiles, YAML, Terraform and
//!     │         devcontainer.json, with their positions
//!     │
//!  reference    image references (§10): split, domain, profiles, each part by its family
//!     │
//!  swr · quay · git · oci · Tag      one module per documented family (§1–§8)
//!     │
//!  arbitrary    features arbitrary/proptest: valid names, near misses and requests from the
//!  strategy     grammars, for fuzzers and property tests (one generator core, src/generate/)
//!  schema       one JSON Schema per kind, and its schemars/utoipa renderings
//!  Kind · Error · Rule · quote       what every family names and returns
//! ```
//!
//! Below them, private: the grammar pieces every family composes (byte sets, lengths, the
//! component run), the measured kernels those pieces call before they read byte by byte, and
//! the macros that give every name type its traits. The README's "Architecture" section draws
//! the whole layout.
//!
//! # Features
//!
//! | feature | default | adds |
//! |---|---|---|
//! | `std` | yes | implies `alloc` (the grammars themselves need only `core`) |
//! | `cli` | yes | the `registry-names` binary (clap, serde_json, ignore, toml); implies `request`, `scan`, `schema` and `arbitrary` |
//! | `alloc` | via `std` | the owned type of every kind, `Cow` accessors, `reference::Profiles::insert` |
//! | `serde` | via `request` | `Serialize` and a validating `Deserialize` for every name type; `Serialize` for [`Error`] (`kind`, `rule`, `offset`, `message`), [`Rule`] and [`Kind`] (and `Deserialize` for those two) |
//! | `request` | via `cli` | the `request` module: whole-request validation and the vendors' error responses (serde_json, percent-encoding) |
//! | `http` | no | `http::Request` adapters for `request`, `VendorResponse::into_http` |
//! | `tower` | no | `gateway::ValidateRequestsLayer` (tower, http-body, http-body-util, bytes, pin-project-lite) |
//! | `axum` | no | `gateway::ValidRequest<T>`, axum 0.8 extractors whose rejection is the vendor's response |
//! | `gateway` | no | what `examples/gateway.rs` needs (`tower` and `axum`) |
//! | `scan` | via `cli` | the `scan` module: image references in Dockerfiles, YAML, Terraform and `devcontainer.json` (saphyr-parser, hcl-edit, unicode-ident) |
//! | `schema` | via `cli` | the schemas as JSON (`NameSchema::to_json`) and, with `request`, the operations' body schemas and OpenAPI 3.1 document (serde_json) |
//! | `schemars` | no | schemars 1.x `JsonSchema` for every name type and request body type |
//! | `utoipa` | no | utoipa 6 `ToSchema` for every name type and request body type, `IntoParams` for each operation |
//! | `arbitrary` | via `cli` | `Arbitrary` (arbitrary 1.x) for every owned name type; the `arbitrary` module: near misses with their rule, seeded values, and (with `request`) generated requests |
//! | `proptest` | no | `proptest::arbitrary::Arbitrary` for every owned name type; the `strategy` module: valid names, near misses and requests whose shrinking stays valid |
//!
//! With `default-features = false` the crate is `#![no_std]`, needs no allocator, and depends
//! on nom, memchr and thiserror only.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(all(feature = "scan", not(test)))]
extern crate std;

// Below the families: what every grammar names and returns, the grammar core, the macro of the
// enums with text ids, and the bounded quoting of rejected input that every message uses.
mod error;
#[cfg(feature = "arbitrary")]
mod generate;
mod grammar;
mod id;
mod name;
mod quote;
#[cfg(feature = "serde")]
mod serde_impls;

// One module per documented family (swr, quay, git, oci, tag), and the layers built on them:
// image references, whole requests, the scan of committed files, the HTTP gateway.
#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
pub mod arbitrary;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod gateway;
pub mod git;
pub mod oci;
pub mod quay;
pub mod reference;
#[cfg(feature = "request")]
#[cfg_attr(docsrs, doc(cfg(feature = "request")))]
pub mod request;
#[cfg(feature = "scan")]
#[cfg_attr(docsrs, doc(cfg(feature = "scan")))]
pub mod scan;
pub mod schema;
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategy;
pub mod swr;
mod tag;

// Above the families: the kind table, which names each kind's grammar and schema.
mod kind;

pub use error::{Error, Rule};
pub use kind::{Kind, UnknownKind};
pub use quote::{quote, Quoted, QUOTE_LIMIT};
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
pub use tag::TagBuf;
pub use tag::{Tag, MAX_TAG_LEN};

// The README's Rust examples run as doc tests, as the crate documentation's do.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
