use super::*;

fn found(text: &str) -> Vec<(usize, usize, String)> {
    found_as(text, Hint::None)
}

fn found_as(text: &str, hint: Hint) -> Vec<(usize, usize, String)> {
    candidates_as(text, hint)
        .unwrap()
        .into_iter()
        .map(|c| {
            let v = match c.value {
                Value::Reference(r) => r,
                Value::Matcher(m) => format!("matcher {m}"),
                Value::Unresolved(u, _) => format!("unresolved {u}"),
                Value::TooLong(t) => format!("too long {t}"),
                Value::Null(t) => format!("null {t}"),
                Value::Composed(c) => {
                    let fields: Vec<String> = c
                        .fields
                        .iter()
                        .map(|f| format!("{}@{}:{}", f.start, f.line, f.column))
                        .collect();
                    format!("{} [{}]", c.text, fields.join(" "))
                }
                Value::AliasBudgetExceeded => "alias budget exceeded".to_string(),
            };
            (c.line, c.column, v)
        })
        .collect()
}

fn at(line: usize, column: usize, v: &str) -> (usize, usize, String) {
    (line, column, v.to_string())
}

/// A byte order mark is three bytes of the first line, which the parser does not count.
#[test]
fn a_byte_order_mark_counts_on_the_first_line_only() {
    let text = "\u{feff}containers: [{image: nginx}]\n";
    assert_eq!(
        found(text),
        [at(1, text.find("nginx").unwrap() + 1, "nginx")]
    );
    let text = "\u{feff}x: 1\ncontainers: [{image: nginx}]\n";
    assert_eq!(found(text), [at(2, 22, "nginx")]);
}

#[test]
fn pod_and_deployment_in_one_stream() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
  - name: app
    image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - image: \"quay.io/org/app:v1\"
          name: a
      ephemeralContainers:
        - {name: debug, image: 'busybox'}
";
    assert_eq!(
        found(text),
        [
            at(6, 14, "busybox:1.36"),
            at(9, 12, "nginx:1.27"),
            at(17, 19, "quay.io/org/app:v1"),
            at(20, 33, "busybox"),
        ]
    );
}

#[test]
fn cronjob_template_and_not_other_image_keys() {
    let text = "\
kind: CronJob
apiVersion: batch/v1
metadata: {name: x, annotations: {image: not-this}}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: c, image: alpine:3.20}]
          volumes:
            - name: v
              image: {reference: nope}
";
    assert_eq!(found(text), [at(9, 41, "alpine:3.20")]);
}

#[test]
fn block_scalars_report_their_first_content_byte() {
    let text = "containers:\n  - image: >-  # folded\n      nginx:1.27\n  - image: |\n      busybox\n  - image: |-\n\n     \n      alpine\n";
    // A literal block keeps its line break, a leading blank line is part of the value: both
    // are what a cluster would be given, so both are checked as written.
    assert_eq!(
        found(text),
        [
            at(3, 7, "nginx:1.27"),
            at(5, 7, "busybox\n"),
            at(9, 7, "\n\nalpine"),
        ]
    );
}

/// After a tag or an anchor, a block scalar's header and blank lines are skipped too.
#[test]
fn a_tagged_or_anchored_block_scalar_reports_its_first_content_byte() {
    let text =
        "containers:\n  - image: !!str |\n      nginx\n  - image: &a >-  # c\n      busybox\n\
                    \x20 - image: !!str &b |-\n\n      alpine\n  - image: !!str";
    assert_eq!(
        found(text),
        [
            at(3, 7, "nginx\n"),
            at(5, 7, "busybox"),
            at(8, 7, "\nalpine"),
            at(9, 17, ""),
        ]
    );
}

#[test]
fn compose_services() {
    let text = "services:\n  web:\n    image: \"nginx:${TAG:-1}\"\n  db:\n    image: postgres:16\n    environment: {image: x}\n";
    assert_eq!(
        found(text),
        [at(3, 13, "nginx:1"), at(5, 12, "postgres:16")]
    );
}

