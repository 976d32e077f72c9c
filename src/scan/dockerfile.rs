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

// ---------------------------------------------------------------------------------------------
// Lines

/// The physical lines of a text with their 1-based numbers, without the line feed and the
/// carriage returns before it (BuildKit trims both).
#[derive(Clone)]
struct Lines<'a> {
    rest: Option<&'a str>,
    number: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            rest: Some(text),
            number: 0,
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest?;
        let (line, next) = match rest.find('\n') {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        self.rest = next;
        self.number += 1;
        Some((self.number, line.trim_end_matches('\r')))
    }
}

/// The parser directives at the top of a file.
struct Directives<'a> {
    escape: char,
    /// The `# syntax=` frontend image: its line, column and text.
    syntax: Option<(usize, usize, &'a str)>,
}

impl<'a> Directives<'a> {
    fn read(text: &'a str) -> Self {
        // The escape directive as BuildKit's parser reads it: lines trimmed on the left.
        let mut escape = '\\';
        let mut seen = Vec::new();
        for (_, line) in Lines::new(text) {
            let Some((key, _, value)) = directive(line.trim_start(), "#") else {
                break;
            };
            if seen.contains(&key) {
                // BuildKit refuses a repeated directive.
                break;
            }
            seen.push(key);
            if key == "escape" {
                if let "\\" | "`" = value {
                    escape = value.chars().next().unwrap_or('\\');
                }
            }
        }
        // The frontend as BuildKit's DetectSyntax finds it: after a `#!` line, untrimmed lines,
        // `#` directives first, then `//` ones.
        let mut lines = Lines::new(text).peekable();
        if lines.peek().is_some_and(|(_, line)| line.starts_with("#!")) {
            lines.next();
        }
        let syntax = ["#", "//"].into_iter().find_map(|prefix| {
            let mut seen = Vec::new();
            for (number, line) in lines.clone() {
                let (key, at, value) = directive(line, prefix)?;
                if seen.contains(&key) {
                    return None;
                }
                seen.push(key);
                if key == "syntax" {
                    let image = value.split(' ').next().unwrap_or_default();
                    return (!image.is_empty()).then_some((number, at + 1, image));
                }
            }
            None
        });
        Directives { escape, syntax }
    }
}

/// A parser directive `PREFIX key = value` (BuildKit's `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
/// after the prefix and any white space) with a key BuildKit knows: the lowercased key, the
/// value's offset in `line` and the value.
fn directive<'a>(line: &'a str, prefix: &str) -> Option<(&'static str, usize, &'a str)> {
    // Go's `\s`: no vertical tab.
    let space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r');
    let body = line.strip_prefix(prefix)?.trim_start();
    let key_len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let key = ["syntax", "escape", "check"]
        .into_iter()
        .find(|k| k.eq_ignore_ascii_case(&body[..key_len]))?;
    let after = body[key_len..]
        .trim_start_matches(space)
        .strip_prefix('=')?;
    if after.is_empty() {
        return None;
    }
    let value = after.trim_start_matches(space).trim_end_matches(space);
    Some((key, offset_in(line, value), value))
}

/// One instruction with its continuation lines joined, and where each piece came from.
struct LogicalLine {
    text: String,
    /// (offset in `text`, 1-based line, 1-based byte column) where each physical piece starts.
    pieces: Vec<(usize, usize, usize)>,
}

impl LogicalLine {
    /// The 1-based line and byte column of the byte at `at` in the joined text.
    fn position(&self, at: usize) -> (usize, usize) {
        let index = self.pieces.partition_point(|&(start, ..)| start <= at);
        let (start, line, column) = self
            .pieces
            .get(index.saturating_sub(1))
            .copied()
            .unwrap_or((0, 1, 1));
        (line, column + at.saturating_sub(start))
    }
}

/// Reads a Dockerfile as logical lines as BuildKit's parser does.
struct LogicalLines<'a> {
    lines: Lines<'a>,
    escape: char,
}

impl<'a> LogicalLines<'a> {
    fn next_line(&mut self) -> Option<LogicalLine> {
        let mut logical = LogicalLine {
            text: String::new(),
            pieces: Vec::new(),
        };
        let mut started = false;
        for (number, raw) in self.lines.by_ref() {
            let trimmed = raw.trim_start();
            // Comments vanish, also between continuation lines (directives are comments too).
            if trimmed.starts_with('#') {
                continue;
            }
            // An instruction's first line is trimmed on the left; its continuation lines are
            // taken as written, except blank ones, which are skipped.
            let (piece, indent) = if started {
                if trimmed.is_empty() {
                    continue;
                }
                (raw, 0)
            } else {
                (trimmed, raw.len() - trimmed.len())
            };
            let (content, continues) = continuation(piece, self.escape);
            if !started && !continues && content.is_empty() {
                continue;
            }
            started = true;
            // A piece that adds nothing needs no entry: memory follows the text, not the number
            // of lines.
            if !content.is_empty() {
                logical
                    .pieces
                    .push((logical.text.len(), number, indent + 1));
                logical.text.push_str(content);
            }
            if !continues {
                return Some(logical);
            }
        }
        started.then_some(logical)
    }

    /// Skips the bodies of the here-documents a `RUN`, `COPY` or `ADD` line opens, in order.
    /// BuildKit finds none on a line its lexer refuses.
    fn skip_heredocs(&mut self, line: &str) {
        if heredoc_words(line, |_| {}).is_err() {
            return;
        }
        let lines = &mut self.lines;
        let _ = heredoc_words(line, |word| {
            let Some((name, chomp)) = heredoc(word) else {
                return;
            };
            for (_, body) in lines.by_ref() {
                let body = if chomp {
                    body.trim_start_matches('\t')
                } else {
                    body
                };
                if body == name {
                    break;
                }
            }
        });
    }
}

/// A physical line without its continuation escape (and the spaces or tabs after it), and
/// whether it continues: BuildKit's `([^E])E[ \t]*$|^E[ \t]*$`, so an escaped escape at the end
/// does not continue the line.
fn continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = line.trim_end_matches([' ', '\t']);
    match trimmed.strip_suffix(escape) {
        Some(before) if !before.ends_with(escape) => (before, true),
        _ => (line, false),
    }
}

// ---------------------------------------------------------------------------------------------
// Words

/// BuildKit's builder flags: the words right after the instruction that start with `--`, split
/// at white space outside quotes (the escape character makes the next character part of the
/// word). Yields each flag's byte range; afterwards `at` is where the arguments start.
struct Flags<'a> {
    text: &'a str,
    at: usize,
    escape: char,
    done: bool,
}

impl<'a> Flags<'a> {
    fn new(text: &'a str, at: usize, escape: char) -> Self {
        Flags {
            text,
            at,
            escape,
            done: false,
        }
    }
}

impl Iterator for Flags<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let rest = &self.text[self.at..];
        let start = self.at + (rest.len() - rest.trim_start().len());
        self.at = start;
        if !self.text[start..].starts_with("--") {
            self.done = true;
            return None;
        }
        let end = word_end(self.text, start, self.escape, true);
        self.at = end;
        if &self.text[start..end] == "--" {
            // `--` ends the flags and is not one.
            self.done = true;
            return None;
        }
        Some((start, end))
    }
}

