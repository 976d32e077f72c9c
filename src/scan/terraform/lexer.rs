//! The lexer that finds top-level blocks, their headers and nesting within the bounds.

use std::prelude::rust_2021::*;

use super::*;
/// A top-level block's keyword and first label, as byte ranges (start, end).
#[derive(Clone, Copy, Debug)]
pub(super) struct Header {
    pub(super) keyword: (usize, usize),
    pub(super) label: Label,
}

impl Header {
    /// Whether the block is parsed: a `resource` or `data` block of a read type. A type label
    /// written with an escape or a template is parsed, and decided on its value.
    pub(super) fn is_read(self, text: &str) -> bool {
        let keyword = text.get(self.keyword.0..self.keyword.1);
        if keyword != Some("resource") && keyword != Some("data") {
            return false;
        }
        match self.label {
            Label::Plain(start, end) => text.get(start..end).and_then(Read::of_type).is_some(),
            Label::Other => true,
            Label::None => false,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Label {
    None,
    /// A quoted label without escapes or templates, or an identifier label: its text.
    Plain(usize, usize),
    /// A quoted label with an escape or a template.
    Other,
}

/// One top-level structure (attribute or block, with the comments and blank lines before it).
#[derive(Debug)]
pub(super) struct Structure {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) header: Option<Header>,
    /// Tokens lexed: identifiers, numbers, punctuation, strings and their template parts.
    pub(super) tokens: usize,
    /// The sum of the squares of the item counts of its objects (an upper bound: every `=` and
    /// `:` inside an object's braces counts).
    pub(super) object_keys: u64,
    /// The heredocs whose first line is their end marker (from `<<` to the marker's end).
    pub(super) empty_heredocs: Vec<(usize, usize)>,
}

/// What the current line of a body holds so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Line {
    Start,
    /// An identifier: an attribute's key or a block's type.
    Ident,
    /// After `=`: an expression, where `{` opens an object.
    Expr,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Frame {
    /// A block's body.
    Block { open: usize, line: Line },
    /// An object or a `for` expression in braces, and its items so far.
    Object { open: usize, items: u64 },
    /// `[`.
    Bracket { open: usize },
    /// `(`.
    Paren { open: usize },
    /// `${` or `%{` in a template.
    Interpolation { open: usize },
    /// A quoted template.
    Quoted { open: usize },
    /// A heredoc's text, its end marker, and whether a line starts here.
    Heredoc {
        open: usize,
        marker: (usize, usize),
        body: usize,
        line_start: bool,
    },
}

/// Splits HCL text into its top-level structures, following what opens and closes as
/// `hcl_edit` reads it.
pub(super) struct Lexer<'t> {
    pub(super) text: &'t str,
    pub(super) bytes: &'t [u8],
    pub(super) at: usize,
    pub(super) stack: Vec<Frame>,
    /// The top level's line.
    pub(super) line: Line,
}

pub(super) type LexError = (usize, String);

impl<'t> Lexer<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        // A byte-order mark before the first line is not part of it.
        let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer {
            text,
            bytes: text.as_bytes(),
            at,
            stack: Vec::new(),
            line: Line::Start,
        }
    }

    /// The next top-level structure, up to and including the newline that ends it.
    pub(super) fn structure(&mut self) -> Result<Option<Structure>, LexError> {
        let start = self.at;
        if start >= self.bytes.len() {
            return Ok(None);
        }
        let mut s = Structure {
            start,
            end: start,
            header: None,
            tokens: 0,
            object_keys: 0,
            empty_heredocs: Vec::new(),
        };
        self.line = Line::Start;
        loop {
            if self.at >= self.bytes.len() {
                if let Some(frame) = self.stack.last() {
                    return Err(unclosed(frame));
                }
                s.end = self.bytes.len();
                return Ok(Some(s));
            }
            match self.stack.last().copied() {
                Some(Frame::Quoted { .. }) => self.quoted(&mut s)?,
                Some(Frame::Heredoc { .. }) => self.heredoc(&mut s)?,
                _ => {
                    if self.code(&mut s)? {
                        s.end = self.at;
                        return Ok(Some(s));
                    }
                }
            }
        }
    }

    pub(super) fn push(&mut self, frame: Frame) -> Result<(), LexError> {
        if self.stack.len() >= MAX_DEPTH {
            let message = format!(
                "nested more than {MAX_DEPTH} levels deep (brackets, braces, strings, templates)"
            );
            return Err((open_of(&frame), message));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Lexes from the cursor inside a quoted template, up to its end or an interpolation.
    pub(super) fn quoted(&mut self, s: &mut Structure) -> Result<(), LexError> {
        let b = self.bytes;
        let mut i = self.at;
        while i < b.len() {
            match b[i] {
                b'"' => {
                    self.stack.pop();
                    self.at = i + 1;
                    return Ok(());
                }
                b'\\' => i += 2,
                b'$' | b'%' => match self.template_marker(i) {
                    Marker::Escaped => i += 3,
                    Marker::Open => {
                        s.tokens += 2;
                        self.push(Frame::Interpolation { open: i })?;
                        self.at = i + 2;
                        return Ok(());
                    }
                    Marker::None => i += 1,
                },
                _ => i += 1,
            }
        }
        self.at = b.len();
        Ok(())
    }

    /// Lexes from the cursor inside a heredoc, up to its end marker or an interpolation.
    pub(super) fn heredoc(&mut self, s: &mut Structure) -> Result<(), LexError> {
        let Some(Frame::Heredoc {
            open,
            marker,
            body,
            line_start,
        }) = self.stack.last().copied()
        else {
            return Ok(());
        };
        let b = self.bytes;
        let marker = &b[marker.0..marker.1];
        let mut i = self.at;
        let mut at_line_start = line_start;
        while i < b.len() {
            if at_line_start {
                let text_start = i + b[i..]
                    .iter()
                    .take_while(|&&c| c == b' ' || c == b'\t')
                    .count();
                if b[text_start..].starts_with(marker)
                    && !self.id_continue_at(text_start + marker.len())
                {
                    self.stack.pop();
                    self.at = text_start + marker.len();
                    if i == body {
                        s.empty_heredocs.push((open, self.at));
                    }
                    return Ok(());
                }
                at_line_start = false;
            }
            match b[i] {
                b'\n' => {
                    i += 1;
                    at_line_start = true;
                }
                b'$' | b'%' => match self.template_marker(i) {
                    Marker::Escaped => i += 3,
                    Marker::Open => {
                        if let Some(Frame::Heredoc { line_start, .. }) = self.stack.last_mut() {
                            *line_start = false;
                        }
                        s.tokens += 2;
                        self.push(Frame::Interpolation { open: i })?;
                        self.at = i + 2;
                        return Ok(());
                    }
                    Marker::None => i += 1,
                },
                _ => i += 1,
            }
        }
        self.at = b.len();
        Ok(())
    }

    /// `$${` and `%%{` are text; `${` and `%{` open an interpolation or a directive.
    pub(super) fn template_marker(&self, i: usize) -> Marker {
        let b = self.bytes;
        let next = b.get(i + 1).copied();
        if next == Some(b[i]) && b.get(i + 2) == Some(&b'{') {
            Marker::Escaped
        } else if next == Some(b'{') {
            Marker::Open
        } else {
            Marker::None
        }
    }

    pub(super) fn id_continue_at(&self, i: usize) -> bool {
        self.text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_id_continue)
    }

    /// Lexes one token of code (a body or an expression). True at a top-level newline.
    pub(super) fn code(&mut self, s: &mut Structure) -> Result<bool, LexError> {
        let b = self.bytes;
        let i = self.at;
        let next = b.get(i + 1).copied();
        match b[i] {
            b' ' | b'\t' | b'\r' => self.at += 1,
            b'\n' => {
                self.at += 1;
                match self.stack.last_mut() {
                    None => return Ok(true),
                    Some(Frame::Block { line, .. }) => *line = Line::Start,
                    Some(_) => {}
                }
            }
            b'#' => self.at = line_end(b, i),
            b'/' if next == Some(b'/') => self.at = line_end(b, i),
            b'/' if next == Some(b'*') => match memchr::memmem::find(&b[i + 2..], b"*/") {
                Some(end) => self.at = i + 2 + end + 2,
                None => return Err((i, "unterminated comment: no closing '*/'".to_string())),
            },
            b'"' => {
                s.tokens += 1;
                if self.stack.is_empty() && self.line == Line::Ident {
                    if let Some(header) = &mut s.header {
                        if matches!(header.label, Label::None) {
                            header.label = self.quoted_label(i);
                        }
                    }
                }
                self.push(Frame::Quoted { open: i })?;
                self.at = i + 1;
            }
            b'<' if next == Some(b'<') => {
                s.tokens += 1;
                self.at = i + 2;
                if let Some((marker, body)) = self.heredoc_start(i + 2) {
                    self.push(Frame::Heredoc {
                        open: i,
                        marker,
                        body,
                        line_start: true,
                    })?;
                    self.at = body;
                }
            }
            b'{' => {
                s.tokens += 1;
                let frame = match self.line_mut() {
                    Some(line) if *line != Line::Expr => {
                        *line = Line::Expr;
                        Frame::Block {
                            open: i,
                            line: Line::Start,
                        }
                    }
                    _ => Frame::Object { open: i, items: 0 },
                };
                self.push(frame)?;
                self.at = i + 1;
            }
            b'[' | b'(' => {
                s.tokens += 1;
                self.push(if b[i] == b'[' {
                    Frame::Bracket { open: i }
                } else {
                    Frame::Paren { open: i }
                })?;
                self.at = i + 1;
            }
            b'}' | b']' | b')' => {
                s.tokens += 1;
                let closes = match (b[i], self.stack.last()) {
                    (b'}', Some(Frame::Object { items, .. })) => {
                        s.object_keys = s.object_keys.saturating_add(items.saturating_mul(*items));
                        true
                    }
                    (b'}', Some(Frame::Block { .. } | Frame::Interpolation { .. }))
                    | (b']', Some(Frame::Bracket { .. }))
                    | (b')', Some(Frame::Paren { .. })) => true,
                    _ => false,
                };
                if !closes {
                    let message = format!("unexpected '{}'", char::from(b[i]));
                    return Err((i, message));
                }
                self.stack.pop();
                self.at = i + 1;
            }
            b'=' => {
                s.tokens += 1;
                if matches!(next, Some(b'=' | b'>')) {
                    self.at = i + 2;
                } else {
                    self.at = i + 1;
                    if let Some(Frame::Object { items, .. }) = self.stack.last_mut() {
                        *items += 1;
                    } else if let Some(line) = self.line_mut() {
                        *line = Line::Expr;
                    }
                }
            }
            b'!' | b'<' | b'>' => {
                s.tokens += 1;
                self.at = i + if next == Some(b'=') { 2 } else { 1 };
            }
            b':' => {
                s.tokens += 1;
                if let Some(Frame::Object { items, .. }) = self.stack.last_mut() {
                    *items += 1;
                }
                self.at = i + 1;
            }
            b'0'..=b'9' => {
                s.tokens += 1;
                self.at = i + b[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'.')
                    .count();
            }
            c if c < 0x80 && !(c.is_ascii_alphabetic() || c == b'_') => {
                s.tokens += 1;
                self.at = i + 1;
            }
            _ => {
                s.tokens += 1;
                let Some(rest) = self.text.get(i..) else {
                    // Not at a character's first byte (cannot happen: every step ends on one).
                    self.at = i + 1;
                    return Ok(false);
                };
                let first = rest.chars().next().map_or(1, char::len_utf8);
                if rest.chars().next().is_some_and(is_id_start) {
                    let len = rest
                        .char_indices()
                        .find(|&(_, c)| !is_id_continue(c))
                        .map_or(rest.len(), |(end, _)| end);
                    self.ident(s, i..i + len);
                    self.at = i + len;
                } else {
                    self.at = i + first;
                }
            }
        }
        Ok(false)
    }

    /// The line state of the body the cursor is in (the top level's or a block's), if it is in
    /// one and not in an expression.
    pub(super) fn line_mut(&mut self) -> Option<&mut Line> {
        match self.stack.last_mut() {
            None => Some(&mut self.line),
            Some(Frame::Block { line, .. }) => Some(line),
            Some(_) => None,
        }
    }

    pub(super) fn ident(&mut self, s: &mut Structure, range: Range<usize>) {
        let top = self.stack.is_empty();
        let Some(line) = self.line_mut() else {
            return;
        };
        match *line {
            Line::Start => {
                *line = Line::Ident;
                if top && s.header.is_none() {
                    s.header = Some(Header {
                        keyword: (range.start, range.end),
                        label: Label::None,
                    });
                }
            }
            Line::Ident if top => {
                if let Some(header) = &mut s.header {
                    if matches!(header.label, Label::None) {
                        header.label = Label::Plain(range.start, range.end);
                    }
                }
            }
            _ => {}
        }
    }

    /// The label a quote at `open` starts, if it ends on the same line without an escape or a
    /// template.
    pub(super) fn quoted_label(&self, open: usize) -> Label {
        let rest = &self.bytes[open + 1..];
        match memchr::memchr3(b'"', b'\\', b'\n', rest) {
            Some(end) if rest[end] == b'"' => {
                let label = &rest[..end];
                if label.windows(2).any(|w| w == b"${" || w == b"%{") {
                    Label::Other
                } else {
                    Label::Plain(open + 1, open + 1 + end)
                }
            }
            _ => Label::Other,
        }
    }

    /// After `<<`: `-`, an identifier and a line ending; the marker's range and where the text
    /// starts.
    pub(super) fn heredoc_start(&self, at: usize) -> Option<((usize, usize), usize)> {
        let b = self.bytes;
        let start = at + usize::from(b.get(at) == Some(&b'-'));
        let rest = self.text.get(start..)?;
        if !rest.chars().next().is_some_and(is_id_start) {
            return None;
        }
        let len = rest
            .char_indices()
            .find(|&(_, c)| !is_id_continue(c))
            .map_or(rest.len(), |(end, _)| end);
        let end = start + len;
        let body = match (b.get(end), b.get(end + 1)) {
            (Some(b'\n'), _) => end + 1,
            (Some(b'\r'), Some(b'\n')) => end + 2,
            _ => return None,
        };
        Some(((start, end), body))
    }
}

