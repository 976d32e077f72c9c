//! Every text the crate writes about a rejected input: one place, so that one error reads the
//! same in a `Display`, a log line, a JSON message and the command line.
//!
//! The layouts, from the inside out:
//!
//! - the **message**, what a rule says went wrong (`'.' and '_' cannot be adjacent`):
//!   [`Error::message`];
//! - for an image reference, the message after the **part** and, when another kind's grammar
//!   refused it, that kind's noun (`namespace (Quay namespace): must be at least 2 bytes long`):
//!   [`ReferenceError::message`];
//! - the **error**: `invalid NOUN: MESSAGE (byte N)`, the `Display` of [`Error`] and
//!   [`ReferenceError`];
//! - the error **with its input** quoted, bounded by [`quote`]: `invalid NOUN "INPUT": MESSAGE
//!   (byte N)` ([`Error::with_input`], [`ReferenceError::with_input`]);
//! - the message **in its input**, for a report that gives the location elsewhere:
//!   `MESSAGE (byte N of "INPUT")` ([`Error::message_in`]).
//!
//! None of them quotes more than [`QUOTE_LIMIT`](crate::QUOTE_LIMIT) bytes of the input, and
//! writing any costs the same for a 100 MB input as for a name.

use super::{Detail, Error, Rule};
use crate::kind::Kind;
use crate::quote::quote;
use crate::reference::ReferenceError;
use core::fmt;

impl Error {
    /// The message without the `invalid KIND:` prefix and the offset, e.g.
    /// `'.' and '_' cannot be adjacent`.
    pub fn message(&self) -> impl fmt::Display + '_ {
        &self.detail
    }

    /// Displays as `invalid KIND "INPUT": MESSAGE (byte N)`, quoting `input` with escapes for
    /// control characters and bytes that are not UTF-8. Pass the input this error came from.
    ///
    /// The quotation is bounded as [`quote`](crate::quote()) bounds it: at most 64 bytes of the
    /// input, then `…` and its length, so the message stays short and costs the same to write
    /// for a 100 MB input as for a name.
    pub fn with_input<'a, I: AsRef<[u8]> + ?Sized>(
        &'a self,
        input: &'a I,
    ) -> impl fmt::Display + 'a {
        quoting(input.as_ref(), move |f, quoted| {
            let noun = self.kind.noun();
            write!(
                f,
                "invalid {noun} {quoted}: {} (byte {})",
                self.detail, self.offset
            )
        })
    }

    /// Displays as `MESSAGE (byte N of "INPUT")`: the message, and where in the quoted input
    /// (bounded as [`with_input`](Self::with_input) bounds it) it applies. For a report that
    /// names the kind and the place of the input itself, such as `registry-names scan`'s
    /// `FILE:LINE:COLUMN: PART RULE: …`.
    ///
    /// ```
    /// use registry_names::reference::ImageReference;
    /// let err = ImageReference::parse("quay.io/a/app").unwrap_err().error();
    /// assert_eq!(
    ///     err.message_in("quay.io/a/app").to_string(),
    ///     r#"must be at least 2 bytes long (byte 9 of "quay.io/a/app")"#
    /// );
    /// ```
    pub fn message_in<'a, I: AsRef<[u8]> + ?Sized>(
        &'a self,
        input: &'a I,
    ) -> impl fmt::Display + 'a {
        quoting(input.as_ref(), move |f, quoted| {
            write!(f, "{} (byte {} of {quoted})", self.detail, self.offset)
        })
    }
}

impl fmt::Display for Error {
    /// `invalid KIND: MESSAGE (byte N)`; never quotes the input, which the error does not hold.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = self.kind.noun();
        write!(f, "invalid {noun}: {} (byte {})", self.detail, self.offset)
    }
}

impl core::error::Error for Error {}

impl ReferenceError {
    /// The message without the `invalid image reference:` prefix and the offset: the part, the
    /// grammar that refused it when that is another kind's (an SWR namespace, a tag), and that
    /// grammar's message, e.g. `namespace (Quay namespace): must be at least 2 bytes long`.
    /// The bare message is [`error`](Self::error)`().message()`.
    pub fn message(&self) -> impl fmt::Display + '_ {
        Show(move |f: &mut fmt::Formatter<'_>| {
            let error = self.error();
            write!(f, "{}", self.part())?;
            if error.kind() != Kind::ImageReference {
                write!(f, " ({})", error.kind().noun())?;
            }
            write!(f, ": {}", error.detail)
        })
    }

    /// Displays as `invalid image reference "INPUT": PART: MESSAGE (byte N)`, quoting `input` as
    /// [`quote`](crate::quote()) does: at most [`QUOTE_LIMIT`](crate::QUOTE_LIMIT) bytes.
    pub fn with_input<'a, I: AsRef<[u8]> + ?Sized>(
        &'a self,
        input: &'a I,
    ) -> impl fmt::Display + 'a {
        quoting(input.as_ref(), move |f, quoted| {
            let (message, offset) = (self.message(), self.offset());
            write!(
                f,
                "invalid image reference {quoted}: {message} (byte {offset})"
            )
        })
    }
}

impl fmt::Display for ReferenceError {
    /// `invalid image reference: PART: MESSAGE (byte N)`; never quotes the input.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let offset = self.offset();
        write!(
            f,
            "invalid image reference: {} (byte {offset})",
            self.message()
        )
    }
}

