//! The generators as a downstream crate uses them, with `features = ["arbitrary", "proptest"]`.

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use registry_names::swr::{NamespaceBuf, RepositoryBuf, RepositoryPath};
use registry_names::{strategy, Kind, TagBuf};
use registry_names_downstream::storage_key;

proptest! {
    #[test]
    fn storage_keys_are_swr_path_forms(repository in any::<RepositoryBuf>()) {
        let key = storage_key(&repository);
        let path = RepositoryPath::parse(&key).expect("a valid name's key is its path form");
        prop_assert_eq!(path.name(), repository.as_str());
    }

    #[test]
    fn near_misses_carry_their_rule((input, rule) in strategy::near_miss(Kind::SwrRepository)) {
        prop_assert_eq!(Kind::SwrRepository.validate(input.as_bytes()).unwrap_err().rule(), rule);
    }
}

/// What a cargo-fuzz target taking `(NamespaceBuf, TagBuf)` receives, from any bytes.
#[test]
fn a_fuzz_input_of_namespace_and_tag() {
    for seed in 0..200u32 {
        let data: Vec<u8> = (0..seed).map(|i| (i * 31 + seed) as u8).collect();
        let (namespace, tag) =
            <(NamespaceBuf, TagBuf)>::arbitrary(&mut Unstructured::new(&data)).unwrap();
        assert!(Kind::SwrNamespace.validate(namespace.as_bytes()).is_ok());
        assert!(Kind::Tag.validate(tag.as_bytes()).is_ok());
    }
}
