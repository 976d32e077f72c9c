//! The JSON Schemas against the crate.
//!
//! Every kind's pattern is compiled with the `regex` crate (RE2 syntax) and with regress (an
//! ECMA-262 engine, with and without the `u` flag), and node's own RegExp checks the same on a
//! fixed corpus. On strings built from each grammar's pieces and pushed to its edges (lengths at
//! min/max ± 1, separators at the ends and doubled, upper case, `$`, `%`, non-ASCII, …), the
//! pattern and lengths must give the crate's verdict; for the kinds whose pattern is a documented
//! superset, they may accept what the crate refuses only for the reason the description gives,
//! and the test states each reason as its own predicate.
//!
//! The request side: every body the request tests build as valid is valid against its body
//! schema (jsonschema, a JSON Schema 2020-12 validator), a body broken in one field is invalid
//! except for the documented differences, every vendor response validates against the error
//! schema of its status, the OpenAPI document lists the eight operations, every `$ref` resolves,
//! utoipa reads it back unchanged, and the JSON, schemars and utoipa renderings are equal.

#[path = "support/cli.rs"]
mod cli;
mod common;
#[path = "support/operations.rs"]
mod operations;

use common::*;
use proptest::prelude::*;
use registry_names::reference::{ImageReference, Part, Profile};
use registry_names::request::schema::{self as ops_schema, *};
use registry_names::request::{self, Operation, Request};
use registry_names::schema::{self, NameSchema};
use registry_names::{git, oci, quay, reference, swr, Kind, Rule, TagBuf};
use serde_json::{json, Value};
use std::sync::LazyLock;

// --- the patterns against the crate ---

/// A schema's pattern compiled three ways.
struct Compiled {
    schema: &'static NameSchema,
    re: regex::Regex,
    ecma: regress::Regex,
    ecma_unicode: regress::Regex,
}

static COMPILED: LazyLock<Vec<Compiled>> = LazyLock::new(|| {
    schema::ALL
        .iter()
        .map(|&schema| Compiled {
            schema,
            re: regex::Regex::new(schema.pattern)
                .unwrap_or_else(|e| panic!("{}: not RE2 syntax: {e}", schema.name)),
            ecma: regress::Regex::new(schema.pattern)
                .unwrap_or_else(|e| panic!("{}: not ECMA-262: {e}", schema.name)),
            ecma_unicode: regress::Regex::with_flags(schema.pattern, "u")
                .unwrap_or_else(|e| panic!("{}: not ECMA-262 with u: {e}", schema.name)),
        })
        .collect()
});

fn compiled(name: &str) -> &'static Compiled {
    COMPILED
        .iter()
        .find(|c| c.schema.name == name)
        .expect("a schema")
}

/// What a JSON Schema validator says: the pattern (all three engines must agree) and the length
/// in characters.
fn schema_accepts(c: &Compiled, s: &str) -> Result<bool, TestCaseError> {
    let re = c.re.is_match(s);
    prop_assert_eq!(re, c.ecma.find(s).is_some(), "regex vs ECMA on {:?}", s);
    prop_assert_eq!(
        re,
        c.ecma_unicode.find(s).is_some(),
        "regex vs ECMA/u on {:?}",
        s
    );
    let chars = s.chars().count();
    let long_enough = chars >= c.schema.min_length;
    let short_enough = c.schema.max_length.is_none_or(|max| chars <= max);
    Ok(re && long_enough && short_enough)
}

/// The crate's verdict and rule.
fn crate_verdict(schema: &NameSchema, s: &str) -> Result<(), Rule> {
    if schema.name == schema::LIKE_PATTERN.name {
        return quay::LikePattern::parse(s).map(drop).map_err(|e| e.rule());
    }
    schema.kind.validate(s.as_bytes()).map_err(|e| e.rule())
}

/// Whether `s` breaks a rule that the description of `schema` says its pattern leaves to the
/// crate (stated here from the description, not from the crate's error).
fn documented_difference(schema: &NameSchema, s: &str) -> bool {
    let lock = || s.split('/').any(|c| c.ends_with(".lock"));
    match schema.kind {
        Kind::GitTag | Kind::GitBranch => s == "HEAD" || s.contains("@{") || lock(),
        Kind::GitRefname => s.contains("@{") || lock(),
        Kind::QuayRepository => {
            let (namespace, name) = s.split_once('/').unwrap_or((s, ""));
            namespace.len() > 255 || name.len() > 255
        }
        Kind::ImageReference => match ImageReference::parse(s) {
            Ok(_) => false,
            Err(e) => {
                let too_long = e.part() == Part::Repository && e.rule() == Rule::TooLong;
                let profile = e.profile() != Profile::Oci
                    && matches!(e.part(), Part::Namespace | Part::Repository);
                too_long || profile
            }
        },
        _ => false,
    }
}

/// The rules a documented difference may surface as.
fn documented_rules(schema: &NameSchema) -> &'static [Rule] {
    match schema.kind {
        Kind::GitTag | Kind::GitBranch => &[Rule::ReservedName, Rule::AtBrace, Rule::LockSuffix],
        Kind::GitRefname => &[Rule::AtBrace, Rule::LockSuffix],
        Kind::QuayRepository => &[Rule::TooLong],
        // Any rule of the SWR and Quay grammars, through the profiles.
        Kind::ImageReference => Rule::ALL,
        _ => &[],
    }
}

