//! `registry-names scan` on real files in a temporary directory, as a user runs it: exact
//! FILE:LINE:COL positions, exit statuses, directory walks, bounded and malformed files.
#![cfg(feature = "cli")]

use serde_json::Value as Json;
use std::path::Path;
use std::process::Output;

mod scan_common;
use scan_common::{scan, TempDir};

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

/// Every reference found, as `FILE:LINE:COL INPUT valid|RULE`, from `--format jsonl`.
fn found(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "jsonl"];
    all.extend_from_slice(args);
    let output = scan(dir, &all);
    assert!(
        code(&output) < 2,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
        .lines()
        .map(|line| {
            let v: Json = serde_json::from_str(line).unwrap();
            let verdict = if v["valid"] == true {
                "valid".to_string()
            } else {
                v["error"]["rule"].as_str().unwrap().to_string()
            };
            format!(
                "{}:{}:{} {} {verdict}",
                v["file"].as_str().unwrap(),
                v["line"],
                v["column"],
                v["input"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

const DOCKERFILE: &str = "\
# escape=\\
ARG REGISTRY=quay.io
ARG TAG
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN go build \\
    -o /out/app .

FROM \\
  # a comment inside the instruction
  ${REGISTRY}/org/base:${TAG:-v1} \\
  AS base
FROM build AS again
FROM scratch
COPY --from=build /out/app /app
COPY --from=0 /out/app /app
COPY --chown=0:0 --from=nginx:1.27 /etc/nginx /etc/nginx
RUN --mount=type=bind,from=busybox:1.36,target=/bb ls /bb
FROM alpine:$TAG
";

#[test]
fn dockerfile_references_with_exact_positions() {
    let dir = TempDir::new("dockerfile");
    dir.write("Dockerfile", DOCKERFILE);
    assert_eq!(
        found(&dir.0, &["Dockerfile"]),
        [
            "Dockerfile:4:32 golang:1.22 valid",
            "Dockerfile:10:3 quay.io/org/base:v1 valid",
            "Dockerfile:16:25 nginx:1.27 valid",
            "Dockerfile:17:28 busybox:1.36 valid",
        ]
    );
    // With --strict the reference whose ARG has no default is reported, as written.
    assert_eq!(
        found(&dir.0, &["--strict", "Dockerfile"]).last().unwrap(),
        "Dockerfile:18:6 alpine:$TAG unresolved-variable"
    );
    let output = scan(&dir.0, &["Dockerfile"]);
    assert_eq!((code(&output), stdout(&output)), (0, String::new()));
    let output = scan(&dir.0, &["--strict", "Dockerfile"]);
    assert_eq!(
        (code(&output), stdout(&output)),
        (
            1,
            "Dockerfile:18:6: reference unresolved-variable: holds a variable with no default value: not checked (\"alpine:$TAG\")\n".to_string()
        )
    );
}

#[test]
fn dockerfile_escape_directive_and_invalid_references() {
    let dir = TempDir::new("escape");
    dir.write(
        "windows.Dockerfile",
        "# escape=`\nFROM `\n    swr.cn-north-4.myhuaweicloud.com/busybox:latest\nRUN dir c:\\\nCOPY --from=quay.io/a/app:v1 c:\\a c:\\b\n",
    );
    let output = scan(&dir.0, &["windows.Dockerfile"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stdout(&output),
        "windows.Dockerfile:3:5: namespace missing-namespace: this registry needs NAMESPACE/REPOSITORY, not a repository alone (byte 40 of \"swr.cn-north-4.myhuaweicloud.com/busybox:latest\")\n\
         windows.Dockerfile:5:13: namespace too-short: must be at least 2 bytes long (byte 9 of \"quay.io/a/app:v1\")\n"
    );
}

const MANIFESTS: &str = "\
apiVersion: v1
kind: Pod
spec:
  initContainers:
  - name: init
    image: busybox:1.36
  containers:
  - name: app
    image: \"swr.cn-north-4.myhuaweicloud.com/group/app:v1\"
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {image: not-a-reference}}
spec:
  template:
    spec:
      containers: [{name: web, image: 'Nginx:1.27'}, {name: side, image: \"quay.io/org/side\"}]
      ephemeralContainers:
        - name: debug
          image: >-
            registry.example.com:5000/busybox
---
apiVersion: batch/v1
kind: CronJob
spec:
  schedule: \"@daily\"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: |
                alpine:3.20
            - name: templated
              image: \"{{ .Values.image }}\"
";

#[test]
fn kubernetes_manifests_with_exact_positions() {
    let dir = TempDir::new("k8s");
    dir.write("k8s/all.yaml", MANIFESTS);
    assert_eq!(
        found(&dir.0, &["k8s/all.yaml"]),
        [
            "k8s/all.yaml:6:12 busybox:1.36 valid",
            "k8s/all.yaml:9:13 swr.cn-north-4.myhuaweicloud.com/group/app:v1 valid",
            "k8s/all.yaml:17:40 Nginx:1.27 invalid-start",
            "k8s/all.yaml:17:75 quay.io/org/side valid",
            "k8s/all.yaml:21:13 registry.example.com:5000/busybox valid",
            // A literal block keeps its final line break, which no registry accepts.
            "k8s/all.yaml:34:17 alpine:3.20\n invalid-character",
        ]
    );
    let output = scan(&dir.0, &["k8s/all.yaml"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stdout(&output),
        "k8s/all.yaml:17:40: repository invalid-start: must start with a lowercase letter or digit, not 'N' (byte 0 of \"Nginx:1.27\")\n\
         k8s/all.yaml:34:17: tag invalid-character: 0x0A is not allowed here; expected letters, digits, '_', '.' or '-' (byte 11 of \"alpine:3.20\\n\")\n"
    );
}

#[test]
fn profile_flag_maps_a_host_to_swr() {
    let dir = TempDir::new("profile");
    dir.write(
        "pod.yml",
        "spec:\n  containers:\n    - image: registry.example.com:5000/busybox\n",
    );
    assert_eq!(code(&scan(&dir.0, &["pod.yml"])), 0);
    let output = scan(
        &dir.0,
        &["--profile", "registry.example.com:5000=swr", "pod.yml"],
    );
    assert_eq!(code(&output), 1);
    assert_eq!(
        stdout(&output),
        "pod.yml:3:14: namespace missing-namespace: this registry needs NAMESPACE/REPOSITORY, not a repository alone (byte 33 of \"registry.example.com:5000/busybox\")\n"
    );
    for bad in [
        "registry.example.com=nope",
        "no-equals-sign",
        "foo_bar.com=swr",
    ] {
        let output = scan(&dir.0, &["--profile", bad, "pod.yml"]);
        assert_eq!(code(&output), 2, "{bad}");
    }
}

#[test]
fn compose_gitlab_and_github_actions() {
    let dir = TempDir::new("ci");
    dir.write(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n  db:\n    image: \"postgres:${PG:-16}\"\n    build: .\n",
    )
    .write(
        ".gitlab-ci.yml",
        "image: ruby:3.3\nservices:\n  - postgres:16\n  - name: redis:7\n    alias: cache\ntest:\n  image: {name: \"python:3.12\", entrypoint: [\"\"]}\n  services: [mysql:8]\n  script: make test\n",
    )
    .write(
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  test:\n    container: node:20\n    services:\n      redis:\n        image: redis:7\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker://alpine:3.20\n      - uses: 'docker://${{ matrix.image }}'\n  other:\n    container:\n      image: ghcr.io/org/Tool:1\n",
    );
    assert_eq!(
        found(&dir.0, &["."]),
        [
            "./.github/workflows/ci.yml:4:16 node:20 valid",
            "./.github/workflows/ci.yml:7:16 redis:7 valid",
            "./.github/workflows/ci.yml:10:24 alpine:3.20 valid",
            "./.github/workflows/ci.yml:14:14 ghcr.io/org/Tool:1 invalid-character",
            "./.gitlab-ci.yml:1:8 ruby:3.3 valid",
            "./.gitlab-ci.yml:3:5 postgres:16 valid",
            "./.gitlab-ci.yml:4:11 redis:7 valid",
            "./.gitlab-ci.yml:7:18 python:3.12 valid",
            "./.gitlab-ci.yml:8:14 mysql:8 valid",
            "./compose.yaml:3:12 nginx:1.27 valid",
            // Compose takes the default (class 11).
            "./compose.yaml:5:13 postgres:16 valid",
        ]
    );
}

#[test]
fn directories_are_walked_honouring_gitignore() {
    let dir = TempDir::new("walk");
    dir.write(".gitignore", "build/\n")
        .write("build/Dockerfile", "FROM Bad\n")
        .write("app/Dockerfile", "FROM Bad\n")
        .write("app/notes.txt", "FROM Bad\n")
        .write("app/Dockerfile.dev", "FROM also/Bad\n");
    let output = scan(&dir.0, &["app", "."]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stdout(&output),
        "app/Dockerfile:1:6: repository invalid-start: must start with a lowercase letter or digit, not 'B' (byte 0 of \"Bad\")\n\
         app/Dockerfile.dev:1:6: repository invalid-character: uppercase 'B' is not allowed; expected lowercase letters and digits joined by '.', '_', '__', '-' or '/', then ':' or '@' (byte 5 of \"also/Bad\")\n\
         ./app/Dockerfile:1:6: repository invalid-start: must start with a lowercase letter or digit, not 'B' (byte 0 of \"Bad\")\n\
         ./app/Dockerfile.dev:1:6: repository invalid-character: uppercase 'B' is not allowed; expected lowercase letters and digits joined by '.', '_', '__', '-' or '/', then ':' or '@' (byte 5 of \"also/Bad\")\n"
    );
    // A file named on the command line is read even when ignored.
    assert_eq!(code(&scan(&dir.0, &["build/Dockerfile"])), 1);
}

#[test]
fn malformed_and_non_utf8_files_are_one_finding_each() {
    let dir = TempDir::new("malformed");
    dir.write("bad.yaml", "spec:\n  containers:\n    - image: [nginx\n")
        .write("Dockerfile", b"FROM alpine\nLABEL x=\"\xff\"\n");
    let output = scan(&dir.0, &["bad.yaml", "Dockerfile"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stdout(&output),
        "bad.yaml:4:1: file malformed-yaml: malformed YAML: while parsing a flow sequence, expected ',' or ']'\n\
         Dockerfile:2:10: file not-utf8: not UTF-8 text\n"
    );
}

#[test]
fn a_file_over_8_mib_is_reported_without_being_read() {
    let dir = TempDir::new("large");
    // Sparse: 9 MiB of size, no data written.
    let file = std::fs::File::create(dir.0.join("huge.yaml")).unwrap();
    file.set_len(9 * 1024 * 1024).unwrap();
    dir.write("ok.yaml", "containers: [{image: nginx}]\n");
    let output = scan(&dir.0, &["huge.yaml", "ok.yaml"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stdout(&output),
        "huge.yaml: file file-too-large: file too large: 9437184 bytes, more than the 8388608-byte limit; skipped\n"
    );
    let output = scan(&dir.0, &["--format", "jsonl", "huge.yaml"]);
    let v: Json = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(v["error"]["rule"], "file-too-large");
    assert_eq!(v["valid"], false);
}

/// A reference whose ARG expansion would pass 64 KiB is one problem, found without building it:
/// 1 MB of Dockerfile expanding a 400 KB variable 300,000 times.
#[test]
fn an_expansion_past_64_kib_is_reported_not_built() {
    let dir = TempDir::new("expansion");
    let value = "a".repeat(400_000);
    let repeats = "$A".repeat(300_000);
    dir.write(
        "Dockerfile",
        format!("ARG A={value}\nFROM ${{A}}{repeats}\n"),
    );
    let output = scan(&dir.0, &["Dockerfile"]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(
        text.starts_with("Dockerfile:2:6: reference expansion-too-long: its ARG expansion is longer than 65536 bytes, or takes the file's expansions past 8388608 bytes: not checked (\"${A}$A$A"),
        "{text}"
    );
    assert!(
        text.ends_with("… (600004 bytes))\n") && text.len() < 350,
        "{text}"
    );
}

#[test]
fn other_files_have_no_findings_and_usage_errors_exit_2() {
    let dir = TempDir::new("usage");
    dir.write("README.md", "FROM Bad\nimage: Bad\n");
    let output = scan(&dir.0, &["README.md"]);
    assert_eq!((code(&output), stdout(&output)), (0, String::new()));
    assert_eq!(code(&scan(&dir.0, &[])), 2);
    let output = scan(&dir.0, &["missing.yaml"]);
    assert_eq!(code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.yaml: cannot read"));
}

/// In JSON, a reference longer than the quotation limit is shown cut, with `…` and its whole
/// length; one at the limit is shown whole.
#[test]
fn jsonl_cuts_only_a_long_input() {
    let dir = TempDir::new("long-input");
    let at_limit = format!("Quay.io/org/{}", "a".repeat(64 - 12));
    let over = format!("{at_limit}b");
    dir.write("Dockerfile", format!("FROM {at_limit}\nFROM {over}\n"));
    let output = scan(&dir.0, &["--format", "jsonl", "Dockerfile"]);
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", stdout(&output));
    assert_eq!(lines[0]["input"], at_limit.as_str());
    assert!(lines[0].get("input_length").is_none(), "{}", lines[0]);
    assert_eq!(lines[1]["input"], format!("{at_limit}…").as_str());
    assert_eq!(lines[1]["input_length"], 65);
}
