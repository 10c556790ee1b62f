"""Which code and unit each stored measurement value is uploaded with.

Codes and units follow shared/reference/sync-fhir-security.md §1.1, which cites:

* FHIR R4 vital signs, http://hl7.org/fhir/R4/observation-vitalsigns.html: BP panel 85354-9
  with 8480-6 / 8462-4 in ``mm[Hg]``, heart rate 8867-4 ``/min``, body weight 29463-7 ``kg``,
  body height 8302-2 ``cm``, BMI 39156-5 ``kg/m2``.
* Body fat 41982-0 ``%`` (JP Core ConceptMap JP_BodyMeasurement_to_LOINC; not a vital sign).
* Grip strength NIH Toolbox, https://loinc.org/83145-3: right 83174-3, left 83173-5 (the brief's
  "83174-4" does not exist).  The dynamometers report kilogram-force; UCUM ``kgf``.
* 30-s chair stand 66247-8, https://loinc.org/66247-8, unit ``{#}/(30.s)`` as in LOINC's example.
* Timed Up and Go 89423-8 (panel 89422-0, https://loinc.org/89422-0), unit ``s``.

Everything else (2-minute step, one-leg stance, sit-and-reach, arm curl, 5x sit-to-stand,
waist, impedance, ...) goes out under the platform's local CodeSystem with the stored value
name as the code, so nothing measured is dropped for want of a LOINC term (§1.1 "Local codes").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
VITAL_SIGNS_PROFILE = "http://hl7.org/fhir/StructureDefinition/"

Category = Literal["vital-signs", "exam"]


@dataclass(frozen=True, slots=True)
class Code:
    system: str
    code: str
    display: str


@dataclass(frozen=True, slots=True)
class ObservationCode:
    """One row of the table: the code, the UCUM unit sent, the category and the R4 profile."""

    code: Code
    ucum: str
    category: Category
    profile: str | None = None  # R4 vital-signs profile name (bp, bodyweight, ...)


BP_PANEL = ObservationCode(
    Code(LOINC, "85354-9", "Blood pressure panel with all children optional"), "", "vital-signs",
    "bp")
SYSTOLIC = Code(LOINC, "8480-6", "Systolic blood pressure")
DIASTOLIC = Code(LOINC, "8462-4", "Diastolic blood pressure")
MMHG = "mm[Hg]"

# stored value name (measurements.store.Value.name) -> how it is uploaded
BY_VALUE_NAME: dict[str, ObservationCode] = {
    "pulse": ObservationCode(Code(LOINC, "8867-4", "Heart rate"), "/min", "vital-signs",
                             "heartrate"),
    "mass": ObservationCode(Code(LOINC, "29463-7", "Body weight"), "kg", "vital-signs",
                            "bodyweight"),
    "height": ObservationCode(Code(LOINC, "8302-2", "Body height"), "cm", "vital-signs",
                              "bodyheight"),
    "bmi": ObservationCode(Code(LOINC, "39156-5", "Body mass index (BMI) [Ratio]"), "kg/m2",
                           "vital-signs", "bmi"),
    "body_fat": ObservationCode(Code(LOINC, "41982-0", "Percentage of body fat Measured"), "%",
                                "exam"),
    # a single trial and the best of a hand's trials share the code; the identifier and the
    # method (trial / best) tell them apart
    "grip_right": ObservationCode(
        Code(LOINC, "83174-3", "Grip strength Hand - right Dynamometer"), "kgf", "exam"),
    "grip_right_max": ObservationCode(
        Code(LOINC, "83174-3", "Grip strength Hand - right Dynamometer"), "kgf", "exam"),
    "grip_left": ObservationCode(
        Code(LOINC, "83173-5", "Grip strength Hand - left Dynamometer"), "kgf", "exam"),
    "grip_left_max": ObservationCode(
        Code(LOINC, "83173-5", "Grip strength Hand - left Dynamometer"), "kgf", "exam"),
    "chair_stand_30s": ObservationCode(
        Code(LOINC, "66247-8", "Sit to stand frequency in 30 seconds"), "{#}/(30.s)", "exam"),
    "timed_up_and_go": ObservationCode(
        Code(LOINC, "89423-8", "Time to rise from chair, walk 10 feet and back, and return to"
             " sitting [TUG]"), "s", "exam"),
}

# grip dynamometers store the force as "kg" (kilogram-force read off the dial); UCUM spells the
# force kgf, and the number is the same
_FORCE_NAMES = frozenset({"grip_right", "grip_left", "grip_right_max", "grip_left_max",
                          "grip_right_mean", "grip_left_mean", "grip_max"})


def observation_code(value_name: str, stored_unit: str, local_system: str) -> ObservationCode:
    """The code and unit for one stored value; a local code when LOINC has none.

    Args:
        value_name: ``measurement_values.name``.
        stored_unit: ``measurement_values.unit`` (UCUM as stored).
        local_system: the platform's local CodeSystem URI.
    """
    known = BY_VALUE_NAME.get(value_name)
    if known is not None:
        return known
    unit = "kgf" if value_name in _FORCE_NAMES and stored_unit == "kg" else stored_unit
    return ObservationCode(Code(local_system, value_name, value_name.replace("_", " ")), unit,
                           "exam")
