//! Quay and OCI grammars against anchored `regex` restatements of docs/grammars.md §4–§7, and the `like`
//! matcher against a LIKE-to-regex translation.

mod common;
#[path = "common/oracles.rs"]
mod oracles;

use common::*;
use proptest::prelude::*;
use registry_names::oci::Digest;
use registry_names::quay::{Namespace, RepositoryPath, TagFilter};
use registry_names::Kind;

fn namespace_oracle(s: &str) -> bool {
    oracles::accepts(Kind::QuayNamespace, s.as_bytes())
}

fn repository_oracle(s: &str) -> bool {
    oracles::accepts(Kind::QuayRepository, s.as_bytes())
}

fn digest_oracle(s: &str) -> bool {
    oracles::accepts(Kind::OciDigest, s.as_bytes())
}

fn like_oracle(pattern: &str, tag: &str) -> bool {
    oracles::like_matches(pattern, tag.as_bytes())
}

const QUAY_TOKENS: &[&str] = &[
    ".", "_", "-", ".", "_", "-", ".", "_", "-", "--", "__", "._", "-.", "/", "$",
];

fn quay_namespaces() -> impl Strategy<Value = String> {
    let base = joined(atom("abyz0189", 6), QUAY_TOKENS, 5);
    prop_oneof![
        base.clone(),
        mutate(base.clone(), NOISE),
        fit_length(base.clone(), vec![1, 2, 254, 255, 256], "q"),
        fit_length(mutate(base, NOISE), around(255), "q1"),
        "[a-z0-9._-]{0,4}",
    ]
}

fn quay_repositories() -> impl Strategy<Value = String> {
    let ns = joined(atom("abz09", 5), &[".", "_", "-", "-", ".", "__"], 3);
    let segment = joined(atom("ab09", 4), &[".", "_", "-", "..", "__", "--", "._"], 3);
    let name = joined(segment, &["/", "/", "//"], 3);
    let base = (
        ns.clone(),
        prop::sample::select(vec!["/", "/", "/", "", "//"]),
        name.clone(),
    )
        .prop_map(|(ns, slash, name)| format!("{ns}{slash}{name}"));
    let boundary = (
        ns,
        prop::sample::select(vec![1usize, 2, 254, 255, 256]),
        name,
    )
        .prop_map(|(ns, len, name)| {
            let mut name = name;
            while name.len() < len {
                name.push('x');
            }
            name.truncate(len);
            format!("{ns}/{name}")
        });
    let long_namespace = prop::sample::select(vec![1usize, 2, 254, 255, 256])
        .prop_map(|len| format!("{}/app", "n".repeat(len)));
    prop_oneof![base.clone(), mutate(base, NOISE), boundary, long_namespace]
}

const HEX: &str = "0123456789abcdef";

fn hex_string(lengths: Vec<usize>) -> impl Strategy<Value = String> {
    prop::sample::select(lengths).prop_flat_map(|len| {
        proptest::collection::vec(prop::sample::select(HEX.chars().collect::<Vec<_>>()), len)
            .prop_map(|cs| cs.into_iter().collect::<String>())
    })
}

fn digests() -> impl Strategy<Value = String> {
    // Each registered algorithm mostly gets hex of its own length and the lengths beside it.
    let pair = prop_oneof![
        hex_string(vec![0, 63, 64, 64, 64, 65, 128]).prop_map(|hex| ("sha256".to_string(), hex)),
        hex_string(vec![64, 127, 128, 128, 128, 129]).prop_map(|hex| ("sha512".to_string(), hex)),
        hex_string(vec![0, 63, 64, 64, 64, 65, 128]).prop_map(|hex| ("blake3".to_string(), hex)),
        (
            joined(atom("abs0256", 5), &["+", ".", "_", "-", "--", "+."], 3),
            "[a-zA-Z0-9=_-]{0,8}"
        ),
    ];
    let base = (
        pair,
        prop::sample::select(vec![":", ":", ":", ":", "", "::"]),
    )
        .prop_map(|((a, e), colon)| format!("{a}{colon}{e}"));
    prop_oneof![
        base.clone(),
        mutate(
            base,
            &['A', 'F', 'G', ':', '+', '=', '.', ' ', 'é', '0', 'f']
        )
    ]
}

