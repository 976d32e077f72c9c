//! Any text as a Dockerfile and as YAML: never a panic; every candidate's and every error's
//! line and column lie inside the text; a plain (unexpanded, unquoted) Dockerfile reference is
//! the text at its position; every found reference goes through the reference parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registry_names::reference::{ImageReference, Profiles};
use registry_names::scan::{dockerfile, yaml, Candidate, Value};

/// Byte offsets of the line starts, counting `\n`, `\r\n` and a lone `\r` as YAML does.
fn line_starts(text: &str, lone_cr: bool) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (lone_cr && b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

fn offset(starts: &[usize], text: &str, line: usize, column: usize) -> usize {
    assert!(line >= 1 && line <= starts.len(), "line {line} outside the text");
    assert!(column >= 1, "column 0");
    let at = starts[line - 1] + column - 1;
    assert!(at <= text.len(), "column {column} past the end of the text");
    at
}

fn check(found: &[Candidate]) {
    let profiles = Profiles::new();
    for c in found {
        if let Value::Reference(r) = &c.value {
            let _ = ImageReference::parse_with(r, &profiles);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let found = dockerfile::candidates(text);
    let starts = line_starts(text, false);
    for c in &found {
        let at = offset(&starts, text, c.line, c.column);
        if let Value::Reference(r) = &c.value {
            if !r.contains('$') && !text[at..].contains('$') {
                assert!(text.is_char_boundary(at));
            }
        }
    }
    check(&found);
    let starts = line_starts(text, true);
    for gitlab in [false, true] {
        match yaml::candidates(text, gitlab) {
            Ok(found) => {
                for c in &found {
                    offset(&starts, text, c.line, c.column);
                }
                check(&found);
            }
            Err(e) => {
                offset(&starts, text, e.line, e.column);
            }
        }
    }
});
