"""Weight / height / body-composition workflow against the real store.

BIA safety and validity conditions: shared/reference/health-kiosk-anchors.md §3.2, §6 item 5.
"""

from __future__ import annotations

import pytest

from drivers.errors import DriverError, Reason
from drivers.readings import DeviceKind
from measurements.norms import NormsCatalog, Sex
from measurements.workflows.base import MeasurementWorkflow
from measurements.workflows.body_composition import BodyCompositionWorkflow, BodyConfig, State
from tests.measurements.workflows.helpers import Station, scale


def make(station: Station, norms: NormsCatalog, *, sex: Sex | None = Sex.MALE,
         height_cm: float | None = None, **config: object) -> BodyCompositionWorkflow:
    return BodyCompositionWorkflow(
        device=station.device, sink=station.recorder, audit=station.recorder,
        clock=station.clock, norms=norms, sex=sex, height_cm=height_cm,
        config=BodyConfig(**config))  # type: ignore[arg-type]


def to_scale(wf: BodyCompositionWorkflow, *, implant: bool = False,
             answers: tuple[bool, bool, bool] = (False, False, False),
             height: float | None = 170.0, waist: float | None = None) -> None:
    wf.start()
    wf.answer_safety(implant)
    if not implant:
        for answer in answers:
            assert wf.answer_validity(answer)
    if wf.state is State.HEIGHT:
        assert wf.enter_number(height)
    assert wf.state is State.WAIST
    assert wf.enter_number(waist)
    assert wf.state is State.MEASURING


def test_satisfies_the_workflow_surface(station: Station, norms: NormsCatalog) -> None:
    wf: MeasurementWorkflow = make(station, norms)
    assert not wf.busy and not wf.finished


