//! JSON Schema and OpenAPI 3.1 of the eight operations (feature `schema`), rendered from the
//! table of their parameters (docs/requests.md R6) that validation reads.
//!
//! [`body_schema`] gives an operation's body as a self-contained JSON Schema; [`openapi`] gives
//! an OpenAPI 3.1 document of the eight operations: paths (R1, R2), path and query parameters
//! with their schemas (R3, R6), request bodies (R4, R5) and the vendors' error responses (R8).
//! The names' schemas are those of [`crate::schema`]. With the `schemars` or `utoipa`
//! feature, the body types below ([`SwrCreateImageTagBody`], …) carry the same schemas for
//! schemars' `JsonSchema` and utoipa's `ToSchema`, and (with `utoipa`) each operation's typed
//! value implements `IntoParams` with its path and query parameters.
//!
//! What JSON Schema cannot say is in the descriptions: a body field named twice is refused
//! (`duplicate-field`), and a query integer has no sign and no leading zero (R3). The schemas
//! state the documented rules, R10's strict mode; compatible mode also accepts what Quay's
//! server reads in `quay.list-tags`'s query (docs/requests.md R10).
//!
//! ```
//! use registry_names::request::{schema, Operation};
//! let body = schema::body_schema(Operation::QuayRestoreTag).unwrap();
//! assert_eq!(body["required"], serde_json::json!(["manifest_digest"]));
//! assert!(schema::body_schema(Operation::QuayDeleteTag).is_none());
//!
//! let document = schema::openapi();
//! assert_eq!(document["openapi"], "3.1.0");
//! let create = &document["paths"]["/v2/manage/namespaces/{namespace}/repos/{repository}/tags"]["post"];
//! assert_eq!(create["operationId"], "swr.create-image-tag");
//! ```

use super::table::{self, Grammar, Integer, Param, Text};
use super::{Operation, Vendor};
use crate::schema::{self as names, NameSchema};
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// The operation's path and query parameters, in R6's order (docs/requests.md R6's rows, from the
/// one table that validation reads).
pub(crate) fn parameters(op: Operation) -> impl Iterator<Item = &'static Param> {
    let rows = table::rows(op);
    rows.path.iter().chain(rows.query)
}

/// The operation's body fields in R6's order, if it takes a body.
pub(crate) fn body_fields(op: Operation) -> Option<&'static [Param]> {
    op.has_body().then_some(table::rows(op).body)
}

/// The schema name of an operation's body (`SwrCreateImageTagBody`, …), if it takes one.
pub(crate) const fn body_name(op: Operation) -> Option<&'static str> {
    match op {
        Operation::SwrCreateImageTag => Some("SwrCreateImageTagBody"),
        Operation::SwrCreateRepository => Some("SwrCreateRepositoryBody"),
        Operation::CodeArtsAddTag => Some("CodeArtsAddTagBody"),
        Operation::QuayRestoreTag => Some("QuayRestoreTagBody"),
        Operation::QuayChangeTag => Some("QuayChangeTagBody"),
        Operation::SwrListImageTags | Operation::QuayDeleteTag | Operation::QuayListTags => None,
    }
}

/// What every body's description says about what its schema cannot.
pub(crate) const BODY_NOTE: &str = "A UTF-8 JSON object of at most 64 KiB by default (R5). \
     Unknown fields are ignored; a field named twice is refused (duplicate-field), which JSON \
     Schema cannot say; an optional field that is null counts as absent unless its description \
     says otherwise.";

/// The description of an operation's body.
pub(crate) fn body_description(op: Operation) -> String {
    alloc::format!("The body of {} (docs/requests.md R6). {BODY_NOTE}", op.id())
}

/// The category values (R6), in the page's order.
fn categories() -> impl Iterator<Item = &'static str> {
    super::Category::ALL.into_iter().map(super::Category::id)
}