/// Pattern and lengths against the crate on `s`.
fn agree(name: &str, s: &str) -> Result<(), TestCaseError> {
    let c = compiled(name);
    let schema = c.schema;
    let by_schema = schema_accepts(c, s)?;
    let by_crate = crate_verdict(schema, s);
    match (by_schema, by_crate) {
        (true, Ok(())) | (false, Err(_)) => {
            // Agreement; a rejected string that breaks a documented rule is fine either way.
        }
        (false, Ok(())) => {
            prop_assert!(
                false,
                "{}: the crate accepts {:?}, the schema refuses",
                name,
                s
            )
        }
        (true, Err(rule)) => {
            prop_assert!(
                !schema.exact,
                "{}: the schema accepts {:?}, the crate refuses ({:?})",
                name,
                s,
                rule
            );
            prop_assert!(
                documented_difference(schema, s) && documented_rules(schema).contains(&rule),
                "{}: the schema accepts {:?}, the crate refuses it for an undocumented reason ({:?})",
                name,
                s,
                rule
            );
        }
    }
    // The converse: a documented difference is a real rule of the crate.
    if documented_difference(schema, s) {
        prop_assert!(by_crate.is_err(), "{}: {:?} should be refused", name, s);
    }
    Ok(())
}

/// Noise that hits every grammar's edges: separators, case, `$`, `%`, non-ASCII, controls.
const EDGE_NOISE: &[char] = &[
    '.', '_', '-', '/', '$', ':', '%', '+', '=', '@', '{', ' ', '\n', '\0', '\x7f', 'A', 'Z', 'a',
    'z', '0', '9', 'é', '版', '🦀', '~', '^', '*', '[', '\\', '?',
];

/// A grammar's own pieces joined by right and wrong tokens, then mutated or stretched to
/// `lengths`.
fn shaped(
    base: impl Strategy<Value = String> + Clone + 'static,
    lengths: Vec<usize>,
    fill: &'static str,
) -> BoxedStrategy<String> {
    prop_oneof![
        3 => base.clone(),
        3 => mutate(base.clone(), EDGE_NOISE),
        2 => mutate(mutate(base.clone(), EDGE_NOISE), EDGE_NOISE),
        2 => fit_length(base.clone(), lengths.clone(), fill),
        1 => fit_length(mutate(base, EDGE_NOISE), lengths, fill),
    ]
    .boxed()
}

/// `min - 1`, `min`, `max`, `max + 1` (what exists of them).
fn edges(min: usize, max: usize) -> Vec<usize> {
    let mut v = vec![min, min + 1, max - 1, max, max + 1];
    if min > 0 {
        v.push(min - 1);
    }
    v
}

const SWR_TOKENS: &[&str] = &[
    ".", "_", "__", "-", "--", "/", "$", ".", "_", "-", "/", "$", "___", "..", "._", "-_", "//",
    "$$", "/-", "-$",
];

fn swr(first: &'static str, max: usize) -> BoxedStrategy<String> {
    let base = (first, joined(atom("abz09", 6), SWR_TOKENS, 6)).prop_map(|(a, b)| a + &b);
    shaped(base, edges(1, max), "a")
}

fn tag_like(prefix: &'static str, chars: &'static str, max: usize) -> BoxedStrategy<String> {
    let base = (
        Just(prefix),
        joined(
            atom(chars, 6),
            &[".", "-", "_", "..", "--", "+", "/", "%"],
            6,
        ),
    )
        .prop_map(|(p, b)| format!("{p}{b}"));
    shaped(base, edges(prefix.len() + 1, prefix.len() + max), "Az_")
}

fn quay_namespace() -> BoxedStrategy<String> {
    shaped(
        joined(atom("abz09", 6), &[".", "_", "-", "--", "__", "._"], 5),
        edges(2, 255),
        "b",
    )
}

fn quay_repository() -> BoxedStrategy<String> {
    let namespace = prop_oneof![
        joined(atom("abz09", 5), &[".", "_", "-", "--"], 3),
        (1usize..=3).prop_map(|n| "a".repeat(n)),
        prop::sample::select(vec![254usize, 255, 256]).prop_map(|n| "n".repeat(n)),
    ];
    let name = prop_oneof![
        joined(atom("abz09._-", 6), &["/", "//", "/.", "/-"], 3),
        prop::sample::select(vec![1usize, 254, 255, 256]).prop_map(|n| "m".repeat(n)),
    ];
    let base = (namespace, name).prop_map(|(ns, name)| format!("{ns}/{name}"));
    shaped(base, vec![3, 4, 5, 510, 511, 512], "c")
}

fn digest() -> BoxedStrategy<String> {
    let algorithm = prop_oneof![
        prop::sample::select(vec![
            "sha256",
            "sha512",
            "blake3",
            "sha25",
            "sha2567",
            "sha257",
            "sha511",
            "blake2",
            "blake",
            "blake33",
            "sha384",
            "shb256",
            "s",
            "b",
            "md5",
            "sha256+b58",
            "a.b",
            "sha512_x",
            "SHA256",
        ])
        .prop_map(String::from),
        joined(atom("absh0123569", 6), &["+", ".", "_", "-", "++", "._"], 3),
    ];
    let encoded = prop_oneof![
        prop::sample::select(vec![63usize, 64, 65, 127, 128, 129]).prop_map(|n| "0123456789abcdef"
            .chars()
            .cycle()
            .take(n)
            .collect::<String>()),
        "[a-zA-Z0-9=_-]{1,12}",
        Just(String::new()),
    ];
    let base = (algorithm, encoded).prop_map(|(a, e)| format!("{a}:{e}"));
    shaped(base, vec![2, 3, 4], "0")
}

fn git_name() -> BoxedStrategy<String> {
    let atoms = prop_oneof![
        atom("abHEADz09_-é版", 5),
        prop::sample::select(vec!["HEAD", "lock", "x.lock", "@", "{", "-", "."])
            .prop_map(String::from),
    ];
    let base = joined(
        atoms,
        &[
            "/", ".", "..", "//", "/.", "./", "@{", "@", ".lock", ".lock/", "-", "~", " ",
        ],
        5,
    );
    let whole = prop::sample::select(vec![
        "HEAD",
        "@",
        "-x",
        "a.lock",
        "a.lock/b",
        "a@{b",
        "a./b",
        "a.",
        "/a",
        "a/",
        ".a",
        "refs/heads/main",
    ])
    .prop_map(String::from);
    prop_oneof![shaped(base, vec![1, 2, 3], "a"), whole].boxed()
}

