//! The eight operations as generators for the request tests: how to build a valid raw value
//! for each parameter (path segment, query value or JSON text), raw values that break exactly
//! that parameter, and whole requests from them. Shared by `tests/requests.rs` and
//! `tests/schema.rs` (whose body schemas must accept the same valid bodies). Include it with
//! `#[path = "support/operations.rs"] mod operations;`.
#![allow(dead_code)] // each test file uses the part it needs

use proptest::prelude::*;
use proptest::strategy::Union;
use registry_names::request::{Location, Operation};

/// Where a generated parameter goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum At {
    Path,
    Query,
    Body,
}

/// One parameter of an operation: how to generate a valid raw piece (path segment, query value,
/// or JSON text) and raw pieces that break exactly this parameter.
pub struct Param {
    pub at: At,
    pub name: &'static str,
    pub valid: BoxedStrategy<String>,
    pub invalid: &'static [&'static str],
}

pub struct Op {
    pub op: Operation,
    /// The template with `{}` for each path parameter, in order.
    pub path: &'static str,
    pub params: Vec<Param>,
}

pub fn p(
    at: At,
    name: &'static str,
    valid: BoxedStrategy<String>,
    invalid: &'static [&'static str],
) -> Param {
    Param {
        at,
        name,
        valid,
        invalid,
    }
}

pub fn re(pattern: &str) -> BoxedStrategy<String> {
    proptest::string::string_regex(pattern).unwrap().boxed()
}

pub fn quoted(s: BoxedStrategy<String>) -> BoxedStrategy<String> {
    s.prop_map(|s| serde_json::to_string(&s).unwrap()).boxed()
}

pub fn int(lo: u64, hi: u64) -> BoxedStrategy<String> {
    (lo..=hi).prop_map(|n| n.to_string()).boxed()
}

pub fn boolean() -> BoxedStrategy<String> {
    any::<bool>().prop_map(|b| b.to_string()).boxed()
}

/// Every byte as `%XX`: the decoded value is the text itself.
pub fn all_escaped(s: BoxedStrategy<String>) -> BoxedStrategy<String> {
    s.prop_map(|s| s.bytes().map(|b| format!("%{b:02X}")).collect())
        .boxed()
}

pub const SWR_NS: &str = "[a-z][a-z0-9]{0,8}(([._]|__|-{1,3})[a-z0-9]{1,8}){0,3}";
pub const SWR_COMPONENT: &str = "[a-z0-9]{1,8}(([._]|__|-{1,2})[a-z0-9]{1,6}){0,2}";
pub const TAG: &str = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}";
pub const QUAY_REPO: &str = "[a-z0-9]{2,8}([._-][a-z0-9]{1,5}){0,2}/[a-z0-9][a-z0-9._-]{0,10}(/[a-z0-9][a-z0-9._-]{0,5}){0,2}";
pub const GIT_NAME: &str = "[a-z0-9_][a-zA-Z0-9_-]{0,10}(/[a-zA-Z0-9_][a-zA-Z0-9_-]{0,10}){0,2}";

pub fn swr_path_repository() -> BoxedStrategy<String> {
    (
        prop::collection::vec(re(SWR_COMPONENT), 1..4),
        any::<bool>(),
    )
        .prop_map(|(parts, escaped)| parts.join(if escaped { "%24" } else { "$" }))
        .boxed()
}

pub fn digest() -> BoxedStrategy<String> {
    quoted(re("sha256:[a-f0-9]{64}"))
}

