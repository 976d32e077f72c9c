//! Whole requests across the operations: golden vendor bodies (R8), and proptests that a
//! generated valid request validates while a single mutated parameter yields exactly one error,
//! naming that parameter.
#![cfg(feature = "request")]

use proptest::prelude::*;
use proptest::strategy::Union;
use registry_names::request::{self, Location, Operation, Request, VendorOptions};
use serde_json::{json, Value};

const JSON: &[u8] = b"application/json";

fn rejection(method: &str, target: &str, body: &str) -> request::Rejection {
    let req = Request::new(method, target)
        .header("Content-Type", JSON)
        .body(body.as_bytes());
    request::validate(&req)
        .expect("routed")
        .expect_err("rejected")
}

fn fields(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("the vendor body is JSON")
}

// --- golden vendor bodies ---

#[test]
fn golden_swr_body() {
    let r = rejection(
        "GET",
        "/v3/manage/namespaces/my._org/repos/nginx/tags?limit=1001&with_manifest=yes",
        "",
    );
    let response = r.to_vendor_response();
    assert_eq!(
        (response.status, response.content_type),
        (400, "application/json")
    );
    let expected = json!([
        {
            "errorCode": "SVCSTG.SWR.4001028",
            "errorMessage": "invalid SWR namespace \"my._org\": '.' and '_' cannot be adjacent (byte 3)",
            "detail": "path parameter namespace: adjacent-separators (byte 3)",
        },
        {
            "errorCode": "SVCSTG.SWR.4000056",
            "errorMessage": "limit must be from 1 to 1000, not \"1001\"",
            "detail": "query parameter limit: out-of-range (byte 0)",
        },
        {
            "errorCode": "SVCSTG.SWR.4001025",
            "errorMessage": "with_manifest must be exactly true or false, not \"yes\"",
            "detail": "query parameter with_manifest: not-a-boolean (byte 0)",
        },
    ]);
    let body = fields(&response.body);
    assert_eq!(body.as_array().unwrap().len(), 3);
    for (got, want) in body
        .as_array()
        .unwrap()
        .iter()
        .zip(expected.as_array().unwrap())
    {
        for field in ["errorCode", "errorMessage", "detail"] {
            assert_eq!(got[field], want[field], "{field}");
        }
        assert_eq!(got.as_object().unwrap().len(), 3);
    }
}

#[test]
fn golden_swr_body_codes_for_the_body() {
    let r = rejection(
        "POST",
        "/v2/manage/namespaces/group/repos",
        r#"{"repository":"a//b","is_public":"yes","category":"x"}"#,
    );
    let body = fields(&r.to_vendor_response().body);
    let codes: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["errorCode"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "SVCSTG.SWR.4001029",
            "SVCSTG.SWR.4001009",
            "SVCSTG.SWR.4000014"
        ]
    );
    let r = rejection("POST", "/v2/manage/namespaces/group/repos", "[]");
    let body = fields(&r.to_vendor_response().body);
    assert_eq!(body[0]["errorCode"], "SVCSTG.SWR.4001018");
    assert_eq!(
        body[0]["errorMessage"],
        "the body must be a JSON object, not an array"
    );
    let r = rejection(
        "POST",
        "/v2/manage/namespaces/group/repos",
        r#"{"is_public":true}"#,
    );
    let body = fields(&r.to_vendor_response().body);
    assert_eq!(body[0]["errorCode"], "SVCSTG.SWR.4001014");
    assert_eq!(
        body[0]["errorMessage"],
        "required field repository is missing"
    );
}

#[test]
fn golden_codearts_body() {
    let r = rejection(
        "POST",
        "/v2/repositories/0/tags",
        r#"{"tag_name":"HEAD","ref":"main"}"#,
    );
    let response = r.to_vendor_response();
    assert_eq!(
        (response.status, response.content_type),
        (400, "application/json")
    );
    let body = fields(&response.body);
    assert_eq!(body.as_object().unwrap().len(), 2);
    assert_eq!(body["status"], "failed");
    assert_eq!(body["error"].as_object().unwrap().len(), 2);
    assert_eq!(body["error"]["code"], "CH.010001");
    assert_eq!(
        body["error"]["message"],
        "repository_id: repository_id must be from 1 to 2147483647, not \"0\"; \
         tag_name: invalid git tag name \"HEAD\": 'HEAD' is reserved (byte 0)"
    );
}

#[test]
fn golden_quay_body() {
    let r = rejection(
        "POST",
        "/api/v1/repository/org/app/tag/.v1/restore",
        r#"{"manifest_digest":"sha256:ABC"}"#,
    );
    let response = r.to_vendor_response_with(&VendorOptions {
        quay_type_base: "https://quay.example.com",
    });
    assert_eq!(
        (response.status, response.content_type),
        (400, "application/json")
    );
    let message = "tag: invalid image tag \".v1\": must start with a letter, digit or '_', not '.' (byte 0); \
                   manifest_digest: invalid OCI digest \"sha256:ABC\": hex digits must be lowercase, not 'A' (byte 7)";
    let expected = json!({
        "status": 400,
        "error_message": message,
        "title": "invalid_request",
        "error_type": "invalid_request",
        "detail": message,
        "type": "https://quay.example.com/api/v1/error/invalid_request",
    });
    let body = fields(&response.body);
    assert_eq!(
        body.as_object().unwrap().len(),
        expected.as_object().unwrap().len()
    );
    for (field, want) in expected.as_object().unwrap() {
        assert_eq!(&body[field], want, "{field}");
    }
}

// --- proptests ---

/// Where a generated parameter goes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum At {
    Path,
    Query,
    Body,
}

