//! `http::Request<B>` adapters (feature `http`).

use super::{Rejection, Request, Valid, Validator};

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

    #[inline]
    fn from_head(
        method: &'a ::http::Method,
        uri: &'a ::http::Uri,
        headers: &'a ::http::HeaderMap,
        body: &'a [u8],
    ) -> Self {
        let target = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
        let mut plain = Request::new(method.as_str(), target).body(body);
        for name in [::http::header::CONTENT_TYPE, ::http::header::CONTENT_LENGTH] {
            for value in headers.get_all(&name) {
                plain = plain.header(name.as_str(), value.as_bytes());
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
