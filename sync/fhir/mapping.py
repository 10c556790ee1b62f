"""One visit -> one FHIR R4 transaction Bundle, as plain JSON-ready dicts.

Pure: takes a VisitData and a MappingConfig, returns a dict.  Resources (sync-fhir-security.md
§1.2): a pseudonymous Patient (identifier type ANON, meta.security PSEUDED; no name, phone,
birth date), one Encounter per visit, Observations with LOINC/UCUM (codes.py), the station and
its sensors as Devices, each sensor's calibration as a DeviceMetric, and one Provenance naming
the station and the software / norm-table versions.

Idempotency (§3.2, §4.1): every resource carries a business identifier derived from
station + visit + item.  'conditional-create' POSTs with ``ifNoneExist`` on it; 'put' PUTs to
an id derived from it (UUIDv5).  Provenance has no business identifier in R4, so it is always
PUT to a derived id -- in both strategies, so one resource type never mixes the two; so is
DeviceMetric, whose identifier search servers leave out.
Plain dicts are built and validated, then sent with json.dumps: serialising through the
models is slower than validating (§2 benchmark).
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from sync.config import MappingConfig
from sync.fhir import codes
from sync.fhir.source import MeasurementRow, VisitData

# UUIDv5 namespace of this project's deterministic resource ids (RFC 9562 §5.5); a constant:
# changing it would make every PUT-strategy station create second copies of everything.
ID_NAMESPACE = uuid.UUID("6f1d3c0e-5b7a-4d2e-9a61-3c1f0b8e2d47")

V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
V3_OBSERVATION_VALUE = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PROVENANCE_PARTICIPANT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"

_OBSERVATION_STATUS = {"valid": "final", "implausible": "preliminary",
                       "invalid": "entered-in-error"}
_ENCOUNTER_STATUS = {"completed": "finished", "abandoned": "finished", "open": "in-progress"}
_CALIBRATION_STATE = {"pass": "calibrated", "fail": "calibration-required"}

Json = dict[str, Any]


def resource_id(system: str, value: str) -> str:
    """The deterministic resource id for a business identifier (PUT strategy, Provenance)."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{system}|{value}"))


