//! A corpus of requests shaped exactly as real clients build them, sent by those clients over
//! loopback through `ValidateRequestsLayer` (in an axum router, in front of a stub upstream):
//! Python `requests` and `urllib.parse` (tests/request_clients/client.py), Go `net/http` and
//! `net/url` (client.go), curl with `--data`, and, as raw HTTP/1.1 bytes, the Quay UI's
//! unencoded `filter_tag_name` and skopeo/podman-style `%2F` repository paths.
//!
//! In compatible mode (the default) no request that Quay's server serves is refused (R10: 0
//! false rejections) and each reaches the upstream with its target unchanged; in strict mode
//! each is refused exactly as docs/requests.md documents. A few requests are refused in both
//! modes, as documented (an unknown `filter_tag_name` op, SWR's documented rules, R4).
#![cfg(feature = "gateway")]

use axum::http::Uri;
use axum::Router;
use registry_names::gateway::ValidateRequestsLayer;
use registry_names::request::Mode;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};

/// `(parameter, rule)` of each error of a rejection.
type Rules = Vec<(String, String)>;

/// What the gateway did with each request: the targets the upstream saw, and each rejection's
/// target and rules (from the layer's `on_rejection` hook).
#[derive(Default)]
struct Log {
    passed: Vec<String>,
    rejected: Vec<(String, Rules)>,
}

/// Starts the layer in `mode` in front of a stub upstream that records each target it is given
/// and answers 200.
fn start(rt: &tokio::runtime::Runtime, mode: Mode) -> (SocketAddr, Arc<Mutex<Log>>) {
    let log = Arc::new(Mutex::new(Log::default()));
    let (upstream, hook) = (log.clone(), log.clone());
    let layer = ValidateRequestsLayer::new()
        .mode(mode)
        .on_rejection(move |parts, rejection| {
            let rules = rejection
                .errors()
                .iter()
                .map(|e| (e.parameter().to_owned(), e.rule().id().to_owned()))
                .collect();
            hook.lock()
                .unwrap()
                .rejected
                .push((parts.uri.to_string(), rules));
        });
    let app = Router::new()
        .fallback(move |uri: Uri| {
            let upstream = upstream.clone();
            async move {
                upstream.lock().unwrap().passed.push(uri.to_string());
                "upstream"
            }
        })
        .layer(layer);
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move { axum::serve(listener, app).await });
    (addr, log)
}

/// One request as a client sent it: its name in the corpus, the status it got, its target.
#[derive(Debug)]
struct Sent {
    name: String,
    status: u16,
    target: String,
}

/// Whether `program` runs (`args` print a version or import a module); in CI a missing client
/// fails the test, elsewhere its requests are skipped with a note.
fn available(program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is needed for the client corpus"
        );
        eprintln!(
            "skipping the {program} requests: `{program} {}` fails",
            args.join(" ")
        );
    }
    ok
}

/// Parses a client's `name<TAB>status<TAB>target` lines.
fn parse(program: &str, output: std::process::Output) -> Vec<Sent> {
    assert!(
        output.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let mut parts = line.splitn(3, '\t');
            let (name, status, target) = (parts.next(), parts.next(), parts.next());
            Sent {
                name: name.unwrap().to_owned(),
                status: status.unwrap().parse().unwrap(),
                target: target
                    .unwrap_or_else(|| panic!("{program}: {line}"))
                    .to_owned(),
            }
        })
        .collect()
}

fn python(addr: SocketAddr) -> Vec<Sent> {
    if !available("python3", &["-c", "import requests"]) {
        return Vec::new();
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/request_clients/client.py"
    );
    let output = Command::new("python3")
        .args([script, &format!("http://{addr}")])
        .output()
        .unwrap();
    parse("python3", output)
}

fn go(addr: SocketAddr) -> Vec<Sent> {
    if !available("go", &["version"]) {
        return Vec::new();
    }
    let program = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/request_clients/client.go"
    );
    let output = Command::new("go")
        .args(["run", program, &format!("http://{addr}")])
        // One file of the standard library only: no module needed; the build cache in the
        // target directory, as CI's HOME may not be writable.
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "")
        .env("GOCACHE", concat!(env!("CARGO_TARGET_TMPDIR"), "/go-cache"))
        .output()
        .unwrap();
    parse("go", output)
}

