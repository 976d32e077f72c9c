//! Generator of image references (§10): each profile's host and PATH, IPv6 and port domains,
//! tags and pullable digests.

use super::names::{component, hex, joined, quay_namespace_of, swr_namespace_of, tag, Seps};
use super::{Feature, Generator, Src, ALNUM, DIGITS};
use crate::error::Rule;
use alloc::string::String;

const LABEL: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A DNS label: alphanumerics with inner `-`.
fn label(s: &mut Src, out: &mut String) {
    let n = s.range(1, 8);
    for i in 0..n {
        if i > 0 && i + 1 < n && s.chance(20) {
            out.push('-');
        } else {
            s.push_from(out, LABEL);
        }
    }
}

fn port(s: &mut Src, out: &mut String) {
    out.push(':');
    for _ in 0..s.range(1, 5) {
        s.push_from(out, DIGITS);
    }
}

/// A host of the `oci` profile that the split reads as a domain: dotted, `localhost`, an IPv6
/// address, or one label made a domain by its port or a capital.
fn oci_domain(s: &mut Src, out: &mut String) {
    match s.below(5) {
        0 | 1 => {
            let labels = s.range(2, 4);
            for i in 0..labels {
                if i > 0 {
                    out.push('.');
                }
                label(s, out);
            }
            if s.chance(40) {
                port(s, out);
            }
        }
        2 => {
            out.push_str("localhost");
            if s.chance(50) {
                port(s, out);
            }
        }
        3 => {
            out.push('[');
            let groups = s.range(1, 8);
            let gap = if groups < 8 {
                s.below(groups + 1)
            } else {
                usize::MAX
            };
            for i in 0..groups {
                if i == gap {
                    out.push_str("::");
                } else if i > 0 {
                    out.push(':');
                }
                for _ in 0..s.range(1, 4) {
                    s.push_from(out, b"0123456789abcdefABCDEF");
                }
            }
            if gap == groups {
                out.push_str("::");
            }
            out.push(']');
            if s.chance(50) {
                port(s, out);
            }
        }
        _ => {
            label(s, out);
            if s.chance(50) {
                port(s, out);
            } else {
                s.push_from(out, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ");
            }
        }
    }
}

/// The generic PATH (`COMPONENT ( "/" COMPONENT )*`, at most 255 bytes). Without a domain, a
/// first component followed by `/` must not look like one: no `.`.
fn generic_path(s: &mut Src, out: &mut String, len: usize, domain: bool) {
    let path = joined(s, len, '/', false);
    if domain || !path.contains('/') {
        out.push_str(&path);
        return;
    }
    let (first, rest) = path.split_once('/').unwrap_or((&path, ""));
    let first = first.replace('.', "_");
    // `localhost` first would be a domain; `_` in place of `.` may have made `__` into `___`.
    let first = if first == "localhost" {
        String::from("localhosx")
    } else {
        first.replace("___", "_x_")
    };
    out.push_str(&first);
    out.push('/');
    out.push_str(rest);
}

fn swr_host(s: &mut Src, out: &mut String) {
    out.push_str(s.pick(&["swr.", "SWR.", "swr."]));
    let region = s.pick(&["cn-north-4", "cn-east-3", "ap-southeast-1", "eu-west-101"]);
    if s.chance(50) {
        out.push_str(region);
    } else {
        let mut l = String::new();
        label(s, &mut l);
        out.push_str(&l.to_ascii_lowercase());
    }
    out.push_str(s.pick(&[
        ".myhuaweicloud.com",
        ".myhuaweicloud.eu",
        ".otc.t-systems.com",
    ]));
}

/// Which profile and host a generated reference has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Host {
    Swr,
    Quay,
    Oci,
    None,
}

/// A NAME under `host`, its PATH at most `255 - slack` bytes.
fn name(s: &mut Src, host: Host, slack: usize) -> String {
    let mut out = String::new();
    match host {
        Host::Swr => {
            swr_host(s, &mut out);
            if s.chance(20) {
                port(s, &mut out);
            }
            out.push('/');
            let ns = s.length(1, 64);
            out.push_str(&swr_namespace_of(s, ns));
            out.push('/');
            let repo = s.length(1, 128);
            out.push_str(&joined(s, repo, '/', false));
        }
        Host::Quay => {
            out.push_str(s.pick(&["quay.io", "quay.io", "QUAY.IO", "quay.io:443"]));
            out.push('/');
            let ns = s.length(2, 64);
            out.push_str(&quay_namespace_of(s, ns));
            out.push('/');
            // §5's name and the generic PATH at once: COMPONENTs, 255 bytes of PATH in all.
            let len = s.length(1, 254 - ns - slack);
            out.push_str(&joined(s, len, '/', false));
        }
        Host::Oci => {
            oci_domain(s, &mut out);
            out.push('/');
            let len = s.length(1, 255 - slack);
            generic_path(s, &mut out, len, true);
        }
        Host::None => {
            let len = s.length(1, 255 - slack);
            generic_path(s, &mut out, len, false);
        }
    }
    out
}

const PULLABLE: [(&str, usize); 4] = [
    ("sha256", 64),
    ("sha384", 96),
    ("sha512", 128),
    ("blake3", 64),
];

fn digest(s: &mut Src, out: &mut String) {
    let (algorithm, digits) = s.pick(&PULLABLE);
    out.push('@');
    out.push_str(algorithm);
    out.push(':');
    hex(s, out, digits);
}

fn host(s: &mut Src) -> Host {
    s.pick(&[Host::None, Host::Oci, Host::Oci, Host::Swr, Host::Quay])
}

