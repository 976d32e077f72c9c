//! Generators of git tag, branch and ref names (§8): parts of any allowed characters, multi-byte
//! UTF-8 and `@` included, with git's pair rules (`..`, `@{`, `.lock`) kept by construction.

use super::{Feature, Generator, Src};
use crate::error::Rule;
use alloc::string::String;

/// What a part is drawn from: ASCII letters and digits most of the time, then the punctuation
/// git allows, then multi-byte characters (git names are bytes; the typed values are UTF-8).
const ASCII: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const PUNCT: &[u8] = b".-_@{}!#$%&'()+,;<=>|`\"]";
const WIDE: &[char] = &['é', 'ß', 'ø', '版', '本', 'ж', '🦀', '\u{a0}'];

/// One part of 1 to 8 characters: never starting with `.`, no `..`, no `@{`, not ending in
/// `.lock`.
fn part(s: &mut Src, out: &mut String) {
    let start = out.len();
    let n = s.range(1, 8);
    for _ in 0..n {
        let c = match s.below(10) {
            0..=5 => char::from(s.pick(ASCII)),
            6..=8 => char::from(s.pick(PUNCT)),
            _ => s.pick(WIDE),
        };
        let prev = out[start..].chars().last();
        let c = match (c, prev) {
            ('.', None) | ('.', Some('.')) | ('{', Some('@')) => 'x',
            _ => c,
        };
        out.push(c);
    }
    if out[start..].ends_with(".lock") {
        out.push('s');
    }
}

/// Parts joined by `/`, at least `min_depth` of them.
fn parts(s: &mut Src, min_depth: usize) -> String {
    let depth = s.range(min_depth, 5);
    let mut out = String::new();
    for i in 0..depth {
        if i > 0 {
            out.push('/');
        }
        part(s, &mut out);
    }
    // Only the whole name may not end in `.` (`a./b` is valid).
    if out.ends_with('.') {
        out.push('x');
    }
    out
}

/// A tag or branch name: not starting with `-`, not `HEAD`; now and then `@` alone.
fn short_name(s: &mut Src) -> String {
    if s.chance(3) {
        return String::from("@");
    }
    let mut out = parts(s, 1);
    if out.starts_with('-') {
        out.replace_range(0..1, "x");
    }
    if out == "HEAD" {
        out.push('S');
    }
    out
}

fn refname(s: &mut Src) -> String {
    let prefix = s.pick(&["", "refs/heads/", "refs/tags/", "refs/"]);
    let mut out = String::from(prefix);
    out.push_str(&parts(s, if prefix.is_empty() { 2 } else { 1 }));
    out
}

/// A char boundary of `text` (its length included).
fn boundary(s: &mut Src, text: &str) -> usize {
    let spots: alloc::vec::Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    s.pick(&spots)
}

/// Near misses that a tag, branch or full ref name share. `name` is a valid name of the kind.
fn common_near_miss(s: &mut Src, name: String, choice: usize) -> (String, Rule) {
    let mut text = name;
    match choice {
        0 => {
            // `name.x` with one `.` more.
            text.push_str("..x");
            (text, Rule::DoubleDot)
        }
        1 => {
            text.push_str("@{x");
            (text, Rule::AtBrace)
        }
        2 => {
            text.push('/');
            (text, Rule::TrailingSlash)
        }
        3 => {
            text.push_str("//x");
            (text, Rule::DoubleSlash)
        }
        4 => {
            text.push('.');
            (text, Rule::TrailingDot)
        }
        5 => {
            // `name.locks` without its last byte.
            text.push_str(".lock");
            (text, Rule::LockSuffix)
        }
        6 => {
            text.push_str("/.x");
            (text, Rule::DotAtComponentStart)
        }
        7 => {
            text.insert(0, '/');
            (text, Rule::LeadingSlash)
        }
        _ => {
            let at = boundary(s, &text);
            let byte = char::from(s.pick(b" ~^:?*[\\\x7f\t\n\x01"));
            text.insert(at, byte);
            (text, Rule::InvalidCharacter)
        }
    }
}

fn short_name_near_miss(s: &mut Src) -> (String, Rule) {
    match s.below(12) {
        9 => (String::new(), Rule::Empty),
        10 => {
            let mut text = short_name(s);
            text.insert(0, '-');
            (text, Rule::LeadingDash)
        }
        11 => (String::from("HEAD"), Rule::ReservedName),
        choice => {
            let name = short_name(s);
            common_near_miss(s, name, choice)
        }
    }
}

fn refname_near_miss(s: &mut Src) -> (String, Rule) {
    // No `@` alone (`reserved-name`): no valid full ref name is one edit from it.
    match s.below(10) {
        9 => {
            // `a/b` with its `/` replaced: one part.
            let mut text = String::new();
            part(s, &mut text);
            text.push('x');
            if text.ends_with('.') {
                text.push('x');
            }
            (text, Rule::OneLevel)
        }
        choice => {
            let name = refname(s);
            common_near_miss(s, name, choice)
        }
    }
}

const FEATURES: &[Feature] = &[
    ("non-ASCII", |t| !t.is_ascii()),
    ("an @", |t| t.contains('@')),
    ("@ alone", |t| t == "@"),
    ("three or more parts", |t| t.split('/').count() >= 3),
    ("a . inside", |t| t.contains('.')),
    ("a part ending in .", |t| t.contains("./")),
    ("a -", |t| t.contains('-')),
    ("a {", |t| t.contains('{')),
];

const REFNAME_FEATURES: &[Feature] = &[
    ("non-ASCII", |t| !t.is_ascii()),
    ("an @", |t| t.contains('@')),
    ("refs/heads/", |t| t.starts_with("refs/heads/")),
    ("refs/tags/", |t| t.starts_with("refs/tags/")),
    ("four or more parts", |t| t.split('/').count() >= 4),
    ("a part ending in .", |t| t.contains("./")),
];

pub(crate) const GIT_TAG: Generator = Generator {
    valid: short_name,
    near_miss: short_name_near_miss,
    features: FEATURES,
};
pub(crate) const GIT_BRANCH: Generator = GIT_TAG;
pub(crate) const GIT_REFNAME: Generator = Generator {
    valid: refname,
    near_miss: refname_near_miss,
    features: REFNAME_FEATURES,
};
