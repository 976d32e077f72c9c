//! [`ValidateRequests`], the service the layer wraps around an inner service.

use super::body::{Collect, GatewayBody, ReadBody};
use super::future::ResponseFuture;
use super::layer::Config;
use super::BoxError;
use crate::request::{route, Rejection, Request as Plain, Valid};
use alloc::sync::Arc;
use bytes::Bytes;
use core::fmt;
use core::task::{Context, Poll};
use http::request::Parts;
use http_body::Body;
use tower::Service;

/// The service [`ValidateRequestsLayer`](super::ValidateRequestsLayer) wraps around an inner
/// service.
#[derive(Clone)]
pub struct ValidateRequests<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S> ValidateRequests<S> {
    pub(crate) fn new(inner: S, config: Arc<Config>) -> Self {
        ValidateRequests { inner, config }
    }
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
    S: Service<http::Request<GatewayBody<B>>, Response = http::Response<ResBody>> + Clone,
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Response = http::Response<GatewayBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S, B>;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let (parts, body) = request.into_parts();
        let config = &self.config;
        let operation = route(parts.method.as_str(), target(&parts))
            .map(|r| r.operation())
            .filter(|op| config.enabled(*op));
        let Some(operation) = operation else {
            return ResponseFuture::forwarded(self.forward(parts, GatewayBody::passed(body)));
        };
        if !operation.has_body() {
            // Validated from the head alone, and passed on with its body still streaming.
            return match validate(config, &parts, b"", false) {
                Ok(()) => ResponseFuture::forwarded(self.forward(parts, GatewayBody::passed(body))),
                Err(rejection) => ResponseFuture::answered(config.respond(&parts, &rejection)),
            };
        }
        match Collect::new(&parts, &body, config.validator.body_limit()) {
            Ok(collect) => {
                // The inner service is called once the body is read: the one that was polled
                // ready goes with the future, and a clone takes its place.
                let clone = self.inner.clone();
                let inner = core::mem::replace(&mut self.inner, clone);
                ResponseFuture::reading(body, collect, parts, inner, config.clone())
            }
            Err(outcome) => ResponseFuture::answered(answer_unread(config, &parts, outcome)),
        }
    }
}

impl<S> ValidateRequests<S> {
    #[inline]
    fn forward<B>(&mut self, parts: Parts, body: GatewayBody<B>) -> S::Future
    where
        S: Service<http::Request<GatewayBody<B>>>,
    {
        self.inner.call(http::Request::from_parts(parts, body))
    }
}

/// What to do with a request whose body was read (or not: over the limit, or unreadable):
/// `Ok` with the body to pass on, or `Err` with the layer's own answer.
pub(crate) fn after_read(
    config: &Config,
    parts: &Parts,
    outcome: ReadBody,
) -> Result<Bytes, http::Response<Bytes>> {
    match outcome {
        ReadBody::Read(bytes) => match validate(config, parts, &bytes, false) {
            Ok(()) => Ok(bytes),
            Err(rejection) => Err(config.respond(parts, &rejection)),
        },
        outcome => Err(answer_unread(config, parts, outcome)),
    }
}

/// The answer to a request whose body the layer did not read to its end.
fn answer_unread(config: &Config, parts: &Parts, outcome: ReadBody) -> http::Response<Bytes> {
    match outcome {
        ReadBody::OverLimit => match validate(config, parts, b"", true) {
            Err(rejection) => config.respond(parts, &rejection),
            // Unreachable: a routed body over the limit is always `body-too-large`.
            Ok(()) => super::unreadable(),
        },
        ReadBody::Read(_) | ReadBody::Failed => super::unreadable(),
    }
}

/// The request target: path and query as received.
#[inline]
fn target(parts: &Parts) -> &str {
    parts
        .uri
        .path_and_query()
        .map_or(parts.uri.path(), |pq| pq.as_str())
}

/// Validates the request head and `body`. `over_limit`: the body was not read because it is
/// too large.
#[inline]
fn validate(
    config: &Config,
    parts: &Parts,
    body: &[u8],
    over_limit: bool,
) -> Result<(), Rejection> {
    match validate_valid(&config.validator, parts, body, over_limit) {
        Some(valid) => valid.map(drop),
        None => Ok(()),
    }
}

/// Validates the request head and `body`, keeping the typed value; `None` when the request
/// routes nowhere.
#[inline]
pub(crate) fn validate_valid<'a>(
    validator: &crate::request::Validator,
    parts: &'a Parts,
    body: &'a [u8],
    over_limit: bool,
) -> Option<Result<Valid<'a>, Rejection>> {
    let mut plain = Plain::from_parts(parts, body);
    if over_limit {
        plain = plain.body_over_limit();
    }
    validator.validate(&plain)
}
