//! [`ValidateRequests`], the service the layer wraps around an inner service.

use super::body::{BodyMode, Collect, GatewayBody, ReadBody, WrappedBody};
use super::future::ResponseFuture;
use super::layer::Config;
use super::BoxError;
use crate::request::{route, Operation, Rejection, Request as Plain, Route, Valid};
use alloc::sync::Arc;
use bytes::Bytes;
use core::fmt;
use core::marker::PhantomData;
use core::task::{Context, Poll};
use http::request::Parts;
use http_body::Body;
use tower::Service;

/// The service [`ValidateRequestsLayer`](super::ValidateRequestsLayer) wraps around an inner
/// service. `M` is the layer's [`BodyMode`]: how its responses' bodies are given back.
pub struct ValidateRequests<S, M = WrappedBody> {
    inner: S,
    config: Arc<Config>,
    mode: PhantomData<fn() -> M>,
}

impl<S, M> ValidateRequests<S, M> {
    pub(crate) fn new(inner: S, config: Arc<Config>) -> Self {
        ValidateRequests {
            inner,
            config,
            mode: PhantomData,
        }
    }
}

// Not derived: a derive would ask `M: Clone`.
impl<S: Clone, M> Clone for ValidateRequests<S, M> {
    fn clone(&self) -> Self {
        ValidateRequests::new(self.inner.clone(), self.config.clone())
    }
}

impl<S: fmt::Debug, M> fmt::Debug for ValidateRequests<S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidateRequests")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<S, B, M, ResBody> Service<http::Request<B>> for ValidateRequests<S, M>
where
    S: Service<http::Request<GatewayBody<B>>, Response = http::Response<ResBody>> + Clone,
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
    M: BodyMode<ResBody>,
{
    type Response = http::Response<M::Body>;
    type Error = S::Error;
    type Future = ResponseFuture<S, B, M>;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        // The request stays whole until it is known where it goes: it is taken apart only to
        // read its body, so that the head is moved as few times as possible.
        let config = &self.config;
        let target = target(request.uri());
        let routed =
            route(request.method().as_str(), target).filter(|r| config.enabled(r.operation()));
        let Some(routed) = routed else {
            return ResponseFuture::forwarded(self.inner.call(request.map(GatewayBody::passed)));
        };
        if !routed.operation().has_body() {
            // Validated from the head alone (routed once), and passed on with its body still
            // streaming.
            let verdict = config
                .validator
                .validate_route(&routed, &Plain::from_head_of(&request, b""))
                .map(drop);
            return match verdict {
                Ok(()) => {
                    ResponseFuture::forwarded(self.inner.call(request.map(GatewayBody::passed)))
                }
                Err(rejection) => {
                    let (parts, _) = request.into_parts();
                    ResponseFuture::answered(config.respond(&parts, &rejection))
                }
            };
        }
        let span = RouteSpan::of(&routed, target);
        match Collect::new(
            request.headers(),
            request.body(),
            config.validator.body_limit(),
        ) {
            Ok(collect) => {
                // The inner service is called once the body is read: the one that was polled
                // ready goes with the future, and a clone takes its place.
                let clone = self.inner.clone();
                let inner = core::mem::replace(&mut self.inner, clone);
                let (parts, body) = request.into_parts();
                ResponseFuture::reading(body, collect, parts, span, inner, config.clone())
            }
            Err(outcome) => {
                let (parts, _) = request.into_parts();
                ResponseFuture::answered(answer_unread(config, &parts, span, outcome))
            }
        }
    }
}

/// A route kept while the request head moves into the future: its parts as byte ranges of
/// the target (a [`Route`] borrows the target). `u32` ranges keep it small (it lives in the
/// future); a target too long for them (`http` caps a URI well below) is routed again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RouteSpan {
    operation: Operation,
    params: [(u32, u32); 2],
    query: Option<u32>,
}

