//! Anchored `regex` restatements of docs/grammars.md, written from its text and independent of the
//! parsers. Shared by the property tests, the benchmarks' regex contender and the fuzz targets,
//! so there is one oracle to review.
#![allow(dead_code)]

use regex::bytes::Regex;
use registry_names::Kind;
use std::sync::LazyLock;

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).unwrap());
    };
}

// SEP = "." | "_" | "__" | "-"+ ; COMPONENT = ALNUM+ (SEP ALNUM+)*
pattern!(
    SWR_NAMESPACE,
    r"(?-u)\A[a-z][a-z0-9]*(?:(?:\.|_|__|-+)[a-z0-9]+)*\z"
);
pattern!(
    SWR_PLAIN,
    r"(?-u)\A[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*\z"
);
pattern!(
    SWR_PATH,
    r"(?-u)\A[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\$[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*\z"
);
pattern!(TAG, r"(?-u)\A[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}\z");
pattern!(QUAY_NAMESPACE, r"(?-u)\A[a-z0-9]+(?:[._-][a-z0-9]+)*\z");
pattern!(
    QUAY_REPOSITORY,
    r"(?-u)\A[a-z0-9]+(?:[._-][a-z0-9]+)*/[a-z0-9][.a-z0-9_-]*(?:/[a-z0-9][.a-z0-9_-]*)*\z"
);
pattern!(LIKE_FILTER, r"(?-u)\Alike:[A-Za-z0-9_.%-]{0,128}\z");
pattern!(EQ_FILTER, r"(?-u)\Aeq:[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}\z");
pattern!(
    DIGEST,
    r"(?-u)\A[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+\z"
);
pattern!(SHA256, r"(?-u)\Asha256:[a-f0-9]{64}\z");
pattern!(SHA512, r"(?-u)\Asha512:[a-f0-9]{128}\z");
pattern!(BLAKE3, r"(?-u)\Ablake3:[a-f0-9]{64}\z");
// A git short name is valid when none of these occurs (docs/grammars.md §8, plus the -/HEAD rules).
pattern!(
    GIT_FORBIDDEN,
    r"(?-u)\A(?:-|HEAD\z|/|\.)|/\.|\.\.|@\{|//|/\z|\.\z|\.lock(?:/|\z)|[\x00-\x20\x7f~^:?*\[\\]"
);

// Image references (docs/grammars.md §10). DOMAIN: DNS labels joined by dots, or bracketed IPv6; a port.
pattern!(
    REFERENCE_DOMAIN,
    r"(?-u)\A(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:]+\])(?::[0-9]+)?\z"
);
// PATH (captured), then an optional tag and an optional digest (checked by PULLABLE_DIGEST).
pattern!(
    REFERENCE_REST,
    r"(?s-u)\A([a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*)(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@(.*))?\z"
);
// A digest a client can pull by (§10): four algorithms, each with exactly its hex digits.
pattern!(
    PULLABLE_DIGEST,
    r"(?-u)\A(?:(?:sha256|blake3):[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})\z"
);
pattern!(
    SWR_HOST,
    r"(?i-u)\Aswr\.[^.]+\.(?:myhuaweicloud\.com|myhuaweicloud\.eu|otc\.t-systems\.com)\z"
);

