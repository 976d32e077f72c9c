//! [`ValidateRequestsLayer`] and its settings.

use super::body::{InnerBody, WrappedBody};
use super::service::ValidateRequests;
use crate::request::{Operation, Rejection, Validator, Vendor, VendorOptions};
use alloc::string::String;
use alloc::sync::Arc;
use bytes::Bytes;
use core::fmt;
use core::marker::PhantomData;
use http::request::Parts;
use tower::Layer;

type RejectionHook = Arc<dyn Fn(&Parts, &Rejection) + Send + Sync>;

/// The layer's settings, shared by every service it makes.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) validator: Validator,
    enabled: [bool; 8],
    quay_type_base: String,
    on_rejection: Option<RejectionHook>,
}

impl Config {
    #[inline]
    pub(crate) fn enabled(&self, operation: Operation) -> bool {
        self.enabled[operation as usize]
    }

    /// The vendor's answer to `rejection`, after the hook has seen it.
    pub(crate) fn respond(&self, parts: &Parts, rejection: &Rejection) -> http::Response<Bytes> {
        if let Some(hook) = &self.on_rejection {
            hook(parts, rejection);
        }
        super::vendor_response(rejection.to_vendor_response_with(&VendorOptions {
            quay_type_base: &self.quay_type_base,
        }))
    }
}

/// A tower [`Layer`](https://docs.rs/tower/0.5/tower/trait.Layer.html) that validates the
/// requests of the eight documented operations and answers invalid ones with the vendor's error
/// response (docs/requests.md R8); see the [module docs](super). Cheap to clone (the settings
/// are shared).
///
/// `M` is how the layered service gives back response bodies ([`BodyMode`](super::BodyMode)):
/// [`WrappedBody`], the default, for any inner service, or [`InnerBody`]
/// ([`Self::inner_body`]) for an inner service whose body can hold the layer's answer.
pub struct ValidateRequestsLayer<M = WrappedBody> {
    config: Arc<Config>,
    mode: PhantomData<fn() -> M>,
}

// Not derived: a derive would ask `M: Clone`.
impl<M> Clone for ValidateRequestsLayer<M> {
    fn clone(&self) -> Self {
        ValidateRequestsLayer {
            config: self.config.clone(),
            mode: PhantomData,
        }
    }
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
            mode: PhantomData,
        }
    }
}

impl<M> fmt::Debug for ValidateRequestsLayer<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let enabled: alloc::vec::Vec<Operation> = Operation::ALL
            .into_iter()
            .filter(|op| self.config.enabled(*op))
            .collect();
        f.debug_struct("ValidateRequestsLayer")
            .field("body_limit", &self.config.validator.body_limit())
            .field("mode", &self.config.validator.mode())
            .field("operations", &enabled)
            .field("quay_type_base", &self.config.quay_type_base)
            .field("on_rejection", &self.config.on_rejection.is_some())
            .finish()
    }
}

impl ValidateRequestsLayer {
    /// Every operation enabled, a 64 KiB body limit, Quay's `type` relative; responses in a
    /// [`ResponseBody`](super::ResponseBody) around the inner service's body.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same layer, answering in the inner service's own body type: the layered service's
    /// response is `http::Response<ResBody>`, the inner service's body passed on untouched and
    /// the layer's answer built with `ResBody::from(Bytes)`. Needs an inner body that converts
    /// from `Bytes` (axum's `Body`, `http_body_util::Full<Bytes>`); hyper's `Incoming` does not,
    /// so a proxy keeps [`Self::new`]'s wrapped body.
    ///
    /// With axum's `Router::layer` this saves an allocation per request: axum keeps a response
    /// body that already is its `Body`, and boxes any other (BENCHMARKS.md, "Gateway in
    /// process").
    ///
    /// ```
    /// use axum::routing::post;
    /// use axum::Router;
    /// use registry_names::gateway::ValidateRequestsLayer;
    ///
    /// let app: Router = Router::new()
    ///     .route("/v2/manage/namespaces/{namespace}/repos", post(|| async { "created" }))
    ///     .layer(ValidateRequestsLayer::new().inner_body());
    /// # let _ = app;
    /// ```
    pub fn inner_body(self) -> ValidateRequestsLayer<InnerBody> {
        ValidateRequestsLayer {
            config: self.config,
            mode: PhantomData,
        }
    }
}

impl<M> ValidateRequestsLayer<M> {
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

    /// Validates with `validator`'s settings (its body limit is the layer's, as
    /// [`Self::body_limit`] sets it).
    pub fn validator(mut self, validator: Validator) -> Self {
        self.config().validator = validator;
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

impl<S, M> Layer<S> for ValidateRequestsLayer<M> {
    type Service = ValidateRequests<S, M>;

    fn layer(&self, inner: S) -> Self::Service {
        ValidateRequests::new(inner, self.config.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn debug_shows_the_settings_but_not_the_hook() {
        let layer = ValidateRequestsLayer::new()
            .body_limit(1024)
            .strict()
            .vendors([Vendor::Quay])
            .quay_type_base("https://quay.example")
            .on_rejection(|_, _| {});
        assert_eq!(
            format!("{layer:?}"),
            "ValidateRequestsLayer { body_limit: 1024, mode: Strict, operations: [QuayRestoreTag, QuayChangeTag, QuayDeleteTag, \
             QuayListTags], \
             quay_type_base: \"https://quay.example\", on_rejection: true }"
        );
        let layer = layer.validator(Validator::new().with_body_limit(7));
        assert!(format!("{layer:?}").contains("body_limit: 7,"), "{layer:?}");
    }
}