impl RouteSpan {
    #[inline]
    fn of(route: &Route<'_>, target: &str) -> Self {
        let base = target.as_ptr() as usize;
        // Past `u32`: an empty range at the end of `u32`, which no target holds, so `route`
        // falls back to routing again.
        let offset = |part: &str| u32::try_from((part.as_ptr() as usize).wrapping_sub(base));
        let range = |part: &str| match offset(part) {
            Ok(start) => match u32::try_from(part.len()) {
                Ok(len) => (start, start.wrapping_add(len)),
                Err(_) => (u32::MAX, 0),
            },
            Err(_) => (u32::MAX, 0),
        };
        let params = route.params();
        RouteSpan {
            operation: route.operation(),
            params: [
                params.first().map_or((0, 0), |p| range(p)),
                params.get(1).map_or((0, 0), |p| range(p)),
            ],
            query: route.query().map(|q| offset(q).unwrap_or(u32::MAX)),
        }
    }

    #[inline]
    fn route<'a>(&self, target: &'a str) -> Option<Route<'a>> {
        let wide = |(start, end): (u32, u32)| (start as usize, end as usize);
        Route::rebuilt(
            self.operation,
            [wide(self.params[0]), wide(self.params[1])],
            self.query.map(|q| q as usize),
            target,
        )
    }
}

/// What to do with a request whose body was read (or not: over the limit, or unreadable):
/// `Ok` with the body to pass on, or `Err` with the layer's own answer.
// The answer is moved once into the future's state; boxing it would allocate for nothing.
#[allow(clippy::result_large_err)]
pub(crate) fn after_read(
    config: &Config,
    parts: &Parts,
    span: RouteSpan,
    outcome: ReadBody,
) -> Result<Bytes, http::Response<Bytes>> {
    match outcome {
        ReadBody::Read(bytes) => match validate(config, parts, span, &bytes, false) {
            Ok(()) => Ok(bytes),
            Err(rejection) => Err(config.respond(parts, &rejection)),
        },
        outcome => Err(answer_unread(config, parts, span, outcome)),
    }
}

/// The answer to a request whose body the layer did not read to its end.
fn answer_unread(
    config: &Config,
    parts: &Parts,
    span: RouteSpan,
    outcome: ReadBody,
) -> http::Response<Bytes> {
    match outcome {
        ReadBody::OverLimit => match validate(config, parts, span, b"", true) {
            Err(rejection) => config.respond(parts, &rejection),
            // Unreachable: a routed body over the limit is always `body-too-large`.
            Ok(()) => super::unreadable(),
        },
        ReadBody::Read(_) | ReadBody::Failed => super::unreadable(),
    }
}

/// The request target: path and query as received.
#[inline]
fn target(uri: &http::Uri) -> &str {
    uri.path_and_query().map_or(uri.path(), |pq| pq.as_str())
}

/// Validates the request head and `body`, routed as `span` says. `over_limit`: the body was
/// not read because it is too large.
#[inline]
fn validate(
    config: &Config,
    parts: &Parts,
    span: RouteSpan,
    body: &[u8],
    over_limit: bool,
) -> Result<(), Rejection> {
    let Some(routed) = span.route(target(&parts.uri)) else {
        return Ok(());
    };
    let mut plain = Plain::from_parts(parts, body);
    if over_limit {
        plain = plain.body_over_limit();
    }
    config.validator.validate_route(&routed, &plain).map(drop)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_span_gives_the_same_route_over_the_moved_text() {
        for (method, target) in [
            ("POST", "/v2/manage/namespaces/g/repos/library/nginx/tags"),
            ("POST", "/v2/manage/namespaces//repos"),
            ("POST", "/v2/repositories/42/tags"),
            ("GET", "/v3/manage/namespaces/g/repos/a$b/tags?limit=5&tag="),
            ("GET", "/api/v1/repository/org/app/tag/?"),
            ("PUT", "/api/v1/repository/org/tag/app/tag/v1"),
        ] {
            let routed = route(method, target).unwrap();
            let span = RouteSpan::of(&routed, target);
            let moved = alloc::string::String::from(target);
            assert_eq!(span.route(&moved), Some(routed), "{target}");
        }
        // Over a shorter text the ranges do not fit: it is routed again.
        let target = "/v3/manage/namespaces/group/repos/nginx/tags?limit=5";
        let span = RouteSpan::of(&route("GET", target).unwrap(), target);
        let other = "/v3/manage/namespaces/g/repos/n/tags";
        assert_eq!(span.route(other), route("GET", other));
        assert_eq!(span.route("/v2/_catalog"), None);
    }
}
