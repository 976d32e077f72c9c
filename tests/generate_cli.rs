//! `registry-names generate`, run as a user runs it: deterministic for a seed, near misses whose
//! rule is what `registry-names check` reports, and a Go fuzz corpus that Go itself reads back
//! exactly and fuzzes from (`go test -fuzz`, offline, in a temporary module).
//!
//! Without Go the corpus test says so on stderr and passes, unless `CI` is `true` or
//! `REGISTRY_NAMES_REQUIRE_GO_ORACLE` is set (as `.ci/run` does after installing golang-go): then a
//! missing Go is a failure.
#![cfg(feature = "cli")]

#[path = "support/cli.rs"]
mod cli;
use cli::*;
use registry_names::Kind;
use std::path::Path;
use std::process::Command;

/// The kinds as the command line names them.
const KINDS: [&str; 12] = [
    "swr-namespace",
    "swr-repository",
    "swr-repository-path",
    "tag",
    "quay-namespace",
    "quay-repository",
    "quay-tag-filter",
    "oci-digest",
    "git-tag",
    "git-branch",
    "image-reference",
    "quay-tag",
];

#[test]
fn a_seed_gives_the_same_valid_names_every_time() {
    let args = ["generate", "swr-namespace", "--count", "5", "--seed", "7"];
    let first = run(&args, b"");
    let second = run(&args, b"");
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert_eq!(stdout(&first), stdout(&second));
    let names: Vec<&str> = stdout(&first).leak().lines().collect();
    assert_eq!(names.len(), 5);
    for name in &names {
        assert!(
            Kind::SwrNamespace.validate(name.as_bytes()).is_ok(),
            "{name:?}"
        );
    }
    // Another seed gives other names.
    let other = run(
        &["generate", "swr-namespace", "--count", "5", "--seed", "8"],
        b"",
    );
    assert_ne!(stdout(&other), stdout(&first));
    // Every kind's values pass `registry-names check`.
    for kind in KINDS {
        let out = run(&["generate", kind, "--count", "40", "--seed", "3"], b"");
        assert_eq!(code(&out), 0, "{kind}: {}", stderr(&out));
        let text = stdout(&out);
        assert_eq!(text.lines().count(), 40, "{kind}");
        let check = run(&["check", "--kind", kind], text.as_bytes());
        assert_eq!(code(&check), 0, "{kind}: {}", stdout(&check));
    }
}

#[test]
fn near_miss_lines_carry_the_rule_check_reports() {
    for kind in KINDS {
        let out = run(
            &[
                "generate",
                kind,
                "--near-miss",
                "--format",
                "jsonl",
                "--count",
                "60",
                "--seed",
                "11",
            ],
            b"",
        );
        assert_eq!(code(&out), 0, "{kind}: {}", stderr(&out));
        let lines: Vec<serde_json::Value> = stdout(&out)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len(), 60, "{kind}");
        let inputs: Vec<&str> = lines.iter().map(|l| l["input"].as_str().unwrap()).collect();
        // The inputs as arguments: a near miss may hold a line break.
        let mut args = vec!["check", "--kind", kind, "--format", "jsonl", "--"];
        args.extend(inputs.iter().copied());
        let check = run(&args, b"");
        assert_eq!(code(&check), 1, "{kind}: every near miss is invalid");
        let reports: Vec<serde_json::Value> = stdout(&check)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(reports.len(), lines.len(), "{kind}");
        for (line, report) in lines.iter().zip(&reports) {
            assert_eq!(line["kind"], kind);
            assert_eq!(line["valid"], false);
            // check quotes at most 64 bytes of an input; the reports are in the same order.
            let quoted = report["input"].as_str().unwrap();
            let input = line["input"].as_str().unwrap();
            assert!(
                input.starts_with(quoted.trim_end_matches('…')),
                "{quoted:?} {input:?}"
            );
            assert_eq!(
                report["error"]["rule"], line["rule"],
                "{kind}: {}",
                line["input"]
            );
        }
    }
}

#[test]
fn text_near_misses_are_rule_tab_go_literal() {
    let out = run(
        &[
            "generate",
            "tag",
            "--near-miss",
            "--count",
            "30",
            "--seed",
            "1",
        ],
        b"",
    );
    let jsonl = run(
        &[
            "generate",
            "tag",
            "--near-miss",
            "--count",
            "30",
            "--seed",
            "1",
            "--format",
            "jsonl",
        ],
        b"",
    );
    for (text, json) in stdout(&out).lines().zip(stdout(&jsonl).lines()) {
        let json: serde_json::Value = serde_json::from_str(json).unwrap();
        let (rule, literal) = text.split_once('\t').unwrap();
        assert_eq!(rule, json["rule"]);
        assert!(
            literal.starts_with('"') && literal.ends_with('"') && literal.is_ascii(),
            "{literal}"
        );
    }
}

#[test]
fn usage_errors() {
    let out = run(&["generate", "nope"], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown kind"), "{}", stderr(&out));
    let out = run(&["generate", "tag", "--format", "go-corpus"], b"");
    assert_eq!(code(&out), 2, "go-corpus needs DIR");
    let out = run(&["generate", "tag", "somewhere"], b"");
    assert_eq!(code(&out), 2, "DIR without go-corpus");
}

/// Go, or `None` (with a note) where it is missing and not required.
fn go() -> Option<&'static str> {
    let found = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let required = std::env::var("CI").is_ok_and(|v| v == "true")
            || std::env::var_os("REGISTRY_NAMES_REQUIRE_GO_ORACLE").is_some();
        assert!(
            !required,
            "go is not installed, and CI or REGISTRY_NAMES_REQUIRE_GO_ORACLE requires it"
        );
        eprintln!("SKIPPED: go is not installed (apt-get install golang-go)");
        return None;
    }
    Some("go")
}

