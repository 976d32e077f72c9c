//! Generators of the component-shaped names: SWR (§1, §2), tags (§3), Quay (§4–§6) and OCI
//! digests (§7).

use super::{Feature, Generator, Src, ALNUM, DIGITS, HEX, LOWER};
use crate::error::Rule;
use alloc::string::String;

/// Which separators a component may hold between its runs of letters and digits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seps {
    /// §1's `SEP`: `.`, `_`, `__` or a run of `-`.
    Swr,
    /// §4's: one of `.`, `_`, `-`.
    Single,
}

/// Pushes a component (`ALNUM+ ( SEP ALNUM+ )*`) of exactly `len` bytes (at least 1), starting
/// with a letter if `letter_first`. Runs are short so that separators are frequent.
pub(crate) fn component(s: &mut Src, out: &mut String, len: usize, letter_first: bool, seps: Seps) {
    let mut left = len.max(1);
    let mut first = true;
    loop {
        let mut run = s.range(1, left.min(4));
        // A separator needs a byte after it: never leave exactly one byte.
        if left - run == 1 {
            run += 1;
        }
        for _ in 0..run {
            let set = if first && letter_first { LOWER } else { ALNUM };
            s.push_from(out, set);
            first = false;
        }
        left -= run;
        if left == 0 {
            return;
        }
        let room = left - 1;
        let sep_len = match (seps, s.below(4)) {
            (_, 0) => {
                out.push('.');
                1
            }
            (_, 1) => {
                out.push('_');
                1
            }
            (Seps::Swr, 2) if room >= 2 => {
                out.push_str("__");
                2
            }
            (Seps::Swr, 3) => {
                let n = s.range(1, room.min(3));
                for _ in 0..n {
                    out.push('-');
                }
                n
            }
            _ => {
                out.push('-');
                1
            }
        };
        left -= sep_len;
    }
}

/// Splits `total` bytes into `depth` parts of at least one byte each.
fn split(s: &mut Src, total: usize, depth: usize) -> alloc::vec::Vec<usize> {
    let mut parts = alloc::vec![1; depth];
    let mut extra = total.saturating_sub(depth);
    for (i, part) in parts.iter_mut().enumerate() {
        let n = if i + 1 == depth {
            extra
        } else {
            s.range(0, extra)
        };
        *part += n;
        extra -= n;
    }
    parts
}

/// A name of `len` bytes: 1 to 5 components (§1's separators inside) joined by `joiner`.
pub(crate) fn joined(s: &mut Src, len: usize, joiner: char, letter_first: bool) -> String {
    let len = len.max(1);
    let depth = s.range(1, len.div_ceil(2).min(5));
    // `depth` components and `depth - 1` joiners: the components share the rest.
    let parts = split(s, len - (depth - 1), depth);
    let mut out = String::with_capacity(len);
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(joiner);
        }
        component(s, &mut out, part, letter_first && i == 0, Seps::Swr);
    }
    out
}

pub(crate) fn swr_namespace_of(s: &mut Src, len: usize) -> String {
    let mut out = String::with_capacity(len);
    component(s, &mut out, len, true, Seps::Swr);
    out
}

fn swr_namespace(s: &mut Src) -> String {
    let len = s.length(1, 64);
    swr_namespace_of(s, len)
}

fn swr_repository(s: &mut Src) -> String {
    let len = s.length(1, 128);
    joined(s, len, '/', false)
}

fn swr_repository_path(s: &mut Src) -> String {
    let len = s.length(1, 128);
    joined(s, len, '$', false)
}

pub(crate) const TAG_FIRST: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
pub(crate) const TAG_BYTE: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";

pub(crate) fn tag_of(s: &mut Src, len: usize) -> String {
    let mut out = String::with_capacity(len);
    // `_` first one time in ten: a first byte that only §3 allows.
    if s.chance(10) {
        out.push('_');
    } else {
        s.push_from(&mut out, TAG_FIRST);
    }
    for _ in 1..len {
        // Separators one time in four, so that `.` and `-` runs appear in short tags too.
        if s.chance(25) {
            s.push_from(&mut out, b"._-");
        } else {
            s.push_from(&mut out, TAG_BYTE);
        }
    }
    out
}