/// Where a word starting at `start` ends: at white space outside quotes, skipping what the
/// escape character escapes (inside single quotes too when `escape_in_single`, as BuildKit's
/// flag reader does, unlike its `ARG` reader).
fn word_end(text: &str, start: usize, escape: char, escape_in_single: bool) -> usize {
    let mut quote = None;
    let mut chars = text[start..].char_indices();
    while let Some((i, c)) = chars.next() {
        match quote {
            None if c.is_whitespace() => return start + i,
            None if c == '"' || c == '\'' => quote = Some(c),
            Some(q) if c == q => quote = None,
            Some('\'') if c == escape && !escape_in_single => {}
            _ if c == escape => {
                chars.next();
            }
            _ => {}
        }
    }
    text.len()
}

/// A flag word as BuildKit's flag reader leaves it: quotes removed, each escaped character kept
/// without its escape. Yields each kept character with its offset in the word.
struct Unquote<'a> {
    chars: std::str::CharIndices<'a>,
    escape: char,
    quote: Option<char>,
}

impl<'a> Unquote<'a> {
    fn new(word: &'a str, escape: char) -> Self {
        Unquote {
            chars: word.char_indices(),
            escape,
            quote: None,
        }
    }
}

impl Iterator for Unquote<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (i, c) = self.chars.next()?;
            match self.quote {
                None if c == '"' || c == '\'' => self.quote = Some(c),
                Some(q) if c == q => self.quote = None,
                // Also inside quotes; an escape ending the word is dropped.
                _ if c == self.escape => return self.chars.next(),
                _ => return Some((i, c)),
            }
        }
    }
}

fn unquote_flag(word: &str, escape: char) -> String {
    Unquote::new(word, escape).map(|(_, c)| c).collect()
}

/// Maps offsets in a flag's unquoted text back to the flag as written, moving forward only, so
/// that the many `from=` of one `--mount` cost one walk.
struct FlagSource<'a> {
    kept: std::iter::Peekable<Unquote<'a>>,
    /// The unquoted bytes before `kept`'s next character.
    at: usize,
    len: usize,
}

impl<'a> FlagSource<'a> {
    fn new(word: &'a str, escape: char) -> Self {
        FlagSource {
            kept: Unquote::new(word, escape).peekable(),
            at: 0,
            len: word.len(),
        }
    }

    /// The offset in the word of byte `at` of its unquoted text (its end if `at` is past it);
    /// `at` never decreases from one call to the next.
    fn source(&mut self, at: usize) -> usize {
        while let Some(&(i, c)) = self.kept.peek() {
            if self.at >= at {
                return i;
            }
            self.at += c.len_utf8();
            self.kept.next();
        }
        self.len
    }
}

/// Calls `field(offset, quoted, text)` for each field of a CSV record (a quoted field loses its
/// quotes, `""` in it stands for `"`), as BuildKit reads `--mount` options.
fn csv_fields(record: &str, mut field: impl FnMut(usize, bool, &str)) {
    let mut at = 0;
    loop {
        let rest = &record[at..];
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut text = String::new();
            let mut i = 0;
            let end = loop {
                let Some(q) = quoted[i..].find('"') else {
                    // BuildKit refuses an unterminated quoted field.
                    return;
                };
                text.push_str(&quoted[i..i + q]);
                i += q + 1;
                if quoted[i..].starts_with('"') {
                    text.push('"');
                    i += 1;
                } else {
                    break i;
                }
            };
            field(at, true, &text);
            match quoted[end..].strip_prefix(',') {
                Some(_) => at += 1 + end + 1,
                None => return,
            }
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            field(at, false, &rest[..end]);
            if end == rest.len() {
                return;
            }
            at += end + 1;
        }
    }
}

/// BuildKit's `ARG` words (its `parseWords`): split at white space outside quotes, quotes and
/// escapes kept for the lexer; an escape character ending the arguments is dropped.
struct ArgWords<'a> {
    text: &'a str,
    at: usize,
    end: usize,
    escape: char,
}

impl<'a> ArgWords<'a> {
    fn new(text: &'a str, at: usize, end: usize, escape: char) -> Self {
        ArgWords {
            text,
            at,
            end,
            escape,
        }
    }
}

impl Iterator for ArgWords<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.text[self.at..self.end];
        let start = self.at + (rest.len() - rest.trim_start().len());
        if start >= self.end {
            self.at = self.end;
            return None;
        }
        let end = word_end(&self.text[..self.end], start, self.escape, false);
        self.at = end;
        let word = &self.text[start..end];
        let end = match word.strip_suffix(self.escape) {
            Some(kept) if end == self.end && !kept.ends_with(self.escape) => start + kept.len(),
            _ => end,
        };
        Some((start, end))
    }
}

// ---------------------------------------------------------------------------------------------
// The shell lexer

