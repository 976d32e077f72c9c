//! Terraform built from a structure (`arbitrary`): `resource` and `data` blocks of every type
//! `scan` reads (`huaweicloud_swr_organization`, `huaweicloud_swr_repository`, the other
//! `huaweicloud_swr_*`, `docker_image`, `docker_registry_image`, `docker_container`,
//! `kubernetes_*` with `container`, `init_container` and `dynamic "container"` blocks at any
//! depth) and of types it does not (`aws_*`, `variable`, `locals`, `module`, `output`,
//! `terraform`), with the read attributes' values as literals (with escapes), templates,
//! heredocs (`<<` and `<<-`, empty too), references, function calls, lists, objects,
//! conditionals, parentheses, null, numbers and booleans; attributes the readers skip beside
//! them (`organization` in an organization, `image` in an image, `name` in nested blocks);
//! comments of the three kinds; `\n` or `\r\n`.
//!
//! Besides the invariants of `scan_check/mod.rs`, the candidates must be exactly those the
//! generator expects from the table of `src/scan/terraform.rs` (position, kind, and the value:
//! a literal's decoded text, an expression's text as written), and the text must parse. With
//! `SCAN_FUZZ_STATS=1` in the environment, each input prints how many candidates of each value
//! it gave (and with `SCAN_FUZZ_STATS=text`, the text), to count over a corpus.
#![no_main]

#[path = "scan_check/mod.rs"]
mod scan_check;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use registry_names::scan::Value;
use registry_names::Kind;
use std::sync::OnceLock;

/// Literals without escapes or templates: the value is the text between the quotes.
const LITERALS: [&str; 14] = [
    "nginx:1.27",
    "swr.cn-north-4.myhuaweicloud.com/org/app:v1",
    "my-org",
    "My_Org",
    "org__name",
    "group/app",
    "library/alpine",
    "quay.io/a/b@sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
    "",
    " ",
    "é/ü:v1",
    "a..b",
    "1org",
    "x#y//z",
];

/// Literals with escapes, as written and as Terraform decodes them.
const ESCAPED: [(&str, &str); 8] = [
    ("nginx\\u003a1.27", "nginx:1.27"),
    ("a$${b}", "a${b}"),
    ("%%{x}", "%{x}"),
    ("q\\\"q", "q\"q"),
    ("back\\\\slash", "back\\slash"),
    ("tab\\there", "tab\there"),
    ("new\\nline", "new\nline"),
    ("\\U0001F600", "\u{1F600}"),
];

/// Quoted templates: an interpolation or a directive.
const TEMPLATES: [&str; 5] = [
    "${var.image}",
    "nginx:${var.tag}",
    "${local.registry}/${var.org}/app:${var.tag}",
    "%{if var.prod}prod%{else}dev%{endif}",
    "a$${b}${c}",
];

/// Other expressions, as written.
const EXPRESSIONS: [&str; 10] = [
    "var.image",
    "local.images[\"app\"]",
    "docker_image.app.image_id",
    "format(\"%s:%s\", var.repo, var.tag)",
    "lower(\"NGINX\")",
    "join(\"/\", [\"a\", \"b\"])",
    "var.prod ? \"a\" : \"b\"",
    "(\"nginx\")",
    "[for s in var.list : upper(s)]",
    "{ a = \"b\" }",
];

/// Heredoc lines without templates (none is `EOT`).
const LINES: [&str; 5] = ["nginx:1.27", "org", "two words", "", "a$${b}"];

const SWR_OTHER: [&str; 12] = [
    "image_auto_sync",
    "image_permissions",
    "image_retention_policy",
    "image_trigger",
    "repository_sharing",
    "repository_tag",
    "organization_permissions",
    "repositories",
    "image_tags",
    "shared_repositories",
    "enterprise_instance",
    "image_triggers",
];

