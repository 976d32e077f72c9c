//! The validating layer in process, group `gateway`: an axum `Router` called through
//! `tower::ServiceExt::oneshot` on a current-thread runtime, no network.
//!
//! - `bare/<class>/<operation>`: the router alone (one route per operation, a handler that takes
//!   the body as `Bytes` and answers 200 with its length);
//! - `layered/<class>/<operation>`: the same router with `.layer(ValidateRequestsLayer::new())`
//!   (axum wraps each route in the layer; the layer's responses in its `ResponseBody`);
//! - `inner/<class>/<operation>`: the same with `ValidateRequestsLayer::new().inner_body()`, the
//!   layer answering in axum's own `Body`, which axum then does not box;
//! - `noop/<class>/<operation>`: the same router with a layer that does nothing
//!   (`.layer(MapRequestLayer::new(identity))`), what axum's per-route layering costs any
//!   layer: `layered − noop` is this layer's own cost on a `Router`;
//! - `wrapped/<class>/<operation>`: the layer around the bare router (`ValidateRequestsLayer::
//!   new().layer(router)`), so the request is validated before axum routes it;
//! - `validate/<class>/<operation>`: `request::validate` of the same request alone, the work the
//!   layer exists for.
//!
//! `<class>` is `valid` (the request of `benches/requests.rs`'s `valid/`) or `invalid` (its
//! `many-errors/` request: an error in every parameter, answered by the layer with the vendor's
//! response; the bare router answers 404 where the request does not match its route). Each call
//! builds the `http::Request` (its body a `Bytes` that is not copied) and drops the response
//! unread. Target (issue 29): for every valid request, layered − bare − validate ≤ 1,500
//! instructions, and layered / bare ≤ 1.4 on the wall clock.
//!
//! `cargo bench --features gateway --bench gateway -- --warm-up-time 1 --measurement-time 2`
//!
//! With `GATEWAY_CALLS=N` in the environment the executable times nothing: it makes one call of
//! every benchmark (so the runtime, the allocator and the routers are warm in every run), then
//! `N` more calls of each benchmark whose name contains the first argument, and exits; the count
//! per call under `valgrind --tool=callgrind` is the difference between `N` and `0` calls divided
//! by `N` (BENCHMARKS.md, "Gateway in process").
//!
//! With `GATEWAY_ROUNDS=R` it prints wall-clock ratios to `bare` for the valid requests, the
//! ways timed in turn in `R` rounds of blocks of calls (see [`rounds`]): on a shared machine,
//! criterion's benchmarks, each timed in its own stretch, move by a third from run to run.

use axum::body::{Body, Bytes};
use axum::routing::{get, post};
use axum::Router;
use criterion::Criterion;
use http::StatusCode;
use registry_names::gateway::{ValidateRequests, ValidateRequestsLayer};
use registry_names::request::{self, Operation, Request};
use std::hint::black_box;
use tower::util::MapRequestLayer;
use tower::{Layer, ServiceExt};

#[path = "support/cases.rs"]
mod cases;

/// A request of `cases`, its body as the `Bytes` each call hands on without a copy.
struct Case {
    op: Operation,
    target: String,
    body: Bytes,
    length: String,
}

impl From<cases::Case> for Case {
    fn from(c: cases::Case) -> Self {
        Case {
            op: c.op,
            length: c.body.len().to_string(),
            body: Bytes::from(c.body),
            target: c.target,
        }
    }
}

/// `cases`' lists as this benchmark's calls: `valid`, and `many_errors` as `invalid`.
fn valid() -> Vec<Case> {
    cases::valid().into_iter().map(Case::from).collect()
}

fn invalid() -> Vec<Case> {
    cases::many_errors().into_iter().map(Case::from).collect()
}

/// What a handler does with the body anyway: takes it as `Bytes`.
async fn handler(body: Bytes) -> (StatusCode, String) {
    (StatusCode::OK, body.len().to_string())
}

/// One route per operation as an application would mount them; Quay's repository may hold `/`,
/// so its operations share a wildcard. Not yet given its state: see [`served`].
fn routes() -> Router {
    Router::new()
        .route(
            "/v2/manage/namespaces/{namespace}/repos/{repository}/tags",
            post(handler),
        )
        .route(
            "/v3/manage/namespaces/{namespace}/repos/{repository}/tags",
            get(handler),
        )
        .route("/v2/manage/namespaces/{namespace}/repos", post(handler))
        .route("/v2/repositories/{id}/tags", post(handler))
        .route(
            "/api/v1/repository/{*rest}",
            post(handler).put(handler).delete(handler).get(handler),
        )
}

/// A router as `axum::serve` runs it: given its state (`with_state(())`), which turns each
/// handler, and the layers around it, into a service once. Called without it, a `Router`
/// builds every handler's service and applies every layer again on each request.
fn served(router: Router) -> Router {
    router.with_state(())
}

fn bare() -> Router {
    served(routes())
}

fn layered() -> Router {
    served(routes().layer(ValidateRequestsLayer::new()))
}

fn inner() -> Router {
    served(routes().layer(ValidateRequestsLayer::new().inner_body()))
}

/// The cheapest layer a `Router` can hold: it hands the request on unchanged.
fn noop() -> Router {
    served(routes().layer(MapRequestLayer::new(|r: http::Request<Body>| r)))
}

/// The layer around the whole router (validation before axum's routing; the layer routes the
/// eight operations itself), as `ServiceBuilder::new().layer(…).service(router)` makes it.
fn wrapped() -> ValidateRequests<Router> {
    ValidateRequestsLayer::new().layer(bare())
}

fn http_request(c: &Case) -> http::Request<Body> {
    let mut request = http::Request::builder()
        .method(c.op.method())
        .uri(c.target.as_str());
    if c.op.has_body() {
        request = request
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(http::header::CONTENT_LENGTH, c.length.as_str());
    }
    request.body(Body::from(c.body.clone())).unwrap()
}

