//! `registry-names scan`: image references in Dockerfiles, YAML, Terraform and
//! `devcontainer.json`, checked by §10 (docs/scan.md).

use crate::input;
use crate::output::{self, Outcome, Output};
use clap::ValueEnum;
use registry_names::reference::{ImageReference, Profiles, ReferenceError};
use registry_names::scan::{self, yaml, Candidate, FileError, Value, MAX_EXPANSION, MAX_FILE_SIZE};
use registry_names::{quote, Error, Kind};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// `text` prints one line per problem; `jsonl` one JSON object per reference found and per
    /// file problem.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Check the references of HOST (`host` or `host:port`) by a profile: swr, quay or oci.
    /// Repeatable.
    #[arg(long = "profile", value_name = "HOST=PROFILE", value_parser = input::profile_arg)]
    profiles: Vec<input::ProfileArg>,
    /// Also report references that hold a variable with no known value, and `image` keys whose
    /// value is null (rule null-image); both are skipped otherwise.
    #[arg(long)]
    strict: bool,
    /// Files and directories (walked, honouring .gitignore). Only files named Dockerfile,
    /// Containerfile, *.Dockerfile, Dockerfile.*, *.yaml, *.yml, Kustomization, *.tf,
    /// devcontainer.json or .devcontainer.json are read, also when given by name: any other file
    /// has no findings, so a hook may pass every changed file. Templates of those (a name ending
    /// in .j2, .jinja, .jinja2, .tpl, .tmpl, .gotmpl, .template, .in, .erb, .mustache or .hbs, and
    /// a Helm chart's templates/) are not read: given by name, one notice on standard error
    /// says so, and the exit status is not changed.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// What `registry-names scan --help` says about the exit status.
pub const EXIT_HELP: &str = "\
Exit status:
  0  every reference found is valid
  1  at least one problem: an invalid reference, a file that is malformed, not UTF-8 or over
     8 MiB, or YAML whose aliases go past the budget (alias-budget-exceeded)
  2  a usage or I/O error (a path that cannot be read or walked); one line on standard error
     says what failed, and the other files are still scanned";

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Jsonl,
}

/// Scans every file under the paths. A path that cannot be read or walked is reported on
/// stderr (exit status 2); the other files are still scanned.
pub fn run(args: Args, out: &mut Output<impl Write>, outcome: &mut Outcome) -> io::Result<()> {
    let profiles = input::profiles(&args.profiles);
    for path in &args.paths {
        // A template named by hand (a hook passes every changed file) is said to be skipped,
        // so nobody takes its silence for a pass.
        if let Some(template) = scan::template_of(path) {
            out.writer.flush()?;
            output::warn(format_args!("{}: not scanned: {template}", path.display()));
        }
    }
    for path in files(&args.paths) {
        let path = match path {
            Ok(path) => path,
            Err(e) => {
                out.writer.flush()?;
                outcome.fail(e);
                continue;
            }
        };
        match scan::scan_file(&path) {
            Ok(found) => {
                for candidate in &found {
                    report(&args, &profiles, &path, candidate, out, outcome)?;
                }
            }
            Err(FileError::Io(e)) => {
                out.writer.flush()?;
                outcome.fail(format_args!("{}: cannot read: {e}", path.display()));
            }
            Err(e) => {
                outcome.invalid = true;
                file_problem(args.format, &path, &e, out)?;
            }
        }
    }
    Ok(())
}

/// What is wrong with a candidate: the library's error for a reference it refused, or a
/// reference the scan could not check (its rule id and why).
enum Problem {
    Reference(ReferenceError),
    /// A registry name of another kind (an SWR organization in Terraform).
    Name(Kind, Error),
    Unchecked {
        rule: &'static str,
        why: String,
    },
    /// A YAML document's aliases went past the file's budget.
    Budget(String),
}

