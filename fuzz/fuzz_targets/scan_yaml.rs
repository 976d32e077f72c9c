//! YAML built from a structure (`arbitrary`): documents of the shapes `scan` reads (Kubernetes,
//! Kustomize and its components, Drone, or none, under every file-name hint) made of the keys and
//! values its readers look for (`image`, `containers`, Helm's split `registry`/`repository`/
//! `tag`/`digest`, Kustomize's `images` entries, compose `services`, CI jobs, `docker://` steps), in
//! block and flow style, every scalar style, with tags, anchors, aliases (to anchors still open
//! too: cycles) and `<<` merges, alias bombs (sequences, mappings and merges that double or more
//! at each level, which reach the alias budget) and nesting past the depth limit. Line breaks are
//! `\n`, `\r\n` or `\r`, with or without a byte-order mark.
//!
//! Each text is checked with the invariants of `scan_check/mod.rs` under the hint chosen. With
//! `SCAN_FUZZ_STATS=1` in the environment, each input prints one line saying what it reached
//! (`ok`, `budget` for an alias budget exceeded, `too-deep`, `malformed`), to count over a
//! corpus; with `SCAN_FUZZ_STATS=text`, the text too.
#![no_main]

#[path = "scan_check/mod.rs"]
mod scan_check;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use registry_names::scan::Value;
use std::sync::OnceLock;

const KEYS: [&str; 48] = [
    "image",
    "images",
    "name",
    "newName",
    "newTag",
    "digest",
    "registry",
    "repository",
    "tag",
    "version",
    "containers",
    "initContainers",
    "ephemeralContainers",
    "services",
    "jobs",
    "container",
    "steps",
    "uses",
    "runs",
    "spec",
    "template",
    "jobTemplate",
    "metadata",
    "script",
    "stage",
    "extends",
    "pipelines",
    "default",
    "build",
    "kind",
    "apiVersion",
    "variables",
    "include",
    "workflow",
    "on",
    "env",
    "with",
    "options",
    "entrypoint",
    "branches",
    "pull-requests",
    "custom",
    "step",
    "definitions",
    "app",
    "web",
    "global",
    "x",
];

const IMAGES: [&str; 16] = [
    "nginx",
    "nginx:1.27",
    "swr.cn-north-4.myhuaweicloud.com/org/app:v1.2.3",
    "quay.io/quayadmin/busybox@sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
    "Nginx:1.27",
    "library/alpine:3.20",
    "localhost:5000/team/svc",
    "ghcr.io/org/tool:latest",
    "a..b",
    "registry.example.com:5000/ns/repo:tag@sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
    "docker.io/library/busybox:1.36",
    "UPPER/Case",
    "x:",
    "@sha256:abc",
    "org/app",
    "1.10",
];

const VARIABLES: [&str; 9] = [
    "$TAG",
    "${REGISTRY}/app",
    "nginx:${TAG:-1.27}",
    "nginx:$(TAG)",
    "a$$b",
    "${CI_REGISTRY_IMAGE}:$CI_COMMIT_SHA",
    "nginx:${TAG:?required}",
    "${REG:-${MIRROR:-docker.io}}/nginx",
    "cost$5",
];

const WORDS: [&str; 16] = [
    "Deployment",
    "apps/v1",
    "Kustomization",
    "kustomize.config.k8s.io/v1beta1",
    "Component",
    "pipeline",
    "docker",
    "true",
    "v1",
    "main",
    "build",
    "test",
    "https://charts.example.com",
    "oci://registry.example.com/charts",
    "-",
    "a b",
];

const NULLS: [&str; 5] = ["~", "null", "", "Null", "NULL"];

const TAGS: [&str; 7] = [
    "!!str",
    "!!map",
    "!!seq",
    "!reference",
    "!Ref",
    "!!binary",
    "!custom",
];

