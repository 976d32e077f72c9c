//! Every owned name type works as an axum extractor without glue: in `Path`, `Query` and `Json`,
//! a valid name is accepted and shown unchanged, and a bad one is rejected with the crate's
//! bounded message. The router is called in-process through `tower::ServiceExt::oneshot`.
#![cfg(feature = "serde")]

use axum::body::Body;
use axum::extract::{Json, Path, Query};
use axum::http::{header, Request, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use registry_names::{git, oci, quay, reference, swr, TagBuf};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Display;
use tower::ServiceExt;

#[derive(Deserialize, Serialize)]
struct Field<T> {
    name: T,
}

fn app<T>() -> Router
where
    T: DeserializeOwned + Serialize + Display + Send + 'static,
{
    Router::new()
        .route(
            "/path/{name}",
            get(|Path(name): Path<T>| async move { name.to_string() }),
        )
        .route(
            "/query",
            get(|Query(q): Query<Field<T>>| async move { q.name.to_string() }),
        )
        .route(
            "/json",
            post(|Json(body): Json<Field<T>>| async move { Json(body) }),
        )
}

/// Every byte other than an ASCII letter or digit as `%XX`, for a path segment or a query value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

fn get_request(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn json_request(name: &str) -> Request<Body> {
    let body = serde_json::json!({ "name": name }).to_string();
    Request::post("/json")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap()
}

/// A rejection names the kind and stays short, whatever the length of what it rejects.
fn short_rejection(kind: &str, body: &str) {
    assert!(body.contains(&format!("invalid {kind}")), "{body}");
    assert!(body.len() < 400, "{} bytes: {body}", body.len());
}

/// `valid` goes through Path, Query and Json unchanged; `invalid` (made 10 kB long) is refused
/// by each with the kind's message.
async fn extracts<T>(valid: &str, invalid: &str, kind: &str)
where
    T: DeserializeOwned + Serialize + Display + Send + 'static,
{
    let app = app::<T>();
    let ok = (StatusCode::OK, valid.to_string());
    assert_eq!(
        call(&app, get_request(&format!("/path/{}", encode(valid)))).await,
        ok
    );
    assert_eq!(
        call(&app, get_request(&format!("/query?name={}", encode(valid)))).await,
        ok
    );
    let (status, body) = call(&app, json_request(valid)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, serde_json::json!({ "name": valid }).to_string());

    let invalid = format!("{invalid}{}", "x".repeat(10_000));
    let (status, body) = call(&app, get_request(&format!("/path/{}", encode(&invalid)))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    short_rejection(kind, &body);
    let (status, body) = call(
        &app,
        get_request(&format!("/query?name={}", encode(&invalid))),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    short_rejection(kind, &body);
    let (status, body) = call(&app, json_request(&invalid)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    short_rejection(kind, &body);
}

#[tokio::test(flavor = "current_thread")]
async fn the_swr_path_form_is_a_path_parameter() {
    // As a registry route declares it: the `{repository}` segment in `$` form, taken literally
    // or percent-encoded, and the plain name one call away.
    let app =
        Router::new().route(
            "/v2/manage/namespaces/{namespace}/repos/{repository}",
            get(
                |Path((namespace, repository)): Path<(
                    swr::NamespaceBuf,
                    swr::RepositoryPathBuf,
                )>| async move {
                    format!("{namespace} {repository} {}", repository.name())
                },
            ),
        );
    for uri in [
        "/v2/manage/namespaces/my-org/repos/library$nginx",
        "/v2/manage/namespaces/my-org/repos/library%24nginx",
    ] {
        assert_eq!(
            call(&app, get_request(uri)).await,
            (
                StatusCode::OK,
                "my-org library$nginx library/nginx".to_string()
            )
        );
    }
    let (status, body) = call(
        &app,
        get_request("/v2/manage/namespaces/my-org/repos/library%2Fnginx"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains("'/' is not allowed in the URL path form"),
        "{body}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn every_owned_type_is_an_extractor() {
    let hex = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";
    let digest = format!("sha256:{hex}");
    extracts::<swr::NamespaceBuf>("my-org", "My", "SWR namespace").await;
    extracts::<swr::RepositoryBuf>("library/nginx", "library$", "SWR repository").await;
    extracts::<swr::RepositoryPathBuf>("library$nginx", "library/", "SWR repository path segment")
        .await;
    extracts::<TagBuf>("v1.2.3", "-rc", "image tag").await;
    extracts::<quay::NamespaceBuf>("quayadmin", "a--b", "Quay namespace").await;
    extracts::<quay::RepositoryPathBuf>("org/team/app", "org//", "Quay repository").await;
    extracts::<quay::TagFilterBuf>("like:v1_%", "ne:", "Quay tag filter").await;
    extracts::<quay::LikePatternBuf>("v1_%", "v1 ", "Quay tag filter").await;
    extracts::<oci::DigestBuf>(&digest, "sha256:Z", "OCI digest").await;
    extracts::<git::TagNameBuf>("release/版本-1", "a..", "git tag name").await;
    extracts::<git::BranchNameBuf>("feature/x", "-x", "git branch name").await;
    extracts::<git::RefNameBuf>("refs/heads/main", "refs//", "git ref name").await;
    // A reference holds `/`, `:` and `@`: percent-encoded in the path segment and the query.
    extracts::<reference::ImageReferenceBuf>(
        &format!("quay.io/org/app:v1@{digest}"),
        "quay.io/a/app:",
        "image reference",
    )
    .await;
    extracts::<reference::ImageReferenceBuf>(
        "swr.cn-north-4.myhuaweicloud.com/group/busybox",
        "Nginx",
        "image reference",
    )
    .await;
}
