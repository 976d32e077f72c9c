//! Image references (docs/grammars.md §10), group `references`: ours against the two Rust peers on the same
//! inputs, each class a valid or an invalid reference every contender agrees on (checked before
//! timing):
//!
//! - `ours`: `ImageReference::parse` with the built-in profiles (what a caller gets by default:
//!   the SWR and Quay hosts are checked by their registry's rules on top of the generic grammar);
//! - `container_image_dist_ref`: `ImgRef::new`, a borrowed, non-allocating parser;
//! - `oci_spec`: `oci_spec::distribution::Reference::try_from`, a regex that builds `String`s.
//!
//! `cargo bench --bench references -- --warm-up-time 1 --measurement-time 3`
//!
//! With `REFERENCES_CALLS=N` in the environment the executable times nothing: it makes `N` calls
//! of each benchmark whose name (`references/<class>/<contender>`) contains the first argument
//! and exits, so that `valgrind --tool=callgrind` counts instructions per call (the difference
//! between `N` and `0` calls, divided by `N`), a measure the load of other processes does not
//! disturb (BENCHMARKS.md).

use criterion::{Criterion, Throughput};
use registry_names::reference::ImageReference;
use std::hint::black_box;

const HEX64: &str = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

/// The classes: name, input, whether every contender accepts it.
fn classes() -> Vec<(&'static str, String, bool)> {
    let long_path = format!("library/{}", "b".repeat(255 - "library/".len()));
    assert_eq!(long_path.len(), 255);
    vec![
        ("short", "nginx".to_string(), true),
        (
            "typical",
            "swr.cn-north-4.myhuaweicloud.com/group/busybox:latest".to_string(),
            true,
        ),
        (
            "digest",
            format!("quay.io/quayadmin/busybox:1.36@sha256:{HEX64}"),
            true,
        ),
        ("path_255", format!("{long_path}:v1"), true),
        ("invalid_early", "Nginx:latest".to_string(), false),
        ("invalid_late", format!("{}B:v1", &long_path[..254]), false),
    ]
}

fn ours(input: &str) -> bool {
    ImageReference::parse(input).is_ok()
}

fn dist_ref(input: &str) -> bool {
    container_image_dist_ref::ImgRef::new(input).is_ok()
}

fn oci_spec(input: &str) -> bool {
    oci_spec::distribution::Reference::try_from(input).is_ok()
}

/// A contender: its name and whether it accepts a reference.
type Contender = (&'static str, fn(&str) -> bool);

const CONTENDERS: [Contender; 3] = [
    ("ours", ours),
    ("container_image_dist_ref", dist_ref),
    ("oci_spec", oci_spec),
];

fn bench(c: &mut Criterion) {
    for (class, input, valid) in classes() {
        for (name, parse) in CONTENDERS {
            assert_eq!(parse(&input), valid, "{name} on {class} {input:?}");
        }
        let mut group = c.benchmark_group(format!("references/{class}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        for (name, parse) in CONTENDERS {
            group.bench_function(name, |b| b.iter(|| parse(black_box(&input))));
        }
        group.finish();
    }
}

/// `REFERENCES_CALLS=N`: `N` untimed calls of each benchmark whose name contains `filter`, after
/// the same check of every verdict as the timed run.
fn calls(n: usize, filter: &str) {
    for (class, input, valid) in classes() {
        for (name, parse) in CONTENDERS {
            assert_eq!(parse(&input), valid, "{name} on {class} {input:?}");
            let id = format!("references/{class}/{name}");
            if id.contains(filter) {
                for _ in 0..n {
                    black_box(parse(black_box(&input)));
                }
                eprintln!("{n} calls of {id}");
            }
        }
    }
}

fn main() {
    if let Ok(n) = std::env::var("REFERENCES_CALLS") {
        let filter = std::env::args().nth(1).unwrap_or_default();
        calls(n.parse().expect("REFERENCES_CALLS is a number"), &filter);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
