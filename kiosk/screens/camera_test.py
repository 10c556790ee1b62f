"""A camera fitness test run by staff: preview, quality gates, start/stop, score, review.

Preview with the skeleton at camera rate (kiosk/screens/camera_feed.py); the gates of
measurements/pose/gates.py judged on the last 1.5 s, shown in words and spoken; "start"
restarts the source and records every processed frame (measurements/pose/live.py);
"stop" (or the end of a video file, or the end of a timed test) scores it with the same
``scoring.score`` as ``lifelog-kiosk score``.  Staff then confirm the automated score or
edit it; only then is it stored -- with the keypoints (never video) and the provenance
(measurements/pose/record.py) -- and the review is audited (``score_confirmed`` or
``score_override``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from drivers.camera.capture import Frame
from drivers.camera.worker import PoseFrame
from drivers.errors import DriverError
from kiosk.screens.camera_feed import CameraFeed
from kiosk.screens.camera_view import CameraView
from kiosk.screens.staff.base import StaffScreen
from kiosk.staff import review
from kiosk.widgets.keypad import Keypad
from measurements.pose import scoring
from measurements.pose.gates import GateCode
from measurements.pose.landmarks import SequenceError
from measurements.pose.live import LiveRecorder
from measurements.pose.result import ScoreResult, TestKind

log = logging.getLogger(__name__)

TIMED_TESTS_S = {TestKind.CHAIR_STAND_30S: 30.0, TestKind.ARM_CURL_30S: 30.0,
                 TestKind.STEP_2MIN: 120.0}
TEST_NAMES_KO = {
    TestKind.CHAIR_STAND_30S: "30초 의자 일어서기",
    TestKind.SIT_TO_STAND_5X: "의자 일어서기 5회",
    TestKind.TIMED_UP_AND_GO: "일어나 걸어가기 (3 m)",
    TestKind.STEP_2MIN: "2분 제자리 걷기",
    TestKind.ONE_LEG_STANCE: "한 발 서기",
    TestKind.ARM_CURL_30S: "30초 팔 굽히기",
}
EVENT_NAMES_KO = {"stand": "일어섬", "incomplete_stand": "덜 일어섬", "arms_used": "팔 사용",
                  "halfway_at_end": "끝날 때 반쯤 일어섬", "step": "무릎 올림", "curl": "팔 굽힘",
                  "foot_down": "발 내림", "go": "출발", "seated": "앉음", "turn": "돌기"}


class CameraTestScreen(StaffScreen):
    screen_id = "camera-test"
    permission = "assessment"
    back_target = "staff-battery"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.test = TestKind.SIT_TO_STAND_5X
        self.state = "idle"  # idle | preview | recording | review
        self.result: ScoreResult | None = None
        self.recorder: LiveRecorder | None = None
        self._last_gate: GateCode | None = None
        self._last_pose: PoseFrame | None = None
        self.record: Any = None  # the automated MeasurementRecord awaiting review
        self.options: dict[str, Any] = {}
        self.feed = CameraFeed(ctx, on_frame=self._frame, on_pose=self._pose, on_end=self._ended)
        self.heading = self.label("title", name="camera-heading")
        self.view = CameraView(ctx.metrics.panel.px(90))
        self.view.setObjectName("camera-view")
        self.gate = self.label(name="camera-gate")
        self.status = self.label(name="camera-status")
        self.score = self.label("value", name="camera-score")
        self.events = self.label(name="camera-events")
        buttons = QHBoxLayout()
        self.start_button = self._button("camera-start", self.start_test, primary=True)
        self.stop_button = self._button("camera-stop", self.stop_test)
        self.confirm_button = self._button("camera-confirm", self.confirm, primary=True)
        self.edit_button = self._button("camera-edit", self.show_edit)
        for button in (self.start_button, self.stop_button, self.confirm_button,
                       self.edit_button):
            buttons.addWidget(button)
        self._build_edit_row()
        top = QHBoxLayout()
        top.addWidget(self.view, 3)
        side = QVBoxLayout()
        for widget in (self.heading, self.gate, self.status, self.score, self.events):
            side.addWidget(widget)
        side.addStretch(1)
        top.addLayout(side, 2)
        self.layout_.addLayout(top, 1)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.edit_row)
        self.retranslate()


    def _build_edit_row(self) -> None:
        """Keypad entry of the staff's own score (edit / override)."""
        ctx = self.ctx
        self.edit_row = QWidget()
        edit = QHBoxLayout(self.edit_row)
        self.edit_value = QLineEdit()
        self.edit_value.setObjectName("camera-edit-value")
        self.edit_value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.edit_note = QLineEdit()
        self.edit_note.setObjectName("camera-edit-note")
        self.edit_save = self._button("camera-edit-save", self.save_edit, primary=True)
        left = QVBoxLayout()
        self.edit_label = self.label()
        left.addWidget(self.edit_label)
        left.addWidget(self.edit_value)
        left.addWidget(self.edit_note)
        left.addWidget(self.edit_save)
        self.keypad = Keypad(ctx.metrics, decimal_point=True)
        self.keypad.digit.connect(self.edit_value.insert)
        self.keypad.backspace.connect(self.edit_value.backspace)
        self.keypad.clear.connect(self.edit_value.clear)
        edit.addLayout(left, 1)
        edit.addWidget(self.keypad, 1)
        self.edit_row.hide()

    def _button(self, name: str, slot: Any, *, primary: bool = False) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        if primary:
            button.setProperty("role", "primary")
        button.clicked.connect(slot)
        return button

    def retranslate(self) -> None:
        self.start_button.setText(self.tr("시작"))
        self.stop_button.setText(self.tr("멈춤"))
        self.confirm_button.setText(self.tr("점수 확인"))
        self.edit_button.setText(self.tr("점수 수정"))
        self.edit_save.setText(self.tr("수정한 점수 저장"))
        self.edit_note.setPlaceholderText(self.tr("수정 이유 (예: 직접 센 횟수)"))
        self.heading.setText(self.tr(TEST_NAMES_KO.get(self.test, self.test.value)))
        self._render_buttons()
        super().retranslate()

    def title(self) -> str:
        return self.tr("카메라 검사")

    def next_text(self) -> str | None:
        return None

    # --- lifecycle --------------------------------------------------------------------------
    def enter_permitted(self, params: dict[str, Any]) -> None:
        self.test = scoring.parse_test(params.get("test", TestKind.SIT_TO_STAND_5X.value))
        self.options = dict(params.get("options", {}))
        self.result = None
        self.recorder = None
        self.record = None
        self._last_gate = None
        self.score.setText("")
        self.events.setText("")
        self.edit_row.hide()
        self.heading.setText(self.tr(TEST_NAMES_KO.get(self.test, self.test.value)))
        if self.ctx.visit.visit_id is None:
            self.status.setText(self.tr("먼저 참가자를 선택해 주세요."))
            self.state = "idle"
        else:
            self.status.setText(self.tr("화면에 몸 전체가 보이는지 확인한 뒤 '시작'을 누르세요."))
            self._open("preview")
        self._render_buttons()

    def leave(self) -> None:
        self.feed.stop()
        self.view.clear()
        self.state = "idle"

    @property
    def busy(self) -> bool:
        return self.state == "recording"

    def _open(self, state: str) -> None:
        self.recorder = None
        try:
            self.feed.start()
        except DriverError as err:
            log.error("camera unavailable: %s", err)
            self.state = "idle"
            self.status.setText(self.tr("카메라를 열 수 없어요. 기술자에게 알려 주세요.")
                                + f"\n({err})")
            return
        self.recorder = LiveRecorder(self.feed.image_size)
        self.state = state

    # --- worker deliveries (GUI thread, via the bridge) ---------------------------------------
    def _frame(self, frame: Frame) -> None:
        self.view.set_frame(frame.image)

    def _pose(self, pose: PoseFrame) -> None:
        self._last_pose = pose
        if self.ctx.extras.get("camera_offline"):
            self.view.set_frame(pose.frame.image)  # offline: no separate preview stream
        self.view.set_landmarks(pose.landmarks)
        if self.recorder is None:
            return
        self.recorder.add(pose)
        gate = self.recorder.gate()
        self.gate.setText(self._text(gate.message_ko, gate.message_en))
        if gate.code is not self._last_gate and len(self.recorder) > 5:
            self._last_gate = gate.code
            if not gate.ok:
                self.say(gate.message_ko)
        if self.state == "recording":
            elapsed = self.recorder.elapsed_s()
            limit = TIMED_TESTS_S.get(self.test)
            self.status.setText(self.tr("측정 중: %1초").replace("%1", f"{elapsed:.0f}"))
            if limit is not None and elapsed >= limit + 0.5:
                self.stop_test()
        elif self.state == "preview" and len(self.recorder) > 60:
            self.recorder.keep_last()  # the preview only needs the gate window

    def _ended(self, error: DriverError | None) -> None:
        if error is not None:
            self.status.setText(self.tr("카메라가 멈췄어요.") + f" ({error})")
        if self.state == "recording":
            self.stop_test()

    def _text(self, ko: str, en: str) -> str:
        return en if self.ctx.language == "en" and en else ko

    # --- the test -----------------------------------------------------------------------------
    def start_test(self) -> None:
        if self.ctx.visit.visit_id is None:
            return
        self.result = None
        self.score.setText("")
        self.events.setText("")
        self._open("recording")
        if self.state == "recording":
            self.say(self.tr("시작하세요."))
            self.status.setText(self.tr("측정 중"))
        self._render_buttons()

    def stop_test(self) -> None:
        if self.state != "recording":
            return
        self.feed.stop()
        recorder, self.recorder = self.recorder, None
        self.state = "review"
        try:
            if recorder is None or len(recorder) < 2:
                raise SequenceError("no frames recorded")
            sequence = recorder.sequence()
            self.result = scoring.score(self.test, sequence, **self.options)
        except (SequenceError, ValueError) as err:
            log.warning("camera test could not be scored: %s", err)
            self.result = None
            self.status.setText(self.tr("점수를 계산하지 못했어요. 직접 잰 값을 입력해 주세요."))
            self.record = None
            self.show_edit()
            self._render_buttons()
            return
        self.record = review.automated_record(self.ctx, self.result, sequence)
        self._show_result(self.result)
        self._render_buttons()

    def _show_result(self, result: ScoreResult) -> None:
        unit = {"s": self.tr("초"), "{count}": self.tr("회")}.get(result.unit, result.unit)
        value = "—" if result.score is None else f"{result.score:g} {unit}"
        self.score.setText(self.tr("자동 점수: %1").replace("%1", value))
        lines = [f"{self.tr(EVENT_NAMES_KO.get(e.name, e.name))}: {e.t_s:.2f}"
                 + self.tr("초") for e in result.events]
        if not result.valid:
            lines.append(self.tr("확인 필요: ") + ", ".join(r.value for r in result.invalid_reasons))
        lines.append(self.tr("신뢰도 %1").replace("%1", f"{result.confidence:.2f}"))
        self.events.setText("\n".join(lines))
        self.status.setText(self.tr("점수를 확인하거나 수정해 주세요."))

    def _render_buttons(self) -> None:
        has_visit = self.ctx.visit.visit_id is not None
        self.start_button.setVisible(self.state in ("preview", "idle", "review") and has_visit)
        self.stop_button.setVisible(self.state == "recording")
        reviewing = self.state == "review"
        self.confirm_button.setVisible(reviewing and self.result is not None
                                       and self.result.score is not None)
        self.edit_button.setVisible(reviewing)
        self.changed.emit()

    # --- staff review -----------------------------------------------------------------------
    def confirm(self) -> None:
        self._store(None, "")

    def show_edit(self) -> None:
        self.edit_row.show()
        self.edit_value.clear()
        self.edit_note.clear()
        unit = "초" if self.test in review.TIMED else "회"
        self.edit_label.setText(self.tr("직접 잰 점수 (%1)").replace("%1", self.tr(unit)))

    def save_edit(self) -> None:
        try:
            value = float(self.edit_value.text())
        except ValueError:
            self.status.setText(self.tr("숫자를 다시 입력해 주세요."))
            return
        problem = review.score_problem(self.test, value)
        if problem:
            self.status.setText(self.tr(problem))
            return
        self._store(value, self.edit_note.text().strip())

    def _store(self, score: float | None, note: str) -> None:
        session = self.session
        if session is None or self.ctx.visit.visit_id is None:
            self.go("staff-sign-in", refused=self.screen_id)
            return
        if self.record is None:  # nothing could be scored: store the staff's own score
            self.record = review.manual_camera_record(self.ctx, self.test)
        measurement_id = review.store_reviewed(self.ctx, self.record, session, score=score,
                                               note=note)
        self.ctx.visit.measured.append(measurement_id)
        self.ctx.visit.measured_kinds.add(self.test.value)
        self.edit_row.hide()
        self.go("staff-battery", stored=self.test.value)
