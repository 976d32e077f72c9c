//! The trait surface every validated name shares, generated once.
//!
//! Every kind has a borrowed type `Name<'a>` (a checked `&'a str`) and, with `alloc`, an owned
//! type `NameBuf` (a checked `String`). Both show one string: what `Deref`, `as_str`, `AsRef`,
//! `Borrow`, `Display` and `Serialize` give is the text that `Eq`, `Ord` and `Hash` compare, and
//! that `parse`/`FromStr`/`Deserialize` take back. The serde impls live in `serde_impls`.

/// Defines a borrowed name type `$name<'a>(&'a str)` validated by `$check`, and, with `alloc`, its
/// owned counterpart `$buf(String)`.
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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

            /// Wraps a name that was validated before (by the owned form).
            #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
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

        impl core::ops::Deref for $name<'_> {
            type Target = str;
            fn deref(&self) -> &str {
                self.0
            }
        }

        impl AsRef<str> for $name<'_> {
            fn as_ref(&self) -> &str {
                self.0
            }
        }

        impl AsRef<[u8]> for $name<'_> {
            fn as_ref(&self) -> &[u8] {
                self.0.as_bytes()
            }
        }

        impl core::borrow::Borrow<str> for $name<'_> {
            fn borrow(&self) -> &str {
                self.0
            }
        }

        impl core::fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.0)
            }
        }

        impl<'a> TryFrom<&'a str> for $name<'a> {
            type Error = $crate::error::Error;
            fn try_from(input: &'a str) -> Result<Self, $crate::error::Error> {
                Self::parse(input)
            }
        }

        impl<'a> TryFrom<&'a [u8]> for $name<'a> {
            type Error = $crate::error::Error;
            fn try_from(input: &'a [u8]) -> Result<Self, $crate::error::Error> {
                Self::parse_bytes(input)
            }
        }

        impl<'a> From<$name<'a>> for &'a str {
            fn from(name: $name<'a>) -> &'a str {
                name.0
            }
        }

        $crate::name::str_eq!($name<'_>, |v| v.0);

        $crate::name::owned_type!($name, $buf);
    };
}

/// `PartialEq` both ways between a name type and `str`/`&str`, by the text `$text` shows.
macro_rules! str_eq {
    ($ty:ty, |$v:ident| $text:expr) => {
        impl PartialEq<str> for $ty {
            fn eq(&self, other: &str) -> bool {
                let $v = self;
                *$text == *other
            }
        }

        impl PartialEq<&str> for $ty {
            fn eq(&self, other: &&str) -> bool {
                let $v = self;
                *$text == **other
            }
        }

        impl PartialEq<$ty> for str {
            fn eq(&self, other: &$ty) -> bool {
                let $v = other;
                *self == *$text
            }
        }

        impl PartialEq<$ty> for &str {
            fn eq(&self, other: &$ty) -> bool {
                let $v = other;
                **self == *$text
            }
        }
    };
}

/// The owned counterpart of a name type: a validated `String`.
macro_rules! owned_type {
    ($name:ident, $buf:ident) => {
        #[cfg(feature = "alloc")]
        #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
        #[doc = concat!("An owned, validated [`", stringify!($name), "`], for names that are stored.")]
        ///
        /// Built with `FromStr`, `TryFrom<String>` or `TryFrom<&str>`; with the `serde` feature its
        /// `Deserialize` validates, so a bad name in a request body, a URL path or a query is a
        /// deserialization error with a bounded message. It shows, compares, orders and hashes as
        /// the `str` it holds (`Borrow<str>`), so a `HashMap` keyed by it can be searched with a
        /// `&str`, and it equals its borrowed form with the same text.
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $buf(alloc::string::String);

        #[cfg(feature = "alloc")]
        impl $buf {
            /// The kind of name this type holds.
            pub const KIND: $crate::kind::Kind = $name::KIND;

            /// Borrows the validated name without checking it again.
            pub fn as_name(&self) -> $name<'_> {
                $name::from_valid(self.0.as_str())
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
        }

        #[cfg(feature = "alloc")]
        impl core::str::FromStr for $buf {
            type Err = $crate::error::Error;
            fn from_str(input: &str) -> Result<Self, $crate::error::Error> {
                $name::parse(input).map($name::into_owned)
            }
        }

        #[cfg(feature = "alloc")]
        impl TryFrom<&str> for $buf {
            type Error = $crate::error::Error;
            fn try_from(input: &str) -> Result<Self, $crate::error::Error> {
                input.parse()
            }
        }

        #[cfg(feature = "alloc")]
        impl TryFrom<alloc::string::String> for $buf {
            type Error = $crate::error::Error;
            /// Validates and keeps the `String` (no copy).
            fn try_from(input: alloc::string::String) -> Result<Self, $crate::error::Error> {
                $name::parse(&input)?;
                Ok($buf(input))
            }
        }

        #[cfg(feature = "alloc")]
        impl From<$name<'_>> for $buf {
            fn from(name: $name<'_>) -> Self {
                name.into_owned()
            }
        }

        #[cfg(feature = "alloc")]
        impl<'a> From<&'a $buf> for $name<'a> {
            fn from(name: &'a $buf) -> Self {
                name.as_name()
            }
        }

        #[cfg(feature = "alloc")]
        impl From<$buf> for alloc::string::String {
            fn from(name: $buf) -> Self {
                name.0
            }
        }

        #[cfg(feature = "alloc")]
        impl core::ops::Deref for $buf {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        #[cfg(feature = "alloc")]
        impl AsRef<str> for $buf {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        #[cfg(feature = "alloc")]
        impl AsRef<[u8]> for $buf {
            fn as_ref(&self) -> &[u8] {
                self.0.as_bytes()
            }
        }

        #[cfg(feature = "alloc")]
        impl core::borrow::Borrow<str> for $buf {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        #[cfg(feature = "alloc")]
        impl core::fmt::Display for $buf {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&self.0)
            }
        }

        #[cfg(feature = "alloc")]
        $crate::name::str_eq!($buf, |v| v.0.as_str());

        #[cfg(feature = "alloc")]
        impl PartialEq<$name<'_>> for $buf {
            fn eq(&self, other: &$name<'_>) -> bool {
                self.0 == other.0
            }
        }

        #[cfg(feature = "alloc")]
        impl PartialEq<$buf> for $name<'_> {
            fn eq(&self, other: &$buf) -> bool {
                self.0 == other.0
            }
        }
    };
}

pub(crate) use name_type;
pub(crate) use owned_type;
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
