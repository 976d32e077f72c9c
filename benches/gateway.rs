//! The validating layer in process, group `gateway`: an axum `Router` called through
//! `tower::ServiceExt::oneshot` on a current-thread runtime, no network.
//!
//! - `bare/<class>/<operation>`: the router alone (one route per operation, a handler that takes
//!   the body as `Bytes` and answers 200 with its length);
//! - `layered/<class>/<operation>`: the same router with `.layer(ValidateRequestsLayer::new())`
//!   (axum wraps each route in the layer);
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

use axum::body::{Body, Bytes};
use axum::routing::{get, post};
use axum::Router;
use criterion::Criterion;
use http::StatusCode;
use registry_names::gateway::{ValidateRequests, ValidateRequestsLayer};
use registry_names::request::{self, Operation, Request};
use std::hint::black_box;
use tower::{Layer, ServiceExt};

const SHA: &str = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

struct Case {
    op: Operation,
    target: String,
    body: Bytes,
    length: String,
}

fn case(op: Operation, target: &str, body: &str) -> Case {
    Case {
        op,
        target: target.to_string(),
        body: Bytes::copy_from_slice(body.as_bytes()),
        length: body.len().to_string(),
    }
}

/// `benches/requests.rs`'s valid requests.
fn valid() -> Vec<Case> {
    vec![
        case(
            Operation::SwrCreateImageTag,
            "/v2/manage/namespaces/cloud-team/repos/library$nginx/tags",
            r#"{"source_tag": "v1.25.3", "destination_tag": "v1.25.3-stable", "override": false}"#,
        ),
        case(
            Operation::SwrListImageTags,
            "/v3/manage/namespaces/cloud-team/repos/library$nginx/tags?limit=50&marker=v1.2&tag=v1&with_manifest=true",
            "",
        ),
        case(
            Operation::SwrCreateRepository,
            "/v2/manage/namespaces/cloud-team/repos",
            r#"{"repository": "library/nginx", "is_public": true, "category": "linux", "description": "web server"}"#,
        ),
        case(
            Operation::CodeArtsAddTag,
            "/v2/repositories/1234567/tags",
            r#"{"tag_name": "release/v1.2.3", "ref": "main", "message": "release 1.2.3"}"#,
        ),
        case(
            Operation::QuayRestoreTag,
            "/api/v1/repository/quayadmin/busybox/tag/latest/restore",
            &format!(r#"{{"manifest_digest": "{SHA}"}}"#),
        ),
        case(
            Operation::QuayChangeTag,
            "/api/v1/repository/quayadmin/busybox/tag/latest",
            &format!(r#"{{"manifest_digest": "{SHA}", "expiration": 1767225600}}"#),
        ),
        case(
            Operation::QuayDeleteTag,
            "/api/v1/repository/quayadmin/busybox/tag/latest",
            "",
        ),
        case(
            Operation::QuayListTags,
            "/api/v1/repository/quayadmin/busybox/tag/?onlyActiveTags=true&page=2&limit=50&filter_tag_name=like:v1_%25&specificTag=latest",
            "",
        ),
    ]
}

/// `benches/requests.rs`'s many-errors requests.
fn invalid() -> Vec<Case> {
    vec![
        case(
            Operation::SwrCreateImageTag,
            "/v2/manage/namespaces/1org/repos/library/nginx/tags",
            r#"{"source_tag": "-rc", "destination_tag": 7, "override": "no"}"#,
        ),
        case(
            Operation::SwrListImageTags,
            "/v3/manage/namespaces/1org/repos/a$$b/tags?limit=0&marker=&tag=a/b&with_manifest=yes",
            "",
        ),
        case(
            Operation::SwrCreateRepository,
            "/v2/manage/namespaces/My_org/repos",
            r#"{"repository": "a//b", "is_public": "yes", "category": "Linux", "description": 5}"#,
        ),
        case(
            Operation::CodeArtsAddTag,
            "/v2/repositories/2147483648/tags",
            r#"{"tag_name": "HEAD", "ref": "a..b", "message": false}"#,
        ),
        case(
            Operation::QuayRestoreTag,
            "/api/v1/repository/Q/busybox/tag/.latest/restore",
            r#"{"manifest_digest": "sha256:ABC"}"#,
        ),
        case(
            Operation::QuayChangeTag,
            "/api/v1/repository/Q/busybox/tag/.latest",
            r#"{"manifest_digest": "sha256:ABC", "expiration": -1}"#,
        ),
        case(
            Operation::QuayDeleteTag,
            "/api/v1/repository/Q/busybox/tag/.latest",
            "",
        ),
        case(
            Operation::QuayListTags,
            "/api/v1/repository/Q/busybox/tag/?onlyActiveTags=1&page=0&limit=101&filter_tag_name=ne:x&specificTag=.x",
            "",
        ),
    ]
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
            for (which, router) in [("bare", &bare), ("layered", &layered)] {
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

fn main() {
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
