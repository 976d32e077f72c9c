//! A team's own rules on the image references it commits (docs/scan.md S5): a tag required,
//! no `latest`, a digest required, registries from an allow-list. Opt-in: an empty [`Policy`]
//! checks nothing and costs one branch per reference.
//!
//! The checks read the parts of a reference the grammar found ([`ImageReference::tag`],
//! [`ImageReference::digest`], [`ImageReference::domain`]), never the text around them, so
//! `reg:5000/app` has no tag (the `:` is the port's) and `registry.example.com.evil.io` is not
//! on `registry.example.com`.
//!
//! ```
//! use registry_names::reference::ImageReference;
//! use registry_names::scan::policy::{Policy, PolicyRule, RegistryPattern};
//!
//! let policy = Policy {
//!     no_latest: true,
//!     allowed_registries: vec![RegistryPattern::parse("*.myhuaweicloud.com")?],
//!     ..Policy::default()
//! };
//! let image = ImageReference::parse("nginx:latest").unwrap();
//! let broken: Vec<PolicyRule> = policy.check(&image).collect();
//! assert_eq!(broken, [PolicyRule::NoLatest, PolicyRule::RegistryNotAllowed]);
//! let swr = ImageReference::parse("swr.cn-north-4.myhuaweicloud.com/team/app:1.0").unwrap();
//! assert_eq!(policy.check(&swr).count(), 0);
//! # Ok::<(), registry_names::scan::policy::PatternError>(())
//! ```

use std::prelude::rust_2021::*;

use crate::reference::{Host, ImageReference, Profiles};
use core::fmt;

crate::id::id_enum! {
    /// A policy a reference can break; its id is the finding's rule id (`policy/no-latest`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum PolicyRule {
        /// Neither a tag nor a digest (hadolint's DL3006): the image is whatever `latest` is
        /// when it is pulled.
        TagRequired = "policy/tag-required",
        /// Tag `latest` and no digest (hadolint's DL3007).
        NoLatest = "policy/no-latest",
        /// No digest: the tag can be moved to other content.
        DigestRequired = "policy/digest-required",
        /// The registry matches none of [`Policy::allowed_registries`].
        RegistryNotAllowed = "policy/registry-not-allowed",
    }
}

impl PolicyRule {
    /// What the rule asks for, as a sentence (SARIF's rule description).
    pub const fn description(self) -> &'static str {
        match self {
            PolicyRule::TagRequired => {
                "An image reference must name a tag or a digest (hadolint DL3006)."
            }
            PolicyRule::NoLatest => {
                "An image reference must not use the tag `latest` without a digest (hadolint \
                 DL3007)."
            }
            PolicyRule::DigestRequired => "An image reference must pin a digest.",
            PolicyRule::RegistryNotAllowed => {
                "An image reference must be on one of the allowed registries."
            }
        }
    }
}

/// The policies in force (S5). `Policy::default()` has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// `--require-tag`, `require-tag = true`: [`PolicyRule::TagRequired`].
    pub require_tag: bool,
    /// `--no-latest`, `no-latest = true`: [`PolicyRule::NoLatest`].
    pub no_latest: bool,
    /// `--require-digest`, `require-digest = true`: [`PolicyRule::DigestRequired`].
    pub require_digest: bool,
    /// `--allow-registry`, `allowed-registries = […]`: when not empty, every reference's
    /// registry must match one ([`PolicyRule::RegistryNotAllowed`]).
    pub allowed_registries: Vec<RegistryPattern>,
}

impl Policy {
    /// Whether no policy is on (then [`Policy::check`] finds nothing).
    pub fn is_empty(&self) -> bool {
        !self.require_tag
            && !self.no_latest
            && !self.require_digest
            && self.allowed_registries.is_empty()
    }