/// One parameter of an operation: how to generate a valid raw piece (path segment, query value,
/// or JSON text) and raw pieces that break exactly this parameter.
struct Param {
    at: At,
    name: &'static str,
    valid: BoxedStrategy<String>,
    invalid: &'static [&'static str],
}

struct Op {
    op: Operation,
    /// The template with `{}` for each path parameter, in order.
    path: &'static str,
    params: Vec<Param>,
}

fn p(
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

fn re(pattern: &str) -> BoxedStrategy<String> {
    proptest::string::string_regex(pattern).unwrap().boxed()
}

fn quoted(s: BoxedStrategy<String>) -> BoxedStrategy<String> {
    s.prop_map(|s| serde_json::to_string(&s).unwrap()).boxed()
}

fn int(lo: u64, hi: u64) -> BoxedStrategy<String> {
    (lo..=hi).prop_map(|n| n.to_string()).boxed()
}

fn boolean() -> BoxedStrategy<String> {
    any::<bool>().prop_map(|b| b.to_string()).boxed()
}

/// Every byte as `%XX`: the decoded value is the text itself.
fn all_escaped(s: BoxedStrategy<String>) -> BoxedStrategy<String> {
    s.prop_map(|s| s.bytes().map(|b| format!("%{b:02X}")).collect())
        .boxed()
}

const SWR_NS: &str = "[a-z][a-z0-9]{0,8}(([._]|__|-{1,3})[a-z0-9]{1,8}){0,3}";
const SWR_COMPONENT: &str = "[a-z0-9]{1,8}(([._]|__|-{1,2})[a-z0-9]{1,6}){0,2}";
const TAG: &str = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}";
const QUAY_REPO: &str = "[a-z0-9]{2,8}([._-][a-z0-9]{1,5}){0,2}/[a-z0-9][a-z0-9._-]{0,10}(/[a-z0-9][a-z0-9._-]{0,5}){0,2}";
const GIT_NAME: &str = "[a-z0-9_][a-zA-Z0-9_-]{0,10}(/[a-zA-Z0-9_][a-zA-Z0-9_-]{0,10}){0,2}";

fn swr_path_repository() -> BoxedStrategy<String> {
    (
        prop::collection::vec(re(SWR_COMPONENT), 1..4),
        any::<bool>(),
    )
        .prop_map(|(parts, escaped)| parts.join(if escaped { "%24" } else { "$" }))
        .boxed()
}

fn digest() -> BoxedStrategy<String> {
    quoted(re("sha256:[a-f0-9]{64}"))
}

fn ops() -> Vec<Op> {
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
                    prop_oneof![Just("null".to_string()), int(0, (1 << 53) - 1)].boxed(),
                    &["-1", "1.5", "\"1\"", "9007199254740992", "1e3"],
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
fn build(op: &Op, values: &[String], twice: Option<usize>) -> (String, String) {
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

fn values(op: &Op) -> impl Strategy<Value = Vec<String>> {
    op.params
        .iter()
        .map(|p| p.valid.clone())
        .collect::<Vec<_>>()
}

fn location(at: At) -> Location {
    match at {
        At::Path => Location::Path,
        At::Query => Location::Query,
        At::Body => Location::Body,
    }
}

/// An operation (by index) with valid values for all its parameters.
fn any_valid() -> impl Strategy<Value = (usize, Vec<String>)> {
    let ops = ops();
    Union::new(
        ops.iter()
            .enumerate()
            .map(|(i, op)| values(op).prop_map(move |v| (i, v)).boxed())
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_generated_valid_request_validates((i, values) in any_valid()) {
        let ops = ops();
        let op = &ops[i];
        let (target, body) = build(op, &values, None);
        let req = Request::new(op.op.method(), &target).header("Content-Type", JSON).body(body.as_bytes());
        match request::validate(&req) {
            None => prop_assert!(false, "no route for {}", target),
            Some(Err(r)) => prop_assert!(false, "{} {}: {}", target, body, r),
            Some(Ok(valid)) => prop_assert_eq!(valid.operation(), op.op),
        }
    }

    #[test]
    fn one_mutated_parameter_gives_one_error_naming_it(
        (i, values) in any_valid(),
        which in any::<prop::sample::Index>(),
        pick in any::<prop::sample::Index>(),
        duplicate in any::<bool>(),
    ) {
        let ops = ops();
        let op = &ops[i];
        let k = which.index(op.params.len());
        let param = &op.params[k];
        let mut values = values;
        // Duplicating a query or body parameter is a mutation too; a path one cannot be.
        let twice = duplicate && param.at != At::Path;
        if !twice {
            values[k] = pick.get(param.invalid).to_string();
        }
        let (target, body) = build(op, &values, twice.then_some(k));
        let req = Request::new(op.op.method(), &target).header("Content-Type", JSON).body(body.as_bytes());
        let Some(result) = request::validate(&req) else {
            return Err(TestCaseError::fail(format!("no route for {target}")));
        };
        let Err(rejection) = result else {
            return Err(TestCaseError::fail(format!("{target} {body}: accepted")));
        };
        prop_assert_eq!(rejection.operation(), op.op);
        let errors = rejection.errors();
        prop_assert_eq!(errors.len(), 1, "{} {}: {}", target, body, rejection);
        prop_assert_eq!(errors[0].parameter(), param.name);
        prop_assert_eq!(errors[0].location(), location(param.at));
        if twice {
            let rule = if param.at == At::Query { "duplicate-parameter" } else { "duplicate-field" };
            prop_assert_eq!(errors[0].rule().id(), rule);
        }
        prop_assert!(errors[0].message().len() <= 300);
    }
}
