"""The exceptions of registry_names, in Python so that they construct and pickle as usual."""

from __future__ import annotations


class InvalidName(ValueError):
    """A rejected name: ``.kind`` (its id), ``.rule`` (the rule broken, a stable id) and
    ``.offset`` (bytes into the UTF-8 form where it stops being valid). The message is the
    crate's and quotes at most 64 bytes of the name."""

    kind: str
    rule: str
    offset: int

    def __init__(self, message: str, kind: str, rule: str, offset: int) -> None:
        super().__init__(message)
        self.kind = kind
        self.rule = rule
        self.offset = offset

    def __reduce__(self):  # type: ignore[override]
        return (type(self), (str(self), self.kind, self.rule, self.offset))


class InvalidReference(InvalidName):
    """A rejected image reference: an ``InvalidName`` that also says which ``.part`` broke
    (``"domain"``, ``"namespace"``, ``"repository"``, ``"tag"`` or ``"digest"``); ``.kind`` is the
    grammar that refused it and ``.offset`` is in the whole reference."""

    part: str

    def __init__(self, message: str, kind: str, rule: str, offset: int, part: str) -> None:
        super().__init__(message, kind, rule, offset)
        self.part = part

    def __reduce__(self):  # type: ignore[override]
        return (type(self), (str(self), self.kind, self.rule, self.offset, self.part))


# Shown and pickled as registry_names.InvalidName, where users import them from.
InvalidName.__module__ = "registry_names"
InvalidReference.__module__ = "registry_names"
