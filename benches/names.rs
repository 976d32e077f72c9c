//! Every kind, five input classes, three contenders in the same group:
//!
//! - `ours`: this crate's parser (`Kind::validate`);
//! - `regex`: the anchored `regex::bytes::Regex` restatement of docs/grammars.md plus its length checks
//!   (the same oracle the tests use, `tests/common/oracles.rs`);
//! - `floor`: a loop that only checks each byte against the kind's allowed-byte table, with no
//!   adjacency or length rule: the least any correct validator must do.
//!
//! `cargo bench --bench names`, then `python3 scripts/bench-report.py -o BENCHMARKS.md`.
//!
//! With `NAMES_CALLS=N` in the environment the executable times nothing: it makes `N` calls of
//! `ours` for the kind and class (`<kind>/<class>`) the first argument names, or each one whose
//! name contains it, and exits, so that `valgrind --tool=callgrind` counts instructions per call (the difference
//! between `N` and `0` calls, divided by `N`), which the machine's load does not move
//! (BENCHMARKS.md, "Requests" has the method).

#[path = "../tests/common/oracles.rs"]
mod oracles;

use criterion::{criterion_group, Criterion, Throughput};
use registry_names::Kind;
use std::hint::black_box;
use std::time::Duration;

/// One kind's inputs; every input is checked against both ours and the oracle before timing.
struct Case {
    name: &'static str,
    kind: Kind,
    /// Every byte the kind allows anywhere.
    allowed: Vec<u8>,
    short: Vec<u8>,
    typical: Vec<u8>,
    max: Vec<u8>,
    /// A byte the kind never allows, for the invalid classes.
    bad: u8,
}

fn bytes(ranges: &[(u8, u8)], extra: &[u8]) -> Vec<u8> {
    let mut all: Vec<u8> = ranges.iter().flat_map(|&(lo, hi)| lo..=hi).collect();
    all.extend_from_slice(extra);
    all
}

/// `unit` repeated to `len` bytes, the last byte replaced by `last` so the name ends validly.
fn repeated(unit: &str, len: usize, last: u8) -> Vec<u8> {
    let mut v: Vec<u8> = unit.bytes().cycle().take(len).collect();
    *v.last_mut().unwrap() = last;
    v
}

