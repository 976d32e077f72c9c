//! The invariants of `registry_names::scan` that hold for any text, checked through the public
//! API, shared by the `scan`, `scan_yaml` and `scan_hcl` fuzz targets.
//!
//! For every format (`candidates_as` with its `Syntax`, and the format's own `candidates`):
//! - no panic, and `candidates_as` agrees with the format's own function (YAML: but that a text
//!   holding `{{` that does not parse is a template, with no candidates);
//! - every candidate's line and column lie inside the text, on that line (at most one past its
//!   last byte), at the first byte of a character, counting lines as the format does (`\n`; for
//!   YAML also `\r\n` and a lone `\r`; a Dockerfile's columns on line 1 start after a byte-order
//!   mark); candidates come in file order;
//! - every error has such a position too, the id of its format (`malformed-yaml`,
//!   `malformed-json`, `malformed-hcl` or `hcl-budget-exceeded`), and `FileError::position`
//!   gives it; a Dockerfile never fails;
//! - kinds and values are those the format can give: an image reference everywhere, an SWR
//!   namespace or repository only in Terraform; `Composed`, `AliasBudgetExceeded` only in YAML,
//!   `Null` only in YAML and JSON, `TooLong` only in a Dockerfile; an `Unresolved` value of a
//!   Dockerfile, YAML or JSON holds a `$`; a Terraform `Unresolved` value is the text as written
//!   at its position, a JSON `null` is `null` there;
//! - a plain value (one whose rest of line holds no quote, escape or `$`, and for YAML no white
//!   space in the value) is the text at its position;
//! - a `Composed` value's fields start at 0 and at its separators (`/`, `:`, `@`), in order,
//!   each at a valid position, the candidate at one of them; `position_of` finds a field for any
//!   offset, the reference parser's error offset included;
//! - a Dockerfile's expansions together add at most `MAX_FILE_SIZE` bytes;
//! - every value goes through its checker (`ImageReference::parse_with`, `Kind::validate`).
#![allow(dead_code)]

use registry_names::reference::{ImageReference, Profiles};
use registry_names::scan::{
    self, dockerfile, json, terraform, yaml, Candidate, FileError, Syntax, Unknown, Value,
};
use registry_names::Kind;

/// Every hint a YAML file's name can give.
pub const HINTS: [yaml::Hint; 9] = [
    yaml::Hint::None,
    yaml::Hint::GitLabCi,
    yaml::Hint::GitHubWorkflow,
    yaml::Hint::GitHubAction,
    yaml::Hint::Compose,
    yaml::Hint::Kustomization,
    yaml::Hint::HelmValues,
    yaml::Hint::Drone,
    yaml::Hint::Bitbucket,
];

/// The lines of a text as one format counts them: the offset each starts at and the offset of
/// its line break (or the end of the text).
pub struct Lines {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl Lines {
    /// `yaml`: `\r\n` and a lone `\r` break lines too.
    pub fn new(text: &str, yaml: bool) -> Lines {
        let bytes = text.as_bytes();
        let (mut starts, mut ends) = (vec![0], Vec::new());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    ends.push(i);
                    starts.push(i + 1);
                }
                b'\r' if yaml => {
                    ends.push(i);
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        ends.push(bytes.len());
        Lines { starts, ends }
    }

    /// The byte offset of a 1-based line and byte column, which must lie on that line (its
    /// line break or the end of the text at the most) and at a character's first byte.
    pub fn offset(&self, text: &str, line: usize, column: usize, what: &str) -> usize {
        assert!(
            line >= 1 && line <= self.starts.len(),
            "{what}: line {line} outside the text ({} lines)",
            self.starts.len()
        );
        assert!(column >= 1, "{what}: column 0");
        let at = self.starts[line - 1] + column - 1;
        assert!(
            at <= self.ends[line - 1],
            "{what}: column {column} past the end of line {line}"
        );
        assert!(
            text.is_char_boundary(at),
            "{what}: {line}:{column} is inside a character"
        );
        at
    }

