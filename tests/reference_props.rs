//! Property tests for image references (docs/grammars.md §10): the parser against the regex restatement in
//! `common/oracles.rs`, exact round trips through `Display`, the owned form and a re-parse, and
//! bounded messages for any bytes.

#[path = "common/oracles.rs"]
mod oracles;

use proptest::prelude::*;
use registry_names::reference::{ImageReference, ImageReferenceBuf, Profiles};
use registry_names::Kind;

const HEX64: &str = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

/// Pieces near every rule: hosts of each profile and each host form, path components and
/// separators, tags, digests, and bytes just outside the classes.
fn piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "swr.cn-north-4.myhuaweicloud.com/",
        "SWR.eu-de.otc.t-systems.com:443/",
        "swr.x.myhuaweicloud.eu/",
        "quay.io/",
        "Quay.IO:443/",
        "localhost:5000/",
        "10.0.0.1/",
        "[::1]:5000/",
        "[fe80::1%eth0]/",
        "a_b.com/",
        "Foo/",
        "a",
        "ab",
        "group",
        "nginx",
        "1org",
        "z9",
        "/",
        ".",
        "_",
        "__",
        "___",
        "-",
        "--",
        ":",
        ":v1",
        ":latest",
        "@",
        "A",
        "$",
        " ",
        "\n",
        "é",
    ]);
    let digests = prop::sample::select(vec![
        format!("@sha256:{HEX64}"),
        format!("@sha256:{}", &HEX64[..63]),
        format!("@sha512:{HEX64}{HEX64}"),
        format!("@blake3:{HEX64}"),
        "@sha384:abc".to_string(),
        format!("@SHA256:{HEX64}"),
    ]);
    prop_oneof![
        8 => fixed.prop_map(str::to_string),
        1 => digests,
        1 => "[a-z0-9]{60,130}",
    ]
}

fn reference_like() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..10).prop_map(|pieces| pieces.concat())
}

/// Every property of a parse of `input` by the built-in profiles.
fn check(input: &[u8]) -> Result<(), TestCaseError> {
    let profiles = Profiles::new();
    let parsed = ImageReference::parse_bytes_with(input, &profiles);
    prop_assert_eq!(
        parsed.is_ok(),
        oracles::accepts(Kind::ImageReference, input),
        "{:?}: parser says {:?}",
        String::from_utf8_lossy(input),
        parsed.map(|r| r.as_str()).map_err(|e| e.to_string())
    );
    prop_assert_eq!(
        Kind::ImageReference.validate(input),
        parsed.map(drop).map_err(|e| e.error())
    );
    match parsed {
        Ok(image) => {
            let shown = image.to_string();
            prop_assert_eq!(shown.as_bytes(), input);
            let again = ImageReference::parse_with(&shown, &profiles).unwrap();
            prop_assert_eq!(again, image);
            prop_assert_eq!(
                (
                    again.domain(),
                    again.path(),
                    again.tag(),
                    again.digest(),
                    again.profile()
                ),
                (
                    image.domain(),
                    image.path(),
                    image.tag(),
                    image.digest(),
                    image.profile()
                )
            );
            let owned: ImageReferenceBuf = shown.parse().unwrap();
            prop_assert_eq!(owned.to_string(), shown.clone());
            prop_assert_eq!(owned.as_name(), image);
            prop_assert_eq!(owned.as_name().name(), image.name());
        }
        Err(e) => {
            prop_assert!(e.offset() <= input.len());
            // Never more than a short prefix of the input, whatever its length.
            let plain = e.to_string();
            prop_assert!(plain.len() < 320, "{}", plain);
            let quoted = e.with_input(input).to_string();
            prop_assert!(quoted.len() < 320 + 4 * 64, "{}", quoted);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn reference_like_inputs(input in reference_like()) {
        check(input.as_bytes())?;
    }

    #[test]
    fn any_bytes(input in prop::collection::vec(any::<u8>(), 0..600)) {
        check(&input)?;
    }
}

#[test]
fn the_generator_reaches_every_profile_valid_and_invalid() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = reference_like();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..20_000 {
        let input = strategy.new_tree(&mut runner).unwrap().current();
        let verdict = ImageReference::parse(&input).map(|r| r.profile().id());
        seen.insert(verdict.map_err(|e| e.part().id()));
    }
    for expected in [
        Ok("swr"),
        Ok("quay"),
        Ok("oci"),
        Err("domain"),
        Err("namespace"),
        Err("repository"),
        Err("tag"),
        Err("digest"),
    ] {
        assert!(seen.contains(&expected), "{expected:?} never met: {seen:?}");
    }
}