fn report(
    args: &Args,
    profiles: &Profiles,
    path: &Path,
    candidate: &Candidate,
    out: &mut Output<impl Write>,
    outcome: &mut Outcome,
) -> io::Result<()> {
    let (text, problem) = match &candidate.value {
        Value::Reference(text) if candidate.kind == Kind::ImageReference => {
            let error = ImageReference::parse_with(text, profiles).err();
            (text.as_str(), error.map(Problem::Reference))
        }
        Value::Composed(composed) => {
            let error = ImageReference::parse_with(&composed.text, profiles).err();
            (composed.text.as_str(), error.map(Problem::Reference))
        }
        Value::Reference(text) => {
            let kind = candidate.kind;
            let error = kind.validate(text.as_bytes()).err();
            (text.as_str(), error.map(|e| Problem::Name(kind, e)))
        }
        Value::Unresolved(..) | Value::Null(_) if !args.strict => return Ok(()),
        Value::Unresolved(text, unknown) => {
            let why = unknown.reason().to_string();
            let rule = "unresolved-variable";
            (text.as_str(), Some(Problem::Unchecked { rule, why }))
        }
        Value::Null(text) => {
            let why = "`image` is null: no image is named here".to_string();
            let rule = "null-image";
            (text.as_str(), Some(Problem::Unchecked { rule, why }))
        }
        Value::TooLong(text) => {
            let why = format!(
                "its ARG expansion is longer than {MAX_EXPANSION} bytes, or takes the file's \
                 expansions past {MAX_FILE_SIZE} bytes: not checked"
            );
            let rule = "expansion-too-long";
            (text.as_str(), Some(Problem::Unchecked { rule, why }))
        }
        Value::AliasBudgetExceeded => {
            let why = format!(
                "aliases and merges lead to more than {} nodes or {} levels: the rest of this \
                 document is not checked",
                yaml::ALIAS_BUDGET,
                yaml::MAX_DEPTH
            );
            ("", Some(Problem::Budget(why)))
        }
    };
    outcome.invalid |= problem.is_some();
    // An error in a reference put together from fields is where its field is written.
    let (line, column) = match (&candidate.value, &problem) {
        (Value::Composed(composed), Some(Problem::Reference(e))) => composed
            .position_of(e.offset())
            .unwrap_or((candidate.line, candidate.column)),
        _ => (candidate.line, candidate.column),
    };
    match (args.format, problem) {
        (Format::Text, None) => Ok(()),
        (Format::Text, Some(problem)) => {
            let location = format!("{}:{line}:{column}", path.display());
            match problem {
                Problem::Reference(e) => {
                    let rule = format!("{} {}", e.part(), e.rule());
                    out.problem(&location, &rule, e.error().message_in(text), None)
                }
                Problem::Name(kind, e) => {
                    let rule = format!("{kind} {}", e.rule());
                    out.problem(&location, &rule, e.message_in(text), None)
                }
                Problem::Unchecked { rule, why } => {
                    let quoted = quote(text.as_bytes());
                    let rule = format!("reference {rule}");
                    out.problem(&location, &rule, format_args!("{why} ({quoted})"), None)
                }
                Problem::Budget(why) => {
                    out.problem(&location, "file alias-budget-exceeded", why, None)
                }
            }
        }
        (Format::Jsonl, problem) => {
            json_candidate(&mut out.writer, path, (line, column), text, problem)
        }
    }
}

fn file_problem(
    format: Format,
    path: &Path,
    error: &FileError,
    out: &mut Output<impl Write>,
) -> io::Result<()> {
    match format {
        Format::Text => {
            let location = match error.position() {
                Some((line, column)) => format!("{}:{line}:{column}", path.display()),
                None => path.display().to_string(),
            };
            out.problem(&location, &format!("file {}", error.id()), error, None)
        }
        Format::Jsonl => {
            let w = &mut out.writer;
            w.write_all(b"{\"file\":")?;
            serde_json::to_writer(&mut *w, &path.to_string_lossy())?;
            if let Some((line, column)) = error.position() {
                write!(w, ",\"line\":{line},\"column\":{column}")?;
            }
            w.write_all(b",\"valid\":false,\"error\":{\"part\":\"file\",\"rule\":")?;
            serde_json::to_writer(&mut *w, error.id())?;
            w.write_all(b",\"message\":")?;
            serde_json::to_writer(&mut *w, &error.to_string())?;
            w.write_all(b"}}\n")
        }
    }
}

