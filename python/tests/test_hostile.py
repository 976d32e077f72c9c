"""Bad input of every type: None, numbers, huge strings, lone surrogates, NUL bytes, 100 MB.
Every call answers with a bool, a bounded message or a TypeError/ValueError, and never crashes."""

import pytest

import registry_names as rn

NOT_TEXT = [None, 1, 1.5, ["tag"], object(), bytearray(b"v1")]


@pytest.mark.parametrize("value", NOT_TEXT, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("function", [rn.is_valid, rn.validate, rn.check])
def test_not_text_is_a_type_error(function, value):
    for kind in rn.KINDS:
        with pytest.raises(TypeError):
            function(kind, value)


@pytest.mark.parametrize("kind", [None, 1, b"tag"])
def test_kind_must_be_str(kind):
    with pytest.raises(TypeError):
        rn.is_valid(kind, "v1")  # type: ignore[arg-type]


def test_not_arrow():
    for value in [None, 1, "tag", ["a", "b"]]:
        with pytest.raises(TypeError, match="Arrow"):
            rn.validate_arrow("tag", value)


@pytest.mark.parametrize("kind", sorted(rn.KINDS))
def test_lone_surrogates(kind):
    value = "ab\ud800cd"
    assert rn.is_valid(kind, value) in (True, False)
    violation = rn.check(kind, value)
    if kind.startswith("git-"):
        return  # git refnames are bytes: git takes these too
    assert violation is not None
    # The surrogate starts at byte 2 (its surrogatepass form is 3 bytes); a grammar may stop
    # earlier for its own reasons, never later.
    assert violation.offset <= 2
    assert len(violation.message) < 300


@pytest.mark.parametrize("kind", sorted(rn.KINDS))
def test_nul_bytes(kind):
    violation = rn.check(kind, "ab\x00cd")
    assert violation is not None
    assert violation.offset <= 2
    assert "\\0" in violation.message or "\\u{0}" in violation.message or violation.offset < 2


@pytest.fixture(scope="module")
def huge():
    return "a" * (100 * 1024 * 1024)


@pytest.mark.parametrize("kind", sorted(rn.KINDS))
def test_100_mb_string(kind, huge):
    violation = rn.check(kind, huge)
    if violation is None:
        return  # git names have no length limit
    assert len(violation.message.encode()) < 300
    assert "(104857600 bytes)" in violation.message
    assert huge[:64] in violation.message and huge[:65] not in violation.message


def test_100_mb_elsewhere(huge):
    with pytest.raises(rn.InvalidReference) as info:
        rn.parse_reference(huge + "/" + "B")
    assert len(str(info.value)) < 300
    with pytest.raises(rn.InvalidName) as info:
        rn.TagFilter("like:" + huge)
    assert info.value.rule == "too-long" and len(str(info.value)) < 300
    verdict = rn.validate_request("DELETE", "/api/v1/repository/org/app/tag/" + huge)
    assert verdict.errors[0].rule == "too-long"
    assert len(verdict.errors[0].message) < 300
    status, _, body = verdict.vendor_response()
    assert status == 400 and len(body) < 2000
    verdict = rn.validate_request("POST", "/v2/manage/namespaces/org/repos",
                                  {"Content-Type": "application/json"}, huge.encode())
    assert verdict.errors[0].rule == "body-too-large"


def test_huge_non_ascii_quote_is_cut_on_a_character():
    value = "é" * 1_000_000
    violation = rn.check("tag", value)
    assert "é" * 32 in violation.message and "é" * 33 not in violation.message
    assert "(2000000 bytes)" in violation.message


def test_surrogates_elsewhere():
    with pytest.raises(rn.InvalidReference):
        rn.parse_reference("quay.io/org/\udcff")
    with pytest.raises(rn.InvalidName):
        rn.TagFilter("eq:\ud800")
    with pytest.raises(UnicodeEncodeError):
        rn.validate_request("GET", "/\ud800")
