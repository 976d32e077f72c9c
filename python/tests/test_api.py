"""The module's API on valid and invalid values of every kind (docs/grammars.md, docs/requests.md)."""

import json
import pickle
import subprocess
import sys

import pytest

import registry_names as rn

CLI_KINDS = {
    "swr-namespace", "swr-repository", "swr-repository-path", "tag", "quay-namespace",
    "quay-repository", "quay-tag-filter", "oci-digest", "git-tag", "git-branch", "git-refname",
    "image-reference",
}

# One valid and one invalid value per kind, with the rule and offset the contract gives
# (docs/grammars.md's example tables).
EXAMPLES = [
    ("swr-namespace", "my-org", "my._org", "adjacent-separators", 3),
    ("swr-repository", "library/nginx", "library$nginx", "dollar-in-plain-form", 7),
    ("swr-repository-path", "library$nginx", "library/nginx", "slash-in-path-form", 7),
    ("tag", "v1.2.3", "-rc", "invalid-start", 0),
    ("quay-namespace", "quayadmin", "a--b", "adjacent-separators", 2),
    ("quay-repository", "org/team/app", "org/.x", "invalid-start", 4),
    ("quay-tag-filter", "like:v1_%", "ne:v1", "unknown-filter-op", 0),
    ("oci-digest", "sha256:" + "a" * 64, "sha256:" + "a" * 63, "digest-length", 70),
    ("git-tag", "v1.0", "v1..0", "double-dot", 3),
    ("git-branch", "feature/x", "feature/x.lock", "lock-suffix", 9),
    ("git-refname", "refs/heads/main", "refs/heads/a..b", "double-dot", 13),
    ("image-reference", "quay.io/org/app:v1", "quay.io/a/app", "too-short", 9),
]


def test_kinds_are_the_crates_ids():
    assert isinstance(rn.KINDS, tuple)
    assert set(rn.KINDS) == CLI_KINDS
    assert len(rn.KINDS) == len(set(rn.KINDS))
    for kind in rn.KINDS:
        assert kind in {e[0] for e in EXAMPLES}


def test_acceptance_example():
    with pytest.raises(rn.InvalidName) as info:
        rn.validate("swr-namespace", "my._org")
    assert info.value.rule == "adjacent-separators"
    assert info.value.offset == 3
    assert info.value.kind == "swr-namespace"
    assert str(info.value) == (
        "invalid SWR namespace \"my._org\": '.' and '_' cannot be adjacent (byte 3)"
    )
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("kind,good,bad,rule,offset", EXAMPLES)
def test_every_kind(kind, good, bad, rule, offset):
    assert rn.is_valid(kind, good) is True
    assert rn.validate(kind, good) is None
    assert rn.check(kind, good) is None
    assert rn.is_valid(kind, bad) is False
    with pytest.raises(rn.InvalidName) as info:
        rn.validate(kind, bad)
    assert (info.value.rule, info.value.offset) == (rule, offset)
    violation = rn.check(kind, bad)
    assert violation is not None
    # The kind is the grammar that refused it: for an image reference, its part's.
    refused_by = "quay-namespace" if kind == "image-reference" else kind
    assert (violation.kind, violation.rule, violation.offset) == (refused_by, rule, offset)
    assert violation.message == str(info.value)
    assert str(violation) == violation.message


def test_the_same_as_the_command_line(tmp_path):
    """The messages are the crate's: the CLI's JSON output for the same inputs agrees."""
    cli = pytest.importorskip("shutil").which("registry-names")
    if cli is None:
        import pathlib

        root = pathlib.Path(__file__).resolve().parents[2]
        candidate = root / "target" / "debug" / "registry-names"
        if not candidate.exists():
            pytest.skip("the registry-names binary is not built")
        cli = str(candidate)
    for kind, _, bad, _, _ in EXAMPLES:
        if kind == "git-refname":
            continue  # not a CLI kind
        out = subprocess.run(
            [cli, "check", "--kind", kind, "--format", "jsonl", "--", bad],
            capture_output=True, text=True,
        )
        line = json.loads(out.stdout.splitlines()[0])
        violation = rn.check(kind, bad)
        assert line["error"]["rule"] == violation.rule
        assert line["error"]["offset"] == violation.offset