fn image_reference() -> BoxedStrategy<String> {
    let domain = prop_oneof![
        Just(String::new()),
        prop::sample::select(vec![
            "swr.cn-north-4.myhuaweicloud.com/",
            "SWR.cn-north-4.myhuaweicloud.eu:443/",
            "quay.io/",
            "QUAY.IO:443/",
            "localhost/",
            "localhost:5000/",
            "[::1]:5000/",
            "10.125.0.198:20202/",
            "registry.example.com/",
            "foo_bar.com/",
            "a-.b/",
            "Foo/",
            "x:/",
            "[]/",
        ])
        .prop_map(String::from),
    ];
    let component = joined(
        atom("abz09", 5),
        &[".", "_", "__", "-", "--", "___", ".."],
        2,
    );
    let path = prop_oneof![
        prop::collection::vec(component, 1..4).prop_map(|c| c.join("/")),
        prop::sample::select(vec![254usize, 255, 256])
            .prop_map(|n| format!("ns/{}", "p".repeat(n - 3))),
        Just("a".to_string()),
    ];
    let tag = prop_oneof![
        Just(String::new()),
        Just(":latest".to_string()),
        Just(":".to_string()),
        "[:][A-Za-z0-9_.-]{1,10}",
    ];
    let digest = prop_oneof![
        Just(String::new()),
        Just(format!("@sha256:{}", "a".repeat(64))),
        Just("@sha256:abc".to_string()),
        Just("@sha384:abc".to_string()),
    ];
    let base = (domain, path, tag, digest).prop_map(|(d, p, t, g)| format!("{d}{p}{t}{g}"));
    shaped(base, vec![1, 2], "a")
}

/// Each schema with the strategy that reaches its edges.
fn strategy(name: &str) -> BoxedStrategy<String> {
    match name {
        "SwrNamespace" => swr("[a-z0-9]", 64),
        "SwrRepository" | "SwrRepositoryPath" => swr("[a-z0-9]", 128),
        "Tag" => tag_like("", "aZ09_", 128),
        "QuayNamespace" => quay_namespace(),
        "QuayRepositoryPath" => quay_repository(),
        "QuayTagFilter" => prop_oneof![
            tag_like("like:", "aZ09_%", 128),
            tag_like("eq:", "aZ09_", 128),
            tag_like("ne:", "a", 4),
            tag_like("LIKE:", "a", 4),
        ]
        .boxed(),
        "QuayLikePattern" => tag_like("", "aZ09_%", 128),
        "OciDigest" => digest(),
        "GitTagName" | "GitBranchName" | "GitRefName" => git_name(),
        "ImageReference" => image_reference(),
        other => panic!("no strategy for {other}"),
    }
}

/// Cases per schema: the agreement runs over all thirteen.
const AGREEMENT_CASES: u32 = 4_000;

macro_rules! agreement {
    ($($test:ident => $name:literal;)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(AGREEMENT_CASES))]
            $(
                #[test]
                fn $test(s in strategy($name)) {
                    agree($name, &s)?;
                }
            )*
        }
    };
}

agreement! {
    swr_namespace_pattern_agrees => "SwrNamespace";
    swr_repository_pattern_agrees => "SwrRepository";
    swr_repository_path_pattern_agrees => "SwrRepositoryPath";
    tag_pattern_agrees => "Tag";
    quay_namespace_pattern_agrees => "QuayNamespace";
    quay_repository_pattern_agrees => "QuayRepositoryPath";
    quay_tag_filter_pattern_agrees => "QuayTagFilter";
    quay_like_pattern_agrees => "QuayLikePattern";
    oci_digest_pattern_agrees => "OciDigest";
    git_tag_pattern_agrees => "GitTagName";
    git_branch_pattern_agrees => "GitBranchName";
    git_refname_pattern_agrees => "GitRefName";
    image_reference_pattern_agrees => "ImageReference";
}

#[test]
fn every_schema_has_a_strategy_that_reaches_both_verdicts() {
    for c in COMPILED.iter() {
        let name = c.schema.name;
        let rate = acceptance_rate(strategy(name), |s| crate_verdict(c.schema, s).is_ok(), 2000);
        assert!(
            (0.05..=0.95).contains(&rate),
            "{name}: the crate accepts {rate} of the generated strings"
        );
    }
}

