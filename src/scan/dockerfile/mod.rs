//! Image references in a Dockerfile, read as BuildKit reads it: the `# syntax=` frontend image,
//! `FROM`, `COPY --from=` and `RUN --mount=…,from=`.
//!
//! A reference is reported only where BuildKit would use one, with the value BuildKit would use,
//! at the position of its first byte. So this reader follows BuildKit's Dockerfile parser
//! (`frontend/dockerfile/parser`) and its shell lexer (`frontend/dockerfile/shell/lex.go`) on
//! every point that decides what a reference is:
//!
//! - **Byte-order mark.** A UTF-8 BOM before the first line is dropped, as BuildKit drops it.
//!   Columns on line 1 count from the first character after it: no editor shows the BOM, so the
//!   column a person looks for starts at the first character they see. (A tool that maps a column
//!   back to a byte offset of the file adds the BOM's 3 bytes on line 1.)
//! - **Parser directives** are `# key=value` lines before the first instruction, comment or blank
//!   line, with a key BuildKit knows (`syntax`, `escape`, `check`); anything else ends them.
//!   `# escape=` sets the escape character. `# syntax=IMAGE` names the frontend image BuildKit
//!   pulls: its first space-separated word is a candidate, at its first byte. It is found as
//!   BuildKit's `DetectSyntax` finds it: a `#!` first line is skipped, lines are not trimmed
//!   (an indented `# syntax=` names no frontend), and `// syntax=` lines count when no
//!   `# syntax=` does.
//! - **Logical lines.** A line ending in the escape character (then spaces or tabs) continues on
//!   the next, unless the escape is itself escaped; the pieces are joined as written, with no
//!   space added (`alpine:\` then `3.20` is `alpine:3.20`). Comment and blank lines inside a
//!   continuation are skipped.
//! - **Words.** The instruction's `--flags` are split at white space outside quotes and unquoted;
//!   `FROM`'s arguments are split at white space (quotes do not group them); `ARG`'s at white
//!   space outside quotes. A base image, an `ARG` default and a `--from` value then go through
//!   the shell lexer: quotes are removed (`"alpine:3.20"` is `alpine:3.20`), single quotes keep
//!   `$` literal, the escape character makes the next character literal, and variables expand.
//!   A word the lexer refuses (an unterminated quote, `${` without `}`) fails BuildKit's build;
//!   it is checked as written, so the problem is reported where it is.
//! - **Heredocs.** In `RUN`, `COPY` and `ADD` (also after `ONBUILD`), each word of the form
//!   `[n]<<[-]WORD` opens a here-document whose body, up to the line equal to `WORD` after quote
//!   removal (`<<"EOT"`, `<<'EOT'`, `<<\EOT` all end at `EOT`; `<<-` ignores leading tabs), is
//!   data. Several per line are read in order.
//! - **Variables.** `$V`, `${V}`, `${V:-word}`, `${V-word}`, `${V:+word}`, `${V+word}`,
//!   `${V:?word}`, `${V?word}` expand from `ARG` defaults: the global ones (before the first
//!   `FROM`) for `FROM`, the stage's own for `--from` values; a stage sees a global `ARG` only
//!   by declaring it again. An `ARG` default is expanded where it is declared, once: a `$` left
//!   in its value (from single quotes or an escape) is literal. A variable with no known value
//!   is unset for the forms that say what unset means (`${V:-word}` is `word`); elsewhere the
//!   reference is [`Value::Unresolved`], saying whether the variable has no default
//!   ([`Unknown::NoDefault`]) or a global default the stage does not see
//!   ([`Unknown::OutOfScope`]). A global `ARG V` without a default does not erase an earlier
//!   `ARG V=…` (BuildKit since v0.17).
//! - **Stages.** `scratch` and, after expansion, the name of an earlier stage (compared
//!   case-insensitively) are not references; neither is a `--from` stage name or index.
//!
//! Where this reader knowingly differs from BuildKit: BuildKit refuses a variable in a `--from`
//! value, which docs/scan.md S2 asks to expand; `${V#…}`, `${V%…}` and `${V/…/…}` are not
//! evaluated (the reference is unresolved); `ENV` values and the automatic platform `ARG`s have no
//! value here; and a `// syntax=` or JSON-form frontend file is still read as a Dockerfile.
//!
//! Time is linear in the text, memory a small multiple of it: the shell lexer keeps an explicit
//! stack (nested `${…}` cannot overflow the call stack), one expansion adds at most
//! [`MAX_EXPANSION`] bytes and a file's expansions together at most [`MAX_FILE_SIZE`].

