//! The command under I/O failures: closed or full standard output and error, a reader that
//! closes the pipe, files that cannot be read, file names that are not UTF-8. Each ends with a
//! defined exit status (0 valid, 1 invalid, 2 usage/I/O error), never a panic (101), and says
//! what failed in one line on standard error when it can.
#![cfg(feature = "cli")]

use std::ffi::OsStr;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn command<S: AsRef<OsStr>>(args: &[S]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_registry-names"));
    command.args(args).env("NO_COLOR", "1").stdin(Stdio::null());
    command
}

/// Exit code, standard output and standard error of a finished run.
fn finish(command: &mut Command) -> (i32, String, String) {
    let out = command.output().expect("the binary runs");
    (
        out.status.code().expect("exited normally"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn dev_full() -> Stdio {
    File::options()
        .write(true)
        .open("/dev/full")
        .unwrap()
        .into()
}

/// A pipe whose reading end is already closed: every write to it fails with `EPIPE`.
fn broken_pipe() -> Stdio {
    let mut fds = [0; 2];
    // SAFETY: pipe writes two new descriptors into the array; each is owned exactly once below.
    unsafe {
        assert_eq!(libc::pipe(fds.as_mut_ptr()), 0);
        drop(OwnedFd::from_raw_fd(fds[0]));
        OwnedFd::from_raw_fd(fds[1]).into()
    }
}

/// Runs the child with descriptor `fd` closed, as `2>&-` in a shell does.
fn close_fd(command: &mut Command, fd: i32) -> &mut Command {
    // SAFETY: close is async-signal-safe, as pre_exec requires.
    unsafe {
        command.pre_exec(move || {
            libc::close(fd);
            Ok(())
        })
    }
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("registry-names-cli-io-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A name list with an invalid name on line 2.
fn invalid_list(name: &[u8]) -> PathBuf {
    let path = temp_dir().join(OsStr::from_bytes(name));
    std::fs::write(&path, "# registry-names: swr-tag\n-rc\n").unwrap();
    path
}

/// The one line on standard error, which must contain `needle`.
fn one_line(stderr: &str, needle: &str) {
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("registry-names: ") && stderr.contains(needle),
        "{stderr}"
    );
}

#[test]
fn full_standard_output_is_an_io_error_for_every_command() {
    let list = invalid_list(b"full-stdout.names");
    for args in [
        vec!["check", "--kind", "swr-tag", "--", "-rc"],
        vec!["check", "--kind", "swr-tag", "--format", "jsonl", "v1"],
        vec!["lint", list.to_str().unwrap()],
        vec!["kinds"],
        vec!["--help"],
    ] {
        let (code, _, stderr) = finish(command(&args).stdout(dev_full()));
        assert_eq!(code, 2, "{args:?}");
        one_line(
            &stderr,
            "cannot write to standard output: No space left on device",
        );
    }
    // Nothing to write, nothing fails.
    let (code, _, stderr) =
        finish(command(&["check", "--kind", "swr-tag", "v1"]).stdout(dev_full()));
    assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn full_or_closed_standard_error_keeps_the_exit_status() {
    let cases: [(&[&str], i32); 4] = [
        (&["lint", "/nonexistent/list.names"], 2),
        (&["check", "--kind", "nope", "x"], 2),
        (&["check", "--kind", "swr-tag", "--", "-rc"], 1),
        (&["check", "--kind", "swr-tag", "v1"], 0),
    ];
    for (args, expected) in cases {
        let (code, _, _) = finish(command(args).stderr(dev_full()));
        assert_eq!(code, expected, "2>/dev/full {args:?}");
        let (code, _, _) = finish(close_fd(&mut command(args), 2));
        assert_eq!(code, expected, "2>&- {args:?}");
    }
}

#[test]
fn closed_standard_output_is_an_empty_sink() {
    // The Rust runtime opens /dev/null on a closed standard descriptor before `main`, so
    // `>&-` discards the output and the status still tells valid from invalid.
    let (code, _, stderr) = finish(close_fd(
        &mut command(&["check", "--kind", "swr-tag", "--", "-rc"]),
        1,
    ));
    assert_eq!((code, stderr.as_str()), (1, ""));
    let (code, _, stderr) = finish(close_fd(&mut command(&["kinds"]), 1));
    assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let list = invalid_list(b"closed-pipe.names");
    let cases: [(&[&str], i32); 5] = [
        (&["check", "--kind", "swr-tag", "--", "-rc"], 1),
        (
            &["check", "--kind", "swr-tag", "--format", "jsonl", "v1"],
            0,
        ),
        (&["lint", list.to_str().unwrap()], 1),
        (&["kinds"], 0),
        (&["--help"], 0),
    ];
    for (args, expected) in cases {
        let (code, _, stderr) = finish(command(args).stdout(broken_pipe()));
        assert_eq!((code, stderr.as_str()), (expected, ""), "{args:?}");
    }
}

/// `registry-names … | head -1`: the reader takes one line and closes the pipe while the
/// command still has much to write.
#[test]
fn head_one_ends_check_and_lint_quietly() {
    let many = temp_dir().join("many.names");
    let mut list = String::from("# registry-names: swr-tag\n");
    for i in 0..100_000 {
        list.push_str(&format!("-rc{i}\n"));
    }
    std::fs::write(&many, &list).unwrap();
    let from_stdin = ["check", "--kind", "swr-tag"];
    let from_file = ["lint", many.to_str().unwrap()];
    for args in [&from_stdin[..], &from_file[..]] {
        let mut child = command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let names = list.clone();
        // The command stops reading once the pipe closes; the failed write ends this thread.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(names.as_bytes());
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.contains("swr-tag: "), "{args:?}: {first}");
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn files_that_cannot_be_read() {
    let dir = temp_dir().join("a-directory.names");
    std::fs::create_dir_all(&dir).unwrap();
    let (code, _, stderr) = finish(&mut command(&[OsStr::new("lint"), dir.as_os_str()]));
    assert_eq!(code, 2);
    one_line(&stderr, "a-directory.names: cannot read: Is a directory");

    let (code, _, stderr) = finish(&mut command(&["lint", "/nonexistent/list.names"]));
    assert_eq!(code, 2);
    one_line(
        &stderr,
        "/nonexistent/list.names: cannot open: No such file or directory",
    );

    // A directory as standard input.
    let (code, _, stderr) =
        finish(command(&["check", "--kind", "swr-tag"]).stdin(File::open(&dir).unwrap()));
    assert_eq!(code, 2);
    one_line(&stderr, "<stdin>: cannot read: Is a directory");

    // A file that fails is reported and the next one is still checked; the status is 2.
    let list = invalid_list(b"after-a-failure.names");
    let (code, stdout, stderr) = finish(&mut command(&[
        OsStr::new("lint"),
        dir.as_os_str(),
        list.as_os_str(),
    ]));
    assert_eq!(code, 2);
    one_line(&stderr, "Is a directory");
    assert!(
        stdout.contains("after-a-failure.names:2:1: swr-tag: "),
        "{stdout}"
    );
}

#[test]
fn a_file_without_read_permission() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // root reads any file whatever its mode: nothing to test (the directory and missing-file
        // cases above cover the failure path).
        println!("skipped: running as root");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let list = invalid_list(b"unreadable.names");
    std::fs::set_permissions(&list, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, _, stderr) = finish(&mut command(&[OsStr::new("lint"), list.as_os_str()]));
    assert_eq!(code, 2);
    one_line(&stderr, "unreadable.names: cannot open: Permission denied");
}

#[test]
fn file_names_that_are_not_utf8() {
    let list = invalid_list(b"caf\xff.names");
    let (code, stdout, stderr) = finish(&mut command(&[OsStr::new("lint"), list.as_os_str()]));
    assert_eq!((code, stderr.as_str()), (1, ""));
    assert!(
        stdout.contains("caf\u{FFFD}.names:2:1: swr-tag: "),
        "{stdout}"
    );

    let missing = temp_dir().join(OsStr::from_bytes(b"missing-\xfe.names"));
    let (code, _, stderr) = finish(&mut command(&[OsStr::new("lint"), missing.as_os_str()]));
    assert_eq!(code, 2);
    one_line(
        &stderr,
        "missing-\u{FFFD}.names: cannot open: No such file or directory",
    );
}
