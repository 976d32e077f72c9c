//! Runs the `registry-names` binary as a user does, for the CLI tests. Include it with
//! `#[path = "support/cli.rs"] mod cli;`.
#![allow(dead_code)] // each test file uses the part it needs

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the binary with `args`, `stdin` written from a second thread (so a large input cannot
/// fill the pipe while the binary waits for its output to be read), no colour.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_registry-names"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // The binary may exit before reading everything (a usage error): a broken pipe is expected.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The exit status; a test fails if the binary was killed by a signal.
pub fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}