/// The documented differences, one example each: the schema accepts, the crate refuses, for the
/// reason the description gives; and the edges on either side of every length bound.
#[test]
fn documented_differences_and_length_edges() {
    let long = |n: usize| "a".repeat(n);
    let superset: &[(&str, String, Rule)] = &[
        ("GitTagName", "HEAD".into(), Rule::ReservedName),
        ("GitTagName", "a@{b".into(), Rule::AtBrace),
        ("GitTagName", "a.lock".into(), Rule::LockSuffix),
        ("GitTagName", "x/a.lock/b".into(), Rule::LockSuffix),
        ("GitBranchName", "HEAD".into(), Rule::ReservedName),
        ("GitBranchName", "main@{1}".into(), Rule::AtBrace),
        ("GitRefName", "refs/heads/a.lock".into(), Rule::LockSuffix),
        ("GitRefName", "refs/@{x".into(), Rule::AtBrace),
        (
            "QuayRepositoryPath",
            format!("{}/app", long(256)),
            Rule::TooLong,
        ),
        (
            "QuayRepositoryPath",
            format!("org/{}", long(256)),
            Rule::TooLong,
        ),
        ("ImageReference", format!("ns/{}", long(253)), Rule::TooLong),
        ("ImageReference", "quay.io/a/app".into(), Rule::TooShort),
        (
            "ImageReference",
            "swr.cn-north-4.myhuaweicloud.com/busybox".into(),
            Rule::MissingNamespace,
        ),
        (
            "ImageReference",
            "swr.cn-north-4.myhuaweicloud.com/1org/app".into(),
            Rule::InvalidStart,
        ),
    ];
    for (name, s, rule) in superset {
        let c = compiled(name);
        assert!(schema_accepts(c, s).unwrap(), "{name}: schema on {s:?}");
        assert_eq!(crate_verdict(c.schema, s), Err(*rule), "{name}: {s:?}");
        assert!(documented_difference(c.schema, s), "{name}: {s:?}");
        agree(name, s).unwrap();
    }
    // At every bound both sides agree, the superset kinds included.
    let cases: &[(&str, String, bool)] = &[
        ("SwrNamespace", long(64), true),
        ("SwrNamespace", long(65), false),
        ("SwrRepository", format!("{}/{}", long(63), long(64)), true),
        ("SwrRepository", format!("{}/{}", long(64), long(64)), false),
        (
            "SwrRepositoryPath",
            format!("{}${}", long(63), long(64)),
            true,
        ),
        (
            "SwrRepositoryPath",
            format!("{}${}", long(64), long(64)),
            false,
        ),
        ("Tag", long(128), true),
        ("Tag", long(129), false),
        ("QuayNamespace", long(2), true),
        ("QuayNamespace", long(1), false),
        ("QuayNamespace", long(255), true),
        ("QuayNamespace", long(256), false),
        (
            "QuayRepositoryPath",
            format!("{}/{}", long(255), long(255)),
            true,
        ),
        (
            "QuayRepositoryPath",
            format!("{}/{}", long(255), long(256)),
            false,
        ),
        ("QuayRepositoryPath", "ab/c".into(), true),
        ("QuayRepositoryPath", "a/bc".into(), false),
        ("QuayTagFilter", format!("like:{}", long(128)), true),
        ("QuayTagFilter", format!("like:{}", long(129)), false),
        ("QuayTagFilter", format!("eq:{}", long(128)), true),
        ("QuayTagFilter", format!("eq:{}", long(129)), false),
        ("QuayTagFilter", "like:".into(), true),
        ("QuayTagFilter", "eq:".into(), false),
        ("QuayLikePattern", long(128), true),
        ("QuayLikePattern", long(129), false),
        ("QuayLikePattern", String::new(), true),
        ("OciDigest", format!("sha512:{}", long(128)), true),
        ("OciDigest", format!("sha512:{}", long(127)), false),
        ("OciDigest", format!("sha256:{}", long(65)), false),
        ("OciDigest", format!("sha2567:{}", long(65)), true),
        ("OciDigest", "sha256+x:ABC".into(), true),
        ("OciDigest", "a:b".into(), true),
        ("ImageReference", format!("ns/{}", long(252)), true),
        (
            "ImageReference",
            format!("{}:{}", long(10), long(128)),
            true,
        ),
        (
            "ImageReference",
            format!("{}:{}", long(10), long(129)),
            false,
        ),
        ("GitTagName", "é/版".into(), true),
        ("GitTagName", "@".into(), true),
        ("GitRefName", "@".into(), false),
    ];
    for (name, s, valid) in cases {
        let c = compiled(name);
        assert_eq!(crate_verdict(c.schema, s).is_ok(), *valid, "{name}: {s:?}");
        assert_eq!(schema_accepts(c, s).unwrap(), *valid, "{name}: {s:?}");
    }
}

/// Node's RegExp with the `u` flag (what ajv uses) on a fixed corpus: the examples, the
/// documented differences and the strings docs/grammars.md lists as invalid. Node is part of this
/// machine kind; the test fails, not skips, without it.
#[test]
fn node_regexp_agrees_on_a_corpus() {
    let mut corpus: Vec<String> = [
        "",
        "a",
        "ab",
        "1org",
        "org-",
        "my___org",
        "my._org",
        "my..org",
        "My-org",
        "Library",
        "/nginx",
        "nginx/",
        "a$b",
        "a/b",
        "a$$b",
        "$a",
        ".hidden",
        "-rc",
        "v1+build",
        "v1/2",
        "v1\n",
        "busybox",
        "org/",
        "org//x",
        "org/.x",
        "Org/x",
        "LIKE:v1",
        "ne:v1",
        "eq:",
        "eq:.x",
        "like:a b",
        "sha256",
        ":abc",
        "SHA256:abc",
        "HEAD",
        "a@{b",
        "a.lock",
        "a./b",
        "é",
        "🦀/x",
        "Nginx",
        "nginx:",
        "a@sha256:abc",
        "foo_bar.com/app",
        "[abcd]/x",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for schema in schema::ALL {
        corpus.extend(schema.examples.iter().map(|s| s.to_string()));
    }
    let patterns: Vec<&str> = schema::ALL.iter().map(|s| s.pattern).collect();
    let script = r#"
        const { patterns, corpus } = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const out = patterns.map(p => { const r = new RegExp(p, "u"); return corpus.map(s => r.test(s)); });
        process.stdout.write(JSON.stringify(out));
    "#;
    let input = serde_json::to_vec(&json!({ "patterns": patterns, "corpus": corpus })).unwrap();
    let output = std::process::Command::new("node")
        .args(["-e", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&input)?;
            child.wait_with_output()
        })
        .expect("node runs (it is part of this machine kind)");
    assert!(output.status.success(), "node failed");
    let verdicts: Vec<Vec<bool>> = serde_json::from_slice(&output.stdout).unwrap();
    for (c, by_node) in COMPILED.iter().zip(verdicts) {
        for (s, node) in corpus.iter().zip(by_node) {
            assert_eq!(
                c.re.is_match(s),
                node,
                "{}: node vs regex on {s:?}",
                c.schema.name
            );
        }
    }
}