class _Builder:
    def __init__(self, visit: VisitData, config: MappingConfig) -> None:
        self.visit = visit
        self.config = config
        self.systems = config.systems
        self.entries: list[Json] = []

    def key(self, item: str) -> str:
        return f"{self.visit.station_id}/{self.visit.id}/{item}"

    def add(self, resource: Json, system: str, value: str, *, force_put: bool = False) -> str:
        """Append an entry; return the reference other resources use for it."""
        rid = resource_id(system, value)
        rtype = resource["resourceType"]
        if force_put or self.config.idempotency == "put":
            resource["id"] = rid
            self.entries.append({"fullUrl": f"urn:uuid:{rid}", "resource": resource,
                                 "request": {"method": "PUT", "url": f"{rtype}/{rid}"}})
        else:
            criteria = urlencode({"identifier": f"{system}|{value}"})
            self.entries.append({"fullUrl": f"urn:uuid:{rid}", "resource": resource,
                                 "request": {"method": "POST", "url": rtype,
                                             "ifNoneExist": criteria}})
        return f"urn:uuid:{rid}"

    # --- resources -------------------------------------------------------------------------

    def patient(self) -> str:
        if self.visit.member_pseudonym is not None:
            system, value = self.systems.member, self.visit.member_pseudonym
        else:  # a guest: a pseudonym that names this visit only
            system, value = self.systems.guest, f"{self.visit.station_id}/{self.visit.id}"
        resource: Json = {
            "resourceType": "Patient",
            "meta": {"security": [{"system": V3_OBSERVATION_VALUE, "code": "PSEUDED"}]},
            "identifier": [{"type": {"coding": [{"system": V2_0203, "code": "ANON"}]},
                            "system": system, "value": value}],
        }
        return self.add(resource, system, value)

    def station(self) -> str:
        system, value = self.systems.station, self.visit.station_id
        resource: Json = {
            "resourceType": "Device", "identifier": [{"system": system, "value": value}],
            "serialNumber": value, "type": {"text": "health measurement station"},
            "version": [{"value": self.config.software_version}],
        }
        return self.add(resource, system, value)

    def sensors(self, station_ref: str) -> dict[str, str]:
        """Device per sensor, DeviceMetric per calibration; device_id -> Observation.device."""
        refs: dict[str, str] = {}
        for device in self.visit.devices:
            value = f"{self.visit.station_id}/device/{device.id}"
            resource: Json = {
                "resourceType": "Device",
                "identifier": [{"system": self.systems.item, "value": value}],
                "manufacturer": device.manufacturer, "modelNumber": device.model,
                "deviceName": [{"name": device.model, "type": "model-name"}],
                "type": {"text": device.kind}, "parent": {"reference": station_ref},
            }
            if device.serial_number:
                resource["serialNumber"] = device.serial_number
            if device.firmware:
                resource["version"] = [{"value": device.firmware}]
            refs[device.id] = self.add(resource, self.systems.item, value)
        metric_refs: dict[str, str] = {}
        for cal in self.visit.calibrations:
            if cal.device_id not in refs:
                continue
            value = f"{self.visit.station_id}/calibration/{cal.id}"
            resource = {
                "resourceType": "DeviceMetric",
                "identifier": [{"system": self.systems.item, "value": value}],
                "type": {"text": "calibrated measurement"}, "category": "measurement",
                "source": {"reference": refs[cal.device_id]},
                "calibration": [{"type": "unspecified",
                                 "state": _CALIBRATION_STATE.get(cal.result, "unspecified"),
                                 "time": cal.performed_at}],
            }
            # PUT in both strategies, like Provenance: R4 defines DeviceMetric?identifier but
            # servers omit it (sekmet 0.1.1 rolls the transaction back on it), and a conditional
            # create without a working search would duplicate or fail
            metric_refs[cal.id] = self.add(resource, self.systems.item, value, force_put=True)
        device_refs = dict(refs)
        # an Observation points at the DeviceMetric when one applies, so each value is tied
        # to the calibration state in force when it was measured (§1.2 "Device and calibration")
        for m in self.visit.measurements:
            if m.device_id and m.calibration_id in metric_refs:
                device_refs[f"{m.device_id}@{m.calibration_id}"] = metric_refs[m.calibration_id]
        return device_refs

    def encounter(self, patient_ref: str) -> str:
        value = self.key("encounter")
        period: Json = {"start": self.visit.started_at}
        if self.visit.ended_at:
            period["end"] = self.visit.ended_at
        resource: Json = {
            "resourceType": "Encounter",
            "identifier": [{"system": self.systems.item, "value": value}],
            "status": _ENCOUNTER_STATUS.get(self.visit.status, "unknown"),
            "class": {"system": V3_ACT_CODE, "code": "AMB", "display": "ambulatory"},
            "subject": {"reference": patient_ref}, "period": period,
        }
        return self.add(resource, self.systems.item, value)

    def observations(self, m: MeasurementRow, context: Json, device_refs: dict[str, str]
                     ) -> list[str]:
        device_ref = device_refs.get(f"{m.device_id}@{m.calibration_id}") or (
            device_refs.get(m.device_id) if m.device_id else None)
        values = {v.name: v for v in m.values}
        refs: list[str] = []
        common: Json = {**context, "status": _OBSERVATION_STATUS.get(m.status, "unknown"),
                        "effectiveDateTime": m.station_time,
                        "method": {"text": "result" if m.role == "result"
                                   else f"reading {m.sequence}"}}
        if device_ref:
            common["device"] = {"reference": device_ref}
        if "systolic" in values and "diastolic" in values:
            components = [
                {"code": _concept(code), "valueQuantity": _quantity(values.pop(name).value,
                                                                    codes.MMHG)}
                for name, code in (("systolic", codes.SYSTOLIC), ("diastolic", codes.DIASTOLIC))]
            refs.append(self.observation(m, "bp", codes.BP_PANEL, common,
                                         {"component": components}))
        for value in values.values():
            code = codes.observation_code(value.name, value.unit, self.systems.local_codes)
            refs.append(self.observation(m, value.name, code, common,
                                         {"valueQuantity": _quantity(value.value, code.ucum)}))
        return refs

    def observation(self, m: MeasurementRow, item: str, code: codes.ObservationCode,
                    common: Json, value: Json) -> str:
        key = self.key(f"{m.kind}/{m.id}/{item}")
        resource: Json = {
            "resourceType": "Observation",
            "identifier": [{"system": self.systems.item, "value": key}],
            "category": [{"coding": [{"system": codes.OBSERVATION_CATEGORY,
                                      "code": code.category}]}],
            "code": _concept(code.code), **common, **value,
        }
        return self.add(resource, self.systems.item, key)

    def provenance(self, targets: list[str], station_ref: str) -> None:
        value = self.key("provenance")
        recorded = self.visit.ended_at or max(
            [self.visit.started_at, *(m.station_time for m in self.visit.measurements)])
        entities: list[Json] = [{"role": "source", "what": {"display": self.config.software_version}}]
        entities += [{"role": "source", "what": {"display": version}}
                     for version in _scoring_versions(self.visit)]
        resource: Json = {
            "resourceType": "Provenance",
            "target": [{"reference": ref} for ref in targets],
            "recorded": recorded,
            "agent": [{"type": {"coding": [{"system": PROVENANCE_PARTICIPANT,
                                            "code": "performer"}]},
                       "who": {"reference": station_ref}}],
            "entity": entities,
        }
        self.add(resource, self.systems.item, value, force_put=True)


def _concept(code: codes.Code) -> Json:
    return {"coding": [{"system": code.system, "code": code.code, "display": code.display}],
            "text": code.display}


def _quantity(value: float, ucum: str) -> Json:
    return {"value": value, "unit": ucum, "system": codes.UCUM, "code": ucum}


def _scoring_versions(visit: VisitData) -> list[str]:
    """Norm tables and scorer versions the visit's interpretations were made with."""
    found: set[str] = set()
    for m in visit.measurements:
        table, version = m.interpretation.get("table_id"), m.interpretation.get("table_version")
        if table and version:
            found.add(f"{table} {version}")
        for key in ("scorer_version", "model_version"):
            if m.method.get(key):
                found.add(f"{m.kind} {key} {m.method[key]}")
    return sorted(found)


def build_bundle(visit: VisitData, config: MappingConfig) -> Json:
    """Build the transaction Bundle for one visit.

    Args:
        visit: the visit as read by ``sync.fhir.source.load_visit``.
        config: idempotency strategy, identifier systems, software version.

    Returns:
        A JSON-ready ``Bundle`` of type ``transaction``; validate it with
        ``sync.fhir.validate.validate_bundle`` before sending.
    """
    b = _Builder(visit, config)
    patient_ref = b.patient()
    station_ref = b.station()
    device_refs = b.sensors(station_ref)
    encounter_ref = b.encounter(patient_ref)
    context: Json = {"subject": {"reference": patient_ref},
                     "encounter": {"reference": encounter_ref}}
    targets = [encounter_ref]
    for m in visit.measurements:
        targets += b.observations(m, context, device_refs)
    b.provenance(targets, station_ref)
    return {
        "resourceType": "Bundle", "type": "transaction",
        "identifier": {"system": config.systems.item, "value": b.key("bundle")},
        "entry": b.entries,
    }
