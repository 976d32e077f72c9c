//! The kinds of name the crate checks: one table, [`KINDS`], from which [`Kind`], its ids, nouns,
//! summaries, grammars ([`Kind::validate`]) and schemas ([`Kind::schema`]) all come, and one list
//! of the name types ([`for_each_name_type!`]) from which the serde, schemars and utoipa impls
//! come.
//!
//! A new kind needs exactly:
//!
//! 1. in its family module (`swr`, `quay`, `oci`, `git`, `tag`, …): its grammar as a
//!    `check_*(&[u8]) -> Result<(), Error>` function and its name types (`name_type!`);
//! 2. its [`NameSchema`] constant in `schema/mod.rs` (the pattern pieces are shared there);
//! 3. here: its row in the `kinds!` table below (variant, docs, id, noun, summary, check
//!    function, schema, generator of `src/generate/`) and its line in [`for_each_name_type!`]
//!    (its borrowed and owned types).
//!
//! Nothing else lists the kinds: `Kind::ALL`, `FromStr`, [`UnknownKind`]'s message, the
//! `schema::ALL` list, the serde `expecting` texts and the schema integrations follow, and the
//! tests below fail if the name types and the table disagree. The command-line tool's `--kind`
//! values are its own list (`src/bin/registry-names/kinds.rs`).

use crate::error::Error;
use crate::schema::{self, NameSchema};
use crate::{git, oci, quay, reference, swr, tag};

/// One kind's row of [`KINDS`]: everything the crate says about a kind besides its types.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindInfo {
    /// What a person calls a name of this kind, in messages ([`Kind::noun`]).
    pub(crate) noun: &'static str,
    /// The rule in one line ([`Kind::summary`]).
    pub(crate) summary: &'static str,
    /// The grammar ([`Kind::validate`]).
    pub(crate) check: fn(&[u8]) -> Result<(), Error>,
    /// The JSON Schema description ([`Kind::schema`]).
    pub(crate) schema: &'static NameSchema,
    /// Valid values and near misses (features `arbitrary`, `proptest`; `src/generate/`).
    #[cfg(feature = "arbitrary")]
    pub(crate) generate: &'static crate::generate::Generator,
}

