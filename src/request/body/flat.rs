//! The bodies clients nearly always send, read without serde: one flat JSON object whose keys and
//! strings hold no escape. serde_json's generic path (a visitor per key and per value, its error
//! bookkeeping) cost more than the rest of a request's check together; this reader takes the
//! common shape in one pass and leaves everything else, valid or not, to serde_json in
//! [`super`], which alone decides errors. A proptest below pins the two readers together.

use super::{Fields, Json};
use crate::grammar::json_plain_span;
use alloc::borrow::Cow;

/// `text` read as [`super::fields`] reads it when it is a flat object: each value a string
/// without escapes, `true`, `false`, `null`, or an integer of 1 to 19 digits without sign,
/// fraction or exponent (19 digits always fit `u64`, so serde_json reads it as `u64` too).
/// `None` for any other text, whatever serde_json would make of it.
pub(super) fn fields<'a, const N: usize>(
    text: &'a str,
    names: &'static [&'static str; N],
) -> Option<Fields<'a, N>> {
    let mut fields = Fields {
        values: [const { None }; N],
        duplicated: [false; N],
    };
    let mut rest = whitespace(whitespace(text.as_bytes()).strip_prefix(b"{")?);
    if let Some(after) = rest.strip_prefix(b"}") {
        rest = after;
    } else {
        loop {
            let (known, after) = key(rest.strip_prefix(b"\"")?, names)?;
            rest = whitespace(whitespace(after).strip_prefix(b":")?);
            let (value, after) = value(text, rest)?;
            if let Some(i) = known {
                fields.duplicated[i] |= fields.values[i].is_some();
                fields.values[i] = Some(value);
            }
            rest = whitespace(after);
            match rest.split_first()? {
                (b',', after) => rest = whitespace(after),
                (b'}', after) => {
                    rest = after;
                    break;
                }
                _ => return None,
            }
        }
    }
    whitespace(rest).is_empty().then_some(fields)
}

/// `input` after its leading whitespace (RFC 8259: space, tab, line feed, carriage return).
fn whitespace(input: &[u8]) -> &[u8] {
    let n = input
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count();
    &input[n..]
}

/// The key whose opening `"` has been read: which of `names` it is, if any, and what follows
/// its closing `"`. A documented name is matched in place (it has no byte that needs escaping),
/// so only an unknown key is scanned.
fn key<'i, const N: usize>(
    input: &'i [u8],
    names: &[&str; N],
) -> Option<(Option<usize>, &'i [u8])> {
    let named =
        |name: &&str| input.starts_with(name.as_bytes()) && input.get(name.len()) == Some(&b'"');
    match names.iter().position(named) {
        Some(i) => Some((Some(i), &input[names[i].len() + 1..])),
        None => string(input).map(|(_, rest)| (None, rest)),
    }
}

/// The text of a string whose opening `"` has been read, and what follows its closing `"`;
/// `None` at an escape or a control character.
fn string(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = json_plain_span(input);
    match input.get(len..)?.split_first()? {
        (b'"', rest) => Some((&input[..len], rest)),
        _ => None,
    }
}

/// The value at the start of `input`, a part of `text`, and what follows it.
fn value<'a, 'i>(text: &'a str, input: &'i [u8]) -> Option<(Json<'a>, &'i [u8])> {
    let (value, len) = match input.first()? {
        b'"' => {
            let (s, rest) = string(&input[1..])?;
            // The string's offset in `text`; both its ends are next to a `"`, so the slice
            // is on character boundaries.
            let start = text.len() - input.len() + 1;
            let s = text.get(start..start + s.len())?;
            return Some((Json::String(Cow::Borrowed(s)), rest));
        }
        b't' if input.starts_with(b"true") => (Json::Bool(true), 4),
        b'f' if input.starts_with(b"false") => (Json::Bool(false), 5),
        b'n' if input.starts_with(b"null") => (Json::Null, 4),
        b'0'..=b'9' => {
            let digits = input.iter().take_while(|b| b.is_ascii_digit()).count();
            let leading_zero = digits > 1 && input[0] == b'0';
            let not_integer = matches!(input.get(digits), Some(b'.' | b'e' | b'E'));
            if digits > 19 || leading_zero || not_integer {
                return None;
            }
            let n = input[..digits]
                .iter()
                .fold(0u64, |n, &b| n * 10 + u64::from(b - b'0'));
            (Json::Unsigned(n), digits)
        }
        _ => return None,
    };
    Some((value, &input[len..]))
}

#[cfg(test)]
mod tests {
    use super::super::{serde_fields, BodyError};
    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;

    const NAMES: &[&str; 3] = &["a", "bb", "manifest_digest"];

    /// The serde_json reader's verdict in a comparable form.
    fn by_serde(text: &str) -> Result<(Vec<Option<Json<'_>>>, [bool; 3]), String> {
        match serde_fields(text, NAMES) {
            Ok(f) => Ok((f.values.to_vec(), f.duplicated)),
            Err(BodyError::InvalidJson { offset, eof }) => Err(std::format!("{offset} {eof}")),
            Err(BodyError::NotAnObject(what)) => Err(what.into()),
        }
    }

    fn flat(text: &str) -> Option<(Vec<Option<Json<'_>>>, [bool; 3])> {
        fields(text, NAMES).map(|f| (f.values.to_vec(), f.duplicated))
    }

