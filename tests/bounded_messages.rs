//! No message quotes more than 64 bytes of the input it rejects: the library's `Display` of an
//! error with its input, the `Deserialize` error of every owned name, and the CLI's lines.

use registry_names::{Kind, QUOTE_LIMIT};

/// A UTF-8 input that every kind rejects, `len` bytes long, with a `/` near its end (so the SWR
/// path form searches all of it) and characters that need escaping in the part that is quoted.
fn hostile(len: usize) -> Vec<u8> {
    let mut input = vec![b'a'; len];
    input[1] = b'\t';
    input[2..4].copy_from_slice("é".as_bytes());
    input[len - 2] = b'/';
    input
}

/// Kept well under the 300 bytes: the fixed text plus at most 64 escaped bytes.
const MAX_MESSAGE: usize = 300;

#[test]
fn with_input_quotes_a_bounded_prefix_for_every_kind() {
    let input = hostile(1 << 20);
    for (id, kind) in Kind::ALL.map(|kind| (kind.id(), kind)) {
        let err = kind.validate(&input).unwrap_err();
        let message = err.with_input(&input).to_string();
        assert!(message.len() < MAX_MESSAGE, "{id}: {message}");
        assert!(message.contains("\"… (1048576 bytes): "), "{id}: {message}");
        // The error itself never holds or shows the input.
        assert!(err.to_string().len() < 200, "{id}: {err}");
        assert!(format!("{err:?}").len() < 300, "{id}: {err:?}");
    }
}

#[test]
fn an_input_at_the_limit_is_quoted_whole() {
    let input = vec![b'A'; QUOTE_LIMIT];
    let message = Kind::SwrNamespace.validate(&input).unwrap_err();
    let message = message.with_input(&input).to_string();
    assert!(
        message.contains(&format!("\"{}\":", "A".repeat(QUOTE_LIMIT))),
        "{message}"
    );
    assert!(!message.contains('…'), "{message}");
}

#[test]
fn an_offending_byte_is_shown_one_way() {
    let shown = |kind: Kind, input: &[u8]| kind.validate(input).unwrap_err().to_string();
    assert!(shown(Kind::Tag, b"a\\b").contains(" '\\' is not allowed"));
    assert!(shown(Kind::Tag, b"a'b").contains(" ''' is not allowed"));
    assert!(shown(Kind::Tag, b"a\x7fb").contains(" 0x7F is not allowed"));
    assert!(shown(Kind::Tag, b"a\xc3\xa9").contains(" 0xC3 is not allowed"));
    assert!(shown(Kind::Tag, b"a\tb").contains(" 0x09 is not allowed"));
    assert!(shown(Kind::Tag, b"a b").contains(" a space is not allowed"));
}

#[cfg(feature = "serde")]
mod serde_errors {
    use super::*;
    use registry_names::{git, oci, quay, reference, swr, TagBuf};
    use serde::de::DeserializeOwned;

    fn message<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        serde_json::from_str::<T>(json).unwrap_err().to_string()
    }

    #[test]
    fn a_rejected_100_mb_string_gives_a_short_message() {
        let input = String::from_utf8(hostile(100 << 20)).unwrap();
        let json = serde_json::to_string(&input).unwrap();
        for text in [
            message::<TagBuf>(&json),
            message::<reference::ImageReferenceBuf>(&json),
        ] {
            assert!(text.len() < MAX_MESSAGE, "{text}");
            assert!(
                text.contains(&format!("… ({} bytes)", input.len())),
                "{text}"
            );
        }
    }

    #[test]
    fn every_owned_type_bounds_its_message() {
        let input = "a\n".to_string() + &"b".repeat(1 << 20) + "/$";
        let json = serde_json::to_string(&input).unwrap();
        let messages = [
            message::<swr::NamespaceBuf>(&json),
            message::<swr::RepositoryBuf>(&json),
            message::<TagBuf>(&json),
            message::<quay::NamespaceBuf>(&json),
            message::<quay::RepositoryPathBuf>(&json),
            message::<quay::LikePatternBuf>(&json),
            message::<oci::DigestBuf>(&json),
            message::<git::TagNameBuf>(&json),
            message::<git::BranchNameBuf>(&json),
            message::<swr::RepositoryPathBuf>(&json),
            message::<quay::TagFilterBuf>(&json),
            message::<git::RefNameBuf>(&json),
            message::<reference::ImageReferenceBuf>(&json),
        ];
        for text in messages {
            assert!(text.len() < MAX_MESSAGE, "{text}");
            assert!(
                text.contains(&format!("… ({} bytes)", input.len())),
                "{text}"
            );
        }
    }
}

#[cfg(feature = "cli")]
mod cli_lines {
    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    fn run(args: &[&str], stdin: &[u8]) -> String {
        let mut child = Command::new(env!("CARGO_BIN_EXE_registry-names"))
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut pipe = child.stdin.take().unwrap();
        let stdin = stdin.to_vec();
        let writer = std::thread::spawn(move || pipe.write_all(&stdin));
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn every_line_is_short_for_a_long_rejected_name() {
        let long = String::from_utf8(hostile(100_000)).unwrap();
        let mut stdin = long.clone().into_bytes();
        stdin.push(b'\n');
        for kind in ["swr-repository-path", "git-tag", "oci-digest"] {
            let outputs = [
                run(&["check", "--kind", kind, "--", &long], b""),
                run(&["check", "--kind", kind], &stdin),
                run(&["check", "--kind", kind, "--format", "jsonl"], &stdin),
                run(
                    &["check", "--kind", kind, "--format", "jsonl", "--", &long],
                    b"",
                ),
            ];
            for out in outputs {
                assert_eq!(out.lines().count(), 1, "{kind}: {out}");
                assert!(out.len() < MAX_MESSAGE + 100, "{kind}: {out}");
            }
        }
    }

    /// Both output streams of a run, for the messages clap and the request command write.
    fn both(args: &[&str]) -> (String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_registry-names"))
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs");
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    #[test]
    fn usage_errors_and_unrouted_requests_quote_a_bounded_prefix() {
        let long = "x".repeat(100_000);
        let dashes = "-".repeat(100_000);
        let target = format!("/{long}");
        for args in [
            &["check", "--kind", &long, "a"][..],
            &["check", "--kind", "swr-tag", &dashes],
            &["request", "GET", &target],
        ] {
            let (stdout, stderr) = both(args);
            let text = stdout + &stderr;
            assert!(
                text.contains("(100000 bytes)") || text.contains("(100001 bytes)"),
                "{text}"
            );
            assert!(text.len() < 2_000, "{} bytes: {}", text.len(), &text[..200]);
        }
    }
}
