//! Image references (docs/grammars.md §10) and Quay tag filters (§6) as Python objects.

use crate::{error_class, short, str_bytes};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyMapping, PyString};
use registry_names::quay::{FilterOp, TagFilterBuf};
use registry_names::reference::ReferenceError;
use registry_names::reference::{ImageReference as Borrowed, ImageReferenceBuf, Profile, Profiles};

/// `InvalidReference(message, kind, rule, offset, part)` for `error` on `input`.
pub(crate) fn invalid_reference(py: Python<'_>, error: &ReferenceError, input: &[u8]) -> PyErr {
    let message = error.with_input(input).to_string();
    let args = (
        message,
        error.kind().id(),
        error.rule().id(),
        error.offset(),
        error.part().id(),
    );
    match error_class(py, "InvalidReference").and_then(|c| c.call1(args)) {
        Ok(exception) => PyErr::from_value(exception),
        Err(e) => e,
    }
}

/// The crate's built-in profiles, with each `domain: profile` of `mapping` before them.
fn profiles_of(py: Python<'_>, mapping: Option<&Bound<'_, PyAny>>) -> PyResult<Profiles> {
    let mut profiles = Profiles::new();
    let Some(mapping) = mapping else {
        return Ok(profiles);
    };
    let mapping = mapping
        .cast::<PyMapping>()
        .map_err(|_| PyTypeError::new_err("profiles must be a mapping of domain to profile id"))?;
    for item in mapping.items()?.iter() {
        let (domain, profile): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let domain = domain
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("a profiles key must be a str domain"))?;
        let profile = profile
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("a profiles value must be a str profile id"))?;
        let id = profile.to_cow()?;
        let profile = Profile::from_id(&id).ok_or_else(|| {
            let ids: Vec<&str> = Profile::ALL.iter().map(|p| p.id()).collect();
            PyValueError::new_err(format!(
                "unknown profile {}; expected one of: {}",
                short(&id),
                ids.join(", ")
            ))
        })?;
        let bytes = str_bytes(domain)?;
        let Ok(text) = std::str::from_utf8(&bytes) else {
            // Not text: the reference grammar says why at the right byte.
            let error = Borrowed::parse_bytes(&bytes)
                .err()
                .ok_or_else(|| PyValueError::new_err("a profiles domain must be text"))?;
            return Err(invalid_reference(py, &error, &bytes));
        };
        profiles
            .insert(text, profile)
            .map_err(|error| invalid_reference(py, &error, text.as_bytes()))?;
    }
    Ok(profiles)
}

/// A valid image reference ``[DOMAIN/]PATH[:TAG][@DIGEST]``, as ``parse_reference`` returns it.
#[pyclass(frozen, eq, hash, module = "registry_names")]
pub(crate) struct ImageReference {
    inner: ImageReferenceBuf,
}

impl PartialEq for ImageReference {
    fn eq(&self, other: &Self) -> bool {
        self.inner.as_str() == other.inner.as_str()
    }
}

impl Eq for ImageReference {}

impl std::hash::Hash for ImageReference {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.inner.as_str().hash(state);
    }
}

#[pymethods]
impl ImageReference {
    /// The domain (host and optional port) as given, or ``None`` when there is none.
    #[getter]
    fn domain(&self) -> Option<&str> {
        self.inner.as_name().domain().map(|d| d.as_str())
    }

    /// The repository path, e.g. ``"library/nginx"``.
    #[getter]
    fn path(&self) -> &str {
        self.inner.as_name().path()
    }

    /// The namespace (first path component) under the SWR and Quay profiles; ``None`` under
    /// ``oci``.
    #[getter]
    fn namespace(&self) -> Option<&str> {
        self.inner.as_name().namespace()
    }

    /// The tag after ``:``, or ``None``.
    #[getter]
    fn tag(&self) -> Option<&str> {
        self.inner.as_name().tag().map(|t| t.as_str())
    }

    /// The digest after ``@``, or ``None``.
    #[getter]
    fn digest(&self) -> Option<&str> {
        self.inner.as_name().digest().map(|d| d.as_str())
    }

    /// The profile that checked the path: ``"swr"``, ``"quay"`` or ``"oci"``.
    #[getter]
    fn profile(&self) -> &'static str {
        self.inner.as_name().profile().id()
    }

    /// Docker's normalised form: ``docker.io`` when there is no domain, ``library/`` before a
    /// one-component path on Docker Hub, ``:latest`` when there is neither tag nor digest.
    fn normalized(&self) -> String {
        self.inner.as_name().normalized().to_string()
    }

    fn __str__(&self) -> &str {
        self.inner.as_str()
    }

    fn __repr__(&self) -> String {
        format!("ImageReference({})", short(self.inner.as_str()))
    }
}

