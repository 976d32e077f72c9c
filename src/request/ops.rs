//! Each operation's parameters (R6), checked in R7's order: path, query, headers, body, and
//! within each in the order of the R6 row.

use super::body::{self, BodyError, Fields, Json};
use super::params::{Errors, Query};
use super::rejection::{Location, Reason, Rejection};
use super::valid::*;
use super::{Header, Operation, Request, Route, Validator};
use crate::kind::Kind;
use crate::quote;
use alloc::borrow::Cow;
use alloc::format;

pub(crate) fn validate<'a>(
    validator: &Validator,
    route: &Route<'a>,
    request: &Request<'a>,
) -> Result<Valid<'a>, Rejection> {
    let mut e = Errors::default();
    let [first, second] = route.params;
    let op = route.operation;
    // Each arm returns its typed value from where it is built when every parameter is valid;
    // anything else falls through to the one rejection below.
    match op {
        Operation::SwrCreateImageTag => {
            let namespace = e.path_name("namespace", Kind::SwrNamespace, first);
            let repository = e.path_name("repository", Kind::SwrRepositoryPath, second);
            content_type(&mut e, request, true);
            const NAMES: &[&str; 3] = &["source_tag", "destination_tag", "override"];
            let mut f = body(&mut e, validator, request, NAMES);
            let source_tag = required_name(&mut e, &mut f, 0, NAMES, Kind::Tag);
            let destination_tag = required_name(&mut e, &mut f, 1, NAMES, Kind::Tag);
            let override_existing = optional_bool(&mut e, &mut f, 2, NAMES);
            match (namespace, repository, source_tag, destination_tag) {
                (Some(namespace), Some(repository), Some(source_tag), Some(destination_tag))
                    if e.0.is_empty() =>
                {
                    return Ok(Valid::SwrCreateImageTag(SwrCreateImageTag {
                        namespace,
                        repository,
                        source_tag,
                        destination_tag,
                        override_existing,
                    }));
                }
                _ => {}
            }
        }
        Operation::SwrListImageTags => {
            let namespace = e.path_name("namespace", Kind::SwrNamespace, first);
            let repository = e.path_name("repository", Kind::SwrRepositoryPath, second);
            const NAMES: &[&str; 4] = &["limit", "marker", "tag", "with_manifest"];
            let q = Query::parse(route.query, NAMES);
            let limit = q
                .get(&mut e, 0, "limit")
                .map(|v| e.integer(Location::Query, "limit", &v, 1, 1000));
            let marker = q.get(&mut e, 1, "marker").map(|v| {
                e.opaque(
                    "marker",
                    v,
                    1024,
                    |b| (0x21..=0x7e).contains(&b),
                    "bytes of visible ASCII (0x21 to 0x7E)",
                )
            });
            let tag = q.get(&mut e, 2, "tag").map(|v| {
                e.opaque(
                    "tag",
                    v,
                    128,
                    |b| b.is_ascii_alphanumeric() || b"_.-".contains(&b),
                    "letters, digits, '_', '.' or '-'",
                )
            });
            let with_manifest = q
                .get(&mut e, 3, "with_manifest")
                .map(|v| e.boolean("with_manifest", &v));
            match (namespace, repository) {
                (Some(namespace), Some(repository)) if e.0.is_empty() => {
                    return Ok(Valid::SwrListImageTags(SwrListImageTags {
                        namespace,
                        repository,
                        limit: limit.flatten().map_or(100, narrow),
                        marker: marker.flatten(),
                        tag: tag.flatten(),
                        with_manifest: with_manifest.flatten(),
                    }));
                }
                _ => {}
            }
        }
        Operation::SwrCreateRepository => {
            let namespace = e.path_name("namespace", Kind::SwrNamespace, first);
            content_type(&mut e, request, true);
            const NAMES: &[&str; 4] = &["repository", "is_public", "category", "description"];
            let mut f = body(&mut e, validator, request, NAMES);
            let repository = required_string(&mut e, &mut f, 0, NAMES).and_then(|value| {
                // Decision (R6): a `$` marks the path form; both forms name the same repository.
                let kind = if value.contains('$') {
                    Kind::SwrRepositoryPath
                } else {
                    Kind::SwrRepository
                };
                e.name(Location::Body, NAMES[0], kind, value)
            });
            let is_public = required_bool(&mut e, &mut f, 1, NAMES);
            let category = optional_string(&mut e, &mut f, 2, NAMES).and_then(|value| {
                let found = Category::ALL.into_iter().find(|c| c.id() == value);
                if found.is_none() {
                    e.add(
                        Location::Body,
                        NAMES[2],
                        Reason::UnknownValue,
                        0,
                        format!(
                            "category {} is not one of app_server, linux, framework_app, database, lang, other, windows, arm",
                            quote(value.as_bytes())
                        ),
                    );
                }
                found
            });
            let description = optional_string(&mut e, &mut f, 3, NAMES);
            match (namespace, repository, is_public) {
                (Some(namespace), Some(repository), Some(is_public)) if e.0.is_empty() => {
                    return Ok(Valid::SwrCreateRepository(SwrCreateRepository {
                        namespace,
                        repository,
                        is_public,
                        category,
                        description,
                    }));
                }
                _ => {}
            }
        }
        Operation::CodeArtsAddTag => {
            let repository_id = match super::params::decode(first, false) {
                Ok(id) => e.integer(Location::Path, "repository_id", &id, 1, 2_147_483_647),
                Err(at) => {
                    e.encoding(Location::Path, "repository_id", first, at);
                    None
                }
            };
            // CodeArts documents no Content-Type: checked only when present (R4).
            content_type(&mut e, request, false);
            const NAMES: &[&str; 3] = &["tag_name", "ref", "message"];
            let mut f = body(&mut e, validator, request, NAMES);
            let tag_name = required_name(&mut e, &mut f, 0, NAMES, Kind::GitTag);
            let branch = required_name(&mut e, &mut f, 1, NAMES, Kind::GitBranch);
            let message = optional_string(&mut e, &mut f, 2, NAMES);
            match (repository_id, tag_name, branch) {
                (Some(id), Some(tag_name), Some(branch)) if e.0.is_empty() => {
                    return Ok(Valid::CodeArtsAddTag(CodeArtsAddTag {
                        repository_id: narrow(id),
                        tag_name,
                        branch,
                        message,
                    }));
                }
                _ => {}
            }
        }
        Operation::QuayRestoreTag => {
            let repository = e.path_name("repository", Kind::QuayRepository, first);
            let tag = e.path_name("tag", Kind::Tag, second);
            content_type(&mut e, request, true);
            const NAMES: &[&str; 1] = &["manifest_digest"];
            let mut f = body(&mut e, validator, request, NAMES);
            let digest = required_name(&mut e, &mut f, 0, NAMES, Kind::OciDigest);
            match (repository, tag, digest) {
                (Some(repository), Some(tag), Some(manifest_digest)) if e.0.is_empty() => {
                    return Ok(Valid::QuayRestoreTag(QuayRestoreTag {
                        repository,
                        tag,
                        manifest_digest,
                    }));
                }
                _ => {}
            }
        }
        Operation::QuayChangeTag => {
            let repository = e.path_name("repository", Kind::QuayRepository, first);
            let tag = e.path_name("tag", Kind::Tag, second);
            content_type(&mut e, request, true);
            const NAMES: &[&str; 2] = &["manifest_digest", "expiration"];
            let mut f = body(&mut e, validator, request, NAMES);
            let digest = optional_string(&mut e, &mut f, 0, NAMES)
                .and_then(|v| e.name(Location::Body, NAMES[0], Kind::OciDigest, v));
            let expiration = expiration(&mut e, &mut f, 1, NAMES);
            match (repository, tag) {
                (Some(repository), Some(tag)) if e.0.is_empty() => {
                    return Ok(Valid::QuayChangeTag(QuayChangeTag {
                        repository,
                        tag,
                        manifest_digest: digest,
                        expiration,
                    }));
                }
                _ => {}
            }
        }
        Operation::QuayDeleteTag => {
            let repository = e.path_name("repository", Kind::QuayRepository, first);
            let tag = e.path_name("tag", Kind::Tag, second);
            // Only the path names can be wrong here: no query parameter, header or body.
            if let (Some(repository), Some(tag)) = (repository, tag) {
                return Ok(Valid::QuayDeleteTag(QuayDeleteTag { repository, tag }));
            }
        }
        Operation::QuayListTags => {
            let repository = e.path_name("repository", Kind::QuayRepository, first);
            const NAMES: &[&str; 5] = &[
                "onlyActiveTags",
                "page",
                "limit",
                "filter_tag_name",
                "specificTag",
            ];
            let q = Query::parse(route.query, NAMES);
            let only_active = q.get(&mut e, 0, NAMES[0]).map(|v| e.boolean(NAMES[0], &v));
            let page = q
                .get(&mut e, 1, NAMES[1])
                .map(|v| e.integer(Location::Query, NAMES[1], &v, 1, 2_147_483_647));
            let limit = q
                .get(&mut e, 2, NAMES[2])
                .map(|v| e.integer(Location::Query, NAMES[2], &v, 1, 100));
            let filter = q
                .get(&mut e, 3, NAMES[3])
                .and_then(|v| e.name(Location::Query, NAMES[3], Kind::QuayTagFilter, v));
            let specific = q
                .get(&mut e, 4, NAMES[4])
                .and_then(|v| e.name(Location::Query, NAMES[4], Kind::Tag, v));
            match repository {
                Some(repository) if e.0.is_empty() => {
                    return Ok(Valid::QuayListTags(QuayListTags {
                        repository,
                        only_active_tags: only_active.flatten(),
                        page: page.flatten().map_or(1, narrow),
                        limit: limit.flatten().map_or(50, narrow),
                        filter_tag_name: filter,
                        specific_tag: specific,
                    }));
                }
                _ => {}
            }
        }
    }
    Err(Rejection::new(op, e.0))
}

