//! The decisions of docs/grammars.md §10, each with its examples, rule and offset; the typed
//! values' accessors and their owned form.

use super::*;
use crate::error::Rule;
use std::format;
use std::string::String;

const HEX64: &str = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

fn rejects(input: &str, part: Part, rule: Rule, offset: usize) {
    let err = ImageReference::parse(input).unwrap_err();
    assert_eq!(
        (err.part(), err.rule(), err.offset()),
        (part, rule, offset),
        "{input:?}: {err}"
    );
    // `Kind::validate` gives the same error.
    assert_eq!(
        Kind::ImageReference.validate(input.as_bytes()),
        Err(err.error())
    );
}

fn accepts(input: &str, profile: Profile) -> ImageReference<'_> {
    let image = ImageReference::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
    assert_eq!(image.profile(), profile, "{input:?}");
    assert_eq!(image.as_str(), input);
    assert_eq!(Kind::ImageReference.validate(input.as_bytes()), Ok(()));
    image
}

#[test]
fn spec_valid_examples() {
    let swr = accepts(
        "swr.cn-north-4.myhuaweicloud.com/group/busybox:latest",
        Profile::Swr,
    );
    assert_eq!(
        swr.name(),
        Name::Swr {
            namespace: swr::Namespace::parse("group").unwrap(),
            repository: swr::Repository::parse("busybox").unwrap(),
        }
    );
    assert_eq!(swr.tag().unwrap(), "latest");
    let internal = accepts("10.125.0.198:20202/namespace/busybox:latest", Profile::Oci);
    let domain = internal.domain().unwrap();
    assert_eq!(domain.host(), Host::Ipv4("10.125.0.198"));
    assert_eq!(domain.port(), Some("20202"));
    assert_eq!(internal.path(), "namespace/busybox");
    let quay_text = format!("quay.io/quayadmin/busybox@sha256:{HEX64}");
    let quay = accepts(&quay_text, Profile::Quay);
    assert_eq!(quay.namespace(), Some("quayadmin"));
    assert_eq!(quay.digest().unwrap().encoded(), HEX64);
    assert_eq!(quay.tag(), None);
    let nginx = accepts("nginx", Profile::Oci);
    assert_eq!(
        (nginx.domain(), nginx.tag(), nginx.digest()),
        (None, None, None)
    );
    assert_eq!(nginx.namespace(), None);
    let local = accepts("localhost:5000/a/b:v1", Profile::Oci);
    assert_eq!(local.domain().unwrap().host(), Host::Name("localhost"));
    assert_eq!(local.components().collect::<std::vec::Vec<_>>(), ["a", "b"]);
}

#[test]
fn spec_invalid_examples() {
    rejects(
        "swr.cn-north-4.myhuaweicloud.com/busybox:latest",
        Part::Namespace,
        Rule::MissingNamespace,
        40,
    );
    rejects(
        "swr.cn-north-4.myhuaweicloud.com/1org/app",
        Part::Namespace,
        Rule::InvalidStart,
        33,
    );
    rejects("quay.io/a/app", Part::Namespace, Rule::TooShort, 9);
    rejects("Nginx", Part::Repository, Rule::InvalidStart, 0);
    rejects("nginx:", Part::Tag, Rule::Empty, 6);
    rejects("a@sha256:abc", Part::Digest, Rule::DigestLength, 12);
}

#[test]
fn spec_host_decisions() {
    rejects(
        "[::ffff:192.0.2.128]/x",
        Part::Domain,
        Rule::InvalidCharacter,
        11,
    );
    rejects("[fe80::1%eth0]/x", Part::Domain, Rule::InvalidCharacter, 8);
    rejects(
        "registry.local.:5000/x",
        Part::Domain,
        Rule::TrailingSeparator,
        14,
    );
    rejects("foo_bar.com/app", Part::Domain, Rule::InvalidCharacter, 3);
    rejects(
        &format!("alpine:@sha256:{HEX64}"),
        Part::Tag,
        Rule::Empty,
        7,
    );
    let ipv6 = accepts("[abcd]/x", Profile::Oci);
    assert_eq!(ipv6.domain().unwrap().host(), Host::Ipv6("abcd"));
    let v6_port = accepts("[::1]:5000/x", Profile::Oci);
    assert_eq!(v6_port.domain().unwrap().port(), Some("5000"));
    // No range check on the port, as distribution.
    accepts("localhost:99999999/x", Profile::Oci);
    rejects("a:/x", Part::Domain, Rule::Empty, 2);
    rejects("a:1x/y", Part::Domain, Rule::InvalidCharacter, 3);
    rejects("[]/x", Part::Domain, Rule::Empty, 1);
    rejects("-a.com/x", Part::Domain, Rule::InvalidStart, 0);
    rejects("a-.b/x", Part::Domain, Rule::AdjacentSeparators, 2);
    rejects("a..b/x", Part::Domain, Rule::AdjacentSeparators, 2);
    rejects("a.b--/x", Part::Domain, Rule::TrailingSeparator, 3);
    accepts("A-b--c.Example.COM:443/x", Profile::Oci);
}

