"""registry_names.quay against Quay's own regular expressions.

Quay's rules, restated here (not imported; quay/quay at ffba0c70e2d8, 2026-08-21):
- util/names.py: REPOSITORY_NAME_REGEX, REPOSITORY_NAME_EXTENDED_REGEX and TAG_REGEX (with
  re.ASCII), used as ``REGEX.match(value)`` (endpoints/api/repository.py, endpoints/v2/v2auth.py,
  endpoints/api/tag.py, endpoints/v1/tag.py);
- util/validation.py: ``validate_username``: ``re.match(VALID_USERNAME_REGEX, name)`` and a
  length of MIN_USERNAME_LENGTH (2) to MAX_USERNAME_LENGTH (255);
- data/model/oci/tag.py, ``list_repository_tag_history``: ``filter_tag_name.split(":", 1)``,
  ``like`` a ``contains``, ``eq`` equality, any other op ignored, ValueError without a ``:``.

Each deliberate difference is listed in DIFFERENCES with an example, and the random
differential below fails on any disagreement that is not one of them.
"""

import random
import re

import pytest

import registry_names as rn
from registry_names import quay

REPOSITORY_NAME_REGEX = re.compile(r"^[a-z0-9][\.a-z0-9_-]{0,254}$")
REPOSITORY_NAME_EXTENDED_REGEX = re.compile(
    r"^(?=.{0,255}$)[a-z0-9][\.a-z0-9_-]*(?:\/[a-z0-9][\.a-z0-9_-]*)*$"
)
TAG_REGEX = re.compile(r"^[\w][\w.-]{0,127}$", re.ASCII)
VALID_USERNAME_REGEX = r"^([a-z0-9]+(?:[._-][a-z0-9]+)*)$"


def quay_repository_name(name, extended=True):
    regex = REPOSITORY_NAME_EXTENDED_REGEX if extended else REPOSITORY_NAME_REGEX
    return bool(regex.match(name))


def quay_tag(tag):
    return bool(TAG_REGEX.match(tag))


def quay_username(name):
    if not re.match(VALID_USERNAME_REGEX, name):
        return False
    return 2 <= len(name) <= 255


def quay_tag_filter(text):
    """(op, value) as Quay splits it, or None where Quay ignores the filter."""
    op, value = text.split(":", 1)  # ValueError without ':', as in Quay
    return (op, value) if op in ("like", "eq") else None


# The deliberate differences, each with an example: (what, function, input, Quay's answer, ours).
DIFFERENCES = [
    # `$` matches before a trailing newline, and `.match` anchors only the start.
    ("trailing newline, repository", "repository", "app\n", True, False),
    ("trailing newline, tag", "tag", "v1\n", True, False),
    ("trailing newline, username", "username", "org\n", True, False),
    # Quay's length check counts the newline that `$` let through: 2 bytes, long enough.
    ("username length counts a newline", "username", "a\n", True, False),
    # An unknown op: Quay returns every tag unfiltered; here it is an error.
    ("unknown op", "filter", "ne:v1", "ignored", "unknown-filter-op"),
    # An operand that no tag could match: Quay runs the query; here it is an error.
    ("operand not a tag", "filter", "eq:-x", ("eq", "-x"), "invalid-start"),
    ("operand not a like pattern", "filter", "like:a b", ("like", "a b"), "invalid-character"),
]

# Each name kind of DIFFERENCES: Quay's check (restated above) and the drop-in's.
DIFFERENCE_FUNCTIONS = {
    "repository": (quay_repository_name, quay.validate_repository_name),
    "tag": (quay_tag, quay.validate_tag),
    "username": (quay_username, lambda v: quay.validate_username(v)[0]),
}


def test_the_differences_are_as_listed():
    for what, function, value, theirs, ours in DIFFERENCES:
        if function == "filter":
            got_theirs = quay_tag_filter(value) or "ignored"
            with pytest.raises(ValueError) as info:
                quay.parse_tag_filter(value)
            assert (got_theirs, info.value.rule) == (theirs, ours), what
        else:
            theirs_fn, ours_fn = DIFFERENCE_FUNCTIONS[function]
            assert (bool(theirs_fn(value)), ours_fn(value)) == (theirs, ours), what


