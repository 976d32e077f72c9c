//! `http::Request<B>` adapters (feature `http`).

use super::{Operation, Rejection, Request, Route, Valid, Validator};

impl<'a> Request<'a> {
    /// The plain view of an `http::Request` whose body is in memory: method, path and query,
    /// `Content-Type`, `Content-Length` and the body bytes. Never allocates.
    ///
    /// ```
    /// use registry_names::request::{self, Request};
    /// let req = http::Request::post("/v2/repositories/2147483648/tags")
    ///     .header("content-type", "application/json")
    ///     .body(r#"{"tag_name": "v1", "ref": "main"}"#)
    ///     .unwrap();
    /// let rejection = request::validate(&Request::from_http(&req)).unwrap().unwrap_err();
    /// assert_eq!(rejection.errors()[0].rule().id(), "out-of-range");
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    #[inline]
    pub fn from_http<B: AsRef<[u8]>>(request: &'a ::http::Request<B>) -> Self {
        Self::from_head(
            request.method(),
            request.uri(),
            request.headers(),
            request.body().as_ref(),
        )
    }

    /// The plain view of a request head and a body read separately, e.g. by a gateway that
    /// took an `http::Request` apart to read its body: the same view as [`Self::from_http`].
    /// Never allocates.
    ///
    /// ```
    /// use registry_names::request::{self, Request};
    /// let (parts, ()) = http::Request::delete("/api/v1/repository/org/app/tag/-rc")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let rejection = request::validate(&Request::from_parts(&parts, b"")).unwrap().unwrap_err();
    /// assert_eq!(rejection.errors()[0].parameter(), "tag");
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    #[inline]
    pub fn from_parts(parts: &'a ::http::request::Parts, body: &'a [u8]) -> Self {
        Self::from_head(&parts.method, &parts.uri, &parts.headers, body)
    }

    /// [`Self::from_parts`] of a request not taken apart, with its body read separately.
    #[inline]
    pub(crate) fn from_head_of<B>(request: &'a ::http::Request<B>, body: &'a [u8]) -> Self {
        Self::from_head(request.method(), request.uri(), request.headers(), body)
    }

    #[inline]
    fn from_head(
        method: &'a ::http::Method,
        uri: &'a ::http::Uri,
        headers: &'a ::http::HeaderMap,
        body: &'a [u8],
    ) -> Self {
        let target = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
        let mut plain = Request::new(method.as_str(), target).body(body);
        // One pass over the few headers a request has, comparing standard names (an enum
        // compare each), costs less than hashing the two names for two lookups.
        for (name, value) in headers {
            if name == ::http::header::CONTENT_TYPE {
                plain.content_type.add(value.as_bytes());
            } else if name == ::http::header::CONTENT_LENGTH {
                plain.content_length.add(value.as_bytes());
            }
        }
        plain
    }
}

impl Validator {
    /// Routes and validates an `http::Request` whose body is in memory.
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    pub fn validate_http<'a, B: AsRef<[u8]>>(
        &self,
        request: &'a ::http::Request<B>,
    ) -> Option<Result<Valid<'a>, Rejection>> {
        self.validate(&Request::from_http(request))
    }
}

impl<'a> Route<'a> {
    /// A route rebuilt over `target` from its operation and its parts' byte ranges there (as
    /// [`Route::params`] and [`Route::query`] gave them over the same text before it moved), so
    /// that a gateway that moves the request head (a `Route` borrows the target) need not route
    /// it twice. A range that does not fit `target` is routed again rather than trusted.
    #[inline]
    pub(crate) fn rebuilt(
        operation: Operation,
        params: [(usize, usize); 2],
        query: Option<usize>,
        target: &'a str,
    ) -> Option<Self> {
        let part = |(start, end): (usize, usize)| {
            if start == end {
                Some("")
            } else {
                target.get(start..end)
            }
        };
        let rebuilt = match (part(params[0]), part(params[1])) {
            (Some(first), Some(second)) => match query {
                None => Some(Route {
                    operation,
                    params: [first, second],
                    query: None,
                }),
                Some(start) => target.get(start..).map(|query| Route {
                    operation,
                    params: [first, second],
                    query: Some(query),
                }),
            },
            _ => None,
        };
        rebuilt.or_else(|| super::route(operation.method(), target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_http_keeps_method_target_headers_and_body() {
        let request = ::http::Request::put("/api/v1/repository/org/app/tag/v1?x=1")
            .header("Content-Type", "application/json")
            .header("X-Other", "ignored")
            .body(r#"{"expiration":null}"#)
            .unwrap();
        let plain = Request::from_http(&request);
        assert_eq!(plain.method(), "PUT");
        assert_eq!(plain.target(), "/api/v1/repository/org/app/tag/v1?x=1");
        assert!(matches!(
            Validator::new().validate_http(&request),
            Some(Ok(Valid::QuayChangeTag(_)))
        ));
        // The same request as text/plain: the header was read.
        let (mut parts, body) = request.into_parts();
        parts.headers.insert(
            ::http::header::CONTENT_TYPE,
            ::http::HeaderValue::from_static("text/plain"),
        );
        let request = ::http::Request::from_parts(parts, body);
        let rejection = Validator::new()
            .validate_http(&request)
            .unwrap()
            .unwrap_err();
        assert_eq!(rejection.errors()[0].rule().id(), "unsupported-media-type");
        // And the body was read: a bad expiration is named.
        let request = ::http::Request::put("/api/v1/repository/org/app/tag/v1")
            .header("Content-Type", "application/json")
            .body(r#"{"expiration":"soon"}"#)
            .unwrap();
        let rejection = Validator::new()
            .validate_http(&request)
            .unwrap()
            .unwrap_err();
        assert_eq!(rejection.errors()[0].parameter(), "expiration");
        assert!(Validator::new()
            .validate_http(&::http::Request::get("/v2/_catalog").body("").unwrap())
            .is_none());
    }

    #[test]
    fn from_parts_is_the_view_from_http_gives() {
        let request = ::http::Request::post("/v2/repositories/7/tags?x=1")
            .header("content-type", "application/json")
            .header("content-type", "text/plain")
            .header("content-length", "2")
            .body(&b"{}"[..])
            .unwrap();
        let whole = Request::from_http(&request);
        let (parts, body) = request.clone().into_parts();
        assert_eq!(Request::from_parts(&parts, body), whole);
        assert_eq!(whole.target(), "/v2/repositories/7/tags?x=1");
    }
}