/// One construct of a word, as BuildKit's shell lexer sees it; offsets are in the word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event<'a> {
    /// A character taken as it is.
    Char(usize, char),
    /// The escape character at the offset and the character it makes literal.
    Escaped(usize, char),
    /// An escape character inside double quotes before a character it does not escape: both
    /// stay.
    LoneEscape(usize),
    /// An escape character ending the word: dropped.
    TrailingEscape(usize),
    /// `'…'`, with its content.
    Single(usize, &'a str),
    DoubleOpen(usize),
    DoubleClose(usize),
    /// `$NAME`; an empty name is a lone `$`, which stays.
    Var(usize, &'a str),
    /// `${NAME}`.
    Braced(usize, &'a str),
    /// `${NAME` and an operator (`-`, `+`, `?`, `#`, `%`, `/`, or any character after `:`):
    /// a word follows, up to the matching [`Event::Close`] (with an [`Event::Slash`] for `/`).
    Open(Open<'a>),
    Slash(usize),
    Close(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Open<'a> {
    /// The offset of its `$`.
    at: usize,
    name: &'a str,
    colon: bool,
    op: char,
}

/// A word BuildKit's lexer refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Malformed;

/// What the lexer is inside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Double,
    /// The word of `${NAME<op>…}`, up to `}`.
    Brace,
    /// The pattern of `${NAME/…/…}`, up to `/`.
    Pattern,
}

/// Walks a word construct by construct, with an explicit stack of what it is inside of, so that
/// nesting costs memory in proportion to the word and never the call stack.
struct Scanner<'a> {
    word: &'a str,
    at: usize,
    escape: char,
    /// Whether quotes are special (BuildKit's `SkipProcessQuotes` is the opposite).
    quotes: bool,
    stack: Vec<Context>,
    failed: bool,
}

impl<'a> Scanner<'a> {
    fn new(word: &'a str, escape: char, quotes: bool) -> Self {
        Scanner {
            word,
            at: 0,
            escape,
            quotes,
            stack: Vec::new(),
            failed: false,
        }
    }

    fn peek(&self) -> Option<char> {
        self.word[self.at..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    fn step(&mut self) -> Option<Result<Event<'a>, Malformed>> {
        let at = self.at;
        let Some(c) = self.peek() else {
            // The end of the word closes nothing: anything still open is unterminated.
            return (!self.stack.is_empty()).then_some(Err(Malformed));
        };
        let context = self.stack.last().copied();
        if context == Some(Context::Double) {
            return Some(Ok(match c {
                '"' => {
                    self.at += 1;
                    self.stack.pop();
                    Event::DoubleClose(at)
                }
                '$' => return Some(self.dollar()),
                _ if c == self.escape => {
                    self.bump();
                    match self.peek() {
                        None => return Some(Err(Malformed)),
                        Some(n) if n == '"' || n == '$' || n == self.escape => {
                            self.bump();
                            Event::Escaped(at, n)
                        }
                        Some(_) => Event::LoneEscape(at),
                    }
                }
                _ => {
                    self.bump();
                    Event::Char(at, c)
                }
            }));
        }
        let stop = match context {
            Some(Context::Brace) => Some('}'),
            Some(Context::Pattern) => Some('/'),
            _ => None,
        };
        if Some(c) == stop {
            self.at += 1;
            return Some(Ok(if context == Some(Context::Pattern) {
                self.stack.pop();
                self.stack.push(Context::Brace);
                Event::Slash(at)
            } else {
                self.stack.pop();
                Event::Close(at)
            }));
        }
        Some(Ok(match c {
            '$' => return Some(self.dollar()),
            '\'' if self.quotes => {
                let Some(end) = self.word[at + 1..].find('\'') else {
                    return Some(Err(Malformed));
                };
                self.at = at + 1 + end + 1;
                Event::Single(at, &self.word[at + 1..at + 1 + end])
            }
            '"' if self.quotes => {
                self.at += 1;
                self.stack.push(Context::Double);
                Event::DoubleOpen(at)
            }
            _ if c == self.escape => {
                self.bump();
                match self.bump() {
                    Some(n) => Event::Escaped(at, n),
                    None if context.is_none() => Event::TrailingEscape(at),
                    None => return Some(Err(Malformed)),
                }
            }
            _ => {
                self.bump();
                Event::Char(at, c)
            }
        }))
    }

    /// `$…` at the current offset.
    fn dollar(&mut self) -> Result<Event<'a>, Malformed> {
        let at = self.at;
        self.at += 1;
        if self.peek() != Some('{') {
            return Ok(Event::Var(at, self.name()));
        }
        self.at += 1;
        if matches!(self.peek(), None | Some('{' | '}' | ':')) {
            return Err(Malformed);
        }
        let name = self.name();
        let (colon, op) = match self.bump().ok_or(Malformed)? {
            '}' => return Ok(Event::Braced(at, name)),
            ':' => (true, self.bump().ok_or(Malformed)?),
            op @ ('-' | '+' | '?' | '#' | '%' | '/') => (false, op),
            _ => return Err(Malformed),
        };
        if op == '/' && !colon {
            // `//` replaces every match; either way a pattern comes first.
            if self.peek() == Some('/') {
                self.at += 1;
            }
            self.stack.push(Context::Pattern);
        } else {
            self.stack.push(Context::Brace);
        }
        Ok(Event::Open(Open {
            at,
            name,
            colon,
            op,
        }))
    }

    /// A variable's name: digits (a positional parameter), one special parameter, or letters,
    /// digits and `_`.
    fn name(&mut self) -> &'a str {
        let start = self.at;
        let rest = &self.word[start..];
        let len = match rest.chars().next() {
            Some(c) if c.is_ascii_digit() => rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len()),
            Some('@' | '*' | '#' | '?' | '-' | '$' | '!') => 1,
            _ => rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len()),
        };
        self.at += len;
        &self.word[start..start + len]
    }
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Result<Event<'a>, Malformed>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let event = self.step();
        self.failed = matches!(event, Some(Err(_)));
        event
    }
}

/// A variable's value as an expansion sees it.
#[derive(Debug, Clone, Copy)]
enum Lookup<'a> {
    Value(&'a str),
    Unknown(Unknown),
    /// Left as written (BuildKit's `SkipUnsetEnv`, for heredoc words).
    AsWritten,
}

/// A word after quote removal and expansion.
#[derive(Debug, PartialEq, Eq)]
enum Lexed {
    /// The word's value, and the offset in the word of what gave its first byte (the word's
    /// start if the value is empty).
    Text { text: String, first: usize },
    /// A variable it needs has no known value.
    Unresolved(Unknown),
    /// Its expansion passes [`MAX_EXPANSION`] bytes or the file's budget.
    TooLong,
    /// BuildKit's lexer refuses it.
    Malformed,
}

/// An open `"…"` or `${NAME<op>…}` while a word is expanded.
struct Frame<'a> {
    /// `None` for a double quote.
    open: Option<(Open<'a>, Lookup<'a>)>,
    /// Where its output starts.
    start: usize,
    /// Whether escapes are kept in its output (the words of `#`, `%` and `/`).
    raw: bool,
    /// Why a variable inside it has no value, if one has none.
    unknown: Option<Unknown>,
}

