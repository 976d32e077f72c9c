//! JSON Schema for every kind of name: one constant description per kind ([`NameSchema`],
//! [`Kind::schema`]), from which the JSON (feature `schema`), the schemars `JsonSchema` impls
//! (feature `schemars`), the utoipa `ToSchema` impls (feature `utoipa`), the OpenAPI document of
//! the operations ([`request::schema`](crate::request::schema)) and `registry-names schema` are
//! all built, so none of them can say something the others do not.
//!
//! Each pattern is anchored (`^…$`) and written in the common subset of ECMA-262 and RE2
//! regular expressions (no lookaround, no backreferences, no `\d`/`\w`), so JavaScript, Python,
//! Java, Go and Rust validators all compile it; `tests/schema.rs` compiles every pattern with
//! the `regex` crate and with an ECMA-262 engine and checks that pattern and lengths agree with
//! the crate on strings biased to each grammar's edges.
//!
//! Where a rule cannot be said in that subset, the pattern is a strict superset of the kind
//! ([`NameSchema::exact`] is `false`) and the description says which rules the crate adds:
//! git names (`@{`, a component ending in `.lock`, the name `HEAD`), Quay repository paths (the
//! 255-byte bounds of the namespace and of the name separately) and image references (the
//! 255-byte PATH and the SWR and Quay hosts' profiles).
//!
//! Lengths: the crate counts bytes, JSON Schema counts characters. Every kind except the git
//! names is ASCII-only, so the two counts agree on every string the pattern accepts; the git
//! kinds have no length bound.
//!
//! ```
//! use registry_names::Kind;
//! let tag = Kind::Tag.schema();
//! assert_eq!(tag.pattern, "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
//! assert_eq!((tag.min_length, tag.max_length), (1, Some(128)));
//! assert!(tag.exact);
//! assert!(!Kind::GitTag.schema().exact);
//! ```

use crate::kind::Kind;

#[cfg(feature = "schema")]
mod json;

#[cfg(feature = "schemars")]
mod schemars_impls;
#[cfg(feature = "utoipa")]
mod utoipa_impls;

#[cfg(feature = "schemars")]
pub(crate) use json::name_json;

/// The `$schema` of JSON Schema draft 2020-12, the dialect of every schema here (and the base
/// dialect of OpenAPI 3.1).
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// The JSON Schema (draft 2020-12) of one kind of name: a string with an anchored ECMA-262
/// `pattern`, a `minLength` and, where the kind has one, a `maxLength`.
///
/// A string is valid for the crate exactly when it matches [`pattern`](Self::pattern) and has
/// `min_length..=max_length` characters, unless [`exact`](Self::exact) is `false`: then the
/// pattern and lengths accept a strict superset and [`description`](Self::description) names
/// the rules they leave to the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct NameSchema {
    /// The schema's name: its `title`, its key under OpenAPI's `components/schemas`, schemars'
    /// `schema_name` and utoipa's `ToSchema::name` (`SwrNamespace`, `Tag`, …).
    pub name: &'static str,
    /// The kind the crate checks (for [`LIKE_PATTERN`], [`Kind::QuayTagFilter`], whose operand
    /// it is).
    pub kind: Kind,
    /// Anchored, ECMA-262 and RE2 compatible.
    pub pattern: &'static str,
    /// Shortest valid value, in characters (equal to bytes: see the module docs).
    pub min_length: usize,
    /// Longest valid value, in characters (equal to bytes), when the kind has a bound.
    pub max_length: Option<usize>,
    /// What the kind is, its source (docs/grammars.md section), the unit of its lengths, and, when
    /// the pattern is a superset, what the crate checks beyond it.
    pub description: &'static str,
    /// Whether pattern and lengths accept exactly what the crate accepts.
    pub exact: bool,
    /// Valid values, for the schema's `examples`.
    pub examples: &'static [&'static str],
}