pub(crate) fn tag(s: &mut Src) -> String {
    let len = s.length(1, 128);
    tag_of(s, len)
}

pub(crate) fn quay_namespace_of(s: &mut Src, len: usize) -> String {
    let mut out = String::with_capacity(len);
    component(s, &mut out, len, false, Seps::Single);
    out
}

fn quay_namespace(s: &mut Src) -> String {
    let len = s.length(2, 255);
    quay_namespace_of(s, len)
}

/// §5's name: segments `ALNUM [a-z0-9._-]*` joined by `/`, `len` bytes in all.
fn quay_name(s: &mut Src, len: usize) -> String {
    let depth = s.range(1, len.div_ceil(2).min(4));
    let parts = split(s, len - (depth - 1), depth);
    let mut out = String::with_capacity(len);
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        s.push_from(&mut out, ALNUM);
        for _ in 1..part {
            if s.chance(30) {
                s.push_from(&mut out, b"._-");
            } else {
                s.push_from(&mut out, ALNUM);
            }
        }
    }
    out
}

fn quay_repository(s: &mut Src) -> String {
    let ns = s.length(2, 255);
    let mut out = quay_namespace_of(s, ns);
    out.push('/');
    let len = s.length(1, 255);
    out.push_str(&quay_name(s, len));
    out
}

pub(crate) const LIKE_BYTE: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.%-";

fn like_pattern(s: &mut Src) -> String {
    let len = s.length(0, 128);
    let mut out = String::with_capacity(len);
    for _ in 0..len {
        if s.chance(20) {
            s.push_from(&mut out, b"%_");
        } else {
            s.push_from(&mut out, LIKE_BYTE);
        }
    }
    out
}

fn quay_tag_filter(s: &mut Src) -> String {
    if s.chance(50) {
        let mut out = String::from("eq:");
        out.push_str(&tag(s));
        out
    } else {
        let mut out = String::from("like:");
        out.push_str(&like_pattern(s));
        out
    }
}

/// The registered algorithms (§7) and the number of hex digits each fixes.
const REGISTERED: [(&str, usize); 3] = [("sha256", 64), ("sha512", 128), ("blake3", 64)];

pub(crate) fn hex(s: &mut Src, out: &mut String, n: usize) {
    for _ in 0..n {
        s.push_from(out, HEX);
    }
}

fn oci_digest(s: &mut Src) -> String {
    let choice = s.below(4);
    let mut out = String::new();
    if let Some(&(algorithm, digits)) = REGISTERED.get(choice) {
        out.push_str(algorithm);
        out.push(':');
        hex(s, &mut out, digits);
        return out;
    }
    // Another algorithm: components joined by `+ . _ -`, then any encoded part.
    let parts = s.range(1, 3);
    for i in 0..parts {
        if i > 0 {
            s.push_from(&mut out, b"+._-");
        }
        let n = s.range(1, 8);
        for _ in 0..n {
            s.push_from(&mut out, ALNUM);
        }
    }
    if REGISTERED.iter().any(|&(a, _)| a == out) {
        out.push('x');
    }
    out.push(':');
    let n = s.length(1, 100);
    for _ in 0..n {
        s.push_from(
            &mut out,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789=_-",
        );
    }
    out
}

/// A valid name of `min..=max` bytes by `of`: the near misses that add bytes keep below the
/// kind's limit, so that the rule they break is theirs and not `too-long`.
fn shorter(s: &mut Src, max: usize, min: usize, of: fn(&mut Src, usize) -> String) -> String {
    let len = s.range(min, max);
    of(s, len)
}

/// `text` with `insert` put in at byte `at`.
pub(crate) fn insert(text: &str, at: usize, insert: &str) -> String {
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..at]);
    out.push_str(insert);
    out.push_str(&text[at..]);
    out
}

