//! Registry names and image references in Terraform files (`*.tf`, HCL native syntax).
//!
//! Each top-level block that can hold one is parsed by [`hcl_edit`], which keeps the byte span of
//! every expression; the others are only lexed (see *Bounds* below). What is read
//! (docs/scan.md S4):
//!
//! | block (`resource` or `data`) | attribute | checked as |
//! |---|---|---|
//! | `huaweicloud_swr_organization` | `name` | [`Kind::SwrNamespace`] (§1) |
//! | `huaweicloud_swr_repository` | `organization` | [`Kind::SwrNamespace`] (§1) |
//! | `huaweicloud_swr_repository` | `name` | [`Kind::SwrRepository`] (§2, plain form) |
//! | any other `huaweicloud_swr_*` | `organization` | [`Kind::SwrNamespace`] (§1) |
//! | any other `huaweicloud_swr_*` | `repository` | [`Kind::SwrRepository`] (§2, plain form) |
//! | `docker_image`, `docker_registry_image` | `name` | [`Kind::ImageReference`] |
//! | `docker_container` | `image` | [`Kind::ImageReference`] |
//! | `kubernetes_*` | `image` of every `container` and `init_container` block, at any depth (also the `content` of a `dynamic "container"` block) | [`Kind::ImageReference`] |
//!
//! Only the block's own attributes are read for the `huaweicloud_swr_*` and `docker_*` types.
//! The Huawei Cloud provider's documentation (its `docs/resources` and `docs/data-sources`, 2026)
//! gives these `huaweicloud_swr_*` types an `organization` or `repository` argument:
//!
//! - `organization` and `repository`: the resources `swr_image_auto_sync`,
//!   `swr_image_manual_sync`, `swr_image_permissions`, `swr_image_retention_policy`,
//!   `swr_image_trigger`, `swr_repository_sharing`, `swr_repository_tag`; the data sources
//!   `swr_image_auto_sync_jobs`, `swr_image_retention_histories`, `swr_image_retention_policies`,
//!   `swr_image_tags`, `swr_image_triggers`, `swr_shared_accounts`,
//!   `swr_signed_image_associated_image_tags` and `swr_signed_image_attachments` (`repository`
//!   only; their organization is called `namespace`, which is not read).
//! - `organization` only: the resource `swr_organization_permissions`; the data sources
//!   `swr_repositories` and `swr_shared_repositories` (whose `name` filters repositories and is
//!   not read).
//! - `name`: the resources `swr_organization` (the organization) and `swr_repository` (the
//!   repository, beside its `organization`).
//!
//! The `swr_enterprise_*` types name their namespaces `namespace_name` and are not read; neither
//! are `target_organization` (the image sync resources) nor the `swrv3_*` data sources. The
//! provider writes a repository's `/` as `$` itself when it builds a request path, so the names
//! are written, and checked, in the plain form. It stopped validating these names in 2024: the
//! API refuses an invalid one only at apply time.
//!
//! # Values
//! Only plain string literals are checked, as Terraform gives them to the provider (escapes such
//! as `\u00e9` and `$${` decoded). A string with an interpolation or a directive (`"${var.tag}"`,
//! `"%{if …}"`) and any other expression (`var.image`, `local.x`, `format(…)`,
//! `docker_image.app.image_id`) is [`Value::Unresolved`] ([`Unknown::NoDefault`], reported by
//! `scan --strict`), as written. `null`, numbers and booleans are skipped. A heredoc (`<<EOT`,
//! `<<-EOT`) without interpolation is a literal too, with the final newline Terraform keeps
//! (which no name allows: write a name as a quoted string).
//!
//! Positions are 1-based lines and byte columns of the value's first content byte: after the
//! opening quote, on the first line of a heredoc's text (after the indent `<<-` removes), or the
//! expression's first byte.
//!
//! # Bounds
//! [`hcl_edit`]'s syntax tree takes up to some 150 bytes per token, about 100 times the text of a
//! dense file, and it checks an object's keys for duplicates one by one, in time quadratic in
//! their number. So the file is first lexed, in linear time and constant memory: strings,
//! templates, heredocs, comments and brackets, which is what it takes to find where each
//! top-level block ends. Only the blocks of the types above are then parsed, one at a time, each
//! within a budget of tokens and of object keys derived from the file's size (docs/scan.md S8:
//! 32 MiB plus 16 times the file in all); a block past it is one problem, `hcl-budget-exceeded`,
//! and is not checked. A file whose brackets, strings, heredocs or comments do not close, or that nests
//! them more than [`MAX_DEPTH`] deep, is malformed, as is a parsed block that [`hcl_edit`]
//! refuses; the other blocks' grammar is not checked (`terraform validate` does that).
//!
//! ```
//! use registry_names::scan::{terraform, Value};
//! use registry_names::Kind;
//! let text = "resource \"huaweicloud_swr_organization\" \"org\" {\n  name = \"My_Org\"\n}\n";
//! let found = terraform::candidates(text).unwrap();
//! assert_eq!((found[0].line, found[0].column), (2, 11));
//! assert_eq!(found[0].kind, Kind::SwrNamespace);
//! assert_eq!(found[0].value, Value::Reference("My_Org".into()));
//! ```

