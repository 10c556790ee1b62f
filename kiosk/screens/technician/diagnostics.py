"""Live diagnostics: run one measurement on a device and show exactly what came back --
identity, decoded values, every raw frame as hex, and battery / firmware / RSSI where the
driver exposes them.  Runs the driver directly on the device loop (through the bridge),
so a locked-out device can still be diagnosed."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPlainTextEdit, QPushButton

from drivers.errors import DriverError
from kiosk.screens.staff.base import StaffScreen
from kiosk.screens.technician.devices import driver_for

# attributes some drivers expose (read if present; never required)
EXTRA_ATTRIBUTES = ("battery_pct", "battery_level", "battery", "rssi", "rssi_dbm",
                    "firmware", "link_state")


def describe_reading(reading: Any) -> list[str]:
    """Decoded fields, then the raw frames as hex (the audit view of a reading)."""
    lines: list[str] = []
    frames: tuple[Any, ...] = ()
    if dataclasses.is_dataclass(reading):
        for field in dataclasses.fields(reading):
            value = getattr(reading, field.name)
            if field.name == "frames":
                frames = value
            elif field.name == "force_curve_kgf" and value:
                lines.append(f"{field.name} = {len(value)} samples, max {max(value):g}")
            else:
                lines.append(f"{field.name} = {value}")
    else:
        lines.append(repr(reading))
    lines.append(f"raw frames: {len(frames)}")
    for index, frame in enumerate(frames):
        lines.append(f"  [{index}] {frame.source} @ {frame.received_at.isoformat()}:"
                     f" {frame.data.hex(' ')}")
    return lines


class DiagnosticsScreen(StaffScreen):
    screen_id = "tech-diagnostics"
    permission = "technician"
    back_target = "tech-devices"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.kind = "blood_pressure"
        self._handle: Any = None
        self.heading = self.label("title", name="diagnostics-heading")
        self.run_button = QPushButton()
        self.run_button.setObjectName("diagnose-run")
        self.run_button.setProperty("role", "primary")
        self.run_button.clicked.connect(self.run)
        self.progress = self.label(name="diagnostics-progress")
        self.output = QPlainTextEdit()
        self.output.setObjectName("diagnostics-output")
        self.output.setReadOnly(True)
        self.output.setFont(QFont("monospace"))
        self.output.setMinimumHeight(ctx.metrics.panel.px(80))
        for widget in (self.heading, self.run_button, self.progress, self.output):
            self.layout_.addWidget(widget)
        self.retranslate()

    def retranslate(self) -> None:
        self.run_button.setText(self.tr("측정 한 번 해 보기"))
        super().retranslate()

    def title(self) -> str:
        return self.tr("기기 진단")

    def next_text(self) -> str | None:
        return None

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def enter_permitted(self, params: dict[str, Any]) -> None:
        self.kind = params.get("kind", self.kind)
        device = self.ctx.config.device(self.kind)
        self.heading.setText(f"{device.name} ({device.model}, {device.address})" if device
                             else self.kind)
        self.output.setPlainText("\n".join(self.identity_lines()))
        self.progress.setText("")

    def identity_lines(self) -> list[str]:
        driver = driver_for(self.ctx, self.kind)
        if driver is None:
            return [self.tr("이 기기의 드라이버가 없어요 (설정 확인).")]
        lines = [f"identity = {driver.identity}"]
        for name in EXTRA_ATTRIBUTES:
            value = getattr(driver, name, None)
            if value is not None and not callable(value):
                lines.append(f"{name} = {value}")
        return lines

    def leave(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def run(self) -> None:
        driver = driver_for(self.ctx, self.kind)
        if driver is None or self._handle is not None:
            return
        bridge = self.ctx.extras["bridge"]
        self.progress.setText(self.tr("측정 중…"))
        progress = bridge.progress_callback(
            lambda p: self.progress.setText(self.tr("진행: ") + str(p)))
        self._handle = bridge.run(driver.measure(progress), self._done, self._failed)
        self.changed.emit()

    def _done(self, reading: Any) -> None:
        self._handle = None
        self.progress.setText(self.tr("받은 값"))
        self.output.setPlainText("\n".join([*self.identity_lines(), "",
                                            *describe_reading(reading)]))
        self.ctx.extras["last_diagnostic_reading"] = reading
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self._handle = None
        reason = error.reason.value if isinstance(error, DriverError) else type(error).__name__
        self.progress.setText(self.tr("오류: ") + f"{reason} {error}")
        self.changed.emit()