/// A byte offset in `text` whose byte before is a letter or digit (there is one: every
/// component-shaped name ends with one).
fn after_alnum(s: &mut Src, text: &str) -> usize {
    let spots: alloc::vec::Vec<usize> = (1..=text.len())
        .filter(|&i| text.as_bytes()[i - 1].is_ascii_alphanumeric())
        .collect();
    if spots.is_empty() {
        text.len()
    } else {
        s.pick(&spots)
    }
}

/// Bytes no component-shaped grammar allows anywhere.
const FOREIGN: &[u8] = b"A Z!@:;+\n\t~*";

/// Near misses shared by SWR namespaces and repositories: `max` is the kind's limit, `of` its
/// generator by length.
fn component_near_miss(
    s: &mut Src,
    max: usize,
    of: fn(&mut Src, usize) -> String,
    joiner: Option<char>,
) -> (String, Rule) {
    match s.below(8) {
        0 => (String::new(), Rule::Empty),
        1 => {
            let mut text = of(s, max);
            text.push('a');
            (text, Rule::TooLong)
        }
        2 => {
            let text = shorter(s, max - 1, 1, of);
            let at = after_alnum(s, &text);
            let byte = char::from(s.pick(FOREIGN));
            (
                insert(&text, at, &alloc::string::ToString::to_string(&byte)),
                Rule::InvalidCharacter,
            )
        }
        3 => {
            let mut text = shorter(s, max - 1, 1, of);
            text.push(char::from(s.pick(b"._-")));
            (text, Rule::TrailingSeparator)
        }
        4 => {
            // One `_` more in `p__s`.
            let p = shorter(s, (max - 4) / 2, 1, of);
            let q = shorter(s, (max - 4) / 2, 1, of);
            let mut text = p;
            text.push_str("___");
            text.push_str(&q);
            (text, Rule::TooManyUnderscores)
        }
        5 => {
            // A second separator beside one: `p.s` becomes `p._s`.
            let pairs: &[&str] = match joiner {
                Some('/') => &[
                    "._", "_.", "-.", ".-", "_-", "-_", "..", "//", "/-", "-/", "/.", "_/",
                ],
                Some(_) => &[
                    "._", "_.", "-.", ".-", "_-", "-_", "..", "$$", "$-", "-$", "$.",
                ],
                None => &["._", "_.", "-.", ".-", "_-", "-_", ".."],
            };
            let p = shorter(s, (max - 4) / 2, 1, of);
            let q = shorter(s, (max - 4) / 2, 1, of);
            let mut text = p;
            text.push_str(s.pick(pairs));
            text.push_str(&q);
            (text, Rule::AdjacentSeparators)
        }
        6 => {
            let text = shorter(s, max - 1, 1, of);
            let first = char::from(s.pick(b"._-"));
            (
                insert(&text, 0, &alloc::string::ToString::to_string(&first)),
                Rule::InvalidStart,
            )
        }
        _ => match joiner {
            // The other form's joiner.
            Some('/') => {
                let text = shorter(s, max - 2, 1, of);
                let mut out = text;
                out.push('$');
                s.push_from(&mut out, ALNUM);
                (out, Rule::DollarInPlainForm)
            }
            Some(_) => {
                let text = shorter(s, max, 1, of);
                let at = s.range(0, text.len());
                (insert(&text, at, "/"), Rule::SlashInPathForm)
            }
            None => {
                // An SWR namespace starts with a letter: a digit or a capital first.
                let mut text = shorter(s, max, 1, swr_namespace_of);
                text.replace_range(
                    0..1,
                    &alloc::string::ToString::to_string(&char::from(s.pick(b"0123456789ABCZ"))),
                );
                (text, Rule::InvalidStart)
            }
        },
    }
}

fn swr_namespace_near_miss(s: &mut Src) -> (String, Rule) {
    component_near_miss(s, 64, swr_namespace_of, None)
}

fn swr_repository_near_miss(s: &mut Src) -> (String, Rule) {
    component_near_miss(s, 128, |s, n| joined(s, n, '/', false), Some('/'))
}

