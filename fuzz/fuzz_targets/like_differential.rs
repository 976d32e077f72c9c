//! The `like:` matcher against the regex oracle (`%` → `.*`, `_` → `.`, ASCII case-insensitive,
//! unanchored search), on patterns drawn mostly from `_` and `%` and on any tag bytes.
//!
//! Input: one byte for the pattern's length (0..=128), that many bytes each picking a pattern
//! byte, then tags separated by 0xFF (invalid UTF-8 in them is replaced, as a `&str` tag cannot
//! hold it). Several tags share one pattern because compiling the oracle's regex costs far more
//! than matching.
#![no_main]

#[path = "../../tests/common/oracles.rs"]
mod oracles;

use libfuzzer_sys::fuzz_target;
use regex::bytes::Regex;
use registry_names::quay::TagFilter;
use std::cell::RefCell;

thread_local! {
    /// The last pattern's regex: mutations often keep the pattern and change only the tags.
    static LAST: RefCell<Option<(String, Regex)>> = const { RefCell::new(None) };
}

/// What a pattern byte can be, with the wildcards and letters of both cases over-represented.
const PATTERN_BYTES: &[u8] = b"___%%%__%%aAbBkK_%01.-_%zZ9_%xX";

fuzz_target!(|data: &[u8]| {
    let Some((&len, rest)) = data.split_first() else {
        return;
    };
    let len = usize::from(len % 129).min(rest.len());
    let (picks, tags) = rest.split_at(len);
    let pattern: String = picks
        .iter()
        .map(|&b| char::from(PATTERN_BYTES[usize::from(b) % PATTERN_BYTES.len()]))
        .collect();
    let filter = format!("like:{pattern}");
    let filter = TagFilter::parse(&filter).expect("every generated pattern is valid");
    LAST.with_borrow_mut(|last| {
        if last.as_ref().is_none_or(|(p, _)| *p != pattern) {
            *last = Some((pattern.clone(), oracles::like_search_regex(&pattern)));
        }
        let Some((_, regex)) = last.as_ref() else {
            return;
        };
        for tag in tags.split(|&b| b == 0xFF) {
            let tag = String::from_utf8_lossy(tag);
            let ours = filter.matches(&tag);
            let oracle = regex.is_match(tag.as_bytes());
            assert_eq!(ours, oracle, "like:{pattern} on {tag:?}");
        }
    });
});