// The crate is `no_std`; this module is built only with `std`.
use std::prelude::rust_2021::*;

use super::{Candidate, Unknown, Value, MAX_EXPANSION, MAX_FILE_SIZE};
use crate::kind::Kind;
use std::collections::{HashMap, HashSet};

mod lines;
mod shell;
mod words;
use lines::*;
use shell::*;
use words::*;

/// Finds the image-reference candidates of a Dockerfile, in file order.
///
/// Stage names are not references: neither `FROM base AS build` … `FROM build` nor
/// `COPY --from=build`; nor is `scratch`. A reference holding a variable is expanded from the
/// `ARG` defaults declared before it (the global ones for `FROM`, the stage's for `COPY` and
/// `RUN`); when one has no known value it is a [`Value::Unresolved`], and when the expansion
/// would pass [`MAX_EXPANSION`] bytes it is a [`Value::TooLong`].
///
/// ```
/// use registry_names::scan::{dockerfile, Value};
/// let found = dockerfile::candidates("ARG V=1.27\nFROM nginx:${V} AS web\nFROM web\n");
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].line, found[0].column), (2, 6));
/// assert_eq!(found[0].value, Value::Reference("nginx:1.27".into()));
/// ```
pub fn candidates(text: &str) -> Vec<Candidate> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let directives = Directives::read(text);
    let mut reader = Reader {
        found: Vec::new(),
        stages: HashSet::new(),
        global: HashMap::new(),
        stage: HashMap::new(),
        in_stage: false,
        escape: directives.escape,
        budget: Budget {
            left: MAX_FILE_SIZE as usize,
        },
    };
    if let Some((line, column, image)) = directives.syntax {
        reader.found.push(Candidate {
            kind: Kind::ImageReference,
            line,
            column,
            value: Value::Reference(image.to_string()),
        });
    }
    let mut lines = LogicalLines {
        lines: Lines::new(text),
        escape: directives.escape,
    };
    while let Some(line) = lines.next_line() {
        let (instruction, rest) = command(&line.text);
        reader.instruction(&line, instruction, rest);
        // BuildKit reads here-documents in these instructions only, also as ONBUILD triggers.
        let instruction = if instruction.eq_ignore_ascii_case("ONBUILD") {
            let mut flags = Flags::new(&line.text, rest, reader.escape);
            flags.by_ref().for_each(drop);
            command(&line.text[flags.at..]).0
        } else {
            instruction
        };
        let opens_heredocs = ["RUN", "COPY", "ADD"]
            .iter()
            .any(|c| instruction.eq_ignore_ascii_case(c));
        if opens_heredocs && line.text.contains("<<") {
            lines.skip_heredocs(&line.text);
        }
    }
    reader.found
}

/// An `ARG`'s value, as far as it is known.
enum Arg {
    Value(String),
    Unknown(Unknown),
}

/// What the reader knows at a point of the file.
struct Reader {
    found: Vec<Candidate>,
    /// Names of the stages so far, lowercased (BuildKit lowercases them).
    stages: HashSet<String>,
    /// ARGs before the first FROM that have a default (BuildKit gives one declared without a
    /// default no value, so it is not here).
    global: HashMap<String, Arg>,
    /// The current stage's ARGs.
    stage: HashMap<String, Arg>,
    in_stage: bool,
    escape: char,
    budget: Budget,
}

