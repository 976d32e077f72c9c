//! Image references against a real oracle: docker distribution's `reference.Parse`, as Debian
//! ships it (`golang-github-docker-distribution-dev`, release 2.8), through the small Go program
//! in `tests/oracle/reference/`, built here offline in GOPATH mode.
//!
//! On the `oci` profile (no registry's own rules) every corpus and generated reference must get
//! the same verdict from both, except for the differences docs/grammars.md §10 makes on purpose, each
//! listed in [`Difference`] with its reason and checked to be that difference and nothing else.
//!
//! Without Go or the package the test says so on stderr and passes, unless
//! `REGISTRY_NAMES_REQUIRE_GO_ORACLE` is set (as `.ci/run` sets it after installing them): then a
//! missing oracle is a failure.

use registry_names::reference::{Host, ImageReference, Part, Profiles, ReferenceError};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

const GOPATH: &str = "/usr/share/gocode";
const PACKAGE: &str = "src/github.com/docker/distribution/reference";
const HEX64: &str = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

/// The oracle's answer for one reference.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Go {
    Valid {
        domain: String,
        path: String,
        tag: String,
        digest: String,
    },
    Invalid(String),
}

/// Builds the oracle into `target/` once; `None` (with the reason printed) when Go or the
/// package is missing.
fn oracle() -> Option<&'static Path> {
    static BUILT: OnceLock<Option<PathBuf>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| manifest.join("target"));
            let binary = target.join("reference-oracle");
            let missing = if !Path::new(GOPATH).join(PACKAGE).is_dir() {
                Some(format!("{GOPATH}/{PACKAGE} is missing"))
            } else if Command::new("go").arg("version").output().is_err() {
                Some("the go command is missing".to_string())
            } else {
                None
            };
            if let Some(why) = missing {
                let message = format!(
                    "SKIPPED the docker distribution differential: {why} \
                     (apt-get install golang-go golang-github-docker-distribution-dev)"
                );
                assert!(
                    std::env::var_os("REGISTRY_NAMES_REQUIRE_GO_ORACLE").is_none(),
                    "{message}, but REGISTRY_NAMES_REQUIRE_GO_ORACLE is set"
                );
                eprintln!("{message}");
                return None;
            }
            let status = Command::new("go")
                .args(["build", "-o"])
                .arg(&binary)
                .arg("main.go")
                .current_dir(manifest.join("tests/oracle/reference"))
                .env("GO111MODULE", "off")
                .env("GOPATH", GOPATH)
                .env("GOFLAGS", "")
                .env("GOCACHE", target.join("go-cache"))
                .status()
                .expect("run go build");
            assert!(status.success(), "go build of the reference oracle failed");
            Some(binary)
        })
        .as_deref()
}

/// Asks the oracle about every input, in one process.
fn ask(oracle: &Path, inputs: &[Vec<u8>]) -> Vec<Go> {
    let mut child = Command::new(oracle)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the reference oracle");
    let mut stdin = child.stdin.take().unwrap();
    let lines: Vec<u8> = inputs
        .iter()
        .flat_map(|input| {
            let mut line: Vec<u8> = input
                .iter()
                .flat_map(|b| format!("{b:02x}").into_bytes())
                .collect();
            line.push(b'\n');
            line
        })
        .collect();
    // Written from another thread, so that neither pipe can fill while the other waits.
    let writer = std::thread::spawn(move || stdin.write_all(&lines));
    let answers: Vec<Go> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(|line| {
            let line = line.expect("read the oracle");
            let mut fields = line.split('\t');
            match fields.next() {
                Some("ok") => Go::Valid {
                    domain: fields.next().unwrap_or_default().to_string(),
                    path: fields.next().unwrap_or_default().to_string(),
                    tag: fields.next().unwrap_or_default().to_string(),
                    digest: fields.next().unwrap_or_default().to_string(),
                },
                _ => Go::Invalid(fields.next().unwrap_or_default().to_string()),
            }
        })
        .collect();
    writer.join().unwrap().expect("write to the oracle");
    assert!(child.wait().unwrap().success());
    assert_eq!(answers.len(), inputs.len(), "one answer per reference");
    answers
}

