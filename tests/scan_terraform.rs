//! `registry-names scan` on Terraform files (docs/scan.md S4), through the real binary, as a
//! pre-commit hook runs it: exact `FILE:LINE:COL: PART RULE:` lines and exit statuses.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::{Command, Output};

mod scan_common;
use scan_common::{scan, TempDir};

fn lines(output: &Output) -> Vec<String> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

/// A Huawei Cloud configuration as teams write one: a registry organization and its
/// repositories, a CCE workload and a local docker build.
const MAIN_TF: &str = r#"terraform {
  required_providers {
    huaweicloud = {
      source  = "huaweicloud/huaweicloud"
      version = ">= 1.60.0"
    }
  }
}

variable "org" {
  type    = string
  default = "platform"
}

# The team's organization: the provider accepts the name, the API refuses it at apply time.
resource "huaweicloud_swr_organization" "team" {
  name = "My_Org"
}

resource "huaweicloud_swr_repository" "app" {
  organization = huaweicloud_swr_organization.team.name
  name         = "Library/app"
  description  = "The application's images"
  category     = "linux"
}

resource "huaweicloud_swr_repository" "base" {
  organization = "platform"
  name         = "base/alpine"
  is_public    = true
}

resource "huaweicloud_swr_repository_sharing" "base" {
  organization    = "${var.org}"
  repository      = "base/alpine"
  sharing_account = "partner"
  permission      = "pull"
  deadline        = "forever"
}

resource "kubernetes_deployment" "web" {
  metadata {
    name = "web"
  }
  spec {
    replicas = 2
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        container {
          name  = "web"
          image = "swr.cn-north-4.myhuaweicloud.com/platform/web:v1.2.0"
        }
        container {
          name  = "proxy"
          image = "nginx:1.27@sha256:abc"
        }
      }
    }
  }
}

resource "docker_image" "app" {
  name = "swr.cn-north-4.myhuaweicloud.com/platform/app:${var.tag}"
}

resource "docker_container" "app" {
  name  = "app"
  image = "Alpine:3.20"
}
"#;

#[test]
fn a_huawei_cloud_configuration_with_exact_positions() {
    let dir = TempDir::new("main");
    dir.write("main.tf", MAIN_TF);
    let output = scan(&dir.0, &["main.tf"]);
    assert_eq!(
        lines(&output),
        [
            "main.tf:17:11: swr-namespace invalid-start: must start with a lowercase letter, \
             not 'M' (byte 0 of \"My_Org\")",
            "main.tf:22:19: swr-repository invalid-start: must start with a lowercase letter or \
             digit, not 'L' (byte 0 of \"Library/app\")",
            "main.tf:58:20: digest digest-length: a sha256 digest has exactly 64 hex digits \
             (byte 21 of \"nginx:1.27@sha256:abc\")",
            "main.tf:71:12: repository invalid-start: must start with a lowercase letter or \
             digit, not 'A' (byte 0 of \"Alpine:3.20\")",
        ]
    );
    assert_eq!(code(&output), 1);

    // --strict also reports what holds a variable: the organization read from another
    // resource, the one from `var.org`, and the image tag from `var.tag`.
    let strict = lines(&scan(&dir.0, &["--strict", "main.tf"]));
    let unresolved: Vec<&str> = strict
        .iter()
        .filter(|l| l.contains("unresolved"))
        .map(|l| l.split(": reference").next().unwrap())
        .collect();
    assert_eq!(
        unresolved,
        ["main.tf:21:18", "main.tf:34:22", "main.tf:66:11"]
    );
    assert!(
        strict[1].ends_with("(\"huaweicloud_swr_organization.team.name\")"),
        "{strict:?}"
    );
}

#[test]
fn valid_names_pass_and_jsonl_lists_every_candidate_with_its_kind() {
    let dir = TempDir::new("valid");
    dir.write(
        "registry.tf",
        "resource \"huaweicloud_swr_organization\" \"team\" {\n  name = \"my-org\"\n}\n\
         resource \"huaweicloud_swr_image_permissions\" \"read\" {\n  organization = \"my-org\"\n  \
         repository   = \"library/nginx\"\n  user_id      = var.user\n}\n",
    );
    let output = scan(&dir.0, &["registry.tf"]);
    assert_eq!(lines(&output), Vec::<String>::new());
    assert_eq!(code(&output), 0);

    let output = scan(&dir.0, &["--format", "jsonl", "registry.tf"]);
    assert_eq!(
        lines(&output),
        [
            r#"{"file":"registry.tf","line":2,"column":11,"input":"my-org","valid":true}"#,
            r#"{"file":"registry.tf","line":5,"column":19,"input":"my-org","valid":true}"#,
            r#"{"file":"registry.tf","line":6,"column":19,"input":"library/nginx","valid":true}"#,
        ]
    );
}

