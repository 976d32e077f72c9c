//! `devcontainer.json` and `.devcontainer.json` (docs/scan.md S1): the top-level `image`.
//!
//! These files are JSON with comments (`//`, `/* */`) and trailing commas, as the Dev
//! Containers tools read them. They are read here by a small streaming reader of that grammar
//! rather than a JSON crate: `serde_json` refuses comments, and the JSONC crates that accept them
//! either drop positions or build a syntax tree of the whole file (tens of bytes a byte, past
//! S8's bound on a hostile 8 MiB file). This one keeps one byte per open bracket and the
//! position of every byte it reads.

// The crate is `no_std`; this module is built only with `std`.
use std::prelude::rust_2021::*;

use super::yaml::MAX_DEPTH;
use super::{Candidate, Malformed, Unknown, Value};
use crate::kind::Kind;

/// The candidates of a `devcontainer.json`: its top-level `image`, a string (which
/// `${localEnv:VAR}` and the like make [`Value::Unresolved`]) or `null` ([`Value::Null`]).
///
/// ```
/// use registry_names::scan::{json, Value};
/// let text = "{\n  // the base image\n  \"image\": \"mcr.microsoft.com/devcontainers/base:ubuntu\",\n}\n";
/// let found = json::candidates(text).unwrap();
/// assert_eq!((found[0].line, found[0].column), (3, 13));
/// assert_eq!(found[0].value, Value::Reference("mcr.microsoft.com/devcontainers/base:ubuntu".into()));
/// ```
///
/// # Errors
/// [`Malformed`] when the text is not JSON with comments, or nests deeper than [`MAX_DEPTH`].
pub fn candidates(text: &str) -> Result<Vec<Candidate>, Malformed> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        at: 0,
    };
    let mut found: Vec<(usize, Value)> = Vec::new();
    let fail = |at: usize, message: &str| {
        let (line, column) = position(text, at, (0, 1, 0)).0;
        Malformed {
            line,
            column,
            message: message.to_string(),
        }
    };
    // Open containers, `b'{'` or `b'['`, and what the innermost one expects next.
    let mut open: Vec<u8> = Vec::new();
    let mut state = State::Value;
    // In the top-level object, the value of an `image` key comes next.
    let mut image_next = false;
    loop {
        reader
            .skip_blank()
            .map_err(|at| fail(at, "unterminated comment"))?;
        let at = reader.at;
        let Some(&b) = reader.bytes.get(at) else {
            break;
        };
        let top = open.last().copied();
        let mut value_done = false;
        match (b, state) {
            (b'{' | b'[', State::Value) => {
                if open.len() >= MAX_DEPTH {
                    return Err(fail(at, "nested too deep"));
                }
                image_next = false;
                open.push(b);
                state = if b == b'{' { State::Key } else { State::Value };
                reader.at += 1;
            }
            (b'}', State::Key | State::CommaOrEnd) if top == Some(b'{') => {
                open.pop();
                reader.at += 1;
                value_done = true;
            }
            (b']', State::Value | State::CommaOrEnd) if top == Some(b'[') => {
                open.pop();
                reader.at += 1;
                value_done = true;
            }
            // A comma may also come last (JSONC's trailing comma): `}` and `]` accept the
            // state it leaves.
            (b',', State::CommaOrEnd) => {
                state = if top == Some(b'{') {
                    State::Key
                } else {
                    State::Value
                };
                reader.at += 1;
            }
            (b':', State::Colon) => {
                state = State::Value;
                reader.at += 1;
            }
            (b'"', State::Key | State::Value) => {
                let end = reader
                    .string_end()
                    .map_err(|at| fail(at, "unterminated string"))?;
                let raw = &text[at + 1..end - 1];
                if state == State::Key {
                    image_next = open.len() == 1 && decode(raw) == "image";
                    state = State::Colon;
                } else {
                    if image_next {
                        let value = decode(raw);
                        let value = if value.contains('$') {
                            Value::Unresolved(value, Unknown::NoDefault)
                        } else {
                            Value::Reference(value)
                        };
                        found.push((at + 1, value));
                    }
                    value_done = true;
                }
                reader.at = end;
            }
            (b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z', State::Value) => {
                let end = at
                    + reader.bytes[at..]
                        .iter()
                        .take_while(|c| {
                            c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.')
                        })
                        .count();
                let word = &text[at..end];
                let number = word.starts_with(|c: char| c.is_ascii_digit() || c == '-');
                if !(number || matches!(word, "true" | "false" | "null")) {
                    return Err(fail(at, "not a JSON value"));
                }
                if image_next && word == "null" {
                    found.push((at, Value::Null(word.to_string())));
                }
                reader.at = end;
                value_done = true;
            }
            (_, State::Done) => return Err(fail(at, "more after the top-level value")),
            _ => return Err(fail(at, "unexpected character")),
        }
        if value_done {
            image_next = false;
            state = if open.is_empty() {
                State::Done
            } else {
                State::CommaOrEnd
            };
        }
    }
    if state != State::Done {
        return Err(fail(text.len(), "unexpected end of text"));
    }
    let mut cursor = (0, 1, 0);
    Ok(found
        .into_iter()
        .map(|(at, value)| {
            let ((line, column), next) = position(text, at, cursor);
            cursor = next;
            Candidate {
                line,
                column,
                kind: Kind::ImageReference,
                value,
            }
        })
        .collect())
}

