#![doc = include_str!("../README.md")]
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
mod grammar;
mod id;
mod name;
mod quote;
#[cfg(feature = "serde")]
mod serde_impls;

// One module per documented family (swr, quay, git, oci, tag), and the layers built on them:
// image references, whole requests, the scan of committed files, the HTTP gateway.
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
