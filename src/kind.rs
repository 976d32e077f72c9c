//! The kinds of name the crate checks, with their ids, nouns and one-line rules.

use core::fmt;

/// Which grammar an input was checked against.
///
/// The ids ([`Kind::id`]) are the `--kind` values of the command-line tool and are stable;
/// `Display` writes the id and `FromStr` reads it back, for every kind in [`Kind::ALL`].
///
/// SWR and Quay image tags share one grammar and one kind, [`Kind::Tag`], which has two command-line
/// ids, `swr-tag` and `quay-tag`. Its own id, the one `Display` writes and an [`Error`](crate::Error)
/// serializes, is the vendor-neutral `tag`; `FromStr` accepts all three. [`Kind::GitRefname`]
/// (`git-refname`) is a library kind that the command line does not offer.
///
/// ```
/// use registry_names::Kind;
/// assert_eq!("swr-namespace".parse::<Kind>(), Ok(Kind::SwrNamespace));
/// assert_eq!(Kind::SwrRepositoryPath.to_string(), "swr-repository-path");
/// assert_eq!("quay-tag".parse::<Kind>(), Ok(Kind::Tag));
/// assert_eq!(Kind::Tag.to_string(), "tag");
/// for kind in Kind::ALL {
///     assert_eq!(kind.to_string().parse::<Kind>(), Ok(kind));
/// }
/// assert!("swr-org".parse::<Kind>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// Huawei SWR organization (`swr-namespace`).
    SwrNamespace,
    /// Huawei SWR repository name in plain form (`swr-repository`).
    SwrRepository,
    /// Huawei SWR repository name in `$`-encoded URL path form (`swr-repository-path`).
    SwrRepositoryPath,
    /// Image tag, shared by SWR and Quay (`swr-tag`, `quay-tag`).
    Tag,
    /// Quay user or organization (`quay-namespace`).
    QuayNamespace,
    /// Quay repository path `namespace/name` (`quay-repository`).
    QuayRepository,
    /// Quay `filter_tag_name` query value (`quay-tag-filter`).
    QuayTagFilter,
    /// OCI content digest `algorithm:encoded` (`oci-digest`).
    OciDigest,
    /// Git tag name, as CodeArts `tag_name` (`git-tag`).
    GitTag,
    /// Git branch name, as CodeArts `ref` (`git-branch`).
    GitBranch,
    /// A full git refname such as `refs/heads/main` (`git-refname`; library only, not a CLI kind).
    GitRefname,
    /// An image reference `[DOMAIN/]PATH[:TAG][@DIGEST]` checked by its host's profile
    /// (`image-reference`).
    ImageReference,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 12] = [
        Kind::SwrNamespace,
        Kind::SwrRepository,
        Kind::SwrRepositoryPath,
        Kind::Tag,
        Kind::QuayNamespace,
        Kind::QuayRepository,
        Kind::QuayTagFilter,
        Kind::OciDigest,
        Kind::GitTag,
        Kind::GitBranch,
        Kind::GitRefname,
        Kind::ImageReference,
    ];

    /// The command-line ids and the kinds they select, in the order the tool lists them.
    pub const IDS: [(&'static str, Kind); 12] = [
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
    ];

    /// Looks a kind up by a command-line id (`swr-namespace`, `quay-tag`, …) or its own id
    /// ([`Kind::id`]: `tag`, `git-refname`); what `FromStr` does.
    ///
    /// ```
    /// use registry_names::Kind;
    /// assert_eq!(Kind::from_id("quay-tag"), Some(Kind::Tag));
    /// assert_eq!(Kind::from_id("tag"), Some(Kind::Tag));
    /// assert_eq!(Kind::from_id("nope"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<Kind> {
        Self::IDS
            .iter()
            .find(|(name, _)| *name == id)
            .map(|&(_, kind)| kind)
            .or_else(|| Self::ALL.into_iter().find(|kind| kind.id() == id))
    }

    /// The kind's own id, which `Display` writes: the command-line id, except `tag` for
    /// [`Kind::Tag`] (whose command-line ids are `swr-tag` and `quay-tag`) and `git-refname`,
    /// which only the library offers.
    pub const fn id(self) -> &'static str {
        match self {
            Kind::SwrNamespace => "swr-namespace",
            Kind::SwrRepository => "swr-repository",
            Kind::SwrRepositoryPath => "swr-repository-path",
            Kind::Tag => "tag",
            Kind::QuayNamespace => "quay-namespace",
            Kind::QuayRepository => "quay-repository",
            Kind::QuayTagFilter => "quay-tag-filter",
            Kind::OciDigest => "oci-digest",
            Kind::GitTag => "git-tag",
            Kind::GitBranch => "git-branch",
            Kind::GitRefname => "git-refname",
            Kind::ImageReference => "image-reference",
        }
    }

    /// What a person calls a name of this kind, as used in error messages.
    pub const fn noun(self) -> &'static str {
        match self {
            Kind::SwrNamespace => "SWR namespace",
            Kind::SwrRepository => "SWR repository",
            Kind::SwrRepositoryPath => "SWR repository path segment",
            Kind::Tag => "image tag",
            Kind::QuayNamespace => "Quay namespace",
            Kind::QuayRepository => "Quay repository",
            Kind::QuayTagFilter => "Quay tag filter",
            Kind::OciDigest => "OCI digest",
            Kind::GitTag => "git tag name",
            Kind::GitBranch => "git branch name",
            Kind::GitRefname => "git ref name",
            Kind::ImageReference => "image reference",
        }
    }

    /// A one-line summary of the rule, as in the README's table.
    pub const fn summary(self) -> &'static str {
        match self {
            Kind::SwrNamespace => {
                "1-64 bytes of [a-z0-9._-], starts with a letter; separators . _ __ -+ between alphanumerics"
            }
            Kind::SwrRepository => {
                "1-128 bytes; components of [a-z0-9] joined by . _ __ -+ or /"
            }
            Kind::SwrRepositoryPath => {
                "an SWR repository with each / written as $ (URL path form); no / allowed"
            }
            Kind::Tag => "1-128 bytes of [A-Za-z0-9_.-], not starting with . or -",
            Kind::QuayNamespace => "2-255 bytes of [a-z0-9] joined by single . _ or -",
            Kind::QuayRepository => {
                "namespace/name[/name...]; each name [a-z0-9][a-z0-9._-]*, 1-255 bytes after the first /"
            }
            Kind::QuayTagFilter => "like:PATTERN (0-128 of [A-Za-z0-9_.%-]) or eq:TAG",
            Kind::OciDigest => {
                "algorithm:encoded; sha256 and blake3 = 64, sha512 = 128 lowercase hex digits"
            }
            Kind::GitTag => "refs/tags/NAME passes git check-ref-format; not HEAD, no leading -",
            Kind::GitBranch => "refs/heads/NAME passes git check-ref-format; not HEAD, no leading -",
            Kind::GitRefname => "a full ref name that passes git check-ref-format",
            Kind::ImageReference => {
                "[DOMAIN/]PATH[:TAG][@DIGEST]; PATH by the host's profile (swr, quay, oci)"
            }
        }
    }
}

