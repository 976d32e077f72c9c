"""Validates what container and code registries accept, as Huawei SWR, Huawei CodeArts Repo,
Red Hat Quay, the OCI specifications and git document it: names, image references, Quay tag
filters and whole API requests, one value at a time or a whole Arrow column at once.

The grammars are the Rust crate ``registry-names``'s (docs/grammars.md, docs/requests.md);
every error names the rule broken and the byte offset, and quotes at most 64 bytes of the
input. ``registry_names.quay`` has drop-ins for Quay's own validation functions.

>>> import registry_names as rn
>>> rn.is_valid("swr-namespace", "my-org")
True
>>> rn.check("swr-namespace", "my._org").rule
'adjacent-separators'
"""

from ._errors import InvalidName, InvalidReference
from ._registry_names import (
    KINDS,
    ImageReference,
    InvalidParameter,
    RequestVerdict,
    TagFilter,
    Violation,
    check,
    is_valid,
    parse_reference,
    validate,
    validate_arrow,
    validate_request,
)

__all__ = [
    "KINDS",
    "ImageReference",
    "InvalidName",
    "InvalidParameter",
    "InvalidReference",
    "RequestVerdict",
    "TagFilter",
    "Violation",
    "check",
    "is_valid",
    "parse_reference",
    "validate",
    "validate_arrow",
    "validate_request",
]
