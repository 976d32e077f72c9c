//! A validating gateway (feature `tower`): [`ValidateRequestsLayer`], a tower layer that answers
//! an invalid request of one of the eight documented operations exactly as the vendor shapes its
//! errors (docs/requests.md R8), and passes every other request on untouched.
//!
//! For a request that [routes](crate::request::route) to an enabled operation with a JSON body,
//! the layer first looks at `Content-Length` (past the body limit: the vendor's 413 without
//! reading anything), then reads the body through [`http_body_util::Limited`](https://docs.rs/http-body-util/0.1/http_body_util/struct.Limited.html) (past the limit:
//! the same 413, without reading further), validates the whole request, and either answers with
//! the vendor response or calls the inner service with the **same body bytes** and the same
//! headers. Operations without a body (`GET`, `DELETE`) are validated from their target and
//! passed on with their body still streaming; so is every request that routes nowhere.
//!
//! The layer never times out on its own: a server in front of it should bound how long it waits
//! for a body (see `examples/gateway.rs`, which closes the connection).
//!
//! ```
//! use registry_names::gateway::ValidateRequestsLayer;
//! use registry_names::request::Vendor;
//!
//! let layer = ValidateRequestsLayer::new()
//!     .body_limit(16 * 1024)
//!     .vendors([Vendor::Quay])
//!     .quay_type_base("https://quay.example");
//! # let _ = layer;
//! ```
//!
//! With axum, `Router::new().route(…).layer(ValidateRequestsLayer::new())`; with plain hyper,
//! `ServiceBuilder::new().layer(ValidateRequestsLayer::new()).service(inner)` and serve it
//! through `hyper_util::service::TowerToHyperService`. The axum extractors are in
//! [`ValidRequest`] (feature `axum`).
//!
//! The operations the layer checks, their parameters and bodies, and the responses it answers
//! with are described as an OpenAPI 3.1 document by `request::schema::openapi` (feature
//! `schema`; `registry-names schema --openapi`); with `utoipa`, each extractor's value type
//! implements `IntoParams` and each body has a `ToSchema` type (`request::schema`).

#[cfg(feature = "axum")]
mod extract;
#[cfg(feature = "axum")]
pub use extract::{Extract, ValidRequest, ValidRequestRejection};

use crate::request::{
    route, Operation, Rejection, Request as Plain, Validator, Vendor, VendorOptions, VendorResponse,
};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use bytes::Bytes;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::request::Parts;
use http_body::{Body, Frame, SizeHint};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use tower::{Layer, Service};

/// The error type bodies are converted into.
pub type BoxError = Box<dyn core::error::Error + Send + Sync>;

pin_project_lite::pin_project! {
    /// A body that is either passed on as it came or was read into memory: what the inner
    /// service receives (the original body still streaming, or the validated bytes, unchanged),
    /// and what the layered service answers with (the inner service's body, or a vendor error
    /// response). Its error type is `B`'s: the buffered side never fails.
    #[derive(Debug)]
    pub struct GatewayBody<B> {
        #[pin]
        inner: Inner<B>,
    }
}

pin_project_lite::pin_project! {
    #[project = InnerProj]
    #[derive(Debug)]
    enum Inner<B> {
        Passed { #[pin] body: B },
        Buffered { body: Full<Bytes> },
    }
}

impl<B> GatewayBody<B> {
    fn passed(body: B) -> Self {
        GatewayBody {
            inner: Inner::Passed { body },
        }
    }

    fn buffered(body: Full<Bytes>) -> Self {
        GatewayBody {
            inner: Inner::Buffered { body },
        }
    }

    /// Whether the layer read this body into memory.
    pub fn is_buffered(&self) -> bool {
        matches!(self.inner, Inner::Buffered { .. })
    }
}

impl<B: Body<Data = Bytes>> Body for GatewayBody<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        match self.project().inner.project() {
            InnerProj::Passed { body } => body.poll_frame(cx),
            InnerProj::Buffered { body } => Pin::new(body)
                .poll_frame(cx)
                .map(|frame| frame.map(|r| r.map_err(|never| match never {}))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Passed { body } => body.is_end_stream(),
            Inner::Buffered { body } => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Passed { body } => body.size_hint(),
            Inner::Buffered { body } => body.size_hint(),
        }
    }
}