// The crate is `no_std`; this module is built only with `std`.
use std::prelude::rust_2021::*;

use super::{Candidate, Unknown, Value};
use crate::kind::Kind;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::Element;
use hcl_edit::Span;
use std::format;
use std::ops::Range;

/// A Terraform file that cannot be read: where (1-based line, 1-based byte column) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based byte column of the problem.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// `malformed-hcl`, or `hcl-budget-exceeded` for a block too large to parse within the
    /// bounds.
    pub id: &'static str,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.id == "malformed-hcl" {
            write!(f, "malformed HCL: {}", self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

/// The deepest nesting of brackets, braces, strings, templates and heredocs the lexer follows;
/// deeper is malformed (the parser itself refuses more than 64 levels of expressions).
pub const MAX_DEPTH: usize = 1024;

/// Bytes of syntax tree one lexed token may take in `hcl-edit`: measured up to 306 (peak RSS of
/// lists of traversals `[a.b, …]`; index lists 245, labelled blocks 207, lists of numbers 80),
/// with a margin.
const BYTES_PER_TOKEN: usize = 384;

/// The candidates of a Terraform file, in file order.
///
/// # Errors
/// [`Malformed`] when the file does not lex, a block read does not parse, or a block read is
/// past the budget (see the module documentation); nothing found before it is returned.
pub fn candidates(text: &str) -> Result<Vec<Candidate>, Malformed> {
    let problem = |offset: usize, message: String, id: &'static str| {
        let (line, column) = Lines::new(text).position(offset);
        Malformed {
            line,
            column,
            message,
            id,
        }
    };
    // The syntax tree of one block may take 16 MiB plus 8 times the file; the other 16 MiB and
    // 8 times are the process, the text, the candidates and the output.
    let token_budget = (16 * 1024 * 1024 + 8 * text.len()) / BYTES_PER_TOKEN;
    // Key comparisons (an object of k keys takes about k²/2, some 8 ns each): 2^20 plus 4 per
    // byte of the file, at most some 40 ms per megabyte.
    let key_budget = (1u64 << 20) + 4 * text.len() as u64;

    let mut lexer = Lexer::new(text);
    let mut found = Vec::new();
    loop {
        let structure = match lexer.structure() {
            Ok(Some(structure)) => structure,
            Ok(None) => break,
            Err((offset, message)) => return Err(problem(offset, message, "malformed-hcl")),
        };
        if !structure.header.is_some_and(|h| h.is_read(text)) {
            continue;
        }
        let key_work = structure.object_keys / 2;
        if structure.tokens > token_budget || key_work > key_budget {
            let message = format!(
                "a block too large to parse within the bounds: {} tokens (at most {token_budget} \
                 in a file of this size) and {key_work} comparisons of object keys (at most \
                 {key_budget}); not checked",
                structure.tokens
            );
            return Err(problem(structure.start, message, "hcl-budget-exceeded"));
        }
        let chunk = chunk(text, &structure);
        let body = hcl_edit::parser::parse_body(&chunk).map_err(|e| {
            let offset = structure.start + e.location().offset();
            problem(offset, e.message().to_string(), "malformed-hcl")
        })?;
        let mut walk = Walk {
            text,
            base: structure.start,
            found: &mut found,
        };
        for block in body.blocks() {
            walk.block(block);
        }
    }
    found.sort_by_key(|(offset, ..)| *offset);
    let mut lines = Lines::new(text);
    Ok(found
        .into_iter()
        .map(|(offset, kind, value)| {
            let (line, column) = lines.position(offset);
            Candidate {
                line,
                column,
                kind,
                value,
            }
        })
        .collect())
}

