//! [`id_enum!`]: the one way the crate declares an enum whose variants have stable text ids
//! ([`Rule`](crate::Rule), [`Kind`](crate::Kind), and the request module's `Operation`,
//! `Location`, `Vendor` and `Category`).
//!
//! Each id is written once, next to its variant. `id`, `ALL`, `from_id`, `Display` and, where
//! asked, `FromStr` and its error message are generated from that one list, so none of them can
//! miss a variant or spell an id differently, and adding a variant is one line.

/// Declares a fieldless enum from `Variant = "id"` lines and generates, on it:
///
/// - `const fn id(self) -> &'static str`: the variant's id;
/// - `const ALL`: every variant in declaration order, an array (or, with a trailing
///   `const ALL: &[Self];`, a slice, for an enum whose `ALL` was already public as one);
/// - `fn from_id(&str) -> Option<Self>`: the variant with that id, or with one of its aliases
///   (`Variant = "id" | "alias"`: other spellings that parse but are never written);
/// - `Display`, which writes the id;
/// - with a trailing `FromStr: Error, "prefix";` (after the error type's docs), `FromStr` by
///   `from_id`, and the unit error type `Error`, whose message is the prefix and every id and
///   alias: it never repeats the rejected text, which may be anything a user typed.
///
/// The enum's own attributes (docs, derives, `#[non_exhaustive]`, serde's) and each variant's
/// are kept as written. Usable from any module: `crate::id::id_enum! { … }`.
macro_rules! id_enum {
    // The optional clauses, in order: `const ALL: &[Self];`, then `FromStr: …;`. The ids (with
    // the aliases) arrive flattened, for the error's message.
    (@all $name:ident [$($variant:ident)*] [$($ids:literal)*] const ALL: &[Self]; $($rest:tt)*) => {
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
        }
        $crate::id::id_enum!(@from_str $name [$($ids)*] $($rest)*);
    };
    (@all $name:ident [$($variant:ident)*] [$($ids:literal)*] $($rest:tt)*) => {
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($name::$variant),*].len()] = [$($name::$variant),*];
        }
        $crate::id::id_enum!(@from_str $name [$($ids)*] $($rest)*);
    };
    (@from_str $name:ident [$($ids:literal)*]) => {};
    (
        @from_str $name:ident [$($ids:literal)*]
        $(#[$emeta:meta])*
        FromStr: $err:ident, $prefix:literal;
    ) => {
        $(#[$emeta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $err;

        impl core::fmt::Display for $err {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str($prefix)?;
                for (i, id) in [$($ids),*].into_iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(id)?;
                }
                Ok(())
            }
        }

        impl core::error::Error for $err {}

        impl core::str::FromStr for $name {
            type Err = $err;

            #[doc = concat!("[`", stringify!($name), "::from_id`].")]
            fn from_str(id: &str) -> Result<$name, $err> {
                $name::from_id(id).ok_or($err)
            }
        }
    };

    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $id:literal $(| $alias:literal)*,)*
        }
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// The stable id, which `Display` writes and [`from_id`](Self::from_id) reads back.
            pub const fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id,)*
                }
            }

            /// The value with this id (or one of its other accepted spellings), the inverse of
            /// [`id`](Self::id); `None` for any other text, compared exactly (case-sensitive).
            pub fn from_id(id: &str) -> Option<$name> {
                match id {
                    $($id $(| $alias)* => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl core::fmt::Display for $name {
            /// Writes the [`id`](Self::id).
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.id())
            }
        }

        $crate::id::id_enum!(@all $name [$($variant)*] [$($id $($alias)*)*] $($rest)*);
    };
}

pub(crate) use id_enum;

#[cfg(test)]
mod tests {
    use std::string::ToString;

    id_enum! {
        /// A test enum.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Colour {
            /// Red.
            Red = "red",
            /// Grey, also spelled gray.
            Grey = "grey" | "gray",
        }
        /// No colour has this id.
        FromStr: UnknownColour, "unknown colour; expected one of: ";
    }

    id_enum! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Sliced {
            One = "one",
        }
        const ALL: &[Self];
    }

    #[test]
    fn ids_aliases_and_the_error_come_from_the_one_list() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::Grey]);
        for colour in Colour::ALL {
            assert_eq!(Colour::from_id(colour.id()), Some(colour));
            assert_eq!(colour.to_string(), colour.id());
            assert_eq!(colour.id().parse(), Ok(colour));
        }
        assert_eq!("gray".parse(), Ok(Colour::Grey));
        assert_eq!(Colour::Grey.to_string(), "grey");
        assert_eq!(Colour::from_id("Red"), None);
        let err = "blue".parse::<Colour>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown colour; expected one of: red, grey, gray"
        );
        assert_eq!(Sliced::ALL, &[Sliced::One][..]);
        assert_eq!(Sliced::from_id("one"), Some(Sliced::One));
    }
}
