//! schemars 1.x (feature `schemars`): `JsonSchema` for every name type, borrowed and owned, and,
//! with `request`, for the request body types. Written by hand from the [`NameSchema`]s: a
//! derived schema of a `try_from = "String"` newtype is a bare `string` that loses the pattern
//! and lengths.
//!
//! A name type's schema is not inlined: it becomes a definition (`$defs/SwrNamespace`, …)
//! shared by every field of that type, the owned and the borrowed type alike.

use super::{name_json, NameSchema};
use crate::kind::Kind;
use crate::{git, oci, quay, reference, swr, tag};
use alloc::borrow::Cow;
use alloc::format;
use schemars::{JsonSchema, Schema, SchemaGenerator};

/// The `schema_id` of a name schema: the same for the borrowed and the owned type.
fn id(schema: &NameSchema) -> Cow<'static, str> {
    Cow::Owned(format!("registry_names::schema::{}", schema.name))
}

/// `JsonSchema` for every name type in `for_each_name_type!`, each kind's with its kind's
/// schema, and `subschema` from the same list.
macro_rules! json_schema {
    (
        kinds { $($kind:ident => $module:ident::{$name:ident, $buf:ident};)* }
        operands { $($schema:ident => $omodule:ident::{$oname:ident, $obuf:ident};)* }
    ) => {
        $(json_schema!(@impl Kind::$kind.schema() => $module::$name<'_>, $module::$buf);)*
        $(json_schema!(@impl &super::$schema => $omodule::$oname<'_>, $omodule::$obuf);)*

        /// A kind's schema as the generator references it (a `$ref` to its definition, by
        /// default).
        #[cfg(feature = "request")]
        fn subschema(generator: &mut SchemaGenerator, kind: Kind) -> Schema {
            match kind {
                $(Kind::$kind => generator.subschema_for::<$module::$buf>(),)*
            }
        }
    };
    (@impl $schema:expr => $($ty:ty),+) => {$(
        #[cfg_attr(docsrs, doc(cfg(feature = "schemars")))]
        impl JsonSchema for $ty {
            fn inline_schema() -> bool {
                false
            }

            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($schema.name)
            }

            fn schema_id() -> Cow<'static, str> {
                id($schema)
            }

            /// The type's [`NameSchema`] as JSON ([`NameSchema::to_json`]).
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                Schema::from(name_json($schema))
            }
        }
    )+};
}

crate::kind::for_each_name_type!(json_schema);

#[cfg(feature = "request")]
mod bodies {
    use super::subschema;
    use crate::request::schema::{body_json, body_name, *};
    use alloc::borrow::Cow;
    use schemars::{JsonSchema, Schema, SchemaGenerator};

    macro_rules! body_schema {
        ($($ty:ident = $operation:ident;)*) => {$(
            #[cfg_attr(docsrs, doc(cfg(feature = "schemars")))]
            impl JsonSchema for $ty {
                fn schema_name() -> Cow<'static, str> {
                    Cow::Borrowed(body_name($ty::OPERATION).unwrap_or(stringify!($ty)))
                }

                fn schema_id() -> Cow<'static, str> {
                    Cow::Borrowed(concat!("registry_names::request::schema::", stringify!($ty)))
                }

                /// [`body_schema`](crate::request::schema::body_schema), each name a
                /// subschema of the generator.
                fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                    let body = body_json($ty::OPERATION, &mut |schema| {
                        subschema(generator, schema.kind).to_value()
                    });
                    body.map_or_else(|| Schema::from(true), Schema::from)
                }
            }
        )*};
    }

    crate::request::schema::for_each_body!(body_schema);
}
