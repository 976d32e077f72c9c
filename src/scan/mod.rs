//! Finding image references in the files people commit: Dockerfiles, YAML (Kubernetes,
//! Kustomize, Helm values, compose, GitLab CI, GitHub Actions, Drone, Bitbucket Pipelines),
//! Terraform and `devcontainer.json`. Feature `scan`. The contract is `docs/scan.md` (S1–S8).
//!
//! This module only finds candidates and where they are (1-based line, 1-based column in bytes
//! of the reference's first byte); checking them is the reference parser's job. Which files are
//! read is decided by name ([`syntax_of`]); template files, which are not the file until
//! rendered, are not ([`template_of`]); files over [`MAX_FILE_SIZE`] are refused before they
//! are read.
//!
//! ```
//! use registry_names::scan::{candidates, Syntax, Value};
//! let found = candidates(Syntax::Dockerfile, "FROM alpine:3.20 AS base\n", false).unwrap();
//! assert_eq!((found[0].line, found[0].column), (1, 6));
//! assert_eq!(found[0].value, Value::Reference("alpine:3.20".into()));
//! ```

// The crate is `no_std`; this module is built only with `std`.
use std::prelude::rust_2021::*;

pub mod dockerfile;
pub mod json;
pub mod policy;
pub mod rules;
pub mod suppress;
pub mod terraform;
pub mod yaml;

use crate::kind::Kind;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Files larger than this (8 MiB) are reported and skipped without being read.
pub const MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// One place in a file that names an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// 1-based line of the name's first byte.
    pub line: usize,
    /// 1-based column, in bytes, of the name's first byte.
    pub column: usize,
    /// What the name is: [`Kind::ImageReference`] for an image, or another kind for a registry
    /// name a file sets (an SWR organization in Terraform, say).
    pub kind: Kind,
    /// The name, or why it cannot be checked.
    pub value: Value,
}

/// What a [`Candidate`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// The reference to check (after `ARG` expansion in a Dockerfile).
    Reference(String),
    /// The text as written: it holds a variable with no known value, and why
    /// (`registry-names scan --strict` reports it).
    Unresolved(String, Unknown),
    /// The text as written: its `ARG` expansion would be longer than [`MAX_EXPANSION`] bytes
    /// (no valid reference is that long), or would take the file's expansions together past
    /// [`MAX_FILE_SIZE`] bytes, so it was not expanded.
    TooLong(String),
    /// A Kustomize `images[]` entry's `name` alone: a matcher that selects the images of that
    /// name in the resources, not an image that is pulled. Checked like a reference, but no
    /// policy applies to it ([`policy`], S5).
    Matcher(String),
    /// A reference put together from several fields of the file (Helm's `registry`,
    /// `repository`, `tag` and `digest`; Kustomize's `newName`, `newTag` and `digest`): the
    /// candidate's position is its name's field, and [`Composed::position_of`] gives the field
    /// of any byte of it.
    Composed(Composed),
    /// The text as written of an `image` that is null (`~`, `null`, empty): the tool takes no
    /// image there (not the image `null`). Not checked; `scan --strict` reports it.
    Null(String),
    /// No name: a YAML document's aliases and merges went past the file's budget
    /// ([`yaml::ALIAS_BUDGET`] nodes, or [`yaml::MAX_DEPTH`] levels) at this alias, and the rest
    /// of the document was not read. Always a problem.
    AliasBudgetExceeded,
}

impl Value {
    /// The reference to check, if there is one: [`Value::Reference`]'s, [`Value::Matcher`]'s
    /// or [`Value::Composed`]'s text.
    pub fn reference(&self) -> Option<&str> {
        match self {
            Value::Reference(text)
            | Value::Matcher(text)
            | Value::Composed(Composed { text, .. }) => Some(text),
            _ => None,
        }
    }
}

/// A reference put together from fields written apart ([`Value::Composed`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    /// The reference as the tool puts it together (`registry/repository:tag@digest`).
    pub text: String,
    /// The fields it is made of, in order: the first starts at byte 0, each other at its
    /// separator (`/`, `:` or `@`), which belongs to it.
    pub fields: Vec<Field>,
}

/// Where one field of a [`Composed`] reference starts, in it and in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Byte offset in [`Composed::text`].
    pub start: usize,
    /// 1-based line of the field's value.
    pub line: usize,
    /// 1-based byte column of the field's value.
    pub column: usize,
}

