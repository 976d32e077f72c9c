//! Which registry's rules a reference's PATH follows, chosen by its host (docs/grammars.md
//! §10, "Profiles").

use crate::grammar::{contains_byte, eq_lowercase};

crate::id::id_enum! {
    /// Which registry's rules a reference's PATH must follow, chosen by its DOMAIN
    /// (docs/grammars.md §10). Its id (`swr`, `quay`, `oci`) is what `--profile HOST=ID` takes.
    ///
    /// ```
    /// use registry_names::reference::Profile;
    /// assert_eq!(Profile::from_id("quay"), Some(Profile::Quay));
    /// assert_eq!(Profile::from_id("Quay"), None);
    /// assert_eq!(Profile::Swr.to_string(), "swr");
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Profile {
        /// Huawei Cloud SWR: `NAMESPACE/REPOSITORY`, §1 and §2 plain form.
        Swr = "swr",
        /// Red Hat Quay: §5 (a §4 namespace, then the name segments).
        Quay = "quay",
        /// Any other registry: distribution's generic PATH grammar only.
        Oci = "oci",
    }
}

/// Which profile each host selects (docs/grammars.md §10).
///
/// The default ([`Profiles::new`]) needs no configuration: SWR's three host families
/// (`swr.REGION.myhuaweicloud.com`, `swr.REGION.myhuaweicloud.eu`, `swr.REGION.otc.t-systems.com`)
/// are `swr`, `quay.io` is `quay`, every other host and no host is `oci`. Hosts compare
/// ASCII-case-insensitively, whatever the reference's port. With `alloc`, [`Profiles::insert`]
/// maps further hosts; those come before the built-in ones.
///
/// ```
/// use registry_names::reference::{ImageReference, Profile, Profiles};
/// let mut profiles = Profiles::new();
/// profiles.insert("registry.example.com:5000", Profile::Swr)?;
/// let err = ImageReference::parse_with("registry.example.com:5000/busybox", &profiles).unwrap_err();
/// assert_eq!(err.rule(), registry_names::Rule::MissingNamespace);
/// // Another port of the same host is not configured.
/// assert!(ImageReference::parse_with("registry.example.com/busybox", &profiles).is_ok());
/// # Ok::<(), registry_names::reference::ReferenceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Profiles {
    /// Whether the built-in SWR and Quay hosts select their profiles.
    builtin: bool,
    #[cfg(feature = "alloc")]
    configured: alloc::vec::Vec<configured::Host>,
}

/// The built-in profiles, for the entry points that take none.
pub(super) static BUILTIN: Profiles = Profiles::new();

impl Profiles {
    /// The built-in profiles only.
    pub const fn new() -> Profiles {
        Profiles {
            builtin: true,
            #[cfg(feature = "alloc")]
            configured: alloc::vec::Vec::new(),
        }
    }

    /// No built-in host: every reference is `oci` (distribution's grammar alone) unless
    /// [`insert`](Self::insert) maps its host. For a generic client that talks to any registry.
    ///
    /// ```
    /// use registry_names::reference::{ImageReference, Profile, Profiles};
    /// let image = ImageReference::parse_with("quay.io/a/app", &Profiles::oci_only())?;
    /// assert_eq!(image.profile(), Profile::Oci);
    /// # Ok::<(), registry_names::reference::ReferenceError>(())
    /// ```
    pub const fn oci_only() -> Profiles {
        Profiles {
            builtin: false,
            #[cfg(feature = "alloc")]
            configured: alloc::vec::Vec::new(),
        }
    }

    /// The profile of a reference whose host is `host` and port `port`.
    ///
    /// ```
    /// use registry_names::reference::{Profile, Profiles};
    /// let profiles = Profiles::new();
    /// assert_eq!(profiles.profile_of("QUAY.IO", Some("443")), Profile::Quay);
    /// assert_eq!(profiles.profile_of("swr.ap-southeast-1.myhuaweicloud.com", None), Profile::Swr);
    /// assert_eq!(profiles.profile_of("docker.io", None), Profile::Oci);
    /// ```
    pub fn profile_of(&self, host: &str, port: Option<&str>) -> Profile {
        self.select(host.as_bytes(), port.map(str::as_bytes))
    }

    pub(super) fn select(&self, host: &[u8], port: Option<&[u8]>) -> Profile {
        #[cfg(feature = "alloc")]
        if !self.configured.is_empty() {
            if let Some(profile) = self.configured(host, port) {
                return profile;
            }
        }
        let _ = port;
        if self.builtin {
            builtin(host)
        } else {
            Profile::Oci
        }
    }
}

