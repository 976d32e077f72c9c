//! Positions in the text: the parser's character indices as byte offsets, where a scalar's value
//! starts, and byte offsets as 1-based lines and byte columns. None of these keeps a table of the
//! text's lines: each is a cursor that moves from the last position asked, so a file of eight
//! million empty lines costs nothing more than its text.

// The crate is `no_std`; this module is built only with `std`.
use std::prelude::rust_2021::*;

use saphyr_parser::ScalarStyle;

/// The byte offset of a character index of the parser (which counts a byte-order mark as one
/// character, like any other).
pub(super) struct Bytes<'t> {
    text: &'t str,
    /// An ASCII text's character indices are its byte offsets: no counting at all.
    ascii: bool,
    /// The last (character index, byte offset) converted: the parser reports positions in text
    /// order, so the next is counted on from there.
    last: (usize, usize),
}

impl<'t> Bytes<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Bytes {
            text,
            ascii: text.is_ascii(),
            last: (0, 0),
        }
    }

    pub(super) fn offset(&mut self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        let (mut chars, mut at) = if index >= self.last.0 {
            self.last
        } else {
            (0, 0)
        };
        let bytes = self.text.as_bytes();
        while chars < index && at < bytes.len() {
            at += utf8_width(bytes[at]);
            chars += 1;
        }
        self.last = (chars, at);
        at.min(self.text.len())
    }
}

fn utf8_width(first: u8) -> usize {
    match first {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// The offset of the first byte from `at` on that `keep` refuses (or the end of `bytes`).
fn skip_while(bytes: &[u8], at: usize, keep: impl Fn(u8) -> bool) -> usize {
    at + bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| keep(b))
        .count()
}

/// Where a scalar's value starts in the file, from the byte offset of its span: after its tag
/// and anchor (`!!str x`, `&a x`, where the span starts), after the opening quote of a quoted
/// scalar, on the first content byte of a block scalar (past its header and blank lines).
#[inline]
pub(super) fn value_start(text: &str, mut at: usize, style: ScalarStyle) -> usize {
    let bytes = text.as_bytes();
    while matches!(bytes.get(at), Some(b'!' | b'&')) {
        at = skip_while(bytes, at, |b| !b.is_ascii_whitespace());
        at = skip_while(bytes, at, |b| b.is_ascii_whitespace());
    }
    match style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            if matches!(bytes.get(at), Some(b'"' | b'\'')) {
                at += 1;
            }
        }
        ScalarStyle::Literal | ScalarStyle::Folded => {
            if matches!(bytes.get(at), Some(b'|' | b'>')) {
                at = skip_while(bytes, at, |b| !matches!(b, b'\n' | b'\r'));
            }
            at = skip_while(bytes, at, |b| matches!(b, b'\n' | b'\r' | b' ' | b'\t'));
        }
        ScalarStyle::Plain => {}
    }
    at.min(text.len())
}

/// 1-based lines and byte columns of byte offsets, with the line breaks YAML counts (`\n`,
/// `\r\n` and a lone `\r`). Offsets asked in increasing order cost the text's length once in all;
/// one before the last goes back from there.
pub(super) struct Lines<'t> {
    bytes: &'t [u8],
    /// No `\r` anywhere: every break is a `\n`, which the forward count finds a block at a time.
    newlines_only: bool,
    /// The last offset asked, its line and the offset of that line's first byte.
    at: usize,
    line: usize,
    line_start: usize,
}

/// How many `\n` there are in `bytes`, counted in blocks of 255 in a byte-sized count, which
/// the compiler turns into 16 compares an instruction (a `usize` count would take 2).
fn count_newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            let n = block.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n'));
            usize::from(n)
        })
        .sum()
}

fn is_break(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

impl<'t> Lines<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            newlines_only: memchr::memchr(b'\r', text.as_bytes()).is_none(),
            at: 0,
            line: 1,
            line_start: 0,
        }
    }

    pub(super) fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.bytes.len());
        if offset >= self.at && self.newlines_only {
            let between = &self.bytes[self.at..offset];
            // A file's candidates are spread through it: this reads most of its bytes once.
            let breaks = count_newlines(between);
            if breaks > 0 {
                self.line += breaks;
                self.line_start = self.at + memchr::memrchr(b'\n', between).map_or(0, |i| i + 1);
            }
        } else if offset >= self.at {
            for i in self.at..offset {
                if is_break(self.bytes, i) {
                    self.line += 1;
                    self.line_start = i + 1;
                }
            }
        } else if offset < self.line_start {
            for i in (offset..self.line_start).rev() {
                if is_break(self.bytes, i) {
                    self.line -= 1;
                }
            }
            let start = (0..offset).rev().find(|&i| is_break(self.bytes, i));
            self.line_start = start.map_or(0, |i| i + 1);
        }
        self.at = offset;
        (self.line, offset - self.line_start + 1)
    }

    /// The byte offset of the parser's (1-based line, 0-based column in characters) of an error,
    /// which may lie past the last line.
    pub(super) fn offset_of(text: &str, line: usize, char_column: usize) -> usize {
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut current = 1;
        let mut i = 0;
        while current < line && i < bytes.len() {
            if is_break(bytes, i) {
                current += 1;
                start = i + 1;
            }
            i += 1;
        }
        if current < line {
            return text.len();
        }
        text[start..]
            .char_indices()
            .nth(char_column)
            .map_or(text.len(), |(i, _)| start + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Positions asked in any order are those counted from the start.
        #[test]
        fn lines_in_any_order_are_exact(
            text in "([aé\n\r]{0,6}){0,8}|([aé\n]{0,6}){0,8}",
            offsets in proptest::collection::vec(0usize..40, 0..20),
        ) {
            let mut lines = Lines::new(&text);
            let bytes = text.as_bytes();
            for offset in offsets {
                let offset = offset.min(text.len());
                // Counted byte by byte from the start, as YAML counts breaks.
                let breaks: Vec<usize> = (0..offset).filter(|&i| is_break(bytes, i)).collect();
                let line_start = breaks.last().map_or(0, |&i| i + 1);
                proptest::prop_assert_eq!(
                    lines.position(offset),
                    (breaks.len() + 1, offset - line_start + 1)
                );
            }
        }

        /// Character indices asked in any order give the offset of that character.
        #[test]
        fn bytes_in_any_order_are_exact(
            text in "[aé€\u{1f600}\n]{0,12}",
            indices in proptest::collection::vec(0usize..14, 0..20),
        ) {
            let mut bytes = Bytes::new(&text);
            for index in indices {
                let expected = text.char_indices().nth(index).map_or(text.len(), |(i, _)| i);
                proptest::prop_assert_eq!(bytes.offset(index), expected);
            }
        }
    }
}