pub(super) enum Marker {
    /// `$${` or `%%{`.
    Escaped,
    /// `${` or `%{`.
    Open,
    None,
}

pub(super) fn line_end(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &b[from..]).map_or(b.len(), |n| from + n)
}

pub(super) fn open_of(frame: &Frame) -> usize {
    match *frame {
        Frame::Block { open, .. }
        | Frame::Object { open, .. }
        | Frame::Bracket { open }
        | Frame::Paren { open }
        | Frame::Interpolation { open }
        | Frame::Quoted { open }
        | Frame::Heredoc { open, .. } => open,
    }
}

/// The error for a frame still open at the end of the file.
pub(super) fn unclosed(frame: &Frame) -> LexError {
    let what = match frame {
        Frame::Block { .. } | Frame::Object { .. } => "unclosed '{'",
        Frame::Bracket { .. } => "unclosed '['",
        Frame::Paren { .. } => "unclosed '('",
        Frame::Interpolation { .. } => "unclosed template sequence: no closing '}'",
        Frame::Quoted { .. } => "unterminated string: no closing '\"'",
        Frame::Heredoc { .. } => "unterminated heredoc: no line with its end marker",
    };
    (open_of(frame), what.to_string())
}

/// HCL's identifier characters (as `hcl-edit` reads them): Unicode's XID classes, `_` to start,
/// and `-` to continue.
pub(super) fn is_id_start(c: char) -> bool {
    c == '_' || unicode_ident::is_xid_start(c)
}

pub(super) fn is_id_continue(c: char) -> bool {
    c == '-' || unicode_ident::is_xid_continue(c)
}
