//! `filter_tag_name` strings and tags: parsing never panics, and `matches` agrees with the
//! LIKE-to-regex oracle and stays fast (the matcher is O(pattern x tag); a 128-byte pattern
//! against a 4 KiB tag must take well under the fuzzer's timeout).
#![no_main]

#[path = "../../tests/common/oracles.rs"]
mod oracles;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use registry_names::quay::TagFilter;

#[derive(Arbitrary, Debug)]
struct Case<'a> {
    filter: &'a str,
    tag: &'a str,
}

fuzz_target!(|case: Case<'_>| {
    if case.tag.len() > 4096 {
        return;
    }
    let Ok(filter) = TagFilter::parse(case.filter) else { return };
    let ours = filter.matches(case.tag);
    let expected = match (filter.pattern(), filter.tag()) {
        (Some(pattern), _) => oracles::like_matches(pattern.as_str(), case.tag.as_bytes()),
        (None, Some(tag)) => tag.as_str() == case.tag,
        (None, None) => unreachable!("a valid filter is like: or eq:"),
    };
    assert_eq!(ours, expected, "{} on {:?}", case.filter, case.tag);
});
