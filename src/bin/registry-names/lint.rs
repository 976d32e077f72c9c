//! `registry-names lint`: name-list files, one name per line, the kind from a directive or flag.

use crate::input::{kind_id, KindId, Lines};
use crate::output::{Outcome, Output};
use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The kind of every name in the files (overrides their directives).
    #[arg(long, value_parser = kind_id)]
    kind: Option<KindId>,
    /// Name-list files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// The directive that names a file's kind on its first line.
const DIRECTIVE: &str = "# registry-names:";

/// Lints every file; a file that cannot be read is reported on stderr and the next one is
/// checked.
pub fn run(args: Args, out: &mut Output<impl Write>, outcome: &mut Outcome) -> io::Result<()> {
    for file in &args.files {
        if let Err(message) = lint(args.kind, file, out, outcome) {
            let _ = out.writer.flush();
            eprintln!("registry-names: {message}");
            outcome.failed = true;
        }
    }
    Ok(())
}

fn lint(
    kind: Option<KindId>,
    path: &Path,
    out: &mut Output<impl Write>,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let mut lines = Lines::new(BufReader::new(file));
    let mut kind = kind;
    while let Some((number, text)) = lines
        .next_line()
        .map_err(|e| format!("{shown}: cannot read: {e}"))?
    {
        if number == 1 {
            if let Some(directive) = text.strip_prefix(DIRECTIVE.as_bytes()) {
                let id = String::from_utf8_lossy(directive);
                let named = kind_id(id.trim()).map_err(|e| format!("{shown}:1: {e}"))?;
                kind.get_or_insert(named);
                continue;
            }
        }
        let Some(kind) = kind else {
            return Err(format!(
                "{shown}: no kind given: add `{DIRECTIVE} KIND` as the first line or pass --kind KIND \
                 (`registry-names kinds` lists them)"
            ));
        };
        if text.is_empty() || text.starts_with(b"#") {
            continue;
        }
        if let Err(e) = kind.kind.validate(text) {
            outcome.invalid = true;
            let location = format!("{shown}:{number}:{}", e.offset() + 1);
            out.problem(&location, kind.id, &e, true)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
