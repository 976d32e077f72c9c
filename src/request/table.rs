//! The parameters of the eight operations (docs/requests.md R6), stated once: for each operation its
//! path and query parameters and body fields in R6's order, each with its location, whether it
//! is required, the grammar of its value and the description the schemas give it.
//!
//! Validation (`ops.rs`) reads its names, kinds, ranges, defaults and byte rules from here, in
//! constants, so that the compiled checks are the literals they were; the JSON Schema and
//! OpenAPI renderings (`schema.rs`, feature `schema`) walk the same rows.

use super::{Location, Operation};
use crate::kind::Kind;

/// What a parameter's value must be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Grammar {
    /// A string of one kind of name.
    Name(Kind),
    /// SWR `create-repository`'s `repository`: the `path` form when the value holds `$`, else the
    /// `plain` form (R6's Decision: both denote the same name).
    EitherForm { plain: Kind, path: Kind },
    /// An integer (R3).
    Integer(Integer),
    /// `true` or `false`.
    Boolean,
    /// An opaque string of bytes from one set.
    Text(Text),
    /// Any string.
    AnyString,
    /// One of [`Category::ALL`](super::Category::ALL).
    Category,
    /// Quay's `expiration`: a JSON number `0..=max`, integer or fraction (seconds since the
    /// Unix epoch), or `null` to remove it.
    Expiration { max: u64 },
}

/// How compatible mode (R10) reads a row; strict mode always reads [`Grammar`] as documented.
/// Only Quay's query rows read differently: its server is public, so how it reads each
/// parameter is known (docs/requests.md, "Differences between the modes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compatible {
    /// As strict mode.
    AsDocumented,
    /// Quay's `truthy_bool` (util/parsing.py): false for `false`, `False`, `FALSE`,
    /// `0`, the empty string and `null`; true for anything else.
    TruthyBool,
    /// Python's `int()` of an ASCII string (flask-restful's `type=int`), then raised to the
    /// row's minimum and, with `clamp_max`, lowered to its maximum (endpoints/api/tag.py).
    PythonInt { clamp_max: bool },
    /// Any string; the empty string is absent (`parsed_args.get(...) or None`).
    AnyString,
    /// `like:` or `eq:` with any operand; the empty string is absent; an unknown op or no `:`
    /// is refused as in strict mode (data/model/oci/tag.py).
    FilterAnyOperand,
}

/// An integer's range, and the value an absent optional parameter takes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Integer {
    pub(crate) min: u64,
    pub(crate) max: u64,
    pub(crate) default: Option<u64>,
}

impl Integer {
    /// The default, for a constant: a row without one fails the build.
    pub(crate) const fn default_u32(self) -> u32 {
        match self.default {
            Some(n) if n <= u32::MAX as u64 => n as u32,
            _ => panic!("no default that fits in u32"),
        }
    }
}

/// An opaque value: 1 (R3: no typed parameter may be empty) to `max` bytes, each one that
/// `allowed` accepts; `pattern` says the same for a schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text {
    /// Anchored, ECMA-262 and RE2 compatible (a test checks it against `allowed`).
    #[cfg_attr(not(feature = "schema"), allow(dead_code))]
    pub(crate) pattern: &'static str,
    pub(crate) max: usize,
    pub(crate) allowed: fn(u8) -> bool,
    /// The allowed bytes in a message's words: "… expected {expected}".
    pub(crate) expected: &'static str,
}

/// One parameter or body field (R6). An optional body field may also be `null`, which counts as
/// absent (R5), except an expiration ([`Grammar::Expiration`]), where `null` removes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Param {
    pub(crate) name: &'static str,
    pub(crate) location: Location,
    /// Path parameters always are, query parameters never (R3); a body field as R6 says.
    pub(crate) required: bool,
    pub(crate) grammar: Grammar,
    /// How compatible mode reads the value (R10).
    pub(crate) compatible: Compatible,
    #[cfg_attr(not(feature = "schema"), allow(dead_code))]
    pub(crate) description: &'static str,
}

