//! `registry-names scan --format sarif` and `--format github` (docs/scan.md S7), and the CI
//! recipes of the README, checked on what the real binary prints: the SARIF log against the
//! official SARIF 2.1.0 schema (tests/sarif/, with the `jsonschema` crate), its columns in UTF-16
//! code units, GitHub's escaping, and the GitLab code-quality report the README's `jq` program
//! makes, against the fields GitLab requires.
#![cfg(feature = "cli")]

use serde_json::{json, Value as Json};
use std::path::Path;
use std::process::{Command, Stdio};

mod scan_common;
use scan_common::{scan, TempDir};

fn sarif_validator() -> jsonschema::Validator {
    let schema: Json = serde_json::from_str(include_str!("sarif/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// The SARIF log of a scan, checked against the schema.
fn sarif(dir: &Path, args: &[&str]) -> (i32, Json) {
    let mut all = vec!["--format", "sarif"];
    all.extend_from_slice(args);
    let output = scan(dir, &all);
    let code = output.status.code().expect("exited normally");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(code < 2, "{stderr}");
    let log: Json = serde_json::from_slice(&output.stdout).expect("one JSON document");
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
    (code, log)
}

/// Each result as `URI:LINE:COL RULE`.
fn results(log: &Json) -> Vec<String> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let place = &r["locations"][0]["physicalLocation"];
            format!(
                "{}:{}:{} {}",
                place["artifactLocation"]["uri"].as_str().unwrap(),
                place["region"]["startLine"],
                place["region"]["startColumn"],
                r["ruleId"].as_str().unwrap()
            )
        })
        .collect()
}

/// The issue's acceptance directory: a Dockerfile, a manifest and a Terraform file.
fn acceptance(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    dir.write(
        "Dockerfile",
        "FROM swr.cn-north-4.myhuaweicloud.com/team/golang:1.22 AS build\n\
         FROM build\n\
         FROM nginx:latest\n",
    )
    .write(
        "deploy/app.yaml",
        "apiVersion: apps/v1\n\
         kind: Deployment\n\
         spec:\n\
         \x20 template:\n\
         \x20   spec:\n\
         \x20     containers:\n\
         \x20       - image: swr.ap-southeast-1.myhuaweicloud.com/team/app:latest\n\
         \x20       - image: myhuaweicloud.com.evil.io/team/app:1.0\n",
    )
    .write(
        "main.tf",
        "resource \"docker_image\" \"app\" {\n\
         \x20 name = \"swr.cn-north-4.myhuaweicloud.com/team/app:v1\"\n\
         }\n\
         resource \"docker_container\" \"proxy\" {\n\
         \x20 image = \"quay.io/team/proxy:1.0\"\n\
         }\n",
    );
    dir
}

const ACCEPTANCE: [&str; 5] = [
    "Dockerfile:3:6 policy/no-latest",
    "Dockerfile:3:6 policy/registry-not-allowed",
    "deploy/app.yaml:7:18 policy/no-latest",
    "deploy/app.yaml:8:18 policy/registry-not-allowed",
    "main.tf:5:12 policy/registry-not-allowed",
];

#[test]
fn the_issues_acceptance_command_prints_valid_sarif_of_exactly_the_findings() {
    let dir = acceptance("acceptance");
    let args = [
        "--no-latest",
        "--allow-registry",
        "*.myhuaweicloud.com",
        ".",
    ];
    let (code, log) = sarif(&dir.0, &args);
    assert_eq!(code, 1);
    assert_eq!(results(&log), ACCEPTANCE);
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "registry-names");
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        assert_eq!(result["level"], "error");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(!rules[index]["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
    }
    // The schema is strict enough to refuse what a careless writer would print.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(!sarif_validator().is_valid(&broken));
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        json!(0);
    assert!(!sarif_validator().is_valid(&broken));
    let message = run["results"][1]["message"]["text"].as_str().unwrap();
    assert_eq!(
        message,
        "registry docker.io is not allowed; allowed: *.myhuaweicloud.com (\"nginx:latest\")"
    );

    // The same policy from .registry-names.toml: the same log.
    dir.write(
        ".registry-names.toml",
        "[policy]\nno-latest = true\nallowed-registries = [\"*.myhuaweicloud.com\"]\n",
    );
    let (code, from_file) = sarif(&dir.0, &["."]);
    assert_eq!((code, from_file), (1, log));
}