fn cases() -> Vec<Case> {
    let lower = bytes(&[(b'a', b'z'), (b'0', b'9')], b"._-");
    let tag = bytes(&[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9')], b"._-");
    let git = bytes(&[(0x21, 0x7e), (0x80, 0xff)], b"")
        .into_iter()
        .filter(|b| !b"~^:?*[\\".contains(b))
        .collect::<Vec<_>>();
    let hex512 = "0123456789abcdef".repeat(8);
    vec![
        Case {
            name: "swr-namespace",
            kind: Kind::SwrNamespace,
            allowed: lower.clone(),
            short: b"my-org".to_vec(),
            typical: b"cloud-native.platform_team--prod9".to_vec(),
            max: repeated("ab1.cd2_ef3-gh4__ij5--", 64, b'z'),
            bad: b'!',
        },
        Case {
            name: "swr-repository",
            kind: Kind::SwrRepository,
            allowed: [lower.as_slice(), b"/"].concat(),
            short: b"a/nginx".to_vec(),
            typical: b"library/nginx-alpine/v1.25_amd64".to_vec(),
            max: repeated("library/ng-inx.v2_x__y/", 128, b'z'),
            bad: b'!',
        },
        Case {
            name: "swr-repository-path",
            kind: Kind::SwrRepositoryPath,
            allowed: [lower.as_slice(), b"$"].concat(),
            short: b"a$nginx".to_vec(),
            typical: b"library$nginx-alpine$v1.25_amd64".to_vec(),
            max: repeated("library$ng-inx.v2_x__y$", 128, b'z'),
            bad: b'!',
        },
        Case {
            name: "tag",
            kind: Kind::Tag,
            allowed: [tag.as_slice(), b"_"].concat(),
            short: b"latest".to_vec(),
            typical: b"v1.2.3-alpine3.19_amd64-build42".to_vec(),
            max: repeated("v1.2-rc_A", 128, b'z'),
            bad: b'!',
        },
        Case {
            name: "quay-namespace",
            kind: Kind::QuayNamespace,
            allowed: lower.clone(),
            short: b"quayio".to_vec(),
            typical: b"platform-team.prod_eu1".to_vec(),
            max: repeated("ab1.cd2_ef3-gh4", 255, b'z'),
            bad: b'!',
        },
        Case {
            name: "quay-repository",
            kind: Kind::QuayRepository,
            allowed: [lower.as_slice(), b"/"].concat(),
            short: b"org/app".to_vec(),
            typical: b"acme-corp/team.frontend/web_app-v2".to_vec(),
            max: [
                repeated("ab1.cd2_ef3-gh4", 255, b'z'),
                b"/".to_vec(),
                repeated("web.app_v2-x", 255, b'z'),
            ]
            .concat(),
            bad: b'!',
        },
        Case {
            name: "quay-tag-filter",
            kind: Kind::QuayTagFilter,
            allowed: [tag.as_slice(), b"_%:"].concat(),
            short: b"eq:v1".to_vec(),
            typical: b"like:release-2024_%-amd64%".to_vec(),
            max: [b"like:".to_vec(), repeated("v1.%_Rc-", 128, b'z')].concat(),
            bad: b'!',
        },
        Case {
            name: "oci-digest",
            kind: Kind::OciDigest,
            allowed: bytes(&[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9')], b"+._-:="),
            short: b"x:abc".to_vec(),
            typical: b"multihash+b58:QmRZxt2b1FVZPNqd8hsiyk".to_vec(),
            max: format!("sha512:{hex512}").into_bytes(),
            bad: b'!',
        },
        Case {
            name: "git-tag",
            kind: Kind::GitTag,
            allowed: git.clone(),
            short: b"v1.0".to_vec(),
            typical: b"release/2024-11/v1.2.3-rc1".to_vec(),
            max: repeated("release/v1.2_x-y/", 255, b'z'),
            bad: b'~',
        },
        Case {
            name: "git-branch",
            kind: Kind::GitBranch,
            allowed: git,
            short: b"main".to_vec(),
            typical: b"feature/JIRA-1234-add-login-page".to_vec(),
            max: repeated("feature/JIRA-12_ab.c/", 255, b'z'),
            bad: b'~',
        },
    ]
}

fn table(allowed: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    for &b in allowed {
        t[b as usize] = true;
    }
    t
}

/// The floor: each byte against the allowed set, nothing else.
#[inline(never)]
fn floor(table: &[bool; 256], input: &[u8]) -> bool {
    input.iter().all(|&b| table[b as usize])
}

/// A kind's five classes: name, input, whether it is valid.
fn classes(case: &Case) -> [(&'static str, Vec<u8>, bool); 5] {
    let mut early = case.max.clone();
    early[0] = case.bad;
    let mut late = case.max.clone();
    *late.last_mut().unwrap() = case.bad;
    [
        ("short", case.short.clone(), true),
        ("typical", case.typical.clone(), true),
        ("max", case.max.clone(), true),
        ("invalid_early", early, false),
        ("invalid_late", late, false),
    ]
}

/// `NAMES_CALLS=N`: `N` untimed calls of `ours` for the `<kind>/<class>` named `filter`, or for
/// each one containing it when it names no class (`tag/short` is not also `git-tag/short`).
fn calls(n: usize, filter: &str) {
    for case in cases() {
        for (class, input, valid) in classes(&case) {
            assert_eq!(case.kind.validate(&input).is_ok(), valid);
            let id = format!("{}/{class}", case.name);
            if id == filter || (!filter.contains('/') && id.contains(filter)) {
                for _ in 0..n {
                    black_box(black_box(case.kind).validate(black_box(&input)).is_ok());
                }
                eprintln!("{n} calls of {id}");
            }
        }
    }
}

fn bench(c: &mut Criterion) {
    for case in cases() {
        let allowed = table(&case.allowed);
        for (class, input, valid) in classes(&case) {
            assert_eq!(
                case.kind.validate(&input).is_ok(),
                valid,
                "{} {class}: {:?}",
                case.name,
                String::from_utf8_lossy(&input)
            );
            assert_eq!(
                oracles::accepts(case.kind, &input),
                valid,
                "oracle on {} {class}",
                case.name
            );
            assert!(
                class.starts_with("invalid") || floor(&allowed, &input),
                "floor on {} {class}",
                case.name
            );
            let mut group = c.benchmark_group(format!("{}/{class}", case.name));
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_function("ours", |b| {
                b.iter(|| case.kind.validate(black_box(&input)).is_ok())
            });
            group.bench_function("regex", |b| {
                b.iter(|| oracles::accepts(case.kind, black_box(&input)))
            });
            group.bench_function("floor", |b| b.iter(|| floor(&allowed, black_box(&input))));
            group.finish();
        }
    }
}

/// Quay's `like` matcher (`TagFilter::matches`) against the LIKE-to-regex oracle, compiled once.
/// The worst case: a pattern of ten `%a` against a 128-byte tag, which a backtracking
/// matcher takes exponential time on; and the same with a final `b`, which never matches, so
/// every `%` is retried.
fn bench_like(c: &mut Criterion) {
    let tag_a = "a".repeat(128);
    let cases = [
        ("ten_wildcards_match", "%a%a%a%a%a%a%a%a%a%a", tag_a.clone()),
        ("ten_wildcards_no_match", "%a%a%a%a%a%a%a%a%a%a%b", tag_a),
        (
            "typical",
            "release-2024_%-amd64",
            "app-release-2024_11-alpine3.19-amd64".to_string(),
        ),
    ];
    for (name, pattern, tag) in cases {
        let text = format!("like:{pattern}");
        let filter = registry_names::quay::TagFilter::parse(&text).unwrap();
        let regex = oracles::like_regex(pattern);
        assert_eq!(
            filter.matches(&tag),
            regex.is_match(tag.as_bytes()),
            "{name}"
        );
        let mut group = c.benchmark_group(format!("like-matcher/{name}"));
        group.throughput(Throughput::Bytes(tag.len() as u64));
        group.bench_function("ours", |b| {
            b.iter(|| black_box(&filter).matches(black_box(&tag)))
        });
        group.bench_function("regex", |b| {
            b.iter(|| regex.is_match(black_box(tag.as_bytes())))
        });
        group.finish();
    }
}

/// The `like:` matcher's worst cases at tag lengths from 16 bytes to 64 KiB, against the same
/// pattern as an unanchored `(?i-u)` regex search. Each pattern has the full 128 bytes:
///
/// - `underscores`: 127 `_` and a `b` (the case the issue found quadratic) on a tag of `a`s;
/// - `percents`: 63 `%a` and a `%b` on a tag of `a`s;
/// - `percents_scan`: the same on 62 `a`s then `b`s, so that both literals occur and every byte
///   has to be read (there are too few `a`s for a match);
/// - `underscores_scan`: `a`, 126 `_` and `b` on repeats of `a` and 126 `b`s, where an `a` is
///   never followed by a `b` 127 bytes later: again every byte read, no match.
///
/// At 16 bytes every tag is shorter than the pattern's 128 positions, so both answer from the
/// length alone.
fn bench_like_lengths(c: &mut Criterion) {
    let underscores = format!("{}b", "_".repeat(127));
    let percents = format!("{}%b", "%a".repeat(63));
    let underscores_between = format!("a{}b", "_".repeat(126));
    let a = |len: usize| "a".repeat(len);
    let a_then_b = |len: usize| {
        let mut tag = "a".repeat(62.min(len));
        tag.push_str(&"b".repeat(len - tag.len()));
        tag
    };
    let no_b_127_after_a = |len: usize| {
        let unit = format!("a{}", "b".repeat(126));
        unit.chars().cycle().take(len).collect::<String>()
    };
    type TagOfLength<'a> = &'a dyn Fn(usize) -> String;
    let cases: [(&str, &str, TagOfLength); 4] = [
        ("underscores", &underscores, &a),
        ("percents", &percents, &a),
        ("percents_scan", &percents, &a_then_b),
        ("underscores_scan", &underscores_between, &no_b_127_after_a),
    ];
    for (name, pattern, tag) in cases {
        assert_eq!(pattern.len(), 128, "{name}");
        let text = format!("like:{pattern}");
        let filter = registry_names::quay::TagFilter::parse(&text).unwrap();
        let regex = oracles::like_search_regex(pattern);
        for len in [16, 128, 4096, 65536] {
            let tag = tag(len);
            assert_eq!(tag.len(), len);
            assert!(!filter.matches(&tag), "{name} {len}");
            assert!(!regex.is_match(tag.as_bytes()), "{name} {len}");
            let mut group = c.benchmark_group(format!("like-matcher/{name}_{len}"));
            group.throughput(Throughput::Bytes(len as u64));
            group.bench_function("ours", |b| {
                b.iter(|| black_box(&filter).matches(black_box(&tag)))
            });
            group.bench_function("regex", |b| {
                b.iter(|| regex.is_match(black_box(tag.as_bytes())))
            });
            group.finish();
        }
    }
}

criterion_group! {
    name = names;
    // Short windows keep the whole run (150 benchmarks) under five minutes on two cores.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1000))
        .sample_size(30);
    targets = bench, bench_like, bench_like_lengths
}
fn main() {
    if let Ok(n) = std::env::var("NAMES_CALLS") {
        let filter = std::env::args().nth(1).unwrap_or_default();
        calls(n.parse().expect("NAMES_CALLS is a number"), &filter);
        return;
    }
    names();
    Criterion::default().configure_from_args().final_summary();
}
