//! `registry-names lint`: name-list files, one name per line, the kind from a directive or flag.

use crate::input::{kind_id, profile_arg, profiles, validate, KindId, Line, Lines, ProfileArg};
use crate::output::{Outcome, Output};
use registry_names::reference::Profiles;
use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The kind of every name in the files (overrides their directives).
    #[arg(long, value_parser = kind_id)]
    kind: Option<KindId>,
    /// For image references: check references to HOST (a host, or host:port) by the rules of
    /// PROFILE (swr, quay or oci). Repeatable.
    #[arg(long = "profile", value_name = "HOST=PROFILE", value_parser = profile_arg)]
    profiles: Vec<ProfileArg>,
    /// Name-list files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// The directive that names a file's kind on its first line.
const DIRECTIVE: &str = "# registry-names:";

/// Lints every file; a file that cannot be read is reported on stderr and the next one is
/// checked. The `Err` is a failure to write standard output, which ends the run.
pub fn run(args: Args, out: &mut Output<impl Write>, outcome: &mut Outcome) -> io::Result<()> {
    let profiles = profiles(&args.profiles);
    for file in &args.files {
        lint(args.kind, &profiles, file, out, outcome)?;
    }
    Ok(())
}

fn lint(
    kind: Option<KindId>,
    profiles: &Profiles,
    path: &Path,
    out: &mut Output<impl Write>,
    outcome: &mut Outcome,
) -> io::Result<()> {
    let shown = path.display();
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            // What was written so far comes before the message, as it happened.
            out.writer.flush()?;
            outcome.fail(format_args!("{shown}: cannot open: {e}"));
            return Ok(());
        }
    };
    let mut lines = Lines::new(BufReader::new(file));
    let mut kind = kind;
    loop {
        let (number, line) = match lines.next_line() {
            Ok(Some(next)) => next,
            Ok(None) => return Ok(()),
            Err(e) => {
                out.writer.flush()?;
                outcome.fail(format_args!("{shown}: {e}"));
                return Ok(());
            }
        };
        // With --kind the directive is only a comment. Its id is trimmed of ASCII whitespace
        // only, as a name is never trimmed of anything.
        if let (1, Line::Whole(text), None) = (number, line, kind) {
            if let Some(directive) = text.strip_prefix(DIRECTIVE.as_bytes()) {
                let id = String::from_utf8_lossy(directive.trim_ascii());
                match kind_id(&id) {
                    Ok(named) => {
                        kind.get_or_insert(named);
                        continue;
                    }
                    Err(e) => {
                        out.writer.flush()?;
                        outcome.fail(format_args!("{shown}:1: {e}"));
                        return Ok(());
                    }
                }
            }
        }
        if let (1, Line::TooLong { head, .. }, None) = (number, line, kind) {
            if head.starts_with(DIRECTIVE.as_bytes()) {
                out.writer.flush()?;
                outcome.fail(format_args!(
                    "{shown}:1: the `{DIRECTIVE}` line is longer than 64 KiB: not a kind"
                ));
                return Ok(());
            }
        }
        let Some(kind) = kind else {
            out.writer.flush()?;
            outcome.fail(format_args!(
                "{shown}: no kind given: add `{DIRECTIVE} KIND` as the first line or pass --kind KIND \
                 (`registry-names kinds` lists them)"
            ));
            return Ok(());
        };
        match line {
            Line::Whole(text) => {
                if text.is_empty() || text.starts_with(b"#") {
                    continue;
                }
                if let Err(e) = validate(kind.kind, profiles, text) {
                    outcome.invalid = true;
                    let location = format!("{shown}:{number}:{}", e.offset() + 1);
                    out.problem(&location, kind.id, e.message(), None)?;
                }
            }
            Line::TooLong { head, length } => {
                // Even a comment this long is a mistake or an attack, not a note to skip.
                outcome.invalid = true;
                out.too_long_line(&shown.to_string(), number, kind.id, head, length)?;
            }
        }
    }
}