/// A checked integer (at most 2147483647) as `u32`.
fn narrow(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// R4: the media type must be `application/json` (any case), parameters allowed, a `charset`
/// only if it is UTF-8. `required` is false where the vendor documents no `Content-Type`.
#[inline(always)]
fn content_type(e: &mut Errors, request: &Request<'_>, required: bool) {
    // What nearly every client sends, tested here; any other value out of line.
    if request.content_type != Header::Once(b"application/json") {
        any_content_type(e, request, required);
    }
}

#[inline(never)]
fn any_content_type(e: &mut Errors, request: &Request<'_>, required: bool) {
    const NAME: &str = "Content-Type";
    let value = match request.content_type {
        Header::Once(value) => value,
        Header::Absent if !required => return,
        Header::Absent => {
            e.add(
                Location::Header,
                NAME,
                Reason::UnsupportedMediaType,
                0,
                "Content-Type is missing; send application/json".into(),
            );
            return;
        }
        Header::Repeated => {
            e.add(
                Location::Header,
                NAME,
                Reason::UnsupportedMediaType,
                0,
                "Content-Type is given more than once; send application/json once".into(),
            );
            return;
        }
    };
    if let Err(at) = json_media_type(value) {
        e.add(
            Location::Header,
            NAME,
            Reason::UnsupportedMediaType,
            at,
            format!(
                "Content-Type {} is not supported; send application/json (UTF-8)",
                quote(value)
            ),
        );
    }
}

/// Whether a `Content-Type` value is JSON in UTF-8; the offset of what is not.
fn json_media_type(value: &[u8]) -> Result<(), usize> {
    let ows = |b: &u8| *b == b' ' || *b == b'\t';
    let mut parts = value.split(|&b| b == b';');
    let media = parts.next().unwrap_or_default();
    if !media
        .trim_ascii_start()
        .trim_ascii_end()
        .eq_ignore_ascii_case(b"application/json")
    {
        return Err(value.iter().position(|b| !ows(b)).unwrap_or(0));
    }
    let mut at = media.len() + 1;
    for param in parts {
        if let Some(eq) = param.iter().position(|&b| b == b'=') {
            let (name, rest) = param.split_at(eq);
            let charset = rest[1..].trim_ascii_start().trim_ascii_end();
            let unquoted = charset
                .strip_prefix(b"\"")
                .and_then(|c| c.strip_suffix(b"\""))
                .unwrap_or(charset);
            if name
                .trim_ascii_start()
                .trim_ascii_end()
                .eq_ignore_ascii_case(b"charset")
                && !unquoted.eq_ignore_ascii_case(b"utf-8")
            {
                return Err(at + eq + 1);
            }
        }
        at += param.len() + 1;
    }
    Ok(())
}

/// R5: the body's size against the limit (from `Content-Length` when given, else by counting),
/// then its JSON. `None` when there are no fields to check (the error is recorded).
fn body<'a, const N: usize>(
    e: &mut Errors,
    validator: &Validator,
    request: &Request<'a>,
    names: &'static [&'static str; N],
) -> Option<Fields<'a, N>> {
    let limit = validator.body_limit;
    let declared = match request.content_length {
        Header::Once(value) => core::str::from_utf8(value)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok()),
        _ => None,
    };
    let too_large = match declared {
        Some(n) if n > limit as u64 => Some(format!(
            "Content-Length says {n} bytes; a body may have at most {limit}"
        )),
        _ if request.body_over_limit || request.body.len() > limit => Some(format!(
            "the body is longer than {limit} bytes, the most accepted"
        )),
        _ => None,
    };
    if let Some(message) = too_large {
        e.add(Location::Body, "body", Reason::BodyTooLarge, limit, message);
        return None;
    }
    match body::fields(request.body, names) {
        Ok(fields) => Some(fields),
        Err(BodyError::InvalidJson { offset, eof }) => {
            let message = if request.body.is_empty() {
                "the body is empty; send a JSON object".into()
            } else if eof {
                format!("the body ends at byte {offset} before its JSON is complete")
            } else {
                format!("the body is not UTF-8 JSON: it breaks at byte {offset}")
            };
            e.add(Location::Body, "body", Reason::InvalidJson, offset, message);
            None
        }
        Err(BodyError::NotAnObject(what)) => {
            e.add(
                Location::Body,
                "body",
                Reason::WrongType,
                0,
                format!("the body must be a JSON object, not {what}"),
            );
            None
        }
    }
}

