//! `scan --format sarif` and `--format github` (docs/scan.md S7): a SARIF 2.1.0 log streamed one
//! result at a time, and GitHub Actions workflow commands.
//!
//! SARIF is written with serde types of our own rather than `serde-sarif`: that crate generates
//! its types from the schema in a build script (schemafy, syn, prettyplease) and adds
//! typed-builder and strum, a dozen crates compiled on every CI run for the eight objects used
//! here; and it builds a whole `Sarif` value, where these types let each result be written as it
//! is found. Validity is checked against the official schema (tests/scan_sarif.rs).

use registry_names::scan::rules;
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Component, Path};

/// Where SARIF 2.1.0's schema is published (OASIS, errata 01).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text<'static>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression<'a>; 1]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
}

/// One problem as SARIF and GitHub show it.
pub struct Problem<'a> {
    pub path: &'a Path,
    /// 1-based line and column in UTF-16 code units, when the problem has a place.
    pub position: Option<(usize, usize)>,
    pub rule: &'a str,
    /// `PART RULE`, as the text format says it.
    pub title: &'a str,
    pub message: &'a str,
    /// `Some(reason)` for a suppressed problem shown with `--show-suppressed`.
    pub suppressed: Option<Option<&'a str>>,
}

/// Starts the SARIF log: one run, the tool and every rule a scan can report.
pub fn sarif_start(w: &mut impl Write) -> io::Result<()> {
    write!(
        w,
        "{{\"$schema\":\"{SARIF_SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":\
         {{\"name\":\"registry-names\",\"version\":\"{}\",\"informationUri\":\"{}\",\"rules\":",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY"),
    )?;
    let rules: Vec<Rule> = rules::all()
        .map(|(id, description)| Rule {
            id,
            short_description: Text { text: description },
            default_configuration: Configuration { level: "error" },
        })
        .collect();
    serde_json::to_writer(&mut *w, &rules)?;
    w.write_all(b"}},\"columnKind\":\"utf16CodeUnits\",\"results\":[")
}

/// One result; `first` says whether it is the run's first (no comma before it).
pub fn sarif_result(w: &mut impl Write, problem: &Problem, first: bool) -> io::Result<()> {
    if !first {
        w.write_all(b",")?;
    }
    let uri = uri(problem.path);
    let result = SarifResult {
        rule_id: problem.rule,
        rule_index: rules::all().position(|(id, _)| id == problem.rule),
        level: "error",
        message: Text {
            text: problem.message,
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: &uri },
                region: problem.position.map(|(line, column)| Region {
                    start_line: line,
                    start_column: column,
                }),
            },
        }],
        suppressions: problem.suppressed.map(|justification| {
            [Suppression {
                kind: "inSource",
                justification,
            }]
        }),
    };
    serde_json::to_writer(&mut *w, &result)?;
    Ok(())
}

/// Ends the log.
pub fn sarif_end(w: &mut impl Write) -> io::Result<()> {
    w.write_all(b"]}]}\n")
}

/// `::error file=…,line=…,col=…,title=…::message`, escaped as GitHub's runner reads it.
pub fn github(w: &mut impl Write, problem: &Problem) -> io::Result<()> {
    write!(w, "::error file={}", property(&relative(problem.path)))?;
    if let Some((line, column)) = problem.position {
        write!(w, ",line={line},col={column}")?;
    }
    writeln!(
        w,
        ",title={}::{}",
        property(problem.title),
        data(problem.message)
    )
}

/// A workflow command's message: `%`, `\r` and `\n` escaped.
pub fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as [`data`], and `:` and `,` too.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The path as the working directory sees it, `/`-separated, without `./`.
fn relative(path: &Path) -> String {
    let owned;
    let path = match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => match path.strip_prefix(&cwd) {
            Ok(inside) => {
                owned = inside.to_path_buf();
                &owned
            }
            Err(_) => path,
        },
        _ => path,
    };
    let mut out = String::new();
    for component in path.components() {
        let part = match component {
            Component::CurDir => continue,
            Component::RootDir => {
                out.push('/');
                continue;
            }
            Component::Prefix(p) => p.as_os_str().to_string_lossy(),
            Component::ParentDir => "..".into(),
            Component::Normal(name) => name.to_string_lossy(),
        };
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&part);
    }
    out
}

