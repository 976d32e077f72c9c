//! axum extractors (feature `axum`): [`ValidRequest<T>`], one per operation.

use super::body::{read_body, ReadBody};
use super::service::validate_valid;
use super::{unreadable, vendor_response};
use crate::request::{
    CodeArtsAddTag, Operation, QuayChangeTag, QuayDeleteTag, QuayListTags, QuayRestoreTag,
    Rejection, SwrCreateImageTag, SwrCreateRepository, SwrListImageTags, Valid, Validator,
    VendorResponse,
};
use crate::request::{InvalidParameter, Location, Request as Plain};
use alloc::borrow::Cow;
use alloc::vec::Vec;
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use core::ops::Deref;
use http::request::Parts;

/// A typed success value (docs/requests.md R9) that [`ValidRequest`] can extract: the eight
/// operations' types with the `'static` lifetime (they own their strings once extracted).
/// Sealed.
pub trait Extract: Sized + Send + 'static + sealed::Sealed {
    /// The operation this value belongs to.
    const OPERATION: Operation;

    /// This operation's value, owning its strings.
    #[doc(hidden)]
    fn from_valid(valid: Valid<'_>) -> Option<Self>;
}

mod sealed {
    pub trait Sealed {}
}

fn own(value: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(value.into_owned())
}

fn own_opt(value: Option<Cow<'_, str>>) -> Option<Cow<'static, str>> {
    value.map(own)
}

macro_rules! extract {
    ($($ty:ident, $variant:ident, |$v:ident| $build:expr;)*) => {$(
        impl sealed::Sealed for $ty<'static> {}
        impl Extract for $ty<'static> {
            const OPERATION: Operation = Operation::$variant;
            fn from_valid(valid: Valid<'_>) -> Option<Self> {
                match valid {
                    Valid::$variant($v) => Some($build),
                    _ => None,
                }
            }
        }
    )*};
}

extract! {
    SwrCreateImageTag, SwrCreateImageTag, |v| SwrCreateImageTag {
        namespace: own(v.namespace),
        repository: own(v.repository),
        source_tag: own(v.source_tag),
        destination_tag: own(v.destination_tag),
        override_existing: v.override_existing,
    };
    SwrListImageTags, SwrListImageTags, |v| SwrListImageTags {
        namespace: own(v.namespace),
        repository: own(v.repository),
        limit: v.limit,
        marker: own_opt(v.marker),
        tag: own_opt(v.tag),
        with_manifest: v.with_manifest,
    };
    SwrCreateRepository, SwrCreateRepository, |v| SwrCreateRepository {
        namespace: own(v.namespace),
        repository: own(v.repository),
        is_public: v.is_public,
        category: v.category,
        description: own_opt(v.description),
    };
    CodeArtsAddTag, CodeArtsAddTag, |v| CodeArtsAddTag {
        repository_id: v.repository_id,
        tag_name: own(v.tag_name),
        branch: own(v.branch),
        message: own_opt(v.message),
    };
    QuayRestoreTag, QuayRestoreTag, |v| QuayRestoreTag {
        repository: own(v.repository),
        tag: own(v.tag),
        manifest_digest: own(v.manifest_digest),
    };
    QuayChangeTag, QuayChangeTag, |v| QuayChangeTag {
        repository: own(v.repository),
        tag: own(v.tag),
        manifest_digest: own_opt(v.manifest_digest),
        expiration: v.expiration,
    };
    QuayDeleteTag, QuayDeleteTag, |v| QuayDeleteTag {
        repository: own(v.repository),
        tag: own(v.tag),
    };
    QuayListTags, QuayListTags, |v| QuayListTags {
        repository: own(v.repository),
        only_active_tags: v.only_active_tags,
        page: v.page,
        limit: v.limit,
        filter_tag_name: own_opt(v.filter_tag_name),
        specific_tag: own_opt(v.specific_tag),
    };
}