fn image_reference(s: &mut Src) -> String {
    let host = host(s);
    let mut out = name(s, host, 0);
    if s.chance(50) {
        out.push(':');
        out.push_str(&tag(s));
    }
    if s.chance(30) {
        digest(s, &mut out);
    }
    out
}

fn image_reference_near_miss(s: &mut Src) -> (String, Rule) {
    match s.below(9) {
        0 => {
            // `ns/app` under a registry with namespaces, its `/` replaced by a letter.
            let mut out = String::new();
            if s.chance(50) {
                swr_host(s, &mut out);
                out.push('/');
                let n = s.range(1, 30);
                out.push_str(&swr_namespace_of(s, n));
            } else {
                out.push_str("quay.io/");
                let n = s.range(2, 30);
                out.push_str(&quay_namespace_of(s, n));
            }
            s.push_from(&mut out, ALNUM);
            let mut app = String::new();
            let n = s.range(1, 20);
            component(s, &mut app, n, false, Seps::Single);
            out.push_str(&app);
            (out, Rule::MissingNamespace)
        }
        1 => {
            let host = host(s);
            let mut out = name(s, host, 0);
            out.push(':');
            (out, Rule::Empty)
        }
        2 => {
            let host = host(s);
            let mut out = name(s, host, 0);
            out.push(':');
            let t = tag(s);
            let mut t = if t.len() == 128 {
                String::from(&t[..127])
            } else {
                t
            };
            let at = s.range(1, t.len());
            t.insert(at, char::from(s.pick(b"+:! ~")));
            out.push_str(&t);
            (out, Rule::InvalidCharacter)
        }
        3 => {
            let host = host(s);
            let mut out = name(s, host, 0);
            digest(s, &mut out);
            out.pop();
            (out, Rule::DigestLength)
        }
        4 => {
            let host = host(s);
            let mut out = name(s, host, 0);
            out.push('@');
            out.push_str(s.pick(&["sha257", "sha255", "sha250", "shb256", "blake2"]));
            out.push(':');
            hex(s, &mut out, 64);
            (out, Rule::UnsupportedAlgorithm)
        }
        5 => {
            // A separator at the end of PATH, whichever profile checks it.
            let host = host(s);
            let mut out = name(s, host, 1);
            out.push(char::from(s.pick(b"._-")));
            (out, Rule::TrailingSeparator)
        }
        6 => {
            // `foo_bar.com/app`: a dotted host with a `_`.
            let mut out = String::new();
            label(s, &mut out);
            out.push('_');
            label(s, &mut out);
            out.push('.');
            label(s, &mut out);
            out.push('/');
            let len = s.range(1, 40);
            generic_path(s, &mut out, len, true);
            (out, Rule::InvalidCharacter)
        }
        7 => {
            // PATH one byte over 255.
            let domain = s.chance(50);
            let mut out = String::new();
            if domain {
                oci_domain(s, &mut out);
                out.push('/');
            }
            generic_path(s, &mut out, 255, domain);
            s.push_from(&mut out, ALNUM);
            (out, Rule::TooLong)
        }
        _ => {
            // `quay.io/ab/app` without a byte of its namespace.
            let mut out = String::from("quay.io/");
            s.push_from(&mut out, ALNUM);
            out.push('/');
            let len = s.range(1, 40);
            out.push_str(&joined(s, len, '/', false));
            (out, Rule::TooShort)
        }
    }
}

fn domain_of(t: &str) -> Option<&str> {
    let (first, _) = t.split_once('/')?;
    (first.contains(['.', ':'])
        || first.starts_with('[')
        || first == "localhost"
        || first.bytes().any(|b| b.is_ascii_uppercase()))
    .then_some(first)
}

const FEATURES: &[Feature] = &[
    ("profile swr", |t| {
        domain_of(t).is_some_and(|d| d.to_ascii_lowercase().starts_with("swr."))
    }),
    ("profile quay", |t| {
        domain_of(t).is_some_and(|d| d.eq_ignore_ascii_case("quay.io") || d.starts_with("quay.io:"))
    }),
    ("profile oci, with a domain", |t| {
        domain_of(t).is_some_and(|d| {
            !d.to_ascii_lowercase().starts_with("swr.")
                && !d.to_ascii_lowercase().starts_with("quay.io")
        })
    }),
    ("no domain", |t| domain_of(t).is_none()),
    ("IPv6 host", |t| t.starts_with('[')),
    ("a port", |t| {
        domain_of(t).is_some_and(|d| {
            d.rsplit_once(':')
                .is_some_and(|(_, p)| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        })
    }),
    ("localhost", |t| t.starts_with("localhost")),
    ("a tag", |t| {
        t.rsplit('/')
            .next()
            .is_some_and(|last| last.split('@').next().is_some_and(|n| n.contains(':')))
    }),
    ("a digest", |t| t.contains('@')),
    ("a tag with a digest", |t| {
        t.rsplit('/').next().is_some_and(|last| {
            last.split('@').next().is_some_and(|n| n.contains(':')) && last.contains('@')
        })
    }),
    ("sha384 digest", |t| t.contains("@sha384:")),
    ("blake3 digest", |t| t.contains("@blake3:")),
    ("PATH depth >= 3", |t| {
        t.split(['@', ':'])
            .next()
            .is_some_and(|n| n.split('/').count() >= 4)
    }),
];

pub(crate) const IMAGE_REFERENCE: Generator = Generator {
    valid: image_reference,
    near_miss: image_reference_near_miss,
    features: FEATURES,
};
