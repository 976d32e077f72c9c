//! `registry-names schema`: one kind's JSON Schema, or the OpenAPI document of the operations.
//!
//! Both come from the library (`NameSchema::to_json_document`, `request::schema::openapi`), the
//! same descriptions that its schemars and utoipa impls use, so what this prints is what a
//! program that links the crate gets.

use crate::input::{kind_id, KindId};
use crate::output::Output;
use clap::ArgGroup;
use std::io::{self, Write};

#[derive(clap::Args)]
#[command(group(ArgGroup::new("what").required(true).args(["kind", "openapi"])))]
pub struct Args {
    /// The kind whose JSON Schema (draft 2020-12) to print (see `registry-names kinds`).
    #[arg(value_parser = kind_id)]
    kind: Option<KindId>,
    /// Print the OpenAPI 3.1 document of the eight operations of docs/requests.md instead: their
    /// paths, parameters, request bodies and the vendors' error responses.
    #[arg(long)]
    openapi: bool,
}

pub fn run(args: Args, out: &mut Output<impl Write>) -> io::Result<()> {
    let document = match args.kind {
        Some(kind) => kind.kind.schema().to_json_document(),
        None => registry_names::request::schema::openapi(),
    };
    serde_json::to_writer_pretty(&mut out.writer, &document)?;
    writeln!(out.writer)
}