/// What every ASCII-only kind's description ends with.
macro_rules! ascii {
    ($($text:expr),+ $(,)?) => {
        concat!(
            $($text,)+
            " Lengths are in bytes; every valid value is ASCII, so they equal the characters ",
            "JSON Schema counts."
        )
    };
}

/// §1.
pub const SWR_NAMESPACE: NameSchema = NameSchema {
    name: "SwrNamespace",
    kind: Kind::SwrNamespace,
    pattern: r"^[a-z][a-z0-9]*(?:(?:\.|_{1,2}|-+)[a-z0-9]+)*$",
    min_length: 1,
    max_length: Some(64),
    description: ascii!(
        "Huawei SWR organization (namespace), docs/grammars.md section 1: 1 to 64 bytes, a lowercase ",
        "letter first; lowercase letters and digits joined by one separator at a time: '.', '_', ",
        "'__' or a run of '-'.",
    ),
    exact: true,
    examples: &["group", "my-org", "a.b_c-d9"],
};

/// §2, plain form.
pub const SWR_REPOSITORY: NameSchema = NameSchema {
    name: "SwrRepository",
    kind: Kind::SwrRepository,
    pattern: r"^[a-z0-9]+(?:(?:\.|/|_{1,2}|-+)[a-z0-9]+)*$",
    min_length: 1,
    max_length: Some(128),
    description: ascii!(
        "Huawei SWR repository name in plain form (as a request body carries it), docs/grammars.md ",
        "section 2: 1 to 128 bytes; lowercase letters and digits joined by one separator at a ",
        "time: '.', '/', '_', '__' or a run of '-'. No '$' (that is the URL path form).",
    ),
    exact: true,
    examples: &["busybox", "library/nginx", "a/b/c"],
};

/// §2, URL path form.
pub const SWR_REPOSITORY_PATH: NameSchema = NameSchema {
    name: "SwrRepositoryPath",
    kind: Kind::SwrRepositoryPath,
    pattern: r"^[a-z0-9]+(?:(?:\.|\$|_{1,2}|-+)[a-z0-9]+)*$",
    min_length: 1,
    max_length: Some(128),
    description: ascii!(
        "Huawei SWR repository name in URL path form (the {repository} path parameter), ",
        "docs/grammars.md section 2: the plain form with each '/' sent as '$' (library$nginx for ",
        "library/nginx); a '/' is an error. 1 to 128 bytes, each '$' counting as the '/' it ",
        "stands for.",
    ),
    exact: true,
    examples: &["busybox", "library$nginx"],
};

/// §3, SWR's and Quay's image tag.
pub const TAG: NameSchema = NameSchema {
    name: "Tag",
    kind: Kind::Tag,
    pattern: "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
    min_length: 1,
    max_length: Some(128),
    description: ascii!(
        "Image tag (SWR and Quay; the OCI distribution-spec tag), docs/grammars.md section 3: 1 to ",
        "128 bytes of letters, digits, '_', '.' and '-', not starting with '.' or '-'.",
    ),
    exact: true,
    examples: &["latest", "v1.2.3", "_x"],
};

/// §4.
pub const QUAY_NAMESPACE: NameSchema = NameSchema {
    name: "QuayNamespace",
    kind: Kind::QuayNamespace,
    pattern: "^[a-z0-9]+(?:[._-][a-z0-9]+)*$",
    min_length: 2,
    max_length: Some(255),
    description: ascii!(
        "Quay user or organization, docs/grammars.md section 4: 2 to 255 bytes; lowercase letters ",
        "and digits joined by single '.', '_' or '-'.",
    ),
    exact: true,
    examples: &["quayadmin", "my.org"],
};

