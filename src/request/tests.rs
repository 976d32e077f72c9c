//! Each operation's R6 parameters at their bounds, routing (R2) and R7's order, in strict mode
//! (R3 and R6 as documented); compatible mode's readings (R10) are in `tests_modes.rs`.

use super::*;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

const JSON: &[u8] = b"application/json";
const SHA: &str = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

/// `(location, parameter, rule, offset)` of each error.
type Found = Vec<(&'static str, &'static str, &'static str, usize)>;

fn run<'a>(
    method: &'a str,
    target: &'a str,
    ct: Option<&'a [u8]>,
    body: &'a str,
) -> Result<Valid<'a>, Found> {
    let mut req = Request::new(method, target).body(body.as_bytes());
    if let Some(ct) = ct {
        req = req.header("Content-Type", ct);
    }
    match Validator::strict().validate(&req) {
        None => panic!("{method} {target}: no route"),
        Some(Ok(valid)) => Ok(valid),
        Some(Err(rejection)) => {
            assert!(!rejection.errors().is_empty());
            for e in rejection.errors() {
                assert!(e.message().len() < 400, "{}", e.message());
            }
            Err(rejection
                .errors()
                .iter()
                .map(|e| (e.location().id(), e.parameter(), e.rule().id(), e.offset()))
                .collect())
        }
    }
}

fn rejects(method: &str, target: &str, ct: Option<&[u8]>, body: &str) -> Found {
    match run(method, target, ct, body) {
        Ok(v) => panic!("{method} {target} {body}: accepted as {v:?}"),
        Err(found) => found,
    }
}

fn one(
    method: &str,
    target: &str,
    ct: Option<&[u8]>,
    body: &str,
) -> (&'static str, &'static str, &'static str, usize) {
    let found = rejects(method, target, ct, body);
    assert_eq!(found.len(), 1, "{method} {target} {body}: {found:?}");
    found[0]
}

// --- R1, R2 ---

#[test]
fn operation_ids_round_trip() {
    for op in Operation::ALL {
        assert_eq!(op.id().parse::<Operation>(), Ok(op));
        assert_eq!(op.to_string(), op.id());
    }
    assert_eq!("swr.nope".parse::<Operation>(), Err(UnknownOperation));
}

#[test]
fn routes_every_template_and_nothing_else() {
    let cases = [
        (
            "POST",
            "/v2/manage/namespaces/g/repos/r/tags",
            Some(Operation::SwrCreateImageTag),
        ),
        (
            "GET",
            "/v3/manage/namespaces/g/repos/r/tags?limit=1",
            Some(Operation::SwrListImageTags),
        ),
        (
            "POST",
            "/v2/manage/namespaces/g/repos",
            Some(Operation::SwrCreateRepository),
        ),
        (
            "POST",
            "/v2/repositories/1/tags",
            Some(Operation::CodeArtsAddTag),
        ),
        (
            "POST",
            "/api/v1/repository/o/a/tag/t/restore",
            Some(Operation::QuayRestoreTag),
        ),
        (
            "PUT",
            "/api/v1/repository/o/a/tag/t",
            Some(Operation::QuayChangeTag),
        ),
        (
            "DELETE",
            "/api/v1/repository/o/a/tag/t",
            Some(Operation::QuayDeleteTag),
        ),
        (
            "GET",
            "/api/v1/repository/o/a/tag/",
            Some(Operation::QuayListTags),
        ),
        ("GET", "/v2/_catalog", None),
        ("GET", "/v2/manage/namespaces/g/repos/r/tags", None),
        ("POST", "/v2/manage/namespaces/g/repos/", None),
        ("POST", "/v2/manage/namespaces/g/repos/r/tags/", None),
        ("POST", "/v2/manage/namespaces/g/repos/tags", None),
        ("post", "/v2/manage/namespaces/g/repos", None),
        ("POST", "/v2/repositories/1/2/tags", None),
        ("GET", "/api/v1/repository/o/a/tag/t", None),
        ("GET", "/api/v1/repository/o/a/tag", None),
        ("PATCH", "/api/v1/repository/o/a/tag/t", None),
        ("POST", "/api/v1/repository/o/a/tag/t", None),
        ("POST", "//v2/manage/namespaces/g/repos", None),
    ];
    for (method, target, expected) in cases {
        assert_eq!(
            route(method, target).map(|r| r.operation()),
            expected,
            "{method} {target}"
        );
    }
}

#[test]
fn quay_repository_runs_to_the_last_tag_segment() {
    let r = route("POST", "/api/v1/repository/org/tag/app/tag/v1/restore").unwrap();
    assert_eq!(r.params(), ["org/tag/app", "v1"]);
    let r = route("GET", "/api/v1/repository/org/tag/app/tag/").unwrap();
    assert_eq!(r.params(), ["org/tag/app"]);
    let r = route("DELETE", "/api/v1/repository/org/app/tag/a/b").unwrap();
    assert_eq!(r.params(), ["org/app", "a/b"]);
}

