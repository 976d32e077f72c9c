//! `.registry-names.toml` in the working directory: its `[policy]` table (docs/scan.md S5), read
//! with the `toml` crate. An unknown key or a bad pattern is a usage error that names its line.

use registry_names::scan::policy::{Policy, RegistryPattern};
use serde::Deserialize;
use std::io;
use std::path::Path;

/// The file's name, looked for in the working directory.
pub const FILE_NAME: &str = ".registry-names.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    policy: PolicyTable,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PolicyTable {
    #[serde(default)]
    require_tag: bool,
    #[serde(default)]
    no_latest: bool,
    #[serde(default)]
    require_digest: bool,
    #[serde(default)]
    allowed_registries: Vec<toml::Spanned<String>>,
}

/// The policy of `.registry-names.toml` in `dir`, or none when there is no such file.
///
/// # Errors
/// `FILE:LINE:COL: message` for a file that cannot be read, is not TOML, has a key this
/// version does not know, or a pattern [`RegistryPattern::parse`] refuses.
pub fn load(dir: &Path) -> Result<Policy, String> {
    let path = dir.join(FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Policy::default()),
        Err(e) => return Err(format!("{FILE_NAME}: cannot read: {e}")),
    };
    parse(&text)
}

/// [`load`] for the file's text.
pub fn parse(text: &str) -> Result<Policy, String> {
    let at = |offset: usize| {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        format!("{FILE_NAME}:{line}:{column}")
    };
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        let place = e
            .span()
            .map_or_else(|| FILE_NAME.to_string(), |s| at(s.start));
        // toml's message may hold several lines; the first says what is wrong. It may repeat a
        // key as written, of any length: keep a bounded prefix, as every message does.
        let first = e.message().lines().next().unwrap_or_default();
        format!("{place}: {}", bounded(first))
    })?;
    let table = file.policy;
    let mut allowed_registries = Vec::new();
    for pattern in &table.allowed_registries {
        let parsed = RegistryPattern::parse(pattern.get_ref())
            .map_err(|e| format!("{}: {e}", at(pattern.span().start + 1 + e.offset)))?;
        allowed_registries.push(parsed);
    }
    Ok(Policy {
        require_tag: table.require_tag,
        no_latest: table.no_latest,
        require_digest: table.require_digest,
        allowed_registries,
    })
}

/// At most 256 bytes of `message` (cut at a character boundary), then `…`.
fn bounded(message: &str) -> String {
    const LIMIT: usize = 256;
    if message.len() <= LIMIT {
        return message.to_string();
    }
    let mut end = LIMIT;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &message[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_and_mistakes_name_their_line() {
        let policy = parse(
            "[policy]\nno-latest = true\nallowed-registries = [\"*.myhuaweicloud.com\", \"quay.io/team/\"]\n",
        )
        .unwrap();
        assert!(policy.no_latest && !policy.require_tag && !policy.require_digest);
        assert_eq!(policy.allowed_registries.len(), 2);
        assert_eq!(parse("").unwrap(), Policy::default());

        let unknown = parse("[policy]\nno-latest = true\nrequire-tags = true\n").unwrap_err();
        assert!(
            unknown.starts_with(".registry-names.toml:3:1: unknown field `require-tags`"),
            "{unknown}"
        );
        let pattern =
            parse("[policy]\n\nallowed-registries = [\"ok.io\", \"bad*.io\"]\n").unwrap_err();
        assert!(
            pattern.starts_with(".registry-names.toml:3:36: bad registry pattern \"bad*.io\""),
            "{pattern}"
        );
        let table = parse("[polcy]\nno-latest = true\n").unwrap_err();
        assert!(table.starts_with(".registry-names.toml:1:"), "{table}");
        let long = parse(&format!("[policy]\n{} = 1\n", "k".repeat(100_000))).unwrap_err();
        assert!(long.len() < 300 && long.ends_with('…'), "{}", long.len());
        let kind = parse("[policy]\nno-latest = \"yes\"\n").unwrap_err();
        assert!(kind.starts_with(".registry-names.toml:2:13:"), "{kind}");
    }
}
