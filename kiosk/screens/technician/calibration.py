"""A calibration check: reference serials, then for each reference point the reference load
and the device's reading (taken from the device, or typed for a BP static-pressure check),
pass/fail against the tolerance (measurements/calibration.py), and the record -- which
unlocks (or keeps locked) the device for visitors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from drivers.errors import DriverError
from kiosk import lockout
from kiosk.screens.staff.base import StaffScreen
from kiosk.screens.technician.devices import driver_for
from kiosk.widgets.keypad import Keypad
from measurements import calibration

# which reading field a device check compares (BP: typed from the static-pressure mode)
READING_FIELD = {"scale": "mass_kg", "grip": "peak_force_kgf"}
UNIT_KO = {"blood_pressure": "mmHg", "scale": "kg", "grip": "kg"}


class CalibrationScreen(StaffScreen):
    screen_id = "tech-calibration"
    permission = "calibration"
    back_target = "tech-devices"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.kind = "blood_pressure"
        self.points: list[calibration.CheckPoint] = []
        self._handle: Any = None
        self.heading = self.label("title", name="calibration-heading")
        self.serials_label = self.label()
        self.serials = QLineEdit()
        self.serials.setObjectName("reference-serials")
        self.reference_label = self.label()
        self.reference = QLineEdit()
        self.reference.setObjectName("reference-load")
        self.reference.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reading_label = self.label()
        self.reading = QLineEdit()
        self.reading.setObjectName("device-reading")
        self.reading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pick_reference = self._button("field-reference", lambda: self._activate(
            self.reference))
        self.pick_reading = self._button("field-reading", lambda: self._activate(self.reading))
        self.read_device = self._button("read-device", self.read_from_device)
        self.add_point = self._button("add-point", self.add_current_point, primary=True)
        self.undo_point = self._button("remove-point", self.remove_last_point)
        self.points_text = self.label(name="calibration-points")
        self.message = self.label(name="calibration-message")
        self._active = self.reference
        self.keypad = Keypad(ctx.metrics, decimal_point=True)
        self.keypad.digit.connect(self._key_digit)
        self.keypad.backspace.connect(self._key_back)
        self.keypad.clear.connect(self._key_clear)
        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.serials_label)
        left.addWidget(self.serials)
        for label, field, pick in ((self.reference_label, self.reference, self.pick_reference),
                                   (self.reading_label, self.reading, self.pick_reading)):
            left.addWidget(label)
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(pick)
            left.addLayout(row)
        # two rows: three touch-sized labels do not fit side by side in half the panel at 100 %
        left.addWidget(self.read_device)
        buttons = QHBoxLayout()
        for button in (self.add_point, self.undo_point):
            buttons.addWidget(button)
        left.addLayout(buttons)
        left.addWidget(self.points_text)
        left.addWidget(self.message)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left, 1)
        row.addWidget(self.keypad, 1)
        self.layout_.addLayout(row, 1)
        self.retranslate()

    def _button(self, name: str, slot: Any, *, primary: bool = False) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        if primary:
            button.setProperty("role", "primary")
        button.clicked.connect(slot)
        return button

    def retranslate(self) -> None:
        unit = UNIT_KO.get(self.kind, "")
        self.serials_label.setText(self.tr("기준기 일련번호 (여러 개면 쉼표로 구분)"))
        self.reference_label.setText(self.tr("기준값 (%1)").replace("%1", unit))
        self.reading_label.setText(self.tr("기기 측정값 (%1)").replace("%1", unit))
        self.pick_reference.setText(self.tr("기준값 입력"))
        self.pick_reading.setText(self.tr("측정값 입력"))
        self.read_device.setText(self.tr("기기에서 읽기"))
        self.add_point.setText(self.tr("이 점 추가"))
        self.undo_point.setText(self.tr("마지막 점 빼기"))
        super().retranslate()

    def title(self) -> str:
        return self.tr("교정 점검")

    def next_text(self) -> str | None:
        return self.tr("판정하고 기록")

    def can_next(self) -> bool:
        return super().can_next() and bool(self.points) and bool(self._serials())

    @property
    def busy(self) -> bool:
        return self._handle is not None

    # the keypad types into whichever field was picked last
    def _key_digit(self, digit: str) -> None:
        self._active.insert(digit)

    def _key_back(self) -> None:
        self._active.backspace()

    def _key_clear(self) -> None:
        self._active.clear()

    def _activate(self, field: QLineEdit) -> None:
        self._active = field
        field.setFocus()

    def _serials(self) -> list[str]:
        return [s.strip() for s in self.serials.text().split(",") if s.strip()]

    def tolerance(self) -> calibration.Tolerance:
        return lockout.tolerance(self.kind, self.ctx.config.device(self.kind))

    def enter_permitted(self, params: dict[str, Any]) -> None:
        self.kind = params.get("kind", self.kind)
        device = self.ctx.config.device(self.kind)
        self.points = []
        for field in (self.serials, self.reference, self.reading):
            field.clear()
        self.message.setText("")
        tol = self.tolerance()
        self.heading.setText((f"{device.name} ({device.model}) — " if device else "")
                             + self.tr("허용 오차 ±%1 %2 또는 %3%, 기준: %4")
                             .replace("%1", f"{tol.absolute:g}").replace("%2", tol.unit)
                             .replace("%3", f"{tol.relative * 100:g}").replace("%4", tol.source))
        # a cuff's static-pressure check is read off its display and typed in
        self.read_device.setVisible(self.kind in READING_FIELD
                                    and driver_for(self.ctx, self.kind) is not None)
        self._activate(self.reference)
        self.retranslate()
        self._render_points()

    def leave(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    # --- points -------------------------------------------------------------------------------
    def read_from_device(self) -> None:
        driver = driver_for(self.ctx, self.kind)
        if driver is None or self._handle is not None:
            return
        self.message.setText(self.tr("기기에서 읽는 중…"))
        self._handle = self.ctx.extras["bridge"].run(driver.measure(None), self._read,
                                                     self._read_failed)

    def _read(self, reading: Any) -> None:
        self._handle = None
        value = getattr(reading, READING_FIELD.get(self.kind, ""), None)
        if value is None:
            self.message.setText(self.tr("이 기기 값은 직접 입력해 주세요."))
            return
        self.reading.setText(f"{float(value):g}")
        self.message.setText(self.tr("기기 측정값을 받았어요."))

    def _read_failed(self, error: BaseException) -> None:
        self._handle = None
        reason = error.reason.value if isinstance(error, DriverError) else type(error).__name__
        self.message.setText(self.tr("기기에서 읽지 못했어요: ") + reason)

    def add_current_point(self) -> None:
        try:
            point = calibration.CheckPoint(float(self.reference.text()),
                                           float(self.reading.text()))
        except ValueError:
            self.message.setText(self.tr("기준값과 측정값을 숫자로 입력해 주세요."))
            return
        self.points.append(point)
        self.reference.clear()
        self.reading.clear()
        self._activate(self.reference)
        self.message.setText("")
        self._render_points()

    def remove_last_point(self) -> None:
        if self.points:
            self.points.pop()
            self._render_points()

    def _render_points(self) -> None:
        tol = self.tolerance()
        lines = []
        for index, point in enumerate(self.points, 1):
            allowed = tol.allowed(point.reference)
            ok = calibration.evaluate([point], tol).passed
            lines.append(f"{index}. {point.reference:g} → {point.measured:g}"
                         f"  ({point.error():+.2f}, ±{allowed:g})  "
                         + (self.tr("통과") if ok else self.tr("불합격")))
        self.points_text.setText("\n".join(lines) or self.tr("아직 기준점이 없어요."))
        self.changed.emit()

    # --- record ---------------------------------------------------------------------------------
    def on_next(self) -> None:
        session = self.session
        device = self.ctx.config.device(self.kind)
        if session is None or device is None or not self.points:
            return
        result = calibration.evaluate(self.points, self.tolerance())
        now = self.ctx.clock.now()
        calibration_id = calibration.record(
            self.ctx.db, device_id=lockout.device_id(device), technician_id=session.staff_id,
            result=result, reference_serials=self._serials(), now=now,
            interval_days=lockout.interval_days(self.kind, self.ctx.config.device(self.kind)))
        self.go("tech-calibration-log", highlight=calibration_id)
