//! Valid names and near misses from any bytes, for fuzzers (feature `arbitrary`, arbitrary 1.x).
//!
//! Every owned name type (`swr::NamespaceBuf` … `reference::ImageReferenceBuf`,
//! `quay::TagFilterBuf`, `quay::LikePatternBuf`) implements
//! [`Arbitrary`](https://docs.rs/arbitrary/1/arbitrary/trait.Arbitrary.html): from any bytes it
//! builds a **valid** value by the kind's grammar (docs/grammars.md), never an error; a short
//! input gives a short value (no bytes at all give a shortest one). Lengths favour each
//! grammar's minimum and maximum. `size_hint` is `(0, None)`: no byte is needed, and how many are
//! read depends on the choices made.
//!
//! [`NearMiss`] is the other half: an input one edit from a valid value, which the crate refuses
//! with the [`Rule`] it carries (the test suite checks every one). Use them to check that your
//! own validation refuses what the registry refuses.
//!
//! The same generators serve the `proptest` feature (`registry_names::strategy`) and
//! `registry-names generate`, which prints them for fuzzers in other languages.
//!
//! A cargo-fuzz target that reaches the code behind a registry's name checks:
//!
//! ```
//! use registry_names::{swr::NamespaceBuf, TagBuf};
//!
//! fn handle_push(namespace: &str, tag: &str) -> Result<(), String> {
//!     // ... the handler under test ...
//! #   let _ = (namespace, tag);
//!     Ok(())
//! }
//!
//! // fuzz/fuzz_targets/push.rs:
//! // libfuzzer_sys::fuzz_target!(|input: (NamespaceBuf, TagBuf)| { ... });
//! let fuzz_body = |(namespace, tag): (NamespaceBuf, TagBuf)| {
//!     handle_push(&namespace, &tag).expect("a valid namespace and tag are accepted");
//! };
//! # use arbitrary::{Arbitrary, Unstructured};
//! # for seed in 0..50u8 {
//! #     let data: Vec<u8> = (0..200u32).map(|i| (i as u8).wrapping_mul(seed | 1)).collect();
//! #     fuzz_body(<(NamespaceBuf, TagBuf)>::arbitrary(&mut Unstructured::new(&data)).unwrap());
//! # }
//! ```
//!
//! Near misses, with the rule each one breaks:
//!
//! ```
//! use arbitrary::Unstructured;
//! use registry_names::{arbitrary::NearMiss, Kind};
//!
//! let mut u = Unstructured::new(b"\x07\x01\x02\x03near-miss bytes");
//! let miss = NearMiss::of(Kind::SwrNamespace, &mut u)?;
//! let err = Kind::SwrNamespace.validate(miss.input.as_bytes()).unwrap_err();
//! assert_eq!(err.rule(), miss.rule);
//! # Ok::<(), arbitrary::Error>(())
//! ```

use crate::error::Rule;
pub use crate::generate::Feature;
use crate::generate::{self, SeedBytes, SEEDED_CHUNK};
use crate::kind::Kind;
use crate::{git, oci, quay, reference, swr, tag};
use ::arbitrary::{Arbitrary, Result, Unstructured};
use alloc::string::String;
use alloc::vec;

/// A valid name of `kind`, as text, from `u`. Never fails for lack of data.
///
/// ```
/// use arbitrary::Unstructured;
/// use registry_names::{arbitrary::valid, Kind};
/// for kind in Kind::ALL {
///     let text = valid(kind, &mut Unstructured::new(b"any bytes at all"))?;
///     assert!(kind.validate(text.as_bytes()).is_ok(), "{kind}: {text}");
/// }
/// assert_eq!(valid(Kind::Tag, &mut Unstructured::new(&[]))?.len(), 1);
/// # Ok::<(), arbitrary::Error>(())
/// ```
///
/// # Errors
/// None in practice; the `Result` is arbitrary's convention.
pub fn valid(kind: Kind, u: &mut Unstructured<'_>) -> Result<String> {
    Ok(generate::valid(kind.generator(), u))
}

/// An input one edit from a valid name of `kind`, and the rule the crate refuses it with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NearMiss {
    /// The kind the input is checked as.
    pub kind: Kind,
    /// The input: invalid, one insertion, deletion or replacement away from a valid name.
    pub input: String,
    /// The rule `kind.validate(input)` reports.
    pub rule: Rule,
}

impl NearMiss {
    /// A near miss of `kind` from `u`. Never fails for lack of data.
    ///
    /// # Errors
    /// None in practice; the `Result` is arbitrary's convention.
    pub fn of(kind: Kind, u: &mut Unstructured<'_>) -> Result<NearMiss> {
        let (input, rule) = generate::near_miss(kind.generator(), u);
        Ok(NearMiss { kind, input, rule })
    }
}

impl<'a> Arbitrary<'a> for NearMiss {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let kind = Kind::arbitrary(u)?;
        NearMiss::of(kind, u)
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (0, None)
    }
}

impl<'a> Arbitrary<'a> for Kind {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let i = u.int_in_range(0..=Kind::ALL.len() - 1).unwrap_or(0);
        Ok(Kind::ALL[i])
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (0, Some(1))
    }
}

#[cfg(feature = "request")]
pub use crate::generate::request::GeneratedRequest;

