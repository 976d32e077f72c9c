//! The plain readings every kernel is pinned to (`cfg(test)` only), and the tests that pin them.
//!
//! Each kernel in [`super::kernels`] computes something the grammar could compute byte by byte;
//! here is that byte-by-byte reading, written for clarity rather than speed, and a proptest that
//! asks both the same questions. A kernel may only ever be faster, never different: a change that
//! makes one answer otherwise (or stop sooner, where the answer is "how far") fails here.

use super::kernels::*;
use super::{ByteSet, Separated, Separators, LOWER_ALNUM, LOWER_HEX, NONE};
use crate::error::{Expected, Rule};
use crate::grammar::{components, rest_of_components, PResult};
use nom::Err;

const LOWER_ALNUM_SET: ByteSet = crate::grammar::LOWER_ALNUM;
const WORDISH: ByteSet = crate::grammar::WORD.with(b".-");

struct Swr;
impl Separated for Swr {
    const SEPARATORS: Separators = Separators::new(b"._-", true, Expected::Nothing);
}

struct Slash;
impl Separated for Slash {
    const SEPARATORS: Separators =
        Separators::new(b"._-/", true, Expected::Nothing).terminated_by(b":@", Expected::Colon);
}

struct Host;
impl Separated for Host {
    const SEPARATORS: Separators = Separators::new(b".-", true, Expected::Nothing);
}

struct Single;
impl Separated for Single {
    const SEPARATORS: Separators =
        Separators::new(b"._-", false, Expected::Nothing).terminated_by(b":", Expected::Colon);
}

#[test]
fn fast_scan_accepts_up_to_the_last_alphanumeric() {
    for (input, len) in [
        (&b"aaaaaaaa"[..], 8),
        (b"aaaaaaaaaaaaaaaa", 16),
        (b"aaaaaaa_aaaaaaaa", 16),
        (b"ab1.cd2_ef3-gh4__ij5--kl", 24),
        (b"aaaaaaaaaaaa:def", 12),
        (b"aaaaaaa__aaaaaaa", 16),
        (b"aaaaaaa---aaaaaa", 16),
        (b"a", 0),
        (b"aaaaaaa_", 7),
        (b"aaaaaaaaaaaaaaa_", 15),
    ] {
        let got = accept(&Swr::SEPARATORS, input);
        assert_eq!(got, len, "{:?}", core::str::from_utf8(input));
    }
    assert_eq!(accept(&Single::SEPARATORS, b"a.b_c-de"), 8);
}

#[test]
fn fast_scan_stops_before_every_flaw() {
    for (input, len) in [
        (&b"-aaaaaaaaaaaaaaa"[..], 0),
        (b"aaaaaaa___aaaaaa", 7),
        (b"aaaaaaaaa._aaaaa", 9),
        (b"aaaaaaaaaa..aaaa", 10),
        (b"aaaaaaa__-bbbbbb", 7),
        (b"aaaaaaaa\xc3\xa9aaaaaa", 8),
        (b"aaaaa\xc3\xa9aaaaaaaa", 0),
        (b"aaaAaaaaaaaaaaaa", 3),
    ] {
        let got = accept(&Swr::SEPARATORS, input);
        assert_eq!(got, len, "{:?}", String::from_utf8_lossy(input));
    }
    assert_eq!(accept(&Single::SEPARATORS, b"aaaaaaa__bbbbbbb"), 7);
    assert_eq!(accept(&Single::SEPARATORS, b"aaaaaaa--bbbbbbb"), 7);
}

