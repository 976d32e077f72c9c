//! Handlers that answer like the vendor wherever a name arrives, over real HTTP on loopback
//! (`axum::serve` on 127.0.0.1, a hyper-util client): `OperationRoutes` hands every request of
//! an operation, malformed ones included, to its `ValidRequest` handler, where axum's own
//! captures would answer a bare 404; `Vendored` answers a bad owned name in `Path`/`Query` with
//! the vendor's JSON instead of axum's `text/plain`.

#[path = "support/answer.rs"]
mod answer;
use answer::{Answer, DIGEST};
use axum::extract::{Path, Query};
use axum::routing::{get, post};
use axum::Router;
use bytes::Bytes;
use http::{Request, StatusCode};
use http_body_util::Full;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use registry_names::gateway::{OperationRoutes, ValidRequest, Vendored};
use registry_names::request::{
    CodeArtsAddTag, Operation, QuayChangeTag, QuayDeleteTag, QuayListTags, QuayRestoreTag,
    SwrCreateImageTag, SwrCreateRepository, SwrListImageTags, Validator,
};
use registry_names::{quay, swr, TagBuf};
use std::net::SocketAddr;
use tokio::net::TcpListener;

async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

async fn send(addr: SocketAddr, method: &str, target: &str, body: &str) -> Answer {
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let mut request = Request::builder()
        .method(method)
        .uri(format!("http://{addr}{target}"));
    if !body.is_empty() {
        request = request.header("content-type", "application/json");
    }
    let request = request
        .body(Full::new(Bytes::copy_from_slice(body.as_bytes())))
        .unwrap();
    let response = client.request(request).await.unwrap();
    Answer::read(response).await
}

/// Each handler names its operation and a value it extracted.
fn eight_operations() -> Router {
    OperationRoutes::new()
        .on(
            Operation::SwrCreateImageTag,
            |v: ValidRequest<SwrCreateImageTag<'static>>| async move {
                format!("create-image-tag {}", v.destination_tag())
            },
        )
        .on(
            Operation::SwrListImageTags,
            |v: ValidRequest<SwrListImageTags<'static>>| async move {
                format!("list-image-tags {}", v.repository().name())
            },
        )
        .on(
            Operation::SwrCreateRepository,
            |v: ValidRequest<SwrCreateRepository<'static>>| async move {
                format!("create-repository {}", v.repository())
            },
        )
        .on(
            Operation::CodeArtsAddTag,
            |v: ValidRequest<CodeArtsAddTag<'static>>| async move {
                format!("add-tag {}", v.tag_name())
            },
        )
        .on(
            Operation::QuayRestoreTag,
            |v: ValidRequest<QuayRestoreTag<'static>>| async move {
                format!("restore-tag {}", v.tag())
            },
        )
        .on(
            Operation::QuayChangeTag,
            |v: ValidRequest<QuayChangeTag<'static>>| async move {
                format!("change-tag {}", v.tag())
            },
        )
        .on(
            Operation::QuayDeleteTag,
            |v: ValidRequest<QuayDeleteTag<'static>>| async move {
                format!("delete-tag {}", v.tag())
            },
        )
        .on(
            Operation::QuayListTags,
            |v: ValidRequest<QuayListTags<'static>>| async move {
                format!("list-tags {}", v.repository())
            },
        )
        .into_router()
}