type RejectionHook = Arc<dyn Fn(&Parts, &Rejection) + Send + Sync>;

#[derive(Clone)]
struct Config {
    validator: Validator,
    enabled: [bool; 8],
    quay_type_base: String,
    on_rejection: Option<RejectionHook>,
}

impl Config {
    fn enabled(&self, operation: Operation) -> bool {
        self.enabled[operation as usize]
    }

    fn respond(&self, parts: &Parts, rejection: &Rejection) -> http::Response<Full<Bytes>> {
        if let Some(hook) = &self.on_rejection {
            hook(parts, rejection);
        }
        vendor_response(rejection.to_vendor_response_with(&VendorOptions {
            quay_type_base: &self.quay_type_base,
        }))
    }
}

/// A tower [`Layer`](https://docs.rs/tower/0.5/tower/trait.Layer.html) that validates the requests of the eight documented operations and answers
/// invalid ones with the vendor's error response (docs/requests.md R8); see the [module
/// docs](self). Cheap to clone (the settings are shared).
#[derive(Clone)]
pub struct ValidateRequestsLayer {
    config: Arc<Config>,
}

impl Default for ValidateRequestsLayer {
    fn default() -> Self {
        ValidateRequestsLayer {
            config: Arc::new(Config {
                validator: Validator::new(),
                enabled: [true; 8],
                quay_type_base: String::new(),
                on_rejection: None,
            }),
        }
    }
}

impl fmt::Debug for ValidateRequestsLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let enabled: alloc::vec::Vec<Operation> = Operation::ALL
            .into_iter()
            .filter(|op| self.config.enabled(*op))
            .collect();
        f.debug_struct("ValidateRequestsLayer")
            .field("body_limit", &self.config.validator.body_limit())
            .field("operations", &enabled)
            .field("quay_type_base", &self.config.quay_type_base)
            .field("on_rejection", &self.config.on_rejection.is_some())
            .finish()
    }
}

impl ValidateRequestsLayer {
    /// Every operation enabled, a 64 KiB body limit, Quay's `type` relative.
    pub fn new() -> Self {
        Self::default()
    }

    fn config(&mut self) -> &mut Config {
        Arc::make_mut(&mut self.config)
    }

    /// The body limit in bytes (default 64 KiB, R5). A body past it is answered with the
    /// vendor's `body-too-large` response (413 for SWR and Quay) after reading at most this many
    /// bytes, none when `Content-Length` already says so.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.config().validator = self.config.validator.with_body_limit(bytes);
        self
    }

    /// How Quay's query parameters are read (docs/requests.md R10): `Mode::Compatible`, the
    /// default, as Quay's server reads them (no request Quay serves is refused);
    /// `Mode::Strict`, R3 and R6 exactly as documented.
    pub fn mode(mut self, mode: crate::request::Mode) -> Self {
        self.config().validator = self.config.validator.with_mode(mode);
        self
    }

    /// `mode(Mode::Strict)`: R3 and R6 exactly as documented.
    pub fn strict(self) -> Self {
        self.mode(crate::request::Mode::Strict)
    }

    /// Validates only these operations; requests of the others pass on unchecked.
    pub fn operations(mut self, operations: impl IntoIterator<Item = Operation>) -> Self {
        let mut enabled = [false; 8];
        for op in operations {
            enabled[op as usize] = true;
        }
        self.config().enabled = enabled;
        self
    }

    /// Validates only the operations of these vendors.
    pub fn vendors(self, vendors: impl IntoIterator<Item = Vendor>) -> Self {
        let vendors: alloc::vec::Vec<Vendor> = vendors.into_iter().collect();
        self.operations(
            Operation::ALL
                .into_iter()
                .filter(|op| vendors.contains(&op.vendor())),
        )
    }

    /// The prefix of Quay's error `type` URL, usually the server's base URL (default empty).
    pub fn quay_type_base(mut self, base: impl Into<String>) -> Self {
        self.config().quay_type_base = base.into();
        self
    }

    /// Calls `hook` with the request's head and the rejection before each vendor error
    /// response, e.g. to log it. The head holds every header: log only what you mean to.
    pub fn on_rejection(
        mut self,
        hook: impl Fn(&Parts, &Rejection) + Send + Sync + 'static,
    ) -> Self {
        self.config().on_rejection = Some(Arc::new(hook));
        self
    }
}

