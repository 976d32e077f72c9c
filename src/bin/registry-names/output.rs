//! What every command writes: problem lines, bounded quotes of names, messages on standard error
//! and the exit status.
//!
//! The plumbing a subcommand reuses: write to [`Output::writer`] and return its `io::Error` (a
//! failure to write standard output, which [`finish`] turns into the exit status: a broken pipe
//! ends quietly), report anything else that failed with [`Outcome::fail`] (one line on standard
//! error, exit status 2), and mark invalid input with [`Outcome::invalid`]. Nothing here panics
//! when standard output or standard error is closed or full.

use crate::input::{too_long_message, LINE_WINDOW};
use registry_names::Quoted;
use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

/// Exit status: every name valid.
pub const EXIT_VALID: u8 = 0;
/// Exit status: at least one name invalid.
pub const EXIT_INVALID: u8 = 1;
/// Exit status: a usage or I/O error.
pub const EXIT_ERROR: u8 = 2;

/// The exit statuses every command shares, then `$extra` (further statuses, each line ending in a
/// newline), then what a closed pipe does.
macro_rules! exit_help {
    ($extra:literal) => {
        concat!(
            "Exit status:\n",
            "  0  every name is valid\n",
            "  1  at least one name is invalid (including a line over 64 KiB, reported as too long)\n",
            "  2  a usage or I/O error (a file that cannot be read, standard output that cannot be written);\n",
            "     one line on standard error says what failed\n",
            $extra,
            "A closed pipe on standard output (`| head`) ends the command quietly with the status of the\n",
            "names checked until then."
        )
    };
}

/// What `--help` says about the exit status and I/O failures.
pub const EXIT_HELP: &str = exit_help!("");

/// What the top-level `--help` says: [`EXIT_HELP`] and the one status only `request` gives.
pub const EXIT_HELP_ALL: &str =
    exit_help!("  3  (request only) no documented operation matches the request\n");

/// Exit status (`request` only): no documented operation matches the request.
pub const EXIT_NO_ROUTE: u8 = 3;

/// The outcome of a run: any invalid name, a request that matched no operation, or a usage/I/O
/// problem.
#[derive(Default)]
pub struct Outcome {
    pub invalid: bool,
    pub failed: bool,
    /// `request` only: a request matched no documented operation (exit 3 when nothing worse).
    pub no_route: bool,
}

impl Outcome {
    /// Reports what failed as one line on standard error; the run ends with [`EXIT_ERROR`].
    pub fn fail(&mut self, what: impl fmt::Display) {
        self.failed = true;
        warn(what);
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match (self.failed, self.invalid, self.no_route) {
            (true, _, _) => EXIT_ERROR,
            (false, true, _) => EXIT_INVALID,
            (false, false, true) => EXIT_NO_ROUTE,
            (false, false, false) => EXIT_VALID,
        })
    }
}

/// Writes `text` as it is to standard error (a usage message that ends in its own newline);
/// never panics.
pub fn warn_raw(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// `registry-names: WHAT` on standard error. A standard error that is closed or full loses the
/// line; the exit status still says something failed.
pub fn warn(what: impl fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "registry-names: {what}");
}

/// The exit status of a command that returned `result` (its `Err` is always a failure to write
/// standard output), after flushing what is left.
pub fn finish<W: Write>(
    result: io::Result<()>,
    out: &mut Output<W>,
    outcome: &mut Outcome,
) -> ExitCode {
    match result.and_then(|()| out.writer.flush()) {
        Ok(()) => {}
        // The reader closed the pipe (`| head`): its choice, not an error of ours.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => outcome.fail(format_args!("cannot write to standard output: {e}")),
    }
    outcome.exit_code()
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
        message: impl fmt::Display,
        offset: Option<usize>,
    ) -> io::Result<()> {
        let (bold, red, reset) = if self.colour {
            ("\x1b[1m", "\x1b[31m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        write!(
            self.writer,
            "{bold}{location}:{reset} {red}{kind}:{reset} {message}"
        )?;
        if let Some(offset) = offset {
            write!(self.writer, " (byte {offset})")?;
        }
        writeln!(self.writer)
    }

    /// `SOURCE:LINE:65537: KIND: too long: …` for a line over [`LINE_WINDOW`] of which `head` was
    /// kept, quoting at most 64 bytes of it and its whole length.
    pub fn too_long_line(
        &mut self,
        source: &str,
        number: u64,
        kind: &str,
        head: &[u8],
        length: u64,
    ) -> io::Result<()> {
        let location = format!("{source}:{number}:{}", LINE_WINDOW + 1);
        let message = format_args!("{}: {}", too_long_message(), quote_line(head, length));
        self.problem(&location, kind, message, None)
    }
}

/// A line of `length` bytes of which `head` was kept, quoted as the library quotes any input:
/// at most [`registry_names::QUOTE_LIMIT`] bytes, then `…` and the whole length in bytes.
pub fn quote_line(head: &[u8], length: u64) -> String {
    Quoted::prefix(head, length).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_head_is_quoted_with_the_whole_length() {
        assert_eq!(quote_line(b"a\tb\xff", 4), r#""a\tb\xFF""#);
        let head = vec![b'a'; 1000];
        assert_eq!(
            quote_line(&head, 1 << 30),
            format!("\"{}\"… (1073741824 bytes)", "a".repeat(64))
        );
    }
}
