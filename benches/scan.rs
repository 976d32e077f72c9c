//! `scan` throughput on generated file sets (issue 18: ≥ 50 MB/s of YAML; issue 27: ≥ 20 MB/s
//! of Terraform, ≥ 50 MB/s of Dockerfiles), each as committed files have them:
//!
//! - YAML, about 10 MB: 100 files of Kubernetes Deployments, CronJobs and compose services, each
//!   document with its labels, env, probes and resources.
//! - Terraform, about 6 MB: 60 files of a registry's modules: per service an SWR organization, a
//!   repository, image permissions and a retention policy, `docker_image`,
//!   `docker_registry_image`, `docker_container`, a `kubernetes_deployment` with an init
//!   container and a container (ports, env, resources, probes), and the `variable`, `locals` and
//!   `output` blocks beside them (which are only lexed).
//! - Dockerfiles, about 6 MB: 4,000 multi-stage files of about 1.5 KB: a `# syntax=` frontend,
//!   global ARGs with defaults used in `FROM`, a Go build stage with cache mounts, a Node stage,
//!   a final stage with `COPY --from=` stages and an image, a `RUN` here-document.
//!
//! Files are in memory: this measures finding the candidates (`scan::candidates`), reading the
//! suppression comments (`Suppressions::parse`, S6) and checking each candidate
//! (`ImageReference::parse_with`; `Kind::validate` for Terraform's SWR names) and, when a policy
//! is on, the policies (`Policy::check`, S5), as `registry-names scan` does; not the disk.
//! `find_and_check` has no policy (what every scan pays), `find_check_policies` all four on
//! (issue 28: within 15 % of it); `find_only` leaves the checking out, and `parser_events_floor`
//! only drains saphyr-parser's event stream, the least any YAML scan must do.
//!
//! Group `scan` is wall-clock time, as criterion measures by default. Group `scan-cpu` runs the
//! same code measured in the benchmark thread's CPU time (`/proc/thread-self/schedstat`, in ns),
//! which other processes on this shared 2-core machine do not add to: on a loaded machine the
//! wall clock measures the queue, the CPU time the code.
//!
//! `cargo bench --bench scan -- --warm-up-time 1 --measurement-time 3`
//!
//! With `SCAN_CALLS=N` in the environment the executable times nothing: it makes `N` calls of
//! each case whose name contains the first argument and exits, so that `valgrind
//! --tool=callgrind` counts its instructions (the difference between `N` and `0` calls, divided
//! by `N`), which the load of other processes does not disturb (BENCHMARKS.md).

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, Criterion, Throughput};
use registry_names::reference::{ImageReference, Profiles};
use registry_names::scan::policy::{Policy, RegistryPattern};
use registry_names::scan::suppress::Suppressions;
use registry_names::scan::{candidates, Syntax, Value};
use registry_names::Kind;
use std::fmt::Write;
use std::hint::black_box;

const IMAGES: [&str; 6] = [
    "swr.cn-north-4.myhuaweicloud.com/group/app:v1.2.3",
    "quay.io/quayadmin/busybox@sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4",
    "nginx:1.27",
    "registry.example.com:5000/team/service:2024-06-01",
    "\"ghcr.io/org/tool:latest\"",
    "'library/alpine:3.20'",
];