impl fmt::Display for Kind {
    /// Writes [`Kind::id`]; the message noun is [`Kind::noun`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl core::str::FromStr for Kind {
    type Err = UnknownKind;

    /// [`Kind::from_id`].
    fn from_str(id: &str) -> Result<Kind, UnknownKind> {
        Kind::from_id(id).ok_or(UnknownKind(()))
    }
}

/// The error of `str::parse::<Kind>()`: the text is no kind's id. Its message lists the ids and
/// never repeats the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnknownKind(());

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown kind; expected one of: ")?;
        for (i, (id, _)) in Kind::IDS.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(id)?;
        }
        f.write_str(", tag, git-refname")
    }
}

impl core::error::Error for UnknownKind {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn every_kind_round_trips_through_its_id() {
        for kind in Kind::ALL {
            assert_eq!(kind.to_string(), kind.id());
            assert_eq!(kind.to_string().parse::<Kind>(), Ok(kind), "{kind}");
        }
        for (id, kind) in Kind::IDS {
            assert_eq!(id.parse::<Kind>(), Ok(kind), "{id}");
            // Every command-line id is a kind's own id, except the two spellings of `tag`.
            assert!(id == kind.id() || kind == Kind::Tag, "{id}");
        }
        assert!(Kind::IDS.iter().all(|(_, kind)| Kind::ALL.contains(kind)));
        let mut all = Kind::ALL;
        all.sort();
        assert!(all.windows(2).all(|w| w[0] != w[1]), "a kind listed twice");
    }

    #[test]
    fn unknown_ids_are_rejected_without_echo() {
        for id in ["", "Tag", "swr-tag ", "swr_namespace", "nope-nope-nope"] {
            let err = id.parse::<Kind>().unwrap_err();
            let text = err.to_string();
            assert!(text.starts_with("unknown kind; expected one of: swr-namespace"));
            assert!(
                text.ends_with("git-branch, image-reference, tag, git-refname"),
                "{text}"
            );
            assert!(id.is_empty() || !text.contains("nope"), "{text}");
        }
    }
}
