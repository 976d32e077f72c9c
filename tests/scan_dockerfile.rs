//! `registry-names scan` on Dockerfiles shaped like real ones, read as BuildKit reads them
//! (docs/scan.md S2; issue 27, classes 1, 2, 3, 6 and 11, and `# syntax=`): exact
//! `FILE:LINE:COL: PART RULE:` lines and exit statuses from the real binary.
#![cfg(feature = "cli")]

use serde_json::Value as Json;
use std::path::Path;

mod scan_common;
use scan_common::{scan, TempDir};

/// The exit status and standard output of a text-format scan.
fn text(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = scan(dir, args);
    let code = output.status.code().expect("exited normally");
    (code, String::from_utf8(output.stdout).unwrap())
}

/// Every candidate found, as `FILE:LINE:COL INPUT valid|RULE`, from `--format jsonl`.
fn found(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "jsonl"];
    all.extend_from_slice(args);
    let output = scan(dir, &all);
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let v: Json = serde_json::from_str(line).unwrap();
            let verdict = if v["valid"] == true {
                "valid".to_string()
            } else {
                v["error"]["rule"].as_str().unwrap().to_string()
            };
            format!(
                "{}:{}:{} {} {verdict}",
                v["file"].as_str().unwrap(),
                v["line"],
                v["column"],
                v["input"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

/// Class 1: Notepad on Windows saves a byte-order mark, and Windows Dockerfiles often set
/// `# escape=`. BuildKit drops the BOM, so the first line is an instruction (or the directive)
/// like any other; its columns count from the first character a person sees.
#[test]
fn a_byte_order_mark_from_windows_is_ignored() {
    let dir = TempDir::new("bom");
    dir.write(
        "Dockerfile",
        "\u{feff}FROM mcr.microsoft.com/dotnet/SDK:8.0 AS build\r\n\
         WORKDIR /src\r\n\
         COPY . .\r\n\
         RUN dotnet publish -c Release -o /app\r\n\
         \r\n\
         FROM mcr.microsoft.com/dotnet/aspnet:8.0\r\n\
         COPY --from=build /app /app\r\n",
    )
    .write(
        "windows.Dockerfile",
        "\u{feff}# escape=`\r\n\
         FROM mcr.microsoft.com/windows/servercore:ltsc2022\r\n\
         RUN powershell -Command `\r\n\
         \x20   Invoke-WebRequest https://example.com/tool.zip -OutFile C:\\tool.zip\r\n\
         FROM `\r\n\
         \x20   mcr.microsoft.com/Windows/nanoserver:ltsc2022\r\n\
         COPY --from=0 C:\\tool.zip C:\\\r\n",
    );
    assert_eq!(
        text(&dir.0, &["Dockerfile", "windows.Dockerfile"]),
        (
            1,
            "Dockerfile:1:6: repository invalid-character: uppercase 'S' is not allowed; expected lowercase letters and digits joined by '.', '_', '__', '-' or '/', then ':' or '@' (byte 25 of \"mcr.microsoft.com/dotnet/SDK:8.0\")\n\
             windows.Dockerfile:6:5: repository invalid-start: must start with a lowercase letter or digit, not 'W' (byte 18 of \"mcr.microsoft.com/Windows/nanoserver:ltsc2022\")\n"
                .to_string()
        )
    );
    assert_eq!(
        found(&dir.0, &["Dockerfile", "windows.Dockerfile"]),
        [
            "Dockerfile:1:6 mcr.microsoft.com/dotnet/SDK:8.0 invalid-character",
            "Dockerfile:6:6 mcr.microsoft.com/dotnet/aspnet:8.0 valid",
            "windows.Dockerfile:2:6 mcr.microsoft.com/windows/servercore:ltsc2022 valid",
            "windows.Dockerfile:6:5 mcr.microsoft.com/Windows/nanoserver:ltsc2022 invalid-start",
        ]
    );
}

/// Class 2: quotes are removed as BuildKit's lexer removes them, in `ARG` defaults (also
/// several on a line, with spaces inside quotes), in `${V:-"…"}` words and around a whole base
/// image; single quotes keep `$` literal.
#[test]
fn quoted_arg_defaults_and_words_are_unquoted() {
    let dir = TempDir::new("quotes");
    dir.write(
        "Dockerfile",
        r#"# syntax=docker/dockerfile:1
ARG PYTHON_IMAGE="python:3.12-slim-bookworm"
ARG MAINTAINER="Jane Doe <jane@example.com>" DISTROLESS='gcr.io/distroless/python3-debian12:nonroot'
ARG REGISTRY=
FROM ${PYTHON_IMAGE} AS build
RUN pip install --no-cache-dir --target=/app/deps -r requirements.txt

FROM ${RUNTIME_IMAGE:-"${DISTROLESS}"} AS runtime
COPY --from=build /app /app

FROM "alpine:3.20" AS debug
FROM ${REGISTRY:-"docker.io"}/library/busybox:"1.36"
"#,
    );
    assert_eq!(text(&dir.0, &["Dockerfile"]), (0, String::new()));
    assert_eq!(
        found(&dir.0, &["Dockerfile"]),
        [
            "Dockerfile:1:10 docker/dockerfile:1 valid",
            "Dockerfile:5:6 python:3.12-slim-bookworm valid",
            "Dockerfile:8:6 gcr.io/distroless/python3-debian12:nonroot valid",
            "Dockerfile:11:7 alpine:3.20 valid",
            "Dockerfile:12:6 docker.io/library/busybox:1.36 valid",
        ]
    );
    // A quoted reference is reported at its first content byte; a `$` in single quotes stays.
    dir.write(
        "Dockerfile",
        "ARG TAG='$TAG'\nFROM \"Alpine:3.20\"\nFROM alpine:${TAG}\n",
    );
    assert_eq!(
        text(&dir.0, &["Dockerfile"]),
        (
            1,
            "Dockerfile:2:7: repository invalid-start: must start with a lowercase letter or digit, not 'A' (byte 0 of \"Alpine:3.20\")\n\
             Dockerfile:3:6: tag invalid-start: must start with a letter, digit or '_', not '$' (byte 7 of \"alpine:$TAG\")\n"
                .to_string()
        )
    );
}

/// Class 3: a BuildKit heredoc with an escaped delimiter (`<<-\EOT`, tabs stripped) writes a
/// Dockerfile template; its lines are data. Several heredocs on one line are read in order.
#[test]
fn escaped_heredoc_bodies_are_data() {
    let dir = TempDir::new("heredoc");
    dir.write(
        "Dockerfile",
        "# syntax=docker/dockerfile:1.7\n\
         FROM docker:27-cli AS generator\n\
         COPY <<-\\EOT /templates/Dockerfile.app\n\
         \tFROM ${BASE_IMAGE}\n\
         \tCOPY --from=Builder /out /app\n\
         \tEOT\n\
         RUN <<\"SETUP\" <<'CHECK' sh -s\n\
         set -eu\n\
         FROM Setup\n\
         SETUP\n\
         FROM Check\n\
         CHECK\n\
         FROM alpine:3.20\n\
         COPY --from=generator /templates /templates\n",
    );
    assert_eq!(text(&dir.0, &["Dockerfile"]), (0, String::new()));
    assert_eq!(
        found(&dir.0, &["Dockerfile"]),
        [
            "Dockerfile:1:10 docker/dockerfile:1.7 valid",
            "Dockerfile:2:6 docker:27-cli valid",
            "Dockerfile:13:6 alpine:3.20 valid",
        ]
    );
}

/// Class 6: a multi-stage build chooses its build stage through an ARG; after expansion the
/// base is an earlier stage (named in another case), not an image to pull.
#[test]
fn a_stage_chosen_through_an_arg_is_not_an_image() {
    let dir = TempDir::new("stage");
    dir.write(
        "Dockerfile",
        "ARG BUILD_TYPE=release\n\
         FROM rust:1.80 AS build-debug\n\
         RUN cargo build\n\
         FROM rust:1.80 AS Build-Release\n\
         RUN cargo build --release\n\
         FROM build-${BUILD_TYPE} AS build\n\
         RUN strip target/*/app\n\
         FROM gcr.io/distroless/cc-debian12\n\
         COPY --from=build /src/target/app /app\n",
    );
    assert_eq!(text(&dir.0, &["Dockerfile"]), (0, String::new()));
    assert_eq!(
        found(&dir.0, &["Dockerfile"]),
        [
            "Dockerfile:2:6 rust:1.80 valid",
            "Dockerfile:4:6 rust:1.80 valid",
            "Dockerfile:8:6 gcr.io/distroless/cc-debian12 valid",
        ]
    );
}

/// `# syntax=` names the frontend image BuildKit pulls: checked at its first byte when it is a
/// parser directive, and not when a comment comes before it.
#[test]
fn the_syntax_directive_is_checked() {
    let dir = TempDir::new("syntax");
    dir.write(
        "Dockerfile",
        "# syntax=docker/dockerfile:1.7\n# check=skip=JSONArgsRecommended\nFROM alpine:3.20\n",
    )
    .write(
        "typo.Dockerfile",
        "\u{feff}# syntax = docker/Dockerfile:1\nFROM alpine:3.20\n",
    )
    .write(
        "late.Dockerfile",
        "# Build the app.\n# syntax=docker/Dockerfile:1\nFROM alpine:3.20\n",
    );
    assert_eq!(
        text(&dir.0, &["Dockerfile", "typo.Dockerfile", "late.Dockerfile"]),
        (
            1,
            "typo.Dockerfile:1:12: repository invalid-character: uppercase 'D' is not allowed; expected lowercase letters and digits joined by '.', '_', '__', '-' or '/', then ':' or '@' (byte 7 of \"docker/Dockerfile:1\")\n"
                .to_string()
        )
    );
    assert_eq!(
        found(&dir.0, &["Dockerfile", "late.Dockerfile"]),
        [
            "Dockerfile:1:10 docker/dockerfile:1.7 valid",
            "Dockerfile:3:6 alpine:3.20 valid",
            "late.Dockerfile:3:6 alpine:3.20 valid",
        ]
    );
}

/// Class 11: `--strict` says why a variable has no value: a global ARG's default is out of
/// scope in a stage that does not declare it again; a variable with no default has none.
#[test]
fn strict_says_whether_a_variable_is_out_of_scope_or_has_no_default() {
    let dir = TempDir::new("strict");
    dir.write(
        "Dockerfile",
        "ARG TOOLS_IMAGE=ghcr.io/org/tools:1.4\n\
         ARG CACHE_IMAGE\n\
         FROM alpine:3.20\n\
         COPY --from=${TOOLS_IMAGE} /usr/local/bin/tool /usr/local/bin/\n\
         RUN --mount=type=bind,from=$CACHE_IMAGE,target=/cache ls /cache\n\
         FROM alpine:3.20\n\
         ARG TOOLS_IMAGE\n\
         COPY --from=${TOOLS_IMAGE} /usr/local/bin/tool /usr/local/bin/\n",
    );
    assert_eq!(text(&dir.0, &["Dockerfile"]), (0, String::new()));
    assert_eq!(
        text(&dir.0, &["--strict", "Dockerfile"]),
        (
            1,
            "Dockerfile:4:13: reference unresolved-variable: holds a variable whose default is not in scope here (declare the ARG again in this stage): not checked (\"${TOOLS_IMAGE}\")\n\
             Dockerfile:5:28: reference unresolved-variable: holds a variable with no default value: not checked (\"$CACHE_IMAGE\")\n"
                .to_string()
        )
    );
    assert_eq!(
        found(&dir.0, &["Dockerfile"]).last().unwrap(),
        "Dockerfile:8:13 ghcr.io/org/tools:1.4 valid"
    );
}

/// A reference split over continuation lines is joined as BuildKit joins it, with no space
/// added, and reported where it starts.
#[test]
fn continuation_lines_join_without_a_space() {
    let dir = TempDir::new("continuation");
    dir.write(
        "Dockerfile",
        "FROM --platform=$BUILDPLATFORM \\\n    registry.example.com/team/builder:\\\n# the tag follows\n1.2.3 AS build\nFROM scratch\nCOPY --from=build /out /\n",
    );
    assert_eq!(text(&dir.0, &["Dockerfile"]), (0, String::new()));
    assert_eq!(
        found(&dir.0, &["Dockerfile"]),
        ["Dockerfile:2:5 registry.example.com/team/builder:1.2.3 valid"]
    );
}
