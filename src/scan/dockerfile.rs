//! Image references in a Dockerfile: `FROM`, `COPY --from=` and `RUN --mount=…,from=`.
//!
//! Dockerfile syntax is line based, so this is a small hand-written reader: parser directives
//! (`# escape=`), logical lines joined at the escape character, stage names from `FROM … AS name`,
//! and `ARG` defaults for `$VAR` / `${VAR}` expansion. Every logical line keeps a map back to its
//! physical lines, so a reference's position is that of its first byte in the file.

// The crate is `no_std`; this module is built only with `std`.
use std::prelude::rust_2021::*;

use super::{Candidate, Unknown, Value, MAX_EXPANSION, MAX_FILE_SIZE};
use crate::kind::Kind;
use std::collections::HashMap;

/// Finds the image-reference candidates of a Dockerfile, in file order.
///
/// Stage names are not references: neither `FROM base AS build` … `FROM build` nor
/// `COPY --from=build`; nor is `scratch`. A reference holding a variable is expanded from the
/// `ARG` defaults declared before it (the global ones for `FROM`, the stage's for `COPY` and
/// `RUN`); when one has no default it is a [`Value::Unresolved`], and when the expansion would
/// pass [`MAX_EXPANSION`] bytes it is a [`Value::TooLong`].
///
/// ```
/// use registry_names::scan::{dockerfile, Value};
/// let found = dockerfile::candidates("ARG V=1.27\nFROM nginx:${V} AS web\nFROM web\n");
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].line, found[0].column), (2, 6));
/// assert_eq!(found[0].value, Value::Reference("nginx:1.27".into()));
/// ```
pub fn candidates(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut stages: Vec<String> = Vec::new();
    let mut global_args: HashMap<String, Option<String>> = HashMap::new();
    let mut stage_args: HashMap<String, Option<String>> = HashMap::new();
    let mut in_stage = false;
    let mut lines = LogicalLines::new(text);
    let mut expansion = Expansion {
        escape: lines.escape,
        left: MAX_FILE_SIZE as usize,
    };
    while let Some(line) = lines.next_line() {
        let (word, rest_at) = first_word(&line.text);
        let word = word.to_ascii_uppercase();
        let arguments = Tokens::new(&line.text, rest_at);
        match word.as_str() {
            "ARG" => {
                for (_, token) in arguments {
                    // A stage sees the global ARGs only through one it declares again.
                    let (scope, inherited) = if in_stage {
                        (&mut stage_args, Some(&global_args))
                    } else {
                        (&mut global_args, None)
                    };
                    let (name, default) = match token.split_once('=') {
                        // Docker expands a default from the ARGs declared before it, except
                        // inside single quotes; one it cannot expand has no known value.
                        Some((name, value)) if value.starts_with('\'') => {
                            (name, Some(unquote(value).to_string()))
                        }
                        Some((name, value)) => {
                            match expand(unquote(value), scope, &mut expansion) {
                                Value::Reference(value) => (name, Some(value)),
                                _ => (name, None),
                            }
                        }
                        // A stage re-declaring a global ARG without a default inherits it.
                        None => {
                            let global = inherited.and_then(|g| g.get(token).cloned().flatten());
                            (token, global)
                        }
                    };
                    scope.insert(name.to_string(), default);
                }
            }
            "FROM" => {
                in_stage = true;
                stage_args.clear();
                let mut image = None;
                let mut after_image = Vec::new();
                for (at, token) in arguments {
                    if image.is_none() {
                        if !token.starts_with("--") {
                            image = Some((at, token));
                        }
                    } else {
                        after_image.push(token);
                    }
                }
                if let Some((at, token)) = image {
                    let named_stage = token.eq_ignore_ascii_case("scratch")
                        || stages.iter().any(|s| s.eq_ignore_ascii_case(token));
                    if !named_stage {
                        found.push(candidate(&line, at, token, &global_args, &mut expansion));
                    }
                }
                if let [as_word, name, ..] = after_image.as_slice() {
                    if as_word.eq_ignore_ascii_case("as") {
                        stages.push(name.to_string());
                    }
                }
            }
            "COPY" | "RUN" => {
                for (at, token) in arguments {
                    let Some(flag) = token.strip_prefix("--") else {
                        // Flags come first; the rest is the command or the sources.
                        break;
                    };
                    let from = if word == "COPY" {
                        flag.strip_prefix("from=").map(|value| (at + 7, value))
                    } else {
                        flag.strip_prefix("mount=")
                            .and_then(|mount| mount_from(at + 8, mount))
                    };
                    if let Some((at, value)) = from {
                        let stage_or_index = value.bytes().all(|b| b.is_ascii_digit())
                            || stages.iter().any(|s| s.eq_ignore_ascii_case(value));
                        if !value.is_empty() && !stage_or_index {
                            found.push(candidate(&line, at, value, &stage_args, &mut expansion));
                        }
                    }
                }
            }
            _ => {}
        }
        lines.skip_heredocs(&line.text, &word);
    }
    found
}

