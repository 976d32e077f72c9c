//! The whole reference, part by part (docs/grammars.md §10): the split, the DOMAIN, PATH by
//! distribution's grammar and then by its profile's registry, the TAG (§3) and the DIGEST (a
//! digest a client can pull by), each read by its own family's grammar and reported at its
//! offset in the whole reference.

use super::{domain, split, Part, Profile, Profiles, ReferenceError};
use crate::error::{Error, Expected, Failure, Rule};
use crate::grammar::{before_byte, part_result, run_part};
use crate::kind::Kind;
use crate::{oci, quay, swr, tag};
use core::ops::Range;

/// Where the parts of a valid reference are: byte offsets into its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Spans {
    /// End of the host (0 when there is no domain).
    pub(super) host_end: usize,
    /// End of the domain, at its `/` (0 when there is none).
    pub(super) domain_end: usize,
    /// Start of PATH: 0, or one past the domain's `/`.
    pub(super) path_start: usize,
    /// End of PATH.
    pub(super) path_end: usize,
    /// End of the tag; `path_end` when there is none. A digest follows its `@`.
    pub(super) tag_end: usize,
}

/// The whole reference: where its parts are, and the profile its PATH was checked by.
#[inline(always)]
pub(super) fn parse(input: &[u8], profiles: &Profiles) -> Result<(Spans, Profile), ReferenceError> {
    let (host_end, domain_end, profile) =
        match split::domain_end(input) {
            Some(end) => {
                let host_end = run_part(Kind::ImageReference, input, 0..end, domain::domain)
                    .map_err(|error| ReferenceError {
                        part: Part::Domain,
                        profile: Profile::Oci,
                        error,
                    })?;
                let port = input.get(host_end + 1..end);
                (host_end, end, profiles.select(&input[..host_end], port))
            }
            None => (0, 0, Profile::Oci),
        };
    let fail = |part, error| ReferenceError {
        part,
        profile,
        error,
    };
    let path_start = if domain_end > 0 { domain_end + 1 } else { 0 };
    let path = path_len(&input[path_start..]);
    let path_end = part_result(Kind::ImageReference, input, path_start..input.len(), path)
        .map(|len| path_start + len)
        .map_err(|e| path_error(profile, input, path_start, e))?;
    if profile != Profile::Oci {
        registry_rules(profile, input, path_start..path_end)?;
    }
    let mut tag_end = path_end;
    if input.get(path_end) == Some(&b':') {
        let start = path_end + 1;
        tag_end = start + before_byte(b'@', &input[start..]);
        run_part(Kind::Tag, input, start..tag_end, tag::tag).map_err(|e| fail(Part::Tag, e))?;
    }
    if input.get(tag_end) == Some(&b'@') {
        let digest = tag_end + 1..input.len();
        run_part(Kind::OciDigest, input, digest, oci::pullable_digest)
            .map_err(|e| fail(Part::Digest, e))?;
    }
    let spans = Spans {
        host_end,
        domain_end,
        path_start,
        path_end,
        tag_end,
    };
    Ok((spans, profile))
}

/// PATH's length by distribution's grammar, called in place: passed to `run_part` as a value,
/// it was left out of line (BENCHMARKS.md, References).
#[inline(always)]
fn path_len(path: &[u8]) -> crate::grammar::PResult<'_, usize> {
    oci::path(path).map(|(rest, ())| (rest, path.len() - rest.len()))
}

/// The error of a PATH that breaks distribution's grammar: the repository's, except that where a
/// registry needs a namespace (the swr and quay profiles) a break in PATH's first component is
/// the namespace's, reported by that registry's namespace grammar when it refuses the
/// component too (`quay.io/myName/app` is the namespace's uppercase `N`, as §4 says it).
#[cold]
#[inline(never)]
fn path_error(profile: Profile, input: &[u8], path_start: usize, error: Error) -> ReferenceError {
    let fail = |part, error| ReferenceError {
        part,
        profile,
        error,
    };
    let slash = path_start + before_byte(b'/', &input[path_start..]);
    if profile == Profile::Oci || slash == input.len() || error.offset() > slash {
        return fail(Part::Repository, error);
    }
    let namespace = path_start..slash;
    let registry = match profile {
        Profile::Swr => run_part(Kind::SwrNamespace, input, namespace, swr::namespace),
        _ => run_part(Kind::QuayNamespace, input, namespace, quay::namespace),
    };
    fail(Part::Namespace, registry.err().unwrap_or(error))
}

/// The profile's own rules for PATH `input[path]`, which passed distribution's grammar: SWR's
/// §1 namespace and §2 repository, or Quay's §5 repository path. A registry that needs a
/// namespace refuses a PATH of one component (`missing-namespace`, at the PATH's end).
#[inline(never)]
fn registry_rules(
    profile: Profile,
    input: &[u8],
    path: Range<usize>,
) -> Result<(), ReferenceError> {
    if profile == Profile::Oci {
        return Ok(());
    }
    let fail = |part, error| ReferenceError {
        part,
        profile,
        error,
    };
    let end = path.end;
    let slash = path.start + before_byte(b'/', &input[path.clone()]);
    if slash == end {
        return Err(missing_namespace(profile, input, end));
    }
    match profile {
        Profile::Swr if swr_rules_hold(&input[path.start..slash], &input[slash + 1..end]) => Ok(()),
        Profile::Swr => {
            run_part(Kind::SwrNamespace, input, path.start..slash, swr::namespace)
                .map_err(|e| fail(Part::Namespace, e))?;
            run_part(
                Kind::SwrRepository,
                input,
                slash + 1..end,
                swr::plain_repository,
            )
            .map_err(|e| fail(Part::Repository, e))
        }
        // After distribution's grammar, only the namespace can break §5: each name segment of
        // a generic PATH is a §5 segment, and the name after the first `/` is shorter than 255
        // bytes. So any error here is the namespace's (§4).
        Profile::Quay => run_part(Kind::QuayRepository, input, path, quay::repository_path)
            .map_err(|e| fail(Part::Namespace, e.with_kind(Kind::QuayNamespace))),
        Profile::Oci => Ok(()),
    }
}

/// Whether the namespace and repository of a PATH that passed distribution's grammar also pass
/// §1 and §2: the kernel `registry_rules` asks before it reads both parts again with SWR's own
/// grammars (which it does only for a name this refuses, for the rule and offset).
///
/// distribution's components are §1's runs (`[a-z0-9]` joined by `.`, `_`, `__` or a run of
/// `-`), and its `/` sits between two alphanumerics as in §2's plain form; so PATH's first
/// component is a §1 run and the rest a §2 name, and only what the generic grammar does not say
/// is left: the namespace starts with a letter and has at most 64 bytes, the repository at most
/// 128. `grammar::oracle` pins this to the two grammars.
#[inline(always)]
pub(crate) fn swr_rules_hold(namespace: &[u8], repository: &[u8]) -> bool {
    namespace.len() <= swr::MAX_NAMESPACE_LEN
        && namespace.first().is_some_and(u8::is_ascii_lowercase)
        && repository.len() <= swr::MAX_REPOSITORY_LEN
}

/// A registry that needs `NAMESPACE/REPOSITORY` got one component, which ends at `end`.
fn missing_namespace(profile: Profile, input: &[u8], end: usize) -> ReferenceError {
    let failure = Failure::at(&[], Rule::MissingNamespace, Expected::Slash);
    ReferenceError {
        part: Part::Namespace,
        profile,
        error: Error::new(Kind::ImageReference, input, end, failure),
    }
}
