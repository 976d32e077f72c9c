//! `registry-names`: checks names from arguments, standard input, or name-list files.
//!
//! Each subcommand is one module with an `Args` struct (its flags) and a `run` function; adding
//! one is a new file, a variant of [`Command`] and a line in [`main`]'s dispatch.

mod check;
mod generate;
mod input;
mod kinds;
mod lint;
mod output;
mod request;
mod scan;
mod scan_config;
mod scan_output;
mod schema;

use clap::{Parser, Subcommand};
use output::{Outcome, Output};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

/// Validates registry names: SWR, Quay, OCI digests, git tags and branches.
#[derive(Parser)]
#[command(name = "registry-names", version, about, long_about, after_help = output::EXIT_HELP_ALL)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check names given as arguments, or read from standard input one per line.
    ///
    /// Lines are split on '\n' only; nothing is trimmed, so a '\r' before the newline is part of
    /// the name (and makes it invalid).
    #[command(after_help = output::EXIT_HELP)]
    Check(check::Args),
    /// Check name-list files: one name per line, blank lines and '#' comments ignored.
    ///
    /// The kind comes from --kind or from a first line `# registry-names: KIND`. Errors print as
    /// FILE:LINE:COLUMN: KIND: message.
    #[command(after_help = output::EXIT_HELP)]
    Lint(lint::Args),
    /// Find the image references and SWR names in Dockerfiles, YAML, Terraform and devcontainer.json
    /// and check them (docs/scan.md).
    ///
    /// Reads # syntax=, FROM, COPY --from and RUN --mount=...,from= in Dockerfiles; in YAML, the
    /// images of Kubernetes manifests (any depth), Kustomize images, Helm values, compose services,
    /// GitLab CI, GitHub workflows and actions, Drone and Bitbucket Pipelines; SWR organizations and
    /// repositories and docker/kubernetes images in Terraform; devcontainer.json's image. Problems
    /// print as FILE:LINE:COLUMN: PART RULE: message, the column (in bytes) being that of the
    /// reference's first byte. Malformed files and files over 8 MiB are problems too.
    #[command(after_help = scan::EXIT_HELP)]
    Scan(scan::Args),
    /// List the kinds with a one-line rule summary.
    Kinds,
    /// Validate a whole API request of the documented operations (docs/requests.md), or replay a log.
    ///
    /// Exit status: 0 valid, 1 rejected, 3 no documented operation matches, 2 usage or I/O
    /// error. With --replay: 1 if any request is rejected, else 3 if any has no route.
    #[command(after_help = request::EXIT_HELP)]
    Request(request::Args),
    /// Print a kind's JSON Schema (draft 2020-12), or with --openapi the OpenAPI 3.1 document of
    /// the eight operations.
    ///
    /// Each schema's pattern is anchored and ECMA-262 compatible; where the crate checks more than
    /// a pattern can say (git names, Quay repository paths, image references), the schema's
    /// description says what.
    Schema(schema::Args),
    /// Print valid names of a kind, or near misses with the rule each breaks, for fuzzers and
    /// property tests (deterministic for a seed); --format go-corpus writes a Go fuzz corpus.
    Generate(generate::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    let stdout = io::stdout();
    let colour = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = Output {
        writer: BufWriter::new(stdout.lock()),
        colour,
    };
    let mut outcome = Outcome::default();
    let result = match cli.command {
        Command::Check(args) => check::run(args, &mut out, &mut outcome),
        Command::Lint(args) => lint::run(args, &mut out, &mut outcome),
        Command::Scan(args) => scan::run(args, &mut out, &mut outcome),
        Command::Kinds => kinds::run(&mut out),
        Command::Request(args) => request::run(args, &mut out, &mut outcome),
        Command::Schema(args) => schema::run(args, &mut out),
        Command::Generate(args) => generate::run(args, &mut out, &mut outcome),
    };
    output::finish(result, &mut out, &mut outcome)
}

/// clap's message with every long command-line argument it repeats replaced by its bounded
/// quotation, so that a usage error never echoes more than 64 bytes of an argument.
fn bounded_arguments(mut text: String) -> String {
    for arg in std::env::args_os().skip(1) {
        let arg = arg.to_string_lossy();
        if arg.len() > registry_names::QUOTE_LIMIT && text.contains(&*arg) {
            text = text.replace(&*arg, &registry_names::quote(arg.as_bytes()).to_string());
        }
    }
    text
}

/// `--help` and `--version` on standard output (exit 0), a usage error on standard error (exit
/// 2); clap's own `exit` would ignore a failed write.
fn usage(e: &clap::Error) -> ExitCode {
    let mut outcome = Outcome::default();
    if e.use_stderr() {
        let text = if io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            e.render().ansi().to_string()
        } else {
            e.render().to_string()
        };
        output::warn_raw(&bounded_arguments(text));
        outcome.failed = true;
        return outcome.exit_code();
    }
    let stdout = io::stdout();
    let text = if stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        e.render().ansi().to_string()
    } else {
        e.render().to_string()
    };
    let mut out = Output {
        writer: stdout.lock(),
        colour: false,
    };
    let result = out.writer.write_all(text.as_bytes());
    output::finish(result, &mut out, &mut outcome)
}
