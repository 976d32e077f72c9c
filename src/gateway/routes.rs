//! [`OperationRoutes`]: the eight operations' routes for an axum `Router` (feature `axum`),
//! matched by the crate's own router (R2) so that every malformed request of an operation
//! reaches its handler.

use crate::request::{route, Operation};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use axum::extract::Request;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, MethodRouter};
use axum::Router;
use core::fmt;
use core::future::Future;
use core::pin::Pin;

/// The eight operations' routes for an axum [`Router`](https://docs.rs/axum/0.8/axum/struct.Router.html), one handler per operation, routed as
/// `request::route` routes (docs/requests.md R2) rather than by axum's path captures.
///
/// axum cannot route these paths itself without losing requests its handlers should answer:
/// a capture (`{repository}`) matches one non-empty segment, so SWR's commonest mistake, a raw
/// `/` in `{repository}` (`repos/library/nginx/tags`), and an empty namespace
/// (`namespaces//repos`) never reach the handler and get axum's bare 404; and Quay's
/// `{repository}/tag/` cannot be a capture at all (a repository may hold `/`, and a wildcard
/// must end the path). [`OperationRoutes`] mounts one wildcard per path prefix
/// (`/v2/manage/namespaces/{*rest}`, `/v3/manage/namespaces/{*rest}`,
/// `/v2/repositories/{*rest}`, `/api/v1/repository/{*rest}`) for the operations it was given,
/// and hands each request to the handler of the operation it routes to, whatever its
/// parameters hold; the handler's [`ValidRequest`](super::ValidRequest) then answers a bad one
/// as the vendor does. A request under those prefixes that routes to no operation with a
/// handler (another method or path, or an operation left out) is answered 404 with no body.
///
/// Mount it at the root (`Router::merge`), not under `Router::nest`: a nested router sees the
/// path without its prefix, and neither the routes nor the extractor would know it. Other routes
/// of the application under the same four prefixes conflict with these (axum panics when
/// merging them).
///
/// ```
/// use axum::Router;
/// use registry_names::gateway::{OperationRoutes, ValidRequest};
/// use registry_names::request::{Operation, QuayListTags, SwrCreateImageTag};
///
/// async fn create_tag(tag: ValidRequest<SwrCreateImageTag<'static>>) -> String {
///     format!("{}/{}:{}", tag.namespace(), tag.repository(), tag.destination_tag())
/// }
///
/// async fn list_tags(list: ValidRequest<QuayListTags<'static>>) -> String {
///     list.repository().to_string()
/// }
///
/// let app: Router = OperationRoutes::new()
///     .on(Operation::SwrCreateImageTag, create_tag)
///     .on(Operation::QuayListTags, list_tags)
///     .into_router();
/// # let _ = app;
/// ```
pub struct OperationRoutes<S = ()> {
    handlers: [Option<MethodRouter<S>>; 8],
}

impl<S> fmt::Debug for OperationRoutes<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mounted: alloc::vec::Vec<Operation> = Operation::ALL
            .into_iter()
            .filter(|op| self.handlers[*op as usize].is_some())
            .collect();
        f.debug_struct("OperationRoutes")
            .field("operations", &mounted)
            .finish()
    }
}

impl<S: Clone + Send + Sync + 'static> Default for OperationRoutes<S> {
    fn default() -> Self {
        OperationRoutes {
            handlers: Default::default(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> OperationRoutes<S> {
    /// No operation mounted.
    pub fn new() -> Self {
        Self::default()
    }

    /// Hands the requests that route to `operation` to `handler` (any axum handler; usually one
    /// whose last argument is `ValidRequest<T>` for this operation's `T`). A second call for
    /// the same operation replaces the first.
    pub fn on<H, T>(mut self, operation: Operation, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.handlers[operation as usize] = Some(any(handler));
        self
    }

    /// The routes as a `Router`, to merge into the application's.
    pub fn into_router(self) -> Router<S> {
        let handlers = Arc::new(self.handlers);
        let mut prefixes: alloc::vec::Vec<&'static str> = alloc::vec::Vec::new();
        for op in Operation::ALL {
            if handlers[op as usize].is_some() {
                let template = op.template();
                // The template's fixed start: every request of the operation begins with it.
                let prefix = &template[..template.find('{').unwrap_or(template.len())];
                if !prefixes.contains(&prefix) {
                    prefixes.push(prefix);
                }
            }
        }
        prefixes.into_iter().fold(Router::new(), |router, prefix| {
            let mut path = String::from(prefix);
            path.push_str("{*rest}");
            router.route(
                &path,
                any(Dispatch {
                    handlers: handlers.clone(),
                }),
            )
        })
    }
}

impl<S: Clone + Send + Sync + 'static> From<OperationRoutes<S>> for Router<S> {
    fn from(routes: OperationRoutes<S>) -> Self {
        routes.into_router()
    }
}

/// The handler behind each wildcard: routes the request and calls its operation's handler.
struct Dispatch<S> {
    handlers: Arc<[Option<MethodRouter<S>>; 8]>,
}

impl<S> Clone for Dispatch<S> {
    fn clone(&self) -> Self {
        Dispatch {
            handlers: self.handlers.clone(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Handler<(), S> for Dispatch<S> {
    type Future = Pin<Box<dyn Future<Output = Response> + Send>>;

    fn call(self, request: Request, state: S) -> Self::Future {
        let uri = request.uri();
        let target = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
        let handler = route(request.method().as_str(), target)
            .and_then(|r| self.handlers[r.operation() as usize].clone());
        match handler {
            Some(handler) => Box::pin(Handler::call(handler, request, state)),
            None => Box::pin(core::future::ready(
                http::StatusCode::NOT_FOUND.into_response(),
            )),
        }
    }
}