#[test]
fn sarif_columns_count_utf16_code_units_and_paths_are_uris() {
    let dir = TempDir::new("utf16");
    // `é` is 2 bytes and 1 UTF-16 unit, `😀` 4 bytes and 2 units: the reference starts at byte
    // column 29 and UTF-16 column 24.
    dir.write("my app/values.yaml", "{note: \"é😀😀\", image: Nginx}\n");
    dir.write("ok.yaml", "kind: Pod\napiVersion: v1\nimage: nginx:1\n");
    let text = scan(&dir.0, &["my app/values.yaml"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with("my app/values.yaml:1:29: repository invalid-start"),
        "{text}"
    );
    let (code, log) = sarif(&dir.0, &["my app/values.yaml", "./ok.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(results(&log), ["my%20app/values.yaml:1:24 invalid-start"]);

    // Nothing found: a valid log with no results.
    let (code, empty) = sarif(&dir.0, &["ok.yaml"]);
    assert_eq!((code, results(&empty).len()), (0, 0));

    // A file's own problem, and a suppressed one shown as suppressed.
    dir.write("bad.yaml", "a: [\n");
    dir.write(
        "Dockerfile",
        "# registry-names: ignore=* -- vendored\nFROM Bad\n",
    );
    let (_, log) = sarif(&dir.0, &["--show-suppressed", "bad.yaml", "Dockerfile"]);
    let all = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(all[0]["ruleId"], "malformed-yaml");
    assert_eq!(all[1]["ruleId"], "invalid-start");
    assert_eq!(
        all[1]["suppressions"],
        json!([{"kind": "inSource", "justification": "vendored"}])
    );
}

#[test]
fn github_commands_are_one_line_each_and_escaped() {
    let dir = TempDir::new("github");
    // A file name with `%`, `:` and `,` (and a newline, where the file system allows one).
    dir.write("a%b:c,d.Dockerfile", "FROM nginx:latest\n");
    let mut args = vec!["--format", "github", "--no-latest", "a%b:c,d.Dockerfile"];
    #[cfg(unix)]
    {
        dir.write("x\ny.Dockerfile", "FROM Bad\n");
        args.push("x\ny.Dockerfile");
    }
    let output = scan(&dir.0, &args);
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    let mut expected = String::from(
        "::error file=a%25b%3Ac%2Cd.Dockerfile,line=1,col=6,title=reference policy/no-latest::\
         tag `latest` without a digest (\"nginx:latest\")\n",
    );
    if cfg!(unix) {
        expected.push_str(
            "::error file=x%0Ay.Dockerfile,line=1,col=6,title=repository invalid-start::must \
             start with a lowercase letter or digit, not 'B' (byte 0 of \"Bad\")\n",
        );
    }
    assert_eq!(out, expected);

    // In a message, `%` is escaped and `:` and `,` are not (the input is quoted, so a newline in
    // it is `\n` already).
    let dir = TempDir::new("github-message");
    dir.write("Dockerfile", "FROM quay.io/team/app:1%\n");
    let output = scan(
        &dir.0,
        &[
            "--format",
            "github",
            "--allow-registry",
            "r.example.com:5000",
            "Dockerfile",
        ],
    );
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(
        out.starts_with("::error file=Dockerfile,line=1,col=6,title=tag invalid-character::'%25'"),
        "{out}"
    );
    assert!(
        out.ends_with("(byte 18 of \"quay.io/team/app:1%25\")\n"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1);
    dir.write("Dockerfile", "FROM quay.io/team/app:1\n");
    let output = scan(
        &dir.0,
        &[
            "--format",
            "github",
            "--allow-registry",
            "r.example.com:5000",
            "Dockerfile",
        ],
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "::error file=Dockerfile,line=1,col=6,title=reference policy/registry-not-allowed::\
         registry quay.io is not allowed; allowed: r.example.com:5000 (\"quay.io/team/app:1\")\n"
    );
}

/// The README's GitLab job turns `--format jsonl` into a code-quality report with this `jq`
/// program; the test runs the same program and checks the fields GitLab's documented format
/// requires (`description`, `check_name`, `fingerprint`, `severity`, `location.path`,
/// `location.lines.begin`), with unique fingerprints.
const GITLAB_JQ: &str = r#"[inputs | select(.valid == false and .suppressed != true) | {description: "\(.error.rule): \(.error.message)", check_name: .error.rule, fingerprint: "\(.file):\(.line):\(.column):\(.error.rule)", severity: "major", location: {path: (.file | ltrimstr("./")), lines: {begin: (.line // 1)}}}]"#;

#[test]
fn the_readme_ci_recipes_produce_what_github_and_gitlab_read() {
    let readme = include_str!("../README.md");
    assert!(
        readme.contains(GITLAB_JQ),
        "the README's GitLab job runs the jq program this test checks"
    );
    assert!(readme.contains("github/codeql-action/upload-sarif"));
    assert!(readme.contains("registry-names scan --format sarif"));

    let dir = acceptance("gitlab");
    let output = scan(
        &dir.0,
        &[
            "--format",
            "jsonl",
            "--no-latest",
            "--allow-registry",
            "*.myhuaweicloud.com",
            ".",
        ],
    );
    let Ok(mut jq) = Command::new("jq")
        .args(["-n", GITLAB_JQ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    else {
        // .ci/run installs jq; a developer without it sees why the check is skipped.
        eprintln!("jq is not installed: the GitLab recipe is not checked");
        return;
    };
    use std::io::Write;
    jq.stdin.take().unwrap().write_all(&output.stdout).unwrap();
    let report = jq.wait_with_output().unwrap();
    assert!(report.status.success());
    let report: Json = serde_json::from_slice(&report.stdout).unwrap();
    let issues = report.as_array().unwrap();
    assert_eq!(issues.len(), ACCEPTANCE.len());
    let mut fingerprints = std::collections::BTreeSet::new();
    for (issue, expected) in issues.iter().zip(ACCEPTANCE) {
        for field in ["description", "check_name", "fingerprint", "severity"] {
            assert!(
                issue[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field}: {issue}"
            );
        }
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap()));
        let path = issue["location"]["path"].as_str().unwrap();
        let line = issue["location"]["lines"]["begin"].as_u64().unwrap();
        assert!(
            expected.starts_with(&format!("{path}:{line}:")),
            "{expected} {issue}"
        );
        assert!(
            dir.0.join(path).is_file(),
            "a path relative to the project: {path}"
        );
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()));
    }
}