const GO_TEST: &str = r#"package corpuscheck

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"
)

// docs/grammars.md section 1, as a regular expression plus its length.
var swrNamespace = regexp.MustCompile(`^[a-z][a-z0-9]*(?:(?:[._]|__|-+)[a-z0-9]+)*$`)

// record appends s as a JSON string to the file $RECORD, when set.
func record(t *testing.T, s string) {
	path := os.Getenv("RECORD")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line, _ := json.Marshal(s)
	if _, err := f.Write(append(line, '\n')); err != nil {
		t.Fatal(err)
	}
}

func FuzzName(f *testing.F) {
	seeds := os.Getenv("RECORD") != ""
	f.Fuzz(func(t *testing.T, s string) {
		valid := swrNamespace.MatchString(s) && len(s) <= 64
		if seeds && !valid {
			t.Errorf("a generated SWR namespace that the Go check refuses: %q", s)
		}
		record(t, s)
	})
}

func FuzzNearMiss(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		record(t, s)
	})
}
"#;

fn go_command(go: &str, module: &Path, temp: &Path) -> Command {
    let mut command = Command::new(go);
    command
        .current_dir(module)
        .env("GOCACHE", temp.join("gocache"))
        .env("GOPATH", temp.join("gopath"))
        .env("GOMODCACHE", temp.join("gopath/pkg/mod"))
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "")
        .env("GO111MODULE", "on")
        .env_remove("RECORD");
    command
}

/// The strings Go's seed-corpus run passed to `target`, in the corpus files' order.
fn recorded(go: &str, module: &Path, temp: &Path, target: &str) -> Vec<String> {
    let record = temp.join(format!("{target}.jsonl"));
    let out = go_command(go, module, temp)
        .args(["test", "-count=1", "-v", &format!("-run=^{target}$")])
        .env("RECORD", &record)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&record)
        .unwrap_or_default()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn generated_inputs(args: &[&str]) -> Vec<String> {
    let mut all = vec!["generate"];
    all.extend(args);
    all.extend(["--format", "jsonl"]);
    let out = run(&all, b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["input"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// The README's recipe: valid values and near misses of one seed into one directory.
#[test]
fn valid_values_and_near_misses_share_a_corpus_directory() {
    let dir = std::env::temp_dir().join(format!("registry-names-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let dir_arg = dir.to_str().unwrap();
    for near_miss in [false, true] {
        let mut args = vec!["generate", "swr-repository", "--count", "20"];
        if near_miss {
            args.push("--near-miss");
        }
        args.extend(["--format", "go-corpus", dir_arg]);
        let out = run(&args, b"");
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(names.len(), 40, "{names:?}");
    assert_eq!(names[0], "swr-repository-0-000000");
    assert_eq!(names[20], "swr-repository-near-miss-0-000000");
}

#[test]
fn go_reads_the_corpus_back_exactly_and_fuzzes_from_it() {
    let Some(go) = go() else { return };
    let temp =
        std::env::temp_dir().join(format!("registry-names-go-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&temp);
    let module = temp.join("module");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(module.join("go.mod"), "module corpuscheck\n\ngo 1.18\n").unwrap();
    std::fs::write(module.join("corpus_test.go"), GO_TEST).unwrap();
    let corpus = module.join("testdata/fuzz");
    let valid_dir = corpus.join("FuzzName");
    let miss_dir = corpus.join("FuzzNearMiss");
    for (args, dir) in [
        (
            vec!["swr-namespace", "--count", "200", "--seed", "7"],
            &valid_dir,
        ),
        // Git near misses hold tabs, line breaks, DEL, other controls and non-ASCII text.
        (
            vec!["git-tag", "--near-miss", "--count", "300", "--seed", "7"],
            &miss_dir,
        ),
    ] {
        let mut all = vec!["generate"];
        all.extend(&args);
        all.extend(["--format", "go-corpus", dir.to_str().unwrap()]);
        let out = run(&all, b"");
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    // Go runs the seed corpus in file-name order, which is generation order.
    let expected_valid = generated_inputs(&["swr-namespace", "--count", "200", "--seed", "7"]);
    let expected_miss =
        generated_inputs(&["git-tag", "--near-miss", "--count", "300", "--seed", "7"]);
    assert!(expected_miss
        .iter()
        .any(|s| s.contains(['\t', '\n', '\x7f'])));
    assert!(expected_miss.iter().any(|s| !s.is_ascii()));
    assert_eq!(recorded(go, &module, &temp, "FuzzName"), expected_valid);
    assert_eq!(recorded(go, &module, &temp, "FuzzNearMiss"), expected_miss);

    // And Go fuzzes from the corpus: it loads every file as its baseline, then mutates.
    let out = go_command(go, &module, &temp)
        .args([
            "test",
            "-run=NONE",
            "-fuzz=^FuzzName$",
            "-fuzztime=3s",
            "-parallel=1",
        ])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    // Go keeps one of each distinct value (short names repeat).
    let distinct: std::collections::HashSet<&String> = expected_valid.iter().collect();
    let baseline = format!("{0}/{0} completed", distinct.len());
    assert!(
        text.contains(&baseline),
        "the baseline is the distinct seeds: {text}"
    );
    let _ = std::fs::remove_dir_all(&temp);
}