const KUBERNETES: [&str; 8] = [
    "deployment",
    "deployment_v1",
    "pod",
    "pod_v1",
    "cron_job_v1",
    "job",
    "stateful_set_v1",
    "daemon_set_v1",
];

const NESTED: [&str; 7] = [
    "spec",
    "template",
    "job_template",
    "metadata",
    "volume",
    "env",
    "port",
];

/// Keys no reader reads in any block.
const EXTRA_KEYS: [&str; 8] = [
    "description",
    "category",
    "is_public",
    "region",
    "keep_locally",
    "count",
    "namespace_name",
    "target_organization",
];

#[derive(Arbitrary, Debug)]
struct Input {
    crlf: bool,
    items: Vec<Item>,
}

#[derive(Arbitrary, Debug)]
enum TypeLabel {
    Quoted,
    Bare,
    /// `"docker\u005fimage"`: decided on its value.
    Escaped,
}

#[derive(Arbitrary, Debug)]
struct Common {
    data: bool,
    label: TypeLabel,
    extra: Vec<(u8, Expr)>,
    inner: Option<Expr>,
    comment: Option<u8>,
}

#[derive(Arbitrary, Debug)]
enum Item {
    SwrOrganization {
        common: Common,
        name: Option<Expr>,
        decoy: Option<Expr>,
    },
    SwrRepository {
        common: Common,
        organization: Option<Expr>,
        name: Option<Expr>,
        repository: Option<Expr>,
    },
    SwrOther {
        common: Common,
        which: u8,
        organization: Option<Expr>,
        repository: Option<Expr>,
        decoy: Option<Expr>,
    },
    DockerImage {
        common: Common,
        registry: bool,
        name: Option<Expr>,
        decoy: Option<Expr>,
    },
    DockerContainer {
        common: Common,
        image: Option<Expr>,
        decoy: Option<Expr>,
    },
    Kubernetes {
        common: Common,
        which: u8,
        body: Vec<KBlock>,
    },
    /// A block no reader reads, with the attributes the readers look for.
    Other {
        which: u8,
        name: Option<Expr>,
        image: Option<Expr>,
        organization: Option<Expr>,
        container: Option<Expr>,
    },
    /// A top-level attribute (not Terraform, but HCL).
    Attribute(Expr),
    Comment(u8),
}

#[derive(Arbitrary, Debug)]
enum KBlock {
    Container {
        init: bool,
        image: Option<Expr>,
        extra: Vec<(u8, Expr)>,
        children: Vec<KBlock>,
    },
    Dynamic {
        label: u8,
        image: Option<Expr>,
        children: Vec<KBlock>,
    },
    Nested {
        name: u8,
        image: Option<Expr>,
        children: Vec<KBlock>,
    },
    Attribute(u8, Expr),
}

#[derive(Arbitrary, Debug)]
enum Expr {
    Literal(u8),
    Escaped(u8),
    Template(u8),
    Heredoc {
        strip: bool,
        indent: u8,
        lines: Vec<u8>,
        template: bool,
    },
    Expression(u8),
    Null,
    Number(u16),
    Bool(bool),
    List(Vec<u8>),
}

/// What a read attribute's value must give.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Reference(String),
    Unresolved(String),
    /// An unresolved heredoc template: its text is checked by `scan_check` only.
    UnresolvedHeredoc,
}

struct Writer {
    out: String,
    nl: &'static str,
    expected: Vec<(usize, Kind, Expect)>,
    depth: usize,
}

fn pick<T: Copy>(list: &[T], i: u8) -> T {
    list[usize::from(i) % list.len()]
}