#[test]
fn github_actions() {
    let text = "\
on: push
jobs:
  test:
    container: node:20
    services:
      redis:
        image: redis:7
    steps:
      - uses: actions/checkout@v4
      - uses: docker://alpine:3.20
      - uses: 'docker://${{ matrix.image }}'
  other:
    container:
      image: ghcr.io/org/img:1
";
    assert_eq!(
        found_as(text, Hint::GitHubWorkflow),
        [
            at(4, 16, "node:20"),
            at(7, 16, "redis:7"),
            at(10, 24, "alpine:3.20"),
            at(14, 14, "ghcr.io/org/img:1"),
        ]
    );
    // Only a workflow's `jobs` are jobs.
    assert_eq!(found(text), []);
}

#[test]
fn gitlab_ci_by_content_or_by_name() {
    let text = "\
image: ruby:3.3
services:
  - postgres:16
  - name: redis:7
    alias: cache
test:
  image: {name: \"python:3.12\", entrypoint: [\"\"]}
  services: [mysql:8]
  script: [make]
";
    assert_eq!(
        found(text),
        [
            at(1, 8, "ruby:3.3"),
            at(3, 5, "postgres:16"),
            at(4, 11, "redis:7"),
            at(7, 18, "python:3.12"),
            at(8, 14, "mysql:8"),
        ]
    );
    // Without a GitLab key, `X.image` is just a key of some other file.
    let plain = "site:\n  image: /img/logo.png\n";
    assert!(found(plain).is_empty());
    let named = candidates(plain, true).unwrap();
    assert_eq!((named[0].line, named[0].column), (2, 10));
}

#[test]
fn gitlab_marker_only_counts_in_its_own_document() {
    let text = "stages: [a]\n---\nx:\n  image: alpine\n";
    assert!(found(text).is_empty());
}

#[test]
fn templates_are_skipped() {
    let text = "containers:\n  - image: \"{{ .Values.image }}\"\n  - image: repo/app:{{ .Chart.AppVersion }}\n";
    assert!(found(text).is_empty());
}

#[test]
fn multibyte_text_before_a_value_counts_in_bytes() {
    let text = "containers: [{név: é, image: \"nginx\"}]\n";
    assert_eq!(found(text), [at(1, 33, "nginx")]);
}

#[test]
fn crlf_and_cr_line_breaks() {
    let text = "containers:\r\n  - image: a\r\n  - image: b\n";
    assert_eq!(found(text), [at(2, 12, "a"), at(3, 12, "b")]);
}

#[test]
fn complex_keys_and_aliases_do_not_confuse_the_path() {
    let text = "? [a, b]\n: containers\nbase: &img nginx\ncontainers:\n  - ? {x: y}\n    : 1\n    image: *img\n  - image: !!str tagged\n";
    // Without `apiVersion` and `kind`, only `containers[].image` is an image: the alias is
    // followed there, and reported where its value is written.
    assert_eq!(found(text), [at(3, 12, "nginx"), at(8, 18, "tagged")]);
}

#[test]
fn only_the_last_steps_of_a_deep_path_count() {
    // `containers: - image:` matches at any depth; `services: NAME: image:` only at the root.
    let deep = "a:\n b:\n  c:\n   d:\n    e:\n     containers:\n      - image: deep\n";
    assert_eq!(found(deep), [at(7, 16, "deep")]);
    let shifted = "a:\n b:\n  c:\n   services:\n    web:\n     image: nested\n";
    assert_eq!(found(shifted), []);
    let root = "services:\n  web:\n    image: root\n";
    assert_eq!(found(root), [at(3, 12, "root")]);
}

proptest::proptest! {
    /// Any text built from YAML's punctuation and the keys scan follows, read as any kind of
    /// file: no panic, and every candidate and error position lies inside the text.
    #[test]
    fn any_text_gives_positions_inside_it(
        text in "((containers|image|services|jobs|uses|name|stages|repository|tag|images|newTag|apiVersion|kind|<<|docker://|[-:,?&*!|>'\"\\[\\]{}#]|[a-zé ]{0,6})[ \n\r\t]?){0,40}",
        hint in proptest::sample::select(vec![
            Hint::None, Hint::GitLabCi, Hint::HelmValues, Hint::Kustomization, Hint::Compose,
            Hint::Bitbucket, Hint::GitHubWorkflow,
        ]),
    ) {
        let mut starts = vec![0];
        let b = text.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        let check = |line: usize, column: usize| {
            line >= 1 && line <= starts.len() && column >= 1
                && starts[line - 1] + column - 1 <= text.len()
        };
        match candidates_as(&text, hint) {
            Ok(found) => {
                for c in found {
                    proptest::prop_assert!(check(c.line, c.column), "{c:?}");
                }
            }
            Err(e) => proptest::prop_assert!(check(e.line, e.column), "{e:?}"),
        }
    }
}

#[test]
fn malformed_yaml_is_one_error_with_a_position() {
    let err = candidates("containers:\n  - image: [a\n", false).unwrap_err();
    assert!(err.line >= 2, "{err:?}");
    assert!(!err.message.is_empty());
    assert!(candidates("a: b\n c: d: e\n", false).is_err());
}

/// Values reached through aliases and `<<` merges are found, once, where they are written.
#[test]
fn aliases_and_merges_report_where_the_value_is_written() {
    let text = "\
apiVersion: v1
kind: List
base: &img nginx:1.27
side: &side {name: side, image: Busybox}
items:
  - containers:
      - image: *img
      - *side
      - *side
      - <<: *side
        name: other
      - <<: [{image: first}, {image: second}]
      - {<<: *side, image: own}
";
    assert_eq!(
        found(text),
        [
            at(3, 12, "nginx:1.27"),
            at(4, 33, "Busybox"),
            at(12, 22, "first"),
            at(13, 28, "own"),
        ]
    );
}

#[test]
fn a_self_referencing_anchor_is_not_followed() {
    let text = "apiVersion: v1\nkind: X\nspec: &a {image: ok, more: *a}\n";
    assert_eq!(found(text), [at(3, 18, "ok")]);
}

/// A billion laughs: one problem at the alias that went past the budget, found quickly, and
/// what came before it in the document is still found.
#[test]
fn an_alias_bomb_is_one_problem() {
    let mut text =
        String::from("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: early}]\n");
    text.push_str("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    text.push_str("bomb: *a9\n---\napiVersion: v1\nkind: Pod\nimage: after\n");
    let started = std::time::Instant::now();
    let found = found(&text);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    assert_eq!(
        found,
        [
            at(4, 24, "early"),
            at(10, 25, "alias budget exceeded"),
            at(19, 8, "after"),
        ]
    );
}

#[test]
fn kubernetes_shaped_documents_at_any_depth() {
    let text = "\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
spec:
  templates:
    - name: a
      container: {image: 'alpine:3.20'}
    - name: b
      script:
        image: python:3.12
        source: print(1)
    - name: c
      image: nginx:$(TAG)
    - name: d
      image: $REGISTRY/app
    - name: e
      image: 42
    - name: f
      image: !Ref Image
";
    assert_eq!(
        found(text),
        [
            at(6, 27, "alpine:3.20"),
            at(9, 16, "python:3.12"),
            at(12, 14, "nginx:$(TAG)"),
            at(14, 14, "unresolved $REGISTRY/app"),
        ]
    );
    // Without `apiVersion`, `image` at any depth is no image.
    assert_eq!(found(&text[text.find('\n').unwrap() + 1..]), []);
}

#[test]
fn nulls_are_no_image_and_only_image_nulls_are_reported() {
    let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: ~\n    - image: null\n    - image:\n    - image: !!null x\n    - image: 'null'\n";
    assert_eq!(
        found(text),
        [
            at(5, 14, "null ~"),
            at(6, 14, "null null"),
            at(7, 12, "null "),
            at(8, 21, "null x"),
            at(9, 15, "null"),
        ]
    );
}

#[test]
fn kustomize_images_are_put_together_from_their_fields() {
    let text = "\
images:
- name: nginx
  newName: quay.io/org/nginx
  newTag: \"1.27\"
- name: redis
- name: postgres
  newTag: 16
  digest: sha256:abc
- name: busybox
  newTag: \"\"
- name: a
  newTag: \"{{ tag }}\"
";
    assert_eq!(
        found_as(text, Hint::Kustomization),
        [
            at(3, 12, "quay.io/org/nginx:1.27 [0@3:12 17@4:12]"),
            // `name` alone selects images: a matcher, which no policy applies to.
            at(5, 9, "matcher redis"),
            at(6, 9, "postgres:16@sha256:abc [0@6:9 8@7:11 11@8:11]"),
            at(9, 9, "matcher busybox"),
        ]
    );
    // `kind: Kustomization` says so too, and is never read as Kubernetes.
    let kind = format!("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n{text}");
    assert_eq!(found(&kind).len(), 4);
}

#[test]
fn helm_values_split_fields_and_numeric_tags() {
    let text = "\
image:
  registry: docker.io
  repository: bitnami/nginx
  tag: 1.10
  digest: \"\"
  pullPolicy: IfNotPresent
sidecar:
  repository: busybox
  tag: \"\"
tool:
  repository: quay.io/org/tool
  version: 2
chart:
  repository: https://charts.example.com
  version: 1.0.0
plain:
  repository: no-tag-key
extra:
  image: ghcr.io/org/extra:1
";
    assert_eq!(
        found_as(text, Hint::HelmValues),
        [
            at(3, 15, "docker.io/bitnami/nginx:1.10 [0@2:13 9@3:15 23@4:8]"),
            at(8, 15, "busybox"),
            at(11, 15, "quay.io/org/tool:2 [0@11:15 16@12:12]"),
            at(19, 10, "ghcr.io/org/extra:1"),
        ]
    );
    // The same file not named as values: only what any YAML has.
    assert_eq!(found(text), []);
}

#[test]
fn compose_by_name_or_by_content_with_interpolation() {
    let text = "services:\n  web:\n    image: \"nginx:${TAG:-1.27}\"\n  db:\n    image: postgres:${PG}\n  cache:\n    image: redis:$$x\n";
    assert_eq!(
        found(text),
        [
            at(3, 13, "nginx:1.27"),
            at(5, 12, "unresolved postgres:${PG}"),
            at(7, 12, "redis:$x"),
        ]
    );
    let named = "services:\n  web:\n    image: nginx\n";
    assert_eq!(found_as(named, Hint::Compose), [at(3, 12, "nginx")]);
}

/// Class 5: a Drone pipeline with a top-level `trigger:` is not GitLab CI, and its services'
/// `name` is a container name.
#[test]
fn drone_is_never_gitlab_ci() {
    let text = "\
kind: pipeline
type: docker
name: default
steps:
  - name: test
    image: golang:1.22
services:
  - name: database
    image: mysql:8
trigger:
  branch: [main]
";
    assert_eq!(
        found(text),
        [at(6, 12, "golang:1.22"), at(9, 12, "mysql:8")]
    );
    assert_eq!(found_as(text, Hint::GitLabCi), found(text));
}

/// Class 4: GitLab's `!reference` is no image list.
#[test]
fn gitlab_reference_tags_are_not_read() {
    let text = ".base:\n  services: [postgres:16]\ntest:\n  services: !reference [.base, services]\n  image: !reference [.base, image]\n  script: make\n";
    assert_eq!(found(text), [at(2, 14, "postgres:16")]);
}

#[test]
fn gitlab_variables_are_no_job() {
    let text =
        "variables:\n  image: not-a-job\nbuild:\n  image: $CI_REGISTRY/app\n  stage: build\n";
    assert_eq!(found(text), [at(4, 10, "unresolved $CI_REGISTRY/app")]);
}

#[test]
fn github_action_metadata_and_bitbucket() {
    let action = "name: x\nruns:\n  using: docker\n  image: docker://alpine:3.20\n";
    assert_eq!(
        found_as(action, Hint::GitHubAction),
        [at(4, 19, "alpine:3.20")]
    );
    let dockerfile = "runs:\n  using: docker\n  image: Dockerfile\n";
    assert_eq!(found_as(dockerfile, Hint::GitHubAction), []);
    let bitbucket = "\
image: node:20
definitions:
  services:
    db:
      image: {name: postgres:16, username: u}
pipelines:
  default:
    - step:
        image: python:3.12
        services: [db]
        script: [make]
";
    assert_eq!(
        found_as(bitbucket, Hint::Bitbucket),
        [
            at(1, 8, "node:20"),
            at(5, 21, "postgres:16"),
            at(9, 16, "python:3.12")
        ]
    );
}

#[test]
fn nesting_past_the_limit_is_malformed() {
    let deep = "- ".repeat(MAX_DEPTH + 1) + "x\n";
    let e = candidates(&deep, false).unwrap_err();
    assert!(e.message.contains("deeper than 10000"), "{e:?}");
    let ok = "- ".repeat(MAX_DEPTH - 1) + "x\n";
    assert!(candidates(&ok, false).is_ok());
}

/// A flow node made of the keys and values the readers look for (split images too), with
/// anchors, aliases and merges, at most four levels deep.
fn flow_node() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let scalar = proptest::sample::select(vec![
        "nginx:1.27",
        "'ghcr.io/org/tool:latest'",
        "\"quay.io/a/b\\x40sha256:1\"",
        "~",
        "3",
        "${TAG}",
        "docker://alpine:3",
        "x",
        "*a",
        "*b",
        "&a alpine",
        "!Ref x",
        "{repository: nginx, tag: 1.27}",
        "{registry: r.io, repository: a/b}",
        "{name: nginx, newTag: v1}",
        "{newName: r.io/a, name: x}",
    ])
    .prop_map(str::to_string);
    scalar.prop_recursive(4, 32, 4, |inner| {
        let key = proptest::sample::select(vec![
            "image",
            "images",
            "name",
            "name",
            "newName",
            "newTag",
            "repository",
            "tag",
            "registry",
            "containers",
            "services",
            "jobs",
            "container",
            "steps",
            "uses",
            "runs",
            "metadata",
            "labels",
            "env",
            "spec",
            "script",
            "<<",
            "*k",
            "other",
            "value",
        ]);
        let anchor = proptest::sample::select(vec!["", "", "&a ", "&b ", "&k "]);
        prop_oneof![
            (
                anchor.clone(),
                proptest::collection::vec((key, inner.clone()), 0..4)
            )
                .prop_map(|(anchor, entries)| {
                    let entries: Vec<String> =
                        entries.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    format!("{anchor}{{{}}}", entries.join(", "))
                }),
            (anchor, proptest::collection::vec(inner, 0..4))
                .prop_map(|(anchor, items)| format!("{anchor}[{}]", items.join(", "))),
        ]
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

    /// Skipping the collections that hold no key an image is found under and no alias finds
    /// what reading every collection finds, in every shape of document.
    #[test]
    fn skipping_collections_without_image_keys_changes_nothing(
        head in proptest::sample::select(vec![
            "", "apiVersion: v1\nkind: Pod\n", "kind: Kustomization\n", "kind: pipeline\n",
            "stages: [a]\n",
        ]),
        top in proptest::collection::vec((
            proptest::sample::select(vec![
                "k: &k image\n", "spec", "containers", "services", "services", "jobs", "images",
                "images", "steps", "runs", "image", "image", "metadata", "job", "<<",
            ]),
            flow_node(),
        ), 0..5),
        hint in proptest::sample::select(vec![
            Hint::None, Hint::GitLabCi, Hint::HelmValues, Hint::Kustomization, Hint::Compose,
            Hint::Bitbucket, Hint::GitHubWorkflow, Hint::GitHubAction, Hint::Drone,
        ]),
    ) {
        let mut text = head.to_string();
        for (key, node) in &top {
            if key.ends_with('\n') {
                text.push_str(key);
            } else {
                text.push_str(&format!("{key}: {node}\n"));
            }
        }
        let skipping = format!("{:?}", candidates_as(&text, hint));
        walk::SKIP_NOTHING.with(|s| s.set(true));
        let reading_all = format!("{:?}", candidates_as(&text, hint));
        walk::SKIP_NOTHING.with(|s| s.set(false));
        proptest::prop_assert_eq!(skipping, reading_all, "{}", text);
    }
}
