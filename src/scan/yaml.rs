//! Image references in YAML: Kubernetes manifests, compose files, GitLab CI and GitHub Actions.
//!
//! The file is read as a stream of parser events (`saphyr-parser`), never as text: a stack of the
//! mapping keys and sequence positions above each scalar says where it sits, and a few fixed
//! paths say which scalars are image references. Memory is the nesting depth plus the file.

// The crate is `no_std`; this module is built only with `std`.
use std::cell::Cell;
use std::prelude::rust_2021::*;
use std::vec;

use super::{Candidate, Unknown, Value};
use crate::kind::Kind;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// A YAML file could not be parsed: the parser's message and where it stopped (1-based line,
/// 1-based byte column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based byte column of the problem.
    pub column: usize,
    /// The parser's description.
    pub message: String,
}

/// Finds the image-reference candidates of a YAML stream (every `---` document), in file order.
///
/// - Kubernetes: `image` of every item of `containers`, `initContainers` and
///   `ephemeralContainers`, at any depth (pods, workload templates, CronJob job templates, lists).
/// - Compose: `services.NAME.image`.
/// - GitHub Actions: `jobs.ID.container` (a string or its `image`), `jobs.ID.services.NAME.image`
///   and `jobs.ID.steps[].uses: docker://REF`.
/// - GitLab CI: `image` and `services[]` (a string or its `name`), globally, under `default` and
///   in each job. A document counts as GitLab CI when `gitlab_ci` is set (the file is
///   `.gitlab-ci.yml`) or it has a root key only GitLab uses (`stages`, `include`, `workflow`,
///   `default`, `before_script`, `after_script`) or a job with `script`, `stage`, `extends` or
///   `trigger`.
///
/// Aliases are not followed (an anchored node is read once, where it is defined), so a
/// reference reached only through `*name` or a `<<: *name` merge is not found; a file of
/// aliases cannot make the reading grow past the file.
///
/// Values holding a `{{ … }}` template are skipped; values holding `$` are
/// [`Value::Unresolved`] (compose and GitLab interpolate variables). Positions are those of the
/// value's first character in the file, after any quote, also for block scalars.
///
/// ```
/// use registry_names::scan::{yaml, Value};
/// let text = "services:\n  web:\n    image: \"nginx:1.27\"\n";
/// let found = yaml::candidates(text, false).unwrap();
/// assert_eq!((found[0].line, found[0].column), (3, 13));
/// assert_eq!(found[0].value, Value::Reference("nginx:1.27".into()));
/// ```
///
/// # Errors
/// [`Malformed`] when the text is not YAML; nothing found before the error is returned.
pub fn candidates(text: &str, gitlab_ci: bool) -> Result<Vec<Candidate>, Malformed> {
    let lines = LineStarts::new(text);
    let mut walk = Walk::new(gitlab_ci);
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let marker = e.marker();
            // The parser may place an error at the end of input on a line past the last one.
            let (line, column) = lines.position(lines.offset(text, marker.line(), marker.col()));
            Malformed {
                line,
                column,
                message: e.info().to_string(),
            }
        })?;
        match event {
            Event::DocumentStart(_) => walk.start_document(),
            Event::DocumentEnd => walk.end_document(),
            Event::MappingStart(..) => walk.open(Frame::Map {
                key: Key::Other,
                want_key: true,
            }),
            Event::SequenceStart(..) => walk.open(Frame::Seq),
            Event::MappingEnd | Event::SequenceEnd => walk.close(),
            Event::Scalar(value, style, ..) => {
                walk.scalar(&value, || value_position(text, &lines, span, style))
            }
            Event::Alias(_) => walk.node_done(),
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
    walk.end_document();
    let mut found = walk.found;
    found.sort_by_key(|c| (c.line, c.column));
    Ok(found)
}

/// The mapping keys the paths below are made of; every other key is `Other`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Key {
    Containers,
    Image,
    Services,
    Jobs,
    Container,
    Steps,
    Uses,
    Name,
    /// A root key or job key that only GitLab CI uses.
    GitLab,
    Other,
}