impl Writer {
    fn newline(&mut self, indent: usize) {
        self.out.push_str(self.nl);
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    fn comment(&mut self, which: u8, indent: usize) {
        let text = match which % 3 {
            0 => "# name = \"commented\"",
            1 => "// image = \"nginx\"",
            _ => "/* organization = \"x\" */",
        };
        self.newline(indent);
        self.out.push_str(text);
    }

    /// `key = value` on a new line at `indent`; `read` is the kind it is read as, if it is.
    fn attribute(&mut self, key: &str, value: &Expr, indent: usize, read: Option<Kind>) {
        self.newline(indent);
        self.out.push_str(key);
        self.out.push_str(" = ");
        let expect = self.expr(value, indent, true);
        if let (Some(kind), Some((at, expect))) = (read, expect) {
            self.expected.push((at, kind, expect));
        }
    }

    /// Writes an expression; returns where its candidate would be and what it would be.
    fn expr(&mut self, value: &Expr, indent: usize, top: bool) -> Option<(usize, Expect)> {
        let start = self.out.len();
        match value {
            Expr::Literal(i) => {
                let text = pick(&LITERALS, *i);
                self.out.push('"');
                self.out.push_str(text);
                self.out.push('"');
                Some((start + 1, Expect::Reference(text.into())))
            }
            Expr::Escaped(i) => {
                let (written, decoded) = pick(&ESCAPED, *i);
                self.out.push('"');
                self.out.push_str(written);
                self.out.push('"');
                Some((start + 1, Expect::Reference(decoded.into())))
            }
            Expr::Template(i) => {
                let text = pick(&TEMPLATES, *i);
                self.out.push('"');
                self.out.push_str(text);
                self.out.push('"');
                Some((start + 1, Expect::Unresolved(text.into())))
            }
            Expr::Heredoc {
                strip,
                indent: extra,
                lines,
                template,
            } if top => {
                let pad = if *strip {
                    indent + 2 + usize::from(*extra % 4)
                } else {
                    0
                };
                self.out.push_str(if *strip { "<<-EOT" } else { "<<EOT" });
                let mut value = String::new();
                let mut first = None;
                for (k, &l) in lines.iter().take(4).enumerate() {
                    let text = if *template && k == 0 {
                        "${var.tag}"
                    } else {
                        pick(&LINES, l)
                    };
                    self.newline(0);
                    // `<<-` removes the common indent of the lines that are not blank.
                    if !text.is_empty() {
                        self.out.extend(std::iter::repeat_n(' ', pad));
                    }
                    if first.is_none() {
                        first = Some(self.out.len());
                    }
                    self.out.push_str(text);
                    value.push_str(&text.replace("$${", "${"));
                    value.push_str(self.nl);
                }
                // The closing line starts where a heredoc's text would.
                let closing = self.out.len() + self.nl.len();
                self.newline(if *strip { indent } else { 0 });
                self.out.push_str("EOT");
                match first {
                    // Empty: reported where its text would start, the line after `<<EOT`.
                    None => Some((closing, Expect::Reference(String::new()))),
                    Some(_) if *template => Some((first.unwrap(), Expect::UnresolvedHeredoc)),
                    // Blank lines only: `<<-` has no indent to remove, the value is as written.
                    Some(at) => Some((at, Expect::Reference(value))),
                }
            }
            Expr::Heredoc { .. } => {
                self.out.push_str("\"heredoc\"");
                Some((start + 1, Expect::Reference("heredoc".into())))
            }
            Expr::Expression(i) => {
                let text = pick(&EXPRESSIONS, *i);
                self.out.push_str(text);
                Some((start, Expect::Unresolved(text.into())))
            }
            Expr::Null => {
                self.out.push_str("null");
                None
            }
            Expr::Number(n) => {
                self.out.push_str(&n.to_string());
                None
            }
            Expr::Bool(b) => {
                self.out.push_str(if *b { "true" } else { "false" });
                None
            }
            Expr::List(items) => {
                self.out.push('[');
                for (k, &i) in items.iter().take(6).enumerate() {
                    if k > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push('"');
                    self.out.push_str(pick(&LITERALS, i));
                    self.out.push('"');
                }
                self.out.push(']');
                let text = self.out[start..].to_string();
                Some((start, Expect::Unresolved(text)))
            }
        }
    }

    /// `keyword "type" "name" {` at the top level.
    fn open(&mut self, keyword: &str, type_name: &str, label: &TypeLabel) {
        self.newline(0);
        self.out.push_str(keyword);
        self.out.push(' ');
        match label {
            TypeLabel::Quoted => {
                self.out.push('"');
                self.out.push_str(type_name);
                self.out.push('"');
            }
            TypeLabel::Bare => self.out.push_str(type_name),
            TypeLabel::Escaped => {
                self.out.push('"');
                self.out.push_str(&type_name.replacen('_', "\\u005f", 1));
                self.out.push('"');
            }
        }
        self.out.push_str(" \"this\" {");
    }

    fn close(&mut self, indent: usize) {
        self.newline(indent);
        self.out.push('}');
    }

    /// What every read block may hold beside its read attributes: other attributes, a nested
    /// block with a `name` (not read: only the block's own attributes are), a comment.
    fn common(&mut self, common: &Common) {
        for (k, value) in common.extra.iter().take(4) {
            // One of each key: HCL refuses an attribute defined twice.
            let key = pick(&EXTRA_KEYS, *k);
            if !self.has_key(key) {
                self.attribute(key, value, 2, None);
            }
        }
        if let Some(value) = &common.inner {
            self.newline(2);
            self.out.push_str("lifecycle {");
            self.attribute("name", value, 4, None);
            self.attribute("image", &Expr::Literal(0), 4, None);
            self.close(2);
        }
        if let Some(c) = common.comment {
            self.comment(c, 2);
        }
    }

    /// Whether the block being written (from its last `{` at the top level) has this key.
    fn has_key(&self, key: &str) -> bool {
        let block = &self.out[self.out.rfind(" \"this\" {").unwrap_or(0)..];
        block.contains(&format!("{}  {key} = ", self.nl))
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::SwrOrganization {
                common,
                name,
                decoy,
            } => {
                self.open(
                    keyword(common),
                    "huaweicloud_swr_organization",
                    &common.label,
                );
                if let Some(v) = name {
                    self.attribute("name", v, 2, Some(Kind::SwrNamespace));
                }
                if let Some(v) = decoy {
                    self.attribute("organization", v, 2, None);
                }
                self.common(common);
                self.close(0);
            }
            Item::SwrRepository {
                common,
                organization,
                name,
                repository,
            } => {
                self.open(keyword(common), "huaweicloud_swr_repository", &common.label);
                self.common(common);
                if let Some(v) = organization {
                    self.attribute("organization", v, 2, Some(Kind::SwrNamespace));
                }
                if let Some(v) = name {
                    self.attribute("name", v, 2, Some(Kind::SwrRepository));
                }
                if let Some(v) = repository {
                    self.attribute("repository", v, 2, Some(Kind::SwrRepository));
                }
                self.close(0);
            }
            Item::SwrOther {
                common,
                which,
                organization,
                repository,
                decoy,
            } => {
                let type_name = format!("huaweicloud_swr_{}", pick(&SWR_OTHER, *which));
                self.open(keyword(common), &type_name, &common.label);
                if let Some(v) = repository {
                    self.attribute("repository", v, 2, Some(Kind::SwrRepository));
                }
                if let Some(v) = decoy {
                    self.attribute("name", v, 2, None);
                }
                if let Some(v) = organization {
                    self.attribute("organization", v, 2, Some(Kind::SwrNamespace));
                }
                self.common(common);
                self.close(0);
            }
            Item::DockerImage {
                common,
                registry,
                name,
                decoy,
            } => {
                let type_name = if *registry {
                    "docker_registry_image"
                } else {
                    "docker_image"
                };
                self.open(keyword(common), type_name, &common.label);
                self.common(common);
                if let Some(v) = decoy {
                    self.attribute("image", v, 2, None);
                }
                if let Some(v) = name {
                    self.attribute("name", v, 2, Some(Kind::ImageReference));
                }
                self.close(0);
            }
            Item::DockerContainer {
                common,
                image,
                decoy,
            } => {
                self.open(keyword(common), "docker_container", &common.label);
                if let Some(v) = image {
                    self.attribute("image", v, 2, Some(Kind::ImageReference));
                }
                if let Some(v) = decoy {
                    self.attribute("name", v, 2, None);
                }
                self.common(common);
                self.close(0);
            }
            Item::Kubernetes {
                common,
                which,
                body,
            } => {
                let type_name = format!("kubernetes_{}", pick(&KUBERNETES, *which));
                self.open(keyword(common), &type_name, &common.label);
                self.common(common);
                self.kblocks(body, 2, false, Vec::new());
                self.close(0);
            }
            Item::Other {
                which,
                name,
                image,
                organization,
                container,
            } => {
                let (keyword, type_name) = match which % 8 {
                    0 => ("resource", Some("aws_ecs_task_definition")),
                    1 => ("data", Some("huaweicloud_cce_cluster")),
                    2 => ("variable", Some("image")),
                    3 => ("locals", None),
                    4 => ("module", Some("app")),
                    5 => ("output", Some("image")),
                    6 => ("resource", Some("huaweicloud_swrx_organization")),
                    _ => ("provider", Some("docker")),
                };
                self.newline(0);
                self.out.push_str(keyword);
                if let Some(t) = type_name {
                    self.out.push_str(&format!(" \"{t}\""));
                }
                self.out.push_str(" {");
                for (key, value) in [
                    ("name", name),
                    ("image", image),
                    ("organization", organization),
                ] {
                    if let Some(v) = value {
                        self.attribute(key, v, 2, None);
                    }
                }
                if let Some(v) = container {
                    self.newline(2);
                    self.out.push_str("container {");
                    self.attribute("image", v, 4, None);
                    self.close(2);
                }
                self.close(0);
            }
            Item::Attribute(value) => {
                self.attribute("image", value, 0, None);
            }
            Item::Comment(c) => self.comment(*c, 0),
        }
    }

