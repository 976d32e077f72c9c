//! `registry-names scan`: image references in Dockerfiles, YAML, Terraform and
//! `devcontainer.json`, checked by §10 (docs/scan.md).

use crate::input;
use crate::output::{self, Outcome, Output};
use crate::scan_config;
use crate::scan_output::{self, Columns};
use clap::ValueEnum;
use registry_names::reference::{ImageReference, Profiles, ReferenceError};
use registry_names::scan::policy::{Policy, PolicyRule, RegistryPattern};
use registry_names::scan::suppress::{self, Suppression, Suppressions};
use registry_names::scan::{self, rules, yaml, Candidate, FileError, Value};
use registry_names::scan::{MAX_EXPANSION, MAX_FILE_SIZE};
use registry_names::{quote, Error, Kind};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// `text` prints one line per problem; `jsonl` one JSON object per reference found and per
    /// problem; `sarif` one SARIF 2.1.0 log (columns in UTF-16 code units); `github` one GitHub
    /// Actions `::error` command per problem.
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
    /// Policy: a reference needs a tag or a digest (rule policy/tag-required).
    #[arg(long)]
    require_tag: bool,
    /// Policy: no tag `latest` without a digest (rule policy/no-latest).
    #[arg(long)]
    no_latest: bool,
    /// Policy: a reference needs a digest (rule policy/digest-required).
    #[arg(long)]
    require_digest: bool,
    /// Policy: a reference's registry must match one PATTERN (rule policy/registry-not-allowed):
    /// HOST[:PORT], *.DOMAIN, or a prefix HOST[:PORT]/PATH/ of whole path components; a
    /// reference without a registry is on docker.io. Repeatable. Flags add to the [policy] table
    /// of .registry-names.toml in the working directory.
    #[arg(long = "allow-registry", value_name = "PATTERN", value_parser = pattern_arg)]
    allow_registry: Vec<RegistryPattern>,
    /// With --format jsonl or sarif, also print the problems that a `# registry-names: ignore=`
    /// comment suppresses, marked as suppressed.
    #[arg(long)]
    show_suppressed: bool,
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

fn pattern_arg(text: &str) -> Result<RegistryPattern, String> {
    RegistryPattern::parse(text).map_err(|e| e.to_string())
}

/// What `registry-names scan --help` says about the exit status.
pub const EXIT_HELP: &str = "\
Exit status:
  0  every reference found is valid and keeps the policies (suppressed problems aside)
  1  at least one problem: an invalid reference, a policy broken, a suppression naming an
     unknown rule, a file that is malformed, not UTF-8 or over 8 MiB, or YAML whose aliases go
     past the budget (alias-budget-exceeded)
  2  a usage or I/O error (a path that cannot be read or walked, a bad .registry-names.toml);
     one line on standard error says what failed, and the other files are still scanned";

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Jsonl,
    Sarif,
    Github,
}

/// What one run needs besides the arguments: the policy and where SARIF stands.
struct Scan<'a> {
    args: &'a Args,
    profiles: Profiles,
    policy: Policy,
    /// Whether a SARIF result has been written (the next needs a comma).
    sarif_results: bool,
}