const KINDS: [&str; 8] = [
    "Deployment",
    "Pod",
    "CronJob",
    "StatefulSet",
    "Job",
    "List",
    "Kustomization",
    "Component",
];

#[derive(Arbitrary, Debug)]
enum Breaks {
    Lf,
    CrLf,
    Cr,
}

#[derive(Arbitrary, Debug)]
struct Input {
    hint: u8,
    breaks: Breaks,
    bom: bool,
    documents: Vec<Document>,
}

#[derive(Arbitrary, Debug)]
struct Document {
    explicit_start: bool,
    explicit_end: bool,
    shape: Shape,
    /// A top-level `images:` sequence of Kustomize entries, when not empty.
    images: Vec<(bool, Vec<(u8, FieldValue)>)>,
    entries: Vec<Entry>,
}

#[derive(Arbitrary, Debug)]
enum Shape {
    Free,
    Kubernetes(u8),
    Kustomization,
    Component,
    Drone,
    /// The document is a sequence, not a mapping.
    Sequence(Vec<Node>),
    /// The document is one scalar.
    Scalar(Scalar),
}

#[derive(Arbitrary, Debug)]
struct Entry {
    key: Key,
    value: Node,
    comment: bool,
}

#[derive(Arbitrary, Debug)]
enum Key {
    Word(u8),
    Merge,
    Quoted(u8),
    /// `? key` with the key a collection.
    Complex(Vec<u8>),
}

#[derive(Arbitrary, Debug, Default, Clone)]
struct Props {
    anchor: Option<u8>,
    tag: Option<u8>,
}

#[derive(Arbitrary, Debug)]
enum Node {
    Scalar(Scalar),
    Map {
        props: Props,
        flow: bool,
        entries: Vec<Entry>,
    },
    Seq {
        props: Props,
        flow: bool,
        items: Vec<Node>,
    },
    Alias(u8),
    /// `<<`-style lists of aliases as a value (also where no merge reads them).
    Aliases(Vec<u8>),
    Bomb(Bomb),
    /// Nesting: flow collections (the parser refuses more than 255 levels) or block sequences
    /// on one line (`- - - x`, refused past `MAX_DEPTH`).
    Deep {
        levels: u16,
        block: bool,
    },
    /// A mapping of one image's split fields: Helm's `registry`, `repository`, `tag`, `digest`,
    /// `version`, or a Kustomize `images[]` entry's `name`, `newName`, `newTag`, `digest`.
    SplitImage {
        kustomize: bool,
        flow: bool,
        props: Props,
        fields: Vec<(u8, FieldValue)>,
    },
}

/// A split image's field: mostly a part of a reference, as Helm values and Kustomize write them.
#[derive(Arbitrary, Debug, Clone)]
enum FieldValue {
    Part(u8, Style),
    Any(Scalar),
}

const PARTS: [&str; 12] = [
    "swr.cn-north-4.myhuaweicloud.com",
    "org/app",
    "v1.2.3",
    "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
    "1.10",
    "library/nginx",
    "Nginx",
    "",
    "a b",
    "localhost:5000",
    "https://charts.example.com/app",
    "${TAG}",
];

const HELM_FIELDS: [&str; 5] = ["registry", "repository", "tag", "digest", "version"];
const KUSTOMIZE_FIELDS: [&str; 4] = ["name", "newName", "newTag", "digest"];

/// A split image as the mapping it is written as (each key once).
fn split_image(node: &Node) -> Option<Node> {
    let Node::SplitImage {
        kustomize,
        flow,
        props,
        fields,
    } = node
    else {
        return None;
    };
    let names: &[&str] = if *kustomize {
        &KUSTOMIZE_FIELDS
    } else {
        &HELM_FIELDS
    };
    let mut seen = Vec::new();
    let mut entries = Vec::new();
    for (which, field) in fields.iter().take(6) {
        let name = names[usize::from(*which) % names.len()];
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let key = KEYS
            .iter()
            .position(|k| *k == name)
            .expect("a field is a key") as u8;
        entries.push(Entry {
            key: Key::Word(key),
            value: Node::Scalar(match field {
                FieldValue::Part(i, style) => Scalar {
                    value: ScalarValue::Part(*i),
                    style: *style,
                    props: Props::default(),
                },
                FieldValue::Any(scalar) => scalar.clone(),
            }),
            comment: false,
        });
    }
    Some(Node::Map {
        props: props.clone(),
        flow: *flow,
        entries,
    })
}

