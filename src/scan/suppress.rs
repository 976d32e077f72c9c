//! Suppression comments (docs/scan.md S6): `# registry-names: ignore=RULE[,RULE…] [-- reason]`
//! silences those rule ids for the references of its line (as a trailing comment) or of the next
//! line (as a comment alone on its line); `# registry-names: ignore-file=RULE[,…]` before the
//! file's first reference silences them in the whole file. `*` stands for every rule id. A rule
//! id that does not exist ([`rules::is_known`]) is a problem of its own
//! ([`rules::UNKNOWN_SUPPRESSION`]).
//!
//! Comments are found by their text: `#` (in every format) or `//` (Terraform and
//! devcontainer.json) at the start of a line or after white space, then `registry-names:`. A
//! Dockerfile has no trailing comments (BuildKit reads a `#` after an instruction as an
//! argument), so there only a comment line counts. A file without the text `registry-names:`
//! costs one vectorised search.
//!
//! ```
//! use registry_names::scan::{suppress::Suppressions, Syntax};
//! let text = "# registry-names: ignore=policy/no-latest -- the CI image moves on purpose\n\
//!             FROM ci-base:latest\n";
//! let found = Suppressions::parse(Syntax::Dockerfile, text, Some(2));
//! let hit = found.find(2, "policy/no-latest").unwrap();
//! assert_eq!(hit.reason.as_deref(), Some("the CI image moves on purpose"));
//! assert!(found.find(2, "invalid-start").is_none());
//! assert!(found.unknown().is_empty());
//! ```

use std::prelude::rust_2021::*;

use super::{rules, Syntax};

/// The marker that starts a suppression inside a comment.
pub const MARKER: &str = "registry-names:";

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// 1-based line of the comment.
    pub line: usize,
    /// The line whose references it covers (its own, or the next for a comment alone on its
    /// line); `None` for `ignore-file=`.
    pub covers: Option<usize>,
    /// The rule ids it names that exist (`*` included), each once.
    pub rules: Vec<&'static str>,
    /// The text after `--`, if any.
    pub reason: Option<String>,
}

impl Suppression {
    fn names(&self, rule: &str) -> bool {
        self.rules.iter().any(|&r| r == "*" || r == rule)
    }
}

/// A suppression's rule id that does not exist, or a `registry-names:` comment that is no
/// suppression: where it is (1-based line, 1-based byte column) and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// 1-based line.
    pub line: usize,
    /// 1-based byte column of the unknown id (or directive).
    pub column: usize,
    /// The id (or directive) as written.
    pub id: String,
    /// What is wrong.
    pub message: &'static str,
}

/// The most [`Unknown`]s kept for one file: past it, further unknown ids are not reported (a
/// file of nothing but mistyped ids would otherwise take many times its size).
pub const MAX_UNKNOWN: usize = 256;

/// The suppressions of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressions {
    /// Those for a line, in file order, so by the line they cover.
    lines: Vec<Suppression>,
    /// Those for the whole file.
    file: Vec<Suppression>,
    unknown: Vec<Unknown>,
}