/// A valid request of `op` (feature `request`): every path parameter, some query parameters,
/// the required and some optional body fields, each valid by the operation's parameter table
/// (docs/requests.md R6), and the `Content-Type` R4 asks for.
///
/// ```
/// use arbitrary::Unstructured;
/// use registry_names::{arbitrary::request, request::{validate, Operation}};
/// for op in Operation::ALL {
///     let generated = request(op, &mut Unstructured::new(b"some bytes"))?;
///     let verdict = validate(&generated.as_request()).expect("routed");
///     assert!(verdict.is_ok(), "{op}: {generated:?}");
/// }
/// # Ok::<(), arbitrary::Error>(())
/// ```
///
/// # Errors
/// None in practice; the `Result` is arbitrary's convention.
#[cfg(feature = "request")]
#[cfg_attr(docsrs, doc(cfg(feature = "request")))]
pub fn request(
    op: crate::request::Operation,
    u: &mut Unstructured<'_>,
) -> Result<GeneratedRequest> {
    Ok(generate::request::request(&mut generate::Src(u), op))
}

/// A request of `op` whose chosen parameters (at least one) are invalid, with exactly those
/// parameters (location and name, in the table's order): what the validator's rejection lists,
/// in either mode (docs/requests.md R10; the parameters compatible mode takes whatever their
/// value, such as Quay's `onlyActiveTags`, are never chosen).
///
/// # Errors
/// None in practice; the `Result` is arbitrary's convention.
#[cfg(feature = "request")]
#[cfg_attr(docsrs, doc(cfg(feature = "request")))]
pub fn invalid_request(
    op: crate::request::Operation,
    u: &mut Unstructured<'_>,
) -> Result<(
    GeneratedRequest,
    alloc::vec::Vec<(crate::request::Location, &'static str)>,
)> {
    Ok(generate::request::invalid_request(
        &mut generate::Src(u),
        op,
    ))
}

/// What the generators of `kind` are built to reach, each with a test on a value: the grammar
/// features (separator forms, lengths at the limits, depth, profiles, …) that the crate's
/// coverage test finds in at least 1 % of 10,000 values.
///
/// ```
/// use registry_names::{arbitrary::features, Kind};
/// let names: Vec<&str> = features(Kind::SwrNamespace).iter().map(|(name, _)| *name).collect();
/// assert!(names.contains(&"length 64"));
/// ```
pub fn features(kind: Kind) -> &'static [Feature] {
    kind.generator().features
}

/// Endless valid names of `kind` for `seed`, the same on every platform: what
/// `registry-names generate KIND --seed SEED` prints. For a Go registry's native fuzzing, the
/// command writes them as a seed corpus:
///
/// ```text
/// registry-names generate swr-namespace --count 200 --format go-corpus testdata/fuzz/FuzzNamespace
/// registry-names generate swr-namespace --near-miss --count 200 --format go-corpus testdata/fuzz/FuzzNamespace
/// go test -fuzz=FuzzNamespace
/// ```
///
/// ```
/// use registry_names::{arbitrary::seeded, Kind};
/// let a: Vec<String> = seeded(Kind::SwrNamespace, 7).take(5).collect();
/// let b: Vec<String> = seeded(Kind::SwrNamespace, 7).take(5).collect();
/// assert_eq!(a, b);
/// assert!(a.iter().all(|name| Kind::SwrNamespace.validate(name.as_bytes()).is_ok()));
/// ```
pub fn seeded(kind: Kind, seed: u64) -> impl Iterator<Item = String> {
    seeded_with(seed, move |u| generate::valid(kind.generator(), u))
}

/// Endless near misses of `kind` for `seed`: `registry-names generate KIND --near-miss`.
pub fn seeded_near_misses(kind: Kind, seed: u64) -> impl Iterator<Item = NearMiss> {
    seeded_with(seed, move |u| {
        let (input, rule) = generate::near_miss(kind.generator(), u);
        NearMiss { kind, input, rule }
    })
}

fn seeded_with<T>(
    seed: u64,
    mut make: impl FnMut(&mut Unstructured<'_>) -> T,
) -> impl Iterator<Item = T> {
    let mut stream = SeedBytes::new(seed);
    let mut buf = vec![0u8; SEEDED_CHUNK];
    core::iter::from_fn(move || {
        stream.fill(&mut buf);
        Some(make(&mut Unstructured::new(&buf)))
    })
}

/// Builds a typed value from the generator's text. The generators only build valid text (the
/// coverage test checks 10,000 of each kind); were one wrong, this is arbitrary's "incorrect
/// format" rather than a panic.
fn typed<T: TryFrom<String>>(text: String) -> Result<T> {
    T::try_from(text).map_err(|_| ::arbitrary::Error::IncorrectFormat)
}

macro_rules! arbitrary_impls {
    (
        kinds { $($kind:ident => $module:ident::{$name:ident, $buf:ident};)* }
        operands { $($schema:ident => $omodule:ident::{$oname:ident, $obuf:ident};)* }
    ) => {
        $(
            impl<'a> Arbitrary<'a> for $module::$buf {
                fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
                    typed(generate::valid(Kind::$kind.generator(), u))
                }

                fn size_hint(_depth: usize) -> (usize, Option<usize>) {
                    (0, None)
                }
            }
        )*
        $(
            impl<'a> Arbitrary<'a> for $omodule::$obuf {
                fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
                    typed(generate::valid(&generate::$schema, u))
                }

                fn size_hint(_depth: usize) -> (usize, Option<usize>) {
                    (0, None)
                }
            }
        )*
    };
}
crate::kind::for_each_name_type!(arbitrary_impls);