/// The differences §10 makes on purpose, with the reason each is not a bug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Difference {
    /// Distribution 2.8 knows no IPv6 hosts; §10 takes bracketed IPv6 from today's
    /// distribution/reference.
    Ipv6Host,
    /// 2.8 counts the domain in the 255-byte limit; §10 (as distribution today) counts PATH only.
    DomainCountedInLength,
    /// A blake3 digest: §10 takes it to be pullable (image-spec registers it), and the go-digest
    /// that Debian's distribution links knows only sha256, sha384 and sha512. Every other
    /// algorithm both sides refuse alike.
    Blake3Digest,
    /// §10's domain split: the part before the first `/` that holds `.`, `:` or uppercase must be
    /// a valid DOMAIN, never re-read as a path component, while the bare `Parse` falls back to a
    /// path (`foo_bar.com/app`).
    DomainSplit,
}

/// The reference with the cause of a difference taken out, to ask both sides again; `None` when
/// the difference is checked in place ([`Difference::DomainSplit`]).
fn classify(
    input: &[u8],
    ours: &Result<ImageReference<'_>, ReferenceError>,
    go: &Go,
) -> Option<(Difference, Option<Vec<u8>>)> {
    match (ours, go) {
        (Ok(image), Go::Invalid(_)) => {
            let text = image.as_str();
            let after_domain = &text[image.domain().map_or(0, |d| d.as_str().len() + 1)..];
            if let Some(domain) = image.domain() {
                if let Host::Ipv6(_) = domain.host() {
                    let mut swapped = String::from("ipv6.example");
                    if let Some(port) = domain.port() {
                        swapped.push(':');
                        swapped.push_str(port);
                    }
                    swapped.push('/');
                    swapped.push_str(after_domain);
                    return Some((Difference::Ipv6Host, Some(swapped.into_bytes())));
                }
                if domain.as_str().len() + 1 + image.path().len() > 255 {
                    return Some((
                        Difference::DomainCountedInLength,
                        Some(after_domain.as_bytes().to_vec()),
                    ));
                }
            }
            if let Some(digest) = image.digest() {
                if digest.algorithm().as_str() == "blake3" {
                    let without = &text[..text.len() - digest.as_str().len() - 1];
                    return Some((Difference::Blake3Digest, Some(without.as_bytes().to_vec())));
                }
            }
            None
        }
        (Err(e), Go::Valid { domain, path, .. }) if e.part() == Part::Domain => {
            // Go read as a path what §10 reads as a domain: the text before the first `/` is
            // Go's first path component, and is a valid one for us too.
            let slash = input.iter().position(|&b| b == b'/')?;
            let candidate = &input[..slash];
            let as_path = ImageReference::parse_bytes_with(candidate, &Profiles::oci_only());
            let go_read_it_as_path = domain.is_empty() && path.as_bytes().starts_with(candidate);
            (go_read_it_as_path && as_path.is_ok()).then_some((Difference::DomainSplit, None))
        }
        _ => None,
    }
}

/// Compares both sides on `inputs`; each difference must be one of [`Difference`], and asking
/// again without its cause must give the same verdict on both sides (up to three causes deep).
fn differential(
    oracle: &Path,
    inputs: Vec<Vec<u8>>,
) -> std::collections::BTreeMap<Difference, usize> {
    let profiles = Profiles::oci_only();
    let mut seen = std::collections::BTreeMap::new();
    let mut round = inputs;
    for depth in 0..4 {
        if round.is_empty() {
            break;
        }
        let answers = ask(oracle, &round);
        let mut next = Vec::new();
        let mut unexplained = Vec::new();
        for (input, go) in round.iter().zip(&answers) {
            let ours = ImageReference::parse_bytes_with(input, &profiles);
            if let (
                Ok(image),
                Go::Valid {
                    domain,
                    path,
                    tag,
                    digest,
                },
            ) = (&ours, go)
            {
                // Both accept: the same name (however each splits it), tag and digest.
                let name = if domain.is_empty() {
                    path.clone()
                } else {
                    format!("{domain}/{path}")
                };
                let ours_name = &image.as_str()[..image.as_str().len()
                    - image.tag().map_or(0, |t| t.len() + 1)
                    - image.digest().map_or(0, |d| d.len() + 1)];
                assert_eq!(
                    (
                        ours_name,
                        image.tag().map_or("", |t| t.as_str()),
                        image.digest().map_or("", |d| d.as_str())
                    ),
                    (name.as_str(), tag.as_str(), digest.as_str()),
                    "{:?}",
                    image.as_str()
                );
                continue;
            }
            if ours.is_ok() == matches!(go, Go::Valid { .. }) {
                continue;
            }
            match classify(input, &ours, go) {
                Some((difference, retry)) if depth < 3 => {
                    *seen.entry(difference).or_insert(0) += 1;
                    next.extend(retry);
                }
                _ => unexplained.push(format!(
                    "{:?}: ours {:?}, docker distribution {:?}",
                    String::from_utf8_lossy(input),
                    ours.map(|r| r.as_str()).map_err(|e| e.to_string()),
                    go
                )),
            }
        }
        assert!(
            unexplained.is_empty(),
            "{} unexplained verdicts (depth {depth}):\n{}",
            unexplained.len(),
            unexplained[..unexplained.len().min(40)].join("\n")
        );
        round = next;
    }
    seen
}