fn deployment(out: &mut String, n: usize) {
    let image = IMAGES[n % IMAGES.len()];
    let sidecar = IMAGES[(n + 1) % IMAGES.len()];
    write!(
        out,
        "---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{n}
  labels: {{app: app-{n}, tier: backend, team: \"payments\"}}
  annotations:
    description: >-
      A service of the example set, number {n}, with a folded description
      that spans two lines.
spec:
  replicas: 3
  selector:
    matchLabels: {{app: app-{n}}}
  template:
    metadata:
      labels: {{app: app-{n}}}
    spec:
      initContainers:
        - name: migrate
          image: {sidecar}
          command: [\"/bin/migrate\", \"--up\"]
      containers:
        - name: app
          image: {image}
          ports: [{{containerPort: 8080, name: http}}]
          env:
            - {{name: LOG_LEVEL, value: info}}
            - name: DATABASE_URL
              valueFrom: {{secretKeyRef: {{name: db, key: url}}}}
          readinessProbe:
            httpGet: {{path: /healthz, port: 8080}}
            periodSeconds: 10
          resources:
            limits: {{cpu: 500m, memory: 256Mi}}
            requests: {{cpu: 100m, memory: 128Mi}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {{name: job-{n}}}
spec:
  schedule: \"*/5 * * * *\"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: {sidecar}
              args: [\"--once\", \"--verbose\"]
"
    )
    .unwrap();
}

/// About 10 MB in 100 files.
fn manifest_set() -> Vec<String> {
    let mut n = 0;
    (0..100)
        .map(|_| {
            let mut file = String::new();
            while file.len() < 100_000 {
                deployment(&mut file, n);
                n += 1;
            }
            file
        })
        .collect()
}

/// One Terraform file of a registry's modules, about 100 KB: modules `m` of file `n`.
fn terraform_file(n: usize) -> String {
    let mut out = String::from(
        "terraform {
  required_providers {
    huaweicloud = {
      source  = \"huaweicloud/huaweicloud\"
      version = \"~> 1.60\"
    }
    docker = {
      source  = \"kreuzwerker/docker\"
      version = \"3.0.2\"
    }
  }
}

",
    );
    let mut m = 0;
    while out.len() < 100_000 {
        terraform_module(&mut out, n, m);
        m += 1;
    }
    out
}

/// One service's registry and deployment: 12 candidates, 10 of them literals (the container's
/// `image = docker_image….image_id` and the registry image's `${var.tag}` are expressions).
fn terraform_module(out: &mut String, n: usize, m: usize) {
    let image = IMAGES[(n + m) % 4];
    let sidecar = IMAGES[(n + m + 1) % 4];
    write!(
        out,
        r#"variable "tag_{m}" {{
  description = "The tag of service {m}'s image."
  type        = string
  default     = "v1.{m}.0"
}}

locals {{
  labels_{m} = {{
    app     = "svc-{m}"
    team    = "payments"
    managed = "terraform"
  }}
}}

resource "huaweicloud_swr_organization" "org_{m}" {{
  name = "team-{n}-{m}"
}}

resource "huaweicloud_swr_repository" "svc_{m}" {{
  organization = "team-{n}-{m}"
  name         = "services/svc-{m}"
  description  = "Images of service {m}, built by CI on every merge."
  category     = "linux"
  is_public    = false
}}

resource "huaweicloud_swr_image_permissions" "svc_{m}" {{
  organization = "team-{n}-{m}"
  repository   = "services/svc-{m}"

  users {{
    user_id    = var.deployer_id
    permission = "Read"
  }}
}}

resource "huaweicloud_swr_image_retention_policy" "svc_{m}" {{
  organization = "team-{n}-{m}"
  repository   = "services/svc-{m}"
  type         = "date_rule"
  number       = 30

  tag_selectors {{
    kind    = "regexp"
    pattern = "^v.*"
  }}
}}

resource "docker_image" "svc_{m}" {{
  name         = "{image}"
  keep_locally = true
}}

resource "docker_registry_image" "svc_{m}" {{
  name          = "swr.cn-north-4.myhuaweicloud.com/team-{n}-{m}/services/svc-{m}:${{var.tag_{m}}}"
  keep_remotely = true
}}

resource "docker_container" "svc_{m}" {{
  name  = "svc-{m}"
  image = docker_image.svc_{m}.image_id

  ports {{
    internal = 8080
    external = {port}
  }}
}}

resource "kubernetes_deployment" "svc_{m}" {{
  metadata {{
    name   = "svc-{m}"
    labels = local.labels_{m}
  }}

  spec {{
    replicas = 3

    selector {{
      match_labels = {{
        app = "svc-{m}"
      }}
    }}

    template {{
      metadata {{
        labels = local.labels_{m}
      }}

      spec {{
        init_container {{
          name    = "migrate"
          image   = "{sidecar}"
          command = ["/bin/migrate", "--up"]
        }}

        container {{
          name  = "svc"
          image = "{image}"

          port {{
            container_port = 8080
          }}

          env {{
            name  = "LOG_LEVEL"
            value = "info"
          }}

          resources {{
            limits = {{
              cpu    = "500m"
              memory = "256Mi"
            }}
            requests = {{
              cpu    = "100m"
              memory = "128Mi"
            }}
          }}

          liveness_probe {{
            http_get {{
              path = "/healthz"
              port = 8080
            }}
            initial_delay_seconds = 5
            period_seconds        = 10
          }}
        }}
      }}
    }}
  }}
}}

output "svc_{m}_image" {{
  value = docker_registry_image.svc_{m}.name
}}

"#,
        port = 30000 + m % 2000,
    )
    .unwrap();
}

/// About 6 MB in 60 files.
fn terraform_set() -> Vec<String> {
    (0..60).map(terraform_file).collect()
}

/// One multi-stage Dockerfile, about 1.5 KB: 5 references (the frontend, three base images, one
/// `COPY --from` image), two of them expanded from global ARGs.
fn dockerfile(n: usize) -> String {
    format!(
        r#"# syntax=docker/dockerfile:1.{syntax}
# Service {n}: a Go binary and its web assets on Alpine.
ARG REGISTRY=swr.cn-north-4.myhuaweicloud.com
ARG GO_VERSION=1.2{go}
ARG ALPINE_VERSION=3.{alpine}

FROM ${{REGISTRY}}/library/golang:${{GO_VERSION}}-alpine AS build
ARG TARGETOS
ARG TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w" -o /out/svc-{n} ./cmd/svc

FROM node:20-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ .
RUN npm run build

FROM ${{REGISTRY}}/library/alpine:${{ALPINE_VERSION}} AS final
ARG VERSION=dev
LABEL org.opencontainers.image.title="svc-{n}" \
      org.opencontainers.image.version=$VERSION
RUN apk add --no-cache ca-certificates tzdata && \
    adduser -D -u 10001 app
COPY --from=build /out/svc-{n} /usr/local/bin/svc
COPY --from=web /web/dist /srv/www
COPY --from={tools} /bin/busybox /bin/busybox
RUN <<EOF
set -e
mkdir -p /var/lib/svc
chown app /var/lib/svc
EOF
ENV SVC_LISTEN=:8080
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/svc"]
"#,
        syntax = 4 + n % 4,
        go = 1 + n % 3,
        alpine = 18 + n % 3,
        tools = IMAGES[n % 4],
    )
}

/// About 6 MB in 4,000 files.
fn dockerfile_set() -> Vec<String> {
    (0..4000).map(dockerfile).collect()
}

/// What `registry-names scan` does per file: find the candidates, read the suppressions, check
/// each reference (`ImageReference::parse_with`, or `Kind::validate` for an SWR name) and, with
/// a policy, its policies. Valid and invalid counts, and the policy findings not suppressed.
fn scan_and_check(
    syntax: Syntax,
    files: &[String],
    profiles: &Profiles,
    policy: &Policy,
) -> (usize, usize, usize) {
    let (mut valid, mut invalid, mut broken) = (0, 0, 0);
    for file in files {
        let found = candidates(syntax, file, false).unwrap();
        let suppressions = Suppressions::parse(syntax, file, found.first().map(|c| c.line));
        for found in found {
            if let Value::Reference(text) = &found.value {
                let ok = if found.kind == Kind::ImageReference {
                    match ImageReference::parse_with(text, profiles) {
                        Ok(image) => {
                            if !policy.is_empty() {
                                broken += policy
                                    .check(&image)
                                    .filter(|rule| {
                                        suppressions.find(found.line, rule.id()).is_none()
                                    })
                                    .count();
                            }
                            true
                        }
                        Err(_) => false,
                    }
                } else {
                    found.kind.validate(text.as_bytes()).is_ok()
                };
                if ok {
                    valid += 1;
                } else {
                    invalid += 1;
                }
            }
        }
    }
    (valid, invalid, broken)
}

/// Every policy on: a tag, no `latest`, a digest, and five allowed registries (a wildcard, a
/// port, a path prefix).
fn all_policies() -> Policy {
    let allowed = [
        "*.myhuaweicloud.com",
        "registry.example.com:5000/team/",
        "docker.io/library/",
        "quay.io/quayadmin/",
        "ghcr.io",
    ];
    Policy {
        require_tag: true,
        no_latest: true,
        require_digest: true,
        allowed_registries: allowed
            .iter()
            .map(|p| RegistryPattern::parse(p).unwrap())
            .collect(),
    }
}

fn find_only(syntax: Syntax, files: &[String]) -> usize {
    files
        .iter()
        .map(|f| candidates(syntax, f, false).unwrap().len())
        .sum()
}

/// The calling thread's CPU time in ns: the first field of `/proc/thread-self/schedstat`.
fn thread_cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("/proc/thread-self/schedstat (Linux) is readable");
    stat.split_whitespace()
        .next()
        .and_then(|ns| ns.parse().ok())
        .expect("schedstat starts with the CPU time in ns")
}

/// Criterion measurement in CPU time of the benchmark thread, shown like wall time.
struct CpuTime;

static WALL: WallTime = WallTime;

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns() - start
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL.formatter()
    }
}