impl<S> Layer<S> for ValidateRequestsLayer {
    type Service = ValidateRequests<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ValidateRequests {
            inner,
            config: self.config.clone(),
        }
    }
}

/// The service [`ValidateRequestsLayer`] wraps around an inner service.
#[derive(Clone)]
pub struct ValidateRequests<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S: fmt::Debug> fmt::Debug for ValidateRequests<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidateRequests")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<S, B, ResBody> Service<http::Request<B>> for ValidateRequests<S>
where
    S: Service<http::Request<GatewayBody<B>>, Response = http::Response<ResBody>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    B: Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = http::Response<GatewayBody<ResBody>>;
    type Error = S::Error;
    type Future =
        Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send + 'static>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        // The service that was polled ready is the one to call; a clone takes its place.
        let clone = self.inner.clone();
        let mut inner = core::mem::replace(&mut self.inner, clone);
        let config = self.config.clone();
        let (parts, body) = request.into_parts();
        let operation = route(parts.method.as_str(), target(&parts))
            .map(|r| r.operation())
            .filter(|op| config.enabled(*op));
        let Some(operation) = operation else {
            let forwarded = inner.call(http::Request::from_parts(parts, GatewayBody::passed(body)));
            return Box::pin(async move { Ok(forwarded.await?.map(GatewayBody::passed)) });
        };
        Box::pin(async move {
            if !operation.has_body() {
                if let Err(rejection) = validate(&config.validator, &parts, b"", false) {
                    return Ok(config
                        .respond(&parts, &rejection)
                        .map(GatewayBody::buffered));
                }
                let forwarded = http::Request::from_parts(parts, GatewayBody::passed(body));
                return Ok(inner.call(forwarded).await?.map(GatewayBody::passed));
            }
            let bytes = match read_body(&parts, body, config.validator.body_limit()).await {
                ReadBody::Read(bytes) => bytes,
                ReadBody::OverLimit => {
                    let rejection = match validate(&config.validator, &parts, b"", true) {
                        Err(rejection) => rejection,
                        // Unreachable: a body over the limit is always `body-too-large`.
                        Ok(()) => return Ok(unreadable().map(GatewayBody::buffered)),
                    };
                    return Ok(config
                        .respond(&parts, &rejection)
                        .map(GatewayBody::buffered));
                }
                ReadBody::Failed => return Ok(unreadable().map(GatewayBody::buffered)),
            };
            if let Err(rejection) = validate(&config.validator, &parts, &bytes, false) {
                return Ok(config
                    .respond(&parts, &rejection)
                    .map(GatewayBody::buffered));
            }
            let forwarded =
                http::Request::from_parts(parts, GatewayBody::buffered(Full::new(bytes)));
            Ok(inner.call(forwarded).await?.map(GatewayBody::passed))
        })
    }
}

/// The request target: path and query as received.
fn target(parts: &Parts) -> &str {
    parts
        .uri
        .path_and_query()
        .map_or(parts.uri.path(), |pq| pq.as_str())
}

/// Validates the request head and `body` (the plain view of `Request::from_http`, without
/// rebuilding an `http::Request`). `over_limit`: the body was not read because it is too large.
pub(crate) fn validate(
    validator: &Validator,
    parts: &Parts,
    body: &[u8],
    over_limit: bool,
) -> Result<(), Rejection> {
    let Some(valid) = validate_valid(validator, parts, body, over_limit) else {
        return Ok(());
    };
    valid.map(drop)
}

/// [`validate`], keeping the typed value; `None` when the request routes nowhere.
pub(crate) fn validate_valid<'a>(
    validator: &Validator,
    parts: &'a Parts,
    body: &'a [u8],
    over_limit: bool,
) -> Option<Result<crate::request::Valid<'a>, Rejection>> {
    let mut plain = Plain::new(parts.method.as_str(), target(parts)).body(body);
    for name in [CONTENT_TYPE, CONTENT_LENGTH] {
        for value in parts.headers.get_all(&name) {
            plain = plain.header(name.as_str(), value.as_bytes());
        }
    }
    if over_limit {
        plain = plain.body_over_limit();
    }
    validator.validate(&plain)
}

