//! A validating gateway (feature `tower`): [`ValidateRequestsLayer`], a tower layer that answers
//! an invalid request of one of the eight documented operations exactly as the vendor shapes its
//! errors (docs/requests.md R8), and passes every other request on untouched.
//!
//! For a request that [routes](crate::request::route) to an enabled operation with a JSON body,
//! the layer first looks at the body's length where it is known (its exact size hint, else
//! `Content-Length`; past the body limit: the vendor's 413 without reading anything), then reads
//! the body up to the limit (past it: the same 413, without reading further), validates the
//! whole request, and either answers with the vendor response or calls the inner service with
//! the **same body bytes** and the same request head. A body that arrives in one frame is handed
//! on as the same `Bytes`, not copied; one in several frames is joined into one buffer.
//! Operations without a body (`GET`, `DELETE`) are validated from their target and passed on
//! with their body still streaming; so is every request that routes nowhere.
//! The layered service answers with a [`ResponseBody`]: the inner service's body as it came, or
//! the layer's own answer; or, with [`ValidateRequestsLayer::inner_body`], in the inner
//! service's own body type (one that converts `From<Bytes>`, such as axum's `Body`). The
//! layer's future is [`ResponseFuture`], a named state machine: no request allocates a boxed
//! future.
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
//! # Where to put it
//!
//! The layer routes the eight operations itself, so it can sit in front of anything:
//!
//! - around a whole axum `Router`, `ValidateRequestsLayer::new().layer(router)` (or
//!   `ServiceBuilder::new().layer(…).service(router)`): requests are validated before axum
//!   routes them. This costs the least (BENCHMARKS.md, "Gateway in process").
//! - on the router's routes, `Router::new().route(…).layer(ValidateRequestsLayer::new()
//!   .inner_body())`: axum then wraps every route in the layer and, per request, clones the
//!   route's service and boxes the layer's future, as it does for any layer. With
//!   [`inner_body`](ValidateRequestsLayer::inner_body) the layer answers in axum's own `Body`,
//!   which axum passes on as it is; without it, axum also boxes the layer's [`ResponseBody`]
//!   (BENCHMARKS.md measures both).
//! - with plain hyper, `ServiceBuilder::new().layer(ValidateRequestsLayer::new()).service(inner)`
//!   served through `hyper_util::service::TowerToHyperService`, as `examples/gateway.rs` does in
//!   front of a reverse proxy.
//!
//! # Handlers (feature `axum`)
//!
//! [`ValidRequest<T>`](ValidRequest) extracts one operation's typed value and answers an
//! invalid request as the vendor does. Mount its handlers with [`OperationRoutes`], which routes
//! as `request::route` does, so that every malformed request of an operation reaches its
//! handler: axum's captures (`{repository}`) match one non-empty segment, so SWR's raw `/` in a
//! repository or an empty namespace would get axum's bare 404, and Quay's
//! `/api/v1/repository/{repository}/tag/` cannot be an axum `Path` capture at all (the
//! repository may hold `/`, and a wildcard must end the path): mount it with `OperationRoutes`,
//! or a wildcard route (`/api/v1/repository/{*rest}`) and `ValidRequest<QuayListTags>`. A
//! handler that takes the crate's owned names in axum's `Path` or `Query` wraps them in
//! [`Vendored`], so that a bad name is answered in the vendor's JSON rather than axum's
//! `text/plain`.
//!
//! The operations the layer checks, their parameters and bodies, and the responses it answers
//! with are described as an OpenAPI 3.1 document by `request::schema::openapi` (feature
//! `schema`; `registry-names schema --openapi`); with `utoipa`, each extractor's value type
//! implements `IntoParams` and each body has a `ToSchema` type (`request::schema`).

mod body;
#[cfg(feature = "axum")]
mod extract;
mod future;
mod layer;
#[cfg(feature = "axum")]
mod routes;
mod service;

pub use body::{BodyMode, GatewayBody, InnerBody, ResponseBody, WrappedBody};
#[cfg(feature = "axum")]
pub use extract::{Extract, ValidRequest, ValidRequestRejection, Vendored, VendoredRejection};
pub use future::ResponseFuture;
pub use layer::ValidateRequestsLayer;
#[cfg(feature = "axum")]
pub use routes::OperationRoutes;
pub use service::ValidateRequests;

use crate::request::VendorResponse;
use alloc::boxed::Box;
use bytes::Bytes;

/// The error type bodies are converted into.
pub type BoxError = Box<dyn core::error::Error + Send + Sync>;

/// The answer when the body cannot be read (the client broke the framing or went away): a
/// plain 400 with no body, since no vendor documents this case.
pub(crate) fn unreadable() -> http::Response<Bytes> {
    let mut response = http::Response::new(Bytes::new());
    *response.status_mut() = http::StatusCode::BAD_REQUEST;
    response
}

pub(crate) fn vendor_response(response: VendorResponse) -> http::Response<Bytes> {
    response.into_http().map(Bytes::from)
}

#[cfg(test)]
mod tests;