def test_a_dot_dot_b_and_a_dash():
    """`a..b` and `a-` are valid Quay repository names for Quay's regex and for §5 alike (a
    segment's first byte is its only constraint: same answer, no difference); in an image
    reference (§10, distribution's grammar) they are not, which is where the crate differs."""
    for name in ["a..b", "a-", "a__b", "app/x-"]:
        assert quay_repository_name(name) and quay.validate_repository_name(name)
        assert rn.is_valid("quay-repository", "org/" + name)
    assert rn.check("image-reference", "quay.io/org/a..b").rule == "adjacent-separators"
    assert rn.check("image-reference", "quay.io/org/a-").rule == "trailing-separator"
    # Usernames have separators between alphanumerics in both.
    assert not quay_username("a..b") and quay.validate_username("a..b")[0] is False
    assert not quay_username("a-") and quay.validate_username("a-")[0] is False


def expected_difference(value):
    """Whether `value` is in a listed difference class: a trailing newline on an otherwise
    valid value (the only way a Quay regex here accepts what we refuse)."""
    return value.endswith("\n")


ALPHABET = "ab09._-/A:\n% é"


def candidates(seed=20261207, count=20000):
    rng = random.Random(seed)
    yield from ["", "a", "ab", "a" * 255, "a" * 256, "a/" + "b" * 253, "a/" + "b" * 254,
                "x" * 128, "x" * 129, "_x", ".x", "-x", "x\n", "x\n\n", "\nx"]
    for _ in range(count):
        length = rng.choice([1, 2, 3, 4, 6, 8, 12])
        yield "".join(rng.choice(ALPHABET) for _ in range(length))


def test_differential_repository_names():
    for value in candidates():
        for extended in (True, False):
            theirs = quay_repository_name(value, extended)
            ours = quay.validate_repository_name(value, extended)
            if theirs != ours:
                assert theirs and not ours and expected_difference(value), (value, extended)
                assert quay.validate_repository_name(value[:-1], extended)


def test_differential_tags():
    for value in candidates():
        theirs, ours = quay_tag(value), quay.validate_tag(value)
        if theirs != ours:
            assert theirs and not ours and expected_difference(value), value
            assert quay.validate_tag(value[:-1])
        assert rn.is_valid("tag", value) is ours


def test_differential_usernames():
    for value in candidates():
        theirs = quay_username(value)
        ok, issue = quay.validate_username(value)
        assert (issue is None) is ok
        if theirs != ok:
            assert theirs and not ok and expected_difference(value), value
            # Quay's length counts the newline: "a\n" passes its 2-character minimum.
            assert quay.validate_username(value[:-1])[0] or len(value) == 2


def test_differential_tag_filters():
    rng = random.Random(7)
    ops = ["like", "eq", "ne", "LIKE", ""]
    for value in candidates(count=3000):
        text = rng.choice(ops) + rng.choice([":", ""]) + value
        try:
            theirs = quay_tag_filter(text)
        except ValueError:
            theirs = "error"
        try:
            ours = quay.parse_tag_filter(text)
        except rn.InvalidName as e:
            ours = e.rule
        if theirs == "error":
            assert ours == "missing-filter-op", text
        elif theirs is None:
            assert ours in ("unknown-filter-op", "missing-filter-op"), text
        elif isinstance(ours, tuple):
            assert ours == theirs, text
        else:
            # Quay runs a query no valid tag can match (or one whose wildcards it never meant).
            op, operand = theirs
            assert op in ("like", "eq")
            assert rn.check("quay-tag-filter", text).rule == ours


def test_drop_in_call_shapes():
    assert quay.validate_repository_name("team/app") is True
    assert quay.validate_repository_name("team/app", extended=False) is False
    assert quay.validate_repository_name("team/app", False) is False
    assert quay.validate_repository_name("") is False
    assert quay.validate_repository_name("a" * 255) and not quay.validate_repository_name("a" * 256)
    assert quay.validate_tag("latest") is True
    assert quay.validate_username("quayadmin") == (True, None)
    ok, issue = quay.validate_username("a")
    assert ok is False and "at least 2 bytes" in issue
    assert quay.parse_tag_filter("like:v1") == ("like", "v1")
    assert quay.parse_tag_filter("eq:a:b".replace(":b", "")) == ("eq", "a")
    with pytest.raises(ValueError):
        quay.parse_tag_filter("latest")
    with pytest.raises(ValueError):
        quay.parse_tag_filter("ne:v1")
    with pytest.raises(TypeError):
        quay.validate_repository_name(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        quay.validate_tag(1)  # type: ignore[arg-type]
