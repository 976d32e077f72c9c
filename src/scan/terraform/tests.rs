use super::*;
use proptest::prelude::*;

/// Every candidate as (line, column, kind id, value); an unresolved value as `? TEXT`.
fn found(text: &str) -> Vec<(usize, usize, &'static str, String)> {
    candidates(text).unwrap().into_iter().map(show).collect()
}

fn show(c: Candidate) -> (usize, usize, &'static str, String) {
    let value = match c.value {
        Value::Reference(r) => r,
        Value::Unresolved(u, Unknown::NoDefault) => format!("? {u}"),
        other => panic!("unexpected {other:?}"),
    };
    (c.line, c.column, c.kind.id(), value)
}

fn at(
    line: usize,
    column: usize,
    kind: &'static str,
    v: &str,
) -> (usize, usize, &'static str, String) {
    (line, column, kind, v.to_string())
}

fn error(text: &str) -> Malformed {
    candidates(text).unwrap_err()
}

const NS: &str = "swr-namespace";
const REPO: &str = "swr-repository";
const IMG: &str = "image-reference";

#[test]
fn swr_organizations_and_repositories_by_type() {
    let text = r#"resource "huaweicloud_swr_organization" "org" {
  name = "My_Org"
}
data "huaweicloud_swr_organization" "org" {
  name = "d"
}
resource "huaweicloud_swr_repository" "repo" {
  organization = "team"
  name         = "Library/app"
  repository   = "r"
}
resource "huaweicloud_swr_image_permissions" "p" {
  organization = "o"
  repository   = "a/b"
  name         = "not read"
}
data "huaweicloud_swr_repositories" "all" {
  organization = "o2"
  name         = "not read"
}
resource "huaweicloud_swr_organization_permissions" "p" {
  organization = "o3"
  name         = "not read"
}
resource "huaweicloud_vpc" "vpc" {
  name         = "not read"
  organization = "not read"
}
"#;
    assert_eq!(
        found(text),
        [
            at(2, 11, NS, "My_Org"),
            at(5, 11, NS, "d"),
            at(8, 19, NS, "team"),
            at(9, 19, REPO, "Library/app"),
            at(10, 19, REPO, "r"),
            at(13, 19, NS, "o"),
            at(14, 19, REPO, "a/b"),
            at(18, 19, NS, "o2"),
            at(22, 19, NS, "o3"),
        ]
    );
}

#[test]
fn only_resource_and_data_blocks_and_only_their_own_attributes() {
    let text = r#"module "huaweicloud_swr_organization" {
  name = "not read"
}
resource "huaweicloud_swr_organization" "org" {
  lifecycle {
    name = "not read"
  }
  name = "top"
}
resource "docker_image" "i" {
  build {
    name = "not read"
  }
  name = "nginx:1.27"
}
"#;
    assert_eq!(
        found(text),
        [at(8, 11, NS, "top"), at(14, 11, IMG, "nginx:1.27")]
    );
}

#[test]
fn docker_images_and_containers() {
    let text = r#"resource "docker_image" "app" {
  name = "registry.example.com/app:1"
}
data "docker_registry_image" "base" {
  name = "alpine:3.20"
}
resource "docker_registry_image" "push" {
  name = "Bad/app"
}
resource "docker_container" "c" {
  name  = "a container name"
  image = "nginx:1.27"
}
resource "docker_container" "d" {
  image = docker_image.app.image_id
}
"#;
    assert_eq!(
        found(text),
        [
            at(2, 11, IMG, "registry.example.com/app:1"),
            at(5, 11, IMG, "alpine:3.20"),
            at(8, 11, IMG, "Bad/app"),
            at(12, 12, IMG, "nginx:1.27"),
            at(15, 11, IMG, "? docker_image.app.image_id"),
        ]
    );
}

