//! Any bytes as an image reference (docs/grammars.md §10), under the built-in profiles, with no built-in
//! hosts, and with a configured host: never a panic; the verdict is the regex restatement's; an
//! accepted reference displays as its input exactly and parses again to an equal value, also from
//! its owned form; a rejection's offset is inside the input and its messages are bounded.
#![no_main]

#[path = "../../tests/common/oracles.rs"]
mod oracles;

use libfuzzer_sys::fuzz_target;
use registry_names::reference::{ImageReference, ImageReferenceBuf, Profile, Profiles};
use registry_names::Kind;
use std::sync::LazyLock;

static CONFIGURED: LazyLock<Profiles> = LazyLock::new(|| {
    let mut profiles = Profiles::new();
    profiles.insert("registry.example.com:5000", Profile::Swr).unwrap();
    profiles.insert("Quay.Internal", Profile::Quay).unwrap();
    profiles
});

fn one(data: &[u8], profiles: &Profiles) -> bool {
    match ImageReference::parse_bytes_with(data, profiles) {
        Ok(image) => {
            let shown = image.to_string();
            assert_eq!(shown.as_bytes(), data, "Display rewrote the reference");
            let again = ImageReference::parse_with(&shown, profiles).expect("re-parse");
            assert_eq!(again, image);
            assert_eq!(
                (again.domain(), again.path(), again.tag(), again.digest(), again.profile()),
                (image.domain(), image.path(), image.tag(), image.digest(), image.profile())
            );
            let owned = ImageReferenceBuf::parse_with(shown.clone(), profiles).expect("owned");
            assert_eq!(owned.as_name(), image);
            assert_eq!(owned.to_string(), shown);
            let _ = image.normalized().to_string();
            true
        }
        Err(e) => {
            assert!(e.offset() <= data.len(), "offset past the input");
            assert!(e.to_string().len() < 320, "unbounded message: {e}");
            assert!(e.with_input(data).to_string().len() < 320 + 4 * 64, "unbounded quote");
            false
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let builtin = one(data, &Profiles::new());
    assert_eq!(
        builtin,
        oracles::accepts(Kind::ImageReference, data),
        "parser and regex restatement disagree on {:?}",
        String::from_utf8_lossy(data)
    );
    assert_eq!(Kind::ImageReference.validate(data).is_ok(), builtin);
    let generic = one(data, &Profiles::oci_only());
    // The oci profile only drops rules: what a registry's profile accepts, it accepts.
    assert!(generic || !builtin, "oci refused what a registry profile accepted");
    one(data, &CONFIGURED);
});
