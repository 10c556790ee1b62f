"""Grip workflow: both hands, 2 or 3 trials, raw trials stored with hand/posture/device type,
best and mean, relative grip, AWGS 2019 low-grip flag (anchors §2.4)."""

from __future__ import annotations

import pytest

from drivers.errors import DriverError, Reason
from drivers.readings import DeviceKind
from measurements.interpretation.grip import Posture
from measurements.norms import NormsCatalog, Sex
from measurements.workflows.base import MeasurementWorkflow
from measurements.workflows.grip import GripConfig, GripWorkflow, State
from tests.measurements.workflows.helpers import Station, grip


def make(station: Station, norms: NormsCatalog, *, sex: Sex | None = Sex.FEMALE,
         mass_kg: float | None = 60.0, **config: object) -> GripWorkflow:
    return GripWorkflow(device=station.device, sink=station.recorder, audit=station.recorder,
                        clock=station.clock, norms=norms, sex=sex, mass_kg=mass_kg,
                        config=GripConfig(**config))  # type: ignore[arg-type]


def squeeze(station: Station, wf: GripWorkflow, kgf: float) -> None:
    assert wf.state is State.READY
    wf.choose("start")
    assert wf.busy
    wf.on_reading(grip(station.clock, kgf))


def test_satisfies_the_workflow_surface(station: Station, norms: NormsCatalog) -> None:
    wf: MeasurementWorkflow = make(station, norms)
    assert not wf.busy and not wf.finished


def test_two_trials_per_hand_alternating(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    wf.start()
    wf.choose("ready")
    order = []
    for kgf in (20.0, 17.0, 22.0, 16.0):
        assert wf.current is not None
        order.append(wf.current)
        squeeze(station, wf, kgf)
    assert [(h.value, n) for h, n in order] == [("right", 1), ("left", 1), ("right", 2),
                                                ("left", 2)]
    assert wf.state is State.DONE
    assert station.device.requests == [(DeviceKind.GRIP, {})] * 4
    rows = station.rows()
    trials = rows[:4]
    assert [r["values"] for r in trials] == [
        {"grip_right": (20.0, "kg")}, {"grip_left": (17.0, "kg")},
        {"grip_right": (22.0, "kg")}, {"grip_left": (16.0, "kg")}]
    assert [(r["method"]["hand"], r["method"]["trial"]) for r in trials] == [
        ("right", 1), ("left", 1), ("right", 2), ("left", 2)]
    assert all(r["method"]["posture"] == "seated_elbow_90" for r in trials)
    assert all(r["method"]["device_type"] == "digital" for r in trials)
    assert trials[0]["method"]["force_curve_kgf"] == [1.0, 10.0, 20.0]
    result = rows[4]
    assert result["role"] == "result"
    assert result["values"] == {
        "grip_right_max": (22.0, "kg"), "grip_right_mean": (21.0, "kg"),
        "grip_left_max": (17.0, "kg"), "grip_left_mean": (16.5, "kg"),
        "grip_max": (22.0, "kg"), "grip_relative": (36.7, "%")}
    assert result["interpretation"]["category"] == "normal"  # 22 >= 18 (women)
    assert result["interpretation"]["table_id"] == "awgs"
    assert result["interpretation"]["table_version"] == "2019.1"


def test_three_trials_and_standing_posture(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms, sex=Sex.MALE, trials_per_hand=3,
              posture=Posture.STANDING_ARM_DOWN, device_type="spring")
    wf.start()
    assert wf.prompt_key == "grip.posture_standing"
    wf.confirm_posture()
    for kgf in (27.0, 25.0, 27.9, 26.0, 26.5, 24.0):
        squeeze(station, wf, kgf)
    assert wf.result is not None
    assert wf.result.summary_values.best_kg == 27.9
    awgs = wf.result.interpretation.awgs
    assert awgs is not None and awgs.category.code == "low_grip"  # 27.9 < 28 (men)
    assert "참고" in wf.result.summary.explanation_ko
    assert {r["method"]["device_type"] for r in station.rows()[:6]} == {"spring"}


def test_without_mass_no_relative_grip_and_without_sex_no_category(
        station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms, sex=None, mass_kg=None)
    wf.start()
    wf.confirm_posture()
    for kgf in (30.0, 31.0, 29.0, 28.0):
        squeeze(station, wf, kgf)
    assert wf.result is not None
    assert wf.result.interpretation.awgs is None
    assert "grip_relative" not in station.rows()[-1]["values"]
    assert wf.result.summary.categories == ()


def test_skipping_a_hand(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    wf.start()
    wf.confirm_posture()
    squeeze(station, wf, 20.0)
    assert wf.skip_hand()  # the left hand hurts
    squeeze(station, wf, 21.0)
    assert wf.state is State.DONE
    result = station.rows()[-1]
    assert result["method"]["skipped_hands"] == ["left"]
    assert set(result["values"]) == {"grip_right_max", "grip_right_mean", "grip_max",
                                     "grip_relative"}


@pytest.mark.parametrize(("kgf", "plausible"), [(-0.1, False), (0.0, True), (100.0, True),
                                                (100.1, False)])
def test_plausibility(station: Station, norms: NormsCatalog, kgf: float, plausible: bool
                      ) -> None:
    wf = make(station, norms)
    wf.start()
    wf.confirm_posture()
    squeeze(station, wf, kgf)
    if plausible:
        assert wf.state is State.READY
        assert station.roles() == [("reading", "valid")]
    else:
        assert wf.state is State.MEASURE_AGAIN
        assert station.roles() == [("reading", "implausible")]
        assert wf.trials == []
        wf.choose("retry")
        wf.on_reading(grip(station.clock, 20.0))
        assert wf.current is not None and wf.current[0].value == "left"


def test_device_error_mid_protocol_keeps_earlier_trials(station: Station, norms: NormsCatalog
                                                        ) -> None:
    wf = make(station, norms)
    wf.start()
    wf.confirm_posture()
    squeeze(station, wf, 20.0)
    wf.choose("start")
    wf.on_device_error(DriverError(Reason.DEVICE_LOST))
    assert wf.state is State.DEVICE_ERROR
    assert station.roles() == [("reading", "valid")]
    wf.choose("retry")
    wf.on_reading(grip(station.clock, 18.0))
    assert [t.force_kg for t in wf.trials] == [20.0, 18.0]


@pytest.mark.parametrize("step", ["idle", "posture", "ready", "measuring", "device_error",
                                  "measure_again", "ready_after_trials"])
def test_cancel_at_any_step_stores_no_result(station: Station, norms: NormsCatalog,
                                             step: str) -> None:
    wf = make(station, norms)
    stored = 0
    if step != "idle":
        wf.start()
    if step not in ("idle", "posture"):
        wf.confirm_posture()
    if step == "ready_after_trials":
        for kgf in (20.0, 17.0, 22.0):
            squeeze(station, wf, kgf)
        stored = 3
    if step in ("measuring", "device_error", "measure_again"):
        wf.begin_trial()
    if step == "device_error":
        wf.on_device_error(DriverError(Reason.TIMEOUT))
    if step == "measure_again":
        wf.on_reading(grip(station.clock, 150.0))
        stored = 1
    was_busy = wf.busy
    wf.cancel()
    wf.on_reading(grip(station.clock, 25.0))  # late: ignored
    assert wf.state is State.CANCELLED
    assert station.device.cancels == int(was_busy)
    assert len(station.rows()) == stored
    assert all(r["role"] == "reading" for r in station.rows())


def test_config_validation() -> None:
    with pytest.raises(ValueError, match="trials_per_hand"):
        GripConfig(trials_per_hand=4)
