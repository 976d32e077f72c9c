//! `registry-names`: checks names from arguments, standard input, or name-list files.

use clap::{Parser, Subcommand, ValueEnum};
use registry_names::{swr::Repository, Error, Kind};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::ExitCode;

/// Validates registry names: SWR, Quay, OCI digests, git tags and branches.
///
/// Exit status: 0 when every name is valid, 1 when at least one is invalid, 2 on a usage or
/// I/O error.
#[derive(Parser)]
#[command(name = "registry-names", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check names given as arguments, or read from standard input one per line.
    ///
    /// Lines are split on '\n' only; nothing is trimmed, so a '\r' before the newline is part of
    /// the name (and makes it invalid).
    Check {
        /// The kind of name (see `registry-names kinds`).
        #[arg(long, value_parser = kind_id)]
        kind: KindId,
        /// `text` prints one line per invalid name; `jsonl` one JSON object per input.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Names to check; without any, names are read from standard input.
        names: Vec<std::ffi::OsString>,
    },
    /// Check name-list files: one name per line, blank lines and '#' comments ignored.
    ///
    /// The kind comes from --kind or from a first line `# registry-names: KIND`. Errors print as
    /// FILE:LINE:COLUMN: message.
    Lint {
        /// The kind of every name in the files (overrides their directives).
        #[arg(long, value_parser = kind_id)]
        kind: Option<KindId>,
        /// Name-list files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the kinds with a one-line rule summary.
    Kinds,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Jsonl,
}

/// A kind as the user named it: `swr-tag` and `quay-tag` share a grammar but keep their names.
#[derive(Clone, Copy)]
struct KindId {
    id: &'static str,
    kind: Kind,
}

fn kind_id(text: &str) -> Result<KindId, String> {
    Kind::IDS
        .iter()
        .find(|(id, _)| *id == text)
        .map(|&(id, kind)| KindId { id, kind })
        .ok_or_else(|| {
            let ids: Vec<&str> = Kind::IDS.iter().map(|(id, _)| *id).collect();
            format!("unknown kind; expected one of: {}", ids.join(", "))
        })
}

/// The outcome of a run: any invalid name, or a usage/I/O problem.
#[derive(Default)]
struct Outcome {
    invalid: bool,
    failed: bool,
}

impl Outcome {
    fn exit_code(&self) -> ExitCode {
        match (self.failed, self.invalid) {
            (true, _) => ExitCode::from(2),
            (false, true) => ExitCode::from(1),
            (false, false) => ExitCode::SUCCESS,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let colour = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = Output {
        writer: BufWriter::new(stdout.lock()),
        colour,
    };
    let mut outcome = Outcome::default();
    let result = match cli.command {
        Command::Check {
            kind,
            format,
            names,
        } => check(kind, format, &names, &mut out, &mut outcome),
        Command::Lint { kind, files } => {
            for file in &files {
                if let Err(message) = lint(kind, file, &mut out, &mut outcome) {
                    let _ = out.writer.flush();
                    eprintln!("registry-names: {message}");
                    outcome.failed = true;
                }
            }
            Ok(())
        }
        Command::Kinds => kinds(&mut out),
    };
    if let Err(e) = result.and_then(|()| out.writer.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not an error of ours.
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("registry-names: {e}");
            return ExitCode::from(2);
        }
    }
    outcome.exit_code()
}

struct Output<W: Write> {
    writer: W,
    colour: bool,
}

impl<W: Write> Output<W> {
    /// `LOCATION: KIND: MESSAGE`, the location in bold and the kind in red on a terminal. The
    /// byte offset is added when the location does not already give the column.
    fn problem(
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
}

fn check(
    kind: KindId,
    format: Format,
    names: &[std::ffi::OsString],
    out: &mut Output<impl Write>,
    outcome: &mut Outcome,
) -> io::Result<()> {
    let mut report = |source: Source, name: &[u8]| -> io::Result<()> {
        let result = kind.kind.validate(name);
        outcome.invalid |= result.is_err();
        match format {
            Format::Jsonl => json_line(&mut out.writer, kind.kind, name, result),
            Format::Text => match result {
                Ok(()) => Ok(()),
                Err(e) => {
                    let (location, column_shown) = match source {
                        Source::Argument => (quoted(name), false),
                        Source::Stdin(line) => (format!("<stdin>:{line}:{}", e.offset() + 1), true),
                    };
                    out.problem(&location, kind.id, &e, column_shown)
                }
            },
        }
    };
    if !names.is_empty() {
        for name in names {
            report(Source::Argument, name.as_bytes())?;
        }
        return Ok(());
    }
    // One reused buffer: memory stays constant however many names arrive.
    let mut input = io::stdin().lock();
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        number += 1;
        let name = line.strip_suffix(b"\n").unwrap_or(&line);
        report(Source::Stdin(number), name)?;
    }
}

/// Where a checked name came from, for the location in text output.
enum Source {
    Argument,
    Stdin(u64),
}

/// The name in double quotes, escaped as Rust would, with `\xNN` for bytes that are not UTF-8.
fn quoted(name: &[u8]) -> String {
    let mut s = String::from("\"");
    for chunk in name.utf8_chunks() {
        s.extend(chunk.valid().chars().flat_map(char::escape_debug));
        for b in chunk.invalid() {
            s.push_str(&format!("\\x{b:02X}"));
        }
    }
    s.push('"');
    s
}

/// `{"input":…,"valid":…}` with `normalized` or `error` as the interface promises.
fn json_line(
    w: &mut impl Write,
    kind: Kind,
    name: &[u8],
    result: Result<(), Error>,
) -> io::Result<()> {
    let text = String::from_utf8_lossy(name);
    w.write_all(b"{\"input\":")?;
    serde_json::to_writer(&mut *w, &*text)?;
    if std::str::from_utf8(name).is_err() {
        // JSON strings are Unicode; the exact bytes go alongside the readable form.
        w.write_all(b",\"input_bytes\":")?;
        serde_json::to_writer(&mut *w, name)?;
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

/// The directive that names a file's kind on its first line.
const DIRECTIVE: &str = "# registry-names:";

fn lint(
    kind: Option<KindId>,
    path: &PathBuf,
    out: &mut Output<impl Write>,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let mut lines = BufReader::new(file);
    let mut line = Vec::new();
    let mut number = 0u64;
    let mut kind = kind;
    loop {
        line.clear();
        let read = lines
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("{shown}: cannot read: {e}"))?;
        if read == 0 {
            break;
        }
        number += 1;
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
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

fn kinds(out: &mut Output<impl Write>) -> io::Result<()> {
    for (id, kind) in Kind::IDS {
        writeln!(out.writer, "{id:<20} {}", kind.summary())?;
    }
    Ok(())
}