/// curl as scripts call it: `--data` for a JSON body (with and without its `Content-Type`),
/// `-G --data`/`--data-urlencode` for a query.
fn curl(addr: SocketAddr) -> Vec<Sent> {
    if !available("curl", &["--version"]) {
        return Vec::new();
    }
    let base = format!("http://{addr}");
    let calls: [(&str, Vec<String>); 3] = [
        (
            "curl-data-json",
            vec![
                "-X".into(),
                "POST".into(),
                "-H".into(),
                "Content-Type: application/json".into(),
                "--data".into(),
                r#"{"source_tag":"v1","destination_tag":"v1-stable"}"#.into(),
                format!("{base}/v2/manage/namespaces/group/repos/library%24nginx/tags"),
            ],
        ),
        (
            "curl-get-data",
            vec![
                "-G".into(),
                "--data".into(),
                "onlyActiveTags=True".into(),
                "--data-urlencode".into(),
                "filter_tag_name=like:v1".into(),
                format!("{base}/api/v1/repository/org/app/tag/"),
            ],
        ),
        (
            // Without -H, curl sends `--data` as application/x-www-form-urlencoded.
            "curl-data-form",
            vec![
                "-X".into(),
                "PUT".into(),
                "--data".into(),
                r#"{"expiration":null}"#.into(),
                format!("{base}/api/v1/repository/org/app/tag/v1"),
            ],
        ),
    ];
    calls
        .into_iter()
        .map(|(name, args)| {
            let output = Command::new("curl")
                .args([
                    "-s",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}\t%{url_effective}",
                ])
                .args(&args)
                .output()
                .unwrap();
            assert!(output.status.success(), "curl {args:?}");
            let text = String::from_utf8(output.stdout).unwrap();
            let (status, url) = text.split_once('\t').unwrap();
            Sent {
                name: name.into(),
                status: status.parse().unwrap(),
                target: url.strip_prefix(&base).unwrap().to_owned(),
            }
        })
        .collect()
}

/// Requests written byte for byte as the Quay UI and skopeo/podman send them: a
/// `filter_tag_name` whose `:` is not encoded, a nested repository with each `/` as `%2F`.
fn raw(addr: SocketAddr) -> Vec<Sent> {
    let json = r#"{"source_tag":"v1","destination_tag":"v2"}"#;
    [
        (
            "ui-filter-like",
            "GET",
            "/api/v1/repository/org/app/tag/?limit=10&page=1&onlyActiveTags=true&filter_tag_name=like:v1",
            "",
        ),
        (
            "ui-filter-eq",
            "GET",
            "/api/v1/repository/org/app/tag/?filter_tag_name=eq:latest&onlyActiveTags=true",
            "",
        ),
        (
            "ui-filter-unknown-op",
            "GET",
            "/api/v1/repository/org/app/tag/?filter_tag_name=ne:v1",
            "",
        ),
        (
            "skopeo-quay-nested",
            "DELETE",
            "/api/v1/repository/org%2Fteam%2Fapp/tag/v1",
            "",
        ),
        (
            "podman-swr-slash",
            "POST",
            "/v2/manage/namespaces/group/repos/library%2Fnginx/tags",
            json,
        ),
    ]
    .into_iter()
    .map(|(name, method, target, body)| {
        let mut stream = TcpStream::connect(addr).unwrap();
        let content_type = if body.is_empty() {
            ""
        } else {
            "Content-Type: application/json\r\n"
        };
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: {addr}\r\n{content_type}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response.split(' ').nth(1).unwrap().parse().unwrap();
        Sent {
            name: name.into(),
            status,
            target: target.into(),
        }
    })
    .collect()
}