pub(crate) enum ReadBody {
    Read(Bytes),
    OverLimit,
    Failed,
}

/// Reads at most `limit` bytes of `body`: none when `Content-Length` (or the body's own size
/// hint) already says it is longer.
pub(crate) async fn read_body<B>(parts: &Parts, body: B, limit: usize) -> ReadBody
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) || body.size_hint().lower() > limit as u64 {
        return ReadBody::OverLimit;
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => ReadBody::Read(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => ReadBody::OverLimit,
        Err(_) => ReadBody::Failed,
    }
}

/// The answer when the body cannot be read (the client broke the framing or went away): a
/// plain 400 with no body, since no vendor documents this case.
pub(crate) fn unreadable() -> http::Response<Full<Bytes>> {
    let mut response = http::Response::new(Full::new(Bytes::new()));
    *response.status_mut() = http::StatusCode::BAD_REQUEST;
    response
}

pub(crate) fn vendor_response(response: VendorResponse) -> http::Response<Full<Bytes>> {
    response
        .into_http()
        .map(|body| Full::new(Bytes::from(body)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec::Vec;
    use std::sync::Mutex;
    use tower::ServiceExt;

    #[test]
    fn each_kind_of_body_tells_what_it_is_and_what_is_left() {
        let passed = GatewayBody::passed(Full::new(Bytes::from_static(b"abc")));
        assert!(!passed.is_buffered());
        assert_eq!(passed.size_hint().exact(), Some(3));
        assert!(!passed.is_end_stream());
        let buffered = GatewayBody::<Full<Bytes>>::buffered(Full::new(Bytes::from_static(b"ab")));
        assert!(buffered.is_buffered());
        assert_eq!(buffered.size_hint().exact(), Some(2));
        assert!(!buffered.is_end_stream());
        let empty = GatewayBody::<Full<Bytes>>::buffered(Full::new(Bytes::new()));
        assert!(empty.is_end_stream());
        let empty = GatewayBody::passed(Full::new(Bytes::new()));
        assert!(empty.is_end_stream());
    }

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
                !response.body().is_buffered(),
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
    async fn a_rejection_is_answered_by_the_layer_with_a_buffered_body() {
        let inner = Recording::default();
        let seen = inner.0.clone();
        let service = ValidateRequestsLayer::new().layer(inner);
        let response = service
            .oneshot(request("POST", "/v2/repositories/0/tags", "{}"))
            .await
            .unwrap();
        assert_eq!(response.status(), http::StatusCode::BAD_REQUEST);
        assert!(response.body().is_buffered());
        assert!(seen.lock().unwrap().is_empty());
    }

    #[test]
    fn debug_shows_the_settings_but_not_the_hook() {
        let layer = ValidateRequestsLayer::new()
            .body_limit(1024)
            .vendors([Vendor::Quay])
            .quay_type_base("https://quay.example")
            .on_rejection(|_, _| {});
        assert_eq!(
            format!("{layer:?}"),
            "ValidateRequestsLayer { body_limit: 1024, operations: [QuayRestoreTag, QuayChangeTag, QuayDeleteTag, \
             QuayListTags], \
             quay_type_base: \"https://quay.example\", on_rejection: true }"
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

    /// A body that fails when read, and says in its size hint that it holds `hint` bytes.
    struct Failing {
        hint: u64,
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
            SizeHint::with_exact(self.hint)
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
        for (hint, length) in [(0, Some(65)), (65, None)] {
            let request = with_length(Failing { hint }, length);
            let response = service.clone().oneshot(request).await.unwrap();
            assert_eq!(
                response.status(),
                http::StatusCode::PAYLOAD_TOO_LARGE,
                "{hint} {length:?}"
            );
        }
        // Within the limit it is read, and a body that fails to read is the plain 400.
        let request = with_length(Failing { hint: 64 }, Some(64));
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
}