    /// The offset of the line break (or the end of the text) of the line holding `at`.
    pub fn end_of_line(&self, at: usize) -> usize {
        let line = self.starts.partition_point(|&s| s <= at) - 1;
        self.ends[line]
    }

    /// The 1-based line and byte column of an offset.
    pub fn position(&self, at: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= at);
        (line, at - self.starts[line - 1] + 1)
    }
}

/// The text as a file of every syntax (and YAML under every hint).
pub fn every_syntax(text: &str) {
    dockerfile(text);
    for hint in HINTS {
        let _ = yaml(text, hint);
    }
    let _ = json(text);
    let _ = terraform(text);
}

/// A Dockerfile's candidates, checked.
pub fn dockerfile(text: &str) -> Vec<Candidate> {
    let found = dockerfile::candidates(text);
    let via = scan::candidates_as(Syntax::Dockerfile, text, yaml::Hint::None)
        .expect("a Dockerfile never fails");
    assert_eq!(
        found, via,
        "candidates_as(Dockerfile) differs from dockerfile::candidates"
    );
    // Columns on line 1 count from the first character after a byte-order mark.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(body, false);
    let mut expanded = 0usize;
    candidates(Syntax::Dockerfile, body, &lines, &found);
    for c in &found {
        let at = lines.offset(body, c.line, c.column, "Dockerfile candidate");
        let rest = &body[at..lines.end_of_line(at)];
        match &c.value {
            Value::Reference(r) => {
                expanded += r.len();
                if !rest.contains(['"', '\'', '\\', '`', '$']) {
                    assert!(
                        body[at..].starts_with(r.as_str()),
                        "plain Dockerfile reference {r:?} is not the text at {}:{}",
                        c.line,
                        c.column
                    );
                }
            }
            Value::Unresolved(u, why) => {
                assert!(
                    u.contains('$'),
                    "Dockerfile: unresolved {u:?} holds no variable"
                );
                assert!(
                    matches!(why, Unknown::NoDefault | Unknown::OutOfScope),
                    "Dockerfile: unresolved {u:?} is {why:?}"
                );
            }
            Value::TooLong(t) => assert!(
                t.contains('$'),
                "Dockerfile: too long {t:?} holds no variable"
            ),
            other => panic!("a Dockerfile gives no {other:?}"),
        }
    }
    assert!(
        expanded <= body.len() + scan::MAX_FILE_SIZE as usize,
        "Dockerfile expansions add {expanded} bytes to a {}-byte text",
        body.len()
    );
    found
}

/// A YAML file's candidates under a hint, or its problem, checked.
pub fn yaml(text: &str, hint: yaml::Hint) -> Result<Vec<Candidate>, yaml::Malformed> {
    let own = yaml::candidates_as(text, hint);
    let via = scan::candidates_as(Syntax::Yaml, text, hint);
    let lines = Lines::new(text, true);
    match (&own, via) {
        (Ok(a), Ok(b)) => assert_eq!(
            a, &b,
            "candidates_as(Yaml) differs from yaml::candidates_as"
        ),
        (Err(_), Ok(b)) => assert!(
            text.contains("{{") && b.is_empty(),
            "a YAML error became candidates without a template's `{{{{`"
        ),
        (Err(m), Err(e)) => {
            assert!(!text.contains("{{"), "a template's error is reported");
            assert_eq!(e.id(), "malformed-yaml");
            assert!(matches!(&e, FileError::Malformed(Syntax::Yaml, x) if x == m));
            file_error(text, &lines, &e);
        }
        (Ok(_), Err(e)) => panic!("yaml::candidates_as succeeded, candidates_as failed: {e}"),
    }
    match &own {
        Ok(found) => {
            candidates(Syntax::Yaml, text, &lines, found);
            for c in found {
                let at = lines.offset(text, c.line, c.column, "YAML candidate");
                let rest = &text[at..lines.end_of_line(at)];
                match &c.value {
                    // A Kustomize `name` alone is a matcher, its text as a reference's.
                    Value::Reference(r) | Value::Matcher(r) => {
                        if !rest.contains(['"', '\'', '\\', '$'])
                            && !r.contains(char::is_whitespace)
                        {
                            assert!(
                                text[at..].starts_with(r.as_str()),
                                "plain YAML reference {r:?} is not the text at {}:{}",
                                c.line,
                                c.column
                            );
                        }
                    }
                    Value::Unresolved(u, _) => {
                        assert!(u.contains('$'), "YAML: unresolved {u:?} holds no variable")
                    }
                    Value::AliasBudgetExceeded => {
                        assert!(text.contains('*'), "alias budget exceeded without an alias")
                    }
                    Value::Composed(_) | Value::Null(_) => {}
                    other => panic!("YAML gives no {other:?}"),
                }
            }
        }
        Err(m) => {
            lines.offset(text, m.line, m.column, "YAML error");
        }
    }
    own
}

