//! `registry_names._registry_names`: the extension module of the `registry_names` Python package
//! (python/registry_names/), a thin layer over the `registry-names` crate.
//!
//! Every kind, rule id, offset and message comes from the crate: the kinds from its one table
//! (`Kind::ALL`, `Kind::from_id`), the errors from its error values and their renderer
//! (`Error::with_input`, which quotes at most `QUOTE_LIMIT` bytes). Nothing here lists kinds or
//! rules again. The only code that is not the crate's is the conversion of Python values.

#![deny(unsafe_code)]

mod arrow;
mod quay;
mod reference;
mod request;
mod utf8;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};
use registry_names::reference::{ImageReference, ReferenceError};
use registry_names::{Error, Kind};
use std::borrow::Cow;

/// The kind named `id` (an id of [`Kind::ALL`] or an alias the crate accepts), or `ValueError`
/// with the crate's own message, which lists the valid ids.
pub(crate) fn kind_of(id: &str) -> PyResult<Kind> {
    id.parse::<Kind>()
        .map_err(|unknown| PyValueError::new_err(format!("{unknown} (got {})", short(id))))
}

/// The kind argument: a `str` naming a kind (`kind_of`), else `TypeError`.
pub(crate) fn kind_arg(kind: &Bound<'_, PyAny>) -> PyResult<Kind> {
    let text = kind.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "kind must be a str, one of registry_names.KINDS, not {}",
            type_name(kind)
        ))
    })?;
    let bytes = str_bytes(text)?;
    kind_of(&String::from_utf8_lossy(&bytes))
}

/// The name of `value`'s type, for a `TypeError`.
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

/// At most 64 bytes of a text we did not accept, quoted by the crate's rule.
pub(crate) fn short(text: &str) -> String {
    registry_names::quote(text.as_bytes()).to_string()
}

/// The git kinds check any bytes (git refnames are bytes); every other kind is text.
fn takes_bytes(kind: Kind) -> bool {
    matches!(kind, Kind::GitTag | Kind::GitBranch | Kind::GitRefname)
}

/// The UTF-8 bytes of a `str`. A `str` with a lone surrogate has no UTF-8 form: it is checked
/// as its `surrogatepass` bytes, which no kind's grammar accepts as text, so the grammar rejects
/// it at the surrogate's byte offset instead of the call failing.
pub(crate) fn str_bytes<'a>(text: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, [u8]>> {
    if let Some(bytes) = utf8::utf8(text) {
        return Ok(Cow::Borrowed(bytes));
    }
    let encoded = text.call_method1("encode", ("utf-8", "surrogatepass"))?;
    Ok(Cow::Owned(
        encoded.cast_into::<PyBytes>()?.as_bytes().to_vec(),
    ))
}

/// The bytes of `value` for `kind`: a `str`, or `bytes` for the git kinds; `TypeError` for
/// anything else.
fn value_bytes<'a>(kind: Kind, value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(text) = value.cast::<PyString>() {
        return str_bytes(text);
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        if takes_bytes(kind) {
            return Ok(Cow::Borrowed(bytes.as_bytes()));
        }
        return Err(PyTypeError::new_err(format!(
            "a {kind} value must be str (bytes are accepted for git-tag, git-branch and git-refname only)"
        )));
    }
    Err(PyTypeError::new_err(format!(
        "a {kind} value must be str{}, not {}",
        if takes_bytes(kind) { " or bytes" } else { "" },
        type_name(value)
    )))
}

/// Checks `value` against `kind`, releasing the GIL for inputs long enough for it to matter.
fn run(py: Python<'_>, kind: Kind, input: &[u8]) -> Result<(), Error> {
    // A grammar reads at most the input once; below this size the GIL switch costs more.
    if input.len() > 1 << 16 {
        py.detach(|| kind.validate(input))
    } else {
        kind.validate(input)
    }
}

/// A rejection with its message: an image reference's says which part broke.
enum Rejected {
    Name(Error),
    Reference(ReferenceError),
}

/// `run`, with an image reference's rejection as the reference error (its part and its
/// message), which the kind's own error value does not carry.
fn run_full(py: Python<'_>, kind: Kind, input: &[u8]) -> Result<(), Rejected> {
    match run(py, kind, input) {
        Ok(()) => Ok(()),
        Err(_) if kind == Kind::ImageReference => match ImageReference::parse_bytes(input) {
            Err(error) => Err(Rejected::Reference(error)),
            Ok(_) => Ok(()),
        },
        Err(error) => Err(Rejected::Name(error)),
    }
}

impl Rejected {
    fn violation(&self, input: &[u8]) -> Violation {
        match self {
            Rejected::Name(error) => Violation::new(error, input),
            Rejected::Reference(error) => Violation {
                kind: error.kind().id().to_owned(),
                rule: error.rule().id().to_owned(),
                offset: error.offset(),
                message: error.with_input(input).to_string(),
            },
        }
    }