/// §5.
pub const QUAY_REPOSITORY: NameSchema = NameSchema {
    name: "QuayRepositoryPath",
    kind: Kind::QuayRepository,
    pattern: concat!(
        "^(?:[a-z0-9]{2,}|[a-z0-9]+(?:[._-][a-z0-9]+)+)",
        "/[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*$",
    ),
    min_length: 4,
    max_length: Some(511),
    description: ascii!(
        "Quay repository path namespace/name[/name...] (the {repository} path parameter), ",
        "docs/grammars.md section 5: a Quay namespace (section 4), then '/'-separated names of ",
        "[a-z0-9][a-z0-9._-]*. The namespace is 2 to 255 bytes and the part after its '/' 1 to ",
        "255 bytes: the pattern is a strict superset that bounds only the whole (maxLength 511 ",
        "= 255 + 1 + 255), so a namespace or a name part over 255 bytes passes it and is ",
        "refused by the crate (too-long).",
    ),
    exact: false,
    examples: &["quayadmin/busybox", "org/my.repo_1", "org/team/app"],
};

/// §6, the whole `filter_tag_name` value.
pub const QUAY_TAG_FILTER: NameSchema = NameSchema {
    name: "QuayTagFilter",
    kind: Kind::QuayTagFilter,
    pattern: "^(?:like:[A-Za-z0-9_.%-]{0,128}|eq:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$",
    min_length: 4,
    max_length: Some(133),
    description: ascii!(
        "Quay filter_tag_name, docs/grammars.md section 6: 'like:' and 0 to 128 bytes of letters, ",
        "digits, '_', '.', '%' and '-' ('%' and '_' are LIKE wildcards), or 'eq:' and an image ",
        "tag (section 3). The op is case-sensitive; any other op is an error.",
    ),
    exact: true,
    examples: &["like:v1", "like:v1_%", "eq:latest", "like:"],
};

/// §6, the operand of a `like:` filter ([`quay::LikePattern`](crate::quay::LikePattern)).
pub const LIKE_PATTERN: NameSchema = NameSchema {
    name: "QuayLikePattern",
    kind: Kind::QuayTagFilter,
    pattern: "^[A-Za-z0-9_.%-]{0,128}$",
    min_length: 0,
    max_length: Some(128),
    description: ascii!(
        "The operand of a Quay 'like:' tag filter, docs/grammars.md section 6: 0 to 128 bytes of ",
        "letters, digits, '_', '.', '%' and '-' ('%' matches any run of bytes, '_' any one).",
    ),
    exact: true,
    examples: &["v1", "v1_%", ""],
};

/// The algorithm of an OCI digest other than the three registered ones: a single
/// `[a-z0-9]+` that is not `sha256`, `sha512` or `blake3` (spelled out letter by letter, since
/// the subset has no lookahead), or several joined by `[+._-]`.
macro_rules! other_algorithm {
    () => {
        concat!(
            "(?:(?:[a-z0-9]{1,5}|[a-z0-9]{7,}",
            "|[ac-rt-z0-9][a-z0-9]{5}",
            "|s[a-gi-z0-9][a-z0-9]{4}|sh[b-z0-9][a-z0-9]{3}|sha[a-z013-46-9][a-z0-9]{2}",
            "|sha2[a-z0-46-9][a-z0-9]|sha25[a-z0-57-9]|sha5[a-z02-9][a-z0-9]|sha51[a-z013-9]",
            "|b[a-km-z0-9][a-z0-9]{4}|bl[b-z0-9][a-z0-9]{3}|bla[a-jl-z0-9][a-z0-9]{2}",
            "|blak[a-df-z0-9][a-z0-9]|blake[a-z0-24-9])(?:[+._-][a-z0-9]+)*",
            "|[a-z0-9]+(?:[+._-][a-z0-9]+)+)",
        )
    };
}

/// The digest grammar without anchors, shared by [`OCI_DIGEST`] and [`IMAGE_REFERENCE`].
macro_rules! digest {
    () => {
        concat!(
            "(?:(?:sha256|blake3):[a-f0-9]{64}|sha512:[a-f0-9]{128}|",
            other_algorithm!(),
            ":[a-zA-Z0-9=_-]+)",
        )
    };
}