fn classify(key: &str) -> Key {
    match key {
        "containers" | "initContainers" | "ephemeralContainers" => Key::Containers,
        "image" => Key::Image,
        "services" => Key::Services,
        "jobs" => Key::Jobs,
        "container" => Key::Container,
        "steps" => Key::Steps,
        "uses" => Key::Uses,
        "name" => Key::Name,
        "stages" | "include" | "workflow" | "default" | "before_script" | "after_script"
        | "script" | "stage" | "extends" | "trigger" => Key::GitLab,
        _ => Key::Other,
    }
}

/// One open collection: a mapping with the key whose value is being read, or a sequence.
#[derive(Clone, Copy, Debug)]
enum Frame {
    Map { key: Key, want_key: bool },
    Seq,
}

/// One step of the path from the document root to a scalar.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    Key(Key),
    Item,
    /// The steps above the last [`SUFFIX`] of a path longer than [`LONGEST_PATH`].
    Elided,
}

use Step::{Elided, Item, Key as K};

/// The longest path [`source_of`] matches from the root.
const LONGEST_PATH: usize = 5;
/// The steps [`source_of`] matches at the end of a path of any length.
const SUFFIX: usize = 3;

/// Where a candidate came from: the GitLab ones wait for the end of their document.
enum Source {
    Always,
    DockerUses,
    GitLab,
}

fn source_of(path: &[Step]) -> Option<Source> {
    use Key::*;
    match path {
        [.., K(Containers), Item, K(Image)] => Some(Source::Always),
        [K(Services), K(_), K(Image)] => Some(Source::Always),
        [K(Jobs), K(_), K(Container)]
        | [K(Jobs), K(_), K(Container), K(Image)]
        | [K(Jobs), K(_), K(Services), K(_), K(Image)] => Some(Source::Always),
        [K(Jobs), K(_), K(Steps), Item, K(Uses)] => Some(Source::DockerUses),
        [K(Image)]
        | [K(Image), K(Name)]
        | [K(Services), Item]
        | [K(Services), Item, K(Name)]
        | [K(_), K(Image)]
        | [K(_), K(Image), K(Name)]
        | [K(_), K(Services), Item]
        | [K(_), K(Services), Item, K(Name)] => Some(Source::GitLab),
        _ => None,
    }
}

struct Walk {
    frames: Vec<Frame>,
    path: Vec<Step>,
    found: Vec<Candidate>,
    gitlab_file: bool,
    gitlab_document: bool,
    gitlab_pending: Vec<Candidate>,
}

impl Walk {
    fn new(gitlab_file: bool) -> Self {
        Walk {
            frames: Vec::new(),
            path: Vec::new(),
            found: Vec::new(),
            gitlab_file,
            gitlab_document: gitlab_file,
            gitlab_pending: Vec::new(),
        }
    }

    fn start_document(&mut self) {
        self.end_document();
        self.frames.clear();
        self.gitlab_document = self.gitlab_file;
    }

    fn end_document(&mut self) {
        if self.gitlab_document {
            self.found.append(&mut self.gitlab_pending);
        }
        self.gitlab_pending.clear();
    }

    fn open(&mut self, frame: Frame) {
        self.frames.push(frame);
    }

    fn close(&mut self) {
        self.frames.pop();
        self.node_done();
    }

    /// A whole node ended: a mapping key was read, or a value, after which a key comes again.
    fn node_done(&mut self) {
        if let Some(Frame::Map { key, want_key }) = self.frames.last_mut() {
            if *want_key {
                *key = Key::Other;
            }
            *want_key = !*want_key;
        }
    }