pub fn ops() -> Vec<Op> {
    vec![
        Op {
            op: Operation::SwrCreateImageTag,
            path: "/v2/manage/namespaces/{}/repos/{}/tags",
            params: vec![
                p(
                    At::Path,
                    "namespace",
                    re(SWR_NS),
                    &["1org", "my._org", "My", "a%zz", ""],
                ),
                p(
                    At::Path,
                    "repository",
                    swr_path_repository(),
                    &["a/b", "a%2Fb", "A", "a$$b", "%FF", ""],
                ),
                p(
                    At::Body,
                    "source_tag",
                    quoted(re(TAG)),
                    &["\"-rc\"", "\".x\"", "1", "null", "\"a b\""],
                ),
                p(
                    At::Body,
                    "destination_tag",
                    quoted(re(TAG)),
                    &["\"v1/2\"", "[]", "null"],
                ),
                p(At::Body, "override", boolean(), &["\"true\"", "1", "{}"]),
            ],
        },
        Op {
            op: Operation::SwrListImageTags,
            path: "/v3/manage/namespaces/{}/repos/{}/tags",
            params: vec![
                p(At::Path, "namespace", re(SWR_NS), &["org_", "a___b", "%4"]),
                p(
                    At::Path,
                    "repository",
                    swr_path_repository(),
                    &["a/b", "$a", "a%2F"],
                ),
                p(
                    At::Query,
                    "limit",
                    int(1, 1000),
                    &["0", "1001", "01", "x", "", "-1", "10000000000"],
                ),
                p(
                    At::Query,
                    "marker",
                    all_escaped(re("[!-~]{1,40}")),
                    &["", "a%20b", "%7F", "%zz"],
                ),
                p(
                    At::Query,
                    "tag",
                    re("[A-Za-z0-9_.-]{1,40}"),
                    &["", "a%2Fb", "a+b"],
                ),
                p(At::Query, "with_manifest", boolean(), &["TRUE", "1", ""]),
            ],
        },
        Op {
            op: Operation::SwrCreateRepository,
            path: "/v2/manage/namespaces/{}/repos",
            params: vec![
                p(At::Path, "namespace", re(SWR_NS), &["-a", "a%2Fb"]),
                p(
                    At::Body,
                    "repository",
                    quoted(
                        (
                            prop::collection::vec(re(SWR_COMPONENT), 1..4),
                            any::<bool>(),
                        )
                            .prop_map(|(parts, path)| parts.join(if path { "$" } else { "/" }))
                            .boxed(),
                    ),
                    &["\"a//b\"", "\"a$b/c\"", "5", "null", "\"\""],
                ),
                p(At::Body, "is_public", boolean(), &["\"true\"", "null", "0"]),
                p(
                    At::Body,
                    "category",
                    quoted(
                        prop::sample::select(vec![
                            "app_server",
                            "linux",
                            "framework_app",
                            "database",
                            "lang",
                            "other",
                            "windows",
                            "arm",
                        ])
                        .prop_map(String::from)
                        .boxed(),
                    ),
                    &["\"Linux\"", "\"x\"", "1", "\"\""],
                ),
                p(
                    At::Body,
                    "description",
                    quoted(any::<String>().boxed()),
                    &["1", "true", "[\"x\"]"],
                ),
            ],
        },
        Op {
            op: Operation::CodeArtsAddTag,
            path: "/v2/repositories/{}/tags",
            params: vec![
                p(
                    At::Path,
                    "repository_id",
                    int(1, 2_147_483_647),
                    &["0", "2147483648", "-1", "abc", "%zz", ""],
                ),
                p(
                    At::Body,
                    "tag_name",
                    quoted(re(GIT_NAME)),
                    &["\"HEAD\"", "\"-x\"", "\"a..b\"", "null", "\"a.lock\""],
                ),
                p(
                    At::Body,
                    "ref",
                    quoted(re(GIT_NAME)),
                    &["\"x y\"", "{}", "\"a/\"", "\"a~b\""],
                ),
                p(
                    At::Body,
                    "message",
                    quoted(any::<String>().boxed()),
                    &["1", "[]"],
                ),
            ],
        },
        Op {
            op: Operation::QuayRestoreTag,
            path: "/api/v1/repository/{}/tag/{}/restore",
            params: vec![
                p(
                    At::Path,
                    "repository",
                    re(QUAY_REPO),
                    &["o/app", "org", "Org/app", "org//x", "org/.x"],
                ),
                p(At::Path, "tag", re(TAG), &["-x", "a%2Fb", "%24", ""]),
                p(
                    At::Body,
                    "manifest_digest",
                    digest(),
                    &["\"sha256:abc\"", "\"x\"", "null", "1"],
                ),
            ],
        },
        Op {
            op: Operation::QuayChangeTag,
            path: "/api/v1/repository/{}/tag/{}",
            params: vec![
                p(At::Path, "repository", re(QUAY_REPO), &["a/b", "org/x%2F"]),
                p(At::Path, "tag", re(TAG), &[".x", "%C3%A9"]),
                p(
                    At::Body,
                    "manifest_digest",
                    digest(),
                    &["\"sha256:ABC\"", "5"],
                ),
                p(
                    At::Body,
                    "expiration",
                    // Any JSON number in range (R6 as corrected on 2026-12-07), fractions too.
                    prop_oneof![
                        Just("null".to_string()),
                        int(0, (1 << 53) - 1),
                        (0u32..=2_000_000_000, 1u32..1000).prop_map(|(s, f)| format!("{s}.{f:03}")),
                        Just("1e3".to_string()),
                    ]
                    .boxed(),
                    &["-1", "-0.5", "\"1\"", "9007199254740992", "1e16", "true"],
                ),
            ],
        },
        Op {
            op: Operation::QuayDeleteTag,
            path: "/api/v1/repository/{}/tag/{}",
            params: vec![
                p(At::Path, "repository", re(QUAY_REPO), &["org/", "o_/x"]),
                p(At::Path, "tag", re(TAG), &["a%", "a+b"]),
            ],
        },
        Op {
            op: Operation::QuayListTags,
            path: "/api/v1/repository/{}/tag/",
            params: vec![
                p(
                    At::Path,
                    "repository",
                    re(QUAY_REPO),
                    &["org/A", "%2Forg/x"],
                ),
                p(At::Query, "onlyActiveTags", boolean(), &["yes", "False"]),
                p(
                    At::Query,
                    "page",
                    int(1, 2_147_483_647),
                    &["0", "2147483648", "1.0"],
                ),
                p(At::Query, "limit", int(1, 100), &["101", "0", "+5"]),
                p(
                    At::Query,
                    "filter_tag_name",
                    prop_oneof![
                        re("like:[A-Za-z0-9_.-]{0,20}(%25)?"),
                        re(TAG).prop_map(|t| format!("eq:{t}")),
                    ]
                    .boxed(),
                    &["v1", "ne:v1", "like:a%20b", "eq:", "LIKE:v1"],
                ),
                p(At::Query, "specificTag", re(TAG), &[".x", ""]),
            ],
        },
    ]
}

