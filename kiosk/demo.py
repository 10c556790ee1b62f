"""``lifelog-kiosk demo --out DIR``: a scripted visit, headless, one PNG per screen.

This is how a newcomer without a touchscreen sees the product.  It builds the real station
(simulated devices, a fresh database in DIR), presses the same buttons a visitor would,
and saves a screenshot of every screen and every step of each measurement.  Rest timers run
on a fake clock so the visit takes seconds, while the devices run in real time on the
device loop.  Every screenshot is checked for missing-glyph boxes; the command fails if any
Hangul would render as a box.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# a visitor without implants who has not just eaten or exercised: "no" before "yes"
PREFERRED_CHOICES = ("start", "ready", "confirm", "no", "yes", "done", "next", "continue",
                     "right", "left", "retry")


class DemoDriver:
    """Presses buttons on a live KioskWindow and records what it shows."""

    def __init__(self, kiosk: Any, out: Path) -> None:
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        self.kiosk = kiosk
        self.window = kiosk.window
        app = QApplication.instance()
        assert app is not None, "the demo runs inside a QApplication"
        self.app = app
        self.out = out
        self.shots: list[dict[str, Any]] = []

    # --- primitives ------------------------------------------------------------------------
    def pump(self, ms: int = 30) -> None:
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.005)

    def wait_for(self, condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
        end = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError(f"demo stuck on screen {self.window.current.screen_id}")
            self.pump(20)

    def click(self, name: str) -> None:
        from PySide6.QtCore import Qt  # noqa: PLC0415
        from PySide6.QtTest import QTest  # noqa: PLC0415
        from PySide6.QtWidgets import QAbstractButton  # noqa: PLC0415

        # the current screen first: hidden screens have buttons with the same names
        candidates = [*self.window.current.findChildren(QAbstractButton, name),
                      *self.window.findChildren(QAbstractButton, name)]
        button = next((b for b in candidates if b.isVisible()), None)
        if button is None or not button.isEnabled():
            raise RuntimeError(f"no usable button {name!r} on {self.window.current.screen_id}")
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        self.pump()

    def type_digits(self, digits: str) -> None:
        for digit in digits:
            self.click(f"key-{digit}")

    def shot(self, name: str) -> Path:
        from kiosk.glyphs import find_tofu  # noqa: PLC0415

        self.pump(60)
        path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
        self.window.grab().save(str(path))
        tofu = find_tofu(self.window)
        self.shots.append({"file": path.name, "screen": self.window.current.screen_id,
                           "missing_glyphs": [t.text for t in tofu]})
        return path

    # --- a measurement, whatever its steps ------------------------------------------------------
    def measure(self, kind: str, label: str, timeout_s: float = 90.0) -> None:
        self.click({"blood_pressure": "menu-bp", "body_composition": "menu-body",
                    "grip": "menu-grip"}[kind])
        screen = self.window.screens["measure"]
        seen: set[str] = set()
        end = time.monotonic() + timeout_s
        while self.window.current is screen:
            if time.monotonic() > end:
                raise TimeoutError(f"{kind} measurement did not finish")
            workflow = screen.workflow
            if workflow is None:
                self.pump()
                continue
            view = workflow.view()
            if view.step not in seen:
                seen.add(view.step)
                self.shot(f"{label}-{view.step}")
            if view.seconds_left and not workflow.busy:
                self.kiosk.ctx.clock.advance(view.seconds_left + 0.5)
                workflow.tick()
                self.pump()
                continue
            usable = [c.key for c in view.choices if not c.staff_only]
            if usable and not workflow.busy:
                key = next((k for k in PREFERRED_CHOICES if k in usable), usable[0])
                self.click(f"choice-{key}")
                continue
            self.pump(50)
        self.wait_for(lambda: self.window.current.screen_id == "result")
        self.shot(f"{label}-result")


    # --- the scripted visit ------------------------------------------------------------------
    def sign_in_as_visitor(self) -> None:
        self.shot("idle")
        self.click("start")
        self.shot("identify")
        self.click("choose-phone")
        self.type_digits(DEMO_PHONE)
        self.shot("phone-number")
        self.click("next")
        self.type_digits(DEMO_BIRTH_DATE)
        self.shot("birth-date")
        self.click("next")
        # with a platform URL the station first asks the platform about the member
        # (kiosk/member_lookup.py, a few seconds at most)
        self.wait_for(lambda: self.window.current.screen_id == "profile", timeout_s=10.0)
        self.click("sex-female")
        self.shot("profile")
        self.click("next")
        self.shot("consent")
        self.click("consent-service")
        self.click("consent-sensitive")
        self.shot("consent-given")
        self.click("next")
        self.shot("menu")

    def visit(self, measurements: tuple[str, ...]) -> str | None:
        """Walk a whole visit; returns the visit id."""
        self.sign_in_as_visitor()
        devices = self.kiosk.ctx.devices
        available = [k for k in measurements if devices.unavailable_reason(k) is None]
        for kind in available:
            self.measure(kind, kind.replace("_", "-"))
            if kind == available[0]:
                self.click("show-qr")
                self.shot("result-qr")
                self.click("print")
                self.pump(100)
            self.click("next")
        self.click("menu-history")
        self.shot("history")
        self.click("next")
        self.shot("menu-done")
        visit_id: str | None = self.kiosk.ctx.visit.visit_id
        self.click("next")
        self.shot("goodbye")
        self.click("next")
        self.shot("idle-again")
        return visit_id


DEMO_PHONE, DEMO_BIRTH_DATE = "01012345678", "19520315"


def seed_returning_member(kiosk: Any, *, visits: int = 3) -> None:
    """Give the demo member earlier visits, so trends and history have something to show."""
    import datetime as dt  # noqa: PLC0415

    from kiosk.identity import phone_pseudonym  # noqa: PLC0415
    from measurements import store  # noqa: PLC0415

    ctx = kiosk.ctx
    key = bytes.fromhex(ctx.config.lookup_key_hex)
    born = dt.date(int(DEMO_BIRTH_DATE[:4]), int(DEMO_BIRTH_DATE[4:6]), int(DEMO_BIRTH_DATE[6:]))
    visitor = store.get_or_create_member(ctx.db, phone_pseudonym(key, DEMO_PHONE, born),
                                         now=ctx.clock.now(), sex="female", birth_year=born.year)
    for weeks_ago, (systolic, diastolic, mass, grip) in zip(
            range(visits * 4, 0, -4),
            [(138, 88, 61.8, 19.5), (133, 85, 61.2, 20.0), (129, 83, 60.9, 20.4)], strict=False):
        when = ctx.clock.now() - dt.timedelta(weeks=weeks_ago)
        visit = store.open_visit(ctx.db, visitor_id=visitor, station_id=ctx.config.station_id,
                                 consent=store.Consent(True, True, False), now=when)
        for kind, values in (
            ("blood_pressure", (store.Value("systolic", systolic, "mm[Hg]"),
                                store.Value("diastolic", diastolic, "mm[Hg]"))),
            ("body_composition", (store.Value("mass", mass, "kg"),
                                  store.Value("bmi", round(mass / 1.56**2, 1), "kg/m2"))),
            ("grip", (store.Value("grip", grip, "kg"),)),
        ):
            store.save_measurement(ctx.db, station_id=ctx.config.station_id, visit_id=visit,
                                   now=when, record=store.MeasurementRecord(
                                       kind=kind, role="result", station_time=when,
                                       values=values,
                                       interpretation={"label_ko": "지난 측정",
                                                       "label_en": "Earlier", "icon": "info"}))
        store.close_visit(ctx.db, visit, now=when)


def run_demo(out: Path, *, measurements: tuple[str, ...] = ("blood_pressure",
                                                              "body_composition", "grip"),
             staff: bool = True, camera: bool = True) -> int:
    """The visitor walk, then (``staff``) an assessment and a calibration (kiosk/demo_staff.py;
    ``camera``: include the camera chair stand on the sample video).  0 = every screen drawn
    without missing glyphs."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from kiosk import config  # noqa: PLC0415
    from kiosk.app import build  # noqa: PLC0415
    from kiosk.voice.engine import RecordingVoice  # noqa: PLC0415
    from measurements.clock import FakeClock, SystemClock  # noqa: PLC0415

    out.mkdir(parents=True, exist_ok=True)
    db_path = out / "demo-station.db"
    for pattern in ("*.png", "receipt-*.pdf", "assessment-*.pdf"):
        for stale in out.glob(pattern):
            stale.unlink()
    db_path.unlink(missing_ok=True)
    QApplication.instance() or QApplication([])
    clock = FakeClock(SystemClock().now())
    voice = RecordingVoice()
    kiosk = build(config.simulated(), clock=clock, db_path=db_path, voice=voice)
    kiosk.ctx.extras.update(receipt_to_pdf=True, receipt_dir=out)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    seed_returning_member(kiosk)
    demo = DemoDriver(kiosk, out)
    started = time.monotonic()
    staff_part: dict[str, Any] = {}
    try:
        visit_id = demo.visit(measurements)
        if staff:
            from kiosk.demo_staff import StaffDemo, seed_demo_accounts  # noqa: PLC0415

            staff_part["demo_accounts"] = seed_demo_accounts(kiosk.ctx)
            walk = StaffDemo(demo)
            visitor_shots = len(demo.shots)
            staff_part["assessment"] = walk.assessment(camera=camera)
            staff_part["calibration"] = walk.technician()
            staff_part["new_files"] = [s["file"] for s in demo.shots[visitor_shots:]] + [
                Path(p).name for p in [staff_part["assessment"]["report_pdf"]] if p]
    finally:
        kiosk.shutdown()
    rows = kiosk.ctx.db.execute(
        "SELECT m.kind, m.role, m.id FROM measurements m WHERE m.visit_id = ?"
        " ORDER BY m.station_time", [visit_id]).fetchall()
    report = {
        "database": str(db_path.resolve()),
        "visit_id": visit_id,
        "stored": [{"kind": k, "role": r, "measurement_id": i} for k, r, i in rows],
        "outbox_rows": kiosk.ctx.db.execute("SELECT count(*) FROM sync_outbox").fetchone()[0],
        "receipt": str(kiosk.ctx.extras.get("last_receipt", "")),
        "screens": demo.shots,
        "spoken": voice.spoken,
        **staff_part,
        "elapsed_s": round(time.monotonic() - started, 1),
    }
    (out / "demo-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                          encoding="utf-8")
    print(f"Screenshots: {len(demo.shots)} PNG files in {out.resolve()}")
    print(f"Result stored in {db_path.resolve()} (visit {visit_id}, {len(rows)} measurements)")
    if staff_part:
        print(json.dumps({key: staff_part[key] for key in ("assessment", "calibration",
                                                            "new_files")},
                         ensure_ascii=False, indent=2))
    tofu = [s for s in demo.shots if s["missing_glyphs"]]
    if tofu:
        print(f"Missing glyphs on {len(tofu)} screen(s): see demo-report.json")
        return 1
    return 0