/// Tags and patterns from a small alphabet, so that matches are common.
fn like_cases() -> impl Strategy<Value = (String, String)> {
    ("[aAbB1._%-]{0,8}", "[aAbBcC1._é\u{212A}-]{0,24}")
}

/// One pattern byte (mostly `_` and `%`) and what a matching tag holds in its place: any byte
/// for `_`, a run for `%`, the letter in either case.
fn like_piece() -> impl Strategy<Value = (char, String)> {
    let wildcard =
        prop::sample::select(vec!['_', '_', '_', '%', '%', 'a', 'B', 'k', '1', '.', '-']);
    (wildcard, "[aAbBkK1._é\u{212A}\x7f-]{0,4}", any::<bool>()).prop_map(|(p, run, upper)| {
        let filler = match p {
            '%' => run,
            '_' => run.chars().next().unwrap_or('x').to_string(),
            c if upper => c.to_ascii_uppercase().to_string(),
            c => c.to_ascii_lowercase().to_string(),
        };
        (p, filler)
    })
}

/// Patterns heavy in `_` and `%`, up to the full 128 bytes, against long tags built to match
/// them (a match between a random prefix and suffix, in mixed case), then perhaps mutated in one
/// character, so that both verdicts are common and a near miss is typical.
fn like_hard_cases() -> impl Strategy<Value = (String, String)> {
    let pieces = prop_oneof![
        proptest::collection::vec(like_piece(), 0..=16),
        proptest::collection::vec(like_piece(), 100..=128),
        proptest::collection::vec(like_piece(), 128..=128),
    ];
    let around = "[aAbBkK1._é-]{0,40}|[aAbB]{200,2000}";
    let tag = (pieces, around, around).prop_map(|(pieces, before, after)| {
        let pattern: String = pieces.iter().map(|(p, _)| *p).collect();
        let middle: String = pieces.iter().map(|(_, f)| f.as_str()).collect();
        (pattern, format!("{before}{middle}{after}"))
    });
    (
        tag,
        0..4u8,
        any::<prop::sample::Index>(),
        prop::sample::select(vec!['a', 'B', 'z', 'é', '_']),
    )
        .prop_map(|((pattern, tag), op, at, c)| {
            let mut chars: Vec<char> = tag.chars().collect();
            let i = at.index(chars.len() + 1);
            match op {
                0 if i < chars.len() => chars[i] = c,
                1 if i < chars.len() => {
                    chars.remove(i);
                }
                2 => chars.truncate(i),
                _ => {}
            }
            (pattern, chars.into_iter().collect())
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn namespace_matches_oracle(s in quay_namespaces()) {
        agrees(&s, Namespace::parse(&s).map(drop), namespace_oracle(&s))?;
    }

    #[test]
    fn repository_matches_oracle(s in quay_repositories()) {
        agrees(&s, RepositoryPath::parse(&s).map(drop), repository_oracle(&s))?;
    }

    #[test]
    fn digest_matches_oracle(s in digests()) {
        agrees(&s, Digest::parse(&s).map(drop), digest_oracle(&s))?;
    }

    #[test]
    fn like_matches_oracle((pattern, tag) in like_cases()) {
        let filter = format!("like:{pattern}");
        let filter = TagFilter::parse(&filter).unwrap();
        prop_assert_eq!(filter.matches(&tag), like_oracle(&pattern, &tag), "like:{} on {:?}", pattern, tag);
    }

    #[test]
    fn like_matches_oracle_on_wildcard_heavy_long_cases((pattern, tag) in like_hard_cases()) {
        let filter = format!("like:{pattern}");
        let filter = TagFilter::parse(&filter).unwrap();
        prop_assert_eq!(filter.matches(&tag), like_oracle(&pattern, &tag), "like:{} on {:?}", pattern, tag);
    }

    #[test]
    fn eq_matches_exactly(tag in "[a-zA-Z0-9_][a-zA-Z0-9._-]{0,10}", other in "[a-zA-Z0-9._-]{0,11}") {
        let filter = format!("eq:{tag}");
        let filter = TagFilter::parse(&filter).unwrap();
        prop_assert!(filter.matches(&tag));
        prop_assert_eq!(filter.matches(&other), other == tag);
    }

    #[test]
    fn filter_value_is_a_tag_or_a_pattern(value in "[a-zA-Z0-9._%: -]{0,6}", op in "like|eq|LIKE|ne|") {
        let text = format!("{op}:{value}");
        let parsed = TagFilter::parse(&text);
        let expected = match op.as_str() {
            "like" => value.bytes().all(|b| b.is_ascii_alphanumeric() || b"._%-".contains(&b)),
            "eq" => registry_names::Tag::parse(&value).is_ok(),
            _ => false,
        };
        prop_assert_eq!(parsed.is_ok(), expected, "{}", text);
    }
}

#[test]
fn strategies_reach_both_verdicts() {
    for (name, rate) in [
        (
            "quay namespace",
            acceptance_rate(quay_namespaces(), namespace_oracle, 4000),
        ),
        (
            "quay repository",
            acceptance_rate(quay_repositories(), repository_oracle, 4000),
        ),
        (
            "oci digest",
            acceptance_rate(digests(), digest_oracle, 4000),
        ),
        (
            "like matches (wildcard-heavy, long)",
            acceptance_rate(
                like_hard_cases().prop_map(|(p, t)| format!("{p}\0{t}")),
                |s| {
                    let (p, t) = s.split_once('\0').unwrap();
                    like_oracle(p, t)
                },
                1000,
            ),
        ),
        (
            "like matches",
            acceptance_rate(
                like_cases().prop_map(|(p, t)| format!("{p}\0{t}")),
                |s| {
                    let (p, t) = s.split_once('\0').unwrap();
                    like_oracle(p, t)
                },
                4000,
            ),
        ),
    ] {
        assert!(
            (0.15..=0.85).contains(&rate),
            "{name}: {rate:.2} of generated inputs are valid"
        );
    }
}

/// The crate's own generators (feature `proptest`) against the oracle: every valid name they
/// build is one the oracle accepts, every near miss one it refuses, with the predicted rule.
#[cfg(feature = "proptest")]
mod generated {
    use super::*;
    use registry_names::strategy;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(CASES))]

        #[test]
        fn generated_names_match_oracle(
            namespace in strategy::valid(Kind::QuayNamespace),
            repository in strategy::valid(Kind::QuayRepository),
            digest in strategy::valid(Kind::OciDigest),
            filter in strategy::valid(Kind::QuayTagFilter),
        ) {
            prop_assert!(namespace_oracle(&namespace) && Namespace::parse(&namespace).is_ok(), "{}", namespace);
            prop_assert!(repository_oracle(&repository) && RepositoryPath::parse(&repository).is_ok(), "{}", repository);
            prop_assert!(digest_oracle(&digest) && Digest::parse(&digest).is_ok(), "{}", digest);
            prop_assert!(oracles::accepts(Kind::QuayTagFilter, filter.as_bytes()) && TagFilter::parse(&filter).is_ok(), "{}", filter);
        }

        #[test]
        fn generated_near_misses_match_oracle(
            (namespace, namespace_rule) in strategy::near_miss(Kind::QuayNamespace),
            (repository, repository_rule) in strategy::near_miss(Kind::QuayRepository),
            (digest, digest_rule) in strategy::near_miss(Kind::OciDigest),
        ) {
            prop_assert!(!namespace_oracle(&namespace), "{}", namespace);
            prop_assert_eq!(Namespace::parse(&namespace).unwrap_err().rule(), namespace_rule);
            prop_assert!(!repository_oracle(&repository), "{}", repository);
            prop_assert_eq!(RepositoryPath::parse(&repository).unwrap_err().rule(), repository_rule);
            prop_assert!(!digest_oracle(&digest), "{}", digest);
            prop_assert_eq!(Digest::parse(&digest).unwrap_err().rule(), digest_rule);
        }
    }
}
