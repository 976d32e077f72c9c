//! `request --replay` in bounded memory: a 256 MiB log line is skipped unread (reported as
//! `body-too-large`) and the next line is still checked, in a few MiB.
//!
//! The only test in this binary, so the peak resident set size of this process's children
//! (`getrusage(RUSAGE_CHILDREN)`) is the command's own.
#![cfg(feature = "cli")]

use std::io::{BufWriter, Read, Write};
use std::process::{Command, Stdio};

const LINE: usize = 256 << 20;
const LIMIT_KIB: i64 = 16 * 1024;

#[test]
fn an_overlong_replay_line_is_never_held() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_registry-names"))
        .args(["request", "--replay", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut stdin = BufWriter::new(stdin);
        let head = br#"{"method":"PUT","target":"/api/v1/repository/org/app/tag/v1","body":""#;
        stdin.write_all(head).unwrap();
        let chunk = vec![b'x'; 1 << 16];
        for _ in 0..LINE / chunk.len() {
            stdin.write_all(&chunk).unwrap();
        }
        stdin.write_all(b"\"}\n").unwrap();
        stdin
            .write_all(
                b"{\"method\":\"DELETE\",\"target\":\"/api/v1/repository/org/app/tag/v1\"}\n",
            )
            .unwrap();
    });
    let mut text = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    writer.join().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].contains("\"rule\":\"body-too-large\""),
        "{}",
        lines[0]
    );
    assert!(lines[0].len() < 400);
    assert!(
        lines[1].contains("\"line\":2") && lines[1].contains("\"valid\":true"),
        "{}",
        lines[1]
    );

    // SAFETY: getrusage only writes the struct we pass; zeroed is a valid rusage.
    let peak_kib = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage.ru_maxrss
    };
    println!("peak RSS of `request --replay` over a {LINE}-byte line: {peak_kib} KiB");
    assert!(
        peak_kib < LIMIT_KIB,
        "peak RSS {peak_kib} KiB over {LIMIT_KIB} KiB"
    );
}
