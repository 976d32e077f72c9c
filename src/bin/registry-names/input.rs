//! What every command reads: kind names as the user spells them, and names one per line.

use registry_names::Kind;
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
