//! `registry-names kinds`: every kind id with its one-line rule.

use crate::output::Output;
use registry_names::Kind;
use std::io::{self, Write};

pub fn run(out: &mut Output<impl Write>) -> io::Result<()> {
    for (id, kind) in Kind::IDS {
        writeln!(out.writer, "{id:<20} {}", kind.summary())?;
    }
    Ok(())
}
