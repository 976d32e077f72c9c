//! The name schemas as JSON (feature `schema`): what the CLI prints, what the schemars impls
//! return, and what the OpenAPI document puts under `components/schemas`.

use super::{NameSchema, DRAFT_2020_12};
use alloc::string::String;
use serde_json::{Map, Value};

/// The schema's keywords as a JSON object, without `$schema` or `title` (a subschema).
pub(crate) fn name_json(schema: &NameSchema) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("type".into(), "string".into());
    object.insert("description".into(), schema.description.into());
    object.insert("pattern".into(), schema.pattern.into());
    object.insert("minLength".into(), schema.min_length.into());
    if let Some(max) = schema.max_length {
        object.insert("maxLength".into(), max.into());
    }
    object.insert(
        "examples".into(),
        schema.examples.iter().copied().map(Value::from).collect(),
    );
    object
}

impl NameSchema {
    /// The schema as a JSON Schema 2020-12 subschema: `type`, `description`, `pattern`,
    /// `minLength`, `maxLength` (when bounded) and `examples`.
    ///
    /// ```
    /// use registry_names::Kind;
    /// let json = Kind::Tag.schema().to_json();
    /// assert_eq!(json["pattern"], "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
    /// assert_eq!(json["maxLength"], 128);
    /// ```
    pub fn to_json(&self) -> Value {
        Value::Object(name_json(self))
    }

    /// The schema as a JSON Schema document: [`to_json`](Self::to_json) with `$schema` (draft
    /// 2020-12) and `title` ([`name`](Self::name)), as `registry-names schema KIND` prints it
    /// and as schemars' `schema_for!` gives it for the owned type.
    pub fn to_json_document(&self) -> Value {
        let mut object = name_json(self);
        object.insert("$schema".into(), DRAFT_2020_12.into());
        object.insert("title".into(), self.name.into());
        Value::Object(object)
    }
}
