//! One YAML document as a compact tree: nodes in pre-order in three parallel arrays (9 bytes a
//! node), scalars' values kept as spans of the text where they are written as they read, aliases
//! as the index of the node they name. The file's tree is at most one node per byte of text, so
//! reading a document costs at most about ten bytes a byte (S8: 16).

// The crate is `no_std`; this module is built only with `std`.
use std::prelude::rust_2021::*;

use saphyr_parser::{ScalarStyle, Tag};

/// What a node is, in the low two bits of its flags byte.
const SCALAR: u8 = 0;
const MAPPING: u8 = 1;
const SEQUENCE: u8 = 2;
const ALIAS: u8 = 3;
const KIND: u8 = 0b11;
/// A scalar's value is `text[offset..offset + len]`; otherwise it is in the arena.
const IN_TEXT: u8 = 1 << 2;
/// A collection with a tag outside the core schema (`!reference [...]`, `!Ref {...}`): not
/// what it looks like, so never read into.
const FOREIGN: u8 = 1 << 3;
/// A scalar's class (bits 4 and 5): how the core schema resolves it.
const CLASS_SHIFT: u8 = 4;
/// A mapping with a key that may be a `<<` merge: a scalar `<<`, or an alias (which may name
/// one). A mapping without it is read without looking for merges.
const MAY_MERGE: u8 = 1 << 6;
/// A collection that holds, at any depth, an alias or a key an image may be found under
/// ([`super::walk::may_lead_to_image`]). One without it holds no candidate.
const MAY_HOLD_IMAGE: u8 = 1 << 7;

/// No node: an alias that names nothing it may follow.
pub(super) const NONE: u32 = u32::MAX;

/// What a scalar is, as YAML 1.2's core schema resolves it (and its tag, when it has one).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Class {
    /// `~`, `null`, `Null`, `NULL`, empty, or tagged `!!null`.
    Null,
    /// A string: quoted, a block scalar, a plain scalar that is nothing else, or tagged `!!str`
    /// (or `!`).
    Str,
    /// An integer or a float (plain, or tagged `!!int` or `!!float`): its text is kept as written.
    Number,
    /// A boolean, or a scalar tagged outside the core schema (`!Ref x`, `!!binary …`).
    Other,
}

impl Class {
    fn bits(self) -> u8 {
        (match self {
            Class::Null => 0,
            Class::Str => 1,
            Class::Number => 2,
            Class::Other => 3,
        }) << CLASS_SHIFT
    }

    fn of_bits(flags: u8) -> Class {
        match (flags >> CLASS_SHIFT) & 0b11 {
            0 => Class::Null,
            1 => Class::Str,
            2 => Class::Number,
            _ => Class::Other,
        }
    }

    /// The class of a scalar with this value, style and tag.
    #[inline]
    pub(super) fn of(value: &str, style: ScalarStyle, tag: Option<&Tag>) -> Class {
        if let Some(tag) = tag {
            return match (tag.handle.as_str(), tag.suffix.as_str()) {
                ("tag:yaml.org,2002:", "str") | ("", "!") => Class::Str,
                ("tag:yaml.org,2002:", "null") => Class::Null,
                ("tag:yaml.org,2002:", "int" | "float") => Class::Number,
                _ => Class::Other,
            };
        }
        if style != ScalarStyle::Plain {
            return Class::Str;
        }
        // Most plain scalars are keys and words, which start with a letter (numbers start with a
        // digit, a sign or `.`), and most others are integers: neither needs `is_number`.
        match value.as_bytes().first() {
            Some(b) if b.is_ascii_alphabetic() => match value {
                "null" | "Null" | "NULL" => Class::Null,
                "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => Class::Other,
                _ => Class::Str,
            },
            Some(b) if b.is_ascii_digit() && value.bytes().all(|c| c.is_ascii_digit()) => {
                Class::Number
            }
            _ => Class::of_plain(value),
        }
    }

    /// The class of an untagged plain scalar, read whole.
    fn of_plain(value: &str) -> Class {
        match value {
            "" | "~" | "null" | "Null" | "NULL" => Class::Null,
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => Class::Other,
            _ if is_number(value) => Class::Number,
            _ => Class::Str,
        }
    }
}