/// Scans every file under the paths. A path that cannot be read or walked is reported on
/// stderr (exit status 2); the other files are still scanned.
pub fn run(args: Args, out: &mut Output<impl Write>, outcome: &mut Outcome) -> io::Result<()> {
    let mut policy = match std::env::current_dir() {
        Ok(dir) => match scan_config::load(&dir) {
            Ok(policy) => policy,
            Err(e) => {
                outcome.fail(e);
                return Ok(());
            }
        },
        Err(e) => {
            outcome.fail(format_args!("cannot read the working directory: {e}"));
            return Ok(());
        }
    };
    policy.require_tag |= args.require_tag;
    policy.no_latest |= args.no_latest;
    policy.require_digest |= args.require_digest;
    policy
        .allowed_registries
        .extend(args.allow_registry.iter().cloned());
    let mut scan = Scan {
        args: &args,
        profiles: input::profiles(&args.profiles),
        policy,
        sarif_results: false,
    };
    for path in &args.paths {
        // A template named by hand (a hook passes every changed file) is said to be skipped,
        // so nobody takes its silence for a pass.
        if let Some(template) = scan::template_of(path) {
            out.writer.flush()?;
            output::warn(format_args!("{}: not scanned: {template}", path.display()));
        }
    }
    if args.format == Format::Sarif {
        scan_output::sarif_start(&mut out.writer)?;
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
        match scan::read(&path) {
            Ok(Some(source)) => match source.candidates() {
                Ok(found) => {
                    let first = found.first().map(|c| c.line);
                    let suppressions = Suppressions::parse(source.syntax, &source.text, first);
                    let mut file = File {
                        path: &path,
                        columns: Columns::new(&source.text),
                        suppressions: &suppressions,
                        unknown: suppressions.unknown(),
                        candidate_line: 0,
                    };
                    for candidate in &found {
                        scan.candidate(&mut file, candidate, out, outcome)?;
                    }
                    scan.unknown_suppressions(&mut file, usize::MAX, out, outcome)?;
                }
                Err(e) => {
                    let mut columns = Columns::new(&source.text);
                    scan.file_problem(&path, &e, Some(&mut columns), out, outcome)?;
                }
            },
            Ok(None) => {}
            Err(FileError::Io(e)) => {
                out.writer.flush()?;
                outcome.fail(format_args!("{}: cannot read: {e}", path.display()));
            }
            Err(e) => scan.file_problem(&path, &e, None, out, outcome)?,
        }
    }
    if args.format == Format::Sarif {
        scan_output::sarif_end(&mut out.writer)?;
    }
    Ok(())
}

/// One file being reported: its path, its text's columns and its suppressions.
struct File<'f> {
    path: &'f Path,
    columns: Columns<'f>,
    suppressions: &'f Suppressions,
    /// The unknown rule ids not reported yet (in file order).
    unknown: &'f [suppress::Unknown],
    /// The line of the candidate being reported: a suppression there covers its problems also
    /// where a field put together with it is written (S6).
    candidate_line: usize,
}

/// What is wrong with a candidate: the library's error for a reference it refused, a policy it
/// breaks, or a reference the scan could not check (its rule id and why).
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
    /// A policy the (valid) reference breaks, and the message.
    Policy(PolicyRule, String),
    /// A suppression naming a rule id that does not exist.
    Suppression(&'static str),
}

impl Problem {
    fn part(&self) -> &'static str {
        match self {
            Problem::Reference(e) => e.part().id(),
            Problem::Name(kind, _) => kind.id(),
            Problem::Unchecked { .. } | Problem::Policy(..) => "reference",
            Problem::Budget(_) => "file",
            Problem::Suppression(_) => "suppression",
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            Problem::Reference(e) => e.rule().id(),
            Problem::Name(_, e) => e.rule().id(),
            Problem::Unchecked { rule, .. } => rule,
            Problem::Budget(_) => "alias-budget-exceeded",
            Problem::Policy(rule, _) => rule.id(),
            Problem::Suppression(_) => rules::UNKNOWN_SUPPRESSION,
        }
    }

    /// The byte in the reference where it stops being valid, when there is one.
    fn offset(&self) -> Option<usize> {
        match self {
            Problem::Reference(e) => Some(e.offset()),
            Problem::Name(_, e) => Some(e.offset()),
            _ => None,
        }
    }

    /// The message without the input (jsonl gives the input beside it).
    fn message(&self) -> String {
        match self {
            Problem::Reference(e) => e.error().message().to_string(),
            Problem::Name(_, e) => e.message().to_string(),
            Problem::Unchecked { why, .. } | Problem::Budget(why) | Problem::Policy(_, why) => {
                why.clone()
            }
            Problem::Suppression(why) => why.to_string(),
        }
    }

    /// The message with (at most 64 bytes of) the input, as the text line says it.
    fn message_in(&self, input: &str) -> String {
        match self {
            Problem::Reference(e) => e.error().message_in(input).to_string(),
            Problem::Name(_, e) => e.message_in(input).to_string(),
            Problem::Budget(why) => why.clone(),
            Problem::Unchecked { why, .. } | Problem::Policy(_, why) => {
                format!("{why} ({})", quote(input.as_bytes()))
            }
            Problem::Suppression(why) => format!("{why} ({})", quote(input.as_bytes())),
        }
    }
}

