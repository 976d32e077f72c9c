//! utoipa (feature `utoipa`): `PartialSchema` and `ToSchema` for every name type, borrowed and
//! owned, and, with `request`, for the request body types, plus `IntoParams` for each
//! operation's typed value (its path and query parameters). Built with utoipa's builders from
//! the same descriptions as the JSON; `tests/schema.rs` checks that both serialize alike.

use super::NameSchema;
use crate::kind::Kind;
use crate::{git, oci, quay, reference, swr, tag};
use alloc::borrow::Cow;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// A name's schema: a string with pattern, lengths, description and examples.
fn name_schema(schema: &NameSchema) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(schema.description))
        .pattern(Some(schema.pattern))
        .min_length(Some(schema.min_length))
        .max_length(schema.max_length)
        .examples(schema.examples.iter().copied())
        .into()
}

/// `PartialSchema` and `ToSchema` for every name type in `for_each_name_type!`, each kind's with
/// its kind's schema.
macro_rules! to_schema {
    (
        kinds { $($kind:ident => $module:ident::{$name:ident, $buf:ident};)* }
        operands { $($schema:ident => $omodule:ident::{$oname:ident, $obuf:ident};)* }
    ) => {
        $(to_schema!(@impl Kind::$kind.schema() => $module::$name<'_>, $module::$buf);)*
        $(to_schema!(@impl &super::$schema => $omodule::$oname<'_>, $omodule::$obuf);)*
    };
    (@impl $schema:expr => $($ty:ty),+) => {$(
        #[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
        impl PartialSchema for $ty {
            /// The type's [`NameSchema`]: pattern, lengths, description, examples.
            fn schema() -> RefOr<Schema> {
                name_schema($schema)
            }
        }

        #[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($schema.name)
            }
        }
    )+};
}

crate::kind::for_each_name_type!(to_schema);

#[cfg(feature = "request")]
mod request {
    use super::name_schema;
    use crate::request::schema::{body_description, body_fields, body_name, parameters, *};
    use crate::request::table::{Grammar, Integer, Text};
    use crate::request::{self as req, Location, Operation};
    use crate::schema::NameSchema;
    use alloc::borrow::Cow;
    use alloc::string::String;
    use alloc::vec::Vec;
    use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{
        AnyOfBuilder, ObjectBuilder, Ref, RefBuilder, Schema, SchemaType, Type,
    };
    use utoipa::openapi::{RefOr, Required};
    use utoipa::{IntoParams, PartialSchema, ToSchema};

    /// `t`, or `[t, "null"]`.
    fn types(t: Type, nullable: bool) -> SchemaType {
        if nullable {
            SchemaType::from_iter([t, Type::Null])
        } else {
            SchemaType::new(t)
        }
    }

    fn reference(schema: &NameSchema) -> RefOr<Schema> {
        RefOr::Ref(Ref::from_schema_name(schema.name))
    }

    /// A [`Grammar`] as utoipa's schema, as `grammar_json` renders it with `$ref`s;
    /// `description` goes on the outermost schema.
    fn shape(grammar: Grammar, nullable: bool, description: Option<&str>) -> RefOr<Schema> {
        match grammar {
            Grammar::Name(kind) if nullable => AnyOfBuilder::new()
                .item(reference(kind.schema()))
                .item(ObjectBuilder::new().schema_type(Type::Null))
                .description(description)
                .into(),
            Grammar::Name(kind) => RefBuilder::new()
                .ref_location_from_schema_name(kind.schema().name)
                .description(description)
                .into(),
            Grammar::EitherForm { plain, path } => AnyOfBuilder::new()
                .item(reference(plain.schema()))
                .item(reference(path.schema()))
                .description(description)
                .into(),
            Grammar::Integer(Integer { min, max, default }) => ObjectBuilder::new()
                .schema_type(types(Type::Integer, nullable))
                .minimum(Some(min))
                .maximum(Some(max))
                .default(default.map(Into::into))
                .description(description)
                .into(),
            Grammar::Boolean => ObjectBuilder::new()
                .schema_type(types(Type::Boolean, nullable))
                .description(description)
                .into(),
            // minLength 1: no typed parameter may be empty (R3).
            Grammar::Text(Text { pattern, max, .. }) => ObjectBuilder::new()
                .schema_type(types(Type::String, nullable))
                .pattern(Some(pattern))
                .min_length(Some(1))
                .max_length(Some(max))
                .description(description)
                .into(),
            Grammar::AnyString => ObjectBuilder::new()
                .schema_type(types(Type::String, nullable))
                .description(description)
                .into(),
            Grammar::Category => {
                let mut values: Vec<serde_json::Value> = req::Category::ALL
                    .into_iter()
                    .map(|c| c.id().into())
                    .collect();
                if nullable {
                    values.push(serde_json::Value::Null);
                }
                ObjectBuilder::new()
                    .schema_type(types(Type::String, nullable))
                    .enum_values(Some(values))
                    .description(description)
                    .into()
            }
            Grammar::Expiration { max } => ObjectBuilder::new()
                .schema_type(types(Type::Number, true))
                .minimum(Some(0u64))
                .maximum(Some(max))
                .description(description)
                .into(),
        }
    }

    /// The body of `op` with its names as `$ref`s to their components.
    fn body(op: Operation) -> RefOr<Schema> {
        let mut object = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(body_description(op)));
        for f in body_fields(op).unwrap_or_default() {
            object = object.property(f.name, shape(f.grammar, !f.required, Some(f.description)));
            if f.required {
                object = object.required(f.name);
            }
        }
        object.into()
    }

    /// The name schemas `op`'s body refers to, for `ToSchema::schemas`.
    fn referenced(op: Operation, schemas: &mut Vec<(String, RefOr<Schema>)>) {
        for f in body_fields(op).unwrap_or_default() {
            let named: &[&NameSchema] = match f.grammar {
                Grammar::Name(kind) => &[kind.schema()],
                Grammar::EitherForm { plain, path } => &[plain.schema(), path.schema()],
                _ => &[],
            };
            for schema in named {
                schemas.push((schema.name.into(), name_schema(schema)));
            }
        }
    }

    macro_rules! body_schema {
        ($($ty:ident = $operation:ident;)*) => {$(
            #[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
            impl PartialSchema for $ty {
                /// The body's schema, each name a `$ref` to its component.
                fn schema() -> RefOr<Schema> {
                    body($ty::OPERATION)
                }
            }

            #[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
            impl ToSchema for $ty {
                fn name() -> Cow<'static, str> {
                    Cow::Borrowed(body_name($ty::OPERATION).unwrap_or(stringify!($ty)))
                }

                /// The name schemas the body refers to.
                fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                    referenced($ty::OPERATION, schemas);
                }
            }
        )*};
    }

    crate::request::schema::for_each_body!(body_schema);

    /// `op`'s path and query parameters (R6), their names' schemas inline.
    fn params(op: Operation) -> Vec<Parameter> {
        parameters(op)
            .map(|p| {
                let at = match p.location {
                    Location::Path => ParameterIn::Path,
                    _ => ParameterIn::Query,
                };
                let required = if p.required {
                    Required::True
                } else {
                    Required::False
                };
                let schema = match p.grammar {
                    Grammar::Name(kind) => name_schema(kind.schema()),
                    other => shape(other, false, None),
                };
                ParameterBuilder::new()
                    .name(p.name)
                    .parameter_in(at)
                    .required(required)
                    .description(Some(p.description))
                    .schema(Some(schema))
                    .build()
            })
            .collect()
    }

    macro_rules! into_params {
        ($($ty:ident),*) => {$(
            #[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
            impl IntoParams for req::$ty<'_> {
                /// The operation's path and query parameters (docs/requests.md R6), each with its
                /// own location whatever the provider says.
                fn into_params(
                    _: impl Fn() -> Option<ParameterIn>,
                ) -> Vec<Parameter> {
                    params(Operation::$ty)
                }
            }
        )*};
    }

    into_params!(
        SwrCreateImageTag,
        SwrListImageTags,
        SwrCreateRepository,
        CodeArtsAddTag,
        QuayRestoreTag,
        QuayChangeTag,
        QuayDeleteTag,
        QuayListTags
    );
}
