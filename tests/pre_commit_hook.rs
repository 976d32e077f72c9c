//! The pre-commit hook, end to end: the real pre-commit framework from PyPI, a temporary git
//! repository that uses this checkout as its hook repository, and commits that the hooks let
//! through or refuse: name lists (`registry-names`), a Dockerfile, a manifest and a Terraform
//! file (`registry-names-scan`).
//!
//! Slow (it installs pre-commit and builds the hook with `cargo install`), so it is `#[ignore]`d
//! in the default run and `.ci/run` runs it explicitly. It fails, never skips, when pre-commit
//! cannot be set up. The hook is built from the checkout's committed HEAD, as pre-commit builds it
//! for users.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(
    dir: &Path,
    program: impl AsRef<std::ffi::OsStr>,
    args: &[&str],
    env: &[(&str, &Path)],
) -> Output {
    let program = program.as_ref();
    let mut command = Command::new(program);
    command.args(args).current_dir(dir);
    for (key, value) in env {
        command.env(key, value);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program:?}: {e}"))
}

fn ok(output: Output, what: &str) -> Output {
    assert!(
        output.status.success(),
        "{what} failed ({:?}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
#[ignore = "installs pre-commit from PyPI and builds the hook; run by .ci/run"]
fn hooks_accept_good_names_and_references_and_reject_bad_ones() {
    let checkout = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work =
        std::env::temp_dir().join(format!("registry-names-pre-commit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();

    // pre-commit in its own virtualenv, its cache in the temporary directory.
    ok(
        run(&work, "python3", &["-m", "venv", "venv"], &[]),
        "python3 -m venv",
    );
    let pip = work.join("venv/bin/pip");
    ok(
        run(
            &work,
            &pip,
            &[
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "pre-commit",
            ],
            &[],
        ),
        "pip install pre-commit",
    );
    let pre_commit = work.join("venv/bin/pre-commit");
    let cache = work.join("cache");
    let env = [("PRE_COMMIT_HOME", cache.as_path())];

    let rev = ok(
        run(&checkout, "git", &["rev-parse", "HEAD"], &[]),
        "git rev-parse HEAD",
    );
    let rev = String::from_utf8(rev.stdout).unwrap().trim().to_string();

    let repo = work.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    ok(
        run(&repo, "git", &["init", "-q", "-b", "main"], &[]),
        "git init",
    );
    ok(
        run(
            &repo,
            "git",
            &["config", "user.email", "ci@example.invalid"],
            &[],
        ),
        "git config",
    );
    ok(
        run(&repo, "git", &["config", "user.name", "CI"], &[]),
        "git config",
    );
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: registry-names\n      - id: registry-names-scan\n",
        checkout.display()
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    ok(
        run(&repo, &pre_commit, &["install"], &env),
        "pre-commit install",
    );

    std::fs::write(
        repo.join("good.names"),
        "# registry-names: swr-namespace\nmy-org\nteam__a\n",
    )
    .unwrap();
    ok(
        run(
            &repo,
            "git",
            &["add", ".pre-commit-config.yaml", "good.names"],
            &[],
        ),
        "git add",
    );
    ok(
        run(&repo, "git", &["commit", "-q", "-m", "good names"], &env),
        "committing good.names",
    );

    std::fs::write(
        repo.join("bad.names"),
        "# registry-names: swr-namespace\nmy._org\n",
    )
    .unwrap();
    ok(run(&repo, "git", &["add", "bad.names"], &[]), "git add");
    let rejected = run(&repo, "git", &["commit", "-q", "-m", "bad names"], &env);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&rejected.stdout),
        String::from_utf8_lossy(&rejected.stderr)
    );
    assert!(
        !rejected.status.success(),
        "the hook let bad.names through:\n{text}"
    );
    assert!(
        text.contains("bad.names:2:4: swr-namespace: '.' and '_' cannot be adjacent"),
        "{text}"
    );

    // The rejected commit did not happen.
    let log = ok(run(&repo, "git", &["log", "--oneline"], &[]), "git log");
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 1);
    ok(
        run(&repo, "git", &["rm", "-q", "--cached", "bad.names"], &[]),
        "git rm",
    );

    // registry-names-scan: Dockerfiles and manifests.
    std::fs::write(
        repo.join("Dockerfile"),
        "FROM golang:1.22 AS build\nFROM quay.io/quayadmin/busybox:1.36\nCOPY --from=build /a /a\n",
    )
    .unwrap();
    std::fs::create_dir_all(repo.join("k8s")).unwrap();
    std::fs::write(
        repo.join("k8s/pod.yaml"),
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: \"swr.cn-north-4.myhuaweicloud.com/group/app:v1\"\n",
    )
    .unwrap();
    ok(
        run(&repo, "git", &["add", "Dockerfile", "k8s/pod.yaml"], &[]),
        "git add",
    );
    ok(
        run(&repo, "git", &["commit", "-q", "-m", "good images"], &env),
        "committing a good Dockerfile and manifest",
    );

    std::fs::write(
        repo.join("Dockerfile"),
        "FROM golang:1.22 AS build\nFROM \\\n  quay.io/a/busybox:1.36\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("k8s/pod.yaml"),
        "kind: Pod\nspec:\n  containers: [{name: app, image: 'swr.cn-north-4.myhuaweicloud.com/app:v1'}]\n",
    )
    .unwrap();
    ok(
        run(&repo, "git", &["add", "Dockerfile", "k8s/pod.yaml"], &[]),
        "git add",
    );
    let rejected = run(&repo, "git", &["commit", "-q", "-m", "bad images"], &env);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&rejected.stdout),
        String::from_utf8_lossy(&rejected.stderr)
    );
    assert!(
        !rejected.status.success(),
        "the scan hook let bad references through:\n{text}"
    );
    for expected in [
        "Dockerfile:3:3: namespace too-short: must be at least 2 bytes long (byte 9 of \"quay.io/a/busybox:1.36\")",
        "k8s/pod.yaml:3:36: namespace missing-namespace:",
    ] {
        assert!(text.contains(expected), "{expected}\nnot in:\n{text}");
    }
    let log = ok(run(&repo, "git", &["log", "--oneline"], &[]), "git log");
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 2);
    ok(
        run(&repo, "git", &["checkout", "-q", "--", "."], &[]),
        "git checkout",
    );
    ok(run(&repo, "git", &["reset", "-q"], &[]), "git reset");

    // registry-names-scan on Terraform (pre-commit's `terraform` type): an SWR organization the
    // provider no longer validates is blocked at its line, a valid one passes.
    std::fs::create_dir_all(repo.join("infra")).unwrap();
    std::fs::write(
        repo.join("infra/main.tf"),
        "resource \"huaweicloud_swr_organization\" \"team\" {\n  name = \"my-org\"\n}\n",
    )
    .unwrap();
    ok(run(&repo, "git", &["add", "infra/main.tf"], &[]), "git add");
    ok(
        run(
            &repo,
            "git",
            &["commit", "-q", "-m", "good terraform"],
            &env,
        ),
        "committing a valid SWR organization",
    );
    std::fs::write(
        repo.join("infra/main.tf"),
        "resource \"huaweicloud_swr_organization\" \"team\" {\n  name = \"my-org\"\n}\n\n\
         resource \"huaweicloud_swr_organization\" \"other\" {\n  name = \"My_Org\"\n}\n",
    )
    .unwrap();
    ok(run(&repo, "git", &["add", "infra/main.tf"], &[]), "git add");
    let rejected = run(&repo, "git", &["commit", "-q", "-m", "bad terraform"], &env);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&rejected.stdout),
        String::from_utf8_lossy(&rejected.stderr)
    );
    assert!(
        !rejected.status.success(),
        "the scan hook let an invalid SWR organization through:\n{text}"
    );
    let expected = "infra/main.tf:6:11: swr-namespace invalid-start: must start with a lowercase \
                    letter, not 'M' (byte 0 of \"My_Org\")";
    assert!(text.contains(expected), "{expected}\nnot in:\n{text}");
    let log = ok(run(&repo, "git", &["log", "--oneline"], &[]), "git log");
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 3);
    let _ = std::fs::remove_dir_all(&work);
}
