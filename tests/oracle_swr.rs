//! SWR grammars and tags against anchored `regex` restatements of docs/grammars.md §1–§3.

mod common;
#[path = "common/oracles.rs"]
mod oracles;

use common::*;
use proptest::prelude::*;
use registry_names::{swr, Kind, Rule, Tag};

fn namespace_oracle(s: &str) -> bool {
    oracles::accepts(Kind::SwrNamespace, s.as_bytes())
}
fn plain_oracle(s: &str) -> bool {
    oracles::accepts(Kind::SwrRepository, s.as_bytes())
}
fn path_oracle(s: &str) -> bool {
    oracles::accepts(Kind::SwrRepositoryPath, s.as_bytes())
}
fn tag_oracle(s: &str) -> bool {
    oracles::accepts(Kind::Tag, s.as_bytes())
}

/// Valid separators appear several times so that joined names are often valid.
const SWR_TOKENS: &[&str] = &[
    ".", "_", "__", "-", "--", "---", "/", "$", ".", "_", "__", "-", "/", "$", "/", "$", //
    "___", "..", "._", "_.", "-_", ".-", "//", "/-", "$$", "-$",
];

const NAMESPACE_TOKENS: &[&str] = &[
    ".", "_", "__", "-", "--", "---", ".", "_", "__", "-", ".", "_", "__", "-", "--", ".", "_",
    "-", //
    "___", "..", "._", "_.", "-_", ".-", "/", "$",
];

fn namespace_names() -> impl Strategy<Value = String> {
    // Mostly a letter first, as the namespace requires; sometimes a digit, which it refuses.
    let base = (
        "[a-z]{3}|[0-9]",
        joined(atom("abcxyz0189", 6), NAMESPACE_TOKENS, 5),
    )
        .prop_map(|(a, b)| a + &b);
    swr_shapes(base, 64)
}

fn swr_names(max: usize) -> impl Strategy<Value = String> {
    swr_shapes(joined(atom("abcxyz0189", 6), SWR_TOKENS, 5), max)
}

fn swr_shapes(
    base: impl Strategy<Value = String> + Clone,
    max: usize,
) -> impl Strategy<Value = String> {
    prop_oneof![
        base.clone(),
        mutate(base.clone(), NOISE),
        fit_length(base.clone(), around(max), "a"),
        fit_length(mutate(base, NOISE), around(max), "z9"),
        "[a-z][a-z0-9._/$-]{0,12}",
    ]
}

fn tag_names() -> impl Strategy<Value = String> {
    let base = joined(atom("aZ09_", 5), &[".", "-", "_", "..", "--", "+", "/"], 6);
    prop_oneof![
        base.clone(),
        mutate(base.clone(), NOISE),
        fit_length(base.clone(), around(128), "A_"),
        fit_length(mutate(base, NOISE), around(128), "b"),
        "[._a-zA-Z0-9-]{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn namespace_matches_oracle(s in namespace_names()) {
        agrees(&s, swr::Namespace::parse(&s).map(drop), namespace_oracle(&s))?;
    }

    #[test]
    fn plain_repository_matches_oracle(s in swr_names(128)) {
        agrees(&s, swr::Repository::parse(&s).map(drop), plain_oracle(&s))?;
    }

    #[test]
    fn path_repository_matches_oracle(s in swr_names(128)) {
        agrees(&s, swr::RepositoryPath::parse(&s).map(drop), path_oracle(&s))?;
    }

    #[test]
    fn tag_matches_oracle(s in tag_names()) {
        agrees(&s, Tag::parse(&s).map(drop), tag_oracle(&s))?;
    }

    #[test]
    fn bytes_and_str_entry_points_agree(s in swr_names(128)) {
        prop_assert_eq!(swr::Namespace::parse(&s).map(|n| n.as_str()), swr::Namespace::parse_bytes(s.as_bytes()).map(|n| n.as_str()));
        prop_assert_eq!(Tag::parse(&s).map(|t| t.as_str()), Tag::parse_bytes(s.as_bytes()).map(|t| t.as_str()));
    }

    /// Acceptance 3: the path form is an exact inverse of the plain form and never holds a `/`.
    #[test]
    fn path_form_round_trips(s in swr_names(128).prop_filter("valid plain names", |s| plain_oracle(s))) {
        let plain = swr::Repository::parse(&s).unwrap();
        let encoded = plain.path_segment();
        prop_assert!(!encoded.contains('/'));
        let decoded = swr::RepositoryPath::parse(&encoded).unwrap();
        prop_assert_eq!(decoded, plain);
        prop_assert_eq!(decoded.name(), s.as_str());
        // Each type shows its own spelling; the name is one accessor away.
        prop_assert_eq!(decoded.display_name().to_string(), s.as_str());
        prop_assert_eq!(decoded.to_string(), encoded.as_ref());
    }

    /// Acceptance 3: any `/` in the path form is `slash-in-path-form`, at the first `/`.
    #[test]
    fn slash_in_path_form_is_always_named(s in swr_names(140).prop_filter("has a slash", |s| s.contains('/'))) {
        let err = swr::RepositoryPath::parse(&s).unwrap_err();
        prop_assert_eq!(err.rule(), Rule::SlashInPathForm);
        prop_assert_eq!(err.offset(), s.find('/').unwrap());
    }
}

