//! `registry-names scan` on YAML and JSON files shaped like real ones (issue 27, docs/scan.md S1,
//! S3, S7): one case per class (4, 5, 7, 9, 11, 12) and per format, each through the binary,
//! asserting the exact `FILE:LINE:COL: PART RULE: message` lines and the exit status.
#![cfg(feature = "cli")]

use std::path::Path;

mod scan_common;
use scan_common::{scan, TempDir};

/// The exit status, standard output and standard error of a run.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = scan(dir, args);
    (
        output.status.code().expect("exited normally"),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Standard output as lines, after checking the exit status and that nothing went to stderr.
fn lines(dir: &Path, args: &[&str], code: i32) -> Vec<String> {
    let (status, out, err) = run(dir, args);
    assert_eq!(status, code, "{out}{err}");
    assert_eq!(err, "");
    out.lines().map(str::to_string).collect()
}

/// Class 4: GitLab's `!reference [...]` tags name other jobs' keys, not images.
#[test]
fn class_4_gitlab_reference_tags_are_not_images() {
    let dir = TempDir::new("class4");
    dir.write(
        ".gitlab-ci.yml",
        r#".postgres:
  services:
    - name: postgres:16
      alias: db
  image: ruby:3.3

test:
  stage: test
  image: !reference [.postgres, image]
  services: !reference [.postgres, services]
  script: bundle exec rake

lint:
  image: Ruby:3.3
  script: rubocop
"#,
    );
    assert_eq!(
        lines(&dir.0, &[".gitlab-ci.yml"], 1),
        ["\
.gitlab-ci.yml:14:10: repository invalid-start: must start with a lowercase letter or digit, not 'R' (byte 0 of \"Ruby:3.3\")"]
    );
}

/// Class 5: a Drone pipeline with a top-level `trigger:` is not GitLab CI: its `services[].name`
/// is a container name, and its steps' images are read as Drone's.
#[test]
fn class_5_a_drone_pipeline_is_never_gitlab_ci() {
    let dir = TempDir::new("class5");
    dir.write(
        "pipeline.yml",
        r#"kind: pipeline
type: docker
name: default

steps:
  - name: build
    image: golang:1.22
    commands: [go build ./...]
  - name: publish
    image: plugins/Docker

services:
  - name: cache
    image: redis:7

trigger:
  branch: [main]
  event: [push]
"#,
    );
    dir.write(
        ".drone.yml",
        r#"kind: pipeline
type: docker
name: default

steps:
  - name: build
    image: golang:1.22
    commands: [go build ./...]
  - name: publish
    image: plugins/Docker

services:
  - name: cache
    image: redis:7

trigger:
  branch: [main]
  event: [push]
"#
        .replace("kind: pipeline\n", ""),
    );
    let expected = |file: &str, line: usize| {
        vec![format!("{file}:{line}:12: repository invalid-character: uppercase 'D' is not allowed; expected lowercase letters and digits joined by '.', '_', '__', '-' or '/', then ':' or '@' (byte 8 of \"plugins/Docker\")")]
    };
    assert_eq!(
        lines(&dir.0, &["pipeline.yml"], 1),
        expected("pipeline.yml", 10)
    );
    // `.drone.yml` says Drone by its name, without `kind: pipeline` (one line less).
    assert_eq!(lines(&dir.0, &[".drone.yml"], 1), expected(".drone.yml", 9));
}

/// Class 7: templates named like the files scan reads are not read, also when named: one notice
/// each on standard error, exit status unchanged; a walk skips them and a chart's templates/.
#[test]
fn class_7_templates_are_not_scanned() {
    let dir = TempDir::new("class7");
    dir.write("Dockerfile.j2", "FROM Alpine:3.20\n")
        .write("Dockerfile.template", "FROM %%BALENA_MACHINE_NAME%%-node\n")
        .write(
            "deploy.yaml.tmpl",
            "apiVersion: v1\nkind: Pod\nspec: {containers: [{image: Bad}]}\n",
        )
        .write("page.html.erb", "<%= image %>\n")
        .write(
            "chart/Chart.yaml",
            r#"apiVersion: v2
name: shop
version: 0.1.0
dependencies:
  - name: redis
    version: 18.x.x
    repository: "@bitnami"
"#,
        )
        .write(
            "chart/templates/pod.yaml",
            "apiVersion: v1\nkind: Pod\nspec: {containers: [{image: Bad}]}\n",
        )
        .write(
            "other/templates/pod.yaml",
            "apiVersion: v1\nkind: Pod\nspec: {containers: [{image: Bad}]}\n",
        );
    let (code, out, err) = run(
        &dir.0,
        &[
            "Dockerfile.j2",
            "Dockerfile.template",
            "deploy.yaml.tmpl",
            "page.html.erb",
            "chart/templates/pod.yaml",
        ],
    );
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(
        err,
        "registry-names: Dockerfile.j2: not scanned: a template (.j2), not the file until rendered\n\
         registry-names: Dockerfile.template: not scanned: a template (.template), not the file until rendered\n\
         registry-names: deploy.yaml.tmpl: not scanned: a template (.tmpl), not the file until rendered\n\
         registry-names: chart/templates/pod.yaml: not scanned: a Helm chart's template, not YAML until rendered\n"
    );
    // A walk reads neither, but a templates/ directory outside a chart is read.
    assert_eq!(
        lines(&dir.0, &["."], 1),
        ["./other/templates/pod.yaml:3:29: repository invalid-start: must start with a lowercase letter or digit, not 'B' (byte 0 of \"Bad\")"]
    );
}

/// Class 9: `image: null` and `image: ~` are both no image, skipped alike; `--strict` reports
/// each as `null-image`. Class 12: `$(VAR)` is checked as written, `${VAR}` is a placeholder.
#[test]
fn classes_9_and_12_nulls_and_kubernetes_variables() {
    let dir = TempDir::new("class9");
    dir.write(
        "pod.yaml",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  initContainers:
    - name: init
      image: null
  containers:
    - name: app
      image: ~
    - name: sidecar
      image: nginx:$(TAG)
    - name: envsubst
      image: ${REGISTRY}/app:1.0
"#,
    );
    let dollar_paren = "pod.yaml:13:14: tag invalid-start: must start with a letter, digit or '_', not '$' (byte 6 of \"nginx:$(TAG)\")";
    assert_eq!(lines(&dir.0, &["pod.yaml"], 1), [dollar_paren]);
    assert_eq!(
        lines(&dir.0, &["--strict", "pod.yaml"], 1),
        [
            "pod.yaml:8:14: reference null-image: `image` is null: no image is named here (\"null\")",
            "pod.yaml:11:14: reference null-image: `image` is null: no image is named here (\"~\")",
            dollar_paren,
            "pod.yaml:15:14: reference unresolved-variable: holds a placeholder that a template step fills in: not checked (\"${REGISTRY}/app:1.0\")",
        ]
    );
}

/// Class 11 (compose): defaults are taken (`${V:-d}`, `${V-d}`), `$$` is `$`, a variable with
/// no default is skipped (`--strict`: no default); an anchor merged into a service is reported
/// where it is written.
#[test]
fn class_11_compose_interpolation_and_merges() {
    let dir = TempDir::new("class11");
    dir.write(
        "compose.yaml",
        r#"x-common: &common
  restart: unless-stopped
  image: "nginx:${NGINX_TAG:-1.27}"

services:
  web:
    <<: *common
  api:
    image: ${REGISTRY-ghcr.io/org}/Api:${TAG:-latest}
  db:
    image: postgres:${PG_VERSION}
  price:
    image: "shop/price:$${literal}"
"#,
    );
    let found = [
        "compose.yaml:9:12: repository invalid-character: uppercase 'A' is not allowed; expected lowercase letters and digits joined by '.', '_', '__', '-' or '/', then ':' or '@' (byte 12 of \"ghcr.io/org/Api:latest\")",
        "compose.yaml:13:13: tag invalid-start: must start with a letter, digit or '_', not '$' (byte 11 of \"shop/price:${literal}\")",
    ];
    assert_eq!(lines(&dir.0, &["compose.yaml"], 1), found);
    assert_eq!(
        lines(&dir.0, &["--strict", "compose.yaml"], 1),
        [
            found[0],
            "compose.yaml:11:12: reference unresolved-variable: holds a variable with no default value: not checked (\"postgres:${PG_VERSION}\")",
            found[1],
        ]
    );
    // The merged default is read (valid) where x-common writes it.
    let (_, out, _) = run(&dir.0, &["--format", "jsonl", "compose.yaml"]);
    assert!(out.starts_with("{\"file\":\"compose.yaml\",\"line\":3,\"column\":11,\"input\":\"nginx:1.27\",\"valid\":true}\n"), "{out}");
}

/// Kubernetes-shaped documents: every `image`, at any depth of any kind (a Tekton Task's steps
/// and sidecars, an operator's resource), but not an annotation named `image`.
#[test]
fn kubernetes_custom_resources_at_any_depth() {
    let dir = TempDir::new("crd");
    dir.write(
        "task.yaml",
        r#"apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build-and-push
  annotations:
    image: documentation-only
spec:
  params:
    - name: IMAGE
  steps:
    - name: build
      image: gcr.io/kaniko-project/executor:v1.23.0
      args: ["--destination=$(params.IMAGE)"]
    - name: scan
      image: aquasec/trivy:0.50.1
  sidecars:
    - name: registry
      image: Registry:2.8.3
---
apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
spec:
  image: quay.io/prometheus/alertmanager:V0.27.0
  containers:
    - name: config-reloader
      image: quay.io/prometheus-operator/prometheus-config-reloader:v0.73.0
"#,
    );
    assert_eq!(
        lines(&dir.0, &["task.yaml"], 1),
        ["task.yaml:18:14: repository invalid-start: must start with a lowercase letter or digit, not 'R' (byte 0 of \"Registry:2.8.3\")"]
    );
    let (_, out, _) = run(&dir.0, &["--format", "jsonl", "task.yaml"]);
    assert_eq!(out.lines().count(), 5, "{out}");
}

/// Kustomize `images[]`: one reference an entry, each problem at the field that holds it.
#[test]
fn kustomize_images_report_the_field_that_breaks() {
    let dir = TempDir::new("kustomize");
    dir.write(
        "kustomization.yaml",
        r#"apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
images:
  - name: nginx
    newName: registry.example.com/Web/nginx
    newTag: "1.27"
  - name: postgres
    newTag: 16.2-alpine
    digest: sha256:deadbeef
  - name: redis
  - name: busybox
    newTag: ""
  - name: app
    newTag: v1.0!
  - name: nginx:1.0
  - name: alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
"#,
    );
    assert_eq!(
        lines(&dir.0, &["kustomization.yaml"], 1),
        [
            "kustomization.yaml:7:14: repository invalid-start: must start with a lowercase letter or digit, not 'W' (byte 21 of \"registry.example.com/Web/nginx:1.27\")",
            "kustomization.yaml:11:13: digest digest-length: a sha256 digest has exactly 64 hex digits (byte 36 of \"postgres:16.2-alpine@sha256:deadbeef\")",
            "kustomization.yaml:16:13: tag invalid-character: '!' is not allowed here; expected letters, digits, '_', '.' or '-' (byte 8 of \"app:v1.0!\")",
            "kustomization.yaml:17:11: reference tag-in-matcher: a Kustomize `name` alone selects images by name and takes no tag or digest: give them in `newTag` and `digest` (\"nginx:1.0\")",
            "kustomization.yaml:18:11: reference tag-in-matcher: a Kustomize `name` alone selects images by name and takes no tag or digest: give them in `newTag` and `digest` (\"alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef01\"… (78 bytes))",
        ]
    );
    let (_, out, _) = run(&dir.0, &["--format", "jsonl", "kustomization.yaml"]);
    for expected in [
        "\"line\":12,\"column\":11,\"input\":\"redis\",\"valid\":true",
        "\"line\":13,\"column\":11,\"input\":\"busybox\",\"valid\":true",
    ] {
        assert!(out.contains(expected), "{out}");
    }
}

/// Helm values: split fields put together (a numeric tag as written, an empty one absent), each
/// problem at its field; any YAML beside Chart.yaml is values, Chart.yaml itself is not.
#[test]
fn helm_values_split_fields_and_numeric_tags() {
    let dir = TempDir::new("helm");
    dir.write(
        "chart/Chart.yaml",
        r#"apiVersion: v2
name: shop
version: 0.1.0
dependencies:
  - name: redis
    version: 18.x.x
    repository: "@bitnami"
"#,
    )
    .write(
        "chart/values.yaml",
        r#"image:
  registry: docker.io
  repository: bitnami/nginx
  tag: 1.10
  digest: ""
  pullPolicy: IfNotPresent

worker:
  image:
    repository: ghcr.io/shop/worker
    tag: ""

metrics:
  image:
    registry: Quay.io
    repository: prometheus/nginx-exporter
    tag: v1.1.0!

migrations:
  image: ghcr.io/shop/Migrate:v2
"#,
    )
    .write(
        "chart/prod.yaml",
        r#"image:
  repository: bitnami/nginx
  tag: 1.25.4-debian-12-r3!
"#,
    );
    assert_eq!(
        lines(&dir.0, &["chart"], 1),
        [
            "chart/prod.yaml:3:8: tag invalid-character: '!' is not allowed here; expected letters, digits, '_', '.' or '-' (byte 33 of \"bitnami/nginx:1.25.4-debian-12-r3!\")",
            "chart/values.yaml:17:10: tag invalid-character: '!' is not allowed here; expected letters, digits, '_', '.' or '-' (byte 40 of \"Quay.io/prometheus/nginx-exporter:v1.1.0!\")",
            "chart/values.yaml:20:10: repository invalid-character: uppercase 'M' is not allowed; expected lowercase letters and digits joined by '.', '_', '__', '-' or '/', then ':' or '@' (byte 13 of \"ghcr.io/shop/Migrate:v2\")",
        ]
    );
    let (_, out, _) = run(&dir.0, &["--format", "jsonl", "chart/values.yaml"]);
    let first: Vec<&str> = out.lines().take(2).collect();
    assert_eq!(
        first,
        [
            "{\"file\":\"chart/values.yaml\",\"line\":3,\"column\":15,\"input\":\"docker.io/bitnami/nginx:1.10\",\"valid\":true}",
            "{\"file\":\"chart/values.yaml\",\"line\":10,\"column\":17,\"input\":\"ghcr.io/shop/worker\",\"valid\":true}",
        ]
    );
}

/// GitHub action metadata: `runs.image: docker://REF`, at the reference after the scheme.
#[test]
fn github_action_docker_image() {
    let dir = TempDir::new("action");
    dir.write(
        "action.yml",
        r#"name: 'Lint'
description: 'Runs the linter in its image'
runs:
  using: 'docker'
  image: 'docker://ghcr.io/org/Linter:1'
  args: ['--strict']
"#,
    )
    .write(
        "local/action.yaml",
        "runs:\n  using: docker\n  image: Dockerfile\n",
    );
    assert_eq!(
        lines(&dir.0, &["."], 1),
        ["./action.yml:5:20: repository invalid-character: uppercase 'L' is not allowed; expected lowercase letters and digits joined by '.', '_', '__', '-' or '/', then ':' or '@' (byte 12 of \"ghcr.io/org/Linter:1\")"]
    );
}

/// Bitbucket Pipelines: `image` at any level, string or `name:`, anchored steps once.
#[test]
fn bitbucket_pipelines() {
    let dir = TempDir::new("bitbucket");
    dir.write(
        "bitbucket-pipelines.yml",
        r#"image: node:20

definitions:
  services:
    postgres:
      image:
        name: Postgres:16
        username: $DOCKER_USER
        password: $DOCKER_PASSWORD
  steps:
    - step: &test
        name: Test
        image: python:3.12
        caches: [pip]
        services: [postgres]
        script:
          - pytest

pipelines:
  default:
    - step: *test
    - step:
        name: Deploy
        image: atlassian/pipelines-awscli
        script: [aws s3 ls]
"#,
    );
    assert_eq!(
        lines(&dir.0, &["bitbucket-pipelines.yml"], 1),
        ["bitbucket-pipelines.yml:7:15: repository invalid-start: must start with a lowercase letter or digit, not 'P' (byte 0 of \"Postgres:16\")"]
    );
    let (_, out, _) = run(&dir.0, &["--format", "jsonl", "bitbucket-pipelines.yml"]);
    assert_eq!(out.lines().count(), 4, "{out}");
}

/// devcontainer.json: comments and trailing commas, the top-level `image` at its first byte;
/// a broken file is one malformed-json problem.
#[test]
fn devcontainer_json() {
    let dir = TempDir::new("devcontainer");
    dir.write(
        ".devcontainer/devcontainer.json",
        r#"// For format details, see https://aka.ms/devcontainer.json.
{
  "name": "Go",
  /* The image, or a Dockerfile */
  "image": "mcr.microsoft.com/devcontainers/Go:1-1.22-bookworm",
  "features": {
    "ghcr.io/devcontainers/features/node:1": {},
  },
  "customizations": {"vscode": {"extensions": ["golang.go",],},},
}
"#,
    )
    .write(
        "broken/.devcontainer.json",
        "{\n  \"image\": \"alpine\"\n  \"name\": \"x\"\n}\n",
    );
    assert_eq!(
        lines(&dir.0, &["."], 1),
        [
            "./.devcontainer/devcontainer.json:5:13: repository invalid-character: uppercase 'G' is not allowed; expected lowercase letters and digits joined by '.', '_', '__', '-' or '/', then ':' or '@' (byte 32 of \"mcr.microsoft.com/devcontainers/Go:1-1.22-bookworm\")",
            "./broken/.devcontainer.json:3:3: file malformed-json: malformed JSON: unexpected character",
        ]
    );
}

/// A billion laughs is one problem at the alias where the budget ran out, found in bounded time;
/// the document's other references and the next document are still read.
#[test]
fn an_alias_bomb_is_one_problem() {
    let dir = TempDir::new("bomb");
    let mut text =
        String::from("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: Early}]\n");
    text.push_str("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = format!("*a{}", i - 1);
        text.push_str(&format!("a{i}: &a{i} [{}]\n", [p.as_str(); 10].join(", ")));
    }
    text.push_str("---\napiVersion: v1\nkind: Pod\nimage: After\n");
    dir.write("bomb.yaml", text);
    let started = std::time::Instant::now();
    assert_eq!(
        lines(&dir.0, &["bomb.yaml"], 1),
        [
            "bomb.yaml:4:24: repository invalid-start: must start with a lowercase letter or digit, not 'E' (byte 0 of \"Early\")",
            "bomb.yaml:10:25: file alias-budget-exceeded: aliases and merges lead to more than 1000000 nodes or 10000 levels: the rest of this document is not checked",
            "bomb.yaml:20:8: repository invalid-start: must start with a lowercase letter or digit, not 'A' (byte 0 of \"After\")",
        ]
    );
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

/// Implicit keys end at 1,024 characters at every flow level (S8, vendor/README.md): a flow
/// mapping's key of 1,022 characters and its quotes is read, one of 1,023 is malformed YAML, as
/// libyaml, PyYAML and go-yaml find them, although YAML 1.2 sets no limit there.
#[test]
fn a_flow_mapping_key_ends_at_1024_characters() {
    let dir = TempDir::new("longkey");
    let pod = |key_len: usize| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{annotations: {{\"{}\": \"v\"}}}}\n\
             spec: {{containers: [{{image: \"Bad:tag\"}}]}}\n",
            "a".repeat(key_len)
        )
    };
    dir.write("short.yaml", pod(1022));
    dir.write("long.yaml", pod(1023));
    assert_eq!(
        lines(&dir.0, &["short.yaml"], 1),
        ["short.yaml:4:30: repository invalid-start: must start with a lowercase letter or digit, not 'B' (byte 0 of \"Bad:tag\")"]
    );
    let long = lines(&dir.0, &["long.yaml"], 1);
    assert_eq!(long.len(), 1, "{long:?}");
    assert!(
        long[0].starts_with("long.yaml:3:1051: file malformed-yaml: "),
        "{long:?}"
    );
}

/// Terraform files are selected (read by `scan::terraform`), and JSON other than
/// devcontainer.json is not.
#[test]
fn terraform_and_other_json_files() {
    let dir = TempDir::new("files");
    dir.write(
        "main.tf",
        "resource \"docker_image\" \"x\" {\n  name = \"nginx:1.27\"\n}\n",
    )
    .write("package.json", "{\"image\": \"Bad\"}\n");
    assert_eq!(lines(&dir.0, &["."], 0), Vec::<String>::new());
}
