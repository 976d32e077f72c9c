//! The JSON body (docs/requests.md R5): one pass of serde_json over the body that keeps, for each
//! documented field, the raw text of its value, and notes fields named twice.
//!
//! The documented fields are looked up by their decoded key without allocating; each value is
//! kept as its JSON type ([`Json`]: a string borrowed unless it had escapes) and checked
//! afterwards, so that one wrong field does not hide the others. Unknown fields are skipped with
//! [`IgnoredAny`]; they are neither stored nor checked for duplicates.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Why a body has no fields to check.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Not UTF-8 or not JSON: the byte offset in the body, and whether the body ended early.
    InvalidJson { offset: usize, eof: bool },
    /// JSON, but not an object: what it is.
    NotAnObject(&'static str),
}

/// The documented fields of one body: the raw value of each (the last copy if named twice) and
/// whether it was named twice.
pub(crate) struct Fields<'a, const N: usize> {
    pub(crate) values: [Option<Json<'a>>; N],
    pub(crate) duplicated: [bool; N],
}

/// Parses `body` as a JSON object, keeping the documented `names`.
#[inline]
pub(crate) fn fields<'a, const N: usize>(
    body: &'a [u8],
    names: &'static [&'static str; N],
) -> Result<Fields<'a, N>, BodyError> {
    let text = core::str::from_utf8(body).map_err(|e| BodyError::InvalidJson {
        offset: e.valid_up_to(),
        eof: false,
    })?;
    let mut de = serde_json::Deserializer::from_str(text);
    let shape = de
        .deserialize_any(BodyVisitor { names })
        .and_then(|shape| de.end().map(|()| shape))
        .map_err(|e| BodyError::InvalidJson {
            // serde_json points at the last byte it read; a body that ends early breaks at
            // its end.
            offset: if e.is_eof() {
                text.len()
            } else {
                offset_of(text, e.line(), e.column())
            },
            eof: e.is_eof(),
        })?;
    match shape {
        Shape::Object(fields) => Ok(fields),
        Shape::Other(what) => Err(BodyError::NotAnObject(what)),
    }
}

/// serde_json reports a line and a byte column (both from 1); the offset is where they point.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (start + column.saturating_sub(1)).min(text.len())
}

enum Shape<'a, const N: usize> {
    Object(Fields<'a, N>),
    Other(&'static str),
}

struct BodyVisitor<const N: usize> {
    names: &'static [&'static str; N],
}

impl<'de, const N: usize> Visitor<'de> for BodyVisitor<N> {
    type Value = Shape<'de, N>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields {
            values: [const { None }; N],
            duplicated: [false; N],
        };
        while let Some(known) = map.next_key_seed(Key { names: self.names })? {
            match known {
                Some(i) => {
                    let value = map.next_value_seed(AnyValue)?;
                    fields.duplicated[i] |= fields.values[i].is_some();
                    fields.values[i] = Some(value);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Shape::Object(fields))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Shape::Other("an array"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Shape::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Shape::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Shape::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Shape::Other("a number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Shape::Other("a string"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Shape::Other("null"))
    }
}

/// A key, looked up among the documented names as serde_json hands it over (borrowed, or
/// unescaped into its scratch buffer): `Some(index)` or `None` for an unknown field.
struct Key<const N: usize> {
    names: &'static [&'static str; N],
}

impl<'de, const N: usize> DeserializeSeed<'de> for Key<N> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for Key<N> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.names.iter().position(|name| *name == key))
    }
}

/// A documented field's value, by JSON type. A number is kept as serde_json reads it: an
/// integer that fits `u64` or `i64`, or else a float (a fraction, an exponent, or an integer too
/// large for `u64`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    /// Borrowed from the body unless it had an escape (then decoded: the one allocation).
    String(Cow<'a, str>),
    Unsigned(u64),
    Negative(i64),
    Float(f64),
    Array,
    Object,
}

impl Json<'_> {
    /// What a message calls this type.
    pub(crate) fn noun(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::String(_) => "a string",
            Json::Unsigned(_) | Json::Negative(_) | Json::Float(_) => "a number",
            Json::Array => "an array",
            Json::Object => "an object",
        }
    }
}

/// Reads any JSON value into a [`Json`], skipping the contents of arrays and objects.
struct AnyValue;