/// §7.
pub const OCI_DIGEST: NameSchema = NameSchema {
    name: "OciDigest",
    kind: Kind::OciDigest,
    pattern: concat!("^", digest!(), "$"),
    min_length: 3,
    max_length: None,
    description: ascii!(
        "OCI content digest algorithm:encoded (Quay's manifest_digest), docs/grammars.md section 7: ",
        "sha256 and blake3 need exactly 64 and sha512 exactly 128 lowercase hex digits; any ",
        "other algorithm ([a-z0-9]+ joined by single '+', '.', '_' or '-') is followed by 1 or ",
        "more of [a-zA-Z0-9=_-]. No upper bound.",
    ),
    exact: true,
    examples: &[
        "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
        "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
    ],
};

/// A git refname component's bytes other than `.` and `/`: not a control byte, space, DEL,
/// `~ ^ : ? * [ \`.
macro_rules! ref_byte {
    () => {
        r"[^\x00-\x20\x7f~^:?*\[\\./]"
    };
}

/// After the first component's first byte: the rest of a short git name (see [`GIT_TAG`]).
macro_rules! git_name_rest {
    () => {
        concat!(
            ref_byte!(),
            "*(?:\\.",
            ref_byte!(),
            "+)*(?:\\.?/",
            ref_byte!(),
            "+(?:\\.",
            ref_byte!(),
            "+)*)*$",
        )
    };
}

/// What the git kinds' pattern leaves to the crate.
macro_rules! git_superset {
    ($head:literal) => {
        concat!(
            " Non-ASCII characters are allowed; there is no length bound. The pattern is a ",
            "strict superset: it says the allowed characters, that no component starts with '.', ",
            "that there is no '..', no '//' and no '/' or '.' at either end",
            $head,
            ". The crate also refuses '@{' anywhere (at-brace), a component ending in '.lock' ",
            "(lock-suffix)",
        )
    };
}

/// §8, CodeArts `tag_name`.
pub const GIT_TAG: NameSchema = NameSchema {
    name: "GitTagName",
    kind: Kind::GitTag,
    pattern: concat!(r"^[^\x00-\x20\x7f~^:?*\[\\./-]", git_name_rest!()),
    min_length: 1,
    max_length: None,
    description: concat!(
        "Git tag name (CodeArts tag_name), docs/grammars.md section 8: refs/tags/NAME passes git ",
        "check-ref-format, NAME does not start with '-' and is not HEAD.",
        git_superset!(", no '-' first"),
        " and the name HEAD (reserved-name).",
    ),
    exact: false,
    examples: &["v1.0", "release/2024-01", "@"],
};

/// §8, CodeArts `ref`.
pub const GIT_BRANCH: NameSchema = NameSchema {
    name: "GitBranchName",
    kind: Kind::GitBranch,
    pattern: GIT_TAG.pattern,
    min_length: 1,
    max_length: None,
    description: concat!(
        "Git branch name (CodeArts ref), docs/grammars.md section 8: refs/heads/NAME passes git ",
        "check-ref-format, NAME does not start with '-' and is not HEAD.",
        git_superset!(", no '-' first"),
        " and the name HEAD (reserved-name).",
    ),
    exact: false,
    examples: &["main", "feature/x"],
};

/// §8, a full refname.
pub const GIT_REFNAME: NameSchema = NameSchema {
    name: "GitRefName",
    kind: Kind::GitRefname,
    pattern: concat!(
        "^",
        ref_byte!(),
        "+(?:\\.",
        ref_byte!(),
        "+)*(?:\\.?/",
        ref_byte!(),
        "+(?:\\.",
        ref_byte!(),
        "+)*)+$",
    ),
    min_length: 3,
    max_length: None,
    description: concat!(
        "Full git refname such as refs/heads/main, docs/grammars.md section 8: passes git ",
        "check-ref-format (at least two '/'-separated components).",
        git_superset!(", at least one '/'"),
        ".",
    ),
    exact: false,
    examples: &["refs/heads/main", "refs/tags/v1.0"],
};