#[test]
fn domain_split() {
    // Before the first `/`: a domain only with `.`, `:`, `[`, `localhost` or uppercase.
    assert_eq!(accepts("library/nginx", Profile::Oci).domain(), None);
    assert_eq!(accepts("a-b/c", Profile::Oci).domain(), None);
    assert_eq!(
        accepts("localhost/c", Profile::Oci)
            .domain()
            .unwrap()
            .as_str(),
        "localhost"
    );
    assert_eq!(
        accepts("Foo/bar", Profile::Oci).domain().unwrap().as_str(),
        "Foo"
    );
    // `sha256:` + hex without `@` is the name `sha256` with a tag.
    let named = format!("sha256:{HEX64}");
    let named = accepts(&named, Profile::Oci);
    assert_eq!(
        (named.path(), named.tag().unwrap().as_str()),
        ("sha256", HEX64)
    );
    rejects(
        &format!("@sha256:{HEX64}"),
        Part::Repository,
        Rule::Empty,
        0,
    );
    accepts(&format!("x@blake3:{HEX64}"), Profile::Oci);
    rejects("x@blake3:abc", Part::Digest, Rule::DigestLength, 12);
}

#[test]
fn path_limit_is_path_only() {
    let path = format!("a/{}", "b".repeat(253));
    assert_eq!(path.len(), MAX_PATH_LEN);
    accepts(&path, Profile::Oci);
    // The domain does not count.
    accepts(
        &format!("registry.example.com:5000/{path}:v1"),
        Profile::Oci,
    );
    // `a/` + 254 bytes: no domain, so a 256-byte PATH.
    rejects(
        &format!("a/{}", "b".repeat(254)),
        Part::Repository,
        Rule::TooLong,
        255,
    );
    rejects(
        &format!("quay.io/{}b", path),
        Part::Repository,
        Rule::TooLong,
        8 + 255,
    );
    // A flaw past the limit is reported as the limit.
    rejects(
        &format!("a/{}B", "b".repeat(300)),
        Part::Repository,
        Rule::TooLong,
        255,
    );
}

#[test]
fn profiles_by_host() {
    for host in [
        "swr.cn-north-4.myhuaweicloud.com",
        "SWR.CN-NORTH-4.MYHUAWEICLOUD.COM",
        "swr.eu-west-101.myhuaweicloud.eu",
        "swr.eu-de.otc.t-systems.com:443",
    ] {
        accepts(&format!("{host}/group/app"), Profile::Swr);
        rejects(
            &format!("{host}/app"),
            Part::Namespace,
            Rule::MissingNamespace,
            host.len() + 4,
        );
    }
    for host in [
        "swr.myhuaweicloud.com",
        "swr.a.b.myhuaweicloud.com",
        "xswr.a.myhuaweicloud.com",
    ] {
        accepts(&format!("{host}/app"), Profile::Oci);
    }
    accepts("QUAY.IO/ab/app", Profile::Quay);
    accepts("quay.io:443/ab/app", Profile::Quay);
    accepts("quay.io.example.com/a/app", Profile::Oci);
}

