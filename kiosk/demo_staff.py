"""The staff and technician part of ``lifelog-kiosk demo``: an assessment and a calibration.

After the visitor walk (kiosk/demo.py) the demo signs in a staff member and runs one
participant through the battery items that work on the simulated station -- grip on the
simulated dynamometer, weight/BMI/body fat on the simulated analyser, a manual item with its
range check, and (optionally) the 5x chair stand on the bundled sample video with a staff
override -- shows the summary and prints the report PDF.  Then a technician opens the device
list, runs diagnostics (raw frames as hex), checks the scale with known weights and shows the
calibration log.  The same buttons a person would press; one PNG per screen.

The demo accounts below exist only in the demo's own database (``seed_demo_accounts`` is
called by ``run_demo`` alone): production stations have no default accounts.
"""

from __future__ import annotations

import time
from typing import Any

from kiosk.staff import accounts
from kiosk.staff.accounts import Role

# staff number -> (role, PIN); digits only, typed on the keypad like a real sign-in
DEMO_ACCOUNTS: dict[str, tuple[Role, str]] = {
    "7001": (Role.STAFF, "2580"),
    "7002": (Role.TECHNICIAN, "1470"),
}
STAFF_ID, TECHNICIAN_ID = "7001", "7002"
# numbers the participant's body-composition steps ask for (cm)
PARTICIPANT_NUMBERS = {"height_cm": "158", "waist_cm": "84"}
# the scale check: (reference load kg, what the loaded simulated analyser shows kg).  Within
# OIML R76-1 class III in-service limits (measurements/calibration.py), so the check passes.
SCALE_POINTS = ((10.0, 10.0), (20.0, 20.1), (50.0, 49.9))
REFERENCE_SERIALS = "W10-0419, W20-0420, W50-0421"
CAMERA_TIMEOUT_S = 120.0
# the staff member's own stopwatch time for the 5x chair stand (the override)
STOPWATCH_S = "13.1"
# the fake clock moves on between the walks, so the technician's check is the newest row
# of the calibration log and of the audit log (the seeded checks share the start time)
BETWEEN_WALKS_S = 600.0


def seed_demo_accounts(ctx: Any) -> dict[str, str]:
    """Create the demo staff and technician accounts; returns staff number -> role."""
    for staff_id, (role, pin) in DEMO_ACCOUNTS.items():
        accounts.create_account(ctx.db, staff_id, role, pin, now=ctx.clock.now())
    return {staff_id: role.value for staff_id, (role, _) in DEMO_ACCOUNTS.items()}


