//! Any text as a file of every format `scan` reads: a Dockerfile, YAML under each file-name hint
//! (Kubernetes, Kustomize, Helm values, compose, GitLab CI, GitHub workflows and actions, Drone,
//! Bitbucket), a `devcontainer.json` (JSON with comments) and Terraform (HCL), each through
//! `scan::candidates_as` and the format's own `candidates`. The invariants checked are listed in
//! `scan_check/mod.rs`: no panic, positions of candidates and errors on a line of the text,
//! file order, kinds and values each format can give, plain values being the text at their
//! position, composed references' fields, and every value through its checker.
#![no_main]

#[path = "scan_check/mod.rs"]
mod scan_check;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    scan_check::every_syntax(text);
});