/// The text of a structure to parse. An empty heredoc (`<<EOT` and `EOT` on the next line) is
/// written `""` instead, at the same offsets: `hcl-edit` looks for a later `EOT` line first,
/// through the rest of the text (taking the heredoc for a longer one where there is one, and time
/// quadratic in their number where there is none), where Terraform ends it there.
fn chunk<'t>(text: &'t str, structure: &Structure) -> std::borrow::Cow<'t, str> {
    let chunk = &text[structure.start..structure.end];
    if structure.empty_heredocs.is_empty() {
        return chunk.into();
    }
    let mut bytes = chunk.as_bytes().to_vec();
    for &(open, end) in &structure.empty_heredocs {
        let heredoc = &mut bytes[open - structure.start..end - structure.start];
        for (i, b) in heredoc.iter_mut().enumerate() {
            *b = match (i, *b) {
                (0 | 1, _) => b'"',
                (_, b'\n') => b'\n',
                _ => b' ',
            };
        }
    }
    // Whole characters were replaced by ASCII bytes.
    String::from_utf8(bytes).map_or_else(|_| chunk.into(), Into::into)
}

/// What a top-level block of a read type holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Read {
    /// `huaweicloud_swr_organization`: `name`.
    SwrOrganization,
    /// `huaweicloud_swr_repository`: `organization`, `repository` and `name`.
    SwrRepository,
    /// Any other `huaweicloud_swr_*`: `organization`, `repository`.
    Swr,
    /// `docker_image`, `docker_registry_image`: `name`.
    DockerImage,
    /// `docker_container`: `image`.
    DockerContainer,
    /// `kubernetes_*`: the `image` of `container` and `init_container` blocks.
    Kubernetes,
}

impl Read {
    fn of_type(type_name: &str) -> Option<Read> {
        Some(match type_name {
            "huaweicloud_swr_organization" => Read::SwrOrganization,
            "huaweicloud_swr_repository" => Read::SwrRepository,
            "docker_image" | "docker_registry_image" => Read::DockerImage,
            "docker_container" => Read::DockerContainer,
            _ if type_name.starts_with("huaweicloud_swr_") => Read::Swr,
            _ if type_name.starts_with("kubernetes_") => Read::Kubernetes,
            _ => return None,
        })
    }
}

/// The walk of a parsed block: spans are relative to the chunk parsed, which starts at `base`.
struct Walk<'t, 'f> {
    text: &'t str,
    base: usize,
    found: &'f mut Vec<(usize, Kind, Value)>,
}

impl Walk<'_, '_> {
    /// A top-level block, read if its parsed header is of a read type.
    fn block(&mut self, block: &Block) {
        let keyword = block.ident.as_str();
        if keyword != "resource" && keyword != "data" {
            return;
        }
        let Some(what) = block.labels.first().and_then(|l| Read::of_type(l.as_str())) else {
            return;
        };
        let body = &block.body;
        match what {
            Read::SwrOrganization => self.attribute(body, "name", Kind::SwrNamespace),
            Read::SwrRepository | Read::Swr => {
                self.attribute(body, "organization", Kind::SwrNamespace);
                self.attribute(body, "repository", Kind::SwrRepository);
                if what == Read::SwrRepository {
                    self.attribute(body, "name", Kind::SwrRepository);
                }
            }
            Read::DockerImage => self.attribute(body, "name", Kind::ImageReference),
            Read::DockerContainer => self.attribute(body, "image", Kind::ImageReference),
            Read::Kubernetes => self.containers(body, false),
        }
    }

    /// The `image` of every container block in `body` (and of `body` itself when it is one).
    fn containers(&mut self, body: &Body, is_container: bool) {
        if is_container {
            self.attribute(body, "image", Kind::ImageReference);
        }
        for block in body.blocks() {
            match block.ident.as_str() {
                "container" | "init_container" => self.containers(&block.body, true),
                "dynamic"
                    if block
                        .labels
                        .first()
                        .is_some_and(|l| matches!(l.as_str(), "container" | "init_container")) =>
                {
                    for content in block.body.blocks() {
                        let is_content = content.ident.as_str() == "content";
                        self.containers(&content.body, is_content);
                    }
                }
                _ => self.containers(&block.body, false),
            }
        }
    }