/// The `i`th field's value, unless it is absent or named twice (recorded).
fn field<'a, const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'a, N>>,
    i: usize,
    names: &'static [&'static str; N],
) -> Option<Option<Json<'a>>> {
    let fields = fields.as_mut()?;
    if fields.duplicated[i] {
        duplicate_field(e, names[i]);
        return None;
    }
    Some(fields.values[i].take())
}

#[cold]
#[inline(never)]
fn duplicate_field(e: &mut Errors, name: &'static str) {
    e.add(
        Location::Body,
        name,
        Reason::DuplicateField,
        0,
        format!("field {name} appears more than once; send it once"),
    );
}

#[cold]
#[inline(never)]
fn missing(e: &mut Errors, name: &'static str, null: bool) {
    let how = if null { "null" } else { "missing" };
    e.add(
        Location::Body,
        name,
        Reason::MissingField,
        0,
        format!("required field {name} is {how}"),
    );
}

#[cold]
#[inline(never)]
fn wrong_type(e: &mut Errors, name: &'static str, expected: &str, found: &Json<'_>) {
    e.add(
        Location::Body,
        name,
        Reason::WrongType,
        0,
        format!("field {name} must be {expected}, not {}", found.noun()),
    );
}

/// A string field's value; `None` when `null` (not recorded) or of another type (recorded).
fn string<'a>(e: &mut Errors, name: &'static str, value: Json<'a>) -> Option<Cow<'a, str>> {
    match value {
        Json::Null => None,
        Json::String(text) => Some(text),
        other => {
            wrong_type(e, name, "a string", &other);
            None
        }
    }
}

