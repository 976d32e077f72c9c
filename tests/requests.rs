//! Whole requests across the operations: golden vendor bodies (R8), and proptests that a
//! generated valid request validates (in both modes) while a single mutated parameter yields
//! exactly one error in strict mode, naming that parameter, and at most that one in compatible
//! mode (R10 only ever accepts more).
#![cfg(feature = "request")]

#[path = "support/operations.rs"]
mod operations;

use operations::*;
use proptest::prelude::*;
use registry_names::request::{self, Mode, Request, Validator, VendorOptions};
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

// --- ids ---

/// Each id enum serializes as its id (the serde derives of `Location`, `Vendor` and `Category`
/// spell the ids a second time), `from_id` reads it back, and the unknown-operation message
/// lists every operation.
#[test]
fn id_enums_serialize_as_their_ids() {
    use request::{Category, Location, Operation, Vendor};
    macro_rules! check {
        ($($ty:ident),*) => {$(
            for value in $ty::ALL {
                assert_eq!(serde_json::to_value(value).unwrap(), value.id(), "{value:?}");
                assert_eq!($ty::from_id(value.id()), Some(value));
                assert_eq!(value.to_string(), value.id());
            }
        )*};
    }
    check!(Location, Vendor, Category, Operation);
    let ids: Vec<&str> = Operation::ALL.iter().map(|op| op.id()).collect();
    assert_eq!(
        "nope".parse::<Operation>().unwrap_err().to_string(),
        format!("unknown operation; expected one of {}", ids.join(", "))
    );
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

// --- proptests (generators in tests/support/operations.rs) ---

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_generated_valid_request_validates((i, values) in any_valid()) {
        let ops = ops();
        let op = &ops[i];
        let (target, body) = build(op, &values, None);
        let req = Request::new(op.op.method(), &target).header("Content-Type", JSON).body(body.as_bytes());
        for mode in [Mode::Strict, Mode::Compatible] {
            match Validator::new().with_mode(mode).validate(&req) {
                None => prop_assert!(false, "no route for {}", target),
                Some(Err(r)) => prop_assert!(false, "{} {} {}: {}", mode, target, body, r),
                Some(Ok(valid)) => prop_assert_eq!(valid.operation(), op.op),
            }
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
        let Some(result) = Validator::strict().validate(&req) else {
            return Err(TestCaseError::fail(format!("no route for {target}")));
        };
        // Compatible mode reports this error or none (R10 reads some values Quay serves).
        if let Some(Err(compatible)) = Validator::compatible().validate(&req) {
            prop_assert_eq!(compatible.errors().len(), 1, "{} {}: {}", target, body, compatible);
            prop_assert_eq!(compatible.errors()[0].parameter(), param.name);
        }
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
