//! The SWR path form is an exact inverse of the plain form: encoding a valid plain name and
//! decoding it gives the name back, and every decoded path form is a valid plain name. Each type
//! shows its own spelling; across the two types, values are equal when the names are.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registry_names::swr::{Repository, RepositoryPath};

fuzz_target!(|data: &[u8]| {
    if let Ok(plain) = Repository::parse_bytes(data) {
        let encoded = plain.path_segment();
        assert!(!encoded.contains('/'));
        let decoded = RepositoryPath::parse(&encoded).expect("the encoded form validates");
        assert_eq!(decoded, plain);
        assert_eq!(decoded.name(), plain.as_str());
        assert_eq!(decoded.display_name().to_string(), plain.as_str());
        assert_eq!(decoded.to_string(), encoded);
        assert_eq!(plain.to_string(), plain.as_str());
        assert_eq!(plain.display_path_segment().to_string(), encoded);
    }
    if let Ok(path) = RepositoryPath::parse_bytes(data) {
        let name = path.name();
        let plain = Repository::parse(&name).expect("every decoded path form is a valid plain name");
        assert_eq!(plain, path);
        assert_eq!(plain.path_segment(), path.as_str());
    }
});