fn swr_repository_path_near_miss(s: &mut Src) -> (String, Rule) {
    component_near_miss(s, 128, |s, n| joined(s, n, '$', false), Some('$'))
}

fn tag_near_miss(s: &mut Src) -> (String, Rule) {
    match s.below(4) {
        0 => (String::new(), Rule::Empty),
        1 => {
            let mut text = tag_of(s, 128);
            s.push_from(&mut text, TAG_BYTE);
            (text, Rule::TooLong)
        }
        2 => {
            let mut text = shorter(s, 128, 1, tag_of);
            text.replace_range(0..1, if s.chance(50) { "." } else { "-" });
            (text, Rule::InvalidStart)
        }
        _ => {
            let text = shorter(s, 127, 1, tag_of);
            let at = s.range(1, text.len());
            let byte = char::from(s.pick(b"+/:@ \n!~$%"));
            (
                insert(&text, at, &alloc::string::ToString::to_string(&byte)),
                Rule::InvalidCharacter,
            )
        }
    }
}

fn quay_namespace_near_miss(s: &mut Src) -> (String, Rule) {
    match s.below(6) {
        0 => {
            let mut text = String::new();
            s.push_from(&mut text, ALNUM);
            (text, Rule::TooShort)
        }
        1 => {
            let mut text = quay_namespace_of(s, 255);
            s.push_from(&mut text, ALNUM);
            (text, Rule::TooLong)
        }
        2 => {
            let text = shorter(s, 254, 2, quay_namespace_of);
            let at = after_alnum(s, &text);
            let byte = char::from(s.pick(b"A Z!@:/$\n~"));
            (
                insert(&text, at, &alloc::string::ToString::to_string(&byte)),
                Rule::InvalidCharacter,
            )
        }
        3 => {
            let mut text = shorter(s, 254, 2, quay_namespace_of);
            s.push_from(&mut text, b"._-");
            (text, Rule::TrailingSeparator)
        }
        4 => {
            // `a.b` becomes `a.-b` (or `a--b`: §4's separators are single).
            let p = shorter(s, 120, 1, quay_namespace_of);
            let q = shorter(s, 120, 1, quay_namespace_of);
            let mut text = p;
            s.push_from(&mut text, b"._-");
            s.push_from(&mut text, b"._-");
            text.push_str(&q);
            (text, Rule::AdjacentSeparators)
        }
        _ => {
            let text = shorter(s, 254, 2, quay_namespace_of);
            let first = char::from(s.pick(b"._-"));
            (
                insert(&text, 0, &alloc::string::ToString::to_string(&first)),
                Rule::InvalidStart,
            )
        }
    }
}

fn quay_repository_near_miss(s: &mut Src) -> (String, Rule) {
    let ns_len = s.range(2, 40);
    let ns = quay_namespace_of(s, ns_len);
    let name_len = s.range(1, 40);
    let name = quay_name(s, name_len);
    match s.below(7) {
        // `ns/x` with its `/` replaced by a letter: one namespace, no name.
        0 => {
            let mut text = ns;
            s.push_from(&mut text, ALNUM);
            for _ in 0..s.range(1, 8) {
                s.push_from(&mut text, ALNUM);
            }
            (text, Rule::MissingName)
        }
        1 => {
            let mut text = ns;
            text.push('/');
            if s.chance(50) {
                text.push('/');
                text.push_str(&name);
            } else if s.chance(50) {
                text.push_str(&name);
                text.push('/');
            }
            (text, Rule::EmptySegment)
        }
        2 => {
            let mut text = ns;
            text.push('/');
            text.push(char::from(s.pick(b"._-")));
            text.push_str(&name);
            (text, Rule::InvalidStart)
        }
        3 => {
            let mut text = String::new();
            s.push_from(&mut text, ALNUM);
            text.push('/');
            text.push_str(&name);
            (text, Rule::TooShort)
        }
        4 => {
            let mut text = ns;
            text.push('/');
            text.push_str(&quay_name(s, 255));
            s.push_from(&mut text, ALNUM);
            (text, Rule::TooLong)
        }
        5 => {
            let mut text = ns;
            text.push('/');
            let start = text.len();
            text.push_str(&name);
            // Not first in a segment, where a capital would be `invalid-start`.
            let spots: alloc::vec::Vec<usize> = (start + 1..=text.len())
                .filter(|&i| text.as_bytes()[i - 1] != b'/')
                .collect();
            let at = s.pick(&spots);
            let byte = char::from(s.pick(b"AZ !@:$\n~"));
            (
                insert(&text, at, &alloc::string::ToString::to_string(&byte)),
                Rule::InvalidCharacter,
            )
        }
        _ => {
            // The namespace's separators are single (§4): `nsx/name` becomes `ns._x/name`.
            let mut text = ns;
            text.push_str(s.pick(&["..", "__", "--", "._", "-."]));
            text.push_str("x/");
            text.push_str(&name);
            (text, Rule::AdjacentSeparators)
        }
    }
}