    fn attribute(&mut self, body: &Body, key: &str, kind: Kind) {
        let Some(attribute) = body.get_attribute(key) else {
            return;
        };
        if let Some((offset, value)) = self.value(&attribute.value) {
            self.found.push((offset, kind, value));
        }
    }

    /// The value to check and the offset of its first content byte in the file.
    fn value(&self, expr: &Expression) -> Option<(usize, Value)> {
        let span = expr.span()?;
        let span = self.base + span.start..self.base + span.end;
        let unresolved = |range: Range<usize>| {
            let text = self.text.get(range.clone())?.to_string();
            Some((range.start, Value::Unresolved(text, Unknown::NoDefault)))
        };
        match expr {
            Expression::String(s) => Some((span.start + 1, Value::Reference(s.value().clone()))),
            Expression::StringTemplate(_) => unresolved(span.start + 1..span.end.saturating_sub(1)),
            Expression::HeredocTemplate(heredoc) => {
                let template = &heredoc.template;
                let body = template.span().map_or(span.end..span.end, |s| {
                    self.base + s.start..self.base + s.end
                });
                // `<<-` removes the common indent: the text starts after it.
                let indent = heredoc.indent().unwrap_or(0);
                let skipped = self
                    .text
                    .as_bytes()
                    .get(body.clone())?
                    .iter()
                    .take(indent)
                    .take_while(|&&b| b == b' ' || b == b'\t')
                    .count();
                let mut value = String::new();
                for element in template.iter() {
                    match element {
                        Element::Literal(literal) => value.push_str(literal.value()),
                        _ => return unresolved(body.start + skipped..body.end),
                    }
                }
                Some((body.start + skipped, Value::Reference(value)))
            }
            Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) => None,
            _ => unresolved(span),
        }
    }
}

/// Byte offsets to 1-based lines and byte columns, for offsets in increasing order (a smaller
/// one starts the count again from the top): linear in the text for a whole file.
struct Lines<'t> {
    bytes: &'t [u8],
    /// The offset counted up to, its line and the offset where that line starts.
    at: usize,
    line: usize,
    line_start: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.bytes.len());
        if offset < self.at {
            (self.at, self.line, self.line_start) = (0, 1, 0);
        }
        let between = &self.bytes[self.at..offset];
        self.line += memchr::memchr_iter(b'\n', between).count();
        if let Some(last) = memchr::memrchr(b'\n', between) {
            self.line_start = self.at + last + 1;
        }
        self.at = offset;
        (self.line, offset - self.line_start + 1)
    }
}

/// A top-level block's keyword and first label, as byte ranges (start, end).
#[derive(Clone, Copy, Debug)]
struct Header {
    keyword: (usize, usize),
    label: Label,
}