/// SARIF's `artifactLocation.uri`: the path relative to the working directory, percent-encoded
/// (RFC 3986), or a `file://` URI for a path outside it.
fn uri(path: &Path) -> String {
    let relative = relative(path);
    let mut out = String::new();
    if relative.starts_with('/') {
        out.push_str("file://");
    }
    for b in relative.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Lines of one file's text, for turning byte columns into UTF-16 ones.
pub struct Columns<'t> {
    text: &'t str,
    /// Byte offset of each line's start, found on first use.
    starts: Vec<usize>,
    /// The last answer: its line's start, the byte where counting stopped and the UTF-16 units
    /// before it. A later column of the same line counts only the bytes in between, so that a
    /// line holding many problems (one 8 MiB flow list) is read once, not once per problem.
    last: (usize, usize, usize),
}

impl<'t> Columns<'t> {
    pub fn new(text: &'t str) -> Columns<'t> {
        Columns {
            text,
            starts: Vec::new(),
            last: (usize::MAX, 0, 0),
        }
    }

    /// The 1-based UTF-16 column of 1-based byte `column` on 1-based `line` (SARIF's unit). A
    /// byte-order mark at the start of the file is no column: the readers count after it.
    pub fn utf16(&mut self, line: usize, column: usize) -> usize {
        if self.starts.is_empty() {
            let bom = if self.text.starts_with('\u{feff}') {
                3
            } else {
                0
            };
            self.starts.push(bom);
            self.starts
                .extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
        }
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return column;
        };
        let mut end = (start + column.saturating_sub(1)).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let (from, before) = match self.last {
            (line_start, stop, units) if line_start == start && stop <= end => (stop, units),
            _ => (start, 0),
        };
        let units = before + self.text[from..end].encode_utf16().count();
        self.last = (start, end, units);
        units + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_code_units() {
        // `é` is 2 bytes and 1 unit, `😀` 4 bytes and 2 units.
        let mut columns = Columns::new("a\n# é😀 x\n");
        assert_eq!(columns.utf16(2, 1), 1);
        assert_eq!(columns.utf16(2, 10), 7);
        assert_eq!(columns.utf16(1, 2), 2);
        assert_eq!(Columns::new("\u{feff}FROM a").utf16(1, 6), 6);
    }

    /// Answers from where the last one stopped are those counted from the line's start, in any
    /// order of queries: forwards, backwards, across lines, inside a character.
    #[test]
    fn columns_in_any_order_are_counted_from_the_line() {
        let text = "é😀a\nxé😀é y😀\n\u{feff}b\n";
        let fresh = |line: usize, column: usize| Columns::new(text).utf16(line, column);
        let queries = [
            (2, 1),
            (2, 3),
            (2, 4),
            (2, 9),
            (2, 8),
            (2, 20),
            (1, 6),
            (2, 2),
            (2, 13),
            (2, 13),
            (3, 4),
            (1, 1),
            (1, 8),
            (2, 5),
            (4, 1),
            (9, 3),
        ];
        let mut columns = Columns::new(text);
        for (line, column) in queries {
            assert_eq!(
                columns.utf16(line, column),
                fresh(line, column),
                "{line}:{column}"
            );
        }
        // By hand: `x`, `é` and `😀` before byte 8 of line 2 (inside the second `é`), and
        // `é`, ` `, `y` more before byte 12 (inside the second `😀`).
        assert_eq!(fresh(2, 9), 5);
        assert_eq!(fresh(2, 13), 8);
    }

    #[test]
    fn escaping_and_uris() {
        assert_eq!(data("50% a\r\nb:c,d"), "50%25 a%0D%0Ab:c,d");
        assert_eq!(property("50% a\nb:c,d"), "50%25 a%0Ab%3Ac%2Cd");
        assert_eq!(uri(Path::new("./k8s/my app%.yaml")), "k8s/my%20app%25.yaml");
        assert_eq!(
            uri(Path::new("/nowhere/Dockerfile")),
            "file:///nowhere/Dockerfile"
        );
    }
}