#[test]
fn generic_grammar_applies_in_every_profile() {
    rejects(
        "quay.io/org/app-",
        Part::Repository,
        Rule::TrailingSeparator,
        15,
    );
    rejects(
        "quay.io/org/a..b",
        Part::Repository,
        Rule::AdjacentSeparators,
        14,
    );
    rejects(
        "quay.io/busybox",
        Part::Namespace,
        Rule::MissingNamespace,
        15,
    );
    rejects(
        "quay.io/a--b/app",
        Part::Namespace,
        Rule::AdjacentSeparators,
        10,
    );
    let swr = "swr.cn-north-4.myhuaweicloud.com";
    rejects(
        &format!("{swr}/grp/A"),
        Part::Repository,
        Rule::InvalidCharacter,
        37,
    );
    rejects(
        &format!("{swr}/9g/app"),
        Part::Namespace,
        Rule::InvalidStart,
        33,
    );
    let long_ns = "a".repeat(65);
    rejects(
        &format!("{swr}/{long_ns}/app"),
        Part::Namespace,
        Rule::TooLong,
        33 + 64,
    );
    let long_repo = "r".repeat(129);
    rejects(
        &format!("{swr}/ns/{long_repo}"),
        Part::Repository,
        Rule::TooLong,
        36 + 128,
    );
    accepts(&format!("{swr}/ns/a/b/c:v1"), Profile::Swr);
}

#[test]
fn configured_hosts() {
    let mut profiles = Profiles::new();
    profiles
        .insert("Registry.Example.com", Profile::Swr)
        .unwrap();
    profiles
        .insert("quay.internal:8443", Profile::Quay)
        .unwrap();
    let parse = |s| ImageReference::parse_with(s, &profiles).map(|r| r.profile());
    assert_eq!(parse("registry.example.com:5000/ns/app"), Ok(Profile::Swr));
    assert_eq!(parse("quay.internal:8443/org/app"), Ok(Profile::Quay));
    assert_eq!(parse("quay.internal/o/app"), Ok(Profile::Oci));
    let err = parse("registry.example.com/app").unwrap_err();
    assert_eq!(
        (err.part(), err.rule(), err.profile()),
        (Part::Namespace, Rule::MissingNamespace, Profile::Swr)
    );
    // A configuration can take a built-in host elsewhere.
    profiles.insert("quay.io", Profile::Oci).unwrap();
    assert_eq!(
        ImageReference::parse_with("quay.io/a/app", &profiles).map(|r| r.profile()),
        Ok(Profile::Oci)
    );
    let bad = profiles.insert("foo_bar.com", Profile::Swr).unwrap_err();
    assert_eq!(
        (bad.part(), bad.rule(), bad.offset()),
        (Part::Domain, Rule::InvalidCharacter, 3)
    );
    assert!(profiles.insert("a.com/x", Profile::Swr).is_err());
}

#[test]
fn every_domain_rule_with_its_offset() {
    for (domain, rule, offset) in [
        ("", Rule::Empty, 0),
        ("a.", Rule::TrailingSeparator, 1),
        ("ab.c-", Rule::TrailingSeparator, 4),
        ("a:", Rule::Empty, 2),
        ("h.io:", Rule::Empty, 5),
        ("a:x", Rule::InvalidCharacter, 2),
        ("a:12x", Rule::InvalidCharacter, 4),
        ("a.b.c:1:2", Rule::InvalidCharacter, 7),
        ("a..b", Rule::AdjacentSeparators, 2),
        ("a-.b", Rule::AdjacentSeparators, 2),
        ("-a", Rule::InvalidStart, 0),
        ("[]", Rule::Empty, 1),
        ("[::1", Rule::InvalidCharacter, 4),
    ] {
        let error = Profiles::new().insert(domain, Profile::Oci).unwrap_err();
        assert_eq!((error.rule(), error.offset()), (rule, offset), "{domain:?}");
    }
    for domain in ["[::1]:5000", "a.b:5000", "localhost"] {
        assert!(
            Profiles::new().insert(domain, Profile::Oci).is_ok(),
            "{domain}"
        );
    }
}

