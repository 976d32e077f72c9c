//! Whole requests built from the operations' own shapes: a template (or an arbitrary target),
//! path parameters sometimes percent-encoded, documented and undocumented query parameters,
//! `Content-Type` / `Content-Length`, and a JSON body of documented fields with values of every
//! JSON type (or arbitrary bytes). Checks: no panic; every message bounded; a rejection's
//! vendor body is JSON; a valid verdict's names pass their kinds' grammars. Beside them, requests
//! from the crate's public generators (feature `arbitrary`): a valid one must validate, and one
//! with chosen invalid parameters must be rejected for exactly those.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use registry_names::arbitrary::{invalid_request, request as generated_request, GeneratedRequest};
use registry_names::request::{self, Location, Mode, Operation, Request, Valid, Validator};
use registry_names::Kind;

/// `quote` shows at most 64 bytes, each escaped to at most 10 (`\u{10ffff}`); the words around
/// it are short.
const MAX_MESSAGE: usize = 64 * 10 + 400;

const PARAMS: &[&str] = &[
    "limit", "marker", "tag", "with_manifest", "onlyActiveTags", "page", "filter_tag_name",
    "specificTag", "other",
];
const FIELDS: &[&str] = &[
    "source_tag", "destination_tag", "override", "repository", "is_public", "category",
    "description", "tag_name", "ref", "message", "manifest_digest", "expiration", "other",
];