/// Each request's rules in compatible and in strict mode (empty: served).
fn expected() -> BTreeMap<&'static str, [&'static [(&'static str, &'static str)]; 2]> {
    const NONE: &[(&str, &str)] = &[];
    BTreeMap::from([
        // Compatible serves what Quay serves; strict refuses it as documented (R10).
        (
            "py-bool-limit-page",
            [
                NONE,
                &[
                    ("onlyActiveTags", "not-a-boolean"),
                    ("page", "out-of-range"),
                    ("limit", "out-of-range"),
                ][..],
            ],
        ),
        (
            "py-false-specific",
            [NONE, &[("onlyActiveTags", "not-a-boolean")][..]],
        ),
        (
            "py-space-plus",
            [NONE, &[("filter_tag_name", "invalid-character")][..]],
        ),
        ("go-values-limit", [NONE, &[("limit", "out-of-range")][..]]),
        (
            "curl-get-data",
            [NONE, &[("onlyActiveTags", "not-a-boolean")][..]],
        ),
        // Valid in both modes.
        ("py-list-undocumented", [NONE, NONE]),
        ("py-urlencode", [NONE, NONE]),
        ("py-expiration-fraction", [NONE, NONE]),
        ("py-expiration-null", [NONE, NONE]),
        ("py-restore", [NONE, NONE]),
        ("py-swr-create-tag", [NONE, NONE]),
        ("go-pathescape-list", [NONE, NONE]),
        ("go-pathescape-delete", [NONE, NONE]),
        ("go-expiration", [NONE, NONE]),
        ("go-codearts", [NONE, NONE]),
        ("curl-data-json", [NONE, NONE]),
        ("ui-filter-like", [NONE, NONE]),
        ("ui-filter-eq", [NONE, NONE]),
        ("skopeo-quay-nested", [NONE, NONE]),
        // Refused in both modes, as documented: an unknown op (R10), SWR's own rules (R3, R2)
        // and a body that is not declared JSON (R4).
        (
            "ui-filter-unknown-op",
            [&[("filter_tag_name", "unknown-filter-op")][..]; 2],
        ),
        (
            "py-swr-bool",
            [&[("with_manifest", "not-a-boolean")][..]; 2],
        ),
        (
            "podman-swr-slash",
            [&[("repository", "slash-in-path-form")][..]; 2],
        ),
        (
            "curl-data-form",
            [&[("Content-Type", "unsupported-media-type")][..]; 2],
        ),
    ])
}

#[test]
fn real_clients_are_served_in_compatible_mode_and_refused_as_documented_in_strict() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let expected = expected();
    for (i, mode) in [Mode::Compatible, Mode::Strict].into_iter().enumerate() {
        let (addr, log) = start(&rt, mode);
        let mut sent = python(addr);
        sent.extend(go(addr));
        sent.extend(curl(addr));
        sent.extend(raw(addr));
        let log = log.lock().unwrap();
        let mut false_rejections = Vec::new();
        for request in &sent {
            let want = expected
                .get(request.name.as_str())
                .unwrap_or_else(|| panic!("{} is not in the corpus", request.name))[i];
            let rejected: Vec<&Rules> = log
                .rejected
                .iter()
                .filter(|(target, _)| *target == request.target)
                .map(|(_, rules)| rules)
                .collect();
            if want.is_empty() {
                if request.status != 200 {
                    false_rejections.push(format!("{request:?}: {rejected:?}"));
                }
                // Passed on with the target the client sent, unchanged.
                assert!(log.passed.contains(&request.target), "{mode}: {request:?}");
            } else {
                assert_eq!(request.status, 400, "{mode}: {request:?}");
                let want: Rules = want
                    .iter()
                    .map(|(p, r)| (p.to_string(), r.to_string()))
                    .collect();
                assert!(
                    rejected.contains(&&want),
                    "{mode}: {request:?}: {rejected:?}"
                );
            }
        }
        // Each served request reached the upstream once, each refused one never did.
        let served = sent.iter().filter(|s| s.status == 200).count();
        assert_eq!(log.passed.len(), served, "{mode}: {:?}", log.passed);
        assert_eq!(log.rejected.len(), sent.len() - served, "{mode}");
        assert_eq!(false_rejections, Vec::<String>::new(), "{mode}");
        // Every client that ran sent each of its requests.
        let names: Vec<&str> = sent.iter().map(|s| s.name.as_str()).collect();
        if std::env::var_os("CI").is_some() {
            assert_eq!(names.len(), expected.len(), "{names:?}");
        }
        eprintln!(
            "{mode}: {} requests, {served} served, {} refused as documented, 0 false rejections",
            sent.len(),
            sent.len() - served
        );
    }
}
