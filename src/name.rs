//! The trait surface every validated name shares, generated once.
//!
//! Every kind has a borrowed type `Name<'a>` (a checked `&'a str`, perhaps with what checking
//! found out about it, such as where an image reference's parts are) and, with `alloc`, an owned
//! type `NameBuf` (the same over a `String`). Both show one string: what `Deref`, `as_str`,
//! `AsRef`, `Borrow`, `Display` and `Serialize` give is the text that `Eq`, `Ord` and `Hash`
//! compare, and that `parse`/`FromStr`/`Deserialize` take back. The serde impls live in
//! `serde_impls`.
//!
//! [`name_type!`] declares a plain pair (a newtype over the text); [`name_traits!`] gives any
//! pair its traits, so a value that keeps more than its text ([`ImageReference`]) has the same
//! surface as the others from the same lines.
//!
//! [`ImageReference`]: crate::reference::ImageReference

/// Defines a borrowed name type `$name<'a>(&'a str)` validated by `$check`, and, with `alloc`, its
/// owned counterpart `$buf(String)`, with every trait of [`name_traits!`].
macro_rules! name_type {
    (
        $(#[$doc:meta])*
        $name:ident, $buf:ident, $kind:expr, $check:path
    ) => {
        $(#[$doc])*
        ///
        #[doc = concat!(
            "Borrowed and `Copy`; [`", stringify!($buf), "`] is the owned form (feature `alloc`). ",
            "`Deref`, [`as_str`](Self::as_str), `Display`, `Eq`, `Ord` and `Hash` all use the ",
            "same text, so a `HashSet<", stringify!($name), ">` can be searched with a `&str`.",
        )]
        #[derive(Debug, Clone, Copy)]
        pub struct $name<'a>(&'a str);

        impl<'a> $name<'a> {
            /// The kind of name this type holds.
            pub const KIND: $crate::kind::Kind = $kind;

            /// Validates `input`. Never allocates.
            ///
            /// # Errors
            ///
            /// The rule the input breaks and the byte offset where it stops being valid.
            pub fn parse(input: &'a str) -> Result<Self, $crate::error::Error> {
                $check(input.as_bytes())?;
                Ok(Self(input))
            }

            /// Validates raw bytes, as they come off the network. Gives the same errors as
            /// [`Self::parse`]; bytes that are not UTF-8 can never be valid here.
            ///
            /// # Errors
            ///
            /// As [`Self::parse`], and [`Rule::InvalidUtf8`](crate::Rule::InvalidUtf8) for bytes
            /// that the grammar allows but that are not UTF-8.
            pub fn parse_bytes(input: &'a [u8]) -> Result<Self, $crate::error::Error> {
                $check(input)?;
                $crate::name::utf8(Self::KIND, input).map(Self)
            }

            /// The validated name.
            pub const fn as_str(&self) -> &'a str {
                self.0
            }

            /// Wraps a name that was validated before (by the owned form, or a larger grammar).
            #[allow(dead_code)]
            pub(crate) const fn from_valid(valid: &'a str) -> Self {
                Self(valid)
            }

            /// Copies the name into its owned form.
            #[cfg(feature = "alloc")]
            #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
            pub fn into_owned(self) -> $buf {
                $buf(alloc::string::String::from(self.0))
            }
        }

        #[cfg(feature = "alloc")]
        #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
        #[doc = concat!("An owned, validated [`", stringify!($name), "`], for names that are stored.")]
        ///
        /// Built with `FromStr`, `TryFrom<String>` or `TryFrom<&str>`; with the `serde` feature its
        /// `Deserialize` validates, so a bad name in a request body, a URL path or a query is a
        /// deserialization error with a bounded message. It shows, compares, orders and hashes as
        /// the `str` it holds (`Borrow<str>`), so a `HashMap` keyed by it can be searched with a
        /// `&str`, and it equals its borrowed form with the same text.
        #[derive(Debug, Clone)]
        pub struct $buf(alloc::string::String);

        #[cfg(feature = "alloc")]
        const _: () = {
            impl $buf {
                /// The kind of name this type holds.
                pub const KIND: $crate::kind::Kind = $name::KIND;

                /// Borrows the validated name without checking it again.
                pub fn as_name(&self) -> $name<'_> {
                    $name(self.0.as_str())
                }

                /// The validated name.
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// Gives the `String` back.
                pub fn into_string(self) -> alloc::string::String {
                    self.0
                }

                /// Wraps a string that was validated as this kind.
                #[allow(dead_code)]
                pub(crate) fn from_valid_string(valid: alloc::string::String) -> Self {
                    $buf(valid)
                }

                /// Validates `input` and keeps it: `TryFrom<String>`.
                fn from_string(
                    input: alloc::string::String,
                ) -> Result<Self, $crate::error::Error> {
                    $check(input.as_bytes())?;
                    Ok($buf(input))
                }
            }
        };

        $crate::name::name_traits!($name, $buf, $crate::error::Error);
    };
}