class StaffDemo:
    """Walks the staff and technician screens with a DemoDriver (kiosk/demo.py)."""

    def __init__(self, demo: Any) -> None:
        self.demo = demo
        self.kiosk = demo.kiosk
        self.ctx = demo.kiosk.ctx
        self.window = demo.window

    def _at(self, screen_id: str) -> None:
        self.demo.wait_for(lambda: self.window.current.screen_id == screen_id, timeout_s=10)

    def _scroll_to(self, screen: Any, widget: Any) -> None:
        """Scroll a screen taller than the panel to ``widget``, as a person would."""
        from PySide6.QtWidgets import QScrollArea  # noqa: PLC0415

        scroller = self.window.findChild(QScrollArea, f"scroll-{screen.screen_id}")
        if scroller is not None:
            scroller.ensureWidgetVisible(widget)

    def sign_in(self, staff_id: str, label: str) -> None:
        demo = self.demo
        self.window.go("idle")
        demo.click("staff-entry")
        self._at("staff-sign-in")
        demo.shot(f"{label}-sign-in")
        demo.click("field-number")
        demo.type_digits(staff_id)
        demo.click("field-pin")
        demo.type_digits(DEMO_ACCOUNTS[staff_id][1])
        demo.shot(f"{label}-sign-in-typed")
        demo.click("next")

    # --- the assessment ----------------------------------------------------------------------
    def assessment(self, *, camera: bool = True) -> dict[str, Any]:
        demo = self.demo
        started = time.monotonic()
        self.ctx.clock.advance(BETWEEN_WALKS_S)
        self.sign_in(STAFF_ID, "staff")
        self._at("staff-home")
        demo.shot("staff-home")
        demo.click("add-participant")
        self._at("staff-participant")
        demo.click("participant-guest")
        demo.click("field-birth-year")
        demo.type_digits("1948")
        demo.click("sex-female")
        demo.click("participant-consent")
        demo.shot("staff-participant")
        demo.click("next")
        self._at("staff-battery")
        visit_id = self.ctx.visit.visit_id
        demo.shot("staff-battery")
        for kind, label in (("grip", "staff-grip"), ("body_composition", "staff-body")):
            if self.ctx.devices.unavailable_reason(kind) is None:
                demo.click(f"item-{kind}")
                self.follow_workflow(label)
                demo.shot(f"{label}-done")
        self.manual_sit_and_reach()
        camera_result = self.camera_chair_stand() if camera else {"skipped": "not requested"}
        demo.click("next")  # battery -> summary
        self._at("staff-summary")
        demo.shot("staff-summary")
        demo.click("print-report")
        report = self.ctx.extras.get("last_report")
        demo.shot("staff-report-printed")
        demo.click("next")  # summary -> battery
        demo.click("finish-participant")
        self._at("staff-home")
        demo.shot("staff-home-done")
        demo.click("sign-out")
        self._at("idle")
        return {"staff_id": STAFF_ID, "visit_id": visit_id,
                "report_pdf": str(report.resolve()) if report else None,
                "camera": camera_result, "elapsed_s": round(time.monotonic() - started, 1)}

    def follow_workflow(self, label: str, timeout_s: float = 90.0) -> None:
        """Answer a device workflow on the staff measure screen until it returns."""
        from kiosk.demo import PREFERRED_CHOICES  # noqa: PLC0415 - demo.py imports this module

        demo = self.demo
        screen = self.window.screens["staff-measure"]
        self._at("staff-measure")
        seen: set[str] = set()
        end = time.monotonic() + timeout_s
        while self.window.current is screen:
            if time.monotonic() > end:
                raise TimeoutError(f"{label} did not finish")
            workflow = screen.workflow
            if workflow is None:
                demo.pump()
                continue
            view = workflow.view()
            if view.step not in seen:
                seen.add(view.step)
                demo.shot(f"{label}-{view.step}")
            numeric = view.numeric_input
            if numeric is not None and numeric.key in PARTICIPANT_NUMBERS:
                demo.type_digits(PARTICIPANT_NUMBERS[numeric.key])
                demo.click("number-ok")
                continue
            if view.seconds_left and not workflow.busy:
                self.ctx.clock.advance(view.seconds_left + 0.5)
                workflow.tick()
                demo.pump()
                continue
            usable = [c.key for c in view.choices if not c.staff_only]
            if usable and not workflow.busy:
                key = next((k for k in PREFERRED_CHOICES if k in usable), usable[0])
                demo.click(f"choice-{key}")
                continue
            demo.pump(50)
        self._at("staff-battery")

    def manual_sit_and_reach(self) -> None:
        """A manual item: a typo is refused by the range check, then the real value."""
        demo = self.demo
        demo.click("item-chair_sit_and_reach")
        self._at("staff-manual")
        demo.shot("staff-manual")
        demo.type_digits("55")  # outside -40..40 cm: the range check refuses it
        demo.click("next")
        demo.shot("staff-manual-range-check")
        demo.click("key-back")
        demo.click("key-back")
        demo.type_digits("3.5")
        demo.click("manual-sign")  # fingertips short of the toes: -3.5 cm
        demo.shot("staff-manual-typed")
        demo.click("next")
        self._at("staff-battery")

    def camera_chair_stand(self) -> dict[str, Any]:
        """The 5x chair stand on the camera source (the bundled sample video), then an
        override with the staff member's stopwatch time.  Every frame is processed
        (offline mode) so the sample scores the same on any machine."""
        demo = self.demo
        self.ctx.extras["camera_offline"] = True
        screen = self.window.screens["camera-test"]
        started = time.monotonic()
        demo.click("item-sit_to_stand_5x")
        self._at("camera-test")
        try:
            demo.wait_for(lambda: screen._last_pose is not None, timeout_s=60)
            demo.shot("camera-preview")
            demo.click("camera-start")
            demo.wait_for(lambda: screen.recorder is None or len(screen.recorder) > 90,
                          timeout_s=60)
            demo.shot("camera-recording")
            demo.wait_for(lambda: screen.state == "review", timeout_s=CAMERA_TIMEOUT_S)
        except (TimeoutError, RuntimeError) as err:
            self.window.go("staff-battery")
            return {"skipped": f"camera test did not finish: {err}"}
        demo.shot("camera-review")
        automated = screen.result.score if screen.result is not None else None
        demo.click("camera-edit")
        demo.type_digits(STOPWATCH_S)
        screen.edit_note.setText("스톱워치로 잰 시간")  # the reason, as staff would type it
        demo.shot("camera-override")
        demo.click("camera-edit-save")
        self._at("staff-battery")
        demo.shot("staff-battery-done")
        return {"test": "sit_to_stand_5x", "automated_score_s": automated,
                "override_s": float(STOPWATCH_S),
                "elapsed_s": round(time.monotonic() - started, 1)}

    # --- the technician -----------------------------------------------------------------------
    def technician(self) -> dict[str, Any]:
        demo = self.demo
        started = time.monotonic()
        self.ctx.clock.advance(BETWEEN_WALKS_S)
        self.sign_in(TECHNICIAN_ID, "tech")
        self._at("tech-devices")
        demo.shot("tech-devices")
        demo.click("diagnose-scale")
        self._at("tech-diagnostics")
        demo.shot("tech-diagnostics")
        diagnostics = self.window.screens["tech-diagnostics"]
        demo.click("diagnose-run")
        demo.wait_for(lambda: not diagnostics.busy, timeout_s=30)
        bar = diagnostics.output.verticalScrollBar()
        bar.setValue(bar.maximum())  # scrolled to the raw frames, as a technician would
        demo.shot("tech-diagnostics-raw-hex")
        demo.click("back")
        self._at("tech-devices")
        calibration_id = self.calibrate_scale()
        demo.shot("tech-calibration-log")
        demo.click("next")  # log -> devices
        self._at("tech-devices")
        demo.shot("tech-devices-after")
        demo.click("sign-out")
        self._at("idle")
        row = self.ctx.db.execute("SELECT device_id, result, points FROM calibrations"
                                  " WHERE id = ?", [calibration_id]).fetchone()
        return {"technician_id": TECHNICIAN_ID, "calibration_id": calibration_id,
                "device_id": row[0] if row else None, "result": row[1] if row else None,
                "elapsed_s": round(time.monotonic() - started, 1)}

    def calibrate_scale(self) -> str | None:
        """Load the simulated analyser with each reference weight and read it back."""
        from PySide6.QtTest import QTest  # noqa: PLC0415

        from kiosk.screens.technician.devices import driver_for  # noqa: PLC0415

        demo = self.demo
        demo.click("calibrate-scale")
        self._at("tech-calibration")
        screen = self.window.screens["tech-calibration"]
        demo.shot("tech-calibration")
        QTest.keyClicks(screen.serials, REFERENCE_SERIALS)
        person = getattr(getattr(driver_for(self.ctx, "scale"), "emulator", None), "person",
                         None)
        for reference, shown in SCALE_POINTS:
            demo.click("field-reference")
            demo.type_digits(f"{reference:g}")
            if person is not None and screen.read_device.isVisible():
                person.mass_kg = shown  # the known weight on the simulated platform
                demo.click("read-device")
                demo.wait_for(lambda: not screen.busy, timeout_s=30)
            else:  # no simulated analyser to load: type what its display shows
                demo.click("field-reading")
                demo.type_digits(f"{shown:g}")
            demo.click("add-point")
        self._scroll_to(screen, screen.points_text)
        demo.shot("tech-calibration-points")
        demo.click("next")
        self._at("tech-calibration-log")
        row = self.ctx.db.execute("SELECT id FROM calibrations WHERE technician_id = ?"
                                  " ORDER BY performed_at DESC, rowid DESC LIMIT 1",
                                  [TECHNICIAN_ID]).fetchone()
        return str(row[0]) if row else None
