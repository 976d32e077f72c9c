//! Parameter values: percent-decoding (R2, R3), integers and booleans (R3), the opaque query
//! values of R6, and the errors each produces.

use super::rejection::{InvalidParameter, Location, Reason};
use super::table::Text;
use crate::grammar::contains_byte;
use crate::kind::Kind;
use crate::quote;
use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The bytes a message built piece by piece starts with.
pub(crate) const MESSAGE_CAPACITY: usize = 128;

/// The invalid parameters found so far; allocates only when the first is added.
#[derive(Default)]
pub(crate) struct Errors(pub(crate) Vec<InvalidParameter>);

impl Errors {
    pub(crate) fn add(
        &mut self,
        location: Location,
        parameter: &'static str,
        rule: Reason,
        offset: usize,
        message: String,
    ) {
        self.0.push(InvalidParameter::new(
            location, parameter, rule, offset, message,
        ));
    }

    /// Checks `value` against `kind`'s grammar; on failure records the grammar's rule and offset.
    #[inline(always)]
    pub(crate) fn name<'a>(
        &mut self,
        location: Location,
        parameter: &'static str,
        kind: Kind,
        value: Cow<'a, str>,
    ) -> Option<Cow<'a, str>> {
        match kind.validate(value.as_bytes()) {
            Ok(()) => Some(value),
            Err(e) => {
                self.grammar(location, parameter, value.as_bytes(), e);
                None
            }
        }
    }

    /// Records `value`'s grammar error, with the message [`Error::with_input`] writes.
    /// Out of line, so that a valid name pays nothing for building the message.
    ///
    /// [`Error::with_input`]: crate::error::Error::with_input
    #[cold]
    #[inline(never)]
    fn grammar(
        &mut self,
        location: Location,
        parameter: &'static str,
        value: &[u8],
        e: crate::error::Error,
    ) {
        // Room for most messages (a quotation is at most 64 bytes), so that one allocation
        // holds it where `to_string` would grow the string from nothing several times. Not
        // `write!`: with it, `decode` beside this was compiled into more instructions per
        // valid listing request (callgrind, BENCHMARKS.md).
        let mut message = String::with_capacity(MESSAGE_CAPACITY);
        let _ = core::fmt::write(&mut message, format_args!("{}", e.with_input(value)));
        self.add(
            location,
            parameter,
            Reason::Grammar(e.rule()),
            e.offset(),
            message,
        );
    }

    /// Records a malformed escape or bad UTF-8 at byte `at` of the raw `value`.
    #[cold]
    #[inline(never)]
    pub(crate) fn encoding(
        &mut self,
        location: Location,
        parameter: &'static str,
        raw: &str,
        at: usize,
    ) {
        self.add(
            location,
            parameter,
            Reason::InvalidPercentEncoding,
            at,
            format!(
                "{} is not valid percent-encoded UTF-8 (byte {at}): write each '%' as %25 and escape bytes as %XX",
                quote(raw.as_bytes())
            ),
        );
    }

    /// Decodes a path segment and checks it against `kind`.
    ///
    /// No path parameter's grammar admits `%` (a test pins this), so a raw segment that passes
    /// has nothing to decode: it is checked first, and only a failing one is decoded (then
    /// checked again if decoding changed it). The verdict is the same as decoding first, and a
    /// valid segment is read once.
    #[inline(always)]
    pub(crate) fn path_name<'a>(
        &mut self,
        parameter: &'static str,
        kind: Kind,
        raw: &'a str,
    ) -> Option<Cow<'a, str>> {
        match kind.validate(raw.as_bytes()) {
            Ok(()) => Some(Cow::Borrowed(raw)),
            Err(e) => self.path_name_failed(parameter, kind, raw, e),
        }
    }

    /// The rest of [`Errors::path_name`] for a raw segment that fails `kind`'s grammar, out of
    /// line as rare: decoded, it may pass.
    #[cold]
    #[inline(never)]
    fn path_name_failed<'a>(
        &mut self,
        parameter: &'static str,
        kind: Kind,
        raw: &'a str,
        e: crate::error::Error,
    ) -> Option<Cow<'a, str>> {
        match decode(raw, false) {
            Ok(Cow::Borrowed(_)) => {
                self.grammar(Location::Path, parameter, raw.as_bytes(), e);
                None
            }
            Ok(decoded) => self.name(Location::Path, parameter, kind, decoded),
            Err(at) => {
                self.encoding(Location::Path, parameter, raw, at);
                None
            }
        }
    }

    /// Checks an integer parameter in `min..=max` (R3's digits rule).
    pub(crate) fn integer(
        &mut self,
        location: Location,
        parameter: &'static str,
        value: &str,
        min: u64,
        max: u64,
    ) -> Option<u64> {
        match integer(value, min, max) {
            Ok(n) => Some(n),
            Err((rule, at)) => {
                let message = match rule {
                    Reason::OutOfRange => format!(
                        "{parameter} must be from {min} to {max}, not {}",
                        quote(value.as_bytes())
                    ),
                    _ => format!(
                        "{parameter} must be an integer written as 1 to 10 digits without sign or leading zero, not {}",
                        quote(value.as_bytes())
                    ),
                };
                self.add(location, parameter, rule, at, message);
                None
            }
        }
    }

    /// Reads an integer query parameter as Python's `int()` (R10, compatible mode); records
    /// `not-an-integer` at the first byte it cannot read.
    pub(crate) fn python_int(&mut self, parameter: &'static str, value: &str) -> Option<i64> {
        match python_int(value) {
            Ok(n) => Some(n),
            Err(at) => {
                self.add(
                    Location::Query,
                    parameter,
                    Reason::NotAnInteger,
                    at,
                    format!(
                        "{parameter} must be an integer as Python's int() reads it (digits, an optional sign, single '_' between digits), not {}",
                        quote(value.as_bytes())
                    ),
                );
                None
            }
        }
    }

    /// Checks a boolean query parameter: exactly `true` or `false`.
    pub(crate) fn boolean(&mut self, parameter: &'static str, value: &str) -> Option<bool> {
        match value {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                self.add(
                    Location::Query,
                    parameter,
                    Reason::NotABoolean,
                    0,
                    format!(
                        "{parameter} must be exactly true or false, not {}",
                        quote(value.as_bytes())
                    ),
                );
                None
            }
        }
    }

    /// Checks an opaque query value: 1 to `text.max` bytes, each one `text.allowed` accepts.
    pub(crate) fn opaque<'a>(
        &mut self,
        parameter: &'static str,
        value: Cow<'a, str>,
        text: &Text,
    ) -> Option<Cow<'a, str>> {
        let (max, expected) = (text.max, text.expected);
        let bytes = value.as_bytes();
        let (rule, at) = if bytes.is_empty() {
            (crate::error::Rule::Empty, 0)
        } else if bytes.len() > max {
            (crate::error::Rule::TooLong, max)
        } else if let Some(at) = bytes.iter().position(|&b| !(text.allowed)(b)) {
            (crate::error::Rule::InvalidCharacter, at)
        } else {
            return Some(value);
        };
        let message = match rule {
            crate::error::Rule::Empty => {
                format!("{parameter} is empty; it needs 1 to {max} {expected}")
            }
            crate::error::Rule::TooLong => format!(
                "{parameter} {} must be at most {max} bytes long",
                quote(bytes)
            ),
            _ => format!(
                "{parameter} {}: byte {at} is not allowed; expected {expected}",
                quote(bytes)
            ),
        };
        self.add(
            Location::Query,
            parameter,
            Reason::Grammar(rule),
            at,
            message,
        );
        None
    }
}

