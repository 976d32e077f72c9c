//! `check` streams: a million names on standard input are checked in constant memory.
//!
//! The only test in this binary, so the peak resident set size of this process's children
//! (`getrusage(RUSAGE_CHILDREN)`) is the command's own.
#![cfg(feature = "cli")]

use std::io::{BufWriter, Read, Write};
use std::process::{Command, Stdio};

const NAMES: usize = 1_000_000;
/// The command needs a few MiB whatever its input; holding a million names would take far more
/// (the input alone is ~14 MiB, the JSON output ~70 MiB).
const LIMIT_KIB: i64 = 16 * 1024;

#[test]
fn a_million_names_in_constant_memory() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_registry-names"))
        .args(["check", "--kind", "swr-namespace", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut stdin = BufWriter::new(stdin);
        for i in 0..NAMES {
            // Every third name is invalid, so both output shapes are produced.
            if i % 3 == 0 {
                writeln!(stdin, "org._{i}").unwrap();
            } else {
                writeln!(stdin, "org-{i}").unwrap();
            }
        }
    });
    let mut lines = 0usize;
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = stdout.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count();
    }
    writer.join().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
    assert_eq!(lines, NAMES);

    // SAFETY: getrusage only writes the struct we pass; zeroed is a valid rusage.
    let peak_kib = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage.ru_maxrss
    };
    println!("peak RSS of `check` over {NAMES} names: {peak_kib} KiB");
    assert!(
        peak_kib < LIMIT_KIB,
        "peak RSS {peak_kib} KiB over {LIMIT_KIB} KiB"
    );
}
