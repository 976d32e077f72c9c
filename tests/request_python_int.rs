//! Compatible mode reads Quay's `limit` and `page` as Python's `int()` does (docs/requests.md
//! R10): every value of a generated corpus is read by the real `python3` and by the crate,
//! through `Validator::compatible()`, and the two must agree on whether it is an integer and on
//! its value (saturated to `i64`, as `limit_given()` reports it).
#![cfg(feature = "request")]

use registry_names::request::{Request, Valid, Validator};
use std::io::Write;
use std::process::{Command, Stdio};

/// Strings built from what `int()` cares about: digits, signs, `_`, ASCII whitespace, and a few
/// bytes it refuses. Deterministic (a xorshift), so a failure reproduces.
fn corpus() -> Vec<String> {
    let alphabet: &[u8] = b"0123456789+-_ \t\n\x0b\x0c\r.ex\x1c";
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out: Vec<String> = [
        "",
        "0",
        "007",
        "250",
        "+5",
        "-1",
        "1_000",
        "1__0",
        "_1",
        "1_",
        " 42 ",
        "\t7\n",
        "+",
        "-",
        "0x10",
        "1e3",
        "1.0",
        "99999999999999999999999",
        "-99999999999999999999999",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for _ in 0..3000 {
        let len = (next() % 8) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
            .collect();
        out.push(text);
    }
    out
}

/// `limit_given()` for `value`, or `None` when the crate refuses it (`not-an-integer`).
fn crate_reads(value: &str) -> Option<i64> {
    let encoded: String = value.bytes().map(|b| format!("%{b:02X}")).collect();
    let target = format!("/api/v1/repository/org/app/tag/?limit={encoded}");
    match Validator::compatible().validate(&Request::new("GET", &target)) {
        Some(Ok(Valid::QuayListTags(v))) => Some(v.limit_given().expect("given")),
        Some(Err(rejection)) => {
            let rules: Vec<_> = rejection.errors().iter().map(|e| e.rule().id()).collect();
            assert_eq!(rules, ["not-an-integer"], "{value:?}");
            None
        }
        other => panic!("{value:?}: {other:?}"),
    }
}

#[test]
fn limit_is_read_as_pythons_int() {
    let values = corpus();
    let Ok(mut child) = Command::new("python3")
        .args([
            "-c",
            "import json, sys\n\
             for line in sys.stdin:\n\
             \ttry: n = int(json.loads(line))\n\
             \texcept ValueError: print('refused'); continue\n\
             \tprint(max(-2**63 + 1, min(2**63 - 1, n)))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    else {
        assert!(std::env::var_os("CI").is_none(), "python3 is needed");
        eprintln!("skipped: no python3");
        return;
    };
    let mut input = String::new();
    for value in &values {
        input.push_str(&serde_json::to_string(value).unwrap());
        input.push('\n');
    }
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers = String::from_utf8(output.stdout).unwrap();
    let answers: Vec<&str> = answers.lines().collect();
    assert_eq!(answers.len(), values.len());
    let mut integers = 0;
    for (value, python) in values.iter().zip(answers) {
        let python = (python != "refused").then(|| python.parse::<i64>().unwrap());
        integers += usize::from(python.is_some());
        assert_eq!(crate_reads(value), python, "{value:?}");
    }
    // The corpus reaches both verdicts.
    assert!(
        integers > 100 && integers < values.len() - 100,
        "{integers}"
    );
}