#[test]
fn kubernetes_containers_at_any_depth() {
    let text = r#"resource "kubernetes_deployment" "web" {
  metadata {
    name = "web"
  }
  spec {
    template {
      spec {
        init_container {
          name  = "init"
          image = "busybox:1.36"
        }
        container {
          name  = "web"
          image = "nginx:1.27"
          env {
            name  = "IMAGE"
            value = "not:read"
          }
        }
        dynamic "container" {
          for_each = var.sidecars
          content {
            image = container.value.image
          }
        }
        dynamic "volume" {
          for_each = []
          content {
            image = "not read"
          }
        }
      }
    }
  }
}
resource "kubernetes_cron_job_v1" "job" {
  spec {
    job_template {
      spec {
        template {
          spec {
            container { image = "alpine:3.20" }
          }
        }
      }
    }
  }
}
resource "google_cloud_run_v2_service" "run" {
  template {
    containers {
      image = "not read"
    }
    container {
      image = "not read"
    }
  }
}
"#;
    assert_eq!(
        found(text),
        [
            at(10, 20, IMG, "busybox:1.36"),
            at(14, 20, IMG, "nginx:1.27"),
            at(23, 21, IMG, "? container.value.image"),
            at(42, 34, IMG, "alpine:3.20"),
        ]
    );
}

#[test]
fn only_plain_literals_are_references() {
    let text = r#"resource "docker_image" "a" {
  name = "${var.registry}/app:${var.tag}"
}
resource "docker_image" "b" {
  name = var.image
}
resource "docker_image" "c" {
  name = "%{ if var.x }a%{ else }b%{ endif }"
}
resource "docker_image" "d" {
  name = format("%s:%s", var.name, var.tag)
}
resource "docker_image" "e" {
  name = null
}
resource "docker_image" "f" {
  name = 12
}
resource "docker_image" "g" {
  name = "caf\u00e9 $${x} %%{y} \"q\""
}
"#;
    assert_eq!(
        found(text),
        [
            at(2, 11, IMG, "? ${var.registry}/app:${var.tag}"),
            at(5, 10, IMG, "? var.image"),
            at(8, 11, IMG, "? %{ if var.x }a%{ else }b%{ endif }"),
            at(11, 10, IMG, "? format(\"%s:%s\", var.name, var.tag)"),
            at(20, 11, IMG, "café ${x} %{y} \"q\""),
        ]
    );
}

#[test]
fn heredocs_are_literals_with_their_newline_unless_they_interpolate() {
    let text = "resource \"docker_image\" \"a\" {\n  name = <<EOT\nnginx:1.27\nEOT\n}\n\
resource \"docker_image\" \"b\" {\n  name = <<-EOT\n    nginx:1.27\n    EOT\n}\n\
resource \"docker_image\" \"c\" {\n  name = <<EOT\nnginx:${var.tag}\nEOT\n}\n";
    assert_eq!(
        found(text),
        [
            at(3, 1, IMG, "nginx:1.27\n"),
            at(8, 5, IMG, "nginx:1.27\n"),
            at(13, 1, IMG, "? nginx:${var.tag}\n"),
        ]
    );
}

/// Terraform ends a heredoc at its first line when that is the marker; `hcl-edit` alone
/// would look for a later one first and take the next block's heredoc into this one.
#[test]
fn an_empty_heredoc_ends_on_its_first_line() {
    let text = "resource \"docker_image\" \"a\" {\n  name = <<EOT\n  EOT\n}\n\
resource \"docker_container\" \"b\" {\n  name = <<EOT\nx\nEOT\n  image = <<EOT\nEOT\n}\n";
    // Each is reported where its text would start: the line after `<<EOT`.
    assert_eq!(found(text), [at(3, 1, IMG, ""), at(10, 1, IMG, "")]);
    // Many of them take linear time (hcl-edit alone: quadratic, seconds for these).
    let many: String = (0..5000).map(|i| format!("<<A{i}\nA{i}\n,")).collect();
    let text = format!("resource \"docker_image\" \"x\" {{\n  name = [{many}]\n}}\n");
    let start = std::time::Instant::now();
    assert_eq!(found(&text).len(), 1);
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
}

#[test]
fn brackets_in_strings_comments_and_heredocs_do_not_end_blocks() {
    let text = r#"locals {
  a = "}{ \" ]) ${ {x = "}"}.x } %%{ $${"
  b = <<-EOT
    }
    EOTX ${ "}" }
    EOT
  # }
  // }
  /* }
  */ c = {for k, v in {a = 1} : k => v if v == 1}
}
resource "huaweicloud_swr_organization" "o" { name = "x_" }
"#;
    assert_eq!(found(text), [at(12, 55, NS, "x_")]);
}

