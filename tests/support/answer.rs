//! A response read whole, as the loopback gateway tests look at it. Include it with
//! `#[path = "support/answer.rs"] mod answer;`.
#![allow(dead_code)] // each test file uses the part it needs

use bytes::Bytes;
use http::{Response, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;

/// A digest every test request may use: sha256 and 64 hex digits.
pub const DIGEST: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

pub struct Answer {
    pub status: StatusCode,
    pub content_type: Option<String>,
    pub body: Bytes,
}

impl Answer {
    /// Reads `response` to its end.
    pub async fn read<B>(response: Response<B>) -> Answer
    where
        B: http_body::Body,
        B::Error: std::fmt::Debug,
    {
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            content_type,
            body,
        }
    }

    /// The body as JSON, which the response must say it is.
    pub fn json(&self) -> Value {
        assert_eq!(
            self.content_type.as_deref(),
            Some("application/json"),
            "{:?}",
            self.body
        );
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    /// The body as text.
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}