/// Parses an image reference ``[DOMAIN/]PATH[:TAG][@DIGEST]`` (docs/grammars.md §10), its path
/// checked by the profile its domain selects.
///
/// ``profiles`` maps further domains (``"host"`` or ``"host:port"``) to ``"swr"``, ``"quay"`` or
/// ``"oci"``; they come before the built-in ones (SWR's hosts, ``quay.io``). Raises
/// ``InvalidReference`` (an ``InvalidName`` with ``.part``) for an invalid reference or domain.
///
/// >>> parse_reference("quay.io/org/app:v1").namespace
/// 'org'
#[pyfunction]
#[pyo3(signature = (text, profiles = None))]
fn parse_reference(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    profiles: Option<&Bound<'_, PyAny>>,
) -> PyResult<ImageReference> {
    let text = text.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "an image reference must be str, not {}",
            text.get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ))
    })?;
    let profiles = profiles_of(py, profiles)?;
    let bytes = str_bytes(text)?;
    match std::str::from_utf8(&bytes) {
        Ok(text) => ImageReferenceBuf::parse_with(text.to_owned(), &profiles)
            .map(|inner| ImageReference { inner })
            .map_err(|error| invalid_reference(py, &error, text.as_bytes())),
        // A lone surrogate: the grammar says where, as it does for any byte it refuses.
        Err(_) => match Borrowed::parse_bytes_with(&bytes, &profiles) {
            Err(error) => Err(invalid_reference(py, &error, &bytes)),
            Ok(_) => Err(PyValueError::new_err("an image reference must be text")),
        },
    }
}

/// A Quay ``filter_tag_name`` value, ``like:PATTERN`` or ``eq:TAG`` (docs/grammars.md §6).
///
/// Raises ``InvalidName`` for any other text, an unknown or missing op included (Quay ignores
/// those silently). ``.op`` is ``"like"`` or ``"eq"``, ``.operand`` the text after the first
/// ``:``, ``.matches(tag)`` whether Quay would list ``tag`` under the filter.
///
/// >>> TagFilter("like:v1_%").matches("release-V1.2")
/// True
#[pyclass(frozen, eq, hash, module = "registry_names")]
pub(crate) struct TagFilter {
    inner: TagFilterBuf,
}

impl PartialEq for TagFilter {
    fn eq(&self, other: &Self) -> bool {
        self.inner.as_str() == other.inner.as_str()
    }
}

impl Eq for TagFilter {}

impl std::hash::Hash for TagFilter {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.inner.as_str().hash(state);
    }
}

#[pymethods]
impl TagFilter {
    #[new]
    fn new(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let kind = registry_names::Kind::QuayTagFilter;
        let text = text
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("a tag filter must be str"))?;
        let bytes = str_bytes(text)?;
        if let Err(error) = kind.validate(&bytes) {
            return Err(crate::invalid_name(py, &error, &bytes));
        }
        let text = String::from_utf8(bytes.into_owned())
            .map_err(|_| PyValueError::new_err("a tag filter must be text"))?;
        let inner = TagFilterBuf::try_from(text).map_err(|_| {
            PyValueError::new_err("the tag filter was checked twice with different results")
        })?;
        Ok(TagFilter { inner })
    }

    /// ``"like"`` (case-insensitive substring with ``%`` and ``_`` wildcards) or ``"eq"``.
    #[getter]
    fn op(&self) -> &'static str {
        match self.inner.op() {
            FilterOp::Like => "like",
            FilterOp::Eq => "eq",
        }
    }

    /// The text after ``op:``.
    #[getter]
    fn operand(&self) -> &str {
        self.inner.value()
    }

    /// Whether Quay lists ``tag`` under this filter: ``eq`` is exact, ``like`` is SQL
    /// ``ILIKE '%operand%'`` (ASCII case-insensitive, ``%`` any run, ``_`` one byte).
    fn matches(&self, tag: &Bound<'_, PyAny>) -> PyResult<bool> {
        let tag = tag
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("a tag must be str"))?;
        let tag = tag.to_cow()?;
        Ok(self.inner.matches(&tag))
    }

    fn __str__(&self) -> &str {
        self.inner.as_str()
    }

    fn __repr__(&self) -> String {
        format!("TagFilter({})", short(self.inner.as_str()))
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ImageReference>()?;
    m.add_class::<TagFilter>()?;
    m.add_function(wrap_pyfunction!(parse_reference, m)?)?;
    Ok(())
}