impl Default for Profiles {
    /// [`Profiles::new`]: the built-in hosts.
    fn default() -> Profiles {
        Profiles::new()
    }
}

/// Hosts mapped by configuration (feature `alloc`).
#[cfg(feature = "alloc")]
mod configured {
    use super::{Profile, Profiles};
    use crate::reference::{domain, Part, ReferenceError};
    use alloc::string::String;

    /// A host and the profile its references follow, set by configuration.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub(super) struct Host {
        /// The host in lowercase ASCII.
        host: String,
        /// The port, when the configuration names one: then only that port matches.
        port: Option<String>,
        profile: Profile,
    }

    impl Profiles {
        /// Maps `domain` (a DOMAIN as in a reference: a host, and optionally `:PORT`) to
        /// `profile`. Without a port every port of the host matches; with one, only that port. A
        /// later insert for the same domain replaces the earlier one.
        ///
        /// # Errors
        /// A [`ReferenceError`] about [`Part::Domain`] when `domain` is not a valid DOMAIN.
        #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
        pub fn insert(&mut self, domain: &str, profile: Profile) -> Result<(), ReferenceError> {
            let host_end = crate::grammar::run(
                crate::kind::Kind::ImageReference,
                domain.as_bytes(),
                domain::domain,
            )
            .map_err(|error| ReferenceError {
                part: Part::Domain,
                profile: Profile::Oci,
                error,
            })?;
            let host = domain[..host_end].to_ascii_lowercase();
            let port = domain.get(host_end + 1..).map(String::from);
            self.configured
                .retain(|c| !(c.host == host && c.port == port));
            self.configured.push(Host {
                host,
                port,
                profile,
            });
            Ok(())
        }

        /// The profile configured for `host` and `port`, if any. Out of line: the built-in
        /// profiles, what most callers use, need none of its work.
        #[inline(never)]
        pub(super) fn configured(&self, host: &[u8], port: Option<&[u8]>) -> Option<Profile> {
            // The newest entry wins where a port-specific and a host-wide one both match: the
            // port-specific one is checked first.
            let matching = |c: &&Host| host.eq_ignore_ascii_case(c.host.as_bytes());
            self.configured
                .iter()
                .filter(matching)
                .find(|c| c.port.as_deref().map(str::as_bytes) == port)
                .or_else(|| {
                    self.configured
                        .iter()
                        .filter(matching)
                        .find(|c| c.port.is_none())
                })
                .map(|c| c.profile)
        }
    }
}

/// The built-in profile of `host`.
///
/// Decided from the length and the ends of the host before anything reads it whole: `quay.io` is
/// the only 7-byte host of a profile, and an SWR host is `swr.`, one DNS label and one of three
/// suffixes of 17 or 18 bytes, so at least 22 bytes; the ends are compared at a fixed size.
/// `grammar::oracle` pins it to the plain statement of the hosts.
pub(crate) fn builtin(host: &[u8]) -> Profile {
    if let Ok(host) = <&[u8; 7]>::try_from(host) {
        return if eq_lowercase(host, b"quay.io") {
            Profile::Quay
        } else {
            Profile::Oci
        };
    }
    let swr = host.len() >= 22 && starts_with_lowercase(host, b"swr.");
    let suffix = if !swr {
        return Profile::Oci;
    } else if ends_with_lowercase(host, b".myhuaweicloud.com")
        || ends_with_lowercase(host, b".otc.t-systems.com")
    {
        18
    } else if ends_with_lowercase(host, b".myhuaweicloud.eu") {
        17
    } else {
        return Profile::Oci;
    };
    let region = &host[4..host.len() - suffix];
    if region.is_empty() || contains_byte(b'.', region) {
        Profile::Oci
    } else {
        Profile::Swr
    }
}

/// Whether `host` starts with `lowercase` in any ASCII case.
#[inline(always)]
fn starts_with_lowercase<const N: usize>(host: &[u8], lowercase: &[u8; N]) -> bool {
    host.first_chunk()
        .is_some_and(|start| eq_lowercase(start, lowercase))
}

/// Whether `host` ends with `lowercase` in any ASCII case.
#[inline(always)]
fn ends_with_lowercase<const N: usize>(host: &[u8], lowercase: &[u8; N]) -> bool {
    host.last_chunk()
        .is_some_and(|end| eq_lowercase(end, lowercase))
}
