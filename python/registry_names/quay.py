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

from ._registry_names import check, validate
from ._registry_names import quay as _native

__all__ = ["parse_tag_filter", "validate_repository_name", "validate_tag", "validate_username"]

# Native (python/src/quay.rs), so that a call costs what is_valid costs.
validate_repository_name = _native.validate_repository_name
validate_tag = _native.validate_tag


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
