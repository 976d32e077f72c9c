//! Image references in YAML, read as the tool each file is written for reads it (docs/scan.md S3):
//! Kubernetes-shaped documents, Kustomize, Helm values, compose, GitLab CI, GitHub Actions,
//! Drone and Bitbucket Pipelines.
//!
//! Each `---` document is parsed (`saphyr-parser` events, YAML 1.2) into a compact tree of its
//! nodes (module `tree`), which is then read from the root (module `walk`): which tool reads the document
//! (its file's name, given as a [`Hint`], and its top-level keys), then every node, aliases
//! followed and `<<` merges applied, each scalar matched against the paths where that tool takes
//! an image. A value reached through an alias is reported where it is written, once.
//!
//! Bounds (S8): the tree costs at most about ten bytes per byte of the document; documents nested
//! deeper than [`MAX_DEPTH`] are refused (as Go's YAML parsers refuse them); a file's aliases
//! and merges may visit at most [`ALIAS_BUDGET`] nodes, past which the document being read stops
//! with one [`Value::AliasBudgetExceeded`].

// The crate is `no_std`; this module is built only with `std`.
use std::prelude::rust_2021::*;

mod text;
mod tree;
mod walk;

pub use super::Malformed;
use super::{Candidate, Value};
use crate::kind::Kind;
use saphyr_parser::{Event, Parser};
use text::{Bytes, Lines};
use tree::{BuildError, Class, Tree};
use walk::{Found, Reader, Scratch};

/// Nodes a file's aliases and merges may visit (S3): past it, the document being read stops.
pub const ALIAS_BUDGET: u64 = 1_000_000;

/// The deepest nesting read, in the text and through aliases: Go's YAML parsers (and so kubectl,
/// Helm and the CI runners written in Go) refuse documents deeper than 10,000 levels.
pub const MAX_DEPTH: usize = 10_000;

/// What a file's name (and where it is) says it is, before its content is read. A document's
/// own shape can still say otherwise: one with top-level `apiVersion` and `kind` strings is
/// read as Kubernetes whatever the file is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hint {
    /// Nothing: the content decides (Kubernetes, Kustomize, Drone, compose, GitLab CI).
    #[default]
    None,
    /// `.gitlab-ci.yml|yaml`, `*.gitlab-ci.yml|yaml`, or under `.gitlab/`.
    GitLabCi,
    /// Under `.github/workflows/`.
    GitHubWorkflow,
    /// `action.yml|yaml`: an action's metadata.
    GitHubAction,
    /// `compose*.y(a)ml`, `docker-compose*.y(a)ml`.
    Compose,
    /// `kustomization.yaml|yml`, `Kustomization`.
    Kustomization,
    /// `values.yaml|yml`, `values-*.y(a)ml`, `values.*.y(a)ml`, or any YAML beside a
    /// `Chart.yaml` but the chart's own files (`Chart.yaml`, `requirements.yaml`).
    HelmValues,
    /// `.drone.yml|yaml`.
    Drone,
    /// `bitbucket-pipelines.yml|yaml`.
    Bitbucket,
}

