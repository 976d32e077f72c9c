//! `scan` throughput on a generated manifest set of about 10 MB (issue 18: ≥ 50 MB/s of YAML).
//!
//! The set is 100 YAML files of Kubernetes Deployments, CronJobs and compose services, each
//! document with its labels, env, probes and resources, as committed manifests have them. Files
//! are in memory: this measures finding the references (`scan::candidates`) and checking each
//! with `ImageReference::parse_with`, not the disk; `find_only` leaves the checking out, and
//! `parser_events_floor` only drains saphyr-parser's event stream, the least any scan must do.
//!
//! Group `scan` is wall-clock time, as criterion measures by default. Group `scan-cpu` runs the
//! same code measured in the benchmark thread's CPU time (`/proc/thread-self/schedstat`, in ns),
//! which other processes on this shared 2-core machine do not add to: on a loaded machine the
//! wall clock measures the queue, the CPU time the code.
//!
//! `cargo bench --bench scan -- --warm-up-time 1 --measurement-time 3`

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use registry_names::reference::{ImageReference, Profiles};
use registry_names::scan::{candidates, Syntax, Value};
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

fn scan_and_check(files: &[String], profiles: &Profiles) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    for file in files {
        for found in candidates(Syntax::Yaml, file, false).unwrap() {
            if let Value::Reference(text) = &found.value {
                match ImageReference::parse_with(text, profiles) {
                    Ok(_) => valid += 1,
                    Err(_) => invalid += 1,
                }
            }
        }
    }
    (valid, invalid)
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

fn set() -> (Vec<String>, u64, Profiles) {
    let files = manifest_set();
    let bytes: usize = files.iter().map(String::len).sum();
    let profiles = Profiles::new();
    // Every generated reference is found and valid, so the timing covers the whole path.
    let documents = files
        .iter()
        .map(|f| f.matches("\n---\n").count() + 1)
        .sum::<usize>();
    assert_eq!(scan_and_check(&files, &profiles), (documents / 2 * 3, 0));
    (files, bytes as u64, profiles)
}

fn cases<M: Measurement>(c: &mut Criterion<M>, group: &str) {
    let (files, bytes, profiles) = set();
    let mut group = c.benchmark_group(group);
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("yaml_10MB_find_and_check", |b| {
        b.iter(|| scan_and_check(black_box(&files), &profiles))
    });
    group.bench_function("yaml_10MB_find_only", |b| {
        b.iter(|| {
            black_box(&files)
                .iter()
                .map(|f| candidates(Syntax::Yaml, f, false).unwrap().len())
                .sum::<usize>()
        })
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
    group.finish();
}

fn scan(c: &mut Criterion) {
    cases(c, "scan");
}

fn scan_cpu(c: &mut Criterion<CpuTime>) {
    cases(c, "scan-cpu");
}

criterion_group!(wall, scan);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(CpuTime);
    targets = scan_cpu
}
criterion_main!(wall, cpu);