fn quay_tag_filter_near_miss(s: &mut Src) -> (String, Rule) {
    match s.below(7) {
        // `eq:v1` with its `:` replaced: no op at all.
        0 => {
            let mut text = String::from("eq");
            s.push_from(&mut text, ALNUM);
            text.push_str(&tag(s).replace(['.', '-'], "_"));
            (text, Rule::MissingFilterOp)
        }
        1 => {
            let op = s.pick(&[
                "Like:", "lIke:", "likE:", "Eq:", "eQ:", "eqq:", "lik:", "e:",
            ]);
            let mut text = String::from(op);
            text.push_str(&tag(s));
            (text, Rule::UnknownFilterOp)
        }
        2 => (String::from("eq:"), Rule::Empty),
        3 => {
            let mut text = String::from("eq:");
            text.push(char::from(s.pick(b".-")));
            text.push_str(&shorter(s, 127, 1, tag_of));
            (text, Rule::InvalidStart)
        }
        4 => {
            let mut text = String::from("like:");
            for _ in 0..129 {
                s.push_from(&mut text, LIKE_BYTE);
            }
            (text, Rule::TooLong)
        }
        5 => {
            let mut text = String::from("eq:");
            text.push_str(&tag_of(s, 128));
            s.push_from(&mut text, TAG_BYTE);
            (text, Rule::TooLong)
        }
        _ => {
            let (mut text, limit) = if s.chance(50) {
                (String::from("like:"), 127)
            } else {
                (String::from("eq:"), 127)
            };
            let start = text.len();
            let n = s.range(1, limit);
            if text.starts_with("eq") {
                text.push_str(&tag_of(s, n));
            } else {
                for _ in 0..n {
                    s.push_from(&mut text, LIKE_BYTE);
                }
            }
            let at = s.range(start + 1, text.len());
            let byte = char::from(s.pick(b" :/@!\n~+"));
            (
                insert(&text, at, &alloc::string::ToString::to_string(&byte)),
                Rule::InvalidCharacter,
            )
        }
    }
}