#[tokio::test]
async fn every_operation_reaches_its_handler_through_operation_routes() {
    let addr = serve(eight_operations()).await;
    let restore = format!(r#"{{"manifest_digest":"{DIGEST}"}}"#);
    let cases = [
        (
            "POST",
            "/v2/manage/namespaces/group/repos/library$nginx/tags",
            r#"{"source_tag":"v1","destination_tag":"v2"}"#,
            "create-image-tag v2",
        ),
        (
            "GET",
            "/v3/manage/namespaces/group/repos/library%24nginx/tags",
            "",
            "list-image-tags library/nginx",
        ),
        (
            "POST",
            "/v2/manage/namespaces/group/repos",
            r#"{"repository":"library/nginx","is_public":true,"category":"linux"}"#,
            "create-repository library/nginx",
        ),
        (
            "POST",
            "/v2/repositories/42/tags",
            r#"{"tag_name":"v1","ref":"main"}"#,
            "add-tag v1",
        ),
        (
            "POST",
            "/api/v1/repository/org/app/tag/v1/restore",
            &restore,
            "restore-tag v1",
        ),
        (
            "PUT",
            "/api/v1/repository/org/team/app/tag/v1",
            r#"{"expiration":null}"#,
            "change-tag v1",
        ),
        (
            "DELETE",
            "/api/v1/repository/org/app/tag/v1",
            "",
            "delete-tag v1",
        ),
        (
            "GET",
            "/api/v1/repository/org/team/app/tag/?limit=5",
            "",
            "list-tags org/team/app",
        ),
    ];
    for (method, target, body, expected) in cases {
        let a = send(addr, method, target, body).await;
        assert_eq!((a.status, a.text()), (StatusCode::OK, expected), "{target}");
    }
}

#[tokio::test]
async fn malformed_names_get_the_vendor_answer_where_axum_captures_give_a_bare_404() {
    // What an adopter writes first: axum's captures. The raw `/` never reaches the handler.
    let captured = Router::new().route(
        "/v2/manage/namespaces/{namespace}/repos/{repository}/tags",
        post(
            |v: ValidRequest<SwrCreateImageTag<'static>>| async move { v.source_tag().to_string() },
        ),
    );
    let captured = serve(captured).await;
    let routes = serve(eight_operations()).await;
    let body = r#"{"source_tag":"v1","destination_tag":"v2"}"#;
    let raw_slash = "/v2/manage/namespaces/group/repos/library/nginx/tags";
    let bare = send(captured, "POST", raw_slash, body).await;
    assert_eq!((bare.status, bare.text()), (StatusCode::NOT_FOUND, ""));

    // Through `OperationRoutes` the same request gets SWR's error for the repository.
    let a = send(routes, "POST", raw_slash, body).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.json()[0]["errorCode"], "SVCSTG.SWR.4001029");
    // So do an empty namespace (a capture needs a non-empty segment) and a bad Quay name in
    // a nested repository, which no capture can match.
    let a = send(
        routes,
        "POST",
        "/v2/manage/namespaces//repos",
        r#"{"repository":"nginx","is_public":true,"category":"linux"}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.json()[0]["errorCode"], "SVCSTG.SWR.4001028");
    let a = send(routes, "GET", "/api/v1/repository/Org/team/app/tag/", "").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let v = a.json();
    assert_eq!(v["error_type"], "invalid_request");
    assert!(
        v["detail"].as_str().unwrap().starts_with("repository: "),
        "{v}"
    );
    // A path under the prefixes that routes to no operation, or another method: 404.
    for (method, target) in [
        ("PUT", "/api/v1/repository/org/app"),
        ("PATCH", "/api/v1/repository/org/app/tag/v1"),
    ] {
        let a = send(routes, method, target, "").await;
        assert_eq!(
            (a.status, a.text()),
            (StatusCode::NOT_FOUND, ""),
            "{target}"
        );
    }
}

#[tokio::test]
async fn an_operation_left_out_is_not_routed() {
    let app = OperationRoutes::new()
        .on(
            Operation::QuayDeleteTag,
            |v: ValidRequest<QuayDeleteTag<'static>>| async move { v.tag().to_string() },
        )
        .into_router()
        // The application's own routes elsewhere stay its own.
        .route("/healthz", get(|| async { "ok" }));
    let addr = serve(app).await;
    let a = send(addr, "DELETE", "/api/v1/repository/org/app/tag/v1", "").await;
    assert_eq!((a.status, a.text()), (StatusCode::OK, "v1"));
    let a = send(addr, "GET", "/api/v1/repository/org/app/tag/", "").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(addr, "GET", "/healthz", "").await;
    assert_eq!((a.status, a.text()), (StatusCode::OK, "ok"));
    // SWR's prefixes were not mounted: axum's own 404.
    let a = send(addr, "GET", "/v3/manage/namespaces/g/repos/n/tags", "").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[derive(serde::Deserialize)]
#[allow(non_snake_case)]
struct ListQuery {
    specificTag: Option<TagBuf>,
}

#[tokio::test]
async fn vendored_path_and_query_answer_a_bad_name_in_the_vendors_json() {
    async fn swr_list(
        Vendored(Path((namespace, repository))): Vendored<
            Path<(swr::NamespaceBuf, swr::RepositoryPathBuf)>,
        >,
    ) -> String {
        format!("{namespace}/{}", swr::RepositoryBuf::from(repository))
    }
    async fn swr_list_plain(
        Path((namespace, _)): Path<(swr::NamespaceBuf, swr::RepositoryPathBuf)>,
    ) -> String {
        namespace.to_string()
    }
    async fn quay_list(
        Vendored(Path((namespace, _))): Vendored<Path<(quay::NamespaceBuf, String)>>,
        Vendored(Query(query)): Vendored<Query<ListQuery>>,
    ) -> String {
        format!("{namespace} {:?}", query.specificTag.map(|t| t.to_string()))
    }
    // The handler's type is stricter than the operation: the crate finds nothing wrong.
    async fn numbered(Vendored(Path((_, n))): Vendored<Path<(String, u32)>>) -> String {
        n.to_string()
    }
    let app = Router::new()
        .route(
            "/v3/manage/namespaces/{namespace}/repos/{repository}/tags",
            get(swr_list),
        )
        .route(
            "/plain/v3/manage/namespaces/{namespace}/repos/{repository}/tags",
            get(swr_list_plain),
        )
        .route("/api/v1/repository/{namespace}/{name}/tag/", get(quay_list))
        .route("/v2/repositories/{id}/{n}", get(numbered));
    let addr = serve(app).await;

    let a = send(
        addr,
        "GET",
        "/v3/manage/namespaces/group/repos/library%24nginx/tags",
        "",
    )
    .await;
    assert_eq!(
        (a.status, a.text()),
        (StatusCode::OK, "group/library/nginx")
    );
    // A bad namespace: axum's `Path` alone answers text/plain ...
    let a = send(
        addr,
        "GET",
        "/plain/v3/manage/namespaces/1org/repos/nginx/tags",
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.content_type.unwrap().starts_with("text/plain"));
    // ... and `Vendored` answers SWR's JSON, the namespace's code.
    let a = send(
        addr,
        "GET",
        "/v3/manage/namespaces/1org/repos/nginx/tags",
        "",
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let v = a.json();
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["errorCode"], "SVCSTG.SWR.4001028");

    let a = send(
        addr,
        "GET",
        "/api/v1/repository/org/app/tag/?specificTag=v1",
        "",
    )
    .await;
    assert_eq!((a.status, a.text()), (StatusCode::OK, r#"org Some("v1")"#));
    // A tag the handler's `TagBuf` refuses but Quay serves (compatible mode, R10, takes any
    // specificTag): the crate finds nothing wrong, so axum's answer stays ...
    let target = "/api/v1/repository/org/app/tag/?specificTag=.x";
    let a = send(addr, "GET", target, "").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.content_type.unwrap().starts_with("text/plain"));
    // ... and in strict mode, from a `Validator` extension, it is a bad tag in the query:
    // Quay's shape, naming the parameter.
    let strict = serve(
        Router::new()
            .route("/api/v1/repository/{namespace}/{name}/tag/", get(quay_list))
            .layer(axum::Extension(Validator::strict())),
    )
    .await;
    let a = send(strict, "GET", target, "").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let v = a.json();
    assert_eq!(v["status"], 400);
    assert!(
        v["detail"].as_str().unwrap().starts_with("specificTag: "),
        "{v}"
    );
    // A bad namespace in the path, with the query valid: only the namespace is listed.
    let a = send(addr, "GET", "/api/v1/repository/Org/app/tag/", "").await;
    let v = a.json();
    assert!(
        v["detail"].as_str().unwrap().starts_with("repository: "),
        "{v}"
    );
    assert!(
        !v["detail"].as_str().unwrap().contains("specificTag"),
        "{v}"
    );

    // Nothing the crate checks is wrong (a valid CodeArts path, the handler wants a number):
    // axum's own answer stays.
    let a = send(addr, "GET", "/v2/repositories/42/tags", "").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.content_type.unwrap().starts_with("text/plain"));
}