fn bytes(files: &[String]) -> u64 {
    files.iter().map(String::len).sum::<usize>() as u64
}

fn cases<M: Measurement>(c: &mut Criterion<M>, group: &str) {
    let profiles = Profiles::new();
    let off = Policy::default();
    let on = all_policies();
    // Every generated name is found and valid (Terraform's expressions aside: not checked), so
    // the timing covers the whole path.
    let files = manifest_set();
    let documents = files
        .iter()
        .map(|f| f.matches("\n---\n").count() + 1)
        .sum::<usize>();
    assert_eq!(
        scan_and_check(Syntax::Yaml, &files, &profiles, &off),
        (documents / 2 * 3, 0, 0)
    );
    let terraform = terraform_set();
    let modules = terraform
        .iter()
        .map(|f| f.matches("resource \"kubernetes_deployment\"").count())
        .sum::<usize>();
    assert_eq!(
        scan_and_check(Syntax::Terraform, &terraform, &profiles, &off),
        (modules * 10, 0, 0)
    );
    assert_eq!(find_only(Syntax::Terraform, &terraform), modules * 12);
    let dockerfiles = dockerfile_set();
    assert_eq!(
        scan_and_check(Syntax::Dockerfile, &dockerfiles, &profiles, &off),
        (dockerfiles.len() * 5, 0, 0)
    );
    // With every policy on, references without a digest break one at least.
    for (syntax, set) in [
        (Syntax::Yaml, &files),
        (Syntax::Terraform, &terraform),
        (Syntax::Dockerfile, &dockerfiles),
    ] {
        let (valid, _, broken) = scan_and_check(syntax, set, &profiles, &on);
        assert!(
            broken > 0 && broken < 3 * valid,
            "{syntax:?}: {broken} of {valid}"
        );
    }

    let mut group = c.benchmark_group(group);
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes(&files)));
    group.bench_function("yaml_10MB_find_and_check", |b| {
        b.iter(|| scan_and_check(Syntax::Yaml, black_box(&files), &profiles, &off))
    });
    group.bench_function("yaml_10MB_find_check_policies", |b| {
        b.iter(|| scan_and_check(Syntax::Yaml, black_box(&files), &profiles, &on))
    });
    group.bench_function("yaml_10MB_find_only", |b| {
        b.iter(|| find_only(Syntax::Yaml, black_box(&files)))
    });
    // The floor: the YAML parser's event stream alone, which every scan must read.
    group.bench_function("yaml_10MB_parser_events_floor", |b| {
        b.iter(|| {
            black_box(&files)
                .iter()
                .map(|f| saphyr_parser::Parser::new_from_str(f).count())
                .sum::<usize>()
        })
    });
    group.throughput(Throughput::Bytes(bytes(&terraform)));
    group.bench_function("terraform_6MB_find_and_check", |b| {
        b.iter(|| scan_and_check(Syntax::Terraform, black_box(&terraform), &profiles, &off))
    });
    group.bench_function("terraform_6MB_find_check_policies", |b| {
        b.iter(|| scan_and_check(Syntax::Terraform, black_box(&terraform), &profiles, &on))
    });
    group.bench_function("terraform_6MB_find_only", |b| {
        b.iter(|| find_only(Syntax::Terraform, black_box(&terraform)))
    });
    group.throughput(Throughput::Bytes(bytes(&dockerfiles)));
    group.bench_function("dockerfile_6MB_find_and_check", |b| {
        b.iter(|| scan_and_check(Syntax::Dockerfile, black_box(&dockerfiles), &profiles, &off))
    });
    group.bench_function("dockerfile_6MB_find_check_policies", |b| {
        b.iter(|| scan_and_check(Syntax::Dockerfile, black_box(&dockerfiles), &profiles, &on))
    });
    group.bench_function("dockerfile_6MB_find_only", |b| {
        b.iter(|| find_only(Syntax::Dockerfile, black_box(&dockerfiles)))
    });
    group.finish();
}