def test_full_body_composition(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    to_scale(wf, waist=91.0)
    assert station.device.requests == [(DeviceKind.SCALE, {})]
    assert wf.busy
    wf.on_reading(scale(station.clock, 72.3, body_fat=24.5, impedance=520.0))
    assert wf.state is State.DONE
    rows = station.rows()
    assert [(r["role"], r["status"]) for r in rows] == [("reading", "valid"),
                                                        ("result", "valid")]
    reading, result = rows
    assert reading["values"] == {"mass": (72.3, "kg"), "body_fat": (24.5, "%"),
                                 "impedance": (520.0, "Ohm")}
    assert result["values"] == {"mass": (72.3, "kg"), "height": (170.0, "cm"),
                                "bmi": (25.0, "kg/m2"), "waist": (91.0, "cm"),
                                "body_fat": (24.5, "%")}
    assert result["interpretation"]["category"] == "obesity_class1"
    assert result["interpretation"]["table_id"] == "bmi-ksso"
    assert result["interpretation"]["table_version"] == "2022.1"
    assert result["interpretation"]["waist"]["category"] == "abdominal_obesity"
    assert result["interpretation"]["waist"]["table_id"] == "waist-ksso"
    assert result["method"]["validity_answers"] == {
        "meal_within_3h": False, "exercise_within_12h": False,
        "shower_or_sauna_just_before": False}
    summary = wf.view().result
    assert summary is not None
    assert [c.code for c in summary.categories] == ["bmi-ksso.obesity_class1",
                                                    "waist-ksso.abdominal_obesity"]
    assert summary.trend_values == ("mass", "bmi")


def test_validity_answers_are_stored_as_quality_flags(station: Station, norms: NormsCatalog
                                                      ) -> None:
    wf = make(station, norms)
    to_scale(wf, answers=(True, False, True))
    wf.on_reading(scale(station.clock, 60.0, body_fat=30.0, impedance=600.0))
    for row in station.rows():
        assert row["flags"] == ["meal_within_3h", "shower_or_sauna_just_before"]
    assert wf.result is not None and wf.result.interpretation.bia_caveat
    assert "샤워" in wf.result.summary.explanation_ko


def test_implant_means_weight_only_request_and_no_impedance_values(
        station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    to_scale(wf, implant=True)
    assert station.device.requests == [(DeviceKind.SCALE, {"impedance": False})]
    assert wf.prompt_key == "body.measuring_weight_only"
    # a scale that sends BIA values anyway: they are discarded, and that is flagged
    wf.on_reading(scale(station.clock, 65.0, body_fat=28.0, impedance=500.0))
    reading, result = station.rows()
    assert set(reading["values"]) == {"mass"}
    assert set(result["values"]) == {"mass", "height", "bmi"}
    assert reading["flags"] == ["impedance_skipped_implant", "impedance_values_discarded"]
    assert result["method"]["impedance"] is False
    assert wf.result is not None and wf.result.impedance_skipped
    assert wf.result.body_fat_pct is None


def test_implant_skips_the_validity_questions(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    wf.start()
    wf.choose("yes")
    assert wf.state is State.HEIGHT


def test_known_height_is_not_asked_again(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms, height_cm=160.0)
    wf.start()
    wf.choose("no")
    for _ in range(3):
        wf.choose("no")
    assert wf.state is State.WAIST
    wf.choose("skip")
    wf.on_reading(scale(station.clock, 64.0))
    assert wf.result is not None and wf.result.bmi_kg_m2 == 25.0


def test_height_from_the_scale_when_none_entered(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    to_scale(wf, height=None)
    wf.on_reading(scale(station.clock, 50.0, height_m=1.55))
    assert wf.result is not None
    assert (wf.result.height_cm, wf.result.bmi_kg_m2) == (155.0, 20.8)
    assert station.rows()[-1]["method"]["height_source"] == "device"


@pytest.mark.parametrize(("value", "accepted"), [(99.0, False), (100.0, True), (220.0, True),
                                                 (220.5, False), (1.7, False)])
def test_implausible_height_is_asked_again(station: Station, norms: NormsCatalog,
                                           value: float, accepted: bool) -> None:
    wf = make(station, norms)
    wf.start()
    wf.answer_safety(True)
    assert wf.enter_number(value) is accepted
    assert wf.state is (State.WAIST if accepted else State.HEIGHT)
    if not accepted:
        assert wf.view().error_ko
        assert wf.view().numeric_input is not None
    assert station.rows() == []


def test_waist_without_sex_gets_no_waist_category(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms, sex=None)
    to_scale(wf, waist=95.0)
    wf.on_reading(scale(station.clock, 70.0))
    assert wf.result is not None
    assert wf.result.interpretation.waist is None
    assert station.rows()[-1]["values"]["waist"] == (95.0, "cm")


@pytest.mark.parametrize(("mass", "body_fat"), [(19.9, None), (250.1, None), (70.0, 2.0),
                                                (70.0, 80.0)])
def test_implausible_scale_reading_is_flagged_and_measured_again(
        station: Station, norms: NormsCatalog, mass: float, body_fat: float | None) -> None:
    wf = make(station, norms)
    to_scale(wf)
    wf.on_reading(scale(station.clock, mass, body_fat=body_fat))
    assert wf.state is State.MEASURE_AGAIN
    assert station.roles() == [("reading", "implausible")]
    assert wf.view().result is None
    wf.retry()
    wf.on_reading(scale(station.clock, 70.0))
    assert station.roles() == [("reading", "implausible"), ("reading", "valid"),
                               ("result", "valid")]


def test_device_error_then_retry(station: Station, norms: NormsCatalog) -> None:
    wf = make(station, norms)
    to_scale(wf)
    wf.on_device_error(DriverError(Reason.TIMEOUT))
    assert wf.state is State.DEVICE_ERROR
    assert station.rows() == []
    wf.choose("retry")
    assert len(station.device.requests) == 2
    wf.on_reading(scale(station.clock, 70.0))
    assert wf.state is State.DONE


@pytest.mark.parametrize("step", ["idle", "safety", "ask_meal", "ask_exercise", "ask_shower",
                                  "height", "waist", "measuring", "device_error",
                                  "measure_again"])
def test_cancel_at_any_step_stores_no_result(station: Station, norms: NormsCatalog,
                                             step: str) -> None:
    wf = make(station, norms)
    order = ["idle", "safety", "ask_meal", "ask_exercise", "ask_shower", "height", "waist",
             "measuring"]
    actions = [wf.start, lambda: wf.answer_safety(False), lambda: wf.answer_validity(False),
               lambda: wf.answer_validity(False), lambda: wf.answer_validity(False),
               lambda: wf.enter_number(170.0), lambda: wf.enter_number(None)]
    target = order.index(step) if step in order else len(order) - 1
    for action in actions[:target]:
        action()
    stored = 0
    if step == "device_error":
        wf.on_device_error(DriverError(Reason.DEVICE_LOST))
    elif step == "measure_again":
        wf.on_reading(scale(station.clock, 300.0))
        stored = 1
    assert wf.state.value == step
    was_busy = wf.busy
    wf.cancel()
    wf.on_reading(scale(station.clock, 70.0))  # late: ignored
    assert wf.state is State.CANCELLED
    assert station.device.cancels == int(was_busy)
    assert len(station.rows()) == stored
    assert all(r["role"] == "reading" for r in station.rows())
