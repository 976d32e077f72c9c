//! Near-valid names built from the grammar's own pieces: runs of allowed characters joined by
//! chosen separators, an optional one-byte mutation at a chosen position, a chosen length. The
//! fuzzer spends its time at the grammar's boundaries, where the rules are, and every verdict is
//! compared with the regex oracle.
//!
//! Beside them, the crate's public generators (feature `arbitrary`) as a downstream fuzzer uses
//! them: a valid value and a near miss of a kind, which the parser and the oracle must accept and
//! refuse, the near miss with exactly the rule it predicts.
#![no_main]

#[path = "../../tests/common/oracles.rs"]
mod oracles;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use registry_names::arbitrary::{valid, NearMiss};
use registry_names::Kind;

/// A kind's valid value and near miss from the public generators.
#[derive(Debug)]
struct Generated {
    valid: String,
    near_miss: NearMiss,
}

impl<'a> Arbitrary<'a> for Generated {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let kind = Kind::arbitrary(u)?;
        Ok(Generated { valid: valid(kind, u)?, near_miss: NearMiss::of(kind, u)? })
    }
}

#[derive(Arbitrary, Debug)]
enum Separator {
    Dot,
    Underscore,
    DoubleUnderscore,
    TripleUnderscore,
    Hyphens(u8),
    Slash,
    Dollar,
    Plus,
    Colon,
    Other(u8),
}

impl Separator {
    fn push(&self, out: &mut Vec<u8>) {
        match self {
            Separator::Dot => out.push(b'.'),
            Separator::Underscore => out.push(b'_'),
            Separator::DoubleUnderscore => out.extend_from_slice(b"__"),
            Separator::TripleUnderscore => out.extend_from_slice(b"___"),
            Separator::Hyphens(n) => out.extend(std::iter::repeat_n(b'-', 1 + usize::from(*n % 4))),
            Separator::Slash => out.push(b'/'),
            Separator::Dollar => out.push(b'$'),
            Separator::Plus => out.push(b'+'),
            Separator::Colon => out.push(b':'),
            Separator::Other(b) => out.push(*b),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Piece {
    /// Indexes into the run alphabet; the length of the run is this vector's length (at least 1).
    run: Vec<u8>,
    separator: Separator,
}

#[derive(Arbitrary, Debug)]
struct Name {
    kind: u8,
    prefix: u8,
    pieces: Vec<Piece>,
    last_run: Vec<u8>,
    mutation: Option<(u16, u8)>,
    /// Pad with the run alphabet's first byte or cut to this length: the limits live here.
    length: Option<u16>,
    generated: Option<Generated>,
}

const RUN: &[u8] = b"abz09AZ";
const PREFIXES: [&[u8]; 7] = [
    b"", b"like:", b"eq:", b"sha256:", b"sha512:", b"blake3:", b"org/",
];

fn run(out: &mut Vec<u8>, indexes: &[u8]) {
    out.push(RUN[usize::from(indexes.first().copied().unwrap_or(0)) % RUN.len()]);
    out.extend(indexes.iter().skip(1).map(|&i| RUN[usize::from(i) % RUN.len()]));
}

fn check_generated(generated: &Generated) {
    let NearMiss { kind, input, rule } = &generated.near_miss;
    let kind = *kind;
    assert!(kind.validate(generated.valid.as_bytes()).is_ok(), "{kind:?}: generated {:?}", generated.valid);
    match kind.validate(input.as_bytes()) {
        Err(e) => assert_eq!(e.rule(), *rule, "{kind:?}: near miss {input:?}"),
        Ok(()) => panic!("{kind:?}: near miss {input:?} is valid, predicted {rule:?}"),
    }
    // The oracle restates every kind but full git refnames.
    if kind != Kind::GitRefname {
        assert!(oracles::accepts(kind, generated.valid.as_bytes()), "{kind:?}: oracle refuses {:?}", generated.valid);
        assert!(!oracles::accepts(kind, input.as_bytes()), "{kind:?}: oracle accepts near miss {input:?}");
    }
}

fuzz_target!(|name: Name| {
    if let Some(generated) = &name.generated {
        check_generated(generated);
    }
    // Every kind the oracle restates: all but full git refnames, which it has no regex for.
    let kinds = || Kind::ALL.into_iter().filter(|&kind| kind != Kind::GitRefname);
    let Some(kind) = kinds().nth(usize::from(name.kind) % kinds().count()) else {
        return;
    };
    let mut bytes = PREFIXES[usize::from(name.prefix) % PREFIXES.len()].to_vec();
    for piece in &name.pieces {
        run(&mut bytes, &piece.run);
        piece.separator.push(&mut bytes);
    }
    run(&mut bytes, &name.last_run);
    if let Some(length) = name.length {
        bytes.resize(usize::from(length % 600), b'a');
    }
    if let Some((at, byte)) = name.mutation {
        if !bytes.is_empty() {
            let at = usize::from(at) % bytes.len();
            bytes[at] = byte;
        }
    }
    let ours = kind.validate(&bytes);
    let oracle = oracles::accepts(kind, &bytes);
    assert_eq!(ours.is_ok(), oracle, "{kind:?} on {:?}: parser says {ours:?}, oracle says {oracle}", String::from_utf8_lossy(&bytes));
});