impl Reader {
    fn instruction(&mut self, line: &LogicalLine, command: &str, rest: usize) {
        let text = line.text.as_str();
        let mut flags = Flags::new(text, rest, self.escape);
        if command.eq_ignore_ascii_case("FROM") {
            flags.by_ref().for_each(drop);
            self.from(line, flags.at);
        } else if command.eq_ignore_ascii_case("ARG") {
            flags.by_ref().for_each(drop);
            self.arg(text, flags.at);
        } else if command.eq_ignore_ascii_case("COPY") || command.eq_ignore_ascii_case("RUN") {
            let copy = command.eq_ignore_ascii_case("COPY");
            for (start, end) in flags {
                let word = &text[start..end];
                let flag = unquote_flag(word, self.escape);
                let mut source = FlagSource::new(word, self.escape);
                if copy {
                    if let Some(value) = flag.strip_prefix("--from=") {
                        self.stage_source(line, start, &mut source, value, 7);
                    }
                } else if let Some(options) = flag.strip_prefix("--mount=") {
                    // BuildKit reads the options as one CSV record, keys in any case.
                    csv_fields(options, |at, quoted, field| {
                        let Some((key, value)) = field.split_once('=') else {
                            return;
                        };
                        if key.eq_ignore_ascii_case("from") {
                            let at = 8 + at + usize::from(quoted) + key.len() + 1;
                            self.stage_source(line, start, &mut source, value, at);
                        }
                    });
                }
            }
        }
    }

    /// `FROM [--flags] IMAGE [AS NAME]`: BuildKit splits the arguments at white space, expands
    /// IMAGE with the global ARGs, and then looks it up among the earlier stages.
    fn from(&mut self, line: &LogicalLine, args: usize) {
        self.in_stage = true;
        self.stage.clear();
        let text = line.text.as_str();
        let mut words = text[args..]
            .trim()
            .split(is_separator)
            .filter(|w| !w.is_empty())
            .map(|w| (offset_in(text, w), w));
        let Some((at, image)) = words.next() else {
            return;
        };
        let name = match (words.next(), words.next(), words.next()) {
            (Some((_, as_word)), Some((_, name)), None) if as_word.eq_ignore_ascii_case("as") => {
                Some(name.to_lowercase())
            }
            _ => None,
        };
        let global = &self.global;
        let lookup = |name: &str| match global.get(name) {
            Some(Arg::Value(v)) => Lookup::Value(v),
            Some(Arg::Unknown(why)) => Lookup::Unknown(*why),
            None => Lookup::Unknown(Unknown::NoDefault),
        };
        let value = match lex(image, self.escape, true, &lookup, &mut self.budget) {
            Lexed::Text { text: value, first } => {
                let stage = value.eq_ignore_ascii_case("scratch")
                    || self.stages.contains(&value.to_lowercase());
                (!stage).then_some((at + first, Value::Reference(value)))
            }
            Lexed::Unresolved(why) => Some((at, Value::Unresolved(image.to_string(), why))),
            Lexed::TooLong => Some((at, Value::TooLong(image.to_string()))),
            Lexed::Malformed => Some((at, Value::Reference(image.to_string()))),
        };
        if let Some((at, value)) = value {
            self.push(line, at, value);
        }
        if let Some(name) = name {
            self.stages.insert(name);
        }
    }

