//! The `arbitrary` and `proptest` features as a downstream crate uses them: every owned name
//! type is `Arbitrary` in both senses, any bytes give a valid value, and proptest's shrinking
//! keeps valid values valid and near misses refused with their rule.
#![cfg(feature = "proptest")]

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use registry_names::reference::ImageReferenceBuf;
use registry_names::{git, oci, quay, strategy, swr, Kind, TagBuf};

/// Calls `$check::<T>(kind)` for every owned name type and its kind.
macro_rules! each_owned_type {
    ($check:ident) => {
        $check::<swr::NamespaceBuf>(Kind::SwrNamespace);
        $check::<swr::RepositoryBuf>(Kind::SwrRepository);
        $check::<swr::RepositoryPathBuf>(Kind::SwrRepositoryPath);
        $check::<TagBuf>(Kind::Tag);
        $check::<quay::NamespaceBuf>(Kind::QuayNamespace);
        $check::<quay::RepositoryPathBuf>(Kind::QuayRepository);
        $check::<quay::TagFilterBuf>(Kind::QuayTagFilter);
        $check::<oci::DigestBuf>(Kind::OciDigest);
        $check::<git::TagNameBuf>(Kind::GitTag);
        $check::<git::BranchNameBuf>(Kind::GitBranch);
        $check::<git::RefNameBuf>(Kind::GitRefname);
        $check::<ImageReferenceBuf>(Kind::ImageReference);
    };
}

/// Any bytes, from none to 600, give a valid value of every type (never an error).
fn arbitrary_from_any_bytes<T>(kind: Kind)
where
    T: for<'a> Arbitrary<'a> + AsRef<str>,
{
    let mut stream = 0x1234_5678_u64;
    for len in 0..600 {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                stream ^= stream << 13;
                stream ^= stream >> 7;
                stream ^= stream << 17;
                stream as u8
            })
            .collect();
        let value = T::arbitrary(&mut Unstructured::new(&bytes)).expect("never an error");
        assert!(
            kind.validate(value.as_ref().as_bytes()).is_ok(),
            "{kind}: {:?}",
            value.as_ref()
        );
    }
    // No bytes: the first option of every choice, a shortest value (a digest's length is fixed;
    // a Quay repository path is at least `aa/a`, a tag filter `like:`).
    let empty = T::arbitrary(&mut Unstructured::new(&[])).unwrap();
    let limit = if kind == Kind::OciDigest { 71 } else { 5 };
    assert!(
        empty.as_ref().len() <= limit,
        "{kind}: no bytes, a short value: {:?}",
        empty.as_ref()
    );
    assert_eq!(T::size_hint(0).0, 0, "{kind}: no byte is needed");
}

#[test]
fn every_owned_type_is_arbitrary_from_any_bytes() {
    each_owned_type!(arbitrary_from_any_bytes);
    let pattern = quay::LikePatternBuf::arbitrary(&mut Unstructured::new(b"abc")).unwrap();
    assert!(quay::LikePattern::parse(pattern.as_str()).is_ok());
}

/// Draws `trees` values of `strategy` and shrinks each as far as proptest goes (always
/// "simplifying", as if every value failed), checking `ok` at every step.
fn shrink_all<S: Strategy>(
    strategy: S,
    trees: usize,
    mut ok: impl FnMut(&S::Value) -> Result<(), String>,
) -> usize
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::deterministic();
    let mut steps = 0;
    for _ in 0..trees {
        let mut tree = strategy.new_tree(&mut runner).unwrap();
        ok(&tree.current()).unwrap();
        for _ in 0..2_000 {
            if !tree.simplify() {
                break;
            }
            steps += 1;
            if let Err(e) = ok(&tree.current()) {
                panic!("after {steps} shrinking steps: {e}");
            }
        }
    }
    steps
}

#[test]
fn shrinking_keeps_values_valid() {
    for kind in Kind::ALL {
        let steps = shrink_all(strategy::valid(kind), 40, |text| {
            kind.validate(text.as_bytes())
                .map_err(|e| format!("{kind}: {text:?}: {e}"))
        });
        assert!(steps > 40, "{kind}: proptest shrank ({steps} steps)");
    }
}

#[test]
fn shrinking_keeps_near_misses_refused_with_their_rule() {
    for kind in Kind::ALL {
        shrink_all(strategy::near_miss(kind), 40, |(text, rule)| {
            match kind.validate(text.as_bytes()) {
                Err(e) if e.rule() == *rule => Ok(()),
                other => Err(format!("{kind}: {text:?}: {other:?}, predicted {rule}")),
            }
        });
    }
}

/// A shrunk failure is a valid value that still fails: the first SWR repository of depth 3 or
/// more that proptest finds shrinks to one of depth exactly 3. (How short it gets depends on where
/// proptest's search of the choice bytes stops; valid it always is.)
#[test]
fn a_failing_property_shrinks_to_a_small_valid_value() {
    let mut runner = TestRunner::new_with_rng(
        ProptestConfig::with_cases(2_000),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let result = runner.run(&any::<swr::RepositoryBuf>(), |repository| {
        prop_assert!(repository.split('/').count() < 3);
        Ok(())
    });
    let Err(proptest::test_runner::TestError::Fail(_, minimal)) = result else {
        panic!("some repository has three components: {result:?}");
    };
    assert!(Kind::SwrRepository.validate(minimal.as_bytes()).is_ok());
    assert_eq!(minimal.split('/').count(), 3, "{minimal}");
}

proptest! {
    #[test]
    fn any_owned_value_is_valid(
        namespace in any::<swr::NamespaceBuf>(),
        tag in any::<TagBuf>(),
        reference in any::<ImageReferenceBuf>(),
        filter in any::<quay::TagFilterBuf>(),
    ) {
        prop_assert!(swr::Namespace::parse(namespace.as_str()).is_ok());
        prop_assert!(registry_names::Tag::parse(tag.as_str()).is_ok());
        prop_assert!(registry_names::reference::ImageReference::parse(reference.as_str()).is_ok());
        prop_assert!(quay::TagFilter::parse(filter.as_str()).is_ok());
    }
}

#[cfg(feature = "request")]
mod requests {
    use proptest::prelude::*;
    use registry_names::request::{validate, Operation};
    use registry_names::strategy;

    fn any_operation() -> impl Strategy<Value = Operation> {
        proptest::sample::select(Operation::ALL.to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn generated_requests_are_valid(
            generated in any_operation().prop_flat_map(strategy::request)
        ) {
            let verdict = validate(&generated.as_request());
            prop_assert!(matches!(verdict, Some(Ok(_))), "{:?}: {:?}", generated, verdict);
        }

        #[test]
        fn invalid_requests_are_rejected_for_exactly_their_parameters(
            (generated, expected) in any_operation().prop_flat_map(strategy::invalid_request)
        ) {
            let Some(Err(rejection)) = validate(&generated.as_request()) else {
                return Err(TestCaseError::fail(format!("not rejected: {generated:?}")));
            };
            prop_assert_eq!(rejection.operation(), generated.operation);
            let got: Vec<_> = rejection.errors().iter().map(|e| (e.location(), e.parameter())).collect();
            prop_assert_eq!(got, expected, "{:?}", generated);
        }
    }
}
