"""Complete workflow runs that leave real results in a database (history / hand-off tests)."""

from __future__ import annotations

from measurements.norms import NormsCatalog, Sex
from measurements.workflows.blood_pressure import (
    POSTURE_CHECKLIST,
    Arm,
    BloodPressureWorkflow,
    BpConfig,
)
from measurements.workflows.body_composition import BodyCompositionWorkflow
from measurements.workflows.grip import GripWorkflow
from tests.measurements.workflows.helpers import Station, bp, grip, scale


def run_bp(station: Station, norms: NormsCatalog, *readings: tuple[float, float]) -> None:
    wf = BloodPressureWorkflow(device=station.device, sink=station.recorder,
                               audit=station.recorder, clock=station.clock, norms=norms,
                               config=BpConfig(rest_s=0.0))
    wf.start()
    wf.confirm_posture(Arm.LEFT, POSTURE_CHECKLIST)
    for systolic, diastolic in readings:
        wf.on_reading(bp(station.clock, systolic, diastolic))
        station.clock.advance(60)
        wf.tick()
    assert wf.finished


def run_body(station: Station, norms: NormsCatalog, mass_kg: float, *, height_cm: float,
             waist_cm: float | None = None) -> None:
    wf = BodyCompositionWorkflow(device=station.device, sink=station.recorder,
                                 audit=station.recorder, clock=station.clock, norms=norms,
                                 sex=Sex.MALE, height_cm=height_cm)
    wf.start()
    wf.answer_safety(False)
    for _ in range(3):
        wf.answer_validity(False)
    wf.enter_number(waist_cm)
    wf.on_reading(scale(station.clock, mass_kg, body_fat=22.0, impedance=510.0))
    assert wf.finished


def run_grip(station: Station, norms: NormsCatalog, *forces: float,
             mass_kg: float | None = None) -> None:
    wf = GripWorkflow(device=station.device, sink=station.recorder, audit=station.recorder,
                      clock=station.clock, norms=norms, sex=Sex.MALE, mass_kg=mass_kg)
    wf.start()
    wf.confirm_posture()
    for force in forces:
        wf.begin_trial()
        wf.on_reading(grip(station.clock, force))
    assert wf.finished