    /// `ARG NAME[=DEFAULT] …`: words split at white space outside quotes; each default expanded
    /// (with quote removal) from the ARGs of its scope declared before it.
    fn arg(&mut self, text: &str, args: usize) {
        let escape = self.escape;
        let end = args + text[args..].trim_end().len();
        for (start, word_end) in ArgWords::new(text, args, end, escape) {
            let word = &text[start..word_end];
            let Some((name, default)) = word.split_once('=') else {
                // Declared without a default: a stage takes the global value, if any (else it
                // keeps what it had); a global ARG keeps an earlier default.
                if self.in_stage {
                    let inherited = match self.global.get(word) {
                        Some(Arg::Value(v)) => Some(Arg::Value(v.clone())),
                        Some(Arg::Unknown(why)) => Some(Arg::Unknown(*why)),
                        None if self.stage.contains_key(word) => None,
                        None => Some(Arg::Unknown(Unknown::NoDefault)),
                    };
                    if let Some(arg) = inherited {
                        self.stage.insert(word.to_string(), arg);
                    }
                }
                continue;
            };
            if name.is_empty() {
                continue;
            }
            let (global, stage, in_stage) = (&self.global, &self.stage, self.in_stage);
            let lookup = |name: &str| scope_lookup(global, stage, in_stage, name);
            let value = match lex(default, escape, true, &lookup, &mut self.budget) {
                Lexed::Text { text, .. } => Arg::Value(text),
                Lexed::Unresolved(why) => Arg::Unknown(why),
                // An expansion past the bounds, or a default BuildKit refuses: no known value.
                Lexed::TooLong | Lexed::Malformed => Arg::Unknown(Unknown::NoDefault),
            };
            let scope = if self.in_stage {
                &mut self.stage
            } else {
                &mut self.global
            };
            scope.insert(name.to_string(), value);
        }
    }

    /// A `--from=` value (of `COPY`, or of a `--mount`'s options): a stage name, a stage index,
    /// or a reference. `value` is the unquoted text of the flag at `start` from byte `at` of it.
    fn stage_source(
        &mut self,
        line: &LogicalLine,
        start: usize,
        source: &mut FlagSource<'_>,
        value: &str,
        at: usize,
    ) {
        let escape = self.escape;
        let (global, stage) = (&self.global, &self.stage);
        let lookup = |name: &str| scope_lookup(global, stage, true, name);
        // The flag's quotes are already removed, as BuildKit removes them.
        let (first, value) = match lex(value, escape, false, &lookup, &mut self.budget) {
            Lexed::Text { text, first } => {
                let index = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
                if text.is_empty() || index || self.stages.contains(&text.to_lowercase()) {
                    return;
                }
                (first, Value::Reference(text))
            }
            Lexed::Unresolved(why) => (0, Value::Unresolved(value.to_string(), why)),
            Lexed::TooLong => (0, Value::TooLong(value.to_string())),
            Lexed::Malformed => (0, Value::Reference(value.to_string())),
        };
        let at = start + source.source(at + first);
        self.push(line, at, value);
    }

    fn push(&mut self, line: &LogicalLine, at: usize, value: Value) {
        let (line, column) = line.position(at);
        self.found.push(Candidate {
            kind: Kind::ImageReference,
            line,
            column,
            value,
        });
    }
}

/// A variable as a `--from` value (or an ARG default) sees it: the stage's ARGs inside a stage,
/// where a global ARG with a default that the stage does not declare is out of scope.
fn scope_lookup<'a>(
    global: &'a HashMap<String, Arg>,
    stage: &'a HashMap<String, Arg>,
    in_stage: bool,
    name: &str,
) -> Lookup<'a> {
    let scope = if in_stage { stage } else { global };
    match scope.get(name) {
        Some(Arg::Value(v)) => Lookup::Value(v),
        Some(Arg::Unknown(why)) => Lookup::Unknown(*why),
        None if in_stage && global.contains_key(name) => Lookup::Unknown(Unknown::OutOfScope),
        None => Lookup::Unknown(Unknown::NoDefault),
    }
}

/// The byte offset of `part` (a subslice of `text`) in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// The white space BuildKit splits an instruction and `FROM`'s arguments at (`[\t\v\f\r ]`).
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\x0B' | '\x0C' | '\r')
}

/// The instruction word of a logical line and the offset after it.
fn command(text: &str) -> (&str, usize) {
    let start = text.len() - text.trim_start().len();
    let end = text[start..]
        .find(is_separator)
        .map_or(text.len(), |e| start + e);
    (&text[start..end], end)
}

/// The bytes a file's expansions may still add to its references and `ARG` values together.
/// One expansion may add at most [`MAX_EXPANSION`] bytes, and a file's expansions at most
/// [`MAX_FILE_SIZE`]: without the second bound, thousands of short lines could each expand to
/// 64 KiB.
struct Budget {
    left: usize,
}

#[cfg(test)]
mod tests;
