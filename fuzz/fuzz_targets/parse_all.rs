//! Raw bytes into every kind: never a panic, and an accepted name validates again, identically,
//! from its `as_str()`, through the typed value as through `Kind::validate`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registry_names::{git, oci, quay, swr, Kind, Tag};

/// Checks one kind; returns its error, if any, for the caller to format once.
fn same<T: AsRef<str>>(
    kind: Kind,
    data: &[u8],
    parsed: Result<T, registry_names::Error>,
) -> Option<registry_names::Error> {
    let validated = kind.validate(data);
    match parsed {
        Ok(value) => {
            let text = value.as_ref();
            assert!(validated.is_ok(), "{kind:?}: typed value accepted what validate rejects: {data:?}");
            assert_eq!(kind.validate(text.as_bytes()), Ok(()), "{kind:?}: as_str() does not re-validate");
            None
        }
        Err(e) => {
            // The typed value may refuse bytes that are not UTF-8 which the bytes check accepts.
            if e.rule() != registry_names::Rule::InvalidUtf8 {
                assert_eq!(validated, Err(e), "{kind:?}: typed value and validate disagree on {data:?}");
            }
            assert!(e.offset() <= data.len(), "{kind:?}: offset past the input");
            let _ = e.to_string();
            Some(e)
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let errors = [
        same(Kind::SwrNamespace, data, swr::Namespace::parse_bytes(data)),
        same(Kind::SwrRepository, data, swr::Repository::parse_bytes(data)),
        same(Kind::SwrRepositoryPath, data, swr::RepositoryPath::parse_bytes(data)),
        same(Kind::Tag, data, Tag::parse_bytes(data)),
        same(Kind::QuayNamespace, data, quay::Namespace::parse_bytes(data)),
        same(Kind::QuayRepository, data, quay::RepositoryPath::parse_bytes(data)),
        same(Kind::OciDigest, data, oci::Digest::parse_bytes(data)),
        same(Kind::GitTag, data, git::TagName::parse_bytes(data)),
        same(Kind::GitBranch, data, git::BranchName::parse_bytes(data)),
    ];
    // Quoting the input costs the same whichever kind's error does it: once per input is enough,
    // and keeps long inputs from dominating the run (it was nine times, at ~4,400 exec/s).
    if let Some(e) = errors.iter().flatten().next() {
        let _ = e.with_input(data).to_string();
    }
    let _ = git::check_refname(data);
    match quay::TagFilter::parse_bytes(data) {
        Ok(filter) => {
            let text = filter.to_string();
            assert_eq!(text.as_bytes(), data, "the filter displays as it was given");
            assert!(Kind::QuayTagFilter.validate(data).is_ok());
        }
        Err(e) => assert!(e.rule() == registry_names::Rule::InvalidUtf8 || Kind::QuayTagFilter.validate(data).is_err()),
    }
});
