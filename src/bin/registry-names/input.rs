//! What every command reads: kind names as the user spells them, and names one per line in a
//! bounded window.
//!
//! Subcommands that read names use [`Lines`] for streams and [`Line::of`] for arguments, so a
//! hostile line costs the same bounded memory wherever it comes from. A failure to read is a
//! [`ReadError`], a different type from the `io::Error` of a failed write, so `?` cannot mistake
//! one for the other.

use crate::kinds;
use registry_names::reference::{ImageReference, Part, Profile, Profiles, ReferenceError};
use registry_names::{Error, Kind, Rule};
use std::fmt;
use std::io::{self, BufRead};

/// The most bytes of one line that are kept: far above the longest valid name of any kind (255
/// bytes for the longest limit in docs/grammars.md, a few hundred for a long git ref), so only a mistake
/// or an attack reaches it. A longer line is counted, not stored.
pub const LINE_WINDOW: usize = 64 * 1024;

/// The message for a line over [`LINE_WINDOW`], the same in text and JSON.
pub fn too_long_message() -> String {
    format!("too long: a line may have at most {LINE_WINDOW} bytes")
}

/// A kind as the user named it: `swr-tag`, `quay-tag` and `tag` share a grammar but keep their
/// names.
#[derive(Clone, Copy)]
pub struct KindId {
    pub id: &'static str,
    pub kind: Kind,
}

/// The `--kind` value parser, also used for a list file's directive: one of [`kinds::IDS`].
pub fn kind_id(text: &str) -> Result<KindId, String> {
    kinds::IDS
        .iter()
        .find(|(id, _)| *id == text)
        .map(|&(id, kind)| KindId { id, kind })
        .ok_or_else(|| {
            let ids: Vec<&str> = kinds::IDS.iter().map(|(id, _)| *id).collect();
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

/// Why a name was refused: the library's error, which for an image reference names the part.
pub enum Rejected {
    Name(Error),
    Reference(ReferenceError),
}

impl Rejected {
    pub fn rule(&self) -> Rule {
        match self {
            Rejected::Name(e) => e.rule(),
            Rejected::Reference(e) => e.rule(),
        }
    }

    pub fn offset(&self) -> usize {
        match self {
            Rejected::Name(e) => e.offset(),
            Rejected::Reference(e) => e.offset(),
        }
    }

    pub fn part(&self) -> Option<Part> {
        match self {
            Rejected::Name(_) => None,
            Rejected::Reference(e) => Some(e.part()),
        }
    }

    /// The library's message without its `invalid KIND:` prefix and offset (for a reference,
    /// `PART (GRAMMAR): MESSAGE`).
    pub fn message(&self) -> impl fmt::Display + '_ {
        struct Message<'a>(&'a Rejected);
        impl fmt::Display for Message<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.0 {
                    Rejected::Name(e) => e.message().fmt(f),
                    Rejected::Reference(e) => e.message().fmt(f),
                }
            }
        }
        Message(self)
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejected::Name(e) => e.fmt(f),
            Rejected::Reference(e) => e.fmt(f),
        }
    }
}

/// Checks `name` as a `kind`; an image reference by `profiles`.
pub fn validate(kind: Kind, profiles: &Profiles, name: &[u8]) -> Result<(), Rejected> {
    if kind == Kind::ImageReference {
        return ImageReference::parse_bytes_with(name, profiles)
            .map(drop)
            .map_err(Rejected::Reference);
    }
    kind.validate(name).map_err(Rejected::Name)
}

/// One line of input, without its `\n`.
#[derive(Clone, Copy)]
pub enum Line<'a> {
    /// A line of at most the window's bytes ([`LINE_WINDOW`] unless [`Lines::with_window`] says
    /// otherwise): a name to check, or a logged request.
    Whole(&'a [u8]),
    /// A longer line: its first window's bytes and its whole length in bytes.
    TooLong { head: &'a [u8], length: u64 },
}

impl<'a> Line<'a> {
    /// A name already in memory (a command-line argument) under the same bound as a read line.
    pub fn of(bytes: &'a [u8]) -> Line<'a> {
        if bytes.len() > LINE_WINDOW {
            Line::TooLong {
                head: &bytes[..LINE_WINDOW],
                length: bytes.len() as u64,
            }
        } else {
            Line::Whole(bytes)
        }
    }
}

/// Reading the input failed (a directory given as a file, a device error, …).
#[derive(Debug)]
pub struct ReadError(pub io::Error);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read: {}", self.0)
    }
}

/// Lines split on `\n` only (nothing trimmed), numbered from 1. At most a window's bytes of a
/// line are copied into one reused buffer; the rest of a longer line is skipped with
/// `fill_buf`/`consume` and only counted, so memory stays constant whatever arrives.
pub struct Lines<R> {
    reader: R,
    window: usize,
    line: Vec<u8>,
    number: u64,
}

impl<R: BufRead> Lines<R> {
    /// Lines of names: a window of [`LINE_WINDOW`] bytes.
    pub fn new(reader: R) -> Self {
        Self::with_window(reader, LINE_WINDOW)
    }

    /// Lines whose first `window` bytes are kept (`request --replay`: the body limit and room
    /// for the rest of the logged request).
    pub fn with_window(reader: R, window: usize) -> Self {
        Lines {
            reader,
            window,
            line: Vec::new(),
            number: 0,
        }
    }

