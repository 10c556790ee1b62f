"""Visit -> transaction Bundle: codes, units, idempotency strategies, validation."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import pytest

from sync.config import IdentifierSystems, MappingConfig
from sync.fhir import codes
from sync.fhir.mapping import build_bundle, resource_id
from sync.fhir.source import VisitNotFoundError, load_visit
from sync.fhir.validate import InvalidBundleError, validate_bundle
from tests.sync.visits import BP_CUFF, STATION, add_calibration, full_visit


def _resources(bundle: dict[str, Any], rtype: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype]


def _by_code(bundle: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for obs in _resources(bundle, "Observation"):
        coding = obs["code"]["coding"][0]
        found.setdefault(coding["code"], []).append(obs)
    return found


@pytest.fixture
def bundle(db) -> dict[str, Any]:
    add_calibration(db, BP_CUFF, "blood_pressure")
    visit = full_visit(db)
    result = build_bundle(load_visit(db, visit), MappingConfig())
    validate_bundle(result)
    return result


def test_one_visit_is_one_transaction_bundle_with_each_resource_kind(bundle) -> None:
    assert bundle["type"] == "transaction"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert kinds == {"Patient", "Encounter", "Observation", "Device", "DeviceMetric",
                     "Provenance"}
    assert len(_resources(bundle, "Patient")) == 1 and len(_resources(bundle, "Encounter")) == 1


def test_blood_pressure_is_a_panel_with_loinc_components_in_mmhg(bundle) -> None:
    panels = _by_code(bundle)["85354-9"]
    assert len(panels) == 2  # the reading and the averaged result
    components = {c["code"]["coding"][0]["code"]: c["valueQuantity"] for c in panels[0]["component"]}
    assert set(components) == {"8480-6", "8462-4"}
    assert all(q["system"] == codes.UCUM and q["code"] == "mm[Hg]" for q in components.values())
    assert panels[0]["category"][0]["coding"][0]["code"] == "vital-signs"


@pytest.mark.parametrize(("loinc", "ucum", "value"), [
    ("8867-4", "/min", None),      # heart rate from the cuff
    ("29463-7", "kg", None),       # weight
    ("8302-2", "cm", 158.2),       # height
    ("39156-5", "kg/m2", 24.1),    # BMI
    ("41982-0", "%", 31.5),        # body fat
    ("83174-3", "kgf", 22.5),      # grip right (NIH Toolbox; sync-fhir-security.md §1.1)
    ("83173-5", "kgf", 20.0),      # grip left
    ("66247-8", "{#}/(30.s)", 12),  # 30-s chair stand
    ("89423-8", "s", 9.4),         # TUG
])
def test_each_measurement_has_its_loinc_code_and_ucum_unit(bundle, loinc, ucum, value) -> None:
    (obs,) = _by_code(bundle)[loinc]
    quantity = obs["valueQuantity"]
    assert obs["code"]["coding"][0]["system"] == codes.LOINC
    assert (quantity["system"], quantity["code"]) == (codes.UCUM, ucum)
    if value is not None:
        assert quantity["value"] == value


def test_tests_without_loinc_use_the_local_code_system(bundle) -> None:
    local = IdentifierSystems().local_codes
    local_codes = {o["code"]["coding"][0]["code"] for o in _resources(bundle, "Observation")
                   if o["code"]["coding"][0]["system"] == local}
    assert {"step_2min", "waist", "grip_max"} <= local_codes


def test_patient_carries_only_the_pseudonymous_member_identifier(bundle) -> None:
    (patient,) = _resources(bundle, "Patient")
    assert set(patient) == {"resourceType", "meta", "identifier"}
    (identifier,) = patient["identifier"]
    assert identifier["value"] == "MBR-7F3A9C"
    assert identifier["type"]["coding"][0]["code"] == "ANON"
    assert patient["meta"]["security"][0]["code"] == "PSEUDED"


def test_observations_point_at_the_calibration_when_one_applies(bundle) -> None:
    (metric,) = _resources(bundle, "DeviceMetric")
    assert metric["calibration"][0]["state"] == "calibrated"
    metric_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is metric)
    bp = _by_code(bundle)["85354-9"][0]
    weight = _by_code(bundle)["29463-7"][0]
    assert bp["device"]["reference"] == metric_url
    assert weight["device"]["reference"].startswith("urn:uuid:")  # the scale: no calibration
    assert weight["device"]["reference"] != metric_url


def test_provenance_names_the_station_and_the_scoring_versions(bundle) -> None:
    (provenance,) = _resources(bundle, "Provenance")
    station = next(e for e in bundle["entry"]
                   if e["resource"].get("identifier", [{}])[0].get("system")
                   == IdentifierSystems().station)
    assert provenance["agent"][0]["who"]["reference"] == station["fullUrl"]
    versions = {e["what"]["display"] for e in provenance["entity"]}
    assert {"lifelog-kiosk 0.1.0", "ksh-2022 1", "fitness scorer_version pose-0.3"} <= versions
    n_obs = len(_resources(bundle, "Observation"))
    assert len(provenance["target"]) == n_obs + 1  # every Observation and the Encounter


def test_conditional_create_uses_if_none_exist_on_the_business_identifier(bundle) -> None:
    for entry in bundle["entry"]:
        resource, request = entry["resource"], entry["request"]
        if resource["resourceType"] in ("Provenance", "DeviceMetric"):
            assert request["method"] == "PUT"  # no usable identifier search: always PUT
            continue
        assert request["method"] == "POST"
        (criteria,) = parse_qs(request["ifNoneExist"])["identifier"]
        identifier = resource["identifier"][0]
        assert criteria == f"{identifier['system']}|{identifier['value']}"


def test_business_identifiers_are_station_visit_item(db) -> None:
    visit = full_visit(db)
    bundle = build_bundle(load_visit(db, visit), MappingConfig())
    (encounter,) = _resources(bundle, "Encounter")
    assert encounter["identifier"][0]["value"] == f"{STATION}/{visit}/encounter"
    for obs in _resources(bundle, "Observation"):
        assert obs["identifier"][0]["value"].startswith(f"{STATION}/{visit}/")


def test_put_strategy_uses_deterministic_ids_for_every_resource(db) -> None:
    visit = full_visit(db)
    first = build_bundle(load_visit(db, visit), MappingConfig(idempotency="put"))
    again = build_bundle(load_visit(db, visit), MappingConfig(idempotency="put"))
    validate_bundle(first)
    assert first == again
    for entry in first["entry"]:
        resource = entry["resource"]
        assert entry["request"] == {"method": "PUT",
                                    "url": f"{resource['resourceType']}/{resource['id']}"}
    (encounter,) = _resources(first, "Encounter")
    identifier = encounter["identifier"][0]
    assert encounter["id"] == resource_id(identifier["system"], identifier["value"])


def test_guests_get_a_visit_scoped_pseudonym(db) -> None:
    visit = full_visit(db, member=None)
    bundle = build_bundle(load_visit(db, visit), MappingConfig())
    (patient,) = _resources(bundle, "Patient")
    assert patient["identifier"][0] == {
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                             "code": "ANON"}]},
        "system": IdentifierSystems().guest, "value": f"{STATION}/{visit}"}


def test_validation_rejects_a_structurally_broken_bundle(bundle) -> None:
    broken = dict(bundle)
    broken["entry"] = [*bundle["entry"], {"resource": {"resourceType": "Observation",
                                                       "code": {"text": "x"}}}]  # no status
    with pytest.raises(InvalidBundleError, match="status"):
        validate_bundle(broken)


def test_a_missing_visit_is_a_typed_error(db) -> None:
    with pytest.raises(VisitNotFoundError):
        load_visit(db, "no-such-visit")