// The accessors below are for constants: a row of another shape fails the build there (when
// code is generated: `cargo check` does not evaluate these constants), so validation cannot
// check a value with a grammar its row does not state.
impl Param {
    /// The row, read by compatible mode as `compatible` says.
    const fn reads(self, compatible: Compatible) -> Param {
        Param { compatible, ..self }
    }

    /// The kind of a [`Grammar::Name`] row.
    pub(crate) const fn kind(&self) -> Kind {
        match self.grammar {
            Grammar::Name(kind) => kind,
            _ => panic!("not a name"),
        }
    }

    /// The plain and path kinds of a [`Grammar::EitherForm`] row.
    pub(crate) const fn forms(&self) -> (Kind, Kind) {
        match self.grammar {
            Grammar::EitherForm { plain, path } => (plain, path),
            _ => panic!("not a name of two forms"),
        }
    }

    /// The range of a [`Grammar::Integer`] row.
    pub(crate) const fn integer(&self) -> Integer {
        match self.grammar {
            Grammar::Integer(integer) => integer,
            _ => panic!("not an integer"),
        }
    }

    /// The bytes of a [`Grammar::Text`] row.
    pub(crate) const fn text(&self) -> Text {
        match self.grammar {
            Grammar::Text(text) => text,
            _ => panic!("not opaque text"),
        }
    }

    /// The largest value of a [`Grammar::Expiration`] row.
    pub(crate) const fn expiration_max(&self) -> u64 {
        match self.grammar {
            Grammar::Expiration { max } => max,
            _ => panic!("not an expiration"),
        }
    }
}

/// One operation's rows: `P` path parameters in the template's order, `Q` query parameters and
/// `B` body fields, each in R6's order (which is R7's order of errors).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Table<const P: usize, const Q: usize, const B: usize> {
    pub(crate) path: [Param; P],
    pub(crate) query: [Param; Q],
    pub(crate) body: [Param; B],
}

/// The names of `rows`, in order: what the query and body readers look up.
pub(crate) const fn names<const N: usize>(rows: &[Param; N]) -> [&'static str; N] {
    let mut names = [""; N];
    let mut i = 0;
    while i < N {
        names[i] = rows[i].name;
        i += 1;
    }
    names
}

/// Any operation's rows, by location.
// The schemas walk every operation's rows; validation names each operation's table instead.
#[cfg_attr(not(feature = "schema"), allow(dead_code))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rows {
    pub(crate) path: &'static [Param],
    pub(crate) query: &'static [Param],
    pub(crate) body: &'static [Param],
}

const fn path(name: &'static str, grammar: Grammar, description: &'static str) -> Param {
    Param {
        name,
        location: Location::Path,
        required: true,
        grammar,
        compatible: Compatible::AsDocumented,
        description,
    }
}

const fn query(name: &'static str, grammar: Grammar, description: &'static str) -> Param {
    Param {
        name,
        location: Location::Query,
        required: false,
        grammar,
        compatible: Compatible::AsDocumented,
        description,
    }
}

const fn field(
    name: &'static str,
    required: bool,
    grammar: Grammar,
    description: &'static str,
) -> Param {
    Param {
        name,
        location: Location::Body,
        required,
        grammar,
        compatible: Compatible::AsDocumented,
        description,
    }
}

/// Largest `expiration`: 2^53 - 1, the largest integer every JSON parser keeps exactly.
pub(crate) const MAX_EXPIRATION: u64 = (1 << 53) - 1;
/// Largest `repository_id` and Quay `page`: 2^31 - 1.
const MAX_INT32: u64 = 2_147_483_647;

/// SWR's `marker`: visible ASCII.
fn visible_ascii(b: u8) -> bool {
    (0x21..=0x7e).contains(&b)
}

/// SWR's `tag` fragment: letters, digits, `_`, `.` and `-`.
fn tag_fragment_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_.-".contains(&b)
}

