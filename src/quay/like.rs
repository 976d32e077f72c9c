//! Quay's `like:` match (docs/grammars.md §6): `ILIKE '%pattern%'`, so a substring match where `_` is any one
//! byte, `%` any run of bytes, and ASCII letters match either case.
//!
//! Why Shift-And: a backtracking matcher retries every `_` run at every start, O(pattern × tag)
//! with a large constant or worse, and a DFA would have to be built and stored per pattern. The
//! pattern has at most 128 positions (bytes other than `%`), so the set of positions a match could
//! have reached so far fits in one `u128`, and one byte of the tag advances every candidate match
//! at once with a shift, an AND and an OR: O(tag) steps whatever the pattern, no allocation.
//!
//! Two scans with `memchr` narrow the part of the tag worth reading: a match must contain the
//! pattern's first literal (a byte that is neither `_` nor `%`) and its last, at fixed distances
//! from the match's ends, so bytes before the first occurrence of the one and after the last
//! occurrence of the other cannot belong to any match. A tag without them is turned away without
//! building the masks.

use memchr::{memchr2, memrchr2};

/// The classes of tag bytes a pattern literal can tell apart: 0 for bytes no literal matches
/// (including every byte ≥ 0x80), then the letters with both cases in one class, the digits, `.`
/// and `-`.
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut next = 1u8;
    let mut letter = 0;
    while letter < 26 {
        class[(b'a' + letter) as usize] = next;
        class[(b'A' + letter) as usize] = next;
        next += 1;
        letter += 1;
    }
    let mut digit = 0;
    while digit < 10 {
        class[(b'0' + digit) as usize] = next;
        next += 1;
        digit += 1;
    }
    class[b'.' as usize] = next;
    class[b'-' as usize] = next + 1;
    class
};
/// Class 0 plus one per letter pair, digit, `.` and `-` (the last one numbered).
const CLASSES: usize = CLASS[b'-' as usize] as usize + 1;

/// Whether `text` contains a match of the `like:` pattern `pattern` (bytes of
/// `[A-Za-z0-9_.%-]`, at most 128 of them other than `%`).
///
/// A literal outside that alphabet matches nothing; a pattern with more than 128 positions
/// never matches. Neither can come out of [`super::TagFilter::parse`].
pub(super) fn matches(pattern: &[u8], text: &[u8]) -> bool {
    // A match takes one tag byte per position (a pattern byte other than `%`): a tag at least as
    // long as the whole pattern has room for any match, a shorter one is turned away here when
    // the positions outnumber its bytes.
    if text.len() < pattern.len() && positions_within(pattern, text.len()).is_none() {
        return false;
    }
    search(pattern, text)
}

/// The pattern's positions (its bytes other than `%`), or `None` once they outnumber `limit`:
/// counting stops there, so a short tag costs a short count whatever the pattern's length.
fn positions_within(pattern: &[u8], limit: usize) -> Option<usize> {
    let blocks = pattern.chunks_exact(16);
    let rest = blocks.remainder();
    let mut positions = 0;
    for block in blocks {
        positions += 16 - usize::from(block.iter().fold(0u8, |n, &b| n + u8::from(b == b'%')));
        if positions > limit {
            return None;
        }
    }
    positions += rest.len() - rest.iter().filter(|&&b| b == b'%').count();
    (positions <= limit).then_some(positions)
}

/// Everything past the length check, apart so that rejecting a short tag stays a small call.
/// The literals' scans come before the count, as they turn most tags away on their own.
#[inline(never)]
fn search(pattern: &[u8], text: &[u8]) -> bool {
    let Some(window) = window(pattern, text) else {
        return false;
    };
    match positions_within(pattern, window.len().min(128)) {
        Some(0) => true,
        Some(positions) => shift_and(pattern, positions, window),
        None => false,
    }
}

