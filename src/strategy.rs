//! proptest strategies (feature `proptest`): valid names and near misses by the crate's own
//! grammars, and `proptest::arbitrary::Arbitrary` for every owned name type.
//!
//! A strategy draws a vector of choice bytes and builds the value from it with the generators of
//! [`crate::arbitrary`]. proptest shrinks the bytes, never the text, and every byte vector builds
//! a valid value, so **a shrunk valid name is still valid**: it only gets shorter and simpler
//! (fewer separators, fewer components, a minimum length).
//!
//! A downstream property over any SWR repository:
//!
//! ```
//! use proptest::prelude::*;
//! use registry_names::swr::RepositoryBuf;
//!
//! fn storage_key(repository: &str) -> String {
//!     repository.replace('/', "$")
//! }
//!
//! proptest! {
//!     # #![proptest_config(ProptestConfig::with_cases(64))]
//!     // #[test] in your test file; here the doc test calls it.
//!     fn keys_round_trip(repository in any::<RepositoryBuf>()) {
//!         prop_assert_eq!(storage_key(&repository).replace('$', "/"), repository.as_str());
//!     }
//! }
//! # keys_round_trip();
//! ```
//!
//! Near misses carry the rule the crate reports:
//!
//! ```
//! use proptest::prelude::*;
//! use registry_names::{strategy, Kind};
//!
//! proptest! {
//!     # #![proptest_config(ProptestConfig::with_cases(64))]
//!     fn my_check_refuses(miss in strategy::near_miss(Kind::QuayNamespace)) {
//!         let (input, rule) = miss;
//!         prop_assert_eq!(Kind::QuayNamespace.validate(input.as_bytes()).unwrap_err().rule(), rule);
//!     }
//! }
//! # my_check_refuses();
//! ```

use crate::error::Rule;
use crate::generate::{self, Generator};
use crate::kind::Kind;
use crate::{git, oci, quay, reference, swr, tag};
use ::arbitrary::Unstructured;
use alloc::string::String;
use alloc::vec::Vec;
use proptest::prelude::{any, BoxedStrategy, Strategy};

/// The choice bytes a value is built from: enough for the longest value (about 300 bytes for a
/// 255-byte Quay name), and what proptest shrinks.
fn choices() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..1024)
}

fn valid_of(generator: &'static Generator) -> impl Strategy<Value = String> {
    choices().prop_map(move |bytes| generate::valid(generator, &mut Unstructured::new(&bytes)))
}

/// Valid names of `kind`, as text; shrinking keeps them valid.
pub fn valid(kind: Kind) -> impl Strategy<Value = String> {
    valid_of(kind.generator())
}

/// Inputs one edit from a valid name of `kind`, each with the [`Rule`] that
/// `kind.validate(input)` reports for it.
pub fn near_miss(kind: Kind) -> impl Strategy<Value = (String, Rule)> {
    let generator = kind.generator();
    choices().prop_map(move |bytes| generate::near_miss(generator, &mut Unstructured::new(&bytes)))
}

/// Valid requests of `op` (feature `request`; see [`crate::arbitrary::request`]).
#[cfg(feature = "request")]
#[cfg_attr(docsrs, doc(cfg(feature = "request")))]
pub fn request(
    op: crate::request::Operation,
) -> impl Strategy<Value = crate::arbitrary::GeneratedRequest> {
    choices().prop_map(move |bytes| {
        generate::request::request(&mut generate::Src(&mut Unstructured::new(&bytes)), op)
    })
}

/// Requests of `op` with a known set of invalid parameters (location and name, in the table's
/// order), which the validator's rejection lists exactly (see
/// [`crate::arbitrary::invalid_request`]).
#[cfg(feature = "request")]
#[cfg_attr(docsrs, doc(cfg(feature = "request")))]
pub fn invalid_request(
    op: crate::request::Operation,
) -> impl Strategy<
    Value = (
        crate::arbitrary::GeneratedRequest,
        Vec<(crate::request::Location, &'static str)>,
    ),
> {
    choices().prop_map(move |bytes| {
        generate::request::invalid_request(&mut generate::Src(&mut Unstructured::new(&bytes)), op)
    })
}

/// A typed value from valid text; the generators build none that fails (the coverage test checks
/// it), so the filter never rejects.
fn typed<T: TryFrom<String> + core::fmt::Debug>(generator: &'static Generator) -> BoxedStrategy<T> {
    valid_of(generator)
        .prop_filter_map("the generator built an invalid value", |text| {
            T::try_from(text).ok()
        })
        .boxed()
}

macro_rules! proptest_impls {
    (
        kinds { $($kind:ident => $module:ident::{$name:ident, $buf:ident};)* }
        operands { $($schema:ident => $omodule:ident::{$oname:ident, $obuf:ident};)* }
    ) => {
        $(
            impl proptest::arbitrary::Arbitrary for $module::$buf {
                type Parameters = ();
                type Strategy = BoxedStrategy<Self>;

                fn arbitrary_with(_: ()) -> Self::Strategy {
                    typed(Kind::$kind.generator())
                }
            }
        )*
        $(
            impl proptest::arbitrary::Arbitrary for $omodule::$obuf {
                type Parameters = ();
                type Strategy = BoxedStrategy<Self>;

                fn arbitrary_with(_: ()) -> Self::Strategy {
                    typed(&generate::$schema)
                }
            }
        )*
    };
}
crate::kind::for_each_name_type!(proptest_impls);