// --- one description, three renderings ---

/// Replaces each `{"$ref": "#/<prefix>/NAME", …}` by the definition NAME from `defs` (keeping the
/// sibling keywords, as `$ref` with siblings means both).
fn inline(value: &Value, prefix: &str, defs: &serde_json::Map<String, Value>) -> Value {
    match value {
        Value::Object(object) => {
            let mut out = serde_json::Map::new();
            if let Some(Value::String(target)) = object.get("$ref") {
                let name = target
                    .strip_prefix(prefix)
                    .unwrap_or_else(|| panic!("{target} outside {prefix}"));
                let def = defs
                    .get(name)
                    .unwrap_or_else(|| panic!("{target} unresolved"));
                if let Value::Object(def) = inline(def, prefix, defs) {
                    out.extend(def);
                }
            }
            for (key, v) in object {
                if key != "$ref" {
                    out.insert(key.clone(), inline(v, prefix, defs));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| inline(v, prefix, defs)).collect())
        }
        other => other.clone(),
    }
}

macro_rules! each_name_type {
    ($check:ident) => {
        $check::<swr::NamespaceBuf>(&schema::SWR_NAMESPACE);
        $check::<swr::Namespace<'static>>(&schema::SWR_NAMESPACE);
        $check::<swr::RepositoryBuf>(&schema::SWR_REPOSITORY);
        $check::<swr::Repository<'static>>(&schema::SWR_REPOSITORY);
        $check::<swr::RepositoryPathBuf>(&schema::SWR_REPOSITORY_PATH);
        $check::<swr::RepositoryPath<'static>>(&schema::SWR_REPOSITORY_PATH);
        $check::<TagBuf>(&schema::TAG);
        $check::<registry_names::Tag<'static>>(&schema::TAG);
        $check::<quay::NamespaceBuf>(&schema::QUAY_NAMESPACE);
        $check::<quay::Namespace<'static>>(&schema::QUAY_NAMESPACE);
        $check::<quay::RepositoryPathBuf>(&schema::QUAY_REPOSITORY);
        $check::<quay::RepositoryPath<'static>>(&schema::QUAY_REPOSITORY);
        $check::<quay::TagFilterBuf>(&schema::QUAY_TAG_FILTER);
        $check::<quay::TagFilter<'static>>(&schema::QUAY_TAG_FILTER);
        $check::<quay::LikePatternBuf>(&schema::LIKE_PATTERN);
        $check::<quay::LikePattern<'static>>(&schema::LIKE_PATTERN);
        $check::<oci::DigestBuf>(&schema::OCI_DIGEST);
        $check::<oci::Digest<'static>>(&schema::OCI_DIGEST);
        $check::<git::TagNameBuf>(&schema::GIT_TAG);
        $check::<git::TagName<'static>>(&schema::GIT_TAG);
        $check::<git::BranchNameBuf>(&schema::GIT_BRANCH);
        $check::<git::BranchName<'static>>(&schema::GIT_BRANCH);
        $check::<git::RefNameBuf>(&schema::GIT_REFNAME);
        $check::<git::RefName<'static>>(&schema::GIT_REFNAME);
        $check::<reference::ImageReferenceBuf>(&schema::IMAGE_REFERENCE);
        $check::<reference::ImageReference<'static>>(&schema::IMAGE_REFERENCE);
    };
}

#[test]
fn schemars_and_utoipa_give_each_name_type_its_schema() {
    fn check<T: schemars::JsonSchema + utoipa::ToSchema>(schema: &NameSchema) {
        let root = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
        assert_eq!(
            root.to_value(),
            schema.to_json_document(),
            "{}",
            schema.name
        );
        assert_eq!(
            serde_json::to_value(<T as utoipa::PartialSchema>::schema()).unwrap(),
            schema.to_json(),
            "{}",
            schema.name
        );
        assert_eq!(<T as utoipa::ToSchema>::name(), schema.name);
    }
    each_name_type!(check);
}

/// A struct that derives both, as a user writes it: each field refers to the name's schema.
#[derive(schemars::JsonSchema, utoipa::ToSchema)]
#[allow(dead_code)]
struct Image {
    repository: swr::RepositoryBuf,
    tag: TagBuf,
    digest: Option<oci::DigestBuf>,
}

#[test]
fn derived_structs_refer_to_the_names_schemas() {
    let root = schemars::schema_for!(Image).to_value();
    assert_eq!(root["properties"]["tag"], json!({ "$ref": "#/$defs/Tag" }));
    assert_eq!(root["$defs"]["Tag"], schema::TAG.to_json());
    assert_eq!(
        root["$defs"]["SwrRepository"],
        schema::SWR_REPOSITORY.to_json()
    );
    assert_eq!(root["$defs"]["OciDigest"], schema::OCI_DIGEST.to_json());

    let mut schemas = Vec::new();
    <Image as utoipa::ToSchema>::schemas(&mut schemas);
    let names: Vec<&str> = schemas.iter().map(|(name, _)| name.as_str()).collect();
    assert!(
        names.contains(&"Tag") && names.contains(&"SwrRepository"),
        "{names:?}"
    );
    let image = serde_json::to_value(<Image as utoipa::PartialSchema>::schema()).unwrap();
    assert_eq!(
        image["properties"]["tag"]["$ref"],
        "#/components/schemas/Tag"
    );
}

