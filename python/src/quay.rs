//! The two boolean drop-ins of `registry_names.quay`, native so that a call costs what
//! `is_valid` costs (a Python wrapper adds a frame: BENCHMARKS.md, Python). The other two,
//! which build tuples and messages, are Python (registry_names/quay.py).

use crate::{str_bytes, type_name};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use registry_names::Kind;

/// The `str` argument `what` of a drop-in, else `TypeError`.
fn text<'a, 'py>(value: &'a Bound<'py, PyAny>, what: &str) -> PyResult<&'a Bound<'py, PyString>> {
    value
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be str, not {}", type_name(value))))
}

/// Whether ``name`` (the repository name after the namespace) is valid, as Quay's
/// ``REPOSITORY_NAME_EXTENDED_REGEX.match`` (``extended=True``: ``/``-separated segments) or
/// ``REPOSITORY_NAME_REGEX.match`` (``extended=False``: one segment) decides, without their
/// loophole: a trailing newline is refused. 1 to 255 bytes; each segment starts with
/// ``[a-z0-9]`` and goes on with ``[a-z0-9._-]`` (docs/grammars.md §5).
#[pyfunction]
#[pyo3(signature = (name, extended = true))]
fn validate_repository_name(name: &Bound<'_, PyAny>, extended: bool) -> PyResult<bool> {
    let name = str_bytes(text(name, "a repository name")?)?;
    if !extended && name.contains(&b'/') {
        return Ok(false);
    }
    // The name part of a quay-repository path (§5), behind a namespace that is valid, so that
    // nothing but the name decides.
    let mut path = Vec::with_capacity(3 + name.len());
    path.extend_from_slice(b"ns/");
    path.extend_from_slice(&name);
    Ok(Kind::QuayRepository.validate(&path).is_ok())
}

/// Whether ``tag`` is a valid image tag, as Quay's ``TAG_REGEX.match`` decides, without its
/// loophole (a trailing newline): 1 to 128 bytes of ``[A-Za-z0-9_.-]``, not starting with ``.``
/// or ``-`` (docs/grammars.md §3).
#[pyfunction]
fn validate_tag(tag: &Bound<'_, PyAny>) -> PyResult<bool> {
    let tag = str_bytes(text(tag, "a tag")?)?;
    Ok(Kind::Tag.validate(&tag).is_ok())
}

/// `_registry_names.quay`, which registry_names/quay.py re-exports.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let quay = PyModule::new(m.py(), "quay")?;
    quay.add_function(wrap_pyfunction!(validate_repository_name, &quay)?)?;
    quay.add_function(wrap_pyfunction!(validate_tag, &quay)?)?;
    m.add_submodule(&quay)
}
