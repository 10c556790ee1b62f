"""The camera preview: the frame, the tracked skeleton over it, and optional guide lines.

Painting happens on the GUI thread only (frames arrive through kiosk/screens/camera_feed.py).
Guide lines mark where the chair and the 3 m line should appear (camera setup screen).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk import theme
from measurements.pose.landmarks import Landmark as L

# BlazePose limb pairs drawn as the skeleton (subset: the body, not the face)
BONES = (
    (L.LEFT_SHOULDER, L.RIGHT_SHOULDER), (L.LEFT_HIP, L.RIGHT_HIP),
    (L.LEFT_SHOULDER, L.LEFT_HIP), (L.RIGHT_SHOULDER, L.RIGHT_HIP),
    (L.LEFT_SHOULDER, L.LEFT_ELBOW), (L.LEFT_ELBOW, L.LEFT_WRIST),
    (L.RIGHT_SHOULDER, L.RIGHT_ELBOW), (L.RIGHT_ELBOW, L.RIGHT_WRIST),
    (L.LEFT_HIP, L.LEFT_KNEE), (L.LEFT_KNEE, L.LEFT_ANKLE),
    (L.RIGHT_HIP, L.RIGHT_KNEE), (L.RIGHT_KNEE, L.RIGHT_ANKLE),
    (L.LEFT_ANKLE, L.LEFT_FOOT_INDEX), (L.RIGHT_ANKLE, L.RIGHT_FOOT_INDEX),
    (L.NOSE, L.LEFT_SHOULDER), (L.NOSE, L.RIGHT_SHOULDER),
)


class CameraView(QWidget):
    """Draws the latest frame scaled to fit, the skeleton, and vertical guide lines."""

    def __init__(self, min_height_px: int = 360) -> None:
        super().__init__()
        self.setMinimumHeight(min_height_px)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._image: QImage | None = None
        self._landmarks: np.ndarray[Any, Any] | None = None
        self.guides: list[tuple[float, str]] = []  # (x as a fraction of the width, label)
        self.frames_shown = 0

    def set_frame(self, image_bgr: np.ndarray[Any, Any]) -> None:
        height, width = image_bgr.shape[:2]
        rgb = np.ascontiguousarray(image_bgr[:, :, ::-1])
        # QImage does not own the buffer: copy() so the numpy array may go away
        self._image = QImage(rgb.data, width, height, 3 * width,
                             QImage.Format.Format_RGB888).copy()
        self.frames_shown += 1
        self.update()

    def set_landmarks(self, landmarks: np.ndarray[Any, Any] | None) -> None:
        self._landmarks = landmarks
        self.update()

    def clear(self) -> None:
        self._image = None
        self._landmarks = None
        self.update()

    def _target(self) -> QRectF:
        if self._image is None:
            return QRectF(self.rect())
        scale = min(self.width() / self._image.width(), self.height() / self._image.height())
        w, h = self._image.width() * scale, self._image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(theme.INK))
        target = self._target()
        if self._image is not None:
            painter.drawImage(target, self._image)
        guide_pen = QPen(QColor("#FFD400"), 3, Qt.PenStyle.DashLine)
        for x, label in self.guides:
            px = target.left() + x * target.width()
            painter.setPen(guide_pen)
            painter.drawLine(QPointF(px, target.top()), QPointF(px, target.bottom()))
            painter.drawText(QPointF(px + 6, target.top() + 24), label)
        landmarks = self._landmarks
        if landmarks is not None:
            pen = QPen(QColor("#00E0FF"), 4)
            painter.setPen(pen)

            def point(i: int) -> QPointF | None:
                x, y = float(landmarks[i, 0]), float(landmarks[i, 1])
                if math.isnan(x) or math.isnan(y):
                    return None
                return QPointF(target.left() + x * target.width(),
                               target.top() + y * target.height())

            for a, b in BONES:
                pa, pb = point(a), point(b)
                if pa is not None and pb is not None:
                    painter.drawLine(pa, pb)
        painter.end()