fn bodies() -> impl Iterator<Item = (Operation, &'static str)> {
    Operation::ALL
        .into_iter()
        .filter(|op| op.has_body())
        .map(|op| (op, body_title(op)))
}

fn body_title(op: Operation) -> &'static str {
    match op {
        Operation::SwrCreateImageTag => "SwrCreateImageTagBody",
        Operation::SwrCreateRepository => "SwrCreateRepositoryBody",
        Operation::CodeArtsAddTag => "CodeArtsAddTagBody",
        Operation::QuayRestoreTag => "QuayRestoreTagBody",
        Operation::QuayChangeTag => "QuayChangeTagBody",
        _ => unreachable!("{op} has no body"),
    }
}

fn components() -> serde_json::Map<String, Value> {
    ops_schema::openapi()["components"]["schemas"]
        .as_object()
        .unwrap()
        .clone()
}

#[test]
fn body_schemas_agree_across_json_schemars_utoipa_and_the_openapi_document() {
    fn check<T: schemars::JsonSchema + utoipa::ToSchema>(op: Operation) {
        assert_eq!(<T as utoipa::ToSchema>::name(), body_title(op));
        let standalone = body_schema(op).unwrap();
        // schemars: names as `$defs`, inlined they give the standalone schema.
        let root = schemars::SchemaGenerator::default()
            .into_root_schema_for::<T>()
            .to_value();
        let defs = root["$defs"].as_object().unwrap().clone();
        let mut inlined = inline(&root, "#/$defs/", &defs);
        inlined.as_object_mut().unwrap().remove("$defs");
        assert_eq!(inlined, standalone, "{op}: schemars");
        // utoipa: the document's component, and the schemas it refers to.
        let components = components();
        let utoipa_body = serde_json::to_value(<T as utoipa::PartialSchema>::schema()).unwrap();
        assert_eq!(utoipa_body, components[body_title(op)], "{op}: utoipa");
        let mut referenced = Vec::new();
        <T as utoipa::ToSchema>::schemas(&mut referenced);
        // `schemas()` lists exactly the components the body's `$ref`s name.
        fn refs(value: &Value, found: &mut std::collections::BTreeSet<String>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(r)) = map.get("$ref") {
                        found.insert(r.trim_start_matches("#/components/schemas/").to_owned());
                    }
                    map.values().for_each(|v| refs(v, found));
                }
                Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
                _ => {}
            }
        }
        let mut named = std::collections::BTreeSet::new();
        refs(&utoipa_body, &mut named);
        assert!(!named.is_empty(), "{op}");
        assert_eq!(
            referenced
                .iter()
                .map(|(name, _)| name.clone())
                .collect::<std::collections::BTreeSet<_>>(),
            named,
            "{op}: schemas()"
        );
        for (name, schema) in referenced {
            assert_eq!(
                serde_json::to_value(schema).unwrap(),
                components[&name],
                "{name}"
            );
        }
        // The document's body, inlined, is the standalone schema less `$schema` and `title`.
        let mut expected = standalone.clone();
        expected.as_object_mut().unwrap().remove("$schema");
        expected.as_object_mut().unwrap().remove("title");
        assert_eq!(
            inline(
                &components[body_title(op)],
                "#/components/schemas/",
                &components
            ),
            expected,
            "{op}: document"
        );
    }
    check::<SwrCreateImageTagBody>(SwrCreateImageTagBody::OPERATION);
    check::<SwrCreateRepositoryBody>(SwrCreateRepositoryBody::OPERATION);
    check::<CodeArtsAddTagBody>(CodeArtsAddTagBody::OPERATION);
    check::<QuayRestoreTagBody>(QuayRestoreTagBody::OPERATION);
    check::<QuayChangeTagBody>(QuayChangeTagBody::OPERATION);
    assert_eq!(bodies().count(), 5);
}

#[test]
fn into_params_gives_the_documents_parameters() {
    fn check<T: utoipa::IntoParams>(op: Operation) {
        let document = ops_schema::openapi();
        let components = components();
        let listed =
            &document["paths"][op.template()][op.method().to_ascii_lowercase()]["parameters"];
        let listed = inline(listed, "#/components/schemas/", &components);
        let params = serde_json::to_value(T::into_params(|| None)).unwrap();
        assert_eq!(params, listed, "{op}");
    }
    use registry_names::request::*;
    check::<SwrCreateImageTag>(Operation::SwrCreateImageTag);
    check::<SwrListImageTags>(Operation::SwrListImageTags);
    check::<SwrCreateRepository>(Operation::SwrCreateRepository);
    check::<CodeArtsAddTag>(Operation::CodeArtsAddTag);
    check::<QuayRestoreTag>(Operation::QuayRestoreTag);
    check::<QuayChangeTag>(Operation::QuayChangeTag);
    check::<QuayDeleteTag>(Operation::QuayDeleteTag);
    check::<QuayListTags>(Operation::QuayListTags);
}

// --- the OpenAPI document ---