impl Composed {
    /// The line and column of the field holding byte `offset` of the reference: where a person
    /// fixes an error found there.
    pub fn position_of(&self, offset: usize) -> Option<(usize, usize)> {
        self.fields
            .iter()
            .rev()
            .find(|f| f.start <= offset)
            .map(|f| (f.line, f.column))
    }
}

/// Why a variable in a reference has no known value ([`Value::Unresolved`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Nothing gives the variable a value: it is declared nowhere, or without a default.
    NoDefault,
    /// A declaration gives it a default, but not where the reference can see it (a global
    /// Dockerfile `ARG` used in a stage that does not declare it again).
    OutOfScope,
    /// A placeholder that a template step fills in before the consuming tool reads the file
    /// (`$VAR` or `${VAR}` in a Kubernetes manifest).
    Placeholder,
}

impl Unknown {
    /// Why the reference was not checked, as `scan --strict` says it.
    pub fn reason(self) -> &'static str {
        match self {
            Unknown::NoDefault => "holds a variable with no default value: not checked",
            Unknown::OutOfScope => {
                "holds a variable whose default is not in scope here (declare the ARG again \
                 in this stage): not checked"
            }
            Unknown::Placeholder => {
                "holds a placeholder that a template step fills in: not checked"
            }
        }
    }
}

/// The longest `ARG` expansion of a Dockerfile reference (64 KiB): a file of 1 MB whose
/// reference repeats a 100 KB variable would otherwise expand to gigabytes. A file's expansions
/// together add at most [`MAX_FILE_SIZE`] bytes.
pub const MAX_EXPANSION: usize = 64 * 1024;

/// The file formats `scan` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*`.
    Dockerfile,
    /// `*.yaml`, `*.yml`, `Kustomization`.
    Yaml,
    /// `devcontainer.json`, `.devcontainer.json` (JSON with comments and trailing commas).
    Json,
    /// `*.tf`.
    Terraform,
}

impl Syntax {
    /// The format's name in messages (`malformed YAML`).
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Dockerfile => "Dockerfile",
            Syntax::Yaml => "YAML",
            Syntax::Json => "JSON",
            Syntax::Terraform => "HCL",
        }
    }
}

/// The endings of template files (`Dockerfile.j2`, balena's `Dockerfile.template`,
/// `deploy.yaml.tpl`): not the file until rendered, so never read (S1).
pub const TEMPLATE_ENDINGS: [&str; 11] = [
    ".j2",
    ".jinja",
    ".jinja2",
    ".tpl",
    ".tmpl",
    ".gotmpl",
    ".template",
    ".in",
    ".erb",
    ".mustache",
    ".hbs",
];

/// Why a file named like one `scan` reads is not read: it is a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Its name ends in one of [`TEMPLATE_ENDINGS`] (the ending).
    Ending(&'static str),
    /// It is in a Helm chart's `templates/` (a directory beside a `Chart.yaml`).
    HelmChart,
}

impl core::fmt::Display for Template {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Template::Ending(ending) => {
                write!(f, "a template ({ending}), not the file until rendered")
            }
            Template::HelmChart => f.write_str("a Helm chart's template, not YAML until rendered"),
        }
    }
}

/// Whether `path` is a template of a file `scan` would read: its name ends in a template ending
/// and, without it, names a file `scan` reads (`Dockerfile.j2`, `deploy.yaml.tmpl`,
/// `Dockerfile.template`), or it is a YAML file in a Helm chart's `templates/` (which asks the
/// file system whether `../Chart.yaml` exists). `None` for any other file (`notes.html.erb`
/// is no file `scan` reads either way).
///
/// ```
/// use registry_names::scan::{template_of, Template};
/// use std::path::Path;
/// assert_eq!(template_of(Path::new("Dockerfile.j2")), Some(Template::Ending(".j2")));
/// assert_eq!(template_of(Path::new("k8s/deploy.yaml.tpl")), Some(Template::Ending(".tpl")));
/// assert_eq!(template_of(Path::new("page.html.erb")), None);
/// assert_eq!(template_of(Path::new("Dockerfile")), None);
/// ```
pub fn template_of(path: &Path) -> Option<Template> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    if let Some(ending) = TEMPLATE_ENDINGS.iter().find(|e| lower.ends_with(*e)) {
        let rendered = &name[..name.len() - ending.len()];
        let reads = read_by_name(rendered).is_some() || read_by_name(name).is_some();
        return reads.then_some(Template::Ending(ending));
    }
    let in_templates = path
        .parent()
        .filter(|p| p.file_name().is_some_and(|n| n == "templates"))
        .and_then(Path::parent)
        .is_some_and(|chart| chart.join("Chart.yaml").is_file());
    (in_templates && read_by_name(name) == Some(Syntax::Yaml)).then_some(Template::HelmChart)
}