/// A grammar as JSON; `name` renders a name's schema (inline or as a `$ref`),
/// `nullable` lets an optional body field be `null`.
pub(crate) fn grammar_json(
    grammar: Grammar,
    nullable: bool,
    name: &mut dyn FnMut(&'static NameSchema) -> Value,
) -> Value {
    let types = |t: &str| {
        if nullable {
            json!([t, "null"])
        } else {
            json!(t)
        }
    };
    let or_null = |schema: Value| {
        if nullable {
            json!({ "anyOf": [schema, { "type": "null" }] })
        } else {
            schema
        }
    };
    match grammar {
        Grammar::Name(kind) => or_null(name(kind.schema())),
        Grammar::EitherForm { plain, path } => json!({
            "anyOf": [name(plain.schema()), name(path.schema())]
        }),
        Grammar::Integer(Integer { min, max, default }) => {
            let mut object = Map::new();
            object.insert("type".into(), types("integer"));
            object.insert("minimum".into(), min.into());
            object.insert("maximum".into(), max.into());
            if let Some(default) = default {
                object.insert("default".into(), default.into());
            }
            Value::Object(object)
        }
        Grammar::Boolean => json!({ "type": types("boolean") }),
        // minLength 1: no typed parameter may be empty (R3).
        Grammar::Text(Text { pattern, max, .. }) => json!({
            "type": types("string"),
            "pattern": pattern,
            "minLength": 1,
            "maxLength": max,
        }),
        Grammar::AnyString => json!({ "type": types("string") }),
        Grammar::Category => {
            let mut values: Vec<Value> = categories().map(Value::from).collect();
            if nullable {
                values.push(Value::Null);
            }
            json!({ "type": types("string"), "enum": values })
        }
        Grammar::Expiration { max } => json!({
            "type": ["number", "null"],
            "minimum": 0,
            "maximum": max,
        }),
    }
}

/// An operation's body schema, with each name rendered by `name`.
pub(crate) fn body_json(
    op: Operation,
    name: &mut dyn FnMut(&'static NameSchema) -> Value,
) -> Option<Map<String, Value>> {
    let fields = body_fields(op)?;
    let mut properties = Map::new();
    for f in fields {
        let mut schema = grammar_json(f.grammar, !f.required, name);
        if let Value::Object(object) = &mut schema {
            object.insert("description".into(), f.description.into());
        }
        properties.insert(f.name.into(), schema);
    }
    let required: Vec<Value> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| Value::from(f.name))
        .collect();
    let mut object = Map::new();
    object.insert("type".into(), "object".into());
    object.insert("description".into(), body_description(op).into());
    object.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        object.insert("required".into(), Value::Array(required));
    }
    Some(object)
}

/// The JSON Schema (draft 2020-12) of `op`'s body, self-contained: the names' schemas are
/// inline. `None` for the three operations without a body.
///
/// A body that the crate accepts is valid against it; the schema cannot say that a field named
/// twice is refused, nor that `1.0` is not an integer (see the module docs).
pub fn body_schema(op: Operation) -> Option<Value> {
    let mut object = body_json(op, &mut |schema| schema.to_json())?;
    object.insert("$schema".into(), names::DRAFT_2020_12.into());
    object.insert("title".into(), body_name(op)?.into());
    Some(Value::Object(object))
}

/// The SWR error codes of R8 (which endpoint returns which is inferred from the published table).
const SWR_CODES: [&str; 11] = [
    "SVCSTG.SWR.4001028",
    "SVCSTG.SWR.4001029",
    "SVCSTG.SWR.4009021",
    "SVCSTG.SWR.4000013",
    "SVCSTG.SWR.4000056",
    "SVCSTG.SWR.4001009",
    "SVCSTG.SWR.4001014",
    "SVCSTG.SWR.4001025",
    "SVCSTG.SWR.4000014",
    "SVCSTG.SWR.4001018",
    "SVCSTG.SWR.4131001",
];

/// The schema name of a vendor's error body.
const fn error_name(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Swr => "SwrErrors",
        Vendor::CodeArts => "CodeArtsError",
        Vendor::Quay => "QuayError",
    }
}