fn oci_digest_near_miss(s: &mut Src) -> (String, Rule) {
    let (algorithm, digits) = s.pick(&REGISTERED);
    let mut registered = String::from(algorithm);
    registered.push(':');
    hex(s, &mut registered, digits);
    match s.below(7) {
        0 => {
            if s.chance(50) {
                registered.pop();
            } else {
                s.push_from(&mut registered, HEX);
            }
            (registered, Rule::DigestLength)
        }
        1 => {
            let at = s.range(algorithm.len() + 1, registered.len() - 1);
            let upper = char::from(s.pick(b"ABCDEF"));
            registered.replace_range(at..at + 1, &alloc::string::ToString::to_string(&upper));
            (registered, Rule::UppercaseHex)
        }
        2 => {
            let text = registered.replacen(':', "", 1);
            (text, Rule::MissingColon)
        }
        3 => {
            let upper = registered[..1].to_ascii_uppercase();
            registered.replace_range(0..1, &upper);
            (registered, Rule::InvalidStart)
        }
        4 => {
            let mut text = String::new();
            for _ in 0..s.range(1, 8) {
                s.push_from(&mut text, ALNUM);
            }
            text.push('x');
            text.push(':');
            (text, Rule::Empty)
        }
        5 => {
            let mut text = String::new();
            for _ in 0..s.range(1, 8) {
                s.push_from(&mut text, LOWER);
            }
            let trailing = s.chance(50);
            s.push_from(&mut text, b"+._-");
            if !trailing {
                s.push_from(&mut text, b"+._-");
                s.push_from(&mut text, ALNUM);
            }
            text.push_str(":x");
            let rule = if trailing {
                Rule::TrailingSeparator
            } else {
                Rule::AdjacentSeparators
            };
            (text, rule)
        }
        _ => {
            let mut text = String::from("x");
            for _ in 0..s.range(0, 6) {
                s.push_from(&mut text, ALNUM);
            }
            text.push(':');
            for _ in 0..s.range(1, 20) {
                s.push_from(&mut text, DIGITS);
            }
            let at = s.range(text.find(':').unwrap_or(0) + 1, text.len());
            let byte = char::from(s.pick(b" /@!\n~+:."));
            (
                insert(&text, at, &alloc::string::ToString::to_string(&byte)),
                Rule::InvalidCharacter,
            )
        }
    }
}

fn has_run(text: &str, run: &str, alone: u8) -> bool {
    // `run` with neither neighbour being `alone` (a single `_` that is not part of `__`).
    let bytes = text.as_bytes();
    text.match_indices(run)
        .any(|(i, m)| (i == 0 || bytes[i - 1] != alone) && bytes.get(i + m.len()) != Some(&alone))
}

fn depth_at_least(text: &str, joiner: char, n: usize) -> bool {
    text.split(joiner).count() >= n
}

const SWR_NAMESPACE_FEATURES: &[Feature] = &[
    ("separator .", |t| t.contains('.')),
    ("separator _", |t| has_run(t, "_", b'_')),
    ("separator __", |t| t.contains("__")),
    ("separator -", |t| has_run(t, "-", b'-')),
    ("a run of -", |t| t.contains("--")),
    ("length 1", |t| t.len() == 1),
    ("length 64", |t| t.len() == 64),
];

const SWR_REPOSITORY_FEATURES: &[Feature] = &[
    ("separator .", |t| t.contains('.')),
    ("separator __", |t| t.contains("__")),
    ("a run of -", |t| t.contains("--")),
    ("a /", |t| t.contains('/')),
    ("depth >= 3", |t| depth_at_least(t, '/', 3)),
    ("starts with a digit", |t| t.as_bytes()[0].is_ascii_digit()),
    ("length 1", |t| t.len() == 1),
    ("length 128", |t| t.len() == 128),
];

const SWR_REPOSITORY_PATH_FEATURES: &[Feature] = &[
    ("a $", |t| t.contains('$')),
    ("depth >= 3", |t| depth_at_least(t, '$', 3)),
    ("separator __", |t| t.contains("__")),
    ("length 128", |t| t.len() == 128),
];

const TAG_FEATURES: &[Feature] = &[
    ("leading _", |t| t.starts_with('_')),
    ("a capital letter", |t| {
        t.bytes().any(|b| b.is_ascii_uppercase())
    }),
    ("a .", |t| t.contains('.')),
    ("a -", |t| t.contains('-')),
    ("length 1", |t| t.len() == 1),
    ("length 128", |t| t.len() == 128),
];

const QUAY_NAMESPACE_FEATURES: &[Feature] = &[
    ("separator .", |t| t.contains('.')),
    ("separator _", |t| t.contains('_')),
    ("separator -", |t| t.contains('-')),
    ("length 2", |t| t.len() == 2),
    ("length 255", |t| t.len() == 255),
];

fn quay_name_part(t: &str) -> &str {
    t.split_once('/').map_or("", |(_, name)| name)
}