/// The part of `text` that holds every match, or `None` if a literal the pattern needs is absent.
fn window<'t>(pattern: &[u8], text: &'t [u8]) -> Option<&'t [u8]> {
    let leading = run(b'%', pattern);
    let body = &pattern[leading..];
    let body = &body[..body.len() - run_back(b'%', body)];
    let mut start = 0;
    let mut end = text.len();
    // The first segment (up to the first inner `%`) starts where the match starts, so its first
    // literal sits a fixed number of `_` after that start.
    let before = run(b'_', body);
    if let Some(&literal) = body.get(before).filter(|&&b| b != b'%') {
        start = find(literal, text)?.saturating_sub(before);
    }
    // Likewise the last segment ends where the match ends.
    let after = run_back(b'_', body);
    if let Some(&literal) = body
        .len()
        .checked_sub(after + 1)
        .map(|i| &body[i])
        .filter(|&&b| b != b'%')
    {
        end = rfind(literal, text)? + 1 + after;
    }
    text.get(start..end.min(text.len()))
}

/// How many bytes at the start of `s` are `byte`; whole 16-byte blocks first, as patterns of
/// long `_` and `%` runs are the ones this is asked about. The run ends within the first block
/// that is not all `byte`, or within the last 15 bytes, so at most 16 bytes are read one by one.
fn run(byte: u8, s: &[u8]) -> usize {
    let mut skipped = 0;
    for block in s.chunks_exact(16) {
        if !block.iter().fold(true, |all, &b| all & (b == byte)) {
            break;
        }
        skipped += 16;
    }
    skipped
        + s[skipped..]
            .iter()
            .take(16)
            .take_while(|&&b| b == byte)
            .count()
}

/// How many bytes at the end of `s` are `byte`.
fn run_back(byte: u8, s: &[u8]) -> usize {
    let mut skipped = 0;
    for block in s.rchunks_exact(16) {
        if !block.iter().fold(true, |all, &b| all & (b == byte)) {
            break;
        }
        skipped += 16;
    }
    let rest = &s[..s.len() - skipped];
    skipped
        + rest
            .iter()
            .rev()
            .take(16)
            .take_while(|&&b| b == byte)
            .count()
}

fn find(literal: u8, text: &[u8]) -> Option<usize> {
    memchr2(
        literal.to_ascii_lowercase(),
        literal.to_ascii_uppercase(),
        text,
    )
}

fn rfind(literal: u8, text: &[u8]) -> Option<usize> {
    memrchr2(
        literal.to_ascii_lowercase(),
        literal.to_ascii_uppercase(),
        text,
    )
}

