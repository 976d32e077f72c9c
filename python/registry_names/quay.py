"""Drop-ins for Red Hat Quay's name validation, with Quay's own call shapes, so that each call
site switches by changing an import. The rules are registry_names' (docs/grammars.md §3-§6),
which differ from Quay's regular expressions where those are loose: see the README's
"Differences from Quay's regexes".

Quay's originals (quay/quay): ``REPOSITORY_NAME_REGEX``, ``REPOSITORY_NAME_EXTENDED_REGEX`` and
``TAG_REGEX`` in ``util/names.py`` (used with ``.match`` at endpoints/api/repository.py,
endpoints/v2/v2auth.py, endpoints/api/tag.py, ...), ``validate_username`` in
``util/validation.py``, and the split of ``filter_tag_name`` on its first ``:`` in
``list_repository_tag_history`` (``data/model/oci/tag.py``).
"""

from __future__ import annotations

from ._registry_names import check, is_valid, validate

__all__ = ["parse_tag_filter", "validate_repository_name", "validate_tag", "validate_username"]

# A valid Quay namespace, put before a repository name so that the name is checked by the
# quay-repository grammar's name part (§5) and nothing else.
_NAMESPACE = "ns/"


def validate_repository_name(name: str, extended: bool = True) -> bool:
    """Whether ``name`` (the repository name after the namespace) is valid, as Quay's
    ``REPOSITORY_NAME_EXTENDED_REGEX.match`` (``extended=True``: ``/``-separated segments) or
    ``REPOSITORY_NAME_REGEX.match`` (``extended=False``: one segment) decides, but without their
    loopholes: a trailing newline is refused. 1 to 255 bytes; each segment starts with
    ``[a-z0-9]`` and goes on with ``[a-z0-9._-]``."""
    if not isinstance(name, str):
        raise TypeError(f"a repository name must be str, not {type(name).__name__}")
    if not extended and "/" in name:
        return False
    return is_valid("quay-repository", _NAMESPACE + name)


def validate_tag(tag: str) -> bool:
    """Whether ``tag`` is a valid image tag, as Quay's ``TAG_REGEX.match`` decides, without its
    loophole (a trailing newline): 1 to 128 bytes of ``[A-Za-z0-9_.-]``, not starting with
    ``.`` or ``-``."""
    return is_valid("tag", tag)


def validate_username(name: str) -> tuple[bool, str | None]:
    """Quay's ``validate_username``: ``(True, None)`` for a valid user or organization name,
    otherwise ``(False, message)`` with the rule broken and its byte offset. 2 to 255 bytes of
    ``[a-z0-9]`` joined by single ``.``, ``_`` or ``-``; a trailing newline is refused."""
    violation = check("quay-namespace", name)
    if violation is None:
        return (True, None)
    return (False, violation.message)


def parse_tag_filter(text: str) -> tuple[str, str]:
    """Splits a ``filter_tag_name`` value into ``(op, operand)`` as Quay does (on the first
    ``:``), after checking it: raises ``ValueError`` (an ``InvalidName``) where Quay raises one
    (no ``:``), and also for an op other than ``like`` or ``eq``, which Quay ignores silently,
    and for an operand that is no ``like`` pattern or tag."""
    validate("quay-tag-filter", text)
    op, operand = text.split(":", 1)
    return (op, operand)