/// Whether `b` is a hex digit of a `%XX` escape.
fn is_hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

/// Percent-decodes `raw` as UTF-8 (and `+` as a space when `form` is set, as
/// `application/x-www-form-urlencoded` says). Borrows when there is nothing to decode. A
/// malformed escape, or decoded bytes that are not UTF-8, give the byte offset in `raw`.
///
/// The `percent-encoding` crate decodes; this function first refuses what it would pass through
/// silently (`%zz`, `%4`), since the contract asks for an error, never a rewrite.
pub(crate) fn decode(raw: &str, form: bool) -> Result<Cow<'_, str>, usize> {
    let bytes = raw.as_bytes();
    let escaped = contains_byte(b'%', bytes) || (form && contains_byte(b'+', bytes));
    if !escaped {
        return Ok(Cow::Borrowed(raw));
    }
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%' && !(bytes.len() > i + 2 && is_hex(bytes[i + 1]) && is_hex(bytes[i + 2])) {
            return Err(i);
        }
    }
    let plus_free: Cow<'_, [u8]> = if form && bytes.contains(&b'+') {
        Cow::Owned(
            bytes
                .iter()
                .map(|&b| if b == b'+' { b' ' } else { b })
                .collect(),
        )
    } else {
        Cow::Borrowed(bytes)
    };
    let mut decoded = Vec::with_capacity(plus_free.len());
    decoded.extend(percent_encoding::percent_decode(&plus_free));
    String::from_utf8(decoded)
        .map(Cow::Owned)
        .map_err(|e| raw_offset(bytes, e.utf8_error().valid_up_to()))
}