const SWR_NAMESPACE: Param = path(
    "namespace",
    Grammar::Name(Kind::SwrNamespace),
    "The SWR organization (docs/grammars.md section 1).",
);
const SWR_REPOSITORY: Param = path(
    "repository",
    Grammar::Name(Kind::SwrRepositoryPath),
    "The repository in URL path form: each '/' of its name sent as '$' (library$nginx for \
     library/nginx); a '/', also as %2F, is slash-in-path-form.",
);
const QUAY_REPOSITORY: Param = path(
    "repository",
    Grammar::Name(Kind::QuayRepository),
    "namespace/name[/name...]. It spans '/': the validator takes everything between \
     /api/v1/repository/ and the last /tag/, and decodes a '/' sent as %2F as well.",
);
const QUAY_TAG: Param = path(
    "tag",
    Grammar::Name(Kind::Tag),
    "The image tag (docs/grammars.md section 3).",
);

/// `swr.create-image-tag`.
pub(crate) const SWR_CREATE_IMAGE_TAG: Table<2, 0, 3> = Table {
    path: [SWR_NAMESPACE, SWR_REPOSITORY],
    query: [],
    body: [
        field(
            "source_tag",
            true,
            Grammar::Name(Kind::Tag),
            "The existing tag.",
        ),
        field(
            "destination_tag",
            true,
            Grammar::Name(Kind::Tag),
            "The tag to create.",
        ),
        field(
            "override",
            false,
            Grammar::Boolean,
            "Whether to overwrite an existing destination_tag.",
        ),
    ],
};

/// `swr.list-image-tags`.
pub(crate) const SWR_LIST_IMAGE_TAGS: Table<2, 4, 0> = Table {
    path: [SWR_NAMESPACE, SWR_REPOSITORY],
    query: [
        query(
            "limit",
            Grammar::Integer(Integer {
                min: 1,
                max: 1000,
                default: Some(100),
            }),
            "How many tags to list: 1 to 10 digits, no sign, no leading zero.",
        ),
        query(
            "marker",
            Grammar::Text(Text {
                pattern: "^[!-~]+$",
                max: 1024,
                allowed: visible_ascii,
                expected: "bytes of visible ASCII (0x21 to 0x7E)",
            }),
            "Opaque paging marker: 1 to 1024 bytes of visible ASCII (0x21 to 0x7E).",
        ),
        query(
            "tag",
            Grammar::Text(Text {
                pattern: "^[A-Za-z0-9_.-]+$",
                max: 128,
                allowed: tag_fragment_byte,
                expected: "letters, digits, '_', '.' or '-'",
            }),
            "A fragment of the tags to list: 1 to 128 bytes of letters, digits, '_', '.' and \
             '-', any of them first.",
        ),
        query("with_manifest", Grammar::Boolean, "Exactly true or false."),
    ],
    body: [],
};

/// `swr.create-repository`.
pub(crate) const SWR_CREATE_REPOSITORY: Table<1, 0, 4> = Table {
    path: [SWR_NAMESPACE],
    query: [],
    body: [
        field(
            "repository",
            true,
            Grammar::EitherForm {
                plain: Kind::SwrRepository,
                path: Kind::SwrRepositoryPath,
            },
            "The repository name, in plain form (library/nginx) or with each '/' sent as '$' \
             (library$nginx): a value holding '$' is read as the path form, any other as the \
             plain form; both name the same repository.",
        ),
        field(
            "is_public",
            true,
            Grammar::Boolean,
            "Whether the repository is public.",
        ),
        field(
            "category",
            false,
            Grammar::Category,
            "The repository's category.",
        ),
        field(
            "description",
            false,
            Grammar::AnyString,
            "Free text, bounded only by the body's limit.",
        ),
    ],
};

