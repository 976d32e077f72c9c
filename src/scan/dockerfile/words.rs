//! Words of an instruction: flags, quoted words, `ARG` words, CSV fields.

use std::prelude::rust_2021::*;

/// BuildKit's builder flags: the words right after the instruction that start with `--`, split
/// at white space outside quotes (the escape character makes the next character part of the
/// word). Yields each flag's byte range; afterwards `at` is where the arguments start.
pub(super) struct Flags<'a> {
    pub(super) text: &'a str,
    pub(super) at: usize,
    pub(super) escape: char,
    pub(super) done: bool,
}

impl<'a> Flags<'a> {
    pub(super) fn new(text: &'a str, at: usize, escape: char) -> Self {
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
pub(super) fn word_end(text: &str, start: usize, escape: char, escape_in_single: bool) -> usize {
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
pub(super) struct Unquote<'a> {
    pub(super) chars: std::str::CharIndices<'a>,
    pub(super) escape: char,
    pub(super) quote: Option<char>,
}

impl<'a> Unquote<'a> {
    pub(super) fn new(word: &'a str, escape: char) -> Self {
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

pub(super) fn unquote_flag(word: &str, escape: char) -> String {
    Unquote::new(word, escape).map(|(_, c)| c).collect()
}

/// Maps offsets in a flag's unquoted text back to the flag as written, moving forward only, so
/// that the many `from=` of one `--mount` cost one walk.
pub(super) struct FlagSource<'a> {
    pub(super) kept: std::iter::Peekable<Unquote<'a>>,
    /// The unquoted bytes before `kept`'s next character.
    pub(super) at: usize,
    pub(super) len: usize,
}

impl<'a> FlagSource<'a> {
    pub(super) fn new(word: &'a str, escape: char) -> Self {
        FlagSource {
            kept: Unquote::new(word, escape).peekable(),
            at: 0,
            len: word.len(),
        }
    }

    /// The offset in the word of byte `at` of its unquoted text (its end if `at` is past it);
    /// `at` never decreases from one call to the next.
    pub(super) fn source(&mut self, at: usize) -> usize {
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
pub(super) fn csv_fields(record: &str, mut field: impl FnMut(usize, bool, &str)) {
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
pub(super) struct ArgWords<'a> {
    pub(super) text: &'a str,
    pub(super) at: usize,
    pub(super) end: usize,
    pub(super) escape: char,
}

impl<'a> ArgWords<'a> {
    pub(super) fn new(text: &'a str, at: usize, end: usize, escape: char) -> Self {
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
