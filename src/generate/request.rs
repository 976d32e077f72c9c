//! Generators of whole requests (docs/requests.md), walking the operations' parameter table
//! (`request/table.rs`): a valid request of an operation, and one whose chosen parameters are
//! invalid, with the set of parameters a validator must reject.

use super::{Src, ALNUM};
use crate::kind::Kind;
use crate::request::table::{rows, Compatible, Grammar, Param};
use crate::request::{Category, Location, Operation, Request};
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write as _;

/// A generated HTTP request: what [`Request`] borrows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedRequest {
    /// The operation the request is meant for (its method and path template).
    pub operation: Operation,
    /// The HTTP method.
    pub method: &'static str,
    /// The request target: the path, with every parameter percent-encoded where needed, and a
    /// query string of the parameters chosen.
    pub target: String,
    /// The headers: `Content-Type` for the operations with a JSON body (for CodeArts, sometimes
    /// none, as R4 allows).
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body of the operations that take one (`None` for the others).
    pub body: Option<String>,
}

impl GeneratedRequest {
    /// The request as the validator reads it.
    pub fn as_request(&self) -> Request<'_> {
        let mut request = Request::new(self.method, &self.target);
        for (name, value) in &self.headers {
            request = request.header(name, value.as_bytes());
        }
        if let Some(body) = &self.body {
            request = request.body(body.as_bytes());
        }
        request
    }
}