    fn into_err(self, py: Python<'_>, input: &[u8]) -> PyErr {
        match self {
            Rejected::Name(error) => invalid_name(py, &error, input),
            Rejected::Reference(error) => reference::invalid_reference(py, &error, input),
        }
    }
}

/// One rejected name: the kind, the rule broken (a stable id), the byte offset and the
/// crate's message, quoting at most 64 bytes of the input.
#[pyclass(frozen, eq, hash, module = "registry_names")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Violation {
    /// The kind's id, e.g. ``"swr-namespace"``.
    #[pyo3(get)]
    kind: String,
    /// The rule broken, a stable kebab-case id, e.g. ``"adjacent-separators"``.
    #[pyo3(get)]
    rule: String,
    /// Where the input stops being valid, in bytes of its UTF-8 form.
    #[pyo3(get)]
    offset: usize,
    /// ``invalid NOUN "INPUT": MESSAGE (byte N)``, at most 64 bytes of the input quoted.
    #[pyo3(get)]
    message: String,
}

impl Violation {
    fn new(error: &Error, input: &[u8]) -> Self {
        Violation {
            kind: error.kind().id().to_owned(),
            rule: error.rule().id().to_owned(),
            offset: error.offset(),
            message: error.with_input(input).to_string(),
        }
    }
}

#[pymethods]
impl Violation {
    fn __repr__(&self) -> String {
        format!(
            "Violation(kind={:?}, rule={:?}, offset={}, message={:?})",
            self.kind, self.rule, self.offset, self.message
        )
    }

    fn __str__(&self) -> &str {
        &self.message
    }
}

/// The Python exception class `name` of `registry_names._errors` (written in Python so that it
/// has an ordinary constructor and pickles).
pub(crate) fn error_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("registry_names._errors")?.getattr(name)
}

/// `InvalidName(message, kind, rule, offset)` for `error` on `input`.
pub(crate) fn invalid_name(py: Python<'_>, error: &Error, input: &[u8]) -> PyErr {
    let v = Violation::new(error, input);
    match error_class(py, "InvalidName")
        .and_then(|c| c.call1((v.message, v.kind, v.rule, v.offset)))
    {
        Ok(exception) => PyErr::from_value(exception),
        Err(e) => e,
    }
}

/// Whether ``value`` is a valid name of ``kind``.
///
/// ``kind`` is one of ``KINDS`` (the aliases ``swr-tag`` and ``quay-tag`` are ``tag``);
/// ``value`` is a ``str``, or ``bytes`` for ``git-tag``, ``git-branch`` and ``git-refname``.
/// Raises ``TypeError`` for any other value and ``ValueError`` for an unknown kind.
///
/// >>> is_valid("swr-namespace", "my-org")
/// True
/// >>> is_valid("tag", "-rc")
/// False
#[pyfunction]
fn is_valid(py: Python<'_>, kind: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<bool> {
    let kind = kind_arg(kind)?;
    let input = value_bytes(kind, value)?;
    Ok(run(py, kind, &input).is_ok())
}

/// Checks ``value`` against ``kind``: returns ``None`` or raises ``InvalidName``.
///
/// The exception has ``.kind`` (the grammar that refused the value: for an image reference,
/// the part's, and the exception is then an ``InvalidReference`` with ``.part``), ``.rule`` (a
/// stable id), ``.offset`` (bytes of the UTF-8 form) and a message that quotes at most 64 bytes
/// of ``value``. ``TypeError`` and
/// ``ValueError`` as for ``is_valid``.
///
/// >>> validate("swr-namespace", "my._org")
/// Traceback (most recent call last):
/// registry_names.InvalidName: invalid SWR namespace "my._org": '.' and '_' cannot be adjacent (byte 3)
#[pyfunction]
fn validate(py: Python<'_>, kind: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let kind = kind_arg(kind)?;
    let input = value_bytes(kind, value)?;
    run_full(py, kind, &input).map_err(|rejected| rejected.into_err(py, &input))
}

/// Checks ``value`` against ``kind``: ``None`` when it is valid, otherwise the ``Violation``
/// (``.kind``, ``.rule``, ``.offset``, ``.message``) that ``validate`` would raise.
///
/// >>> check("tag", "v1.0") is None
/// True
/// >>> check("tag", "v1.0!").rule
/// 'invalid-character'
#[pyfunction]
fn check(
    py: Python<'_>,
    kind: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
) -> PyResult<Option<Violation>> {
    let kind = kind_arg(kind)?;
    let input = value_bytes(kind, value)?;
    Ok(run_full(py, kind, &input)
        .err()
        .map(|rejected| rejected.violation(&input)))
}

#[pymodule]
fn _registry_names(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let ids = PyTuple::new(py, Kind::ALL.iter().map(|kind| kind.id()))?;
    m.add("KINDS", ids)?;
    m.add_class::<Violation>()?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    reference::register(m)?;
    request::register(m)?;
    arrow::register(m)?;
    quay::register(m)?;
    Ok(())
}
