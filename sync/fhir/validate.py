"""Local structural validation with fhir.resources' R4B models before anything is queued or sent.

fhir.resources 8.x has no R4 package; R4B is wire-compatible with R4 for every resource type
used here (sync-fhir-security.md §2).  The models check required elements, datatypes and
unknown elements, not bindings, profiles or invariants: the server's own checks still apply.

Speed (issue 6, bench/sync.py; about half the station's CPU per uploaded visit): validating the
Bundle model as a whole makes fhir_core resolve every ``entry.resource`` class by name through
pydantic's ``import_string``, which probes the import system for each entry.  The same checks
are made here by validating the Bundle without its resources and then each resource with its
own model class, looked up once per type: the same models, a third less time.
"""

from __future__ import annotations

import functools
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pydantic import BaseModel, ValidationError


class InvalidBundleError(ValueError):
    """The Bundle is not structurally valid FHIR; ``reason`` says where, without values."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@functools.cache
def _model_class(resource_type: str) -> type[BaseModel] | None:
    try:
        return get_fhir_model_class(resource_type)
    except ValueError:
        return None


def _resource_models(bundle: dict[str, Any]) -> list[type[BaseModel]] | None:
    """The model class of every entry's resource, or None to validate the Bundle whole."""
    entries = bundle.get("entry")
    if not isinstance(entries, list):
        return None
    models = []
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if not isinstance(kind, str):
            return None  # no resource, or not an object: the Bundle model reports it
        model = _model_class(kind)
        if model is None:  # fhir_core itself would fail with a KeyError here
            raise InvalidBundleError(f"local FHIR validation failed: entry.{index}.resource"
                                     ".resourceType: not an R4 resource type")
        models.append(model)
    return models


def _problems(exc: ValidationError, prefix: str = "") -> str:
    # locations and messages only: input values could carry personal data
    return "; ".join(f"{prefix}{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
                     for err in exc.errors()[:5])


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Raise InvalidBundleError when ``bundle`` is not a structurally valid R4(B) Bundle."""
    models = _resource_models(bundle)
    try:
        if models is None:
            Bundle.model_validate(bundle)
            return
        entries = bundle["entry"]
        Bundle.model_validate({**bundle, "entry": [
            {key: value for key, value in entry.items() if key != "resource"}
            for entry in entries]})
    except ValidationError as exc:
        raise InvalidBundleError(f"local FHIR validation failed: {_problems(exc)}") from exc
    for index, (entry, model) in enumerate(zip(entries, models, strict=True)):
        try:
            model.model_validate(entry["resource"])
        except ValidationError as exc:
            raise InvalidBundleError("local FHIR validation failed: "
                                     + _problems(exc, f"entry.{index}.resource.")) from exc
