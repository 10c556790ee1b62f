"""Camera setup check: the live picture with guide lines where the marked chair and the
3 m line should appear, and, from the pose landmarks, whether a whole body is in view.

The technician (or staff) sits someone on the marked chair: "몸 전체가 보여요" means the
quality gate (measurements/pose/gates.py) passes on the last 1.5 s -- head, feet and sides
inside the frame, enough light, a usable frame rate.  The check is audited.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from drivers.camera.capture import Frame
from drivers.camera.worker import PoseFrame
from drivers.errors import DriverError
from kiosk.screens.camera_feed import CameraFeed
from kiosk.screens.camera_view import CameraView
from kiosk.screens.staff.base import StaffScreen
from measurements import store
from measurements.pose.live import LiveRecorder

# Where the floor marks should appear, as fractions of the image width, for the standard
# layout (camera side-on, 3.5 m from the chair): the chair front at a quarter of the width
# leaves room to walk the 3 m course to the turn line near the far edge.
CHAIR_X = 0.25
LINE_3M_X = 0.85


class CameraSetupScreen(StaffScreen):
    screen_id = "camera-setup"
    permission = ""  # any signed-in staff role sets up the camera before a session
    back_target = "tech-devices"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.feed = CameraFeed(ctx, on_frame=self._frame, on_pose=self._pose, on_end=self._end)
        self.recorder: LiveRecorder | None = None
        self.last_gate = ""
        self.view = CameraView(ctx.metrics.panel.px(100))
        self.view.setObjectName("setup-view")
        self.instructions = self.label(name="setup-instructions")
        self.body = self.label("title", name="setup-body")
        self.done = QPushButton()
        self.done.setObjectName("setup-done")
        self.done.setProperty("role", "primary")
        self.done.clicked.connect(self.record_check)
        side = QVBoxLayout()
        side.addWidget(self.instructions)
        side.addWidget(self.body)
        side.addStretch(1)
        side.addWidget(self.done)
        row = QHBoxLayout()
        row.addWidget(self.view, 3)
        row.addLayout(side, 2)
        self.layout_.addLayout(row, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.instructions.setText(self.tr(
            "노란 선 두 개가 바닥의 의자 표시와 3 m 선에 맞는지 확인하세요.\n"
            "한 분이 의자에 앉아 몸 전체가 보이는지 확인하세요."))
        self.view.guides = [(CHAIR_X, self.tr("의자")), (LINE_3M_X, self.tr("3 m 선"))]
        self.done.setText(self.tr("설치 확인 기록"))
        super().retranslate()

    def title(self) -> str:
        return self.tr("카메라 설치 확인")

    def next_text(self) -> str | None:
        return None

    def enter_permitted(self, params: dict[str, Any]) -> None:
        self.back_target = "tech-devices" if self.session and self.session.may(
            "technician") else "staff-home"
        self.body.setText(self.tr("카메라를 켜는 중…"))
        self.last_gate = ""
        try:
            self.feed.start()
        except DriverError as err:
            self.body.setText(self.tr("카메라를 열 수 없어요.") + f" ({err})")
            return
        self.recorder = LiveRecorder(self.feed.image_size)

    def leave(self) -> None:
        self.feed.stop()
        self.view.clear()

    def _frame(self, frame: Frame) -> None:
        self.view.set_frame(frame.image)

    def _pose(self, pose: PoseFrame) -> None:
        if self.ctx.extras.get("camera_offline"):
            self.view.set_frame(pose.frame.image)
        self.view.set_landmarks(pose.landmarks)
        if self.recorder is None:
            return
        self.recorder.add(pose)
        if len(self.recorder) > 90:
            self.recorder.keep_last()  # the gate's window only
        gate = self.recorder.gate()
        self.last_gate = gate.code.value
        self.body.setText(self.tr("✔ 몸 전체가 보여요.") if gate.ok
                          else self.tr(gate.message_ko))

    def _end(self, error: DriverError | None) -> None:
        if error is not None:
            self.body.setText(self.tr("카메라가 멈췄어요.") + f" ({error})")

    def record_check(self) -> None:
        session = self.session
        if session is None:
            return
        with self.ctx.db.atomic():
            store.audit(self.ctx.db, actor_role=session.role.value, actor_id=session.staff_id,
                        action="camera_setup_checked", now=self.ctx.clock.now(),
                        detail={"gate": self.last_gate or "no_frames",
                                "frames_shown": self.view.frames_shown})
        self.go(self.back_target or "idle")
