//! docker's split of a reference into DOMAIN and PATH (docs/grammars.md §10): the one place
//! that decides whether the text before the first `/` is a host.

use crate::grammar::{before_byte, ByteSet};

/// Bytes that make the text before the first `/` a DOMAIN wherever they stand in it: a `.` or a
/// `:` (a host name or a port), or an uppercase letter (which no PATH holds).
const DOMAIN_MARK: ByteSet = ByteSet::EMPTY.range(b'A', b'Z').with(b".:");

/// Where the DOMAIN ends (at the first `/`), when the reference has one.
///
/// As every docker client splits a name before it pulls: with no `/` there is no domain; the
/// text before the first `/` is a domain when it holds `.`, `:` or an uppercase letter, begins
/// with `[`, or is `localhost`, and otherwise the first component of PATH (`library/nginx`).
/// Chosen this way, it is checked as a domain and never read again as a path component: a
/// client would try to reach that host (docs/grammars.md §10, the decision on `foo_bar.com`).
#[inline]
pub(super) fn domain_end(input: &[u8]) -> Option<usize> {
    let slash = before_byte(b'/', input);
    let first = input.get(..slash).filter(|_| slash < input.len())?;
    let domain = first.first() == Some(&b'[')
        || first == b"localhost"
        || first.iter().any(|&b| DOMAIN_MARK.contains(b));
    domain.then_some(slash)
}