#[test]
fn columns_are_bytes_and_crlf_lines_count() {
    let text = "# é\r\nresource \"docker_image\" \"é\" { name = \"a\" }\r\n";
    assert_eq!(found(text), [at(2, 40, IMG, "a")]);
    let bom = "\u{feff}resource \"docker_image\" \"i\" { name = \"a\" }\n";
    assert_eq!(found(bom), [at(1, 42, IMG, "a")]);
}

#[test]
fn a_type_label_with_an_escape_is_decided_on_its_value() {
    let text = "resource \"docker\\u005fimage\" \"i\" { name = \"a\" }\n\
resource \"x\\u005f\" \"i\" { name = \"b\" }\n";
    assert_eq!(found(text), [at(1, 44, IMG, "a")]);
}

#[test]
fn lexical_errors_anywhere_are_malformed_at_their_opening() {
    for (text, line, column, message) in [
        (
            "locals {\n  a = \"x\n}\n",
            2,
            7,
            "unterminated string: no closing '\"'",
        ),
        ("locals {\n  a = [1\n}\n", 3, 1, "unexpected '}'"),
        ("variable \"x\" {\n", 1, 14, "unclosed '{'"),
        (
            "a = <<EOT\nx\n",
            1,
            5,
            "unterminated heredoc: no line with its end marker",
        ),
        (
            "a = 1 /* x\n",
            1,
            7,
            "unterminated comment: no closing '*/'",
        ),
        (
            "a = \"${x\n",
            1,
            6,
            "unclosed template sequence: no closing '}'",
        ),
        (
            "a = \"${x\"\n",
            1,
            9,
            "unterminated string: no closing '\"'",
        ),
        ("a = (1\n", 1, 5, "unclosed '('"),
        ("}\n", 1, 1, "unexpected '}'"),
    ] {
        let e = error(text);
        assert_eq!(
            (e.line, e.column, e.message.as_str(), e.id),
            (line, column, message, "malformed-hcl"),
            "{text:?}"
        );
    }
    let deep = format!(
        "a = {}{}\n",
        "[".repeat(MAX_DEPTH + 1),
        "]".repeat(MAX_DEPTH + 1)
    );
    let e = error(&deep);
    assert_eq!(
        (e.line, e.column, e.id),
        (1, 5 + MAX_DEPTH, "malformed-hcl")
    );
    assert!(
        e.message.contains("nested more than 1024 levels"),
        "{}",
        e.message
    );
}

/// The blocks read are parsed; the grammar of the others is not checked.
#[test]
fn a_block_read_that_does_not_parse_is_malformed_where_the_parser_stopped() {
    let text = "locals {\n  a = = 1\n}\nresource \"docker_image\" \"i\" {\n  name = = \"a\"\n}\n";
    let e = error(text);
    assert_eq!((e.line, e.column, e.id), (5, 10, "malformed-hcl"));
    assert_eq!(e.to_string(), format!("malformed HCL: {}", e.message));
    assert_eq!(found("locals {\n  a = = 1\n}\n"), []);
    let nested = format!(
        "resource \"docker_image\" \"i\" {{\n  name = {}1{}\n}}\n",
        "[".repeat(70),
        "]".repeat(70)
    );
    assert!(error(&nested).message.contains("nesting depth"));
}

