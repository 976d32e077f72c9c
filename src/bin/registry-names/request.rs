//! `registry-names request`: validates one whole API request, or replays a log of them.

use crate::input::{Line, Lines};
use crate::output::{Outcome, Output};
use clap::ValueEnum;
use registry_names::quote;
use registry_names::request::{
    InvalidParameter, Mode, Operation, Rejection, Request, Valid, Validator, DEFAULT_BODY_LIMIT,
};
use serde::Serialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// How much longer than the body limit a replayed line may be (method, target, headers, and the
/// body's JSON quoting) before it is refused unread.
const LINE_MARGIN: usize = 64 * 1024;

#[derive(clap::Args)]
pub struct Args {
    /// The HTTP method: GET, POST, PUT or DELETE (case-sensitive, as on the wire).
    #[arg(required_unless_present = "replay")]
    method: Option<String>,
    /// The request target: path and query, e.g. '/v2/repositories/1/tags'.
    #[arg(required_unless_present = "replay")]
    target: Option<String>,
    /// A request header, 'Name: value'; repeatable. Only Content-Type and Content-Length are
    /// read.
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// The request body.
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// Read the request body from FILE (at most the body limit plus one byte is read).
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
    /// Print the response the vendor would give to a rejected request (status line, headers,
    /// body) instead of our report; valid and unrouted requests print the report.
    #[arg(long)]
    vendor: bool,
    /// `text` or `json` ({"operation", "valid", "errors", and "value", the typed value, when
    /// valid}; "operation" is null and "valid" absent when no documented operation matches:
    /// no route is not a rejection).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Read Quay's query parameters as documented (R3, R6) instead of as Quay's server reads
    /// them: `True`, `limit=250` and `page=0` are then refused (docs/requests.md R10).
    #[arg(long)]
    strict: bool,
    /// Largest accepted body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_BODY_LIMIT)]
    body_limit: usize,
    /// Replay requests from FILE ('-' for standard input), one JSON object per line:
    /// {"method", "target", "headers": {NAME: VALUE}, "body"}; a string body is the raw body,
    /// any other JSON value stands for its JSON text. Prints one JSON verdict per line.
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["method", "target", "headers", "body", "body_file", "vendor"])]
    replay: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The `--format json` object: the library's `Rejection` serialisation, also for valid and
/// unrouted requests, with the line number when replaying. An unrouted request has no `valid`
/// (R2: no route is not a rejection); a valid one has its typed value.
#[derive(Serialize)]
struct Verdict<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    operation: Option<Operation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid: Option<bool>,
    errors: &'a [InvalidParameter],
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Box<RawValue>>,
}

/// The typed value's fields in their order, without the `{"<operation id>": …}` that `Valid`
/// serializes around them (the verdict names the operation already).
fn fields(valid: &Valid<'_>) -> Option<Box<RawValue>> {
    let tagged = serde_json::to_string(valid).ok()?;
    let id = serde_json::to_string(valid.operation().id()).ok()?;
    let inner = tagged
        .strip_prefix('{')?
        .strip_prefix(id.as_str())?
        .strip_prefix(':')?
        .strip_suffix('}')?;
    RawValue::from_string(inner.to_owned()).ok()
}

/// What validation said about one request.
enum Outcome1<'a> {
    NoRoute,
    Valid(Valid<'a>),
    Rejected(Rejection),
}

impl Outcome1<'_> {
    fn verdict(&self, line: Option<u64>) -> Verdict<'_> {
        match self {
            Outcome1::NoRoute => Verdict {
                line,
                operation: None,
                valid: None,
                errors: &[],
                value: None,
            },
            Outcome1::Valid(valid) => Verdict {
                line,
                operation: Some(valid.operation()),
                valid: Some(true),
                errors: &[],
                value: fields(valid),
            },
            Outcome1::Rejected(rejection) => Verdict {
                line,
                operation: Some(rejection.operation()),
                valid: Some(false),
                errors: rejection.errors(),
                value: None,
            },
        }
    }

    fn record(&self, outcome: &mut Outcome) {
        match self {
            Outcome1::NoRoute => outcome.no_route = true,
            Outcome1::Valid(_) => {}
            Outcome1::Rejected(_) => outcome.invalid = true,
        }
    }
}