    fn scalar(&mut self, value: &str, position: impl FnOnce() -> (usize, usize)) {
        if let Some(Frame::Map {
            key,
            want_key: want_key @ true,
        }) = self.frames.last_mut()
        {
            *key = classify(value);
            *want_key = false;
            if *key == Key::GitLab && self.frames.len() <= 2 {
                self.gitlab_document = true;
            }
            return;
        }
        // Deeper than any whole path `source_of` knows, only the last steps can match: taking
        // just those keeps a scalar's cost independent of its depth.
        let depth = self.frames.len();
        let shown = if depth > LONGEST_PATH { SUFFIX } else { depth };
        self.path.clear();
        if shown < depth {
            self.path.push(Elided);
        }
        self.path.extend(
            self.frames[depth - shown..]
                .iter()
                .map(|frame| match frame {
                    Frame::Map { key, .. } => K(*key),
                    Frame::Seq => Item,
                }),
        );
        let source = source_of(&self.path);
        self.node_done();
        let Some(source) = source else { return };
        let (text, shift) = match source {
            Source::DockerUses => match value.strip_prefix("docker://") {
                Some(reference) => (reference, "docker://".len()),
                None => return,
            },
            _ => (value, 0),
        };
        if text.contains("{{") {
            return;
        }
        let (line, column) = position();
        let candidate = Candidate {
            kind: Kind::ImageReference,
            line,
            column: column + shift,
            value: if text.contains('$') {
                Value::Unresolved(text.to_string(), Unknown::NoDefault)
            } else {
                Value::Reference(text.to_string())
            },
        };
        match source {
            Source::GitLab => self.gitlab_pending.push(candidate),
            _ => self.found.push(candidate),
        }
    }
}

/// Byte offsets where each line starts, with the YAML line breaks (`\n`, `\r\n`, `\r`) the
/// parser counts, and the last position [`LineStarts::offset`] found.
struct LineStarts {
    starts: Vec<usize>,
    /// (line, character column, byte offset) of the last lookup. The parser reports positions
    /// in file order, so the next one on the same line is counted on from there: many scalars on
    /// one long line cost the line's length once, not once each.
    last: Cell<(usize, usize, usize)>,
}

impl LineStarts {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineStarts {
            starts,
            last: Cell::new((0, 0, 0)),
        }
    }

    /// The byte offset of the parser's (1-based line, 0-based column in characters).
    fn offset(&self, text: &str, line: usize, char_column: usize) -> usize {
        let (last_line, last_column, last_offset) = self.last.get();
        let (from, skip) = if line == last_line && char_column >= last_column {
            (last_offset, char_column - last_column)
        } else {
            let start = self.starts.get(line.saturating_sub(1)).copied();
            (start.unwrap_or(text.len()), char_column)
        };
        let offset = text[from..]
            .char_indices()
            .nth(skip)
            .map_or(text.len(), |(i, _)| from + i);
        self.last.set((line, char_column, offset));
        offset
    }

    /// The 1-based line and byte column of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        (line, offset - self.starts[line - 1] + 1)
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

/// Where the scalar's value starts in the file: after the opening quote of a quoted scalar, on
/// the first content line of a block scalar.
fn value_position(
    text: &str,
    lines: &LineStarts,
    span: Span,
    style: ScalarStyle,
) -> (usize, usize) {
    let mut column = span.start.col();
    if span.start.line() == 1 && text.starts_with('\u{feff}') {
        // The parser does not count a byte order mark as a column.
        column += 1;
    }
    let mut at = lines.offset(text, span.start.line(), column);
    let bytes = text.as_bytes();
    // A scalar's span starts at its tag or anchor (`!!str x`, `&a x`): skip past them.
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
        // After a tag or anchor the span is at the header (`|`, `>-`, `|2`, a comment): past it,
        // then past blank lines and the indentation to the first content byte. Without one,
        // the span is already there.
        ScalarStyle::Literal | ScalarStyle::Folded => {
            if matches!(bytes.get(at), Some(b'|' | b'>')) {
                at = skip_while(bytes, at, |b| !matches!(b, b'\n' | b'\r'));
            }
            at = skip_while(bytes, at, |b| matches!(b, b'\n' | b'\r' | b' ' | b'\t'));
        }
        ScalarStyle::Plain => {}
    }
    lines.position(at.min(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, usize, String)> {
        candidates(text, false)
            .unwrap()
            .into_iter()
            .map(|c| {
                let v = match c.value {
                    Value::Reference(r) => r,
                    Value::Unresolved(u, _) => format!("unresolved {u}"),
                    Value::TooLong(t) => format!("too long {t}"),
                };
                (c.line, c.column, v)
            })
            .collect()
    }

    fn at(line: usize, column: usize, v: &str) -> (usize, usize, String) {
        (line, column, v.to_string())
    }

    /// A byte order mark is three bytes of the first line, which the parser does not count.
    #[test]
    fn a_byte_order_mark_counts_on_the_first_line_only() {
        let text = "\u{feff}containers: [{image: nginx}]\n";
        assert_eq!(
            found(text),
            [at(1, text.find("nginx").unwrap() + 1, "nginx")]
        );
        let text = "\u{feff}x: 1\ncontainers: [{image: nginx}]\n";
        assert_eq!(found(text), [at(2, 22, "nginx")]);
    }

    #[test]
    fn pod_and_deployment_in_one_stream() {
        let text = "\
apiVersion: v1
kind: Pod
spec:
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
  - name: app
    image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - image: \"quay.io/org/app:v1\"
          name: a
      ephemeralContainers:
        - {name: debug, image: 'busybox'}
";
        assert_eq!(
            found(text),
            [
                at(6, 14, "busybox:1.36"),
                at(9, 12, "nginx:1.27"),
                at(17, 19, "quay.io/org/app:v1"),
                at(20, 33, "busybox"),
            ]
        );
    }

    #[test]
    fn cronjob_template_and_not_other_image_keys() {
        let text = "\
kind: CronJob
metadata: {name: x, annotations: {image: not-this}}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: c, image: alpine:3.20}]
          volumes:
            - name: v
              image: {reference: nope}
