"""Blood-pressure workflow: rest timer, readings, averaging, third-reading rule, staff alerts,
plausibility, device errors and cancellation -- against the real store (in-memory DB).

Protocol source: KSH 2018 Table 1 (shared/reference/health-kiosk-anchors.md §3.1).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from drivers.errors import DeviceLost, DriverError, Reason
from drivers.readings import CuffPressure, DeviceKind
from measurements.interpretation import bp as bp_rules
from measurements.norms import NormsCatalog
from measurements.workflows.base import MeasurementWorkflow
from measurements.workflows.blood_pressure import (
    POSTURE_CHECKLIST,
    Arm,
    BloodPressureWorkflow,
    BpConfig,
    State,
)
from measurements.workflows.core import Actor
from tests.measurements.workflows.helpers import Station, bp


def make(station: Station, norms: NormsCatalog, **config: object) -> BloodPressureWorkflow:
    return BloodPressureWorkflow(device=station.device, sink=station.recorder,
                                 audit=station.recorder, clock=station.clock, norms=norms,
                                 config=BpConfig(**config))  # type: ignore[arg-type]


def to_first_reading(station: Station, wf: BloodPressureWorkflow) -> None:
    wf.start()
    assert wf.confirm_posture(Arm.LEFT, POSTURE_CHECKLIST)
    station.clock.advance(300)
    wf.tick()
    assert wf.state is State.MEASURING


def take(station: Station, wf: BloodPressureWorkflow, systolic: float, diastolic: float,
         **kwargs: object) -> None:
    """Deliver one reading, then let the 1-min interval pass if the protocol waits."""
    assert wf.state is State.MEASURING
    wf.on_reading(bp(station.clock, systolic, diastolic, **kwargs))  # type: ignore[arg-type]
    if wf.state is State.INTERVAL:
        station.clock.advance(60)
        wf.tick()


def test_satisfies_the_workflow_surface(station: Station, norms: NormsCatalog) -> None:
    wf: MeasurementWorkflow = make(station, norms)
    assert not wf.finished
    assert not wf.busy


# --- posture and rest -------------------------------------------------------------------


def test_posture_checklist_must_be_complete(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    wf.start()
    assert not wf.confirm_posture(Arm.RIGHT, POSTURE_CHECKLIST[:-1])
    assert wf.state is State.POSTURE
    assert wf.missing_items == (POSTURE_CHECKLIST[-1],)
    assert wf.confirm_posture(Arm.RIGHT, POSTURE_CHECKLIST)
    assert wf.state is State.RESTING
    assert wf.arm is Arm.RIGHT


def test_rest_timer_counts_down_and_then_measures(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    wf.start()
    wf.confirm_posture(Arm.LEFT, POSTURE_CHECKLIST)
    assert wf.seconds_remaining == 300
    station.clock.advance(299.5)
    wf.tick()
    assert wf.state is State.RESTING
    assert wf.seconds_remaining == 1
    assert wf.view().seconds_left == 1.0
    assert station.device.requests == []
    station.clock.advance(0.5)
    wf.tick()
    assert wf.state is State.MEASURING
    assert wf.busy
    assert station.device.requests == [(DeviceKind.BLOOD_PRESSURE, {})]


def test_rest_duration_is_configurable(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms, rest_s=180.0)
    wf.start()
    wf.confirm_posture(Arm.LEFT, POSTURE_CHECKLIST)
    station.clock.advance(180)
    wf.tick()
    assert wf.state is State.MEASURING


def test_visitor_cannot_skip_the_rest(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    wf.start()
    wf.confirm_posture(Arm.LEFT, POSTURE_CHECKLIST)
    assert not wf.skip_rest(Actor.VISITOR)
    wf.choose("skip_rest")  # the button pressed without a staff session
    assert wf.state is State.RESTING
    assert station.device.requests == []
    assert station.audit() == []
    skip = [c for c in wf.view().choices if c.key == "skip_rest"]
    assert skip and skip[0].staff_only


def test_staff_can_skip_the_rest_and_it_is_audited_and_flagged(
        station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    wf.start()
    wf.confirm_posture(Arm.LEFT, POSTURE_CHECKLIST)
    station.clock.advance(42)
    assert wf.skip_rest(Actor.STAFF, staff_id="nurse-7")
    assert wf.state is State.MEASURING
    assert station.audit() == [("staff", "bp_rest_skipped", {"rest_done_s": 42.0})]
    take(station, wf, 120, 70)
    assert station.rows()[0]["flags"] == ["rest_skipped"]
    assert station.rows()[0]["method"]["rest_skipped_by"] == "nurse-7"


def test_staff_session_lets_the_screen_button_skip(station: Station, norms: NormsCatalog
                                                   ) -> None:
    wf = BloodPressureWorkflow(device=station.device, sink=station.recorder,
                               audit=station.recorder, clock=station.clock, norms=norms,
                               staff_session=lambda: True)
    wf.start()
    wf.choose("arm_left")
    wf.choose("skip_rest")
    assert wf.state is State.MEASURING


# --- readings, averaging and the third-reading rule ---------------------------------------


def test_two_readings_one_minute_apart_are_averaged(station: Station, norms: NormsCatalog
                                                    ) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    wf.on_reading(bp(station.clock, 128, 84, 72))
    assert wf.state is State.INTERVAL
    assert not wf.busy
    station.clock.advance(59)
    wf.tick()
    assert wf.state is State.INTERVAL  # not before 1 minute
    station.clock.advance(1)
    wf.tick()
    assert wf.state is State.MEASURING
    wf.on_reading(bp(station.clock, 133, 87, 69))
    assert wf.state is State.DONE
    assert wf.result is not None
    assert (wf.result.values.systolic_mmhg, wf.result.values.diastolic_mmhg,
            wf.result.values.pulse_bpm) == (130.5, 85.5, 70.5)
    assert wf.result.readings_taken == 2
    rows = station.rows()
    assert [(r["role"], r["sequence"]) for r in rows] == [("reading", 1), ("reading", 2),
                                                          ("result", 0)]
    result = rows[2]
    assert result["values"] == {"systolic": (130.5, "mm[Hg]"), "diastolic": (85.5, "mm[Hg]"),
                                "pulse": (70.5, "/min")}
    assert result["interpretation"]["category"] == "prehypertension"
    assert result["interpretation"]["table_id"] == "bp-ksh"
    assert result["interpretation"]["table_version"] == "2018.1"
    assert result["interpretation"]["label_ko"] == "고혈압 전단계"
    assert {s["table_id"] for s in result["interpretation"]["secondary"]} == {
        "bp-acc-aha", "bp-esh"}
    assert result["method"]["arm"] == "left"
    assert result["method"]["readings_used"] == [rows[0]["id"], rows[1]["id"]]
    assert station.outbox_count() == 3


@pytest.mark.parametrize(("second", "third_needed"), [
    ((130, 80), False),  # systolic differs by exactly 10: not "more than 10"
    ((131, 80), True),  # 11
    ((120, 90), False),  # diastolic differs by exactly 10
    ((120, 91), True),  # 11
    ((109, 69), True),  # both by 11, downwards
])
def test_third_reading_only_when_the_first_two_differ_by_more_than_10(
        station: Station, norms: NormsCatalog, second: tuple[int, int], third_needed: bool
) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    take(station, wf, 120, 80)
    take(station, wf, *second)
    if not third_needed:
        assert wf.state is State.DONE
        assert len(station.device.requests) == 2
        return
    assert wf.state is State.MEASURING
    assert len(station.device.requests) == 3
    take(station, wf, 126, 84)
    assert wf.state is State.DONE
    assert wf.result is not None
    assert wf.result.readings_taken == 3
    # ESH convention: the mean of the last two readings
    assert (wf.result.values.systolic_mmhg, wf.result.values.diastolic_mmhg) == (
        (second[0] + 126) / 2, (second[1] + 84) / 2)


def test_third_reading_prompt_says_why(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    take(station, wf, 120, 80)
    wf.on_reading(bp(station.clock, 140, 80))
    assert wf.state is State.INTERVAL
    assert wf.prompt_key == "bp.interval_third"


def test_averaging_all_readings_is_configurable(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms, averaging="all")
    to_first_reading(station, wf)
    for s, d in ((150, 90), (130, 80), (128, 80)):
        take(station, wf, s, d)
    assert wf.result is not None
    assert wf.result.values.systolic_mmhg == round((150 + 130 + 128) / 3, 1)


def test_irregular_pulse_takes_a_third_reading_and_alerts_staff(
        station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    take(station, wf, 122, 78, irregular=True)
    assert wf.staff_alert is not None
    assert wf.staff_alert.reasons == ("irregular_pulse",)
    assert wf.view().staff_alert
    take(station, wf, 124, 78)
    assert wf.state is State.MEASURING  # KSH: arrhythmia -> at least three readings
    take(station, wf, 121, 77)
    assert wf.state is State.DONE
    assert wf.result is not None and wf.result.staff_alert
    assert "irregular_pulse" in station.rows()[-1]["flags"]
    alerts = [a for a in station.audit() if a[1] == "staff_alert"]
    assert alerts == [("system", "staff_alert", {
        "kind": "blood_pressure", "reasons": ["irregular_pulse"]})]
    assert wf.staff_alert.values == {"systolic": 122, "diastolic": 78}


@pytest.mark.parametrize(("systolic", "diastolic", "alert"), [
    (179, 109, False),
    (180, 100, True),
    (170, 110, True),
    (179.9, 109.9, False),
])
def test_staff_alert_at_180_or_110(station: Station, norms: NormsCatalog, systolic: float,
                                   diastolic: float, alert: bool) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    take(station, wf, systolic, diastolic)
    assert (wf.staff_alert is not None) is alert
    assert (len(station.audit()) == 1) is alert
    if alert:
        assert wf.staff_alert is not None
        assert wf.staff_alert.reasons == ("bp_at_or_above_180_110",)
    take(station, wf, systolic, diastolic)  # a second high reading: still one audit entry
    assert (len(station.audit()) == 1) is alert
    assert wf.result is not None
    assert wf.result.summary.staff_alert is alert
    if alert:
        assert "직원" in wf.result.summary.explanation_ko


# --- plausibility, device errors, failures ------------------------------------------------


@pytest.mark.parametrize(("systolic", "diastolic", "pulse"), [
    (59, 40, 70), (261, 100, 70), (120, 29, 70), (200, 161, 70), (120, 80, 29),
    (120, 80, 221), (100, 100, 70),
])
def test_implausible_reading_is_stored_flagged_and_measured_again(
        station: Station, norms: NormsCatalog, systolic: float, diastolic: float,
        pulse: float) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    wf.on_reading(bp(station.clock, systolic, diastolic, pulse))
    assert wf.state is State.MEASURE_AGAIN
    assert wf.implausible
    assert wf.readings == []
    assert wf.view().readings == ()  # never shown as a result
    assert station.roles() == [("reading", "implausible")]
    assert station.rows()[0]["interpretation"]["implausible"]
    wf.choose("retry")
    assert wf.state is State.MEASURING
    take(station, wf, 118, 76)
    take(station, wf, 116, 74)
    assert wf.state is State.DONE
    assert station.roles() == [("reading", "implausible"), ("reading", "valid"),
                               ("reading", "valid"), ("result", "valid")]


@pytest.mark.parametrize(("systolic", "diastolic"), [(60, 30), (260, 159)])
def test_limit_values_themselves_are_plausible(station: Station, norms: NormsCatalog,
                                               systolic: float, diastolic: float) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    wf.on_reading(bp(station.clock, systolic, diastolic, 30))
    assert station.roles() == [("reading", "valid")]


def test_device_error_mid_protocol_keeps_the_first_reading(station: Station,
                                                           norms: NormsCatalog) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    take(station, wf, 124, 80)
    wf.on_device_error(DeviceLost("link dropped"))
    assert wf.state is State.DEVICE_ERROR
    assert not wf.busy
    assert wf.error_reason is Reason.DEVICE_LOST
    view = wf.view()
    assert "연결" in view.error_ko
    assert [c.key for c in view.choices] == ["retry"]
    assert station.roles() == [("reading", "valid")]
    assert wf.retry()
    take(station, wf, 126, 82)
    assert wf.state is State.DONE
    assert wf.result is not None
    assert wf.result.values.systolic_mmhg == 125.0


def test_retry_after_an_early_error_still_waits_for_the_interval(
        station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    wf.on_reading(bp(station.clock, 124, 80))
    station.clock.advance(60)
    wf.tick()
    station.clock.advance(5)
    wf.on_device_error(DriverError(Reason.CUFF_ERROR, "E2"))
    wf.retry()
    assert wf.state is State.MEASURING  # 65 s since the first reading: go straight on


def test_three_failures_in_a_row_end_in_failed_without_a_result(
        station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    take(station, wf, 124, 80)
    wf.on_device_error(DriverError(Reason.TIMEOUT))
    wf.retry()
    wf.on_reading(bp(station.clock, 300, 80))
    wf.retry()
    wf.on_device_error(DriverError(Reason.TIMEOUT))
    assert wf.state is State.FAILED
    assert wf.finished
    assert wf.prompt_key == "workflow.failed"
    assert station.roles() == [("reading", "valid"), ("reading", "implausible")]


def test_wrong_reading_type_is_a_protocol_error(station: Station, norms: NormsCatalog) -> None:
    from tests.measurements.workflows.helpers import grip

    wf = make(station, norms)
    to_first_reading(station, wf)
    wf.on_reading(grip(station.clock, 30))
    assert wf.state is State.DEVICE_ERROR
    assert wf.error_reason is Reason.MALFORMED_DATA
    assert station.rows() == []


# --- cancellation at every step ----------------------------------------------------------


def _drive_to(station: Station, wf: BloodPressureWorkflow, step: str) -> int:
    """Drive to ``step``; returns how many complete readings are stored by then."""

    def after_rest() -> None:
        station.clock.advance(300)
        wf.tick()

    def after_interval() -> None:
        station.clock.advance(60)
        wf.tick()

    path: list[tuple[str, Callable[[], object], int]] = [
        ("idle", lambda: None, 0),
        ("posture", wf.start, 0),
        ("rest", lambda: wf.confirm_posture(Arm.LEFT, POSTURE_CHECKLIST), 0),
        ("measuring_1", after_rest, 0),
        ("interval", lambda: wf.on_reading(bp(station.clock, 124, 80)), 1),
        ("measuring_2", after_interval, 1),
    ]
    branches: dict[str, list[tuple[str, Callable[[], object], int]]] = {
        "device_error": [("device_error",
                          lambda: wf.on_device_error(DriverError(Reason.TIMEOUT)), 1)],
        "measure_again": [("measure_again",
                           lambda: wf.on_reading(bp(station.clock, 20, 10)), 2)],
        "measuring_3": [  # the second differs by 16: a third reading
            ("interval_3", lambda: wf.on_reading(bp(station.clock, 140, 80)), 2),
            ("measuring_3", after_interval, 2)],
    }
    for name, action, stored in [*path, *branches.get(step, [])]:
        action()
        if name == step:
            return stored
    raise AssertionError(f"unknown step {step}")


@pytest.mark.parametrize("step", ["idle", "posture", "rest", "measuring_1", "interval",
                                  "measuring_2", "device_error", "measure_again",
                                  "measuring_3"])
def test_cancel_at_any_step_leaves_only_complete_readings(
        station: Station, norms: NormsCatalog, step: str) -> None:
    wf = make(station, norms)
    stored = _drive_to(station, wf, step)
    was_busy = wf.busy
    wf.cancel()
    assert wf.state is State.CANCELLED
    assert wf.finished and not wf.busy
    assert station.device.cancels == (1 if was_busy else 0)
    # a late answer from the device after cancel is ignored
    wf.on_reading(bp(station.clock, 120, 80))
    wf.on_device_error(DriverError(Reason.TIMEOUT))
    station.clock.advance(600)
    wf.tick()
    rows = station.rows()
    assert len(rows) == stored
    assert all(r["role"] == "reading" for r in rows)  # never a result
    assert all(r["values"]["systolic"][1] == "mm[Hg]" for r in rows)  # complete records
    assert station.outbox_count() == stored
    assert wf.result is None
    assert wf.state is State.CANCELLED


def test_listeners_hear_every_state_change(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    seen: list[str] = []
    wf.listeners.subscribe(lambda w: seen.append(w.state.value))  # type: ignore[attr-defined]
    to_first_reading(station, wf)
    take(station, wf, 118, 76)
    take(station, wf, 116, 74)
    assert seen[:2] == ["posture", "rest"]
    assert "measuring" in seen and "interval" in seen
    assert seen[-1] == "done"


def test_result_view_for_the_screen(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    to_first_reading(station, wf)
    take(station, wf, 142, 92)
    take(station, wf, 146, 94)
    view = wf.view()
    assert view.finished
    summary = view.result
    assert summary is not None
    assert [line.value_text for line in summary.lines] == ["144", "93", "70"]
    (category,) = summary.categories
    assert category.code == "bp-ksh.hypertension_grade1"
    assert (category.tone, category.icon) == ("warning", "alert")
    assert category.table == "bp-ksh@2018.1"
    assert "참고" in summary.explanation_ko
    assert "백사십사" in summary.speech_ko
    assert summary.trend_values == ("systolic", "diastolic")
    assert summary.measurement_id == station.rows()[-1]["id"]


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="1-2 min"):
        BpConfig(interval_s=30.0)
    with pytest.raises(ValueError, match="1-2 min"):
        BpConfig(interval_s=121.0)
    with pytest.raises(ValueError, match="rest_s"):
        BpConfig(rest_s=-1.0)
    with pytest.raises(ValueError, match="bogus"):
        BpConfig(averaging="bogus")  # type: ignore[arg-type]
    assert BpConfig(averaging="all").averaging is bp_rules.Averaging.ALL  # type: ignore[arg-type]


def test_zero_rest_measures_at_once(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms, rest_s=0.0)
    wf.start()
    wf.confirm_posture(Arm.LEFT, POSTURE_CHECKLIST)
    assert wf.state is State.MEASURING


def test_progress_shows_live_cuff_pressure(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    wf.on_progress(CuffPressure(150.0))  # not measuring: ignored
    assert wf.view().live_text == ""
    to_first_reading(station, wf)
    wf.on_progress(CuffPressure(142.0))
    assert wf.view().live_text == "커프 압력 142 mmHg"
    wf.on_reading(bp(station.clock, 120, 80))
    assert wf.view().live_text == ""


def test_posture_step_shows_the_whole_checklist(station: Station, norms: NormsCatalog) -> None:
    from measurements.workflows.prompts import BP_CHECKLIST

    assert set(BP_CHECKLIST) == set(POSTURE_CHECKLIST)
    wf = make(station, norms)
    wf.start()
    view = wf.view()
    for ko, _ in BP_CHECKLIST.values():
        assert ko in view.instruction_ko
    assert [c.key for c in view.choices] == ["arm_left", "arm_right"]
    assert len(view.speech_ko) < len(view.instruction_ko)