#[test]
fn swr_repository_runs_to_the_final_tags() {
    let r = route("POST", "/v2/manage/namespaces/g/repos/a/tags/b/tags?x").unwrap();
    assert_eq!((r.params(), r.query()), (&["g", "a/tags/b"][..], Some("x")));
}

// --- swr.create-image-tag ---

const SWR_TAGS: &str = "/v2/manage/namespaces/group/repos/library%24nginx/tags";
const TAG_BODY: &str = r#"{"source_tag":"v1","destination_tag":"v1-stable"}"#;

#[test]
fn create_image_tag_valid() {
    let Ok(Valid::SwrCreateImageTag(v)) = run("POST", SWR_TAGS, Some(JSON), TAG_BODY) else {
        panic!()
    };
    assert_eq!(v.namespace(), "group");
    assert_eq!(v.repository().name(), "library/nginx");
    assert_eq!(
        (v.source_tag().as_str(), v.destination_tag().as_str()),
        ("v1", "v1-stable")
    );
    assert_eq!(v.override_existing(), None);
    let body = r#"{"source_tag":"v\u0031","destination_tag":"x","override":true,"extra":[1]}"#;
    let target = "/v2/manage/namespaces/group/repos/library$nginx/tags";
    let Ok(Valid::SwrCreateImageTag(v)) = run(
        "POST",
        target,
        Some(b"Application/JSON; charset=UTF-8"),
        body,
    ) else {
        panic!()
    };
    assert_eq!(
        (v.source_tag().as_str(), v.override_existing()),
        ("v1", Some(true))
    );
    // `null` for the optional field is absent.
    let body = r#"{"source_tag":"a","destination_tag":"b","override":null}"#;
    let Ok(Valid::SwrCreateImageTag(v)) = run("POST", SWR_TAGS, Some(JSON), body) else {
        panic!()
    };
    assert_eq!(v.override_existing(), None);
}

#[test]
fn create_image_tag_path_rules() {
    let t = |repo: &str| format!("/v2/manage/namespaces/group/repos/{repo}/tags");
    assert_eq!(
        one("POST", &t("library/nginx"), Some(JSON), TAG_BODY),
        ("path", "repository", "slash-in-path-form", 7)
    );
    assert_eq!(
        one("POST", &t("library%2Fnginx"), Some(JSON), TAG_BODY),
        ("path", "repository", "slash-in-path-form", 7)
    );
    assert_eq!(
        one("POST", &t("library%2"), Some(JSON), TAG_BODY),
        ("path", "repository", "invalid-percent-encoding", 7)
    );
    assert_eq!(
        one("POST", &t("a%FF"), Some(JSON), TAG_BODY),
        ("path", "repository", "invalid-percent-encoding", 1)
    );
    assert_eq!(
        one("POST", &t(""), Some(JSON), TAG_BODY),
        ("path", "repository", "empty", 0)
    );
    assert_eq!(
        one("POST", &t(&"a".repeat(129)), Some(JSON), TAG_BODY),
        ("path", "repository", "too-long", 128)
    );
    assert!(run("POST", &t(&"a".repeat(128)), Some(JSON), TAG_BODY).is_ok());
    assert_eq!(
        one(
            "POST",
            "/v2/manage/namespaces/My-org/repos/nginx/tags",
            Some(JSON),
            TAG_BODY
        ),
        ("path", "namespace", "invalid-start", 0)
    );
    assert_eq!(
        one(
            "POST",
            "/v2/manage/namespaces/my%2eorg%5F/repos/nginx/tags",
            Some(JSON),
            TAG_BODY
        ),
        ("path", "namespace", "trailing-separator", 6)
    );
}

