//! `registry-names check`: names from arguments or standard input, as text or JSON lines.

use crate::input::{
    kind_id, profile_arg, profiles, too_long_message, validate, KindId, Line, Lines, ProfileArg,
    Rejected, LINE_WINDOW,
};
use crate::output::{quote_line, Outcome, Output};
use clap::ValueEnum;
use registry_names::reference::{ImageReference, Profiles};
use registry_names::{quote, swr::RepositoryPath, Kind, Rule};
use std::ffi::OsString;
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;

#[derive(clap::Args)]
pub struct Args {
    /// The kind of name (see `registry-names kinds`).
    #[arg(long, value_parser = kind_id)]
    kind: KindId,
    /// For `--kind image-reference`: check references to HOST (a host, or host:port) by the
    /// rules of PROFILE (swr, quay or oci). Repeatable; SWR's and Quay's own hosts need none.
    #[arg(long = "profile", value_name = "HOST=PROFILE", value_parser = profile_arg)]
    profiles: Vec<ProfileArg>,
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
#[derive(Clone, Copy)]
enum Source {
    Argument,
    Stdin(u64),
}

pub fn run(args: Args, out: &mut Output<impl Write>, outcome: &mut Outcome) -> io::Result<()> {
    let Args {
        kind,
        profiles: profile_args,
        format,
        names,
    } = args;
    if !profile_args.is_empty() && kind.kind != Kind::ImageReference {
        outcome.fail("--profile applies only to --kind image-reference");
        return Ok(());
    }
    let profiles = profiles(&profile_args);
    let mut report = |source: Source, line: Line<'_>| -> io::Result<()> {
        let name = match line {
            Line::Whole(name) => name,
            Line::TooLong { head, length } => {
                outcome.invalid = true;
                return match format {
                    Format::Jsonl => json_too_long(&mut out.writer, kind.kind, head, length),
                    Format::Text => match source {
                        Source::Argument => out.problem(
                            &quote_line(head, length),
                            kind.id,
                            too_long_message(),
                            Some(LINE_WINDOW),
                        ),
                        Source::Stdin(number) => {
                            out.too_long_line("<stdin>", number, kind.id, head, length)
                        }
                    },
                };
            }
        };
        let result = validate(kind.kind, &profiles, name);
        outcome.invalid |= result.is_err();
        match format {
            Format::Jsonl => json_line(&mut out.writer, kind.kind, &profiles, name, result),
            Format::Text => match result {
                Ok(()) => Ok(()),
                Err(e) => {
                    let (location, offset) = match source {
                        Source::Argument => (quote(name).to_string(), Some(e.offset())),
                        Source::Stdin(line) => (format!("<stdin>:{line}:{}", e.offset() + 1), None),
                    };
                    out.problem(&location, kind.id, e.message(), offset)
                }
            },
        }
    };
    if !names.is_empty() {
        for name in &names {
            report(Source::Argument, Line::of(name.as_bytes()))?;
        }
        return Ok(());
    }
    let mut lines = Lines::new(io::stdin().lock());
    loop {
        match lines.next_line() {
            Ok(Some((number, line))) => report(Source::Stdin(number), line)?,
            Ok(None) => return Ok(()),
            Err(e) => {
                outcome.fail(format_args!("<stdin>: {e}"));
                return Ok(());
            }
        }
    }
}

/// A line over [`LINE_WINDOW`] as JSON: its bounded `input` and `input_length`, and the error.
fn json_too_long(w: &mut impl Write, kind: Kind, head: &[u8], length: u64) -> io::Result<()> {
    json_input(w, quote(head).shown(), length)?;
    write!(
        w,
        ",\"valid\":false,\"error\":{{\"rule\":\"{}\",\"offset\":{LINE_WINDOW},\"message\":",
        Rule::TooLong.id()
    )?;
    let message = format!(
        "invalid {}: {} (byte {LINE_WINDOW})",
        kind.noun(),
        too_long_message()
    );
    serde_json::to_writer(&mut *w, &message)?;
    w.write_all(b"}}\n")
}

/// `{"input":…` for `shown`, the bytes of a `length`-byte input that are shown: a cut input ends
/// in `…` and adds `input_length`; bytes that are not UTF-8 add `input_bytes`.
fn json_input(w: &mut impl Write, shown: &[u8], length: u64) -> io::Result<()> {
    let cut = (shown.len() as u64) < length;
    let mut text = String::from_utf8_lossy(shown).into_owned();
    if cut {
        text.push('…');
    }
    w.write_all(b"{\"input\":")?;
    serde_json::to_writer(&mut *w, &text)?;
    if cut {
        write!(w, ",\"input_length\":{length}")?;
    }
    if std::str::from_utf8(shown).is_err() {
        // JSON strings are Unicode; the exact bytes go alongside the readable form.
        w.write_all(b",\"input_bytes\":")?;
        serde_json::to_writer(&mut *w, shown)?;
    }
    Ok(())
}

/// `{"input":…,"valid":…}` with `normalized` or `error` as the interface promises; for an image
/// reference also its `profile`, and the `part` an error is in. A rejected
/// input longer than the quoting limit is shown as its first bytes and `…`, with its length in
/// `input_length`, so that no line grows with the input.
fn json_line(
    w: &mut impl Write,
    kind: Kind,
    profiles: &Profiles,
    name: &[u8],
    result: Result<(), Rejected>,
) -> io::Result<()> {
    let quoted = quote(name);
    let shown = if result.is_err() {
        quoted.shown()
    } else {
        name
    };
    json_input(w, shown, name.len() as u64)?;
    match result {
        Ok(()) => {
            w.write_all(b",\"valid\":true")?;
            if kind == Kind::SwrRepositoryPath {
                if let Ok(repo) = RepositoryPath::parse_bytes(name) {
                    w.write_all(b",\"normalized\":")?;
                    serde_json::to_writer(&mut *w, &*repo.name())?;
                }
            }
            if kind == Kind::ImageReference {
                if let Ok(image) = ImageReference::parse_bytes_with(name, profiles) {
                    write!(w, ",\"profile\":\"{}\"", image.profile())?;
                }
            }
        }
        Err(e) => {
            w.write_all(b",\"valid\":false,\"error\":{")?;
            if let Some(part) = e.part() {
                write!(w, "\"part\":\"{part}\",")?;
            }
            w.write_all(b"\"rule\":")?;
            serde_json::to_writer(&mut *w, e.rule().id())?;
            write!(w, ",\"offset\":{},\"message\":", e.offset())?;
            serde_json::to_writer(&mut *w, &e.to_string())?;
            w.write_all(b"}")?;
        }
    }
    w.write_all(b"}\n")
}
