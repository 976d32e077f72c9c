//! The `serde` integration (feature `serde`): every name type serializes as its text and
//! deserializes only when valid; [`Error`], [`Rule`] and [`Kind`] serialize with stable ids.
//!
//! A rejected name gives the crate's message through `serde::de::Error::custom`, quoting at most
//! 64 bytes of it ([`quote`](crate::quote())), so a 100 MB string in a request body gives a
//! message of a few hundred bytes. Nothing here echoes input any other way: serde's own
//! `invalid type: string "…"` wording, which quotes the whole string, is never produced.

use crate::error::{Error, Rule};
use crate::kind::Kind;
use core::fmt;
use core::marker::PhantomData;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The kind a name type holds, for the message of what its visitor expects. With it, a type's
/// `TryFrom<&str>` (borrowed) or `FromStr` and `TryFrom<String>` (owned), which every pair has
/// the same way (`name_traits!`), are all its `Deserialize` needs.
trait Named {
    const KIND: Kind;
}

/// An error type whose message can quote the rejected input boundedly.
trait Rejection {
    /// The error for a name the grammar rejected: the crate's message, quoting at most 64 bytes.
    fn rejected<E: de::Error>(self, input: &str) -> E;
}

impl Rejection for Error {
    fn rejected<E: de::Error>(self, input: &str) -> E {
        E::custom(self.with_input(input))
    }
}

impl Rejection for crate::reference::ReferenceError {
    fn rejected<E: de::Error>(self, input: &str) -> E {
        E::custom(self.with_input(input))
    }
}

/// Writes what a name's visitor expects, e.g. `a string holding a valid SWR namespace`.
fn expecting(kind: Kind, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "a string holding a valid {}", kind.noun())
}

/// Borrows the string from the input and validates it in place.
struct BorrowedVisitor<'a, T>(PhantomData<(&'a (), T)>);

impl<'de: 'a, 'a, T> Visitor<'de> for BorrowedVisitor<'a, T>
where
    T: Named + TryFrom<&'a str, Error: Rejection>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting(T::KIND, f)
    }

    fn visit_borrowed_str<E: de::Error>(self, input: &'de str) -> Result<T, E> {
        T::try_from(input).map_err(|e| e.rejected(input))
    }

    fn visit_str<E: de::Error>(self, _input: &str) -> Result<T, E> {
        // serde's default here would quote the whole string.
        Err(E::custom(format_args!(
            "a borrowed {} needs a string borrowed from the input, and this one was copied \
             (it has escapes, or the format copies); deserialize the owned type instead",
            T::KIND.noun()
        )))
    }
}

/// Validates a borrowed or copied string, and copies only a valid one.
struct OwnedVisitor<T>(PhantomData<T>);

impl<T> Visitor<'_> for OwnedVisitor<T>
where
    T: Named + core::str::FromStr<Err: Rejection>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting(T::KIND, f)
    }

    /// `FromStr` validates the text where it is and copies only a valid one (serde's default
    /// `visit_string` comes here too: the string is quoted, if rejected, before it is dropped).
    fn visit_str<E: de::Error>(self, input: &str) -> Result<T, E> {
        input.parse().map_err(|e: T::Err| e.rejected(input))
    }
}

/// `Serialize` and validating `Deserialize` for a borrowed name type and its owned form, once
/// each has its `Name` and `OwnedName` impl.
macro_rules! serde_pair {
    ($($name:ident)::+, $buf:ty) => {
        impl Named for $($name)::+<'_> {
            const KIND: Kind = $($name)::+::KIND;
        }

        impl Named for $buf {
            const KIND: Kind = $($name)::+::KIND;
        }

        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl Serialize for $($name)::+<'_> {
            /// Serializes the text, as `Display` shows it.
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl<'de: 'a, 'a> Deserialize<'de> for $($name)::+<'a> {
            /// Borrows a string from the input and validates it. A string the format had to copy
            /// (a JSON string with escapes) is an error: deserialize the owned type for those.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(BorrowedVisitor(PhantomData))
            }
        }

        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl Serialize for $buf {
            /// Serializes the text, as `Display` shows it.
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl<'de> Deserialize<'de> for $buf {
            /// Validates the string and fails with the crate's message (quoting at most 64 bytes)
            /// when it is not valid; a rejected string is never copied.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_string(OwnedVisitor(PhantomData))
            }
        }
    };
}

/// The serde impls of every name type in `for_each_name_type!`, kinds' and operands' alike.
macro_rules! serde_names {
    (
        kinds { $($kind:ident => $module:ident::{$name:ident, $buf:ident};)* }
        operands { $($schema:ident => $omodule:ident::{$oname:ident, $obuf:ident};)* }
    ) => {
        $(serde_pair!(crate::$module::$name, crate::$module::$buf);)*
        $(serde_pair!(crate::$omodule::$oname, crate::$omodule::$obuf);)*
    };
}

crate::kind::for_each_name_type!(serde_names);

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl Serialize for Error {
    /// A struct with the stable fields `kind` ([`Kind::id`]), `rule` ([`Rule::id`]), `offset`
    /// (bytes) and `message` (the `Display` text, which never quotes the input), e.g.
    /// `{"kind":"swr-namespace","rule":"adjacent-separators","offset":3,"message":"invalid SWR
    /// namespace: '.' and '_' cannot be adjacent (byte 3)"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Message<'a>(&'a Error);
        impl Serialize for Message<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self.0)
            }
        }
        let mut error = serializer.serialize_struct("Error", 4)?;
        error.serialize_field("kind", &self.kind())?;
        error.serialize_field("rule", &self.rule())?;
        error.serialize_field("offset", &self.offset())?;
        error.serialize_field("message", &Message(self))?;
        error.end()
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl Serialize for Rule {
    /// The stable id, [`Rule::id`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> Deserialize<'de> for Rule {
    /// From the stable id, [`Rule::from_id`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(IdVisitor {
            what: "rule id",
            find: Rule::from_id,
        })
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl Serialize for Kind {
    /// The kind's id, [`Kind::id`] (as `Display` writes it).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> Deserialize<'de> for Kind {
    /// From any id `FromStr` accepts ([`Kind::from_id`]).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(IdVisitor {
            what: "kind id",
            find: Kind::from_id,
        })
    }
}

/// Looks an id up; an unknown one is an error that quotes at most 64 bytes of it.
struct IdVisitor<T> {
    what: &'static str,
    find: fn(&str) -> Option<T>,
}

impl<T> Visitor<'_> for IdVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {}", self.what)
    }

    fn visit_str<E: de::Error>(self, id: &str) -> Result<T, E> {
        (self.find)(id).ok_or_else(|| {
            E::custom(format_args!(
                "unknown {} {}",
                self.what,
                crate::quote::quote(id.as_bytes())
            ))
        })
    }
}
