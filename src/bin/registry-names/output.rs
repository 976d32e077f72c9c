//! What every command writes: problem lines, quoted names and the exit status.

use registry_names::Error;
use std::io::{self, Write};
use std::process::ExitCode;

/// The outcome of a run: any invalid name, or a usage/I/O problem.
#[derive(Default)]
pub struct Outcome {
    pub invalid: bool,
    pub failed: bool,
}

impl Outcome {
    pub fn exit_code(&self) -> ExitCode {
        match (self.failed, self.invalid) {
            (true, _) => ExitCode::from(2),
            (false, true) => ExitCode::from(1),
            (false, false) => ExitCode::SUCCESS,
        }
    }
}

/// Standard output, and whether to colour it.
pub struct Output<W: Write> {
    pub writer: W,
    pub colour: bool,
}

impl<W: Write> Output<W> {
    /// `LOCATION: KIND: MESSAGE`, the location in bold and the kind in red on a terminal. The
    /// byte offset is added when the location does not already give the column.
    pub fn problem(
        &mut self,
        location: &str,
        kind: &str,
        error: &Error,
        column_shown: bool,
    ) -> io::Result<()> {
        let (bold, red, reset) = if self.colour {
            ("\x1b[1m", "\x1b[31m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        write!(
            self.writer,
            "{bold}{location}:{reset} {red}{kind}:{reset} {}",
            error.message()
        )?;
        if !column_shown {
            write!(self.writer, " (byte {})", error.offset())?;
        }
        writeln!(self.writer)
    }

    /// `LOCATION: WHAT: MESSAGE` with the same colours as [`Output::problem`], for problems
    /// that are not a name's [`Error`].
    pub fn line(&mut self, location: &str, what: &str, message: &str) -> io::Result<()> {
        let (bold, red, reset) = if self.colour {
            ("\x1b[1m", "\x1b[31m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        writeln!(
            self.writer,
            "{bold}{location}:{reset} {red}{what}:{reset} {message}"
        )
    }
}
