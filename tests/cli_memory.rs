//! Memory stays bounded whatever arrives on standard input: a million names, a stream of
//! hundreds of megabytes, and a single line of 1 GiB, in text and JSON-lines output.
//!
//! Each child's own peak resident set size is read from `/proc`, so the tests may run in
//! parallel. Inputs are generated on the fly and streamed through a pipe; none is held in memory.
#![cfg(feature = "cli")]

use std::io::{BufWriter, Read, Write};
use std::process::{Command, Stdio};

/// The command needs a few MiB whatever its input; holding a 1 GiB line, a million names or
/// their JSON output would take far more.
const LIMIT_KIB: i64 = 16 * 1024;

/// What a streamed run of `check` gave: its exit code, the number of lines it printed and the
/// first MiB of them, and its peak RSS in KiB.
struct Run {
    code: i32,
    lines: usize,
    out: String,
    peak_kib: i64,
}

/// Spawns `check` with piped standard input and output and feeds it what `feed` writes (from
/// another thread). Once all of it is written, and before standard input is closed, the child's
/// `VmHWM` (its peak RSS since `exec`) is read from `/proc/PID/status`. `getrusage` and `wait4`
/// would not do here: `exec` carries the spawning test process's peak into the child's
/// `ru_maxrss`.
fn check_streamed(args: &[&str], feed: impl FnOnce(&mut dyn Write) + Send + 'static) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_registry-names"))
        .arg("check")
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut stdin = BufWriter::with_capacity(1 << 16, stdin);
        feed(&mut stdin);
        stdin.flush().unwrap();
        let status = std::fs::read_to_string(status).expect("the child still runs");
        let hwm = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .expect("VmHWM in /proc/PID/status");
        hwm.trim()
            .trim_end_matches("kB")
            .trim()
            .parse::<i64>()
            .unwrap()
        // Standard input closes here, and the child finishes.
    });
    let (mut lines, mut out) = (0, Vec::new());
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = stdout.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count();
        if out.len() < 1 << 20 {
            out.extend_from_slice(&buf[..n]);
        }
    }
    let peak_kib = writer.join().unwrap();
    let code = child.wait().unwrap().code().expect("exited normally");
    Run {
        code,
        lines,
        out: String::from_utf8(out).unwrap(),
        peak_kib,
    }
}

fn assert_bounded(what: &str, peak_kib: i64) {
    println!("peak RSS of `check` over {what}: {peak_kib} KiB");
    assert!(
        peak_kib < LIMIT_KIB,
        "{what}: peak RSS {peak_kib} KiB over {LIMIT_KIB} KiB"
    );
}

#[test]
fn a_million_names_in_constant_memory() {
    const NAMES: usize = 1_000_000;
    let run = check_streamed(&["--kind", "swr-namespace", "--format", "jsonl"], |w| {
        for i in 0..NAMES {
            // Every third name is invalid, so both output shapes are produced.
            if i % 3 == 0 {
                writeln!(w, "org._{i}").unwrap();
            } else {
                writeln!(w, "org-{i}").unwrap();
            }
        }
    });
    assert_eq!(run.code, 1);
    assert_eq!(run.lines, NAMES);
    assert_bounded("a million names (jsonl)", run.peak_kib);
}

/// 1 GiB of `a` on one line, then a valid and an invalid tag: the long line is reported as
/// `too-long` at line 1 and the next lines are still checked.
fn one_gib_line(format: &str) -> Run {
    const LINE: usize = 1 << 30;
    check_streamed(&["--kind", "swr-tag", "--format", format], |w| {
        let chunk = [b'a'; 1 << 16];
        for _ in 0..LINE / chunk.len() {
            w.write_all(&chunk).unwrap();
        }
        w.write_all(b"\nv1.0\n-rc\n").unwrap();
    })
}

#[test]
fn a_one_gib_line_in_text() {
    let run = one_gib_line("text");
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.out.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.out);
    assert!(
        lines[0].starts_with("<stdin>:1:65537: swr-tag: too long")
            && lines[0].ends_with(&format!("\"{}\"… (1073741824 bytes)", "a".repeat(64))),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("<stdin>:3:1: swr-tag: "),
        "{}",
        lines[1]
    );
    assert_bounded("a 1 GiB line (text)", run.peak_kib);
}

#[test]
fn a_one_gib_line_in_jsonl() {
    let run = one_gib_line("jsonl");
    assert_eq!(run.code, 1);
    let lines: Vec<serde_json::Value> = run
        .out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3, "{}", run.out);
    assert_eq!(lines[0]["valid"], false);
    assert_eq!(lines[0]["error"]["rule"], "too-long");
    assert_eq!(lines[0]["input_length"], 1u64 << 30);
    assert_eq!(lines[0]["input"], format!("{}…", "a".repeat(64)));
    assert_eq!(lines[1]["valid"], true);
    assert_eq!(lines[2]["error"]["rule"], "invalid-start");
    assert!(run.out.len() < 1000, "{}", run.out);
    assert_bounded("a 1 GiB line (jsonl)", run.peak_kib);
}

/// 200 MB of ordinary names (a by-hand run streams 10 GiB the same way); every hundredth line
/// fills the whole 64 KiB window and every thousandth goes past it.
#[test]
fn two_hundred_megabytes_of_names() {
    const BYTES: usize = 200_000_000;
    let run = check_streamed(&["--kind", "git-tag"], |w| {
        let mut written = 0;
        let mut i = 0u64;
        while written < BYTES {
            i += 1;
            let line = if i.is_multiple_of(1000) {
                vec![b'x'; (1 << 16) + 1]
            } else if i.is_multiple_of(100) {
                vec![b'y'; 1 << 16]
            } else {
                format!("release/v{i}.{}", "0".repeat(80)).into_bytes()
            };
            w.write_all(&line).unwrap();
            w.write_all(b"\n").unwrap();
            written += line.len() + 1;
        }
    });
    assert_eq!(run.code, 1);
    assert!(run.lines > 100, "{}", run.out);
    assert!(
        run.out
            .lines()
            .all(|l| l.contains(":65537: git-tag: too long")),
        "{}",
        run.out
    );
    assert_bounded("200 MB of names (text)", run.peak_kib);
}
