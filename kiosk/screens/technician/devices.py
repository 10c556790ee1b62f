"""Technician home: every configured device with its calibration status and lock reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from drivers.readings import DeviceKind
from kiosk import lockout
from kiosk.screens.staff.base import StaffScreen
from kiosk.widgets.layout import clear_layout


def driver_for(ctx: Any, kind: str) -> Any:
    try:
        return ctx.devices.drivers.get(DeviceKind(kind))
    except ValueError:
        return None


class DevicesScreen(StaffScreen):
    screen_id = "tech-devices"
    permission = "technician"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.heading = self.label("title", name="devices-heading")
        self.table = QWidget()
        self.table.setObjectName("device-table")
        self.grid = QGridLayout(self.table)
        self.scan_button = QPushButton()
        self.scan_button.setObjectName("to-scan")
        self.scan_button.clicked.connect(lambda: self.go("tech-scan"))
        self.log_button = QPushButton()
        self.log_button.setObjectName("calibration-log")
        self.log_button.clicked.connect(lambda: self.go("tech-calibration-log"))
        self.camera_button = QPushButton()
        self.camera_button.setObjectName("camera-setup")
        self.camera_button.clicked.connect(lambda: self.go("camera-setup"))
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("to-sync-status")
        self.sync_button.clicked.connect(lambda: self.go("staff-sync"))
        self.staff_button = QPushButton()
        self.staff_button.setObjectName("to-staff")
        self.staff_button.clicked.connect(lambda: self.go("staff-home"))
        self.sign_out_ = self.sign_out_button()
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.table)
        self.layout_.addStretch(1)
        for button in (self.scan_button, self.log_button, self.camera_button, self.sync_button,
                       self.staff_button, self.sign_out_):
            self.layout_.addWidget(button)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("기기 상태"))
        self.scan_button.setText(self.tr("기기 찾기 · 페어링"))
        self.log_button.setText(self.tr("교정 기록 보기"))
        self.camera_button.setText(self.tr("카메라 설치 확인"))
        self.sync_button.setText(self.tr("전송 상태"))
        self.staff_button.setText(self.tr("체력 검사 (직원 모드)"))
        self.sign_out_.setText(self.tr("로그아웃"))
        super().retranslate()

    def title(self) -> str:
        session = self.session
        return self.tr("기술자 모드") + (f" — {session.staff_id}" if session else "")

    def next_text(self) -> str | None:
        return None

    def enter_permitted(self, params: dict[str, Any]) -> None:
        session = self.session
        self.staff_button.setVisible(session is not None and session.may("assessment"))
        self.refresh()

    def refresh(self) -> None:
        clear_layout(self.grid)
        # four columns, two lines a row: six single-line columns overflow 1920 px at 100 %
        for column, head in enumerate((self.tr("기기 · 주소"), self.tr("상태 · 다음 교정"))):
            self.grid.addWidget(QLabel(head), 0, column)
        may_calibrate = bool(self.session and self.session.may("calibration"))
        for row, device in enumerate(self.ctx.config.devices, 1):
            status = lockout.device_status(self.ctx, device)
            problem = self.ctx.devices.unavailable_reason(device.kind)
            if status.locked:
                state = "🔒 " + self.tr(lockout.REASON_KO.get(status.reason, status.reason))
            elif problem:
                state = "⚠ " + self.tr(lockout.REASON_KO.get(problem, problem))
            else:
                state = "✔ " + self.tr("사용 가능")
            due = status.due_at.date().isoformat() if status.due_at else "—"
            name = QLabel(f"{device.name} ({device.model})\n{device.address}")
            name.setWordWrap(True)
            state_label = QLabel(f"{state}\n{self.tr('다음 교정')} {due}")
            state_label.setObjectName(f"status-{device.kind}")
            state_label.setWordWrap(True)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(state_label, row, 1)
            diagnose = QPushButton(self.tr("진단"))
            diagnose.setObjectName(f"diagnose-{device.kind}")
            diagnose.clicked.connect(lambda _=False, k=device.kind:
                                     self.go("tech-diagnostics", kind=k))
            diagnose.setEnabled(driver_for(self.ctx, device.kind) is not None)
            calibrate = QPushButton(self.tr("교정 점검"))
            calibrate.setObjectName(f"calibrate-{device.kind}")
            calibrate.clicked.connect(lambda _=False, k=device.kind:
                                      self.go("tech-calibration", kind=k))
            calibrate.setVisible(may_calibrate)
            self.grid.addWidget(diagnose, row, 2)
            self.grid.addWidget(calibrate, row, 3)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