impl Header {
    /// Whether the block is parsed: a `resource` or `data` block of a read type. A type label
    /// written with an escape or a template is parsed, and decided on its value.
    fn is_read(self, text: &str) -> bool {
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
enum Label {
    None,
    /// A quoted label without escapes or templates, or an identifier label: its text.
    Plain(usize, usize),
    /// A quoted label with an escape or a template.
    Other,
}

/// One top-level structure (attribute or block, with the comments and blank lines before it).
#[derive(Debug)]
struct Structure {
    start: usize,
    end: usize,
    header: Option<Header>,
    /// Tokens lexed: identifiers, numbers, punctuation, strings and their template parts.
    tokens: usize,
    /// The sum of the squares of the item counts of its objects (an upper bound: every `=` and
    /// `:` inside an object's braces counts).
    object_keys: u64,
    /// The heredocs whose first line is their end marker (from `<<` to the marker's end).
    empty_heredocs: Vec<(usize, usize)>,
}

/// What the current line of a body holds so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    Start,
    /// An identifier: an attribute's key or a block's type.
    Ident,
    /// After `=`: an expression, where `{` opens an object.
    Expr,
}

#[derive(Clone, Copy, Debug)]
enum Frame {
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
struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    stack: Vec<Frame>,
    /// The top level's line.
    line: Line,
}

type LexError = (usize, String);

impl<'t> Lexer<'t> {
    fn new(text: &'t str) -> Self {
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
    fn structure(&mut self) -> Result<Option<Structure>, LexError> {
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

    fn push(&mut self, frame: Frame) -> Result<(), LexError> {
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
    fn quoted(&mut self, s: &mut Structure) -> Result<(), LexError> {
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
    fn heredoc(&mut self, s: &mut Structure) -> Result<(), LexError> {
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
    fn template_marker(&self, i: usize) -> Marker {
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

    fn id_continue_at(&self, i: usize) -> bool {
        self.text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_id_continue)
    }

    /// Lexes one token of code (a body or an expression). True at a top-level newline.
    fn code(&mut self, s: &mut Structure) -> Result<bool, LexError> {
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
    fn line_mut(&mut self) -> Option<&mut Line> {
        match self.stack.last_mut() {
            None => Some(&mut self.line),
            Some(Frame::Block { line, .. }) => Some(line),
            Some(_) => None,
        }
    }

    fn ident(&mut self, s: &mut Structure, range: Range<usize>) {
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
    fn quoted_label(&self, open: usize) -> Label {
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
    fn heredoc_start(&self, at: usize) -> Option<((usize, usize), usize)> {
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

enum Marker {
    /// `$${` or `%%{`.
    Escaped,
    /// `${` or `%{`.
    Open,
    None,
}

fn line_end(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &b[from..]).map_or(b.len(), |n| from + n)
}

fn open_of(frame: &Frame) -> usize {
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
fn unclosed(frame: &Frame) -> LexError {
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
fn is_id_start(c: char) -> bool {
    c == '_' || unicode_ident::is_xid_start(c)
}

fn is_id_continue(c: char) -> bool {
    c == '-' || unicode_ident::is_xid_continue(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every candidate as (line, column, kind id, value); an unresolved value as `? TEXT`.
    fn found(text: &str) -> Vec<(usize, usize, &'static str, String)> {
        candidates(text).unwrap().into_iter().map(show).collect()
    }

    fn show(c: Candidate) -> (usize, usize, &'static str, String) {
        let value = match c.value {
            Value::Reference(r) => r,
            Value::Unresolved(u, Unknown::NoDefault) => format!("? {u}"),
            other => panic!("unexpected {other:?}"),
        };
        (c.line, c.column, c.kind.id(), value)
    }

    fn at(
        line: usize,
        column: usize,
        kind: &'static str,
        v: &str,
    ) -> (usize, usize, &'static str, String) {
        (line, column, kind, v.to_string())
    }

    fn error(text: &str) -> Malformed {
        candidates(text).unwrap_err()
    }

    const NS: &str = "swr-namespace";
    const REPO: &str = "swr-repository";
    const IMG: &str = "image-reference";

    #[test]
    fn swr_organizations_and_repositories_by_type() {
        let text = r#"resource "huaweicloud_swr_organization" "org" {
  name = "My_Org"
}
data "huaweicloud_swr_organization" "org" {
  name = "d"
}
resource "huaweicloud_swr_repository" "repo" {
  organization = "team"
  name         = "Library/app"
  repository   = "r"
}
resource "huaweicloud_swr_image_permissions" "p" {
  organization = "o"
  repository   = "a/b"
  name         = "not read"
}
data "huaweicloud_swr_repositories" "all" {
  organization = "o2"
  name         = "not read"
}
resource "huaweicloud_swr_organization_permissions" "p" {
  organization = "o3"
  name         = "not read"
}
resource "huaweicloud_vpc" "vpc" {
  name         = "not read"
  organization = "not read"
}
"#;
        assert_eq!(
            found(text),
            [
                at(2, 11, NS, "My_Org"),
                at(5, 11, NS, "d"),
                at(8, 19, NS, "team"),
                at(9, 19, REPO, "Library/app"),
                at(10, 19, REPO, "r"),
                at(13, 19, NS, "o"),
                at(14, 19, REPO, "a/b"),
                at(18, 19, NS, "o2"),
                at(22, 19, NS, "o3"),
            ]
        );
    }

    #[test]
    fn only_resource_and_data_blocks_and_only_their_own_attributes() {
        let text = r#"module "huaweicloud_swr_organization" {
  name = "not read"
}
resource "huaweicloud_swr_organization" "org" {
  lifecycle {
    name = "not read"
  }
  name = "top"
}
resource "docker_image" "i" {
  build {
    name = "not read"
  }
  name = "nginx:1.27"
}
"#;
        assert_eq!(
            found(text),
            [at(8, 11, NS, "top"), at(14, 11, IMG, "nginx:1.27")]
        );
    }

    #[test]
    fn docker_images_and_containers() {
        let text = r#"resource "docker_image" "app" {
  name = "registry.example.com/app:1"
}
data "docker_registry_image" "base" {
  name = "alpine:3.20"
}
resource "docker_registry_image" "push" {
  name = "Bad/app"
}
resource "docker_container" "c" {
  name  = "a container name"
  image = "nginx:1.27"
}
resource "docker_container" "d" {
  image = docker_image.app.image_id
}
"#;
        assert_eq!(
            found(text),
            [
                at(2, 11, IMG, "registry.example.com/app:1"),
                at(5, 11, IMG, "alpine:3.20"),
                at(8, 11, IMG, "Bad/app"),
                at(12, 12, IMG, "nginx:1.27"),
                at(15, 11, IMG, "? docker_image.app.image_id"),
            ]
        );
    }

    #[test]
    fn kubernetes_containers_at_any_depth() {
        let text = r#"resource "kubernetes_deployment" "web" {
  metadata {
    name = "web"
  }
  spec {
    template {
      spec {
        init_container {
          name  = "init"
          image = "busybox:1.36"
        }
        container {
          name  = "web"
          image = "nginx:1.27"
          env {
            name  = "IMAGE"
            value = "not:read"
          }
        }
        dynamic "container" {
          for_each = var.sidecars
          content {
            image = container.value.image
          }
        }
        dynamic "volume" {
          for_each = []
          content {
            image = "not read"
          }
        }
      }
    }
  }
}
resource "kubernetes_cron_job_v1" "job" {
  spec {
    job_template {
      spec {
        template {
          spec {
            container { image = "alpine:3.20" }
          }
        }
      }
    }
  }
}
resource "google_cloud_run_v2_service" "run" {
  template {
    containers {
      image = "not read"
    }
    container {
      image = "not read"
    }
  }
}
"#;
        assert_eq!(
            found(text),
            [
                at(10, 20, IMG, "busybox:1.36"),
                at(14, 20, IMG, "nginx:1.27"),
                at(23, 21, IMG, "? container.value.image"),
                at(42, 34, IMG, "alpine:3.20"),
            ]
        );
    }

    #[test]
    fn only_plain_literals_are_references() {
        let text = r#"resource "docker_image" "a" {
  name = "${var.registry}/app:${var.tag}"
}
resource "docker_image" "b" {
  name = var.image
}
resource "docker_image" "c" {
  name = "%{ if var.x }a%{ else }b%{ endif }"
}
resource "docker_image" "d" {
  name = format("%s:%s", var.name, var.tag)
}
resource "docker_image" "e" {
  name = null
}
resource "docker_image" "f" {
  name = 12
}
resource "docker_image" "g" {
  name = "caf\u00e9 $${x} %%{y} \"q\""
}
"#;
        assert_eq!(
            found(text),
            [
                at(2, 11, IMG, "? ${var.registry}/app:${var.tag}"),
                at(5, 10, IMG, "? var.image"),
                at(8, 11, IMG, "? %{ if var.x }a%{ else }b%{ endif }"),
                at(11, 10, IMG, "? format(\"%s:%s\", var.name, var.tag)"),
                at(20, 11, IMG, "café ${x} %{y} \"q\""),
            ]
        );
    }

    #[test]
    fn heredocs_are_literals_with_their_newline_unless_they_interpolate() {
        let text = "resource \"docker_image\" \"a\" {\n  name = <<EOT\nnginx:1.27\nEOT\n}\n\
resource \"docker_image\" \"b\" {\n  name = <<-EOT\n    nginx:1.27\n    EOT\n}\n\
resource \"docker_image\" \"c\" {\n  name = <<EOT\nnginx:${var.tag}\nEOT\n}\n";
        assert_eq!(
            found(text),
            [
                at(3, 1, IMG, "nginx:1.27\n"),
                at(8, 5, IMG, "nginx:1.27\n"),
                at(13, 1, IMG, "? nginx:${var.tag}\n"),
            ]
        );
    }

    /// Terraform ends a heredoc at its first line when that is the marker; `hcl-edit` alone
    /// would look for a later one first and take the next block's heredoc into this one.
    #[test]
    fn an_empty_heredoc_ends_on_its_first_line() {
        let text = "resource \"docker_image\" \"a\" {\n  name = <<EOT\n  EOT\n}\n\
resource \"docker_container\" \"b\" {\n  name = <<EOT\nx\nEOT\n  image = <<EOT\nEOT\n}\n";
        assert_eq!(found(text), [at(2, 11, IMG, ""), at(9, 12, IMG, "")]);
        // Many of them take linear time (hcl-edit alone: quadratic, seconds for these).
        let many: String = (0..5000).map(|i| format!("<<A{i}\nA{i}\n,")).collect();
        let text = format!("resource \"docker_image\" \"x\" {{\n  name = [{many}]\n}}\n");
        let start = std::time::Instant::now();
        assert_eq!(found(&text).len(), 1);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn brackets_in_strings_comments_and_heredocs_do_not_end_blocks() {
        let text = r#"locals {
  a = "}{ \" ]) ${ {x = "}"}.x } %%{ $${"
  b = <<-EOT
    }
    EOTX ${ "}" }
    EOT
  # }
  // }
  /* }
  */ c = {for k, v in {a = 1} : k => v if v == 1}
}
resource "huaweicloud_swr_organization" "o" { name = "x_" }
"#;
        assert_eq!(found(text), [at(12, 55, NS, "x_")]);
    }

    #[test]
    fn columns_are_bytes_and_crlf_lines_count() {
        let text = "# é\r\nresource \"docker_image\" \"é\" { name = \"a\" }\r\n";
        assert_eq!(found(text), [at(2, 40, IMG, "a")]);
        let bom = "\u{feff}resource \"docker_image\" \"i\" { name = \"a\" }\n";
        assert_eq!(found(bom), [at(1, 42, IMG, "a")]);
    }

    #[test]
    fn a_type_label_with_an_escape_is_decided_on_its_value() {
        let text = "resource \"docker\\u005fimage\" \"i\" { name = \"a\" }\n\
resource \"x\\u005f\" \"i\" { name = \"b\" }\n";
        assert_eq!(found(text), [at(1, 44, IMG, "a")]);
    }

    #[test]
    fn lexical_errors_anywhere_are_malformed_at_their_opening() {
        for (text, line, column, message) in [
            (
                "locals {\n  a = \"x\n}\n",
                2,
                7,
                "unterminated string: no closing '\"'",
            ),
            ("locals {\n  a = [1\n}\n", 3, 1, "unexpected '}'"),
            ("variable \"x\" {\n", 1, 14, "unclosed '{'"),
            (
                "a = <<EOT\nx\n",
                1,
                5,
                "unterminated heredoc: no line with its end marker",
            ),
            (
                "a = 1 /* x\n",
                1,
                7,
                "unterminated comment: no closing '*/'",
            ),
            (
                "a = \"${x\n",
                1,
                6,
                "unclosed template sequence: no closing '}'",
            ),
            (
                "a = \"${x\"\n",
                1,
                9,
                "unterminated string: no closing '\"'",
            ),
            ("a = (1\n", 1, 5, "unclosed '('"),
            ("}\n", 1, 1, "unexpected '}'"),
        ] {
            let e = error(text);
            assert_eq!(
                (e.line, e.column, e.message.as_str(), e.id),
                (line, column, message, "malformed-hcl"),
                "{text:?}"
            );
        }
        let deep = format!(
            "a = {}{}\n",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        let e = error(&deep);
        assert_eq!(
            (e.line, e.column, e.id),
            (1, 5 + MAX_DEPTH, "malformed-hcl")
        );
        assert!(
            e.message.contains("nested more than 1024 levels"),
            "{}",
            e.message
        );
    }

    /// The blocks read are parsed; the grammar of the others is not checked.
    #[test]
    fn a_block_read_that_does_not_parse_is_malformed_where_the_parser_stopped() {
        let text =
            "locals {\n  a = = 1\n}\nresource \"docker_image\" \"i\" {\n  name = = \"a\"\n}\n";
        let e = error(text);
        assert_eq!((e.line, e.column, e.id), (5, 10, "malformed-hcl"));
        assert_eq!(e.to_string(), format!("malformed HCL: {}", e.message));
        assert_eq!(found("locals {\n  a = = 1\n}\n"), []);
        let nested = format!(
            "resource \"docker_image\" \"i\" {{\n  name = {}1{}\n}}\n",
            "[".repeat(70),
            "]".repeat(70)
        );
        assert!(error(&nested).message.contains("nesting depth"));
    }

    #[test]
    fn a_block_past_the_budget_is_one_problem_at_its_start() {
        let tokens = (16 * 1024 * 1024) / BYTES_PER_TOKEN;
        let list = "1,".repeat(tokens);
        let text = format!("# x\nresource \"docker_image\" \"i\" {{\n  name = [{list}]\n}}\n");
        let e = error(&text);
        assert_eq!((e.line, e.column, e.id), (2, 1, "hcl-budget-exceeded"));
        assert!(e.message.ends_with("; not checked"), "{}", e.message);
        assert_eq!(e.to_string(), e.message);
        // The same list outside a block read is not parsed, so not a problem.
        assert_eq!(found(&format!("locals {{\n  a = [{list}]\n}}\n")), []);

        let keys: String = (0..2000).map(|i| format!("k{i} = 1, ")).collect();
        let text =
            format!("resource \"kubernetes_config_map\" \"m\" {{\n  data = {{{keys}}}\n}}\n");
        assert_eq!(error(&text).id, "hcl-budget-exceeded");
        let keys: String = (0..1000).map(|i| format!("k{i} = 1, ")).collect();
        let text =
            format!("resource \"kubernetes_config_map\" \"m\" {{\n  data = {{{keys}}}\n}}\n");
        assert_eq!(found(&text), []);
    }

    /// The same walk over `hcl-edit`'s parse of the whole text, without the lexer's split.
    fn whole(text: &str) -> Option<Vec<(usize, usize, &'static str, String)>> {
        let body = hcl_edit::parser::parse_body(text).ok()?;
        let mut found = Vec::new();
        let mut walk = Walk {
            text,
            base: 0,
            found: &mut found,
        };
        for block in body.blocks() {
            walk.block(block);
        }
        found.sort_by_key(|(offset, ..)| *offset);
        let mut lines = Lines::new(text);
        Some(
            found
                .into_iter()
                .map(|(offset, kind, value)| {
                    let (line, column) = lines.position(offset);
                    show(Candidate {
                        line,
                        column,
                        kind,
                        value,
                    })
                })
                .collect(),
        )
    }

    /// Top-level structures with everything that opens and closes, as `hcl-edit` reads them.
    const PIECES: &[&str] = &[
        "resource \"huaweicloud_swr_organization\" \"o\" {\n  name = \"My_Org\"\n}\n",
        "resource \"huaweicloud_swr_repository\" \"r\" {\n organization = \"${var.o}\"\n name = \"a/b\"\n}\n",
        "data \"docker_registry_image\" \"d\" {\n  name = <<-EOT\n    x:1\n    EOT\n}\n",
        "resource \"kubernetes_pod\" \"p\" {\n  spec {\n    container {\n      image = \"n:1\" # }\n    }\n  }\n}\n",
        "resource \"docker_container\" \"c\" { image = \"}\" }\n",
        "locals {\n  a = \"}{ \\\" ]) ${ {x = \"}\"}.x } %%{ $${\"\n}\n",
        "locals {\n  b = <<EOT\n}\n  EOTX ${\"}\"}\nEOT\n}\n",
        "# }\n// {\n/* {\n\"\n*/\n",
        "variable \"v\" {\n  default = {for k, v in {a = [1, (2)]} : k => v if v == 1}\n}\n",
        "output \"o\" { value = a.b[0].c[*].d }\n",
        "\n\n",
        "a = 1\r\n",
        "resource \"docker_image\" \"é\" {\r\n  name = \"é:1\"\r\n}\r\n",
        "resource \"kubernetes_job\" \"j\" {\n  spec {\n    init_container {\n      image = var.i\n    }\n  }\n}\n",
    ];

    proptest! {
        /// On text `hcl-edit` parses whole, the split and the parse of each block read find
        /// what one parse of the whole text finds.
        #[test]
        fn the_split_finds_what_a_whole_parse_finds(
            pieces in proptest::collection::vec(0..PIECES.len(), 0..12),
        ) {
            // Attributes may not repeat at the top level: number them.
            let text: String = pieces
                .iter()
                .enumerate()
                .map(|(n, &i)| PIECES[i].replace("a = 1", &format!("a{n} = 1")))
                .collect();
            let expected = whole(&text);
            prop_assert!(expected.is_some(), "hcl-edit refuses {text:?}");
            prop_assert_eq!(Some(found(&text)), expected, "{:?}", text);
        }

        /// Any text: no panic, and positions within it.
        #[test]
        fn any_text_lexes_without_panicking(text in "[ -~\\n\\té{}\\[\\]()\"$%<#/*\\\\-]{0,200}") {
            let found = candidates(&text);
            if let Err(e) = &found {
                prop_assert!(e.line >= 1 && e.column >= 1);
            }
        }
    }
}