/// An axum extractor for one operation: routes and validates the whole request (method, target,
/// `Content-Type`, body up to 64 KiB) and gives the operation's typed value, e.g.
/// `ValidRequest<SwrCreateImageTag<'static>>`. It reads the body, so it is a handler's last
/// argument.
///
/// Its rejection, [`ValidRequestRejection`], answers as the vendor would (docs/requests.md R8),
/// but only for the requests that reach the handler. Mount it with
/// [`OperationRoutes`](super::OperationRoutes), which hands every request of the operation to
/// it, however malformed its names: with axum's own captures
/// (`/v2/manage/namespaces/{namespace}/repos/{repository}/tags`) a raw `/` in the repository,
/// SWR's commonest mistake, or an empty namespace never matches, and axum answers a bare 404.
/// Quay's `{repository}` may hold `/` and cannot be a capture before `/tag/`; a wildcard
/// (`/api/v1/repository/{*rest}`) also lets every request reach the handler.
///
/// It validates with the [`Validator`] in the request's extensions when there is one (e.g.
/// `router.layer(axum::Extension(Validator::strict()))` for docs/requests.md R10's strict
/// mode or another body limit), otherwise with `Validator::new()`: compatible mode, 64 KiB.
///
/// ```
/// use axum::Router;
/// use registry_names::gateway::{OperationRoutes, ValidRequest};
/// use registry_names::request::{Operation, SwrCreateImageTag};
///
/// async fn create_tag(tag: ValidRequest<SwrCreateImageTag<'static>>) -> String {
///     format!("{} -> {}", tag.source_tag(), tag.destination_tag())
/// }
///
/// let app: Router = OperationRoutes::new()
///     .on(Operation::SwrCreateImageTag, create_tag)
///     .into_router();
/// # let _ = app;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRequest<T>(pub T);

impl<T> ValidRequest<T> {
    /// The typed value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for ValidRequest<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// Why [`ValidRequest`] refused a request. As a response: the vendor's error response for an
/// invalid request; 404 with no body for a request of another operation (the handler is
/// mounted on a route the operation does not have); 400 with no body when the body could not be
/// read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRequestRejection {
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Invalid(Rejection, VendorResponse),
    OtherOperation,
    Unreadable,
}

impl ValidRequestRejection {
    fn invalid(rejection: Rejection) -> Self {
        let response = rejection.to_vendor_response();
        ValidRequestRejection {
            kind: Kind::Invalid(rejection, response),
        }
    }

    /// The invalid parameters, when the request was of this operation but invalid.
    pub fn rejection(&self) -> Option<&Rejection> {
        match &self.kind {
            Kind::Invalid(rejection, _) => Some(rejection),
            _ => None,
        }
    }
}

impl IntoResponse for ValidRequestRejection {
    fn into_response(self) -> Response {
        match self.kind {
            Kind::Invalid(_, response) => vendor_response(response).map(Body::from).into_response(),
            Kind::OtherOperation => http::StatusCode::NOT_FOUND.into_response(),
            Kind::Unreadable => unreadable().map(Body::from).into_response(),
        }
    }
}

impl<S, T> FromRequest<S> for ValidRequest<T>
where
    S: Send + Sync,
    T: Extract,
{
    type Rejection = ValidRequestRejection;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let validator = validator(&parts);
        let other = ValidRequestRejection {
            kind: Kind::OtherOperation,
        };
        let (bytes, over_limit) = if T::OPERATION.has_body() {
            match read_body(&parts, body, validator.body_limit()).await {
                ReadBody::Read(bytes) => (bytes, false),
                ReadBody::OverLimit => (bytes::Bytes::new(), true),
                ReadBody::Failed => {
                    return Err(ValidRequestRejection {
                        kind: Kind::Unreadable,
                    })
                }
            }
        } else {
            (bytes::Bytes::new(), false)
        };
        match validate_valid(&validator, &parts, &bytes, over_limit) {
            // A valid request of another operation gives no `T`: `from_valid` says so.
            Some(Ok(valid)) => T::from_valid(valid).map(ValidRequest).ok_or(other),
            Some(Err(rejection)) if rejection.operation() == T::OPERATION => {
                Err(ValidRequestRejection::invalid(rejection))
            }
            _ => Err(other),
        }
    }
}