fn check<'a>(validator: &Validator, request: &Request<'a>) -> Outcome1<'a> {
    match validator.validate(request) {
        None => Outcome1::NoRoute,
        Some(Ok(valid)) => Outcome1::Valid(valid),
        Some(Err(rejection)) => Outcome1::Rejected(rejection),
    }
}

pub fn run(args: Args, out: &mut Output<impl Write>, outcome: &mut Outcome) -> io::Result<()> {
    let mode = if args.strict {
        Mode::Strict
    } else {
        Mode::Compatible
    };
    let validator = Validator::new()
        .with_body_limit(args.body_limit)
        .with_mode(mode);
    if let Some(path) = &args.replay {
        return replay(&validator, path, out, outcome);
    }
    let (Some(method), Some(target)) = (&args.method, &args.target) else {
        return usage(outcome, "METHOD and TARGET are required without --replay");
    };
    let mut headers = Vec::new();
    for header in &args.headers {
        match header.split_once(':') {
            Some((name, value)) => headers.push((name.trim(), value.trim())),
            None => {
                return usage(
                    outcome,
                    &format!("--header {header:?}: expected 'Name: value'"),
                )
            }
        }
    }
    let body: Cow<'_, [u8]> = match (&args.body, &args.body_file) {
        (Some(body), _) => Cow::Borrowed(body.as_bytes()),
        (None, Some(path)) => match read_bounded(path, args.body_limit) {
            Ok(body) => Cow::Owned(body),
            Err(e) => return usage(outcome, &format!("{}: cannot read: {e}", path.display())),
        },
        (None, None) => Cow::Borrowed(&[]),
    };
    let mut request = Request::new(method, target).body(&body);
    for (name, value) in &headers {
        request = request.header(name, value.as_bytes());
    }
    let result = check(&validator, &request);
    result.record(outcome);
    match (&result, args.vendor, args.format) {
        (Outcome1::Rejected(rejection), true, _) => {
            let response = rejection.to_vendor_response();
            writeln!(
                out.writer,
                "HTTP/1.1 {} {}",
                response.status,
                reason(response.status)
            )?;
            writeln!(out.writer, "Content-Type: {}", response.content_type)?;
            writeln!(out.writer, "Content-Length: {}", response.body.len())?;
            writeln!(out.writer)?;
            out.writer.write_all(&response.body)?;
            writeln!(out.writer)
        }
        (_, _, Format::Json) => {
            serde_json::to_writer(&mut out.writer, &result.verdict(None))?;
            writeln!(out.writer)
        }
        (Outcome1::NoRoute, _, Format::Text) => {
            writeln!(
                out.writer,
                "no route: {} {} matches no documented operation",
                bounded(method),
                bounded(target)
            )
        }
        (Outcome1::Valid(valid), _, Format::Text) => {
            writeln!(out.writer, "valid: {}", valid.operation())
        }
        (Outcome1::Rejected(rejection), _, Format::Text) => {
            writeln!(out.writer, "rejected: {}", rejection.operation())?;
            for e in rejection.errors() {
                writeln!(
                    out.writer,
                    "{} {}: {}: {}",
                    e.location(),
                    e.parameter(),
                    e.rule(),
                    e.message()
                )?;
            }
            Ok(())
        }
    }
}

fn usage(outcome: &mut Outcome, message: &str) -> io::Result<()> {
    outcome.fail(format_args!("request: {message}"));
    Ok(())
}

/// What `registry-names request --help` says about the exit status.
pub const EXIT_HELP: &str = "\
Exit status:
  0  the request is valid
  1  the request is rejected (with --replay: at least one is)
  2  a usage or I/O error, or with --replay a line that is not a logged request (also reported
     in its place on standard output); one line on standard error says what failed
  3  no documented operation matches (with --replay: some request, and none is rejected)";

fn reason(status: u16) -> &'static str {
    match status {
        413 => "Payload Too Large",
        _ => "Bad Request",
    }
}

/// Reads at most `limit + 1` bytes: enough to tell that a body is too large, never more.
fn read_bounded(path: &PathBuf, limit: usize) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    File::open(path)?
        .take((limit as u64).saturating_add(1))
        .read_to_end(&mut body)?;
    Ok(body)
}