/// A vendor's error body (R8).
fn error_schema(vendor: Vendor) -> Value {
    match vendor {
        Vendor::Swr => json!({
            "type": "array",
            "description": "SWR's error shape (R8): one object per invalid parameter, in the order \
                path, query, headers, body.",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["errorCode", "errorMessage", "detail"],
                "properties": {
                    "errorCode": { "type": "string", "enum": SWR_CODES },
                    "errorMessage": { "type": "string" },
                    "detail": {
                        "type": "string",
                        "description": "LOCATION parameter NAME: RULE (byte OFFSET)",
                    },
                },
            },
        }),
        Vendor::CodeArts => json!({
            "type": "object",
            "description": "CodeArts Repo's error shape (R8); the message joins every invalid \
                parameter's with '; '. Always status 400.",
            "required": ["error", "status"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": { "type": "string", "enum": ["CH.010001"] },
                        "message": { "type": "string" },
                    },
                },
                "status": { "type": "string", "enum": ["failed"] },
            },
        }),
        Vendor::Quay => json!({
            "type": "object",
            "description": "Quay's ApiError shape (R8); the messages join every invalid \
                parameter's with '; '. type is BASE/api/v1/error/invalid_request, BASE \
                configurable (empty by default).",
            "required": ["status", "error_message", "title", "error_type", "detail", "type"],
            "properties": {
                "status": { "type": "integer", "enum": [400, 413] },
                "error_message": { "type": "string" },
                "title": { "type": "string", "enum": ["invalid_request"] },
                "error_type": { "type": "string", "enum": ["invalid_request"] },
                "detail": { "type": "string" },
                "type": { "type": "string", "pattern": "/api/v1/error/invalid_request$" },
            },
        }),
    }
}

/// A name's `$ref` into `components/schemas`, recording the name.
fn component_ref(
    used: &mut BTreeMap<&'static str, &'static NameSchema>,
    schema: &'static NameSchema,
) -> Value {
    used.insert(schema.name, schema);
    json!({ "$ref": alloc::format!("#/components/schemas/{}", schema.name) })
}

/// An OpenAPI parameter object.
fn parameter_json(param: &Param, name: &mut dyn FnMut(&'static NameSchema) -> Value) -> Value {
    json!({
        "name": param.name,
        "in": param.location.id(),
        "required": param.required,
        "description": param.description,
        "schema": grammar_json(param.grammar, false, name),
    })
}

/// A JSON response with the vendor's error body.
fn error_response(vendor: Vendor, description: &str) -> Value {
    json!({
        "description": description,
        "content": {
            "application/json": {
                "schema": { "$ref": alloc::format!("#/components/schemas/{}", error_name(vendor)) }
            }
        }
    })
}

/// One operation object.
fn operation_json(op: Operation, used: &mut BTreeMap<&'static str, &'static NameSchema>) -> Value {
    let vendor = op.vendor();
    let mut name = |schema: &'static NameSchema| component_ref(used, schema);
    let parameters: Vec<Value> = parameters(op)
        .map(|p| parameter_json(p, &mut name))
        .collect();
    let mut responses = Map::new();
    responses.insert(
        "400".into(),
        error_response(
            vendor,
            "The request is invalid (docs/requests.md R7): every invalid parameter, in the vendor's \
             error shape (R8).",
        ),
    );
    if op.has_body() && vendor != Vendor::CodeArts {
        responses.insert(
            "413".into(),
            error_response(
                vendor,
                "The body is longer than the limit (64 KiB by default): body-too-large, decided \
                 without reading further.",
            ),
        );
    }
    responses.insert(
        "default".into(),
        json!({
            "description": "The registry's own response: a valid request is passed on unchanged."
        }),
    );
    let mut object = Map::new();
    object.insert("operationId".into(), op.id().into());
    object.insert("tags".into(), json!([vendor_tag(vendor)]));
    object.insert(
        "summary".into(),
        alloc::format!("{} {} ({})", op.method(), op.template(), op.id()).into(),
    );
    object.insert("parameters".into(), parameters.into());
    if let Some(body) = body_name(op) {
        object.insert(
            "requestBody".into(),
            json!({
                "required": true,
                "description": if vendor == Vendor::CodeArts {
                    "JSON; Content-Type, which CodeArts does not document, is checked only when \
                     present (R4)."
                } else {
                    "JSON, sent with Content-Type application/json (charset, if any, UTF-8; R4)."
                },
                "content": {
                    "application/json": {
                        "schema": { "$ref": alloc::format!("#/components/schemas/{body}") }
                    }
                }
            }),
        );
    }
    object.insert("responses".into(), Value::Object(responses));
    Value::Object(object)
}

/// The OpenAPI tag of a vendor's operations.
const fn vendor_tag(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Swr => "swr",
        Vendor::CodeArts => "codearts",
        Vendor::Quay => "quay",
    }
}