/// `codearts.add-tag`.
pub(crate) const CODEARTS_ADD_TAG: Table<1, 0, 3> = Table {
    path: [path(
        "repository_id",
        Grammar::Integer(Integer {
            min: 1,
            max: MAX_INT32,
            default: None,
        }),
        "The CodeArts repository id: 1 to 10 digits, no sign, no leading zero.",
    )],
    query: [],
    body: [
        field(
            "tag_name",
            true,
            Grammar::Name(Kind::GitTag),
            "The tag to create (a git tag name).",
        ),
        field(
            "ref",
            true,
            Grammar::Name(Kind::GitBranch),
            "The branch to tag (a git branch name).",
        ),
        field("message", false, Grammar::AnyString, "The tag's message."),
    ],
};

/// `quay.restore-tag`.
pub(crate) const QUAY_RESTORE_TAG: Table<2, 0, 1> = Table {
    path: [QUAY_REPOSITORY, QUAY_TAG],
    query: [],
    body: [field(
        "manifest_digest",
        true,
        Grammar::Name(Kind::OciDigest),
        "The manifest the tag is to point at again.",
    )],
};

/// `quay.change-tag`.
pub(crate) const QUAY_CHANGE_TAG: Table<2, 0, 2> = Table {
    path: [QUAY_REPOSITORY, QUAY_TAG],
    query: [],
    body: [
        field(
            "manifest_digest",
            false,
            Grammar::Name(Kind::OciDigest),
            "The manifest the tag is to point at.",
        ),
        field(
            "expiration",
            false,
            Grammar::Expiration {
                max: MAX_EXPIRATION,
            },
            "When the tag expires, in seconds since the Unix epoch (a number, fractions \
             allowed, 0 to 2^53-1); null removes the expiration, which absent leaves as it is.",
        ),
    ],
};

/// `quay.delete-tag`.
pub(crate) const QUAY_DELETE_TAG: Table<2, 0, 0> = Table {
    path: [QUAY_REPOSITORY, QUAY_TAG],
    query: [],
    body: [],
};

/// `quay.list-tags`. Each query row also says how Quay's server reads it (R10).
pub(crate) const QUAY_LIST_TAGS: Table<1, 5, 0> = Table {
    path: [QUAY_REPOSITORY],
    query: [
        query(
            "onlyActiveTags",
            Grammar::Boolean,
            "Exactly true or false (strict mode); compatible mode reads it as Quay's \
             truthy_bool: false for false, False, FALSE, 0, null or empty, true otherwise.",
        )
        .reads(Compatible::TruthyBool),
        query(
            "page",
            Grammar::Integer(Integer {
                min: 1,
                max: MAX_INT32,
                default: Some(1),
            }),
            "The page: 1 to 10 digits, no sign, no leading zero (strict mode); compatible mode \
             reads it as Python's int() and raises it to 1.",
        )
        .reads(Compatible::PythonInt { clamp_max: false }),
        query(
            "limit",
            Grammar::Integer(Integer {
                min: 1,
                max: 100,
                default: Some(50),
            }),
            "Tags per page: 1 to 10 digits, no sign, no leading zero (strict mode); compatible \
             mode reads it as Python's int() and clamps it to 1..100.",
        )
        .reads(Compatible::PythonInt { clamp_max: true }),
        query(
            "filter_tag_name",
            Grammar::Name(Kind::QuayTagFilter),
            "like:PATTERN or eq:TAG (docs/grammars.md section 6; compatible mode takes any \
             operand); an unknown op is an error here, where Quay would ignore the filter.",
        )
        .reads(Compatible::FilterAnyOperand),
        query(
            "specificTag",
            Grammar::Name(Kind::Tag),
            "One tag to list (docs/grammars.md section 3; compatible mode takes any text).",
        )
        .reads(Compatible::AnyString),
    ],
    body: [],
};