/// The `from=` value of a `--mount=` flag's comma-separated options, with its offset.
fn mount_from(mut at: usize, options: &str) -> Option<(usize, &str)> {
    for option in options.split(',') {
        if let Some(value) = option.strip_prefix("from=") {
            return Some((at + 5, value));
        }
        at += option.len() + 1;
    }
    None
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

fn candidate(
    line: &LogicalLine,
    at: usize,
    token: &str,
    args: &HashMap<String, Option<String>>,
    expansion: &mut Expansion,
) -> Candidate {
    let (line_number, column) = line.position(at);
    Candidate {
        kind: Kind::ImageReference,
        line: line_number,
        column,
        value: expand(token, args, expansion),
    }
}

/// How a file's `$VAR`s expand: its escape character, and the bytes its expansions may still add
/// to its references and `ARG` values together. One expansion may add at most
/// [`MAX_EXPANSION`] bytes, and a file's expansions at most [`MAX_FILE_SIZE`]: without the
/// second bound, thousands of short lines could each expand to 64 KiB.
struct Expansion {
    escape: u8,
    left: usize,
}

/// Expands `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME-word}` from ARG defaults. Any other
/// form, or a variable without a default, leaves the token unresolved.
fn expand(token: &str, args: &HashMap<String, Option<String>>, expansion: &mut Expansion) -> Value {
    let escape = expansion.escape;
    if !token.contains('$') {
        return Value::Reference(token.to_string());
    }
    let unresolved = || Value::Unresolved(token.to_string(), Unknown::NoDefault);
    let too_long = || Value::TooLong(token.to_string());
    let bytes = token.as_bytes();
    let mut out = String::with_capacity(token.len().min(MAX_EXPANSION));
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == escape && bytes.get(i + 1) == Some(&b'$') {
            out.push('$');
            i += 2;
            continue;
        }
        if b != b'$' {
            let next = token[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&token[i..i + next]);
            i += next;
            continue;
        }
        let braced = bytes.get(i + 1) == Some(&b'{');
        let name_start = if braced { i + 2 } else { i + 1 };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        if name_len == 0 {
            return unresolved();
        }
        let name = &token[name_start..name_start + name_len];
        let value = args.get(name).cloned().flatten();
        let (chosen, end) = if braced {
            let Some(close) = token[name_start..].find('}').map(|c| name_start + c) else {
                return unresolved();
            };
            let modifier = &token[name_start + name_len..close];
            let chosen = match modifier {
                "" => value,
                _ if modifier.starts_with(":-") => Some(
                    value
                        .filter(|v| !v.is_empty())
                        .unwrap_or_else(|| modifier[2..].to_string()),
                ),
                _ if modifier.starts_with('-') => {
                    Some(value.unwrap_or_else(|| modifier[1..].to_string()))
                }
                _ => None,
            };
            (chosen, close + 1)
        } else {
            (value, name_start + name_len)
        };
        // A value still holding `$` (single-quoted, or an escaped `$`) is not expanded again.
        match chosen {
            Some(v) if v.contains('$') => return unresolved(),
            Some(v) if out.len() + v.len() > MAX_EXPANSION || v.len() > expansion.left => {
                return too_long()
            }
            Some(v) => {
                expansion.left -= v.len();
                out.push_str(&v);
            }
            None => return unresolved(),
        }
        i = end;
    }
    Value::Reference(out)
}

/// The first whitespace-separated word of a logical line and the offset after it.
fn first_word(text: &str) -> (&str, usize) {
    let start = text.len() - text.trim_start().len();
    let end = text[start..]
        .find(|c: char| c.is_ascii_whitespace())
        .map_or(text.len(), |e| start + e);
    (&text[start..end], end)
}

/// Whitespace-separated words of a logical line from an offset, each with its offset.
struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str, at: usize) -> Self {
        Tokens { text, at }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.text[self.at..];
        let start = self.at + (rest.len() - rest.trim_start().len());
        if start == self.text.len() {
            self.at = start;
            return None;
        }
        let end = self.text[start..]
            .find(|c: char| c.is_ascii_whitespace())
            .map_or(self.text.len(), |e| start + e);
        self.at = end;
        Some((start, &self.text[start..end]))
    }
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
        let (start, line, column) = self.pieces[index.saturating_sub(1)];
        (line, column + (at - start))
    }
}