#[derive(Arbitrary, Debug, Clone)]
struct Scalar {
    value: ScalarValue,
    style: Style,
    props: Props,
}

#[derive(Arbitrary, Debug, Clone)]
enum ScalarValue {
    Image(u8),
    Variable(u8),
    Word(u8),
    Null(u8),
    Template,
    Number(u16),
    DockerUri(u8),
    Text(String),
    Part(u8),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
    Folded,
    LiteralStrip,
    FoldedStrip,
}

#[derive(Arbitrary, Debug)]
struct Bomb {
    levels: u8,
    width: u8,
    flavour: Flavour,
    leaf: u8,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Flavour {
    Sequences,
    Mappings,
    Merges,
    Containers,
}

/// Writes the structure as YAML text (with `\n`, changed to the chosen break at the end).
struct Writer {
    out: String,
    /// Anchors defined so far in this document (open ones too).
    anchors: Vec<String>,
    bombs: usize,
    depth: usize,
}

const MAX_NESTING: usize = 40;

impl Writer {
    fn line(&mut self, indent: usize) {
        self.out.push('\n');
        self.indent(indent);
    }

    fn indent(&mut self, indent: usize) {
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    /// Writes an anchor and a tag, each followed by a space; returns whether any was written.
    fn props(&mut self, props: &Props) -> bool {
        let mut any = false;
        if let Some(a) = props.anchor {
            let name = format!("a{}", a % 12);
            self.out.push('&');
            self.out.push_str(&name);
            self.out.push(' ');
            if !self.anchors.contains(&name) {
                self.anchors.push(name);
            }
            any = true;
        }
        if let Some(t) = props.tag {
            self.out.push_str(TAGS[usize::from(t) % TAGS.len()]);
            self.out.push(' ');
            any = true;
        }
        any
    }

    fn alias(&mut self, i: u8) -> bool {
        if self.anchors.is_empty() {
            return false;
        }
        let name = self.anchors[usize::from(i) % self.anchors.len()].clone();
        self.out.push('*');
        self.out.push_str(&name);
        true
    }

    fn key(&mut self, key: &Key, flow: bool) {
        match key {
            Key::Word(w) => self.out.push_str(KEYS[usize::from(*w) % KEYS.len()]),
            Key::Merge => self.out.push_str("<<"),
            Key::Quoted(w) => {
                self.out.push('"');
                self.out.push_str(KEYS[usize::from(*w) % KEYS.len()]);
                self.out.push('"');
            }
            Key::Complex(words) => {
                if !flow {
                    self.out.push_str("? ");
                }
                self.out.push('[');
                for (i, w) in words.iter().take(4).enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(KEYS[usize::from(*w) % KEYS.len()]);
                }
                self.out.push(']');
                if !flow {
                    // The value of an explicit key goes on its own `:` line.
                    self.out.push('\n');
                }
            }
        }
    }

    fn scalar_text(value: &ScalarValue) -> String {
        match value {
            ScalarValue::Image(i) => IMAGES[usize::from(*i) % IMAGES.len()].into(),
            ScalarValue::Variable(i) => VARIABLES[usize::from(*i) % VARIABLES.len()].into(),
            ScalarValue::Word(i) => WORDS[usize::from(*i) % WORDS.len()].into(),
            ScalarValue::Null(i) => NULLS[usize::from(*i) % NULLS.len()].into(),
            ScalarValue::Template => "{{ .Values.image.repository }}".into(),
            ScalarValue::Number(n) => n.to_string(),
            ScalarValue::DockerUri(i) => {
                format!("docker://{}", IMAGES[usize::from(*i) % IMAGES.len()])
            }
            ScalarValue::Text(t) => t.chars().take(40).collect(),
            ScalarValue::Part(i) => PARTS[usize::from(*i) % PARTS.len()].into(),
        }
    }