/// One JSON object per reference: where, what (at most the quoting limit of it), and the error
/// as `check --format jsonl` gives it, with the part that broke.
fn json_candidate(
    w: &mut impl Write,
    path: &Path,
    (line, column): (usize, usize),
    text: &str,
    problem: Option<Problem>,
) -> io::Result<()> {
    w.write_all(b"{\"file\":")?;
    serde_json::to_writer(&mut *w, &path.to_string_lossy())?;
    write!(w, ",\"line\":{line},\"column\":{column},\"input\":")?;
    let shown = quote(text.as_bytes()).shown();
    let mut input = String::from_utf8_lossy(shown).into_owned();
    if shown.len() < text.len() {
        input.push('…');
    }
    serde_json::to_writer(&mut *w, &input)?;
    if shown.len() < text.len() {
        write!(w, ",\"input_length\":{}", text.len())?;
    }
    let error = problem.map(|problem| match problem {
        Problem::Reference(e) => (
            e.part().id(),
            e.rule().id(),
            Some(e.offset()),
            e.error().message().to_string(),
        ),
        Problem::Name(kind, e) => (
            kind.id(),
            e.rule().id(),
            Some(e.offset()),
            e.message().to_string(),
        ),
        Problem::Unchecked { rule, why } => ("reference", rule, None, why),
        Problem::Budget(why) => ("file", "alias-budget-exceeded", None, why),
    });
    match error {
        None => w.write_all(b",\"valid\":true")?,
        Some((part, rule, offset, message)) => {
            w.write_all(b",\"valid\":false,\"error\":{\"part\":")?;
            serde_json::to_writer(&mut *w, part)?;
            w.write_all(b",\"rule\":")?;
            serde_json::to_writer(&mut *w, rule)?;
            if let Some(offset) = offset {
                write!(w, ",\"offset\":{offset}")?;
            }
            w.write_all(b",\"message\":")?;
            serde_json::to_writer(&mut *w, &message)?;
            w.write_all(b"}")?;
        }
    }
    w.write_all(b"}\n")
}

/// The files to scan for the given paths: a file is taken as given (whatever its name); a
/// directory is walked, honouring `.gitignore`, `.ignore` and git's exclude files (also outside
/// a git repository), entering hidden directories such as `.github` but not `.git` nor a Helm
/// chart's `templates/`, and keeping the files `scan::syntax_of` knows. Sorted by path within
/// each directory.
fn files(paths: &[PathBuf]) -> impl Iterator<Item = Result<PathBuf, ignore::Error>> + '_ {
    paths.iter().flat_map(|path| {
        let walk: Box<dyn Iterator<Item = Result<PathBuf, ignore::Error>>> = if path.is_dir() {
            Box::new(
                ignore::WalkBuilder::new(path)
                    .hidden(false)
                    .require_git(false)
                    .sort_by_file_name(|a, b| a.cmp(b))
                    .filter_entry(|entry| {
                        let helm_templates = entry.file_name() == "templates"
                            && entry.file_type().is_some_and(|t| t.is_dir())
                            && entry
                                .path()
                                .parent()
                                .is_some_and(|chart| chart.join("Chart.yaml").is_file());
                        entry.file_name() != ".git" && !helm_templates
                    })
                    .build()
                    .filter_map(|entry| match entry {
                        Ok(entry) => {
                            let is_file = entry.file_type().is_some_and(|t| t.is_file());
                            (is_file && scan::syntax_of(entry.path()).is_some())
                                .then(|| Ok(entry.into_path()))
                        }
                        Err(e) => Some(Err(e)),
                    }),
            )
        } else {
            Box::new(std::iter::once(Ok(path.clone())))
        };
        walk
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_keeps_only_files_of_a_known_syntax() {
        let dir = std::env::temp_dir().join(format!("registry-names-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (name, text) in [
            ("Dockerfile", "FROM a\n"),
            ("notes.txt", "FROM a\n"),
            ("conf.yaml/k8s.yml", "image: a\n"),
        ] {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let walked: Vec<PathBuf> = files(std::slice::from_ref(&dir))
            .map(Result::unwrap)
            .map(|p| p.strip_prefix(&dir).unwrap().to_path_buf())
            .collect();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            walked,
            [
                PathBuf::from("Dockerfile"),
                PathBuf::from("conf.yaml/k8s.yml")
            ]
        );
    }
}
