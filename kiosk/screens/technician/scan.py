"""기기 찾기: the technician scans for BLE devices and serial ports, pairs one, and assigns it.

Scan and pairing run on the device loop through the bridge (drivers/discovery.py); the GUI
thread only shows results.  Assigning stores the device and an audited 'device_paired' row
and shows the ``[[devices]]`` entry for the station config (kiosk/device_assignment.py); the
config is read at start, so the screen says that a restart applies it.

The bleak backends come from the composition root: ``ctx.extras["ble_scanner_backend"]``,
``["ble_client_backend"]`` and ``["ble_backend_kwargs"]`` (tests put the bumble backend and
its hub there; production sets none and bleak uses the OS stack).
``ctx.extras["scan_seconds"]`` shortens the scan window in tests.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from drivers.discovery import (
    DEFAULT_SCAN_S,
    DeviceDiscovery,
    FoundBleDevice,
    PairedDevice,
    SerialPortFound,
    serial_inventory,
)
from drivers.errors import DriverError, Reason
from drivers.readings import DeviceKind
from drivers.registry import spec_for
from kiosk import config, device_assignment
from kiosk.screens.staff.base import StaffScreen
from kiosk.widgets.layout import clear_layout, show_children
from measurements import store

KINDS = (DeviceKind.BLOOD_PRESSURE, DeviceKind.SCALE, DeviceKind.GRIP)


def discovery_for(ctx: Any) -> DeviceDiscovery:
    """The discovery service with the composition root's bleak backends (None: the OS's)."""
    return DeviceDiscovery(scanner_backend=ctx.extras.get("ble_scanner_backend"),
                           client_backend=ctx.extras.get("ble_client_backend"),
                           backend_kwargs=ctx.extras.get("ble_backend_kwargs"),
                           connect_timeout_s=ctx.extras.get("ble_connect_timeout_s", 20.0))


def configured_serial_paths(cfg: config.StationConfig) -> list[str]:
    """Configured serial addresses (a pty or a by-id link never shows in comports())."""
    return [d.address for d in cfg.devices
            if not d.simulated and d.address.startswith("/")]


async def scan_all(discovery: DeviceDiscovery, seconds: float, extra_paths: list[str]
                   ) -> tuple[list[FoundBleDevice], list[SerialPortFound]]:
    """One BLE scan and one serial inventory (the latter off the loop: it reads sysfs)."""
    ports = await asyncio.to_thread(serial_inventory, extra_paths=extra_paths)
    found = await discovery.scan(seconds)
    return found, ports


class ScanScreen(StaffScreen):
    screen_id = "tech-scan"
    permission = "technician"
    back_target = "tech-devices"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self._handle: Any = None
        self.found: list[FoundBleDevice] = []
        self.ports: list[SerialPortFound] = []
        self.paired: PairedDevice | None = None
        self.entry: config.DeviceConfig | None = None
        self.status = self.label("title", name="scan-status")
        self.scan_button = QPushButton()
        self.scan_button.setObjectName("scan-start")
        self.scan_button.setProperty("role", "primary")
        self.scan_button.clicked.connect(self.scan)
        self.ble_heading = self.label(name="scan-ble-heading")
        self.ble_table = QWidget()
        self.ble_table.setObjectName("scan-ble-table")
        self.ble_grid = QGridLayout(self.ble_table)
        self.ble_grid.setVerticalSpacing(ctx.metrics.gap_px * 2)  # one device per touch row
        self.serial_heading = self.label(name="scan-serial-heading")
        self.serial_table = QWidget()
        self.serial_table.setObjectName("scan-serial-table")
        self.serial_grid = QGridLayout(self.serial_table)
        # after pairing: what was read, and where to put it
        self.paired_label = self.label(name="paired-identity")
        self.assign_row = QWidget()
        assign_layout = QHBoxLayout(self.assign_row)
        self.assign_buttons: dict[str, QPushButton] = {}
        for kind in KINDS:
            button = QPushButton()
            button.setObjectName(f"assign-{kind.value}")
            button.clicked.connect(lambda _=False, k=kind.value: self.assign(k))
            assign_layout.addWidget(button)
            self.assign_buttons[kind.value] = button
        self.snippet = QPlainTextEdit()
        self.snippet.setObjectName("toml-snippet")
        self.snippet.setReadOnly(True)
        self.snippet.setFont(QFont("monospace"))
        self.snippet.setMinimumHeight(ctx.metrics.panel.px(35))
        self.restart_note = self.label(name="restart-note")
        self.save_button = QPushButton()
        self.save_button.setObjectName("save-config")
        self.save_button.clicked.connect(self.save_config)
        self.save_result = self.label(name="save-result")
        for widget in (self.status, self.scan_button, self.ble_heading, self.ble_table,
                       self.serial_heading, self.serial_table, self.paired_label,
                       self.assign_row, self.snippet, self.restart_note, self.save_button,
                       self.save_result):
            self.layout_.addWidget(widget)
        self.layout_.addStretch(1)
        self._reset_assignment()
        self.retranslate()

    # --- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.scan_button.setText(self.tr("주변 기기 찾기"))
        self.ble_heading.setText(self.tr("블루투스 기기"))
        self.serial_heading.setText(self.tr("유선(시리얼) 포트"))
        names = {"blood_pressure": self.tr("혈압계로 지정"), "scale": self.tr("체성분계로 지정"),
                 "grip": self.tr("악력계로 지정")}
        for kind, button in self.assign_buttons.items():
            button.setText(names[kind])
        self.save_button.setText(self.tr("설정 파일에 저장 (백업 후)"))
        self.restart_note.setText(self.tr(
            "이 내용을 설정 파일의 [[devices]]에 넣으세요. 키오스크를 다시 시작해야 적용돼요."))
        super().retranslate()

    def title(self) -> str:
        return self.tr("기기 찾기")

    def next_text(self) -> str | None:
        return self.tr("기기 목록으로")

    def on_next(self) -> None:
        self.go("tech-devices")

    @property
    def busy(self) -> bool:
        return self._handle is not None

    # --- lifecycle -------------------------------------------------------------------------------
    def enter_permitted(self, params: dict[str, Any]) -> None:
        self.status.setText(self.tr("'주변 기기 찾기'를 누르고, 기기를 페어링 모드로 켜 두세요."))
        self._reset_assignment()

    def leave(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._set_buttons_enabled(True)

    def _set_buttons_enabled(self, enabled: bool) -> None:
        self.scan_button.setEnabled(enabled)
        for button in self.ble_table.findChildren(QPushButton):
            button.setEnabled(enabled)

    def _run(self, coro: Any, on_done: Any, status: str) -> None:
        self.status.setText(status)
        self._set_buttons_enabled(False)
        self._handle = self.ctx.extras["bridge"].run(coro, on_done, self._failed)
        self.changed.emit()

    def _finished(self) -> None:
        self._handle = None
        self._set_buttons_enabled(True)
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self._finished()
        self.status.setText(self.tr("실패: ") + self.error_text(error))
        detail = error.detail if isinstance(error, DriverError) else type(error).__name__
        self.ctx.extras["last_scan_error"] = detail

    def error_text(self, error: BaseException) -> str:
        if not isinstance(error, DriverError):
            return self.tr("알 수 없는 오류") + f" ({type(error).__name__})"
        texts = {
            Reason.NOT_FOUND: self.tr("기기를 찾지 못했어요. 전원과 블루투스(어댑터)를 확인하세요."),
            Reason.NEEDS_PAIRING: self.tr(
                "기기가 페어링을 거절했어요. 기기를 페어링 모드로 바꾸고 다시 누르세요."),
            Reason.DEVICE_LOST: self.tr("연결이 끊겼어요. 기기를 가까이 두고 다시 해 보세요."),
            Reason.TIMEOUT: self.tr("기기가 응답하지 않아요. 다시 해 보세요."),
            Reason.NOT_SUPPORTED: self.tr("이 기기는 페어링하지 않아요."),
        }
        return texts.get(error.reason, self.tr("기기 오류") + f" ({error.reason.value})")

    # --- scanning ----------------------------------------------------------------------------------
    def scan(self) -> None:
        if self._handle is not None:
            return
        seconds = float(self.ctx.extras.get("scan_seconds", DEFAULT_SCAN_S))
        self._reset_assignment()
        coro = scan_all(discovery_for(self.ctx), seconds, configured_serial_paths(self.ctx.config))
        self._run(coro, self._scanned, self.tr("찾는 중… ({0:g}초)").format(seconds))

    def _scanned(self, result: tuple[list[FoundBleDevice], list[SerialPortFound]]) -> None:
        self.found, self.ports = result
        self._fill_ble()
        self._fill_serial()
        show_children(self.ble_grid)
        show_children(self.serial_grid)
        self._finished()
        self.status.setText(self.tr("블루투스 {0}대, 포트 {1}개를 찾았어요.").format(
            len(self.found), len(self.ports)))

    def _fill_ble(self) -> None:
        clear_layout(self.ble_grid)
        if not self.found:
            self.ble_grid.addWidget(QLabel(self.tr("찾은 기기가 없어요.")), 0, 0)
            return
        for row, device in enumerate(self.found):
            rssi = f"{device.rssi_dbm} dBm" if device.rssi_dbm is not None else "—"
            model = (f"{device.model} ({device.spec_id})" if device.supported
                     else self.tr("지원하지 않는 기기"))
            # two short lines per device, not five columns: fits the panel at any text size
            label = self.label(name=f"found-{row}")
            label.setText(f"{device.name or self.tr('(이름 없음)')} — {model}\n"
                          f"{device.address} · {rssi}")
            self.ble_grid.addWidget(label, row, 0)
            if device.supported:
                pair = QPushButton(self.tr("페어링") if device.needs_bond else self.tr("연결 확인"))
                pair.setObjectName(f"pair-{device.address}")
                pair.clicked.connect(lambda _=False, d=device: self.pair(d))
                self.ble_grid.addWidget(pair, row, 1)
        self.ble_grid.setColumnStretch(0, 1)

    def _fill_serial(self) -> None:
        clear_layout(self.serial_grid)
        if not self.ports:
            self.serial_grid.addWidget(QLabel(self.tr("시리얼 포트가 없어요.")), 0, 0)
            return
        for row, port in enumerate(self.ports):
            matched = spec_for(port.spec_id).model if port.spec_id else self.tr("모델 확인 필요")
            details = " · ".join(x for x in (port.usb_id, port.description) if x)
            label = self.label(name=f"port-{row}")
            label.setText(f"{port.port} — {matched}" + (f"\n{details}" if details else ""))
            self.serial_grid.addWidget(label, row, 0)

    # --- pairing and assignment ----------------------------------------------------------------------
    def pair(self, device: FoundBleDevice) -> None:
        if self._handle is not None or device.spec_id is None:
            return
        self._reset_assignment()
        coro = discovery_for(self.ctx).pair(device.address, spec_for(device.spec_id))
        self._run(coro, self._paired, self.tr("페어링 중… ") + device.address)

    def _paired(self, paired: PairedDevice) -> None:
        self._finished()
        self.paired = paired
        identity = paired.identity
        self.status.setText(self.tr("페어링했어요. 어느 측정에 쓸지 고르세요.") if paired.bonded
                            else self.tr("연결을 확인했어요. 어느 측정에 쓸지 고르세요."))
        self.paired_label.setText(
            f"{identity.manufacturer} {identity.model} · {self.tr('일련번호')} "
            f"{identity.serial_number or '—'} · {self.tr('펌웨어')} {identity.firmware or '—'}"
            f" · {identity.address}")
        self.paired_label.show()
        self._show_lists(False)  # one device in hand: the list is done with
        for kind, button in self.assign_buttons.items():
            button.setEnabled(kind == paired.kind.value)  # a cuff cannot measure grip
        self.assign_row.show()
        self._show(self.assign_row)

    def assign(self, kind: str) -> None:
        paired, session = self.paired, self.session
        if paired is None or session is None or kind != paired.kind.value:
            return
        now = self.ctx.clock.now()
        device_assignment.record_assignment(
            self.ctx.db, paired.identity, kind, spec_id=paired.spec_id,
            technician_id=session.staff_id, technician_role=session.role.value, now=now)
        self.entry = device_assignment.entry_for(self.ctx.config, kind, paired.spec_id,
                                                 paired.identity.address)
        text = device_assignment.entry_toml(self.entry)
        self.snippet.setPlainText(text)
        # tall enough for the whole entry: the technician copies it without scrolling a box
        lines = text.count("\n") + 1
        self.snippet.setMinimumHeight(lines * self.snippet.fontMetrics().lineSpacing()
                                      + 4 * self.snippet.frameWidth() + self.ctx.metrics.gap_px)
        self.status.setText(self.tr("지정했어요. 아래 설정을 적용하려면 다시 시작하세요."))
        for widget in (self.snippet, self.restart_note):
            widget.show()
        self.save_button.setVisible(device_assignment.writable(self.ctx.config.source))
        self.save_button.setEnabled(True)
        self.save_result.setText("")
        self._show(self.save_button if self.save_button.isVisibleTo(self) else self.restart_note)

    def save_config(self) -> None:
        path, entry, session = self.ctx.config.source, self.entry, self.session
        if path is None or entry is None or session is None:
            return
        now = self.ctx.clock.now()
        try:
            backup = device_assignment.save_entry(path, entry, now=now)
        except (config.ConfigError, OSError) as err:
            self.save_result.setText(self.tr("저장하지 못했어요: ") + str(err))
            return
        store.audit(self.ctx.db, actor_role=session.role.value, actor_id=session.staff_id,
                    action="station_config_saved", subject=str(path), now=now,
                    detail={"kind": entry.kind, "model": entry.model, "backup": backup.name})
        self.save_button.setEnabled(False)
        self._show(self.save_result)
        self.save_result.setText(self.tr("저장했어요 (백업: {0}). 키오스크를 다시 시작하면 적용돼요.")
                                 .format(backup.name))

    def _show(self, widget: QWidget) -> None:
        """Scroll the window's scroller (kiosk/window.py) so ``widget`` is on screen."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            scroller = parent
            # after the layout has placed the widgets that were just shown
            def scroll() -> None:
                self.layout_.activate()
                scroller.ensureWidgetVisible(widget)

            QTimer.singleShot(0, scroll)

    def _show_lists(self, visible: bool) -> None:
        for widget in (self.ble_heading, self.ble_table, self.serial_heading, self.serial_table):
            widget.setVisible(visible)

    def _reset_assignment(self) -> None:
        self.paired, self.entry = None, None
        self._show_lists(True)
        for widget in (self.paired_label, self.assign_row, self.snippet, self.restart_note,
                       self.save_button):
            widget.hide()
        self.save_result.setText("")