/// [`accept`] byte by byte: the same answer for every input, so a change that makes the scan
/// stop sooner (slower, never wrong) fails too. A byte is a flaw when it is neither an
/// alphanumeric nor a separator allowed after the one before (the start counts as a
/// separator); a chunk of eight is read only when all of it is ASCII; the answer is the
/// place after the last alphanumeric before the first flaw, or after the last alphanumeric
/// of the last whole chunk read, 0 when that chunk has none.
fn accept_byte_by_byte(seps: &Separators, input: &[u8]) -> usize {
    // From the grammar's byte set, not the scan's slots, so slots filled wrongly show.
    let sep = |b: u8| seps.bytes.contains(b);
    let (underscore, hyphen) = (
        if sep(b'_') { b'_' } else { NONE },
        if sep(b'-') { b'-' } else { NONE },
    );
    let slot = |b: u8, slot: u8| slot != NONE && b == slot;
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let before = |i: usize, back: usize| i.checked_sub(back).map(|j| input[j]);
    let flaw = |i: usize| {
        let b = input[i];
        if alnum(b) || (sep(b) && before(i, 1).is_some_and(|p| !sep(p))) {
            return false;
        }
        if !sep(b) || !seps.swr_runs {
            return true;
        }
        let (prev, prev2) = (before(i, 1), before(i, 2));
        if slot(b, underscore) && prev.is_some_and(|p| slot(p, underscore)) {
            return prev2.is_some_and(|p| slot(p, underscore));
        }
        !(slot(b, hyphen) && prev.is_some_and(|p| slot(p, hyphen)))
    };
    let mut last = 0;
    for (n, chunk) in input.chunks_exact(8).enumerate() {
        if !chunk.is_ascii() {
            break;
        }
        let first_flaw = (0..8).find(|&k| flaw(8 * n + k));
        let alnum_before = (0..first_flaw.unwrap_or(8))
            .rev()
            .find(|&k| alnum(chunk[k]));
        match (first_flaw, alnum_before) {
            (Some(_), Some(k)) => return 8 * n + k + 1,
            (Some(_), None) => return last,
            (None, Some(k)) => last = 8 * n + k + 1,
            (None, None) => last = 0,
        }
    }
    last
}

/// [`long_component_prefix`] byte by byte: the bytes up to the first one that may not follow
/// the two before it, kept when they end in an alphanumeric.
fn long_prefix_byte_by_byte<S: Separated>(input: &[u8]) -> usize {
    let seps = &S::SEPARATORS;
    let starts = input.len() >= LONG_MIN
        && LOWER_ALNUM.contains(input[0])
        && (LOWER_ALNUM.contains(input[1]) || seps.bytes.contains(input[1]));
    if !starts {
        return 0;
    }
    let end = (2..input.len())
        .find(|&i| !may_follow(seps, input[i - 2], input[i - 1], input[i]))
        .unwrap_or(input.len());
    if LOWER_ALNUM.contains(input[end - 1]) {
        end
    } else {
        0
    }
}

/// Pieces of generated runs: alphanumeric runs of several lengths (so that long valid runs
/// are common), every separator form, both terminators, and bytes just outside the classes.
const PIECES: &[&[u8]] = &[
    b"a",
    b"z9",
    b"abc0x",
    b"a1b2c3d4e5",
    b"0123456789abcdefz",
    b".",
    b"_",
    b"__",
    b"___",
    b"-",
    b"---",
    b":",
    b"/",
    b"A",
    b"`",
    b"{",
    b"@",
    b"\xc3\xa9",
    b"\x80",
];

/// What the plain grammar alone says about `input`, as (verdict, rule, offset).
fn verdict(result: PResult<'_, &[u8]>, input: &[u8]) -> Result<usize, (Rule, usize)> {
    match result {
        Ok((rest, _)) => Ok(input.len() - rest.len()),
        Err(Err::Error(f) | Err::Failure(f)) => Err((f.rule, input.len() - f.rest_len)),
        Err(Err::Incomplete(_)) => Err((Rule::Empty, usize::MAX)),
    }
}

/// Every run length up to five chunks, ended by a byte out of the set or by the input's end.
#[test]
fn span_counts_runs_of_every_length() {
    for len in 0..=40 {
        let run = std::vec![b'a'; len];
        assert_eq!(span(&LOWER_ALNUM_SET, &run), len);
        let stopped = [&run[..], b"/aa"].concat();
        assert_eq!(span(&LOWER_ALNUM_SET, &stopped), len);
    }
}

#[test]
fn is_lower_hex_is_the_table() {
    for b in 0..=u8::MAX {
        assert_eq!(is_lower_hex(b), LOWER_HEX.contains(b), "{b:#04x}");
    }
}

/// The blocks before the one holding a stop byte, whatever follows; a short tail is no
/// block.
#[test]
fn blocks_without_counts_whole_blocks_before_a_stop() {
    let stop = |b: u8| b == b'/';
    for len in 0..=64 {
        let mut input = std::vec![b'a'; len];
        assert_eq!(blocks_without(&input, stop), len / 16, "len {len}");
        for at in 0..len {
            input[at] = b'/';
            assert_eq!(
                blocks_without(&input, stop),
                (at / 16).min(len / 16),
                "{len} {at}"
            );
            input[at] = b'a';
        }
    }
}

