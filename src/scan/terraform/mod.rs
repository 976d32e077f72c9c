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

mod lexer;
use lexer::*;

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
            // An empty heredoc, parsed as `""` (see `chunk`): its text would start on the line
            // after `<<EOT`, as a heredoc's does.
            Expression::String(s) if self.text.as_bytes().get(span.clone())?.starts_with(b"<<") => {
                let line = memchr::memchr(b'\n', self.text.as_bytes().get(span.start..)?)?;
                Some((span.start + line + 1, Value::Reference(s.value().clone())))
            }
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

#[cfg(test)]
mod tests;
