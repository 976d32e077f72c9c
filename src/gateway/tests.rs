//! The layer's service over in-memory bodies: what the inner service gets and what the layer
//! answers itself.

use super::*;
use alloc::format;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http_body::{Body, Frame, SizeHint};
use http_body_util::{BodyExt, Full};
use std::sync::Mutex;
use tower::{Layer, Service, ServiceExt};

/// For each request the inner service got: whether the layer read its body, and the bytes.
type Seen = Arc<Mutex<Vec<(bool, Bytes)>>>;

/// The inner service, recording what it gets in [`Seen`] and answering 200.
#[derive(Clone, Default)]
struct Recording(Seen);

impl<B> Service<http::Request<GatewayBody<B>>> for Recording
where
    B: Body<Data = Bytes> + Send + 'static,
    B::Error: fmt::Debug,
{
    type Response = http::Response<Full<Bytes>>;
    type Error = core::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<GatewayBody<B>>) -> Self::Future {
        let seen = self.0.clone();
        Box::pin(async move {
            let body = request.into_body();
            let buffered = body.is_buffered();
            let bytes = body.collect().await.unwrap().to_bytes();
            seen.lock().unwrap().push((buffered, bytes));
            Ok(http::Response::new(Full::new(Bytes::from_static(b"ok"))))
        })
    }
}

fn request(method: &str, target: &str, body: &'static str) -> http::Request<Full<Bytes>> {
    http::Request::builder()
        .method(method)
        .uri(target)
        .header(CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from_static(body.as_bytes())))
        .unwrap()
}

#[tokio::test]
async fn only_a_checked_body_is_read_before_the_inner_service_sees_it() {
    let inner = Recording::default();
    let seen = inner.0.clone();
    let service = ValidateRequestsLayer::new().layer(inner);
    let body = r#"{"tag_name":"v1","ref":"main"}"#;
    let cases = [
        ("POST", "/v2/repositories/42/tags", body, true),
        ("POST", "/elsewhere", body, false),
        (
            "GET",
            "/v3/manage/namespaces/group/repos/nginx/tags",
            "",
            false,
        ),
    ];
    for (method, target, body, _) in cases {
        let response = service.clone().oneshot(request(method, target, body)).await;
        let response = response.unwrap();
        assert_eq!(response.status(), http::StatusCode::OK, "{method} {target}");
        assert!(
            !response.body().is_answered(),
            "the inner service's own body"
        );
    }
    let seen = seen.lock().unwrap();
    for ((method, target, body, buffered), (was_buffered, bytes)) in cases.iter().zip(&*seen) {
        assert_eq!(was_buffered, buffered, "{method} {target}");
        assert_eq!(bytes, body.as_bytes(), "{method} {target}");
    }
    assert_eq!(seen.len(), cases.len());
}

#[tokio::test]
async fn a_rejection_is_answered_by_the_layer_itself() {
    let inner = Recording::default();
    let seen = inner.0.clone();
    let service = ValidateRequestsLayer::new().layer(inner);
    let response = service
        .oneshot(request("POST", "/v2/repositories/0/tags", "{}"))
        .await
        .unwrap();
    assert_eq!(response.status(), http::StatusCode::BAD_REQUEST);
    assert!(response.body().is_answered());
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn inner_body_answers_in_the_inner_services_own_body_type() {
    let inner = Recording::default();
    let seen = inner.0.clone();
    let service = ValidateRequestsLayer::new().inner_body().layer(inner);
    let body = r#"{"tag_name":"v1","ref":"main"}"#;
    // The annotation is the point: the inner service's `Full<Bytes>`, no wrapper.
    let passed: http::Response<Full<Bytes>> = service
        .clone()
        .oneshot(request("POST", "/v2/repositories/42/tags", body))
        .await
        .unwrap();
    assert_eq!(passed.status(), http::StatusCode::OK);
    let bytes = passed.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(bytes, "ok");
    let answered: http::Response<Full<Bytes>> = service
        .oneshot(request("POST", "/v2/repositories/0/tags", "{}"))
        .await
        .unwrap();
    assert_eq!(answered.status(), http::StatusCode::BAD_REQUEST);
    // The same answer as the wrapped body's, byte for byte.
    let wrapped = ValidateRequestsLayer::new()
        .layer(Recording::default())
        .oneshot(request("POST", "/v2/repositories/0/tags", "{}"))
        .await
        .unwrap();
    assert_eq!(answered.headers(), wrapped.headers());
    let answered = answered.into_body().collect().await.unwrap().to_bytes();
    let wrapped = wrapped.into_body().collect().await.unwrap().to_bytes();
    assert!(answered.starts_with(b"{"), "{answered:?}");
    assert_eq!(answered, wrapped);
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "only the valid request went in"
    );
}

