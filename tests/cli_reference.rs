//! `registry-names check` and `lint` on image references (docs/grammars.md §10), with `--profile`.
#![cfg(feature = "cli")]

#[path = "support/cli.rs"]
mod cli;
use cli::*;

#[test]
fn text_names_the_part_and_the_grammar() {
    let out = run(
        &[
            "check",
            "--kind",
            "image-reference",
            "swr.cn-north-4.myhuaweicloud.com/1org/app",
            "nginx:1.27",
            "quay.io/a/app",
            "foo_bar.com/app",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        concat!(
            "\"swr.cn-north-4.myhuaweicloud.com/1org/app\": image-reference: namespace (SWR namespace): ",
            "must start with a lowercase letter, not '1' (byte 33)\n",
            "\"quay.io/a/app\": image-reference: namespace (Quay namespace): must be at least 2 bytes long (byte 9)\n",
            "\"foo_bar.com/app\": image-reference: domain: '_' is not allowed here; expected letters, digits and '-' ",
            "in labels joined by '.', then ':' and a port (byte 3)\n",
        )
    );
}

#[test]
fn stdin_lines_give_line_and_column() {
    let out = run(
        &["check", "--kind", "image-reference"],
        b"nginx\nswr.cn-north-4.myhuaweicloud.com/busybox:latest\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "<stdin>:2:41: image-reference: namespace: this registry needs NAMESPACE/REPOSITORY, not a repository alone\n"
    );
}

#[test]
fn profile_flags_map_hosts() {
    let refs = ["registry.example.com:5000/app", "QUAY.internal/a/app"];
    let mut args = vec!["check", "--kind", "image-reference", "--"];
    args.extend(refs);
    // Without configuration both hosts are oci, and both references valid.
    assert_eq!(run(&args, b"").status.code(), Some(0));
    let out = run(
        &[
            "check",
            "--kind",
            "image-reference",
            "--profile",
            "registry.example.com=swr",
            "--profile",
            "quay.internal=quay",
            "--format",
            "jsonl",
            refs[0],
            refs[1],
            "registry.example.com/ns/app",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["error"]["part"], "namespace");
    assert_eq!(lines[0]["error"]["rule"], "missing-namespace");
    assert_eq!(lines[0]["error"]["offset"], 29);
    assert_eq!(lines[1]["error"]["rule"], "too-short");
    assert_eq!(
        lines[1]["error"]["message"],
        "invalid image reference: namespace (Quay namespace): must be at least 2 bytes long (byte 15)"
    );
    assert_eq!(lines[2]["valid"], true);
    assert_eq!(lines[2]["profile"], "swr");
    // A port in the flag limits it to that port.
    let out = run(
        &[
            "check",
            "--kind",
            "image-reference",
            "--profile",
            "registry.example.com:5000=swr",
            "registry.example.com/app",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn profile_usage_errors_exit_2() {
    for (args, says) in [
        (
            &[
                "check",
                "--kind",
                "image-reference",
                "--profile",
                "a_b.com=swr",
                "x",
            ][..],
            "domain: '_' is not allowed",
        ),
        (
            &[
                "check",
                "--kind",
                "image-reference",
                "--profile",
                "a.com=docker",
                "x",
            ],
            "unknown profile \"docker\"; expected one of: swr, quay, oci",
        ),
        (
            &[
                "check",
                "--kind",
                "image-reference",
                "--profile",
                "a.com",
                "x",
            ],
            "expected HOST=PROFILE",
        ),
        (
            &["check", "--kind", "swr-tag", "--profile", "a.com=swr", "v1"],
            "--profile applies only to --kind image-reference",
        ),
    ] {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn lint_reads_a_reference_list_with_profiles() {
    let dir = std::env::temp_dir().join(format!("registry-names-cli-ref-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("images.names");
    std::fs::write(
        &file,
        "# registry-names: image-reference\n\
         nginx:1.27\n\
         # a comment\n\
         registry.example.com/app:v1\n\
         quay.io/org/app-\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = run(
        &["lint", "--profile", "registry.example.com=swr", path],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "{path}:4:25: image-reference: namespace: this registry needs NAMESPACE/REPOSITORY, not a repository alone\n\
             {path}:5:16: image-reference: repository: cannot end with the separator '-'\n"
        )
    );
    // Without the profile only the Quay reference is wrong.
    let out = run(&["lint", path], b"");
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}