/// Method, target and body of `op` with `values` (one raw piece per parameter); `extra` adds
/// a second copy of the named parameter.
pub fn build(op: &Op, values: &[String], twice: Option<usize>) -> (String, String) {
    let mut target = String::new();
    let mut pieces = op.path.split("{}");
    target.push_str(pieces.next().unwrap());
    let mut query = Vec::new();
    let mut body = Vec::new();
    for (i, (param, value)) in op.params.iter().zip(values).enumerate() {
        let copies = if twice == Some(i) { 2 } else { 1 };
        for _ in 0..copies {
            match param.at {
                At::Query => query.push(format!("{}={value}", param.name)),
                At::Body => body.push(format!("\"{}\":{value}", param.name)),
                At::Path => {}
            }
        }
        if param.at == At::Path {
            target.push_str(value);
            target.push_str(pieces.next().unwrap());
        }
    }
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query.join("&"));
    }
    let body = if op.op.has_body() {
        format!("{{{}}}", body.join(","))
    } else {
        String::new()
    };
    (target, body)
}

pub fn values(op: &Op) -> impl Strategy<Value = Vec<String>> {
    op.params
        .iter()
        .map(|p| p.valid.clone())
        .collect::<Vec<_>>()
}

pub fn location(at: At) -> Location {
    match at {
        At::Path => Location::Path,
        At::Query => Location::Query,
        At::Body => Location::Body,
    }
}

/// An operation (by index) with valid values for all its parameters.
pub fn any_valid() -> impl Strategy<Value = (usize, Vec<String>)> {
    let ops = ops();
    Union::new(
        ops.iter()
            .enumerate()
            .map(|(i, op)| values(op).prop_map(move |v| (i, v)).boxed())
            .collect::<Vec<_>>(),
    )
}