";
        assert_eq!(found(text), [at(8, 41, "alpine:3.20")]);
    }

    #[test]
    fn block_scalars_report_their_first_content_byte() {
        let text = "containers:\n  - image: >-  # folded\n      nginx:1.27\n  - image: |\n      busybox\n  - image: |-\n\n     \n      alpine\n";
        // A literal block keeps its line break, a leading blank line is part of the value: both
        // are what a cluster would be given, so both are checked as written.
        assert_eq!(
            found(text),
            [
                at(3, 7, "nginx:1.27"),
                at(5, 7, "busybox\n"),
                at(9, 7, "\n\nalpine"),
            ]
        );
    }

    /// After a tag or an anchor, a block scalar's header and blank lines are skipped too.
    #[test]
    fn a_tagged_or_anchored_block_scalar_reports_its_first_content_byte() {
        let text =
            "containers:\n  - image: !!str |\n      nginx\n  - image: &a >-  # c\n      busybox\n\
                    \x20 - image: !!str &b |-\n\n      alpine\n  - image: !!str";
        assert_eq!(
            found(text),
            [
                at(3, 7, "nginx\n"),
                at(5, 7, "busybox"),
                at(8, 7, "\nalpine"),
                at(9, 17, ""),
            ]
        );
    }

    #[test]
    fn compose_services() {
        let text = "services:\n  web:\n    image: \"nginx:${TAG:-1}\"\n  db:\n    image: postgres:16\n    environment: {image: x}\n";
        assert_eq!(
            found(text),
            [
                at(3, 13, "unresolved nginx:${TAG:-1}"),
                at(5, 12, "postgres:16")
            ]
        );
    }

    #[test]
    fn github_actions() {
        let text = "\
on: push
jobs:
  test:
    container: node:20
    services:
      redis:
        image: redis:7
    steps:
      - uses: actions/checkout@v4
      - uses: docker://alpine:3.20
      - uses: 'docker://${{ matrix.image }}'
  other:
    container:
      image: ghcr.io/org/img:1
";
        assert_eq!(
            found(text),
            [
                at(4, 16, "node:20"),
                at(7, 16, "redis:7"),
                at(10, 24, "alpine:3.20"),
                at(14, 14, "ghcr.io/org/img:1"),
            ]
        );
    }

    #[test]
    fn gitlab_ci_by_content_or_by_name() {
        let text = "\
image: ruby:3.3
services:
  - postgres:16
  - name: redis:7
    alias: cache
test:
  image: {name: \"python:3.12\", entrypoint: [\"\"]}
  services: [mysql:8]
  script: [make]
";
        assert_eq!(
            found(text),
            [
                at(1, 8, "ruby:3.3"),
                at(3, 5, "postgres:16"),
                at(4, 11, "redis:7"),
                at(7, 18, "python:3.12"),
                at(8, 14, "mysql:8"),
            ]
        );
        // Without a GitLab key, `X.image` is just a key of some other file.
        let plain = "site:\n  image: /img/logo.png\n";
        assert!(found(plain).is_empty());
        let named = candidates(plain, true).unwrap();
        assert_eq!((named[0].line, named[0].column), (2, 10));
    }

    #[test]
    fn gitlab_marker_only_counts_in_its_own_document() {
        let text = "stages: [a]\n---\nx:\n  image: alpine\n";
        assert!(found(text).is_empty());
    }

    #[test]
    fn templates_are_skipped() {
        let text = "containers:\n  - image: \"{{ .Values.image }}\"\n  - image: repo/app:{{ .Chart.AppVersion }}\n";
        assert!(found(text).is_empty());
    }

    #[test]
    fn multibyte_text_before_a_value_counts_in_bytes() {
        let text = "containers: [{név: é, image: \"nginx\"}]\n";
        assert_eq!(found(text), [at(1, 33, "nginx")]);
    }

    #[test]
    fn crlf_and_cr_line_breaks() {
        let text = "containers:\r\n  - image: a\r\n  - image: b\n";
        assert_eq!(found(text), [at(2, 12, "a"), at(3, 12, "b")]);
    }

    #[test]
    fn complex_keys_and_aliases_do_not_confuse_the_path() {
        let text = "? [a, b]\n: containers\nbase: &img nginx\ncontainers:\n  - ? {x: y}\n    : 1\n    image: *img\n  - image: !!str tagged\n";
        assert_eq!(found(text), [at(8, 18, "tagged")]);
    }

    #[test]
    fn only_the_last_steps_of_a_deep_path_count() {
        // `containers: - image:` matches at any depth; `services: NAME: image:` only at the root.
        let deep = "a:\n b:\n  c:\n   d:\n    e:\n     containers:\n      - image: deep\n";
        assert_eq!(found(deep), [at(7, 16, "deep")]);
        let shifted = "a:\n b:\n  c:\n   services:\n    web:\n     image: nested\n";
        assert_eq!(found(shifted), []);
        let root = "services:\n  web:\n    image: root\n";
        assert_eq!(found(root), [at(3, 12, "root")]);
    }

    proptest::proptest! {
        /// Lookups in any order give what a fresh [`LineStarts`] gives: counting on from the last
        /// lookup is only a shortcut.
        #[test]
        fn offsets_counted_on_from_the_last_lookup_are_exact(
            text in "([aé€\n\r]{0,8}){0,10}",
            lookups in proptest::collection::vec((0usize..12, 0usize..12), 0..30),
        ) {
            let starts = LineStarts::new(&text);
            for (line, column) in lookups {
                let fresh = LineStarts::new(&text).offset(&text, line, column);
                proptest::prop_assert_eq!(starts.offset(&text, line, column), fresh);
            }
        }

        /// Any text built from YAML's punctuation and the keys scan follows: no panic, and every
        /// candidate and error position lies inside the text.
        #[test]
        fn any_text_gives_positions_inside_it(
            text in "((containers|image|services|jobs|uses|name|stages|docker://|[-:,?&*!|>'\"\\[\\]{}#]|[a-zé ]{0,6})[ \n\r\t]?){0,40}",
            gitlab in proptest::bool::ANY,
        ) {
            let starts = LineStarts::new(&text);
            let check = |line: usize, column: usize| {
                line >= 1 && line <= starts.starts.len() && column >= 1
                    && starts.starts[line - 1] + column - 1 <= text.len()
            };
            match candidates(&text, gitlab) {
                Ok(found) => {
                    for c in found {
                        proptest::prop_assert!(check(c.line, c.column), "{c:?}");
                    }
                }
                Err(e) => proptest::prop_assert!(check(e.line, e.column), "{e:?}"),
            }
        }
    }

    #[test]
    fn malformed_yaml_is_one_error_with_a_position() {
        let err = candidates("containers:\n  - image: [a\n", false).unwrap_err();
        assert!(err.line >= 2, "{err:?}");
        assert!(!err.message.is_empty());
        assert!(candidates("a: b\n c: d: e\n", false).is_err());
    }
}