/// Wraps an axum extractor of the request head, such as `Path` or `Query` of the crate's owned
/// names, so that a bad name answers as the operation's vendor does (docs/requests.md R8)
/// instead of axum's `text/plain` 400: `Vendored(Path((namespace, repository))):
/// Vendored<Path<(swr::NamespaceBuf, swr::RepositoryPathBuf)>>`.
///
/// When the wrapped extractor fails, the request's method, path and query are validated
/// ([`request::route`](crate::request::route) and the operation's rules, without the body):
/// if they route to an operation and some path or query parameter breaks its rules, the
/// rejection is that operation's vendor response listing those parameters, as
/// [`ValidRequest`] or the layer would answer. Otherwise (the request routes to no operation,
/// or the crate finds its path and query valid and the handler's own type is stricter), the
/// wrapped extractor's own rejection answers. Only extractors of the head are wrapped (`Path`,
/// `Query`, headers): a body is validated, with the rest of the request, by [`ValidRequest`].
///
/// ```
/// use axum::{extract::Path, routing::get, Router};
/// use registry_names::gateway::Vendored;
/// use registry_names::swr::{NamespaceBuf, RepositoryBuf, RepositoryPathBuf};
///
/// async fn list_tags(
///     Vendored(Path((namespace, repository))): Vendored<Path<(NamespaceBuf, RepositoryPathBuf)>>,
/// ) -> String {
///     format!("{namespace}/{}", RepositoryBuf::from(repository))
/// }
///
/// let app: Router = Router::new().route(
///     "/v3/manage/namespaces/{namespace}/repos/{repository}/tags",
///     get(list_tags),
/// );
/// # let _ = app;
/// ```
///
/// Quay's list-tags path, `/api/v1/repository/{repository}/tag/`, cannot be matched by an axum
/// `Path` capture: its repository may hold `/`, a capture matches one segment, and a wildcard
/// (`{*repository}`) must end the path. Use [`ValidRequest<QuayListTags>`](ValidRequest) on
/// `/api/v1/repository/{*rest}`, or [`OperationRoutes`](super::OperationRoutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Vendored<E>(pub E);

/// Why [`Vendored`] refused a request: the vendor's response for the invalid path or query
/// parameters, or the wrapped extractor's own rejection.
#[derive(Debug)]
pub struct VendoredRejection<R> {
    rejection: Option<Rejection>,
    original: R,
}

impl<R> VendoredRejection<R> {
    /// The invalid path and query parameters, when the request routes to an operation and has
    /// some.
    pub fn rejection(&self) -> Option<&Rejection> {
        self.rejection.as_ref()
    }

    /// The wrapped extractor's own rejection.
    pub fn original(&self) -> &R {
        &self.original
    }
}

impl<R: IntoResponse> IntoResponse for VendoredRejection<R> {
    fn into_response(self) -> Response {
        match self.rejection {
            Some(rejection) => vendor_response(rejection.to_vendor_response())
                .map(Body::from)
                .into_response(),
            None => self.original.into_response(),
        }
    }
}

impl<S, E> FromRequestParts<S> for Vendored<E>
where
    S: Send + Sync,
    E: FromRequestParts<S>,
{
    type Rejection = VendoredRejection<E::Rejection>;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match E::from_request_parts(parts, state).await {
            Ok(value) => Ok(Vendored(value)),
            Err(original) => Err(VendoredRejection {
                rejection: path_and_query_rejection(parts),
                original,
            }),
        }
    }
}

/// The settings the extractors validate with: the request's own [`Validator`] extension, if a
/// layer put one there, else the defaults.
fn validator(parts: &Parts) -> Validator {
    parts
        .extensions
        .get::<Validator>()
        .copied()
        .unwrap_or_default()
}