def test_image_reference_kind_raises_invalid_reference():
    with pytest.raises(rn.InvalidReference) as info:
        rn.validate("image-reference", "quay.io/a/app")
    assert (info.value.part, info.value.kind, info.value.rule, info.value.offset) == (
        "namespace", "quay-namespace", "too-short", 9)
    assert str(info.value) == (
        'invalid image reference "quay.io/a/app": namespace (Quay namespace): '
        "must be at least 2 bytes long (byte 9)")
    assert rn.check("image-reference", "quay.io/a/app").message == str(info.value)


def test_aliases_and_unknown_kinds():
    assert rn.is_valid("swr-tag", "v1") and rn.is_valid("quay-tag", "v1")
    with pytest.raises(ValueError) as info:
        rn.is_valid("swr-org", "x")
    message = str(info.value)
    for kind in rn.KINDS:
        assert kind in message
    assert not isinstance(info.value, rn.InvalidName)


def test_violation_is_frozen_and_hashable():
    v = rn.check("tag", "-x")
    with pytest.raises(AttributeError):
        v.rule = "other"  # type: ignore[misc]
    assert v == rn.check("tag", "-x")
    assert hash(v) == hash(rn.check("tag", "-x"))
    assert v != rn.check("tag", ".x")
    assert "invalid-start" in repr(v)


def test_exceptions_pickle():
    with pytest.raises(rn.InvalidName) as info:
        rn.validate("tag", "-x")
    again = pickle.loads(pickle.dumps(info.value))
    assert (type(again), again.rule, again.offset, str(again)) == (
        rn.InvalidName, "invalid-start", 0, str(info.value))
    with pytest.raises(rn.InvalidReference) as ref:
        rn.parse_reference("quay.io/a/app")
    again = pickle.loads(pickle.dumps(ref.value))
    assert (again.part, again.rule) == ("namespace", "too-short")


def test_bytes_only_for_git_kinds():
    assert rn.is_valid("git-branch", b"feature/\xff") is True
    assert rn.check("git-branch", b"a\x00b").offset == 1
    with pytest.raises(TypeError, match="bytes"):
        rn.is_valid("tag", b"v1")


def test_parse_reference():
    ref = rn.parse_reference("quay.io/org/app:v1@sha256:" + "a" * 64)
    assert ref.domain == "quay.io"
    assert ref.path == "org/app"
    assert ref.namespace == "org"
    assert ref.tag == "v1"
    assert ref.digest == "sha256:" + "a" * 64
    assert ref.profile == "quay"
    assert str(ref) == "quay.io/org/app:v1@sha256:" + "a" * 64
    nginx = rn.parse_reference("nginx")
    assert (nginx.domain, nginx.namespace, nginx.tag, nginx.digest, nginx.profile) == (
        None, None, None, None, "oci")
    assert nginx.normalized() == "docker.io/library/nginx:latest"
    assert nginx == rn.parse_reference("nginx") and hash(nginx) == hash(rn.parse_reference("nginx"))
    with pytest.raises(rn.InvalidReference) as info:
        rn.parse_reference("swr.cn-north-4.myhuaweicloud.com/1org/app")
    err = info.value
    assert (err.part, err.kind, err.rule, err.offset) == (
        "namespace", "swr-namespace", "invalid-start", 33)
    assert isinstance(err, rn.InvalidName)


def test_parse_reference_profiles():
    with pytest.raises(rn.InvalidReference) as info:
        rn.parse_reference("registry.example.com:5000/busybox", {"registry.example.com:5000": "swr"})
    assert info.value.rule == "missing-namespace"
    ref = rn.parse_reference("registry.example.com:5000/org/app", {"registry.example.com:5000": "swr"})
    assert (ref.profile, ref.namespace) == ("swr", "org")
    with pytest.raises(ValueError, match="swr, quay, oci"):
        rn.parse_reference("x", {"h.example": "docker"})
    with pytest.raises(rn.InvalidReference) as bad:
        rn.parse_reference("x", {"bad host": "oci"})
    assert bad.value.part == "domain"
    with pytest.raises(TypeError):
        rn.parse_reference("x", ["h.example"])
    with pytest.raises(TypeError):
        rn.parse_reference(b"nginx")