#[test]
fn directories_are_walked_for_tf_files() {
    let dir = TempDir::new("walk");
    dir.write(
        "infra/modules/registry/main.tf",
        "resource \"huaweicloud_swr_organization\" \"o\" {\n  name = \"a_\"\n}\n",
    )
    .write("infra/terraform.tfvars", "name = \"Not_Read\"\n")
    .write(
        "infra/notes.txt",
        "resource \"docker_image\" \"x\" { name = \"A\" }\n",
    );
    let output = scan(&dir.0, &["infra"]);
    assert_eq!(
        lines(&output),
        [
            "infra/modules/registry/main.tf:2:11: swr-namespace trailing-separator: cannot end \
          with the separator '_' (byte 1 of \"a_\")"
        ]
    );
    assert_eq!(code(&output), 1);
}

#[test]
fn a_malformed_file_is_one_problem_at_its_position() {
    let dir = TempDir::new("malformed");
    dir.write(
        "bad.tf",
        "resource \"huaweicloud_swr_organization\" \"o\" {\n  name = \"My_Org\n}\n",
    )
    .write(
        "grammar.tf",
        "resource \"docker_image\" \"i\" {\n  name = = \"nginx\"\n}\n",
    )
    .write(
        "good.tf",
        "resource \"docker_image\" \"i\" {\n  name = \"Nginx\"\n}\n",
    );
    let output = scan(&dir.0, &["bad.tf", "grammar.tf", "good.tf"]);
    let out = lines(&output);
    assert_eq!(
        out[0],
        "bad.tf:2:10: file malformed-hcl: malformed HCL: unterminated string: no closing '\"'"
    );
    assert!(
        out[1].starts_with("grammar.tf:2:10: file malformed-hcl: malformed HCL: "),
        "{out:?}"
    );
    // The other files are still checked.
    assert_eq!(
        out[2],
        "good.tf:2:11: repository invalid-start: must start with a lowercase letter or digit, \
         not 'N' (byte 0 of \"Nginx\")"
    );
    assert_eq!(out.len(), 3);
    assert_eq!(code(&output), 1);
}

#[test]
fn a_block_past_the_budget_is_one_problem_in_bounded_time() {
    let dir = TempDir::new("budget");
    let keys: String = (0..20_000).map(|i| format!("k{i} = \"v\"\n")).collect();
    dir.write(
        "configmap.tf",
        format!("resource \"kubernetes_config_map\" \"big\" {{\n  data = {{\n{keys}  }}\n}}\n"),
    );
    let start = std::time::Instant::now();
    let output = scan(&dir.0, &["configmap.tf"]);
    let out = lines(&output);
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(
        out[0].starts_with("configmap.tf:1:1: file hcl-budget-exceeded: a block too large to parse within the bounds: "),
        "{out:?}"
    );
    assert_eq!(code(&output), 1);
    // hcl-edit alone takes seconds for these 20,000 keys (it compares each with all before it).
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
}

/// Writes `head`, then `unit` as many times as fit before `tail` with the file at `size` bytes,
/// then `tail` and a comment padding it to exactly `size`; streamed, so the test process stays
/// small (a child's peak RSS as `wait4` reports it starts from its parent's).
fn write_shape(path: &Path, size: usize, head: &str, unit: &str, units: usize, tail: &str) {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let body = head.len() + unit.len() * units + tail.len();
    assert!(body + 2 <= size, "{body} > {size}");
    file.write_all(head.as_bytes()).unwrap();
    for _ in 0..units {
        file.write_all(unit.as_bytes()).unwrap();
    }
    file.write_all(tail.as_bytes()).unwrap();
    file.write_all(b"#").unwrap();
    let pad = vec![b'x'; size - body - 2];
    file.write_all(&pad).unwrap();
    file.write_all(b"\n").unwrap();
    file.flush().unwrap();
}