/// The rejection of the request's path and query parameters alone, if it routes to an
/// operation and has invalid ones.
fn path_and_query_rejection(parts: &Parts) -> Option<Rejection> {
    let Some(Err(rejection)) = validator(parts).validate(&Plain::from_parts(parts, b"")) else {
        return None;
    };
    let errors: Vec<InvalidParameter> = rejection
        .errors()
        .iter()
        .filter(|e| matches!(e.location(), Location::Path | Location::Query))
        .cloned()
        .collect();
    (!errors.is_empty()).then(|| Rejection::new(rejection.operation(), errors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    async fn extract<T: Extract>(
        method: &str,
        target: &str,
        body: &'static str,
    ) -> Result<T, ValidRequestRejection> {
        let request = http::Request::builder()
            .method(method)
            .uri(target)
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        ValidRequest::<T>::from_request(request, &())
            .await
            .map(ValidRequest::into_inner)
    }

    #[tokio::test]
    async fn optional_values_are_kept_when_given_and_none_when_not() {
        let target = "/v3/manage/namespaces/group/repos/nginx/tags";
        let given: SwrListImageTags = extract("GET", &format!("{target}?marker=m1&tag=v1"), "")
            .await
            .unwrap();
        assert_eq!((given.marker(), given.tag()), (Some("m1"), Some("v1")));
        let absent: SwrListImageTags = extract("GET", target, "").await.unwrap();
        assert_eq!((absent.marker(), absent.tag()), (None, None));
        let body = r#"{"tag_name":"v1","ref":"main","message":"release"}"#;
        let tag: CodeArtsAddTag = extract("POST", "/v2/repositories/42/tags", body)
            .await
            .unwrap();
        assert_eq!(tag.message(), Some("release"));
    }

    #[tokio::test]
    async fn a_validator_extension_sets_the_mode() {
        let target = "/api/v1/repository/org/app/tag/?onlyActiveTags=True&limit=250";
        let request = |validator: Option<Validator>| {
            let mut request = http::Request::get(target).body(Body::empty()).unwrap();
            if let Some(validator) = validator {
                request.extensions_mut().insert(validator);
            }
            request
        };
        let compatible = ValidRequest::<QuayListTags<'static>>::from_request(request(None), &())
            .await
            .unwrap();
        assert_eq!(
            (compatible.limit(), compatible.limit_given()),
            (100, Some(250))
        );
        let strict = ValidRequest::<QuayListTags<'static>>::from_request(
            request(Some(Validator::strict())),
            &(),
        )
        .await
        .unwrap_err();
        let parameters: Vec<&str> = strict
            .rejection()
            .expect("strict mode refuses it")
            .errors()
            .iter()
            .map(|e| e.parameter())
            .collect();
        assert_eq!(parameters, ["onlyActiveTags", "limit"]);
    }

    #[tokio::test]
    async fn only_an_invalid_request_of_this_operation_has_a_rejection() {
        let target = "/v2/manage/namespaces/group/repos/nginx/tags";
        let invalid = extract::<SwrCreateImageTag>("POST", target, r#"{"source_tag":"-v1"}"#)
            .await
            .unwrap_err();
        let rejection = invalid.rejection().expect("this operation's rejection");
        assert_eq!(rejection.operation(), Operation::SwrCreateImageTag);
        let parameters: Vec<&str> = rejection.errors().iter().map(|e| e.parameter()).collect();
        assert_eq!(parameters, ["source_tag", "destination_tag"]);
        assert_eq!(
            invalid.into_response().status(),
            http::StatusCode::BAD_REQUEST
        );

        // An invalid request of another operation is not this handler's: 404, no rejection.
        let other =
            extract::<SwrCreateImageTag>("DELETE", "/api/v1/repository/org/app/tag/-rc", "")
                .await
                .unwrap_err();
        assert_eq!(other.rejection(), None);
        assert_eq!(other.into_response().status(), http::StatusCode::NOT_FOUND);
        // So is a valid one.
        let other = extract::<SwrCreateImageTag>("DELETE", "/api/v1/repository/org/app/tag/rc", "")
            .await
            .unwrap_err();
        assert_eq!(other.rejection(), None);
    }
}
