//! A valid request is validated without touching the heap, beyond decoding what is escaped
//! (`%XX` in the target, `\` escapes in JSON strings): R9's "allocates nothing beyond parsing
//! the JSON body", pinned with a counting allocator (as in `tests/no_alloc.rs`).
#![cfg(feature = "request")]

use registry_names::request::{self, Request};

#[path = "support/counting.rs"]
mod counting;
use counting::allocations_during;

const SHA: &str = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

/// Valid requests of every operation with nothing escaped: method, target, body.
fn unescaped() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "POST",
            "/v2/manage/namespaces/group/repos/library$nginx/tags",
            r#"{"source_tag":"v1","destination_tag":"v2","override":true,"unknown":[1,"x"]}"#.into(),
        ),
        (
            "GET",
            "/v3/manage/namespaces/group/repos/library$nginx/tags?limit=5&marker=abc&tag=v1&with_manifest=false&x=y",
            String::new(),
        ),
        (
            "POST",
            "/v2/manage/namespaces/group/repos",
            r#"{"repository":"library/nginx","is_public":false,"category":"lang","description":"d"}"#.into(),
        ),
        (
            "POST",
            "/v2/repositories/42/tags",
            r#"{"tag_name":"v1.0","ref":"feature/x","message":"m"}"#.into(),
        ),
        (
            "POST",
            "/api/v1/repository/org/app/tag/v1/restore",
            format!(r#"{{"manifest_digest":"{SHA}"}}"#),
        ),
        (
            "PUT",
            "/api/v1/repository/org/team/app/tag/v1",
            format!(r#"{{"manifest_digest":"{SHA}","expiration":null}}"#),
        ),
        ("DELETE", "/api/v1/repository/org/app/tag/v1", String::new()),
        (
            "GET",
            "/api/v1/repository/org/app/tag/?onlyActiveTags=true&page=3&limit=10&filter_tag_name=eq:v1&specificTag=v1",
            String::new(),
        ),
    ]
}

#[test]
fn valid_requests_without_escapes_allocate_nothing() {
    let cases = unescaped();
    for (method, target, body) in &cases {
        let req = Request::new(method, target)
            .header("Content-Type", b"application/json; charset=utf-8")
            .body(body.as_bytes());
        // Warm up anything lazily initialised, then count.
        assert!(request::validate(&req).unwrap().is_ok(), "{target}");
        let n = allocations_during(|| {
            let verdict = request::validate(&req);
            assert!(matches!(verdict, Some(Ok(_))));
        });
        assert_eq!(n, 0, "{method} {target}: {n} allocations");
    }
}

fn count(method: &str, target: &str, body: &str) -> usize {
    let req = Request::new(method, target)
        .header("Content-Type", b"application/json")
        .body(body.as_bytes());
    allocations_during(|| assert!(matches!(request::validate(&req), Some(Ok(_)))))
}

#[test]
fn escapes_cost_only_their_decoding() {
    let plain = r#"{"source_tag":"v1","destination_tag":"v2"}"#;
    let escaped = r#"{"source_tag":"v\u0031","destination_tag":"v2"}"#;
    let encoded = "/v2/manage/namespaces/group/repos/library%24nginx/tags";
    let unencoded = "/v2/manage/namespaces/group/repos/library$nginx/tags";
    assert_eq!(count("POST", unencoded, plain), 0);
    // A percent-decoded segment: its one buffer.
    assert_eq!(count("POST", encoded, plain), 1);
    // A JSON string with an escape: serde_json's scratch buffer and the decoded String.
    assert_eq!(count("POST", unencoded, escaped), 2);
    assert_eq!(count("POST", encoded, escaped), 3);
    // An unknown field holding nested containers: serde_json's stack of open containers while
    // it skips them (part of parsing the body, R9).
    let nested = r#"{"source_tag":"v1","destination_tag":"v2","x":[[{"a":[1]}]]}"#;
    assert_eq!(count("POST", unencoded, nested), 1);
}

#[test]
fn the_counter_sees_allocations() {
    // A rejection builds messages: the counter must notice, or the tests above prove nothing.
    let req = Request::new("DELETE", "/api/v1/repository/org/app/tag/-x");
    let n = allocations_during(|| assert!(matches!(request::validate(&req), Some(Err(_)))));
    assert!(n > 0);
}
