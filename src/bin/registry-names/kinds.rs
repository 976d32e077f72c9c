//! The kinds as the command line names them (every `--kind` value, in the order `registry-names
//! kinds` lists them), and `registry-names kinds` itself.
//!
//! The names are the tool's, not the library's: SWR's and Quay's tags are one kind,
//! [`Kind::Tag`], which the tool offers as `swr-tag` and `quay-tag` so each vendor's users find
//! theirs, and as `tag`, the kind's own id, which its errors serialize (so a serialized error's
//! kind can be passed back). [`Kind::GitRefname`] is not offered: no documented parameter is a
//! full refname.

use crate::output::Output;
use registry_names::Kind;
use std::io::{self, Write};

/// Every `--kind` value and the kind it selects.
pub const IDS: [(&str, Kind); 13] = [
    ("swr-namespace", Kind::SwrNamespace),
    ("swr-repository", Kind::SwrRepository),
    ("swr-repository-path", Kind::SwrRepositoryPath),
    ("swr-tag", Kind::Tag),
    ("quay-namespace", Kind::QuayNamespace),
    ("quay-repository", Kind::QuayRepository),
    ("quay-tag", Kind::Tag),
    ("quay-tag-filter", Kind::QuayTagFilter),
    ("oci-digest", Kind::OciDigest),
    ("git-tag", Kind::GitTag),
    ("git-branch", Kind::GitBranch),
    ("image-reference", Kind::ImageReference),
    ("tag", Kind::Tag),
];

pub fn run(out: &mut Output<impl Write>) -> io::Result<()> {
    for (id, kind) in IDS {
        writeln!(out.writer, "{id:<20} {}", kind.summary())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_one_the_library_reads_as_its_kind() {
        for (id, kind) in IDS {
            assert_eq!(Kind::from_id(id), Some(kind), "{id}");
        }
        // Every kind but the full refname is offered.
        for kind in Kind::ALL {
            assert_eq!(
                IDS.iter().any(|&(_, k)| k == kind),
                kind != Kind::GitRefname,
                "{kind}"
            );
        }
        let mut ids = IDS.map(|(id, _)| id);
        ids.sort_unstable();
        assert!(ids.windows(2).all(|w| w[0] != w[1]), "an id listed twice");
    }
}
