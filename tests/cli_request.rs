//! `registry-names request`, run as a user runs it: the issue's acceptance examples, the JSON
//! report against the library's own serialisation, `--vendor`, `--body-file`, and `--replay`.
#![cfg(feature = "cli")]

use registry_names::request::{self, Request};
use serde_json::Value;
#[path = "support/cli.rs"]
mod cli;
use cli::{code, stdout};
use std::process::Output;

/// `registry-names request ARGS…`.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let args: Vec<&str> = ["request"].iter().chain(args).copied().collect();
    cli::run(&args, stdin)
}

const CT: &str = "Content-Type: application/json";
const TAG_BODY: &str = r#"{"source_tag":"v1","destination_tag":"v1-stable"}"#;

/// The JSON report of one request, and the exit code.
fn json(args: &[&str]) -> (Value, i32) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = run(&all, b"");
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    (serde_json::from_str(&text).unwrap(), code(&output))
}

fn rules(report: &Value) -> Vec<(String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["parameter"].as_str().unwrap().to_string(),
                e["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn acceptance_examples() {
    let target = "/v2/manage/namespaces/group/repos/library%24nginx/tags";
    let (report, code) = json(&["POST", target, "--header", CT, "--body", TAG_BODY]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["operation"], "swr.create-image-tag");
    assert_eq!(report["valid"], true);
    assert_eq!(report["errors"], Value::Array(vec![]));

    let target = "/v2/manage/namespaces/group/repos/library/nginx/tags";
    let (report, code) = json(&["POST", target, "--header", CT, "--body", TAG_BODY]);
    assert_eq!(code, 1);
    assert_eq!(report["valid"], false);
    assert_eq!(
        rules(&report),
        [("repository".into(), "slash-in-path-form".into())]
    );

    let target = "/v3/manage/namespaces/group/repos/nginx/tags?limit=10&limit=20";
    let (report, code) = json(&["GET", target]);
    assert_eq!(code, 1);
    assert_eq!(report["operation"], "swr.list-image-tags");
    assert_eq!(
        rules(&report),
        [("limit".into(), "duplicate-parameter".into())]
    );

    // Without a body the body is reported too; `repository_id` comes first (R7).
    let (report, code) = json(&["POST", "/v2/repositories/2147483648/tags"]);
    assert_eq!(code, 1);
    assert_eq!(report["operation"], "codearts.add-tag");
    assert_eq!(
        rules(&report)[0],
        ("repository_id".into(), "out-of-range".into())
    );
    let body = r#"{"tag_name":"v1","ref":"main"}"#;
    let (report, _) = json(&["POST", "/v2/repositories/2147483648/tags", "--body", body]);
    assert_eq!(
        rules(&report),
        [("repository_id".into(), "out-of-range".into())]
    );

    // No route is not a rejection (R2): no "valid" at all.
    let (report, code) = json(&["GET", "/v2/_catalog"]);
    assert_eq!(code, 3);
    assert_eq!(report["operation"], Value::Null);
    assert_eq!(report.get("valid"), None, "{report}");
}

#[test]
fn text_report_names_each_parameter() {
    let output = run(
        &[
            "POST",
            "/v2/manage/namespaces/1org/repos/a%2Fb/tags",
            "-H",
            "content-type: text/plain",
            "--body",
            "{}",
        ],
        b"",
    );
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "rejected: swr.create-image-tag");
    let prefixes: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.splitn(3, ": ").take(2).last().unwrap())
        .collect();
    assert_eq!(
        prefixes,
        [
            "invalid-start",
            "slash-in-path-form",
            "unsupported-media-type",
            "missing-field",
            "missing-field"
        ]
    );
    assert!(lines[1].starts_with("path namespace: "), "{}", lines[1]);
    let output = run(&["GET", "/api/v1/repository/org/app/tag/"], b"");
    assert_eq!(
        (code(&output), stdout(&output).as_str()),
        (0, "valid: quay.list-tags\n")
    );
}

