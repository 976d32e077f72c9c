//! Each operation's parameters (R6), checked in R7's order: path, query, headers, body, and
//! within each in the order of the R6 row.

use super::body::{self, BodyError, Fields, Json};
use super::params::{truthy_bool, Errors, Query, MESSAGE_CAPACITY};
use super::rejection::{Location, Reason, Rejection};
use super::table::{self, Compatible, Integer, Param};
use super::valid::*;
use super::{Header, Mode, Operation, Request, Route, Validator};
use crate::grammar::contains_byte;
use crate::kind::Kind;
use crate::quote;
use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use core::fmt::Write as _;

pub(crate) fn validate<'a>(
    validator: &Validator,
    route: &Route<'a>,
    request: &Request<'a>,
) -> Result<Valid<'a>, Rejection> {
    let mut e = Errors::default();
    let [first, second] = route.params;
    let op = route.operation;
    // Each arm reads its operation's rows (`T`, one constant of table.rs): kinds, ranges,
    // defaults and byte rules in `const` blocks, where a row of another shape fails the build,
    // and the rest as constants too, so that the compiled checks are the literals they were.
    // Each arm returns its typed value from where it is built when every parameter is valid;
    // anything else falls through to the one rejection below.
    match op {
        Operation::SwrCreateImageTag => {
            use table::SWR_CREATE_IMAGE_TAG as T;
            let namespace = e.path_name(T.path[0].name, const { T.path[0].kind() }, first);
            let repository = e.path_name(T.path[1].name, const { T.path[1].kind() }, second);
            content_type(&mut e, request, true);
            let mut f = body(&mut e, validator, request, const { &table::names(&T.body) });
            let source_tag = name_field(&mut e, &mut f, &T.body, 0, const { T.body[0].kind() });
            let destination_tag =
                name_field(&mut e, &mut f, &T.body, 1, const { T.body[1].kind() });
            let override_existing = bool_field(&mut e, &mut f, &T.body, 2);
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
            use table::SWR_LIST_IMAGE_TAGS as T;
            const LIMIT: Integer = T.query[0].integer();
            let namespace = e.path_name(T.path[0].name, const { T.path[0].kind() }, first);
            let repository = e.path_name(T.path[1].name, const { T.path[1].kind() }, second);
            let q = Query::parse(route.query, const { &table::names(&T.query) });
            let limit = q.get(&mut e, 0, T.query[0].name).map(|v| {
                e.integer(
                    T.query[0].location,
                    T.query[0].name,
                    &v,
                    LIMIT.min,
                    LIMIT.max,
                )
            });
            let marker = q
                .get(&mut e, 1, T.query[1].name)
                .map(|v| e.opaque(T.query[1].name, v, const { &T.query[1].text() }));
            let tag = q
                .get(&mut e, 2, T.query[2].name)
                .map(|v| e.opaque(T.query[2].name, v, const { &T.query[2].text() }));
            let with_manifest = q
                .get(&mut e, 3, T.query[3].name)
                .map(|v| e.boolean(T.query[3].name, &v));
            match (namespace, repository) {
                (Some(namespace), Some(repository)) if e.0.is_empty() => {
                    return Ok(Valid::SwrListImageTags(SwrListImageTags {
                        namespace,
                        repository,
                        limit: limit
                            .flatten()
                            .map_or(const { LIMIT.default_u32() }, narrow),
                        marker: marker.flatten(),
                        tag: tag.flatten(),
                        with_manifest: with_manifest.flatten(),
                    }));
                }
                _ => {}
            }
        }
        Operation::SwrCreateRepository => {
            use table::SWR_CREATE_REPOSITORY as T;
            let namespace = e.path_name(T.path[0].name, const { T.path[0].kind() }, first);
            content_type(&mut e, request, true);
            let mut f = body(&mut e, validator, request, const { &table::names(&T.body) });
            let repository = string_field(&mut e, &mut f, &T.body, 0).and_then(|value| {
                let (plain, path) = const { T.body[0].forms() };
                // Decision (R6): a `$` marks the path form; both forms name the same repository.
                let kind = if contains_byte(b'$', value.as_bytes()) {
                    path
                } else {
                    plain
                };
                e.name(T.body[0].location, T.body[0].name, kind, value)
            });
            let is_public = bool_field(&mut e, &mut f, &T.body, 1);
            let category = string_field(&mut e, &mut f, &T.body, 2)
                .and_then(|value| category(&mut e, &T.body[2], &value));
            let description = string_field(&mut e, &mut f, &T.body, 3);
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
            use table::CODEARTS_ADD_TAG as T;
            const ID: Integer = T.path[0].integer();
            let repository_id = match super::params::decode(first, false) {
                Ok(id) => e.integer(T.path[0].location, T.path[0].name, &id, ID.min, ID.max),
                Err(at) => {
                    e.encoding(T.path[0].location, T.path[0].name, first, at);
                    None
                }
            };
            // CodeArts documents no Content-Type: checked only when present (R4).
            content_type(&mut e, request, false);
            let mut f = body(&mut e, validator, request, const { &table::names(&T.body) });
            let tag_name = name_field(&mut e, &mut f, &T.body, 0, const { T.body[0].kind() });
            let branch = name_field(&mut e, &mut f, &T.body, 1, const { T.body[1].kind() });
            let message = string_field(&mut e, &mut f, &T.body, 2);
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
            use table::QUAY_RESTORE_TAG as T;
            let repository = e.path_name(T.path[0].name, const { T.path[0].kind() }, first);
            let tag = e.path_name(T.path[1].name, const { T.path[1].kind() }, second);
            content_type(&mut e, request, true);
            let mut f = body(&mut e, validator, request, const { &table::names(&T.body) });
            let digest = name_field(&mut e, &mut f, &T.body, 0, const { T.body[0].kind() });
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
            use table::QUAY_CHANGE_TAG as T;
            let repository = e.path_name(T.path[0].name, const { T.path[0].kind() }, first);
            let tag = e.path_name(T.path[1].name, const { T.path[1].kind() }, second);
            content_type(&mut e, request, true);
            let mut f = body(&mut e, validator, request, const { &table::names(&T.body) });
            let digest = name_field(&mut e, &mut f, &T.body, 0, const { T.body[0].kind() });
            let expiration = expiration(
                &mut e,
                &mut f,
                &T.body,
                1,
                const { T.body[1].expiration_max() },
            );
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
            use table::QUAY_DELETE_TAG as T;
            let repository = e.path_name(T.path[0].name, const { T.path[0].kind() }, first);
            let tag = e.path_name(T.path[1].name, const { T.path[1].kind() }, second);
            // Only the path names can be wrong here: no query parameter, header or body.
            if let (Some(repository), Some(tag)) = (repository, tag) {
                return Ok(Valid::QuayDeleteTag(QuayDeleteTag { repository, tag }));
            }
        }
        Operation::QuayListTags => {
            use table::QUAY_LIST_TAGS as T;
            const PAGE: Integer = T.query[1].integer();
            const LIMIT: Integer = T.query[2].integer();
            let repository = e.path_name(T.path[0].name, const { T.path[0].kind() }, first);
            let q = Query::parse(route.query, const { &table::names(&T.query) });
            let mode = validator.mode;
            let only_active = q
                .get(&mut e, 0, T.query[0].name)
                .and_then(|v| boolean(&mut e, &T.query[0], mode, &v));
            let page = q
                .get(&mut e, 1, T.query[1].name)
                .and_then(|v| clamped(&mut e, &T.query[1], mode, &v, PAGE));
            let limit = q
                .get(&mut e, 2, T.query[2].name)
                .and_then(|v| clamped(&mut e, &T.query[2], mode, &v, LIMIT));
            let filter = q.get(&mut e, 3, T.query[3].name).and_then(|v| {
                query_name(&mut e, &T.query[3], mode, const { T.query[3].kind() }, v)
            });
            let specific = q.get(&mut e, 4, T.query[4].name).and_then(|v| {
                query_name(&mut e, &T.query[4], mode, const { T.query[4].kind() }, v)
            });
            match repository {
                Some(repository) if e.0.is_empty() => {
                    return Ok(Valid::QuayListTags(QuayListTags {
                        repository,
                        only_active_tags: only_active,
                        page: page.unwrap_or(const { Clamped::default(PAGE.default_u32()) }),
                        limit: limit.unwrap_or(const { Clamped::default(LIMIT.default_u32()) }),
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

/// A boolean query parameter of `row`: exactly `true`/`false`, or in compatible mode as the
/// row says (R10).
#[inline(always)]
fn boolean(e: &mut Errors, row: &'static Param, mode: Mode, value: &str) -> Option<bool> {
    match (mode, row.compatible) {
        (Mode::Compatible, Compatible::TruthyBool) => Some(truthy_bool(value)),
        _ => e.boolean(row.name, value),
    }
}

/// An integer query parameter of `row` with the value used: R3's digits in `range`, or in
/// compatible mode as the row says (R10: Python's `int()`, then clamped as Quay clamps).
#[inline(always)]
fn clamped(
    e: &mut Errors,
    row: &'static Param,
    mode: Mode,
    value: &str,
    range: Integer,
) -> Option<Clamped> {
    match (mode, row.compatible) {
        (Mode::Compatible, Compatible::PythonInt { clamp_max }) => {
            let given = e.python_int(row.name, value)?;
            Some(Clamped::clamp(
                given,
                range.min,
                clamp_max.then_some(range.max),
            ))
        }
        _ => {
            let n = e.integer(row.location, row.name, value, range.min, range.max)?;
            // At most 10 digits: fits both.
            Some(Clamped {
                given: Some(n as i64),
                used: narrow(n),
            })
        }
    }
}

/// A query parameter of `row` checked against `kind`, or in compatible mode read as the row
/// says (R10): any text, or a `like:`/`eq:` filter with any operand; empty is absent there.
#[inline(always)]
fn query_name<'a>(
    e: &mut Errors,
    row: &'static Param,
    mode: Mode,
    kind: Kind,
    value: Cow<'a, str>,
) -> Option<Cow<'a, str>> {
    match (mode, row.compatible) {
        (Mode::Compatible, Compatible::AnyString) => (!value.is_empty()).then_some(value),
        (Mode::Compatible, Compatible::FilterAnyOperand) if value.is_empty() => None,
        (Mode::Compatible, Compatible::FilterAnyOperand)
            if value.starts_with("like:") || value.starts_with("eq:") =>
        {
            Some(value)
        }
        // Strict mode, and in compatible mode a filter whose op is unknown or missing: the
        // grammar's error names what is wrong with the op.
        _ => e.name(row.location, row.name, kind, value),
    }
}

/// SWR's `category` (R6): one of [`Category::ALL`], else `unknown-value` (recorded).
fn category(e: &mut Errors, row: &'static Param, value: &str) -> Option<Category> {
    let found = Category::ALL.into_iter().find(|c| c.id() == value);
    if found.is_none() {
        unknown_category(e, row, value);
    }
    found
}

#[cold]
#[inline(never)]
fn unknown_category(e: &mut Errors, row: &'static Param, value: &str) {
    let mut message = String::with_capacity(MESSAGE_CAPACITY);
    let _ = write!(
        message,
        "{} {} is not one of ",
        row.name,
        quote(value.as_bytes())
    );
    // A loop rather than `join`: join's instance changed how `params::decode` was compiled
    // beside it, at a cost per valid listing request (callgrind, BENCHMARKS.md).
    for (i, c) in Category::ALL.into_iter().enumerate() {
        if i > 0 {
            message.push_str(", ");
        }
        message.push_str(c.id());
    }
    e.add(row.location, row.name, Reason::UnknownValue, 0, message);
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
    rows: &'static [Param; N],
    i: usize,
) -> Option<Option<Json<'a>>> {
    let fields = fields.as_mut()?;
    if fields.duplicated[i] {
        duplicate_field(e, rows[i].name);
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

/// The `i`th field's value when it is given; a required field that is absent or `null` is
/// recorded as missing (R5). An optional field's `null` is returned: each reader takes it as
/// absent.
#[inline(always)]
fn given<'a, const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'a, N>>,
    rows: &'static [Param; N],
    i: usize,
) -> Option<Json<'a>> {
    let row = &rows[i];
    match field(e, fields, rows, i)? {
        None if row.required => {
            missing(e, row.name, false);
            None
        }
        Some(Json::Null) if row.required => {
            missing(e, row.name, true);
            None
        }
        value => value,
    }
}

/// A string field's value; `None` when absent or `null`, or when of another type (recorded).
#[inline(always)]
fn string_field<'a, const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'a, N>>,
    rows: &'static [Param; N],
    i: usize,
) -> Option<Cow<'a, str>> {
    let name = rows[i].name;
    match given(e, fields, rows, i)? {
        Json::Null => None,
        Json::String(text) => Some(text),
        other => {
            wrong_type(e, name, "a string", &other);
            None
        }
    }
}

/// A string field checked against `kind` (the row's, read when compiling).
#[inline(always)]
fn name_field<'a, const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'a, N>>,
    rows: &'static [Param; N],
    i: usize,
    kind: Kind,
) -> Option<Cow<'a, str>> {
    let value = string_field(e, fields, rows, i)?;
    e.name(rows[i].location, rows[i].name, kind, value)
}

