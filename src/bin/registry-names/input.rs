//! What every command reads: kind names as the user spells them, and names one per line.

use registry_names::reference::{ImageReference, Part, Profile, Profiles};
use registry_names::{Error, Kind};
use std::io::{self, BufRead};

/// A kind as the user named it: `swr-tag` and `quay-tag` share a grammar but keep their names.
#[derive(Clone, Copy)]
pub struct KindId {
    pub id: &'static str,
    pub kind: Kind,
}

/// The `--kind` value parser, also used for a list file's directive.
pub fn kind_id(text: &str) -> Result<KindId, String> {
    Kind::IDS
        .iter()
        .find(|(id, _)| *id == text)
        .map(|&(id, kind)| KindId { id, kind })
        .ok_or_else(|| {
            let ids: Vec<&str> = Kind::IDS.iter().map(|(id, _)| *id).collect();
            format!("unknown kind; expected one of: {}", ids.join(", "))
        })
}

/// A `--profile HOST=PROFILE` value: a DOMAIN (host, and optionally `:PORT`) and a profile id.
#[derive(Clone)]
pub struct ProfileArg {
    domain: String,
    profile: Profile,
}

/// The `--profile` value parser: the domain must be one a reference can name.
pub fn profile_arg(text: &str) -> Result<ProfileArg, String> {
    let (domain, id) = text
        .rsplit_once('=')
        .ok_or_else(|| "expected HOST=PROFILE, e.g. registry.example.com:5000=swr".to_string())?;
    let profile = Profile::from_id(id).ok_or_else(|| {
        let ids: Vec<&str> = Profile::ALL.iter().map(|p| p.id()).collect();
        format!(
            "unknown profile {id:?}; expected one of: {}",
            ids.join(", ")
        )
    })?;
    // Validated here, so that a bad host is a usage error before any name is read.
    Profiles::new()
        .insert(domain, profile)
        .map_err(|e| e.with_input(domain).to_string())?;
    Ok(ProfileArg {
        domain: domain.to_string(),
        profile,
    })
}

/// The built-in profiles with the `--profile` flags on top.
pub fn profiles(args: &[ProfileArg]) -> Profiles {
    let mut profiles = Profiles::new();
    for arg in args {
        // Each was validated by `profile_arg`.
        let _ = profiles.insert(&arg.domain, arg.profile);
    }
    profiles
}

/// Checks `name` as a `kind`; an image reference by `profiles`, its error naming the part.
pub fn validate(kind: Kind, profiles: &Profiles, name: &[u8]) -> Result<(), (Error, Option<Part>)> {
    if kind == Kind::ImageReference {
        return ImageReference::parse_bytes_with(name, profiles)
            .map(drop)
            .map_err(|e| (e.error(), Some(e.part())));
    }
    kind.validate(name).map_err(|e| (e, None))
}

/// Lines split on `\n` only (nothing trimmed), numbered from 1, read into one reused buffer so
/// memory stays constant however many names arrive.
pub struct Lines<R> {
    reader: R,
    line: Vec<u8>,
    number: u64,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Self {
        Lines {
            reader,
            line: Vec::new(),
            number: 0,
        }
    }

    /// The next line without its `\n`, and its number; `None` at the end of the input.
    pub fn next_line(&mut self) -> io::Result<Option<(u64, &[u8])>> {
        self.line.clear();
        if self.reader.read_until(b'\n', &mut self.line)? == 0 {
            return Ok(None);
        }
        self.number += 1;
        let text = self.line.strip_suffix(b"\n").unwrap_or(&self.line);
        Ok(Some((self.number, text)))
    }
}
