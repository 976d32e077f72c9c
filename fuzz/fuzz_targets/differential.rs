//! The nom parsers against the anchored regex restatements of docs/grammars.md (the same oracle the
//! property tests use): any disagreement is a crash that shows both verdicts.
#![no_main]

#[path = "../../tests/common/oracles.rs"]
mod oracles;

use libfuzzer_sys::fuzz_target;
use registry_names::Kind;

fuzz_target!(|data: &[u8]| {
    // Every kind the oracle restates: all but full git refnames, which it has no regex for.
    for kind in Kind::ALL.into_iter().filter(|&kind| kind != Kind::GitRefname) {
        let ours = kind.validate(data);
        let oracle = oracles::accepts(kind, data);
        assert_eq!(
            ours.is_ok(),
            oracle,
            "{kind:?} on {:?}: parser says {ours:?}, regex oracle says {oracle}",
            String::from_utf8_lossy(data)
        );
    }
});
