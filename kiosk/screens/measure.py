"""One screen for every measurement: it renders a workflow's WorkflowView, nothing more.

The workflow (measurements/workflows/) owns the protocol -- rest timer, readings, retries,
plausibility -- and this screen only draws the current step, speaks new instructions,
offers the step's choices as big buttons and forwards ticks and presses.  Device work runs
on the device loop through the DeviceHub's port, so this screen never blocks.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.screens.base import Screen
from kiosk.widgets.keypad import Keypad
from kiosk.widgets.layout import clear_layout
from measurements.workflows.base import Choice, WorkflowView

log = logging.getLogger(__name__)
TICK_MS = 250


class MeasureScreen(Screen):
    screen_id = "measure"
    back_target = "menu"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.kind = ""
        self.workflow: Any = None
        self._unsubscribe: Any = None
        self._spoken = ""
        self._choice_keys: tuple[str, ...] = ()
        self.alert = self.label("title", name="staff-alert")
        self.alert.setProperty("category", "danger")
        self.instruction = self.label("title", name="instruction")
        self.timer_text = self.label("value", name="timer")
        self.timer_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.live = self.label("value", name="live")
        self.live.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.readings = self.label(name="readings")
        self.error = self.label(name="error")
        self._build_number_row()
        self.choices = QWidget()
        self.choices_layout = QHBoxLayout(self.choices)
        self.choices_layout.setSpacing(ctx.metrics.gap_px * 2)
        self.stop = QPushButton()
        self.stop.setObjectName("stop")
        self.stop.clicked.connect(self._stop)
        for widget in (self.alert, self.instruction, self.timer_text, self.live,
                       self.readings, self.error):
            self.layout_.addWidget(widget)
        self.layout_.addWidget(self.number_row)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.choices)
        self.layout_.addWidget(self.stop)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._tick)
        self.retranslate()

    def _build_number_row(self) -> None:
        """Keypad entry for a number the step asks for (height, waist)."""
        ctx = self.ctx
        self.number_row = QWidget()
        number_layout = QHBoxLayout(self.number_row)
        number_layout.setSpacing(ctx.metrics.gap_px * 4)
        self.number = QLineEdit()
        self.number.setObjectName("number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number_unit = self.label()
        self.number_ok = QPushButton()
        self.number_ok.setObjectName("number-ok")
        self.number_ok.setProperty("role", "primary")
        self.number_ok.clicked.connect(self._enter_number)
        left = QVBoxLayout()
        left.addWidget(self.number_unit)
        left.addWidget(self.number)
        left.addWidget(self.number_ok)
        left.addStretch(1)
        self.keypad = Keypad(ctx.metrics, decimal_point=True)
        self.keypad.digit.connect(self.number.insert)
        self.keypad.backspace.connect(self.number.backspace)
        self.keypad.clear.connect(self.number.clear)
        number_layout.addLayout(left, 1)
        number_layout.addWidget(self.keypad, 1)
        self.number_row.hide()
        self._number_key = ""

    # --- lifecycle ------------------------------------------------------------------------
    def enter(self, params: dict[str, Any]) -> None:
        from kiosk.workflows import create_workflow  # noqa: PLC0415 - per measurement kind

        self.kind = params["kind"]
        self._spoken = ""
        self._choice_keys = ()
        self.workflow = create_workflow(self.ctx, self.kind)
        self._unsubscribe = self.workflow.listeners.subscribe(lambda _: self.refresh_view())
        self.workflow.start()
        self.ticker.start()
        self.refresh_view()

    def leave(self) -> None:
        self.ticker.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.workflow is not None and not self.workflow.finished:
            self.workflow.cancel()  # nothing half-stored: the workflow guarantees it
        self.workflow = None

    @property
    def busy(self) -> bool:
        """Measuring, or a timer the visitor is waiting through (the 5-minute seated rest):
        either way they are sitting still on purpose, so no inactivity timeout."""
        if self.workflow is None:
            return False
        return bool(self.workflow.busy or self.workflow.view().seconds_left is not None)

    def _tick(self) -> None:
        if self.workflow is not None:
            self.workflow.tick()

    def _stop(self) -> None:
        self.go("menu")

    # --- rendering -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.stop.setText(self.tr("그만하고 메뉴로"))
        if self.workflow is not None:
            self.refresh_view()
        super().retranslate()

    def title(self) -> str:
        return {
            "blood_pressure": self.tr("혈압 재기"),
            "body_composition": self.tr("체중·체성분 재기"),
            "grip": self.tr("악력 재기"),
        }.get(self.kind, self.tr("측정"))

    def next_text(self) -> str | None:
        return None

    def _text(self, ko: str, en: str) -> str:
        return en if self.ctx.language == "en" and en else ko

    def refresh_view(self) -> None:
        if self.workflow is None:
            return
        view: WorkflowView = self.workflow.view()
        instruction = self._text(view.instruction_ko, view.instruction_en)
        self.instruction.setText(instruction)
        self.alert.setVisible(view.staff_alert)
        self.alert.setText(self.tr("⚠ 직원에게 알렸어요. 잠시 앉아서 기다려 주세요."))
        if view.seconds_left is not None:
            minutes, seconds = divmod(int(view.seconds_left + 0.999), 60)
            self.timer_text.setText(f"{minutes}:{seconds:02d}")
        self.timer_text.setVisible(view.seconds_left is not None)
        self.live.setText(view.live_text)
        self.live.setVisible(bool(view.live_text))
        self.readings.setText("\n".join(view.readings))
        error = self._text(view.error_ko, view.error_en)
        self.error.setText(error)
        # a device error or 'measure again' is often the step's instruction itself: say it
        # once, in the large type, not twice on the same screen
        self.error.setVisible(bool(error) and error != instruction)
        self._render_number(view)
        self._render_choices(view.choices)
        # while a keypad is shown, the bar's back button is the way out: one less row
        self.stop.setVisible(not view.finished and view.numeric_input is None)
        if view.speech_ko and view.speech_ko != self._spoken:
            self._spoken = view.speech_ko
            self.say(view.speech_ko)
        self.changed.emit()
        if view.finished:
            self.ticker.stop()
            workflow, self.workflow = self.workflow, None
            if self._unsubscribe is not None:
                self._unsubscribe()
                self._unsubscribe = None
            self.ctx.visit.measured_kinds.add(self.kind)
            QTimer.singleShot(0, lambda: self.go("result", kind=self.kind, result=view.result,
                                                 workflow=workflow))

    def _render_choices(self, choices: tuple[Choice, ...]) -> None:
        staff = bool(self.ctx.extras.get("staff_session"))
        visible = tuple(c for c in choices if staff or not c.staff_only)
        keys = tuple(c.key for c in visible)
        if keys == self._choice_keys:
            return
        self._choice_keys = keys
        clear_layout(self.choices_layout)
        for choice in visible:
            button = QPushButton(self._text(choice.label_ko, choice.label_en))
            button.setObjectName(f"choice-{choice.key}")
            button.setProperty("role", "primary")
            button.clicked.connect(lambda _=False, k=choice.key: self._choose(k))
            self.choices_layout.addWidget(button)
        self.choices.setVisible(bool(visible))

    def _render_number(self, view: WorkflowView) -> None:
        numeric = view.numeric_input
        self.number_row.setVisible(numeric is not None)
        if numeric is None:
            self._number_key = ""
            return
        if numeric.key != self._number_key:
            self._number_key = numeric.key
            self.number.clear()
        self.number_unit.setText(self._text(numeric.label_ko, numeric.label_en)
                                 + f" ({numeric.unit_text})")
        self.number_ok.setText(self.tr("입력 완료"))

    def _enter_number(self) -> None:
        if self.workflow is None:
            return
        try:
            value = float(self.number.text())
        except ValueError:
            self.error.setText(self.tr("숫자를 다시 눌러 주세요."))
            self.error.setVisible(True)
            return
        self.workflow.enter_number(value)

    def _choose(self, key: str) -> None:
        if self.workflow is not None:
            self.workflow.choose(key)