/// The offset in `raw` of the byte that decodes to offset `decoded` (each `%XX` is one byte).
fn raw_offset(raw: &[u8], decoded: usize) -> usize {
    let mut i = 0;
    for _ in 0..decoded {
        i += if raw.get(i) == Some(&b'%') { 3 } else { 1 };
    }
    i.min(raw.len())
}

/// R3's integers: 1 to 10 ASCII digits, no sign, no leading zero, in `min..=max`. A longer run
/// of digits is out of range (decided by its length, never parsed).
pub(crate) fn integer(text: &str, min: u64, max: u64) -> Result<u64, (Reason, usize)> {
    let bytes = text.as_bytes();
    if let Some(at) = bytes.iter().position(|b| !b.is_ascii_digit()) {
        return Err((Reason::NotAnInteger, at));
    }
    match bytes {
        [] => Err((Reason::NotAnInteger, 0)),
        [b'0', _, ..] => Err((Reason::NotAnInteger, 0)),
        _ if bytes.len() > 10 => Err((Reason::OutOfRange, 0)),
        _ => {
            let n = bytes
                .iter()
                .fold(0u64, |n, &b| n * 10 + u64::from(b - b'0'));
            if (min..=max).contains(&n) {
                Ok(n)
            } else {
                Err((Reason::OutOfRange, 0))
            }
        }
    }
}

/// Quay's `truthy_bool` (util/parsing.py): false for exactly `false`, `False`,
/// `FALSE`, `0`, the empty string and `null`; true for any other value.
pub(crate) fn truthy_bool(value: &str) -> bool {
    !matches!(value, "false" | "False" | "FALSE" | "0" | "" | "null")
}

/// The ASCII whitespace `int()` strips: space, `\t`, `\n`, `\v`, `\f` and `\r` (not the
/// separators 0x1C to 0x1F, although `str.isspace()` holds for them).
fn python_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Python's `int()` of an ASCII string (R10): surrounding whitespace, an optional `+` or `-`,
/// then digits with single `_` between digits, leading zeros allowed, any length. A value past
/// `i64` saturates (it is clamped by the caller anyway). `Err` holds the offset of the first
/// byte that cannot be read (the end for an empty or cut-off value).
pub(crate) fn python_int(text: &str) -> Result<i64, usize> {
    let bytes = text.as_bytes();
    let start = bytes
        .iter()
        .position(|&b| !python_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !python_space(b))
        .map_or(start, |at| at + 1);
    let mut at = start;
    let negative = match bytes.get(at) {
        Some(b'-') => {
            at += 1;
            true
        }
        Some(b'+') => {
            at += 1;
            false
        }
        _ => false,
    };
    let mut magnitude: u64 = 0;
    let mut digits = 0usize;
    let mut after_digit = false;
    while at < end {
        match bytes[at] {
            b @ b'0'..=b'9' => {
                magnitude = magnitude
                    .saturating_mul(10)
                    .saturating_add(u64::from(b - b'0'));
                digits += 1;
                after_digit = true;
            }
            // One `_`, between two digits.
            b'_' if after_digit && at + 1 < end && bytes[at + 1].is_ascii_digit() => {
                after_digit = false;
            }
            _ => return Err(at),
        }
        at += 1;
    }
    if digits == 0 {
        return Err(at.min(bytes.len()));
    }
    let magnitude = i64::try_from(magnitude).unwrap_or(i64::MAX);
    Ok(if negative { -magnitude } else { magnitude })
}