/// Runs `scan FILE`, its output to a file: exit code, first line, peak RSS in KiB, seconds.
// The child is reaped by `wait4`, which also gives its own rusage (not `Child::wait`).
#[allow(clippy::zombie_processes)]
fn scan_measured(dir: &Path, file: &str) -> (i32, String, i64, f64) {
    let out = dir.join(format!("{file}.out"));
    let start = std::time::Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_registry-names"))
        .args(["scan", file])
        .current_dir(dir)
        .stdout(std::fs::File::create(&out).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid; wait4 writes it and the status for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    let seconds = start.elapsed().as_secs_f64();
    assert!(libc::WIFEXITED(status), "{file}: status {status}");
    let text = std::fs::read_to_string(&out).unwrap();
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(160)
        .collect();
    (libc::WEXITSTATUS(status), first, usage.ru_maxrss, seconds)
}

/// S8 on a hostile corpus of 8 MiB Terraform files: peak RSS at most 32 MiB + 16 × the file,
/// and time linear (each in seconds, where `hcl-edit` alone takes gigabytes or hours).
#[cfg(target_os = "linux")]
#[test]
fn hostile_terraform_stays_within_the_memory_bound() {
    let dir = TempDir::new("hostile");
    let size = 8 * 1024 * 1024 - 1;
    // The densest shape (traversals, ~300 bytes of syntax tree per token) just under the
    // block's token budget: (16 MiB + 8 × size) / 384 tokens, 4 per `a.b,`.
    let budget = (16 * 1024 * 1024 + 8 * size) / 384;
    let image = "resource \"docker_image\" \"x\" {\n  name = [";
    // (file, how to write it, exit code, start of the first line printed)
    type Case = (&'static str, Box<dyn Fn(&Path)>, i32, &'static str);
    let cases: Vec<Case> = vec![
        (
            "traversals.tf",
            Box::new(move |p| write_shape(p, size, image, "a.b,", budget / 4 - 10, "]\n}\n")),
            0,
            "",
        ),
        (
            "list-read.tf",
            Box::new(move |p| write_shape(p, size, image, "1,", size / 2 - 100, "]\n}\n")),
            1,
            "list-read.tf:1:1: file hcl-budget-exceeded",
        ),
        (
            "list-locals.tf",
            Box::new(move |p| {
                write_shape(
                    p,
                    size,
                    "locals {\n  a = [",
                    "{},",
                    size / 3 - 100,
                    "]\n}\n",
                )
            }),
            0,
            "",
        ),
        (
            "string.tf",
            Box::new(move |p| {
                write_shape(
                    p,
                    size,
                    "resource \"docker_image\" \"x\" {\n  name = \"",
                    "x",
                    size - 100,
                    "\"\n}\n",
                )
            }),
            1,
            "string.tf:2:11: repository too-long",
        ),
        (
            "nesting.tf",
            Box::new(move |p| write_shape(p, size, "locals {\n  a = ", "[", size - 100, "")),
            1,
            "nesting.tf:2:1030: file malformed-hcl: malformed HCL: nested more than 1024 levels",
        ),
        (
            "heredocs.tf",
            Box::new(move |p| write_shape(p, size, image, "<<A\nA\n,", budget / 2 - 10, "]\n}\n")),
            0,
            "",
        ),
        (
            "blocks.tf",
            Box::new(move |p| {
                let unit = "resource \"docker_image\" \"x\" {\n  name = \"A\"\n}\n";
                write_shape(p, size, "", unit, size / unit.len() - 1, "")
            }),
            1,
            "blocks.tf:2:11: repository invalid-start",
        ),
    ];
    let mut report = String::new();
    for (name, write, code, first) in cases {
        let path = dir.0.join(name);
        write(&path);
        let (got, line, peak_kib, seconds) = scan_measured(&dir.0, name);
        let limit_kib = (32 * 1024 * 1024 + 16 * size as i64) / 1024;
        report.push_str(&format!("{name}: {peak_kib} KiB, {seconds:.2} s\n"));
        assert_eq!(got, code, "{name}: {line}");
        assert!(line.starts_with(first), "{name}: {line}");
        assert!(
            peak_kib <= limit_kib,
            "{name}: {peak_kib} KiB > {limit_kib} KiB"
        );
        assert!(seconds < 60.0, "{name}: {seconds} s");
        std::fs::remove_file(&path).unwrap();
    }
    eprintln!("{report}");
}