    /// The policies `image` breaks, in the order of [`PolicyRule::ALL`].
    ///
    /// Exemptions are the caller's: `scratch` and stage names are never references (the
    /// Dockerfile reader does not give them), and a Kustomize `name` matcher
    /// ([`Value::Matcher`](crate::scan::Value::Matcher)) names no image to pull.
    pub fn check(&self, image: &ImageReference<'_>) -> impl Iterator<Item = PolicyRule> {
        let tag = image.tag();
        let has_digest = image.digest().is_some();
        let broken = [
            self.require_tag && tag.is_none() && !has_digest,
            self.no_latest && !has_digest && tag.is_some_and(|t| t.as_str() == "latest"),
            self.require_digest && !has_digest,
            !self.allowed_registries.is_empty() && !self.allows(image),
        ];
        PolicyRule::ALL
            .into_iter()
            .zip(broken)
            .filter_map(|(rule, broken)| broken.then_some(rule))
    }

    /// Whether `image`'s registry matches one of the allowed patterns (true when there are
    /// none).
    pub fn allows(&self, image: &ImageReference<'_>) -> bool {
        self.allowed_registries.is_empty()
            || self.allowed_registries.iter().any(|p| p.matches(image))
    }

    /// The message of a finding of `rule`: what is wrong, and for
    /// [`PolicyRule::RegistryNotAllowed`] the allowed patterns, at most 64 bytes of them then
    /// `…`.
    ///
    /// ```
    /// use registry_names::scan::policy::{Policy, PolicyRule, RegistryPattern};
    /// let policy = Policy {
    ///     allowed_registries: vec![RegistryPattern::parse("quay.io/team/")?],
    ///     ..Policy::default()
    /// };
    /// assert_eq!(
    ///     policy.message(PolicyRule::RegistryNotAllowed, "evil.io/x:1"),
    ///     "registry evil.io is not allowed; allowed: quay.io/team/"
    /// );
    /// # Ok::<(), registry_names::scan::policy::PatternError>(())
    /// ```
    pub fn message(&self, rule: PolicyRule, reference: &str) -> String {
        match rule {
            PolicyRule::TagRequired => {
                "no tag and no digest: the image is whatever `latest` is when it is pulled".into()
            }
            PolicyRule::NoLatest => "tag `latest` without a digest".into(),
            PolicyRule::DigestRequired => "no digest: pin the image with @sha256:…".into(),
            PolicyRule::RegistryNotAllowed => {
                let registry = ImageReference::parse(reference)
                    .ok()
                    .and_then(|image| image.domain().map(|d| d.as_str()))
                    .unwrap_or(DOCKER_HUB);
                let mut allowed = String::new();
                for (i, pattern) in self.allowed_registries.iter().enumerate() {
                    if i > 0 {
                        allowed.push_str(", ");
                    }
                    allowed.push_str(pattern.as_str());
                }
                let registry = crate::quote(registry.as_bytes());
                let registry = String::from_utf8_lossy(registry.shown()).into_owned();
                format!(
                    "registry {registry} is not allowed; allowed: {}",
                    cut(&allowed)
                )
            }
        }
    }
}

/// The registry of a reference without a DOMAIN.
pub const DOCKER_HUB: &str = crate::reference::DOCKER_HUB;

/// At most [`crate::QUOTE_LIMIT`] bytes of `text` (cut at a character boundary), then `…`.
fn cut(text: &str) -> String {
    if text.len() <= crate::QUOTE_LIMIT {
        return text.to_string();
    }
    let mut end = crate::QUOTE_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// One entry of an allow-list of registries (S5): `HOST[:PORT]`, `*.DOMAIN[:PORT]` (a host one
/// or more labels below DOMAIN), each optionally followed by `/PATH/`, a prefix matched on whole
/// path components. Hosts compare without regard to case; a pattern without a port matches only
/// references without one (a port is another service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryPattern {
    text: String,
    /// The host, lowercase; for a wildcard, the DOMAIN after `*.`.
    host: String,
    wildcard: bool,
    port: Option<String>,
    /// The path prefix's components (empty: any path).
    path: Vec<String>,
}

/// Why a [`RegistryPattern`] is refused: the pattern's byte where it goes wrong and what is
/// wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad registry pattern {}: {message} (byte {offset})", crate::quote(.pattern.as_bytes()))]
pub struct PatternError {
    /// The pattern (quoted in the message, at most 64 bytes of it).
    pub pattern: String,
    /// Byte offset in the pattern.
    pub offset: usize,
    /// What is wrong.
    pub message: &'static str,
}