#[test]
fn strategies_reach_both_verdicts() {
    for (name, rate) in [
        (
            "namespace",
            acceptance_rate(namespace_names(), namespace_oracle, 4000),
        ),
        (
            "plain repository",
            acceptance_rate(swr_names(128), plain_oracle, 4000),
        ),
        (
            "path repository",
            acceptance_rate(swr_names(128), path_oracle, 4000),
        ),
        ("tag", acceptance_rate(tag_names(), tag_oracle, 4000)),
    ] {
        assert!(
            (0.15..=0.85).contains(&rate),
            "{name}: {rate:.2} of generated inputs are valid"
        );
    }
}

#[test]
fn strategies_reach_the_length_limits() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = namespace_names();
    let lengths: std::collections::HashSet<usize> = (0..2000)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current().len())
        .collect();
    for len in [63, 64, 65] {
        assert!(lengths.contains(&len), "no input of length {len}");
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
            namespace in strategy::valid(Kind::SwrNamespace),
            plain in strategy::valid(Kind::SwrRepository),
            path in strategy::valid(Kind::SwrRepositoryPath),
            tag in strategy::valid(Kind::Tag),
        ) {
            agrees(&namespace, swr::Namespace::parse(&namespace).map(drop), namespace_oracle(&namespace))?;
            prop_assert!(namespace_oracle(&namespace), "{}", namespace);
            prop_assert!(plain_oracle(&plain) && swr::Repository::parse(&plain).is_ok(), "{}", plain);
            prop_assert!(path_oracle(&path) && swr::RepositoryPath::parse(&path).is_ok(), "{}", path);
            prop_assert!(tag_oracle(&tag) && Tag::parse(&tag).is_ok(), "{}", tag);
        }

        #[test]
        fn generated_near_misses_match_oracle(
            (namespace, namespace_rule) in strategy::near_miss(Kind::SwrNamespace),
            (plain, plain_rule) in strategy::near_miss(Kind::SwrRepository),
            (tag, tag_rule) in strategy::near_miss(Kind::Tag),
        ) {
            prop_assert!(!namespace_oracle(&namespace), "{}", namespace);
            prop_assert_eq!(swr::Namespace::parse(&namespace).unwrap_err().rule(), namespace_rule);
            prop_assert!(!plain_oracle(&plain), "{}", plain);
            prop_assert_eq!(swr::Repository::parse(&plain).unwrap_err().rule(), plain_rule);
            prop_assert!(!tag_oracle(&tag), "{}", tag);
            prop_assert_eq!(Tag::parse(&tag).unwrap_err().rule(), tag_rule);
        }

        /// `path_form_round_trips` over valid names only, without filtering.
        #[test]
        fn generated_path_forms_round_trip(s in strategy::valid(Kind::SwrRepository)) {
            let plain = swr::Repository::parse(&s).unwrap();
            let encoded = plain.path_segment();
            let decoded = swr::RepositoryPath::parse(&encoded).unwrap();
            prop_assert_eq!(decoded, plain);
            prop_assert_eq!(decoded.name(), s.as_str());
        }
    }
}