impl Suppressions {
    /// Reads the suppression comments of `text`, a file of `syntax` whose first reference is on
    /// line `first_reference` (an `ignore-file=` after it does not count: it would silence
    /// references above it that a reader of the file thinks are checked).
    pub fn parse(syntax: Syntax, text: &str, first_reference: Option<usize>) -> Suppressions {
        let mut out = Suppressions::default();
        let bytes = text.as_bytes();
        let mut line = 1;
        let mut counted = 0;
        for at in memchr::memmem::find_iter(bytes, MARKER.as_bytes()) {
            line += memchr::memchr_iter(b'\n', &bytes[counted..at]).count();
            counted = at;
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            let Some(alone) = comment_before(syntax, &text[start..at]) else {
                continue;
            };
            let rest = &text[at + MARKER.len()..end];
            let column = |offset: usize| offset - start + 1;
            let rest_at = at + MARKER.len();
            let trimmed = rest.trim_start();
            let directive_at = rest_at + (rest.len() - trimmed.len());
            let (whole_file, list) = if let Some(list) = trimmed.strip_prefix("ignore-file=") {
                (true, list)
            } else if let Some(list) = trimmed.strip_prefix("ignore=") {
                (false, list)
            } else {
                let word = trimmed.split_whitespace().next().unwrap_or_default();
                out.push_unknown(Unknown {
                    line,
                    column: column(directive_at),
                    id: word.chars().take(64).collect(),
                    message: "not a suppression: expected `ignore=RULE[,RULE…]` or \
                              `ignore-file=RULE[,RULE…]`",
                });
                continue;
            };
            let list_at = directive_at + (trimmed.len() - list.len());
            let list_end = list.find(|c: char| c.is_whitespace()).unwrap_or(list.len());
            let (ids, after) = list.split_at(list_end);
            let reason = after
                .trim()
                .strip_prefix("--")
                .map(|r| r.trim().trim_end_matches("*/").trim_end())
                .filter(|r| !r.is_empty())
                .map(str::to_string);
            let mut known = Vec::new();
            let mut offset = list_at;
            for id in ids.split(',') {
                let rule = if id == "*" {
                    Some("*")
                } else {
                    rules::known(id)
                };
                if let Some(rule) = rule {
                    if !known.contains(&rule) {
                        known.push(rule);
                    }
                } else {
                    out.push_unknown(Unknown {
                        line,
                        column: column(offset),
                        id: id.chars().take(64).collect(),
                        message: if id.is_empty() {
                            "an empty rule id"
                        } else {
                            "not a rule id (docs/scan.md S5, docs/grammars.md §9)"
                        },
                    });
                }
                offset += id.len() + 1;
            }
            let covers = match (whole_file, alone) {
                (true, _) => None,
                (false, true) => Some(line + 1),
                (false, false) => Some(line),
            };
            let in_time = !whole_file || first_reference.is_none_or(|first| line < first);
            if !known.is_empty() && in_time {
                let suppression = Suppression {
                    line,
                    covers,
                    rules: known,
                    reason,
                };
                if covers.is_some() {
                    out.lines.push(suppression);
                } else if !known_before(&out.file, &suppression.rules) {
                    out.file.push(suppression);
                }
            }
        }
        // `find` searches by the line covered. A line whose first marker stands alone (covering
        // the next line) and whose second trails it (covering its own) pushes them out of order.
        out.lines.sort_by_key(|s| s.covers);
        out
    }

    fn push_unknown(&mut self, unknown: Unknown) {
        if self.unknown.len() < MAX_UNKNOWN {
            self.unknown.push(unknown);
        }
    }

    /// Whether nothing is suppressed and nothing is unknown.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.file.is_empty() && self.unknown.is_empty()
    }

    /// The suppression that silences `rule` for a reference on `line`, if any: one for that
    /// line first, then one for the whole file.
    pub fn find(&self, line: usize, rule: &str) -> Option<&Suppression> {
        // A search, not a scan: a file of many suppressions and many references stays linear.
        let first = self.lines.partition_point(|s| s.covers < Some(line));
        let on_line = self.lines[first..]
            .iter()
            .take_while(|s| s.covers == Some(line))
            .find(|s| s.names(rule));
        on_line.or_else(|| self.file.iter().find(|s| s.names(rule)))
    }

    /// The suppressions of lines, in file order, then those of the whole file (one for each
    /// set of rule ids).
    pub fn all(&self) -> impl Iterator<Item = &Suppression> {
        self.lines.iter().chain(&self.file)
    }

    /// The rule ids (and directives) that do not exist, in file order: each is a problem
    /// [`rules::UNKNOWN_SUPPRESSION`].
    pub fn unknown(&self) -> &[Unknown] {
        &self.unknown
    }
}

/// Whether every rule of `rules` is silenced for the file already: then a further
/// `ignore-file=` adds nothing (so there are at most as many as rule ids, however many comments).
fn known_before(file: &[Suppression], rules: &[&str]) -> bool {
    rules.iter().all(|r| file.iter().any(|f| f.names(r)))
}

