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

mod body;
#[cfg(feature = "axum")]
mod extract;
mod future;
mod layer;
#[cfg(feature = "axum")]
mod routes;
mod service;

pub use body::GatewayBody;
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