fn required_string<'a, const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'a, N>>,
    i: usize,
    names: &'static [&'static str; N],
) -> Option<Cow<'a, str>> {
    match field(e, fields, i, names)? {
        None => {
            missing(e, names[i], false);
            None
        }
        Some(Json::Null) => {
            missing(e, names[i], true);
            None
        }
        Some(value) => string(e, names[i], value),
    }
}

fn optional_string<'a, const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'a, N>>,
    i: usize,
    names: &'static [&'static str; N],
) -> Option<Cow<'a, str>> {
    let value = field(e, fields, i, names)??;
    string(e, names[i], value)
}

fn required_name<'a, const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'a, N>>,
    i: usize,
    names: &'static [&'static str; N],
    kind: Kind,
) -> Option<Cow<'a, str>> {
    let value = required_string(e, fields, i, names)?;
    e.name(Location::Body, names[i], kind, value)
}

fn boolean(e: &mut Errors, name: &'static str, value: Json<'_>) -> Option<bool> {
    match value {
        Json::Bool(b) => Some(b),
        Json::Null => None,
        other => {
            wrong_type(e, name, "a boolean", &other);
            None
        }
    }
}

fn required_bool<const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'_, N>>,
    i: usize,
    names: &'static [&'static str; N],
) -> Option<bool> {
    match field(e, fields, i, names)? {
        None => {
            missing(e, names[i], false);
            None
        }
        Some(Json::Null) => {
            missing(e, names[i], true);
            None
        }
        Some(value) => boolean(e, names[i], value),
    }
}

