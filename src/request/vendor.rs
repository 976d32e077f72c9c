//! A rejection as the vendor itself shapes errors (docs/requests.md R8). The shapes and codes are the
//! vendors'; the messages are ours. Which SWR endpoint returns which code is inferred from the
//! published code table.

use super::rejection::{InvalidParameter, Location, Reason, Rejection};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

crate::id::id_enum! {
    /// Whose API an operation belongs to: `swr`, `codearts` or `quay`, its id
    /// ([`Vendor::id`]), as it serializes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Vendor {
        /// Huawei Cloud SWR.
        Swr = "swr",
        /// Huawei CodeArts Repo.
        #[serde(rename = "codearts")]
        CodeArts = "codearts",
        /// Red Hat Quay.
        Quay = "quay",
    }
}

/// Settings for [`Rejection::to_vendor_response_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VendorOptions<'a> {
    /// Prefix of Quay's `type` URL (the server's base URL; default empty, so the type is
    /// `/api/v1/error/invalid_request`).
    pub quay_type_base: &'a str,
}

/// An HTTP response: status, content type (always `application/json`) and body bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorResponse {
    /// The status code: 400, or 413 when the first error is `body-too-large` (SWR, Quay).
    pub status: u16,
    /// `application/json`.
    pub content_type: &'static str,
    /// The JSON body.
    pub body: Vec<u8>,
}

impl VendorResponse {
    /// The response as an `http::Response`.
    #[cfg(feature = "http")]
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    pub fn into_http(self) -> ::http::Response<Vec<u8>> {
        let mut response = ::http::Response::new(self.body);
        *response.status_mut() =
            ::http::StatusCode::from_u16(self.status).unwrap_or(::http::StatusCode::BAD_REQUEST);
        response.headers_mut().insert(
            ::http::header::CONTENT_TYPE,
            ::http::HeaderValue::from_static(self.content_type),
        );
        response
    }
}

/// SWR's error code for one invalid parameter (inferred from the published table). The table's
/// digest code (`SVCSTG.SWR.4000013`, R8) has no arm: none of SWR's three operations has a
/// digest parameter.
pub(crate) fn swr_code(error: &InvalidParameter) -> &'static str {
    match (error.rule(), error.location(), error.parameter()) {
        (Reason::BodyTooLarge, ..) => "SVCSTG.SWR.4131001",
        (Reason::MissingField, ..) => "SVCSTG.SWR.4001014",
        (Reason::InvalidJson | Reason::WrongType, Location::Body, "body") => "SVCSTG.SWR.4001018",
        (Reason::UnsupportedMediaType, ..) => "SVCSTG.SWR.4001018",
        (_, _, "namespace") => "SVCSTG.SWR.4001028",
        (_, _, "repository") => "SVCSTG.SWR.4001029",
        (_, Location::Body, "source_tag" | "destination_tag") => "SVCSTG.SWR.4009021",
        (_, Location::Query, "limit") => "SVCSTG.SWR.4000056",
        (_, _, "is_public") => "SVCSTG.SWR.4001009",
        (_, Location::Query, _) => "SVCSTG.SWR.4001025",
        _ => "SVCSTG.SWR.4000014",
    }
}

fn status_of(error: &InvalidParameter) -> u16 {
    if error.rule() == Reason::BodyTooLarge {
        413
    } else {
        400
    }
}

#[derive(serde::Serialize)]
struct SwrError<'a> {
    #[serde(rename = "errorCode")]
    error_code: &'static str,
    #[serde(rename = "errorMessage")]
    error_message: &'a str,
    detail: String,
}

#[derive(serde::Serialize)]
struct CodeArtsError<'a> {
    error: CodeArtsDetail<'a>,
    status: &'static str,
}

#[derive(serde::Serialize)]
struct CodeArtsDetail<'a> {
    code: &'static str,
    message: &'a str,
}

#[derive(serde::Serialize)]
struct QuayError<'a> {
    status: u16,
    error_message: &'a str,
    title: &'static str,
    error_type: &'static str,
    detail: &'a str,
    #[serde(rename = "type")]
    type_url: String,
}

impl Rejection {
    /// The response the operation's vendor would give (R8), with Quay's `type` relative.
    ///
    /// ```
    /// use registry_names::request::{self, Request};
    /// let req = Request::new("DELETE", "/api/v1/repository/org/app/tag/-rc");
    /// let rejection = request::validate(&req).unwrap().unwrap_err();
    /// let response = rejection.to_vendor_response();
    /// assert_eq!(response.status, 400);
    /// let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    /// assert_eq!(body["error_type"], "invalid_request");
    /// assert_eq!(body["type"], "/api/v1/error/invalid_request");
    /// ```
    pub fn to_vendor_response(&self) -> VendorResponse {
        self.to_vendor_response_with(&VendorOptions::default())
    }

    /// [`Self::to_vendor_response`] with settings (Quay's `type` base URL).
    pub fn to_vendor_response_with(&self, options: &VendorOptions<'_>) -> VendorResponse {
        let errors = self.errors();
        let status = errors.first().map_or(400, status_of);
        let body = match self.operation().vendor() {
            Vendor::Swr => {
                let list: Vec<SwrError<'_>> = errors
                    .iter()
                    .map(|e| SwrError {
                        error_code: swr_code(e),
                        error_message: e.message(),
                        detail: alloc::format!(
                            "{} parameter {}: {} (byte {})",
                            e.location(),
                            e.parameter(),
                            e.rule(),
                            e.offset()
                        ),
                    })
                    .collect();
                to_json(&list)
            }
            Vendor::CodeArts => {
                let message = joined(errors);
                return VendorResponse {
                    status: 400,
                    content_type: "application/json",
                    body: to_json(&CodeArtsError {
                        error: CodeArtsDetail {
                            code: "CH.010001",
                            message: &message,
                        },
                        status: "failed",
                    }),
                };
            }
            Vendor::Quay => {
                let message = joined(errors);
                to_json(&QuayError {
                    status,
                    error_message: &message,
                    title: "invalid_request",
                    error_type: "invalid_request",
                    detail: &message,
                    type_url: alloc::format!(
                        "{}/api/v1/error/invalid_request",
                        options.quay_type_base
                    ),
                })
            }
        };
        VendorResponse {
            status,
            content_type: "application/json",
            body,
        }
    }
}

/// Every message, each after its parameter's name, joined with `; `.
fn joined(errors: &[InvalidParameter]) -> String {
    let mut out = String::new();
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        let _ = write!(out, "{}: {}", e.parameter(), e.message());
    }
    out
}

fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain structs of strings and numbers into memory cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}