/// What comes next in the innermost container (or at the top level).
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Value,
    Key,
    Colon,
    CommaOrEnd,
    Done,
}

/// The 1-based line and byte column of `at`, counted on from a cursor (offset, line, line
/// start) at or before it, and the cursor at `at`.
fn position(
    text: &str,
    at: usize,
    (from, mut line, mut line_start): (usize, usize, usize),
) -> ((usize, usize), (usize, usize, usize)) {
    let at = at.min(text.len());
    for i in memchr::memchr_iter(b'\n', &text.as_bytes()[from..at]) {
        line += 1;
        line_start = from + i + 1;
    }
    ((line, at - line_start + 1), (at, line, line_start))
}

/// A JSON string's content without its escapes (`\uXXXX`, surrogate pairs too; a broken escape
/// gives U+FFFD).
fn decode(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escaped = match chars.next() {
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('u') => {
                let hex = |chars: &mut core::str::Chars<'_>| {
                    let digits: String = chars.by_ref().take(4).collect();
                    u32::from_str_radix(&digits, 16).ok()
                };
                match hex(&mut chars) {
                    Some(high @ 0xd800..=0xdbff) => {
                        let rest = chars.as_str();
                        match rest.strip_prefix("\\u") {
                            Some(low) => {
                                chars = low.chars();
                                match hex(&mut chars) {
                                    Some(low @ 0xdc00..=0xdfff) => char::from_u32(
                                        0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00),
                                    )
                                    .unwrap_or('\u{fffd}'),
                                    _ => '\u{fffd}',
                                }
                            }
                            None => '\u{fffd}',
                        }
                    }
                    Some(code) => char::from_u32(code).unwrap_or('\u{fffd}'),
                    None => '\u{fffd}',
                }
            }
            Some(other) => other,
            None => break,
        };
        out.push(escaped);
    }
    out
}

struct Reader<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl Reader<'_> {
    /// Skips white space and comments; `Err` with the offset of an unterminated `/*`.
    fn skip_blank(&mut self) -> Result<(), usize> {
        loop {
            match self.bytes.get(self.at..) {
                Some([b' ' | b'\t' | b'\n' | b'\r', ..]) => self.at += 1,
                Some([b'/', b'/', ..]) => {
                    self.at += memchr::memchr(b'\n', &self.bytes[self.at..])
                        .unwrap_or(self.bytes.len() - self.at);
                }
                Some([b'/', b'*', ..]) => {
                    let start = self.at;
                    match memchr::memmem::find(&self.bytes[self.at + 2..], b"*/") {
                        Some(i) => self.at += 2 + i + 2,
                        None => return Err(start),
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// The offset after the closing quote of the string starting at `self.at`; `Err` with the
    /// string's start when it does not end (on its line: JSON strings hold no raw line break).
    fn string_end(&self) -> Result<usize, usize> {
        let mut i = self.at + 1;
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b'"' => return Ok(i + 1),
                b'\\' => i += 2,
                b'\n' | b'\r' => break,
                _ => i += 1,
            }
        }
        Err(self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, usize, Value)> {
        candidates(text)
            .unwrap()
            .into_iter()
            .map(|c| (c.line, c.column, c.value))
            .collect()
    }

    #[test]
    fn comments_trailing_commas_and_nested_image_keys() {
        let text = "/* header */ {\n  \"name\": \"x\", // image: no\n  \"build\": {\"image\": \"no\"},\n  \"features\": [1, 2,],\n  \"image\": \"mcr.microsoft.com/devcontainers/go:1\",\n}\n";
        assert_eq!(
            found(text),
            [(
                5,
                13,
                Value::Reference("mcr.microsoft.com/devcontainers/go:1".into())
            )]
        );
    }

    #[test]
    fn escapes_nulls_and_variables() {
        assert_eq!(
            found("{\"image\": \"a\\u002fb\"}"),
            [(1, 12, Value::Reference("a/b".into()))]
        );
        assert_eq!(
            found("{\"image\": null}"),
            [(1, 11, Value::Null("null".into()))]
        );
        assert_eq!(
            found("{\"image\": \"${localEnv:IMG}\"}"),
            [(
                1,
                12,
                Value::Unresolved("${localEnv:IMG}".into(), Unknown::NoDefault)
            )]
        );
        assert_eq!(found("{\"image\": 3, \"x\": [\"image\"]}"), []);
        assert_eq!(decode("\\ud83d\\ude00\\n"), "\u{1f600}\n");
    }

    #[test]
    fn malformed_json_has_a_position() {
        for (text, line, column) in [
            ("{\"image\" \"x\"}", 1, 10),
            ("{\n  \"image\": \"x\"\n", 3, 1),
            ("{} {}", 1, 4),
            ("{\"a\": }", 1, 7),
            ("[1 2]", 1, 4),
            ("/* open", 1, 1),
            ("{\"a\": \"b}", 1, 7),
            ("{\"a\": nope}", 1, 7),
        ] {
            let e = candidates(text).unwrap_err();
            assert_eq!((e.line, e.column), (line, column), "{text}: {e:?}");
        }
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert!(candidates(&deep).is_err());
    }
}