/// A plain scalar the core schema reads as a number: `[-+]?[0-9]+`, `0o[0-7]+`,
/// `0x[0-9a-fA-F]+`, `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf`,
/// `\.nan` (in the three spellings of each).
fn is_number(value: &str) -> bool {
    // Many plain scalars that reach here are quantities (`500m`, `128Mi`), with a byte no
    // number has in any of its forms.
    if !value.bytes().all(|c| {
        c.is_ascii_hexdigit()
            || matches!(
                c,
                b'x' | b'o' | b'i' | b'n' | b'I' | b'N' | b'.' | b'+' | b'-'
            )
    }) {
        return false;
    }
    let b = value.as_bytes();
    if let Some(hex) = value.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = value.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    if matches!(value, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let unsigned = match b.first() {
        Some(b'-' | b'+') => &value[1..],
        _ => value,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty()),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// A collection tag outside the core schema; out of line, as most collections have no tag.
#[cold]
fn is_foreign_collection_tag(tag: &Tag) -> bool {
    !matches!(
        (tag.handle.as_str(), tag.suffix.as_str()),
        ("tag:yaml.org,2002:", "map" | "seq") | ("", "!")
    )
}

/// A document's nodes in pre-order.
#[derive(Default)]
pub(super) struct Tree {
    flags: Vec<u8>,
    /// Scalar: the byte offset of its value's first byte. Collection: of its start. Alias: of
    /// its `*`.
    offset: Vec<u32>,
    /// Scalar: its value's length in bytes. Collection: the index after its last descendant.
    /// Alias: the node it names, or [`NONE`].
    extra: Vec<u32>,
    /// Values that differ from their text (escapes, folded lines, block scalars), one after the
    /// other, with the node each belongs to and where it starts.
    arena: String,
    in_arena: Vec<(u32, u32)>,
    /// Open collections, innermost last, each with how many nodes it holds so far (a mapping's
    /// keys are its even ones).
    open: Vec<(u32, u32)>,
    /// The node of each anchor id, from the first id of the document on.
    anchors: Vec<u32>,
    first_anchor: usize,
}

/// Why a document could not be built.
pub(super) enum BuildError {
    /// Nested deeper than [`MAX_DEPTH`](super::MAX_DEPTH).
    TooDeep,
}

impl Tree {
    pub(super) fn clear(&mut self) {
        self.flags.clear();
        self.offset.clear();
        self.extra.clear();
        self.arena.clear();
        self.in_arena.clear();
        self.open.clear();
        self.anchors.clear();
        self.first_anchor = 0;
        // A large document's arrays are given back before the next one.
        if self.flags.capacity() > 1 << 16 {
            *self = Tree::default();
        }
    }

    pub(super) fn len(&self) -> u32 {
        self.flags.len() as u32
    }

    #[inline(always)]
    fn push(&mut self, flags: u8, offset: usize, extra: u32, anchor: usize) -> u32 {
        let node = self.len();
        if let Some((_, held)) = self.open.last_mut() {
            *held += 1;
        }
        self.flags.push(flags);
        self.offset.push(offset as u32);
        self.extra.push(extra);
        if anchor != 0 {
            if self.anchors.is_empty() {
                self.first_anchor = anchor;
            }
            if let Some(slot) = anchor.checked_sub(self.first_anchor) {
                if slot >= self.anchors.len() {
                    self.anchors.resize(slot + 1, NONE);
                }
                self.anchors[slot] = node;
            }
        }
        node
    }

    /// A mapping or sequence starts at `offset`.
    #[inline(always)]
    pub(super) fn open(
        &mut self,
        mapping: bool,
        offset: usize,
        anchor: usize,
        tag: Option<&Tag>,
    ) -> Result<(), BuildError> {
        if self.open.len() >= super::MAX_DEPTH {
            return Err(BuildError::TooDeep);
        }
        let foreign = tag.is_some_and(is_foreign_collection_tag);
        let flags = if mapping { MAPPING } else { SEQUENCE } | if foreign { FOREIGN } else { 0 };
        let node = self.push(flags, offset, NONE, anchor);
        self.open.push((node, 0));
        Ok(())
    }

    /// The innermost open collection ends; what it may hold, its parent holds too.
    pub(super) fn close(&mut self) {
        if let Some((node, _)) = self.open.pop() {
            self.extra[node as usize] = self.len();
            if self.flags[node as usize] & MAY_HOLD_IMAGE != 0 {
                if let Some(&(parent, _)) = self.open.last() {
                    self.flags[parent as usize] |= MAY_HOLD_IMAGE;
                }
            }
        }
    }

    /// Marks the innermost open collection for the node pushed next: a scalar `key` (`None` for
    /// an alias, which may name anything, and as a key may name `<<`).
    #[inline(always)]
    fn mark(&mut self, key: Option<&str>) {
        let Some(&(node, held)) = self.open.last() else {
            return;
        };
        let flags = &mut self.flags[node as usize];
        let is_key = held % 2 == 0 && *flags & KIND == MAPPING;
        match key {
            None if is_key => *flags |= MAY_HOLD_IMAGE | MAY_MERGE,
            None => *flags |= MAY_HOLD_IMAGE,
            Some(key) if is_key && super::walk::may_lead_to_image(key) => {
                *flags |= MAY_HOLD_IMAGE | if key == "<<" { MAY_MERGE } else { 0 };
            }
            Some(_) => {}
        }
    }

    /// A scalar whose value starts at byte `offset` of `text`.
    #[inline]
    pub(super) fn scalar(
        &mut self,
        text: &str,
        value: &str,
        offset: usize,
        class: Class,
        anchor: usize,
    ) {
        let in_text = text.get(offset..offset + value.len()) == Some(value);
        self.mark(Some(value));
        let node = self.push(
            if in_text { IN_TEXT } else { 0 } | class.bits(),
            offset,
            value.len() as u32,
            anchor,
        );
        if !in_text {
            self.in_arena.push((node, self.arena.len() as u32));
            self.arena.push_str(value);
        }
    }

    /// An alias `*name` at `offset`, naming the node of anchor id `anchor`. One naming a
    /// collection that is still open (`&a [*a]`) names nothing: following it would never end.
    pub(super) fn alias(&mut self, offset: usize, anchor: usize) {
        let target = anchor
            .checked_sub(self.first_anchor)
            .and_then(|slot| self.anchors.get(slot).copied())
            .filter(|&node| node != NONE)
            .filter(|&node| {
                self.flags[node as usize] & KIND == SCALAR || self.extra[node as usize] != NONE
            })
            .unwrap_or(NONE);
        self.mark(None);
        self.push(ALIAS, offset, target, 0);
    }

    #[inline]
    pub(super) fn is_mapping(&self, node: u32) -> bool {
        self.flags[node as usize] & KIND == MAPPING
    }

    #[inline]
    pub(super) fn is_sequence(&self, node: u32) -> bool {
        self.flags[node as usize] & KIND == SEQUENCE
    }

    #[inline]
    pub(super) fn is_scalar(&self, node: u32) -> bool {
        self.flags[node as usize] & KIND == SCALAR
    }

    /// The node an alias names ([`NONE`] for none), or `None` for a node that is no alias.
    #[inline]
    pub(super) fn alias_target(&self, node: u32) -> Option<u32> {
        (self.flags[node as usize] & KIND == ALIAS).then(|| self.extra[node as usize])
    }

    /// A mapping that may have a `<<` key (one without has none).
    pub(super) fn may_merge_into(&self, node: u32) -> bool {
        self.flags[node as usize] & MAY_MERGE != 0
    }

    /// A collection that may hold a candidate: one that holds no alias and no key an image is
    /// found under holds none.
    #[inline]
    pub(super) fn may_hold_image(&self, node: u32) -> bool {
        self.flags[node as usize] & MAY_HOLD_IMAGE != 0
    }

    /// A collection tagged outside the core schema.
    #[inline]
    pub(super) fn is_foreign(&self, node: u32) -> bool {
        self.flags[node as usize] & FOREIGN != 0
    }

    #[inline]
    pub(super) fn offset(&self, node: u32) -> u32 {
        self.offset[node as usize]
    }

    #[inline]
    pub(super) fn class(&self, node: u32) -> Class {
        Class::of_bits(self.flags[node as usize])
    }

    /// A scalar's value.
    #[inline(always)]
    pub(super) fn value<'a>(&'a self, text: &'a str, node: u32) -> &'a str {
        let i = node as usize;
        let len = self.extra[i] as usize;
        if self.flags[i] & IN_TEXT != 0 {
            let start = self.offset[i] as usize;
            &text[start..start + len]
        } else {
            self.arena_value(node, len)
        }
    }

    /// A scalar's value that differs from its text, out of line: most are read where written.
    #[inline(never)]
    fn arena_value(&self, node: u32, len: usize) -> &str {
        let slot = self.in_arena.partition_point(|&(n, _)| n < node);
        let start = self.in_arena[slot].1 as usize;
        &self.arena[start..start + len]
    }

    /// The index after a node and its descendants: its next sibling's.
    #[inline]
    pub(super) fn after(&self, node: u32) -> u32 {
        let i = node as usize;
        match self.flags[i] & KIND {
            MAPPING | SEQUENCE => self.extra[i],
            _ => node + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shortcuts of `Class::of` (a letter, an integer) agree with reading the whole
        /// scalar.
        #[test]
        fn plain_class_shortcut_agrees(
            value in "[a-zA-Z0-9.+~_ -]{0,6}|[0-9]{1,4}|([nN]ull|NULL|[tT]rue|TRUE|[fF]alse|FALSE|\\.inf|0x|0o)[a-f0-9]{0,2}"
        ) {
            proptest::prop_assert_eq!(
                Class::of(&value, ScalarStyle::Plain, None),
                Class::of_plain(&value)
            );
        }
    }

    #[test]
    fn the_core_schema_numbers() {
        for n in [
            "0",
            "-12",
            "+3",
            "1.10",
            ".5",
            "5.",
            "1e3",
            "2.5E-3",
            "0x1F",
            "0o17",
            ".inf",
            ".nan",
            ".NaN",
            ".NAN",
            "-.Inf",
            "+.INF",
            "0xdeadBEEF",
        ] {
            assert!(is_number(n), "{n}");
        }
        for s in [
            "", ".", "1.2.3", "e3", "1e", "0x", "0o8", "v1", "1_000", "-", "nan", "1.0-rc", "500m",
            "128Mi", "1h",
        ] {
            assert!(!is_number(s), "{s}");
        }
    }
}