/// Reads a Dockerfile as logical lines: directives first, then instructions joined at the
/// escape character, comment and blank lines dropped.
struct LogicalLines<'a> {
    lines: std::iter::Enumerate<std::str::Lines<'a>>,
    escape: u8,
}

impl<'a> LogicalLines<'a> {
    fn new(text: &'a str) -> Self {
        let mut escape = b'\\';
        // Parser directives: `# key=value` lines at the very top, until anything else.
        for line in text.lines() {
            let Some(comment) = line.trim_start().strip_prefix('#') else {
                break;
            };
            let Some((key, value)) = comment.split_once('=') else {
                break;
            };
            let key = key.trim();
            if key.is_empty() || key.contains(char::is_whitespace) {
                break;
            }
            if key.eq_ignore_ascii_case("escape") {
                if let [b @ (b'\\' | b'`')] = value.trim().as_bytes() {
                    escape = *b;
                }
            }
        }
        LogicalLines {
            lines: text.lines().enumerate(),
            escape,
        }
    }

    fn next_line(&mut self) -> Option<LogicalLine> {
        let mut logical = LogicalLine {
            text: String::new(),
            pieces: Vec::new(),
        };
        for (index, raw) in self.lines.by_ref() {
            let trimmed = raw.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                // Comments and blank lines vanish, also between continuation lines.
                continue;
            }
            let indent = raw.len() - trimmed.len();
            let body = raw.trim_end();
            let piece = (logical.text.len(), index + 1, indent + 1);
            match body.as_bytes().last() {
                // `trimmed` is not empty, so `body` holds a byte past `indent`.
                Some(&b) if b == self.escape => {
                    let content = &body[indent..body.len() - 1];
                    // A line holding only the escape adds nothing: no piece, so that memory
                    // follows the text rather than the number of lines.
                    if !content.trim().is_empty() || logical.pieces.is_empty() {
                        logical.pieces.push(piece);
                        logical.text.push_str(content);
                        logical.text.push(' ');
                    }
                }
                _ => {
                    logical.pieces.push(piece);
                    logical.text.push_str(&body[indent..]);
                    return Some(logical);
                }
            }
        }
        (!logical.pieces.is_empty()).then_some(logical)
    }

    /// Skips the bodies of `<<WORD` / `<<-WORD` here-documents the instruction opened, so that
    /// a script line such as `FROM x` inside one is not read as an instruction.
    fn skip_heredocs(&mut self, text: &str, word: &str) {
        if !matches!(word, "RUN" | "COPY" | "ADD") {
            return;
        }
        for (_, token) in Tokens::new(text, 0) {
            let Some(marker) = token.strip_prefix("<<") else {
                continue;
            };
            let strip_tabs = marker.starts_with('-');
            let marker = marker.trim_start_matches('-').trim_matches(['"', '\'']);
            if marker.is_empty()
                || !marker
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            {
                continue;
            }
            for (_, line) in self.lines.by_ref() {
                let line = if strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                if line.trim_end_matches('\r') == marker {
                    break;
                }
            }
        }
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
                    FROM $REGISTRY/org/app:$TAG\nFROM alpine:${TAG:-3.20}\nFROM x:${TAG:+y}\n";
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
                (
                    6,
                    6,
                    Value::Unresolved("x:${TAG:+y}".into(), Unknown::NoDefault)
                ),
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

    #[test]
    fn an_escaped_dollar_is_a_literal_dollar_and_other_escapes_stay() {
        let text = "ARG V=1\nFROM img:\\$V\nFROM a\\b:$V\n";
        assert_eq!(
            found(text),
            [(2, 6, reference("img:$V")), (3, 6, reference("a\\b:1"))]
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

    /// As BuildKit does with the arguments before the first FROM, a later `ARG NAME` replaces an
    /// earlier one, default and all.
    #[test]
    fn a_global_arg_declared_again_without_a_default_loses_it() {
        let text = "ARG T=1\nARG T\nFROM a:$T\n";
        assert_eq!(
            found(text),
            [(3, 6, Value::Unresolved("a:$T".into(), Unknown::NoDefault))]
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

    /// An ARG default is expanded from the ARGs before it (`ARG B=${A}x`), in its own scope and
    /// not inside single quotes; one that cannot be expanded makes its uses unresolved.
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
                (7, 6, Value::Unresolved("a:${D}".into(), Unknown::NoDefault)),
                (8, 6, Value::Unresolved("a:$D".into(), Unknown::NoDefault)),
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
        assert_eq!(
            found("FROM ${A"),
            [(1, 6, Value::Unresolved("${A".into(), Unknown::NoDefault))]
        );
    }
}
