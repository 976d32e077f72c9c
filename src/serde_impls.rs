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

/// What every name type's `Deserialize` needs to know about it.
trait Name<'a>: Sized {
    const KIND: Kind;
    type Rejection: Rejection;
    fn parse_str(input: &'a str) -> Result<Self, Self::Rejection>;
}

/// The same for the owned types.
trait OwnedName: Sized {
    const KIND: Kind;
    type Rejection: Rejection;
    /// What validating found out that the value keeps (nothing for a plain name).
    type Checked;
    /// Validates without copying.
    fn check(input: &str) -> Result<Self::Checked, Self::Rejection>;
    /// Wraps a string `check` accepted.
    fn from_valid(valid: alloc::string::String, checked: Self::Checked) -> Self;
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

impl<'de: 'a, 'a, T: Name<'a>> Visitor<'de> for BorrowedVisitor<'a, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting(T::KIND, f)
    }

    fn visit_borrowed_str<E: de::Error>(self, input: &'de str) -> Result<T, E> {
        T::parse_str(input).map_err(|e| e.rejected(input))
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

impl<T: OwnedName> Visitor<'_> for OwnedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting(T::KIND, f)
    }

    fn visit_str<E: de::Error>(self, input: &str) -> Result<T, E> {
        let checked = T::check(input).map_err(|e| e.rejected(input))?;
        Ok(T::from_valid(alloc::string::String::from(input), checked))
    }

    fn visit_string<E: de::Error>(self, input: alloc::string::String) -> Result<T, E> {
        let checked = T::check(&input).map_err(|e| e.rejected(&input))?;
        Ok(T::from_valid(input, checked))
    }
}

/// `Serialize` and validating `Deserialize` for a borrowed name type and its owned form, once
/// each has its `Name` and `OwnedName` impl.
macro_rules! serde_pair {
    ($($name:ident)::+, $buf:ty) => {
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

/// `Name` and `OwnedName` for a pair generated by `name_type!`: its own `parse`, and the owned
/// form wraps the string. Image references have their own impls below.
macro_rules! plain_name {
    (reference::{ImageReference, ImageReferenceBuf}) => {};
    ($module:ident::{$name:ident, $buf:ident}) => {
        impl<'a> Name<'a> for crate::$module::$name<'a> {
            const KIND: Kind = crate::$module::$name::KIND;
            type Rejection = Error;
            fn parse_str(input: &'a str) -> Result<Self, Error> {
                crate::$module::$name::parse(input)
            }
        }

        impl OwnedName for crate::$module::$buf {
            const KIND: Kind = crate::$module::$name::KIND;
            type Rejection = Error;
            type Checked = ();
            fn check(input: &str) -> Result<(), Error> {
                crate::$module::$name::parse(input).map(drop)
            }
            fn from_valid(valid: alloc::string::String, (): ()) -> Self {
                crate::$module::$buf::from_valid_string(valid)
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
        $(
            plain_name!($module::{$name, $buf});
            serde_pair!(crate::$module::$name, crate::$module::$buf);
        )*
        $(
            plain_name!($omodule::{$oname, $obuf});
            serde_pair!(crate::$omodule::$oname, crate::$omodule::$obuf);
        )*
    };
}

crate::kind::for_each_name_type!(serde_names);

// Image references have their own error type (it names the part) and keep where their parts
// are, so their owned form is built from what the check found.
impl<'a> Name<'a> for crate::reference::ImageReference<'a> {
    const KIND: Kind = Kind::ImageReference;
    type Rejection = crate::reference::ReferenceError;
    fn parse_str(input: &'a str) -> Result<Self, Self::Rejection> {
        crate::reference::ImageReference::parse(input)
    }
}

impl OwnedName for crate::reference::ImageReferenceBuf {
    const KIND: Kind = Kind::ImageReference;
    type Rejection = crate::reference::ReferenceError;
    type Checked = crate::reference::Checked;
    fn check(input: &str) -> Result<Self::Checked, Self::Rejection> {
        crate::reference::check_builtin(input)
    }
    fn from_valid(valid: alloc::string::String, checked: Self::Checked) -> Self {
        crate::reference::ImageReferenceBuf::from_checked(valid, checked)
    }
}

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