/// Percent-encodes every byte but the unreserved ones and those in `keep`.
fn encode(value: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn valid_name(s: &mut Src, kind: Kind) -> String {
    (kind.generator().valid)(s)
}

/// A near miss of `kind` that `accept` accepts (a few tries, then `fallback`: a space, which no
/// grammar allows).
fn near_miss(s: &mut Src, kind: Kind, accept: impl Fn(&str) -> bool, fallback: &str) -> String {
    for _ in 0..8 {
        let (text, _) = (kind.generator().near_miss)(s);
        if accept(&text) {
            return text;
        }
    }
    fallback.to_owned()
}

fn integer(s: &mut Src, min: u64, max: u64) -> u64 {
    match s.below(4) {
        0 => min,
        1 => max,
        _ => min + (s.below(usize::MAX) as u64) % (max - min + 1),
    }
}

/// A JSON string literal.
fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// A valid value of `param`, as it is written in its location (raw text for the path and query,
/// a JSON value for the body). `None`: an optional parameter left out.
fn valid_value(s: &mut Src, param: &Param) -> Option<String> {
    let body = param.location == Location::Body;
    if !param.required && s.chance(50) {
        return None;
    }
    Some(match param.grammar {
        Grammar::Name(kind) => {
            let text = valid_name(s, kind);
            if body {
                json_string(&text)
            } else {
                text
            }
        }
        Grammar::EitherForm { plain, path } => {
            let kind = if s.chance(50) { plain } else { path };
            let text = valid_name(s, kind);
            json_string(&text)
        }
        Grammar::Integer(range) => integer(s, range.min, range.max).to_string(),
        Grammar::Boolean => s.pick(&["true", "false"]).to_owned(),
        Grammar::Text(text) => {
            let allowed: Vec<u8> = (0..=u8::MAX).filter(|&b| (text.allowed)(b)).collect();
            let n = s.length(1, text.max);
            let mut out = String::with_capacity(n);
            for _ in 0..n {
                s.push_from(&mut out, &allowed);
            }
            out
        }
        Grammar::AnyString => {
            let mut out = String::new();
            for _ in 0..s.range(0, 20) {
                out.push(s.pick(&['a', ' ', '"', '\\', '\n', 'é', '版', '🦀', '/', '{']));
            }
            json_string(&out)
        }
        Grammar::Category => json_string(s.pick(&Category::ALL).id()),
        Grammar::Expiration { max } => {
            if s.chance(20) {
                String::from("null")
            } else {
                integer(s, 0, max).to_string()
            }
        }
    })
}

/// Whether `param` has values that both modes refuse (docs/requests.md R10): compatible mode
/// reads `truthy_bool` and `specificTag` as Quay does, taking every value.
fn can_be_invalid(param: &Param) -> bool {
    !matches!(
        param.compatible,
        Compatible::TruthyBool | Compatible::AnyString
    )
}

/// An invalid value of `param`, as it is written in its location, refused in both modes.
fn invalid_value(s: &mut Src, param: &Param) -> String {
    let body = param.location == Location::Body;
    match param.compatible {
        // Python's `int()` takes signs, zeros and spaces, and out-of-range values are clamped:
        // only text that is no integer is refused.
        Compatible::PythonInt { .. } => return s.pick(&["x1", "1.5", "1e3", "0x10"]).to_owned(),
        // Any operand is taken: only an unknown op or a missing `:` is refused.
        Compatible::FilterAnyOperand => {
            return s.pick(&["ne:v1", "LIKE:v1", "v1", "like"]).to_owned()
        }
        _ => {}
    }
    match param.grammar {
        Grammar::Name(kind) => {
            // In the path, a value must keep the request on its route: not empty (an empty
            // segment may route elsewhere or nowhere).
            let path = param.location == Location::Path;
            let text = near_miss(s, kind, |t| !path || !t.is_empty(), " ");
            if body {
                json_string(&text)
            } else {
                text
            }
        }
        Grammar::EitherForm { plain, .. } => {
            // A value with `$` would be read as the path form: keep to the plain form's misses.
            json_string(&near_miss(s, plain, |t| !t.contains('$'), " "))
        }
        Grammar::Integer(range) => {
            let text = match s.below(3) {
                0 if range.min > 0 => (range.min - 1).to_string(),
                1 => format!("0{}", range.min),
                _ => String::from("x1"),
            };
            if body {
                json_string(&text)
            } else {
                text
            }
        }
        Grammar::Boolean => {
            if body {
                json_string(s.pick(&["true", "false", "yes"]))
            } else {
                s.pick(&["True", "1", "yes", "FALSE"]).to_owned()
            }
        }
        Grammar::Text(text) => {
            let forbidden: Vec<u8> = (0..=0x7fu8).filter(|&b| !(text.allowed)(b)).collect();
            let mut out = String::new();
            s.push_from(&mut out, ALNUM);
            s.push_from(&mut out, &forbidden);
            out
        }
        Grammar::AnyString => String::from("12"),
        Grammar::Category => json_string(s.pick(&["App_server", "linux ", "", "none"])),
        Grammar::Expiration { max } => {
            if s.chance(50) {
                json_string("1700000000")
            } else {
                (max + 1).to_string()
            }
        }
    }
}

/// Builds a request of `op`; the parameters named in `invalid` get invalid values.
fn build(s: &mut Src, op: Operation, invalid: &[(Location, &str)]) -> GeneratedRequest {
    let rows = rows(op);
    let is_invalid = |p: &Param| invalid.contains(&(p.location, p.name));
    let value = |s: &mut Src, p: &Param| -> Option<String> {
        if is_invalid(p) {
            Some(invalid_value(s, p))
        } else {
            valid_value(s, p)
        }
    };
    // The path: the template with each `{name}` replaced.
    let mut target = String::new();
    let mut rest = op.template();
    while let Some(open) = rest.find('{') {
        target.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |i| open + i);
        let name = &rest[open + 1..close];
        if let Some(p) = rows.path.iter().find(|p| p.name == name) {
            let text = value(s, p).unwrap_or_default();
            // A Quay repository spans `/`, and a valid one is sent with its `/` as they are.
            let keep: &[u8] = match p.grammar {
                Grammar::Name(Kind::QuayRepository) if !is_invalid(p) => b"/$",
                _ => b"$",
            };
            // An invalid one's `/` goes as %2F, which belongs to the value (R2).
            target.push_str(&encode(&text, keep));
        }
        rest = &rest[(close + 1).min(rest.len())..];
    }
    target.push_str(rest);
    let mut pairs = Vec::new();
    for p in rows.query {
        if let Some(text) = value(s, p) {
            pairs.push(format!("{}={}", p.name, encode(&text, b"")));
        }
    }
    if !pairs.is_empty() {
        target.push('?');
        target.push_str(&pairs.join("&"));
    }
    let mut headers = Vec::new();
    let mut body = None;
    if op.has_body() {
        if op != Operation::CodeArtsAddTag || s.chance(50) {
            let media = s.pick(&[
                "application/json",
                "application/json; charset=utf-8",
                "Application/JSON",
            ]);
            headers.push(("Content-Type", media.to_owned()));
        }
        let mut fields = Vec::new();
        for p in rows.body {
            if let Some(text) = value(s, p) {
                fields.push(format!("{}:{text}", json_string(p.name)));
            }
        }
        body = Some(format!("{{{}}}", fields.join(",")));
    }
    GeneratedRequest {
        operation: op,
        method: op.method(),
        target,
        headers,
        body,
    }
}

/// A valid request of `op`.
pub(crate) fn request(s: &mut Src, op: Operation) -> GeneratedRequest {
    build(s, op, &[])
}

/// A request of `op` whose chosen parameters (at least one) are invalid, and those parameters in
/// the table's order (R7's order of errors).
pub(crate) fn invalid_request(
    s: &mut Src,
    op: Operation,
) -> (GeneratedRequest, Vec<(Location, &'static str)>) {
    let rows = rows(op);
    let all: Vec<&Param> = rows
        .path
        .iter()
        .chain(rows.query)
        .chain(rows.body)
        .filter(|p| can_be_invalid(p))
        .collect();
    let mut chosen: Vec<(Location, &'static str)> = all
        .iter()
        .filter(|_| s.chance(30))
        .map(|p| (p.location, p.name))
        .collect();
    if chosen.is_empty() {
        let p = s.pick(&all);
        chosen.push((p.location, p.name));
    }
    (build(s, op, &chosen), chosen)
}
