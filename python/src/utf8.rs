//! The UTF-8 form of a Python `str` without copying it: the only unsafe code of the package.
//!
//! Under the stable ABI for CPython 3.9 (abi3-py39), pyo3 reads a `str` by asking CPython for a
//! new `bytes` object, an allocation and a copy per call, which cost more than checking a name
//! (BENCHMARKS.md, Python). `PyUnicode_AsUTF8AndSize` returns the UTF-8 form CPython keeps in
//! the `str` itself; it is exported by every CPython 3 and part of the stable ABI from 3.10,
//! and pyo3-ffi declares it only for builds whose minimum version is 3.10, hence this
//! declaration.
#![allow(unsafe_code)]

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::os::raw::c_char;

extern "C" {
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut ffi::PyObject,
        size: *mut ffi::Py_ssize_t,
    ) -> *const c_char;
}

/// The UTF-8 bytes of `text`, borrowed from the `str` object; `None` when it has none (a lone
/// surrogate), with no exception left set.
pub(crate) fn utf8<'a>(text: &'a Bound<'_, PyString>) -> Option<&'a [u8]> {
    let mut size: ffi::Py_ssize_t = 0;
    // SAFETY: `text` is a `str` object alive for `'a` and the GIL is held (a `Bound` is proof
    // of both); the function reads the object and writes `size`, a local.
    let data = unsafe { PyUnicode_AsUTF8AndSize(text.as_ptr(), &mut size) };
    if data.is_null() {
        // The UnicodeEncodeError of a lone surrogate: the caller has its own answer for it.
        drop(PyErr::take(text.py()));
        return None;
    }
    let len = usize::try_from(size).ok()?;
    // SAFETY: CPython returns `size` bytes of UTF-8 that it keeps in the `str` object until the
    // object is freed; `str` objects are immutable and `'a` borrows this one.
    Some(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) })
}
