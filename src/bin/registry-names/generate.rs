//! `registry-names generate`: valid names or near misses of a kind, for fuzzers and property
//! tests in any language (the library's `arbitrary` generators, fed from a seeded stream).

use crate::input::{kind_id, KindId};
use crate::output::{Outcome, Output};
use clap::ValueEnum;
use registry_names::arbitrary::{seeded, seeded_near_misses};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The kind of name (see `registry-names kinds`).
    #[arg(value_parser = kind_id)]
    kind: KindId,
    /// Inputs one edit from a valid name, each refused by the kind's rules; with `--format jsonl`
    /// each line carries the rule the check reports.
    #[arg(long)]
    near_miss: bool,
    /// How many values.
    #[arg(long, default_value_t = 10)]
    count: u64,
    /// The seed: the same seed gives the same values, on every platform.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// `text`: one value per line (near misses as RULE, a tab, and the input as a Go string
    /// literal); `jsonl`: one JSON object per value; `go-corpus`: one file per value in DIR, in
    /// Go's fuzz corpus encoding (for testdata/fuzz/FuzzName/).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Where `--format go-corpus` writes its files (created if missing).
    #[arg(value_name = "DIR", required_if_eq("format", "go-corpus"))]
    dir: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Jsonl,
    GoCorpus,
}

pub fn run(args: Args, out: &mut Output<impl Write>, outcome: &mut Outcome) -> io::Result<()> {
    let Args {
        kind,
        near_miss,
        count,
        seed,
        format,
        dir,
    } = args;
    if let (Some(_), false) = (&dir, format == Format::GoCorpus) {
        outcome.fail("DIR applies only to --format go-corpus");
        return Ok(());
    }
    let dir = match (format, dir) {
        (Format::GoCorpus, Some(dir)) => match std::fs::create_dir_all(&dir) {
            Ok(()) => Some(dir),
            Err(e) => {
                outcome.fail(format_args!("cannot create {}: {e}", dir.display()));
                return Ok(());
            }
        },
        _ => None,
    };
    let values: Box<dyn Iterator<Item = (String, Option<&'static str>)>> = if near_miss {
        Box::new(seeded_near_misses(kind.kind, seed).map(|m| (m.input, Some(m.rule.id()))))
    } else {
        Box::new(seeded(kind.kind, seed).map(|v| (v, None)))
    };
    for (i, (input, rule)) in values
        .take(usize::try_from(count).unwrap_or(usize::MAX))
        .enumerate()
    {
        match format {
            Format::Text => match rule {
                Some(rule) => writeln!(out.writer, "{rule}\t{}", go_quote(&input))?,
                None => writeln!(out.writer, "{input}")?,
            },
            Format::Jsonl => {
                let mut line = serde_json::json!({
                    "kind": kind.id,
                    "input": input,
                    "valid": rule.is_none(),
                });
                if let Some(rule) = rule {
                    line["rule"] = rule.into();
                }
                writeln!(out.writer, "{line}")?;
            }
            Format::GoCorpus => {
                let dir = dir.as_deref().unwrap_or(Path::new("."));
                // Valid values and near misses of one seed go to one directory (the README's
                // recipe): their names differ, so neither run overwrites the other's files.
                let class = if near_miss { "-near-miss" } else { "" };
                let name = format!("{}{class}-{seed}-{i:06}", kind.id);
                let text = format!("go test fuzz v1\nstring({})\n", go_quote(&input));
                if let Err(e) = std::fs::write(dir.join(&name), text) {
                    outcome.fail(format_args!(
                        "cannot write {}: {e}",
                        dir.join(&name).display()
                    ));
                    return Ok(());
                }
            }
        }
    }
    if let (Format::GoCorpus, Some(dir)) = (format, &dir) {
        writeln!(out.writer, "wrote {count} files to {}", dir.display())?;
    }
    Ok(())
}

/// `text` as a Go interpreted string literal, as Go's `strconv.QuoteToASCII` writes it: the
/// printable ASCII bytes as they are (`"` and `\` escaped), the usual one-letter escapes, `\xNN`
/// for other ASCII controls and `\uNNNN`/`\UNNNNNNNN` for everything beyond ASCII, so the file
/// is ASCII and Go reads back exactly `text`.
pub fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            ' '..='~' => out.push(c),
            c if c.is_ascii() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if u32::from(c) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::go_quote;

    #[test]
    fn quotes_as_go_quote_to_ascii() {
        // Each expected literal is what Go 1.19's strconv.QuoteToASCII prints for the input.
        assert_eq!(go_quote("my-org"), r#""my-org""#);
        assert_eq!(go_quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(go_quote("\t\n\r\x07\x08\x0b\x0c"), r#""\t\n\r\a\b\v\f""#);
        assert_eq!(go_quote("\x00\x01\x7f"), r#""\x00\x01\x7f""#);
        assert_eq!(go_quote("版本/1é\u{a0}"), r#""\u7248\u672c/1\u00e9\u00a0""#);
        assert_eq!(go_quote("🦀"), r#""\U0001f980""#);
    }
}