fn optional_bool<const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'_, N>>,
    i: usize,
    names: &'static [&'static str; N],
) -> Option<bool> {
    let value = field(e, fields, i, names)??;
    boolean(e, names[i], value)
}

/// Largest `expiration`: 2^53 - 1, the largest integer every JSON parser keeps exactly.
const MAX_EXPIRATION: u64 = (1 << 53) - 1;

/// Quay's `expiration` (R6): absent, `null` (cleared) or an integer `0..=2^53-1`. A number
/// with a fraction or exponent is `not-an-integer` (`1e3` too: a JSON integer has neither); a
/// negative one, or one past 2^53-1, is `out-of-range`.
fn expiration<const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'_, N>>,
    i: usize,
    names: &'static [&'static str; N],
) -> Expiration {
    let name = names[i];
    let (rule, shown) = match field(e, fields, i, names) {
        None | Some(None) => return Expiration::Absent,
        Some(Some(Json::Null)) => return Expiration::Cleared,
        Some(Some(Json::Unsigned(n))) if n <= MAX_EXPIRATION => return Expiration::Set(n),
        Some(Some(Json::Unsigned(n))) => (Reason::OutOfRange, format!("{n}")),
        Some(Some(Json::Negative(n))) => (Reason::OutOfRange, format!("{n}")),
        // serde_json reads an integer too large for u64 as a float: out of range either way.
        Some(Some(Json::Float(x))) if x.fract() == 0.0 && x >= u64::MAX as f64 => {
            (Reason::OutOfRange, format!("{x:e}"))
        }
        Some(Some(Json::Float(x))) => (Reason::NotAnInteger, format!("{x}")),
        Some(Some(other)) => {
            wrong_type(e, name, "an integer or null", &other);
            return Expiration::Absent;
        }
    };
    let at = 0;
    let message = match rule {
        Reason::NotAnInteger => format!(
            "field {name} must be a whole number of seconds, not {}",
            quote(shown.as_bytes())
        ),
        _ => format!(
            "field {name} must be from 0 to {MAX_EXPIRATION} seconds since the Unix epoch, not {}",
            quote(shown.as_bytes())
        ),
    };
    e.add(Location::Body, name, rule, at, message);
    Expiration::Absent
}