/// A layout that quotes `input`, as a `Display` value: the quotation ([`quote`]'s, bounded)
/// is made where it is written.
fn quoting<'a>(
    input: &'a [u8],
    layout: impl Fn(&mut fmt::Formatter<'_>, crate::quote::Quoted<'a>) -> fmt::Result + 'a,
) -> impl fmt::Display + 'a {
    Show(move |f: &mut fmt::Formatter<'_>| layout(f, quote(input)))
}

/// A closure that writes a layout, as a `Display` value that borrows what it shows.
struct Show<F>(F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Show<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// Shows the byte a rule is about, one way everywhere: a printable ASCII character as itself in
/// single quotes (`'\'`, `'''`), a space in words, any other byte in hex (`0x7F`, `0xC3`).
struct ShowByte(Option<u8>);

impl fmt::Display for ShowByte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("the end of the input"),
            Some(b' ') => f.write_str("a space"),
            Some(b) if b.is_ascii_graphic() => write!(f, "'{}'", b as char),
            Some(b) => write!(f, "0x{b:02X}"),
        }
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = ShowByte(self.found);
        let expected = self.expected.text();
        let bound = self.bound;
        match self.rule {
            Rule::Empty => write!(f, "{expected} is empty"),
            Rule::TooShort => write!(f, "must be at least {bound} bytes long"),
            Rule::TooLong => write!(f, "must be at most {bound} bytes long"),
            Rule::InvalidStart => write!(f, "must start with {expected}, not {found}"),
            Rule::InvalidCharacter => match self.found {
                // Every grammar that reports this wants lowercase where it found uppercase.
                Some(b) if b.is_ascii_uppercase() => {
                    write!(f, "uppercase {found} is not allowed; expected {expected}")
                }
                _ => write!(f, "{found} is not allowed here; expected {expected}"),
            },
            Rule::AdjacentSeparators => {
                write!(
                    f,
                    "{} and {found} cannot be adjacent",
                    ShowByte(self.before)
                )
            }
            Rule::TooManyUnderscores => f.write_str("at most two underscores may stand together"),
            Rule::TrailingSeparator => write!(f, "cannot end with the separator {found}"),
            Rule::SlashInPathForm => {
                f.write_str("'/' is not allowed in the URL path form; send each '/' as '$'")
            }
            Rule::DollarInPlainForm => f.write_str(
                "'$' only stands for '/' in the URL path form; write '/' in a plain name",
            ),
            Rule::MissingName => f.write_str("needs '/' and a repository name after the namespace"),
            Rule::EmptySegment => f.write_str("has an empty path segment"),
            Rule::MissingFilterOp => f.write_str("needs an operator: write like:VALUE or eq:VALUE"),
            Rule::UnknownFilterOp => {
                f.write_str("the operator must be 'like' or 'eq' (lowercase), followed by ':'")
            }
            Rule::MissingColon => f.write_str("needs ':' between the algorithm and the digest"),
            Rule::DigestLength => {
                write!(f, "a {expected} digest has exactly {bound} hex digits")
            }
            Rule::UppercaseHex => write!(f, "hex digits must be lowercase, not {found}"),
            Rule::LeadingDash => f.write_str("cannot start with '-'"),
            Rule::ReservedName => write!(f, "{expected} is reserved"),
            Rule::DotAtComponentStart => f.write_str("a '/'-separated part cannot start with '.'"),
            Rule::LockSuffix => f.write_str("a '/'-separated part cannot end with '.lock'"),
            Rule::DoubleDot => f.write_str("cannot contain '..'"),
            Rule::AtBrace => f.write_str("cannot contain '@{'"),
            Rule::LeadingSlash => f.write_str("cannot start with '/'"),
            Rule::TrailingSlash => f.write_str("cannot end with '/'"),
            Rule::DoubleSlash => f.write_str("cannot contain '//'"),
            Rule::TrailingDot => f.write_str("cannot end with '.'"),
            Rule::OneLevel => {
                f.write_str("a full ref name has at least two parts, e.g. refs/heads/main")
            }
            Rule::InvalidUtf8 => f.write_str("is not valid UTF-8"),
            Rule::MissingNamespace => {
                f.write_str("this registry needs NAMESPACE/REPOSITORY, not a repository alone")
            }
            Rule::UnsupportedAlgorithm => write!(
                f,
                "a digest to pull by uses {expected}: clients refuse any other algorithm"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::kind::Kind;
    use std::string::ToString;

    #[test]
    fn an_invalid_character_is_named_and_uppercase_says_so() {
        let upper = Kind::SwrNamespace.validate(b"grOup").unwrap_err();
        assert_eq!(
            upper.to_string(),
            "invalid SWR namespace: uppercase 'O' is not allowed; expected lowercase letters and digits joined by \
             '.', '_', '__' or '-' (byte 2)"
        );
        let other = Kind::SwrNamespace.validate(b"gr+up").unwrap_err();
        assert_eq!(
            other.to_string(),
            "invalid SWR namespace: '+' is not allowed here; expected lowercase letters and digits joined by \
             '.', '_', '__' or '-' (byte 2)"
        );
    }
}
