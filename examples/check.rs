//! Validates names given on the command line: `cargo run --example check -- KIND NAME...`.
//! Prints one line per name and exits 1 if any is invalid, 2 on a usage error.

use registry_names::Kind;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(kind) = args.next().and_then(|id| Kind::from_id(&id)) else {
        eprintln!("usage: check KIND NAME...");
        eprintln!("kinds:");
        for kind in Kind::ALL {
            eprintln!("  {:<20} {}", kind.id(), kind.summary());
        }
        return ExitCode::from(2);
    };
    let mut status = ExitCode::SUCCESS;
    for name in args {
        match kind.validate(name.as_bytes()) {
            Ok(()) => println!("ok      {name}"),
            Err(e) => {
                println!("{}", e.with_input(&name));
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