    /// The blocks and attributes of a `kubernetes_*` resource's body at `indent`: only
    /// `container` and `init_container` blocks' `image` is read (`container`: this body is one),
    /// and a `dynamic "container"` block's `content`'s. `keys`: the attributes the body has.
    fn kblocks(
        &mut self,
        blocks: &[KBlock],
        indent: usize,
        container: bool,
        mut keys: Vec<&'static str>,
    ) {
        if self.depth > 12 {
            return;
        }
        self.depth += 1;
        for block in blocks.iter().take(6) {
            match block {
                KBlock::Container {
                    init,
                    image,
                    extra,
                    children,
                } => {
                    self.newline(indent);
                    self.out.push_str(if *init {
                        "init_container {"
                    } else {
                        "container {"
                    });
                    if let Some(v) = image {
                        self.attribute("image", v, indent + 2, Some(Kind::ImageReference));
                    }
                    let mut seen = Vec::new();
                    for (k, v) in extra.iter().take(3) {
                        let key = pick(&["name", "command", "args", "working_dir"], *k);
                        if !seen.contains(&key) {
                            seen.push(key);
                            self.attribute(key, v, indent + 2, None);
                        }
                    }
                    seen.extend(image.as_ref().map(|_| "image"));
                    self.kblocks(children, indent + 2, true, seen);
                    self.close(indent);
                }
                KBlock::Dynamic {
                    label,
                    image,
                    children,
                } => {
                    let label = pick(&["container", "init_container", "port", "env"], *label);
                    let read = matches!(label, "container" | "init_container");
                    self.newline(indent);
                    self.out.push_str(&format!("dynamic \"{label}\" {{"));
                    self.attribute("for_each", &Expr::Expression(0), indent + 2, None);
                    self.newline(indent + 2);
                    self.out.push_str("content {");
                    if let Some(v) = image {
                        self.attribute(
                            "image",
                            v,
                            indent + 4,
                            read.then_some(Kind::ImageReference),
                        );
                    }
                    let keys = image.as_ref().map(|_| "image").into_iter().collect();
                    self.kblocks(children, indent + 4, read, keys);
                    self.close(indent + 2);
                    self.close(indent);
                }
                KBlock::Nested {
                    name,
                    image,
                    children,
                } => {
                    self.newline(indent);
                    self.out.push_str(pick(&NESTED, *name));
                    self.out.push_str(" {");
                    if let Some(v) = image {
                        self.attribute("image", v, indent + 2, None);
                    }
                    let keys = image.as_ref().map(|_| "image").into_iter().collect();
                    self.kblocks(children, indent + 2, false, keys);
                    self.close(indent);
                }
                KBlock::Attribute(k, v) => {
                    let key = pick(&["replicas", "name", "image", "labels"], *k);
                    if !keys.contains(&key) {
                        keys.push(key);
                        let read = (container && key == "image").then_some(Kind::ImageReference);
                        self.attribute(key, v, indent, read);
                    }
                }
            }
        }
        self.depth -= 1;
    }
}

