"""Draw the parametric skeleton as a shaded, clothed figure that MediaPipe Pose detects.

There is no real footage of a chair stand we may ship, so the simulated camera plays a
rendered one.  Checked on mediapipe 0.10.21 (model_complexity=1): a flat-shaded side-view
figure with capsule limbs, a skin-coloured head with hair, eyes, nose and mouth, seated on
a drawn chair, is detected in every frame, landmarks within ~1% of the image of the
rendered joints (numbers in docs/benchmarks.md).  Used by ``bench/make_pose_sample.py``
(writes assets/samples/) and ``bench/pose.py``.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from measurements.pose.landmarks import FloatArray, Landmark
from measurements.pose.skeleton import CameraView

L = Landmark
Image = npt.NDArray[np.uint8]

SKIN = (150, 180, 225)  # BGR
SHIRT, SHIRT_FAR = (160, 90, 40), (130, 70, 30)
PANTS, PANTS_FAR = (60, 50, 45), (45, 38, 35)
SHOE = (30, 30, 30)
HAIR = (40, 40, 50)
WOOD = (40, 70, 110)


def _background(view: CameraView) -> Image:
    w, h = view.image_size
    ramp = (200 - 0.1 * np.arange(h, dtype=np.float64) * 480 / h)[:, None, None]
    img = np.broadcast_to(ramp * np.array([0.95, 0.97, 1.0]), (h, w, 3)).astype(np.uint8)
    img = np.ascontiguousarray(img)
    img[int(view.floor_y * h):] = (120, 135, 150)
    return img


class FigureRenderer:
    """Renders one frame per landmark set (normalised image coordinates, side view)."""

    def __init__(self, view: CameraView, *, chair_x_m: float | None = -0.30,
                 seat_height_m: float = 0.45) -> None:
        self._view = view
        self._w, self._h = view.image_size
        self._s = 1.0 / view.height_m  # metres -> image heights
        self._base = _background(view)
        if chair_x_m is not None:
            self._draw_chair(self._base, chair_x_m, seat_height_m)

    def _px(self, p: FloatArray) -> tuple[int, int]:
        return round(float(p[0]) * self._w), round(float(p[1]) * self._h)

    def _draw_chair(self, img: Image, x_m: float, seat_m: float) -> None:
        v = self._view
        front, back = v.project(np.array([[x_m + 0.25, seat_m]]))[0], v.project(
            np.array([[x_m - 0.25, seat_m]]))[0]
        floor = v.project(np.array([[0.0, 0.0]]))[0][1]
        top = v.project(np.array([[0.0, seat_m + 0.5]]))[0][1]
        leg = 0.012
        cv2.rectangle(img, self._px(back), self._px(front + np.array([0.0, 0.02])), WOOD, -1)
        cv2.rectangle(img, self._px(back), self._px(np.array([back[0] + leg, floor])), WOOD, -1)
        cv2.rectangle(img, self._px(np.array([front[0] - leg, front[1]])),
                      self._px(np.array([front[0], floor])), WOOD, -1)
        cv2.rectangle(img, self._px(np.array([back[0], top])),
                      self._px(np.array([back[0] + leg, back[1]])), WOOD, -1)

    def _capsule(self, img: Image, a: FloatArray, b: FloatArray, radius_m: float,
                 colour: tuple[int, int, int]) -> None:
        r = max(1, int(radius_m * self._s * self._h))
        cv2.line(img, self._px(a), self._px(b), colour, 2 * r, cv2.LINE_AA)
        cv2.circle(img, self._px(a), r, colour, -1, cv2.LINE_AA)
        cv2.circle(img, self._px(b), r, colour, -1, cv2.LINE_AA)

    def render(self, xy: FloatArray) -> Image:
        """One BGR frame of the figure whose joints are at ``xy`` (33, 2)."""
        img = self._base.copy()
        cap = self._capsule
        cap(img, xy[L.RIGHT_HIP], xy[L.RIGHT_KNEE], 0.07, PANTS_FAR)  # far side first
        cap(img, xy[L.RIGHT_KNEE], xy[L.RIGHT_ANKLE], 0.055, PANTS_FAR)
        cap(img, xy[L.RIGHT_HEEL], xy[L.RIGHT_FOOT_INDEX], 0.035, SHOE)
        cap(img, xy[L.RIGHT_SHOULDER], xy[L.RIGHT_ELBOW], 0.045, SHIRT_FAR)
        cap(img, xy[L.RIGHT_ELBOW], xy[L.RIGHT_WRIST], 0.038, SKIN)
        cap(img, xy[L.LEFT_SHOULDER], xy[L.LEFT_HIP], 0.13, SHIRT)
        cap(img, xy[L.LEFT_HIP], xy[L.LEFT_KNEE], 0.075, PANTS)
        cap(img, xy[L.LEFT_KNEE], xy[L.LEFT_ANKLE], 0.06, PANTS)
        cap(img, xy[L.LEFT_HEEL], xy[L.LEFT_FOOT_INDEX], 0.035, SHOE)
        head = (xy[L.LEFT_EAR] + xy[L.NOSE]) / 2
        cap(img, xy[L.LEFT_SHOULDER], head, 0.05, SKIN)
        r = 0.11 * self._s * self._h
        cv2.ellipse(img, self._px(head), (int(r * 0.9), int(r * 1.15)), 0, 0, 360, SKIN, -1,
                    cv2.LINE_AA)
        cv2.ellipse(img, self._px(head + np.array([-0.01, -0.02])), (int(r * 0.95), int(r * 1.05)),
                    0, 180, 360, HAIR, -1, cv2.LINE_AA)
        eye_r = max(2, int(0.012 * self._s * self._h))
        for eye, dx in ((L.LEFT_EYE, 0.004), (L.RIGHT_EYE, -0.004)):
            cv2.circle(img, self._px(xy[eye] + np.array([dx, 0.0])), eye_r, SHOE, -1, cv2.LINE_AA)
        cv2.circle(img, self._px(xy[L.NOSE]), max(2, int(0.014 * self._s * self._h)),
                   (120, 150, 200), -1, cv2.LINE_AA)
        mouth = (xy[L.MOUTH_LEFT] + xy[L.MOUTH_RIGHT]) / 2
        cv2.ellipse(img, self._px(mouth), (int(0.02 * self._s * self._h),
                                           int(0.007 * self._s * self._h)),
                    0, 0, 360, (60, 60, 150), -1, cv2.LINE_AA)
        cap(img, xy[L.LEFT_SHOULDER], xy[L.LEFT_ELBOW], 0.048, SHIRT)
        cap(img, xy[L.LEFT_ELBOW], xy[L.LEFT_WRIST], 0.04, SKIN)
        cv2.circle(img, self._px(xy[L.LEFT_INDEX]), int(0.045 * self._s * self._h), SKIN, -1,
                   cv2.LINE_AA)
        return img


def write_video(path: Path, landmark_rows: FloatArray, view: CameraView, fps: float) -> Path:
    """Render one figure frame per row of image-normalised landmarks into an mp4 at ``fps``."""
    renderer = FigureRenderer(view)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, view.image_size)
    try:
        for row in landmark_rows:
            writer.write(renderer.render(row))
    finally:
        writer.release()
    return path
