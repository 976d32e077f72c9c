//! Physical and logical lines, parser directives and line continuations.

use std::prelude::rust_2021::*;

use super::*;

/// The physical lines of a text with their 1-based numbers, without the line feed and the
/// carriage returns before it (BuildKit trims both).
#[derive(Clone)]
pub(super) struct Lines<'a> {
    pub(super) rest: Option<&'a str>,
    pub(super) number: usize,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
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
pub(super) struct Directives<'a> {
    pub(super) escape: char,
    /// The `# syntax=` frontend image: its line, column and text.
    pub(super) syntax: Option<(usize, usize, &'a str)>,
}

impl<'a> Directives<'a> {
    pub(super) fn read(text: &'a str) -> Self {
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
pub(super) fn directive<'a>(line: &'a str, prefix: &str) -> Option<(&'static str, usize, &'a str)> {
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
pub(super) struct LogicalLine {
    pub(super) text: String,
    /// (offset in `text`, 1-based line, 1-based byte column) where each physical piece starts.
    pub(super) pieces: Vec<(usize, usize, usize)>,
}

impl LogicalLine {
    /// The 1-based line and byte column of the byte at `at` in the joined text.
    pub(super) fn position(&self, at: usize) -> (usize, usize) {
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
pub(super) struct LogicalLines<'a> {
    pub(super) lines: Lines<'a>,
    pub(super) escape: char,
}

impl<'a> LogicalLines<'a> {
    pub(super) fn next_line(&mut self) -> Option<LogicalLine> {
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
    pub(super) fn skip_heredocs(&mut self, line: &str) {
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
pub(super) fn continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = line.trim_end_matches([' ', '\t']);
    match trimmed.strip_suffix(escape) {
        Some(before) if !before.ends_with(escape) => (before, true),
        _ => (line, false),
    }
}