/// Expands one word as BuildKit's `ProcessWord` does: quote removal (if `quotes`), escapes and
/// variables from `vars`.
fn lex<'v>(
    word: &str,
    escape: char,
    quotes: bool,
    vars: &dyn Fn(&str) -> Lookup<'v>,
    budget: &mut Budget,
) -> Lexed {
    let mut out = String::new();
    let mut frames: Vec<Frame<'_>> = Vec::new();
    let mut top_unknown = None;
    let mut first = None;
    // The construct being read at the top level: where it gives its first byte, and the output's
    // length before it.
    let mut construct = (0, 0);
    // Why a variable has no value: noted on the innermost frame, whose word may yet be dropped.
    fn note(frames: &mut [Frame<'_>], top: &mut Option<Unknown>, why: Unknown) {
        let slot = frames.last_mut().map_or(top, |f| &mut f.unknown);
        slot.get_or_insert(why);
    }
    // Appends a variable's value, within the bounds.
    fn substitute(out: &mut String, value: &str, budget: &mut Budget) -> Result<(), Lexed> {
        if out.len() + value.len() > MAX_EXPANSION || value.len() > budget.left {
            return Err(Lexed::TooLong);
        }
        budget.left -= value.len();
        out.push_str(value);
        Ok(())
    }
    for event in Scanner::new(word, escape, quotes) {
        let Ok(event) = event else {
            return Lexed::Malformed;
        };
        let raw = frames.last().is_some_and(|f| f.raw);
        if frames.is_empty() {
            let at = match event {
                // A quoted word's first byte is its first content byte.
                Event::Single(at, _) | Event::DoubleOpen(at) => at + 1,
                Event::Char(at, _)
                | Event::Escaped(at, _)
                | Event::LoneEscape(at)
                | Event::TrailingEscape(at)
                | Event::DoubleClose(at)
                | Event::Var(at, _)
                | Event::Braced(at, _)
                | Event::Slash(at)
                | Event::Close(at) => at,
                Event::Open(open) => open.at,
            };
            construct = (at, out.len());
        }
        match event {
            Event::Char(_, c) => out.push(c),
            Event::Escaped(_, c) => {
                if raw {
                    out.push(escape);
                }
                out.push(c);
            }
            Event::LoneEscape(_) => {
                if raw {
                    out.push(escape);
                }
                out.push(escape);
            }
            Event::TrailingEscape(_) => {
                if raw {
                    out.push(escape);
                }
            }
            Event::Single(_, s) => out.push_str(s),
            Event::DoubleOpen(_) => frames.push(Frame {
                open: None,
                start: out.len(),
                raw,
                unknown: None,
            }),
            Event::DoubleClose(_) => {
                if let Some(why) = frames.pop().and_then(|f| f.unknown) {
                    note(&mut frames, &mut top_unknown, why);
                }
            }
            Event::Var(_, "") => out.push('$'),
            Event::Var(_, name) | Event::Braced(_, name) => match vars(name) {
                Lookup::Value(v) => {
                    if let Err(e) = substitute(&mut out, v, budget) {
                        return e;
                    }
                }
                Lookup::Unknown(why) => note(&mut frames, &mut top_unknown, why),
                Lookup::AsWritten => {
                    let braced = matches!(event, Event::Braced(..));
                    out.push('$');
                    out.push_str(if braced { "{" } else { "" });
                    out.push_str(name);
                    out.push_str(if braced { "}" } else { "" });
                }
            },
            Event::Open(open) => {
                let lookup = vars(open.name);
                let start = out.len();
                if let Lookup::AsWritten = lookup {
                    out.push_str("${");
                    out.push_str(open.name);
                    if open.colon {
                        out.push(':');
                    }
                    out.push(open.op);
                }
                frames.push(Frame {
                    open: Some((open, lookup)),
                    start,
                    raw: matches!(open.op, '#' | '%' | '/'),
                    unknown: None,
                });
            }
            Event::Slash(_) => {
                if let Some(Frame {
                    open: Some((_, Lookup::AsWritten)),
                    ..
                }) = frames.last()
                {
                    out.push('/');
                }
            }
            Event::Close(_) => {
                let Some(Frame {
                    open: Some((open, lookup)),
                    start,
                    unknown,
                    ..
                }) = frames.pop()
                else {
                    return Lexed::Malformed;
                };
                let set = match lookup {
                    Lookup::Value(v) if !(open.colon && v.is_empty()) => Some(v),
                    Lookup::Value(_) => None,
                    Lookup::Unknown(_) => None,
                    Lookup::AsWritten => {
                        out.push('}');
                        if let Some(why) = unknown {
                            note(&mut frames, &mut top_unknown, why);
                        }
                        continue;
                    }
                };
                // The word stays (`${V:-word}` of an unset V, `${V:+word}` of a set one), or
                // gives way to the value or to nothing.
                let keep_word = match (open.op, set) {
                    ('-', None) | ('+', Some(_)) => true,
                    ('-' | '?', Some(v)) => {
                        out.truncate(start);
                        if let Err(e) = substitute(&mut out, v, budget) {
                            return e;
                        }
                        false
                    }
                    ('+', None) => {
                        out.truncate(start);
                        false
                    }
                    ('?', None) => match lookup {
                        Lookup::Unknown(why) => {
                            out.truncate(start);
                            note(&mut frames, &mut top_unknown, why);
                            false
                        }
                        // `${V:?}` of an empty V stops BuildKit's build.
                        _ => return Lexed::Malformed,
                    },
                    // `:` before `/` is an operator BuildKit does not know.
                    ('/', _) if open.colon => return Lexed::Malformed,
                    // Not evaluated here: the reference stays unresolved.
                    ('#' | '%' | '/', _) => {
                        out.truncate(start);
                        let why = match lookup {
                            Lookup::Unknown(why) => why,
                            _ => Unknown::NoDefault,
                        };
                        note(&mut frames, &mut top_unknown, why);
                        false
                    }
                    // Any other character after `:` is an operator BuildKit does not know.
                    _ => return Lexed::Malformed,
                };
                if keep_word {
                    let added = out.len() - start;
                    if out.len() > MAX_EXPANSION || added > budget.left {
                        return Lexed::TooLong;
                    }
                    budget.left -= added;
                    if let Some(why) = unknown {
                        note(&mut frames, &mut top_unknown, why);
                    }
                }
            }
        }
        if frames.is_empty() && first.is_none() && out.len() > construct.1 {
            first = Some(construct.0);
        }
    }
    match top_unknown {
        Some(why) => Lexed::Unresolved(why),
        None => Lexed::Text {
            text: out,
            first: first.unwrap_or(0),
        },
    }
}

/// Calls `word` with each word of a line as BuildKit's heredoc detection splits it (the lexer
/// with quotes and escapes kept and `\` as escape): at white space outside quotes, and at any
/// white space inside a `${…}`. Returns [`Malformed`] if the lexer refuses the line, which then
/// opens no heredoc.
fn heredoc_words<'a>(line: &'a str, mut word: impl FnMut(&'a str)) -> Result<(), Malformed> {
    let mut start: Option<usize> = None;
    let mut depth = 0usize;
    // Whether the outermost open construct is a `${…}`, whose value BuildKit splits again.
    let mut in_braces = false;
    let mut split = |at: usize, c: char, start: &mut Option<usize>, splits: bool| {
        if splits && c.is_whitespace() {
            if let Some(s) = start.take() {
                word(&line[s..at]);
            }
        } else {
            start.get_or_insert(at);
        }
    };
    for event in Scanner::new(line, '\\', true) {
        let event = event?;
        let splits = depth == 0 || in_braces;
        match event {
            Event::Char(at, c) => split(at, c, &mut start, splits),
            Event::Escaped(at, c) => {
                start.get_or_insert(at);
                split(at + 1, c, &mut start, depth > 0 && in_braces);
            }
            Event::Single(at, s) => {
                start.get_or_insert(at);
                for (i, c) in s.char_indices() {
                    split(at + 1 + i, c, &mut start, depth > 0 && in_braces);
                }
                start.get_or_insert(at + 1 + s.len());
            }
            Event::DoubleOpen(at) => {
                if depth == 0 {
                    in_braces = false;
                }
                depth += 1;
                start.get_or_insert(at);
            }
            Event::Open(open) => {
                if depth == 0 {
                    in_braces = true;
                }
                depth += 1;
                start.get_or_insert(open.at);
            }
            Event::DoubleClose(at) | Event::Close(at) => {
                depth = depth.saturating_sub(1);
                start.get_or_insert(at);
            }
            Event::LoneEscape(at)
            | Event::TrailingEscape(at)
            | Event::Var(at, _)
            | Event::Braced(at, _)
            | Event::Slash(at) => {
                start.get_or_insert(at);
            }
        }
    }
    if let Some(s) = start {
        word(&line[s..]);
    }
    Ok(())
}

/// A heredoc word `[n]<<[-]WORD` (BuildKit's `^(\d*)<<(-?)\s*([^<]*)$`): its terminator (WORD
/// after quote removal, variables as written) and whether leading tabs are ignored (`<<-`).
fn heredoc(word: &str) -> Option<(String, bool)> {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let rest = rest.trim_start_matches([' ', '\t', '\n', '\x0C', '\r']);
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let mut budget = Budget { left: 0 };
    match lex(rest, '\\', true, &|_| Lookup::AsWritten, &mut budget) {
        Lexed::Text { text, .. } if !text.is_empty() => Some((text, chomp)),
        _ => None,
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, usize, Value)> {
        candidates(text)
            .into_iter()
            .map(|c| (c.line, c.column, c.value))
            .collect()
    }

    fn reference(s: &str) -> Value {
        Value::Reference(s.into())
    }

    #[test]
    fn from_with_platform_and_stage() {
        let text = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n\
                    FROM build AS again\n\
                    from   alpine:3.20\n\
                    FROM scratch\n";
        assert_eq!(
            found(text),
            [
                (1, 32, reference("golang:1.22")),
                (3, 8, reference("alpine:3.20"))
            ]
        );
    }

    #[test]
    fn continuation_lines_and_comments_between_them() {
        let text = "FROM \\\n# a comment\n\n    --platform=linux/amd64 \\\n   nginx:1.27 \\\n  AS web\nFROM web\n";
        assert_eq!(found(text), [(5, 4, reference("nginx:1.27"))]);
    }

    #[test]
    fn escape_directive_changes_the_continuation_character() {
        let text = "# escape=`\n\nFROM `\n  mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\\nFROM \\\n";
        let got = found(text);
        assert_eq!(
            got[0],
            (
                4,
                3,
                reference("mcr.microsoft.com/windows/servercore:ltsc2022")
            )
        );
        // With '`' as escape, a trailing '\' is a plain byte: `FROM \` names the image "\".
        assert_eq!(got[1], (6, 6, reference("\\")));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn a_directive_after_an_instruction_is_a_comment() {
        let text = "FROM a\n# escape=`\nFROM b `\n";
        assert_eq!(found(text)[1], (3, 6, reference("b")));
    }

    #[test]
    fn arg_defaults_expand_and_missing_ones_stay_unresolved() {
        let text = "ARG REGISTRY=quay.io\nARG TAG\nFROM ${REGISTRY}/org/app:v1\n\
                    FROM $REGISTRY/org/app:$TAG\nFROM alpine:${TAG:-3.20}\n\
                    FROM ${TAG:+registry.example.com/}app:1\nFROM ${REGISTRY:+$REGISTRY/}app:1\n";
        assert_eq!(
            found(text),
            [
                (3, 6, reference("quay.io/org/app:v1")),
                (
                    4,
                    6,
                    Value::Unresolved("$REGISTRY/org/app:$TAG".into(), Unknown::NoDefault)
                ),
                (5, 6, reference("alpine:3.20")),
                // `:+` gives nothing for an unset variable, its word for a set one.
                // At its first byte: the unset `${TAG:+…}` gives none.
                (6, 35, reference("app:1")),
                (7, 6, reference("quay.io/app:1")),
            ]
        );
    }

    #[test]
    fn an_arg_after_from_does_not_apply_to_it() {
        let text = "FROM app:$V\nARG V=1\nFROM app:$V\n";
        assert_eq!(
            found(text),
            [
                (1, 6, Value::Unresolved("app:$V".into(), Unknown::NoDefault)),
                (3, 6, Value::Unresolved("app:$V".into(), Unknown::NoDefault)),
            ]
        );
    }

    /// BuildKit's lexer: outside quotes the escape character makes any next character literal
    /// and goes; inside double quotes it escapes only `"`, `$` and itself, and stays before
    /// anything else.
    #[test]
    fn an_escaped_dollar_is_a_literal_dollar_and_escapes_go_outside_quotes() {
        let text = "ARG V=1\nFROM img:\\$V\nFROM a\\b:$V\nFROM \"a\\b:\\$V\"\n";
        assert_eq!(
            found(text),
            [
                (2, 6, reference("img:$V")),
                (3, 6, reference("ab:1")),
                (4, 7, reference("a\\b:$V")),
            ]
        );
    }

    #[test]
    fn each_default_form_picks_the_value_or_the_word() {
        let text = "ARG SET=2\nARG EMPTY=\nARG NONE\nARG INDIRECT=$SET\n\
                    FROM a:${SET:-1}\nFROM a:${EMPTY:-1}\nFROM a:${NONE-1}\nFROM a:${EMPTY-1}x\n\
                    FROM a:${INDIRECT}\n";
        assert_eq!(
            found(text),
            [
                (5, 6, reference("a:2")),
                (6, 6, reference("a:1")),
                (7, 6, reference("a:1")),
                (8, 6, reference("a:x")),
                // Expanded where it is declared, as Docker does.
                (9, 6, reference("a:2")),
            ]
        );
    }

    /// BuildKit (since v0.17, `buildMetaArgs`) adds a global ARG to the scope only when it has
    /// a value, so a later `ARG NAME` without a default leaves the earlier default in place.
    #[test]
    fn a_global_arg_declared_again_without_a_default_keeps_it() {
        let text = "ARG T=1\nARG T\nFROM a:$T\nARG U\nFROM b:$U\n";
        assert_eq!(
            found(text),
            [
                (3, 6, reference("a:1")),
                (5, 6, Value::Unresolved("b:$U".into(), Unknown::NoDefault)),
            ]
        );
    }

    #[test]
    fn stage_args_inherit_global_defaults() {
        let text = "ARG BASE=busybox\nFROM alpine\nARG BASE\nCOPY --from=$BASE /bin/sh /sh\n";
        assert_eq!(
            found(text),
            [(2, 6, reference("alpine")), (4, 13, reference("busybox"))]
        );
    }

    #[test]
    fn copy_and_run_mount_from_skip_stages_and_indexes() {
        let text = "FROM golang AS build\nFROM alpine\n\
                    COPY --from=build /a /a\nCOPY --from=0 /a /a\n\
                    COPY --chown=1 --from=nginx:1.27 /etc/nginx /etc/nginx\n\
                    RUN --mount=type=bind,from=Build,target=/x true\n\
                    RUN --mount=type=cache,target=/c --mount=type=bind,from=busybox:1,source=/bin,target=/b ls\n\
                    COPY a --from=nope /b\n";
        assert_eq!(
            found(text),
            [
                (1, 6, reference("golang")),
                (2, 6, reference("alpine")),
                (5, 23, reference("nginx:1.27")),
                (7, 57, reference("busybox:1")),
            ]
        );
    }

    #[test]
    fn lines_holding_only_the_escape_keep_positions() {
        let text = "FROM \\\n\\\n   \\\n\n  alpine:3 \\\n\\\n AS x\nCOPY --from=x \\\n\\\n a b\nFROM \\\n\\\nbusybox";
        assert_eq!(
            found(text),
            [(5, 3, reference("alpine:3")), (13, 1, reference("busybox"))]
        );
    }

    #[test]
    fn heredoc_bodies_are_not_instructions() {
        let text = "FROM alpine\nRUN <<EOF\nFROM not-an-image\nEOF\nRUN <<-'END' cat\n\tFROM nope\n\tEND\nFROM busybox\n";
        assert_eq!(
            found(text),
            [(1, 6, reference("alpine")), (8, 6, reference("busybox"))]
        );
    }

    /// A here-document ends only at its own word (with `_` allowed in it), however many lines
    /// its body has; `<<` without a word opens none.
    #[test]
    fn a_heredoc_ends_at_its_word_and_a_bare_marker_opens_none() {
        let text = "RUN <<END_X\necho\nFROM inside\nEND_X\nFROM after:1\nRUN cat <<\nFROM last:2\n";
        assert_eq!(
            found(text),
            [(5, 6, reference("after:1")), (7, 6, reference("last:2"))]
        );
    }

    #[test]
    fn crlf_lines_and_multibyte_text_count_bytes() {
        let text = "# é\r\nFROM  ubuntu:24.04 AS é\r\nLABEL x=\"é\"\r\nCOPY --from=é a b\r\n";
        assert_eq!(found(text), [(2, 7, reference("ubuntu:24.04"))]);
    }

    proptest::proptest! {
        /// Any text: no panic, and every position is a real byte of the text where the token
        /// starts (a plain reference is the text at that position).
        #[test]
        fn any_text_gives_positions_inside_it(
            text in "((FROM|COPY|RUN|ARG|# escape=|AS|--from=|--mount=from=|\\$\\{?|[a-z:/.@$ \t\\`=-]{0,12})[ \n\r\\\\`]?){0,24}"
        ) {
            let lines: Vec<&str> = text.lines().collect();
            for c in candidates(&text) {
                let line = lines[c.line - 1];
                proptest::prop_assert!(c.column >= 1 && c.column <= line.len());
                if let Value::Reference(r) = &c.value {
                    if !line.contains('$') {
                        let at = &line.as_bytes()[c.column - 1..];
                        proptest::prop_assert!(at.starts_with(&r.as_bytes()[..r.len().min(at.len()).min(1)]));
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Text made of the lexer's and the parser's special pieces (quotes, braces, heredoc
        /// markers, escapes of both kinds, a BOM, CRLF): no panic, and every position is inside
        /// the text as a person sees it (line 1 without the BOM).
        #[test]
        fn special_pieces_never_panic_and_stay_inside(
            bom in proptest::bool::ANY,
            text in "((FROM|COPY|RUN|ADD|ARG|ONBUILD|# syntax=|# escape=`|AS|--from=|--mount=from=|<<-?|<<\\\\|[0-9]<<|\\$\\{|[:+?#%/-]|\\}|[a-zA-Z_]{1,3}|['\"\\\\`=, \t]|\r?\n)){0,40}"
        ) {
            let text = if bom { format!("\u{feff}{text}") } else { text };
            let visible = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let lines: Vec<&str> = visible.split('\n').collect();
            for c in candidates(&text) {
                proptest::prop_assert!(c.line >= 1 && c.line <= lines.len(), "{c:?}");
                let line = lines[c.line - 1].trim_end_matches('\r');
                proptest::prop_assert!(c.column >= 1 && c.column <= line.len(), "{c:?}");
            }
        }
    }

    /// An ARG default is expanded from the ARGs before it (`ARG B=${A}x`), in its own scope and
    /// not inside single quotes; one that cannot be expanded makes its uses unresolved. It is
    /// expanded once: a `$` its value keeps is literal where it is used (BuildKit expands
    /// `FROM a:${D}` to `a:$A`, which no registry accepts).
    #[test]
    fn arg_defaults_are_expanded_where_they_are_declared() {
        let text = "ARG A=quay.io\nARG B=${A}/org\nARG C=$MISSING/x\nARG D='$A'\n\
                    FROM $B/app:1\nFROM $C:1\nFROM a:${D}\nFROM a:$D\n\
                    FROM alpine\nARG A\nARG E=$A/lib\nCOPY --from=$E/tool:2 / /\n";
        assert_eq!(
            found(text),
            [
                (5, 6, reference("quay.io/org/app:1")),
                (6, 6, Value::Unresolved("$C:1".into(), Unknown::NoDefault)),
                (7, 6, reference("a:$A")),
                (8, 6, reference("a:$A")),
                (9, 6, reference("alpine")),
                (12, 13, reference("quay.io/lib/tool:2")),
            ]
        );
    }

    /// Each expansion stays under 64 KiB, but together they may add at most 8 MiB to the file.
    #[test]
    fn a_files_expansions_together_stay_within_the_file_limit() {
        let value = "a".repeat(60_000);
        let text = format!("ARG A={value}\n{}", "FROM $A\n".repeat(200));
        let found = candidates(&text);
        let expanded = MAX_FILE_SIZE as usize / value.len();
        assert_eq!(found.len(), 200);
        assert!(found[..expanded]
            .iter()
            .all(|c| c.value == Value::Reference(value.clone())));
        assert!(found[expanded..]
            .iter()
            .all(|c| c.value == Value::TooLong("$A".into())));
    }

    #[test]
    fn an_expansion_past_the_limit_is_too_long_not_built() {
        let value = "a".repeat(1000);
        // 1 KB of file for every 64 KiB of expansion: unbounded, this would grow with the square.
        let token = format!("${{A}}{}", "$A".repeat(70));
        let text = format!("ARG A={value}\nFROM {token}\n");
        assert_eq!(found(&text), [(2, 6, Value::TooLong(token))]);
        let exact = "b".repeat(MAX_EXPANSION);
        let text = format!("ARG A={}\nARG B=b\nFROM $A\nFROM $A$B\n", &exact[1..]);
        assert_eq!(
            found(&text),
            [
                (3, 6, Value::Reference(exact[1..].to_string())),
                (4, 6, Value::Reference(exact.clone())),
            ]
        );
        let text = format!("ARG A={exact}\nFROM ${{A}}:${{T:-x}}\n");
        assert_eq!(
            found(&text),
            [(2, 6, Value::TooLong("${A}:${T:-x}".into()))]
        );
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "FROM",
            "FROM --platform=x",
            "\\",
            "FROM a AS",
            "COPY --from=",
            "RUN --mount=from=",
            "FROM ${",
            "FROM $",
            "FROM ${A",
            "ARG =x\nFROM $",
        ] {
            let _ = candidates(text);
        }
        assert!(candidates("FROM").is_empty());
        // BuildKit's lexer refuses it, so the build fails: it is checked as written.
        assert_eq!(found("FROM ${A"), [(1, 6, reference("${A"))]);
    }

    /// Expands `word` with `A=alpine`, `E=` (empty), `T` unknown, as a FROM word is expanded.
    fn lexed(word: &str) -> Lexed {
        let vars = |name: &str| match name {
            "A" => Lookup::Value("alpine"),
            "E" => Lookup::Value(""),
            _ => Lookup::Unknown(Unknown::NoDefault),
        };
        let mut budget = Budget { left: 1 << 20 };
        lex(word, '\\', true, &vars, &mut budget)
    }

    fn text(text: &str, first: usize) -> Lexed {
        Lexed::Text {
            text: text.into(),
            first,
        }
    }

    /// Quote removal as BuildKit's lexer does it (issue 27, class 2): double quotes expand,
    /// single quotes keep `$`, quotes anywhere in a word or in a `${…}` word go; the first byte
    /// of a quoted word is its first content byte.
    #[test]
    fn the_lexer_removes_quotes() {
        assert_eq!(lexed("\"repo:1.0\""), text("repo:1.0", 1));
        assert_eq!(lexed("'repo:1.0'"), text("repo:1.0", 1));
        assert_eq!(lexed("\"$A:3\""), text("alpine:3", 1));
        assert_eq!(lexed("'$A:3'"), text("$A:3", 1));
        assert_eq!(lexed("a\"b\"'c'"), text("abc", 0));
        assert_eq!(lexed("${T:-\"repo:1.0\"}"), text("repo:1.0", 0));
        assert_eq!(lexed("${T:-'$A'}:${A:+\"x y\"}"), text("$A:x y", 0));
        assert_eq!(lexed("\"a\\\"b\\$A\\c\""), text("a\"b$A\\c", 1));
        assert_eq!(lexed("\"\"a"), text("a", 2));
        assert_eq!(lexed("\\\"a"), text("\"a", 0));
        // Nothing to show: the word's start.
        assert_eq!(lexed("\"\"''"), text("", 0));
    }

    #[test]
    fn the_lexer_expands_each_form() {
        assert_eq!(lexed("$A:${A}"), text("alpine:alpine", 0));
        assert_eq!(lexed("x${E:-d}${E-d}${T-d}${A:-d}"), text("xddalpine", 0));
        assert_eq!(lexed("x${E:+p}${E+p}${T+p}${A:+p}"), text("xpp", 0));
        assert_eq!(lexed("${A?}${A:?no}${E?}"), text("alpinealpine", 0));
        assert_eq!(lexed("${T:-${A:-x}}-${A:-${T}}"), text("alpine-alpine", 0));
        assert_eq!(lexed("$1x$"), Lexed::Unresolved(Unknown::NoDefault));
        assert_eq!(lexed("a$"), text("a$", 0));
        assert_eq!(lexed("a$-"), Lexed::Unresolved(Unknown::NoDefault));
        assert_eq!(lexed("${T}"), Lexed::Unresolved(Unknown::NoDefault));
        assert_eq!(lexed("${T?}"), Lexed::Unresolved(Unknown::NoDefault));
        assert_eq!(lexed("\"${T}\""), Lexed::Unresolved(Unknown::NoDefault));
        // Pattern operators are not evaluated.
        assert_eq!(lexed("${A%e}"), Lexed::Unresolved(Unknown::NoDefault));
        assert_eq!(lexed("${A/a/b}"), Lexed::Unresolved(Unknown::NoDefault));
        // An unknown variable in a word that is not used does not matter.
        assert_eq!(lexed("${A:-$T}"), text("alpine", 0));
        assert_eq!(lexed("${T:+$T}x"), text("x", 8));
    }

    /// Words BuildKit's lexer refuses: unterminated quotes and braces, empty or bad
    /// substitutions, unknown operators, `${V:?}` of an empty V.
    #[test]
    fn the_lexer_refuses_what_buildkit_refuses() {
        for word in [
            "\"a",
            "'a",
            "a\"",
            "${A",
            "${A:-x",
            "${}",
            "${:-x}",
            "${{A}}",
            "${A!x}",
            "${A:!x}",
            "${A:/x/y}",
            "${E:?}",
            "\"a\\",
            "${A:-\\",
            "${A/x",
            "$",
            "${",
        ] {
            let expected = if word == "$" {
                text("$", 0)
            } else {
                Lexed::Malformed
            };
            assert_eq!(lexed(word), expected, "{word}");
        }
        // A trailing escape outside quotes is dropped.
        assert_eq!(lexed("a\\"), text("a", 0));
    }

    /// Deep nesting is read with an explicit stack: no stack overflow, linear time.
    #[test]
    fn deeply_nested_words_are_lexed_without_recursion() {
        let depth = 200_000;
        let word = format!("{}x{}", "${T:-".repeat(depth), "}".repeat(depth));
        assert_eq!(lexed(&word), text("x", 0));
        let word = format!("{}x", "${T:-\"".repeat(depth));
        assert_eq!(lexed(&word), Lexed::Malformed);
    }

    #[test]
    fn heredoc_words_and_their_terminators() {
        for (word, expected) in [
            ("<<EOT", Some(("EOT", false))),
            ("<<-EOT", Some(("EOT", true))),
            ("<<\"EOT\"", Some(("EOT", false))),
            ("<<'EOT'", Some(("EOT", false))),
            ("<<\\EOT", Some(("EOT", false))),
            ("<<-\\EOT", Some(("EOT", true))),
            ("3<<E\"O\"T", Some(("EOT", false))),
            ("<<$X", Some(("$X", false))),
            ("<<${X:-a}", Some(("${X:-a}", false))),
            ("<<", None),
            ("<<-", None),
            ("<<\"\"", None),
            ("<<a<<b", None),
            ("<<\"EOT", None),
            ("x<<EOT", None),
            ("<EOT", None),
        ] {
            let got = heredoc(word);
            assert_eq!(
                got.as_ref().map(|(n, c)| (n.as_str(), *c)),
                expected,
                "{word}"
            );
        }
    }

    fn words(line: &str) -> Result<Vec<&str>, Malformed> {
        let mut words = Vec::new();
        heredoc_words(line, |w| words.push(w))?;
        Ok(words)
    }

    #[test]
    fn heredoc_detection_splits_lines_as_buildkit_does() {
        assert_eq!(
            words("COPY <<a <<b /dst"),
            Ok(vec!["COPY", "<<a", "<<b", "/dst"])
        );
        assert_eq!(
            words("RUN echo \"<<no x\" '<<no y' a\\ <<b"),
            Ok(vec!["RUN", "echo", "\"<<no x\"", "'<<no y'", "a\\ <<b"])
        );
        // A `${…}` is split again, even inside its quotes.
        assert_eq!(
            words("RUN ${X:-\"a <<b\"} \"${X:- c}\""),
            Ok(vec!["RUN", "${X:-\"a", "<<b\"}", "\"${X:- c}\""])
        );
        assert_eq!(words("RUN cat <<EOF \"unterminated"), Err(Malformed));
        assert_eq!(words("RUN cat <<EOF ${"), Err(Malformed));
    }

    /// Class 3: every heredoc form, several per line, the escaped form `<<-\EOT`; a body line
    /// that looks like an instruction is data.
    #[test]
    fn heredoc_bodies_of_every_form_are_data() {
        let text = "FROM alpine\n\
                    COPY <<-\\EOT /etc/motd\n\tFROM Bad\n\tEOT\n\
                    COPY <<a <<\"b\" /dst/\nFROM Bad1\na\nFROM Bad2\nb\n\
                    RUN 3<<'X' cat <&3\nFROM Bad3\nX\n\
                    ONBUILD RUN <<EOT\nFROM Bad4\nEOT\n\
                    RUN cat <<EOF > \"/x <<EOT\"\nFROM Bad5\nEOF\n\
                    FROM busybox\n";
        assert_eq!(
            found(text),
            [(1, 6, reference("alpine")), (19, 6, reference("busybox"))]
        );
    }

    /// BuildKit's lexer refuses the line, so BuildKit opens no heredoc on it; and `cat<<EOF`
    /// (no space) is no heredoc word.
    #[test]
    fn a_line_the_lexer_refuses_opens_no_heredoc() {
        let text = "RUN cat <<EOF 'x\nFROM seen:1\nEOF\nRUN cat<<EOF\nFROM seen:2\nEOF\n";
        assert_eq!(
            found(text),
            [(2, 6, reference("seen:1")), (5, 6, reference("seen:2"))]
        );
    }

    /// Class 1: a BOM is dropped; columns on line 1 count from the first visible character.
    #[test]
    fn a_byte_order_mark_is_ignored() {
        let text = "\u{feff}FROM alpine:3.20 AS base\r\nFROM base\r\n";
        assert_eq!(found(text), [(1, 6, reference("alpine:3.20"))]);
        let text = "\u{feff}# syntax=docker/dockerfile:1\n# escape=`\nFROM a`\nb\n";
        assert_eq!(
            found(text),
            [
                (1, 10, reference("docker/dockerfile:1")),
                (3, 6, reference("ab"))
            ]
        );
        // Only before the first line.
        let text = "FROM a\n\u{feff}FROM b\n";
        assert_eq!(found(text), [(1, 6, reference("a"))]);
    }

    /// Class 5: `# syntax=IMAGE` is the frontend image, checked at its first byte, when it is a
    /// directive: before any instruction, other comment or blank line.
    #[test]
    fn the_syntax_directive_is_a_candidate() {
        type Found = &'static [(usize, usize, &'static str)];
        let cases: &[(&str, Found)] = &[
            (
                "# syntax=docker/dockerfile:1.7\nFROM a\n",
                &[(1, 10, "docker/dockerfile:1.7"), (2, 6, "a")],
            ),
            (
                "#syntax = d/f:1  \nFROM a\n",
                &[(1, 11, "d/f:1"), (2, 6, "a")],
            ),
            (
                "# escape=\\\n# check=skip=all\n# SYNTAX=d/f:1 --arg\n",
                &[(3, 10, "d/f:1")],
            ),
            (
                "#!/usr/bin/env buildx\n# syntax=d/f:1\n",
                &[(2, 10, "d/f:1")],
            ),
            ("// syntax=d/f:1\n", &[(1, 11, "d/f:1")]),
            // Not directives.
            ("# a comment\n# syntax=d/f:1\n", &[]),
            ("\n# syntax=d/f:1\n", &[]),
            ("FROM a\n# syntax=d/f:1\n", &[(1, 6, "a")]),
            ("# unknown=1\n# syntax=d/f:1\n", &[]),
            ("  # syntax=d/f:1\n", &[]),
            ("# syntax=\n", &[]),
            ("# syntax=d/f:1\n# syntax=d/f:2\n", &[(1, 10, "d/f:1")]),
        ];
        for (text, expected) in cases {
            let expected: Vec<_> = expected
                .iter()
                .map(|&(l, c, r)| (l, c, reference(r)))
                .collect();
            assert_eq!(found(text), expected, "{text:?}");
        }
    }

    /// An escape directive after something else is a comment, and so is an indented one for
    /// the frontend but not for the parser: BuildKit trims lines on the left before it looks.
    #[test]
    fn the_escape_directive_follows_buildkit() {
        let text = "# foo=bar\n# escape=`\nFROM a `\n";
        assert_eq!(found(text), [(3, 6, reference("a"))]);
        let text = "  # escape=`\nFROM a`\nb\n";
        assert_eq!(found(text), [(2, 6, reference("ab"))]);
    }

    /// BuildKit joins continuation lines as written: no space added, the first line trimmed on
    /// the left only; an escaped escape ends the line.
    #[test]
    fn continuation_lines_join_as_written() {
        let text = "FROM alpine:\\\n3.20 AS a\nFROM \\\n  busybox\\\n:1\nFROM c:\\\\\nFROM d\n\
                    FROM e\\\n    AS e2\nFROM e2\n";
        assert_eq!(
            found(text),
            [
                (1, 6, reference("alpine:3.20")),
                (4, 3, reference("busybox:1")),
                (6, 6, reference("c:\\")),
                (7, 6, reference("d")),
                // The continuation's indentation still separates `e` from `AS`.
                (8, 6, reference("e")),
            ]
        );
        assert_eq!(continuation("a \\ \t", '\\'), ("a ", true));
        assert_eq!(continuation("\\", '\\'), ("", true));
        assert_eq!(continuation("a\\\\", '\\'), ("a\\\\", false));
        assert_eq!(continuation("a\\", '`'), ("a\\", false));
    }

    /// Class 6: the stage check runs after expansion, case-insensitively.
    #[test]
    fn a_stage_chosen_through_an_arg_is_a_stage() {
        let text = "ARG TYPE=prod\nFROM node:20 AS Build-Prod\nFROM node:20 AS build-dev\n\
                    FROM build-${TYPE} AS final\nFROM ${TYPE:+build-}dev\nFROM ${BASE:-scratch}\n\
                    ARG TYPE\nCOPY --from=build-${TYPE} /a /b\nFROM build-${NOPE}\n";
        assert_eq!(
            found(text),
            [
                (2, 6, reference("node:20")),
                (3, 6, reference("node:20")),
                (
                    9,
                    6,
                    Value::Unresolved("build-${NOPE}".into(), Unknown::NoDefault)
                ),
            ]
        );
    }

    /// Class 11: a global ARG's default is out of scope in a stage that does not declare it
    /// again; a variable nothing gives a value has no default.
    #[test]
    fn unresolved_variables_say_why() {
        let text = "ARG BUILDER=golang:1.22\nARG NODEFAULT\nFROM alpine\n\
                    COPY --from=$BUILDER /a /a\nCOPY --from=${NODEFAULT} /b /b\n\
                    ARG DERIVED=$BUILDER-x\nCOPY --from=$DERIVED /c /c\n\
                    COPY --from=${BUILDER:-busybox} /d /d\n\
                    ARG BUILDER\nCOPY --from=$BUILDER /e /e\nFROM alpine\nCOPY --from=$BUILDER /f /f\n";
        let out_of_scope = |s: &str| Value::Unresolved(s.into(), Unknown::OutOfScope);
        assert_eq!(
            found(text),
            [
                (3, 6, reference("alpine")),
                (4, 13, out_of_scope("$BUILDER")),
                (
                    5,
                    13,
                    Value::Unresolved("${NODEFAULT}".into(), Unknown::NoDefault)
                ),
                (7, 13, out_of_scope("$DERIVED")),
                (8, 13, reference("busybox")),
                (10, 13, reference("golang:1.22")),
                (11, 6, reference("alpine")),
                (12, 13, out_of_scope("$BUILDER")),
            ]
        );
    }

    /// Flags are unquoted as BuildKit's flag reader does, `--mount` options read as CSV with
    /// keys in any case; positions are those of the value's first byte.
    #[test]
    fn from_flags_are_unquoted() {
        let text = "FROM alpine\n\
                    COPY --from=\"nginx:1.27\" --chown=\"a b\" /a /b\n\
                    COPY --from='quay.io/org/app:1' /a /b\n\
                    RUN --mount=type=bind,FROM=busybox:1,target=/b true\n\
                    RUN --mount=\"type=bind,from=busybox:2\" true\n\
                    RUN --mount=type=bind,\"from=busybox:3\" true\n\
                    RUN --mount=type=cache,target=/c -- --mount=from=not-a-flag true\n\
                    COPY --from=\\\"x /a /b\n";
        assert_eq!(
            found(text),
            [
                (1, 6, reference("alpine")),
                (2, 14, reference("nginx:1.27")),
                (3, 14, reference("quay.io/org/app:1")),
                (4, 28, reference("busybox:1")),
                (5, 29, reference("busybox:2")),
                (6, 29, reference("busybox:3")),
                (8, 14, reference("\"x")),
            ]
        );
    }

    /// Hostile shapes stay linear. Measured by hand on 8 MiB files in a release build
    /// (`target/release/registry-names scan`), each in well under a second; here 1 MiB of each
    /// only has to finish.
    #[test]
    fn hostile_inputs_terminate() {
        let size = 1 << 20;
        let inputs = [
            format!("RUN {}\n", "<<a ".repeat(size / 4)),
            format!(
                "COPY {}\n{}",
                "<<a ".repeat(size / 8),
                "a\n".repeat(size / 4)
            ),
            "RUN <<a\n".repeat(size / 8),
            format!("FROM {}\n", "\"".repeat(size)),
            format!("FROM {}\n", "\"".repeat(size - 1)),
            format!(
                "ARG A={}\nFROM {}\n",
                "'".repeat(size / 2),
                "$".repeat(size / 2)
            ),
            format!("FROM {}\n", "${".repeat(size / 2)),
            format!("FROM {}x\n", "${A:-".repeat(size / 5)),
            format!("ARG A=x\nFROM {}\n", "$A".repeat(size / 2)),
            format!("RUN {}\n", "${X:- <<a}".repeat(size / 10)),
            "FROM a \\\n".repeat(size / 9),
            format!("RUN --mount={}\n", ",from=a".repeat(size / 7)),
            format!("ARG {}\n", "a=1 ".repeat(size / 4)),
        ];
        for input in &inputs {
            let _ = candidates(input);
        }
    }
}