fn keyword(common: &Common) -> &'static str {
    if common.data {
        "data"
    } else {
        "resource"
    }
}

fn stats() -> Option<&'static str> {
    static STATS: OnceLock<Option<String>> = OnceLock::new();
    STATS
        .get_or_init(|| std::env::var("SCAN_FUZZ_STATS").ok())
        .as_deref()
}

fuzz_target!(|input: Input| {
    let mut w = Writer {
        out: String::new(),
        nl: if input.crlf { "\r\n" } else { "\n" },
        expected: Vec::new(),
        depth: 0,
    };
    for item in input.items.iter().take(12) {
        w.item(item);
    }
    w.out.push_str(w.nl);
    let text = w.out;
    let found = match scan_check::terraform(&text) {
        Ok(found) => found,
        Err(e) => panic!("generated Terraform does not parse: {e:?}\n{text}"),
    };
    if let Some(how) = stats() {
        let count = |f: fn(&Value) -> bool| found.iter().filter(|c| f(&c.value)).count();
        eprintln!(
            "scan_hcl: {} references, {} unresolved, {} bytes",
            count(|v| matches!(v, Value::Reference(_))),
            count(|v| matches!(v, Value::Unresolved(..))),
            text.len()
        );
        if how == "text" {
            eprintln!("{text}");
        }
    }
    let lines = scan_check::Lines::new(&text, false);
    let mut expected = w.expected;
    expected.sort_by_key(|(at, ..)| *at);
    let got: Vec<(usize, Kind, &Value)> = found
        .iter()
        .map(|c| {
            (
                lines.offset(&text, c.line, c.column, "candidate"),
                c.kind,
                &c.value,
            )
        })
        .collect();
    let matches = got.len() == expected.len()
        && got
            .iter()
            .zip(&expected)
            .all(|((at, kind, value), (want_at, want_kind, want))| {
                at == want_at
                    && kind == want_kind
                    && match (want, value) {
                        // hcl-edit keeps a heredoc's `\r\n` after `<<` but not after `<<-`: no
                        // name holds a line break, either way.
                        (Expect::Reference(r), Value::Reference(v)) => {
                            r.replace("\r\n", "\n") == v.replace("\r\n", "\n")
                        }
                        (Expect::Unresolved(u), Value::Unresolved(v, _)) => u == v,
                        (Expect::UnresolvedHeredoc, Value::Unresolved(..)) => true,
                        _ => false,
                    }
            });
    if !matches {
        let want: Vec<_> = expected
            .iter()
            .map(|(at, kind, e)| (lines.position(*at), kind, e))
            .collect();
        panic!("candidates differ from the expected ones\ntext:\n{text}\nfound: {found:#?}\nexpected: {want:#?}");
    }
});