/// Every `"$ref"` string in `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, v) in object {
                match (key.as_str(), v) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn the_openapi_document_has_the_eight_operations_and_resolves() {
    let document = ops_schema::openapi();
    let text = serde_json::to_string(&document).unwrap();
    let document: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 7, "change-tag and delete-tag share a path");
    let mut ids = Vec::new();
    for op in Operation::ALL {
        let operation = &paths[op.template()][op.method().to_ascii_lowercase()];
        assert_eq!(operation["operationId"], op.id());
        ids.push(operation["operationId"].as_str().unwrap().to_string());
        // Every `{name}` of the template is a required path parameter.
        let params = operation["parameters"].as_array().unwrap();
        for name in op
            .template()
            .split('{')
            .skip(1)
            .map(|p| p.split('}').next().unwrap())
        {
            assert!(
                params
                    .iter()
                    .any(|p| p["name"] == name && p["in"] == "path" && p["required"] == true),
                "{op}: {name}"
            );
        }
        assert_eq!(
            operation.get("requestBody").is_some(),
            op.has_body(),
            "{op}"
        );
        let responses = operation["responses"].as_object().unwrap();
        assert!(responses.contains_key("400"), "{op}");
        let body_limit = op.has_body() && op.vendor() != request::Vendor::CodeArts;
        assert_eq!(responses.contains_key("413"), body_limit, "{op}");
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 8);
    // Every reference resolves.
    let components = document["components"]["schemas"].as_object().unwrap();
    let mut targets = Vec::new();
    refs(&document, &mut targets);
    assert!(!targets.is_empty());
    for target in targets {
        let name = target.strip_prefix("#/components/schemas/").unwrap();
        assert!(components.contains_key(name), "{target}");
    }
    // utoipa's OpenAPI 3.1 model reads it and writes it back unchanged: nothing in it is
    // outside the model.
    let model: utoipa::openapi::OpenApi = serde_json::from_value(document.clone())
        .unwrap_or_else(|e| panic!("utoipa cannot read the document: {e}"));
    assert_eq!(serde_json::to_value(&model).unwrap(), document);
    // Every schema in it is a valid JSON Schema 2020-12 (the validator builds it).
    for (name, schema) in components {
        let mut schema = inline(schema, "#/components/schemas/", components);
        schema["$schema"] = json!(schema::DRAFT_2020_12);
        jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// The JSON of a body piece: a quoted string or the raw JSON the request tests use.
fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::new(schema).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The request tests' valid requests: each body is valid against its body schema, and each
    /// path and query value (decoded) against its parameter's schema.
    #[test]
    fn a_valid_request_is_valid_against_the_schemas((i, values) in operations::any_valid()) {
        let ops = operations::ops();
        let op = &ops[i];
        let (target, body) = operations::build(op, &values, None);
        let req = Request::new(op.op.method(), &target)
            .header("Content-Type", b"application/json")
            .body(body.as_bytes());
        prop_assert!(matches!(request::validate(&req), Some(Ok(_))), "{} {}", target, body);
        let document = ops_schema::openapi();
        let components = components();
        if let Some(schema) = body_schema(op.op) {
            let body: Value = serde_json::from_str(&body).unwrap();
            let errors: Vec<String> =
                validator(&schema).iter_errors(&body).map(|e| e.to_string()).collect();
            prop_assert!(errors.is_empty(), "{}: {} {:?}", op.op, body, errors);
        }
        let listed = &document["paths"][op.op.template()][op.op.method().to_ascii_lowercase()]["parameters"];
        for (param, value) in op.params.iter().zip(&values) {
            if param.at == operations::At::Body {
                continue;
            }
            let spec = listed.as_array().unwrap().iter().find(|p| p["name"] == param.name).unwrap();
            let schema = inline(&spec["schema"], "#/components/schemas/", &components);
            let decoded = percent_decode(value, param.at == operations::At::Query);
            let instance = match schema["type"].as_str() {
                Some("integer") => json!(decoded.parse::<u64>().unwrap()),
                Some("boolean") => json!(decoded == "true"),
                _ => json!(decoded),
            };
            prop_assert!(validator(&schema).is_valid(&instance), "{} {}: {:?}", op.op, param.name, decoded);
        }
    }

    /// A body broken in one field is invalid against the schema, except where the schema's
    /// description says it cannot tell (a git name's `HEAD`, `@{` or `.lock`).
    #[test]
    fn a_body_broken_in_one_field_is_invalid_or_a_documented_difference(
        (i, values) in operations::any_valid(),
        which in any::<prop::sample::Index>(),
        pick in any::<prop::sample::Index>(),
    ) {
        let ops = operations::ops();
        let op = &ops[i];
        let Some(schema) = body_schema(op.op) else { return Ok(()) };
        let in_body: Vec<usize> = (0..op.params.len()).filter(|&k| op.params[k].at == operations::At::Body).collect();
        let k = in_body[which.index(in_body.len())];
        let param = &op.params[k];
        let mut values = values;
        values[k] = pick.get(param.invalid).to_string();
        let (target, body) = operations::build(op, &values, None);
        let req = Request::new(op.op.method(), &target)
            .header("Content-Type", b"application/json")
            .body(body.as_bytes());
        // The schemas state the documented rules: strict mode (R10).
        let Some(Err(rejection)) = request::Validator::strict().validate(&req) else {
            return Err(TestCaseError::fail(format!("{target} {body}: not rejected")));
        };
        let rule = rejection.errors()[0].rule().id();
        let json: Value = serde_json::from_str(&body).unwrap();
        if validator(&schema).is_valid(&json) {
            let documented = matches!(
                (param.name, rule),
                ("tag_name" | "ref", "reserved-name" | "at-brace" | "lock-suffix")
            );
            prop_assert!(documented, "{}: schema accepts {} ({} {})", op.op, body, param.name, rule);
        }
    }

    /// Every vendor response is valid against the error schema the document gives its status.
    #[test]
    fn vendor_responses_match_the_documented_error_schemas(
        (i, values) in operations::any_valid(),
        which in any::<prop::sample::Index>(),
        pick in any::<prop::sample::Index>(),
        too_large in any::<bool>(),
    ) {
        let ops = operations::ops();
        let op = &ops[i];
        let k = which.index(op.params.len());
        let mut values = values;
        values[k] = pick.get(op.params[k].invalid).to_string();
        let (target, body) = operations::build(op, &values, None);
        let mut req = Request::new(op.op.method(), &target)
            .header("Content-Type", b"application/json")
            .body(body.as_bytes());
        if too_large && op.op.has_body() {
            req = req.body_over_limit();
        }
        // Strict mode: the generated mutations are of the documented rules (R10).
        let Some(Err(rejection)) = request::Validator::strict().validate(&req) else {
            return Err(TestCaseError::fail(format!("{target} {body}: not rejected")));
        };
        let response = rejection.to_vendor_response();
        let document = ops_schema::openapi();
        let components = components();
        let responses = &document["paths"][op.op.template()][op.op.method().to_ascii_lowercase()]["responses"];
        let documented = &responses[response.status.to_string()];
        prop_assert!(documented.is_object(), "{}: status {} not documented", op.op, response.status);
        let content = &documented["content"][response.content_type]["schema"];
        let schema = inline(content, "#/components/schemas/", &components);
        let body: Value = serde_json::from_slice(&response.body).unwrap();
        let errors: Vec<String> = validator(&schema).iter_errors(&body).map(|e| e.to_string()).collect();
        prop_assert!(errors.is_empty(), "{}: {} {:?}", op.op, body, errors);
    }
}