/// Every length up to three 128-byte blocks, with a byte out of the set at every offset: each
/// band's first and last byte and every overlap are covered.
#[test]
fn all_in_at_every_length_and_offset() {
    for len in 0..=3 * 128 + 1 {
        let mut input = std::vec![b'a'; len];
        assert!(all_in(&LOWER_ALNUM_SET, &input), "len {len}");
        for at in 0..len {
            input[at] = b'/';
            assert!(!all_in(&LOWER_ALNUM_SET, &input), "len {len}, '/' at {at}");
            input[at] = b'a';
        }
    }
}

/// Every length up to three 128-byte blocks, with the byte at every offset: each block size's
/// first and last byte and every overlap are covered.
#[test]
fn contains_byte_and_before_byte_at_every_offset() {
    for len in 0..=3 * 128 + 1 {
        let mut input = std::vec![b'a'; len];
        assert!(!contains_byte(b'/', &input), "len {len}");
        assert_eq!(before_byte(b'/', &input), len, "len {len}");
        for at in 0..len {
            input[at] = b'/';
            assert!(contains_byte(b'/', &input), "len {len}, '/' at {at}");
            assert_eq!(before_byte(b'/', &input), at, "len {len}, '/' at {at}");
            input[at] = b'a';
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

    /// The fast scan never changes a verdict, a rule or an offset: the component run with it
    /// gives what the plain grammar gives from the first byte.
    #[test]
    fn fast_scan_changes_no_result(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
    ) {
        let input = pieces.concat();
        proptest::prop_assert_eq!(
            verdict(components::<Swr>()(&input), &input),
            verdict(rest_of_components::<Swr>(&input, 0), &input)
        );
        proptest::prop_assert_eq!(
            verdict(components::<Single>()(&input), &input),
            verdict(rest_of_components::<Single>(&input, 0), &input)
        );
    }

    /// The 8-byte scan, as the grammar calls it, gives exactly the byte-by-byte answer, for
    /// each separator grammar.
    #[test]
    fn fast_scan_is_exact(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
    ) {
        let input = pieces.concat();
        proptest::prop_assert_eq!(component_prefix::<Swr>(&input), accept_byte_by_byte(&Swr::SEPARATORS, &input));
        proptest::prop_assert_eq!(component_prefix::<Slash>(&input), accept_byte_by_byte(&Slash::SEPARATORS, &input));
        proptest::prop_assert_eq!(component_prefix::<Host>(&input), accept_byte_by_byte(&Host::SEPARATORS, &input));
        proptest::prop_assert_eq!(component_prefix::<Single>(&input), accept_byte_by_byte(&Single::SEPARATORS, &input));
    }

    /// The 16-byte scan gives exactly the byte-by-byte answer, for each separator grammar.
    #[test]
    fn long_scan_is_exact(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
    ) {
        let input = pieces.concat();
        proptest::prop_assert_eq!(long_component_prefix::<Swr>(&input), long_prefix_byte_by_byte::<Swr>(&input));
        proptest::prop_assert_eq!(long_component_prefix::<Slash>(&input), long_prefix_byte_by_byte::<Slash>(&input));
        proptest::prop_assert_eq!(long_component_prefix::<Host>(&input), long_prefix_byte_by_byte::<Host>(&input));
        proptest::prop_assert_eq!(long_component_prefix::<Single>(&input), long_prefix_byte_by_byte::<Single>(&input));
    }

    /// The 16-byte scan accepts only a valid run, and never changes a verdict, a rule or
    /// an offset: the component run from where it stopped gives what the plain grammar
    /// gives from the first byte (each separator grammar the image references use, and
    /// the single-separator one).
    #[test]
    fn long_scan_changes_no_result(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
    ) {
        let input = pieces.concat();
        fn pinned<S: Separated>(input: &[u8]) -> Result<(), proptest::test_runner::TestCaseError> {
            let n = long_component_prefix::<S>(input);
            if n > 0 {
                proptest::prop_assert_eq!(
                    verdict(rest_of_components::<S>(&input[..n], 0), &input[..n]),
                    Ok(n)
                );
            }
            proptest::prop_assert_eq!(
                verdict(rest_of_components::<S>(input, n), input),
                verdict(rest_of_components::<S>(input, 0), input)
            );
            Ok(())
        }
        pinned::<Swr>(&input)?;
        pinned::<Slash>(&input)?;
        pinned::<Host>(&input)?;
        pinned::<Single>(&input)?;
    }

    /// `is_components` (the 16-byte kernel from 18 bytes on) says whether the plain
    /// grammar reads all of the input as one run, for each separator grammar the image
    /// references use and the single-separator one.
    #[test]
    fn is_components_is_the_plain_grammar(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
    ) {
        let input = pieces.concat();
        fn pinned<S: Separated>(input: &[u8]) -> Result<(), proptest::test_runner::TestCaseError> {
            let plain = matches!(
                rest_of_components::<S>(input, 0),
                Ok((rest, _)) if rest.is_empty()
            );
            proptest::prop_assert_eq!(crate::grammar::is_components::<S>(input), plain);
            Ok(())
        }
        pinned::<Swr>(&input)?;
        pinned::<Slash>(&input)?;
        pinned::<Host>(&input)?;
        pinned::<Single>(&input)?;
    }

    /// `before_any` is `position` of any of its bytes (or the length), at every length
    /// (below a word, whole words, the overlapping last word) and with matches anywhere.
    #[test]
    fn before_any_is_position(
        input in proptest::collection::vec(
            proptest::prop_oneof![
                8 => proptest::sample::select(&b"ab/9-_"[..]),
                1 => proptest::sample::select(&b":@\x00\x80\xff;?"[..]),
            ],
            0..60,
        ),
    ) {
        proptest::prop_assert_eq!(
            before_any([b':', b'@'], &input),
            input.iter().position(|&b| b == b':' || b == b'@').unwrap_or(input.len())
        );
    }

    /// `before_byte` is `position` (or the length) and `contains_byte` is `contains`, for any
    /// length and any number of matches.
    #[test]
    fn before_byte_is_position(
        len in 0usize..300,
        slashes in proptest::collection::vec(0usize..300, 0..3),
    ) {
        let mut input = std::vec![b'x'; len];
        for at in slashes.into_iter().filter(|&at| at < len) {
            input[at] = b'/';
        }
        proptest::prop_assert_eq!(
            before_byte(b'/', &input),
            input.iter().position(|&b| b == b'/').unwrap_or(len)
        );
        proptest::prop_assert_eq!(contains_byte(b'/', &input), input.contains(&b'/'));
    }

    /// `lower_hex_span` is the plain count of leading `[0-9a-f]` bytes, for runs of hex
    /// digits of any length broken by any byte (uppercase hex, the bytes just outside each
    /// range, non-ASCII).
    #[test]
    fn lower_hex_span_is_take_while(
        run in proptest::collection::vec(
            proptest::sample::select(&b"0123456789abcdef"[..]), 0..140),
        input in proptest::collection::vec(
            proptest::sample::select(&b"0123456789abcdef09af09af/:`gAF@\x80\xff"[..]), 0..40),
    ) {
        // A run of digits of any length (so any number of whole blocks) before mixed bytes.
        let input = [run, input].concat();
        proptest::prop_assert_eq!(
            lower_hex_span(&input),
            input.iter().take_while(|&&b| LOWER_HEX.contains(b)).count()
        );
    }

    /// `eq_lowercase` is `eq_ignore_ascii_case`, for lowercase names of the sizes the hosts
    /// use (below, at and above a word, overlapping words) against any bytes, and against
    /// the name itself in any case.
    #[test]
    fn eq_lowercase_is_eq_ignore_ascii_case(
        name in proptest::collection::vec(
            proptest::sample::select(&b"az.-09_:/@`{"[..]), 24),
        upper in proptest::collection::vec(proptest::bool::ANY, 24),
        noise in proptest::collection::vec(
            (0usize..24, proptest::prop_oneof![
                proptest::sample::select(&b"@AZ[`az{.-\x0e\x0d\x80\xc1\xda\xfa\xff"[..]),
                proptest::num::u8::ANY,
            ]),
            0..3,
        ),
    ) {
        let mut input: std::vec::Vec<u8> = name
            .iter()
            .zip(&upper)
            .map(|(&b, &up)| if up { b.to_ascii_uppercase() } else { b })
            .collect();
        for (at, byte) in noise {
            input[at] = byte;
        }
        fn both<const N: usize>(input: &[u8], name: &[u8]) -> (bool, bool) {
            let input: &[u8; N] = input[..N].try_into().unwrap();
            let name: &[u8; N] = name[..N].try_into().unwrap();
            (eq_lowercase(input, name), input.eq_ignore_ascii_case(name))
        }
        for (ours, plain) in [
            both::<1>(&input, &name),
            both::<2>(&input, &name),
            both::<3>(&input, &name),
            both::<4>(&input, &name),
            both::<5>(&input, &name),
            both::<7>(&input, &name),
            both::<8>(&input, &name),
            both::<17>(&input, &name),
            both::<18>(&input, &name),
            both::<24>(&input, &name),
        ] {
            proptest::prop_assert_eq!(ours, plain);
        }
    }

    /// `all_in` is `all`, for any mix of bytes in and out of the set at any length.
    #[test]
    fn all_in_is_all(
        input in proptest::collection::vec(
            proptest::sample::select(&b"az09_.-A/\x80"[..]), 0..200),
    ) {
        for set in [&LOWER_ALNUM_SET, &WORDISH] {
            proptest::prop_assert_eq!(
                all_in(set, &input),
                input.iter().all(|&b| set.contains(b))
            );
        }
    }

    /// `span` is the plain count of leading bytes in the set, for any mix of bytes in and out
    /// of it at any length (the 8-byte steps and the tail both covered).
    #[test]
    fn span_is_take_while(
        input in proptest::collection::vec(
            proptest::sample::select(&b"az09_.-A/\x80"[..]), 0..40),
    ) {
        for set in [&LOWER_ALNUM_SET, &WORDISH] {
            proptest::prop_assert_eq!(
                span(set, &input),
                input.iter().take_while(|&&b| set.contains(b)).count()
            );
        }
    }
}

/// What a grammar said about `input`: how much it left, or the rule and where (as the length
/// of the rest), so two readings can be compared whatever their output.
fn outcome<O>(result: PResult<'_, O>) -> Result<usize, (Rule, usize)> {
    match result {
        Ok((rest, _)) => Ok(rest.len()),
        Err(Err::Error(f) | Err::Failure(f)) => Err((f.rule, f.rest_len)),
        Err(Err::Incomplete(_)) => Err((Rule::Empty, usize::MAX)),
    }
}

/// The built-in profiles as docs/grammars.md §10 states them: `quay.io`, or `swr.` REGION (one
/// DNS label) and one of the three suffixes, in any ASCII case.
fn plain_builtin(host: &[u8]) -> crate::reference::Profile {
    use crate::reference::Profile;
    if host.eq_ignore_ascii_case(b"quay.io") {
        return Profile::Quay;
    }
    let Some(rest) = host
        .get(4..)
        .filter(|_| host[..4].eq_ignore_ascii_case(b"swr."))
    else {
        return Profile::Oci;
    };
    let region = rest.iter().position(|&b| b == b'.').unwrap_or(rest.len());
    let suffix = &rest[region..];
    let swr_suffix = [
        ".myhuaweicloud.com",
        ".myhuaweicloud.eu",
        ".otc.t-systems.com",
    ]
    .iter()
    .any(|s| suffix.eq_ignore_ascii_case(s.as_bytes()));
    if region > 0 && swr_suffix {
        Profile::Swr
    } else {
        Profile::Oci
    }
}

/// Pieces of image reference PATHs and hosts: component runs of several lengths (so that runs
/// cross the kernels' 16- and 64-byte marks), every separator, the tag's and digest's marks,
/// uppercase, and bytes outside every class.
const REFERENCE_PIECES: &[&[u8]] = &[
    b"a",
    b"z9",
    b"library",
    b"0123456789abcdefghijklmnopqrstuvwxyz",
    b".",
    b"_",
    b"__",
    b"___",
    b"-",
    b"--",
    b"/",
    b"//",
    b":",
    b"@",
    b":5000",
    b"A",
    b"Qu",
    b"[",
    b"]",
    b"$",
    b" ",
    b"\xc3\xa9",
    b"\x80",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

    /// The PATH kernel (`short_run_before`, a search for the end and a whole-run test) changes
    /// no verdict, rule or offset of distribution's PATH grammar.
    #[test]
    fn path_kernel_is_the_grammar(
        pieces in proptest::collection::vec(proptest::sample::select(REFERENCE_PIECES), 0..24),
        long in 0usize..300,
    ) {
        let mut input = pieces.concat();
        // Past the 64 bytes the kernel reads, and past PATH's 255-byte limit.
        if long > 200 {
            input.splice(0..0, std::iter::repeat_n(b'b', long));
        }
        proptest::prop_assert_eq!(
            outcome(crate::oci::path(&input)),
            outcome(crate::oci::path_grammar(&input))
        );
    }

    /// The head start the sixteen-byte kernel gives a DNS name changes no verdict, rule or
    /// offset of the label grammar.
    #[test]
    fn dns_head_start_is_the_grammar(
        pieces in proptest::collection::vec(proptest::sample::select(REFERENCE_PIECES), 0..24),
    ) {
        use crate::reference::{dns_name, LowercaseName};
        let input = pieces.concat();
        let head = long_component_prefix::<LowercaseName>(&input);
        let with = dns_name(&input, head).map_err(|e| outcome::<()>(Err(e)));
        let without = dns_name(&input, 0).map_err(|e| outcome::<()>(Err(e)));
        proptest::prop_assert_eq!(with, without);
    }

    /// `builtin` is the plain statement of the built-in hosts, for hosts near each of them in
    /// any case (and any bytes, as `Profiles::profile_of` may be given).
    #[test]
    fn builtin_is_the_plain_statement(
        pieces in proptest::collection::vec(proptest::sample::select(&[
            "swr.", "SWR.", "swr", "s", ".", "cn-north-4", "a", "", "quay.io", "QUAY.IO",
            "quay", ".io", ".myhuaweicloud.com", ".MyHuaweiCloud.COM", ".myhuaweicloud.eu",
            ".otc.t-systems.com", "myhuaweicloud.com", ".myhuaweicloud.e", "\x0e", "-",
        ][..]), 0..5),
        raw in proptest::collection::vec(proptest::num::u8::ANY, 0..3),
    ) {
        let mut host = pieces.concat().into_bytes();
        host.extend_from_slice(&raw);
        proptest::prop_assert_eq!(crate::reference::builtin(&host), plain_builtin(&host));
        proptest::prop_assert_eq!(crate::reference::builtin(&raw), plain_builtin(&raw));
    }

    /// Skipping the scan of a registered digest algorithm's name changes no verdict, rule or
    /// offset.
    #[test]
    fn registered_digest_shortcut_is_the_grammar(
        prefix in proptest::sample::select(&["sha256:", "sha512:", "blake3:", "sha256", "sha25:", "sha256+x:", ""][..]),
        tail in proptest::collection::vec(
            proptest::sample::select(&b"0123456789abcdefABCDEFg:=_-+.\x80"[..]), 0..140),
    ) {
        let mut input = prefix.as_bytes().to_vec();
        input.extend_from_slice(&tail);
        proptest::prop_assert_eq!(
            outcome(crate::oci::digest(&input)),
            outcome(crate::oci::plain_digest(&input))
        );
    }

    /// On a PATH distribution's grammar accepts, `swr_rules_hold` says what §1 and §2 say of
    /// its first component and the rest.
    #[test]
    fn swr_shortcut_is_the_registry_grammars(
        first in proptest::sample::select(SWR_RUNS),
        rest in proptest::collection::vec(
            (proptest::sample::select(&[".", "_", "__", "-", "--", "/", "/"][..]),
             proptest::sample::select(SWR_RUNS)),
            1..6,
        ),
    ) {
        let name: std::string::String = core::iter::once(first)
            .chain(rest.iter().flat_map(|(sep, run)| [*sep, *run]))
            .collect();
        let name = name.as_bytes();
        if outcome(crate::oci::path(name)) != Ok(0) {
            return Ok(()); // over 255 bytes
        }
        let Some(slash) = name.iter().position(|&b| b == b'/') else {
            return Ok(());
        };
        let (namespace, repository) = (&name[..slash], &name[slash + 1..]);
        let grammars = outcome(crate::swr::namespace(namespace)) == Ok(0)
            && outcome(crate::swr::plain_repository(repository)) == Ok(0);
        proptest::prop_assert_eq!(
            crate::reference::swr_rules_hold(namespace, repository),
            grammars
        );
    }
}

/// Alphanumeric runs: a letter or a digit first, and lengths that reach §1's 64 and §2's 128
/// bytes with a few separators.
const SWR_RUNS: &[&str] = &[
    "a",
    "1",
    "z9",
    "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn",
    "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn",
];