#[test]
fn json_report_is_the_library_rejection() {
    let target = "/api/v1/repository/Org/app/tag/-v1?x";
    let body = r#"{"expiration":-1,"manifest_digest":"sha256:abc"}"#;
    let (report, code) = json(&["PUT", target, "-H", CT, "--body", body]);
    assert_eq!(code, 1);
    let request = Request::new("PUT", target)
        .header("Content-Type", b"application/json")
        .body(body.as_bytes());
    let rejection = request::validate(&request).unwrap().unwrap_err();
    assert_eq!(report, serde_json::to_value(&rejection).unwrap());
    assert_eq!(rejection.errors().len(), 4);
}

#[test]
fn vendor_prints_the_vendor_response() {
    let output = run(
        &[
            "--vendor",
            "POST",
            "/v2/manage/namespaces/group/repos/library/nginx/tags",
            "-H",
            CT,
            "--body",
            TAG_BODY,
        ],
        b"",
    );
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    let (head, body) = text.split_once("\n\n").unwrap();
    let head: Vec<&str> = head.lines().collect();
    assert_eq!(head[0], "HTTP/1.1 400 Bad Request");
    assert_eq!(head[1], "Content-Type: application/json");
    assert_eq!(
        head[2],
        format!("Content-Length: {}", body.trim_end().len())
    );
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(body[0]["errorCode"], "SVCSTG.SWR.4001029");

    let big = format!(r#"{{"manifest_digest":"{}"}}"#, "a".repeat(100));
    let output = run(
        &[
            "--vendor",
            "--body-limit",
            "50",
            "POST",
            "/api/v1/repository/org/app/tag/v1/restore",
            "-H",
            CT,
            "--body",
            &big,
        ],
        b"",
    );
    let text = stdout(&output);
    assert!(
        text.starts_with("HTTP/1.1 413 Payload Too Large\n"),
        "{text}"
    );
    let body: Value = serde_json::from_str(text.split_once("\n\n").unwrap().1).unwrap();
    assert_eq!(
        (&body["status"], &body["error_type"]),
        (&413.into(), &"invalid_request".into())
    );
}

#[test]
fn body_file_is_read_up_to_the_limit() {
    let dir = std::env::temp_dir().join(format!("cli_request_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("body.json");
    std::fs::write(&file, r#"{"tag_name":"v1.0","ref":"main","message":"m"}"#).unwrap();
    let file = file.to_str().unwrap();
    let (report, status) = json(&["POST", "/v2/repositories/7/tags", "--body-file", file]);
    assert_eq!((status, &report["valid"]), (0, &Value::Bool(true)));
    let (report, status) = json(&[
        "POST",
        "/v2/repositories/7/tags",
        "--body-file",
        file,
        "--body-limit",
        "8",
    ]);
    assert_eq!(status, 1);
    assert_eq!(rules(&report), [("body".into(), "body-too-large".into())]);
    // The largest limit there is reads the whole body (one past it must not wrap to nothing).
    let max = usize::MAX.to_string();
    let args = [
        "POST",
        "/v2/repositories/7/tags",
        "--body-file",
        file,
        "--body-limit",
        &max,
    ];
    let (report, status) = json(&args);
    assert_eq!(
        (status, &report["valid"]),
        (0, &Value::Bool(true)),
        "{report}"
    );
    let missing = dir.join("missing.json");
    let output = run(
        &[
            "POST",
            "/v2/repositories/7/tags",
            "--body-file",
            missing.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&run(&["GET"], b"")), 2);
    assert_eq!(code(&run(&["GET", "/x", "-H", "no colon"], b"")), 2);
    assert_eq!(
        code(&run(
            &["GET", "/x", "--body", "{}", "--body-file", "f"],
            b""
        )),
        2
    );
}

#[test]
fn replay_writes_one_verdict_per_line() {
    let sha = format!("sha256:{}", "a".repeat(64));
    let lines = [
        r#"{"method":"GET","target":"/api/v1/repository/org/app/tag/?limit=0x10"}"#.to_string(),
        format!(
            r#"{{"method":"POST","target":"/api/v1/repository/org/app/tag/v1/restore","headers":{{"Content-Type":"application/json"}},"body":{{"manifest_digest":"{sha}"}}}}"#
        ),
        // A string body is the raw text: here not JSON.
        r#"{"method":"PUT","target":"/api/v1/repository/org/app/tag/v1","headers":{"content-type":"application/json"},"body":"{\"expiration\":"}"#.to_string(),
        r#"{"method":"GET","target":"/v2/_catalog"}"#.to_string(),
        String::new(),
        "not json".to_string(),
    ];
    let input = lines.join("\n");
    let output = run(&["--replay", "-"], input.as_bytes());
    let text = stdout(&output);
    let verdicts: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(verdicts.len(), 5, "{text}");
    assert_eq!(verdicts[0]["line"], 1);
    assert_eq!(
        rules(&verdicts[0]),
        [("limit".into(), "not-an-integer".into())]
    );
    assert_eq!(
        (&verdicts[1]["line"], &verdicts[1]["valid"]),
        (&2.into(), &true.into())
    );
    assert_eq!(
        rules(&verdicts[2]),
        [("body".into(), "invalid-json".into())]
    );
    assert_eq!(verdicts[2]["errors"][0]["offset"], 14);
    // A request that routes nowhere is not rejected (R2): "operation" null, no "valid".
    assert_eq!(verdicts[3]["operation"], Value::Null);
    assert_eq!(verdicts[3].get("valid"), None, "{}", verdicts[3]);
    assert_eq!(verdicts[4]["line"], 6);
    assert!(verdicts[4]["error"]
        .as_str()
        .unwrap()
        .contains("not a logged request"));
    assert_eq!(
        code(&output),
        2,
        "a line that is not a request is an input error"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("line 6: not a logged request"), "{stderr}");

    let output = run(&["--replay", "-"], lines[..3].join("\n").as_bytes());
    assert_eq!(code(&output), 1);
    let output = run(&["--replay", "-"], lines[1].as_bytes());
    assert_eq!(code(&output), 0);
    let output = run(&["--replay", "-"], lines[3].as_bytes());
    assert_eq!(code(&output), 3);
}

/// A string body that JSON allows but is no Unicode text (a lone surrogate escape) makes the
/// line malformed: it is not judged as a request with an empty body.
#[test]
fn replay_refuses_a_body_that_is_no_unicode_text() {
    let line = r#"{"method":"PUT","target":"/api/v1/repository/org/app/tag/v1","headers":{"content-type":"application/json"},"body":"\ud800"}"#;
    let output = run(&["--replay", "-"], line.as_bytes());
    assert_eq!(code(&output), 2);
    let verdict: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(verdict["line"], 1);
    let error = verdict["error"].as_str().unwrap();
    assert!(
        error.contains("\"body\" is not a string of Unicode text"),
        "{error}"
    );
    assert_eq!(verdict.get("errors"), None);
}

#[test]
fn replay_of_an_unreadable_file_exits_2_with_one_line() {
    // A directory opens, and the first read fails.
    let dir = std::env::temp_dir();
    let output = run(&["--replay", dir.to_str().unwrap()], b"");
    assert_eq!(code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!("request: {}: cannot read:", dir.display())),
        "{stderr}"
    );
    assert_eq!(stdout(&output), "");
}

#[test]
fn replay_skips_an_overlong_line_unread_and_goes_on() {
    let long = format!(
        r#"{{"method":"PUT","target":"/api/v1/repository/org/app/tag/v1","headers":{{"Content-Type":"application/json"}},"body":"{}"}}"#,
        "x".repeat(2_000)
    );
    let ok = r#"{"method":"DELETE","target":"/api/v1/repository/org/app/tag/v1"}"#;
    let input = format!("{long}\n{ok}\n");
    let output = run(&["--replay", "-", "--body-limit", "0"], input.as_bytes());
    let text = stdout(&output);
    let verdicts: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The margin is 64 KiB: a 2,000-byte body fits the line limit, is read (the operation is
    // known), and is then too large.
    assert_eq!(
        rules(&verdicts[0]),
        [("body".into(), "body-too-large".into())]
    );
    assert_eq!(
        verdicts[0]["operation"], "quay.change-tag",
        "{}",
        verdicts[0]
    );
    assert_eq!(verdicts[1]["valid"], true);

    let huge = format!(
        r#"{{"method":"PUT","target":"/api/v1/repository/org/app/tag/v1","body":"{}"}}"#,
        "x".repeat(200_000)
    );
    let input = format!("{huge}\n{ok}\n");
    let output = run(&["--replay", "-"], input.as_bytes());
    let text = stdout(&output);
    let verdicts: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(verdicts.len(), 2);
    assert_eq!(verdicts[0]["line"], 1);
    assert_eq!(verdicts[0]["operation"], Value::Null);
    assert_eq!(
        rules(&verdicts[0]),
        [("body".into(), "body-too-large".into())]
    );
    assert!(verdicts[0]["errors"][0]["message"].as_str().unwrap().len() < 200);
    assert_eq!(
        (&verdicts[1]["line"], &verdicts[1]["valid"]),
        (&2.into(), &true.into())
    );
    assert_eq!(code(&output), 1);
}

/// Issue 29's acceptance lines: a request Quay serves is valid by default and shows the limit
/// used beside the limit given; `--strict` refuses it with three errors; an unknown
/// `filter_tag_name` op is refused in both modes (R10).
#[test]
fn compatible_by_default_strict_on_request() {
    let target = "/api/v1/repository/org/app/tag/?onlyActiveTags=True&limit=250&page=0";
    let output = run(&["GET", target], b"");
    assert_eq!(
        (code(&output), stdout(&output)),
        (0, "valid: quay.list-tags\n".into())
    );
    let (report, code_) = json(&["GET", target]);
    assert_eq!(code_, 0, "{report}");
    assert_eq!(report["valid"], true);
    let value = &report["value"];
    assert_eq!(
        (&value["limit"], &value["limit_given"]),
        (&100.into(), &250.into()),
        "{report}"
    );
    assert_eq!(
        (
            &value["page"],
            &value["page_given"],
            &value["onlyActiveTags"]
        ),
        (&1.into(), &0.into(), &true.into()),
        "{report}"
    );

    let (report, code_) = json(&["--strict", "GET", target]);
    assert_eq!(code_, 1);
    assert_eq!(
        rules(&report),
        [
            ("onlyActiveTags".into(), "not-a-boolean".into()),
            ("page".into(), "out-of-range".into()),
            ("limit".into(), "out-of-range".into())
        ]
    );
    let output = run(&["GET", target, "--strict"], b"");
    assert_eq!(code(&output), 1);
    assert_eq!(stdout(&output).lines().count(), 4, "{}", stdout(&output));

    let target = "/api/v1/repository/org/app/tag/?filter_tag_name=ne:v1";
    for strict in [false, true] {
        let mut args = vec!["GET", target];
        if strict {
            args.push("--strict");
        }
        let (report, code_) = json(&args);
        assert_eq!(code_, 1, "{report}");
        assert_eq!(
            rules(&report),
            [("filter_tag_name".into(), "unknown-filter-op".into())]
        );
    }

    // R6's corrected `expiration`: a fraction is valid in both modes.
    let body = r#"{"expiration": 1767225600.5}"#;
    for strict in [false, true] {
        let mut args = vec![
            "PUT",
            "/api/v1/repository/org/app/tag/v1",
            "-H",
            CT,
            "--body",
            body,
        ];
        if strict {
            args.push("--strict");
        }
        let (report, code_) = json(&args);
        assert_eq!(code_, 0, "{report}");
        assert_eq!(report["value"]["expiration"]["set"], 1767225600.5);
    }
}

/// `--replay --strict` reads each logged request strictly; without it, compatibly.
#[test]
fn replay_takes_the_mode() {
    let line = r#"{"method":"GET","target":"/api/v1/repository/org/app/tag/?limit=250"}"#;
    let output = run(&["--replay", "-"], line.as_bytes());
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let verdict: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(
        (&verdict["valid"], &verdict["value"]["limit"]),
        (&true.into(), &100.into())
    );
    let output = run(&["--replay", "-", "--strict"], line.as_bytes());
    assert_eq!(code(&output), 1);
    let verdict: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(rules(&verdict), [("limit".into(), "out-of-range".into())]);
}