/// The syntax a file is read with, by its name; `None` for files `scan` does not read.
///
/// ```
/// use registry_names::scan::{syntax_of, Syntax};
/// use std::path::Path;
/// assert_eq!(syntax_of(Path::new("app/Dockerfile")), Some(Syntax::Dockerfile));
/// assert_eq!(syntax_of(Path::new("build.Dockerfile")), Some(Syntax::Dockerfile));
/// assert_eq!(syntax_of(Path::new("k8s/deploy.yaml")), Some(Syntax::Yaml));
/// assert_eq!(syntax_of(Path::new("README.md")), None);
/// assert_eq!(syntax_of(Path::new("Dockerfile.j2")), None);
/// assert_eq!(syntax_of(Path::new("main.tf")), Some(Syntax::Terraform));
/// assert_eq!(syntax_of(Path::new(".devcontainer/devcontainer.json")), Some(Syntax::Json));
/// ```
pub fn syntax_of(path: &Path) -> Option<Syntax> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    if TEMPLATE_ENDINGS.iter().any(|e| lower.ends_with(e)) {
        return None;
    }
    read_by_name(name)
}

/// The syntax of a file name, templates or not.
fn read_by_name(name: &str) -> Option<Syntax> {
    let lower = name.to_ascii_lowercase();
    if matches!(lower.as_str(), "dockerfile" | "containerfile")
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
    {
        Some(Syntax::Dockerfile)
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") || name == "Kustomization" {
        Some(Syntax::Yaml)
    } else if lower.ends_with(".tf") {
        Some(Syntax::Terraform)
    } else if matches!(name, "devcontainer.json" | ".devcontainer.json") {
        Some(Syntax::Json)
    } else {
        None
    }
}

/// A file could not be parsed: the parser's message and where it stopped (1-based line,
/// 1-based byte column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based byte column of the problem.
    pub column: usize,
    /// The parser's description.
    pub message: String,
}

/// Why a file gave no candidates.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file is larger than [`MAX_FILE_SIZE`]; it was not read.
    #[error("file too large: {size} bytes, more than the {MAX_FILE_SIZE}-byte limit; skipped")]
    TooLarge {
        /// Its size in bytes (at least the limit plus one).
        size: u64,
    },
    /// The file is not UTF-8 text.
    #[error("not UTF-8 text")]
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based byte column of the first bad byte.
        column: usize,
    },
    /// The file's parser refused it (YAML or JSON).
    #[error("malformed {}: {}", .0.name(), .1.message)]
    Malformed(Syntax, Malformed),
    /// A Terraform file does not lex, a block read does not parse, or is past the budget.
    #[error("{0}")]
    MalformedHcl(terraform::Malformed),
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
}

impl FileError {
    /// A stable id for machine-readable output.
    pub fn id(&self) -> &'static str {
        match self {
            FileError::TooLarge { .. } => "file-too-large",
            FileError::NotUtf8 { .. } => "not-utf8",
            FileError::Malformed(Syntax::Json, _) => "malformed-json",
            FileError::Malformed(_, _) => "malformed-yaml",
            FileError::MalformedHcl(m) => m.id,
            FileError::Io(_) => "io",
        }
    }

    /// The 1-based line and byte column the problem is at, where it has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            FileError::NotUtf8 { line, column } => Some((*line, *column)),
            FileError::Malformed(_, m) => Some((m.line, m.column)),
            FileError::MalformedHcl(m) => Some((m.line, m.column)),
            _ => None,
        }
    }
}

/// The candidates of a text of a known syntax. `gitlab_ci` says the file is named
/// `.gitlab-ci.yml`; [`candidates_as`] takes what any YAML file's name says.
///
/// # Errors
/// [`FileError::Malformed`] for a YAML, JSON or HCL text its parser refuses.
pub fn candidates(
    syntax: Syntax,
    text: &str,
    gitlab_ci: bool,
) -> Result<Vec<Candidate>, FileError> {
    let hint = if gitlab_ci {
        yaml::Hint::GitLabCi
    } else {
        yaml::Hint::None
    };
    candidates_as(syntax, text, hint)
}