impl Scan<'_> {
    fn candidate(
        &mut self,
        file: &mut File,
        candidate: &Candidate,
        out: &mut Output<impl Write>,
        outcome: &mut Outcome,
    ) -> io::Result<()> {
        self.unknown_suppressions(file, candidate.line, out, outcome)?;
        file.candidate_line = candidate.line;
        let args = self.args;
        let profiles = &self.profiles;
        let mut policies = None;
        let (text, problem) = match &candidate.value {
            Value::Reference(text) if candidate.kind == Kind::ImageReference => {
                match ImageReference::parse_with(text, profiles) {
                    Ok(image) => {
                        policies = Some(image);
                        (text.as_str(), None)
                    }
                    Err(e) => (text.as_str(), Some(Problem::Reference(e))),
                }
            }
            // A matcher selects images by name (S3): a tag or digest in it matches nothing.
            Value::Matcher(text) => match ImageReference::parse_with(text, profiles) {
                Ok(image) if image.tag().is_some() || image.digest().is_some() => {
                    let why =
                        "a Kustomize `name` alone selects images by name and takes no tag or \
                               digest: give them in `newTag` and `digest`"
                            .to_string();
                    let rule = "tag-in-matcher";
                    (text.as_str(), Some(Problem::Unchecked { rule, why }))
                }
                Ok(_) => (text.as_str(), None),
                Err(e) => (text.as_str(), Some(Problem::Reference(e))),
            },
            Value::Composed(composed) => match ImageReference::parse_with(&composed.text, profiles)
            {
                Ok(image) => {
                    policies = Some(image);
                    (composed.text.as_str(), None)
                }
                Err(e) => (composed.text.as_str(), Some(Problem::Reference(e))),
            },
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
        // An error in a reference put together from fields is where its field is written.
        let at = match (&candidate.value, &problem) {
            (Value::Composed(composed), Some(Problem::Reference(e))) => composed
                .position_of(e.offset())
                .unwrap_or((candidate.line, candidate.column)),
            _ => (candidate.line, candidate.column),
        };
        let mut reported = false;
        if let Some(problem) = problem {
            return self.problem(file, at, text, problem, out, outcome);
        }
        if let Some(image) = policies.filter(|_| !self.policy.is_empty()) {
            for rule in self.policy.check(&image) {
                let message = self.policy.message(rule, text);
                let problem = Problem::Policy(rule, message);
                self.problem(file, at, text, problem, out, outcome)?;
                reported = true;
            }
        }
        if !reported && args.format == Format::Jsonl {
            json_line(&mut out.writer, file.path, Some(at), Some(text), None, None)?;
        }
        Ok(())
    }

    /// The unknown rule ids of suppressions on lines before `line`.
    fn unknown_suppressions(
        &mut self,
        file: &mut File,
        line: usize,
        out: &mut Output<impl Write>,
        outcome: &mut Outcome,
    ) -> io::Result<()> {
        while let Some((unknown, rest)) = file.unknown.split_first() {
            if unknown.line >= line {
                break;
            }
            file.unknown = rest;
            let at = (unknown.line, unknown.column);
            let problem = Problem::Suppression(unknown.message);
            self.problem(file, at, &unknown.id, problem, out, outcome)?;
        }
        Ok(())
    }

    /// Reports one problem at `(line, column)` (bytes), unless a suppression silences it.
    fn problem(
        &mut self,
        file: &mut File,
        (line, column): (usize, usize),
        input: &str,
        problem: Problem,
        out: &mut Output<impl Write>,
        outcome: &mut Outcome,
    ) -> io::Result<()> {
        let suppressed = match problem {
            Problem::Suppression(_) => None,
            _ => file
                .suppressions
                .find(line, problem.rule())
                .or_else(|| file.suppressions.find(file.candidate_line, problem.rule())),
        };
        if suppressed.is_none() {
            outcome.invalid = true;
        } else if !(self.args.show_suppressed
            && matches!(self.args.format, Format::Jsonl | Format::Sarif))
        {
            return Ok(());
        }
        let path = file.path;
        match self.args.format {
            Format::Text => {
                let location = format!("{}:{line}:{column}", path.display());
                let rule = format!("{} {}", problem.part(), problem.rule());
                out.problem(&location, &rule, problem.message_in(input), None)
            }
            Format::Jsonl => {
                let input = (!input.is_empty()).then_some(input);
                let w = &mut out.writer;
                json_line(
                    w,
                    path,
                    Some((line, column)),
                    input,
                    Some(&problem),
                    suppressed,
                )
            }
            Format::Sarif | Format::Github => {
                let position = Some((line, file.columns.utf16(line, column)));
                let shown = Shown {
                    path,
                    position,
                    problem: &problem,
                    input,
                    suppressed,
                };
                self.show(&mut out.writer, shown)
            }
        }
    }

    fn show(&mut self, w: &mut impl Write, shown: Shown) -> io::Result<()> {
        let title = format!("{} {}", shown.problem.part(), shown.problem.rule());
        let message = if shown.input.is_empty() {
            shown.problem.message()
        } else {
            shown.problem.message_in(shown.input)
        };
        let problem = scan_output::Problem {
            path: shown.path,
            position: shown.position,
            rule: shown.problem.rule(),
            title: &title,
            message: &message,
            suppressed: shown.suppressed.map(|s| s.reason.as_deref()),
        };
        if self.args.format == Format::Sarif {
            let first = !self.sarif_results;
            self.sarif_results = true;
            scan_output::sarif_result(w, &problem, first)
        } else {
            scan_output::github(w, &problem)
        }
    }

    fn file_problem(
        &mut self,
        path: &Path,
        error: &FileError,
        columns: Option<&mut Columns>,
        out: &mut Output<impl Write>,
        outcome: &mut Outcome,
    ) -> io::Result<()> {
        outcome.invalid = true;
        match self.args.format {
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
            Format::Sarif | Format::Github => {
                let position = error.position().map(|(line, column)| match columns {
                    Some(columns) => (line, columns.utf16(line, column)),
                    // Not UTF-8: the bytes before the bad one are; count them as one unit each.
                    None => (line, column),
                });
                let title = format!("file {}", error.id());
                let message = error.to_string();
                let problem = scan_output::Problem {
                    path,
                    position,
                    rule: error.id(),
                    title: &title,
                    message: &message,
                    suppressed: None,
                };
                if self.args.format == Format::Sarif {
                    let first = !self.sarif_results;
                    self.sarif_results = true;
                    scan_output::sarif_result(&mut out.writer, &problem, first)
                } else {
                    scan_output::github(&mut out.writer, &problem)
                }
            }
        }
    }
}