    #[test]
    fn reads_the_common_bodies() {
        for text in [
            r#"{"a": "v1", "bb": "v1-stable", "other": false}"#,
            "{\"manifest_digest\": \"sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4\"}",
            " {\n\t\"a\" : 1767225600 ,\"bb\":null,\"a\":true}\r\n",
            "{}",
            "{\"a\":0,\"bb\":9999999999999999999,\"x\":\"\u{7f} é\"}",
        ] {
            assert!(flat(text).is_some(), "{text}");
            assert_eq!(Ok(flat(text).unwrap()), by_serde(text), "{text}");
        }
        let (values, duplicated) = flat(r#"{"a":"x","a":7}"#).unwrap();
        assert_eq!(values[0], Some(Json::Unsigned(7)));
        assert_eq!(duplicated, [true, false, false]);
    }

    #[test]
    fn leaves_everything_else_to_serde_json() {
        for text in [
            "",
            " ",
            "[]",
            "1",
            "{",
            r#"{"a":"v\u0031"}"#,
            r#"{"\u0061":1}"#,
            "{\"a\":\"tab\there\"}",
            r#"{"a":-1}"#,
            r#"{"a":1.5}"#,
            r#"{"a":1e3}"#,
            r#"{"a":01}"#,
            r#"{"a":18446744073709551615}"#,
            r#"{"a":[1]}"#,
            r#"{"a":{}}"#,
            r#"{"a":tru}"#,
            r#"{"a":truex}"#,
            r#"{"a":1,}"#,
            r#"{"a":1} x"#,
            r#"{"a" 1}"#,
            r#"{a:1}"#,
            "{\"a\":1}\u{0c}",
        ] {
            assert_eq!(flat(text), None, "{text}");
        }
    }

    /// Tokens of generated bodies: first those of the flat shape (up to each `*_READ`), then
    /// their near misses.
    const KEYS: &[&str] = &[
        "\"a\"",
        "\"bb\"",
        "\"manifest_digest\"",
        "\"zz\"",
        "\"\"",
        "\"\\u0061\"",
        "\"a\\\"\"",
        "a",
        "\"a",
        "1",
    ];
    const KEYS_READ: usize = 5;
    const VALUES: &[&str] = &[
        "\"v1.2\"",
        "\"\"",
        "\"sha256:0123456789abcdef0123\"",
        "\"é\"",
        "\"\u{7f}\"",
        "0",
        "7",
        "123456789012345678",
        "1234567890123456789",
        "9999999999999999999",
        "true",
        "false",
        "null",
        "\"x\\\"y\"",
        "\"\\u0061\"",
        "\"\\\\\"",
        "\"tab\t\"",
        "\"nl\n\"",
        "\"v1",
        "01",
        "00",
        "-1",
        "-0",
        "1.5",
        "1.",
        "2e3",
        "1E3",
        "18446744073709551615",
        "18446744073709551616",
        "tru",
        "nul",
        "truex",
        "nulll",
        "{}",
        "{\"a\":1}",
        "[1]",
        "[]",
        "x",
        "",
    ];
    const VALUES_READ: usize = 13;
    const GLUE: &[&str] = &[
        "", " ", "\n", "\t", "\r", "\u{0c}", "\u{a0}", ",", ":", "}", "{",
    ];
    const GLUE_READ: usize = 5;

    /// A token: from the first `read` of `tokens` nine times in ten.
    fn pick(tokens: &[&'static str], read: usize, x: usize) -> &'static str {
        if x.is_multiple_of(10) {
            tokens[x / 10 % tokens.len()]
        } else {
            tokens[x / 10 % read]
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// Whenever the flat reader reads a body, serde_json's reader reads it too, to the same
        /// fields and duplicates; and the reader turns down no flat object made of its tokens.
        /// Most generated bodies have the flat shape; the others miss it by a token or two.
        #[test]
        fn agrees_with_serde_json(
            entries in proptest::collection::vec(
                (0usize..1000, 0usize..1000, 0usize..1000, 0usize..1000), 0..5),
            open in proptest::sample::select(&["{", "{", "{", " {", "\n{", "[", "{{", ""][..]),
            close in proptest::sample::select(&["}", "}", "}", "} ", "}\r\n", "", "}}", "} x", ",}"][..]),
        ) {
            let mut text = String::from(open);
            let mut shaped = true;
            for (n, &(key, value, before, after)) in entries.iter().enumerate() {
                if n > 0 {
                    text.push(',');
                }
                for (tokens, read, x) in [
                    (GLUE, GLUE_READ, before),
                    (KEYS, KEYS_READ, key),
                    (&[":"][..], 1, 1),
                    (GLUE, GLUE_READ, after),
                    (VALUES, VALUES_READ, value),
                ] {
                    let token = pick(tokens, read, x);
                    shaped &= tokens[..read].contains(&token);
                    text.push_str(token);
                }
            }
            text.push_str(close);
            shaped &= open.trim_start() == "{" && close.trim_end() == "}";
            let read = flat(&text);
            if let Some(read) = read.clone() {
                proptest::prop_assert_eq!(Ok(read), by_serde(&text), "{}", text);
            } else {
                proptest::prop_assert!(!shaped, "{} has the flat shape", text);
            }
        }
    }
}
