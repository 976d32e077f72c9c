//! `registry-names check`: names from arguments or standard input, as text or JSON lines.

use crate::input::{kind_id, KindId, Lines};
use crate::output::{Outcome, Output};
use clap::ValueEnum;
use registry_names::{quote, swr::Repository, Error, Kind};
use std::ffi::OsString;
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;

#[derive(clap::Args)]
pub struct Args {
    /// The kind of name (see `registry-names kinds`).
    #[arg(long, value_parser = kind_id)]
    kind: KindId,
    /// `text` prints one line per invalid name; `jsonl` one JSON object per input.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Names to check; without any, names are read from standard input.
    names: Vec<OsString>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Jsonl,
}

/// Where a checked name came from, for the location in text output.
enum Source {
    Argument,
    Stdin(u64),
}

pub fn run(args: Args, out: &mut Output<impl Write>, outcome: &mut Outcome) -> io::Result<()> {
    let Args {
        kind,
        format,
        names,
    } = args;
    let mut report = |source: Source, name: &[u8]| -> io::Result<()> {
        let result = kind.kind.validate(name);
        outcome.invalid |= result.is_err();
        match format {
            Format::Jsonl => json_line(&mut out.writer, kind.kind, name, result),
            Format::Text => match result {
                Ok(()) => Ok(()),
                Err(e) => {
                    let (location, column_shown) = match source {
                        Source::Argument => (quote(name).to_string(), false),
                        Source::Stdin(line) => (format!("<stdin>:{line}:{}", e.offset() + 1), true),
                    };
                    out.problem(&location, kind.id, &e, column_shown)
                }
            },
        }
    };
    if !names.is_empty() {
        for name in &names {
            report(Source::Argument, name.as_bytes())?;
        }
        return Ok(());
    }
    let mut lines = Lines::new(io::stdin().lock());
    while let Some((number, name)) = lines.next_line()? {
        report(Source::Stdin(number), name)?;
    }
    Ok(())
}

/// `{"input":…,"valid":…}` with `normalized` or `error` as the interface promises. A rejected
/// input longer than the quoting limit is shown as its first bytes and `…`, with its length in
/// `input_length`, so that no line grows with the input.
fn json_line(
    w: &mut impl Write,
    kind: Kind,
    name: &[u8],
    result: Result<(), Error>,
) -> io::Result<()> {
    let quoted = quote(name);
    let shown = if result.is_err() {
        quoted.shown()
    } else {
        name
    };
    let mut text = String::from_utf8_lossy(shown).into_owned();
    if shown.len() < name.len() {
        text.push('…');
    }
    w.write_all(b"{\"input\":")?;
    serde_json::to_writer(&mut *w, &text)?;
    if shown.len() < name.len() {
        write!(w, ",\"input_length\":{}", name.len())?;
    }
    if std::str::from_utf8(shown).is_err() {
        // JSON strings are Unicode; the exact bytes go alongside the readable form.
        w.write_all(b",\"input_bytes\":")?;
        serde_json::to_writer(&mut *w, shown)?;
    }
    match result {
        Ok(()) => {
            w.write_all(b",\"valid\":true")?;
            if kind == Kind::SwrRepositoryPath {
                if let Ok(repo) = Repository::from_path_segment_bytes(name) {
                    w.write_all(b",\"normalized\":")?;
                    serde_json::to_writer(&mut *w, &*repo.name())?;
                }
            }
        }
        Err(e) => {
            w.write_all(b",\"valid\":false,\"error\":{\"rule\":")?;
            serde_json::to_writer(&mut *w, e.rule().id())?;
            write!(w, ",\"offset\":{},\"message\":", e.offset())?;
            serde_json::to_writer(&mut *w, &e.to_string())?;
            w.write_all(b"}")?;
        }
    }
    w.write_all(b"}\n")
}
