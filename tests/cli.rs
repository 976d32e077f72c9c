//! The `registry-names` command, run as a user runs it.
#![cfg(feature = "cli")]

#[path = "support/cli.rs"]
mod cli;
use cli::*;
use std::process::Output;

const HEX64: &str = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

/// One valid and one invalid name per kind, with the rule the invalid one breaks.
fn samples() -> Vec<(&'static str, String, String, &'static str)> {
    vec![
        (
            "swr-namespace",
            "my-org".into(),
            "my._org".into(),
            "adjacent-separators",
        ),
        (
            "swr-repository",
            "library/nginx".into(),
            "a$b".into(),
            "dollar-in-plain-form",
        ),
        (
            "swr-repository-path",
            "library$nginx".into(),
            "library/nginx".into(),
            "slash-in-path-form",
        ),
        ("swr-tag", "v1.2.3".into(), "-rc".into(), "invalid-start"),
        (
            "quay-namespace",
            "quayadmin".into(),
            "a--b".into(),
            "adjacent-separators",
        ),
        (
            "quay-repository",
            "org/team/app".into(),
            "busybox".into(),
            "missing-name",
        ),
        (
            "quay-tag",
            "latest".into(),
            "v1+build".into(),
            "invalid-character",
        ),
        (
            "quay-tag-filter",
            "like:v1_%".into(),
            "ne:v1".into(),
            "unknown-filter-op",
        ),
        (
            "oci-digest",
            format!("sha256:{HEX64}"),
            format!("sha256:{}", &HEX64[..63]),
            "digest-length",
        ),
        ("git-tag", "v1.0".into(), "a..b".into(), "double-dot"),
        (
            "git-branch",
            "feature/x".into(),
            "HEAD".into(),
            "reserved-name",
        ),
        (
            "image-reference",
            "quay.io/quayadmin/busybox:1.36".into(),
            "quay.io/a/app".into(),
            "too-short",
        ),
    ]
}

/// Runs `check` on `names`, from arguments or from standard input.
fn check(kind: &str, format: &str, names: &[&str], from_stdin: bool) -> Output {
    let mut args = vec!["check", "--kind", kind, "--format", format];
    if from_stdin {
        let input: String = names.iter().map(|n| format!("{n}\n")).collect();
        return run(&args, input.as_bytes());
    }
    // `--` lets names that start with '-' through as names.
    args.push("--");
    args.extend_from_slice(names);
    run(&args, b"")
}

#[test]
fn every_kind_in_both_formats_from_arguments_and_stdin() {
    for (kind, good, bad, rule) in samples() {
        for from_stdin in [false, true] {
            let source = if from_stdin { "stdin" } else { "arguments" };

            // Text: nothing for the valid name, one line for the invalid one.
            let out = check(kind, "text", &[&good, &bad], from_stdin);
            assert_eq!(code(&out), 1, "{kind} {source}");
            let text = stdout(&out);
            assert_eq!(text.lines().count(), 1, "{kind} {source}: {text}");
            // A rejected name is quoted up to 64 bytes (the OCI sample has 70).
            let location = if from_stdin {
                "<stdin>:2:".to_string()
            } else if bad.len() > 64 {
                format!("{:?}… ({} bytes): ", &bad[..64], bad.len())
            } else {
                format!("{bad:?}: ")
            };
            assert!(text.starts_with(&location), "{kind} {source}: {text}");
            assert!(
                text.contains(&format!(" {kind}: ")),
                "{kind} {source}: {text}"
            );

            // JSONL: one object per input, in order.
            let out = check(kind, "jsonl", &[&good, &bad], from_stdin);
            assert_eq!(code(&out), 1, "{kind} {source}");
            let lines: Vec<serde_json::Value> = stdout(&out)
                .lines()
                .map(|l| serde_json::from_str(l).expect("each line is JSON"))
                .collect();
            assert_eq!(lines.len(), 2, "{kind} {source}");
            assert_eq!(lines[0]["input"], good.as_str());
            assert_eq!(lines[0]["valid"], true);
            if bad.len() > 64 {
                assert_eq!(lines[1]["input"], format!("{}…", &bad[..64]));
                assert_eq!(lines[1]["input_length"], bad.len());
            } else {
                assert_eq!(lines[1]["input"], bad.as_str());
                assert!(lines[1].get("input_length").is_none());
            }
            assert_eq!(lines[1]["valid"], false);
            assert_eq!(lines[1]["error"]["rule"], rule, "{kind} {source}");
            assert!(lines[1]["error"]["offset"].is_u64());
            assert!(lines[1]["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("invalid "));

            // All valid: exit 0; text prints nothing, JSONL one line.
            for (format, lines) in [("text", 0), ("jsonl", 1)] {
                let out = check(kind, format, &[&good], from_stdin);
                assert_eq!(code(&out), 0, "{kind} {source} {format}");
                assert_eq!(
                    stdout(&out).lines().count(),
                    lines,
                    "{kind} {source} {format}"
                );
            }
        }
    }
}

#[test]
fn path_form_reports_the_normalized_name() {
    let out = run(
        &[
            "check",
            "--kind",
            "swr-repository-path",
            "--format",
            "jsonl",
            "library$nginx",
        ],
        b"",
    );
    assert_eq!(
        stdout(&out),
        "{\"input\":\"library$nginx\",\"valid\":true,\"normalized\":\"library/nginx\"}\n"
    );
}

#[test]
fn stdin_text_locations_and_carriage_returns() {
    let out = run(&["check", "--kind", "swr-tag"], b"ok\nv1\r\n\n");
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    // A final '\r' is part of the name; an empty line is an empty name.
    assert_eq!(
        text,
        "<stdin>:2:3: swr-tag: 0x0D is not allowed here; expected letters, digits, '_', '.' or '-'\n\
         <stdin>:3:1: swr-tag: the tag is empty\n"
    );
}

#[test]
fn no_trailing_newline_still_checks_the_last_name() {
    let out = run(
        &["check", "--kind", "swr-tag", "--format", "jsonl"],
        b"a\nb",
    );
    assert_eq!(stdout(&out).lines().count(), 2);
}

#[test]
fn non_utf8_input_is_bytes_for_git_and_an_error_elsewhere() {
    let out = run(
        &["check", "--kind", "git-tag", "--format", "jsonl"],
        b"caf\xff\n",
    );
    assert_eq!(code(&out), 0);
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["valid"], true);
    assert_eq!(line["input_bytes"], serde_json::json!([99, 97, 102, 255]));

    let out = run(
        &["check", "--kind", "swr-namespace", "--format", "jsonl"],
        b"caf\xff\n",
    );
    assert_eq!(code(&out), 1);
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["error"]["offset"], 3);

    let out = run(&["check", "--kind", "swr-namespace"], b"caf\xff\n");
    assert!(
        stdout(&out).contains(": 0xFF is not allowed here;"),
        "{}",
        stdout(&out)
    );
}

