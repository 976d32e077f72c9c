//! `registry-names scan` policies (docs/scan.md S5) and suppressions (S6) on every format it
//! reads, through the real binary: each policy's findings, the cases string-matching linters get
//! wrong (`reg:5000/app` has no tag, `registry.example.com.evil.io` and `team-evil/` are other
//! registries and paths, a digest makes `latest` harmless), the exemptions (`scratch`, stages,
//! Kustomize `name` matchers), `.registry-names.toml`, and suppression comments.
#![cfg(feature = "cli")]

use serde_json::Value as Json;
use std::path::Path;

mod scan_common;
use scan_common::{scan, TempDir};

const HEX: &str = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

/// One file of each format, with the references the policies disagree on.
fn project(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    dir.write(
        "Dockerfile",
        format!(
            "FROM nginx\n\
             FROM nginx:latest AS base\n\
             FROM base\n\
             FROM scratch\n\
             FROM reg:5000/app\n\
             FROM alpine:latest@sha256:{HEX}\n"
        ),
    )
    .write(
        "k8s/pod.yaml",
        "apiVersion: v1\n\
         kind: Pod\n\
         spec:\n\
         \x20 containers:\n\
         \x20   - image: registry.example.com.evil.io/team/app:1.0\n\
         \x20   - image: registry.example.com/team-evil/app:1.0\n\
         \x20   - image: registry.example.com/team/app:1.0\n\
         \x20   - image: REGISTRY.example.com/team/app:latest\n",
    )
    .write(
        "kustomization.yaml",
        "images:\n  - name: nginx\n  - name: redis\n    newTag: latest\n",
    )
    .write(
        "main.tf",
        "resource \"huaweicloud_swr_organization\" \"team\" {\n\
         \x20 name = \"team\"\n\
         }\n\
         resource \"docker_image\" \"app\" {\n\
         \x20 name = \"registry.example.com/team/app\"\n\
         }\n",
    )
    .write(
        ".devcontainer/devcontainer.json",
        "{ \"image\": \"mcr.microsoft.com/devcontainers/base:latest\" }\n",
    );
    dir
}

/// The problems of a jsonl scan, as `FILE:LINE:COL RULE`, and the exit status.
fn problems(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["--format", "jsonl"];
    all.extend_from_slice(args);
    let output = scan(dir, &all);
    let code = output.status.code().expect("exited normally");
    assert!(code < 2, "{}", String::from_utf8_lossy(&output.stderr));
    let lines = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Json>(line).unwrap())
        .filter(|v| v["valid"] == false)
        .map(|v| {
            let suppressed = if v["suppressed"] == true {
                " suppressed"
            } else {
                ""
            };
            format!(
                "{}:{}:{} {}{suppressed}",
                v["file"].as_str().unwrap(),
                v["line"],
                v["column"],
                v["error"]["rule"].as_str().unwrap()
            )
        })
        .collect();
    (code, lines)
}

#[test]
fn nothing_is_a_policy_finding_without_a_policy() {
    let dir = project("none");
    assert_eq!(problems(&dir.0, &["."]), (0, vec![]));
}

#[test]
fn tag_required_spares_scratch_stages_and_matchers_and_reads_ports_as_ports() {
    let dir = project("tag");
    assert_eq!(
        problems(&dir.0, &["--require-tag", "."]),
        (
            1,
            vec![
                "./Dockerfile:1:6 policy/tag-required".to_string(),
                // `:5000` is the port: no tag (Checkov's CKV_DOCKER_7 reads it as one).
                "./Dockerfile:5:6 policy/tag-required".into(),
                "./main.tf:5:11 policy/tag-required".into(),
            ]
        )
    );
}

#[test]
fn no_latest_is_harmless_with_a_digest_and_reads_every_format() {
    let dir = project("latest");
    assert_eq!(
        problems(&dir.0, &["--no-latest", "."]),
        (
            1,
            vec![
                "./.devcontainer/devcontainer.json:1:13 policy/no-latest".to_string(),
                "./Dockerfile:2:6 policy/no-latest".into(),
                "./k8s/pod.yaml:8:14 policy/no-latest".into(),
                // Put together from `name` and `newTag`: reported at the name.
                "./kustomization.yaml:3:11 policy/no-latest".into(),
            ]
        )
    );
}

