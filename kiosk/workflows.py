"""Builds the measurement workflow for a menu choice, wired to this station's ports.

The workflow gets: a DevicePort running the driver on the device loop (kiosk/devices.py),
a VisitRecorder writing records and audit entries for the open visit, the station clock,
the norm tables, and a way to ask whether a staff member is signed in (staff-only choices
such as skipping the rest timer).
"""

from __future__ import annotations

import functools
from typing import Any

from kiosk.context import KioskContext
from measurements import history
from measurements.norms import NormsCatalog, Sex, load_directory
from measurements.workflows.sinks import VisitRecorder


@functools.cache
def norms() -> NormsCatalog:
    """Load (and validate) every norm table once per process."""
    return load_directory()


def create_workflow(ctx: KioskContext, kind: str) -> Any:
    visit_id = ctx.visit.visit_id
    if visit_id is None:
        raise RuntimeError("a measurement needs an open visit (consent first)")
    recorder = VisitRecorder(ctx.db, station_id=ctx.config.station_id, visit_id=visit_id,
                             clock=ctx.clock)
    port = ctx.devices.port(None)
    sex = Sex(ctx.visit.sex) if ctx.visit.sex else None
    common: dict[str, Any] = {
        "device": port, "sink": recorder, "audit": recorder, "clock": ctx.clock,
        "norms": norms(), "staff_session": lambda: bool(ctx.extras.get("staff_session")),
    }
    if kind == "blood_pressure":
        from measurements.workflows.blood_pressure import BloodPressureWorkflow, BpConfig  # noqa: PLC0415

        workflow: Any = BloodPressureWorkflow(config=BpConfig(rest_s=ctx.config.bp_rest_s),
                                              **common)
    elif kind == "body_composition":
        from measurements.workflows.body_composition import BodyCompositionWorkflow  # noqa: PLC0415

        workflow = BodyCompositionWorkflow(sex=sex, height_cm=_last(ctx, "body_composition",
                                                                    "height"), **common)
    elif kind == "grip":
        from measurements.workflows.grip import GripWorkflow  # noqa: PLC0415

        # relative grip needs body mass: this visit's scale result, else the last one
        workflow = GripWorkflow(sex=sex, mass_kg=_last(ctx, "body_composition", "mass"),
                                **common)
    else:
        raise ValueError(f"unknown measurement {kind!r}")
    port.workflow = workflow
    workflow.device = port
    port.profile = lambda: _profile(ctx, workflow)
    port.on_progress = workflow.on_progress
    return workflow


def _last(ctx: KioskContext, kind: str, name: str) -> float | None:
    """The member's most recent stored value (height, mass); None for guests."""
    if ctx.visit.visitor_id is None:
        return None
    return history.latest_value(ctx.db, visitor_id=ctx.visit.visitor_id, kind=kind, name=name)


def _profile(ctx: KioskContext, workflow: Any) -> dict[str, Any]:
    """What an analyser may need about the person (Tanita PC mode: sex, height, age)."""
    age = None
    if ctx.visit.birth_year is not None:
        age = ctx.clock.now().year - ctx.visit.birth_year
    return {"sex": ctx.visit.sex, "age_years": age,
            "height_cm": getattr(workflow, "height_cm", None)}