    /// Whether a text can be written as a plain scalar in this context.
    fn plain_ok(text: &str, flow: bool) -> bool {
        if text.is_empty() {
            return true;
        }
        let first_bad = text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`', ' ', '\t',
        ]);
        let inner_bad = text.contains(": ")
            || text.contains(" #")
            || text.ends_with(':')
            || text.ends_with(' ')
            || text.contains(['\n', '\r', '\t'])
            || (flow && text.contains([',', '[', ']', '{', '}']));
        !first_bad && !inner_bad
    }

    fn double_quoted(&mut self, text: &str) {
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                c if c.is_control() || c == '\u{feff}' || c == '\u{85}' => {
                    self.out.push_str(&format!("\\u{:04x}", c as u32))
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    /// A scalar after `key: `, `- ` or in flow; `indent` is the block's, for block scalars.
    fn scalar(&mut self, scalar: &Scalar, indent: usize, flow: bool) {
        self.props(&scalar.props);
        let text = Self::scalar_text(&scalar.value);
        let printable = !text.contains(|c: char| {
            c.is_control() || c == '\u{feff}' || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}'
        });
        let style = match scalar.style {
            Style::Literal | Style::Folded | Style::LiteralStrip | Style::FoldedStrip
                if flow
                    || !printable
                    || text.trim().is_empty()
                    || text.starts_with([' ', '\t']) =>
            {
                Style::Double
            }
            Style::Plain if !Self::plain_ok(&text, flow) => Style::Double,
            Style::Single if !printable => Style::Double,
            style => style,
        };
        match style {
            Style::Plain => self.out.push_str(&text),
            Style::Single => {
                self.out.push('\'');
                self.out.push_str(&text.replace('\'', "''"));
                self.out.push('\'');
            }
            Style::Double => self.double_quoted(&text),
            Style::Literal | Style::Folded | Style::LiteralStrip | Style::FoldedStrip => {
                self.out.push_str(match style {
                    Style::Literal => "|",
                    Style::Folded => ">",
                    Style::LiteralStrip => "|-",
                    _ => ">-",
                });
                for part in text.split('\n') {
                    self.line(indent + 2);
                    self.out.push_str(part.trim_end_matches('\r'));
                }
            }
        }
    }

    /// A flow node (inside `[…]` or `{…}`, or after `key: ` written in flow).
    fn flow(&mut self, node: &Node) {
        if let Some(map) = split_image(node) {
            return self.flow(&map);
        }
        if self.depth > MAX_NESTING {
            self.out.push('x');
            return;
        }
        self.depth += 1;
        match node {
            Node::Scalar(s) => self.scalar(s, 0, true),
            Node::Map { props, entries, .. } => {
                self.props(props);
                self.out.push('{');
                for (i, e) in entries.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.key(&e.key, true);
                    self.out.push_str(": ");
                    self.flow(&e.value);
                }
                self.out.push('}');
            }
            Node::Seq { props, items, .. } => {
                self.props(props);
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.flow(item);
                }
                self.out.push(']');
            }
            Node::Alias(i) => {
                if !self.alias(*i) {
                    self.out.push_str("null");
                }
            }
            Node::Aliases(list) => self.aliases(list),
            Node::Bomb(_) => self.out.push_str("bomb"),
            Node::Deep { levels, .. } => self.deep(*levels, false, 0),
            Node::SplitImage { .. } => unreachable!("written as its mapping"),
        }
        self.depth -= 1;
    }

    fn aliases(&mut self, list: &[u8]) {
        self.out.push('[');
        let mut first = true;
        for &i in list.iter().take(8) {
            if !first {
                self.out.push_str(", ");
            }
            if self.alias(i) {
                first = false;
            } else if !first {
                self.out.truncate(self.out.len() - 2);
            }
        }
        self.out.push(']');
    }

    fn deep(&mut self, levels: u16, block: bool, indent: usize) {
        if block {
            self.line(indent);
            for _ in 0..usize::from(levels) % 12_000 {
                self.out.push_str("- ");
            }
            self.out.push_str("image");
            return;
        }
        let levels = usize::from(levels) % 300;
        for k in 0..levels {
            self.out.push_str(if k % 2 == 0 { "[" } else { "{image: " });
        }
        self.out.push_str("image");
        for k in (0..levels).rev() {
            self.out.push(if k % 2 == 0 { ']' } else { '}' });
        }
    }

    /// A block mapping's entries at `indent`; the first one goes where the cursor is when
    /// `inline` (after `- `).
    fn entries(&mut self, entries: &[Entry], indent: usize, inline: bool) {
        for (i, e) in entries.iter().enumerate() {
            if i > 0 || !inline {
                if e.comment {
                    self.line(indent);
                    self.out.push_str("# a comment: image: nginx");
                }
                self.line(indent);
            }
            self.key(&e.key, false);
            if matches!(e.key, Key::Complex(_)) {
                self.indent(indent);
            }
            self.out.push(':');
            self.value(&e.value, indent);
        }
    }

    /// The value after `key:` of a block mapping at `indent`.
    fn value(&mut self, node: &Node, indent: usize) {
        if let Some(map) = split_image(node) {
            return self.value(&map, indent);
        }
        if self.depth > MAX_NESTING {
            self.out.push_str(" x");
            return;
        }
        self.depth += 1;
        match node {
            Node::Scalar(s) => {
                self.out.push(' ');
                self.scalar(s, indent, false);
            }
            Node::Deep {
                levels,
                block: true,
            } => self.deep(*levels, true, indent + 2),
            Node::Map { flow: true, .. } | Node::Seq { flow: true, .. } | Node::Deep { .. } => {
                self.out.push(' ');
                self.flow(node);
            }
            Node::Map { props, entries, .. } if entries.is_empty() => {
                self.out.push(' ');
                self.props(props);
                self.out.push_str("{}");
            }
            Node::Map { props, entries, .. } => {
                self.out.push(' ');
                self.props(props);
                self.entries(entries, indent + 2, false);
            }
            Node::Seq { props, items, .. } => {
                if items.is_empty() {
                    self.out.push(' ');
                    self.props(props);
                    self.out.push_str("[]");
                } else {
                    self.out.push(' ');
                    self.props(props);
                    self.items(items, indent + 2);
                }
            }
            Node::Alias(i) => {
                self.out.push(' ');
                if !self.alias(*i) {
                    self.out.push('~');
                }
            }
            Node::Aliases(list) => {
                self.out.push(' ');
                self.aliases(list);
            }
            Node::Bomb(bomb) => self.bomb(bomb, indent + 2),
            Node::SplitImage { .. } => unreachable!("written as its mapping"),
        }
        self.depth -= 1;
    }

    /// A block sequence's items at `indent`, each on its own line.
    fn items(&mut self, items: &[Node], indent: usize) {
        for item in items {
            let split = split_image(item);
            let item = split.as_ref().unwrap_or(item);
            self.line(indent);
            self.out.push('-');
            if self.depth > MAX_NESTING {
                self.out.push_str(" x");
                continue;
            }
            self.depth += 1;
            match item {
                Node::Map {
                    props,
                    flow: false,
                    entries,
                } if !entries.is_empty() => {
                    if props.anchor.is_some() || props.tag.is_some() {
                        self.out.push(' ');
                        self.props(props);
                        self.entries(entries, indent + 2, false);
                    } else {
                        self.out.push(' ');
                        self.entries(entries, indent + 2, true);
                    }
                }
                Node::Seq {
                    props,
                    flow: false,
                    items,
                } if !items.is_empty() => {
                    self.out.push(' ');
                    self.props(props);
                    self.items(items, indent + 2);
                }
                Node::Bomb(bomb) => self.bomb(bomb, indent + 2),
                Node::Map { .. } | Node::Seq { .. } => {
                    self.out.push(' ');
                    self.flow(item);
                }
                other => {
                    self.depth -= 1;
                    self.value(other, indent);
                    self.depth += 1;
                }
            }
            self.depth -= 1;
        }
    }

    /// An alias bomb as a block mapping at `indent`: level 0 is a small node, each next level
    /// refers to the one before `width` times (or merges it), so reading it visits width^levels
    /// nodes.
    ///
    /// One bomb in sixteen is large (6 to 14 levels of 2 to 10 references: most pass the
    /// budget); the others have 1 to 5 levels of 2 to 4 (at most about a thousand nodes). Reading
    /// a document to the budget takes a million steps, about a second with the fuzzer's
    /// instrumentation: most inputs should not.
    fn bomb(&mut self, bomb: &Bomb, indent: usize) {
        let (levels, width) = if bomb.levels >= 240 {
            (
                6 + usize::from(bomb.levels % 9),
                2 + usize::from(bomb.width % 9),
            )
        } else {
            (
                1 + usize::from(bomb.levels % 5),
                2 + usize::from(bomb.width % 3),
            )
        };
        let id = self.bombs;
        self.bombs += 1;
        let leaf = IMAGES[usize::from(bomb.leaf) % IMAGES.len()];
        let container_keys = [
            "containers",
            "initContainers",
            "spec",
            "template",
            "services",
            "jobs",
            "steps",
            "images",
        ];
        for level in 0..levels {
            self.line(indent);
            let anchor = format!("b{id}l{level}");
            self.out.push_str(&format!("l{level}: &{anchor} "));
            let prev = format!("*b{id}l{}", level.saturating_sub(1));
            if level == 0 {
                match bomb.flavour {
                    Flavour::Sequences => self.out.push_str(&format!("[\"{leaf}\", \"{leaf}\"]")),
                    _ => self.out.push_str(&format!(
                        "{{name: app, image: \"{leaf}\", repository: org/app, tag: v1, newName: \"{leaf}\"}}"
                    )),
                }
            } else {
                match bomb.flavour {
                    Flavour::Sequences => {
                        let refs = vec![prev.as_str(); width].join(", ");
                        self.out.push_str(&format!("[{refs}]"));
                    }
                    Flavour::Mappings => {
                        let pairs: Vec<String> =
                            (0..width).map(|k| format!("k{k}: {prev}")).collect();
                        self.out.push_str(&format!("{{{}}}", pairs.join(", ")));
                    }
                    Flavour::Merges => {
                        let refs = vec![prev.as_str(); width].join(", ");
                        self.out.push_str(&format!(
                            "{{<<: [{refs}], image: \"{leaf}\", nested: {prev}}}"
                        ));
                    }
                    Flavour::Containers => {
                        let pairs: Vec<String> = (0..width)
                            .map(|k| {
                                format!("{}: [{prev}]", container_keys[k % container_keys.len()])
                            })
                            .collect();
                        self.out.push_str(&format!("{{{}}}", pairs.join(", ")));
                    }
                }
            }
            self.anchors.push(anchor);
        }
    }

    fn document(&mut self, doc: &Document, first: bool) {
        self.anchors.clear();
        if doc.explicit_start || !first {
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push('\n');
            }
            self.out.push_str("---");
        }
        let mut prefix: Vec<String> = Vec::new();
        match &doc.shape {
            Shape::Kubernetes(k) => {
                prefix.push("apiVersion: apps/v1".into());
                prefix.push(format!("kind: {}", KINDS[usize::from(*k) % KINDS.len()]));
            }
            Shape::Kustomization => {
                prefix.push("apiVersion: kustomize.config.k8s.io/v1beta1".into());
                prefix.push("kind: Kustomization".into());
            }
            Shape::Component => {
                prefix.push("apiVersion: kustomize.config.k8s.io/v1alpha1".into());
                prefix.push("kind: Component".into());
            }
            Shape::Drone => {
                prefix.push("kind: pipeline".into());
                prefix.push("type: docker".into());
            }
            Shape::Free => {}
            Shape::Sequence(items) => {
                if items.is_empty() {
                    self.out.push_str("\n[]");
                } else {
                    self.items(items, 0);
                }
                self.end(doc);
                return;
            }
            Shape::Scalar(s) => {
                self.out.push('\n');
                self.scalar(s, 0, false);
                self.end(doc);
                return;
            }
        }
        for p in &prefix {
            self.line(0);
            self.out.push_str(p);
        }
        if !doc.images.is_empty() {
            self.line(0);
            self.out.push_str("images:");
            for (flow, fields) in &doc.images {
                let entry = Node::SplitImage {
                    kustomize: true,
                    flow: *flow,
                    props: Props::default(),
                    fields: fields
                        .iter()
                        .map(|(which, field)| (*which, field.clone()))
                        .collect(),
                };
                self.items(std::slice::from_ref(&entry), 2);
            }
            prefix.push("images".into());
        }
        if prefix.is_empty() && doc.entries.is_empty() {
            self.out.push_str("\n{}");
        } else {
            self.entries(&doc.entries, 0, false);
        }
        self.end(doc);
    }

    fn end(&mut self, doc: &Document) {
        self.out.push('\n');
        if doc.explicit_end {
            self.out.push_str("...\n");
        }
    }
}

fn stats() -> bool {
    static STATS: OnceLock<bool> = OnceLock::new();
    *STATS.get_or_init(|| std::env::var_os("SCAN_FUZZ_STATS").is_some())
}

fuzz_target!(|input: Input| {
    let mut w = Writer {
        out: String::new(),
        anchors: Vec::new(),
        bombs: 0,
        depth: 0,
    };
    for (i, doc) in input.documents.iter().take(4).enumerate() {
        w.document(doc, i == 0);
    }
    let mut text = w.out.trim_start_matches('\n').to_string();
    match input.breaks {
        Breaks::Lf => {}
        Breaks::CrLf => text = text.replace('\n', "\r\n"),
        Breaks::Cr => text = text.replace('\n', "\r"),
    }
    if input.bom {
        text.insert(0, '\u{feff}');
    }
    let hint = scan_check::HINTS[usize::from(input.hint) % scan_check::HINTS.len()];
    let started = std::time::Instant::now();
    let result = scan_check::yaml(&text, hint);
    if stats() {
        let what = match &result {
            Ok(found) if found.iter().any(|c| c.value == Value::AliasBudgetExceeded) => "budget",
            Ok(_) => "ok",
            Err(m) if m.message.contains("nested deeper") => "too-deep",
            Err(m) => {
                eprintln!("scan_yaml: error {}:{} {}", m.line, m.column, m.message);
                "malformed"
            }
        };
        let composed = match &result {
            Ok(found) => found
                .iter()
                .filter(|c| matches!(c.value, Value::Composed(_)))
                .count(),
            Err(_) => 0,
        };
        if std::env::var("SCAN_FUZZ_STATS").is_ok_and(|v| v == "text") {
            eprintln!("{text}");
        }
        eprintln!(
            "scan_yaml: {what} {composed} composed, {} bytes, {} ms",
            text.len(),
            started.elapsed().as_millis()
        );
    }
});