fn temp_file(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("registry-names-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn lint_with_directive() {
    let path = temp_file(
        "orgs.names",
        "# registry-names: swr-namespace\n# our orgs\nmy-org\n\nmy._org\n",
    );
    let out = run(&["lint", path.to_str().unwrap()], b"");
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        format!(
            "{}:5:4: swr-namespace: '.' and '_' cannot be adjacent\n",
            path.display()
        )
    );
    let good = temp_file("good.names", "# registry-names: quay-tag\nlatest\nv1.0\n");
    let out = run(&["lint", good.to_str().unwrap()], b"");
    assert_eq!((code(&out), stdout(&out).as_str()), (0, ""));
}

#[test]
fn lint_with_kind_flag() {
    let path = temp_file("tags.names", "v1.0\nHEAD\n");
    let out = run(&["lint", "--kind", "git-tag", path.to_str().unwrap()], b"");
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        format!("{}:2:1: git-tag: 'HEAD' is reserved\n", path.display())
    );
}

/// --kind overrides a file's directive, even one that names no kind; without it the id is
/// trimmed of ASCII whitespace only, and a directive line over 64 KiB is no kind.
#[test]
fn lint_directives_with_and_without_the_kind_flag() {
    let bogus = temp_file(
        "bogus-directive.names",
        "# registry-names: bogus
v1
HEAD
",
    );
    let out = run(&["lint", "--kind", "git-tag", bogus.to_str().unwrap()], b"");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("{}:3:1: git-tag: 'HEAD' is reserved\n", bogus.display())
    );
    let spaced = temp_file("spaced.names", "# registry-names: \tgit-tag \r\nv1\n");
    assert_eq!(code(&run(&["lint", spaced.to_str().unwrap()], b"")), 0);
    let nbsp = temp_file("nbsp.names", "# registry-names: git-tag\u{a0}\nv1\n");
    let out = run(&["lint", nbsp.to_str().unwrap()], b"");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains(":1: unknown kind"),
        "{}",
        stderr(&out)
    );
    let long = format!("# registry-names: git-tag{}\nv1\n", " ".repeat(70_000));
    let long = temp_file("long-directive.names", &long);
    let out = run(&["lint", long.to_str().unwrap()], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains(":1: the `# registry-names:` line is longer than 64 KiB"));
}