/// One replayed request as logged.
#[derive(serde::Deserialize)]
struct Logged<'a> {
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(borrow)]
    target: Cow<'a, str>,
    #[serde(default, borrow)]
    headers: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
    #[serde(default, borrow)]
    body: Option<&'a RawValue>,
}

fn replay(
    validator: &Validator,
    path: &PathBuf,
    out: &mut Output<impl Write>,
    outcome: &mut Outcome,
) -> io::Result<()> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        match File::open(path) {
            Ok(file) => Box::new(BufReader::new(file)),
            Err(e) => return usage(outcome, &format!("{}: cannot read: {e}", path.display())),
        }
    };
    let cap = validator.body_limit().saturating_add(LINE_MARGIN);
    let mut lines = Lines::with_window(reader, cap);
    loop {
        let (number, line) = match lines.next_line() {
            Ok(Some(next)) => next,
            Ok(None) => return Ok(()),
            Err(e) => {
                // What was written so far comes before the message, as it happened.
                out.writer.flush()?;
                return usage(outcome, &format!("{}: {e}", path.display()));
            }
        };
        let Line::Whole(text) = line else {
            outcome.invalid = true;
            let too_long = too_long_line(number, cap);
            serde_json::to_writer(&mut out.writer, &too_long)?;
            writeln!(out.writer)?;
            continue;
        };
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let logged: Logged<'_> = match serde_json::from_slice(text) {
            Ok(logged) => logged,
            Err(e) => {
                // serde_json's own message may quote the whole line: say it in bounded words.
                let message = format!(
                    "line {number}: not a logged request {{\"method\", \"target\", \"headers\", \"body\"}} (column {})",
                    e.column()
                );
                malformed(out, outcome, path, number, &message)?;
                continue;
            }
        };
        let body: Cow<'_, str> = match logged.body {
            None => Cow::Borrowed(""),
            Some(raw) if raw.get().starts_with('"') => match serde_json::from_str(raw.get()) {
                Ok(body) => body,
                // Valid JSON that is no string of Unicode text (a lone surrogate escape): the
                // line is malformed, not a request with an empty body.
                Err(e) => {
                    let message = format!(
                        "line {number}: \"body\" is not a string of Unicode text (column {})",
                        e.column()
                    );
                    malformed(out, outcome, path, number, &message)?;
                    continue;
                }
            },
            Some(raw) => Cow::Borrowed(raw.get()),
        };
        let mut request = Request::new(&logged.method, &logged.target).body(body.as_bytes());
        for (name, value) in &logged.headers {
            request = request.header(name, value.as_bytes());
        }
        let result = check(validator, &request);
        result.record(outcome);
        serde_json::to_writer(&mut out.writer, &result.verdict(Some(number)))?;
        writeln!(out.writer)?;
    }
}

/// The verdict for a line too long to be read.
fn too_long_line(number: u64, cap: usize) -> serde_json::Value {
    serde_json::json!({
        "line": number,
        "operation": null,
        "valid": false,
        "errors": [{
            "location": "body",
            "parameter": "body",
            "rule": "body-too-large",
            "offset": cap,
            "message": format!("the logged request is longer than {cap} bytes (the body limit plus {LINE_MARGIN}); it was skipped unread"),
        }],
    })
}

/// A method or target as given when it is short, its bounded quotation when it is not.
fn bounded(text: &str) -> Cow<'_, str> {
    if text.len() <= registry_names::QUOTE_LIMIT {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(quote(text.as_bytes()).to_string())
    }
}

/// Reports a line of a replay that is no logged request: on standard error, as every status-2
/// failure is, and in its place among the verdicts, so that a reader of either knows which line
/// it was.
fn malformed(
    out: &mut Output<impl Write>,
    outcome: &mut Outcome,
    path: &Path,
    number: u64,
    message: &str,
) -> io::Result<()> {
    out.writer.flush()?;
    outcome.fail(format_args!("request: {}: {message}", path.display()));
    serde_json::to_writer(
        &mut out.writer,
        &serde_json::json!({"line": number, "error": message}),
    )?;
    writeln!(out.writer)
}