#[test]
fn hosts_are_told_apart_and_a_domain_shows_as_written() {
    let host = |reference: &'static str| {
        let domain = ImageReference::parse(reference).unwrap().domain().unwrap();
        assert_eq!(domain.to_string(), domain.as_str());
        domain.host()
    };
    for ipv4 in ["1.2.3.4/a", "01.2.3.255:5/a", "0.0.0.0/a"] {
        assert!(matches!(host(ipv4), Host::Ipv4(_)), "{ipv4}");
    }
    for name in [
        "1.2.3.256/a",
        "1.2.3/a",
        "1.2.3.4.5/a",
        "a.b.c.d/a",
        "1234.1.1.1/a",
        "1.2.3.4a/a",
        "0001.2.3.4/a",
    ] {
        assert!(matches!(host(name), Host::Name(_)), "{name}");
    }
    assert!(matches!(host("[::1]/a"), Host::Ipv6("::1")));
    assert_eq!(
        ImageReference::parse("localhost:5000/a")
            .unwrap()
            .domain()
            .unwrap()
            .to_string(),
        "localhost:5000"
    );
}

#[test]
fn path_failures_at_their_byte() {
    let at = |input: &str| {
        let e = ImageReference::parse(input).unwrap_err();
        (e.rule(), e.offset())
    };
    assert_eq!(at("a/b!c"), (Rule::InvalidCharacter, 3));
    assert_eq!(at("quay.io/org/a!"), (Rule::InvalidCharacter, 13));
    // A rule broken at the 256th byte of PATH is that rule, not the length.
    let two_dots = format!("{}..", "a".repeat(254));
    assert_eq!(at(&two_dots), (Rule::AdjacentSeparators, 255));
    let past = format!("{}..", "a".repeat(255));
    assert_eq!(at(&past).0, Rule::TooLong);
}

#[test]
fn owned_and_borrowed_compare_by_their_text() {
    let (a, b) = ("quay.io/org/app:v1", "quay.io/org/app:v2");
    let (ra, rb) = (
        ImageReference::parse(a).unwrap(),
        ImageReference::parse(b).unwrap(),
    );
    let (oa, ob) = (ra.into_owned(), rb.into_owned());
    assert!(oa != ob);
    assert!(ra != rb);
    assert!(oa != rb);
    assert!(ra != ob);
    assert!(oa == ra);
    assert!(ra == oa);
    assert!(oa == oa.clone());
    assert_eq!(ra.partial_cmp(&rb), Some(core::cmp::Ordering::Less));
    assert_eq!(ob.partial_cmp(&oa), Some(core::cmp::Ordering::Greater));
    assert_eq!(
        oa.partial_cmp(&oa.clone()),
        Some(core::cmp::Ordering::Equal)
    );
}

#[test]
fn a_port_picks_its_own_entry_and_an_insert_replaces_only_its_domain() {
    let mut profiles = Profiles::new();
    for (domain, profile) in [
        ("reg.example:1", Profile::Swr),
        ("reg.example", Profile::Quay),
        ("reg.example:2", Profile::Swr),
        ("reg.example:2", Profile::Oci),
    ] {
        profiles.insert(domain, profile).unwrap();
    }
    assert_eq!(profiles.profile_of("reg.example", Some("1")), Profile::Swr);
    assert_eq!(profiles.profile_of("REG.example", Some("2")), Profile::Oci);
    assert_eq!(profiles.profile_of("reg.example", Some("3")), Profile::Quay);
    assert_eq!(profiles.profile_of("reg.example", None), Profile::Quay);
    profiles.insert("reg.example", Profile::Swr).unwrap();
    assert_eq!(profiles.profile_of("reg.example", None), Profile::Swr);
    assert_eq!(profiles.profile_of("reg.example", Some("2")), Profile::Oci);
}

#[test]
fn messages_are_bounded() {
    let long = format!("{}:{}", "a".repeat(100), "é".repeat(300));
    let err = ImageReference::parse(&long).unwrap_err();
    let message = err.with_input(&long).to_string();
    assert!(message.len() < 300, "{message}");
    assert!(
        message.contains(&format!(
            "\"{}\"… ({} bytes)",
            "a".repeat(crate::QUOTE_LIMIT),
            long.len()
        )),
        "{message}"
    );
    assert!(!err.to_string().contains("aaaa"));
}