/// A `devcontainer.json`'s candidates, or its problem, checked.
pub fn json(text: &str) -> Result<Vec<Candidate>, scan::Malformed> {
    let own = json::candidates(text);
    let via = scan::candidates_as(Syntax::Json, text, yaml::Hint::None);
    let lines = Lines::new(text, false);
    match (&own, via) {
        (Ok(a), Ok(b)) => assert_eq!(a, &b, "candidates_as(Json) differs from json::candidates"),
        (Err(m), Err(e)) => {
            assert_eq!(e.id(), "malformed-json");
            assert!(matches!(&e, FileError::Malformed(Syntax::Json, x) if x == m));
            file_error(text, &lines, &e);
        }
        _ => panic!("candidates_as(Json) and json::candidates disagree on success"),
    }
    if let Ok(found) = &own {
        candidates(Syntax::Json, text, &lines, found);
        for c in found {
            let at = lines.offset(text, c.line, c.column, "JSON candidate");
            let rest = &text[at..lines.end_of_line(at)];
            match &c.value {
                Value::Reference(v) | Value::Unresolved(v, _) => {
                    if let Value::Unresolved(_, why) = &c.value {
                        assert!(v.contains('$') && *why == Unknown::NoDefault, "JSON: {c:?}");
                    }
                    if !rest.contains('\\') {
                        assert!(
                            text[at..].starts_with(v.as_str()),
                            "JSON string {v:?} without escapes is not the text at {}:{}",
                            c.line,
                            c.column
                        );
                    }
                }
                Value::Null(n) => assert!(n == "null" && text[at..].starts_with("null"), "{c:?}"),
                other => panic!("JSON gives no {other:?}"),
            }
        }
    }
    own
}

/// A Terraform file's candidates, or its problem, checked.
pub fn terraform(text: &str) -> Result<Vec<Candidate>, terraform::Malformed> {
    let own = terraform::candidates(text);
    let via = scan::candidates_as(Syntax::Terraform, text, yaml::Hint::None);
    let lines = Lines::new(text, false);
    match (&own, via) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                a, &b,
                "candidates_as(Terraform) differs from terraform::candidates"
            )
        }
        (Err(m), Err(e)) => {
            assert!(matches!(&e, FileError::MalformedHcl(x) if x == m));
            assert!(
                matches!(m.id, "malformed-hcl" | "hcl-budget-exceeded"),
                "HCL error id {}",
                m.id
            );
            assert_eq!(e.id(), m.id);
            if m.id == "malformed-hcl" {
                assert!(e.to_string().starts_with("malformed HCL: "));
            }
            file_error(text, &lines, &e);
        }
        _ => panic!("candidates_as(Terraform) and terraform::candidates disagree on success"),
    }
    if let Ok(found) = &own {
        candidates(Syntax::Terraform, text, &lines, found);
        for c in found {
            let at = lines.offset(text, c.line, c.column, "Terraform candidate");
            let rest = &text[at..lines.end_of_line(at)];
            match &c.value {
                Value::Reference(r) => {
                    if !r.contains('\n')
                        && !rest.contains('\\')
                        && !rest.contains("$$")
                        && !rest.contains("%%")
                    {
                        assert!(
                            text[at..].starts_with(r.as_str()),
                            "Terraform literal {r:?} without escapes is not the text at {}:{}",
                            c.line,
                            c.column
                        );
                    }
                }
                Value::Unresolved(u, why) => {
                    assert_eq!(*why, Unknown::NoDefault, "{c:?}");
                    assert!(
                        text[at..].starts_with(u.as_str()),
                        "Terraform expression {u:?} is not the text as written at {}:{}",
                        c.line,
                        c.column
                    );
                }
                other => panic!("Terraform gives no {other:?}"),
            }
        }
    }
    own
}