impl Hint {
    /// What the path's name and directories say. A YAML file beside a `Chart.yaml` is Helm
    /// values too, which only the file system knows: [`super::scan_file`] asks it.
    ///
    /// ```
    /// use registry_names::scan::yaml::Hint;
    /// use std::path::Path;
    /// assert_eq!(Hint::of(Path::new("ci/.gitlab-ci.yml")), Hint::GitLabCi);
    /// assert_eq!(Hint::of(Path::new(".github/workflows/ci.yml")), Hint::GitHubWorkflow);
    /// assert_eq!(Hint::of(Path::new("chart/values-prod.yaml")), Hint::HelmValues);
    /// assert_eq!(Hint::of(Path::new("k8s/deploy.yaml")), Hint::None);
    /// ```
    pub fn of(path: &std::path::Path) -> Hint {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return Hint::None;
        };
        let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"));
        let parents: Vec<&str> = path
            .parent()
            .into_iter()
            .flat_map(|p| p.components())
            .filter_map(|c| c.as_os_str().to_str())
            .collect();
        match (name, stem) {
            ("Kustomization", _) | (_, Some("kustomization")) => Hint::Kustomization,
            (_, Some(".drone")) => Hint::Drone,
            (_, Some("bitbucket-pipelines")) => Hint::Bitbucket,
            (_, Some("action")) => Hint::GitHubAction,
            (_, Some(".gitlab-ci")) => Hint::GitLabCi,
            (_, Some(s)) if s.ends_with(".gitlab-ci") => Hint::GitLabCi,
            (_, Some(s)) if s.starts_with("compose") || s.starts_with("docker-compose") => {
                Hint::Compose
            }
            (_, Some(s))
                if s == "values" || s.starts_with("values-") || s.starts_with("values.") =>
            {
                Hint::HelmValues
            }
            _ if yaml && parents.ends_with(&[".github", "workflows"]) => Hint::GitHubWorkflow,
            _ if yaml && parents.contains(&".gitlab") => Hint::GitLabCi,
            _ => Hint::None,
        }
    }
}

/// Finds the image-reference candidates of a YAML stream (every `---` document), in file order,
/// reading a file named `.gitlab-ci.yml` (`gitlab_ci`) or of a name that says nothing.
/// [`candidates_as`] takes any [`Hint`].
///
/// ```
/// use registry_names::scan::{yaml, Value};
/// let text = "services:\n  web:\n    image: \"nginx:1.27\"\n";
/// let found = yaml::candidates(text, false).unwrap();
/// assert_eq!((found[0].line, found[0].column), (3, 13));
/// assert_eq!(found[0].value, Value::Reference("nginx:1.27".into()));
/// ```
///
/// # Errors
/// [`Malformed`] when the text is not YAML, or nests deeper than [`MAX_DEPTH`]; nothing found
/// before the error is returned.
pub fn candidates(text: &str, gitlab_ci: bool) -> Result<Vec<Candidate>, Malformed> {
    candidates_as(
        text,
        if gitlab_ci {
            Hint::GitLabCi
        } else {
            Hint::None
        },
    )
}

