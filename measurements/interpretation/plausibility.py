"""Named plausibility limits: a value outside them is a measurement fault, not a result.

An implausible reading is stored (status 'implausible', so the raw frames stay auditable)
but never shown or classified; the visitor is asked to measure again.  The limits are wide
on purpose: they catch device and typing faults, not unusual people.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limit:
    name: str
    low: float  # inclusive
    high: float  # inclusive
    unit: str  # UCUM
    why: str


LIMITS: dict[str, Limit] = {
    limit.name: limit
    for limit in (
        # Oscillometric monitors report roughly 60-260 (systolic) and 40-200 (diastolic);
        # an office systolic outside 60-260 is a cuff or movement artefact, not physiology.
        Limit("systolic", 60, 260, "mm[Hg]", "validated monitor measuring range; "
              "beyond it is a cuff/motion artefact"),
        Limit("diastolic", 30, 160, "mm[Hg]", "below 30 or above 160 at rest is an artefact "
              "(cuff, arm movement), not a resting pressure"),
        Limit("pulse", 30, 220, "/min", "the monitors' pulse range is about 30/40-180/200; "
              "220 covers the theoretical maximum heart rate"),
        Limit("mass", 20, 250, "kg", "adult visitors; below 20 kg is a child or nobody on the "
              "plate, above 250 kg is over the scales' capacity"),
        Limit("height", 100, 220, "cm", "adult standing height; outside is a typing slip "
              "(e.g. 16 for 160) or metres entered as centimetres"),
        Limit("bmi", 10, 70, "kg/m2", "BMI outside 10-70 means the mass or height is wrong"),
        Limit("body_fat", 3, 70, "%", "BIA scales report about 3-75 %; a value outside "
              "3-70 is an electrode-contact fault"),
        Limit("waist", 40, 200, "cm", "adult waist circumference; outside is a typing slip "
              "or inches entered as centimetres"),
        Limit("grip", 0, 100, "kg", "dynamometers read 0-90/100 kg; the AWGS cut-offs are "
              "28/18 kg, so the top of the range is far from any decision"),
        Limit("impedance", 100, 1500, "Ohm", "whole-body 50 kHz impedance of adults is a few "
              "hundred ohms; outside 100-1500 is bad electrode contact"),
    )
}


@dataclass(frozen=True, slots=True)
class Implausible:
    """Typed outcome "measure again": which value, what it was, which limit it broke."""

    name: str
    value: float
    limit: Limit

    @property
    def message_key(self) -> str:
        return "measure.again"


def check(name: str, value: float) -> Implausible | None:
    """None when ``value`` is within the named limit, else an :class:`Implausible`.

    Raises:
        KeyError: no limit with that name (a programming error).
    """
    limit = LIMITS[name]
    if limit.low <= value <= limit.high:
        return None
    return Implausible(name, value, limit)


def check_all(values: dict[str, float | None]) -> tuple[Implausible, ...]:
    """Every limit broken by the given values (None values are absent and skipped)."""
    found = (check(name, value) for name, value in values.items() if value is not None)
    return tuple(item for item in found if item is not None)


def check_blood_pressure(systolic_mmhg: float, diastolic_mmhg: float,
                         pulse_bpm: float | None) -> tuple[Implausible, ...]:
    """Per-value limits, plus diastolic must be below systolic (a pulse pressure <= 0 is
    physically impossible and means the monitor mis-detected the oscillation envelope)."""
    found = list(check_all({"systolic": systolic_mmhg, "diastolic": diastolic_mmhg,
                            "pulse": pulse_bpm}))
    if diastolic_mmhg >= systolic_mmhg:
        found.append(Implausible("pulse_pressure", systolic_mmhg - diastolic_mmhg,
                                 Limit("pulse_pressure", 1, 260, "mm[Hg]",
                                       "diastolic must be below systolic")))
    return tuple(found)