#[test]
fn create_image_tag_body_rules() {
    let r = |body: &str| one("POST", SWR_TAGS, Some(JSON), body);
    assert_eq!(
        r(r#"{"destination_tag":"b"}"#),
        ("body", "source_tag", "missing-field", 0)
    );
    assert_eq!(
        r(r#"{"source_tag":null,"destination_tag":"b"}"#),
        ("body", "source_tag", "missing-field", 0)
    );
    assert_eq!(
        r(r#"{"source_tag":1,"destination_tag":"b"}"#),
        ("body", "source_tag", "wrong-type", 0)
    );
    assert_eq!(
        r(r#"{"source_tag":"a","source_tag":"a","destination_tag":"b"}"#),
        ("body", "source_tag", "duplicate-field", 0)
    );
    assert_eq!(
        r(r#"{"source_tag":"a","destination_tag":"-b"}"#),
        ("body", "destination_tag", "invalid-start", 0)
    );
    assert_eq!(
        r(r#"{"source_tag":"a","destination_tag":"b\n"}"#),
        ("body", "destination_tag", "invalid-character", 1)
    );
    assert_eq!(
        r(r#"{"source_tag":"a","destination_tag":"b","override":"true"}"#),
        ("body", "override", "wrong-type", 0)
    );
    assert_eq!(
        r(r#"{"source_tag":"a","destination_tag":"\ud800"}"#).2,
        "invalid-json"
    );
    assert_eq!(
        r(r#"{"source_tag":"a","destination_tag":"b""#),
        ("body", "body", "invalid-json", 39)
    );
    assert_eq!(r(r#"["a"]"#), ("body", "body", "wrong-type", 0));
    assert_eq!(r(""), ("body", "body", "invalid-json", 0));
    let long = format!(
        r#"{{"source_tag":"a","destination_tag":"{}"}}"#,
        "b".repeat(129)
    );
    assert_eq!(r(&long), ("body", "destination_tag", "too-long", 128));
}

#[test]
fn content_type_is_required_json_utf8() {
    let r = |ct: Option<&[u8]>| run("POST", SWR_TAGS, ct, TAG_BODY).map(|_| ());
    for ok in [
        &b"application/json"[..],
        b"APPLICATION/JSON",
        b" application/json ; charset=\"utf-8\"",
        b"application/json;v=1",
    ] {
        assert_eq!(r(Some(ok)), Ok(()), "{:?}", std::str::from_utf8(ok));
    }
    assert_eq!(
        r(None),
        Err(vec![(
            "header",
            "Content-Type",
            "unsupported-media-type",
            0
        )])
    );
    assert_eq!(
        r(Some(b"text/plain")),
        Err(vec![(
            "header",
            "Content-Type",
            "unsupported-media-type",
            0
        )])
    );
    assert_eq!(
        r(Some(b"application/json; charset=latin1")),
        Err(vec![(
            "header",
            "Content-Type",
            "unsupported-media-type",
            26
        )])
    );
    // Offsets skip the spaces and tabs before the media type, and count every parameter.
    let offset = |ct: &[u8]| r(Some(ct)).unwrap_err()[0].3;
    assert_eq!(offset(b"  text/plain"), 2);
    assert_eq!(offset(b"\t text/plain"), 2);
    assert_eq!(offset(b"application/json; v=1; charset=latin1"), 31);
    let twice = Request::new("POST", SWR_TAGS)
        .header("content-type", JSON)
        .header("Content-Type", JSON)
        .body(TAG_BODY.as_bytes());
    assert_eq!(
        validate(&twice).unwrap().unwrap_err().errors()[0].rule(),
        Reason::UnsupportedMediaType
    );
}

/// `header_is` is `eq_ignore_ascii_case` with a lowercase name: every byte value at every
/// position of both names, so each letter's other case and the bytes one case bit away from a
/// non-letter (`-` and `\r`) are covered.
#[test]
fn header_names_compare_ignoring_ascii_case_only() {
    for lower in ["content-type", "content-length"] {
        for at in 0..lower.len() {
            for b in 0..=255u8 {
                let mut name = lower.as_bytes().to_vec();
                name[at] = b;
                let Ok(name) = String::from_utf8(name) else {
                    continue;
                };
                let expected = name.eq_ignore_ascii_case(lower);
                let got = match lower.len() {
                    12 => header_is(&name, b"content-type"),
                    _ => header_is(&name, b"content-length"),
                };
                assert_eq!(got, expected, "{name:?} against {lower}");
            }
        }
    }
    assert!(header_is("CoNtEnT-TyPe", b"content-type"));
    assert!(!header_is("content-typ", b"content-type"));
    assert!(!header_is("content-types", b"content-type"));
}

#[test]
fn body_limit_from_content_length_or_counting() {
    let big = format!(
        r#"{{"source_tag":"a","destination_tag":"b","pad":"{}"}}"#,
        "x".repeat(DEFAULT_BODY_LIMIT)
    );
    assert_eq!(
        one("POST", SWR_TAGS, Some(JSON), &big),
        ("body", "body", "body-too-large", DEFAULT_BODY_LIMIT)
    );
    // Exactly at the limit is allowed.
    let pad = DEFAULT_BODY_LIMIT - TAG_BODY.len() - r#","pad":"""#.len();
    let at_limit = format!(
        r#"{{"source_tag":"v1","destination_tag":"v1-stable","pad":"{}"}}"#,
        "x".repeat(pad)
    );
    assert_eq!(at_limit.len(), DEFAULT_BODY_LIMIT);
    assert!(run("POST", SWR_TAGS, Some(JSON), &at_limit).is_ok());
    let declared = DEFAULT_BODY_LIMIT.to_string();
    let req = Request::new("POST", SWR_TAGS)
        .header("Content-Type", JSON)
        .header("Content-Length", declared.as_bytes())
        .body(at_limit.as_bytes());
    assert!(matches!(validate(&req), Some(Ok(_))));
    // A declared length decides without looking at the body.
    let req = Request::new("POST", SWR_TAGS)
        .header("Content-Type", JSON)
        .header("Content-Length", b"65537")
        .body(TAG_BODY.as_bytes());
    assert_eq!(
        validate(&req).unwrap().unwrap_err().errors()[0].rule(),
        Reason::BodyTooLarge
    );
    let small = Validator::new().with_body_limit(10);
    let req = Request::new("POST", SWR_TAGS)
        .header("Content-Type", JSON)
        .body(TAG_BODY.as_bytes());
    let e = small.validate(&req).unwrap().unwrap_err();
    assert_eq!(
        (e.errors()[0].rule(), e.errors()[0].offset()),
        (Reason::BodyTooLarge, 10)
    );
}

#[test]
fn every_error_in_r7_order() {
    let body = r#"{"destination_tag":"-b","override":1,"source_tag":7}"#;
    let found = rejects(
        "POST",
        "/v2/manage/namespaces/1org/repos/a%2Fb/tags",
        Some(b"text/plain"),
        body,
    );
    assert_eq!(
        found,
        vec![
            ("path", "namespace", "invalid-start", 0),
            ("path", "repository", "slash-in-path-form", 1),
            ("header", "Content-Type", "unsupported-media-type", 0),
            ("body", "source_tag", "wrong-type", 0),
            ("body", "destination_tag", "invalid-start", 0),
            ("body", "override", "wrong-type", 0),
        ]
    );
    let found = rejects(
        "GET",
        "/api/v1/repository/Org/app/tag/?specificTag=.x&limit=0&page=x&onlyActiveTags=yes&filter_tag_name=ne:1",
        None,
        "",
    );
    assert_eq!(
        found,
        vec![
            ("path", "repository", "invalid-start", 0),
            ("query", "onlyActiveTags", "not-a-boolean", 0),
            ("query", "page", "not-an-integer", 0),
            ("query", "limit", "out-of-range", 0),
            ("query", "filter_tag_name", "unknown-filter-op", 0),
            ("query", "specificTag", "invalid-start", 0),
        ]
    );
}

// --- swr.list-image-tags ---

#[test]
fn list_image_tags_query() {
    let base = "/v3/manage/namespaces/group/repos/nginx/tags";
    let Ok(Valid::SwrListImageTags(v)) = run("GET", base, None, "") else {
        panic!()
    };
    assert_eq!(
        (v.limit(), v.marker(), v.tag(), v.with_manifest()),
        (100, None, None, None)
    );
    let target =
        format!("{base}?limit=1000&marker=a%21~&tag=v1.&with_manifest=false&other=x&other=y");
    let Ok(Valid::SwrListImageTags(v)) = run("GET", &target, None, "") else {
        panic!()
    };
    assert_eq!(
        (v.limit(), v.marker(), v.tag(), v.with_manifest()),
        (1000, Some("a!~"), Some("v1."), Some(false))
    );
    assert!(run("GET", &format!("{base}?limit=1"), None, "").is_ok());
    assert!(run(
        "GET",
        &format!("{base}?tag=-x&marker={}", "~".repeat(1024)),
        None,
        ""
    )
    .is_ok());
    let q = |query: &str| one("GET", &format!("{base}?{query}"), None, "");
    assert_eq!(
        q("limit=10&limit=20"),
        ("query", "limit", "duplicate-parameter", 0)
    );
    assert_eq!(q("limit=1001"), ("query", "limit", "out-of-range", 0));
    assert_eq!(q("limit=0"), ("query", "limit", "out-of-range", 0));
    assert_eq!(q("limit="), ("query", "limit", "not-an-integer", 0));
    assert_eq!(q("limit"), ("query", "limit", "not-an-integer", 0));
    assert_eq!(q("limit=01"), ("query", "limit", "not-an-integer", 0));
    assert_eq!(
        q("limit=1%"),
        ("query", "limit", "invalid-percent-encoding", 1)
    );
    assert_eq!(q("marker="), ("query", "marker", "empty", 0));
    assert_eq!(q("marker=a+b"), ("query", "marker", "invalid-character", 1));
    assert_eq!(
        q(&format!("marker={}", "a".repeat(1025))),
        ("query", "marker", "too-long", 1024)
    );
    assert_eq!(q("tag=v1%2F2"), ("query", "tag", "invalid-character", 2));
    assert_eq!(
        q(&format!("tag={}", "a".repeat(129))),
        ("query", "tag", "too-long", 128)
    );
    assert_eq!(
        q("with_manifest=True"),
        ("query", "with_manifest", "not-a-boolean", 0)
    );
    assert_eq!(
        q("with_manifest=1"),
        ("query", "with_manifest", "not-a-boolean", 0)
    );
}

// --- swr.create-repository ---

#[test]
fn create_repository_body() {
    let t = "/v2/manage/namespaces/group/repos";
    let body =
        r#"{"repository":"library$nginx","is_public":false,"category":"linux","description":"x"}"#;
    let Ok(Valid::SwrCreateRepository(v)) = run("POST", t, Some(JSON), body) else {
        panic!()
    };
    assert_eq!(v.repository(), "library/nginx");
    assert_eq!(
        (v.is_public(), v.category(), v.description()),
        (false, Some(Category::Linux), Some("x"))
    );
    let Ok(Valid::SwrCreateRepository(v)) = run(
        "POST",
        t,
        Some(JSON),
        r#"{"repository":"library/nginx","is_public":true}"#,
    ) else {
        panic!()
    };
    assert!(v.is_public());
    assert_eq!(
        (v.repository().as_ref(), v.category()),
        (
            swr::Repository::parse("library/nginx").unwrap().as_str(),
            None
        )
    );
    for c in Category::ALL {
        let body = format!(
            r#"{{"repository":"a","is_public":true,"category":"{}"}}"#,
            c.id()
        );
        assert!(run("POST", t, Some(JSON), &body).is_ok(), "{c:?}");
    }
    let r = |body: &str| one("POST", t, Some(JSON), body);
    assert_eq!(
        r(r#"{"repository":"a","is_public":true,"category":"Linux"}"#),
        ("body", "category", "unknown-value", 0)
    );
    // The message lists every category once, in R6's order.
    let body = r#"{"repository":"a","is_public":true,"category":"Linux"}"#;
    let req = Request::new("POST", t)
        .header("Content-Type", JSON)
        .body(body.as_bytes());
    let rejection = validate(&req).unwrap().unwrap_err();
    assert_eq!(
        rejection.errors()[0].message(),
        "category \"Linux\" is not one of app_server, linux, framework_app, database, lang, \
         other, windows, arm"
    );
    assert_eq!(
        r(r#"{"repository":"a","is_public":"true"}"#),
        ("body", "is_public", "wrong-type", 0)
    );
    assert_eq!(
        r(r#"{"repository":"a"}"#),
        ("body", "is_public", "missing-field", 0)
    );
    assert_eq!(
        r(r#"{"repository":"a","is_public":null}"#),
        ("body", "is_public", "missing-field", 0)
    );
    assert_eq!(
        r(r#"{"repository":"a$b/c","is_public":true}"#),
        ("body", "repository", "slash-in-path-form", 3)
    );
    assert_eq!(
        r(r#"{"repository":"a//b","is_public":true}"#),
        ("body", "repository", "adjacent-separators", 2)
    );
    assert_eq!(
        r(r#"{"repository":"a","is_public":true,"description":5}"#),
        ("body", "description", "wrong-type", 0)
    );
    assert!(run(
        "POST",
        t,
        Some(JSON),
        r#"{"repository":"a","is_public":true,"description":null,"category":null}"#
    )
    .is_ok());
}

// --- codearts.add-tag ---

#[test]
fn codearts_add_tag() {
    let body = r#"{"tag_name":"v1.0","ref":"main","message":"release"}"#;
    let Ok(Valid::CodeArtsAddTag(v)) = run("POST", "/v2/repositories/2147483647/tags", None, body)
    else {
        panic!()
    };
    assert_eq!(
        (
            v.repository_id(),
            v.tag_name().as_str(),
            v.branch().as_str(),
            v.message()
        ),
        (2147483647, "v1.0", "main", Some("release"))
    );
    assert!(run("POST", "/v2/repositories/1/tags", Some(JSON), body).is_ok());
    let r = |id: &str, ct: Option<&[u8]>, body: &str| {
        one("POST", &format!("/v2/repositories/{id}/tags"), ct, body)
    };
    assert_eq!(
        r("2147483648", None, body),
        ("path", "repository_id", "out-of-range", 0)
    );
    assert_eq!(
        r("0", None, body),
        ("path", "repository_id", "out-of-range", 0)
    );
    assert_eq!(
        r("-1", None, body),
        ("path", "repository_id", "not-an-integer", 0)
    );
    assert_eq!(
        r("1x", None, body),
        ("path", "repository_id", "not-an-integer", 1)
    );
    assert_eq!(
        r("%31", Some(b"text/json"), body),
        ("header", "Content-Type", "unsupported-media-type", 0)
    );
    assert_eq!(
        r("1", None, r#"{"tag_name":"HEAD","ref":"main"}"#),
        ("body", "tag_name", "reserved-name", 0)
    );
    assert_eq!(
        r("1", None, r#"{"tag_name":"v1","ref":"a..b"}"#),
        ("body", "ref", "double-dot", 2)
    );
    assert_eq!(
        r("1", None, r#"{"tag_name":"v1"}"#),
        ("body", "ref", "missing-field", 0)
    );
    assert_eq!(
        r("1", None, r#"{"tag_name":"v1","ref":"m","message":false}"#),
        ("body", "message", "wrong-type", 0)
    );
}

// --- quay ---

#[test]
fn quay_restore_tag() {
    let body = format!(r#"{{"manifest_digest":"{SHA}"}}"#);
    let Ok(Valid::QuayRestoreTag(v)) = run(
        "POST",
        "/api/v1/repository/org/tag/app/tag/v1/restore",
        Some(JSON),
        &body,
    ) else {
        panic!()
    };
    assert_eq!(
        (
            v.repository().name(),
            v.tag().as_str(),
            v.manifest_digest().as_str()
        ),
        ("tag/app", "v1", SHA)
    );
    let r = |target: &str, body: &str| one("POST", target, Some(JSON), body);
    assert_eq!(
        r("/api/v1/repository/org/app/tag/v%2F1/restore", &body),
        ("path", "tag", "invalid-character", 1)
    );
    assert_eq!(
        r("/api/v1/repository/org/app/tag/%24/restore", &body),
        ("path", "tag", "invalid-start", 0)
    );
    assert_eq!(
        r("/api/v1/repository/o/app/tag/v1/restore", &body),
        ("path", "repository", "too-short", 1)
    );
    assert_eq!(
        r("/api/v1/repository/org/app/tag/v1/restore", "{}"),
        ("body", "manifest_digest", "missing-field", 0)
    );
    assert_eq!(
        r(
            "/api/v1/repository/org/app/tag/v1/restore",
            &body
                .to_uppercase()
                .replace("MANIFEST_DIGEST", "manifest_digest")
        ),
        ("body", "manifest_digest", "invalid-start", 0)
    );
}

#[test]
fn quay_change_tag_expiration() {
    let t = "/api/v1/repository/org/app/tag/v1";
    let exp = |body: &str| match run("PUT", t, Some(JSON), body) {
        Ok(Valid::QuayChangeTag(v)) => Ok(v.expiration()),
        Ok(other) => panic!("{other:?}"),
        Err(found) => Err(found[0].2),
    };
    assert_eq!(exp("{}"), Ok(Expiration::Absent));
    assert_eq!(exp(r#"{"expiration":null}"#), Ok(Expiration::Cleared));
    let set = |x: f64| Ok(Expiration::Set(EpochSeconds::from_checked(x)));
    assert_eq!(exp(r#"{"expiration":0}"#), set(0.0));
    assert_eq!(exp(r#"{"expiration":-0}"#), set(0.0));
    assert_eq!(exp(r#"{"expiration":-0.0}"#), set(0.0));
    assert_eq!(
        exp(r#"{"expiration":9007199254740991}"#),
        set(((1u64 << 53) - 1) as f64)
    );
    // R6 as corrected: any JSON number in range, as Quay's schema types it.
    assert_eq!(exp(r#"{"expiration":1767225600.5}"#), set(1767225600.5));
    assert_eq!(exp(r#"{"expiration":1.5}"#), set(1.5));
    assert_eq!(exp(r#"{"expiration":1e3}"#), set(1000.0));
    assert_eq!(exp(r#"{"expiration":-0.5}"#), Err("out-of-range"));
    assert_eq!(exp(r#"{"expiration":1e300}"#), Err("out-of-range"));
    assert_eq!(
        exp(r#"{"expiration":9007199254740992}"#),
        Err("out-of-range")
    );
    assert_eq!(
        exp(r#"{"expiration":99999999999999999999999}"#),
        Err("out-of-range")
    );
    assert_eq!(exp(r#"{"expiration":-1}"#), Err("out-of-range"));
    assert_eq!(exp(r#"{"expiration":"1"}"#), Err("wrong-type"));
    assert_eq!(
        exp(r#"{"expiration":1,"expiration":null}"#),
        Err("duplicate-field")
    );
    let body = format!(r#"{{"manifest_digest":"{SHA}"}}"#);
    let Ok(Valid::QuayChangeTag(v)) = run("PUT", t, Some(JSON), &body) else {
        panic!()
    };
    assert_eq!(v.manifest_digest().map(|d| d.encoded().len()), Some(64));
    assert_eq!(exp(r#"{"manifest_digest":null}"#), Ok(Expiration::Absent));
    assert_eq!(
        exp(r#"{"manifest_digest":"sha256:abc"}"#),
        Err("digest-length")
    );
}

#[test]
fn quay_delete_tag_ignores_the_body() {
    let Ok(Valid::QuayDeleteTag(v)) = run(
        "DELETE",
        "/api/v1/repository/org/app/tag/latest",
        None,
        "not json",
    ) else {
        panic!()
    };
    assert_eq!(
        (v.repository().as_str(), v.tag().as_str()),
        ("org/app", "latest")
    );
    assert_eq!(
        one("DELETE", "/api/v1/repository/org/app/tag/", None, ""),
        ("path", "tag", "empty", 0)
    );
}

#[test]
fn quay_list_tags_query() {
    let base = "/api/v1/repository/org/app/tag/";
    let Ok(Valid::QuayListTags(v)) = run("GET", base, None, "") else {
        panic!()
    };
    assert_eq!(
        (
            v.page(),
            v.limit(),
            v.only_active_tags(),
            v.filter_tag_name(),
            v.specific_tag()
        ),
        (1, 50, None, None, None)
    );
    let target = format!("{base}?onlyActiveTags=true&page=2147483647&limit=100&filter_tag_name=like%3Av1_%25&specificTag=v1");
    let Ok(Valid::QuayListTags(v)) = run("GET", &target, None, "") else {
        panic!()
    };
    assert_eq!(
        (v.page(), v.limit(), v.only_active_tags()),
        (2147483647, 100, Some(true))
    );
    assert!(v.filter_tag_name().unwrap().matches("release-V1.2"));
    assert_eq!(v.specific_tag().unwrap(), "v1");
    let q = |query: &str| one("GET", &format!("{base}?{query}"), None, "");
    assert_eq!(q("limit=101"), ("query", "limit", "out-of-range", 0));
    assert_eq!(q("page=2147483648"), ("query", "page", "out-of-range", 0));
    assert_eq!(
        q("filter_tag_name=v1"),
        ("query", "filter_tag_name", "missing-filter-op", 0)
    );
    assert_eq!(
        q("filter_tag_name=like:a+b"),
        ("query", "filter_tag_name", "invalid-character", 6)
    );
    assert_eq!(q("specificTag="), ("query", "specificTag", "empty", 0));
    assert_eq!(
        q("specificTag=a&specificTag=a"),
        ("query", "specificTag", "duplicate-parameter", 0)
    );
}

// --- messages, serialisation, vendors ---

#[test]
fn messages_quote_at_most_64_bytes() {
    let long = "A".repeat(100_000);
    let target = format!("/v2/manage/namespaces/{long}/repos/{long}/tags");
    let tag = &long[..10_000];
    let body = format!(r#"{{"source_tag":"-{tag}","destination_tag":"{tag}"}}"#);
    let e = validate(
        &Request::new("POST", &target)
            .header("Content-Type", long.as_bytes())
            .body(body.as_bytes()),
    )
    .unwrap()
    .unwrap_err();
    assert_eq!(e.errors().len(), 5);
    for error in e.errors() {
        assert!(error.message().len() < 300, "{}", error.message());
        assert!(
            !error.message().contains(&"A".repeat(65)),
            "{}",
            error.message()
        );
    }
    assert!(
        e.errors()[0].message().contains("… (100000 bytes)"),
        "{}",
        e.errors()[0].message()
    );
}

#[test]
fn rejection_serialises_as_the_cli_object() {
    let e = validate(&Request::new(
        "GET",
        "/v3/manage/namespaces/g/repos/n/tags?limit=10&limit=20",
    ))
    .unwrap()
    .unwrap_err();
    let json: serde_json::Value = serde_json::to_value(&e).unwrap();
    assert_eq!(json["operation"], "swr.list-image-tags");
    assert_eq!(json["valid"], false);
    let error = &json["errors"][0];
    assert_eq!(
        (
            &error["location"],
            &error["parameter"],
            &error["rule"],
            &error["offset"]
        ),
        (
            &"query".into(),
            &"limit".into(),
            &"duplicate-parameter".into(),
            &0.into()
        )
    );
    assert!(error["message"].as_str().unwrap().contains("limit"));
    let valid = run("DELETE", "/api/v1/repository/org/app/tag/latest", None, "").unwrap();
    let json = serde_json::to_value(&valid).unwrap();
    assert_eq!(json["quay.delete-tag"]["tag"], "latest");
}

#[test]
fn swr_vendor_codes() {
    let body = r#"{"destination_tag":"-b"}"#;
    let e = validate(
        &Request::new("POST", "/v2/manage/namespaces/1org/repos/a%2Fb/tags?x=1")
            .header("Content-Type", b"text/plain")
            .body(body.as_bytes()),
    )
    .unwrap()
    .unwrap_err();
    let r = e.to_vendor_response();
    assert_eq!((r.status, r.content_type), (400, "application/json"));
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    let codes: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["errorCode"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "SVCSTG.SWR.4001028",
            "SVCSTG.SWR.4001029",
            "SVCSTG.SWR.4001018",
            "SVCSTG.SWR.4001014",
            "SVCSTG.SWR.4009021"
        ]
    );
    for (o, err) in json.as_array().unwrap().iter().zip(e.errors()) {
        assert_eq!(o["errorMessage"], err.message());
        assert!(o["detail"].as_str().unwrap().contains(err.parameter()));
    }
}

#[test]
fn too_large_is_413_where_it_comes_first() {
    let big = "x".repeat(DEFAULT_BODY_LIMIT + 1);
    let too_large = |target: &str| {
        validate(
            &Request::new("POST", target)
                .header("Content-Type", JSON)
                .body(big.as_bytes()),
        )
        .unwrap()
        .unwrap_err()
        .to_vendor_response()
    };
    let r = too_large("/v2/manage/namespaces/g/repos");
    assert_eq!(r.status, 413);
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json[0]["errorCode"], "SVCSTG.SWR.4131001");
    let r = too_large("/api/v1/repository/org/app/tag/v1/restore");
    assert_eq!(r.status, 413);
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["status"], 413);
    // After a path error the first status wins.
    assert_eq!(too_large("/v2/manage/namespaces/G/repos").status, 400);
    assert_eq!(too_large("/v2/repositories/1/tags").status, 400);
}

#[test]
fn codearts_and_quay_join_messages() {
    let e = validate(&Request::new("POST", "/v2/repositories/0/tags").body(b"{}"))
        .unwrap()
        .unwrap_err();
    let r = e.to_vendor_response();
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        (r.status, &json["status"], &json["error"]["code"]),
        (400, &"failed".into(), &"CH.010001".into())
    );
    let message = json["error"]["message"].as_str().unwrap();
    assert_eq!(message.split("; ").count(), 3, "{message}");
    let e = validate(&Request::new("DELETE", "/api/v1/repository/x/tag/-"))
        .unwrap()
        .unwrap_err();
    let r = e.to_vendor_response_with(&VendorOptions {
        quay_type_base: "https://quay.example",
    });
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        json["type"],
        "https://quay.example/api/v1/error/invalid_request"
    );
    assert_eq!(json["error_message"], json["detail"]);
    assert_eq!(
        json["error_message"].as_str().unwrap().split("; ").count(),
        2
    );
    let _: String = json["title"].as_str().unwrap().to_string();
}

use crate::swr;

#[test]
fn a_request_shows_its_method_and_target() {
    let request = Request::new("DELETE", "/api/v1/repository/org/app/tag/v1");
    assert_eq!(request.method(), "DELETE");
    assert_eq!(request.target(), "/api/v1/repository/org/app/tag/v1");
}

#[test]
fn header_names_compare_in_any_case_and_every_byte_counts() {
    assert!(header_is("Content-Type", b"content-type"));
    assert!(header_is("CONTENT-TYPE", b"content-type"));
    assert!(!header_is("content-typ", b"content-type"));
    // Only letters fold: `_` is not `-`, though they differ by more than the case bit.
    assert!(!header_is("content_type", b"content-type"));
    // Two bytes that differ the same way: their differences must not cancel out.
    assert!(!header_is("bnntent-type", b"content-type"));
}

#[test]
fn every_body_operation_rejects_a_wrong_content_type_alone() {
    let digest = format!(r#"{{"manifest_digest":"{SHA}"}}"#);
    let cases = [
        (
            "POST",
            "/v2/manage/namespaces/group/repos",
            r#"{"repository":"nginx","is_public":false,"category":"linux","description":"x"}"#,
        ),
        ("POST", SWR_TAGS, TAG_BODY),
        (
            "POST",
            "/v2/repositories/1/tags",
            r#"{"tag_name":"v1","ref":"main"}"#,
        ),
        ("POST", "/api/v1/repository/org/app/tag/v1/restore", &digest),
        ("PUT", "/api/v1/repository/org/app/tag/v1", &digest),
    ];
    for (method, target, body) in cases {
        assert!(run(method, target, Some(JSON), body).is_ok(), "{target}");
        assert_eq!(
            one(method, target, Some(b"text/plain"), body),
            ("header", "Content-Type", "unsupported-media-type", 0),
            "{target}"
        );
    }
}

#[test]
fn json_types_are_named_in_messages() {
    let t = "/api/v1/repository/org/app/tag/v1";
    // (A null optional field counts as absent, a null required one as missing: no message
    // names null.)
    for (value, noun) in [
        ("true", "a boolean"),
        ("1", "a number"),
        ("-1", "a number"),
        ("1.5", "a number"),
        ("[]", "an array"),
        ("{}", "an object"),
    ] {
        let body = format!(r#"{{"manifest_digest":{value}}}"#);
        let request = Request::new("PUT", t)
            .header("Content-Type", JSON)
            .body(body.as_bytes());
        let Some(Err(rejection)) = validate(&request) else {
            panic!("{body}: not rejected")
        };
        assert_eq!(
            rejection.errors()[0].message().to_string(),
            format!("field manifest_digest must be a string, not {noun}"),
            "{body}"
        );
    }
}

#[test]
fn expiration_messages_say_which_rule() {
    let message = |value: &str| {
        let body = format!(r#"{{"expiration":{value}}}"#);
        let request = Request::new("PUT", "/api/v1/repository/org/app/tag/v1")
            .header("Content-Type", JSON)
            .body(body.as_bytes());
        let Some(Err(rejection)) = validate(&request) else {
            panic!("{body}: not rejected")
        };
        rejection.errors()[0].message().to_string()
    };
    assert_eq!(
        message("-0.5"),
        r#"field expiration must be from 0 to 9007199254740991 seconds since the Unix epoch, not "-5e-1""#
    );
    assert_eq!(
        message("true"),
        "field expiration must be a number or null, not a boolean"
    );
    assert_eq!(
        message("-1"),
        r#"field expiration must be from 0 to 9007199254740991 seconds since the Unix epoch, not "-1""#
    );
}

#[test]
fn a_rejection_shows_each_invalid_parameter() {
    let request = Request::new(
        "GET",
        "/v3/manage/namespaces/grOup/repos/nginx/tags?limit=10&limit=20",
    );
    let Some(Err(rejection)) = validate(&request) else {
        panic!("not rejected")
    };
    let shown: Vec<String> = rejection.errors().iter().map(|e| e.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[0].starts_with("path namespace: invalid-character: "),
        "{}",
        shown[0]
    );
    assert!(
        shown[1].starts_with("query limit: duplicate-parameter: "),
        "{}",
        shown[1]
    );
    assert_eq!(
        rejection.to_string(),
        format!(
            "invalid swr.list-image-tags request: {}; {}",
            shown[0], shown[1]
        )
    );
}
