"""validate_bundle: the per-resource fast path accepts and rejects exactly what validating the
whole Bundle model does, and its reasons name places, never values."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from sync.config import MappingConfig
from sync.fhir.mapping import build_bundle
from sync.fhir.source import load_visit
from sync.fhir.validate import InvalidBundleError, validate_bundle
from tests.sync.visits import BP_CUFF, add_calibration, full_visit

Json = dict[str, Any]


@pytest.fixture
def bundle(db) -> Json:
    add_calibration(db, BP_CUFF, "blood_pressure")
    return build_bundle(load_visit(db, full_visit(db)), MappingConfig())


def _first(bundle: Json, rtype: str) -> Json:
    return next(e["resource"] for e in bundle["entry"]
                if e["resource"]["resourceType"] == rtype)


def _drop_status(b: Json) -> None:
    del _first(b, "Observation")["status"]


def _unknown_element(b: Json) -> None:
    _first(b, "Encounter")["colour"] = "MBR-SECRET-1"


def _wrong_type(b: Json) -> None:
    observation = next(r for r in (e["resource"] for e in b["entry"])
                       if "valueQuantity" in r)
    observation["valueQuantity"]["value"] = "MBR-SECRET-2"


def _bad_bundle_type(b: Json) -> None:
    b["type"] = {"MBR-SECRET-3": 1}


def _bad_request(b: Json) -> None:
    b["entry"][0]["request"]["method"] = ["MBR-SECRET-4"]


def _unknown_resource_type(b: Json) -> None:
    b["entry"][1]["resource"]["resourceType"] = "Spaceship"


def _resource_not_an_object(b: Json) -> None:
    b["entry"][2]["resource"] = "MBR-SECRET-5"


def _no_resource(b: Json) -> None:  # structurally allowed (a DELETE entry has none)
    del b["entry"][3]["resource"]


def _unchanged(b: Json) -> None:
    pass


@pytest.mark.parametrize("damage", [
    _drop_status, _unknown_element, _wrong_type, _bad_bundle_type, _bad_request,
    _unknown_resource_type, _resource_not_an_object, _no_resource, _unchanged])
def test_the_fast_path_agrees_with_the_whole_bundle_model(
        bundle: Json, damage: Callable[[Json], None]) -> None:
    damaged = copy.deepcopy(bundle)
    damage(damaged)
    try:
        Bundle.model_validate(copy.deepcopy(damaged))
        whole_ok = True
    except (ValidationError, KeyError):  # fhir_core: KeyError on an unknown resourceType
        whole_ok = False
    reason = ""
    try:
        validate_bundle(damaged)
        fast_ok = True
    except InvalidBundleError as exc:
        fast_ok, reason = False, exc.reason
    assert fast_ok == whole_ok
    assert "MBR-SECRET" not in reason  # places and messages, never values
    assert whole_ok == (damage in (_no_resource, _unchanged))


def test_a_resource_problem_names_its_entry(bundle: Json) -> None:
    index = next(i for i, e in enumerate(bundle["entry"])
                 if e["resource"]["resourceType"] == "Observation")
    _drop_status(bundle)
    with pytest.raises(InvalidBundleError, match=rf"entry\.{index}\.resource\.status"):
        validate_bundle(bundle)