/// Declares [`Kind`] (with its ids, by `id_enum!`) and [`KINDS`] (its rows, in the same order)
/// from one list, so that a kind's id and row are written once, side by side.
macro_rules! kinds {
    (
        $(#[$meta:meta])*
        pub enum Kind {
            $(
                $(#[$doc:meta])*
                $variant:ident = $id:literal $(| $alias:literal)* {
                    noun: $noun:expr,
                    summary: $summary:expr,
                    check: $check:path,
                    schema: $schema:path,
                    generate: $generate:ident $(,)?
                }
            )*
        }
        $(#[$emeta:meta])*
        FromStr: $err:ident, $prefix:literal;
    ) => {
        crate::id::id_enum! {
            $(#[$meta])*
            pub enum Kind {
                $($(#[$doc])* $variant = $id $(| $alias)*,)*
            }
            $(#[$emeta])*
            FromStr: $err, $prefix;
        }

        /// Each kind's row, at the kind's index: `KINDS[kind as usize]` (declaration order, as
        /// [`Kind::ALL`]).
        pub(crate) const KINDS: [KindInfo; Kind::ALL.len()] = [$(
            KindInfo {
                noun: $noun,
                summary: $summary,
                check: $check,
                schema: &$schema,
                #[cfg(feature = "arbitrary")]
                generate: &crate::generate::$generate,
            },
        )*];
    };
}

kinds! {
    /// Which grammar an input was checked against.
    ///
    /// Each kind has a stable id ([`Kind::id`]), which `Display` writes, an [`Error`] serializes
    /// and `FromStr` reads back, for every kind in [`Kind::ALL`].
    ///
    /// SWR and Quay image tags share one grammar and one kind, [`Kind::Tag`], whose id is the
    /// vendor-neutral `tag`; `FromStr` ([`Kind::from_id`]) also accepts `swr-tag` and `quay-tag`,
    /// the command-line tool's names for it. [`Kind::GitRefname`] (`git-refname`) is a library
    /// kind that the command line does not offer.
    ///
    /// ```
    /// use registry_names::Kind;
    /// assert_eq!("swr-namespace".parse::<Kind>(), Ok(Kind::SwrNamespace));
    /// assert_eq!(Kind::SwrRepositoryPath.to_string(), "swr-repository-path");
    /// assert_eq!("quay-tag".parse::<Kind>(), Ok(Kind::Tag));
    /// assert_eq!(Kind::from_id("tag"), Some(Kind::Tag));
    /// assert_eq!(Kind::Tag.to_string(), "tag");
    /// for kind in Kind::ALL {
    ///     assert_eq!(kind.to_string().parse::<Kind>(), Ok(kind));
    /// }
    /// assert!("swr-org".parse::<Kind>().is_err());
    /// assert_eq!(Kind::from_id("nope"), None);
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[non_exhaustive]
    pub enum Kind {
        /// Huawei SWR organization (`swr-namespace`).
        SwrNamespace = "swr-namespace" {
            noun: "SWR namespace",
            summary: "1-64 bytes of [a-z0-9._-], starts with a letter; \
                      separators . _ __ -+ between alphanumerics",
            check: swr::check_namespace,
            schema: schema::SWR_NAMESPACE,
            generate: SWR_NAMESPACE,
        }
        /// Huawei SWR repository name in plain form (`swr-repository`).
        SwrRepository = "swr-repository" {
            noun: "SWR repository",
            summary: "1-128 bytes; components of [a-z0-9] joined by . _ __ -+ or /",
            check: swr::check_repository,
            schema: schema::SWR_REPOSITORY,
            generate: SWR_REPOSITORY,
        }
        /// Huawei SWR repository name in `$`-encoded URL path form (`swr-repository-path`).
        SwrRepositoryPath = "swr-repository-path" {
            noun: "SWR repository path segment",
            summary: "an SWR repository with each / written as $ (URL path form); no / allowed",
            check: swr::check_repository_path,
            schema: schema::SWR_REPOSITORY_PATH,
            generate: SWR_REPOSITORY_PATH,
        }
        /// Image tag, shared by SWR and Quay (`tag`; also `swr-tag`, `quay-tag`).
        Tag = "tag" | "swr-tag" | "quay-tag" {
            noun: "image tag",
            summary: "1-128 bytes of [A-Za-z0-9_.-], not starting with . or -",
            check: tag::check_tag,
            schema: schema::TAG,
            generate: TAG,
        }
        /// Quay user or organization (`quay-namespace`).
        QuayNamespace = "quay-namespace" {
            noun: "Quay namespace",
            summary: "2-255 bytes of [a-z0-9] joined by single . _ or -",
            check: quay::check_namespace,
            schema: schema::QUAY_NAMESPACE,
            generate: QUAY_NAMESPACE,
        }
        /// Quay repository path `namespace/name` (`quay-repository`).
        QuayRepository = "quay-repository" {
            noun: "Quay repository",
            summary: "namespace/name[/name...]; each name [a-z0-9][a-z0-9._-]*, \
                      1-255 bytes after the first /",
            check: quay::check_repository_path,
            schema: schema::QUAY_REPOSITORY,
            generate: QUAY_REPOSITORY,
        }
        /// Quay `filter_tag_name` query value (`quay-tag-filter`).
        QuayTagFilter = "quay-tag-filter" {
            noun: "Quay tag filter",
            summary: "like:PATTERN (0-128 of [A-Za-z0-9_.%-]) or eq:TAG",
            check: quay::check_tag_filter,
            schema: schema::QUAY_TAG_FILTER,
            generate: QUAY_TAG_FILTER,
        }
        /// OCI content digest `algorithm:encoded` (`oci-digest`).
        OciDigest = "oci-digest" {
            noun: "OCI digest",
            summary: "algorithm:encoded; sha256 and blake3 = 64, sha512 = 128 lowercase hex digits",
            check: oci::check_digest,
            schema: schema::OCI_DIGEST,
            generate: OCI_DIGEST,
        }
        /// Git tag name, as CodeArts `tag_name` (`git-tag`).
        GitTag = "git-tag" {
            noun: "git tag name",
            summary: "refs/tags/NAME passes git check-ref-format; not HEAD, no leading -",
            check: git::check_tag_name,
            schema: schema::GIT_TAG,
            generate: GIT_TAG,
        }
        /// Git branch name, as CodeArts `ref` (`git-branch`).
        GitBranch = "git-branch" {
            noun: "git branch name",
            summary: "refs/heads/NAME passes git check-ref-format; not HEAD, no leading -",
            check: git::check_branch_name,
            schema: schema::GIT_BRANCH,
            generate: GIT_BRANCH,
        }
        /// A full git refname such as `refs/heads/main` (`git-refname`; library only, not a CLI
        /// kind).
        GitRefname = "git-refname" {
            noun: "git ref name",
            summary: "a full ref name that passes git check-ref-format",
            check: git::check_refname,
            schema: schema::GIT_REFNAME,
            generate: GIT_REFNAME,
        }
        /// An image reference `[DOMAIN/]PATH[:TAG][@DIGEST]` checked by its host's profile
        /// (`image-reference`).
        ImageReference = "image-reference" {
            noun: "image reference",
            summary: "[DOMAIN/]PATH[:TAG][@DIGEST]; PATH by the host's profile (swr, quay, oci)",
            check: reference::check_reference,
            schema: schema::IMAGE_REFERENCE,
            generate: IMAGE_REFERENCE,
        }
    }
    /// The error of `str::parse::<Kind>()`: the text is no kind's id. Its message lists every
    /// id `FromStr` accepts and never repeats the text.
    FromStr: UnknownKind, "unknown kind; expected one of: ";
}

impl Kind {
    /// This kind's row of the table. The variants have no explicit discriminants, so each is
    /// its index in declaration order, below `KINDS`'s length (`Kind::ALL.len()`, its type).
    const fn info(self) -> &'static KindInfo {
        &KINDS[self as usize]
    }

    /// This kind's generators (`src/generate/`).
    #[cfg(feature = "arbitrary")]
    pub(crate) const fn generator(self) -> &'static crate::generate::Generator {
        self.info().generate
    }

    /// What a person calls a name of this kind, as used in error messages.
    pub const fn noun(self) -> &'static str {
        self.info().noun
    }

    /// A one-line summary of the rule, as `registry-names kinds` prints it.
    pub const fn summary(self) -> &'static str {
        self.info().summary
    }

    /// This kind's JSON Schema description: pattern, lengths, description, examples.
    ///
    /// ```
    /// use registry_names::Kind;
    /// let schema = Kind::SwrRepositoryPath.schema();
    /// assert_eq!(schema.name, "SwrRepositoryPath");
    /// assert_eq!(schema.max_length, Some(128));
    /// ```
    pub const fn schema(self) -> &'static NameSchema {
        self.info().schema
    }

    /// Checks `input` against this kind's grammar without building a typed value. Never
    /// allocates; any bytes are accepted as input.
    ///
    /// ```
    /// use registry_names::{Kind, Rule};
    /// assert!(Kind::SwrRepositoryPath.validate(b"library$nginx").is_ok());
    /// let err = Kind::SwrRepositoryPath.validate(b"library/nginx").unwrap_err();
    /// assert_eq!(err.rule(), Rule::SlashInPathForm);
    /// ```
    #[inline]
    pub fn validate(self, input: &[u8]) -> Result<(), Error> {
        (self.info().check)(input)
    }
}

/// Calls `$m!` with every name type, borrowed and owned: the one list the serde, schemars and
/// utoipa impls are generated from, so none of them can miss a type. Types cannot be a column of
/// [`KINDS`], hence this list beside it, each kind's under its variant (a test checks that each
/// type's `KIND` is that kind). Under `operands`, the name types that are not a kind, with the
/// schema they have instead: `quay::LikePattern`, the operand of a `like:` filter (its errors
/// are [`Kind::QuayTagFilter`]'s).
#[cfg(any(
    all(test, feature = "alloc"),
    feature = "arbitrary",
    feature = "serde",
    feature = "schemars",
    feature = "utoipa"
))]
macro_rules! for_each_name_type {
    ($m:ident) => {
        $m! {
            kinds {
                SwrNamespace => swr::{Namespace, NamespaceBuf};
                SwrRepository => swr::{Repository, RepositoryBuf};
                SwrRepositoryPath => swr::{RepositoryPath, RepositoryPathBuf};
                Tag => tag::{Tag, TagBuf};
                QuayNamespace => quay::{Namespace, NamespaceBuf};
                QuayRepository => quay::{RepositoryPath, RepositoryPathBuf};
                QuayTagFilter => quay::{TagFilter, TagFilterBuf};
                OciDigest => oci::{Digest, DigestBuf};
                GitTag => git::{TagName, TagNameBuf};
                GitBranch => git::{BranchName, BranchNameBuf};
                GitRefname => git::{RefName, RefNameBuf};
                ImageReference => reference::{ImageReference, ImageReferenceBuf};
            }
            operands {
                LIKE_PATTERN => quay::{LikePattern, LikePatternBuf};
            }
        }
    };
}
#[cfg(any(
    all(test, feature = "alloc"),
    feature = "arbitrary",
    feature = "serde",
    feature = "schemars",
    feature = "utoipa"
))]
pub(crate) use for_each_name_type;

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
        for id in ["swr-tag", "quay-tag", "tag"] {
            assert_eq!(id.parse::<Kind>(), Ok(Kind::Tag), "{id}");
        }
        let mut all = Kind::ALL;
        all.sort();
        assert!(all.windows(2).all(|w| w[0] != w[1]), "a kind listed twice");
    }

    #[test]
    fn unknown_ids_are_rejected_without_echo() {
        for id in ["", "Tag", "swr-tag ", "swr_namespace", "nope-nope-nope"] {
            let err = id.parse::<Kind>().unwrap_err();
            assert_eq!(
                err.to_string(),
                "unknown kind; expected one of: swr-namespace, swr-repository, \
                 swr-repository-path, tag, swr-tag, quay-tag, quay-namespace, quay-repository, \
                 quay-tag-filter, oci-digest, git-tag, git-branch, git-refname, image-reference"
            );
        }
    }

    #[test]
    fn each_row_is_its_kinds() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, i);
            assert_eq!(kind.schema().kind, kind, "{kind}");
        }
    }

    /// Every kind has its types in `for_each_name_type!` (the `match` has no other arm, so a
    /// missing kind does not compile), and each type's `KIND` is the kind it is listed under.
    #[cfg(feature = "alloc")]
    #[test]
    fn the_name_types_are_the_kinds() {
        macro_rules! check {
            (
                kinds { $($kind:ident => $module:ident::{$name:ident, $buf:ident};)* }
                operands { $($schema:ident => $omodule:ident::{$oname:ident, $obuf:ident};)* }
            ) => {
                for kind in Kind::ALL {
                    let (borrowed, owned) = match kind {
                        $(Kind::$kind => (
                            crate::$module::$name::KIND,
                            crate::$module::$buf::KIND,
                        ),)*
                    };
                    assert_eq!((borrowed, owned), (kind, kind), "{kind}");
                }
                $(
                    assert_eq!(crate::$omodule::$oname::KIND, schema::$schema.kind);
                    assert_eq!(crate::$omodule::$obuf::KIND, schema::$schema.kind);
                )*
            };
        }
        for_each_name_type!(check);
    }
}
