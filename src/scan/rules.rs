//! Every rule id a scan finding can carry, with a one-sentence description: the grammars' rules
//! (docs/grammars.md §9, [`Rule`]), the scan's own (a file's problems, values it could not check)
//! and the policies ([`PolicyRule`]). A suppression may name any of them (S6); SARIF lists them
//! as the tool's rules (S7).
//!
//! ```
//! use registry_names::scan::rules;
//! assert!(rules::is_known("policy/no-latest"));
//! assert!(rules::is_known("invalid-start"));
//! assert!(rules::is_known("malformed-yaml"));
//! assert!(!rules::is_known("policy/no-latset"));
//! assert_eq!(rules::all().count(), rules::all().map(|(id, _)| id).collect::<std::collections::BTreeSet<_>>().len());
//! ```

use super::policy::PolicyRule;
use crate::Rule;

/// The id of a suppression's own problem: it names a rule id that does not exist.
pub const UNKNOWN_SUPPRESSION: &str = "unknown-suppression";

/// The rules of the scan itself, beside the grammars' and the policies'.
pub const SCAN_RULES: [(&str, &str); 12] = [
    (
        "tag-in-matcher",
        "A Kustomize `images[]` entry with only a `name` selects images by name: a tag or digest in it matches nothing.",
    ),
    (
        "unresolved-variable",
        "The reference holds a variable with no known value and was not checked (--strict).",
    ),
    (
        "null-image",
        "An `image` key whose value is null names no image (--strict).",
    ),
    (
        "expansion-too-long",
        "The reference's ARG expansion is longer than any valid reference and was not checked.",
    ),
    (
        "alias-budget-exceeded",
        "A YAML document's aliases and merges go past the budget; the rest of it was not read.",
    ),
    (
        "file-too-large",
        "The file is larger than 8 MiB and was not read.",
    ),
    ("not-utf8", "The file is not UTF-8 text."),
    ("malformed-yaml", "The YAML file does not parse."),
    (
        "malformed-json",
        "The devcontainer.json file does not parse.",
    ),
    ("malformed-hcl", "The Terraform file does not parse."),
    (
        "hcl-budget-exceeded",
        "A Terraform block is too large to parse within the bounds and was not checked.",
    ),
    (
        UNKNOWN_SUPPRESSION,
        "A `registry-names:` suppression comment names a rule id that does not exist.",
    ),
];

/// The description of a grammar rule, as one sentence.
pub const fn grammar_description(rule: Rule) -> &'static str {
    match rule {
        Rule::Empty => "The name, or a required part of it, is empty.",
        Rule::TooShort => "The name is shorter than its grammar allows.",
        Rule::TooLong => "The name is longer than its grammar allows.",
        Rule::InvalidStart => {
            "The name, or one of its parts, starts with a byte not allowed there."
        }
        Rule::InvalidCharacter => "The name holds a byte its grammar does not allow there.",
        Rule::AdjacentSeparators => "Two separators touch.",
        Rule::TooManyUnderscores => "More than two underscores in a row.",
        Rule::TrailingSeparator => "The name ends with a separator.",
        Rule::SlashInPathForm => "A `/` in the `$`-encoded form of an SWR repository.",
        Rule::DollarInPlainForm => "A `$` in the plain form of an SWR repository.",
        Rule::MissingName => "A Quay repository path without its `/name` part.",
        Rule::EmptySegment => "An empty `/`-separated segment in a Quay repository path.",
        Rule::MissingFilterOp => "A tag filter without an `op:` prefix.",
        Rule::UnknownFilterOp => "A tag filter whose op is not `like` or `eq`.",
        Rule::MissingColon => "A digest without the `:` between algorithm and encoded part.",
        Rule::DigestLength => "A digest with the wrong number of hex digits for its algorithm.",
        Rule::UppercaseHex => "An uppercase hex digit in a digest.",
        Rule::LeadingDash => "A git name starting with `-`.",
        Rule::ReservedName => "A reserved git name.",
        Rule::DotAtComponentStart => "A git refname component starting with `.`.",
        Rule::LockSuffix => "A git refname component ending with `.lock`.",
        Rule::DoubleDot => "`..` in a git refname.",
        Rule::AtBrace => "`@{` in a git refname.",
        Rule::LeadingSlash => "A git refname starting with `/`.",
        Rule::TrailingSlash => "A git refname ending with `/`.",
        Rule::DoubleSlash => "`//` in a git refname.",
        Rule::TrailingDot => "A git refname ending with `.`.",
        Rule::OneLevel => "A full git refname with a single component.",
        Rule::InvalidUtf8 => "Bytes that are not UTF-8.",
        Rule::MissingNamespace => {
            "The registry needs NAMESPACE/REPOSITORY, but the reference has one component."
        }
        Rule::UnsupportedAlgorithm => "A digest algorithm clients cannot pull by.",
    }
}

/// Every rule id with its description: the grammars' (in [`Rule::ALL`]'s order), the scan's
/// own ([`SCAN_RULES`]), then the policies'.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    Rule::ALL
        .iter()
        .map(|&r| (r.id(), grammar_description(r)))
        .chain(SCAN_RULES)
        .chain(
            PolicyRule::ALL
                .into_iter()
                .map(|p| (p.id(), p.description())),
        )
}

/// Whether `id` is a rule id a finding can carry.
pub fn is_known(id: &str) -> bool {
    known(id).is_some()
}

/// The rule id `id` names, as the finding carries it (an alias of a grammar rule gives its
/// id); `None` for an id that does not exist.
pub fn known(id: &str) -> Option<&'static str> {
    Rule::from_id(id)
        .map(Rule::id)
        .or_else(|| PolicyRule::from_id(id).map(PolicyRule::id))
        .or_else(|| {
            SCAN_RULES
                .iter()
                .find(|(known, _)| *known == id)
                .map(|(k, _)| *k)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_known_by_its_id_and_described_once() {
        let all: Vec<_> = all().collect();
        for (id, description) in &all {
            assert!(is_known(id), "{id}");
            assert_eq!(known(id), Some(*id));
            assert!(
                description.len() > 1 && description.ends_with('.'),
                "{id}: {description}"
            );
            assert_eq!(
                all.iter().filter(|(_, d)| d == description).count(),
                1,
                "{description}"
            );
        }
        for unknown in ["", "policy/nope", "invalid_start", "*"] {
            assert!(!is_known(unknown), "{unknown}");
        }
    }
}