/// Finds the image-reference candidates of a YAML stream of a file whose name says `hint`.
///
/// Per document (docs/scan.md S3):
/// - **Kubernetes-shaped** (top-level `apiVersion` and `kind` strings, whatever the hint, except
///   `kind: Kustomization`): every `image` key with a string value, at any depth. `$VAR` and
///   `${VAR}` are a template step's placeholders ([`Unknown::Placeholder`](super::Unknown));
///   `$(VAR)` is checked as written, as the kubelet takes it.
/// - **Kustomize** ([`Hint::Kustomization`], `kind: Kustomization`, or a
///   `kustomize.config.k8s.io` `Component`): each `images[]` entry is one reference,
///   `(newName or name)[:newTag][@digest]` ([`Value::Composed`] when several fields make it).
/// - **Helm values** ([`Hint::HelmValues`]): a mapping with a string `repository` (not a URL)
///   and any of `registry`, `tag`, `digest`, `version` is
///   `[registry/]repository[:tag][@digest]` (`version` when there is no `tag`), reported at
///   `repository`; every string `image`.
/// - **Compose** ([`Hint::Compose`], or a top-level `services` mapping whose entries hold `image`
///   or `build`): `services.*.image` after compose's interpolation.
/// - **GitLab CI** ([`Hint::GitLabCi`], or a top-level key only GitLab uses, or a top-level
///   mapping holding `script`, `stage` or `extends`; never a Kubernetes-shaped or Drone
///   document): `image` and `services` (string or `name`), top level and per job.
/// - **GitHub Actions**: in a workflow, `jobs.*.container` (string or `image`),
///   `jobs.*.services.*.image`, `jobs.*.steps[].uses: docker://REF`; in an action's metadata,
///   `runs.image: docker://REF`.
/// - **Drone** ([`Hint::Drone`] or `kind: pipeline`): `steps[].image`, `services[].image`.
/// - **Bitbucket Pipelines**: `image` (string or `name`) at any depth.
/// - Any document: `containers[].image` (also `initContainers`, `ephemeralContainers`).
///
/// A value that is null, not a string (a number, a boolean), a `{{ … }}` template, or tagged
/// outside the core schema (`!reference [...]`, `!Ref`, `!!binary`) is no reference; a
/// collection with such a tag is not read into. An `image` whose value is null is a
/// [`Value::Null`] (which `scan --strict` reports). A runner's variables (`$VAR` in GitLab,
/// Drone, Bitbucket and GitHub) make a value [`Value::Unresolved`].
///
/// # Errors
/// [`Malformed`] when the text is not YAML, or nests deeper than [`MAX_DEPTH`]; nothing found
/// before the error is returned.
pub fn candidates_as(text: &str, hint: Hint) -> Result<Vec<Candidate>, Malformed> {
    if u32::try_from(text.len()).is_err() {
        return Err(Malformed {
            line: 1,
            column: 1,
            message: "text longer than 4 GiB".into(),
        });
    }
    let mut bytes = Bytes::new(text);
    let mut tree = Tree::default();
    let mut found = Vec::new();
    let mut budget = ALIAS_BUDGET;
    let mut scratch = Scratch::default();
    let malformed = |line: usize, column: usize, message: String| {
        let (line, column) = Lines::new(text).position(Lines::offset_of(text, line, column));
        Malformed {
            line,
            column,
            message,
        }
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let marker = e.marker();
            malformed(marker.line(), marker.col(), e.info().to_string())
        })?;
        let at = bytes.offset(span.start.index());
        let built = match event {
            Event::DocumentStart(_) => {
                tree.clear();
                Ok(())
            }
            // The document is read whole once parsed; when the alias budget runs out, the rest
            // of it is not read.
            Event::DocumentEnd => {
                if tree.len() > 0 {
                    let mut reader =
                        Reader::new(text, &tree, &mut budget, &mut found, &mut scratch);
                    let read = reader.read(0, hint);
                    reader.finish(&mut scratch);
                    if let Err(exceeded) = read {
                        found.push(Found {
                            offset: exceeded.at,
                            value: Value::AliasBudgetExceeded,
                            fields: Vec::new(),
                        });
                    }
                }
                tree.clear();
                Ok(())
            }
            Event::MappingStart(anchor, tag) => tree.open(true, at, anchor, tag.as_deref()),
            Event::SequenceStart(anchor, tag) => tree.open(false, at, anchor, tag.as_deref()),
            Event::MappingEnd | Event::SequenceEnd => {
                tree.close();
                Ok(())
            }
            Event::Scalar(value, style, anchor, tag) => {
                let class = Class::of(&value, style, tag.as_deref());
                let start = text::value_start(text, at, style);
                tree.scalar(text, &value, start, class, anchor);
                Ok(())
            }
            Event::Alias(anchor) => {
                tree.alias(at, anchor);
                Ok(())
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => Ok(()),
        };
        if let Err(BuildError::TooDeep) = built {
            let (line, column) = Lines::new(text).position(at);
            return Err(Malformed {
                line,
                column,
                message: format!("nested deeper than {MAX_DEPTH} levels"),
            });
        }
    }
    Ok(positions(text, found))
}

/// The candidates in file order, with their byte offsets as lines and columns.
fn positions(text: &str, mut found: Vec<Found>) -> Vec<Candidate> {
    found.sort_by_key(|f| f.offset);
    let mut lines = Lines::new(text);
    found
        .into_iter()
        .map(|f| {
            let (line, column) = lines.position(f.offset as usize);
            let mut value = f.value;
            if let Value::Composed(composed) = &mut value {
                for (field, &at) in composed.fields.iter_mut().zip(&f.fields) {
                    (field.line, field.column) = lines.position(at as usize);
                }
                lines.position(f.offset as usize);
            }
            Candidate {
                line,
                column,
                kind: Kind::ImageReference,
                value,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