/// The OpenAPI 3.1 document of the eight operations: for each, its path (R1), path and query
/// parameters with their schemas (R6), request body (R4–R6), and the vendor's error responses
/// (R8: 400, and 413 for a body past the limit), the shared schemas under
/// `components/schemas`. What `registry-names schema --openapi` prints.
pub fn openapi() -> Value {
    let mut used = BTreeMap::new();
    let mut paths = Map::new();
    let mut bodies = Map::new();
    for op in Operation::ALL {
        let item = paths
            .entry(op.template())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(item) = item {
            item.insert(
                op.method().to_ascii_lowercase(),
                operation_json(op, &mut used),
            );
        }
        if let (Some(name), Some(body)) = (
            body_name(op),
            body_json(op, &mut |schema| component_ref(&mut used, schema)),
        ) {
            bodies.insert(name.into(), Value::Object(body));
        }
    }
    let mut schemas: Map<String, Value> = used
        .into_iter()
        .map(|(name, schema)| (name.into(), schema.to_json()))
        .collect();
    schemas.extend(bodies);
    for vendor in [Vendor::Swr, Vendor::CodeArts, Vendor::Quay] {
        schemas.insert(error_name(vendor).into(), error_schema(vendor));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "registry-names: the validated registry operations",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The eight operations of Huawei SWR, CodeArts Repo and Quay that \
                registry-names validates as whole requests (docs/requests.md), with the name \
                grammars of docs/grammars.md as schemas. A gateway with this crate's layer answers \
                an invalid request with the 400 or 413 below and passes a valid one on.",
        },
        "tags": [
            { "name": "swr", "description": "Huawei Cloud SWR" },
            { "name": "codearts", "description": "Huawei CodeArts Repo" },
            { "name": "quay", "description": "Red Hat Quay" },
        ],
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

/// The body types: schema-only, one per operation with a body, so that schemars' and utoipa's
/// derives and macros can name a body (`request_body = SwrCreateImageTagBody`). Validation is
/// [`Validator`](super::Validator) or, in axum, `ValidRequest<T>`; these types hold nothing.
macro_rules! bodies {
    ($($ty:ident = $variant:ident;)*) => {$(
        #[doc = concat!(
            "The body of `", stringify!($variant), "` as a schema ([`body_schema`] of ",
            "[`Operation::", stringify!($variant), "`]): `JsonSchema` with `schemars`, ",
            "`ToSchema` with `utoipa`. Holds nothing.",
        )]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $ty;

        impl $ty {
            /// The operation whose body this is.
            pub const OPERATION: Operation = Operation::$variant;
        }
    )*};
}

/// Calls `$m!` with every body type and its operation: the one list the body types and their
/// schemars and utoipa impls are generated from.
macro_rules! for_each_body {
    ($m:ident) => {
        $m! {
            SwrCreateImageTagBody = SwrCreateImageTag;
            SwrCreateRepositoryBody = SwrCreateRepository;
            CodeArtsAddTagBody = CodeArtsAddTag;
            QuayRestoreTagBody = QuayRestoreTag;
            QuayChangeTagBody = QuayChangeTag;
        }
    };
}
#[cfg(any(feature = "schemars", feature = "utoipa"))]
pub(crate) use for_each_body;

for_each_body!(bodies);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_with_a_body_has_a_schema_name_and_no_other_does() {
        for op in Operation::ALL {
            assert_eq!(body_name(op).is_some(), op.has_body(), "{op}");
            assert_eq!(body_schema(op).is_some(), op.has_body(), "{op}");
        }
    }

    #[test]
    fn each_operation_is_tagged_with_its_vendor() {
        let document = openapi();
        for op in Operation::ALL {
            let path = op.template();
            let method = op.method().to_ascii_lowercase();
            assert_eq!(
                document["paths"][path][method.as_str()]["tags"],
                serde_json::json!([op.id().split('.').next().unwrap()]),
                "{op}"
            );
        }
    }

    #[test]
    fn a_body_schema_says_what_json_schema_cannot() {
        let schema = body_schema(Operation::SwrCreateImageTag).unwrap();
        assert_eq!(
            schema["description"],
            alloc::format!("The body of swr.create-image-tag (docs/requests.md R6). {BODY_NOTE}")
        );
    }
}