const QUAY_REPOSITORY_FEATURES: &[Feature] = &[
    ("nested name (org/team/app)", |t| depth_at_least(t, '/', 3)),
    ("a segment ending in a separator", |t| {
        quay_name_part(t)
            .split('/')
            .any(|seg| seg.ends_with(['.', '_', '-']))
    }),
    ("a repeated separator in the name", |t| {
        ["..", "__", "--", "._", "-."]
            .iter()
            .any(|p| quay_name_part(t).contains(p))
    }),
    ("namespace of 2 bytes", |t| t.find('/') == Some(2)),
    ("namespace of 255 bytes", |t| t.find('/') == Some(255)),
    ("name of 255 bytes", |t| quay_name_part(t).len() == 255),
];

const QUAY_TAG_FILTER_FEATURES: &[Feature] = &[
    ("like:", |t| t.starts_with("like:")),
    ("eq:", |t| t.starts_with("eq:")),
    ("like: empty", |t| t == "like:"),
    ("like: with %", |t| {
        t.starts_with("like:") && t.contains('%')
    }),
    ("like: with _", |t| {
        t.starts_with("like:") && t.contains('_')
    }),
    ("like: of 128 bytes", |t| {
        t.len() == 5 + 128 && t.starts_with("like:")
    }),
    ("eq: of 128 bytes", |t| {
        t.len() == 3 + 128 && t.starts_with("eq:")
    }),
];

const OCI_DIGEST_FEATURES: &[Feature] = &[
    ("sha256", |t| t.starts_with("sha256:")),
    ("sha512", |t| t.starts_with("sha512:")),
    ("blake3", |t| t.starts_with("blake3:")),
    ("another algorithm", |t| {
        !["sha256:", "sha512:", "blake3:"]
            .iter()
            .any(|a| t.starts_with(a))
    }),
    ("algorithm with a separator", |t| {
        t.split(':')
            .next()
            .is_some_and(|a| a.contains(['+', '.', '_', '-']))
    }),
];

const LIKE_PATTERN_FEATURES: &[Feature] = &[
    ("empty", |t| t.is_empty()),
    ("a %", |t| t.contains('%')),
    ("length 128", |t| t.len() == 128),
];

pub(crate) const SWR_NAMESPACE: Generator = Generator {
    valid: swr_namespace,
    near_miss: swr_namespace_near_miss,
    features: SWR_NAMESPACE_FEATURES,
};
pub(crate) const SWR_REPOSITORY: Generator = Generator {
    valid: swr_repository,
    near_miss: swr_repository_near_miss,
    features: SWR_REPOSITORY_FEATURES,
};
pub(crate) const SWR_REPOSITORY_PATH: Generator = Generator {
    valid: swr_repository_path,
    near_miss: swr_repository_path_near_miss,
    features: SWR_REPOSITORY_PATH_FEATURES,
};
pub(crate) const TAG: Generator = Generator {
    valid: tag,
    near_miss: tag_near_miss,
    features: TAG_FEATURES,
};
pub(crate) const QUAY_NAMESPACE: Generator = Generator {
    valid: quay_namespace,
    near_miss: quay_namespace_near_miss,
    features: QUAY_NAMESPACE_FEATURES,
};
pub(crate) const QUAY_REPOSITORY: Generator = Generator {
    valid: quay_repository,
    near_miss: quay_repository_near_miss,
    features: QUAY_REPOSITORY_FEATURES,
};
pub(crate) const QUAY_TAG_FILTER: Generator = Generator {
    valid: quay_tag_filter,
    near_miss: quay_tag_filter_near_miss,
    features: QUAY_TAG_FILTER_FEATURES,
};
pub(crate) const OCI_DIGEST: Generator = Generator {
    valid: oci_digest,
    near_miss: oci_digest_near_miss,
    features: OCI_DIGEST_FEATURES,
};
/// The operand of a `like:` filter, not a kind: its near misses are the filter's.
pub(crate) const LIKE_PATTERN: Generator = Generator {
    valid: like_pattern,
    near_miss: quay_tag_filter_near_miss,
    features: LIKE_PATTERN_FEATURES,
};