    /// The next line and its number; `None` at the end of the input.
    pub fn next_line(&mut self) -> Result<Option<(u64, Line<'_>)>, ReadError> {
        self.line.clear();
        let mut length: u64 = 0;
        let mut started = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(ReadError(e)),
            };
            if chunk.is_empty() {
                if !started {
                    return Ok(None);
                }
                break;
            }
            started = true;
            let newline = chunk.iter().position(|&b| b == b'\n');
            let take = newline.unwrap_or(chunk.len());
            let room = self.window - self.line.len();
            self.line.extend_from_slice(&chunk[..take.min(room)]);
            length += take as u64;
            self.reader.consume(take + usize::from(newline.is_some()));
            if newline.is_some() {
                break;
            }
        }
        self.number += 1;
        let line = if length > self.window as u64 {
            Line::TooLong {
                head: &self.line,
                length,
            }
        } else {
            Line::Whole(&self.line)
        };
        Ok(Some((self.number, line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(input: &[u8]) -> Vec<(u64, Result<Vec<u8>, u64>)> {
        // A tiny buffer, so lines cross many `fill_buf` chunks.
        let mut lines = Lines::new(io::BufReader::with_capacity(7, input));
        let mut all = Vec::new();
        while let Some((n, line)) = lines.next_line().unwrap() {
            all.push((
                n,
                match line {
                    Line::Whole(name) => Ok(name.to_vec()),
                    Line::TooLong { head, length } => {
                        assert_eq!(head.len(), LINE_WINDOW);
                        Err(length)
                    }
                },
            ));
        }
        all
    }

    #[test]
    fn splits_on_newline_only_and_keeps_the_last_line() {
        assert_eq!(
            collect(b"a\r\n\nbc"),
            vec![
                (1, Ok(b"a\r".to_vec())),
                (2, Ok(vec![])),
                (3, Ok(b"bc".to_vec()))
            ]
        );
        assert_eq!(collect(b""), vec![]);
        assert_eq!(collect(b"\n"), vec![(1, Ok(vec![]))]);
    }

    #[test]
    fn a_line_over_the_window_is_counted_and_the_next_one_read() {
        let mut input = vec![b'x'; LINE_WINDOW];
        input.push(b'\n');
        input.extend(vec![b'y'; LINE_WINDOW + 1]);
        input.extend(b"\nok\n");
        input.extend(vec![b'z'; 3 * LINE_WINDOW]);
        let lines = collect(&input);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], (1, Ok(vec![b'x'; LINE_WINDOW])));
        assert_eq!(lines[1], (2, Err(LINE_WINDOW as u64 + 1)));
        assert_eq!(lines[2], (3, Ok(b"ok".to_vec())));
        assert_eq!(lines[3], (4, Err(3 * LINE_WINDOW as u64)));
    }

    /// A reader that fails once with `first` before giving `data`, then fails with `then` at its
    /// end if that is set.
    struct Failing {
        first: Option<io::ErrorKind>,
        data: io::Cursor<Vec<u8>>,
        then: Option<io::ErrorKind>,
    }

    impl io::Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            io::BufRead::fill_buf(self)?;
            io::Read::read(&mut self.data, buf)
        }
    }

    impl BufRead for Failing {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            if let Some(kind) = self.first.take() {
                return Err(kind.into());
            }
            let data = &self.data;
            if data.position() as usize == data.get_ref().len() {
                if let Some(kind) = self.then {
                    return Err(kind.into());
                }
            }
            self.data.fill_buf()
        }

        fn consume(&mut self, n: usize) {
            self.data.consume(n);
        }
    }

    #[test]
    fn an_interrupted_read_is_retried_and_another_error_returned() {
        let mut lines = Lines::new(Failing {
            first: Some(io::ErrorKind::Interrupted),
            data: io::Cursor::new(b"a\nb".to_vec()),
            then: Some(io::ErrorKind::PermissionDenied),
        });
        assert!(matches!(
            lines.next_line(),
            Ok(Some((1, Line::Whole(b"a"))))
        ));
        let error = lines.next_line().map(|_| ()).unwrap_err();
        assert_eq!(error.0.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(
            error.to_string(),
            format!(
                "cannot read: {}",
                io::Error::from(io::ErrorKind::PermissionDenied)
            )
        );
    }

    #[test]
    fn a_window_of_its_own() {
        let mut lines = Lines::with_window(&b"abc\nabcd\n"[..], 3);
        assert!(matches!(
            lines.next_line(),
            Ok(Some((1, Line::Whole(b"abc"))))
        ));
        assert!(matches!(
            lines.next_line(),
            Ok(Some((
                2,
                Line::TooLong {
                    head: b"abc",
                    length: 4
                }
            )))
        ));
        assert!(matches!(lines.next_line(), Ok(None)));
    }

    #[test]
    fn arguments_have_the_same_bound() {
        assert!(matches!(Line::of(&[b'a'; LINE_WINDOW]), Line::Whole(_)));
        assert!(matches!(
            Line::of(&[b'a'; LINE_WINDOW + 1]),
            Line::TooLong { length, .. } if length == LINE_WINDOW as u64 + 1
        ));
    }
}