/// A `FileError` of a parser: its position, on a line of the text, is `position()`'s, and its
/// message prints.
fn file_error(text: &str, lines: &Lines, e: &FileError) {
    let (line, column) = e.position().expect("a parser's error has a position");
    lines.offset(text, line, column, "file error");
    assert!(!e.to_string().is_empty());
}

/// What holds for the candidates of every format: positions, order, kinds, composed fields, and
/// every value through its checker.
fn candidates(syntax: Syntax, text: &str, lines: &Lines, found: &[Candidate]) {
    let profiles = Profiles::new();
    let mut last = (0, 0);
    for c in found {
        lines.offset(text, c.line, c.column, "candidate");
        assert!(
            (c.line, c.column) >= last,
            "candidates out of file order: {found:?}"
        );
        last = (c.line, c.column);
        match c.kind {
            Kind::ImageReference => {}
            Kind::SwrNamespace | Kind::SwrRepository if syntax == Syntax::Terraform => {}
            other => panic!("{} gives a {other:?} candidate", syntax.name()),
        }
        match &c.value {
            Value::Reference(r) => check(c.kind, r, &profiles),
            Value::Matcher(m) => {
                assert_eq!(syntax, Syntax::Yaml, "only Kustomize has matchers");
                check(c.kind, m, &profiles);
            }
            Value::Composed(composed) => {
                assert_eq!(syntax, Syntax::Yaml, "only YAML composes references");
                let fields = &composed.fields;
                assert!(fields.len() > 1, "a composed reference of one field: {c:?}");
                assert_eq!(fields[0].start, 0, "{c:?}");
                for pair in fields.windows(2) {
                    assert!(pair[0].start < pair[1].start, "fields out of order: {c:?}");
                }
                for f in fields {
                    lines.offset(text, f.line, f.column, "composed field");
                    assert!(f.start < composed.text.len(), "{c:?}");
                    if f.start > 0 {
                        assert!(
                            matches!(composed.text.as_bytes()[f.start], b'/' | b':' | b'@'),
                            "a field does not start at its separator: {c:?}"
                        );
                    }
                }
                assert!(
                    fields
                        .iter()
                        .any(|f| (f.line, f.column) == (c.line, c.column)),
                    "a composed reference is not at one of its fields: {c:?}"
                );
                assert_eq!(
                    composed.position_of(0),
                    Some((fields[0].line, fields[0].column))
                );
                if let Err(e) = ImageReference::parse_with(&composed.text, &profiles) {
                    assert!(composed.position_of(e.offset()).is_some(), "{c:?}");
                }
                assert_eq!(c.value.reference(), Some(composed.text.as_str()));
            }
            Value::Unresolved(_, why) => assert!(!why.reason().is_empty()),
            Value::Null(_) => assert!(
                matches!(syntax, Syntax::Yaml | Syntax::Json),
                "{} gives a null",
                syntax.name()
            ),
            Value::TooLong(_) => assert_eq!(syntax, Syntax::Dockerfile),
            Value::AliasBudgetExceeded => assert_eq!(syntax, Syntax::Yaml),
        }
    }
}

fn check(kind: Kind, value: &str, profiles: &Profiles) {
    if kind == Kind::ImageReference {
        let _ = ImageReference::parse_with(value, profiles);
    } else {
        let _ = kind.validate(value.as_bytes());
    }
}
