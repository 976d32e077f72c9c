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
    pub fn from_http<B: AsRef<[u8]>>(request: &'a ::http::Request<B>) -> Self {
        let uri = request.uri();
        let target = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
        let mut plain =
            Request::new(request.method().as_str(), target).body(request.body().as_ref());
        for name in [::http::header::CONTENT_TYPE, ::http::header::CONTENT_LENGTH] {
            for value in request.headers().get_all(&name) {
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
}