/// §10 with the built-in profiles, restated: split, domain, PATH and its limit, then the
/// profile's rules through the other kinds' oracles, then the digest.
fn reference_accepts(s: &[u8]) -> bool {
    let slash = s.iter().position(|&b| b == b'/');
    let (host, rest) = match slash {
        Some(i)
            if s[..i] == *b"localhost"
                || s[..i].starts_with(b"[")
                || s[..i]
                    .iter()
                    .any(|&b| b == b'.' || b == b':' || b.is_ascii_uppercase()) =>
        {
            if !REFERENCE_DOMAIN.is_match(&s[..i]) {
                return false;
            }
            let domain = &s[..i];
            let host = if domain.starts_with(b"[") {
                &domain[..=domain.iter().position(|&b| b == b']').unwrap()]
            } else {
                &domain[..domain
                    .iter()
                    .position(|&b| b == b':')
                    .unwrap_or(domain.len())]
            };
            (Some(host), &s[i + 1..])
        }
        _ => (None, s),
    };
    let Some(captures) = REFERENCE_REST.captures(rest) else {
        return false;
    };
    let path = captures.get(1).unwrap().as_bytes();
    if path.len() > 255 {
        return false;
    }
    if let Some(digest) = captures.get(2) {
        if !PULLABLE_DIGEST.is_match(digest.as_bytes()) {
            return false;
        }
    }
    match host {
        Some(h) if SWR_HOST.is_match(h) => match path.iter().position(|&b| b == b'/') {
            Some(i) => {
                accepts(Kind::SwrNamespace, &path[..i])
                    && accepts(Kind::SwrRepository, &path[i + 1..])
            }
            None => false,
        },
        Some(h) if h.eq_ignore_ascii_case(b"quay.io") => accepts(Kind::QuayRepository, path),
        _ => true,
    }
}

fn within(s: &[u8], min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len())
}

/// The oracle's verdict for `input` as a name of `kind`.
pub fn accepts(kind: Kind, s: &[u8]) -> bool {
    match kind {
        Kind::SwrNamespace => within(s, 1, 64) && SWR_NAMESPACE.is_match(s),
        Kind::SwrRepository => within(s, 1, 128) && SWR_PLAIN.is_match(s),
        Kind::SwrRepositoryPath => within(s, 1, 128) && SWR_PATH.is_match(s),
        Kind::Tag => TAG.is_match(s),
        Kind::QuayNamespace => within(s, 2, 255) && QUAY_NAMESPACE.is_match(s),
        Kind::QuayRepository => {
            QUAY_REPOSITORY.is_match(s) && {
                let slash = s.iter().position(|&b| b == b'/').unwrap_or(0);
                within(&s[..slash], 2, 255) && within(&s[slash + 1..], 1, 255)
            }
        }
        Kind::QuayTagFilter => LIKE_FILTER.is_match(s) || EQ_FILTER.is_match(s),
        Kind::OciDigest => {
            DIGEST.is_match(s)
                && if s.starts_with(b"sha256:") {
                    SHA256.is_match(s)
                } else if s.starts_with(b"sha512:") {
                    SHA512.is_match(s)
                } else if s.starts_with(b"blake3:") {
                    BLAKE3.is_match(s)
                } else {
                    true
                }
        }
        Kind::GitTag | Kind::GitBranch => !s.is_empty() && !GIT_FORBIDDEN.is_match(s),
        Kind::ImageReference => reference_accepts(s),
        _ => panic!("no oracle for {kind:?}"),
    }
}

/// A `like` pattern as regex syntax: `%` → `.*`, `_` → `.`, everything else literal.
fn like_body(pattern: &str) -> String {
    let mut body = String::new();
    for c in pattern.chars() {
        match c {
            '%' => body.push_str(".*"),
            '_' => body.push('.'),
            c => body.push_str(&regex::escape(&c.to_string())),
        }
    }
    body
}

/// Quay's `like` semantics as a regex: `%value%` with `%` → `.*`, `_` → `.`, everything else
/// literal; ASCII-only case folding; `.` matches any byte.
pub fn like_regex(pattern: &str) -> Regex {
    Regex::new(&format!(r"(?s-u)(?i)\A.*{}.*\z", like_body(pattern))).unwrap()
}

/// The same semantics as an unanchored search (`is_match` finds the value anywhere), the form a
/// regex engine is fastest at: the benchmarks' contender and the LIKE fuzz target's oracle.
pub fn like_search_regex(pattern: &str) -> Regex {
    Regex::new(&format!(r"(?s-u)(?i){}", like_body(pattern))).unwrap()
}

/// Whether `tag` is listed under `like:PATTERN`, by [`like_regex`].
pub fn like_matches(pattern: &str, tag: &[u8]) -> bool {
    like_regex(pattern).is_match(tag)
}
