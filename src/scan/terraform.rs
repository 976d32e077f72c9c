//! Terraform (`*.tf`, SCAN.md S4): not read yet; its reader replaces this module.

// The crate is `no_std`; this module is built only with `std`.
use std::prelude::rust_2021::*;

use super::{Candidate, Malformed};

/// The candidates of a Terraform file: none yet.
///
/// # Errors
/// [`Malformed`] when the text is not HCL (never yet).
pub fn candidates(text: &str) -> Result<Vec<Candidate>, Malformed> {
    let _ = text;
    Ok(Vec::new())
}
