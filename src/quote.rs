//! Quoting rejected input in messages, bounded so that a hostile input cannot make a message,
//! a log line or the time to build it grow with its length.

use core::fmt::{self, Write as _};

/// The most bytes of an input that [`quote`] shows.
pub const QUOTE_LIMIT: usize = 64;

/// Shows `input` in double quotes for a message: at most [`QUOTE_LIMIT`] bytes of it, then, when
/// it is longer, `…` and its whole length in bytes.
///
/// Characters are escaped as Rust's `escape_debug` does (`\n`, `\"`, `\u{200b}`), bytes that are
/// not UTF-8 as `\xFF`; a cut never splits a UTF-8 character. Formatting reads at most
/// [`QUOTE_LIMIT`] bytes and never allocates, whatever the input's length.
///
/// ```
/// use registry_names::quote;
/// assert_eq!(quote(b"my._org").to_string(), r#""my._org""#);
/// assert_eq!(quote(b"a\xffb\n").to_string(), r#""a\xFFb\n""#);
/// let long = "a".repeat(1000);
/// assert_eq!(quote(long.as_bytes()).to_string(), format!("\"{}\"… (1000 bytes)", &long[..64]));
/// ```
pub fn quote(input: &[u8]) -> Quoted<'_> {
    Quoted {
        input,
        length: input.len() as u64,
    }
}

/// The value [`quote`] returns; its `Display` writes the bounded quotation.
#[derive(Debug, Clone, Copy)]
pub struct Quoted<'a> {
    input: &'a [u8],
    /// The whole input's length in bytes: more than `input` holds when only a prefix of it was
    /// kept ([`Quoted::prefix`]).
    length: u64,
}

impl<'a> Quoted<'a> {
    /// Quotes an input of `length` bytes of which only `head`, its beginning, was kept (a
    /// line read in a bounded window): as [`quote`] quotes the whole input, `…` and `length`
    /// included when `head` is shorter.
    ///
    /// ```
    /// use registry_names::Quoted;
    /// let head = [b'a'; 1000];
    /// let quoted = Quoted::prefix(&head, 1 << 30).to_string();
    /// assert_eq!(quoted, format!("\"{}\"… (1073741824 bytes)", "a".repeat(64)));
    /// assert_eq!(Quoted::prefix(b"ab", 2).to_string(), r#""ab""#);
    /// ```
    pub fn prefix(head: &'a [u8], length: u64) -> Quoted<'a> {
        Quoted {
            input: head,
            length: length.max(head.len() as u64),
        }
    }

    /// The bytes of the input that are shown: all of it, or a prefix of at most
    /// [`QUOTE_LIMIT`] bytes that does not end inside a UTF-8 character. For a caller that
    /// quotes in another format (a JSON string), with the same bound.
    pub fn shown(&self) -> &'a [u8] {
        let input = self.input;
        let mut shown = input.len().min(QUOTE_LIMIT);
        // Back up over continuation bytes so that a character cut in two is not shown as junk.
        while shown < input.len() && shown > QUOTE_LIMIT - 3 && input[shown] & 0xC0 == 0x80 {
            shown -= 1;
        }
        &input[..shown]
    }

    /// Whether only a prefix is shown.
    pub fn is_cut(&self) -> bool {
        (self.shown().len() as u64) < self.length
    }
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.shown();
        f.write_char('"')?;
        for chunk in shown.utf8_chunks() {
            for c in chunk.valid().chars() {
                write!(f, "{}", c.escape_debug())?;
            }
            for b in chunk.invalid() {
                write!(f, "\\x{b:02X}")?;
            }
        }
        f.write_char('"')?;
        if self.is_cut() {
            // `…` inside the quotes would read as part of the input.
            write!(f, "… ({} bytes)", self.length)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn short_inputs_are_quoted_whole() {
        assert_eq!(quote(b"").to_string(), r#""""#);
        assert_eq!(quote(b"a\"b\\c\r").to_string(), r#""a\"b\\c\r""#);
        assert_eq!(quote(b"caf\xc3\xa9\xff").to_string(), r#""café\xFF""#);
        let exactly = [b'x'; QUOTE_LIMIT];
        assert_eq!(quote(&exactly).to_string().len(), QUOTE_LIMIT + 2);
    }

    #[test]
    fn long_inputs_show_a_prefix_and_their_length() {
        let over = [b'x'; QUOTE_LIMIT + 1];
        let shown = quote(&over).to_string();
        assert_eq!(shown, format!("\"{}\"… (65 bytes)", "x".repeat(64)));
        // A two-byte character across the cut is left out whole.
        let mut split = std::vec![b'a'; 63];
        split.extend_from_slice("é".as_bytes());
        split.push(b'z');
        assert_eq!(
            quote(&split).to_string(),
            format!("\"{}\"… (66 bytes)", "a".repeat(63))
        );
    }

    #[test]
    fn a_cut_is_reported_and_backs_up_at_most_three_bytes() {
        assert!(!quote(&[b'x'; QUOTE_LIMIT]).is_cut());
        assert!(quote(&[b'x'; QUOTE_LIMIT + 1]).is_cut());
        assert!(!quote(b"").is_cut());
        // A four-byte character across the cut is left out whole: the prefix ends before it.
        let mut four = std::vec![b'a'; 61];
        four.extend_from_slice("😀".as_bytes());
        assert_eq!(quote(&four).shown().len(), 61);
        assert!(quote(&four).is_cut());
        // Not UTF-8: a run of continuation bytes is no character to keep whole; the prefix
        // backs up no further than a character could reach.
        let junk = [0x80u8; 100];
        assert_eq!(quote(&junk).shown().len(), QUOTE_LIMIT - 3);
    }

    #[test]
    fn the_bound_holds_for_any_bytes() {
        // Worst case per byte: a control character escaped as `\u{1}` (6 bytes each).
        let input = std::vec![1u8; 1 << 20];
        let shown = quote(&input).to_string();
        assert!(shown.len() <= 6 * QUOTE_LIMIT + 30, "{}", shown.len());
        assert!(shown.ends_with("… (1048576 bytes)"));
    }
}
