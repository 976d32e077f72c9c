//! DOMAIN, the host and port a reference names (docs/grammars.md §10):
//!
//! ```ebnf
//! DOMAIN   ::= HOST ( ":" PORT )?
//! HOST     ::= DNS_NAME | "[" [0-9A-Fa-f:]+ "]"
//! DNS_NAME ::= LABEL ( "." LABEL )*
//! LABEL    ::= [A-Za-z0-9] ( [A-Za-z0-9-]* [A-Za-z0-9] )?
//! PORT     ::= [0-9]+    /* no range check */
//! ```
//!
//! As distribution/reference reads it: a dotted IPv4 address is a DNS name of digit labels, a
//! bracketed IPv6 address holds no dotted IPv4 part and no zone, a name never ends in `.` and
//! never holds `_`.

use crate::error::{Expected, Rule};
use crate::grammar::{fail, long_component_prefix, ByteSet, PResult, Separated, Separators};
use nom::Err;

/// `[A-Za-z0-9]`, a DNS label's first and last byte.
const ALNUM: ByteSet = ByteSet::EMPTY
    .range(b'a', b'z')
    .range(b'A', b'Z')
    .range(b'0', b'9');
/// `[A-Za-z0-9-]`, a DNS label's bytes.
const LABEL: ByteSet = ALNUM.with(b"-");
/// `[0-9A-Fa-f:]`, a bracketed IPv6 address's bytes.
const IPV6: ByteSet = ByteSet::EMPTY
    .range(b'0', b'9')
    .range(b'a', b'f')
    .range(b'A', b'F')
    .with(b":");
/// `[0-9]`
const DIGIT: ByteSet = ByteSet::EMPTY.range(b'0', b'9');

/// A DNS name in lowercase, the usual host, as a component run: `[a-z0-9]` runs joined by `.`
/// or by a run of `-`. Only the sixteen-byte kernel reads hosts this way, as a head start.
pub(crate) struct LowercaseName;

impl Separated for LowercaseName {
    const SEPARATORS: Separators = Separators::new(b".-", true, Expected::HostBytes);
}

/// `host [":" port]`, the whole of `input`; returns where the host ends (a `:` and the port
/// follow when that is before the end).
pub(crate) fn domain(input: &[u8]) -> PResult<'_, usize> {
    let host_end = host(input)?;
    match input.get(host_end) {
        None => Ok((&input[host_end..], host_end)),
        Some(b':') => {
            let port = &input[host_end + 1..];
            let digits = DIGIT.span(port);
            if port.is_empty() {
                fail(port, Rule::Empty, Expected::ThePort)
            } else if digits < port.len() {
                fail(
                    &port[digits..],
                    Rule::InvalidCharacter,
                    Expected::PortDigits,
                )
            } else {
                Ok((&port[digits..], host_end))
            }
        }
        Some(_) => fail(
            &input[host_end..],
            Rule::InvalidCharacter,
            Expected::HostBytes,
        ),
    }
}

/// HOST: a bracketed IPv6 address or a DNS name; returns its length.
fn host(input: &[u8]) -> Result<usize, Err<crate::error::Failure>> {
    if input.first() != Some(&b'[') {
        return dns_name(input, long_component_prefix::<LowercaseName>(input));
    }
    let n = IPV6.span(&input[1..]);
    match input.get(1 + n) {
        Some(b']') if n > 0 => Ok(n + 2),
        Some(b']') => fail(&input[1..], Rule::Empty, Expected::Ipv6Bytes),
        _ => fail(&input[1 + n..], Rule::InvalidCharacter, Expected::Ipv6Bytes),
    }
}

/// The labels of a DNS name at the start of `input`, joined by single dots; returns the name's
/// length. The first `valid` bytes are known to be a lowercase name ending in an alphanumeric
/// (the kernel's head start), or `valid` is 0 and the name is read from its first byte.
pub(crate) fn dns_name(input: &[u8], valid: usize) -> Result<usize, Err<crate::error::Failure>> {
    // Where the label being read starts; after the head start, the alphanumeric that ends it,
    // which passes the label's first-byte test below and is all its later tests look back to.
    let mut label = valid.saturating_sub(1);
    loop {
        match input.get(label) {
            Some(&b) if ALNUM.contains(b) => {}
            None if label == 0 => return fail(input, Rule::Empty, Expected::TheDomain),
            Some(_) if label == 0 => {
                return fail(input, Rule::InvalidStart, Expected::HostLabelStart)
            }
            // After a dot: the name may not end there, nor hold two separators in a row.
            None | Some(b':') => {
                return fail(
                    &input[label - 1..],
                    Rule::TrailingSeparator,
                    Expected::HostBytes,
                )
            }
            Some(b'.' | b'-') => {
                return fail(
                    &input[label..],
                    Rule::AdjacentSeparators,
                    Expected::HostBytes,
                )
            }
            Some(_) => return fail(&input[label..], Rule::InvalidCharacter, Expected::HostBytes),
        }
        let end = label + 1 + LABEL.span(&input[label + 1..]);
        if input[end - 1] == b'-' {
            // A label ends with an alphanumeric: say where the hyphens that end it began.
            let hyphens = input[label..end]
                .iter()
                .rev()
                .take_while(|&&b| b == b'-')
                .count();
            return match input.get(end) {
                Some(b'.') => fail(&input[end..], Rule::AdjacentSeparators, Expected::HostBytes),
                None | Some(b':') => fail(
                    &input[end - hyphens..],
                    Rule::TrailingSeparator,
                    Expected::HostBytes,
                ),
                Some(_) => fail(&input[end..], Rule::InvalidCharacter, Expected::HostBytes),
            };
        }
        match input.get(end) {
            Some(b'.') => label = end + 1,
            _ => return Ok(end),
        }
    }
}