#[test]
fn lint_without_a_kind_says_how_to_fix_it() {
    let path = temp_file("nokind.names", "v1.0\n");
    let out = run(&["lint", path.to_str().unwrap()], b"");
    assert_eq!(code(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("# registry-names: KIND") && err.contains("--kind"),
        "{err}"
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(code(&run(&["check", "--kind", "nope", "x"], b"")), 2);
    assert_eq!(code(&run(&["check", "x"], b"")), 2);
    assert_eq!(code(&run(&["lint", "/nonexistent/file.names"], b"")), 2);
    let bad_directive = temp_file("bad-directive.names", "# registry-names: nope\nx\n");
    assert_eq!(
        code(&run(&["lint", bad_directive.to_str().unwrap()], b"")),
        2
    );
    assert_eq!(code(&run(&["frobnicate"], b"")), 2);
}

/// `tag`, the id a tag's errors serialize (`Kind::Tag`'s `Display`), is a `--kind` too, so the
/// kind of a serialized error can be passed back; `kinds` and the unknown-kind error list it
/// with `swr-tag` and `quay-tag`.
#[test]
fn the_kind_id_errors_serialize_is_accepted_back() {
    let kind = registry_names::Kind::Tag.to_string();
    let out = check(&kind, "jsonl", &["v1", "bad tag"], false);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        stdout(&check("swr-tag", "jsonl", &["v1", "bad tag"], false))
    );
    assert!(stdout(&run(&["kinds"], b""))
        .lines()
        .any(|l| l.starts_with(&format!("{kind} "))));
    let unknown = stderr(&run(&["check", "--kind", "nope", "x"], b""));
    assert!(
        unknown.contains("swr-tag, quay-namespace") && unknown.contains("image-reference, tag\n"),
        "{unknown}"
    );
}

#[test]
fn help_version_and_kinds() {
    let out = run(&["--help"], b"");
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("check") && stdout(&out).contains("lint"));
    let out = run(&["--version"], b"");
    assert_eq!(
        stdout(&out),
        format!("registry-names {}\n", env!("CARGO_PKG_VERSION"))
    );
    let out = run(&["kinds"], b"");
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out).lines().count(), 13);
    assert!(stdout(&out).contains("quay-tag-filter"));
    // The README shows the whole output; it must be what the command prints.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let shown = readme
        .split_once("$ registry-names kinds\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("README shows `registry-names kinds`")
        .0;
    assert_eq!(stdout(&out), shown);
}

#[test]
fn lines_over_64_kib_are_too_long_in_files_arguments_and_stdin() {
    let long = "b".repeat(70_000);
    let quoted = format!("\"{}\"… (70000 bytes)", &long[..64]);
    let path = temp_file(
        "long.names",
        &format!("# registry-names: git-tag\nv1\n{long}\nHEAD\n"),
    );
    let out = run(&["lint", path.to_str().unwrap()], b"");
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        format!(
            "{p}:3:65537: git-tag: too long: a line may have at most 65536 bytes: {quoted}\n\
             {p}:4:1: git-tag: 'HEAD' is reserved\n",
            p = path.display()
        )
    );

    let out = run(&["check", "--kind", "git-tag", &long, "v1"], b"");
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        format!("{quoted}: git-tag: too long: a line may have at most 65536 bytes (byte 65536)\n")
    );

    // Exactly 64 KiB is still a name, checked by its grammar.
    let window = "c".repeat(65_536);
    let out = run(
        &["check", "--kind", "git-tag", "--format", "jsonl"],
        format!("{window}\n{long}\n").as_bytes(),
    );
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["error"]["rule"], "too-long");
    assert_eq!(lines[1]["input_length"], 70_000);
    // Worded like every other message: the kind's noun, not its id.
    assert_eq!(
        lines[1]["error"]["message"],
        "invalid git tag name: too long: a line may have at most 65536 bytes (byte 65536)"
    );
}

/// Without NO_COLOR, output that is not a terminal (a pipe here) has no colour: not the names'
/// report, not a usage error, not the help.
#[test]
fn no_colour_into_a_pipe() {
    let run = |args: &[&str], stdin: &[u8]| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_registry-names"))
            .args(args)
            .env_remove("NO_COLOR")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        child.wait_with_output().unwrap()
    };
    for (args, stdin) in [
        (&["check", "--kind", "swr-tag"][..], &b"ok\nbad!\n"[..]),
        (&["check", "--kind", "nope", "x"], b""),
        (&["check", "--help"], b""),
    ] {
        let output = run(args, stdin);
        assert!(
            !output.stdout.is_empty() || !output.stderr.is_empty(),
            "{args:?}"
        );
        for stream in [&output.stdout, &output.stderr] {
            assert!(
                !stream.contains(&0x1b),
                "{args:?}: {}",
                String::from_utf8_lossy(stream)
            );
        }
    }
}

/// A usage error shows an argument of up to 64 bytes as given, and a longer one bounded.
#[test]
fn usage_errors_quote_only_long_arguments() {
    let at_limit = "k".repeat(64);
    let output = cli::run(&["check", "--kind", &at_limit, "x"], b"");
    assert!(
        cli::stderr(&output).contains(&format!("invalid value '{at_limit}' for")),
        "{}",
        cli::stderr(&output)
    );
    let over = "k".repeat(65);
    let output = cli::run(&["check", "--kind", &over, "x"], b"");
    assert!(
        !cli::stderr(&output).contains(&over),
        "{}",
        cli::stderr(&output)
    );
}

/// In JSON, a name of another kind than image-reference gets its own kind's message.
#[test]
fn jsonl_message_is_the_kinds_own() {
    let output = cli::run(
        &["check", "--kind", "swr-tag", "--format", "jsonl"],
        b"bad!tag\n",
    );
    let line: serde_json::Value = serde_json::from_str(cli::stdout(&output).trim()).unwrap();
    let message = line["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("invalid image tag: "), "{message}");
}