/// `op`'s rows.
#[cfg_attr(not(feature = "schema"), allow(dead_code))]
pub(crate) const fn rows(op: Operation) -> Rows {
    // A macro, as a const fn cannot be generic over the three lengths and return slices of
    // a constant it was given.
    macro_rules! rows {
        ($table:ident) => {
            Rows {
                path: &$table.path,
                query: &$table.query,
                body: &$table.body,
            }
        };
    }
    match op {
        Operation::SwrCreateImageTag => rows!(SWR_CREATE_IMAGE_TAG),
        Operation::SwrListImageTags => rows!(SWR_LIST_IMAGE_TAGS),
        Operation::SwrCreateRepository => rows!(SWR_CREATE_REPOSITORY),
        Operation::CodeArtsAddTag => rows!(CODEARTS_ADD_TAG),
        Operation::QuayRestoreTag => rows!(QUAY_RESTORE_TAG),
        Operation::QuayChangeTag => rows!(QUAY_CHANGE_TAG),
        Operation::QuayDeleteTag => rows!(QUAY_DELETE_TAG),
        Operation::QuayListTags => rows!(QUAY_LIST_TAGS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn path_parameters_are_the_templates_in_its_order() {
        for op in Operation::ALL {
            let in_template: Vec<&str> = op
                .template()
                .split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}').map(|(name, _)| name))
                .collect();
            let in_table: Vec<&str> = rows(op).path.iter().map(|p| p.name).collect();
            assert_eq!(in_table, in_template, "{op}");
        }
    }

    /// Each list holds rows of its location only; path parameters are required and query
    /// parameters optional (R3); an operation has body fields exactly when it takes a body (R1).
    #[test]
    fn each_row_is_where_its_list_says() {
        for op in Operation::ALL {
            let rows = rows(op);
            for p in rows.path {
                assert_eq!(
                    (p.location, p.required),
                    (Location::Path, true),
                    "{op} {}",
                    p.name
                );
            }
            for p in rows.query {
                assert_eq!(
                    (p.location, p.required),
                    (Location::Query, false),
                    "{op} {}",
                    p.name
                );
            }
            for p in rows.body {
                assert_eq!(p.location, Location::Body, "{op} {}", p.name);
            }
            assert_eq!(!rows.body.is_empty(), op.has_body(), "{op}");
            let mut names: Vec<(Location, &str)> = rows
                .path
                .iter()
                .chain(rows.query)
                .chain(rows.body)
                .map(|p| (p.location, p.name))
                .collect();
            let all = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), all, "{op}: a name twice in one location");
        }
    }

    /// A default is in its range, and only an optional parameter has one.
    #[test]
    fn integer_defaults_are_in_range() {
        for op in Operation::ALL {
            let rows = rows(op);
            for p in rows.path.iter().chain(rows.query).chain(rows.body) {
                if let Grammar::Integer(Integer { min, max, default }) = p.grammar {
                    assert!(min <= max, "{op} {}", p.name);
                    if let Some(default) = default {
                        assert!((min..=max).contains(&default), "{op} {}", p.name);
                        assert!(!p.required, "{op} {}", p.name);
                    }
                }
            }
        }
    }

    /// An opaque value's pattern and byte rule agree on every byte, and its pattern on the
    /// lengths 1 and `max` (the schema renders `minLength` 1 and `maxLength` `max` beside it).
    #[test]
    fn text_patterns_say_what_the_byte_rules_do() {
        let mut texts = 0;
        for op in Operation::ALL {
            for p in rows(op).query {
                let Grammar::Text(text) = p.grammar else {
                    continue;
                };
                texts += 1;
                let pattern = regex::bytes::Regex::new(text.pattern).unwrap();
                for b in 0..=u8::MAX {
                    assert_eq!(
                        pattern.is_match(&[b]),
                        (text.allowed)(b),
                        "{op} {}: byte {b:#04x}",
                        p.name
                    );
                }
                assert!(!pattern.is_match(b""), "{op} {}", p.name);
                let first = (0..=u8::MAX).find(|&b| (text.allowed)(b)).unwrap();
                assert!(
                    pattern.is_match(&std::vec![first; text.max]),
                    "{op} {}",
                    p.name
                );
            }
        }
        assert_eq!(texts, 2);
    }
}