/// The committed corpus, lines as they are.
fn corpus() -> Vec<Vec<u8>> {
    let text = include_str!("oracle/reference/corpus.txt");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.as_bytes().to_vec())
        .collect()
}

/// A small deterministic generator (xorshift), so that a failure names a reproducible input.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const DOMAINS: &[&str] = &[
    "",
    "",
    "",
    "localhost/",
    "localhost:5000/",
    "Registry.Example.com/",
    "registry.example.com:443/",
    "quay.io/",
    "10.0.0.1:5000/",
    "[::1]/",
    "[::1]:5000/",
    "[fe80::1%eth0]/",
    "a_b.com/",
    "a-.com/",
    "registry.local./",
    "Foo/",
    "x:/",
    ":5000/",
    "a..b/",
    "a.b-c.d/",
    "A/",
    "a-b/",
    "a__b/",
    "ab.c_d/",
    "[]/",
    "[ab:cd]/",
    "[::ffff:1.2.3.4]/",
    "1.2.3.4/",
    "a.com:65536/",
    "localhost:x/",
];
const PATH_PIECES: &[&str] = &[
    "a", "abc", "z9", "0", "nginx", "library", ".", "_", "__", "___", "-", "--", "/", "/", "A",
    "B", "é", " ", "$", "+", "..", "./", "/.",
];
const ALNUM_RUNS: &[&str] = &["a", "abc", "z9", "0", "nginx", "library", "x1y2"];
const SEPARATORS: &[&str] = &[".", "_", "__", "-", "--", "---"];
const TAG_PIECES: &[&str] = &[
    "v1", "latest", "_", ".", "-", "A", "1.2", "+", "é", ":", "x",
];

fn digest(rng: &mut Rng) -> String {
    let upper = HEX64.to_uppercase();
    let hex63 = &HEX64[..63];
    let choices = [
        format!("sha256:{HEX64}"),
        format!("sha256:{hex63}"),
        format!("sha256:{upper}"),
        format!("sha512:{HEX64}{HEX64}"),
        format!("sha512:{HEX64}"),
        format!("blake3:{HEX64}"),
        format!("blake3:{hex63}"),
        format!("sha384:{HEX64}{}", &HEX64[..32]),
        format!("sha384:{HEX64}"),
        "sha384:abc".to_string(),
        format!("SHA256:{HEX64}"),
        "md5:0123456789abcdef0123456789abcdef".to_string(),
        "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8".to_string(),
        String::new(),
        "sha256".to_string(),
        format!("sha256:{HEX64}@"),
    ];
    choices[rng.below(choices.len())].clone()
}