/// The Shift-And scan. Bit `i` of `reached` says the pattern's first `i + 1` positions match a
/// run of bytes ending at the byte just read. `masks[class]` has bit `i` set when position `i`
/// accepts a byte of that class (always for `_`); `stay` has bit `i` set when a `%` follows
/// position `i`, so a match that reached it may skip any number of bytes before going on.
fn shift_and(pattern: &[u8], positions: usize, text: &[u8]) -> bool {
    let mut masks = [0u128; CLASSES];
    let mut any = 0u128;
    let mut stay = 0u128;
    // The bit of the next position; past the 128th it is 0, so a trailing `%` there adds nothing.
    let mut bit = 1u128;
    // Positions of one class in a row (`aaa`, `a%a`) gather here before they go to `masks`:
    // updating the same table entry once per position made building the masks cost as much as
    // scanning a 128-byte tag.
    let (mut run_class, mut run) = (0, 0u128);
    for &b in pattern {
        match b {
            b'%' => stay |= bit >> 1,
            b'_' => {
                any |= bit;
                bit <<= 1;
            }
            _ => {
                let class = CLASS[b as usize] as usize;
                if class != run_class {
                    masks[run_class] |= run;
                    (run_class, run) = (class, 0);
                }
                run |= bit;
                bit <<= 1;
            }
        }
    }
    masks[run_class] |= run;
    // Class 0 is every byte no literal names, including literals outside the alphabet.
    masks[0] = 0;
    for mask in &mut masks {
        *mask |= any;
    }
    let accept = 1u128 << (positions - 1);
    let mut reached = 0u128;
    for &b in text {
        let mask = masks[CLASS[b as usize] as usize];
        // Every candidate advances by one position if this byte fits it, those sitting before a
        // `%` stay, and a new one starts at position 0 (the implicit leading `%`).
        reached = ((reached << 1) & mask) | (reached & stay) | (mask & 1);
        if reached & accept != 0 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn like(pattern: &str, text: &str) -> bool {
        matches(pattern.as_bytes(), text.as_bytes())
    }

    #[test]
    fn empty_and_only_percent_match_everything() {
        for pattern in ["", "%", "%%", &"%".repeat(128)] {
            assert!(like(pattern, ""), "{pattern:?}");
            assert!(like(pattern, "v1.2"), "{pattern:?}");
        }
    }

    #[test]
    fn substring_with_wildcards() {
        assert!(like("v1", "release-v1.2"));
        assert!(!like("v2", "release-v1.2"));
        assert!(like("a%c", "xxabbbcxx"));
        assert!(like("a%c", "ac"));
        assert!(!like("a%c", "ca"));
        assert!(like("a%b%c", "a-b-c"));
        assert!(!like("a%b%c", "a-c-b"));
        assert!(like("1.2", "v1.2"));
        // `.` and `-` are literals, not regex or range syntax.
        assert!(!like("1.2", "v1x2"));
        assert!(!like("a-c", "abc"));
    }

    #[test]
    fn underscore_at_either_end() {
        assert!(like("_1", "v1"));
        assert!(!like("_1", "1"));
        assert!(like("1_", "10"));
        assert!(!like("1_", "v1"));
        assert!(like("_v_", "-v-"));
        assert!(!like("_v_", "v-"));
        assert!(!like("_", ""));
        assert!(like("__", "ab"));
        assert!(!like("__", "a"));
        // `_` is one byte, not one character.
        assert!(like("a__b", "aéb"));
        assert!(!like("a_b", "aéb"));
    }

    #[test]
    fn pattern_longer_than_text() {
        assert!(!like("abc", "ab"));
        assert!(!like("a%b%c", "ab"));
        assert!(!like("___", "ab"));
        assert!(like("%ab%", "ab"));
    }

    #[test]
    fn longest_patterns() {
        let underscores = format!("{}b", "_".repeat(127));
        let a127 = "a".repeat(127);
        assert!(!like(&underscores, &"a".repeat(4096)));
        assert!(like(&underscores, &format!("{a127}b")));
        assert!(like(&underscores, &format!("x{a127}B")));
        assert!(!like(&underscores, &format!("{}b", "a".repeat(126))));
        // A `b` too early to be the 128th byte of a match does not count.
        assert!(!like(
            &underscores,
            &format!("{}b{}", "a".repeat(100), "a".repeat(200))
        ));

        let letters: String = "abcdefgh".repeat(16);
        assert!(like(&letters, &format!("--{}--", letters.to_uppercase())));
        let mut near = letters.clone();
        near.replace_range(127.., "x");
        assert!(!like(&letters, &near));

        let percents = format!("{}%b", "%a".repeat(63));
        assert!(!like(&percents, &"a".repeat(4096)));
        assert!(like(&percents, &format!("{}b", "a".repeat(63))));
        assert!(!like(&percents, &format!("{}b", "a".repeat(62))));
        assert!(like(&percents, &"ab".repeat(63)));
    }

    #[test]
    fn case_folds_for_ascii_letters_only() {
        assert!(like("V1", "v1"));
        assert!(like("abc", "xABCx"));
        assert!(like("ABC", "abc"));
        // '@' and '`' differ from 'A' and 'a' by the case bit but are not letters.
        assert!(!like("A", "@"));
        assert!(!like("a", "`"));
        assert!(!like("1", "\u{11}"));
        // Bytes from 0x80 up compare exactly: the Kelvin sign (E2 84 AA) is not 'k'.
        assert!(!like("k", "\u{212A}"));
        assert!(!like("K", "\u{212A}"));
        assert!(like("___", "\u{212A}"));
        assert!(!like("____", "\u{212A}"));
    }

    #[test]
    fn a_long_literal_prefix_is_not_a_run() {
        // 16 literals fill the first block: a run of `%` must not be taken for them.
        let pattern = "abcdefghijklmnopqr";
        assert!(like(pattern, &format!("xx{}xx", pattern.to_uppercase())));
        assert!(like(&format!("{pattern}%"), pattern));
        assert!(!like(pattern, "abcdefghijklmnopq"));
    }

    #[test]
    fn the_window_starts_and_ends_at_the_literals() {
        assert_eq!(window(b"b", b"aaba"), Some(&b"b"[..]));
        assert_eq!(window(b"_b_", b"aabaa"), Some(&b"aba"[..]));
        assert_eq!(window(b"%b%c%", b"abxcx"), Some(&b"bxc"[..]));
        assert_eq!(window(b"b", b"aaa"), None);
        assert_eq!(window(b"%_%", b"aaa"), Some(&b"aaa"[..]));
    }

    proptest::proptest! {
        #[test]
        fn runs_are_counted_exactly(
            byte in proptest::sample::select(&b"%_a"[..]),
            s in proptest::collection::vec(proptest::sample::select(&b"%_a"[..]), 0..80),
            lead in 0usize..70,
        ) {
            let mut s = s;
            s.splice(0..0, core::iter::repeat_n(byte, lead));
            let front = s.iter().take_while(|&&b| b == byte).count();
            let back = s.iter().rev().take_while(|&&b| b == byte).count();
            proptest::prop_assert_eq!(run(byte, &s), front);
            s.reverse();
            proptest::prop_assert_eq!(run_back(byte, &s), front);
            s.reverse();
            proptest::prop_assert_eq!(run_back(byte, &s), back);
        }
    }

    #[test]
    fn each_literal_matches_its_own_byte_and_case_only() {
        // Every literal has a class of its own (`-` next to `9` and `.` in the table included).
        // Inside `x…x`, so the literal is not the one the prefilter looks for with memchr.
        let literals = (b'a'..=b'z')
            .chain(b'A'..=b'Z')
            .chain(b'0'..=b'9')
            .chain([b'.', b'-']);
        for literal in literals {
            for byte in 0..=255u8 {
                assert_eq!(
                    matches(&[b'x', literal, b'x'], &[b'x', byte, b'x']),
                    literal.eq_ignore_ascii_case(&byte),
                    "{:?} on {byte:#x}",
                    literal as char
                );
            }
        }
    }

    #[test]
    fn text_bytes_from_0x80_up_match_only_underscore() {
        for b in 0x80..=0xFFu8 {
            for pattern in [&b"a"[..], b"A", b"0", b".", b"-"] {
                assert!(!matches(pattern, &[b]), "{pattern:?} on {b:#x}");
            }
            assert!(matches(b"_", &[b]));
            assert!(matches(b"x_y", &[b'X', b, b'Y']));
        }
    }

    #[test]
    fn invalid_patterns_fail_closed() {
        assert!(!like("a b", "a b"));
        assert!(!like(&"_".repeat(129), &"a".repeat(200)));
        let full = format!("{}%", "a".repeat(128));
        assert!(like(&full, &"a".repeat(128)));
        assert!(!like(
            &full,
            &format!("{}b{}", "a".repeat(127), "a".repeat(127))
        ));
    }

    #[test]
    fn positions_are_counted_up_to_the_limit() {
        for len in [
            0usize,
            1,
            15,
            16,
            17,
            33,
            128,
            255 * 16,
            255 * 16 + 1,
            10_000,
        ] {
            let s: Vec<u8> = (0..len)
                .map(|i| if i % 3 == 0 { b'%' } else { b'a' })
                .collect();
            let positions = len - len.div_ceil(3);
            assert_eq!(positions_within(&s, usize::MAX), Some(positions), "{len}");
            assert_eq!(positions_within(&s, positions), Some(positions), "{len}");
            if positions > 0 {
                assert_eq!(positions_within(&s, positions - 1), None, "{len}");
            }
            assert_eq!(positions_within(&vec![b'%'; len], 0), Some(0));
        }
    }

    #[test]
    fn runs_at_either_end() {
        for len in [0, 1, 15, 16, 17, 31, 32, 33, 127, 128] {
            let mut s = vec![b'_'; len];
            assert_eq!((run(b'_', &s), run_back(b'_', &s)), (len, len));
            s.insert(0, b'a');
            s.push(b'%');
            assert_eq!((run(b'_', &s), run_back(b'_', &s)), (0, 0));
            assert_eq!(run(b'_', &s[1..]), len, "{len}");
            assert_eq!(run_back(b'_', &s[..s.len() - 1]), len, "{len}");
        }
    }

    #[test]
    fn window_keeps_every_match() {
        // The first literal occurs before the match too; the scan must start early enough.
        assert!(like("__b", "bxxb"));
        assert!(like("b__", "bb--"));
        assert!(like("a%_b_", "b-a--b-"));
        assert!(!like("a%_b_", "b-a-b"));
        assert!(like("%_a%b_%", "xa-bx"));
    }
}