/// Whether `before` (a line's text up to the marker) ends in a comment opener with only white
/// space after it: `Some(true)` when the comment is alone on its line, `Some(false)` when it
/// trails something, `None` when the marker is not in a comment.
fn comment_before(syntax: Syntax, before: &str) -> Option<bool> {
    let before = before.trim_end_matches([' ', '\t']);
    let slashes = matches!(syntax, Syntax::Terraform | Syntax::Json);
    let opener = if before.ends_with('#') {
        1
    } else if slashes && (before.ends_with("//") || before.ends_with("/*")) {
        2
    } else {
        return None;
    };
    let code = &before[..before.len() - opener];
    // A BOM may start the first line; it is no code.
    let code = code.trim_start_matches('\u{feff}');
    if code.trim().is_empty() {
        return Some(true);
    }
    let after_space = code.ends_with([' ', '\t']);
    (after_space && syntax != Syntax::Dockerfile).then_some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_file_counts_only_above_the_first_reference() {
        let text = "a: 1 # registry-names: ignore-file=policy/no-latest\n\
                    image: b:latest # registry-names: ignore-file=policy/digest-required\n";
        let found = Suppressions::parse(Syntax::Yaml, text, Some(2));
        assert!(found.find(2, "policy/no-latest").is_some());
        // On the first reference's own line: it would silence the reference beside it.
        assert!(found.find(2, "policy/digest-required").is_none());
    }

    #[test]
    fn a_file_keeps_each_ignore_file_rule_once_and_at_most_max_unknown_ids() {
        let text = "# registry-names: ignore-file=policy/no-latest\n\
                    # registry-names: ignore-file=policy/no-latest\n\
                    # registry-names: ignore-file=policy/no-latest,policy/tag-required\n\
                    FROM a\n";
        let found = Suppressions::parse(Syntax::Dockerfile, text, Some(4));
        let kept: Vec<_> = found.all().map(|s| (s.line, s.rules.clone())).collect();
        assert_eq!(
            kept,
            [
                (1, vec!["policy/no-latest"]),
                (3, vec!["policy/no-latest", "policy/tag-required"])
            ]
        );
        let ids = vec!["x"; MAX_UNKNOWN + 1].join(",");
        let text = format!("# registry-names: ignore={ids}\nFROM a\n");
        let found = Suppressions::parse(Syntax::Dockerfile, &text, Some(2));
        assert_eq!(found.unknown().len(), MAX_UNKNOWN);
    }

    #[test]
    fn each_unknown_id_is_at_its_own_column() {
        let text = "# registry-names: ignore=nope,policy/no-latest,,xx -- why\nFROM a\n";
        let found = Suppressions::parse(Syntax::Dockerfile, text, Some(2));
        let at: Vec<_> = found
            .unknown()
            .iter()
            .map(|u| (u.column, u.id.as_str()))
            .collect();
        assert_eq!(at, [(26, "nope"), (48, ""), (49, "xx")]);
        // Holding only a suppression that counts, or only unknown ids, is not empty.
        assert!(!found.is_empty());
        let unknown_only =
            Suppressions::parse(Syntax::Dockerfile, "# registry-names: ignore=x\n", None);
        assert!(!unknown_only.is_empty());
        assert!(Suppressions::parse(Syntax::Dockerfile, "FROM a\n", Some(1)).is_empty());
    }

    #[test]
    fn a_suppression_silences_the_rules_it_names_and_no_other() {
        let text = "# registry-names: ignore=policy/no-latest\nFROM a:latest\n\
                    # registry-names: ignore=*\nFROM b\nFROM c\n";
        let found = Suppressions::parse(Syntax::Dockerfile, text, Some(2));
        assert!(found.find(2, "policy/no-latest").is_some());
        assert!(found.find(2, "policy/digest-required").is_none());
        assert!(found.find(2, "invalid-start").is_none());
        assert!(found.find(4, "policy/digest-required").is_some());
        assert!(found.find(4, "invalid-start").is_some());
        assert!(found.find(5, "policy/no-latest").is_none());
    }

    proptest::proptest! {
        /// Any text, with the marker and the characters around it likely: no panic, and every
        /// position inside the text.
        #[test]
        fn any_text_reads_without_panic(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "# registry-names: ", "// ", "/* ", "ignore=", "ignore-file=", "*", ",",
                    "policy/no-latest", "invalid-start", "x", " -- ", "é", "\n", " ", "\t",
                    "\u{feff}", "registry-names:", "#",
                ]),
                0..40,
            ),
            syntax in proptest::sample::select(vec![
                Syntax::Dockerfile, Syntax::Yaml, Syntax::Json, Syntax::Terraform,
            ]),
            first in proptest::option::of(1usize..10),
        ) {
            let text: String = pieces.concat();
            let lines = text.split('\n').count();
            let found = Suppressions::parse(syntax, &text, first);
            for u in found.unknown() {
                proptest::prop_assert!(u.line <= lines && u.column >= 1);
            }
            for s in found.all() {
                proptest::prop_assert!(s.line <= lines && !s.rules.is_empty());
            }
            let _ = found.find(1, "policy/no-latest");
        }
    }

    #[test]
    fn a_comment_covers_its_line_or_the_next() {
        let yaml =
            "a:\n  image: nginx:latest # registry-names: ignore=policy/no-latest,invalid-start\n\
                    # registry-names: ignore=* -- vendored\n  image: x\n";
        let s = Suppressions::parse(Syntax::Yaml, yaml, Some(2));
        assert_eq!(s.find(2, "policy/no-latest").map(|s| s.line), Some(2));
        assert_eq!(s.find(2, "invalid-start").map(|s| s.line), Some(2));
        assert!(s.find(2, "policy/tag-required").is_none());
        assert_eq!(s.find(4, "anything").map(|s| s.line), Some(3));
        assert_eq!(s.find(4, "x").unwrap().reason.as_deref(), Some("vendored"));
        assert!(s.find(3, "x").is_none());
    }

    #[test]
    fn two_markers_on_a_line_cover_the_next_line_and_their_own() {
        let yaml = "a: 1\n# registry-names: ignore=invalid-start # registry-names: \
                    ignore=policy/no-latest\nimage: nginx:latest\n";
        let s = Suppressions::parse(Syntax::Yaml, yaml, Some(3));
        assert_eq!(s.find(3, "invalid-start").map(|s| s.line), Some(2));
        assert_eq!(s.find(2, "policy/no-latest").map(|s| s.line), Some(2));
    }

    #[test]
    fn unknown_ids_and_directives_are_problems_with_their_columns() {
        let tf = "// registry-names: ignore=policy/no-latset,invalid-start\n\
                  # registry-names: ignroe=x\n";
        let s = Suppressions::parse(Syntax::Terraform, tf, None);
        let unknown: Vec<_> = s
            .unknown()
            .iter()
            .map(|u| (u.line, u.column, u.id.as_str()))
            .collect();
        assert_eq!(unknown, [(1, 27, "policy/no-latset"), (2, 19, "ignroe=x")]);
        assert_eq!(s.find(2, "invalid-start").map(|s| s.line), Some(1));
    }

    #[test]
    fn markers_outside_comments_and_late_file_suppressions_do_nothing() {
        let docker = "FROM a # registry-names: ignore=*\nRUN echo '# registry-names: ignore=*'\n";
        let s = Suppressions::parse(Syntax::Dockerfile, docker, Some(1));
        assert!(s.find(1, "x").is_none() && s.find(2, "x").is_none());
        assert!(s.unknown().is_empty());
        let yaml = "image: a\n# registry-names: ignore-file=*\nimage2: b\n";
        assert!(Suppressions::parse(Syntax::Yaml, yaml, Some(1))
            .find(3, "x")
            .is_none());
        let before = "# registry-names: ignore-file=invalid-start\nimage: a\n";
        let s = Suppressions::parse(Syntax::Yaml, before, Some(2));
        assert_eq!(s.find(99, "invalid-start").map(|s| s.covers), Some(None));
    }
}