#[test]
fn digest_required_finds_every_reference_without_one() {
    let dir = project("digest");
    let (code, found) = problems(&dir.0, &["--require-digest", "."]);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            "./.devcontainer/devcontainer.json:1:13 policy/digest-required",
            "./Dockerfile:1:6 policy/digest-required",
            "./Dockerfile:2:6 policy/digest-required",
            "./Dockerfile:5:6 policy/digest-required",
            "./k8s/pod.yaml:5:14 policy/digest-required",
            "./k8s/pod.yaml:6:14 policy/digest-required",
            "./k8s/pod.yaml:7:14 policy/digest-required",
            "./k8s/pod.yaml:8:14 policy/digest-required",
            "./kustomization.yaml:3:11 policy/digest-required",
            "./main.tf:5:11 policy/digest-required",
        ]
    );
}

#[test]
fn allowed_registries_match_whole_labels_and_whole_path_components() {
    let dir = project("registries");
    let (code, found) = problems(
        &dir.0,
        &["--allow-registry", "registry.example.com/team/", "."],
    );
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            "./.devcontainer/devcontainer.json:1:13 policy/registry-not-allowed",
            // No domain: docker.io.
            "./Dockerfile:1:6 policy/registry-not-allowed",
            "./Dockerfile:2:6 policy/registry-not-allowed",
            "./Dockerfile:5:6 policy/registry-not-allowed",
            "./Dockerfile:6:6 policy/registry-not-allowed",
            // Gatekeeper's K8sAllowedRepos admits both of these (a bare prefix).
            "./k8s/pod.yaml:5:14 policy/registry-not-allowed",
            "./k8s/pod.yaml:6:14 policy/registry-not-allowed",
            "./kustomization.yaml:3:11 policy/registry-not-allowed",
        ]
    );

    // Hosts compare without regard to case; `*.` is one or more whole labels; a port is part of
    // the registry; `docker.io/library/` holds the official images written without a domain.
    let patterns = [
        "--allow-registry",
        "*.example.com",
        "--allow-registry",
        "reg:5000",
        "--allow-registry",
        "docker.io/library/",
        "--allow-registry",
        "MCR.microsoft.com",
    ];
    let mut args = patterns.to_vec();
    args.push(".");
    assert_eq!(
        problems(&dir.0, &args),
        (
            1,
            vec!["./k8s/pod.yaml:5:14 policy/registry-not-allowed".to_string()]
        )
    );
}