/// The same request as [`http_request`] builds, as `request::validate` takes it.
fn plain(c: &Case) -> Request<'_> {
    let plain = Request::new(c.op.method(), &c.target);
    if c.op.has_body() {
        plain
            .header("Content-Type", b"application/json")
            .header("Content-Length", c.length.as_bytes())
            .body(&c.body)
    } else {
        plain
    }
}

type Call = Box<dyn Fn()>;

/// Every benchmark: its name and one call. Each input is checked to be what its class says.
fn benchmarks(runtime: &'static tokio::runtime::Runtime) -> Vec<(String, Call)> {
    let bare = bare();
    let layered = layered();
    let inner = inner();
    let noop = noop();
    let wrapped = wrapped();
    let mut out: Vec<(String, Call)> = Vec::new();
    for (class, cases) in [("valid", valid()), ("invalid", invalid())] {
        for case in cases {
            let verdict = request::validate(&plain(&case)).expect("routed");
            assert_eq!(verdict.is_ok(), class == "valid", "{}", case.op);
            let response = runtime.block_on(layered.clone().oneshot(http_request(&case)));
            let status = response.unwrap().status();
            assert_eq!(status == StatusCode::OK, class == "valid", "{}", case.op);
            let case = std::rc::Rc::new(case);
            let response = runtime.block_on(inner.clone().oneshot(http_request(&case)));
            let status = response.unwrap().status();
            assert_eq!(status == StatusCode::OK, class == "valid", "{}", case.op);
            let ways = [
                ("bare", &bare),
                ("layered", &layered),
                ("inner", &inner),
                ("noop", &noop),
            ];
            for (which, router) in ways {
                let router = router.clone();
                let case = case.clone();
                out.push((
                    format!("{which}/{class}/{}", case.op),
                    Box::new(move || {
                        let response =
                            runtime.block_on(router.clone().oneshot(http_request(&case)));
                        black_box(response.map(|r| r.status()).ok());
                    }),
                ));
            }
            let service = wrapped.clone();
            let each = case.clone();
            out.push((
                format!("wrapped/{class}/{}", case.op),
                Box::new(move || {
                    let response = runtime.block_on(service.clone().oneshot(http_request(&each)));
                    black_box(response.map(|r| r.status()).ok());
                }),
            ));
            out.push((
                format!("validate/{class}/{}", case.op),
                Box::new(move || {
                    black_box(request::validate(black_box(&plain(&case))));
                }),
            ));
        }
    }
    out
}

fn runtime() -> &'static tokio::runtime::Runtime {
    Box::leak(Box::new(
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime"),
    ))
}

/// `GATEWAY_CALLS=N`: one call of every benchmark, then `N` of each whose name contains
/// `filter`.
fn calls(n: usize, filter: &str) {
    let benchmarks = benchmarks(runtime());
    for (_, call) in &benchmarks {
        call();
    }
    for (name, call) in &benchmarks {
        if name.contains(filter) {
            for _ in 0..n {
                call();
            }
            eprintln!("{n} calls of {name}");
        }
    }
}

/// `GATEWAY_ROUNDS=R`: wall-clock ratios from one run, the ways of each `valid` request taken in
/// turn. Each round times a block of `BLOCK` calls of every way, one way after the other, so
/// that a change in the machine's load falls on all of them alike; a way's time is its fastest
/// block (the least disturbed) and, beside it, its median block, per call. Prints one line per
/// operation: the times and each way's ratio to `bare`.
fn rounds(rounds: usize) {
    const BLOCK: usize = 200;
    const WAYS: [&str; 5] = ["bare", "noop", "layered", "inner", "wrapped"];
    let benchmarks = benchmarks(runtime());
    let find = |name: &str| &benchmarks.iter().find(|(n, _)| n == name).expect(name).1;
    println!("operation | way: fastest block (median block), ns per call, ratio to bare");
    for case in valid() {
        let calls: Vec<&Call> = WAYS
            .iter()
            .map(|way| find(&format!("{way}/valid/{}", case.op)))
            .collect();
        let mut times = vec![Vec::with_capacity(rounds); WAYS.len()];
        for _ in 0..rounds {
            for (call, times) in calls.iter().zip(&mut times) {
                let start = std::time::Instant::now();
                for _ in 0..BLOCK {
                    call();
                }
                times.push(start.elapsed().as_nanos() as f64 / BLOCK as f64);
            }
        }
        let stats: Vec<(f64, f64)> = times
            .iter_mut()
            .map(|t| {
                t.sort_by(f64::total_cmp);
                (t[0], t[t.len() / 2])
            })
            .collect();
        let (bare, bare_median) = stats[0];
        let line: Vec<String> = WAYS
            .iter()
            .zip(&stats)
            .map(|(way, (fast, median))| {
                format!(
                    "{way} {fast:.0} ({median:.0}) {:.2} ({:.2})",
                    fast / bare,
                    median / bare_median
                )
            })
            .collect();
        println!("{} | {}", case.op, line.join(" | "));
    }
}

fn main() {
    if let Ok(r) = std::env::var("GATEWAY_ROUNDS") {
        rounds(r.parse().expect("GATEWAY_ROUNDS is a number"));
        return;
    }
    if let Ok(n) = std::env::var("GATEWAY_CALLS") {
        let filter = std::env::args().nth(1).unwrap_or_default();
        calls(n.parse().expect("GATEWAY_CALLS is a number"), &filter);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("gateway");
    for (name, call) in benchmarks(runtime()) {
        group.bench_function(name, |b| b.iter(&call));
    }
    group.finish();
    c.final_summary();
}