/// An inner service that is never ready: it says so through `poll_ready`.
#[derive(Debug, Clone)]
struct Down;

impl<B> Service<http::Request<B>> for Down {
    type Response = http::Response<Full<Bytes>>;
    type Error = &'static str;
    type Future = core::future::Ready<Result<Self::Response, &'static str>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Err("down"))
    }

    fn call(&mut self, _: http::Request<B>) -> Self::Future {
        core::future::ready(Err("called while down"))
    }
}

#[tokio::test]
async fn the_inner_service_says_when_it_is_ready() {
    let mut service = ValidateRequestsLayer::new().layer(Down);
    let ready = ServiceExt::<http::Request<Full<Bytes>>>::ready(&mut service).await;
    assert_eq!(ready.err(), Some("down"));
    assert_eq!(
        format!("{service:?}"),
        "ValidateRequests { inner: Down, .. }"
    );
}

/// A body that fails when read, and says in its size hint that it holds exactly `hint` bytes
/// (`None`: that it does not know).
struct Failing {
    hint: Option<u64>,
}

impl Body for Failing {
    type Data = Bytes;
    type Error = &'static str;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, &'static str>>> {
        Poll::Ready(Some(Err("read")))
    }

    fn size_hint(&self) -> SizeHint {
        self.hint.map_or_else(SizeHint::new, SizeHint::with_exact)
    }
}

/// SWR's create-image-tag request (its body too large is a 413).
fn with_length<B>(body: B, length: Option<usize>) -> http::Request<B> {
    let mut request = http::Request::builder()
        .method("POST")
        .uri("/v2/manage/namespaces/group/repos/nginx/tags")
        .header(CONTENT_TYPE, "application/json");
    if let Some(length) = length {
        request = request.header(CONTENT_LENGTH, length);
    }
    request.body(body).unwrap()
}

/// A body the layer may not read answers the same whether reading it fails or not: the
/// 413 comes from `Content-Length` or the size hint alone.
#[tokio::test]
async fn a_body_said_to_be_over_the_limit_is_413_without_reading_it() {
    let service = ValidateRequestsLayer::new()
        .body_limit(64)
        .layer(Recording::default());
    // Content-Length when the body does not know its length, the body's length when it does.
    for (hint, length) in [(None, Some(65)), (Some(65), None), (Some(65), Some(64))] {
        let request = with_length(Failing { hint }, length);
        let response = service.clone().oneshot(request).await.unwrap();
        assert_eq!(
            response.status(),
            http::StatusCode::PAYLOAD_TOO_LARGE,
            "{hint:?} {length:?}"
        );
    }
    // Within the limit it is read, and a body that fails to read is the plain 400.
    let request = with_length(Failing { hint: Some(64) }, Some(64));
    let response = service.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), http::StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read_and_passed_on() {
    let inner = Recording::default();
    let seen = inner.0.clone();
    let service = ValidateRequestsLayer::new().body_limit(64).layer(inner);
    let body = format!("{:<64}", r#"{"source_tag":"v1","destination_tag":"v2"}"#);
    let request = with_length(Full::new(Bytes::from(body.clone())), Some(64));
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(response.status(), http::StatusCode::OK);
    assert_eq!(seen.lock().unwrap()[0].1, body.as_bytes());
}