#[derive(Arbitrary, Debug)]
enum Value<'a> {
    Str(&'a str),
    Bool(bool),
    Int(i64),
    Big(u64),
    Float(f64),
    Null,
    Raw(&'a str),
}

/// A request from the public generators, and the parameters it is to be rejected for (`None`:
/// valid).
#[derive(Debug)]
struct Generated {
    request: GeneratedRequest,
    invalid: Option<Vec<(Location, &'static str)>>,
}

impl<'a> Arbitrary<'a> for Generated {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let op = Operation::ALL[u.choose_index(Operation::ALL.len())?];
        if bool::arbitrary(u)? {
            let (request, invalid) = invalid_request(op, u)?;
            Ok(Generated { request, invalid: Some(invalid) })
        } else {
            Ok(Generated { request: generated_request(op, u)?, invalid: None })
        }
    }
}

fn check_generated(generated: &Generated) {
    let verdict = request::validate(&generated.request.as_request());
    match (&generated.invalid, verdict) {
        (None, Some(Ok(valid))) => names_pass_their_kinds(&valid, Mode::Compatible),
        (Some(expected), Some(Err(rejection))) => {
            let got: Vec<(Location, &str)> =
                rejection.errors().iter().map(|e| (e.location(), e.parameter())).collect();
            assert_eq!(&got, expected, "{:?}", generated.request);
        }
        (expected, verdict) => panic!("{:?}: expected {expected:?}, got {verdict:?}", generated.request),
    }
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    generated: Option<Generated>,
    operation: u8,
    method: Option<&'a str>,
    raw_target: Option<&'a str>,
    params: [&'a str; 2],
    encode: u8,
    query: Vec<(u8, &'a str)>,
    content_type: Option<&'a [u8]>,
    content_length: Option<&'a [u8]>,
    fields: Vec<(u8, Value<'a>)>,
    raw_body: Option<&'a [u8]>,
    body_limit: Option<u16>,
    strict: bool,
}

/// Percent-encodes the bytes selected by `mask`'s bits (cycling), so the decoder sees escapes.
fn encode(text: &str, mask: u8) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if mask & (1 << (i % 8)) != 0 {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn json_value(value: &Value<'_>) -> String {
    match value {
        Value::Str(s) => serde_json::to_string(s).unwrap(),
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Big(n) => n.to_string(),
        Value::Float(f) if f.is_finite() => format!("{f:?}"),
        Value::Float(_) => "1.5".into(),
        Value::Null => "null".into(),
        Value::Raw(s) => s.to_string(),
    }
}

fn names_pass_their_kinds(valid: &Valid<'_>, mode: Mode) {
    let ok = |kind: Kind, text: &str| {
        assert!(kind.validate(text.as_bytes()).is_ok(), "{kind:?} {text:?} in a valid request");
    };
    match valid {
        Valid::SwrCreateImageTag(v) => {
            ok(Kind::SwrNamespace, &v.namespace());
            ok(Kind::SwrRepositoryPath, v.repository().as_str());
            ok(Kind::SwrRepository, &v.repository().name());
            ok(Kind::Tag, &v.source_tag());
            ok(Kind::Tag, &v.destination_tag());
        }
        Valid::SwrListImageTags(v) => {
            ok(Kind::SwrNamespace, &v.namespace());
            ok(Kind::SwrRepositoryPath, v.repository().as_str());
            assert!((1..=1000).contains(&v.limit()));
            if let Some(tag) = v.tag() {
                assert!(!tag.is_empty() && tag.len() <= 128);
            }
            if let Some(marker) = v.marker() {
                assert!(!marker.is_empty() && marker.len() <= 1024);
                assert!(marker.bytes().all(|b| (0x21..=0x7e).contains(&b)));
            }
        }
        Valid::SwrCreateRepository(v) => {
            ok(Kind::SwrNamespace, &v.namespace());
            ok(Kind::SwrRepository, &v.repository());
        }
        Valid::CodeArtsAddTag(v) => {
            assert!((1..=2_147_483_647).contains(&v.repository_id()));
            ok(Kind::GitTag, &v.tag_name());
            ok(Kind::GitBranch, &v.branch());
        }
        Valid::QuayRestoreTag(v) => {
            ok(Kind::QuayRepository, &v.repository());
            ok(Kind::Tag, &v.tag());
            ok(Kind::OciDigest, &v.manifest_digest());
        }
        Valid::QuayChangeTag(v) => {
            ok(Kind::QuayRepository, &v.repository());
            ok(Kind::Tag, &v.tag());
            if let Some(digest) = v.manifest_digest() {
                ok(Kind::OciDigest, &digest);
            }
            if let request::Expiration::Set(at) = v.expiration() {
                assert!((0.0..=((1u64 << 53) - 1) as f64).contains(&at.as_f64()));
            }
        }
        Valid::QuayDeleteTag(v) => {
            ok(Kind::QuayRepository, &v.repository());
            ok(Kind::Tag, &v.tag());
        }
        Valid::QuayListTags(v) => {
            ok(Kind::QuayRepository, &v.repository());
            assert!((1..=100).contains(&v.limit()) && v.page() >= 1);
            // Compatible mode (R10) takes any operand and any specificTag, never an unknown op.
            if let Some(filter) = v.filter_tag_name() {
                match mode {
                    Mode::Strict => ok(Kind::QuayTagFilter, filter.as_str()),
                    _ => assert!(filter.as_str().starts_with("like:") || filter.as_str().starts_with("eq:")),
                }
            }
            if let Some(tag) = v.specific_tag() {
                match mode {
                    Mode::Strict => ok(Kind::Tag, tag),
                    _ => assert!(!tag.is_empty()),
                }
            }
        }
        _ => {}
    }
}

fuzz_target!(|input: Input<'_>| {
    if let Some(generated) = &input.generated {
        check_generated(generated);
    }
    let op = Operation::ALL[usize::from(input.operation) % Operation::ALL.len()];
    let target = match input.raw_target {
        Some(raw) => raw.to_string(),
        None => {
            let mut params = input.params.iter().map(|p| encode(p, input.encode));
            let mut target = String::new();
            for (i, piece) in op.template().split('{').enumerate() {
                let rest = if i == 0 { piece } else { piece.split_once('}').map_or("", |(_, r)| r) };
                if i > 0 {
                    target.push_str(&params.next().unwrap_or_default());
                }
                target.push_str(rest);
            }
            let query: Vec<String> = input
                .query
                .iter()
                .map(|(name, value)| format!("{}={}", PARAMS[usize::from(*name) % PARAMS.len()], value))
                .collect();
            if !query.is_empty() {
                target.push('?');
                target.push_str(&query.join("&"));
            }
            target
        }
    };
    let body = match input.raw_body {
        Some(raw) => raw.to_vec(),
        None => {
            let fields: Vec<String> = input
                .fields
                .iter()
                .map(|(name, value)| format!("\"{}\":{}", FIELDS[usize::from(*name) % FIELDS.len()], json_value(value)))
                .collect();
            format!("{{{}}}", fields.join(",")).into_bytes()
        }
    };
    let method = input.method.unwrap_or(op.method());
    let mut req = Request::new(method, &target).body(&body);
    if let Some(ct) = input.content_type {
        req = req.header("Content-Type", ct);
    } else if input.encode & 1 == 0 {
        req = req.header("Content-Type", b"application/json");
    }
    if let Some(cl) = input.content_length {
        req = req.header("content-length", cl);
    }
    let mode = if input.strict { Mode::Strict } else { Mode::Compatible };
    let validator = match input.body_limit {
        Some(limit) => Validator::new().with_body_limit(usize::from(limit)),
        None => Validator::new(),
    }
    .with_mode(mode);
    match validator.validate(&req) {
        None => assert!(request::route(method, &target).is_none()),
        Some(Ok(valid)) => {
            names_pass_their_kinds(&valid, mode);
            // Compatible mode only ever accepts more (R10).
            if mode == Mode::Strict {
                assert!(matches!(validator.with_mode(Mode::Compatible).validate(&req), Some(Ok(_))));
            }
        }
        Some(Err(rejection)) => {
            assert!(!rejection.errors().is_empty());
            for error in rejection.errors() {
                assert!(error.message().len() <= MAX_MESSAGE, "{} bytes", error.message().len());
            }
            let response = rejection.to_vendor_response();
            assert!(response.status == 400 || response.status == 413);
            let _: serde_json::Value = serde_json::from_slice(&response.body).expect("vendor body is JSON");
            let _ = serde_json::to_vec(&rejection).unwrap();
        }
    }
});