/// `text` before its first `byte` (ASCII), and what follows that byte if there is one.
fn split_at(text: &str, byte: u8) -> (&str, Option<&str>) {
    // memchr's vector search: the standard library's `split` and `split_once` cost more to set
    // up than most query strings are long.
    match memchr::memchr(byte, text.as_bytes()).map(|at| (text.get(..at), text.get(at + 1..))) {
        Some((Some(before), after)) => (before, after),
        _ => (text, None),
    }
}

/// Which of `names` the raw query parameter name `raw` is, once decoded. A documented name has
/// nothing to decode, so the raw name is compared first and decoded only when it holds `%` or
/// `+`; a name that does not decode is none of them.
fn documented<const N: usize>(raw: &str, names: &[&str; N]) -> Option<usize> {
    if let Some(i) = names.iter().position(|n| *n == raw) {
        return Some(i);
    }
    let bytes = raw.as_bytes();
    if !(contains_byte(b'%', bytes) || contains_byte(b'+', bytes)) {
        return None;
    }
    let name = decode(raw, true).ok()?;
    names.iter().position(|n| *n == name)
}

/// The documented parameters of a query string, each `None` (absent), its raw value, or given
/// twice. Undocumented parameters are skipped.
pub(crate) struct Query<'a, const N: usize> {
    pub(crate) values: [Option<&'a str>; N],
    pub(crate) duplicated: [bool; N],
}

impl<'a, const N: usize> Query<'a, N> {
    pub(crate) fn parse(query: Option<&'a str>, names: &[&str; N]) -> Self {
        let mut out = Query {
            values: [None; N],
            duplicated: [false; N],
        };
        let mut rest = query;
        while let Some(text) = rest {
            let (pair, next) = split_at(text, b'&');
            rest = next;
            let (name, value) = split_at(pair, b'=');
            if let Some(i) = documented(name, names) {
                out.duplicated[i] |= out.values[i].is_some();
                out.values[i] = Some(value.unwrap_or(""));
            }
        }
        out
    }