/// The candidates of a text of a known syntax, of a file whose name says `hint` (YAML only).
///
/// A YAML text that does not parse but holds `{{` is a template (a Helm chart's
/// `templates/*.yaml` elsewhere, where `{{- if … }}` lines are not YAML until rendered): like a
/// `{{ … }}` value, it is skipped, with no candidates.
///
/// # Errors
/// [`FileError::Malformed`] for a YAML, JSON or HCL text its parser refuses.
pub fn candidates_as(
    syntax: Syntax,
    text: &str,
    hint: yaml::Hint,
) -> Result<Vec<Candidate>, FileError> {
    let malformed = |m| FileError::Malformed(syntax, m);
    match syntax {
        Syntax::Dockerfile => Ok(dockerfile::candidates(text)),
        Syntax::Yaml => match yaml::candidates_as(text, hint) {
            Err(_) if text.contains("{{") => Ok(Vec::new()),
            other => other.map_err(malformed),
        },
        Syntax::Json => json::candidates(text).map_err(malformed),
        Syntax::Terraform => terraform::candidates(text).map_err(FileError::MalformedHcl),
    }
}

/// What a YAML file's path says it is: its name ([`yaml::Hint::of`]), or Helm values when it is
/// beside a `Chart.yaml` (but for the chart's own `Chart.yaml` and `requirements.yaml`, whose
/// `repository` fields name chart repositories).
pub fn hint_of(path: &Path) -> yaml::Hint {
    let hint = yaml::Hint::of(path);
    if hint != yaml::Hint::None {
        return hint;
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let chart_file = matches!(
        name,
        "Chart.yaml" | "Chart.yml" | "requirements.yaml" | "requirements.yml"
    );
    let beside_chart = path
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .is_some_and(|dir| dir.join("Chart.yaml").is_file());
    if beside_chart && !chart_file {
        yaml::Hint::HelmValues
    } else {
        hint
    }
}

/// Reads one file and finds its candidates; a file of no known syntax, or a template
/// ([`template_of`]), has none and is not read (but it must exist).
///
/// # Errors
/// [`FileError::TooLarge`] before reading anything of a file over [`MAX_FILE_SIZE`] (and when a
/// file grows past it while read), [`FileError::NotUtf8`], [`FileError::Malformed`],
/// [`FileError::Io`].
pub fn scan_file(path: &Path) -> Result<Vec<Candidate>, FileError> {
    match read(path)? {
        Some(source) => source.candidates(),
        None => Ok(Vec::new()),
    }
}

/// A file `scan` reads, read: its syntax, what its name says (YAML) and its text. Its text also
/// holds its suppression comments ([`suppress::Suppressions::parse`]) and gives SARIF's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file's format.
    pub syntax: Syntax,
    /// What a YAML file's path says it is ([`hint_of`]); [`yaml::Hint::None`] otherwise.
    pub hint: yaml::Hint,
    /// The whole text.
    pub text: String,
}

impl Source {
    /// The candidates of the text ([`candidates_as`]).
    ///
    /// # Errors
    /// [`FileError::Malformed`] for a YAML, JSON or HCL text its parser refuses.
    pub fn candidates(&self) -> Result<Vec<Candidate>, FileError> {
        candidates_as(self.syntax, &self.text, self.hint)
    }
}