fn scan(c: &mut Criterion) {
    cases(c, "scan");
}

fn scan_cpu(c: &mut Criterion<CpuTime>) {
    cases(c, "scan-cpu");
}

/// `SCAN_CALLS=N`: `N` untimed calls of each case whose name contains `filter`. Only the file
/// sets a selected case reads are generated, and nothing is checked first, so that `0` calls
/// costs what the generation costs.
fn calls(n: usize, filter: &str) {
    let profiles = Profiles::new();
    let off = Policy::default();
    let on = all_policies();
    let selected = |name: &str| name.contains(filter);
    let run = |name: &str, f: &dyn Fn() -> usize| {
        for _ in 0..n {
            black_box(f());
        }
        eprintln!("{n} calls of {name}");
    };
    type Set = fn() -> Vec<String>;
    let sets: [(&str, Syntax, Set); 3] = [
        ("yaml_10MB", Syntax::Yaml, manifest_set),
        ("terraform_6MB", Syntax::Terraform, terraform_set),
        ("dockerfile_6MB", Syntax::Dockerfile, dockerfile_set),
    ];
    for (prefix, syntax, generate) in sets {
        let names = [
            "find_and_check",
            "find_check_policies",
            "find_only",
            "parser_events_floor",
        ]
        .map(|case| format!("{prefix}_{case}"));
        let floorless = |name: &&String| syntax == Syntax::Yaml || !name.ends_with("_floor");
        if !names.iter().filter(floorless).any(|name| selected(name)) {
            continue;
        }
        let files = generate();
        let files = &files;
        for name in names.iter().filter(floorless).filter(|name| selected(name)) {
            match name.strip_prefix(prefix).unwrap_or_default() {
                "_find_and_check" => run(name, &|| {
                    let (valid, invalid, _) =
                        scan_and_check(syntax, black_box(files), &profiles, &off);
                    valid + invalid
                }),
                "_find_check_policies" => run(name, &|| {
                    scan_and_check(syntax, black_box(files), &profiles, &on).2
                }),
                "_find_only" => run(name, &|| find_only(syntax, black_box(files))),
                "_parser_events_floor" => run(name, &|| {
                    black_box(files)
                        .iter()
                        .map(|f| saphyr_parser::Parser::new_from_str(f).count())
                        .sum::<usize>()
                }),
                _ => {}
            }
        }
    }
}

criterion_group!(wall, scan);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(CpuTime);
    targets = scan_cpu
}

fn main() {
    if let Ok(n) = std::env::var("SCAN_CALLS") {
        let filter = std::env::args().nth(1).unwrap_or_default();
        calls(n.parse().expect("SCAN_CALLS is a number"), &filter);
        return;
    }
    wall();
    cpu();
    Criterion::default().configure_from_args().final_summary();
}