#[test]
fn normalized_only_on_request() {
    let cases = [
        ("nginx", "docker.io/library/nginx:latest"),
        ("library/nginx:1.27", "docker.io/library/nginx:1.27"),
        ("org/app", "docker.io/org/app:latest"),
        ("index.docker.io/nginx", "docker.io/library/nginx:latest"),
        ("localhost:5000/app", "localhost:5000/app:latest"),
    ];
    for (input, normalized) in cases {
        let image = ImageReference::parse(input).unwrap();
        assert_eq!(image.normalized().to_string(), normalized);
        assert_eq!(image.to_string(), input);
    }
    let digest = format!("nginx@sha256:{HEX64}");
    assert_eq!(
        ImageReference::parse(&digest)
            .unwrap()
            .normalized()
            .to_string(),
        format!("docker.io/library/{digest}")
    );
}

#[test]
fn owned_form_round_trips() {
    let text = format!("swr.cn-north-4.myhuaweicloud.com/group/busybox:v1@sha256:{HEX64}");
    let owned: ImageReferenceBuf = text.parse().unwrap();
    assert_eq!(owned.to_string(), text);
    assert_eq!(owned.as_name(), ImageReference::parse(&text).unwrap());
    assert_eq!(owned.as_name().namespace(), Some("group"));
    assert_eq!(String::from(owned.clone()), text);
    assert_eq!(
        ImageReferenceBuf::try_from(String::from("quay.io/a/app"))
            .unwrap_err()
            .rule(),
        Rule::TooShort
    );
}