impl RegistryPattern {
    /// Reads a pattern.
    ///
    /// # Errors
    /// A [`PatternError`] for an empty pattern, a `*` anywhere but a whole first label, a host
    /// or port that is no image reference's DOMAIN (§10; a name without `.` or `:` other than
    /// `localhost` is read as a path, never a registry), or a path that is not §10's.
    ///
    /// ```
    /// use registry_names::scan::policy::RegistryPattern;
    /// assert!(RegistryPattern::parse("registry.example.com:5000/team/").is_ok());
    /// assert!(RegistryPattern::parse("*.myhuaweicloud.com").is_ok());
    /// assert_eq!(RegistryPattern::parse("reg*.example.com").unwrap_err().offset, 3);
    /// assert!(RegistryPattern::parse("https://quay.io").is_err());
    /// assert_eq!(RegistryPattern::parse("registry.example.com//").unwrap_err().offset, 21);
    /// ```
    pub fn parse(pattern: &str) -> Result<RegistryPattern, PatternError> {
        let error = |offset, message| PatternError {
            pattern: pattern.to_string(),
            offset,
            message,
        };
        if pattern.is_empty() {
            return Err(error(0, "empty"));
        }
        let (wildcard, rest) = match pattern.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, pattern),
        };
        let skipped = pattern.len() - rest.len();
        if let Some(star) = rest.find('*') {
            return Err(error(
                skipped + star,
                "`*` stands only for whole labels, as the first label: `*.DOMAIN`",
            ));
        }
        let (domain, path) = match rest.split_once('/') {
            // `HOST//` names an empty path component, not the whole host (an unset variable in
            // `HOST/$TEAM/` must not allow every repository).
            Some((_, "/")) => {
                return Err(error(pattern.len() - 1, "an empty path component"));
            }
            Some((domain, path)) => (domain, path.strip_suffix('/').unwrap_or(path)),
            None => (rest, ""),
        };
        // The grammar of §10 decides what a DOMAIN and a PATH are: the pattern must read as the
        // domain of a reference (a label stands for the `*`).
        let probe = match (wildcard, path.is_empty()) {
            (true, true) => format!("x.{domain}/x"),
            (true, false) => format!("x.{domain}/{path}/x"),
            (false, true) => format!("{domain}/x"),
            (false, false) => format!("{domain}/{path}/x"),
        };
        // The probe keeps the pattern's offsets: `x.` stands where `*.` was.
        // Distribution's grammar alone: a pattern names a registry, not a vendor's repository.
        let image = ImageReference::parse_with(&probe, &Profiles::oci_only()).map_err(|e| {
            error(
                e.offset().min(pattern.len()),
                "not a registry's host, port and path (§10)",
            )
        })?;
        let domain_len = probe.find('/').unwrap_or(0);
        let Some(parsed) = image.domain().filter(|d| d.as_str().len() == domain_len) else {
            return Err(error(
                skipped,
                "not a registry host: a name without `.` or `:` (but `localhost`) is a path",
            ));
        };
        let address = |domain: &str| {
            ImageReference::parse_with(&format!("{domain}/x"), &Profiles::oci_only())
                .ok()
                .and_then(|i| i.domain())
                .is_some_and(|d| !matches!(d.host(), Host::Name(_)))
        };
        if wildcard && (!matches!(parsed.host(), Host::Name(_)) || address(domain)) {
            return Err(error(
                skipped,
                "`*.` goes before a DNS name, not an address",
            ));
        }
        // Docker Hub's old name is Docker Hub, as in references.
        let written = if wildcard {
            parsed.as_str()
        } else {
            image.registry()
        };
        let host = match parsed.port() {
            Some(port) => &written[..written.len() - port.len() - 1],
            None => written,
        };
        let host = if wildcard { &host[2..] } else { host };
        Ok(RegistryPattern {
            text: pattern.to_string(),
            host: host.to_ascii_lowercase(),
            wildcard,
            port: parsed.port().map(str::to_string),
            path: path
                .split('/')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether `image` is on a registry (and under a path) this pattern allows. A reference
    /// without a DOMAIN is on `docker.io`, where a one-component PATH is under `library/`.
    ///
    /// ```
    /// use registry_names::reference::ImageReference;
    /// use registry_names::scan::policy::RegistryPattern;
    /// let team = RegistryPattern::parse("r.example.com/team/")?;
    /// let on = |r| team.matches(&ImageReference::parse(r).unwrap());
    /// assert!(on("r.example.com/team/app:1"));
    /// assert!(!on("r.example.com/team-evil/app:1"));
    /// assert!(!on("r.example.com.evil.io/team/app:1"));
    /// # Ok::<(), registry_names::scan::policy::PatternError>(())
    /// ```
    pub fn matches(&self, image: &ImageReference<'_>) -> bool {
        // Docker Hub by any of its names (none, `index.docker.io`) is `docker.io`, as docker
        // reads it; a port is never part of that name.
        let registry = image.registry();
        let (host, port) = match image.domain().and_then(|d| d.port()) {
            Some(port) => (&registry[..registry.len() - port.len() - 1], Some(port)),
            None => (registry, None),
        };
        let host_ok = if self.wildcard {
            host.len() > self.host.len() + 1
                && host
                    .get(host.len() - self.host.len()..)
                    .is_some_and(|tail| tail.eq_ignore_ascii_case(&self.host))
                && host.as_bytes()[host.len() - self.host.len() - 1] == b'.'
        } else {
            host.eq_ignore_ascii_case(&self.host)
        };
        if !host_ok || port != self.port.as_deref() {
            return false;
        }
        if self.path.is_empty() {
            return true;
        }
        let mut components = image.components();
        // Docker Hub's official images: `nginx` and `docker.io/nginx` are `library/nginx`.
        let official = registry == DOCKER_HUB && !image.path().contains('/');
        let mut library = official.then_some("library");
        let mut next = || library.take().or_else(|| components.next());
        // A prefix `team/` names what is under it: whole components, and one more at least.
        self.path.iter().all(|want| next() == Some(want.as_str())) && next().is_some()
    }
}

impl fmt::Display for RegistryPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_is_described_by_its_own_sentence() {
        let described: Vec<_> = PolicyRule::ALL.iter().map(|r| r.description()).collect();
        for (rule, text) in PolicyRule::ALL.iter().zip(&described) {
            assert!(
                text.starts_with("An image reference must") && text.ends_with('.'),
                "{rule}: {text}"
            );
            assert_eq!(described.iter().filter(|d| *d == text).count(), 1, "{text}");
        }
        assert!(PolicyRule::TagRequired.description().contains("DL3006"));
        assert!(PolicyRule::NoLatest.description().contains("`latest`"));
        assert!(PolicyRule::DigestRequired.description().contains("digest"));
        assert!(PolicyRule::RegistryNotAllowed
            .description()
            .contains("allowed registries"));
    }

    #[test]
    fn a_pattern_shows_as_written() {
        for text in [
            "*.Example.com:5000/team/",
            "docker.io",
            "index.docker.io/library",
        ] {
            assert_eq!(RegistryPattern::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn an_empty_path_component_is_refused_at_its_second_slash() {
        let e = RegistryPattern::parse("registry.example.com//").unwrap_err();
        assert_eq!((e.offset, e.message), (21, "an empty path component"));
        let e = RegistryPattern::parse("r.io//").unwrap_err();
        assert_eq!(e.offset, 5);
    }

    fn allows(pattern: &str, reference: &str) -> bool {
        let pattern = RegistryPattern::parse(pattern).unwrap();
        pattern.matches(&ImageReference::parse(reference).unwrap())
    }

    #[test]
    fn hosts_match_whole_labels_case_insensitively_and_ports_exactly() {
        assert!(allows("registry.example.com", "REGISTRY.Example.com/a:1"));
        assert!(!allows(
            "registry.example.com",
            "registry.example.com.evil.io/a:1"
        ));
        assert!(!allows(
            "registry.example.com",
            "registry.example.com:5000/a:1"
        ));
        assert!(allows(
            "registry.example.com:5000",
            "registry.example.com:5000/a"
        ));
        assert!(!allows(
            "registry.example.com:5000",
            "registry.example.com/a"
        ));
        assert!(allows("*.example.com", "a.b.example.com/x"));
        assert!(!allows("*.example.com", "example.com/x"));
        assert!(!allows("*.example.com", "evilexample.com/x"));
        assert!(!allows("*.example.com", "a.example.com.evil.io/x"));
        assert!(allows("localhost:5000", "localhost:5000/x"));
        assert!(allows("[::1]:5000", "[::1]:5000/x"));
        assert!(allows("10.0.0.1", "10.0.0.1/x"));
        assert!(allows("docker.io", "nginx"));
        assert!(allows("docker.io", "library/nginx:1"));
        assert!(!allows("quay.io", "nginx"));
    }

    #[test]
    fn prefixes_match_whole_path_components_with_one_more_under_them() {
        assert!(allows("r.example.com/team/", "r.example.com/team/app:1"));
        assert!(allows("r.example.com/team", "r.example.com/team/sub/app"));
        assert!(!allows(
            "r.example.com/team/",
            "r.example.com/team-evil/app"
        ));
        assert!(!allows("r.example.com/team/", "r.example.com/team"));
        assert!(!allows(
            "r.example.com/team/",
            "r.example.com.evil.io/team/app"
        ));
        assert!(allows("docker.io/library/", "nginx:1"));
        // Docker Hub by its other names, as docker reads them.
        assert!(allows("docker.io/library/", "docker.io/nginx:1"));
        assert!(allows("docker.io/library/", "index.docker.io/nginx:1"));
        assert!(allows("docker.io", "index.docker.io/bitnami/nginx:1"));
        assert!(!allows("docker.io", "index.docker.io:443/bitnami/nginx:1"));
        assert!(!allows("docker.io/library/", "docker.io/bitnami/nginx:1"));
        assert!(!allows("r.example.com/library/", "r.example.com/nginx:1"));
        assert!(allows("index.docker.io/library/", "nginx:1"));
        assert!(allows("index.docker.io", "docker.io/bitnami/nginx:1"));
        assert!(!allows("docker.io/library/", "bitnami/nginx:1"));
        assert!(allows("*.example.com/team/", "x.example.com/team/app"));
    }

    #[test]
    fn bad_patterns_say_where() {
        for (pattern, offset) in [
            ("", 0),
            ("*", 0),
            ("*.", 1),
            ("a.*.com", 2),
            ("reg*.io", 3),
            ("myregistry", 0),
            ("*.10.0.0.1", 2),
            ("https://quay.io", 6),
            ("quay.io//x", 8),
            ("Quay.io/Team/", 8),
        ] {
            let error = RegistryPattern::parse(pattern).unwrap_err();
            assert_eq!(error.offset, offset, "{pattern}: {error}");
        }
    }

    proptest::proptest! {
        /// Any pattern: refused with an offset inside it, or read and matched without panic.
        #[test]
        fn any_pattern_parses_or_says_where(pattern in "[*.:/a-zA-Z0-9\\[\\]-]{0,24}") {
            match RegistryPattern::parse(&pattern) {
                Ok(p) => {
                    for r in ["nginx", "a.b.c:5000/x/y:1", "[::1]/x", "quay.io/team/app"] {
                        let _ = p.matches(&ImageReference::parse(r).unwrap());
                    }
                }
                Err(e) => proptest::prop_assert!(e.offset <= pattern.len()),
            }
        }
    }

    #[test]
    fn each_rule_reads_the_parts_the_grammar_found() {
        let all = Policy {
            require_tag: true,
            no_latest: true,
            require_digest: true,
            allowed_registries: vec![RegistryPattern::parse("reg:5000").unwrap()],
        };
        let broken = |r: &str| -> Vec<PolicyRule> {
            all.check(&ImageReference::parse(r).unwrap()).collect()
        };
        use PolicyRule::*;
        assert_eq!(broken("reg:5000/app"), [TagRequired, DigestRequired]);
        assert_eq!(broken("reg:5000/app:latest"), [NoLatest, DigestRequired]);
        let hex = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";
        assert_eq!(broken(&format!("reg:5000/app:latest@sha256:{hex}")), []);
        assert_eq!(broken(&format!("app@sha256:{hex}")), [RegistryNotAllowed]);
        assert_eq!(
            Policy::default()
                .check(&ImageReference::parse("a").unwrap())
                .count(),
            0
        );
        assert!(Policy::default().is_empty() && !all.is_empty());
    }
}
