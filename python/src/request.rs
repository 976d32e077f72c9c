//! Whole API requests of the eight documented operations (docs/requests.md R1–R10).

use crate::short;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyMapping, PyString};
use registry_names::request::{Mode, Request, Validator};

/// The validator `validate_request` uses: R10's compatible mode (Quay's parameters read as
/// Quay's server reads them) unless `strict`, which applies R3 and R6 to the letter.
fn validator(strict: bool, body_limit: usize) -> Validator {
    let mode = if strict {
        Mode::Strict
    } else {
        Mode::Compatible
    };
    Validator::new().with_body_limit(body_limit).with_mode(mode)
}

/// One invalid parameter of a rejected request (R7).
#[pyclass(frozen, eq, hash, module = "registry_names")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct InvalidParameter {
    /// ``"path"``, ``"query"``, ``"header"`` or ``"body"``.
    #[pyo3(get)]
    location: &'static str,
    /// The parameter's documented name (``"namespace"``, ``"limit"``, ``"Content-Type"``), or
    /// ``"body"`` for the body as a whole.
    #[pyo3(get)]
    parameter: &'static str,
    /// The rule broken: a name grammar's rule id or a request rule (``"duplicate-parameter"``).
    #[pyo3(get)]
    rule: &'static str,
    /// The byte offset inside the (decoded) value where it applies.
    #[pyo3(get)]
    offset: usize,
    /// The message, quoting at most 64 bytes of the value.
    #[pyo3(get)]
    message: String,
}

#[pymethods]
impl InvalidParameter {
    fn __repr__(&self) -> String {
        format!(
            "InvalidParameter(location={:?}, parameter={:?}, rule={:?}, offset={}, message={})",
            self.location,
            self.parameter,
            self.rule,
            self.offset,
            short(&self.message)
        )
    }
}

/// What ``validate_request`` found: the operation (``None`` when no documented operation
/// matches the method and target), whether the request is valid, every invalid parameter,
/// and the vendor's error response.
#[pyclass(frozen, module = "registry_names")]
pub(crate) struct RequestVerdict {
    operation: Option<&'static str>,
    errors: Vec<InvalidParameter>,
    /// Status, content type and body of the vendor's answer to a rejected request.
    response: Option<(u16, &'static str, Vec<u8>)>,
}

#[pymethods]
impl RequestVerdict {
    /// The operation's id (``"quay.delete-tag"``), or ``None`` when no template matches (R2).
    #[getter]
    fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    /// Whether an operation matched and every parameter is valid.
    #[getter]
    fn valid(&self) -> bool {
        self.operation.is_some() && self.errors.is_empty()
    }

    /// Every invalid parameter, in R7's order; empty for a valid or unrouted request.
    #[getter]
    fn errors(&self) -> Vec<InvalidParameter> {
        self.errors.clone()
    }

    /// ``(status, headers, body)`` of the error response the operation's vendor gives (R8).
    /// ``ValueError`` when there is none: the request is valid or matched no operation.
    fn vendor_response<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(u16, Bound<'py, PyDict>, Bound<'py, PyBytes>)> {
        let Some((status, content_type, body)) = &self.response else {
            return Err(PyValueError::new_err(if self.operation.is_none() {
                "no vendor response: no documented operation matches the request"
            } else {
                "no vendor response: the request is valid"
            }));
        };
        let headers = PyDict::new(py);
        headers.set_item("Content-Type", *content_type)?;
        Ok((*status, headers, PyBytes::new(py, body)))
    }

    fn __bool__(&self) -> bool {
        self.valid()
    }

    fn __repr__(&self) -> String {
        format!(
            "RequestVerdict(operation={:?}, valid={}, errors={})",
            self.operation,
            if self.valid() { "True" } else { "False" },
            self.errors.len()
        )
    }
}

/// A header value: `str` or `bytes`.
fn header_value(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(crate::str_bytes(text)?.into_owned());
    }
    Err(PyTypeError::new_err("a header value must be str or bytes"))
}

/// `headers` as pairs: a mapping, or an iterable of `(name, value)` pairs (for repeated
/// headers).
fn header_pairs(headers: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, Vec<u8>)>> {
    let Some(headers) = headers else {
        return Ok(Vec::new());
    };
    let items = match headers.cast::<PyMapping>() {
        Ok(mapping) => mapping.items()?.into_any(),
        Err(_) => headers.clone(),
    };
    let mut pairs = Vec::new();
    for item in items.try_iter().map_err(|_| {
        PyTypeError::new_err("headers must be a mapping or an iterable of (name, value) pairs")
    })? {
        let (name, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
            item?.extract().map_err(|_| {
                PyTypeError::new_err(
                    "headers must be a mapping or an iterable of (name, value) pairs",
                )
            })?;
        let name = name
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("a header name must be str"))?
            .to_cow()?
            .into_owned();
        pairs.push((name, header_value(&value)?));
    }
    Ok(pairs)
}

/// Validates a whole API request of the eight documented operations (docs/requests.md): routes
/// ``method`` and ``target`` (path and query) to an operation, then checks its path and query
/// parameters, ``Content-Type`` and JSON ``body``.
///
/// ``headers`` is a mapping or an iterable of ``(name, value)`` pairs, values ``str`` or
/// ``bytes``; only ``Content-Type`` and ``Content-Length`` are read. ``body_limit`` is R5's limit
/// in bytes. By default Quay's query parameters are read as Quay's server reads them (R10's
/// compatible mode: ``onlyActiveTags=True``, ``limit=250`` served as 100); ``strict=True`` applies
/// R3 and R6 to the letter.
///
/// >>> validate_request("DELETE", "/api/v1/repository/org/app/tag/-rc").errors[0].rule
/// 'invalid-start'
#[pyfunction]
#[pyo3(
    signature = (method, target, headers = None, body = None, *, strict = false, body_limit = registry_names::request::DEFAULT_BODY_LIMIT),
    text_signature = "(method, target, headers=None, body=b'', *, strict=False, body_limit=65536)"
)]
fn validate_request(
    method: &Bound<'_, PyString>,
    target: &Bound<'_, PyString>,
    headers: Option<&Bound<'_, PyAny>>,
    body: Option<&Bound<'_, PyBytes>>,
    strict: bool,
    body_limit: usize,
) -> PyResult<RequestVerdict> {
    let validator = validator(strict, body_limit);
    let method = method.to_cow()?;
    let target = target.to_cow()?;
    let headers = header_pairs(headers)?;
    let body = body.map_or(&[][..], |b| b.as_bytes());
    let mut request = Request::new(&method, &target).body(body);
    for (name, value) in &headers {
        request = request.header(name, value);
    }
    Ok(match validator.validate(&request) {
        None => RequestVerdict {
            operation: None,
            errors: Vec::new(),
            response: None,
        },
        Some(Ok(valid)) => RequestVerdict {
            operation: Some(valid.operation().id()),
            errors: Vec::new(),
            response: None,
        },
        Some(Err(rejection)) => {
            let response = rejection.to_vendor_response();
            RequestVerdict {
                operation: Some(rejection.operation().id()),
                errors: rejection
                    .errors()
                    .iter()
                    .map(|e| InvalidParameter {
                        location: e.location().id(),
                        parameter: e.parameter(),
                        rule: e.rule().id(),
                        offset: e.offset(),
                        message: e.message().to_owned(),
                    })
                    .collect(),
                response: Some((response.status, response.content_type, response.body)),
            }
        }
    })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<InvalidParameter>()?;
    m.add_class::<RequestVerdict>()?;
    m.add_function(wrap_pyfunction!(validate_request, m)?)?;
    Ok(())
}
