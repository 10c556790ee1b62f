"""Local structural validation with fhir.resources' R4B models before anything is queued or sent.

fhir.resources 8.x has no R4 package; R4B is wire-compatible with R4 for every resource type
used here (sync-fhir-security.md §2).  The models check required elements, datatypes and
unknown elements, not bindings, profiles or invariants: the server's own checks still apply.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError


class InvalidBundleError(ValueError):
    """The Bundle is not structurally valid FHIR; ``reason`` says where, without values."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Raise InvalidBundleError when ``bundle`` is not a structurally valid R4(B) Bundle."""
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        # locations and messages only: input values could carry personal data
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5])
        raise InvalidBundleError(f"local FHIR validation failed: {problems}") from exc