#[test]
fn a_block_past_the_budget_is_one_problem_at_its_start() {
    let tokens = (16 * 1024 * 1024) / BYTES_PER_TOKEN;
    let list = "1,".repeat(tokens);
    let text = format!("# x\nresource \"docker_image\" \"i\" {{\n  name = [{list}]\n}}\n");
    let e = error(&text);
    assert_eq!((e.line, e.column, e.id), (2, 1, "hcl-budget-exceeded"));
    assert!(e.message.ends_with("; not checked"), "{}", e.message);
    assert_eq!(e.to_string(), e.message);
    // The same list outside a block read is not parsed, so not a problem.
    assert_eq!(found(&format!("locals {{\n  a = [{list}]\n}}\n")), []);

    let keys: String = (0..2000).map(|i| format!("k{i} = 1, ")).collect();
    let text = format!("resource \"kubernetes_config_map\" \"m\" {{\n  data = {{{keys}}}\n}}\n");
    assert_eq!(error(&text).id, "hcl-budget-exceeded");
    let keys: String = (0..1000).map(|i| format!("k{i} = 1, ")).collect();
    let text = format!("resource \"kubernetes_config_map\" \"m\" {{\n  data = {{{keys}}}\n}}\n");
    assert_eq!(found(&text), []);
}

/// The same walk over `hcl-edit`'s parse of the whole text, without the lexer's split.
fn whole(text: &str) -> Option<Vec<(usize, usize, &'static str, String)>> {
    let body = hcl_edit::parser::parse_body(text).ok()?;
    let mut found = Vec::new();
    let mut walk = Walk {
        text,
        base: 0,
        found: &mut found,
    };
    for block in body.blocks() {
        walk.block(block);
    }
    found.sort_by_key(|(offset, ..)| *offset);
    let mut lines = Lines::new(text);
    Some(
        found
            .into_iter()
            .map(|(offset, kind, value)| {
                let (line, column) = lines.position(offset);
                show(Candidate {
                    line,
                    column,
                    kind,
                    value,
                })
            })
            .collect(),
    )
}

/// Top-level structures with everything that opens and closes, as `hcl-edit` reads them.
const PIECES: &[&str] = &[
        "resource \"huaweicloud_swr_organization\" \"o\" {\n  name = \"My_Org\"\n}\n",
        "resource \"huaweicloud_swr_repository\" \"r\" {\n organization = \"${var.o}\"\n name = \"a/b\"\n}\n",
        "data \"docker_registry_image\" \"d\" {\n  name = <<-EOT\n    x:1\n    EOT\n}\n",
        "resource \"kubernetes_pod\" \"p\" {\n  spec {\n    container {\n      image = \"n:1\" # }\n    }\n  }\n}\n",
        "resource \"docker_container\" \"c\" { image = \"}\" }\n",
        "locals {\n  a = \"}{ \\\" ]) ${ {x = \"}\"}.x } %%{ $${\"\n}\n",
        "locals {\n  b = <<EOT\n}\n  EOTX ${\"}\"}\nEOT\n}\n",
        "# }\n// {\n/* {\n\"\n*/\n",
        "variable \"v\" {\n  default = {for k, v in {a = [1, (2)]} : k => v if v == 1}\n}\n",
        "output \"o\" { value = a.b[0].c[*].d }\n",
        "\n\n",
        "a = 1\r\n",
        "resource \"docker_image\" \"é\" {\r\n  name = \"é:1\"\r\n}\r\n",
        "resource \"kubernetes_job\" \"j\" {\n  spec {\n    init_container {\n      image = var.i\n    }\n  }\n}\n",
    ];

proptest! {
    /// On text `hcl-edit` parses whole, the split and the parse of each block read find
    /// what one parse of the whole text finds.
    #[test]
    fn the_split_finds_what_a_whole_parse_finds(
        pieces in proptest::collection::vec(0..PIECES.len(), 0..12),
    ) {
        // Attributes may not repeat at the top level: number them.
        let text: String = pieces
            .iter()
            .enumerate()
            .map(|(n, &i)| PIECES[i].replace("a = 1", &format!("a{n} = 1")))
            .collect();
        let expected = whole(&text);
        prop_assert!(expected.is_some(), "hcl-edit refuses {text:?}");
        prop_assert_eq!(Some(found(&text)), expected, "{:?}", text);
    }

    /// Any text: no panic, and positions within it.
    #[test]
    fn any_text_lexes_without_panicking(text in "[ -~\\n\\té{}\\[\\]()\"$%<#/*\\\\-]{0,200}") {
        let found = candidates(&text);
        if let Err(e) = &found {
            prop_assert!(e.line >= 1 && e.column >= 1);
        }
    }
}