/// A path component of distribution's grammar, and the same without `.` or without `_`.
macro_rules! component {
    () => {
        r"[a-z0-9]+(?:(?:\.|_{1,2}|-+)[a-z0-9]+)*"
    };
    (no_dot) => {
        r"[a-z0-9]+(?:(?:_{1,2}|-+)[a-z0-9]+)*"
    };
    (no_underscore) => {
        r"[a-z0-9]+(?:(?:\.|-+)[a-z0-9]+)*"
    };
}

/// §10.
pub const IMAGE_REFERENCE: NameSchema = NameSchema {
    name: "ImageReference",
    kind: Kind::ImageReference,
    pattern: concat!(
        "^(?:",
        // DOMAIN "/" PATH: a DNS name (labels of [A-Za-z0-9] runs joined by '-' runs) or a
        // bracketed IPv6 address, and an optional port.
        r"(?:[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*(?:\.[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*)*",
        r"|\[[0-9A-Fa-f:]+\])(?::[0-9]+)?/",
        component!(),
        "(?:/",
        component!(),
        ")*",
        // or PATH alone. Its first component, when a '/' follows, is read as a DOMAIN if it
        // holds '.', so here it holds no '.', or no '_' (then it is a valid DNS name and either
        // reading accepts the reference).
        "|(?:",
        component!(no_dot),
        "|",
        component!(no_underscore),
        ")(?:/",
        component!(),
        ")+|",
        component!(),
        ")",
        "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?",
        "(?:@(?:(?:sha256|blake3):[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128}))?$",
    ),
    min_length: 1,
    max_length: None,
    description: ascii!(
        "Image reference [DOMAIN/]PATH[:TAG][@DIGEST], docs/grammars.md section 10: DOMAIN a DNS ",
        "name or bracketed IPv6 address with an optional port, PATH distribution's components ",
        "joined by '/', TAG section 3, DIGEST a digest to pull by (sha256 or blake3 and 64, sha384 ",
        "and 96, sha512 and 128 lowercase hex digits); the text before the first '/' is the ",
        "DOMAIN when it holds '.', ':' or an uppercase letter, begins with '[' or is localhost. ",
        "The pattern is a strict superset: the crate also bounds PATH to 255 bytes (too-long) ",
        "and applies the profile of SWR's hosts (swr.REGION.myhuaweicloud.com, ",
        "swr.REGION.myhuaweicloud.eu, swr.REGION.otc.t-systems.com: PATH is an SWR namespace, ",
        "'/' and an SWR repository, sections 1 and 2) and of quay.io (PATH is a Quay ",
        "repository path, section 5), hosts compared without case and whatever the port.",
    ),
    exact: false,
    examples: &[
        "nginx",
        "swr.cn-north-4.myhuaweicloud.com/group/busybox:latest",
        "localhost:5000/a/b:v1",
    ],
};

/// Every schema: one per kind in [`Kind::ALL`]'s order ([`Kind::schema`]), then
/// [`LIKE_PATTERN`].
pub const ALL: [&NameSchema; Kind::ALL.len() + 1] = {
    let mut all = [&LIKE_PATTERN; Kind::ALL.len() + 1];
    let mut i = 0;
    while i < Kind::ALL.len() {
        all[i] = Kind::ALL[i].schema();
        i += 1;
    }
    all
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_schema_and_the_examples_are_valid() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            let schema = kind.schema();
            assert_eq!(schema.kind, kind);
            assert_eq!(schema, ALL[i], "{kind}");
        }
        for schema in ALL {
            assert!(schema.pattern.starts_with('^') && schema.pattern.ends_with('$'));
            assert!(!schema.examples.is_empty(), "{}", schema.name);
            for example in schema.examples {
                let valid = if schema.name == LIKE_PATTERN.name {
                    crate::quay::LikePattern::parse(example).map(drop)
                } else {
                    schema.kind.validate(example.as_bytes())
                };
                assert_eq!(valid, Ok(()), "{}: {example:?}", schema.name);
            }
            // A superset says so, and an exact schema does not.
            assert_eq!(
                schema.description.contains("strict superset"),
                !schema.exact,
                "{}",
                schema.name
            );
        }
    }
}