/// A boolean field's value; `None` when absent or `null`, or when of another type (recorded).
#[inline(always)]
fn bool_field<const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'_, N>>,
    rows: &'static [Param; N],
    i: usize,
) -> Option<bool> {
    let name = rows[i].name;
    match given(e, fields, rows, i)? {
        Json::Bool(b) => Some(b),
        Json::Null => None,
        other => {
            wrong_type(e, name, "a boolean", &other);
            None
        }
    }
}

/// Quay's `expiration` (R6): absent, `null` (cleared) or a JSON number `0..=max`, integer or
/// fraction, as Quay's schema types it `["number", "null"]`; a negative one, or one past `max`,
/// is `out-of-range`. The same in both modes.
fn expiration<const N: usize>(
    e: &mut Errors,
    fields: &mut Option<Fields<'_, N>>,
    rows: &'static [Param; N],
    i: usize,
    max: u64,
) -> Expiration {
    let name = rows[i].name;
    let shown = match field(e, fields, rows, i) {
        None | Some(None) => return Expiration::Absent,
        Some(Some(Json::Null)) => return Expiration::Cleared,
        // 2^53-1 and below are exact as `f64`.
        Some(Some(Json::Unsigned(n))) if n <= max => {
            return Expiration::Set(EpochSeconds::from_checked(n as f64))
        }
        Some(Some(Json::Negative(0))) => return Expiration::Set(EpochSeconds::from_checked(0.0)),
        Some(Some(Json::Float(x))) if (0.0..=max as f64).contains(&x) => {
            return Expiration::Set(EpochSeconds::from_checked(x))
        }
        Some(Some(Json::Unsigned(n))) => format!("{n}"),
        Some(Some(Json::Negative(n))) => format!("{n}"),
        Some(Some(Json::Float(x))) => format!("{x:e}"),
        Some(Some(other)) => {
            wrong_type(e, name, "a number or null", &other);
            return Expiration::Absent;
        }
    };
    let message = format!(
        "field {name} must be from 0 to {max} seconds since the Unix epoch, not {}",
        quote(shown.as_bytes())
    );
    e.add(rows[i].location, name, Reason::OutOfRange, 0, message);
    Expiration::Absent
}