/// Where the split puts the DOMAIN for every common shape of reference, and the host's end.
#[test]
fn the_split_finds_every_common_shape() {
    let digest = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";
    for (input, domain) in [
        ("nginx".to_string(), None),
        ("nginx:latest".to_string(), None),
        (format!("nginx@{digest}"), None),
        ("library/nginx".to_string(), None),
        ("quay.io/org/app".to_string(), Some((7, 7))),
        ("localhost/app".to_string(), Some((9, 9))),
        ("localhost:5000/app".to_string(), Some((9, 14))),
        ("a.b:80/x".to_string(), Some((3, 6))),
        ("abcdefghijklmnopqrstuvwxyz:v1".to_string(), None),
        ("abcdefghijklmnopqrstuvwxyz/app:v1".to_string(), None),
        (
            "swr.cn-north-4.myhuaweicloud.com/group/busybox:latest".to_string(),
            Some((32, 32)),
        ),
        (
            "registry.example.com:5000/ns/app".to_string(),
            Some((20, 25)),
        ),
        ("Foo/bar".to_string(), Some((3, 3))),
        ("[::1]:5000/x".to_string(), Some((5, 10))),
    ] {
        let image = ImageReference::parse(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
        let found = image.domain().map(|d| (d.host_end, d.as_str().len()));
        assert_eq!(found, domain, "{input}");
        assert_eq!(
            split::domain_end(input.as_bytes()),
            domain.map(|(_, end)| end)
        );
    }
    // A `:` with no `/` is a tag, not a port.
    assert_eq!(split::domain_end(b"a:80:x"), None);
}

/// docs/grammars.md §10: a reference's DIGEST is one a client can pull by. An unknown algorithm
/// is refused at its first byte whatever follows; a known one has exactly its hex digits; the
/// same digests stay valid `oci-digest` values (§7 is unchanged).
#[test]
fn digests_are_ones_a_client_can_pull_by() {
    let sha384 = format!("{HEX64}{}", &HEX64[..32]);
    for (input, rule, offset) in [
        ("nginx@sha384:abc".to_string(), Rule::DigestLength, 16),
        (
            format!("x@md5:{}", &HEX64[..32]),
            Rule::UnsupportedAlgorithm,
            2,
        ),
        ("x@md5:abc".to_string(), Rule::UnsupportedAlgorithm, 2),
        (format!("x@SHA256:{HEX64}"), Rule::UnsupportedAlgorithm, 2),
        (
            "x@multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8".to_string(),
            Rule::UnsupportedAlgorithm,
            2,
        ),
        (
            "nginx:latest@sha:1111".to_string(),
            Rule::UnsupportedAlgorithm,
            13,
        ),
        ("x@sha256".to_string(), Rule::MissingColon, 8),
        ("x@".to_string(), Rule::Empty, 2),
        (
            format!("x@sha384:{}", sha384.to_uppercase()),
            Rule::UppercaseHex,
            9,
        ),
        (format!("x@sha512:{HEX64}"), Rule::DigestLength, 73),
    ] {
        rejects(&input, Part::Digest, rule, offset);
    }
    for algorithm_and_hex in [
        format!("sha256:{HEX64}"),
        format!("sha384:{sha384}"),
        format!("sha512:{HEX64}{HEX64}"),
        format!("blake3:{HEX64}"),
    ] {
        let text = format!("x@{algorithm_and_hex}");
        let image = accepts(&text, Profile::Oci);
        assert_eq!(image.digest().unwrap().as_str(), algorithm_and_hex);
    }
    // §7 is unchanged: these are valid digests, only not ones to pull by.
    for digest in ["sha384:abc", "md5:abc", "multihash+base58:Qm"] {
        assert!(crate::oci::Digest::parse(digest).is_ok(), "{digest}");
    }
}

/// docs/grammars.md §10, "an error names the part that broke": where a registry needs a
/// namespace, a PATH that breaks distribution's grammar in its first component breaks the
/// namespace, and that registry's grammar says why.
#[test]
fn a_namespace_that_breaks_the_generic_grammar_is_the_namespace() {
    let swr = "swr.cn-north-4.myhuaweicloud.com";
    for (input, kind, rule, offset) in [
        (
            "quay.io/myName/app:1".to_string(),
            Kind::QuayNamespace,
            Rule::InvalidCharacter,
            10,
        ),
        (
            format!("{swr}/MyOrg/app:v1"),
            Kind::SwrNamespace,
            Rule::InvalidStart,
            33,
        ),
        (
            format!("{swr}/my._org/app"),
            Kind::SwrNamespace,
            Rule::AdjacentSeparators,
            36,
        ),
        (
            "quay.io/org_-x/app".to_string(),
            Kind::QuayNamespace,
            Rule::AdjacentSeparators,
            12,
        ),
        (
            format!("quay.io/{}/app", "a".repeat(300)),
            Kind::QuayNamespace,
            Rule::TooLong,
            8 + 255,
        ),
    ] {
        let err = ImageReference::parse(&input).unwrap_err();
        assert_eq!(
            (err.part(), err.kind(), err.rule(), err.offset()),
            (Part::Namespace, kind, rule, offset),
            "{input}: {err}"
        );
    }
    // A namespace ending in a separator breaks distribution's grammar at its `/`, which is
    // still the namespace's.
    for input in ["quay.io/org_/app".to_string(), format!("{swr}/org_/app")] {
        let err = ImageReference::parse(&input).unwrap_err();
        assert_eq!(
            (err.part(), err.rule(), err.offset()),
            (
                Part::Namespace,
                Rule::TrailingSeparator,
                input.find("_/").unwrap()
            ),
            "{input}: {err}"
        );
    }
    // A break after the namespace, a PATH of one component, and any other host: the repository.
    for input in [
        "quay.io/org/App",
        "quay.io/App",
        "registry.example.com/MyOrg/app",
    ] {
        let err = ImageReference::parse(input).unwrap_err();
        assert_eq!(err.part(), Part::Repository, "{input}: {err}");
    }
}

proptest::proptest! {
    /// Why `registry_rules` reports every §5 error as the namespace's: on a PATH that passed
    /// distribution's grammar, Quay's repository grammar can only break in the namespace (up to
    /// its `/`), never in the name after it.
    #[test]
    fn after_the_generic_grammar_only_a_quay_namespace_breaks(
        parts in proptest::collection::vec(
            proptest::sample::select(&["a", "b9", "a.b", "a_b", "a__b", "a-b", "a--b", "ab", "/"][..]),
            1..12,
        ),
        long in 0usize..300,
    ) {
        let mut path: String = parts.concat();
        if long > 240 {
            path.insert_str(0, &"n".repeat(long));
        }
        let bytes = path.as_bytes();
        if crate::grammar::run(Kind::ImageReference, bytes, crate::oci::path).is_err() {
            return Ok(());
        }
        let Some(slash) = bytes.iter().position(|&b| b == b'/') else {
            return Ok(());
        };
        if let Err(e) = crate::grammar::run(Kind::QuayRepository, bytes, crate::quay::repository_path) {
            proptest::prop_assert!(e.offset() <= slash, "{path}: {e}");
        }
    }
}
