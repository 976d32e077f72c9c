//! Any bytes as git names: never a panic, and every verdict matches a plain re-statement of
//! git's rules kept here (written from `check_refname_component` as documented by git, byte by
//! byte, with no shared code).
#![no_main]

use libfuzzer_sys::fuzz_target;
use registry_names::git;

/// git's per-component rules over a whole `/`-separated name, and "does not end with `.`".
fn components_ok(name: &[u8]) -> bool {
    if name.ends_with(b".") {
        return false;
    }
    for component in name.split(|&b| b == b'/') {
        if component.is_empty() || component[0] == b'.' || component.ends_with(b".lock") {
            return false;
        }
        let mut last = 0u8;
        for &b in component {
            let bad = b < 0x20 || b == 0x7f || b" ~^:?*[\\".contains(&b);
            if bad || (last == b'.' && b == b'.') || (last == b'@' && b == b'{') {
                return false;
            }
            last = b;
        }
    }
    true
}

/// A tag or branch name: `refs/tags/NAME` valid, no leading `-`, not `HEAD`.
fn git_accepts_short(name: &[u8]) -> bool {
    !name.starts_with(b"-") && name != b"HEAD" && components_ok(name)
}

/// A full refname as `git check-ref-format NAME`: at least two components, not `@`.
fn git_accepts_full(name: &[u8]) -> bool {
    name != b"@" && name.contains(&b'/') && components_ok(name)
}

fuzz_target!(|data: &[u8]| {
    let expected = git_accepts_short(data);
    assert_eq!(git::check_tag_name(data).is_ok(), expected, "tag {:?}", String::from_utf8_lossy(data));
    assert_eq!(git::check_branch_name(data).is_ok(), expected, "branch {:?}", String::from_utf8_lossy(data));
    assert_eq!(git::check_refname(data).is_ok(), git_accepts_full(data), "refname {:?}", String::from_utf8_lossy(data));
});