/// A problem on its way to SARIF or GitHub.
struct Shown<'a> {
    path: &'a Path,
    position: Option<(usize, usize)>,
    problem: &'a Problem,
    input: &'a str,
    suppressed: Option<&'a Suppression>,
}

/// One JSON object: where, what (at most the quoting limit of it), and the error as
/// `check --format jsonl` gives it, with the part that broke; `"suppressed"` (and the reason)
/// for a suppressed problem shown with `--show-suppressed`.
fn json_line(
    w: &mut impl Write,
    path: &Path,
    position: Option<(usize, usize)>,
    input: Option<&str>,
    problem: Option<&Problem>,
    suppressed: Option<&Suppression>,
) -> io::Result<()> {
    w.write_all(b"{\"file\":")?;
    serde_json::to_writer(&mut *w, &path.to_string_lossy())?;
    if let Some((line, column)) = position {
        write!(w, ",\"line\":{line},\"column\":{column}")?;
    }
    if let Some(text) = input {
        w.write_all(b",\"input\":")?;
        let shown = quote(text.as_bytes()).shown();
        let mut input = String::from_utf8_lossy(shown).into_owned();
        if shown.len() < text.len() {
            input.push('…');
        }
        serde_json::to_writer(&mut *w, &input)?;
        if shown.len() < text.len() {
            write!(w, ",\"input_length\":{}", text.len())?;
        }
    }
    match problem {
        None => w.write_all(b",\"valid\":true")?,
        Some(problem) => {
            w.write_all(b",\"valid\":false,\"error\":{\"part\":")?;
            serde_json::to_writer(&mut *w, problem.part())?;
            w.write_all(b",\"rule\":")?;
            serde_json::to_writer(&mut *w, problem.rule())?;
            if let Some(offset) = problem.offset() {
                write!(w, ",\"offset\":{offset}")?;
            }
            w.write_all(b",\"message\":")?;
            serde_json::to_writer(&mut *w, &problem.message())?;
            w.write_all(b"}")?;
        }
    }
    if let Some(suppression) = suppressed {
        w.write_all(b",\"suppressed\":true")?;
        if let Some(reason) = &suppression.reason {
            w.write_all(b",\"reason\":")?;
            serde_json::to_writer(&mut *w, reason)?;
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