def test_tag_filter():
    f = rn.TagFilter("like:v1_%")
    assert (f.op, f.operand, str(f)) == ("like", "v1_%", "like:v1_%")
    assert f.matches("release-V1.2") and not f.matches("v1")
    eq = rn.TagFilter("eq:latest")
    assert (eq.op, eq.operand) == ("eq", "latest")
    assert eq.matches("latest") and not eq.matches("Latest")
    assert rn.TagFilter("like:").matches("anything")
    for text, rule in [("ne:v1", "unknown-filter-op"), ("v1", "missing-filter-op"),
                       ("eq:-x", "invalid-start"), ("like:a b", "invalid-character")]:
        with pytest.raises(rn.InvalidName) as info:
            rn.TagFilter(text)
        assert info.value.rule == rule
    with pytest.raises(TypeError):
        rn.TagFilter(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        f.matches(1)  # type: ignore[arg-type]


def test_validate_request_rejected():
    verdict = rn.validate_request("DELETE", "/api/v1/repository/org/app/tag/-rc")
    assert verdict.operation == "quay.delete-tag"
    assert verdict.valid is False and not verdict
    [error] = verdict.errors
    assert (error.location, error.parameter, error.rule, error.offset) == (
        "path", "tag", "invalid-start", 0)
    assert "-rc" in error.message
    status, headers, body = verdict.vendor_response()
    assert status == 400
    assert headers == {"Content-Type": "application/json"}
    document = json.loads(body)
    assert document["error_type"] == "invalid_request"


def test_validate_request_valid_and_unrouted():
    body = json.dumps({"manifest_digest": "sha256:" + "a" * 64}).encode()
    verdict = rn.validate_request(
        "PUT", "/api/v1/repository/org/app/tag/v1", {"Content-Type": "application/json"}, body)
    assert (verdict.operation, verdict.valid, verdict.errors) == ("quay.change-tag", True, [])
    with pytest.raises(ValueError, match="valid"):
        verdict.vendor_response()
    none = rn.validate_request("GET", "/nothing/here")
    assert (none.operation, none.valid, none.errors) == (None, False, [])
    with pytest.raises(ValueError, match="no documented operation"):
        none.vendor_response()


def test_validate_request_headers_body_limit_and_strict():
    target = "/v2/manage/namespaces/org/repos"
    body = json.dumps({"namespace": "org", "repository": "app", "is_public": True}).encode()
    pairs = [("content-type", b"application/json")]
    assert rn.validate_request("POST", target, pairs, body).valid
    missing = rn.validate_request("POST", target, None, body)
    assert [e.rule for e in missing.errors] == ["unsupported-media-type"]
    small = rn.validate_request("POST", target, dict(pairs), body, body_limit=10)
    assert small.errors[0].rule == "body-too-large"
    assert small.vendor_response()[0] == 413
    assert rn.validate_request("POST", target, pairs, body, strict=True).valid
    # R10: compatible mode (the default) reads Quay's query as Quay's server does; strict does not.
    quay = "/api/v1/repository/org/app/tag/?onlyActiveTags=True&limit=250&page=0"
    assert rn.validate_request("GET", quay).valid
    strict = rn.validate_request("GET", quay, strict=True)
    assert [(e.parameter, e.rule) for e in strict.errors] == [
        ("onlyActiveTags", "not-a-boolean"),
        ("page", "out-of-range"),
        ("limit", "out-of-range"),
    ]
    # An unknown filter op is refused in both modes.
    for mode in (False, True):
        unknown = rn.validate_request("GET", quay.split("?")[0] + "?filter_tag_name=ne:v1", strict=mode)
        assert [e.rule for e in unknown.errors] == ["unknown-filter-op"]
    with pytest.raises(TypeError):
        rn.validate_request("POST", target, pairs, "a str body")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rn.validate_request("POST", target, [("content-type", 1)], body)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        rn.validate_request("POST", target, 5, body)  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        rn.validate_request("POST", target, pairs, body, body_limit=-1)


def test_docstrings():
    for name in rn.__all__:
        assert getattr(rn, name).__doc__, name
    import registry_names.quay as quay

    for name in quay.__all__:
        assert getattr(quay, name).__doc__, name


def test_stubs_match_the_module():
    """mypy.stubtest compares the hand-written .pyi files with the compiled module."""
    out = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "registry_names"],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