/// Reads one file as [`scan_file`] does, without finding its candidates: `None` for a file of
/// no known syntax or a template (which must exist, but is not read).
///
/// # Errors
/// As [`scan_file`], but for [`FileError::Malformed`].
pub fn read(path: &Path) -> Result<Option<Source>, FileError> {
    // A path given by hand that does not exist is an error, whatever its name.
    let metadata = std::fs::metadata(path)?;
    let Some(syntax) = syntax_of(path) else {
        return Ok(None);
    };
    if metadata.is_dir() {
        return Err(FileError::Io(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a directory",
        )));
    }
    if template_of(path).is_some() {
        return Ok(None);
    }
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > MAX_FILE_SIZE {
        return Err(FileError::TooLarge { size });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(FileError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        FileError::NotUtf8 {
            line: good.iter().filter(|&&b| b == b'\n').count() + 1,
            column: good.len() - line_start + 1,
        }
    })?;
    let hint = if syntax == Syntax::Yaml {
        hint_of(path)
    } else {
        yaml::Hint::None
    };
    Ok(Some(Source { syntax, hint, text }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::path::PathBuf;

    #[test]
    fn an_unparsable_template_is_skipped_but_other_bad_yaml_is_not() {
        let helm = "{{- if .Values.enabled }}\nkind: Pod\nspec:\n  containers:\n    - image: {{ .Values.image }}\n{{- end }}\n";
        assert_eq!(candidates(Syntax::Yaml, helm, false).unwrap(), []);
        let bad = "spec:\n  containers: [\n";
        assert!(matches!(
            candidates(Syntax::Yaml, bad, false),
            Err(FileError::Malformed(Syntax::Yaml, _))
        ));
    }

    /// A directory of its own under the system's temporary one, removed at the end.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!(
                "registry-names-scan-unit-{}-{name}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        fn write(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
            let path = self.0.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn references(found: &[Candidate]) -> Vec<(usize, usize, &str)> {
        found
            .iter()
            .map(|c| match &c.value {
                Value::Reference(r)
                | Value::Matcher(r)
                | Value::Unresolved(r, _)
                | Value::TooLong(r)
                | Value::Null(r)
                | Value::Composed(Composed { text: r, .. }) => (c.line, c.column, r.as_str()),
                Value::AliasBudgetExceeded => (c.line, c.column, "alias budget exceeded"),
            })
            .collect()
    }

    #[test]
    fn a_file_of_exactly_the_limit_is_read_to_its_last_byte() {
        let dir = TempDir::new("limit");
        let last = "FROM alpine:3.20\n";
        let filler = MAX_FILE_SIZE as usize - last.len() - 3;
        let text = format!("# {}\n{last}", "x".repeat(filler));
        assert_eq!(text.len() as u64, MAX_FILE_SIZE);
        let path = dir.write("Dockerfile", &text);
        let found = scan_file(&path).unwrap();
        assert_eq!(references(&found), [(2, 6, "alpine:3.20")]);

        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"\n")
            .unwrap();
        assert!(matches!(
            scan_file(&path),
            Err(FileError::TooLarge { size }) if size == MAX_FILE_SIZE + 1
        ));
    }

    /// A file whose size says nothing (a FIFO has none) is still read no further than one byte
    /// past the limit.
    #[cfg(unix)]
    #[test]
    fn a_file_growing_past_its_size_is_cut_one_byte_past_the_limit() {
        let dir = TempDir::new("fifo");
        let path = dir.0.join("Dockerfile");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(made.unwrap().success(), "mkfifo makes the FIFO");
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut fifo = std::fs::OpenOptions::new().write(true).open(path).unwrap();
                let chunk = [b'#'; 64 * 1024];
                let mut written = 0u64;
                // The reader closes its end once it has what it reads; writing then fails.
                while written < 2 * MAX_FILE_SIZE {
                    match fifo.write(&chunk) {
                        Ok(n) => written += n as u64,
                        Err(_) => break,
                    }
                }
                written
            })
        };
        let result = scan_file(&path);
        assert!(
            matches!(result, Err(FileError::TooLarge { size }) if size == MAX_FILE_SIZE + 1),
            "{result:?}"
        );
        assert!(writer.join().unwrap() < 2 * MAX_FILE_SIZE);
    }

    #[test]
    fn gitlab_ci_is_decided_by_either_ending() {
        let dir = TempDir::new("gitlab");
        let text = "site:\n  image: alpine\n";
        for name in ["a.gitlab-ci.yml", "b.gitlab-ci.yaml"] {
            let found = scan_file(&dir.write(name, text)).unwrap();
            assert_eq!(references(&found), [(2, 10, "alpine")], "{name}");
        }
        let found = scan_file(&dir.write("site.yaml", text)).unwrap();
        assert_eq!(found, []);
    }

    #[test]
    fn names_decide_the_syntax() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "Containerfile",
            "a.Dockerfile",
            "Dockerfile.dev",
        ] {
            assert_eq!(
                syntax_of(Path::new(name)),
                Some(Syntax::Dockerfile),
                "{name}"
            );
        }
        for name in ["a.yaml", "b.YML", ".gitlab-ci.yml"] {
            assert_eq!(syntax_of(Path::new(name)), Some(Syntax::Yaml), "{name}");
        }
        for name in ["Dockerfiles", "x.json", "yaml", "a.yaml.bak", ""] {
            assert_eq!(syntax_of(Path::new(name)), None, "{name}");
        }
    }
}
