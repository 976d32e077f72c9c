//! `scan`'s memory on hostile files (docs/scan.md S8): peak RSS at most 32 MiB plus 16 times the
//! largest file, whatever the file's shape. Each file is 4 MiB (the bound is linear, so this
//! checks the same ratio as 8 MiB in half the time), written to disk in pieces and scanned by
//! the binary, whose peak RSS `wait4` gives. That peak may carry the test process's own (exec
//! keeps `ru_maxrss`), which only overstates the child's: the test holds no file in memory.
#![cfg(all(feature = "cli", target_os = "linux"))]

use std::io::{BufWriter, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const SIZE: usize = 4 << 20;

/// Writes a file of about `SIZE` bytes: `head`, `body` repeated, then `tail`.
fn write(name: &str, head: &str, body: &str, tail: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "registry-names-scan-memory-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&path).unwrap();
    let file = path.join(name);
    let mut w = BufWriter::new(std::fs::File::create(&file).unwrap());
    w.write_all(head.as_bytes()).unwrap();
    let repeats = (SIZE - head.len() - tail.len()) / body.len();
    for _ in 0..repeats {
        w.write_all(body.as_bytes()).unwrap();
    }
    w.write_all(tail.as_bytes()).unwrap();
    w.flush().unwrap();
    file
}

/// Scans `file`: its exit code, peak RSS in KiB, and the first line it printed.
// The child is reaped by `wait4`, which gives its peak RSS; `Child::wait` would not.
#[allow(clippy::zombie_processes)]
fn scan(file: &PathBuf, args: &[&str]) -> (i32, i64, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_registry-names"))
        .arg("scan")
        .args(args)
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Standard output is read to its end first: a child blocked on a full pipe never exits.
    let mut out = String::new();
    let mut stdout = child.stdout.take().unwrap();
    std::io::Read::read_to_string(&mut stdout, &mut out).unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, and wait4 writes one for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet waited for; status and usage are valid for writes.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    let code = std::process::ExitStatus::from_raw(status)
        .code()
        .expect("exited normally");
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
    (
        code,
        usage.ru_maxrss,
        out.lines().next().unwrap_or("").to_string(),
    )
}

fn assert_bounded(what: &str, file: &PathBuf, expect_code: i32) -> String {
    assert_bounded_with(what, file, &[], expect_code)
}

fn assert_bounded_with(what: &str, file: &PathBuf, args: &[&str], expect_code: i32) -> String {
    let size = std::fs::metadata(file).unwrap().len() as i64;
    let (code, peak_kib, first) = scan(file, args);
    let limit_kib = 32 * 1024 + 16 * size / 1024;
    println!("peak RSS of `scan` on {what} ({size} bytes): {peak_kib} KiB (limit {limit_kib})");
    assert_eq!(code, expect_code, "{what}: {first}");
    assert!(
        peak_kib <= limit_kib,
        "{what}: peak RSS {peak_kib} KiB over {limit_kib} KiB"
    );
    first
}

#[test]
fn a_flow_list_of_containers() {
    let file = write(
        "list.yaml",
        "apiVersion: v1\nkind: Pod\nspec:\n  containers: [",
        "{name: a, image: 'nginx:1.27'}, ",
        "{image: Bad}]\n",
    );
    let first = assert_bounded("a flow list of containers", &file, 1);
    assert!(first.contains("not 'B'"), "{first}");
}

#[test]
fn a_mapping_of_empty_keys() {
    // `{a, a, …}` is two nodes for two bytes: the tree's worst case, anchored and merged too.
    let file = write(
        "keys.yaml",
        "apiVersion: v1\nkind: Pod\nbase: &b {image: Bad}\nspec: {<<: *b, ",
        "a, ",
        "a}\nmore: *b\n",
    );
    let first = assert_bounded("a mapping of empty keys", &file, 1);
    assert!(first.contains(":3:18:"), "{first}");
}

#[test]
fn deep_nesting() {
    let file = write("deep.yaml", "", "- ", "x\n");
    let first = assert_bounded("block sequences nested 2 million deep", &file, 1);
    assert!(first.contains("nested deeper than 10000 levels"), "{first}");
}

#[test]
fn an_alias_bomb_and_a_long_line() {
    let mut head = String::from("apiVersion: v1\nkind: Pod\na0: &a0 [x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = format!("*a{}", i - 1);
        head.push_str(&format!("a{i}: &a{i} [{}]\n", [p.as_str(); 8].join(", ")));
    }
    head.push_str("---\napiVersion: v1\nkind: Pod\nimage: ");
    let file = write("bomb.yaml", &head, "a", "\n");
    let first = assert_bounded("an alias bomb and a 4 MiB line", &file, 1);
    assert!(first.contains("alias-budget-exceeded"), "{first}");
}

#[test]
fn many_empty_lines_and_keys() {
    let file = write("keys.yml", ".gitlab: 1\n", "?\n", "image: Bad\n");
    assert_bounded("explicit empty keys", &file, 0);
}

#[test]
fn a_devcontainer_json_of_nested_arrays() {
    let file = write("devcontainer.json", "{\"x\": ", "[", "");
    let first = assert_bounded("4 MiB of '['", &file, 1);
    assert!(first.contains("malformed-json"), "{first}");
}

/// Suppression comments (S6) and policies (S5) with SARIF output (its line index, its columns):
/// a suppression above every reference, each naming a rule id that does not exist.
#[test]
fn a_suppression_for_every_reference_and_sarif() {
    let file = write(
        "Dockerfile",
        "",
        "# registry-names: ignore=policy/no-latset,digest-required -- x\nFROM nginx:latest\n",
        "",
    );
    let args = ["--no-latest", "--require-digest", "--format", "sarif"];
    let first = assert_bounded_with("a suppression a line, and SARIF", &file, &args, 1);
    assert!(first.contains("\"ruleId\":\"policy/no-latest\""));
}

/// One comment of 4 MiB of unknown rule ids: at most `MAX_UNKNOWN` are kept.
#[test]
fn a_suppression_of_two_million_unknown_ids() {
    let file = write("x.yaml", "# registry-names: ignore=", "x,", "\nimage: a\n");
    let first = assert_bounded_with("2 million unknown ids", &file, &["--format", "jsonl"], 1);
    assert!(first.contains("unknown-suppression"), "{first}");
}

/// Flow collections where a YAML key could start (a line's start, after `- `, in a flow
/// sequence): saphyr-parser 0.3.4 as released kept every token of such a collection
/// queued until it closed, about 170 bytes a byte (1.4 GB for 8 MiB); the patched copy
/// (vendor/README.md) lets the possible key go stale.
#[test]
fn a_flow_collection_at_the_start_of_a_line() {
    let file = write("flow.yaml", "- [", "x, ", "x]\n");
    assert_bounded("a flow sequence after '- '", &file, 0);
}

#[test]
fn a_json_document_on_one_line() {
    let file = write("list.yaml", "{\"items\": [", "[\"x\", 1], ", "[]]}");
    assert_bounded("a one-line JSON document", &file, 0);
}