impl<'de> DeserializeSeed<'de> for AnyValue {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyValue {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(b))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Json::Unsigned(n))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(if n < 0 {
            Json::Negative(n)
        } else {
            Json::Unsigned(n.unsigned_abs())
        })
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
        Ok(Json::Float(n))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(String::from(s))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Json::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Json::Object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str; 2] = &["a", "b"];

    fn offset(body: &str) -> usize {
        match fields(body.as_bytes(), NAMES) {
            Err(BodyError::InvalidJson { offset, .. }) => offset,
            _ => panic!("{body:?} should be invalid JSON"),
        }
    }

    /// What serde says each visitor wanted, in an error that names it (serde_json's own errors
    /// for a body go unshown, but a caller with another deserializer gets these).
    #[test]
    fn visitors_say_what_they_expect() {
        let expecting = |visitor: &dyn de::Expected| {
            <de::value::Error as de::Error>::invalid_type(de::Unexpected::Bool(true), visitor)
                .to_string()
        };
        assert_eq!(
            expecting(&BodyVisitor { names: NAMES }),
            "invalid type: boolean `true`, expected a JSON object"
        );
        assert_eq!(
            expecting(&Key { names: NAMES }),
            "invalid type: boolean `true`, expected a field name"
        );
        assert_eq!(
            expecting(&AnyValue),
            "invalid type: boolean `true`, expected a JSON value"
        );
    }

    /// serde_json gives a non-negative integer to `visit_u64`, but another deserializer may
    /// give it to `visit_i64`: it is read the same way.
    #[test]
    fn an_integer_is_negative_only_below_zero() {
        let read = |n: i64| AnyValue.visit_i64::<de::value::Error>(n).unwrap();
        assert_eq!(read(0), Json::Unsigned(0));
        assert_eq!(read(7), Json::Unsigned(7));
        assert_eq!(read(-1), Json::Negative(-1));
        assert_eq!(read(i64::MIN), Json::Negative(i64::MIN));
    }

    #[test]
    fn invalid_json_offsets_point_at_the_offending_byte() {
        assert_eq!(offset("{\"a\":}"), 5);
        assert_eq!(offset("{\"a\":1,\n\"b\": x}"), 13);
        assert_eq!(offset("{\"a\":1} x"), 8);
        assert_eq!(offset(""), 0);
        assert_eq!(offset("{\"a\":1"), 6);
        assert_eq!(offset("\u{e9}\u{e9}"), 0);
        // Not UTF-8: the first byte that is not.
        assert!(matches!(
            fields(b"{\"a\":\"\xff\"}", NAMES),
            Err(BodyError::InvalidJson { offset: 6, .. })
        ));
    }

    #[test]
    fn keeps_documented_fields_and_marks_duplicates() {
        let Ok(f) = fields(
            br#"{"a":"x","z":[1,{"b":2}],"b":null,"b\u0000":1,"a":true}"#,
            NAMES,
        ) else {
            panic!()
        };
        assert_eq!(f.values[0], Some(Json::Bool(true)));
        assert_eq!(f.values[1], Some(Json::Null));
        assert_eq!(f.duplicated, [true, false]);
        // An escaped key is the same field.
        let Ok(f) = fields(br#"{"\u0061":1,"a":2}"#, NAMES) else {
            panic!()
        };
        assert_eq!(f.duplicated, [true, false]);
    }

    #[test]
    fn non_objects_say_what_they_are() {
        for (body, what) in [
            ("[1]", "an array"),
            ("1", "a number"),
            (" \"s\" ", "a string"),
        ] {
            assert!(
                matches!(fields(body.as_bytes(), NAMES), Err(BodyError::NotAnObject(w)) if w == what)
            );
        }
    }

    #[test]
    fn strings_borrow_unless_escaped_and_numbers_keep_their_kind() {
        let Ok(f) = fields(br#"{"a":"v1","b":"v\u0031"}"#, NAMES) else {
            panic!()
        };
        assert!(matches!(
            &f.values[0],
            Some(Json::String(Cow::Borrowed("v1")))
        ));
        assert!(matches!(&f.values[1], Some(Json::String(Cow::Owned(s))) if s == "v1"));
        for (body, value) in [
            ("{\"a\":7}", Json::Unsigned(7)),
            ("{\"a\":-7}", Json::Negative(-7)),
            ("{\"a\":1e3}", Json::Float(1000.0)),
            ("{\"a\":99999999999999999999}", Json::Float(1e20)),
            ("{\"a\":{\"x\":[1]}}", Json::Object),
        ] {
            let Ok(f) = fields(body.as_bytes(), NAMES) else {
                panic!("{body}")
            };
            assert_eq!(f.values[0], Some(value), "{body}");
        }
        // A lone surrogate cannot be decoded: the body is not valid JSON for us.
        assert!(fields(br#"{"a":"\ud800"}"#, NAMES).is_err());
    }
}