/// Every trait of a borrowed name type `$name<'a>` and its owned form `$buf`, whose error type
/// is `$error`, from the few inherent functions each pair has: `$name::parse`,
/// `$name::parse_bytes`, `$name::as_str` (returning `&'a str`), `$name::into_owned`, and
/// `$buf::as_name`, `$buf::as_str`, `$buf::into_string` and a private `$buf::from_string`
/// (validate a `String` and keep it).
///
/// Equality, order and hash are the text's, as `Borrow<str>` requires, whatever else the value
/// keeps: two parses of one text are equal.
macro_rules! name_traits {
    ($name:ident, $buf:ident, $error:ty) => {
        impl core::ops::Deref for $name<'_> {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<str> for $name<'_> {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<[u8]> for $name<'_> {
            fn as_ref(&self) -> &[u8] {
                self.as_str().as_bytes()
            }
        }

        impl core::borrow::Borrow<str> for $name<'_> {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }

        impl core::fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq for $name<'_> {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $name<'_> {}

        impl PartialOrd for $name<'_> {
            fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name<'_> {
            fn cmp(&self, other: &Self) -> core::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl core::hash::Hash for $name<'_> {
            fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl<'a> TryFrom<&'a str> for $name<'a> {
            type Error = $error;
            fn try_from(input: &'a str) -> Result<Self, $error> {
                Self::parse(input)
            }
        }

        impl<'a> TryFrom<&'a [u8]> for $name<'a> {
            type Error = $error;
            fn try_from(input: &'a [u8]) -> Result<Self, $error> {
                Self::parse_bytes(input)
            }
        }

        impl<'a> From<$name<'a>> for &'a str {
            fn from(name: $name<'a>) -> &'a str {
                name.as_str()
            }
        }

        $crate::name::str_eq!($name<'_>);

        #[cfg(feature = "alloc")]
        const _: () = {
            impl core::str::FromStr for $buf {
                type Err = $error;
                fn from_str(input: &str) -> Result<Self, $error> {
                    $name::parse(input).map($name::into_owned)
                }
            }

            impl TryFrom<&str> for $buf {
                type Error = $error;
                fn try_from(input: &str) -> Result<Self, $error> {
                    input.parse()
                }
            }

            impl TryFrom<alloc::string::String> for $buf {
                type Error = $error;
                /// Validates and keeps the `String` (no copy).
                fn try_from(input: alloc::string::String) -> Result<Self, $error> {
                    Self::from_string(input)
                }
            }

            impl From<$name<'_>> for $buf {
                fn from(name: $name<'_>) -> Self {
                    name.into_owned()
                }
            }

            impl<'a> From<&'a $buf> for $name<'a> {
                fn from(name: &'a $buf) -> Self {
                    name.as_name()
                }
            }

            impl From<$buf> for alloc::string::String {
                fn from(name: $buf) -> Self {
                    name.into_string()
                }
            }

            impl core::ops::Deref for $buf {
                type Target = str;
                fn deref(&self) -> &str {
                    self.as_str()
                }
            }

            impl AsRef<str> for $buf {
                fn as_ref(&self) -> &str {
                    self.as_str()
                }
            }

            impl AsRef<[u8]> for $buf {
                fn as_ref(&self) -> &[u8] {
                    self.as_str().as_bytes()
                }
            }

            impl core::borrow::Borrow<str> for $buf {
                fn borrow(&self) -> &str {
                    self.as_str()
                }
            }

            impl core::fmt::Display for $buf {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl PartialEq for $buf {
                fn eq(&self, other: &Self) -> bool {
                    self.as_str() == other.as_str()
                }
            }

            impl Eq for $buf {}

            impl PartialOrd for $buf {
                fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
                    Some(self.cmp(other))
                }
            }

            impl Ord for $buf {
                fn cmp(&self, other: &Self) -> core::cmp::Ordering {
                    self.as_str().cmp(other.as_str())
                }
            }

            impl core::hash::Hash for $buf {
                fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
                    self.as_str().hash(state)
                }
            }

            $crate::name::str_eq!($buf);

            impl PartialEq<$name<'_>> for $buf {
                fn eq(&self, other: &$name<'_>) -> bool {
                    self.as_str() == other.as_str()
                }
            }

            impl PartialEq<$buf> for $name<'_> {
                fn eq(&self, other: &$buf) -> bool {
                    self.as_str() == other.as_str()
                }
            }
        };
    };
}

/// `PartialEq` both ways between a name type and `str`/`&str`, by the text `as_str` shows.
macro_rules! str_eq {
    ($ty:ty) => {
        impl PartialEq<str> for $ty {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $ty {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<$ty> for str {
            fn eq(&self, other: &$ty) -> bool {
                self == other.as_str()
            }
        }

        impl PartialEq<$ty> for &str {
            fn eq(&self, other: &$ty) -> bool {
                *self == other.as_str()
            }
        }
    };
}

pub(crate) use name_traits;
pub(crate) use name_type;
pub(crate) use str_eq;

/// The `&str` view of bytes a grammar accepted. Every ASCII-only grammar makes this infallible;
/// the error branch exists so that no input can reach a panic.
pub(crate) fn utf8(kind: crate::kind::Kind, input: &[u8]) -> Result<&str, crate::error::Error> {
    core::str::from_utf8(input).map_err(|e| {
        let at = e.valid_up_to();
        crate::error::Failure::at(
            &input[at..],
            crate::error::Rule::InvalidUtf8,
            crate::error::Expected::Utf8,
        )
        .into_error(kind, input)
    })
}