/// References built from pieces near every rule of the grammar, then some mutated byte-wise.
fn generated(count: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let mut s = String::from(rng.pick(DOMAINS));
        match rng.below(10) {
            // Near the 255-byte PATH limit, with and without a domain.
            0 => {
                let len = 250 + rng.below(10);
                s.push_str("a/");
                s.push_str(&"b".repeat(len - 2));
            }
            // Any mix of pieces.
            1..=3 => {
                for _ in 0..1 + rng.below(7) {
                    s.push_str(rng.pick(PATH_PIECES));
                }
            }
            // Well-formed components, sometimes with one stray piece.
            _ => {
                for n in 0..1 + rng.below(4) {
                    if n > 0 {
                        s.push('/');
                    }
                    s.push_str(rng.pick(ALNUM_RUNS));
                    if rng.below(3) == 0 {
                        s.push_str(rng.pick(SEPARATORS));
                        s.push_str(rng.pick(ALNUM_RUNS));
                    }
                }
                if rng.below(5) == 0 {
                    let at = rng.below(s.len() + 1);
                    if s.is_char_boundary(at) {
                        s.insert_str(at, rng.pick(PATH_PIECES));
                    }
                }
            }
        }
        if rng.below(3) == 0 {
            s.push(':');
            if rng.below(3) > 0 {
                s.push_str(rng.pick(&["v1", "latest", "1.2.3", "_x", "A-b_C.d", "x"]));
            } else {
                for _ in 0..rng.below(4) {
                    s.push_str(rng.pick(TAG_PIECES));
                }
            }
        }
        if rng.below(3) == 0 {
            s.push('@');
            s.push_str(&digest(&mut rng));
        }
        let mut bytes = s.into_bytes();
        if rng.below(4) == 0 && !bytes.is_empty() {
            let at = rng.below(bytes.len());
            const BYTES: &[u8] = b"/:@.-_Aa0[]%\t\r\n\x00\xff";
            let byte = BYTES[rng.below(BYTES.len())];
            match rng.below(3) {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        out.push(bytes);
    }
    out
}

#[test]
fn corpus_agrees_with_docker_distribution() {
    let Some(oracle) = oracle() else { return };
    let seen = differential(oracle, corpus());
    // The corpus holds each deliberate difference at least once: the test can see all four.
    for difference in [
        Difference::Ipv6Host,
        Difference::Blake3Digest,
        Difference::DomainSplit,
    ] {
        assert!(
            seen.contains_key(&difference),
            "{difference:?} not met: {seen:?}"
        );
    }
    eprintln!("corpus: deliberate differences {seen:?}");
}

#[test]
fn generated_references_agree_with_docker_distribution() {
    let Some(oracle) = oracle() else { return };
    let inputs = generated(100_000);
    let valid = inputs
        .iter()
        .filter(|i| ImageReference::parse_bytes_with(i, &Profiles::oci_only()).is_ok())
        .count();
    // The generator must reach both verdicts in quantity, or the comparison says little.
    assert!(
        valid > 4_000 && valid < 36_000,
        "{valid} valid of {}",
        inputs.len()
    );
    let seen = differential(oracle, inputs);
    assert!(
        seen.contains_key(&Difference::DomainCountedInLength),
        "{seen:?}"
    );
    eprintln!("generated: {valid} valid; deliberate differences {seen:?}");
}

#[test]
fn the_oracle_is_the_real_parser() {
    let Some(oracle) = oracle() else { return };
    // A few verdicts known from distribution's behaviour: the test talks to the real thing.
    let answers = ask(
        oracle,
        &[
            b"nginx".to_vec(),
            b"Nginx".to_vec(),
            b"foo_bar.com/app".to_vec(),
            b"[::1]/x".to_vec(),
        ],
    );
    assert!(matches!(&answers[0], Go::Valid { path, .. } if path == "nginx"));
    assert_eq!(
        answers[1],
        Go::Invalid("repository name must be lowercase".to_string())
    );
    assert!(matches!(&answers[2], Go::Valid { domain, .. } if domain.is_empty()));
    assert!(matches!(&answers[3], Go::Invalid(_)));
}

/// The crate's own generators (feature `arbitrary`), as a downstream fuzzer gets them, against
/// docker distribution: every generated reference and near miss gets the same verdict, or one of
/// the deliberate differences.
#[cfg(feature = "arbitrary")]
#[test]
fn the_generators_references_agree_with_docker_distribution() {
    use registry_names::arbitrary::{seeded, seeded_near_misses};
    use registry_names::Kind;
    let Some(oracle) = oracle() else { return };
    let mut inputs: Vec<Vec<u8>> = seeded(Kind::ImageReference, 31)
        .take(20_000)
        .map(String::into_bytes)
        .collect();
    inputs.extend(
        seeded_near_misses(Kind::ImageReference, 31)
            .take(20_000)
            .map(|miss| miss.input.into_bytes()),
    );
    let seen = differential(oracle, inputs);
    eprintln!("the generators' references: deliberate differences {seen:?}");
}
