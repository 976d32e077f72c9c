//! The kinds of name the crate checks, with their ids, nouns and one-line rules.

use core::fmt;

/// Which grammar an input was checked against.
///
/// The ids ([`Kind::id`]) are the `--kind` values of the command-line tool and are stable. SWR and
/// Quay image tags share one grammar and one kind, [`Kind::Tag`]; [`Kind::from_id`] accepts both
/// `swr-tag` and `quay-tag` for it.
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

    /// Looks a kind up by its command-line id (`swr-namespace`, `quay-tag`, …).
    ///
    /// ```
    /// use registry_names::Kind;
    /// assert_eq!(Kind::from_id("quay-tag"), Some(Kind::Tag));
    /// assert_eq!(Kind::from_id("nope"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<Kind> {
        Self::IDS
            .iter()
            .find(|(name, _)| *name == id)
            .map(|&(_, kind)| kind)
    }

    /// The canonical id; for [`Kind::Tag`] it is `tag`.
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}