#[test]
fn the_message_lists_at_most_64_bytes_of_the_allowed_patterns() {
    let dir = TempDir::new("message");
    dir.write("Dockerfile", "FROM quay.io/xy/z:1\n");
    let long = format!("{}.{}.example.com", "a".repeat(30), "b".repeat(30));
    let output = scan(
        &dir.0,
        &[
            "--allow-registry",
            "r.example.com",
            "--allow-registry",
            &long,
            "Dockerfile",
        ],
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let listed = format!("r.example.com, {long}")[..64].to_string();
    assert_eq!(
        text,
        format!(
            "Dockerfile:1:6: reference policy/registry-not-allowed: registry quay.io is not \
             allowed; allowed: {listed}… (\"quay.io/xy/z:1\")\n"
        )
    );
}

#[test]
fn the_config_file_gives_the_same_findings_and_flags_add_to_it() {
    let dir = project("config");
    let flags = problems(
        &dir.0,
        &["--no-latest", "--allow-registry", "*.example.com", "."],
    );
    dir.write(
        ".registry-names.toml",
        "[policy]\nno-latest = true\nallowed-registries = [\"*.example.com\"]\n",
    );
    assert_eq!(problems(&dir.0, &["."]), flags);
    let mut more = problems(&dir.0, &["--require-tag", "."]).1;
    more.retain(|p| p.ends_with("policy/tag-required"));
    assert_eq!(more.len(), 3);
}

#[test]
fn a_bad_config_file_is_a_usage_error_naming_its_line() {
    let dir = project("bad-config");
    for (toml, said) in [
        (
            "[policy]\nno-latest = true\nrequire-tags = true\n",
            "registry-names: .registry-names.toml:3:1: unknown field `require-tags`",
        ),
        (
            "[policy]\nallowed-registries = [\n  \"registry.example.com\",\n  \"*evil.io\",\n]\n",
            "registry-names: .registry-names.toml:4:4: bad registry pattern \"*evil.io\"",
        ),
    ] {
        dir.write(".registry-names.toml", toml);
        let output = scan(&dir.0, &["."]);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.starts_with(said), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(output.stdout.is_empty());
    }
    let output = scan(&dir.0, &["--allow-registry", "quay*.io", "."]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn suppressions_on_the_line_above_and_for_the_file() {
    let dir = TempDir::new("suppress");
    dir.write(
        "Dockerfile",
        "# registry-names: ignore=policy/no-latest -- the CI image follows upstream\n\
         FROM ci:latest\n\
         FROM nginx:latest\n\
         # registry-names: ignore=*\n\
         FROM Bad:latest\n",
    )
    .write(
        "pod.yaml",
        "# registry-names: ignore-file=policy/registry-not-allowed\n\
         kind: Pod\n\
         apiVersion: v1\n\
         spec:\n\
         \x20 containers:\n\
         \x20   - image: quay.io/ab/b:latest # registry-names: ignore=policy/no-latest\n\
         \x20   - image: quay.io/ab/c:latest\n",
    )
    .write(
        "main.tf",
        "resource \"docker_image\" \"a\" {\n\
         \x20 // registry-names: ignore=policy/no-latest\n\
         \x20 name = \"quay.io/ab/b:latest\"\n\
         \x20 # registry-names: ignore=policy/no-latset,policy/registry-not-allowed\n\
         }\n\
         resource \"docker_image\" \"b\" {\n\
         \x20 name = \"quay.io/ab/c:latest\" # registry-names: ignore=policy/registry-not-allowed\n\
         }\n",
    );
    let args = ["--no-latest", "--allow-registry", "r.example.com", "."];
    let (code, found) = problems(&dir.0, &args);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            "./Dockerfile:2:6 policy/registry-not-allowed",
            "./Dockerfile:3:6 policy/no-latest",
            "./Dockerfile:3:6 policy/registry-not-allowed",
            "./main.tf:3:11 policy/registry-not-allowed",
            // A mistyped id suppresses nothing and is pointed out.
            "./main.tf:4:28 unknown-suppression",
            "./main.tf:7:11 policy/no-latest",
            "./pod.yaml:7:14 policy/no-latest",
        ]
    );

    let mut shown = args.to_vec();
    shown.insert(0, "--show-suppressed");
    let (_, all) = problems(&dir.0, &shown);
    let suppressed: Vec<&String> = all.iter().filter(|p| p.ends_with("suppressed")).collect();
    assert_eq!(
        suppressed,
        [
            "./Dockerfile:2:6 policy/no-latest suppressed",
            "./Dockerfile:5:6 invalid-start suppressed",
            "./main.tf:3:11 policy/no-latest suppressed",
            "./main.tf:7:11 policy/registry-not-allowed suppressed",
            "./pod.yaml:6:14 policy/no-latest suppressed",
            "./pod.yaml:6:14 policy/registry-not-allowed suppressed",
            "./pod.yaml:7:14 policy/registry-not-allowed suppressed",
        ]
    );

    // A reference put together from fields: the comment on its name's line covers the error
    // found in a field below.
    let helm = TempDir::new("helm");
    helm.write(
        "values.yaml",
        "image:\n  # registry-names: ignore=digest-length -- pinned by the chart\n\
         \x20 repository: bitnami/nginx\n  tag: \"1.0\"\n  digest: sha256:abc\n",
    );
    assert_eq!(
        problems(&helm.0, &["--show-suppressed", "."]),
        (
            0,
            vec!["./values.yaml:5:11 digest-length suppressed".to_string()]
        )
    );

    // All suppressed: exit 0, and the text output says nothing.
    let quiet = TempDir::new("quiet");
    quiet.write(
        "Dockerfile",
        "# registry-names: ignore=* -- vendored\nFROM Bad\n",
    );
    let output = scan(&quiet.0, &["."]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
}

#[test]
fn an_unknown_suppression_is_a_problem_in_text_too() {
    let dir = TempDir::new("unknown");
    dir.write(
        "compose.yaml",
        "services:\n  web:\n    # registry-names: ignore=policy/nolatest\n    image: nginx:latest\n",
    );
    let output = scan(&dir.0, &["--no-latest", "compose.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "compose.yaml:3:30: suppression unknown-suppression: not a rule id (docs/scan.md S5, \
         docs/grammars.md §9) (\"policy/nolatest\")\n\
         compose.yaml:4:12: reference policy/no-latest: tag `latest` without a digest \
         (\"nginx:latest\")\n"
    );
}
