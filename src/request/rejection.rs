//! What a rejected request carries (docs/requests.md R7): every invalid parameter, in order.

use super::Operation;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

crate::id::id_enum! {
    /// Where in the request a parameter is (R7): `path`, `query`, `header` or `body`, its id
    /// ([`Location::id`]), as it serializes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Location {
        /// A `{parameter}` of the path template.
        Path = "path",
        /// A query-string parameter.
        Query = "query",
        /// A request header (only `Content-Type` is ever checked).
        Header = "header",
        /// The JSON body, or one of its fields.
        Body = "body",
    }
}

/// Which rule a parameter broke (R7): a name grammar's rule (docs/grammars.md §9) or one of the
/// request rules. Serialises as its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// A name grammar's rule, e.g. `slash-in-path-form`; also `empty`, `too-long` and
    /// `invalid-character` for the opaque query values (`marker`, SWR's `tag`).
    Grammar(crate::error::Rule),
    /// A required body field is absent or `null`.
    MissingField,
    /// A body field, or the whole body, has the wrong JSON type.
    WrongType,
    /// A body field is named twice.
    DuplicateField,
    /// A documented query parameter is given twice.
    DuplicateParameter,
    /// An integer parameter that is not 1 to 10 digits without sign or leading zero (in
    /// compatible mode, for Quay's `limit` and `page`: that Python's `int()` cannot read).
    NotAnInteger,
    /// A boolean query parameter that is not exactly `true` or `false`.
    NotABoolean,
    /// An integer outside the parameter's range.
    OutOfRange,
    /// A value outside the parameter's documented set (`category`).
    UnknownValue,
    /// A malformed `%` escape, or bytes that are not UTF-8 once decoded.
    InvalidPercentEncoding,
    /// The body is not JSON (RFC 8259) or not UTF-8.
    InvalidJson,
    /// The body is longer than the configured limit.
    BodyTooLarge,
    /// `Content-Type` is missing or is not `application/json` (UTF-8).
    UnsupportedMediaType,
}

impl Reason {
    /// The stable kebab-case id, e.g. `duplicate-parameter` or `slash-in-path-form`.
    pub const fn id(self) -> &'static str {
        match self {
            Reason::Grammar(rule) => rule.id(),
            Reason::MissingField => "missing-field",
            Reason::WrongType => "wrong-type",
            Reason::DuplicateField => "duplicate-field",
            Reason::DuplicateParameter => "duplicate-parameter",
            Reason::NotAnInteger => "not-an-integer",
            Reason::NotABoolean => "not-a-boolean",
            Reason::OutOfRange => "out-of-range",
            Reason::UnknownValue => "unknown-value",
            Reason::InvalidPercentEncoding => "invalid-percent-encoding",
            Reason::InvalidJson => "invalid-json",
            Reason::BodyTooLarge => "body-too-large",
            Reason::UnsupportedMediaType => "unsupported-media-type",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// One invalid parameter: where it is, what it is called, the rule it broke, the byte offset
/// inside its value, and a message for people that quotes at most 64 bytes of the value.
///
/// The offset is inside the value as the grammar saw it: after percent-decoding for path and
/// query values, after JSON unescaping for body strings; inside the raw text for
/// `invalid-percent-encoding`, and inside the whole body for `invalid-json` and
/// `body-too-large`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct InvalidParameter {
    location: Location,
    parameter: &'static str,
    rule: Reason,
    offset: usize,
    message: String,
}

impl InvalidParameter {
    pub(crate) fn new(
        location: Location,
        parameter: &'static str,
        rule: Reason,
        offset: usize,
        message: String,
    ) -> Self {
        InvalidParameter {
            location,
            parameter,
            rule,
            offset,
            message,
        }
    }

    /// Path, query, header or body.
    pub fn location(&self) -> Location {
        self.location
    }

    /// The parameter's documented name (`namespace`, `limit`, `Content-Type`, `source_tag`), or
    /// `body` for the body as a whole.
    pub fn parameter(&self) -> &'static str {
        self.parameter
    }

    /// The rule broken.
    pub fn rule(&self) -> Reason {
        self.rule
    }

    /// The byte offset inside the value where it applies.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The message: our words, at most 64 bytes of the value quoted.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InvalidParameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}: {}",
            self.location, self.parameter, self.rule, self.message
        )
    }
}

/// A request of a routed operation with at least one invalid parameter: every one of them, in
/// R7's order (path, query, headers, body; within each, the order of the R6 rows).
///
/// Serialises as `{"operation": ID, "valid": false, "errors": [{"location", "parameter",
/// "rule", "offset", "message"}, …]}`, the CLI's `--format json` object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rejection {
    operation: Operation,
    errors: Vec<InvalidParameter>,
}

impl Rejection {
    pub(crate) fn new(operation: Operation, errors: Vec<InvalidParameter>) -> Self {
        Rejection { operation, errors }
    }

    /// The operation the request was routed to.
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// Every invalid parameter, in R7's order; never empty.
    pub fn errors(&self) -> &[InvalidParameter] {
        &self.errors
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} request", self.operation)?;
        for (i, error) in self.errors.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl core::error::Error for Rejection {}

impl serde::Serialize for Rejection {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Rejection", 3)?;
        s.serialize_field("operation", &self.operation)?;
        s.serialize_field("valid", &false)?;
        s.serialize_field("errors", &self.errors)?;
        s.end()
    }
}