    /// The `i`th parameter's decoded value, if it is given once and decodes; records a
    /// duplicate or a bad encoding.
    pub(crate) fn get(
        &self,
        errors: &mut Errors,
        i: usize,
        parameter: &'static str,
    ) -> Option<Cow<'a, str>> {
        let raw = self.values[i]?;
        if self.duplicated[i] {
            errors.add(
                Location::Query,
                parameter,
                Reason::DuplicateParameter,
                0,
                format!("query parameter {parameter} is given more than once; give it once"),
            );
            return None;
        }
        match decode(raw, true) {
            Ok(value) => Some(value),
            Err(at) => {
                errors.encoding(Location::Query, parameter, raw, at);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_borrows_when_nothing_is_escaped() {
        assert!(matches!(
            decode("library$nginx", false),
            Ok(Cow::Borrowed(_))
        ));
        assert_eq!(decode("library%24nginx", false).unwrap(), "library$nginx");
        assert_eq!(decode("library%2Fnginx", false).unwrap(), "library/nginx");
        assert_eq!(decode("a+b", false).unwrap(), "a+b");
        // Outside a form, a `+` stays a `+` also when something else is decoded.
        assert_eq!(decode("a+b%2B", false).unwrap(), "a+b+");
        assert_eq!(decode("a+b%2B", true).unwrap(), "a b+");
        assert_eq!(decode("%C3%A9", false).unwrap(), "\u{e9}");
        // Form mode borrows too when there is neither `%` nor `+`.
        assert!(matches!(decode("v1.2", true), Ok(Cow::Borrowed("v1.2"))));
    }

    #[test]
    fn bytes_that_decode_to_no_utf8_are_placed_in_the_raw_text() {
        assert_eq!(decode("ab%FFcd", false), Err(2));
        assert_eq!(decode("%41%FF", false), Err(3));
        assert_eq!(decode("%C3%A9%C3", true), Err(6));
    }

    #[test]
    fn opaque_values_say_which_bound() {
        let mut e = Errors::default();
        let text = Text {
            pattern: "^[^!]+$",
            max: 3,
            allowed: |b| b != b'!',
            expected: "visible bytes",
        };
        let marker = |e: &mut Errors, v: &'static str| e.opaque("marker", Cow::Borrowed(v), &text);
        assert_eq!(marker(&mut e, "abc"), Some(Cow::Borrowed("abc")));
        assert_eq!(marker(&mut e, ""), None);
        assert_eq!(marker(&mut e, "abcd"), None);
        assert_eq!(marker(&mut e, "a!"), None);
        let messages: std::vec::Vec<_> = e.0.iter().map(|x| x.message().to_string()).collect();
        assert_eq!(
            messages,
            [
                "marker is empty; it needs 1 to 3 visible bytes",
                "marker \"abcd\" must be at most 3 bytes long",
                "marker \"a!\": byte 1 is not allowed; expected visible bytes",
            ]
        );
    }

    /// `Errors::path_name` checks a raw segment before decoding it, which is right only while no
    /// path parameter's grammar admits `%`: a `%` anywhere in a valid value, or a whole escape,
    /// makes it invalid.
    #[test]
    fn no_path_grammar_admits_a_percent_sign() {
        for (kind, valid) in [
            (Kind::SwrNamespace, "cloud-team"),
            (Kind::SwrRepositoryPath, "library$nginx"),
            (Kind::QuayRepository, "quayadmin/busybox"),
            (Kind::Tag, "v1.25.3-stable"),
        ] {
            assert!(kind.validate(valid.as_bytes()).is_ok(), "{kind:?} {valid}");
            for at in 0..=valid.len() {
                for insert in ["%", "%24", "%2F", "%41"] {
                    let raw = std::format!("{}{insert}{}", &valid[..at], &valid[at..]);
                    assert!(kind.validate(raw.as_bytes()).is_err(), "{kind:?} {raw}");
                }
            }
        }
    }

    #[test]
    fn path_names_decode_only_when_the_raw_segment_fails() {
        let mut e = Errors::default();
        let raw = "library%24nginx";
        let value = e.path_name("repository", Kind::SwrRepositoryPath, raw);
        assert_eq!(value.as_deref(), Some("library$nginx"));
        assert!(matches!(
            e.path_name("namespace", Kind::SwrNamespace, "group"),
            Some(Cow::Borrowed("group"))
        ));
        assert!(e.0.is_empty());
        // Still invalid once decoded; not decodable; nothing to decode.
        assert_eq!(e.path_name("tag", Kind::Tag, "a%2Fb"), None);
        assert_eq!(e.path_name("tag", Kind::Tag, "a%zz"), None);
        assert_eq!(e.path_name("tag", Kind::Tag, "-a"), None);
        let found: std::vec::Vec<_> = e.0.iter().map(|p| (p.rule().id(), p.offset())).collect();
        assert_eq!(
            found,
            [
                ("invalid-character", 1),
                ("invalid-percent-encoding", 1),
                ("invalid-start", 0)
            ]
        );
    }

    #[test]
    fn decode_refuses_malformed_escapes_and_bad_utf8() {
        assert_eq!(decode("%4", false), Err(0));
        assert_eq!(decode("ab%zz", false), Err(2));
        assert_eq!(decode("ab%", false), Err(2));
        assert_eq!(decode("a%C3", false), Err(1));
        assert_eq!(decode("ab%FFcd", false), Err(2));
        assert_eq!(decode("x%C3%A9%FF", false), Err(7));
    }

    #[test]
    fn integers_follow_r3() {
        assert_eq!(integer("1", 1, 1000), Ok(1));
        assert_eq!(integer("1000", 1, 1000), Ok(1000));
        assert_eq!(integer("1001", 1, 1000), Err((Reason::OutOfRange, 0)));
        assert_eq!(integer("0", 1, 1000), Err((Reason::OutOfRange, 0)));
        assert_eq!(integer("2147483647", 1, 2147483647), Ok(2147483647));
        assert_eq!(
            integer("2147483648", 1, 2147483647),
            Err((Reason::OutOfRange, 0))
        );
        assert_eq!(
            integer("99999999999999999999999", 1, 100),
            Err((Reason::OutOfRange, 0))
        );
        assert_eq!(integer("", 1, 100), Err((Reason::NotAnInteger, 0)));
        assert_eq!(integer("010", 1, 100), Err((Reason::NotAnInteger, 0)));
        assert_eq!(integer("+1", 1, 100), Err((Reason::NotAnInteger, 0)));
        assert_eq!(integer("-1", 1, 100), Err((Reason::NotAnInteger, 0)));
        assert_eq!(integer("12a", 1, 100), Err((Reason::NotAnInteger, 2)));
        assert_eq!(integer(" 1", 1, 100), Err((Reason::NotAnInteger, 0)));
    }

    #[test]
    fn truthy_bool_is_quays() {
        for falsy in ["false", "False", "FALSE", "0", "", "null"] {
            assert!(!truthy_bool(falsy), "{falsy:?}");
        }
        for truthy in [
            "true", "True", "1", "yes", "no", "fAlse", "NULL", " false", "00",
        ] {
            assert!(truthy_bool(truthy), "{truthy:?}");
        }
    }

    /// What Python 3's `int()` answers for each (checked with CPython 3.11).
    #[test]
    fn python_int_reads_as_python() {
        for (text, n) in [
            ("250", 250),
            ("0", 0),
            ("007", 7),
            ("+5", 5),
            ("-1", -1),
            ("-0", 0),
            (" 42 ", 42),
            ("\t\n\x0b\x0c\r7\r\n", 7),
            ("1_000", 1000),
            ("0_0", 0),
            ("99999999999999999999999", i64::MAX),
            ("-99999999999999999999999", -i64::MAX),
        ] {
            assert_eq!(python_int(text), Ok(n), "{text:?}");
        }
        for (text, at) in [
            ("", 0),
            ("   ", 3),
            ("+", 1),
            ("-", 1),
            ("+-1", 1),
            ("1_", 1),
            ("_1", 0),
            ("1__0", 1),
            ("1 0", 1),
            ("1.0", 1),
            ("1e3", 1),
            ("0x10", 1),
            ("- 1", 1),
            ("\x1c7", 0),
            // Python also reads Unicode whitespace and digits; R10 reads ASCII only, as no
            // client sends them.
            ("\u{a0}1", 0),
            ("\u{663}", 0),
        ] {
            assert_eq!(python_int(text), Err(at), "{text:?}");
        }
    }

    /// The query is split as `split('&')` and `split_once('=')` split it, and a name is decoded
    /// before it is looked up: the plain reading, written out here, gives the same parameters.
    #[test]
    fn query_pairs_are_split_and_decoded_as_the_plain_reading() {
        const NAMES: [&str; 3] = ["limit", "tag", "a b"];
        for query in [
            "",
            "&",
            "&&",
            "=",
            "a",
            "limit",
            "limit=",
            "=limit",
            "limit=1&&tag=x",
            "limit=1=2",
            "tag&limit",
            "limit=5&",
            "&limit=5",
            "li%6Dit=3&tag=%zz",
            "a+b=1&a%20b=2",
            "%zz=1&limit=%",
            "tag=1&tag=2&limit=3",
            "x=1&y&z=",
        ] {
            let got = Query::parse(Some(query), &NAMES);
            let mut values = [None; 3];
            let mut duplicated = [false; 3];
            for pair in query.split('&') {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                let Ok(name) = decode(name, true) else {
                    continue;
                };
                if let Some(i) = NAMES.iter().position(|n| *n == name) {
                    duplicated[i] |= values[i].is_some();
                    values[i] = Some(value);
                }
            }
            assert_eq!(
                (got.values, got.duplicated),
                (values, duplicated),
                "{query:?}"
            );
        }
        let none = Query::parse(None, &NAMES);
        assert_eq!((none.values, none.duplicated), ([None; 3], [false; 3]));
    }

    #[test]
    fn query_marks_duplicates_of_documented_names_only() {
        let q = Query::parse(Some("limit=10&x=1&x=2&li%6Dit=20&tag"), &["limit", "tag"]);
        assert_eq!(q.values, [Some("20"), Some("")]);
        assert_eq!(q.duplicated, [true, false]);
    }
}
