//! Validation never touches the heap, for valid and invalid inputs of every kind.
//!
//! A counting global allocator counts this thread's allocations only, so other test threads do
//! not disturb the count.

use registry_names::reference::ImageReference;
use registry_names::{git, oci, quay, swr, Kind, Tag};

#[path = "support/counting.rs"]
mod counting;
use counting::allocations_during;

const SHA256: &[u8] = b"sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

/// Valid and invalid inputs per kind, the invalid ones breaking different rules (each builds an
/// error, which must not allocate either); every kind in `Kind::ALL` must appear.
fn samples() -> Vec<(Kind, Vec<&'static [u8]>)> {
    vec![
        (
            Kind::SwrNamespace,
            vec![b"my--org", b"a.b_c-d9", b"my._org", b"1org", b"", b"org-"],
        ),
        (
            Kind::SwrRepository,
            vec![b"library/nginx", b"a/b/c", b"a$b", b"a//b", b"nginx/"],
        ),
        (
            Kind::SwrRepositoryPath,
            vec![b"library$nginx", b"a/b", b"a$$b", b"$a"],
        ),
        (
            Kind::Tag,
            vec![b"latest", b"v1.2.3", b"-rc", b"v1+build", b"\xff"],
        ),
        (
            Kind::QuayNamespace,
            vec![b"quayadmin", b"a1.b2_c3-d4", b"a", b"a--b", b"ab-", b"aB"],
        ),
        (
            Kind::QuayRepository,
            vec![b"org/team/app", b"busybox", b"org//x", b"org/.x", b"o/x"],
        ),
        (
            Kind::QuayTagFilter,
            vec![
                b"like:v1_%",
                b"eq:latest",
                b"like:",
                b"v1",
                b"ne:v1",
                b"eq:",
                b"like:a b",
            ],
        ),
        (
            Kind::OciDigest,
            vec![
                SHA256,
                b"multihash+base58:QmRZ",
                b"sha256:ABC",
                b"sha256",
                b":abc",
                b"a+-b:x",
            ],
        ),
        (
            Kind::GitTag,
            vec![
                b"v1.0",
                b"@",
                b"caf\xc3\xa9/\xff",
                b"-x",
                b"HEAD",
                b"a.lock/b",
                b"a@{b",
                b"a//b",
            ],
        ),
        (
            Kind::GitBranch,
            vec![
                b"feature/x",
                b"a./b",
                b"a..b",
                b"a/.b",
                b"a\x7fb",
                b"a.",
                b"/a",
                b"",
            ],
        ),
        (
            Kind::GitRefname,
            vec![b"refs/heads/main", b"main", b"@", b"refs/tags/a..b"],
        ),
        (
            Kind::ImageReference,
            vec![
                b"nginx",
                b"swr.cn-north-4.myhuaweicloud.com/group/busybox:latest",
                b"quay.io/quayadmin/busybox@sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
                b"[::1]:5000/a/b:v1",
                b"swr.cn-north-4.myhuaweicloud.com/busybox",
                b"quay.io/a/app",
                b"foo_bar.com/app",
                b"Nginx",
                b"nginx:",
                b"a@sha256:abc",
            ],
        ),
    ]
}

#[test]
fn counter_sees_allocations() {
    // Without this, a broken counter would make every assertion below pass.
    let n = allocations_during(|| drop(std::hint::black_box(Box::new(7u64))));
    assert_eq!(n, 1);
}

#[test]
fn validating_every_kind_allocates_nothing() {
    let samples = samples();
    for (kind, inputs) in &samples {
        for input in inputs {
            let n = allocations_during(|| {
                let result = kind.validate(std::hint::black_box(input));
                if let Err(e) = &result {
                    // Reading the error must not allocate either.
                    std::hint::black_box((e.rule(), e.offset(), e.kind()));
                }
                std::hint::black_box(result).ok();
            });
            assert_eq!(
                n,
                0,
                "{kind:?} {:?} allocated {n} times",
                String::from_utf8_lossy(input)
            );
        }
    }
}

#[test]
fn typed_values_allocate_nothing() {
    let n = allocations_during(|| {
        std::hint::black_box(swr::Namespace::parse("my-org").unwrap());
        let plain = swr::Repository::parse("library/nginx").unwrap();
        let repo = swr::RepositoryPath::parse("library$nginx").unwrap();
        std::hint::black_box(repo == plain);
        std::hint::black_box(repo.components().count());
        std::hint::black_box(Tag::parse_bytes(b"v1.2.3").unwrap());
        std::hint::black_box(swr::Namespace::parse("My-org").unwrap_err());
        let path = quay::RepositoryPath::parse("org/team/app").unwrap();
        std::hint::black_box((path.namespace(), path.name(), path.segment_count()));
        let filter = quay::TagFilter::parse("like:%a%a%a%b").unwrap();
        std::hint::black_box(filter.matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        let digest = oci::Digest::parse("sha512:0123").unwrap_err();
        std::hint::black_box(digest);
        let digest = oci::Digest::parse("foo+bar:Zm9v").unwrap();
        std::hint::black_box((digest.algorithm(), digest.encoded()));
        std::hint::black_box(git::TagName::parse("v1.0").unwrap());
        std::hint::black_box(git::BranchName::parse_bytes(b"feature/\xc3\xa9").unwrap());
        std::hint::black_box(git::TagName::parse_bytes(b"\xff").unwrap_err());
        let image = ImageReference::parse("swr.cn-north-4.myhuaweicloud.com/group/app:v1").unwrap();
        std::hint::black_box((image.domain(), image.name(), image.tag(), image.digest()));
        std::hint::black_box(image.normalized());
        let error = ImageReference::parse("quay.io/a/app").unwrap_err();
        std::hint::black_box((error.part(), error.rule(), error.offset()));
    });
    assert_eq!(n, 0);
}

#[test]
fn every_kind_is_sampled() {
    let samples = samples();
    for kind in Kind::ALL {
        assert!(
            samples.iter().any(|(k, _)| *k == kind),
            "{kind} has no allocation sample"
        );
    }
}

#[test]
fn samples_reach_both_verdicts() {
    // A kind sampled only with valid (or only invalid) names would leave a path unmeasured.
    for (kind, inputs) in samples() {
        let valid = inputs.iter().filter(|i| kind.validate(i).is_ok()).count();
        assert!(
            valid > 0 && valid < inputs.len(),
            "{kind:?}: {valid} of {} samples valid",
            inputs.len()
        );
    }
}
