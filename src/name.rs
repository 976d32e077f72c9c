//! The trait surface every validated name shares, generated once.

/// Defines a borrowed name type `$name<'a>(&'a str)` validated by `$check`, and, with `alloc`, its
/// owned counterpart `$buf(String)`.
macro_rules! name_type {
    (
        $(#[$doc:meta])*
        $name:ident, $buf:ident, $kind:expr, $check:path
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name<'a>(&'a str);

        impl<'a> $name<'a> {
            /// The kind of name this type holds.
            pub const KIND: $crate::kind::Kind = $kind;

            /// Validates `input`. Never allocates.
            pub fn parse(input: &'a str) -> Result<Self, $crate::error::Error> {
                $check(input.as_bytes())?;
                Ok(Self(input))
            }

            /// Validates raw bytes, as they come off the network. Gives the same errors as
            /// [`Self::parse`]; bytes that are not UTF-8 can never be valid here.
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

        impl PartialEq<str> for $name<'_> {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name<'_> {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name<'_>> for str {
            fn eq(&self, other: &$name<'_>) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name<'_>> for &str {
            fn eq(&self, other: &$name<'_>) -> bool {
                *self == other.0
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.0)
            }
        }

        $crate::name::owned_type!($name, $buf);
    };
}

/// The owned counterpart of a name type: a validated `String`.
macro_rules! owned_type {
    ($name:ident, $buf:ident) => {
        #[cfg(feature = "alloc")]
        #[doc = concat!("An owned, validated [`", stringify!($name), "`], for names that are stored.")]
        ///
        /// Built with `FromStr`, `TryFrom<String>` or `TryFrom<&str>`; with the `serde` feature its
        /// `Deserialize` validates, so a bad name in a request body is a deserialization error.
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $buf(alloc::string::String);

        #[cfg(feature = "alloc")]
        impl $buf {
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
            fn try_from(input: alloc::string::String) -> Result<Self, $crate::error::Error> {
                $name::parse(&input)?;
                Ok($buf(input))
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
        impl PartialEq<str> for $buf {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        #[cfg(feature = "alloc")]
        impl PartialEq<&str> for $buf {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $buf {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $buf {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let input = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
                match $name::parse(&input) {
                    Ok(_) => Ok($buf(input)),
                    Err(e) => Err(<D::Error as serde::de::Error>::custom(e.with_input(&input))),
                }
            }
        }
    };
}

pub(crate) use name_type;
pub(crate) use owned_type;

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