/// `%XX` decoding (and `+` as a space in a query), as R2 and R3 decode.
fn percent_decode(value: &str, query: bool) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            b'+' if query => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// Validation and the document read one table, but each operation's validation reads its rows
/// one by one: it must read every row, with a reader that honours the row. As the document
/// lists them: an empty body is missing exactly the required fields, a body of wrong types
/// names every field, and a query with every documented parameter twice names each, in order.
#[test]
fn validation_reads_every_row_the_document_lists() {
    for op in Operation::ALL {
        let document = ops_schema::openapi();
        let operation = &document["paths"][op.template()][op.method().to_ascii_lowercase()];
        let path_params: Vec<&str> = operation["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "path")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let query: Vec<&str> = operation["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let valid_path = match op {
            Operation::SwrCreateImageTag | Operation::SwrListImageTags => op
                .template()
                .replace("{namespace}", "g")
                .replace("{repository}", "r"),
            Operation::SwrCreateRepository => op.template().replace("{namespace}", "g"),
            Operation::CodeArtsAddTag => op.template().replace("{repository_id}", "1"),
            _ => op
                .template()
                .replace("{repository}", "org/app")
                .replace("{tag}", "v1"),
        };
        assert_eq!(
            path_params.len(),
            op.template().matches('{').count(),
            "{op}"
        );
        // Every documented query parameter twice.
        let twice: Vec<String> = query
            .iter()
            .flat_map(|q| [format!("{q}=1"), format!("{q}=1")])
            .collect();
        let target = if twice.is_empty() {
            valid_path.clone()
        } else {
            format!("{valid_path}?{}", twice.join("&"))
        };
        let names = |body: &str| -> Vec<(String, String)> {
            let req = Request::new(op.method(), &target)
                .header("Content-Type", b"application/json")
                .body(body.as_bytes());
            match request::validate(&req).expect("routed") {
                Ok(_) => Vec::new(),
                Err(r) => r
                    .errors()
                    .iter()
                    .map(|e| (e.parameter().to_string(), e.rule().id().to_string()))
                    .collect(),
            }
        };
        let errors = names("{}");
        let duplicated: Vec<&str> = errors
            .iter()
            .filter(|(_, rule)| rule == "duplicate-parameter")
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(duplicated, query, "{op}");
        let Some(body) = body_schema(op) else {
            continue;
        };
        let required: Vec<&str> = body["required"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let missing: Vec<&str> = errors
            .iter()
            .filter(|(_, rule)| rule == "missing-field")
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(missing, required, "{op}");
        let fields: Vec<&String> = body["properties"].as_object().unwrap().keys().collect();
        let wrong: String = format!(
            "{{{}}}",
            fields
                .iter()
                .map(|f| format!("\"{f}\":[[]]"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let mut wrong_types: Vec<String> = names(&wrong)
            .into_iter()
            .filter(|(_, rule)| rule == "wrong-type")
            .map(|(name, _)| name)
            .collect();
        wrong_types.sort();
        let mut fields: Vec<String> = fields.into_iter().cloned().collect();
        fields.sort();
        assert_eq!(wrong_types, fields, "{op}");
    }
}

// --- the command ---

#[test]
fn cli_prints_a_kinds_schema_and_the_openapi_document() {
    let out = cli::run(&["schema", "swr-tag"], b"");
    assert_eq!(cli::code(&out), 0, "{}", cli::stderr(&out));
    let printed: Value = serde_json::from_str(&cli::stdout(&out)).unwrap();
    assert_eq!(printed, Kind::Tag.schema().to_json_document());
    assert_eq!(printed, schemars::schema_for!(TagBuf).to_value());
    assert_eq!(printed["pattern"], "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
    // Every `--kind` value, as `registry-names kinds` lists them.
    let kinds = cli::stdout(&cli::run(&["kinds"], b""));
    for id in kinds.lines().filter_map(|line| line.split(' ').next()) {
        let kind = Kind::from_id(id).unwrap();
        let out = cli::run(&["schema", id], b"");
        let printed: Value = serde_json::from_str(&cli::stdout(&out)).unwrap();
        assert_eq!(printed, kind.schema().to_json_document(), "{id}");
    }
    let out = cli::run(&["schema", "--openapi"], b"");
    assert_eq!(cli::code(&out), 0);
    let printed: Value = serde_json::from_str(&cli::stdout(&out)).unwrap();
    assert_eq!(printed, ops_schema::openapi());
    for args in [
        &["schema"][..],
        &["schema", "nope"],
        &["schema", "swr-tag", "--openapi"],
    ] {
        let out = cli::run(args, b"");
        assert_eq!(cli::code(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert!(cli::stderr(&cli::run(&["schema", "nope"], b"")).contains("unknown kind"));
}
