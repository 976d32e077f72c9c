//! Whole-request validation, group `requests`:
//!
//! - `valid/<operation>`: routing, decoding, every parameter and the body of a valid request;
//! - `many-errors/<operation>`: a request with an error in every parameter it has (the cost of
//!   building a full rejection, messages included), in strict mode, where each of them is one
//!   (compatible mode, docs/requests.md R10, serves some of Quay's);
//! - `serde_json/<operation>`: for the two operations the issue names, what a handler does
//!   anyway: `serde_json::from_slice` of the same body into a plain `#[derive(Deserialize)]`
//!   struct of `String` fields. The target is `valid` ≤ 1.5 × `serde_json`.
//!
//! `cargo bench --bench requests -- --warm-up-time 1 --measurement-time 3`
//!
//! With `REQUESTS_CALLS=N` in the environment the executable times nothing: it makes `N` calls of
//! each benchmark whose name contains the first argument and exits, so that `valgrind
//! --tool=callgrind` counts instructions per call (the difference between `N` and `0` calls,
//! divided by `N`), a measure the load of other processes does not disturb (BENCHMARKS.md).

use criterion::Criterion;
use registry_names::request::{self, Operation, Request, Validator};
use std::hint::black_box;

#[path = "support/cases.rs"]
mod cases;

use cases::{many_errors, valid, Case};

fn request(c: &Case) -> Request<'_> {
    Request::new(c.op.method(), &c.target)
        .header("Content-Type", b"application/json")
        .body(c.body.as_bytes())
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct CreateImageTagBody {
    source_tag: String,
    destination_tag: String,
    #[serde(rename = "override")]
    override_existing: Option<bool>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct RestoreTagBody {
    manifest_digest: String,
}

fn requests(c: &mut Criterion) {
    let mut group = c.benchmark_group("requests");
    for case in valid() {
        // Each input must be what its class says before it is timed.
        let verdict = request::validate(&request(&case)).expect("routed");
        assert!(verdict.is_ok(), "{}: {verdict:?}", case.op);
        group.bench_function(format!("valid/{}", case.op), |b| {
            b.iter(|| request::validate(black_box(&request(&case))))
        });
    }
    let strict = Validator::strict();
    for case in many_errors() {
        let rejection = strict.validate(&request(&case)).unwrap().unwrap_err();
        assert!(rejection.errors().len() >= 2, "{}", case.op);
        group.bench_function(format!("many-errors/{}", case.op), |b| {
            b.iter(|| strict.validate(black_box(&request(&case))))
        });
    }
    let cases = valid();
    let body = |op: Operation| {
        cases
            .iter()
            .find(|c| c.op == op)
            .map(|c| c.body.clone())
            .unwrap()
    };
    let create = body(Operation::SwrCreateImageTag);
    group.bench_function("serde_json/swr.create-image-tag", |b| {
        b.iter(|| serde_json::from_slice::<CreateImageTagBody>(black_box(create.as_bytes())))
    });
    let restore = body(Operation::QuayRestoreTag);
    group.bench_function("serde_json/quay.restore-tag", |b| {
        b.iter(|| serde_json::from_slice::<RestoreTagBody>(black_box(restore.as_bytes())))
    });
    group.finish();
}

/// `REQUESTS_CALLS=N`: `N` untimed calls of each case whose benchmark name contains `filter`.
fn calls(n: usize, filter: &str) {
    let run = |name: &str, f: &dyn Fn()| {
        if name.contains(filter) {
            for _ in 0..n {
                f();
            }
            eprintln!("{n} calls of {name}");
        }
    };
    for case in valid() {
        run(&format!("valid/{}", case.op), &|| {
            black_box(request::validate(black_box(&request(&case))));
        });
    }
    let strict = Validator::strict();
    for case in many_errors() {
        run(&format!("many-errors/{}", case.op), &|| {
            black_box(strict.validate(black_box(&request(&case))));
        });
    }
    for case in valid() {
        let body = case.body.as_bytes();
        match case.op {
            Operation::SwrCreateImageTag => run(&format!("serde_json/{}", case.op), &|| {
                black_box(serde_json::from_slice::<CreateImageTagBody>(black_box(body)).ok());
            }),
            Operation::QuayRestoreTag => run(&format!("serde_json/{}", case.op), &|| {
                black_box(serde_json::from_slice::<RestoreTagBody>(black_box(body)).ok());
            }),
            _ => {}
        }
    }
}

fn main() {
    if let Ok(n) = std::env::var("REQUESTS_CALLS") {
        let filter = std::env::args().nth(1).unwrap_or_default();
        calls(n.parse().expect("REQUESTS_CALLS is a number"), &filter);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    requests(&mut c);
    c.final_summary();
}
